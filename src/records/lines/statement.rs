//! Where a KPI is stated in running text, and its indicator.
//!
//! Two forms are recognised, both requiring an indicator *and* a value structure, so that
//! prose with an arrow or a percentage is not read as a KPI:
//! - marked: `KPI「短期移住体験者数」…`, `◆数値指標：「卒業生の移住者数」…`,
//!   `重要業績評価指数（KPI）入学者数 40 名…`: from the mark to the sentence's end (`。`) or
//!   the next mark, possibly over several lines;
//! - arrow lines: `①婚姻率：5.5‰（平成25年）→5.9‰（平成31年）`,
//!   `高校の入学者数４０人（2014年度）→年４０人（2019年度）`: an indicator, then a dated
//!   value, an arrow and a dated value.

use crate::normalize::parse_label;

use super::super::text::{leading_mark, strip_bullet, ARROWS};
use super::fields::{first_label, read_fields, starts_year_label, Fields};

/// Marks before a quoted indicator; the bool says the mark names a goal's 数値目標.
const QUOTE_MARKS: &[(&str, bool)] = &[
    ("数値指標", true),
    ("数値目標", true),
    ("成果指標", false),
    ("KPI", false),
    ("指標", false),
];
/// Quotes around a marked indicator: `「…」`, and `『…』` some reports use instead.
const QUOTES: &[(char, char)] = &[('「', '」'), ('『', '』')];
/// Words before an indicator that say what kind of figure it is, longest first.
const KIND_WORDS: &[&str] = &[
    "重要業績評価指標(KPI)",
    "重要業績評価指標",
    "数値目標",
    "数値指標",
    "成果指標",
    "KPI",
    "指標",
];
/// Of [`KIND_WORDS`], those that name a goal's 数値目標.
const GOAL_WORDS: &[&str] = &["数値目標", "数値指標"];
/// Marks before an unquoted indicator (`重要業績評価指数（KPI）入学者数 40 名`).
/// The bool says the mark names a goal's 数値目標.
const PLAIN_MARKS: &[(&str, bool)] = &[
    ("重要業績評価指標(KPI)", false),
    ("重要業績評価指数(KPI)", false),
    ("KPI:", false),
    ("数値目標:", true),
    ("数値指標:", true),
];
/// An indicator longer than this is prose, not a name.
pub(crate) const MAX_INDICATOR_CHARS: usize = 60;
/// Characters that may stand between a mark and its indicator.
const MARK_GAP: &[char] = &[':', ' ', '(', ')'];
/// Signs and marks that belong to a value printed before its number.
const VALUE_PREFIXES: &[char] = &['▲', '△', '-', '－', '+', '約', '年'];
/// Marks that alone are a value (not available).
const DASHES: &[char] = &['－', '-', '—', '―', '‐', '−'];

/// How a statement was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// After a mark; `goal` when the mark names a 数値目標/数値指標; `quoted` when the
    /// indicator is in 「…」 (a sentence that runs to its `。`, over lines if need be).
    Marked { goal: bool, quoted: bool },
    /// A whole arrow line with its indicator before a colon (`①婚姻率：…→…`).
    Arrow,
    /// A whole arrow line with the indicator run into the value, printed as a heading's
    /// subtitle (`高校の入学者数４０人（2014年度）→年４０人（2019年度）`).
    Banner,
}

/// A statement found in a line: its form and byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    /// How it was recognised.
    pub form: Form,
    /// First byte.
    pub start: usize,
    /// One past the last byte (the `。` that ends it is included).
    pub end: usize,
    /// Whether it ended with its sentence (`。`) rather than with the line.
    pub closed: bool,
}

/// A statement read: its indicator and values.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Parsed {
    /// What is measured.
    pub indicator: String,
    /// The values.
    pub fields: Fields,
}

/// The statements of one line of folded text, in order.
pub(crate) fn find(line: &str) -> Vec<Found> {
    let marks = mark_positions(line);
    if marks.is_empty() {
        // A listed or tagged line (`①…`, `・…`, `【KPI】…`) is an item, not a heading's
        // subtitle.
        let listed =
            parse_label(line).is_some() || leading_mark(line).is_some() || line.starts_with('【');
        let form = match arrow_line(line) {
            Some(_) if !has_colon_split(line) && !listed => Form::Banner,
            _ => Form::Arrow,
        };
        return (arrow_line(line).is_some() || undated_arrow_line(line))
            .then_some(Found {
                form,
                start: 0,
                end: line.len(),
                closed: false,
            })
            .into_iter()
            .collect();
    }
    let mut out = Vec::new();
    for (n, &(start, goal, quoted)) in marks.iter().enumerate() {
        let limit = marks.get(n + 1).map_or(line.len(), |m| m.0);
        let (end, closed) = match sentence_end(&line[start..limit]) {
            Some(e) => (start + e, true),
            None => (limit, false),
        };
        out.push(Found {
            form: Form::Marked { goal, quoted },
            start,
            end,
            closed,
        });
    }
    out
}

/// Reads a statement's text; `Err` says why it gave no KPI.
pub(crate) fn parse(text: &str, form: Form) -> Result<Parsed, &'static str> {
    let (indicator, values) = match form {
        Form::Marked { quoted, .. } => {
            marked_indicator(text, quoted).ok_or("no indicator after the KPI mark")?
        }
        Form::Arrow | Form::Banner => arrow_line(text).ok_or(UNDATED)?,
    };
    let indicator = clean_indicator(&indicator);
    if indicator.is_empty() || indicator.chars().count() > MAX_INDICATOR_CHARS {
        return Err("no indicator of a usable length");
    }
    let fields = read_fields(&values);
    if !fields.has_values() {
        return Err("no value, actual or evaluation");
    }
    Ok(Parsed { indicator, fields })
}

/// Whether a line continues the statement before it: an actual line (`実績：…`), a leader
/// (`…現状値`), an arrow or a bracketed result (`→【最終値 10人】`), a labelled field.
pub(crate) fn continues(line: &str) -> bool {
    let t = strip_bullet(line);
    [
        "実績",
        "...",
        "【",
        "現状値",
        "目標値",
        "基準",
        "最終値",
        "/",
    ]
    .iter()
    .any(|p| t.starts_with(p))
        || t.starts_with(ARROWS)
}

/// Whether the mark `m` at byte `i` is the tail of a longer mark (`指標` in `数値指標`).
fn ends_longer_mark(line: &str, i: usize, m: &str) -> bool {
    QUOTE_MARKS.iter().any(|(other, _)| {
        other.len() > m.len() && other.ends_with(m) && line[..i + m.len()].ends_with(other)
    })
}

/// `KPI『X』` → `KPI「X」`: the other quote pairs after a mark read as `「…」` (only the
/// pair opened right after a mark, so quotes inside an indicator are kept).
pub(crate) fn unify_mark_quotes(line: &str) -> String {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut out: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let Some(&(_, close)) = QUOTES.iter().skip(1).find(|(o, _)| *o == c) else {
            continue;
        };
        let before = line[..i].trim_end_matches(MARK_GAP);
        if !QUOTE_MARKS.iter().any(|(m, _)| before.ends_with(m)) {
            continue;
        }
        let mut depth = 0usize;
        for (j, &(_, d)) in chars.iter().enumerate().skip(k + 1) {
            if d == c {
                depth += 1;
            } else if d == close && depth == 0 {
                out[k] = QUOTES[0].0;
                out[j] = QUOTES[0].1;
                break;
            } else if d == close {
                depth -= 1;
            }
        }
    }
    out.into_iter().collect()
}

/// Byte positions of the marks in `line`, with whether each names a goal's 数値目標 and
/// whether its indicator is quoted.
fn mark_positions(line: &str) -> Vec<(usize, bool, bool)> {
    let mut out = Vec::new();
    for (i, _) in line.char_indices() {
        let rest = &line[i..];
        let quoted = QUOTE_MARKS.iter().find(|(m, _)| {
            rest.starts_with(m)
                && !ends_longer_mark(line, i, m)
                && rest[m.len()..]
                    .trim_start_matches(MARK_GAP)
                    .starts_with('「')
        });
        if let Some(&(_, goal)) = quoted {
            if !inside_quote(line, i) {
                out.push((i, goal, true));
            }
        } else if let Some(&(mark, goal)) = PLAIN_MARKS.iter().find(|(m, _)| rest.starts_with(m)) {
            // `【重要業績評価指標(KPI)】` is a section heading, not a KPI.
            let after = &rest[mark.len()..];
            if !line[..i].ends_with('【') && !after.starts_with('】') && has_digit(after) {
                out.push((i, goal, false));
            }
        }
    }
    out
}

/// Whether byte `at` lies inside a 「…」 quote (a mark word inside an indicator).
fn inside_quote(line: &str, at: usize) -> bool {
    let mut depth = 0i32;
    for c in line[..at].chars() {
        match c {
            '「' => depth += 1,
            '」' => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}

/// The byte after the `。` that ends the sentence (outside quotes and brackets).
fn sentence_end(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '「' | '(' | '【' => depth += 1,
            '」' | ')' | '】' => depth -= 1,
            '。' if depth <= 0 => return Some(i + c.len_utf8()),
            _ => {}
        }
    }
    None
}

/// `KPI「X」rest` → (X, rest); `重要業績評価指数(KPI)X 40名…` → (X, `40名…`).
fn marked_indicator(text: &str, quoted: bool) -> Option<(String, String)> {
    let plain = PLAIN_MARKS.iter().find(|(m, _)| text.starts_with(m));
    if let Some((mark, _)) = plain.filter(|_| !quoted) {
        let after = text[mark.len()..].trim_start_matches(MARK_GAP);
        // The indicator ends at its first value or field label (`基準値`, `目標`).
        let value = first_value_start(after)?;
        let at = first_label(after)
            .filter(|l| *l > 0 && *l < value)
            .unwrap_or(value);
        return Some((after[..at].to_string(), after[at..].to_string()));
    }
    let open = text.find('「')?;
    let body = &text[open + '「'.len_utf8()..];
    let close = matching_quote(body)?;
    Some((
        body[..close].to_string(),
        body[close + '」'.len_utf8()..].to_string(),
    ))
}

/// Byte index of the `」` closing a quote whose body starts `body` (nested quotes count).
fn matching_quote(body: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in body.char_indices() {
        match c {
            '「' => depth += 1,
            '」' if depth == 0 => return Some(i),
            '」' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// `①X：V(Y)→V(Y)` or `XV(Y)→V(Y)` → (X, the values); `None` unless both sides of the
/// arrow hold a dated value.
fn arrow_line(line: &str) -> Option<(String, String)> {
    let arrow = top_level_find(line, ARROWS)?;
    let (left, right) = (&line[..arrow], &line[arrow..]);
    let split = colon_split(left).or_else(|| trailing_value_start(left))?;
    let (indicator, baseline) = (&left[..split], &left[split..]);
    let after_arrow = right.trim_start_matches(ARROWS);
    if !dated_value(baseline) || !dated_value(first_value(after_arrow)) {
        return None;
    }
    let indicator = indicator.trim_end_matches([':', ' ']);
    Some((indicator.to_string(), line[split..].to_string()))
}

/// Why an undated arrow line gives no record.
const UNDATED: &str = "values without years beside them (not read as a KPI)";

/// `①婚姻率：5.5‰→5.9‰`: an indicator, a colon and two values around an arrow, but no
/// years. It looks like a KPI, but prose prints the same (`目標：5件→10件に`), so it is
/// reported, not read.
fn undated_arrow_line(line: &str) -> bool {
    let Some(arrow) = top_level_find(line, ARROWS) else {
        return false;
    };
    let left = &line[..arrow];
    let Some(split) = colon_split(left) else {
        return false;
    };
    let indicator = clean_indicator(&left[..split]);
    let known = |t: &str| {
        let q = crate::normalize::parse_quantity(t.trim_matches([':', ' ']));
        q.value.is_some()
            || q.status
                .is_some_and(|s| s != crate::model::ValueStatus::Text)
    };
    !indicator.is_empty()
        && indicator.chars().count() <= MAX_INDICATOR_CHARS
        && known(&left[split..])
        && known(first_value(line[arrow..].trim_start_matches(ARROWS)))
}

/// Whether the indicator of an arrow line ends with a colon.
fn has_colon_split(line: &str) -> bool {
    top_level_find(line, ARROWS).is_some_and(|arrow| colon_split(&line[..arrow]).is_some())
}

/// `X：values`: the colon ends the indicator when a value follows it (`KPI①：観光入込客数：
/// 152.3万人…` ends at the second colon).
fn colon_split(left: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in left.char_indices() {
        match c {
            '(' | '「' => depth += 1,
            ')' | '」' => depth -= 1,
            ':' if depth <= 0 && starts_value(&left[i + 1..]) => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Whether a value starts `text` (digits, a dated bracket, a sign, `累計`, `－`).
fn starts_value(text: &str) -> bool {
    let value = text.trim_start();
    value.starts_with(|c: char| c.is_ascii_digit() || c == '(')
        || starts_year_label(value)
        || value.starts_with(VALUE_PREFIXES)
        || value.starts_with("累計")
        || value.starts_with(DASHES)
}

/// The target's own text: up to the next arrow, field label or bracket group.
fn first_value(text: &str) -> &str {
    let end = text
        .find(|c: char| ARROWS.contains(&c) || c == '【' || c == '、')
        .unwrap_or(text.len());
    let head = &text[..end];
    // `29,000人(令和6年)実績:…`: the value ends with its dated bracket.
    match head.find(')') {
        Some(close) => &head[..=close],
        None => head,
    }
}

/// A value with a year in brackets (`5.5‰(平成25年)`, `－(令和元年度)`, `(2014)1人`).
fn dated_value(text: &str) -> bool {
    let q = crate::normalize::parse_quantity(text.trim_matches([':', ' ']));
    let known = q.value.is_some()
        || q.status
            .is_some_and(|s| s != crate::model::ValueStatus::Text);
    known
        && q.period
            .is_some_and(|p| p.start.is_some() || p.end.is_some())
}

/// In `X40人(2014年度)`, the byte where the value `40人(2014年度)` starts: the last number
/// (or dash) before the closing bracket, with the signs and marks printed before it.
fn trailing_value_start(left: &str) -> Option<usize> {
    let body = left.trim_end();
    let open = top_level_rfind(body, '(')?;
    let before = &body[..open];
    let digits_end = before.trim_end().len();
    let core = &before[..digits_end];
    let mut start = if core.ends_with(DASHES) {
        core.char_indices().last().map(|(i, _)| i)?
    } else {
        last_number_start(core)?
    };
    start = extend_prefixes(core, start);
    (start > 0).then_some(start)
}

/// The start of the last run of digits (with `,` and `.`) in `text`.
fn last_number_start(text: &str) -> Option<usize> {
    let mut start = None;
    let mut in_number = false;
    for (i, c) in text.char_indices() {
        let part = c.is_ascii_digit() || (in_number && matches!(c, ',' | '.'));
        if part && !in_number {
            start = Some(i);
        }
        in_number = part;
    }
    start
}

/// Moves `start` back over the marks that belong to the value (`▲`, `約`, `年`, `累計`,
/// `5年間で`).
fn extend_prefixes(text: &str, mut start: usize) -> usize {
    loop {
        let before = text[..start].trim_end();
        if let Some(c) = before
            .chars()
            .next_back()
            .filter(|c| VALUE_PREFIXES.contains(c))
        {
            // `年` after a digit ends a year, not a yearly mark.
            let rest = &before[..before.len() - c.len_utf8()];
            if c == '年' && rest.ends_with(|p: char| p.is_ascii_digit()) {
                return start;
            }
            start = rest.len();
            continue;
        }
        if let Some(rest) = before.strip_suffix("累計") {
            start = rest.len();
            continue;
        }
        // `5年間で`
        if let Some(rest) = before.strip_suffix("年間で") {
            let digits = rest.len() - rest.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            if digits > 0 {
                start = rest.len() - digits;
                continue;
            }
        }
        return start;
    }
}

/// The first place in `text` where a value may start (`40名`, `年12人`, `約5万人`).
fn first_value_start(text: &str) -> Option<usize> {
    let digit = text.find(|c: char| c.is_ascii_digit())?;
    let start = extend_prefixes(text, digit);
    (start > 0).then_some(start)
}

/// The first of `targets` outside brackets and quotes.
fn top_level_find(text: &str, targets: &[char]) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '「' => depth += 1,
            ')' | '」' => depth -= 1,
            _ if depth <= 0 && targets.contains(&c) => return Some(i),
            _ => {}
        }
    }
    None
}

/// The last `target` outside quotes.
fn top_level_rfind(text: &str, target: char) -> Option<usize> {
    text.rfind(target)
}

fn has_digit(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
}

/// The indicator without a list label (`①`), a kind word (`数値目標：`, `KPI①：`), bullet,
/// leader or separator around it.
fn clean_indicator(raw: &str) -> String {
    let t = strip_bullet(raw.trim());
    let t = strip_kind_tag(t).unwrap_or(t);
    let t = strip_kind_word(t).unwrap_or(t);
    let t = match parse_label(t) {
        Some((_, label)) if !label.rest.is_empty() => label.rest,
        _ => t.to_string(),
    };
    t.trim_matches(|c: char| c.is_whitespace() || ":.…".contains(c))
        .to_string()
}

/// `数値目標①：婚姻率` → `婚姻率`: a word that says what kind of figure follows, with its
/// number and separator; None when `text` starts with none.
fn strip_kind_word(text: &str) -> Option<&str> {
    let word = KIND_WORDS.iter().find(|w| text.starts_with(**w))?;
    let rest = text[word.len()..].trim_start_matches(|c: char| {
        c.is_ascii_digit() || super::super::text::is_circled(c) || ":)( ".contains(c)
    });
    // `指標` also starts names (`指標の…`): only with a number or separator after it.
    let separated = rest.len() < text.len() - word.len();
    (!rest.is_empty() && (separated || *word != "指標")).then_some(rest)
}

/// `【KPI】観光入込客数` → `観光入込客数`: a bracketed kind word before the indicator.
fn strip_kind_tag(text: &str) -> Option<&str> {
    let body = text.strip_prefix('【')?;
    let (tag, rest) = body.split_once('】')?;
    KIND_WORDS
        .iter()
        .any(|w| tag.starts_with(w))
        .then_some(rest.trim_start())
}

/// Whether a statement says it is a goal's 数値目標 (`数値目標：婚姻率 5.5‰…`,
/// `【数値目標】婚姻率…`).
pub(crate) fn names_goal_target(text: &str) -> bool {
    let t = strip_bullet(text.trim());
    let t = t.strip_prefix('【').unwrap_or(t);
    GOAL_WORDS.iter().any(|w| t.starts_with(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> Option<(String, Form)> {
        let found = find(line);
        let [f] = found.as_slice() else { return None };
        parse(&line[f.start..f.end], f.form)
            .ok()
            .map(|p| (p.indicator, f.form))
    }

    #[test]
    fn arrow_lines_with_and_without_a_colon() {
        assert_eq!(
            one("①婚姻率:5.5‰(平成25年)→5.9‰(平成31年)"),
            Some(("婚姻率".to_string(), Form::Arrow))
        );
        assert_eq!(
            one("高校の入学者数40人(2014年度)→年40人(2019年度)"),
            Some(("高校の入学者数".to_string(), Form::Banner))
        );
        assert_eq!(
            one("卒業生の新規就業者数0人(2014年度)→5年間で6人(2019年度)"),
            Some(("卒業生の新規就業者数".to_string(), Form::Banner))
        );
        assert_eq!(
            one("②移住支援制度を利用した転入者数:－(令和元年度)→累計150人(令和6年度)"),
            Some(("移住支援制度を利用した転入者数".to_string(), Form::Arrow))
        );
        assert_eq!(
            one("①社会増減数(転入者数－転出者数):▲215人(平成30年)→0人(令和6年)"),
            Some(("社会増減数(転入者数－転出者数)".to_string(), Form::Arrow))
        );
    }

    #[test]
    fn kind_words_before_the_indicator() {
        assert_eq!(
            one("KPI①:観光入込客数:152.3万人(H30)→180万人(R6)"),
            Some(("観光入込客数".to_string(), Form::Arrow))
        );
        assert_eq!(
            one("数値目標:合計特殊出生率1.42(H30)→1.60(R6)"),
            Some((
                "合計特殊出生率".to_string(),
                Form::Marked {
                    goal: true,
                    quoted: false
                }
            ))
        );
        assert!(names_goal_target(
            "数値目標:合計特殊出生率1.42(H30)→1.60(R6)"
        ));
        assert!(!names_goal_target(
            "①観光入込客数:152.3万人(H30)→180万人(R6)"
        ));
        assert_eq!(clean_indicator("指標の達成数"), "指標の達成数");
    }

    #[test]
    fn tags_labels_and_leading_years() {
        assert_eq!(
            one("【KPI】観光入込客数152.3万人(H30)→180万人(R6)"),
            Some(("観光入込客数".to_string(), Form::Arrow))
        );
        assert!(names_goal_target("【数値目標】婚姻率5.5‰(H25)→5.9‰(H31)"));
        // A numbered item is no banner, even without a colon.
        assert_eq!(
            one("①観光入込客数152.3万人(H30)→180万人(R6)"),
            Some(("観光入込客数".to_string(), Form::Arrow))
        );
        let line = "観光客数:H26 577人→H31 800人";
        let found = find(line);
        assert_eq!(found.len(), 1, "{line}");
        let parsed = parse(line, found[0].form).unwrap();
        let baseline = parsed.fields.baseline.unwrap();
        assert_eq!(baseline.value, Some(577.0));
        assert_eq!(baseline.period.and_then(|p| p.start), Some(2014));
    }

    #[test]
    fn prose_with_arrows_is_no_statement() {
        for line in [
            "医療と健康→薬に頼り過ぎない生き方の進め",
            "満足度は45%(令和5年)→52%に上がりました",
            "右折信号は矢印→のある物にかえてほしい。",
            "人口は2015年から2020年→減少",
        ] {
            assert!(find(line).is_empty(), "{line}");
        }
    }

    #[test]
    fn marked_statements_run_to_the_end_of_their_sentence() {
        let line = "この基本目標の数値目標は、次のとおりです。KPI「市内事業所の従業者数」基準28,450人(平成28年)目標29,000人(令和6年)→【評価C】。KPI「「子育てしやすいまち」と感じる市民の割合」→【評価C】。";
        let found = find(line);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|f| f.closed));
        let second = parse(&line[found[1].start..found[1].end], found[1].form).unwrap();
        assert_eq!(second.indicator, "「子育てしやすいまち」と感じる市民の割合");
        assert_eq!(
            one("◆数値指標:「卒業生の移住者数」...現状値(2014)1人/目標値(2019)5人→【最終値10人】"),
            Some((
                "卒業生の移住者数".to_string(),
                Form::Marked {
                    goal: true,
                    quoted: true
                }
            ))
        );
        assert_eq!(
            one("・重要業績評価指数(KPI)入学者数40名...令和6年度実績36名"),
            Some((
                "入学者数".to_string(),
                Form::Marked {
                    goal: false,
                    quoted: false
                }
            ))
        );
    }

    #[test]
    fn undated_arrow_lines_are_seen_but_not_read() {
        let line = "①婚姻率:5.5‰→5.9‰";
        let found = find(line);
        assert_eq!(found.len(), 1);
        assert_eq!(parse(line, found[0].form), Err(UNDATED));
        assert!(find("本市の人口:5万人という現状").is_empty());
    }

    #[test]
    fn plain_marks_end_the_indicator_at_its_first_field() {
        let line = "KPI:観光入込客数 基準値152.3万人(H30) 目標値180万人(R6)";
        let found = find(line);
        assert_eq!(found.len(), 1);
        let parsed = parse(&line[found[0].start..found[0].end], found[0].form).unwrap();
        assert_eq!(parsed.indicator, "観光入込客数");
        assert_eq!(
            parsed.fields.target.and_then(|t| t.value),
            Some(1_800_000.0)
        );
        assert_eq!(
            find("数値目標:合計特殊出生率1.42(H30)→1.60(R6)")[0].form,
            Form::Marked {
                goal: true,
                quoted: false
            }
        );
        assert!(find("数値目標:").is_empty());
    }

    #[test]
    fn a_section_heading_is_no_mark() {
        assert!(find("【重要業績評価指標(KPI)】").is_empty());
        assert!(find("※KPI「重要業績評価指数」:各施策について特に重要な業務等").len() == 1);
        let f = find("※KPI「重要業績評価指数」:各施策について特に重要な業務等")[0];
        assert!(parse(
            "KPI「重要業績評価指数」:各施策について特に重要な業務等",
            f.form
        )
        .is_err());
    }
}
