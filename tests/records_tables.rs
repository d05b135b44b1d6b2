//! records::build on hand-built layouts of the KPI-table layouts of the report family
//! (`../shared/family/LAYOUTS.md`): a progress list, strategy tables, year series, a KPI
//! table without programs, a goal's 数値目標 table, and grids that are not KPI tables.

mod records_common;

use kpi_extract::model::{Block, Extraction, Layout, Level, Rect, TextBlock, TextKind};
use kpi_extract::records;
use records_common::{actuals, build_as, by_indicator, table};

fn text(kind: TextKind, t: &str) -> Block {
    Block::Text(TextBlock {
        kind,
        text: t.to_string(),
        page: 1,
        bbox: Rect::new(0.0, 0.0, 300.0, 12.0),
        size: 10.5,
    })
}

fn build(blocks: Vec<Block>) -> Extraction {
    build_as(blocks, "city")
}

fn value(q: &Option<kpi_extract::model::Quantity>) -> Option<f64> {
    q.as_ref().and_then(|q| q.value)
}

fn start(q: &Option<kpi_extract::model::Quantity>) -> Option<i32> {
    q.as_ref()
        .and_then(|q| q.period.as_ref())
        .and_then(|p| p.start)
}

/// Actuals as (western year, value).
/// Layout a: 基本目標 | 施策 | No. | KPI | 単位 | 基準年度 | 基準値 | 目標値 | 実績値 (two year
/// columns under one spanning header) | 達成率 | 評価 | 備考, goal and policy cells merged
/// down their rows, a 数値目標 row, the header repeated inside the body, a legend below.
fn progress_list() -> Vec<Block> {
    let header: &[(usize, usize, usize, usize, &str)] = &[
        (0, 0, 2, 1, "基本目標"),
        (0, 1, 2, 1, "施策"),
        (0, 2, 2, 1, "No."),
        (0, 3, 2, 1, "重要業績評価指標（ＫＰＩ）"),
        (0, 4, 2, 1, "単位"),
        (0, 5, 2, 1, "基準年度"),
        (0, 6, 2, 1, "基準値"),
        (0, 7, 2, 1, "目標値\n（Ｒ６）"),
        (0, 8, 1, 2, "実績値"),
        (1, 8, 1, 1, "令和２年度"),
        (1, 9, 1, 1, "令和３年度"),
        (0, 10, 2, 1, "達成率"),
        (0, 11, 2, 1, "評価"),
        (0, 12, 2, 1, "備考"),
    ];
    let mut cells = header.to_vec();
    let body: &[(usize, usize, usize, usize, &str)] = &[
        (2, 0, 6, 1, "基本目標１しごとをつくる"),
        (2, 1, 1, 1, "数値目標"),
        (2, 2, 1, 1, ""),
        (2, 3, 1, 1, "市内事業所の従業者数"),
        (2, 4, 1, 1, "人"),
        (2, 5, 1, 1, "Ｈ２８"),
        (2, 6, 1, 1, "２８，４５０"),
        (2, 7, 1, 1, "２９，０００"),
        (2, 8, 1, 1, "２８，１１２"),
        (2, 9, 1, 1, "－"),
        (2, 10, 1, 1, ""),
        (2, 11, 1, 1, "Ｃ"),
        (2, 12, 1, 1, "経済センサス"),
        (3, 1, 3, 1, "（２）農業の振興"),
        (3, 2, 1, 1, "1"),
        (3, 3, 1, 1, "ふるさと納税寄附額"),
        (3, 4, 1, 1, "千円"),
        (3, 5, 1, 1, "Ｈ３０"),
        (3, 6, 1, 1, "８５，４００"),
        (3, 7, 1, 1, "１５０，０００"),
        (3, 8, 1, 1, "１２１，３００"),
        (3, 9, 1, 1, "１３８，６５０"),
        (3, 10, 1, 1, "９２．４％"),
        (3, 11, 1, 1, "Ｂ"),
        (3, 12, 1, 1, ""),
    ];
    cells.extend_from_slice(body);
    // The header printed again where the table continues on the next page.
    for &(r, c, rs, cs, t) in header.iter().filter(|h| h.1 > 1) {
        cells.push((r + 4, c, rs, cs, t));
    }
    let last: &[(usize, usize, usize, usize, &str)] = &[
        (6, 2, 1, 1, "2"),
        (6, 3, 1, 1, "新規就農者数"),
        (6, 4, 1, 1, "人"),
        (6, 5, 1, 1, "Ｈ３０"),
        (6, 6, 1, 1, "５"),
        (6, 7, 1, 1, "１０"),
        (6, 8, 1, 1, "６"),
        (6, 9, 1, 1, "８"),
        (6, 10, 1, 1, "８０％"),
        (6, 11, 1, 1, "◎"),
        (6, 12, 1, 1, ""),
    ];
    cells.extend_from_slice(last);
    vec![
        table(7, 13, 2, &cells),
        text(
            TextKind::Note,
            "※評価Ａ：目標を達成Ｂ：目標達成に向けて順調に推移Ｃ：遅れ",
        ),
    ]
}

#[test]
fn progress_list_with_merged_hierarchy_and_spanning_actuals() {
    let x = build(progress_list());
    assert_eq!(x.kpis.len(), 3, "{:#?}", x.kpis);
    let goal = by_indicator(&x, "市内事業所の従業者数");
    assert_eq!(goal.level, Level::Goal);
    assert_eq!(goal.program, None);
    assert_eq!(goal.goal.as_ref().map(|g| g.number), Some(1));
    assert_eq!(goal.policy, None);
    assert_eq!(value(&goal.baseline), Some(28450.0));
    assert_eq!(start(&goal.baseline), Some(2016));
    assert_eq!(start(&goal.target), Some(2024), "the header's year");
    assert_eq!(
        actuals(goal),
        [(Some(2020), Some(28112.0)), (Some(2021), None)]
    );
    let e = goal.evaluation.as_ref().expect("a grade");
    assert_eq!((e.grade.as_deref(), e.rate), (Some("C"), None));
    assert!(goal.notes.iter().any(|n| n.contains("経済センサス")));

    let yen = by_indicator(&x, "ふるさと納税寄附額");
    assert_eq!(yen.level, Level::Policy);
    assert_eq!(yen.policy.as_ref().map(|p| p.number), Some(2));
    assert_eq!(
        value(&yen.baseline),
        Some(85_400_000.0),
        "the unit column's 千円"
    );
    assert_eq!(
        yen.baseline.as_ref().map(|q| q.text.as_str()),
        Some("85,400")
    );
    let e = yen.evaluation.as_ref().expect("an evaluation");
    assert_eq!((e.grade.as_deref(), e.rate), (Some("B"), Some(92.4)));

    // After the repeated header, the merged 施策 cell still holds: same goal and policy.
    let farm = by_indicator(&x, "新規就農者数");
    assert_eq!(farm.goal.as_ref().map(|g| g.number), Some(1));
    assert_eq!(farm.policy.as_ref().map(|p| p.number), Some(2));
    assert_eq!(
        actuals(farm),
        [(Some(2020), Some(6.0)), (Some(2021), Some(8.0))]
    );

    let table = &x.diagnostics.tables[0];
    assert_eq!(table.roles[3].as_deref(), Some("indicator"));
    assert_eq!(table.roles[8].as_deref(), Some("actual:2020"));
    assert_eq!(table.roles[10].as_deref(), Some("rate"));
    assert_eq!(table.records, 3);
    assert_eq!(x.legends.len(), 1);
    assert_eq!(x.legends[0].entries[0].meaning, "目標を達成");
    assert!(x.warnings.is_empty());
}

/// Layout b: headings, a 【数値目標】 table, then a 施策 heading and a KPI table whose years
/// are only in the header.
fn strategy_tables() -> Vec<Block> {
    vec![
        text(TextKind::Heading, "基本目標２ 新しいひとの流れをつくる"),
        text(TextKind::Paragraph, "【数値目標】"),
        table(
            2,
            3,
            1,
            &[
                (0, 0, 1, 1, "指標"),
                (0, 1, 1, 1, "基準値（平成３０年）"),
                (0, 2, 1, 1, "目標値（令和６年）"),
                (1, 0, 1, 1, "社会増減数"),
                (1, 1, 1, 1, "▲２１５人"),
                (1, 2, 1, 1, "０人"),
            ],
        ),
        text(TextKind::Heading, "（３）関係人口の創出・拡大"),
        text(TextKind::Paragraph, "関係人口の創出・拡大を図ります。"),
        table(
            3,
            3,
            1,
            &[
                (0, 0, 1, 1, "重要業績評価指標\n（ＫＰＩ）"),
                (0, 1, 1, 1, "現状値\n（2014 年度）"),
                (0, 2, 1, 1, "目標値\n（2019 年度）"),
                (1, 0, 1, 1, "ふるさと応援団の\n登録者数"),
                (1, 1, 1, 1, "３２０人"),
                (1, 2, 1, 1, "１，０００人"),
                (2, 0, 1, 1, "移住支援制度の利用者数"),
                (2, 1, 1, 1, "－"),
                (2, 2, 1, 1, "１５０人（令和５年度）"),
            ],
        ),
    ]
}

#[test]
fn strategy_tables_take_years_from_headers_and_levels_from_their_place() {
    let x = build(strategy_tables());
    assert_eq!(x.kpis.len(), 3, "{:#?}", x.kpis);
    let goal = by_indicator(&x, "社会増減数");
    assert_eq!(goal.level, Level::Goal, "under 【数値目標】");
    assert_eq!(goal.goal.as_ref().map(|g| g.number), Some(2));
    assert_eq!(value(&goal.baseline), Some(-215.0));
    assert_eq!(start(&goal.baseline), Some(2018));
    assert_eq!(start(&goal.target), Some(2024));

    let fans = by_indicator(&x, "ふるさと応援団の登録者数");
    assert_eq!(fans.level, Level::Policy);
    assert_eq!(fans.program, None);
    assert_eq!(fans.policy.as_ref().map(|p| p.number), Some(3));
    assert_eq!(
        (value(&fans.baseline), start(&fans.baseline)),
        (Some(320.0), Some(2014))
    );
    assert_eq!(
        (value(&fans.target), start(&fans.target)),
        (Some(1000.0), Some(2019))
    );

    // A dash keeps the header's year; a year printed in the cell wins over the header's.
    let moved = by_indicator(&x, "移住支援制度の利用者数");
    assert_eq!(
        (value(&moved.baseline), start(&moved.baseline)),
        (None, Some(2014))
    );
    assert_eq!(start(&moved.target), Some(2023));
    // The tree: the goal's 数値目標 on the goal node, the policy's KPIs on its measure node.
    let g = &x.goals[0];
    assert_eq!(g.kpis.len(), 1);
    assert_eq!(g.policies[0].subpolicies[0].measures[0].kpis.len(), 2);
}

/// Layout c: a caption, then years as headers with their role marks.
fn year_series(stem_value: &str) -> Vec<Block> {
    vec![
        text(TextKind::Heading, "基本目標１ しごとをつくる"),
        text(TextKind::Heading, "（１）地域産業の競争力強化"),
        text(TextKind::Paragraph, "ＫＰＩ①創業件数"),
        table(
            2,
            5,
            1,
            &[
                (0, 0, 1, 1, "平成３０年度\n(基準値)"),
                (0, 1, 1, 1, "令和２年度"),
                (0, 2, 1, 1, "令和３年度"),
                (0, 3, 1, 1, "令和４年度\n(現状値)"),
                (0, 4, 1, 1, "令和２～６年度\n(目標値)"),
                (1, 0, 1, 1, "３２件"),
                (1, 1, 1, 1, "４１件"),
                (1, 2, 1, 1, stem_value),
                (1, 3, 1, 1, "１３６件"),
                (1, 4, 1, 1, "２５０件"),
            ],
        ),
        text(TextKind::Paragraph, "数値目標②婚姻率"),
        table(
            2,
            3,
            1,
            &[
                (0, 0, 1, 1, "平成25年(基準値)"),
                (0, 1, 1, 1, "平成28年(現状値)"),
                (0, 2, 1, 1, "平成31年(目標値)"),
                (1, 0, 1, 1, "5.5‰"),
                (1, 1, 1, 1, "5.0‰"),
                (1, 2, 1, 1, "5.9‰"),
            ],
        ),
    ]
}

#[test]
fn year_series_tables_read_marked_columns() {
    let x = build(year_series("８９件"));
    assert_eq!(x.kpis.len(), 2, "{:#?}", x.kpis);
    let k = by_indicator(&x, "創業件数");
    assert_eq!(k.level, Level::Policy);
    assert_eq!(
        (value(&k.baseline), start(&k.baseline)),
        (Some(32.0), Some(2018))
    );
    let t = k
        .target
        .as_ref()
        .and_then(|q| q.period.as_ref())
        .expect("target year");
    assert_eq!((t.start, t.end), (Some(2020), Some(2024)));
    assert_eq!(
        actuals(k),
        [
            (Some(2020), Some(41.0)),
            (Some(2021), Some(89.0)),
            (Some(2022), Some(136.0))
        ],
        "the 現状値 column is the latest actual beside a marked baseline"
    );
    let m = by_indicator(&x, "婚姻率");
    assert_eq!(m.level, Level::Goal, "a 数値目標 caption");
    assert_eq!(actuals(m), [(Some(2016), Some(5.0))]);
    // Ids of KPIs without a program come from the hierarchy and the indicator: the next
    // edition (other values) keeps them.
    let next = build(year_series("９０件"));
    assert_eq!(by_indicator(&next, "創業件数").id, k.id);
    assert_ne!(k.id, m.id);
}

#[test]
fn a_kpi_table_without_program_column_gives_policy_records_and_with_one_program_records() {
    let blocks = vec![
        text(TextKind::Heading, "Ⅰ しごとをつくる"),
        text(TextKind::Heading, "① 若者の地元就職"),
        table(
            3,
            4,
            1,
            &[
                (0, 0, 1, 1, "目標値"),
                (0, 1, 1, 1, "担当課"),
                (0, 2, 1, 1, "ＫＰＩ"),
                (0, 3, 1, 1, "基準値"),
                (1, 0, 1, 1, "800人（H31年度）"),
                (1, 1, 1, 1, "産業経済局"),
                (1, 2, 1, 1, "インターンシップ人数"),
                (1, 3, 1, 1, "577人（H26年度）"),
                (2, 0, 1, 1, "1,500人（H31年度）"),
                (2, 1, 1, 1, "企画調整局"),
                (2, 2, 1, 1, "相談件数"),
                (2, 3, 1, 1, "－"),
            ],
        ),
        table(
            2,
            3,
            1,
            &[
                (0, 0, 1, 1, "事業名"),
                (0, 1, 1, 1, "重要業績評価指標（ＫＰＩ）"),
                (0, 2, 1, 1, "目標値（令和６年度）"),
                (1, 0, 1, 1, "空き家バンク運営事業"),
                (1, 1, 1, 1, "成約件数"),
                (1, 2, 1, 1, "１５件"),
            ],
        ),
    ];
    let x = build(blocks);
    assert_eq!(x.kpis.len(), 3, "{:#?}", x.kpis);
    let a = by_indicator(&x, "インターンシップ人数");
    assert_eq!(a.level, Level::Policy);
    assert_eq!(a.program, None);
    assert_eq!(a.policy.as_ref().map(|p| p.label.as_str()), Some("①"));
    assert_eq!(value(&a.baseline), Some(577.0));
    assert_eq!(value(&a.target), Some(800.0), "columns in any order");
    let p = by_indicator(&x, "成約件数");
    assert_eq!(p.level, Level::Program);
    assert_eq!(
        p.program.as_ref().map(|p| p.name.as_str()),
        Some("空き家バンク運営事業")
    );
    assert_eq!(start(&p.target), Some(2024));
}

#[test]
fn a_goal_target_table_gives_goal_records() {
    let x = build(vec![
        text(TextKind::Heading, "基本目標３ 結婚・出産・子育て"),
        table(
            3,
            3,
            1,
            &[
                (0, 0, 1, 1, "数値目標"),
                (0, 1, 1, 1, "基準値"),
                (0, 2, 1, 1, "目標値"),
                (1, 0, 1, 1, "合計特殊出生率"),
                (1, 1, 1, 1, "１．４２（平成３０年）"),
                (1, 2, 1, 1, "１．６０（令和６年）"),
                (2, 0, 1, 1, "子育てしやすいと感じる市民の割合"),
                (2, 1, 1, 1, "６２．５％（令和元年度）"),
                (2, 2, 1, 1, "７５．０％（令和６年度）"),
            ],
        ),
    ]);
    assert_eq!(x.kpis.len(), 2);
    assert!(x
        .kpis
        .iter()
        .all(|k| k.level == Level::Goal && k.policy.is_none()));
    assert!(x
        .kpis
        .iter()
        .all(|k| k.goal.as_ref().map(|g| g.number) == Some(3)));
    let rate = by_indicator(&x, "子育てしやすいと感じる市民の割合");
    assert_eq!(
        (value(&rate.target), start(&rate.target)),
        (Some(75.0), Some(2024))
    );
    assert_eq!(x.goals[0].kpis.len(), 2);
}

#[test]
fn charts_forms_and_lists_give_no_record_but_a_diagnostic() {
    // A chart drawn as a grid: axis labels around mostly empty cells.
    let mut chart: Vec<(usize, usize, usize, usize, &str)> = vec![(0, 0, 1, 1, "目標値")];
    for c in 1..6 {
        chart.push((0, c, 1, 1, ""));
    }
    for r in 1..5 {
        chart.push((r, 0, 1, 1, if r == 1 { "100" } else { "" }));
        for c in 1..6 {
            chart.push((r, c, 1, 1, ""));
        }
    }
    let x = build(vec![
        text(TextKind::Paragraph, "市民満足度調査の結果"),
        table(5, 6, 1, &chart),
        // A list of names: no KPI column, nothing to read.
        table(
            3,
            2,
            1,
            &[
                (0, 0, 1, 1, "施設名称"),
                (0, 1, 1, 1, "所在地"),
                (1, 0, 1, 1, "市民会館"),
                (1, 1, 1, 1, "本町1-1"),
                (2, 0, 1, 1, "図書館"),
                (2, 1, 1, 1, "本町2-3"),
            ],
        ),
        Block::Figure(kpi_extract::model::Figure {
            page: 1,
            bbox: Rect::new(0.0, 300.0, 200.0, 400.0),
            reason: "mostly empty cells (38 of 43)".into(),
            text: "0 20 40".into(),
        }),
    ]);
    assert!(x.kpis.is_empty(), "{:#?}", x.kpis);
    let reasons: Vec<&str> = x
        .diagnostics
        .unread
        .iter()
        .map(|d| d.reason.as_str())
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert_eq!(reasons[0], "chart-like grid");
    assert!(reasons[2].starts_with("mostly empty"), "{reasons:?}");
    assert_eq!(x.diagnostics.tables_seen, 3);
    assert_eq!(x.diagnostics.tables_with_records, 0);
    assert_eq!(x.diagnostics.unread[0].bbox, [0.0, 0.0, 360.0, 100.0]);
    assert_eq!(x.warnings.len(), 1);
    assert!(x.warnings[0].contains("3 tables seen"), "{:?}", x.warnings);
}

#[test]
fn a_document_without_text_says_it_may_be_a_scan() {
    let layout = Layout {
        blocks: Vec::new(),
        pages: 3,
        title: None,
        page_errors: Vec::new(),
    };
    let x = records::build(&layout, "scan");
    assert_eq!(x.warnings.len(), 1);
    assert!(x.warnings[0].contains("no text layer"), "{:?}", x.warnings);
}

#[test]
fn a_chapter_heading_over_every_kpi_is_not_their_goal() {
    // `Ⅲ` is the chapter all KPIs sit in (Ⅰ and Ⅱ hold none); `1.` printed large is the
    // goal and `①` the policy. A table of contents before them sets nothing.
    let kpi_table = |name: &'static str| {
        table(
            2,
            3,
            1,
            &[
                (0, 0, 1, 1, "重要業績評価指標（ＫＰＩ）"),
                (0, 1, 1, 1, "現状値（2014年度）"),
                (0, 2, 1, 1, "目標値（2019年度）"),
                (1, 0, 1, 1, name),
                (1, 1, 1, 1, "3人"),
                (1, 2, 1, 1, "5人"),
            ],
        )
    };
    let large = |t: &str| {
        Block::Text(TextBlock {
            kind: TextKind::Paragraph,
            text: t.to_string(),
            page: 1,
            bbox: Rect::default(),
            size: 20.0,
        })
    };
    let x = build(vec![
        text(TextKind::Paragraph, "①高校の仕組みの強化・・・・・・・・７"),
        text(TextKind::Heading, "Ⅰ 総合戦略について"),
        text(TextKind::Paragraph, "本文です。"),
        text(TextKind::Heading, "Ⅲ 村の総合戦略"),
        large("１．高校の機能強化"),
        text(TextKind::Heading, "①高校の仕組みの強化"),
        kpi_table("中学校訪問実施校数"),
        large("２．雇用の場の創出"),
        text(TextKind::Heading, "②新規就農者の育成"),
        kpi_table("新規就農者数"),
    ]);
    let a = by_indicator(&x, "中学校訪問実施校数");
    assert_eq!(a.goal.as_ref().map(|g| g.number), Some(1));
    assert_eq!(a.policy.as_ref().map(|p| p.number), Some(1));
    let b = by_indicator(&x, "新規就農者数");
    assert_eq!(
        b.goal.as_ref().map(|g| (g.number, g.title.as_str())),
        Some((2, "雇用の場の創出"))
    );
    assert_eq!(b.policy.as_ref().map(|p| p.number), Some(2));
}

#[test]
fn a_title_row_inside_the_table_names_its_indicator() {
    // The caption drawn as the table's first row, the years under it.
    let x = build(vec![
        text(TextKind::Heading, "基本目標１ しごとをつくる"),
        table(
            3,
            3,
            1,
            &[
                (0, 0, 1, 3, "数値目標① 市内事業所の従業者数"),
                (1, 0, 1, 1, "平成28年(基準値)"),
                (1, 1, 1, 1, "令和2年"),
                (1, 2, 1, 1, "令和6年(目標値)"),
                (2, 0, 1, 1, "28,450人"),
                (2, 1, 1, 1, "28,112人"),
                (2, 2, 1, 1, "29,000人"),
            ],
        ),
    ]);
    assert_eq!(x.kpis.len(), 1, "{:#?}", x.diagnostics);
    let k = by_indicator(&x, "市内事業所の従業者数");
    assert_eq!(k.level, Level::Goal);
    assert_eq!(
        (value(&k.baseline), start(&k.baseline)),
        (Some(28450.0), Some(2016))
    );
    assert_eq!(actuals(k), [(Some(2020), Some(28112.0))]);
    assert_eq!(
        (value(&k.target), start(&k.target)),
        (Some(29000.0), Some(2024))
    );
}

#[test]
fn hierarchy_cells_without_a_numeral_are_numbered_within_their_goal() {
    let x = build(vec![table(
        5,
        4,
        1,
        &[
            (0, 0, 1, 1, "基本目標"),
            (0, 1, 1, 1, "施策"),
            (0, 2, 1, 1, "指標"),
            (0, 3, 1, 1, "目標値"),
            (1, 0, 2, 1, "しごとをつくる"),
            (1, 1, 1, 1, "地域産業"),
            (1, 2, 1, 1, "創業件数"),
            (1, 3, 1, 1, "250件"),
            (2, 1, 1, 1, "農業"),
            (2, 2, 1, 1, "新規就農者数"),
            (2, 3, 1, 1, "10人"),
            (3, 0, 2, 1, "ひとの流れ"),
            (3, 1, 1, 1, "観光"),
            (3, 2, 1, 1, "観光入込客数"),
            (3, 3, 1, 1, "180万人"),
            (4, 1, 1, 1, "施策２ 移住・定住"),
            (4, 2, 1, 1, "相談件数"),
            (4, 3, 1, 1, "120件"),
        ],
    )]);
    let numbers = |i: &str| {
        let k = by_indicator(&x, i);
        (
            k.goal.as_ref().map(|g| g.number),
            k.policy.as_ref().map(|p| p.number),
        )
    };
    assert_eq!(numbers("創業件数"), (Some(1), Some(1)));
    assert_eq!(numbers("新規就農者数"), (Some(1), Some(2)));
    assert_eq!(numbers("観光入込客数"), (Some(2), Some(1)));
    assert_eq!(numbers("相談件数"), (Some(2), Some(2)));
    let policy = by_indicator(&x, "相談件数")
        .policy
        .clone()
        .expect("a policy");
    assert_eq!(
        (policy.label.as_str(), policy.title.as_str()),
        ("施策2", "移住・定住")
    );
}

#[test]
fn a_kpi_cell_with_a_plain_arrow_splits_baseline_and_target() {
    let x = build(vec![
        text(TextKind::Heading, "Ⅰ しごと"),
        text(TextKind::Heading, "① 就職"),
        table(
            2,
            3,
            1,
            &[
                (0, 0, 1, 1, "事業名"),
                (0, 1, 1, 1, "概要"),
                (0, 2, 1, 1, "ＫＰＩ"),
                (1, 0, 1, 1, "インターンシップ事業"),
                (1, 1, 1, 1, "学生と企業をつなぐ"),
                (
                    1,
                    2,
                    1,
                    1,
                    "インターンシップ人数：\n577人（H26年度）→800人（H31年度）",
                ),
            ],
        ),
    ]);
    let k = by_indicator(&x, "インターンシップ人数");
    assert_eq!(k.level, Level::Program);
    assert_eq!(
        (value(&k.baseline), start(&k.baseline)),
        (Some(577.0), Some(2014))
    );
    assert_eq!(
        (value(&k.target), start(&k.target)),
        (Some(800.0), Some(2019))
    );
}

#[test]
fn a_plan_with_empty_future_years_is_still_read() {
    let mut cells: Vec<(usize, usize, usize, usize, &str)> =
        vec![(0, 0, 1, 1, "指標"), (0, 1, 1, 1, "基準値")];
    // Three of twelve cells per row filled: a chart's share of empty cells.
    let years = [
        "H28", "H29", "H30", "H31", "R2", "R3", "R4", "R5", "R6", "R7",
    ];
    for (i, y) in years.iter().enumerate() {
        cells.push((0, 2 + i, 1, 1, y));
    }
    for (r, name) in [(1, "転入者数"), (2, "転出者数")] {
        cells.push((r, 0, 1, 1, name));
        cells.push((r, 1, 1, 1, "100人"));
        cells.push((r, 2, 1, 1, "98人"));
        for i in 1..years.len() {
            cells.push((r, 2 + i, 1, 1, ""));
        }
    }
    let x = build(vec![table(3, 12, 1, &cells)]);
    assert_eq!(x.kpis.len(), 2, "{:?}", x.diagnostics.unread);
    assert_eq!(
        actuals(by_indicator(&x, "転入者数")),
        [(Some(2016), Some(98.0))]
    );
}

#[test]
fn a_note_in_a_value_cell_goes_to_the_notes() {
    let x = build(vec![
        text(TextKind::Heading, "①高校生の参加促進"),
        table(
            2,
            3,
            1,
            &[
                (0, 0, 1, 1, "重要業績評価指標（ＫＰＩ）"),
                (0, 1, 1, 1, "現状値（2014年度）"),
                (0, 2, 1, 1, "目標値（2019年度）"),
                (1, 0, 1, 1, "応援団の組織化"),
                (1, 1, 1, 1, "－"),
                (1, 2, 1, 1, "１組織\n※ＰＴＡではない組織"),
            ],
        ),
    ]);
    let k = by_indicator(&x, "応援団の組織化");
    assert_eq!(k.target.as_ref().map(|q| q.text.as_str()), Some("1組織"));
    assert_eq!(k.notes, ["※PTAではない組織"]);
}
