//! Stage 5: schema validation and the output data directory.
//!
//! ```text
//! OUT/
//!   manifest.json         one entry per input (manifest.rs)
//!   datapackage.json      Frictionless Data Package of the CSV/JSONL files (datapackage.rs)
//!   <stem>/document.json  the Extraction as a tree (document.schema.json)
//!   <stem>/kpis.jsonl     one KpiRecord per line (kpi-record.schema.json)
//!   <stem>/kpis.csv       the same records flattened (csv.rs documents the columns)
//! ```
//!
//! Loading the data (pandas):
//!
//! ```text
//! import json, pandas as pd
//! kpis = pd.read_json("OUT/<stem>/kpis.jsonl", lines=True)        # nested columns as dicts
//! flat = pd.read_csv("OUT/<stem>/kpis.csv", dtype={"id": str})    # one column per scalar
//! flat["actuals"] = flat["actuals"].map(json.loads)               # list columns are JSON text
//! ```
//!
//! With `--csv-encoding utf-8-bom` read the CSV with `encoding="utf-8-sig"`, with
//! `shift_jis` with `encoding="cp932"` (what `datapackage.json` declares).
//!
//! [`render`] validates everything and produces the bytes in memory; only then does
//! [`write_document`] publish them, so a document that fails validation or encoding
//! leaves nothing behind. Bytes are deterministic: struct field order, `serde_json`'s
//! shortest round-trip floats, no timestamps.

pub mod csv;
pub mod datapackage;
pub mod manifest;
pub mod schema;
pub mod stem;
pub mod validate;
pub mod write;

use std::path::Path;

use serde_json::Value;

use crate::model::Extraction;
use schema::SchemaName;

/// A per-document file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// `document.json`.
    Json,
    /// `kpis.jsonl`.
    Jsonl,
    /// `kpis.csv`.
    Csv,
}

impl Format {
    /// The name used by `--format` and the manifest.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
        }
    }

    /// The file it produces inside `<stem>/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Json => "document.json",
            Format::Jsonl => "kpis.jsonl",
            Format::Csv => "kpis.csv",
        }
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
    /// Per-document files, in `Format` order, no duplicates.
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
    for format in [Format::Json, Format::Jsonl, Format::Csv] {
        if !options.formats.contains(&format) {
            continue;
        }
        let bytes = match format {
            Format::Json => pretty_json(&document)?,
            Format::Jsonl => json_lines(&records),
            Format::Csv => {
                let columns = csv::columns(&records);
                let bytes = csv::render(&records, &columns, options.csv_encoding)?;
                csv_columns = Some(columns);
                bytes
            }
        };
        files.push((format.file_name(), bytes));
    }
    Ok(RenderedDocument {
        files,
        csv_columns,
        records: records.len(),
    })
}

fn json_lines(records: &[Value]) -> Vec<u8> {
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
