//! `extract` and `inspect` as a user runs them on awkward inputs: a missing file, a wrong
//! `--out`, limits, timeouts and passwords that say which flag to use, `--pages`, standard
//! input, `--clean`, and inputs that gave no KPI named in the summary line.

mod cli_common;

use cli_common::{kpi_extract, run_paths, text};

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn read_json(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

/// `extract INPUT... --out OUT EXTRA...`, returning the output and the manifest (Null when
/// none was written).
fn extract(inputs: &[&Path], out: &Path, extra: &[&str]) -> (Output, Value) {
    let mut args: Vec<&std::ffi::OsStr> = vec!["extract".as_ref()];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    args.extend(["--out".as_ref(), out.as_os_str()]);
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    let output = kpi_extract(&args);
    let manifest = out.join("manifest.json");
    let manifest = if manifest.is_file() {
        read_json(&manifest)
    } else {
        Value::Null
    };
    (output, manifest)
}

fn error_of(manifest: &Value, index: usize) -> String {
    manifest["inputs"][index]["error"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_missing_input_is_a_failed_input_and_the_batch_goes_on() {
    let root = tempdir();
    let missing = root.path().join("missing.pdf");
    let out = root.path().join("out");
    let good = fixture("kitakyushu-kpi-h28.pdf");
    let (output, manifest) = extract(&[&good, &missing], &out, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let entries = manifest["inputs"].as_array().cloned().unwrap_or_default();
    assert_eq!(entries.len(), 2);
    let by_stem = |stem: &str| entries.iter().find(|e| e["stem"] == stem).cloned();
    let failed = by_stem("missing").unwrap_or_default();
    assert_eq!(failed["status"], "failed");
    assert!(
        failed["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("cannot read file")),
        "{failed}"
    );
    assert_eq!(
        by_stem("kitakyushu-kpi-h28").unwrap_or_default()["status"],
        "ok"
    );
    assert!(out.join("kitakyushu-kpi-h28/kpis.jsonl").is_file());
    assert!(
        text(&output).contains("1 ok, 1 failed"),
        "{}",
        text(&output)
    );
}

#[test]
fn a_file_shaped_out_is_refused_before_any_work() {
    let root = tempdir();
    let out = root.path().join("out.txt");
    std::fs::write(&out, b"not a folder").unwrap_or_else(|e| panic!("{e}"));
    let (output, _) = extract(&[&fixture("kitakyushu-kpi-h28.pdf")], &out, &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "--out {}: is a file, not a directory",
            out.display()
        )),
        "{stderr}"
    );
    assert!(
        !stderr.contains("kitakyushu"),
        "no input was converted: {stderr}"
    );
    assert_eq!(std::fs::read(&out).unwrap_or_default(), b"not a folder");
}

#[cfg(unix)]
#[test]
fn a_read_only_out_is_refused_before_any_work() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempdir();
    let out = root.path().join("read-only");
    std::fs::create_dir(&out).unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555))
        .unwrap_or_else(|e| panic!("{e}"));
    if std::fs::write(out.join("probe"), b"").is_ok() {
        eprintln!("skipped: this user (root?) writes into read-only folders");
        return;
    }
    let (output, _) = extract(&[&fixture("kitakyushu-kpi-h28.pdf")], &out, &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot write into it"), "{stderr}");
    assert!(
        !stderr.contains("kitakyushu") && !stderr.contains(".kpi-extract-"),
        "{stderr}"
    );
}

#[test]
fn every_limit_error_names_its_flag() {
    let root = tempdir();
    let input = fixture("kitakyushu-kpi-h28.pdf");
    let cases = [
        ("--max-stream-bytes", "1K"),
        ("--max-document-bytes", "64K"),
        ("--max-objects", "10"),
        ("--max-operators-per-page", "10"),
        ("--max-glyphs-per-page", "10"),
    ];
    for (i, (flag, value)) in cases.into_iter().enumerate() {
        let out = root.path().join(format!("out-{i}"));
        let (output, manifest) = extract(&[&input], &out, &[flag, value]);
        assert_eq!(output.status.code(), Some(1), "{flag}: {}", text(&output));
        let error = error_of(&manifest, 0);
        assert!(
            error.contains(&format!("(raise it with {flag})"))
                || error.contains(&format!("larger than {flag}")),
            "{flag}: {error}"
        );
        let internal = flag.trim_start_matches("--").replace('-', "_");
        assert!(!error.contains(&internal), "{flag}: {error}");
    }
}

#[test]
fn a_timeout_says_to_raise_the_timeout() {
    let root = tempdir();
    let out = root.path().join("out");
    let input = fixture("kitakyushu-kpi-h28.pdf");
    let (output, manifest) = extract(&[&input], &out, &["--timeout", "0.000001"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let error = error_of(&manifest, 0);
    assert!(
        error.contains("time budget") && error.contains("raise it with --timeout"),
        "{error}"
    );
}

#[test]
fn a_wrong_password_is_told_apart_from_no_password() {
    let root = tempdir();
    let input = fixture("encrypted/user-password-secret.pdf");
    let (_, none) = extract(&[&input], &root.path().join("a"), &[]);
    let (_, wrong) = extract(&[&input], &root.path().join("b"), &["--password", "guess"]);
    let (right, _) = extract(&[&input], &root.path().join("c"), &["--password", "secret"]);
    let none = error_of(&none, 0);
    let wrong = error_of(&wrong, 0);
    assert!(
        none.contains("password required") && none.contains("--password"),
        "{none}"
    );
    assert!(
        wrong.contains("the password given with --password does not open it"),
        "{wrong}"
    );
    assert_eq!(right.status.code(), Some(0), "{}", text(&right));
}

#[test]
fn pages_select_what_extract_and_inspect_read() {
    let root = tempdir();
    let out = root.path().join("out");
    let input = fixture("kitakyushu-kpi-h28.pdf");
    let (output, manifest) = extract(&[&input], &out, &["--pages", "3-5,8"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_eq!(manifest["inputs"][0]["pages"], 4);
    assert_eq!(manifest["options"]["pages"], "3-5,8");
    let jsonl =
        std::fs::read_to_string(out.join("kitakyushu-kpi-h28/kpis.jsonl")).unwrap_or_default();
    let pages: Vec<u64> = jsonl
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|r| r["source"]["page"].as_u64())
        .collect();
    assert!(!pages.is_empty());
    assert!(pages.iter().all(|p| [3, 4, 5, 8].contains(p)), "{pages:?}");

    let inspect = run_paths(&[
        Path::new("inspect"),
        &input,
        Path::new("--stage"),
        Path::new("text"),
        Path::new("--pages"),
        Path::new("3-5,8"),
    ]);
    let shown = String::from_utf8_lossy(&inspect.stdout);
    let headers: Vec<&str> = shown
        .lines()
        .filter(|l| l.starts_with("=== page"))
        .collect();
    assert_eq!(
        headers,
        [
            "=== page 3 ===",
            "=== page 4 ===",
            "=== page 5 ===",
            "=== page 8 ==="
        ]
    );

    let (beyond, manifest) = extract(&[&input], &root.path().join("beyond"), &["--pages", "20-"]);
    assert_eq!(beyond.status.code(), Some(1));
    assert!(error_of(&manifest, 0).contains("--pages 20- selects no page"));
    let bad = run_paths(&[
        Path::new("extract"),
        &input,
        Path::new("--pages"),
        Path::new("5-3"),
    ]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad));
}

#[test]
fn inspect_refuses_what_extract_refuses() {
    let input = fixture("kitakyushu-kpi-h28.pdf");
    for stage in ["records", "glyphs"] {
        let output = run_paths(&[
            Path::new("inspect"),
            &input,
            Path::new("--stage"),
            Path::new(stage),
            Path::new("--max-operators-per-page"),
            Path::new("10"),
        ]);
        assert_eq!(output.status.code(), Some(2), "{stage}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("--max-operators-per-page"),
            "{stage}: {stderr}"
        );
        assert!(
            output.stdout.is_empty(),
            "{stage}: printed despite the limit"
        );
    }
    let timed_out = run_paths(&[
        Path::new("inspect"),
        &input,
        Path::new("--stage"),
        Path::new("records"),
        Path::new("--timeout"),
        Path::new("0.000001"),
    ]);
    assert_eq!(timed_out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&timed_out.stderr).contains("--timeout"));
}

#[test]
fn a_dash_reads_the_pdf_from_standard_input() {
    let root = tempdir();
    let out = root.path().join("out");
    let bytes = std::fs::read(fixture("kitakyushu-kpi-h28.pdf")).unwrap_or_default();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kpi-extract"))
        .args(["extract", "-", "--quiet", "--out"])
        .arg(&out)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(&bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let manifest = read_json(&out.join("manifest.json"));
    let entry = &manifest["inputs"][0];
    assert_eq!(
        (entry["path"].as_str(), entry["stem"].as_str()),
        (Some("-"), Some("stdin"))
    );
    assert_eq!(entry["sha256"], kpi_extract::batch::sha256_hex(&bytes));
    assert!(out.join("stdin/kpis.jsonl").is_file());
}

#[test]
fn clean_removes_only_earlier_document_folders() {
    let root = tempdir();
    let out = root.path().join("out");
    let (h28, h29) = (
        fixture("kitakyushu-kpi-h28.pdf"),
        fixture("kitakyushu-kpi-h29.pdf"),
    );
    let (first, _) = extract(&[&h28], &out, &[]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    let mine = out.join("my-notes");
    std::fs::create_dir(&mine).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(mine.join("kpis.csv"), b"x").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(mine.join("README.txt"), b"mine").unwrap_or_else(|e| panic!("{e}"));

    let (kept, _) = extract(&[&h29], &out, &[]);
    assert_eq!(kept.status.code(), Some(0));
    assert!(
        out.join("kitakyushu-kpi-h28").is_dir(),
        "left alone by default"
    );

    let (cleaned, manifest) = extract(&[&h29], &out, &["--clean"]);
    assert_eq!(cleaned.status.code(), Some(0), "{}", text(&cleaned));
    assert!(
        !out.join("kitakyushu-kpi-h28").exists(),
        "earlier run's folder removed"
    );
    assert!(out.join("kitakyushu-kpi-h29/kpis.jsonl").is_file());
    assert!(
        mine.join("README.txt").is_file(),
        "a folder with other files stays"
    );
    assert_eq!(manifest["inputs"].as_array().map(Vec::len), Some(1));
    assert!(
        text(&cleaned).contains("removed 1 folder of earlier runs"),
        "{}",
        text(&cleaned)
    );
}

/// A one-page PDF with a line of Latin text and no table: text, but no KPI.
fn pdf_without_kpi() -> Vec<u8> {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"BT /F1 12 Tf 72 700 Td (Minutes of the meeting) Tj ET".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap_or_else(|e| panic!("{e}"));
    bytes
}

#[test]
fn the_summary_line_names_inputs_without_kpi() {
    let root = tempdir();
    let minutes = root.path().join("minutes.pdf");
    std::fs::write(&minutes, pdf_without_kpi()).unwrap_or_else(|e| panic!("{e}"));
    let out = root.path().join("out");
    let (output, manifest) = extract(&[&minutes, &fixture("kitakyushu-kpi-h28.pdf")], &out, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_eq!(manifest["summary"]["no_kpi"], 1);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("2 ok, 1 with no KPI record, 0 failed"),
        "{stderr}"
    );
}
