//! `sitegen init --from-hugo`: a Hugo site's configuration read (`source.rs`), mapped to
//! sitegen's keys (`map.rs`) and written as `sitegen.toml` (`write.rs`), with what could not be
//! mapped and the shortcodes the content calls (`shortcodes.rs`) returned for the command to
//! print. It writes `sitegen.toml` only, and never over an existing one.

mod map;
mod shortcodes;
mod source;
mod write;

pub(crate) use map::Note;
pub(crate) use shortcodes::{Origin, Use};
use std::path::Path;

/// What `--from-hugo` did and found.
pub(crate) struct Converted {
    /// The Hugo configuration files read.
    pub(crate) from: Vec<String>,
    /// Keys and folders that could not be mapped, with what to do instead.
    pub(crate) notes: Vec<Note>,
    /// The shortcodes the content calls.
    pub(crate) shortcodes: Vec<Use>,
    /// Problems sitegen finds in the new `sitegen.toml` (e.g. an invalid language code).
    pub(crate) config_problems: Vec<String>,
}

/// Writes `dir/sitegen.toml` from the Hugo configuration in `dir`.
pub(crate) fn convert(dir: &Path, fallback_title: &str) -> Result<Converted, String> {
    let target = dir.join(crate::config::FILE_NAME);
    if target.exists() {
        return Err(format!(
            "{} already exists; sitegen init never overwrites (remove it to convert again)",
            target.display()
        ));
    }
    let config = source::HugoConfig::read(dir)?;
    // Hugo's `theme`: a name, or a list whose first is the site's own theme folder.
    let theme = config.table.get("theme").and_then(|t| match t {
        toml::Value::Array(list) => list.first().and_then(|v| v.as_str()).map(str::to_string),
        t => t.as_str().map(str::to_string),
    });
    let mut mapped = map::map(&config, dir);
    mapped.notes.extend(folder_notes(dir));
    let from: Vec<String> = config
        .files
        .iter()
        .map(|f| f.path.display().to_string())
        .collect();
    let text = write::to_toml(&mapped, &from.join(", "), fallback_title);
    let config_problems = match crate::config::Config::parse_all(&text) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(|d| d.to_string()).collect(),
    };
    std::fs::write(&target, text).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    super::ignore_output(dir)?;
    Ok(Converted {
        from,
        notes: mapped.notes,
        shortcodes: shortcodes::used(dir, theme.as_deref()),
        config_problems,
    })
}

/// Hugo folders sitegen does not read, with what to do instead.
fn folder_notes(dir: &Path) -> Vec<Note> {
    let mut notes = Vec::new();
    let mut note = |folder: &str, advice: &str| {
        notes.push(Note {
            file: format!("{folder}/"),
            line: None,
            key: folder.to_string(),
            advice: advice.to_string(),
        })
    };
    if dir.join("layouts").is_dir() {
        note(
            "layouts",
            "Go templates are not used: sitegen renders with its default theme; port the shortcodes listed below to templates/shortcodes/<name>.html (Tera), and page layouts to templates/ only where the default theme's do not fit",
        );
    }
    let hugo_strings = std::fs::read_dir(dir.join("i18n"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .any(|e| e.path().is_file());
    if hugo_strings {
        note(
            "i18n",
            "Hugo's string tables (i18n/<lang>.toml) serve its Go templates; sitegen's UI strings are Fluent files in i18n/<lang>/*.ftl: move there the strings your ported templates call with t(key=…)",
        );
    }
    if dir.join("assets").is_dir() {
        note(
            "assets",
            "Hugo Pipes (SCSS, bundling) are not run: put built CSS and JavaScript in static/",
        );
    }
    notes
}

#[cfg(test)]
mod tests;
