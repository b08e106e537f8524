//! Versioned docs: one section (`docs`) kept once per release, `content/docs/<version>/`.
//! `Versions::resolve` judges each version's status against today (as FAQ ages are judged),
//! `assign` tells each page its version, and `switch.rs` finds the same page in another
//! version (by its path inside the version, or by `aliases` when it moved), which the
//! switcher, the banners, `canonical` and the missing-in-version report share. It reads the
//! content and the config; it knows nothing of templates.

mod git;
mod new;
mod report;
mod switch;

pub(crate) use git::read_refs;
pub(crate) use new::{NewVersion, new_version};
pub(crate) use report::missing_in_versions;

use crate::config::{Status, VersionsConfig};
use crate::content::{Content, Page};
use jiff::civil::Date;
use rustc_hash::FxHashMap;

/// The versions of a site, newest first, with the status each has today.
#[derive(Debug, Clone, Default)]
pub(crate) struct Versions {
    /// The versioned section's folder (`docs`).
    pub(crate) section: String,
    pub(crate) list: Vec<Version>,
    /// Index of the latest version in `list` (None: the site has no versions).
    pub(crate) latest: Option<usize>,
    /// The sitemap lists every version, not only the latest.
    pub(crate) sitemap_all: bool,
    /// Unsupported versions' pages carry `noindex`.
    pub(crate) noindex_unsupported: bool,
    /// Where versioned pages were before they moved, from their `aliases`: (language, logical
    /// path) → page. Filled by `assign`.
    pub(crate) moved: FxHashMap<(String, String), usize>,
    /// The same, per page: the logical paths a versioned page had before.
    pub(crate) former: FxHashMap<usize, Vec<String>>,
}

/// One version as the build sees it.
#[derive(Debug, Clone)]
pub(crate) struct Version {
    pub(crate) name: String,
    pub(crate) label: String,
    pub(crate) status: Status,
    /// Where the status came from, for reports: "set", "released 2026-01-01", …
    pub(crate) why: String,
}

impl Versions {
    /// Each version's status: the one set in `sitegen.toml`, else from its dates and the
    /// support policy, judged against `today`. A version released after today is in
    /// development; one past its `end_of_support` is unsupported; of the others, the newest
    /// `supported` (counted down the list, newest first) are supported and older ones not.
    pub(crate) fn resolve(config: &VersionsConfig, today: Date) -> Versions {
        let mut list = Vec::with_capacity(config.list.len());
        let mut released_before = 0;
        for v in &config.list {
            let (status, why) = match (v.status, v.released(), v.end_of_support()) {
                (Some(s), _, _) => (s, "set in sitegen.toml".to_string()),
                (None, Some(r), _) if r > today => {
                    (Status::Development, format!("to be released {r}"))
                }
                (None, _, Some(e)) if e < today => {
                    (Status::Unsupported, format!("support ended {e}"))
                }
                (None, _, _) => match config.supported {
                    Some(n) if released_before >= n => (
                        Status::Unsupported,
                        format!("older than the newest {n} releases"),
                    ),
                    Some(n) => (Status::Supported, format!("one of the newest {n} releases")),
                    None => (Status::Supported, "released".to_string()),
                },
            };
            if status != Status::Development {
                released_before += 1;
            }
            list.push(Version {
                name: v.name.clone(),
                label: v.label().to_string(),
                status,
                why,
            });
        }
        let latest = match &config.latest {
            Some(name) => list.iter().position(|v| &v.name == name),
            None => list
                .iter()
                .position(|v| v.status != Status::Development)
                .or(if list.is_empty() { None } else { Some(0) }),
        };
        Versions {
            section: config.section.clone(),
            list,
            latest,
            sitemap_all: config.sitemap_all,
            noindex_unsupported: config.noindex_unsupported,
            moved: FxHashMap::default(),
            former: FxHashMap::default(),
        }
    }

    pub(crate) fn enabled(&self) -> bool {
        !self.list.is_empty()
    }

    /// The version a logical path (`docs/v1.18/install`) is in, and its path inside it
    /// (`install`, "" for the version's landing page).
    pub(crate) fn of_path<'a>(&self, path: &'a str) -> Option<(usize, &'a str)> {
        if !self.enabled() {
            return None;
        }
        let rest = path
            .strip_prefix(self.section.as_str())?
            .strip_prefix('/')?;
        let (name, rel) = rest.split_once('/').unwrap_or((rest, ""));
        let v = self.list.iter().position(|v| v.name == name)?;
        Some((v, rel))
    }

    /// The logical path of `rel` inside version `v`.
    pub(crate) fn path_in(&self, v: usize, rel: &str) -> String {
        match rel {
            "" => format!("{}/{}", self.section, self.list[v].name),
            _ => format!("{}/{}/{rel}", self.section, self.list[v].name),
        }
    }

    /// A link path into the versioned section made to name version `v`: `/docs/install/` →
    /// `/docs/v1.18/install/`, `docs/install.md` → `docs/v1.18/install.md`, and `latest` →
    /// the latest version. None when the path is not in the section or already names a
    /// version.
    pub(crate) fn in_version(&self, path: &str, v: usize) -> Option<String> {
        if !self.enabled() {
            return None;
        }
        let section = format!("{}/", self.section);
        let start = if path.starts_with(&section) {
            0
        } else {
            path.find(&format!("/{section}"))? + 1
        };
        let after = start + section.len();
        let next = path[after..].split('/').next().unwrap_or("");
        let (name, skip) = match next {
            "latest" => (&self.list[self.latest?].name, "latest".len() + 1),
            n if self.list.iter().any(|v| v.name == n) => return None,
            _ => (&self.list[v].name, 0),
        };
        let rest = path.get(after + skip..).unwrap_or("");
        Some(format!("{}{name}/{rest}", &path[..after]))
    }

    /// Whether the sitemap lists `page`: every page outside the versioned section, and the
    /// latest version's (every version's with `sitemap_all`).
    pub(crate) fn in_sitemap(&self, page: &Page) -> bool {
        self.sitemap_all || page.version.is_none() || page.version == self.latest
    }

    /// Whether `page` asks search engines not to index it (`noindex_unsupported`).
    pub(crate) fn noindex(&self, page: &Page) -> bool {
        self.noindex_unsupported
            && page
                .version
                .is_some_and(|v| self.list[v].status == Status::Unsupported)
    }

    /// For a page of the latest version, the URL that `latest` gives it:
    /// `/zh/docs/v1.18/install/` → `/zh/docs/latest/install/`. None for other pages and for
    /// pages whose `url` leaves the version's folder.
    pub(crate) fn latest_url(&self, page: &Page) -> Option<String> {
        let latest = self.latest?;
        if page.version != Some(latest) {
            return None;
        }
        let segment = format!("/{}/{}/", self.section, self.list[latest].name).to_lowercase();
        let at = page.url.find(&segment)?;
        let mut url = page.url.clone();
        url.replace_range(
            at..at + segment.len(),
            &format!("/{}/latest/", self.section.to_lowercase()),
        );
        Some(url)
    }
}

/// Tells each page its version (`Page::version`), from its path, and indexes where versioned
/// pages were before they moved (their `aliases` inside the versioned section).
pub(crate) fn assign(content: &mut Content, versions: &mut Versions, root: &str) {
    if !versions.enabled() {
        return;
    }
    let mut moved = FxHashMap::default();
    let mut former: FxHashMap<usize, Vec<String>> = FxHashMap::default();
    for (i, page) in content.pages.iter_mut().enumerate() {
        page.version = versions.of_path(&page.path).map(|(v, _)| v);
        if page.version.is_none() || page.fallback_of.is_some() {
            continue;
        }
        for alias in &page.fm.aliases {
            let url = alias.strip_prefix(root).unwrap_or(alias);
            let path = crate::content::normalize_url_path(url);
            let path = path.trim_end_matches('/');
            let path = path
                .strip_prefix(page.lang.as_str())
                .and_then(|p| p.strip_prefix('/'))
                .unwrap_or(path);
            if versions.of_path(path).is_some() {
                moved.insert((page.lang.clone(), path.to_string()), i);
                former.entry(i).or_default().push(path.to_string());
            }
        }
    }
    versions.moved = moved;
    versions.former = former;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn versions(extra: &str, today: &str) -> Versions {
        let text = format!(
            "title = \"x\"\n[versions]\nsupported = 2\n{extra}[[versions.list]]\nname = \"main\"\nstatus = \"development\"\n[[versions.list]]\nname = \"v3\"\nreleased = 2026-09-01\n[[versions.list]]\nname = \"v2\"\nreleased = 2026-03-01\n[[versions.list]]\nname = \"v1\"\nreleased = 2025-03-01\n[[versions.list]]\nname = \"v0\"\nreleased = 2024-03-01\nend_of_support = 2026-06-30\n"
        );
        let c = Config::parse(&text).unwrap();
        Versions::resolve(&c.versions, today.parse().unwrap())
    }

    fn statuses(v: &Versions) -> Vec<&str> {
        v.list.iter().map(|v| v.status.as_str()).collect()
    }

    #[test]
    fn status_from_dates_and_policy_changes_with_today() {
        let v = versions("", "2026-05-01");
        assert_eq!(
            statuses(&v),
            [
                "development",
                "development",
                "supported",
                "supported",
                "unsupported"
            ]
        );
        assert_eq!(v.latest, Some(2));
        // Once v3 is out, v1 is no longer one of the newest two.
        let v = versions("", "2026-09-02");
        assert_eq!(
            statuses(&v),
            [
                "development",
                "supported",
                "supported",
                "unsupported",
                "unsupported"
            ]
        );
        assert_eq!(v.latest, Some(1));
        assert_eq!(v.list[3].why, "older than the newest 2 releases");
    }

    #[test]
    fn end_of_support_without_a_policy() {
        let text = "title = \"x\"\n[[versions.list]]\nname = \"v1\"\n[[versions.list]]\nname = \"v0\"\nend_of_support = 2026-06-30\n";
        let c = Config::parse(text).unwrap();
        let before = Versions::resolve(&c.versions, "2026-06-30".parse().unwrap());
        assert_eq!(statuses(&before), ["supported", "supported"]);
        let after = Versions::resolve(&c.versions, "2026-07-01".parse().unwrap());
        assert_eq!(statuses(&after), ["supported", "unsupported"]);
        assert_eq!(after.list[1].why, "support ended 2026-06-30");
    }

    #[test]
    fn latest_set_and_paths() {
        let v = versions("latest = \"v1\"\n", "2026-05-01");
        assert_eq!(v.latest, Some(3));
        assert_eq!(
            v.of_path("docs/v2/guide/install"),
            Some((2, "guide/install"))
        );
        assert_eq!(v.of_path("docs/v2"), Some((2, "")));
        assert_eq!(v.of_path("docs/v9/x"), None);
        assert_eq!(v.of_path("docsx/v2/x"), None);
        assert_eq!(v.of_path("blog"), None);
        assert_eq!(v.path_in(1, "a/b"), "docs/v3/a/b");
        assert_eq!(v.path_in(1, ""), "docs/v3");
        assert_eq!(
            v.in_version("/docs/install/", 2).as_deref(),
            Some("/docs/v2/install/")
        );
        assert_eq!(
            v.in_version("/zh/docs/a#b", 1).as_deref(),
            Some("/zh/docs/v3/a#b")
        );
        assert_eq!(
            v.in_version("docs/a.md", 2).as_deref(),
            Some("docs/v2/a.md")
        );
        assert_eq!(
            v.in_version("/docs/latest/a/", 2).as_deref(),
            Some("/docs/v1/a/")
        );
        assert_eq!(
            v.in_version("/docs/latest", 2).as_deref(),
            Some("/docs/v1/")
        );
        assert_eq!(v.in_version("/docs/v2/a/", 1), None);
        assert_eq!(v.in_version("/blog/a/", 1), None);
        assert_eq!(v.in_version("../a.md", 1), None);
    }
}
