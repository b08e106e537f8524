use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    sitegen::cli::run(sitegen::cli::Cli::parse())
}
