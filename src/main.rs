use clap::Parser;
use std::process::ExitCode;

/// A build allocates and frees millions of small strings (front matter, links, template values,
/// search terms) from two threads at once; glibc's malloc spent ~17% of a build in itself.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    sitegen::cli::run(sitegen::cli::Cli::parse())
}
