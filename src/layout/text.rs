//! Character classes and the text-joining rules of `schemas/records.md`: no separator between
//! Japanese characters, one space between Latin words, `\n` before list items and at
//! paragraph gaps.

use crate::model::Line;

use super::Params;

pub use crate::normalize::marks::is_wide;

/// Whether a line starts a list item or note: a bullet, `※`, `【` or a circled number
/// (see [`crate::normalize::marks::starts_list_item`]).
pub fn starts_list_item(text: &str) -> bool {
    text.trim_start()
        .chars()
        .next()
        .is_some_and(crate::normalize::marks::starts_list_item)
}

/// Where a space may go when two pieces of text meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Space {
    /// No space.
    None,
    /// A visible gap on one line: a space unless both sides are wide characters.
    Gap,
    /// A line wrap: a space only between two Latin (non-wide) characters.
    Wrap,
}

/// Appends `piece` to `out` with the space `space` asks for, per the neighbouring
/// characters.
pub fn push_joined(out: &mut String, piece: &str, space: Space) {
    let piece = piece.trim_matches(is_space);
    if piece.is_empty() {
        return;
    }
    let last = out.chars().next_back();
    let first = piece.chars().next();
    if let (Some(a), Some(b)) = (last, first) {
        let wanted = match space {
            Space::None => false,
            Space::Gap => !(is_wide(a) && is_wide(b)),
            Space::Wrap => !is_wide(a) && !is_wide(b),
        };
        if wanted && a != '\n' {
            out.push(' ');
        }
    }
    out.push_str(piece);
}

/// Whitespace of any kind, including the ideographic space.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Cleans a line's text: collapses whitespace runs to one space, drops whitespace next to
/// a wide character on both sides, trims.
pub fn tidy_spaces(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !is_space(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_space(chars[i]) {
            i += 1;
        }
        let before = start.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i).copied();
        if let (Some(a), Some(b)) = (before, after) {
            if !(is_wide(a) && is_wide(b)) {
                out.push(' ');
            }
        }
    }
    out
}

/// Joins a cell's or block's lines into one text per `schemas/records.md`: wrapped lines are
/// joined without a separator between Japanese characters and with a space between Latin
/// words; a list item or a paragraph gap (on the same page) starts a new line (`\n`).
pub fn join_lines(lines: &[Line], params: &Params) -> String {
    let mut out = String::new();
    let mut prev: Option<&Line> = None;
    let right = lines
        .iter()
        .map(|l| l.bbox.x1)
        .fold(f64::NEG_INFINITY, f64::max);
    // Japanese text wraps at any character, numbers included ("H2" / "6年度").
    let japanese = lines.iter().any(|l| l.text.chars().any(is_wide));
    for line in lines {
        let text = line.text.trim_matches(is_space);
        if text.is_empty() {
            continue;
        }
        match prev {
            None => out.push_str(text),
            Some(p)
                if starts_list_item(text)
                    || is_paragraph_gap(p, line, params)
                    || ends_paragraph(p, right, params) =>
            {
                out.push('\n');
                out.push_str(text);
            }
            Some(_) if hyphenated(&out, text) || split_number(&out, text, japanese) => {
                out.push_str(text)
            }
            Some(_) => push_joined(&mut out, text, Space::Wrap),
        }
        prev = Some(line);
    }
    out
}

/// A Latin word broken by a hyphen at the end of a line (`Preva-` + `lence`): joined
/// without a space, the hyphen kept.
fn hyphenated(before: &str, next: &str) -> bool {
    let mut tail = before.chars().rev();
    tail.next() == Some('-')
        && tail.next().is_some_and(|c| c.is_ascii_alphabetic())
        && next.starts_with(|c: char| c.is_ascii_lowercase())
}

/// A number broken by a wrap in Japanese text (`H2` + `6年度`): joined without a space.
fn split_number(before: &str, next: &str, japanese: bool) -> bool {
    japanese
        && before.ends_with(|c: char| c.is_ascii_digit())
        && next.starts_with(|c: char| c.is_ascii_digit())
}

/// Whether a line ends a sentence well before the right edge of its text (a hard line
/// break after `。`, not a wrap).
fn ends_paragraph(line: &Line, right: f64, params: &Params) -> bool {
    let ends_sentence = line
        .text
        .trim_end()
        .ends_with(['。', '．', '.', '！', '？', '!', '?']);
    let short = line.mode == crate::model::WritingMode::Horizontal
        && line.bbox.x1 < right - params.wrap_slack * line.size.max(1.0);
    ends_sentence && short
}

/// Whether the gap between two consecutive lines of one cell or block is wider than the
/// line spacing, i.e. a blank line or paragraph break. Lines on different pages never are.
pub fn is_paragraph_gap(prev: &Line, next: &Line, params: &Params) -> bool {
    if prev.page != next.page || prev.mode != next.mode {
        return false;
    }
    let size = prev.size.max(next.size).max(1.0);
    let gap = match next.mode {
        crate::model::WritingMode::Horizontal => next.bbox.y0 - prev.bbox.y1,
        crate::model::WritingMode::Vertical => prev.bbox.x0 - next.bbox.x1,
    };
    gap > params.paragraph_gap * size
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rect, WritingMode};

    fn line(text: &str, y0: f64) -> Line {
        Line {
            page: 1,
            text: text.into(),
            bbox: Rect::new(0.0, y0, 100.0, y0 + 10.0),
            size: 10.0,
            mode: WritingMode::Horizontal,
        }
    }

    #[test]
    fn japanese_wraps_join_without_space_latin_with_one() {
        let p = Params::default();
        let lines = [line("北九州市立大", 0.0), line("学が代表校", 14.0)];
        assert_eq!(join_lines(&lines, &p), "北九州市立大学が代表校");
        let lines = [line("in the", 0.0), line("city of Tokyo", 14.0)];
        assert_eq!(join_lines(&lines, &p), "in the city of Tokyo");
        let lines = [line("前回調査は H2", 0.0), line("6 年度", 14.0)];
        assert_eq!(join_lines(&lines, &p), "前回調査は H26 年度");
        let lines = [line("Preva-", 0.0), line("lence", 14.0)];
        assert_eq!(join_lines(&lines, &p), "Preva-lence");
    }

    #[test]
    fn list_items_and_paragraph_gaps_start_new_lines() {
        let p = Params::default();
        let lines = [
            line("本市における取組", 0.0),
            line("・両市企業等への", 14.0),
            line("インターン", 28.0),
            line("まなびと", 60.0),
            line("②次の項目", 74.0),
        ];
        assert_eq!(
            join_lines(&lines, &p),
            "本市における取組\n・両市企業等へのインターン\nまなびと\n②次の項目"
        );
    }

    #[test]
    fn a_wrapped_minus_sign_continues_its_line() {
        // `△` / `▲` are minus signs: a value wrapped onto the next line is not a list item.
        let p = Params::default();
        let lines = [line("社会増減数は", 0.0), line("△198人", 14.0)];
        assert_eq!(join_lines(&lines, &p), "社会増減数は△198人");
        let lines = [line("社会増減数は", 0.0), line("▲215人", 14.0)];
        assert_eq!(join_lines(&lines, &p), "社会増減数は▲215人");
    }

    #[test]
    fn a_short_line_ending_a_sentence_is_a_hard_break() {
        let p = Params::default();
        let mut short = line("を図る。", 14.0);
        short.bbox.x1 = 40.0;
        let lines = [line("推進", 0.0), short, line("平成28年", 28.0)];
        assert_eq!(join_lines(&lines, &p), "推進を図る。\n平成28年");
        // a full line ending with 。 is only a wrap
        let lines = [line("推進を図る。", 0.0), line("平成28年", 14.0)];
        assert_eq!(join_lines(&lines, &p), "推進を図る。平成28年");
    }

    #[test]
    fn tidy_drops_spaces_between_wide_characters_only() {
        assert_eq!(tidy_spaces("大 学 、 自 治"), "大学、自治");
        assert_eq!(
            tidy_spaces("まなびと  JOB   ステーション"),
            "まなびと JOB ステーション"
        );
        assert_eq!(tidy_spaces("  a  b "), "a b");
    }
}
