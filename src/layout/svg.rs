//! One SVG per page: glyph boxes, ruling segments, detected cells and blocks, so a person
//! can check a table at a glance without a PDF renderer.

use std::fmt::Write;

use crate::model::{Axis, Block, Extraction, Layout, Page, Rect};

use super::Params;

/// Size (points) of the small text drawn in cells: their text and row/column indices.
const CELL_TEXT_SIZE: f64 = 4.0;

/// Colours of the record outlines, one per record in turn.
const RECORD_COLOURS: &[&str] = &[
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324",
];

/// Renders a page's overlay as an SVG document: glyph boxes (grey), ruling segments
/// (blue), table cells (one `<rect class="cell">` per cell part on this page, with
/// `data-row`, `data-col`, `data-rowspan`, `data-colspan`, a `<title>`, the cell's first
/// line and its `row,col` in small print), figures (orange, titled with the reason), text
/// blocks (green outlines, titled with their kind and text) and a legend.
pub fn page_svg(page: &Page, layout: &Layout, params: &Params) -> String {
    page_svg_with(page, layout, None, params)
}

/// [`page_svg`] with the records built from the layout: each KPI record's source box is
/// outlined in a colour of its own, and each table's column roles
/// (`diagnostics.tables[].roles`) are written above its columns.
pub fn page_svg_with(
    page: &Page,
    layout: &Layout,
    records: Option<&Extraction>,
    _params: &Params,
) -> String {
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
    write_figures(&mut out, page.number, layout);
    if let Some(x) = records {
        write_records(&mut out, page.number, x);
    }
    write_legend(&mut out, h, records.is_some());
    out.push_str("</svg>\n");
    out
}

/// Figures on this page: an orange outline titled with the test that decided it.
fn write_figures(out: &mut String, page: u32, layout: &Layout) {
    out.push_str("<g class=\"figures\" fill=\"rgba(255,140,0,0.06)\" stroke=\"darkorange\" stroke-width=\"1\" stroke-dasharray=\"6 3\">\n");
    for block in &layout.blocks {
        let Block::Figure(f) = block else { continue };
        if f.page == page {
            let _ = writeln!(
                out,
                r#"{} data-reason="{}"><title>figure: {}</title></rect>"#,
                rect_open("figure", &f.bbox),
                escape(&f.reason),
                escape(&f.reason)
            );
        }
    }
    out.push_str("</g>\n");
}

/// Record outlines (one colour per record) and the column roles of the tables read.
fn write_records(out: &mut String, page: u32, x: &Extraction) {
    out.push_str("<g class=\"records\" fill=\"none\" stroke-width=\"1.2\">\n");
    for (i, k) in x.kpis.iter().enumerate() {
        if k.source.page != page {
            continue;
        }
        let [x0, y0, x1, y1] = k.source.bbox;
        let colour = RECORD_COLOURS[i % RECORD_COLOURS.len()];
        let _ = writeln!(
            out,
            r#"{} stroke="{colour}" data-record="{}"><title>{}: {}</title></rect>"#,
            rect_open("record", &Rect::new(x0, y0, x1, y1)),
            escape(&k.id),
            escape(&k.id),
            escape(k.indicator.as_deref().unwrap_or(""))
        );
    }
    out.push_str("</g>\n<g class=\"roles\" fill=\"purple\">\n");
    for t in x.diagnostics.tables.iter().filter(|t| t.page == page) {
        let [x0, y0, x1, _] = t.bbox;
        let n = t.roles.len().max(1) as f64;
        for (c, role) in t.roles.iter().enumerate() {
            let Some(role) = role else { continue };
            let at = finite(x0) + (finite(x1) - finite(x0)) * c as f64 / n;
            let _ = writeln!(
                out,
                r#"<text class="role" x="{:.2}" y="{:.2}" font-size="{CELL_TEXT_SIZE}">{}</text>"#,
                at + 1.0,
                finite(y0) - 1.0,
                escape(role)
            );
        }
    }
    out.push_str("</g>\n");
}

/// What the colours mean, in the bottom-left corner.
fn write_legend(out: &mut String, height: f64, with_records: bool) {
    let mut items = vec![
        ("#999", "glyph"),
        ("#06c", "ruling"),
        ("red", "table cell (row,col)"),
        ("green", "text block"),
        ("darkorange", "figure"),
    ];
    if with_records {
        items.push(("#e6194b", "KPI record"));
        items.push(("purple", "column role"));
    }
    out.push_str("<g class=\"legend\" font-size=\"5\">\n");
    for (i, (colour, what)) in items.iter().enumerate() {
        let y = height - 6.0 * (items.len() - i) as f64;
        let _ = writeln!(
            out,
            r#"<rect x="2" y="{:.2}" width="4" height="4" fill="none" stroke="{colour}"/><text x="8" y="{:.2}">{what}</text>"#,
            y,
            y + 4.0
        );
    }
    out.push_str("</g>\n");
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
                let first = c.lines.first().map_or("", String::as_str);
                let _ = writeln!(
                    out,
                    r#"<text class="cell-text" x="{:.2}" y="{:.2}" font-size="{CELL_TEXT_SIZE}" fill="darkred" stroke="none">{}</text><text class="cell-index" x="{:.2}" y="{:.2}" font-size="{CELL_TEXT_SIZE}" fill="red" stroke="none">{},{}</text>"#,
                    finite(p.bbox.x0) + 1.0,
                    finite(p.bbox.y1) - 1.0,
                    escape(first),
                    finite(p.bbox.x0) + 1.0,
                    finite(p.bbox.y0) + CELL_TEXT_SIZE,
                    c.row,
                    c.col
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
