//! Replays the minimised fuzz crashers kept under `fixtures/fuzz-regressions/<target>/`
//! through the same code as the fuzz targets: none may panic again.

use kpi_extract::normalize::{normalize_text, parse_label, parse_period, parse_quantity};
use kpi_extract::pdf::cmap::CMap;
use kpi_extract::pipeline::{self, PipelineOptions};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/fuzz-regressions")
        .join(target);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep"))
        .collect();
    files.sort();
    files
}

fn run_pipeline(data: &[u8]) {
    let mut options = PipelineOptions::default();
    options.pdf.deadline = Some(Instant::now() + Duration::from_secs(20));
    let _ = pipeline::run(data, "regression", &options);
}

fn run_cmap(data: &[u8]) {
    let Ok(cmap) = CMap::parse(data) else { return };
    let mut rest = data;
    while !rest.is_empty() {
        let (code, len) = cmap.next_code(rest);
        assert!(
            len >= 1 && len <= rest.len(),
            "next_code consumed {len} bytes"
        );
        let _ = (cmap.cid(code, len), cmap.unicode(code, len));
        rest = &rest[len..];
    }
}

fn run_normalize(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let once = normalize_text(&text);
    assert_eq!(normalize_text(&once), once, "normalize_text is idempotent");
    let _ = (parse_label(&text), parse_period(&text));
    let quantity = parse_quantity(&text);
    assert!(quantity.value.is_none_or(f64::is_finite));
}

/// Runs every input of a target, collecting the ones that panic.
fn replay(target: &str, run: fn(&[u8])) {
    let mut failures = Vec::new();
    let files = inputs(target);
    for file in &files {
        let data = std::fs::read(file).expect("a readable regression input");
        if catch_unwind(AssertUnwindSafe(|| run(&data))).is_err() {
            failures.push(file.display().to_string());
        }
    }
    eprintln!("{target}: {} regression inputs replayed", files.len());
    assert!(
        failures.is_empty(),
        "these inputs panic again:\n{}",
        failures.join("\n")
    );
}

#[test]
fn pipeline_regressions() {
    replay("pipeline", run_pipeline);
}

#[test]
fn cmap_regressions() {
    replay("cmap", run_cmap);
}

#[test]
fn normalize_regressions() {
    replay("normalize", run_normalize);
}
