//! Command-line parsing and dispatch; each subcommand lives in its own file.

mod diff;
mod extract;
mod inspect;
mod read_args;
mod validate;
mod values;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Turn Japanese municipal KPI progress reports (PDF) into clean, validated data.
///
/// Typical use: `kpi-extract extract reports/ --out data/` converts every PDF under
/// `reports/` into `data/<stem>/{document.json,kpis.jsonl,kpis.csv}`, the run's combined
/// `data/{kpis.jsonl,kpis.csv,actuals.csv}` (with `--format xlsx,sqlite` also `kpis.xlsx`
/// and `kpis.sqlite`), `manifest.json` and `datapackage.json`.
#[derive(Debug, Parser)]
#[command(name = "kpi-extract", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert PDF files or folders into a data directory.
    Extract(extract::Args),
    /// Show what one stage of the pipeline sees (glyphs, text, lines, blocks, records).
    Inspect(inspect::Args),
    /// Print the Quantity JSON of one value, e.g. `kpi-extract quantity "15.3万人"`.
    Quantity(values::QuantityArgs),
    /// Print the Period JSON of one year label, e.g. `kpi-extract period "H27～31年度"`.
    Period(values::PeriodArgs),
    /// Check a data directory (by its manifest) or output files: schemas, CSV columns and
    /// rows, datapackage.json.
    Validate(validate::ValidateArgs),
    /// Print a bundled JSON Schema (kpi-record, document, manifest).
    Schema(validate::SchemaArgs),
    /// Compare two editions' outputs: programs and KPIs added, removed, changed.
    Diff(diff::Args),
}

/// Parses the command line and runs the subcommand. Exit codes: 0 success, 1 some inputs
/// failed (or, for `diff`, changes found), 2 bad usage or error.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Quantity(args) => values::run_quantity(args),
        Command::Period(args) => values::run_period(args),
        Command::Validate(args) => validate::run_validate(args),
        Command::Schema(args) => validate::run_schema(args),
        Command::Diff(args) => diff::run(args),
    }
}

/// Prints an error as `kpi-extract: message` and returns exit code 2.
pub(crate) fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("kpi-extract: {message}");
    ExitCode::from(2)
}

/// Writes `text` and a newline to stdout; a closed pipe (`| head`) ends the output quietly
/// instead of panicking the way `println!` does.
pub(crate) fn print_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
}
