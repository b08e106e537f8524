//! The files a site is made of, read by the same rules wherever they are found (`content/`
//! by `content`; `static/`, `templates/` and the theme by `theme`), so `build`, `check` and
//! `serve` agree: which names are editor and merge leftovers (never used, always told), and
//! the one rule for symbolic links — a link must lead into the site, into its theme's folder,
//! or into a folder `[build] allow_links_to` lists; any other is an error naming the link,
//! and a linked folder outside is never walked.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use std::path::{Path, PathBuf};

/// What an editor or a merge left beside a file, which may hold text never meant to be
/// published (a draft's `.orig`): `*.orig`, `*.rej`, `*.bak`, `*~`.
pub(crate) fn leftover(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".orig") || lower.ends_with(".rej") {
        Some("a merge or patch leftover")
    } else if lower.ends_with(".bak") || name.ends_with('~') {
        Some("an editor's backup")
    } else {
        None
    }
}

/// Where symbolic links may lead: real (canonical) folders.
#[derive(Debug, Clone)]
pub(crate) struct Links {
    /// The site root as given, to show paths relative to it.
    root: PathBuf,
    allowed: Vec<PathBuf>,
}

impl Links {
    /// The site root, the configured theme's folder (which may itself be a link to a shared
    /// checkout), and the folders of `[build] allow_links_to`.
    pub(crate) fn new(root: &Path, config: &Config) -> Links {
        let theme = config.theme.as_ref().map(|t| root.join("themes").join(t));
        let allowed = std::iter::once(root.to_path_buf())
            .chain(theme)
            .chain(config.build.allow_links_to.iter().map(|p| root.join(p)))
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        Links {
            root: root.to_path_buf(),
            allowed,
        }
    }

    /// `path` relative to the site root, for messages.
    pub(crate) fn shown<'p>(&self, path: &'p Path) -> &'p Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }

    /// Whether `path`, found while walking, may be read: an error naming it when it is a
    /// symbolic link that leads outside. A link that leads nowhere is left to the reader,
    /// which says why it cannot be read.
    pub(crate) fn check(&self, path: &Path) -> Result<(), Diagnostic> {
        let Ok(real) = path.canonicalize() else {
            return Ok(());
        };
        if self.allowed.iter().any(|a| real.starts_with(a)) {
            return Ok(());
        }
        let shown = self.shown(path);
        Err(Diagnostic::error(
            "link-outside",
            format!(
                "{} is a symbolic link to {}, outside the site: it is not read nor published \
                 (if it is meant to be, list its folder in `[build] allow_links_to` in sitegen.toml)",
                shown.display(),
                real.display()
            ),
        )
        .at(shown, None))
    }

    /// A `walkdir::WalkDir::filter_entry` test: entries that are links leading outside are
    /// left out (a linked folder is not walked), each reported into `refused`.
    pub(crate) fn admit(&self, entry: &walkdir::DirEntry, refused: &mut Vec<Diagnostic>) -> bool {
        if !entry.path_is_symlink() {
            return true;
        }
        match self.check(entry.path()) {
            Ok(()) => true,
            Err(d) => {
                refused.push(d);
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers() {
        for name in ["a.md.orig", "a.MD.ORIG", "x.rej", "x.bak", "x.md~"] {
            assert!(leftover(name).is_some(), "{name}");
        }
        for name in ["a.md", "original.md", "bakery.png", "x.swp"] {
            assert!(leftover(name).is_none(), "{name}");
        }
    }
}
