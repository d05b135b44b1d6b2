//! Tables continued across pages: a page's table appended to the previous one, its
//! repeated header dropped, and a row cut by the page break joined back into one row.
//!
//! Cells are kept with their horizontal extent in points while a table is built, and get
//! their column indices only at the end, from the union of every page's boundaries: a
//! column split into sub-columns on one page stays consistent on the others.

use crate::model::{Cell, Line, Placement, Rect, Table};

use super::cells::PageTable;
use super::headers::{self, HeaderCell};
use super::text::join_lines;
use super::Params;

/// A table being assembled from one or more pages.
#[derive(Debug, Clone, PartialEq)]
pub struct TableBuild {
    cells: Vec<BuildCell>,
    rows: usize,
    header_rows: usize,
    header: Vec<HeaderCell>,
    /// The first row's cells, to recognise a repeated first row that was not taken for a
    /// header.
    first_row: Vec<HeaderCell>,
    /// Column boundaries seen so far (all pages).
    xs: Vec<f64>,
    /// Texts printed right above the table on its first page (title, notes).
    captions: Vec<String>,
    /// The last page's part ends without a closing border.
    open_bottom: bool,
    pages: Vec<u32>,
}

/// A cell while its table is built: rows are global, columns are still coordinates.
#[derive(Debug, Clone, PartialEq)]
struct BuildCell {
    row: usize,
    rowspan: usize,
    x0: f64,
    x1: f64,
    lines: Vec<Line>,
    parts: Vec<Placement>,
}

impl TableBuild {
    /// Starts a table from its first page; `captions` are the texts right above it.
    pub fn start(table: PageTable, captions: Vec<String>) -> TableBuild {
        let header_rows = headers::header_rows(&table);
        let header = headers::header_cells(&table, header_rows);
        let first_row = headers::header_cells(&table, 1);
        let rows = table.rows();
        let open_bottom = table.grid.open_bottom;
        let xs = table.grid.xs.clone();
        let page = table.page;
        let cells = build_cells(table, 0, 0);
        TableBuild {
            cells,
            rows,
            header_rows,
            header,
            first_row,
            captions,
            xs,
            open_bottom,
            pages: vec![page],
        }
    }

    /// The texts printed right above the table on its first page.
    pub fn captions(&self) -> &[String] {
        &self.captions
    }

    /// The last page this table is on.
    pub fn last_page(&self) -> u32 {
        self.pages.last().copied().unwrap_or(0)
    }

    /// Appends `next` (the first thing on the following page) when it continues this
    /// table: it repeats the header, or has the same column boundaries. Gives it back
    /// otherwise.
    pub fn try_continue(&mut self, next: PageTable, params: &Params) -> Result<(), PageTable> {
        let repeated =
            match headers::repeated_header_rows(&next, &self.header, self.header_rows, false) {
                0 => headers::repeated_header_rows(&next, &self.first_row, 1, true),
                n => n,
            };
        if repeated == 0 && !self.same_columns(&next, params) {
            return Err(next);
        }
        let cut =
            self.open_bottom || next.grid.open_top || self.continues_text(&next, repeated, params);
        let open_bottom = next.grid.open_bottom;
        let page = next.page;
        self.xs.extend_from_slice(&next.grid.xs);
        let next_rows = next.rows();
        let mut incoming = build_cells(next, repeated, 0);
        let seam_ok = cut && self.merge_seam(&mut incoming, params);
        let offset = if seam_ok { self.rows - 1 } else { self.rows };
        for c in &mut incoming {
            c.row += offset;
        }
        self.cells.extend(incoming);
        self.rows = offset + next_rows.saturating_sub(repeated);
        self.open_bottom = open_bottom;
        self.pages.push(page);
        Ok(())
    }

    /// Same outer edges and mostly the same inner column boundaries.
    fn same_columns(&self, next: &PageTable, params: &Params) -> bool {
        let tol = params.snap_tolerance.max(1.0);
        let near = |a: f64, b: f64| (a - b).abs() <= tol;
        let (Some(&a0), Some(&a1)) = (
            self.xs.iter().min_by(|a, b| a.total_cmp(b)),
            self.xs.iter().max_by(|a, b| a.total_cmp(b)),
        ) else {
            return false;
        };
        let nx = &next.grid.xs;
        let (Some(&b0), Some(&b1)) = (nx.first(), nx.last()) else {
            return false;
        };
        if !near(a0, b0) || !near(a1, b1) {
            return false;
        }
        let shared = nx
            .iter()
            .filter(|&&x| self.xs.iter().any(|&y| near(x, y)))
            .count();
        shared * 4 >= nx.len() * 3
    }

    /// The first body row of `next` has an empty first-column cell next to cells with
    /// text, while this table's last row has text there: the row goes on.
    fn continues_text(&self, next: &PageTable, first_row: usize, params: &Params) -> bool {
        let Some(x_left) = next.grid.xs.first().copied() else {
            return false;
        };
        let mut first_col_empty = false;
        let mut others_text = false;
        for (i, (c, _)) in next.cells().enumerate() {
            if c.row != first_row {
                continue;
            }
            if c.col == 0 {
                first_col_empty = !next.has_text(i);
            } else if next.has_text(i) {
                others_text = true;
            }
        }
        let last_has_text = self.cells.iter().any(|c| {
            c.row + c.rowspan == self.rows
                && (c.x0 - x_left).abs() < params.snap_tolerance
                && !c.lines.is_empty()
        });
        first_col_empty && others_text && last_has_text
    }

    /// Joins the cells of the last row with those of `incoming`'s first row that lie under
    /// them. Fails (changing nothing) when the seam's cells cannot pair up into rectangles.
    fn merge_seam(&mut self, incoming: &mut Vec<BuildCell>, params: &Params) -> bool {
        let tol = params.snap_tolerance.max(1.0);
        let bottom: Vec<usize> = (0..self.cells.len())
            .filter(|&i| self.cells[i].row + self.cells[i].rowspan == self.rows)
            .collect();
        let top: Vec<usize> = (0..incoming.len())
            .filter(|&i| incoming[i].row == 0)
            .collect();
        if bottom.is_empty() || top.is_empty() {
            return false;
        }
        let groups = seam_groups(&self.cells, &bottom, incoming, &top, tol);
        let Some(groups) = groups else {
            return false;
        };
        let mut absorbed = vec![false; incoming.len()];
        for (upper, lower) in groups {
            let keep = upper[0];
            for &u in &upper[1..] {
                let other = std::mem::take(&mut self.cells[u].lines);
                self.cells[keep].lines.extend(other);
            }
            let first_row = self.cells[keep].row;
            let mut merged = self.cells[keep].clone();
            merged.x0 = upper
                .iter()
                .map(|&u| self.cells[u].x0)
                .fold(f64::INFINITY, f64::min);
            merged.x1 = upper
                .iter()
                .map(|&u| self.cells[u].x1)
                .fold(f64::NEG_INFINITY, f64::max);
            for &u in &upper[1..] {
                let parts = self.cells[u].parts.clone();
                merged.parts.extend(parts);
            }
            merged.parts = union_parts(merged.parts);
            let mut bottom_row = 0;
            for &l in &lower {
                merged.lines.extend(incoming[l].lines.iter().cloned());
                merged.parts.extend(incoming[l].parts.iter().copied());
                bottom_row = bottom_row.max(incoming[l].row + incoming[l].rowspan);
                absorbed[l] = true;
            }
            merged.parts = union_parts(merged.parts);
            merged.rowspan = self.rows - 1 + bottom_row - first_row;
            self.cells[keep] = merged;
            for &u in &upper[1..] {
                self.cells[u].rowspan = 0; // removed below
            }
        }
        self.cells.retain(|c| c.rowspan > 0);
        let mut i = 0;
        incoming.retain(|_| {
            i += 1;
            !absorbed[i - 1]
        });
        true
    }

    /// The finished table: columns from the union of all boundaries, cell texts joined,
    /// positions no cell covers filled with empty cells.
    pub fn finish(self, params: &Params) -> Table {
        let xs = cluster(self.xs, params.snap_tolerance.max(1.0));
        let col_of = |x: f64| nearest(&xs, x);
        let n_cols = xs.len().saturating_sub(1);
        let mut cells: Vec<Cell> = self
            .cells
            .into_iter()
            .filter_map(|c| {
                let col = col_of(c.x0);
                let end = col_of(c.x1);
                (end > col && c.rowspan > 0).then(|| Cell {
                    row: c.row,
                    col,
                    rowspan: c.rowspan,
                    colspan: end - col,
                    text: join_lines(&c.lines, params),
                    lines: c.lines.iter().map(|l| l.text.clone()).collect(),
                    parts: c.parts,
                })
            })
            .collect();
        fill_gaps(&mut cells, self.rows, n_cols);
        cells.sort_by_key(|c| (c.row, c.col));
        Table {
            n_rows: self.rows,
            n_cols,
            header_rows: self.header_rows,
            cells,
            pages: self.pages,
        }
    }
}

/// Cells of a page table as build cells, rows from `skip_rows` on, shifted by `offset`.
fn build_cells(table: PageTable, skip_rows: usize, offset: usize) -> Vec<BuildCell> {
    let page = table.page;
    table
        .grid
        .cells
        .iter()
        .zip(table.lines)
        .filter(|(c, _)| c.row >= skip_rows)
        .map(|(c, lines)| BuildCell {
            row: c.row - skip_rows + offset,
            rowspan: c.rowspan,
            x0: c.rect.x0,
            x1: c.rect.x1,
            lines,
            parts: vec![Placement { page, bbox: c.rect }],
        })
        .collect()
}

type SeamGroups = Vec<(Vec<usize>, Vec<usize>)>;

/// Pairs the upper cells at the seam with the lower cells by horizontal overlap. Each
/// group must cover the same extent on both sides, and all its upper cells must start on
/// one row (so the merged cell is a rectangle).
fn seam_groups(
    upper_cells: &[BuildCell],
    bottom: &[usize],
    lower_cells: &[BuildCell],
    top: &[usize],
    tol: f64,
) -> Option<SeamGroups> {
    let mut order: Vec<(f64, f64, bool, usize)> = bottom
        .iter()
        .map(|&i| (upper_cells[i].x0, upper_cells[i].x1, true, i))
        .chain(
            top.iter()
                .map(|&i| (lower_cells[i].x0, lower_cells[i].x1, false, i)),
        )
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut groups: SeamGroups = Vec::new();
    let mut reach = f64::NEG_INFINITY;
    for (x0, x1, is_upper, i) in order {
        if x0 >= reach - tol || groups.is_empty() {
            groups.push((Vec::new(), Vec::new()));
        }
        reach = reach.max(x1);
        if let Some(g) = groups.last_mut() {
            if is_upper {
                g.0.push(i);
            } else {
                g.1.push(i);
            }
        }
    }
    for (upper, lower) in &groups {
        let first = upper.first()?;
        lower.first()?;
        let row = upper_cells[*first].row;
        if upper.iter().any(|&u| upper_cells[u].row != row) {
            return None;
        }
        let lower_end = lower_cells[lower[0]].row + lower_cells[lower[0]].rowspan;
        if lower
            .iter()
            .any(|&l| lower_cells[l].row + lower_cells[l].rowspan != lower_end)
        {
            return None;
        }
    }
    Some(groups)
}

/// Placements on the same page merged into their union.
fn union_parts(parts: Vec<Placement>) -> Vec<Placement> {
    let mut out: Vec<Placement> = Vec::new();
    for p in parts {
        match out.iter_mut().find(|o| o.page == p.page) {
            Some(o) => o.bbox = o.bbox.union(&p.bbox),
            None => out.push(p),
        }
    }
    out.sort_by_key(|p| p.page);
    out
}

/// Sorted positions with those closer than `tolerance` merged into their mean.
fn cluster(mut values: Vec<f64>, tolerance: f64) -> Vec<f64> {
    values.retain(|v| v.is_finite());
    values.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    let mut group: Vec<f64> = Vec::new();
    for v in values {
        if group.first().is_some_and(|&g| v - g > tolerance) {
            out.push(group.iter().sum::<f64>() / group.len() as f64);
            group.clear();
        }
        group.push(v);
    }
    if !group.is_empty() {
        out.push(group.iter().sum::<f64>() / group.len() as f64);
    }
    out
}

/// Index of the boundary nearest to `x`.
fn nearest(bounds: &[f64], x: f64) -> usize {
    let i = bounds.partition_point(|&b| b < x);
    [i.checked_sub(1), Some(i)]
        .into_iter()
        .flatten()
        .filter(|&j| j < bounds.len())
        .min_by(|&a, &b| (bounds[a] - x).abs().total_cmp(&(bounds[b] - x).abs()))
        .unwrap_or(0)
}

/// Adds an empty cell at every grid position no cell covers, and shrinks cells that
/// would overlap an earlier one, so every position has exactly one cell.
fn fill_gaps(cells: &mut Vec<Cell>, rows: usize, cols: usize) {
    let mut taken = vec![false; rows * cols];
    cells.sort_by_key(|c| (c.row, c.col));
    cells.retain_mut(|c| {
        let fits = (c.row..c.row + c.rowspan).all(|r| {
            (c.col..c.col + c.colspan).all(|k| r < rows && k < cols && !taken[r * cols + k])
        });
        if !fits {
            c.rowspan = 1;
            c.colspan = 1;
            if c.row >= rows || c.col >= cols || taken[c.row * cols + c.col] {
                return false;
            }
        }
        for r in c.row..c.row + c.rowspan {
            for k in c.col..c.col + c.colspan {
                taken[r * cols + k] = true;
            }
        }
        true
    });
    for r in 0..rows {
        for k in 0..cols {
            if !taken[r * cols + k] {
                cells.push(Cell {
                    row: r,
                    col: k,
                    rowspan: 1,
                    colspan: 1,
                    text: String::new(),
                    lines: Vec::new(),
                    parts: Vec::new(),
                });
            }
        }
    }
}

/// Bounding box of a table's parts on one page.
pub fn table_bbox_on(table: &Table, page: u32) -> Option<Rect> {
    table
        .cells
        .iter()
        .flat_map(|c| c.parts.iter())
        .filter(|p| p.page == page)
        .map(|p| p.bbox)
        .reduce(|a, b| a.union(&b))
}
