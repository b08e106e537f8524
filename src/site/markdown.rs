//! The Markdown step of loading: every page's body through its shortcodes and Markdown into
//! HTML, in parallel, rewriting and checking links as it goes. What each page's shortcodes used
//! (templates, UI strings) is kept, so that serve redoes exactly the bodies a change reaches.
//! Shortcodes get the site's templates and `[shortcodes]` constants (`Recording`), and the
//! pages and files the built-in ones look up (`PageAccess`).

use super::Site;
use crate::content::{Html, Page, Rendered};
use crate::diagnostics::Diagnostic;
use crate::links::{PageLinks, Resolver, Target};
use crate::markdown::shortcodes::{self, Env, ShortcodeTemplates, SiteAccess};
use crate::templates::{StringUse, Templates};
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

/// What the Markdown step found in one page's body, and what its shortcodes used.
#[derive(Debug, Clone, Default)]
pub(super) struct Body {
    pub(super) diagnostics: Vec<Diagnostic>,
    /// The shortcode templates asked for (`shortcodes/<name>.html`, whether they exist or
    /// not), once each.
    pub(super) shortcodes: BTreeSet<String>,
    /// The UI strings those templates looked up.
    pub(super) strings: Vec<StringUse>,
    /// The files `readfile` included (relative to the root): an edit of one redoes this body.
    pub(super) included: BTreeSet<PathBuf>,
    /// External links (URL as written, file line), kept when external links are checked.
    pub(super) external: Vec<(String, usize)>,
}

impl Site {
    /// Markdown → HTML for the pages `which` (all of them, or those a live-preview edit
    /// changed) in parallel, rewriting and checking links as it goes.
    pub(super) fn render_markdown(&mut self, which: &[usize]) {
        // The Markdown is not needed once rendered: each body is dropped as soon as its page is
        // done, so a large site never holds all of its Markdown and all of its HTML at once.
        let bodies: Vec<(usize, String)> = which
            .iter()
            .map(|&i| (i, std::mem::take(&mut self.content.pages[i].body)))
            .collect();
        let files = self.file_urls();
        let root = self.config.root_path();
        let resolver =
            Resolver {
                content: &self.content,
                static_files: &files,
                root: &root,
                default_language: &self.config.default_language,
                collect_external: self.checks_external(),
                versions: &self.versions,
                repository: self.config.links.repository_url().map(|url| {
                    crate::links::Repository {
                        root: &self.root,
                        url,
                    }
                }),
            };
        let step = Step {
            site: self,
            resolver: &resolver,
            sites: self
                .config
                .language_codes()
                .map(|l| (l, site_value(self, l)))
                .collect(),
            pack: self.content.pages.len() > self.options.pack_html_above,
            names: OnceLock::new(),
        };
        let results: Vec<_> = bodies
            .into_par_iter()
            .map(|(i, body)| step.page(i, body))
            .collect();
        let redone: HashSet<usize> = which.iter().copied().collect();
        self.anchor_checks.retain(|c| !redone.contains(&c.from));
        for (i, rendered, mut body, mut anchors) in results {
            let page = &mut self.content.pages[i];
            if page.fallback_of.is_some() || !page.is_rendered() {
                // A copy of a default-language page: its problems are reported once, on the
                // original. (Its anchors may name headings of real translations, which differ.)
                // A page that is not written (`headless`, `_build.render`): no one sees it.
                body.diagnostics.clear();
                body.external.clear();
                anchors.clear();
            }
            page.rendered = rendered;
            self.bodies[i] = body;
            self.anchor_checks.extend(anchors);
        }
        self.missing_strings = self
            .bodies
            .iter()
            .flat_map(|b| &b.strings)
            .filter(|(_, _, missed)| *missed)
            .map(|(lang, key, _)| (lang.clone(), key.clone()))
            .collect();
    }

    /// Decoded root-relative URLs of every static file and content asset (link targets).
    fn file_urls(&self) -> HashSet<String> {
        let root = self.config.root_path();
        self.presentation
            .static_files
            .keys()
            .map(|k| format!("{root}{k}"))
            .chain(
                self.content
                    .assets
                    .iter()
                    .map(|a| crate::content::decode(&a.url)),
            )
            .collect()
    }
}

/// What every page's Markdown step shares.
struct Step<'a> {
    site: &'a Site,
    resolver: &'a Resolver<'a>,
    /// `site` in shortcode templates, per language.
    sites: HashMap<&'a str, serde_json::Value>,
    /// Whether rendered HTML is kept compressed (large sites).
    pack: bool,
    /// Pages by file name, for `ref "name.md"`: built the first time a page asks.
    names: OnceLock<Names<'a>>,
}

impl Step<'_> {
    /// One page's body rendered: its HTML and headings, what it found and used, and the
    /// anchors its links point at.
    fn page(
        &self,
        i: usize,
        body: String,
    ) -> (usize, Rendered, Body, Vec<crate::links::AnchorCheck>) {
        let site = self.site;
        let page = &site.content.pages[i];
        let hooks = PageLinks::new(self.resolver, page, i);
        let titled = Titles {
            links: &hooks,
            strings: &site.presentation.strings,
            lang: &page.lang,
            used: RefCell::new(Vec::new()),
            highlight: site.config.markdown.highlight,
        };
        let templates = site.presentation.templates.as_ref().map(|t| Recording {
            templates: t,
            constants: &site.config.shortcodes,
            used: RefCell::new(BTreeSet::new()),
        });
        let access = PageAccess {
            step: self,
            page,
            included: RefCell::new(BTreeSet::new()),
        };
        let env = templates.as_ref().map(|t| Env {
            templates: t,
            access: &access,
            lang: &page.lang,
            page: page_value(page),
            site: &self.sites[page.lang.as_str()],
            file: page
                .file
                .as_deref()
                .unwrap_or(std::path::Path::new("content")),
            line_offset: page.body_line_offset,
            strict: site.options.strict,
            hooks: &titled,
            including: &[],
        });
        let ((r, mut diagnostics), strings) = crate::templates::capture_strings(|| {
            shortcodes::render_body(&body, page.body_line_offset, env.as_ref(), &titled)
        });
        drop(env);
        drop(body);
        let mut strings = strings;
        strings.extend(titled.used.into_inner());
        let file = page.file.as_deref().unwrap_or(Path::new("content"));
        for d in diagnostics.iter_mut() {
            if d.file.is_none() {
                let line = d.line;
                *d = d.clone().at(file, line);
            }
            // `--strict`: a code block sitegen cannot highlight fails the build.
            if site.options.strict && d.code == "highlight-language" {
                d.severity = crate::diagnostics::Severity::Error;
            }
        }
        diagnostics.extend(hooks.diags.into_inner());
        let external = hooks.external.into_inner();
        let mut extra_anchors: Vec<String> = r
            .anchors
            .into_iter()
            .filter(|a| !r.headings.iter().any(|h| h.id == *a))
            .collect();
        extra_anchors.sort_unstable();
        extra_anchors.dedup();
        extra_anchors.shrink_to_fit();
        // Packed here, so the whole site's HTML is never held unpacked.
        let rendered = Rendered {
            html: Html::new(r.html, self.pack),
            headings: r.headings,
            extra_anchors,
            summary: r.summary,
        };
        let body = Body {
            diagnostics,
            shortcodes: templates.map(|t| t.used.into_inner()).unwrap_or_default(),
            strings,
            included: access.included.into_inner(),
            external,
        };
        (i, rendered, body, hooks.anchors.into_inner())
    }
}

/// A page's link hooks, with the titles of GitHub alerts (`> [!NOTE]`) in the page's language
/// from the theme's strings (`alert-note`…), noting which it looked up (serve redoes the page
/// when one changes).
struct Titles<'a> {
    links: &'a PageLinks<'a>,
    strings: &'a crate::i18n::Strings,
    lang: &'a str,
    used: RefCell<Vec<StringUse>>,
    /// `[markdown] highlight`.
    highlight: bool,
}

impl crate::markdown::Hooks for Titles<'_> {
    fn rewrite_link(&self, dest: &str, line: usize) -> Option<String> {
        self.links.rewrite_link(dest, line)
    }

    fn take_title_heading(&self, title: &str) -> bool {
        self.links.take_title_heading(title)
    }

    fn highlight(&self) -> bool {
        self.highlight
    }

    fn alert_title(&self, kind: &str) -> String {
        let key = format!("alert-{kind}");
        let found = self.strings.get(self.lang, &key, None);
        let missed = found.missed();
        self.used
            .borrow_mut()
            .push((self.lang.to_string(), key, missed));
        found
            .text()
            .unwrap_or_else(|| crate::markdown::NoHooks.alert_title(kind))
    }
}

/// The site's templates and `[shortcodes]` constants as shortcode expansion sees them, noting
/// which it asked for.
struct Recording<'a> {
    templates: &'a Templates,
    constants: &'a BTreeMap<String, String>,
    used: RefCell<BTreeSet<String>>,
}

impl Recording<'_> {
    /// The constant `shortcodes/<name>.html` stands for, if `[shortcodes]` has `name`.
    fn constant(&self, template: &str) -> Option<&String> {
        let name = template
            .strip_prefix("shortcodes/")?
            .strip_suffix(".html")?;
        self.constants.get(name)
    }
}

impl ShortcodeTemplates for Recording<'_> {
    fn has(&self, template: &str) -> bool {
        self.used.borrow_mut().insert(template.to_string());
        self.constant(template).is_some() || self.templates.has(template)
    }

    fn source(&self, template: &str) -> Option<&str> {
        match self.constant(template) {
            Some(_) => None,
            None => self.templates.source(template),
        }
    }

    fn render(
        &self,
        lang: &str,
        template: &str,
        ctx: &tera::Context,
    ) -> Result<String, Diagnostic> {
        match self.constant(template) {
            Some(value) => Ok(crate::html::escape(value)),
            None => self.templates.render(lang, template, ctx),
        }
    }
}

/// The site as one page's built-in shortcodes see it.
struct PageAccess<'s, 'a> {
    step: &'s Step<'a>,
    page: &'s Page,
    /// The files `readfile` read.
    included: RefCell<BTreeSet<PathBuf>>,
}

impl SiteAccess for PageAccess<'_, '_> {
    fn find_page(
        &self,
        target: &str,
        lang: Option<&str>,
    ) -> Result<Option<String>, Vec<(String, String)>> {
        let pages = &self.step.site.content.pages;
        let (path, fragment) = match target.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (target, None),
        };
        let idx = match self.step.resolver.resolve(self.page, target) {
            Target::Page { idx, .. } if idx != usize::MAX => idx,
            Target::File { rewrite } => return Ok(rewrite),
            Target::Missing(_) => {
                let Some(name) = name_key(path) else {
                    return Ok(None);
                };
                let names = self.step.names.get_or_init(|| Names::of(pages));
                let default = self.step.site.config.default_language.as_str();
                let lang = lang.unwrap_or(&self.page.lang);
                let hits = match names.get(lang, &name) {
                    [] => names.get(default, &name),
                    hits => hits,
                };
                match hits {
                    [] => return Ok(None),
                    [one] => *one,
                    many => {
                        let found =
                            |&i: &usize| (format!("/{}", pages[i].source), pages[i].url.clone());
                        return Err(many.iter().map(found).collect());
                    }
                }
            }
            _ => return Ok(None),
        };
        let idx = match lang {
            Some(l) if pages[idx].lang != l => {
                let translations = &self.step.site.translations[idx];
                match translations.iter().find(|&&t| pages[t].lang == l) {
                    Some(&t) => t,
                    None => return Ok(None),
                }
            }
            _ => idx,
        };
        let url = &pages[idx].url;
        Ok(Some(match fragment {
            Some(f) => format!("{url}#{f}"),
            None => url.clone(),
        }))
    }

    fn read_file(&self, path: &str) -> Result<(PathBuf, String), String> {
        let site = self.step.site;
        let page_file = self.page.file.as_deref().unwrap_or(Path::new("content"));
        let rel = match path.strip_prefix('/') {
            // From the content root: the page's language tree, else `content/` itself.
            Some(abs) => {
                let tree = page_file
                    .to_str()
                    .and_then(|f| f.strip_suffix(self.page.source.as_str()))
                    .map_or_else(|| PathBuf::from("content"), PathBuf::from);
                let in_tree = normalize(&tree.join(abs));
                match &in_tree {
                    Some(p) if site.root.join(p).is_file() => in_tree,
                    _ => normalize(&Path::new("content").join(abs)),
                }
            }
            None => normalize(&page_file.parent().unwrap_or(Path::new("")).join(path)),
        };
        let Some(rel) = rel else {
            return Err("that path leads outside the site".into());
        };
        let full = site.root.join(&rel);
        let inside = match (full.canonicalize(), site.root.canonicalize()) {
            (Ok(f), Ok(r)) => f.starts_with(r),
            _ => return Err(format!("there is no file {}", rel.display())),
        };
        if !inside {
            return Err(format!("{} leads outside the site", rel.display()));
        }
        self.included.borrow_mut().insert(rel.clone());
        match std::fs::read(&full) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Ok((rel, text)),
                Err(_) => Err(format!("{} is not UTF-8 text", rel.display())),
            },
            Err(e) => Err(format!("{} cannot be read: {e}", rel.display())),
        }
    }
}

/// `a/./b/../c` → `a/c`; None when it climbs above its start or is absolute.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// The name a `ref` looks a page up by when its target is no path (`install.md`, `/install`),
/// as Hugo does: lowercase, without the extension. None for paths and `./x` targets.
fn name_key(path: &str) -> Option<String> {
    if path.starts_with('.') {
        return None;
    }
    let p = path.strip_prefix('/').unwrap_or(path);
    if p.contains('/') {
        return None;
    }
    let stem = p
        .strip_suffix(".md")
        .or_else(|| p.strip_suffix(".markdown"))
        .unwrap_or(p);
    (!matches!(stem, "" | "_index" | "index")).then(|| stem.to_lowercase())
}

/// Pages by language and file name (`install` for `docs/install.md`, `docs/install/index.md`
/// and the section `docs/install/_index.md`): Hugo's index for `GetPage "install.md"`.
struct Names<'a>(HashMap<&'a str, HashMap<String, Vec<usize>>>);

impl<'a> Names<'a> {
    fn of(pages: &'a [Page]) -> Self {
        let mut names: HashMap<&str, HashMap<String, Vec<usize>>> = HashMap::new();
        for (i, p) in pages.iter().enumerate() {
            let Some(name) = p.path.rsplit('/').next().filter(|n| !n.is_empty()) else {
                continue;
            };
            names
                .entry(p.lang.as_str())
                .or_default()
                .entry(name.to_lowercase())
                .or_default()
                .push(i);
        }
        Names(names)
    }

    fn get(&self, lang: &str, name: &str) -> &[usize] {
        self.0
            .get(lang)
            .and_then(|m| m.get(name))
            .map_or(&[], Vec::as_slice)
    }
}

/// `page` in a shortcode template.
fn page_value(page: &Page) -> serde_json::Value {
    serde_json::json!({
        "title": page.title,
        "url": page.url,
        "lang": page.lang,
        "params": page.fm.params,
    })
}

/// `site` in a shortcode template, for one language.
fn site_value(site: &Site, lang: &str) -> serde_json::Value {
    let config = &site.config;
    let mut value = serde_json::json!({
        "title": config.language_title(lang),
        "base_url": config.base_url,
        "root": config.root_path(),
        "params": config.params,
        "data": site.data.tree,
    });
    if !site.support.is_empty() {
        let default = config.default_language.as_str();
        let content = &site.content;
        let page_url = |path: &str| {
            [lang, default]
                .iter()
                .find_map(|l| content.by_source.get(l, path))
                .map(|i| content.pages[i].url.clone())
        };
        value["support"] = site.support.view(lang, default, site.now(), &page_url);
    }
    value
}
