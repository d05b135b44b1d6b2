//! Stage 1 on the bundled fixtures: text, glyph geometry and rulings.

use kpi_extract::model::{Axis, Page, PdfDocument};
use kpi_extract::pdf::{self, Options};

fn extract(name: &str) -> PdfDocument {
    let path = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    pdf::extract(&bytes, &Options::default()).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The page's glyph texts in content-stream order with whitespace removed.
fn stream_text(page: &Page) -> String {
    page.glyphs
        .iter()
        .flat_map(|g| g.text.chars())
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn document_text(doc: &PdfDocument) -> String {
    doc.pages.iter().map(stream_text).collect()
}

#[test]
fn h28_text_has_known_strings() {
    let doc = extract("kitakyushu-kpi-h28.pdf");
    assert_eq!(doc.pages.len(), 8);
    let first = stream_text(&doc.pages[0]);
    for expected in [
        "北九州市にしごとをつくり、安心して働けるようにする",
        "大学、自治体、経済団体等との連携",
        "743人",
        "577人（H26年度）⇒",
        "ＫＰＩ実績",
    ] {
        assert!(
            first.contains(expected),
            "page 1 lacks {expected:?}: {first}"
        );
    }
    let all = document_text(&doc);
    assert!(
        !all.contains('\u{FFFD}'),
        "undecodable glyphs in the fixture"
    );
    assert!(doc.pages.iter().all(|p| p.error.is_none()));
}

#[test]
fn h29_text_has_known_strings() {
    let doc = extract("kitakyushu-kpi-h29.pdf");
    let all = document_text(&doc);
    for expected in [
        "北九州市にしごとをつくり",
        "大学、自治体、経済団体等との連携",
        "H29",
    ] {
        assert!(all.contains(expected), "h29 lacks {expected:?}");
    }
    assert!(!all.contains('\u{FFFD}'));
}

#[test]
fn glyph_boxes_lie_inside_the_page_and_match_the_font_size() {
    for name in ["kitakyushu-kpi-h28.pdf", "kitakyushu-kpi-h29.pdf"] {
        let doc = extract(name);
        for page in &doc.pages {
            assert!(page.width > 500.0 && page.height > 800.0, "A4 portrait");
            assert!(!page.glyphs.is_empty());
            for g in &page.glyphs {
                let b = g.bbox;
                assert!(
                    b.x0 >= 0.0 && b.y0 >= 0.0 && b.x1 <= page.width && b.y1 <= page.height,
                    "{name} p{}: {:?} outside the page",
                    page.number,
                    g
                );
                assert!(g.size > 4.0 && g.size < 30.0, "implausible size {g:?}");
                let ratio = b.height() / g.size;
                assert!((0.8..=1.3).contains(&ratio), "box height vs size: {g:?}");
            }
        }
    }
}

#[test]
fn reading_top_down_first_heading_is_above_the_table_header() {
    let doc = extract("kitakyushu-kpi-h28.pdf");
    let page = &doc.pages[0];
    let top_of = |s: &str| {
        let first = s.chars().next().map(String::from).unwrap_or_default();
        page.glyphs
            .iter()
            .filter(|g| g.text == first)
            .map(|g| g.bbox.y0)
            .fold(f64::INFINITY, f64::min)
    };
    // Top-left origin: the goal heading (Ⅰ) is printed above the table header (事).
    assert!(top_of("Ⅰ") < top_of("事"));
}

#[test]
fn table_columns_appear_among_vertical_rulings() {
    let doc = extract("kitakyushu-kpi-h28.pdf");
    let page = &doc.pages[0];
    let verticals: Vec<_> = page
        .segments
        .iter()
        .filter(|s| s.axis == Axis::Vertical)
        .collect();
    let horizontals = page.segments.len() - verticals.len();
    assert!(horizontals >= 10, "{horizontals} horizontal rulings");
    assert!(
        verticals.len() >= 10,
        "{} vertical rulings",
        verticals.len()
    );
    // Borders are thin filled rectangles: each ruling is well under 2pt wide.
    assert!(page.segments.iter().all(|s| s.width > 0.0 && s.width < 2.0));
    // Each header cell's text sits between two vertical rulings that span its height.
    for header in ["事業名等", "概要", "ＫＰＩ実績"] {
        let first = header.chars().next().map(String::from).unwrap_or_default();
        let last = header.chars().last().map(String::from).unwrap_or_default();
        let start = page
            .glyphs
            .iter()
            .position(|g| g.text == first && stream_text_from(page, g).starts_with(header))
            .unwrap_or_else(|| panic!("no header {header}"));
        let left = page.glyphs[start].bbox;
        let right = page.glyphs[start..]
            .iter()
            .find(|g| g.text == last)
            .map(|g| g.bbox)
            .unwrap_or(left);
        let y = (left.y0 + left.y1) / 2.0;
        let spans = |s: &&&kpi_extract::model::Segment| s.from <= y && s.to >= y;
        assert!(
            verticals.iter().filter(spans).any(|s| s.at < left.x0),
            "no ruling left of {header}"
        );
        assert!(
            verticals.iter().filter(spans).any(|s| s.at > right.x1),
            "no ruling right of {header}"
        );
    }
    // The header shading (wide filled rectangles) is not a ruling.
    assert!(page.segments.iter().all(|s| s.width < 2.0));
}

/// Text of the glyphs from `start` on, whitespace removed.
fn stream_text_from(page: &Page, start: &kpi_extract::model::Glyph) -> String {
    let i = page
        .glyphs
        .iter()
        .position(|g| std::ptr::eq(g, start))
        .unwrap_or(0);
    page.glyphs[i..]
        .iter()
        .take(12)
        .map(|g| g.text.as_str())
        .collect()
}
