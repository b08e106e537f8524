//! `page` in templates: a page with its place in the site, its translations and FAQ data.

use super::{LinkView, ListedPage, TranslationLink, listed};
use crate::ages::{CommitView, Review, UpdatedFrom};
use crate::content::Kind;
use crate::markdown::TocEntry;
use crate::site::Site;
use serde::Serialize;
use serde_json::Value;

#[derive(Serialize)]
pub(crate) struct PageView<'a> {
    pub(crate) kind: &'a str,
    /// The source file relative to the site root (`content/en/faq/x.md`), "" for pages
    /// sitegen made up; with `site.params.edit_url_base` the theme links "Improve this page".
    pub(crate) source: String,
    pub(crate) layout: &'a str,
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) url: &'a str,
    pub(crate) permalink: String,
    pub(crate) lang: &'a str,
    pub(crate) content: std::borrow::Cow<'a, str>,
    pub(crate) summary: &'a str,
    pub(crate) toc: Vec<TocEntry>,
    pub(crate) show_toc: bool,
    pub(crate) date: Option<String>,
    /// The last update: front matter `updated`/`lastmod`, else the last commit, else (not
    /// committed yet) the file's time.
    pub(crate) updated: Option<String>,
    /// Where `updated` came from: "front-matter", "git" or "work-tree".
    pub(crate) updated_from: Option<UpdatedFrom>,
    /// The commit of `updated` from git: `hash`, `short`, `url` (with `[params] repo_url`).
    pub(crate) commit: Option<&'a CommitView>,
    /// The review state of a page with `review_after`.
    pub(crate) review: Option<&'a Review>,
    pub(crate) params: &'a serde_json::Map<String, Value>,
    pub(crate) breadcrumbs: Vec<LinkView<'a>>,
    pub(crate) prev: Option<LinkView<'a>>,
    pub(crate) next: Option<LinkView<'a>>,
    pub(crate) pages: Vec<ListedPage<'a>>,
    pub(crate) subsections: Vec<ListedPage<'a>>,
    pub(crate) translations: Vec<TranslationLink<'a>>,
    pub(crate) default_language_permalink: String,
    pub(crate) translation: Option<Value>,
    pub(crate) faq: Option<Value>,
    pub(crate) faq_entry: Option<Value>,
    /// The page's version when it is in the versioned section (`[versions]`).
    pub(crate) version: Option<super::version::VersionView<'a>>,
}

/// `page` in templates, for page `idx`.
pub(crate) fn page(site: &Site, idx: usize) -> PageView<'_> {
    let pages = &site.content.pages;
    let page = &pages[idx];
    let age = site.ages.pages.get(idx);
    let link = |i: usize| LinkView {
        title: pages[i].nav_title(),
        url: &pages[i].url,
    };
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
    let translations: Vec<TranslationLink> = site.translations[idx]
        .iter()
        .map(|&t| TranslationLink {
            lang: &pages[t].lang,
            name: site.config.language_name(&pages[t].lang),
            title: &pages[t].title,
            url: &pages[t].url,
            permalink: site.config.permalink(&pages[t].url),
            untranslated: pages[t].fallback_of.is_some(),
        })
        .collect();
    let default_language_permalink = std::iter::once(idx)
        .chain(site.translations[idx].iter().copied())
        .find(|&t| pages[t].lang == site.config.default_language)
        .map(|t| site.config.permalink(&pages[t].url))
        .unwrap_or_else(|| site.config.permalink(&page.url));
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
        permalink: site.config.permalink(&page.url),
        lang: &page.lang,
        content: page.rendered.html.text(),
        summary: &page.rendered.summary,
        toc: page.rendered.toc(),
        show_toc: page.fm.toc.unwrap_or(true),
        date: page.fm.date.map(|d| d.to_string()),
        updated: age.and_then(|a| a.updated).map(|d| d.to_string()),
        updated_from: age.and_then(|a| a.from),
        commit: age.and_then(|a| a.commit.as_ref()),
        review: age.and_then(|a| a.review.as_ref()),
        params: &page.fm.params,
        breadcrumbs: site.content.ancestors(idx).into_iter().map(link).collect(),
        prev,
        next,
        pages: if page.is_section() {
            page.pages.iter().map(|&i| listed(site, i)).collect()
        } else {
            Vec::new()
        },
        subsections: if page.is_section() {
            page.subsections.iter().map(|&i| listed(site, i)).collect()
        } else {
            Vec::new()
        },
        translations,
        default_language_permalink,
        translation: translation_status(site, idx),
        faq: site.faq.page_view(idx, &site.content),
        faq_entry: site.faq.entry_pages.get(&idx).map(|&e| {
            serde_json::to_value(site.faq.entry_view(e, &site.content)).expect("entry serializes")
        }),
        version: super::version::version(site, idx),
    }
}

/// `page.translation` for the notice: an untranslated stand-in, or an outdated translation.
fn translation_status(site: &Site, idx: usize) -> Option<serde_json::Value> {
    let pages = &site.content.pages;
    if let Some(src) = pages[idx].fallback_of {
        return Some(serde_json::json!({
            "status": "untranslated",
            "source_url": pages[src].url,
            "source_permalink": site.config.permalink(&pages[src].url),
            "source_date": null,
            "translated_date": null,
        }));
    }
    let o = site.drift.outdated.get(&idx)?;
    Some(serde_json::json!({
        "status": "outdated",
        "source_url": pages[o.source].url,
        "source_permalink": site.config.permalink(&pages[o.source].url),
        "source_date": o.source_date.to_string(),
        "translated_date": o.translated_date.to_string(),
    }))
}

/// `page` for the 404 page of `lang` at `url`: a page of its own kind with nothing in it.
pub(crate) fn not_found<'a>(
    site: &Site,
    lang: &'a str,
    url: &'a str,
    params: &'a serde_json::Map<String, Value>,
) -> PageView<'a> {
    PageView {
        kind: "404",
        source: String::new(),
        layout: "",
        title: "404",
        description: "",
        url,
        permalink: site.config.permalink(url),
        lang,
        content: "".into(),
        summary: "",
        toc: Vec::new(),
        show_toc: false,
        date: None,
        updated: None,
        updated_from: None,
        commit: None,
        review: None,
        params,
        breadcrumbs: Vec::new(),
        prev: None,
        next: None,
        pages: Vec::new(),
        subsections: Vec::new(),
        translations: Vec::new(),
        default_language_permalink: site
            .config
            .permalink(&format!("{}404.html", site.config.root_path())),
        translation: None,
        faq: None,
        faq_entry: None,
        version: None,
    }
}
