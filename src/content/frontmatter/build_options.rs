//! Hugo's build options: whether a page is written (`render`), whether collections show it
//! (`list`), and whether the files of its bundle are published (`publishResources`), from
//! `_build` (or `build`) and `headless: true`.

use serde_json::Value;

/// When a page gets an HTML file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Render {
    #[default]
    Always,
    /// No file; links to it are broken (`headless: true` is this with `list: never`).
    Never,
    /// No file, but the page keeps its URL and links to it are not reported (Hugo's `link`).
    Link,
}

/// Where a page is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum List {
    #[default]
    Always,
    /// In no listing, navigation, sitemap or search index.
    Never,
    /// In its section's listing and navigation only: not in the sitemap or the search index.
    Local,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Build {
    pub(crate) render: Render,
    pub(crate) list: List,
    pub(crate) publish_resources: bool,
}

impl Default for Build {
    fn default() -> Self {
        Build {
            render: Render::Always,
            list: List::Always,
            publish_resources: true,
        }
    }
}

impl Build {
    /// `headless: true`: neither written nor listed (its files still are published).
    pub(crate) fn headless() -> Build {
        Build {
            render: Render::Never,
            list: List::Never,
            publish_resources: true,
        }
    }

    /// `_build` / `build`: a table of `render`, `list` and `publishResources`, each a word or
    /// a boolean as Hugo takes them (`true` is `always`, `false` is `never`).
    pub(crate) fn parse(value: &Value) -> Result<Build, String> {
        let Value::Object(table) = value else {
            return Err("expected a table (render, list, publishResources)".into());
        };
        let mut build = Build::default();
        for (key, v) in table {
            match key.as_str() {
                "render" => {
                    build.render = match word(v)?.as_str() {
                        "always" | "true" => Render::Always,
                        "never" | "false" => Render::Never,
                        "link" => Render::Link,
                        other => {
                            return Err(format!(
                                "render: expected always, never or link, found \"{other}\""
                            ));
                        }
                    }
                }
                "list" => {
                    build.list = match word(v)?.as_str() {
                        "always" | "true" => List::Always,
                        "never" | "false" => List::Never,
                        "local" => List::Local,
                        other => {
                            return Err(format!(
                                "list: expected always, never or local, found \"{other}\""
                            ));
                        }
                    }
                }
                "publishResources" | "publish_resources" => {
                    build.publish_resources = match word(v)?.as_str() {
                        "true" => true,
                        "false" => false,
                        other => {
                            return Err(format!(
                                "publishResources: expected true or false, found \"{other}\""
                            ));
                        }
                    }
                }
                other => {
                    return Err(format!(
                        "unknown key `{other}` (render, list and publishResources are known)"
                    ));
                }
            }
        }
        Ok(build)
    }
}

fn word(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.trim().to_ascii_lowercase()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(format!("expected a word, found {v}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn words_and_booleans() {
        let b = Build::parse(&json!({"render": "never", "list": "local"})).unwrap();
        assert_eq!(
            (b.render, b.list, b.publish_resources),
            (Render::Never, List::Local, true)
        );
        let b = Build::parse(&json!({"render": false, "list": true, "publishResources": false}))
            .unwrap();
        assert_eq!(
            (b.render, b.list, b.publish_resources),
            (Render::Never, List::Always, false)
        );
        assert_eq!(
            Build::parse(&json!({"render": "link"})).unwrap().render,
            Render::Link
        );
        let e = Build::parse(&json!({"list": "sometimes"})).unwrap_err();
        assert!(e.contains("always, never or local"), "{e}");
        assert!(
            Build::parse(&json!({"rendr": "never"}))
                .unwrap_err()
                .contains("`rendr`")
        );
        assert!(Build::parse(&json!("never")).is_err());
    }
}
