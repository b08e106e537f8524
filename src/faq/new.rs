//! `sitegen new faq`: writing a new entry's file.

use crate::config::Config;
use jiff::civil::Date;

/// What `sitegen new faq` needs to know.
pub(crate) struct NewEntry<'a> {
    pub(crate) question: &'a str,
    pub(crate) lang: &'a str,
    pub(crate) category: Option<&'a str>,
    pub(crate) today: Date,
}

/// Writes `content/<lang>/<faq section>/<slug>.md` with today's date, refusing to overwrite.
/// Returns the path written, relative to the site root.
pub(crate) fn new_entry(
    root: &std::path::Path,
    config: &Config,
    new: &NewEntry,
) -> Result<std::path::PathBuf, String> {
    if !config.languages.contains_key(new.lang) {
        return Err(format!(
            "`{}` is not a language of this site (sitegen.toml has {})",
            new.lang,
            config.language_codes().collect::<Vec<_>>().join(", ")
        ));
    }
    let question = new.question.trim();
    if question.is_empty() {
        return Err("the question is empty".into());
    }
    let slug = file_slug(question);
    let section = config
        .faq
        .sections
        .first()
        .map(|s| s.trim_matches('/'))
        .unwrap_or("faq");
    let content = root.join("content");
    let per_language = config.language_codes().any(|c| content.join(c).is_dir());
    let dir = if per_language || config.is_multilingual() {
        std::path::Path::new("content").join(new.lang).join(section)
    } else {
        std::path::Path::new("content").join(section)
    };
    if let Some(c) = new.category {
        check_category(c, &root.join(&dir), config)?;
    }
    let rel = dir.join(format!("{slug}.md"));
    let path = root.join(&rel);
    let category = new
        .category
        .map(|c| format!("category: {}\n", yaml_string(c)))
        .unwrap_or_default();
    let text = format!(
        "---\ntitle: {}\nadded: {}\n{category}---\nWrite the answer here: short, concrete, with links to the pages that explain more.\n",
        yaml_string(question),
        new.today
    );
    std::fs::create_dir_all(root.join(&dir))
        .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!("{} already exists; not overwriting it", rel.display())
            }
            _ => format!("cannot write {}: {e}", rel.display()),
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", rel.display()))?;
    Ok(rel)
}

/// The file name for a question: its slug without leading, trailing or doubled dashes
/// ("How do I ...?" → `how-do-i`).
fn file_slug(question: &str) -> String {
    let slug = crate::markdown::slugify(question);
    let parts: Vec<&str> = slug.split('-').filter(|p| !p.is_empty()).collect();
    match parts.is_empty() {
        true => "entry".to_string(),
        false => parts.join("-"),
    }
}

/// A category must be one the site knows: configured in `[faq.categories]`, or used by an entry
/// of the FAQ section already. A typo would otherwise start a category of its own.
fn check_category(category: &str, dir: &std::path::Path, config: &Config) -> Result<(), String> {
    let mut known: std::collections::BTreeSet<String> =
        config.faq.categories.keys().cloned().collect();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let split = crate::content::frontmatter::split(&text);
        if let Ok(fm) = split.as_ref().map(crate::content::frontmatter::parse)
            && let Ok(fm) = fm
            && let Some(c) = fm.category
        {
            known.insert(c);
        }
    }
    if known.contains(category) {
        return Ok(());
    }
    let list = known.into_iter().collect::<Vec<_>>().join(", ");
    Err(match list.is_empty() {
        true => format!(
            "unknown category `{category}`: the FAQ has no categories yet; add `[faq.categories.{category}]` to sitegen.toml to start one"
        ),
        false => format!(
            "unknown category `{category}`: the FAQ's categories are {list} (add `[faq.categories.{category}]` to sitegen.toml to start a new one)"
        ),
    })
}

/// A YAML double-quoted string.
fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_have_no_stray_dashes() {
        assert_eq!(file_slug("How do I ...?"), "how-do-i");
        assert_eq!(file_slug("  -- Why -- not? "), "why-not");
        assert_eq!(file_slug("如何获取支持？"), "如何获取支持");
        assert_eq!(file_slug("???"), "entry");
    }
}
