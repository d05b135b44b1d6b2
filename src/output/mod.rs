//! Stage 5: schema validation and the output data directory.
//!
//! ```text
//! OUT/
//!   manifest.json         one entry per input (manifest.rs)
//!   datapackage.json      Frictionless Data Package of the tables (datapackage.rs)
//!   kpis.jsonl            every document's records, in input order (tables.rs)
//!   kpis.csv              the same, one fixed column set (csv.rs documents the columns)
//!   actuals.csv           tidy: one row per KPI and year
//!   kpis.xlsx             --format xlsx: sheets KPIs, actuals, documents (xlsx.rs)
//!   kpis.sqlite           --format sqlite: tables documents, kpis, actuals (sqlite.rs)
//!   <stem>/document.json  the Extraction as a tree (document.schema.json)
//!   <stem>/kpis.jsonl     one KpiRecord per line (kpi-record.schema.json)
//!   <stem>/kpis.csv       the same records flattened, the same columns as OUT/kpis.csv
//! ```
//!
//! Loading the data (pandas):
//!
//! ```text
//! import pandas as pd
//! kpis = pd.read_json("OUT/kpis.jsonl", lines=True)           # nested columns as dicts
//! flat = pd.read_csv("OUT/kpis.csv", dtype={"id": str})        # one column per scalar
//! actuals = pd.read_csv("OUT/actuals.csv", dtype={"id": str})  # join on document + id
//! ```
//!
//! With `--csv-encoding utf-8-bom` read the CSV with `encoding="utf-8-sig"`, with
//! `shift_jis` with `encoding="cp932"` (what `datapackage.json` declares).
//!
//! [`render`] validates everything and produces the bytes in memory; only then does
//! [`write_document`] publish them, so a document that fails validation leaves nothing
//! behind. The run's combined files are written once after every document
//! ([`tables::write_run_tables`]), from this run's manifest entries only. Bytes are
//! deterministic: struct field order, `serde_json`'s shortest round-trip floats, no
//! timestamps (only `manifest.json` holds run times).

pub mod audit;
pub mod csv;
pub mod datapackage;
pub mod manifest;
pub mod schema;
pub mod sqlite;
pub mod stem;
pub mod tables;
pub mod validate;
pub mod write;
pub mod xlsx;

use std::path::Path;

use serde_json::Value;

use crate::model::Extraction;
use schema::SchemaName;

/// An output format of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// `<stem>/document.json`.
    Json,
    /// `<stem>/kpis.jsonl` and the combined `kpis.jsonl`.
    Jsonl,
    /// `<stem>/kpis.csv`, the combined `kpis.csv` and `actuals.csv`.
    Csv,
    /// The workbook `kpis.xlsx` (run level only).
    Xlsx,
    /// The database `kpis.sqlite` (run level only).
    Sqlite,
}

impl Format {
    /// The name used by `--format` and the manifest.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Sqlite => "sqlite",
        }
    }

    /// The file it produces (inside `<stem>/` for the per-document formats).
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Json => "document.json",
            Format::Jsonl => "kpis.jsonl",
            Format::Csv => "kpis.csv",
            Format::Xlsx => "kpis.xlsx",
            Format::Sqlite => "kpis.sqlite",
        }
    }

    /// Whether each document gets a file of this format in `<stem>/`.
    pub fn per_document(self) -> bool {
        matches!(self, Format::Json | Format::Jsonl | Format::Csv)
    }
}

/// Text encoding of `kpis.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvEncoding {
    /// UTF-8 without BOM (pandas, R, Datasette).
    #[default]
    Utf8,
    /// UTF-8 with a byte-order mark (Excel opens it as UTF-8).
    Utf8Bom,
    /// Shift_JIS as Windows writes it (CP932), for older Excel in Japan.
    ShiftJis,
}

impl CsvEncoding {
    /// The name used by `--csv-encoding` and the manifest.
    pub fn name(self) -> &'static str {
        match self {
            CsvEncoding::Utf8 => "utf-8",
            CsvEncoding::Utf8Bom => "utf-8-bom",
            CsvEncoding::ShiftJis => "shift_jis",
        }
    }

    /// The codec name other tools decode it with (Python, pandas, Frictionless).
    pub fn python_codec(self) -> &'static str {
        match self {
            CsvEncoding::Utf8 => "utf-8",
            CsvEncoding::Utf8Bom => "utf-8-sig",
            CsvEncoding::ShiftJis => "cp932",
        }
    }
}

/// What to write for each document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputOptions {
    /// Formats to write, in `Format` order, no duplicates.
    pub formats: Vec<Format>,
    /// Encoding of `kpis.csv`.
    pub csv_encoding: CsvEncoding,
}

impl Default for OutputOptions {
    fn default() -> OutputOptions {
        OutputOptions {
            formats: vec![Format::Json, Format::Jsonl, Format::Csv],
            csv_encoding: CsvEncoding::Utf8,
        }
    }
}

/// Why a document (or the run's own files) could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The data breaks the schema (a bug in an earlier stage).
    #[error("schema validation failed: {0}")]
    Schema(String),
    /// A character cannot be written in the chosen CSV encoding.
    #[error("CSV encoding: {0}")]
    Encoding(String),
    /// The workbook could not be built.
    #[error("kpis.xlsx: {0}")]
    Xlsx(String),
    /// The database could not be built.
    #[error("kpis.sqlite: {0}")]
    Sqlite(String),
    /// CSV writing failed.
    #[error("CSV: {0}")]
    Csv(String),
    /// JSON serialisation failed.
    #[error("JSON: {0}")]
    Json(String),
    /// A file system operation failed.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// One document's files, validated and encoded, ready to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedDocument {
    /// `(file name, bytes)` in `Format` order.
    pub files: Vec<(&'static str, Vec<u8>)>,
    /// The CSV columns, when a CSV is among the files (for the Data Package).
    pub csv_columns: Option<Vec<csv::Column>>,
    /// Number of flat records (lines of `kpis.jsonl`, rows of `kpis.csv`).
    pub records: usize,
    /// The validated records, for the run's combined files.
    pub values: std::sync::Arc<Vec<Value>>,
    /// Characters of `kpis.csv` the CSV encoding could not hold (written as `〓`).
    pub replaced_characters: u64,
    /// Manifest warnings about the files (e.g. those replaced characters).
    pub warnings: Vec<String>,
}

impl RenderedDocument {
    /// The Data Package entry for this document under `stem`. An empty `kpis.jsonl` is
    /// left out: Frictionless cannot read a JSON Lines table without a row (an empty CSV
    /// still has its header and stays in).
    pub fn resources(&self, stem: &str) -> datapackage::DocumentResources {
        let wrote_jsonl = self
            .files
            .iter()
            .any(|(name, _)| *name == Format::Jsonl.file_name());
        datapackage::DocumentResources {
            stem: stem.to_string(),
            csv_columns: self.csv_columns.clone(),
            jsonl: wrote_jsonl && self.records > 0,
        }
    }
}

/// Pretty JSON (two-space indent) with a final newline.
pub(crate) fn pretty_json(value: &Value) -> Result<Vec<u8>, OutputError> {
    let mut bytes =
        serde_json::to_vec_pretty(value).map_err(|e| OutputError::Json(e.to_string()))?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn to_value<T: serde::Serialize>(item: &T) -> Result<Value, OutputError> {
    serde_json::to_value(item).map_err(|e| OutputError::Json(e.to_string()))
}

/// The document tree and every record as JSON values, each validated against its schema.
pub fn validated_values(extraction: &Extraction) -> Result<(Value, Vec<Value>), OutputError> {
    let document = to_value(extraction)?;
    validate::check(SchemaName::Document, &document)
        .map_err(|v| OutputError::Schema(format!("document.json {}", validate::describe(&v))))?;
    let mut records = Vec::with_capacity(extraction.kpis.len());
    for (index, record) in extraction.kpis.iter().enumerate() {
        let value = to_value(record)?;
        let context = || format!("record {} (id {:?})", index + 1, record.id);
        validate::check(SchemaName::KpiRecord, &value).map_err(|v| {
            OutputError::Schema(format!("{} {}", context(), validate::describe(&v)))
        })?;
        if record.document != extraction.document {
            return Err(OutputError::Schema(format!(
                "{}: document {:?} differs from the document's stem {:?}",
                context(),
                record.document,
                extraction.document
            )));
        }
        records.push(value);
    }
    check_unique_ids(extraction)?;
    Ok((document, records))
}

/// Record ids are the key other tools join and diff on (the Data Package declares `id` as
/// primary key), so a repeated id is a bug like a schema violation.
fn check_unique_ids(extraction: &Extraction) -> Result<(), OutputError> {
    let mut first_seen = std::collections::HashMap::new();
    for (index, record) in extraction.kpis.iter().enumerate() {
        if let Some(first) = first_seen.insert(record.id.as_str(), index) {
            return Err(OutputError::Schema(format!(
                "records {} and {} share the id {:?}",
                first + 1,
                index + 1,
                record.id
            )));
        }
    }
    Ok(())
}

/// Validates and encodes one document's files in memory (nothing is written).
pub fn render(
    extraction: &Extraction,
    options: &OutputOptions,
) -> Result<RenderedDocument, OutputError> {
    let (document, records) = validated_values(extraction)?;
    let mut files = Vec::new();
    let mut csv_columns = None;
    let (mut replaced_characters, mut warnings) = (0, Vec::new());
    for format in [Format::Json, Format::Jsonl, Format::Csv] {
        if !options.formats.contains(&format) {
            continue;
        }
        let bytes = match format {
            Format::Json => pretty_json(&document)?,
            Format::Jsonl => json_lines(&records),
            _ => {
                let columns = csv::kpi_columns();
                let encoded = csv::render(&records, &columns, options.csv_encoding)?;
                replaced_characters = encoded.replaced.len() as u64;
                let file = format!("{}/{}", extraction.document, format.file_name());
                warnings.extend(csv::replacement_warning(&file, &encoded.replaced));
                csv_columns = Some(columns);
                encoded.bytes
            }
        };
        files.push((format.file_name(), bytes));
    }
    Ok(RenderedDocument {
        files,
        csv_columns,
        records: records.len(),
        values: std::sync::Arc::new(records),
        replaced_characters,
        warnings,
    })
}

/// Records as JSON Lines: one compact record per line.
pub(crate) fn json_lines(records: &[Value]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for record in records {
        bytes.extend_from_slice(record.to_string().as_bytes());
        bytes.push(b'\n');
    }
    bytes
}

/// Publishes a rendered document as `out/<stem>/` atomically; returns the paths written,
/// relative to `out`.
pub fn write_document(
    out: &Path,
    stem: &str,
    rendered: &RenderedDocument,
) -> Result<Vec<String>, OutputError> {
    let staged = write::StagedDir::new(out)?;
    for (name, bytes) in &rendered.files {
        staged.add(name, bytes)?;
    }
    staged.commit(stem)?;
    Ok(rendered
        .files
        .iter()
        .map(|(name, _)| format!("{stem}/{name}"))
        .collect())
}
