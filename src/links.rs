//! Links between pages: rewriting `.md` links to the URL of the page they name, and checking
//! that every internal link (relative `.md`, absolute `/docs/x/`, static files) and every
//! `#anchor` exists. Resolution happens while the Markdown is rendered; anchors are checked once
//! every page is rendered.

use crate::content::{Content, Page, decode};
use crate::diagnostics::Diagnostic;
use crate::markdown::Hooks;
use std::cell::RefCell;
use std::collections::HashSet;

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
}

impl Resolver<'_> {
    pub(crate) fn resolve(&self, from: &Page, dest: &str) -> Target {
        let dest = dest.trim();
        if is_external(dest) {
            return Target::External;
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(decode(f))),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or("");
        let fragment = fragment.filter(|f| !f.is_empty());
        if path.is_empty() {
            // `#anchor` on this page: checked with the others, never rewritten.
            return Target::Page {
                idx: usize::MAX,
                fragment,
                rewrite: None,
            };
        }
        let decoded = decode(path);
        if let Some(md) = markdown_target(&decoded) {
            return self.resolve_md(from, &md, fragment);
        }
        if decoded.starts_with('/') {
            return self.resolve_url(&decoded, fragment);
        }
        // A relative link to a file beside the page (an image): rewrite it to the file's URL,
        // since the page itself is served one folder deeper than its source.
        let source_rel = join(source_dir(&from.source), &decoded);
        if let Some(rel) = source_rel.as_deref() {
            if let Some(a) = self.content.asset_by_source.get(&from.lang, rel) {
                return Target::File {
                    rewrite: Some(self.content.assets[a].url.clone()),
                };
            }
            // `../levels/` written like a browser would follow it from the page's URL.
            let page_dir = decode(&from.url);
            if let Some(url) = join(page_dir.trim_start_matches('/'), &decoded) {
                let url = format!("/{url}");
                if let t @ (Target::Page { .. } | Target::File { .. }) =
                    self.resolve_url(&url, fragment.clone())
                {
                    return without_rewrite(t);
                }
            }
        }
        Target::Missing(format!("no page or file at `{dest}`"))
    }

    fn resolve_md(&self, from: &Page, md: &str, fragment: Option<String>) -> Target {
        let candidates: Vec<String> = if let Some(abs) = md.strip_prefix('/') {
            // `/docs/x.md`: from the language's content root, or from content/ itself.
            let mut c = vec![abs.to_string()];
            if let Some((first, rest)) = abs.split_once('/')
                && first == from.lang
            {
                c.push(rest.to_string());
            }
            c
        } else {
            join(source_dir(&from.source), md).into_iter().collect()
        };
        let langs = [from.lang.as_str(), self.default_language];
        let tries = langs
            .iter()
            .take(if from.lang == self.default_language {
                1
            } else {
                2
            })
            .flat_map(|lang| candidates.iter().map(move |c| (*lang, c)));
        for (lang, c) in tries {
            let by_source = &self.content.by_source;
            let found = by_source.get(lang, c).or_else(|| {
                c.contains("/index.md")
                    .then(|| by_source.get(lang, &c.replace("/index.md", "/_index.md")))
                    .flatten()
            });
            if let Some(idx) = found {
                let url = &self.content.pages[idx].url;
                let rewrite = match &fragment {
                    Some(f) => format!("{url}#{}", encode_fragment(f)),
                    None => url.clone(),
                };
                return Target::Page {
                    idx,
                    fragment,
                    rewrite: Some(rewrite),
                };
            }
        }
        Target::Missing(format!(
            "`{md}` is not a page of this site (looked for content/{}/{})",
            from.lang,
            candidates.first().map(String::as_str).unwrap_or(md)
        ))
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
                let rewrite = (with_root && i >= tries.len() - 2).then(|| {
                    let url = &self.content.pages[idx].url;
                    match &fragment {
                        Some(f) => format!("{url}#{}", encode_fragment(f)),
                        None => url.clone(),
                    }
                });
                return Target::Page {
                    idx,
                    fragment,
                    rewrite,
                };
            }
            if self.static_files.contains(t) {
                return Target::File { rewrite: None };
            }
        }
        Target::Missing(format!("no page or file at `{path}`"))
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

pub(crate) fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    // A scheme: letters, digits, + - . before the first `:`, and no `/` before it.
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `../process.md`, `process.md/`, `/docs/x.md` → the `.md` path; other links → None.
fn markdown_target(path: &str) -> Option<String> {
    let p = path.trim_end_matches('/');
    crate::content::is_markdown(p).then(|| p.to_string())
}

fn source_dir(source: &str) -> &str {
    source.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

/// Joins a relative path onto a folder, resolving `.` and `..`; None when it climbs above the
/// root.
fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let trailing = rel.ends_with('/');
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if trailing && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

fn encode_fragment(f: &str) -> String {
    f.replace('%', "%25")
        .replace(' ', "%20")
        .replace('"', "%22")
}

/// The Markdown hook for one page: rewrites links, records problems and anchors to check.
pub(crate) struct PageLinks<'a> {
    pub(crate) resolver: &'a Resolver<'a>,
    pub(crate) page: &'a Page,
    pub(crate) idx: usize,
    pub(crate) diags: RefCell<Vec<Diagnostic>>,
    pub(crate) anchors: RefCell<Vec<AnchorCheck>>,
}

impl<'a> PageLinks<'a> {
    pub(crate) fn new(resolver: &'a Resolver<'a>, page: &'a Page, idx: usize) -> Self {
        PageLinks {
            resolver,
            page,
            idx,
            diags: RefCell::new(Vec::new()),
            anchors: RefCell::new(Vec::new()),
        }
    }
}

impl Hooks for PageLinks<'_> {
    fn rewrite_link(&self, dest: &str, line: usize) -> Option<String> {
        match self.resolver.resolve(self.page, dest) {
            Target::External => None,
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

/// Every `#anchor` must exist on its target page.
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
            Diagnostic::error(
                "broken-anchor",
                format!(
                    "broken anchor: `{}` links to #{}, but {where_} has no heading or element with that id",
                    c.written, c.fragment
                ),
            )
            .at(from.diag_file(), Some(c.line))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn externals() {
        assert!(is_external("https://x.org"));
        assert!(is_external("mailto:a@b"));
        assert!(is_external("//cdn"));
        assert!(!is_external("../a.md"));
        assert!(!is_external("/docs/a:b/"));
        assert!(!is_external("a.md#x:y"));
    }

    #[test]
    fn joins() {
        assert_eq!(
            join("support", "../faq/_index.md").as_deref(),
            Some("faq/_index.md")
        );
        assert_eq!(join("", "./a.md").as_deref(), Some("a.md"));
        assert_eq!(join("", "../a.md"), None);
        assert_eq!(markdown_target("foo.md/").as_deref(), Some("foo.md"));
    }
}
