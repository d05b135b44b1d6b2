//! Property tests: normalisation is idempotent, era years round-trip, nothing panics.

use kpi_extract::model::Era;
use kpi_extract::normalize::{
    era_first_year, era_to_western, era_year_limit, normalize_text, parse_label, parse_period,
    parse_quantity, western_to_era_year, ERA_YEARS,
};
use proptest::prelude::*;

const ERAS: [(Era, &str, &str); 5] = [
    (Era::Meiji, "明治", "M"),
    (Era::Taisho, "大正", "T"),
    (Era::Showa, "昭和", "S"),
    (Era::Heisei, "平成", "H"),
    (Era::Reiwa, "令和", "R"),
];

/// Characters that matter to the normaliser: Japanese, Latin, full-width, kept marks,
/// combining marks, control characters and every kind of space.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::sample::select(vec![
            ' ', '\u{3000}', '\t', '\n', '\r', '\u{0}', '\u{7}', '\u{200B}', '\u{FEFF}', 'a', 'Z',
            '1', '９', 'Ａ', '州', '市', 'カ', 'ｶ', 'ﾞ', '\u{3099}', '\u{308}', '¨', '①', '㊿', 'Ⅳ',
            'ⅳ', '－', '～', '〜', '~', '△', '⇒', '※', '(', '（', ',', '.', '%', '％', '㍻', 'ﬁ',
            '万', '千', '円', '人', '年', '度', 'H', 'Ｈ', '元',
        ]),
        any::<char>(),
    ]
}

fn tricky_string() -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..40).prop_map(|cs| cs.into_iter().collect())
}

proptest! {
    #[test]
    fn normalisation_is_idempotent(s in tricky_string()) {
        let once = normalize_text(&s);
        prop_assert_eq!(normalize_text(&once), once);
    }

    #[test]
    fn normalisation_of_any_string_is_idempotent(s in any::<String>()) {
        let once = normalize_text(&s);
        prop_assert_eq!(normalize_text(&once), once);
    }

    #[test]
    fn every_era_year_maps_to_one_western_year_and_back(
        era_index in 0usize..5,
        era_year in ERA_YEARS,
        fiscal in any::<bool>(),
        long_name in any::<bool>(),
    ) {
        let (era, name, mark) = ERAS[era_index];
        // Past an ended era's plausible end the year is an error, not a western year.
        if era_year > era_year_limit(era) {
            prop_assert_eq!(era_to_western(era, era_year), None);
            let text = format!("{}{}", mark, era_year);
            prop_assert!(parse_period(&text).is_err());
            return Ok(());
        }
        let western = era_to_western(era, era_year).expect("in range");
        prop_assert_eq!(western, era_first_year(era) + era_year as i32 - 1);
        prop_assert_eq!(western_to_era_year(era, western), Some(era_year));
        let text = format!("{}{}{}", if long_name { name } else { mark }, era_year, if fiscal { "年度" } else { "年" });
        let period = parse_period(&text).expect("parses");
        prop_assert_eq!(period.era, Some(era));
        prop_assert_eq!(period.era_year, Some(era_year));
        prop_assert_eq!((period.start, period.end), (Some(western), Some(western)));
        prop_assert_eq!(period.fiscal, fiscal);
    }

    #[test]
    fn no_input_panics(s in tricky_string()) {
        let _ = parse_period(&s);
        let _ = parse_label(&s);
        let q = parse_quantity(&s);
        // A value and a status never come together.
        prop_assert!(q.value.is_none() || q.status.is_none());
    }

    #[test]
    fn no_arbitrary_input_panics(s in any::<String>()) {
        let _ = parse_period(&s);
        let _ = parse_label(&s);
        let _ = parse_quantity(&s);
    }
}

#[test]
fn long_and_odd_inputs_do_not_panic() {
    let long_cjk = "州 市 ①△1,234.5万人（H27～R1年度）".repeat(400);
    let control: String = (0u32..0x20)
        .filter_map(char::from_u32)
        .collect::<String>()
        .repeat(300);
    let digits = "9".repeat(10_000);
    let inputs = [
        long_cjk.as_str(),
        control.as_str(),
        digits.as_str(),
        "H999",
        "令和0年",
        "(((((",
        ")))))",
    ];
    for input in inputs {
        let once = normalize_text(input);
        assert_eq!(normalize_text(&once), once);
        let _ = parse_period(input);
        let _ = parse_label(input);
        let q = parse_quantity(input);
        assert!(q.value.is_none(), "{:?}", q.value);
    }
}
