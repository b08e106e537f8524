//! Front matter: splitting a page into its metadata block and Markdown body, and parsing the
//! block (YAML between `---`, TOML between `+++`, or none) into the keys sitegen knows plus
//! free-form `params`. Every error carries the line in the original file.
//!
//! This file owns the delimiters, `FrontMatter` and the conversion of each known key's value;
//! `formats` parses YAML and TOML blocks into JSON values and finds the lines of their keys;
//! `values` converts a key's value (a string, a number, a date...) with a message when it is not;
//! `cascade` and `build_options` read Hugo's `cascade` and `_build`.

mod build_options;
pub(crate) mod cascade;
mod formats;
mod values;

pub(crate) use build_options::{Build, List, Render};
pub(crate) use cascade::Cascade;
use formats::{key_lines, parse_toml, parse_yaml};
use jiff::civil::Date;
use serde_json::{Map, Value};
use std::collections::HashMap;
use values::{boolean, date, days, integer, string, strings};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
    None,
}

/// A page split into its parts. `raw_line` is the 1-based file line of the block's first line;
/// `body_line_offset` is how many file lines come before the body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub format: Format,
    pub raw: &'a str,
    pub(crate) raw_line: usize,
    pub body: &'a str,
    pub body_line_offset: usize,
}

/// A front matter problem at a file line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub line: usize,
    pub(crate) message: String,
    /// The key whose value is wrong, when the block itself parsed.
    pub(crate) key: Option<String>,
}

fn err(line: usize, message: impl Into<String>) -> Error {
    Error {
        line,
        message: message.into(),
        key: None,
    }
}

/// Splits `src` (BOM already removed) into front matter and body.
pub fn split(src: &str) -> Result<Split<'_>, Error> {
    let (format, delim) = if is_delimiter(first_line(src), "---") {
        (Format::Yaml, "---")
    } else if is_delimiter(first_line(src), "+++") {
        (Format::Toml, "+++")
    } else {
        return Ok(Split {
            format: Format::None,
            raw: "",
            raw_line: 1,
            body: src,
            body_line_offset: 0,
        });
    };
    let block_start = line_end(src, 0);
    let mut pos = block_start;
    let mut line = 2;
    while pos < src.len() {
        let end = line_end(src, pos);
        if is_delimiter(&src[pos..end], delim) {
            return Ok(Split {
                format,
                raw: &src[block_start..pos],
                raw_line: 2,
                body: &src[end..],
                body_line_offset: line,
            });
        }
        pos = end;
        line += 1;
    }
    Err(err(
        1,
        format!(
            "front matter opened with `{delim}` on line 1 is never closed (add a `{delim}` line after it)"
        ),
    ))
}

fn first_line(src: &str) -> &str {
    &src[..line_end(src, 0)]
}

/// Offset just past the end of the line starting at `pos` (after its `\n`).
fn line_end(src: &str, pos: usize) -> usize {
    match src[pos..].find('\n') {
        Some(i) => pos + i + 1,
        None => src.len(),
    }
}

fn is_delimiter(line: &str, delim: &str) -> bool {
    line.trim_end_matches(['\n', '\r']).trim_end() == delim
}

/// The keys sitegen understands; everything else lands in `params`.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub(crate) title: Option<String>,
    pub(crate) link_title: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) weight: Option<i64>,
    pub(crate) draft: bool,
    pub(crate) date: Option<Date>,
    pub(crate) updated: Option<Date>,
    pub(crate) aliases: Vec<String>,
    pub(crate) slug: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) layout: Option<String>,
    /// The layout came from Hugo's `type` (a content type: its template is optional, as in
    /// Hugo, where a missing one falls back to the default without a word).
    pub(crate) layout_is_type: bool,
    pub(crate) translation_key: Option<String>,
    pub(crate) toc: Option<bool>,
    /// FAQ: the date the entry was added, and the last time it was confirmed.
    pub(crate) added: Option<Date>,
    pub(crate) reviewed: Option<Date>,
    pub(crate) category: Option<String>,
    /// Review policy of any page: days a review holds (`review_after`), and who reviews.
    pub(crate) review_after: Option<i64>,
    pub(crate) owner: Option<String>,
    pub(crate) tags: Vec<String>,
    /// Values applied to a section's descendants (Hugo's `cascade`), each maybe with a target.
    pub(crate) cascade: Vec<Cascade>,
    /// Whether the page is written and listed (`_build`, `headless`).
    pub(crate) build: Build,
    pub(crate) params: Map<String, Value>,
    /// What was read but is worth a warning (a key given twice: the last value is used).
    /// Public for the fuzz target, which checks their lines.
    pub warnings: Vec<Error>,
    /// File line of each top-level key, for later diagnostics.
    pub key_lines: Vec<(String, usize)>,
    /// File line of the opening delimiter (1), or 1 without front matter.
    pub(crate) start_line: usize,
}

impl FrontMatter {
    /// Whether both give a page the same place in the site: URL, navigation entry and order,
    /// translation group, layout, what it cascades, its category and a section's `categories`
    /// (which order its pages). (Description, dates, FAQ dates and other params only show on
    /// the page and in its section's listings.)
    pub(crate) fn same_place(&self, other: &FrontMatter) -> bool {
        self.title == other.title
            && self.link_title == other.link_title
            && self.weight == other.weight
            && self.draft == other.draft
            && self.aliases == other.aliases
            && self.slug == other.slug
            && self.url == other.url
            && self.layout == other.layout
            && self.translation_key == other.translation_key
            && self.cascade == other.cascade
            && self.build == other.build
            && self.tags == other.tags
            && ["menu", "menus", "nav"]
                .iter()
                .all(|k| self.params.get(*k) == other.params.get(*k))
            // A section's `categories` orders its pages by their `category`.
            && self.category == other.category
            && self.params.get("categories") == other.params.get("categories")
    }

    pub(crate) fn line_of(&self, key: &str) -> usize {
        self.key_lines
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, l)| *l)
            .unwrap_or(self.start_line)
    }

    pub(crate) fn has(&self, key: &str) -> bool {
        self.key_lines.iter().any(|(k, _)| k == key)
    }
}

/// Parses the block of a split page. All problems are returned, not just the first.
pub fn parse(split: &Split<'_>) -> Result<FrontMatter, Vec<Error>> {
    let mut warnings = Vec::new();
    let map = match split.format {
        Format::None => Map::new(),
        Format::Yaml => {
            parse_yaml(split.raw, split.raw_line, &mut warnings).map_err(|e| vec![e])?
        }
        Format::Toml => parse_toml(split.raw, split.raw_line).map_err(|e| vec![e])?,
    };
    let key_lines = key_lines(split);
    // Each key's line, found once: `line_of` per key made 100,000 keys take 15.8 s.
    let mut lines: HashMap<&str, usize> = HashMap::with_capacity(key_lines.len());
    for (k, l) in &key_lines {
        lines.entry(k.as_str()).or_insert(*l);
    }
    let lines: Vec<usize> = map
        .keys()
        .map(|k| lines.get(k.as_str()).copied().unwrap_or(1))
        .collect();
    let mut fm = FrontMatter {
        key_lines,
        start_line: 1,
        warnings,
        ..Default::default()
    };
    let mut errors = Vec::new();
    for ((key, value), line) in map.into_iter().zip(lines) {
        if let Err(message) = apply(&mut fm, &key, value) {
            errors.push(Error {
                key: Some(key.clone()),
                ..err(line, format!("`{key}`: {message}"))
            });
        }
    }
    errors.sort_by_key(|e| e.line);
    if errors.is_empty() {
        Ok(fm)
    } else {
        Err(errors)
    }
}

fn apply(fm: &mut FrontMatter, key: &str, value: Value) -> Result<(), String> {
    match key {
        "title" => fm.title = Some(string(value)?),
        "linkTitle" | "link_title" => fm.link_title = Some(string(value)?),
        "description" => fm.description = Some(string(value)?),
        "weight" => fm.weight = Some(integer(value)?),
        "draft" => fm.draft = boolean(value)?,
        "date" => fm.date = Some(date(value)?),
        "updated" | "lastmod" => fm.updated = Some(date(value)?),
        "aliases" => fm.aliases = strings(value)?,
        "slug" => fm.slug = Some(string(value)?),
        "url" => fm.url = Some(string(value)?),
        "layout" => {
            fm.layout = Some(string(value)?);
            fm.layout_is_type = false;
        }
        "type" if fm.layout.is_none() || fm.layout_is_type => {
            fm.layout = Some(string(value)?);
            fm.layout_is_type = true;
        }
        "type" => {}
        "translationKey" | "translation_key" => fm.translation_key = Some(string(value)?),
        "toc" => fm.toc = Some(boolean(value)?),
        "added" => fm.added = Some(date(value)?),
        "reviewed" => fm.reviewed = Some(date(value)?),
        "category" => fm.category = Some(string(value)?),
        "review_after" | "reviewAfter" => fm.review_after = Some(days(value)?),
        // Also a param, as it was before it meant something (`page.params.owner`).
        "owner" => {
            fm.owner = Some(string(value.clone())?);
            fm.params.insert(key.to_string(), value);
        }
        "tags" => fm.tags = strings(value)?,
        "cascade" => {
            fm.cascade = cascade::parse(value)?;
            check_cascaded_policy(&fm.cascade)?;
        }
        "_build" | "build" => fm.build = Build::parse(&value)?,
        "headless" => {
            if boolean(value)? {
                fm.build = Build::headless();
            }
        }
        // Hugo's `params:` table: its keys are the page's params, as top-level unknown keys are.
        "params" if value.is_object() => {
            if let Value::Object(m) = value {
                fm.params.extend(m);
            }
        }
        _ => {
            fm.params.insert(key.to_string(), value);
        }
    }
    Ok(())
}

/// A review policy handed down by `cascade` must be right where it is written: a wrong
/// `review_after` would otherwise leave a whole section silently unjudged.
fn check_cascaded_policy(cascades: &[Cascade]) -> Result<(), String> {
    for c in cascades {
        for key in ["review_after", "reviewAfter", "reviewed", "owner"] {
            if let Some(v) = c.values.get(key) {
                apply(&mut FrontMatter::default(), key, v.clone())
                    .map_err(|e| format!("`{key}` in it: {e}"))?;
            }
        }
    }
    Ok(())
}

/// `2024-03-04-title` → (2024-03-04, `title`); `2024-03-04` → (2024-03-04, ``).
pub(crate) fn date_from_file_name(name: &str) -> Option<(Date, &str)> {
    let head = name.get(..10)?;
    let rest = &name[10..];
    if !(rest.is_empty() || rest.starts_with(['-', '_'])) {
        return None;
    }
    let date = head.parse::<Date>().ok()?;
    Some((date, rest.get(1..).unwrap_or("")))
}

/// Sets a value cascaded from an ancestor section, unless the page sets it itself. Keys that
/// identify one page (title, url, slug, aliases, translationKey, cascade) are not cascaded; a
/// `params` table is set key by key.
pub(crate) fn cascade_into(fm: &mut FrontMatter, key: &str, value: &Value) {
    const OWN: &[&str] = &[
        "title",
        "url",
        "slug",
        "aliases",
        "translationKey",
        "translation_key",
        "cascade",
        "draft",
    ];
    if OWN.contains(&key) || fm.has(key) {
        return;
    }
    if let ("params", Value::Object(params)) = (key, value) {
        for (k, v) in params {
            fm.params.entry(k.clone()).or_insert_with(|| v.clone());
        }
        return;
    }
    let mut from = FrontMatter::default();
    if apply(&mut from, key, value.clone()).is_err() {
        return;
    }
    if matches!(key, "_build" | "build" | "headless") && !fm.has("_build") && !fm.has("build") {
        fm.build = from.build;
    }
    fm.link_title = fm.link_title.take().or(from.link_title);
    fm.description = fm.description.take().or(from.description);
    fm.weight = fm.weight.or(from.weight);
    fm.date = fm.date.or(from.date);
    fm.updated = fm.updated.or(from.updated);
    if fm.layout.is_none() {
        fm.layout = from.layout;
        fm.layout_is_type = from.layout_is_type;
    }
    fm.toc = fm.toc.or(from.toc);
    fm.added = fm.added.or(from.added);
    fm.reviewed = fm.reviewed.or(from.reviewed);
    fm.category = fm.category.take().or(from.category);
    fm.review_after = fm.review_after.or(from.review_after);
    fm.owner = fm.owner.take().or(from.owner);
    if fm.tags.is_empty() {
        fm.tags = from.tags;
    }
    for (k, v) in from.params {
        fm.params.entry(k).or_insert(v);
    }
}

/// A date (`2024-03-04`), or a date-time that parses whole (`2024-03-04T10:00:00Z`,
/// `2024-03-04 10:00`, `2024-03-04T10:00:00+02:00`), whose date is taken as written: no time
/// zone moves it to another day. Anything after the date that is not a time is an error
/// (`2024-03-04Tnonsense`, `2025-01-01 is when I think`).
pub(crate) fn parse_date(s: &str) -> Result<Date, String> {
    let t = s.trim();
    // ISO 8601 as Temporal reads it: the whole text, or an error.
    let pieces = jiff::fmt::temporal::Pieces::parse(t);
    match pieces {
        Ok(p) if t.len() >= 10 && t.as_bytes()[4] == b'-' => Ok(p.date()),
        _ => Err(format!(
            "\"{s}\" is not a date like 2024-03-04 (or a date and time like 2024-03-04T10:00:00Z)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(src: &str) -> Result<FrontMatter, Vec<Error>> {
        parse(&split(src).unwrap())
    }

    #[test]
    fn yaml_block_and_body_offset() {
        let s = split("---\ntitle: Hi\n---\n# Body\n").unwrap();
        assert_eq!(s.format, Format::Yaml);
        assert_eq!(s.raw, "title: Hi\n");
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line_offset, 3);
    }

    #[test]
    fn toml_block_crlf() {
        let s = split("+++\r\ntitle = \"Hi\"\r\n+++\r\nbody").unwrap();
        assert_eq!(s.format, Format::Toml);
        assert_eq!(s.body, "body");
        let f = parse(&s).unwrap();
        assert_eq!(f.title.as_deref(), Some("Hi"));
    }

    #[test]
    fn no_front_matter() {
        let s = split("# Title\ntext").unwrap();
        assert_eq!(s.format, Format::None);
        assert_eq!(s.body_line_offset, 0);
    }

    #[test]
    fn unclosed_block() {
        let e = split("---\ntitle: x\n\nbody\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn dates_from_file_names() {
        let (d, rest) = date_from_file_name("2024-03-04-hello-world").unwrap();
        assert_eq!(
            (d.to_string().as_str(), rest),
            ("2024-03-04", "hello-world")
        );
        assert_eq!(date_from_file_name("2024-03-04").unwrap().1, "");
        assert!(date_from_file_name("2024-13-04-x").is_none());
        assert!(date_from_file_name("2024-03-04x").is_none());
        assert!(date_from_file_name("notes").is_none());
    }

    #[test]
    fn cascade_fills_only_what_the_page_leaves_unset() {
        let mut f = fm("---\ntitle: T\ntype: own\ncolor: red\n---\n").unwrap();
        let cascade =
            fm("---\ntype: docs\ntoc: false\ncolor: blue\nsize: 3\ntitle: No\n---\n").unwrap();
        for (k, v) in &cascade.params {
            cascade_into(&mut f, k, v);
        }
        for (k, v) in [("type", "docs"), ("toc", "false"), ("title", "No")] {
            cascade_into(&mut f, k, &Value::String(v.into()));
        }
        assert_eq!(f.layout.as_deref(), Some("own"));
        assert_eq!(f.toc, Some(false));
        assert_eq!(f.title.as_deref(), Some("T"));
        assert_eq!(f.params["color"], "red");
        assert_eq!(f.params["size"], 3);
    }

    #[test]
    fn known_keys_and_params() {
        let f = fm("---\ntitle: T\nweight: 3\ndraft: \"true\"\ndate: 2024-03-04\nlastmod: 2024-05-01T10:00:00Z\naliases: [/old/]\ntype: faq\ncolor: blue\n---\n").unwrap();
        assert_eq!(f.weight, Some(3));
        assert!(f.draft);
        assert_eq!(f.date.unwrap().to_string(), "2024-03-04");
        assert_eq!(f.updated.unwrap().to_string(), "2024-05-01");
        assert_eq!(f.aliases, ["/old/"]);
        assert_eq!(f.layout.as_deref(), Some("faq"));
        assert_eq!(f.params["color"], "blue");
        assert_eq!(f.line_of("weight"), 3);
    }

    #[test]
    fn a_date_is_a_date_or_a_date_time_that_parses_whole() {
        for good in [
            "2024-03-04",
            " 2024-03-04 ",
            "2024-03-04T10:00:00Z",
            "2024-03-04t10:00:00z",
            "2024-03-04 10:00",
            "2024-03-04T10:00:00.123+02:00",
            "2024-03-04T23:30:00-08:00",
        ] {
            assert_eq!(
                parse_date(good).map(|d| d.to_string()),
                Ok("2024-03-04".into()),
                "{good}"
            );
        }
        for bad in [
            "2024-03-04Tnonsense",
            "2025-01-01 is when I think",
            "2024-03-04x",
            "2024-03-04T25:00",
            "2024-02-30",
            "20240304",
            "07:32:00",
            "last tuesday",
            "",
        ] {
            let e = parse_date(bad).unwrap_err();
            assert!(e.contains("is not a date like 2024-03-04"), "{bad}: {e}");
        }
    }

    #[test]
    fn a_cascaded_review_policy_is_checked_where_it_is_written() {
        let f = fm("---\ncascade:\n  review_after: 90\n  owner: \"@team\"\n---\n").unwrap();
        assert_eq!(f.cascade.len(), 1);
        let e = fm("---\ntitle: T\ncascade:\n  review_after: soon\n---\n").unwrap_err();
        assert_eq!(e[0].line, 3);
        assert!(
            e[0].message
                .contains("`review_after` in it: expected a whole number"),
            "{}",
            e[0].message
        );
        let e = fm("---\nreview_after: 0\n---\n").unwrap_err();
        assert!(e[0].message.contains("positive number of days"));
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let e = fm("---\ntitle: T\n\nweight: heavy\ndate: someday\n---\n").unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].line, 4);
        assert!(e[0].message.starts_with("`weight`"));
        assert_eq!(e[1].line, 5);
        assert!(e[1].message.contains("not a date"));
    }
}
