//! `datapackage.json`: a Frictionless Data Package describing each document's `kpis.csv`
//! and `kpis.jsonl` with their fields and types, so tools can load them without guessing.

use serde_json::{json, Map, Value};

use super::csv::{Column, FieldType};
use super::CsvEncoding;

/// The tabular files written for one document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentResources {
    /// The document's stem (directory).
    pub stem: String,
    /// The CSV's columns, when `kpis.csv` was written.
    pub csv_columns: Option<Vec<Column>>,
    /// Whether `kpis.jsonl` was written.
    pub jsonl: bool,
}

/// Builds the package; None when there is no resource (a package needs at least one).
pub fn build(documents: &[DocumentResources], encoding: CsvEncoding) -> Option<Value> {
    let mut names = super::stem::StemAllocator::new();
    let mut resources = Vec::new();
    for doc in documents {
        let base = resource_base_name(&doc.stem);
        if let Some(columns) = &doc.csv_columns {
            let name = names.allocate_stem(&format!("{base}-kpis-csv"));
            resources.push(csv_resource(&name, &doc.stem, columns, encoding));
        }
        if doc.jsonl {
            let name = names.allocate_stem(&format!("{base}-kpis-jsonl"));
            resources.push(jsonl_resource(&name, &doc.stem));
        }
    }
    if resources.is_empty() {
        return None;
    }
    Some(json!({
        "profile": "tabular-data-package",
        "name": "kpi-extract-output",
        "title": "KPI records extracted by kpi-extract",
        "description": "One kpis.csv and one kpis.jsonl per document: flat KPI records (spec/records.md, version 1). document.json beside them holds each document's tree.",
        "resources": resources,
    }))
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

fn csv_resource(name: &str, stem: &str, columns: &[Column], encoding: CsvEncoding) -> Value {
    let fields: Vec<Value> = columns.iter().map(csv_field).collect();
    json!({
        "profile": "tabular-data-resource",
        "name": name,
        "title": format!("{stem}: KPI records (CSV)"),
        "path": format!("{stem}/kpis.csv"),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": encoding.python_codec(),
        "dialect": {"delimiter": ",", "quoteChar": "\"", "doubleQuote": true, "header": true, "lineTerminator": "\n"},
        "schema": {"fields": fields, "missingValues": [""], "primaryKey": ["id"]},
    })
}

fn csv_field(column: &Column) -> Value {
    let mut field = Map::new();
    field.insert("name".into(), json!(column.name));
    field.insert("type".into(), json!(column.field_type.table_schema_name()));
    field.insert("description".into(), json!(column.description));
    if column.field_type == FieldType::Boolean {
        field.insert("trueValues".into(), json!(["true"]));
        field.insert("falseValues".into(), json!(["false"]));
    }
    if matches!(column.name.as_str(), "id" | "document") {
        field.insert("constraints".into(), json!({"required": true}));
    }
    Value::Object(field)
}

fn jsonl_resource(name: &str, stem: &str) -> Value {
    let object = |n: &str, d: &str| json!({"name": n, "type": "object", "description": d});
    let string = |n: &str, d: &str| json!({"name": n, "type": "string", "description": d});
    let array = |n: &str, d: &str| json!({"name": n, "type": "array", "description": d});
    let fields = vec![
        string("id", "Stable record id"),
        string("document", "Document stem"),
        object("goal", "基本目標 heading: label, number, title"),
        object("policy", "施策 heading"),
        object("subpolicy", "Sub-policy heading or null"),
        string("measure", "The ⇒ measure"),
        string("level", "goal, policy or program"),
        object(
            "program",
            "Program: name, department, status, summary; null for a goal's or policy's KPI",
        ),
        string("indicator", "What is measured"),
        string("scope", "Line qualifying all KPIs of the cell"),
        object("baseline", "Quantity before ⇒"),
        object("target", "Quantity after ⇒"),
        array("actuals", "Actuals in year order"),
        object(
            "evaluation",
            "The report's evaluation: text, grade, rate; or null",
        ),
        array("notes", "Notes"),
        object("source", "page, pages, bbox, warnings"),
    ];
    json!({
        "profile": "tabular-data-resource",
        "name": name,
        "title": format!("{stem}: KPI records (JSON Lines)"),
        "path": format!("{stem}/kpis.jsonl"),
        "format": "jsonl",
        "mediatype": "application/jsonl",
        "encoding": "utf-8",
        "schema": {"fields": fields, "primaryKey": ["id"]},
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
                csv_columns: Some(super::super::csv::columns(&[])),
                jsonl: true,
            })
            .collect();
        let package = build(&docs, CsvEncoding::Utf8).unwrap_or_default();
        let names: Vec<&str> = package["resources"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["name"].as_str())
            .collect();
        assert_eq!(
            names,
            [
                "document-kpis-csv",
                "document-kpis-jsonl",
                "document-kpis-csv-2",
                "document-kpis-jsonl-2"
            ]
        );
        assert_eq!(package["resources"][2]["path"], "福岡/kpis.csv");
    }

    #[test]
    fn no_resources_no_package() {
        let docs = [DocumentResources {
            stem: "a".into(),
            csv_columns: None,
            jsonl: false,
        }];
        assert!(build(&docs, CsvEncoding::Utf8).is_none());
    }
}
