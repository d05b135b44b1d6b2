//! The data types that flow between the pipeline's stages, in one place.
//!
//! Each stage is a pure function from one of these types to the next:
//!
//! ```text
//! bytes --pdf--> PdfDocument --layout--> Layout --records--> Extraction --output--> files
//!                                  (normalize: text, labels, periods, quantities)
//! ```
//!
//! The record types at the end ([`KpiRecord`], [`Quantity`], [`Period`], …) are the
//! output contract of `spec/records.md`: their field names are fixed.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------
// Geometry
// ---------------------------------------------------------------------------

/// An axis-aligned rectangle in PDF points, origin at the top-left of the page
/// (y grows downwards), `x0 <= x1` and `y0 <= y1`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Rect {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl Rect {
    /// A rectangle from two corners in any order.
    pub fn new(xa: f64, ya: f64, xb: f64, yb: f64) -> Rect {
        Rect {
            x0: xa.min(xb),
            y0: ya.min(yb),
            x1: xa.max(xb),
            y1: ya.max(yb),
        }
    }
    /// Width (x1 - x0).
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    /// Height (y1 - y0).
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }
    /// The centre point.
    pub fn center(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }
    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }
    /// Whether the point lies inside (edges included).
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }
    /// `[x0, y0, x1, y1]`, the form used in records.
    pub fn to_array(&self) -> [f64; 4] {
        [self.x0, self.y0, self.x1, self.y1]
    }
}

// ---------------------------------------------------------------------------
// Stage 1: pdf -> PdfDocument
// ---------------------------------------------------------------------------

/// Writing direction of a glyph, from its font's writing mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WritingMode {
    /// Left to right, lines top to bottom.
    #[default]
    Horizontal,
    /// Top to bottom, columns right to left.
    Vertical,
}

/// One decoded glyph (or ligature) as drawn on a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Glyph {
    /// Unicode text of the glyph: one or more characters, U+FFFD when undecodable. Stored
    /// inline (no allocation up to 24 bytes): a page holds thousands of glyphs.
    pub text: CompactString,
    /// Bounding box in page space (points, top-left origin, after /Rotate).
    pub bbox: Rect,
    /// Font size after the text matrix and CTM (points).
    pub size: f64,
    /// Index into [`PdfDocument::fonts`].
    pub font: u32,
    /// Horizontal or vertical writing.
    pub mode: WritingMode,
    /// Drawn with text render mode 3 (invisible, e.g. an OCR layer).
    pub invisible: bool,
}

/// Orientation of a ruling segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Axis {
    /// Runs left to right; `at` is its y.
    Horizontal,
    /// Runs top to bottom; `at` is its x.
    Vertical,
}

/// A horizontal or vertical ruling line drawn on the page (a stroked path or a thin filled
/// rectangle), in page space with a top-left origin.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// Orientation.
    pub axis: Axis,
    /// y of a horizontal segment, x of a vertical one (the line's centre).
    pub at: f64,
    /// Start along the axis (smaller coordinate).
    pub from: f64,
    /// End along the axis (larger coordinate).
    pub to: f64,
    /// Rendered line width in points.
    pub width: f64,
}

/// A font used in the document, as stage 1 understood it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FontInfo {
    /// The /BaseFont name (decoded leniently).
    pub name: String,
    /// /Subtype (Type0, Type1, TrueType, Type3, …).
    pub subtype: String,
    /// The encoding or CMap name (`Identity-H`, `UniJIS-UCS2-HW-H`, `WinAnsiEncoding`, …).
    pub encoding: String,
    /// Whether a /ToUnicode CMap was present and used.
    pub has_to_unicode: bool,
    /// Whether the font is vertical (-V CMap).
    pub vertical: bool,
}

/// One page's content after interpretation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// Width of the effective (crop) box after /Rotate, in points.
    pub width: f64,
    /// Height of the effective (crop) box after /Rotate, in points.
    pub height: f64,
    /// The page's /Rotate (0, 90, 180, 270).
    pub rotate: i32,
    /// Glyphs in content-stream order.
    pub glyphs: Vec<Glyph>,
    /// Horizontal and vertical ruling segments.
    pub segments: Vec<Segment>,
    /// Non-fatal problems (undecodable codes, skipped operators, …).
    pub warnings: Vec<String>,
    /// Set when the page, or part of its text, could not be read (its content stream does
    /// not decode, or text is drawn with a font that is missing); what could be read is kept.
    pub error: Option<String>,
}

/// Stage 1 output: every page of a PDF, decoded.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PdfDocument {
    /// Pages in order.
    pub pages: Vec<Page>,
    /// Fonts referenced by [`Glyph::font`].
    pub fonts: Vec<FontInfo>,
    /// The /Info /Title, if any (normalised later).
    pub title: Option<String>,
    /// Document-level warnings.
    pub warnings: Vec<String>,
}

// ---------------------------------------------------------------------------
// Stage 2: layout -> Layout
// ---------------------------------------------------------------------------

/// A line of text: glyphs that share a baseline (or a column, for vertical text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// 1-based page number.
    pub page: u32,
    /// The line's text in reading order, spaces only where the spec wants them.
    pub text: String,
    /// Bounding box of its glyphs.
    pub bbox: Rect,
    /// Median font size of its glyphs.
    pub size: f64,
    /// Writing direction.
    pub mode: WritingMode,
}

/// The kind of a text block outside tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextKind {
    /// Starts with a heading mark (`Ⅰ`, `①`, `(i)`, `⇒`, `基本目標1`, `(1)`, …).
    Heading,
    /// A note starting with `※`.
    Note,
    /// Any other text.
    Paragraph,
}

/// A run of lines outside any table, joined into one text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextBlock {
    /// Heading, note or paragraph.
    pub kind: TextKind,
    /// The joined text (cell-text rules: no space between Japanese characters, `\n` before
    /// list items), not yet NFKC-normalised.
    pub text: String,
    /// 1-based page number.
    pub page: u32,
    /// Bounding box on that page.
    pub bbox: Rect,
    /// Median font size.
    pub size: f64,
}

/// Where part of a table cell lies on one page.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    /// 1-based page number.
    pub page: u32,
    /// The cell's box on that page.
    pub bbox: Rect,
}

/// One cell of a table grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// Row index of its top-left grid position (0-based, header rows included).
    pub row: usize,
    /// Column index of its top-left grid position (0-based).
    pub col: usize,
    /// Number of grid rows it spans (≥ 1).
    pub rowspan: usize,
    /// Number of grid columns it spans (≥ 1).
    pub colspan: usize,
    /// The joined text of the cell (see [`TextBlock::text`]).
    pub text: String,
    /// The cell's visual lines in reading order, as printed (before joining).
    pub lines: Vec<String>,
    /// Its box on each page it touches, in page order.
    pub parts: Vec<Placement>,
}

/// A ruled table, possibly continued over several pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Number of grid rows.
    pub n_rows: usize,
    /// Number of grid columns.
    pub n_cols: usize,
    /// How many of the first rows are the header.
    pub header_rows: usize,
    /// Cells sorted by (row, col); every grid position is covered by exactly one cell.
    pub cells: Vec<Cell>,
    /// Pages the table touches.
    pub pages: Vec<u32>,
}

/// One block of a document in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// Text outside tables.
    Text(TextBlock),
    /// A ruled table.
    Table(Table),
    /// A ruled or drawn region that is a chart, legend or form, not a data table: kept so
    /// `inspect` and the SVG can show it, never read as records.
    Figure(Figure),
}

/// A chart-like region (see [`Block::Figure`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// 1-based page number.
    pub page: u32,
    /// Its box on that page.
    pub bbox: Rect,
    /// Which test decided it is a figure, e.g. `mostly empty cells (38 of 43)`.
    pub reason: String,
    /// The text inside it, joined (axis labels, legends), for inspection.
    pub text: String,
}

/// Stage 2 output: the document as blocks in reading order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Layout {
    /// Blocks in reading order across all pages.
    pub blocks: Vec<Block>,
    /// Number of pages.
    pub pages: u32,
    /// Document title (from metadata), if any.
    pub title: Option<String>,
    /// Pages that failed in stage 1, with their error.
    pub page_errors: Vec<PageError>,
}

/// A page that could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageError {
    /// 1-based page number.
    pub page: u32,
    /// What went wrong.
    pub error: String,
}

// ---------------------------------------------------------------------------
// Stage 3 (normalize) results and the record contract (spec/records.md)
// ---------------------------------------------------------------------------

/// A printed heading: `Ⅰ`, `①`, `(i)`, `基本目標1`, `(1)` with its number and title.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Heading {
    /// The label as printed (after NFKC where it does not lose meaning), e.g. `Ⅰ`, `①`, `(i)`.
    pub label: String,
    /// The label's number (`①` → 1, `Ⅳ` → 4).
    pub number: u32,
    /// The heading's text after the label.
    pub title: String,
}

/// Japanese era names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Era {
    /// 明治 (1868).
    Meiji,
    /// 大正 (1912).
    Taisho,
    /// 昭和 (1926).
    Showa,
    /// 平成 (1989).
    Heisei,
    /// 令和 (2019).
    Reiwa,
}

/// A year, fiscal year, range of years or date as printed, with western years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// Normalised text, e.g. `H26年度`.
    pub text: String,
    /// The era of the (first) year, or null for a western year.
    pub era: Option<Era>,
    /// The year within the era (元年 = 1), null for a western year.
    pub era_year: Option<u32>,
    /// True for 年度 (fiscal year, April to March).
    pub fiscal: bool,
    /// First western year, null for an open start.
    pub start: Option<i32>,
    /// Last western year (equal to start for one year), null for an open end (`H30～`).
    pub end: Option<i32>,
    /// `YYYY-MM-DD` or `YYYY-MM` when a date is given.
    pub date: Option<String>,
}

/// Qualifier of a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// 累計.
    Cumulative,
    /// 以上.
    AtLeast,
    /// 以内, 以下.
    AtMost,
    /// 毎年度, /年.
    PerYear,
    /// 約 (about): the printed value is an approximation.
    Approximately,
}

/// Why a quantity has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueStatus {
    /// `－ - — ―`.
    NotAvailable,
    /// 調査中, 集計中.
    UnderSurvey,
    /// Prose, not a number.
    Text,
}

/// A value as printed and as a number with unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// Normalised text, e.g. `577人(H26年度)`.
    pub text: String,
    /// The scaled number (`15.3万人` → 153000), null when not certain.
    #[serde(serialize_with = "json_numbers::whole_as_integer")]
    pub value: Option<f64>,
    /// Base unit after scaling (`人`, `円`, `%`, `人/年度`, …).
    pub unit: Option<String>,
    /// cumulative, at_least, at_most, per_year.
    pub qualifier: Option<Qualifier>,
    /// Why there is no value; null when `value` is set.
    pub status: Option<ValueStatus>,
    /// The year the value refers to.
    pub period: Option<Period>,
}

/// Where in the document's hierarchy a KPI sits (spec/records.md, `level`). Records of
/// contract version 1 (which has no `level`) read back as `program`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// A 基本目標's own 数値目標.
    Goal,
    /// A 施策's (or 具体的な施策's) KPI.
    Policy,
    /// A 事業's KPI.
    #[default]
    Program,
}

/// The report's own judgement of a KPI's progress, as printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The evaluation text as printed, normalised (e.g. `達成率54.4% B`).
    pub text: String,
    /// The mark as printed: `A`…`E`, `◎`, `○`, `△`, `×`, `達成`, `未達成`, …; null when none.
    pub grade: Option<String>,
    /// 達成率 / 達成度 in percent; null when not printed.
    #[serde(serialize_with = "json_numbers::whole_as_integer")]
    pub rate: Option<f64>,
}

/// Something that looked like KPI material but gave no record (document.json
/// `diagnostics`): a table or a KPI-like text line, where it is and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// What was seen: `table`, `figure` or `line`.
    pub kind: String,
    /// 1-based page.
    pub page: u32,
    /// `[x0, y0, x1, y1]` on that page.
    pub bbox: [f64; 4],
    /// Why it gave no record, e.g. `no indicator column`, `chart-like grid`.
    pub reason: String,
}

/// The records stage's own account of a document (document.json `diagnostics`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Diagnostics {
    /// Tables (and figures) seen.
    pub tables_seen: u32,
    /// Tables that gave at least one record.
    pub tables_with_records: u32,
    /// KPI-like text lines seen outside tables.
    pub lines_seen: u32,
    /// KPI-like text lines that gave a record.
    pub lines_with_records: u32,
    /// The column roles chosen for every table read, so a wrong record can be traced.
    pub tables: Vec<TableColumns>,
    /// Every table, figure or KPI-like line that gave no record, with the reason.
    pub unread: Vec<Diagnostic>,
}

/// The role the records stage gave each column of one table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableColumns {
    /// 1-based page where the table starts.
    pub page: u32,
    /// The table's box on that page.
    pub bbox: [f64; 4],
    /// One entry per grid column: its role (`indicator`, `unit`, `baseline`, `target`,
    /// `actual:2020`, `grade`, `program`, `goal`, …) or null when unused.
    pub roles: Vec<Option<String>>,
    /// Records it gave.
    pub records: u32,
}

/// A program (事業): one table row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Program {
    /// The 事業名 cell without tags and status lines.
    pub name: String,
    /// The 【…】 tag without brackets.
    pub department: Option<String>,
    /// A status line such as 事業終了.
    pub status: Option<String>,
    /// The 概要 cell.
    pub summary: String,
}

/// One year's actual value of a KPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actual {
    /// The year label's period (`H27` → 2015).
    pub period: Period,
    /// The value.
    pub value: Quantity,
}

/// Where a record came from in the PDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// 1-based page where the row starts.
    pub page: u32,
    /// All pages the row spans.
    pub pages: Vec<u32>,
    /// `[x0, y0, x1, y1]` in points, origin top-left of the first page of the row.
    pub bbox: [f64; 4],
    /// Why this row may be incomplete, e.g. a page next to it could not be read; empty when
    /// nothing is known to be wrong.
    #[serde(default)]
    pub warnings: Vec<String>,
}

/// The flat KPI record, one line of `kpis.jsonl` (spec/records.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiRecord {
    /// Stable id from document, hierarchy, program and indicator.
    pub id: String,
    /// The document stem.
    pub document: String,
    /// 基本目標.
    pub goal: Option<Heading>,
    /// 施策.
    pub policy: Option<Heading>,
    /// Sub-policy such as `(i)`.
    pub subpolicy: Option<Heading>,
    /// The ⇒ measure, without the arrow.
    pub measure: Option<String>,
    /// Whether the KPI is a goal's 数値目標, a policy's KPI or a program's KPI.
    #[serde(default)]
    pub level: Level,
    /// The row's program; null for a goal's or a policy's own KPI.
    pub program: Option<Program>,
    /// What is measured; null for a program without KPI.
    pub indicator: Option<String>,
    /// A line qualifying all KPIs of the cell.
    pub scope: Option<String>,
    /// Value before ⇒.
    pub baseline: Option<Quantity>,
    /// Value after ⇒ (or the only value).
    pub target: Option<Quantity>,
    /// KPI実績 in year order.
    pub actuals: Vec<Actual>,
    /// The report's own judgement (grade, rate), when printed.
    pub evaluation: Option<Evaluation>,
    /// ※ notes and other non-value text of the KPI.
    pub notes: Vec<String>,
    /// Where it came from.
    pub source: Source,
}

/// A KPI inside the document tree (the flat record without the hierarchy).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiNode {
    /// Same id as the flat record.
    pub id: String,
    /// What is measured.
    pub indicator: Option<String>,
    /// Scope line.
    pub scope: Option<String>,
    /// Value before ⇒.
    pub baseline: Option<Quantity>,
    /// Value after ⇒.
    pub target: Option<Quantity>,
    /// Actuals in year order.
    pub actuals: Vec<Actual>,
    /// The report's own judgement, when printed.
    pub evaluation: Option<Evaluation>,
    /// Notes.
    pub notes: Vec<String>,
    /// Where it came from (goal and policy KPIs have no program row to carry it).
    pub source: Source,
}

/// A program inside the document tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramNode {
    /// Stable id of the program.
    pub id: String,
    /// Name, department, status, summary.
    #[serde(flatten)]
    pub program: Program,
    /// Its KPIs (possibly empty).
    pub kpis: Vec<KpiNode>,
    /// Where the row came from.
    pub source: Source,
}

/// A ⇒ measure with its programs, and the KPIs of the policy (or measure) itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureNode {
    /// The measure text without the arrow, null for programs under no measure.
    pub text: Option<String>,
    /// KPIs that belong to the policy (or to this measure) and to no program (`level`
    /// `policy`); they sit here, the deepest node of their context, so a policy with
    /// sub-policies or measures keeps each KPI next to what it measures.
    #[serde(default)]
    pub kpis: Vec<KpiNode>,
    /// Programs of the tables under it.
    pub programs: Vec<ProgramNode>,
}

/// A sub-policy `(i)` with its measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubpolicyNode {
    /// The heading, null for measures directly under the policy.
    pub heading: Option<Heading>,
    /// Measures under it.
    pub measures: Vec<MeasureNode>,
}

/// A policy `①` with its sub-policies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyNode {
    /// The heading, null when the document has none here.
    pub heading: Option<Heading>,
    /// Sub-policies (one with a null heading when there are none).
    pub subpolicies: Vec<SubpolicyNode>,
}

/// A goal `Ⅰ` with its policies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalNode {
    /// The heading, null when the document has none here.
    pub heading: Option<Heading>,
    /// The goal's own 数値目標 (`level` `goal`).
    #[serde(default)]
    pub kpis: Vec<KpiNode>,
    /// Policies under it.
    pub policies: Vec<PolicyNode>,
}

/// A note outside tables (`※ ＥＳＤ：…`), kept in `document.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Footnote {
    /// Normalised text.
    pub text: String,
    /// 1-based page.
    pub page: u32,
}

/// A grade legend printed with a table: what each mark means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Legend {
    /// 1-based page.
    pub page: u32,
    /// The legend as printed, normalised.
    pub text: String,
    /// Each mark with its meaning, in printed order (`A` → `目標を達成`).
    pub entries: Vec<LegendEntry>,
}

/// One mark of a [`Legend`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegendEntry {
    /// The mark as printed (`A`, `◎`).
    pub grade: String,
    /// What it means.
    pub meaning: String,
}

/// Stage 4 output for one document: the tree (`document.json`) and the flat records
/// (`kpis.jsonl`, `kpis.csv`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// The document stem.
    pub document: String,
    /// Title from the metadata or the first heading.
    pub title: Option<String>,
    /// Number of pages.
    pub pages: u32,
    /// goals > policies > subpolicies > measures > programs > kpis.
    pub goals: Vec<GoalNode>,
    /// Notes outside tables.
    pub footnotes: Vec<Footnote>,
    /// Pages that failed, with their error (the rest was still extracted).
    pub page_errors: Vec<PageError>,
    /// What was seen and what gave no record (spec: nothing dropped silently).
    #[serde(default)]
    pub diagnostics: Diagnostics,
    /// Document-level warnings (no KPI found, no text layer, …), also listed in the
    /// manifest's `inputs[].warnings`.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Grade legends printed under tables (`A：目標を達成`), kept here rather than in
    /// every record.
    #[serde(default)]
    pub legends: Vec<Legend>,
    /// The flat records (not serialised into `document.json`).
    #[serde(skip)]
    pub kpis: Vec<KpiRecord>,
}

/// Number formatting for JSON and CSV readers: whole values print as integers (`1500`, not
/// `1500.0`); they read back as the same f64.
mod json_numbers {
    use serde::Serializer;

    /// Largest integer that f64 holds exactly (2^53).
    const EXACT: f64 = 9_007_199_254_740_992.0;

    pub fn whole_as_integer<S: Serializer>(value: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) if v.fract() == 0.0 && v.abs() <= EXACT => s.serialize_i64(*v as i64),
            Some(v) => s.serialize_f64(*v),
            None => s.serialize_none(),
        }
    }
}
