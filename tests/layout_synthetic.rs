//! Layout on hand-made pages: merged cells, cell text, tables continued across pages,
//! running headers, headings, and bad input.

use kpi_extract::layout::{self, Params};
use kpi_extract::model::{
    Axis, Block, Glyph, Layout, Page, PdfDocument, Rect, Segment, Table, TextBlock, TextKind,
    WritingMode,
};

const SIZE: f64 = 10.0;

fn h(y: f64, x0: f64, x1: f64) -> Segment {
    Segment {
        axis: Axis::Horizontal,
        at: y,
        from: x0,
        to: x1,
        width: 0.75,
    }
}

fn v(x: f64, y0: f64, y1: f64) -> Segment {
    Segment {
        axis: Axis::Vertical,
        at: x,
        from: y0,
        to: y1,
        width: 0.75,
    }
}

/// Glyphs of `text` from (x, y), one full-width box per character (half width for ASCII,
/// spaces skipped like most producers do).
fn text_at(text: &str, x: f64, y: f64) -> Vec<Glyph> {
    let mut out = Vec::new();
    let mut x = x;
    for c in text.chars() {
        let w = if c.is_ascii() { SIZE * 0.5 } else { SIZE };
        if c != ' ' {
            out.push(Glyph {
                text: c.to_string().into(),
                bbox: Rect::new(x, y, x + w, y + SIZE),
                size: SIZE,
                font: 0,
                mode: WritingMode::Horizontal,
                invisible: false,
            });
        }
        x += w;
    }
    out
}

fn page(number: u32, glyphs: Vec<Glyph>, segments: Vec<Segment>) -> Page {
    Page {
        number,
        width: 600.0,
        height: 800.0,
        rotate: 0,
        glyphs,
        segments,
        warnings: Vec::new(),
        error: None,
    }
}

fn doc(pages: Vec<Page>) -> PdfDocument {
    PdfDocument {
        pages,
        ..Default::default()
    }
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

fn texts(layout: &Layout) -> Vec<&TextBlock> {
    layout
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Text(t) => Some(t),
            _ => None,
        })
        .collect()
}

fn cell_text(t: &Table, row: usize, col: usize) -> &str {
    t.cells
        .iter()
        .find(|c| c.row == row && c.col == col)
        .map_or("<none>", |c| c.text.as_str())
}

/// Columns at x = 50, 150, 300, 340, 400; rows at y = 100 (header top), 120, 150, 180.
/// Column 0 spans both body rows... the program name; columns 3–4 are a year | value pair.
fn program_table(top: f64, with_bottom: bool) -> Vec<Segment> {
    let ys = [top, top + 20.0, top + 50.0, top + 80.0];
    let mut s = vec![
        h(ys[0], 50.0, 400.0),
        h(ys[1], 50.0, 400.0),
        // no border between the body rows in columns 0-1 (rowspan), one in 2-4
        h(ys[2], 150.0, 400.0),
    ];
    if with_bottom {
        s.push(h(ys[3], 50.0, 400.0));
    }
    let bottom = if with_bottom { ys[3] } else { 790.0 };
    for x in [50.0, 150.0, 300.0, 400.0] {
        s.push(v(x, ys[0], bottom));
    }
    // the year | value split exists in the body only (the header cell spans both)
    s.push(v(340.0, ys[1], bottom));
    s
}

#[test]
fn merged_cells_get_spans_and_glyphs_go_to_the_cell_of_their_centre() {
    let mut g = Vec::new();
    g.extend(text_at("事業名", 55.0, 105.0));
    g.extend(text_at("概要", 155.0, 105.0));
    g.extend(text_at("ＫＰＩ", 305.0, 105.0));
    g.extend(text_at("北九州市立大", 55.0, 125.0));
    g.extend(text_at("学の事業", 55.0, 137.0));
    g.extend(text_at("H27", 305.0, 125.0));
    g.extend(text_at("743 人", 345.0, 125.0));
    g.extend(text_at("H28", 305.0, 155.0));
    g.extend(text_at("670 人", 345.0, 155.0));
    let lay = layout::analyze(
        &doc(vec![page(1, g, program_table(100.0, true))]),
        &Params::default(),
    );
    let ts = tables(&lay);
    assert_eq!(ts.len(), 1);
    let t = ts[0];
    assert_eq!((t.n_rows, t.n_cols, t.header_rows), (3, 4, 1));
    let header_kpi = t.cells.iter().find(|c| c.row == 0 && c.col == 2).unwrap();
    assert_eq!(
        (header_kpi.colspan, header_kpi.text.as_str()),
        (2, "ＫＰＩ")
    );
    let name = t.cells.iter().find(|c| c.row == 1 && c.col == 0).unwrap();
    assert_eq!(
        (name.rowspan, name.text.as_str()),
        (2, "北九州市立大学の事業")
    );
    assert_eq!(name.lines, ["北九州市立大", "学の事業"]);
    assert_eq!(cell_text(t, 2, 2), "H28");
    assert_eq!(cell_text(t, 2, 3), "670 人");
    // every grid position is covered exactly once
    let covered: usize = t.cells.iter().map(|c| c.rowspan * c.colspan).sum();
    assert_eq!(covered, t.n_rows * t.n_cols);
}

#[test]
fn a_row_cut_by_the_page_break_is_one_row_and_the_repeated_header_is_dropped() {
    let mut g1 = Vec::new();
    g1.extend(text_at("事業名", 55.0, 105.0));
    g1.extend(text_at("概要", 155.0, 105.0));
    g1.extend(text_at("ＫＰＩ実績", 305.0, 105.0));
    g1.extend(text_at("大学との連携", 55.0, 125.0));
    g1.extend(text_at("H27", 305.0, 125.0));
    g1.extend(text_at("利用学生数：", 345.0, 155.0));
    // page 2: the header again (shorter text), then the rest of the cut row
    let mut g2 = Vec::new();
    g2.extend(text_at("事業名", 55.0, 105.0));
    g2.extend(text_at("概要", 155.0, 105.0));
    g2.extend(text_at("ＫＰＩ実績", 305.0, 105.0));
    g2.extend(text_at("リーダー67人", 345.0, 125.0));
    g2.extend(text_at("次の事業", 55.0, 155.0));
    let mut s2 = vec![
        h(100.0, 50.0, 400.0),
        h(120.0, 50.0, 400.0),
        h(150.0, 50.0, 400.0),
    ];
    s2.push(h(180.0, 50.0, 400.0));
    for x in [50.0, 150.0, 300.0, 400.0] {
        s2.push(v(x, 100.0, 180.0));
    }
    s2.push(v(340.0, 120.0, 180.0));
    let pages = vec![page(1, g1, program_table(100.0, false)), page(2, g2, s2)];
    let lay = layout::analyze(&doc(pages), &Params::default());
    let ts = tables(&lay);
    assert_eq!(ts.len(), 1, "{lay:#?}");
    let t = ts[0];
    assert_eq!(t.pages, [1, 2]);
    let headers = t.cells.iter().filter(|c| c.text == "事業名").count();
    assert_eq!(headers, 1, "repeated header dropped");
    assert_eq!(t.header_rows, 1);
    // rows: header, H27 row, cut row (page 1 part + page 2 first row), page 2 last row
    assert_eq!(t.n_rows, 4);
    let value = t.cells.iter().find(|c| c.row == 2 && c.col == 3).unwrap();
    assert_eq!(value.text, "利用学生数：リーダー67人");
    let pages: Vec<u32> = value.parts.iter().map(|p| p.page).collect();
    assert_eq!(pages, [1, 2]);
    // the name cell spans its two rows, the second one being the cut row
    let name = t.cells.iter().find(|c| c.row == 1 && c.col == 0).unwrap();
    assert_eq!((name.rowspan, name.text.as_str()), (2, "大学との連携"));
    assert_eq!(name.parts.len(), 2);
    assert_eq!(cell_text(t, 3, 0), "次の事業");
}

#[test]
fn text_between_tables_keeps_them_apart_and_same_columns_continue_across_pages() {
    let mut g1 = text_at("事業名", 55.0, 105.0);
    g1.extend(text_at("Ａ事業", 55.0, 125.0));
    let mut g2 = text_at("Ｂ事業", 55.0, 105.0);
    g2.extend(text_at("⇒次の施策", 50.0, 300.0));
    let mut s2 = program_table(100.0, true);
    let mut g3 = text_at("Ｃ事業", 55.0, 405.0);
    g2.append(&mut g3);
    s2.extend(program_table(400.0, true));
    let pages = vec![page(1, g1, program_table(100.0, true)), page(2, g2, s2)];
    let lay = layout::analyze(&doc(pages), &Params::default());
    let ts = tables(&lay);
    assert_eq!(ts.len(), 2, "{:#?}", lay.blocks);
    assert_eq!(
        ts[0].pages,
        [1, 2],
        "same columns at the top of the next page continue"
    );
    assert_eq!(ts[1].pages, [2]);
    assert!(
        matches!(&lay.blocks[1], Block::Text(t) if t.text == "⇒次の施策" && t.kind == TextKind::Heading)
    );
}

#[test]
fn headings_notes_and_wrapped_arrow_lines() {
    let mut g = text_at("Ⅰ北九州市にしごとをつくる", 50.0, 50.0);
    g.extend(text_at("①若者の地元就職を促進", 50.0, 70.0));
    // a ⇒ line running to the right edge, wrapped onto the next line
    g.extend(text_at(
        "⇒市と市内大学とが地元就職等に関する協定を締結し、ラウンドテー",
        50.0,
        90.0,
    ));
    g.extend(text_at("ブルを設置", 60.0, 103.0));
    g.extend(text_at("※ＥＳＤ：持続可能な社会", 50.0, 130.0));
    g.extend(text_at("（i）アジアの成長力", 50.0, 150.0));
    let lay = layout::analyze(&doc(vec![page(1, g, Vec::new())]), &Params::default());
    let blocks: Vec<(TextKind, &str)> = texts(&lay)
        .iter()
        .map(|t| (t.kind, t.text.as_str()))
        .collect();
    assert_eq!(
        blocks,
        [
            (TextKind::Heading, "Ⅰ北九州市にしごとをつくる"),
            (TextKind::Heading, "①若者の地元就職を促進"),
            (
                TextKind::Heading,
                "⇒市と市内大学とが地元就職等に関する協定を締結し、ラウンドテーブルを設置"
            ),
            (TextKind::Note, "※ＥＳＤ：持続可能な社会"),
            (TextKind::Heading, "（i）アジアの成長力"),
        ]
    );
}

#[test]
fn running_headers_footers_and_page_numbers_are_left_out() {
    let pages = (1..=4)
        .map(|n| {
            let mut g = text_at("北九州市 総合戦略 KPI", 50.0, 20.0);
            g.extend(text_at(&format!("本文{n}ページ目"), 50.0, 300.0));
            g.extend(text_at(&format!("- {n} -"), 290.0, 780.0));
            page(n, g, Vec::new())
        })
        .collect();
    let lay = layout::analyze(&doc(pages), &Params::default());
    let all: Vec<&str> = texts(&lay).iter().map(|t| t.text.as_str()).collect();
    assert_eq!(
        all,
        [
            "本文1ページ目",
            "本文2ページ目",
            "本文3ページ目",
            "本文4ページ目"
        ]
    );
}

#[test]
fn bad_pages_never_panic_and_stay_fast() {
    let mut junk = Glyph {
        text: "x".into(),
        bbox: Rect {
            x0: f64::NAN,
            y0: 0.0,
            x1: f64::INFINITY,
            y1: 1.0,
        },
        size: f64::NAN,
        font: 0,
        mode: WritingMode::Vertical,
        invisible: false,
    };
    let mut segs = vec![v(f64::NAN, 0.0, 10.0), h(5.0, 10.0, 0.0)];
    for i in 0..25_000 {
        let x = (i % 250) as f64 * 2.0;
        let y = (i / 250) as f64 * 7.0;
        segs.push(h(y, x, x + 1.0));
        segs.push(v(x, y, y + 1.0));
    }
    let empty = page(1, Vec::new(), Vec::new());
    let hatched = page(2, vec![junk.clone()], segs);
    junk.bbox = Rect::new(10.0, 10.0, 20.0, 20.0);
    let mut rotated = page(3, vec![junk], Vec::new());
    rotated.rotate = 90;
    rotated.error = Some("broken content stream".into());
    let start = std::time::Instant::now();
    let lay = layout::analyze(&doc(vec![empty, hatched, rotated]), &Params::default());
    assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
    assert_eq!(lay.pages, 3);
    assert_eq!(lay.page_errors.len(), 1);
    for p in 1..=3 {
        let svg = layout::svg::page_svg(&page(p, Vec::new(), Vec::new()), &lay, &Params::default());
        assert!(svg.starts_with("<svg"));
    }
}

#[test]
fn vertical_text_reads_in_columns_right_to_left() {
    let mut g = Vec::new();
    for (col, word) in [(300.0, "縦書き"), (280.0, "二行目")] {
        for (i, c) in word.chars().enumerate() {
            g.push(Glyph {
                text: c.to_string().into(),
                bbox: Rect::new(
                    col,
                    100.0 + 10.0 * i as f64,
                    col + SIZE,
                    110.0 + 10.0 * i as f64,
                ),
                size: SIZE,
                font: 0,
                mode: WritingMode::Vertical,
                invisible: false,
            });
        }
    }
    g.reverse();
    let lines = layout::page_lines(&page(1, g, Vec::new()), &Params::default());
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["縦書き", "二行目"]);
}

#[test]
fn a_title_repeated_above_each_page_of_a_table_does_not_split_it() {
    let grid = || {
        let mut s = Vec::new();
        for y in [200.0, 220.0, 240.0, 260.0] {
            s.push(h(y, 50.0, 300.0));
        }
        for x in [50.0, 100.0, 300.0] {
            s.push(v(x, 200.0, 260.0));
        }
        s
    };
    let page_with = |n: u32, rows: [&str; 2]| {
        let mut g = text_at("申込状況【北区】", 50.0, 160.0);
        // the header's first cell is empty on every page
        g.extend(text_at("施設名", 105.0, 205.0));
        g.extend(text_at(rows[0], 105.0, 225.0));
        g.extend(text_at(rows[1], 105.0, 245.0));
        page(n, g, grid())
    };
    let pages = vec![
        page_with(1, ["Ａ園", "Ｂ園"]),
        page_with(2, ["Ｃ園", "Ｄ園"]),
    ];
    let lay = layout::analyze(&doc(pages), &Params::default());
    let ts = tables(&lay);
    assert_eq!(ts.len(), 1, "{:#?}", lay.blocks);
    let t = ts[0];
    assert_eq!(
        (t.pages.as_slice(), t.n_rows, t.header_rows),
        (&[1, 2][..], 5, 1)
    );
    let names: Vec<&str> = (0..5).map(|r| cell_text(t, r, 1)).collect();
    assert_eq!(names, ["施設名", "Ａ園", "Ｂ園", "Ｃ園", "Ｄ園"]);
    let titles: Vec<&str> = texts(&lay).iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        titles,
        ["申込状況【北区】"],
        "the repeated title is left out"
    );
}

/// Lays `text` out as a justified column from (x, y): `per_line` characters a line, 14 pt
/// apart.
fn column_at(text: &str, per_line: usize, x: f64, y: f64) -> Vec<Glyph> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(per_line)
        .enumerate()
        .flat_map(|(i, line)| text_at(&line.iter().collect::<String>(), x, y + 14.0 * i as f64))
        .collect()
}

#[test]
fn two_columns_are_read_one_after_the_other_under_a_full_width_title() {
    // 24 characters a line (240 pt), a 20 pt gutter: both columns share the baselines, so
    // reading across would interleave them
    let left = "本村では平成二十六年に閣議決定された総合戦略に沿い平成二十七年十二月に第一期の戦略を策定し五年間にわたり村立高校を軸とした取り組みを展開してきました。";
    let right = "基本目標一は村の振興の要となる高校の機能強化であり数値指標は高校入学者数で現状値四十人に対し目標値四十人最終値四十人となりました。";
    let mut g = text_at("第１期総合戦略における効果検証について", 50.0, 60.0);
    g.extend(column_at(left, 24, 50.0, 100.0));
    g.extend(column_at(right, 24, 310.0, 100.0));
    let p = page(1, g, Vec::new());
    let lines = layout::page_lines(&p, &Params::default());
    let joined: String = lines.iter().map(|l| l.text.as_str()).collect();
    assert!(
        joined.starts_with("第１期総合戦略における効果検証について"),
        "{joined}"
    );
    assert!(
        joined.contains(left),
        "left column not contiguous: {joined}"
    );
    assert!(
        joined.contains(right),
        "right column not contiguous: {joined}"
    );
    assert!(joined.find(left) < joined.find(right));
    let lay = layout::analyze(&doc(vec![p]), &Params::default());
    let t: Vec<&str> = texts(&lay).iter().map(|t| t.text.as_str()).collect();
    assert_eq!(t.len(), 3, "{t:?}");
    assert_eq!(t[1], left);
    assert_eq!(t[2], right);
}

#[test]
fn a_table_in_one_column_stays_whole_and_in_its_column() {
    let left = "左の段の文章は表の上にあり、表を説明してから次の段へ続きます。左の段の文章は表の上にあり、表を説明します。";
    let right = "右の段の文章は左の段を読み終えてから読まれるべき文章であり、表の後に来ます。右の段の文章は表の後に来ます。";
    let mut g = column_at(left, 24, 50.0, 100.0);
    g.extend(column_at(right, 24, 310.0, 100.0));
    // a 2×2 table under the left column's text
    let mut s = Vec::new();
    for y in [200.0, 220.0, 240.0] {
        s.push(h(y, 50.0, 290.0));
    }
    for x in [50.0, 170.0, 290.0] {
        s.push(v(x, 200.0, 240.0));
    }
    g.extend(text_at("指標", 55.0, 205.0));
    g.extend(text_at("目標", 175.0, 205.0));
    g.extend(text_at("入学者数", 55.0, 225.0));
    g.extend(text_at("40人", 175.0, 225.0));
    let lay = layout::analyze(&doc(vec![page(1, g, s)]), &Params::default());
    let kinds: Vec<String> = lay
        .blocks
        .iter()
        .map(|b| match b {
            Block::Text(t) => t.text.clone(),
            Block::Table(t) => format!("table {}x{}", t.n_rows, t.n_cols),
            Block::Figure(f) => format!("figure {}", f.reason),
        })
        .collect();
    assert_eq!(kinds, [left.to_string(), "table 2x2".into(), right.into()]);
}

/// Rulings of a grid with the given boundaries.
fn grid_at(xs: &[f64], ys: &[f64]) -> Vec<Segment> {
    let (x0, x1) = (xs[0], xs[xs.len() - 1]);
    let (y0, y1) = (ys[0], ys[ys.len() - 1]);
    let mut s: Vec<Segment> = ys.iter().map(|&y| h(y, x0, x1)).collect();
    s.extend(xs.iter().map(|&x| v(x, y0, y1)));
    s
}

fn figures(layout: &Layout) -> Vec<&kpi_extract::model::Figure> {
    layout
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Figure(f) => Some(f),
            _ => None,
        })
        .collect()
}

#[test]
fn a_mostly_empty_grid_is_a_figure_and_its_text_is_kept_there() {
    let xs: Vec<f64> = (0..6).map(|i| 50.0 + 60.0 * i as f64).collect();
    let ys: Vec<f64> = (0..6).map(|i| 100.0 + 20.0 * i as f64).collect();
    let mut g = text_at("満足度", 55.0, 105.0);
    g.extend(text_at("50%", 115.0, 165.0));
    let lay = layout::analyze(
        &doc(vec![page(1, g, grid_at(&xs, &ys))]),
        &Params::default(),
    );
    assert!(tables(&lay).is_empty());
    let f = figures(&lay);
    assert_eq!(f.len(), 1);
    assert!(
        f[0].reason.starts_with("mostly empty cells (23 of 25)"),
        "{}",
        f[0].reason
    );
    assert!(f[0].text.contains("満足度"));
    assert!(
        texts(&lay).is_empty(),
        "a figure's text is not running text"
    );
}

#[test]
fn text_running_over_rulings_makes_a_figure_a_padded_table_does_not() {
    // bars drawn under a title: the title's glyphs continue across the "borders"
    let xs = [50.0, 110.0, 170.0, 230.0, 290.0];
    let ys = [100.0, 120.0, 140.0];
    let mut g = text_at("令和六年度施策に対する満足度の高い順", 50.0, 105.0);
    g.extend(text_at("安全・安心な暮らしの確保と推進", 50.0, 125.0));
    let lay = layout::analyze(
        &doc(vec![page(1, g, grid_at(&xs, &ys))]),
        &Params::default(),
    );
    assert!(tables(&lay).is_empty());
    assert!(figures(&lay)[0].reason.starts_with("text across rulings"));
    // the same grid with padded texts is a table
    let mut g = Vec::new();
    for (i, x) in xs[..4].iter().enumerate() {
        g.extend(text_at(["指標", "基準", "目標", "実績"][i], x + 4.0, 105.0));
        g.extend(text_at(["人数", "10", "20", "15"][i], x + 4.0, 125.0));
    }
    let lay = layout::analyze(
        &doc(vec![page(1, g, grid_at(&xs, &ys))]),
        &Params::default(),
    );
    assert_eq!(tables(&lay).len(), 1);
    assert!(figures(&lay).is_empty());
}

#[test]
fn grids_stacked_with_a_small_gap_and_a_header_band_are_one_table() {
    let xs = [50.0, 200.0, 350.0];
    // header band: a ruling at 80, text, the first grid's top at 100; no vertical rulings
    let mut s = vec![h(80.0, 50.0, 350.0)];
    s.extend(grid_at(&xs, &[100.0, 140.0]));
    s.extend(grid_at(&xs, &[144.0, 184.0]));
    let mut g = text_at("基本目標", 60.0, 85.0);
    g.extend(text_at("重要業績評価指標", 210.0, 85.0));
    g.extend(text_at("１．高校の機能強化", 55.0, 105.0));
    g.extend(text_at("中学校訪問実施回数", 205.0, 105.0));
    g.extend(text_at("２．雇用の場の創出", 55.0, 150.0));
    g.extend(text_at("新規就農者数", 205.0, 150.0));
    let lay = layout::analyze(&doc(vec![page(1, g, s)]), &Params::default());
    let t = tables(&lay);
    assert_eq!(t.len(), 1, "{:?}", lay.blocks);
    assert_eq!((t[0].n_rows, t[0].n_cols), (3, 2));
    assert_eq!(cell_text(t[0], 0, 1), "重要業績評価指標");
    assert_eq!(cell_text(t[0], 2, 0), "２．雇用の場の創出");
    // a caption that runs over the column boundary stays a caption
    let mut s = vec![h(80.0, 50.0, 350.0)];
    s.extend(grid_at(&xs, &[100.0, 140.0]));
    let mut g = text_at("数値目標の推移と実績の一覧を示す", 100.0, 85.0);
    g.extend(text_at("基準値", 55.0, 105.0));
    g.extend(text_at("目標値", 205.0, 105.0));
    let lay = layout::analyze(&doc(vec![page(1, g, s)]), &Params::default());
    assert_eq!(tables(&lay)[0].n_rows, 1);
    assert_eq!(texts(&lay)[0].text, "数値目標の推移と実績の一覧を示す");
}

#[test]
fn invisible_text_is_read_unless_it_hides_under_printed_text() {
    let mut g = text_at("本文", 50.0, 100.0);
    let mut hidden_copy = text_at("本文", 50.0, 100.0);
    let mut footer = text_at("Powered by TCPDF", 50.0, 780.0);
    for x in hidden_copy.iter_mut().chain(footer.iter_mut()) {
        x.invisible = true;
    }
    g.extend(hidden_copy);
    g.extend(footer);
    let lines = layout::page_lines(&page(1, g, Vec::new()), &Params::default());
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["本文", "Powered by TCPDF"]);
}

#[test]
fn a_large_line_alone_on_its_baseline_is_a_heading_without_a_label() {
    let big = |text: &str, x: f64, y: f64| -> Vec<Glyph> {
        text_at(text, x, y)
            .into_iter()
            .map(|mut g| {
                let w = g.bbox.width() * 2.0;
                let x0 = x + (g.bbox.x0 - x) * 2.0;
                g.bbox = Rect::new(x0, y, x0 + w, y + 20.0);
                g.size = 20.0;
                g
            })
            .collect()
    };
    let mut g = big("１．村の振興の要となる高校の機能強化", 50.0, 60.0);
    g.extend(text_at(
        "高校の入学者数は年四十人を目標とします。",
        50.0,
        100.0,
    ));
    g.extend(text_at(
        "村立高校を軸とした取り組みを展開します。",
        50.0,
        114.0,
    ));
    // a large word beside body text on its baseline is not a heading
    g.extend(big("大", 50.0, 140.0));
    g.extend(text_at("きな文字で始まる本文の行です。", 120.0, 145.0));
    let lay = layout::analyze(&doc(vec![page(1, g, Vec::new())]), &Params::default());
    let t = texts(&lay);
    assert_eq!(t[0].text, "１．村の振興の要となる高校の機能強化");
    assert_eq!(t[0].kind, TextKind::Heading);
    assert!(
        t[1..].iter().all(|b| b.kind == TextKind::Paragraph),
        "{t:?}"
    );
}

#[test]
fn the_svg_overlay_draws_figures_with_their_reason() {
    let xs: Vec<f64> = (0..6).map(|i| 50.0 + 60.0 * i as f64).collect();
    let ys: Vec<f64> = (0..6).map(|i| 100.0 + 20.0 * i as f64).collect();
    let p = page(1, text_at("満足度", 55.0, 105.0), grid_at(&xs, &ys));
    let lay = layout::analyze(&doc(vec![p.clone()]), &Params::default());
    let svg = layout::svg::page_svg(&p, &lay, &Params::default());
    assert!(svg.contains(r#"class="figure""#), "{svg}");
    assert!(svg.contains("data-reason=\"mostly empty cells"));
}
