//! The streaming pass over pulldown-cmark events: links rewritten and recorded, each heading
//! buffered and rewritten (its id, attributes and anchor link from `headings.rs`), raw HTML
//! scanned for anchors, the summary collected, and byte offsets turned into file lines.

use std::cell::Cell;
use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, OffsetIter, Parser, Tag, TagEnd};

use crate::diagnostics::Diagnostic;

use super::headings::{Attributes, HeadingIds, anchor_markup, html_attrs};
use super::html_anchors::scan_html_anchors;
use super::{Heading, Hooks, Link, LinkKind, Rendered, SUMMARY_MAX_CHARS, options};

#[derive(Clone, Copy, PartialEq, Eq)]
enum SummaryState {
    Waiting,
    Collecting,
    Done,
}

/// Adapter between the parser and the HTML writer. Rewrites links, replaces
/// headings, and collects page data as events stream through.
pub(super) struct Pass<'a, 'h> {
    iter: OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>,
    hooks: &'h dyn Hooks,
    lines: LineIndex,
    /// Events ready to hand to the writer (only non-empty after a heading).
    pending: VecDeque<Event<'a>>,
    /// The heading ids handed out so far.
    ids: HeadingIds,
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
    /// How many bytes of HTML the writer has written so far.
    written: &'h Cell<usize>,
    /// The heading whose end tag was just handed to the writer: its end is known at the next
    /// call, once the writer has written it.
    end_due: Option<usize>,
    /// What the pass found wrong (a fence's unknown language), at file lines.
    problems: Vec<Diagnostic>,
}

impl<'a, 'h> Pass<'a, 'h> {
    pub(super) fn new(
        body: &'a str,
        line_offset: usize,
        hooks: &'h dyn Hooks,
        written: &'h Cell<usize>,
    ) -> Self {
        Pass {
            iter: Parser::new_ext(body, options()).into_offset_iter(),
            hooks,
            lines: LineIndex::new(body, line_offset),
            pending: VecDeque::new(),
            ids: HeadingIds::default(),
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
            written,
            end_due: None,
            problems: Vec::new(),
        }
    }

    pub(super) fn finish(mut self, mut html: String) -> Rendered {
        self.settle_heading_end();
        for h in &mut self.headings {
            // The writer starts a heading on a new line: `\n<hN` unless it is already on one.
            if html.as_bytes().get(h.html_start) == Some(&b'\n') {
                h.html_start += 1;
            }
        }
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
            problems: self.problems,
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
        let (inner, title, mut inline_anchors) = self.heading_content();
        let Attributes {
            explicit_id,
            classes,
            data,
        } = Attributes::new(explicit_id, classes, attrs);
        let id = self.ids.assign(explicit_id, &title);

        let level_num = level as u8;
        let is_first_h1 = level_num == 1 && self.first_h1.is_none();
        if is_first_h1 {
            self.first_h1 = Some(title.clone());
        }
        self.anchors.push(id.clone());
        self.anchors.append(&mut inline_anchors);
        if is_first_h1 && self.hooks.take_title_heading(&title) {
            // The template shows the title: the heading is left out, and an empty element
            // keeps its id, so that links to it still land at the top of the page.
            let mut html = String::with_capacity(16 + id.len());
            html.push_str("<a id=\"");
            crate::html::escape_into(&mut html, &id);
            html.push_str("\"></a>\n");
            self.pending.push_back(Event::Html(CowStr::from(html)));
            return;
        }

        self.pending.push_back(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(id.clone())),
            classes: classes.iter().map(|c| CowStr::from(c.clone())).collect(),
            attrs: html_attrs(&data),
        }));
        self.pending.extend(inner);
        self.pending
            .push_back(Event::InlineHtml(CowStr::from(anchor_markup(&id))));
        self.pending.push_back(Event::End(TagEnd::Heading(level)));

        let heading = Heading {
            level: level_num,
            id,
            title,
            line,
            attrs: data,
            classes,
            html_start: 0,
            html_end: 0,
        };
        self.headings.push(heading);
    }

    /// The blocks written here rather than by pulldown-cmark (`blocks.rs`): fenced code, math,
    /// GitHub alerts. `Err` gives back any other event.
    fn block(&mut self, event: Event<'a>, range: &Range<usize>) -> Result<Event<'a>, Event<'a>> {
        let line = || self.lines.line(range.start);
        let (html, problem) = match &event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if crate::highlight::wants(info) && self.hooks.highlight() =>
            {
                let line = line();
                super::blocks::fenced_code(&mut self.iter, info, line)
            }
            Event::InlineMath(tex) => {
                let line = line();
                self.summary_push(tex);
                super::blocks::math(tex, false, line)
            }
            Event::DisplayMath(tex) => super::blocks::math(tex, true, line()),
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                (super::blocks::alert_start(*kind, self.hooks), None)
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => ("</div>\n".to_string(), None),
            _ => return Err(event),
        };
        self.problems.extend(problem);
        Ok(match event {
            Event::InlineMath(_) | Event::DisplayMath(_) => Event::InlineHtml(CowStr::from(html)),
            _ => Event::Html(CowStr::from(html)),
        })
    }

    /// Notes where the heading being handed to the writer lands in the HTML.
    fn place(&mut self, event: Event<'a>) -> Event<'a> {
        let last = self.headings.len().wrapping_sub(1);
        match event {
            Event::Start(Tag::Heading { .. }) => {
                self.headings[last].html_start = self.written.get()
            }
            Event::End(TagEnd::Heading(_)) => self.end_due = Some(last),
            _ => {}
        }
        event
    }

    /// Once the writer has written a heading's end tag (`</hN>\n`): where it ends.
    fn settle_heading_end(&mut self) {
        if let Some(h) = self.end_due.take() {
            self.headings[h].html_end = self.written.get() - 1;
        }
    }

    /// Reads a heading's events up to its end: the events (links rewritten), its plain-text
    /// title (trimmed), and the anchors of raw HTML inside it.
    fn heading_content(&mut self) -> (Vec<Event<'a>>, String, Vec<String>) {
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
        (inner, title.trim().to_string(), inline_anchors)
    }
}

impl<'a> Iterator for Pass<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        self.settle_heading_end();
        if let Some(event) = self.pending.pop_front() {
            return Some(self.place(event));
        }
        let (event, range) = self.iter.next()?;
        let event = match self.block(event, &range) {
            Ok(done) => return Some(done),
            Err(event) => event,
        };
        let event = match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                self.heading(level, id, classes, attrs, range);
                return self.pending.pop_front().map(|e| self.place(e));
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

#[cfg(test)]
mod tests {
    use super::super::tests::{h2, r};
    use super::super::{NoHooks, render};
    use super::*;

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
}
