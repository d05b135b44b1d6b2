//! Runs the stages on one file.

use crate::model::Extraction;
use crate::{layout, pdf, records};

/// Options of the whole pipeline.
#[derive(Debug, Clone, Default)]
pub struct PipelineOptions {
    /// Stage 1 options.
    pub pdf: pdf::Options,
    /// Stage 2 tolerances.
    pub layout: layout::Params,
}

/// Extracts the records of one PDF given as bytes.
pub fn run(
    bytes: &[u8],
    stem: &str,
    options: &PipelineOptions,
) -> Result<Extraction, pdf::PdfError> {
    let doc = pdf::extract(bytes, &options.pdf)?;
    let layout = layout::analyze(&doc, &options.layout);
    Ok(records::build(&layout, stem))
}
