//! Ruled regions that are charts, photo frames or drawings rather than data tables.
//!
//! A grid found from rulings is a figure when one of these tests says so (the first that
//! does is its [`Figure::reason`]):
//! - **mostly empty**: most of its many cells hold no text (a chart's gridlines, a form);
//! - **text across rulings**: words run on over the "borders" on one baseline (the
//!   rulings are bar outlines or shapes drawn under the text, not cell borders);
//! - **slivers**: many rows or columns thinner than a character (bar edges and ticks
//!   make boundaries a table never has);
//! - **frames**: a single row whose every cell holds a paragraph (captions or columns of
//!   an article in ruled frames): no header and no values.

use crate::model::{Figure, Line};

use super::cells::PageTable;
use super::grid::GridCell;
use super::lines::median;
use super::text::join_lines;
use super::Params;

/// Why a page table is a figure, or `None` for a data table.
pub fn figure_reason(table: &PageTable, params: &Params) -> Option<String> {
    let size = body_size(table);
    mostly_empty(table, params)
        .or_else(|| text_across_rulings(table, size, params))
        .or_else(|| slivers(table, size, params))
        .or_else(|| frames(table, params))
}

/// The figure a page table stands for, with its text joined.
pub fn to_figure(table: &PageTable, reason: String, params: &Params) -> Figure {
    let lines: Vec<Line> = table.lines.iter().flatten().cloned().collect();
    Figure {
        page: table.page,
        bbox: table.grid.bbox(),
        reason,
        text: join_lines(&lines, params),
    }
}

/// The median size of the table's text (10 when it has none).
fn body_size(table: &PageTable) -> f64 {
    let sizes: Vec<f64> = table.lines.iter().flatten().map(|l| l.size).collect();
    let m = median(sizes);
    if m > 0.0 {
        m
    } else {
        10.0
    }
}

fn mostly_empty(table: &PageTable, params: &Params) -> Option<String> {
    let n = table.grid.cells.len();
    if n < params.figure_min_cells {
        return None;
    }
    let empty = (0..n).filter(|&i| !table.has_text(i)).count();
    (empty as f64 >= params.figure_empty_share * n as f64)
        .then(|| format!("mostly empty cells ({empty} of {n})"))
}

/// Counts places where a line ends at a cell's right border and a line on the same
/// baseline starts right after it in the neighbouring cell: one text run cut by a ruling
/// (a real table pads its cells, so its texts keep apart).
fn text_across_rulings(table: &PageTable, size: f64, params: &Params) -> Option<String> {
    let touch = params.figure_touch_gap * size;
    let with_cell = || {
        table
            .cells()
            .flat_map(|(c, lines)| lines.iter().map(move |l| (c, l)))
    };
    let ends: Vec<(&GridCell, &Line)> = with_cell()
        .filter(|(c, l)| l.bbox.x1 >= c.rect.x1 - touch)
        .collect();
    let starts: Vec<(&GridCell, &Line)> = with_cell()
        .filter(|(c, l)| l.bbox.x0 <= c.rect.x0 + touch)
        .collect();
    let runs = ends
        .iter()
        .filter(|(c, l)| {
            starts.iter().any(|(d, m)| {
                (d.rect.x0 - c.rect.x1).abs() <= 1.0
                    && m.bbox.x0 - l.bbox.x1 <= touch
                    && same_baseline(l, m, params)
            })
        })
        .count();
    let with_text = (0..table.grid.cells.len())
        .filter(|&i| table.has_text(i))
        .count();
    (runs >= params.figure_min_crossing_runs
        && runs as f64 >= params.figure_crossing_share * with_text as f64)
        .then(|| format!("text across rulings ({runs} runs)"))
}

fn same_baseline(a: &Line, b: &Line, params: &Params) -> bool {
    let size = a.size.max(b.size).max(1.0);
    (a.bbox.center().1 - b.bbox.center().1).abs() <= params.line_tolerance * size
}

fn slivers(table: &PageTable, size: f64, params: &Params) -> Option<String> {
    let thin = params.figure_sliver * size;
    let count = |bounds: &[f64]| bounds.windows(2).filter(|w| w[1] - w[0] < thin).count();
    let n = count(&table.grid.xs) + count(&table.grid.ys);
    (n >= params.figure_min_slivers)
        .then(|| format!("rows or columns thinner than a character ({n})"))
}

fn frames(table: &PageTable, params: &Params) -> Option<String> {
    if table.rows() != 1 || table.grid.cells.len() < 2 {
        return None;
    }
    let all_paragraphs = table
        .lines
        .iter()
        .all(|lines| lines.len() >= params.frame_min_lines);
    all_paragraphs.then(|| {
        format!(
            "one row of text frames ({} cells of {}+ lines)",
            table.grid.cells.len(),
            params.frame_min_lines
        )
    })
}
