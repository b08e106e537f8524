//! `[links]`: how external links are checked (`src/external/`; defaults in README).

use super::FILE_NAME;
use crate::diagnostics::Diagnostic;
use serde::Deserialize;
use std::collections::BTreeMap;

/// `[links]`: how external links are checked (`src/external/`; defaults in README).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct LinksConfig {
    /// Check external links in `build` and `check` without `--external`.
    pub(crate) external: bool,
    /// Regular expressions: a URL (as written, `#fragment` included) matching one is skipped.
    pub(crate) exclude: Vec<String>,
    /// Seconds one request may take.
    pub(crate) timeout: u64,
    /// The results file, relative to the site root.
    pub(crate) cache: String,
    /// Days a good result is reused without asking again.
    pub(crate) cache_ttl: i64,
    /// Days a transient failure (5xx, reset) may last before it is reported broken.
    pub(crate) fail_after: i64,
    /// Requests under way at once: all hosts together, and to one host.
    pub(crate) concurrency: usize,
    pub(crate) host_concurrency: usize,
    /// Requests started per second to one host; 0 for no limit.
    pub(crate) host_rate: f64,
    /// A `Retry-After` up to this many seconds is waited for; a longer one leaves the link
    /// unknown.
    pub(crate) max_retry_wait: u64,
    /// Check `#fragments` against the ids of the target page.
    pub(crate) check_fragments: bool,
    /// Per host (`"api.github.com"`, or `"127.0.0.1:8080"` for one port).
    pub(crate) hosts: BTreeMap<String, HostConfig>,
    /// The site's folder as the repository's web view shows it
    /// (`https://github.com/org/repo/blob/main/`): a relative link to a file of the
    /// repository outside `content/` (`../LICENSE`) goes there, as it does on GitHub.
    pub(crate) repository: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct HostConfig {
    pub(crate) concurrency: Option<usize>,
    pub(crate) rate: Option<f64>,
    /// Sent with every request to the host.
    #[serde(default)]
    pub(crate) headers: BTreeMap<String, String>,
    /// The environment variable holding a token, sent as `Authorization: Bearer <token>`.
    pub(crate) token_env: Option<String>,
}

impl Default for LinksConfig {
    fn default() -> Self {
        LinksConfig {
            external: false,
            exclude: Vec::new(),
            timeout: 20,
            cache: ".sitegen/link-cache.json".into(),
            cache_ttl: 7,
            fail_after: 3,
            concurrency: 32,
            host_concurrency: 2,
            host_rate: 4.0,
            max_retry_wait: 60,
            check_fragments: true,
            hosts: BTreeMap::new(),
            repository: None,
        }
    }
}

impl LinksConfig {
    /// `repository` as a folder URL (a `/` added when it has none).
    pub(crate) fn repository_url(&self) -> Option<url::Url> {
        let r = self.repository.as_deref()?;
        let folder = if r.ends_with('/') {
            r.to_string()
        } else {
            format!("{r}/")
        };
        url::Url::parse(&folder)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
    }

    /// Patterns that compile, limits that make sense; errors point at the key's line.
    pub(super) fn validate(&self, text: &str) -> Result<(), Diagnostic> {
        let line = |needle: &str| text.lines().position(|l| l.contains(needle)).map(|i| i + 1);
        let error = |message: String, at: &str| {
            Err(Diagnostic::error("config", message).at(FILE_NAME, line(at)))
        };
        for p in &self.exclude {
            if let Err(e) = regex::Regex::new(p) {
                let why = e.to_string().lines().last().unwrap_or("").to_string();
                return error(
                    format!("links.exclude: `{p}` is not a regular expression: {why}"),
                    p,
                );
            }
        }
        if let Some(r) = &self.repository
            && self.repository_url().is_none()
        {
            return error(
                format!(
                    "links.repository: `{r}` is not an http(s) URL (like https://github.com/org/repo/blob/main/)"
                ),
                "repository",
            );
        }
        let hosts = self.hosts.values();
        if [
            self.concurrency,
            self.host_concurrency,
            self.timeout as usize,
        ]
        .into_iter()
        .chain(hosts.clone().filter_map(|h| h.concurrency))
        .any(|n| n == 0)
        {
            return error(
                "[links]: a concurrency or a timeout must be at least 1".into(),
                ["concurrency = 0", "timeout = 0"]
                    .into_iter()
                    .find(|n| line(n).is_some())
                    .unwrap_or("[links]"),
            );
        }
        if std::iter::once(self.host_rate)
            .chain(hosts.filter_map(|h| h.rate))
            .any(|r| !r.is_finite() || r < 0.0)
        {
            return error(
                "[links]: a rate is requests per second, 0 or more".into(),
                "rate",
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn repository_is_a_folder_url() {
        let c = Config::parse(
            "title = \"x\"\n[links]\nrepository = \"https://github.com/o/r/tree/main\"\n",
        )
        .unwrap();
        assert_eq!(
            c.links.repository_url().unwrap().as_str(),
            "https://github.com/o/r/tree/main/"
        );
        let e =
            Config::parse("title = \"x\"\n[links]\nrepository = \"github.com/o/r\"\n").unwrap_err();
        assert!(e.to_string().contains("sitegen.toml:3"), "{e}");
        assert!(e.to_string().contains("not an http(s) URL"), "{e}");
    }
}
