//! `[permalinks]`: Hugo's URL patterns per top-level section, and the tokens they may use.

use indexmap::IndexMap;
use serde::Deserialize;

/// `[permalinks]`: `posts = "/blog/:year/:slug/"` (the pages of the top-level section
/// `posts`), or the same under `[permalinks.page]`, and `[permalinks.section]` for sections.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(try_from = "toml::Table")]
pub(crate) struct Permalinks {
    pub(crate) page: IndexMap<String, String>,
    pub(crate) section: IndexMap<String, String>,
}

/// The tokens a permalink pattern may use (Hugo's).
pub(crate) const PERMALINK_TOKENS: &[&str] = &[
    "year",
    "month",
    "monthname",
    "day",
    "weekday",
    "weekdayname",
    "yearday",
    "section",
    "sections",
    "title",
    "slug",
    "filename",
    "slugorfilename",
    "contentbasename",
    "slugorcontentbasename",
];

impl TryFrom<toml::Table> for Permalinks {
    type Error = String;

    fn try_from(table: toml::Table) -> Result<Self, String> {
        let mut out = Permalinks::default();
        for (key, value) in table {
            match (key.as_str(), value) {
                (_, toml::Value::String(pattern)) => {
                    out.page.insert(key, pattern);
                }
                ("page" | "section", toml::Value::Table(t)) => {
                    for (section, pattern) in t {
                        let toml::Value::String(pattern) = pattern else {
                            return Err(format!(
                                "permalinks.{key}.{section}: expected a pattern like \"/blog/:slug/\""
                            ));
                        };
                        match key.as_str() {
                            "page" => out.page.insert(section, pattern),
                            _ => out.section.insert(section, pattern),
                        };
                    }
                }
                (_, _) => {
                    return Err(format!(
                        "permalinks.{key}: expected a pattern like \"/blog/:slug/\" (or a `[permalinks.page]` / `[permalinks.section]` table)"
                    ));
                }
            }
        }
        Ok(out)
    }
}

impl Permalinks {
    /// The first unknown `:token` of any pattern, with the pattern.
    pub(super) fn unknown_token(&self) -> Option<(&str, &str)> {
        self.page
            .values()
            .chain(self.section.values())
            .find_map(|p| {
                p.split(':').skip(1).find_map(|after| {
                    let token = after
                        .split(|c: char| !c.is_ascii_alphanumeric())
                        .next()
                        .unwrap_or("");
                    (!token.is_empty() && !PERMALINK_TOKENS.contains(&token))
                        .then_some((p.as_str(), token))
                })
            })
    }
}
