//! Stage 4: layout blocks to the document tree and flat KPI records.
//!
//! Blocks are read in order: headings set the hierarchy ([`hierarchy`]), notes become
//! footnotes, and every KPI table ([`table`]) gives one program per name cell, each KPI
//! cell split into KPIs ([`kpi`]) with the actual rows beside it ([`actuals`]).

mod actuals;
mod gaps;
mod hierarchy;
mod ids;
mod kpi;
mod lines;
mod program;
mod table;
mod text;
mod tree;
mod values;

use crate::model::{
    Actual, Block, Diagnostics, Evaluation, Extraction, Footnote, Layout, Level, Period, Program,
    Quantity, Source, TextKind,
};
use crate::normalize::{parse_period, parse_quantity};

use hierarchy::{Context, Hierarchy};
use table::{Columns, KpiCell, ProgramRows};
use text::fold;

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
    program::warm_up();
    values::warm_up();
}

/// Builds the records of one document named `stem`.
pub fn build(layout: &Layout, stem: &str) -> Extraction {
    let mut hierarchy = Hierarchy::default();
    let mut footnotes = Vec::new();
    let mut programs = Vec::new();
    let mut last_columns: Option<(usize, Columns)> = None;
    let mut lines = lines::LineReader::default();
    for block in &layout.blocks {
        match block {
            Block::Text(t) => {
                let folded = fold(&t.text);
                if t.kind == TextKind::Note || folded.starts_with('※') {
                    footnotes.push(Footnote {
                        text: folded,
                        page: t.page,
                    });
                } else {
                    lines.read(t, &mut hierarchy);
                    programs.extend(lines.take_records());
                }
            }
            Block::Table(tab) => {
                lines.flush();
                programs.extend(lines.take_records());
                hierarchy.end_text();
                // A table without a header of its own continues the previous one's columns.
                let columns = table::find_columns(tab).or_else(|| {
                    last_columns
                        .as_ref()
                        .filter(|(n, _)| *n == tab.n_cols)
                        .map(|(_, c)| Columns {
                            header_rows: 0,
                            ..c.clone()
                        })
                });
                let Some(columns) = columns else { continue };
                for rows in table::program_rows(tab, &columns) {
                    programs.push(program_out(&hierarchy.context, rows));
                }
                last_columns = Some((tab.n_cols, columns));
            }
            Block::Figure(_) => {}
        }
    }
    lines.flush();
    programs.extend(lines.take_records());
    let mut diagnostics = Diagnostics::default();
    lines.account(&mut diagnostics);
    gaps::mark(&mut programs, &layout.page_errors);
    let (goals, kpis) = tree::assemble(stem, programs);
    Extraction {
        document: stem.to_string(),
        title: layout.title.as_deref().map(fold).filter(|t| !t.is_empty()),
        pages: layout.pages,
        goals,
        footnotes,
        page_errors: layout.page_errors.clone(),
        diagnostics,
        warnings: Vec::new(),
        legends: Vec::new(),
        kpis,
    }
}

fn program_out(context: &Context, rows: ProgramRows) -> ProgramOut {
    let program = program::read_program(&rows.name_lines, &rows.summary);
    let kpis = rows.kpis.iter().flat_map(kpis_of_cell).collect();
    ProgramOut {
        context: context.clone(),
        level: Level::Program,
        program: Some(program),
        kpis,
        source: rows.source,
    }
}

/// The KPIs of one KPI cell with their actuals.
fn kpis_of_cell(cell: &KpiCell) -> Vec<KpiOut> {
    let mut parsed = kpi::parse_kpi_cell(&cell.lines);
    // Values in their own columns belong to the cell's one KPI.
    if let [only] = parsed.as_mut_slice() {
        only.baseline = only.baseline.take().or_else(|| cell.baseline.clone());
        only.target = only.target.take().or_else(|| cell.target.clone());
    }
    let n = parsed.len();
    let mut out: Vec<KpiOut> = parsed
        .into_iter()
        .map(|p| KpiOut {
            indicator: p.indicator,
            scope: p.scope,
            baseline: p.baseline.as_deref().map(parse_quantity),
            target: p.target.as_deref().map(parse_quantity),
            actuals: Vec::new(),
            evaluation: None,
            notes: p.notes,
            source: None,
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
                value: parse_quantity(&value),
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
