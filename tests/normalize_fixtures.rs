//! Every KPI value of both fixtures' `.expected.json` is reproduced by `parse_quantity`
//! from the text printed in the PDF (read with `pdftotext -layout` and written down here).
//!
//! The table is keyed by (program index, KPI index, field); the two editions print the
//! same values for the years they share, and the H29 edition adds the year 2017.

use std::collections::BTreeMap;

use kpi_extract::normalize::{parse_period, parse_quantity};
use serde_json::Value;

/// A printed value, and the printed period when it stands apart from the value (the
/// period printed once after a pair of labelled values: `リーダー40人 / マイスター0人（H26年度）`).
#[derive(Clone, Copy)]
struct Printed {
    value: &'static str,
    period: Option<&'static str>,
}

const fn p(value: &'static str) -> Printed {
    Printed {
        value,
        period: None,
    }
}

const fn pp(value: &'static str, period: &'static str) -> Printed {
    Printed {
        value,
        period: Some(period),
    }
}

/// (program, kpi, field) → printed text; field is `baseline`, `target` or a year.
#[rustfmt::skip]
const PRINTED: &[(usize, usize, &str, Printed)] = &[
    (0, 0, "baseline", p("577 人（H26 年度）")),
    (0, 0, "target", p("800 人（H31 年度）")),
    (0, 0, "2015", p("743 人")),
    (0, 0, "2016", p("670 人")),
    (0, 0, "2017", p("718 人")),
    (0, 1, "target", p("1,500 人（H31 年度）")),
    (0, 1, "2015", p("69 人")),
    (0, 1, "2016", p("2,446 人")),
    (0, 1, "2017", p("2,618 人")),
    (1, 0, "target", p("300 人/年度（H30～32 年度）")),
    (1, 0, "2015", p("－（H30～）")),
    (1, 0, "2016", p("－（H30～）")),
    (1, 0, "2017", p("－")),
    (2, 0, "baseline", p("21,116 人（H26 年度）")),
    (2, 0, "target", p("25,000 人（H31 年度）")),
    (2, 0, "2015", p("利用学生数：19,928 人")),
    (2, 0, "2016", p("利用学生数：18,520 人")),
    (2, 0, "2017", p("利用学生数：19,817 人")),
    (2, 1, "baseline", pp("リーダー40 人", "（H26 年度）")),
    (2, 1, "target", pp("リーダー100 人", "（H31 年度）")),
    (2, 1, "2015", p("リーダー52 人")),
    (2, 1, "2016", p("リーダー67 人")),
    (2, 1, "2017", p("リーダー73 人")),
    (2, 2, "baseline", p("マイスター0人（H26 年度）")),
    (2, 2, "target", p("マイスター10 人（H31 年度）")),
    (2, 2, "2015", p("マイスター2人")),
    (2, 2, "2016", p("マイスター5人")),
    (2, 2, "2017", p("マイスター6人")),
    (3, 0, "baseline", p("29.7％（H26 年度）")),
    (3, 0, "target", p("35％（H31 年度）")),
    (3, 0, "2015", p("－")),
    (3, 0, "2016", p("－")),
    (3, 0, "2017", p("－")),
    (4, 0, "baseline", p("5 件（H26 年度）")),
    (4, 0, "target", p("21 件（H27～31 年度）")),
    (4, 0, "2015", p("5 件")),
    (4, 0, "2016", p("累計 4件")),
    (4, 0, "2017", p("5 件")),
    (5, 0, "baseline", p("374 社（H26 年度）")),
    (5, 0, "target", p("380 社（H31 年度）")),
    (5, 0, "2015", p("388 社")),
    (5, 0, "2016", p("466 社")),
    (5, 0, "2017", p("500 社")),
    (6, 0, "baseline", p("政令市 4位（H26 年度）")),
    (6, 0, "target", p("⇒1位（H31 年度）")),
    (6, 0, "2015", p("－(5 年に一度の調査、次回 H31)")),
    (6, 0, "2016", p("－(5 年に一度の調査、次回 H31)")),
    (6, 0, "2017", p("－")),
    (6, 1, "baseline", p("政令市 15位（H26 年度）")),
    (6, 1, "target", p("⇒5位以内（H31 年度）")),
    (6, 1, "2015", p("－(5 年に一度の調査、次回 H31)")),
    (6, 1, "2016", p("－(5 年に一度の調査、次回 H31)")),
    (6, 1, "2017", p("－")),
    (7, 0, "baseline", p("0 人（H28 年度）")),
    (7, 0, "target", p("348 人（H31 年度）")),
    (7, 0, "2015", p("－")),
    (7, 0, "2016", p("△198 人")),
    (7, 0, "2017", p("△213 人")),
    (8, 0, "target", p("1,000 人分（H29 年度）")),
    (8, 0, "2015", p("－（H29）")),
    (8, 0, "2016", p("－（H29）")),
    (8, 0, "2017", p("－")),
    (9, 0, "2015", p("0 件")),
    (9, 0, "2016", p("2 件")),
    (9, 0, "2017", p("3 件")),
    (10, 0, "baseline", p("6件（H26 年度）")),
    (10, 0, "target", p("25 件（H27～31 年度）")),
    (10, 0, "2015", p("9 件")),
    (10, 0, "2016", p("累計 14 件")),
    (10, 0, "2017", p("16 件")),
    (11, 0, "baseline", p("43％（H25 年度）")),
    (11, 0, "target", p("50％（H31 年度）")),
    (11, 0, "2015", p("43.8%")),
    (11, 0, "2016", p("49.9%")),
    (11, 0, "2017", p("51.2%")),
    (11, 1, "baseline", p("108 件（H26 年度）")),
    (11, 1, "target", p("200 件（H31 年度）")),
    (11, 1, "2015", p("74 件")),
    (11, 1, "2016", p("114 件")),
    (11, 1, "2017", p("123 件")),
    (12, 0, "baseline", p("79.7％（H26 年度）")),
    (12, 0, "target", p("80％ （H31 年度）")),
    (12, 0, "2015", p("-")),
    (12, 0, "2016", p("-")),
    (12, 0, "2017", p("－")),
    (12, 1, "baseline", p("606 人（H26 年度）")),
    (12, 1, "target", p("1,200 人（H31 年度）")),
    (12, 1, "2015", p("592 人")),
    (12, 1, "2016", p("832 人")),
    (12, 1, "2017", p("891 人")),
    (13, 0, "baseline", p("15.3 万人(H27 年度)")),
    (13, 0, "target", p("19.1 万人(H31 年度)")),
    (13, 0, "2015", p("15.3 万人")),
    (13, 0, "2016", p("18.6 万人")),
    (13, 0, "2017", p("20.1 万人")),
    (14, 0, "baseline", p("5.6 万人/年（H27 年度）")),
    (14, 0, "target", p("⇒20 万人（H28～31 年度）")),
    (14, 0, "2015", p("5.6 万人")),
    (14, 0, "2016", p("2.7 万人")),
    (14, 0, "2017", p("2.9 万人")),
    (15, 0, "target", p("6,451,100 千円")),
    (15, 0, "2015", p("－")),
    (15, 0, "2016", p("559,000 千円（両市観光動態調査より算出）")),
    (15, 0, "2017", p("614,900 千円")),
    (17, 0, "target", p("トップ会談 5回（H27～31 年度）")),
    (17, 0, "2015", p("1 回")),
    (17, 0, "2016", p("累計 2回")),
    (17, 0, "2017", p("3 回")),
    (18, 0, "2015", p("－")),
    (18, 0, "2016", p("16 市町と連携協約締結（圏域形成済）")),
    (18, 0, "2017", p("18 市町と連携協約締結")),
    (19, 0, "baseline", p("69％（H28 年度）")),
    (19, 0, "target", p("90％（H31 年度）")),
    (19, 0, "2015", p("－")),
    (19, 0, "2016", p("75%")),
    (19, 0, "2017", p("76.3%")),
    (20, 0, "target", p("3,658 万人(H31 年度)")),
    (20, 0, "2015", p("－")),
    (20, 0, "2016", p("調査中")),
    (20, 0, "2017", p("調査中")),
    (20, 1, "target", p("178.6 万人(H31 年度)")),
    (20, 1, "2015", p("－")),
    (20, 1, "2016", p("調査中")),
    (20, 1, "2017", p("調査中")),
    (22, 0, "2015", p("1 回")),
    (22, 0, "2016", p("1 回")),
    (22, 0, "2017", p("2 回")),
    (23, 0, "2015", p("1 回")),
    (23, 0, "2016", p("1 回")),
    (23, 0, "2017", p("2 回")),
    (24, 0, "target", p("（H27 年度）")),
    (24, 0, "2015", p("施設分野別実行計画、モデルプロジェクト地域の公共施設再配置計画の策定")),
    (24, 0, "2016", p("－")),
    (24, 0, "2017", p("－")),
    (25, 0, "2015", p("－")),
    (25, 0, "2016", p("・5 ヶ年行動計画策定\n・PDCA サイクルによる公共施設の集約等の推進\n・モデルプロジェクトの推進")),
    (25, 0, "2017", p("－")),
    (26, 0, "baseline", p("78.5％（H25 年度）")),
    (26, 0, "target", p("90％以上（H31 年度）")),
    (26, 0, "2015", p("83.5％")),
    (26, 0, "2016", p("84.8％")),
    (26, 0, "2017", p("86.1%")),
];

fn printed(program: usize, kpi: usize, field: &str) -> Option<Printed> {
    PRINTED
        .iter()
        .find(|(p, k, f, _)| *p == program && *k == kpi && *f == field)
        .map(|entry| entry.3)
}

fn load(name: &str) -> Value {
    let path = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Checks one baseline/target object `{value, start, end}` against its printed text.
fn check_dated(where_: &str, want: &Value, printed: Printed) -> Result<(), String> {
    let q = parse_quantity(printed.value);
    let period = match printed.period {
        Some(text) => parse_period(text).ok(),
        None => q.period.clone(),
    };
    let got = (
        q.value,
        period.as_ref().and_then(|p| p.start),
        period.as_ref().and_then(|p| p.end),
    );
    let want = (
        want["value"].as_f64(),
        want["start"].as_i64().map(|y| y as i32),
        want["end"].as_i64().map(|y| y as i32),
    );
    if got == want {
        Ok(())
    } else {
        Err(format!(
            "{where_}: {:?} gives {got:?}, want {want:?}",
            printed.value
        ))
    }
}

/// Checks every value of one edition; returns the failures and how many values were checked.
fn check_edition(name: &str) -> (Vec<String>, usize) {
    let expected = load(name);
    let mut failures = Vec::new();
    let mut checked = 0;
    let programs = expected["programs"].as_array().cloned().unwrap_or_default();
    for (pi, program) in programs.iter().enumerate() {
        let kpis = program["kpis"].as_array().cloned().unwrap_or_default();
        for (ki, kpi) in kpis.iter().enumerate() {
            for field in ["baseline", "target"] {
                if kpi[field].is_null() {
                    continue;
                }
                let where_ = format!("{name} program {pi} kpi {ki} {field}");
                checked += 1;
                match printed(pi, ki, field) {
                    Some(text) => failures.extend(check_dated(&where_, &kpi[field], text).err()),
                    None => failures.push(format!("{where_}: no printed text in the table")),
                }
            }
            let actuals: BTreeMap<String, Value> =
                serde_json::from_value(kpi["actuals"].clone()).unwrap_or_default();
            for (year, want) in actuals {
                let where_ = format!("{name} program {pi} kpi {ki} actual {year}");
                checked += 1;
                let Some(text) = printed(pi, ki, &year) else {
                    failures.push(format!("{where_}: no printed text in the table"));
                    continue;
                };
                let got = parse_quantity(text.value).value;
                if got != want.as_f64() {
                    failures.push(format!(
                        "{where_}: {:?} gives {got:?}, want {want}",
                        text.value
                    ));
                }
            }
        }
    }
    (failures, checked)
}

#[test]
fn h28_values_are_reproduced_from_their_printed_text() {
    let (failures, checked) = check_edition("kitakyushu-kpi-h28.expected.json");
    assert!(checked > 100, "only {checked} values checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn h29_values_are_reproduced_from_their_printed_text() {
    let (failures, checked) = check_edition("kitakyushu-kpi-h29.expected.json");
    assert!(checked > 140, "only {checked} values checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
