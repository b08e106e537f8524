//! How a shortcode's inner content reaches its template. Hugo passes `{{< >}}` content as
//! written and `{{% %}}` content rendered as Markdown, and a template that wants Markdown either
//! way says `.Inner | markdownify`; a sitegen template says so with a comment in its source:
//!
//! * `{#- inner: markdown -#}`: Markdown in both forms (the built-in blocks: alerts, tables,
//!   tabs, cards…), or the text as written for code when the call has `code=true` (Docsy's
//!   `card` and `readfile`);
//! * `{#- inner: code -#}`: in the `{{< >}}` form the text as written, for a code block
//!   (`highlight`), unless the call or the shortcode around it has `text=true`; `in NAME`
//!   limits this to calls inside `NAME` (Docsy's `tab` is code inside a `tabpane`, Markdown
//!   inside other tab groups);
//! * nothing: Hugo's rule.
//!
//! Code reaches the template as plain text (the template escapes it, `{{ inner }}`), with the
//! output of shortcodes inside it as text and `{{</* x */>}}` printing `{{< x >}}`.

use super::parse::{Form, Tag};
use serde_json::{Map, Value};

/// What a template's source declares about its inner content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) enum Declared {
    #[default]
    Nothing,
    Markdown,
    /// Code, inside any shortcode or only inside the one named.
    Code {
        inside: Option<String>,
    },
}

/// What a template receives as `inner` for one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// As written, shortcodes inside rendered (HTML).
    Raw,
    /// Rendered as Markdown (HTML).
    Markdown,
    /// As written, for a code block (plain text).
    Code,
}

/// The shortcode a call is nested in: `parent` in its template.
#[derive(Debug, Clone)]
pub(super) struct Parent {
    pub(super) name: String,
    pub(super) args: Map<String, Value>,
}

/// The `inner:` declaration in the Tera comments (`{# … #}`) of a template's source.
pub(super) fn declared(source: &str) -> Declared {
    let mut rest = source;
    while let Some(open) = rest.find("{#") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("#}") else {
            break;
        };
        let comment = &after[..close];
        rest = &after[close + 2..];
        for (at, _) in comment.match_indices("inner:") {
            let mut words = comment[at + "inner:".len()..]
                .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '.' | '-'))
                .filter(|w| !w.is_empty());
            match words.next() {
                Some("markdown") => return Declared::Markdown,
                Some("code") => {
                    let inside = match (words.next(), words.next()) {
                        (Some("in"), Some(name)) => Some(name.to_string()),
                        _ => None,
                    };
                    return Declared::Code { inside };
                }
                _ => {}
            }
        }
    }
    Declared::Nothing
}

/// What `inner` is for a call of a template that declares `declared`, written in `tag`'s form,
/// inside `parent`.
pub(super) fn kind(declared: &Declared, tag: &Tag, parent: Option<&Parent>) -> Kind {
    let own = |key: &str| {
        tag.args
            .named
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let text = match own("text") {
        Some(v) => v == "true",
        None => parent
            .and_then(|p| p.args.get("text"))
            .is_some_and(|v| v.as_str() == Some("true")),
    };
    match declared {
        Declared::Markdown if own("code") == Some("true") => Kind::Code,
        Declared::Markdown => Kind::Markdown,
        Declared::Code { inside } => {
            let outside = inside
                .as_deref()
                .is_some_and(|n| parent.is_none_or(|p| p.name != n));
            if tag.form == Form::Markdown || text || outside {
                Kind::Markdown
            } else {
                Kind::Code
            }
        }
        Declared::Nothing => match tag.form {
            Form::Html => Kind::Raw,
            Form::Markdown => Kind::Markdown,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse_tag;
    use super::*;

    #[test]
    fn declarations_are_read_from_comments() {
        assert_eq!(
            declared("{#- inner: markdown -#}\n<div>"),
            Declared::Markdown
        );
        assert_eq!(
            declared("{#- tab: a panel; inner: the body -#}{# inner: code in tabpane #}"),
            Declared::Code {
                inside: Some("tabpane".into())
            }
        );
        assert_eq!(
            declared("{#- x. inner: code -#}"),
            Declared::Code { inside: None }
        );
        // Outside a comment it is text of the output.
        assert_eq!(declared("<p>inner: markdown</p>"), Declared::Nothing);
        assert_eq!(declared("{# inner: the body #}"), Declared::Nothing);
    }

    #[test]
    fn the_kind_follows_form_declaration_and_switches() {
        let tag = |s: &str| parse_tag(s, 0).unwrap();
        let tabpane = |text: Option<&str>| Parent {
            name: "tabpane".into(),
            args: text
                .map(|t| Map::from_iter([("text".to_string(), Value::String(t.into()))]))
                .unwrap_or_default(),
        };
        let code_in_tabpane = Declared::Code {
            inside: Some("tabpane".into()),
        };
        let k = |d: &Declared, s: &str, p: Option<&Parent>| kind(d, &tag(s), p);
        assert_eq!(k(&Declared::Nothing, "{{< x >}}", None), Kind::Raw);
        assert_eq!(k(&Declared::Nothing, "{{% x %}}", None), Kind::Markdown);
        assert_eq!(k(&Declared::Markdown, "{{< x >}}", None), Kind::Markdown);
        assert_eq!(
            k(&Declared::Markdown, "{{< card code=true >}}", None),
            Kind::Code
        );
        let pane = tabpane(None);
        assert_eq!(k(&code_in_tabpane, "{{< tab >}}", Some(&pane)), Kind::Code);
        assert_eq!(
            k(&code_in_tabpane, "{{% tab %}}", Some(&pane)),
            Kind::Markdown
        );
        assert_eq!(
            k(&code_in_tabpane, "{{< tab text=true >}}", Some(&pane)),
            Kind::Markdown
        );
        let text_pane = tabpane(Some("true"));
        assert_eq!(
            k(&code_in_tabpane, "{{< tab >}}", Some(&text_pane)),
            Kind::Markdown
        );
        assert_eq!(
            k(&code_in_tabpane, "{{< tab text=false >}}", Some(&text_pane)),
            Kind::Code
        );
        let tabs = Parent {
            name: "tabs".into(),
            args: Map::new(),
        };
        assert_eq!(
            k(&code_in_tabpane, "{{< tab >}}", Some(&tabs)),
            Kind::Markdown
        );
        assert_eq!(k(&code_in_tabpane, "{{< tab >}}", None), Kind::Markdown);
        let code = Declared::Code { inside: None };
        assert_eq!(k(&code, "{{< highlight go >}}", None), Kind::Code);
    }
}
