//! A whole data directory from many PDFs: what `kpi-extract extract` does, as a library call.
//!
//! [`find_inputs`] expands folders into PDFs; [`run`] checks the data directory, gives each
//! input a stem, converts the files in parallel (largest first, each on its own guarded
//! thread with a watchdog), then, once every document is written, writes the run's own
//! files (`manifest.json`, `datapackage.json`) and removes earlier runs' document folders
//! when asked ([`BatchOptions::clean`]). Each input's report is one
//! [`InputEntry`], written as it is into the manifest.
//!
//! ```no_run
//! use kpi_extract::batch::{self, BatchOptions, Input};
//!
//! let options = BatchOptions {
//!     out_dir: "data".into(),
//!     ..BatchOptions::default()
//! };
//! let inputs = batch::find_inputs(&["reports".into()]);
//! let outcome = batch::run(&inputs, &options, &|entry| eprintln!("{} done", entry.path))?;
//! println!("{} of {} converted", outcome.manifest.summary.ok, inputs.len());
//! # let _ = Input::Stdin;
//! # Ok::<(), batch::BatchError>(())
//! ```

mod finish;
mod inputs;
mod job;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use crate::output::manifest::{InputEntry, Manifest};
use crate::output::schema::SchemaName;
use crate::output::stem::StemAllocator;
use crate::output::write::{remove_stale_temps, StagedDir};
use crate::output::{OutputError, OutputOptions};
use crate::pipeline::PipelineOptions;

pub use inputs::{find_inputs, is_pdf_name, walk_files, Input, STDIN_ARGUMENT};
pub use job::sha256_hex;

use job::{Bytes, Job};

/// Options of a batch.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// The data directory (created if missing).
    pub out_dir: PathBuf,
    /// Stage options shared by every file (the deadline is set per file from `timeout`).
    pub pipeline: PipelineOptions,
    /// The per-document files to write.
    pub output: OutputOptions,
    /// Time budget of one file; None for no limit.
    pub timeout: Option<Duration>,
    /// Files converted at the same time; None for one per core.
    pub jobs: Option<usize>,
    /// Remove document folders that this run's manifest does not list (left by earlier
    /// runs); by default they are left alone.
    pub clean: bool,
}

impl Default for BatchOptions {
    fn default() -> BatchOptions {
        BatchOptions {
            out_dir: PathBuf::from("kpi-out"),
            pipeline: PipelineOptions::default(),
            output: OutputOptions::default(),
            timeout: Some(Duration::from_secs(300)),
            jobs: None,
            clean: false,
        }
    }
}

/// Why a batch could not run or finish (a failed input is not one: it is in the manifest).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// No input was given or found.
    #[error("no PDF file found")]
    NoInput,
    /// The data directory cannot be used; checked before any file is converted.
    #[error("--out {path}: {reason}")]
    OutDir {
        /// The directory.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The worker threads could not be started.
    #[error("cannot start {threads} worker threads: {reason}")]
    Threads {
        /// How many were asked for.
        threads: usize,
        /// Why they did not start.
        reason: String,
    },
    /// The manifest or the data package could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// What a batch did.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The manifest as written: one entry per input, in input order.
    pub manifest: Manifest,
    /// Folders of earlier runs removed by [`BatchOptions::clean`], relative to `out_dir`.
    pub removed: Vec<String>,
}

/// Converts `inputs` into `options.out_dir`; `on_done` is called as each input finishes
/// (from the worker threads, in completion order). Failed inputs are in the manifest;
/// an error means the data directory itself could not be used or completed.
pub fn run(
    inputs: &[Input],
    options: &BatchOptions,
    on_done: &(dyn Fn(&InputEntry) + Sync),
) -> Result<Outcome, BatchError> {
    let started_at = SystemTime::now();
    let clock = Instant::now();
    if inputs.is_empty() {
        return Err(BatchError::NoInput);
    }
    prepare_out_dir(&options.out_dir)?;
    warm_up();
    // What a killed earlier run left behind (never visible as output, but it takes space).
    remove_stale_temps(&options.out_dir);
    let jobs = make_jobs(inputs, options);
    let entries = convert_all(&jobs, options.jobs, on_done)?;
    finish::after_all_documents(options, entries, started_at, clock.elapsed())
}

/// Creates the data directory and checks that documents can be written into it, so that
/// a wrong `--out` is reported before any work, naming the directory and not a file.
fn prepare_out_dir(out: &Path) -> Result<(), BatchError> {
    let fail = |reason: String| BatchError::OutDir {
        path: out.display().to_string(),
        reason,
    };
    if out.exists() && !out.is_dir() {
        return Err(fail("is a file, not a directory".into()));
    }
    std::fs::create_dir_all(out).map_err(|e| fail(format!("cannot create it: {e}")))?;
    // A document is published from a staged folder: make (and drop) one now.
    StagedDir::new(out).map(drop).map_err(|e| {
        let reason = match &e {
            OutputError::Io { source, .. } => source.to_string(),
            other => other.to_string(),
        };
        fail(format!("cannot write into it: {reason}"))
    })
}

fn make_jobs(inputs: &[Input], options: &BatchOptions) -> Vec<Job> {
    let mut stems = StemAllocator::new();
    let mut stdin = None;
    let mut jobs = Vec::with_capacity(inputs.len());
    for input in inputs {
        let bytes = match input {
            Input::File(path) => Bytes::File(path.clone()),
            Input::Stdin => Bytes::Read(Arc::clone(stdin.get_or_insert_with(|| {
                let limit = options.pipeline.pdf.limits.max_document_bytes;
                Arc::new(job::read_stdin(limit))
            }))),
        };
        jobs.push(Job {
            name: input.display(),
            stem: stems.allocate(input.stem_path()),
            bytes,
            pipeline: options.pipeline.clone(),
            output: options.output.clone(),
            out_dir: options.out_dir.clone(),
            timeout: options.timeout,
        });
    }
    jobs
}

/// Compiles the schemas and the record builder's patterns on a spare thread while the first
/// PDF is being read: that takes about half as long as reading a short report, and every
/// document needs them.
fn warm_up() {
    std::thread::spawn(|| {
        crate::records::warm_up();
        for name in [
            SchemaName::KpiRecord,
            SchemaName::Document,
            SchemaName::Manifest,
        ] {
            let _ = name.validator();
        }
    });
}

fn convert_all(
    jobs: &[Job],
    threads: Option<usize>,
    on_done: &(dyn Fn(&InputEntry) + Sync),
) -> Result<Vec<InputEntry>, BatchError> {
    let threads = threads.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| BatchError::Threads {
            threads,
            reason: e.to_string(),
        })?;
    let slots: Vec<Mutex<Option<InputEntry>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    // Largest files first, taken in that order by whichever worker is free: a big file
    // started last would otherwise leave the other workers idle at the end of the batch.
    pool.scope_fifo(|scope| {
        for index in largest_first(jobs) {
            let (job, slot) = (&jobs[index], &slots[index]);
            scope.spawn_fifo(move |_| {
                let entry = job::convert(job);
                on_done(&entry);
                *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(entry);
            });
        }
    });
    let entries = slots
        .into_iter()
        .zip(jobs)
        .map(|(slot, job)| {
            let entry = slot.into_inner().unwrap_or_else(|p| p.into_inner());
            entry.unwrap_or_else(|| {
                let mut lost = InputEntry::new(job.name.clone(), job.stem.clone());
                lost.set_error(Some("the worker stopped before reporting".into()));
                lost
            })
        })
        .collect();
    Ok(entries)
}

/// Job indices by size, largest first (unknown sizes count as 0).
fn largest_first(jobs: &[Job]) -> Vec<usize> {
    let mut order: Vec<(u64, usize)> = jobs.iter().map(Job::size).zip(0..).collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    order.into_iter().map(|(_, index)| index).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_shaped_out_is_refused_before_any_work() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("out");
        std::fs::write(&file, b"").unwrap_or_else(|e| panic!("{e}"));
        let options = BatchOptions {
            out_dir: file,
            ..BatchOptions::default()
        };
        let inputs = [Input::File(dir.path().join("missing.pdf"))];
        let error = run(&inputs, &options, &|_| panic!("no input may start"));
        let message = error.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("is a file, not a directory"), "{message}");
    }

    #[test]
    fn no_input_is_an_error() {
        let error = run(&[], &BatchOptions::default(), &|_| {});
        assert!(matches!(error, Err(BatchError::NoInput)));
    }
}
