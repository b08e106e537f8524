//! `sitegen init`: a new support site in a folder — `sitegen.toml`, a home page, the support
//! process, levels of support, an FAQ section with one dated entry, `.gitignore` — from the
//! starter files in `starter/`, embedded in the binary. It never overwrites: when a file it
//! would write exists, it writes nothing.

use include_dir::{Dir, include_dir};
use jiff::civil::Date;
use std::path::{Path, PathBuf};

pub(crate) mod hugo;

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/starter");

/// What to make.
pub(crate) struct Plan<'a> {
    /// The folder the site goes in (created when missing).
    pub(crate) dir: &'a Path,
    /// The project's name, as pages say it.
    pub(crate) project: String,
    /// Languages, the default first.
    pub(crate) languages: Vec<String>,
    /// Only `sitegen.toml`, `.gitignore` and a home page per language.
    pub(crate) bare: bool,
    /// The date the FAQ entry was added.
    pub(crate) today: Date,
}

/// A file to write: its path relative to the site and its text.
struct File {
    path: PathBuf,
    text: String,
}

/// Writes the site; returns the files written (relative to `plan.dir`), or what stopped it.
pub(crate) fn init(plan: &Plan) -> Result<Vec<PathBuf>, String> {
    for lang in &plan.languages {
        crate::config::validate_language_code(lang)?;
    }
    let mut files = files(plan);
    // An existing .gitignore (the repository's own) gets the output folder added, not replaced.
    let gitignore = plan.dir.join(".gitignore");
    let old_gitignore = std::fs::read_to_string(&gitignore).ok();
    if old_gitignore.is_some() {
        files.retain(|f| f.path != Path::new(".gitignore"));
    }
    let existing: Vec<String> = files
        .iter()
        .filter(|f| plan.dir.join(&f.path).exists())
        .map(|f| f.path.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(format!(
            "{} already has {}; sitegen init never overwrites (choose an empty folder, or remove them)",
            plan.dir.display(),
            existing.join(", ")
        ));
    }
    if old_gitignore.is_some() {
        ignore_output(plan.dir)?;
    }
    for f in &files {
        let path = plan.dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &f.text)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(files.into_iter().map(|f| f.path).collect())
}

/// The repository's `.gitignore` in `dir`, when there is one, gets the output folder added.
fn ignore_output(dir: &Path) -> Result<(), String> {
    let gitignore = dir.join(".gitignore");
    let Ok(old) = std::fs::read_to_string(&gitignore) else {
        return Ok(());
    };
    if old.lines().any(|l| l.trim().trim_matches('/') == "public") {
        return Ok(());
    }
    let sep = if old.is_empty() || old.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    std::fs::write(&gitignore, format!("{old}{sep}/public/\n"))
        .map_err(|e| format!("cannot write {}: {e}", gitignore.display()))
}

fn files(plan: &Plan) -> Vec<File> {
    let default = &plan.languages[0];
    let multilingual = plan.languages.len() > 1;
    let content = |lang: &str| -> PathBuf {
        match multilingual {
            true => Path::new("content").join(lang),
            false => PathBuf::from("content"),
        }
    };
    let fill = |text: &str, lang: &str, home: &Path| {
        text.replace("{project}", &plan.project)
            .replace("{title}", &title(plan, lang))
            .replace("{today}", &plan.today.to_string())
            .replace("{lang}", lang)
            .replace("{home_file}", &home.display().to_string())
    };
    let mut out = vec![
        File {
            path: "sitegen.toml".into(),
            text: config(plan),
        },
        File {
            path: ".gitignore".into(),
            text: "/public/\n/.public.sitegen-*\n".into(),
        },
    ];
    let home = content(default).join("_index.md");
    if plan.bare {
        out.push(File {
            path: home.clone(),
            text: fill(starter("bare_home.md"), default, &home),
        });
    }
    for file in starter_files().into_iter().filter(|_| !plan.bare) {
        let rel = file.path().strip_prefix("content").expect("under content/");
        let text = file.contents_utf8().expect("starter files are UTF-8");
        out.push(File {
            path: content(default).join(rel),
            text: fill(text, default, &home),
        });
    }
    let translated = starter("translated_home.md");
    for lang in plan.languages.iter().skip(1) {
        let home = content(lang).join("_index.md");
        out.push(File {
            text: fill(translated, lang, &home),
            path: home,
        });
        if !theme_has_strings(lang) {
            out.push(File {
                path: Path::new("i18n").join(lang).join("theme.ftl"),
                text: strings_to_translate(lang),
            });
        }
    }
    out
}

/// A starter file outside `content/`.
fn starter(name: &str) -> &'static str {
    STARTER
        .get_file(name)
        .and_then(|f| f.contents_utf8())
        .expect("a starter file")
}

/// The starter's pages, in a stable order.
fn starter_files() -> Vec<&'static include_dir::File<'static>> {
    fn all(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
        out.extend(dir.files());
        for d in dir.dirs() {
            all(d, out);
        }
    }
    let mut out = Vec::new();
    all(
        STARTER.get_dir("content").expect("starter content"),
        &mut out,
    );
    out.sort_by_key(|f| f.path());
    out
}

fn title(plan: &Plan, lang: &str) -> String {
    match lang.split('-').next() {
        Some("zh") => format!("{} 支持中心", plan.project),
        Some("ja") => format!("{} サポート", plan.project),
        Some("de") => format!("{} Support", plan.project),
        Some("fr") => format!("Assistance {}", plan.project),
        Some("es") => format!("Soporte de {}", plan.project),
        _ => format!("{} Support", plan.project),
    }
}

/// The language's own name for itself, for the language switcher.
pub(super) fn language_name(code: &str) -> &str {
    match code.split('-').next().unwrap_or(code) {
        "en" => "English",
        "zh" => "中文",
        "ja" => "日本語",
        "ko" => "한국어",
        "de" => "Deutsch",
        "fr" => "Français",
        "es" => "Español",
        "pt" => "Português",
        "it" => "Italiano",
        "ru" => "Русский",
        "uk" => "Українська",
        "nl" => "Nederlands",
        "pl" => "Polski",
        "tr" => "Türkçe",
        "vi" => "Tiếng Việt",
        "id" => "Bahasa Indonesia",
        "hi" => "हिन्दी",
        "ar" => "العربية",
        _ => code,
    }
}

fn config(plan: &Plan) -> String {
    let default = &plan.languages[0];
    let mut s = format!(
        "# The site's configuration: README.md (\"sitegen.toml\") lists every key.\n\
         title = {}\n\
         description = {}\n\
         # Where the site is published; a path (https://example.org/docs/) prefixes every URL.\n\
         base_url = \"https://example.org/\"\n\
         default_language = {}\n",
        toml_string(&title(plan, default)),
        toml_string(&format!(
            "Help, support policies and answers to common questions for {}.",
            plan.project
        )),
        toml_string(default),
    );
    for lang in &plan.languages {
        s.push_str(&format!(
            "\n[languages.{}]\nname = {}\ntitle = {}\n",
            toml_key(lang),
            toml_string(language_name(lang)),
            toml_string(&title(plan, lang)),
        ));
    }
    s.push_str(
        "\n[faq]\n# An answer not reviewed for this many days is flagged as stale.\nstale_after = 365\nreview_soon = 30\n\
         \n[markdown]\n# Code blocks are highlighted when the site is built (the default; false leaves them to a\n# highlighter in the browser; README: \"Code blocks\").\nhighlight = true\n",
    );
    s
}

pub(super) fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

pub(super) fn toml_key(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        s.to_string()
    } else {
        toml_string(s)
    }
}

/// Whether the default theme carries UI strings for `lang` (its own or its base language's).
fn theme_has_strings(lang: &str) -> bool {
    crate::theme::default_theme_languages()
        .iter()
        .any(|l| l == lang || Some(l.as_str()) == lang.split('-').next())
}

/// The default theme's English UI strings, to be translated into `lang`.
fn strings_to_translate(lang: &str) -> String {
    format!(
        "# The theme's UI strings in `{lang}`: translate the text after each `=`.\n\
         # Until then they read as English (the keys must stay as they are).\n\n{}",
        crate::theme::default_theme_strings("en").unwrap_or_default()
    )
}
