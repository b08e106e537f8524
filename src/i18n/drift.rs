//! Translation drift: whether a translation's source (the default-language page) changed
//! after the translation was last updated.
//!
//! Drift needs a "last changed" time per file. In a git checkout it comes from git, read in one
//! pass over the history of `content/` (three `git` processes for the whole site, never one per
//! file, so 20,000 files cost the same handful of processes). Outside git the front matter's
//! `updated` (else `date`) is used. A shallow clone has lost the history that would tell, so it is
//! reported and no translation is called outdated.
//!
//! Uncommitted work counts: a file modified in the work tree (staged or not) is dated by its
//! modification time, so a translator who has just updated a page sees the warning go away
//! before committing, and an author who edits a source sees which translations it leaves behind.
//! An untracked file has no git date and falls back to its front matter.

use crate::config::Config;
use crate::content::{Content, Page};
use crate::diagnostics::Diagnostic;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the "last changed" times came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum DateSource {
    /// Last commit per file (work-tree changes dated by modification time).
    Git,
    /// Not a git checkout: front matter `updated`, else `date`.
    FrontMatter,
    /// A shallow git clone: drift is not judged.
    Shallow,
}

/// A translation whose source changed after it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Outdated {
    /// The translation and its source, as page indexes.
    #[serde(skip)]
    pub(crate) page: usize,
    #[serde(skip)]
    pub(crate) source: usize,
    pub(crate) file: PathBuf,
    pub(crate) source_file: PathBuf,
    #[serde(serialize_with = "iso_date")]
    pub(crate) source_date: Date,
    #[serde(serialize_with = "iso_date")]
    pub(crate) translated_date: Date,
}

fn iso_date<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// Drift of every translation in the site.
#[derive(Debug, Clone)]
pub(crate) struct Drift {
    pub(crate) date_source: DateSource,
    /// Page index → its drift, for outdated translations only.
    pub(crate) outdated: HashMap<usize, Outdated>,
}

impl Drift {
    pub(crate) fn none(date_source: DateSource) -> Drift {
        Drift {
            date_source,
            outdated: HashMap::new(),
        }
    }
}

/// A file's last change, in seconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Changed(i64);

impl Changed {
    fn date(self) -> Date {
        jiff::Timestamp::from_second(self.0)
            .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
            .unwrap_or_default()
    }

    fn from_date(d: Date) -> Option<Changed> {
        d.to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| Changed(z.timestamp().as_second()))
    }
}

/// What git knows about the files under `content/`.
enum GitDates {
    NotGit,
    Shallow,
    /// Path relative to the site root → last change.
    Dates(HashMap<PathBuf, Changed>),
}

/// When each content file last changed, as far as git knows: read once per load (one pass over
/// the history), judged against the pages by `drift` in the check phase.
#[derive(Debug, Clone)]
pub(crate) struct FileDates {
    source: DateSource,
    /// Path relative to the site root → last change (git only).
    git: HashMap<PathBuf, Changed>,
}

impl FileDates {
    pub(crate) fn read(root: &Path, config: &Config) -> FileDates {
        let (source, git) = if !config.is_multilingual() {
            (DateSource::FrontMatter, HashMap::new())
        } else {
            match git_dates(root) {
                GitDates::NotGit => (DateSource::FrontMatter, HashMap::new()),
                GitDates::Shallow => (DateSource::Shallow, HashMap::new()),
                GitDates::Dates(d) => (DateSource::Git, d),
            }
        };
        FileDates { source, git }
    }

    /// `file` (relative to `root`) was just saved: in a git checkout it is now a work-tree
    /// change, dated by its modification time (as `read` dates every modified file).
    pub(crate) fn edited(&mut self, root: &Path, file: &Path) {
        if self.source != DateSource::Git {
            return;
        }
        if let Some(m) = modified(&root.join(file)) {
            self.git.insert(file.to_path_buf(), m);
        }
    }
}

fn modified(path: &Path) -> Option<Changed> {
    let t = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
    let secs = t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    Some(Changed(secs as i64))
}

/// Finds the outdated translations. `translations[i]` are the other-language versions of page `i`
/// (as `site::translations` computes them). Outdated translations are `translation-outdated`
/// warnings on the translation's file.
pub(crate) fn drift(
    dates: &FileDates,
    content: &Content,
    translations: &[Vec<usize>],
    config: &Config,
) -> (Drift, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if !config.is_multilingual() {
        return (Drift::none(DateSource::FrontMatter), diags);
    }
    if dates.source == DateSource::Shallow {
        diags.push(Diagnostic::warning(
            "translation-drift-shallow",
            "this is a shallow git clone, so when each page last changed is unknown and outdated translations cannot be judged (none are reported); run `git fetch --unshallow`, or clone with full history (actions/checkout: `fetch-depth: 0`)",
        ));
        return (Drift::none(DateSource::Shallow), diags);
    }
    let (date_source, git) = (dates.source, &dates.git);
    let changed = |p: &Page| -> Option<Changed> {
        let file = p.file.as_ref()?;
        git.get(file)
            .copied()
            .or_else(|| p.fm.updated.or(p.fm.date).and_then(Changed::from_date))
    };
    let default = &config.default_language;
    let mut drift = Drift::none(date_source);
    for (i, page) in content.pages.iter().enumerate() {
        if page.lang == *default || page.file.is_none() || page.fallback_of.is_some() {
            continue;
        }
        let Some(src) = translations[i].iter().copied().find(|&t| {
            let s = &content.pages[t];
            s.lang == *default && s.file.is_some() && s.fallback_of.is_none()
        }) else {
            continue;
        };
        let source = &content.pages[src];
        let (Some(s), Some(t)) = (changed(source), changed(page)) else {
            continue;
        };
        if s <= t {
            continue;
        }
        let o = Outdated {
            page: i,
            source: src,
            file: page.diag_file(),
            source_file: source.diag_file(),
            source_date: s.date(),
            translated_date: t.date(),
        };
        diags.push(
            Diagnostic::warning(
                "translation-outdated",
                format!(
                    "translation is out of date: its source {} changed on {}, after this translation was last updated on {}",
                    o.source_file.display(),
                    o.source_date,
                    o.translated_date
                ),
            )
            .at(&o.file, None),
        );
        drift.outdated.insert(i, o);
    }
    (drift, diags)
}

/// Last-change times of everything under `content/` from git, in one pass over the history.
fn git_dates(root: &Path) -> GitDates {
    let git = |args: &[&str]| -> Option<Vec<u8>> {
        let out = Command::new("git")
            .args(args)
            .current_dir(root)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()?;
        out.status.success().then_some(out.stdout)
    };
    // Fails outside a work tree, or when git is not installed: either way, no git dates.
    let Some(info) = git(&["rev-parse", "--is-shallow-repository", "--show-prefix"]) else {
        return GitDates::NotGit;
    };
    let info = String::from_utf8_lossy(&info);
    let mut lines = info.lines();
    if lines.next() == Some("true") {
        return GitDates::Shallow;
    }
    // Paths in `git log` are relative to the repository's top; the site may be a folder in it.
    let prefix = lines.next().unwrap_or("").to_string();
    let Some(log) = git(&[
        "-c",
        "core.quotePath=false",
        "log",
        "--format=%x00%ct",
        "--name-only",
        "--no-renames",
        "-z",
        "--",
        "content",
    ]) else {
        // A repository without commits yet.
        return GitDates::Dates(HashMap::new());
    };
    let mut dates = parse_log(&log, &prefix);
    let status = git(&[
        "status",
        "--porcelain",
        "-z",
        "--no-renames",
        "--",
        "content",
    ]);
    for rel in status.as_deref().map(modified_files).unwrap_or_default() {
        let Some(rel) = rel.strip_prefix(&prefix) else {
            continue;
        };
        if let Some(m) = modified(&root.join(rel)) {
            dates.insert(PathBuf::from(rel), m);
        }
    }
    GitDates::Dates(dates)
}

/// Parses `git log --format=%x00%ct --name-only -z`: each commit is `\0<time>\0` followed by
/// `\n<path>\0` and more `<path>\0`. The log runs newest first, so the first time a path is
/// seen is its last change.
fn parse_log(log: &[u8], prefix: &str) -> HashMap<PathBuf, Changed> {
    let mut dates = HashMap::new();
    let mut time: Option<i64> = None;
    let mut next_is_time = false;
    for token in log.split(|&b| b == 0) {
        let token = String::from_utf8_lossy(token);
        let token = token.trim_start_matches('\n');
        if token.is_empty() {
            next_is_time = true;
            continue;
        }
        if next_is_time {
            time = token.trim().parse().ok();
            next_is_time = false;
            continue;
        }
        if let (Some(t), Some(rel)) = (time, token.strip_prefix(prefix)) {
            dates.entry(PathBuf::from(rel)).or_insert(Changed(t));
        }
    }
    dates
}

/// Tracked files with uncommitted changes, from `git status --porcelain -z --no-renames`
/// (`XY path\0`), as paths relative to the repository's top.
fn modified_files(status: &[u8]) -> Vec<String> {
    status
        .split(|&b| b == 0)
        .filter_map(|entry| {
            let entry = std::str::from_utf8(entry).ok()?;
            let (xy, path) = (entry.get(..2)?, entry.get(3..)?);
            (xy != "??" && xy != "!!" && !xy.contains('D')).then(|| path.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_newest_first_wins_and_prefix_is_stripped() {
        let log = b"\x00200\x00\nsite/content/en/a.md\x00\x00100\x00\nsite/content/en/a.md\x00site/content/zh/a.md\x00other/x.md\x00";
        let d = parse_log(log, "site/");
        assert_eq!(d[Path::new("content/en/a.md")], Changed(200));
        assert_eq!(d[Path::new("content/zh/a.md")], Changed(100));
        assert_eq!(d.len(), 2);
    }

    #[test]
    fn status_lists_modified_tracked_files() {
        let s = b" M content/en/a.md\x00?? content/en/new.md\x00M  content/zh/b c.md\x00 D content/en/gone.md\x00";
        assert_eq!(modified_files(s), ["content/en/a.md", "content/zh/b c.md"]);
    }

    #[test]
    fn dates_are_utc_days() {
        let d: Date = "2024-03-04".parse().unwrap();
        let c = Changed::from_date(d).unwrap();
        assert_eq!(c.date(), d);
        assert!(Changed(c.0 + 3600).date() == d);
    }
}
