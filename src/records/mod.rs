//! Stage 4: layout blocks to the document tree and flat KPI records.

use crate::model::{Extraction, Layout};

/// Builds the records of one document named `stem`.
pub fn build(layout: &Layout, stem: &str) -> Extraction {
    Extraction {
        document: stem.to_string(),
        title: layout.title.clone(),
        pages: layout.pages,
        goals: Vec::new(),
        footnotes: Vec::new(),
        page_errors: layout.page_errors.clone(),
        kpis: Vec::new(),
    }
}
