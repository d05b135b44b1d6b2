//! `kpis.xlsx` (`--format xlsx`): the run's tables as an Excel workbook with the sheets
//! `KPIs` (the columns of `kpis.csv`), `actuals` (those of `actuals.csv`) and `documents`
//! (one row per manifest entry). Numbers are stored as numbers and booleans as booleans,
//! so Excel sums and filters them without conversion; each sheet has its header row
//! frozen, an autofilter and column widths fitted to their content.
//!
//! The workbook is deterministic: its creation time is a fixed date (Excel shows it under
//! the file's properties) and the archive's entries carry no time stamp.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use serde_json::Value;

use super::csv::{self, Column, FieldType};
use super::tables::{self, RunData};
use super::OutputError;

/// The file name.
pub const FILE_NAME: &str = "kpis.xlsx";
/// The sheet of KPI records.
pub const KPI_SHEET: &str = "KPIs";
/// The sheet of actuals.
pub const ACTUAL_SHEET: &str = "actuals";
/// The sheet of inputs.
pub const DOCUMENT_SHEET: &str = "documents";

/// Longest text an Excel cell holds; longer text is cut (the JSON files keep it whole).
const EXCEL_MAX_CELL_CHARS: usize = 32_767;
/// Column widths in Excel's character units: narrow enough that a long summary does not
/// push the next column off screen, wide enough for a year or a label.
const MIN_COLUMN_WIDTH: f64 = 6.0;
const MAX_COLUMN_WIDTH: f64 = 50.0;
/// The creation time written into the workbook's properties (fixed for byte-identical
/// output).
const FIXED_CREATION_DATE: (u16, u8, u8) = (2000, 1, 1);

fn xlsx_error(e: XlsxError) -> OutputError {
    OutputError::Xlsx(e.to_string())
}

/// The workbook's bytes.
pub fn render(data: &RunData<'_>) -> Result<Vec<u8>, OutputError> {
    let mut workbook = Workbook::new();
    let (y, m, d) = FIXED_CREATION_DATE;
    let created = ExcelDateTime::from_ymd(y, m, d).map_err(xlsx_error)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let records: Vec<&Value> = data.records().collect();
    let actual_rows = data.actual_rows();
    let document_rows: Vec<Value> = data.entries.iter().map(tables::document_row).collect();
    let sheets: [(&str, Vec<Column>, Vec<&Value>); 3] = [
        (KPI_SHEET, csv::kpi_columns(), records),
        (
            ACTUAL_SHEET,
            csv::actual_columns(),
            actual_rows.iter().collect(),
        ),
        (
            DOCUMENT_SHEET,
            tables::document_columns(),
            document_rows.iter().collect(),
        ),
    ];
    for (name, columns, rows) in &sheets {
        let sheet = workbook.add_worksheet();
        fill_sheet(sheet, name, columns, rows).map_err(xlsx_error)?;
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

fn fill_sheet(
    sheet: &mut Worksheet,
    name: &str,
    columns: &[Column],
    rows: &[&Value],
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    let header = Format::new().set_bold();
    let mut widths: Vec<f64> = columns.iter().map(|c| display_width(&c.name)).collect();
    for (col, column) in (0u16..).zip(columns) {
        sheet.write_string_with_format(0, col, &column.name, &header)?;
    }
    for (row, record) in (1u32..).zip(rows) {
        for (col, column) in (0u16..).zip(columns) {
            let value = csv::cell(record, column);
            let width = write_cell(sheet, row, col, column.field_type, &value)?;
            let slot = &mut widths[usize::from(col)];
            *slot = slot.max(width);
        }
    }
    let last_col = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    for (col, width) in (0u16..).zip(widths) {
        // A little room for the autofilter's drop-down button.
        let fitted = (width + 2.0).clamp(MIN_COLUMN_WIDTH, MAX_COLUMN_WIDTH);
        sheet.set_column_width(col, fitted)?;
    }
    Ok(())
}

/// Writes one typed cell; returns the width its text needs. Null leaves the cell empty.
fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    field_type: FieldType,
    value: &Value,
) -> Result<f64, XlsxError> {
    match value {
        Value::Null => Ok(0.0),
        Value::Bool(b) => {
            sheet.write_boolean(row, col, *b)?;
            Ok(5.0)
        }
        Value::Number(n) if field_type != FieldType::String => {
            let number = n.as_f64().unwrap_or(0.0);
            sheet.write_number(row, col, number)?;
            Ok(display_width(&csv::format_value(value)))
        }
        other => {
            let text = csv::format_value(other);
            let text = cut_to_cell(&text);
            sheet.write_string(row, col, text)?;
            Ok(display_width(text))
        }
    }
}

/// The text cut to what one Excel cell holds.
fn cut_to_cell(text: &str) -> &str {
    match text.char_indices().nth(EXCEL_MAX_CELL_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// Width in Excel character units of the text's longest line: a CJK or full-width
/// character takes two, others one.
fn display_width(text: &str) -> f64 {
    text.lines()
        .map(|line| {
            line.chars()
                .map(|c| if is_wide(c) { 2.0 } else { 1.0 })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_wide_characters_twice() {
        assert_eq!(display_width("id"), 2.0);
        assert_eq!(display_width("北九州市"), 8.0);
        assert_eq!(display_width("ab\n北九州"), 6.0);
    }

    #[test]
    fn long_text_is_cut_to_a_cell() {
        let long = "あ".repeat(EXCEL_MAX_CELL_CHARS + 5);
        assert_eq!(cut_to_cell(&long).chars().count(), EXCEL_MAX_CELL_CHARS);
        assert_eq!(cut_to_cell("short"), "short");
    }
}
