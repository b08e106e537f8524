//! The site and its phases: `load` (config, theme, strings, content, Markdown) → `check`
//! (anchors, FAQ dates, translations) → `render` (templates, sitemap, aliases, static files) →
//! `output::write`. `build`, `check` and `serve` all run these same phases; the render phase is
//! in `render.rs`.

use crate::config::Config;
use crate::content::{Content, LoadOptions, Page};
use crate::diagnostics::Diagnostic;
use crate::faq::Faq;
use crate::i18n::Strings;
use crate::links::{AnchorCheck, PageLinks, Resolver};
use crate::render::Templates;
use crate::theme::{Source, Theme};
use crate::translations::FileDates;
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod render;

/// What a build is asked to do (from the command line).
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// "Today" for FAQ ages: `--today`, `SOURCE_DATE_EPOCH`, or the system date.
    pub today: Date,
    pub deny_stale: bool,
    /// Unknown shortcodes and HTML placeholders in prose are errors, not warnings.
    pub strict: bool,
    /// Sites with more pages keep their rendered HTML compressed until it is written.
    pub pack_html_above: usize,
}

/// Above this many pages (both languages), rendered HTML is kept compressed in memory: a
/// 100,000-page site stays under 2 GiB for a few percent more time; smaller sites don't pay.
pub const PACK_HTML_ABOVE: usize = 25_000;

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>, today: Date) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            today,
            deny_stale: false,
            strict: false,
            pack_html_above: PACK_HTML_ABOVE,
        }
    }
}

pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub options: BuildOptions,
    pub content: Content,
    pub theme: Theme,
    /// Output path → source for the theme's and the site's static files.
    pub static_files: BTreeMap<String, Source>,
    pub strings: Arc<Strings>,
    /// The `.ftl` sources behind `strings` (language, text), so a reload sees what changed.
    ftl_texts: Vec<(String, String)>,
    /// Compiled once per load; None when a template has errors (reported in `diagnostics`).
    pub templates: Option<Templates>,
    /// For each page, the same page in the other languages.
    pub translations: Vec<Vec<usize>>,
    /// When each content file last changed, per git (read by `load`).
    pub dates: FileDates,
    /// Which translations are older than their source (judged by `check`).
    pub drift: crate::translations::Drift,
    pub anchor_checks: Vec<AnchorCheck>,
    /// FAQ entries with their dates and ages (filled by `check`).
    pub faq: Faq,
    /// Everything found so far: what `load` found, then each page's Markdown problems, then
    /// what `check` found (gathered from the three lists below after each phase).
    pub diagnostics: Vec<Diagnostic>,
    /// Found while reading config, theme, strings and content.
    loaded: Vec<Diagnostic>,
    /// Found while rendering each page's Markdown (links, shortcodes), by page.
    markdown: Vec<Vec<Diagnostic>>,
    /// Found by `check`.
    checked: Vec<Diagnostic>,
}

impl Site {
    /// Reads everything and renders the Markdown. Only a broken `sitegen.toml` stops it early;
    /// every other problem is collected in `diagnostics`.
    pub fn load(options: BuildOptions) -> Result<Site, Vec<Diagnostic>> {
        let root = options.root.clone();
        let mut config = Config::load(&root).map_err(|d| vec![d])?;
        if let Some(url) = &options.base_url {
            config.base_url = if url.ends_with('/') {
                url.clone()
            } else {
                format!("{url}/")
            };
        }
        if options.deny_stale {
            config.faq.deny_stale = true;
        }
        let mut diags = Vec::new();
        let Presentation {
            theme,
            static_files,
            strings,
            ftl_texts,
            templates,
        } = Presentation::load(&root, &config, &mut diags);

        let files = crate::content::walk(&root, &config, &mut diags);
        let load = LoadOptions {
            drafts: options.drafts,
        };
        let content = Content::assemble(files, &config, &load, &mut diags);
        let translations = translations(&content);
        let dates = FileDates::read(&root, &config);
        let pages = content.pages.len();
        let mut site = Site {
            root,
            config,
            options,
            content,
            theme,
            static_files,
            strings,
            ftl_texts,
            templates,
            translations,
            dates,
            drift: crate::translations::Drift::none(crate::translations::DateSource::FrontMatter),
            anchor_checks: Vec::new(),
            faq: Faq::default(),
            diagnostics: Vec::new(),
            loaded: diags,
            markdown: vec![Vec::new(); pages],
            checked: Vec::new(),
        };
        site.render_markdown(&(0..pages).collect::<Vec<_>>());
        site.gather();
        Ok(site)
    }

    /// Decoded root-relative URLs of every static file and content asset (link targets).
    fn file_urls(&self) -> HashSet<String> {
        let root = self.config.root_path();
        self.static_files
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

    /// Markdown → HTML for the pages `which` (all of them, or those a live-preview edit
    /// changed) in parallel, rewriting and checking links as it goes.
    fn render_markdown(&mut self, which: &[usize]) {
        // The Markdown is not needed once rendered: each body is dropped as soon as its page is
        // done, so a large site never holds all of its Markdown and all of its HTML at once.
        let bodies: Vec<(usize, String)> = which
            .iter()
            .map(|&i| (i, std::mem::take(&mut self.content.pages[i].body)))
            .collect();
        let root = self.config.root_path();
        let files = self.file_urls();
        let resolver = Resolver {
            content: &self.content,
            static_files: &files,
            root: &root,
            default_language: &self.config.default_language,
        };
        let sites: HashMap<&str, serde_json::Value> = self
            .config
            .language_codes()
            .map(|l| {
                // `site` in a shortcode template.
                let site = serde_json::json!({
                    "title": self.config.language_title(l),
                    "base_url": self.config.base_url,
                    "params": self.config.params,
                });
                (l, site)
            })
            .collect();
        let pages = &self.content.pages;
        let pack = pages.len() > self.options.pack_html_above;
        let results: Vec<_> = bodies
            .into_par_iter()
            .map(|(i, body)| {
                let page = &pages[i];
                let hooks = PageLinks::new(&resolver, page, i);
                let (site, strict) = (&sites[page.lang.as_str()], self.options.strict);
                let env = self
                    .templates
                    .as_ref()
                    .map(|t| crate::markdown::shortcodes::Env {
                        templates: t,
                        lang: &page.lang,
                        // `page` in a shortcode template.
                        page: serde_json::json!({
                            "title": page.title,
                            "url": page.url,
                            "lang": page.lang,
                            "params": page.fm.params,
                        }),
                        site,
                        file: page.file.as_deref().unwrap_or(Path::new("content")),
                        line_offset: page.body_line_offset,
                        strict,
                        hooks: &hooks,
                    });
                let (r, mut diags) = crate::markdown::shortcodes::render_body(
                    &body,
                    page.body_line_offset,
                    env.as_ref(),
                    &hooks,
                );
                drop(env);
                drop(body);
                diags.extend(hooks.diags.into_inner());
                let mut extra_anchors: Vec<String> = r
                    .anchors
                    .into_iter()
                    .filter(|a| !r.headings.iter().any(|h| h.id == *a))
                    .collect();
                extra_anchors.sort_unstable();
                extra_anchors.dedup();
                extra_anchors.shrink_to_fit();
                // Packed here, so the whole site's HTML is never held unpacked.
                let rendered = crate::content::Rendered {
                    html: crate::content::Html::new(r.html, pack),
                    headings: r.headings,
                    extra_anchors,
                    summary: r.summary,
                };
                (i, rendered, diags, hooks.anchors.into_inner())
            })
            .collect();
        let redone: HashSet<usize> = which.iter().copied().collect();
        self.anchor_checks.retain(|c| !redone.contains(&c.from));
        for (i, rendered, mut diags, mut anchors) in results {
            let page = &mut self.content.pages[i];
            if page.fallback_of.is_some() {
                // A copy of a default-language page: its problems are reported once, on the
                // original. (Its anchors may name headings of real translations, which differ.)
                diags.clear();
                anchors.clear();
            }
            page.rendered = rendered;
            self.markdown[i] = diags;
            self.anchor_checks.extend(anchors);
        }
    }

    /// Checks that need every page rendered: anchors, layouts, FAQ dates, translation drift.
    /// Cheap next to loading (lookups over what `load` gathered), so a live-preview edit runs
    /// all of it again.
    pub fn check(&mut self) {
        let mut checked = crate::links::check_anchors(&self.content, &self.anchor_checks);
        checked.extend(self.check_layouts());
        self.faq = Faq::analyze(
            &self.content,
            &self.translations,
            &self.config,
            self.options.today,
            &mut checked,
        );
        let (drift, drift_diags) = crate::translations::drift(
            &self.dates,
            &self.content,
            &self.translations,
            &self.config,
        );
        self.drift = drift;
        checked.extend(drift_diags);
        self.checked = checked;
        self.gather();
    }

    /// Serve, after the Markdown files `files` (relative to the root) of existing pages were
    /// edited: reads them again, renders their Markdown and runs `check` again. That is enough
    /// when an edit keeps what places each page in the site — title, link title, weight, URL,
    /// slug, aliases, draft, layout, translation key, cascade, tags — so that no URL, place in
    /// the tree or navigation entry changes; the body, description, dates, FAQ dates and
    /// params may change (`FrontMatter::same_place`). Returns the pages whose output may
    /// differ: the edited pages, the sections listing them (and their other pages when a
    /// template uses `section`), their translations, and the FAQ pages when an FAQ entry is
    /// involved. None when the edit goes further and the caller must load the site again (the
    /// site is then left as it was).
    pub fn update_pages(&mut self, files: &[PathBuf]) -> Option<HashSet<usize>> {
        let mut fresh: Vec<(usize, crate::content::frontmatter::FrontMatter, Page)> = Vec::new();
        for file in files {
            // Problems found while loading this file (say, a duplicate alias) point at lines
            // an edit may have moved: load again to report them right.
            if self.loaded.iter().any(|d| d.file.as_deref() == Some(file)) {
                return None;
            }
            let page = crate::content::read_page(&self.root, &self.config, file)?;
            let pages = &self.content.pages;
            let mut found = false;
            for i in (0..pages.len()).filter(|&i| pages[i].file.as_deref() == Some(file)) {
                let old = &pages[i];
                let mut fm = page.fm.clone();
                if old.fallback_of.is_some() {
                    // As `translations::add_fallbacks` makes the copy.
                    fm.aliases.clear();
                    fm.url = None;
                }
                crate::content::inherit_cascades(pages, i, &mut fm);
                // The title may also come from the body's first heading.
                if old.title != page.title || !old.fm.same_place(&fm) {
                    return None;
                }
                fresh.push((i, fm, page.clone()));
                found = true;
            }
            if !found {
                return None;
            }
        }
        let mut edited = Vec::new();
        for (i, fm, page) in fresh {
            let old = &mut self.content.pages[i];
            old.fm = fm;
            old.body = page.body;
            old.body_line_offset = page.body_line_offset;
            edited.push(i);
        }
        for file in files {
            self.dates.edited(&self.root, file);
        }
        let faq_before = self.faq.pages();
        self.render_markdown(&edited);
        self.check();
        // Templates that use `section` show a page's summary, description and params on
        // every page of its section.
        let siblings = self
            .templates
            .as_ref()
            .is_some_and(|t| t.mention("section"));
        let mut affected: HashSet<usize> = HashSet::new();
        for &i in &edited {
            affected.insert(i);
            affected.extend(self.translations[i].iter().copied());
            if let Some(parent) = self.content.pages[i].parent {
                affected.insert(parent);
                if siblings {
                    let p = &self.content.pages[parent];
                    affected.extend(p.pages.iter().chain(&p.subsections).copied());
                }
            }
        }
        let faq_after = self.faq.pages();
        if edited
            .iter()
            .any(|i| faq_before.contains(i) || faq_after.contains(i))
        {
            affected.extend(faq_before);
            affected.extend(faq_after);
        }
        Some(affected)
    }

    /// `diagnostics` from the phases' lists.
    fn gather(&mut self) {
        self.diagnostics = self
            .loaded
            .iter()
            .chain(self.markdown.iter().flatten())
            .chain(&self.checked)
            .cloned()
            .collect();
    }

    /// A `layout` (or `type`) naming a template the theme lacks falls back to the default
    /// template, with a warning so a typo doesn't go unnoticed.
    fn check_layouts(&self) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        let Some(templates) = &self.templates else {
            return diags;
        };
        for page in &self.content.pages {
            let Some(layout) = page.fm.layout.as_deref() else {
                continue;
            };
            let name = format!("{layout}.html");
            if layout != "faq" && !templates.has(&name) {
                diags.push(
                    Diagnostic::warning(
                        "template-missing",
                        format!(
                            "layout `{layout}`: there is no template {name}; using the default one"
                        ),
                    )
                    .at(
                        page.diag_file(),
                        Some(page.fm.line_of("layout").max(page.fm.line_of("type"))),
                    ),
                );
            }
        }
        diags
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The output folder, absolute.
    pub fn output_dir(&self) -> PathBuf {
        let out = self
            .options
            .output
            .clone()
            .unwrap_or_else(|| PathBuf::from(&self.config.output_dir));
        if out.is_absolute() {
            out
        } else {
            self.root.join(out)
        }
    }

    /// Pages per language, for the closing summary. Fallback pages (the original shown for an
    /// untranslated page) are not counted: they are the default language's pages again.
    pub fn pages_per_language(&self) -> Vec<(String, usize)> {
        self.config
            .language_codes()
            .map(|l| {
                (
                    l.to_string(),
                    self.content
                        .pages
                        .iter()
                        .filter(|p| p.lang == l && p.fallback_of.is_none())
                        .count(),
                )
            })
            .collect()
    }

    /// Serve, after a change to the theme, `templates/`, `i18n/` or `static/`: re-reads the
    /// theme, UI strings and static-file list and recompiles the templates, keeping the content
    /// and its rendered Markdown. Returns false when static files appeared or vanished (links
    /// were checked against them while loading), or a shortcode template changed, or UI strings
    /// a shortcode uses (the Markdown was rendered with them): the caller must then load the
    /// site again.
    pub fn reload_theme(&mut self) -> bool {
        let mut diags = Vec::new();
        let p = Presentation::load(&self.root, &self.config, &mut diags);
        let shortcodes = |t: &Theme| {
            t.templates
                .iter()
                .filter(|(name, _)| name.starts_with("shortcodes/"))
                .map(|(name, file)| (name.clone(), file.text.clone()))
                .collect::<Vec<_>>()
        };
        let shortcodes_now = shortcodes(&p.theme);
        // A shortcode calling `t()` baked UI strings into the Markdown's output.
        let strings_in_markdown = p.ftl_texts != self.ftl_texts
            && shortcodes_now.iter().any(|(_, text)| text.contains("t("));
        let same_files = p.static_files.keys().eq(self.static_files.keys())
            && shortcodes_now == shortcodes(&self.theme)
            && !strings_in_markdown;
        self.theme = p.theme;
        self.static_files = p.static_files;
        self.strings = p.strings;
        self.ftl_texts = p.ftl_texts;
        self.templates = p.templates;
        self.loaded.retain(|d| !Presentation::reported(d));
        self.loaded.extend(diags);
        self.check();
        same_files
    }
}

/// What a site takes from its theme, `templates/`, `i18n/` and `static/` rather than `content/`.
struct Presentation {
    theme: Theme,
    static_files: BTreeMap<String, Source>,
    strings: Arc<Strings>,
    /// The `.ftl` sources behind `strings` (language, text).
    ftl_texts: Vec<(String, String)>,
    templates: Option<Templates>,
}

impl Presentation {
    fn load(root: &Path, config: &Config, diags: &mut Vec<Diagnostic>) -> Presentation {
        let theme = Theme::load(root, config, diags);
        let mut static_files = theme.static_files.clone();
        for (rel, path) in crate::theme::files_under(&root.join("static"), diags, root) {
            static_files.insert(rel, Source::Disk(path));
        }
        let mut ftl = theme.ftl.clone();
        ftl.extend(crate::i18n::read_ftl_dir(root, &root.join("i18n"), diags));
        let ftl_texts = ftl
            .iter()
            .map(|f| (f.lang.clone(), f.text.clone()))
            .collect();
        let (strings, ftl_diags) = Strings::load(ftl, config);
        diags.extend(ftl_diags);
        let strings = Arc::new(strings);
        let templates = compile_templates(&theme, &strings, config, diags);
        Presentation {
            theme,
            static_files,
            strings,
            ftl_texts,
            templates,
        }
    }

    /// Whether `load` could have reported this diagnostic (so a reload replaces it).
    fn reported(d: &Diagnostic) -> bool {
        matches!(
            d.code,
            "template" | "theme" | "ftl-syntax" | "i18n-language"
        ) || d.file.as_ref().is_some_and(|f| {
            let f = f.to_string_lossy();
            [
                "themes/",
                "templates/",
                "i18n/",
                "static/",
                "(built-in theme)",
            ]
            .iter()
            .any(|p| f.starts_with(p))
        })
    }
}

fn compile_templates(
    theme: &Theme,
    strings: &Arc<Strings>,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> Option<Templates> {
    let langs: Vec<String> = config.language_codes().map(str::to_string).collect();
    match Templates::compile(&theme.templates, strings, &langs) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.extend(d);
            None
        }
    }
}

/// Pages in other languages with the same path, or the same `translationKey`: either link is
/// enough, so `a.md` (key `x`), `a.zh.md` (no key) and `b.pt-BR.md` (key `x`) are one group.
fn translations(content: &Content) -> Vec<Vec<usize>> {
    // Union-find over pages; each path key and translation key joins the pages that share it.
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let n = content.pages.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, p) in content.pages.iter().enumerate() {
        let path = format!("path:{}:{}", p.kind.as_str(), p.path);
        let key = p.fm.translation_key.as_ref().map(|k| format!("key:{k}"));
        for k in std::iter::once(path).chain(key) {
            let j = *first.entry(k).or_insert(i);
            let (a, b) = (find(&mut parent, i), find(&mut parent, j));
            parent[a] = b;
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out = vec![Vec::new(); n];
    for members in groups.values() {
        for &i in members {
            out[i] = members
                .iter()
                .copied()
                .filter(|&j| content.pages[j].lang != content.pages[i].lang)
                .collect();
        }
    }
    out
}

/// The site root as an absolute path.
pub fn absolute(root: &Path) -> PathBuf {
    if let Ok(canonical) = root.canonicalize() {
        return canonical;
    }
    if root.is_absolute() {
        root.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(root))
            .unwrap_or_else(|_| root.to_path_buf())
    }
}
