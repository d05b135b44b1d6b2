//! `kpi-extract validate` and `kpi-extract schema`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kpi_extract::output::audit::{self, TableKind};
use kpi_extract::output::schema::SchemaName;
use kpi_extract::output::validate::{check_text, FileKind, FileProblem};
use kpi_extract::output::CsvEncoding;

const VALIDATE_HELP: &str = "\
Examples:
  kpi-extract validate kpi-out/
      the run in kpi-out/: manifest.json and every file it lists (JSON, JSONL, CSV,
      datapackage.json); document folders the manifest does not list are named, not read
  kpi-extract validate kpi-out/report/kpis.jsonl
      one file: each line must be a KPI record
  kpi-extract validate --kind document tree.json
      a file whose name does not tell its kind

The check is chosen from the file name: *.jsonl holds KPI records (one per line),
document.json the document tree, manifest.json a run manifest; kpis.csv and actuals.csv
must have the fixed columns and as many rows as their records; datapackage.json must
describe existing files of the run with their CSV headers.
Problems are printed as FILE:LINE: message (JSON Lines) or FILE: at /pointer: message.
Exit status: 0 all valid, 1 some file invalid or unreadable, 2 bad usage.";

/// Arguments of `kpi-extract validate`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = VALIDATE_HELP)]
pub struct ValidateArgs {
    /// Data directories (checked by their manifest.json), files, or other folders
    /// (searched for kpis.jsonl/*.jsonl, document.json, manifest.json, CSV files).
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

/// What one file is checked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// JSON or JSON Lines against a schema.
    Schema(FileKind),
    /// A CSV table or the Data Package.
    Table(TableKind),
}

/// The files to check, with the CSV encoding to read them in; notes go to stderr.
#[derive(Debug, Default)]
struct Plan {
    files: Vec<(PathBuf, Option<Check>)>,
    /// Files a manifest lists that are missing.
    missing: Vec<PathBuf>,
    /// The files of a run (for the Data Package's paths), when a manifest was read.
    listed: Option<Vec<PathBuf>>,
    encoding: CsvEncoding,
}

fn check_for(path: &Path, kind: Option<SchemaName>) -> Option<Check> {
    match kind {
        Some(SchemaName::KpiRecord) => Some(Check::Schema(FileKind::KpiLines)),
        Some(name) => Some(Check::Schema(FileKind::Json(name))),
        None => FileKind::for_path(path)
            .map(Check::Schema)
            .or_else(|| TableKind::for_path(path).map(Check::Table)),
    }
}

/// Adds one argument to the plan: a data directory goes by its manifest, another folder is
/// searched, a file is checked as its name says. Err is a usage error.
fn plan_path(path: &Path, args: &ValidateArgs, plan: &mut Plan) -> Result<(), String> {
    if path.is_dir() {
        match audit::run_files(path) {
            Some(Ok(run)) => {
                for folder in &run.unlisted {
                    eprintln!(
                        "kpi-extract: note: {} is not in {}'s manifest.json (left by an earlier run?); not checked",
                        folder.display(),
                        path.display()
                    );
                }
                plan.files.extend(
                    run.files
                        .iter()
                        .map(|f| (f.clone(), check_for(f, args.kind))),
                );
                plan.missing.extend(run.missing);
                plan.listed.get_or_insert_with(Vec::new).extend(run.files);
                plan.encoding = run.encoding;
            }
            // An unreadable manifest is reported by checking it as a file.
            Some(Err(_)) => plan.files.push((
                path.join("manifest.json"),
                Some(Check::Schema(FileKind::Json(SchemaName::Manifest))),
            )),
            None => {
                plan.encoding = encoding_near(path);
                let known = |file: &Path| check_for(file, None).is_some();
                let found = kpi_extract::batch::walk_files(path, &known);
                plan.files.extend(found.into_iter().map(|f| {
                    let check = check_for(&f, args.kind);
                    (f, check)
                }));
            }
        }
        return Ok(());
    }
    if !path.exists() {
        return Err(format!("{}: no such file or folder", path.display()));
    }
    if audit::looks_like_pdf(path) {
        return Err(format!(
            "{} is a PDF; validate checks an output directory or its JSON, JSONL and CSV files \
             (convert it first: kpi-extract extract {})",
            path.display(),
            path.display()
        ));
    }
    plan.encoding = encoding_near(path);
    plan.files
        .push((path.to_path_buf(), check_for(path, args.kind)));
    Ok(())
}

/// The CSV encoding of the run a file or `<stem>` folder belongs to: the manifest of the
/// nearest data directory above it (UTF-8 when there is none).
fn encoding_near(path: &Path) -> CsvEncoding {
    path.ancestors()
        .skip(1)
        .take(2)
        .find_map(|dir| audit::run_files(dir).and_then(Result::ok))
        .map_or(CsvEncoding::Utf8, |run| run.encoding)
}

/// Runs `validate`.
pub fn run_validate(args: ValidateArgs) -> ExitCode {
    let mut plan = Plan::default();
    for path in &args.paths {
        if let Err(message) = plan_path(path, &args, &mut plan) {
            return super::fail(format!("validate: {message}"));
        }
    }
    if plan.files.is_empty() && plan.missing.is_empty() {
        return super::fail(
            "validate: no manifest.json, kpis.jsonl, kpis.csv, document.json or datapackage.json found",
        );
    }
    plan.files.sort_by(|a, b| a.0.cmp(&b.0));
    plan.files.dedup_by(|a, b| a.0 == b.0);
    let mut invalid = plan.missing.len();
    let mut unknown = 0usize;
    for missing in &plan.missing {
        println!("{}: listed in manifest.json but missing", missing.display());
    }
    for (file, check) in &plan.files {
        let valid = match check {
            None => {
                eprintln!(
                    "{}: cannot tell which schema applies (use --kind)",
                    file.display()
                );
                unknown += 1;
                continue;
            }
            Some(Check::Schema(kind)) => validate_file(file, *kind, args.quiet),
            Some(Check::Table(kind)) => {
                let problems = match kind {
                    TableKind::DataPackage => {
                        audit::check_datapackage(file, plan.listed.as_deref(), plan.encoding)
                    }
                    TableKind::Workbook | TableKind::Database => {
                        audit::check_signature(file, *kind)
                    }
                    _ => audit::check_csv(file, *kind, plan.encoding),
                };
                report(file, &problems, args.quiet)
            }
        };
        invalid += usize::from(!valid);
    }
    let total = plan.files.len() + plan.missing.len();
    if unknown > 0 {
        ExitCode::from(2)
    } else if invalid > 0 {
        eprintln!("kpi-extract: {invalid} of {total} files invalid");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints the problems (or `ok`); returns whether there were none.
fn report(file: &Path, problems: &[FileProblem], quiet: bool) -> bool {
    for problem in problems {
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
    report(file, &check_text(&text, kind), quiet)
}
