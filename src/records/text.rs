//! Small text helpers shared by the record builders: folding for matching, joining
//! wrapped lines, list markers.

use crate::model::Cell;
use crate::normalize::{marks, normalize_text};

/// Arrows printed between a baseline and its target (or its result): producers and fonts
/// use any of these for the same `→`.
pub(crate) const ARROWS: &[char] = &['→', '⇒', '➡', '➔', '➜', '⇨', '⟶', '⟹'];

/// Folds text for matching and output: the full-width ASCII block to ASCII, the
/// ideographic space to a space, then [`normalize_text`], then whitespace collapsed per
/// line (see [`keeps_space`]). Only NFKC-compatible steps,
/// so it agrees with the real normaliser whatever stage it is at.
pub(crate) fn fold(text: &str) -> String {
    let mapped: String = text.chars().map(fold_char).collect();
    let normalised = normalize_text(&mapped);
    normalised
        .split('\n')
        .map(squeeze_spaces)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn fold_char(c: char) -> char {
    match c {
        // `－` and `～` keep their meaning (not available, range): the spec keeps them.
        '\u{FF0D}' | '\u{FF5E}' => c,
        '\u{FF01}'..='\u{FF5D}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        // One wave dash for ranges (the spec treats ～ 〜 alike and keeps ～).
        '\u{301C}' => '～',
        '\u{FF65}' => '・',
        _ => c,
    }
}

/// Collapses whitespace to one space where [`keeps_space`] keeps it, none elsewhere.
fn squeeze_spaces(line: &str) -> String {
    let chars: Vec<char> = line.trim().chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let before = out.chars().last();
            let after = chars.get(j).copied();
            if let (Some(b), Some(a)) = (before, after) {
                if keeps_space(b, a) {
                    out.push(' ');
                }
            }
            i = j;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Whether a space between `b` and `a` is kept: not between two Japanese characters, nor
/// between a Japanese character and a digit or sign (`577 人`); kept next to Latin words
/// (`学園祭 in Tokyo`).
fn keeps_space(b: char, a: char) -> bool {
    let latin = |c: char| c.is_ascii_alphabetic();
    match (b.is_ascii(), a.is_ascii()) {
        (true, true) => true,
        (false, false) => false,
        (true, false) => latin(b),
        (false, true) => latin(a),
    }
}

/// Joins wrapped lines: no separator, except one space after a Latin word (`in` + `Tokyo`);
/// a number cut by the wrap (`H3` + `0年度`) is joined whole.
pub(crate) fn join_wrapped<S: AsRef<str>>(lines: &[S]) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.as_ref().trim();
        if line.is_empty() {
            continue;
        }
        let needs_space = matches!(
            (out.chars().last(), line.chars().next()),
            (Some(a), Some(b)) if a.is_ascii_alphabetic() && b.is_ascii_alphanumeric()
        );
        if needs_space {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// The visual lines of a cell, folded; falls back to its joined text when the layout gave
/// no lines.
pub(crate) fn cell_lines(cell: &Cell) -> Vec<String> {
    let raw: Vec<&str> = if cell.lines.iter().any(|l| !l.trim().is_empty()) {
        cell.lines.iter().map(String::as_str).collect()
    } else {
        cell.text.split('\n').collect()
    };
    raw.iter()
        .map(|l| fold(l))
        .filter(|l| !l.is_empty())
        .collect()
}

pub(crate) use crate::normalize::marks::is_circled;

/// The kind of list mark a line starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// `・ ○ ● ◎ ■ □ …`.
    Bullet,
    /// `①…`.
    Circled,
    /// `※`.
    Note,
}

/// The list mark at the start of `line`, if any.
pub(crate) fn leading_mark(line: &str) -> Option<Mark> {
    let c = line.trim_start().chars().next()?;
    if marks::is_bullet(c) {
        Some(Mark::Bullet)
    } else if is_circled(c) {
        Some(Mark::Circled)
    } else if c == marks::NOTE {
        Some(Mark::Note)
    } else {
        None
    }
}

/// `line` without a leading bullet mark (circled numbers are kept: they are part of the
/// printed indicator).
pub(crate) fn strip_bullet(line: &str) -> &str {
    let t = line.trim_start();
    match t.chars().next() {
        Some(c) if marks::is_bullet(c) => t[c.len_utf8()..].trim_start(),
        _ => t,
    }
}

/// Removes trailing colons and spaces (`利用学生数:` → `利用学生数`).
pub(crate) fn trim_colon(text: &str) -> &str {
    text.trim_end_matches(|c: char| c == ':' || c == '：' || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_maps_full_width_ascii_and_drops_spaces_next_to_japanese() {
        assert_eq!(fold("ＫＰＩ３１ 年度"), "KPI31年度");
        assert_eq!(fold("－（Ｈ３０～）"), "－(H30～)");
        assert_eq!(fold("20〜34歳"), "20～34歳");
        // The normaliser decides spaces between Japanese and Latin; runs collapse here.
        assert_eq!(fold("in  Tokyo 2020"), "in Tokyo 2020");
        assert_eq!(fold("577 人 （H26 年度）"), "577人(H26年度)");
        assert_eq!(fold("州 市 学 園 祭"), "州市学園祭");
        assert_eq!(fold("in  Tokyo"), "in Tokyo");
        assert_eq!(fold(" a \n\n b "), "a\nb");
    }

    #[test]
    fn join_wrapped_spaces_only_between_latin_words() {
        assert_eq!(
            join_wrapped(&["両市企業等へのインターン", "シップ人数"]),
            "両市企業等へのインターンシップ人数"
        );
        assert_eq!(join_wrapped(&["in", "Tokyo"]), "in Tokyo");
        assert_eq!(
            join_wrapped(&["公募実施(H3", "0年度)"]),
            "公募実施(H30年度)"
        );
    }

    #[test]
    fn marks_are_recognised() {
        assert_eq!(leading_mark("・両市"), Some(Mark::Bullet));
        assert_eq!(leading_mark("②住んで"), Some(Mark::Circled));
        assert_eq!(leading_mark("※KPI"), Some(Mark::Note));
        assert_eq!(leading_mark("577人"), None);
        assert_eq!(strip_bullet("・両市"), "両市");
        assert_eq!(strip_bullet("②住んで"), "②住んで");
    }
}
