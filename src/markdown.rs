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

use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, OffsetIter, Options, Parser, Tag, TagEnd};

/// Maximum length, in `char`s, of [`Rendered::summary`] (including the `…`
/// appended when the paragraph had to be cut).
pub const SUMMARY_MAX_CHARS: usize = 200;

/// Id used for a heading whose text yields an empty slug (e.g. only emoji or
/// punctuation). Deduplicated like any other id (`heading-1`, …).
pub const EMPTY_SLUG_ID: &str = "heading";

/// What the caller plugs in: link rewriting and HTML injected after headings.
pub trait Hooks {
    /// Called for every link and image destination (Markdown links, images,
    /// autolinks, reference links). `line` is the 1-based line in the ORIGINAL
    /// FILE. Return `Some(new)` to replace the destination.
    fn rewrite_link(&self, _dest: &str, _line: usize) -> Option<String> {
        None
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
    pub title: String,
    /// 1-based line in the original file.
    pub line: usize,
    /// `key=value` / bare `key` heading attributes other than id/classes,
    /// e.g. `("added", Some("2024-03-04"))`. Emitted as `data-key="value"`.
    pub attrs: Vec<(String, Option<String>)>,
    /// Classes from `{.cls}`.
    pub classes: Vec<String>,
}

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// Whether a [`Link`] is a hyperlink or an image source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum LinkKind {
    Link,
    Image,
}

/// A link or image found in the body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Link {
    /// Destination as written (reference links resolved, escapes decoded),
    /// before [`Hooks::rewrite_link`] was applied.
    pub dest: String,
    /// 1-based line in the original file where the link starts.
    pub line: usize,
    pub kind: LinkKind,
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
    pub first_h1: Option<String>,
    /// Plain text of the first paragraph with any text (outside footnote
    /// definitions), whitespace collapsed, at most [`SUMMARY_MAX_CHARS`] chars.
    pub summary: String,
}

/// The pulldown-cmark options used for page bodies.
pub fn options() -> Options {
    // ENABLE_FOOTNOTES is the GitHub-compatible footnote syntax in 0.13
    // (ENABLE_OLD_FOOTNOTES is the legacy one). ENABLE_GFM only adds
    // `> [!NOTE]` alerts and is deliberately not enabled.
    Options::ENABLE_TABLES
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
    let mut pass = Pass::new(body, line_offset, hooks);
    let mut html = String::with_capacity(body.len() + body.len() / 2);
    pulldown_cmark::html::push_html(&mut html, &mut pass);
    pass.finish(html)
}

/// GitHub/Hugo-"github"-style anchor: lowercase; keep Unicode letters and
/// numbers, `-` and `_`; each space becomes `-`; other characters dropped.
///
/// `"Levels of Support"` → `"levels-of-support"`, `"如何获取支持？"` →
/// `"如何获取支持"`, `"What's new in v1.2?"` → `"whats-new-in-v12"`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else if c == '-' || c == '_' {
            out.push(c);
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Streaming pass
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum SummaryState {
    Waiting,
    Collecting,
    Done,
}

/// Adapter between the parser and the HTML writer. Rewrites links, replaces
/// headings, and collects page data as events stream through.
struct Pass<'a, 'h> {
    iter: OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>,
    hooks: &'h dyn Hooks,
    lines: LineIndex,
    /// Events ready to hand to the writer (only non-empty after a heading).
    pending: VecDeque<Event<'a>>,
    used_ids: HashSet<String>,
    /// Next `-N` suffix to try per base slug.
    next_suffix: HashMap<String, usize>,
    /// Text of the HTML block being read, scanned for anchors at its end.
    html_block: Option<String>,
    footnote_depth: usize,
    /// Depth of images being read (alt text is not plain text).
    image_depth: usize,
    summary_state: SummaryState,
    summary_buf: String,
    summary_chars: usize,
    headings: Vec<Heading>,
    anchors: Vec<String>,
    links: Vec<Link>,
    first_h1: Option<String>,
}

impl<'a, 'h> Pass<'a, 'h> {
    fn new(body: &'a str, line_offset: usize, hooks: &'h dyn Hooks) -> Self {
        Pass {
            iter: Parser::new_ext(body, options()).into_offset_iter(),
            hooks,
            lines: LineIndex::new(body, line_offset),
            pending: VecDeque::new(),
            used_ids: HashSet::new(),
            next_suffix: HashMap::new(),
            html_block: None,
            footnote_depth: 0,
            image_depth: 0,
            summary_state: SummaryState::Waiting,
            summary_buf: String::new(),
            summary_chars: 0,
            headings: Vec::new(),
            anchors: Vec::new(),
            links: Vec::new(),
            first_h1: None,
        }
    }

    fn finish(mut self, mut html: String) -> Rendered {
        // A site holds every page's rendered HTML and headings from the Markdown phase until
        // its pages are written: no spare capacity.
        html.shrink_to_fit();
        self.headings.shrink_to_fit();
        Rendered {
            html,
            headings: self.headings,
            anchors: self.anchors,
            links: self.links,
            first_h1: self.first_h1,
            summary: finish_summary(&self.summary_buf),
        }
    }

    /// Rewrite/record links and track image depth. Shared by the main stream
    /// and heading content.
    fn link_event(&mut self, event: Event<'a>, range: &Range<usize>) -> Event<'a> {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.link_dest(dest_url, range, LinkKind::Link);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.image_depth += 1;
                let dest_url = self.link_dest(dest_url, range, LinkKind::Image);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => {
                self.image_depth = self.image_depth.saturating_sub(1);
                event
            }
            other => other,
        }
    }

    fn link_dest(&mut self, dest: CowStr<'a>, range: &Range<usize>, kind: LinkKind) -> CowStr<'a> {
        let line = self.lines.line(range.start);
        let new = self.hooks.rewrite_link(&dest, line);
        self.links.push(Link {
            dest: dest.to_string(),
            line,
            kind,
        });
        match new {
            Some(new) => CowStr::from(new),
            None => dest,
        }
    }

    fn summary_push(&mut self, text: &str) {
        if self.summary_state != SummaryState::Collecting || self.image_depth > 0 {
            return;
        }
        // Collapse whitespace; stop collecting once we have more than enough.
        for c in text.chars() {
            if self.summary_chars > SUMMARY_MAX_CHARS {
                return;
            }
            if c.is_whitespace() {
                if !self.summary_buf.is_empty() && !self.summary_buf.ends_with(' ') {
                    self.summary_buf.push(' ');
                    self.summary_chars += 1;
                }
            } else {
                self.summary_buf.push(c);
                self.summary_chars += 1;
            }
        }
    }

    /// Called with the `Start(Heading)` event: reads the heading's content,
    /// fills `self.pending` with the events to emit.
    fn heading(
        &mut self,
        level: HeadingLevel,
        explicit_id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
        range: Range<usize>,
    ) {
        let line = self.lines.line(range.start);
        let mut inner: Vec<Event<'a>> = Vec::new();
        let mut title = String::new();
        let mut inline_anchors: Vec<String> = Vec::new();
        while let Some((event, r)) = self.iter.next() {
            let event = match event {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(ref t) | Event::Code(ref t) => {
                    if self.image_depth == 0 {
                        title.push_str(t);
                    }
                    event
                }
                Event::SoftBreak | Event::HardBreak => {
                    title.push(' ');
                    event
                }
                Event::InlineHtml(ref h) | Event::Html(ref h) => {
                    scan_html_anchors(h, &mut inline_anchors);
                    event
                }
                other => self.link_event(other, &r),
            };
            inner.push(event);
        }
        let title = title.trim().to_string();

        // Attributes: `id=` / `class=` in key=value form are folded into id
        // and classes; the rest is data for the caller.
        let mut explicit = explicit_id.map(|s| s.into_string());
        let mut classes: Vec<String> = classes.into_iter().map(|c| c.into_string()).collect();
        let mut data = Vec::with_capacity(attrs.len());
        for (k, v) in attrs {
            match (&*k, v) {
                ("id", Some(v)) => {
                    if explicit.as_deref().is_none_or(str::is_empty) {
                        explicit = Some(v.into_string());
                    }
                }
                ("class", Some(v)) => classes.extend(v.split_whitespace().map(str::to_string)),
                (_, v) => data.push((k.into_string(), v.map(|v| v.into_string()))),
            }
        }
        let id = match explicit.filter(|s| !s.is_empty()) {
            Some(id) => {
                self.used_ids.insert(id.clone());
                id
            }
            None => self.unique_id(slugify(&title)),
        };

        let level_num = level as u8;
        if level_num == 1 && self.first_h1.is_none() {
            self.first_h1 = Some(title.clone());
        }
        self.anchors.push(id.clone());
        self.anchors.append(&mut inline_anchors);

        let html_attrs = data
            .iter()
            .filter(|(k, _)| is_safe_attr_name(k))
            .map(|(k, v)| {
                (
                    CowStr::from(format!("data-{}", k.to_ascii_lowercase())),
                    v.as_ref().map(|v| CowStr::from(v.clone())),
                )
            })
            .collect();
        self.pending.push_back(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(id.clone())),
            classes: classes.iter().map(|c| CowStr::from(c.clone())).collect(),
            attrs: html_attrs,
        }));
        self.pending.extend(inner);
        let mut anchor = String::with_capacity(96 + id.len());
        anchor.push_str(" <a class=\"heading-anchor\" href=\"#");
        crate::html::escape_into(&mut anchor, &id);
        anchor.push_str("\" aria-hidden=\"true\" tabindex=\"-1\">#</a>");
        self.pending
            .push_back(Event::InlineHtml(CowStr::from(anchor)));
        self.pending.push_back(Event::End(TagEnd::Heading(level)));

        let heading = Heading {
            level: level_num,
            id,
            title,
            line,
            attrs: data,
            classes,
        };
        self.headings.push(heading);
    }

    fn unique_id(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            EMPTY_SLUG_ID.to_string()
        } else {
            base
        };
        if self.used_ids.insert(base.clone()) {
            return base;
        }
        // Resume from the last suffix handed out for this base, so many
        // identical headings stay linear.
        let mut n = self.next_suffix.get(&base).copied().unwrap_or(1);
        let mut candidate = String::with_capacity(base.len() + 4);
        loop {
            candidate.clear();
            candidate.push_str(&base);
            candidate.push('-');
            candidate.push_str(&n.to_string());
            n += 1;
            if !self.used_ids.contains(&candidate) {
                break;
            }
        }
        self.next_suffix.insert(base, n);
        self.used_ids.insert(candidate.clone());
        candidate
    }
}

impl<'a> Iterator for Pass<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.pending.pop_front() {
            return Some(event);
        }
        let (event, range) = self.iter.next()?;
        let event = match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                self.heading(level, id, classes, attrs, range);
                return self.pending.pop_front();
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                self.summary_push(t);
                event
            }
            Event::SoftBreak | Event::HardBreak => {
                self.summary_push(" ");
                event
            }
            Event::Html(ref h) => {
                match self.html_block.as_mut() {
                    Some(buf) => buf.push_str(h),
                    // Html outside an HtmlBlock does not happen today; scan anyway.
                    None => scan_html_anchors(h, &mut self.anchors),
                }
                event
            }
            Event::InlineHtml(ref h) => {
                scan_html_anchors(h, &mut self.anchors);
                event
            }
            Event::Start(Tag::HtmlBlock) => {
                self.html_block = Some(String::new());
                event
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(buf) = self.html_block.take() {
                    scan_html_anchors(&buf, &mut self.anchors);
                }
                event
            }
            Event::Start(Tag::Paragraph) => {
                if self.summary_state == SummaryState::Waiting && self.footnote_depth == 0 {
                    self.summary_state = SummaryState::Collecting;
                }
                event
            }
            Event::End(TagEnd::Paragraph) => {
                if self.summary_state == SummaryState::Collecting {
                    // A paragraph with no text (e.g. only a badge image) is
                    // not a summary; wait for the next one.
                    let trimmed_len = self.summary_buf.trim_end().len();
                    self.summary_buf.truncate(trimmed_len);
                    self.summary_state = if self.summary_buf.is_empty() {
                        self.summary_chars = 0;
                        SummaryState::Waiting
                    } else {
                        SummaryState::Done
                    };
                }
                event
            }
            Event::Start(Tag::FootnoteDefinition(_)) => {
                self.footnote_depth += 1;
                event
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.footnote_depth = self.footnote_depth.saturating_sub(1);
                event
            }
            other => self.link_event(other, &range),
        };
        Some(event)
    }
}

fn finish_summary(buf: &str) -> String {
    let buf = buf.trim();
    let mut chars = buf.char_indices();
    // Byte index of the char that would exceed the limit, if any.
    let Some((cut, _)) = chars.nth(SUMMARY_MAX_CHARS) else {
        return buf.to_string();
    };
    // Room for the ellipsis: keep at most MAX-1 chars.
    let keep_end = buf[..cut].char_indices().next_back().map_or(0, |(i, _)| i);
    let head = &buf[..keep_end];
    // Prefer a word boundary if there is one reasonably close to the end
    // (CJK text usually has none: cut at the char boundary).
    let head = match head.rfind(' ') {
        Some(sp) if head[sp..].chars().count() <= 30 => &head[..sp],
        _ => head,
    };
    let mut out = head.trim_end().to_string();
    out.push('…');
    out
}

/// Offsets of line starts, for byte offset → 1-based file line.
struct LineIndex {
    starts: Vec<usize>,
    offset: usize,
}

impl LineIndex {
    fn new(text: &str, offset: usize) -> Self {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 40 + 1);
        starts.push(0);
        for (i, &b) in bytes.iter().enumerate() {
            // LF, CRLF, and (as CommonMark does) a lone CR end a line.
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        LineIndex { starts, offset }
    }

    fn line(&self, byte: usize) -> usize {
        self.starts.partition_point(|&s| s <= byte) + self.offset
    }
}

/// The table of contents of a page's headings: levels 2..=4 (h1 is the page title), nested,
/// built without recursion (a stack of open entries).
pub fn build_toc(headings: &[Heading]) -> Vec<TocEntry> {
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

fn is_safe_attr_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

// ---------------------------------------------------------------------------
// Raw HTML anchor scanner
// ---------------------------------------------------------------------------

/// Finds `id` attributes on any tag and `name` attributes on `<a>` tags.
/// Skips comments, `<!…>`/`<?…>` constructs, closing tags and the contents of
/// `<script>`/`<style>`. Attribute names are matched whole, so `data-id=` or
/// `grid=` never match.
fn scan_html_anchors(html: &str, out: &mut Vec<String>) {
    let b = html.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        let Some(lt) = memchr(b'<', &b[i..]) else {
            return;
        };
        i += lt + 1;
        if i >= n {
            return;
        }
        if b[i..].starts_with(b"!--") {
            match find(&b[i + 3..], b"-->") {
                Some(end) => i += 3 + end + 3,
                None => return,
            }
            continue;
        }
        if !b[i].is_ascii_alphabetic() {
            // `</x>`, `<!DOCTYPE>`, `<?pi?>`, or a stray `<`.
            continue;
        }
        // Anchors of a tag count only once its `>` is seen.
        let committed = out.len();
        // Tag name.
        let name_start = i;
        while i < n && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
            i += 1;
        }
        let tag = &html[name_start..i];
        let is_a = tag.eq_ignore_ascii_case("a");
        // Attributes.
        loop {
            while i < n && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= n {
                out.truncate(committed);
                return;
            }
            if b[i] == b'>' {
                i += 1;
                break;
            }
            if b[i] == b'/' {
                i += 1;
                continue;
            }
            let an_start = i;
            while i < n && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                // A quote or `<` here means malformed markup; just step over it.
                i += 1;
            }
            let attr = &html[an_start..i];
            while i < n && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= n || b[i] != b'=' {
                continue; // valueless attribute
            }
            i += 1;
            while i < n && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= n {
                out.truncate(committed);
                return;
            }
            let value = match b[i] {
                q @ (b'"' | b'\'') => {
                    let start = i + 1;
                    match memchr(q, &b[start..]) {
                        Some(len) => {
                            i = start + len + 1;
                            &html[start..start + len]
                        }
                        None => {
                            out.truncate(committed);
                            return;
                        }
                    }
                }
                _ => {
                    let start = i;
                    while i < n && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    &html[start..i]
                }
            };
            let wanted =
                attr.eq_ignore_ascii_case("id") || (is_a && attr.eq_ignore_ascii_case("name"));
            if wanted && !value.is_empty() {
                out.push(decode_basic_entities(value));
            }
        }
        // Raw-text elements: skip to their end tag.
        for raw in ["script", "style"] {
            if tag.eq_ignore_ascii_case(raw) {
                match find_ci(&b[i..], raw.as_bytes()) {
                    Some(end) => i += end,
                    None => return,
                }
            }
        }
    }
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == needle)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Position of `</name` (ASCII case-insensitive) in `hay`.
fn find_ci(hay: &[u8], name: &[u8]) -> Option<usize> {
    let len = name.len() + 2;
    hay.windows(len)
        .position(|w| w[0] == b'<' && w[1] == b'/' && w[2..].eq_ignore_ascii_case(name))
}

fn decode_basic_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(md: &str) -> Rendered {
        render(md, 0, &NoHooks)
    }

    fn h2(id: &str, text: &str) -> String {
        format!(
            "<h2 id=\"{id}\">{text} <a class=\"heading-anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n"
        )
    }

    struct TestHooks;

    impl Hooks for TestHooks {
        fn rewrite_link(&self, dest: &str, _line: usize) -> Option<String> {
            dest.strip_prefix("process.md")
                .map(|frag| format!("/docs/process/{frag}"))
        }
    }

    /// Records every hook call.
    #[derive(Default)]
    struct Recorder(std::cell::RefCell<Vec<(String, usize)>>);

    impl Hooks for Recorder {
        fn rewrite_link(&self, dest: &str, line: usize) -> Option<String> {
            self.0.borrow_mut().push((dest.to_string(), line));
            None
        }
    }

    #[test]
    fn heading_markup() {
        let out = r("## Triage\n");
        assert_eq!(out.html, h2("triage", "Triage"));
        let h = &out.headings[0];
        assert_eq!(
            (h.level, h.id.as_str(), h.title.as_str(), h.line),
            (2, "triage", "Triage", 1)
        );
        // Inline markup is kept in the heading, plain text in the title.
        let out = r("### Use `cargo` &amp; <em>friends</em>\n");
        assert_eq!(
            out.html,
            "<h3 id=\"use-cargo--friends\">Use <code>cargo</code> &amp; <em>friends</em> \
             <a class=\"heading-anchor\" href=\"#use-cargo--friends\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h3>\n"
        );
        assert_eq!(out.headings[0].title, "Use cargo & friends");
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
    fn footnotes() {
        let rec = Recorder::default();
        let out = render("Text[^note].\n\n[^note]: The *note*.\n", 0, &rec);
        assert_eq!(
            out.html,
            "<p>Text<sup class=\"footnote-reference\"><a href=\"#note\">1</a></sup>.</p>\n\
             <div class=\"footnote-definition\" id=\"note\"><sup class=\"footnote-definition-label\">1</sup>\n\
             <p>The <em>note</em>.</p>\n</div>\n"
        );
        assert!(
            rec.0.borrow().is_empty(),
            "footnote refs must not reach the hook"
        );
        assert!(out.links.is_empty());
        // A footnote definition's paragraph is never the summary.
        assert_eq!(out.summary, "Text.");
        // Numbering is shared between headings and body text.
        let out = r("## H[^a]\n\nBody[^b] and[^a].\n\n[^a]: A\n[^b]: B\n");
        assert!(out.html.contains("<h2 id=\"h\">H<sup class=\"footnote-reference\"><a href=\"#a\">1</a></sup> <a class"), "{}", out.html);
        assert!(out.html.contains("Body<sup class=\"footnote-reference\"><a href=\"#b\">2</a></sup> and<sup class=\"footnote-reference\"><a href=\"#a\">1</a></sup>"), "{}", out.html);
    }

    #[test]
    fn raw_html_anchors() {
        let md = "## Intro\n\n\
                  <a id=\"levels\"></a>\n\n\
                  <table class=\"grid\" data-id=\"nope\" grid=\"nope\">\n\
                  <!-- <td id=\"commented\"> -->\n\
                  <tr><td id=\"cell-a\">1</td><td id='cell-b'>2</td>\n\
                  <td\n    id=\"cell-c\">3</td></tr>\n\
                  </table>\n\n\
                  Inline <a name=\"old-name\"></a> and <span id=\"inl\">x</span> <meta name=\"nope\">.\n\n\
                  ## Outro\n";
        let out = r(md);
        assert_eq!(
            out.anchors,
            [
                "intro", "levels", "cell-a", "cell-b", "cell-c", "old-name", "inl", "outro"
            ]
        );
        // Raw HTML passes through unchanged (a lone `<a …></a>` line is
        // inline HTML in a paragraph per CommonMark, not an HTML block).
        assert!(out.html.contains("<p><a id=\"levels\"></a></p>\n"));
        assert!(out.html.contains("<!-- <td id=\"commented\"> -->\n"));
        assert!(out.html.contains("<td\n    id=\"cell-c\">3</td></tr>\n"));
        assert!(
            out.html
                .contains("Inline <a name=\"old-name\"></a> and <span id=\"inl\">x</span>")
        );
    }

    #[test]
    fn html_scanner_edge_cases() {
        let scan = |s: &str| {
            let mut v = Vec::new();
            scan_html_anchors(s, &mut v);
            v
        };
        assert_eq!(
            scan("<div data-id=\"a\" grid=\"b\" xid='c'>"),
            Vec::<String>::new()
        );
        assert_eq!(scan("<DIV ID=\"up\"><A NAME=x>"), ["up", "x"]);
        assert_eq!(scan("<img src=\"a>b\" id=\"after-gt\">"), ["after-gt"]);
        assert_eq!(
            scan("<p title=\"id=&quot;no&quot;\" id=\"a&amp;b\">"),
            ["a&b"]
        );
        assert_eq!(scan("<!-- <a id=\"c\"> --><b id=\"d\">"), ["d"]);
        assert_eq!(
            scan("<script>let s = '<a id=\"js\">';</script><i id=\"e\">"),
            ["e"]
        );
        assert_eq!(scan("a < b and c<d id=\"f\""), Vec::<String>::new()); // unterminated tag
        assert_eq!(scan("</a id=\"no\"><br/><hr id=\"g\"/>"), ["g"]);
        assert_eq!(scan("<a id=\"\">"), Vec::<String>::new());
    }

    #[test]
    fn chinese_heading_id() {
        let out = r("## 如何获取支持？\n");
        assert_eq!(out.html, h2("如何获取支持", "如何获取支持？"));
        assert_eq!(out.headings[0].title, "如何获取支持？");
        assert_eq!(out.anchors, ["如何获取支持"]);
    }

    #[test]
    fn duplicate_and_explicit_ids() {
        let out = r(
            "## Usage\n\n## Usage\n\n## Usage\n\n## Setup {#usage-3}\n\n## Usage\n\n## !!!\n\n## ???\n",
        );
        let ids: Vec<_> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "usage",
                "usage-1",
                "usage-2",
                "usage-3",
                "usage-4",
                "heading",
                "heading-1"
            ]
        );
        assert_eq!(out.headings[3].title, "Setup");
        assert!(out.html.contains(&h2("usage-3", "Setup")));

        // Many identical headings: suffixes stay sequential (and linear).
        let out = r(&"## Same\n\n".repeat(300));
        assert_eq!(out.headings[299].id, "same-299");
        assert_eq!(out.anchors.iter().collect::<HashSet<_>>().len(), 300);

        // An explicit id seen earlier is not reused by a generated one.
        let out = r("## Intro {#install}\n\n## Install\n");
        let ids: Vec<_> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["install", "install-1"]);

        // `{id=...}` works as an explicit id too; ids are escaped.
        let out = r("## A {id=from-attr}\n\n## B {#q\"x}\n");
        assert_eq!(out.headings[0].id, "from-attr");
        assert!(out.headings[0].attrs.is_empty());
        assert_eq!(out.headings[1].id, "q\"x");
        assert!(
            out.html
                .contains("<h2 id=\"q&quot;x\">B <a class=\"heading-anchor\" href=\"#q&quot;x\""),
            "{}",
            out.html
        );
    }

    #[test]
    fn heading_attributes() {
        let out =
            r("## Rotation {#rotate .note .wide added=2024-03-04 reviewed=2025-01-10 draft}\n");
        let h = &out.headings[0];
        assert_eq!(h.id, "rotate");
        assert_eq!(h.title, "Rotation");
        assert_eq!(h.classes, ["note", "wide"]);
        assert_eq!(
            h.attrs,
            [
                ("added".to_string(), Some("2024-03-04".to_string())),
                ("reviewed".to_string(), Some("2025-01-10".to_string())),
                ("draft".to_string(), None),
            ]
        );
        assert_eq!(
            out.html,
            "<h2 id=\"rotate\" class=\"note wide\" data-added=\"2024-03-04\" data-reviewed=\"2025-01-10\" data-draft=\"\">Rotation \
             <a class=\"heading-anchor\" href=\"#rotate\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n"
        );
        // Keys that are not safe attribute names stay data but are not emitted.
        let out = r("## X {on\"x=1}\n");
        assert_eq!(
            out.headings[0].attrs,
            [("on\"x".to_string(), Some("1".to_string()))]
        );
        assert_eq!(out.html, h2("x", "X"));
    }

    #[test]
    fn link_lines_with_offset() {
        let md = "Intro\n\nSee [triage](process.md#triage) and\n![logo](img/logo.png).\n\n\
                  Ref [docs][d], <https://example.com>, <me@example.com>.\n\n\
                  ## Heading [with link](a.md)\n\n[d]: guide.md\n";
        let rec = Recorder::default();
        let out = render(md, 5, &rec);
        let got: Vec<_> = out
            .links
            .iter()
            .map(|l| (l.dest.as_str(), l.line, l.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("process.md#triage", 8, LinkKind::Link),
                ("img/logo.png", 9, LinkKind::Image),
                ("guide.md", 11, LinkKind::Link),
                ("https://example.com", 11, LinkKind::Link),
                ("me@example.com", 11, LinkKind::Link),
                ("a.md", 13, LinkKind::Link),
            ]
        );
        let calls: Vec<_> = rec
            .0
            .borrow()
            .iter()
            .map(|(d, l)| (d.clone(), *l))
            .collect();
        let expected: Vec<_> = out.links.iter().map(|l| (l.dest.clone(), l.line)).collect();
        assert_eq!(calls, expected);
        assert_eq!(out.headings[0].line, 13);
        assert_eq!(out.headings[0].title, "Heading with link");
    }

    #[test]
    fn rewrite_link_hook() {
        let md = "## FAQ\n\nSee [triage](process.md#triage) and [ref][p].\n\n## Other\n\n[p]: process.md\n";
        let out = render(md, 0, &TestHooks);
        assert_eq!(
            out.html,
            format!(
                "{}<p>See <a href=\"/docs/process/#triage\">triage</a> and <a href=\"/docs/process/\">ref</a>.</p>\n{}",
                h2("faq", "FAQ"),
                h2("other", "Other")
            )
        );
        // `links` keeps the destination as written.
        assert_eq!(out.links[0].dest, "process.md#triage");
        assert_eq!(out.links[1].dest, "process.md");
    }

    #[test]
    fn crlf_matches_lf() {
        let lf = "# Title\n\nPara one\ncontinues [x](a.md).\n\n## Sub {#s .c}\n\n- a\n- b\n\n\
                  ```rust\nfn main() {}\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<div id=\"d\">\nraw\n</div>\n\nEnd[^1]\n\n[^1]: Note\n";
        let crlf = lf.replace('\n', "\r\n");
        let a = render(lf, 3, &NoHooks);
        let b = render(&crlf, 3, &NoHooks);
        assert_eq!(a.html, b.html);
        assert_eq!(a.anchors, b.anchors);
        assert_eq!(a.links, b.links);
        assert_eq!(a.headings, b.headings);
        assert_eq!(a.summary, b.summary);
        assert_eq!(b.links[0].line, 7);
        assert_eq!(b.headings[1].line, 9);
        assert_eq!(b.anchors, ["title", "s", "d"]);
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
    fn first_h1() {
        let out = r("Intro\n\n## Sub\n\nSetext *Title*\n===\n\n# Second\n");
        assert_eq!(out.first_h1.as_deref(), Some("Setext Title"));
        assert_eq!(r("## only h2\n").first_h1, None);
    }

    #[test]
    fn summary() {
        let out = r(
            "# T\n\n[![badge](b.svg)](ci)\n\nFirst *real*\nparagraph with `code` &amp; <b>html</b>.\n\nSecond.\n",
        );
        assert_eq!(out.summary, "First real paragraph with code & html.");

        let cjk = "这是一个很长的中文段落，".repeat(40); // 480 chars, 3 bytes each
        let out = r(&format!("{cjk}\n"));
        assert_eq!(out.summary.chars().count(), SUMMARY_MAX_CHARS);
        assert!(out.summary.ends_with('…'));
        assert!(cjk.starts_with(out.summary.trim_end_matches('…')));

        let words = "word ".repeat(100);
        let out = r(&format!("{words}\n"));
        assert!(out.summary.chars().count() <= SUMMARY_MAX_CHARS);
        assert!(out.summary.ends_with("word…"), "{}", out.summary);

        let exact = "é".repeat(SUMMARY_MAX_CHARS);
        assert_eq!(r(&exact).summary, exact);
        assert_eq!(r("## Only headings\n").summary, "");
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
    }
}
