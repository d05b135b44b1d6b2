//! `kpi-extract extract`: convert PDFs into a data directory, in parallel, one isolated job
//! per file.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use kpi_extract::batch::{self, BatchOptions, Outcome};
use kpi_extract::output::manifest::InputEntry;
use kpi_extract::output::{CsvEncoding, Format, OutputOptions};

use super::read_args::ReadArgs;

const AFTER_HELP: &str = "\
Examples:
  kpi-extract extract reports/ --out data/
      every *.pdf under reports/ (recursively, sorted) into data/
  kpi-extract extract a.pdf b.pdf --format jsonl,csv --csv-encoding utf-8-bom
      only the JSON Lines and CSV files, CSV with a BOM for Excel
  kpi-extract extract reports/ --format json,jsonl,csv,xlsx,sqlite
      everything, with kpis.xlsx for Excel and kpis.sqlite for Datasette
  kpi-extract extract reports/ --jobs 2 --timeout 60 --quiet
      two files at a time, at most 60 s per file, no progress bar or summary
  curl -s https://example.org/report.pdf | kpi-extract extract - --pages 3-5,8
      one PDF from standard input, pages 3 to 5 and 8 only, into kpi-out/stdin/

Output (DIR defaults to ./kpi-out):
  DIR/manifest.json          one entry per input: path, sha256, pages, status, error, counts
  DIR/datapackage.json       Frictionless Data Package describing the CSV and JSONL files
  DIR/kpis.jsonl, kpis.csv   every document's records together (key: document + id)
  DIR/actuals.csv            one row per KPI and year
  DIR/kpis.xlsx              (--format xlsx) sheets KPIs, actuals, documents
  DIR/kpis.sqlite            (--format sqlite) tables documents, kpis, actuals
  DIR/<stem>/document.json   the document tree (goals > policies > measures > programs > KPIs)
  DIR/<stem>/kpis.jsonl      one KPI record per line
  DIR/<stem>/kpis.csv        the same records, one column per scalar field
Check any of them with `kpi-extract validate DIR`.

Exit status: 0 every input converted; 1 some inputs failed (missing, unreadable, over a
limit; the others are written and each failure is in manifest.json); 2 bad usage (no input
found, bad option) or the data directory cannot be written (checked before any work).";

/// Arguments of `kpi-extract extract`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = AFTER_HELP)]
pub struct Args {
    /// PDF files or folders; folders are searched recursively for *.pdf (any case).
    ///
    /// Files named explicitly are converted whatever their extension; one that cannot be
    /// read is a failed input and the others are still converted. `-` reads one PDF from
    /// standard input (stem `stdin`). All inputs are sorted by path, so stems and the
    /// manifest do not depend on argument order.
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

    /// Files to write, comma-separated: json (<stem>/document.json), jsonl (kpis.jsonl,
    /// combined and per document), csv (kpis.csv combined and per document, actuals.csv),
    /// xlsx (kpis.xlsx), sqlite (kpis.sqlite).
    ///
    /// Example: `--format jsonl,csv,xlsx,sqlite`
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

    /// Encoding of the CSV files: utf-8, utf-8-bom (the choice for Excel: it opens the
    /// file as UTF-8), or shift_jis (Windows-31J, for older Excel in Japan).
    ///
    /// With shift_jis a character Shift_JIS cannot hold is written as 〓 and counted in
    /// the manifest's warnings (the JSON files keep it). Example: `--csv-encoding utf-8-bom`
    #[arg(long, value_enum, default_value = "utf-8", value_name = "ENCODING")]
    pub csv_encoding: EncodingArg,

    /// Remove document folders of earlier runs that this run's manifest does not list
    /// (by default they are left alone).
    ///
    /// Only folders holding nothing but document files (document.json, kpis.jsonl,
    /// kpis.csv) are removed. Example: `kpi-extract extract reports/ --out data --clean`
    #[arg(long)]
    pub clean: bool,

    /// Password, time budget, page selection and resource limits.
    #[command(flatten)]
    pub read: ReadArgs,
}

/// A value of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// <stem>/document.json
    Json,
    /// <stem>/kpis.jsonl
    Jsonl,
    /// kpis.csv, actuals.csv and <stem>/kpis.csv
    Csv,
    /// kpis.xlsx (sheets KPIs, actuals, documents)
    Xlsx,
    /// kpis.sqlite (tables documents, kpis, actuals)
    Sqlite,
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

impl Args {
    fn output_options(&self) -> OutputOptions {
        let mut formats: Vec<Format> = self
            .format
            .iter()
            .map(|f| match f {
                FormatArg::Json => Format::Json,
                FormatArg::Jsonl => Format::Jsonl,
                FormatArg::Csv => Format::Csv,
                FormatArg::Xlsx => Format::Xlsx,
                FormatArg::Sqlite => Format::Sqlite,
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

    fn batch_options(&self) -> BatchOptions {
        BatchOptions {
            out_dir: self.out.clone(),
            pipeline: self.read.pipeline_options(),
            output: self.output_options(),
            timeout: self.read.timeout(),
            jobs: self.jobs.map(usize::from),
            clean: self.clean,
        }
    }
}

/// Runs the subcommand.
pub fn run(args: Args) -> ExitCode {
    let inputs = batch::find_inputs(&args.inputs);
    let options = args.batch_options();
    let bar = progress_bar(args.quiet, inputs.len());
    let pages = AtomicU64::new(0);
    let on_done = |entry: &InputEntry| {
        if let Some(error) = &entry.error {
            bar.suspend(|| eprintln!("kpi-extract: {}: {error}", entry.path));
        }
        let read = u64::from(entry.pages.unwrap_or(0));
        let done = pages.fetch_add(read, Ordering::Relaxed) + read;
        bar.set_message(format!("{done} pages"));
        bar.inc(1);
    };
    let outcome = batch::run(&inputs, &options, &on_done);
    bar.finish_and_clear();
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(e) => return super::fail(format!("extract: {e}")),
    };
    if !args.quiet {
        eprintln!("{}", summary_line(&outcome, &args.out));
    }
    if outcome.manifest.summary.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
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

fn summary_line(outcome: &Outcome, out: &Path) -> String {
    let manifest = &outcome.manifest;
    let s = &manifest.summary;
    let mut notes = String::new();
    if s.no_kpi > 0 {
        notes.push_str(&format!(", {} with no KPI record", s.no_kpi));
    }
    let mut extras = String::new();
    if s.page_errors > 0 {
        extras.push_str(&format!(" ({} unreadable, see page_errors)", s.page_errors));
    }
    let warned = if s.warnings > 0 {
        format!(
            ", {} warning{} (see warnings)",
            s.warnings,
            plural(s.warnings)
        )
    } else {
        String::new()
    };
    let removed = if outcome.removed.is_empty() {
        String::new()
    } else {
        let n = outcome.removed.len() as u64;
        format!("; removed {n} folder{} of earlier runs", plural(n))
    };
    format!(
        "kpi-extract: {} input{}: {} ok{notes}, {} failed; {} pages{extras}, {} records{warned} \
         in {:.1} s{removed} → {}",
        s.inputs,
        plural(s.inputs),
        s.ok,
        s.failed,
        s.pages,
        s.records,
        manifest.elapsed_seconds,
        out.join("manifest.json").display()
    )
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
