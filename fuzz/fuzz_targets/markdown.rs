//! Markdown rendering with the hook a build plugs in: link rewriting.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitegen::markdown::{self, Hooks, SUMMARY_MAX_CHARS};

/// Lines of front matter before the body, as in a real page.
const OFFSET: usize = 4;

/// Rewrites relative `.md` links the way the build does (`a.md#x` → `/docs/a/#x`).
struct Build;

impl Hooks for Build {
    fn rewrite_link(&self, dest: &str, line: usize) -> Option<String> {
        assert!(line > OFFSET);
        let (path, frag) = dest.split_once('#').unwrap_or((dest, ""));
        let page = path.strip_suffix(".md")?;
        Some(format!("/docs/{page}/#{frag}"))
    }
}

fuzz_target!(|body: &str| {
    let out = markdown::render(body, OFFSET, &Build);
    // Every line reported is a line of the body.
    let last_line = OFFSET + body.split(['\n', '\r']).count().max(1);
    for h in &out.headings {
        assert!((1..=6).contains(&h.level));
        assert!(!h.id.is_empty());
        assert!(out.anchors.contains(&h.id));
        assert!(h.line > OFFSET && h.line <= last_line, "{} {}", h.line, last_line);
    }
    for l in &out.links {
        assert!(l.line > OFFSET && l.line <= last_line, "{} {}", l.line, last_line);
    }
    assert!(out.summary.chars().count() <= SUMMARY_MAX_CHARS);
    assert!(out.anchors.iter().all(|a| !a.is_empty()));
});
