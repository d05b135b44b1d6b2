//! The run's own files beside the document folders, written once after every document of
//! a batch: the combined `kpis.jsonl` and `kpis.csv`, the tidy `actuals.csv`, on request
//! `kpis.xlsx` and `kpis.sqlite`, then `datapackage.json` and last `manifest.json`.
//!
//! They hold the documents of this run's manifest entries only (status `ok`, in input
//! order): a document folder an earlier run left in the same directory is not in them. A
//! run file this run does not produce (e.g. `kpis.xlsx` of an earlier `--format xlsx`) is
//! removed, so that every file beside the manifest describes the same run.

use std::path::Path;

use serde_json::{json, Value};

use super::csv::{self, Column, Replacement};
use super::datapackage::{self, DocumentResources, RunResources};
use super::manifest::{InputEntry, Manifest, Status};
use super::write::{remove_file_if_present, write_file_atomic, write_path_atomic};
use super::{pretty_json, Format, OutputError, OutputOptions};

/// Combined JSON Lines of every document.
pub const KPIS_JSONL: &str = "kpis.jsonl";
/// Combined CSV of every document.
pub const KPIS_CSV: &str = "kpis.csv";
/// Tidy actuals of every document.
pub const ACTUALS_CSV: &str = "actuals.csv";
/// The Data Package.
pub const DATAPACKAGE: &str = "datapackage.json";
/// The manifest.
pub const MANIFEST: &str = "manifest.json";

/// Every run-level file except the manifest, for removing the ones a run does not produce.
pub const RUN_FILES: [&str; 6] = [
    KPIS_JSONL,
    KPIS_CSV,
    ACTUALS_CSV,
    super::xlsx::FILE_NAME,
    super::sqlite::FILE_NAME,
    DATAPACKAGE,
];

/// This run's converted documents in manifest order, with their records.
#[derive(Debug, Clone)]
pub struct RunData<'a> {
    /// Each converted input: its manifest entry, records and per-document resources.
    pub documents: Vec<(&'a InputEntry, &'a [Value], Option<&'a DocumentResources>)>,
    /// Every manifest entry (the `documents` sheet and table list failed inputs too).
    pub entries: &'a [InputEntry],
}

impl<'a> RunData<'a> {
    /// The manifest's `ok` entries with the records and resources they carry.
    pub fn new(entries: &'a [InputEntry]) -> RunData<'a> {
        let documents = entries
            .iter()
            .filter(|e| e.status == Status::Ok)
            .map(|e| (e, e.records.as_slice(), e.resources.as_ref()))
            .collect();
        RunData { documents, entries }
    }

    /// Every record of the run, in input order.
    pub fn records(&self) -> impl Iterator<Item = &'a Value> + '_ {
        self.documents
            .iter()
            .flat_map(|(_, records, _)| records.iter())
    }

    /// Every actual of the run as an `actuals.csv` row, in input and record order.
    pub fn actual_rows(&self) -> Vec<Value> {
        self.records().flat_map(csv::actual_rows).collect()
    }
}

/// The columns of the `documents` sheet and table (one row per manifest entry).
pub fn document_columns() -> Vec<Column> {
    use csv::FieldType::*;
    vec![
        Column::at("document", String, "Document stem (its folder)"),
        Column::at("path", String, "The input path"),
        Column::at("status", String, "ok or failed"),
        Column::at("error", String, "Why it failed; empty when ok"),
        Column::at("pages", Integer, "Number of pages"),
        Column::at("programs", Integer, "Programs (table rows)"),
        Column::at("kpis", Integer, "KPIs"),
        Column::at("records", Integer, "Flat records (rows of kpis)"),
        Column::at("page_errors", Integer, "Pages that could not be read"),
        Column::at("warnings", String, "Warnings, joined with \"; \""),
        Column::at("sha256", String, "SHA-256 of the input"),
        Column::at("bytes", Integer, "Size of the input in bytes"),
    ]
}

/// One manifest entry as a row for [`document_columns`].
pub fn document_row(entry: &InputEntry) -> Value {
    let count = |f: fn(&super::manifest::Counts) -> u64| entry.counts.as_ref().map(f);
    let warnings =
        (!entry.warnings.is_empty()).then(|| entry.warnings.join(csv::TEXT_LIST_SEPARATOR));
    json!({
        "document": entry.stem,
        "path": entry.path,
        "status": entry.status,
        "error": entry.error,
        "pages": entry.pages,
        "programs": count(|c| c.programs),
        "kpis": count(|c| c.kpis),
        "records": count(|c| c.records),
        "page_errors": entry.page_errors.len(),
        "warnings": warnings,
        "sha256": entry.sha256,
        "bytes": entry.bytes,
    })
}

/// Writes the run's files into `out` and last the manifest: the combined tables for the
/// formats asked, `datapackage.json`, `manifest.json` (whose `files`, `warnings` and
/// replacement counts this fills in).
pub fn write_run_files(
    out: &Path,
    manifest: &mut Manifest,
    options: &OutputOptions,
) -> Result<(), OutputError> {
    let entries = manifest.inputs.clone();
    let data = RunData::new(&entries);
    let mut written = Vec::new();
    let mut run = RunResources {
        jsonl_keys: data
            .records()
            .next()
            .and_then(Value::as_object)
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default(),
        ..RunResources::default()
    };
    if options.formats.contains(&Format::Jsonl) {
        let records: Vec<Value> = data.records().cloned().collect();
        write_file_atomic(out, KPIS_JSONL, &super::json_lines(&records))?;
        written.push(KPIS_JSONL);
        run.jsonl = true;
    }
    if options.formats.contains(&Format::Csv) {
        let replaced = write_csv_tables(out, &data, options)?;
        note_replacements(manifest, &replaced);
        written.extend([KPIS_CSV, ACTUALS_CSV]);
        run.csv = true;
    }
    if options.formats.contains(&Format::Xlsx) {
        let bytes = super::xlsx::render(&data)?;
        write_file_atomic(out, super::xlsx::FILE_NAME, &bytes)?;
        written.push(super::xlsx::FILE_NAME);
        run.xlsx = true;
    }
    if options.formats.contains(&Format::Sqlite) {
        write_path_atomic(out, super::sqlite::FILE_NAME, |path| {
            super::sqlite::write(path, &data)
        })?;
        written.push(super::sqlite::FILE_NAME);
    }
    let resources: Vec<DocumentResources> = data
        .documents
        .iter()
        .filter_map(|(_, _, r)| r.cloned())
        .collect();
    if let Some(package) = datapackage::build(&run, &resources, options.csv_encoding) {
        write_file_atomic(out, DATAPACKAGE, &pretty_json(&package)?)?;
        written.push(DATAPACKAGE);
    }
    for stale in RUN_FILES.iter().filter(|name| !written.contains(name)) {
        remove_file_if_present(out, stale)?;
    }
    manifest.files = written.iter().map(|name| name.to_string()).collect();
    manifest.summary = Manifest::summarize(&manifest.inputs);
    write_file_atomic(out, MANIFEST, &manifest.to_bytes()?)
}

/// Writes the combined `kpis.csv` and `actuals.csv`; returns the replaced characters of
/// `actuals.csv` with the document of their row (those of `kpis.csv` are the documents'
/// own `kpis.csv` ones, already counted when each document was written).
fn write_csv_tables(
    out: &Path,
    data: &RunData<'_>,
    options: &OutputOptions,
) -> Result<Vec<(String, Replacement)>, OutputError> {
    let kpis = csv::render(data.records(), &csv::kpi_columns(), options.csv_encoding)?;
    let actual_rows = data.actual_rows();
    let actuals = csv::render(&actual_rows, &csv::actual_columns(), options.csv_encoding)?;
    write_file_atomic(out, KPIS_CSV, &kpis.bytes)?;
    write_file_atomic(out, ACTUALS_CSV, &actuals.bytes)?;
    let document_of_row = |row: usize| {
        actual_rows
            .get(row.wrapping_sub(1))
            .and_then(|r| r["document"].as_str())
            .unwrap_or_default()
            .to_string()
    };
    Ok(actuals
        .replaced
        .into_iter()
        .map(|r| (document_of_row(r.row), r))
        .collect())
}

/// Adds the characters replaced in `actuals.csv` to each document's entry: its count and
/// one warning naming them.
fn note_replacements(manifest: &mut Manifest, replaced: &[(String, Replacement)]) {
    for entry in &mut manifest.inputs {
        let own: Vec<Replacement> = replaced
            .iter()
            .filter(|(document, _)| *document == entry.stem)
            .map(|(_, r)| r.clone())
            .collect();
        let Some(warning) = csv::replacement_warning(ACTUALS_CSV, &own) else {
            continue;
        };
        entry.warnings.push(warning);
        if let Some(counts) = entry.counts.as_mut() {
            counts.replaced_characters += own.len() as u64;
        }
    }
}
