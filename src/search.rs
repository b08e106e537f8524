//! Offline search: splits every rendered page into sections at its headings, tokenizes them per
//! script, and writes one index per language as static JSON files that the default theme's
//! `search.js` loads on first use. No server, no CDN, no per-language build flags.
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
//! # Files
//!
//! `search/<lang>.json` always exists:
//! `{"version":1,"lang":"en","stem":"en"|null,"count":D,"docs":[…]|null,"chunks":[…],
//!   "terms":{…}|null,"shards":N}`.
//! - A document is `[url, page title, heading, text, flags]` (flags: 1 = FAQ entry, 2 = stale
//!   FAQ entry, 4 = the entry's question is the heading); `url` carries the heading's `#anchor`, `heading` is "" for the part of a page
//!   before its first heading. `text` is cut at [`Limits::text_chars`] characters.
//! - `terms` maps a token to its postings: `doc id × 8 + field bits` (1 = in the page title,
//!   2 = in the heading, 4 = in an FAQ question), sorted, stored as differences from the
//!   previous value so that the numbers stay short.
//!
//! A small index carries `docs` and `terms` inline. A large one (over [`Limits::inline_bytes`])
//! leaves them out: documents go to `search/<lang>/d<k>.json` (a JSON array; `chunks[k]` is the
//! id of its first document) and terms to `search/<lang>/t<k>.json` (a JSON object), `k =`
//! [`shard_of`]`(token) % shards`, keyed by the token's first character (CJK) or first two
//! characters (words), so that every token a prefix query can match lives in one shard.

use crate::markdown::Heading;
use crate::output::{Data, OutFile};
use rustc_hash::FxHashMap;
use serde_json::{Value, json};
use std::hash::BuildHasher;
use unicode_normalization::UnicodeNormalization;

/// Bumped when the file format changes; `search.js` refuses other versions.
pub const FORMAT_VERSION: u32 = 1;

/// Output folder of the index files, under the site root.
pub const DIR: &str = "search";

/// Document flags.
pub const FLAG_FAQ: u8 = 1;
pub const FLAG_STALE: u8 = 2;
/// The question of this FAQ entry is the document's heading, not the page title.
pub const FLAG_QUESTION_HEADING: u8 = 4;

/// Posting field bits.
const FIELD_TITLE: u64 = 1;
const FIELD_HEADING: u64 = 2;
const FIELD_FAQ: u64 = 4;

/// Headings up to this level start a new document; deeper ones stay in their parent's text.
const SPLIT_LEVEL: u8 = 3;

/// Size limits of the index files. The defaults keep the example site in one file and a large
/// site in shards of a few hundred kilobytes (see the README for measured sizes).
#[derive(Debug, Clone)]
pub struct Limits {
    /// Text kept per document for snippets, in characters.
    pub text_chars: usize,
    /// Above this many bytes (uncompressed), the index is split into shards.
    pub inline_bytes: usize,
    /// Target size of one term shard, in bytes.
    pub shard_bytes: usize,
    /// Target size of one document chunk, in bytes.
    pub chunk_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            text_chars: 600,
            inline_bytes: 512 * 1024,
            shard_bytes: 256 * 1024,
            chunk_bytes: 64 * 1024,
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
    /// Distinct terms once `prepare`d (then `text` is only the snippet): packed, as
    /// newline-separated terms and one byte of field bits per term, because a large site has
    /// millions of them.
    pub terms: Option<PackedTerms>,
}

impl Document {
    /// Tokenizes the document where it is built (pages are prepared in parallel) and keeps
    /// only what the index needs: its distinct terms and the snippet's text. The full text of a
    /// large site never has to sit in memory at once.
    pub fn prepare(&mut self, lang: &str, limits: &Limits) {
        self.terms = Some(doc_terms(self, stems(lang)));
        if let Some((cut, _)) = self.text.char_indices().nth(limits.text_chars) {
            self.text.truncate(cut);
        }
        self.text.shrink_to_fit();
    }
}

/// Terms joined by `\n` (no token contains one) and their field bits, in the same order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackedTerms {
    joined: String,
    bits: Vec<u8>,
}

impl PackedTerms {
    fn iter(&self) -> impl Iterator<Item = (&str, u64)> {
        self.joined
            .split('\n')
            .zip(&self.bits)
            .map(|(t, b)| (t, u64::from(*b)))
    }
}

/// A document's distinct terms, each with the fields it appears in (title, heading, FAQ
/// question; 0 for body text only).
fn doc_terms(doc: &Document, stem_words: bool) -> PackedTerms {
    let faq = doc.flags & FLAG_FAQ != 0;
    let in_heading = doc.flags & FLAG_QUESTION_HEADING != 0;
    let question = |yes: bool| if faq && yes { FIELD_FAQ } else { 0 };
    // Distinct terms go straight into the packed string; the table only holds where each one
    // starts and ends, so a new term costs no allocation of its own.
    let mut packed = PackedTerms::default();
    // (start, end, index) of each distinct term in `packed`.
    let mut table: hashbrown::HashTable<(u32, u32, u32)> = hashbrown::HashTable::new();
    let hasher = rustc_hash::FxBuildHasher;
    for (text, bits) in [
        (doc.title.as_str(), FIELD_TITLE | question(!in_heading)),
        (doc.heading.as_str(), FIELD_HEADING | question(in_heading)),
        (doc.text.as_str(), 0),
    ] {
        tokenize(text, stem_words, |t| {
            let hash = hasher.hash_one(t);
            let joined = &packed.joined;
            let term = |&(start, end, _): &(u32, u32, u32)| &joined[start as usize..end as usize];
            if let Some(&(_, _, index)) = table.find(hash, |e| term(e) == t) {
                packed.bits[index as usize] |= bits as u8;
                return;
            }
            if !packed.bits.is_empty() {
                packed.joined.push('\n');
            }
            let start = packed.joined.len() as u32;
            packed.joined.push_str(t);
            let end = packed.joined.len() as u32;
            let index = packed.bits.len() as u32;
            packed.bits.push(bits as u8);
            let joined = &packed.joined;
            table.insert_unique(hash, (start, end, index), |&(s, e, _)| {
                hasher.hash_one(&joined[s as usize..e as usize])
            });
        });
    }
    packed
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
        terms: None,
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
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect::<String>()
            .to_ascii_lowercase();
        let skip_to = match name.as_str() {
            "script" => Some("</script>"),
            "style" => Some("</style>"),
            "a" if tag.contains("class=\"heading-anchor\"") => Some("</a>"),
            _ => None,
        };
        if let Some(close) = skip_to {
            rest = rest.find(close).map_or("", |i| &rest[i + close.len()..]);
        }
        let inline = matches!(
            name.trim_start_matches('/'),
            "a" | "abbr"
                | "b"
                | "bdi"
                | "cite"
                | "code"
                | "del"
                | "dfn"
                | "em"
                | "i"
                | "ins"
                | "kbd"
                | "mark"
                | "q"
                | "s"
                | "samp"
                | "small"
                | "span"
                | "strong"
                | "sub"
                | "sup"
                | "u"
                | "var"
        );
        if !inline && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    push_text(rest, &mut out);
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// Appends HTML text with entities decoded and whitespace collapsed.
fn push_text(s: &str, out: &mut String) {
    let mut rest = s;
    while !rest.is_empty() {
        let (c, used) = match rest.strip_prefix('&').and_then(decode_entity) {
            Some((c, len)) => (c, len + 1),
            None => {
                let c = rest.chars().next().expect("not empty");
                (c, c.len_utf8())
            }
        };
        rest = &rest[used..];
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
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
    matches!(c as u32,
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
    if !w.bytes().all(|b| b.is_ascii_lowercase()) {
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
    let mut word = String::new();
    let mut folded = String::new();
    let mut run: Vec<char> = Vec::new();
    let mut flush_word = |word: &mut String, f: &mut dyn FnMut(&str)| {
        if !word.is_empty() {
            // ASCII words need no Unicode normalization: the common case, done in place.
            if word.is_ascii() {
                folded.clear();
                folded.push_str(word);
                folded.make_ascii_lowercase();
            } else {
                folded = fold(word);
            }
            if stem_words {
                stem_in_place(&mut folded);
            }
            f(&folded);
            word.clear();
        }
    };
    let flush_run = |run: &mut Vec<char>, f: &mut dyn FnMut(&str)| {
        let mut buf = String::new();
        for pair in run.windows(2) {
            buf.clear();
            buf.extend(pair);
            f(&buf);
        }
        if let Some(last) = run.last() {
            buf.clear();
            buf.push(*last);
            f(&buf);
        }
        run.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            flush_word(&mut word, &mut f);
            run.push(c);
        } else {
            flush_run(&mut run, &mut f);
            if is_word_char(c) {
                word.push(c);
            } else {
                flush_word(&mut word, &mut f);
            }
        }
    }
    flush_word(&mut word, &mut f);
    flush_run(&mut run, &mut f);
}

/// Tokens as a vector (tests and tools).
pub fn tokens(text: &str, stem_words: bool) -> Vec<String> {
    let mut out = Vec::new();
    tokenize(text, stem_words, |t| out.push(t.to_string()));
    out
}

/// The part of a token that picks its shard: the first character of a CJK token, the first two
/// of a word.
fn shard_key(token: &str) -> &str {
    let mut chars = token.char_indices();
    let Some((_, first)) = chars.next() else {
        return token;
    };
    let n = if is_cjk(first) { 1 } else { 2 };
    match token.char_indices().nth(n) {
        Some((i, _)) => &token[..i],
        None => token,
    }
}

/// FNV-1a over the Unicode code points of the token's shard key (the same in `search.js`).
pub fn shard_of(token: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for c in shard_key(token).chars() {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The index of one language as files under `search/`. `docs` in site order.
pub fn build_index(lang: &str, mut docs: Vec<Document>, limits: &Limits) -> Vec<OutFile> {
    let stem_words = stems(lang);
    // Terms are interned: one hash look-up per token, an allocation only for a new term.
    // Documents are visited in id order, so a term's postings stay sorted and a repeat in the
    // same document just ORs its field bits into the last posting (`id * 8 + bits`).
    let mut ids: FxHashMap<String, usize> = FxHashMap::default();
    // `id * 8 + bits` fits a u32 up to 500 million documents; half the memory of u64.
    let mut postings: Vec<Vec<u32>> = Vec::new();
    for (id, doc) in docs.iter_mut().enumerate() {
        let id = id as u32;
        // Taken, so each document's terms are freed as soon as they are posted.
        let terms = match doc.terms.take() {
            Some(t) => t,
            None => doc_terms(doc, stem_words),
        };
        for (t, bits) in terms.iter() {
            let term = match ids.get(t) {
                Some(&x) => x,
                None => {
                    ids.insert(t.to_string(), postings.len());
                    postings.push(Vec::new());
                    postings.len() - 1
                }
            };
            // Documents come in id order, so each list stays sorted.
            postings[term].push(id * 8 + bits as u32);
        }
    }
    let mut terms: Vec<(String, Vec<u32>)> = ids
        .into_iter()
        .map(|(t, i)| (t, std::mem::take(&mut postings[i])))
        .collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));

    // Every document and every term list is serialized once; files are assembled from those.
    let doc_json: Vec<String> = docs
        .iter()
        .map(|d| {
            let text: String = d.text.chars().take(limits.text_chars).collect();
            json!([d.url, d.title, d.heading, text, d.flags]).to_string()
        })
        .collect();
    let term_json: Vec<(u32, String)> = terms
        .iter()
        .map(|(t, p)| {
            let key = serde_json::to_string(t).expect("a string serializes");
            (shard_of(t), format!("{key}:{}", delta_encode(p)))
        })
        .collect();
    let join = |open: char, parts: &mut dyn Iterator<Item = &str>, close: char| {
        let mut out = String::from(open);
        for (i, part) in parts.enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(part);
        }
        out.push(close);
        out
    };

    let dir = DIR;
    let count = docs.len();
    let head = |inline_docs: Value, chunks: Vec<usize>, terms: Value, shards: usize| {
        json!({
            "version": FORMAT_VERSION,
            "lang": lang,
            "stem": if stem_words { Value::from("en") } else { Value::Null },
            "count": count,
            "docs": inline_docs,
            "chunks": chunks,
            "terms": terms,
            "shards": shards,
        })
    };
    let docs_bytes: usize = doc_json.iter().map(|d| d.len() + 1).sum();
    let terms_bytes: usize = term_json.iter().map(|(_, t)| t.len() + 1).sum();
    if docs_bytes + terms_bytes + 256 <= limits.inline_bytes {
        // Small: one file. The placeholders keep the head's key order and fields in one place.
        let text = head(Value::from("@DOCS@"), Vec::new(), Value::from("@TERMS@"), 0)
            .to_string()
            .replacen(
                "\"@DOCS@\"",
                &join('[', &mut doc_json.iter().map(String::as_str), ']'),
                1,
            )
            .replacen(
                "\"@TERMS@\"",
                &join('{', &mut term_json.iter().map(|(_, t)| t.as_str()), '}'),
                1,
            );
        return vec![json_file(format!("{dir}/{lang}.json"), text)];
    }

    let mut files = Vec::new();
    // Documents: consecutive chunks of about `chunk_bytes`.
    let mut chunks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut size = 0;
    for (id, d) in doc_json.iter().enumerate() {
        if current.is_empty() {
            chunks.push(id);
        }
        size += d.len() + 1;
        current.push(d);
        if size >= limits.chunk_bytes {
            let k = chunks.len() - 1;
            files.push(json_file(
                format!("{dir}/{lang}/d{k}.json"),
                join('[', &mut current.drain(..), ']'),
            ));
            size = 0;
        }
    }
    if !current.is_empty() {
        let k = chunks.len() - 1;
        files.push(json_file(
            format!("{dir}/{lang}/d{k}.json"),
            join('[', &mut current.drain(..), ']'),
        ));
    }
    // Terms: hashed into shards of about `shard_bytes`.
    let shards = terms_bytes.div_ceil(limits.shard_bytes).max(1);
    let mut per_shard: Vec<Vec<&str>> = vec![Vec::new(); shards];
    for (h, t) in &term_json {
        per_shard[*h as usize % shards].push(t);
    }
    for (k, list) in per_shard.into_iter().enumerate() {
        files.push(json_file(
            format!("{dir}/{lang}/t{k}.json"),
            join('{', &mut list.into_iter(), '}'),
        ));
    }
    let main = head(Value::Null, chunks, Value::Null, shards);
    files.push(json_file(format!("{dir}/{lang}.json"), main.to_string()));
    files
}

fn delta_encode(postings: &[u32]) -> Value {
    let mut prev = 0;
    Value::Array(
        postings
            .iter()
            .map(|&p| {
                let d = p - prev;
                prev = p;
                Value::from(d)
            })
            .collect(),
    )
}

fn json_file(path: String, text: String) -> OutFile {
    OutFile {
        path,
        data: Data::Bytes(text.into_bytes()),
    }
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
            terms: None,
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
        assert_eq!(index["version"], 1);
        assert_eq!(index["stem"], "en");
        assert_eq!(index["count"], 3);
        assert_eq!(index["docs"][2][4], 3);
        assert_eq!(
            postings(&index, "rotat"),
            [
                (0, FIELD_TITLE),
                (1, FIELD_TITLE),
                (2, FIELD_TITLE | FIELD_FAQ)
            ]
        );
        assert_eq!(postings(&index, "weekly"), [(1, FIELD_HEADING)]);
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
        assert_eq!(postings(&index, "支持"), [(0, 0), (1, FIELD_TITLE)]);
        assert_eq!(postings(&index, "轮值"), [(1, FIELD_HEADING)]);
        // Every bigram of the query 获取支持 is in document 0.
        for t in tokens("获取支持", false)
            .iter()
            .filter(|t| t.chars().count() == 2)
        {
            assert!(postings(&index, t).iter().any(|p| p.0 == 0), "{t}");
        }
    }

    #[test]
    fn large_index_is_sharded() {
        let docs: Vec<Document> = (0..400)
            .map(|i| {
                doc(
                    &format!("/p{i}/"),
                    &format!("Page {i}"),
                    "",
                    &format!("word{i} shared text about rotations and 支持 {}", i * 7),
                    0,
                )
            })
            .collect();
        let limits = Limits {
            text_chars: 100,
            inline_bytes: 4096,
            shard_bytes: 2048,
            chunk_bytes: 2048,
        };
        let files = build_index("en", docs.to_vec(), &limits);
        let main = parse(&files, "search/en.json");
        assert!(main["docs"].is_null() && main["terms"].is_null());
        assert_eq!(main["count"], 400);
        let shards = main["shards"].as_u64().unwrap() as usize;
        let chunks = main["chunks"].as_array().unwrap();
        assert!(shards > 1 && chunks.len() > 1);
        // Each term is in the shard its key names; each doc in the chunk its id falls in.
        for t in ["rotat", "word17", "支持"] {
            let k = shard_of(t) as usize % shards;
            let shard = parse(&files, &format!("search/en/t{k}.json"));
            assert!(shard.get(t).is_some(), "{t} not in shard {k}");
        }
        let ids: Vec<u64> = chunks.iter().map(|c| c.as_u64().unwrap()).collect();
        let k = ids.iter().rposition(|&s| s <= 250).unwrap();
        let chunk = parse(&files, &format!("search/en/d{k}.json"));
        assert_eq!(chunk[(250 - ids[k]) as usize][0], "/p250/");
        // Prefix queries need every "ro…" word in one shard.
        assert_eq!(shard_of("rotat"), shard_of("ro"));
    }
}
