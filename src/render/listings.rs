//! The render phase's outputs other than pages: 404 pages, alias redirects, FAQ feeds, the
//! sitemap and the search index.

use super::in_page;
use crate::diagnostics::Diagnostic;
use crate::output::{Data, OutFile, Sink};
use crate::site::Site;
use crate::templates::Templates;
use rayon::prelude::*;

/// An Atom feed of the newest entries for each FAQ section of each language.
pub(super) fn faq_feeds(site: &Site) -> Vec<OutFile> {
    let mut out = Vec::new();
    for (&section, ids) in &site.faq.sections {
        let page = &site.content.pages[section];
        let entries: Vec<_> = ids
            .iter()
            .map(|&e| {
                (
                    &site.faq.entries[e],
                    &site.content.pages[site.faq.entries[e].page],
                )
            })
            .collect();
        let feed = crate::faq::atom_feed(
            page,
            &entries,
            |u| site.config.permalink(u),
            site.config.language_title(&page.lang),
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

/// `404.html` at the root for the default language, `<lang>/404.html` for the others.
pub(super) fn not_found_page(
    site: &Site,
    lang: &str,
    templates: &Templates,
    shared: &super::context::Lang,
) -> Result<Option<OutFile>, Diagnostic> {
    if !templates.has("404.html") {
        return Ok(None);
    }
    let root = site.config.root_path();
    let prefix = if lang == site.config.default_language {
        String::new()
    } else {
        format!("{lang}/")
    };
    let url = format!("{root}{prefix}404.html");
    let empty = serde_json::Map::new();
    let view = crate::view::not_found(site, lang, &url, &empty);
    let mut ctx = tera::Context::new();
    ctx.insert("lang", lang);
    ctx.insert("site", &shared.site);
    ctx.insert("nav", &shared.nav);
    if !shared.menus.is_empty() {
        ctx.insert("menus", &shared.menus_value);
    }
    ctx.insert("page", &view);
    let html = templates.render(lang, "404.html", &ctx)?;
    Ok(Some(OutFile {
        path: format!("{prefix}404.html"),
        data: Data::Bytes(html.into_bytes()),
    }))
}

/// One redirect page per alias.
pub(super) fn aliases(site: &Site, templates: &Templates) -> Result<Vec<OutFile>, Diagnostic> {
    let mut out = Vec::new();
    for page in site.content.pages.iter().filter(|p| p.is_rendered()) {
        for alias in &page.fm.aliases {
            let rel = crate::content::normalize_url_path(alias);
            let path = if rel.is_empty() || rel.ends_with('/') {
                format!("{rel}index.html")
            } else {
                rel
            };
            let html = redirect_html(templates, page, &site.config.permalink(&page.url))?;
            out.push(OutFile {
                path,
                data: Data::Bytes(html.into_bytes()),
            });
        }
    }
    Ok(out)
}

/// A page that sends readers (and search engines) on to `target`, from the theme's
/// `alias.html` when it has one.
pub(super) fn redirect_html(
    templates: &Templates,
    page: &crate::content::Page,
    target: &str,
) -> Result<String, Diagnostic> {
    if templates.has("alias.html") {
        let mut ctx = tera::Context::new();
        ctx.insert("lang", &page.lang);
        ctx.insert("target", target);
        ctx.insert("title", &page.title);
        return templates
            .render(&page.lang, "alias.html", &ctx)
            .map_err(|d| in_page(d, page));
    }
    let t = crate::html::escape(target);
    Ok(format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{t}</title><link rel=\"canonical\" href=\"{t}\"><meta http-equiv=\"refresh\" content=\"0; url={t}\"></head><body><a href=\"{t}\">{t}</a></body></html>\n"
    ))
}

/// `robots.txt`: everything may be crawled, and where the sitemap is. A site's own
/// `static/robots.txt` wins.
pub(super) fn robots_file(site: &Site) -> Option<OutFile> {
    if site.presentation.static_files.contains_key("robots.txt") {
        return None;
    }
    let sitemap = site
        .config
        .permalink(&format!("{}sitemap.xml", site.config.root_path()));
    Some(OutFile {
        path: "robots.txt".into(),
        data: Data::Bytes(format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n").into_bytes()),
    })
}

pub(super) fn sitemap_file(site: &Site) -> OutFile {
    OutFile {
        path: "sitemap.xml".into(),
        data: Data::Bytes(sitemap(site).into_bytes()),
    }
}

/// `sitemap.xml` with every page and its translations as `xhtml:link` alternates. Fallback
/// pages (the original shown under another language's URL) are neither listed nor
/// alternates: search engines should see the original once.
fn sitemap(site: &Site) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let pages = &site.content.pages;
    for (i, page) in pages.iter().enumerate() {
        if page.fallback_of.is_some()
            || !page.is_listed_site_wide()
            || !site.versions.in_sitemap(page)
        {
            continue;
        }
        s.push_str("  <url>\n    <loc>");
        s.push_str(&crate::html::escape(&site.config.permalink(&page.url)));
        s.push_str("</loc>\n");
        let updated = site.ages.pages.get(i).and_then(|a| a.updated);
        if let Some(d) = updated.or(page.fm.date) {
            s.push_str(&format!("    <lastmod>{d}</lastmod>\n"));
        }
        let alternates: Vec<usize> = std::iter::once(i)
            .chain(site.translations[i].iter().copied())
            .filter(|&t| {
                pages[t].fallback_of.is_none()
                    && pages[t].is_listed_site_wide()
                    && site.versions.in_sitemap(&pages[t])
            })
            .collect();
        if alternates.len() > 1 {
            for t in alternates {
                let tp = &pages[t];
                s.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    tp.lang,
                    crate::html::escape(&site.config.permalink(&tp.url))
                ));
            }
        }
        s.push_str("  </url>\n");
    }
    s.push_str("</urlset>\n");
    s
}

/// The offline search index of every language (`search/<lang>.json`, see `search`),
/// streamed into `sink`, the languages side by side: the errors of putting its files, or
/// None when `interrupted` stopped it.
pub(super) fn search_index(
    site: &Site,
    sink: &dyn Sink,
    interrupted: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Diagnostic>> {
    let langs: Vec<&str> = site.config.language_codes().collect();
    let done: Vec<Option<Vec<Diagnostic>>> = langs
        .par_iter()
        .map(|lang| search_index_into(site, lang, sink, interrupted))
        .collect();
    done.into_iter().try_fold(Vec::new(), |mut all, errors| {
        all.extend(errors?);
        Some(all)
    })
}

/// The search index of one language only (serve: after an edit of that language's pages),
/// or None when `interrupted` stopped it.
pub fn search_index_for(
    site: &Site,
    lang: &str,
    interrupted: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<OutFile>> {
    let memory = crate::output::Memory::default();
    let errors = search_index_into(site, lang, &memory, interrupted)?;
    // A memory sink only refuses a path claimed twice, which the index never does.
    debug_assert!(errors.is_empty(), "{errors:?}");
    Some(memory.into_files())
}

/// What search results of page `i` can be filtered by, the one place that says it (the index
/// adds "stale" to stale FAQ answers): its top section (below the home page, by path, with its
/// title as label) and its FAQ category. A new facet (a docs version) is one more push here.
fn search_facets(site: &Site, i: usize) -> Vec<crate::search::Facet> {
    let pages = &site.content.pages;
    let mut facets = Vec::new();
    let mut top = i;
    while let Some(parent) = pages[top].parent {
        if pages[parent].parent.is_none() {
            break;
        }
        top = parent;
    }
    let section = &pages[top];
    if section.parent.is_some() && section.kind == crate::content::Kind::Section {
        facets.push(crate::search::Facet {
            name: "section".into(),
            value: section.path.clone(),
            label: section.title.clone(),
        });
    }
    // Versioned docs: search offers the version being read (the form's `data-version`).
    if let Some(v) = pages[i].version.and_then(|v| site.versions.list.get(v)) {
        facets.push(crate::search::Facet {
            name: "version".into(),
            value: v.name.clone(),
            label: v.label.clone(),
        });
    }
    let category = site.faq.entry_pages.get(&i);
    if let Some(category) = category.and_then(|e| site.faq.entries[*e].category.as_ref()) {
        facets.push(crate::search::Facet {
            name: "category".into(),
            value: category.clone(),
            label: category.clone(),
        });
    }
    facets
}

fn search_index_into(
    site: &Site,
    lang: &str,
    sink: &dyn Sink,
    interrupted: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Diagnostic>> {
    let pages: Vec<usize> = (0..site.content.pages.len())
        .filter(|&i| {
            let page = &site.content.pages[i];
            page.lang == lang && page.is_listed_site_wide()
        })
        .collect();
    let page_docs = |k: usize, out: &mut crate::search::PageDocs| {
        let i = pages[k];
        let page = &site.content.pages[i];
        // FAQ data from the FAQ module, so results mark stale entries as pages do.
        let entry = |e: &usize| &site.faq.entries[*e];
        let faq_headings: Vec<(&str, bool)> = site
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
            faq_page: site.faq.entry_pages.get(&i).map(|e| entry(e).stale),
            faq_headings: &faq_headings,
            facets: &search_facets(site, i),
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

/// `rotation.ics`: the on-duty rotation as a calendar feed (`crate::support::rotation`).
pub(super) fn rotation_ics(site: &Site) -> Option<OutFile> {
    let rotation = site.support.rotation.as_ref()?;
    let host = site
        .config
        .base_url
        .split("://")
        .nth(1)
        .and_then(|h| h.split('/').next())
        .filter(|h| !h.is_empty())
        .unwrap_or("sitegen.invalid");
    let ics = rotation.ics(&site.config.title, host, site.options.today);
    Some(OutFile {
        path: "rotation.ics".into(),
        data: Data::Bytes(ics.into_bytes()),
    })
}
