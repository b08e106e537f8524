//! The render phase: every output file of a loaded and checked site — pages through the
//! templates (here), with their sections' contexts (`context.rs`); 404s, aliases, FAQ feeds,
//! the sitemap and the search index (`listings.rs`); static files (`crate::output`) — streamed
//! into a `Sink` as soon as each is ready. It reads the site and never changes it; what it
//! finds comes back as diagnostics.

mod context;
mod listings;
mod versions;

pub use listings::search_index_for;

use crate::content::{Kind, Page};
use crate::diagnostics::Diagnostic;
use crate::output::{Data, OutFile, Sink};
use crate::site::Site;
use crate::templates::Templates;
use context::{RUN, SectionContexts, Shared, mark_current, set};
use rayon::prelude::*;
use std::collections::HashSet;

/// What `render` renders.
#[derive(Clone, Copy)]
enum Scope<'a> {
    Everything,
    /// Everything but the search index (serve builds it later).
    AllButSearchIndex,
    /// These pages, and the files that show their bodies or dates (FAQ feeds, sitemap).
    Pages(&'a HashSet<usize>),
}

/// Renders every file of the site into `sink` as soon as it is ready: pages, 404s, aliases,
/// feeds, sitemap, static files, search index. A build streams into the disk writer, so it
/// never holds all pages in memory. Returns what it found: an error means some file is
/// missing (the sink must not be committed).
pub(crate) fn render_to(site: &Site, sink: &dyn Sink) -> Vec<Diagnostic> {
    render(site, sink, Scope::Everything)
}

/// The whole site in memory (serve's first build, tests), and what rendering found.
pub fn in_memory(site: &Site) -> (Vec<OutFile>, Vec<Diagnostic>) {
    let memory = crate::output::Memory::default();
    let found = render(site, &memory, Scope::Everything);
    (memory.into_files(), found)
}

/// `in_memory` without the search index: a serve rebuild puts it off (it takes longer than the
/// rest) or keeps the last one (the index doesn't depend on templates).
pub(crate) fn in_memory_without_search_index(site: &Site) -> (Vec<OutFile>, Vec<Diagnostic>) {
    let memory = crate::output::Memory::default();
    let found = render(site, &memory, Scope::AllButSearchIndex);
    (memory.into_files(), found)
}

/// Serve, after `Site::update_pages`: renders only `pages`, the FAQ feeds and the sitemap into
/// `sink`; every other file is as the last full render left it.
pub fn pages_to(site: &Site, pages: &HashSet<usize>, sink: &dyn Sink) -> Vec<Diagnostic> {
    render(site, sink, Scope::Pages(pages))
}

fn render(site: &Site, sink: &dyn Sink, scope: Scope) -> Vec<Diagnostic> {
    let Some(templates) = &site.presentation.templates else {
        // Their errors were reported when they were compiled.
        return vec![Diagnostic::error(
            "template",
            "nothing rendered: the templates did not compile",
        )];
    };
    let mut found = render_with(site, templates, sink, scope);
    // UI strings the templates missed; the Markdown phase reported those its shortcodes did.
    let missing = templates.take_missing();
    found.extend(
        site.presentation
            .strings
            .missing_key_warnings(&missing, &site.missing_strings),
    );
    site.judge.apply(found)
}

fn render_with(
    site: &Site,
    templates: &Templates,
    sink: &dyn Sink,
    scope: Scope,
) -> Vec<Diagnostic> {
    let shared = context::shared(site);
    // The search index is built alongside the pages: both are parallel, and the index's
    // per-language merge would otherwise run on one core at the end.
    let search = || {
        if site.config.search.enabled && sink.keeps_files() && matches!(scope, Scope::Everything) {
            listings::search_index(site, sink, &|| false).unwrap_or_default()
        } else {
            Vec::new()
        }
    };
    // The sitemap and the FAQ feeds go over every page on one thread: made meanwhile.
    let listings = || {
        let mut files = listings::faq_feeds(site);
        files.push(listings::sitemap_file(site));
        files
    };
    let pages = || render_pages(site, templates, &shared, sink, scope);
    let (mut errors, (search_errors, listings)) =
        rayon::join(pages, || rayon::join(search, listings));
    errors.extend(search_errors);
    if let Scope::Pages(_) = scope {
        // Nothing else shows a page's body or dates, except the feeds of FAQ answers and
        // the sitemap.
        if !errors.is_empty() {
            return sorted(errors);
        }
        return listings
            .into_iter()
            .try_for_each(|f| sink.put(f))
            .err()
            .into_iter()
            .collect();
    }
    let mut files = Vec::new();
    for lang in site.config.language_codes() {
        match listings::not_found_page(site, lang, templates, &shared[lang]) {
            Ok(Some(f)) => files.push(f),
            Ok(None) => {}
            Err(d) => errors.push(d),
        }
    }
    match listings::aliases(site, templates) {
        Ok(a) => files.extend(a),
        Err(d) => errors.push(d),
    }
    match versions::latest_redirects(site, templates) {
        Ok(a) => files.extend(a),
        Err(d) => errors.push(d),
    }
    files.extend(versions::redirects_file(site));
    if !errors.is_empty() {
        return sorted(errors);
    }
    files.extend(listings);
    files.extend(listings::robots_file(site));
    files.extend(listings::rotation_ics(site));
    files.extend(crate::output::static_files(
        &site.presentation.static_files,
        &site.content.assets,
    ));
    files
        .into_par_iter()
        .filter_map(|f| sink.put(f).err())
        .collect()
}

/// Renders the pages of `scope`. Pages are rendered a section at a time: the job that renders
/// a section's pages makes its context once, replaces only `page` in it for each page, and
/// drops it when done. So nothing shared is copied or serialized again per page, and only the
/// contexts of the sections being rendered are held, not one per section of the site. A large
/// section is split into runs, each with its own copy of the context, so both cores share it.
fn render_pages(
    site: &Site,
    templates: &Templates,
    shared: &Shared,
    sink: &dyn Sink,
    scope: Scope,
) -> Vec<Diagnostic> {
    let groups = context::by_section(site, |i| {
        site.content.pages[i].is_rendered()
            && match scope {
                Scope::Pages(only) => only.contains(&i),
                _ => true,
            }
    });
    let contexts = SectionContexts::new(site, templates, shared);
    // The menus with the page marked, for each page of a site with menus and templates that
    // show them; the others share the section's unmarked copy.
    let marks_menus = templates.mention("menus");
    let render_run =
        |ctx: &mut tera::Context, nav_html: &Option<String>, run: &[usize]| -> Vec<Diagnostic> {
            run.iter()
                .filter_map(|&i| {
                    let menus = &shared[site.content.pages[i].lang.as_str()].menus;
                    if marks_menus && !menus.is_empty() {
                        let url = Some(site.content.pages[i].url.as_str());
                        set(ctx, "menus", crate::view::menus(menus, url));
                    }
                    render_page(site, i, ctx, nav_html, templates, sink).err()
                })
                .collect()
        };
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
}

/// Renders page `i` into `sink` with its section's context `ctx` (its `page` replaced).
fn render_page(
    site: &Site,
    i: usize,
    ctx: &mut tera::Context,
    nav_html: &Option<String>,
    templates: &Templates,
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let page = &site.content.pages[i];
    let mut view = crate::view::page(site, i);
    if let Some(entries) = site.faq.heading_pages.get(&i) {
        view.content = with_faq_meta(site, page, entries, templates)
            .map_err(|d| in_page(d, page))?
            .into();
    }
    if let Some(html) = nav_html {
        set(ctx, "nav_html", mark_current(html, &page.url).into());
    }
    ctx.insert("page", &view);
    let template = template_for(site, i, templates);
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

/// The template page `idx` renders with: its `layout`, the FAQ templates for FAQ sections and
/// entries, else the one of its kind.
fn template_for(site: &Site, idx: usize, templates: &Templates) -> String {
    let page = &site.content.pages[idx];
    let faq_section = page.is_section()
        && (site.faq.sections.contains_key(&idx) || page.fm.layout.as_deref() == Some("faq"));
    let wanted = match (&page.fm.layout, page.kind) {
        _ if site.faq.entry_pages.contains_key(&idx) => "faq_entry.html".into(),
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

/// The page body with each question's dates and stale notice after its heading, rendered
/// by the theme's `partials/faq_meta.html` (the same macro the FAQ templates use), put where
/// the Markdown phase said the heading ends.
fn with_faq_meta(
    site: &Site,
    page: &Page,
    entries: &[usize],
    templates: &Templates,
) -> Result<String, Diagnostic> {
    let mut html = page.rendered.html.text().into_owned();
    if !templates.has("partials/faq_meta.html") {
        return Ok(html);
    }
    let mut metas = Vec::new();
    for &e in entries {
        let entry = &site.faq.entries[e];
        let (Some(_), Some(h)) = (entry.added, entry.heading) else {
            continue;
        };
        let mut ctx = tera::Context::new();
        ctx.insert("lang", &page.lang);
        ctx.insert("entry", &site.faq.entry_view(e, &site.content));
        let meta = templates.render(&page.lang, "partials/faq_meta.html", &ctx)?;
        metas.push((page.rendered.headings[h].html_end, meta));
    }
    // From the end, so that each place is still where it was.
    metas.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    for (at, meta) in metas {
        html.insert_str(at, &format!("\n{}", meta.trim()));
    }
    Ok(html)
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
