//! Pages as translations of each other: which pages are the same page in other languages
//! (`group`), and the stand-ins for the pages a language lacks (`add_fallbacks`).

use super::{Content, Page};
use crate::config::{Config, Untranslated};
use std::collections::{HashMap, HashSet};

/// Pages in other languages with the same path, or the same `translationKey`: either link is
/// enough, so `a.md` (key `x`), `a.zh.md` (no key) and `b.pt-BR.md` (key `x`) are one group.
pub(crate) fn group(content: &Content) -> Vec<Vec<usize>> {
    // Union-find over pages; each path key and translation key joins the pages that share it.
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let n = content.pages.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, p) in content.pages.iter().enumerate() {
        let path = path_key(p);
        let key = p.fm.translation_key.as_ref().map(|k| format!("key:{k}"));
        for k in std::iter::once(path).chain(key) {
            let j = *first.entry(k).or_insert(i);
            let (a, b) = (find(&mut parent, i), find(&mut parent, j));
            parent[a] = b;
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out = vec![Vec::new(); n];
    for members in groups.values() {
        for &i in members {
            // A translation that is not written (`headless`, `_build.render`) is no alternate.
            out[i] = members
                .iter()
                .copied()
                .filter(|&j| {
                    content.pages[j].lang != content.pages[i].lang && content.pages[j].is_rendered()
                })
                .collect();
        }
    }
    out
}

/// Marks a fallback page before `Content::assemble` knows its source's index; `resolve_fallbacks`
/// replaces it.
const PENDING: usize = usize::MAX;

/// In `untranslated = "fallback"` mode, a copy of every default-language page that a language
/// lacks, in that language: same body (rendered again so its links stay in the language), the
/// language's URL, its place in that language's section tree. Called by `Content::assemble`
/// before sections are made up and URLs assigned.
pub(crate) fn add_fallbacks(pages: &mut Vec<Page>, config: &Config) {
    if config.i18n.untranslated != Untranslated::Fallback || !config.is_multilingual() {
        return;
    }
    let default = config.default_language.as_str();
    // What each language already has: its paths (per kind) and its translation keys.
    let mut have: HashSet<(String, String)> = HashSet::new();
    for p in pages.iter() {
        have.insert((p.lang.clone(), group_key(p)));
        have.insert((p.lang.clone(), path_key(p)));
    }
    let mut copies = Vec::new();
    for lang in config.language_codes().filter(|l| *l != default) {
        for p in pages
            .iter()
            .filter(|p| p.lang == default && p.file.is_some())
        {
            if have.contains(&(lang.to_string(), group_key(p)))
                || have.contains(&(lang.to_string(), path_key(p)))
            {
                continue;
            }
            let mut copy = p.clone();
            copy.lang = lang.to_string();
            copy.fallback_of = Some(PENDING);
            // These name the source page's own URLs; the copy lives under the language prefix.
            copy.fm.aliases.clear();
            copy.fm.url = None;
            copies.push(copy);
        }
    }
    pages.extend(copies);
}

/// After `Content::assemble` has sorted and indexed the pages: points each fallback page at the
/// default-language page it copies.
pub(crate) fn resolve_fallbacks(content: &mut Content, config: &Config) {
    let default = &config.default_language;
    for i in 0..content.pages.len() {
        if content.pages[i].fallback_of == Some(PENDING) {
            content.pages[i].fallback_of = content.by_source.get(default, &content.pages[i].source);
        }
    }
}

/// The key that makes pages translations of each other (as `group` groups them).
fn group_key(p: &Page) -> String {
    match &p.fm.translation_key {
        Some(k) => format!("key:{k}"),
        None => path_key(p),
    }
}

fn path_key(p: &Page) -> String {
    format!("path:{}:{}", p.kind.as_str(), p.path)
}
