use clap::Parser;
use sitegen::cli::{Cli, Command};
use std::process::ExitCode;

/// A build allocates and frees millions of small strings (front matter, links, template values,
/// search terms) from two threads at once; glibc's malloc spent ~17% of a build in itself.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc 3's `mi_option_purge_delay` (`mimalloc.h`; the Rust bindings have no constant for
/// it, and their option numbers are mimalloc 2's). Its default is 10 (ms).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // mimalloc gives freed memory back to the kernel after 10 ms, and it comes back as page
    // faults that zero it again: 20% of a build's cycles went to the kernel's clear_page. A
    // build frees and allocates until it exits, so it keeps what it freed; serve, which runs
    // for days, gives it back after a quiet second.
    let delay = match cli.command {
        Command::Serve(_) => 1000,
        _ => -1,
    };
    // SAFETY: mi_option_get and mi_option_set are plain reads and writes of mimalloc's option
    // table; no other thread runs yet. An option that is not at its documented default is not
    // the one we mean (or the user set it with MIMALLOC_PURGE_DELAY): it is left alone.
    unsafe {
        if libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) == 10 {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, delay);
        }
    }
    sitegen::cli::run(cli)
}
