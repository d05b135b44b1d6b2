//! Stage 4: layout blocks to the document tree and flat KPI records.
//!
//! Blocks are read in order: headings set the hierarchy ([`hierarchy`]), notes become
//! footnotes, and every KPI table ([`table`]) gives one program per name cell, each KPI
//! cell split into KPIs ([`kpi`]) with the actual rows beside it ([`actuals`]).

mod actuals;
mod columns;
mod evaluation;
mod gaps;
mod hierarchy;
mod ids;
mod kpi;
mod lines;
mod program;
mod reader;
mod table;
mod text;
mod tree;
mod values;

use crate::model::{
    Actual, Evaluation, Extraction, Layout, Level, Period, Program, Quantity, Source,
};
use crate::normalize::parse_period;

use hierarchy::Context;
use table::KpiCell;
use text::join_wrapped;

/// A program with its KPIs, or the KPIs of a goal or policy (no program), before ids are
/// given.
#[derive(Debug, Clone)]
struct ProgramOut {
    context: Context,
    /// `program` for a 事業 row, else the goal or policy the KPIs belong to.
    level: Level,
    /// The 事業; None for a goal's or a policy's own KPIs.
    program: Option<Program>,
    kpis: Vec<KpiOut>,
    source: Source,
}

/// One KPI with parsed values.
#[derive(Debug, Clone)]
struct KpiOut {
    indicator: Option<String>,
    scope: Option<String>,
    baseline: Option<Quantity>,
    target: Option<Quantity>,
    actuals: Vec<Actual>,
    evaluation: Option<Evaluation>,
    notes: Vec<String>,
    /// The KPI's own rows, when they are not the whole program's (None: the program's).
    source: Option<Source>,
}

/// Compiles the record builder's patterns now, e.g. on a spare thread while the first PDF
/// is read, instead of on the first document's critical path. Optional: [`build`] compiles
/// what it needs on first use.
pub fn warm_up() {
    actuals::warm_up();
    kpi::warm_up();
    columns::warm_up();
    evaluation::warm_up();
    hierarchy::warm_up();
    program::warm_up();
    values::warm_up();
}

/// Builds the records of one document named `stem`.
pub fn build(layout: &Layout, stem: &str) -> Extraction {
    let mut reader = reader::Reader::new(layout);
    for block in &layout.blocks {
        reader.block(block);
    }
    reader.finish(layout, stem)
}

/// The KPIs of one KPI cell with their actuals and the value cells beside it.
fn kpis_of_cell(cell: &KpiCell, separate_values: bool) -> Vec<KpiOut> {
    let mut parsed = if separate_values {
        // Values have columns of their own: the cell is the indicator (and its notes).
        indicator_only(&cell.lines).into_iter().collect()
    } else {
        // `577人(H26)→800人(H31)`: an arrow of another shape separates the same values.
        let lines: Vec<String> = cell.lines.iter().map(|l| l.replace('→', "⇒")).collect();
        kpi::parse_kpi_cell(&lines)
    };
    // Values in their own columns belong to the cell's one KPI.
    if let [only] = parsed.as_mut_slice() {
        only.baseline = only.baseline.take().or_else(|| cell.baseline.clone());
        only.target = only.target.take().or_else(|| cell.target.clone());
    }
    let n = parsed.len();
    let unit = cell.unit.as_deref();
    let mut out: Vec<KpiOut> = parsed
        .into_iter()
        .map(|p| {
            let mut notes = p.notes;
            notes.extend(cell.notes.iter().cloned());
            KpiOut {
                indicator: p.indicator,
                scope: p.scope,
                baseline: p
                    .baseline
                    .as_deref()
                    .map(|t| values::quantity(t, unit, cell.baseline_year.as_deref())),
                target: p
                    .target
                    .as_deref()
                    .map(|t| values::quantity(t, unit, cell.target_year.as_deref())),
                actuals: Vec::new(),
                evaluation: evaluation::evaluation(cell.rate.as_deref(), cell.grade.as_deref()),
                notes,
                source: cell.source.clone().filter(|_| n == 1),
            }
        })
        .collect();
    if out.is_empty() {
        return out;
    }
    let rows = cell
        .actuals
        .iter()
        .flat_map(|a| actuals::split_merged_years(&a.year, &a.lines));
    for (year, lines) in rows {
        let read = actuals::read_actual(&lines);
        let period = period_of(&year);
        let values = actuals::split_among(&read.value, n);
        for (kpi, value) in out.iter_mut().zip(values) {
            kpi.actuals.push(Actual {
                period: period.clone(),
                value: values::quantity(&value, unit, None),
            });
            for note in &read.notes {
                if !kpi.notes.contains(note) {
                    kpi.notes.push(note.clone());
                }
            }
        }
    }
    out
}

/// A cell that names an indicator only: its lines joined, `※` lines as notes.
fn indicator_only(lines: &[String]) -> Option<kpi::ParsedKpi> {
    let (notes, text): (Vec<&String>, Vec<&String>) =
        lines.iter().partition(|l| l.trim_start().starts_with('※'));
    let indicator = join_wrapped(&text);
    if indicator.is_empty() {
        return None;
    }
    Some(kpi::ParsedKpi {
        indicator: Some(indicator),
        notes: notes.into_iter().cloned().collect(),
        ..Default::default()
    })
}

/// The period of a year label; the label alone (no years) when it cannot be read.
fn period_of(label: &str) -> Period {
    parse_period(label).unwrap_or_else(|_| Period {
        text: label.to_string(),
        era: None,
        era_year: None,
        fiscal: false,
        start: None,
        end: None,
        date: None,
    })
}
