//! Where templates, theme strings and theme static files come from: the default theme embedded
//! in the binary (so a site without `themes/` builds), then the site's theme folder, then the
//! site's own `templates/`, each overriding the one before file by file.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::files::{Links, leftover};
use crate::i18n::FtlSource;
use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a file's bytes come from.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

impl Source {
    /// The file shown in messages for the static file published at `out`.
    pub(crate) fn shown(&self, root: &Path, out: &str) -> PathBuf {
        match self {
            Source::Embedded(_) => PathBuf::from(format!("(built-in theme) static/{out}")),
            Source::Disk(p) => p.strip_prefix(root).unwrap_or(p).to_path_buf(),
        }
    }
}

/// One template: its Tera name (`page.html`, `partials/nav.html`), its text, and the path shown
/// in error messages.
#[derive(Debug, Clone)]
pub(crate) struct TemplateFile {
    pub(crate) name: String,
    pub(crate) text: String,
    pub(crate) shown: String,
}

#[derive(Debug, Default)]
pub(crate) struct Theme {
    /// Tera name → template, later layers already applied.
    pub(crate) templates: BTreeMap<String, TemplateFile>,
    /// Output path → source, for the theme's `static/` (the site's `static/` is added later).
    pub(crate) static_files: BTreeMap<String, Source>,
    pub(crate) ftl: Vec<FtlSource>,
}

impl Theme {
    pub(crate) fn load(root: &Path, config: &Config, diags: &mut Vec<Diagnostic>) -> Theme {
        let mut theme = Theme::default();
        theme.add_embedded(&DEFAULT_THEME);
        let links = Links::new(root, config);
        if let Some(name) = &config.theme {
            let dir = root.join("themes").join(name);
            if dir.is_dir() {
                theme.add_dir(root, &dir, &links, diags);
            } else if name != "default" {
                diags.push(
                    Diagnostic::error(
                        "theme",
                        format!("theme `{name}` not found: there is no themes/{name}/ folder"),
                    )
                    .at(crate::config::FILE_NAME, None),
                );
            }
        }
        // The site's own templates/ override single theme templates.
        let own = root.join("templates");
        if own.is_dir() {
            theme.add_templates(root, &own, &links, diags);
        }
        theme
    }

    fn add_embedded(&mut self, dir: &'static Dir<'static>) {
        for file in all_files(dir) {
            let path = file.path().to_string_lossy().replace('\\', "/");
            if let Some(name) = path.strip_prefix("templates/") {
                if let Some(text) = file.contents_utf8() {
                    self.templates.insert(
                        name.to_string(),
                        TemplateFile {
                            name: name.to_string(),
                            text: text.to_string(),
                            shown: format!("(built-in theme) templates/{name}"),
                        },
                    );
                }
            } else if let Some(rest) = path.strip_prefix("static/") {
                self.static_files
                    .insert(rest.to_string(), Source::Embedded(file.contents()));
            } else if let Some(rest) = path.strip_prefix("i18n/")
                && let (Some((lang, _)), Some(text)) = (rest.split_once('/'), file.contents_utf8())
                && rest.ends_with(".ftl")
            {
                self.ftl.push(FtlSource {
                    lang: lang.to_string(),
                    shown: PathBuf::from(format!("(built-in theme) i18n/{rest}")),
                    text: text.to_string(),
                });
            }
        }
    }

    fn add_dir(&mut self, root: &Path, dir: &Path, links: &Links, diags: &mut Vec<Diagnostic>) {
        self.add_templates(root, &dir.join("templates"), links, diags);
        let statics = dir.join("static");
        for (rel, path) in files_under(&statics, links, diags) {
            self.static_files.insert(rel, Source::Disk(path));
        }
        self.ftl.extend(crate::i18n::read_ftl_dir(
            root,
            &dir.join("i18n"),
            links,
            diags,
        ));
    }

    fn add_templates(
        &mut self,
        root: &Path,
        dir: &Path,
        links: &Links,
        diags: &mut Vec<Diagnostic>,
    ) {
        for (name, path) in files_under(dir, links, diags) {
            let shown = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    self.templates
                        .insert(name.clone(), TemplateFile { name, text, shown });
                }
                Err(e) => diags
                    .push(Diagnostic::error("read", format!("cannot read: {e}")).at(shown, None)),
            }
        }
    }
}

fn all_files(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut out: Vec<_> = dir.files().collect();
    for d in dir.dirs() {
        out.extend(all_files(d));
    }
    out
}

/// Every file under `dir` as (`/`-separated relative path, absolute path), hidden files and
/// swap files skipped, editor and merge leftovers skipped with a note, symbolic links that
/// lead outside the site reported and not followed (`crate::files`).
pub(crate) fn files_under(
    dir: &Path,
    links: &Links,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    let mut refused = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
            !hidden && links.admit(e, &mut refused)
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let name = e.file_name().to_string_lossy();
                if let Some(kind) = leftover(&name) {
                    diags.push(
                        Diagnostic::note(
                            "leftover-file",
                            format!("not used: {kind}; delete it when it is no longer needed"),
                        )
                        .at(links.shown(e.path()), None),
                    );
                    continue;
                }
                if name.ends_with(".swp") {
                    continue;
                }
                if let Ok(rel) = e.path().strip_prefix(dir) {
                    out.push((
                        rel.to_string_lossy().replace('\\', "/"),
                        e.path().to_path_buf(),
                    ));
                }
            }
            Ok(_) => {}
            Err(e) => {
                let shown = e
                    .path()
                    .map(|p| links.shown(p).to_path_buf())
                    .unwrap_or_else(|| dir.to_path_buf());
                diags.push(Diagnostic::error("read", format!("cannot read: {e}")).at(shown, None));
            }
        }
    }
    diags.extend(refused);
    out
}

/// The languages the embedded default theme has UI strings for.
pub(crate) fn default_theme_languages() -> Vec<String> {
    DEFAULT_THEME
        .get_dir("i18n")
        .map(|d| {
            d.dirs()
                .filter_map(|l| l.path().file_name()?.to_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The shortcodes the embedded default theme has (`alert`, `blocks/cover`): their names.
pub(crate) fn default_theme_shortcodes() -> Vec<String> {
    fn all(dir: &'static Dir<'static>, out: &mut Vec<String>) {
        for f in dir.files() {
            let path = f.path().to_string_lossy();
            if let Some(name) = path
                .strip_prefix("templates/shortcodes/")
                .and_then(|p| p.strip_suffix(".html"))
            {
                out.push(name.to_string());
            }
        }
        for d in dir.dirs() {
            all(d, out);
        }
    }
    let mut out = Vec::new();
    if let Some(dir) = DEFAULT_THEME.get_dir("templates/shortcodes") {
        all(dir, &mut out);
    }
    out
}

/// The embedded default theme's UI strings in `lang` (its `.ftl` files, joined).
pub(crate) fn default_theme_strings(lang: &str) -> Option<String> {
    let dir = DEFAULT_THEME.get_dir(format!("i18n/{lang}"))?;
    Some(dir.files().filter_map(|f| f.contents_utf8()).collect())
}
