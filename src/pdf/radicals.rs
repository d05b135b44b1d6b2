//! Radical code points to the ideographs they stand for.
//!
//! Fonts map many glyphs to both a CJK radical and the unified ideograph, and some producers
//! (Skia, Word) write the radical into ToUnicode: `⼤` (U+2F24) where `大` (U+5927) is
//! printed. Readers never mean the radical in running text, so stage 1 gives the ideograph,
//! as poppler does.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Radicals that have no NFKC mapping but print as an ideograph, and Kangxi radicals whose
/// NFKC form is a traditional variant where Japanese text has the common form
/// (`⼾` → `戸`, not `戶`).
const SUPPLEMENT: &[(char, char)] = &[
    ('\u{2F3E}', '戸'),
    ('\u{2FAD}', '青'),
    ('\u{2E8C}', '小'),
    ('\u{2E8D}', '小'),
    ('\u{2E95}', '彐'),
    ('\u{2E9C}', '日'),
    ('\u{2EA0}', '民'),
    ('\u{2EA4}', '爫'),
    ('\u{2EA8}', '犭'),
    ('\u{2EAB}', '罒'),
    ('\u{2EAC}', '示'),
    ('\u{2EAE}', '竹'),
    ('\u{2EB2}', '罒'),
    ('\u{2EB7}', '羊'),
    ('\u{2EBB}', '聿'),
    ('\u{2EC0}', '艹'),
    ('\u{2EC4}', '西'),
    ('\u{2EC6}', '角'),
    ('\u{2ECC}', '辶'),
    ('\u{2ECD}', '辶'),
    ('\u{2ED1}', '長'),
    ('\u{2ED6}', '阝'),
    ('\u{2ED8}', '青'),
    ('\u{2EDD}', '食'),
    ('\u{2EDF}', '食'),
    ('\u{2EE4}', '鬼'),
    ('\u{2EE8}', '麦'),
    ('\u{2EE9}', '黄'),
    ('\u{2EEB}', '斉'),
    ('\u{2EED}', '歯'),
    ('\u{2EEF}', '竜'),
    ('\u{2EF2}', '亀'),
];

fn is_radical(c: char) -> bool {
    ('\u{2E80}'..='\u{2FDF}').contains(&c)
}

/// The text with radicals replaced by their ideographs (borrowed when there are none).
pub fn unify(text: Cow<'_, str>) -> Cow<'_, str> {
    if !text.chars().any(is_radical) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !is_radical(c) {
            out.push(c);
        } else if let Some(&(_, ideograph)) = SUPPLEMENT.iter().find(|(r, _)| *r == c) {
            out.push(ideograph);
        } else {
            out.extend(std::iter::once(c).nfkc());
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_become_ideographs() {
        assert_eq!(unify(Cow::Borrowed("⼤学")), "大学");
        assert_eq!(unify(Cow::Borrowed("市⺠")), "市民");
        assert_eq!(unify(Cow::Borrowed("⼈")), "人");
        assert_eq!(unify(Cow::Borrowed("⼾畑")), "戸畑");
        assert!(matches!(unify(Cow::Borrowed("大学")), Cow::Borrowed(_)));
    }
}
