//! Stage-by-stage timings on the bundled fixtures (`cargo bench --bench stages`).
//!
//! End-to-end ratios against `pdftotext` are measured by `benches/vs-pdftotext.sh`.

use criterion::{criterion_group, criterion_main, Criterion};
use kpi_extract::{layout, output, pdf, records};
use std::hint::black_box;

/// The allocator the binary uses, so that the timings are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const FIXTURES: &[&str] = &["kitakyushu-kpi-h28", "kitakyushu-kpi-h29"];

fn read_fixture(stem: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/{stem}.pdf", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn stages(c: &mut Criterion) {
    let options = pdf::Options::default();
    let params = layout::Params::default();
    for stem in FIXTURES {
        let bytes = read_fixture(stem);
        let Ok(doc) = pdf::extract(&bytes, &options) else {
            eprintln!("{stem}: stage 1 failed, skipping");
            continue;
        };
        let analysed = layout::analyze(&doc, &params);
        let extraction = records::build(&analysed, stem);
        let render_options = output::OutputOptions::default();
        let mut group = c.benchmark_group(*stem);
        group.sample_size(20);
        group.bench_function("1-pdf", |b| {
            b.iter(|| pdf::extract(black_box(&bytes), &options))
        });
        group.bench_function("2-layout", |b| {
            b.iter(|| layout::analyze(black_box(&doc), &params))
        });
        group.bench_function("4-records", |b| {
            b.iter(|| records::build(black_box(&analysed), stem))
        });
        group.bench_function("5-output", |b| {
            b.iter(|| output::render(black_box(&extraction), &render_options))
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
