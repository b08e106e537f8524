//! Review policy on any page: `review_after` days (on the page, or cascaded from a section),
//! counted from `reviewed` (else from the page's last update), and an `owner` to ask. A page
//! past its review date is stale: a `page-stale` problem at its file and line (an error with
//! `--deny-stale`), a notice on the page, and an entry in the reports with the owner. Pages
//! without `review_after` are not judged.

use super::Ages;
use crate::content::{Content, Page};
use crate::diagnostics::Diagnostic;
use jiff::civil::Date;
use serde::Serialize;
use std::path::PathBuf;

/// A page's review state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Review {
    /// `reviewed` from the front matter, when given.
    #[serde(serialize_with = "iso_date_opt")]
    pub(crate) reviewed: Option<Date>,
    /// What the review clock counts from: `reviewed`, else the last update.
    #[serde(serialize_with = "iso_date")]
    pub(crate) since: Date,
    pub(crate) review_after: i64,
    /// The first day the page is stale.
    #[serde(serialize_with = "iso_date")]
    pub(crate) due: Date,
    pub(crate) age_days: i64,
    /// The age in words' parts: `{unit: "months", count: 14}`.
    pub(crate) age: Age,
    pub(crate) stale: bool,
    pub(crate) owner: Option<String>,
}

/// An age as people say it: days up to two months, months up to two years, then years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Age {
    pub(crate) unit: &'static str,
    pub(crate) count: i64,
}

impl Age {
    /// The same rule as the theme's `ages.js`, which recomputes it in the browser.
    pub(crate) fn of_days(days: i64) -> Age {
        let days = days.max(0);
        match days {
            0..60 => Age {
                unit: "days",
                count: days,
            },
            60..731 => Age {
                unit: "months",
                count: days * 12 / 365,
            },
            _ => Age {
                unit: "years",
                count: days / 365,
            },
        }
    }
}

/// A stale page, for the reports (JSON: `summary.ages.stale`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Stale {
    pub(crate) file: PathBuf,
    pub(crate) line: usize,
    pub(crate) url: String,
    pub(crate) lang: String,
    pub(crate) title: String,
    /// With the owner.
    #[serde(flatten)]
    pub(crate) review: Review,
}

fn iso_date<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

fn iso_date_opt<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

impl Ages {
    /// The review state of every page with a policy; a `page-stale` problem for each stale
    /// one (not for fallback pages: the original is reported).
    pub(super) fn review(
        &mut self,
        content: &Content,
        j: &super::Judging<'_>,
        diags: &mut Vec<Diagnostic>,
    ) {
        for (i, page) in content.pages.iter().enumerate() {
            let Some(review_after) = page.fm.review_after else {
                continue;
            };
            if j.skip.contains(&i) {
                continue;
            }
            let Some(since) = page.fm.reviewed.or(self.pages[i].updated).or(page.fm.date) else {
                continue;
            };
            let age_days = since
                .until(j.today)
                .map(|s| i64::from(s.get_days()))
                .unwrap_or(0);
            let due = since
                .checked_add(jiff::Span::new().days(review_after + 1))
                .unwrap_or(Date::MAX);
            let review = Review {
                reviewed: page.fm.reviewed,
                since,
                review_after,
                due,
                age_days,
                age: Age::of_days(age_days),
                stale: age_days > review_after,
                owner: page.fm.owner.clone(),
            };
            if review.stale && page.fallback_of.is_none() {
                let stale = stale_entry(page, &review);
                diags.push(problem(&stale, j.config.faq.deny_stale, j.today));
                self.stale.push(stale);
            }
            self.pages[i].review = Some(review);
        }
    }
}

fn stale_entry(page: &Page, review: &Review) -> Stale {
    let key = if page.fm.has("reviewed") {
        "reviewed"
    } else {
        "review_after"
    };
    Stale {
        file: page.diag_file(),
        line: page.fm.line_of(key),
        url: page.url.clone(),
        lang: page.lang.clone(),
        title: page.title.clone(),
        review: review.clone(),
    }
}

fn problem(stale: &Stale, deny: bool, today: Date) -> Diagnostic {
    let r = &stale.review;
    let what = match r.reviewed {
        Some(_) => "last reviewed",
        None => "last updated (and never reviewed)",
    };
    let owner = match &r.owner {
        Some(o) => format!(" (owner: {o})"),
        None => String::new(),
    };
    let severity = if deny {
        Diagnostic::error
    } else {
        Diagnostic::warning
    };
    severity(
        "page-stale",
        format!(
            "page is past its review date{owner}: {what} {} days ago ({}), more than its review_after of {} days; check it still holds, then set `reviewed: {today}`",
            r.age_days, r.since, r.review_after
        ),
    )
    .at(&stale.file, Some(stale.line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_as_people_say_them() {
        let say = |d| {
            let a = Age::of_days(d);
            format!("{} {}", a.count, a.unit)
        };
        assert_eq!(say(0), "0 days");
        assert_eq!(say(59), "59 days");
        assert_eq!(say(60), "1 months");
        assert_eq!(say(426), "14 months");
        assert_eq!(say(730), "24 months");
        assert_eq!(say(731), "2 years");
        assert_eq!(say(-3), "0 days");
    }
}
