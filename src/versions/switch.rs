//! The same page in another version: by its path inside the version, else the page there that
//! says (in `aliases`) it was at that path, else the page at one of this page's own former
//! paths; failing all, the other version's landing page.

use super::Versions;
use crate::content::Content;

/// Where a page's counterpart in another version is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Target {
    pub(crate) page: usize,
    /// The same page (false: the version's landing page, the page having no counterpart).
    pub(crate) exact: bool,
}

impl Versions {
    /// Page `idx`'s counterpart in version `to`; None when `idx` is not versioned or version
    /// `to` has no page at all in the page's language.
    #[cfg(test)]
    pub(crate) fn target(&self, content: &Content, idx: usize, to: usize) -> Option<Target> {
        self.targets(content, idx).into_iter().nth(to)?
    }

    /// Page `idx`'s counterpart in every version, in order (empty when `idx` is not
    /// versioned): what the switcher shows. Where the page is is worked out once, not once
    /// per version.
    pub(crate) fn targets(&self, content: &Content, idx: usize) -> Vec<Option<Target>> {
        let page = &content.pages[idx];
        let Some((from, rel)) = self.of_path(&page.path) else {
            return Vec::new();
        };
        (0..self.list.len())
            .map(|to| {
                if let Some(page) = self.counterpart_in(content, idx, (from, rel), to) {
                    return Some(Target { page, exact: true });
                }
                let landing = content.by_path.get(&page.lang, &self.path_in(to, ""))?;
                Some(Target {
                    page: landing,
                    exact: false,
                })
            })
            .collect()
    }

    /// The same page in version `to`, when it has one.
    pub(crate) fn counterpart(&self, content: &Content, idx: usize, to: usize) -> Option<usize> {
        let at = self.of_path(&content.pages[idx].path)?;
        self.counterpart_in(content, idx, at, to)
    }

    /// `counterpart`, for page `idx` at `(version, path inside it)`.
    fn counterpart_in(
        &self,
        content: &Content,
        idx: usize,
        (from, rel): (usize, &str),
        to: usize,
    ) -> Option<usize> {
        if from == to {
            return Some(idx);
        }
        let lang = content.pages[idx].lang.as_str();
        let found = |path: String| {
            content
                .by_path
                .get(lang, &path)
                .filter(|&i| content.pages[i].has_url())
                .or_else(|| match self.moved.is_empty() {
                    true => None,
                    false => self.moved.get(&(lang.to_string(), path)).copied(),
                })
        };
        if let Some(i) = found(self.path_in(to, rel)) {
            return Some(i);
        }
        // The page moved: where it was (its aliases in its own version) may exist in `to`.
        self.former.get(&idx)?.iter().find_map(|old| {
            let (v, old_rel) = self.of_path(old)?;
            (v == from).then(|| found(self.path_in(to, old_rel)))?
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::content::{Content, LoadOptions, Page};
    use crate::versions::{Versions, assign};

    fn page(path: &str, aliases: &[&str]) -> crate::content::SourceFile {
        let mut p = Page {
            lang: "en".into(),
            path: path.into(),
            source: format!("{path}.md"),
            title: path.into(),
            ..Page::default()
        };
        p.fm.aliases = aliases.iter().map(|a| a.to_string()).collect();
        crate::content::SourceFile::Page(Box::new(p))
    }

    fn site() -> (Content, Versions) {
        let config = Config::parse(
            "title = \"x\"\n[[versions.list]]\nname = \"v3\"\n[[versions.list]]\nname = \"v2\"\n[[versions.list]]\nname = \"v1\"\n",
        )
        .unwrap();
        let files = vec![
            page("docs/v1/install", &[]),
            page("docs/v1/old-only", &[]),
            page("docs/v2/install", &[]),
            page("docs/v3/setup/install", &["/docs/v3/install/"]),
        ];
        let mut diags = Vec::new();
        let mut content = Content::assemble(files, &config, &LoadOptions::default(), &mut diags);
        let mut versions = Versions::resolve(&config.versions, "2026-01-01".parse().unwrap());
        assign(&mut content, &mut versions, "/");
        (content, versions)
    }

    fn path_of(content: &Content, versions: &Versions, from: &str, to: usize) -> (String, bool) {
        let idx = content.by_path.get("en", from).unwrap();
        let t = versions.target(content, idx, to).unwrap();
        (content.pages[t.page].path.clone(), t.exact)
    }

    #[test]
    fn same_path_moved_page_and_landing() {
        let (c, v) = site();
        assert_eq!(
            path_of(&c, &v, "docs/v1/install", 1),
            ("docs/v2/install".into(), true)
        );
        // v3 moved install to setup/install and says so in its aliases.
        assert_eq!(
            path_of(&c, &v, "docs/v2/install", 0),
            ("docs/v3/setup/install".into(), true)
        );
        // And back: from the moved page to where it was.
        assert_eq!(
            path_of(&c, &v, "docs/v3/setup/install", 2),
            ("docs/v1/install".into(), true)
        );
        // Not there: the version's landing page (made up for the folder).
        assert_eq!(
            path_of(&c, &v, "docs/v1/old-only", 0),
            ("docs/v3".into(), false)
        );
        let idx = c.by_path.get("en", "docs/v1/install").unwrap();
        assert_eq!(c.pages[idx].version, Some(2));
    }
}
