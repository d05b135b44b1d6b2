//! Ruling segments into table grids, the way pdfplumber's `table.py` does it (snap, join,
//! intersect), with merged cells found from missing inner borders.
//!
//! Every step is a sort and a sweep: segments are clustered on sorted positions, joined on
//! sorted starts, and intersections are searched by binary search on the other axis, so a
//! page with tens of thousands of tiny segments stays fast.

use crate::model::{Axis, Rect, Segment};

use super::Params;

/// A ruled grid found on one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Column boundaries, left to right.
    pub xs: Vec<f64>,
    /// Row boundaries, top to bottom.
    pub ys: Vec<f64>,
    /// Cells: smallest rectangles bounded by rulings, a missing inner border merging two.
    pub cells: Vec<GridCell>,
    /// The rulings stop before the top: the grid's first row has no top border.
    pub open_top: bool,
    /// The rulings stop before the bottom: the last row has no bottom border (a row cut by
    /// the page break).
    pub open_bottom: bool,
}

impl Grid {
    /// The grid's outline.
    pub fn bbox(&self) -> Rect {
        let first = |v: &Vec<f64>| v.first().copied().unwrap_or(0.0);
        let last = |v: &Vec<f64>| v.last().copied().unwrap_or(0.0);
        Rect::new(
            first(&self.xs),
            first(&self.ys),
            last(&self.xs),
            last(&self.ys),
        )
    }
}

/// One cell of a [`Grid`], in grid positions and page coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GridCell {
    /// Top row.
    pub row: usize,
    /// Left column.
    pub col: usize,
    /// Rows spanned.
    pub rowspan: usize,
    /// Columns spanned.
    pub colspan: usize,
    /// Box on the page.
    pub rect: Rect,
}

/// A snapped and joined ruling.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Edge {
    at: f64,
    from: f64,
    to: f64,
}

/// Finds the grids of a page. Bounded work: a page whose rulings would need more than
/// [`Params::max_intersections`] intersection tests or grids larger than
/// [`Params::max_grid_cells`] gives no grid rather than a slow one.
pub fn find_grids(segments: &[Segment], params: &Params) -> Vec<Grid> {
    let horizontal = edges(segments, Axis::Horizontal, params);
    let vertical = edges(segments, Axis::Vertical, params);
    if horizontal.len() < 2 || vertical.len() < 2 {
        return Vec::new();
    }
    let Some(components) = components(&horizontal, &vertical, params) else {
        return Vec::new();
    };
    let mut grids: Vec<Grid> = components
        .into_iter()
        .filter_map(|(hs, vs)| build_grid(&hs, &vs, params))
        .collect();
    grids.sort_by(|a, b| a.bbox().y0.total_cmp(&b.bbox().y0));
    grids
}

/// Snapped, joined edges of one axis, shorter ones dropped.
fn edges(segments: &[Segment], axis: Axis, params: &Params) -> Vec<Edge> {
    let mut raw: Vec<Edge> = segments
        .iter()
        .filter(|s| s.axis == axis && s.at.is_finite() && s.from.is_finite() && s.to.is_finite())
        // How thick a ruling may be is stage 1's call (`pdf::collect`): every segment is one.
        .map(|s| Edge {
            at: s.at,
            from: s.from.min(s.to),
            to: s.from.max(s.to),
        })
        .collect();
    snap(&mut raw, params.snap_tolerance);
    let joined = join(raw, params.join_tolerance);
    joined
        .into_iter()
        .filter(|e| e.to - e.from >= params.min_edge_length)
        .collect()
}

/// Moves edges whose positions lie within `tolerance` of a cluster's first one to the
/// cluster's mean position.
fn snap(edges: &mut [Edge], tolerance: f64) {
    edges.sort_by(|a, b| a.at.total_cmp(&b.at));
    let mut start = 0;
    for i in 1..=edges.len() {
        if i == edges.len() || edges[i].at - edges[start].at > tolerance {
            let cluster = &mut edges[start..i];
            let mean = cluster.iter().map(|e| e.at).sum::<f64>() / cluster.len() as f64;
            cluster.iter_mut().for_each(|e| e.at = mean);
            start = i;
        }
    }
}

/// Joins collinear edges (same snapped position) that overlap or nearly touch.
fn join(mut edges: Vec<Edge>, tolerance: f64) -> Vec<Edge> {
    edges.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    let mut out: Vec<Edge> = Vec::with_capacity(edges.len());
    for e in edges {
        match out.last_mut() {
            Some(last) if last.at == e.at && e.from <= last.to + tolerance => {
                last.to = last.to.max(e.to);
            }
            _ => out.push(e),
        }
    }
    out
}

/// Connected groups of intersecting edges, as (horizontal, vertical) edge lists.
fn components(hs: &[Edge], vs: &[Edge], params: &Params) -> Option<Vec<(Vec<Edge>, Vec<Edge>)>> {
    let tol = params.intersection_tolerance;
    let mut sorted_h: Vec<usize> = (0..hs.len()).collect();
    sorted_h.sort_by(|&a, &b| hs[a].at.total_cmp(&hs[b].at));
    let mut sets = DisjointSets::new(hs.len() + vs.len());
    let mut tests = 0usize;
    for (vi, v) in vs.iter().enumerate() {
        let lo = sorted_h.partition_point(|&h| hs[h].at < v.from - tol);
        let hi = sorted_h.partition_point(|&h| hs[h].at <= v.to + tol);
        tests += hi.saturating_sub(lo);
        if tests > params.max_intersections {
            return None;
        }
        for &hi_idx in &sorted_h[lo..hi.max(lo)] {
            let h = &hs[hi_idx];
            if v.at >= h.from - tol && v.at <= h.to + tol {
                sets.union(hi_idx, hs.len() + vi);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Edge>, Vec<Edge>)> = Default::default();
    for (i, h) in hs.iter().enumerate() {
        groups.entry(sets.find(i)).or_default().0.push(*h);
    }
    for (i, v) in vs.iter().enumerate() {
        groups
            .entry(sets.find(hs.len() + i))
            .or_default()
            .1
            .push(*v);
    }
    Some(
        groups
            .into_values()
            .filter(|(h, v)| h.len() >= 2 && v.len() >= 2)
            .collect(),
    )
}

/// Union-find with path halving.
struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    fn new(n: usize) -> Self {
        DisjointSets {
            parent: (0..n).collect(),
        }
    }
    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// Distinct positions of edges, closer ones than `tolerance` merged.
fn positions(edges: &[Edge], tolerance: f64) -> Vec<f64> {
    let mut ats: Vec<f64> = edges.iter().map(|e| e.at).collect();
    ats.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for a in ats {
        if out.last().is_none_or(|&l| a - l > tolerance) {
            out.push(a);
        }
    }
    out
}

/// Builds the grid of one component: boundaries from the edges' positions (plus the
/// edges' ends where rulings stop short of the outermost cross ruling), then elementary
/// cells merged across every boundary that has no ruling.
fn build_grid(hs: &[Edge], vs: &[Edge], params: &Params) -> Option<Grid> {
    let mut ys = positions(hs, params.snap_tolerance);
    let mut xs = positions(vs, params.snap_tolerance);
    let (open_top, open_bottom) = extend(&mut ys, vs, params.min_edge_length);
    extend(&mut xs, hs, params.min_edge_length);
    let (rows, cols) = (ys.len().checked_sub(1)?, xs.len().checked_sub(1)?);
    if rows == 0 || cols == 0 || rows.saturating_mul(cols) > params.max_grid_cells {
        return None;
    }
    let v_by_x = bucket(vs, &xs);
    let h_by_y = bucket(hs, &ys);
    let mut sets = DisjointSets::new(rows * cols);
    for r in 0..rows {
        for c in 0..cols {
            if c + 1 < cols && !covered(&v_by_x[c + 1], ys[r], ys[r + 1], params) {
                sets.union(r * cols + c, r * cols + c + 1);
            }
            if r + 1 < rows && !covered(&h_by_y[r + 1], xs[c], xs[c + 1], params) {
                sets.union(r * cols + c, (r + 1) * cols + c);
            }
        }
    }
    let cells = regions_to_cells(&mut sets, rows, cols, &xs, &ys);
    Some(Grid {
        xs,
        ys,
        cells,
        open_top,
        open_bottom,
    })
}

/// Adds a boundary where the cross edges reach beyond the outermost boundary (a table cut
/// by the page edge has side rulings but no closing one). Returns whether it added one at
/// the start and at the end.
fn extend(bounds: &mut Vec<f64>, cross: &[Edge], min_length: f64) -> (bool, bool) {
    let lo = cross.iter().map(|e| e.from).fold(f64::INFINITY, f64::min);
    let hi = cross.iter().map(|e| e.to).fold(f64::NEG_INFINITY, f64::max);
    let mut added = (false, false);
    if let Some(&first) = bounds.first() {
        if lo < first - min_length {
            bounds.insert(0, lo);
            added.0 = true;
        }
    }
    if let Some(&last) = bounds.last() {
        if hi > last + min_length {
            bounds.push(hi);
            added.1 = true;
        }
    }
    added
}

/// Edges grouped by the boundary they lie on.
fn bucket(edges: &[Edge], bounds: &[f64]) -> Vec<Vec<Edge>> {
    let mut out = vec![Vec::new(); bounds.len()];
    for e in edges {
        let i = bounds.partition_point(|&b| b < e.at);
        let nearest = [i.checked_sub(1), Some(i)]
            .into_iter()
            .flatten()
            .filter(|&j| j < bounds.len())
            .min_by(|&a, &b| {
                (bounds[a] - e.at)
                    .abs()
                    .total_cmp(&(bounds[b] - e.at).abs())
            });
        if let Some(j) = nearest {
            out[j].push(*e);
        }
    }
    out
}

/// Whether rulings cover enough of the interval `[from, to]` to separate two cells.
fn covered(edges: &[Edge], from: f64, to: f64, params: &Params) -> bool {
    let length = to - from;
    if length <= 0.0 {
        return true;
    }
    let tol = params.intersection_tolerance;
    let cover: f64 = edges
        .iter()
        .map(|e| (e.to + tol).min(to) - (e.from - tol).max(from))
        .filter(|&l| l > 0.0)
        .sum();
    cover >= params.min_border_coverage * length
}

/// Turns merged regions of elementary cells into cells; a region that is not a rectangle
/// (an odd gap in the rulings) falls back to its elementary cells.
fn regions_to_cells(
    sets: &mut DisjointSets,
    rows: usize,
    cols: usize,
    xs: &[f64],
    ys: &[f64],
) -> Vec<GridCell> {
    // root -> (min row, min col, max row, max col, count)
    let mut spans: std::collections::HashMap<usize, (usize, usize, usize, usize, usize)> =
        Default::default();
    for r in 0..rows {
        for c in 0..cols {
            let e = spans
                .entry(sets.find(r * cols + c))
                .or_insert((r, c, r, c, 0));
            *e = (e.0.min(r), e.1.min(c), e.2.max(r), e.3.max(c), e.4 + 1);
        }
    }
    let mut cells = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            let root = sets.find(r * cols + c);
            let Some(&(r0, c0, r1, c1, count)) = spans.get(&root) else {
                continue;
            };
            let rectangular = count == (r1 - r0 + 1) * (c1 - c0 + 1);
            let (r0, c0, r1, c1) = if rectangular {
                (r0, c0, r1, c1)
            } else {
                (r, c, r, c)
            };
            if (r, c) == (r0, c0) {
                cells.push(GridCell {
                    row: r0,
                    col: c0,
                    rowspan: r1 - r0 + 1,
                    colspan: c1 - c0 + 1,
                    rect: Rect::new(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]),
                });
            }
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f64, x0: f64, x1: f64) -> Segment {
        Segment {
            axis: Axis::Horizontal,
            at: y,
            from: x0,
            to: x1,
            width: 0.5,
        }
    }
    fn v(x: f64, y0: f64, y1: f64) -> Segment {
        Segment {
            axis: Axis::Vertical,
            at: x,
            from: y0,
            to: y1,
            width: 0.5,
        }
    }

    #[test]
    fn missing_inner_borders_become_spans() {
        // 3 columns x 2 rows; column 0 has no border between its rows (rowspan 2), row 0
        // has no border between columns 1 and 2 (colspan 2).
        let segs = vec![
            h(0.0, 0.0, 90.0),
            h(10.0, 30.0, 90.0),
            h(20.0, 0.0, 90.0),
            v(0.0, 0.0, 20.0),
            v(30.0, 0.0, 20.0),
            v(60.0, 10.0, 20.0),
            v(90.0, 0.0, 20.0),
        ];
        let grids = find_grids(&segs, &Params::default());
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        let spans: Vec<_> = g
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.rowspan, c.colspan))
            .collect();
        assert_eq!(
            spans,
            [(0, 0, 2, 1), (0, 1, 1, 2), (1, 1, 1, 1), (1, 2, 1, 1)]
        );
    }

    #[test]
    fn snapped_and_joined_pieces_make_one_border() {
        let segs = vec![
            h(0.0, 0.0, 40.0),
            h(0.4, 41.0, 80.0),
            h(20.0, 0.0, 80.0),
            v(0.0, 0.0, 20.0),
            v(80.2, 0.0, 20.0),
            v(40.0, 0.0, 9.0),
            v(40.0, 10.5, 20.0),
        ];
        let grids = find_grids(&segs, &Params::default());
        assert_eq!(grids[0].cells.len(), 2);
    }

    #[test]
    fn open_bottom_detected() {
        let segs = vec![
            h(0.0, 0.0, 50.0),
            h(10.0, 0.0, 50.0),
            v(0.0, 0.0, 40.0),
            v(50.0, 0.0, 40.0),
        ];
        let g = &find_grids(&segs, &Params::default())[0];
        assert!(g.open_bottom && !g.open_top);
        assert_eq!(g.ys.len(), 3);
    }

    #[test]
    fn fifty_thousand_tiny_segments_are_fast() {
        let mut segs = Vec::new();
        for i in 0..25_000 {
            let x = (i % 500) as f64 * 1.1;
            let y = (i / 500) as f64 * 1.1;
            segs.push(h(y, x, x + 0.5));
            segs.push(v(x, y, y + 0.5));
        }
        let t = std::time::Instant::now();
        let _ = find_grids(&segs, &Params::default());
        assert!(t.elapsed().as_secs_f64() < 2.0);
    }
}
