//! Hostile PDFs, written by a tiny PDF writer here: a flate bomb, a Form XObject that draws
//! itself, a page-tree cycle, an xref /Prev loop, a 100 000-deep array, 10 million
//! operators. Each must end in bounded time with output or an error, never a panic or a
//! hang.
//!
//! Each case runs in a child process (this test binary, re-run on that one test) so that
//! what a thread cannot survive is still reported as that case's failure: a hang (the
//! child is killed after a timeout), a stack overflow or an allocation beyond a memory cap
//! (the child aborts). On Unix the child's address space is capped with `ulimit -v`.

mod hostile_files;

use hostile_files::*;
use kpi_extract::pipeline::{self, PipelineOptions};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The environment variable that tells a child which case to run.
const CHILD_ENV: &str = "KPI_HOSTILE_CASE";
/// Generous: debug builds on a shared two-core machine.
const TIMEOUT: Duration = Duration::from_secs(120);
/// Address-space cap of a child, in KiB (1 GiB): a reader that inflates the whole bomb,
/// or tokenises every operator up front, fails here instead of swapping the machine.
const MEMORY_CAP_KIB: u64 = 1 << 20;

// ---------------------------------------------------------------------------
// Running a case in a child process.
// ---------------------------------------------------------------------------

/// In the child: build the file, run the pipeline, print the outcome.
fn run_in_child(name: &str, case: fn() -> (Vec<u8>, PipelineOptions)) {
    let started = Instant::now();
    let (bytes, mut options) = case();
    let built = started.elapsed();
    options.pdf.deadline = Some(Instant::now() + TIMEOUT / 2);
    let outcome = match pipeline::run(&bytes, name, &options) {
        Ok(extraction) => format!("output, {} pages", extraction.pages),
        Err(e) => {
            assert!(
                !e.to_string().trim().is_empty(),
                "an error without a message"
            );
            format!("error: {e}")
        }
    };
    println!(
        "outcome of {name} ({} bytes, built in {built:.1?}, read in {:.1?}): {outcome}",
        bytes.len(),
        started.elapsed() - built
    );
}

fn child_command(name: &str) -> Command {
    let exe = std::env::current_exe().expect("the test binary's path");
    let test_args = [name, "--exact", "--nocapture", "--test-threads=1"];
    let mut command = if cfg!(unix) {
        let mut sh = Command::new("sh");
        let script = format!("ulimit -v {MEMORY_CAP_KIB} 2>/dev/null; exec \"$0\" \"$@\"");
        sh.arg("-c").arg(script).arg(exe).args(test_args);
        sh
    } else {
        let mut direct = Command::new(exe);
        direct.args(test_args);
        direct
    };
    command.env(CHILD_ENV, name);
    command
}

/// In the parent: runs the case in a child, kills it after the timeout, and fails with
/// its output when it did not end well.
fn isolated(name: &str, case: fn() -> (Vec<u8>, PipelineOptions)) {
    if std::env::var(CHILD_ENV).as_deref() == Ok(name) {
        return run_in_child(name, case);
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (out_path, err_path) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let mut child = child_command(name)
        .stdout(Stdio::from(
            std::fs::File::create(&out_path).expect("stdout file"),
        ))
        .stderr(Stdio::from(
            std::fs::File::create(&err_path).expect("stderr file"),
        ))
        .spawn()
        .expect("the test binary starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the child") {
            break Some(status);
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    let report = format!("--- stdout\n{stdout}\n--- stderr\n{stderr}");
    match status {
        None => panic!("{name}: no result after {TIMEOUT:?} (a hang)\n{report}"),
        Some(status) if !status.success() => {
            panic!("{name}: the reader failed ({status})\n{report}")
        }
        Some(_) => {
            // libtest prints `test NAME ... ` before the case's own line.
            let outcome = stdout
                .lines()
                .find_map(|l| l.find("outcome of").map(|at| &l[at..]));
            let outcome =
                outcome.unwrap_or_else(|| panic!("{name}: the case did not run\n{report}"));
            eprintln!("{outcome}");
        }
    }
}

#[test]
fn hostile_flate_bomb() {
    isolated("hostile_flate_bomb", flate_bomb);
}

#[test]
fn hostile_flate_bomb_default_limits() {
    isolated(
        "hostile_flate_bomb_default_limits",
        flate_bomb_default_limits,
    );
}

#[test]
fn hostile_self_drawing_form() {
    isolated("hostile_self_drawing_form", self_drawing_form);
}

#[test]
fn hostile_page_tree_cycle() {
    isolated("hostile_page_tree_cycle", page_tree_cycle);
}

#[test]
fn hostile_xref_prev_loop() {
    isolated("hostile_xref_prev_loop", xref_prev_loop);
}

#[test]
fn hostile_deep_array_object() {
    isolated("hostile_deep_array_object", deep_array_object);
}

#[test]
fn hostile_deep_array_in_content() {
    isolated("hostile_deep_array_in_content", deep_array_in_content);
}

#[test]
fn hostile_ten_million_operators() {
    isolated("hostile_ten_million_operators", ten_million_operators);
}

#[test]
fn the_writer_makes_a_well_formed_file() {
    let bytes = one_page(PdfWriter::stream("", TEXT), "", |_| {}).finish(1, false);
    // The binary comment of the header is not UTF-8: work on bytes.
    let tail = std::str::from_utf8(&bytes[15..]).expect("ASCII after the header");
    let xref: usize = tail
        .lines()
        .rev()
        .nth(1)
        .and_then(|l| l.parse().ok())
        .expect("startxref");
    assert!(bytes[xref..].starts_with(b"xref\n0 6\n"));
    let table = std::str::from_utf8(&bytes[xref..]).expect("ASCII xref");
    // Every xref entry points at its object's header.
    for (i, line) in table.lines().skip(3).take(5).enumerate() {
        let offset: usize = line[..10].parse().expect("an offset");
        let header = format!("{} 0 obj", i + 1);
        assert!(
            bytes[offset..].starts_with(header.as_bytes()),
            "object {}",
            i + 1
        );
    }
}
