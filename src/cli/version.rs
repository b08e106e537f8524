//! `sitegen version new v1.19 [--from main]`: a new version of the versioned docs.

use super::{parse_today, today, usage_error};
use crate::diagnostics::{self, Printer};
use clap::{Args, Subcommand};
use jiff::civil::Date;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct VersionArgs {
    #[command(subcommand)]
    pub(crate) what: VersionWhat,
}

#[derive(Subcommand, Debug)]
pub(crate) enum VersionWhat {
    /// Release the docs: copy the development docs (content/[<lang>/]docs/main/) to a new
    /// version's folder, with its table-of-contents data file, and add the version to
    /// sitegen.toml, released today (comments kept).
    New(VersionNewArgs),
}

#[derive(Args, Debug)]
pub(crate) struct VersionNewArgs {
    /// The new version's name, its folder and URL segment (e.g. v1.19).
    pub(crate) name: String,
    /// The version to copy (default: the development version, else the newest).
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// The date written as `released` (default: SOURCE_DATE_EPOCH, else today).
    #[arg(long, value_parser = parse_today)]
    pub(crate) today: Option<Date>,
}

pub(crate) fn run(args: VersionArgs, out: &Printer) -> ExitCode {
    match args.what {
        VersionWhat::New(args) => new_version(args, out),
    }
}

fn new_version(args: VersionNewArgs, out: &Printer) -> ExitCode {
    let today = match today(args.today) {
        Ok(t) => t,
        Err(e) => return usage_error(&e),
    };
    let root = crate::site::absolute(&args.root);
    let config = match super::site_config(&root) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let text = std::fs::read_to_string(root.join(crate::config::FILE_NAME)).unwrap_or_default();
    let new = crate::versions::NewVersion {
        name: &args.name,
        from: args.from.as_deref(),
        today,
    };
    match crate::versions::new_version(&root, &text, &config, &new) {
        Ok(made) => {
            for f in made.folders.iter().chain(&made.data_files) {
                diagnostics::to_stdout(&format!("{}\n", f.display()));
            }
            out.info(&format!(
                "Added version {} to sitegen.toml, released {today}; build to see it.",
                args.name
            ));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
