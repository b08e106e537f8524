//! `sitegen build`: load → check → render into a temporary folder that replaces the output
//! folder only when every file was written.

use super::{SiteArgs, fail, finish, load_and_check, options, usage_error};
use crate::diagnostics::{Diagnostic, Printer};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// Output folder (default: output_dir from sitegen.toml, else public/).
    #[arg(long, short)]
    pub(crate) output: Option<PathBuf>,
    /// Override base_url from sitegen.toml.
    #[arg(long)]
    pub(crate) base_url: Option<String>,
    #[command(flatten)]
    pub(crate) external: super::check::ExternalArgs,
}

pub(crate) fn run(args: BuildArgs, out: &Printer) -> ExitCode {
    let start = Instant::now();
    let mut opts = match options(&args.site) {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    opts.output = args.output.map(|o| crate::output::absolute(&o));
    opts.base_url = args.base_url;
    args.external.apply(&mut opts);
    let format = args.site.format;
    let mut site = match load_and_check(opts) {
        Ok(s) => s,
        Err(diags) => return fail(out, diags, format, start),
    };
    let mut diags = std::mem::take(&mut site.diagnostics);
    // Broken external links fail the build like broken internal ones: before anything is
    // written.
    let external = match super::check::check_external(&site, &args.external, out) {
        Ok(report) => report,
        Err(e) => return usage_error(&e),
    };
    if let Some(report) = &external {
        diags.extend(site.judge.apply(report.diagnostics.clone()));
    }
    // Pages stream into a temporary folder beside the output; it replaces the output only
    // when everything rendered and was written.
    let mut written = 0;
    if !diags.iter().any(Diagnostic::is_error) {
        let output = site.output_dir();
        match crate::output::Writer::begin(&site.root, &output) {
            Ok(writer) => {
                let found = crate::render::render_to(&site, &writer);
                let failed = found.iter().any(Diagnostic::is_error);
                diags.extend(found);
                if !failed {
                    match writer.commit() {
                        Ok(n) => written = n,
                        Err(d) => diags.push(d),
                    }
                }
            }
            Err(d) => diags.push(d),
        }
        if out.verbose && !diags.iter().any(Diagnostic::is_error) {
            eprintln!("  wrote {written} files to {}", output.display());
        }
    }
    let summary = external.as_ref().map(|r| &r.summary);
    finish(out, site, diags, format, start, Some(written), summary)
}
