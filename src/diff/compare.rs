//! Comparing one document's two editions: pairing programs and KPIs, then their values.

use super::load::{Document, ProgramGroup};
use super::similarity::{dice, squash, Matching};
use super::{Change, ChangeKind};
use crate::model::{Actual, KpiRecord, Quantity, ValueStatus};
use std::collections::HashMap;

/// Two program names at least this similar (bigram Dice) in the same goal/policy are the
/// same program, renamed. `大学等誘致・整備促進事業` → `…（継続）` scores 0.85; unrelated
/// names of one policy score well below 0.5.
const NAME_THRESHOLD: f64 = 0.6;
/// Two indicators of one program at least this similar are the same KPI, reworded.
const INDICATOR_THRESHOLD: f64 = 0.6;
/// Weight of the summary's similarity when several names are equally close (two rows
/// of one policy may carry the same name and differ only in their summary).
const SUMMARY_WEIGHT: f64 = 0.1;
/// Relative tolerance when comparing numbers (values are scaled floats).
const RELATIVE_EPSILON: f64 = 1e-9;

/// The changes from `old` to `new` (two editions of one document), programs in the new
/// edition's order, removed programs last.
pub fn compare(old: &Document, new: &Document) -> Vec<Change> {
    let matching = match_programs(&old.programs, &new.programs);
    let mut changes = Vec::new();
    for (j, program) in new.programs.iter().enumerate() {
        match matching.new_to_old[j] {
            Some(i) => compare_program(&old.programs[i], program, &new.stem, &mut changes),
            None => changes.push(program_change(ChangeKind::ProgramAdded, program, &new.stem)),
        }
    }
    for (i, program) in old.programs.iter().enumerate() {
        if matching.old_to_new[i].is_none() {
            changes.push(program_change(
                ChangeKind::ProgramRemoved,
                program,
                &old.stem,
            ));
        }
    }
    changes
}

/// Pairs programs: first by shared record ids, then by the most similar name within the
/// same goal/policy, then by equal name anywhere (a program moved to another policy).
/// The KPIs of a goal or policy without a program pair only with the same goal/policy's.
fn match_programs(old: &[ProgramGroup], new: &[ProgramGroup]) -> Matching {
    let mut matching = Matching::new(old.len(), new.len());
    let shared = shared_ids(old, new);
    let same_kind = |i: usize, j: usize| old[i].program.is_some() == new[j].program.is_some();
    matching.extend(|i, j| {
        same_kind(i, j)
            .then(|| shared.get(&(i, j)).map(|n| *n as f64))
            .flatten()
    });
    matching.extend(|i, j| {
        if old[i].scope() != new[j].scope() || !same_kind(i, j) {
            return None;
        }
        if old[i].program.is_none() {
            return Some(1.0);
        }
        let name = dice(old[i].name(), new[j].name());
        (name >= NAME_THRESHOLD).then(|| name + SUMMARY_WEIGHT * summary_similarity(i, j, old, new))
    });
    matching.extend(|i, j| {
        (old[i].program.is_some()
            && new[j].program.is_some()
            && squash(old[i].name()) == squash(new[j].name()))
        .then(|| summary_similarity(i, j, old, new))
    });
    matching
}

fn summary_similarity(i: usize, j: usize, old: &[ProgramGroup], new: &[ProgramGroup]) -> f64 {
    dice(old[i].summary(), new[j].summary())
}

/// How many record ids each (old, new) pair of programs has in common.
fn shared_ids(old: &[ProgramGroup], new: &[ProgramGroup]) -> HashMap<(usize, usize), usize> {
    let mut owner: HashMap<&str, usize> = HashMap::new();
    for (j, program) in new.iter().enumerate() {
        for record in &program.records {
            owner.entry(record.id.as_str()).or_insert(j);
        }
    }
    let mut shared = HashMap::new();
    for (i, program) in old.iter().enumerate() {
        for record in &program.records {
            if let Some(j) = owner.get(record.id.as_str()) {
                *shared.entry((i, *j)).or_insert(0) += 1;
            }
        }
    }
    shared
}

fn program_change(kind: ChangeKind, program: &ProgramGroup, document: &str) -> Change {
    let name = serde_json::Value::from(program.name());
    let (old, new) = match kind {
        ChangeKind::ProgramRemoved => (Some(name), None),
        _ => (None, Some(name)),
    };
    Change {
        kind,
        document: document.to_string(),
        program: program.name().to_string(),
        indicator: None,
        year: None,
        old,
        new,
    }
}

fn compare_program(old: &ProgramGroup, new: &ProgramGroup, document: &str, out: &mut Vec<Change>) {
    let context = Context {
        document,
        program: new.name(),
    };
    if squash(old.name()) != squash(new.name()) {
        out.push(Change {
            old: Some(old.name().into()),
            ..context.change(
                ChangeKind::ProgramRenamed,
                None,
                None,
                Some(new.name().into()),
            )
        });
    }
    let old_kpis: Vec<&KpiRecord> = old.kpis().collect();
    let new_kpis: Vec<&KpiRecord> = new.kpis().collect();
    let matching = match_kpis(&old_kpis, &new_kpis);
    for (j, kpi) in new_kpis.iter().enumerate() {
        match matching.new_to_old[j] {
            Some(i) => compare_kpi(old_kpis[i], kpi, &context, out),
            None => out.push(context.kpi_presence(ChangeKind::KpiAdded, kpi)),
        }
    }
    for (i, kpi) in old_kpis.iter().enumerate() {
        if matching.old_to_new[i].is_none() {
            out.push(context.kpi_presence(ChangeKind::KpiRemoved, kpi));
        }
    }
}

/// Pairs KPIs of one program: by id, then by the most similar indicator.
fn match_kpis(old: &[&KpiRecord], new: &[&KpiRecord]) -> Matching {
    let mut matching = Matching::new(old.len(), new.len());
    matching.extend(|i, j| (old[i].id == new[j].id).then_some(1.0));
    matching.extend(|i, j| {
        let similarity = dice(indicator(old[i]), indicator(new[j]));
        (similarity >= INDICATOR_THRESHOLD).then_some(similarity)
    });
    matching
}

fn indicator(record: &KpiRecord) -> &str {
    record.indicator.as_deref().unwrap_or("")
}

/// The document and program that changes are reported under.
struct Context<'a> {
    document: &'a str,
    program: &'a str,
}

impl Context<'_> {
    fn change(
        &self,
        kind: ChangeKind,
        kpi: Option<&KpiRecord>,
        old: Option<serde_json::Value>,
        new: Option<serde_json::Value>,
    ) -> Change {
        Change {
            kind,
            document: self.document.to_string(),
            program: self.program.to_string(),
            indicator: kpi.and_then(|k| k.indicator.clone()),
            year: None,
            old,
            new,
        }
    }

    fn kpi_presence(&self, kind: ChangeKind, kpi: &KpiRecord) -> Change {
        let text = serde_json::Value::from(indicator(kpi).to_string());
        match kind {
            ChangeKind::KpiRemoved => self.change(kind, Some(kpi), Some(text), None),
            _ => self.change(kind, Some(kpi), None, Some(text)),
        }
    }
}

fn compare_kpi(old: &KpiRecord, new: &KpiRecord, context: &Context, out: &mut Vec<Change>) {
    let fields = [
        (ChangeKind::BaselineChanged, &old.baseline, &new.baseline),
        (ChangeKind::TargetChanged, &old.target, &new.target),
    ];
    for (kind, before, after) in fields {
        if !same_optional_quantity(before.as_ref(), after.as_ref()) {
            out.push(context.change(
                kind,
                Some(new),
                to_json(before.as_ref()),
                to_json(after.as_ref()),
            ));
        }
    }
    compare_actuals(old, new, context, out);
}

/// Years are keyed by their western start and end (the printed label may differ:
/// `H29` and `平成29年度`); a label without a year is keyed by its text.
type YearKey = (Option<i32>, Option<i32>, Vec<char>);

fn year_key(actual: &Actual) -> YearKey {
    let period = &actual.period;
    let text = if period.start.is_none() && period.end.is_none() {
        squash(&period.text)
    } else {
        Vec::new()
    };
    (period.start, period.end, text)
}

fn compare_actuals(old: &KpiRecord, new: &KpiRecord, context: &Context, out: &mut Vec<Change>) {
    let mut before: HashMap<YearKey, &Actual> = HashMap::new();
    for actual in &old.actuals {
        before.entry(year_key(actual)).or_insert(actual);
    }
    let mut seen = std::collections::HashSet::new();
    for actual in &new.actuals {
        let key = year_key(actual);
        if !seen.insert(key.clone()) {
            continue;
        }
        let kind = match before.get(&key) {
            None => ChangeKind::ActualAdded,
            Some(previous) if same_quantity(&previous.value, &actual.value) => continue,
            Some(previous) if lacks_figure(&previous.value) => ChangeKind::ActualAdded,
            Some(_) => ChangeKind::ActualChanged,
        };
        let previous = before.get(&key).map(|a| &a.value);
        out.push(actual_change(
            kind,
            new,
            actual,
            to_json(previous),
            to_json(Some(&actual.value)),
            context,
        ));
    }
    for actual in &old.actuals {
        if seen.insert(year_key(actual)) {
            let change = actual_change(
                ChangeKind::ActualChanged,
                new,
                actual,
                to_json(Some(&actual.value)),
                None,
                context,
            );
            out.push(change);
        }
    }
}

fn actual_change(
    kind: ChangeKind,
    kpi: &KpiRecord,
    actual: &Actual,
    old: Option<serde_json::Value>,
    new: Option<serde_json::Value>,
    context: &Context,
) -> Change {
    Change {
        year: actual.period.start.or(actual.period.end),
        ..context.change(kind, Some(kpi), old, new)
    }
}

fn to_json(quantity: Option<&Quantity>) -> Option<serde_json::Value> {
    quantity.and_then(|q| serde_json::to_value(q).ok())
}

/// A value that held no figure yet: `－` (not available), 調査中, or empty.
fn lacks_figure(quantity: &Quantity) -> bool {
    quantity.value.is_none()
        && match quantity.status {
            Some(ValueStatus::NotAvailable | ValueStatus::UnderSurvey) => true,
            Some(ValueStatus::Text) => false,
            None => squash(&quantity.text).is_empty(),
        }
}

fn same_optional_quantity(a: Option<&Quantity>, b: Option<&Quantity>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same_quantity(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// Same meaning: number (within rounding), unit, status, qualifier and period years.
/// The printed text only counts where it is the value: prose, or a number that could
/// not be read.
pub(super) fn same_quantity(a: &Quantity, b: &Quantity) -> bool {
    let same_value = match (a.value, b.value) {
        (Some(x), Some(y)) => (x - y).abs() <= RELATIVE_EPSILON * x.abs().max(y.abs()).max(1.0),
        (None, None) => true,
        _ => false,
    };
    let years = |q: &Quantity| q.period.as_ref().map(|p| (p.start, p.end));
    let text_is_value = a.value.is_none()
        && !matches!(
            a.status,
            Some(ValueStatus::NotAvailable | ValueStatus::UnderSurvey)
        );
    same_value
        && a.unit.as_deref().map(squash) == b.unit.as_deref().map(squash)
        && a.status == b.status
        && a.qualifier == b.qualifier
        && years(a) == years(b)
        && (!text_is_value || squash(&a.text) == squash(&b.text))
}
