//! The run-level files of `extract` on real reports: the combined `kpis.jsonl`, `kpis.csv`,
//! `actuals.csv`, `kpis.xlsx` (read back with openpyxl) and `kpis.sqlite` (read back with
//! Python's sqlite3) hold the same records and actuals with the same typed values; the
//! Shift_JIS run of both fixtures writes everything and counts its replacements; the
//! files are byte-identical between runs; the Data Package passes Frictionless.

mod output_common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use output_common::{frictionless_validate, python, python_has};
use serde_json::Value;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    ["kitakyushu-kpi-h28.pdf", "kitakyushu-kpi-h29.pdf"]
        .iter()
        .map(|name| dir.join(name))
        .collect()
}

/// The fixtures and, when the shared material is there, the family's dev reports.
fn batch_inputs() -> Vec<PathBuf> {
    let mut inputs = fixtures();
    let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/family/dev");
    if dev.is_dir() {
        inputs.push(dev);
    } else {
        eprintln!("skipping ../shared/family/dev in the batch: not present");
    }
    inputs
}

fn extract(inputs: &[PathBuf], out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kpi-extract"))
        .arg("extract")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .args(["--quiet", "--format", "json,jsonl,csv,xlsx,sqlite"])
        .args(extra)
        .output()
        .unwrap()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn assert_ok(output: &Output) {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Reads kpis.jsonl, the workbook and the database, and compares every cell with its type.
const SAME_TABLES: &str = r#"
import json, sqlite3, sys
from openpyxl import load_workbook

out = sys.argv[1]
records = [json.loads(l) for l in open(f"{out}/kpis.jsonl", encoding="utf-8")]
manifest = json.load(open(f"{out}/manifest.json", encoding="utf-8"))
assert records, "no record"

def walk(value, parts):
    for part in parts:
        if value is None:
            return None
        value = value[int(part)] if isinstance(value, list) else value.get(part)
    return value

def joined(items, sep):
    return sep.join(str(i) for i in items) if items else None

def kpi_cell(rec, name):
    if name == "notes":
        return joined(rec["notes"], "; ")
    if name == "source.pages":
        return joined(rec["source"]["pages"], ";")
    if name == "source.warnings":
        return joined(rec["source"]["warnings"], "; ")
    if name == "actuals.count":
        return len(rec["actuals"])
    if name.startswith("source.bbox."):
        return rec["source"]["bbox"][["x0", "y0", "x1", "y1"].index(name.split(".")[2])]
    return walk(rec, name.split("."))

def actual_rows():
    for rec in records:
        for i, a in enumerate(rec["actuals"]):
            p, v = a["period"] or {}, a["value"]
            yield {"document": rec["document"], "id": rec["id"], "position": i + 1,
                   "year": p.get("start"), "value": v.get("value"), "unit": v.get("unit"),
                   "text": v.get("text"), "period": p.get("text"), "fiscal": p.get("fiscal"),
                   "qualifier": v.get("qualifier"), "status": v.get("status")}

def same(want, got, bool_as_int):
    if want == "" and not bool_as_int:
        return got is None  # Excel has no empty text: an empty cell, as in the CSV
    if want is None:
        return got is None
    if isinstance(want, bool):
        return got == int(want) and type(got) is int if bool_as_int else got is want
    if isinstance(want, (int, float)):
        return isinstance(got, (int, float)) and not isinstance(got, bool) and float(got) == float(want)
    return isinstance(got, str) and got == want

def compare(where, header, rows, expected, bool_as_int):
    assert len(rows) == len(expected), f"{where}: {len(rows)} rows, jsonl gives {len(expected)}"
    cells = 0
    for n, (row, want) in enumerate(zip(rows, expected), 1):
        for name, got in zip(header, row):
            w = want(name)
            if not same(w, got, bool_as_int):
                sys.exit(f"{where} row {n} column {name}: {got!r} ({type(got).__name__}) != jsonl {w!r}")
            cells += 1
    return cells

actuals = list(actual_rows())
kpi_want = [lambda name, r=r: kpi_cell(r, name) for r in records]
actual_want = [lambda name, a=a: a[name] for a in actuals]

wb = load_workbook(f"{out}/kpis.xlsx")
assert wb.sheetnames == ["KPIs", "actuals", "documents"], wb.sheetnames
cells = 0
for sheet, want in [("KPIs", kpi_want), ("actuals", actual_want)]:
    ws = wb[sheet]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert ws.freeze_panes == "A2", (sheet, ws.freeze_panes)
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), (sheet, ws.auto_filter.ref)
    widths = [d.width for d in ws.column_dimensions.values()]
    # Excel stores a width with its padding (+0.71 characters).
    assert widths and all(6 <= w <= 51 for w in widths), (sheet, widths)
    cells += compare(f"xlsx {sheet}", rows[0], rows[1:], want, False)
docs = [list(r) for r in wb["documents"].iter_rows(values_only=True)]
assert [d[0] for d in docs[1:]] == [e["stem"] for e in manifest["inputs"]], docs

db = sqlite3.connect(f"{out}/kpis.sqlite")
assert db.execute("PRAGMA foreign_key_check").fetchall() == []
for table, key in [("documents", ["document"]), ("kpis", ["document", "id"]),
                   ("actuals", ["document", "id", "position"])]:
    info = db.execute(f"PRAGMA table_info({table})").fetchall()
    pk = [c[1] for c in sorted(info, key=lambda c: c[5]) if c[5] > 0]
    assert pk == key, (table, pk)
indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
assert {"actuals_year", "kpis_level"} <= indexes, indexes
fks = db.execute("PRAGMA foreign_key_list(actuals)").fetchall()
assert [(f[2], f[3], f[4]) for f in fks] == [("kpis", "document", "document"), ("kpis", "id", "id")], fks
header = rows_header = [list(r) for r in wb["KPIs"].iter_rows(max_row=1, values_only=True)][0]
for table, names, want in [("kpis", header, kpi_want),
                           ("actuals", [list(r) for r in wb["actuals"].iter_rows(max_row=1, values_only=True)][0], actual_want)]:
    cursor = db.execute(f"SELECT * FROM {table} ORDER BY rowid")
    sql_names = [d[0] for d in cursor.description]
    assert sql_names == [n.replace(".", "_") for n in names], sql_names
    cells += compare(f"sqlite {table}", names, cursor.fetchall(), want, True)
n_docs = db.execute("SELECT count(*) FROM documents").fetchone()[0]
assert n_docs == len(manifest["inputs"]), n_docs
print(f"{len(records)} records, {len(actuals)} actuals, {cells} cells match")
"#;

#[test]
fn workbook_and_database_hold_the_jsonl_records_and_actuals() {
    if !python_has("openpyxl") {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    let output = extract(&batch_inputs(), &out, &[]);
    assert_ok(&output);
    let manifest = read_json(&out.join("manifest.json"));
    let files: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        files,
        [
            "kpis.jsonl",
            "kpis.csv",
            "actuals.csv",
            "kpis.xlsx",
            "kpis.sqlite",
            "datapackage.json"
        ]
    );
    let (ok, report) = python(SAME_TABLES, &[&out]);
    assert!(ok, "{report}");
    let records = manifest["summary"]["records"].as_u64().unwrap();
    assert!(
        report.starts_with(&format!("{records} records")),
        "{report}"
    );
}

/// Every character of the fixtures fits Shift_JIS but one (`衹`, U+8879, in a program
/// summary printed in both editions): it becomes `〓` and is counted, nothing fails.
#[test]
fn shift_jis_batch_of_both_fixtures_writes_everything_and_counts_the_replacement() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    let output = extract(&fixtures(), &out, &["--csv-encoding", "shift_jis"]);
    assert_ok(&output);
    let manifest = read_json(&out.join("manifest.json"));
    assert_eq!(manifest["summary"]["failed"], 0);
    for entry in manifest["inputs"].as_array().unwrap() {
        let stem = entry["stem"].as_str().unwrap();
        for file in ["document.json", "kpis.jsonl", "kpis.csv"] {
            assert!(out.join(stem).join(file).is_file(), "{stem}/{file}");
        }
        assert!(entry["counts"]["replaced_characters"].as_u64() >= Some(1));
        let warnings = entry["warnings"].as_array().unwrap();
        let named = warnings
            .iter()
            .filter_map(Value::as_str)
            .any(|w| w.contains("U+8879") && w.contains('〓'));
        assert!(named, "{warnings:?}");
        let bytes = std::fs::read(out.join(stem).join("kpis.csv")).unwrap();
        let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(&bytes);
        assert!(!had_errors && text.contains('〓'));
        let jsonl = std::fs::read_to_string(out.join(stem).join("kpis.jsonl")).unwrap();
        assert!(jsonl.contains('衹'), "the JSON keeps the character");
    }
    assert!(manifest["summary"]["warnings"].as_u64() >= Some(2));
    for file in ["kpis.csv", "actuals.csv", "kpis.xlsx", "kpis.sqlite"] {
        assert!(out.join(file).is_file(), "{file}");
    }
}

#[test]
fn run_files_are_byte_identical_between_runs_and_stale_ones_go() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    for out in [&a, &b] {
        assert_ok(&extract(&fixtures(), out, &[]));
    }
    for file in [
        "kpis.jsonl",
        "kpis.csv",
        "actuals.csv",
        "kpis.xlsx",
        "kpis.sqlite",
        "datapackage.json",
    ] {
        let (x, y) = (std::fs::read(a.join(file)), std::fs::read(b.join(file)));
        assert!(x.is_ok() && x.ok() == y.ok(), "{file} differs between runs");
    }
    // A second run without xlsx/sqlite into `a` removes what it no longer produces.
    let output = Command::new(env!("CARGO_BIN_EXE_kpi-extract"))
        .arg("extract")
        .args(fixtures())
        .args(["--quiet", "--format", "jsonl,csv", "--out"])
        .arg(&a)
        .output()
        .unwrap();
    assert_ok(&output);
    assert!(!a.join("kpis.xlsx").exists() && !a.join("kpis.sqlite").exists());
    assert!(a.join("actuals.csv").is_file());
}

#[test]
fn frictionless_validates_the_run_package_with_the_workbook() {
    if !python_has("frictionless") || !python_has("openpyxl") {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    for encoding in ["utf-8", "utf-8-bom", "shift_jis"] {
        let out = root.path().join(encoding);
        assert_ok(&extract(&fixtures(), &out, &["--csv-encoding", encoding]));
        let package = read_json(&out.join("datapackage.json"));
        let names: Vec<&str> = package["resources"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r["name"].as_str())
            .collect();
        assert_eq!(
            names[..6],
            [
                "kpis",
                "actuals",
                "kpis-jsonl",
                "kpis-xlsx",
                "actuals-xlsx",
                "documents-xlsx"
            ]
        );
        let (ok, report) = frictionless_validate(&out.join("datapackage.json"));
        assert!(ok, "{encoding}: {report}");
    }
}

fn kpi_extract(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kpi-extract"))
        .args(args)
        .output()
        .unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// A folder an earlier run left (here: the other edition under an old name) is named by
/// `validate` and read by neither `validate` nor `diff`; a broken CSV of the run is caught.
#[test]
fn validate_and_diff_go_by_the_manifest_and_ignore_stale_folders() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let [h28, h29] = [&fixtures()[0], &fixtures()[1]].map(|p| vec![p.clone()]);
    assert_ok(&extract(&h28, &a, &[]));
    assert_ok(&extract(&h28, &b, &[]));
    assert_ok(&extract(&h29, &root.path().join("c"), &[]));
    let other = root.path().join("c/kitakyushu-kpi-h29");
    copy_dir(&other, &b.join("stale-edition"));
    // A stale folder with an invalid record: validate must not read it.
    std::fs::write(b.join("stale-edition/kpis.jsonl"), "{\"id\": 1}\n").unwrap();

    let output = kpi_extract(&["validate".as_ref(), b.as_os_str()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("stale-edition") && stderr.contains("not checked"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    for checked in ["kpis.csv: ok", "actuals.csv: ok", "datapackage.json: ok"] {
        assert!(stdout.contains(checked), "{stdout}");
    }

    let output = kpi_extract(&["diff".as_ref(), a.as_os_str(), b.as_os_str()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("no changes"), "{stdout}");

    // The run's own CSV with a row lost: validate names the row count.
    let csv = std::fs::read_to_string(b.join("kpis.csv")).unwrap();
    let shorter: Vec<&str> = csv.lines().take(csv.lines().count() - 1).collect();
    std::fs::write(b.join("kpis.csv"), shorter.join("\n") + "\n").unwrap();
    let output = kpi_extract(&["validate".as_ref(), b.as_os_str(), "--quiet".as_ref()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("kpis.csv: ") && stdout.contains("rows, but"),
        "{stdout}"
    );
}

#[test]
fn wrong_inputs_are_named_for_what_they_are() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    assert_ok(&extract(&fixtures()[..1], &out, &[]));
    let pdf = fixtures()[0].clone();
    let output = kpi_extract(&["diff".as_ref(), pdf.as_os_str(), out.as_os_str()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("is a PDF; diff compares two output directories or kpis.jsonl files"),
        "{stderr}"
    );
    let output = kpi_extract(&["validate".as_ref(), pdf.as_os_str()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr.contains("is a PDF; validate checks"), "{stderr}");
}
