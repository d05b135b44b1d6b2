//! Japanese era years, fiscal years, dates and ranges → [`Period`] with western years.

use super::numeral::leading_number;
use super::text::normalize_text;
use crate::model::{Era, Period};

/// Why a text could not be read as a period.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum NormalizeError {
    /// No year could be found in the text.
    #[error("no year in {0:?}")]
    NoYear(String),
    /// A year was found but is out of range (e.g. `令和0年`, `1800年`).
    #[error("year out of range in {0:?}")]
    OutOfRange(String),
    /// A month and day that no calendar has (e.g. `H31.4.31`, `H28.13.1`).
    #[error("{reason} in {text:?}")]
    NoSuchDate {
        /// The text.
        text: String,
        /// What is wrong, e.g. `no such date: April 31`.
        reason: String,
    },
    /// An era year too far past the era's end to be a plan's year (e.g. `H99年度`).
    #[error("{reason} in {text:?}")]
    PastEraEnd {
        /// The text.
        text: String,
        /// What is wrong.
        reason: String,
    },
}

/// Western years accepted anywhere (the first era starts in 1868).
pub const WESTERN_YEARS: std::ops::RangeInclusive<i32> = 1868..=2200;

/// Era years accepted: plans printed before an era ended may run past it (`H33`), but no
/// era has run for a hundred years.
pub const ERA_YEARS: std::ops::RangeInclusive<u32> = 1..=99;

/// How many years past its last year an ended era's years are still read: plans written
/// before the change of era go on counting in the old era, and population visions
/// (人口ビジョン) written in 2015 look 45 years ahead (`平成72年` = 2060). Beyond that
/// (`H99` would be 2087) the text is a misprint or not a year.
pub const ERA_LOOKAHEAD_YEARS: u32 = 50;

/// The last era year of an era that has ended (the year of the change of era); None for
/// the current era.
pub fn era_last_year(era: Era) -> Option<u32> {
    match era {
        Era::Meiji => Some(45),
        Era::Taisho => Some(15),
        Era::Showa => Some(64),
        Era::Heisei => Some(31),
        Era::Reiwa => None,
    }
}

/// The largest era year read for `era`: its last year plus [`ERA_LOOKAHEAD_YEARS`], within
/// [`ERA_YEARS`].
///
/// ```
/// use kpi_extract::model::Era;
/// use kpi_extract::normalize::era_year_limit;
/// assert_eq!(era_year_limit(Era::Heisei), 81);
/// assert_eq!(era_year_limit(Era::Reiwa), 99);
/// ```
pub fn era_year_limit(era: Era) -> u32 {
    let end = *ERA_YEARS.end();
    era_last_year(era).map_or(end, |last| (last + ERA_LOOKAHEAD_YEARS).min(end))
}

fn era_name(era: Era) -> &'static str {
    match era {
        Era::Meiji => "明治",
        Era::Taisho => "大正",
        Era::Showa => "昭和",
        Era::Heisei => "平成",
        Era::Reiwa => "令和",
    }
}

/// Words after a period that do not change its years.
const NEUTRAL_SUFFIXES: &[&str] = &[
    "累計",
    "実績",
    "見込み",
    "見込",
    "予定",
    "時点",
    "現在",
    "末",
    "計",
    "中",
];
/// Words after a single year that leave its end open (`H28年度以降` = from 2016 on).
const OPEN_END_SUFFIXES: &[&str] = &["以降", "から", "より"];
/// Words after a single year that leave its start open (`R5年度まで`).
const OPEN_START_SUFFIXES: &[&str] = &["まで"];
/// Range separators.
const RANGE_MARKS: &[char] = &['～', '〜', '~'];

/// The western year in which year 1 (元年) of `era` fell (the spec's era table).
///
/// ```
/// use kpi_extract::model::Era;
/// use kpi_extract::normalize::era_first_year;
/// assert_eq!(era_first_year(Era::Heisei), 1989);
/// ```
pub fn era_first_year(era: Era) -> i32 {
    match era {
        Era::Meiji => 1868,
        Era::Taisho => 1912,
        Era::Showa => 1926,
        Era::Heisei => 1989,
        Era::Reiwa => 2019,
    }
}

/// Western year of an era year, `None` when the era year is out of [`ERA_YEARS`] or past
/// [`era_year_limit`].
///
/// ```
/// use kpi_extract::model::Era;
/// use kpi_extract::normalize::era_to_western;
/// assert_eq!(era_to_western(Era::Heisei, 27), Some(2015));
/// assert_eq!(era_to_western(Era::Heisei, 33), Some(2021)); // past the era's end
/// assert_eq!(era_to_western(Era::Reiwa, 0), None);
/// assert_eq!(era_to_western(Era::Heisei, 99), None); // 2087: no plan's year
/// ```
pub fn era_to_western(era: Era, era_year: u32) -> Option<i32> {
    if !ERA_YEARS.contains(&era_year) || era_year > era_year_limit(era) {
        return None;
    }
    Some(era_first_year(era) + era_year as i32 - 1)
}

/// The era year of a western year in a given era (inverse of [`era_to_western`]).
///
/// ```
/// use kpi_extract::model::Era;
/// use kpi_extract::normalize::western_to_era_year;
/// assert_eq!(western_to_era_year(Era::Reiwa, 2019), Some(1));
/// assert_eq!(western_to_era_year(Era::Reiwa, 2018), None);
/// ```
pub fn western_to_era_year(era: Era, year: i32) -> Option<u32> {
    let era_year = u32::try_from(year - era_first_year(era) + 1).ok()?;
    (ERA_YEARS.contains(&era_year) && era_year <= era_year_limit(era)).then_some(era_year)
}

/// Reads a year, fiscal year, range or date (`H27`, `平成28年度`, `H27～31年度`, `R元年`,
/// `H28.4.18`, `2019年度`). Era marks may be names (`平成`), one kanji (`平`) or one
/// letter (`H`, `ｈ`); years may be digits, kanji (`二十八`) or `元`.
///
/// ```
/// use kpi_extract::model::Era;
/// use kpi_extract::normalize::parse_period;
/// let p = parse_period("H27～31年度").unwrap();
/// assert_eq!((p.era, p.era_year, p.fiscal, p.start, p.end), (Some(Era::Heisei), Some(27), true, Some(2015), Some(2019)));
/// assert_eq!(parse_period("平成二十八年").unwrap().start, Some(2016));
/// assert_eq!(parse_period("H28.4.18").unwrap().date.as_deref(), Some("2016-04-18"));
/// assert_eq!(parse_period("H30～").unwrap().end, None);
/// assert!(parse_period("令和0年").is_err());
/// ```
pub fn parse_period(text: &str) -> Result<Period, NormalizeError> {
    let normalized = normalize_text(text);
    let compact: String = normalized.chars().filter(|c| !c.is_whitespace()).collect();
    let core = strip_brackets(&compact);
    let years = read_years(core).map_err(|kind| kind.into_error(&normalized))?;
    Ok(Period {
        text: normalized,
        era: years.era,
        era_year: years.era_year,
        fiscal: years.fiscal,
        start: years.start,
        end: years.end,
        date: years.date,
    })
}

/// `(H26年度)` → `H26年度`: a period given whole in brackets.
fn strip_brackets(s: &str) -> &str {
    s.strip_prefix('(')
        .and_then(|inner| inner.strip_suffix(')'))
        .filter(|inner| !inner.contains(['(', ')']))
        .unwrap_or(s)
}

/// Which error to report; the text is added by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    NoYear,
    OutOfRange,
    NoSuchMonth(u32),
    NoSuchDay { year: i32, month: u32, day: u32 },
    PastEra { era: Era, era_year: u32 },
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Failure {
    fn into_error(self, text: &str) -> NormalizeError {
        let text = text.to_string();
        match self {
            Failure::NoYear => NormalizeError::NoYear(text),
            Failure::OutOfRange => NormalizeError::OutOfRange(text),
            Failure::NoSuchMonth(month) => NormalizeError::NoSuchDate {
                text,
                reason: format!("no such month: {month}"),
            },
            Failure::NoSuchDay { year, month, day } => {
                let name = MONTH_NAMES
                    .get(month.saturating_sub(1) as usize)
                    .copied()
                    .unwrap_or("?");
                let why = if month == 2 && day == 29 {
                    format!(" ({year} is not a leap year)")
                } else {
                    format!(" ({name} has {} days)", days_in_month(year, month))
                };
                NormalizeError::NoSuchDate {
                    text,
                    reason: format!("no such date: {name} {day}{why}"),
                }
            }
            Failure::PastEra { era, era_year } => {
                let last = era_last_year(era).unwrap_or(era_year);
                let end = era_first_year(era) + last as i32 - 1;
                NormalizeError::PastEraEnd {
                    text,
                    reason: format!(
                        "{}{era_year}年 is not a plausible year: {} ended in its year {last} ({end}), and plans look at most {ERA_LOOKAHEAD_YEARS} years past it",
                        era_name(era),
                        era_name(era),
                    ),
                }
            }
        }
    }
}

/// The fields of a [`Period`] except its text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Years {
    era: Option<Era>,
    era_year: Option<u32>,
    fiscal: bool,
    start: Option<i32>,
    end: Option<i32>,
    date: Option<String>,
}

/// One side of a range: a year with an optional era, month and day.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Point {
    era: Option<Era>,
    era_year: Option<u32>,
    year: i32,
    fiscal: bool,
    date: Option<String>,
}

fn read_years(s: &str) -> Result<Years, Failure> {
    let (s, fy) = match s.strip_prefix("FY").or_else(|| s.strip_prefix("fy")) {
        Some(rest) => (rest, true),
        None => (s, false),
    };
    let (s, open_start, open_end) = strip_suffixes(s);
    let mut sides = s.split(RANGE_MARKS);
    let left = sides.next().unwrap_or_default();
    let right = sides.next();
    if sides.next().is_some() {
        return Err(Failure::NoYear);
    }
    let mut years = match right {
        None => single(left)?,
        Some(right) => range(left, right)?,
    };
    years.fiscal |= fy;
    if right.is_none() {
        if open_end {
            years.end = None;
        }
        if open_start {
            years.start = None;
        }
    }
    Ok(years)
}

/// Removes trailing words such as `累計`, `以降`; says whether one opened the start or end.
fn strip_suffixes(mut s: &str) -> (&str, bool, bool) {
    let (mut open_start, mut open_end) = (false, false);
    'strip: loop {
        for (list, flag) in [
            (NEUTRAL_SUFFIXES, None),
            (OPEN_END_SUFFIXES, Some(true)),
            (OPEN_START_SUFFIXES, Some(false)),
        ] {
            for suffix in list {
                if let Some(rest) = s.strip_suffix(suffix).filter(|rest| !rest.is_empty()) {
                    match flag {
                        Some(true) => open_end = true,
                        Some(false) => open_start = true,
                        None => {}
                    }
                    s = rest;
                    continue 'strip;
                }
            }
        }
        return (s, open_start, open_end);
    }
}

fn single(s: &str) -> Result<Years, Failure> {
    let point = whole_point(s, None)?;
    Ok(Years {
        era: point.era,
        era_year: point.era_year,
        fiscal: point.fiscal,
        start: Some(point.year),
        end: Some(point.year),
        date: point.date,
    })
}

/// `H27～31年度`, `H27～R1`, `H30～`, `～R5`; a 年度 on either side makes both fiscal.
fn range(left: &str, right: &str) -> Result<Years, Failure> {
    if left.is_empty() && right.is_empty() {
        return Err(Failure::NoYear);
    }
    let first = if left.is_empty() {
        None
    } else {
        Some(whole_point(left, None)?)
    };
    let inherited = first.as_ref().and_then(|p| p.era);
    let last = if right.is_empty() {
        None
    } else {
        Some(whole_point(right, inherited)?)
    };
    if let (Some(a), Some(b)) = (&first, &last) {
        if a.year > b.year {
            return Err(Failure::OutOfRange);
        }
    }
    let described = first.as_ref().or(last.as_ref()).ok_or(Failure::NoYear)?;
    Ok(Years {
        era: described.era,
        era_year: described.era_year,
        fiscal: first.iter().chain(last.iter()).any(|p| p.fiscal),
        start: first.as_ref().map(|p| p.year),
        end: last.as_ref().map(|p| p.year),
        date: first.as_ref().and_then(|p| p.date.clone()),
    })
}

/// A point that must use all of `s`.
fn whole_point(s: &str, inherited: Option<Era>) -> Result<Point, Failure> {
    let (point, used) = point(s, inherited)?;
    if used == s.len() {
        Ok(point)
    } else {
        Err(Failure::NoYear)
    }
}

/// Reads `[era] year [年|年度|.] [month [月|.|/] [day [日]]]` from the start of `s`.
fn point(s: &str, inherited: Option<Era>) -> Result<(Point, usize), Failure> {
    let (era, after_era) = match era_mark(s) {
        Some((era, len)) => (Some(era), &s[len..]),
        None => (inherited, s),
    };
    let (number, used) = year_number(after_era, era.is_some())?;
    let (era_year, year) = match era {
        Some(era) => {
            if ERA_YEARS.contains(&number) && number > era_year_limit(era) {
                return Err(Failure::PastEra {
                    era,
                    era_year: number,
                });
            }
            let year = era_to_western(era, number).ok_or(Failure::OutOfRange)?;
            (Some(number), year)
        }
        None => (
            None,
            i32::try_from(number).map_err(|_| Failure::OutOfRange)?,
        ),
    };
    if !WESTERN_YEARS.contains(&year) {
        return Err(Failure::OutOfRange);
    }
    let mut rest = &after_era[used..];
    let mut fiscal = false;
    let mut date = None;
    if let Some(r) = rest.strip_prefix("年度") {
        fiscal = true;
        rest = r;
    } else if let Some(r) = rest.strip_prefix('年') {
        rest = r;
        if let Some((d, len)) = month_day(rest, &["月"], &["日"], year)? {
            date = Some(d);
            rest = &rest[len..];
        }
    } else if let Some(r) = rest.strip_prefix(['.', '/', '-']) {
        rest = r;
        if let Some((d, len)) = month_day(rest, &[".", "/", "-", ""], &[""], year)? {
            date = Some(d);
            rest = &rest[len..];
        }
    }
    let point = Point {
        era,
        era_year,
        year,
        fiscal,
        date,
    };
    Ok((point, s.len() - rest.len()))
}

/// The year's number: digits, kanji or `元` (only after an era mark).
fn year_number(s: &str, has_era: bool) -> Result<(u32, usize), Failure> {
    if has_era && s.starts_with('元') {
        return Ok((1, '元'.len_utf8()));
    }
    if let Some(found) = leading_number(s) {
        return Ok(found);
    }
    // A digit run too long to be a year is out of range rather than missing.
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(Failure::OutOfRange);
    }
    Err(Failure::NoYear)
}

/// Month and optional day after the year; `None` when no month follows.
fn month_day(
    s: &str,
    month_ends: &[&str],
    day_ends: &[&str],
    year: i32,
) -> Result<Option<(String, usize)>, Failure> {
    let Some((month, used)) = leading_number(s) else {
        return Ok(None);
    };
    let after_month = &s[used..];
    // Digits not followed by a month mark are no month (`令和2年28,112人`: a value).
    let Some(end) = month_ends.iter().find(|e| after_month.starts_with(**e)) else {
        return Ok(None);
    };
    if !(1..=12).contains(&month) {
        return Err(Failure::NoSuchMonth(month));
    }
    let after_end = &after_month[end.len()..];
    let month_text = format!("{year:04}-{month:02}");
    // A bare `.`/`/` after the month must be followed by a day; `月` may stand alone.
    let Some((day, day_used)) = leading_number(after_end) else {
        return Ok(Some((month_text, s.len() - after_end.len())));
    };
    if day == 0 || day > days_in_month(year, month) {
        return Err(Failure::NoSuchDay { year, month, day });
    }
    let after_day = &after_end[day_used..];
    let day_end = day_ends
        .iter()
        .find(|e| after_day.starts_with(**e))
        .map_or(0, |e| e.len());
    let used = s.len() - after_day.len() + day_end;
    Ok(Some((format!("{month_text}-{day:02}"), used)))
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An era mark at the start: a name, one kanji or one Latin letter (optionally with `.`).
fn era_mark(s: &str) -> Option<(Era, usize)> {
    const NAMES: [(&str, Era); 10] = [
        ("明治", Era::Meiji),
        ("大正", Era::Taisho),
        ("昭和", Era::Showa),
        ("平成", Era::Heisei),
        ("令和", Era::Reiwa),
        ("明", Era::Meiji),
        ("大", Era::Taisho),
        ("昭", Era::Showa),
        ("平", Era::Heisei),
        ("令", Era::Reiwa),
    ];
    if let Some(&(name, era)) = NAMES.iter().find(|(name, _)| s.starts_with(name)) {
        return Some((era, name.len()));
    }
    let era = match s.chars().next()?.to_ascii_uppercase() {
        'M' => Era::Meiji,
        'T' => Era::Taisho,
        'S' => Era::Showa,
        'H' => Era::Heisei,
        'R' => Era::Reiwa,
        _ => return None,
    };
    let len = if s[1..].starts_with('.') { 2 } else { 1 };
    Some((era, len))
}

/// A year label with an era mark at the start of normalised, compact text (`H27`,
/// `平成28年度`), as a period, and the bytes it used. Used by quantities to take the year
/// label off `H27 743人`.
pub(crate) fn leading_era_period(s: &str) -> Option<(Period, usize)> {
    era_mark(s)?;
    let (point, used) = point(s, None).ok()?;
    let text = s[..used].to_string();
    let period = Period {
        text,
        era: point.era,
        era_year: point.era_year,
        fiscal: point.fiscal,
        start: Some(point.year),
        end: Some(point.year),
        date: point.date,
    };
    Some((period, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    type Row = (
        Option<Era>,
        Option<u32>,
        bool,
        Option<i32>,
        Option<i32>,
        Option<&'static str>,
    );
    type OwnedRow = (
        Option<Era>,
        Option<u32>,
        bool,
        Option<i32>,
        Option<i32>,
        Option<String>,
    );

    fn fields(text: &str) -> Result<OwnedRow, NormalizeError> {
        let p = parse_period(text)?;
        Ok((p.era, p.era_year, p.fiscal, p.start, p.end, p.date))
    }

    fn owned(row: Row) -> Result<OwnedRow, NormalizeError> {
        Ok((row.0, row.1, row.2, row.3, row.4, row.5.map(String::from)))
    }

    #[test]
    fn every_era_of_the_table_and_every_mark() {
        use Era::*;
        let table: &[(&str, Era, i32)] = &[
            ("明治", Meiji, 1868),
            ("M", Meiji, 1868),
            ("明", Meiji, 1868),
            ("大正", Taisho, 1912),
            ("T", Taisho, 1912),
            ("大", Taisho, 1912),
            ("昭和", Showa, 1926),
            ("S", Showa, 1926),
            ("昭", Showa, 1926),
            ("平成", Heisei, 1989),
            ("H", Heisei, 1989),
            ("平", Heisei, 1989),
            ("令和", Reiwa, 2019),
            ("R", Reiwa, 2019),
            ("令", Reiwa, 2019),
        ];
        for &(mark, era, first) in table {
            for (suffix, fiscal) in [("年", false), ("年度", true), (".", false), ("", false)] {
                let text = format!("{mark}5{suffix}");
                let want = (
                    Some(era),
                    Some(5),
                    fiscal,
                    Some(first + 4),
                    Some(first + 4),
                    None,
                );
                assert_eq!(fields(&text), owned(want), "{text}");
                let gannen = format!("{mark}元{suffix}");
                let want = (Some(era), Some(1), fiscal, Some(first), Some(first), None);
                assert_eq!(fields(&gannen), owned(want), "{gannen}");
            }
            let lower = format!("{}3", mark.to_lowercase());
            assert_eq!(fields(&lower).map(|r| r.3), Ok(Some(first + 2)), "{lower}");
        }
    }

    #[test]
    fn notations() {
        use Era::*;
        let h = Some(Heisei);
        let r = Some(Reiwa);
        let cases: &[(&str, Row)] = &[
            ("H27", (h, Some(27), false, Some(2015), Some(2015), None)),
            ("Ｈ２７", (h, Some(27), false, Some(2015), Some(2015), None)),
            (
                "ｈ２７年度",
                (h, Some(27), true, Some(2015), Some(2015), None),
            ),
            (
                "H26 年度",
                (h, Some(26), true, Some(2014), Some(2014), None),
            ),
            (
                "(H26年度)",
                (h, Some(26), true, Some(2014), Some(2014), None),
            ),
            (
                "平成26年度",
                (h, Some(26), true, Some(2014), Some(2014), None),
            ),
            (
                "平成二十八年",
                (h, Some(28), false, Some(2016), Some(2016), None),
            ),
            (
                "令和元年度",
                (r, Some(1), true, Some(2019), Some(2019), None),
            ),
            ("R元年", (r, Some(1), false, Some(2019), Some(2019), None)),
            (
                "S.63",
                (Some(Showa), Some(63), false, Some(1988), Some(1988), None),
            ),
            ("H33年度", (h, Some(33), true, Some(2021), Some(2021), None)),
            (
                "H28.4.18",
                (
                    h,
                    Some(28),
                    false,
                    Some(2016),
                    Some(2016),
                    Some("2016-04-18"),
                ),
            ),
            (
                "平成28年4月18日",
                (
                    h,
                    Some(28),
                    false,
                    Some(2016),
                    Some(2016),
                    Some("2016-04-18"),
                ),
            ),
            (
                "R2/4/1",
                (
                    r,
                    Some(2),
                    false,
                    Some(2020),
                    Some(2020),
                    Some("2020-04-01"),
                ),
            ),
            (
                "平成27年7月",
                (h, Some(27), false, Some(2015), Some(2015), Some("2015-07")),
            ),
            (
                "H27～31年度",
                (h, Some(27), true, Some(2015), Some(2019), None),
            ),
            (
                "H27〜31年度",
                (h, Some(27), true, Some(2015), Some(2019), None),
            ),
            ("H27~31", (h, Some(27), false, Some(2015), Some(2019), None)),
            (
                "H27～R1",
                (h, Some(27), false, Some(2015), Some(2019), None),
            ),
            ("H30～", (h, Some(30), false, Some(2018), None, None)),
            ("(H30～)", (h, Some(30), false, Some(2018), None, None)),
            (
                "H30～32年度",
                (h, Some(30), true, Some(2018), Some(2020), None),
            ),
            (
                "R3～R6年度累計",
                (r, Some(3), true, Some(2021), Some(2024), None),
            ),
            ("H28年度以降", (h, Some(28), true, Some(2016), None, None)),
            ("R5年度まで", (r, Some(5), true, None, Some(2023), None)),
            ("～R5", (r, Some(5), false, None, Some(2023), None)),
            ("2019年度", (None, None, true, Some(2019), Some(2019), None)),
            ("2019", (None, None, false, Some(2019), Some(2019), None)),
            (
                "２０１９年",
                (None, None, false, Some(2019), Some(2019), None),
            ),
            (
                "2015～2019年度",
                (None, None, true, Some(2015), Some(2019), None),
            ),
            (
                "2020年4月1日",
                (
                    None,
                    None,
                    false,
                    Some(2020),
                    Some(2020),
                    Some("2020-04-01"),
                ),
            ),
            (
                "2024/2/29",
                (
                    None,
                    None,
                    false,
                    Some(2024),
                    Some(2024),
                    Some("2024-02-29"),
                ),
            ),
            ("FY2019", (None, None, true, Some(2019), Some(2019), None)),
        ];
        for (input, want) in cases {
            assert_eq!(fields(input), owned(*want), "input {input:?}");
        }
    }

    #[test]
    fn text_is_the_normalised_input() {
        assert_eq!(parse_period("Ｈ２６ 年度").unwrap().text, "H26年度");
    }

    #[test]
    fn dates_are_checked_as_dates() {
        let message = |input: &str| parse_period(input).map_err(|e| e.to_string()).err();
        assert_eq!(
            message("H31.4.31").as_deref(),
            Some("no such date: April 31 (April has 30 days) in \"H31.4.31\"")
        );
        assert_eq!(
            message("H29.2.29").as_deref(),
            Some("no such date: February 29 (2017 is not a leap year) in \"H29.2.29\"")
        );
        assert_eq!(
            message("H28.13.1").as_deref(),
            Some("no such month: 13 in \"H28.13.1\"")
        );
        assert!(message("H28.2.29").is_none(), "2016 is a leap year");
    }

    #[test]
    fn era_years_end_a_lookahead_past_the_era() {
        assert_eq!(parse_period("H33年度").map(|p| p.start), Ok(Some(2021)));
        assert_eq!(parse_period("平成72年").map(|p| p.start), Ok(Some(2060)));
        assert_eq!(parse_period("H81").map(|p| p.start), Ok(Some(2069)));
        for past in ["H82", "H99年度", "T66年", "M96"] {
            let error = parse_period(past);
            assert!(
                matches!(&error, Err(NormalizeError::PastEraEnd { .. })),
                "{past}: {error:?}"
            );
        }
        let Err(error) = parse_period("H99年度") else {
            panic!("H99年度 accepted");
        };
        assert!(
            error
                .to_string()
                .contains("平成 ended in its year 31 (2019)"),
            "{error}"
        );
        assert_eq!(parse_period("R99").map(|p| p.start), Ok(Some(2117)));
    }

    #[test]
    fn errors() {
        let out_of_range = [
            "H999",
            "令和0年",
            "R0",
            "H0年度",
            "H27～H25",
            "1800年",
            "2201",
            "H100",
            "H12345678901234567890",
        ];
        for input in out_of_range {
            assert!(
                matches!(parse_period(input), Err(NormalizeError::OutOfRange(_))),
                "{input}: {:?}",
                parse_period(input)
            );
        }
        let no_year = [
            "",
            "年度",
            "調査中",
            "－",
            "H",
            "～",
            "H27～H28～H29",
            "両市観光動態調査",
            "元年",
            "H27年度です",
        ];
        for input in no_year {
            assert!(
                matches!(parse_period(input), Err(NormalizeError::NoYear(_))),
                "{input}: {:?}",
                parse_period(input)
            );
        }
    }
}
