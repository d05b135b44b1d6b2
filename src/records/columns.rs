//! The role of each column of a KPI table, decided from its header text (all header cells
//! above it, a spanning `実績値` included) and checked against its contents, never from its
//! position: indicator, unit, baseline and target (with a year from the header or a year
//! column), one actual per year, rate, grade, notes, program, summary, department, No. and
//! the hierarchy columns (基本目標, 施策).

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Cell, Table};
use crate::normalize::parse_period;

use super::evaluation::{is_grade, rate_of};
use super::text::fold;

/// Header rows are looked for among this many first rows when the layout gave none.
const MAX_HEADER_ROWS: usize = 3;

/// A content test decides a column's role when at least this share of its non-empty body
/// cells pass it (a few notes or dashes in a grade column do not hide what it is).
const CONTENT_SHARE: f64 = 0.6;

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    /// 基本目標, merged down its rows.
    Goal,
    /// 施策, merged down its rows.
    Policy,
    /// 事業名, 主な事業.
    Program,
    /// 概要, 事業内容.
    Summary,
    /// 担当課, 所管.
    Department,
    /// No., 番号.
    Number,
    /// KPI, 指標, 数値目標.
    Indicator,
    /// 単位.
    Unit,
    /// 基準値, 現状値, 策定時; the header's year when it prints one.
    Baseline(Option<String>),
    /// 基準年度.
    BaselineYear,
    /// 目標値; the header's year when it prints one.
    Target(Option<String>),
    /// 目標年度.
    TargetYear,
    /// A year-series column marked 現状値: the latest actual when a baseline column is also
    /// marked, else the baseline (resolved by [`find_columns`], never left in the result).
    Current(String),
    /// One year's actual, the year from the header.
    Actual(String),
    /// The year labels of actuals printed one row per year (`KPI実績`: year | value).
    ActualYear,
    /// The values of actuals printed one row per year.
    ActualValue,
    /// 達成率, 達成度, 進捗率.
    Rate,
    /// 評価, 達成状況, 判定.
    Grade,
    /// 備考.
    Notes,
}

impl Role {
    /// The role's name in diagnostics (`actual:2020` with the western year when known).
    pub(crate) fn name(&self) -> String {
        let with_year = |base: &str, year: &Option<String>| match year {
            Some(y) => format!("{base}:{}", year_name(y)),
            None => base.to_string(),
        };
        match self {
            Role::Goal => "goal".into(),
            Role::Policy => "policy".into(),
            Role::Program => "program".into(),
            Role::Summary => "summary".into(),
            Role::Department => "department".into(),
            Role::Number => "number".into(),
            Role::Indicator => "indicator".into(),
            Role::Unit => "unit".into(),
            Role::Baseline(y) => with_year("baseline", y),
            Role::BaselineYear => "baseline_year".into(),
            Role::Target(y) => with_year("target", y),
            Role::TargetYear => "target_year".into(),
            Role::Current(y) => with_year("current", &Some(y.clone())),
            Role::Actual(y) => with_year("actual", &Some(y.clone())),
            Role::ActualYear => "actual_year".into(),
            Role::ActualValue => "actual".into(),
            Role::Rate => "rate".into(),
            Role::Grade => "grade".into(),
            Role::Notes => "notes".into(),
        }
    }
    fn is_value(&self) -> bool {
        matches!(
            self,
            Role::Baseline(_) | Role::Target(_) | Role::Actual(_) | Role::ActualValue
        )
    }
}

/// The western start year of a year label, else the label.
fn year_name(label: &str) -> String {
    parse_period(label)
        .ok()
        .and_then(|p| p.start)
        .map_or_else(|| label.to_string(), |y| y.to_string())
}

/// The columns of a KPI table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Columns {
    /// Header rows at the top (0 for a continuation without its own header).
    pub header_rows: usize,
    /// One role per grid column, None when unused.
    pub roles: Vec<Option<Role>>,
    /// The header text of each column (spaces removed), to recognise header rows repeated
    /// inside the body.
    pub headers: Vec<String>,
    /// The indicator header says 数値目標: the rows are goals' own targets.
    pub goal_targets: bool,
    /// A title row over the whole header (a caption drawn inside the table).
    pub title: Option<String>,
}

impl Columns {
    /// The first column with a role that `pick` accepts.
    pub(crate) fn first(&self, pick: impl Fn(&Role) -> bool) -> Option<usize> {
        self.roles
            .iter()
            .position(|r| r.as_ref().is_some_and(&pick))
    }
    /// The first column with exactly `role`.
    pub(crate) fn col(&self, role: &Role) -> Option<usize> {
        self.first(|r| r == role)
    }
    /// Columns with their actual year, in column order.
    pub(crate) fn actual_years(&self) -> Vec<(usize, String)> {
        self.roles
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match r {
                Some(Role::Actual(y)) => Some((i, y.clone())),
                _ => None,
            })
            .collect()
    }
    /// Whether values have columns of their own (rather than living in the KPI cell).
    pub(crate) fn separate_values(&self) -> bool {
        self.first(|r| matches!(r, Role::Baseline(_) | Role::Target(_)))
            .is_some()
    }
    /// The role names for diagnostics.
    pub(crate) fn role_names(&self) -> Vec<Option<String>> {
        self.roles
            .iter()
            .map(|r| r.as_ref().map(Role::name))
            .collect()
    }
    /// The same columns for a continuation table without header rows.
    pub(crate) fn continued(&self) -> Columns {
        Columns {
            header_rows: 0,
            ..self.clone()
        }
    }
}

/// Why a table gave no columns to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NoColumns {
    /// No header cell names a KPI role.
    NoHeader,
    /// Roles but no indicator column (a caption may still name the indicator).
    NoIndicator(Columns),
    /// An indicator but no value column.
    NoValues,
    /// Only a name column: a list of names, not KPIs.
    NamesOnly,
}

/// Header text with spaces removed, folded, for keyword tests.
pub(crate) fn header_text(cell: &Cell) -> String {
    fold(&cell.text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A year in a header: era (`令和2年度`, `H27`, `R2～R6`) or western (`2020年度`, `2014`).
static HEADER_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:明治|大正|昭和|平成|令和|[MTSHRmtshr])(?:\d{1,2}|元)(?:年度|年)?(?:[～~〜\-－](?:(?:平成|令和|[HRhr])?\d{1,2})(?:年度|年)?)?|(?:19|20)\d{2}(?:年度|年)?(?:[～~〜\-－](?:19|20)?\d{2}(?:年度|年)?)?",
    )
    .expect("static regex")
});

/// The first year label in a header text.
pub(crate) fn year_in_header(text: &str) -> Option<String> {
    HEADER_YEAR
        .find_iter(text)
        .map(|m| m.as_str())
        .find(|y| parse_period(y).is_ok_and(|p| p.start.is_some()))
        .map(str::to_string)
}

/// What is left of a header once its year and role marks are removed: empty for a
/// year-series header such as `平成28年(基準値)`.
fn without_year_and_marks(text: &str) -> String {
    let mut rest = HEADER_YEAR.replace_all(text, "").to_string();
    for mark in [
        "基準値",
        "現状値",
        "目標値",
        "実績値",
        "基準",
        "現状",
        "目標",
        "実績",
        "見込",
    ] {
        rest = rest.replace(mark, "");
    }
    rest.chars()
        .filter(|c| !matches!(c, '(' | ')' | '[' | ']' | '【' | '】' | '・' | ' '))
        .collect()
}

fn is_header_keyword(text: &str) -> bool {
    [
        "事業", "概要", "KPI", "実績", "指標", "目標", "基準", "現状", "単位", "評価", "備考",
        "施策", "達成",
    ]
    .iter()
    .any(|k| text.contains(k))
}

/// How many of the first rows are the header: the layout's count, else the first rows
/// holding a header keyword, else a first row of year labels over values.
fn header_rows_of(table: &Table) -> usize {
    let row_texts = |r: usize| -> Vec<String> {
        table
            .cells
            .iter()
            .filter(|c| c.row == r)
            .map(header_text)
            .collect()
    };
    if table.header_rows > 0 {
        // A sub-header row the layout left in the body (the years under 実績値).
        let mut n = table.header_rows;
        while n < MAX_HEADER_ROWS.min(table.n_rows.saturating_sub(1))
            && is_sub_header(&row_texts(n))
        {
            n += 1;
        }
        return n;
    }
    let keyword_rows = (0..MAX_HEADER_ROWS.min(table.n_rows))
        .take_while(|r| row_texts(*r).iter().any(|t| is_header_keyword(t)))
        .count();
    if keyword_rows > 0 {
        return keyword_rows;
    }
    let first = row_texts(0);
    let years = first.iter().filter(|t| !t.is_empty()).count();
    let all_years = years >= 2
        && first
            .iter()
            .filter(|t| !t.is_empty())
            .all(|t| year_in_header(t).is_some() && without_year_and_marks(t).is_empty());
    usize::from(all_years && table.n_rows >= 2)
}

/// A row of only header words and year labels (no value): `令和2年度 | 令和3年度`.
fn is_sub_header(texts: &[String]) -> bool {
    let filled: Vec<&String> = texts.iter().filter(|t| !t.is_empty()).collect();
    !filled.is_empty()
        && filled.iter().all(|t| {
            (year_in_header(t).is_some() && without_year_and_marks(t).is_empty())
                || (is_header_keyword(t) && !t.chars().any(|c| c.is_ascii_digit()))
        })
}

/// A header cell spanning the whole width is the table's title (`数値目標①婚姻率`), not
/// a column's header.
fn is_title_cell(table: &Table, c: &Cell) -> bool {
    table.n_cols > 1 && c.colspan >= table.n_cols
}

/// The table's title row, if its header has one.
fn title_of(table: &Table, header_rows: usize) -> Option<String> {
    table
        .cells
        .iter()
        .find(|c| c.row < header_rows && is_title_cell(table, c))
        .map(|c| fold(&c.text))
        .filter(|t| !t.is_empty())
}

/// The texts of the header cells over each column, top to bottom.
fn column_headers(table: &Table, header_rows: usize) -> Vec<Vec<&Cell>> {
    let mut out: Vec<Vec<&Cell>> = vec![Vec::new(); table.n_cols];
    for c in table
        .cells
        .iter()
        .filter(|c| c.row < header_rows && !is_title_cell(table, c))
    {
        let end = c.col.saturating_add(c.colspan.max(1)).min(table.n_cols);
        for slot in out.iter_mut().take(end).skip(c.col) {
            slot.push(c);
        }
    }
    for cells in &mut out {
        cells.sort_by_key(|c| c.row);
    }
    out
}

/// The role a header text names. `lowest` is the text of the lowest header cell over the
/// column (the one that carries a year under a spanning `実績値`).
fn role_of_header(full: &str, lowest: &str) -> Option<Role> {
    let has = |k: &str| full.contains(k);
    let year = year_in_header(lowest).or_else(|| year_in_header(full));
    if has("実績") && !has("率") {
        return Some(match year {
            Some(y) => Role::Actual(y),
            None => Role::ActualValue,
        });
    }
    if has("達成率") || has("達成度") || has("進捗率") {
        return Some(Role::Rate);
    }
    // `KPI目標値`, `指標の基準値` name a value of the KPI, not the KPI.
    let names_value = ["目標値", "基準値", "現状値", "目標年", "基準年"]
        .iter()
        .any(|k| has(k));
    if (has("KPI") || has("指標") || has("数値目標")) && !names_value {
        return Some(Role::Indicator);
    }
    if has("基本目標") {
        return Some(Role::Goal);
    }
    if (has("基準年") || has("策定年") || has("現状年")) && !has("値") {
        return Some(Role::BaselineYear);
    }
    if has("目標年") && !has("値") {
        return Some(Role::TargetYear);
    }
    if let Some(y) = &year {
        if without_year_and_marks(lowest).is_empty() || without_year_and_marks(full).is_empty() {
            return Some(if has("基準") {
                Role::Baseline(Some(y.clone()))
            } else if has("目標") {
                Role::Target(Some(y.clone()))
            } else if has("現状") {
                Role::Current(y.clone())
            } else {
                Role::Actual(y.clone())
            });
        }
    }
    if has("基準") || has("現状") || has("策定時") || has("当初") {
        return Some(Role::Baseline(year));
    }
    if has("目標") {
        return Some(Role::Target(year));
    }
    if has("直近") || has("最新") {
        if let Some(y) = year {
            return Some(Role::Actual(y));
        }
    }
    if has("評価") || has("達成状況") || has("達成見込") || has("判定") || has("進捗状況")
    {
        return Some(Role::Grade);
    }
    if has("単位") {
        return Some(Role::Unit);
    }
    if has("備考") || has("特記") {
        return Some(Role::Notes);
    }
    if has("概要") || has("内容") {
        return Some(Role::Summary);
    }
    if has("担当") || has("所管") || full.ends_with('課') {
        return Some(Role::Department);
    }
    if has("施策") {
        return Some(Role::Policy);
    }
    if has("事業") || has("名称") {
        return Some(Role::Program);
    }
    let lower = full.to_lowercase();
    if ["no", "no.", "番号", "№", "#"].contains(&lower.as_str()) {
        return Some(Role::Number);
    }
    None
}

/// The folded, trimmed texts of a column's body cells that start in it (empty ones out).
fn body_texts(table: &Table, col: usize, header_rows: usize) -> Vec<String> {
    table
        .cells
        .iter()
        .filter(|c| c.col == col && c.row >= header_rows)
        .map(|c| fold(&c.text).trim().to_string())
        .filter(|t| !t.is_empty() && !is_dash(t))
        .collect()
}

fn is_dash(t: &str) -> bool {
    matches!(t, "－" | "-" | "—" | "―" | "−" | "ー")
}

fn share(texts: &[String], test: impl Fn(&str) -> bool) -> f64 {
    if texts.is_empty() {
        return 0.0;
    }
    texts.iter().filter(|t| test(t)).count() as f64 / texts.len() as f64
}

/// Corrects a header role by the column's contents: a 評価 column of percentages is the
/// rate, a rate column of marks the grade, a value column of year labels a year column,
/// and an unnamed column of grade marks the grade.
fn checked_by_contents(role: Option<Role>, texts: &[String]) -> Option<Role> {
    let years = |t: &str| year_in_header(t).is_some() && without_year_and_marks(t).is_empty();
    let enough = |f: &dyn Fn(&str) -> bool| share(texts, f) >= CONTENT_SHARE;
    match role {
        Some(Role::Grade) if enough(&|t| rate_of(t).is_some() && !is_grade(t)) => Some(Role::Rate),
        Some(Role::Rate) if enough(&is_grade) => Some(Role::Grade),
        Some(Role::Baseline(None)) if enough(&years) => Some(Role::BaselineYear),
        Some(Role::Target(None)) if enough(&years) => Some(Role::TargetYear),
        None if !texts.is_empty() && enough(&is_grade) => Some(Role::Grade),
        other => other,
    }
}

/// Finds the columns of a KPI table from its header cells and contents.
pub(crate) fn find_columns(table: &Table) -> Result<Columns, NoColumns> {
    let header_rows = header_rows_of(table);
    if header_rows == 0 {
        return Err(NoColumns::NoHeader);
    }
    let over = column_headers(table, header_rows);
    let mut roles = Vec::with_capacity(table.n_cols);
    let mut headers = Vec::with_capacity(table.n_cols);
    for cells in &over {
        let mut texts: Vec<String> = Vec::new();
        for c in cells {
            let t = header_text(c);
            if !texts.contains(&t) {
                texts.push(t);
            }
        }
        let full = texts.concat();
        let lowest = texts.last().cloned().unwrap_or_default();
        let role = role_of_header(&full, &lowest);
        headers.push(full);
        roles.push(role);
    }
    for (col, role) in roles.iter_mut().enumerate() {
        let texts = body_texts(table, col, header_rows);
        *role = checked_by_contents(role.take(), &texts);
    }
    vertical_actuals(&mut roles, &over);
    resolve_current(&mut roles);
    keep_first_singletons(&mut roles);
    let goal_targets = roles
        .iter()
        .zip(&headers)
        .any(|(r, h)| *r == Some(Role::Indicator) && h.contains("数値目標"));
    let columns = Columns {
        header_rows,
        roles,
        headers,
        goal_targets,
        title: title_of(table, header_rows),
    };
    check(columns)
}

/// A `KPI実績` header over two columns without years is a year | value pair per row; over
/// one column, the values with the year printed inside.
fn vertical_actuals(roles: &mut [Option<Role>], over: &[Vec<&Cell>]) {
    let cols: Vec<usize> = (0..roles.len())
        .filter(|i| roles[*i] == Some(Role::ActualValue))
        .collect();
    let Some(&first) = cols.first() else { return };
    let head = over[first].iter().find(|c| header_text(c).contains("実績"));
    let span = head.map_or(1, |c| c.colspan.max(1));
    for &c in &cols[1..] {
        roles[c] = None;
    }
    if span >= 2 && first + span <= roles.len() {
        roles[first] = Some(Role::ActualYear);
        roles[first + span - 1] = Some(Role::ActualValue);
    }
}

/// A 現状値 year column is the latest actual beside a marked baseline, else the baseline.
fn resolve_current(roles: &mut [Option<Role>]) {
    let has_baseline = roles.iter().any(|r| matches!(r, Some(Role::Baseline(_))));
    for role in roles.iter_mut() {
        if let Some(Role::Current(y)) = role {
            *role = Some(if has_baseline {
                Role::Actual(y.clone())
            } else {
                Role::Baseline(Some(y.clone()))
            });
        }
    }
}

/// Roles read from one column only (indicator, unit, baseline, …): a second column with
/// the same role (two 目標 columns, an indicator's sub-header) keeps no role.
fn keep_first_singletons(roles: &mut [Option<Role>]) {
    let single = |r: &Role| !matches!(r, Role::Actual(_) | Role::Notes);
    let mut seen: Vec<std::mem::Discriminant<Role>> = Vec::new();
    for role in roles.iter_mut() {
        let Some(r) = role.as_ref() else { continue };
        if !single(r) {
            continue;
        }
        let d = std::mem::discriminant(r);
        if seen.contains(&d) {
            *role = None;
        } else {
            seen.push(d);
        }
    }
}

/// Accepts the columns when they can give KPIs: an indicator (or a caption to name it)
/// and at least one value, or a program table's KPI column.
fn check(columns: Columns) -> Result<Columns, NoColumns> {
    let any_role = columns.roles.iter().any(Option::is_some);
    if !any_role {
        return Err(NoColumns::NoHeader);
    }
    let has_values = columns.roles.iter().flatten().any(Role::is_value);
    let indicator = columns.col(&Role::Indicator).is_some();
    let program = columns.col(&Role::Program).is_some();
    if indicator && (has_values || program) {
        return Ok(columns);
    }
    if indicator {
        return Err(NoColumns::NoValues);
    }
    if has_values {
        return Err(NoColumns::NoIndicator(columns));
    }
    if program {
        return Err(NoColumns::NamesOnly);
    }
    Err(NoColumns::NoHeader)
}

impl NoColumns {
    /// The reason printed in diagnostics.
    pub(crate) fn reason(&self) -> &'static str {
        match self {
            NoColumns::NoHeader => "no KPI header",
            NoColumns::NoIndicator(_) => "no indicator column",
            NoColumns::NoValues => "no value column",
            NoColumns::NamesOnly => "a list of names, no KPI column",
        }
    }
}

/// Compiles this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&HEADER_YEAR);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_roles() {
        let r = |t: &str| role_of_header(t, t);
        assert_eq!(r("重要業績評価指標(KPI)"), Some(Role::Indicator));
        assert_eq!(r("数値目標"), Some(Role::Indicator));
        // The baseline unless a year series also marks one (see `resolve_current`).
        assert_eq!(
            r("現状値(2014年度)"),
            Some(Role::Current("2014年度".into()))
        );
        assert_eq!(r("目標値(H31)"), Some(Role::Target(Some("H31".into()))));
        assert_eq!(r("基準年度"), Some(Role::BaselineYear));
        assert_eq!(r("目標年度"), Some(Role::TargetYear));
        assert_eq!(
            r("平成28年(基準値)"),
            Some(Role::Baseline(Some("平成28年".into())))
        );
        assert_eq!(
            r("令和4年度(現状値)"),
            Some(Role::Current("令和4年度".into()))
        );
        assert_eq!(r("令和2年度"), Some(Role::Actual("令和2年度".into())));
        assert_eq!(r("H27"), Some(Role::Actual("H27".into())));
        assert_eq!(r("H29実績"), Some(Role::Actual("H29".into())));
        assert_eq!(
            role_of_header("実績値令和2年度", "令和2年度"),
            Some(Role::Actual("令和2年度".into()))
        );
        assert_eq!(r("KPI実績"), Some(Role::ActualValue));
        assert_eq!(r("達成率"), Some(Role::Rate));
        assert_eq!(r("評価"), Some(Role::Grade));
        assert_eq!(r("単位"), Some(Role::Unit));
        assert_eq!(r("基本目標"), Some(Role::Goal));
        assert_eq!(r("施策"), Some(Role::Policy));
        assert_eq!(r("主な事業"), Some(Role::Program));
        assert_eq!(r("事業名等"), Some(Role::Program));
        assert_eq!(r("概要"), Some(Role::Summary));
        assert_eq!(r("担当課"), Some(Role::Department));
        assert_eq!(r("No."), Some(Role::Number));
        assert_eq!(r("備考"), Some(Role::Notes));
        assert_eq!(r("疾病名"), None);
        assert_eq!(r("KPI目標値"), Some(Role::Target(None)));
        assert_eq!(r("直近値(R4)"), Some(Role::Actual("R4".into())));
        assert_eq!(
            r("計画策定時(H26)"),
            Some(Role::Baseline(Some("H26".into())))
        );
    }

    #[test]
    fn contents_correct_the_header() {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            checked_by_contents(Some(Role::Grade), &v(&["54.4%", "95%", "108.3%"])),
            Some(Role::Rate)
        );
        assert_eq!(
            checked_by_contents(None, &v(&["A", "B", "◎"])),
            Some(Role::Grade)
        );
        assert_eq!(
            checked_by_contents(Some(Role::Baseline(None)), &v(&["H28", "H30"])),
            Some(Role::BaselineYear)
        );
        assert_eq!(
            checked_by_contents(Some(Role::Baseline(None)), &v(&["28人", "H30"])),
            Some(Role::Baseline(None))
        );
    }
}
