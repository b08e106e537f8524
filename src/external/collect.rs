//! Where the external links are: every http(s) URL of the site, each with every place it
//! occurs (file and line). Three sources today: Markdown links (kept by the Markdown step's
//! link hook, so shortcodes are expanded and lines are the file's), `href`/`src` in a page's raw
//! HTML, and front matter params. A later source (menus, data files) adds its URLs with
//! [`Links::add`], the same way.

use super::html;
use crate::site::Site;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// One place a URL occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub(crate) file: PathBuf,
    pub(crate) line: usize,
    /// The URL as written there, `#fragment` included.
    pub(crate) written: String,
    /// The fragment, decoded; None without one (or an empty one).
    pub(crate) fragment: Option<String>,
}

/// Every external URL to check, keyed by the URL without its fragment (normalized when it
/// parses, so `https://A.org` and `https://a.org/` are one URL).
#[derive(Debug, Default)]
pub(crate) struct Links {
    pub(crate) urls: BTreeMap<String, Vec<Place>>,
}

impl Links {
    /// Adds a place where `written` occurs; anything but an `http:`/`https:` URL (or a
    /// protocol-relative `//host/…`, taken as https) is left out. Returns whether it was added.
    pub(crate) fn add(&mut self, written: &str, file: &Path, line: usize) -> bool {
        let written = written.trim();
        let absolute = match written.strip_prefix("//") {
            Some(rest) => format!("https://{rest}"),
            None => written.to_string(),
        };
        let scheme = absolute.split(':').next().unwrap_or("");
        if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
            return false;
        }
        let (without, fragment) = match absolute.split_once('#') {
            Some((u, f)) => (u, Some(crate::content::decode(f))),
            None => (absolute.as_str(), None),
        };
        let key = match url::Url::parse(without) {
            Ok(u) => u.to_string(),
            Err(_) => without.to_string(),
        };
        self.urls.entry(key).or_default().push(Place {
            file: file.to_path_buf(),
            line,
            written: written.to_string(),
            fragment: fragment.filter(|f| !f.is_empty()),
        });
        true
    }
}

/// The external links of the site's pages (only those whose file is in `only`, when given).
/// Fallback pages are copies and add nothing.
pub(crate) fn collect(site: &Site, only: Option<&HashSet<PathBuf>>) -> Links {
    let mut links = Links::default();
    let wanted = |i: usize| {
        let page = &site.content.pages[i];
        page.fallback_of.is_none()
            && page
                .file
                .as_ref()
                .is_some_and(|f| only.is_none_or(|o| o.contains(f)))
    };
    for (i, url, line) in site.external_links() {
        if wanted(i) {
            links.add(url, &site.content.pages[i].diag_file(), line);
        }
    }
    for (i, page) in site.content.pages.iter().enumerate() {
        if !wanted(i) {
            continue;
        }
        let file = page.diag_file();
        front_matter(&page.fm, &mut |url, line| {
            links.add(url, &file, line);
        });
        // The raw HTML is read again from the file: the Markdown step keeps no source.
        if let Ok(text) = std::fs::read_to_string(site.root.join(&file)) {
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            if let Ok(split) = crate::content::frontmatter::split(text) {
                raw_html(split.body, split.body_line_offset, &mut |url, line| {
                    links.add(url, &file, line);
                });
            }
        }
    }
    // Menu entries of sitegen.toml that link out of the site.
    let config = Path::new(crate::config::FILE_NAME);
    if only.is_none_or(|o| o.contains(config)) {
        let languages = site.config.languages.values().map(|l| &l.menus);
        for menu in std::iter::once(&site.config.menus).chain(languages) {
            for entry in menu.values().flatten() {
                if let (Some(url), Some(line)) = (&entry.url, entry.line) {
                    links.add(url, config, line);
                }
            }
        }
    }
    links
}

/// Every string in a page's params (the front matter keys sitegen does not know, nested values
/// included) that is an http(s) URL, at the line of its top-level key.
fn front_matter(fm: &crate::content::frontmatter::FrontMatter, add: &mut dyn FnMut(&str, usize)) {
    fn walk(v: &serde_json::Value, line: usize, add: &mut dyn FnMut(&str, usize)) {
        match v {
            serde_json::Value::String(s) => {
                let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
                if lower.starts_with("http://") || lower.starts_with("https://") {
                    add(s, line);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, line, add)),
            serde_json::Value::Object(m) => m.values().for_each(|v| walk(v, line, add)),
            _ => {}
        }
    }
    for (key, value) in &fm.params {
        walk(value, fm.line_of(key), add);
    }
}

/// `href` and `src` values in the raw HTML of a Markdown body (HTML blocks and inline HTML;
/// not code), with their file lines. Values holding a shortcode (`{{<`) are not final URLs and
/// are left out.
fn raw_html(body: &str, line_offset: usize, add: &mut dyn FnMut(&str, usize)) {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let newlines: Vec<usize> = memchr::memchr_iter(b'\n', body.as_bytes()).collect();
    let line_of = |offset: usize| line_offset + 1 + newlines.partition_point(|&n| n < offset);
    let mut in_block = false;
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        let scan = match event {
            Event::Start(Tag::HtmlBlock) => {
                in_block = true;
                true
            }
            Event::End(TagEnd::HtmlBlock) => {
                in_block = false;
                false
            }
            Event::InlineHtml(_) => !in_block,
            _ => false,
        };
        if !scan {
            continue;
        }
        let text = &body[range.clone()];
        html::attributes(text, |a| {
            let wanted = a.name.eq_ignore_ascii_case("href") || a.name.eq_ignore_ascii_case("src");
            if wanted && !a.value.contains("{{") {
                add(&a.value, line_of(range.start + a.offset));
            }
        });
    }
}

/// The files changed since `git_ref`: from the commit where HEAD's history meets it (so a
/// branch is compared with where it started), uncommitted changes and untracked files
/// included; paths relative to the site root.
pub(crate) fn changed_since(root: &Path, git_ref: &str) -> Result<HashSet<PathBuf>, String> {
    let git = |args: &[&str]| -> Result<Vec<u8>, String> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .map_err(|e| format!("--changed-since needs git: {e}"))?;
        if !out.status.success() {
            let why = String::from_utf8_lossy(&out.stderr);
            return Err(format!(
                "--changed-since {git_ref}: git could not compare with it ({})",
                why.trim().lines().next().unwrap_or("unknown error")
            ));
        }
        Ok(out.stdout)
    };
    let base = git(&["merge-base", git_ref, "HEAD"])?;
    let base = String::from_utf8_lossy(&base).trim().to_string();
    let mut files = HashSet::new();
    for list in [
        git(&["diff", "-z", "--name-only", "--relative", &base, "--"])?,
        git(&["ls-files", "-z", "--others", "--exclude-standard"])?,
    ] {
        for name in list.split(|&b| b == 0).filter(|n| !n.is_empty()) {
            files.insert(PathBuf::from(String::from_utf8_lossy(name).into_owned()));
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_are_added_and_fragments_split() {
        let mut l = Links::default();
        let f = Path::new("content/a.md");
        assert!(l.add("https://A.org#Intro%20x", f, 3));
        assert!(l.add("//cdn.example.org/x.js", f, 4));
        assert!(!l.add("mailto:a@b.org", f, 5));
        assert!(!l.add("ftp://x.org/", f, 5));
        let p = &l.urls["https://a.org/"][0];
        assert_eq!(p.fragment.as_deref(), Some("Intro x"));
        assert_eq!(p.written, "https://A.org#Intro%20x");
        assert!(l.urls.contains_key("https://cdn.example.org/x.js"));
    }

    #[test]
    fn raw_html_lines_skip_code_and_shortcodes() {
        let body = "Text\n\n<div>\n<a\n  href=\"https://a.org/x\">a</a>\n</div>\n\n\
                    Inline <img src=\"https://b.org/i.png\"> here.\n\n\
                    ```\n<a href=\"https://code.org\">\n```\n\n\
                    <a href=\"https://c.org/{{< v >}}\">x</a>\n";
        let mut got = Vec::new();
        raw_html(body, 4, &mut |u, l| got.push((u.to_string(), l)));
        assert_eq!(
            got,
            [
                ("https://a.org/x".to_string(), 9),
                ("https://b.org/i.png".to_string(), 12)
            ]
        );
    }
}
