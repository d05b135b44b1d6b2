//! `kpi-extract diff`: what changed between two editions' outputs.

use kpi_extract::diff::{self, Change, ChangeKind};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `kpi-extract diff`.
///
/// Example: `kpi-extract diff data-2016/ data-2017/ --fail-on actual_changed,kpi_removed`
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 no change (or none of the --fail-on kinds), \
1 changes found, 2 error.\n\nChange kinds: program_added program_removed program_renamed \
kpi_added kpi_removed baseline_changed target_changed actual_added actual_changed"
)]
pub struct Args {
    /// The earlier edition: a data directory, a <stem> directory or a kpis.jsonl.
    pub old: PathBuf,
    /// The later edition, in the same forms.
    pub new: PathBuf,
    /// Print `{"changes":[…]}` instead of the readable summary.
    #[arg(long)]
    pub json: bool,
    /// Exit 1 only when a change of these kinds exists (comma list,
    /// e.g. `actual_changed,target_changed`); other changes exit 0.
    #[arg(long, value_name = "KINDS", value_delimiter = ',', value_parser = parse_kind)]
    pub fail_on: Vec<ChangeKind>,
}

fn parse_kind(text: &str) -> Result<ChangeKind, String> {
    text.parse().map_err(|e: diff::UnknownKind| e.to_string())
}

/// Runs the subcommand.
pub fn run(args: Args) -> ExitCode {
    let sides = diff::load(&args.old).and_then(|old| Ok((old, diff::load(&args.new)?)));
    let (old, new) = match sides {
        Ok(sides) => sides,
        Err(e) => return super::fail(format!("diff: {e}")),
    };
    let changes = diff::diff(&old, &new);
    let printed = if args.json {
        print_json(&changes)
    } else {
        print_summary(&changes, use_colour())
    };
    if let Err(e) = printed {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return super::fail(format!("diff: {e}"));
        }
    }
    exit_code(&changes, &args.fail_on)
}

fn exit_code(changes: &[Change], fail_on: &[ChangeKind]) -> ExitCode {
    let failing = changes
        .iter()
        .any(|c| fail_on.is_empty() || fail_on.contains(&c.kind));
    ExitCode::from(u8::from(failing))
}

fn use_colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn print_json(changes: &[Change]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &serde_json::json!({ "changes": changes }))?;
    writeln!(out)
}

/// ANSI styles; empty strings when colour is off.
struct Style {
    added: &'static str,
    removed: &'static str,
    changed: &'static str,
    heading: &'static str,
    reset: &'static str,
}

impl Style {
    fn new(colour: bool) -> Style {
        if colour {
            Style {
                added: "\x1b[32m",
                removed: "\x1b[31m",
                changed: "\x1b[33m",
                heading: "\x1b[1m",
                reset: "\x1b[0m",
            }
        } else {
            Style {
                added: "",
                removed: "",
                changed: "",
                heading: "",
                reset: "",
            }
        }
    }

    fn of(&self, kind: ChangeKind) -> (&'static str, char) {
        match kind {
            ChangeKind::ProgramAdded | ChangeKind::KpiAdded | ChangeKind::ActualAdded => {
                (self.added, '+')
            }
            ChangeKind::ProgramRemoved | ChangeKind::KpiRemoved => (self.removed, '-'),
            _ => (self.changed, '~'),
        }
    }
}

/// Prints changes grouped by document and program, then a count per kind.
fn print_summary(changes: &[Change], colour: bool) -> std::io::Result<()> {
    let style = Style::new(colour);
    let mut out = std::io::stdout().lock();
    let mut group: Option<(&str, &str)> = None;
    for change in changes {
        let here = (change.document.as_str(), change.program.as_str());
        if group.map(|g| g.0) != Some(here.0) {
            writeln!(out, "{}{}{}", style.heading, here.0, style.reset)?;
        }
        if group != Some(here) {
            writeln!(out, "  {}{}{}", style.heading, here.1, style.reset)?;
        }
        group = Some(here);
        let (colour, mark) = style.of(change.kind);
        writeln!(
            out,
            "    {colour}{mark} {}{}",
            describe(change),
            style.reset
        )?;
    }
    writeln!(out, "{}", totals(changes))
}

fn describe(change: &Change) -> String {
    let indicator = change.indicator.as_deref().unwrap_or("(no indicator)");
    let (old, new) = (shown(change.old.as_ref()), shown(change.new.as_ref()));
    let year = change.year.map(|y| y.to_string()).unwrap_or_default();
    match change.kind {
        ChangeKind::ProgramAdded => "program added".to_string(),
        ChangeKind::ProgramRemoved => "program removed".to_string(),
        ChangeKind::ProgramRenamed => format!("renamed from {old}"),
        ChangeKind::KpiAdded => format!("KPI added: {indicator}"),
        ChangeKind::KpiRemoved => format!("KPI removed: {indicator}"),
        ChangeKind::BaselineChanged => format!("{indicator}: baseline {old} → {new}"),
        ChangeKind::TargetChanged => format!("{indicator}: target {old} → {new}"),
        ChangeKind::ActualAdded => format!("{indicator}: {year} actual {new}"),
        ChangeKind::ActualChanged => format!("{indicator}: {year} actual {old} → {new}"),
    }
}

/// A value as the reader knows it: a Quantity's printed text, a name as is.
fn shown(value: Option<&serde_json::Value>) -> String {
    match value {
        None | Some(serde_json::Value::Null) => "(none)".to_string(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => match other.get("text").and_then(|t| t.as_str()) {
            Some("") => "(empty)".to_string(),
            Some(text) => text.to_string(),
            None => other.to_string(),
        },
    }
}

fn totals(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no changes".to_string();
    }
    let mut counts: BTreeMap<ChangeKind, usize> = BTreeMap::new();
    for change in changes {
        *counts.entry(change.kind).or_insert(0) += 1;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(kind, n)| format!("{n} {kind}"))
        .collect();
    format!("{} changes: {}", changes.len(), parts.join(", "))
}
