//! Grids joined into the tables they belong to: grids with the same columns stacked with
//! a small empty gap (a table drawn as one grid per group of rows), and a header band
//! above a grid (text under a ruling, between it and the grid's top, without vertical
//! rulings) made the grid's first row when its text lines up with the columns.

use crate::model::{Axis, Glyph, Page, Rect};

use super::grid::{find_grids, Grid, GridCell};
use super::lines::readable_glyphs;
use super::Params;

/// The page's grids, stacked and with their header bands ([`find_grids`], then
/// [`stack_grids`] and [`add_header_bands`]).
pub fn page_grids(page: &Page, params: &Params) -> Vec<Grid> {
    let glyphs = readable_glyphs(page);
    let grids = stack_grids(find_grids(&page.segments, params), &glyphs, params);
    add_header_bands(grids, page, &glyphs, params)
}

/// Joins each grid to the one right below it when both have the same column boundaries
/// (within [`Params::snap_tolerance`]), the gap between them is at most
/// [`Params::max_stack_gap`] and holds no text.
pub fn stack_grids(grids: Vec<Grid>, glyphs: &[&Glyph], params: &Params) -> Vec<Grid> {
    let mut out: Vec<Grid> = Vec::with_capacity(grids.len());
    for g in grids {
        if let Some(last) = out.last_mut() {
            if stacks(last, &g, glyphs, params) {
                append_rows(last, g);
                continue;
            }
        }
        out.push(g);
    }
    out
}

fn stacks(upper: &Grid, lower: &Grid, glyphs: &[&Glyph], params: &Params) -> bool {
    let (Some(&bottom), Some(&top)) = (upper.ys.last(), lower.ys.first()) else {
        return false;
    };
    let gap = top - bottom;
    // frames of one column are boxes around text, not pieces of a table
    let same_columns = upper.xs.len() >= 3
        && upper.xs.len() == lower.xs.len()
        && upper
            .xs
            .iter()
            .zip(&lower.xs)
            .all(|(a, b)| (a - b).abs() <= params.snap_tolerance);
    let band = Rect::new(upper.bbox().x0, bottom, upper.bbox().x1, top);
    same_columns
        && gap >= -params.snap_tolerance
        && gap <= params.max_stack_gap
        && !glyphs.iter().any(|g| {
            let (x, y) = g.bbox.center();
            band.contains(x, y)
        })
}

/// Appends `lower`'s rows to `upper`: `upper`'s last row reaches down to `lower`'s top.
fn append_rows(upper: &mut Grid, lower: Grid) {
    let rows = upper.ys.len().saturating_sub(1);
    let top = lower.ys.first().copied().unwrap_or_default();
    for c in upper.cells.iter_mut().filter(|c| c.row + c.rowspan == rows) {
        c.rect.y1 = top;
    }
    upper.ys.pop();
    upper.ys.extend(&lower.ys);
    upper
        .cells
        .extend(lower.cells.into_iter().map(|c| GridCell {
            row: c.row + rows,
            ..c
        }));
    upper.open_bottom = lower.open_bottom;
}

/// Gives each grid the header band above it as a first row: the band runs from a
/// horizontal ruling spanning the grid's width down to the grid's top, at most
/// [`Params::max_header_band`] × its text size high; its text lies in at least two of the
/// grid's columns and crosses none of their boundaries, and belongs to no other grid.
pub fn add_header_bands(
    mut grids: Vec<Grid>,
    page: &Page,
    glyphs: &[&Glyph],
    params: &Params,
) -> Vec<Grid> {
    let boxes: Vec<Rect> = grids.iter().map(Grid::bbox).collect();
    for (i, grid) in grids.iter_mut().enumerate() {
        let b = boxes[i];
        let tol = params.snap_tolerance;
        // the bottom ruling of the grid above is no header's top
        let ruling = page
            .segments
            .iter()
            .filter(|s| s.axis == Axis::Horizontal && s.at < b.y0 - tol && s.at.is_finite())
            .filter(|s| s.from <= b.x0 + tol && s.to >= b.x1 - tol)
            .filter(|s| {
                !boxes.iter().enumerate().any(|(k, o)| {
                    k != i
                        && s.at >= o.y0 - tol
                        && s.at <= o.y1 + tol
                        && s.from < o.x1
                        && s.to > o.x0
                })
            })
            .map(|s| s.at)
            .fold(f64::NEG_INFINITY, f64::max);
        if !ruling.is_finite() || grid.open_top {
            continue;
        }
        let band = Rect::new(b.x0, ruling, b.x1, b.y0);
        let inside: Vec<&&Glyph> = glyphs
            .iter()
            .filter(|g| {
                let (x, y) = g.bbox.center();
                band.contains(x, y)
            })
            .collect();
        let Some(size) = inside.iter().map(|g| g.size).reduce(f64::max) else {
            continue;
        };
        let in_other = inside.iter().any(|g| {
            let (x, y) = g.bbox.center();
            boxes
                .iter()
                .enumerate()
                .any(|(k, o)| k != i && o.contains(x, y))
        });
        if band.height() > params.max_header_band * size || in_other {
            continue;
        }
        if lines_up(grid, &inside, params) {
            prepend_row(grid, ruling);
        }
    }
    grids
}

/// Whether the glyphs fall into at least two columns and no text runs over an inner
/// boundary: no glyph crosses it, and the glyphs on either side of it on one baseline are
/// at least [`Params::header_cell_gap`] × size apart (a caption cut at a boundary is
/// not a header).
fn lines_up(grid: &Grid, glyphs: &[&&Glyph], params: &Params) -> bool {
    let tol = params.snap_tolerance;
    let inner = grid
        .xs
        .get(1..grid.xs.len().saturating_sub(1))
        .unwrap_or(&[]);
    let runs_over = |x: f64| {
        glyphs.iter().any(|a| {
            if a.bbox.x0 < x - tol && a.bbox.x1 > x + tol {
                return true;
            }
            let gap = params.header_cell_gap * a.size.max(1.0);
            a.bbox.x1 <= x + tol
                && glyphs.iter().any(|b| {
                    b.bbox.x0 >= x - tol
                        && b.bbox.x0 - a.bbox.x1 < gap
                        && b.bbox.x0 > a.bbox.x0
                        && (b.bbox.center().1 - a.bbox.center().1).abs()
                            <= params.line_tolerance * a.size.max(1.0)
                })
        })
    };
    let mut columns: Vec<usize> = glyphs
        .iter()
        .map(|g| grid.xs.partition_point(|&x| x <= g.bbox.center().0))
        .collect();
    columns.sort_unstable();
    columns.dedup();
    columns.len() >= 2 && !inner.iter().any(|&x| runs_over(x))
}

/// Adds a first row from `top` down to the grid's top, one cell per column.
fn prepend_row(grid: &mut Grid, top: f64) {
    let Some(&old_top) = grid.ys.first() else {
        return;
    };
    for c in &mut grid.cells {
        c.row += 1;
    }
    let header = grid.xs.windows(2).enumerate().map(|(col, w)| GridCell {
        row: 0,
        col,
        rowspan: 1,
        colspan: 1,
        rect: Rect::new(w[0], top, w[1], old_top),
    });
    let mut cells: Vec<GridCell> = header.collect();
    cells.append(&mut grid.cells);
    grid.cells = cells;
    grid.ys.insert(0, top);
}
