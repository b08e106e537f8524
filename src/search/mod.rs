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
//!   character starts some token. A query run of two or more such characters matches its
//!   bigrams as a set, not a phrase: a document needs half of them, rounded up (`备份加密`
//!   finds `我的备份是加密的吗`, which lacks `份加`), ranks higher with all of them, and first
//!   among the results shown with the whole run. A one-character query matches every token
//!   that starts with it. A change of script and any punctuation (full-width too) end a run.
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
//! `{"version":3,"lang":"en","stem":"en"|null,"count":D,"docs":[…]|null,"per_file":F,
//!   "terms":{…}|null,"starts":[…],"common":[…]}`. Nothing is repeated per document and
//! nothing is fetched that a query does not need, whether or not the host compresses it:
//! - Documents go by `F` ([`Limits::docs_per_file`]) in site order, a **document file**
//!   holding documents `k × F` to `k × F + F - 1`: `[[pages…],[documents…]]`. A page is
//!   `[url, title]`, once per file; a document is `[page, anchor, heading, text, flags]`,
//!   `page` its place in the file's pages, `anchor` "" for the part of a page before its
//!   first heading (also `heading` then), `text` cut at [`Limits::text_chars`] characters,
//!   flags: 1 = FAQ entry, 2 = stale FAQ entry, 4 = the entry's question is the heading. A
//!   result costs the file of its document, a few kilobytes, not a chunk of many documents.
//! - `terms` maps a token to its postings: `doc id × 8 + field bits` (1 = in the page title,
//!   2 = in the heading, 4 = in an FAQ question), sorted, as differences from the previous
//!   value, each written in the characters of [`decode_postings`] (5 bits a character: one
//!   for most differences), the whole list one JSON string.
//! - `common` lists the common terms and stop words (see above), sorted.
//!
//! A small index carries `docs` (the document files, as an array) and `terms` inline
//! (`starts` is then empty). A large one (over [`Limits::inline_bytes`]) leaves them out:
//! document file `k` is `search/<lang>/d<k>.json`, term shard `k` is `search/<lang>/t<k>.json`
//! (a JSON object). Term shards are consecutive ranges of the terms in UTF-16 order (the order
//! of JavaScript's `<` and `sort()`), `starts[k]` being the first term of shard `k`: a term is
//! in the last shard that starts at or before it, and the terms a prefix query can match are in
//! that shard and the following ones that start with the prefix. Shards are cut evenly: a
//! language's terms are split into the fewest shards of at most [`Limits::shard_bytes`] each,
//! all about the same size; they are small, so that a query fetches little more than its
//! terms.

mod documents;
mod index;
mod terms;
#[cfg(test)]
mod tests;
mod text;
mod tokenize;

pub use documents::{Document, Facet, PageDocs, PageInput, STALE_FACET, page_documents};
pub use index::{LanguageInput, build_index, build_language};
pub use terms::decode_postings;
pub use text::html_to_text;
pub use tokenize::{STOP_WORDS, fold, is_cjk, stem, stems, stop_tokens, tokenize, tokens};

/// Bumped when the file format changes; `search.js` refuses other versions.
pub(crate) const FORMAT_VERSION: u32 = 3;

/// Output folder of the index files, under the site root.
pub(crate) const DIR: &str = "search";

/// The language whose index an output path belongs to (`search/<lang>.json` and everything
/// under `search/<lang>/`), or None for any other file.
pub(crate) fn index_language(path: &str) -> Option<&str> {
    let rest = path.strip_prefix(DIR)?.strip_prefix('/')?;
    match rest.split_once('/') {
        Some((lang, _)) => Some(lang),
        None => rest.strip_suffix(".json"),
    }
}

/// Document flags.
pub(crate) const FLAG_FAQ: u8 = 1;
pub(crate) const FLAG_STALE: u8 = 2;
/// The question of this FAQ entry is the document's heading, not the page title.
pub(crate) const FLAG_QUESTION_HEADING: u8 = 4;

/// A page's term bits (never in a posting): the term is a facet.
const FACET_MARK: u8 = 0x80;

/// Posting field bits.
const FIELD_TITLE: u8 = 1;
const FIELD_HEADING: u8 = 2;
const FIELD_FAQ: u8 = 4;

/// Size limits of the index files. The defaults keep the example site in one file and a large
/// site in term shards of at most 16 KB and document files of 4 documents.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Text kept per document for snippets, in characters: twice the 160 a result shows
    /// (`snippet` in search.js), so a match in the first half of the section is shown in its
    /// context. The texts are most of a large site's index.
    pub(crate) text_chars: usize,
    /// Above this many bytes (uncompressed), the index is split into shards: a first load
    /// no larger than what Pagefind fetches before its first query (BENCHMARKS.md, #24).
    pub(crate) inline_bytes: usize,
    /// Most bytes of one term shard (a single term larger than that gets a shard of its own).
    pub(crate) shard_bytes: usize,
    /// Documents per document file: what a result costs is the file of its document.
    pub(crate) docs_per_file: usize,
    /// Above this many documents a term is common (see the module docs). A posting takes one
    /// to three characters, so one term's list stays within a shard's budget.
    pub(crate) max_postings: usize,
    /// Body-text postings a common term keeps (see the module docs).
    pub(crate) common_body: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            text_chars: 320,
            inline_bytes: 128 * 1024,
            shard_bytes: 16 * 1024,
            docs_per_file: 4,
            max_postings: 5000,
            common_body: 200,
        }
    }
}
