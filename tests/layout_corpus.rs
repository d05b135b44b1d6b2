//! Layout over the whole shared corpus (`../shared/corpus`, skipped when absent): no panic,
//! bounded time, every cell position covered once, and a valid SVG for every page.

use std::time::Instant;

use kpi_extract::layout;
use kpi_extract::model::Block;
use kpi_extract::pipeline::{self, Keep, PipelineOptions};

#[test]
fn every_corpus_pdf_lays_out_with_valid_tables_and_svg() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipped: {} is not present", dir.display());
        return;
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")))
        .collect();
    files.sort();
    let options = PipelineOptions::default();
    let params = &options.layout;
    let (mut pages, mut tables) = (0, 0);
    let started = Instant::now();
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        // Stage 1 lays out each page as it decodes it: the time is of both stages.
        let t = Instant::now();
        let Ok(read) = pipeline::read(&bytes, &options, Keep::Pages) else {
            println!("{}: stage 1 error, skipped", path.display());
            continue;
        };
        let laid_out = read
            .lay_out(&options)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let took = t.elapsed();
        let (doc_pages, layout) = (laid_out.pages, laid_out.layout);
        assert!(
            took.as_secs() < 30,
            "{}: stages 1 and 2 took {took:?}",
            path.display()
        );
        for block in &layout.blocks {
            let Block::Table(table) = block else { continue };
            tables += 1;
            let area: usize = table.cells.iter().map(|c| c.rowspan * c.colspan).sum();
            assert_eq!(
                area,
                table.n_rows * table.n_cols,
                "{}: cells tile the grid",
                path.display()
            );
        }
        for page in &doc_pages {
            let svg = layout::svg::page_svg(page, &layout, params);
            if let Err(e) = roxmltree::Document::parse(&svg) {
                panic!("{} page {}: invalid SVG: {e}", path.display(), page.number);
            }
        }
        pages += doc_pages.len();
        println!(
            "{}: {} pages, stages 1 and 2 {took:?}",
            path.display(),
            doc_pages.len()
        );
    }
    println!(
        "{} files, {pages} pages, {tables} tables in {:?}",
        files.len(),
        started.elapsed()
    );
}
