//! The whole pipeline from arbitrary bytes: output or an error, never a panic, with
//! lowered limits and a time budget so that one input stays fast.
#![no_main]

use kpi_extract::pipeline::{self, PipelineOptions};
use libfuzzer_sys::fuzz_target;
use std::time::{Duration, Instant};

fuzz_target!(|data: &[u8]| {
    let mut options = PipelineOptions::default();
    let limits = &mut options.pdf.limits;
    limits.max_stream_bytes = 4 << 20;
    limits.max_document_bytes = 16 << 20;
    limits.max_objects = 100_000;
    limits.max_operators_per_page = 200_000;
    limits.max_glyphs_per_page = 100_000;
    options.pdf.deadline = Some(Instant::now() + Duration::from_secs(5));
    let _ = pipeline::run(data, "fuzz", &options);
});
