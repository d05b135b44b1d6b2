//! Header rows: which first rows of a table are its column header, and whether a table at
//! the top of a page repeats the header of the table it continues.

use super::cells::PageTable;
use super::grid::GridCell;

/// Longest text (characters, whitespace removed) a header cell may have.
const MAX_HEADER_CHARS: usize = 40;
/// Most rows a header may take.
const MAX_HEADER_ROWS: usize = 3;

/// Text of a cell's lines with all whitespace removed, for comparisons.
pub fn compact(lines: &[crate::model::Line]) -> String {
    lines
        .iter()
        .flat_map(|l| l.text.chars())
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The first row boundary at or after `from` that no cell crosses (the end of a band of
/// rows whose cells all lie inside it).
pub fn first_clean_boundary(cells: &[GridCell], rows: usize, from: usize) -> Option<usize> {
    (from.max(1)..rows).find(|&k| cells.iter().all(|c| c.row >= k || c.row + c.rowspan <= k))
}

/// How many first rows of a table form its header: the first band of rows that no cell
/// crosses, when at least half of its cells hold text, every text is a short label with a
/// letter in it, and body rows follow.
pub fn header_rows(table: &PageTable) -> usize {
    let rows = table.rows();
    let Some(k) = first_clean_boundary(&table.grid.cells, rows, 1) else {
        return 0;
    };
    if k > MAX_HEADER_ROWS || k >= rows {
        return 0;
    }
    let texts: Vec<String> = table
        .cells()
        .filter(|(c, _)| c.row < k)
        .map(|(_, lines)| compact(lines))
        .collect();
    let filled = texts.iter().filter(|t| !t.is_empty()).count();
    let header_like = filled * 2 >= texts.len()
        && texts
            .iter()
            .filter(|t| !t.is_empty())
            .all(|t| is_header_text(t));
    if filled > 0 && header_like {
        k
    } else {
        0
    }
}

/// A label, not data: short, with at least one letter (a number or a date alone is data).
fn is_header_text(text: &str) -> bool {
    let n = text.chars().count();
    n > 0 && n <= MAX_HEADER_CHARS && text.chars().any(char::is_alphabetic)
}

/// A header cell of a table: its horizontal extent and compact text.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderCell {
    /// Left edge.
    pub x0: f64,
    /// Right edge.
    pub x1: f64,
    /// Text without whitespace.
    pub text: String,
}

/// The header cells of a table whose header has `rows` rows.
pub fn header_cells(table: &PageTable, rows: usize) -> Vec<HeaderCell> {
    table
        .cells()
        .filter(|(c, _)| c.row < rows)
        .map(|(c, lines)| HeaderCell {
            x0: c.rect.x0,
            x1: c.rect.x1,
            text: compact(lines),
        })
        .collect()
}

/// How many first rows of `table` repeat `header` (0 when they do not): every cell of the
/// band matches a header cell above which it lies, one text containing the other
/// (a repeated header may drop a footnote line), or equal to it when `exact`.
pub fn repeated_header_rows(
    table: &PageTable,
    header: &[HeaderCell],
    header_rows: usize,
    exact: bool,
) -> usize {
    if header.is_empty() || header_rows == 0 {
        return 0;
    }
    let rows = table.rows();
    let Some(k) = first_clean_boundary(&table.grid.cells, rows, header_rows) else {
        return 0;
    };
    if k > header_rows.max(1) + 1 {
        return 0;
    }
    let band: Vec<_> = table.cells().filter(|(c, _)| c.row < k).collect();
    let all_match = band.iter().all(|(c, lines)| {
        let text = compact(lines);
        header.iter().any(|h| {
            overlap(h, c.rect.x0, c.rect.x1) > 0.0
                && (!text.is_empty() || h.text.is_empty())
                && (h.text == text
                    || (!exact && (h.text.contains(&text) || text.contains(&h.text))))
        })
    });
    let any_text = band.iter().any(|(_, lines)| !compact(lines).is_empty());
    if all_match && any_text {
        k
    } else {
        0
    }
}

fn overlap(h: &HeaderCell, x0: f64, x1: f64) -> f64 {
    h.x1.min(x1) - h.x0.max(x0)
}
