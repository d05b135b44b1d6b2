//! The `quantity` and `period` subcommands, driven through the binary.

use std::process::{Command, Output};

use serde_json::Value;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kpi-extract"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

#[test]
fn quantity_prints_the_quantity_json() {
    let output = run(&["quantity", "15.3 万人"]);
    assert!(output.status.success());
    let q = json(&output);
    assert_eq!(q["text"], "15.3万人");
    assert_eq!(q["value"].as_f64(), Some(153000.0));
    assert_eq!(q["unit"], "人");
    assert!(q["qualifier"].is_null() && q["status"].is_null() && q["period"].is_null());
    // Pretty-printed: one field per line.
    assert!(String::from_utf8_lossy(&output.stdout).lines().count() > 5);
}

#[test]
fn quantity_with_status_and_period() {
    let output = run(&["quantity", "－（H30～）"]);
    assert!(output.status.success());
    let q = json(&output);
    assert!(q["value"].is_null());
    assert_eq!(q["status"], "not_available");
    assert_eq!(q["period"]["start"], 2018);
    assert!(q["period"]["end"].is_null());
    assert_eq!(q["period"]["era"], "heisei");
}

#[test]
fn period_prints_the_period_json() {
    let output = run(&["period", "H27～31年度"]);
    assert!(output.status.success());
    let p = json(&output);
    assert_eq!(p["text"], "H27～31年度");
    assert_eq!(p["era"], "heisei");
    assert_eq!(p["era_year"], 27);
    assert_eq!(p["fiscal"], true);
    assert_eq!(
        (p["start"].as_i64(), p["end"].as_i64()),
        (Some(2015), Some(2019))
    );
    assert!(p["date"].is_null());
}

#[test]
fn period_error_goes_to_stderr_with_exit_2() {
    let output = run(&["period", "令和0年"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("out of range"), "{stderr}");
}

#[test]
fn values_may_start_with_a_minus() {
    let output = run(&["quantity", "-42 人"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let q = json(&output);
    assert_eq!(
        (q["value"].as_f64(), q["unit"].as_str()),
        (Some(-42.0), Some("人"))
    );
    // A period label starting with `-` reaches the parser (which says what it found)
    // instead of being taken for an option.
    let output = run(&["period", "-H27"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("unexpected argument"), "{stderr}");
    assert!(stderr.contains("\"-H27\""), "{stderr}");
}

#[test]
fn dates_and_era_years_are_checked_for_what_they_mean() {
    let stderr = |text: &str| {
        let output = run(&["period", text]);
        assert_eq!(output.status.code(), Some(2), "{text}");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    assert!(stderr("H31.4.31").contains("no such date: April 31"));
    assert!(stderr("H99年度").contains("平成 ended in its year 31"));
    let output = run(&["period", "H33年度"]);
    assert_eq!(json(&output)["start"], 2021);
}
