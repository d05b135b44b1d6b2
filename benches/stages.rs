//! Stage-by-stage timings on the bundled fixtures (`cargo bench --bench stages`), through
//! the pipeline's own steps, so the path timed is the path `extract` runs: stage 1 lays
//! out each page as it is decoded, then the pages are joined, then records are built.
//!
//! End-to-end ratios against `pdftotext` are measured by `benches/vs-pdftotext.sh`.

use criterion::{criterion_group, criterion_main, Criterion};
use kpi_extract::output;
use kpi_extract::pipeline::{self, Keep, PipelineOptions};
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
    let options = PipelineOptions::default();
    for stem in FIXTURES {
        let bytes = read_fixture(stem);
        let Ok(extraction) = pipeline::run(&bytes, stem, &options) else {
            eprintln!("{stem}: the pipeline failed, skipping");
            continue;
        };
        let render_options = output::OutputOptions::default();
        let mut group = c.benchmark_group(*stem);
        group.sample_size(20);
        group.bench_function("1-pdf+page-layout", |b| {
            b.iter(|| pipeline::read(black_box(&bytes), &options, Keep::Nothing))
        });
        group.bench_function("2-join-pages", |b| {
            b.iter_batched(
                || pipeline::read(&bytes, &options, Keep::Nothing),
                |read| read.map(|r| r.lay_out(&options)),
                criterion::BatchSize::LargeInput,
            )
        });
        let laid_out =
            pipeline::read(&bytes, &options, Keep::Nothing).and_then(|r| r.lay_out(&options));
        if let Ok(laid_out) = &laid_out {
            group.bench_function("4-records", |b| {
                b.iter(|| laid_out.records(black_box(stem)))
            });
        }
        group.bench_function("1-4-run", |b| {
            b.iter(|| pipeline::run(black_box(&bytes), stem, &options))
        });
        group.bench_function("5-output", |b| {
            b.iter(|| output::render(black_box(&extraction), &render_options))
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
