//! The `extract`, `validate` and `schema` subcommands as a user runs them.

mod cli_common;

use cli_common::{kpi_extract, run, run_paths, text};

mod output_common;

use std::path::{Path, PathBuf};

use output_common::{frictionless_validate, python, python_has, snapshot};
use serde_json::Value;

/// A folder holding a truncated PDF, a file that is not a PDF at all but is named .pdf,
/// a text file (ignored: not *.pdf) and a nested folder with an upper-case .PDF.
fn bad_inputs(root: &Path) -> PathBuf {
    let inputs = root.join("in");
    std::fs::create_dir_all(inputs.join("sub")).unwrap();
    let truncated = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pa";
    std::fs::write(inputs.join("truncated.pdf"), truncated).unwrap();
    std::fs::write(inputs.join("notes.txt"), "not an input").unwrap();
    std::fs::write(inputs.join("sub/Report.PDF"), "hello, I am not a PDF").unwrap();
    inputs
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn damaged_inputs_fail_with_exit_1_and_are_named_in_the_manifest() {
    let root = tempfile::tempdir().unwrap();
    let inputs = bad_inputs(root.path());
    let out = root.path().join("out");
    let output = run_paths(&[
        Path::new("extract"),
        &inputs,
        Path::new("--out"),
        &out,
        Path::new("--jobs"),
        Path::new("2"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("truncated.pdf") && stderr.contains("2 failed"),
        "{stderr}"
    );

    let manifest = read_json(&out.join("manifest.json"));
    let entries = manifest["inputs"].as_array().unwrap();
    let paths: Vec<&str> = entries.iter().filter_map(|e| e["path"].as_str()).collect();
    assert_eq!(paths.len(), 2, "notes.txt is not an input: {paths:?}");
    assert!(paths[0].ends_with("sub/Report.PDF") && paths[1].ends_with("truncated.pdf"));
    for entry in entries {
        assert_eq!(entry["status"], "failed");
        assert!(entry["error"].as_str().is_some_and(|e| !e.is_empty()));
        assert_eq!(entry["files"], serde_json::json!([]));
    }
    let bytes = std::fs::read(inputs.join("truncated.pdf")).unwrap();
    assert_eq!(entries[1]["sha256"], kpi_extract::batch::sha256_hex(&bytes));
    assert_eq!(entries[1]["stem"], "truncated");
    assert_eq!(manifest["summary"]["failed"], 2);

    // Only the run's files, with no record in them: no partial document directory, no
    // temporary file, and nothing outside --out.
    let written = snapshot(&out);
    let names: Vec<&str> = written.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "actuals.csv",
            "datapackage.json",
            "kpis.csv",
            "kpis.jsonl",
            "manifest.json"
        ]
    );
    for (name, bytes) in &written {
        match name.as_str() {
            "kpis.jsonl" => assert!(bytes.is_empty()),
            "kpis.csv" | "actuals.csv" => assert_eq!(bytes.split(|b| *b == b'\n').count(), 2),
            _ => {}
        }
    }
    let mut top: Vec<String> = std::fs::read_dir(root.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, ["in", "out"]);

    let check = run_paths(&[Path::new("validate"), &out.join("manifest.json")]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));
}

#[test]
fn bad_usage_exits_2() {
    let root = tempfile::tempdir().unwrap();
    let empty = root.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = root.path().join("out");
    let cases: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec![
            "extract".as_ref(),
            empty.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ],
        vec![
            "extract".as_ref(),
            empty.as_os_str(),
            "--format".as_ref(),
            "xml".as_ref(),
        ],
        vec![
            "extract".as_ref(),
            empty.as_os_str(),
            "--jobs".as_ref(),
            "0".as_ref(),
        ],
        vec![
            "extract".as_ref(),
            empty.as_os_str(),
            "--timeout".as_ref(),
            "-1".as_ref(),
        ],
        vec![
            "extract".as_ref(),
            empty.as_os_str(),
            "--max-stream-bytes".as_ref(),
            "12Q".as_ref(),
        ],
        vec!["extract".as_ref()],
    ];
    for args in cases {
        let output = kpi_extract(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", text(&output));
    }
    assert!(!out.exists(), "a run without inputs writes nothing");
}

#[test]
fn help_gives_an_example_for_every_option() {
    let output = run(&["extract", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8_lossy(&output.stdout);
    let options = [
        "--out",
        "--format",
        "--jobs",
        "--quiet",
        "--csv-encoding",
        "--timeout",
        "--password",
        "--max-stream-bytes",
        "--max-document-bytes",
        "--max-objects",
        "--max-operators-per-page",
        "--max-form-depth",
        "--max-glyphs-per-page",
        "--pages",
        "--clean",
    ];
    // Each option's paragraph (from its name to the next option) holds an example.
    for option in options {
        let start = [format!("{option} "), format!("{option}\n")]
            .iter()
            .filter_map(|m| help.find(m.as_str()))
            .min()
            .unwrap_or_else(|| panic!("{option} missing"));
        let rest = &help[start..];
        let end = ["\n  -", "\n      --"]
            .iter()
            .filter_map(|m| rest[2..].find(m))
            .min()
            .map_or(rest.len(), |i| i + 2);
        assert!(
            rest[..end].contains("Example"),
            "{option} has no example:\n{}",
            &rest[..end]
        );
    }
    assert!(help.contains("Exit status"));
}

#[test]
fn schema_lists_and_prints_the_bundled_schemas() {
    let list = run(&["schema"]);
    assert_eq!(list.status.code(), Some(0));
    let listing = String::from_utf8_lossy(&list.stdout);
    for name in ["kpi-record", "document", "manifest"] {
        assert!(listing.contains(name), "{listing}");
        let printed = run(&["schema", name]);
        assert_eq!(printed.status.code(), Some(0));
        let file =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("schemas/{name}.schema.json"));
        assert_eq!(printed.stdout, std::fs::read(file).unwrap());
    }
    assert_eq!(run(&["schema", "nope"]).status.code(), Some(2));
}

#[test]
fn validate_reports_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("kpis.jsonl");
    let (_, records) =
        kpi_extract::output::validated_values(&output_common::sample_extraction("d")).unwrap();
    let mut lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    std::fs::write(&jsonl, lines.join("\n") + "\n").unwrap();
    let ok = run_paths(&[Path::new("validate"), dir.path()]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));

    lines[1] = lines[1].replace(r#""page":2"#, r#""page":"2""#);
    std::fs::write(&jsonl, lines.join("\n") + "\n").unwrap();
    let bad = run_paths(&[Path::new("validate"), &jsonl]);
    assert_eq!(bad.status.code(), Some(1));
    let report = String::from_utf8_lossy(&bad.stdout);
    assert!(report.contains("kpis.jsonl:2: at /source/page"), "{report}");
    assert!(
        !report.contains("kpis.jsonl:1:") && !report.contains("kpis.jsonl:3:"),
        "{report}"
    );

    let unknown = dir.path().join("other.json");
    std::fs::write(&unknown, "{}").unwrap();
    assert_eq!(
        run_paths(&[Path::new("validate"), &unknown]).status.code(),
        Some(2)
    );
    let forced = run_paths(&[
        Path::new("validate"),
        Path::new("--kind"),
        Path::new("document"),
        &unknown,
    ]);
    assert_eq!(forced.status.code(), Some(1));
}

/// End to end on the bundled fixtures, once the stages are merged: every output validates
/// (crate, Python jsonschema, Frictionless) and a second run is byte-identical.
#[test]
fn fixtures_convert_validate_and_repeat_identically() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let mut runs = Vec::new();
    for out in [&a, &b] {
        runs.push(run_paths(&[
            Path::new("extract"),
            &fixtures.join("kitakyushu-kpi-h28.pdf"),
            &fixtures.join("kitakyushu-kpi-h29.pdf"),
            Path::new("--out"),
            out,
            Path::new("--quiet"),
        ]));
    }
    let first = text(&runs[0]);
    if first.contains("not implemented yet") {
        eprintln!("SKIPPED: the pipeline's stages are not merged yet: {first}");
        return;
    }
    assert_eq!(runs[0].status.code(), Some(0), "{first}");
    let per_document = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        snapshot(dir)
            .into_iter()
            .filter(|(n, _)| n.contains('/'))
            .collect()
    };
    let files = per_document(&a);
    assert_eq!(files.len(), 6);
    assert_eq!(files, per_document(&b), "second run differs");

    let check = run_paths(&[Path::new("validate"), &a, Path::new("--quiet")]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));
    if python_has("jsonschema") {
        let script = r#"
import json, sys, pathlib, jsonschema
out, schemas = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
load = lambda n: jsonschema.Draft202012Validator(json.loads((schemas / f"{n}.schema.json").read_text()))
rec, doc, man = load("kpi-record"), load("document"), load("manifest")
man.validate(json.loads((out / "manifest.json").read_text()))
for d in out.iterdir():
    if d.is_dir():
        doc.validate(json.loads((d / "document.json").read_text()))
        for line in (d / "kpis.jsonl").read_text().splitlines():
            rec.validate(json.loads(line))
print("ok")
"#;
        let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
        let (ok, report) = python(script, &[&a, &schemas]);
        assert!(ok, "{report}");
    }
    if python_has("frictionless") {
        let (ok, report) = frictionless_validate(&a.join("datapackage.json"));
        assert!(ok, "{report}");
    }
}
