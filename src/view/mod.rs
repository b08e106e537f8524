//! Views: what templates receive, built from the model but not the model, so the model can
//! change freely. Each struct sits beside the function that builds it: the site and its
//! languages, listed pages and sections (here), a page (`page.rs`), the navigation tree
//! (`nav.rs`).

mod menus;
mod nav;
mod page;
mod version;

pub(crate) use menus::menus;
pub(crate) use nav::nav;
pub(crate) use page::{not_found, page};

use crate::site::Site;
use serde::Serialize;
use serde_json::Value;

#[derive(Serialize, Clone)]
pub(crate) struct LanguageView {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) url: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct SiteView {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) root: String,
    pub(crate) base_url: String,
    pub(crate) default_language: String,
    pub(crate) languages: Vec<LanguageView>,
    pub(crate) params: Value,
    /// Whether the search index is written (`[search] enabled`).
    pub(crate) search: bool,
    /// `data/` as one tree (`site.data.releases["1.9"]`).
    pub(crate) data: Value,
    /// Whether the language has menus: a template tests it before it looks at `menus.<name>`
    /// (a look-up that fails costs more, on every page of a site without menus).
    pub(crate) has_menus: bool,
}

#[derive(Serialize)]
pub(crate) struct LinkView<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: &'a str,
}

#[derive(Serialize)]
pub(crate) struct ListedPage<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: &'a str,
    pub(crate) description: &'a str,
    pub(crate) summary: &'a str,
    pub(crate) weight: Option<i64>,
    pub(crate) params: &'a serde_json::Map<String, Value>,
}

/// `section` in page templates: the section a page is in (a section page's own), built once
/// and shared by all of its pages — Hugo's `.CurrentSection`.
#[derive(Serialize)]
pub(crate) struct SectionView<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: &'a str,
    pub(crate) description: &'a str,
    pub(crate) pages: Vec<ListedPage<'a>>,
    pub(crate) subsections: Vec<ListedPage<'a>>,
}

#[derive(Serialize)]
pub(crate) struct TranslationLink<'a> {
    pub(crate) lang: &'a str,
    pub(crate) name: &'a str,
    pub(crate) title: &'a str,
    pub(crate) url: &'a str,
    pub(crate) permalink: String,
    /// The default-language page shown under this language's URL (not a real translation).
    pub(crate) untranslated: bool,
}

pub(crate) fn site(site: &Site, lang: &str) -> SiteView {
    let root = site.config.root_path();
    SiteView {
        title: site.config.language_title(lang).to_string(),
        description: site
            .config
            .languages
            .get(lang)
            .and_then(|l| l.description.clone())
            .unwrap_or_else(|| site.config.description.clone()),
        root: root.clone(),
        base_url: site.config.base_url.clone(),
        default_language: site.config.default_language.clone(),
        languages: site
            .config
            .language_codes()
            .map(|code| LanguageView {
                code: code.to_string(),
                name: site.config.language_name(code).to_string(),
                title: site.config.language_title(code).to_string(),
                url: site
                    .content
                    .homes
                    .get(code)
                    .map(|&h| site.content.pages[h].url.clone())
                    .unwrap_or_else(|| root.clone()),
            })
            .collect(),
        params: serde_json::to_value(&site.config.params).unwrap_or_default(),
        search: site.config.search.enabled,
        data: site.data.tree.clone(),
        has_menus: !site.config.menus_of(lang).is_empty()
            || site.content.pages.iter().any(|p| {
                p.lang == lang
                    && (p.fm.params.contains_key("menu") || p.fm.params.contains_key("menus"))
            }),
    }
}

pub(crate) fn listed(site: &Site, i: usize) -> ListedPage<'_> {
    let page = &site.content.pages[i];
    ListedPage {
        title: &page.title,
        url: &page.url,
        description: page.fm.description.as_deref().unwrap_or(""),
        summary: &page.rendered.summary,
        weight: page.fm.weight,
        params: &page.fm.params,
    }
}

/// `section` in page templates: the section `idx` as its pages see it.
pub(crate) fn section(site: &Site, idx: usize) -> SectionView<'_> {
    let page = &site.content.pages[idx];
    SectionView {
        title: &page.title,
        url: &page.url,
        description: page.fm.description.as_deref().unwrap_or(""),
        pages: page.pages.iter().map(|&i| listed(site, i)).collect(),
        subsections: page.subsections.iter().map(|&i| listed(site, i)).collect(),
    }
}
