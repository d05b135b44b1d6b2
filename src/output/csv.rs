//! The flat tables: `kpis.csv` (one row per record) and `actuals.csv` (one row per KPI and
//! year), as CSV text in the chosen encoding. The same columns feed `kpis.xlsx` and
//! `kpis.sqlite` (see [`cell`]).
//!
//! `kpis.csv` has one fixed column set, the same in every document and in the combined
//! file (a dotted name is the path into the JSONL record):
//!
//! - `document`, `id` (together the key), `level`, `goal.label`, `goal.number`,
//!   `goal.title`, the same for `policy` and `subpolicy`, `measure`, `program.name`,
//!   `program.department`, `program.status`, `program.summary`, `indicator`, `scope`;
//! - for `baseline` and `target`: `.text`, `.value`, `.unit`, `.qualifier`, `.status`,
//!   `.period.text`, `.period.era`, `.period.era_year`, `.period.fiscal`, `.period.start`,
//!   `.period.end`, `.period.date`;
//! - `evaluation.text`, `evaluation.grade`, `evaluation.rate`;
//! - `actuals.count` (how many rows the record has in `actuals.csv`);
//! - `notes` (joined with `; `), `source.page`, `source.pages` (joined with `;`, e.g.
//!   `2;3`), `source.bbox.x0`, `source.bbox.y0`, `source.bbox.x1`, `source.bbox.y1`,
//!   `source.warnings` (joined with `; `, usually empty).
//!
//! No cell holds JSON: the lossless lists are in `kpis.jsonl`, and the actuals are the
//! tidy table `actuals.csv`: `document`, `id`, `position` (1-based place in the record's
//! `actuals`; with `document` and `id` the key), `year` (western start year of the
//! period), `value`, `unit`, `text`, then `period` (the label as printed), `fiscal`,
//! `qualifier`, `status`.
//!
//! Null is an empty field; booleans are `true`/`false`; numbers are written without an
//! exponent and without a trailing `.0` (`153000`, `12.5`). Fields holding a comma, quote or
//! line break are quoted (RFC 4180); lines end with `\n`.
//!
//! In Shift_JIS a character the encoding cannot hold is written as `〓` (the geta mark
//! Japanese typesetting uses for a missing glyph) and reported in [`Encoded::replaced`]:
//! a convenience copy never costs a document its files.

use serde_json::{json, Value};

use super::{CsvEncoding, OutputError};

/// The Frictionless Table Schema type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// Text.
    String,
    /// Whole number.
    Integer,
    /// Any number.
    Number,
    /// `true` / `false`.
    Boolean,
    /// Whole numbers joined with `;` (Table Schema `list` of integers).
    IntegerList,
}

impl FieldType {
    /// The Table Schema name of the type.
    pub fn table_schema_name(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Boolean => "boolean",
            FieldType::IntegerList => "list",
        }
    }
}

/// Separator of a text list in one cell (`notes`, `source.warnings`).
pub const TEXT_LIST_SEPARATOR: &str = "; ";
/// Separator of a number list in one cell (`source.pages`).
pub const NUMBER_LIST_SEPARATOR: &str = ";";

/// Where a column's values come from in a row.
#[derive(Debug, Clone, PartialEq)]
enum Origin {
    /// A JSON Pointer into the row.
    Pointer(String),
    /// A list at this pointer, joined with the separator.
    Joined(String, &'static str),
    /// The length of the list at this pointer.
    Count(String),
}

/// One column of a flat table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Header text (dotted path).
    pub name: String,
    /// Value type.
    pub field_type: FieldType,
    /// What the column holds, for the Data Package.
    pub description: String,
    origin: Origin,
}

impl Column {
    pub(crate) fn at(name: &str, field_type: FieldType, description: &str) -> Column {
        let pointer = format!("/{}", name.replace('.', "/"));
        Column {
            name: name.to_string(),
            field_type,
            description: description.to_string(),
            origin: Origin::Pointer(pointer),
        }
    }

    /// The column's name as an SQL identifier (`goal.label` → `goal_label`).
    pub fn sql_name(&self) -> String {
        self.name.replace('.', "_")
    }
}

/// The program and KPI columns after the headings: name, type, description.
const ROW_COLUMNS: [(&str, FieldType, &str); 7] = [
    (
        "measure",
        FieldType::String,
        "The ⇒ measure, without the arrow",
    ),
    (
        "program.name",
        FieldType::String,
        "Program (事業) name; empty for a goal's or policy's KPI",
    ),
    (
        "program.department",
        FieldType::String,
        "Department tag 【…】",
    ),
    (
        "program.status",
        FieldType::String,
        "Program status, e.g. 事業終了",
    ),
    (
        "program.summary",
        FieldType::String,
        "Program summary (概要)",
    ),
    (
        "indicator",
        FieldType::String,
        "What is measured (empty for a program without KPI)",
    ),
    (
        "scope",
        FieldType::String,
        "Line qualifying all KPIs of the cell",
    ),
];

/// The columns of `kpis.csv` (the same for every document and for the combined file).
pub fn kpi_columns() -> Vec<Column> {
    use FieldType::*;
    let mut cols = vec![
        Column::at("document", String, "Document stem (with id, the key)"),
        Column::at("id", String, "Record id, unique within its document"),
        Column::at(
            "level",
            String,
            "goal, policy or program: where the KPI sits",
        ),
    ];
    for (part, what) in [
        ("goal", "基本目標"),
        ("policy", "施策"),
        ("subpolicy", "Sub-policy"),
    ] {
        cols.push(Column::at(
            &format!("{part}.label"),
            String,
            &format!("{what}: label as printed"),
        ));
        cols.push(Column::at(
            &format!("{part}.number"),
            Integer,
            &format!("{what}: number of the label"),
        ));
        cols.push(Column::at(
            &format!("{part}.title"),
            String,
            &format!("{what}: title"),
        ));
    }
    cols.extend(ROW_COLUMNS.map(|(name, t, what)| Column::at(name, t, what)));
    for part in ["baseline", "target"] {
        cols.extend(quantity_columns(part));
    }
    cols.push(Column::at(
        "evaluation.text",
        String,
        "The report's evaluation as printed",
    ));
    cols.push(Column::at(
        "evaluation.grade",
        String,
        "Evaluation mark (A…E, ◎ ○ △ ×, 達成, …)",
    ));
    cols.push(Column::at(
        "evaluation.rate",
        Number,
        "Achievement rate (達成率) in percent",
    ));
    cols.push(Column {
        origin: Origin::Count("/actuals".into()),
        ..Column::at(
            "actuals.count",
            Integer,
            "Number of actuals (rows in actuals.csv)",
        )
    });
    cols.push(Column {
        origin: Origin::Joined("/notes".into(), TEXT_LIST_SEPARATOR),
        ..Column::at("notes", String, "Notes, joined with \"; \"")
    });
    cols.push(Column::at(
        "source.page",
        Integer,
        "First page of the row (1-based)",
    ));
    cols.push(Column {
        origin: Origin::Joined("/source/pages".into(), NUMBER_LIST_SEPARATOR),
        ..Column::at(
            "source.pages",
            IntegerList,
            "All pages of the row, joined with \";\"",
        )
    });
    for (i, corner) in ["x0", "y0", "x1", "y1"].into_iter().enumerate() {
        cols.push(Column {
            origin: Origin::Pointer(format!("/source/bbox/{i}")),
            ..Column::at(
                &format!("source.bbox.{corner}"),
                Number,
                "Row box on its first page, points from the top-left",
            )
        });
    }
    cols.push(Column {
        origin: Origin::Joined("/source/warnings".into(), TEXT_LIST_SEPARATOR),
        ..Column::at(
            "source.warnings",
            String,
            "Why the row may be incomplete (e.g. a page next to it failed), joined with \"; \"",
        )
    });
    cols
}

fn quantity_columns(part: &str) -> Vec<Column> {
    use FieldType::*;
    let fields: [(&str, FieldType, &str); 12] = [
        ("text", String, "as printed (normalised)"),
        ("value", Number, "scaled number"),
        ("unit", String, "unit after scaling"),
        (
            "qualifier",
            String,
            "cumulative, at_least, at_most or per_year",
        ),
        (
            "status",
            String,
            "not_available, under_survey or text when there is no number",
        ),
        ("period.text", String, "year label as printed"),
        ("period.era", String, "era of the year label"),
        ("period.era_year", Integer, "year within the era"),
        ("period.fiscal", Boolean, "true for a fiscal year (年度)"),
        ("period.start", Integer, "first western year"),
        ("period.end", Integer, "last western year"),
        ("period.date", String, "date (YYYY-MM-DD or YYYY-MM)"),
    ];
    fields
        .into_iter()
        .map(|(name, ty, what)| {
            Column::at(&format!("{part}.{name}"), ty, &format!("{part}: {what}"))
        })
        .collect()
}

/// The columns of `actuals.csv` (rows made by [`actual_rows`]).
pub fn actual_columns() -> Vec<Column> {
    use FieldType::*;
    vec![
        Column::at("document", String, "Document stem"),
        Column::at("id", String, "Record id (with document, the KPI's key)"),
        Column::at(
            "position",
            Integer,
            "1-based place in the record's actuals (with document and id, the key)",
        ),
        Column::at("year", Integer, "Western start year of the actual's period"),
        Column::at("value", Number, "Scaled number; empty when not a number"),
        Column::at("unit", String, "Unit after scaling"),
        Column::at("text", String, "The value as printed (normalised)"),
        Column::at("period", String, "The year label as printed"),
        Column::at("fiscal", Boolean, "true for a fiscal year (年度)"),
        Column::at(
            "qualifier",
            String,
            "cumulative, at_least, at_most or per_year",
        ),
        Column::at(
            "status",
            String,
            "not_available, under_survey or text when there is no number",
        ),
    ]
}

/// One row per actual of a JSONL record, in its order, for [`actual_columns`].
pub fn actual_rows(record: &Value) -> Vec<Value> {
    let actuals = record["actuals"].as_array().map(Vec::as_slice);
    actuals
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(index, actual)| {
            let (period, value) = (&actual["period"], &actual["value"]);
            json!({
                "document": record["document"],
                "id": record["id"],
                "position": index + 1,
                "year": period["start"],
                "value": value["value"],
                "unit": value["unit"],
                "text": value["text"],
                "period": period["text"],
                "fiscal": period["fiscal"],
                "qualifier": value["qualifier"],
                "status": value["status"],
            })
        })
        .collect()
}

/// The typed value of one cell: null, a string, a number or a boolean (never a list or
/// an object: lists are joined, objects are not columns).
pub fn cell(row: &Value, column: &Column) -> Value {
    match &column.origin {
        Origin::Pointer(pointer) => match row.pointer(pointer) {
            Some(v @ (Value::String(_) | Value::Number(_) | Value::Bool(_))) => v.clone(),
            _ => Value::Null,
        },
        Origin::Joined(pointer, separator) => match row.pointer(pointer) {
            Some(Value::Array(items)) if !items.is_empty() => {
                let parts: Vec<String> = items.iter().map(format_value).collect();
                Value::String(parts.join(separator))
            }
            _ => Value::Null,
        },
        Origin::Count(pointer) => json!(row
            .pointer(pointer)
            .and_then(Value::as_array)
            .map_or(0, Vec::len)),
    }
}

/// A cell as CSV text: null empty, strings raw, numbers plain.
pub fn format_value(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::String(s) => s.clone(),
        Value::Number(n) => format_number(n),
        Value::Array(_) | Value::Object(_) => value.to_string(),
    }
}

/// Integers as they are; floats in shortest round-trip form, integral ones without `.0`.
fn format_number(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Some(f) => format!("{f}"),
        None => n.to_string(),
    }
}

/// A character the chosen encoding could not hold, written as [`REPLACEMENT`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// The character.
    pub character: char,
    /// 1-based data row (the header is row 0).
    pub row: usize,
    /// The column's name.
    pub column: String,
}

/// What an unencodable character becomes: the geta mark, which Shift_JIS holds.
pub const REPLACEMENT: char = '〓';

/// CSV bytes and the characters that had to be replaced.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Encoded {
    /// The file.
    pub bytes: Vec<u8>,
    /// Each replaced character, in row and column order.
    pub replaced: Vec<Replacement>,
}

/// Renders rows as CSV bytes in the chosen encoding.
pub fn render<'a>(
    rows: impl IntoIterator<Item = &'a Value>,
    columns: &[Column],
    encoding: CsvEncoding,
) -> Result<Encoded, OutputError> {
    let mut replaced = Vec::new();
    let mut cells: Vec<Vec<String>> = Vec::new();
    for (index, row) in rows.into_iter().enumerate() {
        let mut texts = Vec::with_capacity(columns.len());
        for column in columns {
            let text = format_value(&cell(row, column));
            texts.push(match encoding {
                CsvEncoding::ShiftJis => shift_jis_safe(text, |character| {
                    replaced.push(Replacement {
                        character,
                        row: index + 1,
                        column: column.name.clone(),
                    })
                }),
                _ => text,
            });
        }
        cells.push(texts);
    }
    let text = to_csv_text(columns, &cells)?;
    let bytes = match encoding {
        CsvEncoding::Utf8 => text.into_bytes(),
        CsvEncoding::Utf8Bom => {
            let mut bytes = vec![0xEF, 0xBB, 0xBF];
            bytes.extend_from_slice(text.as_bytes());
            bytes
        }
        CsvEncoding::ShiftJis => encode_shift_jis(&text)?,
    };
    Ok(Encoded { bytes, replaced })
}

fn to_csv_text(columns: &[Column], rows: &[Vec<String>]) -> Result<String, OutputError> {
    let csv_error = |e: csv::Error| OutputError::Csv(e.to_string());
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer
        .write_record(columns.iter().map(|c| c.name.as_str()))
        .map_err(csv_error)?;
    for row in rows {
        writer.write_record(row).map_err(csv_error)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| OutputError::Csv(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| OutputError::Csv(e.to_string()))
}

/// Whether Shift_JIS (as Excel reads it: WHATWG Shift_JIS, i.e. Windows-31J/CP932, which
/// includes `①` and `Ⅰ`) holds every character of `text`.
fn fits_shift_jis(text: &str) -> bool {
    let (_, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    !unmappable
}

/// `text` with every character Shift_JIS cannot hold replaced by [`REPLACEMENT`];
/// `report` hears each one.
fn shift_jis_safe(text: String, mut report: impl FnMut(char)) -> String {
    if fits_shift_jis(&text) {
        return text;
    }
    let mut buffer = [0u8; 4];
    text.chars()
        .map(|c| {
            if fits_shift_jis(c.encode_utf8(&mut buffer)) {
                c
            } else {
                report(c);
                REPLACEMENT
            }
        })
        .collect()
}

/// Encodes text whose characters all fit (see [`shift_jis_safe`]).
fn encode_shift_jis(text: &str) -> Result<Vec<u8>, OutputError> {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    if unmappable {
        return Err(OutputError::Encoding(
            "a character was left that Shift_JIS cannot hold".into(),
        ));
    }
    Ok(bytes.into_owned())
}

/// The manifest warning for characters replaced in `file`; None when there were none.
pub fn replacement_warning(file: &str, replaced: &[Replacement]) -> Option<String> {
    /// Characters named in the warning; the count covers the rest.
    const NAMED: usize = 3;
    if replaced.is_empty() {
        return None;
    }
    let mut examples: Vec<String> = replaced
        .iter()
        .take(NAMED)
        .map(|r| {
            format!(
                "{:?} (U+{:04X}) in row {}, column {}",
                r.character, r.character as u32, r.row, r.column
            )
        })
        .collect();
    if replaced.len() > NAMED {
        examples.push("…".into());
    }
    let n = replaced.len();
    Some(format!(
        "{file}: {n} character{} that Shift_JIS cannot hold written as {REPLACEMENT}: {} \
         (the JSON files keep {}; --csv-encoding utf-8-bom keeps every character for Excel)",
        if n == 1 { "" } else { "s" },
        examples.join("; "),
        if n == 1 { "it" } else { "them" },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(actuals: Value) -> Value {
        json!({"id": "r1", "document": "d", "notes": ["a", "b"], "actuals": actuals,
               "source": {"page": 2, "pages": [2, 3], "bbox": [1.5, 2.0, 3.0, 4.0],
                          "warnings": ["page 4 failed"]},
               "baseline": {"text": "15.3万人", "value": 153000.0, "period": {"fiscal": true}}})
    }

    fn text_of(encoded: &Encoded) -> String {
        String::from_utf8(encoded.bytes.clone()).unwrap_or_default()
    }

    #[test]
    fn numbers_are_plain() {
        let n = |v: Value| format_value(&v);
        assert_eq!(n(json!(153000.0)), "153000");
        assert_eq!(n(json!(12.5)), "12.5");
        assert_eq!(n(json!(-198)), "-198");
        assert_eq!(n(json!(6451100000.0)), "6451100000");
        assert_eq!(n(json!(0.1)), "0.1");
    }

    #[test]
    fn kpi_columns_are_fixed_and_lists_are_joined() {
        let actuals = json!([{"period": {"start": 2015}, "value": {"text": "5人", "value": 5.0}}]);
        let records = vec![record(actuals)];
        let cols = kpi_columns();
        let encoded = render(&records, &cols, CsvEncoding::Utf8).unwrap_or_default();
        let text = text_of(&encoded);
        let mut lines = text.lines();
        let header = lines.next().unwrap_or("");
        assert!(
            header.starts_with("document,id,level,goal.label,"),
            "{header}"
        );
        assert!(!header.contains("actual.2015"));
        let row = lines.next().unwrap_or("");
        assert!(row.starts_with("d,r1,,"), "{row}");
        assert!(row.contains("153000"), "{row}");
        assert!(
            row.ends_with(",1,a; b,2,2;3,1.5,2,3,4,page 4 failed"),
            "{row}"
        );
        assert!(!row.contains('['), "no JSON in cells: {row}");
    }

    #[test]
    fn actuals_become_tidy_rows() {
        let actuals = json!([
            {"period": {"text": "H28", "start": 2016, "fiscal": false},
             "value": {"text": "調査中", "value": null, "status": "under_survey"}},
            {"period": {"text": "H27", "start": 2015, "fiscal": false},
             "value": {"text": "5人", "value": 5.0, "unit": "人"}}
        ]);
        let rows = actual_rows(&record(actuals));
        let encoded = render(&rows, &actual_columns(), CsvEncoding::Utf8).unwrap_or_default();
        let text = text_of(&encoded);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "document,id,position,year,value,unit,text,period,fiscal,qualifier,status",
                "d,r1,1,2016,,,調査中,H28,false,,under_survey",
                "d,r1,2,2015,5,人,5人,H27,false,,",
            ]
        );
    }

    #[test]
    fn shift_jis_keeps_nec_specials_and_replaces_the_rest() {
        let ok = vec![json!({"id": "①Ⅰ～", "document": "d"})];
        let encoded = render(&ok, &kpi_columns(), CsvEncoding::ShiftJis).unwrap_or_default();
        let (decoded, _, had_errors) = encoding_rs::SHIFT_JIS.decode(&encoded.bytes);
        assert!(!had_errors && encoded.replaced.is_empty());
        assert!(decoded.contains("①Ⅰ～"));
        let bad = vec![json!({"id": "x", "document": "d", "indicator": "𠮷野家と衹"})];
        let encoded = render(&bad, &kpi_columns(), CsvEncoding::ShiftJis).unwrap_or_default();
        let (decoded, _, had_errors) = encoding_rs::SHIFT_JIS.decode(&encoded.bytes);
        assert!(!had_errors);
        assert!(decoded.contains("〓野家と〓"), "{decoded}");
        let chars: Vec<char> = encoded.replaced.iter().map(|r| r.character).collect();
        assert_eq!(chars, ['𠮷', '衹']);
        assert_eq!(
            (encoded.replaced[0].row, encoded.replaced[0].column.as_str()),
            (1, "indicator")
        );
        let warning = replacement_warning("kpis.csv", &encoded.replaced).unwrap_or_default();
        assert!(warning.starts_with("kpis.csv: 2 characters"), "{warning}");
        assert!(
            warning.contains("U+20BB7") && warning.contains("U+8879"),
            "{warning}"
        );
        assert_eq!(replacement_warning("kpis.csv", &[]), None);
    }

    #[test]
    fn bom_is_prepended() {
        let recs = vec![json!({"id": "x"})];
        let encoded = render(&recs, &kpi_columns(), CsvEncoding::Utf8Bom).unwrap_or_default();
        assert!(encoded.bytes.starts_with(&[0xEF, 0xBB, 0xBF, b'd', b'o']));
    }
}
