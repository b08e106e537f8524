//! Headings: their ids (explicit, or a slug made unique on the page), their `{…}`
//! attributes, and the anchor link written at the end of each heading.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::CowStr;

use super::{EMPTY_SLUG_ID, slugify};

/// The ids handed out on a page so far, so that every generated id is new.
#[derive(Default)]
pub(super) struct HeadingIds {
    used_ids: HashSet<String>,
    /// Next `-N` suffix to try per base slug.
    next_suffix: HashMap<String, usize>,
}

impl HeadingIds {
    /// The id of a heading: its explicit id when it has a non-empty one (taken as written),
    /// else its title's slug made unique.
    pub(super) fn assign(&mut self, explicit: Option<String>, title: &str) -> String {
        match explicit.filter(|s| !s.is_empty()) {
            Some(id) => {
                self.used_ids.insert(id.clone());
                id
            }
            None => self.unique_id(slugify(title)),
        }
    }

    fn unique_id(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            EMPTY_SLUG_ID.to_string()
        } else {
            base
        };
        if self.used_ids.insert(base.clone()) {
            return base;
        }
        // Resume from the last suffix handed out for this base, so many
        // identical headings stay linear.
        let mut n = self.next_suffix.get(&base).copied().unwrap_or(1);
        let mut candidate = String::with_capacity(base.len() + 4);
        loop {
            candidate.clear();
            candidate.push_str(&base);
            candidate.push('-');
            candidate.push_str(&n.to_string());
            n += 1;
            if !self.used_ids.contains(&candidate) {
                break;
            }
        }
        self.next_suffix.insert(base, n);
        self.used_ids.insert(candidate.clone());
        candidate
    }
}

/// A heading's `{#id .class key=value}` attributes, sorted out.
pub(super) struct Attributes {
    /// `{#id}`, or else the first `id=…`.
    pub(super) explicit_id: Option<String>,
    /// `{.class}` and `class=…`.
    pub(super) classes: Vec<String>,
    /// Every other `key=value` / bare `key`: data for the caller.
    pub(super) data: Vec<(String, Option<String>)>,
}

impl Attributes {
    /// `id=` / `class=` in key=value form are folded into id and classes; the rest is data
    /// for the caller.
    pub(super) fn new(
        explicit_id: Option<CowStr<'_>>,
        classes: Vec<CowStr<'_>>,
        attrs: Vec<(CowStr<'_>, Option<CowStr<'_>>)>,
    ) -> Attributes {
        let mut explicit = explicit_id.map(|s| s.into_string());
        let mut classes: Vec<String> = classes.into_iter().map(|c| c.into_string()).collect();
        let mut data = Vec::with_capacity(attrs.len());
        for (k, v) in attrs {
            match (&*k, v) {
                ("id", Some(v)) => {
                    if explicit.as_deref().is_none_or(str::is_empty) {
                        explicit = Some(v.into_string());
                    }
                }
                ("class", Some(v)) => classes.extend(v.split_whitespace().map(str::to_string)),
                (_, v) => data.push((k.into_string(), v.map(|v| v.into_string()))),
            }
        }
        Attributes {
            explicit_id: explicit,
            classes,
            data,
        }
    }
}

/// The data attributes written on the `<hN>` tag: `data-key="value"`, for the keys that are
/// safe attribute names.
pub(super) fn html_attrs(
    data: &[(String, Option<String>)],
) -> Vec<(CowStr<'static>, Option<CowStr<'static>>)> {
    data.iter()
        .filter(|(k, _)| is_safe_attr_name(k))
        .map(|(k, v)| {
            (
                CowStr::from(format!("data-{}", k.to_ascii_lowercase())),
                v.as_ref().map(|v| CowStr::from(v.clone())),
            )
        })
        .collect()
}

/// The `#` link written at the end of a heading, to the heading itself.
pub(super) fn anchor_markup(id: &str) -> String {
    let mut anchor = String::with_capacity(96 + id.len());
    anchor.push_str(" <a class=\"heading-anchor\" href=\"#");
    crate::html::escape_into(&mut anchor, id);
    // Reachable by keyboard (Tab), and named by its heading for screen readers.
    anchor.push_str("\" aria-labelledby=\"");
    crate::html::escape_into(&mut anchor, id);
    anchor.push_str("\">#</a>");
    anchor
}

fn is_safe_attr_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::super::Hooks;
    use super::super::tests::{h2, r};

    #[test]
    fn heading_markup() {
        let out = r("## Triage\n");
        assert_eq!(out.html, h2("triage", "Triage"));
        let h = &out.headings[0];
        assert_eq!(
            (h.level, h.id.as_str(), h.title.as_str(), h.line),
            (2, "triage", "Triage", 1)
        );
        // Inline markup is kept in the heading, plain text in the title.
        let out = r("### Use `cargo` &amp; <em>friends</em>\n");
        assert_eq!(
            out.html,
            "<h3 id=\"use-cargo--friends\">Use <code>cargo</code> &amp; <em>friends</em> \
             <a class=\"heading-anchor\" href=\"#use-cargo--friends\" aria-labelledby=\"use-cargo--friends\">#</a></h3>\n"
        );
        assert_eq!(out.headings[0].title, "Use cargo & friends");
    }

    #[test]
    fn chinese_heading_id() {
        let out = r("## 如何获取支持？\n");
        assert_eq!(out.html, h2("如何获取支持", "如何获取支持？"));
        assert_eq!(out.headings[0].title, "如何获取支持？");
        assert_eq!(out.anchors, ["如何获取支持"]);
    }

    #[test]
    fn duplicate_and_explicit_ids() {
        let out = r(
            "## Usage\n\n## Usage\n\n## Usage\n\n## Setup {#usage-3}\n\n## Usage\n\n## !!!\n\n## ???\n",
        );
        let ids: Vec<_> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "usage",
                "usage-1",
                "usage-2",
                "usage-3",
                "usage-4",
                "heading",
                "heading-1"
            ]
        );
        assert_eq!(out.headings[3].title, "Setup");
        assert!(out.html.contains(&h2("usage-3", "Setup")));

        // Many identical headings: suffixes stay sequential (and linear).
        let out = r(&"## Same\n\n".repeat(300));
        assert_eq!(out.headings[299].id, "same-299");
        assert_eq!(out.anchors.iter().collect::<HashSet<_>>().len(), 300);

        // An explicit id seen earlier is not reused by a generated one.
        let out = r("## Intro {#install}\n\n## Install\n");
        let ids: Vec<_> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["install", "install-1"]);

        // `{id=...}` works as an explicit id too; ids are escaped.
        let out = r("## A {id=from-attr}\n\n## B {#q\"x}\n");
        assert_eq!(out.headings[0].id, "from-attr");
        assert!(out.headings[0].attrs.is_empty());
        assert_eq!(out.headings[1].id, "q\"x");
        assert!(
            out.html
                .contains("<h2 id=\"q&quot;x\">B <a class=\"heading-anchor\" href=\"#q&quot;x\""),
            "{}",
            out.html
        );
    }

    #[test]
    fn heading_attributes() {
        let out =
            r("## Rotation {#rotate .note .wide added=2024-03-04 reviewed=2025-01-10 draft}\n");
        let h = &out.headings[0];
        assert_eq!(h.id, "rotate");
        assert_eq!(h.title, "Rotation");
        assert_eq!(h.classes, ["note", "wide"]);
        assert_eq!(
            h.attrs,
            [
                ("added".to_string(), Some("2024-03-04".to_string())),
                ("reviewed".to_string(), Some("2025-01-10".to_string())),
                ("draft".to_string(), None),
            ]
        );
        assert_eq!(
            out.html,
            "<h2 id=\"rotate\" class=\"note wide\" data-added=\"2024-03-04\" data-reviewed=\"2025-01-10\" data-draft=\"\">Rotation \
             <a class=\"heading-anchor\" href=\"#rotate\" aria-labelledby=\"rotate\">#</a></h2>\n"
        );
        // Keys that are not safe attribute names stay data but are not emitted.
        let out = r("## X {on\"x=1}\n");
        assert_eq!(
            out.headings[0].attrs,
            [("on\"x".to_string(), Some("1".to_string()))]
        );
        assert_eq!(out.html, h2("x", "X"));
    }

    #[test]
    fn first_h1() {
        let out = r("Intro\n\n## Sub\n\nSetext *Title*\n===\n\n# Second\n");
        assert_eq!(out.first_h1.as_deref(), Some("Setext Title"));
        assert_eq!(r("## only h2\n").first_h1, None);
    }

    /// Takes the heading whose text is `.0` as the page's title.
    struct Titled(&'static str, std::cell::Cell<bool>);

    impl Hooks for Titled {
        fn take_title_heading(&self, title: &str) -> bool {
            let take = !self.1.get() && title == self.0;
            self.1.set(self.1.get() || take);
            take
        }
    }

    #[test]
    fn the_title_heading_is_left_out_and_its_id_kept() {
        let hooks = Titled("Who to contact", Default::default());
        let out = super::super::render(
            "# Who to contact\n\nIntro.\n\n## Channels\n\n# Who to contact\n",
            0,
            &hooks,
        );
        assert_eq!(
            out.html,
            format!(
                "<a id=\"who-to-contact\"></a>\n<p>Intro.</p>\n{}<h1 id=\"who-to-contact-1\">Who to contact <a class=\"heading-anchor\" href=\"#who-to-contact-1\" aria-labelledby=\"who-to-contact-1\">#</a></h1>\n",
                h2("channels", "Channels")
            )
        );
        assert_eq!(
            out.anchors,
            ["who-to-contact", "channels", "who-to-contact-1"]
        );
        let levels: Vec<_> = out
            .headings
            .iter()
            .map(|h| (h.level, h.id.as_str()))
            .collect();
        assert_eq!(levels, [(2, "channels"), (1, "who-to-contact-1")]);
        for h in &out.headings {
            assert!(out.html[h.html_start..h.html_end].starts_with(&format!("<h{}", h.level)));
        }
        assert_eq!(out.summary, "Intro.");
        // Another first heading is kept.
        let out = super::super::render("# Other\n", 0, &Titled("Title", Default::default()));
        assert!(out.html.starts_with("<h1 id=\"other\">"), "{}", out.html);
    }
}
