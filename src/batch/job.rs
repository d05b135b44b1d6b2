//! One input of a batch, converted in isolation: read the file, hash it, run the stages
//! against a deadline, validate and write the document's directory.
//!
//! [`convert`] never panics and never runs (much) past its time budget: the work happens
//! on its own thread behind `catch_unwind`, and if that thread overruns the budget the
//! caller stops waiting, reports a timeout and the late thread is barred from writing.

use std::io::Read as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::model::Extraction;
use crate::output::manifest::{Counts, InputEntry};
use crate::output::{self, OutputOptions};
use crate::pipeline::{self, PipelineError, PipelineOptions, ReadAccount};

/// Where a job's bytes come from.
#[derive(Debug, Clone)]
pub(crate) enum Bytes {
    /// Read by the job itself (so a big file is read by a worker, not up front).
    File(PathBuf),
    /// Already read (standard input), or why it could not be.
    Read(Arc<Result<Vec<u8>, String>>),
}

/// One input of a batch, ready to run.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    /// The input as the manifest names it.
    pub name: String,
    /// Its bytes.
    pub bytes: Bytes,
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

impl Job {
    /// Size in bytes, for scheduling (0 when unknown).
    pub fn size(&self) -> u64 {
        match &self.bytes {
            Bytes::File(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
            Bytes::Read(read) => read.as_ref().as_ref().map_or(0, |b| b.len() as u64),
        }
    }
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
    entry: InputEntry,
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
pub(crate) fn convert(job: &Job) -> InputEntry {
    let started = Instant::now();
    let shared = Arc::new(Mutex::new(Shared {
        entry: InputEntry::new(job.name.clone(), job.stem.clone()),
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
    let mut entry = lock(&shared).entry.clone();
    entry.seconds = started.elapsed().as_secs_f64();
    entry
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
        let error = PipelineError::Timeout(timeout.as_secs_f64()).to_string();
        state.entry.set_error(Some(error));
        state.entry.warnings.clear();
        return;
    }
    drop(state);
    // Already publishing its files: let it finish so the report matches the disk.
    let _ = done.recv();
}

fn work(job: &Job, shared: &Mutex<Shared>, started: Instant) {
    let outcome = guarded("batch driver", || run_job(job, shared, started));
    let error = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(e)) | Err(e) => Some(e.to_string()),
    };
    let mut state = lock(shared);
    if state.phase != Phase::Abandoned {
        if error.is_some() {
            state.entry.warnings.clear(); // a failed input has no document to warn about
        }
        state.entry.set_error(error);
    }
}

fn run_job(job: &Job, shared: &Mutex<Shared>, started: Instant) -> Result<(), PipelineError> {
    let bytes = read_bytes(job, shared)?;
    lock(shared).entry.sha256 = Some(sha256_hex(&bytes));
    let mut options = job.pipeline.clone();
    options.pdf.deadline = job.timeout.map(|t| started + t);
    let timed_out = |e: PipelineError| match (e, job.timeout) {
        (PipelineError::Timeout(_), Some(t)) => PipelineError::Timeout(t.as_secs_f64()),
        (e, _) => e,
    };
    let (extraction, account) = guarded("the stages", || {
        pipeline::run_with_account(&bytes, &job.stem, &options)
    })?
    .map_err(timed_out)?;
    drop(bytes);
    record_extraction(&mut lock(shared).entry, &extraction, &account);
    let rendered = guarded("output", || output::render(&extraction, &job.output))??;
    let mut state = lock(shared);
    if state.phase == Phase::Abandoned {
        return Ok(());
    }
    state.phase = Phase::Publishing;
    state.entry.files = output::write_document(&job.out_dir, &job.stem, &rendered)?;
    state.entry.resources = Some(rendered.resources(&job.stem));
    state.entry.records = Arc::clone(&rendered.values);
    let entry = &mut state.entry;
    entry.warnings.extend(rendered.warnings.iter().cloned());
    if let Some(counts) = entry.counts.as_mut() {
        counts.replaced_characters = rendered.replaced_characters;
        counts.warnings = entry.warnings.len() as u64;
    }
    Ok(())
}

/// The input's bytes, refused unread when larger than the document budget.
fn read_bytes(job: &Job, shared: &Mutex<Shared>) -> Result<Vec<u8>, PipelineError> {
    let bytes = match &job.bytes {
        Bytes::File(path) => {
            let size = std::fs::metadata(path).map_err(PipelineError::Read)?.len();
            lock(shared).entry.bytes = Some(size);
            pipeline::check_size(size, &job.pipeline)?;
            std::fs::read(path).map_err(PipelineError::Read)?
        }
        Bytes::Read(read) => match read.as_ref() {
            Ok(bytes) => bytes.clone(),
            Err(e) => return Err(PipelineError::Read(std::io::Error::other(e.clone()))),
        },
    };
    lock(shared).entry.bytes = Some(bytes.len() as u64);
    pipeline::check_size(bytes.len() as u64, &job.pipeline)?;
    Ok(bytes)
}

/// Reads standard input whole, refusing more than `limit` bytes.
pub(crate) fn read_stdin(limit: usize) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    std::io::stdin()
        .lock()
        .take(cap)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("standard input: {e}"))?;
    Ok(bytes)
}

fn record_extraction(entry: &mut InputEntry, extraction: &Extraction, account: &ReadAccount) {
    entry.pages = Some(extraction.pages);
    entry.page_errors = extraction.page_errors.clone();
    entry.warnings = extraction.warnings.clone();
    entry.counts = Some(count(extraction, account));
}

/// Programs and KPIs of the tree (those of programs, of goals and of policies), flat
/// records, failed pages, warnings, undecoded glyphs.
fn count(extraction: &Extraction, account: &ReadAccount) -> Counts {
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
        warnings: extraction.warnings.len() as u64,
        undecoded_glyphs: account.undecoded_glyphs(),
        replaced_characters: 0,
    }
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Runs `f`, turning a panic into [`PipelineError::Panic`].
pub(crate) fn guarded<T>(stage: &'static str, f: impl FnOnce() -> T) -> Result<T, PipelineError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn job(dir: &std::path::Path, name: &str) -> Job {
        Job {
            name: name.into(),
            bytes: Bytes::File(dir.join(name)),
            stem: "doc".into(),
            pipeline: PipelineOptions::default(),
            output: OutputOptions::default(),
            out_dir: dir.to_path_buf(),
            timeout: Some(Duration::from_secs(5)),
        }
    }

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
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let entry = convert(&job(dir.path(), "missing.pdf"));
        assert!(entry
            .error
            .as_deref()
            .is_some_and(|e| e.starts_with("cannot read file")));
        assert_eq!((entry.sha256, entry.files.len()), (None, 0));
        assert_eq!(entry.status, crate::output::manifest::Status::Failed);
        assert_eq!(std::fs::read_dir(dir.path()).map_or(1, |d| d.count()), 0);
    }

    #[test]
    fn a_file_over_the_document_budget_is_not_read() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("big.pdf"), vec![b'%'; 2048])
            .unwrap_or_else(|e| panic!("{e}"));
        let mut job = job(dir.path(), "big.pdf");
        job.pipeline.pdf.limits.max_document_bytes = 1024;
        job.timeout = None;
        let entry = convert(&job);
        let error = entry.error.unwrap_or_default();
        assert!(error.contains("--max-document-bytes"), "{error}");
        assert_eq!(entry.bytes, Some(2048));
    }

    #[test]
    fn the_watchdog_abandons_a_worker_that_overruns() {
        let shared = Mutex::new(Shared {
            entry: InputEntry::new("a.pdf".into(), "a".into()),
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
            .entry
            .error
            .as_deref()
            .is_some_and(|e| e.contains("time budget") && e.contains("--timeout")));
    }

    #[test]
    fn a_publishing_worker_is_waited_for() {
        let shared = Mutex::new(Shared {
            entry: InputEntry::new("a.pdf".into(), "a".into()),
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
        assert_eq!(state.entry.error, None);
    }
}
