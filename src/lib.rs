//! kpi-extract: Japanese municipal KPI progress reports (PDF) to validated data.
//!
//! The pipeline is a chain of pure stages, one module each:
//!
//! 1. [`pdf`]: bytes → [`model::PdfDocument`] (glyphs with positions, ruling segments)
//! 2. [`layout`]: → [`model::Layout`] (lines, tables with merged cells, headings)
//! 3. [`normalize`]: text, labels, era years and quantities (pure helpers)
//! 4. [`records`]: → [`model::Extraction`] (document tree and flat KPI records)
//! 5. [`output`]: validated JSON, JSONL, CSV, manifest and datapackage, written atomically
//!
//! [`pipeline`] runs the stages on one file; [`diff`] compares two editions' outputs.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod diff;
pub mod layout;
pub mod model;
pub mod normalize;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod records;
