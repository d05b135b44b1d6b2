//! Runs the stages on one file, and the per-file driver of a batch.
//!
//! [`convert_file`] is what `kpi-extract extract` runs for each input: read the file, hash
//! it, run the stages against a deadline, validate and write the document's directory. It
//! never panics and never runs (much) past its time budget: the work happens on its own
//! thread behind `catch_unwind`, and if that thread overruns the budget the caller stops
//! waiting, reports a timeout and the late thread is barred from writing anything.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::model::{Extraction, PageError};
use crate::output::manifest::Counts;
use crate::output::{self, OutputError, OutputOptions};
use crate::{layout, pdf, records};

/// Options of the whole pipeline.
#[derive(Debug, Clone, Default)]
pub struct PipelineOptions {
    /// Stage 1 options.
    pub pdf: pdf::Options,
    /// Stage 2 tolerances.
    pub layout: layout::Params,
}

/// Why one input produced no output.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The file could not be read.
    #[error("cannot read file: {0}")]
    Read(std::io::Error),
    /// Stage 1 rejected the PDF.
    #[error(transparent)]
    Pdf(pdf::PdfError),
    /// The per-file time budget ran out.
    #[error("time budget of {0:.0} s exceeded (raise it with --timeout)")]
    Timeout(f64),
    /// A stage panicked: a bug, reported instead of taking the batch down.
    #[error("internal error (panic) in {stage}: {message}")]
    Panic {
        /// Where it happened.
        stage: &'static str,
        /// The panic message.
        message: String,
    },
    /// Validation, encoding or writing failed.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// Every page failed and no record came out: there is nothing to write.
    #[error("no page could be read (page {page}: {error})")]
    NoReadablePage {
        /// The first page.
        page: u32,
        /// Its error.
        error: String,
    },
}

impl From<pdf::PdfError> for PipelineError {
    fn from(error: pdf::PdfError) -> PipelineError {
        PipelineError::Pdf(error)
    }
}

/// Extracts the records of one PDF given as bytes. When `options.pdf.deadline` is set, the
/// time budget is also checked between stages. A panic in a stage propagates (so tests can
/// see it); [`convert_file`] is where panics are caught.
pub fn run(
    bytes: &[u8],
    stem: &str,
    options: &PipelineOptions,
) -> Result<Extraction, PipelineError> {
    let deadline = options.pdf.deadline;
    let budget = budget_seconds(deadline);
    let overrun = || deadline.is_some_and(|d| Instant::now() > d);
    // Each page is laid out as soon as it is decoded, so only one page's glyphs are alive.
    let mut pages = Vec::new();
    let doc = pdf::extract_each(bytes, &options.pdf, |page| {
        pages.push(layout::read_page(&page, &options.layout));
    })?;
    if overrun() {
        return Err(PipelineError::Timeout(budget));
    }
    let layout = layout::assemble(pages, doc.title, &options.layout);
    if overrun() {
        return Err(PipelineError::Timeout(budget));
    }
    let extraction = records::build(&layout, stem);
    if overrun() {
        return Err(PipelineError::Timeout(budget));
    }
    // Every page failed and nothing came out: an error, not an empty success.
    let all_failed = extraction.kpis.is_empty()
        && extraction.pages > 0
        && extraction.page_errors.len() as u64 >= u64::from(extraction.pages);
    match extraction.page_errors.first() {
        Some(first) if all_failed => Err(PipelineError::NoReadablePage {
            page: first.page,
            error: first.error.clone(),
        }),
        _ => Ok(extraction),
    }
}

fn budget_seconds(deadline: Option<Instant>) -> f64 {
    deadline.map_or(0.0, |d| {
        d.saturating_duration_since(Instant::now()).as_secs_f64()
    })
}

/// Runs `f`, turning a panic into [`PipelineError::Panic`].
fn guarded<T>(stage: &'static str, f: impl FnOnce() -> T) -> Result<T, PipelineError> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| PipelineError::Panic {
        stage,
        message: panic_message(payload.as_ref()),
    })
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_string()
    }
}

/// One input of a batch.
#[derive(Debug, Clone)]
pub struct FileJob {
    /// The PDF.
    pub path: PathBuf,
    /// Its directory name under `out_dir` (already safe and unique).
    pub stem: String,
    /// Stage options (the deadline is set per file from `timeout`).
    pub pipeline: PipelineOptions,
    /// What to write.
    pub output: OutputOptions,
    /// The data directory.
    pub out_dir: PathBuf,
    /// Per-file time budget; None for no limit.
    pub timeout: Option<Duration>,
}

/// What happened to one input (the manifest entry, without run-wide fields).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileReport {
    /// The input path.
    pub path: PathBuf,
    /// Its stem.
    pub stem: String,
    /// SHA-256 of the bytes, hex.
    pub sha256: Option<String>,
    /// File size.
    pub bytes: Option<u64>,
    /// Page count, when the PDF was read.
    pub pages: Option<u32>,
    /// What was extracted, when stage 4 finished.
    pub counts: Option<Counts>,
    /// Pages that failed.
    pub page_errors: Vec<PageError>,
    /// The document's warnings (no KPI found, no text layer, …).
    pub warnings: Vec<String>,
    /// Files written, relative to the data directory.
    pub files: Vec<String>,
    /// The tabular files written, for the Data Package; None when nothing was written.
    pub resources: Option<output::datapackage::DocumentResources>,
    /// Why the input failed; None when it was written.
    pub error: Option<String>,
    /// Time spent.
    pub seconds: f64,
}

/// Whether the worker may still publish its files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Working,
    Publishing,
    Abandoned,
}

#[derive(Debug)]
struct Shared {
    report: FileReport,
    phase: Phase,
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    shared
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The watchdog waits this much longer than the budget for the stages' own deadline checks.
fn grace(timeout: Duration) -> Duration {
    (timeout / 10).clamp(Duration::from_secs(2), Duration::from_secs(30))
}

/// Stack of a worker thread: deep but bounded recursion in the stages must not overflow.
const WORKER_STACK_BYTES: usize = 64 << 20;

/// Converts one input: never panics, and returns within the time budget (plus a grace).
pub fn convert_file(job: &FileJob) -> FileReport {
    let started = Instant::now();
    let shared = Arc::new(Mutex::new(Shared {
        report: FileReport {
            path: job.path.clone(),
            stem: job.stem.clone(),
            ..FileReport::default()
        },
        phase: Phase::Working,
    }));
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let worker_job = job.clone();
    let worker_shared = Arc::clone(&shared);
    let spawned = std::thread::Builder::new()
        .name(format!("kpi-extract {}", job.stem))
        .stack_size(WORKER_STACK_BYTES)
        .spawn(move || {
            work(&worker_job, &worker_shared, started);
            let _ = done_tx.send(());
        });
    if spawned.is_err() {
        // No thread to spare: run here, with only the stages' own deadline checks.
        work(job, &shared, started);
    } else {
        wait(job.timeout, &done_rx, &shared);
    }
    let mut report = lock(&shared).report.clone();
    report.seconds = started.elapsed().as_secs_f64();
    report
}

fn wait(timeout: Option<Duration>, done: &mpsc::Receiver<()>, shared: &Mutex<Shared>) {
    let Some(timeout) = timeout else {
        let _ = done.recv();
        return;
    };
    if done.recv_timeout(timeout + grace(timeout)).is_ok() {
        return;
    }
    let mut state = lock(shared);
    if state.phase == Phase::Working {
        state.phase = Phase::Abandoned;
        state.report.error = Some(PipelineError::Timeout(timeout.as_secs_f64()).to_string());
        return;
    }
    drop(state);
    // Already publishing its files: let it finish so the report matches the disk.
    let _ = done.recv();
}

fn work(job: &FileJob, shared: &Mutex<Shared>, started: Instant) {
    let outcome = guarded("batch driver", || convert(job, shared, started));
    let error = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(e)) | Err(e) => Some(e.to_string()),
    };
    let mut state = lock(shared);
    if state.phase != Phase::Abandoned {
        state.report.error = error;
    }
}

fn convert(job: &FileJob, shared: &Mutex<Shared>, started: Instant) -> Result<(), PipelineError> {
    let size = std::fs::metadata(&job.path)
        .map_err(PipelineError::Read)?
        .len();
    let budget = job.pipeline.pdf.limits.max_document_bytes;
    if usize::try_from(size).map_or(true, |size| size > budget) {
        lock(shared).report.bytes = Some(size);
        return Err(PipelineError::Pdf(pdf::PdfError::Limit(format!(
            "file of {size} bytes is larger than --max-document-bytes {budget}"
        ))));
    }
    let bytes = std::fs::read(&job.path).map_err(PipelineError::Read)?;
    lock(shared).report.sha256 = Some(sha256_hex(&bytes));
    lock(shared).report.bytes = Some(bytes.len() as u64);
    let mut options = job.pipeline.clone();
    options.pdf.deadline = job.timeout.map(|t| started + t);
    let extraction = guarded("the stages", || run(&bytes, &job.stem, &options))??;
    drop(bytes);
    record_extraction(&mut lock(shared).report, &extraction);
    let rendered = guarded("output", || output::render(&extraction, &job.output))??;
    let mut state = lock(shared);
    if state.phase == Phase::Abandoned {
        return Ok(());
    }
    state.phase = Phase::Publishing;
    state.report.files = output::write_document(&job.out_dir, &job.stem, &rendered)?;
    state.report.resources = Some(rendered.resources(&job.stem));
    Ok(())
}

fn record_extraction(report: &mut FileReport, extraction: &Extraction) {
    report.pages = Some(extraction.pages);
    report.page_errors = extraction.page_errors.clone();
    report.warnings = extraction.warnings.clone();
    report.counts = Some(count(extraction));
}

/// Programs and KPIs of the tree (those of programs, of goals and of policies), flat
/// records and failed pages.
pub fn count(extraction: &Extraction) -> Counts {
    let measures = extraction
        .goals
        .iter()
        .flat_map(|g| &g.policies)
        .flat_map(|p| &p.subpolicies)
        .flat_map(|s| &s.measures);
    let goal_kpis: usize = extraction.goals.iter().map(|g| g.kpis.len()).sum();
    let (mut n_programs, mut n_kpis) = (0u64, goal_kpis as u64);
    for measure in measures {
        n_kpis += measure.kpis.len() as u64;
        for program in &measure.programs {
            n_programs += 1;
            n_kpis += program.kpis.len() as u64;
        }
    }
    Counts {
        programs: n_programs,
        kpis: n_kpis,
        records: extraction.kpis.len() as u64,
        page_errors: extraction.page_errors.len() as u64,
    }
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `path` names a PDF by its extension (any case).
pub fn is_pdf_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_become_errors_with_their_message() {
        let result: Result<(), _> = guarded("layout", || panic!("boom {}", 42));
        let Err(PipelineError::Panic { stage, message }) = result else {
            panic!("not caught");
        };
        assert_eq!((stage, message.as_str()), ("layout", "boom 42"));
    }

    #[test]
    fn an_unreadable_file_is_reported_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let job = FileJob {
            path: dir.path().join("missing.pdf"),
            stem: "missing".into(),
            pipeline: PipelineOptions::default(),
            output: OutputOptions::default(),
            out_dir: dir.path().to_path_buf(),
            timeout: Some(Duration::from_secs(5)),
        };
        let report = convert_file(&job);
        assert!(report
            .error
            .as_deref()
            .is_some_and(|e| e.starts_with("cannot read file")));
        assert_eq!((report.sha256, report.files.len()), (None, 0));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_file_over_the_document_budget_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.pdf");
        std::fs::write(&path, vec![b'%'; 2048]).unwrap();
        let mut pipeline = PipelineOptions::default();
        pipeline.pdf.limits.max_document_bytes = 1024;
        let job = FileJob {
            path,
            stem: "big".into(),
            pipeline,
            output: OutputOptions::default(),
            out_dir: dir.path().to_path_buf(),
            timeout: None,
        };
        let report = convert_file(&job);
        let error = report.error.unwrap_or_default();
        assert!(error.contains("--max-document-bytes"), "{error}");
        assert_eq!(report.bytes, Some(2048));
    }

    #[test]
    fn the_watchdog_abandons_a_worker_that_overruns() {
        let shared = Mutex::new(Shared {
            report: FileReport::default(),
            phase: Phase::Working,
        });
        let (_keep_sender_alive, done) = mpsc::channel::<()>();
        let started = Instant::now();
        wait(Some(Duration::ZERO), &done, &shared);
        let waited = started.elapsed();
        assert!(waited >= grace(Duration::ZERO) && waited < Duration::from_secs(10));
        let state = lock(&shared);
        assert_eq!(state.phase, Phase::Abandoned);
        assert!(state
            .report
            .error
            .as_deref()
            .is_some_and(|e| e.contains("time budget")));
    }

    #[test]
    fn a_publishing_worker_is_waited_for() {
        let shared = Mutex::new(Shared {
            report: FileReport::default(),
            phase: Phase::Publishing,
        });
        let (sender, done) = mpsc::channel::<()>();
        let finisher = std::thread::spawn(move || {
            std::thread::sleep(grace(Duration::ZERO) + Duration::from_millis(300));
            let _ = sender.send(());
        });
        wait(Some(Duration::ZERO), &done, &shared);
        let _ = finisher.join();
        let state = lock(&shared);
        assert_eq!(state.phase, Phase::Publishing);
        assert_eq!(state.report.error, None);
    }
}
