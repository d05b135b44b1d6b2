//! The printed marks every stage reads: list bullets, circled numbers, wide (full-width
//! grid) characters and the characters that open a heading label. One list, used by
//! `layout`, `normalize` and `records`, so the stages never disagree about a mark.
//!
//! `△` and `▲` are minus signs (`△198人`), never list marks.

/// A block of numbered characters: its first code point, how many it holds, and the number
/// of its first character.
struct NumberedBlock {
    first: u32,
    len: u32,
    base: u32,
}

/// Circled numbers `①…⑳`, `㉑…㉟`, `㊱…㊿`: list items and heading labels, kept as printed.
const CIRCLED: [NumberedBlock; 3] = [
    NumberedBlock {
        first: 0x2460,
        len: 20,
        base: 1,
    },
    NumberedBlock {
        first: 0x3251,
        len: 15,
        base: 21,
    },
    NumberedBlock {
        first: 0x32B1,
        len: 15,
        base: 36,
    },
];

/// Dingbat circled numbers `❶…❿`, `➀…➉`, `➊…➓` (three runs of ten): list items only.
const DINGBAT_CIRCLED: NumberedBlock = NumberedBlock {
    first: 0x2776,
    len: 30,
    base: 1,
};

/// Upper-case Roman numerals `Ⅰ…Ⅻ`.
const UPPER_ROMAN: NumberedBlock = NumberedBlock {
    first: 0x2160,
    len: 12,
    base: 1,
};

/// Lower-case Roman numerals `ⅰ…ⅻ`.
const LOWER_ROMAN: NumberedBlock = NumberedBlock {
    first: 0x2170,
    len: 12,
    base: 1,
};

/// The whole Unicode number-forms block of Roman numerals (`Ⅰ…ↀ`, `ⅰ…ⅿ`).
const ROMAN_FORMS: std::ops::RangeInclusive<char> = '\u{2160}'..='\u{217F}';

/// Marks that start a list item. `△`/`▲` are absent on purpose: they are minus signs.
pub const BULLETS: &[char] = &['・', '･', '○', '●', '◎', '■', '□', '◇', '◆', '▪', '•'];

/// The note mark (`※注…`).
pub const NOTE: char = '※';

/// The opening of a bracketed tag (`【KPI】…`) that starts its own line.
pub const TAG_OPEN: char = '【';

/// Marks that open a heading when they start a line (besides Roman and circled numbers).
pub const HEADING_MARKS: &[char] = &['⇒', '■', '◆', '●'];

impl NumberedBlock {
    /// The number of `c` in this block.
    fn number(&self, c: char) -> Option<u32> {
        (c as u32)
            .checked_sub(self.first)
            .filter(|n| *n < self.len)
            .map(|n| n + self.base)
    }
}

/// The number of a circled number (`①` → 1, `㉑` → 21, `㊿` → 50).
pub fn circled_number(c: char) -> Option<u32> {
    CIRCLED.iter().find_map(|b| b.number(c))
}

/// Whether `c` is a circled number `①…㊿` (not the dingbat ones).
pub fn is_circled(c: char) -> bool {
    circled_number(c).is_some()
}

/// The number of an upper-case Roman numeral character (`Ⅳ` → 4).
pub fn upper_roman_number(c: char) -> Option<u32> {
    UPPER_ROMAN.number(c)
}

/// The number of a lower-case Roman numeral character (`ⅳ` → 4).
pub fn lower_roman_number(c: char) -> Option<u32> {
    LOWER_ROMAN.number(c)
}

/// Whether `c` is a list bullet (see [`BULLETS`]).
pub fn is_bullet(c: char) -> bool {
    BULLETS.contains(&c)
}

/// Whether a line starting with `c` starts a list item or note: a bullet, `※`, `【`, a
/// circled or dingbat number.
pub fn starts_list_item(c: char) -> bool {
    is_bullet(c)
        || c == NOTE
        || c == TAG_OPEN
        || is_circled(c)
        || DINGBAT_CIRCLED.number(c).is_some()
}

/// Whether a line starting with `c` opens a heading by its first character alone: a Roman
/// numeral form, a circled number or a [`HEADING_MARKS`] mark.
pub fn opens_heading(c: char) -> bool {
    ROMAN_FORMS.contains(&c) || is_circled(c) || HEADING_MARKS.contains(&c)
}

/// Whether `t` (trimmed) starts with a heading label as the layout sees it: a mark of
/// [`opens_heading`], `基本目標`, a short bracketed number (`（i）`, `(1)`, `(a)`), a
/// chapter (`第２章`) or a dotted section number (`1.2 Title`).
pub fn starts_heading_label(t: &str) -> bool {
    t.chars().next().is_some_and(opens_heading)
        || t.starts_with("基本目標")
        || is_paren_label(t)
        || is_chapter(t)
        || is_numbered_section(t)
}

/// `（i）`, `(ii)`, `（ⅰ）`, `（１）`, `(1)`, `(a)` at the start, with text after it.
fn is_paren_label(t: &str) -> bool {
    let Some(rest) = t.strip_prefix('(').or_else(|| t.strip_prefix('（')) else {
        return false;
    };
    let Some(end) = rest.find([')', '）']) else {
        return false;
    };
    let label = &rest[..end];
    let n = label.chars().count();
    (1..=4).contains(&n)
        && ((n <= 2
            && label
                .chars()
                .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)))
            || label
                .chars()
                .all(|c| matches!(c, 'i' | 'v' | 'x' | 'ⅰ'..='ⅻ'))
            || (n == 1 && label.chars().all(|c| c.is_ascii_lowercase())))
}

/// `第２章`, `第3節`.
fn is_chapter(t: &str) -> bool {
    let Some(rest) = t.strip_prefix('第') else {
        return false;
    };
    let tail = rest.trim_start_matches(|c: char| {
        c.is_ascii_digit() || ('０'..='９').contains(&c) || "一二三四五六七八九十".contains(c)
    });
    tail.len() < rest.len() && tail.starts_with(['章', '節', '部', '編'])
}

/// `3.4.2. Title` or `1. Title`: a dotted number, a space, then a letter.
fn is_numbered_section(t: &str) -> bool {
    let number_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let number = &t[..number_end];
    let rest = &t[number_end..];
    number.contains('.')
        && number.starts_with(|c: char| c.is_ascii_digit())
        && rest.starts_with(' ')
        && rest.trim_start().starts_with(char::is_alphabetic)
        && t.chars().count() <= 80
}

/// Whether NFKC must leave `c` as printed because its form carries meaning: circled
/// numbers, `Ⅰ…Ⅻ`, `－` (not available) and the wave dashes `～ 〜` (range).
pub fn is_kept_as_printed(c: char) -> bool {
    is_circled(c)
        || upper_roman_number(c).is_some()
        || matches!(c, '\u{FF0D}' | '\u{FF5E}' | '\u{301C}')
}

/// Whether a character is set on the full-width (ideographic) grid: kana, kanji, CJK
/// punctuation, full-width forms, circled numbers, Roman numerals, arrows and the marks
/// used for list items. Gaps between two such characters are layout, never word spaces.
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2010..=0x206F   // general punctuation (※ ‥ …, dashes)
        | 0x2150..=0x218F // number forms (Ⅰ Ⅱ ⅰ)
        | 0x2190..=0x21FF // arrows (⇒ →)
        | 0x2460..=0x24FF // enclosed alphanumerics (① ⑳)
        | 0x2500..=0x25FF // box drawing, geometric shapes (○ ● ◎ ■ □)
        | 0x2600..=0x27BF // symbols, dingbats (★ ❶)
        | 0x2E80..=0x2FDF // CJK radicals
        | 0x3000..=0x303F // CJK symbols and punctuation (、 。 「 」 【 】 ～)
        | 0x3040..=0x30FF // hiragana, katakana
        | 0x3190..=0x31FF // kanbun, katakana extensions
        | 0x3200..=0x33FF // enclosed CJK (㈱ ㉑), CJK compatibility (㎡)
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0xFE30..=0xFE4F // CJK compatibility forms
        | 0xFF00..=0xFFEF // full-width and half-width forms
        | 0x20000..=0x3FFFF // CJK extensions B and later (𠮷)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn circled_numbers_are_numbered_across_blocks() {
        assert_eq!(circled_number('①'), Some(1));
        assert_eq!(circled_number('⑳'), Some(20));
        assert_eq!(circled_number('㉑'), Some(21));
        assert_eq!(circled_number('㉟'), Some(35));
        assert_eq!(circled_number('㊱'), Some(36));
        assert_eq!(circled_number('㊿'), Some(50));
        assert_eq!(circled_number('⑴'), None);
        assert_eq!(circled_number('1'), None);
    }

    #[test]
    fn minus_signs_are_never_list_marks() {
        for c in ['△', '▲'] {
            assert!(!is_bullet(c), "{c}");
            assert!(!starts_list_item(c), "{c}");
        }
        for c in ['・', '※', '【', '①', '❶', '➓'] {
            assert!(starts_list_item(c), "{c}");
        }
    }

    #[test]
    fn heading_openers_and_kept_forms() {
        for c in ['Ⅰ', 'ⅳ', '①', '⇒', '■'] {
            assert!(opens_heading(c), "{c}");
        }
        assert!(!opens_heading('・'));
        assert!(is_kept_as_printed('Ⅻ') && !is_kept_as_printed('ⅰ'));
        assert_eq!(
            (upper_roman_number('Ⅳ'), lower_roman_number('ⅳ')),
            (Some(4), Some(4))
        );
    }
}
