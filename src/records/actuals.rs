//! KPI実績 cells: a year label and a value, `※` notes, and values for several KPIs in one
//! cell split by label.

use super::text::{join_wrapped, leading_mark, Mark};
use super::values::split_values;

/// One actual cell read: the value text and the notes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ActualText {
    /// The value as printed (lines joined), possibly empty.
    pub value: String,
    /// `※` notes.
    pub notes: Vec<String>,
}

/// Reads an actual cell's folded lines: a `※` line and the lines after it are a note.
pub(crate) fn read_actual(lines: &[String]) -> ActualText {
    let mut value_lines: Vec<&str> = Vec::new();
    let mut notes: Vec<Vec<&str>> = Vec::new();
    for line in lines {
        let line = line.trim();
        if leading_mark(line) == Some(Mark::Note) {
            notes.push(vec![line]);
        } else if let Some(note) = notes.last_mut() {
            note.push(line);
        } else {
            value_lines.push(line);
        }
    }
    ActualText {
        value: join_wrapped(&value_lines),
        notes: notes.iter().map(|n| join_wrapped(n)).collect(),
    }
}

/// Splits one actual value among `n` KPIs of the same cell: when the value holds exactly
/// `n` labelled values (`利用学生数:19,928人…認定者数:リーダー52人マイスター2人`), each KPI
/// gets its own in order; otherwise every KPI gets the whole text.
pub(crate) fn split_among(value: &str, n: usize) -> Vec<String> {
    if n > 1 {
        let parts = split_values(value);
        if parts.len() == n && parts.iter().skip(1).all(|p| !p.label.is_empty()) {
            return parts.into_iter().map(|p| p.value).collect();
        }
    }
    vec![value.to_string(); n]
}

/// An actual row as found in the grid: one year label and the value's lines. When a
/// missing ruling merged several year rows into one (`H27 H28` beside `－` and `75%`),
/// and there are as many value lines as labels, they are paired again line by line.
pub(crate) fn split_merged_years(year: &str, lines: &[String]) -> Vec<(String, Vec<String>)> {
    if let Some(rows) = split_year_labelled(lines) {
        return rows;
    }
    let labels: Vec<&str> = YEAR_TOKEN.find_iter(year).map(|m| m.as_str()).collect();
    if labels.len() >= 2 && labels.len() == lines.len() {
        return labels
            .iter()
            .zip(lines)
            .map(|(y, l)| (y.to_string(), vec![l.clone()]))
            .collect();
    }
    vec![(year.to_string(), lines.to_vec())]
}

/// A cell that lists several years' values itself (`R3：5人 / R4：9人 / R5：14人`, or one
/// per line): every part separated by `/` or a line break starts with its year label.
/// Returns one (year, value) row per part, or None when the cell is not such a list.
fn split_year_labelled(lines: &[String]) -> Option<Vec<(String, Vec<String>)>> {
    let parts: Vec<&str> = lines
        .iter()
        .flat_map(|l| l.split(['/', '／']))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    parts
        .iter()
        .map(|p| {
            let c = YEAR_LABELLED.captures(p)?;
            let (year, value) = (c.get(1)?.as_str(), c.get(2)?.as_str());
            Some((year.trim().to_string(), vec![value.trim().to_string()]))
        })
        .collect()
}

/// `R3：5人`: a year label, a colon (or a space) and the value.
static YEAR_LABELLED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^((?:[HRhr]|平成|令和)\s*(?:\d{1,2}|元)(?:年度|年)?)\s*(?:[:：]\s*|\s+)(\S.*)$",
    )
    .expect("static regex")
});

static YEAR_TOKEN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?:[HR]|平成|令和)\s*(?:\d{1,2}|元)(?:年度|年)?").expect("static regex")
});

/// A year label printed at the start of a value (`H27 743人`), split off.
pub(crate) fn leading_year(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_start();
    let re = &*LEADING_YEAR;
    let m = re.find(t)?;
    Some((t[..m.end()].trim(), t[m.end()..].trim()))
}

static LEADING_YEAR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^(?:[HRhr]|平成|令和)\s*(?:\d{1,2}|元)(?:年度|年)?(?:\s+|$)")
        .expect("static regex")
});

/// Compiles this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    std::sync::LazyLock::force(&YEAR_TOKEN);
    std::sync::LazyLock::force(&LEADING_YEAR);
    std::sync::LazyLock::force(&YEAR_LABELLED);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn notes_are_separated_from_the_value() {
        let a = read_actual(&lines(&["－", "※KPIの根拠と", "なる調査は3年毎"]));
        assert_eq!(a.value, "－");
        assert_eq!(a.notes, ["※KPIの根拠となる調査は3年毎"]);
    }

    #[test]
    fn labelled_values_are_split_in_order() {
        let v = "利用学生数:19,928人まなびとマイスター認定者数:リーダー52人マイスター2人";
        let parts = split_among(v, 3);
        assert_eq!(parts, ["19,928人", "52人", "2人"]);
        assert_eq!(split_among(v, 2), vec![v.to_string(); 2]);
        assert_eq!(split_among("743人", 1), ["743人"]);
    }

    #[test]
    fn merged_year_rows_are_paired_again() {
        let split = split_merged_years("H27 H28", &lines(&["－", "75%"]));
        assert_eq!(
            split,
            [
                ("H27".to_string(), lines(&["－"])),
                ("H28".to_string(), lines(&["75%"]))
            ]
        );
        let whole = split_merged_years("H27", &lines(&["16市町と連携", "協約締結"]));
        assert_eq!(whole.len(), 1);
        assert_eq!(split_merged_years("H27 H28", &lines(&["－"])).len(), 1);
    }

    #[test]
    fn year_labelled_values_in_one_cell_are_one_row_each() {
        let rows = split_merged_years("", &lines(&["R3：5人 / R4：9人 / R5：14人"]));
        assert_eq!(
            rows,
            vec![
                ("R3".to_string(), vec!["5人".to_string()]),
                ("R4".to_string(), vec!["9人".to_string()]),
                ("R5".to_string(), vec!["14人".to_string()]),
            ]
        );
        let rows = split_merged_years("実績", &lines(&["H30年度 12件", "R1年度:15件"]));
        assert_eq!(rows[1], ("R1年度".to_string(), vec!["15件".to_string()]));
        // One value, or a part without a year, is not such a list.
        assert_eq!(split_merged_years("R3", &lines(&["5人"])).len(), 1);
        assert_eq!(split_merged_years("", &lines(&["R3：5人 / 9人"])).len(), 1);
    }

    #[test]
    fn leading_year_label() {
        assert_eq!(leading_year("H27 743人"), Some(("H27", "743人")));
        assert_eq!(leading_year("743人"), None);
    }
}
