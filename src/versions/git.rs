//! Versions read straight from git history (`ref = "release-1.18"`), with no checkout: one
//! `git ls-tree -r` per version lists its files, one `git cat-file --batch` for all of them
//! reads every page, never one process per file. A ref's pages enter the build as if they
//! were in the version's folder; messages name them `<ref>:<path>`.

use crate::config::{Config, FILE_NAME, Status};
use crate::content::SourceFile;
use crate::diagnostics::Diagnostic;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One file of a ref to read: its blob, and where it goes in the site.
struct Wanted {
    blob: String,
    lang: String,
    /// Path inside the language tree, as if in the version's folder (`docs/v1.18/install.md`).
    source: String,
    /// `release-1.18:content/docs/main/install.md`.
    shown: PathBuf,
    /// `/docs/main/` → `/docs/v1.18/` in the page's text.
    rename: Option<(String, String)>,
}

/// The pages of every version that has a `ref`, parsed; problems (a ref git cannot read, a
/// page that does not parse) in `diags`.
pub(crate) fn read_refs(
    root: &Path,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> Vec<SourceFile> {
    let cfg = &config.versions;
    if !cfg.list.iter().any(|v| v.git_ref.is_some()) {
        return Vec::new();
    }
    let content = root.join("content");
    let per_language = config.language_codes().any(|c| content.join(c).is_dir());
    let dev = cfg
        .list
        .iter()
        .find(|v| v.status == Some(Status::Development))
        .map(|v| v.name.as_str());
    let mut wanted = Vec::new();
    let mut skipped = Vec::new();
    for (i, v) in cfg.list.iter().enumerate() {
        if let Some(git_ref) = &v.git_ref {
            let one = Ref {
                index: i,
                git_ref,
                per_language,
                dev,
            };
            wanted.extend(version_files(root, config, &one, &mut skipped, diags));
        }
    }
    if let Some((version, first)) = skipped.first() {
        diags.push(
            Diagnostic::note(
                "version-ref",
                format!("{} file(s) other than pages in git refs are not published (the first: `{first}` of version {version}); keep images in static/", skipped.len()),
            )
            .at(FILE_NAME, None),
        );
    }
    let blobs = match cat_blobs(root, wanted.iter().map(|w| w.blob.as_str())) {
        Ok(b) => b,
        Err(why) => {
            diags.push(
                Diagnostic::error("version-ref", format!("cannot read pages from git: {why}"))
                    .at(FILE_NAME, None),
            );
            return Vec::new();
        }
    };
    let mut files = Vec::with_capacity(wanted.len());
    for (w, mut bytes) in wanted.into_iter().zip(blobs) {
        if let Some((from, to)) = &w.rename
            && let Ok(text) = std::str::from_utf8(&bytes)
            && text.contains(from.as_str())
        {
            bytes = text.replace(from.as_str(), to).into_bytes();
        }
        match crate::content::parse_page(w.shown, w.lang, w.source, bytes) {
            Ok(f) => files.push(f),
            Err(d) => diags.extend(d),
        }
    }
    files
}

/// One version with a `ref`.
struct Ref<'a> {
    index: usize,
    git_ref: &'a str,
    /// The site has `content/<lang>/` trees.
    per_language: bool,
    /// The development version's name (where the ref's pages are, by default).
    dev: Option<&'a str>,
}

/// The pages of one version's ref to read; files that are no pages in `skipped`.
fn version_files(
    root: &Path,
    config: &Config,
    r: &Ref,
    skipped: &mut Vec<(String, String)>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Wanted> {
    let cfg = &config.versions;
    let (i, v, git_ref, per_language, dev) = (
        r.index,
        &cfg.list[r.index],
        r.git_ref,
        r.per_language,
        r.dev,
    );
    let mut wanted = Vec::new();
    let path = match (&v.path, dev) {
        (Some(p), _) => p.trim_matches('/').to_string(),
        (None, Some(dev)) => format!("{}/{dev}", cfg.section),
        (None, None) => cfg.section.clone(),
    };
    let trees: Vec<(String, String)> = match per_language {
        true => config
            .language_codes()
            .map(|l| (l.to_string(), format!("content/{l}/")))
            .collect(),
        false => vec![(config.default_language.clone(), "content/".into())],
    };
    let line = crate::config::version_entry_lines(&config_text(root))
        .get(i)
        .copied();
    let listed = match ls_tree(root, git_ref, &trees, &path) {
        Ok(l) => l,
        Err(why) => {
            diags.push(
                Diagnostic::error(
                    "version-ref",
                    format!(
                        "version `{}`: cannot read `{path}` at ref `{git_ref}`: {why}",
                        v.name
                    ),
                )
                .at(FILE_NAME, line),
            );
            return Vec::new();
        }
    };
    // Site paths into the folder the ref holds the pages in are paths into the version.
    let rename = (path != cfg.section)
        .then(|| (format!("/{path}/"), format!("/{}/{}/", cfg.section, v.name)));
    let before = wanted.len();
    for (blob, file) in listed {
        let Some((lang, rest)) = trees.iter().find_map(|(lang, tree)| {
            let inside = file
                .strip_prefix(tree.as_str())?
                .strip_prefix(path.as_str())?;
            Some((lang.clone(), inside.trim_start_matches('/').to_string()))
        }) else {
            continue;
        };
        let name = rest.rsplit('/').next().unwrap_or(&rest);
        if !crate::content::is_markdown(name) || crate::content::is_ignored(name) {
            skipped.push((v.name.clone(), file));
            continue;
        }
        wanted.push(Wanted {
            blob,
            lang,
            source: format!("{}/{}/{rest}", cfg.section, v.name),
            shown: PathBuf::from(format!("{git_ref}:{file}")),
            rename: rename.clone(),
        });
    }
    if wanted.len() == before {
        diags.push(
            Diagnostic::error(
                "version-ref",
                format!(
                    "version `{}`: ref `{git_ref}` has no Markdown page under `{path}`",
                    v.name
                ),
            )
            .at(FILE_NAME, line),
        );
    }
    wanted
}

fn config_text(root: &Path) -> String {
    std::fs::read_to_string(root.join(FILE_NAME)).unwrap_or_default()
}

/// `(blob, path)` of every file under `<tree><path>/` at `git_ref`, paths from the site root.
fn ls_tree(
    root: &Path,
    git_ref: &str,
    trees: &[(String, String)],
    path: &str,
) -> Result<Vec<(String, String)>, String> {
    let folders: Vec<String> = trees.iter().map(|(_, t)| format!("{t}{path}/")).collect();
    let out = Command::new("git")
        .current_dir(root)
        .args(["ls-tree", "-r", "-z", "--end-of-options", git_ref, "--"])
        .args(&folders)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    let mut found = Vec::new();
    for entry in out.stdout.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, file)) = entry.split_once('\t') else {
            continue;
        };
        let mut parts = meta.split(' ');
        let (_, kind, blob) = (parts.next(), parts.next(), parts.next());
        if let (Some("blob"), Some(blob)) = (kind, blob) {
            found.push((blob.to_string(), file.to_string()));
        }
    }
    Ok(found)
}

/// The contents of `blobs`, in order, through one `git cat-file --batch`.
fn cat_blobs<'a>(
    root: &Path,
    blobs: impl Iterator<Item = &'a str>,
) -> Result<Vec<Vec<u8>>, String> {
    let request: String = blobs.map(|b| format!("{b}\n")).collect();
    if request.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = Command::new("git")
        .current_dir(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped");
    // Written from another thread: git answers while it reads, and both pipes are bounded.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut reader = BufReader::new(child.stdout.take().expect("piped"));
    let mut contents = Vec::new();
    let mut header = String::new();
    loop {
        header.clear();
        if reader.read_line(&mut header).map_err(|e| e.to_string())? == 0 {
            break;
        }
        let fields: Vec<&str> = header.split_whitespace().collect();
        let size: usize = match fields.as_slice() {
            [_, "blob", size] => size.parse().map_err(|_| format!("git said `{header}`"))?,
            _ => return Err(format!("git said `{}`", header.trim())),
        };
        let mut body = vec![0; size + 1];
        reader.read_exact(&mut body).map_err(|e| e.to_string())?;
        body.pop();
        contents.push(body);
    }
    let _ = writer.join();
    child.wait().map_err(|e| e.to_string())?;
    Ok(contents)
}
