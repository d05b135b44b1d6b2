//! The whole pipeline on the report family in `../shared/family` (when present), scored with
//! `tests/support/score-kpis.py` against each file's `.expected.json`, and the near-miss
//! and corpus files (not KPI reports) giving no record. Skipped, saying so, when
//! `../shared` or python3 is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use kpi_extract::model::Extraction;
use kpi_extract::{layout, pdf, records};

/// The table layouts this stage reads, with the f1 measured when the reader was written
/// (all 1.000) less a small margin for the layout stage's own changes.
const TABLE_LAYOUTS: [(&str, f64); 7] = [
    ("dev/sakura-sample-a-calc", 0.97),
    ("dev/sakura-sample-a-chromium", 0.97),
    ("dev/sakura-sample-a-reportlab", 0.97),
    ("dev/sakura-sample-b-chromium", 0.97),
    ("dev/sakura-sample-b-writer", 0.97),
    ("dev/sakura-sample-c-calc", 0.97),
    ("dev/sakura-sample-c-writer", 0.97),
];

/// A real strategy: its policy KPIs are tables (measured 0.833); its goal targets are
/// banner lines, which the table reader does not read.
const REAL_TABLES: [(&str, f64); 1] = [("real/otoineppu-sogosenryaku-2015", 0.80)];

fn family() -> Option<PathBuf> {
    let dir = Path::new("../shared/family");
    dir.is_dir().then(|| dir.to_path_buf())
}

fn python3_available() -> bool {
    Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn extract(path: &Path) -> Extraction {
    let bytes = std::fs::read(path).expect("family PDF");
    let doc = pdf::extract(&bytes, &pdf::Options::default()).expect("stage 1");
    let layout = layout::analyze(&doc, &layout::Params::default());
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("doc");
    records::build(&layout, stem)
}

fn f1_of(report: &str) -> Option<f64> {
    let last = report.lines().rev().find(|l| l.starts_with("score:"))?;
    last.split_whitespace()
        .find_map(|w| w.strip_prefix("f1="))?
        .parse()
        .ok()
}

fn score(family: &Path, name: &str, out: &Path) -> Option<f64> {
    let extraction = extract(&family.join(format!("{name}.pdf")));
    let lines: String = extraction
        .kpis
        .iter()
        .map(|r| serde_json::to_string(r).expect("record serialises") + "\n")
        .collect();
    std::fs::write(out, lines).expect("write kpis.jsonl");
    let run = Command::new("python3")
        .arg("tests/support/score-kpis.py")
        .arg(family.join(format!("{name}.expected.json")))
        .arg(out)
        .output()
        .expect("run the scorer");
    let report = String::from_utf8_lossy(&run.stdout).into_owned();
    println!("== {name}\n{report}");
    f1_of(&report)
}

#[test]
fn table_layouts_of_the_family_score_at_least_their_bar() {
    let Some(family) = family() else {
        eprintln!("skipped: ../shared/family is not here");
        return;
    };
    if !python3_available() {
        eprintln!("skipped: python3 is not available to run tests/support/score-kpis.py");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut failures = Vec::new();
    for (name, bar) in TABLE_LAYOUTS.iter().chain(REAL_TABLES.iter()) {
        let out = dir.path().join("kpis.jsonl");
        match score(&family, name, &out) {
            Some(f1) if f1 >= *bar => {}
            other => failures.push(format!("{name}: f1 {other:?} < {bar}")),
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
}

#[test]
fn near_miss_files_give_no_kpi_and_say_why() {
    let Some(family) = family() else {
        eprintln!("skipped: ../shared/family is not here");
        return;
    };
    let x = extract(&family.join("near-miss/takamatsu-manzoku-r6.pdf"));
    assert!(x.kpis.is_empty(), "{:#?}", x.kpis.first());
    assert!(x.diagnostics.tables_seen > 0);
    assert_eq!(
        x.diagnostics.unread.len() as u32,
        x.diagnostics.tables_seen,
        "every table accounted for"
    );
    assert!(
        x.warnings.iter().any(|w| w.contains("no KPI record")),
        "{:?}",
        x.warnings
    );
}

#[test]
fn corpus_files_that_are_not_kpi_reports_give_no_record() {
    let corpus = Path::new("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: ../shared/corpus is not here");
        return;
    }
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(corpus)
        .expect("corpus dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")))
        .collect();
    pdfs.sort();
    let mut with_records = Vec::new();
    for path in &pdfs {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let Ok(doc) = pdf::extract(&bytes, &pdf::Options::default()) else {
            continue; // a damaged file fails in stage 1, as it should
        };
        let layout = layout::analyze(&doc, &layout::Params::default());
        let x = records::build(&layout, "corpus");
        if !x.kpis.is_empty() {
            with_records.push(format!("{}: {}", path.display(), x.kpis.len()));
        }
    }
    assert!(with_records.is_empty(), "{with_records:?}");
}
