//! Printing diagnostics: `Printer` and the three formats. People get one line per problem,
//! repeats of one cause told once, known problems (the baseline's) counted rather than listed,
//! and a count per code at the end; JSON has everything; GitHub gets annotations.

use super::{Diagnostic, Severity, count};
use std::collections::{BTreeMap, HashMap};
use std::io::{IsTerminal, Write};

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

/// A warning or note told in more files than this is told once, with a count and the next
/// `SHOWN_REPEATS` places (`--verbose` lists every one).
const GROUP_ABOVE: usize = 3;
const SHOWN_REPEATS: usize = 3;

/// Human output: one line per diagnostic, files in order, so editors can jump to `file:line`.
pub(crate) fn human(diags: &[Diagnostic], color: bool) -> String {
    let mut out = String::new();
    for d in diags {
        line(&mut out, d, color);
    }
    out
}

fn line(out: &mut String, d: &Diagnostic, color: bool) {
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
    let known = if d.known { " (known)" } else { "" };
    if color {
        out.push_str(&format!(
            "{paint}{sev}\x1b[0m[{}]{known}: {}\n",
            d.code, d.message
        ));
    } else {
        out.push_str(&format!("{sev}[{}]{known}: {}\n", d.code, d.message));
    }
}

/// The human report's problems (`diags` sorted): known problems left out, and a warning or
/// note with one cause in many files (the same code and message) told once with a count and
/// the first few other places. `all` lists everything, one line each.
pub(crate) fn human_grouped(diags: &[Diagnostic], color: bool, all: bool) -> String {
    if all {
        return human(diags, color);
    }
    let shown: Vec<&Diagnostic> = diags.iter().filter(|d| !d.known).collect();
    let cause = |d: &Diagnostic| (d.severity, d.code, d.message.clone());
    let mut repeats: HashMap<(Severity, &str, String), Vec<&Diagnostic>> = HashMap::new();
    for d in shown.iter().filter(|d| !d.is_error()) {
        repeats.entry(cause(d)).or_default().push(d);
    }
    let mut out = String::new();
    for d in shown {
        let same = repeats.get(&cause(d)).map_or(&[][..], Vec::as_slice);
        if same.len() <= GROUP_ABOVE {
            line(&mut out, d, color);
            continue;
        }
        if !std::ptr::eq(same[0], d) {
            continue;
        }
        line(&mut out, d, color);
        let places: Vec<String> = same[1..]
            .iter()
            .take(SHOWN_REPEATS)
            .map(|d| d.location())
            .collect();
        let more = if same.len() - 1 > SHOWN_REPEATS {
            ", …"
        } else {
            ""
        };
        out.push_str(&format!(
            "  … and {} more like it: {}{more} (--verbose lists them all)\n",
            same.len() - 1,
            places.join(", ")
        ));
    }
    out
}

/// Problems per code: errors, warnings, notes and known ones.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
struct Counts {
    errors: usize,
    warnings: usize,
    notes: usize,
    known: usize,
}

fn per_code(diags: &[Diagnostic]) -> BTreeMap<&'static str, Counts> {
    let mut map: BTreeMap<&'static str, Counts> = BTreeMap::new();
    for d in diags {
        let c = map.entry(d.code).or_default();
        match d.severity {
            _ if d.known => c.known += 1,
            Severity::Error => c.errors += 1,
            Severity::Warning => c.warnings += 1,
            Severity::Note => c.notes += 1,
        }
    }
    map
}

/// The end of the human report: how many problems of each code, errors first, and how many
/// are known (in the baseline).
pub(crate) fn per_code_table(diags: &[Diagnostic]) -> String {
    let map = per_code(diags);
    let mut rows: Vec<(&str, Counts)> = map.into_iter().collect();
    rows.sort_by_key(|(code, c)| {
        let total = c.errors + c.warnings + c.notes + c.known;
        (
            c.errors == 0,
            c.warnings == 0,
            std::cmp::Reverse(total),
            *code,
        )
    });
    let width = rows.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (code, c) in rows {
        let parts: Vec<String> = [
            (c.errors, "error"),
            (c.warnings, "warning"),
            (c.notes, "note"),
            (c.known, "known"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| match (n, what) {
            (1, _) | (_, "known") => format!("{n} {what}"),
            _ => format!("{n} {what}s"),
        })
        .collect();
        out.push_str(&format!("  {code:<width$}  {}\n", parts.join(", ")));
    }
    out
}

/// GitHub Actions annotations. Messages are escaped as the runner requires (`%`, CR, LF, and in
/// properties `:` and `,`). Known problems get one notice that counts them, not one each.
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
    for d in diags.iter().filter(|d| !d.known) {
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
    let known = diags.iter().filter(|d| d.known).count();
    if known > 0 {
        out.push_str(&format!(
            "::notice title=baseline::{known} known problem(s) from the baseline, not annotated\n"
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
    /// standard output, text to standard error. With --quiet, only errors are printed (and
    /// the JSON report keeps everything).
    pub(crate) fn report(&self, diags: &[Diagnostic], format: Format, summary: serde_json::Value) {
        let shown: Vec<Diagnostic> = diags
            .iter()
            .filter(|d| !self.quiet || d.is_error())
            .cloned()
            .collect();
        match format {
            Format::Human => {
                self.problems(&shown);
                if !self.quiet && !diags.is_empty() {
                    eprint!("Problems by code:\n{}", per_code_table(diags));
                }
            }
            Format::Github => to_stdout(&github(&shown)),
            Format::Json => {
                let (errors, warnings) = count(diags);
                let doc = serde_json::json!({
                    "errors": errors,
                    "warnings": warnings,
                    "known": diags.iter().filter(|d| d.known).count(),
                    "fixed": diags.iter().filter(|d| d.code == "baseline-fixed").count(),
                    "counts": per_code(diags),
                    "diagnostics": diags,
                    "summary": summary,
                });
                let text = serde_json::to_string_pretty(&doc).expect("report serializes");
                to_stdout(&format!("{text}\n"));
            }
        }
    }

    /// Diagnostics as text on standard error, coloured on a terminal: repeats grouped and
    /// known problems left out, unless `--verbose`.
    pub(crate) fn problems(&self, diags: &[Diagnostic]) {
        let color = std::io::stderr().is_terminal();
        eprint!("{}", human_grouped(diags, color, self.verbose));
    }
}

/// "1 page", "2 pages": for the status lines.
pub(crate) fn counted(n: usize, thing: &str) -> String {
    match n {
        1 => format!("1 {thing}"),
        _ => format!("{n} {thing}s"),
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

    fn warning(file: &str, line: usize) -> Diagnostic {
        Diagnostic::warning("template-missing", "layout `docs`: there is no template")
            .at(file, Some(line))
    }

    #[test]
    fn repeats_are_told_once_with_a_count_and_the_first_places() {
        let mut diags: Vec<Diagnostic> = (1..=6).map(|i| warning(&format!("p{i}.md"), i)).collect();
        diags.push(Diagnostic::error("broken-link", "broken link").at("p9.md", Some(1)));
        let text = human_grouped(&diags, false, false);
        assert_eq!(
            text,
            "p1.md:1: warning[template-missing]: layout `docs`: there is no template\n  \
             … and 5 more like it: p2.md:2, p3.md:3, p4.md:4, … (--verbose lists them all)\n\
             p9.md:1: error[broken-link]: broken link\n"
        );
        assert_eq!(human_grouped(&diags, false, true).lines().count(), 7);
        // Three of one cause are just listed.
        assert_eq!(human_grouped(&diags[..3], false, false).lines().count(), 3);
    }

    #[test]
    fn known_problems_are_counted_not_listed() {
        let mut known = Diagnostic::note("broken-link", "broken link: `x.md`").at("a.md", Some(2));
        known.known = true;
        let diags = vec![known.clone(), warning("b.md", 1)];
        assert_eq!(human_grouped(&diags, false, false).lines().count(), 1);
        assert_eq!(
            per_code_table(&diags),
            "  template-missing  1 warning\n  broken-link       1 known\n"
        );
        assert!(github(&diags).ends_with(
            "::notice title=baseline::1 known problem(s) from the baseline, not annotated\n"
        ));
    }
}
