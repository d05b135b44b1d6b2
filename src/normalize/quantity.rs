//! Printed values → [`Quantity`]: number, scale, sign, unit, qualifier, status and period.
//!
//! The reader is deliberately strict: a value is set only when exactly one number can be
//! the value and everything around it is understood; otherwise `value` is null and
//! `status` is `text`. A wrong number is worse than none.

use super::period::{leading_era_period, parse_period};
use super::text::normalize_text;
use crate::model::{Period, Qualifier, Quantity, ValueStatus};

/// Marks that alone mean "not available".
const DASHES: &[char] = &['－', '-', '—', '―', '‐', '−', '–', '‒', 'ー', '─'];
/// Marks of a negative number directly before its digits (`△198`).
const MINUS_SIGNS: &[char] = &['△', '▲', '-', '−', '－', '‐', '–'];
/// Words that say the figure is not known yet.
const UNDER_SURVEY: &[&str] = &["調査中", "集計中", "算出中", "精査中", "未集計", "確認中"];
/// Scale words after a number, longest first, with their power of ten.
const SCALES: &[(&str, i32)] = &[
    ("千万", 7),
    ("百万", 6),
    ("十万", 5),
    ("兆", 12),
    ("億", 8),
    ("万", 4),
    ("千", 3),
    ("百", 2),
];
/// Qualifier words, as they may appear before or after a number.
const QUALIFIERS: &[(&str, Qualifier)] = &[
    ("累計", Qualifier::Cumulative),
    ("以上", Qualifier::AtLeast),
    ("以内", Qualifier::AtMost),
    ("以下", Qualifier::AtMost),
    ("未満", Qualifier::AtMost),
    ("毎年度", Qualifier::PerYear),
    ("毎年", Qualifier::PerYear),
];
/// Words after a unit that neither qualify nor contradict the number.
const APPROXIMATELY: &[&str] = &["程度", "前後", "超", "強", "弱"];
/// The mark of an approximation before a number (`約1,000人`).
const ABOUT_BEFORE: char = '約';
/// Kanji that make `約` part of a word (`協約`, `契約`, `予約`, `集約`): then it is no
/// approximation mark.
const WORDS_ENDING_IN_YAKU: &[char] = &[
    '協', '契', '規', '条', '予', '集', '要', '節', '制', '公', '婚', '特', '解', '確', '誓',
];
/// Words that may follow a span of years before its value (`5年間で15人`, `5年間累計`).
const SPAN_JOINERS: &[&str] = &["累計で", "合計で", "累計", "合計", "で", "に", "の"];
/// Units that hold characters which otherwise end a unit (digits).
const UNITS_WITH_DIGITS: &[&str] = &["km2", "m2", "m3", "cm2", "cm3", "CO2"];
/// Particles that start prose after a counted unit (`16市町と連携協約締結`).
const PARTICLES: &[char] = &['と', 'を', 'に', 'で', 'が', 'の', 'へ', 'は', 'も', 'や'];
/// The longest text read as a unit; anything longer is prose.
const MAX_UNIT_CHARS: usize = 6;
/// Significant digits that survive the round trip through `f64` exactly.
const MAX_SIGNIFICANT_DIGITS: usize = 15;
/// Largest integer an `f64` holds exactly.
const MAX_EXACT_INTEGER: u128 = 1 << 53;

/// Reads a value as printed (`15.3万人`, `6,451,100千円`, `△198人`, `－（H30～）`, `調査中`,
/// `577人（H26年度）`). `text` is the normalised input; `value` is null (with status `text`)
/// whenever the number is not certain.
///
/// ```
/// use kpi_extract::model::{Qualifier, ValueStatus};
/// use kpi_extract::normalize::parse_quantity;
/// let q = parse_quantity("15.3 万人");
/// assert_eq!((q.value, q.unit.as_deref()), (Some(153000.0), Some("人")));
/// let q = parse_quantity("577 人（H26 年度）");
/// assert_eq!((q.text.as_str(), q.value), ("577人(H26年度)", Some(577.0)));
/// assert_eq!(q.period.unwrap().start, Some(2014));
/// let q = parse_quantity("⇒5位以内");
/// assert_eq!((q.value, q.qualifier), (Some(5.0), Some(Qualifier::AtMost)));
/// assert_eq!(parse_quantity("△198 人").value, Some(-198.0));
/// assert_eq!(parse_quantity("－（H30～）").status, Some(ValueStatus::NotAvailable));
/// assert_eq!(parse_quantity("調査中").status, Some(ValueStatus::UnderSurvey));
/// let q = parse_quantity("リーダー52人マイスター2人"); // two numbers: not certain
/// assert_eq!((q.value, q.status), (None, Some(ValueStatus::Text)));
/// ```
pub fn parse_quantity(text: &str) -> Quantity {
    let normalized = normalize_text(text);
    let reading = read(&normalized);
    Quantity {
        text: normalized,
        value: reading.value,
        unit: reading.unit,
        qualifier: reading.qualifier,
        status: reading.status,
        period: reading.period,
    }
}

/// What was understood of a value.
#[derive(Debug, Default)]
struct Reading {
    value: Option<f64>,
    unit: Option<String>,
    qualifier: Option<Qualifier>,
    status: Option<ValueStatus>,
    period: Option<Period>,
    /// `5年間で`: the value is a total over this many years.
    span_years: Option<u32>,
}

impl Reading {
    fn qualify(&mut self, qualifier: Qualifier) {
        self.qualifier.get_or_insert(qualifier);
    }
    fn dated(&mut self, period: Period) {
        self.period.get_or_insert(period);
    }
    /// No value, for a known reason; the period stays (`－(H30～)`).
    fn status(mut self, status: ValueStatus) -> Reading {
        self.status = Some(status);
        self.value = None;
        self.unit = None;
        self.qualifier = None;
        self
    }
    /// Not understood: nothing but the text is certain.
    fn unknown(mut self) -> Reading {
        self.period = None;
        self.status(ValueStatus::Text)
    }
    /// A total over a span of years (`5年間で15人(2019年度)`) covers the span that ends in
    /// the printed year: 2015–2019.
    fn widen_to_span(&mut self) {
        if let (Some(years), Some(period)) = (self.span_years, self.period.as_mut()) {
            widen(period, years);
        }
    }
}

fn read(normalized: &str) -> Reading {
    let mut reading = Reading::default();
    // Notes (※…) on their own lines belong to the cell, not to the value.
    let lines: Vec<&str> = normalized
        .lines()
        .filter(|line| !line.starts_with('※'))
        .collect();
    let joined = lines.join("\n");
    let mut core = joined.trim_start_matches('⇒').trim();
    if core.is_empty() {
        return if normalized.is_empty() {
            reading
        } else {
            reading.status(ValueStatus::Text)
        };
    }
    core = take_year_label(core, &mut reading);
    core = take_brackets(core, &mut reading);
    core = take_span(core, &mut reading);
    if core.is_empty() {
        return reading.status(ValueStatus::Text);
    }
    if core.chars().all(|c| DASHES.contains(&c)) {
        return reading.status(ValueStatus::NotAvailable);
    }
    if UNDER_SURVEY
        .iter()
        .any(|w| core.trim_end_matches(['。', '.']) == *w)
    {
        return reading.status(ValueStatus::UnderSurvey);
    }
    read_number(core, reading)
}

/// A total over a span of years: `5年間で15人` at the start, or `2事業/5年間` at the end.
/// The span is kept so that the period can cover it; the value is cumulative.
fn take_span<'a>(core: &'a str, reading: &mut Reading) -> &'a str {
    if let Some((years, rest)) = leading_span(core) {
        reading.span_years = Some(years);
        reading.qualify(Qualifier::Cumulative);
        return rest;
    }
    if let Some((years, rest)) = trailing_span(core) {
        reading.span_years = Some(years);
        reading.qualify(Qualifier::Cumulative);
        return rest;
    }
    core
}

/// `5年間で15人` → (5, `15人`): a number of years, `年間`, a joiner, then more digits.
fn leading_span(core: &str) -> Option<(u32, &str)> {
    let digits = core.len() - core.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let years: u32 = core[..digits].parse().ok()?;
    let mut rest = core[digits..]
        .trim_start()
        .strip_prefix("年間")?
        .trim_start();
    if let Some(joiner) = SPAN_JOINERS.iter().find(|j| rest.starts_with(**j)) {
        rest = rest[joiner.len()..].trim_start();
    }
    // Without a number next, `1年間収録し…` is prose about a duration.
    rest.starts_with(|c: char| c.is_ascii_digit())
        .then_some((years, rest))
        .filter(|(y, _)| *y > 0)
}

/// `2事業/5年間` → (5, `2事業`).
fn trailing_span(core: &str) -> Option<(u32, &str)> {
    let body = core.strip_suffix("年間")?.trim_end();
    let digits = body.len() - body.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let years: u32 = body[body.len() - digits..].parse().ok()?;
    let rest = body[..body.len() - digits].trim_end().strip_suffix('/')?;
    (years > 0).then_some((years, rest.trim_end()))
}

/// The number of years a total is printed over (`5年間で15人`, `2事業/5年間`), if any.
///
/// ```
/// use kpi_extract::normalize::span_years;
/// assert_eq!(span_years("５年間で１５人"), Some(5));
/// assert_eq!(span_years("2 事業 /5 年間"), Some(5));
/// assert_eq!(span_years("年３人（５年間で１５人）"), None); // the span is only a note
/// ```
pub fn span_years(text: &str) -> Option<u32> {
    read(&normalize_text(text)).span_years
}

/// Dates a value by a year printed elsewhere (a column header `目標値（2019年度）`, a label
/// `目標値(2019)`) when it carries none itself; a total over a span (`5年間で6人`) then
/// covers the span that ends in that year.
///
/// ```
/// use kpi_extract::normalize::{date_quantity, parse_period, parse_quantity};
/// let mut q = parse_quantity("５年間で６人");
/// date_quantity(&mut q, &parse_period("2019年度").unwrap());
/// let p = q.period.unwrap();
/// assert_eq!((p.start, p.end), (Some(2015), Some(2019)));
/// ```
pub fn date_quantity(quantity: &mut Quantity, period: &Period) {
    if quantity.period.is_some() {
        return;
    }
    let mut period = period.clone();
    if let Some(years) = span_years(&quantity.text) {
        widen(&mut period, years);
    }
    quantity.period = Some(period);
}

/// A one-year period becomes the `years` ending in it.
fn widen(period: &mut Period, years: u32) {
    let (Some(start), Some(end)) = (period.start, period.end) else {
        return;
    };
    let Ok(span) = i32::try_from(years) else {
        return;
    };
    if start == end && span > 1 {
        period.start = Some(end - span + 1);
    }
}

/// `H27 743人`, `H28累計4件`: a leading year label dates the value.
fn take_year_label<'a>(core: &'a str, reading: &mut Reading) -> &'a str {
    let Some((period, used)) = leading_era_period(core) else {
        return core;
    };
    // Digits right after a label that ends in digits would be part of the year (`H2743`);
    // after `年`/`年度` they are the value (`令和2年28,112人`).
    let closed = !core[..used].ends_with(|c: char| c.is_ascii_digit());
    if !closed && core[used..].starts_with(|c: char| c.is_ascii_digit()) {
        return core;
    }
    reading.dated(period);
    core[used..].trim_start()
}

/// Takes brackets off both ends: a period dates the value (`(H26年度)`), qualifier words
/// qualify it (`(毎年度)`), anything else is a note (kept only in `text`).
fn take_brackets<'a>(mut core: &'a str, reading: &mut Reading) -> &'a str {
    while let Some((open, inner)) = trailing_bracket(core) {
        absorb_bracket(inner, reading, true);
        core = core[..open].trim_end();
    }
    if let Some((close, inner)) = leading_bracket(core) {
        if absorb_bracket(inner, reading, false) {
            core = core[close + 1..].trim_start();
        }
    }
    core
}

/// Reads a bracket's content; returns whether it was a period or qualifier (as opposed to
/// a note). Notes are accepted only at the end (`notes_ok`).
fn absorb_bracket(inner: &str, reading: &mut Reading, notes_ok: bool) -> bool {
    let mut rest = inner.trim();
    for &(word, qualifier) in QUALIFIERS {
        if let Some(r) = rest.strip_suffix(word) {
            reading.qualify(qualifier);
            rest = r.trim_end();
        }
    }
    if rest.is_empty() {
        return true;
    }
    match parse_period(rest) {
        Ok(period) => {
            reading.dated(period);
            true
        }
        Err(_) => notes_ok,
    }
}

/// The last `(…)` group when the text ends with one: (byte index of `(`, content).
fn trailing_bracket(s: &str) -> Option<(usize, &str)> {
    let body = s.strip_suffix(')')?;
    let mut depth = 0usize;
    for (i, c) in body.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => return Some((i, &body[i + 1..])),
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The first `(…)` group when the text starts with one: (byte index of `)`, content).
fn leading_bracket(s: &str) -> Option<(usize, &str)> {
    let body = s.strip_prefix('(')?;
    let close = body.find(')')?;
    let inner = &body[..close];
    (!inner.contains('(')).then_some((close + 1, inner))
}

/// A number token in the text: where it starts (after any sign) and ends.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
}

/// All maximal runs of digits, `,` and `.` that start with a digit.
fn number_tokens(s: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut current: Option<usize> = None;
    for (i, c) in s.char_indices() {
        let part = c.is_ascii_digit() || (current.is_some() && matches!(c, ',' | '.'));
        match (part, current) {
            (true, None) => current = Some(i),
            (false, Some(start)) => {
                tokens.push(Token { start, end: i });
                current = None;
            }
            _ => {}
        }
    }
    if let Some(start) = current {
        tokens.push(Token {
            start,
            end: s.len(),
        });
    }
    // A trailing `.`/`,` ends the sentence, not the number.
    for token in &mut tokens {
        while s[..token.end].ends_with(['.', ',']) {
            token.end -= 1;
        }
    }
    tokens
}

fn read_number(core: &str, mut reading: Reading) -> Reading {
    let tokens = number_tokens(core);
    let [token] = tokens[..] else {
        return reading.unknown();
    };
    let digits = &core[token.start..token.end];
    let (prefix, negative) = split_sign(&core[..token.start]);
    if !prefix_is_a_label(prefix, &mut reading) {
        return reading.unknown();
    }
    let Some(suffix) = read_suffix(&core[token.end..], &mut reading) else {
        return reading.unknown();
    };
    reading.unit = (!suffix.unit.is_empty()).then_some(suffix.unit);
    match exact_value(digits, suffix.scale, negative) {
        Some(value) => {
            reading.value = Some(value);
            reading.status = None;
            reading.widen_to_span();
            reading
        }
        None => reading.status(ValueStatus::Text),
    }
}

/// Splits a minus sign (`△`, `▲`, `-`, `−`) off the end of the text before the digits.
fn split_sign(before: &str) -> (&str, bool) {
    match before.chars().next_back() {
        Some(c) if MINUS_SIGNS.contains(&c) => (&before[..before.len() - c.len_utf8()], true),
        Some('+') => (&before[..before.len() - 1], false),
        _ => (before, false),
    }
}

/// Text before the number may name it (`政令市`, `リーダー`, `利用学生数:`, `累計`); it may
/// not be a code the number belongs to (`H27`, `F1`), an arrow or a range.
fn prefix_is_a_label(prefix: &str, reading: &mut Reading) -> bool {
    if prefix.ends_with(|c: char| c.is_ascii_alphabetic() || c == '.' || c == ',') {
        return false;
    }
    // `令和0年`, `平成27年度`: the number is an era year, not a value.
    if ["明治", "大正", "昭和", "平成", "令和"]
        .iter()
        .any(|era| prefix.ends_with(era))
    {
        return false;
    }
    if prefix.contains(['⇒', '→', '～', '〜', '~', '\n']) {
        return false;
    }
    for &(word, qualifier) in QUALIFIERS {
        if prefix.contains(word) {
            reading.qualify(qualifier);
        }
    }
    let near = prefix.trim_end();
    if marks_per_year(near) {
        reading.qualify(Qualifier::PerYear);
    }
    if marks_about(near) {
        reading.qualify(Qualifier::Approximately);
    }
    true
}

/// `年12人`, `各地域で年1回`, `年間300人`: `年` (or `年間`) right before the number means a
/// yearly figure, unless it ends a year (`2019年`, `令和元年`).
fn marks_per_year(near: &str) -> bool {
    let Some(before) = near
        .strip_suffix("年間")
        .or_else(|| near.strip_suffix('年'))
    else {
        return false;
    };
    !before.ends_with(|c: char| c.is_ascii_digit() || c == '元' || c == '毎')
}

/// `約1,000人`: `約` right before the number, not as the end of a word (`協約`).
fn marks_about(near: &str) -> bool {
    near.strip_suffix(ABOUT_BEFORE)
        .is_some_and(|before| !before.ends_with(WORDS_ENDING_IN_YAKU))
}

/// Scale, unit and qualifiers after the digits.
struct Suffix {
    scale: i32,
    unit: String,
}

/// Reads `[scale] [unit] [/per] [qualifiers] [prose]`; `None` when what follows the number
/// is not understood.
fn read_suffix(after: &str, reading: &mut Reading) -> Option<Suffix> {
    let mut rest = after.strip_prefix(' ').unwrap_or(after);
    let scale = match SCALES.iter().find(|(word, _)| rest.starts_with(word)) {
        Some(&(word, power)) => {
            rest = &rest[word.len()..];
            power
        }
        None => 0,
    };
    let unit_len = unit_length(rest);
    let mut unit = rest[..unit_len].to_string();
    rest = &rest[unit_len..];
    // Prose is long; `%増` mixes a symbol with a word: neither is a unit.
    if unit.chars().count() > MAX_UNIT_CHARS
        || (!unit.is_ascii() && unit.contains(|c: char| c.is_ascii()))
    {
        return None;
    }
    if let Some(per) = per_suffix(rest) {
        if matches!(&rest[1..per], "年" | "年度") {
            reading.qualify(Qualifier::PerYear);
        }
        unit.push_str(&rest[..per]);
        rest = &rest[per..];
    }
    rest = take_qualifiers(rest, reading);
    let tail = rest.trim_end_matches(['。', '.', ',', '、', ' ']);
    if tail.is_empty() || describes_counted_things(&unit, tail) {
        Some(Suffix { scale, unit })
    } else {
        None
    }
}

/// Length in bytes of the unit at the start of `s`: up to a digit, space, bracket, slash,
/// punctuation, qualifier word or particle.
fn unit_length(s: &str) -> usize {
    if let Some(unit) = UNITS_WITH_DIGITS.iter().find(|u| s.starts_with(**u)) {
        return unit.len();
    }
    for (i, c) in s.char_indices() {
        let rest = &s[i..];
        let stops = c.is_ascii_digit()
            || c.is_whitespace()
            || "()/,、。:;・⇒→～〜~「」【】\n".contains(c)
            || QUALIFIERS.iter().any(|(w, _)| rest.starts_with(w))
            || APPROXIMATELY.iter().any(|w| rest.starts_with(w))
            || (i > 0 && PARTICLES.contains(&c));
        if stops {
            return i;
        }
    }
    s.len()
}

/// `/年度`, `/年`, `/人`: a short per-unit after a slash; its length in bytes.
fn per_suffix(s: &str) -> Option<usize> {
    let after = s.strip_prefix('/')?;
    let len = unit_length(after);
    (len > 0 && after[..len].chars().count() <= 3).then_some(1 + len)
}

/// Qualifier and approximation words after the unit.
fn take_qualifiers<'a>(mut rest: &'a str, reading: &mut Reading) -> &'a str {
    'words: loop {
        for &(word, qualifier) in QUALIFIERS {
            if let Some(r) = rest.strip_prefix(word) {
                reading.qualify(qualifier);
                rest = r;
                continue 'words;
            }
        }
        for word in APPROXIMATELY {
            if let Some(r) = rest.strip_prefix(word) {
                rest = r;
                continue 'words;
            }
        }
        return rest;
    }
}

/// `16市町と連携協約締結`: prose after a counted unit, joined by a particle, keeps the count.
/// Not for durations (`5年に一度の調査`: the number is how often, not what was achieved).
fn describes_counted_things(unit: &str, tail: &str) -> bool {
    let duration = unit.contains(['年', '月', '日', '歳', '時', '毎']) || unit.ends_with("ごと");
    !unit.is_empty()
        && !duration
        && tail.starts_with(PARTICLES)
        && !tail.contains(|c: char| c.is_ascii_digit() || "⇒→～〜~".contains(c))
}

/// The number as `f64`, computed from an integer mantissa and a power of ten so that
/// `15.3万` is exactly 153000; `None` when it has no exact `f64` (or is malformed).
fn exact_value(token: &str, scale: i32, negative: bool) -> Option<f64> {
    let (int_part, frac_part) = match token.split_once('.') {
        Some((i, f)) => (i, f),
        None => (token, ""),
    };
    if frac_part.contains(['.', ',']) || !well_grouped(int_part) {
        return None;
    }
    let digits: String = int_part
        .chars()
        .filter(|c| *c != ',')
        .chain(frac_part.chars())
        .collect();
    let significant = digits.trim_start_matches('0');
    if significant.len() > MAX_SIGNIFICANT_DIGITS {
        return None;
    }
    let mantissa: u128 = if significant.is_empty() {
        0
    } else {
        significant.parse().ok()?
    };
    let exponent = scale - frac_part.len() as i32;
    if exponent >= 0 {
        let scaled = mantissa.checked_mul(10u128.checked_pow(exponent as u32)?)?;
        if scaled > MAX_EXACT_INTEGER {
            return None;
        }
    }
    let magnitude: f64 = format!("{mantissa}e{exponent}").parse().ok()?;
    Some(if negative && magnitude != 0.0 {
        -magnitude
    } else {
        magnitude
    })
}

/// `6,451,100` or `6451100`, never `64,51` or `1,0000`.
fn well_grouped(int_part: &str) -> bool {
    let mut groups = int_part.split(',');
    let first = groups.next().unwrap_or_default();
    if first.is_empty() {
        return false;
    }
    let rest: Vec<&str> = groups.collect();
    rest.is_empty() || (first.len() <= 3 && rest.iter().all(|g| g.len() == 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_arithmetic() {
        assert_eq!(exact_value("15.3", 4, false), Some(153000.0));
        assert_eq!(exact_value("6,451,100", 3, false), Some(6451100000.0));
        assert_eq!(exact_value("0.1", 0, false), Some(0.1));
        assert_eq!(exact_value("1.005", 3, false), Some(1005.0));
        assert_eq!(exact_value("0", 0, true), Some(0.0));
        assert_eq!(exact_value("64,51", 0, false), None);
        assert_eq!(exact_value("1,0000", 0, false), None);
        assert_eq!(exact_value(&"9".repeat(40), 0, false), None);
        assert_eq!(exact_value("9007199254740993", 0, false), None);
        assert_eq!(exact_value("1.2.3", 0, false), None);
    }
}
