//! Every example of the README runs as written: each `kpi-extract` line of its shell blocks
//! (in order, in a scratch folder holding a copy of `fixtures/`, with `kpi-extract` on the
//! PATH), the pandas block when pandas is installed, and the Frictionless and sqlite3 lines
//! of the Output section when those tools are.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// The bodies of the README's fenced blocks of `language`.
fn blocks(text: &str, language: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match (&mut current, line.trim_end()) {
            (None, fence) if fence == format!("```{language}") => current = Some(String::new()),
            (Some(body), "```") => {
                found.push(std::mem::take(body));
                current = None;
            }
            (Some(body), _) => {
                body.push_str(line);
                body.push('\n');
            }
            _ => {}
        }
    }
    found
}

/// A scratch folder with `fixtures/` linked in and a PATH whose `kpi-extract` is this build.
fn scratch() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    std::os::unix::fs::symlink(&fixtures, dir.path().join("fixtures")).unwrap();
    let bin = dir.path().join(".bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_kpi-extract"), bin.join("kpi-extract")).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    (dir, path)
}

fn sh(dir: &Path, path: &str, line: &str) -> Output {
    Command::new("sh")
        .args(["-c", line])
        .current_dir(dir)
        .env("PATH", path)
        .output()
        .unwrap()
}

fn has(program: &str, probe: &[&str]) -> bool {
    let ok = Command::new(program)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("SKIPPED: {program} {probe:?} not available");
    }
    ok
}

#[test]
fn every_kpi_extract_line_of_the_readme_runs_as_written() {
    let text = readme();
    let lines: Vec<String> = blocks(&text, "sh")
        .iter()
        .flat_map(|b| b.lines().map(str::to_string).collect::<Vec<_>>())
        .filter(|l| l.starts_with("kpi-extract "))
        .collect();
    assert!(lines.len() >= 10, "the Usage block: {lines:?}");
    let (dir, path) = scratch();
    for line in &lines {
        let output = sh(dir.path(), &path, line);
        // `diff` exits 1 when it finds changes, which is what the example shows.
        let allowed: &[i32] = if line.starts_with("kpi-extract diff ") {
            &[0, 1]
        } else {
            &[0]
        };
        let code = output.status.code().unwrap_or(-1);
        assert!(
            allowed.contains(&code),
            "`{line}` exited {code}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // The outputs the README then talks about are there.
    for file in [
        "data/kpis.jsonl",
        "data/actuals.csv",
        "excel/kpis.xlsx",
        "excel/kpis.sqlite",
        "sjis/kpis.csv",
    ] {
        assert!(dir.path().join(file).is_file(), "{file}");
    }
    let data = dir.path().join("data");
    run_tool_lines(&data, &path);
    run_pandas_block(&text, dir.path(), &path);
}

/// `frictionless validate data/datapackage.json` and `sqlite3 kpis.sqlite`, as the Output
/// section writes them, when the tools are installed.
fn run_tool_lines(data: &Path, path: &str) {
    let root = data.parent().map(PathBuf::from).unwrap_or_default();
    if has("frictionless", &["--version"]) {
        let output = sh(&root, path, "frictionless validate data/datapackage.json");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
    if has("sqlite3", &["-version"]) {
        let excel = root.join("excel");
        let output = sh(
            &excel,
            path,
            "sqlite3 kpis.sqlite 'SELECT count(*) FROM actuals'",
        );
        let count = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && count.trim().parse::<u32>().is_ok_and(|n| n > 0),
            "{count}"
        );
    }
}

fn run_pandas_block(text: &str, dir: &Path, path: &str) {
    let python = blocks(text, "python");
    assert!(!python.is_empty(), "the pandas block");
    if !has("python3", &["-c", "import pandas"]) {
        return;
    }
    for block in python {
        let output = Command::new("python3")
            .args(["-c", &block])
            .current_dir(dir)
            .env("PATH", path)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{block}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
