//! `kpis.csv`: the flat records, one column per scalar field.
//!
//! Columns, in this order (a dotted name is the path into the JSONL record):
//!
//! - `id`, `document`, `goal.label`, `goal.number`, `goal.title`, the same for `policy` and
//!   `subpolicy`, `measure`, `level`, `program.name`, `program.department`,
//!   `program.status`, `program.summary` (empty when the KPI has no program), `indicator`,
//!   `scope`;
//! - for `baseline` and `target`: `.text`, `.value`, `.unit`, `.qualifier`, `.status`,
//!   `.period.text`, `.period.era`, `.period.era_year`, `.period.fiscal`, `.period.start`,
//!   `.period.end`, `.period.date`;
//! - `evaluation.text`, `evaluation.grade`, `evaluation.rate`;
//! - one pair of columns per year that has an actual in this document, in year order:
//!   `actual.2015` (the scaled number, empty when not a number) and `actual.2015.text` (the
//!   value as printed, e.g. `調査中`). The year is the western start year of the actual's
//!   period. These are what a spreadsheet pivots on; an actual without a year, or a second
//!   actual for the same year in one record, is only in `actuals`;
//! - `actuals`, `notes`, `source.pages`: the lossless lists as compact JSON text
//!   (`json.loads` in pandas, type `array` in the Data Package);
//! - `source.page`, `source.bbox.x0`, `source.bbox.y0`, `source.bbox.x1`, `source.bbox.y1`;
//! - `source.warnings`: why the row may be incomplete, as a JSON array (usually `[]`).
//!
//! Null is an empty field; booleans are `true`/`false`; numbers are written without an
//! exponent and without a trailing `.0` (`153000`, `12.5`). Fields holding a comma, quote or
//! line break are quoted (RFC 4180); lines end with `\n`.

use std::collections::BTreeSet;

use serde_json::Value;

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
    /// A JSON array as text.
    Array,
}

impl FieldType {
    /// The Table Schema name of the type.
    pub fn table_schema_name(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Boolean => "boolean",
            FieldType::Array => "array",
        }
    }
}

/// Where a column's values come from in a record.
#[derive(Debug, Clone, PartialEq)]
enum Origin {
    /// A JSON Pointer into the record.
    Pointer(String),
    /// The number of the first actual whose period starts in that year.
    ActualValue(i64),
    /// The text of the first actual whose period starts in that year.
    ActualText(i64),
}

/// One CSV column.
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
    fn at(name: &str, field_type: FieldType, description: &str) -> Column {
        let pointer = format!("/{}", name.replace('.', "/"));
        Column {
            name: name.to_string(),
            field_type,
            description: description.to_string(),
            origin: Origin::Pointer(pointer),
        }
    }
}

/// The program and KPI columns after the headings: name, type, description.
const ROW_COLUMNS: [(&str, FieldType, &str); 8] = [
    (
        "measure",
        FieldType::String,
        "The ⇒ measure, without the arrow",
    ),
    (
        "level",
        FieldType::String,
        "goal (数値目標 of a 基本目標), policy (KPI of a 施策) or program (KPI of a 事業)",
    ),
    ("program.name", FieldType::String, "Program (事業) name"),
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

/// The report's own evaluation, after the target.
const EVALUATION_COLUMNS: [(&str, FieldType, &str); 3] = [
    (
        "evaluation.text",
        FieldType::String,
        "The report's evaluation as printed",
    ),
    (
        "evaluation.grade",
        FieldType::String,
        "Evaluation mark (A…E, ◎○△×, 達成, …)",
    ),
    (
        "evaluation.rate",
        FieldType::Number,
        "Achievement rate (達成率) in percent",
    ),
];

/// The lossless lists and the row's first page, after the year columns.
const LIST_COLUMNS: [(&str, FieldType, &str); 4] = [
    (
        "actuals",
        FieldType::Array,
        "All actuals as JSON (period and value)",
    ),
    (
        "notes",
        FieldType::Array,
        "Notes as a JSON array of strings",
    ),
    (
        "source.page",
        FieldType::Integer,
        "First page of the row (1-based)",
    ),
    (
        "source.pages",
        FieldType::Array,
        "All pages of the row as a JSON array",
    ),
];

/// The columns for these records (the fixed ones plus one pair per year with actuals).
pub fn columns(records: &[Value]) -> Vec<Column> {
    use FieldType::*;
    let mut cols = Vec::new();
    cols.push(Column::at("id", String, "Stable record id"));
    cols.push(Column::at("document", String, "Document stem"));
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
    cols.extend(EVALUATION_COLUMNS.map(|(name, t, what)| Column::at(name, t, what)));
    for year in actual_years(records) {
        cols.push(Column {
            name: format!("actual.{year}"),
            field_type: Number,
            description: format!("Actual value for {year} (scaled number)"),
            origin: Origin::ActualValue(year),
        });
        cols.push(Column {
            name: format!("actual.{year}.text"),
            field_type: String,
            description: format!("Actual value for {year} as printed"),
            origin: Origin::ActualText(year),
        });
    }
    cols.extend(LIST_COLUMNS.map(|(name, t, what)| Column::at(name, t, what)));
    for (i, corner) in ["x0", "y0", "x1", "y1"].into_iter().enumerate() {
        let mut col = Column::at(
            &format!("source.bbox.{corner}"),
            Number,
            "Row box on its first page, points from the top-left",
        );
        col.origin = Origin::Pointer(format!("/source/bbox/{i}"));
        cols.push(col);
    }
    cols.push(Column::at(
        "source.warnings",
        Array,
        "Why the row may be incomplete (e.g. a page next to it failed), as a JSON array",
    ));
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

/// Years (western start years) that have an actual in any record, ascending.
fn actual_years(records: &[Value]) -> BTreeSet<i64> {
    records
        .iter()
        .flat_map(|r| r["actuals"].as_array().into_iter().flatten())
        .filter_map(|a| a["period"]["start"].as_i64())
        .collect()
}

/// The actual of `record` for `year` (the first one whose period starts then).
fn actual_for_year(record: &Value, year: i64) -> Option<&Value> {
    record["actuals"]
        .as_array()?
        .iter()
        .find(|a| a["period"]["start"].as_i64() == Some(year))
}

fn cell(record: &Value, column: &Column) -> String {
    let value = match &column.origin {
        Origin::Pointer(pointer) => record.pointer(pointer),
        Origin::ActualValue(year) => actual_for_year(record, *year).map(|a| &a["value"]["value"]),
        Origin::ActualText(year) => actual_for_year(record, *year).map(|a| &a["value"]["text"]),
    };
    value.map(format_value).unwrap_or_default()
}

/// A JSON value as CSV text: null empty, strings raw, numbers plain, arrays compact JSON.
fn format_value(value: &Value) -> String {
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

/// Renders the records as CSV bytes in the chosen encoding.
pub fn render(
    records: &[Value],
    columns: &[Column],
    encoding: CsvEncoding,
) -> Result<Vec<u8>, OutputError> {
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|r| columns.iter().map(|c| cell(r, c)).collect())
        .collect();
    let text = to_csv_text(columns, &rows)?;
    match encoding {
        CsvEncoding::Utf8 => Ok(text.into_bytes()),
        CsvEncoding::Utf8Bom => {
            let mut bytes = vec![0xEF, 0xBB, 0xBF];
            bytes.extend_from_slice(text.as_bytes());
            Ok(bytes)
        }
        CsvEncoding::ShiftJis => encode_shift_jis(&text, columns, &rows),
    }
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

/// Shift_JIS as Excel reads it (the WHATWG encoding, i.e. Windows-31J/CP932, which includes
/// `①` and `Ⅰ`). A character it cannot hold fails the file, naming the character and cell.
fn encode_shift_jis(
    text: &str,
    columns: &[Column],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, OutputError> {
    let mut encoder = encoding_rs::SHIFT_JIS.new_encoder();
    let capacity = encoder
        .max_buffer_length_from_utf8_without_replacement(text.len())
        .unwrap_or(text.len() * 2);
    let mut out = vec![0u8; capacity];
    let (result, _read, written) =
        encoder.encode_from_utf8_without_replacement(text, &mut out, true);
    match result {
        encoding_rs::EncoderResult::InputEmpty => {
            out.truncate(written);
            Ok(out)
        }
        encoding_rs::EncoderResult::Unmappable(c) => Err(unmappable(c, columns, rows)),
        encoding_rs::EncoderResult::OutputFull => {
            Err(OutputError::Csv("Shift_JIS output buffer too small".into()))
        }
    }
}

fn unmappable(c: char, columns: &[Column], rows: &[Vec<String>]) -> OutputError {
    let place = rows.iter().enumerate().find_map(|(r, row)| {
        row.iter()
            .position(|field| field.contains(c))
            .map(|col| format!(" (row {}, column {})", r + 1, columns[col].name))
    });
    OutputError::Encoding(format!(
        "character {c:?} (U+{:04X}) cannot be written in Shift_JIS{}; use --csv-encoding utf-8-bom",
        c as u32,
        place.unwrap_or_default()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(actuals: Value) -> Value {
        json!({"id": "r1", "document": "d", "notes": ["a", "b"], "actuals": actuals,
               "source": {"page": 2, "pages": [2, 3], "bbox": [1.5, 2.0, 3.0, 4.0],
                          "warnings": ["page 4 failed"]},
               "baseline": {"text": "15.3万人", "value": 153000.0, "period": {"fiscal": true}}})
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
    fn year_columns_follow_the_actuals() {
        let actuals = json!([
            {"period": {"start": 2016}, "value": {"text": "調査中", "value": null}},
            {"period": {"start": 2015}, "value": {"text": "5人", "value": 5.0}}
        ]);
        let records = vec![record(actuals)];
        let cols = columns(&records);
        let names: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
        let at = |name: &str| names.iter().position(|n| *n == name).unwrap_or(usize::MAX);
        assert!(at("actual.2015") < at("actual.2016"));
        assert!(at("target.period.date") < at("actual.2015"));
        let bytes = render(&records, &cols, CsvEncoding::Utf8).unwrap_or_default();
        let text = String::from_utf8(bytes).unwrap_or_default();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
        assert_eq!(header.len(), cols.len());
        let row = lines.next().unwrap_or("");
        assert!(row.contains(",5,5人,,調査中,"), "{row}");
        assert!(row.contains("153000"), "{row}");
        assert!(row.contains(r#""[""a"",""b""]""#), "{row}");
        assert!(
            row.ends_with(r#",2,"[2,3]",1.5,2,3,4,"[""page 4 failed""]""#),
            "{row}"
        );
    }

    #[test]
    fn shift_jis_keeps_nec_specials_and_rejects_the_rest() {
        let ok = vec![json!({"id": "①Ⅰ～", "document": "d"})];
        let cols = columns(&ok);
        let bytes = render(&ok, &cols, CsvEncoding::ShiftJis).unwrap_or_default();
        let (decoded, _, had_errors) = encoding_rs::SHIFT_JIS.decode(&bytes);
        assert!(!had_errors);
        assert!(decoded.contains("①Ⅰ～"));
        let bad = vec![json!({"id": "x", "document": "d", "indicator": "𠮷野家"})];
        let err = render(&bad, &columns(&bad), CsvEncoding::ShiftJis);
        let Err(OutputError::Encoding(message)) = err else {
            panic!("expected an encoding error, got {err:?}");
        };
        assert!(message.contains("U+20BB7") && message.contains("row 1, column indicator"));
    }

    #[test]
    fn bom_is_prepended() {
        let recs = vec![json!({"id": "x"})];
        let bytes = render(&recs, &columns(&recs), CsvEncoding::Utf8Bom).unwrap_or_default();
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF, b'i', b'd']));
    }
}
