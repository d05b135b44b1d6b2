//! Reading order by columns: a page's text pieces (and its tables, which are never split)
//! grouped into regions read one after the other.
//!
//! Like pdfminer's boxes-flow and poppler's column detection, a column gutter is a
//! vertical band free of text across most of the text's height. Pieces that cross it (a
//! full-width title, a wide table) separate *sections*; inside a section the pieces left of
//! the gutter are read before those right of it, each side split again recursively. A
//! section is only read by columns when both sides look like columns: enough pieces on
//! each side, and enough of them reaching the gutter (justified text), so a label/value
//! list with a wide gap is still read row by row.

use crate::model::Rect;

use super::Params;

/// Deepest nesting of gutters looked for (columns inside columns).
const MAX_DEPTH: usize = 6;

/// Widest page extent (points) analysed; beyond it the coordinates are nonsense.
const MAX_EXTENT: f64 = 20_000.0;

/// Splits `boxes` into regions in reading order; each region lists indices into `boxes`.
/// `rows` gives each box a row id: boxes of one row (pieces of one baseline) cross a gutter
/// together, so a title's pieces stay together. `size` is the body text's font size (the
/// unit of the gutter tolerances). Every index appears in exactly one region, in
/// increasing order.
pub fn regions(boxes: &[Rect], rows: &[usize], size: f64, params: &Params) -> Vec<Vec<usize>> {
    let ctx = Context {
        boxes,
        rows,
        size: size.max(1.0),
        params,
    };
    let all: Vec<usize> = (0..boxes.len()).filter(|&i| is_usable(&boxes[i])).collect();
    let mut out = Vec::new();
    split(&ctx, all, 0, &mut out);
    let unusable: Vec<usize> = (0..boxes.len())
        .filter(|&i| !is_usable(&boxes[i]))
        .collect();
    if !unusable.is_empty() {
        out.push(unusable);
    }
    out
}

fn is_usable(r: &Rect) -> bool {
    [r.x0, r.y0, r.x1, r.y1].iter().all(|v| v.is_finite())
}

/// What the recursion shares.
struct Context<'a> {
    boxes: &'a [Rect],
    rows: &'a [usize],
    size: f64,
    params: &'a Params,
}

/// Appends the regions of `items` to `out`.
fn split(ctx: &Context, items: Vec<usize>, depth: usize, out: &mut Vec<Vec<usize>>) {
    let (boxes, size, params) = (ctx.boxes, ctx.size, ctx.params);
    if depth >= MAX_DEPTH || items.len() < 2 * params.min_column_lines {
        push_region(out, items);
        return;
    }
    for gutter in gutters(boxes, &items, size, params) {
        let chunks = sections(ctx, &items, gutter);
        let valid = |l: &[usize], r: &[usize]| is_columns(boxes, l, r, gutter, size, params);
        if !chunks
            .iter()
            .any(|c| matches!(c, Chunk::Columns(l, r) if valid(l, r)))
        {
            continue;
        }
        for chunk in chunks {
            match chunk {
                Chunk::Across(v) => push_region(out, v),
                Chunk::Columns(l, r) if valid(&l, &r) => {
                    split(ctx, l, depth + 1, out);
                    split(ctx, r, depth + 1, out);
                }
                Chunk::Columns(l, r) => {
                    let mut v = l;
                    v.extend(r);
                    v.sort_unstable();
                    split(ctx, v, depth + 1, out);
                }
            }
        }
        return;
    }
    push_region(out, items);
}

fn push_region(out: &mut Vec<Vec<usize>>, items: Vec<usize>) {
    if !items.is_empty() {
        out.push(items);
    }
}

/// A vertical band between two columns: `x0..x1`, its centre is the dividing line.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Gutter {
    x0: f64,
    x1: f64,
}

impl Gutter {
    fn mid(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
}

/// Candidate gutters of a set of pieces, best first: runs at least
/// [`Params::min_gutter_width`] × `size` wide inside the pieces' extent where the pieces
/// crossing them are at most [`Params::max_gutter_crossing`] of the text height (summed
/// heights of the pieces), least crossed first.
fn gutters(boxes: &[Rect], items: &[usize], size: f64, params: &Params) -> Vec<Gutter> {
    let x0 = items
        .iter()
        .map(|&i| boxes[i].x0)
        .fold(f64::INFINITY, f64::min);
    let x1 = items
        .iter()
        .map(|&i| boxes[i].x1)
        .fold(f64::NEG_INFINITY, f64::max);
    let extent = x1 - x0;
    if !(extent > 0.0 && extent <= MAX_EXTENT) {
        return Vec::new();
    }
    // 1-point bins: a difference array of the heights of the pieces covering each bin.
    let n = extent.ceil() as usize + 1;
    let mut diff = vec![0.0f64; n + 1];
    let mut total = 0.0;
    for &i in items {
        let b = &boxes[i];
        let h = b.height().max(0.0);
        total += h;
        let from = ((b.x0 - x0).floor().max(0.0) as usize).min(n);
        let to = ((b.x1 - x0).ceil().max(0.0) as usize).min(n);
        diff[from] += h;
        diff[to] -= h;
    }
    let limit = params.max_gutter_crossing * total;
    let min_width = params.min_gutter_width * size;
    let mut found: Vec<(f64, Gutter)> = Vec::new();
    let mut covered = 0.0;
    let mut run: Option<(usize, f64)> = None;
    for (bin, d) in diff.iter().enumerate().take(n) {
        covered += d;
        let free = covered <= limit + 1e-9;
        match (free, run) {
            (true, None) => run = Some((bin, covered)),
            (true, Some((start, worst))) => run = Some((start, worst.max(covered))),
            (false, Some((start, worst))) => {
                run = None;
                // runs touching the extent's edges are margins, not gutters
                let g = Gutter {
                    x0: x0 + start as f64,
                    x1: x0 + bin as f64,
                };
                if start > 0 && g.x1 - g.x0 >= min_width {
                    found.push((worst, g));
                }
            }
            (false, None) => {}
        }
    }
    found.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then((b.1.x1 - b.1.x0).total_cmp(&(a.1.x1 - a.1.x0)))
            .then(a.1.x0.total_cmp(&b.1.x0))
    });
    found.into_iter().map(|(_, g)| g).collect()
}

/// Pieces in top-to-bottom runs: those crossing the gutter on their own, the others as
/// sections split into the left and right side.
enum Chunk {
    Across(Vec<usize>),
    Columns(Vec<usize>, Vec<usize>),
}

fn sections(ctx: &Context, items: &[usize], gutter: Gutter) -> Vec<Chunk> {
    let boxes = ctx.boxes;
    let mid = gutter.mid();
    let row = |i: usize| ctx.rows.get(i).copied().unwrap_or(usize::MAX - i);
    let mut crossing_rows: Vec<usize> = items
        .iter()
        .filter(|&&i| boxes[i].x0 < mid && boxes[i].x1 > mid)
        .map(|&i| row(i))
        .collect();
    crossing_rows.sort_unstable();
    let mut sorted = items.to_vec();
    sorted.sort_by(|&a, &b| {
        let (ca, cb) = (boxes[a].center().1, boxes[b].center().1);
        ca.total_cmp(&cb).then(a.cmp(&b))
    });
    let mut chunks: Vec<Chunk> = Vec::new();
    for i in sorted {
        let b = &boxes[i];
        let crosses = crossing_rows.binary_search(&row(i)).is_ok();
        match (crosses, chunks.last_mut()) {
            (true, Some(Chunk::Across(v))) => v.push(i),
            (true, _) => chunks.push(Chunk::Across(vec![i])),
            (false, Some(Chunk::Columns(l, r))) => {
                if b.x1 <= mid {
                    l.push(i)
                } else {
                    r.push(i)
                }
            }
            (false, _) => {
                let (l, r) = if b.x1 <= mid {
                    (vec![i], vec![])
                } else {
                    (vec![], vec![i])
                };
                chunks.push(Chunk::Columns(l, r));
            }
        }
    }
    for c in &mut chunks {
        match c {
            Chunk::Across(v) => v.sort_unstable(),
            Chunk::Columns(l, r) => {
                l.sort_unstable();
                r.sort_unstable();
            }
        }
    }
    chunks
}

/// Whether the two sides of a section are columns: each has at least
/// [`Params::min_column_lines`] pieces and is [`Params::min_column_width`] wide, and at
/// least [`Params::column_alignment`] of the left side's pieces end near the gutter and of
/// the right side's start near it.
fn is_columns(
    boxes: &[Rect],
    left: &[usize],
    right: &[usize],
    gutter: Gutter,
    size: f64,
    params: &Params,
) -> bool {
    let min = params.min_column_lines;
    if left.len() < min || right.len() < min {
        return false;
    }
    let width = |v: &[usize]| {
        let x0 = v.iter().map(|&i| boxes[i].x0).fold(f64::INFINITY, f64::min);
        let x1 = v
            .iter()
            .map(|&i| boxes[i].x1)
            .fold(f64::NEG_INFINITY, f64::max);
        x1 - x0
    };
    let narrowest = params.min_column_width * size;
    if width(left) < narrowest || width(right) < narrowest {
        return false;
    }
    let slack = params.column_align_slack * size;
    let left_edge = left
        .iter()
        .map(|&i| boxes[i].x1)
        .fold(f64::NEG_INFINITY, f64::max);
    let right_edge = right
        .iter()
        .map(|&i| boxes[i].x0)
        .fold(f64::INFINITY, f64::min);
    if left_edge > gutter.x1 || right_edge < gutter.x0 {
        return false;
    }
    let reaching = |v: &[usize], near: &dyn Fn(&Rect) -> bool| {
        let n = v.iter().filter(|&&i| near(&boxes[i])).count();
        n >= min && n as f64 >= params.column_alignment * v.len() as f64
    };
    reaching(left, &|b: &Rect| b.x1 >= left_edge - slack)
        && reaching(right, &|b: &Rect| b.x0 <= right_edge + slack)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines of a column: `n` boxes from `x0` to `x1`, 14 pt apart from `y`.
    fn column(x0: f64, x1: f64, y: f64, n: usize) -> Vec<Rect> {
        (0..n)
            .map(|i| Rect::new(x0, y + 14.0 * i as f64, x1, y + 14.0 * i as f64 + 10.0))
            .collect()
    }

    #[test]
    fn two_columns_under_a_title_are_read_one_after_the_other() {
        let mut boxes = vec![Rect::new(50.0, 20.0, 550.0, 35.0)];
        boxes.extend(column(50.0, 290.0, 50.0, 10));
        boxes.extend(column(310.0, 550.0, 50.0, 10));
        let rows: Vec<usize> = (0..boxes.len()).collect();
        let r = regions(&boxes, &rows, 10.0, &Params::default());
        assert_eq!(r.len(), 3, "{r:?}");
        assert_eq!(r[0], vec![0]);
        assert_eq!(r[1], (1..=10).collect::<Vec<_>>());
        assert_eq!(r[2], (11..=20).collect::<Vec<_>>());
    }

    #[test]
    fn ragged_label_value_list_stays_one_region() {
        // labels of varied length, values at a tab stop: read row by row
        let mut boxes = Vec::new();
        for (i, w) in [40.0, 120.0, 70.0, 95.0, 55.0, 150.0].iter().enumerate() {
            let y = 50.0 + 14.0 * i as f64;
            boxes.push(Rect::new(50.0, y, 50.0 + w, y + 10.0));
            boxes.push(Rect::new(300.0, y, 340.0, y + 10.0));
        }
        let rows: Vec<usize> = (0..boxes.len()).collect();
        let r = regions(&boxes, &rows, 10.0, &Params::default());
        assert_eq!(r.len(), 1, "{r:?}");
    }

    #[test]
    fn page_numbers_beside_a_contents_list_are_not_a_column() {
        let mut boxes = column(50.0, 400.0, 50.0, 8);
        boxes.extend(column(420.0, 430.0, 50.0, 8));
        let rows: Vec<usize> = (0..boxes.len()).collect();
        let r = regions(&boxes, &rows, 10.0, &Params::default());
        assert_eq!(r.len(), 1, "{r:?}");
    }

    #[test]
    fn nonsense_boxes_do_not_panic() {
        let boxes = vec![
            Rect::new(f64::NAN, 0.0, 1.0, 1.0),
            Rect::new(-1e300, 0.0, 1e300, 1.0),
        ];
        let rows: Vec<usize> = (0..boxes.len()).collect();
        let r = regions(&boxes, &rows, 10.0, &Params::default());
        assert_eq!(r.iter().map(Vec::len).sum::<usize>(), 2);
    }
}
