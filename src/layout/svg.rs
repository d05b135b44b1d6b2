//! One SVG per page: glyph boxes, ruling segments, detected cells and blocks.

use crate::model::{Layout, Page};

use super::Params;

/// Renders a page's overlay as an SVG document.
pub fn page_svg(page: &Page, _layout: &Layout, _params: &Params) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\"></svg>\n",
        page.width, page.height
    )
}
