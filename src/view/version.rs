//! `page.version` in templates: the version a versioned page is in (`[versions]`), its status
//! today, where the version switcher goes (the same page in each version, else that version's
//! landing page) and the banner an unreleased or unsupported version shows.

use crate::config::Status;
use crate::site::Site;
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct VersionView<'a> {
    /// The folder and URL segment (`v1.18`).
    pub(crate) name: &'a str,
    /// What readers see (`label`, else the name).
    pub(crate) label: &'a str,
    /// `development`, `supported` or `unsupported`, as of the build's today.
    pub(crate) status: &'static str,
    /// Why it has that status ("support ended 2026-06-30").
    pub(crate) status_reason: &'a str,
    pub(crate) is_latest: bool,
    /// Every version, newest first, each with where the switcher goes from this page.
    pub(crate) versions: Vec<VersionLink<'a>>,
    /// `versions` as the default theme's list (`<ul>` of links, the current version a
    /// `<span>`): made here because a template loop over 33 versions on each of 2,000 pages
    /// was most of what versions cost a build (BENCHMARKS.md, #20).
    pub(crate) switcher_html: String,
    /// This page in the latest version (or the latest version's landing page).
    pub(crate) latest: Option<VersionLink<'a>>,
    /// `development` or `unsupported`: the banner the page shows (None for a supported one).
    pub(crate) banner: Option<&'static str>,
    /// `rel=canonical` for a page of a version older than latest: the same page in latest,
    /// when there is one (None: the page's own permalink).
    pub(crate) canonical: Option<String>,
    /// An unsupported version's page, with `[versions] noindex_unsupported`.
    pub(crate) noindex: bool,
    /// The page's `latest` URL (`/docs/latest/install/`), for a page of the latest version.
    pub(crate) latest_url: Option<String>,
}

/// One entry of the version switcher.
#[derive(Serialize, Clone)]
pub(crate) struct VersionLink<'a> {
    pub(crate) name: &'a str,
    pub(crate) label: &'a str,
    pub(crate) status: &'static str,
    pub(crate) url: &'a str,
    /// The same page (false: that version lacks it and `url` is its landing page).
    pub(crate) exact: bool,
    /// The version the page is in.
    pub(crate) current: bool,
}

/// `page.version` for page `idx`; None for a page outside the versioned section.
pub(crate) fn version(site: &Site, idx: usize) -> Option<VersionView<'_>> {
    let versions = &site.versions;
    let pages = &site.content.pages;
    let v = pages[idx].version?;
    let this = &versions.list[v];
    let links: Vec<VersionLink> = versions
        .targets(&site.content, idx)
        .into_iter()
        .zip(&versions.list)
        .enumerate()
        .filter_map(|(j, (target, other))| {
            let target = target?;
            Some(VersionLink {
                name: &other.name,
                label: &other.label,
                status: other.status.as_str(),
                url: &pages[target.page].url,
                exact: target.exact,
                current: j == v,
            })
        })
        .collect();
    let latest = versions
        .latest
        .and_then(|l| links.iter().find(|link| link.name == versions.list[l].name))
        .cloned();
    // The latest version is what the banners point to: it shows none, whatever its status.
    let banner = match this.status {
        Status::Supported => None,
        _ if versions.latest == Some(v) => None,
        s => Some(s.as_str()),
    };
    Some(VersionView {
        name: &this.name,
        label: &this.label,
        status: this.status.as_str(),
        status_reason: &this.why,
        is_latest: versions.latest == Some(v),
        switcher_html: switcher_html(&links),
        versions: links,
        canonical: latest
            .as_ref()
            .filter(|l| l.exact && versions.latest.is_some_and(|newest| v > newest))
            .map(|l| site.config.permalink(l.url)),
        latest,
        banner,
        noindex: versions.noindex(&pages[idx]),
        latest_url: versions.latest_url(&pages[idx]),
    })
}

/// The switcher's list: each version's link (its status as a class, `version-landing` when
/// the page is not in it), the current version as text.
fn switcher_html(links: &[VersionLink]) -> String {
    use crate::html::escape;
    let mut out = String::with_capacity(64 + links.len() * 96);
    out.push_str("<ul>");
    for l in links {
        if l.current {
            out.push_str("<li><span class=\"version-current\" aria-current=\"true\">");
            out.push_str(&escape(l.label));
            out.push_str("</span></li>");
            continue;
        }
        let landing = if l.exact { "" } else { " version-landing" };
        out.push_str(&format!(
            "<li><a href=\"{}\" class=\"version-{}{landing}\" data-version=\"{}\">{}</a></li>",
            escape(l.url),
            l.status,
            escape(l.name),
            escape(l.label)
        ));
    }
    out.push_str("</ul>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switcher_list_escapes_and_marks_landing_pages() {
        let link = |name, label, url, exact, current| VersionLink {
            name,
            label,
            status: "supported",
            url,
            exact,
            current,
        };
        let html = switcher_html(&[
            link("v2", "v2 <beta>", "/docs/v2/a/", true, false),
            link("v1", "v1 & old", "/docs/v1/", false, false),
            link("v0", "v0", "/docs/v0/a/", true, true),
        ]);
        assert_eq!(
            html,
            "<ul><li><a href=\"/docs/v2/a/\" class=\"version-supported\" data-version=\"v2\">v2 &lt;beta&gt;</a></li><li><a href=\"/docs/v1/\" class=\"version-supported version-landing\" data-version=\"v1\">v1 &amp; old</a></li><li><span class=\"version-current\" aria-current=\"true\">v0</span></li></ul>"
        );
    }
}
