//! The one place that writes to disk. A build renders into a fresh temporary folder beside the
//! output folder and swaps it in with one atomic rename (Linux `renameat2(RENAME_EXCHANGE)`), so
//! a failed or killed build leaves the previous site complete. sitegen deletes nothing but
//! folders it made: an existing output folder must carry its marker file.

mod lock;
mod safety;
mod swap;

pub(crate) use safety::{absolute, check_output_path};

use crate::content::Asset;
use crate::diagnostics::Diagnostic;
use crate::theme::Source;
use lock::OutputLock;
use safety::{lexical, safe_relative};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use swap::{clean_stale, remove_tree, swap_in, temp_name};

/// Written into every output folder; an existing non-empty folder without it is not ours, and
/// sitegen refuses to replace it.
pub(crate) const MARKER: &str = ".sitegen-output";

/// A file of the built site.
#[derive(Debug, Clone)]
pub enum Data {
    Bytes(Vec<u8>),
    Copy(PathBuf),
    Static(&'static [u8]),
}

#[derive(Debug, Clone)]
pub struct OutFile {
    /// `/`-separated, relative to the output folder.
    pub path: String,
    pub data: Data,
}

/// The files copied as they are: the theme's and the site's static files and the assets beside
/// pages. `build` and `serve` both publish these and nothing else; what they are was judged
/// when they were found (`crate::files`: a symbolic link that leads outside the site is an
/// error there, and never gets here).
pub(crate) fn static_files(
    static_files: &BTreeMap<String, Source>,
    assets: &[Asset],
) -> Vec<OutFile> {
    let statics = static_files.iter().map(|(path, src)| OutFile {
        path: path.clone(),
        data: match src {
            Source::Embedded(b) => Data::Static(b),
            Source::Disk(p) => Data::Copy(p.clone()),
        },
    });
    let assets = assets.iter().map(|a| OutFile {
        path: a.out_path.clone(),
        data: Data::Copy(a.file.clone()),
    });
    statics.chain(assets).collect()
}

/// Where rendered files go: the disk (through a `Writer`) or memory (`Memory`, for `serve` and
/// `check`). Rendering streams into it, so a build never holds the whole site in memory.
pub trait Sink: Sync {
    fn put(&self, file: OutFile) -> Result<(), Diagnostic>;

    /// False for a sink that only checks: files that cannot fail (the search index) need not
    /// be made for it.
    fn keeps_files(&self) -> bool {
        true
    }
}

/// Checks every file as a real sink would (no two on one path) and keeps none: `sitegen check`
/// renders everything without holding the site in memory.
#[derive(Default)]
pub struct Discard {
    claimed: Claimed,
}

impl Sink for Discard {
    fn put(&self, file: OutFile) -> Result<(), Diagnostic> {
        self.claimed.claim(&file.path)
    }

    fn keeps_files(&self) -> bool {
        false
    }
}

/// Two things must never claim the same output path, nor one a path the other needs as a
/// folder (`sitemap.xml` and `sitemap.xml/index.html`). The load phase judges the pages and
/// static files with their lines (`Content::check_output_paths`); this catches the rest (the
/// sitemap, 404 pages, feeds) in `build`, `check` and `serve` alike.
#[derive(Default)]
struct Claimed(Mutex<ClaimedPaths>);

#[derive(Default)]
struct ClaimedPaths {
    files: HashSet<String>,
    folders: HashSet<String>,
}

impl Claimed {
    fn claim(&self, path: &str) -> Result<(), Diagnostic> {
        let clash = |what: String| Err(Diagnostic::error("duplicate-output", what));
        let mut claimed = self.0.lock().expect("claimed paths");
        if claimed.folders.contains(path) {
            return clash(format!(
                "{path} would be written as a file, and is the folder of other files"
            ));
        }
        for (i, _) in path.match_indices('/') {
            if claimed.files.contains(&path[..i]) {
                return clash(format!(
                    "{path} needs the folder {}, which is written as a file",
                    &path[..i]
                ));
            }
        }
        if !claimed.files.insert(path.to_string()) {
            return clash(format!(
                "two things would be written to {path}: a page or alias and a static file"
            ));
        }
        // Folders from the innermost out, up to one already known (its parents are too).
        for (i, _) in path.rmatch_indices('/') {
            if !claimed.folders.insert(path[..i].to_string()) {
                break;
            }
        }
        Ok(())
    }
}

/// Collects files in memory.
#[derive(Default)]
pub struct Memory {
    files: Mutex<Vec<OutFile>>,
    claimed: Claimed,
}

impl Memory {
    pub fn into_files(self) -> Vec<OutFile> {
        self.files.into_inner().expect("memory sink")
    }
}

impl Sink for Memory {
    fn put(&self, file: OutFile) -> Result<(), Diagnostic> {
        self.claimed.claim(&file.path)?;
        self.files.lock().expect("memory sink").push(file);
        Ok(())
    }
}

/// Writes a new site into a temporary folder beside the output folder; `commit` swaps it in.
/// Dropped without `commit` (an error, a panic), it removes the temporary folder.
pub(crate) struct Writer {
    output: PathBuf,
    tmp: PathBuf,
    dirs: Mutex<HashSet<PathBuf>>,
    claimed: Claimed,
    count: AtomicUsize,
    committed: bool,
    /// Dropped after the fields above and `Drop for Writer`: the lock outlives the cleanup.
    _lock: OutputLock,
}

impl Writer {
    pub(crate) fn begin(root: &Path, output: &Path) -> Result<Writer, Diagnostic> {
        let output = &lexical(output);
        check_output_path(root, output)?;
        let fail = |what: &str, path: &Path, e: std::io::Error| {
            Diagnostic::error("write", format!("cannot {what} {}: {e}", path.display()))
        };
        if let Some(parent) = output.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail("create", parent, e))?;
        }
        // Before anything beside the output is touched: with the lock, every temporary
        // folder there is a killed build's.
        let lock = OutputLock::take(output)?;
        clean_stale(output);
        let tmp = temp_name(output, "tmp");
        std::fs::create_dir(&tmp).map_err(|e| fail("create", &tmp, e))?;
        let writer = Writer {
            output: output.to_path_buf(),
            tmp,
            dirs: Mutex::new(HashSet::new()),
            claimed: Claimed::default(),
            count: AtomicUsize::new(0),
            committed: false,
            _lock: lock,
        };
        std::fs::write(
            writer.tmp.join(MARKER),
            format!("written by sitegen {}\n", env!("CARGO_PKG_VERSION")),
        )
        .map_err(|e| fail("write in", &writer.tmp, e))?;
        Ok(writer)
    }

    /// Puts the new site in place; returns the number of files written.
    pub(crate) fn commit(mut self) -> Result<usize, Diagnostic> {
        swap_in(&self.tmp, &self.output)?;
        self.committed = true;
        Ok(self.count.load(Ordering::Relaxed))
    }

    fn ensure_dir(&self, dir: &Path) -> Result<(), Diagnostic> {
        if dir.as_os_str().is_empty() || self.dirs.lock().expect("dirs").contains(dir) {
            return Ok(());
        }
        let p = self.tmp.join(dir);
        std::fs::create_dir_all(&p).map_err(|e| {
            Diagnostic::error("write", format!("cannot create {}: {e}", p.display()))
        })?;
        self.dirs.lock().expect("dirs").insert(dir.to_path_buf());
        Ok(())
    }
}

impl Sink for Writer {
    fn put(&self, f: OutFile) -> Result<(), Diagnostic> {
        if !safe_relative(&f.path) {
            return Err(Diagnostic::error(
                "write",
                format!(
                    "refusing to write `{}`: it would land outside the output folder",
                    f.path
                ),
            ));
        }
        self.claimed.claim(&f.path)?;
        if let Some(parent) = Path::new(&f.path).parent() {
            self.ensure_dir(parent)?;
        }
        let dest = self.tmp.join(&f.path);
        let r = match &f.data {
            Data::Bytes(b) => std::fs::write(&dest, b),
            Data::Static(b) => std::fs::write(&dest, b),
            Data::Copy(src) => std::fs::copy(src, &dest).map(|_| ()),
        };
        r.map_err(|e| Diagnostic::error("write", format!("cannot write {}: {e}", f.path)))?;
        self.count.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.committed {
            remove_tree(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    /// Writes the whole site to `output` atomically. Returns the number of files written.
    fn write(root: &Path, output: &Path, files: &[OutFile]) -> Result<usize, Diagnostic> {
        let writer = Writer::begin(root, output)?;
        files.par_iter().try_for_each(|f| writer.put(f.clone()))?;
        writer.commit()
    }

    fn bytes(path: &str, s: &str) -> OutFile {
        OutFile {
            path: path.into(),
            data: Data::Bytes(s.as_bytes().to_vec()),
        }
    }

    #[test]
    fn writes_and_replaces_atomically() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        write(site.path(), &out, &[bytes("a/index.html", "one")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "one"
        );
        write(site.path(), &out, &[bytes("b.html", "two")]).unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "two");
        let leftovers: Vec<_> = std::fs::read_dir(site.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn refuses_dangerous_paths() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("content")).unwrap();
        for bad in [
            site.path().to_path_buf(),
            site.path().join("content"),
            site.path().join("content/x"),
            site.path().parent().unwrap().to_path_buf(),
            site.path().join(".."),
        ] {
            let e = check_output_path(site.path(), &bad).unwrap_err();
            assert!(e.message.contains("refusing"), "{}", e.message);
        }
        let foreign = site.path().join("deploy");
        std::fs::create_dir_all(foreign.join(".git")).unwrap();
        let e = write(site.path(), &foreign, &[bytes("x.html", "x")]).unwrap_err();
        assert!(e.message.contains("did not write"), "{}", e.message);
        assert!(foreign.join(".git").is_dir());
    }

    #[test]
    fn refuses_escaping_file_paths_and_keeps_old_site() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        write(site.path(), &out, &[bytes("index.html", "old")]).unwrap();
        let e = write(site.path(), &out, &[bytes("../evil.html", "x")]).unwrap_err();
        assert!(e.message.contains("outside"));
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert!(!site.path().join("evil.html").exists());
    }

    #[test]
    fn a_path_is_never_both_a_file_and_a_folder() {
        let c = Claimed::default();
        for ok in ["a/b/index.html", "a/c.html", "index.html", "a/b/d/e.html"] {
            c.claim(ok).unwrap();
        }
        for clash in ["a/b", "a", "index.html", "a/c.html/x", "index.html/y/z"] {
            let e = c.claim(clash).unwrap_err();
            assert_eq!(e.code, "duplicate-output", "{clash}");
            assert!(e.message.contains(clash), "{}", e.message);
        }
    }

    #[test]
    fn one_writer_at_a_time_per_output() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let first = Writer::begin(site.path(), &out).unwrap();
        let e = Writer::begin(site.path(), &out).err().unwrap();
        assert_eq!(e.code, "output-locked");
        let pid = std::process::id();
        assert!(e.message.contains(&format!("(pid {pid})")), "{}", e.message);
        assert!(
            first.tmp.is_dir(),
            "the second left the first's folder alone"
        );
        drop(first);
        let again = Writer::begin(site.path(), &out).unwrap();
        again.put(bytes("index.html", "x")).unwrap();
        again.commit().unwrap();
        let beside: Vec<_> = std::fs::read_dir(site.path()).unwrap().flatten().collect();
        assert_eq!(beside.len(), 1, "{beside:?}");
    }

    #[test]
    fn stale_temp_dirs_are_cleaned() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let stale = site.path().join(".public.sitegen-tmp-999999");
        std::fs::create_dir(&stale).unwrap();
        std::fs::write(stale.join(MARKER), "x").unwrap();
        let foreign = site.path().join(".public.sitegen-tmp-notours");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("keep"), "x").unwrap();
        write(site.path(), &out, &[bytes("index.html", "x")]).unwrap();
        assert!(!stale.exists());
        assert!(foreign.join("keep").exists());
    }
}
