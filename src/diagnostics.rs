//! Diagnostics are data: every phase returns the problems it found as `Diagnostic`s, the build
//! collects them all, and one printer (`Printer`) turns them into text for people, JSON for
//! machines, or GitHub Actions annotations. Nothing else in the crate prints a problem.

use serde::Serialize;
use std::fmt;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: None,
            line: None,
            message: message.into(),
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

/// (errors, warnings); notes are not counted.
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

/// How diagnostics are printed (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum Format {
    /// Readable text: one `file:line: severity[code]: message` line each, sorted by file.
    #[default]
    Human,
    /// One JSON document on standard output.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`).
    Github,
}

/// Human output: one line per diagnostic, files in order, so editors can jump to `file:line`.
pub(crate) fn human(diags: &[Diagnostic], color: bool) -> String {
    let mut out = String::new();
    for d in diags {
        let sev = d.severity.as_str();
        let paint = match d.severity {
            Severity::Error => "\x1b[1;31m",
            Severity::Warning => "\x1b[1;33m",
            Severity::Note => "\x1b[1;36m",
        };
        let loc = d.location();
        if !loc.is_empty() {
            out.push_str(&loc);
            out.push_str(": ");
        }
        if color {
            out.push_str(&format!("{paint}{sev}\x1b[0m[{}]: {}\n", d.code, d.message));
        } else {
            out.push_str(&format!("{sev}[{}]: {}\n", d.code, d.message));
        }
    }
    out
}

/// GitHub Actions annotations. Messages are escaped as the runner requires (`%`, CR, LF, and in
/// properties `:` and `,`).
pub(crate) fn github(diags: &[Diagnostic]) -> String {
    fn esc_data(s: &str) -> String {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn esc_prop(s: &str) -> String {
        esc_data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut out = String::new();
    for d in diags {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut props = Vec::new();
        if let Some(f) = &d.file {
            props.push(format!("file={}", esc_prop(&f.to_string_lossy())));
        }
        if let Some(l) = d.line {
            props.push(format!("line={l}"));
        }
        props.push(format!("title={}", esc_prop(d.code)));
        out.push_str(&format!(
            "::{kind} {}::{}\n",
            props.join(","),
            esc_data(&d.message)
        ));
    }
    out
}

/// How a command talks to the user: status lines on standard error (none with `--quiet`),
/// problems in the format asked for.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Printer {
    pub(crate) quiet: bool,
    pub(crate) verbose: bool,
}

impl Printer {
    /// A status line, on standard error.
    pub(crate) fn info(&self, msg: &str) {
        if !self.quiet {
            eprintln!("{msg}");
        }
    }

    /// Prints the diagnostics in the chosen format; a JSON report or GitHub annotations go to
    /// standard output, text to standard error. With --quiet, warnings are not printed.
    pub(crate) fn report(&self, diags: &[Diagnostic], format: Format, summary: serde_json::Value) {
        let shown: Vec<Diagnostic> = diags
            .iter()
            .filter(|d| !self.quiet || d.is_error())
            .cloned()
            .collect();
        match format {
            Format::Human => self.problems(&shown),
            Format::Github => to_stdout(&github(&shown)),
            Format::Json => {
                let (errors, warnings) = count(diags);
                let doc = serde_json::json!({
                    "errors": errors,
                    "warnings": warnings,
                    "diagnostics": diags,
                    "summary": summary,
                });
                let text = serde_json::to_string_pretty(&doc).expect("report serializes");
                to_stdout(&format!("{text}\n"));
            }
        }
    }

    /// Diagnostics as text on standard error, coloured on a terminal.
    pub(crate) fn problems(&self, diags: &[Diagnostic]) {
        eprint!("{}", human(diags, std::io::stderr().is_terminal()));
    }
}

/// Writes `text` to standard output. A reader that went away (`sitegen check --format json |
/// head`) is not an error: what it wanted was written.
pub(crate) fn to_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_code() {
        let d = Diagnostic::error("broken-link", "no page `x.md`").at("content/en/a.md", Some(12));
        assert_eq!(
            d.to_string(),
            "content/en/a.md:12: error[broken-link]: no page `x.md`"
        );
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
