//! Site data: every `data/**/*.{yaml,yml,toml,json}` file read at load into one tree that
//! templates and shortcodes see as `site.data` (`data/releases/1.9.yaml` →
//! `site.data.releases["1.9"]`), as Hugo's `.Site.Data`. A file that does not parse is an
//! error naming the file and its line; the rest of the data is still read. A site without a
//! `data/` folder pays one `is_dir` for it.

use crate::diagnostics::Diagnostic;
use crate::files::Links;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The extensions read, and how.
const FORMATS: [&str; 4] = ["yaml", "yml", "toml", "json"];

/// Everything under `data/`: the tree templates see, and the text of each file read (typed
/// blocks point at the line of a value with it).
#[derive(Debug, Clone)]
pub(crate) struct SiteData {
    /// `site.data`: an object, empty without data.
    pub(crate) tree: Value,
    /// Path under `data/` (`releases/1.9.yaml`) → the file as shown in messages and its text.
    pub(crate) files: Vec<(String, PathBuf, String)>,
}

impl SiteData {
    /// Reads `root/data/`; each problem goes into `diags` with its file and line.
    pub(crate) fn load(root: &Path, links: &Links, diags: &mut Vec<Diagnostic>) -> SiteData {
        let mut data = SiteData {
            tree: Value::Object(Map::new()),
            files: Vec::new(),
        };
        let dir = root.join("data");
        if !dir.is_dir() {
            return data;
        }
        for (rel, path) in crate::theme::files_under(&dir, links, diags) {
            let Some((stem_path, ext)) = rel.rsplit_once('.') else {
                continue;
            };
            if !FORMATS.contains(&ext) {
                continue;
            }
            let shown = links.shown(&path).to_path_buf();
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    diags.push(
                        Diagnostic::error("data", format!("cannot read: {e}")).at(&shown, None),
                    );
                    continue;
                }
            };
            match parse(ext, &text) {
                Ok(value) => {
                    let keys: Vec<&str> = stem_path.split('/').collect();
                    if let Err(why) = insert(&mut data.tree, &keys, value) {
                        diags.push(Diagnostic::error("data", why).at(&shown, None));
                    }
                }
                Err((why, line)) => diags.push(Diagnostic::error("data", why).at(&shown, line)),
            }
            data.files.push((rel, shown, text));
        }
        data
    }

    /// `data/<stem>.{yaml,yml,toml,json}` (the first there is): the file as shown, its text and
    /// its value. None when there is no such file or it did not parse.
    pub(crate) fn typed(&self, stem: &str) -> Option<(&Path, &str, &Value)> {
        let (_, shown, text) = self
            .files
            .iter()
            .find(|(rel, ..)| FORMATS.iter().any(|ext| *rel == format!("{stem}.{ext}")))?;
        let value = self.tree.get(stem)?;
        Some((shown.as_path(), text.as_str(), value))
    }
}

/// The 1-based line of the first line of `text` at or after line `from` that contains `needle`
/// (a value's line in a data file, when the parser gives none).
pub(crate) fn line_of(text: &str, needle: &str, from: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
}

/// A file's text as a value, or why not and at which line.
pub(crate) fn parse(ext: &str, text: &str) -> Result<Value, (String, Option<usize>)> {
    match ext {
        "json" => serde_json::from_str(text).map_err(|e| {
            let line = e.line();
            (clean(&e.to_string()), (line > 0).then_some(line))
        }),
        "toml" => toml::from_str::<toml::Value>(text)
            .map(|v| serde_json::to_value(v).unwrap_or(Value::Null))
            .map_err(|e| {
                let line = e.span().map(|s| crate::config::line_of(text, s.start));
                (e.message().trim().to_string(), line)
            }),
        _ => serde_yaml::from_str::<Value>(text)
            .map(|v| {
                if v.is_null() {
                    Value::Object(Map::new())
                } else {
                    v
                }
            })
            .map_err(|e| {
                let line = e.location().map(|l| l.line());
                (clean(&e.to_string()), line)
            }),
    }
}

/// A parser's message without its own " at line 3 column 4" (the diagnostic has the line).
fn clean(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Puts `value` at `keys` in `tree`, making the objects on the way; a folder and a file of the
/// same name (`releases/` and `releases.yaml`) merge when both are tables.
fn insert(tree: &mut Value, keys: &[&str], value: Value) -> Result<(), String> {
    let Value::Object(map) = tree else {
        return Err("its folder is also a data file that is not a table".into());
    };
    let (first, rest) = keys.split_first().expect("a key");
    if rest.is_empty() {
        return match (map.get_mut(*first), value) {
            (None, value) => {
                map.insert(first.to_string(), value);
                Ok(())
            }
            (Some(Value::Object(old)), Value::Object(new)) => {
                for (k, v) in new {
                    if old.contains_key(&k) {
                        return Err(format!(
                            "`{k}` is also a data file in the folder `{first}/`: one of them must go"
                        ));
                    }
                    old.insert(k, v);
                }
                Ok(())
            }
            _ => Err(format!(
                "another data file is also named `{first}` (a file's name without its extension is its key in site.data)"
            )),
        };
    }
    let next = map
        .entry(first.to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    insert(next, rest, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_keys_and_formats() {
        let mut tree = Value::Object(Map::new());
        insert(
            &mut tree,
            &["releases", "1.9"],
            parse("yaml", "date: 2024-01-02\n").unwrap(),
        )
        .unwrap();
        insert(
            &mut tree,
            &["team"],
            parse("toml", "lead = \"ana\"\n").unwrap(),
        )
        .unwrap();
        insert(&mut tree, &["n"], parse("json", "[1, 2]").unwrap()).unwrap();
        assert_eq!(tree["releases"]["1.9"]["date"], "2024-01-02");
        assert_eq!(tree["team"]["lead"], "ana");
        assert_eq!(tree["n"][1], 2);
        assert!(insert(&mut tree, &["team"], Value::Bool(true)).is_err());
    }

    #[test]
    fn errors_have_lines() {
        assert_eq!(parse("yaml", "a: 1\nb: [\n").unwrap_err().1, Some(3));
        assert_eq!(parse("json", "{\n\"a\": }").unwrap_err().1, Some(2));
        assert_eq!(parse("toml", "a = 1\nb = \n").unwrap_err().1, Some(2));
    }
}
