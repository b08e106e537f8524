//! `[versions]`: versioned docs (`crate::versions` judges statuses against today). Only what
//! the file says is checked here: names, dates and statuses, each error at its line.

use super::{FILE_NAME, keys::key_line};
use crate::diagnostics::Diagnostic;
use jiff::civil::Date;
use serde::Deserialize;

/// `[versions]`: one section of the site kept once per release.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VersionsConfig {
    /// The versioned section's folder (`content/docs/<version>/`).
    #[serde(default = "default_section")]
    pub(crate) section: String,
    /// The version readers get by default (`/docs/latest/`); else the newest released one.
    #[serde(default)]
    pub(crate) latest: Option<String>,
    /// How many of the newest released versions are supported; older ones are unsupported.
    #[serde(default)]
    pub(crate) supported: Option<usize>,
    /// The sitemap lists the latest version's pages only, unless this is true.
    #[serde(default)]
    pub(crate) sitemap_all: bool,
    /// Unsupported versions' pages ask search engines not to index them.
    #[serde(default)]
    pub(crate) noindex_unsupported: bool,
    /// Every version, newest first (`[[versions.list]]`).
    #[serde(default)]
    pub(crate) list: Vec<VersionConfig>,
}

/// One `[[versions.list]]` entry.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct VersionConfig {
    /// The folder name and URL segment (`v1.18`, `main`).
    pub(crate) name: String,
    /// What readers see in the switcher; the name when absent.
    #[serde(default)]
    pub(crate) label: Option<String>,
    /// `development`, `supported` or `unsupported`; else derived from the dates and policy.
    #[serde(default)]
    pub(crate) status: Option<Status>,
    #[serde(default)]
    pub(crate) released: Option<DateValue>,
    #[serde(default)]
    pub(crate) end_of_support: Option<DateValue>,
    /// A git ref (branch, tag, commit) to read the version's pages from, with no checkout,
    /// instead of its folder.
    #[serde(default, rename = "ref")]
    pub(crate) git_ref: Option<String>,
    /// With `ref`: the folder in that ref, inside each language's content tree, that holds
    /// the version's pages (default: the development version's folder, `docs/main`).
    #[serde(default)]
    pub(crate) path: Option<String>,
}

/// A version's status, as readers are told it.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Status {
    /// Unreleased docs (`main`).
    Development,
    Supported,
    Unsupported,
}

impl Status {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Development => "development",
            Status::Supported => "supported",
            Status::Unsupported => "unsupported",
        }
    }
}

/// A date as TOML writes it (`2026-03-01`) or as a string (`"2026-03-01"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum DateValue {
    Toml(toml::value::Datetime),
    Text(String),
}

impl DateValue {
    fn date(&self) -> Result<Date, String> {
        let text = match self {
            DateValue::Toml(d) => d.to_string(),
            DateValue::Text(s) => s.clone(),
        };
        text.parse::<Date>()
            .map_err(|_| format!("`{text}` is not a date like 2026-01-31"))
    }
}

fn default_section() -> String {
    "docs".into()
}

impl Default for VersionsConfig {
    fn default() -> Self {
        VersionsConfig {
            section: default_section(),
            latest: None,
            supported: None,
            sitemap_all: false,
            noindex_unsupported: false,
            list: Vec::new(),
        }
    }
}

impl VersionConfig {
    /// The release date, checked by `VersionsConfig::validate` (so never an error here).
    pub(crate) fn released(&self) -> Option<Date> {
        self.released.as_ref().and_then(|d| d.date().ok())
    }

    pub(crate) fn end_of_support(&self) -> Option<Date> {
        self.end_of_support.as_ref().and_then(|d| d.date().ok())
    }

    pub(crate) fn label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }
}

impl VersionsConfig {
    /// Names usable as folders and URL segments, each once; dates that are dates; `latest` one
    /// of the versions. Every problem at the line of the entry or key.
    pub(super) fn validate(&self, text: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let entry_lines = entry_lines(text);
        let line_of = |i: usize| entry_lines.get(i).copied();
        let err = |line: Option<usize>, msg: String| {
            Diagnostic::error("config", format!("[versions]: {msg}")).at(FILE_NAME, line)
        };
        if self.section.is_empty() || self.section.contains(['/', '\\']) || self.section == ".." {
            let line = key_line(text, &["versions", "section"]);
            problems.push(err(
                line,
                format!("section `{}` is not a folder name", self.section),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, v) in self.list.iter().enumerate() {
            let name = &v.name;
            let bad = name.is_empty()
                || name == "latest"
                || name.starts_with('.')
                || !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'));
            if bad {
                problems.push(err(line_of(i), format!("version name `{name}` must be a folder name of letters, digits, `.`, `-`, `_` or `+` (and not `latest`, which is the latest version's URL)")));
            } else if !seen.insert(name.as_str()) {
                problems.push(err(line_of(i), format!("version `{name}` is listed twice")));
            }
            for (key, value) in [
                ("released", &v.released),
                ("end_of_support", &v.end_of_support),
            ] {
                if let Some(Err(why)) = value.as_ref().map(DateValue::date) {
                    problems.push(err(line_of(i), format!("version `{name}`: {key}: {why}")));
                }
            }
            if let Some(r) = &v.git_ref
                && (r.is_empty() || r.starts_with('-') || r.contains(char::is_whitespace))
            {
                problems.push(err(
                    line_of(i),
                    format!("version `{name}`: ref `{r}` is not a git ref name"),
                ));
            }
            if let Some(p) = &v.path
                && (v.git_ref.is_none()
                    || p.starts_with('/')
                    || p.starts_with('-')
                    || p.split('/').any(|s| s == ".."))
            {
                problems.push(err(line_of(i), format!("version `{name}`: path `{p}` must be a folder inside the content tree, and goes with `ref`")));
            }
            if let (Some(r), Some(e)) = (v.released(), v.end_of_support())
                && e < r
            {
                problems.push(err(
                    line_of(i),
                    format!("version `{name}`: end_of_support {e} is before released {r}"),
                ));
            }
        }
        if let Some(latest) = &self.latest
            && !self.list.iter().any(|v| &v.name == latest)
        {
            let names: Vec<&str> = self.list.iter().map(|v| v.name.as_str()).collect();
            problems.push(err(
                key_line(text, &["versions", "latest"]),
                format!(
                    "latest `{latest}` is not one of the versions ({})",
                    names.join(", ")
                ),
            ));
        }
        problems
    }
}

/// The line of each `[[versions.list]]` header, in order.
pub(crate) fn entry_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let compact: String = l.chars().filter(|c| !c.is_whitespace()).collect();
            compact.starts_with("[[versions.list]]")
        })
        .map(|(i, _)| i + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    const BASE: &str = "title = \"x\"\n[versions]\nlatest = \"v2\"\nsupported = 2\n";

    #[test]
    fn the_readme_example_is_valid() {
        let readme = include_str!("../../README.md");
        let section = &readme[readme.find("## Versioned docs").unwrap()..];
        let toml = section.split("```toml\n").nth(1).unwrap();
        let toml = &toml[..toml.find("```").unwrap()];
        let c = Config::parse(&format!("title = \"x\"\n{toml}")).unwrap();
        let names: Vec<&str> = c.versions.list.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["main", "v1.18", "v1.17", "v1.16"]);
        assert_eq!(c.versions.list[3].git_ref.as_deref(), Some("release-1.16"));
    }

    #[test]
    fn versions_in_order_with_dates() {
        let text = format!(
            "{BASE}[[versions.list]]\nname = \"main\"\nstatus = \"development\"\n[[versions.list]]\nname = \"v2\"\nreleased = 2026-03-01\n[[versions.list]]\nname = \"v1\"\nreleased = \"2025-03-01\"\nend_of_support = 2026-06-30\n"
        );
        let c = Config::parse(&text).unwrap();
        let v = &c.versions;
        assert_eq!(v.section, "docs");
        let names: Vec<&str> = v.list.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["main", "v2", "v1"]);
        assert_eq!(v.list[2].released().unwrap().to_string(), "2025-03-01");
        assert_eq!(
            v.list[2].end_of_support().unwrap().to_string(),
            "2026-06-30"
        );
    }

    #[test]
    fn errors_name_the_entry_line() {
        let text = format!(
            "{BASE}[[versions.list]]\nname = \"v2\"\n[[versions.list]]\nname = \"v2\"\n[[versions.list]]\nname = \"v/1\"\n[[versions.list]]\nname = \"v0\"\nreleased = \"March\"\n"
        );
        let errs = Config::parse_all(&text).unwrap_err();
        let found: Vec<(Option<usize>, &str)> =
            errs.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(found.len(), 3, "{found:#?}");
        assert_eq!(found[0].0, Some(7));
        assert!(found[0].1.contains("`v2` is listed twice"), "{found:#?}");
        assert_eq!(found[1].0, Some(9));
        assert!(found[1].1.contains("`v/1` must be a folder name"));
        assert_eq!(found[2].0, Some(11));
        assert!(found[2].1.contains("`March` is not a date"), "{found:#?}");
    }

    #[test]
    fn unknown_latest_and_status_and_keys() {
        let err = Config::parse(
            "title = \"x\"\n[versions]\nlatest = \"v9\"\n[[versions.list]]\nname = \"v1\"\n",
        )
        .unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(
            err.message
                .contains("latest `v9` is not one of the versions (v1)")
        );
        let err = Config::parse(
            "title = \"x\"\n[[versions.list]]\nname = \"v1\"\nstatus = \"retired\"\n",
        )
        .unwrap_err();
        assert_eq!(err.line, Some(4));
        assert!(err.message.contains("retired"), "{}", err.message);
        let err = Config::parse(
            "title = \"x\"\n[[versions.list]]\nname = \"v1\"\nrelease = 2026-01-01\n",
        )
        .unwrap_err();
        assert_eq!(err.line, Some(4));
        assert!(
            err.message.contains("did you mean `released`"),
            "{}",
            err.message
        );
    }
}
