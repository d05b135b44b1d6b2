//! Checking a data directory as one run: the files its `manifest.json` lists (and only
//! those: a document folder an earlier run left is reported, not read), each against its
//! schema, the CSV files against their fixed columns and the JSONL's record count, and
//! `datapackage.json` against the files it describes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::csv::{actual_columns, kpi_columns};
use super::tables::{ACTUALS_CSV, DATAPACKAGE, KPIS_CSV, KPIS_JSONL, MANIFEST};
use super::validate::FileProblem;
use super::CsvEncoding;

/// What a file in a data directory is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// A `kpis.csv` (combined or per document).
    KpiCsv,
    /// `actuals.csv`.
    ActualsCsv,
    /// `datapackage.json`.
    DataPackage,
    /// `kpis.xlsx` (checked for its file signature only).
    Workbook,
    /// `kpis.sqlite` (checked for its file signature only).
    Database,
}

impl TableKind {
    /// The kind a file name tells; None for other files.
    pub fn for_path(path: &Path) -> Option<TableKind> {
        match path.file_name()?.to_str()?.to_ascii_lowercase().as_str() {
            KPIS_CSV => Some(TableKind::KpiCsv),
            ACTUALS_CSV => Some(TableKind::ActualsCsv),
            DATAPACKAGE => Some(TableKind::DataPackage),
            super::xlsx::FILE_NAME => Some(TableKind::Workbook),
            super::sqlite::FILE_NAME => Some(TableKind::Database),
            _ => None,
        }
    }
}

/// The files one run's manifest names, and the folders it does not.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunFiles {
    /// Every file to check: the manifest, the run files and each converted input's files.
    pub files: Vec<PathBuf>,
    /// Files the manifest lists that are not there.
    pub missing: Vec<PathBuf>,
    /// Document folders beside the manifest that it does not list (left by another run).
    pub unlisted: Vec<PathBuf>,
    /// The CSV encoding the run wrote.
    pub encoding: CsvEncoding,
}

/// Reads `dir/manifest.json`; None when there is none (not a data directory), an error
/// when it cannot be read as JSON.
pub fn run_files(dir: &Path) -> Option<Result<RunFiles, String>> {
    let manifest_path = dir.join(MANIFEST);
    let bytes = std::fs::read(&manifest_path).ok()?;
    let manifest: Value = match serde_json::from_slice(&bytes) {
        Ok(value) => value,
        Err(e) => return Some(Err(format!("{}: not JSON: {e}", manifest_path.display()))),
    };
    let mut listed = vec![MANIFEST.to_string()];
    listed.extend(strings(&manifest["files"]));
    let mut stems = BTreeSet::new();
    for entry in manifest["inputs"].as_array().into_iter().flatten() {
        stems.extend(entry["stem"].as_str().map(str::to_string));
        listed.extend(strings(&entry["files"]));
    }
    let (files, missing) = listed
        .iter()
        .map(|name| dir.join(name))
        .partition(|path| path.is_file());
    let unlisted = unlisted_folders(dir, &stems);
    let encoding = match manifest["options"]["csv_encoding"].as_str() {
        Some("utf-8-bom") => CsvEncoding::Utf8Bom,
        Some("shift_jis") => CsvEncoding::ShiftJis,
        _ => CsvEncoding::Utf8,
    };
    Some(Ok(RunFiles {
        files,
        missing,
        unlisted,
        encoding,
    }))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// Folders holding a `kpis.jsonl`, `kpis.csv` or `document.json` whose name is no stem of
/// the manifest.
fn unlisted_folders(dir: &Path, stems: &BTreeSet<String>) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !stems.contains(e.file_name().to_string_lossy().as_ref()))
        .map(|e| e.path())
        .filter(|p| {
            ["kpis.jsonl", "kpis.csv", "document.json"]
                .iter()
                .any(|f| p.join(f).is_file())
        })
        .collect();
    found.sort();
    found
}

fn problem(message: String) -> FileProblem {
    FileProblem {
        line: None,
        message,
    }
}

/// Decodes CSV bytes written in `encoding`.
fn decode(bytes: &[u8], encoding: CsvEncoding) -> Result<String, String> {
    const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
    match encoding {
        CsvEncoding::ShiftJis => {
            let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
            if had_errors {
                return Err("not Shift_JIS (as the manifest says)".into());
            }
            Ok(text.into_owned())
        }
        CsvEncoding::Utf8 | CsvEncoding::Utf8Bom => {
            let has_bom = bytes.starts_with(BOM);
            if has_bom != (encoding == CsvEncoding::Utf8Bom) {
                let (is, said) = if has_bom {
                    ("starts with", "utf-8")
                } else {
                    ("lacks", "utf-8-bom")
                };
                return Err(format!(
                    "{is} a byte-order mark, but the encoding is {said}"
                ));
            }
            let body = if has_bom { &bytes[BOM.len()..] } else { bytes };
            String::from_utf8(body.to_vec()).map_err(|e| format!("not UTF-8: {e}"))
        }
    }
}

/// A parsed CSV file: its header and rows.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn parse_csv(text: &str) -> Result<Table, FileProblem> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h.iter().map(str::to_string).collect(),
        Some(Err(e)) => return Err(problem(format!("not CSV: {e}"))),
        None => return Err(problem("empty: no header row".into())),
    };
    let mut rows = Vec::new();
    for (index, record) in records.enumerate() {
        match record {
            Ok(r) => rows.push(r.iter().map(str::to_string).collect()),
            Err(e) => {
                return Err(FileProblem {
                    line: Some(index + 2),
                    message: format!("not CSV: {e}"),
                })
            }
        }
    }
    Ok(Table { header, rows })
}

/// Checks a `kpis.csv` or `actuals.csv`: encoding, the fixed header, every row as long as
/// the header, and the row count (kpis.csv: the records of the `kpis.jsonl` beside it;
/// actuals.csv: the sum of the `actuals.count` column of the `kpis.csv` beside it).
pub fn check_csv(path: &Path, kind: TableKind, encoding: CsvEncoding) -> Vec<FileProblem> {
    let table = match read_table(path, encoding) {
        Ok(table) => table,
        Err(problem) => return vec![problem],
    };
    let expected: Vec<String> = match kind {
        TableKind::ActualsCsv => actual_columns(),
        _ => kpi_columns(),
    }
    .into_iter()
    .map(|c| c.name)
    .collect();
    let mut problems = Vec::new();
    if table.header != expected {
        let first_difference = expected
            .iter()
            .zip(&table.header)
            .position(|(a, b)| a != b)
            .unwrap_or(expected.len().min(table.header.len()));
        problems.push(FileProblem {
            line: Some(1),
            message: format!(
                "header differs from the fixed columns at column {}: {:?} where {:?} belongs ({} columns, {} expected)",
                first_difference + 1,
                table.header.get(first_difference).map_or("(none)", String::as_str),
                expected.get(first_difference).map_or("(none)", String::as_str),
                table.header.len(),
                expected.len()
            ),
        });
    }
    for (index, row) in table.rows.iter().enumerate() {
        if row.len() != table.header.len() {
            problems.push(FileProblem {
                line: Some(index + 2),
                message: format!(
                    "{} fields, the header has {}",
                    row.len(),
                    table.header.len()
                ),
            });
        }
    }
    if let Some((want, from)) = expected_rows(path, kind, encoding) {
        if want != table.rows.len() {
            problems.push(problem(format!(
                "{} rows, but {from} gives {want}",
                table.rows.len()
            )));
        }
    }
    problems
}

fn read_table(path: &Path, encoding: CsvEncoding) -> Result<Table, FileProblem> {
    let bytes = std::fs::read(path).map_err(|e| problem(e.to_string()))?;
    let text = decode(&bytes, encoding).map_err(problem)?;
    parse_csv(&text)
}

/// How many rows the file must have, and the file that says so.
fn expected_rows(path: &Path, kind: TableKind, encoding: CsvEncoding) -> Option<(usize, String)> {
    let dir = path.parent()?;
    match kind {
        TableKind::KpiCsv => {
            let jsonl = dir.join(KPIS_JSONL);
            let text = std::fs::read_to_string(&jsonl).ok()?;
            let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
            Some((lines, jsonl.display().to_string()))
        }
        TableKind::ActualsCsv => {
            let kpis = dir.join(KPIS_CSV);
            let table = read_table(&kpis, encoding).ok()?;
            let column = table.header.iter().position(|h| h == "actuals.count")?;
            let total = table
                .rows
                .iter()
                .filter_map(|r| r.get(column)?.parse::<usize>().ok())
                .sum();
            Some((
                total,
                format!("the actuals.count column of {}", kpis.display()),
            ))
        }
        _ => None,
    }
}

/// Checks that `kpis.xlsx` is a zip archive and `kpis.sqlite` an SQLite database by their
/// first bytes (their content is written from the same rows as the CSV files).
pub fn check_signature(path: &Path, kind: TableKind) -> Vec<FileProblem> {
    use std::io::Read;
    let (magic, what): (&[u8], &str) = match kind {
        TableKind::Workbook => (b"PK\x03\x04", "an xlsx workbook (zip archive)"),
        TableKind::Database => (b"SQLite format 3\0", "an SQLite database"),
        _ => return Vec::new(),
    };
    let mut head = vec![0u8; magic.len()];
    match std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)) {
        Ok(()) if head == magic => Vec::new(),
        Ok(()) => vec![problem(format!("not {what}"))],
        Err(e) => vec![problem(format!("not {what}: {e}"))],
    }
}

/// Checks `datapackage.json`: resources with unique, well-formed names, paths inside the
/// directory that exist (and, when `listed` is given, that the manifest lists), and each
/// CSV resource's fields equal to its file's header.
pub fn check_datapackage(
    path: &Path,
    listed: Option<&[PathBuf]>,
    encoding: CsvEncoding,
) -> Vec<FileProblem> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let package: Value = match std::fs::read(path)
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| format!("not JSON: {e}")))
    {
        Ok(value) => value,
        Err(message) => return vec![problem(message)],
    };
    let Some(resources) = package["resources"].as_array().filter(|r| !r.is_empty()) else {
        return vec![problem("no resources".into())];
    };
    let mut problems = Vec::new();
    let mut names = BTreeSet::new();
    for (index, resource) in resources.iter().enumerate() {
        let at = format!("resources/{index}");
        let name = resource["name"].as_str().unwrap_or_default();
        let well_formed = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._".contains(c));
        if !well_formed {
            problems.push(problem(format!(
                "at /{at}/name: {name:?} is not a resource name"
            )));
        }
        if !names.insert(name.to_string()) {
            problems.push(problem(format!("at /{at}/name: {name:?} appears twice")));
        }
        let relative = resource["path"].as_str().unwrap_or_default();
        let inside = !relative.is_empty()
            && Path::new(relative)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        let file = dir.join(relative);
        if !inside {
            problems.push(problem(format!(
                "at /{at}/path: {relative:?} is not inside the directory"
            )));
            continue;
        }
        if !file.is_file() {
            problems.push(problem(format!("at /{at}/path: {relative} does not exist")));
            continue;
        }
        if listed.is_some_and(|l| !l.contains(&file)) {
            problems.push(problem(format!(
                "at /{at}/path: {relative} is not a file of this run (not in manifest.json)"
            )));
        }
        if resource["format"] == "csv" {
            let fields: Vec<&str> = resource["schema"]["fields"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|f| f["name"].as_str())
                .collect();
            match read_table(&file, encoding) {
                Ok(table) if table.header != fields => problems.push(problem(format!(
                    "at /{at}/schema/fields: the fields differ from the header of {relative}"
                ))),
                Ok(_) => {}
                Err(p) => problems.push(problem(format!("{relative}: {}", p.message))),
            }
        }
    }
    problems
}

/// Whether the bytes are a PDF (what a user passes by mistake to `validate` or `diff`).
pub fn looks_like_pdf(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 1024];
    let read = std::fs::File::open(path).and_then(|mut f| f.read(&mut head));
    let Ok(n) = read else {
        return false;
    };
    let head = &head[..n];
    // JSON that merely mentions `%PDF-` (an error message in a manifest) is not a PDF.
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    !matches!(first, Some(b'{' | b'[' | b'"')) && head.windows(5).any(|w| w == b"%PDF-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_must_match_the_encoding() {
        assert!(decode(b"\xEF\xBB\xBFa", CsvEncoding::Utf8Bom).is_ok());
        assert!(decode(b"a", CsvEncoding::Utf8Bom).is_err());
        assert!(decode(b"\xEF\xBB\xBFa", CsvEncoding::Utf8).is_err());
        assert_eq!(
            decode(b"\x82\xa0", CsvEncoding::ShiftJis).ok().as_deref(),
            Some("あ")
        );
    }

    #[test]
    fn csv_header_and_row_count_are_checked() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let header: Vec<String> = kpi_columns().into_iter().map(|c| c.name).collect();
        let row = vec![""; header.len()].join(",");
        let good = format!("{}\n{row}\n", header.join(","));
        let write = |name: &str, text: &str| {
            std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("{e}"))
        };
        write("kpis.csv", &good);
        write("kpis.jsonl", "{}\n");
        let path = dir.path().join("kpis.csv");
        assert_eq!(
            check_csv(&path, TableKind::KpiCsv, CsvEncoding::Utf8),
            vec![]
        );
        write("kpis.jsonl", "{}\n{}\n");
        let problems = check_csv(&path, TableKind::KpiCsv, CsvEncoding::Utf8);
        assert!(
            problems[0].message.starts_with("1 rows, but"),
            "{problems:?}"
        );
        write("kpis.csv", &good.replacen("document,id", "id,document", 1));
        let problems = check_csv(&path, TableKind::KpiCsv, CsvEncoding::Utf8);
        assert!(problems[0].message.contains("at column 1"), "{problems:?}");
    }

    #[test]
    fn pdfs_are_recognised() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let pdf = dir.path().join("a.pdf");
        std::fs::write(&pdf, b"%PDF-1.7\n...").unwrap_or_else(|e| panic!("{e}"));
        assert!(looks_like_pdf(&pdf));
        std::fs::write(&pdf, b"{\"error\": \"no %PDF- header\"}\n")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!looks_like_pdf(&pdf));
    }
}
