//! Text normalisation: NFKC with the spec's exceptions and Japanese-aware whitespace.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// How many normalisation passes at most: one pass almost always reaches the fixed point;
/// a second is needed only when removing a space lets NFKC compose across it.
const MAX_PASSES: usize = 4;

/// Normalises any text per spec: NFKC except circled numbers, Roman numerals, `－`, `～`,
/// `△`/`▲`, `⇒`, `※`; no whitespace between Japanese characters; single spaces between
/// Latin words; trimmed. Keeps `\n` line breaks (each line normalised, empty lines dropped).
/// Idempotent.
///
/// ```
/// use kpi_extract::normalize::normalize_text;
/// assert_eq!(normalize_text("577 人（H26 年度）"), "577人(H26年度)");
/// assert_eq!(normalize_text("州 市 学 園 祭 in  Tokyo"), "州市学園祭in Tokyo");
/// assert_eq!(normalize_text("ＫＰＩ３１　①　Ⅳ　－（H30～）"), "KPI31①Ⅳ－(H30～)");
/// assert_eq!(normalize_text("（ⅰ）ｶﾅ\n\n 13 大学 "), "(i)カナ\n13大学");
/// ```
pub fn normalize_text(text: &str) -> String {
    let mut current = one_pass(text);
    for _ in 1..MAX_PASSES {
        // Squeezing is idempotent, so only NFKC can change a second pass: not when the
        // text already is NFKC apart from the characters kept as printed (the quick check
        // is exact when it says yes; leaving those out can only make it say maybe).
        let rest = current.chars().filter(|&c| !is_kept_as_printed(c));
        if is_nfkc_quick(rest) == IsNormalized::Yes {
            break;
        }
        let next = one_pass(&current);
        if next == current {
            break;
        }
        current = next;
    }
    current
}

/// NFKC with exceptions, then whitespace rules per line.
fn one_pass(text: &str) -> String {
    let folded = nfkc_with_exceptions(text);
    let mut out = String::with_capacity(folded.len());
    for line in folded.split('\n') {
        let line = squeeze_line(line);
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&line);
    }
    out
}

use super::marks::is_kept_as_printed;

/// NFKC on the runs between kept characters; line breaks unified to `\n`, control and
/// zero-width characters dropped or turned into spaces.
fn nfkc_with_exceptions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_kept_as_printed(c) {
            push_nfkc(&mut out, &run);
            run.clear();
            out.push(c);
            continue;
        }
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    run.push('\n');
                }
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}' | '\u{85}' => run.push('\n'),
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' => {}
            c if c.is_control() => run.push(' '),
            c => run.push(c),
        }
    }
    push_nfkc(&mut out, &run);
    out
}

/// Appends the NFKC form of `run`; most text already is NFKC, which a quick check tells
/// without decomposing and recomposing it.
fn push_nfkc(out: &mut String, run: &str) {
    if is_nfkc_quick(run.chars()) == IsNormalized::Yes {
        out.push_str(run);
    } else {
        out.extend(run.nfkc());
    }
}

/// Whether `c` counts as part of a Latin word (letters of Latin-like scripts and digits).
pub(crate) fn is_latin_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (c.is_alphabetic() && (c as u32) < 0x0530)
}

/// Collapses whitespace in one line: a single space survives only between Latin words.
fn squeeze_line(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_whitespace() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let gap_start = i;
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if gap_start == 0 || i == chars.len() {
            continue; // trim
        }
        let before = &chars[..gap_start];
        if keeps_space(before, chars[i]) {
            out.push(' ');
        }
    }
    out
}

/// A space stays when the next character starts a Latin word and the previous one ends
/// one (directly, or through sentence punctuation such as `Hello, world`).
fn keeps_space(before: &[char], next: char) -> bool {
    if !is_latin_word_char(next) {
        return false;
    }
    match before {
        [.., last] if is_latin_word_char(*last) => true,
        [.., word, punct] => {
            matches!(punct, ',' | '.' | ';' | ':' | '!' | '?') && is_latin_word_char(*word)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_examples() {
        let cases = [
            ("州 市 学 園 祭", "州市学園祭"),
            ("577 人（H26 年度）", "577人(H26年度)"),
            ("in Tokyo", "in Tokyo"),
            ("13 大学", "13大学"),
            ("JOB ステーション", "JOBステーション"),
            ("ＫＰＩ３１", "KPI31"),
            ("（", "("),
            ("％", "%"),
            ("ｶﾅ", "カナ"),
            ("ｶﾞｲﾄﾞ", "ガイド"),
            ("①②⑳㉑㊿", "①②⑳㉑㊿"),
            ("ⅠⅣⅫ", "ⅠⅣⅫ"),
            ("（ⅰ）", "(i)"),
            ("ⅳ", "iv"),
            ("－", "－"),
            ("H27～31", "H27～31"),
            ("H27〜31", "H27〜31"),
            ("△198 人", "△198人"),
            ("⇒5 位以内", "⇒5位以内"),
            ("※ＫＰＩ＝重要業績評価指標", "※KPI=重要業績評価指標"),
            ("  a \t  b  ", "a b"),
            ("Hello,   world", "Hello, world"),
            ("利用学生数： 19,928 人", "利用学生数:19,928人"),
            ("line one\r\n\r\n  line two ", "line one\nline two"),
            ("a\u{0}b\u{7}c", "a b c"),
            ("ゼロ\u{200B}幅", "ゼロ幅"),
            ("", ""),
            ("   \n  ", ""),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_text(input), want, "input {input:?}");
        }
    }

    #[test]
    fn composes_after_removed_space() {
        // Half-width dakuten after a space: once the space is gone, the mark composes.
        let once = normalize_text("ｶ ﾞ");
        assert_eq!(normalize_text(&once), once);
    }
}
