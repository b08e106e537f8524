//! Diagnostics are data: every phase returns the problems it found as `Diagnostic`s, the build
//! collects them all, and one printer (`Printer`, in `report.rs`) turns them into text for
//! people, JSON for machines, or GitHub Actions annotations. Nothing else in the crate prints a
//! problem. Every code a diagnostic can carry is in one table (`codes.rs`); a site's
//! `[severity]` (`Severities`) changes what a code counts as before anything is judged.

mod codes;
mod report;

pub(crate) use codes::{CODES, code};
pub(crate) use report::{Format, Printer, counted, human, to_stdout};

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Error,
    Warning,
    /// Worth knowing, not a problem (an FAQ entry due for review soon).
    Note,
}

/// One problem, pointing at a file and (when known) a 1-based line in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub(crate) severity: Severity,
    /// Stable, documented code such as `broken-link` or `faq-stale`.
    pub code: &'static str,
    /// Path as shown to the user: relative to the site root when it lies inside it.
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub message: String,
    /// In the site's baseline (`sitegen-baseline.json`): a problem the site already had, told
    /// as a note. Set by `crate::baseline`, never by the phase that found it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) known: bool,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: None,
            line: None,
            message: message.into(),
            known: false,
        }
    }

    pub(crate) fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub(crate) fn note(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(code, message)
        }
    }

    pub(crate) fn at(mut self, file: impl AsRef<Path>, line: Option<usize>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self.line = line;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line` (or just the file, or nothing) for messages.
    pub(crate) fn location(&self) -> String {
        match (&self.file, self.line) {
            (Some(f), Some(l)) => format!("{}:{}", f.display(), l),
            (Some(f), None) => f.display().to_string(),
            _ => String::new(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = self.severity.as_str();
        let loc = self.location();
        if loc.is_empty() {
            write!(f, "{sev}[{}]: {}", self.code, self.message)
        } else {
            write!(f, "{loc}: {sev}[{}]: {}", self.code, self.message)
        }
    }
}

/// Sort for stable output: by file, then line, then severity.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.severity, &a.message).cmp(&(&b.file, b.line, b.severity, &b.message))
    });
}

/// (errors, warnings); notes (known problems among them) are not counted.
pub(crate) fn count(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    (errors, warnings)
}

impl Severity {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// What a site's `[severity]` table makes of a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Level {
    Error,
    Warning,
    /// Not reported at all.
    Off,
}

/// The `[severity]` table, checked against `CODES`: the severity each listed code gets,
/// whatever the phase that found it chose.
#[derive(Debug, Clone, Default)]
pub(crate) struct Severities(HashMap<&'static str, Level>);

impl Severities {
    /// From `[severity]` (whose codes `crate::config` has checked: unknown ones are left out).
    /// `forced` are codes a command-line flag made errors (`--strict`, `--deny-stale`): the
    /// flag has the last word.
    pub(crate) fn new<'a>(
        table: impl IntoIterator<Item = (&'a str, Level)>,
        forced: &[&str],
    ) -> Self {
        let map = table
            .into_iter()
            .filter(|(c, _)| !forced.contains(c))
            .filter_map(|(c, level)| code(c).map(|known| (known.code, level)))
            .collect();
        Severities(map)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The level `[severity]` gives a code, if it names it.
    pub(crate) fn get(&self, code: &str) -> Option<Level> {
        self.0.get(code).copied()
    }

    /// The diagnostic as `[severity]` says it counts; None when its code is `off`. A known
    /// problem (a baseline note) stays as it is.
    pub(crate) fn apply(&self, mut d: Diagnostic) -> Option<Diagnostic> {
        if d.known {
            return Some(d);
        }
        match self.0.get(d.code) {
            None => {}
            Some(Level::Off) => return None,
            Some(Level::Error) => d.severity = Severity::Error,
            Some(Level::Warning) => d.severity = Severity::Warning,
        }
        Some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use report::github;

    #[test]
    fn display_names_file_line_and_code() {
        let d = Diagnostic::error("broken-link", "no page `x.md`").at("content/en/a.md", Some(12));
        assert_eq!(
            d.to_string(),
            "content/en/a.md:12: error[broken-link]: no page `x.md`"
        );
    }

    #[test]
    fn severities_change_codes_and_flags_have_the_last_word() {
        let table = [
            ("broken-link", Level::Warning),
            ("faq-stale", Level::Off),
            ("shortcode-unknown", Level::Warning),
        ];
        let s = Severities::new(table, &["shortcode-unknown"]);
        let link = s.apply(Diagnostic::error("broken-link", "x")).unwrap();
        assert_eq!(link.severity, Severity::Warning);
        assert_eq!(s.apply(Diagnostic::warning("faq-stale", "x")), None);
        let strict = s
            .apply(Diagnostic::error("shortcode-unknown", "x"))
            .unwrap();
        assert_eq!(strict.severity, Severity::Error);
        let other = s.apply(Diagnostic::error("broken-anchor", "x")).unwrap();
        assert_eq!(other.severity, Severity::Error);
    }

    #[test]
    fn github_annotations_escape() {
        let d = Diagnostic::warning("faq-stale", "old: 100%\nnext").at("a,b.md", Some(3));
        assert_eq!(
            github(&[d]),
            "::warning file=a%2Cb.md,line=3,title=faq-stale::old: 100%25%0Anext\n"
        );
    }
}
