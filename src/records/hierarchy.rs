//! Headings outside tables set the hierarchy: goal > policy > sub-policy, by the kind of
//! their label, nested as they appear (`Ⅰ` then `①` then `(i)`, or `基本目標1` then `(1)`
//! then `①`): a heading of a kind already open closes the deeper ones, a new kind opens
//! one level deeper. A `⇒` line is the measure of the tables under it. Table-of-contents
//! lines (`…・・・・７`) set nothing.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Heading, TextBlock, TextKind};
use crate::normalize::{parse_label, Label, LabelKind};

use super::text::{fold, join_wrapped};

/// Paragraph lines up to this length are read as headings when they start with a label.
const MAX_HEADING_CHARS: usize = 80;

/// A plain numbered line (`1.`, `１．`) is a heading only when its type is at least this
/// much larger than the body text (numbered paragraphs are everywhere in prose).
const NUMBERED_HEADING_SCALE: f64 = 1.15;

/// The kind of a heading label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// One of the labels `normalize::parse_label` reads.
    Label(LabelKind),
    /// `1.`, `１．`, printed large.
    Numbered,
    /// `施策1`, `施策①`: a policy whatever its numeral.
    Policy,
}

/// `1.` / `１．` then a title (not a decimal such as `1.5`).
static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})[.．]\s*([^\d\s].*)$").expect("static regex"));

/// `施策1:`, `施策１`, `施策①`.
static POLICY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^施策\s*(\d{1,2}|[①-⑳])\s*[:：.．、]?\s*(.*)$").expect("static regex")
});

/// A table-of-contents line: leader dots then a page number.
static TOC_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:・{3,}|…{2,}|\.{4,}|･{3,})\s*\d+\s*$").expect("static regex"));

/// The hierarchy in force at a point of the document.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Context {
    /// 基本目標.
    pub goal: Option<Heading>,
    /// 施策.
    pub policy: Option<Heading>,
    /// Sub-policy.
    pub subpolicy: Option<Heading>,
    /// The ⇒ measure without the arrow.
    pub measure: Option<String>,
}

/// Reads headings in document order.
#[derive(Debug, Default)]
pub(crate) struct Hierarchy {
    /// The open label kinds, outermost first: index 0 goal, 1 policy, 2 sub-policy.
    levels: Vec<Kind>,
    /// The body text's type size (median over the document), for numbered headings.
    pub body_size: f64,
    /// The current context.
    pub context: Context,
    /// The last line read was a measure, so a plain line continues it.
    in_measure: bool,
}

impl Hierarchy {
    /// Reads a text block outside tables; returns false when it set nothing.
    pub(crate) fn read(&mut self, block: &TextBlock) -> bool {
        let mut used = false;
        let large = self.body_size > 0.0 && block.size >= self.body_size * NUMBERED_HEADING_SCALE;
        for line in fold(&block.text).split('\n') {
            // A short labelled paragraph line is a heading the layout did not mark.
            let heading =
                block.kind == TextKind::Heading || line.chars().count() <= MAX_HEADING_CHARS;
            used |= self.read_line(line, heading, block.kind == TextKind::Heading || large);
        }
        used
    }

    /// A table ends the text a measure could continue into.
    pub(crate) fn end_text(&mut self) {
        self.in_measure = false;
    }

    fn read_line(&mut self, line: &str, is_heading: bool, prominent: bool) -> bool {
        let line = line.trim();
        if TOC_LINE.is_match(line) {
            return false;
        }
        if let Some(rest) = line.strip_prefix('⇒') {
            self.context.measure = Some(rest.trim().to_string());
            self.in_measure = true;
            return true;
        }
        if is_heading {
            if let Some((kind, label)) = heading_label(line, prominent) {
                // `①…⇒…` on one line: the arrow starts the measure.
                let (title, measure) = match label.rest.split_once('⇒') {
                    Some((t, m)) => (t.trim().to_string(), Some(m.trim().to_string())),
                    None => (label.rest.clone(), None),
                };
                let heading = Heading {
                    label: label.label,
                    number: label.number,
                    title,
                };
                if self.set_heading(kind, heading) {
                    self.in_measure = measure.is_some();
                    if measure.is_some() {
                        self.context.measure = measure;
                    }
                    return true;
                }
            }
        }
        if self.in_measure {
            if let Some(m) = self.context.measure.as_mut() {
                *m = join_wrapped(&[m.as_str(), line]);
                return true;
            }
        }
        false
    }

    /// Puts a heading at its level and clears the levels below it.
    fn set_heading(&mut self, kind: Kind, heading: Heading) -> bool {
        if kind == Kind::Label(LabelKind::Chapter) {
            return false;
        }
        let level = match self.levels.iter().position(|k| *k == kind) {
            Some(l) => {
                self.levels.truncate(l + 1);
                l
            }
            // `施策N` under a goal is its policy, however deep other labels went.
            None if kind == Kind::Policy && !self.levels.is_empty() => {
                self.levels.truncate(1);
                self.levels.push(kind);
                1
            }
            None if self.levels.len() < 3 => {
                self.levels.push(kind);
                self.levels.len() - 1
            }
            None => return false,
        };
        let c = &mut self.context;
        c.measure = None;
        match level {
            0 => {
                c.goal = Some(heading);
                c.policy = None;
                c.subpolicy = None;
            }
            1 => {
                c.policy = Some(heading);
                c.subpolicy = None;
            }
            _ => c.subpolicy = Some(heading),
        }
        true
    }
}

/// Whether `line` starts with a heading label the hierarchy reads (`基本目標1`, `(1)`,
/// `①`, `施策1`, …), whatever its size.
pub(crate) fn starts_with_label(line: &str) -> bool {
    heading_label(line, false).is_some()
}

/// The label a heading line starts with: `parse_label`'s, `施策N`, or (printed large)
/// `1.`.
fn heading_label(line: &str, prominent: bool) -> Option<(Kind, Label)> {
    if let Some(c) = POLICY_WORD.captures(line) {
        let mark = c.get(1).map_or("", |m| m.as_str());
        let number = mark
            .parse::<u32>()
            .ok()
            .or_else(|| parse_label(mark).map(|(_, l)| l.number))?;
        return Some((
            Kind::Policy,
            Label {
                label: format!("施策{mark}"),
                number,
                rest: c.get(2).map_or("", |m| m.as_str()).trim().to_string(),
            },
        ));
    }
    if let Some((kind, label)) = parse_label(line) {
        return Some((Kind::Label(kind), label));
    }
    let c = NUMBERED.captures(line).filter(|_| prominent)?;
    let digits = c.get(1)?.as_str();
    Some((
        Kind::Numbered,
        Label {
            label: format!("{digits}."),
            number: digits.parse().ok()?,
            rest: c.get(2)?.as_str().trim().to_string(),
        },
    ))
}

/// The label a hierarchy cell of a table starts with (`基本目標1`, `(1)`, `施策2`, `1.`).
pub(crate) fn cell_label(text: &str) -> Option<Label> {
    heading_label(text.trim(), true).map(|(_, label)| label)
}

/// Compiles this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&NUMBERED);
    LazyLock::force(&POLICY_WORD);
    LazyLock::force(&TOC_LINE);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rect;

    fn block(kind: TextKind, text: &str) -> TextBlock {
        TextBlock {
            kind,
            text: text.to_string(),
            page: 1,
            bbox: Rect::default(),
            size: 10.0,
        }
    }

    #[test]
    fn headings_set_levels_in_order_of_appearance() {
        let mut h = Hierarchy::default();
        h.read(&block(TextKind::Heading, "Ⅰ北九州市にしごとをつくる"));
        h.read(&block(TextKind::Heading, "①若者の地元就職"));
        h.read(&block(TextKind::Heading, "⇒市と市内大学とが"));
        let c = &h.context;
        assert_eq!(c.goal.as_ref().map(|g| g.number), Some(1));
        assert_eq!(
            c.goal.as_ref().map(|g| g.title.as_str()),
            Some("北九州市にしごとをつくる")
        );
        assert_eq!(c.policy.as_ref().map(|g| g.number), Some(1));
        assert_eq!(c.measure.as_deref(), Some("市と市内大学とが"));
        h.read(&block(TextKind::Heading, "⑦新社会"));
        h.read(&block(TextKind::Heading, "(i)アジアの成長力"));
        let c = &h.context;
        assert_eq!(c.policy.as_ref().map(|g| g.number), Some(7));
        assert_eq!(c.subpolicy.as_ref().map(|g| g.number), Some(1));
        assert_eq!(c.measure, None);
        h.read(&block(TextKind::Heading, "Ⅱ新しいひとの流れ"));
        assert_eq!(h.context.policy, None);
        assert_eq!(h.context.subpolicy, None);
    }

    #[test]
    fn a_measure_continues_on_the_next_plain_line() {
        let mut h = Hierarchy::default();
        h.read(&block(TextKind::Heading, "⇒市と市内大学\nとが連携"));
        assert_eq!(h.context.measure.as_deref(), Some("市と市内大学とが連携"));
    }
}
