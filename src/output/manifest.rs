//! `manifest.json`: one entry per input of a run, the only file with run times.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

use super::datapackage::DocumentResources;
use super::schema::SchemaName;
use super::validate::{check, describe};
use super::OutputError;
use crate::model::PageError;

/// Version of `schemas/records.md` the records follow.
pub const SPEC_VERSION: u32 = 2;

/// The tool that wrote the manifest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tool {
    /// Always `kpi-extract`.
    pub name: String,
    /// The crate version.
    pub version: String,
}

impl Default for Tool {
    fn default() -> Tool {
        Tool {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// The options of the run that shape the output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunOptions {
    /// Per-document files written: `json`, `jsonl`, `csv`.
    pub formats: Vec<String>,
    /// `utf-8`, `utf-8-bom` or `shift_jis`.
    pub csv_encoding: String,
    /// Per-file time budget.
    pub timeout_seconds: f64,
    /// The page selection (`--pages`), absent when every page was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<String>,
}

/// Totals over all inputs.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Summary {
    /// Number of inputs.
    pub inputs: u64,
    /// Inputs converted.
    pub ok: u64,
    /// Inputs that failed.
    pub failed: u64,
    /// Pages of the inputs that could be read.
    pub pages: u64,
    /// Flat records written.
    pub records: u64,
    /// Pages that could not be read (all of them, or part of their text) in converted inputs.
    pub page_errors: u64,
    /// Warnings of converted inputs (each input's `warnings`).
    pub warnings: u64,
    /// Converted inputs that gave no KPI.
    pub no_kpi: u64,
    /// Glyphs shown as U+FFFD in converted inputs.
    pub undecoded_glyphs: u64,
}

/// What was extracted from one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    /// Programs (table rows).
    pub programs: u64,
    /// KPIs.
    pub kpis: u64,
    /// Flat records (lines of `kpis.jsonl`).
    pub records: u64,
    /// Pages that failed.
    pub page_errors: u64,
    /// Characters of this document's CSV rows that the CSV encoding could not hold
    /// (written as `〓`; the JSON files keep them).
    pub replaced_characters: u64,
    /// Warnings (the input's `warnings`).
    pub warnings: u64,
    /// Glyphs whose character could not be decoded, shown as U+FFFD.
    pub undecoded_glyphs: u64,
}

/// Whether an input was converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Converted and written.
    Ok,
    /// Not written; see `error`.
    Failed,
}

/// One input of the run: what the batch reports for it, written as it is into the
/// manifest (the one report type of a converted file).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputEntry {
    /// The path as found.
    pub path: String,
    /// Its directory name in the data directory.
    pub stem: String,
    /// SHA-256 of its bytes (hex), null when unreadable.
    pub sha256: Option<String>,
    /// Size in bytes, null when unreadable.
    pub bytes: Option<u64>,
    /// Number of pages, null when the PDF could not be read.
    pub pages: Option<u32>,
    /// ok or failed.
    pub status: Status,
    /// Why it failed, null when ok.
    pub error: Option<String>,
    /// Programs, KPIs, records, failed pages; null when nothing was extracted.
    pub counts: Option<Counts>,
    /// Pages that failed, with their error.
    pub page_errors: Vec<PageError>,
    /// Files written, relative to the data directory.
    pub files: Vec<String>,
    /// Time spent on this input.
    pub seconds: f64,
    /// Version of the tool that converted it.
    pub tool_version: String,
    /// What the reader should know about this input's output: document warnings (no KPI
    /// found, no text layer, fonts that did not load fully, `page N: …` for stage 1's page
    /// warnings) and characters the CSV encoding could not hold; empty when failed.
    pub warnings: Vec<String>,
    /// The tabular files written, for the Data Package; None when nothing was written.
    #[serde(skip)]
    pub resources: Option<DocumentResources>,
    /// The validated records written, for the run's combined files (not in the manifest).
    #[serde(skip)]
    pub records: Arc<Vec<serde_json::Value>>,
}

impl InputEntry {
    /// An entry for `path` under `stem`, failed until the batch says otherwise.
    pub fn new(path: String, stem: String) -> InputEntry {
        InputEntry {
            path,
            stem,
            sha256: None,
            bytes: None,
            pages: None,
            status: Status::Failed,
            error: None,
            counts: None,
            page_errors: Vec::new(),
            files: Vec::new(),
            seconds: 0.0,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            warnings: Vec::new(),
            resources: None,
            records: Arc::default(),
        }
    }

    /// Sets `error` and the status that goes with it (ok exactly when there is no error).
    pub fn set_error(&mut self, error: Option<String>) {
        self.status = if error.is_none() {
            Status::Ok
        } else {
            Status::Failed
        };
        self.error = error;
    }
}

/// The whole manifest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Manifest {
    /// The tool.
    pub tool: Tool,
    /// Version of the records contract.
    pub spec_version: u32,
    /// UTC start of the run, RFC 3339.
    pub started_at: String,
    /// Wall time of the run.
    pub elapsed_seconds: f64,
    /// Options that shape the output.
    pub options: RunOptions,
    /// Totals.
    pub summary: Summary,
    /// The run's own files beside the document folders, relative to the data directory.
    pub files: Vec<String>,
    /// One entry per input, in input order.
    pub inputs: Vec<InputEntry>,
}

impl Manifest {
    /// Totals computed from the entries.
    pub fn summarize(inputs: &[InputEntry]) -> Summary {
        let mut summary = Summary {
            inputs: inputs.len() as u64,
            ..Summary::default()
        };
        for entry in inputs {
            match entry.status {
                Status::Ok => summary.ok += 1,
                Status::Failed => summary.failed += 1,
            }
            summary.pages += u64::from(entry.pages.unwrap_or(0));
            if entry.status == Status::Ok {
                let counts = entry.counts.unwrap_or_default();
                summary.records += counts.records;
                summary.page_errors += entry.page_errors.len() as u64;
                summary.warnings += entry.warnings.len() as u64;
                summary.no_kpi += u64::from(counts.kpis == 0);
                summary.undecoded_glyphs += counts.undecoded_glyphs;
            }
        }
        summary
    }

    /// Pretty JSON bytes, validated against the manifest schema.
    pub fn to_bytes(&self) -> Result<Vec<u8>, OutputError> {
        let value = serde_json::to_value(self).map_err(|e| OutputError::Json(e.to_string()))?;
        check(SchemaName::Manifest, &value)
            .map_err(|v| OutputError::Schema(format!("manifest: {}", describe(&v))))?;
        super::pretty_json(&value)
    }
}

/// Formats a time as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub fn rfc3339_utc(time: SystemTime) -> String {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn formats_utc_times() {
        assert_eq!(rfc3339_utc(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_709_210_096); // leap day 2024
        assert_eq!(rfc3339_utc(t), "2024-02-29T12:34:56Z");
    }

    fn entry(status: Status, error: Option<&str>) -> InputEntry {
        InputEntry {
            path: "a.pdf".into(),
            stem: "a".into(),
            sha256: Some("0".repeat(64)),
            bytes: Some(10),
            pages: Some(3),
            status,
            error: error.map(str::to_string),
            counts: Some(Counts {
                kpis: 4,
                records: 4,
                ..Counts::default()
            }),
            page_errors: vec![PageError {
                page: 2,
                error: "bad".into(),
            }],
            files: vec!["a/kpis.jsonl".into()],
            seconds: 0.5,
            tool_version: "0.1.0".into(),
            warnings: vec!["page 2: 3 undecodable character code(s)".into()],
            resources: None,
            records: Arc::default(),
        }
    }

    fn manifest(inputs: Vec<InputEntry>) -> Manifest {
        Manifest {
            tool: Tool::default(),
            spec_version: SPEC_VERSION,
            started_at: rfc3339_utc(UNIX_EPOCH),
            elapsed_seconds: 1.0,
            options: RunOptions {
                formats: vec!["json".into()],
                csv_encoding: "utf-8".into(),
                timeout_seconds: 300.0,
                pages: None,
            },
            summary: Manifest::summarize(&inputs),
            files: Vec::new(),
            inputs,
        }
    }

    #[test]
    fn valid_manifest_passes_and_sums() {
        let m = manifest(vec![
            entry(Status::Ok, None),
            entry(Status::Failed, Some("x")),
        ]);
        assert_eq!(
            (m.summary.ok, m.summary.failed, m.summary.records),
            (1, 1, 4)
        );
        // Warnings and "no KPI" count converted inputs only.
        assert_eq!((m.summary.warnings, m.summary.no_kpi), (1, 0));
        assert!(m.to_bytes().is_ok());
    }

    #[test]
    fn inputs_without_kpi_are_counted_with_their_warnings() {
        let mut empty = entry(Status::Ok, None);
        empty.counts = Some(Counts::default());
        empty.warnings = vec!["no KPI record found (3 tables seen)".into()];
        let m = manifest(vec![entry(Status::Ok, None), empty]);
        assert_eq!((m.summary.no_kpi, m.summary.warnings), (1, 2));
        let bytes = m.to_bytes().unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("no KPI record found"), "{text}");
    }

    #[test]
    fn failed_entry_needs_an_error() {
        let m = manifest(vec![entry(Status::Failed, None)]);
        assert!(matches!(m.to_bytes(), Err(OutputError::Schema(_))));
        let m = manifest(vec![entry(Status::Ok, Some("why?"))]);
        assert!(matches!(m.to_bytes(), Err(OutputError::Schema(_))));
    }
}
