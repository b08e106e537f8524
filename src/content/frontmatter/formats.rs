//! YAML and TOML front matter: parsing a block into JSON values, with the file line of each
//! syntax error, and the lines of its top-level keys.

use super::{Error, Format, Split, err};
use serde_json::{Map, Value};

/// Parses a YAML block. A key given twice in one mapping is read as Hugo reads it: the last
/// value wins, and `warnings` gets one warning per ignored value at the line that wins.
pub(super) fn parse_yaml(
    raw: &str,
    raw_line: usize,
    warnings: &mut Vec<Error>,
) -> Result<Map<String, Value>, Error> {
    if raw.trim().is_empty() {
        return Ok(Map::new());
    }
    if let Some(i) = raw.lines().position(|l| l.starts_with('\t')) {
        return Err(err(
            raw_line + i,
            "YAML does not allow tabs for indentation; use spaces",
        ));
    }
    let mut text = std::borrow::Cow::Borrowed(raw);
    let value: serde_yaml::Value = loop {
        let e = match serde_yaml::from_str(&text) {
            Ok(v) => break v,
            Err(e) => e,
        };
        match duplicate_key(&e, &text) {
            // Each pass blanks one earlier value, so this ends within the block's lines.
            Some(dup) if warnings.len() < raw.lines().count() => {
                warnings.push(err(
                    raw_line + dup.second - 1,
                    format!(
                        "duplicate key `{}`: the last value is used (line {} is ignored)",
                        dup.key,
                        raw_line + dup.first - 1
                    ),
                ));
                text = std::borrow::Cow::Owned(without_entry(&text, dup.first));
            }
            _ => {
                // Lines from the byte index, not serde_yaml's line: YAML also breaks lines at
                // a lone `\r`, which would point past the block.
                let line = e
                    .location()
                    .map(|l| crate::config::line_of(raw, l.index()))
                    .map(|l| raw_line + l - 1)
                    .unwrap_or(raw_line);
                return Err(err(line, yaml_message(&e, raw)));
            }
        }
    };
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

/// A key serde_yaml found twice: its name and the 1-based lines (within the block) of the
/// first and second occurrence.
struct Duplicate {
    key: String,
    first: usize,
    second: usize,
}

/// serde_yaml points a duplicate key at the start of its mapping; the two occurrences are the
/// lines at that mapping's indent that start with the key.
fn duplicate_key(e: &serde_yaml::Error, raw: &str) -> Option<Duplicate> {
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
    let mut lines = raw.lines().enumerate().filter(|(_, l)| {
        // `get`: the indent is another line's, and may fall inside a character of this one.
        let (Some(head), Some(rest)) = (l.get(..indent), l.get(indent..)) else {
            return false;
        };
        let rest = rest.trim_start_matches(['"', '\'']);
        head.trim().is_empty()
            && !rest.is_empty()
            && rest.starts_with(key)
            && rest[key.len()..]
                .trim_start_matches(['"', '\''])
                .trim_start()
                .starts_with(':')
    });
    let first = lines.next()?.0 + 1;
    let second = lines.next()?.0 + 1;
    Some(Duplicate {
        key: key.to_string(),
        first,
        second,
    })
}

/// The block with the entry starting at `line` (1-based) blanked out: its key line and the
/// lines of its value (more indented, or a `- ` list at the key's indent). Blank lines stand
/// in for them, so the lines after keep their numbers.
fn without_entry(raw: &str, line: usize) -> String {
    let indent_of = |l: &str| l.len() - l.trim_start().len();
    let lines: Vec<&str> = raw.lines().collect();
    let key_indent = indent_of(lines[line - 1]);
    let mut end = line;
    while let Some(l) = lines.get(end) {
        let t = l.trim_start();
        let value_line = t.is_empty()
            || indent_of(l) > key_indent
            || (indent_of(l) == key_indent && (t == "-" || t.starts_with("- ")));
        if !value_line {
            break;
        }
        end += 1;
    }
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| if i + 1 >= line && i < end { "" } else { l })
        .collect::<Vec<_>>()
        .join("\n")
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
    fn duplicate_yaml_keys_keep_the_last_value_with_a_warning() {
        let f = fm("---\ntitle: a\ntags:\n  - x\n  - y\ntitle: b\nweight: 2\ntags: [z]\n---\n")
            .unwrap();
        assert_eq!(f.title.as_deref(), Some("b"));
        assert_eq!(f.tags, ["z"]);
        assert_eq!(f.weight, Some(2));
        let w: Vec<_> = f
            .warnings
            .iter()
            .map(|w| (w.line, w.message.as_str()))
            .collect();
        assert_eq!(
            w,
            [
                (
                    6,
                    "duplicate key `title`: the last value is used (line 2 is ignored)"
                ),
                (
                    8,
                    "duplicate key `tags`: the last value is used (line 3 is ignored)"
                ),
            ]
        );
        // In a nested table, and a list at the key's own indent.
        let f = fm("---\nextra:\n  a: 1\n  a:\n  - 2\n  b: 3\n---\n").unwrap();
        assert_eq!(f.params["extra"], serde_json::json!({"a": [2], "b": 3}));
        assert_eq!(f.warnings.len(), 1);
        assert_eq!(f.warnings[0].line, 4);
        let f = fm("---\nx:\n- 1\n- 2\nx: 3\n---\n").unwrap();
        assert_eq!(f.params["x"], 3);
        // Lines whose characters straddle the mapping's indent are no trouble.
        let f = fm("---\naé: 0\nm:\n  a: 1\n  a: 2\n---\n").unwrap();
        assert_eq!(f.params["m"], serde_json::json!({"a": 2}));
    }

    #[test]
    fn yaml_syntax_error_line_in_file() {
        let e = fm("---\ntitle: T\ndescription: Note: this breaks\n---\n").unwrap_err();
        assert_eq!(e[0].line, 3, "{:?}", e);
        assert!(e[0].message.contains("quotes"), "{}", e[0].message);
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
