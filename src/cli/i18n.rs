//! `sitegen i18n`: how far each language's translation is.

use super::{fail, today, usage_error};
use crate::diagnostics::{Format, Printer, to_stdout};
use crate::site::{BuildOptions, Site};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args, Debug)]
pub struct I18nArgs {
    /// The site's folder (the one holding sitegen.toml).
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// `human` text, or one `json` document for machines.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub(crate) format: ReportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ReportFormat {
    Human,
    Json,
}

/// A report, so it exits 0 whatever it finds; 1 only when the site cannot be loaded.
pub(crate) fn run(args: I18nArgs, out: &Printer) -> ExitCode {
    let start = Instant::now();
    let opts = match today(None) {
        Ok(t) => BuildOptions::new(crate::site::absolute(&args.root), t),
        Err(e) => return usage_error(&e),
    };
    let mut site = match Site::load(opts) {
        Ok(s) => s,
        Err(diags) => {
            let format = match args.format {
                ReportFormat::Human => Format::Human,
                ReportFormat::Json => Format::Json,
            };
            return fail(out, diags, format, start);
        }
    };
    // Drift is judged with the other checks.
    site.check();
    let report = crate::i18n::report::report(&crate::i18n::report::Input {
        config: &site.config,
        content: &site.content,
        translations: &site.translations,
        drift: &site.drift,
        strings: &site.presentation.strings,
    });
    match args.format {
        ReportFormat::Human => to_stdout(&crate::i18n::report::human(&report)),
        ReportFormat::Json => to_stdout(&format!(
            "{}\n",
            serde_json::to_string_pretty(&report).expect("report serializes")
        )),
    }
    ExitCode::SUCCESS
}
