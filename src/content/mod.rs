//! The content model: pages and sections per language, read from `content/`, with their URLs
//! and the section tree. Reading is two steps: `walk` finds and parses every file (in
//! parallel), `Content::assemble` (`assemble.rs`) gives each page its URL (`urls.rs`) and its
//! place in the tree; `translations.rs` says which pages are the same page in other languages.
//! The content knows nothing of templates or of how a page is rendered: the Markdown phase
//! fills each page's `rendered`.

mod assemble;
mod bundles;
pub mod frontmatter;
mod paths;
mod permalinks;
pub(crate) mod translations;
mod urls;
mod walk;

pub(crate) use assemble::inherit_cascades;
pub(crate) use urls::{decode, normalize_url_path, out_path};
pub(crate) use walk::{SourceFile, is_ignored, is_markdown, parse_page, read_page, walk};

use crate::markdown::{Heading, TocEntry};
use frontmatter::{FrontMatter, List, Render};
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Kind {
    Home,
    Section,
    #[default]
    Page,
}

impl Kind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Home => "home",
            Kind::Section => "section",
            Kind::Page => "page",
        }
    }
}

/// One page of one language: a Markdown file, a section's `_index.md`, or a section sitegen
/// made up for a folder without one.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub(crate) kind: Kind,
    pub(crate) lang: String,
    /// Source path relative to the site root (`content/en/support/process.md`); None for a
    /// section made up for a folder without `_index.md`.
    pub file: Option<PathBuf>,
    /// Source path inside the language tree (`support/process.md`), the key for `.md` links.
    pub(crate) source: String,
    /// Logical path inside the language (`support/process`, "" for home): the same in every
    /// language, which is what makes two pages translations of each other.
    pub(crate) path: String,
    pub(crate) fm: FrontMatter,
    pub(crate) title: String,
    /// The Markdown after the front matter; emptied once the Markdown phase has rendered it.
    pub(crate) body: String,
    pub(crate) body_line_offset: usize,
    /// Root-relative URL, percent-encoded where needed: `/zh/support/process/`.
    pub(crate) url: String,
    /// Output file relative to the output dir: `zh/support/process/index.html`.
    pub(crate) out_path: String,
    pub(crate) parent: Option<usize>,
    pub(crate) pages: Vec<usize>,
    pub(crate) subsections: Vec<usize>,
    /// Filled by the Markdown phase.
    pub rendered: Rendered,
    /// For a page shown in a language it was not translated to: the page it copies.
    pub(crate) fallback_of: Option<usize>,
    /// The page's version when it is in the versioned section (`[versions]`): an index into
    /// `Site::versions.list` (newest first), set by `crate::versions::assign`.
    pub(crate) version: Option<usize>,
}

/// What the Markdown phase produced for a page. Held for every page until the render phase,
/// so it keeps no more than it needs: the table of contents is built from `headings` when the
/// page renders, and the anchors are the headings' ids plus `extra_anchors`.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: Html,
    pub headings: Vec<Heading>,
    /// Ids found in raw HTML (`id="…"`, `<a name="…">`) that no heading has.
    pub(crate) extra_anchors: Vec<String>,
    pub(crate) summary: String,
}

/// A page's rendered HTML, held from the Markdown phase until the page is written and indexed:
/// as is, or LZ4-compressed on large sites (HTML packs about 2.5×; unpacking runs at several
/// GB/s), which keeps a 100,000-page build's memory in bounds for a few percent of its time.
#[derive(Debug, Clone)]
pub enum Html {
    Plain(String),
    Packed(Box<[u8]>),
}

impl Default for Html {
    fn default() -> Self {
        Html::Plain(String::new())
    }
}

impl Html {
    pub(crate) fn new(html: String, pack: bool) -> Html {
        match pack {
            true => Html::Packed(lz4_flex::compress_prepend_size(html.as_bytes()).into()),
            false => Html::Plain(html),
        }
    }

    pub(crate) fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Html::Plain(s) => s.as_str().into(),
            Html::Packed(b) => {
                let bytes = lz4_flex::decompress_size_prepended(b).expect("packed by Html::new");
                String::from_utf8(bytes)
                    .expect("packed from a String")
                    .into()
            }
        }
    }
}

impl Rendered {
    /// Whether `#id` names a place in the page.
    pub(crate) fn has_anchor(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id) || self.extra_anchors.iter().any(|a| a == id)
    }

    /// The id that `id` names when case is ignored, for a fragment that names none exactly.
    pub(crate) fn anchor_ignoring_case(&self, id: &str) -> Option<&str> {
        let wanted = id.to_lowercase();
        self.headings
            .iter()
            .map(|h| h.id.as_str())
            .chain(self.extra_anchors.iter().map(String::as_str))
            .find(|a| a.to_lowercase() == wanted)
    }

    /// Levels 2..=4, nested.
    pub(crate) fn toc(&self) -> Vec<TocEntry> {
        crate::markdown::build_toc(&self.headings)
    }
}

impl Page {
    pub(crate) fn nav_title(&self) -> &str {
        self.fm.link_title.as_deref().unwrap_or(&self.title)
    }

    /// Where diagnostics about this page point.
    pub(crate) fn diag_file(&self) -> PathBuf {
        self.file
            .clone()
            .unwrap_or_else(|| PathBuf::from("content").join(&self.lang).join(&self.source))
    }

    pub(crate) fn is_section(&self) -> bool {
        self.kind != Kind::Page
    }

    /// Whether the page is written as a file (not `headless`, not `_build.render = never` or
    /// `link`).
    pub(crate) fn is_rendered(&self) -> bool {
        self.fm.build.render == Render::Always
    }

    /// Whether links may point at the page (`_build.render = link` pages have a URL, not a
    /// file).
    pub(crate) fn has_url(&self) -> bool {
        self.fm.build.render != Render::Never
    }

    /// Whether site-wide lists show it: the sitemap and the search index.
    pub(crate) fn is_listed_site_wide(&self) -> bool {
        self.is_rendered() && self.fm.build.list == List::Always
    }
}

/// A non-Markdown file inside `content/` (an image beside its page), copied to the output.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    pub(crate) lang: String,
    pub(crate) source: String,
    pub(crate) file: PathBuf,
    pub(crate) url: String,
    pub(crate) out_path: String,
}

/// Every page of every language, with indexes for lookups.
#[derive(Debug, Default)]
pub struct Content {
    pub pages: Vec<Page>,
    pub(crate) assets: Vec<Asset>,
    /// Home page index per language.
    pub(crate) homes: HashMap<String, usize>,
    /// (lang, source path in the language tree) → page. Section `_index.md` and folder paths
    /// (`support/`) both map to the section.
    pub(crate) by_source: SourceMap,
    /// (lang, logical path) → page: `docs/guide` for `docs/guide.md`, `docs/guide/_index.md`,
    /// `docs/guide/index.md` or `docs/guide/README.md`; "" for the home page.
    pub(crate) by_path: SourceMap,
    /// Decoded root-relative URL → page (aliases included); pages without a file
    /// (`_build.render = never`) are not in it.
    pub(crate) by_url: FxHashMap<String, usize>,
    /// (lang, source path) → asset.
    pub(crate) asset_by_source: SourceMap,
}

/// (language, path in the language tree) → index. Looked up with borrowed strings: every link
/// of every page is resolved through it, and a `(String, String)` key would allocate both for
/// each look-up.
///
/// Hashed with FxHash: the keys are the site's own paths, not input an attacker picks to
/// collide, and SipHash was a visible part of resolving links.
#[derive(Debug, Default)]
pub(crate) struct SourceMap(FxHashMap<String, FxHashMap<String, usize>>);

impl SourceMap {
    /// Whether any path of language `lang` is in the map.
    pub(crate) fn has_language(&self, lang: &str) -> bool {
        self.0.contains_key(lang)
    }

    pub(crate) fn get(&self, lang: &str, source: &str) -> Option<usize> {
        self.0.get(lang)?.get(source).copied()
    }

    pub(crate) fn insert(&mut self, lang: &str, source: String, idx: usize) {
        match self.0.get_mut(lang) {
            Some(m) => {
                m.insert(source, idx);
            }
            None => {
                let mut m = FxHashMap::default();
                m.insert(source, idx);
                self.0.insert(lang.to_string(), m);
            }
        }
    }
}

/// Options that change what is loaded.
#[derive(Debug, Clone, Default)]
pub(crate) struct LoadOptions {
    pub(crate) drafts: bool,
}

impl Content {
    /// Ancestors from the home page down to the parent.
    pub(crate) fn ancestors(&self, idx: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = self.pages[idx].parent;
        while let Some(p) = cur {
            out.push(p);
            cur = self.pages[p].parent;
        }
        out.reverse();
        out
    }

    /// Children of a section in navigation order: pages and subsections merged by the same order.
    pub(crate) fn nav_children(&self, idx: usize) -> Vec<usize> {
        let p = &self.pages[idx];
        let mut all: Vec<usize> = p.pages.iter().chain(&p.subsections).copied().collect();
        all.sort_by_cached_key(|&i| child_order(p, &self.pages[i]));
        all
    }
}

/// Where a page goes among its section's children: by `nav_order`, but a section whose front
/// matter lists `categories` (an FAQ section: `categories = ["installation", "backups"]`) puts
/// its pages in the order of their `category` first; other categories, and none, come after.
pub(crate) fn child_order(section: &Page, p: &Page) -> (usize, (i64, String, String)) {
    let rank = match section.fm.params.get("categories") {
        Some(serde_json::Value::Array(list)) => {
            p.fm.category
                .as_deref()
                .and_then(|c| list.iter().position(|v| v.as_str() == Some(c)))
                .unwrap_or(list.len())
        }
        _ => 0,
    };
    (rank, nav_order(p))
}

/// Navigation order: weighted pages first (as in Hugo, weight 0 or none sorts last), then by
/// title, then by path.
fn nav_order(p: &Page) -> (i64, String, String) {
    let weight = p.fm.weight.filter(|w| *w != 0).unwrap_or(i64::MAX);
    (weight, p.title.to_lowercase(), p.path.clone())
}

/// "getting-started" → "Getting started".
pub(crate) fn title_from_name(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_html_unpacks_as_it_was() {
        let html =
            "<h2 id=\"支持\">支持流程</h2>\n<p>Weekly rotation &amp; triage.</p>\n".repeat(50);
        let packed = Html::new(html.clone(), true);
        match &packed {
            Html::Packed(b) => assert!(b.len() < html.len() / 4, "{} of {}", b.len(), html.len()),
            Html::Plain(_) => panic!("not packed"),
        }
        assert_eq!(packed.text(), html);
        assert_eq!(Html::new(html.clone(), false).text(), html);
        assert_eq!(Html::new(String::new(), true).text(), "");
    }

    #[test]
    fn decode_percent() {
        assert_eq!(decode("/a%20b/%E6%94%AF/"), "/a b/支/");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz"), "%zz");
    }

    #[test]
    fn normalize() {
        assert_eq!(normalize_url_path("/old/page"), "old/page/");
        assert_eq!(normalize_url_path("old.html"), "old.html");
        assert_eq!(title_from_name("getting-started"), "Getting started");
    }
}
