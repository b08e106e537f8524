//! What a site's problems count as, decided in one place (`Judge`) before anything is judged:
//! the severity `[severity]` gives each code, then the baseline (`sitegen-baseline.json`),
//! which makes the problems a site already had known notes so that only new ones fail.
//!
//! A baseline entry is keyed by code, file and *subject*, never by line, so an edit elsewhere
//! in the file keeps it valid. The subject is what is wrong: the first `quoted` or "quoted"
//! thing in the message — the link target of a `broken-link`, the link and its anchor of a
//! `broken-anchor`, the question of an FAQ entry, the layout of `template-missing`, the
//! shortcode, the Fluent key — and for a message that quotes nothing, the message with its
//! numbers left out (so the age of a translation or a date in it does not count). The same
//! problem twice in one file is one entry.

use crate::config::Config;
use crate::diagnostics::{self, Diagnostic, Severities, Severity};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// Where `sitegen check --write-baseline` writes when `[check] baseline` names no file.
pub(crate) const DEFAULT_FILE: &str = "sitegen-baseline.json";

/// The file format's version, written as `sitegen_baseline`.
const VERSION: u32 = 1;

/// One known problem.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Entry {
    pub(crate) code: String,
    /// As reports show it (relative to the site root, `/`-separated); "" for no file.
    pub(crate) file: String,
    pub(crate) subject: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    sitegen_baseline: u32,
    problems: BTreeSet<Entry>,
}

/// The baseline a run uses.
#[derive(Debug, Default)]
enum Baseline {
    /// No `[check] baseline`: every problem counts.
    #[default]
    None,
    /// The problems in the file are known.
    Use {
        shown: String,
        entries: HashSet<Entry>,
    },
    /// `--write-baseline`: every problem is known, so every phase runs and all are recorded.
    Record,
}

/// `[severity]` and the baseline, applied to what every phase returns.
#[derive(Debug, Default)]
pub(crate) struct Judge {
    severities: Severities,
    baseline: Baseline,
}

/// What the command line asks of the judge.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Flags {
    /// `--strict`: unknown shortcodes, HTML placeholders and code languages are errors, whatever
    /// `[severity]`.
    pub(crate) strict: bool,
    /// `--deny-stale`: stale FAQ entries and pages are errors, whatever `[severity]`.
    pub(crate) deny_stale: bool,
    /// `--write-baseline`: record today's problems.
    pub(crate) record: bool,
}

impl Judge {
    /// From `[severity]` and `[check] baseline`; the problem when the baseline cannot be read.
    pub(crate) fn new(root: &Path, config: &Config, flags: Flags) -> (Judge, Option<Diagnostic>) {
        let mut forced = Vec::new();
        if flags.strict {
            forced.extend([
                "shortcode-unknown",
                "html-placeholder",
                "highlight-language",
            ]);
        }
        if flags.deny_stale {
            forced.extend(["faq-stale", "page-stale"]);
        }
        let table = config.severity.iter().map(|(c, l)| (c.as_str(), *l));
        let severities = Severities::new(table, &forced);
        let (baseline, problem) = match (&config.check.baseline, flags.record) {
            (_, true) => (Baseline::Record, None),
            (None, false) => (Baseline::None, None),
            (Some(shown), false) => match load(root, shown) {
                Ok(entries) => (
                    Baseline::Use {
                        shown: shown.clone(),
                        entries,
                    },
                    None,
                ),
                Err(d) => (Baseline::None, Some(d)),
            },
        };
        (
            Judge {
                severities,
                baseline,
            },
            problem,
        )
    }

    /// The diagnostics as they count: each code's `[severity]` (dropped when `off`), then
    /// the baseline's known problems as notes. Applying it twice changes nothing.
    pub(crate) fn apply(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.severities.is_empty() && matches!(self.baseline, Baseline::None) {
            return diags;
        }
        diags
            .into_iter()
            .filter_map(|d| self.severities.apply(d))
            .map(|d| self.known(d))
            .collect()
    }

    fn known(&self, mut d: Diagnostic) -> Diagnostic {
        let known = match &self.baseline {
            _ if d.known || !can_be_known(&d) => false,
            Baseline::None => false,
            Baseline::Record => true,
            Baseline::Use { entries, .. } => entries.contains(&entry(&d)),
        };
        if known {
            d.known = true;
            d.severity = Severity::Note;
        }
        d
    }

    /// The baseline's file as shown, when one is used.
    pub(crate) fn baseline_file(&self) -> Option<&str> {
        match &self.baseline {
            Baseline::Use { shown, .. } => Some(shown),
            _ => None,
        }
    }

    /// Entries of the baseline that no problem of this run matches: fixed, so the baseline
    /// can shrink (`--write-baseline` drops them). Notes, at the entry's file; none for codes
    /// `[severity]` turned off (they were not looked for).
    pub(crate) fn fixed(&self, diags: &[Diagnostic]) -> Vec<Diagnostic> {
        let Baseline::Use { shown, entries } = &self.baseline else {
            return Vec::new();
        };
        let seen: HashSet<Entry> = diags.iter().filter(|d| d.known).map(entry).collect();
        let mut fixed: Vec<&Entry> = entries
            .iter()
            .filter(|e| !seen.contains(*e))
            .filter(|e| self.severities.get(&e.code) != Some(diagnostics::Level::Off))
            .collect();
        fixed.sort();
        let found = fixed.into_iter().map(|e| {
            let d = Diagnostic::note(
                "baseline-fixed",
                format!(
                    "fixed: {} `{}` is in {shown} but no longer found; `sitegen check --write-baseline` drops it",
                    e.code, e.subject
                ),
            );
            if e.file.is_empty() { d } else { d.at(&e.file, None) }
        });
        self.apply(found.collect())
    }
}

/// Whether a diagnostic may be a known problem: errors and warnings of codes `[severity]` may
/// change (a note is no problem; a `template` error cannot wait).
fn can_be_known(d: &Diagnostic) -> bool {
    d.severity != Severity::Note
        && d.code != "baseline-fixed"
        && diagnostics::code(d.code).is_some_and(|c| c.fixed.is_none())
}

/// The baseline key of a diagnostic.
pub(crate) fn entry(d: &Diagnostic) -> Entry {
    Entry {
        code: d.code.to_string(),
        file: d
            .file
            .as_ref()
            .map(|f| f.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default(),
        subject: subject(&d.message),
    }
}

/// What is wrong, for the key: the first `…` or "…" in the message, else the message without
/// its numbers.
fn subject(message: &str) -> String {
    let open = message.find(['`', '"']);
    if let Some(i) = open {
        let quote = message[i..].chars().next().expect("found");
        let rest = &message[i + 1..];
        if let Some(end) = rest.find(quote) {
            return rest[..end].to_string();
        }
    }
    let mut out = String::with_capacity(message.len());
    for c in message.chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn load(root: &Path, shown: &str) -> Result<HashSet<Entry>, Diagnostic> {
    let problem =
        |line: Option<usize>, why: String| Err(Diagnostic::error("baseline", why).at(shown, line));
    let text = match std::fs::read_to_string(root.join(shown)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return problem(
                None,
                format!(
                    "there is no {shown} (`[check] baseline` in sitegen.toml): `sitegen check --write-baseline` records today's problems in it"
                ),
            );
        }
        Err(e) => return problem(None, format!("cannot read: {e}")),
    };
    match serde_json::from_str::<File>(&text) {
        Ok(f) if f.sitegen_baseline == VERSION => Ok(f.problems.into_iter().collect()),
        Ok(f) => problem(
            Some(1),
            format!(
                "baseline version {} is not one this sitegen reads ({VERSION}); write it again with `sitegen check --write-baseline`",
                f.sitegen_baseline
            ),
        ),
        Err(e) => problem(
            Some(e.line()),
            format!(
                "not a sitegen baseline: {e} (write it again with `sitegen check --write-baseline`)"
            ),
        ),
    }
}

/// Writes the known problems among `diags` to the baseline file `shown` (relative to `root`):
/// into a temporary file first, renamed over the old one, so a failed write keeps it.
/// Returns how many entries it has.
pub(crate) fn write(root: &Path, shown: &str, diags: &[Diagnostic]) -> Result<usize, Diagnostic> {
    let problems: BTreeSet<Entry> = diags.iter().filter(|d| d.known).map(entry).collect();
    let n = problems.len();
    let file = File {
        sitegen_baseline: VERSION,
        problems,
    };
    let text = serde_json::to_string_pretty(&file).expect("baseline serializes") + "\n";
    let path = root.join(shown);
    let tmp = PathBuf::from(format!("{}.tmp", path.display()));
    let fail = |e: std::io::Error| {
        Diagnostic::error("write", format!("cannot write: {e}")).at(shown, None)
    };
    std::fs::write(&tmp, text).map_err(fail)?;
    std::fs::rename(&tmp, &path).map_err(fail)?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_is_the_first_quoted_thing_else_the_message_without_numbers() {
        assert_eq!(
            subject("broken link: no page or file at `guide/x.md`"),
            "guide/x.md"
        );
        assert_eq!(
            subject("FAQ entry \"How do I `x`?\" was added 400 days ago"),
            "How do I `x`?"
        );
        assert_eq!(
            subject("its source content/en/a2.md changed on 2024-05-01, after 2024-03-04"),
            "its source content/en/a#.md changed on #-#-#, after #-#-#"
        );
    }

    #[test]
    fn judging_twice_changes_nothing_and_fixed_entries_are_notes() {
        let dir = tempfile::tempdir().unwrap();
        let link = |target: &str| {
            Diagnostic::error("broken-link", format!("broken link: `{target}`")).at("a.md", Some(3))
        };
        let stale = Diagnostic::warning("faq-stale", "FAQ entry \"Q\" was added 400 days ago");
        let record = Flags {
            record: true,
            ..Flags::default()
        };
        let config = Config::parse("title = \"x\"\n[severity]\nfaq-stale = \"error\"\n").unwrap();
        let (judge, _) = Judge::new(dir.path(), &config, record);
        let known = judge.apply(vec![link("x.md"), link("y.md"), stale.clone()]);
        assert!(
            known
                .iter()
                .all(|d| d.known && d.severity == Severity::Note)
        );
        write(dir.path(), DEFAULT_FILE, &known).unwrap();

        let config = Config::parse(
            "title = \"x\"\n[check]\nbaseline = \"sitegen-baseline.json\"\n[severity]\nfaq-stale = \"error\"\n",
        )
        .unwrap();
        let (judge, problem) = Judge::new(dir.path(), &config, Flags::default());
        assert_eq!(problem, None);
        let once = judge.apply(vec![link("x.md"), link("z.md"), stale]);
        assert_eq!(judge.apply(once.clone()), once);
        let severities: Vec<(Severity, bool)> =
            once.iter().map(|d| (d.severity, d.known)).collect();
        assert_eq!(
            severities,
            [
                (Severity::Note, true),
                (Severity::Error, false),
                (Severity::Note, true)
            ]
        );
        let fixed = judge.fixed(&once);
        assert_eq!(fixed.len(), 1);
        assert_eq!(fixed[0].severity, Severity::Note);
        assert!(
            fixed[0]
                .message
                .starts_with("fixed: broken-link `y.md` is in sitegen-baseline.json")
        );
    }

    #[test]
    fn the_key_has_no_line() {
        let a = Diagnostic::error("broken-link", "broken link: no page or file at `x.md`")
            .at("content/a.md", Some(3));
        let mut b = a.clone();
        b.line = Some(40);
        assert_eq!(entry(&a), entry(&b));
        assert_eq!(entry(&a).subject, "x.md");
    }
}
