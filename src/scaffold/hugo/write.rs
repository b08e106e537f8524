//! The mapped configuration written out as `sitegen.toml`: the keys sitegen reads, comments
//! for the Hugo settings it needs no key for, and the keys it could not map.

use super::super::{toml_key as key, toml_string as string};
use super::map::Mapped;
use toml::{Table, Value};

/// The text of `sitegen.toml`. `from` names the Hugo files read; `fallback_title` is used when
/// the Hugo site has no title.
pub(super) fn to_toml(m: &Mapped, from: &str, fallback_title: &str) -> String {
    let default = default_language(m);
    let mut s = format!(
        "# Made by `sitegen init --from-hugo` from {from}.\n\
         # README.md (\"sitegen.toml\") lists every key.\n"
    );
    s.push_str(&format!(
        "title = {}\n",
        string(m.title.as_deref().unwrap_or(fallback_title))
    ));
    if let Some(d) = &m.description {
        s.push_str(&format!("description = {}\n", string(d)));
    }
    match &m.base_url {
        Some(url) => s.push_str(&format!("base_url = {}\n", string(url))),
        None => s.push_str("# Where the site is published (Hugo's config had no baseURL).\nbase_url = \"https://example.org/\"\n"),
    }
    s.push_str(&format!("default_language = {}\n", string(&default)));
    if let Some(dir) = m.output_dir.as_deref().filter(|d| *d != "public") {
        s.push_str(&format!("output_dir = {}\n", string(dir)));
    }
    if !m.comments.is_empty() {
        s.push_str("\n# Hugo settings sitegen needs no key for:\n");
        for c in &m.comments {
            s.push_str(&format!("# - {c}\n"));
        }
    }
    languages(m, &default, &mut s);
    for (name, table) in [
        ("params", &m.params),
        ("permalinks", &m.permalinks),
        ("menus", &m.menus),
    ] {
        if !table.is_empty() {
            s.push('\n');
            s.push_str(&section(&[name], Value::Table(table.clone())));
        }
    }
    if let Some(url) = &m.repository {
        s.push_str(&format!(
            "\n[links]\n# From Docsy's github_repo: links to repository files outside content/ go here.\nrepository = {}\n",
            string(url)
        ));
    }
    s.push_str(
        "\n[markdown]\n# Code fences are highlighted at build time, as Hugo does (the default; false turns it off).\nhighlight = true\n",
    );
    if !m.notes.is_empty() {
        s.push_str("\n# Not mapped from the Hugo configuration (what to do instead):\n");
        for n in &m.notes {
            let at = match n.line {
                Some(l) => format!("{}:{l}", n.file),
                None => n.file.clone(),
            };
            s.push_str(&format!("# - {at}: `{}`: {}\n", n.key, n.advice));
        }
    }
    s
}

/// Hugo's `defaultContentLanguage`, else `en` when there is such a language (Hugo's
/// default), else the first language, else the site's `languageCode` without its region.
fn default_language(m: &Mapped) -> String {
    if let Some(d) = &m.default_language {
        return d.clone();
    }
    if m.languages.is_empty() {
        let code = m.language_code.as_deref().unwrap_or("en");
        return code
            .split(['-', '_'])
            .next()
            .unwrap_or("en")
            .to_ascii_lowercase();
    }
    match m.languages.iter().find(|l| l.code == "en") {
        Some(l) => l.code.clone(),
        None => m.languages[0].code.clone(),
    }
}

/// `[languages.*]`, the default language first, then by Hugo's `weight`.
fn languages(m: &Mapped, default: &str, s: &mut String) {
    let mut order: Vec<_> = m.languages.iter().collect();
    order.sort_by_key(|l| (l.code != default, l.weight));
    if order.is_empty() {
        s.push_str(&format!(
            "\n[languages.{}]\nname = {}\n",
            key(default),
            string(super::super::language_name(default))
        ));
        return;
    }
    for l in order {
        s.push_str(&format!("\n[languages.{}]\n", key(&l.code)));
        let name = l
            .name
            .as_deref()
            .unwrap_or(super::super::language_name(&l.code));
        s.push_str(&format!("name = {}\n", string(name)));
        if let Some(t) = &l.title {
            s.push_str(&format!("title = {}\n", string(t)));
        }
        if let Some(d) = &l.description {
            s.push_str(&format!("description = {}\n", string(d)));
        }
        if !l.menus.is_empty() {
            s.push('\n');
            s.push_str(&section(
                &["languages", &l.code, "menus"],
                Value::Table(l.menus.clone()),
            ));
        }
    }
}

/// `value` written as TOML under the table path `path` (`[params]`, `[[menus.main]]`).
fn section(path: &[&str], value: Value) -> String {
    let mut wrapped = value;
    for k in path.iter().rev() {
        let mut t = Table::new();
        t.insert(k.to_string(), wrapped);
        wrapped = Value::Table(t);
    }
    toml::to_string(&wrapped).unwrap_or_default()
}
