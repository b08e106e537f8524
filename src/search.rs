//! Offline search: splits every rendered page into sections at its headings, tokenizes them per
//! script, and writes one index per language as static JSON files that the default theme's
//! `search.js` loads on first use. No server, no CDN, no per-language build flags. The index
//! itself is built, streamed and sharded in [`index`].
//!
//! # Tokens (mirrored in `themes/default/static/search.js`; change both together)
//!
//! - **CJK and other scripts written without spaces** (Han, Hiragana, Katakana, Thai, Lao,
//!   Khmer, Myanmar): every pair of neighbouring characters of a run is a token (`获取支持` →
//!   `获取 取支 支持`), and the run's last character is also a token on its own, so that every
//!   character starts some token. A query of two or more such characters requires all of its
//!   bigrams; a one-character query matches every token that starts with it.
//! - **Everything else**: words, i.e. runs of alphanumeric characters. A word is folded
//!   (Unicode NFD, combining diacritics U+0300–U+036F dropped, lowercased: `Résumé` → `resume`)
//!   and, for English sites, stemmed by [`stem`].
//!
//! # Common terms
//!
//! Words that are everywhere cost the most and tell a reader the least, so the index does not
//! list every section they are in:
//! - **Stop words** ([`STOP_WORDS`], English sites only) are not indexed at all.
//! - A term in more than [`Limits::max_postings`] documents is **common**: it keeps the
//!   documents that have it in their page title, heading or FAQ question (the `max_postings`
//!   of them that `search.js` ranks highest), and only the first [`Limits::common_body`] of the
//!   others in site order. Results rank title, question and heading matches first and then go
//!   by site order, so a query of that word alone shows the same results as with every
//!   posting kept.
//!
//! Both are listed in the index's `common`; a query does not require them to match (`the
//! rotation` finds what `rotation` finds), they only rank the documents they do list higher.
//! A query of common terms only wants any of them, documents with more of them first.
//!
//! # Files
//!
//! `search/<lang>.json` always exists:
//! `{"version":2,"lang":"en","stem":"en"|null,"count":D,"docs":[…]|null,"chunks":[…],
//!   "terms":{…}|null,"starts":[…],"common":[…]}`.
//! - A document is `[url, page title, heading, text, flags]` (flags: 1 = FAQ entry, 2 = stale
//!   FAQ entry, 4 = the entry's question is the heading); `url` carries the heading's
//!   `#anchor`, `heading` is "" for the part of a page before its first heading. `text` is cut
//!   at [`Limits::text_chars`] characters.
//! - `terms` maps a token to its postings: `doc id × 8 + field bits` (1 = in the page title,
//!   2 = in the heading, 4 = in an FAQ question), sorted, stored as differences from the
//!   previous value so that the numbers stay short.
//! - `common` lists the common terms and stop words (see above), sorted.
//!
//! A small index carries `docs` and `terms` inline (`starts` is then empty). A large one (over
//! [`Limits::inline_bytes`]) leaves them out: documents go to `search/<lang>/d<k>.json` (a JSON
//! array; `chunks[k]` is the id of its first document) and terms to `search/<lang>/t<k>.json`
//! (a JSON object). Term shards are consecutive ranges of the terms in UTF-16 order (the order
//! of JavaScript's `<` and `sort()`), `starts[k]` being the first term of shard `k`: a term is
//! in the last shard that starts at or before it, and the terms a prefix query can match are in
//! that shard and the following ones that start with the prefix. Shards are cut evenly: a
//! language's terms are split into the fewest shards of at most [`Limits::shard_bytes`] each,
//! all about the same size.

use crate::markdown::Heading;
use std::hash::BuildHasher;
use unicode_normalization::UnicodeNormalization;

mod index;
pub use index::{LanguageInput, build_index, build_language};

/// Bumped when the file format changes; `search.js` refuses other versions.
pub const FORMAT_VERSION: u32 = 2;

/// Output folder of the index files, under the site root.
pub const DIR: &str = "search";

/// The language whose index an output path belongs to (`search/<lang>.json` and everything
/// under `search/<lang>/`), or None for any other file.
pub fn index_language(path: &str) -> Option<&str> {
    let rest = path.strip_prefix(DIR)?.strip_prefix('/')?;
    match rest.split_once('/') {
        Some((lang, _)) => Some(lang),
        None => rest.strip_suffix(".json"),
    }
}

/// Document flags.
pub const FLAG_FAQ: u8 = 1;
pub const FLAG_STALE: u8 = 2;
/// The question of this FAQ entry is the document's heading, not the page title.
pub const FLAG_QUESTION_HEADING: u8 = 4;

/// Posting field bits.
const FIELD_TITLE: u8 = 1;
const FIELD_HEADING: u8 = 2;
const FIELD_FAQ: u8 = 4;

/// Headings up to this level start a new document; deeper ones stay in their parent's text.
const SPLIT_LEVEL: u8 = 3;

/// English words that are not indexed (Lucene's English stop set without "no" and "not",
/// which change what a support question means). They are stemmed like any word before use.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this",
    "to", "was", "will", "with",
];

/// The stop words of a language as index tokens (none but for English).
pub fn stop_tokens(lang: &str) -> Vec<String> {
    if !stems(lang) {
        return Vec::new();
    }
    STOP_WORDS.iter().map(|w| stem(w)).collect()
}

/// Size limits of the index files. The defaults keep the example site in one file and a large
/// site in shards of at most 256 KB.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Text kept per document for snippets, in characters: twice the 160 a result shows
    /// (`snippet` in search.js), so a match in the first half of the section is shown in its
    /// context. The texts are most of a large site's index.
    pub text_chars: usize,
    /// Above this many bytes (uncompressed), the index is split into shards.
    pub inline_bytes: usize,
    /// Most bytes of one term shard (a single term larger than that gets a shard of its own).
    pub shard_bytes: usize,
    /// Target size of one document chunk, in bytes.
    pub chunk_bytes: usize,
    /// Above this many documents a term is common (see the module docs). At most ~7 bytes
    /// per posting, so one term's list stays under 40 KB, a small part of a shard.
    pub max_postings: usize,
    /// Body-text postings a common term keeps (see the module docs).
    pub common_body: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            text_chars: 320,
            inline_bytes: 512 * 1024,
            shard_bytes: 256 * 1024,
            chunk_bytes: 64 * 1024,
            max_postings: 5000,
            common_body: 200,
        }
    }
}

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
}

/// One section of one page: what a search result points at. A build does not make these (it
/// goes from the page straight to [`PageDocs`]); tests and tools do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Page URL plus `#anchor` (no fragment for the part before the first heading).
    pub url: String,
    pub title: String,
    /// "" for the part before the first heading.
    pub heading: String,
    pub text: String,
    pub flags: u8,
}

/// The documents of one page as the index takes them: each one's result entry already
/// serialized, and its distinct terms. Made in parallel, page by page; the index only merges
/// them. Everything is packed in a few buffers (no allocation per document or term, a large
/// site has millions), which the index reuses from one batch of pages to the next.
pub struct PageDocs {
    stem_words: bool,
    text_chars: usize,
    /// The entries, `[url, title, heading, text cut to Limits::text_chars, flags]` as JSON,
    /// back to back.
    json: String,
    /// Each document's distinct terms, one document after another.
    terms: DocTerms,
    /// Per document, where its entry ends in `json` and its terms end in `terms`.
    docs: Vec<(u32, u32)>,
}

/// Terms of documents, packed: joined in one string, each with its hash (for the index's
/// table), where it ends, and the fields it appears in (title, heading, FAQ question; 0 for
/// body text only).
#[derive(Default)]
struct DocTerms {
    joined: String,
    /// (hash, end in `joined`, field bits); a term starts where the previous one ends.
    entries: Vec<(u64, u32, u8)>,
    /// The first entry of the document being added.
    doc_start: usize,
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

/// The terms of the document being added, told apart by a small open-addressing table over
/// `DocTerms::entries`: most of a section's terms are new to it, so inserting must be cheap.
/// The table is sized for each document, so that a small one probes a few kilobytes even
/// after a large one.
#[derive(Default)]
struct Seen {
    /// (generation, index in `entries`); a slot is empty unless its generation is the
    /// current one, so that a new document starts with an empty table without clearing it.
    slots: Vec<(u32, u32)>,
    generation: u32,
    /// The slots in use are `slots[..=mask]`.
    mask: usize,
}

impl Seen {
    /// Empties the table and makes it `size` slots (a power of two).
    fn reset(&mut self, size: usize) {
        if self.slots.len() < size {
            self.slots.resize(size, (0, 0));
        }
        self.mask = size - 1;
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.slots.fill((0, 0));
            self.generation = 1;
        }
    }
}

impl DocTerms {
    fn clear(&mut self) {
        self.joined.clear();
        self.entries.clear();
        self.doc_start = 0;
    }

    /// Starts the terms of a new document of about `bytes` bytes of text.
    fn start_doc(&mut self, seen: &mut Seen, bytes: usize) {
        self.doc_start = self.entries.len();
        // A token per 3 bytes at most in CJK text, fewer in words; at most half full.
        seen.reset(bytes.next_power_of_two().max(64));
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    /// The `k`-th term: (hash, term, field bits).
    fn get(&self, k: usize) -> (u64, &str, u8) {
        let (hash, end, bits) = self.entries[k];
        let start = match k {
            0 => 0,
            _ => self.entries[k - 1].1 as usize,
        };
        (hash, &self.joined[start..end as usize], bits)
    }

    /// Adds a term of the current document, or the field bits to it if it has it already.
    fn add(&mut self, seen: &mut Seen, t: &str, bits: u8) {
        // At most half full, so that probes stay short.
        if (self.entries.len() - self.doc_start + 1) * 2 > seen.mask + 1 {
            self.grow(seen);
        }
        let hash = term_hash(t);
        let mut s = hash as usize & seen.mask;
        loop {
            let (generation, i) = seen.slots[s];
            if generation != seen.generation {
                self.joined.push_str(t);
                self.entries.push((hash, self.joined.len() as u32, bits));
                seen.slots[s] = (seen.generation, self.entries.len() as u32 - 1);
                return;
            }
            let i = i as usize;
            if self.entries[i].0 == hash && self.get(i).1 == t {
                self.entries[i].2 |= bits;
                return;
            }
            s = (s + 1) & seen.mask;
        }
    }

    /// Doubles the table, putting the current document's terms back in.
    fn grow(&self, seen: &mut Seen) {
        seen.reset((seen.mask + 1) * 2);
        for (i, &(hash, ..)) in self.entries.iter().enumerate().skip(self.doc_start) {
            let mut s = hash as usize & seen.mask;
            while seen.slots[s].0 == seen.generation {
                s = (s + 1) & seen.mask;
            }
            seen.slots[s] = (seen.generation, i as u32);
        }
    }
}

/// A document's parts, borrowed (its URL is the page's plus the anchor, if any).
struct DocParts<'a> {
    url: &'a str,
    anchor: Option<&'a str>,
    title: &'a str,
    heading: &'a str,
    text: &'a str,
    flags: u8,
}

impl PageDocs {
    pub fn new(stem_words: bool, limits: &Limits) -> Self {
        PageDocs {
            stem_words,
            text_chars: limits.text_chars,
            json: String::new(),
            terms: DocTerms::default(),
            docs: Vec::new(),
        }
    }

    /// Forgets the documents, keeping the buffers.
    pub fn clear(&mut self) {
        self.json.clear();
        self.terms.clear();
        self.docs.clear();
    }

    /// Adds the documents of a page: its sections (see [`page_documents`]).
    pub fn add_page(&mut self, page: &PageInput<'_>) {
        SCRATCH.with_borrow_mut(|scratch| {
            let Scratch { text, word, seen } = scratch;
            for_each_section(page, |s| {
                html_to_text_into(s.html, text);
                if !text.is_empty() || s.keep_empty {
                    let doc = DocParts {
                        url: page.url,
                        anchor: s.anchor,
                        title: page.title,
                        heading: s.heading,
                        text,
                        flags: s.flags,
                    };
                    self.add(&doc, word, seen);
                }
            });
        });
    }

    /// Adds one document.
    pub fn add_document(&mut self, doc: &Document) {
        let doc = DocParts {
            url: &doc.url,
            anchor: None,
            title: &doc.title,
            heading: &doc.heading,
            text: &doc.text,
            flags: doc.flags,
        };
        SCRATCH.with_borrow_mut(|scratch| self.add(&doc, &mut scratch.word, &mut scratch.seen));
    }

    fn add(&mut self, doc: &DocParts<'_>, word: &mut String, seen: &mut Seen) {
        // `serde_json::to_string(&(url, title, heading, text, flags))`, piece by piece.
        let json = &mut self.json;
        json.push_str("[\"");
        push_json_str(json, doc.url);
        if let Some(anchor) = doc.anchor {
            json.push('#');
            push_json_str(json, anchor);
        }
        for s in [doc.title, doc.heading, cut_chars(doc.text, self.text_chars)] {
            json.push_str("\",\"");
            push_json_str(json, s);
        }
        json.push_str("\",");
        json.push_str(itoa_u8(doc.flags, &mut [0; 3]));
        json.push(']');

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
        self.docs.push((self.json.len() as u32, terms.len() as u32));
    }

    /// Each document's entry (JSON) and the range of its terms (for [`PageDocs::term`]).
    fn docs(&self) -> impl Iterator<Item = (&str, std::ops::Range<usize>)> + '_ {
        let mut from = (0, 0);
        self.docs.iter().map(move |&(json_end, terms_end)| {
            let (json_end, terms_end) = (json_end as usize, terms_end as usize);
            let doc = (&self.json[from.0..json_end], from.1..terms_end);
            from = (json_end, terms_end);
            doc
        })
    }

    /// The `k`-th term: (hash, term, field bits).
    fn term(&self, k: usize) -> (u64, &str, u8) {
        self.terms.get(k)
    }
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
fn plain_json_len(bytes: &[u8]) -> usize {
    let escaped = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    let i = clear_chunks(bytes, escaped);
    i + bytes[i..]
        .iter()
        .position(|&b| escaped(b))
        .unwrap_or(bytes.len() - i)
}

/// How many bytes `bytes` starts with in whole 16-byte chunks without a byte for which `stop`
/// holds. The compiler vectorizes the loop: for scans that usually go far, like searching a
/// page for a tag or a text for a character to escape.
#[inline(always)]
fn clear_chunks(bytes: &[u8], stop: impl Fn(u8) -> bool) -> usize {
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 16) {
        let chunk: &[u8; 16] = chunk.try_into().expect("16 bytes");
        if chunk.iter().fold(false, |any, &b| any | stop(b)) {
            break;
        }
        i += 16;
    }
    i
}

/// The first `n` characters of `s`.
fn cut_chars(s: &str, n: usize) -> &str {
    if s.len() <= n {
        return s;
    }
    // Not a UTF-8 continuation byte (10xxxxxx): a character starts here.
    let starts = |b: &u8| (*b as i8) >= -0x40;
    let bytes = s.as_bytes();
    // Whole chunks of 16 bytes (counted without a branch per byte) while they fit.
    let (mut i, mut chars) = (0, 0);
    while let Some(chunk) = bytes.get(i..i + 16) {
        let chunk: &[u8; 16] = chunk.try_into().expect("16 bytes");
        let k = chunk.iter().filter(|b| starts(b)).count();
        if chars + k > n {
            break;
        }
        chars += k;
        i += 16;
    }
    for (j, b) in bytes[i..].iter().enumerate() {
        if starts(b) {
            if chars == n {
                return &s[..i + j];
            }
            chars += 1;
        }
    }
    s
}

/// The hasher of term tables, here and in the index (a term is hashed once, where the page is
/// tokenized).
fn term_hash(t: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(t)
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

/// `hay.find(needle)` for the short needles of this module, which start with an ASCII
/// character: cheaper than a general string search where that character is frequent (`<` in
/// HTML).
fn find_str(hay: &str, needle: &str) -> Option<usize> {
    let (bytes, first) = (hay.as_bytes(), needle.as_bytes()[0]);
    debug_assert!(first.is_ascii());
    let mut at = 0;
    loop {
        let rest = &bytes[at..];
        let clear = clear_chunks(rest, |b| b == first);
        let i = at + clear + rest[clear..].iter().position(|&b| b == first)?;
        if bytes[i..].starts_with(needle.as_bytes()) {
            return Some(i);
        }
        at = i + 1;
    }
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

/// Plain text of rendered HTML: tags dropped (block tags become spaces, inline tags nothing,
/// so `获取<strong>支持</strong>` stays one run), entities decoded, whitespace collapsed, the
/// `#` of heading anchors and the contents of `<script>`/`<style>` left out.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    html_to_text_into(html, &mut out);
    out
}

/// [`html_to_text`] into `out`, replacing what it held.
fn html_to_text_into(html: &str, out: &mut String) {
    out.clear();
    let mut rest = html;
    loop {
        let lt = push_text(rest, out);
        let Some(tag_and_after) = rest.get(lt..).filter(|t| !t.is_empty()) else {
            break;
        };
        let end = tag_and_after
            .bytes()
            .position(|b| b == b'>')
            .map_or(tag_and_after.len(), |e| e + 1);
        let tag = &tag_and_after[..end];
        rest = &tag_and_after[end..];
        let name_end = tag[1..]
            .bytes()
            .position(|b| !(b.is_ascii_alphanumeric() || b == b'/'))
            .map_or(tag.len(), |p| p + 1);
        let name = &tag[1..name_end];
        let skip_to = if name.eq_ignore_ascii_case("a") {
            find_str(tag, "class=\"heading-anchor\"").map(|_| "</a>")
        } else if name.eq_ignore_ascii_case("script") {
            Some("</script>")
        } else if name.eq_ignore_ascii_case("style") {
            Some("</style>")
        } else {
            None
        };
        if let Some(close) = skip_to {
            rest = find_str(rest, close).map_or("", |i| &rest[i + close.len()..]);
        }
        if !is_inline_tag(name.trim_start_matches('/')) && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
}

/// Tags that do not separate words (`获取<strong>支持</strong>` is one run), in any case.
fn is_inline_tag(name: &str) -> bool {
    let mut lower = [0u8; 6]; // The longest is "strong".
    if name.len() > lower.len() {
        return false;
    }
    let lower = &mut lower[..name.len()];
    lower.copy_from_slice(name.as_bytes());
    lower.make_ascii_lowercase();
    matches!(
        &*lower,
        b"a" | b"abbr"
            | b"b"
            | b"bdi"
            | b"cite"
            | b"code"
            | b"del"
            | b"dfn"
            | b"em"
            | b"i"
            | b"ins"
            | b"kbd"
            | b"mark"
            | b"q"
            | b"s"
            | b"samp"
            | b"small"
            | b"span"
            | b"strong"
            | b"sub"
            | b"sup"
            | b"u"
            | b"var"
    )
}

/// Appends the HTML text of `s` up to its first tag (`<`) with entities decoded and whitespace
/// collapsed; returns where the tag starts (`s.len()` when there is none). Runs of plain text
/// are copied whole, single spaces between words included; only other whitespace, `&` and the
/// characters that may be Unicode whitespace are looked at one by one.
fn push_text(s: &str, out: &mut String) -> usize {
    let space = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    let bytes = s.as_bytes();
    let mut plain = 0; // Start of the bytes not copied yet.
    let mut i = 0;
    while i < bytes.len() {
        // 16 bytes at a time while there is nothing to look at: no tag, entity, or whitespace
        // but single spaces after characters copied as they are.
        if i > plain && i + 16 <= bytes.len() {
            let before: &[u8; 16] = bytes[i - 1..i + 15].try_into().expect("16 bytes");
            let chunk: &[u8; 16] = bytes[i..i + 16].try_into().expect("16 bytes");
            let stop = chunk.iter().zip(before).fold(false, |any, (&b, &before)| {
                any | (b.wrapping_sub(b'\t') <= b'\r' - b'\t')
                    | (b == b'&')
                    | (b == b'<')
                    | (b == 0xC2)
                    | (b.wrapping_sub(0xE1) <= 2)
                    | ((b == b' ') & (before == b' '))
            });
            if !stop {
                i += 16;
                continue;
            }
        }
        let b = bytes[i];
        match b {
            b'<' => break,
            // A space after a character copied as it is: kept as it is, collapsing nothing.
            b' ' if i > plain && bytes[i - 1] != b' ' => i += 1,
            // `char::is_whitespace` in ASCII: space, \t, \n, \x0B, \x0C, \r.
            b' ' | b'\t'..=b'\r' => {
                out.push_str(&s[plain..i]);
                space(out);
                i += 1;
                plain = i;
            }
            b'&' => {
                out.push_str(&s[plain..i]);
                i += 1;
                // An entity ends before the next tag.
                let after = &s[i..];
                let entity = match after.bytes().take(12).position(|b| b == b'<') {
                    Some(lt) => &after[..lt],
                    None => after,
                };
                match decode_entity(entity) {
                    Some((c, len)) => {
                        i += len;
                        if c.is_whitespace() {
                            space(out);
                        } else {
                            out.push(c);
                        }
                    }
                    None => out.push('&'),
                }
                plain = i;
            }
            // The lead bytes of every non-ASCII whitespace character (U+0085, U+00A0, U+1680,
            // U+2000–U+205F, U+3000).
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                let c = s[i..].chars().next().expect("a character starts here");
                if c.is_whitespace() {
                    out.push_str(&s[plain..i]);
                    space(out);
                    plain = i + c.len_utf8();
                }
                i += c.len_utf8();
            }
            _ => i += 1,
        }
    }
    out.push_str(&s[plain..i]);
    i
}

/// `amp;…` → ('&', 4). Only what Markdown output contains: the named five, `nbsp`, numbers.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    // By bytes: the twelfth byte may fall inside a character (`&amp;支持`).
    let semi = s.bytes().take(12).position(|b| b == b';')?;
    let name = &s[..semi];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, semi + 1))
}

/// Scripts written without spaces between words: indexed as character bigrams.
pub fn is_cjk(c: char) -> bool {
    (c as u32) >= 0x0E00
        && matches!(c as u32,
            0x0E00..=0x0EFF     // Thai, Lao
            | 0x1000..=0x109F   // Myanmar
            | 0x1780..=0x17FF   // Khmer
            | 0x3040..=0x30FF   // Hiragana, Katakana
            | 0x31F0..=0x31FF   // Katakana phonetic extensions
            | 0x3400..=0x4DBF   // CJK Extension A
            | 0x4E00..=0x9FFF   // CJK Unified Ideographs
            | 0xF900..=0xFAFF   // CJK Compatibility Ideographs
            | 0xFF66..=0xFF9F   // Halfwidth Katakana
            | 0x20000..=0x3FFFF // CJK Extensions B–H
        )
}

fn is_word_char(c: char) -> bool {
    // The punctuation of Chinese and Japanese text is frequent and in a few blocks: told
    // apart by a bitmap of their letters and digits rather than Unicode's tables.
    match c as u32 {
        0..0x80 => c.is_ascii_alphanumeric(),
        // General punctuation: no letters or digits.
        0x2000..0x2070 => false,
        // CJK symbols and punctuation: 々 〆 〇 〡–〩 〱–〵 〸–〼.
        k @ 0x3000..0x3040 => (0x1f3e_03fe_0000_00e0_u64 >> (k - 0x3000)) & 1 != 0,
        // Full-width forms: digits and Latin letters.
        k @ 0xFF00..0xFF40 => (0x07ff_fffe_03ff_0000_u64 >> (k - 0xFF00)) & 1 != 0,
        _ => c.is_alphanumeric() && !is_cjk(c),
    }
}

/// Lowercase, without combining diacritics: `Résumé` → `resume`.
pub fn fold(word: &str) -> String {
    let stripped: String = word
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect();
    stripped.to_lowercase()
}

/// A light English stemmer, the same in `search.js`. Only for words of ASCII letters:
/// 1. plurals: `-ies` → `-y` (longer than 4), `-sses` → `-ss`, else a final `-s` is dropped
///    (longer than 3, not after `s`, `u` or `i`);
/// 2. then `-ing` (leaving at least 3 letters), else `-ed` (at least 3), else `-ion` (at least
///    4) is dropped; when none was, a final `-e` is dropped (longer than 3).
///
/// `rotations`, `rotation`, `rotating`, `rotated`, `rotate` → `rotat`; `policies` → `policy`;
/// `backups` → `backup`; `restored`, `restores` → `restor`; `status` stays `status`.
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    stem_in_place(&mut w);
    w
}

/// `stem`, rewriting the word where it is (the tokenizer's hot path allocates nothing).
fn stem_in_place(w: &mut String) {
    let (keep, y) = stem_ascii(w.as_bytes());
    w.truncate(keep);
    if y {
        w.push('y');
    }
}

/// The rules of [`stem`]: how many bytes of the word the stem keeps, and whether a `y` follows
/// them (`policies` → `polic` + `y`).
fn stem_ascii(w: &[u8]) -> (usize, bool) {
    match w.iter().all(u8::is_ascii_lowercase) {
        true => stem_rules(w),
        false => (w.len(), false),
    }
}

/// [`stem_ascii`] of a word known to be of lowercase ASCII letters.
fn stem_rules(w: &[u8]) -> (usize, bool) {
    let mut n = w.len();
    // Every rule leaves words of three letters alone.
    if n <= 3 {
        return (n, false);
    }
    let ends = |n: usize, suffix: &[u8]| w[..n].ends_with(suffix);
    if n > 4 && ends(n, b"ies") {
        return (n - 3, true); // No rule of step 2 applies to a `y`.
    } else if ends(n, b"sses") {
        n -= 2;
    } else if ends(n, b"s") && !ends(n, b"ss") && !ends(n, b"us") && !ends(n, b"is") {
        n -= 1;
    }
    for (suffix, keep) in [(&b"ing"[..], 3), (b"ed", 3), (b"ion", 4)] {
        if ends(n, suffix) && n - suffix.len() >= keep {
            return (n - suffix.len(), false);
        }
    }
    if n > 3 && ends(n, b"e") {
        n -= 1;
    }
    (n, false)
}

/// Whether a language's words are stemmed with [`stem`].
pub fn stems(lang: &str) -> bool {
    lang == "en" || lang.starts_with("en-")
}

/// Calls `f` with every token of `text`, in order (see the module docs for the rules).
pub fn tokenize(text: &str, stem_words: bool, mut f: impl FnMut(&str)) {
    tokenize_with(text, stem_words, &mut String::new(), &mut f);
}

/// [`tokenize`], with a buffer for folding and stemming words. Tokens are slices of `text`
/// where they can be (CJK tokens always are); a word is copied into `folded` only to be
/// lowercased and stemmed. Nothing is allocated per token (but for non-ASCII words).
fn tokenize_with(text: &str, stem_words: bool, folded: &mut String, f: &mut impl FnMut(&str)) {
    let bytes = text.as_bytes();
    // Where the previous character starts, when it is CJK.
    let mut cjk_prev: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if let Some(p) = cjk_prev.take() {
                f(&text[p..i]); // The last character of a run.
            }
            if !b.is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
        } else {
            // U+5000–U+9FFF (lead bytes E5–E9) are all CJK ideographs, the most frequent
            // characters of Chinese text: one of them stands for the others, not decoded.
            let (c, len) = match b {
                0xE5..=0xE9 => ('\u{5000}', 3),
                _ => char_at(bytes, i),
            };
            if is_cjk(c) {
                if let Some(p) = cjk_prev {
                    f(&text[p..i + len]);
                }
                cjk_prev = Some(i);
                i += len;
                continue;
            }
            if let Some(p) = cjk_prev.take() {
                f(&text[p..i]);
            }
            if !is_word_char(c) {
                i += len;
                continue;
            }
        }
        let (end, kinds) = word_end(text, i);
        let w = &text[i..end];
        i = end;
        // ASCII words need no Unicode normalization: the common case, done in place, or not
        // even copied when the word is in lower case already and its stem is a prefix of it.
        let ascii = kinds.is_some();
        if let Some(kinds) = kinds.filter(|k| k & UPPER == 0) {
            let (keep, y) = match stem_words && kinds == LOWER {
                true => stem_rules(w.as_bytes()),
                false => (w.len(), false),
            };
            if !y {
                f(&w[..keep]);
                continue;
            }
        }
        if ascii {
            folded.clear();
            folded.push_str(w);
            folded.make_ascii_lowercase();
        } else {
            *folded = fold(w);
        }
        if stem_words {
            stem_in_place(folded);
        }
        f(folded);
    }
    if let Some(p) = cjk_prev {
        f(&text[p..]);
    }
}

/// What an ASCII byte of a word is, as bits: lowercase letter, uppercase letter, digit.
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 4;
const ASCII_KIND: [u8; 256] = {
    let mut kinds = [0; 256];
    let mut b = 0;
    while b < 128 {
        kinds[b] = match b as u8 {
            b'a'..=b'z' => LOWER,
            b'A'..=b'Z' => UPPER,
            b'0'..=b'9' => DIGIT,
            _ => 0,
        };
        b += 1;
    }
    kinds
};

/// The character that starts at byte `i` of UTF-8 `bytes` (not ASCII), and its length.
#[inline(always)]
fn char_at(bytes: &[u8], i: usize) -> (char, usize) {
    let b = bytes[i];
    let cont = |k: usize| u32::from(bytes[i + k] & 0x3F);
    let (code, len) = match b {
        0xC0..0xE0 => ((u32::from(b & 0x1F) << 6) | cont(1), 2),
        0xE0..0xF0 => ((u32::from(b & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3),
        _ => (
            (u32::from(b & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        ),
    };
    (
        char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER),
        len,
    )
}

/// Where the word that starts at `start` ends, and what it is made of: the [`ASCII_KIND`]s
/// of its bytes, or None when it is not all ASCII.
fn word_end(text: &str, start: usize) -> (usize, Option<u8>) {
    let bytes = text.as_bytes();
    let mut kinds = Some(0);
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        let kind = ASCII_KIND[usize::from(b)];
        if kind != 0 {
            kinds = kinds.map(|k| k | kind);
            i += 1;
        } else if b < 0x80 {
            break;
        } else {
            let (c, len) = char_at(bytes, i);
            if !is_word_char(c) {
                break;
            }
            kinds = None;
            i += len;
        }
    }
    (i, kinds)
}

/// Tokens as a vector (tests and tools).
pub fn tokens(text: &str, stem_words: bool) -> Vec<String> {
    let mut out = Vec::new();
    tokenize(text, stem_words, |t| out.push(t.to_string()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Data, OutFile};
    use serde_json::Value;

    #[test]
    fn index_files_are_told_by_language() {
        assert_eq!(index_language("search/en.json"), Some("en"));
        assert_eq!(index_language("search/zh/t3.json"), Some("zh"));
        assert_eq!(index_language("search/pt-BR/d0.json"), Some("pt-BR"));
        assert_eq!(index_language("search.js"), None);
        assert_eq!(index_language("searching/en.json"), None);
        assert_eq!(index_language("docs/search/index.html"), None);
    }

    fn heading(level: u8, id: &str, title: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            title: title.into(),
            line: 1,
            attrs: Vec::new(),
            classes: Vec::new(),
        }
    }

    #[test]
    fn stems_light_english_suffixes() {
        for (w, s) in [
            ("rotations", "rotat"),
            ("rotation", "rotat"),
            ("rotating", "rotat"),
            ("rotated", "rotat"),
            ("rotate", "rotat"),
            ("policies", "policy"),
            ("backups", "backup"),
            ("restored", "restor"),
            ("restores", "restor"),
            ("status", "status"),
            ("access", "access"),
            ("the", "the"),
            ("seed", "seed"),
            ("option", "option"),
        ] {
            assert_eq!(stem(w), s, "{w}");
        }
    }

    #[test]
    fn words_are_folded_and_stemmed() {
        assert_eq!(
            tokens("Résumé the Rotations, kind/bug v1.14!", true),
            ["resum", "the", "rotat", "kind", "bug", "v1", "14"]
        );
        assert_eq!(tokens("Résumé Rotations", false), ["resume", "rotations"]);
    }

    #[test]
    fn cjk_runs_become_bigrams_and_a_last_char() {
        assert_eq!(
            tokens("获取支持的方式", false),
            ["获取", "取支", "支持", "持的", "的方", "方式", "式"]
        );
        // Mixed text: a Latin word ends the run; punctuation does too.
        assert_eq!(
            tokens("每周轮值。Driftwood 支持", true),
            ["每周", "周轮", "轮值", "值", "driftwood", "支持", "持"]
        );
        assert_eq!(tokens("支", false), ["支"]);
    }

    #[test]
    fn html_to_text_keeps_inline_runs_together() {
        assert_eq!(
            html_to_text("<p>获取<strong>支持</strong>的方式</p><p>a &amp; b&lt;c&gt;</p>"),
            "获取支持的方式 a & b<c>"
        );
        assert_eq!(
            html_to_text(
                "<h4 id=\"x\">Notes <a class=\"heading-anchor\" href=\"#x\">#</a></h4><p>one\n two</p><script>var x;</script>"
            ),
            "Notes one two"
        );
    }

    #[test]
    fn entities_before_wide_characters_are_decoded() {
        // The entity's name is looked for in the next 12 bytes, which may end inside a
        // character.
        assert_eq!(html_to_text("<p>a &amp;支持的方式</p>"), "a &支持的方式");
        assert_eq!(html_to_text("<p>&quot;获取支持&quot;</p>"), "\"获取支持\"");
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
        };
        let urls: Vec<String> = page_documents(&input).into_iter().map(|d| d.url).collect();
        assert_eq!(urls, ["/p/#a", "/p/#b"]);
        let mut docs = PageDocs::new(false, &Limits::default());
        docs.add_page(&input);
        let entries: Vec<&str> = docs.docs().map(|(json, _)| json).collect();
        assert_eq!(
            entries,
            [r#"["/p/#a","P","A","",0]"#, r#"["/p/#b","P","B","bee",0]"#]
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
    fn word_characters_of_cjk_punctuation_are_unicodes() {
        for c in ('\u{2000}'..'\u{2070}')
            .chain('\u{3000}'..'\u{3040}')
            .chain('\u{FF00}'..'\u{FF40}')
        {
            assert_eq!(is_word_char(c), c.is_alphanumeric() && !is_cjk(c), "{c:?}");
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

    fn doc(url: &str, title: &str, heading: &str, text: &str, flags: u8) -> Document {
        Document {
            url: url.into(),
            title: title.into(),
            heading: heading.into(),
            text: text.into(),
            flags,
        }
    }

    fn parse(files: &[OutFile], path: &str) -> Value {
        let f = files.iter().find(|f| f.path == path).expect(path);
        match &f.data {
            Data::Bytes(b) => serde_json::from_slice(b).unwrap(),
            _ => panic!("not bytes"),
        }
    }

    /// Decoded postings of a term: (doc id, field bits).
    fn postings(index: &Value, term: &str) -> Vec<(u64, u64)> {
        let mut v = 0;
        index["terms"][term]
            .as_array()
            .unwrap_or(&Vec::new())
            .iter()
            .map(|d| {
                v += d.as_u64().unwrap();
                (v / 8, v % 8)
            })
            .collect()
    }

    #[test]
    fn small_index_is_one_file_with_fields() {
        let docs = [
            doc("/a/", "Rotations", "", "Some intro.", 0),
            doc(
                "/a/#x",
                "Rotations",
                "Weekly",
                "The rotation runs weekly.",
                0,
            ),
            doc(
                "/faq/q/",
                "Can I rotate keys?",
                "",
                "Yes.",
                FLAG_FAQ | FLAG_STALE,
            ),
        ];
        let files = build_index("en", docs.to_vec(), &Limits::default());
        assert_eq!(files.len(), 1);
        let index = parse(&files, "search/en.json");
        assert_eq!(index["version"], 2);
        assert_eq!(index["stem"], "en");
        assert_eq!(index["count"], 3);
        assert_eq!(index["docs"][2][4], 3);
        assert_eq!(
            postings(&index, "rotat"),
            [
                (0, FIELD_TITLE.into()),
                (1, FIELD_TITLE.into()),
                (2, (FIELD_TITLE | FIELD_FAQ).into())
            ]
        );
        assert_eq!(postings(&index, "weekly"), [(1, FIELD_HEADING.into())]);
        // Stop words are not indexed, and the index says so.
        assert!(index["terms"].get("the").is_none());
        assert!(index["common"].as_array().unwrap().contains(&"the".into()));
        // "rotation" in a query stems the same way, and finds the page about rotations.
        assert_eq!(tokens("rotation", true), ["rotat"]);
    }

    #[test]
    fn chinese_index_finds_bigrams() {
        let docs = [
            doc("/zh/help/", "获取帮助", "", "获取支持的方式有很多。", 0),
            doc(
                "/zh/support/process/#weekly-rotation",
                "支持流程",
                "每周轮值",
                "轮值周期为周一到周日。",
                0,
            ),
        ];
        let index = parse(
            &build_index("zh", docs.to_vec(), &Limits::default()),
            "search/zh.json",
        );
        assert_eq!(index["stem"], Value::Null);
        assert_eq!(postings(&index, "支持"), [(0, 0), (1, FIELD_TITLE.into())]);
        assert_eq!(postings(&index, "轮值"), [(1, FIELD_HEADING.into())]);
        assert_eq!(index["common"], Value::Array(Vec::new()));
        // Every bigram of the query 获取支持 is in document 0.
        for t in tokens("获取支持", false)
            .iter()
            .filter(|t| t.chars().count() == 2)
        {
            assert!(postings(&index, t).iter().any(|p| p.0 == 0), "{t}");
        }
    }

    fn small_limits() -> Limits {
        Limits {
            text_chars: 100,
            inline_bytes: 4096,
            shard_bytes: 2048,
            chunk_bytes: 2048,
            max_postings: 50,
            common_body: 10,
        }
    }

    /// The term table holding `t`, found as `search.js` finds it.
    fn shard_for(files: &[OutFile], main: &Value, t: &str) -> Value {
        let starts: Vec<&str> = main["starts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let k = starts
            .iter()
            .rposition(|s| s.encode_utf16().le(t.encode_utf16()))
            .unwrap_or(0);
        parse(files, &format!("search/en/t{k}.json"))
    }

    #[test]
    fn large_index_is_sharded_in_ranges() {
        let docs: Vec<Document> = (0..400)
            .map(|i| {
                doc(
                    &format!("/p{i}/"),
                    &format!("Page {i}"),
                    "",
                    &format!(
                        "word{i} shared text about rotations and {} {}",
                        if i % 10 == 0 { "支持" } else { "" },
                        i * 7
                    ),
                    0,
                )
            })
            .collect();
        let limits = small_limits();
        let files = build_index("en", docs.to_vec(), &limits);
        let main = parse(&files, "search/en.json");
        assert!(main["docs"].is_null() && main["terms"].is_null());
        assert_eq!(main["count"], 400);
        let shards = main["starts"].as_array().unwrap().len();
        let chunks = main["chunks"].as_array().unwrap();
        assert!(shards > 1 && chunks.len() > 1);
        // Every shard is within the budget, and they are about the same size.
        let sizes: Vec<usize> = (0..shards)
            .map(|k| {
                let f = files
                    .iter()
                    .find(|f| f.path == format!("search/en/t{k}.json"))
                    .unwrap();
                match &f.data {
                    Data::Bytes(b) => b.len(),
                    _ => unreachable!(),
                }
            })
            .collect();
        assert!(sizes.iter().all(|&s| s <= limits.shard_bytes), "{sizes:?}");
        let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
        assert!(max - min < limits.shard_bytes / 2, "{sizes:?}");
        // Each term is in the shard its range names; each doc in the chunk its id falls in.
        for t in ["pag", "word17", "word399", "支持", "2793"] {
            assert!(shard_for(&files, &main, t).get(t).is_some(), "{t}");
        }
        let ids: Vec<u64> = chunks.iter().map(|c| c.as_u64().unwrap()).collect();
        let k = ids.iter().rposition(|&s| s <= 250).unwrap();
        let chunk = parse(&files, &format!("search/en/d{k}.json"));
        assert_eq!(chunk[(250 - ids[k]) as usize][0], "/p250/");
    }

    #[test]
    fn common_terms_keep_their_title_postings() {
        // "rotations" is in the body of all 100 documents and the title of every tenth;
        // "rare" is in three.
        let docs: Vec<Document> = (0..100)
            .map(|i| {
                let title = if i % 10 == 0 { "Rotations" } else { "Page" };
                let rare = if i % 40 == 1 { "rare" } else { "" };
                let heading = if i == 99 { "Page setup" } else { "" };
                doc(
                    &format!("/p{i}/"),
                    title,
                    heading,
                    &format!("rotations {rare}"),
                    0,
                )
            })
            .collect();
        let limits = Limits {
            max_postings: 20,
            common_body: 5,
            ..Limits::default()
        };
        let index = parse(&build_index("en", docs, &limits), "search/en.json");
        let ids = |w: &str| {
            postings(&index, &stem(w))
                .iter()
                .map(|p| p.0)
                .collect::<Vec<_>>()
        };
        // Common: every title posting, and the first five others.
        assert_eq!(
            ids("rotations"),
            [0, 1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90]
        );
        assert_eq!(ids("rare"), [1, 41, 81]);
        // "page" is in 90 titles: only the 20 that rank highest are kept.
        // The last one is also in a heading: it ranks higher and is kept.
        let page = ids("page");
        assert_eq!(page.len(), 20);
        assert_eq!(page[..3], [1, 2, 3]);
        assert_eq!(page.last(), Some(&99));
        let common = index["common"].as_array().unwrap();
        for w in ["rotations", "page", "the", "and"] {
            assert!(common.contains(&stem(w).into()), "{w}");
        }
        assert!(!common.contains(&stem("rare").into()));
    }
}
