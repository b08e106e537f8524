//! `sitegen check`: every check `build` runs, rendering included, writing nothing (but the
//! link cache, when external links are checked) — or, with `--write-baseline`, writing today's
//! problems into the baseline file.

use super::{SiteArgs, fail, finish, load_and_check, options, usage_error};
use crate::diagnostics::{Diagnostic, Printer};
use crate::site::{BuildOptions, Site};
use clap::Args;
use std::io::IsTerminal;
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
    #[command(flatten)]
    pub(crate) external: ExternalArgs,
}

/// External link checking, for `check` and `build`.
#[derive(Args, Debug, Clone, Default)]
pub(crate) struct ExternalArgs {
    /// Check external (http, https) links too: every URL asked once, politely; results cached
    /// in .sitegen/link-cache.json (default: `[links] external` in sitegen.toml).
    #[arg(long, conflicts_with = "no_external")]
    pub(crate) external: bool,
    /// Don't check external links, even with `[links] external = true`.
    #[arg(long)]
    pub(crate) no_external: bool,
    /// Check only the external links of pages changed since this git ref (from where the
    /// branch left it, uncommitted changes included); implies --external.
    #[arg(long, value_name = "REF", conflicts_with = "no_external")]
    pub(crate) changed_since: Option<String>,
}

impl ExternalArgs {
    pub(crate) fn apply(&self, opts: &mut BuildOptions) {
        if self.external || self.changed_since.is_some() {
            opts.external = Some(true);
        } else if self.no_external {
            opts.external = Some(false);
        }
    }
}

pub(crate) fn run(args: CheckArgs, out: &Printer) -> ExitCode {
    let start = Instant::now();
    let mut opts = match options(&args.site) {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    opts.write_baseline = args.write_baseline;
    args.external.apply(&mut opts);
    let format = args.site.format;
    let mut site = match load_and_check(opts) {
        Ok(s) => s,
        Err(diags) => return fail(out, diags, format, start),
    };
    let mut diags = std::mem::take(&mut site.diagnostics);
    let external = match check_external(&site, &args.external, out) {
        Ok(report) => report,
        Err(e) => return usage_error(&e),
    };
    if let Some(report) = &external {
        diags.extend(site.judge.apply(report.diagnostics.clone()));
    }
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
    let summary = external.as_ref().map(|r| &r.summary);
    let code = finish(out, site, diags, format, start, None, summary);
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

/// The external link phase when this run has it (`--external` or `[links] external`), with
/// its progress on a terminal (never in a CI log).
pub(crate) fn check_external(
    site: &Site,
    args: &ExternalArgs,
    out: &Printer,
) -> Result<Option<crate::external::Report>, String> {
    if !site.checks_external() {
        return Ok(None);
    }
    let live = !out.quiet && std::io::stderr().is_terminal();
    let progress = move |done: usize, total: usize| {
        if live && (done.is_multiple_of(25) || done == total) {
            eprint!("\r\x1b[Kchecking external links: {done}/{total}");
            if done == total {
                eprint!("\r\x1b[K");
            }
        }
    };
    let options = crate::external::Options {
        changed_since: args.changed_since.as_deref(),
        progress: &progress,
    };
    crate::external::check(site, &options).map(Some)
}
