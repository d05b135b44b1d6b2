//! Stage 2: glyphs and rulings to lines, tables (with merged cells, joined across pages)
//! and text blocks in reading order.
//!
//! Per page: rulings → grids (`grid`), glyphs → cells by centre (`cells`), the other
//! glyphs → lines (`lines`) → blocks (`blocks`) after running headers and footers are
//! dropped. Across pages: a table that opens a page continues the table that closed the
//! previous one when it repeats its header or has its columns (`continuation`).

use crate::model::{Block, Figure, Layout, Page, PageError, PdfDocument, Rect, TextBlock};

pub(crate) mod blocks;
pub(crate) mod cells;
pub(crate) mod columns;
pub(crate) mod continuation;
pub(crate) mod figures;
pub(crate) mod grid;
pub(crate) mod headers;
pub(crate) mod lines;
pub(crate) mod stack;
pub mod svg;
// `Space::None` is matched but never built: left for the layout's owner to settle.
#[allow(dead_code)]
pub(crate) mod text;

pub use lines::page_lines;

use blocks::PageLines;
use cells::PageTable;
use continuation::TableBuild;

/// Tolerances of the layout analysis, in points unless said otherwise (named after
/// pdfplumber's `table_settings` where they mean the same).
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Rulings whose positions differ by at most this are snapped to one line.
    pub snap_tolerance: f64,
    /// Collinear rulings with a gap of at most this are joined.
    pub join_tolerance: f64,
    /// How far a ruling may fall short of another and still meet it.
    pub intersection_tolerance: f64,
    /// Joined rulings shorter than this are ignored (hatching, tick marks).
    pub min_edge_length: f64,
    /// Share (0–1) of a cell side that rulings must cover to separate two cells.
    pub min_border_coverage: f64,
    /// Budget of segment pairs tested for intersection on one page; beyond it the page's
    /// rulings are treated as a drawing, not a table.
    pub max_intersections: usize,
    /// Largest grid (rows × columns) accepted as a table.
    pub max_grid_cells: usize,
    /// Glyphs whose centres differ by at most this × font size (across the line) share a
    /// line.
    pub line_tolerance: f64,
    /// A gap wider than this × font size between Latin glyphs is a word space.
    pub word_gap: f64,
    /// Outside tables, a gap wider than this × font size splits a baseline into lines.
    pub line_split_gap: f64,
    /// A gap between lines wider than this × font size is a paragraph break.
    pub paragraph_gap: f64,
    /// A line ending within this × font size of the text's right edge is wrapped, so the
    /// next line continues its block.
    pub wrap_slack: f64,
    /// Share (0–1) of the page height at the top and at the bottom where running headers,
    /// footers and page numbers are looked for.
    pub margin_band: f64,
    /// How far apart (points) a running header may be on two pages and still be the same.
    pub running_line_tolerance: f64,
    /// A column gutter is at least this × the body font size wide (Latin word spaces are
    /// about 0.3, gutters 1.5–3).
    pub min_gutter_width: f64,
    /// Share (0–1) of the text height that may cross a column gutter (full-width titles,
    /// captions and wide tables above, between or below the columns).
    pub max_gutter_crossing: f64,
    /// Fewest lines on each side of a gutter for the two sides to be columns.
    pub min_column_lines: usize,
    /// Share (0–1) of a column's lines that reach its gutter side (justified text does; a
    /// ragged list of labels does not).
    pub column_alignment: f64,
    /// How far (× font size) from the gutter a line may end (or start) and still reach it.
    pub column_align_slack: f64,
    /// Narrowest column (× font size): a strip of page numbers or labels beside a list is
    /// not a column.
    pub min_column_width: f64,
    /// Fewest cells for the "mostly empty" figure test (a small table may be sparse).
    pub figure_min_cells: usize,
    /// Share (0–1) of empty cells from which a grid of many cells is a chart or form.
    pub figure_empty_share: f64,
    /// Widest gap (× font size) between two texts on either side of a ruling for them to
    /// be one run cut by it (cell padding keeps a table's texts further apart).
    pub figure_touch_gap: f64,
    /// Text runs cut by rulings from which a grid is a drawing under text.
    pub figure_min_crossing_runs: usize,
    /// ... and their least share (0–1) of the cells with text (a header word cut once in a
    /// big table is a drawing fault, not a chart).
    pub figure_crossing_share: f64,
    /// Rows or columns thinner than this × font size are slivers between drawn shapes.
    pub figure_sliver: f64,
    /// Slivers from which a grid is a chart (a table may have one or two thin spacers).
    pub figure_min_slivers: usize,
    /// Fewest lines in every cell of a one-row grid for it to be text frames.
    pub frame_min_lines: usize,
    /// Widest empty gap (points) between two grids with the same columns that are one
    /// table drawn in pieces.
    pub max_stack_gap: f64,
    /// Highest header band (× its text size) above a grid that becomes its first row.
    pub max_header_band: f64,
    /// A line at least this × the body text's size, alone on its baseline, is a heading
    /// by its look (a goal banner printed large without a label).
    pub heading_size_ratio: f64,
    /// Most lines of a heading found by its look (a banner may wrap once).
    pub heading_max_lines: usize,
    /// Lines whose sizes differ by more than this share of the larger do not join one
    /// block (a heading over its paragraph).
    pub block_size_change: f64,
    /// How far (× font size) a line may reach up into the line above and still follow it
    /// in one block (tall glyphs, tight leading).
    pub block_line_overlap: f64,
    /// Share (0–1) of a glyph's height, from its top, probed for its cell when its centre
    /// lies in none (text overflowing a row cut short by a page break).
    pub cell_overflow_probe: f64,
    /// Narrowest gap (× font size) between header texts on either side of a column
    /// boundary: text closer than this runs over the boundary (a caption, not a header).
    pub header_cell_gap: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            snap_tolerance: 3.0,
            join_tolerance: 3.0,
            intersection_tolerance: 3.0,
            min_edge_length: 3.0,
            min_border_coverage: 0.6,
            max_intersections: 2_000_000,
            max_grid_cells: 40_000,
            line_tolerance: 0.35,
            word_gap: 0.2,
            line_split_gap: 4.0,
            paragraph_gap: 0.8,
            wrap_slack: 2.0,
            margin_band: 0.1,
            running_line_tolerance: 4.0,
            min_gutter_width: 1.0,
            max_gutter_crossing: 0.25,
            min_column_lines: 3,
            column_alignment: 0.25,
            column_align_slack: 1.5,
            min_column_width: 8.0,
            figure_min_cells: 12,
            figure_empty_share: 0.75,
            figure_touch_gap: 0.15,
            figure_min_crossing_runs: 3,
            figure_crossing_share: 0.05,
            figure_sliver: 0.6,
            figure_min_slivers: 3,
            frame_min_lines: 3,
            max_stack_gap: 8.0,
            max_header_band: 3.0,
            header_cell_gap: 0.5,
            block_size_change: 0.15,
            block_line_overlap: 0.3,
            cell_overflow_probe: 0.25,
            heading_size_ratio: 1.3,
            heading_max_lines: 2,
        }
    }
}

/// One page laid out on its own: its tables and the lines outside them, before tables
/// are joined across pages ([`read_page`], then [`assemble`]).
#[derive(Debug)]
pub struct PageParts {
    tables: Vec<PageTable>,
    /// The reading region of each table (see [`lines::Flow`]).
    table_regions: Vec<usize>,
    /// Grids that are charts or frames, with their reading regions.
    figures: Vec<(usize, Figure)>,
    text: PageLines,
    error: Option<PageError>,
}

/// A page's content before tables are joined across pages.
enum Item {
    Text(TextBlock),
    Table(PageTable),
    Figure(Figure),
}

impl Item {
    fn top(&self) -> (f64, f64) {
        match self {
            Item::Text(t) => (t.bbox.y0, t.bbox.x0),
            Item::Figure(f) => (f.bbox.y0, f.bbox.x0),
            Item::Table(t) => {
                let b = t.grid.bbox();
                (b.y0, b.x0)
            }
        }
    }
}

/// A block while the document is assembled.
enum Pending {
    Text(TextBlock),
    Figure(Figure),
    Table(Box<TableBuild>),
}

/// Lays out a whole document.
pub fn analyze(doc: &PdfDocument, params: &Params) -> Layout {
    let pages = doc.pages.iter().map(|p| read_page(p, params)).collect();
    assemble(pages, doc.title.clone(), params)
}

/// Lays out one page on its own; the page's glyphs are not needed afterwards.
pub fn read_page(page: &Page, params: &Params) -> PageParts {
    let grids = stack::page_grids(page, params);
    let (found, outside) = cells::page_tables(page, grids, params);
    let mut tables = Vec::new();
    let mut figures = Vec::new();
    for t in found {
        match figures::figure_reason(&t, params) {
            Some(reason) => figures.push(figures::to_figure(&t, reason, params)),
            None => tables.push(t),
        }
    }
    let boxes: Vec<Rect> = tables
        .iter()
        .map(|t| t.grid.bbox())
        .chain(figures.iter().map(|f| f.bbox))
        .collect();
    let flow = lines::flow_lines(&outside, &boxes, page.number, params);
    let (table_regions, figure_regions) = flow.fixed_region.split_at(tables.len());
    PageParts {
        figures: figure_regions.iter().copied().zip(figures).collect(),
        table_regions: table_regions.to_vec(),
        tables,
        text: PageLines {
            page: page.number,
            height: page.height,
            lines: flow.lines,
            regions: flow.line_region,
        },
        error: page.error.as_ref().map(|e| PageError {
            page: page.number,
            error: e.clone(),
        }),
    }
}

/// Joins the pages' parts in order: running headers and footers dropped, text blocks and
/// tables in reading order, tables continued across pages.
pub fn assemble(pages: Vec<PageParts>, title: Option<String>, params: &Params) -> Layout {
    let n_pages = u32::try_from(pages.len()).unwrap_or(u32::MAX);
    let mut page_errors = Vec::new();
    let mut tables = Vec::with_capacity(pages.len());
    let mut texts = Vec::with_capacity(pages.len());
    for parts in pages {
        page_errors.extend(parts.error);
        tables.push((parts.tables, parts.table_regions, parts.figures));
        texts.push(parts.text);
    }
    blocks::drop_running_lines(&mut texts, params);
    let body = blocks::body_size(texts.iter().flat_map(|t| &t.lines));
    let mut pending: Vec<Pending> = Vec::new();
    for ((page_tables, table_regions, page_figures), text) in tables.into_iter().zip(texts) {
        let region = |i: usize| table_regions.get(i).copied().unwrap_or(0);
        let mut items: Vec<(usize, Item)> =
            blocks::text_blocks(&text.lines, &text.regions, body, params)
                .into_iter()
                .map(|(r, t)| (r, Item::Text(t)))
                .chain(
                    page_tables
                        .into_iter()
                        .enumerate()
                        .map(|(i, t)| (region(i), Item::Table(t))),
                )
                .chain(page_figures.into_iter().map(|(r, f)| (r, Item::Figure(f))))
                .collect();
        // region by region (columns), top to bottom inside one
        items.sort_by(|(ra, a), (rb, b)| {
            let (ay, ax) = a.top();
            let (by, bx) = b.top();
            ra.cmp(rb).then(ay.total_cmp(&by)).then(ax.total_cmp(&bx))
        });
        let items: Vec<Item> = items.into_iter().map(|(_, item)| item).collect();
        let skip = repeated_captions(&pending, &items);
        for (i, item) in items.into_iter().enumerate().skip(skip) {
            push_item(&mut pending, item, i == skip, params);
        }
    }
    let blocks = pending
        .into_iter()
        .map(|p| match p {
            Pending::Text(t) => Block::Text(t),
            Pending::Figure(f) => Block::Figure(f),
            Pending::Table(t) => Block::Table(t.finish(params)),
        })
        .collect();
    Layout {
        blocks,
        pages: n_pages,
        title,
        page_errors,
    }
}

/// Appends a page item; a table that opens its page may continue the table that ended
/// the previous page.
fn push_item(pending: &mut Vec<Pending>, item: Item, first_on_page: bool, params: &Params) {
    match item {
        Item::Text(t) => pending.push(Pending::Text(t)),
        Item::Figure(f) => pending.push(Pending::Figure(f)),
        Item::Table(t) => {
            let previous = match pending.last_mut() {
                Some(Pending::Table(b)) if first_on_page && b.last_page() + 1 == t.page => Some(b),
                _ => None,
            };
            let t = match previous {
                Some(b) => match b.try_continue(t, params) {
                    Ok(()) => return,
                    Err(t) => t,
                },
                None => t,
            };
            let captions = trailing_texts(pending, t.page);
            pending.push(Pending::Table(Box::new(TableBuild::start(t, captions))));
        }
    }
}

/// Most text blocks taken as a table's caption (title, notes above it).
const MAX_CAPTIONS: usize = 3;

/// The texts of the text blocks right before a table on its page (its captions).
fn trailing_texts(pending: &[Pending], page: u32) -> Vec<String> {
    let mut out: Vec<String> = pending
        .iter()
        .rev()
        .map_while(|p| match p {
            Pending::Text(t) if t.page == page => Some(t.text.clone()),
            _ => None,
        })
        .take(MAX_CAPTIONS)
        .collect();
    out.reverse();
    out
}

/// How many first items of a page are the previous page's table captions printed again
/// above its continuation (a title repeated on every page of a long table): those are
/// dropped like a repeated header row, so the table still opens the page.
fn repeated_captions(pending: &[Pending], items: &[Item]) -> usize {
    let Some(Pending::Table(previous)) = pending.last() else {
        return 0;
    };
    let captions = previous.captions();
    let n = captions.len();
    if n == 0 || items.len() <= n {
        return 0;
    }
    let texts_match = items[..n].iter().zip(captions).all(|(item, caption)| {
        matches!(item, Item::Text(t) if &t.text == caption && t.page == previous.last_page() + 1)
    });
    if texts_match && matches!(items[n], Item::Table(_)) {
        n
    } else {
        0
    }
}
