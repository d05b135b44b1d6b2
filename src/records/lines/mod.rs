//! KPIs printed as text outside tables: prose lines (`①婚姻率：5.5‰（平成25年）→5.9‰
//! （平成31年）` with `実績：…` under them), a goal's banner (`X（2014年度）→Y（2019年度）`),
//! and newsletter sentences (`KPI「…」基準…目標…→【実績…】【達成度…】【評価…】`).
//!
//! Text blocks are read line by line in document order ([`LineReader::read`]). A line that
//! holds no KPI statement goes to the hierarchy as before; a statement may continue over
//! the next lines and blocks (wrapped sentences, `実績` lines, `→【最終値…】`). The level
//! comes from where the statement sits: a goal's 数値目標 (a `数値目標`/`数値指標` mark, or a
//! goal heading with no policy yet), a program (`■…事業`, `事業「…」`), else the policy.
//! Every statement that gives no record is kept as a diagnostic with the reason.

mod fields;
mod statement;

use crate::model::{
    Diagnostic, Diagnostics, Heading, Level, Program, Rect, Source, TextBlock, TextKind,
};
use crate::normalize::parse_label;

use super::hierarchy::{self, Context, Hierarchy};
use super::text::{fold, join_wrapped, leading_mark, strip_bullet, Mark};
use super::{KpiOut, ProgramOut};

use statement::{Form, Found};

/// Words that open a goal's 数値目標 section (`【数値目標】`, `この基本目標の数値目標は…`).
const GOAL_SECTION_WORDS: &[&str] = &["数値目標", "数値指標"];
/// Words that open the KPIs of policies (`【重要業績評価指標（KPI）】`, `◆具体的施策`).
const POLICY_SECTION_WORDS: &[&str] = &[
    "重要業績評価指標",
    "重要業績評価指数",
    "(KPI)",
    "具体的施策",
    "具体的な施策",
    "施策の目標",
];
/// Endings of a program's name (`地域公共交通再編事業`, `…プロジェクト`).
const PROGRAM_ENDINGS: &[&str] = &["事業", "プロジェクト"];
/// A program line longer than this is a sentence about programs, not a program's name.
const MAX_PROGRAM_CHARS: usize = 50;
/// A statement whose bracket stays open is not continued past this length (a stray
/// bracket must not swallow the rest of the document).
const MAX_STATEMENT_BYTES: usize = 1200;
/// The mark of a program named in running text: `事業「空き家バンク運営事業」では…`.
const PROGRAM_QUOTE: &str = "事業「";
/// The department of the program in running text: `（担当：建築住宅課）`.
const DEPARTMENT_MARK: &str = "(担当:";

/// The headings a section marker or a program belongs to: it ends when they change.
#[derive(Debug, Clone, PartialEq)]
struct Scope {
    goal: Option<Heading>,
    policy: Option<Heading>,
    subpolicy: Option<Heading>,
}

impl Scope {
    fn of(c: &Context) -> Scope {
        Scope {
            goal: c.goal.clone(),
            policy: c.policy.clone(),
            subpolicy: c.subpolicy.clone(),
        }
    }
}

/// A statement being read, possibly over several lines.
#[derive(Debug, Clone)]
struct Pending {
    form: Form,
    text: String,
    /// A marked sentence not yet ended by `。`.
    open: bool,
    context: Context,
    level: Level,
    program: Option<Program>,
    page: u32,
    pages: Vec<u32>,
    bbox: Rect,
}

/// Reads the KPI statements of a document's text blocks, in order.
#[derive(Debug, Default)]
pub(crate) struct LineReader {
    pending: Option<Pending>,
    goal_section: Option<Scope>,
    program: Option<(Scope, Program)>,
    /// The last text read set a heading (only banners since): a banner now is that
    /// heading's 数値目標.
    after_heading: bool,
    /// Records read, in document order, for the caller to put beside the tables' ones.
    out: Vec<ProgramOut>,
    /// KPI-like statements seen.
    pub seen: u32,
    /// Statements that gave a record.
    pub with_records: u32,
    /// Statements that gave none, with the reason.
    pub unread: Vec<Diagnostic>,
}

impl LineReader {
    /// Reads one text block (not a note): statements are kept, every other line goes to
    /// `hierarchy`. A block without statements goes to the hierarchy whole, as before.
    pub(crate) fn read(&mut self, block: &TextBlock, hierarchy: &mut Hierarchy) {
        let folded = statement::unify_mark_quotes(&fold(&block.text));
        let lines: Vec<&str> = folded.split('\n').collect();
        let has_statement = lines.iter().any(|l| !statement::find(l).is_empty());
        let continues = self.pending.as_ref().is_some_and(|p| {
            lines
                .first()
                .is_some_and(|l| continues_into(p, l, block, true))
        });
        if !has_statement && !continues {
            self.flush();
            self.after_heading = hierarchy.read(&unbulleted(block, &folded));
            self.note_context(&folded, hierarchy);
            return;
        }
        for (n, line) in lines.iter().enumerate() {
            self.read_line(line, block, n == 0, hierarchy);
        }
    }

    /// Adds the counts and the unread statements to the document's diagnostics.
    pub(crate) fn account(&self, diagnostics: &mut Diagnostics) {
        diagnostics.lines_seen += self.seen;
        diagnostics.lines_with_records += self.with_records;
        diagnostics.unread.extend(self.unread.iter().cloned());
    }

    /// Ends the statement being read (a table, the document's end).
    pub(crate) fn flush(&mut self) {
        if let Some(p) = self.pending.take() {
            self.emit(p);
        }
    }

    /// The records read so far, leaving none.
    pub(crate) fn take_records(&mut self) -> Vec<ProgramOut> {
        std::mem::take(&mut self.out)
    }

    fn read_line(&mut self, line: &str, block: &TextBlock, first: bool, h: &mut Hierarchy) {
        let mut rest = line;
        if let Some(mut p) = self.pending.take() {
            if continues_into(&p, rest, block, first) {
                let used = continuation_length(&p, rest);
                p.text = join_wrapped(&[p.text.as_str(), &rest[..used]]);
                extend(&mut p, block);
                let ended = p.open && rest[..used].ends_with('。');
                p.open &= !ended;
                rest = &rest[used..];
                if rest.is_empty() && !ended {
                    self.pending = Some(p);
                    return;
                }
            }
            self.emit(p);
        }
        self.read_statements(rest, block, h);
    }

    /// Reads the statements of `line` and gives the text around them to the hierarchy.
    fn read_statements(&mut self, line: &str, block: &TextBlock, h: &mut Hierarchy) {
        let found = statement::find(line);
        let mut at = 0;
        for f in &found {
            self.other_text(&line[at..f.start], block, h);
            self.flush();
            self.start(f, &line[f.start..f.end], block, &h.context);
            if f.closed {
                self.flush();
            }
            at = f.end;
        }
        self.other_text(&line[at..], block, h);
    }

    /// Text that is no statement: headings for the hierarchy, section marks, programs.
    fn other_text(&mut self, text: &str, block: &TextBlock, h: &mut Hierarchy) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        self.flush();
        self.after_heading = h.read(&unbulleted(block, text));
        self.note_context(text, h);
    }

    /// Section marks and programs named in text outside statements.
    fn note_context(&mut self, text: &str, h: &Hierarchy) {
        let scope = Scope::of(&h.context);
        for line in text.split('\n') {
            let policy_words = POLICY_SECTION_WORDS.iter().any(|w| line.contains(w));
            if policy_words {
                self.goal_section = None;
                self.program = None;
            } else if GOAL_SECTION_WORDS.iter().any(|w| line.contains(w)) {
                self.goal_section = Some(scope.clone());
                self.program = None;
            }
            if let Some(program) = program_named(line) {
                self.program = Some((scope.clone(), program));
            } else if let Some((_, program)) = self.program.as_mut() {
                add_department(program, line);
                if !line.starts_with(['【', '※']) && program.summary.is_empty() {
                    program.summary = line.to_string();
                }
            }
        }
    }

    fn start(&mut self, found: &Found, text: &str, block: &TextBlock, context: &Context) {
        let (level, program) = self.level_of(found.form, text, context);
        self.pending = Some(Pending {
            form: found.form,
            text: text.to_string(),
            open: matches!(found.form, Form::Marked { quoted: true, .. }) && !found.closed,
            context: context.clone(),
            level,
            program,
            page: block.page,
            pages: vec![block.page],
            bbox: block.bbox,
        });
    }

    /// The level of a statement starting now, and its program.
    fn level_of(&mut self, form: Form, text: &str, context: &Context) -> (Level, Option<Program>) {
        let scope = Scope::of(context);
        if self.program.as_ref().is_some_and(|(s, _)| *s != scope) {
            self.program = None;
        }
        if self.goal_section.as_ref().is_some_and(|s| *s != scope) {
            self.goal_section = None;
        }
        let banner = form == Form::Banner && std::mem::take(&mut self.after_heading);
        // Only banners may follow one another under the same heading.
        self.after_heading = banner;
        let goal_mark = matches!(form, Form::Marked { goal: true, .. });
        if goal_mark || banner || statement::names_goal_target(text) {
            return (Level::Goal, None);
        }
        if let Some((_, program)) = &self.program {
            return (Level::Program, Some(program.clone()));
        }
        if self.goal_section.is_some() || (context.goal.is_some() && context.policy.is_none()) {
            return (Level::Goal, None);
        }
        (Level::Policy, None)
    }

    fn emit(&mut self, p: Pending) {
        self.seen += 1;
        match statement::parse(&p.text, p.form) {
            Ok(parsed) => {
                self.with_records += 1;
                self.out.push(record_of(p, parsed));
            }
            Err(reason) => self.unread.push(Diagnostic {
                kind: "line".to_string(),
                page: p.page,
                bbox: p.bbox.to_array(),
                reason: format!("{reason}: {}", excerpt(&p.text)),
            }),
        }
    }
}

/// `block` with the text `text`, where a bullet before a heading label is dropped
/// (`◇基本目標 3：…`, `■(1)…`, `●施策1 …`): the label, not the bullet, says what the line is.
fn unbulleted(block: &TextBlock, text: &str) -> TextBlock {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|line| {
            let bare = strip_bullet(line);
            let labelled =
                bare.len() < line.trim_start().len() && hierarchy::starts_with_label(bare);
            if labelled {
                bare
            } else {
                line
            }
        })
        .collect();
    TextBlock {
        text: lines.join("\n"),
        ..block.clone()
    }
}

/// Whether `line` (the first of a new block when `first`) continues statement `p`: an
/// actual line or a bracketed result always does; a marked sentence not yet ended also
/// continues into a plain paragraph line (a sentence wrapped into the next block or
/// column).
fn continues_into(p: &Pending, line: &str, block: &TextBlock, first: bool) -> bool {
    if statement::continues(line) || (unclosed(&p.text) && p.text.len() < MAX_STATEMENT_BYTES) {
        return statement::find(line).first().is_none_or(|f| f.start > 0);
    }
    p.open
        && first
        && block.kind == TextKind::Paragraph
        && leading_mark(line).is_none()
        && parse_label(line).is_none()
}

/// Whether a bracket or quote of the statement is still open (`…【評` + `価 C】`): the
/// statement goes on, whatever the next line looks like.
fn unclosed(text: &str) -> bool {
    let count = |c: char| text.chars().filter(|x| *x == c).count();
    count('【') > count('】') || count('「') > count('」') || count('(') > count(')')
}

/// How much of `line` belongs to the statement: up to the `。` that ends a marked sentence
/// or the next statement's start.
fn continuation_length(p: &Pending, line: &str) -> usize {
    let next = statement::find(line)
        .first()
        .map_or(line.len(), |f| f.start);
    if !p.open {
        return next;
    }
    line[..next]
        .char_indices()
        .find(|&(_, c)| c == '。')
        .map_or(next, |(i, c)| i + c.len_utf8())
}

/// Adds `block` to where the statement lies.
fn extend(p: &mut Pending, block: &TextBlock) {
    if block.page == p.page {
        p.bbox = p.bbox.union(&block.bbox);
    }
    if !p.pages.contains(&block.page) {
        p.pages.push(block.page);
    }
}

/// The record of a statement read.
fn record_of(p: Pending, parsed: statement::Parsed) -> ProgramOut {
    let source = Source {
        page: p.page,
        pages: p.pages,
        bbox: p.bbox.to_array(),
        warnings: Vec::new(),
    };
    let f = parsed.fields;
    ProgramOut {
        context: p.context,
        level: p.level,
        program: p.program,
        kpis: vec![KpiOut {
            indicator: Some(parsed.indicator),
            scope: None,
            baseline: f.baseline,
            target: f.target,
            actuals: f.actuals,
            evaluation: f.evaluation,
            notes: f.notes,
            source: Some(source.clone()),
        }],
        source,
    }
}

/// `■地域公共交通再編事業（都市計画課）`, `①…プロジェクト（交付金事業）`, `事業「…」では`: the
/// program a line names. The name needs a mark (a bullet other than `・`, or a bracketed
/// tag), so that a policy heading that ends in 事業 stays a policy; a `・` list of programs
/// (`＜主な事業＞`) names none: those programs carry no KPI of their own.
fn program_named(line: &str) -> Option<Program> {
    if let Some(at) = line.find(PROGRAM_QUOTE) {
        let body = &line[at + PROGRAM_QUOTE.len()..];
        let name = &body[..body.find('」')?];
        let mut program = new_program(name, None);
        add_department(&mut program, line);
        return Some(program);
    }
    let bulleted = matches!(leading_mark(line), Some(Mark::Bullet)) && !line.starts_with('・');
    if line.chars().count() > MAX_PROGRAM_CHARS || line.contains(['。', '、']) {
        return None;
    }
    let body = strip_bullet(line);
    let body = match parse_label(body) {
        Some((_, label)) => label.rest,
        None => body.to_string(),
    };
    let (name, tag) = match body.strip_suffix(')').and_then(|b| b.rsplit_once('(')) {
        Some((name, tag)) => (name.trim().to_string(), Some(tag.trim().to_string())),
        None => (body.trim().to_string(), None),
    };
    let named = PROGRAM_ENDINGS.iter().any(|e| name.ends_with(e)) && name.chars().count() >= 3;
    if !named || !(bulleted || tag.is_some()) || line.starts_with('・') {
        return None;
    }
    // `（交付金事業）` says what kind of program it is; `（都市計画課）` who runs it.
    let department = tag.filter(|t| !PROGRAM_ENDINGS.iter().any(|e| t.ends_with(e)));
    Some(new_program(&name, department))
}

fn new_program(name: &str, department: Option<String>) -> Program {
    Program {
        name: name.trim().to_string(),
        department,
        status: None,
        summary: String::new(),
    }
}

/// `（担当：建築住宅課）` gives the program its department.
fn add_department(program: &mut Program, line: &str) {
    if program.department.is_some() {
        return;
    }
    if let Some(at) = line.find(DEPARTMENT_MARK) {
        let body = &line[at + DEPARTMENT_MARK.len()..];
        if let Some(end) = body.find(')') {
            program.department = Some(body[..end].trim().to_string());
        }
    }
}

/// The start of a statement's text, for a diagnostic.
fn excerpt(text: &str) -> String {
    const EXCERPT_CHARS: usize = 40;
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().count() > EXCERPT_CHARS {
        out.push('…');
    }
    out
}
