//! Generated family fixtures (fixtures/family, made by fixtures/family/generate.py): one
//! small PDF per layout of the KPI-report family (a–f) for a fictional town (みどり町), so
//! these tests run without ../shared. Each is extracted with the library pipeline and scored
//! against its NAME.expected.json by tests/support/score-kpis.py; f1 must not fall below
//! what was measured when the fixture was added (minus 0.02).

use kpi_extract::pipeline;
use std::path::{Path, PathBuf};
use std::process::Command;

/// (fixture stem, lowest accepted f1): measured with the release binary, minus 0.02.
const FIXTURES: &[(&str, f64)] = &[
    ("midori-a-progress", 0.98),
    ("midori-b-strategy", 0.98),
    ("midori-c-series", 0.98),
    ("midori-d-prose", 0.98),
    ("midori-e-program", 0.98),
    ("midori-f-newsletter", 0.97),
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/family")
}

fn python3() -> bool {
    Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Extracts `stem`.pdf, writes its KPI records as JSONL and returns score-kpis' f1 line.
fn score(stem: &str, out: &Path) -> (f64, String) {
    let bytes = std::fs::read(dir().join(format!("{stem}.pdf"))).expect("fixture pdf");
    let extraction = pipeline::run(&bytes, stem, &Default::default()).expect("pipeline");
    let mut lines = String::new();
    for record in &extraction.kpis {
        lines.push_str(&serde_json::to_string(record).expect("record serialises"));
        lines.push('\n');
    }
    let jsonl = out.join(format!("{stem}.kpis.jsonl"));
    std::fs::write(&jsonl, lines).expect("write kpis.jsonl");
    let scorer = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/score-kpis.py");
    let output = Command::new("python3")
        .arg(scorer)
        .arg(dir().join(format!("{stem}.expected.json")))
        .arg(&jsonl)
        .output()
        .expect("run score-kpis.py");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let last = text.lines().last().unwrap_or("").to_string();
    let f1 = last
        .split_whitespace()
        .find_map(|w| w.strip_prefix("f1="))
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or_else(|| panic!("{stem}: no f1 in score-kpis output:\n{text}"));
    (f1, text)
}

#[test]
fn family_fixtures_score_at_least_their_measured_f1() {
    if !python3() {
        println!("skipping family_fixtures: python3 is not available to run score-kpis.py");
        return;
    }
    let out = std::env::temp_dir().join(format!("kpi-family-fixtures-{}", std::process::id()));
    std::fs::create_dir_all(&out).expect("temp dir");
    let mut failures = Vec::new();
    for &(stem, threshold) in FIXTURES {
        let (f1, text) = score(stem, &out);
        println!("{stem}: f1={f1:.3} (threshold {threshold:.3})");
        if f1 < threshold {
            failures.push(format!("{stem}: f1={f1:.3} < {threshold:.3}\n{text}"));
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_family_fixture_has_its_expected_file_and_is_small() {
    for &(stem, _) in FIXTURES {
        let pdf = dir().join(format!("{stem}.pdf"));
        let size = std::fs::metadata(&pdf).expect("fixture pdf").len();
        assert!(size < 100_000, "{stem}.pdf is {size} bytes");
        assert!(
            dir().join(format!("{stem}.expected.json")).exists(),
            "{stem}"
        );
    }
}
