//! Parsing `git log --format=%x00%H%x20%ct --name-status -M -z`, newest commit first, into the
//! last change of every file: one pass over the history, whatever the number of files.
//!
//! Renames: a file's history goes on under its old name (as `git log --follow` would show it),
//! but a pure move (`R100`, the same content under a new name) is not a change: moving pages
//! into a new folder keeps their dates. A move that also edits the file (`R087`) is a change.
//! Commits listed in `ignore` (mass reformatting, `.git-blame-ignore-revs`) change nothing
//! either; a file that only such commits ever touched keeps the newest of them, so that it
//! still has a date.

use std::collections::{HashMap, HashSet};

/// One commit: its full hash and time (seconds since the epoch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Commit {
    pub(crate) hash: String,
    pub(crate) time: i64,
}

/// The last change of each path (relative to the repository's top) as an index into `commits`.
#[derive(Debug, Default)]
pub(crate) struct Log {
    pub(crate) commits: Vec<Commit>,
    pub(crate) last: HashMap<String, u32>,
}

/// Hashes (or unambiguous prefixes of at least 7 hex digits) of commits that change nothing.
#[derive(Debug, Default, Clone)]
pub(crate) struct Ignored {
    full: HashSet<String>,
    prefixes: Vec<String>,
}

impl Ignored {
    pub(crate) fn new<'a>(revs: impl IntoIterator<Item = &'a str>) -> Ignored {
        let mut ignored = Ignored::default();
        for rev in revs {
            let rev = rev.trim().to_ascii_lowercase();
            if rev.len() == 40 {
                ignored.full.insert(rev);
            } else if rev.len() >= 7 && rev.bytes().all(|b| b.is_ascii_hexdigit()) {
                ignored.prefixes.push(rev);
            }
        }
        ignored
    }

    fn contains(&self, hash: &str) -> bool {
        self.full.contains(hash) || self.prefixes.iter().any(|p| hash.starts_with(p.as_str()))
    }
}

/// The revisions of a `.git-blame-ignore-revs` file: one hash per line, `#` comments.
pub(crate) fn blame_ignore_revs(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// What the walk knows while it goes back in time.
#[derive(Default)]
struct Walk {
    log: Log,
    /// An older name → the file's name today (renames seen so far, newest first).
    renamed: HashMap<String, String>,
    /// Files only ignored commits touched so far: the newest of them.
    ignored_only: HashMap<String, u32>,
    /// Files deleted (and not added again since): older changes to them date nothing.
    deleted: HashSet<String>,
}

impl Walk {
    /// The file's name today, of a path as a commit wrote it.
    fn today_name<'p>(&'p self, path: &'p str) -> &'p str {
        self.renamed.get(path).map_or(path, String::as_str)
    }

    /// The file changed in `commit`, unless a newer commit did. (Newest first: the first
    /// change seen is the last.)
    fn change(&mut self, path: &str, commit: u32, ignored: bool) {
        let name = self.today_name(path);
        if self.deleted.contains(name) {
            return;
        }
        let map = match ignored {
            true => &self.ignored_only,
            false => &self.log.last,
        };
        if map.contains_key(name) {
            return;
        }
        let name = name.to_string();
        match ignored {
            true => self.ignored_only.insert(name, commit),
            false => self.log.last.insert(name, commit),
        };
    }

    /// One `<status> <path> [<path>]` entry of the commit at `commit`.
    fn entry(&mut self, status: &str, paths: &[&str], commit: u32, ignored: bool) {
        match (status.as_bytes().first(), paths) {
            (Some(b'R'), [old, new]) => {
                if status != "R100" {
                    self.change(new, commit, ignored);
                }
                let name = self.today_name(new).to_string();
                self.renamed.insert(old.to_string(), name);
            }
            (Some(b'D'), [path]) => {
                let name = self.today_name(path);
                // Older changes were to an earlier file of that name (even when an ignored
                // commit added it again since).
                if !self.log.last.contains_key(name) {
                    self.deleted.insert(name.to_string());
                }
            }
            (_, [.., path]) => self.change(path, commit, ignored),
            _ => {}
        }
    }

    fn finish(mut self) -> Log {
        for (path, commit) in self.ignored_only {
            self.log.last.entry(path).or_insert(commit);
        }
        self.log
    }
}

/// Parses the log (see the module's comment) from its `\0`-separated tokens, as `git`
/// writes them (the caller streams them, so parsing overlaps git's walk). Each commit is
/// `\0<hash> <time>\0` followed by `\n<status>\0<path>\0` (two paths for a rename or copy)
/// and more `<status>\0<path>\0`.
pub(crate) fn parse<T: AsRef<[u8]>>(tokens: impl IntoIterator<Item = T>, ignore: &Ignored) -> Log {
    let mut walk = Walk::default();
    let mut tokens = tokens.into_iter();
    let mut current: Option<(u32, bool)> = None;
    while let Some(raw_token) = tokens.next() {
        let token = String::from_utf8_lossy(raw_token.as_ref());
        let token = token.trim_start_matches('\n');
        if token.is_empty() {
            // Before a commit's header.
            let Some(raw_header) = tokens.next() else {
                break;
            };
            let header = String::from_utf8_lossy(raw_header.as_ref());
            let mut parts = header.split(' ');
            let hash = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let time = parts.next().and_then(|t| t.trim().parse().ok());
            current = time.map(|time| {
                let ignored = ignore.contains(&hash);
                walk.log.commits.push(Commit { hash, time });
                ((walk.log.commits.len() - 1) as u32, ignored)
            });
            continue;
        }
        let Some((commit, ignored)) = current else {
            continue;
        };
        let count = if token.starts_with(['R', 'C']) { 2 } else { 1 };
        let raw: Vec<T> = (0..count).filter_map(|_| tokens.next()).collect();
        let paths: Vec<std::borrow::Cow<str>> = raw
            .iter()
            .map(|p| String::from_utf8_lossy(p.as_ref()))
            .collect();
        let paths: Vec<&str> = paths.iter().map(|p| p.as_ref()).collect();
        walk.entry(token, &paths, commit, ignored);
    }
    walk.finish()
}

/// The tokens of a whole log in memory (tests).
#[cfg(test)]
fn tokens(log: &[u8]) -> impl Iterator<Item = &[u8]> {
    log.split(|&b| b == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(hash: char, time: i64, entries: &[&str]) -> Vec<u8> {
        let mut out = format!("\0{} {time}\0\n", hash.to_string().repeat(40)).into_bytes();
        for e in entries {
            out.extend_from_slice(e.as_bytes());
            out.push(0);
        }
        out
    }

    fn dated(log: &Log, path: &str) -> Option<i64> {
        log.last.get(path).map(|&c| log.commits[c as usize].time)
    }

    #[test]
    fn newest_change_wins() {
        let mut log = commit('b', 200, &["M", "content/a.md"]);
        log.extend(commit(
            'a',
            100,
            &["A", "content/a.md", "A", "content/b.md"],
        ));
        let l = parse(tokens(&log), &Ignored::default());
        assert_eq!(dated(&l, "content/a.md"), Some(200));
        assert_eq!(dated(&l, "content/b.md"), Some(100));
        assert_eq!(
            l.commits[l.last["content/a.md"] as usize].hash,
            "b".repeat(40)
        );
    }

    #[test]
    fn a_pure_move_keeps_the_date_an_edited_one_does_not() {
        let mut log = commit('d', 400, &["R100", "content/old/b.md", "content/new/b.md"]);
        log.extend(commit('c', 300, &["R087", "content/x.md", "content/y.md"]));
        log.extend(commit('b', 200, &["M", "content/old/b.md"]));
        log.extend(commit(
            'a',
            100,
            &["A", "content/old/b.md", "A", "content/x.md"],
        ));
        let l = parse(tokens(&log), &Ignored::default());
        assert_eq!(dated(&l, "content/new/b.md"), Some(200));
        assert_eq!(dated(&l, "content/y.md"), Some(300));
        // Chains of renames reach today's name.
        let mut log = commit('c', 300, &["R100", "content/b.md", "content/c.md"]);
        log.extend(commit('b', 200, &["R100", "content/a.md", "content/b.md"]));
        log.extend(commit('a', 100, &["A", "content/a.md"]));
        assert_eq!(
            dated(&parse(tokens(&log), &Ignored::default()), "content/c.md"),
            Some(100)
        );
    }

    #[test]
    fn deleted_files_have_no_date_unless_added_again() {
        let mut log = commit('d', 400, &["A", "content/back.md"]);
        log.extend(commit(
            'c',
            300,
            &["D", "content/gone.md", "D", "content/back.md"],
        ));
        log.extend(commit(
            'b',
            200,
            &["M", "content/gone.md", "M", "content/back.md"],
        ));
        let l = parse(tokens(&log), &Ignored::default());
        assert_eq!(dated(&l, "content/gone.md"), None);
        assert_eq!(dated(&l, "content/back.md"), Some(400));
    }

    #[test]
    fn ignored_commits_change_nothing_unless_they_are_all_there_is() {
        let mut log = commit('c', 300, &["M", "content/a.md", "A", "content/new.md"]);
        log.extend(commit('b', 200, &["M", "content/a.md"]));
        let ignore = Ignored::new(["cccccccccc", "not-a-hash"]);
        let l = parse(tokens(&log), &ignore);
        assert_eq!(dated(&l, "content/a.md"), Some(200));
        assert_eq!(dated(&l, "content/new.md"), Some(300));
    }

    #[test]
    fn blame_ignore_file() {
        let revs = blame_ignore_revs("# Reformat\nabc1234567 # black\n\n  def1234567\n");
        assert_eq!(revs, ["abc1234567", "def1234567"]);
    }
}
