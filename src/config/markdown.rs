//! `[markdown]`: how page bodies are rendered (README: "Code blocks").

use serde::Deserialize;

/// `[markdown]`: how page bodies are rendered.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MarkdownConfig {
    /// Highlight fenced code with a language at build time (on unless a site turns it off,
    /// e.g. for a client-side highlighter).
    #[serde(default = "on")]
    pub(crate) highlight: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig { highlight: true }
    }
}

fn on() -> bool {
    true
}
