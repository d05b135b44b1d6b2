//! Variants of the family layouts that the family files do not print (issue 12): other
//! column orders, header wordings, year styles, grade marks and line punctuation, built by
//! hand as the layout stage would give them.

mod records_common;

use kpi_extract::model::{Block, Extraction, KpiRecord, Level, Rect, TextBlock, TextKind};
use records_common::{actuals, build_as, by_indicator, table, Spec};

fn text(kind: TextKind, t: &str, i: usize) -> Block {
    let y = 40.0 + i as f64 * 15.0;
    Block::Text(TextBlock {
        kind,
        text: t.to_string(),
        page: 1,
        bbox: Rect::new(50.0, y, 540.0, y + 12.0),
        size: 10.5,
    })
}

fn build(blocks: Vec<Block>) -> Extraction {
    build_as(blocks, "variants")
}

fn lines(blocks: &[(TextKind, &str)]) -> Extraction {
    build(
        blocks
            .iter()
            .enumerate()
            .map(|(i, (k, t))| text(*k, t, i))
            .collect(),
    )
}

/// (value, start year) of a baseline or target.
fn vy(q: &Option<kpi_extract::model::Quantity>) -> (Option<f64>, Option<i32>) {
    let q = q.as_ref();
    (
        q.and_then(|q| q.value),
        q.and_then(|q| q.period.as_ref()).and_then(|p| p.start),
    )
}

fn grade(k: &KpiRecord) -> (Option<&str>, Option<f64>) {
    k.evaluation
        .as_ref()
        .map_or((None, None), |e| (e.grade.as_deref(), e.rate))
}

fn goal_no(k: &KpiRecord) -> Option<u32> {
    k.goal.as_ref().map(|g| g.number)
}

/// Layout a with the columns in another order, other wordings and grade marks.
fn progress_list(indicator_header: &str, goal_label: &str, grades: [&str; 2]) -> Vec<Block> {
    let cells: Vec<Spec> = vec![
        (0, 0, 1, 1, "基本目標"),
        (0, 1, 1, 1, indicator_header),
        (0, 2, 1, 1, "目標値\n（R6）"),
        (0, 3, 1, 1, "基準値"),
        (0, 4, 1, 1, "基準年"),
        (0, 5, 1, 1, "R2実績"),
        (0, 6, 1, 1, "2021年度"),
        (0, 7, 1, 1, "評価"),
        (0, 8, 1, 1, "達成率"),
        (0, 9, 1, 1, "備考"),
        (1, 0, 2, 1, goal_label),
        (1, 1, 1, 1, "創業件数"),
        (1, 2, 1, 1, "２５０件"),
        (1, 3, 1, 1, "３２件"),
        (1, 4, 1, 1, "H30"),
        (1, 5, 1, 1, "４１件"),
        (1, 6, 1, 1, "８９件"),
        (1, 7, 1, 1, grades[0]),
        (1, 8, 1, 1, "35.6%"),
        (1, 9, 1, 1, "商工課調べ"),
        (2, 1, 1, 1, "観光入込客数"),
        (2, 2, 1, 1, "50,000人"),
        (2, 3, 1, 1, "42,000人"),
        (2, 4, 1, 1, "平成28年度"),
        (2, 5, 1, 1, "45,100人"),
        (2, 6, 1, 1, "－"),
        (2, 7, 1, 1, grades[1]),
        (2, 8, 1, 1, "90.2%"),
        (2, 9, 1, 1, ""),
    ];
    vec![table(3, 10, 1, &cells)]
}

fn check_progress(x: &Extraction, goal: Option<u32>, grades: [&str; 2]) {
    assert_eq!(x.kpis.len(), 2, "{:#?}", x.kpis);
    let a = by_indicator(x, "創業件数");
    assert_eq!(vy(&a.baseline), (Some(32.0), Some(2018)));
    assert_eq!(vy(&a.target), (Some(250.0), Some(2024)));
    assert_eq!(
        actuals(a),
        [(Some(2020), Some(41.0)), (Some(2021), Some(89.0))]
    );
    assert_eq!(grade(a), (Some(grades[0]), Some(35.6)));
    assert!(
        a.notes.iter().any(|n| n.contains("商工課調べ")),
        "{:?}",
        a.notes
    );
    assert_eq!(goal_no(a), goal);
    let b = by_indicator(x, "観光入込客数");
    assert_eq!(vy(&b.baseline), (Some(42000.0), Some(2016)));
    assert_eq!(grade(b), (Some(grades[1]), Some(90.2)));
    assert_eq!(goal_no(b), goal, "the merged goal cell holds");
}

#[test]
fn progress_list_in_another_order_and_wordings() {
    for header in ["指標名", "成果指標", "重要業績評価指標(KPI)", "KPI"] {
        let x = build(progress_list(
            header,
            "基本目標１\nしごとをつくる",
            ["B", "A"],
        ));
        check_progress(&x, Some(1), ["B", "A"]);
    }
}

#[test]
fn progress_list_grades_in_other_marks() {
    for (g, want) in [
        (["Ｂ", "Ａ"], ["B", "A"]),
        (["△", "○"], ["△", "○"]),
        (["×", "◎"], ["×", "◎"]),
        (["未達成", "達成"], ["未達成", "達成"]),
    ] {
        let x = build(progress_list("指標名", "基本目標１", g));
        check_progress(&x, Some(1), want);
    }
}

#[test]
fn progress_list_goal_labels() {
    for (label, n) in [
        ("基本目標Ⅱ\n人の流れ", 2),
        ("２\n人の流れ", 2),
        ("Ⅱ　人の流れ", 2),
        ("基本目標2", 2),
    ] {
        let x = build(progress_list("指標名", label, ["B", "A"]));
        check_progress(&x, Some(n), ["B", "A"]);
    }
}

/// Layout b: header wordings and per-year / span values.
#[test]
fn strategy_table_header_wordings() {
    for (base, target, by, ty) in [
        ("現状値（H26）", "目標値（R6年度）", 2014, 2024),
        ("基準値(2014)", "目標値(2019)", 2014, 2019),
        (
            "現状値\n（平成26年度）",
            "目標値\n（平成31年度）",
            2014,
            2019,
        ),
        ("基準値（2014年度）", "目標（2019年度）", 2014, 2019),
    ] {
        let x = build(vec![
            text(TextKind::Heading, "基本目標１ しごとをつくる", 0),
            text(TextKind::Heading, "（２）農業の振興", 1),
            table(
                4,
                3,
                1,
                &[
                    (0, 0, 1, 1, "重要業績評価指標（KPI）"),
                    (0, 1, 1, 1, base),
                    (0, 2, 1, 1, target),
                    (1, 0, 1, 1, "新規就農者数"),
                    (1, 1, 1, 1, "年５人"),
                    (1, 2, 1, 1, "年１２人"),
                    (2, 0, 1, 1, "移住者数"),
                    (2, 1, 1, 1, "－"),
                    (2, 2, 1, 1, "５年間で１５人"),
                    (3, 0, 1, 1, "観光客数"),
                    (3, 1, 1, 1, "約３万人"),
                    (3, 2, 1, 1, "４万人"),
                ],
            ),
        ]);
        assert_eq!(x.kpis.len(), 3, "{base}: {:#?}", x.kpis);
        let a = by_indicator(&x, "新規就農者数");
        assert_eq!(a.level, Level::Policy);
        assert_eq!(vy(&a.baseline), (Some(5.0), Some(by)), "{base}");
        assert_eq!(vy(&a.target), (Some(12.0), Some(ty)), "{target}");
        let b = by_indicator(&x, "移住者数");
        assert_eq!(vy(&b.baseline), (None, Some(by)));
        assert_eq!(vy(&b.target).0, Some(15.0));
        let c = by_indicator(&x, "観光客数");
        assert_eq!(vy(&c.target).0, Some(40000.0));
    }
}

/// Layout c: western years and short role marks.
#[test]
fn year_series_western_years_and_short_marks() {
    for heads in [
        [
            "2016年\n（基準）",
            "2018年",
            "2020年\n（現状）",
            "2024年\n（目標）",
        ],
        [
            "2016年度(基準値)",
            "2018年度",
            "2020年度(現状値)",
            "2024年度(目標値)",
        ],
        ["H28（基準）", "H30", "R2（現状）", "R6（目標）"],
    ] {
        let x = build(vec![
            text(TextKind::Heading, "基本目標１ しごとをつくる", 0),
            text(TextKind::Paragraph, "数値目標① 婚姻率", 1),
            table(
                2,
                4,
                1,
                &[
                    (0, 0, 1, 1, heads[0]),
                    (0, 1, 1, 1, heads[1]),
                    (0, 2, 1, 1, heads[2]),
                    (0, 3, 1, 1, heads[3]),
                    (1, 0, 1, 1, "5.5‰"),
                    (1, 1, 1, 1, "5.2‰"),
                    (1, 2, 1, 1, "5.0‰"),
                    (1, 3, 1, 1, "5.9‰"),
                ],
            ),
        ]);
        assert_eq!(x.kpis.len(), 1, "{heads:?}: {:#?}", x.kpis);
        let k = by_indicator(&x, "婚姻率");
        assert_eq!(vy(&k.baseline), (Some(5.5), Some(2016)), "{heads:?}");
        assert_eq!(vy(&k.target), (Some(5.9), Some(2024)), "{heads:?}");
        assert!(
            actuals(k).contains(&(Some(2020), Some(5.0))),
            "{heads:?} {:?}",
            actuals(k)
        );
    }
}

use TextKind::{Heading, Paragraph};

/// Layout d: arrows, colons and year styles.
#[test]
fn prose_line_punctuation() {
    for line in [
        "①婚姻率：5.5‰（平成25年）→5.9‰（平成31年）",
        "①婚姻率：5.5‰（平成25年）⇒5.9‰（平成31年）",
        "①婚姻率：5.5‰（平成25年）➡5.9‰（平成31年）",
        "①婚姻率:5.5‰（H25）→5.9‰（H31）",
        "①婚姻率：5.5‰(2013年)→5.9‰(2019年)",
        "①婚姻率：5.5‰（2013年度）⇒5.9‰（2019年度）",
    ] {
        let x = lines(&[
            (Heading, "基本目標１ しごとをつくる"),
            (Paragraph, "【数値目標】"),
            (Heading, line),
        ]);
        assert_eq!(x.kpis.len(), 1, "{line}: {:#?}", x.kpis);
        let k = by_indicator(&x, "婚姻率");
        assert_eq!(vy(&k.baseline), (Some(5.5), Some(2013)), "{line}");
        assert_eq!(vy(&k.target), (Some(5.9), Some(2019)), "{line}");
    }
}

#[test]
fn prose_actual_line_forms() {
    for actual in [
        "実績：5.0‰（平成28年）",
        "【実績】5.0‰（平成28年）",
        "実績:5.0‰（H28）",
        "【実績値】5.0‰（2016年）",
    ] {
        let x = lines(&[
            (Heading, "基本目標１ しごとをつくる"),
            (Paragraph, "【数値目標】"),
            (Heading, "①婚姻率：5.5‰（平成25年）→5.9‰（平成31年）"),
            (Paragraph, actual),
        ]);
        let k = by_indicator(&x, "婚姻率");
        assert_eq!(actuals(k), [(Some(2016), Some(5.0))], "{actual}");
    }
}

/// Layout f: other brackets and 達成率.
#[test]
fn newsletter_wordings() {
    for sentence in [
        "KPI「短期移住体験者数」目標年12人→【実績令和4年度15人】【達成度125％】",
        "KPI『短期移住体験者数』目標年12人→【実績令和4年度15人】【達成度125％】",
        "指標「短期移住体験者数」目標年12人→【実績令和4年度15人】【達成度125％】",
        "KPI「短期移住体験者数」目標年12人→【実績令和4年度15人】【達成率125％】",
    ] {
        let x = lines(&[
            (Heading, "基本目標２ 新しいひとの流れをつくる"),
            (Paragraph, sentence),
        ]);
        assert_eq!(x.kpis.len(), 1, "{sentence}: {:#?}", x.kpis);
        let k = by_indicator(&x, "短期移住体験者数");
        assert_eq!(vy(&k.target).0, Some(12.0), "{sentence}");
        assert_eq!(
            k.actuals.first().and_then(|a| a.value.value),
            Some(15.0),
            "{sentence}: {:?}",
            k.actuals
        );
        assert_eq!(grade(k).1, Some(125.0), "{sentence}");
    }
}
