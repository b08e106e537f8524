//! Links between pages: rewriting `.md` links to the URL of the page they name, and checking
//! that every internal link (relative `.md`, absolute `/docs/x/`, static files) and every
//! `#anchor` exists. Resolution happens while the Markdown is rendered; anchors are checked once
//! every page is rendered.
//!
//! A link is resolved as the site's host resolves it: as written, the way a browser follows
//! it; else as Hugo's `GetPage` does in sites' render-link hooks and as GitHub shows a tree —
//! from the linking file's folder (for a leaf bundle, also the folder above), then, unless it
//! starts with `./` or `../`, from the content root; `x.md` may be `x/_index.md`,
//! `x/index.md` or `x/README.md`, and a folder is its index page. Zola's `@/path.md` names a
//! file under `content/`. `paths.rs` has the path handling; every look-up is an index.

mod paths;

pub(crate) use paths::is_external;

use crate::content::{Content, Page, decode};
use crate::diagnostics::Diagnostic;
use crate::markdown::Hooks;
use crate::versions::Versions;
use paths::{
    encode_fragment, folder_path, is_explicitly_relative, join, markdown_target, normalize,
    source_dir, split, without_md,
};
use std::cell::RefCell;
use std::collections::HashSet;
use std::path::Path;

/// What a link destination points at.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// Outside the site (`https:`, `mailto:`, `//host`): left alone.
    External,
    /// A page (and maybe an anchor in it); `rewrite` is the URL to put in the HTML when the
    /// written destination is not already it.
    Page {
        idx: usize,
        fragment: Option<String>,
        rewrite: Option<String>,
    },
    /// A file that is copied as is (static/ or beside a page).
    File {
        rewrite: Option<String>,
    },
    Missing(String),
}

/// An anchor to check after every page is rendered.
#[derive(Debug, Clone)]
pub(crate) struct AnchorCheck {
    pub(crate) from: usize,
    pub(crate) line: usize,
    pub(crate) target: usize,
    pub(crate) fragment: String,
    pub(crate) written: String,
}

/// Read-only view of the site used to resolve links while pages render in parallel.
pub(crate) struct Resolver<'a> {
    pub(crate) content: &'a Content,
    /// Decoded root-relative URLs of static files (`/favicon.ico`).
    pub(crate) static_files: &'a HashSet<String>,
    pub(crate) root: &'a str,
    /// `.md` links a translation cannot resolve in its own language go to this one's page (the
    /// page is untranslated and, with `untranslated = "omit"`, not in that language).
    pub(crate) default_language: &'a str,
    /// Keep each page's external links (with their lines) for `--external`.
    pub(crate) collect_external: bool,
    /// Where files outside `content/` are linked to (`[links] repository`).
    pub(crate) repository: Option<Repository<'a>>,
    /// `[versions]`: a link into the versioned section that names no version goes to the
    /// linking page's own version, or (from outside the section) to the latest.
    pub(crate) versions: &'a Versions,
}

/// The site's folder on disk and in the repository's web view.
pub(crate) struct Repository<'a> {
    pub(crate) root: &'a Path,
    pub(crate) url: url::Url,
}

impl Resolver<'_> {
    pub(crate) fn resolve(&self, from: &Page, dest: &str) -> Target {
        match self.resolve_in_site(from, dest) {
            Target::Missing(why) => match self.in_repository(from, dest.trim()) {
                Some(url) => Target::File { rewrite: Some(url) },
                None => Target::Missing(why),
            },
            t => t,
        }
    }

    /// A relative link to a file of the repository outside `content/` (`../LICENSE`), as
    /// GitHub follows it: its URL in the repository's web view, when the file exists.
    fn in_repository(&self, from: &Page, dest: &str) -> Option<String> {
        let repo = self.repository.as_ref()?;
        let (path, fragment) = split(dest);
        if path.is_empty() || path.starts_with('/') || is_external(path) {
            return None;
        }
        let decoded = decode(path);
        // The path from the site's folder, `..` kept where it climbs above it.
        let mut parts: Vec<String> = Vec::new();
        let file = from.file.as_deref()?;
        let dir = file.parent().unwrap_or(Path::new(""));
        let segments = dir
            .iter()
            .filter_map(|s| s.to_str())
            .chain(decoded.split('/'))
            .filter(|s| !s.is_empty() && *s != ".");
        for seg in segments {
            match seg {
                ".." if parts.last().is_some_and(|p| p != "..") => {
                    parts.pop();
                }
                s => parts.push(s.to_string()),
            }
        }
        if parts.first().is_some_and(|p| p == "content") {
            return None;
        }
        let rel = parts.join("/");
        std::fs::metadata(repo.root.join(&rel)).ok()?;
        let mut url = repo.url.join(&rel).ok()?;
        url.set_fragment(fragment.filter(|f| !f.is_empty()));
        Some(url.to_string())
    }

    fn resolve_in_site(&self, from: &Page, dest: &str) -> Target {
        let target = self.resolve_written(from, dest);
        if !matches!(target, Target::Missing(_)) {
            return target;
        }
        let version = from.version.or(self.versions.latest);
        let alternative = version.and_then(|v| {
            let (path, fragment) = split(dest.trim());
            let path = self.versions.in_version(path, v)?;
            Some(match fragment {
                Some(f) => format!("{path}#{f}"),
                None => path,
            })
        });
        match alternative.map(|alt| self.resolve_written(from, &alt)) {
            // The page in the version: its URL in the HTML, whatever was written.
            Some(Target::Page { idx, fragment, .. }) => self.page(idx, fragment),
            _ => target,
        }
    }

    /// A destination resolved as written.
    fn resolve_written(&self, from: &Page, dest: &str) -> Target {
        let dest = dest.trim();
        if let Some(path) = dest.strip_prefix("@/") {
            return self.resolve_zola(path);
        }
        if is_external(dest) {
            return Target::External;
        }
        let (path, fragment) = split(dest);
        let fragment = fragment.map(decode).filter(|f| !f.is_empty());
        if path.is_empty() {
            // `#anchor` on this page: checked with the others, never rewritten.
            return Target::Page {
                idx: usize::MAX,
                fragment,
                rewrite: None,
            };
        }
        let decoded = decode(path);
        let clean = normalize(&decoded);
        if let Some(md) = markdown_target(&clean) {
            return self.resolve_md(from, md, fragment);
        }
        let target = if clean.starts_with('/') {
            match self.resolve_url(&clean, fragment) {
                Target::Missing(_) => Target::Missing(format!("no page or file at `{decoded}`")),
                t => t,
            }
        } else {
            self.resolve_relative(from, &clean, fragment)
                .unwrap_or_else(|| Target::Missing(format!("no page or file at `{dest}`")))
        };
        match target {
            // `/docs//guide/` finds the page, but is not its URL.
            Target::Page {
                idx,
                fragment,
                rewrite: None,
            } if clean != decoded => self.page(idx, fragment),
            t => t,
        }
    }

    /// A relative link that names no `.md` file: a file beside the page, a page as a browser
    /// follows the link from the page's URL, or a page or folder as Hugo's `GetPage` finds it.
    fn resolve_relative(&self, from: &Page, rel: &str, fragment: Option<String>) -> Option<Target> {
        // A file beside the page (an image): rewritten to the file's URL, since the page itself
        // is served one folder deeper than its source.
        if let Some(src) = join(source_dir(&from.source), rel)
            && let Some(a) = self.asset(&from.lang, &src)
        {
            return Some(Target::File {
                rewrite: Some(self.content.assets[a].url.clone()),
            });
        }
        // `../levels/` written like a browser would follow it from the page's URL.
        let page_dir = decode(&from.url);
        if let Some(url) = join(page_dir.trim_start_matches('/'), rel) {
            let url = format!("/{url}");
            if let t @ (Target::Page { .. } | Target::File { .. }) =
                self.resolve_url(&url, fragment.clone())
            {
                return Some(without_rewrite(t));
            }
        }
        let idx = self.find_page(from, rel, |lang, path| {
            self.content.by_path.get(lang, folder_path(path))
        })?;
        Some(self.page(idx, fragment))
    }

    fn resolve_md(&self, from: &Page, md: &str, fragment: Option<String>) -> Target {
        let find = |lang: &str, path: &str| {
            let by = &self.content;
            by.by_source
                .get(lang, path)
                .or_else(|| by.by_path.get(lang, folder_path(without_md(path))))
        };
        let found = if let Some(abs) = md.strip_prefix('/') {
            // `/docs/x.md`: from the language's content root, or from content/ itself.
            let in_lang = abs
                .split_once('/')
                .filter(|(first, _)| *first == from.lang)
                .map(|(_, rest)| rest);
            self.languages(from)
                .find_map(|lang| find(lang, abs).or_else(|| in_lang.and_then(|r| find(lang, r))))
        } else {
            self.find_page(from, md, find)
        };
        match found {
            Some(idx) => self.page(idx, fragment),
            None => Target::Missing(format!(
                "`{md}` is not a page of this site (looked for {}{})",
                content_dir(from),
                match md.strip_prefix('/') {
                    Some(abs) => abs.to_string(),
                    None => join(source_dir(&from.source), md).unwrap_or_else(|| md.to_string()),
                }
            )),
        }
    }

    /// `@/docs/page.md#x`: a file under `content/` — `content/<lang>/…` in a tree per
    /// language, `page.<lang>.md` in one tree, else the default language's.
    fn resolve_zola(&self, written: &str) -> Target {
        let (path, fragment) = split(written);
        let fragment = fragment.map(decode).filter(|f| !f.is_empty());
        let decoded = decode(path);
        let clean = normalize(decoded.trim_start_matches('/'));
        let (lang, source) = self.zola_source(&clean);
        let by = &self.content;
        if let Some(idx) = by
            .by_source
            .get(lang, &source)
            .or_else(|| by.by_path.get(lang, folder_path(without_md(&source))))
        {
            return self.page(idx, fragment);
        }
        if let Some(a) = self.asset(lang, &source) {
            return Target::File {
                rewrite: Some(by.assets[a].url.clone()),
            };
        }
        Target::Missing(format!(
            "`@/{path}` is not a page of this site (looked for content/{clean})"
        ))
    }

    fn zola_source<'p>(&'p self, path: &'p str) -> (&'p str, std::borrow::Cow<'p, str>) {
        let sources = &self.content.by_source;
        if let Some((first, rest)) = path.split_once('/')
            && first != self.default_language
            && sources.has_language(first)
        {
            return (first, rest.into());
        }
        if let Some((first, rest)) = path.split_once('/')
            && first == self.default_language
            && sources.get(first, rest).is_some()
        {
            return (first, rest.into());
        }
        if let Some(stem) = path.strip_suffix(".md")
            && let Some((base, code)) = stem.rsplit_once('.')
            && !code.contains('/')
            && sources.has_language(code)
        {
            return (code, format!("{base}.md").into());
        }
        (self.default_language, path.into())
    }

    /// A page by a relative path, as Hugo's `GetPage` looks it up: from the linking file's
    /// folder (and, for a leaf bundle, the folder above it), then from the content root unless
    /// the path starts with `./` or `../`; in the page's language, then the default one.
    fn find_page(
        &self,
        from: &Page,
        rel: &str,
        find: impl Fn(&str, &str) -> Option<usize>,
    ) -> Option<usize> {
        let dir = source_dir(&from.source);
        // The common case first, without building the other candidates.
        let first = join(dir, rel);
        if let Some(idx) = first.as_deref().and_then(|p| find(&from.lang, p)) {
            return Some(idx);
        }
        let mut bases = vec![dir];
        if from.kind == crate::content::Kind::Page && from.path == dir && !dir.is_empty() {
            bases.push(source_dir(dir));
        }
        if !is_explicitly_relative(rel) {
            bases.push("");
        }
        let candidates: Vec<String> = bases.iter().filter_map(|b| join(b, rel)).collect();
        self.languages(from)
            .find_map(|lang| candidates.iter().find_map(|c| find(lang, c)))
    }

    fn languages<'p>(&'p self, from: &'p Page) -> impl Iterator<Item = &'p str> {
        let other = (from.lang != self.default_language).then_some(self.default_language);
        std::iter::once(from.lang.as_str()).chain(other)
    }

    /// A file of `content/` in the language, else in the default language (a translation
    /// shares its original's images, as Hugo's bundles do).
    fn asset(&self, lang: &str, source: &str) -> Option<usize> {
        let assets = &self.content.asset_by_source;
        assets
            .get(lang, source)
            .or_else(|| assets.get(self.default_language, source))
    }

    /// A link to page `idx`, written as its URL; a page that is not published is missing.
    fn page(&self, idx: usize, fragment: Option<String>) -> Target {
        let page = &self.content.pages[idx];
        if !page.has_url() {
            return Target::Missing(format!(
                "{} is not published (`headless` or `_build.render = never`)",
                page.diag_file().display()
            ));
        }
        let rewrite = match &fragment {
            Some(f) => format!("{}#{}", page.url, encode_fragment(f)),
            None => page.url.clone(),
        };
        Target::Page {
            idx,
            fragment,
            rewrite: Some(rewrite),
        }
    }

    fn resolve_url(&self, path: &str, fragment: Option<String>) -> Target {
        let mut tries = vec![path.to_string()];
        if !path.ends_with('/') {
            tries.push(format!("{path}/"));
        }
        if let Some(dir) = path.strip_suffix("index.html") {
            tries.push(dir.to_string());
        }
        // With a base path (`/docs/`), authors may write site paths with or without it.
        let with_root = self.root != "/";
        if with_root {
            let rooted = format!("{}{}", self.root, path.trim_start_matches('/'));
            tries.push(rooted.clone());
            tries.push(format!("{rooted}/"));
        }
        for (i, t) in tries.iter().enumerate() {
            if let Some(&idx) = self.content.by_url.get(t) {
                if with_root && i >= tries.len() - 2 {
                    return self.page(idx, fragment);
                }
                return Target::Page {
                    idx,
                    fragment,
                    rewrite: None,
                };
            }
            if self.static_files.contains(t) {
                return Target::File { rewrite: None };
            }
        }
        Target::Missing(format!("no page or file at `{path}`"))
    }
}

/// Where a page's language tree is, for messages: `content/en/` or `content/`.
fn content_dir(from: &Page) -> String {
    let per_language = from
        .file
        .as_deref()
        .is_none_or(|f| f.starts_with(std::path::Path::new("content").join(&from.lang)));
    if per_language {
        format!("content/{}/", from.lang)
    } else {
        "content/".into()
    }
}

fn without_rewrite(t: Target) -> Target {
    match t {
        Target::Page { idx, fragment, .. } => Target::Page {
            idx,
            fragment,
            rewrite: None,
        },
        Target::File { .. } => Target::File { rewrite: None },
        other => other,
    }
}

/// The Markdown hook for one page: rewrites links, records problems and anchors to check.
pub(crate) struct PageLinks<'a> {
    pub(crate) resolver: &'a Resolver<'a>,
    pub(crate) page: &'a Page,
    pub(crate) idx: usize,
    pub(crate) diags: RefCell<Vec<Diagnostic>>,
    pub(crate) anchors: RefCell<Vec<AnchorCheck>>,
    /// External destinations and their lines, when the resolver collects them.
    pub(crate) external: RefCell<Vec<(String, usize)>>,
    /// Whether the heading the page's title came from has been left out (once per page, also
    /// across the Markdown of its shortcodes).
    title_taken: std::cell::Cell<bool>,
}

impl<'a> PageLinks<'a> {
    pub(crate) fn new(resolver: &'a Resolver<'a>, page: &'a Page, idx: usize) -> Self {
        PageLinks {
            resolver,
            page,
            idx,
            diags: RefCell::new(Vec::new()),
            anchors: RefCell::new(Vec::new()),
            external: RefCell::new(Vec::new()),
            title_taken: std::cell::Cell::new(false),
        }
    }
}

impl Hooks for PageLinks<'_> {
    fn take_title_heading(&self, title: &str) -> bool {
        let take =
            !self.title_taken.get() && self.page.fm.title.is_none() && title == self.page.title;
        if take {
            self.title_taken.set(true);
        }
        take
    }

    fn rewrite_link(&self, dest: &str, line: usize) -> Option<String> {
        match self.resolver.resolve(self.page, dest) {
            Target::External => {
                if self.resolver.collect_external {
                    self.external
                        .borrow_mut()
                        .push((dest.trim().to_string(), line));
                }
                None
            }
            Target::File { rewrite } => rewrite,
            Target::Page {
                idx,
                fragment,
                rewrite,
            } => {
                if let Some(fragment) = fragment {
                    self.anchors.borrow_mut().push(AnchorCheck {
                        from: self.idx,
                        line,
                        target: if idx == usize::MAX { self.idx } else { idx },
                        fragment,
                        written: dest.to_string(),
                    });
                }
                rewrite
            }
            Target::Missing(why) => {
                self.diags.borrow_mut().push(
                    Diagnostic::error("broken-link", format!("broken link: {why}"))
                        .at(self.page.diag_file(), Some(line)),
                );
                None
            }
        }
    }
}

/// Every `#anchor` must exist on its target page. A fragment that names an id only when case
/// is ignored (`#Labels` for `#labels`) is an `anchor-case` warning rather than a broken
/// anchor: it works where the host matches ids loosely, and is one edit from right.
pub(crate) fn check_anchors(content: &Content, checks: &[AnchorCheck]) -> Vec<Diagnostic> {
    checks
        .iter()
        .filter(|c| !content.pages[c.target].rendered.has_anchor(&c.fragment))
        .map(|c| {
            let from = &content.pages[c.from];
            let target = &content.pages[c.target];
            let where_ = if c.from == c.target {
                "this page".to_string()
            } else {
                target.diag_file().display().to_string()
            };
            let diagnostic = match target.rendered.anchor_ignoring_case(&c.fragment) {
                Some(id) => Diagnostic::warning(
                    "anchor-case",
                    format!(
                        "`{}` links to #{}; {where_} has #{id}, which differs only in case (browsers match ids exactly)",
                        c.written, c.fragment
                    ),
                ),
                None => Diagnostic::error(
                    "broken-anchor",
                    format!(
                        "broken anchor: `{}` links to #{}, but {where_} has no heading or element with that id",
                        c.written, c.fragment
                    ),
                ),
            };
            diagnostic.at(from.diag_file(), Some(c.line))
        })
        .collect()
}
