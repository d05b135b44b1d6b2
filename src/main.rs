//! The `kpi-extract` command line.

mod cli;

use std::process::ExitCode;

/// glibc's malloc spends a fifth of a small file's run in arena bookkeeping and page faults
/// across the worker threads; mimalloc reuses thread-local pages (see benches/vs-pdftotext.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::main()
}
