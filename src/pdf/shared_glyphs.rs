//! Glyphs shared by a Latin or general-punctuation character and a CJK one.
//!
//! CJK fonts draw the katakana middle dot `・` and its relatives with one glyph that a
//! ToUnicode may map to the Latin form: Chromium's Noto Sans CJK writes U+2027 `‧`
//! (hyphenation point) where the page prints `・`, so `定住・移住` no longer matches.
//! poppler and MuPDF print the CJK form. When the glyph sits between CJK characters in
//! its font's run, or most of the font's other glyphs on the page are CJK, the CJK form
//! is given.

use rustc_hash::FxHashMap;

use crate::layout::text::is_wide;
use crate::model::Glyph;

/// The Latin or punctuation forms a CJK font's middle-dot glyph is mapped to, with the
/// CJK form meant (poppler prints U+30FB for all of them in Japanese text).
const SHARED: &[(char, char)] = &[
    ('\u{2027}', '\u{30FB}'), // hyphenation point
    ('\u{00B7}', '\u{30FB}'), // middle dot
    ('\u{2024}', '\u{30FB}'), // one dot leader
    ('\u{2219}', '\u{30FB}'), // bullet operator
    ('\u{22C5}', '\u{30FB}'), // dot operator
];

/// Share (0–1) of a font's other glyphs on the page that must be CJK for the font to be
/// taken as a CJK font.
const CJK_FONT_SHARE: f64 = 0.5;

/// The CJK form of a shared glyph's text, if it is one.
fn cjk_form(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    SHARED
        .iter()
        .find(|(from, _)| *from == c)
        .map(|(_, to)| *to)
}

fn is_cjk_text(text: &str) -> bool {
    text.chars().next().is_some_and(is_wide)
        && !text.chars().any(|c| cjk_form(&c.to_string()).is_some())
}

/// Gives shared glyphs their CJK form where their neighbours or their font say the text
/// is CJK. `glyphs` are in content-stream order.
pub fn prefer_cjk_forms(glyphs: &mut [Glyph]) {
    if !glyphs.iter().any(|g| cjk_form(&g.text).is_some()) {
        return;
    }
    let mut per_font: FxHashMap<u32, (usize, usize)> = FxHashMap::default();
    for g in glyphs.iter().filter(|g| cjk_form(&g.text).is_none()) {
        let e = per_font.entry(g.font).or_default();
        e.0 += usize::from(is_cjk_text(&g.text));
        e.1 += 1;
    }
    let cjk_font = |font: u32| {
        per_font
            .get(&font)
            .is_some_and(|&(cjk, all)| all > 0 && cjk as f64 >= CJK_FONT_SHARE * all as f64)
    };
    for i in 0..glyphs.len() {
        let Some(to) = cjk_form(&glyphs[i].text) else {
            continue;
        };
        let neighbour_cjk = |j: Option<usize>| {
            j.and_then(|j| glyphs.get(j))
                .is_some_and(|g| g.font == glyphs[i].font && is_cjk_text(&g.text))
        };
        let between = neighbour_cjk(i.checked_sub(1)) && neighbour_cjk(Some(i + 1));
        if between || cjk_font(glyphs[i].font) {
            glyphs[i].text = to.to_string().into();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rect, WritingMode};

    fn glyph(text: &str, font: u32) -> Glyph {
        Glyph {
            text: text.into(),
            bbox: Rect::default(),
            size: 10.0,
            font,
            mode: WritingMode::Horizontal,
            invisible: false,
        }
    }

    fn texts(glyphs: &[Glyph]) -> String {
        glyphs.iter().map(|g| g.text.as_str()).collect()
    }

    #[test]
    fn hyphenation_point_between_kanji_is_the_katakana_middle_dot() {
        let mut g: Vec<Glyph> = "定住‧移住"
            .chars()
            .map(|c| glyph(&c.to_string(), 0))
            .collect();
        prefer_cjk_forms(&mut g);
        assert_eq!(texts(&g), "定住・移住");
    }

    #[test]
    fn a_cjk_font_gives_the_cjk_form_even_at_a_line_end() {
        let mut g: Vec<Glyph> = "住民‧".chars().map(|c| glyph(&c.to_string(), 0)).collect();
        prefer_cjk_forms(&mut g);
        assert_eq!(texts(&g), "住民・");
    }

    #[test]
    fn latin_text_keeps_its_middle_dot() {
        let mut g: Vec<Glyph> = "a·b c·d"
            .chars()
            .map(|c| glyph(&c.to_string(), 1))
            .collect();
        prefer_cjk_forms(&mut g);
        assert_eq!(texts(&g), "a·b c·d");
    }
}
