//! One batch over the corpus with the damaged file and the hostile files: it completes,
//! exits 1, names each failure and its cause in `manifest.json`, and converts the rest.
//!
//! Runs the release-like binary as a user would, with the default limits except a lower
//! per-stream limit (so the flate bomb costs 64 MiB, not 256 MiB, on a CI machine).

mod hostile_files;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const SHARED_CORPUS: &str = "../shared/corpus";

/// What a hostile or damaged input must give: failed with this cause, or converted.
enum Expect {
    Fails(&'static str),
    Converts,
}

fn expectations() -> BTreeMap<&'static str, Expect> {
    use Expect::*;
    BTreeMap::from([
        ("flate-bomb", Fails("--max-stream-bytes")),
        ("ten-million-operators", Fails("--max-operators-per-page")),
        ("deep-array-in-content", Converts),
        ("deep-array-object", Converts),
        ("page-tree-cycle", Converts),
        ("self-drawing-form", Converts),
        ("xref-prev-loop", Converts),
        ("truncated-fixture", Fails("no page could be read")),
        ("not-a-pdf", Fails("not a readable PDF")),
        ("jp-osaka-damaged", Fails("not a readable PDF")),
    ])
}

/// Copies every PDF of `from` into `to`; returns their stems.
fn copy_pdfs(from: &Path, to: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(from) else {
        return Vec::new();
    };
    let mut stems = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
            stems.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    stems
}

/// The inputs folder: fixtures, the bundled corpus, ../shared/corpus when present, the
/// hostile files and two damaged ones. Returns the stems of the good inputs.
fn inputs(dir: &Path) -> (PathBuf, Vec<String>) {
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    let mut good = copy_pdfs(Path::new("fixtures"), &inputs);
    good.extend(copy_pdfs(Path::new("fixtures/corpus"), &inputs));
    let shared = copy_pdfs(Path::new(SHARED_CORPUS), &inputs);
    if shared.is_empty() {
        eprintln!("{SHARED_CORPUS} not found: batch without the shared corpus");
    }
    good.extend(
        shared
            .into_iter()
            .filter(|s| !expectations().contains_key(s.as_str())),
    );
    for (name, case) in hostile_files::CASES {
        // The same file as the flate bomb, meant for the default limits: not worth a second
        // gigabyte of compression here.
        if name == "flate-bomb-default-limits" {
            continue;
        }
        let (bytes, _) = case();
        std::fs::write(inputs.join(format!("{name}.pdf")), bytes).unwrap();
    }
    let fixture = std::fs::read("fixtures/kitakyushu-kpi-h28.pdf").unwrap();
    std::fs::write(
        inputs.join("truncated-fixture.pdf"),
        &fixture[..fixture.len() / 3],
    )
    .unwrap();
    std::fs::write(inputs.join("not-a-pdf.pdf"), "<html>404 Not Found</html>").unwrap();
    good.sort();
    good.dedup();
    (inputs, good)
}

#[test]
fn a_batch_with_damaged_and_hostile_files_completes_and_names_every_failure() {
    let dir = tempfile::tempdir().unwrap();
    let (inputs, good) = inputs(dir.path());
    let out = dir.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_kpi-extract"))
        .args(["extract", "--quiet", "--jobs", "2", "--timeout", "120"])
        .args(["--max-stream-bytes", "64M", "--out"])
        .args([&out, &inputs])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");

    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let entries: BTreeMap<String, &Value> = manifest["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["stem"].as_str().unwrap().to_string(), e))
        .collect();
    let n_inputs = std::fs::read_dir(&inputs).unwrap().count();
    assert_eq!(entries.len(), n_inputs, "one manifest entry per input");

    for stem in &good {
        let entry = entries[stem];
        assert_eq!(entry["status"], "ok", "{stem}: {}", entry["error"]);
        assert!(out.join(stem).join("kpis.jsonl").is_file(), "{stem}");
    }
    for (stem, expect) in expectations() {
        let Some(entry) = entries.get(stem) else {
            assert_eq!(
                stem, "jp-osaka-damaged",
                "only the shared file may be absent"
            );
            continue;
        };
        match expect {
            Expect::Fails(cause) => {
                assert_eq!(entry["status"], "failed", "{stem}");
                let error = entry["error"].as_str().unwrap();
                assert!(error.contains(cause), "{stem}: {error}");
                assert!(
                    !out.join(stem).exists(),
                    "{stem}: a failed input left a directory"
                );
            }
            Expect::Converts => assert_eq!(entry["status"], "ok", "{stem}: {}", entry["error"]),
        }
    }
    for (stem, entry) in entries.iter().filter(|(_, e)| e["status"] == "failed") {
        eprintln!("failed as expected: {stem}: {}", entry["error"]);
    }
    let failed = entries.values().filter(|e| e["status"] == "failed").count();
    assert_eq!(manifest["summary"]["failed"], failed);
    eprintln!("{} inputs, {failed} failed, as expected", entries.len());
}
