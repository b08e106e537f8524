//! The navigation tree as a page's section shows it.

use crate::site::Site;
use serde::Serialize;

#[derive(Serialize, Clone)]
pub(crate) struct NavItem {
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) is_section: bool,
    /// A section with pages, even when `children` is left empty because it is collapsed.
    pub(crate) has_children: bool,
    pub(crate) children: Vec<NavItem>,
}

/// The navigation tree as a page in `section` shows it: every top-level item, and the
/// children of the sections on the path to `section` (the others are collapsed, with
/// `has_children` telling the theme they can be opened). Built once per section, so its
/// cost does not grow with the number of pages that share it.
///
/// With `[versions]`, the tree holds one version: the section's own, else the latest.
pub(crate) fn nav(site: &Site, lang: &str, section: Option<usize>) -> Vec<NavItem> {
    fn items(site: &Site, idx: usize, open: &[usize], version: Option<usize>) -> Vec<NavItem> {
        if let Some(toc) = site.tocs.get(&idx) {
            return toc.iter().map(from_toc).collect();
        }
        site.content
            .nav_children(idx)
            .into_iter()
            .filter(|&c| {
                let v = site.content.pages[c].version;
                v.is_none() || v == version
            })
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
                        items(site, c, open, version)
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect()
    }
    let mut open = section
        .map(|s| site.content.ancestors(s))
        .unwrap_or_default();
    open.extend(section);
    let version = section
        .and_then(|s| site.content.pages[s].version)
        .or(site.versions.latest);
    match site.content.homes.get(lang) {
        Some(&home) => items(site, home, &open, version),
        None => Vec::new(),
    }
}

/// An entry of a data-file navigation (`crate::toc`), all of its groups open.
fn from_toc(item: &crate::toc::TocItem) -> NavItem {
    NavItem {
        title: item.title.clone(),
        url: item.url.clone(),
        is_section: !item.children.is_empty(),
        has_children: !item.children.is_empty(),
        children: item.children.iter().map(from_toc).collect(),
    }
}
