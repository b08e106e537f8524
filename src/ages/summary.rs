//! The freshness summary `sitegen check` ends with (and the JSON report's `summary.freshness`):
//! pages by the age of their last update, stale pages by owner, FAQ entries by age.

use super::Ages;
use crate::content::Content;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;

/// Counts per age bucket; `unknown` for pages with no date at all.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub(crate) struct Buckets {
    pub(crate) under_a_month: usize,
    pub(crate) under_six_months: usize,
    pub(crate) under_a_year: usize,
    pub(crate) under_two_years: usize,
    pub(crate) older: usize,
    pub(crate) unknown: usize,
}

impl Buckets {
    pub(crate) fn add(&mut self, age_days: Option<i64>) {
        let slot = match age_days {
            None => &mut self.unknown,
            Some(..31) => &mut self.under_a_month,
            Some(31..183) => &mut self.under_six_months,
            Some(183..366) => &mut self.under_a_year,
            Some(366..731) => &mut self.under_two_years,
            Some(_) => &mut self.older,
        };
        *slot += 1;
    }

    fn total(&self) -> usize {
        self.under_a_month
            + self.under_six_months
            + self.under_a_year
            + self.under_two_years
            + self.older
            + self.unknown
    }

    /// "12 under a month, 3 under 6 months, 1 older": the buckets that have something.
    fn line(&self) -> String {
        [
            (self.under_a_month, "under a month"),
            (self.under_six_months, "under 6 months"),
            (self.under_a_year, "under a year"),
            (self.under_two_years, "under 2 years"),
            (self.older, "older"),
            (self.unknown, "no date"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect::<Vec<_>>()
        .join(", ")
    }
}

#[derive(Debug, Default, Serialize)]
pub(crate) struct Freshness {
    /// Pages (with a file, fallback pages left out) by the age of their last update.
    pub(crate) pages: Buckets,
    /// Stale pages per owner ("" for pages without one).
    pub(crate) stale_by_owner: BTreeMap<String, usize>,
    /// FAQ entries (as reported: each once) by age since reviewed, else added.
    pub(crate) faq: Buckets,
}

impl Freshness {
    /// From the pages' ages and the FAQ entries' ages in days.
    pub(crate) fn new(
        ages: &Ages,
        content: &Content,
        today: Date,
        faq_ages: impl Iterator<Item = i64>,
    ) -> Freshness {
        let mut f = Freshness::default();
        for (i, page) in content.pages.iter().enumerate() {
            if page.file.is_none() || page.fallback_of.is_some() {
                continue;
            }
            let updated = ages.pages.get(i).and_then(|a| a.updated).or(page.fm.date);
            f.pages.add(updated.map(|d| days(d, today)));
        }
        for s in &ages.stale {
            let owner = s.review.owner.clone().unwrap_or_default();
            *f.stale_by_owner.entry(owner).or_default() += 1;
        }
        for age in faq_ages {
            f.faq.add(Some(age));
        }
        f
    }

    /// The lines `sitegen check` ends with.
    pub(crate) fn lines(&self) -> Vec<String> {
        let mut out = vec![format!(
            "Freshness: pages last updated {}",
            self.pages.line()
        )];
        if !self.stale_by_owner.is_empty() {
            let owners: Vec<String> = self
                .stale_by_owner
                .iter()
                .map(|(o, n)| match o.as_str() {
                    "" => format!("no owner {n}"),
                    o => format!("{o} {n}"),
                })
                .collect();
            out.push(format!("  stale pages by owner: {}", owners.join(", ")));
        }
        if self.faq.total() > 0 {
            out.push(format!("  FAQ entries by age: {}", self.faq.line()));
        }
        out
    }
}

fn days(from: Date, to: Date) -> i64 {
    from.until(to).map(|s| i64::from(s.get_days())).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_and_their_line() {
        let mut b = Buckets::default();
        for d in [Some(0), Some(30), Some(31), Some(400), Some(2000), None] {
            b.add(d);
        }
        assert_eq!(
            b.line(),
            "2 under a month, 1 under 6 months, 1 under 2 years, 1 older, 1 no date"
        );
        assert_eq!(b.total(), 6);
    }
}
