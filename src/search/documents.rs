//! Pages into documents: a page split into sections at its headings, each section's result
//! entry serialized and its distinct terms gathered ([`PageDocs`]), as the index takes them.

use super::terms::{DocTerms, Seen};
use super::text::{clear_chunks, cut_chars, find_str, html_to_text, html_to_text_into};
use super::tokenize::tokenize_with;
use super::{
    FACET_MARK, FIELD_FAQ, FIELD_HEADING, FIELD_TITLE, FLAG_FAQ, FLAG_QUESTION_HEADING, FLAG_STALE,
    Limits,
};
use crate::markdown::Heading;

/// Headings up to this level start a new document; deeper ones stay in their parent's text.
const SPLIT_LEVEL: u8 = 3;

/// What the index needs from one rendered page.
pub struct PageInput<'a> {
    pub url: &'a str,
    pub title: &'a str,
    pub html: &'a str,
    pub headings: &'a [Heading],
    /// The page is one FAQ entry (its title is the question, weighted higher): `Some(stale)`.
    /// Stale entries are marked in results as on the page.
    pub faq_page: Option<bool>,
    /// FAQ entries that are headings of this page (the heading is the question): anchor, stale.
    pub faq_headings: &'a [(&'a str, bool)],
    /// What results can be filtered by, for every section of the page (see [`Facet`]); a
    /// section that is a stale FAQ answer also gets [`STALE_FACET`].
    pub facets: &'a [Facet],
}

/// A value of a filter of search results: a page's `section` (value: its top section's path,
/// label: its title), its FAQ `category`… Indexed as a term `name:value` (a token never has a
/// colon), which every document of the page has; the index lists each facet's values with
/// their labels for the search box's controls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    pub name: String,
    pub value: String,
    pub label: String,
}

/// The facet of the documents that are stale FAQ answers (the box can hide them).
pub const STALE_FACET: (&str, &str) = ("stale", "yes");

/// One section of one page: what a search result points at. A build does not make these (it
/// goes from the page straight to [`PageDocs`]); tests and tools do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Page URL plus `#anchor` (no fragment for the part before the first heading).
    pub(crate) url: String,
    pub(crate) title: String,
    /// "" for the part before the first heading.
    pub(crate) heading: String,
    pub(crate) text: String,
    pub(crate) flags: u8,
}

/// The documents of one page as the index takes them: each one's result entry already
/// serialized, and its distinct terms. Made in parallel, page by page; the index only merges
/// them. Everything is packed in a few buffers (no allocation per document or term, a large
/// site has millions), which the index reuses from one batch of pages to the next.
pub struct PageDocs {
    stem_words: bool,
    text_chars: usize,
    /// Back to back: each page's entry, `["url","title"]`, then the entries of its documents,
    /// `"anchor","heading","text cut to Limits::text_chars",flags` (the index puts the page's
    /// place in its file before them: see the parent module's docs).
    json: String,
    /// Each document's distinct terms, one document after another.
    terms: DocTerms,
    /// Per document, where its page's entry and its own are in `json`, and where its terms
    /// end in `terms`.
    docs: Vec<DocEntry>,
    /// The facets of the pages added (each once), and whether a document is a stale answer.
    facets: Vec<Facet>,
    stale: bool,
}

#[derive(Clone, Copy)]
struct DocEntry {
    page: (u32, u32),
    entry: (u32, u32),
    terms_end: u32,
}

/// What the thread preparing a page works in, kept from one page to the next so that it stays
/// in the cache (a page's own buffers are new to it each time).
#[derive(Default)]
struct Scratch {
    /// The plain text of the section being added.
    text: String,
    /// The word being folded and stemmed.
    word: String,
    seen: Seen,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = Default::default();
}

/// A document's parts, borrowed (its URL is the page's plus the anchor, if any).
struct DocParts<'a> {
    anchor: Option<&'a str>,
    title: &'a str,
    heading: &'a str,
    text: &'a str,
    flags: u8,
    facets: &'a [Facet],
}

impl PageDocs {
    pub fn new(stem_words: bool, limits: &Limits) -> Self {
        PageDocs {
            stem_words,
            text_chars: limits.text_chars,
            json: String::new(),
            terms: DocTerms::default(),
            docs: Vec::new(),
            facets: Vec::new(),
            stale: false,
        }
    }

    /// Forgets the documents, keeping the buffers.
    pub fn clear(&mut self) {
        self.json.clear();
        self.terms.clear();
        self.docs.clear();
        self.facets.clear();
        self.stale = false;
    }

    /// Adds the documents of a page: its sections (see [`page_documents`]).
    pub fn add_page(&mut self, page: &PageInput<'_>) {
        let page_entry = self.push_page(page.url, page.title);
        self.facets.extend(page.facets.iter().cloned());
        SCRATCH.with_borrow_mut(|scratch| {
            let Scratch { text, word, seen } = scratch;
            for_each_section(page, |s| {
                html_to_text_into(s.html, text);
                if !text.is_empty() || s.keep_empty {
                    let doc = DocParts {
                        anchor: s.anchor,
                        title: page.title,
                        heading: s.heading,
                        text,
                        flags: s.flags,
                        facets: page.facets,
                    };
                    self.add(page_entry, &doc, word, seen);
                }
            });
        });
    }

    /// Adds one document, as a page of its own (its URL's `#fragment` is its anchor).
    pub(crate) fn add_document(&mut self, doc: &Document) {
        let (url, anchor) = match doc.url.split_once('#') {
            Some((url, anchor)) => (url, Some(anchor)),
            None => (doc.url.as_str(), None),
        };
        let page_entry = self.push_page(url, &doc.title);
        let doc = DocParts {
            anchor,
            title: &doc.title,
            heading: &doc.heading,
            text: &doc.text,
            flags: doc.flags,
            facets: &[],
        };
        SCRATCH.with_borrow_mut(|scratch| {
            self.add(page_entry, &doc, &mut scratch.word, &mut scratch.seen)
        });
    }

    /// Writes a page's entry, `["url","title"]`; returns where it is in `json`.
    fn push_page(&mut self, url: &str, title: &str) -> (u32, u32) {
        let json = &mut self.json;
        let start = json.len() as u32;
        json.push_str("[\"");
        push_json_str(json, url);
        json.push_str("\",\"");
        push_json_str(json, title);
        json.push_str("\"]");
        (start, json.len() as u32)
    }

    fn add(&mut self, page: (u32, u32), doc: &DocParts<'_>, word: &mut String, seen: &mut Seen) {
        // `"anchor","heading","text",flags`, as serde_json writes them.
        let json = &mut self.json;
        let start = json.len() as u32;
        json.push('"');
        push_json_str(json, doc.anchor.unwrap_or(""));
        for s in [doc.heading, cut_chars(doc.text, self.text_chars)] {
            json.push_str("\",\"");
            push_json_str(json, s);
        }
        json.push_str("\",");
        json.push_str(itoa_u8(doc.flags, &mut [0; 3]));
        let entry = (start, json.len() as u32);

        let faq = doc.flags & FLAG_FAQ != 0;
        let in_heading = doc.flags & FLAG_QUESTION_HEADING != 0;
        let question = |yes: bool| if faq && yes { FIELD_FAQ } else { 0 };
        let terms = &mut self.terms;
        terms.start_doc(seen, doc.title.len() + doc.heading.len() + doc.text.len());
        for (text, bits) in [
            (doc.title, FIELD_TITLE | question(!in_heading)),
            (doc.heading, FIELD_HEADING | question(in_heading)),
            (doc.text, 0),
        ] {
            tokenize_with(text, self.stem_words, word, &mut |t| {
                terms.add(seen, t, bits)
            });
        }
        let stale = (doc.flags & FLAG_STALE != 0).then_some(STALE_FACET);
        let facets = doc
            .facets
            .iter()
            .map(|f| (f.name.as_str(), f.value.as_str()));
        for (name, value) in facets.chain(stale) {
            word.clear();
            word.push_str(name);
            word.push(':');
            word.push_str(value);
            terms.add(seen, word, FACET_MARK);
        }
        self.stale |= stale.is_some();
        self.docs.push(DocEntry {
            page,
            entry,
            terms_end: terms.len() as u32,
        });
    }

    /// Each document's page entry and own entry (JSON) and the range of its terms (for
    /// [`PageDocs::term`]).
    pub(super) fn docs(&self) -> impl Iterator<Item = DocJson<'_>> + '_ {
        let mut terms_from = 0;
        let text = |(a, b): (u32, u32)| &self.json[a as usize..b as usize];
        self.docs.iter().map(move |d| {
            let terms = terms_from..d.terms_end as usize;
            terms_from = d.terms_end as usize;
            DocJson {
                page: text(d.page),
                entry: text(d.entry),
                terms,
            }
        })
    }

    /// The `k`-th term: (hash, term, field bits, or [`FACET_MARK`] for a facet).
    pub(super) fn term(&self, k: usize) -> (u64, &str, u8) {
        self.terms.get(k)
    }

    /// The facets of the pages added, and whether some document is a stale answer.
    pub(super) fn facets(&self) -> (&[Facet], bool) {
        (&self.facets, self.stale)
    }
}

/// One document of a [`PageDocs`], as the index takes it.
pub(super) struct DocJson<'a> {
    /// `["url","title"]`
    pub(super) page: &'a str,
    /// `"anchor","heading","text",flags`
    pub(super) entry: &'a str,
    pub(super) terms: std::ops::Range<usize>,
}

/// `v` in decimal.
fn itoa_u8(v: u8, buf: &mut [u8; 3]) -> &str {
    let mut i = buf.len();
    let mut v = v;
    loop {
        i -= 1;
        buf[i] = b'0' + v % 10;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).expect("digits")
}

/// Appends `s` escaped as in a JSON string, as serde_json escapes it (`"`, `\` and control
/// characters only), without the quotes.
fn push_json_str(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut plain = 0;
    loop {
        let i = plain + plain_json_len(&bytes[plain..]);
        out.push_str(&s[plain..i]);
        let Some(&b) = bytes.get(i) else {
            return;
        };
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0C => out.push_str("\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[usize::from(b >> 4)].into());
                out.push(HEX[usize::from(b & 0xF)].into());
            }
        }
        plain = i + 1;
    }
}

/// How many bytes `bytes` starts with that a JSON string takes as they are.
pub(super) fn plain_json_len(bytes: &[u8]) -> usize {
    let escaped = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    let i = clear_chunks(bytes, escaped);
    i + bytes[i..]
        .iter()
        .position(|&b| escaped(b))
        .unwrap_or(bytes.len() - i)
}

/// One section of a page: the part before its first level 1–3 heading, or such a heading and
/// what follows it up to the next.
struct Section<'a> {
    /// The heading's anchor (None for the part before the first heading).
    anchor: Option<&'a str>,
    /// "" for the part before the first heading.
    heading: &'a str,
    /// The HTML after the heading, up to the next one.
    html: &'a str,
    flags: u8,
    /// Whether the section is a document even without text: a heading's always is (its
    /// title is findable); the part before the first heading only when it is all there is.
    keep_empty: bool,
}

/// Calls `f` with each section of a page, in order. A heading is found in the HTML by its
/// opening tag and id (after the previous one); one that is not where expected stays in the
/// text of the section before.
fn for_each_section<'a>(page: &PageInput<'a>, mut f: impl FnMut(Section<'a>)) {
    let page_flags = match page.faq_page {
        Some(true) => FLAG_FAQ | FLAG_STALE,
        Some(false) => FLAG_FAQ,
        None => 0,
    };
    let html = page.html;
    let section = |h: Option<&'a Heading>, html: &'a str, keep_empty: bool| Section {
        anchor: h.map(|h| h.id.as_str()),
        heading: h.map_or("", |h| h.title.as_str()),
        html,
        flags: match h.map(|h| page.faq_headings.iter().find(|(a, _)| *a == h.id)) {
            None | Some(None) => page_flags,
            Some(Some((_, true))) => FLAG_FAQ | FLAG_QUESTION_HEADING | FLAG_STALE,
            Some(Some((_, false))) => FLAG_FAQ | FLAG_QUESTION_HEADING,
        },
        keep_empty,
    };
    // The heading of the section being read (None before the first) and where its text starts.
    let mut current: (Option<&'a Heading>, usize) = (None, 0);
    for h in page.headings.iter().filter(|h| h.level <= SPLIT_LEVEL) {
        let Some((start, end)) = find_heading(html, current.1, h) else {
            continue;
        };
        f(section(
            current.0,
            &html[current.1..start],
            current.0.is_some(),
        ));
        current = (Some(h), end);
    }
    f(section(current.0, &html[current.1..], true));
}

/// Where the heading `h` is in `html` from `from` on: the start of its `<hN id="…"` tag and
/// the end of its `</hN>`, or None.
fn find_heading(html: &str, from: usize, h: &Heading) -> Option<(usize, usize)> {
    let (open, close) = match h.level {
        1 => ("<h1 id=\"", "</h1>"),
        2 => ("<h2 id=\"", "</h2>"),
        3 => ("<h3 id=\"", "</h3>"),
        _ => return None,
    };
    let mut at = from;
    let start = loop {
        let i = at + find_str(&html[at..], open)?;
        if starts_with_escaped(&html[i + open.len()..], &h.id) {
            break i;
        }
        at = i + 1;
    };
    let end = find_str(&html[start..], close).map_or(html.len(), |i| start + i + close.len());
    Some((start, end))
}

/// Whether `hay` starts with `s` as [`crate::html::escape`] writes it.
fn starts_with_escaped(hay: &str, s: &str) -> bool {
    let mut hay = hay;
    let mut rest = s;
    while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
        let escaped = match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        let Some(after) = hay
            .strip_prefix(&rest[..i])
            .and_then(|h| h.strip_prefix(escaped))
        else {
            return false;
        };
        hay = after;
        rest = &rest[i + 1..];
    }
    hay.starts_with(rest)
}

/// Splits a page into documents at its level 1–3 headings. The part before the first heading
/// is a document too when it has text (or when it is all there is, so the title is findable).
pub fn page_documents(page: &PageInput<'_>) -> Vec<Document> {
    let mut docs = Vec::new();
    for_each_section(page, |s| {
        let text = html_to_text(s.html);
        if !text.is_empty() || s.keep_empty {
            docs.push(Document {
                url: match s.anchor {
                    Some(anchor) => format!("{}#{anchor}", page.url),
                    None => page.url.to_string(),
                },
                title: page.title.to_string(),
                heading: s.heading.to_string(),
                text,
                flags: s.flags,
            });
        }
    });
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, id: &str, title: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            title: title.into(),
            line: 1,
            attrs: Vec::new(),
            classes: Vec::new(),
            html_start: 0,
            html_end: 0,
        }
    }

    #[test]
    fn pages_split_at_headings() {
        let html = "<p>Intro text.</p>\n<h2 id=\"weekly-rotation\">The weekly rotation <a class=\"heading-anchor\" href=\"#weekly-rotation\">#</a></h2>\n<p>Every week.</p>\n<h4 id=\"deep\">Deep</h4><p>more</p><h3 id=\"b\">B</h3><p>bee</p>";
        let headings = [
            heading(2, "weekly-rotation", "The weekly rotation"),
            heading(4, "deep", "Deep"),
            heading(3, "b", "B"),
        ];
        let docs = page_documents(&PageInput {
            url: "/support/process/",
            title: "The support process",
            html,
            headings: &headings,
            faq_page: None,
            faq_headings: &[("b", true)],
            facets: &[],
        });
        let got: Vec<(&str, &str, &str)> = docs
            .iter()
            .map(|d| (d.url.as_str(), d.heading.as_str(), d.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("/support/process/", "", "Intro text."),
                (
                    "/support/process/#weekly-rotation",
                    "The weekly rotation",
                    "Every week. Deep more"
                ),
                ("/support/process/#b", "B", "bee"),
            ]
        );
        let flags: Vec<u8> = docs.iter().map(|d| d.flags).collect();
        assert_eq!(flags, [0, 0, FLAG_FAQ | FLAG_QUESTION_HEADING | FLAG_STALE]);
    }

    #[test]
    fn empty_sections_under_a_heading_are_documents() {
        let html = "<h2 id=\"a\">A</h2>\n<h2 id=\"b\">B</h2><p>bee</p>";
        let headings = [heading(2, "a", "A"), heading(2, "b", "B")];
        let input = PageInput {
            url: "/p/",
            title: "P",
            html,
            headings: &headings,
            faq_page: None,
            faq_headings: &[],
            facets: &[],
        };
        let urls: Vec<String> = page_documents(&input).into_iter().map(|d| d.url).collect();
        assert_eq!(urls, ["/p/#a", "/p/#b"]);
        let mut docs = PageDocs::new(false, &Limits::default());
        docs.add_page(&input);
        let entries: Vec<(&str, &str)> = docs.docs().map(|d| (d.page, d.entry)).collect();
        assert_eq!(
            entries,
            [
                (r#"["/p/","P"]"#, r#""a","A","",0"#),
                (r#"["/p/","P"]"#, r#""b","B","bee",0"#)
            ]
        );
    }

    #[test]
    fn json_strings_are_escaped_as_serde_json_does() {
        let mut all: String = (0..0x80u8).map(char::from).collect();
        all.push_str("é支持\u{2028}\u{FFFF}\u{10FFFF}\"\\");
        for s in [
            all.as_str(),
            "",
            "plain text longer than sixteen bytes",
            "\"",
            "a\u{7}b",
        ] {
            let mut out = String::from("\"");
            push_json_str(&mut out, s);
            out.push('"');
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn headings_are_found_by_their_escaped_ids() {
        for id in ["plain", "a&b", "<x>", "q\"uote", "it's", ""] {
            let escaped = crate::html::escape(id);
            assert!(starts_with_escaped(&format!("{escaped}\" x"), id), "{id}");
            assert!(
                !starts_with_escaped(&escaped[..escaped.len().saturating_sub(1)], id)
                    || id.is_empty()
            );
        }
        assert_eq!(
            find_str("<p><h2 id=\"x\"><h2 id=\"y\">", "<h2 id=\"y"),
            Some(14)
        );
        assert_eq!(find_str(&"<p>".repeat(20), "<h2"), None);
    }
}
