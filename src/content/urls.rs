//! URLs and output paths: a page's URL from its path, slug, `url` and language; percent
//! encoding and decoding; the output file a URL is written to.

use super::{Kind, Page};
use crate::config::Config;

pub(super) fn lang_prefix(lang: &str, config: &Config) -> String {
    if lang == config.default_language {
        String::new()
    } else {
        format!("{lang}/")
    }
}

pub(super) fn page_url(p: &Page, config: &Config, root: &str) -> String {
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
pub(crate) fn normalize_url_path(url: &str) -> String {
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

pub(crate) fn out_path(url: &str, root: &str) -> String {
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
pub(crate) fn encode_path(path: &str) -> String {
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
pub(crate) fn decode(s: &str) -> String {
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
