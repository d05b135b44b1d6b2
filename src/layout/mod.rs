//! Stage 2: glyphs and rulings to lines, tables (with merged cells, joined across pages)
//! and text blocks in reading order.

use crate::model::{Layout, PdfDocument};

/// Tolerances of the layout analysis, in points unless said otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Segments whose positions differ by at most this are snapped to one line.
    pub snap_tolerance: f64,
    /// Collinear segments with a gap of at most this are joined.
    pub join_tolerance: f64,
    /// How far a segment may fall short of another and still intersect it.
    pub intersection_tolerance: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            snap_tolerance: 3.0,
            join_tolerance: 3.0,
            intersection_tolerance: 3.0,
        }
    }
}

/// Lays out a whole document.
pub fn analyze(doc: &PdfDocument, params: &Params) -> Layout {
    let _ = params;
    Layout {
        blocks: Vec::new(),
        pages: doc.pages.len() as u32,
        title: doc.title.clone(),
        page_errors: Vec::new(),
    }
}

pub mod lines;
pub mod svg;

pub use lines::page_lines;
