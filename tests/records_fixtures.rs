//! The whole pipeline (pdf → layout → records) on both bundled fixtures, scored with
//! `tests/support/score-kpis.py` against their `.expected.json`: f1 must be ≥ 0.98.
//! Skipped (with a message) when python3 is missing.

use std::path::Path;
use std::process::Command;

use kpi_extract::{layout, pdf, pipeline, records};

const FIXTURES: [&str; 2] = ["kitakyushu-kpi-h28", "kitakyushu-kpi-h29"];
const MIN_F1: f64 = 0.98;

fn python3_available() -> bool {
    Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs the pipeline on one fixture and writes its flat records as JSON lines.
fn write_kpis(stem: &str, out: &Path) {
    let bytes = std::fs::read(format!("fixtures/{stem}.pdf")).expect("fixture PDF");
    let extraction = pipeline::run(&bytes, stem, &Default::default()).expect("pipeline");
    let mut lines = String::new();
    for record in &extraction.kpis {
        lines.push_str(&serde_json::to_string(record).expect("record serialises"));
        lines.push('\n');
    }
    std::fs::write(out, lines).expect("write kpis.jsonl");
}

/// The f1 figure from the scorer's last line (`score: … f1=0.987 …`).
fn f1_of(report: &str) -> Option<f64> {
    let last = report.lines().rev().find(|l| l.starts_with("score:"))?;
    let f1 = last
        .split_whitespace()
        .find_map(|w| w.strip_prefix("f1="))?;
    f1.parse().ok()
}

#[test]
fn both_fixtures_score_at_least_the_quality_bar() {
    if !python3_available() {
        eprintln!("skipped: python3 is not available to run tests/support/score-kpis.py");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut failures = Vec::new();
    for stem in FIXTURES {
        let out = dir.path().join(format!("{stem}.kpis.jsonl"));
        write_kpis(stem, &out);
        let run = Command::new("python3")
            .arg("tests/support/score-kpis.py")
            .arg(format!("fixtures/{stem}.expected.json"))
            .arg(&out)
            .output()
            .expect("run the scorer");
        let report = String::from_utf8_lossy(&run.stdout).into_owned();
        println!("== {stem}\n{report}");
        match f1_of(&report) {
            Some(f1) if f1 >= MIN_F1 => {}
            other => failures.push(format!("{stem}: f1 {other:?} < {MIN_F1}")),
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
}

#[test]
fn the_score_line_is_read() {
    let report = "missed\nscore: recall=0.990 precision=1.000 f1=0.995 facts=1/1 records=1/1\n";
    assert_eq!(f1_of(report), Some(0.995));
    assert_eq!(f1_of("nothing"), None);
}

/// The pipeline lays each page out as it is decoded (one page's glyphs alive at a time);
/// that must give exactly what the stage-by-stage path (whole document at each stage) gives.
#[test]
fn page_by_page_pipeline_matches_the_stage_by_stage_path() {
    for stem in FIXTURES {
        let bytes = std::fs::read(format!("fixtures/{stem}.pdf")).expect("fixture PDF");
        let doc = pdf::extract(&bytes, &pdf::Options::default()).expect("stage 1");
        let layout = layout::analyze(&doc, &layout::Params::default());
        let staged = records::build(&layout, stem);
        let streamed = pipeline::run(&bytes, stem, &Default::default()).expect("pipeline");
        assert!(
            staged.kpis.len() > 20,
            "{stem}: {} records",
            staged.kpis.len()
        );
        assert_eq!(streamed, staged, "{stem}");
    }
}
