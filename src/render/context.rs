//! Template contexts: what every page of a section shares (`lang`, `site`, `section`, the
//! navigation tree and the theme's rendering of it), made once per section by the job that
//! renders its pages.

use crate::diagnostics::Diagnostic;
use crate::menus::Menus;
use crate::site::Site;
use crate::templates::Templates;
use std::collections::HashMap;

/// The theme's rendering of the navigation tree, once per section, shown as `nav_html`.
const NAV_PARTIAL: &str = "partials/nav.html";

/// Pages rendered in a row with one context: small enough that a large section is shared by
/// both cores, large enough that copying the section's context is paid once per many pages.
pub(super) const RUN: usize = 256;

/// Where a page renders: its language and section (a section page is in its own; None is the
/// language's top level, for pages outside any section).
pub(super) type SectionKey<'a> = (&'a str, Option<usize>);

/// What every page of a language shares, as template values.
pub(super) struct Lang {
    pub(super) site: serde_json::Value,
    /// The language's top-level navigation tree.
    pub(super) nav: serde_json::Value,
    /// Its menus, and `menus` as templates see them with no page marked.
    pub(super) menus: Menus,
    pub(super) menus_value: serde_json::Value,
}

/// Per language: what its pages share.
pub(super) type Shared<'a> = HashMap<&'a str, Lang>;

/// `site`, the top-level navigation and the menus of every language.
pub(super) fn shared(site: &Site) -> Shared<'_> {
    let mut menus = site.menus().0;
    site.config
        .language_codes()
        .map(|l| {
            let view = serde_json::to_value(crate::view::site(site, l)).expect("site view");
            let nav = serde_json::to_value(crate::view::nav(site, l, None)).expect("nav");
            let menus = menus.swap_remove(l).unwrap_or_default();
            let menus_value = crate::view::menus(&menus, None);
            let lang = Lang {
                site: view,
                nav,
                menus,
                menus_value,
            };
            (l, lang)
        })
        .collect()
}

/// The pages `which` lets through, grouped by the section they render in, the largest group
/// first (so that the last jobs are small ones).
pub(super) fn by_section(
    site: &Site,
    which: impl Fn(usize) -> bool,
) -> Vec<(SectionKey<'_>, Vec<usize>)> {
    let mut groups: HashMap<SectionKey, Vec<usize>> = HashMap::new();
    for i in (0..site.content.pages.len()).filter(|&i| which(i)) {
        let page = &site.content.pages[i];
        let section = if page.is_section() {
            Some(i)
        } else {
            page.parent
        };
        groups
            .entry((page.lang.as_str(), section))
            .or_default()
            .push(i);
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by(|(a, pa), (b, pb)| pb.len().cmp(&pa.len()).then(a.cmp(b)));
    groups
}

/// What every section's template context is made from.
pub(super) struct SectionContexts<'a> {
    site: &'a Site,
    templates: &'a Templates,
    shared: &'a Shared<'a>,
    with_section: bool,
    with_nav: bool,
    /// Whether the theme's `partials/nav.html` renders the tree (shown as `nav_html`).
    nav_partial: bool,
}

impl<'a> SectionContexts<'a> {
    pub(super) fn new(site: &'a Site, templates: &'a Templates, shared: &'a Shared<'a>) -> Self {
        let nav_partial = templates.has(NAV_PARTIAL) && templates.mention("nav_html");
        SectionContexts {
            site,
            templates,
            shared,
            with_section: templates.mention("section"),
            // The tree and the theme's rendering of it are made per section: left out when no
            // template shows them (a site's own templates that replace the theme's `base.html`).
            nav_partial,
            with_nav: nav_partial || templates.mention_outside("nav", NAV_PARTIAL),
        }
    }

    /// The context of section `section` of `lang` (None: the language's top level) without
    /// `page`, and the theme's rendering of its navigation tree.
    pub(super) fn make(
        &self,
        (lang, section): SectionKey,
    ) -> Result<(tera::Context, Option<String>), Diagnostic> {
        let site = self.site;
        let shared = &self.shared[lang];
        let mut ctx = tera::Context::new();
        ctx.insert("lang", lang);
        ctx.insert("site", &shared.site);
        // Left out without menus: every key more in the context costs every look-up of every
        // page a comparison or two (themes test `site.has_menus`).
        if !shared.menus.is_empty() {
            ctx.insert("menus", &shared.menus_value);
        }
        match section {
            _ if !self.with_nav => {}
            Some(_) => ctx.insert("nav", &crate::view::nav(site, lang, section)),
            None => ctx.insert("nav", &shared.nav),
        }
        // Its list of pages is as large as the section: left out unless used.
        if let Some(s) = section.or_else(|| site.content.homes.get(lang).copied())
            && self.with_section
        {
            ctx.insert("section", &crate::view::section(site, s));
        }
        let nav_html = if self.nav_partial {
            Some(self.templates.render(lang, NAV_PARTIAL, &ctx)?)
        } else {
            None
        };
        Ok((ctx, nav_html))
    }
}

/// Puts an already built value into a template context without copying it (`insert` would
/// serialize it again).
pub(super) fn set(ctx: &mut tera::Context, key: &str, value: serde_json::Value) {
    let one = serde_json::Map::from_iter([(key.to_string(), value)]);
    ctx.extend(tera::Context::from_value(one.into()).expect("an object"));
}

/// The navigation HTML of a section with the link to `url` marked as the current page.
pub(super) fn mark_current(nav_html: &str, url: &str) -> String {
    let needle = format!("href=\"{}\"", crate::html::escape(url));
    // Once per page over the whole tree: std's `str::find` was 1.3% of a default-theme
    // `sitegen check`.
    match memchr::memmem::find(nav_html.as_bytes(), needle.as_bytes()) {
        Some(i) => {
            let at = i + needle.len();
            let mut out = String::with_capacity(nav_html.len() + 24);
            out.push_str(&nav_html[..at]);
            out.push_str(" aria-current=\"page\"");
            out.push_str(&nav_html[at..]);
            out
        }
        None => nav_html.to_string(),
    }
}
