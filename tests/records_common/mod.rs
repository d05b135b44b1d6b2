//! Hand-built layouts for the records tests: tables from cell specs, the build on them, and
//! what the tests read back from a record.

#![allow(dead_code)]

use kpi_extract::model::{Block, Cell, Extraction, KpiRecord, Layout, Placement, Rect, Table};
use kpi_extract::records;

/// One cell: `(row, col, rowspan, colspan, text)`.
pub type Spec<'a> = (usize, usize, usize, usize, &'a str);

/// A table from cell specs, 20 pt rows and 60 pt columns on page 1.
pub fn table(n_rows: usize, n_cols: usize, header_rows: usize, cells: &[Spec]) -> Block {
    let cells = cells
        .iter()
        .map(|&(row, col, rowspan, colspan, text)| Cell {
            row,
            col,
            rowspan,
            colspan,
            text: text.to_string(),
            lines: text.split('\n').map(str::to_string).collect(),
            parts: vec![Placement {
                page: 1,
                bbox: Rect::new(
                    col as f64 * 60.0,
                    row as f64 * 20.0,
                    (col + colspan) as f64 * 60.0,
                    (row + rowspan) as f64 * 20.0,
                ),
            }],
        })
        .collect();
    Block::Table(Table {
        n_rows,
        n_cols,
        header_rows,
        cells,
        pages: vec![1],
    })
}

/// The records of a one-page document `stem` made of `blocks`.
pub fn build_as(blocks: Vec<Block>, stem: &str) -> Extraction {
    let layout = Layout {
        blocks,
        pages: 1,
        title: None,
        page_errors: Vec::new(),
    };
    records::build(&layout, stem)
}

/// The record of `indicator`; panics with all records when there is none.
pub fn by_indicator<'a>(x: &'a Extraction, indicator: &str) -> &'a KpiRecord {
    x.kpis
        .iter()
        .find(|k| k.indicator.as_deref() == Some(indicator))
        .unwrap_or_else(|| panic!("no record for {indicator}: {:#?}", x.kpis))
}

/// (start year, value) of each actual.
pub fn actuals(k: &KpiRecord) -> Vec<(Option<i32>, Option<f64>)> {
    k.actuals
        .iter()
        .map(|a| (a.period.start, a.value.value))
        .collect()
}
