//! The document tree (goals > policies > sub-policies > measures > programs > KPIs) and
//! the flat records, with their ids.

use crate::model::{
    GoalNode, Heading, KpiNode, KpiRecord, MeasureNode, PolicyNode, ProgramNode, SubpolicyNode,
};

use super::hierarchy::Context;
use super::ids::{id_key, IdMaker};
use super::{KpiOut, ProgramOut};

/// Builds the tree and the flat records of the programs, in document order.
pub(super) fn assemble(stem: &str, programs: Vec<ProgramOut>) -> (Vec<GoalNode>, Vec<KpiRecord>) {
    let mut goals: Vec<GoalNode> = Vec::new();
    let mut records = Vec::new();
    let mut kpi_ids = IdMaker::default();
    let mut program_ids = IdMaker::default();
    for p in &programs {
        let mut nodes = Vec::new();
        if p.kpis.is_empty() {
            records.push(record(stem, p, None, &mut kpi_ids));
        }
        for k in &p.kpis {
            let r = record(stem, p, Some(k), &mut kpi_ids);
            nodes.push(KpiNode {
                id: r.id.clone(),
                indicator: r.indicator.clone(),
                scope: r.scope.clone(),
                baseline: r.baseline.clone(),
                target: r.target.clone(),
                actuals: r.actuals.clone(),
                notes: r.notes.clone(),
            });
            records.push(r);
        }
        let node = ProgramNode {
            id: program_ids.make("p", &key_of(&p.context, &p.program.name, None)),
            program: p.program.clone(),
            kpis: nodes,
            source: p.source.clone(),
        };
        measure_of(&mut goals, &p.context).programs.push(node);
    }
    (goals, records)
}

/// The measure node for `c`, continuing the last branch when the headings are the same.
fn measure_of<'a>(goals: &'a mut Vec<GoalNode>, c: &Context) -> &'a mut MeasureNode {
    let goal = last_or_push(
        goals,
        |g| g.heading == c.goal,
        || GoalNode {
            heading: c.goal.clone(),
            policies: Vec::new(),
        },
    );
    let policy = last_or_push(
        &mut goal.policies,
        |p| p.heading == c.policy,
        || PolicyNode {
            heading: c.policy.clone(),
            subpolicies: Vec::new(),
        },
    );
    let sub = last_or_push(
        &mut policy.subpolicies,
        |s| s.heading == c.subpolicy,
        || SubpolicyNode {
            heading: c.subpolicy.clone(),
            measures: Vec::new(),
        },
    );
    last_or_push(
        &mut sub.measures,
        |m| m.text == c.measure,
        || MeasureNode {
            text: c.measure.clone(),
            programs: Vec::new(),
        },
    )
}

fn last_or_push<T>(v: &mut Vec<T>, same: impl Fn(&T) -> bool, make: impl FnOnce() -> T) -> &mut T {
    if !v.last().is_some_and(&same) {
        v.push(make());
    }
    let last = v.len() - 1;
    &mut v[last]
}

/// Record id parts of a program and KPI.
fn key_of(context: &Context, name: &str, indicator: Option<&str>) -> String {
    let n = |h: &Option<Heading>| h.as_ref().map(|h| h.number);
    id_key(
        [n(&context.goal), n(&context.policy), n(&context.subpolicy)],
        name,
        indicator,
    )
}

/// Flat record of one KPI (or of a program without KPI when `kpi` is None).
fn record(stem: &str, p: &ProgramOut, kpi: Option<&KpiOut>, ids: &mut IdMaker) -> KpiRecord {
    let indicator = kpi.and_then(|k| k.indicator.clone());
    let key = key_of(&p.context, &p.program.name, indicator.as_deref());
    KpiRecord {
        id: ids.make("k", &key),
        document: stem.to_string(),
        goal: p.context.goal.clone(),
        policy: p.context.policy.clone(),
        subpolicy: p.context.subpolicy.clone(),
        measure: p.context.measure.clone(),
        program: p.program.clone(),
        indicator,
        scope: kpi.and_then(|k| k.scope.clone()),
        baseline: kpi.and_then(|k| k.baseline.clone()),
        target: kpi.and_then(|k| k.target.clone()),
        actuals: kpi.map(|k| k.actuals.clone()).unwrap_or_default(),
        notes: kpi.map(|k| k.notes.clone()).unwrap_or_default(),
        source: p.source.clone(),
    }
}
