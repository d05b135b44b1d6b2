//! What stage 1 keeps of what the interpreter drew: which stroked lines and filled
//! rectangles are ruling segments, and which glyphs are overprinted fake-bold copies.
//!
//! The interpreter reports every straight stroked edge, every axis-aligned filled
//! rectangle and every placed glyph; the [`Collector`] decides with the named tolerances of
//! [`CollectParams`] (in the spirit of pdfplumber's `table_settings`).
//!
//! This stage is the one owner of "how thick is a ruling" ([`CollectParams::max_fill_thickness`]
//! for filled bars, [`CollectParams::max_stroke_width`] for stroked lines): thickness is a fact
//! of the drawing that only stage 1 sees, so the layout receives rulings only and does not
//! judge widths again.

use rustc_hash::FxHashMap;

use crate::model::{Axis, Glyph, Rect, Segment};

/// Tolerances of the collector, in points unless said otherwise.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CollectParams {
    /// A filled rectangle is a ruling when its thinner side is at most this (default 2.0):
    /// table borders drawn as bars are 0.1–1.5 pt; anything thicker is a shaded cell or a box.
    pub max_fill_thickness: f64,
    /// A stroked line is a ruling when drawn at most this wide (default 6.0): wider strokes
    /// are bars of a chart or shading, not borders.
    pub max_stroke_width: f64,
    /// A stroked edge counts as horizontal (vertical) when its ends differ by at most this
    /// across the axis (default 0.5): producers' rounding, not a slope.
    pub max_line_skew: f64,
    /// ... and it runs at least this many times farther along the axis than across it
    /// (default 4.0).
    pub min_line_aspect: f64,
    /// ... and it is longer than this (default 0.01): a zero-length edge is a dot.
    pub min_line_length: f64,
    /// A glyph repeating the same text is an overprinted (fake-bold) copy when both corners
    /// lie within this × font size of the first one's (default 0.15) ...
    pub overprint_size_ratio: f64,
    /// ... that tolerance clamped to at least this (default 0.1) ...
    pub overprint_min: f64,
    /// ... and to at most this (default 1.0): real neighbours are never closer.
    pub overprint_max: f64,
    /// ... and the two font sizes differ by at most this (default 0.5).
    pub overprint_size_difference: f64,
}

impl Default for CollectParams {
    fn default() -> Self {
        CollectParams {
            max_fill_thickness: 2.0,
            max_stroke_width: 6.0,
            max_line_skew: 0.5,
            min_line_aspect: 4.0,
            min_line_length: 0.01,
            overprint_size_ratio: 0.15,
            overprint_min: 0.1,
            overprint_max: 1.0,
            overprint_size_difference: 0.5,
        }
    }
}

/// Keeps the glyphs and ruling segments of one page from what the interpreter drew.
#[derive(Debug, Default)]
pub(crate) struct Collector {
    params: CollectParams,
    glyphs: Vec<Glyph>,
    segments: Vec<Segment>,
    /// Glyphs kept so far by (text hash, x cell, y cell); Fx hashing: 4 probes per glyph.
    seen: FxHashMap<(u64, i64, i64), usize>,
}

impl Collector {
    /// A collector deciding with `params`.
    pub(crate) fn new(params: CollectParams) -> Collector {
        Collector {
            params,
            ..Collector::default()
        }
    }

    /// Glyphs kept so far.
    pub(crate) fn glyph_count(&self) -> usize {
        self.glyphs.len()
    }

    /// The page's glyphs (content-stream order) and ruling segments.
    pub(crate) fn finish(self) -> (Vec<Glyph>, Vec<Segment>) {
        (self.glyphs, self.segments)
    }

    /// A straight stroked edge from `a` to `b` (page space) drawn `width` wide.
    pub(crate) fn stroked_line(&mut self, a: (f64, f64), b: (f64, f64), width: f64) {
        let p = &self.params;
        // NaN widths (degenerate matrices) are kept, as the layout always did.
        if width > p.max_stroke_width {
            return;
        }
        let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
        // Straight along `run`: its drift across stays within the skew and the aspect.
        let straight = |run: f64, drift: f64| {
            drift <= p.max_line_skew && run >= p.min_line_aspect * drift && run > p.min_line_length
        };
        let segment = if straight(dx, dy) {
            segment_between(Axis::Horizontal, (a.0, b.0), (a.1, b.1), width)
        } else if straight(dy, dx) {
            segment_between(Axis::Vertical, (a.1, b.1), (a.0, b.0), width)
        } else {
            return;
        };
        if segment.at.is_finite() && segment.from.is_finite() && segment.to.is_finite() {
            self.segments.push(segment);
        }
    }

    /// An axis-aligned filled rectangle (page space).
    pub(crate) fn filled_rect(&mut self, rect: Rect) {
        let thin = self.params.max_fill_thickness;
        let (w, h) = (rect.width(), rect.height());
        let segment = if w <= thin && h <= thin {
            return; // a dot, not a ruling
        } else if h <= thin {
            segment_between(Axis::Horizontal, (rect.x0, rect.x1), (rect.y0, rect.y1), h)
        } else if w <= thin {
            segment_between(Axis::Vertical, (rect.y0, rect.y1), (rect.x0, rect.x1), w)
        } else {
            return; // shading or a box, not a ruling
        };
        self.segments.push(segment);
    }

    /// A placed glyph: kept unless the same text was just drawn at almost the same place
    /// (fake bold).
    ///
    /// Glyphs are filed by text and a grid cell of their corner twice the largest tolerance
    /// wide, so a duplicate lies in this cell or the neighbour on the near side of each axis.
    pub(crate) fn glyph(&mut self, glyph: Glyph) {
        let p = &self.params;
        let cell_size = 2.0 * p.overprint_max;
        let hash = crate::hash::fnv1a64(&glyph.text) ^ u64::from(glyph.invisible);
        let cell = |v: f64| (v / cell_size).floor() as i64;
        let near = |v: f64| {
            if v / cell_size - (v / cell_size).floor() < 0.5 {
                -1
            } else {
                1
            }
        };
        let (gx, gy) = (cell(glyph.bbox.x0), cell(glyph.bbox.y0));
        let (nx, ny) = (near(glyph.bbox.x0), near(glyph.bbox.y0));
        let tolerance =
            (glyph.size * p.overprint_size_ratio).clamp(p.overprint_min, p.overprint_max);
        for (dx, dy) in [(0, 0), (nx, 0), (0, ny), (nx, ny)] {
            if let Some(&i) = self.seen.get(&(hash, gx + dx, gy + dy)) {
                let other = &self.glyphs[i];
                if other.text == glyph.text
                    && (other.bbox.x0 - glyph.bbox.x0).abs() <= tolerance
                    && (other.bbox.y0 - glyph.bbox.y0).abs() <= tolerance
                    && (other.size - glyph.size).abs() <= p.overprint_size_difference
                {
                    return;
                }
            }
        }
        self.seen.insert((hash, gx, gy), self.glyphs.len());
        self.glyphs.push(glyph);
    }
}

/// The segment along `axis` from the ends' positions along it, placed at the middle of
/// their positions across it.
fn segment_between(axis: Axis, along: (f64, f64), across: (f64, f64), width: f64) -> Segment {
    Segment {
        axis,
        at: (across.0 + across.1) / 2.0,
        from: along.0.min(along.1),
        to: along.0.max(along.1),
        width,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::WritingMode;

    fn glyph(text: &str, x: f64, y: f64) -> Glyph {
        Glyph {
            text: text.into(),
            bbox: Rect {
                x0: x,
                y0: y,
                x1: x + 10.0,
                y1: y + 10.0,
            },
            size: 10.0,
            font: 0,
            mode: WritingMode::Horizontal,
            invisible: false,
        }
    }

    fn kept(points: &[(&str, f64, f64)]) -> Vec<(String, f64, f64)> {
        let mut collector = Collector::default();
        for &(t, x, y) in points {
            collector.glyph(glyph(t, x, y));
        }
        let (glyphs, _) = collector.finish();
        glyphs
            .iter()
            .map(|g| (g.text.to_string(), g.bbox.x0, g.bbox.y0))
            .collect()
    }

    fn segments(draw: impl FnOnce(&mut Collector)) -> Vec<Segment> {
        let mut collector = Collector::default();
        draw(&mut collector);
        collector.finish().1
    }

    #[test]
    fn fake_bold_copies_are_dropped_across_grid_cells() {
        // 1.9 and 2.3 straddle a cell edge; 5.6 and 6.4 too, in both axes.
        let out = kept(&[
            ("あ", 1.9, 50.0),
            ("あ", 2.3, 50.0),
            ("い", 5.6, 5.6),
            ("い", 6.4, 6.4),
            ("う", 20.0, 30.0),
            ("う", 19.2, 29.3),
        ]);
        assert_eq!(
            out,
            [
                ("あ".to_string(), 1.9, 50.0),
                ("い".to_string(), 5.6, 5.6),
                ("う".to_string(), 20.0, 30.0)
            ]
        );
    }

    #[test]
    fn the_same_text_elsewhere_or_other_text_in_place_is_kept() {
        let out = kept(&[("あ", 0.0, 0.0), ("あ", 1.6, 0.0), ("い", 0.2, 0.0)]);
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn overprint_offset_just_inside_or_outside_the_tolerance() {
        // Size 10: tolerance 0.15 × 10 = 1.5, clamped to overprint_max 1.0.
        assert_eq!(kept(&[("あ", 10.0, 10.0), ("あ", 10.99, 10.0)]).len(), 1);
        assert_eq!(kept(&[("あ", 10.0, 10.0), ("あ", 11.01, 10.0)]).len(), 2);
        assert_eq!(kept(&[("あ", 10.0, 10.0), ("あ", 10.0, 8.99)]).len(), 2);
        // A small glyph (size 2): tolerance 0.3.
        let mut collector = Collector::default();
        for x in [0.0, 0.29, 0.61] {
            let mut g = glyph("a", 40.0 + x, 40.0);
            g.size = 2.0;
            collector.glyph(g);
        }
        let xs: Vec<f64> = collector.finish().0.iter().map(|g| g.bbox.x0).collect();
        assert_eq!(xs, [40.0, 40.61]);
    }

    #[test]
    fn filled_bar_just_under_or_over_the_thickness_limit() {
        let bar = |h: f64| Rect::new(10.0, 100.0, 300.0, 100.0 + h);
        let got = segments(|c| {
            c.filled_rect(bar(1.99));
            c.filled_rect(bar(2.01));
        });
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].axis, Axis::Horizontal);
        assert!((got[0].width - 1.99).abs() < 1e-9);
        // A vertical bar, and a dot (both sides thin) that is no ruling.
        let got = segments(|c| {
            c.filled_rect(Rect::new(50.0, 0.0, 51.5, 200.0));
            c.filled_rect(Rect::new(0.0, 0.0, 1.0, 1.0));
        });
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].axis, Axis::Vertical);
    }

    #[test]
    fn stroke_just_under_or_over_the_width_limit() {
        let got = segments(|c| {
            c.stroked_line((0.0, 50.0), (100.0, 50.0), 5.99);
            c.stroked_line((0.0, 60.0), (100.0, 60.0), 6.01);
            c.stroked_line((0.0, 70.0), (100.0, 70.0), f64::NAN);
        });
        let ats: Vec<f64> = got.iter().map(|s| s.at).collect();
        assert_eq!(ats, [50.0, 70.0]);
    }

    #[test]
    fn a_sloped_or_stubby_stroke_is_no_ruling() {
        let got = segments(|c| {
            c.stroked_line((0.0, 0.0), (100.0, 0.49), 1.0); // within the skew
            c.stroked_line((0.0, 10.0), (100.0, 10.51), 1.0); // sloped
            c.stroked_line((0.0, 20.0), (1.9, 20.5), 1.0); // shorter than 4 × its skew
            c.stroked_line((5.0, 30.0), (5.0, 130.0), 1.0); // vertical
        });
        let axes: Vec<Axis> = got.iter().map(|s| s.axis).collect();
        assert_eq!(axes, [Axis::Horizontal, Axis::Vertical]);
    }
}
