//! `sitegen check`: every check `build` runs, rendering included, writing nothing — or, with
//! `--write-baseline`, writing today's problems into the baseline file.

use super::{SiteArgs, fail, finish, load_and_check, options, usage_error};
use crate::diagnostics::{Diagnostic, Printer};
use crate::site::Site;
use clap::Args;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// Record today's problems in the baseline (`[check] baseline`, else
    /// sitegen-baseline.json): build and check then fail only on new ones.
    #[arg(long)]
    pub(crate) write_baseline: bool,
}

pub(crate) fn run(args: CheckArgs, out: &Printer) -> ExitCode {
    let start = Instant::now();
    let mut opts = match options(&args.site) {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    opts.write_baseline = args.write_baseline;
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
    let wrote = match args.write_baseline {
        true => write_baseline(&site, &mut diags),
        false => None,
    };
    let code = finish(out, site, diags, format, start, None);
    if let Some(message) = wrote {
        out.info(&message);
    }
    code
}

/// Writes the problems (all known, in this mode) to the baseline file; what to tell the
/// user. Problems that cannot wait in a baseline (a template error) are errors still: then
/// nothing is written.
fn write_baseline(site: &Site, diags: &mut Vec<Diagnostic>) -> Option<String> {
    if diags.iter().any(Diagnostic::is_error) {
        return Some(
            "The baseline was not written: the errors above cannot wait in a baseline; fix them first."
                .into(),
        );
    }
    let configured = site.config.check.baseline.as_deref();
    let file = configured.unwrap_or(crate::baseline::DEFAULT_FILE);
    match crate::baseline::write(&site.root, file, diags) {
        Ok(n) => Some(match configured {
            Some(_) => format!("Wrote {file}: {n} known problem(s)."),
            None => format!(
                "Wrote {file}: {n} known problem(s). Add `[check] baseline = \"{file}\"` to sitegen.toml: build and check then fail only on new problems."
            ),
        }),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}
