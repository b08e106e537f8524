//! Hugo's `cascade`: front matter values a section hands down to the pages below it. One table
//! (`cascade: {toc: false}`), or a list of tables each with a `_target` (or `target`) that
//! says which pages it reaches: `path` (a glob over the page's logical path, `/docs/**`),
//! `kind` (`home`, `section`, `page`), `lang` and `environment` (globs too;
//! sitegen's environment is `production`, as a Hugo build's is).

use globset::{GlobBuilder, GlobMatcher};
use serde_json::{Map, Value};

/// One table of cascaded values and the pages it reaches.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Cascade {
    /// Front matter keys and values; a `params` table is merged key by key.
    pub(crate) values: Map<String, Value>,
    /// None: every page below the section (not the section itself).
    pub(crate) target: Option<Target>,
}

/// Which pages a cascade reaches; every pattern given must match.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Target {
    path: Option<Pattern>,
    kind: Option<Pattern>,
    lang: Option<Pattern>,
    environment: Option<Pattern>,
}

/// A glob with the text it was written as (two patterns are equal when written alike).
#[derive(Debug, Clone)]
struct Pattern {
    text: String,
    matcher: GlobMatcher,
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Pattern {
    fn new(key: &str, value: &Value) -> Result<Pattern, String> {
        let Value::String(text) = value else {
            return Err(format!(
                "`_target.{key}`: expected a glob pattern, found {value}"
            ));
        };
        // `*` stays within one path segment and `**` crosses them, as in Hugo's globs.
        let glob = GlobBuilder::new(text)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("`_target.{key}`: {}", e.kind()))?;
        Ok(Pattern {
            text: text.clone(),
            matcher: glob.compile_matcher(),
        })
    }

    fn matches(pattern: &Option<Pattern>, value: &str) -> bool {
        pattern.as_ref().is_none_or(|p| p.matcher.is_match(value))
    }
}

/// What a target is matched against: a page's logical path (`/docs/guide`, `/` for the home
/// page), kind and language.
pub(crate) struct PageKey<'a> {
    pub(crate) path: &'a str,
    pub(crate) kind: &'a str,
    pub(crate) lang: &'a str,
}

impl Target {
    pub(crate) fn matches(&self, page: &PageKey<'_>) -> bool {
        Pattern::matches(&self.path, page.path)
            && Pattern::matches(&self.kind, page.kind)
            && Pattern::matches(&self.lang, page.lang)
            && Pattern::matches(&self.environment, "production")
    }
}

/// The `cascade` value of a page's front matter: a table, or a list of tables.
pub(crate) fn parse(value: Value) -> Result<Vec<Cascade>, String> {
    match value {
        Value::Object(table) => Ok(vec![entry(table)?]),
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::Object(table) => entry(table),
                other => Err(format!("expected a list of tables, found {other} in it")),
            })
            .collect(),
        other => Err(format!(
            "expected a table or a list of tables, found {other}"
        )),
    }
}

fn entry(mut table: Map<String, Value>) -> Result<Cascade, String> {
    let target = match table.remove("_target").or_else(|| table.remove("target")) {
        None => None,
        Some(Value::Object(t)) => {
            let mut target = Target::default();
            for (key, value) in &t {
                let slot = match key.as_str() {
                    "path" => &mut target.path,
                    "kind" => &mut target.kind,
                    "lang" => &mut target.lang,
                    "environment" => &mut target.environment,
                    other => {
                        return Err(format!(
                            "`_target`: unknown key `{other}` (path, kind, lang and environment are known)"
                        ));
                    }
                };
                *slot = Some(Pattern::new(key, value)?);
            }
            Some(target)
        }
        Some(other) => return Err(format!("`_target`: expected a table, found {other}")),
    };
    Ok(Cascade {
        values: table,
        target,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key<'a>(path: &'a str, kind: &'a str, lang: &'a str) -> PageKey<'a> {
        PageKey { path, kind, lang }
    }

    #[test]
    fn a_table_a_list_and_targets() {
        let one = parse(json!({"toc": false})).unwrap();
        assert_eq!(one.len(), 1);
        assert!(one[0].target.is_none());
        let list = parse(json!([
            {"params": {"a": 1}, "_target": {"path": "/docs/**", "kind": "page"}},
            {"type": "blog", "target": {"lang": "{fr,de}"}},
        ]))
        .unwrap();
        assert_eq!(list.len(), 2);
        let docs = list[0].target.as_ref().unwrap();
        assert!(docs.matches(&key("/docs/a", "page", "en")));
        assert!(docs.matches(&key("/docs/a/b", "page", "en")));
        assert!(
            !docs.matches(&key("/docs", "page", "en")),
            "`/docs/**` is below /docs"
        );
        assert!(!docs.matches(&key("/docs/a", "section", "en")));
        assert!(!docs.matches(&key("/blog/a", "page", "en")));
        let fr = list[1].target.as_ref().unwrap();
        assert!(fr.matches(&key("/x", "page", "de")));
        assert!(!fr.matches(&key("/x", "page", "en")));
        assert_eq!(list[1].values["type"], "blog");
        assert!(!list[1].values.contains_key("target"));
    }

    #[test]
    fn a_star_stays_in_its_segment() {
        let c = parse(json!({"_target": {"path": "/docs/*"}})).unwrap();
        let t = c[0].target.as_ref().unwrap();
        assert!(t.matches(&key("/docs/a", "page", "en")));
        assert!(!t.matches(&key("/docs/a/b", "page", "en")));
        let env = parse(json!({"_target": {"environment": "{staging,production}"}})).unwrap();
        assert!(
            env[0]
                .target
                .as_ref()
                .unwrap()
                .matches(&key("/", "home", "en"))
        );
        let dev = parse(json!({"_target": {"environment": "development"}})).unwrap();
        assert!(
            !dev[0]
                .target
                .as_ref()
                .unwrap()
                .matches(&key("/", "home", "en"))
        );
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert!(parse(json!("x")).unwrap_err().contains("a table or a list"));
        assert!(parse(json!([1])).unwrap_err().contains("list of tables"));
        let e = parse(json!({"_target": {"paths": "/x"}})).unwrap_err();
        assert!(e.contains("unknown key `paths`"), "{e}");
        let e = parse(json!({"_target": {"path": "/x/[a"}})).unwrap_err();
        assert!(e.contains("_target.path"), "{e}");
        assert!(
            parse(json!({"_target": "x"}))
                .unwrap_err()
                .contains("expected a table")
        );
    }
}
