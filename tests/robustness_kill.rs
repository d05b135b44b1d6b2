//! A run killed at a random moment (SIGKILL) leaves no partial file where a reader looks,
//! and the next run completes with the same output as an uninterrupted run and cleans up
//! what the killed run left behind.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::time::{Duration, Instant};

use kpi_extract::output::write::TEMP_PREFIX;

const KILLS: u64 = 8;

fn extract(inputs: &Path, out: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kpi-extract"));
    command
        .args(["extract", "--quiet", "--jobs", "2", "--out"])
        .args([out, inputs]);
    command
}

fn inputs(dir: &Path) -> PathBuf {
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    for from in ["fixtures", "fixtures/corpus"] {
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "pdf") {
                std::fs::copy(&path, inputs.join(entry.file_name())).unwrap();
            }
        }
    }
    inputs
}

/// Every file under `dir` (relative path → bytes), temporary entries included.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    out
}

fn is_temporary(rel: &str) -> bool {
    rel.split('/').any(|part| part.starts_with(TEMP_PREFIX))
}

/// What a reader sees in `out` is whole: each document directory is the reference's
/// (byte for byte, all files present), the manifest parses and the other run files are
/// the reference's.
fn assert_visible_files_are_whole(out: &Path, reference: &BTreeMap<String, Vec<u8>>, case: u64) {
    let seen = files(out);
    let mut dirs: BTreeMap<&str, usize> = BTreeMap::new();
    for (rel, bytes) in seen.iter().filter(|(rel, _)| !is_temporary(rel)) {
        match rel.split_once('/') {
            Some((dir, _)) => {
                *dirs.entry(dir).or_default() += 1;
                assert_eq!(
                    Some(bytes),
                    reference.get(rel),
                    "case {case}: {rel} differs"
                );
            }
            // The manifest (run times) parses; the other run files are deterministic, so a
            // whole one is the reference's.
            None if rel == "manifest.json" => {
                let parsed: Result<serde_json::Value, _> = serde_json::from_slice(bytes);
                assert!(parsed.is_ok(), "case {case}: {rel} is not whole JSON");
            }
            None => assert_eq!(
                Some(bytes),
                reference.get(rel),
                "case {case}: {rel} differs"
            ),
        }
    }
    for (dir, n) in dirs {
        let expected = reference
            .keys()
            .filter(|k| k.starts_with(&format!("{dir}/")))
            .count();
        assert_eq!(n, expected, "case {case}: directory {dir} is incomplete");
    }
}

fn run_to_end(inputs: &Path, out: &Path) -> ExitStatus {
    extract(inputs, out).status().unwrap()
}

/// A small deterministic generator (SplitMix64) for the kill moments.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[test]
fn a_killed_run_leaves_no_partial_file_and_the_next_run_completes() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = inputs(dir.path());
    let reference_dir = dir.path().join("reference");
    let started = Instant::now();
    let reference_status = run_to_end(&inputs, &reference_dir);
    let full_run = started.elapsed();
    let reference = files(&reference_dir);
    assert!(
        reference
            .keys()
            .filter(|k| k.ends_with("kpis.jsonl"))
            .count()
            > 10
    );

    let out = dir.path().join("out");
    let mut seed = 0x6b70_692d_6b69_6c6c;
    for case in 0..KILLS {
        let at = Duration::from_micros(next(&mut seed) % (full_run.as_micros() as u64).max(1));
        let mut child = extract(&inputs, &out).spawn().unwrap();
        std::thread::sleep(at);
        child.kill().unwrap(); // SIGKILL: no destructor, no cleanup
        child.wait().unwrap();
        assert_visible_files_are_whole(&out, &reference, case);
        let left = files(&out).keys().filter(|k| is_temporary(k)).count();
        // The write window is short, so a kill rarely lands in it: leave what such a kill
        // leaves (a half-filled directory of a process that is gone) when it did not.
        if left == 0 && out.is_dir() {
            let half = out.join(format!("{TEMP_PREFIX}dir-4999999-{case}"));
            std::fs::create_dir_all(&half).unwrap();
            std::fs::write(half.join("kpis.jsonl"), b"{\"id\": \"k-").unwrap();
        }

        assert_eq!(run_to_end(&inputs, &out).code(), reference_status.code());
        let after = files(&out);
        let leftovers: Vec<_> = after.keys().filter(|k| is_temporary(k)).collect();
        assert!(
            leftovers.is_empty(),
            "case {case}: {leftovers:?} left behind"
        );
        for (rel, bytes) in &reference {
            if rel != "manifest.json" {
                assert_eq!(after.get(rel), Some(bytes), "case {case}: {rel} differs");
            }
        }
        assert_eq!(
            after.len(),
            reference.len(),
            "case {case}: other files appeared"
        );
        eprintln!(
            "case {case}: killed at {at:.0?} of {full_run:.0?}, {left} temporary file(s) left \
             by the kill; the next run removed what was left and matched"
        );
    }
}
