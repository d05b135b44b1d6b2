//! The grammar of printed values inside KPI and actual cells: which lines are values,
//! and how a run of labelled values (`リーダー40人マイスター0人(H26年度)`) splits.
//!
//! Works on folded text (see [`super::text::fold`]): ASCII digits, `%`, `(`, `:`.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Quantity;
use crate::normalize::{parse_period, parse_quantity};

/// Units a KPI value is printed with (longest first where one is a prefix of another).
const UNITS: &str = "ポイント|pt|人泊|人日|人|件|社|回|位|円|%|箇所|か所|ヶ所|カ所|団体|校|施設|品目|点|台|組|世帯|戸|店舗|時間|倍|割|トン|t|ha";

/// A number with an optional scale word and a unit.
static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"[△▲−-]?\d[\d,]*(?:\.\d+)?\s*(?:百万|千|万|億|兆)?\s*(?:{UNITS})"
    ))
    .expect("static regex")
});

/// What may follow a quantity on a value line: a short unit suffix (`/年度`, `分`), a
/// qualifier, a bracketed period, an arrow and the next value.
static VALUE_REST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*/?[^\s()⇒:、。「」]{0,3}?\s*(?:以上|以内|以下|未満)?\s*(?:\([^)]*\)?)?\s*(?:⇒.*)?$",
    )
    .expect("static regex")
});

/// A bracketed year: `(H27年度)`, `(H27～31年度)`, `(2019)`, `(H28.4.18)`.
static PERIOD_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\((?:[HRSMT]|平成|令和|昭和)\s*(?:\d|元)|^\(\d{4}").expect("static regex")
});

/// A not-available dash, alone or before a bracket.
static DASH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[－―—\-−](?:\s*\(.*)?$").expect("static regex"));

/// Words that qualify a value rather than label it (`累計4件`).
const NOT_LABELS: &[&str] = &[
    "累計",
    "年間",
    "毎年度",
    "毎年",
    "延べ",
    "約",
    "計",
    "合計",
    "各",
    "最大",
    "最低",
    "年",
];

/// How a line of a KPI cell reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// Starts with `⇒`.
    Arrow,
    /// Starts with a number and unit.
    Number,
    /// A short label then a number and unit (`リーダー40人`, `政令市4位`).
    Labelled,
    /// Only a bracketed period.
    PeriodOnly,
    /// A not-available dash.
    Dash,
    /// Anything else: indicator text.
    Text,
}

impl LineKind {
    /// Whether the line is part of a value.
    pub(crate) fn is_value(self) -> bool {
        self != LineKind::Text
    }
    /// Whether the line carries a number (or an explicit not-available mark).
    pub(crate) fn has_number(self) -> bool {
        matches!(self, LineKind::Number | LineKind::Labelled | LineKind::Dash)
    }
}

/// Classifies one folded line of a KPI cell.
pub(crate) fn classify(line: &str) -> LineKind {
    let t = line.trim();
    if t.starts_with('⇒') {
        return LineKind::Arrow;
    }
    if PERIOD_ONLY.is_match(t) {
        return LineKind::PeriodOnly;
    }
    if DASH.is_match(t) {
        return LineKind::Dash;
    }
    match QUANTITY.find(t) {
        Some(m) if VALUE_REST.is_match(&t[m.end()..]) => {
            let label = &t[..m.start()];
            if label.trim().is_empty() {
                LineKind::Number
            } else if is_short_label(label) {
                LineKind::Labelled
            } else {
                LineKind::Text
            }
        }
        _ => LineKind::Text,
    }
}

/// A label short and plain enough to name a value (no colon, brackets or digits).
fn is_short_label(label: &str) -> bool {
    let n = label.chars().count();
    (1..=10).contains(&n)
        && !label
            .chars()
            .any(|c| c.is_ascii_digit() || matches!(c, ':' | '(' | ')' | '「' | '」' | '⇒'))
}

/// One value of a run of values, with the label printed before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LabelledValue {
    /// Text before the number (colons kept, e.g. `認定者数:リーダー`), trimmed.
    pub label: String,
    /// The value's text: number, unit and what follows up to the next label.
    pub value: String,
}

/// Splits a run of values into labelled values. A bracket that follows a value belongs
/// to it; a bracketed period at the very end is given to every value that lacks one
/// (`リーダー40人マイスター0人(H26年度)`).
pub(crate) fn split_values(text: &str) -> Vec<LabelledValue> {
    let t = text.trim();
    let matches: Vec<_> = QUANTITY.find_iter(t).collect();
    let mut out: Vec<LabelledValue> = Vec::new();
    let mut label_start = 0;
    for (i, m) in matches.iter().enumerate() {
        let next_start = matches.get(i + 1).map_or(t.len(), |n| n.start());
        let between = &t[m.end()..next_start];
        let (suffix, rest) = split_suffix(between, i + 1 == matches.len());
        out.push(LabelledValue {
            label: t[label_start..m.start()].trim().to_string(),
            value: format!("{}{}", m.as_str(), suffix).trim().to_string(),
        });
        label_start = next_start - rest.len();
    }
    share_trailing_period(&mut out);
    out
}

/// What follows a value and belongs to it: a per-period suffix, a qualifier, a bracket.
static SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:/(?:年度|年|月|日|人|回|件))?\s*(?:以上|以内|以下|未満)?\s*(?:\([^)]*\))?")
        .expect("static regex")
});

/// Splits the text after a value into what belongs to it (unit suffix, qualifier,
/// bracket) and the next value's label.
fn split_suffix(between: &str, last: bool) -> (&str, &str) {
    if last {
        return (between, "");
    }
    let end = SUFFIX.find(between).map_or(0, |m| m.end());
    (&between[..end], &between[end..])
}

/// Gives a trailing bracketed period to the values before it that have none.
fn share_trailing_period(values: &mut [LabelledValue]) {
    let Some(last) = values.last() else { return };
    let Some(open) = last.value.rfind('(') else {
        return;
    };
    let bracket = last.value[open..].to_string();
    if !PERIOD_ONLY.is_match(&bracket) {
        return;
    }
    let n = values.len();
    for v in values.iter_mut().take(n - 1) {
        if !v.value.contains('(') {
            v.value.push_str(&bracket);
        }
    }
}

/// Whether `label` is a real name for a value rather than a qualifier word.
pub(crate) fn is_naming_label(label: &str) -> bool {
    let l = label.trim().trim_end_matches(':');
    l.chars().count() >= 2 && !NOT_LABELS.contains(&l)
}

/// The part of a label after its last colon (`認定者数:リーダー` → `リーダー`).
pub(crate) fn last_label_part(label: &str) -> &str {
    label.rsplit(':').next().unwrap_or(label).trim()
}

/// A number printed alone (its unit in a unit column), maybe followed by one bracket
/// (`42.5 (H30)`): the number and the bracket.
static BARE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([△▲\-−]?\d[\d,]*(?:\.\d+)?)\s*([(（][^()（）]*[)）])?$").expect("static regex")
});

/// A value cell's quantity: a bare number, alone or before a bracket (`42.5(H30)`), takes
/// the unit of the row's unit column (`85,400` with `千円` → 85400000 円), and a value without a year takes `year` (from
/// the header or a year column). The text stays as printed.
pub(crate) fn quantity(text: &str, unit: Option<&str>, year: Option<&str>) -> Quantity {
    let text = text.trim();
    let mut q = parse_quantity(text);
    let unit = unit.map(str::trim).filter(|u| !u.is_empty());
    if let Some(u) = unit {
        let bare = BARE_NUMBER.captures(text).filter(|_| q.unit.is_none());
        if let Some(c) = bare {
            // The unit goes right after the number, before a bracketed year.
            let number = c.get(1).map_or("", |m| m.as_str());
            let rest = c.get(2).map_or("", |m| m.as_str());
            let with = parse_quantity(&format!("{number}{u}{rest}"));
            if with.value.is_some() {
                q.value = with.value;
                q.unit = with.unit;
            }
        }
    }
    if q.period.is_none() {
        q.period = year.and_then(|y| parse_period(y).ok());
        if let (Some(p), Some(span)) = (q.period.as_mut(), span_years(text)) {
            // `5年間で15人` under `目標値(2019年度)`: the five years that end then.
            if let (Some(end), true) = (p.end, span > 1) {
                p.start = Some(end - span as i32 + 1);
            }
        }
    }
    q
}

/// A unit note printed with an indicator (`町内の農業産出額（単位：億円）`) split off: the
/// text without it and the unit. The unit applies to the values as a unit column would.
pub(crate) fn split_unit_note(text: &str) -> (String, Option<String>) {
    let Some(m) = UNIT_NOTE.captures(text) else {
        return (text.to_string(), None);
    };
    let (Some(whole), Some(unit)) = (m.get(0), m.get(1)) else {
        return (text.to_string(), None);
    };
    let rest = format!("{}{}", &text[..whole.start()], &text[whole.end()..]);
    (
        rest.trim().to_string(),
        Some(unit.as_str().trim().to_string()),
    )
}

/// `(単位：億円)`, `［単位:人］`: a bracketed unit note.
static UNIT_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(（\[［【〔]\s*単位\s*[:：]\s*([^()（）\[\]［］【】〔〕]+?)\s*[)）\]］】〕]")
        .expect("static regex")
});

/// `5年間で…`, `５か年で…`: a value counted over that many years.
static SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})\s*(?:年間|か年|ヵ年|ヶ年|カ年)").expect("static regex")
});

fn span_years(text: &str) -> Option<u32> {
    let folded = super::text::fold(text);
    SPAN.captures(&folded)?.get(1)?.as_str().parse().ok()
}

/// Compiles this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&QUANTITY);
    LazyLock::force(&VALUE_REST);
    LazyLock::force(&PERIOD_ONLY);
    LazyLock::force(&DASH);
    LazyLock::force(&SUFFIX);
    LazyLock::force(&BARE_NUMBER);
    LazyLock::force(&SPAN);
    LazyLock::force(&UNIT_NOTE);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unit_column_scales_a_number_before_its_year() {
        let q = quantity("42.5 (H30)", Some("億円"), None);
        assert_eq!(q.value, Some(4_250_000_000.0));
        assert_eq!(q.period.and_then(|p| p.start), Some(2018));
        let q = quantity("85,400", Some("千円"), None);
        assert_eq!(q.value, Some(85_400_000.0));
        // A value that prints its own unit keeps it.
        assert_eq!(quantity("12人(R1)", Some("億円"), None).value, Some(12.0));
    }

    #[test]
    fn a_unit_note_is_split_from_the_indicator() {
        assert_eq!(
            split_unit_note("町内の農業産出額(単位:億円)"),
            ("町内の農業産出額".to_string(), Some("億円".to_string()))
        );
        assert_eq!(
            split_unit_note("来訪者数（単位：千人）の推移"),
            ("来訪者数の推移".to_string(), Some("千人".to_string()))
        );
        assert_eq!(
            split_unit_note("来訪者数(人)"),
            ("来訪者数(人)".to_string(), None)
        );
    }

    #[test]
    fn classifies_value_lines() {
        assert_eq!(classify("577人(H26年度)⇒"), LineKind::Number);
        assert_eq!(classify("⇒1位(H31年度)"), LineKind::Arrow);
        assert_eq!(classify("5.6万人/年"), LineKind::Number);
        assert_eq!(classify("1,000人分(H29年度)"), LineKind::Number);
        assert_eq!(classify("90%以上(H31年度)"), LineKind::Number);
        assert_eq!(classify("6,451,100千円"), LineKind::Number);
        assert_eq!(classify("(H27～31年度)"), LineKind::PeriodOnly);
        assert_eq!(classify("(H28.4.18)"), LineKind::PeriodOnly);
        assert_eq!(classify("リーダー40人"), LineKind::Labelled);
        assert_eq!(classify("政令市4位(H26年度)"), LineKind::Labelled);
        assert_eq!(classify("－(H30～)"), LineKind::Dash);
    }

    #[test]
    fn indicator_text_is_not_a_value() {
        assert_eq!(classify("報を4社以上知っている):"), LineKind::Text);
        assert_eq!(classify("5ヶ年行動計画に基づく公共"), LineKind::Text);
        assert_eq!(classify("本市及び下関市の13大学等"), LineKind::Text);
        assert_eq!(classify("北九州市への50歳以上の"), LineKind::Text);
        assert_eq!(classify("(企業との相互理解が進んだ"), LineKind::Text);
        assert_eq!(classify("シップ人数"), LineKind::Text);
    }

    #[test]
    fn splits_labelled_values_and_shares_the_period() {
        let v = split_values("リーダー40人マイスター0人(H26年度)");
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].label, "リーダー");
        assert_eq!(v[0].value, "40人(H26年度)");
        assert_eq!(v[1].label, "マイスター");
        assert_eq!(v[1].value, "0人(H26年度)");
    }

    #[test]
    fn keeps_suffixes_with_their_value() {
        let v =
            split_values("利用学生数:19,928人まなびとマイスター認定者数:リーダー52人マイスター2人");
        let labels: Vec<_> = v.iter().map(|x| x.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "利用学生数:",
                "まなびとマイスター認定者数:リーダー",
                "マイスター"
            ]
        );
        let v = split_values("5.6万人/年(H27年度)");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].value, "5.6万人/年(H27年度)");
        let v = split_values("A10人以上(H30年度)B5件");
        assert_eq!(v[0].value, "10人以上(H30年度)");
        assert_eq!(v[1].label, "B");
    }
}
