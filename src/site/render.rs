//! The render phase: every output file of a loaded and checked site — pages through the
//! templates, per-section navigation, 404s, aliases, FAQ feeds, sitemap, static files and the
//! search index — streamed into a `Sink`.

use super::Site;
use crate::content::{Kind, Page};
use crate::diagnostics::Diagnostic;
use crate::output::{Data, OutFile, Sink};
use crate::render::{
    LanguageView, LinkView, ListedPage, NavItem, PageView, SectionView, SiteView, Templates,
    TranslationLink,
};
use crate::theme::Source;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// The theme's rendering of the navigation tree, once per section, shown as `nav_html`.
const NAV_PARTIAL: &str = "partials/nav.html";

/// What `render_into` renders.
#[derive(Clone, Copy)]
enum Scope<'a> {
    Everything,
    /// Everything but the search index (serve builds it later).
    AllButSearchIndex,
    /// These pages, and the files that show their bodies or dates (FAQ feeds, sitemap).
    Pages(&'a HashSet<usize>),
}

impl Site {
    /// Renders the whole site into memory (for `serve`).
    pub fn render(&self) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
        self.render_in_memory(Scope::Everything)
    }

    /// Like `render`, without the search index: a serve rebuild puts it off (it takes longer
    /// than the rest) or keeps the last one (the index doesn't depend on templates).
    pub fn render_without_search_index(&self) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
        self.render_in_memory(Scope::AllButSearchIndex)
    }

    fn render_in_memory(&self, scope: Scope) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
        let memory = crate::output::Memory::default();
        self.render_into(&memory, scope)?;
        Ok(memory.into_files())
    }

    /// Renders every file of the site into `sink` as soon as it is ready: pages, 404s, aliases,
    /// feeds, sitemap, static files, search index. A build streams into the disk writer, so it
    /// never holds all pages in memory.
    pub fn render_to(&self, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
        self.render_into(sink, Scope::Everything)
    }

    /// Serve, after `update_pages`: renders only `pages`, the FAQ feeds and the sitemap into
    /// `sink`; every other file is as the last full render left it.
    pub fn render_pages_to(
        &self,
        pages: &HashSet<usize>,
        sink: &dyn Sink,
    ) -> Result<(), Vec<Diagnostic>> {
        self.render_into(sink, Scope::Pages(pages))
    }

    fn render_into(&self, sink: &dyn Sink, scope: Scope) -> Result<(), Vec<Diagnostic>> {
        let only = match scope {
            Scope::Pages(pages) => Some(pages),
            _ => None,
        };
        let rendered = |i: &usize| only.is_none_or(|o| o.contains(i));
        let langs: Vec<String> = self.config.language_codes().map(str::to_string).collect();
        let Some(templates) = &self.templates else {
            // Their errors were reported when they were compiled.
            return Err(vec![Diagnostic::error(
                "template",
                "nothing rendered: the templates did not compile",
            )]);
        };
        let shared: HashMap<&str, (serde_json::Value, serde_json::Value)> = langs
            .iter()
            .map(|l| {
                let site = serde_json::to_value(self.site_view(l)).expect("site view serializes");
                let nav = serde_json::to_value(self.nav(l, None)).expect("nav serializes");
                (l.as_str(), (site, nav))
            })
            .collect();
        // Pages render in the context of their section (a section page in its own), keyed by
        // (language, section page); None is the language's top level, for pages outside any
        // section.
        let section_of = |i: usize| {
            let page = &self.content.pages[i];
            let section = if page.is_section() {
                Some(i)
            } else {
                page.parent
            };
            (page.lang.as_str(), section)
        };
        let nav_partial = templates.has(NAV_PARTIAL) && templates.mention("nav_html");
        let contexts = SectionContexts {
            site: self,
            templates,
            shared: &shared,
            with_section: templates.mention("section"),
            // The tree and the theme's rendering of it are made per section: left out when no
            // template shows them (a site's own templates that replace the theme's `base.html`).
            nav_partial,
            with_nav: nav_partial || templates.mention_outside("nav", NAV_PARTIAL),
        };
        // Pages are rendered a section at a time: the job that renders a section's pages makes
        // its context (`lang`, `site`, `section`, the navigation tree and the theme's rendering
        // of it) once, replaces only `page` in it for each page, and drops it when done. So
        // nothing shared is copied or serialized again per page, and only the contexts of the
        // sections being rendered are held, not one per section of the site. A large section
        // is split into runs, each with its own copy of the context, so both cores share it.
        let mut groups: HashMap<(&str, Option<usize>), Vec<usize>> = HashMap::new();
        for i in (0..self.content.pages.len()).filter(rendered) {
            groups.entry(section_of(i)).or_default().push(i);
        }
        let mut groups: Vec<_> = groups.into_iter().collect();
        // The largest first, so that the last jobs are small ones.
        groups.sort_by(|(a, pa), (b, pb)| pb.len().cmp(&pa.len()).then(a.cmp(b)));
        let render_run = |ctx: &mut tera::Context,
                          nav_html: &Option<String>,
                          run: &[usize]|
         -> Vec<Diagnostic> {
            run.iter()
                .filter_map(|&i| self.render_page(i, ctx, nav_html, templates, sink).err())
                .collect()
        };
        let render_pages = || -> Vec<Diagnostic> {
            groups
                .par_iter()
                .flat_map_iter(|&(key, ref run)| {
                    let (mut ctx, nav_html) = match contexts.make(key) {
                        Ok(c) => c,
                        Err(d) => return vec![d],
                    };
                    if run.len() <= RUN {
                        return render_run(&mut ctx, &nav_html, run);
                    }
                    run.par_chunks(RUN)
                        .flat_map_iter(|part| render_run(&mut ctx.clone(), &nav_html, part))
                        .collect()
                })
                .collect()
        };
        // The search index is built alongside the pages: both are parallel, and the index's
        // per-language merge would otherwise run on one core at the end.
        let search = || {
            if self.config.search.enabled
                && sink.keeps_files()
                && matches!(scope, Scope::Everything)
            {
                self.search_index(sink, &|| false).unwrap_or_default()
            } else {
                Vec::new()
            }
        };
        // The sitemap and the FAQ feeds go over every page on one thread: made meanwhile.
        let listings = || {
            let mut files = self.faq_feeds();
            files.push(self.sitemap_file());
            files
        };
        let (mut errors, (search_errors, listings)) =
            rayon::join(render_pages, || rayon::join(search, listings));
        errors.extend(search_errors);
        if only.is_some() {
            // Nothing else shows a page's body or dates, except the feeds of FAQ answers and
            // the sitemap.
            if !errors.is_empty() {
                return Err(sorted(errors));
            }
            return listings
                .into_iter()
                .try_for_each(|f| sink.put(f))
                .map_err(|d| vec![d]);
        }
        let mut files = Vec::new();
        for lang in &langs {
            match self.not_found_page(lang, templates, &shared[lang.as_str()]) {
                Ok(Some(f)) => files.push(f),
                Ok(None) => {}
                Err(d) => errors.push(d),
            }
        }
        match self.aliases(templates) {
            Ok(a) => files.extend(a),
            Err(d) => errors.push(d),
        }
        if !errors.is_empty() {
            return Err(sorted(errors));
        }
        files.extend(listings);
        for (path, src) in &self.static_files {
            files.push(OutFile {
                path: path.clone(),
                data: match src {
                    Source::Embedded(b) => Data::Static(b),
                    Source::Disk(p) => Data::Copy(p.clone()),
                },
            });
        }
        for a in &self.content.assets {
            files.push(OutFile {
                path: a.out_path.clone(),
                data: Data::Copy(a.file.clone()),
            });
        }
        let errors: Vec<Diagnostic> = files
            .into_par_iter()
            .filter_map(|f| sink.put(f).err())
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Renders page `i` into `sink` with its section's context `ctx` (its `page` replaced).
    fn render_page(
        &self,
        i: usize,
        ctx: &mut tera::Context,
        nav_html: &Option<String>,
        templates: &Templates,
        sink: &dyn Sink,
    ) -> Result<(), Diagnostic> {
        let page = &self.content.pages[i];
        let mut view = self.page_view(i);
        if let Some(entries) = self.faq.heading_pages.get(&i) {
            view.content = self
                .with_faq_meta(page, entries, templates)
                .map_err(|d| in_page(d, page))?
                .into();
        }
        if let Some(html) = nav_html {
            set(ctx, "nav_html", mark_current(html, &page.url).into());
        }
        ctx.insert("page", &view);
        let template = self.template_for(i, templates);
        // Room for the content, the navigation and the theme's frame around them.
        let capacity = view.content.len() + nav_html.as_ref().map_or(0, String::len);
        let html = templates
            .render_bytes(&page.lang, &template, ctx, capacity + 8192)
            .map_err(|d| in_page(d, page))?;
        sink.put(OutFile {
            path: page.out_path.clone(),
            data: Data::Bytes(html),
        })
    }

    /// The offline search index of every language (`search/<lang>.json`, see `search`),
    /// streamed into `sink`, the languages side by side: the errors of putting its files, or
    /// None when `interrupted` stopped it.
    fn search_index(
        &self,
        sink: &dyn Sink,
        interrupted: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Diagnostic>> {
        let langs: Vec<&str> = self.config.language_codes().collect();
        let done: Vec<Option<Vec<Diagnostic>>> = langs
            .par_iter()
            .map(|lang| self.search_index_into(lang, sink, interrupted))
            .collect();
        done.into_iter().try_fold(Vec::new(), |mut all, errors| {
            all.extend(errors?);
            Some(all)
        })
    }

    /// The search index of one language only (serve: after an edit of that language's pages),
    /// or None when `interrupted` stopped it.
    pub fn search_index_for(
        &self,
        lang: &str,
        interrupted: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<OutFile>> {
        let memory = crate::output::Memory::default();
        let errors = self.search_index_into(lang, &memory, interrupted)?;
        // A memory sink only refuses a path claimed twice, which the index never does.
        debug_assert!(errors.is_empty(), "{errors:?}");
        Some(memory.into_files())
    }

    fn search_index_into(
        &self,
        lang: &str,
        sink: &dyn Sink,
        interrupted: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Diagnostic>> {
        let pages: Vec<usize> = (0..self.content.pages.len())
            .filter(|&i| self.content.pages[i].lang == lang)
            .collect();
        let page_docs = |k: usize, out: &mut crate::search::PageDocs| {
            let i = pages[k];
            let page = &self.content.pages[i];
            // FAQ data from the FAQ module, so results mark stale entries as pages do.
            let entry = |e: &usize| &self.faq.entries[*e];
            let faq_headings: Vec<(&str, bool)> = self
                .faq
                .heading_pages
                .get(&i)
                .into_iter()
                .flatten()
                .map(|e| (entry(e).anchor.as_str(), entry(e).stale))
                .collect();
            out.add_page(&crate::search::PageInput {
                url: &page.url,
                title: &page.title,
                html: &page.rendered.html.text(),
                headings: &page.rendered.headings,
                faq_page: self.faq.entry_pages.get(&i).map(|e| entry(e).stale),
                faq_headings: &faq_headings,
            })
        };
        let limits = crate::search::Limits::default();
        let input = crate::search::LanguageInput {
            lang,
            limits: &limits,
            pages: pages.len(),
            page_docs: &page_docs,
            interrupted,
        };
        crate::search::build_language(&input, sink)
    }

    fn template_for(&self, idx: usize, templates: &Templates) -> String {
        let page = &self.content.pages[idx];
        let faq_section = page.is_section()
            && (self.faq.sections.contains_key(&idx) || page.fm.layout.as_deref() == Some("faq"));
        let wanted = match (&page.fm.layout, page.kind) {
            _ if self.faq.entry_pages.contains_key(&idx) => "faq_entry.html".into(),
            _ if faq_section => "faq.html".into(),
            // A page of heading entries is an ordinary page with dated questions.
            (Some(l), Kind::Page) if l == "faq" => "page.html".into(),
            (Some(l), _) => format!("{l}.html"),
            (None, Kind::Home) => "index.html".into(),
            (None, Kind::Section) => "section.html".into(),
            (None, Kind::Page) => "page.html".into(),
        };
        let fallback = match page.kind {
            Kind::Home => "index.html",
            Kind::Section => "section.html",
            Kind::Page => "page.html",
        };
        [wanted.as_str(), fallback]
            .into_iter()
            .find(|name| templates.has(name))
            .unwrap_or("page.html")
            .to_string()
    }

    /// Scheme and host of `base_url` ("" for a path-only base), to make permalinks.
    fn origin(&self) -> &str {
        let base = self.config.base_url.as_str();
        match base.find("://") {
            Some(i) => match base[i + 3..].find('/') {
                Some(j) => &base[..i + 3 + j],
                None => base,
            },
            None => "",
        }
    }

    pub fn permalink(&self, url: &str) -> String {
        format!("{}{url}", self.origin())
    }

    fn site_view(&self, lang: &str) -> SiteView {
        let root = self.config.root_path();
        SiteView {
            title: self.config.language_title(lang).to_string(),
            description: self
                .config
                .languages
                .get(lang)
                .and_then(|l| l.description.clone())
                .unwrap_or_else(|| self.config.description.clone()),
            root: root.clone(),
            base_url: self.config.base_url.clone(),
            default_language: self.config.default_language.clone(),
            languages: self
                .config
                .language_codes()
                .map(|code| LanguageView {
                    code: code.to_string(),
                    name: self.config.language_name(code).to_string(),
                    title: self.config.language_title(code).to_string(),
                    url: self
                        .content
                        .homes
                        .get(code)
                        .map(|&h| self.content.pages[h].url.clone())
                        .unwrap_or_else(|| root.clone()),
                })
                .collect(),
            params: serde_json::to_value(&self.config.params).unwrap_or_default(),
            search: self.config.search.enabled,
        }
    }

    /// The section tree of one language, computed once and shared by every page.
    /// The navigation tree as a page in `section` shows it: every top-level item, and the
    /// children of the sections on the path to `section` (the others are collapsed, with
    /// `has_children` telling the theme they can be opened). Built once per section, so its
    /// cost does not grow with the number of pages that share it.
    fn nav(&self, lang: &str, section: Option<usize>) -> Vec<NavItem> {
        fn items(site: &Site, idx: usize, open: &[usize]) -> Vec<NavItem> {
            site.content
                .nav_children(idx)
                .into_iter()
                .map(|c| {
                    let p = &site.content.pages[c];
                    let has_children =
                        p.is_section() && !(p.pages.is_empty() && p.subsections.is_empty());
                    NavItem {
                        title: p.nav_title().to_string(),
                        url: p.url.clone(),
                        is_section: p.is_section(),
                        has_children,
                        children: if has_children && open.contains(&c) {
                            items(site, c, open)
                        } else {
                            Vec::new()
                        },
                    }
                })
                .collect()
        }
        let mut open = section
            .map(|s| self.content.ancestors(s))
            .unwrap_or_default();
        open.extend(section);
        match self.content.homes.get(lang) {
            Some(&home) => items(self, home, &open),
            None => Vec::new(),
        }
    }

    fn listed(&self, i: usize) -> ListedPage<'_> {
        let page = &self.content.pages[i];
        ListedPage {
            title: &page.title,
            url: &page.url,
            description: page.fm.description.as_deref().unwrap_or(""),
            summary: &page.rendered.summary,
            weight: page.fm.weight,
            params: &page.fm.params,
        }
    }

    fn section_view(&self, idx: usize) -> SectionView<'_> {
        let page = &self.content.pages[idx];
        SectionView {
            title: &page.title,
            url: &page.url,
            description: page.fm.description.as_deref().unwrap_or(""),
            pages: page.pages.iter().map(|&i| self.listed(i)).collect(),
            subsections: page.subsections.iter().map(|&i| self.listed(i)).collect(),
        }
    }

    fn page_view(&self, idx: usize) -> PageView<'_> {
        let pages = &self.content.pages;
        let page = &pages[idx];
        let link = |i: usize| LinkView {
            title: pages[i].nav_title(),
            url: &pages[i].url,
        };
        let listed = |i: usize| self.listed(i);
        let (prev, next) = match page.parent.filter(|_| page.kind == Kind::Page) {
            Some(parent) => {
                let siblings = &pages[parent].pages;
                let pos = siblings.iter().position(|&s| s == idx);
                (
                    pos.and_then(|p| p.checked_sub(1))
                        .map(|p| link(siblings[p])),
                    pos.and_then(|p| siblings.get(p + 1)).map(|&n| link(n)),
                )
            }
            None => (None, None),
        };
        let translations: Vec<TranslationLink> = self.translations[idx]
            .iter()
            .map(|&t| TranslationLink {
                lang: &pages[t].lang,
                name: self.config.language_name(&pages[t].lang),
                title: &pages[t].title,
                url: &pages[t].url,
                permalink: self.permalink(&pages[t].url),
                untranslated: pages[t].fallback_of.is_some(),
            })
            .collect();
        let default_language_permalink = std::iter::once(idx)
            .chain(self.translations[idx].iter().copied())
            .find(|&t| pages[t].lang == self.config.default_language)
            .map(|t| self.permalink(&pages[t].url))
            .unwrap_or_else(|| self.permalink(&page.url));
        PageView {
            kind: page.kind.as_str(),
            source: page
                .file
                .as_ref()
                .map(|f| f.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default(),
            layout: page.fm.layout.as_deref().unwrap_or(""),
            title: &page.title,
            description: page.fm.description.as_deref().unwrap_or(""),
            url: &page.url,
            permalink: self.permalink(&page.url),
            lang: &page.lang,
            content: page.rendered.html.text(),
            summary: &page.rendered.summary,
            toc: page.rendered.toc(),
            show_toc: page.fm.toc.unwrap_or(true),
            date: page.fm.date.map(|d| d.to_string()),
            updated: page.fm.updated.map(|d| d.to_string()),
            params: &page.fm.params,
            breadcrumbs: self.content.ancestors(idx).into_iter().map(link).collect(),
            prev,
            next,
            pages: if page.is_section() {
                page.pages.iter().map(|&i| listed(i)).collect()
            } else {
                Vec::new()
            },
            subsections: if page.is_section() {
                page.subsections.iter().map(|&i| listed(i)).collect()
            } else {
                Vec::new()
            },
            translations,
            default_language_permalink,
            translation: self.translation_status(idx),
            faq: self.faq.page_view(idx, &self.content),
            faq_entry: self.faq.entry_pages.get(&idx).map(|&e| {
                serde_json::to_value(self.faq.entry_view(e, &self.content))
                    .expect("entry serializes")
            }),
        }
    }

    /// The page body with each question's dates and stale notice after its heading, rendered
    /// by the theme's `partials/faq_meta.html` (the same macro the FAQ templates use).
    fn with_faq_meta(
        &self,
        page: &Page,
        entries: &[usize],
        templates: &Templates,
    ) -> Result<String, Diagnostic> {
        let mut html = page.rendered.html.text().into_owned();
        if !templates.has("partials/faq_meta.html") {
            return Ok(html);
        }
        for &e in entries {
            let entry = &self.faq.entries[e];
            if entry.added.is_none() {
                continue;
            }
            let mut ctx = tera::Context::new();
            ctx.insert("lang", &page.lang);
            ctx.insert("entry", &self.faq.entry_view(e, &self.content));
            let meta = templates.render(&page.lang, "partials/faq_meta.html", &ctx)?;
            let Some(start) = html.find(&format!(" id=\"{}\"", entry.anchor)) else {
                continue;
            };
            let Some(close) = html[start..].find("</h").map(|i| start + i) else {
                continue;
            };
            let Some(end) = html[close..].find('>').map(|i| close + i + 1) else {
                continue;
            };
            html.insert_str(end, &format!("\n{}", meta.trim()));
        }
        Ok(html)
    }

    /// An Atom feed of the newest entries for each FAQ section of each language.
    fn faq_feeds(&self) -> Vec<OutFile> {
        let mut out = Vec::new();
        for (&section, ids) in &self.faq.sections {
            let page = &self.content.pages[section];
            let entries: Vec<_> = ids
                .iter()
                .map(|&e| {
                    (
                        &self.faq.entries[e],
                        &self.content.pages[self.faq.entries[e].page],
                    )
                })
                .collect();
            let feed = crate::faq::atom_feed(
                page,
                &entries,
                |u| self.permalink(u),
                self.config.language_title(&page.lang),
            );
            let dir = page.out_path.trim_end_matches("index.html");
            out.push(OutFile {
                path: format!("{dir}atom.xml"),
                data: Data::Bytes(feed.into_bytes()),
            });
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    /// `page.translation` for the notice: an untranslated stand-in, or an outdated translation.
    fn translation_status(&self, idx: usize) -> Option<serde_json::Value> {
        let pages = &self.content.pages;
        if let Some(src) = pages[idx].fallback_of {
            return Some(serde_json::json!({
                "status": "untranslated",
                "source_url": pages[src].url,
                "source_permalink": self.permalink(&pages[src].url),
                "source_date": null,
                "translated_date": null,
            }));
        }
        let o = self.drift.outdated.get(&idx)?;
        Some(serde_json::json!({
            "status": "outdated",
            "source_url": pages[o.source].url,
            "source_permalink": self.permalink(&pages[o.source].url),
            "source_date": o.source_date.to_string(),
            "translated_date": o.translated_date.to_string(),
        }))
    }

    /// `404.html` at the root for the default language, `<lang>/404.html` for the others.
    fn not_found_page(
        &self,
        lang: &str,
        templates: &Templates,
        shared: &(serde_json::Value, serde_json::Value),
    ) -> Result<Option<OutFile>, Diagnostic> {
        if !templates.has("404.html") {
            return Ok(None);
        }
        let root = self.config.root_path();
        let prefix = if lang == self.config.default_language {
            String::new()
        } else {
            format!("{lang}/")
        };
        let url = format!("{root}{prefix}404.html");
        let empty = serde_json::Map::new();
        let view = PageView {
            kind: "404",
            source: String::new(),
            layout: "",
            title: "404",
            description: "",
            url: &url,
            permalink: self.permalink(&url),
            lang,
            content: "".into(),
            summary: "",
            toc: Vec::new(),
            show_toc: false,
            date: None,
            updated: None,
            params: &empty,
            breadcrumbs: Vec::new(),
            prev: None,
            next: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            translations: Vec::new(),
            default_language_permalink: self.permalink(&format!("{root}404.html")),
            translation: None,
            faq: None,
            faq_entry: None,
        };
        let mut ctx = tera::Context::new();
        ctx.insert("lang", lang);
        ctx.insert("site", &shared.0);
        ctx.insert("nav", &shared.1);
        ctx.insert("page", &view);
        let html = templates.render(lang, "404.html", &ctx)?;
        Ok(Some(OutFile {
            path: format!("{prefix}404.html"),
            data: Data::Bytes(html.into_bytes()),
        }))
    }

    /// One redirect page per alias.
    fn aliases(&self, templates: &Templates) -> Result<Vec<OutFile>, Diagnostic> {
        let mut out = Vec::new();
        for page in &self.content.pages {
            for alias in &page.fm.aliases {
                let rel = crate::content::normalize_url_path(alias);
                let path = if rel.is_empty() || rel.ends_with('/') {
                    format!("{rel}index.html")
                } else {
                    rel
                };
                let target = self.permalink(&page.url);
                let html = if templates.has("alias.html") {
                    let mut ctx = tera::Context::new();
                    ctx.insert("lang", &page.lang);
                    ctx.insert("target", &target);
                    ctx.insert("title", &page.title);
                    templates
                        .render(&page.lang, "alias.html", &ctx)
                        .map_err(|d| in_page(d, page))?
                } else {
                    let t = crate::html::escape(&target);
                    format!(
                        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{t}</title><link rel=\"canonical\" href=\"{t}\"><meta http-equiv=\"refresh\" content=\"0; url={t}\"></head><body><a href=\"{t}\">{t}</a></body></html>\n"
                    )
                };
                out.push(OutFile {
                    path,
                    data: Data::Bytes(html.into_bytes()),
                });
            }
        }
        Ok(out)
    }

    fn sitemap_file(&self) -> OutFile {
        OutFile {
            path: "sitemap.xml".into(),
            data: Data::Bytes(self.sitemap().into_bytes()),
        }
    }

    /// `sitemap.xml` with every page and its translations as `xhtml:link` alternates. Fallback
    /// pages (the original shown under another language's URL) are neither listed nor
    /// alternates: search engines should see the original once.
    fn sitemap(&self) -> String {
        let mut s = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        let pages = &self.content.pages;
        for (i, page) in pages.iter().enumerate() {
            if page.fallback_of.is_some() {
                continue;
            }
            s.push_str("  <url>\n    <loc>");
            s.push_str(&crate::html::escape(&self.permalink(&page.url)));
            s.push_str("</loc>\n");
            if let Some(d) = page.fm.updated.or(page.fm.date) {
                s.push_str(&format!("    <lastmod>{d}</lastmod>\n"));
            }
            let alternates: Vec<usize> = std::iter::once(i)
                .chain(self.translations[i].iter().copied())
                .filter(|&t| pages[t].fallback_of.is_none())
                .collect();
            if alternates.len() > 1 {
                for t in alternates {
                    let tp = &pages[t];
                    s.push_str(&format!(
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                        tp.lang,
                        crate::html::escape(&self.permalink(&tp.url))
                    ));
                }
            }
            s.push_str("  </url>\n");
        }
        s.push_str("</urlset>\n");
        s
    }
}

/// Pages rendered in a row with one context: small enough that a large section is shared by
/// both cores, large enough that copying the section's context is paid once per many pages.
const RUN: usize = 256;

/// What every section's template context is made from.
struct SectionContexts<'a> {
    site: &'a Site,
    templates: &'a Templates,
    /// Per language: `site` and the language's top-level navigation tree, as template values.
    shared: &'a HashMap<&'a str, (serde_json::Value, serde_json::Value)>,
    with_section: bool,
    with_nav: bool,
    /// Whether the theme's `partials/nav.html` renders the tree (shown as `nav_html`).
    nav_partial: bool,
}

impl SectionContexts<'_> {
    /// The context of section `section` of `lang` (None: the language's top level) without
    /// `page`, and the theme's rendering of its navigation tree.
    fn make(
        &self,
        (lang, section): (&str, Option<usize>),
    ) -> Result<(tera::Context, Option<String>), Diagnostic> {
        let site = self.site;
        let shared = &self.shared[lang];
        let mut ctx = tera::Context::new();
        ctx.insert("lang", lang);
        ctx.insert("site", &shared.0);
        match section {
            _ if !self.with_nav => {}
            Some(_) => ctx.insert("nav", &site.nav(lang, section)),
            None => ctx.insert("nav", &shared.1),
        }
        // Its list of pages is as large as the section: left out unless used.
        if let Some(s) = section.or_else(|| site.content.homes.get(lang).copied())
            && self.with_section
        {
            ctx.insert("section", &site.section_view(s));
        }
        let nav_html = if self.nav_partial {
            Some(self.templates.render(lang, NAV_PARTIAL, &ctx)?)
        } else {
            None
        };
        Ok((ctx, nav_html))
    }
}

/// Puts an already built value into a template context without copying it (`insert` would
/// serialize it again).
fn set(ctx: &mut tera::Context, key: &str, value: serde_json::Value) {
    let one = serde_json::Map::from_iter([(key.to_string(), value)]);
    ctx.extend(tera::Context::from_value(one.into()).expect("an object"));
}

/// The navigation HTML of a section with the link to `url` marked as the current page.
fn mark_current(nav_html: &str, url: &str) -> String {
    let needle = format!("href=\"{}\"", crate::html::escape(url));
    // Once per page over the whole tree: std's `str::find` was 1.3% of a default-theme
    // `sitegen check`.
    match memchr::memmem::find(nav_html.as_bytes(), needle.as_bytes()) {
        Some(i) => {
            let at = i + needle.len();
            let mut out = String::with_capacity(nav_html.len() + 24);
            out.push_str(&nav_html[..at]);
            out.push_str(" aria-current=\"page\"");
            out.push_str(&nav_html[at..]);
            out
        }
        None => nav_html.to_string(),
    }
}

/// Render errors in a stable order, each once: a template error met by every section (say, in
/// the navigation partial) is one error.
fn sorted(mut errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    errors.sort_by(|a, b| a.message.cmp(&b.message));
    errors.dedup_by(|a, b| a.message == b.message && a.file == b.file);
    errors
}

/// A render error is reported against the template, and says which page was rendering.
fn in_page(mut d: Diagnostic, page: &Page) -> Diagnostic {
    d.message = format!(
        "{} (while rendering {})",
        d.message,
        page.diag_file().display()
    );
    d
}
