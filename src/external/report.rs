//! What the checked URLs mean for the pages: a diagnostic at every place a bad link occurs
//! (`external-broken`, `external-unknown`, `external-redirect`), and a summary of counts and
//! hosts for the closing report.

use super::cache::{Entry, days};
use super::collect::Place;
use super::fetch::Kind;
use crate::diagnostics::Diagnostic;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;

/// How one URL came out, for the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Ok,
    Redirected,
    Broken,
    Unknown,
}

/// Counts for one host, or for all of them.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Counts {
    pub(crate) urls: usize,
    pub(crate) ok: usize,
    pub(crate) broken: usize,
    pub(crate) unknown: usize,
    pub(crate) redirected: usize,
}

impl Counts {
    fn add(&mut self, v: Verdict) {
        self.urls += 1;
        match v {
            Verdict::Ok => self.ok += 1,
            Verdict::Redirected => {
                self.ok += 1;
                self.redirected += 1;
            }
            Verdict::Broken => self.broken += 1,
            Verdict::Unknown => self.unknown += 1,
        }
    }
}

/// The closing summary: counts, and counts per host.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Summary {
    #[serde(flatten)]
    pub(crate) counts: Counts,
    /// Places the URLs occur at.
    pub(crate) places: usize,
    /// URLs answered from the cache, without a request.
    pub(crate) cached: usize,
    /// URLs left out by `links.exclude`.
    pub(crate) excluded: usize,
    pub(crate) hosts: BTreeMap<String, Counts>,
}

impl Summary {
    pub(crate) fn add(&mut self, host: &str, places: usize, cached: bool, v: Verdict) {
        self.counts.add(v);
        self.places += places;
        self.cached += usize::from(cached);
        self.hosts.entry(host.to_string()).or_default().add(v);
    }

    /// The lines people read: the counts, then the hosts with problems (all hosts with
    /// `every_host`).
    pub(crate) fn lines(&self, every_host: bool) -> Vec<String> {
        let c = &self.counts;
        let mut lines = vec![format!(
            "External links: {} URLs at {} places on {} hosts ({} from the cache, {} excluded): {} ok, {} broken, {} unknown, {} redirected",
            c.urls,
            self.places,
            self.hosts.len(),
            self.cached,
            self.excluded,
            c.ok,
            c.broken,
            c.unknown,
            c.redirected
        )];
        for (host, h) in &self.hosts {
            if every_host || h.broken + h.unknown > 0 {
                lines.push(format!(
                    "  {host}: {} URLs, {} broken, {} unknown, {} redirected",
                    h.urls, h.broken, h.unknown, h.redirected
                ));
            }
        }
        lines
    }
}

/// What judging one URL needs to know besides its entry.
pub(crate) struct Rules {
    pub(crate) today: Date,
    pub(crate) fail_after: i64,
}

/// The diagnostics of one URL at each of its places, and its verdict.
pub(crate) fn judge(entry: &Entry, places: &[Place], rules: &Rules) -> (Verdict, Vec<Diagnostic>) {
    let o = &entry.outcome;
    let failing_days = entry.first_failed.map(|d| days(d, rules.today));
    let (verdict, problem) = match o.result {
        Kind::Ok => (Verdict::Ok, None),
        Kind::Broken => (Verdict::Broken, Some(o.message.clone())),
        Kind::Transient => {
            let since = entry.first_failed.unwrap_or(rules.today);
            let n = failing_days.unwrap_or(0);
            if n >= rules.fail_after {
                let why = format!("{}, failing since {since} ({n} days)", o.message);
                (Verdict::Broken, Some(why))
            } else {
                let why = format!(
                    "{}, failing since {since}; reported broken if it still fails after {} days (links.fail_after)",
                    o.message, rules.fail_after
                );
                (Verdict::Unknown, Some(why))
            }
        }
        Kind::Unknown => (Verdict::Unknown, Some(o.message.clone())),
    };
    let mut diags = Vec::new();
    let mut missing_fragment = false;
    for place in places {
        let at = |d: Diagnostic| d.at(&place.file, Some(place.line));
        if let Some(why) = &problem {
            diags.push(at(match verdict {
                Verdict::Broken => Diagnostic::error(
                    "external-broken",
                    format!("broken external link `{}`: {why}", place.written),
                ),
                _ => Diagnostic::warning(
                    "external-unknown",
                    format!(
                        "external link `{}` could not be judged: {why}",
                        place.written
                    ),
                ),
            }));
            continue;
        }
        if let Some(f) = &place.fragment
            && o.fragments.get(f) == Some(&false)
        {
            missing_fragment = true;
            diags.push(at(Diagnostic::error(
                "external-broken",
                format!(
                    "broken external link `{}`: the page has no element with id `{f}`",
                    place.written
                ),
            )));
        }
        if let Some(to) = &o.moved_to {
            let to = match &place.fragment {
                Some(f) if !to.contains('#') => format!("{to}#{f}"),
                _ => to.clone(),
            };
            diags.push(at(Diagnostic::note(
                "external-redirect",
                format!(
                    "`{}` redirects permanently to `{to}`: link there",
                    place.written
                ),
            )));
        }
    }
    let verdict = match verdict {
        Verdict::Ok if missing_fragment => Verdict::Broken,
        Verdict::Ok if o.moved_to.is_some() => Verdict::Redirected,
        v => v,
    };
    (verdict, diags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::external::fetch::Outcome;

    fn entry(result: Kind, first_failed: Option<&str>) -> Entry {
        Entry {
            outcome: Outcome {
                result,
                status: Some(503),
                message: "503 Service Unavailable".into(),
                moved_to: None,
                fragments: BTreeMap::new(),
                lookup_failed: false,
            },
            checked: "2024-03-04".parse().unwrap(),
            first_failed: first_failed.map(|d| d.parse().unwrap()),
        }
    }

    #[test]
    fn a_transient_failure_is_broken_only_after_fail_after_days() {
        let places = [Place {
            file: "content/a.md".into(),
            line: 3,
            written: "https://a.org/x".into(),
            fragment: None,
        }];
        let rules = Rules {
            today: "2024-03-04".parse().unwrap(),
            fail_after: 3,
        };
        let (v, d) = judge(&entry(Kind::Transient, Some("2024-03-02")), &places, &rules);
        assert_eq!(v, Verdict::Unknown);
        assert_eq!(d[0].code, "external-unknown");
        assert!(
            d[0].message.contains("failing since 2024-03-02"),
            "{}",
            d[0].message
        );
        let (v, d) = judge(&entry(Kind::Transient, Some("2024-03-01")), &places, &rules);
        assert_eq!(v, Verdict::Broken);
        assert_eq!(
            d[0].to_string(),
            "content/a.md:3: error[external-broken]: broken external link `https://a.org/x`: 503 Service Unavailable, failing since 2024-03-01 (3 days)"
        );
    }
}
