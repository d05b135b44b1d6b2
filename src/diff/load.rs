//! Reading one side of a diff: a data directory, a `<stem>` directory or a `kpis.jsonl`.

use crate::model::{Heading, KpiRecord, Program};
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// The file name of the flat records inside a `<stem>` directory.
const KPIS_FILE: &str = "kpis.jsonl";

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

/// Reads one side: a `kpis.jsonl` file, a `<stem>` directory holding one, or a data
/// directory whose subdirectories hold them.
pub fn load(path: &Path) -> Result<Side, DiffError> {
    if !path.exists() {
        return Err(DiffError::NotFound(path.to_path_buf()));
    }
    if path.is_file() {
        return Ok(Side {
            documents: vec![load_document(path, fallback_stem(path))?],
            single: true,
        });
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
        let record = serde_json::from_str(&line).map_err(|e| DiffError::Json {
            path: file.to_path_buf(),
            line: index + 1,
            message: e.to_string(),
        })?;
        records.push(record);
    }
    Ok(records)
}
