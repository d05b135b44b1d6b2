//! Small integer readers shared by labels and periods: ASCII digits, kanji numerals,
//! Roman numerals. Each reads a prefix and says how many bytes it used.

/// Most digits read: nine always fit a `u32`; callers check the range they accept.
const MAX_DIGITS: usize = 9;

/// Reads leading ASCII digits as a small number: `("2019年", …)` → `Some((2019, 4))`.
pub(crate) fn leading_digits(s: &str) -> Option<(u32, usize)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || len > MAX_DIGITS {
        return None;
    }
    let n: u32 = s[..len].parse().ok()?;
    Some((n, len))
}

fn kanji_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Reads a leading kanji numeral: positional (`二十八` → 28, `百二` → 102) or digit by digit
/// (`二〇一九` → 2019).
///
/// ```text
/// 二十八年 → (28, 9 bytes)
/// ```
pub(crate) fn leading_kanji(s: &str) -> Option<(u32, usize)> {
    let len: usize = s
        .chars()
        .take_while(|&c| kanji_digit(c).is_some() || matches!(c, '十' | '百' | '千'))
        .map(char::len_utf8)
        .sum();
    if len == 0 {
        return None;
    }
    let run = &s[..len];
    let value = if run.contains(['十', '百', '千']) {
        positional_kanji(run)?
    } else {
        digitwise_kanji(run)?
    };
    Some((value, len))
}

fn digitwise_kanji(run: &str) -> Option<u32> {
    if run.chars().count() > 5 {
        return None;
    }
    run.chars()
        .try_fold(0u32, |acc, c| Some(acc * 10 + kanji_digit(c)?))
}

/// `千九百八十九` → 1989; each multiplier at most once, in decreasing order.
fn positional_kanji(run: &str) -> Option<u32> {
    let mut total = 0u32;
    let mut pending: Option<u32> = None;
    let mut last_unit = u32::MAX;
    for c in run.chars() {
        if let Some(d) = kanji_digit(c) {
            if pending.is_some() {
                return None; // two digits in a row in positional form
            }
            pending = Some(d);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            _ => 1000,
        };
        if unit >= last_unit {
            return None;
        }
        last_unit = unit;
        total += pending.take().unwrap_or(1) * unit;
    }
    Some(total + pending.unwrap_or(0))
}

/// Reads a number in ASCII digits or kanji.
pub(crate) fn leading_number(s: &str) -> Option<(u32, usize)> {
    leading_digits(s).or_else(|| leading_kanji(s))
}

/// Value of a canonical Roman numeral of letters `i v x` (any case), 1..=39, e.g. `iv` → 4.
/// Non-canonical forms (`iiii`, `vx`) give `None`.
pub(crate) fn roman_value(s: &str) -> Option<u32> {
    let lower = s.to_ascii_lowercase();
    if lower.is_empty() || !lower.chars().all(|c| matches!(c, 'i' | 'v' | 'x')) {
        return None;
    }
    (1..=39).find(|&n| to_roman(n) == lower)
}

fn to_roman(mut n: u32) -> String {
    let mut out = String::new();
    for (value, letters) in [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")] {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kanji_numerals() {
        let cases = [
            ("二十八", Some(28)),
            ("三十一", Some(31)),
            ("十", Some(10)),
            ("元", None),
            ("二〇一九", Some(2019)),
            ("千九百八十九", Some(1989)),
            ("百二", Some(102)),
            ("十十", None),
            ("二三十", None),
        ];
        for (input, want) in cases {
            assert_eq!(leading_kanji(input).map(|(n, _)| n), want, "{input}");
        }
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman_value("i"), Some(1));
        assert_eq!(roman_value("iv"), Some(4));
        assert_eq!(roman_value("XII"), Some(12));
        assert_eq!(roman_value("iiii"), None);
        assert_eq!(roman_value("c"), None);
        assert_eq!(roman_value(""), None);
    }

    #[test]
    fn digits_are_bounded() {
        assert_eq!(leading_digits("2019年"), Some((2019, 4)));
        assert_eq!(leading_digits("123456"), Some((123456, 6)));
        assert_eq!(leading_digits("1234567890"), None);
        assert_eq!(leading_digits("年"), None);
    }
}
