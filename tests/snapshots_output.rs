//! Snapshot tests of the per-document output files of every bundled report: any change to
//! `document.json` or `kpis.jsonl` of a fixture shows up as a snapshot diff to review
//! (`cargo insta review`).

use kpi_extract::output::{self, OutputOptions};
use kpi_extract::pipeline::{self, PipelineOptions};

fn rendered_files(stem: &str) -> Vec<(String, String)> {
    let path = format!("{}/fixtures/{stem}.pdf", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let extraction = pipeline::run(&bytes, stem, &PipelineOptions::default())
        .unwrap_or_else(|e| panic!("{stem}: {e}"));
    let rendered = output::render(&extraction, &OutputOptions::default())
        .unwrap_or_else(|e| panic!("{stem}: {e}"));
    rendered
        .files
        .into_iter()
        .map(|(name, bytes)| {
            (
                name.to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            )
        })
        .collect()
}

fn snapshot_fixture(stem: &str) {
    let files = rendered_files(stem);
    let get = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, text)| text.clone())
            .unwrap_or_else(|| panic!("{stem}: no {name} rendered"))
    };
    let document: serde_json::Value =
        serde_json::from_str(&get("document.json")).expect("document.json is JSON");
    let records: Vec<serde_json::Value> = get("kpis.jsonl")
        .lines()
        .map(|line| serde_json::from_str(line).expect("each kpis.jsonl line is JSON"))
        .collect();
    assert!(!records.is_empty(), "{stem}: no KPI records");
    insta::assert_json_snapshot!(format!("{stem}-document"), document);
    insta::assert_json_snapshot!(format!("{stem}-kpis"), records);
}

#[test]
fn kitakyushu_h28_output_is_unchanged() {
    snapshot_fixture("kitakyushu-kpi-h28");
}

#[test]
fn kitakyushu_h29_output_is_unchanged() {
    snapshot_fixture("kitakyushu-kpi-h29");
}
