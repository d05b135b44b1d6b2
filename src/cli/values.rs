//! `kpi-extract quantity` and `kpi-extract period`.

use std::process::ExitCode;

/// Arguments of `kpi-extract quantity`.
#[derive(Debug, clap::Args)]
pub struct QuantityArgs {
    /// The value as printed, e.g. `6,451,100千円` or `△198人`.
    pub text: String,
}

/// Arguments of `kpi-extract period`.
#[derive(Debug, clap::Args)]
pub struct PeriodArgs {
    /// The year label as printed, e.g. `H27～31年度` or `R元年`.
    pub text: String,
}

/// Runs `quantity`.
pub fn run_quantity(_args: QuantityArgs) -> ExitCode {
    super::fail("quantity: not implemented yet")
}

/// Runs `period`.
pub fn run_period(_args: PeriodArgs) -> ExitCode {
    super::fail("period: not implemented yet")
}
