//! What templates get of the FAQ: one entry's view, a page's entries grouped by category, the
//! answers cut out of the rendered HTML, and the schema.org JSON-LD.

use super::{Faq, Form};
use crate::ages::Age;
use crate::content::Content;
use crate::markdown::Heading;
use serde::Serialize;
use std::collections::BTreeMap;

/// What templates get for one entry (`page.faq_entry`, items of `page.faq.entries`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EntryView<'a> {
    pub(crate) question: &'a str,
    pub(crate) anchor: &'a str,
    pub(crate) url: &'a str,
    pub(crate) category: &'a str,
    pub(crate) added: Option<String>,
    pub(crate) reviewed: Option<String>,
    pub(crate) age_days: i64,
    /// What the age counts from (`reviewed`, else `added`), the days it may reach, and the
    /// age as people say it: the theme's `ages.js` judges it again in the browser.
    pub(crate) since: Option<String>,
    pub(crate) stale_after: i64,
    pub(crate) age: Age,
    pub(crate) stale: bool,
    pub(crate) due_soon: bool,
    pub(crate) content: std::borrow::Cow<'a, str>,
}

impl Faq {
    pub(crate) fn entry_view<'a>(&'a self, e: usize, content: &'a Content) -> EntryView<'a> {
        let entry = &self.entries[e];
        let page = &content.pages[entry.page];
        let (url, html) = match entry.form {
            Form::File => (page.url.as_str(), page.rendered.html.text()),
            Form::Heading => ("", "".into()),
        };
        EntryView {
            question: &entry.question,
            anchor: &entry.anchor,
            url,
            category: entry.category.as_deref().unwrap_or(""),
            added: entry.added.map(|d| d.to_string()),
            reviewed: entry.reviewed.map(|d| d.to_string()),
            age_days: entry.age_days,
            since: entry.reviewed.or(entry.added).map(|d| d.to_string()),
            stale_after: entry.age_days + entry.days_left,
            age: Age::of_days(entry.age_days),
            stale: entry.stale,
            due_soon: entry.due_soon,
            content: html,
        }
    }

    /// `page.faq` for an FAQ section or a page of heading entries: entries grouped by category
    /// (in order of first appearance, uncategorized last), plus JSON-LD.
    pub(crate) fn page_view(&self, page: usize, content: &Content) -> Option<serde_json::Value> {
        let ids = self
            .sections
            .get(&page)
            .or_else(|| self.heading_pages.get(&page))?;
        let entries: Vec<EntryView> = ids.iter().map(|&e| self.entry_view(e, content)).collect();
        let mut order: Vec<&str> = Vec::new();
        let mut groups: BTreeMap<&str, Vec<&EntryView>> = BTreeMap::new();
        for e in &entries {
            if !order.contains(&e.category) {
                order.push(e.category);
            }
            groups.entry(e.category).or_default().push(e);
        }
        order.sort_by_key(|c| c.is_empty());
        let categories: Vec<serde_json::Value> = order
            .iter()
            .map(|c| serde_json::json!({ "name": c, "entries": groups[c] }))
            .collect();
        let answers = self.answers(ids, content);
        Some(serde_json::json!({
            "categories": categories,
            "entries": entries,
            "count": entries.len(),
            "stale_count": entries.iter().filter(|e| e.stale).count(),
            "json_ld": json_ld(&entries, &answers),
            "feed_url": self.sections.contains_key(&page).then(|| format!("{}atom.xml", content.pages[page].url)),
        }))
    }

    /// The answer HTML of each entry: the entry page's body, or the part of the page between
    /// the question heading and the next heading of the same level.
    fn answers(&self, ids: &[usize], content: &Content) -> Vec<String> {
        ids.iter()
            .map(|&e| {
                let entry = &self.entries[e];
                let page = &content.pages[entry.page];
                match entry.form {
                    Form::File => page.rendered.html.text().into_owned(),
                    Form::Heading => heading_section(
                        &page.rendered.html.text(),
                        &page.rendered.headings,
                        entry.heading.expect("a heading entry has its heading"),
                    ),
                }
            })
            .collect()
    }
}

/// The answer under heading `h`: the HTML from the end of the heading to the next heading of
/// the same level (or the end of the page).
fn heading_section(html: &str, headings: &[Heading], h: usize) -> String {
    let level = headings[h].level;
    let next = headings[h + 1..]
        .iter()
        .find(|n| n.level == level)
        .map_or(html.len(), |n| n.html_start);
    html[headings[h].html_end..next].trim().to_string()
}

/// schema.org FAQPage, safe to embed in `<script>`.
fn json_ld(entries: &[EntryView], answers: &[String]) -> String {
    let items: Vec<serde_json::Value> = entries
        .iter()
        .zip(answers)
        .map(|(e, a)| {
            serde_json::json!({
                "@type": "Question",
                "name": e.question,
                "dateCreated": e.added,
                "acceptedAnswer": { "@type": "Answer", "text": a, "dateModified": e.reviewed.as_ref().or(e.added.as_ref()) },
            })
        })
        .collect();
    let doc = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": items,
    });
    // `<`, `>` and `&` only occur inside JSON strings, where the \u escapes mean the same.
    serde_json::to_string(&doc)
        .expect("JSON-LD serializes")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_sections() {
        let html = "<h2 id=\"a\">A</h2>\n<p>one</p>\n<h3 id=\"x\">x</h3><p>sub</p>\n<h2 id=\"b\">B</h2>\n<p>two</p>\n";
        // Where the Markdown phase says each heading is.
        let heading = |level: u8, id: &str| {
            let start = html.find(&format!("<h{level} id=\"{id}\"")).unwrap();
            let end = start + html[start..].find("</h").unwrap() + 5;
            Heading {
                level,
                id: id.into(),
                title: id.to_uppercase(),
                line: 1,
                attrs: Vec::new(),
                classes: Vec::new(),
                html_start: start,
                html_end: end,
            }
        };
        let headings = [heading(2, "a"), heading(3, "x"), heading(2, "b")];
        assert_eq!(
            heading_section(html, &headings, 0),
            "<p>one</p>\n<h3 id=\"x\">x</h3><p>sub</p>"
        );
        assert_eq!(heading_section(html, &headings, 2), "<p>two</p>");
    }

    #[test]
    fn json_ld_cannot_close_the_script() {
        let e = EntryView {
            question: "</script><script>alert(1)</script>",
            anchor: "a",
            url: "",
            category: "",
            added: Some("2024-01-01".into()),
            reviewed: None,
            age_days: 1,
            since: None,
            stale_after: 365,
            age: Age::of_days(1),
            stale: false,
            due_soon: false,
            content: "".into(),
        };
        let s = json_ld(&[e], &["<!-- x -->".into()]);
        assert!(!s.contains('<') && !s.contains('>'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(
            back["mainEntity"][0]["name"],
            "</script><script>alert(1)</script>"
        );
    }
}
