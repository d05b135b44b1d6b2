//! The report's own evaluation of a KPI (grade and rate columns) and grade legends.
//!
//! `normalize::parse_evaluation` reads evaluation text in general and owns the grade
//! vocabulary; this reads the two cells a table gives (a cell is read whole) and legends.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Evaluation, Legend, LegendEntry};
use crate::normalize::evaluation::{GRADE_LETTERS, GRADE_MARKS, GRADE_WORDS};

/// Words a table's grade cell prints besides [`GRADE_WORDS`] (trend words): a cell is read
/// whole, so they cannot be mistaken for part of a sentence as in free text.
const CELL_GRADE_WORDS: &[&str] = &["横ばい", "改善", "悪化"];

/// Marks a grade cell prints besides [`GRADE_MARKS`]: in a cell of its own, `▲` and `●`
/// are grades, not minus signs or bullets.
const CELL_GRADE_MARKS: &[char] = &['▲', '●'];

/// The character class of the grade marks, for the patterns below.
fn mark_class(marks: &[&[char]]) -> String {
    marks.iter().flat_map(|m| m.iter()).collect()
}

/// A grade mark: a letter ([`GRADE_LETTERS`], optionally + / -) or a mark alone.
static GRADE_MARK: LazyLock<Regex> = LazyLock::new(|| {
    let letters: String = GRADE_LETTERS.iter().collect();
    let marks = mark_class(&[GRADE_MARKS, CELL_GRADE_MARKS]);
    Regex::new(&format!(r"^(?:[{letters}][+\-]?|[{marks}])$")).expect("static regex")
});

/// A percentage: `54.4%`, `108.3 %`.
static RATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(-?\d[\d,]*(?:\.\d+)?)\s*%").expect("static regex"));

/// One legend entry: a mark, a colon, its meaning up to the next mark.
static LEGEND_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    let letters: String = GRADE_LETTERS.iter().collect();
    // `●` starts bullet lines in running text, so it opens no legend entry.
    let marks = mark_class(&[GRADE_MARKS, &['▲']]);
    Regex::new(&format!(
        r"(?:^|[^A-Za-z0-9])([{letters}]|[{marks}])\s*[:：]\s*"
    ))
    .expect("static regex")
});

/// Whether `text` (folded) is a grade mark or word.
pub(crate) fn is_grade(text: &str) -> bool {
    let t = text.trim();
    GRADE_MARK.is_match(t) || GRADE_WORDS.contains(&t) || CELL_GRADE_WORDS.contains(&t)
}

/// The percentage in `text`, if it prints one.
pub(crate) fn rate_of(text: &str) -> Option<f64> {
    let caps = RATE.captures(text)?;
    caps.get(1)?.as_str().replace(',', "").parse().ok()
}

/// The evaluation of a row from its rate and grade cells (folded text), None when both
/// are empty or dashes.
pub(crate) fn evaluation(rate: Option<&str>, grade: Option<&str>) -> Option<Evaluation> {
    let clean = |t: Option<&str>| {
        t.map(str::trim)
            .filter(|t| !t.is_empty() && !matches!(*t, "－" | "-" | "—" | "―" | "−"))
            .map(str::to_string)
    };
    let (rate_text, grade_text) = (clean(rate), clean(grade));
    if rate_text.is_none() && grade_text.is_none() {
        return None;
    }
    // A rate column may print the number without `%`.
    let rate = rate_text
        .as_deref()
        .and_then(|t| rate_of(t).or_else(|| t.replace(',', "").parse().ok()))
        .or_else(|| grade_text.as_deref().and_then(rate_of));
    let grade = grade_text.as_deref().and_then(grade_in);
    let text = [rate_text, grade_text]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    Some(Evaluation { text, grade, rate })
}

/// The grade in a grade cell: the whole text when it is a mark or word, else its first
/// token that is one (`B (54%)` → `B`).
fn grade_in(text: &str) -> Option<String> {
    if is_grade(text) {
        return Some(text.trim().to_string());
    }
    text.split(|c: char| c.is_whitespace() || "()（）".contains(c))
        .find(|t| is_grade(t))
        .map(str::to_string)
}

/// A grade legend (`評価 A:目標を達成 B:順調に推移 …`): at least two marks with meanings.
pub(crate) fn legend(text: &str, page: u32) -> Option<Legend> {
    let starts: Vec<(usize, usize, String)> = LEGEND_ENTRY
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let mark = c.get(1)?;
            Some((mark.start(), whole.end(), mark.as_str().to_string()))
        })
        .collect();
    if starts.len() < 2 {
        return None;
    }
    let entries = starts
        .iter()
        .enumerate()
        .map(|(i, (_, end, grade))| {
            let stop = starts.get(i + 1).map_or(text.len(), |n| n.0);
            LegendEntry {
                grade: grade.clone(),
                meaning: text[*end..stop].trim().to_string(),
            }
        })
        .filter(|e| !e.meaning.is_empty())
        .collect::<Vec<_>>();
    (entries.len() >= 2).then(|| Legend {
        page,
        text: text.to_string(),
        entries,
    })
}

/// Compiles this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&GRADE_MARK);
    LazyLock::force(&RATE);
    LazyLock::force(&LEGEND_ENTRY);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_and_rates() {
        let e = evaluation(Some("54.4%"), Some("B")).expect("an evaluation");
        assert_eq!(e.grade.as_deref(), Some("B"));
        assert_eq!(e.rate, Some(54.4));
        assert_eq!(e.text, "54.4% B");
        assert_eq!(
            evaluation(Some("95.6"), None).and_then(|e| e.rate),
            Some(95.6)
        );
        let e = evaluation(Some(""), Some("◎")).expect("an evaluation");
        assert_eq!((e.grade.as_deref(), e.rate), (Some("◎"), None));
        assert_eq!(evaluation(Some("－"), None), None);
        let e = evaluation(None, Some("未達成")).expect("an evaluation");
        assert_eq!(e.grade.as_deref(), Some("未達成"));
        assert!(!is_grade("市内事業所の従業者数"));
    }

    #[test]
    fn legend_entries() {
        let l =
            legend("※評価A:目標を達成B:目標達成に向けて順調に推移 C:遅れ", 2).expect("a legend");
        let grades: Vec<_> = l.entries.iter().map(|e| e.grade.as_str()).collect();
        assert_eq!(grades, ["A", "B", "C"]);
        assert_eq!(l.entries[0].meaning, "目標を達成");
        assert!(legend("※「－」は実績値がないもの", 2).is_none());
    }
}
