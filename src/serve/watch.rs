//! Watching the site's sources: notify events become a small `Change` enum, a burst of events
//! (an editor writing a temp file and renaming it, a folder moved) is coalesced into one `Plan`,
//! and nothing the watcher reports — errors, vanished paths, odd names — stops the server. A
//! watched folder replaced as a whole (deleted and copied back, another renamed into its place)
//! is watched again, and what is known of its files is read again.

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecursiveMode, Watcher};
use std::collections::{BTreeMap, HashMap};
use std::hash::Hasher;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// What kind of source a changed path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Change {
    Content,
    Template,
    Static,
    I18n,
    Config,
    /// A file under `data/` (site data, menus' and navigation's data files).
    Data,
    Ignored,
}

/// The folders watched recursively; the root itself is watched alone, for `sitegen.toml` and
/// for these folders appearing or disappearing.
const WATCHED: [&str; 6] = ["content", "themes", "templates", "i18n", "static", "data"];

/// The quiet time that ends a burst. Editors' write + rename pairs arrive within a millisecond
/// or two; this stays well inside the 100 ms edit-to-reload budget.
const DEBOUNCE: Duration = Duration::from_millis(40);
/// A steady stream of events (a checkout, a copy of many files) still rebuilds this often.
const MAX_BURST: Duration = Duration::from_millis(1000);

/// Maps a path relative to the site root to the kind of change. `output_dir` is the build's
/// output folder relative to the root (its files are written by `sitegen build`, not sources).
pub(crate) fn classify(rel: &Path, output_dir: &Path) -> Change {
    if rel.as_os_str().is_empty() || rel.starts_with(output_dir) {
        return Change::Ignored;
    }
    let mut names = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(n) => match n.to_str() {
                Some(n) if !is_editor_file(n) => names.push(n),
                _ => return Change::Ignored,
            },
            _ => return Change::Ignored,
        }
    }
    match names.as_slice() {
        // The baseline decides what problems count as; a rebuild reads it again.
        ["sitegen.toml"] | [crate::baseline::DEFAULT_FILE] => Change::Config,
        ["content", ..] => Change::Content,
        ["templates", ..] => Change::Template,
        ["static", ..] => Change::Static,
        ["i18n", ..] => Change::I18n,
        ["data", ..] => Change::Data,
        ["themes", _, "static", ..] => Change::Static,
        ["themes", _, "i18n", ..] => Change::I18n,
        // Templates, or a whole theme folder appearing, vanishing or renamed.
        ["themes", ..] => Change::Template,
        _ => Change::Ignored,
    }
}

/// Hidden files, backups, swap and lock files, and the probe files editors write before saving.
/// The content walk skips the same names, so a change to one never changes the site.
fn is_editor_file(name: &str) -> bool {
    crate::content::is_ignored(name)
        || name == "4913" // vim's write-permission probe
        || name.ends_with(".swo")
        || name.contains("___jb_") // JetBrains safe-write
        || name.starts_with(".goutputstream-") // GNOME
}

/// After a rebuild, this much quiet lets the server do what it put off (the search index).
const IDLE: Duration = Duration::from_millis(300);

/// How much to rebuild for a burst of changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Plan {
    /// Only static files changed: re-read them, render nothing.
    StaticFiles,
    /// Only the Markdown of existing pages changed (the paths come with the plan): re-read
    /// those pages and re-render them and the pages that show them.
    Pages,
    /// Theme, templates or strings changed: recompile and render, keep the Markdown.
    Theme,
    /// Content or config changed: load the site again.
    Full,
}

impl Plan {
    pub(crate) fn for_changes(changes: impl IntoIterator<Item = Change>) -> Option<Plan> {
        changes
            .into_iter()
            .filter_map(|c| match c {
                Change::Content | Change::Config | Change::Data => Some(Plan::Full),
                Change::Template | Change::I18n => Some(Plan::Theme),
                Change::Static => Some(Plan::StaticFiles),
                Change::Ignored => None,
            })
            .max()
    }
}

/// The site's sources being watched. Watches are in place once `start` returns, so a change
/// made right after the server says it is ready is seen.
pub(crate) struct Watch {
    watcher: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    folders: Folders,
    output_dir: PathBuf,
    fingerprints: Fingerprints,
    /// How many changes the watcher has reported so far (read while `Work::Quiet` runs).
    arrived: Arc<AtomicU64>,
}

impl Watch {
    /// Starts watching the site under `root` (absolute); `output_dir` is relative to it.
    pub(crate) fn start(root: &Path, output_dir: &Path) -> Result<Watch, notify::Error> {
        let (tx, events) = channel();
        let arrived = Arc::new(AtomicU64::new(0));
        let count = arrived.clone();
        let mut watcher = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
            if e.as_ref().map_or(true, |e| is_change(&e.kind)) {
                count.fetch_add(1, Ordering::Relaxed);
            }
            let _ = tx.send(e);
        })?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut folders = Folders {
            root: root.to_path_buf(),
            watched: HashMap::new(),
        };
        folders.refresh(&mut watcher, &[]);
        Ok(Watch {
            watcher,
            events,
            folders,
            output_dir: output_dir.to_path_buf(),
            fingerprints: Fingerprints::of_site(root, output_dir),
            arrived,
        })
    }

    /// Calls `work` with `Work::Rebuild` once per burst of relevant changes, and with
    /// `Work::Quiet` once things have been quiet for a moment after a rebuild, until the
    /// watcher stops. Quiet work stops early when a change arrives (`Interrupt`), and is asked
    /// for again after the next quiet moment.
    pub(crate) fn run(mut self, mut work: impl FnMut(Work) -> bool) {
        let mut quiet_work = false;
        loop {
            let burst = match next_burst(&self.events, quiet_work.then_some(IDLE)) {
                Next::Burst(b) => b,
                Next::Quiet => {
                    let interrupt = Interrupt {
                        arrived: &self.arrived,
                        at_start: self.arrived.load(Ordering::Relaxed),
                    };
                    quiet_work = work(Work::Quiet(&interrupt));
                    continue;
                }
                Next::Closed => return,
            };
            if let Some((plan, edited)) = self.plan(&burst) {
                quiet_work = work(Work::Rebuild(plan, &edited));
            }
        }
    }

    /// What to rebuild for a burst, with the Markdown files edited (for `Plan::Pages`); None
    /// when nothing the site is built from changed.
    fn plan(&mut self, burst: &Burst) -> Option<(Plan, Vec<PathBuf>)> {
        let root = self.folders.root.clone();
        let output_dir = &self.output_dir;
        // A folder named in the burst itself (removed, created, renamed) may be another one
        // now, even on the same inode number; after lost events, any may be.
        let named: Vec<&str> = match burst.lost_events {
            true => WATCHED.to_vec(),
            false => WATCHED
                .into_iter()
                .filter(|name| burst.paths.iter().any(|p| *p == root.join(name)))
                .collect(),
        };
        let rewatched = self.folders.refresh(&mut self.watcher, &named);
        let fingerprints = &mut self.fingerprints;
        let mut changes: Vec<Change> = rewatched
            .iter()
            .map(|name| classify(Path::new(name), output_dir))
            .collect();
        // A folder created, deleted or moved in or out (or watched anew) comes as one event:
        // what is known of the files under that path is stale.
        let mut again: Vec<&Path> = rewatched.iter().map(Path::new).collect();
        again.extend(
            burst
                .paths
                .iter()
                .map(|p| p.strip_prefix(&root).unwrap_or(p)),
        );
        again.sort();
        again.dedup();
        for rel in again {
            fingerprints.read_again(&root, &root.join(rel), output_dir);
        }
        // A save that leaves the bytes as they were (an editor's save without edits, a
        // `touch`) changes nothing: no rebuild, no reload.
        let mut edited = Vec::new();
        for p in &burst.paths {
            let rel = p.strip_prefix(&root).unwrap_or(p);
            let change = classify(rel, output_dir);
            if change == Change::Ignored {
                continue;
            }
            match fingerprints.seen(p) {
                Seen::Same => continue,
                Seen::Edited
                    if change == Change::Content
                        && rel.to_str().is_some_and(crate::content::is_markdown) =>
                {
                    edited.push(rel.to_path_buf())
                }
                _ => {}
            }
            changes.push(change);
        }
        edited.sort();
        edited.dedup();
        let plan = if burst.lost_events {
            Some(Plan::Full)
        } else if !changes.is_empty() && edited.len() == changes.len() {
            Some(Plan::Pages)
        } else {
            Plan::for_changes(changes)
        };
        plan.map(|plan| (plan, edited))
    }
}

/// What the watcher asks of the server. The server answers whether it has work left for the
/// next quiet moment.
pub(crate) enum Work<'a> {
    /// Rebuild as planned; for `Plan::Pages`, the edited files (relative to the root).
    Rebuild(Plan, &'a [PathBuf]),
    /// Nothing changed for a moment since the last rebuild: time for work put off.
    Quiet(&'a Interrupt<'a>),
}

/// Tells quiet work that a change has arrived, so it should stop and let the rebuild run.
pub(crate) struct Interrupt<'a> {
    arrived: &'a AtomicU64,
    at_start: u64,
}

impl Interrupt<'_> {
    pub(crate) fn changed(&self) -> bool {
        self.arrived.load(Ordering::Relaxed) != self.at_start
    }
}

/// What became of a watched path since it was last seen.
#[derive(Debug, PartialEq, Eq)]
enum Seen {
    /// A file with the same bytes as before.
    Same,
    /// A file seen before, with other bytes now.
    Edited,
    /// New, gone, a folder, or unreadable.
    Other,
}

/// Length and hash of every watched file's bytes, so a save that changes nothing is noticed.
/// Sorted, so the files under a folder are found together.
#[derive(Default)]
struct Fingerprints(BTreeMap<PathBuf, (u64, u64)>);

impl Fingerprints {
    /// Every file the site is built from (read once at startup; the build reads them too).
    fn of_site(root: &Path, output_dir: &Path) -> Fingerprints {
        let mut prints = Fingerprints::default();
        let sources = WATCHED.iter().map(|d| root.join(d)).chain([
            root.join(crate::config::FILE_NAME),
            root.join(crate::baseline::DEFAULT_FILE),
        ]);
        for source in sources {
            prints.read_tree(root, &source, output_dir);
        }
        prints
    }

    /// Reads the fingerprint of every source file under `dir` (or of `dir`, a file).
    fn read_tree(&mut self, root: &Path, dir: &Path, output_dir: &Path) {
        for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            if entry.file_type().is_file() && classify(rel, output_dir) != Change::Ignored {
                self.seen(entry.path());
            }
        }
    }

    /// Forgets what was known of the files under `path` (if it is, or was, a folder), and
    /// reads those there now.
    fn read_again(&mut self, root: &Path, path: &Path, output_dir: &Path) {
        let under: Vec<PathBuf> = self
            .0
            .range::<Path, _>((std::ops::Bound::Excluded(path), std::ops::Bound::Unbounded))
            .map(|(p, _)| p)
            .take_while(|p| p.starts_with(path))
            .cloned()
            .collect();
        for p in &under {
            self.0.remove(p);
        }
        if path.is_dir() {
            self.read_tree(root, path, output_dir);
        }
    }

    /// How `path` differs from when it was last seen (and remembers it as it is now).
    fn seen(&mut self, path: &Path) -> Seen {
        let Some(print) = fingerprint(path) else {
            // Gone, a folder, or unreadable: let the rebuild see what is there now.
            self.0.remove(path);
            return Seen::Other;
        };
        match self.0.insert(path.to_path_buf(), print) {
            Some(old) if old == print => Seen::Same,
            Some(_) => Seen::Edited,
            None => Seen::Other,
        }
    }
}

fn fingerprint(path: &Path) -> Option<(u64, u64)> {
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let mut h = rustc_hash::FxHasher::default();
    h.write(&bytes);
    Some((bytes.len() as u64, h.finish()))
}

/// The watched top-level folders, each with the identity (device, inode) of the folder its
/// watch is on; re-checked after every burst, since a folder created after startup, or
/// replaced by another, needs a new watch. (inotify watches an inode, not a name: a watch stays
/// with a folder renamed away, and goes with a folder deleted.)
struct Folders {
    root: PathBuf,
    watched: HashMap<&'static str, (u64, u64)>,
}

impl Folders {
    /// Watches each folder that exists and is not watched as it is now, and each of `named`
    /// (folders the last burst named: replaced, perhaps by one on the same inode number).
    /// Returns the folders watched anew.
    fn refresh(&mut self, watcher: &mut impl Watcher, named: &[&str]) -> Vec<&'static str> {
        use std::os::unix::fs::MetadataExt;
        let mut rewatched = Vec::new();
        for name in WATCHED {
            let dir = self.root.join(name);
            let now = std::fs::metadata(&dir)
                .ok()
                .filter(|m| m.is_dir())
                .map(|m| (m.dev(), m.ino()));
            let before = self.watched.get(name).copied();
            if before.is_some() && (before != now || named.contains(&name)) {
                // Gone already where notify saw the folder go; otherwise it would keep
                // reporting the old folder's files under the new one's name.
                let _ = watcher.unwatch(&dir);
                self.watched.remove(name);
            }
            let Some(id) = now else { continue };
            if self.watched.contains_key(name) {
                continue;
            }
            match watcher.watch(&dir, RecursiveMode::Recursive) {
                Ok(()) => {
                    self.watched.insert(name, id);
                    if before.is_some() || named.contains(&name) {
                        rewatched.push(name);
                    }
                }
                Err(e) => eprintln!("warning: cannot watch {}: {e}", dir.display()),
            }
        }
        rewatched
    }
}

#[derive(Default)]
struct Burst {
    paths: Vec<PathBuf>,
    /// The watcher reported an error, so some changes may be unknown.
    lost_events: bool,
}

enum Next {
    Burst(Burst),
    /// Nothing happened for the quiet time asked for.
    Quiet,
    /// The watcher has gone away.
    Closed,
}

/// Waits for an event (for at most `quiet`, when given), then collects until things have been
/// quiet for `DEBOUNCE`.
fn next_burst(rx: &Receiver<notify::Result<notify::Event>>, quiet: Option<Duration>) -> Next {
    let mut burst = Burst::default();
    let mut started = None;
    loop {
        let event = match (started, quiet) {
            (None, None) => match rx.recv() {
                Ok(e) => e,
                Err(_) => return Next::Closed,
            },
            (None, Some(quiet)) => match rx.recv_timeout(quiet) {
                Ok(e) => e,
                Err(RecvTimeoutError::Timeout) => return Next::Quiet,
                Err(RecvTimeoutError::Disconnected) => return Next::Closed,
            },
            (Some(start), _) => {
                if Instant::now().duration_since(start) > MAX_BURST {
                    return Next::Burst(burst);
                }
                match rx.recv_timeout(DEBOUNCE) {
                    Ok(e) => e,
                    Err(RecvTimeoutError::Timeout) => return Next::Burst(burst),
                    Err(RecvTimeoutError::Disconnected) => return Next::Closed,
                }
            }
        };
        match event {
            // The kernel's queue overflowed: some changes are unknown.
            Ok(e) if e.need_rescan() => {
                eprintln!("warning: file watcher: too many changes at once; reloading the site");
                burst.lost_events = true;
                started.get_or_insert_with(Instant::now);
            }
            Ok(e) if is_change(&e.kind) => {
                burst.paths.extend(e.paths);
                started.get_or_insert_with(Instant::now);
            }
            Ok(_) => {}
            // A watch on a folder that vanished, an overflowed queue: say so and carry on; the
            // rebuild that follows reads the tree as it is now.
            Err(e) => {
                eprintln!("warning: file watcher: {e}");
                if let notify::ErrorKind::MaxFilesWatch = e.kind {
                    eprintln!("  raise fs.inotify.max_user_watches to watch every folder");
                }
                burst.lost_events = true;
                started.get_or_insert_with(Instant::now);
            }
        }
    }
}

/// Reads and opens change nothing; a close after writing does.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(p: &str) -> Change {
        classify(Path::new(p), Path::new("public"))
    }

    #[test]
    fn paths_map_to_changes() {
        assert_eq!(kind("sitegen.toml"), Change::Config);
        assert_eq!(kind("sitegen-baseline.json"), Change::Config);
        assert_eq!(kind("content/en/faq/a.md"), Change::Content);
        assert_eq!(kind("content/en/img/x.png"), Change::Content);
        assert_eq!(kind("content"), Change::Content);
        assert_eq!(kind("templates/page.html"), Change::Template);
        assert_eq!(kind("data/releases/1.9.yaml"), Change::Data);
        assert_eq!(kind("themes/default/templates/page.html"), Change::Template);
        assert_eq!(kind("themes/default"), Change::Template);
        assert_eq!(kind("themes/default/static/sitegen.css"), Change::Static);
        assert_eq!(kind("static/logo.svg"), Change::Static);
        assert_eq!(kind("i18n/en/main.ftl"), Change::I18n);
        assert_eq!(kind("themes/default/i18n/zh/ui.ftl"), Change::I18n);
    }

    #[test]
    fn editor_files_output_and_strangers_are_ignored() {
        for p in [
            "content/en/.a.md.swp",
            "content/en/a.md~",
            "content/en/.#a.md",
            "content/en/#a.md#",
            "content/en/4913",
            "content/en/a.md.tmp",
            "content/en/a.md___jb_tmp___",
            "content/.git/index",
            "public/index.html",
            "public",
            "target/debug/sitegen",
            "README.md",
            "sitegen.toml.swp",
            "",
        ] {
            assert_eq!(kind(p), Change::Ignored, "{p}");
        }
        assert_eq!(
            classify(Path::new("site-out/x.html"), Path::new("site-out")),
            Change::Ignored
        );
    }

    #[test]
    fn a_burst_rebuilds_as_much_as_its_largest_change() {
        use Change::*;
        assert_eq!(Plan::for_changes([Ignored, Ignored]), None);
        assert_eq!(Plan::for_changes([Static]), Some(Plan::StaticFiles));
        assert_eq!(Plan::for_changes([Static, I18n]), Some(Plan::Theme));
        assert_eq!(Plan::for_changes([Template, Content]), Some(Plan::Full));
        assert_eq!(Plan::for_changes([Config, Static]), Some(Plan::Full));
    }

    #[test]
    fn fingerprints_see_content_not_saves() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("page.md");
        std::fs::write(&file, "one").unwrap();
        let mut prints = Fingerprints::default();
        assert_eq!(prints.seen(&file), Seen::Other, "first sight: a new file");
        std::fs::write(&file, "one").unwrap();
        assert_eq!(prints.seen(&file), Seen::Same, "same bytes");
        std::fs::write(&file, "two").unwrap();
        assert_eq!(prints.seen(&file), Seen::Edited, "new bytes");
        std::fs::remove_file(&file).unwrap();
        assert_eq!(prints.seen(&file), Seen::Other, "deleted");
        assert_eq!(prints.seen(dir.path()), Seen::Other, "a folder");
    }

    #[test]
    fn a_folder_replaced_is_read_again() {
        let root = tempfile::tempdir().unwrap();
        let (root, out) = (root.path(), Path::new("public"));
        let at = |rel: &str| root.join(rel);
        for (rel, text) in [
            ("content/docs/a.md", "one"),
            ("content.new/docs/a.md", "two"),
            ("content/docs-x/a.md", "x"),
            ("content/docs.x/a.md", "x"),
        ] {
            std::fs::create_dir_all(at(rel).parent().unwrap()).unwrap();
            std::fs::write(at(rel), text).unwrap();
        }
        let mut prints = Fingerprints::of_site(root, out);
        // Renamed into place: one event for the folder, none for its files.
        std::fs::rename(at("content"), at("content.old")).unwrap();
        std::fs::rename(at("content.new"), at("content")).unwrap();
        prints.read_again(root, &at("content"), out);
        std::fs::write(at("content/docs/a.md"), "one").unwrap();
        assert_eq!(
            prints.seen(&at("content/docs/a.md")),
            Seen::Edited,
            "not 'two'"
        );
        // Deleted: what was under it is forgotten, and only that.
        std::fs::remove_dir_all(at("content")).unwrap();
        std::fs::rename(at("content.old"), at("content")).unwrap();
        prints.read_again(root, &at("content"), out);
        std::fs::remove_dir_all(at("content/docs")).unwrap();
        prints.read_again(root, &at("content/docs"), out);
        assert!(!prints.0.keys().any(|p| p.starts_with(at("content/docs"))));
        for rel in ["content/docs-x/a.md", "content/docs.x/a.md"] {
            std::fs::write(at(rel), "x").unwrap();
            assert_eq!(prints.seen(&at(rel)), Seen::Same, "{rel} is kept");
        }
    }
}
