//! The content model: pages and sections per language, read from `content/`, with their URLs
//! and the section tree. Loading is two steps: `walk` finds and parses every file (in parallel),
//! `Content::assemble` gives each page its URL and place in the tree.

pub mod frontmatter;
mod walk;

pub use walk::{SourceFile, is_ignored, is_markdown, read_page, walk};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::markdown::{Heading, TocEntry};
use frontmatter::FrontMatter;
use rayon::slice::ParallelSliceMut;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    Home,
    Section,
    #[default]
    Page,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
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
    pub kind: Kind,
    pub lang: String,
    /// Source path relative to the site root (`content/en/support/process.md`); None for a
    /// section made up for a folder without `_index.md`.
    pub file: Option<PathBuf>,
    /// Source path inside the language tree (`support/process.md`), the key for `.md` links.
    pub source: String,
    /// Logical path inside the language (`support/process`, "" for home): the same in every
    /// language, which is what makes two pages translations of each other.
    pub path: String,
    pub fm: FrontMatter,
    pub title: String,
    /// The Markdown after the front matter; emptied once the Markdown phase has rendered it.
    pub body: String,
    pub body_line_offset: usize,
    /// Root-relative URL, percent-encoded where needed: `/zh/support/process/`.
    pub url: String,
    /// Output file relative to the output dir: `zh/support/process/index.html`.
    pub out_path: String,
    pub parent: Option<usize>,
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    /// Filled by the Markdown phase.
    pub rendered: Rendered,
    /// For a page shown in a language it was not translated to: the page it copies.
    pub fallback_of: Option<usize>,
}

/// What the Markdown phase produced for a page. Held for every page until the render phase,
/// so it keeps no more than it needs: the table of contents is built from `headings` when the
/// page renders, and the anchors are the headings' ids plus `extra_anchors`.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: Html,
    pub headings: Vec<Heading>,
    /// Ids found in raw HTML (`id="…"`, `<a name="…">`) that no heading has.
    pub extra_anchors: Vec<String>,
    pub summary: String,
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
    pub fn new(html: String, pack: bool) -> Html {
        match pack {
            true => Html::Packed(lz4_flex::compress_prepend_size(html.as_bytes()).into()),
            false => Html::Plain(html),
        }
    }

    pub fn text(&self) -> std::borrow::Cow<'_, str> {
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
    pub fn has_anchor(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id) || self.extra_anchors.iter().any(|a| a == id)
    }

    /// Levels 2..=4, nested.
    pub fn toc(&self) -> Vec<TocEntry> {
        crate::markdown::build_toc(&self.headings)
    }
}

impl Page {
    pub fn nav_title(&self) -> &str {
        self.fm.link_title.as_deref().unwrap_or(&self.title)
    }

    /// Where diagnostics about this page point.
    pub fn diag_file(&self) -> PathBuf {
        self.file
            .clone()
            .unwrap_or_else(|| PathBuf::from("content").join(&self.lang).join(&self.source))
    }

    pub fn is_section(&self) -> bool {
        self.kind != Kind::Page
    }
}

/// A non-Markdown file inside `content/` (an image beside its page), copied to the output.
#[derive(Debug, Clone)]
pub struct Asset {
    pub lang: String,
    pub source: String,
    pub file: PathBuf,
    pub url: String,
    pub out_path: String,
}

/// Every page of every language, with indexes for lookups.
#[derive(Debug, Default)]
pub struct Content {
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// Home page index per language.
    pub homes: HashMap<String, usize>,
    /// (lang, source path in the language tree) → page. Section `_index.md` and folder paths
    /// (`support/`) both map to the section.
    pub by_source: SourceMap,
    /// Decoded root-relative URL → page (aliases included).
    pub by_url: FxHashMap<String, usize>,
    /// (lang, source path) → asset.
    pub asset_by_source: SourceMap,
}

/// (language, path in the language tree) → index. Looked up with borrowed strings: every link
/// of every page is resolved through it, and a `(String, String)` key would allocate both for
/// each look-up.
///
/// Hashed with FxHash: the keys are the site's own paths, not input an attacker picks to
/// collide, and SipHash was a visible part of resolving links.
#[derive(Debug, Default)]
pub struct SourceMap(FxHashMap<String, FxHashMap<String, usize>>);

impl SourceMap {
    pub fn get(&self, lang: &str, source: &str) -> Option<usize> {
        self.0.get(lang)?.get(source).copied()
    }

    pub fn insert(&mut self, lang: &str, source: String, idx: usize) {
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
pub struct LoadOptions {
    pub drafts: bool,
}

impl Content {
    /// Turns the parsed files into pages with URLs, sections and their order. Pages that map to
    /// the same URL are errors naming both files.
    pub fn assemble(
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
                SourceFile::Page(p) => {
                    if p.fm.draft && !opts.drafts {
                        continue;
                    }
                    pages.push(*p);
                }
                SourceFile::Asset(a) => content.assets.push(a),
            }
        }
        // Stand-ins for untranslated pages (`[i18n] untranslated = "fallback"`), before the
        // section tree is built so they take their place in it.
        crate::translations::add_fallbacks(&mut pages, config);
        // Sections for every folder that holds pages, homes for every language.
        let mut have: std::collections::HashSet<(String, String)> = pages
            .iter()
            .filter(|p| p.is_section())
            .map(|p| (p.lang.clone(), p.path.clone()))
            .collect();
        let mut made = Vec::new();
        for p in &pages {
            let mut dir = parent_dir(&p.path).map(str::to_string);
            while let Some(d) = dir {
                if have.insert((p.lang.clone(), d.clone())) {
                    made.push(made_up_section(&p.lang, &d));
                }
                dir = parent_dir(&d).map(str::to_string);
            }
        }
        for lang in config.language_codes() {
            if have.insert((lang.to_string(), String::new()))
                && pages.iter().any(|p| p.lang == lang)
            {
                let mut home = made_up_section(lang, "");
                home.title = config.language_title(lang).to_string();
                made.push(home);
            }
        }
        pages.extend(made);
        // In parallel: a page is large to move, and this runs before anything else can.
        pages.par_sort_by(|a, b| {
            (&a.lang, &a.path, a.kind != Kind::Page).cmp(&(&b.lang, &b.path, b.kind != Kind::Page))
        });

        for p in &mut pages {
            p.url = page_url(p, config, &root);
            p.out_path = out_path(&p.url, &root);
        }
        for a in &mut content.assets {
            let prefix = lang_prefix(&a.lang, config);
            a.url = format!("{root}{prefix}{}", encode_path(&a.source));
            a.out_path = format!("{prefix}{}", a.source);
        }

        // Indexes.
        for (i, p) in pages.iter().enumerate() {
            content.by_source.insert(&p.lang, p.source.clone(), i);
            if p.kind == Kind::Home {
                content.homes.insert(p.lang.clone(), i);
            }
            if p.is_section() && !p.path.is_empty() {
                content.by_source.insert(&p.lang, format!("{}/", p.path), i);
            }
            let key = decode(&p.url);
            if let Some(&other) = content.by_url.get(&key) {
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
                content.by_url.insert(key, i);
            }
        }
        for (i, p) in pages.iter().enumerate() {
            for alias in &p.fm.aliases {
                let url = format!("{root}{}", normalize_url_path(alias));
                let key = decode(&url);
                if let Some(&other) = content.by_url.get(&key) {
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
                    content.by_url.insert(key, i);
                }
            }
        }
        for (i, a) in content.assets.iter().enumerate() {
            content.asset_by_source.insert(&a.lang, a.source.clone(), i);
        }

        // The tree: each page's parent is the section of its folder.
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
                if pages[i].is_section() {
                    pages[parent].subsections.push(i);
                } else {
                    pages[parent].pages.push(i);
                }
            }
        }
        apply_cascades(&mut pages);
        let order = |list: &mut Vec<usize>, pages: &[Page]| {
            list.sort_by_cached_key(|&i| nav_order(&pages[i]));
        };
        for i in 0..pages.len() {
            let mut list = std::mem::take(&mut pages[i].pages);
            order(&mut list, &pages);
            pages[i].pages = list;
            let mut list = std::mem::take(&mut pages[i].subsections);
            order(&mut list, &pages);
            pages[i].subsections = list;
        }
        content.pages = pages;
        crate::translations::resolve_fallbacks(&mut content, config);
        content
    }

    /// Ancestors from the home page down to the parent.
    pub fn ancestors(&self, idx: usize) -> Vec<usize> {
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
    pub fn nav_children(&self, idx: usize) -> Vec<usize> {
        let p = &self.pages[idx];
        let mut all: Vec<usize> = p.pages.iter().chain(&p.subsections).copied().collect();
        all.sort_by_cached_key(|&i| nav_order(&self.pages[i]));
        all
    }
}

/// Hugo's `cascade`: a section's `cascade` values apply to every page below it that does not
/// set them itself; the nearest section wins.
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

/// Applies to `fm` (page `i`'s front matter) the `cascade` values of the sections above it.
pub fn inherit_cascades(pages: &[Page], i: usize, fm: &mut FrontMatter) {
    let mut inherited: Vec<(&String, &serde_json::Value)> = Vec::new();
    let mut cur = pages[i].parent;
    while let Some(p) = cur {
        for (k, v) in &pages[p].fm.cascade {
            if !inherited.iter().any(|(key, _)| *key == k) {
                inherited.push((k, v));
            }
        }
        cur = pages[p].parent;
    }
    for (k, v) in inherited {
        frontmatter::cascade_into(fm, k, v);
    }
}

/// Navigation order: weighted pages first (as in Hugo, weight 0 or none sorts last), then by
/// title, then by path.
fn nav_order(p: &Page) -> (i64, String, String) {
    let weight = p.fm.weight.filter(|w| *w != 0).unwrap_or(i64::MAX);
    (weight, p.title.to_lowercase(), p.path.clone())
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

/// "getting-started" → "Getting started".
pub fn title_from_name(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn parent_dir(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    Some(path.rsplit_once('/').map(|(d, _)| d).unwrap_or(""))
}

fn lang_prefix(lang: &str, config: &Config) -> String {
    if lang == config.default_language {
        String::new()
    } else {
        format!("{lang}/")
    }
}

fn page_url(p: &Page, config: &Config, root: &str) -> String {
    if let Some(url) = &p.fm.url {
        return format!("{root}{}", normalize_url_path(url));
    }
    let prefix = lang_prefix(&p.lang, config);
    let mut path = p.path.clone();
    if let Some(slug) = &p.fm.slug
        && p.kind == Kind::Page
    {
        path = match path.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/{slug}"),
            None => slug.clone(),
        };
    }
    let path = url_segments(&path);
    if path.is_empty() {
        format!("{root}{prefix}")
    } else {
        format!("{root}{prefix}{}/", encode_path(&path))
    }
}

/// File and folder names as URL segments: ASCII lowercased and spaces as `-` (as Hugo does), so
/// two files differing only in case are caught as the same URL on every file system.
fn url_segments(path: &str) -> String {
    path.chars()
        .map(|c| {
            if c == ' ' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// `/old/page` or `old/page/` → `old/page/` (no leading slash; trailing slash unless a file).
pub fn normalize_url_path(url: &str) -> String {
    let t = url.trim().trim_start_matches('/');
    if t.is_empty() {
        return String::new();
    }
    let last = t.rsplit('/').next().unwrap_or("");
    if t.ends_with('/') || last.contains('.') {
        t.to_string()
    } else {
        format!("{t}/")
    }
}

fn out_path(url: &str, root: &str) -> String {
    let rel = decode(url);
    let rel = rel
        .strip_prefix(root)
        .unwrap_or(rel.trim_start_matches('/'));
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

/// Percent-encodes what would break a URL path (`%`, `#`, `?`, spaces, quotes); keeps Unicode
/// as is, which browsers accept in links.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            ' ' => out.push_str("%20"),
            '"' => out.push_str("%22"),
            _ => out.push(c),
        }
    }
    out
}

/// Percent-decodes a URL path or fragment (invalid escapes are kept as written).
pub fn decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
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
