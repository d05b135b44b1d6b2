//! The document tree (goals > policies > sub-policies > measures > programs > KPIs) and
//! the flat records, with their ids.
//!
//! KPIs without a program sit at the node they belong to: a goal's 数値目標 in
//! [`GoalNode::kpis`], a policy's KPI in the [`MeasureNode::kpis`] of its context (the
//! measure node with a null text when the policy prints no ⇒ measure).

use crate::model::{
    GoalNode, Heading, KpiNode, KpiRecord, Level, MeasureNode, PolicyNode, ProgramNode,
    SubpolicyNode,
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
        if p.kpis.is_empty() && p.program.is_some() {
            records.push(record(stem, p, None, &mut kpi_ids));
        }
        for k in &p.kpis {
            let r = record(stem, p, Some(k), &mut kpi_ids);
            nodes.push(node_of(&r));
            records.push(r);
        }
        match (&p.program, p.level) {
            (Some(program), _) => {
                let node = ProgramNode {
                    id: program_ids.make("p", &key_of(&p.context, &program.name, None)),
                    program: program.clone(),
                    kpis: nodes,
                    source: p.source.clone(),
                };
                measure_of(&mut goals, &p.context).programs.push(node);
            }
            (None, Level::Goal) => goal_of(&mut goals, &p.context).kpis.extend(nodes),
            (None, _) => measure_of(&mut goals, &p.context).kpis.extend(nodes),
        }
    }
    (goals, records)
}

/// The tree node of a flat record.
fn node_of(r: &KpiRecord) -> KpiNode {
    KpiNode {
        id: r.id.clone(),
        indicator: r.indicator.clone(),
        scope: r.scope.clone(),
        baseline: r.baseline.clone(),
        target: r.target.clone(),
        actuals: r.actuals.clone(),
        evaluation: r.evaluation.clone(),
        notes: r.notes.clone(),
        source: r.source.clone(),
    }
}

/// The goal node for `c`, continuing the last one when the heading is the same.
fn goal_of<'a>(goals: &'a mut Vec<GoalNode>, c: &Context) -> &'a mut GoalNode {
    last_or_push(
        goals,
        |g| g.heading == c.goal,
        || GoalNode {
            heading: c.goal.clone(),
            kpis: Vec::new(),
            policies: Vec::new(),
        },
    )
}

/// The measure node for `c`, continuing the last branch when the headings are the same.
fn measure_of<'a>(goals: &'a mut Vec<GoalNode>, c: &Context) -> &'a mut MeasureNode {
    let goal = goal_of(goals, c);
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
            kpis: Vec::new(),
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

/// Record id parts of a program and KPI. A KPI without a program is keyed by its goal and
/// policy numbers and its indicator alone, which stay the same in the next edition.
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
    let name = p.program.as_ref().map_or("", |pr| pr.name.as_str());
    let key = key_of(&p.context, name, indicator.as_deref());
    let source = kpi
        .and_then(|k| k.source.clone())
        .unwrap_or_else(|| p.source.clone());
    KpiRecord {
        id: ids.make("k", &key),
        document: stem.to_string(),
        goal: p.context.goal.clone(),
        policy: p.context.policy.clone(),
        subpolicy: p.context.subpolicy.clone(),
        measure: p.context.measure.clone(),
        level: p.level,
        program: p.program.clone(),
        indicator,
        scope: kpi.and_then(|k| k.scope.clone()),
        baseline: kpi.and_then(|k| k.baseline.clone()),
        target: kpi.and_then(|k| k.target.clone()),
        actuals: kpi.map(|k| k.actuals.clone()).unwrap_or_default(),
        evaluation: kpi.and_then(|k| k.evaluation.clone()),
        notes: kpi.map(|k| k.notes.clone()).unwrap_or_default(),
        source,
    }
}
