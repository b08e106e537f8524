//! The Markdown step of loading: every page's body through its shortcodes and Markdown into
//! HTML, in parallel, rewriting and checking links as it goes. What each page's shortcodes used
//! (templates, UI strings) is kept, so that serve redoes exactly the bodies a change reaches.

use super::Site;
use crate::content::{Html, Page, Rendered};
use crate::diagnostics::Diagnostic;
use crate::links::{PageLinks, Resolver};
use crate::markdown::shortcodes::{self, Env, ShortcodeTemplates};
use crate::templates::{StringUse, Templates};
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};

/// What the Markdown step found in one page's body, and what its shortcodes used.
#[derive(Debug, Clone, Default)]
pub(super) struct Body {
    pub(super) diagnostics: Vec<Diagnostic>,
    /// The shortcode templates asked for (`shortcodes/<name>.html`, whether they exist or
    /// not), once each.
    pub(super) shortcodes: BTreeSet<String>,
    /// The UI strings those templates looked up.
    pub(super) strings: Vec<StringUse>,
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
        let resolver = Resolver {
            content: &self.content,
            static_files: &files,
            root: &root,
            default_language: &self.config.default_language,
            collect_external: self.checks_external(),
        };
        let step = Step {
            site: self,
            resolver: &resolver,
            sites: self
                .config
                .language_codes()
                .map(|l| (l, site_value(&self.config, l)))
                .collect(),
            pack: self.content.pages.len() > self.options.pack_html_above,
        };
        let results: Vec<_> = bodies
            .into_par_iter()
            .map(|(i, body)| step.page(i, body))
            .collect();
        let redone: HashSet<usize> = which.iter().copied().collect();
        self.anchor_checks.retain(|c| !redone.contains(&c.from));
        for (i, rendered, mut body, mut anchors) in results {
            let page = &mut self.content.pages[i];
            if page.fallback_of.is_some() {
                // A copy of a default-language page: its problems are reported once, on the
                // original. (Its anchors may name headings of real translations, which differ.)
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
        let templates = site.presentation.templates.as_ref().map(|t| Recording {
            templates: t,
            used: RefCell::new(BTreeSet::new()),
        });
        let env = templates.as_ref().map(|t| Env {
            templates: t,
            lang: &page.lang,
            page: page_value(page),
            site: &self.sites[page.lang.as_str()],
            file: page
                .file
                .as_deref()
                .unwrap_or(std::path::Path::new("content")),
            line_offset: page.body_line_offset,
            strict: site.options.strict,
            hooks: &hooks,
        });
        let ((r, mut diagnostics), strings) = crate::templates::capture_strings(|| {
            shortcodes::render_body(&body, page.body_line_offset, env.as_ref(), &hooks)
        });
        drop(env);
        drop(body);
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
            external,
        };
        (i, rendered, body, hooks.anchors.into_inner())
    }
}

/// The site's templates as shortcode expansion sees them, noting which it asked for.
struct Recording<'a> {
    templates: &'a Templates,
    used: RefCell<BTreeSet<String>>,
}

impl ShortcodeTemplates for Recording<'_> {
    fn has(&self, template: &str) -> bool {
        self.used.borrow_mut().insert(template.to_string());
        self.templates.has(template)
    }

    fn uses_inner(&self, template: &str) -> bool {
        self.templates
            .source(template)
            .is_some_and(|t| t.contains("inner"))
    }

    fn render(
        &self,
        lang: &str,
        template: &str,
        ctx: &tera::Context,
    ) -> Result<String, Diagnostic> {
        self.templates.render(lang, template, ctx)
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
fn site_value(config: &crate::config::Config, lang: &str) -> serde_json::Value {
    serde_json::json!({
        "title": config.language_title(lang),
        "base_url": config.base_url,
        "params": config.params,
    })
}
