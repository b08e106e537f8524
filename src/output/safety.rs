//! Which output folders a build may replace, and the paths it may write in them: the output
//! folder is never the site, inside it where the sources are, a symbolic link, or someone
//! else's folder; `--output` is taken as named, not resolved.

use super::MARKER;
use crate::diagnostics::Diagnostic;
use std::path::{Component, Path, PathBuf};

/// `--output` as an absolute path, its last part not resolved: a symbolic link named there
/// must reach `check_output_path` as the link, to be refused.
pub(crate) fn absolute(output: &Path) -> PathBuf {
    let abs = if output.is_absolute() {
        output.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(output))
            .unwrap_or_else(|_| output.to_path_buf())
    };
    lexical(&abs)
}

/// Without a trailing `/` or `.` parts: `public/` names the link itself, not what it leads to
/// (the system resolves a path ending in `/`).
pub(super) fn lexical(path: &Path) -> PathBuf {
    path.components().collect()
}

/// Refuses output paths that would overwrite the site or lose data. `output` is absolute.
pub(crate) fn check_output_path(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let output = &lexical(output);
    let refuse = |why: String| {
        Err(Diagnostic::error(
            "output-path",
            format!(
                "refusing to use {} as the output folder: {why}",
                output.display()
            ),
        ))
    };
    let root = normalize(&root.canonicalize().unwrap_or_else(|_| root.to_path_buf()));
    let out = resolve(output);
    if out.parent().is_none() {
        return refuse("it is the root of the file system".into());
    }
    if out == root {
        return refuse("it is the site root".into());
    }
    if root.starts_with(&out) {
        return refuse("it contains the site".into());
    }
    for own in ["content", "themes", "templates", "static", "i18n"] {
        if out.starts_with(root.join(own)) {
            return refuse(format!("it is inside the site's {own}/ folder"));
        }
    }
    if let Ok(meta) = std::fs::symlink_metadata(output) {
        if meta.file_type().is_symlink() {
            return refuse("it is a symbolic link (point --output at the real folder)".into());
        }
        if !meta.is_dir() {
            return refuse("it is a file, not a folder".into());
        }
        let mut entries = std::fs::read_dir(output).map_err(|e| {
            Diagnostic::error(
                "output-path",
                format!("cannot read {}: {e}", output.display()),
            )
        })?;
        let non_empty = entries.next().is_some();
        if non_empty && !output.join(MARKER).is_file() {
            return refuse(format!(
                "it holds files sitegen did not write (no {MARKER} marker); remove it or choose another --output"
            ));
        }
    }
    Ok(())
}

/// Absolute and without `.`/`..`, resolving symlinks of the longest existing ancestor.
fn resolve(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(p), Some(n)) => {
                rest.push(n.to_os_string());
                existing = p.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for n in rest.into_iter().rev() {
        out.push(n);
    }
    normalize(&out)
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// A relative output path must stay inside the output folder.
pub(super) fn safe_relative(path: &str) -> bool {
    let p = Path::new(path);
    !path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}
