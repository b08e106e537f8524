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
    /// Convert the Hugo site in DIR instead: write `sitegen.toml` from its configuration
    /// (hugo.toml, config.toml/.yaml/.json or config/_default/) and list what could not be
    /// mapped and the shortcodes its content calls.
    #[arg(long, conflicts_with_all = ["default_language", "languages", "no_example"])]
    pub from_hugo: bool,
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
    if args.from_hugo {
        return from_hugo(&args.dir, &project, out);
    }
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

/// `--from-hugo`: converts, then says what was read, what was not mapped (file:line and what to
/// do), and which shortcodes the content calls.
fn from_hugo(dir: &std::path::Path, project: &str, out: &Printer) -> ExitCode {
    let done = match crate::scaffold::hugo::convert(dir, project) {
        Ok(done) => done,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let mut text = format!(
        "Wrote {} from {}.\n",
        dir.join(crate::config::FILE_NAME).display(),
        done.from.join(", ")
    );
    if !done.notes.is_empty() {
        text.push_str(&format!(
            "\nNot mapped ({}), with what to do instead (also kept as comments in sitegen.toml):\n",
            done.notes.len()
        ));
        for n in &done.notes {
            let at = match n.line {
                Some(l) => format!("{}:{l}", n.file),
                None => n.file.clone(),
            };
            text.push_str(&format!("  {at}: `{}`: {}\n", n.key, n.advice));
        }
    }
    if !done.shortcodes.is_empty() {
        text.push_str("\nShortcodes the content calls:\n");
        for u in &done.shortcodes {
            text.push_str(&format!("  {}\n", shortcode_line(u)));
        }
    }
    for p in &done.config_problems {
        text.push_str(&format!("\nsitegen.toml needs an edit: {p}\n"));
    }
    let cd = if dir == std::path::Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", dir.display())
    };
    text.push_str(&format!(
        "\nNext:\n  {cd}sitegen check    # what sitegen finds in the content\n  {cd}sitegen serve    # preview it, live\n"
    ));
    out.info(text.trim_end());
    ExitCode::SUCCESS
}

/// "alert (12 calls): built in", "widget (3 calls): port layouts/shortcodes/widget.html …".
fn shortcode_line(u: &crate::scaffold::hugo::Use) -> String {
    use crate::scaffold::hugo::Origin;
    let calls = crate::diagnostics::counted(u.calls, "call");
    let (file, line) = &u.first;
    let what = match (&u.origin, &u.overridden) {
        (Origin::BuiltIn, None) => "built in".to_string(),
        (Origin::BuiltIn, Some(t)) => format!(
            "built in; the site has its own {t}: if it differs, port it to templates/shortcodes/{}.html (Tera)",
            u.name
        ),
        (Origin::Template(t), _) => format!(
            "port {t} to templates/shortcodes/{}.html (Tera); first called at {file}:{line}",
            u.name
        ),
        (Origin::Unknown, _) => format!(
            "not found (a Hugo module's, or a typo): write templates/shortcodes/{}.html; first called at {file}:{line}",
            u.name
        ),
    };
    format!("{} ({calls}): {what}", u.name)
}
