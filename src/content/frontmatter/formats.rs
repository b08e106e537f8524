//! YAML and TOML front matter: parsing a block into JSON values, with the file line of each
//! syntax error, and the lines of its top-level keys.

use super::{Error, Format, Split, err};
use serde_json::{Map, Value};

pub(super) fn parse_yaml(raw: &str, raw_line: usize) -> Result<Map<String, Value>, Error> {
    if raw.trim().is_empty() {
        return Ok(Map::new());
    }
    if let Some(i) = raw.lines().position(|l| l.starts_with('\t')) {
        return Err(err(
            raw_line + i,
            "YAML does not allow tabs for indentation; use spaces",
        ));
    }
    let value: serde_yaml::Value = serde_yaml::from_str(raw).map_err(|e| {
        // Lines from the byte index, not serde_yaml's line: YAML also breaks lines at a lone
        // `\r`, which would point past the block.
        let line = duplicate_key_line(&e, raw)
            .or_else(|| e.location().map(|l| crate::config::line_of(raw, l.index())))
            .map(|l| raw_line + l - 1)
            .unwrap_or(raw_line);
        err(line, yaml_message(&e, raw))
    })?;
    match value {
        serde_yaml::Value::Null => Ok(Map::new()),
        serde_yaml::Value::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                out.insert(yaml_key(&k), yaml_to_json(v));
            }
            Ok(out)
        }
        _ => Err(err(
            raw_line,
            "front matter must be a set of `key: value` lines",
        )),
    }
}

/// serde_yaml points a duplicate key at the start of its mapping; the useful line is the
/// second occurrence of the key (1-based within the block).
fn duplicate_key_line(e: &serde_yaml::Error, raw: &str) -> Option<usize> {
    let msg = e.to_string();
    let key = msg
        .split("duplicate entry with key \"")
        .nth(1)?
        .split('"')
        .next()?;
    let at = e.location().map(|l| l.line()).unwrap_or(1);
    let indent = raw
        .lines()
        .nth(at.saturating_sub(1))
        .map(|l| l.len() - l.trim_start().len())
        .unwrap_or(0);
    raw.lines()
        .enumerate()
        .filter(|(_, l)| {
            l.len() > indent
                && l[..indent].trim().is_empty()
                && l[indent..].trim_start_matches(['"', '\'']).starts_with(key)
                && l[indent..].trim_start_matches(['"', '\''])[key.len()..]
                    .trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(':')
        })
        .nth(1)
        .map(|(i, _)| i + 1)
}

/// serde_yaml's messages end with "at line N column M" relative to the block: we give the file
/// line ourselves, so drop that part, and explain the most common real-world cause.
fn yaml_message(e: &serde_yaml::Error, raw: &str) -> String {
    let mut msg = e.to_string();
    if let Some(i) = msg.find(" at line ") {
        msg.truncate(i);
    }
    if msg.contains("mapping values are not allowed") {
        let hint = e
            .location()
            .map(|l| format!(" in `{}`", line_at(raw, l.index()).trim()))
            .unwrap_or_default();
        msg = format!("invalid YAML{hint}: a value contains `: `; put the value in quotes");
    }
    format!("invalid YAML front matter: {msg}")
}

/// The `\n`-terminated line of `text` holding byte `index`.
fn line_at(text: &str, index: usize) -> &str {
    let bytes = text.as_bytes();
    let index = index.min(bytes.len());
    let start = bytes[..index]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = bytes[index..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| index + i);
    &text[start..end]
}

fn yaml_key(k: &serde_yaml::Value) -> String {
    match k {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

fn yaml_to_json(v: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or(Value::Null)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (yaml_key(&k), yaml_to_json(v)))
                .collect(),
        ),
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

pub(super) fn parse_toml(raw: &str, raw_line: usize) -> Result<Map<String, Value>, Error> {
    let table: toml::Table = toml::from_str(raw).map_err(|e| {
        let line = e
            .span()
            .map(|s| raw_line + crate::config::line_of(raw, s.start) - 1)
            .unwrap_or(raw_line);
        err(
            line,
            format!("invalid TOML front matter: {}", e.message().trim()),
        )
    })?;
    Ok(table
        .into_iter()
        .map(|(k, v)| (k, toml_to_json(v)))
        .collect())
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// Top-level keys of the block and their file lines, found by scanning unindented `key:` /
/// `key =` lines (serde's values carry no positions).
pub(super) fn key_lines(split: &Split<'_>) -> Vec<(String, usize)> {
    let sep = match split.format {
        Format::Yaml => ':',
        Format::Toml => '=',
        Format::None => return Vec::new(),
    };
    let mut out = Vec::new();
    let mut in_toml_table = false;
    for (i, line) in split.raw.lines().enumerate() {
        if line.starts_with([' ', '\t', '#', '-']) || line.trim().is_empty() {
            continue;
        }
        if split.format == Format::Toml && line.trim_start().starts_with('[') {
            // `[cascade]` / `[params]`: the table name is the top-level key.
            let name = line
                .trim()
                .trim_matches(['[', ']'])
                .split('.')
                .next()
                .unwrap_or("");
            out.push((
                name.trim().trim_matches('"').to_string(),
                split.raw_line + i,
            ));
            in_toml_table = true;
            continue;
        }
        if in_toml_table {
            continue;
        }
        if let Some((k, _)) = line.split_once(sep) {
            let k = k.trim().trim_matches(['"', '\'']);
            if !k.is_empty() {
                out.push((k.to_string(), split.raw_line + i));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Error, FrontMatter, parse, split};

    fn fm(src: &str) -> Result<FrontMatter, Vec<Error>> {
        parse(&split(src).unwrap())
    }

    #[test]
    fn toml_dates_and_types() {
        let f = fm("+++\ntitle = \"T\"\ndate = 2024-03-04\n[params]\nx = 1\n+++\n").unwrap();
        assert_eq!(f.date.unwrap().to_string(), "2024-03-04");
        let e = fm("+++\ntitle = \"T\"\nweight = [1]\n+++\n").unwrap_err();
        assert_eq!(e[0].line, 3);
        assert!(e[0].message.contains("`weight`"), "{}", e[0].message);
    }

    #[test]
    fn yaml_syntax_error_line_in_file() {
        let e = fm("---\ntitle: T\ndescription: Note: this breaks\n---\n").unwrap_err();
        assert_eq!(e[0].line, 3, "{:?}", e);
        assert!(e[0].message.contains("quotes"), "{}", e[0].message);
        let e = fm("---\ntitle: a\ntitle: b\n---\n").unwrap_err();
        assert!(e[0].message.contains("duplicate"), "{}", e[0].message);
        // A lone `\r` is a line break to YAML, not to the file's line count: the error
        // still points into the block (fuzz: frontmatter).
        let e = fm("---\ntitle: T\r\r\r\rdescription: Note: this breaks\n---\n").unwrap_err();
        assert_eq!(e[0].line, 2, "{:?}", e);
        assert!(
            e[0].message.contains("description: Note"),
            "{}",
            e[0].message
        );
        let e = fm("---\nadded: ---\nd\r\r\r\r3-8:00\"\nslug: 13\n---\n").unwrap_err();
        assert!(e[0].line <= 5, "{:?}", e);
        let e = fm("---\ntitle: a\n\tweight: 1\n---\n").unwrap_err();
        assert_eq!(e[0].line, 3);
        assert!(e[0].message.contains("tabs"));
    }
}
