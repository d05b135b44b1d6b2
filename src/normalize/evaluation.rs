//! A report's own judgement of a KPI, as printed → [`Evaluation`]: the grade mark
//! (`A`…`E`, `◎○△×`, `達成`, `未達成`) and the achievement rate (`達成度 118.3%`).
//!
//! Like quantities, the reader is strict: a rate is read only when one percentage is the
//! rate (named 達成率/達成度, or the only number printed), a letter grade only when it
//! stands alone (never the `D` of `DVD`).

use super::text::normalize_text;
use crate::model::Evaluation;

/// Words that name an achievement rate; the percentage after them is the rate.
const RATE_WORDS: &[&str] = &["指標達成度", "達成度", "達成率", "進捗率", "進捗度"];
/// Grade words, longest first so that `未達成` is not read as `達成`.
pub(crate) const GRADE_WORDS: &[&str] = &[
    "おおむね達成",
    "概ね達成",
    "一部達成",
    "未達成",
    "達成",
    "概ね順調",
    "順調",
    "やや遅れ",
    "遅れ",
];
/// Grade marks printed as symbols.
pub(crate) const GRADE_MARKS: &[char] = &['◎', '○', '〇', '△', '×'];
/// Letter grades (`S` is used by some cities above `A`).
pub(crate) const GRADE_LETTERS: &[char] = &['S', 'A', 'B', 'C', 'D', 'E'];
/// Brackets and separators around an evaluation that carry no meaning of their own.
const WRAPPERS: &[char] = &['【', '】', '[', ']', '「', '」', ':', '：', ' '];

/// Reads an evaluation as printed (`125％`, `達成度 118.3%`, `A`, `評価 C`, `◎`, `達成`,
/// `未達成（1,820人）`, `【達成度62%】【評価 D】`); `None` when it holds neither a grade nor
/// a rate.
///
/// ```
/// use kpi_extract::normalize::parse_evaluation;
/// let e = parse_evaluation("【達成度 54.4%】【評価 B】").unwrap();
/// assert_eq!((e.grade.as_deref(), e.rate), (Some("B"), Some(54.4)));
/// let e = parse_evaluation("未達成（1,820人）").unwrap();
/// assert_eq!((e.grade.as_deref(), e.rate), (Some("未達成"), None));
/// assert_eq!(e.text, "未達成(1,820人)");
/// assert_eq!(parse_evaluation("125％").unwrap().rate, Some(125.0));
/// assert!(parse_evaluation("学校紹介DVDの作成").is_none());
/// ```
pub fn parse_evaluation(text: &str) -> Option<Evaluation> {
    let normalized = normalize_text(text);
    let core = normalized.trim_matches(WRAPPERS);
    if core.is_empty() {
        return None;
    }
    let rate = read_rate(core);
    let grade = read_grade(core);
    if rate.is_none() && grade.is_none() {
        return None;
    }
    Some(Evaluation {
        text: normalized,
        grade,
        rate,
    })
}

/// The achievement rate: the percentage after a rate word, else the only percentage when
/// nothing but the rate is printed (`125%`).
fn read_rate(core: &str) -> Option<f64> {
    for word in RATE_WORDS {
        if let Some(at) = core.find(word) {
            let after = core[at + word.len()..].trim_start_matches(WRAPPERS);
            return leading_percent(after).map(|(value, _)| value);
        }
    }
    let (value, used) = leading_percent(core)?;
    let rest = core[used..].trim_matches(WRAPPERS);
    // `125%` alone, or followed by the grade (`125% A`).
    (rest.is_empty() || read_grade(rest).is_some_and(|g| g.chars().count() == rest.chars().count()))
        .then_some(value)
}

/// `118.3%…` → (118.3, bytes used), for a well-formed number directly followed by `%`.
fn leading_percent(s: &str) -> Option<(f64, usize)> {
    let digits = s.len()
        - s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
            .len();
    let number = &s[..digits];
    if number.is_empty() || number.starts_with('.') || number.matches('.').count() > 1 {
        return None;
    }
    let rest = s[digits..].trim_start();
    let rest = rest.strip_prefix('%')?;
    let value: f64 = number.trim_end_matches('.').parse().ok()?;
    Some((value, s.len() - rest.len()))
}

/// The grade: a grade word, else a mark, else a letter that stands alone; the rate words
/// (`達成度`) are taken out first, so that they do not read as `達成`.
fn read_grade(core: &str) -> Option<String> {
    let rest = RATE_WORDS
        .iter()
        .fold(core.to_string(), |text, word| text.replace(word, " "));
    if let Some(word) = GRADE_WORDS.iter().find(|w| rest.contains(**w)) {
        return Some((*word).to_string());
    }
    let chars: Vec<char> = rest.chars().collect();
    // `△198` is a negative number, not the mark `△`.
    let mark = chars.iter().enumerate().find(|(i, c)| {
        GRADE_MARKS.contains(c) && !chars.get(i + 1).is_some_and(|n| n.is_ascii_digit())
    });
    if let Some((_, mark)) = mark {
        return Some(mark.to_string());
    }
    standalone_letter(&rest).map(String::from)
}

/// A grade letter not touching other Latin letters or digits (`評価 C`, `B評価`, `A`).
fn standalone_letter(core: &str) -> Option<char> {
    let chars: Vec<char> = core.chars().collect();
    let latin = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    chars.iter().enumerate().find_map(|(i, c)| {
        let alone = GRADE_LETTERS.contains(c)
            && !latin(i.checked_sub(1).and_then(|j| chars.get(j)))
            && !latin(chars.get(i + 1));
        alone.then_some(*c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_needs_its_sign() {
        assert_eq!(leading_percent("62%】"), Some((62.0, 3)));
        assert_eq!(leading_percent("62 %"), Some((62.0, 4)));
        assert_eq!(leading_percent("62人"), None);
        assert_eq!(leading_percent("1.2.3%"), None);
        assert_eq!(leading_percent(".5%"), None);
    }

    #[test]
    fn letters_stand_alone() {
        assert_eq!(standalone_letter("評価 C"), Some('C'));
        assert_eq!(standalone_letter("B評価"), Some('B'));
        assert_eq!(standalone_letter("DVD"), None);
        assert_eq!(standalone_letter("KPI"), None);
        assert_eq!(standalone_letter("A1"), None);
    }
}
