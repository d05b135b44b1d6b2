//! Glyphs into lines (a first, simple grouping by baseline; refined by the layout work).

use crate::model::{Line, Page, Rect, WritingMode};

use super::Params;

/// Groups a page's visible glyphs into lines in reading order.
pub fn page_lines(page: &Page, _params: &Params) -> Vec<Line> {
    let mut glyphs: Vec<_> = page.glyphs.iter().filter(|g| !g.invisible).collect();
    glyphs.sort_by(|a, b| {
        a.bbox
            .y1
            .total_cmp(&b.bbox.y1)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    let mut rows: Vec<Vec<&crate::model::Glyph>> = Vec::new();
    for g in glyphs {
        let centre = g.bbox.center().1;
        match rows.last_mut() {
            Some(row)
                if row
                    .iter()
                    .any(|o| centre >= o.bbox.y0 && centre <= o.bbox.y1) =>
            {
                row.push(g)
            }
            _ => rows.push(vec![g]),
        }
    }
    rows.into_iter()
        .map(|mut row| {
            row.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
            let mut text = String::new();
            let mut bbox: Option<Rect> = None;
            for g in &row {
                if let Some(b) = bbox {
                    if g.bbox.x0 - b.x1 > g.size * 0.5 {
                        text.push(' ');
                    }
                }
                text.push_str(&g.text);
                bbox = Some(bbox.map_or(g.bbox, |b| b.union(&g.bbox)));
            }
            let mut sizes: Vec<f64> = row.iter().map(|g| g.size).collect();
            sizes.sort_by(f64::total_cmp);
            Line {
                page: page.number,
                text,
                bbox: bbox.unwrap_or_default(),
                size: sizes.get(sizes.len() / 2).copied().unwrap_or(0.0),
                mode: WritingMode::Horizontal,
            }
        })
        .collect()
}
