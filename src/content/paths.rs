//! Every output path a page gives (its own, from its file name, `slug` or `url`, and one per
//! alias) is judged here, once, when the site is loaded: so `build`, `check` and `serve` agree,
//! and each error names the page's file and the line of the key that made the path.
//! `slug: "../../x"`, `url: /../../etc/` or an alias `https://evil.example/x` passed `check`
//! and `serve`, while `build` failed naming no file, or wrote a folder named `https:`.

use super::urls::normalize_url_path;
use super::{Content, Page};
use crate::diagnostics::Diagnostic;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The output file of an alias, relative to the output folder: `old/page/` →
/// `old/page/index.html` (the render phase writes the redirect there).
pub(crate) fn alias_out_path(alias: &str) -> String {
    let rel = normalize_url_path(alias);
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel
    }
}

/// Why a `url` or an alias as written is not a path of this site, if it is not.
fn not_a_site_path(value: &str) -> Option<&'static str> {
    let v = value.trim();
    let scheme = v
        .split_once(':')
        .is_some_and(|(s, _)| !s.contains('/') && s.starts_with(|c: char| c.is_ascii_alphabetic()));
    if scheme || v.starts_with("//") {
        Some("it is a full URL, and this must be a path in the site like /old/page/")
    } else if v.contains(['?', '#']) {
        Some("a page's path has no query (`?`) or fragment (`#`)")
    } else if v.contains('\\') {
        Some("it has a backslash: write paths with `/`")
    } else {
        None
    }
}

/// Why an output path (relative, `/`-separated, percent-decoded) would not be a file inside
/// the output folder, if it would not.
fn not_inside(out: &str) -> Option<&'static str> {
    if out.chars().any(char::is_control) {
        return Some("it has a control character");
    }
    let mut parts = out.split('/');
    if out.starts_with('/') || parts.any(|p| p.is_empty() || p == "." || p == "..") {
        return Some("it would be written outside the output folder (`..`, `.` or an empty part)");
    }
    None
}

/// The problems of page `p`'s output paths, each at the page's file and the line of the key
/// that made the path.
fn page_problems(p: &Page) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let file = p.diag_file();
    let mut bad = |key: &str, value: &str, why: &str| {
        found.push(
            Diagnostic::error(
                "page-url",
                format!("`{key}: {value}` cannot be this page's URL: {why}"),
            )
            .at(&file, Some(p.fm.line_of(key))),
        );
    };
    let why = match &p.fm.url {
        Some(url) => not_a_site_path(url).or_else(|| not_inside(&p.out_path)),
        None => not_inside(&p.out_path),
    };
    if let Some(why) = why {
        match (&p.fm.url, &p.fm.slug) {
            (Some(url), _) => bad("url", url, why),
            (None, Some(slug)) => bad("slug", slug, why),
            (None, None) => found.push(
                Diagnostic::error(
                    "page-url",
                    format!("this file's name cannot be a page's URL: {why}"),
                )
                .at(&file, Some(1)),
            ),
        }
    }
    for alias in &p.fm.aliases {
        let why = not_a_site_path(alias).or_else(|| not_inside(&alias_out_path(alias)));
        if let Some(why) = why {
            found.push(
                Diagnostic::error(
                    "page-url",
                    format!("alias `{alias}` cannot be a URL of this page: {why}"),
                )
                .at(&file, Some(p.fm.line_of("aliases"))),
            );
        }
    }
    found
}

/// Who writes an output file, for messages.
#[derive(Clone)]
struct Writer {
    file: PathBuf,
    line: Option<usize>,
    what: String,
}

impl Content {
    /// Every page's and alias's output path checked (see the module's doc), and no output file
    /// where another output needs a folder (a page `sitegen.css.md` writes
    /// `sitegen.css/index.html` where the theme's `sitegen.css` is). `statics` are the static
    /// files: output path and the file shown in messages.
    pub(crate) fn check_output_paths<'a>(
        &self,
        root: &Path,
        statics: impl IntoIterator<Item = (&'a str, PathBuf)>,
    ) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        let mut files: HashMap<String, Writer> = HashMap::new();
        let mut add = |out: String, w: Writer| {
            files.entry(out).or_insert(w);
        };
        for p in self.pages.iter().filter(|p| p.fallback_of.is_none()) {
            let problems = page_problems(p);
            if !problems.is_empty() {
                found.extend(problems);
                continue;
            }
            let file = p.diag_file();
            let key = if p.fm.url.is_some() { "url" } else { "slug" };
            // The key that made the path, else the file's name did.
            let line = Some(if p.fm.has(key) { p.fm.line_of(key) } else { 1 });
            let what = format!("the page {}", file.display());
            add(p.out_path.clone(), Writer { file, line, what });
            for alias in &p.fm.aliases {
                let file = p.diag_file();
                let line = Some(p.fm.line_of("aliases"));
                let what = format!("alias `{alias}` of {}", file.display());
                add(alias_out_path(alias), Writer { file, line, what });
            }
        }
        for a in &self.assets {
            let file = a.file.strip_prefix(root).unwrap_or(&a.file).to_path_buf();
            let what = file.display().to_string();
            add(
                a.out_path.clone(),
                Writer {
                    file,
                    line: None,
                    what,
                },
            );
        }
        for (out, shown) in statics {
            let what = shown.display().to_string();
            add(
                out.to_string(),
                Writer {
                    file: shown,
                    line: None,
                    what,
                },
            );
        }
        found.extend(file_and_folder(&files));
        found
    }
}

/// Outputs that need as a folder a path another output writes as a file.
fn file_and_folder(files: &HashMap<String, Writer>) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (out, inner) in files {
        for (i, _) in out.match_indices('/') {
            let Some(outer) = files.get(&out[..i]) else {
                continue;
            };
            // Told at a page when one of the two is a page (it has the line), else at the
            // file that needs the folder.
            let at = if outer.line.is_some() && inner.line.is_none() {
                outer
            } else {
                inner
            };
            found.push(
                Diagnostic::error(
                    "duplicate-output",
                    format!(
                        "{} would write the file /{}, where {} needs a folder (for /{out}): rename one",
                        outer.what,
                        &out[..i],
                        inner.what
                    ),
                )
                .at(&at.file, at.line),
            );
        }
    }
    found.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    found
}
