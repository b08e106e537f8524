//! Finding FAQ entries: the FAQ sections, their entry pages (form File), the question headings
//! of `type: faq` pages (form Heading) and the dates written in those headings.

use super::{Entry, Faq, Form};
use crate::config::Config;
use crate::content::{Content, Kind, Page, frontmatter::parse_date};
use crate::diagnostics::Diagnostic;
use crate::markdown::Heading;
use jiff::civil::Date;
use std::collections::HashSet;

impl Faq {
    /// Every entry of the site with the dates it writes itself: entry pages under FAQ sections,
    /// then question headings; each marked when it is on a fallback page.
    pub(super) fn find(
        content: &Content,
        translations: &[Vec<usize>],
        config: &Config,
        diags: &mut Vec<Diagnostic>,
    ) -> Faq {
        let pages = &content.pages;
        let faq_sections = faq_sections(content, translations, config);
        let mut faq = Faq::default();
        // Form File: every regular page under an FAQ section.
        for (i, p) in pages.iter().enumerate() {
            if p.kind != Kind::Page {
                continue;
            }
            let Some(section) = content
                .ancestors(i)
                .into_iter()
                .rev()
                .find(|a| faq_sections.contains(a))
            else {
                continue;
            };
            let entry = Entry {
                page: i,
                form: Form::File,
                lang: p.lang.clone(),
                question: p.title.clone(),
                anchor: p.path.rsplit('/').next().unwrap_or(&p.path).to_string(),
                category: p.fm.category.clone(),
                added: p.fm.added,
                reviewed: p.fm.reviewed,
                line: p.fm.line_of("added"),
                heading: None,
                age_days: 0,
                stale: false,
                due_soon: false,
                days_left: 0,
                weight: p.fm.weight,
                inherited: false,
                fallback: false,
            };
            faq.entry_pages.insert(i, faq.entries.len());
            faq.sections
                .entry(section)
                .or_default()
                .push(faq.entries.len());
            faq.entries.push(entry);
        }
        // Form Heading: question headings in `type: faq` pages.
        for (i, p) in pages.iter().enumerate() {
            let is_faq_page = p.fm.layout.as_deref() == Some("faq");
            if !is_faq_page && !faq_sections.contains(&i) {
                continue;
            }
            let found = heading_entries(i, p, diags);
            if p.is_section()
                && found
                    .iter()
                    .all(|e| e.added.is_none() && e.reviewed.is_none())
            {
                // A section's intro headings are not questions unless they carry dates.
                continue;
            }
            for e in found {
                faq.heading_pages
                    .entry(i)
                    .or_default()
                    .push(faq.entries.len());
                faq.entries.push(e);
            }
        }
        for e in &mut faq.entries {
            e.fallback = pages[e.page].fallback_of.is_some();
        }
        faq
    }

    /// Sorts the entries of each FAQ section in nav order.
    pub(super) fn sort_sections(&mut self, pages: &[Page]) {
        for list in self.sections.values_mut() {
            list.sort_by_key(|&e| {
                let p = &pages[self.entries[e].page];
                let pos = p.parent.and_then(|s| {
                    pages[s]
                        .pages
                        .iter()
                        .position(|&c| c == self.entries[e].page)
                });
                pos.unwrap_or(usize::MAX)
            });
        }
    }
}

/// FAQ sections: `type: faq` in `_index.md`, a folder named in `faq.sections`, or the
/// translation of either.
fn faq_sections(content: &Content, translations: &[Vec<usize>], config: &Config) -> HashSet<usize> {
    let direct: HashSet<usize> = content
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == Kind::Section)
        .filter(|(_, p)| {
            p.fm.layout.as_deref() == Some("faq")
                || config
                    .faq
                    .sections
                    .iter()
                    .any(|s| s.trim_matches('/') == p.path)
        })
        .map(|(i, _)| i)
        .collect();
    let mut all = direct.clone();
    for &i in &direct {
        all.extend(
            translations[i]
                .iter()
                .copied()
                .filter(|&t| content.pages[t].kind == Kind::Section),
        );
    }
    all
}

/// A date attribute of a question heading: None when absent or without a value, else the parsed
/// date or why it is not one.
pub type DateAttr = Option<Result<Date, String>>;

/// The `added` and `reviewed` dates of a question heading (`## Q {#id added=2024-03-04}`).
pub fn heading_dates(h: &Heading) -> (DateAttr, DateAttr) {
    let date = |k: &str| {
        h.attrs
            .iter()
            .find(|(key, _)| key == k)
            .and_then(|(_, v)| v.as_deref())
            .map(parse_date)
    };
    (date("added"), date("reviewed"))
}

/// Entry headings of a `type: faq` page: the level of the first heading that carries
/// `added` (else the highest level below h1 used on the page); each heading of that level is a
/// question.
fn heading_entries(idx: usize, page: &Page, diags: &mut Vec<Diagnostic>) -> Vec<Entry> {
    let headings = &page.rendered.headings;
    let attr = |h: &Heading, k: &str| {
        h.attrs
            .iter()
            .find(|(key, _)| key == k)
            .and_then(|(_, v)| v.clone())
    };
    let level = headings
        .iter()
        .find(|h| attr(h, "added").is_some())
        .map(|h| h.level)
        .or_else(|| {
            headings
                .iter()
                .filter(|h| h.level > 1)
                .map(|h| h.level)
                .min()
        });
    let Some(level) = level else {
        return Vec::new();
    };
    let file = page.diag_file();
    let mut checked = |h: &Heading, k: &str, parsed: Option<Result<Date, String>>| match parsed? {
        Ok(d) => Some(d),
        Err(e) => {
            diags.push(
                Diagnostic::error("faq-invalid-date", format!("`{k}`: {e}"))
                    .at(&file, Some(h.line)),
            );
            None
        }
    };
    let mut out = Vec::new();
    for (at, h) in headings
        .iter()
        .enumerate()
        .filter(|(_, h)| h.level == level)
    {
        let (added, reviewed) = heading_dates(h);
        let invalid = matches!(added, Some(Err(_))) || matches!(reviewed, Some(Err(_)));
        let added = checked(h, "added", added);
        let reviewed = checked(h, "reviewed", reviewed);
        out.push(Entry {
            page: idx,
            form: Form::Heading,
            lang: page.lang.clone(),
            question: h.title.clone(),
            anchor: h.id.clone(),
            category: attr(h, "category"),
            // An invalid date was reported already; don't also call it missing.
            added: if invalid { Some(Date::MIN) } else { added },
            reviewed,
            line: h.line,
            heading: Some(at),
            age_days: 0,
            stale: false,
            due_soon: false,
            days_left: 0,
            weight: None,
            inherited: false,
            fallback: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_heading_attributes() {
        let out = crate::markdown::render(
            "## Q {#q added=2024-03-04 reviewed=someday}\n\n## R {#r added}\n",
            0,
            &crate::markdown::NoHooks,
        );
        let (added, reviewed) = heading_dates(&out.headings[0]);
        assert_eq!(added, Some(Ok("2024-03-04".parse().unwrap())));
        assert!(reviewed.unwrap().unwrap_err().contains("not a date"));
        assert_eq!(heading_dates(&out.headings[1]), (None, None));
    }
}
