//! The Atom feed of an FAQ section: its newest entries.

use super::{Entry, Form};
use crate::content::Page;

/// An Atom feed of the newest entries of an FAQ section (one per section and language).
pub(crate) fn atom_feed(
    section: &Page,
    entries: &[(&Entry, &Page)],
    permalink: impl Fn(&str) -> String,
    site_title: &str,
) -> String {
    let esc = crate::html::escape;
    let mut newest: Vec<&(&Entry, &Page)> =
        entries.iter().filter(|(e, _)| e.added.is_some()).collect();
    newest.sort_by(|a, b| {
        b.0.added
            .cmp(&a.0.added)
            .then(a.0.question.cmp(&b.0.question))
    });
    newest.truncate(20);
    let updated = newest
        .iter()
        .filter_map(|(e, _)| e.reviewed.max(e.added))
        .max()
        .map(|d| d.to_string())
        .unwrap_or_else(|| "1970-01-01".into());
    let self_url = permalink(&format!("{}atom.xml", section.url));
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{} · {}</title>\n  <id>{}</id>\n  <link rel=\"self\" href=\"{}\"/>\n  <link href=\"{}\"/>\n  <updated>{updated}T00:00:00Z</updated>\n",
        esc(&section.lang),
        esc(&section.title),
        esc(site_title),
        esc(&self_url),
        esc(&self_url),
        esc(&permalink(&section.url)),
    );
    for (e, page) in newest {
        let url = match e.form {
            Form::File => permalink(&page.url),
            Form::Heading => format!("{}#{}", permalink(&page.url), e.anchor),
        };
        let added = e.added.map(|d| d.to_string()).unwrap_or_default();
        let updated = e
            .reviewed
            .or(e.added)
            .map(|d| d.to_string())
            .unwrap_or_default();
        s.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <published>{added}T00:00:00Z</published>\n    <updated>{updated}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            esc(&e.question),
            esc(&url),
            esc(&url),
            esc(&page.rendered.summary),
        ));
    }
    s.push_str("</feed>\n");
    s
}
