//! Translation drift: whether a translation's source (the default-language page) changed
//! after the translation was last updated.
//!
//! Drift needs a "last changed" time per file. In a git checkout it comes from git
//! (`crate::git::FileDates`, one pass over the history of `content/`). Outside git the front
//! matter's `updated` (else `date`) is used. A shallow clone has lost the history that would
//! tell, so it is reported and no translation is called outdated.
//!
//! Uncommitted work counts: a file modified in the work tree (staged or not) is dated by its
//! modification time, so a translator who has just updated a page sees the warning go away
//! before committing, and an author who edits a source sees which translations it leaves behind.
//! An untracked file has no git date and falls back to its front matter.

use crate::config::Config;
use crate::content::{Content, Page};
use crate::diagnostics::Diagnostic;
pub(crate) use crate::git::DateSource;
use crate::git::FileDates;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;

/// A translation whose source changed after it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Outdated {
    /// The translation and its source, as page indexes.
    #[serde(skip)]
    pub(crate) page: usize,
    #[serde(skip)]
    pub(crate) source: usize,
    pub(crate) file: PathBuf,
    pub(crate) source_file: PathBuf,
    #[serde(serialize_with = "iso_date")]
    pub(crate) source_date: Date,
    #[serde(serialize_with = "iso_date")]
    pub(crate) translated_date: Date,
}

fn iso_date<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// Drift of every translation in the site.
#[derive(Debug, Clone)]
pub(crate) struct Drift {
    pub(crate) date_source: DateSource,
    /// Page index → its drift, for outdated translations only.
    pub(crate) outdated: HashMap<usize, Outdated>,
}

impl Drift {
    pub(crate) fn none(date_source: DateSource) -> Drift {
        Drift {
            date_source,
            outdated: HashMap::new(),
        }
    }
}

/// A day as seconds since the epoch (its start, UTC), to compare with git's times.
fn day_start(d: Date) -> Option<i64> {
    d.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp().as_second())
}

fn day_of(time: i64) -> Date {
    jiff::Timestamp::from_second(time)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
        .unwrap_or_default()
}

/// Finds the outdated translations. `translations[i]` are the other-language versions of page `i`
/// (as `site::translations` computes them). Outdated translations are `translation-outdated`
/// warnings on the translation's file.
pub(crate) fn drift(
    dates: &FileDates,
    content: &Content,
    translations: &[Vec<usize>],
    config: &Config,
) -> (Drift, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if !config.is_multilingual() {
        return (Drift::none(DateSource::FrontMatter), diags);
    }
    if dates.source() == DateSource::Shallow {
        diags.push(Diagnostic::warning(
            "translation-drift-shallow",
            "this is a shallow git clone, so when each page last changed is unknown: outdated translations cannot be judged (none are reported) and pages show no date from git; run `git fetch --unshallow`, or clone with full history (actions/checkout: `fetch-depth: 0`)",
        ));
        return (Drift::none(DateSource::Shallow), diags);
    }
    let date_source = dates.source();
    let changed = |p: &Page| -> Option<i64> {
        let file = p.file.as_ref()?;
        dates
            .get(file)
            .map(|c| c.time)
            .or_else(|| p.fm.updated.or(p.fm.date).and_then(day_start))
    };
    let default = &config.default_language;
    let mut drift = Drift::none(date_source);
    for (i, page) in content.pages.iter().enumerate() {
        if page.lang == *default || page.file.is_none() || page.fallback_of.is_some() {
            continue;
        }
        let Some(src) = translations[i].iter().copied().find(|&t| {
            let s = &content.pages[t];
            s.lang == *default && s.file.is_some() && s.fallback_of.is_none()
        }) else {
            continue;
        };
        let source = &content.pages[src];
        let (Some(s), Some(t)) = (changed(source), changed(page)) else {
            continue;
        };
        if s <= t {
            continue;
        }
        let o = Outdated {
            page: i,
            source: src,
            file: page.diag_file(),
            source_file: source.diag_file(),
            source_date: day_of(s),
            translated_date: day_of(t),
        };
        diags.push(
            Diagnostic::warning(
                "translation-outdated",
                format!(
                    "translation is out of date: its source {} changed on {}, after this translation was last updated on {}",
                    o.source_file.display(),
                    o.source_date,
                    o.translated_date
                ),
            )
            .at(&o.file, None),
        );
        drift.outdated.insert(i, o);
    }
    (drift, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_days() {
        let d: Date = "2024-03-04".parse().unwrap();
        let t = day_start(d).unwrap();
        assert_eq!(day_of(t), d);
        assert_eq!(day_of(t + 3600), d);
    }
}
