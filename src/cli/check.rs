//! `sitegen check`: every check `build` runs, rendering included, writing nothing.

use super::{SiteArgs, fail, finish, load_and_check, options, usage_error};
use crate::diagnostics::{Diagnostic, Printer};
use clap::Args;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
}

pub(crate) fn run(args: CheckArgs, out: &Printer) -> ExitCode {
    let start = Instant::now();
    let opts = match options(&args.site) {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    let format = args.site.format;
    let mut site = match load_and_check(opts) {
        Ok(s) => s,
        Err(diags) => return fail(out, diags, format, start),
    };
    let mut diags = std::mem::take(&mut site.diagnostics);
    // Render too, keeping nothing, so template errors and missing strings are caught.
    if !diags.iter().any(Diagnostic::is_error) {
        diags.extend(crate::render::render_to(
            &site,
            &crate::output::Discard::default(),
        ));
    }
    finish(out, site, diags, format, start, None)
}
