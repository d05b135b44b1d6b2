//! `kpi-extract extract`: convert PDFs into a data directory, in parallel, one isolated job
//! per file.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use indicatif::{ProgressBar, ProgressStyle};

use kpi_extract::output::datapackage::{self, DocumentResources};
use kpi_extract::output::manifest::{self, InputEntry, Manifest, RunOptions, Status};
use kpi_extract::output::schema::SchemaName;
use kpi_extract::output::stem::StemAllocator;
use kpi_extract::output::write::{
    remove_file_if_present, remove_stale_temps, write_file_atomic, TEMP_PREFIX,
};
use kpi_extract::output::{CsvEncoding, Format, OutputOptions};
use kpi_extract::pdf;
use kpi_extract::pipeline::{self, FileJob, FileReport, PipelineOptions};

const AFTER_HELP: &str = "\
Examples:
  kpi-extract extract reports/ --out data/
      every *.pdf under reports/ (recursively, sorted) into data/
  kpi-extract extract a.pdf b.pdf --format jsonl,csv --csv-encoding utf-8-bom
      only kpis.jsonl and kpis.csv per document, CSV with a BOM for Excel
  kpi-extract extract reports/ --jobs 2 --timeout 60 --quiet
      two files at a time, at most 60 s per file, no progress bar or summary

Output (DIR defaults to ./kpi-out):
  DIR/manifest.json          one entry per input: path, sha256, pages, status, error, counts
  DIR/datapackage.json       Frictionless Data Package describing the CSV and JSONL files
  DIR/<stem>/document.json   the document tree (goals > policies > measures > programs > KPIs)
  DIR/<stem>/kpis.jsonl      one KPI record per line
  DIR/<stem>/kpis.csv        the same records, one column per scalar field
Check any of them with `kpi-extract validate DIR`.

Exit status: 0 every input converted; 1 some inputs failed (the others are written and
each failure is in manifest.json); 2 bad usage (no input found, bad option) or the data
directory could not be written.";

/// Arguments of `kpi-extract extract`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = AFTER_HELP)]
pub struct Args {
    /// PDF files or folders; folders are searched recursively for *.pdf (any case).
    ///
    /// Files named explicitly are converted whatever their extension. All inputs are
    /// sorted by path, so stems and the manifest do not depend on argument order.
    /// Example: `kpi-extract extract reports/2023 extra/kitakyushu.pdf`
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// The data directory to write into (created if missing).
    ///
    /// Only this directory is written: one folder per document named after the PDF
    /// (made safe; `name-2` for a second file of the same name), plus manifest.json and
    /// datapackage.json. Example: `--out data/2023`
    #[arg(long, short, value_name = "DIR", default_value = "kpi-out")]
    pub out: PathBuf,

    /// Per-document files to write, comma-separated: json (document.json), jsonl
    /// (kpis.jsonl), csv (kpis.csv).
    ///
    /// Example: `--format jsonl,csv`
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "json,jsonl,csv",
        value_name = "FORMATS"
    )]
    pub format: Vec<FormatArg>,

    /// Files converted at the same time (default: all cores).
    ///
    /// Example: `--jobs 1` to convert one file at a time.
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// No progress bar and no summary line; failures are still printed.
    ///
    /// Example: `kpi-extract extract reports/ --quiet`
    #[arg(long, short)]
    pub quiet: bool,

    /// Encoding of kpis.csv: utf-8, utf-8-bom (Excel opens it as UTF-8), or shift_jis
    /// (Windows-31J, for older Excel in Japan).
    ///
    /// With shift_jis a character Shift_JIS cannot hold fails that file (it is never
    /// replaced silently). Example: `--csv-encoding utf-8-bom`
    #[arg(long, value_enum, default_value = "utf-8", value_name = "ENCODING")]
    pub csv_encoding: EncodingArg,

    /// Time budget per file in seconds (0: no limit); a file over budget fails with a
    /// timeout and the batch goes on.
    ///
    /// Example: `--timeout 60`
    #[arg(long, value_name = "SECS", default_value_t = 300.0, value_parser = parse_seconds)]
    pub timeout: f64,

    /// Password for encrypted PDFs (the empty user password is always tried).
    ///
    /// Example: `--password s3cret`
    #[arg(long, value_name = "PASSWORD")]
    pub password: Option<String>,

    /// Largest decompressed size of one PDF stream, in bytes (suffixes K, M, G).
    ///
    /// Example: `--max-stream-bytes 512M`
    #[arg(long, value_name = "SIZE", value_parser = parse_size,
          default_value_t = pdf::Limits::default().max_stream_bytes)]
    pub max_stream_bytes: usize,

    /// Largest decompressed size of all streams of one PDF, in bytes (suffixes K, M, G).
    ///
    /// Example: `--max-document-bytes 4G`
    #[arg(long, value_name = "SIZE", value_parser = parse_size,
          default_value_t = pdf::Limits::default().max_document_bytes)]
    pub max_document_bytes: usize,

    /// Most objects in one PDF.
    ///
    /// Example: `--max-objects 5000000`
    #[arg(long, value_name = "N", default_value_t = pdf::Limits::default().max_objects)]
    pub max_objects: usize,

    /// Most content-stream operators on one page.
    ///
    /// Example: `--max-operators-per-page 20000000`
    #[arg(long, value_name = "N",
          default_value_t = pdf::Limits::default().max_operators_per_page)]
    pub max_operators_per_page: usize,

    /// Deepest nesting of Form XObjects.
    ///
    /// Example: `--max-form-depth 64`
    #[arg(long, value_name = "N", default_value_t = pdf::Limits::default().max_form_depth)]
    pub max_form_depth: usize,

    /// Most glyphs on one page.
    ///
    /// Example: `--max-glyphs-per-page 2000000`
    #[arg(long, value_name = "N", default_value_t = pdf::Limits::default().max_glyphs_per_page)]
    pub max_glyphs_per_page: usize,
}

/// A value of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// <stem>/document.json
    Json,
    /// <stem>/kpis.jsonl
    Jsonl,
    /// <stem>/kpis.csv
    Csv,
}

/// A value of `--csv-encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EncodingArg {
    /// UTF-8 without BOM.
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// UTF-8 with a byte-order mark.
    #[value(name = "utf-8-bom", alias = "utf8-bom")]
    Utf8Bom,
    /// Shift_JIS (Windows-31J / CP932).
    #[value(name = "shift_jis", aliases = ["shift-jis", "sjis", "cp932"])]
    ShiftJis,
}

/// Parses a byte size: `1048576`, `64K`, `256M`, `2G` (binary multiples, `KiB`/`MB` too).
pub fn parse_size(text: &str) -> Result<usize, String> {
    let t = text.trim();
    let digits_end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, suffix) = t.split_at(digits_end);
    let number: usize = number
        .parse()
        .map_err(|_| format!("{text:?} is not a size (examples: 1048576, 64K, 256M, 2G)"))?;
    let shift = match suffix.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        _ => return Err(format!("{text:?}: unknown size suffix (use K, M or G)")),
    };
    number
        .checked_mul(1usize << shift)
        .ok_or_else(|| format!("{text:?} is too large"))
}

fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if (0.0..1e9).contains(&s) => Ok(s),
        _ => Err(format!(
            "{text:?} is not a number of seconds (example: 300)"
        )),
    }
}

impl Args {
    fn output_options(&self) -> OutputOptions {
        let mut formats: Vec<Format> = self
            .format
            .iter()
            .map(|f| match f {
                FormatArg::Json => Format::Json,
                FormatArg::Jsonl => Format::Jsonl,
                FormatArg::Csv => Format::Csv,
            })
            .collect();
        formats.sort();
        formats.dedup();
        let csv_encoding = match self.csv_encoding {
            EncodingArg::Utf8 => CsvEncoding::Utf8,
            EncodingArg::Utf8Bom => CsvEncoding::Utf8Bom,
            EncodingArg::ShiftJis => CsvEncoding::ShiftJis,
        };
        OutputOptions {
            formats,
            csv_encoding,
        }
    }

    fn pipeline_options(&self) -> PipelineOptions {
        let limits = pdf::Limits {
            max_stream_bytes: self.max_stream_bytes,
            max_document_bytes: self.max_document_bytes,
            max_objects: self.max_objects,
            max_operators_per_page: self.max_operators_per_page,
            max_form_depth: self.max_form_depth,
            max_glyphs_per_page: self.max_glyphs_per_page,
        };
        let mut options = PipelineOptions::default();
        options.pdf.password = self.password.clone();
        options.pdf.limits = limits;
        options
    }

    fn timeout(&self) -> Option<Duration> {
        (self.timeout > 0.0).then(|| Duration::from_secs_f64(self.timeout))
    }
}

/// Compiles the schemas and the record builder's patterns on a spare thread while the first
/// PDF is being read: that takes about half as long as reading a short report, and every
/// document needs them.
fn warm_up() {
    std::thread::spawn(|| {
        kpi_extract::records::warm_up();
        for name in [
            SchemaName::KpiRecord,
            SchemaName::Document,
            SchemaName::Manifest,
        ] {
            let _ = name.validator();
        }
    });
}

/// Runs the subcommand.
pub fn run(args: Args) -> ExitCode {
    let started_at = SystemTime::now();
    let clock = Instant::now();
    let inputs = match find_inputs(&args.inputs) {
        Ok(inputs) if inputs.is_empty() => return super::fail("extract: no PDF file found"),
        Ok(inputs) => inputs,
        Err(message) => return super::fail(format!("extract: {message}")),
    };
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        return super::fail(format!(
            "extract: cannot create {}: {e}",
            args.out.display()
        ));
    }
    warm_up();
    // What a killed earlier run left behind (never visible as output, but it takes space).
    remove_stale_temps(&args.out);
    let jobs = make_jobs(&args, inputs);
    let reports = match convert_all(&args, &jobs) {
        Ok(reports) => reports,
        Err(message) => return super::fail(format!("extract: {message}")),
    };
    let entries: Vec<InputEntry> = reports.iter().map(manifest_entry).collect();
    let manifest = Manifest {
        tool: manifest::Tool::default(),
        spec_version: manifest::SPEC_VERSION,
        started_at: manifest::rfc3339_utc(started_at),
        elapsed_seconds: clock.elapsed().as_secs_f64(),
        options: run_options(&args),
        summary: Manifest::summarize(&entries),
        inputs: entries,
    };
    if let Err(message) = write_run_files(&args, &manifest, &reports) {
        return super::fail(format!("extract: {message}"));
    }
    if !args.quiet {
        eprintln!("{}", summary_line(&manifest, &args.out));
    }
    if manifest.summary.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Expands the arguments into a sorted, duplicate-free list of files.
fn find_inputs(arguments: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    for argument in arguments {
        let meta =
            std::fs::metadata(argument).map_err(|e| format!("{}: {e}", argument.display()))?;
        if meta.is_dir() {
            let mut visited = HashSet::new();
            walk(argument, 0, &mut visited, &mut found);
        } else {
            found.push(argument.clone());
        }
    }
    found.sort();
    let mut seen = HashSet::new();
    found.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    Ok(found)
}

/// Deepest folder nesting searched (symlink loops are also cut by `visited`).
const MAX_WALK_DEPTH: usize = 64;

fn walk(dir: &Path, depth: usize, visited: &mut HashSet<PathBuf>, found: &mut Vec<PathBuf>) {
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if depth > MAX_WALK_DEPTH || !visited.insert(canonical) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, depth + 1, visited, found),
            Ok(meta) if meta.is_file() && pipeline::is_pdf_name(&path) => found.push(path),
            _ => {}
        }
    }
}

fn make_jobs(args: &Args, inputs: Vec<PathBuf>) -> Vec<FileJob> {
    let mut stems = StemAllocator::new();
    let pipeline = args.pipeline_options();
    let output = args.output_options();
    inputs
        .into_iter()
        .map(|path| FileJob {
            stem: stems.allocate(&path),
            path,
            pipeline: pipeline.clone(),
            output: output.clone(),
            out_dir: args.out.clone(),
            timeout: args.timeout(),
        })
        .collect()
}

fn convert_all(args: &Args, jobs: &[FileJob]) -> Result<Vec<FileReport>, String> {
    let threads = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| format!("cannot start {threads} worker threads: {e}"))?;
    let bar = progress_bar(args.quiet, jobs.len());
    let pages = AtomicU64::new(0);
    let convert_one = |job: &FileJob| {
        let report = pipeline::convert_file(job);
        let done = pages.fetch_add(u64::from(report.pages.unwrap_or(0)), Ordering::Relaxed);
        if let Some(error) = &report.error {
            bar.suspend(|| eprintln!("kpi-extract: {}: {error}", job.path.display()));
        }
        bar.set_message(format!(
            "{} pages",
            done + u64::from(report.pages.unwrap_or(0))
        ));
        bar.inc(1);
        report
    };
    // Largest files first, taken in that order by whichever worker is free: a big file
    // started last would otherwise leave the other workers idle at the end of the batch.
    let slots: Vec<std::sync::Mutex<Option<FileReport>>> =
        jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    pool.scope_fifo(|scope| {
        for index in largest_first(jobs) {
            let (job, slot, convert_one) = (&jobs[index], &slots[index], &convert_one);
            scope.spawn_fifo(move |_| {
                let report = convert_one(job);
                *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(report);
            });
        }
    });
    let reports = slots
        .into_iter()
        .zip(jobs)
        .map(|(slot, job)| {
            let report = slot.into_inner().unwrap_or_else(|p| p.into_inner());
            report.unwrap_or_else(|| FileReport {
                path: job.path.clone(),
                stem: job.stem.clone(),
                error: Some("the worker stopped before reporting".into()),
                ..FileReport::default()
            })
        })
        .collect();
    bar.finish_and_clear();
    Ok(reports)
}

/// Job indices by file size, largest first (unreadable sizes count as 0).
fn largest_first(jobs: &[FileJob]) -> Vec<usize> {
    let size = |job: &FileJob| std::fs::metadata(&job.path).map_or(0, |m| m.len());
    let mut order: Vec<(u64, usize)> = jobs.iter().map(size).zip(0..).collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    order.into_iter().map(|(_, index)| index).collect()
}

/// A bar on stderr only when it is a terminal and not `--quiet`; hidden otherwise
/// (a hidden bar's `println` still reaches stderr).
fn progress_bar(quiet: bool, files: usize) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(files as u64);
    let template = "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} files, {msg}, ETA {eta}";
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar.set_message("0 pages");
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn manifest_entry(report: &FileReport) -> InputEntry {
    InputEntry {
        path: report.path.display().to_string(),
        stem: report.stem.clone(),
        sha256: report.sha256.clone(),
        bytes: report.bytes,
        pages: report.pages,
        status: if report.error.is_none() {
            Status::Ok
        } else {
            Status::Failed
        },
        error: report.error.clone(),
        counts: report.counts,
        page_errors: report.page_errors.clone(),
        warnings: report.warnings.clone(),
        files: report.files.clone(),
        seconds: report.seconds,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
    }
}

fn run_options(args: &Args) -> RunOptions {
    let output = args.output_options();
    RunOptions {
        formats: output
            .formats
            .iter()
            .map(|f| f.name().to_string())
            .collect(),
        csv_encoding: output.csv_encoding.name().to_string(),
        timeout_seconds: args.timeout,
    }
}

/// Writes manifest.json and datapackage.json (removing a stale package when no tabular
/// file was written, since a package needs at least one resource).
fn write_run_files(args: &Args, manifest: &Manifest, reports: &[FileReport]) -> Result<(), String> {
    let manifest_bytes = manifest.to_bytes().map_err(|e| e.to_string())?;
    write_file_atomic(&args.out, "manifest.json", &manifest_bytes).map_err(|e| e.to_string())?;
    let resources: Vec<DocumentResources> = reports
        .iter()
        .filter(|r| r.error.is_none())
        .filter_map(|r| r.resources.clone())
        .collect();
    match datapackage::build(&resources, args.output_options().csv_encoding) {
        Some(package) => {
            let mut bytes = serde_json::to_vec_pretty(&package).map_err(|e| e.to_string())?;
            bytes.push(b'\n');
            write_file_atomic(&args.out, "datapackage.json", &bytes)
        }
        None => remove_file_if_present(&args.out, "datapackage.json"),
    }
    .map_err(|e| e.to_string())
}

fn summary_line(manifest: &Manifest, out: &Path) -> String {
    let s = &manifest.summary;
    let unread = if s.page_errors > 0 {
        format!(" ({} unreadable, see page_errors)", s.page_errors)
    } else {
        String::new()
    };
    let no_kpi = if s.no_kpi > 0 {
        format!(" ({} gave no KPI, see warnings)", s.no_kpi)
    } else {
        String::new()
    };
    format!(
        "kpi-extract: {} input{}: {} ok, {} failed; {} pages{unread}, {} records{no_kpi} in {:.1} s → {}",
        s.inputs,
        if s.inputs == 1 { "" } else { "s" },
        s.ok,
        s.failed,
        s.pages,
        s.records,
        manifest.elapsed_seconds,
        out.join("manifest.json").display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_suffixes() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("64K"), Ok(64 << 10));
        assert_eq!(parse_size("256 MiB"), Ok(256 << 20));
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert!(parse_size("12X").is_err());
        assert!(parse_size("").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }

    #[test]
    fn seconds_must_be_finite_and_non_negative() {
        assert_eq!(parse_seconds("0"), Ok(0.0));
        assert_eq!(parse_seconds("2.5"), Ok(2.5));
        assert!(parse_seconds("-1").is_err());
        assert!(parse_seconds("inf").is_err());
    }
}
