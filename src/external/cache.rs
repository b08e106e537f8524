//! The results file (`.sitegen/link-cache.json` by default): each URL's last outcome, the day
//! it was asked, and the day it was first seen failing. A good result younger than
//! `cache_ttl` days is reused without asking; a failure is always asked again, and its first
//! failing day is what `fail_after` counts from. Days are "today" as the FAQ checks see it
//! (`--today`, `SOURCE_DATE_EPOCH`), so runs are reproducible.

use super::fetch::{Kind, Outcome};
use crate::diagnostics::Diagnostic;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    #[serde(flatten)]
    pub(crate) outcome: Outcome,
    /// The day it was last asked.
    pub(crate) checked: Date,
    /// The first day of the failure going on now; None while it works.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) first_failed: Option<Date>,
}

#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    links: BTreeMap<String, Entry>,
}

pub(crate) struct Cache {
    path: PathBuf,
    /// The path as configured, for messages.
    shown: String,
    pub(crate) entries: BTreeMap<String, Entry>,
}

impl Cache {
    /// Reads the file; a missing one is an empty cache, and an unreadable or foreign one too,
    /// with a warning (it will be written anew).
    pub(crate) fn load(root: &Path, configured: &str) -> (Cache, Option<Diagnostic>) {
        let mut cache = Cache {
            path: root.join(configured),
            shown: configured.to_string(),
            entries: BTreeMap::new(),
        };
        let text = match std::fs::read_to_string(&cache.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (cache, None),
            Err(e) => return cache.warn_ignored(&e.to_string()),
        };
        match serde_json::from_str::<File>(&text) {
            Ok(file) if file.version == VERSION => {
                cache.entries = file.links;
                (cache, None)
            }
            Ok(file) => {
                let why = format!(
                    "it is version {}, this sitegen writes {VERSION}",
                    file.version
                );
                cache.warn_ignored(&why)
            }
            Err(e) => cache.warn_ignored(&e.to_string()),
        }
    }

    fn warn_ignored(self, why: &str) -> (Cache, Option<Diagnostic>) {
        let d = Diagnostic::warning(
            "external-cache",
            format!("the link cache cannot be read ({why}); every link is asked again"),
        )
        .at(&self.shown, None);
        (self, Some(d))
    }

    /// A good result for `url` young enough to reuse, that knows every fragment asked for
    /// (and found each).
    pub(crate) fn reusable(
        &self,
        url: &str,
        fragments: &[String],
        today: Date,
        ttl: i64,
    ) -> Option<&Entry> {
        let entry = self.entries.get(url)?;
        let age = days(entry.checked, today);
        let fresh = entry.outcome.result == Kind::Ok && (0..ttl).contains(&age);
        let known = fragments
            .iter()
            .all(|f| entry.outcome.fragments.get(f) == Some(&true));
        (fresh && known).then_some(entry)
    }

    /// Records what asking `url` today found, keeping the first day of a failure that goes on.
    pub(crate) fn record(&mut self, url: &str, outcome: Outcome, today: Date) -> &Entry {
        let failing = outcome.result != Kind::Ok;
        let since = self
            .entries
            .get(url)
            .and_then(|e| e.first_failed)
            .filter(|d| *d <= today);
        let entry = Entry {
            outcome,
            checked: today,
            first_failed: failing.then(|| since.unwrap_or(today)),
        };
        self.entries.insert(url.to_string(), entry);
        &self.entries[url]
    }

    /// Writes the file atomically. `keep`: when the whole site was checked, the URLs it has
    /// (the others are links that are gone).
    pub(crate) fn save(&mut self, keep: Option<&HashSet<&str>>) -> Result<(), Diagnostic> {
        if let Some(keep) = keep {
            self.entries.retain(|url, _| keep.contains(url.as_str()));
        }
        let file = File {
            version: VERSION,
            links: std::mem::take(&mut self.entries),
        };
        let text = serde_json::to_string_pretty(&file).expect("cache serializes");
        self.entries = file.links;
        let tmp = self.path.with_extension("json.tmp");
        let written = self
            .path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&tmp, format!("{text}\n")))
            .and_then(|()| std::fs::rename(&tmp, &self.path));
        written.map_err(|e| {
            Diagnostic::warning(
                "external-cache",
                format!("the link cache cannot be written: {e}"),
            )
            .at(&self.shown, None)
        })
    }
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub(crate) fn days(from: Date, to: Date) -> i64 {
    from.until(to).map(|s| i64::from(s.get_days())).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn outcome(result: Kind) -> Outcome {
        Outcome {
            result,
            status: Some(500),
            message: String::new(),
            moved_to: None,
            fragments: BTreeMap::new(),
            lookup_failed: false,
        }
    }

    #[test]
    fn a_failure_keeps_its_first_day_and_a_success_clears_it() {
        let dir = tempfile::tempdir().unwrap();
        let (mut cache, warning) = Cache::load(dir.path(), "c/links.json");
        assert!(warning.is_none());
        let u = "https://a.org/";
        cache.record(u, outcome(Kind::Transient), date("2024-03-01"));
        let e = cache.record(u, outcome(Kind::Transient), date("2024-03-03"));
        assert_eq!(e.first_failed, Some(date("2024-03-01")));
        cache.save(None).unwrap();
        let (mut again, _) = Cache::load(dir.path(), "c/links.json");
        assert_eq!(again.entries[u].first_failed, Some(date("2024-03-01")));
        let e = again.record(u, outcome(Kind::Ok), date("2024-03-04"));
        assert_eq!(e.first_failed, None);
        assert!(again.reusable(u, &[], date("2024-03-10"), 7).is_some());
        assert!(again.reusable(u, &[], date("2024-03-11"), 7).is_none());
        assert!(
            again
                .reusable(u, &["x".into()], date("2024-03-05"), 7)
                .is_none()
        );
        assert_eq!(days(date("2024-02-28"), date("2024-03-01")), 2);
    }

    #[test]
    fn a_broken_file_is_a_warning_and_an_empty_cache() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("c.json"), "{not json").unwrap();
        let (cache, warning) = Cache::load(dir.path(), "c.json");
        assert!(cache.entries.is_empty());
        let w = warning.unwrap();
        assert_eq!(w.code, "external-cache");
        assert_eq!(w.file.as_deref(), Some(Path::new("c.json")));
    }
}
