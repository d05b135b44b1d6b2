//! `kpi-extract quantity` and `kpi-extract period`.

use std::process::ExitCode;

use kpi_extract::normalize;

/// Arguments of `kpi-extract quantity`.
#[derive(Debug, clap::Args)]
pub struct QuantityArgs {
    /// The value as printed, e.g. `6,451,100千円`, `△198人` or `-42人` (a leading `-`
    /// is read as part of the value, not as an option).
    #[arg(allow_hyphen_values = true)]
    pub text: String,
}

/// Arguments of `kpi-extract period`.
#[derive(Debug, clap::Args)]
pub struct PeriodArgs {
    /// The year label as printed, e.g. `H27～31年度`, `R元年` or `-H27` (a leading `-`
    /// is read as part of the label).
    #[arg(allow_hyphen_values = true)]
    pub text: String,
}

/// Runs `quantity`: prints the Quantity JSON; a value that is not a number still prints
/// (with its status), so this always succeeds.
pub fn run_quantity(args: QuantityArgs) -> ExitCode {
    print_json(&normalize::parse_quantity(&args.text))
}

/// Runs `period`: prints the Period JSON, or the reason on stderr with exit code 2.
pub fn run_period(args: PeriodArgs) -> ExitCode {
    match normalize::parse_period(&args.text) {
        Ok(period) => print_json(&period),
        Err(e) => super::fail(e),
    }
}

fn print_json(value: &impl serde::Serialize) -> ExitCode {
    match serde_json::to_string_pretty(value) {
        Ok(json) => {
            super::print_stdout(&json);
            ExitCode::SUCCESS
        }
        Err(e) => super::fail(e),
    }
}
