//! Layout on the bundled PDFs (through the real stage 1): whole cells on the Kitakyushu
//! fixtures, merged cells on the camelot samples, a table joined over 15 pages, the SVG
//! overlay, and snapshots of the blocks.

use kpi_extract::layout::{self, Params};
use kpi_extract::model::{Block, Cell, Layout, Page, Table};
use kpi_extract::pipeline::{self, Keep, PipelineOptions};
use serde_json::{json, Value};
use unicode_normalization::UnicodeNormalization;

/// The pages and the layout, through the pipeline's own steps (as `extract` and `inspect`).
fn analyze(name: &str) -> (Vec<Page>, Layout) {
    let path = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    lay_out(&bytes, &path)
}

fn lay_out(bytes: &[u8], path: &str) -> (Vec<Page>, Layout) {
    let options = PipelineOptions::default();
    let laid_out = pipeline::read(bytes, &options, Keep::Pages)
        .and_then(|read| read.lay_out(&options))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    (laid_out.pages, laid_out.layout)
}

fn tables(layout: &Layout) -> Vec<&Table> {
    layout
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

fn cells(layout: &Layout) -> Vec<&Cell> {
    tables(layout).into_iter().flat_map(|t| &t.cells).collect()
}

/// Text for comparison: whitespace removed, NFKC, and the two code points where stage 1
/// and the expected file spell one character differently (wave dash U+301C vs U+FF5E;
/// the Kangxi-radical form 戶 vs 戸), which is not layout's concern.
fn fold(text: &str) -> String {
    text.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '〜' => '~',
            '戶' => '戸',
            c => c,
        })
        .collect()
}

fn find<'a>(cells: &[&'a Cell], needle: &str) -> &'a Cell {
    cells
        .iter()
        .find(|c| c.text.contains(needle))
        .copied()
        .unwrap_or_else(|| panic!("no cell with {needle:?}"))
}

/// Every program's name cell and summary cell come out whole: one cell whose text is the
/// expected name (with its 【department】 tag or status line, which records strip) and
/// one whose text is the expected summary.
fn check_programs_whole(stem: &str) {
    let (_, layout) = analyze(&format!("{stem}.pdf"));
    let path = format!(
        "{}/fixtures/{stem}.expected.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("expected json"))
            .expect("json");
    let texts: Vec<String> = cells(&layout).iter().map(|c| fold(&c.text)).collect();
    let programs = expected["programs"].as_array().expect("programs");
    let (mut names, mut summaries) = (0, 0);
    let mut misses = Vec::new();
    for p in programs {
        let name = fold(p["name"].as_str().unwrap_or_default());
        let extra: String = [&p["department"], &p["status"]]
            .iter()
            .filter_map(|v| v.as_str())
            .map(fold)
            .collect();
        let name_ok = texts.iter().any(|t| {
            t == &name
                || (t.starts_with(&name)
                    && !extra.is_empty()
                    && t.len() - name.len() >= extra.len()
                    && t[name.len()..]
                        .chars()
                        .filter(|c| !"【】".contains(*c))
                        .collect::<String>()
                        == extra)
        });
        let summary = fold(p["summary"].as_str().unwrap_or_default());
        let summary_ok = texts.contains(&summary);
        names += usize::from(name_ok);
        summaries += usize::from(summary_ok);
        if !name_ok || !summary_ok {
            misses.push(name);
        }
    }
    println!(
        "{stem}: names {names}/{n}, summaries {summaries}/{n}",
        n = programs.len()
    );
    assert_eq!(programs.len(), 27);
    assert_eq!((names, summaries), (27, 27), "missed: {misses:?}");
}

#[test]
fn h28_every_name_and_summary_is_one_whole_cell() {
    check_programs_whole("kitakyushu-kpi-h28");
}

#[test]
fn h29_every_name_and_summary_is_one_whole_cell() {
    check_programs_whole("kitakyushu-kpi-h29");
}

#[test]
fn a_kpi_cell_shared_by_two_programs_has_a_rowspan_over_both() {
    for stem in ["kitakyushu-kpi-h28", "kitakyushu-kpi-h29"] {
        let (_, layout) = analyze(&format!("{stem}.pdf"));
        let table = tables(&layout)
            .into_iter()
            .find(|t| {
                t.cells
                    .iter()
                    .any(|c| c.text.contains("宿泊者数、日帰り観光客数"))
            })
            .expect("the shared-KPI table");
        let all: Vec<&Cell> = table.cells.iter().collect();
        let kpi = find(&all, "宿泊者数、日帰り観光客数");
        let first = find(&all, "関門地域魅力向上事業");
        let second = find(&all, "関門海峡都市・観光まちびらき連携事業");
        assert_eq!((first.col, second.col), (0, 0));
        let kpi_rows = kpi.row..kpi.row + kpi.rowspan;
        assert!(kpi.rowspan >= 2, "{stem}: {kpi:?}");
        assert!(
            kpi_rows.contains(&first.row) && kpi_rows.contains(&second.row),
            "{stem}: the KPI cell spans both programs"
        );
    }
}

#[test]
fn a_two_kpi_cell_is_split_and_name_spans_all_year_rows() {
    let (_, layout) = analyze("kitakyushu-kpi-h28.pdf");
    let table = tables(&layout)
        .into_iter()
        .find(|t| {
            t.cells
                .iter()
                .any(|c| c.text.contains("大学、自治体、経済団体等"))
        })
        .expect("table");
    let all: Vec<&Cell> = table.cells.iter().collect();
    let name = find(&all, "大学、自治体、経済団体等との連携");
    let first_kpi = find(&all, "両市企業等へのインターンシップ");
    let second_kpi = find(&all, "まなびと JOB ステーションの利用");
    assert_eq!(name.rowspan, 4, "H27, H28 of each of two KPIs");
    assert_eq!((first_kpi.rowspan, second_kpi.rowspan), (2, 2));
    assert_eq!(second_kpi.row, first_kpi.row + 2);
    let years: Vec<&str> = all
        .iter()
        .filter(|c| c.col == 3 && (name.row..name.row + 4).contains(&c.row))
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(years, ["H27", "H28", "H27", "H28"]);
}

#[test]
fn a_row_cut_by_a_page_break_is_one_row_with_parts_on_both_pages() {
    let (_, layout) = analyze("kitakyushu-kpi-h28.pdf");
    let all = cells(&layout);
    // the H28 value of まなびとマイスター starts at the foot of page 1, ends on page 2
    let value = find(&all, "利用学生数：18,520");
    assert!(value.text.contains("マイスター5人"), "{:?}", value.text);
    let pages: Vec<u32> = value.parts.iter().map(|p| p.page).collect();
    assert_eq!(pages, [1, 2]);
    let table = tables(&layout)
        .into_iter()
        .find(|t| {
            t.cells
                .iter()
                .any(|c| c.text.contains("利用学生数：18,520"))
        })
        .expect("table");
    let headers = table.cells.iter().filter(|c| c.text == "事業名等").count();
    assert_eq!(
        (headers, table.header_rows),
        (1, 1),
        "repeated header dropped"
    );
}

#[test]
fn camelot_row_span_cells_have_their_spans() {
    let (_, layout) = analyze("corpus/camelot-row-span.pdf");
    let all = cells(&layout);
    let span = |t: &str| {
        let c = find(&all, t);
        (c.rowspan, c.colspan)
    };
    assert_eq!(span("GMC"), (10, 1));
    assert_eq!(span("Sacramento"), (4, 1));
    assert_eq!(span("San Diego"), (5, 1));
    assert_eq!(span("COHS"), (23, 1));
    assert_eq!(span("Partnership Health Plan of CA"), (14, 1));
    assert_eq!(span("Total GMC Enrollment"), (1, 2));
}

#[test]
fn camelot_column_span_cells_have_their_spans() {
    let (_, layout) = analyze("corpus/camelot-column-span.pdf");
    let all = cells(&layout);
    let span = |t: &str| {
        let c = find(&all, t);
        (c.rowspan, c.colspan)
    };
    assert_eq!(span("All the available individuals"), (3, 5));
    assert_eq!(span("All the individuals partaking meals"), (1, 5));
    assert_eq!(span("Blood Pressure"), (2, 1));
    assert_eq!(span("10%"), (2, 1));
}

#[test]
fn warn_report_pages_join_into_one_table_with_the_header_once() {
    let (pages, layout) = analyze("corpus/plumber-warn-report.pdf");
    assert_eq!(pages.len(), 16);
    let ts = tables(&layout);
    let main = ts
        .iter()
        .find(|t| t.cells.iter().any(|c| c.text == "Notice Date"))
        .expect("main table");
    assert_eq!(main.pages, (1..=15).collect::<Vec<u32>>());
    assert_eq!(main.header_rows, 1);
    let headers = main
        .cells
        .iter()
        .filter(|c| c.text == "Notice Date")
        .count();
    assert_eq!(headers, 1);
    // one data row per notice: every row has a date in its first column
    let dated = main
        .cells
        .iter()
        .filter(|c| c.col == 0 && c.row > 0 && c.text.len() == 10 && c.text.contains('/'))
        .count();
    assert_eq!(dated, main.n_rows - 1);
    // the monthly summary after it is its own table, continued on page 16
    let summary = ts
        .iter()
        .find(|t| t.cells.iter().any(|c| c.text == "Summary by Month"))
        .expect("summary table");
    assert_eq!(summary.pages, [15, 16]);
    assert_eq!(ts.len(), 2);
}

#[test]
fn svg_overlay_is_valid_xml_with_one_rect_per_cell() {
    let (pages, layout) = analyze("kitakyushu-kpi-h28.pdf");
    let params = Params::default();
    for page in &pages {
        let svg = layout::svg::page_svg(page, &layout, &params);
        let xml = roxmltree::Document::parse(&svg)
            .unwrap_or_else(|e| panic!("page {}: {e}", page.number));
        let rects = |class: &str| {
            xml.descendants()
                .filter(|n| n.has_tag_name("rect") && n.attribute("class") == Some(class))
                .count()
        };
        let expected_cells = cells(&layout)
            .iter()
            .flat_map(|c| &c.parts)
            .filter(|p| p.page == page.number)
            .count();
        assert!(expected_cells > 0, "page {} has cells", page.number);
        assert_eq!(rects("cell"), expected_cells, "page {}", page.number);
        assert_eq!(rects("glyph"), page.glyphs.len());
        let titled = xml
            .descendants()
            .filter(|n| n.attribute("class") == Some("cell"))
            .all(|n| {
                n.attribute("data-rowspan").is_some()
                    && n.children().any(|c| c.has_tag_name("title"))
            });
        assert!(titled);
    }
}

/// Blocks in a compact, reviewable form: text blocks with kind, page and text; tables with
/// their shape and non-empty cells as `[row, col, rowspan, colspan, text]`.
fn compact(layout: &Layout) -> Value {
    let blocks: Vec<Value> = layout
        .blocks
        .iter()
        .map(|b| match b {
            Block::Text(t) => json!({"kind": t.kind, "page": t.page, "text": t.text}),
            Block::Table(t) => json!({
                "table": {"pages": t.pages, "rows": t.n_rows, "cols": t.n_cols, "header_rows": t.header_rows},
                "cells": t.cells.iter().filter(|c| !c.text.is_empty())
                    .map(|c| json!([c.row, c.col, c.rowspan, c.colspan, c.text]))
                    .collect::<Vec<_>>(),
            }),
            Block::Figure(f) => json!({"figure": {"page": f.page, "reason": f.reason}}),
        })
        .collect();
    json!(blocks)
}

#[test]
fn snapshots_of_blocks() {
    for (snapshot, file) in [
        ("h28_blocks", "kitakyushu-kpi-h28.pdf"),
        ("h29_blocks", "kitakyushu-kpi-h29.pdf"),
        ("camelot_row_span_blocks", "corpus/camelot-row-span.pdf"),
        (
            "camelot_column_span_blocks",
            "corpus/camelot-column-span.pdf",
        ),
        (
            "plumber_senate_expenditures_blocks",
            "corpus/plumber-senate-expenditures.pdf",
        ),
        (
            "plumber_cn_landuse_blocks",
            "corpus/plumber-cn-landuse-table.pdf",
        ),
        (
            "plumber_nics_checks_blocks",
            "corpus/plumber-nics-checks.pdf",
        ),
    ] {
        let (_, layout) = analyze(file);
        insta::assert_json_snapshot!(snapshot, compact(&layout));
    }
}

#[test]
fn the_svg_overlay_outlines_each_record_and_labels_cells() {
    let (pages, layout) = analyze("kitakyushu-kpi-h28.pdf");
    let extraction = kpi_extract::records::build(&layout, "kitakyushu-kpi-h28");
    let page = &pages[1];
    let svg = layout::svg::page_svg_with(page, &layout, Some(&extraction), &Params::default());
    let on_page = extraction
        .kpis
        .iter()
        .filter(|k| k.source.page == page.number)
        .count();
    assert!(on_page > 0);
    assert_eq!(svg.matches(r#"class="record""#).count(), on_page);
    assert!(svg.contains(r#"class="cell-index""#) && svg.contains(r#"class="cell-text""#));
    assert!(svg.contains(r#"<g class="legend""#) && svg.contains("KPI record"));
    // without records: no outline, no record legend
    let plain = layout::svg::page_svg(page, &layout, &Params::default());
    assert!(!plain.contains(r#"class="record""#) && !plain.contains("KPI record"));
}

/// The text of one page of a `../shared/family` file, whitespace removed, or `None`
/// (skipped) when the shared folder is absent.
fn family_page_text(path: &str, page: u32) -> Option<String> {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/family")
        .join(path);
    let Ok(bytes) = std::fs::read(&file) else {
        println!("skipped: {} is absent", file.display());
        return None;
    };
    let (pages, _) = lay_out(&bytes, &file.display().to_string());
    let p = pages.iter().find(|p| p.number == page)?;
    let text: String = layout::page_lines(p, &Params::default())
        .into_iter()
        .map(|l| l.text)
        .collect();
    Some(text.chars().filter(|c| !c.is_whitespace()).collect())
}

#[test]
fn newsletter_columns_give_their_sentences_whole() {
    let cases = [
        (
            "real/otoineppu-kouhou-kpi-2020-11.pdf",
            6,
            "本村では、平成26年に閣議決定された「まち・ひと・しごと創生総合戦略」に沿い、平成27年12月に第１期の",
        ),
        (
            "real/otoineppu-kouhou-kpi-2025-09.pdf",
            4,
            "◆猛暑での寮生活や作品の制作活動への影響を避けるため、エアコンの設置を検討していただきたい。",
        ),
        (
            "dev/sakura-sample-f-chromium.pdf",
            1,
            "地域産業の競争力強化と創業の支援に向けて、関係機関や地域の皆さんと連携しながら、次の取組を進めます。",
        ),
        (
            "dev/sakura-sample-f-writer.pdf",
            1,
            "農業の振興と担い手の確保に取り組み、市民の皆さんが実感できる成果につなげます。",
        ),
    ];
    for (path, page, sentence) in cases {
        let Some(text) = family_page_text(path, page) else {
            return;
        };
        assert!(text.contains(sentence), "{path} p.{page}: {text}");
    }
}

/// The layout of a `../shared/family` file, or `None` (skipped) when it is absent.
fn family_layout(path: &str) -> Option<Layout> {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/family")
        .join(path);
    let Ok(bytes) = std::fs::read(&file) else {
        println!("skipped: {} is absent", file.display());
        return None;
    };
    Some(lay_out(&bytes, &file.display().to_string()).1)
}

#[test]
fn charts_and_caption_frames_are_figures_and_the_strategy_overview_one_table() {
    let on_page = |layout: &Layout, page: u32| -> (usize, usize) {
        let t = tables(layout)
            .iter()
            .filter(|t| t.pages.contains(&page))
            .count();
        let f = layout
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Figure(f) if f.page == page))
            .count();
        (t, f)
    };
    let Some(takamatsu) = family_layout("near-miss/takamatsu-manzoku-r6.pdf") else {
        return;
    };
    for page in [13, 14] {
        let (t, f) = on_page(&takamatsu, page);
        assert_eq!(t, 0, "Takamatsu p.{page}");
        assert!(f >= 1, "Takamatsu p.{page}");
    }
    let Some(newsletter) = family_layout("real/otoineppu-kouhou-kpi-2020-11.pdf") else {
        return;
    };
    assert_eq!(on_page(&newsletter, 3), (0, 1), "caption frames");
    let Some(strategy) = family_layout("real/otoineppu-sogosenryaku-2015.pdf") else {
        return;
    };
    let overview: Vec<&Table> = tables(&strategy)
        .into_iter()
        .filter(|t| t.pages == [10])
        .collect();
    assert_eq!(overview.len(), 1);
    assert_eq!((overview[0].n_rows, overview[0].n_cols), (5, 3));
    assert!(overview[0]
        .cells
        .iter()
        .any(|c| c.row == 0 && c.text.contains("具体的な施策")));
}
