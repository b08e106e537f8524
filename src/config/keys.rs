//! Every unknown key of `sitegen.toml` in one run, each with its line and the key that was
//! probably meant. serde's `deny_unknown_fields` stops at the first unknown key and names the
//! known ones; so the file is read again with that key blanked out (its bytes become spaces,
//! so lines and offsets stay those of the file) until no unknown key is left.

use super::{FILE_NAME, line_of};
use crate::diagnostics::Diagnostic;
use serde::de::DeserializeOwned;
use std::ops::Range;
use toml_edit::{ImDocument, Item, TableLike, Value};

/// More unknown keys than this are not looked for (each costs a parse of the file).
const MAX_UNKNOWN: usize = 100;

/// `text` deserialized, and every unknown key (and the first other error) in it. With only
/// unknown keys, the value is what the rest of the file says, so that it can be checked too.
pub(super) fn deserialize<T: DeserializeOwned>(text: &str) -> (Option<T>, Vec<Diagnostic>) {
    let mut current = text.to_string();
    let mut problems = Vec::new();
    for _ in 0..MAX_UNKNOWN {
        let e = match toml::from_str::<T>(&current) {
            Ok(value) => return (Some(value), problems),
            Err(e) => e,
        };
        let unknown = unknown_field(e.message());
        let (Some((key, expected)), Some(span)) = (unknown, e.span()) else {
            let line = e.span().map(|s| line_of(text, s.start));
            problems.push(Diagnostic::error("config", e.message().trim()).at(FILE_NAME, line));
            break;
        };
        let found = ImDocument::parse(current.clone())
            .ok()
            .and_then(|doc| find(doc.as_table(), false, &span, &mut Vec::new(), &current));
        let path = found.as_ref().map(|f| f.path.join(".")).unwrap_or_default();
        let message = unknown_key_message(&key, &path, &expected);
        problems.push(
            Diagnostic::error("config", message).at(FILE_NAME, Some(line_of(text, span.start))),
        );
        // The next unknown key, if the file still reads as TOML without this one.
        let Some(found) = found else { break };
        let blanked = blank(&current, &found.ranges);
        if blanked == current || blanked.parse::<toml::Table>().is_err() {
            break;
        }
        current = blanked;
    }
    (None, problems)
}

/// The key and the known keys of serde's "unknown field `x`, expected one of `a`, `b`".
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let end = rest.find('`')?;
    let expected = rest[end + 1..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((rest[..end].to_string(), expected))
}

/// An unknown key found in the document: the tables it is in, and the bytes that hold it.
struct Found {
    path: Vec<String>,
    ranges: Vec<Range<usize>>,
}

/// The key whose name is at `span`, in `table` (at `path`; `inline`: `{ … }`) or below it.
fn find(
    table: &dyn TableLike,
    inline: bool,
    span: &Range<usize>,
    path: &mut Vec<String>,
    text: &str,
) -> Option<Found> {
    for (name, item) in table.iter() {
        let key_span = table.key(name).and_then(|k| k.span());
        if key_span.as_ref() == Some(span) {
            let mut ranges = Vec::new();
            let start = key_span.map_or(0, |s| s.start);
            match item {
                Item::Value(v) if table.is_dotted() => {
                    ranges.extend(value_range(line_start(text, start), v))
                }
                Item::Value(v) => {
                    ranges.extend(value_range(start, v));
                    if inline {
                        let end = ranges.last().map_or(start, |r| r.end);
                        ranges.extend(comma(text, start, end));
                    }
                }
                _ => item_ranges(item, text, &mut ranges),
            }
            return Some(Found {
                path: path.clone(),
                ranges,
            });
        }
        let inner: Option<(&dyn TableLike, bool)> = match item {
            Item::Table(t) => Some((t, false)),
            Item::Value(Value::InlineTable(t)) => Some((t, true)),
            Item::ArrayOfTables(a) => {
                path.push(name.to_string());
                let found = a.iter().find_map(|t| find(t, false, span, path, text));
                path.pop();
                if found.is_some() {
                    return found;
                }
                None
            }
            _ => None,
        };
        if let Some((inner, inline)) = inner {
            path.push(name.to_string());
            let found = find(inner, inline, span, path, text);
            path.pop();
            if found.is_some() {
                return found;
            }
        }
    }
    None
}

/// A `key = value` from where its key starts to where its value ends.
fn value_range(start: usize, v: &Value) -> Option<Range<usize>> {
    v.span().map(|s| start..s.end)
}

/// The bytes of a table (its header and body, and its sub-tables wherever they are), or of an
/// array of tables, or of the values of a dotted key (`a.b = 1` lines).
fn item_ranges(item: &Item, text: &str, out: &mut Vec<Range<usize>>) {
    let table = |t: &toml_edit::Table, out: &mut Vec<Range<usize>>| {
        out.extend(t.span());
        for (name, child) in t.iter() {
            match child {
                Item::Value(v) if t.span().is_none() => {
                    let start = t.key(name).and_then(|k| k.span()).map_or(0, |s| s.start);
                    out.extend(value_range(line_start(text, start), v));
                }
                Item::Value(_) => {}
                _ => item_ranges(child, text, out),
            }
        }
    };
    match item {
        Item::Table(t) => table(t, out),
        Item::ArrayOfTables(a) => a.iter().for_each(|t| table(t, out)),
        Item::Value(_) | Item::None => {}
    }
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The comma that separates an inline table's entry from the next one (or the one before).
fn comma(text: &str, start: usize, end: usize) -> Option<Range<usize>> {
    let after = text[end..]
        .find(|c: char| !c.is_whitespace())
        .map(|i| end + i);
    if let Some(i) = after.filter(|&i| text[i..].starts_with(',')) {
        return Some(i..i + 1);
    }
    let before = text[..start].rfind(|c: char| !c.is_whitespace())?;
    text[before..]
        .starts_with(',')
        .then_some(before..before + 1)
}

/// `text` with the bytes in `ranges` made spaces (newlines kept, so every line stays where it
/// was).
fn blank(text: &str, ranges: &[Range<usize>]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for r in ranges {
        for b in &mut bytes[r.start.min(text.len())..r.end.min(text.len())] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    String::from_utf8(bytes).expect("ASCII spaces over whole characters")
}

/// "unknown field `baseURL`: did you mean `base_url`? …", with the nearest known key, what
/// Hugo's or Zola's name means here, or the keys there are.
fn unknown_key_message(key: &str, path: &str, expected: &[String]) -> String {
    let place = if path.is_empty() {
        String::new()
    } else {
        format!(" in [{path}]")
    };
    let hint = match super::suggest::known_name(key, path, expected) {
        Some(hint) => hint,
        None if expected.is_empty() => "this table takes no keys".to_string(),
        None => format!(
            "the keys here are {}",
            expected
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    format!("unknown field `{key}`{place}: {hint}")
}

/// The 1-based line of `[table] key` (or `[table.key]`) in `text`, when it is there.
pub(super) fn key_line(text: &str, path: &[&str]) -> Option<usize> {
    let doc = ImDocument::parse(text.to_string()).ok()?;
    let mut table: &dyn TableLike = doc.as_table();
    let (last, parents) = path.split_last()?;
    for p in parents {
        table = table.get(p)?.as_table_like()?;
    }
    let span = table.key(last)?.span()?;
    Some(line_of(text, span.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blanked_until_clean(text: &str) -> Vec<(Option<usize>, String)> {
        let (_, problems) = deserialize::<crate::config::Config>(text);
        problems.into_iter().map(|d| (d.line, d.message)).collect()
    }

    #[test]
    fn every_unknown_key_with_its_line() {
        let text = "title = \"x\"\nbaseURL = \"https://a.org/\"\n[markup]\nx = [\n 1,\n 2]\n[params]\nk = 1\n[markup.goldmark]\ny = 2\n[[menu.main]]\nname = \"a\"\n[faq]\nstale_afer = 3\n[languages.en]\nlanguageName = \"English\"\nw.x = 1\n";
        let found = blanked_until_clean(text);
        let lines: Vec<Option<usize>> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(
            lines,
            [Some(2), Some(3), Some(11), Some(14), Some(16), Some(17)],
            "{found:#?}"
        );
        assert!(
            found[0].1.contains("did you mean `base_url`?"),
            "{}",
            found[0].1
        );
        assert!(
            found[3]
                .1
                .contains("unknown field `stale_afer` in [faq]: did you mean `stale_after`?"),
            "{}",
            found[3].1
        );
        assert!(found[4].1.contains("`name`"), "{}", found[4].1);
    }

    #[test]
    fn inline_tables_and_dotted_keys() {
        let text = "title = \"x\"\nfaq = { stale_afer = 3, review_son = 2 }\nsearch.enable = true\nsearch.enabled = true\nfoo.bar = 1\n";
        let found = blanked_until_clean(text);
        let lines: Vec<Option<usize>> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [Some(2), Some(2), Some(3), Some(5)], "{found:#?}");
    }

    #[test]
    fn another_error_after_unknown_keys_is_told_too() {
        let text = "title = \"x\"\ntitel = \"y\"\n[faq]\nstale_after = \"soon\"\n";
        let found = blanked_until_clean(text);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[1].0, Some(4));
    }

    #[test]
    fn menu_entries_take_known_keys_only() {
        let text = "title = \"x\"\n[[menus.main]]\nname = \"A\"\nurl = \"/\"\n[[menus.main]]\nnmae = \"B\"\n[languages.en]\n[[languages.en.menus.main]]\nname = \"C\"\nlink = \"/\"\n";
        let found = blanked_until_clean(text);
        let lines: Vec<Option<usize>> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [Some(6), Some(10)], "{found:#?}");
        assert!(
            found[0].1.contains("did you mean `name`?"),
            "{}",
            found[0].1
        );
        assert!(found[1].1.contains("`page`"), "{}", found[1].1);
    }

    #[test]
    fn key_lines() {
        let text =
            "title = \"x\"\n\n[severity]\n\"broken-link\" = \"off\"\nfaq-stale = \"error\"\n";
        assert_eq!(key_line(text, &["severity", "faq-stale"]), Some(5));
        assert_eq!(key_line(text, &["severity", "broken-link"]), Some(4));
        assert_eq!(key_line(text, &["severity", "nope"]), None);
    }
}
