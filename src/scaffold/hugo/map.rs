//! Hugo's configuration keys mapped to sitegen's: what maps becomes `sitegen.toml`, what does
//! not becomes a note with the key's file and line and what to do instead.

use super::source::HugoConfig;
use std::path::Path;
use toml::{Table, Value};

/// A key that could not be mapped: where it is and what to do instead.
pub(crate) struct Note {
    pub(crate) file: String,
    pub(crate) line: Option<usize>,
    pub(crate) key: String,
    pub(crate) advice: String,
}

/// One language of the new configuration.
#[derive(Default)]
pub(super) struct Language {
    pub(super) code: String,
    pub(super) weight: i64,
    pub(super) name: Option<String>,
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    pub(super) menus: Table,
}

/// What the Hugo configuration says, in sitegen's terms.
#[derive(Default)]
pub(super) struct Mapped {
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    pub(super) base_url: Option<String>,
    pub(super) default_language: Option<String>,
    pub(super) language_code: Option<String>,
    pub(super) output_dir: Option<String>,
    pub(super) languages: Vec<Language>,
    pub(super) params: Table,
    pub(super) permalinks: Table,
    pub(super) menus: Table,
    /// `[links] repository`, from Docsy's GitHub params.
    pub(super) repository: Option<String>,
    /// Comments for the new file: Hugo settings sitegen needs no key for.
    pub(super) comments: Vec<String>,
    pub(super) notes: Vec<Note>,
}

/// Hugo root keys sitegen has no key for, each with what to do instead.
fn advice_for(key: &str) -> Option<&'static str> {
    Some(match key {
        "theme" => {
            "Hugo themes are Go templates and are not used: sitegen renders with its default theme, which has Hugo's and Docsy's shortcodes built in; restyle it by putting Tera templates in templates/ (README: \"Templates\")"
        }
        "module" => {
            "Hugo modules (themes, mounts) are not read: content must be under content/, and the theme is sitegen's (see `theme`)"
        }
        "taxonomies" => {
            "sitegen makes no taxonomy pages; `tags` and `categories` stay in front matter, where templates see them as page params (FAQ entries use `category`)"
        }
        "outputs" | "outputformats" | "mediatypes" => {
            "sitegen writes HTML pages, sitemap.xml, robots.txt, FAQ Atom feeds and its search index; other output formats are not made"
        }
        "enablerobotstxt" => {
            "sitegen always writes robots.txt; a static/robots.txt of your own replaces it: remove the key"
        }
        "disablekinds" => {
            "every page and section is built; leave pages out with `_build: {render: never}` or `headless: true` in their front matter"
        }
        "pagination" | "paginate" | "paginatepath" => {
            "section pages list all their pages, without pagination: remove the key"
        }
        "summarylength" => {
            "a page's summary is its first paragraph, or the text before `<!--more-->`"
        }
        "uglyurls" => "sitegen writes every page as <path>/index.html",
        "canonifyurls" | "relativeurls" => {
            "links are written as site paths under base_url's path: remove the key"
        }
        "builddrafts" | "buildfuture" | "buildexpired" => {
            "drafts (`draft: true`) are never built; future and expired dates are not judged"
        }
        "contentdir" | "staticdir" | "datadir" | "layoutdir" | "assetdir" | "i18ndir"
        | "archetypedir" | "themesdir" | "resourcedir" => {
            "sitegen reads content/, static/, data/, templates/ and i18n/ at the site's root: move the folder there"
        }
        "googleanalytics" | "services" | "privacy" => {
            "add the analytics snippet to a copy of the theme's base template (templates/base.html)"
        }
        "imaging"
        | "minify"
        | "caches"
        | "build"
        | "security"
        | "timeout"
        | "deployment"
        | "cleandestinationdir"
        | "ignorecache"
        | "related"
        | "segments"
        | "httpcache" => "a Hugo build setting with no sitegen counterpart: remove it",
        "defaultcontentlanguageinsubdir" => {
            "the default language is served at the site's root and the others under /<code>/; this is not configurable"
        }
        "enablemissingtranslationplaceholders" => {
            "untranslated pages are shown in the default language with a notice ([i18n] untranslated = \"fallback\", the default), or left out (\"omit\")"
        }
        "ignorefiles" => {
            "editor and merge leftovers are never read; leave other pages out with `draft: true`, `headless: true` or `_build`"
        }
        "enableemoji" => "`:emoji:` codes are not replaced: write the emoji itself",
        "enableinlineshortcodes" => {
            "inline shortcodes are not supported: move each into templates/shortcodes/"
        }
        "frontmatter" => {
            "dates come from `date`, `updated`/`lastmod` and git; Hugo's date source order is not configurable"
        }
        "sitemap" => "sitemap.xml is always written, with every page and its translations",
        "disablepathtolower"
        | "removepathaccents"
        | "pluralizelisttitles"
        | "titlecaselisttitles" => {
            "URLs keep the file names' case; section titles come from `title` in _index.md"
        }
        "hasCJKLanguage" | "hascjklanguage" => "CJK text is handled without a setting: remove it",
        _ => return None,
    })
}

/// Maps the configuration. `site` is the Hugo site's folder (to find menu pages' files).
pub(super) fn map(config: &HugoConfig, site: &Path) -> Mapped {
    let mut m = Mapped::default();
    for (key, value) in &config.table {
        let lower = key.to_ascii_lowercase();
        match lower.as_str() {
            "baseurl" => m.base_url = value.as_str().map(str::to_string),
            "title" => m.title = value.as_str().map(str::to_string),
            "description" => m.description = value.as_str().map(str::to_string),
            // A one-language site's pages in content/<lang>/ are read as they are.
            "contentdir" if content_dir_is_language(value, config) => {}
            "defaultcontentlanguage" => m.default_language = value.as_str().map(str::to_string),
            "languagecode" => m.language_code = value.as_str().map(str::to_string),
            "publishdir" => m.output_dir = value.as_str().map(str::to_string),
            "copyright" => {
                m.params.insert("copyright".into(), value.clone());
            }
            "params" => m.map_params(value),
            "languages" => m.map_languages(config, key, value, site),
            "permalinks" => m.map_permalinks(config, key, value),
            "menu" | "menus" => {
                // The site's menus: their pages are looked for in the default language.
                let lang = default_language(config);
                let menus = m.map_menus(config, &[key], value, site, Some(lang));
                merge_menus(&mut m.menus, menus);
            }
            "enablegitinfo" => m.comments.push(
                "enableGitInfo: sitegen reads when each page last changed from git by itself"
                    .into(),
            ),
            "markup" => m.map_markup(config, key, value),
            _ => {
                let advice = advice_for(&lower).unwrap_or(
                    "no sitegen counterpart: remove it, or move it under [params] if your templates read it",
                );
                m.note(config, &[key], advice);
            }
        }
    }
    if let Some((repo, branch, folder)) = github(&m.params) {
        m.repository = Some(format!("{repo}/blob/{branch}/{folder}"));
        if !m.params.contains_key("edit_url_base") {
            let edit = format!("{repo}/edit/{branch}/{folder}");
            m.params.insert("edit_url_base".into(), Value::String(edit));
        }
    }
    m.notes
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    m
}

/// Docsy's `github_repo`, `github_branch` and `github_subdir` (the site's folder in the
/// repository): the repository, the branch, and the folder (`website/`, or "").
fn github(params: &Table) -> Option<(&str, &str, String)> {
    let get = |k: &str| {
        params
            .get(k)
            .and_then(Value::as_str)
            .map(|v| v.trim_matches('/'))
    };
    let repo = get("github_repo").filter(|r| r.starts_with("https://"))?;
    let branch = get("github_branch").unwrap_or("main");
    let folder = get("github_subdir")
        .filter(|s| !s.is_empty())
        .map_or(String::new(), |s| format!("{s}/"));
    Some((repo, branch, folder))
}

/// Hugo's `defaultContentLanguage`, `en` when it has none.
fn default_language(config: &HugoConfig) -> &str {
    config
        .table
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("defaultContentLanguage"))
        .and_then(|(_, v)| v.as_str())
        .unwrap_or("en")
}

/// A root `contentDir` of `content/<the default language>`, which sitegen reads as it is.
fn content_dir_is_language(value: &Value, config: &HugoConfig) -> bool {
    let default = default_language(config);
    value.as_str().map(|d| d.trim_end_matches('/')) == Some(&format!("content/{default}"))
}

impl Mapped {
    fn note(&mut self, config: &HugoConfig, path: &[&str], advice: &str) {
        let (file, line) = config.locate(path);
        self.notes.push(Note {
            file,
            line,
            key: path.join("."),
            advice: advice.to_string(),
        });
    }

    fn map_params(&mut self, value: &Value) {
        let Some(params) = value.as_table() else {
            return;
        };
        for (k, v) in params {
            if k.eq_ignore_ascii_case("description") && self.description.is_none() {
                self.description = v.as_str().map(str::to_string);
            }
            self.params.insert(k.clone(), v.clone());
        }
    }

    fn map_permalinks(&mut self, config: &HugoConfig, key: &str, value: &Value) {
        let Some(table) = value.as_table() else {
            return;
        };
        for (section, pattern) in table {
            match pattern {
                Value::String(_) => {
                    self.permalinks.insert(section.clone(), pattern.clone());
                }
                // Hugo 0.115's form: a table per page kind; sitegen's patterns are for pages.
                Value::Table(kinds) if section == "page" => {
                    for (s, p) in kinds.iter().filter(|(_, p)| p.is_str()) {
                        self.permalinks.insert(s.clone(), p.clone());
                    }
                }
                _ => self.note(
                    config,
                    &[key, section],
                    "sitegen's [permalinks] give the URLs of pages only; sections and terms keep their folder's URL",
                ),
            }
        }
    }

    fn map_markup(&mut self, config: &HugoConfig, key: &str, value: &Value) {
        let Some(table) = value.as_table() else {
            return;
        };
        for (k, v) in table {
            match k.to_ascii_lowercase().as_str() {
                "goldmark" => {
                    let unsafe_html = v
                        .get("renderer")
                        .and_then(|r| r.get("unsafe"))
                        .and_then(Value::as_bool);
                    if unsafe_html == Some(true) {
                        self.comments
                            .push("markup.goldmark.renderer.unsafe: raw HTML is always kept".into());
                    }
                    let others = v.as_table().is_some_and(|t| t.keys().any(|k| k != "renderer"));
                    if others {
                        self.note(
                            config,
                            &[key, k],
                            "sitegen's Markdown is CommonMark with GitHub's tables, task lists, strikethrough, footnotes and heading ids; other Goldmark options are not configurable",
                        );
                    }
                }
                "highlight" => self.comments.push(
                    "markup.highlight: sitegen highlights code blocks when it builds, with CSS classes the theme colours in light and dark (`style` and `noClasses` do not apply; `[markdown] highlight = false`, written below as `true`, turns it off)"
                        .into(),
                ),
                "tableofcontents" => self.comments.push(
                    "markup.tableOfContents: the default theme lists a page's h2 and h3 headings (`toc: false` hides it)"
                        .into(),
                ),
                _ => self.note(config, &[key, k], "not configurable in sitegen: remove it"),
            }
        }
    }

    fn map_languages(&mut self, config: &HugoConfig, key: &str, value: &Value, site: &Path) {
        let Some(table) = value.as_table() else {
            return;
        };
        for (code, lang) in table {
            let Some(lang) = lang.as_table() else {
                continue;
            };
            if let Err(why) = crate::config::validate_language_code(code) {
                self.note(config, &[key, code], &why);
            }
            let mut out = Language {
                code: code.clone(),
                ..Language::default()
            };
            for (k, v) in lang {
                let path = [key, code.as_str(), k.as_str()];
                match k.to_ascii_lowercase().as_str() {
                    "languagename" => out.name = v.as_str().map(str::to_string),
                    "title" => out.title = v.as_str().map(str::to_string),
                    "weight" => out.weight = v.as_integer().unwrap_or(0),
                    "description" => out.description = v.as_str().map(str::to_string),
                    "params" => {
                        let desc = v.get("description").and_then(Value::as_str);
                        if out.description.is_none() {
                            out.description = desc.map(str::to_string);
                        }
                        if v.as_table()
                            .is_some_and(|t| t.keys().any(|k| k != "description"))
                        {
                            self.note(config, &path, "sitegen's [params] are the same in every language; put translated text in i18n/<lang>/*.ftl (Fluent) and call t(key=…) in templates");
                        }
                    }
                    "menu" | "menus" => {
                        let menus = self.map_menus(config, &path, v, site, Some(code));
                        merge_menus(&mut out.menus, menus);
                    }
                    "contentdir" => {
                        let dir = v.as_str().unwrap_or_default().trim_end_matches('/');
                        if dir != format!("content/{code}") {
                            self.note(config, &path, &format!("sitegen reads a language's pages from content/{code}/ (or page.{code}.md beside the default language's): move them (git mv {dir} content/{code})"));
                        }
                    }
                    "languagecode" | "languagedirection" => {}
                    "disabled" if v.as_bool() == Some(true) => self.note(
                        config,
                        &path,
                        "a disabled language: it is left out of sitegen.toml",
                    ),
                    "disabled" => {}
                    _ => self.note(
                        config,
                        &path,
                        "no sitegen counterpart for a language: remove it",
                    ),
                }
            }
            let disabled = lang.get("disabled").and_then(Value::as_bool) == Some(true);
            if !disabled {
                self.languages.push(out);
            }
        }
        self.languages.sort_by_key(|l| l.weight);
    }

    /// `menu`/`menus` (at `path`): each menu's entries in sitegen's form.
    fn map_menus(
        &mut self,
        config: &HugoConfig,
        path: &[&str],
        value: &Value,
        site: &Path,
        lang: Option<&str>,
    ) -> Table {
        let mut out = Table::new();
        let Some(menus) = value.as_table() else {
            return out;
        };
        for (menu, entries) in menus {
            let mut list = Vec::new();
            for entry in entries.as_array().into_iter().flatten() {
                let Some(entry) = entry.as_table() else {
                    continue;
                };
                let mut at = path.to_vec();
                at.push(menu);
                list.push(Value::Table(
                    self.menu_entry(config, &at, entry, site, lang),
                ));
            }
            out.insert(menu.clone(), Value::Array(list));
        }
        out
    }

    fn menu_entry(
        &mut self,
        config: &HugoConfig,
        at: &[&str],
        entry: &Table,
        site: &Path,
        lang: Option<&str>,
    ) -> Table {
        let mut out = Table::new();
        for (k, v) in entry {
            let lower = k.to_ascii_lowercase();
            match lower.as_str() {
                "name" | "url" | "weight" | "parent" | "identifier" | "pre" | "post" => {
                    out.insert(lower, v.clone());
                }
                "pageref" => {
                    let written = v.as_str().unwrap_or_default();
                    match content_file(site, written, lang) {
                        Some(file) => out.insert("page".into(), Value::String(file)),
                        None => out.insert("url".into(), v.clone()),
                    };
                }
                _ => {
                    let mut path = at.to_vec();
                    path.push(k);
                    self.note(config, &path, "menu entries have name, url or page, weight, parent, identifier, pre and post; this key is dropped");
                }
            }
        }
        out
    }
}

/// Menus of one table merged into another, entry lists appended.
fn merge_menus(into: &mut Table, from: Table) {
    for (name, entries) in from {
        match (into.get_mut(&name), entries) {
            (Some(Value::Array(old)), Value::Array(new)) => old.extend(new),
            (_, entries) => {
                into.insert(name, entries);
            }
        }
    }
}

/// The content file a Hugo `pageRef` (`/docs/install`, `docs/_index.md`) names, relative to the
/// language's content folder, when it exists.
fn content_file(site: &Path, page_ref: &str, lang: Option<&str>) -> Option<String> {
    let rel = page_ref.trim_matches('/');
    let roots: Vec<std::path::PathBuf> = match lang {
        Some(l) => vec![site.join("content").join(l), site.join("content")],
        None => vec![site.join("content")],
    };
    let candidates = [
        rel.to_string(),
        format!("{rel}.md"),
        format!("{rel}/_index.md"),
        format!("{rel}/index.md"),
    ];
    for root in &roots {
        if let Some(c) = candidates
            .iter()
            .find(|c| !c.is_empty() && root.join(c).is_file())
        {
            return Some(c.clone());
        }
    }
    (rel.is_empty() && roots.iter().any(|r| r.join("_index.md").is_file()))
        .then(|| "_index.md".to_string())
}
