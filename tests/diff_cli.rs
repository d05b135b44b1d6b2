//! `kpi-extract diff` on hand-written kpis.jsonl pairs: every change kind, self-diff,
//! `--fail-on`, errors and the readable summary.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn quantity(text: &str, value: Option<f64>, unit: Option<&str>) -> Value {
    json!({"text": text, "value": value, "unit": unit, "qualifier": null,
           "status": if value.is_some() { Value::Null } else { json!("not_available") },
           "period": null})
}

fn year(y: i32) -> Value {
    json!({"text": format!("H{}", y - 1988), "era": "heisei", "era_year": y - 1988,
           "fiscal": false, "start": y, "end": y, "date": null})
}

fn actual(y: i32, text: &str, value: Option<f64>) -> Value {
    json!({"period": year(y), "value": quantity(text, value, Some("人"))})
}

fn heading(label: &str, number: u32) -> Value {
    json!({"label": label, "number": number, "title": format!("heading {number}")})
}

/// One record; `kpi` is (id, indicator, baseline, target, actuals).
struct Kpi<'a> {
    id: &'a str,
    indicator: Option<&'a str>,
    baseline: Value,
    target: Value,
    actuals: Vec<Value>,
}

fn record(goal: u32, policy: u32, program: &str, summary: &str, kpi: Kpi) -> Value {
    json!({
        "id": kpi.id, "document": "city-report",
        "goal": heading("Ⅰ", goal), "policy": heading("①", policy), "subpolicy": null,
        "measure": null,
        "program": {"name": program, "department": null, "status": null, "summary": summary},
        "indicator": kpi.indicator, "scope": null,
        "baseline": kpi.baseline, "target": kpi.target, "actuals": kpi.actuals,
        "notes": [], "source": {"page": 1, "pages": [1], "bbox": [0.0, 0.0, 1.0, 1.0]}
    })
}

fn write_jsonl(dir: &Path, stem: &str, records: &[Value]) -> PathBuf {
    let folder = dir.join(stem);
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("kpis.jsonl");
    let lines: Vec<String> = records.iter().map(Value::to_string).collect();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

fn kitakyushu_like_old() -> Vec<Value> {
    vec![
        record(
            1,
            1,
            "地元就職率の向上",
            "インターンシップの拡充",
            Kpi {
                id: "k-intern",
                indicator: Some("インターンシップ人数"),
                baseline: quantity("577人", Some(577.0), Some("人")),
                target: quantity("800人", Some(800.0), Some("人")),
                actuals: vec![
                    actual(2015, "743人", Some(743.0)),
                    actual(2016, "670人", Some(670.0)),
                ],
            },
        ),
        record(
            1,
            1,
            "地元就職率の向上",
            "インターンシップの拡充",
            Kpi {
                id: "k-consult",
                indicator: Some("相談件数"),
                baseline: Value::Null,
                target: quantity("100件", Some(100.0), Some("件")),
                actuals: vec![],
            },
        ),
        record(
            1,
            1,
            "廃止される事業",
            "終わる",
            Kpi {
                id: "k-ended",
                indicator: Some("参加者数"),
                baseline: Value::Null,
                target: Value::Null,
                actuals: vec![],
            },
        ),
        record(
            2,
            3,
            "大学等誘致・整備促進事業",
            "大学等の誘致",
            Kpi {
                id: "k-univ",
                indicator: Some("事業継続による大学等への支援"),
                baseline: Value::Null,
                target: quantity("5件", Some(5.0), Some("件")),
                actuals: vec![actual(2015, "－", None)],
            },
        ),
    ]
}

fn kitakyushu_like_new() -> Vec<Value> {
    vec![
        record(
            1,
            1,
            "地元就職率の向上",
            "インターンシップの拡充",
            Kpi {
                id: "k-intern",
                indicator: Some("インターンシップ人数"),
                // Same values printed differently: not a change.
                baseline: quantity("577 人", Some(577.0), Some("人")),
                target: quantity("900人", Some(900.0), Some("人")),
                actuals: vec![
                    actual(2015, "743 人", Some(743.0)),
                    actual(2016, "680人", Some(680.0)),
                    actual(2017, "718人", Some(718.0)),
                ],
            },
        ),
        record(
            1,
            1,
            "地元就職率の向上",
            "インターンシップの拡充",
            Kpi {
                id: "k-new",
                indicator: Some("企業説明会の開催回数"),
                baseline: Value::Null,
                target: quantity("10回", Some(10.0), Some("回")),
                actuals: vec![],
            },
        ),
        // Renamed: new ids (they derive from the name), same goal/policy.
        record(
            2,
            3,
            "大学等誘致・整備促進事業（継続）",
            "大学等の誘致",
            Kpi {
                id: "k-univ-2",
                indicator: Some("事業継続による大学等への支援"),
                baseline: quantity("0件", Some(0.0), Some("件")),
                target: quantity("5件", Some(5.0), Some("件")),
                // A figure where there was none: added, not revised.
                actuals: vec![actual(2015, "2件", Some(2.0))],
            },
        ),
        record(
            3,
            1,
            "新しい事業",
            "始まる",
            Kpi {
                id: "k-fresh",
                indicator: None,
                baseline: Value::Null,
                target: Value::Null,
                actuals: vec![],
            },
        ),
    ]
}

fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kpi-extract"));
    command.arg("diff").env_remove("NO_COLOR");
    for arg in args {
        command.arg(arg);
    }
    command.output().expect("the binary runs")
}

fn changes_of(output: &Output) -> Vec<Value> {
    let parsed: Value = serde_json::from_slice(&output.stdout).expect("--json prints JSON");
    parsed["changes"]
        .as_array()
        .expect("a changes array")
        .clone()
}

/// (kind, program, indicator, year) of each change.
fn summary(changes: &[Value]) -> Vec<(String, String, Option<String>, Option<i64>)> {
    changes
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().to_string(),
                c["program"].as_str().unwrap().to_string(),
                c["indicator"].as_str().map(str::to_string),
                c["year"].as_i64(),
            )
        })
        .collect()
}

fn two_editions() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let old = write_jsonl(
        &dir.path().join("old"),
        "city-report",
        &kitakyushu_like_old(),
    );
    let new = write_jsonl(
        &dir.path().join("new"),
        "city-report",
        &kitakyushu_like_new(),
    );
    (dir, old, new)
}

#[test]
fn every_kind_is_reported_in_order() {
    let (_dir, old, new) = two_editions();
    let output = run(&[&old, &new, &"--json"]);
    assert_eq!(output.status.code(), Some(1), "changes exit 1");
    let s = |x: &str| x.to_string();
    let renamed = s("大学等誘致・整備促進事業（継続）");
    let expected = vec![
        (
            s("target_changed"),
            s("地元就職率の向上"),
            Some(s("インターンシップ人数")),
            None,
        ),
        (
            s("actual_changed"),
            s("地元就職率の向上"),
            Some(s("インターンシップ人数")),
            Some(2016),
        ),
        (
            s("actual_added"),
            s("地元就職率の向上"),
            Some(s("インターンシップ人数")),
            Some(2017),
        ),
        (
            s("kpi_added"),
            s("地元就職率の向上"),
            Some(s("企業説明会の開催回数")),
            None,
        ),
        (
            s("kpi_removed"),
            s("地元就職率の向上"),
            Some(s("相談件数")),
            None,
        ),
        (s("program_renamed"), renamed.clone(), None, None),
        (
            s("baseline_changed"),
            renamed.clone(),
            Some(s("事業継続による大学等への支援")),
            None,
        ),
        (
            s("actual_added"),
            renamed,
            Some(s("事業継続による大学等への支援")),
            Some(2015),
        ),
        (s("program_added"), s("新しい事業"), None, None),
        (s("program_removed"), s("廃止される事業"), None, None),
    ];
    assert_eq!(summary(&changes_of(&output)), expected);
}

#[test]
fn json_changes_carry_old_and_new_values() {
    let (_dir, old, new) = two_editions();
    let changes = changes_of(&run(&[&old, &new, &"--json"]));
    let target = &changes[0];
    assert_eq!(target["document"], "city-report");
    assert_eq!(target["old"]["value"], 800.0);
    assert_eq!(target["new"]["value"], 900.0);
    let rename = changes
        .iter()
        .find(|c| c["kind"] == "program_renamed")
        .unwrap();
    assert_eq!(rename["old"], "大学等誘致・整備促進事業");
    assert_eq!(rename["new"], "大学等誘致・整備促進事業（継続）");
    let added = changes.iter().find(|c| c["year"] == 2017).unwrap();
    assert_eq!(added["old"], Value::Null);
    assert_eq!(added["new"]["text"], "718人");
}

#[test]
fn the_same_output_twice_is_no_change() {
    let (_dir, old, _new) = two_editions();
    let output = run(&[&old, &old, &"--json"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(changes_of(&output).is_empty());
    let plain = run(&[&old, &old]);
    assert_eq!(plain.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&plain.stdout).trim(), "no changes");
}

#[test]
fn sides_can_be_data_directories_stem_directories_or_files() {
    let (dir, old, new) = two_editions();
    let by_file = changes_of(&run(&[&old, &new, &"--json"]));
    let by_stem_dir = changes_of(&run(&[
        &old.parent().unwrap(),
        &new.parent().unwrap(),
        &"--json",
    ]));
    let by_data_dir = changes_of(&run(&[
        &dir.path().join("old"),
        &dir.path().join("new"),
        &"--json",
    ]));
    assert_eq!(by_file, by_stem_dir);
    assert_eq!(by_file, by_data_dir);
}

#[test]
fn documents_only_on_one_side_are_whole_additions() {
    let dir = tempfile::tempdir().unwrap();
    write_jsonl(
        &dir.path().join("old"),
        "city-report",
        &kitakyushu_like_old(),
    );
    write_jsonl(
        &dir.path().join("new"),
        "city-report",
        &kitakyushu_like_old(),
    );
    let mut other = kitakyushu_like_new()[3..].to_vec();
    other[0]["document"] = json!("other-city");
    write_jsonl(&dir.path().join("new"), "other-city", &other);
    let changes = changes_of(&run(&[
        &dir.path().join("old"),
        &dir.path().join("new"),
        &"--json",
    ]));
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0]["kind"], "program_added");
    assert_eq!(changes[0]["document"], "other-city");
}

#[test]
fn fail_on_limits_the_failing_kinds() {
    let (_dir, old, new) = two_editions();
    let revised = run(&[&old, &new, &"--fail-on", &"actual_changed"]);
    assert_eq!(revised.status.code(), Some(1));
    let named = run(&[&old, &new, &"--json", &"--fail-on=program_added"]);
    assert_eq!(named.status.code(), Some(1));
    // Between an edition and the same edition plus one year, only actual_added exists.
    let dir = tempfile::tempdir().unwrap();
    let mut grown = kitakyushu_like_old();
    grown[0]["actuals"]
        .as_array_mut()
        .unwrap()
        .push(actual(2017, "718人", Some(718.0)));
    let grown = write_jsonl(dir.path(), "grown", &grown);
    let accepted = run(&[&old, &grown, &"--fail-on", &"actual_changed,target_changed"]);
    assert_eq!(
        accepted.status.code(),
        Some(0),
        "actual_added alone is accepted"
    );
    assert!(String::from_utf8_lossy(&accepted.stdout).contains("1 changes: 1 actual_added"));
}

#[test]
fn unknown_fail_on_kind_is_a_usage_error() {
    let (_dir, old, new) = two_editions();
    let output = run(&[&old, &new, &"--fail-on", &"actual_revised"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("actual_revised"));
}

#[test]
fn a_missing_side_is_an_error() {
    let (dir, old, _new) = two_editions();
    let missing = dir.path().join("nowhere");
    let output = run(&[&old, &missing]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nowhere"), "{stderr}");
}

#[test]
fn bad_json_names_the_file_and_line() {
    let (dir, old, _new) = two_editions();
    let bad = dir.path().join("bad.jsonl");
    let first = kitakyushu_like_old()[0].to_string();
    std::fs::write(&bad, format!("{first}\n{{\"id\": 3,\n")).unwrap();
    let output = run(&[&old, &bad]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bad.jsonl:2:"), "{stderr}");
}

#[test]
fn an_empty_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(&[&dir.path(), &dir.path()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no kpis.jsonl"));
}

#[test]
fn summary_is_grouped_by_program_and_plain_when_piped() {
    let (_dir, old, new) = two_editions();
    let output = run(&[&old, &new]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        !text.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "city-report");
    assert_eq!(lines[1], "  地元就職率の向上");
    assert!(
        lines[2].starts_with("    ~ インターンシップ人数: target 800人 → 900人"),
        "{}",
        lines[2]
    );
    // Each program heading appears once.
    let headings = lines.iter().filter(|l| **l == "  地元就職率の向上").count();
    assert_eq!(headings, 1);
    assert!(lines.contains(&"    ~ renamed from 大学等誘致・整備促進事業"));
    assert_eq!(*lines.last().unwrap(), "10 changes: 1 program_added, 1 program_removed, 1 program_renamed, 1 kpi_added, 1 kpi_removed, 1 baseline_changed, 1 target_changed, 2 actual_added, 1 actual_changed");
}

/// Runs `diff OLD NEW` under a pseudo-terminal (util-linux `script`), or None without it.
fn run_in_terminal(old: &Path, new: &Path, no_color: Option<&str>) -> Option<String> {
    let command = format!(
        "'{}' diff '{}' '{}'",
        env!("CARGO_BIN_EXE_kpi-extract"),
        old.display(),
        new.display()
    );
    let mut script = Command::new("script");
    script
        .args(["-qec", &command, "/dev/null"])
        .env_remove("NO_COLOR");
    if let Some(value) = no_color {
        script.env("NO_COLOR", value);
    }
    let output = script
        .output()
        .ok()
        .filter(|o| o.status.code() == Some(1))?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn colour_on_a_terminal_unless_no_color() {
    let (_dir, old, new) = two_editions();
    let Some(coloured) = run_in_terminal(&old, &new, None) else {
        eprintln!("skipped: util-linux `script` is not available");
        return;
    };
    assert!(
        coloured.contains("\x1b[33m~ インターンシップ人数: target"),
        "{coloured}"
    );
    assert!(coloured.contains("\x1b[32m+ "), "additions are green");
    assert!(coloured.contains("\x1b[31m- "), "removals are red");
    let plain = run_in_terminal(&old, &new, Some("1")).expect("script ran before");
    assert!(
        !plain.contains('\x1b'),
        "NO_COLOR turns colour off: {plain}"
    );
}

/// A policy-level record (contract v2): no program, level `policy`.
fn policy_record(goal: u32, policy: u32, id: &str, indicator: &str, actuals: Vec<Value>) -> Value {
    let mut r = record(
        goal,
        policy,
        "",
        "",
        Kpi {
            id,
            indicator: Some(indicator),
            baseline: Value::Null,
            target: quantity("40人", Some(40.0), Some("人")),
            actuals,
        },
    );
    r["program"] = Value::Null;
    r["level"] = json!("policy");
    r
}

#[test]
fn kpis_without_a_program_pair_by_goal_and_policy() {
    let dir = tempfile::tempdir().unwrap();
    let old = vec![
        policy_record(
            1,
            1,
            "k-a",
            "入学者数",
            vec![actual(2015, "38人", Some(38.0))],
        ),
        policy_record(1, 2, "k-b", "移住者数", vec![]),
    ];
    // Ids differ (a reworded indicator) but the goal and policy are the same: paired, not
    // removed and added; the other policy's KPI is unchanged.
    let new = vec![
        policy_record(
            1,
            1,
            "k-a2",
            "高校の入学者数",
            vec![
                actual(2015, "38人", Some(38.0)),
                actual(2016, "41人", Some(41.0)),
            ],
        ),
        policy_record(1, 2, "k-b", "移住者数", vec![]),
    ];
    let old = write_jsonl(&dir.path().join("old"), "village", &old);
    let new = write_jsonl(&dir.path().join("new"), "village", &new);
    let output = run(&[&old, &new, &"--json"]);
    let kinds: Vec<String> = summary(&changes_of(&output))
        .into_iter()
        .map(|(kind, program, _, year)| format!("{kind} {program:?} {year:?}"))
        .collect();
    assert_eq!(kinds, ["actual_added \"\" Some(2016)"], "{kinds:?}");
}
