//! What versioned docs add to the output: `/docs/latest/…`, a redirect page for each page of
//! the latest version, and `_redirects` saying the same for hosts that read one (Netlify,
//! Cloudflare Pages).

use super::listings::redirect_html;
use crate::diagnostics::Diagnostic;
use crate::output::{Data, OutFile};
use crate::site::Site;
use crate::templates::Templates;

/// A redirect page at each latest page's `latest` URL, to the page itself.
pub(super) fn latest_redirects(
    site: &Site,
    templates: &Templates,
) -> Result<Vec<OutFile>, Diagnostic> {
    let root = site.config.root_path();
    let mut out = Vec::new();
    for page in site.content.pages.iter().filter(|p| p.is_rendered()) {
        let Some(url) = site.versions.latest_url(page) else {
            continue;
        };
        let html = redirect_html(templates, page, &site.config.permalink(&page.url))?;
        out.push(OutFile {
            path: crate::content::out_path(&url, &root),
            data: Data::Bytes(html.into_bytes()),
        });
    }
    Ok(out)
}

/// `_redirects`: `/docs/latest/*` to the latest version, per language (a 302, so that the
/// next release moves it). A site's own `static/_redirects` wins.
pub(super) fn redirects_file(site: &Site) -> Option<OutFile> {
    let versions = &site.versions;
    let latest = versions.latest?;
    if site.presentation.static_files.contains_key("_redirects") {
        return None;
    }
    let mut text = String::from("# Written by sitegen: the latest version of the docs.\n");
    for lang in site.config.language_codes() {
        let Some(landing) = site
            .content
            .by_path
            .get(lang, &versions.path_in(latest, ""))
        else {
            continue;
        };
        let page = &site.content.pages[landing];
        let Some(from) = versions.latest_url(page) else {
            continue;
        };
        let from = from.trim_end_matches('/');
        text.push_str(&format!("{from} {} 302\n", page.url));
        text.push_str(&format!("{from}/* {}:splat 302\n", page.url));
    }
    Some(OutFile {
        path: "_redirects".into(),
        data: Data::Bytes(text.into_bytes()),
    })
}
