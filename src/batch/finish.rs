//! The run's own files, written once every document is: the combined tables
//! (`kpis.jsonl`, `kpis.csv`, `actuals.csv`, `kpis.xlsx`, `kpis.sqlite`), `datapackage.json`,
//! `manifest.json` last, and (with `clean`) the removal of earlier runs' document folders.

use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::output::manifest::{self, InputEntry, Manifest, RunOptions, Status};
use crate::output::tables;
use crate::output::Format;

use super::{BatchError, BatchOptions, Outcome};

/// Everything that needs all documents: the combined tables, the data package, the
/// manifest, then the clean-up. Each input's entry says whether it was written (`status`)
/// and what (`files`, `resources`, `records`).
pub(super) fn after_all_documents(
    options: &BatchOptions,
    inputs: Vec<InputEntry>,
    started_at: SystemTime,
    elapsed: Duration,
) -> Result<Outcome, BatchError> {
    let mut manifest = Manifest {
        tool: manifest::Tool::default(),
        spec_version: manifest::SPEC_VERSION,
        started_at: manifest::rfc3339_utc(started_at),
        elapsed_seconds: elapsed.as_secs_f64(),
        options: run_options(options),
        summary: Manifest::summarize(&inputs),
        files: Vec::new(),
        inputs,
    };
    let out = options.out_dir.as_path();
    // The combined tables, datapackage.json, then manifest.json last.
    tables::write_run_files(out, &mut manifest, &options.output)?;
    let removed = if options.clean {
        remove_unlisted_documents(out, &manifest.inputs)
    } else {
        Vec::new()
    };
    Ok(Outcome { manifest, removed })
}

fn run_options(options: &BatchOptions) -> RunOptions {
    RunOptions {
        formats: options
            .output
            .formats
            .iter()
            .map(|f| f.name().to_string())
            .collect(),
        csv_encoding: options.output.csv_encoding.name().to_string(),
        timeout_seconds: options.timeout.map_or(0.0, |t| t.as_secs_f64()),
        pages: options.pipeline.pdf.pages.as_ref().map(|p| p.to_string()),
    }
}

/// Removes every folder of `out` that holds only per-document files and is not written by
/// this run (`inputs`): what earlier runs left. A folder with anything else in it is not
/// ours and stays. Returns the names removed, sorted.
fn remove_unlisted_documents(out: &Path, inputs: &[InputEntry]) -> Vec<String> {
    let written: Vec<&str> = inputs
        .iter()
        .filter(|entry| entry.status == Status::Ok)
        .map(|entry| entry.stem.as_str())
        .collect();
    let Ok(entries) = std::fs::read_dir(out) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let ours = !name.starts_with('.') && !written.contains(&name.as_str());
        if ours && is_document_folder(&path) && std::fs::remove_dir_all(&path).is_ok() {
            removed.push(name);
        }
    }
    removed.sort();
    removed
}

/// A real folder (not a link) holding at least one file and only files a document writes.
fn is_document_folder(path: &Path) -> bool {
    let is_dir = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    let Ok(entries) = std::fs::read_dir(path).map(|e| e.collect::<Vec<_>>()) else {
        return false;
    };
    let per_document = [Format::Json, Format::Jsonl, Format::Csv].map(Format::file_name);
    is_dir
        && !entries.is_empty()
        && entries.iter().all(|entry| {
            entry.as_ref().is_ok_and(|e| {
                let is_file = e.file_type().is_ok_and(|t| t.is_file());
                is_file && per_document.contains(&e.file_name().to_string_lossy().as_ref())
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_folders_of_document_files_count_as_documents() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let make = |name: &str, files: &[&str]| {
            let folder = dir.path().join(name);
            std::fs::create_dir(&folder).unwrap_or_else(|e| panic!("{e}"));
            for file in files {
                std::fs::write(folder.join(file), b"x").unwrap_or_else(|e| panic!("{e}"));
            }
            folder
        };
        assert!(is_document_folder(&make(
            "old",
            &["kpis.jsonl", "kpis.csv"]
        )));
        assert!(!is_document_folder(&make(
            "mine",
            &["kpis.jsonl", "notes.txt"]
        )));
        assert!(!is_document_folder(&make("empty", &[])));
        let mut kept = InputEntry::new("kept.pdf".into(), "kept".into());
        kept.set_error(None);
        make("kept", &["document.json"]);
        let removed = remove_unlisted_documents(dir.path(), &[kept]);
        assert_eq!(removed, ["old"]);
        assert!(dir.path().join("kept").is_dir() && dir.path().join("mine").is_dir());
    }
}
