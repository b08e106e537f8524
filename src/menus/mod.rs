//! Menus: the entries of `[[menus.<name>]]` (per language `[[languages.<code>.menus.<name>]]`)
//! and of pages' front matter `menu` (Hugo's forms), resolved for one language into trees
//! ordered by weight then name. A `page` entry becomes that page's URL in the language; every
//! internal URL is checked against the site's pages and files, and each problem points at the
//! entry's line (`sitegen.toml` or the page's front matter). Templates get the trees as `menus`
//! (`crate::view::menus` marks the current page); `Site::check` reports what `build` finds.

use crate::config::{Config, MenuEntryConfig};
use crate::content::Content;
use crate::diagnostics::Diagnostic;
use crate::i18n::Strings;
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;
use std::path::PathBuf;

/// What menus are made from.
pub(crate) struct Sources<'a> {
    pub(crate) config: &'a Config,
    pub(crate) content: &'a Content,
    pub(crate) strings: &'a Strings,
    /// Whether a root-relative decoded URL is a static file or a content asset.
    pub(crate) is_file: &'a dyn Fn(&str) -> bool,
}

/// One menu entry, placed in its tree.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct Item {
    pub(crate) identifier: String,
    pub(crate) name: String,
    pub(crate) url: String,
    pub(crate) pre: String,
    pub(crate) post: String,
    pub(crate) weight: i64,
    /// A link out of the site (`https://…`, `mailto:`).
    pub(crate) external: bool,
    pub(crate) children: Vec<Item>,
}

/// Menus by name.
pub(crate) type Menus = IndexMap<String, Vec<Item>>;

/// An entry before it is placed: where it was written, for diagnostics.
struct Raw {
    menu: String,
    item: Item,
    parent: Option<String>,
    file: PathBuf,
    line: Option<usize>,
}

/// Every language's menus: what templates get, and what was wrong (each problem once).
pub(crate) fn all(src: &Sources) -> (IndexMap<String, Menus>, Vec<Diagnostic>) {
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut out = IndexMap::new();
    for lang in src.config.language_codes() {
        let (menus, found) = of_language(src, lang);
        for d in found {
            if !diags
                .iter()
                .any(|o| o.file == d.file && o.line == d.line && o.message == d.message)
            {
                diags.push(d);
            }
        }
        out.insert(lang.to_string(), menus);
    }
    (out, diags)
}

/// The menus of `lang`, and what was wrong with their entries.
pub(crate) fn of_language(src: &Sources, lang: &str) -> (Menus, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut raws = Vec::new();
    for (menu, entries) in src.config.menus_of(lang) {
        for e in entries {
            if let Some(raw) = from_config(src, lang, &menu, &e, &mut diags) {
                raws.push(raw);
            }
        }
    }
    for page in &src.content.pages {
        if page.lang != lang || page.fallback_of.is_some() || !page.has_url() {
            continue;
        }
        for key in ["menu", "menus"] {
            if let Some(v) = page.fm.params.get(key) {
                let line = page.fm.line_of(key);
                raws.extend(from_front_matter(page, v, line, &mut diags));
            }
        }
    }
    (tree(raws, &mut diags), diags)
}

fn menu_error(
    file: impl Into<PathBuf>,
    line: Option<usize>,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic::error("menu", message).at(file.into(), line)
}

/// A `[[menus.<name>]]` entry with its URL resolved, or None (and why) when it cannot be.
fn from_config(
    src: &Sources,
    lang: &str,
    menu: &str,
    e: &MenuEntryConfig,
    diags: &mut Vec<Diagnostic>,
) -> Option<Raw> {
    let file = crate::config::FILE_NAME;
    let what = format!(
        "[[menus.{menu}]] entry `{}`",
        e.name.as_deref().or(e.name_key.as_deref()).unwrap_or("?")
    );
    let name = match (&e.name_key, &e.name) {
        (Some(key), fallback) => match src.strings.get(lang, key, None).text() {
            Some(text) => text,
            None => match fallback {
                Some(n) => n.clone(),
                None => {
                    diags.push(menu_error(
                        file,
                        e.line,
                        format!(
                            "{what}: there is no UI string `{key}` (name_key) in i18n/{lang}/ nor in the default language"
                        ),
                    ));
                    key.clone()
                }
            },
        },
        (None, Some(n)) => n.clone(),
        (None, None) => {
            diags.push(menu_error(
                file,
                e.line,
                format!("[[menus.{menu}]]: an entry needs a `name` (or a `name_key`)"),
            ));
            return None;
        }
    };
    let url = match (&e.url, &e.page) {
        (Some(_), Some(_)) | (None, None) => {
            diags.push(menu_error(
                file,
                e.line,
                format!("{what}: give either `url` or `page`, not both nor neither"),
            ));
            return None;
        }
        (Some(url), None) => match check_url(src, url) {
            Ok(u) => u,
            Err(why) => {
                diags.push(menu_error(file, e.line, format!("{what}: {why}")));
                return None;
            }
        },
        (None, Some(page)) => match page_url(src, lang, page) {
            Some(u) => u,
            None => {
                diags.push(menu_error(
                    file,
                    e.line,
                    format!("{what}: `page = \"{page}\"` names no page (a file under content/, like `docs/install.md`)"),
                ));
                return None;
            }
        },
    };
    Some(Raw {
        menu: menu.to_string(),
        item: Item {
            identifier: e.identifier.clone().unwrap_or_else(|| name.clone()),
            external: is_external(&url),
            name,
            url,
            pre: e.pre.clone().unwrap_or_default(),
            post: e.post.clone().unwrap_or_default(),
            weight: e.weight,
            children: Vec::new(),
        },
        parent: e.parent.clone(),
        file: file.into(),
        line: e.line,
    })
}

fn is_external(url: &str) -> bool {
    url.contains("://") || url.starts_with("mailto:") || url.starts_with("//")
}

/// The URL an entry's `url` links to: external ones as written, site paths under the site's
/// root; an error when a site path finds no page nor file.
fn check_url(src: &Sources, url: &str) -> Result<String, String> {
    if is_external(url) || url.starts_with('#') {
        return Ok(url.to_string());
    }
    let root = src.config.root_path();
    let full = match url.strip_prefix(root.as_str()) {
        Some(_) => url.to_string(),
        None => format!("{root}{}", url.trim_start_matches('/')),
    };
    let path = full.split(['#', '?']).next().unwrap_or("");
    let decoded = crate::content::decode(path);
    let found = src.content.by_url.contains_key(&decoded)
        || (!decoded.ends_with('/') && src.content.by_url.contains_key(&format!("{decoded}/")))
        || (src.is_file)(&decoded);
    match found {
        true => Ok(full),
        false => Err(format!(
            "`url = \"{url}\"` is no page nor file of the site (an external link needs its scheme, `https://`)"
        )),
    }
}

/// The URL of the page `page` (`docs/install.md`, relative to the language's content tree) in
/// `lang`, else in the default language.
fn page_url(src: &Sources, lang: &str, page: &str) -> Option<String> {
    let page = page.trim_start_matches('/');
    let content = src.content;
    [lang, src.config.default_language.as_str()]
        .iter()
        .find_map(|l| content.by_source.get(l, page))
        .map(|i| &content.pages[i])
        .filter(|p| p.has_url())
        .map(|p| p.url.clone())
}

/// The entries a page's front matter `menu` adds: `menu: main`, `menu: [main, footer]` or
/// `menu: {main: {weight: 3, parent: docs, name: …, identifier: …, pre: …, post: …}}`.
fn from_front_matter(
    page: &crate::content::Page,
    value: &Value,
    line: usize,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Raw> {
    let file = page.diag_file();
    let mut bad = |why: &str| {
        diags.push(menu_error(&file, Some(line), why.to_string()));
    };
    let named: Vec<(String, Option<&serde_json::Map<String, Value>>)> = match value {
        Value::String(s) => vec![(s.clone(), None)],
        Value::Array(a) if a.iter().all(Value::is_string) => a
            .iter()
            .filter_map(|v| Some((v.as_str()?.to_string(), None)))
            .collect(),
        Value::Object(m) => {
            let mut out = Vec::new();
            for (k, v) in m {
                match v {
                    Value::Object(o) => out.push((k.clone(), Some(o))),
                    Value::Null => out.push((k.clone(), None)),
                    _ => bad(&format!(
                        "menu `{k}`: its value must be a table (weight, parent, name, identifier, pre, post)"
                    )),
                }
            }
            out
        }
        _ => {
            bad(
                "`menu` must be a menu's name, a list of names, or a table of menus (`menu: {main: {weight: 3}}`)",
            );
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (menu, opts) in named {
        let get = |k: &str| opts.and_then(|o| o.get(k));
        let text = |k: &str| get(k).and_then(Value::as_str).map(str::to_string);
        if let Some(o) = opts
            && let Some(k) = o.keys().find(|k| {
                !matches!(
                    k.as_str(),
                    "weight" | "parent" | "name" | "identifier" | "pre" | "post"
                )
            })
        {
            bad(&format!(
                "menu `{menu}`: unknown key `{k}` (the keys are weight, parent, name, identifier, pre, post)"
            ));
        }
        let weight = match get("weight") {
            None => page.fm.weight.unwrap_or(0),
            Some(w) => match w.as_i64() {
                Some(w) => w,
                None => {
                    bad(&format!("menu `{menu}`: weight must be a whole number"));
                    0
                }
            },
        };
        let name = text("name").unwrap_or_else(|| page.nav_title().to_string());
        out.push(Raw {
            menu,
            item: Item {
                identifier: text("identifier").unwrap_or_else(|| name.clone()),
                name,
                url: page.url.clone(),
                pre: text("pre").unwrap_or_default(),
                post: text("post").unwrap_or_default(),
                weight,
                external: false,
                children: Vec::new(),
            },
            parent: text("parent"),
            file: file.clone(),
            line: Some(line),
        });
    }
    out
}

/// The entries placed under their parents, each level ordered by weight then name.
fn tree(raws: Vec<Raw>, diags: &mut Vec<Diagnostic>) -> Menus {
    let mut by_menu: IndexMap<String, Vec<Raw>> = IndexMap::new();
    for r in raws {
        by_menu.entry(r.menu.clone()).or_default().push(r);
    }
    let mut menus = Menus::new();
    for (menu, mut entries) in by_menu {
        for i in 0..entries.len() {
            let id = &entries[i].item.identifier;
            if entries[..i].iter().any(|e| &e.item.identifier == id) {
                let message = format!(
                    "menu `{menu}`: two entries have the identifier `{id}` (give one an `identifier`)"
                );
                diags.push(menu_error(&entries[i].file, entries[i].line, message));
            }
        }
        for e in &entries {
            if let Some(p) = &e.parent
                && !entries.iter().any(|o| &o.item.identifier == p)
            {
                let message = format!(
                    "menu `{menu}` entry `{}`: its parent `{p}` is no entry of the menu",
                    e.item.name
                );
                diags.push(menu_error(&e.file, e.line, message));
            }
        }
        entries.sort_by(|a, b| {
            (a.item.weight, a.item.name.to_lowercase())
                .cmp(&(b.item.weight, b.item.name.to_lowercase()))
        });
        let items = children(&entries, None, 0);
        menus.insert(menu, items);
    }
    menus
}

/// The entries under `parent` (None: the top level), at most 10 levels deep (a parent cycle
/// ends there).
fn children(entries: &[Raw], parent: Option<&str>, depth: usize) -> Vec<Item> {
    if depth > 10 {
        return Vec::new();
    }
    entries
        .iter()
        .filter(|e| e.parent.as_deref() == parent)
        .map(|e| {
            let mut item = e.item.clone();
            item.children = children(entries, Some(&e.item.identifier), depth + 1);
            item
        })
        .collect()
}
