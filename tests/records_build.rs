//! records::build on hand-built layouts shaped like the layout stage's output for the
//! kinds of rows found in real KPI reports (wrapped lines, merged cells, labelled values).

use kpi_extract::model::{
    Block, Cell, Extraction, KpiRecord, Layout, Level, Placement, Program, Rect, Table, TextBlock,
    TextKind,
};
use kpi_extract::records;

const LIST_MARKS: &[char] = &['・', '○', '●', '◎', '■', '□', '※', '【'];

/// The record's program (these tests read program tables).
fn prog(r: &KpiRecord) -> &Program {
    r.program.as_ref().expect("a program-level record")
}

/// Joins visual lines the way the layout stage does: no separator, `\n` before list items.
fn join(lines: &[&str]) -> String {
    let mut out = String::new();
    for l in lines {
        let starts_item = l
            .chars()
            .next()
            .is_some_and(|c| LIST_MARKS.contains(&c) || ('①'..='⑳').contains(&c));
        if !out.is_empty() && starts_item {
            out.push('\n');
        }
        out.push_str(l);
    }
    out
}

/// A table under construction; cells are placed on page 1 at 20 pt per grid row.
struct TableBuilder {
    cells: Vec<Cell>,
    n_cols: usize,
    page_of_row: Vec<u32>,
}

impl TableBuilder {
    /// The usual header: 事業名等 | 概要 | ＫＰＩ（平成３１年度） | ＫＰＩ実績 (two columns).
    fn kpi_table() -> TableBuilder {
        let mut t = TableBuilder {
            cells: Vec::new(),
            n_cols: 5,
            page_of_row: Vec::new(),
        };
        t.cell(0, 0, 1, 1, &["事業名等"]);
        t.cell(0, 1, 1, 1, &["概要"]);
        t.cell(
            0,
            2,
            1,
            1,
            &["ＫＰＩ（平成３１年度）", "※ＫＰＩ＝重要業績評価指標"],
        );
        t.cell(0, 3, 1, 2, &["ＫＰＩ実績"]);
        t
    }
    fn cell(&mut self, row: usize, col: usize, rowspan: usize, colspan: usize, lines: &[&str]) {
        let page = self.page_of_row.get(row).copied().unwrap_or(1);
        let y = row as f64 * 20.0;
        self.cells.push(Cell {
            row,
            col,
            rowspan,
            colspan,
            text: join(lines),
            lines: lines.iter().map(|s| s.to_string()).collect(),
            parts: vec![Placement {
                page,
                bbox: Rect::new(
                    col as f64 * 100.0,
                    y,
                    (col + colspan) as f64 * 100.0,
                    y + 20.0 * rowspan as f64,
                ),
            }],
        });
    }
    /// A program row: name and summary spanning `years` rows, one KPI cell beside them,
    /// and one actual row per year.
    fn program(
        &mut self,
        row: usize,
        name: &[&str],
        summary: &[&str],
        kpi: &[&str],
        actuals: &[(&str, &[&str])],
    ) {
        let n = actuals.len().max(1);
        self.cell(row, 0, n, 1, name);
        self.cell(row, 1, n, 1, summary);
        self.cell(row, 2, n, 1, kpi);
        self.actuals(row, actuals);
    }
    fn actuals(&mut self, row: usize, actuals: &[(&str, &[&str])]) {
        for (i, (year, value)) in actuals.iter().enumerate() {
            self.cell(row + i, 3, 1, 1, &[year]);
            self.cell(row + i, 4, 1, 1, value);
        }
    }
    fn build(mut self) -> Block {
        self.cells.sort_by_key(|c| (c.row, c.col));
        let n_rows = self
            .cells
            .iter()
            .map(|c| c.row + c.rowspan)
            .max()
            .unwrap_or(0);
        let mut pages: Vec<u32> = self
            .cells
            .iter()
            .flat_map(|c| c.parts.iter().map(|p| p.page))
            .collect();
        pages.sort_unstable();
        pages.dedup();
        Block::Table(Table {
            n_rows,
            n_cols: self.n_cols,
            header_rows: 1,
            cells: self.cells,
            pages,
        })
    }
}

fn text(kind: TextKind, t: &str) -> Block {
    Block::Text(TextBlock {
        kind,
        text: t.to_string(),
        page: 1,
        bbox: Rect::default(),
        size: 10.5,
    })
}

fn headings() -> Vec<Block> {
    vec![
        text(TextKind::Heading, "Ⅰ北九州市にしごとをつくり、安心して働けるようにする"),
        text(TextKind::Heading, "①若者の地元就職を促進するための取組"),
        text(TextKind::Heading, "⇒市と市内大学とが地元就職等に関する協定を締結し、市、市内大学、経済界の３者でラウンドテーブルを設置"),
    ]
}

fn build(blocks: Vec<Block>) -> Extraction {
    let layout = Layout {
        blocks,
        pages: 2,
        title: Some("ＫＰＩ実績".to_string()),
        page_errors: Vec::new(),
    };
    records::build(&layout, "report-h28")
}

fn with_indicator<'a>(x: &'a Extraction, start: &str) -> &'a KpiRecord {
    x.kpis
        .iter()
        .find(|k| k.indicator.as_deref().is_some_and(|i| i.starts_with(start)))
        .unwrap_or_else(|| panic!("no KPI starting with {start}: {:#?}", x.kpis))
}

fn texts(k: &KpiRecord) -> (Option<&str>, Option<&str>, Vec<(&str, &str)>) {
    (
        k.baseline.as_ref().map(|q| q.text.as_str()),
        k.target.as_ref().map(|q| q.text.as_str()),
        k.actuals
            .iter()
            .map(|a| (a.period.text.as_str(), a.value.text.as_str()))
            .collect(),
    )
}

fn first_program_table() -> Block {
    let mut t = TableBuilder::kpi_table();
    t.cell(
        1,
        0,
        4,
        1,
        &[
            "大 学 、 自 治",
            "体、経済団体",
            "等との連携に",
            "よる地元就職",
            "率の向上",
        ],
    );
    t.cell(
        1,
        1,
        4,
        1,
        &["北九州市立大学が代表校とな", "り申請した文部科学省補助事"],
    );
    t.cell(
        1,
        2,
        2,
        1,
        &[
            "本市及び下関市の 13 大学等",
            "における取組",
            "・両市企業等へのインターン",
            "シップ人数",
            "577 人（H26 年度）⇒",
            "800 人（H31 年度）",
        ],
    );
    t.cell(
        3,
        2,
        2,
        1,
        &[
            "・まなびと JOB ステーション",
            "の利用人数",
            "1,500 人（H31 年度）",
        ],
    );
    t.actuals(
        1,
        &[
            ("H27", &["743 人"]),
            ("H28", &["670 人"]),
            ("H27", &["69 人"]),
            ("H28", &["2,446 人"]),
        ],
    );
    t.build()
}

#[test]
fn scope_line_and_bullet_items_give_one_kpi_each_with_their_own_actual_rows() {
    let mut blocks = headings();
    blocks.push(first_program_table());
    let x = build(blocks);
    assert_eq!(x.kpis.len(), 2, "{:#?}", x.kpis);
    let a = with_indicator(&x, "両市企業等へのインターンシップ人数");
    assert_eq!(
        a.indicator.as_deref(),
        Some("両市企業等へのインターンシップ人数")
    );
    assert_eq!(
        a.scope.as_deref(),
        Some("本市及び下関市の13大学等における取組")
    );
    let (b, t, acts) = texts(a);
    assert!(b.is_some_and(|b| b.contains("577")), "{b:?}");
    assert!(
        t.is_some_and(|t| t.contains("800") && !t.contains('⇒')),
        "{t:?}"
    );
    assert_eq!(acts.len(), 2);
    assert_eq!(acts[0].0, "H27");
    assert!(
        acts[0].1.contains("743") && acts[1].1.contains("670"),
        "{acts:?}"
    );
    let b = with_indicator(&x, "まなびとJOBステーションの利用人数");
    let (base, target, acts) = texts(b);
    assert_eq!(base, None);
    assert!(target.is_some_and(|t| t.contains("1,500") || t.contains("1500")));
    assert!(
        acts[1].1.contains("2,446") || acts[1].1.contains("2446"),
        "{acts:?}"
    );
    assert_eq!(
        prog(a).name,
        "大学、自治体、経済団体等との連携による地元就職率の向上"
    );
    assert_eq!(a.goal.as_ref().map(|g| g.number), Some(1));
    assert_eq!(a.policy.as_ref().map(|g| g.label.as_str()), Some("①"));
    assert!(a
        .measure
        .as_deref()
        .is_some_and(|m| m.starts_with("市と市内大学とが") && !m.contains('⇒')));
}

#[test]
fn actual_years_become_periods() {
    let mut blocks = headings();
    blocks.push(first_program_table());
    let x = build(blocks);
    let a = with_indicator(&x, "両市企業等");
    let starts: Vec<Option<i32>> = a.actuals.iter().map(|x| x.period.start).collect();
    assert_eq!(starts, [Some(2015), Some(2016)]);
}

#[test]
fn labelled_quantities_give_one_kpi_per_label_and_actuals_are_split_by_label() {
    let mut t = TableBuilder::kpi_table();
    t.program(
        1,
        &[
            "北九州まなび",
            "と ESD ステ",
            "ーション(※)",
            "を核とした実",
            "践的人材育成",
        ],
        &["市内 10 大学が連携し設置し"],
        &[
            "利用学生数：",
            "21,116 人（H26 年度）⇒",
            "25,000 人（H31 年度）",
            "まなびとマイスター",
            "（認証制度）認定者数：",
            "リーダー40 人",
            "マイスター0人（H26 年度）⇒",
            "リーダー100 人",
            "マイスター10 人（H31 年度）",
        ],
        &[
            (
                "H27",
                &[
                    "利用学生数：",
                    "19,928 人",
                    "まなびとマイス",
                    "ター認定者数：",
                    "リーダー52 人",
                    "マイスター2人",
                ],
            ),
            (
                "H28",
                &[
                    "利用学生数：",
                    "18,520 人",
                    "まなびとマイス",
                    "ター認定者数：",
                    "リーダー67 人",
                    "マイスター5人",
                ],
            ),
        ],
    );
    let mut blocks = headings();
    blocks.push(t.build());
    blocks.push(text(
        TextKind::Note,
        "※ ＥＳＤ：持続可能な社会を実現するための教育",
    ));
    let x = build(blocks);
    let inds: Vec<_> = x
        .kpis
        .iter()
        .map(|k| k.indicator.clone().unwrap_or_default())
        .collect();
    assert_eq!(inds.len(), 3, "{inds:?}");
    assert_eq!(inds[0], "利用学生数");
    assert!(
        inds[1].ends_with("認定者数(リーダー)") || inds[1].ends_with("認定者数（リーダー）"),
        "{inds:?}"
    );
    assert!(
        inds[2].ends_with("認定者数(マイスター)") || inds[2].ends_with("認定者数（マイスター）"),
        "{inds:?}"
    );
    let leader = &x.kpis[1];
    let (b, t, acts) = texts(leader);
    assert!(
        b.is_some_and(|b| b.starts_with("40") && b.contains("H26")),
        "{b:?}"
    );
    assert!(t.is_some_and(|t| t.starts_with("100")), "{t:?}");
    assert_eq!(
        acts.iter().map(|a| a.1).collect::<Vec<_>>(),
        ["52人", "67人"]
    );
    let meister = &x.kpis[2];
    let (b, _, acts) = texts(meister);
    assert!(
        b.is_some_and(|b| b.starts_with('0') && b.contains("H26")),
        "{b:?}"
    );
    assert_eq!(acts.iter().map(|a| a.1).collect::<Vec<_>>(), ["2人", "5人"]);
    let (_, _, acts) = texts(&x.kpis[0]);
    assert!(
        acts[0].1.starts_with("19,928") || acts[0].1.starts_with("19928"),
        "{acts:?}"
    );
    assert_eq!(x.footnotes.len(), 1);
    assert!(x.footnotes[0].text.contains("持続可能な社会"));
}

#[test]
fn a_kpi_cell_spanning_two_programs_goes_to_the_first_and_the_second_keeps_its_row() {
    let mut t = TableBuilder::kpi_table();
    t.cell(
        1,
        0,
        1,
        1,
        &["関門地域魅力", "向上事業（地", "方創生推進）"],
    );
    t.cell(1, 1, 1, 1, &["下関市と北九州市が連携し、"]);
    t.cell(2, 0, 1, 1, &["関 門 海 峡 都", "市・観光まち"]);
    t.cell(2, 1, 1, 1, &["関門地域の地理的優位性や多"]);
    t.cell(
        1,
        2,
        2,
        1,
        &[
            "宿泊者数、日帰り観光客数の",
            "増加に伴う消費の増加額：",
            "6,451,100 千円",
        ],
    );
    t.actuals(
        1,
        &[
            ("H27", &["－"]),
            ("H28", &["559,000 千円", "（両市観光動態", "調査より算出）"]),
        ],
    );
    let mut blocks = headings();
    blocks.push(t.build());
    let x = build(blocks);
    assert_eq!(x.kpis.len(), 2, "{:#?}", x.kpis);
    let first = &x.kpis[0];
    assert_eq!(
        first.indicator.as_deref(),
        Some("宿泊者数、日帰り観光客数の増加に伴う消費の増加額")
    );
    assert!(first
        .target
        .as_ref()
        .is_some_and(|q| q.text.contains("6,451,100") || q.text.contains("6451100")));
    assert_eq!(first.actuals.len(), 2);
    assert!(first.actuals[1].value.text.contains("559,000"));
    let second = &x.kpis[1];
    assert_eq!(second.indicator, None);
    assert_eq!(prog(second).name, "関門海峡都市・観光まち");
    assert_eq!(prog(second).summary, "関門地域の地理的優位性や多");
    assert_ne!(first.id, second.id);
}

#[test]
fn department_tag_status_line_and_notes_in_actuals() {
    let mut t = TableBuilder::kpi_table();
    t.program(
        1,
        &[
            "定住・移住促",
            "進事業（地方",
            "創生推進）",
            "【 企 画 調 整",
            "局】",
        ],
        &["「定住・移住の促進」を図る"],
        &[
            "北九州市への 50歳以上の",
            "転入者増加数：",
            "0 人（H28 年度）⇒",
            "348 人（H31 年度）",
        ],
        &[("H27", &["－"]), ("H28", &["△198 人"])],
    );
    t.program(
        3,
        &["公共施設マネ", "ジメント推進", "事業", "事業終了"],
        &["本市の公共施設マネジメント"],
        &[
            "留学生等高度人材活用の向上",
            "（企業との相互理解が進んだ",
            "状態＝留学生が市内企業の情",
            "報を 4社以上知っている）：",
            "29.7％（H26 年度）⇒",
            "35％（H31 年度）",
        ],
        &[
            ("H27", &["－"]),
            (
                "H28",
                &["－", "※KPIの根拠と", "なる留学生を対", "象とした調査は"],
            ),
        ],
    );
    let mut blocks = headings();
    blocks.push(t.build());
    let x = build(blocks);
    assert_eq!(x.kpis.len(), 2, "{:#?}", x.kpis);
    assert!(x.kpis.iter().all(|k| k.level == Level::Program));
    let p = prog(&x.kpis[0]);
    assert_eq!(p.department.as_deref(), Some("企画調整局"));
    assert!(p.name.starts_with("定住・移住促進事業") && !p.name.contains('【'));
    assert_eq!(
        x.kpis[0].indicator.as_deref(),
        Some("北九州市への50歳以上の転入者増加数")
    );
    let q = &x.kpis[1];
    assert_eq!(prog(q).status.as_deref(), Some("事業終了"));
    assert_eq!(prog(q).name, "公共施設マネジメント推進事業");
    let ind = q.indicator.as_deref().unwrap_or_default();
    assert!(ind.starts_with("留学生等高度人材活用の向上"), "{ind}");
    assert!(
        ind.ends_with("知っている)") || ind.ends_with("知っている）"),
        "{ind}"
    );
    assert_eq!(q.notes, ["※KPIの根拠となる留学生を対象とした調査は"]);
    assert_eq!(q.actuals[1].value.text, "－");
}

#[test]
fn circled_items_keep_the_common_start_in_their_indicator() {
    let mut t = TableBuilder::kpi_table();
    t.cell(1, 0, 4, 1, &["F1 層に届け！"]);
    t.cell(1, 1, 4, 1, &["F１層（20～34 歳の女性）の"]);
    t.cell(
        1,
        2,
        2,
        1,
        &[
            "「北九州市の認知度に関する",
            "アンケート調査」（メディア、",
            "シンクタンク研究員対象）",
            "①将来性があると思う都市",
            "政令市 4位（H26 年度）",
            "⇒1位（H31 年度）",
        ],
    );
    t.cell(
        3,
        2,
        2,
        1,
        &[
            "「北九州市の認知度に関する",
            "アンケート調査」（メディア、",
            "シンクタンク研究員対象）",
            "②住んでみたい都市",
            "政令市 15位（H26 年度）",
            "⇒5位以内（H31 年度）",
        ],
    );
    t.actuals(
        1,
        &[
            ("H27", &["－(5 年に一度"]),
            ("H28", &["－"]),
            ("H27", &["－"]),
            ("H28", &["－"]),
        ],
    );
    let mut blocks = headings();
    blocks.push(t.build());
    let x = build(blocks);
    assert_eq!(x.kpis.len(), 2, "{:#?}", x.kpis);
    let i0 = x.kpis[0].indicator.as_deref().unwrap_or_default();
    assert!(
        i0.starts_with("「北九州市の認知度に関するアンケート調査」")
            && i0.ends_with("①将来性があると思う都市"),
        "{i0}"
    );
    assert_eq!(x.kpis[0].scope, None);
    let (b, t, _) = texts(&x.kpis[1]);
    assert!(b.is_some_and(|b| b.contains("15")), "{b:?}");
    assert!(t.is_some_and(|t| t.starts_with('5')), "{t:?}");
}

#[test]
fn milestones_without_numbers_are_notes_of_the_one_kpi() {
    let mut t = TableBuilder::kpi_table();
    t.program(
        1,
        &["公共施設マネ", "ジメント推進", "事業"],
        &["本市の公共施設マネジメント実行計画"],
        &[
            "5 ヶ年行動計画に基づく公共",
            "施設の集約等の推進",
            "（H28 年度以降毎年度）",
            "門司港地域",
            "・複合公共施設の整備の推進",
            "（H33 年度整備予定）",
            "大里地域",
            "・居住ゾーンの公募実施（H3",
            "0 年度）",
        ],
        &[("H27", &["－"]), ("H28", &["・5 ヶ年行動計", "画策定"])],
    );
    t.program(
        3,
        &["関門地域の活", "性化"],
        &["北九州市と下関市による相互"],
        &["共同 PR ツールの作成", "トップ会談 5回", "（H27～31 年度）"],
        &[("H27", &["1 回"]), ("H28", &["累計 2回"])],
    );
    let mut blocks = headings();
    blocks.push(t.build());
    let x = build(blocks);
    assert_eq!(x.kpis.len(), 2, "{:#?}", x.kpis);
    assert_eq!(
        x.kpis[0].indicator.as_deref(),
        Some("5ヶ年行動計画に基づく公共施設の集約等の推進")
    );
    assert!(x.kpis[0].notes.len() >= 2, "{:?}", x.kpis[0].notes);
    let top = &x.kpis[1];
    assert_eq!(top.indicator.as_deref(), Some("トップ会談"));
    assert!(top
        .target
        .as_ref()
        .is_some_and(|q| q.text.starts_with('5') && q.text.contains("H27")));
    assert_eq!(top.notes, ["共同PRツールの作成"]);
}

#[test]
fn hierarchy_measures_sources_and_ids() {
    let mut t = TableBuilder::kpi_table();
    t.page_of_row = vec![1, 1, 2, 2];
    t.program(
        1,
        &["事業A"],
        &["概要A"],
        &["件数：", "5 件（H26 年度）⇒", "21 件（H27～31 年度）"],
        &[("H27", &["5 件"]), ("H28", &["累計 4件"])],
    );
    let table_a = t.build();
    let mut t = TableBuilder::kpi_table();
    t.program(
        1,
        &["事業B"],
        &["概要B"],
        &["人数：", "300 人/年度（H30～32 年度）"],
        &[("H27", &["－（H30～）"]), ("H28", &["－"])],
    );
    let table_b = t.build();
    let blocks = vec![
        text(TextKind::Heading, "Ⅰ目標一"),
        text(TextKind::Heading, "⑦新社会創造"),
        text(TextKind::Heading, "（i）アジアの成長力"),
        text(TextKind::Heading, "⇒ネットワーク拡充"),
        table_a,
        text(TextKind::Heading, "Ⅱ目標二"),
        text(TextKind::Heading, "①人材還流"),
        table_b,
    ];
    let x = build(blocks.clone());
    assert_eq!(x.kpis.len(), 2);
    let a = &x.kpis[0];
    assert_eq!(a.subpolicy.as_ref().map(|h| h.number), Some(1));
    assert_eq!(a.policy.as_ref().map(|h| h.number), Some(7));
    assert_eq!(a.measure.as_deref(), Some("ネットワーク拡充"));
    assert_eq!(a.source.page, 1);
    assert_eq!(a.source.pages, [1, 2]);
    // Row 1's cells on page 1 (the builder draws spanning cells whole on their first page).
    assert_eq!(a.source.bbox, [0.0, 20.0, 500.0, 60.0]);
    let b = &x.kpis[1];
    assert_eq!(b.goal.as_ref().map(|h| h.number), Some(2));
    assert_eq!(b.subpolicy, None);
    assert_eq!(b.measure, None);
    assert_eq!(x.goals.len(), 2);
    assert_eq!(
        x.goals[0].policies[0].subpolicies[0].measures[0].programs[0].kpis[0].id,
        a.id
    );
    // Same hierarchy, program and indicator in another edition: same ids.
    let other = records::build(
        &Layout {
            blocks,
            pages: 9,
            title: Some("別の版".to_string()),
            page_errors: Vec::new(),
        },
        "report-h29",
    );
    assert_eq!(other.kpis[0].id, a.id);
    assert_eq!(other.kpis[0].document, "report-h29");
    assert_ne!(a.id, b.id);
}

#[test]
fn year_columns_in_the_header_are_read_as_actuals() {
    let mut cells = Vec::new();
    let mut add = |row, col, rowspan, colspan, t: &str| {
        cells.push(Cell {
            row,
            col,
            rowspan,
            colspan,
            text: t.to_string(),
            lines: vec![t.to_string()],
            parts: vec![Placement {
                page: 3,
                bbox: Rect::new(0.0, 0.0, 10.0, 10.0),
            }],
        })
    };
    add(0, 0, 2, 1, "事業名");
    add(0, 1, 2, 1, "事業概要");
    add(0, 2, 2, 1, "KPI");
    add(0, 3, 1, 3, "KPI実績");
    add(1, 3, 1, 1, "H29");
    add(1, 4, 1, 1, "H30");
    add(1, 5, 1, 1, "R1");
    add(2, 0, 1, 1, "事業C");
    add(2, 1, 1, 1, "概要C");
    add(2, 2, 1, 1, "参加者数：100人（R2年度）");
    add(2, 3, 1, 1, "10人");
    add(2, 4, 1, 1, "20人");
    add(2, 5, 1, 1, "30人");
    let table = Block::Table(Table {
        n_rows: 3,
        n_cols: 6,
        header_rows: 2,
        cells,
        pages: vec![3],
    });
    let x = build(vec![table]);
    assert_eq!(x.kpis.len(), 1);
    let k = &x.kpis[0];
    assert_eq!(k.indicator.as_deref(), Some("参加者数"));
    let (_, t, acts) = texts(k);
    assert!(
        t.is_some_and(|t| t.starts_with("100人") && t.contains("R2")),
        "{t:?}"
    );
    assert_eq!(acts, [("H29", "10人"), ("H30", "20人"), ("R1", "30人")]);
    assert_eq!(k.actuals[2].period.start, Some(2019));
    assert_eq!(k.source.page, 3);
}

#[test]
fn tables_without_a_known_header_and_empty_layouts_give_nothing() {
    let x = build(Vec::new());
    assert!(x.kpis.is_empty() && x.goals.is_empty());
    let table = Block::Table(Table {
        n_rows: 1,
        n_cols: 1,
        header_rows: 0,
        cells: vec![Cell {
            row: 0,
            col: 0,
            rowspan: 5,
            colspan: 9,
            text: "x".into(),
            lines: vec![],
            parts: vec![],
        }],
        pages: vec![],
    });
    assert!(build(vec![table]).kpis.is_empty());
}

#[test]
fn a_table_with_only_a_name_column_is_not_a_kpi_table() {
    // A weekly disease report: 疾病名称 | ward counts. No KPI, target or 実績 column.
    let mut t = TableBuilder {
        cells: Vec::new(),
        n_cols: 3,
        page_of_row: Vec::new(),
    };
    t.cell(0, 0, 1, 1, &["疾病名称"]);
    t.cell(0, 1, 1, 1, &["東灘"]);
    t.cell(0, 2, 1, 1, &["計"]);
    t.cell(1, 0, 1, 1, &["インフルエンザ"]);
    t.cell(1, 1, 1, 1, &["4"]);
    t.cell(1, 2, 1, 1, &["8"]);
    assert!(build(vec![t.build()]).kpis.is_empty());
}

#[test]
fn absurd_spans_and_positions_do_not_panic() {
    let mut t = TableBuilder::kpi_table();
    t.program(
        1,
        &["事業D"],
        &["概要D"],
        &["人数：10人"],
        &[("H27", &["1人"])],
    );
    let Block::Table(mut table) = t.build() else {
        unreachable!()
    };
    table.cells[5].rowspan = usize::MAX;
    table.cells[6].colspan = usize::MAX;
    table.cells.push(Cell {
        row: usize::MAX,
        col: usize::MAX,
        rowspan: usize::MAX,
        colspan: 0,
        text: "x".into(),
        lines: vec![],
        parts: vec![],
    });
    let x = build(vec![Block::Table(table)]);
    assert_eq!(x.kpis.len(), 1);
    assert_eq!(prog(&x.kpis[0]).name, "事業D");
}

#[test]
fn baseline_and_target_columns_fill_the_kpi() {
    let mut cells = Vec::new();
    let mut add = |row, col, t: &str| {
        cells.push(Cell {
            row,
            col,
            rowspan: 1,
            colspan: 1,
            text: t.to_string(),
            lines: vec![t.to_string()],
            parts: vec![Placement {
                page: 1,
                bbox: Rect::new(0.0, 0.0, 10.0, 10.0),
            }],
        })
    };
    for (col, head) in [
        "取組・事業名",
        "重要業績評価指標",
        "基準値",
        "目標値",
        "R2実績",
    ]
    .iter()
    .enumerate()
    {
        add(0, col, head);
    }
    for (col, t) in [
        "事業E",
        "相談件数",
        "120件（R1年度）",
        "200件（R6年度）",
        "150件",
    ]
    .iter()
    .enumerate()
    {
        add(1, col, t);
    }
    let table = Block::Table(Table {
        n_rows: 2,
        n_cols: 5,
        header_rows: 1,
        cells,
        pages: vec![1],
    });
    let x = build(vec![table]);
    assert_eq!(x.kpis.len(), 1, "{:#?}", x.kpis);
    let k = &x.kpis[0];
    assert_eq!(prog(k).name, "事業E");
    assert_eq!(k.indicator.as_deref(), Some("相談件数"));
    let (b, t, acts) = texts(k);
    assert!(b.is_some_and(|b| b.starts_with("120件")), "{b:?}");
    assert!(t.is_some_and(|t| t.starts_with("200件")), "{t:?}");
    assert_eq!(k.target.as_ref().and_then(|q| q.value), Some(200.0));
    assert_eq!(acts, [("R2", "150件")]);
    assert_eq!(k.actuals[0].period.start, Some(2020));
}

mod arbitrary_cells {
    use super::*;
    use proptest::prelude::*;

    fn as_refs(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }

    fn line() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9 ,.:/()（）：ぁ-んア-ン一-龥・①-⑳※⇒△▲－～〜【】%％人件回位円万千H]{0,24}"
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        /// Any cell text gives records without panicking, one program per name cell.
        #[test]
        fn any_cell_text_is_read_without_panic(
            name in prop::collection::vec(line(), 0..4),
            kpi in prop::collection::vec(line(), 0..10),
            actual in prop::collection::vec(line(), 0..5),
            year in line(),
        ) {
            let mut t = TableBuilder::kpi_table();
            let actual = as_refs(&actual);
            t.program(1, &as_refs(&name), &["概要"], &as_refs(&kpi), &[(year.as_str(), &actual)]);
            let x = build(vec![t.build()]);
            prop_assert!(!x.kpis.is_empty());
            for k in &x.kpis {
                // One actual row, or one per value line when it names several years.
                prop_assert!(k.actuals.len() <= actual.len().max(1));
                prop_assert!(!k.id.is_empty());
            }
        }
    }
}
