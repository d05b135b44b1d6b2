//! The schemas accept what the pipeline writes and reject what breaks the contract, both in
//! the jsonschema crate and in Python's independent `jsonschema` package.

mod output_common;

use kpi_extract::output::schema::SchemaName;
use kpi_extract::output::validate::check;
use kpi_extract::output::{self, OutputError, OutputOptions};
use output_common::{python, python_has, sample_extraction};
use serde_json::{json, Value};

#[test]
fn a_complete_extraction_validates() {
    let extraction = sample_extraction("sample");
    let (document, records) = output::validated_values(&extraction).unwrap();
    assert_eq!(records.len(), 4);
    assert_eq!(records[3]["level"], "goal");
    assert!(records[3]["program"].is_null());
    assert_eq!(document["goals"][0]["kpis"][0]["evaluation"]["grade"], "◎");
    assert_eq!(
        document["goals"][0]["policies"][0]["subpolicies"][0]["measures"][0]["programs"][1]
            ["status"],
        "事業終了"
    );
    assert!(
        document.get("kpis").is_none(),
        "flat records are not part of document.json"
    );
}

#[test]
fn records_round_trip_through_json() {
    let extraction = sample_extraction("sample");
    let (_, records) = output::validated_values(&extraction).unwrap();
    for (value, record) in records.iter().zip(&extraction.kpis) {
        let back: kpi_extract::model::KpiRecord = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(&back, record);
    }
}

fn first_record() -> Value {
    let (_, records) = output::validated_values(&sample_extraction("sample")).unwrap();
    records[0].clone()
}

fn rejected(record: &Value) -> bool {
    check(SchemaName::KpiRecord, record).is_err()
}

#[test]
fn every_spec_field_is_required() {
    let spec_fields = [
        "document",
        "goal",
        "policy",
        "subpolicy",
        "measure",
        "level",
        "program",
        "indicator",
        "scope",
        "baseline",
        "target",
        "actuals",
        "evaluation",
        "notes",
        "source",
    ];
    for field in spec_fields {
        let mut record = first_record();
        record.as_object_mut().unwrap().remove(field);
        assert!(rejected(&record), "record without {field} accepted");
    }
    for (part, field) in [
        ("program", "department"),
        ("baseline", "period"),
        ("source", "bbox"),
        ("goal", "number"),
        ("evaluation", "rate"),
    ] {
        let mut record = first_record();
        record[part].as_object_mut().unwrap().remove(field);
        assert!(rejected(&record), "record without {part}.{field} accepted");
    }
}

#[test]
fn wrong_types_are_rejected() {
    let cases: [(&str, Value); 13] = [
        ("/level", json!("measure")),
        ("/evaluation/rate", json!("54%")),
        ("/target/qualifier", json!("about")),
        ("/indicator", json!(42)),
        ("/goal", json!("Ⅰ")),
        ("/goal/number", json!("1")),
        ("/baseline/value", json!("577")),
        ("/baseline/qualifier", json!("about")),
        ("/baseline/period/era", json!("edo")),
        ("/baseline/period/fiscal", json!("yes")),
        ("/baseline/period/date", json!("18 April 2016")),
        ("/source/bbox", json!([1.0, 2.0, 3.0])),
        ("/source/page", json!(0)),
    ];
    for (pointer, bad) in cases {
        let mut record = first_record();
        *record.pointer_mut(pointer).unwrap() = bad.clone();
        assert!(rejected(&record), "{pointer} = {bad} accepted");
    }
}

#[test]
fn status_must_be_null_when_a_value_is_set() {
    let mut record = first_record();
    record["baseline"]["status"] = json!("text");
    assert!(rejected(&record));
}

#[test]
fn nullable_fields_accept_null() {
    let mut record = first_record();
    for pointer in [
        "/target/period",
        "/subpolicy",
        "/measure",
        "/indicator",
        "/scope",
        "/baseline",
        "/target",
        "/program/department",
        "/program/status",
        "/evaluation",
        "/program",
    ] {
        if let Some(slot) = record.pointer_mut(pointer) {
            *slot = Value::Null;
        }
    }
    assert_eq!(check(SchemaName::KpiRecord, &record), Ok(()));
}

#[test]
fn invalid_records_fail_the_document_before_writing() {
    let mut extraction = sample_extraction("sample");
    extraction.kpis[1].source.bbox[2] = f64::NAN; // serialises as null
    let err = output::render(&extraction, &OutputOptions::default()).unwrap_err();
    let OutputError::Schema(message) = err else {
        panic!("expected a schema error, got {err}");
    };
    assert!(
        message.contains("record 2") && message.contains("/source/bbox/2"),
        "{message}"
    );

    let mut extraction = sample_extraction("sample");
    extraction.kpis[2].id = extraction.kpis[0].id.clone();
    let err = output::render(&extraction, &OutputOptions::default()).unwrap_err();
    assert!(
        err.to_string().contains("records 1 and 3 share the id"),
        "{err}"
    );

    let mut extraction = sample_extraction("sample");
    extraction.kpis[0].document = "other".into();
    assert!(matches!(
        output::render(&extraction, &OutputOptions::default()),
        Err(OutputError::Schema(_))
    ));
}

/// Python's jsonschema, a separate implementation, agrees on valid and invalid values.
#[test]
fn python_jsonschema_agrees() {
    if !python_has("jsonschema") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (document, records) = output::validated_values(&sample_extraction("sample")).unwrap();
    let mut broken = records[0].clone();
    broken["baseline"]["value"] = json!("577");
    let cases = json!([
        ["kpi-record", records, true],
        ["document", [document], true],
        ["kpi-record", [broken], false],
    ]);
    let cases_path = dir.path().join("cases.json");
    std::fs::write(&cases_path, cases.to_string()).unwrap();
    let schemas = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let script = r#"
import json, sys, jsonschema
cases, schemas = json.load(open(sys.argv[1])), sys.argv[2]
for name, instances, expected in cases:
    schema = json.load(open(f"{schemas}/{name}.schema.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for inst in instances:
        errors = list(v.iter_errors(inst))
        if (not errors) != expected:
            sys.exit(f"{name}: expected valid={expected}, errors={[e.message for e in errors]}")
print("ok")
"#;
    let (ok, output) = python(script, &[&cases_path, &schemas]);
    assert!(ok, "{output}");
}
