//! `[markdown]`: how page bodies are rendered (README: "Code blocks").

use serde::Deserialize;

/// `[markdown]`: how page bodies are rendered.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MarkdownConfig {
    /// Highlight fenced code with a language at build time. Off unless a site asks (sites
    /// made by `sitegen init` do): it costs more build time than #18 allows (BENCHMARKS.md).
    #[serde(default)]
    pub(crate) highlight: bool,
}
