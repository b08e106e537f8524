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
    let slug = crate::markdown::slugify(question);
    let slug = if slug.is_empty() {
        "entry".to_string()
    } else {
        slug
    };
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

/// A YAML double-quoted string.
fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
