//! Glyphs into the cells of a page's grids: a glyph belongs to the cell that holds its
//! centre; each cell's glyphs become its lines.

use crate::model::{Glyph, Line, Page, Rect};

use super::grid::{Grid, GridCell};
use super::lines::{group_lines, readable_glyphs};
use super::Params;

/// A grid of one page with the lines of each of its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct PageTable {
    /// 1-based page number.
    pub page: u32,
    /// The ruled grid.
    pub grid: Grid,
    /// The lines of each cell, parallel to `grid.cells`.
    pub lines: Vec<Vec<Line>>,
}

impl PageTable {
    /// Number of grid rows.
    pub fn rows(&self) -> usize {
        self.grid.ys.len().saturating_sub(1)
    }

    /// The cells with their lines.
    pub fn cells(&self) -> impl Iterator<Item = (&GridCell, &Vec<Line>)> {
        self.grid.cells.iter().zip(&self.lines)
    }

    /// Whether a cell has any text.
    pub fn has_text(&self, index: usize) -> bool {
        self.lines
            .get(index)
            .is_some_and(|l| l.iter().any(|l| !l.text.trim().is_empty()))
    }
}

/// Builds the tables of a page from its grids and returns them with the glyphs that lie in
/// no table. Grids of a single cell (a frame around text) or without any text are not
/// tables: their glyphs stay in the running text.
pub fn page_tables<'a>(
    page: &'a Page,
    grids: Vec<Grid>,
    params: &Params,
) -> (Vec<PageTable>, Vec<&'a Glyph>) {
    let grids: Vec<Grid> = grids.into_iter().filter(|g| g.cells.len() >= 2).collect();
    let lookups: Vec<CellLookup> = grids.iter().map(CellLookup::new).collect();
    let mut per_cell: Vec<Vec<Vec<&Glyph>>> = grids
        .iter()
        .map(|g| vec![Vec::new(); g.cells.len()])
        .collect();
    let mut outside = Vec::new();
    for g in readable_glyphs(page) {
        let hit = owner(&lookups, g, params);
        match hit {
            Some((t, c)) => per_cell[t][c].push(g),
            None => outside.push(g),
        }
    }
    let mut tables = Vec::new();
    for (grid, cells) in grids.into_iter().zip(per_cell) {
        if cells.iter().all(Vec::is_empty) {
            continue;
        }
        let lines = cells
            .iter()
            .map(|gs| group_lines(gs, page.number, params, false))
            .collect();
        tables.push(PageTable {
            page: page.number,
            grid,
            lines,
        });
    }
    (tables, outside)
}

/// The table and cell a glyph belongs to: the cell holding its centre, or else the cell
/// holding the top [`Params::cell_overflow_probe`] of its box (text that overflows a row cut short, as browsers
/// print a row split by a page break).
fn owner(lookups: &[CellLookup], g: &Glyph, params: &Params) -> Option<(usize, usize)> {
    let (x, y) = g.bbox.center();
    let top = g.bbox.y0 + g.bbox.height() * params.cell_overflow_probe;
    [y, top].into_iter().find_map(|py| {
        lookups
            .iter()
            .enumerate()
            .find_map(|(t, l)| l.cell_at(x, py).map(|c| (t, c)))
    })
}

/// Point-to-cell lookup by binary search on the grid's boundaries.
struct CellLookup {
    xs: Vec<f64>,
    ys: Vec<f64>,
    bbox: Rect,
    /// Cell index of each elementary position, row-major.
    index: Vec<usize>,
}

impl CellLookup {
    fn new(grid: &Grid) -> Self {
        let cols = grid.xs.len().saturating_sub(1);
        let rows = grid.ys.len().saturating_sub(1);
        let mut index = vec![usize::MAX; rows * cols];
        for (i, c) in grid.cells.iter().enumerate() {
            for r in c.row..(c.row + c.rowspan).min(rows) {
                for k in c.col..(c.col + c.colspan).min(cols) {
                    index[r * cols + k] = i;
                }
            }
        }
        CellLookup {
            xs: grid.xs.clone(),
            ys: grid.ys.clone(),
            bbox: grid.bbox(),
            index,
        }
    }

    fn cell_at(&self, x: f64, y: f64) -> Option<usize> {
        if !self.bbox.contains(x, y) {
            return None;
        }
        let cols = self.xs.len().saturating_sub(1);
        let c = self
            .xs
            .partition_point(|&b| b <= x)
            .saturating_sub(1)
            .min(cols.checked_sub(1)?);
        let rows = self.ys.len().saturating_sub(1);
        let r = self
            .ys
            .partition_point(|&b| b <= y)
            .saturating_sub(1)
            .min(rows.checked_sub(1)?);
        self.index
            .get(r * cols + c)
            .copied()
            .filter(|&i| i != usize::MAX)
    }
}
