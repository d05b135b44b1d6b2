//! `kpi-extract extract`.

use std::process::ExitCode;

/// Arguments of `kpi-extract extract`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> ExitCode {
    super::fail("extract: not implemented yet")
}
