//! `sitegen init`: a new support site, ready to build and serve.

use super::{parse_today, today, usage_error};
use crate::diagnostics::Printer;
use clap::Args;
use jiff::civil::Date;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The folder to make the site in (created when missing; default: the current folder).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The project the site supports, as pages name it (default: the folder's name).
    #[arg(long)]
    pub name: Option<String>,
    /// The default language (a BCP 47 code).
    #[arg(long, default_value = "en")]
    pub default_language: String,
    /// Another language (repeat for more): its folder, `[languages.*]` table and, when the
    /// default theme lacks them, UI strings to translate.
    #[arg(long = "lang")]
    pub languages: Vec<String>,
    /// Only `sitegen.toml`, `.gitignore` and a home page: no example pages.
    #[arg(long)]
    pub no_example: bool,
    /// The date the example FAQ entry was added (default: SOURCE_DATE_EPOCH, else today).
    #[arg(long, value_parser = parse_today)]
    pub today: Option<Date>,
}

pub fn run(args: InitArgs, out: &Printer) -> ExitCode {
    let today = match today(args.today) {
        Ok(t) => t,
        Err(e) => return usage_error(&e),
    };
    let mut languages = vec![args.default_language.clone()];
    for l in args.languages {
        if !languages.contains(&l) {
            languages.push(l);
        }
    }
    let project = args.name.unwrap_or_else(|| project_name(&args.dir));
    let plan = crate::scaffold::Plan {
        dir: &args.dir,
        project,
        languages,
        bare: args.no_example,
        today,
    };
    match crate::scaffold::init(&plan) {
        Ok(files) => {
            if out.verbose {
                for f in &files {
                    eprintln!("  wrote {}", args.dir.join(f).display());
                }
            }
            let cd = if args.dir == std::path::Path::new(".") {
                String::new()
            } else {
                format!("cd {} && ", args.dir.display())
            };
            out.info(&format!(
                "Made a support site in {} ({} files). Next:\n  {cd}sitegen serve    # preview it, live, at http://127.0.0.1:1313/\n  {cd}sitegen build    # write it into public/",
                args.dir.display(),
                files.len()
            ));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// "my-project" → "My project", from the folder's name (the current folder's when ".").
fn project_name(dir: &std::path::Path) -> String {
    let abs = crate::site::absolute(dir);
    let name = abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Our project".into());
    crate::content::title_from_name(&name)
}
