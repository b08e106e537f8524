//! The index of one language: documents merged in site order while the next pages are still
//! being tokenized, terms interned once, postings kept as variable-length deltas, and files
//! streamed to the sink as they fill (the format is in the parent module's docs).
//!
//! What stays in memory until the end is the term table and the postings, which are small:
//! at most [`Limits::max_postings`] per term, one or two bytes each. Document entries leave as
//! soon as their document file is full (once the index is known to be too large for one file).

use super::documents::plain_json_len;
use super::terms::{Deltas, Kind, Term, Terms, postings_len, push_postings, term_hash};
use super::{Document, FACET_MARK, Limits, PageDocs, STALE_FACET, stems, stop_tokens};
use crate::diagnostics::Diagnostic;
use crate::output::{Data, OutFile, Sink};
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Pages tokenized per parallel batch; the merge of one batch runs while the next is
/// tokenized. Large enough to keep both cores busy, small enough that a batch's text is a few
/// megabytes.
const BATCH: usize = 256;

/// What [`build_language`] indexes.
pub struct LanguageInput<'a> {
    pub lang: &'a str,
    pub limits: &'a Limits,
    /// How many pages the language has; document ids follow their order (the site's).
    pub pages: usize,
    /// Adds the documents of the `k`-th page to the given [`PageDocs`] (see
    /// [`PageDocs::add_page`]).
    pub page_docs: &'a (dyn Fn(usize, &mut PageDocs) + Sync),
    /// Asked between batches of pages: true gives up (serve: another edit came in).
    pub interrupted: &'a (dyn Fn() -> bool + Sync),
}

/// Builds the index of one language into `out`, tokenizing its pages in parallel. Returns the
/// errors of putting the files, or None when interrupted (some files may be in `out` then).
pub fn build_language(input: &LanguageInput<'_>, out: &dyn Sink) -> Option<Vec<Diagnostic>> {
    let limits = input.limits;
    let stem_words = stems(input.lang);
    // Two batches of page buffers, reused: one is filled while the other is merged.
    let mut filling: Vec<PageDocs> = Vec::new();
    let mut ready: Vec<PageDocs> = Vec::new();
    let mut ready_len = 0;
    let mut index = IndexBuilder::new(input.lang, limits, out);
    let mut from = 0;
    while from < input.pages {
        if (input.interrupted)() {
            return None;
        }
        let to = (from + BATCH).min(input.pages);
        if filling.len() < to - from {
            filling.resize_with(to - from, || PageDocs::new(stem_words, limits));
        }
        rayon::join(
            || {
                filling[..to - from]
                    .par_iter_mut()
                    .enumerate()
                    .for_each(|(j, docs)| {
                        docs.clear();
                        (input.page_docs)(from + j, docs);
                    })
            },
            || ready[..ready_len].iter().for_each(|d| index.add(d)),
        );
        std::mem::swap(&mut filling, &mut ready);
        ready_len = to - from;
        from = to;
    }
    ready[..ready_len].iter().for_each(|d| index.add(d));
    Some(index.finish())
}

/// The index of `docs` (in site order, each its own page) as files: for tests and tools.
pub fn build_index(lang: &str, docs: Vec<Document>, limits: &Limits) -> Vec<OutFile> {
    let memory = crate::output::Memory::default();
    let input = LanguageInput {
        lang,
        limits,
        pages: docs.len(),
        page_docs: &|k, out| out.add_document(&docs[k]),
        interrupted: &|| false,
    };
    let errors = build_language(&input, &memory);
    debug_assert!(errors.is_some_and(|e| e.is_empty()));
    memory.into_files()
}

/// One language's index while documents are added.
struct IndexBuilder<'a> {
    lang: &'a str,
    stem_words: bool,
    limits: &'a Limits,
    out: &'a dyn Sink,
    errors: Vec<Diagnostic>,
    terms: Terms,
    docs: Docs,
    /// Each facet's values with their labels (see [`super::Facet`]).
    facets: BTreeMap<String, BTreeMap<String, String>>,
}

/// Document entries, a file's worth ([`Limits::docs_per_file`]) at a time.
#[derive(Default)]
struct Docs {
    count: u32,
    /// The file being filled: its page entries (`["url","title"]`, separated by commas), the
    /// last one's range in it (a page's documents are added one after another, and share
    /// it), and its document entries (`[page,"anchor","heading","text",flags]`, idem).
    pages: String,
    last_page: std::ops::Range<usize>,
    page_count: u32,
    entries: String,
    in_file: usize,
    /// Finished files not written yet: until the documents alone are over
    /// `Limits::inline_bytes`, the index may still fit in one file.
    held: Vec<String>,
    /// Files written so far.
    written: usize,
    /// Bytes of all files so far, with their separators.
    bytes: usize,
    streaming: bool,
}

impl Docs {
    /// The file being filled, `[[pages…],[documents…]]`, taken (or None when empty).
    fn take_file(&mut self) -> Option<String> {
        if self.in_file == 0 {
            return None;
        }
        let file = format!("[[{}],[{}]]", self.pages, self.entries);
        self.pages.clear();
        self.entries.clear();
        self.last_page = 0..0;
        self.page_count = 0;
        self.in_file = 0;
        self.bytes += file.len() + 1;
        Some(file)
    }
}

impl<'a> IndexBuilder<'a> {
    fn new(lang: &'a str, limits: &'a Limits, out: &'a dyn Sink) -> Self {
        let mut terms = Terms::default();
        for t in stop_tokens(lang) {
            terms.intern(term_hash(&t), &t, Kind::Stop);
        }
        IndexBuilder {
            lang,
            stem_words: stems(lang),
            limits,
            out,
            errors: Vec::new(),
            terms,
            docs: Docs::default(),
            facets: BTreeMap::new(),
        }
    }

    fn add(&mut self, page: &PageDocs) {
        for doc in page.docs() {
            let id = self.docs.count;
            self.add_entry(doc.page, doc.entry);
            for k in doc.terms {
                let (hash, t, bits) = page.term(k);
                let kind = match bits & FACET_MARK {
                    0 => Kind::Indexed,
                    _ => Kind::Facet,
                };
                let term = self.terms.intern(hash, t, kind);
                term.post(id * 8 + u32::from(bits & 7), self.limits);
            }
        }
        let (facets, stale) = page.facets();
        for f in facets {
            let values = match self.facets.get_mut(&f.name) {
                Some(values) => values,
                None => self.facets.entry(f.name.clone()).or_default(),
            };
            if !values.contains_key(&f.value) {
                values.insert(f.value.clone(), f.label.clone());
            }
        }
        if stale {
            let (name, value) = STALE_FACET;
            let values = self.facets.entry(name.into()).or_default();
            values.entry(value.into()).or_default();
        }
    }

    fn add_entry(&mut self, page: &str, entry: &str) {
        let docs = &mut self.docs;
        if docs.pages.get(docs.last_page.clone()) != Some(page) {
            if docs.page_count > 0 {
                docs.pages.push(',');
            }
            let start = docs.pages.len();
            docs.pages.push_str(page);
            docs.last_page = start..docs.pages.len();
            docs.page_count += 1;
        }
        if docs.in_file > 0 {
            docs.entries.push(',');
        }
        let _ = write!(docs.entries, "[{},", docs.page_count - 1);
        docs.entries.push_str(entry);
        docs.entries.push(']');
        docs.in_file += 1;
        docs.count += 1;
        if docs.in_file >= self.limits.docs_per_file.max(1) {
            let file = docs.take_file().expect("not empty");
            docs.held.push(file);
        }
        if !self.docs.streaming
            && self.docs.bytes + self.docs.entries.len() > self.limits.inline_bytes
        {
            self.docs.streaming = true;
        }
        if self.docs.streaming {
            self.write_held();
        }
    }

    fn write_held(&mut self) {
        for file in std::mem::take(&mut self.docs.held) {
            let path = format!("{}/{}/d{}.json", super::DIR, self.lang, self.docs.written);
            self.docs.written += 1;
            self.put(path, file.into_bytes());
        }
    }

    fn put(&mut self, path: String, bytes: Vec<u8>) {
        let file = OutFile {
            path,
            data: Data::Bytes(bytes),
        };
        if let Err(e) = self.out.put(file) {
            self.errors.push(e);
        }
    }

    /// Writes the term shards (or the one file of a small index) and the main file.
    fn finish(mut self) -> Vec<Diagnostic> {
        let mut terms = std::mem::take(&mut self.terms);
        for t in terms.table.iter_mut() {
            t.trim(self.limits);
        }
        let sorted = Sorted::new(&terms);
        let mut common: Vec<&str> = terms
            .terms()
            .filter(|t| matches!(t.kind, Kind::Stop | Kind::Common))
            .map(|t| terms.text_of(t))
            .collect();
        common.sort_unstable_by(|a, b| utf16_order(a, b));
        let mut head = Head {
            lang: self.lang,
            stem: self.stem_words,
            count: self.docs.count,
            docs: "null".into(),
            per_file: self.limits.docs_per_file.max(1),
            terms: b"null".to_vec(),
            starts: Vec::new(),
            common: serde_json::to_string(&common).expect("strings serialize"),
            facets: serde_json::to_string(&self.facets).expect("strings serialize"),
        };
        if let Some(last) = self.docs.take_file() {
            self.docs.held.push(last);
        }
        let fits = !self.docs.streaming
            && self.docs.bytes + sorted.bytes + head.common.len() + head.facets.len() + 256
                <= self.limits.inline_bytes;
        if fits {
            self.inline(&sorted, &mut head);
        } else {
            self.write_held();
            self.write_shards(&sorted, &mut head);
        }
        let main = head.to_json();
        self.put(format!("{}/{}.json", super::DIR, self.lang), main);
        self.errors
    }

    /// A small index: documents and terms go in the main file.
    fn inline(&mut self, sorted: &Sorted<'_>, head: &mut Head<'_>) {
        head.docs = format!("[{}]", self.docs.held.join(","));
        let mut terms = Vec::with_capacity(sorted.bytes);
        terms.push(b'{');
        for k in 0..sorted.order.len() {
            if k > 0 {
                terms.push(b',');
            }
            sorted.write(k, &mut terms);
        }
        terms.push(b'}');
        head.terms = terms;
    }

    /// Even shards: the fewest of at most `shard_bytes` each, cut where the running total
    /// passes a shard's share, at the middle of the term that crosses it. The share leaves
    /// room for the largest term, so that such a cut never overflows the budget.
    fn write_shards<'t>(&mut self, sorted: &Sorted<'t>, head: &mut Head<'t>) {
        let budget = self.limits.shard_bytes.max(1);
        let largest = sorted.sizes.iter().max().map_or(0, |s| s + 2);
        let total = sorted.bytes;
        let n = total.div_ceil(budget.saturating_sub(largest).max(1)).max(1);
        let mut shard: Vec<u8> = Vec::new();
        let mut done = 0; // Bytes of the terms before this shard, as counted in `total`.
        let mut in_shard = 0;
        for (k, &size) in sorted.sizes.iter().enumerate() {
            let share_ends = head.starts.len() * total / n;
            let over_share = done + in_shard + size / 2 > share_ends;
            let over_budget = shard.len() + 1 + size + 1 > budget;
            if !shard.is_empty() && (over_share || over_budget) {
                shard.push(b'}');
                self.put_shard(head.starts.len() - 1, std::mem::take(&mut shard));
                done += in_shard;
                in_shard = 0;
            }
            if shard.is_empty() {
                shard.push(b'{');
                head.starts.push(sorted.text(k));
            } else {
                shard.push(b',');
            }
            sorted.write(k, &mut shard);
            in_shard += size + 1;
        }
        if shard.is_empty() {
            // No terms at all: one empty shard keeps `starts` and the files in step.
            shard.push(b'{');
            head.starts.push("");
        }
        shard.push(b'}');
        self.put_shard(head.starts.len() - 1, shard);
    }

    fn put_shard(&mut self, k: usize, bytes: Vec<u8>) {
        let path = format!("{}/{}/t{k}.json", super::DIR, self.lang);
        self.put(path, bytes);
    }
}

/// The terms that have postings, in UTF-16 order, with the size of their JSON entries.
struct Sorted<'t> {
    terms: &'t Terms,
    order: Vec<&'t Term>,
    sizes: Vec<usize>,
    /// Bytes of all entries as one JSON object.
    bytes: usize,
}

impl<'t> Sorted<'t> {
    fn new(terms: &'t Terms) -> Self {
        let mut order: Vec<&Term> = terms.terms().filter(|t| t.count > 0).collect();
        order.sort_unstable_by(|a, b| utf16_order(terms.text_of(a), terms.text_of(b)));
        let sizes: Vec<usize> = order
            .iter()
            .map(|t| entry_len(terms.text_of(t), t))
            .collect();
        let bytes = sizes.iter().map(|s| s + 1).sum::<usize>() + 1;
        Sorted {
            terms,
            order,
            sizes,
            bytes,
        }
    }

    fn text(&self, k: usize) -> &'t str {
        self.terms.text_of(self.order[k])
    }

    /// The `k`-th entry, `"term":[d1,d2,…]`.
    fn write(&self, k: usize, out: &mut Vec<u8>) {
        write_entry(out, self.text(k), self.order[k]);
    }
}

/// The main file, `search/<lang>.json`, with its parts already serialized.
struct Head<'a> {
    lang: &'a str,
    stem: bool,
    count: u32,
    docs: String,
    per_file: usize,
    terms: Vec<u8>,
    starts: Vec<&'a str>,
    common: String,
    facets: String,
}

impl Head<'_> {
    fn to_json(&self) -> Vec<u8> {
        let string = |s: &str| serde_json::to_string(s).expect("a string serializes");
        let mut out = format!(
            "{{\"version\":{},\"lang\":{},\"stem\":{},\"count\":{},\"docs\":{},\"per_file\":{},\"terms\":",
            super::FORMAT_VERSION,
            string(self.lang),
            if self.stem { "\"en\"" } else { "null" },
            self.count,
            self.docs,
            self.per_file,
        )
        .into_bytes();
        out.extend_from_slice(&self.terms);
        out.extend_from_slice(b",\"starts\":");
        out.extend(
            serde_json::to_string(&self.starts)
                .expect("strings serialize")
                .bytes(),
        );
        out.extend_from_slice(b",\"common\":");
        out.extend(self.common.bytes());
        out.extend_from_slice(b",\"facets\":");
        out.extend(self.facets.bytes());
        out.push(b'}');
        out
    }
}

/// `"term":"…"`, the postings as differences in [`push_postings`]'s characters.
fn write_entry(out: &mut Vec<u8>, t: &str, term: &Term) {
    // A delta of one LEB128 byte (7 bits) takes at most 2 characters (5 bits each).
    out.reserve(key_len(t) + 3 + term.postings.len() * 2);
    match key_len(t) == t.len() + 2 {
        true => {
            out.push(b'"');
            out.extend_from_slice(t.as_bytes());
            out.push(b'"');
        }
        false => serde_json::to_writer(&mut *out, t).expect("a string serializes"),
    }
    out.extend_from_slice(b":\"");
    for d in Deltas(&term.postings) {
        push_postings(out, d);
    }
    out.push(b'"');
}

/// The length of `write_entry`'s output, without writing it.
fn entry_len(t: &str, term: &Term) -> usize {
    let chars: usize = Deltas(&term.postings).map(postings_len).sum();
    key_len(t) + 3 + chars
}

/// The length of a term as a JSON string: most need no escaping (words, CJK).
fn key_len(t: &str) -> usize {
    if plain_json_len(t.as_bytes()) == t.len() {
        return t.len() + 2;
    }
    let mut key = Counter(0);
    serde_json::to_writer(&mut key, t).expect("a string serializes");
    key.0
}

struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The order of UTF-16 code units (JavaScript's `<` and `sort()`), so that `search.js` finds a
/// term's shard by comparing strings. UTF-8 bytes sort by code point, which differs only where
/// U+10000 and above (surrogates in UTF-16, lead bytes F0–F4 in UTF-8) meet U+E000–U+FFFF
/// (lead bytes EE, EF).
pub(super) fn utf16_order(a: &str, b: &str) -> Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    match x.iter().zip(y).position(|(p, q)| p != q) {
        None => x.len().cmp(&y.len()),
        Some(i) => {
            let (p, q) = (x[i], y[i]);
            match (p >= 0xF0, q >= 0xF0) {
                (true, false) if q >= 0xEE => Ordering::Less,
                (false, true) if p >= 0xEE => Ordering::Greater,
                _ => p.cmp(&q),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::decode_postings;

    #[test]
    fn utf16_order_is_javascripts() {
        let words = [
            "a",
            "ab",
            "b",
            "z",
            "é",
            "支",
            "支持",
            "\u{E000}",
            "\u{FF66}",
            "\u{FFFD}",
            "\u{20000}",
            "\u{20000}a",
            "\u{2A6D6}",
            "",
            "\u{FF21}",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    utf16_order(a, b),
                    a.encode_utf16().cmp(b.encode_utf16()),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn postings_read_back() {
        let values = [0, 1, 31, 32, 1023, 1024, 99_999, u32::MAX];
        let mut out = Vec::new();
        for v in values {
            push_postings(&mut out, v);
        }
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.len(), values.map(postings_len).iter().sum::<usize>());
        // As differences: each value is the sum of those before.
        let mut sum = 0u32;
        let expected: Vec<u32> = values
            .iter()
            .map(|&v| {
                sum = sum.wrapping_add(v);
                sum
            })
            .collect();
        assert_eq!(decode_postings(&text), Some(expected));
        assert_eq!(decode_postings("0!"), None);
    }
}
