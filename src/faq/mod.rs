//! FAQ entries and their dates: finding entries (one file per entry in an FAQ section, or many
//! `## Question {#id added=…}` headings in one `type: faq` page), inheriting dates across
//! translations, checking them (missing, invalid, future, reviewed before added, stale, due for
//! review), and the views, JSON-LD and Atom feeds that show them.
//!
//! This file owns the entry and the site's list of entries (`Faq`), the analysis in order, and
//! the counts for reports; `find` finds the entries, `dates` inherits and checks their dates,
//! `view` is what templates get, `feed` the Atom feed, `new` what `sitegen new faq` writes.

mod dates;
mod feed;
mod find;
mod new;
mod view;

pub use dates::days_between;
pub(crate) use feed::atom_feed;
pub use find::{DateAttr, heading_dates};
pub(crate) use new::{NewEntry, new_entry};

use crate::config::Config;
use crate::content::Content;
use crate::diagnostics::Diagnostic;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Form {
    /// One Markdown file per entry in an FAQ section.
    File,
    /// A question heading inside a `type: faq` page.
    Heading,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Entry {
    /// The page the entry is (form File) or lives in (form Heading).
    #[serde(skip)]
    pub(crate) page: usize,
    pub(crate) form: Form,
    pub(crate) lang: String,
    pub(crate) question: String,
    /// Stable id for jump lists and links.
    pub(crate) anchor: String,
    pub(crate) category: Option<String>,
    pub(crate) added: Option<Date>,
    pub(crate) reviewed: Option<Date>,
    /// Where the dates were written (or the entry starts).
    pub(crate) line: usize,
    /// For form Heading: the question's heading, as an index into its page's headings.
    #[serde(skip)]
    pub(crate) heading: Option<usize>,
    pub(crate) age_days: i64,
    pub(crate) stale: bool,
    pub(crate) due_soon: bool,
    /// Days until it turns stale (negative when it already is).
    pub(crate) days_left: i64,
    pub(crate) weight: Option<i64>,
    /// Dates taken from the source entry in the default language: its problems are reported
    /// there, once.
    #[serde(skip)]
    pub(crate) inherited: bool,
    /// On a fallback page (the original shown for an untranslated page): rendered, but not
    /// counted, since it is the original entry again.
    #[serde(skip)]
    pub(crate) fallback: bool,
}

/// Every FAQ entry of the site, with where to find them.
#[derive(Debug, Default)]
pub(crate) struct Faq {
    pub(crate) entries: Vec<Entry>,
    /// FAQ section page → its entries (form File, in nav order), by index into `entries`.
    pub(crate) sections: HashMap<usize, Vec<usize>>,
    /// Entry page (form File) → its entry.
    pub(crate) entry_pages: HashMap<usize, usize>,
    /// Page with heading entries (form Heading) → its entries.
    pub(crate) heading_pages: HashMap<usize, Vec<usize>>,
}

impl Faq {
    /// Every page that shows FAQ entries: FAQ sections, entry pages, pages of heading entries.
    pub(crate) fn pages(&self) -> std::collections::HashSet<usize> {
        self.sections
            .keys()
            .copied()
            .chain(self.entries.iter().map(|e| e.page))
            .collect()
    }

    /// Finds, dates and checks every entry. `translations[i]` lists page i in other languages.
    pub(crate) fn analyze(
        content: &Content,
        translations: &[Vec<usize>],
        config: &Config,
        today: Date,
        diags: &mut Vec<Diagnostic>,
    ) -> Faq {
        let mut faq = Faq::find(content, translations, config, diags);
        // Fallback entries inherit from their originals, so their problems are reported there.
        faq.inherit_and_check(content, translations, config, today, diags);
        faq.sort_sections(&content.pages);
        faq
    }

    /// Counts for reports.
    pub(crate) fn summary(&self) -> Summary {
        let counted: Vec<&Entry> = self.entries.iter().filter(|e| !e.fallback).collect();
        let dated: Vec<&Entry> = counted
            .iter()
            .copied()
            .filter(|e| e.added.is_some() && !e.inherited)
            .collect();
        let oldest = dated
            .iter()
            .rev()
            .max_by_key(|e| e.age_days)
            .map(|e| Oldest {
                question: e.question.clone(),
                lang: e.lang.clone(),
                age_days: e.age_days,
            });
        // What the report tells: a translation's inherited dates are judged, and reported,
        // once, at its source; so it counts them once too.
        let reported =
            |f: fn(&Entry) -> bool| counted.iter().filter(|e| !e.inherited && f(e)).count();
        Summary {
            entries: counted.len(),
            stale: reported(|e| e.stale),
            due_soon: reported(|e| e.due_soon),
            missing_date: reported(|e| e.added.is_none()),
            oldest,
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct Summary {
    pub(crate) entries: usize,
    pub(crate) stale: usize,
    pub(crate) due_soon: usize,
    pub(crate) missing_date: usize,
    pub(crate) oldest: Option<Oldest>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Oldest {
    pub(crate) question: String,
    pub(crate) lang: String,
    pub(crate) age_days: i64,
}
