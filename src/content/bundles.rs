//! Folders and their pages: `_index.md` makes the folder a section; `index.md` (Hugo's leaf
//! bundle) and `README.md` (what GitHub shows for a folder) are the folder's page too, a
//! section when the folder holds other pages and a page of its own when not.

use super::{Kind, Page};
use std::collections::HashSet;

/// `README.md`, `readme.md`, `Readme.markdown`…
pub(crate) fn is_readme(source: &str) -> bool {
    file_stem(source).eq_ignore_ascii_case("readme")
}

fn is_index(source: &str) -> bool {
    file_stem(source) == "index"
}

fn file_stem(source: &str) -> &str {
    let name = source.rsplit('/').next().unwrap_or(source);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

fn without_extension(source: &str) -> &str {
    match source.rsplit_once('.') {
        Some((stem, _)) if !stem.ends_with('/') => stem,
        _ => source,
    }
}

fn source_dir(source: &str) -> &str {
    source.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Gives each folder's `README.md` and `index.md` its place: a README beside an `_index.md` or
/// `index.md` is an ordinary page (`docs/README` → `/docs/readme/`); an `index.md` or README
/// whose folder holds other pages is the folder's section, else a page of its own.
pub(super) fn folder_pages(pages: &mut [Page]) {
    let claimed: HashSet<(String, String)> = pages
        .iter()
        .filter(|p| !is_readme(&p.source) && (p.is_section() || is_index(&p.source)))
        .map(|p| (p.lang.clone(), p.path.clone()))
        .collect();
    for p in pages.iter_mut() {
        let own_folder = p.path == source_dir(&p.source);
        if is_readme(&p.source) && own_folder && claimed.contains(&(p.lang.clone(), p.path.clone()))
        {
            p.kind = Kind::Page;
            p.path = without_extension(&p.source).to_string();
        }
    }
    // Every folder above a page holds pages.
    let mut holding: HashSet<(&str, &str)> = HashSet::new();
    for p in pages.iter() {
        let mut path = p.path.as_str();
        while let Some((dir, _)) = path.rsplit_once('/') {
            if !holding.insert((&p.lang, dir)) {
                break;
            }
            path = dir;
        }
    }
    let promote: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.kind == Kind::Page
                && (is_index(&p.source) || is_readme(&p.source))
                && p.path == source_dir(&p.source)
                && holding.contains(&(p.lang.as_str(), p.path.as_str()))
        })
        .map(|(i, _)| i)
        .collect();
    for i in promote {
        pages[i].kind = Kind::Section;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(source: &str, kind: Kind, path: &str) -> Page {
        Page {
            kind,
            lang: "en".into(),
            source: source.into(),
            path: path.into(),
            file: Some(format!("content/{source}").into()),
            ..Page::default()
        }
    }

    fn places(pages: &[Page]) -> Vec<(Kind, &str)> {
        pages.iter().map(|p| (p.kind, p.path.as_str())).collect()
    }

    #[test]
    fn readmes_and_index_files_are_their_folders_pages() {
        let mut pages = vec![
            page("README.md", Kind::Home, ""),
            page("docs/README.md", Kind::Page, "docs"),
            page("docs/install.md", Kind::Page, "docs/install"),
            page("docs/api/readme.md", Kind::Page, "docs/api"),
            page("guide/index.md", Kind::Page, "guide"),
            page("guide/deep/more.md", Kind::Page, "guide/deep/more"),
            page("ref/_index.md", Kind::Section, "ref"),
            page("ref/README.md", Kind::Page, "ref"),
            page("leaf/index.md", Kind::Page, "leaf"),
        ];
        folder_pages(&mut pages);
        assert_eq!(
            places(&pages),
            [
                (Kind::Home, ""),
                (Kind::Section, "docs"),
                (Kind::Page, "docs/install"),
                (Kind::Page, "docs/api"),
                (Kind::Section, "guide"),
                (Kind::Page, "guide/deep/more"),
                (Kind::Section, "ref"),
                (Kind::Page, "ref/README"),
                (Kind::Page, "leaf"),
            ]
        );
        // A README at the root beside an `_index.md` is a page.
        let mut pages = vec![
            page("_index.md", Kind::Home, ""),
            page("README.md", Kind::Home, ""),
        ];
        folder_pages(&mut pages);
        assert_eq!(places(&pages), [(Kind::Home, ""), (Kind::Page, "README")]);
    }
}
