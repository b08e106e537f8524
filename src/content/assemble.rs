//! From parsed files to the content model: drafts left out, folders' pages found
//! (`bundles.rs`), fallback pages added, sections made up for folders without `_index.md`,
//! URLs given (`urls.rs`, `permalinks.rs`), look-up indexes built, files beside pages placed,
//! and the section tree put in navigation order.

use super::bundles::{folder_pages, place_assets};
use super::frontmatter::List;
use super::frontmatter::cascade::PageKey;
use super::translations::{add_fallbacks, resolve_fallbacks};
use super::urls::{decode, normalize_url_path, out_path, page_url};
use super::{
    Content, Kind, LoadOptions, Page, SourceFile, frontmatter, nav_order, permalinks,
    title_from_name,
};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use frontmatter::{Cascade, FrontMatter};
use rayon::slice::ParallelSliceMut;
use std::collections::{HashMap, HashSet};

impl Content {
    /// Turns the parsed files into pages with URLs, sections and their order. Pages that map to
    /// the same URL are errors naming both files.
    pub(crate) fn assemble(
        files: Vec<SourceFile>,
        config: &Config,
        opts: &LoadOptions,
        diags: &mut Vec<Diagnostic>,
    ) -> Content {
        let root = config.root_path();
        let mut content = Content::default();
        let mut pages: Vec<Page> = Vec::new();
        for f in files {
            match f {
                SourceFile::Page(mut p) => {
                    for w in std::mem::take(&mut p.fm.warnings) {
                        diags.push(
                            Diagnostic::warning("front-matter", w.message)
                                .at(p.diag_file(), Some(w.line)),
                        );
                    }
                    if p.fm.draft && !opts.drafts {
                        continue;
                    }
                    pages.push(*p);
                }
                SourceFile::Asset(a) => content.assets.push(a),
            }
        }
        folder_pages(&mut pages);
        // Stand-ins for untranslated pages (`[i18n] untranslated = "fallback"`), before the
        // section tree is built so they take their place in it.
        add_fallbacks(&mut pages, config);
        let made = made_up_sections(&pages, config);
        pages.extend(made);
        // In parallel: a page is large to move, and this runs before anything else can.
        pages.par_sort_by(|a, b| {
            (&a.lang, &a.path, a.kind != Kind::Page).cmp(&(&b.lang, &b.path, b.kind != Kind::Page))
        });

        for p in &mut pages {
            p.url = match permalinks::url(p, config, &root) {
                Some(Ok(url)) => url,
                Some(Err(why)) => {
                    let url = page_url(p, config, &root);
                    if p.fallback_of.is_none() {
                        diags.push(
                            Diagnostic::warning(
                                "permalink",
                                format!("{why}; the page keeps {url}"),
                            )
                            .at(p.diag_file(), Some(p.fm.start_line)),
                        );
                    }
                    url
                }
                None => page_url(p, config, &root),
            };
            p.out_path = out_path(&p.url, &root);
        }
        drop_own_url_aliases(&mut pages, &root, diags);
        content.index(&pages, &root, diags);
        place_assets(&mut content, &pages, config, &root);
        for (i, a) in content.assets.iter().enumerate() {
            content.asset_by_source.insert(&a.lang, a.source.clone(), i);
        }
        build_tree(&mut pages);
        apply_cascades(&mut pages);
        order_sections(&mut pages);
        content.pages = pages;
        resolve_fallbacks(&mut content, config);
        content
    }

    /// The look-ups by source path, URL (aliases included) and asset path; two pages on one
    /// URL are errors.
    fn index(&mut self, pages: &[Page], root: &str, diags: &mut Vec<Diagnostic>) {
        for (i, p) in pages.iter().enumerate() {
            self.by_source.insert(&p.lang, p.source.clone(), i);
            if p.kind == Kind::Home {
                self.homes.insert(p.lang.clone(), i);
            }
            if p.is_section() && !p.path.is_empty() {
                self.by_source.insert(&p.lang, format!("{}/", p.path), i);
            }
            // A page and a section on one path (`guide.md`, `guide/_index.md`) are one URL,
            // reported below: the first stays.
            if self.by_path.get(&p.lang, &p.path).is_none() {
                self.by_path.insert(&p.lang, p.path.clone(), i);
            }
            if !p.has_url() {
                continue;
            }
            let key = decode(&p.url);
            if let Some(&other) = self.by_url.get(&key) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-url",
                        format!(
                            "this page and {} both map to the URL {}",
                            pages[other].diag_file().display(),
                            p.url
                        ),
                    )
                    .at(p.diag_file(), Some(1)),
                );
            } else {
                self.by_url.insert(key, i);
            }
        }
        for (i, p) in pages.iter().enumerate().filter(|(_, p)| p.has_url()) {
            for alias in &p.fm.aliases {
                let url = format!("{root}{}", normalize_url_path(alias));
                let key = decode(&url);
                if let Some(&other) = self.by_url.get(&key) {
                    if other != i {
                        diags.push(
                            Diagnostic::error(
                                "duplicate-url",
                                format!(
                                    "alias {alias} is already the URL of {}",
                                    pages[other].diag_file().display()
                                ),
                            )
                            .at(p.diag_file(), Some(p.fm.line_of("aliases"))),
                        );
                    }
                } else {
                    self.by_url.insert(key, i);
                }
            }
        }
    }
}

/// An alias that is the page's own URL (left over from a move) would overwrite the page with
/// a redirect to itself: it is dropped, with a warning.
fn drop_own_url_aliases(pages: &mut [Page], root: &str, diags: &mut Vec<Diagnostic>) {
    for p in pages.iter_mut().filter(|p| !p.fm.aliases.is_empty()) {
        let own = decode(&p.url);
        let line = p.fm.line_of("aliases");
        let file = p.diag_file();
        p.fm.aliases.retain(|alias| {
            let same = decode(&format!("{root}{}", normalize_url_path(alias))) == own;
            if same && p.fallback_of.is_none() {
                diags.push(
                    Diagnostic::warning(
                        "alias-self",
                        format!("alias {alias} is this page's own URL; it is left out"),
                    )
                    .at(&file, Some(line)),
                );
            }
            !same
        });
    }
}

/// Sections for every folder that holds pages, homes for every language.
fn made_up_sections(pages: &[Page], config: &Config) -> Vec<Page> {
    let mut have: HashSet<(String, String)> = pages
        .iter()
        .filter(|p| p.is_section())
        .map(|p| (p.lang.clone(), p.path.clone()))
        .collect();
    let mut made = Vec::new();
    for p in pages {
        let mut dir = parent_dir(&p.path).map(str::to_string);
        while let Some(d) = dir {
            if have.insert((p.lang.clone(), d.clone())) {
                made.push(made_up_section(&p.lang, &d));
            }
            dir = parent_dir(&d).map(str::to_string);
        }
    }
    for lang in config.language_codes() {
        if have.insert((lang.to_string(), String::new())) && pages.iter().any(|p| p.lang == lang) {
            let mut home = made_up_section(lang, "");
            home.title = config.language_title(lang).to_string();
            made.push(home);
        }
    }
    made
}

/// The tree: each page's parent is the section of its folder.
fn build_tree(pages: &mut [Page]) {
    let section_of: HashMap<(String, String), usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_section())
        .map(|(i, p)| ((p.lang.clone(), p.path.clone()), i))
        .collect();
    for i in 0..pages.len() {
        if pages[i].kind == Kind::Home {
            continue;
        }
        let dir = parent_dir(&pages[i].path).unwrap_or("").to_string();
        if let Some(&parent) = section_of.get(&(pages[i].lang.clone(), dir)) {
            pages[i].parent = Some(parent);
            // `_build.list = never`, `headless`: a page no listing or navigation shows.
            if pages[i].fm.build.list == List::Never {
                continue;
            }
            if pages[i].is_section() {
                pages[parent].subsections.push(i);
            } else {
                pages[parent].pages.push(i);
            }
        }
    }
}

/// Each section's pages and subsections in navigation order.
fn order_sections(pages: &mut [Page]) {
    let order = |list: &mut Vec<usize>, pages: &[Page]| {
        list.sort_by_cached_key(|&i| nav_order(&pages[i]));
    };
    for i in 0..pages.len() {
        let mut list = std::mem::take(&mut pages[i].pages);
        list.sort_by_cached_key(|&c| super::child_order(&pages[i], &pages[c]));
        pages[i].pages = list;
        let mut list = std::mem::take(&mut pages[i].subsections);
        order(&mut list, pages);
        pages[i].subsections = list;
    }
}

/// Hugo's `cascade`: a section's `cascade` values apply to the pages below it that do not set
/// them themselves; the nearest section wins. A cascade with a `_target` reaches only the pages
/// it matches, the section itself included when it matches.
fn apply_cascades(pages: &mut [Page]) {
    if pages.iter().all(|p| p.fm.cascade.is_empty()) {
        return;
    }
    for i in 0..pages.len() {
        let mut fm = std::mem::take(&mut pages[i].fm);
        inherit_cascades(pages, i, &mut fm);
        pages[i].fm = fm;
    }
}

/// Applies to `fm` (page `i`'s front matter, taken out of `pages`) the cascades that reach
/// it: its own targeted ones, then those of the sections above it, nearest first. Each key
/// (each key of `params`) is set once, by the first cascade that has it.
pub(crate) fn inherit_cascades(pages: &[Page], i: usize, fm: &mut FrontMatter) {
    let own: Vec<Cascade> = fm
        .cascade
        .iter()
        .filter(|c| c.target.is_some())
        .cloned()
        .collect();
    let mut layers: Vec<&Cascade> = own.iter().collect();
    let mut cur = pages[i].parent;
    while let Some(p) = cur {
        layers.extend(&pages[p].fm.cascade);
        cur = pages[p].parent;
    }
    if layers.is_empty() {
        return;
    }
    let page = &pages[i];
    let path = format!("/{}", page.path.to_lowercase().replace(' ', "-"));
    let key = PageKey {
        path: &path,
        kind: page.kind.as_str(),
        lang: &page.lang,
    };
    let mut keys: Vec<(&str, &serde_json::Value)> = Vec::new();
    let mut params: Vec<(&str, &serde_json::Value)> = Vec::new();
    for c in layers {
        if c.target.as_ref().is_some_and(|t| !t.matches(&key)) {
            continue;
        }
        for (k, v) in &c.values {
            match (k.as_str(), v) {
                ("params", serde_json::Value::Object(m)) => {
                    for (pk, pv) in m {
                        if !params.iter().any(|(have, _)| have == pk) {
                            params.push((pk, pv));
                        }
                    }
                }
                _ => {
                    if !keys.iter().any(|(have, _)| have == k) {
                        keys.push((k, v));
                    }
                }
            }
        }
    }
    for (k, v) in keys {
        frontmatter::cascade_into(fm, k, v);
    }
    for (k, v) in params {
        fm.params.entry(k.to_string()).or_insert_with(|| v.clone());
    }
}

fn made_up_section(lang: &str, path: &str) -> Page {
    let name = path.rsplit('/').next().unwrap_or(path);
    Page {
        kind: if path.is_empty() {
            Kind::Home
        } else {
            Kind::Section
        },
        lang: lang.to_string(),
        file: None,
        source: if path.is_empty() {
            "_index.md".into()
        } else {
            format!("{path}/_index.md")
        },
        path: path.to_string(),
        title: title_from_name(name),
        ..Page::default()
    }
}

fn parent_dir(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    Some(path.rsplit_once('/').map(|(d, _)| d).unwrap_or(""))
}
