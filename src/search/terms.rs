//! Term tables: a page's distinct terms ([`DocTerms`]), and the index's ([`Terms`]), where
//! terms are interned once, each with its postings kept as variable-length deltas, and what a
//! common term keeps of them.

use super::{FIELD_FAQ, FIELD_HEADING, FIELD_TITLE, Limits};
use std::hash::BuildHasher;

/// The hasher of term tables, a page's and the index's (a term is hashed once, where the page is
/// tokenized).
pub(super) fn term_hash(t: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(t)
}

/// Terms of documents, packed: joined in one string, each with its hash (for the index's
/// table), where it ends, and the fields it appears in (title, heading, FAQ question; 0 for
/// body text only).
#[derive(Default)]
pub(super) struct DocTerms {
    joined: String,
    /// (hash, end in `joined`, field bits); a term starts where the previous one ends.
    entries: Vec<(u64, u32, u8)>,
    /// The first entry of the document being added.
    doc_start: usize,
}

/// The terms of the document being added, told apart by a small open-addressing table over
/// `DocTerms::entries`: most of a section's terms are new to it, so inserting must be cheap.
/// The table is sized for each document, so that a small one probes a few kilobytes even
/// after a large one.
#[derive(Default)]
pub(super) struct Seen {
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
    pub(super) fn clear(&mut self) {
        self.joined.clear();
        self.entries.clear();
        self.doc_start = 0;
    }

    /// Starts the terms of a new document of about `bytes` bytes of text.
    pub(super) fn start_doc(&mut self, seen: &mut Seen, bytes: usize) {
        self.doc_start = self.entries.len();
        // A token per 3 bytes at most in CJK text, fewer in words; at most half full. Sized
        // for the text up to 64 Ki slots, grown past that as terms come (`add`): sized for a
        // 20 MB page it took 256 MB, kept by the thread, for a few thousand distinct words.
        seen.reset(bytes.min(1 << 16).next_power_of_two().max(64));
    }

    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The `k`-th term: (hash, term, field bits).
    pub(super) fn get(&self, k: usize) -> (u64, &str, u8) {
        let (hash, end, bits) = self.entries[k];
        let start = match k {
            0 => 0,
            _ => self.entries[k - 1].1 as usize,
        };
        (hash, &self.joined[start..end as usize], bits)
    }

    /// Adds a term of the current document, or the field bits to it if it has it already.
    pub(super) fn add(&mut self, seen: &mut Seen, t: &str, bits: u8) {
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

/// Interned terms: their text in one string, the terms themselves in a hash table (so that
/// a lookup and the posting after it touch little memory: most of this table is out of the
/// cache on a large site).
#[derive(Default)]
pub(super) struct Terms {
    text: String,
    pub(super) table: hashbrown::HashTable<Term>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Indexed,
    /// A stop word: never gets postings.
    Stop,
    /// In more than `max_postings` documents: keeps its title, heading and question postings
    /// and its first `common_body` others.
    Common,
    /// A facet (`name:value`): keeps every posting, a filter needs them all.
    Facet,
}

pub(super) struct Term {
    /// Where the term is in `Terms::text`.
    start: u32,
    end: u32,
    /// The term itself when it has at most 8 bytes (most do), see [`short_key`]: compared
    /// without reading `Terms::text`.
    key: u64,
    pub(super) kind: Kind,
    /// Postings kept, those of them in body text only, and the last one (`doc id × 8 + field
    /// bits`).
    pub(super) count: u32,
    body: u32,
    last: u32,
    /// Differences from the previous posting, LEB128.
    pub(super) postings: Vec<u8>,
}

/// A term of at most 8 bytes as a number, which with its length tells it from any other such
/// term (0 for longer ones). Read with whole loads: copying a few bytes into an array and
/// reading it back as one number stalls the processor.
fn short_key(t: &[u8]) -> u64 {
    let n = t.len();
    let u32_at = |i: usize| u64::from(u32::from_le_bytes(t[i..i + 4].try_into().expect("4 bytes")));
    match n {
        0 => 0,
        1..=3 => u64::from(t[0]) | u64::from(t[n / 2]) << 8 | u64::from(t[n - 1]) << 16,
        4..=8 => u32_at(0) | u32_at(n - 4) << 32,
        _ => 0,
    }
}

impl Terms {
    pub(super) fn text_of(&self, term: &Term) -> &str {
        &self.text[term.start as usize..term.end as usize]
    }

    pub(super) fn terms(&self) -> impl Iterator<Item = &Term> {
        self.table.iter()
    }

    pub(super) fn intern(&mut self, hash: u64, t: &str, kind: Kind) -> &mut Term {
        let Terms { text, table } = self;
        let key = short_key(t.as_bytes());
        let same = |term: &Term| {
            (term.end - term.start) as usize == t.len()
                && term.key == key
                && (t.len() <= 8 || &text[term.start as usize..term.end as usize] == t)
        };
        // Not `entry`, which makes room for an insert first: most terms are found.
        match table.find_entry(hash, same) {
            Ok(found) => found.into_mut(),
            Err(absent) => {
                let start = text.len() as u32;
                text.push_str(t);
                let term = Term {
                    start,
                    end: text.len() as u32,
                    key,
                    kind,
                    count: 0,
                    body: 0,
                    last: 0,
                    postings: Vec::new(),
                };
                let hasher = |term: &Term| term_hash(&text[term.start as usize..term.end as usize]);
                absent
                    .into_table()
                    .insert_unique(hash, term, hasher)
                    .into_mut()
            }
        }
    }
}

impl Term {
    pub(super) fn post(&mut self, value: u32, limits: &Limits) {
        let max = limits.max_postings as u32;
        let keep = match self.kind {
            Kind::Stop => false,
            Kind::Facet => true,
            Kind::Indexed if self.count < max => true,
            Kind::Indexed => {
                self.make_common(limits);
                self.keeps(value, limits)
            }
            Kind::Common => self.keeps(value, limits),
        };
        if keep {
            self.push(value);
        }
    }

    /// Whether a common term keeps this posting while the index is built: every title, heading
    /// or question one (`trim` keeps the best of them at the end), others up to `common_body`.
    fn keeps(&self, value: u32, limits: &Limits) -> bool {
        in_field(value) || self.body < limits.common_body as u32
    }

    /// Keeps the `max_postings` title, heading and question postings of a common term that
    /// `search.js` ranks highest (then the first in site order), as its results would show.
    pub(super) fn trim(&mut self, limits: &Limits) {
        let max = limits.max_postings;
        if self.kind != Kind::Common || (self.count - self.body) as usize <= max {
            return;
        }
        let rank = |v: u32| {
            let bits = v & 7;
            [(FIELD_TITLE, 4), (FIELD_HEADING, 3), (FIELD_FAQ, 4)]
                .iter()
                .filter(|(f, _)| bits & u32::from(*f) != 0)
                .map(|(_, r)| r)
                .sum::<u32>()
        };
        let (mut fields, body): (Vec<u32>, Vec<u32>) =
            Postings::new(&self.postings).partition(|&v| in_field(v));
        fields.sort_by_key(|&v| (std::cmp::Reverse(rank(v)), v));
        fields.truncate(max);
        fields.extend(body);
        fields.sort_unstable();
        self.postings.clear();
        self.count = 0;
        self.body = 0;
        self.last = 0;
        for v in fields {
            self.push(v);
        }
        self.postings.shrink_to_fit();
    }

    fn push(&mut self, value: u32) {
        push_varint(&mut self.postings, value - self.last);
        self.last = value;
        self.count += 1;
        if !in_field(value) {
            self.body += 1;
        }
    }

    /// Keeps only what a common term keeps of the postings so far.
    fn make_common(&mut self, limits: &Limits) {
        let all = std::mem::take(&mut self.postings);
        self.kind = Kind::Common;
        self.count = 0;
        self.body = 0;
        self.last = 0;
        for value in Postings::new(&all) {
            if self.keeps(value, limits) {
                self.push(value);
            }
        }
        self.postings.shrink_to_fit();
    }
}

/// Whether a posting is in a title, heading or question (has field bits).
fn in_field(posting: u32) -> bool {
    posting & 7 != 0
}

fn push_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The characters of posting lists in the index files: 64 that JSON strings and URLs take as
/// they are. A difference is written 5 bits at a time, lowest first, as `POSTING_CHARS[bits]`
/// with 32 added to every group but the last (so a difference under 32, the most frequent, is
/// one character). `search.js` reads them back (`decodePostings`).
pub(super) const POSTING_CHARS: &[u8; 64] =
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Appends a difference `v` in [`POSTING_CHARS`].
pub(super) fn push_postings(out: &mut Vec<u8>, mut v: u32) {
    while v >= 32 {
        out.push(POSTING_CHARS[(32 | (v & 31)) as usize]);
        v >>= 5;
    }
    out.push(POSTING_CHARS[v as usize]);
}

/// How many characters [`push_postings`] writes for `v`.
pub(super) fn postings_len(v: u32) -> usize {
    (32 - v.leading_zeros() as usize).div_ceil(5).max(1)
}

/// A posting list as written in the index: each `doc id × 8 + field bits` (for tests and
/// tools reading an index back). None if it has a character that is not a posting's.
pub fn decode_postings(s: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let (mut sum, mut acc, mut shift) = (0u32, 0u32, 0u32);
    for b in s.bytes() {
        let c = POSTING_CHARS.iter().position(|&p| p == b)? as u32;
        acc |= (c & 31).checked_shl(shift).unwrap_or(0);
        if c & 32 != 0 {
            shift += 5;
        } else {
            sum = sum.wrapping_add(acc);
            out.push(sum);
            (acc, shift) = (0, 0);
        }
    }
    Some(out)
}

/// The deltas of a posting list, decoded.
pub(super) struct Deltas<'a>(pub(super) &'a [u8]);

impl Iterator for Deltas<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        let mut v = 0u32;
        let mut shift = 0;
        loop {
            let (&b, rest) = self.0.split_first()?;
            self.0 = rest;
            v |= u32::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
            shift += 7;
        }
    }
}

/// The postings of a list, decoded.
struct Postings<'a> {
    deltas: Deltas<'a>,
    value: u32,
}

impl<'a> Postings<'a> {
    fn new(list: &'a [u8]) -> Self {
        Postings {
            deltas: Deltas(list),
            value: 0,
        }
    }
}

impl Iterator for Postings<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        self.value += self.deltas.next()?;
        Some(self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let mut out = Vec::new();
        let values = [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX];
        for v in values {
            push_varint(&mut out, v);
        }
        assert_eq!(Deltas(&out).collect::<Vec<_>>(), values);
    }
}
