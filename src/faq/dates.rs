//! The dates of FAQ entries: inheriting them across translations, checking them (missing,
//! future, reviewed before added) and judging each entry's age (stale, due for review).

use super::{Entry, Faq, Form};
use crate::config::Config;
use crate::content::{Content, Page};
use crate::diagnostics::Diagnostic;
use jiff::civil::Date;
use std::collections::HashMap;
use std::path::Path;

impl Faq {
    /// Dates are facts of the entry, not of the language: a translation without them takes its
    /// source's; one that contradicts its source is warned about. Then every rule is checked.
    pub(super) fn inherit_and_check(
        &mut self,
        content: &Content,
        translations: &[Vec<usize>],
        config: &Config,
        today: Date,
        diags: &mut Vec<Diagnostic>,
    ) {
        let pages = &content.pages;
        self.inherit_dates(pages, translations, &config.default_language, diags);
        for e in &mut self.entries {
            let page = &pages[e.page];
            // A translation's inherited dates are checked, and reported, at its source.
            let mut sink = Vec::new();
            let diags: &mut Vec<Diagnostic> = if e.inherited { &mut sink } else { &mut *diags };
            check_entry(e, page, config, today, diags);
        }
    }

    /// Each entry not in the default language takes the dates of its source entry, when it has
    /// one: the same page (form File) or the same heading (form Heading) in the default language.
    fn inherit_dates(
        &mut self,
        pages: &[Page],
        translations: &[Vec<usize>],
        default: &str,
        diags: &mut Vec<Diagnostic>,
    ) {
        let key = |e: &Entry| (e.page, e.anchor.clone());
        let index: HashMap<(usize, String), usize> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (key(e), i))
            .collect();
        for i in 0..self.entries.len() {
            let e = &self.entries[i];
            if e.lang == default {
                continue;
            }
            let source = translations[e.page]
                .iter()
                .find(|&&t| pages[t].lang == default)
                .and_then(|&t| {
                    let anchor = if e.form == Form::File {
                        pages[t].path.rsplit('/').next().unwrap_or("").to_string()
                    } else {
                        e.anchor.clone()
                    };
                    index.get(&(t, anchor)).copied()
                });
            let Some(s) = source else { continue };
            self.inherit_from(i, s, pages, diags);
        }
    }

    /// Entry `i` takes the dates it leaves unset from its source entry `s`; a date that differs
    /// from the source's is warned about.
    fn inherit_from(&mut self, i: usize, s: usize, pages: &[Page], diags: &mut Vec<Diagnostic>) {
        self.entries[i].inherited = true;
        let (src_added, src_reviewed) = (self.entries[s].added, self.entries[s].reviewed);
        let file = pages[self.entries[i].page].diag_file();
        let src_file = pages[self.entries[s].page].diag_file();
        let e = &mut self.entries[i];
        for (name, own, theirs) in [
            ("added", &mut e.added, src_added),
            ("reviewed", &mut e.reviewed, src_reviewed),
        ] {
            match (*own, theirs) {
                (None, t) => *own = t,
                (Some(a), Some(b)) if a != b => diags.push(
                    Diagnostic::warning(
                        "faq-date-mismatch",
                        format!("`{name}: {a}` contradicts the source entry ({}: {name} {b}); the date belongs to the entry, not the language — remove it here or make it match", src_file.display()),
                    )
                    .at(&file, Some(e.line)),
                ),
                _ => {}
            }
        }
        // Only the source is told about a missing date.
        if e.added.is_none() {
            e.added = Some(Date::MIN);
        }
    }
}

/// Checks one entry's dates and, when they hold, judges its age.
fn check_entry(
    e: &mut Entry,
    page: &Page,
    config: &Config,
    today: Date,
    diags: &mut Vec<Diagnostic>,
) {
    let file = page.diag_file();
    let Some(added) = e.added.filter(|d| *d != Date::MIN) else {
        if e.added.is_none() {
            diags.push(missing_date(e, &file));
        }
        e.added = None;
        return;
    };
    if let Some(problem) = wrong_date(e, page, added, today, &file) {
        diags.push(problem);
        return;
    }
    judge_age(e, added, config, today, &file, diags);
}

/// The error for an entry that does not say when it was added.
fn missing_date(e: &Entry, file: &Path) -> Diagnostic {
    let how = match e.form {
        Form::File => "add `added: YYYY-MM-DD` to its front matter".to_string(),
        Form::Heading => format!("write it as `{{#{} added=YYYY-MM-DD}}`", e.anchor),
    };
    Diagnostic::error(
        "faq-missing-date",
        format!(
            "FAQ entry \"{}\" does not say when it was added: {how}",
            e.question
        ),
    )
    .at(file, Some(e.line))
}

/// The first date of the entry that cannot be: added after today, reviewed before it was added,
/// reviewed after today.
fn wrong_date(e: &Entry, page: &Page, added: Date, today: Date, file: &Path) -> Option<Diagnostic> {
    if added > today {
        return Some(
            Diagnostic::error(
                "faq-future-date",
                format!(
                    "FAQ entry \"{}\" was added on {added}, which is after today ({today})",
                    e.question
                ),
            )
            .at(file, Some(e.line)),
        );
    }
    let r = e.reviewed?;
    if r < added {
        return Some(
            Diagnostic::error(
                "faq-reviewed-before-added",
                format!(
                    "FAQ entry \"{}\" was reviewed on {r}, before it was added ({added})",
                    e.question
                ),
            )
            .at(file, Some(reviewed_line(page, e))),
        );
    }
    if r > today {
        return Some(
            Diagnostic::error(
                "faq-future-date",
                format!(
                    "FAQ entry \"{}\" was reviewed on {r}, which is after today ({today})",
                    e.question
                ),
            )
            .at(file, Some(reviewed_line(page, e))),
        );
    }
    None
}

/// Sets the entry's age, days left and state (stale, due soon), and says so when it is stale or
/// due for review soon.
fn judge_age(
    e: &mut Entry,
    added: Date,
    config: &Config,
    today: Date,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) {
    let (stale_after, review_soon) = limits(config, e.category.as_deref());
    let since = e.reviewed.unwrap_or(added);
    e.age_days = days_between(since, today);
    e.days_left = stale_after - e.age_days;
    e.stale = e.age_days > stale_after;
    e.due_soon = !e.stale && e.days_left <= review_soon;
    let checked = if e.reviewed.is_some() {
        "last reviewed"
    } else {
        "added"
    };
    if e.stale {
        let d = if config.faq.deny_stale {
            Diagnostic::error
        } else {
            Diagnostic::warning
        };
        diags.push(
            d(
                "faq-stale",
                format!(
                    "FAQ entry \"{}\" was {checked} {} days ago ({since}), more than {stale_after}: check the answer still holds, then set `reviewed: {today}`",
                    e.question, e.age_days
                ),
            )
            .at(file, Some(e.line)),
        );
    } else if e.due_soon {
        diags.push(
            Diagnostic::note(
                "faq-review-soon",
                format!(
                    "FAQ entry \"{}\" turns stale in {} days ({checked} {since})",
                    e.question, e.days_left
                ),
            )
            .at(file, Some(e.line)),
        );
    }
}

fn limits(config: &Config, category: Option<&str>) -> (i64, i64) {
    let cat = category.and_then(|c| config.faq.categories.get(c));
    (
        cat.and_then(|c| c.stale_after)
            .unwrap_or(config.faq.stale_after),
        cat.and_then(|c| c.review_soon)
            .unwrap_or(config.faq.review_soon),
    )
}

fn reviewed_line(page: &Page, e: &Entry) -> usize {
    match e.form {
        Form::File => page.fm.line_of("reviewed"),
        Form::Heading => e.line,
    }
}

pub fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map(|s| s.get_days() as i64).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_in_days() {
        let a: Date = "2025-11-21".parse().unwrap();
        let b: Date = "2026-11-21".parse().unwrap();
        assert_eq!(days_between(a, b), 365);
    }
}
