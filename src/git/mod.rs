//! When each content file last changed, from git: read once per load in one pass over the
//! history of `content/` (a handful of `git` processes for the whole site, never one per file,
//! so 20,000 files cost the same as ten). Translation drift (`i18n::drift`) and page ages
//! (`ages`) both read it.
//!
//! Uncommitted work counts: a tracked file modified in the work tree (staged or not) is dated
//! by its modification time. An untracked file has no git date (`FileDates::get` is None; the
//! caller decides: drift falls back to front matter, page ages to the file's time). A shallow
//! clone has lost the history that would tell, so it gives no date at all rather than wrong
//! ones (the boundary commit would look as if it added every file). `[git] ignore_revs` and
//! the repository's `.git-blame-ignore-revs` name commits that change no date (`log.rs`).

mod log;

pub(crate) use log::Commit;

use crate::config::Config;
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
    /// Not a git checkout (or `[git] dates = false`): front matter `updated`, else `date`.
    FrontMatter,
    /// A shallow git clone: no git dates.
    Shallow,
}

/// A file's last change: when (seconds since the epoch) and, when committed, which commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Changed {
    pub(crate) time: i64,
    /// Index into `FileDates::commit`; None for a work-tree change.
    commit: Option<u32>,
}

impl Changed {
    /// The day of the change (UTC).
    pub(crate) fn date(self) -> jiff::civil::Date {
        jiff::Timestamp::from_second(self.time)
            .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
            .unwrap_or_default()
    }
}

/// When each content file last changed, as far as git knows. Public for the benchmark
/// (`benches/git_dates.rs`).
#[derive(Debug, Clone)]
pub struct FileDates {
    source: DateSource,
    commits: Vec<Commit>,
    /// Path relative to the site root → last change (git only).
    files: HashMap<PathBuf, Changed>,
}

impl FileDates {
    /// Reads the dates of everything under `content/` (nothing with `[git] dates = false`).
    pub fn read(root: &Path, config: &Config) -> FileDates {
        let mut dates = FileDates {
            source: DateSource::FrontMatter,
            commits: Vec::new(),
            files: HashMap::new(),
        };
        if config.git.dates {
            read_git(root, config, &mut dates);
        }
        dates
    }

    pub(crate) fn source(&self) -> DateSource {
        self.source
    }

    /// How many files have a date, and how many commits were read.
    pub fn counts(&self) -> (usize, usize) {
        (self.files.len(), self.commits.len())
    }

    /// The last change of `file` (relative to the site root): its last commit, or its
    /// modification time when it has uncommitted changes. None outside git, in a shallow
    /// clone and for untracked files.
    pub(crate) fn get(&self, file: &Path) -> Option<Changed> {
        self.files.get(file).copied()
    }

    /// The commit of a change, when it was committed.
    pub(crate) fn commit(&self, changed: Changed) -> Option<&Commit> {
        self.commits.get(changed.commit? as usize)
    }

    /// `file` (relative to `root`) was just saved: in a git checkout it is now a work-tree
    /// change, dated by its modification time (as `read` dates every modified file).
    pub(crate) fn edited(&mut self, root: &Path, file: &Path) {
        if self.source != DateSource::Git {
            return;
        }
        if let Some(m) = modified(&root.join(file)) {
            self.files.insert(file.to_path_buf(), m);
        }
    }
}

/// The modification time of a file, as a work-tree change.
pub(crate) fn modified(path: &Path) -> Option<Changed> {
    let t = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
    let secs = t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    Some(Changed {
        time: secs as i64,
        commit: None,
    })
}

fn git(root: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let out = Command::new("git")
        .args(args)
        .current_dir(root)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout)
}

/// Fills `dates` from git: the log of `content/`, then the work tree's changes.
fn read_git(root: &Path, config: &Config, dates: &mut FileDates) {
    // Fails outside a work tree, or when git is not installed: either way, no git dates.
    let Some(info) = git(
        root,
        &[
            "rev-parse",
            "--is-shallow-repository",
            "--show-prefix",
            "--show-toplevel",
        ],
    ) else {
        return;
    };
    let info = String::from_utf8_lossy(&info);
    let mut lines = info.lines();
    if lines.next() == Some("true") {
        dates.source = DateSource::Shallow;
        return;
    }
    dates.source = DateSource::Git;
    // Paths in `git log` are relative to the repository's top; the site may be a folder in it.
    let prefix = lines.next().unwrap_or("").to_string();
    let top = PathBuf::from(lines.next().unwrap_or(""));
    let mut revs: Vec<String> = config.git.ignore_revs.clone();
    if let Ok(text) = std::fs::read_to_string(top.join(".git-blame-ignore-revs")) {
        revs.extend(log::blame_ignore_revs(&text));
    }
    let ignored = log::Ignored::new(revs.iter().map(String::as_str));
    let format = "--format=%x00%H%x20%ct";
    let args = [
        "-c",
        "core.quotePath=false",
        "log",
        format,
        "--name-status",
        "-M",
        "-z",
        "--",
        "content",
    ];
    // `git status` runs beside the log, which is parsed as git writes it.
    let (log, status) = std::thread::scope(|scope| {
        let status = scope.spawn(|| {
            let args = ["status", "--porcelain", "-z", "--no-renames"];
            git(root, &[&args[..], &["--", "content"]].concat())
        });
        (log_of(root, &args, &ignored), status.join().ok().flatten())
    });
    dates.commits = log.commits;
    dates.files = log
        .last
        .into_iter()
        .filter_map(|(path, commit)| {
            let rel = path.strip_prefix(prefix.as_str())?;
            let time = dates.commits[commit as usize].time;
            let commit = Some(commit);
            Some((PathBuf::from(rel), Changed { time, commit }))
        })
        .collect();
    for rel in status.as_deref().map(modified_files).unwrap_or_default() {
        let Some(rel) = rel.strip_prefix(&prefix) else {
            continue;
        };
        if let Some(m) = modified(&root.join(rel)) {
            dates.files.insert(PathBuf::from(rel), m);
        }
    }
}

/// `git <args>` (a log) parsed while git writes it; empty when it fails (a repository without
/// commits yet).
fn log_of(root: &Path, args: &[&str], ignored: &log::Ignored) -> log::Log {
    use std::io::BufRead;
    let child = Command::new("git")
        .args(args)
        .current_dir(root)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        return log::Log::default();
    };
    let Some(out) = child.stdout.take() else {
        return log::Log::default();
    };
    let tokens = std::io::BufReader::with_capacity(1 << 16, out)
        .split(0)
        .map_while(Result::ok);
    let log = log::parse(tokens, ignored);
    match child.wait() {
        Ok(s) if s.success() => log,
        _ => log::Log::default(),
    }
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
    fn status_lists_modified_tracked_files() {
        let s = b" M content/en/a.md\x00?? content/en/new.md\x00M  content/zh/b c.md\x00 D content/en/gone.md\x00";
        assert_eq!(modified_files(s), ["content/en/a.md", "content/zh/b c.md"]);
    }

    #[test]
    fn dates_are_utc_days() {
        let at = |time| Changed { time, commit: None };
        assert_eq!(at(1_709_510_400).date().to_string(), "2024-03-04");
        assert_eq!(at(1_709_510_400 + 86_399).date().to_string(), "2024-03-04");
    }
}
