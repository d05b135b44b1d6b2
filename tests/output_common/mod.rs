//! Shared helpers of the output tests: a hand-built Extraction and external tools.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use kpi_extract::model::*;

fn period(text: &str, era_year: u32, fiscal: bool) -> Period {
    let start = 1988 + era_year as i32;
    Period {
        text: text.into(),
        era: Some(Era::Heisei),
        era_year: Some(era_year),
        fiscal,
        start: Some(start),
        end: Some(start),
        date: None,
    }
}

fn quantity(text: &str, value: Option<f64>, unit: &str, status: Option<ValueStatus>) -> Quantity {
    Quantity {
        text: text.into(),
        value,
        unit: (!unit.is_empty()).then(|| unit.to_string()),
        qualifier: None,
        status,
        period: None,
    }
}

fn heading(label: &str, number: u32, title: &str) -> Heading {
    Heading {
        label: label.into(),
        number,
        title: title.into(),
    }
}

fn source(page: u32) -> Source {
    Source {
        page,
        pages: vec![page, page + 1],
        bbox: [56.5, 100.25, 540.0, 230.125],
        warnings: Vec::new(),
    }
}

/// A KPI with a baseline, a target, two actuals (one under survey) and awkward notes.
fn kpi_a() -> KpiNode {
    let mut baseline = quantity("577人(H26年度)", Some(577.0), "人", None);
    baseline.period = Some(period("H26年度", 26, true));
    let mut target = quantity("15.3万人", Some(153000.0), "人", None);
    target.qualifier = Some(Qualifier::AtLeast);
    let mut date_period = period("H28.4.18", 28, false);
    date_period.date = Some("2016-04-18".into());
    target.period = Some(date_period);
    KpiNode {
        id: "kpi-a".into(),
        indicator: Some("両市企業等へのインターンシップ人数".into()),
        scope: Some("本市及び下関市の13大学等における取組".into()),
        baseline: Some(baseline),
        target: Some(target),
        actuals: vec![
            Actual {
                period: period("H27", 27, true),
                value: quantity("△198人", Some(-198.0), "人", None),
            },
            Actual {
                period: period("H28", 28, true),
                value: quantity("調査中", None, "", Some(ValueStatus::UnderSurvey)),
            },
        ],
        evaluation: Some(Evaluation {
            text: "達成率54.4% B".into(),
            grade: Some("B".into()),
            rate: Some(54.4),
        }),
        notes: vec!["※ \"引用\", カンマ".into(), "二行目\n改行あり ①Ⅰ".into()],
        source: source(2),
    }
}

/// A KPI with values in yen and a fractional percentage.
fn kpi_b() -> KpiNode {
    KpiNode {
        id: "kpi-b".into(),
        indicator: Some("市内総生産 (GDP)".into()),
        scope: None,
        baseline: Some(quantity("6,451,100千円", Some(6_451_100_000.0), "円", None)),
        target: Some(quantity("12.5%", Some(12.5), "%", None)),
        actuals: vec![Actual {
            period: period("H29", 29, true),
            value: quantity("－", None, "", Some(ValueStatus::NotAvailable)),
        }],
        evaluation: None,
        notes: vec![],
        source: source(2),
    }
}

/// A goal's own 数値目標 (no program), its target approximate.
fn kpi_goal() -> KpiNode {
    let mut target = quantity("約6.0‰", Some(6.0), "‰", None);
    target.qualifier = Some(Qualifier::Approximately);
    KpiNode {
        id: "kpi-goal".into(),
        indicator: Some("婚姻率".into()),
        scope: None,
        baseline: Some(quantity("5.5‰", Some(5.5), "‰", None)),
        target: Some(target),
        actuals: vec![],
        evaluation: Some(Evaluation {
            text: "◎".into(),
            grade: Some("◎".into()),
            rate: None,
        }),
        notes: vec![],
        source: source(1),
    }
}

fn record(
    stem: &str,
    program: &ProgramNode,
    kpi: Option<&KpiNode>,
    goal: &Heading,
    policy: &Heading,
    subpolicy: &Heading,
) -> KpiRecord {
    KpiRecord {
        id: kpi.map_or(program.id.clone(), |k| k.id.clone()),
        document: stem.into(),
        goal: Some(goal.clone()),
        policy: Some(policy.clone()),
        subpolicy: Some(subpolicy.clone()),
        measure: Some("若者の地元就職の促進".into()),
        level: Level::Program,
        program: Some(program.program.clone()),
        indicator: kpi.and_then(|k| k.indicator.clone()),
        scope: kpi.and_then(|k| k.scope.clone()),
        baseline: kpi.and_then(|k| k.baseline.clone()),
        target: kpi.and_then(|k| k.target.clone()),
        actuals: kpi.map(|k| k.actuals.clone()).unwrap_or_default(),
        evaluation: kpi.and_then(|k| k.evaluation.clone()),
        notes: kpi.map(|k| k.notes.clone()).unwrap_or_default(),
        source: program.source.clone(),
    }
}

/// The flat record of a goal's own KPI.
fn goal_record(stem: &str, kpi: &KpiNode, goal: &Heading) -> KpiRecord {
    KpiRecord {
        id: kpi.id.clone(),
        document: stem.into(),
        goal: Some(goal.clone()),
        policy: None,
        subpolicy: None,
        measure: None,
        level: Level::Goal,
        program: None,
        indicator: kpi.indicator.clone(),
        scope: kpi.scope.clone(),
        baseline: kpi.baseline.clone(),
        target: kpi.target.clone(),
        actuals: kpi.actuals.clone(),
        evaluation: kpi.evaluation.clone(),
        notes: kpi.notes.clone(),
        source: kpi.source.clone(),
    }
}

/// A complete, valid Extraction: one goal/policy/sub-policy/measure, a program with two
/// KPIs and one without, a footnote and a failed page.
pub fn sample_extraction(stem: &str) -> Extraction {
    let goal = heading("Ⅰ", 1, "北九州市にしごとをつくり、安心して働けるようにする");
    let policy = heading("①", 1, "若者の地元定着");
    let subpolicy = heading("(i)", 1, "大学と連携した人材育成");
    let with_kpis = ProgramNode {
        id: "prog-1".into(),
        program: Program {
            name: "地域インターンシップ事業".into(),
            department: Some("産業経済局".into()),
            status: None,
            summary: "学生と企業をつなぐ、\"実践型\"インターンシップ".into(),
        },
        kpis: vec![kpi_a(), kpi_b()],
        source: source(2),
    };
    let without = ProgramNode {
        id: "prog-2".into(),
        program: Program {
            name: "まなびとESD事業".into(),
            department: None,
            status: Some("事業終了".into()),
            summary: String::new(),
        },
        kpis: vec![],
        source: source(4),
    };
    let goal_kpi = kpi_goal();
    let kpis = vec![
        record(
            stem,
            &with_kpis,
            Some(&with_kpis.kpis[0]),
            &goal,
            &policy,
            &subpolicy,
        ),
        record(
            stem,
            &with_kpis,
            Some(&with_kpis.kpis[1]),
            &goal,
            &policy,
            &subpolicy,
        ),
        record(stem, &without, None, &goal, &policy, &subpolicy),
        goal_record(stem, &goal_kpi, &goal),
    ];
    Extraction {
        document: stem.into(),
        title: Some("まち・ひと・しごと創生総合戦略 KPI".into()),
        pages: 5,
        goals: vec![GoalNode {
            heading: Some(goal.clone()),
            kpis: vec![goal_kpi],
            policies: vec![PolicyNode {
                heading: Some(policy.clone()),
                subpolicies: vec![SubpolicyNode {
                    heading: Some(subpolicy.clone()),
                    measures: vec![MeasureNode {
                        text: Some("若者の地元就職の促進".into()),
                        kpis: vec![],
                        programs: vec![with_kpis, without],
                    }],
                }],
            }],
        }],
        footnotes: vec![Footnote {
            text: "※ ESD:持続可能な開発のための教育".into(),
            page: 4,
        }],
        page_errors: vec![PageError {
            page: 3,
            error: "content stream damaged".into(),
        }],
        diagnostics: Default::default(),
        warnings: Vec::new(),
        legends: vec![Legend {
            page: 5,
            text: "A:目標を達成 B:概ね順調".into(),
            entries: vec![
                LegendEntry {
                    grade: "A".into(),
                    meaning: "目標を達成".into(),
                },
                LegendEntry {
                    grade: "B".into(),
                    meaning: "概ね順調".into(),
                },
            ],
        }],
        kpis,
    }
}

/// Whether CI demands every independent check (CI set to anything but empty/false/0).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// Whether `python3` can import `module`; prints a skip message (or fails under CI) if not.
pub fn python_has(module: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            !in_ci(),
            "python3 module {module} is required under CI (pip install {module})"
        );
        eprintln!("SKIPPED: python3 with module {module} not available (pip install {module})");
    }
    ok
}

/// Runs `python3 -c script args…`; returns (success, stdout + stderr).
pub fn python(script: &str, args: &[&Path]) -> (bool, String) {
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output();
    match output {
        Ok(o) => (
            o.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
        ),
        Err(e) => (false, e.to_string()),
    }
}

/// Every file under `dir` with its bytes, sorted by relative path.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    collect(dir, dir, &mut out);
    out.sort();
    out
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out);
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            out.push((rel, std::fs::read(&path).unwrap_or_default()));
        }
    }
}

/// `frictionless validate PATH` (through `python3 -m`): (valid, report).
pub fn frictionless_validate(path: &Path) -> (bool, String) {
    let output = Command::new("python3")
        .args(["-m", "frictionless", "validate"])
        .arg(path)
        .output();
    match output {
        Ok(o) => (
            o.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
        ),
        Err(e) => (false, e.to_string()),
    }
}
