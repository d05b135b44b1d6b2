//! Splitting one KPI cell into KPIs: scope line, list items, `indicator: value` forms,
//! `baseline ⇒ target`, several labelled quantities, notes.
//!
//! The cell is read line by line (visual lines, folded). A list mark (`・`, `①`…) starts
//! an item; inside an item a small state machine separates indicator text from value
//! lines (see [`super::values::classify`]); an indicator line after a finished value
//! starts the next KPI.

use super::text::{fold, join_wrapped, leading_mark, strip_bullet, trim_colon, Mark};
use super::values::{classify, is_naming_label, last_label_part, split_values, LineKind};

/// One KPI as read from the cell, values still as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ParsedKpi {
    /// What is measured.
    pub indicator: Option<String>,
    /// The line that qualifies all KPIs of the cell.
    pub scope: Option<String>,
    /// Value before `⇒`.
    pub baseline: Option<String>,
    /// Value after `⇒` (or the only value).
    pub target: Option<String>,
    /// `※` notes and other text that is not a value.
    pub notes: Vec<String>,
}

/// A KPI being read: indicator lines, value lines, notes.
#[derive(Debug, Default)]
struct Draft {
    ind: Vec<String>,
    vals: Vec<String>,
    notes: Vec<String>,
    /// The indicator ended with a colon: what follows is value.
    colon: bool,
    /// A value line carries a number.
    number: bool,
    /// The list mark of the item it starts (None for text before any item).
    mark: Option<Mark>,
    /// Whether this draft starts its item.
    first_in_item: bool,
}

impl Draft {
    fn new(mark: Option<Mark>, first_in_item: bool) -> Draft {
        Draft {
            mark,
            first_in_item,
            ..Draft::default()
        }
    }
    fn is_empty(&self) -> bool {
        self.ind.is_empty() && self.vals.is_empty() && self.notes.is_empty()
    }
    /// Values were read and no arrow waits for its target.
    fn complete(&self) -> bool {
        self.vals
            .last()
            .is_some_and(|v| !v.trim_end().ends_with('⇒'))
    }
    fn push_value(&mut self, line: &str, kind: LineKind) {
        self.vals.push(line.to_string());
        self.number |= kind.has_number();
    }
    /// All its text, for when it becomes a note of another KPI.
    fn as_note(&self) -> String {
        let text = join_wrapped(&[join_wrapped(&self.ind), join_wrapped(&self.vals)]);
        if self.mark == Some(Mark::Bullet) && self.first_in_item && !text.is_empty() {
            format!("・{text}")
        } else {
            text
        }
    }
}

/// Reads the KPIs of a KPI cell from its folded lines.
pub(crate) fn parse_kpi_cell(lines: &[String]) -> Vec<ParsedKpi> {
    if let Some(kpi) = labelled_kpi(lines) {
        return vec![kpi];
    }
    let drafts = read_drafts(lines);
    assemble(drafts)
}

/// Which value a label line gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueLabel {
    Baseline,
    Target,
}

/// A line `基準値：4人（R1）` / `目標値：20人（R2～R6）`: the label says which value it is.
fn value_label(line: &str) -> Option<(ValueLabel, &str)> {
    let c = VALUE_LABEL.captures(line.trim())?;
    let label = c.get(1)?.as_str();
    let value = c.get(2)?.as_str().trim();
    if !classify(&fold(value)).is_value() {
        return None;
    }
    let which = if label.starts_with('目') {
        ValueLabel::Target
    } else {
        ValueLabel::Baseline
    };
    Some((which, value))
}

/// A baseline or target label at the start of a line, an optional bracketed year or
/// bracket around the label, then a colon (full- or half-width) and the value.
static VALUE_LABEL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^[【\[〔<＜]?(基準値|現状値|策定時|基準|現状|目標値|目標)[】\]〕>＞]?\s*(?:[（(][^）)]*[）)])?\s*[:：](.+)$",
    )
    .expect("static regex")
});

/// A cell of one KPI whose values are on labelled lines: the other lines (before the
/// first label) are the indicator, `※` lines are notes. None when no line is labelled,
/// when a label repeats (several KPIs) or when no indicator text precedes the labels.
fn labelled_kpi(lines: &[String]) -> Option<ParsedKpi> {
    let mut kpi = ParsedKpi::default();
    let mut indicator: Vec<&str> = Vec::new();
    for line in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        if leading_mark(line) == Some(Mark::Note) {
            kpi.notes.push(line.to_string());
            continue;
        }
        let Some((which, value)) = value_label(line) else {
            if kpi.baseline.is_some() || kpi.target.is_some() {
                kpi.notes.push(line.to_string());
            } else {
                indicator.push(strip_bullet(line));
            }
            continue;
        };
        let slot = match which {
            ValueLabel::Baseline => &mut kpi.baseline,
            ValueLabel::Target => &mut kpi.target,
        };
        if slot.is_some() {
            return None;
        }
        *slot = Some(value.to_string());
    }
    if kpi.baseline.is_none() && kpi.target.is_none() {
        return None;
    }
    kpi.indicator = non_empty(trim_colon(&join_wrapped(&indicator)).to_string());
    kpi.indicator.as_ref()?;
    Some(kpi)
}

/// Compiles this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    std::sync::LazyLock::force(&VALUE_LABEL);
}

/// Runs the line state machine over the cell.
fn read_drafts(lines: &[String]) -> Vec<Draft> {
    let mut drafts = Vec::new();
    let mut cur = Draft::new(None, true);
    let mut in_note = false;
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match leading_mark(line) {
            Some(Mark::Note) => {
                cur.notes.push(line.to_string());
                in_note = true;
                continue;
            }
            Some(mark) => {
                finish(
                    &mut drafts,
                    std::mem::replace(&mut cur, Draft::new(Some(mark), true)),
                );
                in_note = false;
                cur.ind.push(strip_bullet(line).to_string());
                split_colon_in_place(&mut cur);
                continue;
            }
            None => {}
        }
        let kind = classify(line);
        if in_note && !kind.is_value() {
            if let Some(last) = cur.notes.last_mut() {
                *last = join_wrapped(&[last.as_str(), line]);
            }
            continue;
        }
        in_note = false;
        read_line(&mut drafts, &mut cur, line, kind);
    }
    finish(&mut drafts, cur);
    drafts
}

/// Adds one non-mark line to the current draft, or starts the next one.
fn read_line(drafts: &mut Vec<Draft>, cur: &mut Draft, line: &str, kind: LineKind) {
    if !cur.colon && cur.vals.is_empty() {
        if let Some((before, after)) = colon_split(line) {
            cur.ind.push(before.to_string());
            cur.colon = true;
            if !after.is_empty() {
                cur.push_value(after, classify(after));
            }
            return;
        }
    }
    if kind.is_value() || (cur.colon && cur.vals.is_empty()) {
        cur.push_value(line, kind);
    } else if cur.complete() {
        let mark = cur.mark;
        let next = Draft::new(mark, false);
        finish(drafts, std::mem::replace(cur, next));
        cur.ind.push(line.to_string());
    } else if !cur.vals.is_empty() {
        cur.vals.push(line.to_string());
    } else {
        cur.ind.push(line.to_string());
    }
}

/// After a mark line was pushed as indicator, splits `indicator: value` on it.
fn split_colon_in_place(cur: &mut Draft) {
    let Some(line) = cur.ind.pop() else { return };
    match colon_split(&line) {
        Some((before, after)) => {
            cur.ind.push(before.to_string());
            cur.colon = true;
            if !after.is_empty() {
                cur.push_value(after, classify(after));
            }
        }
        None => {
            let kind = classify(&line);
            // A list item that is only a value (`・40人`) has no indicator of its own.
            if kind == LineKind::Number || kind == LineKind::Dash {
                cur.push_value(&line, kind);
            } else {
                cur.ind.push(line);
            }
        }
    }
}

fn finish(drafts: &mut Vec<Draft>, draft: Draft) {
    if !draft.is_empty() {
        drafts.push(draft);
    }
}

/// Splits `indicator:value` at the first colon followed by a value or by nothing.
fn colon_split(line: &str) -> Option<(&str, &str)> {
    for (i, c) in line.char_indices() {
        if c == ':' || c == '：' {
            let after = line[i + c.len_utf8()..].trim();
            if after.is_empty() || classify(after).is_value() {
                return Some((line[..i].trim(), after));
            }
        }
    }
    None
}

/// Turns drafts into KPIs: drafts without a number before the first KPI are the scope
/// (or, before circled items, the common start of their indicators); drafts without a
/// number after a KPI are its notes.
fn assemble(drafts: Vec<Draft>) -> Vec<ParsedKpi> {
    let Some(first_numbered) = drafts.iter().position(|d| d.number) else {
        return assemble_without_numbers(drafts);
    };
    let lead: Vec<String> = drafts[..first_numbered]
        .iter()
        .map(|d| trim_colon(&d.as_note()).to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let lead_notes: Vec<String> = drafts[..first_numbered]
        .iter()
        .flat_map(|d| d.notes.iter().cloned())
        .collect();
    let circled = drafts[first_numbered].mark == Some(Mark::Circled)
        && drafts[..first_numbered].iter().all(|d| d.mark.is_none());
    let lead_text = join_wrapped(&lead);
    let (scope, prefix) = match (lead_text.is_empty(), circled) {
        (true, _) => (None, String::new()),
        (false, true) => (None, lead_text),
        (false, false) => (Some(lead_text), String::new()),
    };
    let mut out: Vec<ParsedKpi> = Vec::new();
    for d in drafts.into_iter().skip(first_numbered) {
        if d.number {
            let apply_prefix = d.mark == Some(Mark::Circled) && d.first_in_item;
            let p = if apply_prefix { prefix.as_str() } else { "" };
            out.extend(kpis_of(d, p, scope.clone()));
        } else if let Some(last) = out.last_mut() {
            last.notes.push(d.as_note());
            last.notes.extend(d.notes);
        }
    }
    if let Some(first) = out.first_mut() {
        let mut notes = lead_notes;
        notes.append(&mut first.notes);
        first.notes = notes;
    }
    out
}

/// A cell with no number at all: one KPI, the rest are its notes.
fn assemble_without_numbers(drafts: Vec<Draft>) -> Vec<ParsedKpi> {
    let mut iter = drafts.into_iter();
    let Some(first) = iter.next() else {
        return Vec::new();
    };
    let mut kpis = kpis_of(first, "", None);
    if let Some(kpi) = kpis.last_mut() {
        for d in iter {
            let note = d.as_note();
            if !note.is_empty() {
                kpi.notes.push(note);
            }
            kpi.notes.extend(d.notes);
        }
    }
    kpis
}

/// The KPIs of one draft: usually one; one per label when the values are labelled.
fn kpis_of(d: Draft, prefix: &str, scope: Option<String>) -> Vec<ParsedKpi> {
    let ind = join_wrapped(&[prefix, trim_colon(&join_wrapped(&d.ind))]);
    let vals = join_wrapped(&d.vals);
    let (baseline, target) = split_arrow(&vals);
    let base = ParsedKpi {
        indicator: non_empty(ind.clone()).or_else(|| scope.clone()),
        scope,
        baseline: baseline.clone(),
        target: target.clone(),
        notes: d.notes,
    };
    let target_values = target.as_deref().map(split_values).unwrap_or_default();
    let labelled = target_values.len() >= 2
        && target_values
            .iter()
            .all(|v| is_naming_label(last_label_part(&v.label)));
    if labelled {
        let base_values = baseline.as_deref().map(split_values).unwrap_or_default();
        return target_values
            .iter()
            .enumerate()
            .map(|(i, tv)| {
                let label = last_label_part(&tv.label);
                let bv = base_values
                    .iter()
                    .find(|b| last_label_part(&b.label) == label)
                    .or_else(|| base_values.get(i));
                ParsedKpi {
                    indicator: Some(format!("{ind}({label})")),
                    baseline: bv.map(|b| b.value.clone()),
                    target: Some(tv.value.clone()),
                    ..base.clone()
                }
            })
            .collect();
    }
    if baseline.is_none() && !d.colon && target_values.len() == 1 {
        let label = last_label_part(&target_values[0].label).to_string();
        if is_naming_label(&label) && !label.contains(':') {
            // `トップ会談5回`: the label names the value; earlier text is a note.
            let mut kpi = base;
            if !ind.is_empty() {
                kpi.notes.insert(0, ind);
            }
            kpi.indicator = Some(label);
            let tail = vals.trim_start();
            kpi.target = Some(tail[tail.find(&target_values[0].value).unwrap_or(0)..].to_string());
            return vec![kpi];
        }
    }
    vec![base]
}

/// Splits values at the arrow: text before the first `⇒` and after the last.
fn split_arrow(vals: &str) -> (Option<String>, Option<String>) {
    match (vals.find('⇒'), vals.rfind('⇒')) {
        (Some(first), Some(last)) => (
            non_empty(vals[..first].trim().to_string()),
            non_empty(vals[last + '⇒'.len_utf8()..].trim().to_string()),
        ),
        _ => (None, non_empty(vals.trim().to_string())),
    }
}

fn non_empty(s: String) -> Option<String> {
    if s.trim().is_empty() {
        None
    } else {
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn labelled_baseline_and_target_lines() {
        let kpis = parse_kpi_cell(&lines(&[
            "研修修了者数",
            "基準値：4人（R1）",
            "目標値:20人（R2～R6）",
        ]));
        assert_eq!(kpis.len(), 1);
        assert_eq!(kpis[0].indicator.as_deref(), Some("研修修了者数"));
        assert_eq!(kpis[0].baseline.as_deref(), Some("4人（R1）"));
        assert_eq!(kpis[0].target.as_deref(), Some("20人（R2～R6）"));
    }

    #[test]
    fn a_label_alone_or_repeated_is_left_to_the_line_reader() {
        // No indicator before the label.
        assert!(labelled_kpi(&lines(&["目標値：20人"])).is_none());
        // Two targets: two KPIs, not one.
        assert!(labelled_kpi(&lines(&["A数", "目標：1件", "B数", "目標：2件"])).is_none());
        // A label followed by words is not a value.
        assert!(labelled_kpi(&lines(&["相談件数", "目標：増加させる"])).is_none());
    }
}
