//! Highlighted code kept by (language, code): a block repeated on many pages, or unchanged by
//! an edit in `serve`, is highlighted once.
//!
//! The cache is a process-wide memo of a pure function (the same language and code always give
//! the same HTML), so sharing it between builds and across serve's rebuilds changes no output;
//! it is bounded, and emptied shard by shard when full.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, OnceLock};

/// Shards, so that the rayon threads of a build seldom wait for one another.
const SHARDS: usize = 16;
/// Bytes of code and HTML one shard keeps before it starts again.
const SHARD_BYTES: usize = 8 << 20;

struct Entry {
    lang: &'static str,
    code: Box<str>,
    html: Arc<str>,
}

#[derive(Default)]
struct Shard {
    /// By the hash of (language, code); the entries compared in full.
    map: HashMap<u64, Vec<Entry>>,
    bytes: usize,
}

pub(crate) struct Cache {
    hasher: std::hash::RandomState,
    shards: Vec<Mutex<Shard>>,
}

impl Cache {
    pub(crate) fn new() -> Self {
        Cache {
            hasher: std::hash::RandomState::new(),
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }

    /// The HTML for `code` in `lang`, from `make` the first time.
    pub(crate) fn get_or(
        &self,
        lang: &'static str,
        code: &str,
        make: impl FnOnce() -> String,
    ) -> Arc<str> {
        let hash = self.hasher.hash_one((lang, code));
        let shard = &self.shards[(hash as usize) % SHARDS];
        if let Some(html) = lookup(
            &shard.lock().unwrap_or_else(|e| e.into_inner()),
            hash,
            lang,
            code,
        ) {
            return html;
        }
        // Highlighted without the lock: another thread may do the same block meanwhile, and
        // both get the same HTML.
        let html: Arc<str> = Arc::from(make());
        let mut s = shard.lock().unwrap_or_else(|e| e.into_inner());
        let size = code.len() + html.len();
        if s.bytes + size > SHARD_BYTES {
            s.map.clear();
            s.bytes = 0;
        }
        s.bytes += size;
        s.map.entry(hash).or_default().push(Entry {
            lang,
            code: code.into(),
            html: html.clone(),
        });
        html
    }
}

fn lookup(shard: &Shard, hash: u64, lang: &str, code: &str) -> Option<Arc<str>> {
    shard
        .map
        .get(&hash)?
        .iter()
        .find(|e| e.lang == lang && &*e.code == code)
        .map(|e| e.html.clone())
}

/// The one cache of the process, shared by every build and every rebuild of `serve`.
pub(crate) fn shared() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Cache::new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_repeated_block_is_made_once() {
        let cache = Cache::new();
        let made = Cell::new(0);
        let make = |s: &str| {
            made.set(made.get() + 1);
            s.to_uppercase()
        };
        assert_eq!(
            &*cache.get_or("bash", "echo a", || make("echo a")),
            "ECHO A"
        );
        assert_eq!(
            &*cache.get_or("bash", "echo a", || make("echo a")),
            "ECHO A"
        );
        assert_eq!(made.get(), 1);
        // Another language or another code is another entry.
        cache.get_or("yaml", "echo a", || make("y"));
        cache.get_or("bash", "echo b", || make("b"));
        assert_eq!(made.get(), 3);
    }

    #[test]
    fn a_full_shard_starts_again() {
        let cache = Cache::new();
        let big = "x".repeat(SHARD_BYTES / 3);
        for i in 0..40 {
            let code = format!("{i}{big}");
            cache.get_or("text", &code, String::new);
        }
        let kept: usize = cache.shards.iter().map(|s| s.lock().unwrap().bytes).sum();
        assert!(kept <= SHARDS * SHARD_BYTES, "{kept}");
    }
}
