//! The missing-in-version report: each page of a version that the next newer version lacks
//! (by path or by `aliases`), so that readers switching versions land on a landing page.

use super::Versions;
use crate::content::Content;
use crate::diagnostics::Diagnostic;

/// One note (`version-missing-page`) per page of a version with no counterpart in the next
/// newer version (the list is newest first: version `i + 1` is followed by version `i`).
pub(crate) fn missing_in_versions(content: &Content, versions: &Versions) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if versions.list.len() < 2 {
        return diags;
    }
    for (idx, page) in content.pages.iter().enumerate() {
        let Some(v) = page.version else { continue };
        if v == 0 || page.fallback_of.is_some() || page.file.is_none() || !page.has_url() {
            continue;
        }
        let next = v - 1;
        // A version without any page in this language is not a version the page could be in.
        if content
            .by_path
            .get(&page.lang, &versions.path_in(next, ""))
            .is_none()
        {
            continue;
        }
        if versions.counterpart(content, idx, next).is_some() {
            continue;
        }
        let (this, newer) = (&versions.list[v].name, &versions.list[next].name);
        diags.push(
            Diagnostic::note(
                "version-missing-page",
                format!(
                    "this page is in {this} and not in {newer}: the version switcher sends its readers to {newer}'s landing page (if the page moved, list its old URL in the `aliases` of the page in {newer})"
                ),
            )
            .at(page.diag_file(), None),
        );
    }
    diags
}
