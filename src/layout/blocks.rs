//! Text outside tables: running headers, footers and page numbers removed; the remaining
//! lines grouped into headings, notes and paragraphs.

use std::collections::HashMap;

use crate::model::{Line, TextBlock, TextKind, WritingMode};

use super::lines::median;
use super::text::{is_paragraph_gap, join_lines};
use super::Params;
use crate::normalize::marks;

/// The lines of one page outside tables, with the page's size.
#[derive(Debug, Clone, PartialEq)]
pub struct PageLines {
    /// 1-based page number.
    pub page: u32,
    /// Page height in points.
    pub height: f64,
    /// Lines in reading order.
    pub lines: Vec<Line>,
    /// The reading region (column) of each line, parallel to `lines`: regions are read in
    /// index order.
    pub regions: Vec<usize>,
}

/// Removes running headers and footers: lines in the top or bottom margin band whose text
/// (digits ignored) recurs at about the same place on most pages, and lone page numbers
/// there.
pub fn drop_running_lines(pages: &mut [PageLines], params: &Params) {
    let with_text = pages.iter().filter(|p| !p.lines.is_empty()).count();
    if with_text < 2 {
        return;
    }
    let needed = with_text.div_ceil(2).max(2);
    let mut seen: HashMap<String, Vec<(u32, f64)>> = HashMap::new();
    for p in pages.iter() {
        for l in p.lines.iter().filter(|l| in_margin(l, p.height, params)) {
            seen.entry(shape(&l.text))
                .or_default()
                .push((p.page, l.bbox.y0));
        }
    }
    for p in pages.iter_mut() {
        let height = p.height;
        let keep: Vec<bool> = p
            .lines
            .iter()
            .map(|l| {
                if !in_margin(l, height, params) {
                    return true;
                }
                if is_page_number(&l.text) {
                    return false;
                }
                let Some(places) = seen.get(&shape(&l.text)) else {
                    return true;
                };
                let mut pages_here: Vec<u32> = places
                    .iter()
                    .filter(|(_, y)| (y - l.bbox.y0).abs() <= params.running_line_tolerance)
                    .map(|(pg, _)| *pg)
                    .collect();
                pages_here.dedup();
                pages_here.len() < needed
            })
            .collect();
        let mut kept = keep.iter();
        p.lines.retain(|_| kept.next().copied().unwrap_or(true));
        if p.regions.len() == keep.len() {
            let mut kept = keep.iter();
            p.regions.retain(|_| kept.next().copied().unwrap_or(true));
        }
    }
}

/// Whether a line lies in the top or bottom margin band of its page.
fn in_margin(line: &Line, height: f64, params: &Params) -> bool {
    let band = height * params.margin_band;
    line.bbox.y1 <= band || line.bbox.y0 >= height - band
}

/// The text with whitespace removed and every digit run replaced by `#`.
fn shape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A line that is only a page number (`3`, `- 3 -`, `3 / 8`, `p. 3`, `(3)`): at most
/// two numbers of at most three digits, with dashes, brackets or a slash around them.
fn is_page_number(text: &str) -> bool {
    let lower = text.to_lowercase().replace(" of ", "/");
    let s = lower
        .trim()
        .trim_start_matches("page")
        .trim_start_matches("p.");
    let mut numbers = 0;
    let mut run = 0;
    for c in s.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            run += 1;
            continue;
        }
        if run > 3 {
            return false;
        }
        numbers += usize::from(run > 0);
        run = 0;
        if !(c.is_whitespace() || "-–—－()（）/／".contains(c)) {
            return false;
        }
    }
    (1..=2).contains(&numbers)
}

/// Groups a page's lines (outside tables, in reading order) into blocks. A heading mark or
/// `※` starts a block; a line joins the block above when it follows in the same reading
/// region (column) without a paragraph gap, in a similar size, and the line above ran to the
/// right edge of the region's text (a wrapped line rather than a line of its own). `regions`
/// gives each line's region (missing entries: region 0); each block comes with its region.
/// `body` is the document's body text size ([`body_size`]): a block markedly larger is a
/// heading by its look.
pub fn text_blocks(
    lines: &[Line],
    regions: &[usize],
    body: f64,
    params: &Params,
) -> Vec<(usize, TextBlock)> {
    let region = |i: usize| regions.get(i).copied().unwrap_or(0);
    let mut right: Vec<f64> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let r = region(i);
        if right.len() <= r {
            right.resize(r + 1, f64::NEG_INFINITY);
        }
        right[r] = right[r].max(l.bbox.x1);
    }
    let mut blocks: Vec<(usize, Vec<&Line>)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.text.trim().is_empty() {
            continue;
        }
        let r = region(i);
        let joins = blocks.last().is_some_and(|(br, b)| {
            *br == r
                && b.last()
                    .is_some_and(|prev| continues(prev, line, right[r], params))
        });
        match (joins, blocks.last_mut()) {
            (true, Some((_, b))) => b.push(line),
            _ => blocks.push((r, vec![line])),
        }
    }
    blocks
        .into_iter()
        .map(|(r, b)| {
            let mut block = to_block(&b, params);
            if block.kind == TextKind::Paragraph && looks_like_heading(&b, lines, body, params) {
                block.kind = TextKind::Heading;
            }
            (r, block)
        })
        .collect()
}

/// The body text's size: the median size of the characters of `lines`.
pub fn body_size<'a>(lines: impl IntoIterator<Item = &'a Line>) -> f64 {
    let mut sizes: Vec<(f64, usize)> = lines
        .into_iter()
        .filter(|l| l.size.is_finite())
        .map(|l| {
            (
                l.size,
                l.text.chars().filter(|c| !c.is_whitespace()).count(),
            )
        })
        .collect();
    sizes.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: usize = sizes.iter().map(|s| s.1).sum();
    let mut seen = 0;
    for (size, n) in sizes {
        seen += n;
        if 2 * seen >= total {
            return size;
        }
    }
    0.0
}

/// A heading by its look: markedly larger than the body text
/// ([`Params::heading_size_ratio`]), at most [`Params::heading_max_lines`] lines, each
/// alone on its baseline (no other text beside it).
fn looks_like_heading(block: &[&Line], page: &[Line], body: f64, params: &Params) -> bool {
    let Some(first) = block.first() else {
        return false;
    };
    let alone = |l: &Line| {
        !page.iter().any(|o| {
            !std::ptr::eq(o, l)
                && (o.bbox.center().1 - l.bbox.center().1).abs() <= params.line_tolerance * l.size
                && (o.bbox.x1 <= l.bbox.x0 || o.bbox.x0 >= l.bbox.x1)
        })
    };
    body > 0.0
        && first.mode == WritingMode::Horizontal
        && block.len() <= params.heading_max_lines
        && block
            .iter()
            .all(|l| l.size >= params.heading_size_ratio * body && alone(l))
}

/// Whether `next` continues the block whose last line is `prev`.
fn continues(prev: &Line, next: &Line, right: f64, params: &Params) -> bool {
    let size = prev.size.max(next.size).max(1.0);
    let wrapped = prev.bbox.x1 >= right - params.wrap_slack * size;
    let similar = (prev.size - next.size).abs() <= params.block_size_change * size;
    let below = next.bbox.y0 >= prev.bbox.y1 - params.block_line_overlap * size;
    wrapped
        && similar
        && below
        && kind_of(&next.text).is_none()
        && prev.mode == next.mode
        && !is_paragraph_gap(prev, next, params)
}

fn to_block(lines: &[&Line], params: &Params) -> TextBlock {
    let owned: Vec<Line> = lines.iter().map(|&l| l.clone()).collect();
    let text = join_lines(&owned, params);
    let kind = kind_of(&text).unwrap_or(TextKind::Paragraph);
    let bbox = owned
        .iter()
        .map(|l| l.bbox)
        .reduce(|a, b| a.union(&b))
        .unwrap_or_default();
    TextBlock {
        kind,
        text,
        page: owned.first().map_or(0, |l| l.page),
        bbox,
        size: median(owned.iter().map(|l| l.size).collect()),
    }
}

/// The kind a line's start marks: a heading label (`Ⅰ`, `①`, `（i）`, `⇒`, `基本目標１`,
/// `（１）`, `第２章`, `1.2`), a `※` note, or none.
pub fn kind_of(text: &str) -> Option<TextKind> {
    let t = text.trim_start();
    let c = t.chars().next()?;
    if c == marks::NOTE {
        return Some(TextKind::Note);
    }
    marks::starts_heading_label(t).then_some(TextKind::Heading)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_marks() {
        for h in [
            "Ⅰ北九州市に",
            "①若者の",
            "（i）アジア",
            "⇒留学生",
            "基本目標１ しごと",
            "（１）施策",
            "第２章 計画",
            "3.4.2. Measurement",
        ] {
            assert_eq!(kind_of(h), Some(TextKind::Heading), "{h}");
        }
        assert_eq!(kind_of("※ＥＳＤ：持続可能"), Some(TextKind::Note));
        for p in ["Earlier studies", "2400 persons", "(2015) was", "本市の"] {
            assert_eq!(kind_of(p), None, "{p}");
        }
    }

    #[test]
    fn page_numbers() {
        assert!(is_page_number("- 3 -"));
        assert!(is_page_number("12"));
        assert!(is_page_number("3 / 8"));
        assert!(is_page_number("Page 1 of 205"));
        assert!(!is_page_number("2015"));
        assert!(!is_page_number("Page title"));
    }
}
