//! `[git]`: where page dates come from and where their commits can be seen (`src/git/`,
//! `src/ages/`; README: "Page ages and review dates").

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct GitConfig {
    /// Read each page's last change from git history (off: front matter dates only).
    pub(crate) dates: bool,
    /// Commits that change no page's date (mass reformatting), added to the repository's
    /// `.git-blame-ignore-revs`: full hashes, or prefixes of at least 7 digits.
    pub(crate) ignore_revs: Vec<String>,
    /// A commit's web page, `{hash}` replaced by the full hash
    /// (`https://git.example.org/docs/commit/{hash}`). Without it, `[params] repo_url` +
    /// `/commit/{hash}` (GitHub, GitLab, Gitea and Forgejo all answer that).
    pub(crate) commit_url: Option<String>,
}

impl Default for GitConfig {
    fn default() -> Self {
        GitConfig {
            dates: true,
            ignore_revs: Vec::new(),
            commit_url: None,
        }
    }
}

impl GitConfig {
    /// The web page of commit `hash`, when the site says where its repository lives.
    pub(crate) fn commit_link(&self, params: &toml::Table, hash: &str) -> Option<String> {
        if let Some(pattern) = &self.commit_url {
            return Some(pattern.replace("{hash}", hash));
        }
        let repo = params.get("repo_url")?.as_str()?.trim_end_matches('/');
        (!repo.is_empty()).then(|| format!("{repo}/commit/{hash}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_links() {
        let mut params = toml::Table::new();
        let git = GitConfig::default();
        assert_eq!(git.commit_link(&params, "abc"), None);
        params.insert("repo_url".into(), "https://github.com/o/r/".into());
        assert_eq!(
            git.commit_link(&params, "abc").as_deref(),
            Some("https://github.com/o/r/commit/abc")
        );
        let own = GitConfig {
            commit_url: Some("https://x.org/c/{hash}?v=1".into()),
            ..GitConfig::default()
        };
        assert_eq!(
            own.commit_link(&params, "abc").as_deref(),
            Some("https://x.org/c/abc?v=1")
        );
    }
}
