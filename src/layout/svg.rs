//! One SVG per page: glyph boxes, ruling segments, detected cells and blocks, so a person
//! can check a table at a glance without a PDF renderer.

use std::fmt::Write;

use crate::model::{Axis, Block, Layout, Page, Rect};

use super::Params;

/// Renders a page's overlay as an SVG document: glyph boxes (grey), ruling segments
/// (blue), table cells (one `<rect class="cell">` per cell part on this page, with
/// `data-row`, `data-col`, `data-rowspan`, `data-colspan` and a `<title>`), and text
/// blocks (green outlines, titled with their kind and text).
pub fn page_svg(page: &Page, layout: &Layout, _params: &Params) -> String {
    let mut out = String::new();
    let (w, h) = (finite(page.width), finite(page.height));
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.2}" height="{h:.2}" viewBox="0 0 {w:.2} {h:.2}">"#
    );
    let _ = writeln!(
        out,
        r#"<rect class="page" x="0" y="0" width="{w:.2}" height="{h:.2}" fill="white" stroke="black" stroke-width="0.5"/>"#
    );
    out.push_str("<g class=\"glyphs\" fill=\"none\" stroke=\"#999\" stroke-width=\"0.2\">\n");
    for g in &page.glyphs {
        let _ = writeln!(
            out,
            "{}><title>{}</title></rect>",
            rect_open("glyph", &g.bbox),
            escape(&g.text)
        );
    }
    out.push_str("</g>\n<g class=\"segments\" stroke=\"#06c\">\n");
    for s in &page.segments {
        let (x1, y1, x2, y2) = match s.axis {
            Axis::Horizontal => (s.from, s.at, s.to, s.at),
            Axis::Vertical => (s.at, s.from, s.at, s.to),
        };
        let _ = writeln!(
            out,
            r#"<line class="segment" x1="{:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke-width="{:.2}"/>"#,
            finite(x1),
            finite(y1),
            finite(x2),
            finite(y2),
            finite(s.width).max(0.3)
        );
    }
    out.push_str("</g>\n");
    write_blocks(&mut out, page.number, layout);
    out.push_str("</svg>\n");
    out
}

/// Cells and text blocks that lie on this page.
fn write_blocks(out: &mut String, page: u32, layout: &Layout) {
    out.push_str(
        "<g class=\"cells\" fill=\"rgba(255,0,0,0.05)\" stroke=\"red\" stroke-width=\"0.6\">\n",
    );
    for (t, block) in layout.blocks.iter().enumerate() {
        let Block::Table(table) = block else { continue };
        for c in &table.cells {
            for p in c.parts.iter().filter(|p| p.page == page) {
                let _ = writeln!(
                    out,
                    r#"{} data-table="{t}" data-row="{}" data-col="{}" data-rowspan="{}" data-colspan="{}"><title>table {t} row {} col {} span {}x{}: {}</title></rect>"#,
                    rect_open("cell", &p.bbox),
                    c.row,
                    c.col,
                    c.rowspan,
                    c.colspan,
                    c.row,
                    c.col,
                    c.rowspan,
                    c.colspan,
                    escape(&c.text)
                );
            }
        }
    }
    out.push_str("</g>\n<g class=\"blocks\" fill=\"none\" stroke=\"green\" stroke-width=\"0.8\" stroke-dasharray=\"3 2\">\n");
    for block in &layout.blocks {
        let Block::Text(b) = block else { continue };
        if b.page == page {
            let kind = format!("{:?}", b.kind).to_lowercase();
            let _ = writeln!(
                out,
                r#"{} data-kind="{kind}"><title>{kind}: {}</title></rect>"#,
                rect_open("block", &b.bbox),
                escape(&b.text)
            );
        }
    }
    out.push_str("</g>\n");
}

/// `<rect class=".." x=".." y=".." width=".." height=".."` without the closing `>`.
fn rect_open(class: &str, r: &Rect) -> String {
    format!(
        r#"<rect class="{class}" x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}""#,
        finite(r.x0),
        finite(r.y0),
        finite(r.width()).max(0.0),
        finite(r.height()).max(0.0)
    )
}

/// NaN and infinities (from a damaged file) drawn as 0.
fn finite(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

/// Escapes text for XML character data and attributes; drops characters XML 1.0 forbids.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}
