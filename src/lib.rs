//! kpi-extract: Japanese municipal KPI progress reports (PDF) to validated data.
//!
//! The pipeline is a chain of stages, one module each:
//!
//! 1. [`pdf`]: bytes → pages of glyphs with positions and ruling segments ([`pdf::open`])
//! 2. [`layout`]: pages, one by one → [`model::Layout`] (lines, tables with merged cells,
//!    headings)
//! 3. [`normalize`]: text, labels, era years and quantities (pure helpers)
//! 4. [`records`]: → [`model::Extraction`] (document tree and flat KPI records)
//! 5. [`output`]: validated JSON, JSONL, CSV, manifest and datapackage, written atomically
//!
//! [`pipeline`] wires the stages for one file; [`batch`] turns many files into a data
//! directory (what `kpi-extract extract` does); [`diff`] compares two editions' outputs.
//! The output contract is `schemas/records.md`.
//!
//! One report's records:
//!
//! ```no_run
//! use kpi_extract::pipeline::{self, PipelineOptions};
//!
//! let bytes = std::fs::read("report.pdf")?;
//! let extraction = pipeline::run(&bytes, "report", &PipelineOptions::default())?;
//! for kpi in &extraction.kpis {
//!     println!("{:?}: {:?}", kpi.indicator, kpi.target.as_ref().map(|q| &q.text));
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A whole data directory (manifest.json, datapackage.json, one folder per document):
//!
//! ```no_run
//! use kpi_extract::batch::{self, BatchOptions};
//!
//! let options = BatchOptions { out_dir: "data".into(), ..BatchOptions::default() };
//! let outcome = batch::run(&batch::find_inputs(&["reports".into()]), &options, &|_| {})?;
//! assert_eq!(outcome.manifest.summary.failed, 0);
//! # Ok::<(), batch::BatchError>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod batch;
pub mod diff;
pub(crate) mod hash;
pub mod layout;
pub mod model;
pub mod normalize;
pub mod output;
pub mod pdf;
pub mod pipeline;
// records/mod.rs links its private submodules by name; left to the records stage's owner.
#[allow(rustdoc::private_intra_doc_links)]
pub mod records;
