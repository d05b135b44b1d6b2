//! A KPI table: its columns found by header text, and its body rows grouped by program
//! (name cell), with the KPI cells and the actual rows beside each of them.

use crate::model::{Cell, Source, Table};

use super::actuals::{find_year, leading_year};
use super::text::{cell_lines, fold};

/// Grids larger than this (rows × columns) are not read as KPI tables.
const MAX_GRID: usize = 200_000;

/// Header rows are looked for among this many first rows when the layout gave none.
const MAX_HEADER_ROWS: usize = 3;

/// Where the actual values are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ActualColumns {
    /// No actual column.
    None,
    /// One grid row per year: a year-label column (if any) and a value column.
    Vertical {
        /// The year labels' column.
        label: Option<usize>,
        /// The values' column.
        value: usize,
    },
    /// One column per year, the year in the header.
    Horizontal(Vec<(usize, String)>),
}

/// The columns of a KPI table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Columns {
    /// Header rows at the top.
    pub header_rows: usize,
    /// 事業名.
    pub name: usize,
    /// 概要.
    pub summary: Option<usize>,
    /// KPI.
    pub kpi: Option<usize>,
    /// A separate baseline column (基準値, 現状値), when the KPI cell holds no values.
    pub baseline: Option<usize>,
    /// A separate target column (目標値).
    pub target: Option<usize>,
    /// KPI実績.
    pub actual: ActualColumns,
}

/// One year's actual as found in the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ActualCell {
    /// The year label as printed.
    pub year: String,
    /// The value cell's folded lines.
    pub lines: Vec<String>,
}

/// A KPI cell with the actual rows beside it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct KpiCell {
    /// Its folded lines.
    pub lines: Vec<String>,
    /// Actuals in row order.
    pub actuals: Vec<ActualCell>,
    /// Folded text of the baseline column beside it, if the table has one.
    pub baseline: Option<String>,
    /// Folded text of the target column beside it, if the table has one.
    pub target: Option<String>,
}

/// The rows of one program.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ProgramRows {
    /// Folded lines of the name cell(s).
    pub name_lines: Vec<String>,
    /// Folded summary text.
    pub summary: String,
    /// KPI cells that start in its rows.
    pub kpis: Vec<KpiCell>,
    /// A KPI cell of an earlier program spans into its rows.
    pub shares_previous: bool,
    /// Where the rows are.
    pub source: Source,
}

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

/// Header text with spaces removed, for keyword tests.
fn header_text(cell: &Cell) -> String {
    fold(&cell.text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn is_header_keyword(text: &str) -> bool {
    ["事業名", "概要", "KPI", "実績", "指標"]
        .iter()
        .any(|k| text.contains(k))
}

/// Finds the columns of a KPI table by the text of its header cells.
pub(crate) fn find_columns(table: &Table) -> Option<Columns> {
    let header_rows = if table.header_rows > 0 {
        table.header_rows
    } else {
        (0..MAX_HEADER_ROWS.min(table.n_rows))
            .take_while(|r| {
                table
                    .cells
                    .iter()
                    .any(|c| c.row == *r && is_header_keyword(&header_text(c)))
            })
            .count()
    };
    let header: Vec<&Cell> = table.cells.iter().filter(|c| c.row < header_rows).collect();
    let (mut name, mut summary, mut kpi) = (None, None, None);
    let mut actual: Vec<&Cell> = Vec::new();
    let (mut baseline, mut target) = (None, None);
    for c in &header {
        let t = header_text(c);
        if t.contains("実績") {
            actual.push(c);
        } else if t.contains("KPI") || t.contains("指標") {
            kpi = kpi.or(Some(c.col));
        } else if t.contains("基準") || t.contains("現状") {
            baseline = baseline.or(Some(c.col));
        } else if t.contains("目標") {
            target = target.or(Some(c.col));
        } else if t.contains("概要") || t.contains("内容") {
            summary = summary.or(Some(c.col));
        } else if t.contains("事業") || t.contains("名称") {
            name = name.or(Some(c.col));
        }
    }
    let name = name?;
    // A lone target column (数値目標) holds the whole KPI.
    if kpi.is_none() && baseline.is_none() {
        kpi = target.take();
    }
    let actual = actual_layout(&actual, &header, header_rows);
    // A name column alone (疾病名称, 施設名称) is any list, not a table of programs and KPIs.
    let has_values = kpi.is_some() || baseline.is_some() || target.is_some();
    if !has_values && matches!(actual, ActualColumns::None) {
        return None;
    }
    Some(Columns {
        header_rows,
        name,
        summary,
        kpi,
        baseline,
        target,
        actual,
    })
}

/// The layout of the actual columns: one column per year when each 実績 header names its
/// year (`H29実績`, `R2実績`), else the columns under the first 実績 header.
fn actual_layout(heads: &[&Cell], header: &[&Cell], header_rows: usize) -> ActualColumns {
    let own_years: Vec<(usize, String)> = heads
        .iter()
        .filter(|c| c.colspan <= 1)
        .filter_map(|c| year_in(&header_text(c)).map(|y| (c.col, y)))
        .collect();
    if !own_years.is_empty() && own_years.len() == heads.len() {
        return ActualColumns::Horizontal(own_years);
    }
    match heads.first() {
        Some(head) => actual_columns(head, header, header_rows),
        None => ActualColumns::None,
    }
}

/// The first era year label in a header text (`R2実績` → `R2`).
fn year_in(text: &str) -> Option<String> {
    find_year(text).map(str::to_string)
}

/// The layout of the actual columns under their header cell.
fn actual_columns(head: &Cell, header: &[&Cell], header_rows: usize) -> ActualColumns {
    let span = head.col..head.col.saturating_add(head.colspan.max(1));
    let years: Vec<(usize, String)> = header
        .iter()
        .filter(|c| c.row >= head.row.saturating_add(head.rowspan) && c.row < header_rows)
        .filter(|c| span.contains(&c.col))
        .filter_map(|c| {
            let t = header_text(c);
            leading_year(&t).map(|(y, _)| (c.col, y.to_string()))
        })
        .collect();
    if !years.is_empty() {
        ActualColumns::Horizontal(years)
    } else if span.len() >= 2 {
        ActualColumns::Vertical {
            label: Some(span.start),
            value: span.end - 1,
        }
    } else {
        ActualColumns::Vertical {
            label: None,
            value: span.start,
        }
    }
}

/// Groups the body rows of `table` by program.
pub(crate) fn program_rows(table: &Table, cols: &Columns) -> Vec<ProgramRows> {
    let Some(grid) = Grid::new(table) else {
        return Vec::new();
    };
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut names: Vec<&Cell> = table
        .cells
        .iter()
        .filter(|c| c.col == cols.name && c.row >= cols.header_rows)
        .collect();
    names.sort_by_key(|c| c.row);
    for c in &names {
        let end = row_end(c, table.n_rows);
        match spans.last_mut() {
            // A row with an empty name cell continues the program above it.
            Some(last) if fold(&c.text).is_empty() => last.1 = end,
            _ => spans.push((c.row, end)),
        }
    }
    spans
        .into_iter()
        .map(|(r0, r1)| rows_of(&grid, cols, r0, r1))
        .filter(|p| !p.name_lines.is_empty() || !p.summary.is_empty() || !p.kpis.is_empty())
        .collect()
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
    let name_lines: Vec<String> = starting_in(grid, cols.name, r0, r1)
        .iter()
        .flat_map(|c| cell_lines(c))
        .collect();
    let summary = cols.summary.map_or_else(String::new, |k| {
        starting_in(grid, k, r0, r1)
            .iter()
            .map(|c| fold(&c.text))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    });
    let (kpis, shares_previous) = match cols.kpi {
        Some(k) => {
            let cells = starting_in(grid, k, r0, r1);
            let shares = grid.cell(r0, k).is_some_and(|c| c.row < r0);
            let kpis = cells.iter().map(|c| kpi_cell(grid, cols, c)).collect();
            (kpis, shares)
        }
        None => (Vec::new(), false),
    };
    ProgramRows {
        name_lines,
        summary,
        kpis,
        shares_previous,
        source: source_of(grid, r0, r1),
    }
}

fn kpi_cell(grid: &Grid, cols: &Columns, cell: &Cell) -> KpiCell {
    let rows = cell.row..row_end(cell, grid.table.n_rows);
    let actuals = match &cols.actual {
        ActualColumns::None => Vec::new(),
        ActualColumns::Vertical { label, value } => rows
            .filter_map(|r| vertical_actual(grid, *label, *value, r))
            .collect(),
        ActualColumns::Horizontal(years) => years
            .iter()
            .map(|(col, year)| ActualCell {
                year: year.clone(),
                lines: starting_in(grid, *col, rows.start, rows.end)
                    .iter()
                    .flat_map(|c| cell_lines(c))
                    .collect(),
            })
            .collect(),
    };
    let beside = |col: Option<usize>| {
        col.map(|k| {
            starting_in(grid, k, cell.row, row_end(cell, grid.table.n_rows))
                .iter()
                .map(|c| fold(&c.text).replace('\n', ""))
                .collect::<String>()
        })
        .filter(|t| !t.is_empty())
    };
    KpiCell {
        lines: cell_lines(cell),
        actuals,
        baseline: beside(cols.baseline),
        target: beside(cols.target),
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
