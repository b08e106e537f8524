//! Folders and the files in them. Which page is a folder's own page: `_index.md` makes the
//! folder a section; `index.md` (Hugo's leaf bundle) and `README.md` (what GitHub shows for a
//! folder) are the folder's page too, a section when the folder holds other pages and a page
//! of its own when not. And where the other files of a folder are published: beside the page
//! of their bundle, wherever its slug, `url` or permalink puts it, as Hugo publishes page
//! resources.

use super::urls::{encode_path, lang_prefix, out_path};
use super::{Content, Kind, Page};
use crate::config::Config;
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

/// The URL and output path of each file of `content/`: beside the page of its folder (its
/// section's page or leaf bundle), or for a file in a subfolder of a leaf bundle, beside the
/// bundle's page; else at its own path. A bundle with `publishResources: false` publishes no
/// file. Needs the pages' URLs and `by_path`.
pub(super) fn place_assets(content: &mut Content, pages: &[Page], config: &Config, root: &str) {
    let by_path = &content.by_path;
    let mut unpublished = HashSet::new();
    for (n, a) in content.assets.iter_mut().enumerate() {
        let prefix = lang_prefix(&a.lang, config);
        a.url = format!("{root}{prefix}{}", encode_path(&a.source));
        a.out_path = format!("{prefix}{}", a.source);
        let Some((owner, rel)) = owner(|path| by_path.get(&a.lang, path), pages, &a.source) else {
            continue;
        };
        let page = &pages[owner];
        if !page.fm.build.publish_resources {
            unpublished.insert(n);
        }
        if page.url.ends_with('/') {
            a.url = format!("{}{}", page.url, encode_path(rel));
            a.out_path = out_path(&a.url, root);
        }
    }
    if !unpublished.is_empty() {
        let mut n = 0;
        content.assets.retain(|_| {
            n += 1;
            !unpublished.contains(&(n - 1))
        });
    }
}

/// The page whose bundle holds the file `source`, and the file's path inside the bundle.
fn owner<'s>(
    page_at: impl Fn(&str) -> Option<usize>,
    pages: &[Page],
    source: &'s str,
) -> Option<(usize, &'s str)> {
    let mut dir = source_dir(source);
    let mut immediate = true;
    loop {
        if let Some(i) = page_at(dir) {
            let p = &pages[i];
            // The folder's own page (not `docs.md` beside a `docs/` folder), from a file: its
            // section's page for the files right in it, a leaf bundle for any below it.
            let own = p.file.is_some() && source_dir(&p.source) == dir;
            if own && (immediate || p.kind == Kind::Page) {
                let rel = if dir.is_empty() {
                    source
                } else {
                    &source[dir.len() + 1..]
                };
                return Some((i, rel));
            }
        }
        if dir.is_empty() {
            return None;
        }
        dir = source_dir(dir);
        immediate = false;
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

    #[test]
    fn a_file_belongs_to_its_folders_page_or_the_leaf_bundle_above() {
        let pages = vec![
            page("docs/_index.md", Kind::Section, "docs"),
            page("docs.md", Kind::Page, "docs-page"),
            page("posts/x/index.md", Kind::Page, "posts/x"),
        ];
        let at = |path: &str| match path {
            "docs" => Some(0),
            "posts/x" => Some(2),
            _ => None,
        };
        assert_eq!(owner(at, &pages, "docs/a.png"), Some((0, "a.png")));
        assert_eq!(
            owner(at, &pages, "docs/img/a.png"),
            None,
            "a section owns only its own files"
        );
        assert_eq!(
            owner(at, &pages, "posts/x/img/a.png"),
            Some((2, "img/a.png"))
        );
        assert_eq!(owner(at, &pages, "other/a.png"), None);
    }
}
