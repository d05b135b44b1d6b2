//! A page that cannot be read: the rest of the document is still extracted, the page is in
//! `manifest.json` with its error, and the records next to it say so in `source.warnings`.

use std::process::Command;

use kpi_extract::pipeline::{self, PipelineOptions};
use lopdf::{Document, Object};
use serde_json::Value;

const FIXTURE: &str = "fixtures/kitakyushu-kpi-h28.pdf";
const BROKEN_PAGE: u32 = 4;

/// The fixture with page `BROKEN_PAGE`'s content stream replaced by bytes that do not
/// inflate (its /Filter stays /FlateDecode).
fn fixture_with_broken_page() -> Vec<u8> {
    let mut doc = Document::load(FIXTURE).unwrap();
    let page_id = doc.get_pages()[&BROKEN_PAGE];
    let contents = doc
        .get_dictionary(page_id)
        .unwrap()
        .get(b"Contents")
        .unwrap()
        .clone();
    let stream_ids: Vec<_> = match contents {
        Object::Reference(id) => vec![id],
        Object::Array(items) => items.iter().filter_map(|o| o.as_reference().ok()).collect(),
        other => panic!("unexpected /Contents {other:?}"),
    };
    for id in stream_ids {
        let stream = doc.get_object_mut(id).unwrap().as_stream_mut().unwrap();
        stream
            .dict
            .set("Filter", Object::Name(b"FlateDecode".to_vec()));
        stream.set_content(b"this is not zlib data at all".to_vec());
    }
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

fn warned(source: &Value) -> bool {
    !source["warnings"].as_array().unwrap().is_empty()
}

#[test]
fn a_failed_page_leaves_the_others_and_marks_its_neighbours() {
    let bytes = fixture_with_broken_page();
    let whole = pipeline::run(
        &std::fs::read(FIXTURE).unwrap(),
        "whole",
        &PipelineOptions::default(),
    )
    .unwrap();
    let partial = pipeline::run(&bytes, "partial", &PipelineOptions::default()).unwrap();

    assert_eq!(partial.page_errors.len(), 1, "{:?}", partial.page_errors);
    assert_eq!(partial.page_errors[0].page, BROKEN_PAGE);
    assert!(partial.page_errors[0]
        .error
        .contains("could not be decoded"));
    assert!(whole.page_errors.is_empty());

    // Every record printed away from the broken page survives unchanged in its values.
    let far = |r: &&kpi_extract::model::KpiRecord| {
        r.source
            .pages
            .iter()
            .all(|&p| p + 1 < BROKEN_PAGE || p > BROKEN_PAGE + 1)
    };
    let whole_far: Vec<_> = whole
        .kpis
        .iter()
        .filter(far)
        .map(|r| &r.indicator)
        .collect();
    let partial_far: Vec<_> = partial
        .kpis
        .iter()
        .filter(far)
        .map(|r| &r.indicator)
        .collect();
    assert!(
        whole_far.len() > 15,
        "{} records far from the page",
        whole_far.len()
    );
    assert_eq!(partial_far, whole_far);
    assert!(partial
        .kpis
        .iter()
        .filter(far)
        .all(|r| r.source.warnings.is_empty()));

    // No record comes from the broken page; the ones read just after it are marked.
    assert!(partial
        .kpis
        .iter()
        .all(|r| !r.source.pages.contains(&BROKEN_PAGE)));
    let after: Vec<_> = partial
        .kpis
        .iter()
        .filter(|r| r.source.page == BROKEN_PAGE + 1)
        .collect();
    assert!(!after.is_empty());
    for record in after {
        let warning = record.source.warnings.join(" ");
        assert!(warning.contains("page 4 could not be read"), "{warning}");
    }
    let before = partial
        .kpis
        .iter()
        .rfind(|r| r.source.page < BROKEN_PAGE)
        .unwrap();
    assert!(!before.source.warnings.is_empty(), "{:?}", before.indicator);
}

#[test]
fn the_cli_writes_the_page_error_to_the_manifest_and_warnings_to_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("broken-page.pdf");
    std::fs::write(&input, fixture_with_broken_page()).unwrap();
    let out = dir.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_kpi-extract"))
        .args(["extract", "--out"])
        .args([&out, &input])
        .output()
        .unwrap();
    // The document is converted (with a page missing), so the run succeeds and says so.
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("8 pages (1 unreadable, see page_errors)"),
        "{stderr}"
    );
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let entry = &manifest["inputs"][0];
    assert_eq!(entry["status"], "ok");
    assert_eq!(entry["page_errors"][0]["page"], BROKEN_PAGE);
    assert!(entry["page_errors"][0]["error"]
        .as_str()
        .unwrap()
        .contains("could not be decoded"));
    assert_eq!(entry["counts"]["page_errors"], 1);
    assert_eq!(manifest["summary"]["page_errors"], 1);

    let doc_dir = out.join("broken-page");
    let records: Vec<Value> = std::fs::read_to_string(doc_dir.join("kpis.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let marked = records.iter().filter(|r| warned(&r["source"])).count();
    assert!(
        marked > 0 && marked < records.len(),
        "{marked} of {}",
        records.len()
    );

    let document: Value =
        serde_json::from_slice(&std::fs::read(doc_dir.join("document.json")).unwrap()).unwrap();
    assert_eq!(document["page_errors"][0]["page"], BROKEN_PAGE);
    let text = document.to_string();
    assert!(text.contains("page 4 could not be read"));

    let csv = std::fs::read_to_string(doc_dir.join("kpis.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.split(',').any(|c| c == "source.warnings"),
        "{header}"
    );
    assert_eq!(csv.matches("page 4 could not be read").count(), marked);
}
