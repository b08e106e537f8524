//! Text into tokens: words folded (and stemmed for English), CJK runs as bigrams, and the
//! English stop words (the rules are in the parent module's docs).

use unicode_normalization::UnicodeNormalization;

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
pub(super) fn tokenize_with(
    text: &str,
    stem_words: bool,
    folded: &mut String,
    f: &mut impl FnMut(&str),
) {
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
    fn word_characters_of_cjk_punctuation_are_unicodes() {
        for c in ('\u{2000}'..'\u{2070}')
            .chain('\u{3000}'..'\u{3040}')
            .chain('\u{FF00}'..'\u{FF40}')
        {
            assert_eq!(is_word_char(c), c.is_alphanumeric() && !is_cjk(c), "{c:?}");
        }
    }
}
