//! The temporary folder beside the output and the swap that puts it in place; removing what
//! is no longer needed (the previous site, what killed builds left) so that a kill at any
//! moment leaves nothing the next build would not find and remove.

use super::MARKER;
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub(super) fn temp_name(output: &Path, kind: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.sitegen-{kind}-{}", std::process::id()))
}

/// Removes temporary folders left by killed builds: only those named like ours and carrying
/// our marker (or empty, when the kill came before the marker was written).
pub(super) fn clean_stale(output: &Path) {
    let (Some(parent), Some(name)) = (output.parent(), output.file_name()) else {
        return;
    };
    let prefix = format!(".{}.sitegen-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if !n.starts_with(&prefix) || !e.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let p = e.path();
        let ours =
            p.join(MARKER).is_file() || std::fs::read_dir(&p).is_ok_and(|mut d| d.next().is_none());
        if ours {
            remove_tree(&p);
        }
    }
}

/// Removes a folder tree, its files in parallel: deleting the previous site is a good part of a
/// large build's system time. The marker goes last, so a build killed meanwhile leaves a
/// folder the next one still knows as its own (`clean_stale`): with the marker, or empty.
pub(super) fn remove_tree(dir: &Path) {
    let marker = dir.join(MARKER);
    let entries: Vec<walkdir::DirEntry> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .contents_first(true)
        .into_iter()
        .flatten()
        .collect();
    entries
        .par_iter()
        .filter(|e| !e.file_type().is_dir() && e.path() != marker)
        .for_each(|e| {
            let _ = std::fs::remove_file(e.path());
        });
    for e in entries.iter().filter(|e| e.file_type().is_dir()) {
        let _ = std::fs::remove_dir(e.path());
    }
    let _ = std::fs::remove_file(&marker);
    if std::fs::remove_dir(dir).is_err() && dir.exists() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Puts the new site in place in one step; the old one is removed afterwards.
pub(super) fn swap_in(tmp: &Path, output: &Path) -> Result<(), Diagnostic> {
    let fail = |e: std::io::Error| {
        Diagnostic::error(
            "write",
            format!("cannot move the new site into {}: {e}", output.display()),
        )
    };
    if !output.exists() {
        return std::fs::rename(tmp, output).map_err(fail);
    }
    if exchange(tmp, output).is_ok() {
        // `tmp` now holds the previous site.
        remove_tree(tmp);
        return Ok(());
    }
    // No atomic exchange here: move the old site aside first, then the new one in.
    let old = temp_name(output, "old");
    std::fs::rename(output, &old).map_err(fail)?;
    if let Err(e) = std::fs::rename(tmp, output) {
        let _ = std::fs::rename(&old, output);
        return Err(fail(e));
    }
    remove_tree(&old);
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves them like rename(2).
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}
