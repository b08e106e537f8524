//! FAQ entries and their dates: finding entries (one file per entry in an FAQ section, or many
//! `## Question {#id added=…}` headings in one `type: faq` page), inheriting dates across
//! translations, checking them (missing, invalid, future, reviewed before added, stale, due for
//! review), and the views, JSON-LD and Atom feeds that show them.

use crate::config::Config;
use crate::content::{Content, Kind, Page, frontmatter::parse_date};
use crate::diagnostics::Diagnostic;
use crate::markdown::Heading;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// One Markdown file per entry in an FAQ section.
    File,
    /// A question heading inside a `type: faq` page.
    Heading,
}

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The page the entry is (form File) or lives in (form Heading).
    #[serde(skip)]
    pub page: usize,
    pub form: Form,
    pub lang: String,
    pub question: String,
    /// Stable id for jump lists and links.
    pub anchor: String,
    pub category: Option<String>,
    pub added: Option<Date>,
    pub reviewed: Option<Date>,
    /// Where the dates were written (or the entry starts).
    pub line: usize,
    pub age_days: i64,
    pub stale: bool,
    pub due_soon: bool,
    /// Days until it turns stale (negative when it already is).
    pub days_left: i64,
    pub weight: Option<i64>,
    /// Dates taken from the source entry in the default language: its problems are reported
    /// there, once.
    #[serde(skip)]
    pub inherited: bool,
    /// On a fallback page (the original shown for an untranslated page): rendered, but not
    /// counted, since it is the original entry again.
    #[serde(skip)]
    pub fallback: bool,
}

/// Every FAQ entry of the site, with where to find them.
#[derive(Debug, Default)]
pub struct Faq {
    pub entries: Vec<Entry>,
    /// FAQ section page → its entries (form File, in nav order), by index into `entries`.
    pub sections: HashMap<usize, Vec<usize>>,
    /// Entry page (form File) → its entry.
    pub entry_pages: HashMap<usize, usize>,
    /// Page with heading entries (form Heading) → its entries.
    pub heading_pages: HashMap<usize, Vec<usize>>,
}

impl Faq {
    /// Every page that shows FAQ entries: FAQ sections, entry pages, pages of heading entries.
    pub fn pages(&self) -> std::collections::HashSet<usize> {
        self.sections
            .keys()
            .copied()
            .chain(self.entries.iter().map(|e| e.page))
            .collect()
    }

    /// Finds, dates and checks every entry. `translations[i]` lists page i in other languages.
    pub fn analyze(
        content: &Content,
        translations: &[Vec<usize>],
        config: &Config,
        today: Date,
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
        // Fallback entries inherit from their originals, so their problems are reported there.
        faq.inherit_and_check(content, translations, config, today, diags);
        for list in faq.sections.values_mut() {
            list.sort_by_key(|&e| {
                let p = &pages[faq.entries[e].page];
                let pos = p.parent.and_then(|s| {
                    pages[s]
                        .pages
                        .iter()
                        .position(|&c| c == faq.entries[e].page)
                });
                pos.unwrap_or(usize::MAX)
            });
        }
        faq
    }

    /// Dates are facts of the entry, not of the language: a translation without them takes its
    /// source's; one that contradicts its source is warned about. Then every rule is checked.
    fn inherit_and_check(
        &mut self,
        content: &Content,
        translations: &[Vec<usize>],
        config: &Config,
        today: Date,
        diags: &mut Vec<Diagnostic>,
    ) {
        let pages = &content.pages;
        let key = |e: &Entry| (e.page, e.anchor.clone());
        let index: HashMap<(usize, String), usize> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (key(e), i))
            .collect();
        let default = &config.default_language;
        for i in 0..self.entries.len() {
            let e = &self.entries[i];
            if e.lang == *default {
                continue;
            }
            let source = translations[e.page]
                .iter()
                .find(|&&t| pages[t].lang == *default)
                .and_then(|&t| {
                    let anchor = if e.form == Form::File {
                        pages[t].path.rsplit('/').next().unwrap_or("").to_string()
                    } else {
                        e.anchor.clone()
                    };
                    index.get(&(t, anchor)).copied()
                });
            let Some(s) = source else { continue };
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
        for e in &mut self.entries {
            let page = &pages[e.page];
            let file = page.diag_file();
            // A translation's inherited dates are checked, and reported, at its source.
            let mut sink = Vec::new();
            let diags: &mut Vec<Diagnostic> = if e.inherited { &mut sink } else { &mut *diags };
            let Some(added) = e.added.filter(|d| *d != Date::MIN) else {
                if e.added.is_none() {
                    let how = match e.form {
                        Form::File => "add `added: YYYY-MM-DD` to its front matter".to_string(),
                        Form::Heading => {
                            format!("write it as `{{#{} added=YYYY-MM-DD}}`", e.anchor)
                        }
                    };
                    diags.push(
                        Diagnostic::error(
                            "faq-missing-date",
                            format!(
                                "FAQ entry \"{}\" does not say when it was added: {how}",
                                e.question
                            ),
                        )
                        .at(&file, Some(e.line)),
                    );
                }
                e.added = None;
                continue;
            };
            if added > today {
                diags.push(
                    Diagnostic::error(
                        "faq-future-date",
                        format!(
                            "FAQ entry \"{}\" was added on {added}, which is after today ({today})",
                            e.question
                        ),
                    )
                    .at(&file, Some(e.line)),
                );
                continue;
            }
            if let Some(r) = e.reviewed {
                if r < added {
                    diags.push(
                        Diagnostic::error(
                            "faq-reviewed-before-added",
                            format!("FAQ entry \"{}\" was reviewed on {r}, before it was added ({added})", e.question),
                        )
                        .at(&file, Some(reviewed_line(page, e))),
                    );
                    continue;
                }
                if r > today {
                    diags.push(
                        Diagnostic::error(
                            "faq-future-date",
                            format!("FAQ entry \"{}\" was reviewed on {r}, which is after today ({today})", e.question),
                        )
                        .at(&file, Some(reviewed_line(page, e))),
                    );
                    continue;
                }
            }
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
                    .at(&file, Some(e.line)),
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
                    .at(&file, Some(e.line)),
                );
            }
        }
    }

    /// Counts for reports.
    pub fn summary(&self) -> Summary {
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
        Summary {
            entries: counted.len(),
            stale: counted.iter().filter(|e| e.stale).count(),
            due_soon: counted.iter().filter(|e| e.due_soon).count(),
            missing_date: counted.iter().filter(|e| e.added.is_none()).count(),
            oldest,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub entries: usize,
    pub stale: usize,
    pub due_soon: usize,
    pub missing_date: usize,
    pub oldest: Option<Oldest>,
}

#[derive(Debug, Serialize)]
pub struct Oldest {
    pub question: String,
    pub lang: String,
    pub age_days: i64,
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
    for h in headings.iter().filter(|h| h.level == level) {
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

/// What templates get for one entry (`page.faq_entry`, items of `page.faq.entries`).
#[derive(Debug, Clone, Serialize)]
pub struct EntryView<'a> {
    pub question: &'a str,
    pub anchor: &'a str,
    pub url: &'a str,
    pub category: &'a str,
    pub added: Option<String>,
    pub reviewed: Option<String>,
    pub age_days: i64,
    pub stale: bool,
    pub due_soon: bool,
    pub content: std::borrow::Cow<'a, str>,
}

impl Faq {
    pub fn entry_view<'a>(&'a self, e: usize, content: &'a Content) -> EntryView<'a> {
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
            stale: entry.stale,
            due_soon: entry.due_soon,
            content: html,
        }
    }

    /// `page.faq` for an FAQ section or a page of heading entries: entries grouped by category
    /// (in order of first appearance, uncategorized last), plus JSON-LD.
    pub fn page_view(&self, page: usize, content: &Content) -> Option<serde_json::Value> {
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
                    Form::Heading => heading_section(&page.rendered.html.text(), &entry.anchor),
                }
            })
            .collect()
    }
}

/// HTML from the end of `<hN id="anchor">…</hN>` to the next `<hN ` of the same level.
fn heading_section(html: &str, anchor: &str) -> String {
    let Some(start) = html.find(&format!(" id=\"{anchor}\"")) else {
        return String::new();
    };
    let level = &html[..start].rsplit("<h").next().unwrap_or("2")[..1];
    let close = format!("</h{level}>");
    let Some(end_tag) = html[start..].find(&close) else {
        return String::new();
    };
    let body_start = start + end_tag + close.len();
    let next = html[body_start..]
        .find(&format!("<h{level} "))
        .map(|i| body_start + i)
        .unwrap_or(html.len());
    html[body_start..next].trim().to_string()
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

/// An Atom feed of the newest entries of an FAQ section (one per section and language).
pub fn atom_feed(
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

/// What `sitegen new faq` needs to know.
pub struct NewEntry<'a> {
    pub question: &'a str,
    pub lang: &'a str,
    pub category: Option<&'a str>,
    pub today: Date,
}

/// Writes `content/<lang>/<faq section>/<slug>.md` with today's date, refusing to overwrite.
/// Returns the path written, relative to the site root.
pub fn new_entry(
    root: &std::path::Path,
    config: &Config,
    new: &NewEntry,
) -> Result<std::path::PathBuf, String> {
    if !config.languages.contains_key(new.lang) {
        return Err(format!(
            "`{}` is not a language of this site (sitegen.toml has {})",
            new.lang,
            config.language_codes().collect::<Vec<_>>().join(", ")
        ));
    }
    let question = new.question.trim();
    if question.is_empty() {
        return Err("the question is empty".into());
    }
    let slug = crate::markdown::slugify(question);
    let slug = if slug.is_empty() {
        "entry".to_string()
    } else {
        slug
    };
    let section = config
        .faq
        .sections
        .first()
        .map(|s| s.trim_matches('/'))
        .unwrap_or("faq");
    let content = root.join("content");
    let per_language = config.language_codes().any(|c| content.join(c).is_dir());
    let dir = if per_language || config.is_multilingual() {
        std::path::Path::new("content").join(new.lang).join(section)
    } else {
        std::path::Path::new("content").join(section)
    };
    let rel = dir.join(format!("{slug}.md"));
    let path = root.join(&rel);
    let category = new
        .category
        .map(|c| format!("category: {}\n", yaml_string(c)))
        .unwrap_or_default();
    let text = format!(
        "---\ntitle: {}\nadded: {}\n{category}---\nWrite the answer here: short, concrete, with links to the pages that explain more.\n",
        yaml_string(question),
        new.today
    );
    std::fs::create_dir_all(root.join(&dir))
        .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!("{} already exists; not overwriting it", rel.display())
            }
            _ => format!("cannot write {}: {e}", rel.display()),
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", rel.display()))?;
    Ok(rel)
}

/// A YAML double-quoted string.
fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
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

    #[test]
    fn heading_sections() {
        let html = "<h2 id=\"a\">A</h2>\n<p>one</p>\n<h3 id=\"x\">x</h3><p>sub</p>\n<h2 id=\"b\">B</h2>\n<p>two</p>\n";
        assert_eq!(
            heading_section(html, "a"),
            "<p>one</p>\n<h3 id=\"x\">x</h3><p>sub</p>"
        );
        assert_eq!(heading_section(html, "b"), "<p>two</p>");
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
