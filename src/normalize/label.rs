//! Heading labels: `Ⅰ`, `①`, `(i)`, `(1)`, `基本目標1`, `第2章`.

use super::marks;
use super::numeral::{leading_number, roman_value};
use super::text::normalize_text;

/// A heading label split from its text: `①若者の…` → label `①`, number 1, rest `若者の…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The label as printed (NFKC where that keeps it readable: `(i)`, `基本目標1`).
    pub label: String,
    /// Its number.
    pub number: u32,
    /// The text after the label, normalised.
    pub rest: String,
}

/// The kind of a heading label, which sets its level in the hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    /// `Ⅰ…Ⅻ`, `基本目標1`.
    Roman,
    /// `①…⑳`, `㉑…㊿`.
    Circled,
    /// `(i)`, `（ⅰ）`, `ⅰ`.
    LowerRoman,
    /// `(1)`, `（１）`.
    Parenthesised,
    /// `第２章`.
    Chapter,
}

/// Splits a heading label off the start of `text`; `rest` is the normalised title after it.
/// Brackets that hold no number (`(仮称)…`, `(H27)`) are not labels.
///
/// ```
/// use kpi_extract::normalize::{parse_label, LabelKind};
/// let (kind, label) = parse_label("①若者の地元就職").unwrap();
/// assert_eq!((kind, label.label.as_str(), label.number), (LabelKind::Circled, "①", 1));
/// assert_eq!(label.rest, "若者の地元就職");
/// let (kind, label) = parse_label("（ⅱ）アジアの成長力").unwrap();
/// assert_eq!((kind, label.label.as_str(), label.number), (LabelKind::LowerRoman, "(ii)", 2));
/// let (kind, label) = parse_label("基本目標 ３　しごとをつくる").unwrap();
/// assert_eq!((kind, label.label.as_str(), label.number), (LabelKind::Roman, "基本目標3", 3));
/// assert_eq!(label.rest, "しごとをつくる");
/// assert!(parse_label("（仮称）北九州市学園祭").is_none());
/// ```
pub fn parse_label(text: &str) -> Option<(LabelKind, Label)> {
    let raw = text.trim_start();
    let first = raw.chars().next()?;
    // Lower-case Roman numeral characters (ⅰ…ⅻ) are folded to ASCII by NFKC, where a bare
    // `i` would be ambiguous; recognise them before normalising.
    if let Some(number) = marks::lower_roman_number(first) {
        let label = normalize_text(&first.to_string());
        return Some((
            LabelKind::LowerRoman,
            make(label, number, &raw[first.len_utf8()..]),
        ));
    }
    let norm = normalize_text(raw);
    let first = norm.chars().next()?;
    if let Some(number) = marks::upper_roman_number(first) {
        return Some((LabelKind::Roman, split_at(&norm, first.len_utf8(), number)));
    }
    if let Some(number) = marks::circled_number(first) {
        return Some((
            LabelKind::Circled,
            split_at(&norm, first.len_utf8(), number),
        ));
    }
    bracketed(&norm)
        .or_else(|| prefixed(&norm, "基本目標", "", LabelKind::Roman))
        .or_else(|| prefixed(&norm, "第", "章", LabelKind::Chapter))
}

fn make(label: String, number: u32, rest: &str) -> Label {
    Label {
        label,
        number,
        rest: trim_separator(&normalize_text(rest)).to_string(),
    }
}

fn split_at(norm: &str, len: usize, number: u32) -> Label {
    Label {
        label: norm[..len].to_string(),
        number,
        rest: trim_separator(&norm[len..]).to_string(),
    }
}

/// Drops a separator printed between a label and its title (`基本目標1：…`, `(1) …`).
fn trim_separator(rest: &str) -> &str {
    rest.trim_start_matches([' ', ':', '.', '、', '。', '・'])
        .trim_start()
}

/// `(1)` or `(i)` at the start of normalised text.
fn bracketed(norm: &str) -> Option<(LabelKind, Label)> {
    let inner_start = norm.strip_prefix('(')?;
    let close = inner_start.find(')')?;
    let inner = &inner_start[..close];
    let len = 1 + close + 1;
    if let Some((number, used)) = super::numeral::leading_digits(inner) {
        if used == inner.len() && number > 0 {
            return Some((LabelKind::Parenthesised, split_at(norm, len, number)));
        }
        return None;
    }
    let number = roman_value(inner).filter(|_| inner.chars().all(|c| c.is_ascii_lowercase()))?;
    Some((LabelKind::LowerRoman, split_at(norm, len, number)))
}

/// `基本目標1`, `第2章`: a word, a number (digits or kanji), an optional closing word.
fn prefixed(norm: &str, word: &str, closing: &str, kind: LabelKind) -> Option<(LabelKind, Label)> {
    let after_word = norm.strip_prefix(word)?;
    let (number, used) = leading_number(after_word)
        .or_else(|| {
            let c = after_word.chars().next()?;
            marks::upper_roman_number(c).map(|n| (n, c.len_utf8()))
        })
        .filter(|&(n, _)| n > 0)?;
    let after_number = after_word[used..].strip_prefix(closing)?;
    let len = norm.len() - after_number.len();
    Some((kind, split_at(norm, len, number)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Option<(LabelKind, String, u32, String)> {
        parse_label(text).map(|(kind, l)| (kind, l.label, l.number, l.rest))
    }

    #[test]
    fn every_label_notation() {
        use LabelKind::*;
        let cases: &[(&str, LabelKind, &str, u32, &str)] = &[
            (
                "Ⅰ北九州市にしごとをつくり",
                Roman,
                "Ⅰ",
                1,
                "北九州市にしごとをつくり",
            ),
            ("Ⅳ 時代に合った", Roman, "Ⅳ", 4, "時代に合った"),
            ("Ⅻ終わり", Roman, "Ⅻ", 12, "終わり"),
            ("ⅰ アジア", LowerRoman, "i", 1, "アジア"),
            ("ⅻ アジア", LowerRoman, "xii", 12, "アジア"),
            ("(i)アジアの成長力", LowerRoman, "(i)", 1, "アジアの成長力"),
            (
                "（ⅰ）アジアの成長力",
                LowerRoman,
                "(i)",
                1,
                "アジアの成長力",
            ),
            (" （iv） 四つ目", LowerRoman, "(iv)", 4, "四つ目"),
            ("①若者の地元就職", Circled, "①", 1, "若者の地元就職"),
            ("⑳二十", Circled, "⑳", 20, "二十"),
            ("㉑二十一", Circled, "㉑", 21, "二十一"),
            ("㉟三十五", Circled, "㉟", 35, "三十五"),
            ("㊱三十六", Circled, "㊱", 36, "三十六"),
            ("㊿五十", Circled, "㊿", 50, "五十"),
            ("(1)施策", Parenthesised, "(1)", 1, "施策"),
            ("（１２）　施策", Parenthesised, "(12)", 12, "施策"),
            ("基本目標１", Roman, "基本目標1", 1, ""),
            ("基本目標 1 しごと", Roman, "基本目標1", 1, "しごと"),
            ("基本目標二：ひと", Roman, "基本目標二", 2, "ひと"),
            ("基本目標Ⅲ まち", Roman, "基本目標Ⅲ", 3, "まち"),
            ("第２章　計画の概要", Chapter, "第2章", 2, "計画の概要"),
            ("第十一章 終", Chapter, "第十一章", 11, "終"),
        ];
        for &(input, kind, label, number, rest) in cases {
            let want = Some((kind, label.to_string(), number, rest.to_string()));
            assert_eq!(parsed(input), want, "input {input:?}");
        }
    }

    #[test]
    fn not_labels() {
        for input in [
            "(仮称)北九州市学園祭",
            "（H27）",
            "(0)",
            "(c)",
            "(iiii)",
            "(I)",
            "第2節",
            "基本目標",
            "北九州市",
            "1. 項目",
            "",
            "   ",
            "⇒市と市内大学",
        ] {
            assert_eq!(parsed(input), None, "input {input:?}");
        }
    }
}
