//! Stage 1: a PDF's bytes to every page's glyphs and ruling segments.

pub mod cmap;
pub mod encoding;

use crate::model::PdfDocument;

/// Resource limits that keep hostile files bounded. Every limit can be raised by a flag.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Decompressed bytes of one stream.
    pub max_stream_bytes: usize,
    /// Decompressed bytes of all streams of a document.
    pub max_document_bytes: usize,
    /// Objects in one document.
    pub max_objects: usize,
    /// Content-stream operators on one page.
    pub max_operators_per_page: usize,
    /// Nesting depth of Form XObjects.
    pub max_form_depth: usize,
    /// Glyphs on one page.
    pub max_glyphs_per_page: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_stream_bytes: 256 << 20,
            max_document_bytes: 2 << 30,
            max_objects: 2_000_000,
            max_operators_per_page: 5_000_000,
            max_form_depth: 32,
            max_glyphs_per_page: 1_000_000,
        }
    }
}

/// Options for reading a PDF.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Password for encrypted files (the empty user password is always tried).
    pub password: Option<String>,
    /// Resource limits.
    pub limits: Limits,
    /// Stop with [`PdfError::Timeout`] once this instant has passed (checked between
    /// operators and pages), so one slow file cannot hold up a batch.
    pub deadline: Option<std::time::Instant>,
}

/// Why a PDF could not be read at all.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PdfError {
    /// Not a PDF, or damaged beyond repair.
    #[error("not a readable PDF: {0}")]
    Malformed(String),
    /// Encrypted and the password did not open it.
    #[error("encrypted, password required")]
    Encrypted,
    /// A resource limit was exceeded.
    #[error("limit exceeded: {0}")]
    Limit(String),
    /// The per-file time budget ran out.
    #[error("time budget exceeded")]
    Timeout,
}

/// Decodes every page of a PDF. A page that fails is returned with its `error` set.
pub fn extract(bytes: &[u8], options: &Options) -> Result<PdfDocument, PdfError> {
    let _ = (bytes, options);
    Err(PdfError::Malformed("stage 1 not implemented yet".into()))
}
