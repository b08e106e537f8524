//! `sitegen new faq`: a new FAQ entry, dated today.

use super::{parse_today, today, usage_error};
use crate::diagnostics::{self, Printer};
use clap::{Args, Subcommand};
use jiff::civil::Date;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct NewArgs {
    #[command(subcommand)]
    pub(crate) what: NewWhat,
}

#[derive(Subcommand, Debug)]
pub(crate) enum NewWhat {
    /// A new FAQ entry, dated today: content/<lang>/faq/<slug>.md.
    Faq(NewFaqArgs),
}

#[derive(Args, Debug)]
pub(crate) struct NewFaqArgs {
    /// The question, e.g. "How do I rotate the on-call?"
    pub(crate) question: String,
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// Language of the entry (default: the site's default language).
    #[arg(long)]
    pub(crate) lang: Option<String>,
    /// Category key, e.g. install.
    #[arg(long)]
    pub(crate) category: Option<String>,
    /// The date written as `added` (default: SOURCE_DATE_EPOCH, else today).
    #[arg(long, value_parser = parse_today)]
    pub(crate) today: Option<Date>,
}

pub(crate) fn run(args: NewArgs, out: &Printer) -> ExitCode {
    match args.what {
        NewWhat::Faq(args) => new_faq(args, out),
    }
}

fn new_faq(args: NewFaqArgs, out: &Printer) -> ExitCode {
    let today = match today(args.today) {
        Ok(t) => t,
        Err(e) => return usage_error(&e),
    };
    let root = crate::site::absolute(&args.root);
    let config = match super::site_config(&root) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let lang = args.lang.as_deref().unwrap_or(&config.default_language);
    let new = crate::faq::NewEntry {
        question: &args.question,
        lang,
        category: args.category.as_deref(),
        today,
    };
    match crate::faq::new_entry(&root, &config, &new) {
        Ok(path) => {
            diagnostics::to_stdout(&format!("{}\n", path.display()));
            out.info("Edit the answer, preview it with `sitegen serve`, then run `sitegen check`.");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
