//! Finding and reading the files of `content/`: which language each belongs to, its path in
//! the language tree, and its parsed front matter. Files are read and parsed in parallel.

use super::frontmatter::{self, FrontMatter};
use super::{Asset, Kind, Page};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::files::{Links, leftover};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// A file found in `content/`.
pub(crate) enum SourceFile {
    Page(Box<Page>),
    Asset(Asset),
}

/// A file before it is read: where it is and which language tree it belongs to.
struct Found {
    abs: PathBuf,
    /// Relative to the site root, for messages.
    shown: PathBuf,
    lang: String,
    /// Path inside the language tree, `/`-separated.
    source: String,
}

/// Walks `content/` (following symlinks, reporting loops), then reads and parses every file.
pub(crate) fn walk(root: &Path, config: &Config, diags: &mut Vec<Diagnostic>) -> Vec<SourceFile> {
    let content = root.join("content");
    if !content.is_dir() {
        diags.push(
            Diagnostic::error("content", "there is no content/ folder: nothing to build")
                .at("content", None),
        );
        return Vec::new();
    }
    let per_language_dirs = config
        .language_codes()
        .any(|code| content.join(code).is_dir());
    let mut found = Vec::new();
    let links = Links::new(root, config);
    let mut refused = Vec::new();
    let walker = walkdir::WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_str().unwrap_or("");
            // Leftovers come through to be told about; the walk below skips them.
            let wanted = e.depth() == 0
                || !is_ignored(name)
                || (e.file_type().is_file() && leftover(name).is_some());
            wanted && links.admit(e, &mut refused)
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(walk_error(root, &e));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let abs = entry.path().to_path_buf();
        let shown = abs.strip_prefix(root).unwrap_or(&abs).to_path_buf();
        if let Some(kind) = leftover(&entry.file_name().to_string_lossy()) {
            diags.push(
                Diagnostic::note(
                    "leftover-file",
                    format!("not published: {kind}; delete it when it is no longer needed"),
                )
                .at(&shown, None),
            );
            continue;
        }
        let rel = match abs.strip_prefix(&content) {
            Ok(r) => r,
            Err(_) => continue,
        };
        let rel = match rel.to_str() {
            Some(r) => r.replace('\\', "/"),
            None => {
                diags.push(
                    Diagnostic::error("file-name", "file name is not valid UTF-8").at(&shown, None),
                );
                continue;
            }
        };
        match language_of(&rel, per_language_dirs, config) {
            Ok((lang, source)) => found.push(Found {
                abs,
                shown,
                lang,
                source,
            }),
            Err(message) => diags.push(Diagnostic::error("language", message).at(&shown, None)),
        }
    }
    diags.extend(refused);
    let results: Vec<Result<SourceFile, Vec<Diagnostic>>> =
        found.into_par_iter().map(read_file).collect();
    let mut files = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.extend(d),
        }
    }
    files
}

/// Reads one Markdown file of `content/` again (`file` relative to `root`), as `walk` read it:
/// for a live-preview edit. None when it is no longer a page that parses.
pub(crate) fn read_page(root: &Path, config: &Config, file: &Path) -> Option<Page> {
    let content = root.join("content");
    let per_language_dirs = config
        .language_codes()
        .any(|code| content.join(code).is_dir());
    let rel = file
        .strip_prefix("content")
        .ok()?
        .to_str()?
        .replace('\\', "/");
    let (lang, source) = language_of(&rel, per_language_dirs, config).ok()?;
    // A link that now leads outside is for a full load to report.
    Links::new(root, config).check(&root.join(file)).ok()?;
    let found = Found {
        abs: root.join(file),
        shown: file.to_path_buf(),
        lang,
        source,
    };
    match read_file(found) {
        // Warnings (a duplicate key) are reported by a full load.
        Ok(SourceFile::Page(page)) if page.fm.warnings.is_empty() => Some(*page),
        _ => None,
    }
}

fn walk_error(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e
        .path()
        .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
        .unwrap_or_else(|| PathBuf::from("content"));
    let message = if let Some(ancestor) = e.loop_ancestor() {
        format!(
            "symlink loop: this folder links back to {}",
            ancestor.strip_prefix(root).unwrap_or(ancestor).display()
        )
    } else if let Some(io) = e.io_error() {
        format!("cannot read: {io}")
    } else {
        e.to_string()
    };
    Diagnostic::error("read", message).at(path, None)
}

/// Hidden files, editor backups and swap files are never content.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// The name without its Markdown extension (`.md`, `.markdown`, in any case), or None for a
/// file that is not Markdown.
pub(crate) fn markdown_stem(source: &str) -> Option<&str> {
    let (stem, ext) = source.rsplit_once('.')?;
    (ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown")).then_some(stem)
}

/// Which language a file belongs to and its path inside that language's tree: `en/a/b.md` in a
/// per-language layout, or `a/b.zh.md` (Zola's way) in a single tree.
fn language_of(
    rel: &str,
    per_language_dirs: bool,
    config: &Config,
) -> Result<(String, String), String> {
    if per_language_dirs {
        let (first, rest) = rel.split_once('/').unwrap_or(("", rel));
        if config.languages.contains_key(first) {
            return Ok((first.to_string(), rest.to_string()));
        }
        let configured = config.language_codes().collect::<Vec<_>>().join(", ");
        return Err(if first.is_empty() {
            format!("this file is outside the language folders (content/<lang>/ for {configured})")
        } else if crate::config::validate_language_code(first).is_ok() && first.len() <= 8 {
            format!(
                "content/{first}/ is not a configured language (sitegen.toml has {configured}); add `[languages.{first}]`"
            )
        } else {
            format!("this file is outside the language folders (content/<lang>/ for {configured})")
        });
    }
    // Single tree: `name.<lang>.md` for configured non-default languages.
    if let Some(stem) = markdown_stem(rel)
        && let Some((base, code)) = stem.rsplit_once('.')
        && code != config.default_language
        && config.languages.contains_key(code)
    {
        let ext = &rel[stem.len()..];
        return Ok((code.to_string(), format!("{base}{ext}")));
    }
    Ok((config.default_language.clone(), rel.to_string()))
}

/// Whether a file of `content/` is a page (the rest are assets copied as they are).
pub(crate) fn is_markdown(source: &str) -> bool {
    markdown_stem(source).is_some()
}

fn read_file(f: Found) -> Result<SourceFile, Vec<Diagnostic>> {
    if !is_markdown(&f.source) {
        return Ok(SourceFile::Asset(Asset {
            lang: f.lang,
            source: f.source,
            file: f.abs,
            url: String::new(),
            out_path: String::new(),
        }));
    }
    let bytes = std::fs::read(&f.abs).map_err(|e| {
        vec![Diagnostic::error("read", format!("cannot read: {e}")).at(&f.shown, None)]
    })?;
    parse_page(f.shown, f.lang, f.source, bytes)
}

/// A page from a Markdown file's bytes, read from disk or elsewhere (a git ref's blob):
/// `shown` is where messages point, `source` its path inside the language tree.
pub(crate) fn parse_page(
    shown: PathBuf,
    lang: String,
    source: String,
    bytes: Vec<u8>,
) -> Result<SourceFile, Vec<Diagnostic>> {
    let f = Found {
        abs: PathBuf::new(),
        shown,
        lang,
        source,
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        vec![
            Diagnostic::error(
                "invalid-utf8",
                format!("not valid UTF-8 at byte offset {offset}; save the file as UTF-8"),
            )
            .at(&f.shown, Some(line)),
        ]
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let split = frontmatter::split(text).map_err(|e| {
        vec![Diagnostic::error("front-matter", e.message).at(&f.shown, Some(e.line))]
    })?;
    let fm = frontmatter::parse(&split).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| {
                let code = match e.key.as_deref() {
                    Some("added" | "reviewed") => "faq-invalid-date",
                    _ => "front-matter",
                };
                Diagnostic::error(code, e.message).at(&f.shown, Some(e.line))
            })
            .collect::<Vec<_>>()
    })?;
    let (kind, path) = page_path(&f.source);
    let mut fm = fm;
    let name = path.rsplit('/').next().unwrap_or(&path);
    if kind == Kind::Page
        && let Some((date, rest)) = frontmatter::date_from_file_name(name)
    {
        // Hugo's `:filename` dates: `2024-03-04-title.md` is dated and slugged `title`.
        fm.date = fm.date.or(Some(date));
        if fm.slug.is_none() && !rest.is_empty() {
            fm.slug = Some(rest.to_string());
        }
    }
    let title = page_title(&fm, split.body, &path);
    Ok(SourceFile::Page(Box::new(Page {
        kind,
        lang: f.lang,
        file: Some(f.shown),
        source: f.source,
        path,
        title,
        body: split.body.to_string(),
        body_line_offset: split.body_line_offset,
        fm,
        ..Page::default()
    })))
}

/// `support/_index.md` → section `support`; `_index.md` → home; `guide/index.md` → page
/// `guide` (a leaf bundle); `support/process.md` → page `support/process`.
fn page_path(source: &str) -> (Kind, String) {
    let stem = markdown_stem(source).unwrap_or(source);
    let (dir, name) = stem.rsplit_once('/').unwrap_or(("", stem));
    match name {
        "_index" if dir.is_empty() => (Kind::Home, String::new()),
        "_index" => (Kind::Section, dir.to_string()),
        "index" if !dir.is_empty() => (Kind::Page, dir.to_string()),
        "index" if dir.is_empty() => (Kind::Home, String::new()),
        // A folder's README is its page (`bundles::folder_pages` settles the rest).
        n if n.eq_ignore_ascii_case("readme") && dir.is_empty() => (Kind::Home, String::new()),
        n if n.eq_ignore_ascii_case("readme") => (Kind::Page, dir.to_string()),
        _ => (Kind::Page, stem.to_string()),
    }
}

/// Front matter title, else the first `# heading`, else the file name.
fn page_title(fm: &FrontMatter, body: &str, path: &str) -> String {
    if let Some(t) = &fm.title {
        return t.clone();
    }
    if let Some(h) = first_atx_h1(body) {
        return h;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    match frontmatter::date_from_file_name(name) {
        Some((_, rest)) if !rest.is_empty() => super::title_from_name(rest),
        _ => super::title_from_name(name),
    }
}

/// The text of the first `# Heading` line outside fenced code (a quick scan; the Markdown
/// phase computes the exact one later for the page body).
fn first_atx_h1(body: &str) -> Option<String> {
    let mut fence: Option<&str> = None;
    for line in body.lines() {
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") {
            fence = Some("```");
            continue;
        }
        if t.starts_with("~~~") {
            fence = Some("~~~");
            continue;
        }
        if let Some(rest) = t.strip_prefix("# ") {
            let text = rest.trim().trim_end_matches('#').trim();
            let text = match text.rfind(" {") {
                Some(i) if text.ends_with('}') => text[..i].trim(),
                _ => text,
            };
            let text = plain_text(text);
            if !text.is_empty() {
                return Some(text);
            }
        }
    }
    None
}

/// A heading's Markdown as the text it shows (`The *Driftwood* \`operator\``: `The Driftwood
/// operator`), as the Markdown phase takes a heading's title: so that the heading the title
/// came from is known again there, and the title shows no Markdown.
fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    if !markdown.contains(['*', '_', '`', '&', '[', '<', '!', '\\', '~']) {
        return markdown.to_string();
    }
    let mut out = String::new();
    let mut images = 0usize;
    for event in Parser::new_ext(markdown, crate::markdown::options()) {
        match event {
            Event::Start(Tag::Image { .. }) => images += 1,
            Event::End(TagEnd::Image) => images = images.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if images == 0 => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(page_path("_index.md"), (Kind::Home, String::new()));
        assert_eq!(
            page_path("support/_index.md"),
            (Kind::Section, "support".into())
        );
        assert_eq!(
            page_path("support/process.md"),
            (Kind::Page, "support/process".into())
        );
        assert_eq!(page_path("guide/index.md"), (Kind::Page, "guide".into()));
        assert_eq!(page_path("notes.MD"), (Kind::Page, "notes".into()));
        assert_eq!(page_path("a/_index.Markdown"), (Kind::Section, "a".into()));
        assert!(!is_markdown("md") && !is_markdown("notes.mdx") && !is_markdown("x.md.orig"));
    }

    #[test]
    fn h1_title() {
        assert_eq!(
            first_atx_h1("```\n# no\n```\n# Who to contact {#x}\n"),
            Some("Who to contact".into())
        );
        assert_eq!(first_atx_h1("## only h2\n"), None);
        assert_eq!(
            first_atx_h1("# The *Driftwood* `operator` &amp; ![logo](l.png) [docs](x.md)\n"),
            Some("The Driftwood operator &  docs".into())
        );
    }
}
