//! The per-document files and the run files: CSV against JSONL, encodings, determinism,
//! atomic publication inside the data directory, and the Data Package under Frictionless.

mod output_common;

use std::path::Path;

use kpi_extract::output::{self, datapackage, CsvEncoding, Format, OutputError, OutputOptions};
use output_common::{python, python_has, sample_extraction, snapshot};

fn options(encoding: CsvEncoding) -> OutputOptions {
    OutputOptions {
        csv_encoding: encoding,
        ..OutputOptions::default()
    }
}

/// Renders and writes the sample under `out/<stem>`; returns the Data Package resources.
fn write_sample(out: &Path, stem: &str, encoding: CsvEncoding) -> datapackage::DocumentResources {
    let rendered = output::render(&sample_extraction(stem), &options(encoding)).unwrap();
    output::write_document(out, stem, &rendered).unwrap();
    rendered.resources(stem)
}

const CSV_MATCHES_JSONL: &str = r#"
import csv, json, sys
csv_path, jsonl_path, encoding = sys.argv[1], sys.argv[2], sys.argv[3]
records = [json.loads(l) for l in open(jsonl_path, encoding="utf-8")]
with open(csv_path, newline="", encoding=encoding) as f:
    rows = list(csv.DictReader(f))
assert len(rows) == len(records), (len(rows), len(records))

def lookup(rec, name):
    if name.startswith("actual."):
        parts = name.split(".")
        hits = [a for a in rec["actuals"] if a["period"]["start"] == int(parts[1])]
        if not hits:
            return None
        return hits[0]["value"]["text" if len(parts) == 3 else "value"]
    if name.startswith("source.bbox."):
        return rec["source"]["bbox"][["x0", "y0", "x1", "y1"].index(name.split(".")[2])]
    value = rec
    for part in name.split("."):
        value = None if value is None else value.get(part)
    return value

checked = 0
for row, rec in zip(rows, records):
    for name, text in row.items():
        want = lookup(rec, name)
        if want is None:
            ok = text == ""
        elif isinstance(want, bool):
            ok = text == ("true" if want else "false")
        elif isinstance(want, (int, float)):
            ok = float(text) == float(want)
        elif isinstance(want, (list, dict)):
            ok = json.loads(text) == want
        else:
            ok = text == want
        if not ok:
            sys.exit(f"row {rec['id']} column {name}: csv {text!r} != jsonl {want!r}")
        checked += 1
print(f"{len(rows)} rows, {checked} cells match")
"#;

#[test]
fn utf8_csv_reads_back_with_python_to_the_jsonl_rows() {
    let dir = tempfile::tempdir().unwrap();
    for (encoding, codec) in [
        (CsvEncoding::Utf8, "utf-8"),
        (CsvEncoding::Utf8Bom, "utf-8-sig"),
    ] {
        write_sample(dir.path(), "doc", encoding);
        let doc = dir.path().join("doc");
        let codec_arg = Path::new(codec);
        let (ok, report) = python(
            CSV_MATCHES_JSONL,
            &[&doc.join("kpis.csv"), &doc.join("kpis.jsonl"), codec_arg],
        );
        assert!(ok, "{codec}: {report}");
        assert!(report.contains("4 rows"), "{report}");
    }
}

#[test]
fn shift_jis_csv_decodes_to_the_same_text() {
    let utf8 = output::render(&sample_extraction("d"), &options(CsvEncoding::Utf8)).unwrap();
    let sjis = output::render(&sample_extraction("d"), &options(CsvEncoding::ShiftJis)).unwrap();
    let csv_of = |r: &output::RenderedDocument| {
        r.files
            .iter()
            .find(|(n, _)| *n == "kpis.csv")
            .map(|(_, b)| b.clone())
            .unwrap()
    };
    let sjis_bytes = csv_of(&sjis);
    let (decoded, _, had_errors) = encoding_rs::SHIFT_JIS.decode(&sjis_bytes);
    assert!(!had_errors);
    assert_eq!(decoded.as_bytes(), csv_of(&utf8).as_slice());
    assert!(decoded.contains("①Ⅰ") && decoded.contains("△198人"));
}

#[test]
fn a_character_outside_shift_jis_fails_only_that_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut extraction = sample_extraction("bad");
    if let Some(program) = extraction.kpis[2].program.as_mut() {
        program.name = "𠮷田プロジェクト".into();
    }
    let err = output::render(&extraction, &options(CsvEncoding::ShiftJis)).unwrap_err();
    assert!(
        matches!(&err, OutputError::Encoding(m) if m.contains("U+20BB7")),
        "{err}"
    );
    // Nothing of the failed document is written; another document still is.
    write_sample(dir.path(), "good", CsvEncoding::ShiftJis);
    let names: Vec<String> = snapshot(dir.path()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        ["good/document.json", "good/kpis.csv", "good/kpis.jsonl"]
    );
}

#[test]
fn formats_pick_the_files() {
    let opts = OutputOptions {
        formats: vec![Format::Jsonl],
        csv_encoding: CsvEncoding::Utf8,
    };
    let rendered = output::render(&sample_extraction("d"), &opts).unwrap();
    let names: Vec<&str> = rendered.files.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["kpis.jsonl"]);
    assert!(rendered.csv_columns.is_none());
}

#[test]
fn two_runs_give_byte_identical_files() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for out in [a.path(), b.path()] {
        write_sample(out, "doc", CsvEncoding::Utf8);
        // Overwriting an existing directory gives the same bytes too.
        write_sample(out, "doc", CsvEncoding::Utf8);
    }
    let (first, second) = (snapshot(a.path()), snapshot(b.path()));
    assert_eq!(first.len(), 3);
    assert_eq!(first, second);
    let jsonl = String::from_utf8(first[2].1.clone()).unwrap();
    assert_eq!(jsonl.lines().count(), 4);
    assert!(
        jsonl.contains(r#""value":153000,"#),
        "whole values print as integers"
    );
}

#[test]
fn writes_stay_inside_the_data_directory() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let mut stems = output::stem::StemAllocator::new();
    for hostile in [
        "../escape.pdf",
        "/etc/passwd.pdf",
        "a/../../b.pdf",
        "..",
        "manifest.json.pdf",
    ] {
        let stem = stems.allocate(Path::new(hostile));
        assert!(!stem.contains('/') && !stem.starts_with('.'), "{stem}");
        write_sample(&out, &stem, CsvEncoding::Utf8);
    }
    let outside: Vec<String> = std::fs::read_dir(root.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(outside, ["out"]);
    let dirs: Vec<String> = snapshot(&out)
        .into_iter()
        .filter_map(|(n, _)| n.split('/').next().map(str::to_string))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        dirs,
        ["_manifest.json", "b", "document", "escape", "passwd"]
    );
}

#[test]
fn frictionless_validates_the_data_package() {
    if !python_has("frictionless") {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let mut packages = Vec::new();
    for encoding in [
        CsvEncoding::Utf8,
        CsvEncoding::Utf8Bom,
        CsvEncoding::ShiftJis,
    ] {
        let dir = root.path().join(encoding.name());
        std::fs::create_dir(&dir).unwrap();
        let mut resources = vec![
            write_sample(&dir, "北九州市-sample", encoding),
            write_sample(&dir, "second", encoding),
        ];
        // A document without records (no KPI table found) is still a valid package part.
        let mut empty = sample_extraction("empty");
        empty.goals.clear();
        empty.kpis.clear();
        let rendered = output::render(&empty, &options(encoding)).unwrap();
        output::write_document(&dir, "empty", &rendered).unwrap();
        resources.push(rendered.resources("empty"));
        let package = datapackage::build(&resources, encoding).unwrap();
        let path = dir.join("datapackage.json");
        std::fs::write(&path, serde_json::to_vec_pretty(&package).unwrap()).unwrap();
        packages.push(path);
    }
    // One interpreter for all three packages: Frictionless is slow to import.
    let script = r#"
import sys
from frictionless import validate
for path in sys.argv[1:]:
    report = validate(path)
    if not report.valid:
        sys.exit(f"{path}: {report.flatten(['rowNumber', 'fieldName', 'type', 'note'])}")
print("valid")
"#;
    let args: Vec<&Path> = packages.iter().map(|p| p.as_path()).collect();
    let (ok, report) = python(script, &args);
    assert!(ok, "{report}");
}
