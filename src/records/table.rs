//! A KPI table's body rows, grouped by program (name cell) or one group per indicator
//! cell, with the KPI cells and every value cell beside each of them (columns found by
//! [`super::columns`]).

use crate::model::{Cell, Source, Table};

use super::actuals::leading_year;
use super::columns::{header_text, Columns, Role};
use super::text::{cell_lines, fold};

/// Grids larger than this (rows × columns) are not read as KPI tables.
const MAX_GRID: usize = 200_000;

/// Index from grid position to the cell covering it.
struct Grid<'a> {
    table: &'a Table,
    at: Vec<Option<usize>>,
}

impl<'a> Grid<'a> {
    fn new(table: &'a Table) -> Option<Grid<'a>> {
        let size = table.n_rows.checked_mul(table.n_cols)?;
        if size == 0 || size > MAX_GRID {
            return None;
        }
        let mut at = vec![None; size];
        for (i, c) in table.cells.iter().enumerate() {
            for r in c.row..row_end(c, table.n_rows) {
                for k in c.col..c.col.saturating_add(c.colspan.max(1)).min(table.n_cols) {
                    at[r * table.n_cols + k] = Some(i);
                }
            }
        }
        Some(Grid { table, at })
    }
    fn index(&self, row: usize, col: usize) -> Option<usize> {
        if row >= self.table.n_rows || col >= self.table.n_cols {
            return None;
        }
        self.at[row * self.table.n_cols + col]
    }
    fn cell(&self, row: usize, col: usize) -> Option<&'a Cell> {
        self.index(row, col).map(|i| &self.table.cells[i])
    }
}

/// The row after the last grid row `c` covers (spans are clamped to the table).
fn row_end(c: &Cell, n_rows: usize) -> usize {
    c.row.saturating_add(c.rowspan.max(1)).min(n_rows)
}

/// One year's actual as found in the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ActualCell {
    /// The year label as printed.
    pub year: String,
    /// The value cell's folded lines.
    pub lines: Vec<String>,
}

/// A KPI cell with the value cells beside it (folded text; None when the table has no such
/// column or the cell is empty).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct KpiCell {
    /// Its folded lines.
    pub lines: Vec<String>,
    /// Actuals in row (or column) order.
    pub actuals: Vec<ActualCell>,
    /// The baseline column beside it.
    pub baseline: Option<String>,
    /// The target column beside it.
    pub target: Option<String>,
    /// The baseline's year: its year column, else the header's year.
    pub baseline_year: Option<String>,
    /// The target's year: its year column, else the header's year.
    pub target_year: Option<String>,
    /// The unit column (for values printed without a unit).
    pub unit: Option<String>,
    /// The rate column (達成率).
    pub rate: Option<String>,
    /// The grade column (評価).
    pub grade: Option<String>,
    /// The notes column (備考) and `※` notes printed in the value cells.
    pub notes: Vec<String>,
    /// Where the KPI's own rows are.
    pub source: Option<Source>,
}

/// The rows of one program, or of one KPI of a table without programs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ProgramRows {
    /// Folded lines of the name cell(s); empty when the rows have no program.
    pub name_lines: Vec<String>,
    /// Folded summary text.
    pub summary: String,
    /// The department column.
    pub department: Option<String>,
    /// KPI cells that start in its rows.
    pub kpis: Vec<KpiCell>,
    /// A KPI cell of an earlier program spans into its rows.
    pub shares_previous: bool,
    /// The rows are a program's (a table read by program, or a named row).
    pub is_program: bool,
    /// The goal column's cell over the rows (merged down), folded.
    pub goal: Option<String>,
    /// The policy column's cell over the rows (merged down), folded.
    pub policy: Option<String>,
    /// The No. column's cell over the rows (a 数値目標 row may be marked there).
    pub number: Option<String>,
    /// Where the rows are.
    pub source: Source,
}

/// A program column is read as programs (rows grouped by name) when the table has a
/// summary (概要) column or at least this share of the KPI rows has a name; below it, the
/// few names are programs of single rows and the other rows are the policy's own KPIs.
const PROGRAM_ROWS_SHARE: f64 = 0.5;

/// Groups the body rows of `table`: by program when its program column is filled,
/// else one group per indicator cell.
pub(crate) fn row_groups(table: &Table, cols: &Columns) -> Vec<ProgramRows> {
    let Some(grid) = Grid::new(table) else {
        return Vec::new();
    };
    let by_program = cols.col(&Role::Program).is_some_and(|name| {
        cols.col(&Role::Summary).is_some() || named_share(&grid, cols, name) >= PROGRAM_ROWS_SHARE
    });
    if by_program {
        program_rows(&grid, cols)
    } else {
        indicator_rows(&grid, cols)
    }
}

/// The share of indicator cells whose first row has a non-empty program cell.
fn named_share(grid: &Grid, cols: &Columns, name: usize) -> f64 {
    let Some(k) = cols.col(&Role::Indicator) else {
        return 1.0;
    };
    let kpis: Vec<&Cell> = body_cells(grid, cols, k)
        .into_iter()
        .filter(|c| !fold(&c.text).is_empty())
        .collect();
    if kpis.is_empty() {
        return 1.0;
    }
    let named = kpis
        .iter()
        .filter(|c| {
            grid.cell(c.row, name)
                .is_some_and(|n| !fold(&n.text).is_empty())
        })
        .count();
    named as f64 / kpis.len() as f64
}

/// The body cells that start in column `col`, in row order, without header rows repeated
/// inside the body (a table continued over pages).
fn body_cells<'a>(grid: &Grid<'a>, cols: &Columns, col: usize) -> Vec<&'a Cell> {
    let header = cols.headers.get(col).map(String::as_str).unwrap_or("");
    let mut cells: Vec<&Cell> = grid
        .table
        .cells
        .iter()
        .filter(|c| c.col == col && c.row >= cols.header_rows)
        .filter(|c| header.is_empty() || header_text(c) != header)
        .collect();
    cells.sort_by_key(|c| c.row);
    cells
}

/// Whether grid row `r` repeats the header (a continued table's header on the next page).
fn is_repeated_header(grid: &Grid, cols: &Columns, r: usize) -> bool {
    let Some(k) = cols.col(&Role::Indicator) else {
        return false;
    };
    let header = cols.headers.get(k).map(String::as_str).unwrap_or("");
    !header.is_empty() && grid.cell(r, k).is_some_and(|c| header_text(c) == header)
}

/// Groups by program (name cell): a row with an empty name continues the program above.
fn program_rows(grid: &Grid, cols: &Columns) -> Vec<ProgramRows> {
    let Some(name) = cols.col(&Role::Program) else {
        return Vec::new();
    };
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for c in body_cells(grid, cols, name) {
        if is_repeated_header(grid, cols, c.row) {
            continue;
        }
        let end = row_end(c, grid.table.n_rows);
        match spans.last_mut() {
            // A row with an empty name cell continues the program above it.
            Some(last) if fold(&c.text).is_empty() => last.1 = end,
            _ => spans.push((c.row, end)),
        }
    }
    spans
        .into_iter()
        .map(|(r0, r1)| rows_of(grid, cols, r0, r1))
        .filter(|p| !p.name_lines.is_empty() || !p.summary.is_empty() || !p.kpis.is_empty())
        .collect()
}

/// One group per indicator cell, its program (if any) from the cell over its first row.
fn indicator_rows(grid: &Grid, cols: &Columns) -> Vec<ProgramRows> {
    let Some(k) = cols.col(&Role::Indicator) else {
        return Vec::new();
    };
    body_cells(grid, cols, k)
        .into_iter()
        .filter(|c| !fold(&c.text).is_empty())
        .map(|c| {
            let (r0, r1) = (c.row, row_end(c, grid.table.n_rows));
            let mut rows = group_of(grid, cols, r0, r1);
            rows.name_lines = covering_lines(grid, cols.col(&Role::Program), r0);
            rows.is_program = !rows.name_lines.is_empty();
            rows.kpis = vec![kpi_cell(grid, cols, c)];
            rows
        })
        .collect()
}

/// The folded lines of the cell of column `col` over row `r` (merged cells included).
fn covering_lines(grid: &Grid, col: Option<usize>, r: usize) -> Vec<String> {
    col.and_then(|k| grid.cell(r, k))
        .map(cell_lines)
        .unwrap_or_default()
}

/// The folded text of the cell of column `col` over row `r`, None when empty.
fn covering_text(grid: &Grid, col: Option<usize>, r: usize) -> Option<String> {
    let t = fold(&col.and_then(|k| grid.cell(r, k))?.text);
    (!t.is_empty()).then_some(t)
}

/// The parts of rows `r0..r1` every group has: summary, department, hierarchy, source.
fn group_of(grid: &Grid, cols: &Columns, r0: usize, r1: usize) -> ProgramRows {
    let summary = cols.col(&Role::Summary).map_or_else(String::new, |k| {
        starting_in(grid, k, r0, r1)
            .iter()
            .map(|c| fold(&c.text))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    });
    ProgramRows {
        name_lines: Vec::new(),
        summary,
        department: covering_text(grid, cols.col(&Role::Department), r0),
        kpis: Vec::new(),
        shares_previous: false,
        is_program: false,
        goal: covering_text(grid, cols.col(&Role::Goal), r0),
        policy: covering_text(grid, cols.col(&Role::Policy), r0),
        number: covering_text(grid, cols.col(&Role::Number), r0),
        source: source_of(grid, r0, r1),
    }
}

/// The cells of column `col` that start in rows `r0..r1`, in row order.
fn starting_in<'a>(grid: &Grid<'a>, col: usize, r0: usize, r1: usize) -> Vec<&'a Cell> {
    let mut seen = Vec::new();
    for r in r0..r1 {
        if let Some(i) = grid.index(r, col) {
            let c = &grid.table.cells[i];
            if c.row == r && c.col == col && !seen.contains(&i) {
                seen.push(i);
            }
        }
    }
    seen.into_iter().map(|i| &grid.table.cells[i]).collect()
}

fn rows_of(grid: &Grid, cols: &Columns, r0: usize, r1: usize) -> ProgramRows {
    let mut rows = group_of(grid, cols, r0, r1);
    rows.is_program = true;
    if let Some(name) = cols.col(&Role::Program) {
        rows.name_lines = starting_in(grid, name, r0, r1)
            .iter()
            .flat_map(|c| cell_lines(c))
            .collect();
    }
    if let Some(k) = cols.col(&Role::Indicator) {
        rows.shares_previous = grid.cell(r0, k).is_some_and(|c| c.row < r0);
        rows.kpis = starting_in(grid, k, r0, r1)
            .iter()
            .filter(|c| !is_repeated_header(grid, cols, c.row))
            .map(|c| kpi_cell(grid, cols, c))
            .collect();
    }
    rows
}

fn kpi_cell(grid: &Grid, cols: &Columns, cell: &Cell) -> KpiCell {
    let rows = cell.row..row_end(cell, grid.table.n_rows);
    kpi_cell_at(grid, cols, rows, cell_lines(cell))
}

/// The body rows of a table whose indicator is printed above it (a caption such as
/// `KPI①創業件数` over a year-series table): one KPI per row that holds a value.
pub(crate) fn caption_rows(table: &Table, cols: &Columns, caption: &str) -> Vec<ProgramRows> {
    let Some(grid) = Grid::new(table) else {
        return Vec::new();
    };
    (cols.header_rows..table.n_rows)
        .filter(|r| !is_repeated_header(&grid, cols, *r))
        .map(|r| {
            let mut rows = group_of(&grid, cols, r, r + 1);
            rows.kpis = vec![kpi_cell_at(
                &grid,
                cols,
                r..r + 1,
                vec![caption.to_string()],
            )];
            rows
        })
        .filter(|g| g.kpis.iter().any(KpiCell::has_value))
        .collect()
}

impl KpiCell {
    /// Whether any value cell beside it holds text.
    fn has_value(&self) -> bool {
        self.baseline.is_some() || self.target.is_some() || !self.actuals.is_empty()
    }
}

fn kpi_cell_at(
    grid: &Grid,
    cols: &Columns,
    rows: std::ops::Range<usize>,
    lines: Vec<String>,
) -> KpiCell {
    // A unit note in the indicator (`…(単位:億円)`) stands for a missing unit column.
    let mut noted_unit = None;
    let lines: Vec<String> = lines
        .into_iter()
        .map(|l| {
            let (text, unit) = super::values::split_unit_note(&l);
            noted_unit = noted_unit.take().or(unit);
            text
        })
        .filter(|l| !l.trim().is_empty())
        .collect();
    let mut actuals: Vec<ActualCell> = cols
        .actual_years()
        .iter()
        .map(|(col, year)| ActualCell {
            year: year.clone(),
            lines: starting_in(grid, *col, rows.start, rows.end)
                .iter()
                .flat_map(|c| cell_lines(c))
                .collect(),
        })
        .filter(|a| !a.lines.is_empty())
        .collect();
    if let Some(value) = cols.col(&Role::ActualValue) {
        let label = cols.col(&Role::ActualYear);
        actuals.extend(
            rows.clone()
                .filter_map(|r| vertical_actual(grid, label, value, r)),
        );
    }
    // A value cell merged over several KPI rows belongs to each of them.
    let beside = |role: &Role| {
        let k = cols.col(role)?;
        let starting = starting_in(grid, k, rows.start, rows.end);
        let text: String = if starting.is_empty() {
            covering_text(grid, Some(k), rows.start).unwrap_or_default()
        } else {
            starting
                .iter()
                .map(|c| fold(&c.text).replace('\n', ""))
                .collect()
        };
        (!text.is_empty()).then_some(text)
    };
    let any = |pick: fn(&Role) -> bool| {
        let k = cols.first(pick)?;
        let role = cols.roles[k].clone()?;
        beside(&role)
    };
    let header_year =
        |pick: fn(&Role) -> Option<String>| cols.roles.iter().flatten().find_map(pick);
    let mut notes: Vec<String> = beside(&Role::Notes).into_iter().collect();
    let (baseline, baseline_note) = split_note(any(|r| matches!(r, Role::Baseline(_))));
    let (target, target_note) = split_note(any(|r| matches!(r, Role::Target(_))));
    notes.extend(baseline_note);
    notes.extend(target_note);
    KpiCell {
        lines,
        actuals,
        baseline,
        target,
        baseline_year: beside(&Role::BaselineYear).or_else(|| {
            header_year(|r| match r {
                Role::Baseline(y) => y.clone(),
                _ => None,
            })
        }),
        target_year: beside(&Role::TargetYear).or_else(|| {
            header_year(|r| match r {
                Role::Target(y) => y.clone(),
                _ => None,
            })
        }),
        unit: beside(&Role::Unit).or(noted_unit),
        rate: beside(&Role::Rate),
        grade: beside(&Role::Grade),
        notes,
        source: Some(source_of(grid, rows.start, rows.end)),
    }
}

/// A value cell's `※` note (`5年間で1組織化※PTAではない組織`), split from the value.
fn split_note(text: Option<String>) -> (Option<String>, Option<String>) {
    let Some(text) = text else {
        return (None, None);
    };
    match text.find('※') {
        Some(i) => {
            let value = text[..i].trim().to_string();
            let note = text[i..].trim().to_string();
            ((!value.is_empty()).then_some(value), Some(note))
        }
        None => (Some(text), None),
    }
}

/// The actual of grid row `r`: its value cell (when it starts there) and year label.
fn vertical_actual(
    grid: &Grid,
    label: Option<usize>,
    value: usize,
    r: usize,
) -> Option<ActualCell> {
    let cell = grid.cell(r, value)?;
    if cell.row != r {
        return None;
    }
    let mut lines = cell_lines(cell);
    let mut year = label
        .and_then(|k| grid.cell(r, k))
        .filter(|c| c.col != cell.col)
        .map(|c| fold(&c.text))
        .unwrap_or_default();
    if year.is_empty() {
        let first = lines.first().cloned().unwrap_or_default();
        if let Some((y, rest)) = leading_year(&first) {
            year = y.to_string();
            let rest = rest.to_string();
            if rest.is_empty() {
                lines.remove(0);
            } else {
                lines[0] = rest;
            }
        }
    }
    if year.is_empty() && lines.is_empty() {
        return None;
    }
    Some(ActualCell { year, lines })
}

/// Page, pages and box of the rows `r0..r1`: every cell that starts in them.
fn source_of(grid: &Grid, r0: usize, r1: usize) -> Source {
    let cells: Vec<&Cell> = grid
        .table
        .cells
        .iter()
        .filter(|c| c.row >= r0 && c.row < r1)
        .collect();
    let mut pages: Vec<u32> = cells
        .iter()
        .flat_map(|c| c.parts.iter().map(|p| p.page))
        .collect();
    pages.sort_unstable();
    pages.dedup();
    let first = pages
        .first()
        .copied()
        .or_else(|| grid.table.pages.first().copied())
        .unwrap_or(1);
    let bbox = cells
        .iter()
        .flat_map(|c| c.parts.iter())
        .filter(|p| p.page == first)
        .map(|p| p.bbox)
        .reduce(|a, b| a.union(&b))
        // 0.01 pt is far below print resolution and keeps the output readable and stable.
        .map_or([0.0; 4], |b| {
            b.to_array().map(|v| (v * 100.0).round() / 100.0)
        });
    if pages.is_empty() {
        pages.push(first);
    }
    Source {
        page: first,
        pages,
        bbox,
        warnings: Vec::new(),
    }
}
