//! The values of a KPI printed as text, after its indicator: baseline ⇒/→ target with
//! their years, labelled fields (`基準`, `現状値`, `目標値`), actuals (`実績：…`,
//! `【実績令和2年度 41件、…】`, `【最終値 10人】`, `令和6年度実績 36名`) and the report's
//! evaluation (`【達成度 54.4%】【評価 B】`).

use super::super::text::ARROWS;
use crate::model::{Actual, Evaluation, Period, Quantity, ValueStatus};
use crate::normalize::{parse_evaluation, parse_period, parse_quantity};

/// Labels of the baseline, longest first.
const BASELINE_LABELS: &[&str] = &["基準値", "基準", "現状値", "現状", "策定時", "当初値"];
/// Labels of the target.
const TARGET_LABELS: &[&str] = &["目標値", "目標"];
/// Labels of actual values; `最終値` is the value at the end of the target period.
const ACTUAL_LABELS: &[&str] = &["実績値", "実績", "最終値"];
/// Labels of the report's evaluation printed outside brackets (`達成率95% 評価B`).
const EVALUATION_LABELS: &[&str] = &["指標達成度", "達成度", "達成率", "進捗率", "評価"];
/// The label of an actual that is dated by the target's last year when it has no year.
const FINAL_LABEL: &str = "最終値";
/// Era names that start a year label.
const ERAS: &[&str] = &["明治", "大正", "昭和", "平成", "令和"];
/// Characters around a field that carry no value: leaders (`…` is `...` after NFKC),
/// separators and spaces.
const FIELD_TRIM: &[char] = &[':', '.', '/', '、', '。', ',', ' ', '・', '\n'];

/// The values read from a KPI's text.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Fields {
    /// Value before the arrow (or after a baseline label).
    pub baseline: Option<Quantity>,
    /// Value after the arrow (or after a target label, or the only value).
    pub target: Option<Quantity>,
    /// Actuals in the order printed.
    pub actuals: Vec<Actual>,
    /// The report's own judgement.
    pub evaluation: Option<Evaluation>,
    /// Bracketed text that is none of the above.
    pub notes: Vec<String>,
}

impl Fields {
    /// Whether anything was read that a record can carry: a number, a known absence
    /// (`－`), an actual or an evaluation. Prose alone is not enough.
    pub(crate) fn has_values(&self) -> bool {
        let read = |q: &Option<Quantity>| {
            q.as_ref().is_some_and(|q| {
                q.value.is_some() || q.status.is_some_and(|s| s != ValueStatus::Text)
            })
        };
        read(&self.baseline)
            || read(&self.target)
            || !self.actuals.is_empty()
            || self.evaluation.is_some()
    }
}

/// `【実績】5.0‰` → `実績:5.0‰`: a bracket holding only a field label labels the text
/// after it (a bracket with its value inside, `【実績 15人】`, is read as a group).
fn unbracket_lone_labels(text: &str) -> String {
    let mut out = text.to_string();
    for label in ACTUAL_LABELS
        .iter()
        .chain(EVALUATION_LABELS)
        .chain(BASELINE_LABELS)
        .chain(TARGET_LABELS)
    {
        for (open, close) in [
            ('【', '】'),
            ('[', ']'),
            ('〔', '〕'),
            ('<', '>'),
            ('《', '》'),
        ] {
            out = out.replace(&format!("{open}{label}{close}"), &format!("{label}:"));
        }
    }
    out
}

/// What a piece of the text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Baseline,
    Target,
    Actual {
        last_year: bool,
    },
    /// Unlabelled, before any arrow.
    BeforeArrow,
    /// Unlabelled, after an arrow.
    AfterArrow,
    /// An evaluation (`達成率95%`, `評価B`), label included.
    Evaluation,
}

/// Reads the values of `text` (normalised, after the indicator).
pub(crate) fn read_fields(text: &str) -> Fields {
    let text = unbracket_lone_labels(text);
    let (outside, groups) = split_groups(&text);
    let mut fields = Fields::default();
    let mut evaluation_text = String::new();
    let mut pending_actuals = Vec::new();
    for group in groups {
        let inner = group.trim_matches(FIELD_TRIM);
        if let Some((label, rest)) = strip_label(inner, ACTUAL_LABELS) {
            pending_actuals.push((label == FINAL_LABEL, rest.to_string()));
        } else if parse_evaluation(inner).is_some() {
            evaluation_text.push_str(&format!("【{inner}】"));
        } else if !inner.is_empty() {
            fields.notes.push(inner.to_string());
        }
    }
    let mut unlabelled = Vec::new();
    for (role, piece) in segments(&outside) {
        match role {
            Role::Baseline => fields.baseline = Some(value_of(&piece)),
            Role::Target => fields.target = Some(value_of(&piece)),
            Role::Actual { last_year } => pending_actuals.push((last_year, piece)),
            Role::Evaluation => evaluation_text.push_str(&format!("【{piece}】")),
            Role::BeforeArrow | Role::AfterArrow => unlabelled.push((role, piece)),
        }
    }
    place_unlabelled(&mut fields, unlabelled, &mut pending_actuals);
    fields.evaluation = parse_evaluation(&evaluation_text);
    let last_year = fields
        .target
        .as_ref()
        .and_then(|t| t.period.as_ref())
        .filter(|p| p.end.is_some())
        .cloned()
        .map(|p| Period { start: p.end, ..p });
    for (is_final, list) in pending_actuals {
        let year = if is_final { last_year.clone() } else { None };
        read_actuals(&list, year, &mut fields);
    }
    fields
}

/// Unlabelled values: before an arrow the baseline, after it the target; a lone value
/// with no arrow and no labels is the target (`入学者数 40名`).
fn place_unlabelled(
    fields: &mut Fields,
    pieces: Vec<(Role, String)>,
    actuals: &mut Vec<(bool, String)>,
) {
    let has_arrow = pieces.iter().any(|(r, _)| *r == Role::AfterArrow);
    for (role, piece) in pieces {
        if piece.is_empty() {
            continue;
        }
        let slot = match role {
            Role::BeforeArrow if has_arrow => &mut fields.baseline,
            Role::BeforeArrow | Role::AfterArrow if fields.target.is_none() => &mut fields.target,
            // A value after the target is what came of it (`→【…】` has no arrow text).
            _ => {
                actuals.push((false, piece));
                continue;
            }
        };
        if slot.is_none() {
            *slot = Some(value_of(&piece));
        }
    }
}

/// A field's value; the field's own leaders and separators are not part of it.
fn value_of(piece: &str) -> Quantity {
    parse_quantity(piece.trim_matches(FIELD_TRIM))
}

/// `28,112人(令和2年)、28,390人(令和3年)、－(令和4年)` or `令和2年度 41件、…`: one actual per
/// item that has a year (its own, or `year` for a single item such as `最終値 10人`); the
/// others are kept as notes.
fn read_actuals(list: &str, year: Option<Period>, fields: &mut Fields) {
    let items: Vec<&str> = split_top_level(list, '、')
        .into_iter()
        .flat_map(split_before_years)
        .map(|i| i.trim_matches(FIELD_TRIM))
        .filter(|i| !i.is_empty())
        .collect();
    let single = items.len() == 1;
    for item in items {
        let mut value = parse_quantity(item);
        let period = value
            .period
            .clone()
            .or_else(|| year.clone().filter(|_| single));
        match period {
            Some(period) if value.value.is_some() || value.status != Some(ValueStatus::Text) => {
                value.period.get_or_insert_with(|| period.clone());
                fields.actuals.push(Actual { period, value });
            }
            _ => fields.notes.push(item.to_string()),
        }
    }
}

/// The text outside `【…】` groups (each group replaced by a `/` separator) and the groups'
/// contents, in order.
fn split_groups(text: &str) -> (String, Vec<String>) {
    let mut outside = String::new();
    let mut groups = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '【' => {
                if depth > 0 {
                    current.push(c);
                }
                depth += 1;
            }
            '】' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    groups.push(std::mem::take(&mut current));
                    outside.push('/');
                } else {
                    current.push(c);
                }
            }
            _ if depth > 0 => current.push(c),
            _ => outside.push(c),
        }
    }
    // An unclosed group is text like any other.
    if depth > 0 {
        outside.push_str(&current);
    }
    (outside, groups)
}

/// Splits the text outside groups at labels and arrows (outside brackets).
fn segments(text: &str) -> Vec<(Role, String)> {
    let mut out: Vec<(Role, String)> = Vec::new();
    let mut role = Role::BeforeArrow;
    let mut current = String::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        if depth == 0 {
            if ARROWS.contains(&c) {
                out.push((role, std::mem::take(&mut current)));
                role = Role::AfterArrow;
                i += c.len_utf8();
                continue;
            }
            if let Some((next_role, used)) = label_at(rest) {
                let (previous, year) = split_trailing_year(&current);
                // `令和6年度実績36名`: the year before the label dates the actual.
                if matches!(next_role, Role::Actual { .. }) && year.is_some() {
                    out.push((role, previous));
                    current = year.unwrap_or_default();
                } else {
                    out.push((role, std::mem::take(&mut current)));
                }
                // An evaluation keeps its label: `達成率95%` reads as a rate, `95%` may not.
                if next_role == Role::Evaluation {
                    current.push_str(&rest[..used]);
                }
                role = next_role;
                i += used;
                continue;
            }
        }
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        current.push(c);
        i += c.len_utf8();
    }
    out.push((role, current));
    out.into_iter()
        .map(|(r, s)| (r, s.trim_matches(FIELD_TRIM).to_string()))
        .collect()
}

/// Where the first field label (`基準値`, `目標`, `実績`, `評価`…) outside brackets starts.
pub(crate) fn first_label(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '「' | '【' => depth += 1,
            ')' | '」' | '】' => depth -= 1,
            _ if depth <= 0 && label_at(&text[i..]).is_some() => return Some(i),
            _ => {}
        }
    }
    None
}

/// A field label at the start of `rest`: its role and length in bytes.
fn label_at(rest: &str) -> Option<(Role, usize)> {
    let find = |labels: &[&'static str]| labels.iter().find(|l| rest.starts_with(**l)).copied();
    if let Some(l) = find(ACTUAL_LABELS) {
        return Some((
            Role::Actual {
                last_year: l == FINAL_LABEL,
            },
            l.len(),
        ));
    }
    if let Some(l) = find(EVALUATION_LABELS) {
        return Some((Role::Evaluation, l.len()));
    }
    if let Some(l) = find(BASELINE_LABELS) {
        return Some((Role::Baseline, l.len()));
    }
    find(TARGET_LABELS).map(|l| (Role::Target, l.len()))
}

/// `label rest` → (label, rest) for the first label `text` starts with.
fn strip_label<'a>(text: &'a str, labels: &[&'static str]) -> Option<(&'static str, &'a str)> {
    labels
        .iter()
        .find_map(|l| text.strip_prefix(*l).map(|rest| (*l, rest)))
}

/// `40名...令和6年度` → (`40名...`, `令和6年度`): a year label (`令和6年度`, `R6`, `2024年度`)
/// at the end of the text.
fn split_trailing_year(text: &str) -> (String, Option<String>) {
    let trimmed = text.trim_end_matches(FIELD_TRIM);
    let found = trimmed.char_indices().find(|&(i, _)| {
        let tail = &trimmed[i..];
        let fresh = !trimmed[..i].ends_with(|p: char| p.is_ascii_alphanumeric());
        fresh && starts_year_label(tail) && parse_period(tail).is_ok()
    });
    match found {
        Some((i, _)) => (trimmed[..i].to_string(), Some(trimmed[i..].to_string())),
        None => (text.to_string(), None),
    }
}

/// `令和2年度41件/令和3年度89件`: a `/` or `,` right before a year label also separates
/// items (elsewhere they belong to numbers and units: `28,112人`, `人/年`).
fn split_before_years(item: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in item.char_indices() {
        if matches!(c, '/' | ',') && starts_year_label(&item[i + 1..]) {
            out.push(&item[start..i]);
            start = i + 1;
        }
    }
    out.push(&item[start..]);
    out
}

/// Whether `text` starts with an era year (`令和2`, `R2`, `H27`) or a western year.
pub(crate) fn starts_year_label(text: &str) -> bool {
    let mut chars = text.chars();
    let first = chars.next();
    let second = chars.next();
    let era_letter = matches!(first, Some('R' | 'H' | 'S' | 'r' | 'h' | 's'))
        && second.is_some_and(|c| c.is_ascii_digit());
    let western = text.len() >= 4 && text.as_bytes()[..4].iter().all(u8::is_ascii_digit);
    ERAS.iter().any(|e| text.starts_with(e)) || era_letter || western
}

/// Splits at `sep` outside brackets.
fn split_top_level(text: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if c == sep && depth == 0 => {
                out.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(q: &Option<Quantity>) -> (Option<f64>, Option<i32>, Option<i32>) {
        let q = q.as_ref().expect("a value");
        let p = q.period.as_ref();
        (q.value, p.and_then(|p| p.start), p.and_then(|p| p.end))
    }

    fn actuals(f: &Fields) -> Vec<(Option<i32>, Option<f64>)> {
        f.actuals
            .iter()
            .map(|a| (a.period.start, a.value.value))
            .collect()
    }

    #[test]
    fn arrow_between_baseline_and_target() {
        let f = read_fields("28,450人(平成28年)→29,000人(令和6年)");
        assert_eq!(value(&f.baseline), (Some(28450.0), Some(2016), Some(2016)));
        assert_eq!(value(&f.target), (Some(29000.0), Some(2024), Some(2024)));
        assert!(f.actuals.is_empty() && f.evaluation.is_none());
    }

    #[test]
    fn labelled_fields_with_actuals_and_evaluation() {
        let f = read_fields(
            "基準32件(平成30年度)目標250件(令和2～6年度)→【実績令和2年度41件、令和3年度89件、令和4年度136件】【達成度54.4%】【評価B】。",
        );
        assert_eq!(value(&f.baseline), (Some(32.0), Some(2018), Some(2018)));
        assert_eq!(value(&f.target), (Some(250.0), Some(2020), Some(2024)));
        assert_eq!(
            actuals(&f),
            [
                (Some(2020), Some(41.0)),
                (Some(2021), Some(89.0)),
                (Some(2022), Some(136.0))
            ]
        );
        let e = f.evaluation.expect("evaluation");
        assert_eq!((e.grade.as_deref(), e.rate), (Some("B"), Some(54.4)));
    }

    #[test]
    fn final_value_is_the_target_years_actual() {
        let f = read_fields("...現状値(2014)1人/目標値(2019)5人→【最終値10人】");
        assert_eq!(value(&f.baseline), (Some(1.0), Some(2014), Some(2014)));
        assert_eq!(value(&f.target), (Some(5.0), Some(2019), Some(2019)));
        assert_eq!(actuals(&f), [(Some(2019), Some(10.0))]);
        let f = read_fields("...現状値(2014)－/目標値(2019)2事業/5年間→【最終値0事業】");
        assert_eq!(value(&f.baseline), (None, Some(2014), Some(2014)));
        assert_eq!(value(&f.target), (Some(2.0), Some(2015), Some(2019)));
        assert_eq!(actuals(&f), [(Some(2019), Some(0.0))]);
    }

    #[test]
    fn actual_lines_and_a_year_before_the_label() {
        let f = read_fields("実績:28,112人(令和2年)、28,390人(令和3年)、－(令和4年)");
        assert_eq!(
            actuals(&f),
            [
                (Some(2020), Some(28112.0)),
                (Some(2021), Some(28390.0)),
                (Some(2022), None)
            ]
        );
        let f = read_fields("40名...令和6年度実績36名");
        assert_eq!(value(&f.target), (Some(40.0), None, None));
        assert_eq!(actuals(&f), [(Some(2024), Some(36.0))]);
    }

    #[test]
    fn evaluation_and_actuals_outside_brackets() {
        let f = read_fields("577人(H26年度)→800人(H31年度) R2実績:610人 達成率76.3% 評価B");
        assert_eq!(value(&f.target), (Some(800.0), Some(2019), Some(2019)));
        assert_eq!(actuals(&f), [(Some(2020), Some(610.0))]);
        let e = f.evaluation.expect("evaluation");
        assert_eq!((e.grade.as_deref(), e.rate), (Some("B"), Some(76.3)));
        let f = read_fields("1.42(H30)→1.60(R6)【実績R2:1.38/R3:1.35/R4:1.33】");
        assert_eq!(
            actuals(&f),
            [
                (Some(2020), Some(1.38)),
                (Some(2021), Some(1.35)),
                (Some(2022), Some(1.33))
            ]
        );
    }

    #[test]
    fn evaluation_alone_and_prose_alone() {
        let f = read_fields("→【指標達成度125%】");
        assert_eq!(f.evaluation.and_then(|e| e.rate), Some(125.0));
        assert!(read_fields("→【指標達成度125%】").has_values());
        let prose = read_fields("の達成に向けて取り組みます");
        assert!(!prose.has_values(), "{prose:?}");
    }
}
