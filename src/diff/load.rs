//! Reading one side of a diff: a data directory, a `<stem>` directory or a `kpis.jsonl`.

use crate::model::{Heading, KpiRecord, Program};
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// The file name of the flat records inside a `<stem>` directory (and of the combined
/// records beside the manifest).
const KPIS_FILE: &str = "kpis.jsonl";
/// The run's manifest in a data directory.
const MANIFEST_FILE: &str = "manifest.json";

/// A file that is not a records file: say what it is and what diff wants instead.
fn refuse_wrong_file(path: &Path) -> Result<(), DiffError> {
    let wanted = "diff compares two output directories or kpis.jsonl files";
    let what = if crate::output::audit::looks_like_pdf(path) {
        Some("a PDF".to_string())
    } else {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match name.as_str() {
            "manifest.json" | "document.json" | "datapackage.json" => {
                Some(format!("a {name}; give its directory"))
            }
            n if n.ends_with(".csv") || n.ends_with(".xlsx") || n.ends_with(".sqlite") => {
                Some("a table export; give its directory".to_string())
            }
            _ => None,
        }
    };
    match what {
        Some(what) => Err(DiffError::WrongInput(format!(
            "{} is {what}; {wanted}",
            path.display()
        ))),
        None => Ok(()),
    }
}

/// The documents of a run: each `ok` entry of its manifest, in stem order, read from its
/// own `<stem>/kpis.jsonl` or else from the combined `kpis.jsonl`.
fn load_run(dir: &Path) -> Result<Side, DiffError> {
    let manifest_path = dir.join(MANIFEST_FILE);
    let io_error = |source| DiffError::Io {
        path: manifest_path.clone(),
        source,
    };
    let bytes = std::fs::read(&manifest_path).map_err(io_error)?;
    let manifest: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| DiffError::Json {
            path: manifest_path.clone(),
            line: e.line(),
            message: e.to_string(),
        })?;
    let stems: Vec<String> = manifest["inputs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["status"] == "ok")
        .filter_map(|e| e["stem"].as_str().map(str::to_string))
        .collect();
    let mut combined: Option<Vec<Document>> = None;
    let mut documents = Vec::new();
    for stem in stems {
        let own = dir.join(&stem).join(KPIS_FILE);
        if own.is_file() {
            documents.push(load_document(&own, stem)?);
            continue;
        }
        let all = dir.join(KPIS_FILE);
        if combined.is_none() && all.is_file() {
            combined = Some(load_documents(&all, String::new())?);
        }
        let Some(from_combined) = combined.as_ref() else {
            return Err(DiffError::NoRecords {
                dir: dir.to_path_buf(),
                stem,
            });
        };
        let found = from_combined.iter().find(|d| d.stem == stem);
        documents.push(found.cloned().unwrap_or_else(|| Document::empty(&stem)));
    }
    documents.sort_by(|a, b| a.stem.cmp(&b.stem));
    Ok(Side {
        documents,
        single: false,
    })
}

/// Every document of one `kpis.jsonl`, grouped by the records' `document` in order of
/// first appearance; an empty file is one empty document named `fallback`.
fn load_documents(file: &Path, fallback: String) -> Result<Vec<Document>, DiffError> {
    let records = load_records(file)?;
    if records.is_empty() {
        return Ok(vec![Document::empty(&fallback)]);
    }
    let mut groups: Vec<(String, Vec<KpiRecord>)> = Vec::new();
    for record in records {
        let stem = Some(record.document.clone())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| fallback.clone());
        match groups.iter_mut().find(|(s, _)| *s == stem) {
            Some((_, group)) => group.push(record),
            None => groups.push((stem, vec![record])),
        }
    }
    Ok(groups
        .into_iter()
        .map(|(stem, records)| Document::from_records(&stem, records))
        .collect())
}

/// Why one side of a diff could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// The path does not exist.
    #[error("{0}: no such file or directory")]
    NotFound(PathBuf),
    /// A directory holds neither `kpis.jsonl` nor `<stem>/kpis.jsonl`.
    #[error("{0}: no kpis.jsonl in this directory or its subdirectories")]
    NoDocuments(PathBuf),
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The path is something other than an output (a PDF, a manifest, …).
    #[error("{0}")]
    WrongInput(String),
    /// A document the manifest lists has no records file to read.
    #[error("{dir}: manifest.json lists {stem}, but neither {stem}/kpis.jsonl nor kpis.jsonl was written (extract with --format jsonl)")]
    NoRecords {
        /// The data directory.
        dir: PathBuf,
        /// The document.
        stem: String,
    },
    /// A line is not a KPI record.
    #[error("{path}:{line}: {message}")]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What serde_json said.
        message: String,
    },
}

/// One side of a diff: its documents, sorted by stem.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// The documents.
    pub documents: Vec<Document>,
    /// True when the path named one document (a `<stem>` directory or a `kpis.jsonl`):
    /// such a side pairs with the other side's single document whatever its stem.
    pub single: bool,
}

/// One document's records, grouped into programs in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The stem (the `document` field of its records, else the directory name).
    pub stem: String,
    /// Programs in the order of their first record.
    pub programs: Vec<ProgramGroup>,
}

/// The records of one program (one table row): consecutive records with the same
/// hierarchy and program fields.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramGroup {
    /// 基本目標.
    pub goal: Option<Heading>,
    /// 施策.
    pub policy: Option<Heading>,
    /// Sub-policy.
    pub subpolicy: Option<Heading>,
    /// The ⇒ measure.
    pub measure: Option<String>,
    /// Name, department, status, summary; None for the KPIs of a goal or policy that no
    /// program carries (they form one group per goal/policy).
    pub program: Option<Program>,
    /// Every record of the row, including the placeholder of a program without KPI.
    pub records: Vec<KpiRecord>,
}

impl ProgramGroup {
    fn from_record(record: KpiRecord) -> ProgramGroup {
        ProgramGroup {
            goal: record.goal.clone(),
            policy: record.policy.clone(),
            subpolicy: record.subpolicy.clone(),
            measure: record.measure.clone(),
            program: record.program.clone(),
            records: vec![record],
        }
    }

    fn holds(&self, record: &KpiRecord) -> bool {
        self.goal == record.goal
            && self.policy == record.policy
            && self.subpolicy == record.subpolicy
            && self.measure == record.measure
            && self.program == record.program
    }

    /// The program's KPIs: its records except the placeholder of a program without KPI
    /// (no indicator and no value at all).
    pub fn kpis(&self) -> impl Iterator<Item = &KpiRecord> {
        self.records.iter().filter(|r| !is_placeholder(r))
    }

    /// The program's name; empty for a goal's or policy's own KPIs.
    pub fn name(&self) -> &str {
        self.program.as_ref().map_or("", |p| p.name.as_str())
    }

    /// The program's summary; empty without a program.
    pub fn summary(&self) -> &str {
        self.program.as_ref().map_or("", |p| p.summary.as_str())
    }

    /// The (goal, policy) numbers within which a renamed program is searched.
    pub fn scope(&self) -> (Option<u32>, Option<u32>) {
        (
            self.goal.as_ref().map(|h| h.number),
            self.policy.as_ref().map(|h| h.number),
        )
    }
}

fn is_placeholder(record: &KpiRecord) -> bool {
    record.indicator.is_none()
        && record.baseline.is_none()
        && record.target.is_none()
        && record.actuals.is_empty()
}

impl Document {
    /// A document with no program (the missing side of an unpaired document).
    pub fn empty(stem: &str) -> Document {
        Document {
            stem: stem.to_string(),
            programs: Vec::new(),
        }
    }

    /// Groups records into programs: a new program starts whenever the hierarchy or the
    /// program fields differ from the previous record's.
    pub fn from_records(stem: &str, records: Vec<KpiRecord>) -> Document {
        let mut programs: Vec<ProgramGroup> = Vec::new();
        for record in records {
            match programs.last_mut() {
                Some(last) if last.holds(&record) => last.records.push(record),
                _ => programs.push(ProgramGroup::from_record(record)),
            }
        }
        Document {
            stem: stem.to_string(),
            programs,
        }
    }
}

/// Reads one side: a data directory (the documents its `manifest.json` lists, and only
/// those), a `kpis.jsonl` file (per document or combined: records are grouped by their
/// `document`), a `<stem>` directory holding one, or an older data directory without a
/// manifest whose subdirectories hold them.
pub fn load(path: &Path) -> Result<Side, DiffError> {
    if !path.exists() {
        return Err(DiffError::NotFound(path.to_path_buf()));
    }
    if path.is_file() {
        refuse_wrong_file(path)?;
        let documents = load_documents(path, fallback_stem(path))?;
        return Ok(Side {
            single: documents.len() == 1,
            documents,
        });
    }
    if path.join(MANIFEST_FILE).is_file() {
        return load_run(path);
    }
    let own = path.join(KPIS_FILE);
    if own.is_file() {
        return Ok(Side {
            documents: vec![load_document(&own, dir_name(path))?],
            single: true,
        });
    }
    load_data_dir(path)
}

fn load_data_dir(path: &Path) -> Result<Side, DiffError> {
    let entries = std::fs::read_dir(path).map_err(|source| DiffError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path().join(KPIS_FILE))
        .filter(|file| file.is_file())
        .collect();
    if files.is_empty() {
        return Err(DiffError::NoDocuments(path.to_path_buf()));
    }
    files.sort();
    let mut documents = files
        .iter()
        .map(|file| load_document(file, fallback_stem(file)))
        .collect::<Result<Vec<_>, _>>()?;
    documents.sort_by(|a, b| a.stem.cmp(&b.stem));
    Ok(Side {
        documents,
        single: false,
    })
}

/// The stem of a `kpis.jsonl` when its records are empty: its directory's name, or the
/// file's own stem for a file named otherwise.
fn fallback_stem(file: &Path) -> String {
    let named_kpis = file.file_name().is_some_and(|n| n == KPIS_FILE);
    match file.parent() {
        Some(dir) if named_kpis => dir_name(dir),
        _ => file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

fn dir_name(dir: &Path) -> String {
    let absolute = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    absolute
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn load_document(file: &Path, fallback: String) -> Result<Document, DiffError> {
    let records = load_records(file)?;
    let stem = records
        .first()
        .map(|r| r.document.clone())
        .filter(|s| !s.is_empty())
        .unwrap_or(fallback);
    Ok(Document::from_records(&stem, records))
}

/// Reads a `kpis.jsonl`: one record per non-blank line; a bad line is an error naming
/// the file and the line.
pub fn load_records(file: &Path) -> Result<Vec<KpiRecord>, DiffError> {
    let io_error = |source| DiffError::Io {
        path: file.to_path_buf(),
        source,
    };
    let reader = std::io::BufReader::new(std::fs::File::open(file).map_err(io_error)?);
    let mut records = Vec::new();
    for (index, line) in reader.lines().enumerate() {
        let line = line.map_err(io_error)?;
        if line.trim().is_empty() {
            continue;
        }
        let record = serde_json::from_str(&line).map_err(|e| {
            let message = if index == 0 && !line.trim_start().starts_with('{') {
                format!("not a kpis.jsonl (line 1 is not a JSON record: {e}); diff compares two output directories or kpis.jsonl files")
            } else {
                e.to_string()
            };
            DiffError::Json {
                path: file.to_path_buf(),
                line: index + 1,
                message,
            }
        })?;
        records.push(record);
    }
    Ok(records)
}
