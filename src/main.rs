use clap::Parser;
use sitegen::cli::{Cli, Command};
use std::process::ExitCode;

/// A build allocates and frees millions of small strings (front matter, links, template values,
/// search terms) from two threads at once; glibc's malloc spent ~17% of a build in itself.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc 3's `mi_option_purge_delay` (`mimalloc.h`; the Rust bindings have no constant for
/// it, and their option numbers are mimalloc 2's), and its default (ms).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const MI_PURGE_DELAY_DEFAULT: std::ffi::c_long = 1000;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // mimalloc gives memory nothing used for a second back to the kernel, and it comes back as
    // page faults that zero it again. A build frees and allocates until it exits: it keeps
    // what it freed (a sixth fewer CPU-seconds on the 20,000-page bench corpus). serve, which
    // runs for days, gives memory back as usual.
    // SAFETY: mi_option_get and mi_option_set read and write mimalloc's option table; no
    // other thread runs yet. An option not at its documented default is not the one we mean
    // (or the user set it with MIMALLOC_PURGE_DELAY): it is left alone.
    if !matches!(cli.command, Command::Serve(_)) {
        unsafe {
            if libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) == MI_PURGE_DELAY_DEFAULT {
                libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
            }
        }
    }
    // Transparent huge pages: mimalloc asks for them, and the kernel then zeroes 2 MiB at a
    // time where a build touches a little of it: 35-50 MB more peak memory at 20,000 pages
    // (of ~490) for no measurable speed.
    // SAFETY: prctl with PR_SET_THP_DISABLE takes no pointers; it only sets a flag of this
    // process (ignored where unsupported).
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    sitegen::cli::run(cli)
}
