//! The two editions of the bundled report, through the whole pipeline, then `diff`:
//! exactly one `actual_added` for 2017 per KPI with actuals, the renamed program as one
//! `program_renamed`, nothing else. What should appear is read from the fixtures'
//! `.expected.json`, never from the output itself.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use unicode_normalization::UnicodeNormalization;

const OLD: &str = "kitakyushu-kpi-h28";
const NEW: &str = "kitakyushu-kpi-h29";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn kpi_extract(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kpi-extract"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Runs `extract` on one fixture into a fresh data directory.
fn extract(stem: &str, out: &Path) {
    let pdf = fixture(&format!("{stem}.pdf"));
    let output = kpi_extract(&[
        "extract".as_ref(),
        pdf.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--quiet".as_ref(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "extract {stem} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(out.join(stem).join("kpis.jsonl").is_file());
}

fn diff_json(old: &Path, new: &Path) -> (Option<i32>, Vec<Value>) {
    let output = kpi_extract(&[
        "diff".as_ref(),
        old.as_os_str(),
        new.as_os_str(),
        "--json".as_ref(),
    ]);
    let parsed: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&output.stderr));
    });
    let changes = parsed["changes"].as_array().cloned().unwrap_or_default();
    (output.status.code(), changes)
}

/// Names compared the way the spec normalises text: NFKC, no whitespace.
fn squash(text: &str) -> String {
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

fn expected_programs(stem: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(fixture(&format!("{stem}.expected.json"))).unwrap();
    let parsed: Value = serde_json::from_str(&text).unwrap();
    parsed["programs"].as_array().unwrap().clone()
}

/// For each program (by normalised name), how many of its KPIs gained a 2017 actual.
fn expected_new_actuals() -> BTreeMap<String, usize> {
    let old_years: Vec<Vec<Vec<String>>> = expected_programs(OLD).iter().map(kpi_years).collect();
    let mut counts = BTreeMap::new();
    for (index, program) in expected_programs(NEW).iter().enumerate() {
        for (k, years) in kpi_years(program).iter().enumerate() {
            let before = old_years.get(index).and_then(|kpis| kpis.get(k));
            let added = years
                .iter()
                .filter(|y| before.is_none_or(|b| !b.contains(y)));
            for year in added {
                assert_eq!(year, "2017", "the editions differ by the 2017 actuals only");
                *counts
                    .entry(squash(program["name"].as_str().unwrap()))
                    .or_insert(0) += 1;
            }
        }
    }
    counts
}

fn kpi_years(program: &Value) -> Vec<Vec<String>> {
    let kpis = program["kpis"].as_array().cloned().unwrap_or_default();
    kpis.iter()
        .map(|kpi| {
            kpi["actuals"]
                .as_object()
                .map(|a| a.keys().cloned().collect())
                .unwrap_or_default()
        })
        .collect()
}

/// Programs whose name differs between the editions (they are listed in the same order).
fn expected_renames() -> Vec<(String, String)> {
    let old = expected_programs(OLD);
    let new = expected_programs(NEW);
    assert_eq!(old.len(), new.len());
    old.iter()
        .zip(&new)
        .map(|(a, b)| {
            (
                squash(a["name"].as_str().unwrap()),
                squash(b["name"].as_str().unwrap()),
            )
        })
        .filter(|(a, b)| a != b)
        .collect()
}

#[test]
fn new_edition_adds_2017_actuals_and_renames_one_program() {
    let dir = tempfile::tempdir().unwrap();
    let (old_out, new_out) = (dir.path().join("old"), dir.path().join("new"));
    extract(OLD, &old_out);
    extract(NEW, &new_out);

    // Data directories: the documents pair although their stems differ by the year.
    let (code, changes) = diff_json(&old_out, &new_out);
    assert_eq!(code, Some(1), "changes exit 1");

    let renames: Vec<(String, String)> = changes
        .iter()
        .filter(|c| c["kind"] == "program_renamed")
        .map(|c| {
            (
                squash(c["old"].as_str().unwrap()),
                squash(c["new"].as_str().unwrap()),
            )
        })
        .collect();
    assert_eq!(renames, expected_renames());

    // One actual_added per KPI: each (program, indicator) once, all for 2017, as many as
    // the expected KPIs that gained a 2017 figure. Which program a KPI of a merged cell
    // belongs to is the records stage's business (score-kpis checks it), so the count is
    // compared in total and the per-program split is only shown when it differs.
    let mut added: BTreeMap<String, usize> = BTreeMap::new();
    let mut kpis = std::collections::BTreeSet::new();
    for change in changes.iter().filter(|c| c["kind"] == "actual_added") {
        assert_eq!(change["year"], 2017, "{change}");
        assert_eq!(change["document"], NEW);
        let program = squash(change["program"].as_str().unwrap());
        let indicator = change["indicator"].as_str().map(squash);
        assert!(kpis.insert((program.clone(), indicator)), "twice: {change}");
        *added.entry(program).or_insert(0) += 1;
    }
    let expected = expected_new_actuals();
    if added != expected {
        eprintln!("per program, output {added:#?}\nexpected {expected:#?}");
    }
    assert_eq!(
        added.values().sum::<usize>(),
        expected.values().sum::<usize>()
    );

    let others: Vec<&Value> = changes
        .iter()
        .filter(|c| c["kind"] != "program_renamed" && c["kind"] != "actual_added")
        .collect();
    assert!(others.is_empty(), "spurious changes: {others:#?}");
}

#[test]
fn an_edition_against_itself_has_no_change() {
    let dir = tempfile::tempdir().unwrap();
    extract(NEW, dir.path());
    let stem_dir = dir.path().join(NEW);
    let (code, changes) = diff_json(&stem_dir, &stem_dir.join("kpis.jsonl"));
    assert_eq!(code, Some(0));
    assert!(changes.is_empty(), "{changes:#?}");
}
