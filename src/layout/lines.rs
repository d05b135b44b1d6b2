//! Glyphs into lines: clustered by baseline (horizontal) or by column (vertical), each line
//! in visual order, whatever the order of the content stream.

use crate::model::{Glyph, Line, Page, Rect, WritingMode};

use super::text::{push_joined, tidy_spaces, Space};
use super::{columns, stack, Params};

/// Groups a page's visible glyphs into lines in reading order, column by column
/// ([`flow_lines`]); a ruled table's glyphs are read where the table stands, row by row.
/// Runs of text on one baseline separated by a gap wider than [`Params::line_split_gap`]
/// are separate lines.
pub fn page_lines(page: &Page, params: &Params) -> Vec<Line> {
    let grids: Vec<Rect> = stack::page_grids(page, params)
        .into_iter()
        .filter(|g| g.cells.len() >= 2)
        .map(|g| g.bbox())
        .collect();
    let mut inside: Vec<Vec<&Glyph>> = vec![Vec::new(); grids.len()];
    let mut outside = Vec::new();
    for g in readable_glyphs(page) {
        let (x, y) = g.bbox.center();
        match grids.iter().position(|r| r.contains(x, y)) {
            Some(t) => inside[t].push(g),
            None => outside.push(g),
        }
    }
    let flow = flow_lines(&outside, &grids, page.number, params);
    let mut table_lines: Vec<Vec<Line>> = inside
        .iter()
        .map(|gs| group_lines(gs, page.number, params, true))
        .collect();
    let mut out = Vec::new();
    let mut lines = flow.lines.into_iter().zip(flow.line_region).peekable();
    for region in 0..flow.regions.len() {
        while let Some((line, _)) = lines.next_if(|(_, r)| *r == region) {
            out.push(line);
        }
        for (t, r) in flow.fixed_region.iter().enumerate() {
            if *r == region {
                out.append(&mut table_lines[t]);
            }
        }
    }
    out.extend(lines.map(|(l, _)| l));
    out
}

/// Lines of running text in reading order by columns, with the regions they were read in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Flow {
    /// Lines in reading order: region by region, top to bottom inside a region.
    pub lines: Vec<Line>,
    /// The region of each line (index into `regions`).
    pub line_region: Vec<usize>,
    /// The region of each fixed box passed in.
    pub fixed_region: Vec<usize>,
    /// Each region's box, in reading order.
    pub regions: Vec<Rect>,
}

/// Lines of running text read column by column ([`columns::regions`]): each baseline is
/// cut into pieces at gaps of a gutter's width, the pieces (and the `fixed` boxes: tables,
/// never split) are grouped into regions, and each region's pieces of one baseline become
/// its lines. Vertical lines follow, right to left, in a region of their own.
pub fn flow_lines(glyphs: &[&Glyph], fixed: &[Rect], page: u32, params: &Params) -> Flow {
    let (vertical, horizontal): (Vec<&Glyph>, Vec<&Glyph>) =
        glyphs.iter().partition(|g| g.mode == WritingMode::Vertical);
    let size = median(horizontal.iter().map(|g| glyph_size(g)).collect());
    let mut rows = clusters(horizontal, WritingMode::Horizontal, params);
    let mut pieces: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    let mut boxes: Vec<Rect> = Vec::new();
    for (r, row) in rows.iter_mut().enumerate() {
        row.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
        let mut start = 0;
        let mut end = f64::NEG_INFINITY;
        for i in 0..=row.len() {
            let cut = i == row.len()
                || (i > start && row[i].bbox.x0 - end >= params.min_gutter_width * size.max(1.0));
            if cut && i > start {
                boxes.push(union(&row[start..i]));
                pieces.push((r, start..i));
                start = i;
            }
            if let Some(g) = row.get(i) {
                end = if i == start {
                    g.bbox.x1
                } else {
                    end.max(g.bbox.x1)
                };
            }
        }
    }
    let n_pieces = pieces.len();
    boxes.extend_from_slice(fixed);
    let row_ids: Vec<usize> = pieces
        .iter()
        .map(|p| p.0)
        .chain((0..fixed.len()).map(|i| rows.len() + i))
        .collect();
    let mut flow = Flow {
        fixed_region: vec![0; fixed.len()],
        ..Flow::default()
    };
    let regs = columns::regions(&boxes, &row_ids, size, params);
    for (k, members) in regs.into_iter().enumerate() {
        flow.regions.push(
            members
                .iter()
                .map(|&i| boxes[i])
                .reduce(|a, b| a.union(&b))
                .unwrap_or_default(),
        );
        let mut own: Vec<usize> = members.iter().copied().filter(|&i| i < n_pieces).collect();
        for &i in members.iter().filter(|&&i| i >= n_pieces) {
            flow.fixed_region[i - n_pieces] = k;
        }
        own.sort_by_key(|&i| (pieces[i].0, pieces[i].1.start));
        for same_row in own.chunk_by(|&a, &b| pieces[a].0 == pieces[b].0) {
            let glyphs: Vec<&Glyph> = same_row
                .iter()
                .flat_map(|&i| rows[pieces[i].0][pieces[i].1.clone()].iter().copied())
                .collect();
            for line in runs_to_lines(glyphs, WritingMode::Horizontal, page, params, true) {
                flow.lines.push(line);
                flow.line_region.push(k);
            }
        }
    }
    let mut columns = clusters(vertical, WritingMode::Vertical, params);
    if !columns.is_empty() {
        columns.reverse();
        let k = flow.regions.len();
        let mut bbox: Option<Rect> = None;
        for run in columns {
            for line in runs_to_lines(run, WritingMode::Vertical, page, params, true) {
                bbox = Some(bbox.map_or(line.bbox, |b| b.union(&line.bbox)));
                flow.lines.push(line);
                flow.line_region.push(k);
            }
        }
        flow.regions.extend(bbox);
    }
    flow
}

fn union(glyphs: &[&Glyph]) -> Rect {
    glyphs
        .iter()
        .map(|g| g.bbox)
        .reduce(|a, b| a.union(&b))
        .unwrap_or_default()
}

/// Whether a glyph has a usable box and some text.
pub fn is_drawn(g: &Glyph) -> bool {
    g.bbox.x0.is_finite()
        && g.bbox.y0.is_finite()
        && g.bbox.x1.is_finite()
        && g.bbox.y1.is_finite()
        && !g.text.is_empty()
}

/// Side (points) of the buckets visible glyphs are hashed into for the overlap test.
const BUCKET: f64 = 16.0;

/// The page's glyphs that are read: visible ones, and invisible ones (render mode 3: an
/// OCR layer, a producer's footer such as TCPDF's) unless they lie over visible text —
/// a hidden copy of what is printed. pdftotext prints invisible text too.
pub fn readable_glyphs(page: &Page) -> Vec<&Glyph> {
    let bucket = |x: f64, y: f64| ((x / BUCKET).floor() as i64, (y / BUCKET).floor() as i64);
    let mut visible: rustc_hash::FxHashMap<(i64, i64), Vec<Rect>> = Default::default();
    for g in page.glyphs.iter().filter(|g| !g.invisible && is_drawn(g)) {
        let (x, y) = g.bbox.center();
        visible.entry(bucket(x, y)).or_default().push(g.bbox);
    }
    let over_visible = |g: &Glyph| {
        let (x, y) = g.bbox.center();
        let (bx, by) = bucket(x, y);
        (bx - 1..=bx + 1).any(|i| {
            (by - 1..=by + 1).any(|j| {
                visible
                    .get(&(i, j))
                    .is_some_and(|v| v.iter().any(|r| r.contains(x, y)))
            })
        })
    };
    page.glyphs
        .iter()
        .filter(|g| is_drawn(g) && !(g.invisible && over_visible(g)))
        .collect()
}

/// Groups glyphs into lines: horizontal lines top to bottom, then vertical lines right to
/// left. With `split_gaps`, a wide gap on a baseline ends a line (separate text runs on a
/// page); inside a table cell all glyphs of a baseline form one line.
pub fn group_lines(glyphs: &[&Glyph], page: u32, params: &Params, split_gaps: bool) -> Vec<Line> {
    let (vertical, horizontal): (Vec<&Glyph>, Vec<&Glyph>) =
        glyphs.iter().partition(|g| g.mode == WritingMode::Vertical);
    let mut lines = Vec::new();
    for run in clusters(horizontal, WritingMode::Horizontal, params) {
        lines.extend(runs_to_lines(
            run,
            WritingMode::Horizontal,
            page,
            params,
            split_gaps,
        ));
    }
    let mut columns = clusters(vertical, WritingMode::Vertical, params);
    columns.reverse();
    for run in columns {
        lines.extend(runs_to_lines(
            run,
            WritingMode::Vertical,
            page,
            params,
            split_gaps,
        ));
    }
    lines
}

/// Across-axis position (y centre for horizontal text, x centre for vertical).
fn across(g: &Glyph, mode: WritingMode) -> f64 {
    let (x, y) = g.bbox.center();
    match mode {
        WritingMode::Horizontal => y,
        WritingMode::Vertical => x,
    }
}

/// Along-axis start and end of a glyph.
fn along(g: &Glyph, mode: WritingMode) -> (f64, f64) {
    match mode {
        WritingMode::Horizontal => (g.bbox.x0, g.bbox.x1),
        WritingMode::Vertical => (g.bbox.y0, g.bbox.y1),
    }
}

/// Sort-and-sweep clustering on the across-axis centre: a glyph joins the current cluster
/// when its centre is within [`Params::line_tolerance`] × size of the cluster's mean.
fn clusters<'a>(
    mut glyphs: Vec<&'a Glyph>,
    mode: WritingMode,
    params: &Params,
) -> Vec<Vec<&'a Glyph>> {
    glyphs.sort_by(|a, b| across(a, mode).total_cmp(&across(b, mode)));
    let mut out: Vec<Vec<&Glyph>> = Vec::new();
    let mut sum = 0.0;
    for g in glyphs {
        let c = across(g, mode);
        if let Some(cur) = out.last_mut() {
            let mean = sum / cur.len() as f64;
            let size = glyph_size(g).max(cur.last().map_or(0.0, |o| glyph_size(o)));
            if (c - mean).abs() <= params.line_tolerance * size {
                cur.push(g);
                sum += c;
                continue;
            }
        }
        out.push(vec![g]);
        sum = c;
    }
    out
}

/// The glyph's size, falling back to its box when the font size is unusable.
fn glyph_size(g: &Glyph) -> f64 {
    if g.size.is_finite() && g.size > 0.0 {
        g.size
    } else {
        g.bbox.height().max(g.bbox.width()).max(1.0)
    }
}

/// Orders one cluster along its axis, splits it at wide gaps and builds the lines.
fn runs_to_lines(
    mut run: Vec<&Glyph>,
    mode: WritingMode,
    page: u32,
    params: &Params,
    split_gaps: bool,
) -> Vec<Line> {
    run.sort_by(|a, b| along(a, mode).0.total_cmp(&along(b, mode).0));
    let mut lines = Vec::new();
    let mut start = 0;
    for i in 1..run.len() {
        let gap = along(run[i], mode).0 - along(run[i - 1], mode).1;
        let size = glyph_size(run[i]).max(glyph_size(run[i - 1]));
        if split_gaps && gap > params.line_split_gap * size {
            lines.push(make_line(&run[start..i], mode, page, params));
            start = i;
        }
    }
    if start < run.len() {
        lines.push(make_line(&run[start..], mode, page, params));
    }
    lines
}

/// One line from glyphs already in visual order.
fn make_line(glyphs: &[&Glyph], mode: WritingMode, page: u32, params: &Params) -> Line {
    let mut text = String::new();
    let mut bbox: Option<Rect> = None;
    let mut prev_end: Option<f64> = None;
    let tracking = tracking(glyphs, mode);
    for g in glyphs {
        let (start, end) = along(g, mode);
        let space =
            prev_end.is_some_and(|e| start - e > tracking + params.word_gap * glyph_size(g));
        if g.text.chars().all(char::is_whitespace) {
            text.push(' ');
        } else if space {
            push_joined(&mut text, &g.text, Space::Gap);
        } else {
            text.push_str(&g.text);
        }
        prev_end = Some(prev_end.map_or(end, |e| e.max(end)));
        bbox = Some(bbox.map_or(g.bbox, |b| b.union(&g.bbox)));
    }
    Line {
        page,
        text: tidy_spaces(&text),
        bbox: bbox.unwrap_or_default(),
        size: median(glyphs.iter().map(|g| glyph_size(g)).collect()),
        mode,
    }
}

/// The spacing added between all letters of a justified or letter-spaced line: the
/// median gap between neighbours (0 for lines too short to tell). Word spaces are gaps
/// wider than this plus [`Params::word_gap`].
fn tracking(glyphs: &[&Glyph], mode: WritingMode) -> f64 {
    if glyphs.len() < 4 {
        return 0.0;
    }
    let gaps = glyphs
        .windows(2)
        .map(|w| along(w[1], mode).0 - along(w[0], mode).1)
        .collect();
    median(gaps).max(0.0)
}

/// The median of some values (0 when empty).
pub fn median(mut values: Vec<f64>) -> f64 {
    values.retain(|v| v.is_finite());
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(text: &str, x0: f64, y0: f64, size: f64) -> Glyph {
        Glyph {
            text: text.into(),
            bbox: Rect::new(
                x0,
                y0,
                x0 + size * text.chars().count() as f64 * 0.5,
                y0 + size,
            ),
            size,
            font: 0,
            mode: WritingMode::Horizontal,
            invisible: false,
        }
    }

    fn wide(text: &str, x0: f64, y0: f64) -> Glyph {
        Glyph {
            bbox: Rect::new(x0, y0, x0 + 10.0, y0 + 10.0),
            ..glyph(text, x0, y0, 10.0)
        }
    }

    #[test]
    fn visual_order_not_stream_order() {
        let gs = [
            wide("学", 30.0, 100.0),
            wide("大", 10.0, 100.0),
            wide("次", 10.0, 120.0),
        ];
        let refs: Vec<&Glyph> = gs.iter().collect();
        let lines = group_lines(&refs, 1, &Params::default(), false);
        let texts: Vec<_> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["大学", "次"]);
    }

    #[test]
    fn justified_japanese_gets_no_space_latin_words_do() {
        // 4pt of justification between every pair; a real word gap after "JOB"
        let gs = [
            wide("大", 0.0, 0.0),
            wide("学", 14.0, 0.0),
            wide("、", 28.0, 0.0),
            wide("自", 42.0, 0.0),
            glyph("JOB", 56.0, 0.0, 10.0),
            glyph("ok", 81.0, 0.0, 10.0),
        ];
        let refs: Vec<&Glyph> = gs.iter().collect();
        let lines = group_lines(&refs, 1, &Params::default(), false);
        assert_eq!(lines[0].text, "大学、自JOB ok");
        // unjustified: a gap between a wide and a Latin character is a space
        let gs = [wide("大", 0.0, 0.0), glyph("JOB", 14.0, 0.0, 10.0)];
        let refs: Vec<&Glyph> = gs.iter().collect();
        let lines = group_lines(&refs, 1, &Params::default(), false);
        assert_eq!(lines[0].text, "大 JOB");
    }

    #[test]
    fn vertical_columns_read_top_down_right_to_left() {
        let mut gs = vec![];
        for (i, t) in ["あ", "い"].iter().enumerate() {
            let mut g = wide(t, 100.0, 10.0 + 12.0 * i as f64);
            g.mode = WritingMode::Vertical;
            gs.push(g);
        }
        let mut g = wide("う", 80.0, 10.0);
        g.mode = WritingMode::Vertical;
        gs.push(g);
        let refs: Vec<&Glyph> = gs.iter().collect();
        let lines = group_lines(&refs, 1, &Params::default(), false);
        let texts: Vec<_> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["あい", "う"]);
    }
}
