//! `datapackage.json`: a Frictionless Data Package describing the run's tables (the
//! combined `kpis.csv`, `actuals.csv`, `kpis.jsonl`, the sheets of `kpis.xlsx`) and each
//! document's `kpis.csv` and `kpis.jsonl`, with their fields, types and keys, so tools can
//! load them without guessing. `kpis.sqlite` is not described: a Data Package resource is
//! a file or a URL, and the database describes its own tables and keys.

use serde_json::{json, Map, Value};

use super::csv::{self, Column, FieldType};
use super::CsvEncoding;

/// The tabular files written for one document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentResources {
    /// The document's stem (directory).
    pub stem: String,
    /// The CSV's columns, when `kpis.csv` was written.
    pub csv_columns: Option<Vec<Column>>,
    /// Whether `kpis.jsonl` was written (and has a record).
    pub jsonl: bool,
}

/// The run's own tables that were written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunResources {
    /// The combined `kpis.jsonl` was written.
    pub jsonl: bool,
    /// The keys of the first record of the run, in order; empty when there is none (and
    /// then no JSON Lines file is described: Frictionless cannot read one without a row).
    pub jsonl_keys: Vec<String>,
    /// The combined `kpis.csv` and `actuals.csv`.
    pub csv: bool,
    /// `kpis.xlsx`.
    pub xlsx: bool,
}

/// Builds the package; None when there is no resource (a package needs at least one).
pub fn build(
    run: &RunResources,
    documents: &[DocumentResources],
    encoding: CsvEncoding,
) -> Option<Value> {
    let mut names = super::stem::StemAllocator::new();
    let mut resources = run_resources(run, encoding);
    for resource in &resources {
        if let Some(name) = resource["name"].as_str() {
            names.allocate_stem(name);
        }
    }
    for doc in documents {
        let base = resource_base_name(&doc.stem);
        if let Some(columns) = &doc.csv_columns {
            let name = names.allocate_stem(&format!("{base}-kpis-csv"));
            let path = format!("{}/kpis.csv", doc.stem);
            let title = format!("{}: KPI records (CSV)", doc.stem);
            let key = ["document", "id"];
            let mut resource = csv_resource(&name, &path, &title, columns, encoding);
            resource["schema"]["primaryKey"] = json!(key);
            resources.push(resource);
        }
        if doc.jsonl && !run.jsonl_keys.is_empty() {
            let name = names.allocate_stem(&format!("{base}-kpis-jsonl"));
            let path = format!("{}/kpis.jsonl", doc.stem);
            let title = format!("{}: KPI records (JSON Lines)", doc.stem);
            resources.push(jsonl_resource(&name, &path, &title, &run.jsonl_keys));
        }
    }
    if resources.is_empty() {
        return None;
    }
    Some(json!({
        "profile": "tabular-data-package",
        "name": "kpi-extract-output",
        "title": "KPI records extracted by kpi-extract",
        "description": "The run's tables (kpis.csv and kpis.jsonl: every document's flat KPI records, key document + id; actuals.csv: one row per KPI and year; the sheets of kpis.xlsx) and each document's own kpis.csv and kpis.jsonl (spec/records.md, version 2). document.json beside them holds each document's tree; kpis.sqlite (with --format sqlite) holds the same tables with their keys.",
        "resources": resources,
    }))
}

/// The run-level resources, in file order.
fn run_resources(run: &RunResources, encoding: CsvEncoding) -> Vec<Value> {
    let mut resources = Vec::new();
    let kpi_key = json!(["document", "id"]);
    let actual_key = json!(["document", "id", "position"]);
    let to_kpis = |resource: &str| {
        json!([{"fields": ["document", "id"],
                "reference": {"resource": resource, "fields": ["document", "id"]}}])
    };
    if run.csv {
        let mut kpis = csv_resource(
            "kpis",
            super::tables::KPIS_CSV,
            "KPI records of every document (CSV)",
            &csv::kpi_columns(),
            encoding,
        );
        kpis["schema"]["primaryKey"] = kpi_key.clone();
        let mut actuals = csv_resource(
            "actuals",
            super::tables::ACTUALS_CSV,
            "Actuals of every KPI, one row per KPI and year (CSV)",
            &csv::actual_columns(),
            encoding,
        );
        actuals["schema"]["primaryKey"] = actual_key.clone();
        actuals["schema"]["foreignKeys"] = to_kpis("kpis");
        resources.extend([kpis, actuals]);
    }
    if run.jsonl && !run.jsonl_keys.is_empty() {
        resources.push(jsonl_resource(
            "kpis-jsonl",
            super::tables::KPIS_JSONL,
            "KPI records of every document (JSON Lines)",
            &run.jsonl_keys,
        ));
    }
    if run.xlsx {
        let sheet = |name: &str, sheet: &str, title: &str, columns: &[Column]| {
            let fields: Vec<Value> = columns.iter().map(csv_field).collect();
            json!({
                "profile": "tabular-data-resource",
                "name": name,
                "title": title,
                "path": super::xlsx::FILE_NAME,
                "format": "xlsx",
                "mediatype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                // frictionless-py's Excel dialect (the Data Package standard has none).
                "dialect": {"excel": {"sheet": sheet}},
                "schema": {"fields": fields},
            })
        };
        let mut kpis = sheet(
            "kpis-xlsx",
            super::xlsx::KPI_SHEET,
            "Sheet KPIs of kpis.xlsx",
            &csv::kpi_columns(),
        );
        kpis["schema"]["primaryKey"] = kpi_key;
        let mut actuals = sheet(
            "actuals-xlsx",
            super::xlsx::ACTUAL_SHEET,
            "Sheet actuals of kpis.xlsx",
            &csv::actual_columns(),
        );
        actuals["schema"]["primaryKey"] = actual_key;
        actuals["schema"]["foreignKeys"] = to_kpis("kpis-xlsx");
        let mut documents = sheet(
            "documents-xlsx",
            super::xlsx::DOCUMENT_SHEET,
            "Sheet documents of kpis.xlsx: one row per input of the run",
            &super::tables::document_columns(),
        );
        documents["schema"]["primaryKey"] = json!(["document"]);
        resources.extend([kpis, actuals, documents]);
    }
    resources
}

/// Resource names allow only `a-z 0-9 - . _`; the stem's title keeps the original name.
fn resource_base_name(stem: &str) -> String {
    let mut name = String::new();
    for c in stem.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_') {
            name.push(c);
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    let trimmed = name.trim_matches(|c| c == '-' || c == '.');
    if trimmed.is_empty() {
        "document".to_string()
    } else {
        trimmed.to_string()
    }
}

fn csv_resource(
    name: &str,
    path: &str,
    title: &str,
    columns: &[Column],
    encoding: CsvEncoding,
) -> Value {
    let fields: Vec<Value> = columns.iter().map(csv_field).collect();
    json!({
        "profile": "tabular-data-resource",
        "name": name,
        "title": title,
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": encoding.python_codec(),
        "dialect": {"delimiter": ",", "quoteChar": "\"", "doubleQuote": true, "header": true, "lineTerminator": "\n"},
        "schema": {"fields": fields, "missingValues": [""]},
    })
}

fn csv_field(column: &Column) -> Value {
    let mut field = Map::new();
    field.insert("name".into(), json!(column.name));
    field.insert("type".into(), json!(column.field_type.table_schema_name()));
    field.insert("description".into(), json!(column.description));
    match column.field_type {
        FieldType::Boolean => {
            field.insert("trueValues".into(), json!(["true"]));
            field.insert("falseValues".into(), json!(["false"]));
        }
        FieldType::IntegerList => {
            field.insert("delimiter".into(), json!(csv::NUMBER_LIST_SEPARATOR));
            field.insert("itemType".into(), json!("integer"));
        }
        _ => {}
    }
    if matches!(column.name.as_str(), "id" | "document" | "position") {
        field.insert("constraints".into(), json!({"required": true}));
    }
    Value::Object(field)
}

/// Type and description of each known record field of `kpis.jsonl`.
const JSONL_FIELDS: [(&str, &str, &str); 16] = [
    ("id", "string", "Record id, unique within its document"),
    ("document", "string", "Document stem"),
    ("level", "string", "goal, policy or program"),
    ("goal", "object", "基本目標 heading: label, number, title"),
    ("policy", "object", "施策 heading"),
    ("subpolicy", "object", "Sub-policy heading or null"),
    ("measure", "string", "The ⇒ measure"),
    (
        "program",
        "object",
        "Program: name, department, status, summary; or null",
    ),
    ("indicator", "string", "What is measured"),
    ("scope", "string", "Line qualifying all KPIs of the cell"),
    ("baseline", "object", "Quantity before ⇒"),
    ("target", "object", "Quantity after ⇒"),
    ("actuals", "array", "Actuals in year order"),
    (
        "evaluation",
        "object",
        "The report's evaluation: text, grade, rate; or null",
    ),
    ("notes", "array", "Notes"),
    ("source", "object", "page, pages, bbox, warnings"),
];

/// A JSON Lines resource whose fields are `keys` in the records' own order (Frictionless
/// reads the header of keyed rows from the first record).
fn jsonl_resource(name: &str, path: &str, title: &str, keys: &[String]) -> Value {
    let fields: Vec<Value> = keys
        .iter()
        .map(|key| {
            let known = JSONL_FIELDS.iter().find(|(name, _, _)| name == key);
            let (kind, what) = known.map_or(("any", "Record field"), |(_, k, d)| (*k, *d));
            json!({"name": key, "type": kind, "description": what})
        })
        .collect();
    json!({
        "profile": "tabular-data-resource",
        "name": name,
        "title": title,
        "path": path,
        "format": "jsonl",
        "mediatype": "application/jsonl",
        "encoding": "utf-8",
        "schema": {"fields": fields, "primaryKey": ["document", "id"]},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_names_are_safe_and_unique() {
        assert_eq!(resource_base_name("北九州市 KPI_H28"), "kpi_h28");
        assert_eq!(resource_base_name("北九州市"), "document");
        let docs: Vec<DocumentResources> = ["北九州", "福岡"]
            .iter()
            .map(|s| DocumentResources {
                stem: s.to_string(),
                csv_columns: Some(super::super::csv::kpi_columns()),
                jsonl: true,
            })
            .collect();
        let run = RunResources {
            csv: true,
            jsonl_keys: vec!["document".into(), "id".into()],
            ..RunResources::default()
        };
        let package = build(&run, &docs, CsvEncoding::Utf8).unwrap_or_default();
        let names: Vec<&str> = package["resources"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["name"].as_str())
            .collect();
        assert_eq!(
            names,
            [
                "kpis",
                "actuals",
                "document-kpis-csv",
                "document-kpis-jsonl",
                "document-kpis-csv-2",
                "document-kpis-jsonl-2"
            ]
        );
        assert_eq!(package["resources"][4]["path"], "福岡/kpis.csv");
        let actuals = &package["resources"][1]["schema"];
        assert_eq!(actuals["primaryKey"], json!(["document", "id", "position"]));
        assert_eq!(actuals["foreignKeys"][0]["reference"]["resource"], "kpis");
    }

    #[test]
    fn no_resources_no_package() {
        let docs = [DocumentResources {
            stem: "a".into(),
            csv_columns: None,
            jsonl: false,
        }];
        assert!(build(&RunResources::default(), &docs, CsvEncoding::Utf8).is_none());
    }
}
