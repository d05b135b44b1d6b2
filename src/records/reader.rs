//! Reads a document's blocks in order: headings set the hierarchy, notes become footnotes
//! (and grade legends), every table is read by its column roles or accounted for in the
//! diagnostics with the reason it gave nothing.

use crate::model::{
    Block, Diagnostic, Diagnostics, Extraction, Figure, Footnote, Heading, Layout, Legend, Level,
    Program, Rect, Table, TableColumns, TextBlock, TextKind,
};

use super::columns::{find_columns, Columns, NoColumns, Role};
use super::hierarchy::{cell_label, Context, Hierarchy};
use super::lines::LineReader;
use super::table::{self, ProgramRows};
use super::text::fold;
use super::{evaluation, gaps, kpis_of_cell, program, tree, ProgramOut};

/// A table whose body cells are mostly empty is a chart or a form drawn as a grid, not a
/// KPI table: above this share of empty cells (with enough cells to judge) it is skipped.
const CHART_EMPTY_SHARE: f64 = 0.7;

/// Fewer body cells than this are too few to call a grid chart-like.
const CHART_MIN_CELLS: usize = 12;

/// A table whose indicator column is filled at least this much is a KPI table however
/// empty its other cells are (a plan's future years).
const FILLED_INDICATOR_SHARE: f64 = 0.5;

/// A caption longer than this is a paragraph, not the name of the table's indicator.
const MAX_CAPTION_CHARS: usize = 80;

/// The hierarchy columns' last values, carried into the next rows and into a table that
/// continues this one on the next page (a merged cell cut by the page break).
#[derive(Debug, Clone, Default)]
struct Carry {
    goal: Option<Heading>,
    policy: Option<Heading>,
    /// The last policy cell said 数値目標: its rows are the goal's own targets.
    goal_rows: bool,
    /// Distinct goal and policy cell texts seen, for numbering cells without a label.
    goals_seen: Vec<String>,
    policies_seen: Vec<String>,
}

/// The state of reading one document.
pub(super) struct Reader {
    hierarchy: Hierarchy,
    footnotes: Vec<Footnote>,
    legends: Vec<Legend>,
    programs: Vec<ProgramOut>,
    diagnostics: Diagnostics,
    /// The previous KPI table's columns, for a continuation without a header.
    last: Option<(usize, Columns)>,
    /// The text block just before the next table (a caption such as `KPI①…`, `【数値目標】`).
    caption: Option<String>,
    carry: Carry,
    /// Any text was seen (a scan has none).
    has_text: bool,
    /// KPIs printed as text outside tables.
    lines: LineReader,
}

impl Reader {
    pub(super) fn new(layout: &Layout) -> Reader {
        let mut hierarchy = Hierarchy::default();
        hierarchy.body_size = body_size(layout);
        Reader {
            hierarchy,
            footnotes: Vec::new(),
            legends: Vec::new(),
            programs: Vec::new(),
            diagnostics: Diagnostics::default(),
            last: None,
            caption: None,
            carry: Carry::default(),
            has_text: false,
            lines: LineReader::default(),
        }
    }

    /// Reads one block.
    pub(super) fn block(&mut self, block: &Block) {
        if !matches!(block, Block::Text(_)) {
            self.end_lines();
        }
        match block {
            Block::Text(t) => self.text(t),
            Block::Table(tab) => {
                self.hierarchy.end_text();
                self.table(tab);
                self.caption = None;
            }
            Block::Figure(f) => {
                self.figure(f);
                self.caption = None;
            }
        }
    }

    fn text(&mut self, t: &TextBlock) {
        let folded = fold(&t.text);
        if folded.is_empty() {
            return;
        }
        self.has_text = true;
        if let Some(legend) = evaluation::legend(&folded, t.page) {
            self.legends.push(legend);
        }
        if t.kind == TextKind::Note || folded.starts_with('※') {
            self.footnotes.push(Footnote {
                text: folded,
                page: t.page,
            });
            return;
        }
        self.lines.read(t, &mut self.hierarchy);
        self.programs.extend(self.lines.take_records());
        self.caption = Some(folded);
    }

    /// Ends the KPI statement being read from text (a table or the end follows).
    fn end_lines(&mut self) {
        self.lines.flush();
        self.programs.extend(self.lines.take_records());
    }

    fn figure(&mut self, f: &Figure) {
        self.diagnostics.tables_seen += 1;
        self.has_text |= !f.text.trim().is_empty();
        self.unread("figure", f.page, f.bbox, &f.reason);
    }

    fn unread(&mut self, kind: &str, page: u32, bbox: Rect, reason: &str) {
        self.diagnostics.unread.push(Diagnostic {
            kind: kind.to_string(),
            page,
            bbox: rounded(bbox),
            reason: reason.to_string(),
        });
    }

    fn table(&mut self, tab: &Table) {
        self.diagnostics.tables_seen += 1;
        self.has_text |= tab.cells.iter().any(|c| !c.text.trim().is_empty());
        let (page, bbox) = place_of(tab);
        let caption = self.caption.take();
        let found = find_columns(tab);
        let filled_indicator = found.as_ref().is_ok_and(|c| {
            c.col(&Role::Indicator)
                .is_some_and(|k| filled_share(tab, c, k) >= FILLED_INDICATOR_SHARE)
        });
        // A KPI table with a filled indicator column may leave many future years empty.
        if !filled_indicator {
            if let Some(reason) = not_a_kpi_grid(tab) {
                self.unread("table", page, bbox, reason);
                return;
            }
        }
        // A title row drawn inside the table is its caption.
        let caption = match &found {
            Ok(c) | Err(NoColumns::NoIndicator(c)) => c.title.clone().or(caption),
            Err(_) => caption,
        };
        let (columns, groups) = match found {
            Ok(c) if c.header_rows >= tab.n_rows => {
                // The header drawn apart from its body: the next table may continue it.
                self.unread("table", page, bbox, "header only");
                self.last = Some((tab.n_cols, c));
                return;
            }
            Ok(c) => {
                let groups = table::row_groups(tab, &c);
                (c, groups)
            }
            Err(NoColumns::NoIndicator(c)) if caption_indicator(caption.as_deref()).is_some() => {
                let name = caption_indicator(caption.as_deref()).unwrap_or_default();
                let groups = table::caption_rows(tab, &c, &name);
                // One caption names one KPI: rows of targets and actuals under it are not
                // read as several KPIs of the same name.
                if groups.len() > 1 {
                    self.unread(
                        "table",
                        page,
                        bbox,
                        "no indicator column (several rows under one caption)",
                    );
                    return;
                }
                (c, groups)
            }
            Err(e) => match self.continuation(tab) {
                Some(c) => {
                    let groups = table::row_groups(tab, &c);
                    (c, groups)
                }
                None => {
                    self.unread("table", page, bbox, e.reason());
                    return;
                }
            },
        };
        if columns.header_rows > 0 && !self.same_columns(tab, &columns) {
            self.carry = Carry {
                goals_seen: std::mem::take(&mut self.carry.goals_seen),
                policies_seen: std::mem::take(&mut self.carry.policies_seen),
                ..Carry::default()
            };
        }
        let goal_marked =
            caption.as_deref().is_some_and(caption_says_goal_target) || columns.goal_targets;
        let before = self.programs.len();
        for rows in groups {
            self.group(rows, &columns, goal_marked);
        }
        let records: usize = self.programs[before..]
            .iter()
            .map(|p| p.kpis.len().max(usize::from(p.program.is_some())))
            .sum();
        self.diagnostics.tables.push(TableColumns {
            page,
            bbox: rounded(bbox),
            roles: columns.role_names(),
            records: records as u32,
        });
        if records > 0 {
            self.diagnostics.tables_with_records += 1;
        } else {
            self.unread("table", page, bbox, "no KPI row");
        }
        self.last = Some((tab.n_cols, columns));
    }

    /// The previous table's columns when `tab` continues it (same grid width).
    fn continuation(&self, tab: &Table) -> Option<Columns> {
        self.last
            .as_ref()
            .filter(|(n, _)| *n == tab.n_cols)
            .map(|(_, c)| c.continued())
    }

    fn same_columns(&self, tab: &Table, columns: &Columns) -> bool {
        self.last
            .as_ref()
            .is_some_and(|(n, c)| *n == tab.n_cols && c.roles == columns.roles)
    }

    /// One group of rows: its hierarchy, level and program, then its KPIs.
    fn group(&mut self, rows: ProgramRows, columns: &Columns, goal_marked: bool) {
        let mut context = self.hierarchy.context.clone();
        let marked_row = rows.number.as_deref().is_some_and(says_goal_target);
        let goal_row = self.hierarchy_columns(&rows, columns, &mut context) || marked_row;
        let program = rows.is_program.then(|| {
            let mut p: Program = program::read_program(&rows.name_lines, &rows.summary);
            if p.department.is_none() {
                p.department = rows.department.clone();
            }
            p
        });
        let marked_indicator = rows.kpis.iter().any(|k| {
            k.lines
                .first()
                .is_some_and(|l| strip_goal_mark(l).is_some())
        });
        let level = match &program {
            Some(_) => Level::Program,
            None if goal_row || goal_marked || marked_indicator => Level::Goal,
            None => Level::Policy,
        };
        if level == Level::Goal {
            context.policy = None;
            context.subpolicy = None;
            context.measure = None;
        }
        let separate = columns.separate_values();
        let kpis = rows
            .kpis
            .iter()
            .flat_map(|k| kpis_of_cell(k, separate))
            .filter(|k| program.is_some() || k.indicator.is_some())
            .map(|mut k| {
                if let Some(rest) = k.indicator.as_deref().and_then(strip_goal_mark) {
                    k.indicator = Some(rest);
                }
                // A program's KPIs keep the program's rows as their source (the row of
                // the table, spec: source).
                if program.is_some() {
                    k.source = None;
                }
                k
            })
            .collect::<Vec<_>>();
        if program.is_none() && kpis.is_empty() {
            return;
        }
        self.programs.push(ProgramOut {
            context,
            level,
            program,
            kpis,
            source: rows.source,
        });
    }

    /// Applies the goal and policy columns of a row group to `context`; true when the row
    /// is a goal's own 数値目標 (its policy cell says so).
    fn hierarchy_columns(
        &mut self,
        rows: &ProgramRows,
        columns: &Columns,
        context: &mut Context,
    ) -> bool {
        let has_goal = columns.col(&Role::Goal).is_some();
        let has_policy = columns.col(&Role::Policy).is_some();
        if has_goal {
            if let Some(text) = &rows.goal {
                let goal = heading_of(text, &mut self.carry.goals_seen);
                if self.carry.goal.as_ref() != Some(&goal) {
                    self.carry.policy = None;
                    self.carry.goal_rows = false;
                    // Unlabelled policies are numbered within their goal.
                    self.carry.policies_seen.clear();
                }
                self.carry.goal = Some(goal);
            }
            if self.carry.goal.is_some() {
                if context.goal != self.carry.goal {
                    context.policy = None;
                    context.subpolicy = None;
                    context.measure = None;
                }
                context.goal = self.carry.goal.clone();
            }
        }
        if has_policy {
            if let Some(text) = &rows.policy {
                if says_goal_target(text) {
                    self.carry.goal_rows = true;
                    self.carry.policy = None;
                } else {
                    self.carry.goal_rows = false;
                    self.carry.policy = Some(heading_of(text, &mut self.carry.policies_seen));
                }
            }
            if self.carry.goal_rows {
                return true;
            }
            if self.carry.policy.is_some() {
                context.policy = self.carry.policy.clone();
                context.subpolicy = None;
            }
        }
        false
    }

    /// The extraction: tree, records, diagnostics and warnings.
    pub(super) fn finish(mut self, layout: &Layout, stem: &str) -> Extraction {
        self.end_lines();
        self.lines.account(&mut self.diagnostics);
        unnest_chapter(&mut self.programs);
        gaps::mark(&mut self.programs, &layout.page_errors);
        let (goals, kpis) = tree::assemble(stem, self.programs);
        let mut warnings = Vec::new();
        if kpis.is_empty() {
            warnings.push(if self.has_text || layout.pages == 0 {
                let (tables, lines) = (self.diagnostics.tables_seen, self.diagnostics.lines_seen);
                format!(
                    "no KPI record found ({tables} table{} seen, {lines} KPI-like line{} seen)",
                    plural(tables),
                    plural(lines)
                )
            } else {
                "no text layer: the pages hold no text (a scan?), so no KPI could be read".into()
            });
        }
        Extraction {
            document: stem.to_string(),
            title: layout.title.as_deref().map(fold).filter(|t| !t.is_empty()),
            pages: layout.pages,
            goals,
            footnotes: self.footnotes,
            page_errors: layout.page_errors.clone(),
            diagnostics: self.diagnostics,
            warnings,
            legends: self.legends,
            kpis,
        }
    }
}

/// Whether a cell or caption says its rows are a goal's 数値目標 (not a policy's KPI).
fn says_goal_target(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    t.contains("数値目標") && !t.contains("KPI") && !t.contains("重要業績")
}

/// Whether a caption announces a goal's 数値目標 (`【数値目標】`, `◎数値目標`,
/// `数値目標①婚姻率`), not prose that mentions one.
fn caption_says_goal_target(caption: &str) -> bool {
    let t = caption
        .trim_start()
        .trim_start_matches(|c: char| "【[(<＜〔「◎○●■□◆◇・ ".contains(c));
    // A sentence (with its punctuation) is prose, not a caption.
    let sentence = caption.contains('。') || caption.contains('、');
    t.starts_with("数値目標") && !sentence && says_goal_target(caption)
}

/// An indicator printed after a 数値目標 mark (`【数値目標】婚姻率`, `数値目標:婚姻率`):
/// the indicator without it.
fn strip_goal_mark(indicator: &str) -> Option<String> {
    let t = indicator.trim_start();
    let rest = [
        "【数値目標】",
        "[数値目標]",
        "<数値目標>",
        "(数値目標)",
        "数値目標:",
        "数値目標：",
    ]
    .iter()
    .find_map(|m| t.strip_prefix(m))?
    .trim();
    (!rest.is_empty()).then(|| rest.to_string())
}

/// The indicator a caption names (`数値目標①婚姻率` → `婚姻率`, `KPI②創業件数` →
/// `創業件数`), None when the caption is only a label (`【数値目標】`) or a paragraph.
fn caption_indicator(caption: Option<&str>) -> Option<String> {
    let c = caption?.trim();
    if c.chars().count() > MAX_CAPTION_CHARS || c.contains('\n') {
        return None;
    }
    let squeezed: String = c.chars().filter(|c| !c.is_whitespace()).collect();
    let rest = [
        "数値目標",
        "重要業績評価指標(KPI)",
        "重要業績評価指標",
        "KPI",
        "指標",
    ]
    .iter()
    .find_map(|p| squeezed.strip_prefix(p))?;
    let rest = rest.trim_start_matches(|ch: char| {
        super::text::is_circled(ch) || ch.is_ascii_digit() || "():.・】]【[ 　".contains(ch)
    });
    (!rest.is_empty()).then(|| rest.to_string())
}

/// The heading a hierarchy cell prints (`基本目標1しごとを…`, `(1)地域産業…`); a cell
/// without a label is numbered by its order among the column's distinct texts.
fn heading_of(text: &str, seen: &mut Vec<String>) -> Heading {
    let one_line = text.replace('\n', "");
    // A bare number (`1`, `２`), alone or on its own line or before a space (`２\n人の流れ`,
    // `2 人の流れ`), is the heading's number; the rest is its title.
    if let Some((number, title)) = leading_number(text) {
        return Heading {
            label: number.to_string(),
            number,
            title,
        };
    }
    if let Some(label) = cell_label(&one_line) {
        return Heading {
            label: label.label,
            number: label.number,
            title: label.rest,
        };
    }
    let number = match seen.iter().position(|s| *s == one_line) {
        Some(i) => i + 1,
        None => {
            seen.push(one_line.clone());
            seen.len()
        }
    };
    Heading {
        label: number.to_string(),
        number: number as u32,
        title: one_line,
    }
}

/// `2`, `２\n人の流れ`, `2 人の流れ` → (2, title): a number set apart from the title by a line
/// break or a space (digits run into text, `2人`, are not a label).
fn leading_number(text: &str) -> Option<(u32, String)> {
    let folded = fold(text);
    let trimmed = folded.trim();
    let end = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let number = trimmed[..end].parse::<u32>().ok()?;
    let rest = &trimmed[end..];
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    Some((number, rest.replace('\n', "").trim().to_string()))
}

/// The share of body cells of column `col` that hold text.
fn filled_share(tab: &Table, columns: &Columns, col: usize) -> f64 {
    let cells: Vec<_> = tab
        .cells
        .iter()
        .filter(|c| c.col == col && c.row >= columns.header_rows)
        .collect();
    if cells.is_empty() {
        return 0.0;
    }
    let filled = cells.iter().filter(|c| !c.text.trim().is_empty()).count();
    filled as f64 / cells.len() as f64
}

/// A grid that cannot be a KPI table: mostly empty cells (a chart or form drawn as a grid).
fn not_a_kpi_grid(tab: &Table) -> Option<&'static str> {
    let body: Vec<_> = tab
        .cells
        .iter()
        .filter(|c| c.row >= tab.header_rows)
        .collect();
    let empty = body.iter().filter(|c| c.text.trim().is_empty()).count();
    let chart =
        body.len() >= CHART_MIN_CELLS && empty as f64 / body.len() as f64 > CHART_EMPTY_SHARE;
    chart.then_some("chart-like grid")
}

/// When every record sits under one and the same top heading that is not the first of
/// its kind (`Ⅲ音威子府村の総合戦略` after chapters Ⅰ and Ⅱ without KPIs) and the level
/// below varies, that heading is a chapter: the levels below move up one.
fn unnest_chapter(programs: &mut [ProgramOut]) {
    let Some(first) = programs.first() else {
        return;
    };
    let Some(top) = first.context.goal.clone() else {
        return;
    };
    let same_top = programs
        .iter()
        .all(|p| p.context.goal.as_ref() == Some(&top));
    let mut below: Vec<u32> = programs
        .iter()
        .filter_map(|p| p.context.policy.as_ref().map(|h| h.number))
        .collect();
    below.sort_unstable();
    below.dedup();
    let chapter = same_top && top.number > 1 && !top.label.starts_with("基本目標");
    if !chapter || below.len() < 2 {
        return;
    }
    for p in programs.iter_mut() {
        let c = &mut p.context;
        c.goal = c.policy.take();
        c.policy = c.subpolicy.take();
    }
}

/// The median type size of the document's text blocks (0 without text).
fn body_size(layout: &Layout) -> f64 {
    let mut sizes: Vec<f64> = layout
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Text(t) if t.size.is_finite() && t.size > 0.0 => Some(t.size),
            _ => None,
        })
        .collect();
    sizes.sort_by(f64::total_cmp);
    sizes.get(sizes.len() / 2).copied().unwrap_or(0.0)
}

/// The page and box of a table on its first page.
fn place_of(tab: &Table) -> (u32, Rect) {
    let page = tab.pages.first().copied().unwrap_or(1);
    let bbox = crate::layout::continuation::table_bbox_on(tab, page).unwrap_or_default();
    (page, bbox)
}

/// 0.01 pt is far below print resolution and keeps the output readable and stable.
fn rounded(b: Rect) -> [f64; 4] {
    b.to_array().map(|v| (v * 100.0).round() / 100.0)
}

/// `s` for any count but one.
fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_name_indicators() {
        let c = |t: &str| caption_indicator(Some(t));
        assert_eq!(c("数値目標①婚姻率").as_deref(), Some("婚姻率"));
        assert_eq!(
            c("KPI①創業支援事業計画に基づく創業件数").as_deref(),
            Some("創業支援事業計画に基づく創業件数")
        );
        assert_eq!(c("【数値目標】"), None);
        assert_eq!(c("本資料は、さくら市が策定した総合戦略"), None);
    }

    #[test]
    fn goal_targets_are_told_from_policy_kpis() {
        assert!(says_goal_target("【数値目標】"));
        assert!(says_goal_target("数値目標"));
        assert!(!says_goal_target("重要業績評価指標(KPI)"));
        assert!(!says_goal_target("(1)地域産業"));
        assert!(caption_says_goal_target("【数値目標】"));
        assert_eq!(
            strip_goal_mark("【数値目標】婚姻率").as_deref(),
            Some("婚姻率")
        );
        assert_eq!(strip_goal_mark("婚姻率"), None);
        assert_eq!(heading_of("3", &mut Vec::new()).number, 3);
        assert!(caption_says_goal_target("数値目標①婚姻率"));
        assert!(!caption_says_goal_target(
            "数値目標の達成に向けて次の施策を展開します。"
        ));
    }
}
