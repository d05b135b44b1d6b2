//! Table-driven tests of `parse_quantity` over every notation of issue 4.

use kpi_extract::model::{Qualifier, ValueStatus};
use kpi_extract::normalize::parse_quantity;

use Qualifier::*;
use ValueStatus::*;

/// One expected reading: value, unit, qualifier, status, (start, end) of the period.
type Want = (
    Option<f64>,
    Option<&'static str>,
    Option<Qualifier>,
    Option<ValueStatus>,
    Option<(Option<i32>, Option<i32>)>,
);

fn check(cases: &[(&str, Want)]) {
    for (input, want) in cases {
        let q = parse_quantity(input);
        let period = q.period.as_ref().map(|p| (p.start, p.end));
        let got = (q.value, q.unit.as_deref(), q.qualifier, q.status, period);
        assert_eq!(&got, want, "input {input:?} → {q:?}");
    }
}

const fn year(y: i32) -> Option<(Option<i32>, Option<i32>)> {
    Some((Some(y), Some(y)))
}

const fn years(a: i32, b: i32) -> Option<(Option<i32>, Option<i32>)> {
    Some((Some(a), Some(b)))
}

#[test]
fn issue_examples() {
    check(&[
        ("15.3 万人", (Some(153000.0), Some("人"), None, None, None)),
        (
            "6,451,100 千円",
            (Some(6451100000.0), Some("円"), None, None, None),
        ),
        ("△198 人", (Some(-198.0), Some("人"), None, None, None)),
        (
            "－（H30～）",
            (
                None,
                None,
                None,
                Some(NotAvailable),
                Some((Some(2018), None)),
            ),
        ),
        (
            "300 人/年度（H30～32 年度）",
            (
                Some(300.0),
                Some("人/年度"),
                Some(PerYear),
                None,
                years(2018, 2020),
            ),
        ),
        ("政令市 4位", (Some(4.0), Some("位"), None, None, None)),
        (
            "⇒5位以内",
            (Some(5.0), Some("位"), Some(AtMost), None, None),
        ),
        (
            "累計 4件",
            (Some(4.0), Some("件"), Some(Cumulative), None, None),
        ),
        ("調査中", (None, None, None, Some(UnderSurvey), None)),
        (
            "577 人（H26 年度）",
            (Some(577.0), Some("人"), None, None, year(2014)),
        ),
    ]);
}

#[test]
fn numbers_and_scales() {
    check(&[
        ("１，２３４人", (Some(1234.0), Some("人"), None, None, None)),
        ("1234", (Some(1234.0), None, None, None, None)),
        ("0", (Some(0.0), None, None, None, None)),
        ("29.7％", (Some(29.7), Some("%"), None, None, None)),
        ("43.8%", (Some(43.8), Some("%"), None, None, None)),
        (
            "3,658 万人(H31 年度)",
            (Some(36580000.0), Some("人"), None, None, year(2019)),
        ),
        (
            "178.6 万人",
            (Some(1786000.0), Some("人"), None, None, None),
        ),
        ("5万", (Some(50000.0), None, None, None, None)),
        ("2.5千人", (Some(2500.0), Some("人"), None, None, None)),
        ("12百万円", (Some(12000000.0), Some("円"), None, None, None)),
        ("3億円", (Some(300000000.0), Some("円"), None, None, None)),
        (
            "1.2兆円",
            (Some(1200000000000.0), Some("円"), None, None, None),
        ),
        ("1千万円", (Some(10000000.0), Some("円"), None, None, None)),
    ]);
}

#[test]
fn negatives() {
    check(&[
        ("▲198 人", (Some(-198.0), Some("人"), None, None, None)),
        ("-5件", (Some(-5.0), Some("件"), None, None, None)),
        (
            "−0.5ポイント",
            (Some(-0.5), Some("ポイント"), None, None, None),
        ),
        ("△1.5万人", (Some(-15000.0), Some("人"), None, None, None)),
    ]);
}

#[test]
fn units() {
    let units = [
        "人",
        "件",
        "社",
        "回",
        "位",
        "円",
        "%",
        "ポイント",
        "pt",
        "人泊",
        "団体",
        "校",
        "か所",
        "箇所",
        "店舗",
        "台",
        "本",
        "種",
        "冊",
        "ha",
        "人分",
        "市町",
    ];
    for unit in units {
        let q = parse_quantity(&format!("12{unit}"));
        assert_eq!(
            (q.value, q.unit.as_deref()),
            (Some(12.0), Some(unit)),
            "unit {unit}"
        );
    }
    check(&[
        ("5 pt", (Some(5.0), Some("pt"), None, None, None)),
        ("12％", (Some(12.0), Some("%"), None, None, None)),
        (
            "5.6 万人/年（H27 年度）",
            (
                Some(56000.0),
                Some("人/年"),
                Some(PerYear),
                None,
                year(2015),
            ),
        ),
    ]);
}

#[test]
fn qualifiers() {
    check(&[
        (
            "累計4件",
            (Some(4.0), Some("件"), Some(Cumulative), None, None),
        ),
        (
            "4件累計",
            (Some(4.0), Some("件"), Some(Cumulative), None, None),
        ),
        (
            "累計：14件",
            (Some(14.0), Some("件"), Some(Cumulative), None, None),
        ),
        (
            "90％以上（H31 年度）",
            (Some(90.0), Some("%"), Some(AtLeast), None, year(2019)),
        ),
        ("5位以下", (Some(5.0), Some("位"), Some(AtMost), None, None)),
        (
            "毎年度2回",
            (Some(2.0), Some("回"), Some(PerYear), None, None),
        ),
        (
            "2回（毎年度）",
            (Some(2.0), Some("回"), Some(PerYear), None, None),
        ),
        (
            "100人/年",
            (Some(100.0), Some("人/年"), Some(PerYear), None, None),
        ),
        (
            "10件(R3～R6年度累計)",
            (
                Some(10.0),
                Some("件"),
                Some(Cumulative),
                None,
                years(2021, 2024),
            ),
        ),
        ("1位程度", (Some(1.0), Some("位"), None, None, None)),
    ]);
}

#[test]
fn statuses() {
    for dash in ["－", "-", "—", "―", " － "] {
        check(&[(dash, (None, None, None, Some(NotAvailable), None))]);
    }
    check(&[
        (
            "－（H29）",
            (None, None, None, Some(NotAvailable), year(2017)),
        ),
        (
            "－(5 年に一度の調査、次回 H31)",
            (None, None, None, Some(NotAvailable), None),
        ),
        (
            "－\n※KPIの根拠となる調査は3年毎に実施。",
            (None, None, None, Some(NotAvailable), None),
        ),
        ("集計中", (None, None, None, Some(UnderSurvey), None)),
        (
            "調査中(R2年度)",
            (None, None, None, Some(UnderSurvey), year(2020)),
        ),
        (
            "施設分野別実行計画の策定",
            (None, None, None, Some(Text), None),
        ),
        ("（H27 年度）", (None, None, None, Some(Text), year(2015))),
        ("", (None, None, None, None, None)),
    ]);
}

#[test]
fn periods_around_the_value() {
    check(&[
        (
            "800 人（H31 年度）",
            (Some(800.0), Some("人"), None, None, year(2019)),
        ),
        (
            "15.3 万人(H27 年度)",
            (Some(153000.0), Some("人"), None, None, year(2015)),
        ),
        (
            "⇒20 万人（H28～31 年度）",
            (Some(200000.0), Some("人"), None, None, years(2016, 2019)),
        ),
        (
            "トップ会談 5回（H27～31 年度）",
            (Some(5.0), Some("回"), None, None, years(2015, 2019)),
        ),
        (
            "H27 743 人",
            (Some(743.0), Some("人"), None, None, year(2015)),
        ),
        (
            "H28 累計 4件",
            (Some(4.0), Some("件"), Some(Cumulative), None, year(2016)),
        ),
        (
            "(H31年度)800人",
            (Some(800.0), Some("人"), None, None, year(2019)),
        ),
        (
            "559,000 千円（両市観光動態調査より算出）",
            (Some(559000000.0), Some("円"), None, None, None),
        ),
        (
            "80％ （H31 年度）",
            (Some(80.0), Some("%"), None, None, year(2019)),
        ),
    ]);
}

#[test]
fn text_is_normalised_input() {
    assert_eq!(parse_quantity("577 人（H26 年度）").text, "577人(H26年度)");
    let q = parse_quantity("300 人/年度（H30～32 年度）");
    assert_eq!(q.period.map(|p| p.text).as_deref(), Some("H30～32年度"));
}

/// Whenever more than one number could be the value, or the text around it is not
/// understood, the value stays null: never a wrong number.
#[test]
fn uncertain_values_stay_null() {
    let uncertain = [
        "リーダー52人マイスター2人",
        "577人(H26年度)⇒800人(H31年度)",
        "5～10件",
        "5年に一度の調査",
        "・5 ヶ年行動計画策定\n・PDCA サイクルによる推進",
        "前年比5%増",
        "H27",
        "F1層",
        "KPI31",
        "64,51人",
        "1,0000人",
        "1.2.3件",
        "北九州市への50歳以上の転入者増加数",
        "5件、6件",
        "99999999999999999999999999999999999999999人",
        "1234567890123456789",
        "0.1234567890123456789",
    ];
    for input in uncertain {
        let q = parse_quantity(input);
        assert_eq!(
            (q.value, q.status),
            (None, Some(Text)),
            "input {input:?} → {q:?}"
        );
    }
}

#[test]
fn prose_after_a_counted_unit_keeps_the_count() {
    check(&[
        (
            "16 市町と連携協約締結（圏域形成済）",
            (Some(16.0), Some("市町"), None, None, None),
        ),
        (
            "18 市町と連携協約締結",
            (Some(18.0), Some("市町"), None, None, None),
        ),
    ]);
}

/// The forms the report family prints (issue 12): yearly marks, spans, a main value with a
/// bracketed secondary, `約`, relative targets.
#[test]
fn family_forms() {
    check(&[
        (
            "年１２人",
            (Some(12.0), Some("人"), Some(PerYear), None, None),
        ),
        (
            "年 1,500 人",
            (Some(1500.0), Some("人"), Some(PerYear), None, None),
        ),
        (
            "年間 300 人",
            (Some(300.0), Some("人"), Some(PerYear), None, None),
        ),
        (
            "各地域で年１回",
            (Some(1.0), Some("回"), Some(PerYear), None, None),
        ),
        (
            "旭川・札幌・地元 各地域で年１回",
            (Some(1.0), Some("回"), Some(PerYear), None, None),
        ),
        (
            "５年間で１５人",
            (Some(15.0), Some("人"), Some(Cumulative), None, None),
        ),
        (
            "５年間で６人（2019 年度）",
            (
                Some(6.0),
                Some("人"),
                Some(Cumulative),
                None,
                years(2015, 2019),
            ),
        ),
        (
            "2 事業 /5 年間",
            (Some(2.0), Some("事業"), Some(Cumulative), None, None),
        ),
        (
            "５年間で１組織化",
            (Some(1.0), Some("組織化"), Some(Cumulative), None, None),
        ),
        (
            "９人（延べ２４３日）",
            (Some(9.0), Some("人"), None, None, None),
        ),
        (
            "年１２人（延べ３００日）",
            (Some(12.0), Some("人"), Some(PerYear), None, None),
        ),
        (
            "年３人（５年間で１５人）",
            (Some(3.0), Some("人"), Some(PerYear), None, None),
        ),
        (
            "約1,000人",
            (Some(1000.0), Some("人"), Some(Approximately), None, None),
        ),
        (
            "約 2.5 万人（令和 6 年度）",
            (
                Some(25000.0),
                Some("人"),
                Some(Approximately),
                None,
                year(2024),
            ),
        ),
        ("10.0%減少", (None, None, None, Some(Text), None)),
        ("増加", (None, None, None, Some(Text), None)),
        (
            "１年間収録し DVD 化 中学校へ配布",
            (None, None, None, Some(Text), None),
        ),
    ]);
}

/// Words that only look like the new marks keep their old reading.
#[test]
fn family_marks_do_not_misfire() {
    check(&[
        // `協約` is a word, not `約` (about).
        (
            "連携協約 16 市町",
            (Some(16.0), Some("市町"), None, None, None),
        ),
        // A year before the number is a year, not a yearly mark.
        (
            "令和元年 100人",
            (Some(100.0), Some("人"), None, None, year(2019)),
        ),
        // A span without its own number is a duration: no total, not cumulative.
        ("5年間", (Some(5.0), Some("年間"), None, None, None)),
    ]);
    let q = parse_quantity("年３人（５年間で１５人）");
    assert_eq!(
        q.text, "年3人(5年間で15人)",
        "the secondary stays in the text"
    );
}

#[test]
fn spans_are_dated_by_a_header_year() {
    use kpi_extract::normalize::{date_quantity, parse_period, span_years};
    let header = parse_period("2019年度").expect("a year");
    let mut span = parse_quantity("５年間で６人");
    date_quantity(&mut span, &header);
    let p = span.period.expect("dated");
    assert_eq!((p.start, p.end, p.fiscal), (Some(2015), Some(2019), true));
    let mut yearly = parse_quantity("年４０人");
    date_quantity(&mut yearly, &header);
    let p = yearly.period.expect("dated");
    assert_eq!((p.start, p.end), (Some(2019), Some(2019)));
    // A value with its own year keeps it.
    let mut own = parse_quantity("40人（2020年度）");
    date_quantity(&mut own, &header);
    assert_eq!(own.period.and_then(|p| p.start), Some(2020));
    assert_eq!(span_years("2 事業 /5 年間"), Some(5));
    assert_eq!(span_years("年４０人"), None);
}

/// A year label ending in `年`/`年度` before the value: the digits after it are the value.
#[test]
fn year_label_then_value_without_a_space() {
    check(&[
        (
            "令和2年28,112人",
            (Some(28112.0), Some("人"), None, None, year(2020)),
        ),
        (
            "令和 4 年－",
            (None, None, None, Some(NotAvailable), year(2022)),
        ),
        ("H2743人", (None, None, None, Some(Text), None)),
    ]);
}
