//! Markdown body rendering.
//!
//! [`render`] turns the Markdown body of a page into HTML in a single
//! streaming pass over pulldown-cmark events and, on the way, collects what the
//! rest of the pipeline needs: headings (with stable, deduplicated ids), a
//! table of contents, every anchor on the page, every link with its line
//! number in the original file, the first `h1` and a plain-text summary.
//!
//! Design notes:
//!
//! * The parser's events are fed through an adapter iterator (`Pass`) into a
//!   *single* `pulldown_cmark::html::push_html` call. Only the events inside a
//!   heading are buffered (the id has to be known before `<hN>` is written).
//!   Keeping one HTML writer for the whole document matters: it owns the
//!   footnote numbering and table state, so a footnote reference inside a
//!   heading gets the same number it would get anywhere else.
//! * Raw HTML is scanned for `id`/`<a name>` anchors by a small tag scanner.
//!   HTML *blocks* arrive one line per event, so the text of a block is
//!   accumulated (text only, events still stream) and scanned at its end; a
//!   tag or comment spanning lines is therefore handled.
//! * Nothing here recurses per nesting level of the input, so pathological
//!   nesting (10,000 `>`) only costs what pulldown-cmark itself costs.
//!
//! Files: `pass.rs` is the streaming pass (summary, links, line numbers), `headings.rs` the
//! heading ids, attributes and anchor links, `html_anchors.rs` the raw-HTML anchor scanner.
//! [`shortcodes`] is the first step of a page's Markdown phase: it expands Hugo-style
//! shortcodes before [`render`] and puts their HTML back after.

mod blocks;
mod headings;
mod html_anchors;
mod pass;
pub mod shortcodes;

use pulldown_cmark::Options;
use std::cell::Cell;

use pass::Pass;

/// Maximum length, in `char`s, of [`Rendered::summary`] (including the `…`
/// appended when the paragraph had to be cut).
pub const SUMMARY_MAX_CHARS: usize = 200;

/// Id used for a heading whose text yields an empty slug (e.g. only emoji or
/// punctuation). Deduplicated like any other id (`heading-1`, …).
pub(crate) const EMPTY_SLUG_ID: &str = "heading";

/// What the caller plugs in: link rewriting and HTML injected after headings.
pub trait Hooks {
    /// Called for every link and image destination (Markdown links, images,
    /// autolinks, reference links). `line` is the 1-based line in the ORIGINAL
    /// FILE. Return `Some(new)` to replace the destination.
    fn rewrite_link(&self, _dest: &str, _line: usize) -> Option<String> {
        None
    }

    /// Whether the level-1 heading with plain text `title` is the page's title, taken from it
    /// (a page without a title in front matter): such a heading is left out of the HTML, since
    /// the page template shows the title, and its id stays as an anchor. Asked for each
    /// level-1 heading until one is taken.
    fn take_title_heading(&self, _title: &str) -> bool {
        false
    }

    /// Whether fenced code is highlighted (`[markdown] highlight`); without, a fence is
    /// written as Markdown writes it.
    fn highlight(&self) -> bool {
        true
    }

    /// The title of a GitHub alert (`> [!NOTE]`) of kind `kind` (`note`, `tip`, `important`,
    /// `warning`, `caution`) in the page's language.
    fn alert_title(&self, kind: &str) -> String {
        let mut title = kind.to_string();
        title[..1].make_ascii_uppercase();
        title
    }
}

/// Hooks that change nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHooks;

impl Hooks for NoHooks {}

/// A heading of the page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1..=6
    pub level: u8,
    /// Final id (explicit `{#id}` or generated, deduplicated).
    pub id: String,
    /// Plain text of the heading (no tags, entities decoded, trimmed).
    pub(crate) title: String,
    /// 1-based line in the original file.
    pub line: usize,
    /// `key=value` / bare `key` heading attributes other than id/classes,
    /// e.g. `("added", Some("2024-03-04"))`. Emitted as `data-key="value"`.
    pub(crate) attrs: Vec<(String, Option<String>)>,
    /// Classes from `{.cls}`.
    pub(crate) classes: Vec<String>,
    /// Where the heading is in [`Rendered::html`]: the byte of its `<hN`, and the byte just
    /// after its `</hN>`. Later phases insert after a heading (an FAQ entry's dates) or take
    /// the part of the page under it without searching the HTML.
    #[serde(skip)]
    pub(crate) html_start: usize,
    #[serde(skip)]
    pub(crate) html_end: usize,
}

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct TocEntry {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) children: Vec<TocEntry>,
}

/// Whether a [`Link`] is a hyperlink or an image source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub(crate) enum LinkKind {
    Link,
    Image,
}

/// A link or image found in the body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Link {
    /// Destination as written (reference links resolved, escapes decoded),
    /// before [`Hooks::rewrite_link`] was applied.
    pub(crate) dest: String,
    /// 1-based line in the original file where the link starts.
    pub line: usize,
    pub(crate) kind: LinkKind,
}

/// Result of [`render`].
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// Every heading id plus every `id="…"` / `id='…'` / `<a name="…">` found
    /// in raw HTML (blocks and inline), in document order.
    pub anchors: Vec<String>,
    pub links: Vec<Link>,
    /// Plain text of the first level-1 heading.
    pub(crate) first_h1: Option<String>,
    /// Plain text of the first paragraph with any text (outside footnote
    /// definitions), whitespace collapsed, at most [`SUMMARY_MAX_CHARS`] chars.
    pub summary: String,
    /// What rendering found wrong (an unknown code language), with file lines and no file.
    pub problems: Vec<crate::diagnostics::Diagnostic>,
}

/// The pulldown-cmark options used for page bodies.
pub(crate) fn options() -> Options {
    // ENABLE_FOOTNOTES is the GitHub-compatible footnote syntax in 0.13
    // (ENABLE_OLD_FOOTNOTES is the legacy one). ENABLE_GFM only adds
    // `> [!NOTE]` alerts, written as the theme's call-outs; ENABLE_MATH `$…$`.
    Options::ENABLE_TABLES
        | Options::ENABLE_GFM
        | Options::ENABLE_MATH
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Render a Markdown body.
///
/// `line_offset`: number of lines in the original file BEFORE the body (front
/// matter + delimiters), so body line 1 = file line `line_offset + 1`.
pub fn render(body: &str, line_offset: usize, hooks: &dyn Hooks) -> Rendered {
    let written = Cell::new(0);
    let mut pass = Pass::new(body, line_offset, hooks, &written);
    let mut html = String::with_capacity(body.len() + body.len() / 2);
    let out = Tracked {
        out: &mut html,
        written: &written,
    };
    pulldown_cmark::html::write_html_fmt(out, &mut pass).expect("writing to a String");
    pass.finish(html)
}

/// The HTML writer's output, telling the pass how much has been written (where each heading
/// lands).
struct Tracked<'s> {
    out: &'s mut String,
    written: &'s Cell<usize>,
}

impl std::fmt::Write for Tracked<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.push_str(s);
        self.written.set(self.out.len());
        Ok(())
    }
}

/// GitHub/Hugo-"github"-style anchor: lowercase; keep Unicode letters,
/// numbers and combining marks, `-` and `_`; each space becomes `-`; other
/// characters dropped.
///
/// `"Levels of Support"` → `"levels-of-support"`, `"如何获取支持？"` →
/// `"如何获取支持"`, `"What's new in v1.2?"` → `"whats-new-in-v12"`,
/// `"ट्राइएज प्रक्रिया"` → `"ट्राइएज-प्रक्रिया"` (the vowel signs and viramas of
/// Indic scripts are marks, not letters: GitHub and Hugo keep them, and a link
/// copied from either must still land).
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else if c == '-'
            || c == '_'
            || (!c.is_ascii() && unicode_normalization::char::is_combining_mark(c))
        {
            out.push(c);
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

/// The table of contents of a page's headings: levels 2..=4 (h1 is the page title), nested,
/// built without recursion (a stack of open entries).
pub(crate) fn build_toc(headings: &[Heading]) -> Vec<TocEntry> {
    let mut roots: Vec<TocEntry> = Vec::new();
    let mut stack: Vec<TocEntry> = Vec::new();
    fn close(stack: &mut Vec<TocEntry>, roots: &mut Vec<TocEntry>) {
        if let Some(done) = stack.pop() {
            match stack.last_mut() {
                Some(parent) => parent.children.push(done),
                None => roots.push(done),
            }
        }
    }
    for h in headings.iter().filter(|h| (2..=4).contains(&h.level)) {
        while stack.last().is_some_and(|top| top.level >= h.level) {
            close(&mut stack, &mut roots);
        }
        stack.push(TocEntry {
            level: h.level,
            id: h.id.clone(),
            title: h.title.clone(),
            children: Vec::new(),
        });
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn r(md: &str) -> Rendered {
        render(md, 0, &NoHooks)
    }

    pub(super) fn h2(id: &str, text: &str) -> String {
        format!(
            "<h2 id=\"{id}\">{text} <a class=\"heading-anchor\" href=\"#{id}\" aria-labelledby=\"{id}\">#</a></h2>\n"
        )
    }

    #[test]
    fn gfm_extensions() {
        let out = r("| a | b |\n|---|--:|\n| 1 | 2 |\n");
        assert_eq!(
            out.html,
            "<table><thead><tr><th>a</th><th style=\"text-align: right\">b</th></tr></thead><tbody>\n\
             <tr><td>1</td><td style=\"text-align: right\">2</td></tr>\n</tbody></table>\n"
        );
        assert_eq!(
            r("~~gone~~ ~also~\n").html,
            "<p><del>gone</del> <del>also</del></p>\n"
        );
        assert_eq!(
            r("- [x] done\n- [ ] todo\n").html,
            "<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\ndone</li>\n\
             <li><input disabled=\"\" type=\"checkbox\"/>\ntodo</li>\n</ul>\n"
        );
        // No smart punctuation.
        assert_eq!(r("\"a\" -- b...\n").html, "<p>\"a\" -- b...</p>\n");
    }

    #[test]
    fn headings_know_where_they_are_in_the_html() {
        let out = r("# Title\n\nIntro\n## A {#a}\ntext\n\n> ### Quoted\n\n## B\n");
        let places: Vec<&str> = out
            .headings
            .iter()
            .map(|h| &out.html[h.html_start..h.html_end])
            .collect();
        assert_eq!(places.len(), 4);
        for (h, html) in out.headings.iter().zip(&places) {
            let (open, close) = (format!("<h{} ", h.level), format!("</h{}>", h.level));
            assert!(
                html.starts_with(&open) && html.ends_with(&close),
                "{html:?}"
            );
            assert!(html.contains(&format!("id=\"{}\"", h.id)), "{html:?}");
        }
    }

    #[test]
    fn toc_nesting() {
        let out =
            r("# Page\n\n## A\n\n### A1\n\n## B\n\n#### B-deep\n\n##### too deep\n\n###### also\n");
        let toc = build_toc(&out.headings);
        let json = serde_json::to_value(&toc).unwrap();
        assert_eq!(
            json,
            serde_json::json!([
                {"level": 2, "id": "a", "title": "A", "children": [
                    {"level": 3, "id": "a1", "title": "A1", "children": []}
                ]},
                {"level": 2, "id": "b", "title": "B", "children": [
                    {"level": 4, "id": "b-deep", "title": "B-deep", "children": []}
                ]}
            ])
        );
        assert_eq!(out.headings.len(), 7);

        // Odd orders: h4 then h3 under one h2; leading h3/h4 before any h2.
        let toc = build_toc(
            &r("#### lead4\n\n### lead3\n\n## X\n\n#### x4\n\n### x3\n\n#### x3-4\n").headings,
        );
        let flat = |es: &[TocEntry]| {
            es.iter()
                .map(|e| (e.id.clone(), e.children.len()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            flat(&toc),
            [("lead4".into(), 0), ("lead3".into(), 0), ("x".into(), 2)]
        );
        assert_eq!(flat(&toc[2].children), [("x4".into(), 0), ("x3".into(), 1)]);
        assert_eq!(toc[2].children[1].children[0].id, "x3-4");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let handle = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(|| {
                let quotes = format!("{}deep\n", "> ".repeat(10_000));
                let a = r(&quotes);
                let items = format!("{}item\n", "- ".repeat(10_000));
                let b = r(&items);
                (a, b)
            })
            .unwrap();
        let (a, b) = handle.join().expect("render overflowed the stack");
        assert!(a.html.starts_with("<blockquote>\n"));
        assert!(a.html.contains("<p>deep</p>"));
        assert!(a.html.ends_with("</blockquote>\n"));
        assert_eq!(a.html.matches("<blockquote>").count(), 10_000);
        assert_eq!(a.summary, "deep");
        assert!(b.html.starts_with("<ul>\n<li>"));
        assert!(b.html.ends_with("</ul>\n"));
        assert_eq!(b.html.matches("<li>").count(), 10_000);
    }

    #[test]
    fn slugify_examples() {
        assert_eq!(slugify("Levels of Support"), "levels-of-support");
        assert_eq!(slugify("如何获取支持？"), "如何获取支持");
        assert_eq!(slugify("What's new in v1.2?"), "whats-new-in-v12");
        assert_eq!(slugify("  snake_case and-dash  "), "snake_case-and-dash");
        assert_eq!(slugify("Über Straße"), "über-straße");
        assert_eq!(slugify("🚀!!"), "");
        // Marks are kept (Devanagari vowel signs and virama, a combining accent); symbols
        // and punctuation still go.
        assert_eq!(slugify("ट्राइएज प्रक्रिया"), "ट्राइएज-प्रक्रिया");
        assert_eq!(slugify("हिन्दी"), "हिन्दी");
        assert_eq!(slugify("Cafe\u{301} © ‽"), "cafe\u{301}--");
    }
}
