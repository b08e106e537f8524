//! `sitegen version new v1.19 [--from main]`: the by-hand release script of versioned sites.
//! Copies the development docs (`content/[<lang>/]docs/main/`) to the new version's folder in
//! every language, and the version's table-of-contents data file when its `_index.md` names
//! one (`nav: data/docs/main.yml`); then adds the version to `sitegen.toml` by editing its
//! text, so that comments and layout stay as they were.

use super::Versions;
use crate::config::{Config, Status};
use jiff::civil::Date;
use std::path::{Path, PathBuf};

/// What `sitegen version new` is asked.
pub(crate) struct NewVersion<'a> {
    pub(crate) name: &'a str,
    /// The version copied; the development one (else the newest) when None.
    pub(crate) from: Option<&'a str>,
    /// The new version's `released` date.
    pub(crate) today: Date,
}

/// What was made, relative to the site root.
#[derive(Debug)]
pub(crate) struct Made {
    pub(crate) folders: Vec<PathBuf>,
    pub(crate) data_files: Vec<PathBuf>,
}

/// Makes the new version, refusing to overwrite anything. `config_text` is `sitegen.toml` as
/// read, `config` its parsed form.
pub(crate) fn new_version(
    root: &Path,
    config_text: &str,
    config: &Config,
    new: &NewVersion,
) -> Result<Made, String> {
    let versions = Versions::resolve(&config.versions, new.today);
    if !versions.enabled() {
        return Err("sitegen.toml has no [versions]: add `[[versions.list]]` entries (README: \"Versioned docs\")".into());
    }
    let name = new.name;
    let valid = !name.is_empty()
        && name != "latest"
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'));
    if !valid {
        return Err(format!(
            "`{name}` is not a version name: letters, digits, `.`, `-`, `_` or `+`"
        ));
    }
    if versions.list.iter().any(|v| v.name == name) {
        return Err(format!("version `{name}` is already in sitegen.toml"));
    }
    let from = match new.from {
        Some(f) => versions
            .list
            .iter()
            .position(|v| v.name == f)
            .ok_or_else(|| format!("there is no version `{f}` in sitegen.toml"))?,
        None => versions
            .list
            .iter()
            .position(|v| v.status == Status::Development)
            .unwrap_or(0),
    };
    let from_name = &versions.list[from].name;
    let pairs = folders(root, config, &versions.section, from_name, name)?;
    let text = config_with(config_text, &versions, name, new.today);
    let mut made = Made {
        folders: Vec::new(),
        data_files: Vec::new(),
    };
    let rename = (
        format!("/{}/{from_name}/", versions.section),
        format!("/{}/{name}/", versions.section),
    );
    for (src, dest) in &pairs {
        copy_tree(&root.join(src), &root.join(dest), &rename)?;
        made.data_files
            .extend(copy_nav_file(root, dest, from_name, name)?);
        made.folders.push(dest.clone());
    }
    std::fs::write(root.join(crate::config::FILE_NAME), text)
        .map_err(|e| format!("cannot write sitegen.toml: {e}"))?;
    Ok(made)
}

/// The version's folder in every language tree that has it, and where its copy goes.
fn folders(
    root: &Path,
    config: &Config,
    section: &str,
    from: &str,
    name: &str,
) -> Result<Vec<(PathBuf, PathBuf)>, String> {
    let content = Path::new("content");
    let trees = config
        .language_codes()
        .map(|l| content.join(l))
        .chain(std::iter::once(content.to_path_buf()));
    let mut pairs = Vec::new();
    for tree in trees {
        let src = tree.join(section).join(from);
        if !root.join(&src).is_dir() {
            continue;
        }
        let dest = tree.join(section).join(name);
        if root.join(&dest).exists() {
            return Err(format!("{} already exists", dest.display()));
        }
        pairs.push((src, dest));
    }
    if pairs.is_empty() {
        return Err(format!(
            "no folder holds version `{from}`: looked for content/<lang>/{section}/{from}/ and content/{section}/{from}/"
        ));
    }
    Ok(pairs)
}

/// Copies a folder; in its Markdown files, site paths into the old version
/// (`/docs/main/…`: aliases, links) are made paths into the new one.
fn copy_tree(from: &Path, to: &Path, rename: &(String, String)) -> Result<(), String> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", from.display()))?;
        let rel = entry
            .path()
            .strip_prefix(from)
            .expect("under the walked folder");
        let dest = to.join(rel);
        let markdown = crate::content::is_markdown(&entry.file_name().to_string_lossy());
        let done = if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest)
        } else if markdown && let Ok(text) = std::fs::read_to_string(entry.path()) {
            std::fs::write(&dest, text.replace(&rename.0, &rename.1))
        } else {
            std::fs::copy(entry.path(), &dest).map(|_| ())
        };
        done.map_err(|e| format!("cannot write {}: {e}", dest.display()))?;
    }
    Ok(())
}

/// A table-of-contents data file the copied `_index.md` names (`nav: data/docs/main.yml`)
/// with the old version's name in it: copied under the new name with its pages in the new
/// version, and the copy's front matter pointed at it.
fn copy_nav_file(
    root: &Path,
    folder: &Path,
    from: &str,
    name: &str,
) -> Result<Option<PathBuf>, String> {
    let index = root.join(folder).join("_index.md");
    let Ok(text) = std::fs::read_to_string(&index) else {
        return Ok(None);
    };
    let Some((line, value)) = text.lines().enumerate().find_map(|(i, l)| {
        let rest = l.strip_prefix("nav")?.trim_start();
        let value = rest.strip_prefix(':').or_else(|| rest.strip_prefix('='))?;
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        Some((i, value.to_string()))
    }) else {
        return Ok(None);
    };
    if !value.contains(from) {
        return Ok(None);
    }
    let new_value = value.replace(from, name);
    let (src, dest) = (root.join(&value), root.join(&new_value));
    if !src.is_file() {
        return Ok(None);
    }
    if dest.exists() {
        return Err(format!("{new_value} already exists"));
    }
    if let Some(dir) = dest.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot write {new_value}: {e}"))?;
    }
    // Its entries are paths under content/ (`docs/main/guide.md`): into the new version.
    let toc = std::fs::read_to_string(&src).map_err(|e| format!("cannot read {value}: {e}"))?;
    let toc = toc.replace(&format!("/{from}/"), &format!("/{name}/"));
    std::fs::write(&dest, toc).map_err(|e| format!("cannot write {new_value}: {e}"))?;
    let rewritten: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == line {
                l.replace(&value, &new_value)
            } else {
                l.to_string()
            }
        })
        .collect();
    let mut out = rewritten.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    std::fs::write(&index, out).map_err(|e| format!("cannot write {}: {e}", index.display()))?;
    Ok(Some(PathBuf::from(new_value)))
}

/// `sitegen.toml` with the new version: its `[[versions.list]]` entry before the newest
/// released one (after the development versions), released today; and `latest`, when set,
/// naming it. Only those lines change.
fn config_with(text: &str, versions: &Versions, name: &str, today: Date) -> String {
    let entry = format!("[[versions.list]]\nname = \"{name}\"\nreleased = {today}\n");
    let headers = crate::config::version_entry_lines(text);
    let before = versions
        .list
        .iter()
        .position(|v| v.status != Status::Development)
        .and_then(|i| headers.get(i).copied());
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if let Some(line) = crate::config::version_key_line(text, "latest")
        && let Some(old) = versions.latest.map(|l| &versions.list[l].name)
    {
        lines[line - 1] = lines[line - 1].replace(&format!("\"{old}\""), &format!("\"{name}\""));
    }
    match before {
        Some(line) => {
            // Before the comments that introduce the newest release's entry, too.
            let mut at = line - 1;
            while at > 0 && lines[at - 1].trim_start().starts_with('#') {
                at -= 1;
            }
            lines.insert(at, entry);
        }
        None => lines.push(format!("\n{}", entry.trim_end())),
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_goes_before_the_newest_release_and_latest_follows() {
        let text = "title = \"x\"\n\n[versions]\nlatest = \"v1\" # bumped by hand until now\n\n# unreleased\n[[versions.list]]\nname = \"main\"\nstatus = \"development\"\n\n# the current release\n[[versions.list]]\nname = \"v1\"\nreleased = 2026-01-01\n";
        let config = Config::parse(text).unwrap();
        let today: Date = "2026-12-06".parse().unwrap();
        let versions = Versions::resolve(&config.versions, today);
        let out = config_with(text, &versions, "v2", today);
        assert_eq!(
            out,
            "title = \"x\"\n\n[versions]\nlatest = \"v2\" # bumped by hand until now\n\n# unreleased\n[[versions.list]]\nname = \"main\"\nstatus = \"development\"\n\n[[versions.list]]\nname = \"v2\"\nreleased = 2026-12-06\n\n# the current release\n[[versions.list]]\nname = \"v1\"\nreleased = 2026-01-01\n"
        );
        let config = Config::parse(&out).unwrap();
        let names: Vec<&str> = config
            .versions
            .list
            .iter()
            .map(|v| v.name.as_str())
            .collect();
        assert_eq!(names, ["main", "v2", "v1"]);
    }
}
