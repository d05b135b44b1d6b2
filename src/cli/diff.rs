//! `kpi-extract diff`.

use std::process::ExitCode;

/// Arguments of `kpi-extract diff`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> ExitCode {
    super::fail("diff: not implemented yet")
}
