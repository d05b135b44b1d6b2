//! Running the built `kpi-extract` binary from the CLI tests.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output};

/// Runs the binary with `args` and waits for it.
pub fn kpi_extract(args: &[&OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kpi-extract"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Runs the binary with string arguments.
pub fn run(args: &[&str]) -> Output {
    let args: Vec<&OsStr> = args.iter().map(|a| a.as_ref()).collect();
    kpi_extract(&args)
}

/// Runs the binary with path arguments.
pub fn run_paths(args: &[&Path]) -> Output {
    let args: Vec<&OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    kpi_extract(&args)
}

/// Standard output and standard error together.
pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
