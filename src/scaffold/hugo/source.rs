//! A Hugo site's configuration as Hugo reads it: one file (`hugo.toml`, `config.yaml`, …) or the
//! `config/_default/` folder, where each file is one root key (`params.toml`, `menus.en.yaml`),
//! merged into one table. Every value remembers the file it came from, so that what cannot be
//! mapped is reported at its line.

use std::path::{Path, PathBuf};

/// The root configuration files Hugo looks for, in its order.
const ROOT_FILES: [&str; 8] = [
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];

/// One file read: its path (relative to the site) and its text.
pub(super) struct File {
    pub(super) path: PathBuf,
    pub(super) text: String,
}

/// Where a part of the merged table comes from: the values under `merged` (a key path) are the
/// root of `file`.
struct Origin {
    merged: Vec<String>,
    file: usize,
}

/// The merged configuration and where each part of it was read.
pub(super) struct HugoConfig {
    pub(super) table: toml::Table,
    pub(super) files: Vec<File>,
    origins: Vec<Origin>,
}

impl HugoConfig {
    /// Reads the configuration of the Hugo site in `dir`; an error says what is missing or
    /// which file does not parse (with its line).
    pub(super) fn read(dir: &Path) -> Result<HugoConfig, String> {
        let mut config = HugoConfig {
            table: toml::Table::new(),
            files: Vec::new(),
            origins: Vec::new(),
        };
        if let Some(name) = ROOT_FILES.iter().find(|f| dir.join(f).is_file()) {
            config.add(dir, Path::new(name), &[])?;
        }
        let folder = dir.join("config/_default");
        if folder.is_dir() {
            let mut names: Vec<PathBuf> = std::fs::read_dir(&folder)
                .map_err(|e| format!("cannot read {}: {e}", folder.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            names.sort();
            for path in names {
                let rel = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
                let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                    continue;
                };
                if format_of(&path).is_none() {
                    continue;
                }
                // `hugo.toml`/`config.toml` hold root keys; `params.toml` the table `params`;
                // `menus.en.toml` the menus of the language `en`.
                let at: Vec<String> = match stem.split_once('.') {
                    _ if stem == "hugo" || stem == "config" => Vec::new(),
                    Some(("menus" | "menu", lang)) => {
                        vec!["languages".into(), lang.into(), "menus".into()]
                    }
                    Some(("params", lang)) => {
                        vec!["languages".into(), lang.into(), "params".into()]
                    }
                    Some(_) => continue,
                    None => vec![stem.to_string()],
                };
                config.add(dir, &rel, &at)?;
            }
        }
        if config.files.is_empty() {
            return Err(format!(
                "{} has no Hugo configuration (hugo.toml, config.toml, config.yaml, or config/_default/)",
                dir.display()
            ));
        }
        Ok(config)
    }

    /// Reads `rel` and merges it into the table under the key path `at`.
    fn add(&mut self, dir: &Path, rel: &Path, at: &[String]) -> Result<(), String> {
        let text = std::fs::read_to_string(dir.join(rel))
            .map_err(|e| format!("cannot read {}: {e}", rel.display()))?;
        let value = parse(rel, &text)?;
        let mut target = &mut self.table;
        for key in at {
            let entry = target
                .entry(key.clone())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            if !entry.is_table() {
                *entry = toml::Value::Table(toml::Table::new());
            }
            target = entry.as_table_mut().expect("a table");
        }
        merge(target, value);
        self.origins.push(Origin {
            merged: at.to_vec(),
            file: self.files.len(),
        });
        self.files.push(File {
            path: rel.to_path_buf(),
            text,
        });
        Ok(())
    }

    /// The file and line of the key at `path` in the merged table (as written: any case).
    pub(super) fn locate(&self, path: &[&str]) -> (String, Option<usize>) {
        let origin = self
            .origins
            .iter()
            .rev()
            .filter(|o| {
                o.merged.len() <= path.len()
                    && o.merged
                        .iter()
                        .zip(path)
                        .all(|(a, b)| a.eq_ignore_ascii_case(b))
            })
            .max_by_key(|o| o.merged.len());
        let Some(origin) = origin else {
            return (String::new(), None);
        };
        let file = &self.files[origin.file];
        let inner = &path[origin.merged.len()..];
        (
            file.path.display().to_string(),
            line_of_key(&file.text, inner),
        )
    }
}

fn format_of(path: &Path) -> Option<&'static str> {
    match path.extension()?.to_str()? {
        "toml" => Some("toml"),
        "yaml" | "yml" => Some("yaml"),
        "json" => Some("json"),
        _ => None,
    }
}

/// A configuration file as a TOML table, whatever its format.
fn parse(rel: &Path, text: &str) -> Result<toml::Table, String> {
    let shown = rel.display();
    let value: toml::Value = match format_of(rel) {
        Some("toml") => toml::from_str::<toml::Table>(text)
            .map(toml::Value::Table)
            .map_err(|e| {
                let line = e.span().map(|s| crate::config::line_of(text, s.start));
                format!("{shown}:{}: {}", line.unwrap_or(1), e.message().trim())
            })?,
        Some("yaml") => {
            let v: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
                let line = e.location().map_or(1, |l| l.line());
                format!("{shown}:{line}: {e}")
            })?;
            from_yaml(v).unwrap_or(toml::Value::Table(toml::Table::new()))
        }
        _ => {
            let v: serde_json::Value =
                serde_json::from_str(text).map_err(|e| format!("{shown}:{}: {e}", e.line()))?;
            from_json(v).unwrap_or(toml::Value::Table(toml::Table::new()))
        }
    };
    match value {
        toml::Value::Table(t) => Ok(t),
        _ => Err(format!("{shown}: expected a table of keys")),
    }
}

/// Tables merge key by key; anything else: the later file wins.
fn merge(into: &mut toml::Table, from: toml::Table) {
    for (key, value) in from {
        match (into.get_mut(&key), value) {
            (Some(toml::Value::Table(old)), toml::Value::Table(new)) => merge(old, new),
            (_, value) => {
                into.insert(key, value);
            }
        }
    }
}

/// YAML as TOML: nulls are dropped (TOML has none), keys become strings.
pub(super) fn from_yaml(v: serde_yaml::Value) -> Option<toml::Value> {
    use serde_yaml::Value as Y;
    Some(match v {
        Y::Null => return None,
        Y::Bool(b) => toml::Value::Boolean(b),
        Y::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        Y::String(s) => toml::Value::String(s),
        Y::Sequence(items) => toml::Value::Array(items.into_iter().filter_map(from_yaml).collect()),
        Y::Mapping(map) => {
            let mut t = toml::Table::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    _ => continue,
                };
                if let Some(v) = from_yaml(v) {
                    t.insert(key, v);
                }
            }
            toml::Value::Table(t)
        }
        Y::Tagged(t) => return from_yaml(t.value),
    })
}

fn from_json(v: serde_json::Value) -> Option<toml::Value> {
    use serde_json::Value as J;
    Some(match v {
        J::Null => return None,
        J::Bool(b) => toml::Value::Boolean(b),
        J::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        J::String(s) => toml::Value::String(s),
        J::Array(items) => toml::Value::Array(items.into_iter().filter_map(from_json).collect()),
        J::Object(map) => toml::Value::Table(
            map.into_iter()
                .filter_map(|(k, v)| from_json(v).map(|v| (k, v)))
                .collect(),
        ),
    })
}

/// The line where the key path is written, found as a reader would: each key after the one
/// before it, in TOML (`[a.b]`, `b = `, `a.b = `), YAML (`b:`) or JSON (`"b":`), any case.
/// `None` when a key is not found as written (a default, or an unusual spelling).
pub(super) fn line_of_key(text: &str, path: &[&str]) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    // In TOML, the longest table header the path starts with (`[menus.main.params]`) is
    // where its keys are; elsewhere, or past it, each key is looked for after the one before.
    let (mut from, skip) = (1..=path.len())
        .rev()
        .find_map(|n| toml_header(&lower, &path[..n]).map(|p| (p, n - 1)))
        .unwrap_or((0, 0));
    let mut at = None;
    for key in &path[skip..] {
        let key = key.to_ascii_lowercase();
        let found = key_positions(&lower, &key).find(|&p| p >= from)?;
        at = Some(found);
        from = found + key.len();
    }
    at.map(|p| crate::config::line_of(text, p))
}

/// Where the table header `[a.b]` or `[[a.b]]` of `path` starts, in lowercased TOML text.
fn toml_header(lower: &str, path: &[&str]) -> Option<usize> {
    let want = path.join(".").to_ascii_lowercase();
    let mut offset = 0;
    for line in lower.split_inclusive('\n') {
        let header = line
            .trim()
            .trim_start_matches('[')
            .split(']')
            .next()
            .unwrap_or("");
        let header: String = header
            .chars()
            .filter(|c| !matches!(c, ' ' | '"' | '\''))
            .collect();
        if line.trim_start().starts_with('[') && header == want {
            return Some(offset + line.len() - line.trim_start().len());
        }
        offset += line.len();
    }
    None
}

/// Where `key` is written as a key: bounded by a key's delimiters on both sides.
fn key_positions<'a>(text: &'a str, key: &'a str) -> impl Iterator<Item = usize> + 'a {
    let bytes = text.as_bytes();
    text.match_indices(key).map(|(p, _)| p).filter(move |&p| {
        let before = p.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(p + key.len()).copied();
        let starts = matches!(
            before,
            None | Some(b' ' | b'\t' | b'\n' | b'[' | b'.' | b'"' | b'\'' | b'{' | b',')
        );
        let ends = matches!(
            after,
            Some(b' ' | b'\t' | b']' | b'.' | b'"' | b'\'' | b'=' | b':')
        );
        starts && ends
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_keys_in_toml_yaml_and_json() {
        let toml = "baseURL = 'x'\n[languages]\n  [languages.zh]\n    languageName = '中文'\n";
        assert_eq!(
            line_of_key(toml, &["languages", "zh", "languageName"]),
            Some(4)
        );
        assert_eq!(line_of_key(toml, &["baseurl"]), Some(1));
        let yaml = "title: x\nparams:\n  title: inner\nmenu:\n  main:\n    - name: A\n";
        assert_eq!(line_of_key(yaml, &["params", "title"]), Some(3));
        assert_eq!(line_of_key(yaml, &["menu", "main"]), Some(5));
        let json = "{\n \"params\": {\n  \"x\": 1\n }\n}\n";
        assert_eq!(line_of_key(json, &["params", "x"]), Some(3));
        assert_eq!(line_of_key(json, &["nope"]), None);
    }

    #[test]
    fn config_folder_files_are_root_keys_and_languages_menus() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path().join("config/_default");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("hugo.toml"), "title = 'T'\n").unwrap();
        std::fs::write(d.join("params.yaml"), "github_repo: x\nnothing: ~\n").unwrap();
        std::fs::write(d.join("menus.zh.toml"), "[[main]]\nname = '文档'\n").unwrap();
        let c = HugoConfig::read(tmp.path()).unwrap();
        assert_eq!(c.table["params"]["github_repo"].as_str(), Some("x"));
        assert!(c.table["params"].get("nothing").is_none());
        assert_eq!(
            c.table["languages"]["zh"]["menus"]["main"][0]["name"].as_str(),
            Some("文档")
        );
        let (file, line) = c.locate(&["params", "github_repo"]);
        assert_eq!(
            (file.as_str(), line),
            ("config/_default/params.yaml", Some(1))
        );
        let (file, line) = c.locate(&["languages", "zh", "menus", "main"]);
        assert_eq!(
            (file.as_str(), line),
            ("config/_default/menus.zh.toml", Some(1))
        );
    }

    #[test]
    fn a_parse_error_names_file_and_line() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("hugo.yaml"), "title: x\nparams: [\n").unwrap();
        let e = HugoConfig::read(tmp.path()).err().unwrap();
        assert!(e.starts_with("hugo.yaml:"), "{e}");
    }
}
