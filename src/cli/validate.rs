//! `kpi-extract validate` and `kpi-extract schema`.

use std::process::ExitCode;

/// Arguments of `kpi-extract validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {}

/// Arguments of `kpi-extract schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {}

/// Runs `validate`.
pub fn run_validate(_args: ValidateArgs) -> ExitCode {
    super::fail("validate: not implemented yet")
}

/// Runs `schema`.
pub fn run_schema(_args: SchemaArgs) -> ExitCode {
    super::fail("schema: not implemented yet")
}
