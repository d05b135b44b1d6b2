//! `kpi-extract validate` and `kpi-extract schema`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kpi_extract::output::schema::SchemaName;
use kpi_extract::output::validate::{check_text, FileKind};

const VALIDATE_HELP: &str = "\
Examples:
  kpi-extract validate kpi-out/
      every kpis.jsonl, document.json and manifest.json under kpi-out/
  kpi-extract validate kpi-out/report/kpis.jsonl
      one file: each line must be a KPI record
  kpi-extract validate --kind document tree.json
      a file whose name does not tell its kind

The schema is chosen from the file name: *.jsonl holds KPI records (one per line),
document.json the document tree, manifest.json a run manifest.
Problems are printed as FILE:LINE: message (JSON Lines) or FILE: at /pointer: message.
Exit status: 0 all valid, 1 some file invalid or unreadable, 2 bad usage.";

/// Arguments of `kpi-extract validate`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = VALIDATE_HELP)]
pub struct ValidateArgs {
    /// Files or folders (folders: every kpis.jsonl/*.jsonl, document.json, manifest.json).
    ///
    /// Example: `kpi-extract validate kpi-out/`
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Check every file against this schema instead of guessing from its name:
    /// kpi-record (one record per line), document, manifest.
    ///
    /// Example: `--kind kpi-record`
    #[arg(long, value_name = "SCHEMA", value_parser = parse_schema_name)]
    pub kind: Option<SchemaName>,

    /// Print only problems, not the `ok` lines.
    ///
    /// Example: `kpi-extract validate kpi-out/ --quiet`
    #[arg(long, short)]
    pub quiet: bool,
}

/// Arguments of `kpi-extract schema`.
#[derive(Debug, clap::Args)]
#[command(
    after_long_help = "Examples:\n  kpi-extract schema\n      list the bundled schemas\n  kpi-extract schema kpi-record > kpi-record.schema.json\n      print one (JSON Schema 2020-12)"
)]
pub struct SchemaArgs {
    /// The schema to print: kpi-record, document or manifest; omit to list them.
    ///
    /// Example: `kpi-extract schema document`
    #[arg(value_name = "NAME", value_parser = parse_schema_name)]
    pub name: Option<SchemaName>,
}

fn parse_schema_name(text: &str) -> Result<SchemaName, String> {
    SchemaName::from_name(text).ok_or_else(|| {
        let names: Vec<&str> = SchemaName::ALL.iter().map(|s| s.name()).collect();
        format!("unknown schema {text:?}; one of: {}", names.join(", "))
    })
}

/// Runs `schema`.
pub fn run_schema(args: SchemaArgs) -> ExitCode {
    match args.name {
        Some(name) => super::print_stdout(name.source().trim_end()),
        None => {
            for name in SchemaName::ALL {
                println!(
                    "{:<12} {:<24} {}",
                    name.name(),
                    name.file_name(),
                    name.describes()
                );
            }
        }
    }
    ExitCode::SUCCESS
}

/// Runs `validate`.
pub fn run_validate(args: ValidateArgs) -> ExitCode {
    let mut files = Vec::new();
    for path in &args.paths {
        if path.is_dir() {
            let known = |file: &Path| FileKind::for_path(file).is_some();
            files.extend(kpi_extract::batch::walk_files(path, &known));
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return super::fail(format!(
                "validate: {}: no such file or folder",
                path.display()
            ));
        }
    }
    if files.is_empty() {
        return super::fail("validate: no kpis.jsonl, document.json or manifest.json found");
    }
    files.sort();
    let mut invalid = 0usize;
    let mut unknown = 0usize;
    for file in &files {
        let kind = match args.kind {
            Some(SchemaName::KpiRecord) => Some(FileKind::KpiLines),
            Some(name) => Some(FileKind::Json(name)),
            None => FileKind::for_path(file),
        };
        let Some(kind) = kind else {
            eprintln!(
                "{}: cannot tell which schema applies (use --kind)",
                file.display()
            );
            unknown += 1;
            continue;
        };
        if !validate_file(file, kind, args.quiet) {
            invalid += 1;
        }
    }
    if unknown > 0 {
        ExitCode::from(2)
    } else if invalid > 0 {
        eprintln!("kpi-extract: {invalid} of {} files invalid", files.len());
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints the file's problems (or `ok`); returns whether it is valid.
fn validate_file(file: &Path, kind: FileKind, quiet: bool) -> bool {
    let text = match std::fs::read(file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                println!("{}: not UTF-8: {e}", file.display());
                return false;
            }
        },
        Err(e) => {
            println!("{}: {e}", file.display());
            return false;
        }
    };
    let problems = check_text(&text, kind);
    for problem in &problems {
        match problem.line {
            Some(line) => println!("{}:{line}: {}", file.display(), problem.message),
            None => println!("{}: {}", file.display(), problem.message),
        }
    }
    if problems.is_empty() && !quiet {
        println!("{}: ok", file.display());
    }
    problems.is_empty()
}
