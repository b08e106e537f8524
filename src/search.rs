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
    /// Text kept per document for snippets, in characters.
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
            text_chars: 600,
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

/// One section of one page: what a search result points at.
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

/// A document as the index takes it: its result entry already serialized, and its distinct
/// terms. Made in parallel, page by page; the index only merges them.
#[derive(Debug, Clone)]
pub struct PreparedDoc {
    /// `[url, title, heading, text cut to Limits::text_chars, flags]` as JSON.
    json: String,
    terms: DocTerms,
}

impl Document {
    /// Tokenizes the document and serializes its result entry: everything but the merge into
    /// the index, so that it can run where the page is, in parallel.
    pub fn prepare(&self, stem_words: bool, limits: &Limits) -> PreparedDoc {
        let text = match self.text.char_indices().nth(limits.text_chars) {
            Some((cut, _)) => &self.text[..cut],
            None => &self.text,
        };
        let json =
            serde_json::to_string(&(&self.url, &self.title, &self.heading, text, self.flags))
                .expect("strings serialize");
        PreparedDoc {
            json,
            terms: doc_terms(self, stem_words),
        }
    }
}

/// A document's distinct terms, packed: joined in one string (no per-term allocation, a large
/// site has millions), each with its hash (for the index's table), where it ends, and the
/// fields it appears in (title, heading, FAQ question; 0 for body text only).
#[derive(Debug, Clone, Default)]
struct DocTerms {
    joined: String,
    /// (hash, end in `joined`, field bits); a term starts where the previous one ends.
    entries: Vec<(u64, u32, u8)>,
}

impl DocTerms {
    fn iter(&self) -> impl Iterator<Item = (u64, &str, u8)> {
        let mut start = 0;
        self.entries.iter().map(move |&(hash, end, bits)| {
            let t = &self.joined[start..end as usize];
            start = end as usize;
            (hash, t, bits)
        })
    }
}

/// The hasher of term tables, here and in the index (a term is hashed once, where the page is
/// tokenized).
fn term_hash(t: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(t)
}

fn doc_terms(doc: &Document, stem_words: bool) -> DocTerms {
    let mut packed = DocTerms {
        joined: String::with_capacity(512),
        entries: Vec::with_capacity(64),
    };
    thread_local! {
        // Index in `entries` of each distinct term; kept between documents, so that it does
        // not grow again for each.
        static TABLE: std::cell::RefCell<hashbrown::HashTable<u32>> = Default::default();
    }
    TABLE.with_borrow_mut(|table| {
        table.clear();
        fill_doc_terms(doc, stem_words, table, &mut packed)
    });
    packed
}

fn fill_doc_terms(
    doc: &Document,
    stem_words: bool,
    table: &mut hashbrown::HashTable<u32>,
    packed: &mut DocTerms,
) {
    let faq = doc.flags & FLAG_FAQ != 0;
    let in_heading = doc.flags & FLAG_QUESTION_HEADING != 0;
    let question = |yes: bool| if faq && yes { FIELD_FAQ } else { 0 };
    for (text, bits) in [
        (doc.title.as_str(), FIELD_TITLE | question(!in_heading)),
        (doc.heading.as_str(), FIELD_HEADING | question(in_heading)),
        (doc.text.as_str(), 0),
    ] {
        tokenize(text, stem_words, |t| {
            let hash = term_hash(t);
            let DocTerms { joined, entries } = &mut *packed;
            let term = |i: u32| {
                let start = match i {
                    0 => 0,
                    _ => entries[i as usize - 1].1 as usize,
                };
                &joined[start..entries[i as usize].1 as usize]
            };
            if let Some(&i) = table.find(hash, |&i| term(i) == t) {
                entries[i as usize].2 |= bits;
                return;
            }
            joined.push_str(t);
            entries.push((hash, joined.len() as u32, bits));
            let i = entries.len() as u32 - 1;
            table.insert_unique(hash, i, |&i| entries[i as usize].0);
        });
    }
}

/// Splits a page into documents at its level 1–3 headings. The part before the first heading
/// is a document too when it has text (or when it is all there is, so the title is findable).
pub fn page_documents(page: &PageInput<'_>) -> Vec<Document> {
    let page_flags = match page.faq_page {
        Some(true) => FLAG_FAQ | FLAG_STALE,
        Some(false) => FLAG_FAQ,
        None => 0,
    };
    let flags_of = |anchor: &str| match page.faq_headings.iter().find(|(a, _)| *a == anchor) {
        Some((_, true)) => FLAG_FAQ | FLAG_QUESTION_HEADING | FLAG_STALE,
        Some((_, false)) => FLAG_FAQ | FLAG_QUESTION_HEADING,
        None => page_flags,
    };
    let html = page.html;
    // (byte where the heading starts, byte where its text ends, heading)
    let mut cuts: Vec<(usize, usize, &Heading)> = Vec::new();
    let mut from = 0;
    for h in page.headings.iter().filter(|h| h.level <= SPLIT_LEVEL) {
        let open = format!("<h{} id=\"{}\"", h.level, crate::html::escape(&h.id));
        let Some(start) = html[from..].find(&open).map(|i| i + from) else {
            continue; // Not where we expect it: its text stays in the section before.
        };
        let close = format!("</h{}>", h.level);
        let end = html[start..]
            .find(&close)
            .map(|i| start + i + close.len())
            .unwrap_or(html.len());
        cuts.push((start, end, h));
        from = end;
    }
    let doc = |url: String, heading: &str, body: &str, flags: u8| Document {
        url,
        title: page.title.to_string(),
        heading: heading.to_string(),
        text: html_to_text(body),
        flags,
    };
    let mut docs = Vec::with_capacity(cuts.len() + 1);
    let intro_end = cuts.first().map_or(html.len(), |c| c.0);
    let intro = doc(page.url.to_string(), "", &html[..intro_end], page_flags);
    if !intro.text.is_empty() || cuts.is_empty() {
        docs.push(intro);
    }
    for (i, (_, end, h)) in cuts.iter().enumerate() {
        let next = cuts.get(i + 1).map_or(html.len(), |c| c.0);
        docs.push(doc(
            format!("{}#{}", page.url, h.id),
            &h.title,
            &html[*end..next],
            flags_of(&h.id),
        ));
    }
    docs
}

/// Plain text of rendered HTML: tags dropped (block tags become spaces, inline tags nothing,
/// so `获取<strong>支持</strong>` stays one run), entities decoded, whitespace collapsed, the
/// `#` of heading anchors and the contents of `<script>`/`<style>` left out.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_text(&rest[..lt], &mut out);
        let tag_and_after = &rest[lt..];
        let end = tag_and_after
            .find('>')
            .map_or(tag_and_after.len(), |e| e + 1);
        let tag = &tag_and_after[..end];
        rest = &tag_and_after[end..];
        let name_end = tag[1..]
            .bytes()
            .position(|b| !(b.is_ascii_alphanumeric() || b == b'/'))
            .map_or(tag.len(), |p| p + 1);
        let name = &tag[1..name_end];
        let skip_to = if name.eq_ignore_ascii_case("script") {
            Some("</script>")
        } else if name.eq_ignore_ascii_case("style") {
            Some("</style>")
        } else if name.eq_ignore_ascii_case("a") && tag.contains("class=\"heading-anchor\"") {
            Some("</a>")
        } else {
            None
        };
        if let Some(close) = skip_to {
            rest = rest.find(close).map_or("", |i| &rest[i + close.len()..]);
        }
        let bare = name.trim_start_matches('/');
        let inline = INLINE_TAGS.iter().any(|t| bare.eq_ignore_ascii_case(t));
        if !inline && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    push_text(rest, &mut out);
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// Tags that do not separate words (`获取<strong>支持</strong>` is one run).
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q",
    "s", "samp", "small", "span", "strong", "sub", "sup", "u", "var",
];

/// Appends HTML text with entities decoded and whitespace collapsed. Runs of plain text are
/// copied whole; only ASCII whitespace, `&` and non-ASCII characters are looked at one by one.
fn push_text(s: &str, out: &mut String) {
    let space = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    let bytes = s.as_bytes();
    let mut plain = 0; // Start of the bytes not copied yet.
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            // `char::is_whitespace` in ASCII: space, \t, \n, \x0B, \x0C, \r.
            if !matches!(b, b' ' | b'\t'..=b'\r' | b'&') {
                i += 1;
                continue;
            }
            out.push_str(&s[plain..i]);
            i += 1;
            if b != b'&' {
                space(out);
            } else if let Some((c, len)) = decode_entity(&s[i..]) {
                i += len;
                if c.is_whitespace() {
                    space(out);
                } else {
                    out.push(c);
                }
            } else {
                out.push('&');
            }
            plain = i;
        } else {
            let c = s[i..].chars().next().expect("a character starts here");
            if c.is_whitespace() {
                out.push_str(&s[plain..i]);
                space(out);
                plain = i + c.len_utf8();
            }
            i += c.len_utf8();
        }
    }
    out.push_str(&s[plain..]);
}

/// `amp;…` → ('&', 4). Only what Markdown output contains: the named five, `nbsp`, numbers.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let semi = s.get(..12.min(s.len()))?.find(';')?;
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
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() && !is_cjk(c)
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
    // Every rule leaves words of three letters alone.
    if w.len() <= 3 || !w.bytes().all(|b| b.is_ascii_lowercase()) {
        return;
    }
    if w.len() > 4 && w.ends_with("ies") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        w.pop();
    }
    let suffix = [("ing", 3), ("ed", 3), ("ion", 4)]
        .into_iter()
        .find(|(s, keep)| w.ends_with(s) && w.len() - s.len() >= *keep);
    match suffix {
        Some((s, _)) => w.truncate(w.len() - s.len()),
        None if w.len() > 3 && w.ends_with('e') => {
            w.pop();
        }
        None => {}
    }
}

/// Whether a language's words are stemmed with [`stem`].
pub fn stems(lang: &str) -> bool {
    lang == "en" || lang.starts_with("en-")
}

/// Calls `f` with every token of `text`, in order (see the module docs for the rules).
pub fn tokenize(text: &str, stem_words: bool, mut f: impl FnMut(&str)) {
    // Tokens are slices of `text` where they can be (CJK tokens always are); a word is copied
    // into `folded` only to be lowercased and stemmed. Nothing is allocated per token.
    let mut folded = String::new();
    let mut word = |w: &str, f: &mut dyn FnMut(&str)| {
        // ASCII words need no Unicode normalization: the common case, done in place.
        if w.is_ascii() {
            folded.clear();
            folded.push_str(w);
            folded.make_ascii_lowercase();
        } else {
            folded = fold(w);
        }
        if stem_words {
            stem_in_place(&mut folded);
        }
        f(&folded);
    };
    let mut word_start: Option<usize> = None;
    // Where the previous character starts, when it is CJK.
    let mut cjk_prev: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_cjk(c) {
            if let Some(s) = word_start.take() {
                word(&text[s..i], &mut f);
            }
            if let Some(p) = cjk_prev {
                f(&text[p..i + c.len_utf8()]);
            }
            cjk_prev = Some(i);
        } else {
            if let Some(p) = cjk_prev.take() {
                f(&text[p..i]); // The last character of a run.
            }
            if is_word_char(c) {
                word_start.get_or_insert(i);
            } else if let Some(s) = word_start.take() {
                word(&text[s..i], &mut f);
            }
        }
    }
    if let Some(s) = word_start {
        word(&text[s..], &mut f);
    }
    if let Some(p) = cjk_prev {
        f(&text[p..]);
    }
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
