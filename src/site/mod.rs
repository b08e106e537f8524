//! The site and the phases before rendering: `load` reads everything (config, presentation,
//! content: `Site::read`) and renders every page's Markdown (`markdown.rs`), then `check`
//! judges what needs every page rendered (anchors, layouts, FAQ dates, translation drift).
//! `crate::render` turns a checked site into files and `crate::output` writes them; `build`,
//! `check` and `serve` all run these same phases, and serve's partial ones are in
//! `incremental.rs`.

mod incremental;
mod markdown;
mod presentation;

pub(crate) use presentation::Presentation;

use crate::ages::Ages;
use crate::baseline::Judge;
use crate::config::Config;
use crate::content::{Content, LoadOptions};
use crate::diagnostics::Diagnostic;
use crate::faq::Faq;
use crate::git::{DateSource, FileDates};
use crate::i18n::Missing;
use crate::i18n::drift::Drift;
use crate::links::AnchorCheck;
use crate::versions::Versions;
use jiff::civil::Date;
use markdown::Body;
use std::path::{Path, PathBuf};

/// What a build is asked to do (from the command line).
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub(crate) root: PathBuf,
    pub(crate) output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub(crate) drafts: bool,
    /// "Today" for FAQ ages: `--today`, `SOURCE_DATE_EPOCH`, or the system date.
    pub(crate) today: Date,
    pub(crate) deny_stale: bool,
    /// Unknown shortcodes and HTML placeholders in prose are errors, not warnings.
    pub(crate) strict: bool,
    /// Sites with more pages keep their rendered HTML compressed until it is written.
    pub pack_html_above: usize,
    /// `check --write-baseline`: every problem is known, so that all are recorded.
    pub(crate) write_baseline: bool,
    /// Check external links: `--external` (Some(true)), `--no-external` (Some(false)), else
    /// `[links] external`. The Markdown step then keeps each page's external links.
    pub(crate) external: Option<bool>,
}

/// Above this many pages (both languages), rendered HTML is kept compressed in memory: a
/// 100,000-page site stays under 2 GiB for a few percent more time; smaller sites don't pay.
pub(crate) const PACK_HTML_ABOVE: usize = 25_000;

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
            write_baseline: false,
            external: None,
        }
    }
}

/// A loaded site: its content with every page's Markdown rendered, and (after `check`) what
/// the checks found.
pub struct Site {
    pub(crate) root: PathBuf,
    pub(crate) config: Config,
    pub(crate) options: BuildOptions,
    pub content: Content,
    /// The theme, templates, UI strings and static files.
    pub(crate) presentation: Presentation,
    /// `data/`: `site.data` in templates, and the files typed blocks are read from.
    pub(crate) data: crate::data::SiteData,
    /// The rotation, levels of support and labels read from `data/`.
    pub(crate) support: crate::support::Support,
    /// Sections whose navigation comes from a data file (`nav` in their `_index.md`).
    pub(crate) tocs: crate::toc::Tocs,
    /// For each page, the same page in the other languages.
    pub(crate) translations: Vec<Vec<usize>>,
    /// `[versions]` with each version's status today, and where versioned pages moved.
    pub(crate) versions: Versions,
    /// Which translations are older than their source (judged by `check`).
    pub(crate) drift: Drift,
    /// FAQ entries with their dates and ages (filled by `check`).
    pub(crate) faq: Faq,
    /// Every page's last update and review state (filled by `check`).
    pub(crate) ages: Ages,
    /// `[severity]` and the baseline: what every phase's problems count as.
    pub(crate) judge: Judge,
    /// UI strings the pages' shortcodes asked for and their language lacked (reported with
    /// the Markdown's problems; the render phase reports only what its templates add).
    pub(crate) missing_strings: Missing,
    /// Everything found so far: what `load` found, then each page's Markdown problems, then
    /// what `check` found (gathered from the lists below after each phase).
    pub diagnostics: Vec<Diagnostic>,
    /// When each content file last changed, per git (read by `load`).
    dates: FileDates,
    /// Links to `#anchors`, checked once every page is rendered.
    anchor_checks: Vec<AnchorCheck>,
    /// Found while reading config, presentation and content.
    loaded: Vec<Diagnostic>,
    /// What the Markdown step found and used, per page.
    bodies: Vec<Body>,
    /// Found by `check`.
    checked: Vec<Diagnostic>,
}

impl Site {
    /// Reads everything and renders the Markdown. Only a broken `sitegen.toml` stops it early;
    /// every other problem is collected in `diagnostics`.
    pub fn load(options: BuildOptions) -> Result<Site, Vec<Diagnostic>> {
        let mut site = Site::read(options)?;
        site.render_markdown(&(0..site.content.pages.len()).collect::<Vec<_>>());
        site.gather();
        Ok(site)
    }

    /// The reading step: config, presentation, every content file, the translation groups
    /// and the files' git dates. No page's Markdown is rendered yet.
    fn read(options: BuildOptions) -> Result<Site, Vec<Diagnostic>> {
        let root = options.root.clone();
        let mut config = Config::load(&root)?;
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
        let mut diags = std::mem::take(&mut config.warnings);
        let flags = crate::baseline::Flags {
            strict: options.strict,
            deny_stale: options.deny_stale,
            record: options.write_baseline,
        };
        let (judge, problem) = Judge::new(&root, &config, flags);
        diags.extend(problem);
        let presentation = Presentation::load(&root, &config, &mut diags);
        let data = crate::data::SiteData::load(
            &root,
            &crate::files::Links::new(&root, &config),
            &mut diags,
        );
        let mut files = crate::content::walk(&root, &config, &mut diags);
        files.extend(crate::versions::read_refs(&root, &config, &mut diags));
        let load = LoadOptions {
            drafts: options.drafts,
        };
        let mut content = Content::assemble(files, &config, &load, &mut diags);
        let mut versions = Versions::resolve(&config.versions, options.today);
        crate::versions::assign(&mut content, &mut versions, &config.root_path());
        let statics = presentation.static_files.iter();
        diags.extend(content.check_output_paths(
            &root,
            statics.map(|(out, src)| (out.as_str(), src.shown(&root, out))),
        ));
        if content.pages.is_empty() && root.join("content").is_dir() {
            diags.push(
                Diagnostic::warning(
                    "content-empty",
                    "content/ has no Markdown pages, so the site has no page at all: add content/_index.md (the home page) and a page or two, or start from an example with `sitegen init --no-example`",
                )
                .at("content", None),
            );
        }
        let support = crate::support::Support::load(&data, config.faq.review_soon, &mut diags);
        let (tocs, toc_diags) = crate::toc::load(&root, &config, &content);
        diags.extend(toc_diags);
        let translations = crate::content::translations::group(&content);
        let dates = FileDates::read(&root, &config);
        let pages = content.pages.len();
        Ok(Site {
            root,
            config,
            options,
            content,
            presentation,
            data,
            support,
            tocs,
            translations,
            versions,
            drift: Drift::none(DateSource::FrontMatter),
            faq: Faq::default(),
            ages: Ages::default(),
            judge,
            missing_strings: Missing::new(),
            diagnostics: Vec::new(),
            dates,
            anchor_checks: Vec::new(),
            loaded: diags,
            bodies: vec![Body::default(); pages],
            checked: Vec::new(),
        })
    }

    /// Checks that need every page rendered: anchors, layouts, FAQ dates, page ages and
    /// reviews, translation drift.
    /// Cheap next to loading (lookups over what `load` gathered), so a live-preview edit runs
    /// all of it again.
    pub fn check(&mut self) {
        let mut checked = crate::links::check_anchors(&self.content, &self.anchor_checks);
        checked.extend(self.check_layouts());
        checked.extend(self.menus().1);
        checked.extend(self.support.check(self.options.today));
        checked.extend(crate::versions::missing_in_versions(
            &self.content,
            &self.versions,
        ));
        self.faq = Faq::analyze(
            &self.content,
            &self.translations,
            &self.config,
            self.options.today,
            &mut checked,
        );
        let skip = self.faq.entry_pages.keys().copied().collect();
        let judging = crate::ages::Judging {
            root: &self.root,
            dates: &self.dates,
            config: &self.config,
            today: self.options.today,
            skip: &skip,
        };
        let (ages, age_diags) = Ages::judge(&self.content, &judging);
        self.ages = ages;
        checked.extend(age_diags);
        let (drift, drift_diags) =
            crate::i18n::drift::drift(&self.dates, &self.content, &self.translations, &self.config);
        self.drift = drift;
        checked.extend(drift_diags);
        self.checked = checked;
        self.gather();
    }

    /// `diagnostics` from the phases' lists, as `[severity]` and the baseline say they count.
    fn gather(&mut self) {
        let strings = self
            .presentation
            .strings
            .missing_key_warnings(&self.missing_strings, &Missing::new());
        let all = self
            .loaded
            .iter()
            .chain(self.bodies.iter().flat_map(|b| &b.diagnostics))
            .chain(&strings)
            .chain(&self.checked)
            .cloned()
            .collect();
        self.diagnostics = self.judge.apply(all);
    }

    /// A `layout` naming a template the theme lacks falls back to the default template, with a
    /// warning so a typo doesn't go unnoticed. A `type` (Docsy cascades `type: docs` to every
    /// page) falls back silently, as in Hugo.
    fn check_layouts(&self) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        let Some(templates) = &self.presentation.templates else {
            return diags;
        };
        for page in &self.content.pages {
            let Some(layout) = page
                .fm
                .layout
                .as_deref()
                .filter(|_| !page.fm.layout_is_type)
            else {
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

    /// Every language's menus, and what is wrong with their entries (`crate::menus`).
    pub(crate) fn menus(
        &self,
    ) -> (
        indexmap::IndexMap<String, crate::menus::Menus>,
        Vec<Diagnostic>,
    ) {
        let root = self.config.root_path();
        let statics = &self.presentation.static_files;
        let is_file = |url: &str| {
            url.strip_prefix(root.as_str())
                .is_some_and(|rel| statics.contains_key(rel))
                || self
                    .content
                    .assets
                    .iter()
                    .any(|a| crate::content::decode(&a.url) == url)
        };
        crate::menus::all(&crate::menus::Sources {
            config: &self.config,
            content: &self.content,
            strings: &self.presentation.strings,
            is_file: &is_file,
        })
    }

    /// The instant "now" is for this build: the clock's when the build is for today, else noon
    /// (UTC) of the day it is for (`--today`, `SOURCE_DATE_EPOCH`). Who is on duty is chosen
    /// at it.
    pub(crate) fn now(&self) -> jiff::Timestamp {
        let real = jiff::Timestamp::now();
        let utc = jiff::tz::TimeZone::UTC;
        if real.to_zoned(utc.clone()).date() == self.options.today {
            return real;
        }
        self.options
            .today
            .to_datetime(jiff::civil::Time::constant(12, 0, 0, 0))
            .to_zoned(utc)
            .map(|z| z.timestamp())
            .unwrap_or(real)
    }

    /// Pages by age, stale pages by owner, FAQ entries by age (after `check`).
    pub(crate) fn freshness(&self) -> crate::ages::Freshness {
        let faq = self.faq.entries.iter();
        let faq = faq.filter(|e| !e.fallback && !e.inherited && e.added.is_some());
        crate::ages::Freshness::new(
            &self.ages,
            &self.content,
            self.options.today,
            faq.map(|e| e.age_days),
        )
    }

    /// Whether external links are checked in this run (`--external`, or `[links] external`).
    pub(crate) fn checks_external(&self) -> bool {
        self.options.external.unwrap_or(self.config.links.external)
    }

    /// The external links of each page's Markdown as the Markdown step saw them (page, URL as
    /// written, file line); empty unless `checks_external`.
    pub(crate) fn external_links(&self) -> impl Iterator<Item = (usize, &str, usize)> {
        self.bodies.iter().enumerate().flat_map(|(i, b)| {
            b.external
                .iter()
                .map(move |(url, line)| (i, url.as_str(), *line))
        })
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The output folder, absolute.
    pub(crate) fn output_dir(&self) -> PathBuf {
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
    pub(crate) fn pages_per_language(&self) -> Vec<(String, usize)> {
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
}

/// The site root as an absolute path.
pub(crate) fn absolute(root: &Path) -> PathBuf {
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
