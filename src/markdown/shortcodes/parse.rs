//! Shortcode tags and their arguments: `{{< name "a" k=v >}}`, `{{% /name %}}`,
//! `{{< name />}}` and the escaped `{{</* … */>}}`, read from the source text.

use std::ops::Range;

/// Which delimiters a shortcode was written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    /// `{{< … >}}`: inner content passed as written, output is HTML.
    Html,
    /// `{{% … %}}`: inner content rendered as Markdown first.
    Markdown,
}

impl Form {
    pub(super) fn open(self) -> &'static str {
        match self {
            Form::Html => "{{<",
            Form::Markdown => "{{%",
        }
    }

    pub(super) fn close(self) -> &'static str {
        match self {
            Form::Html => ">}}",
            Form::Markdown => "%}}",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TagKind {
    Open,
    SelfClosing,
    Close,
    /// `{{</* … */>}}`: printed literally without the comment marks.
    Escaped,
}

/// Arguments as written: positional and `key=value`, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Args {
    pub(super) positional: Vec<String>,
    pub(super) named: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Tag {
    /// Byte range of the whole tag in the source.
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) form: Form,
    pub(super) kind: TagKind,
    pub(super) name: String,
    pub(super) args: Args,
    /// For `Escaped`: the text between `/*` and `*/`.
    pub(super) raw: String,
}

/// Reads the tag starting at `start` (`{{<` or `{{%`). The error says what is missing.
pub(super) fn parse_tag(src: &str, start: usize) -> Result<Tag, String> {
    let b = src.as_bytes();
    let form = if b[start + 2] == b'<' {
        Form::Html
    } else {
        Form::Markdown
    };
    let close = form.close();
    let never_closed = || {
        format!(
            "this `{}` is never closed with `{close}` (write `{{{{</* … */>}}}}` to show a shortcode literally)",
            form.open()
        )
    };
    let skip_ws = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let mut i = skip_ws(start + 3);
    let tag = |end, kind, name: String, args, raw: String| Tag {
        start,
        end,
        form,
        kind,
        name,
        args,
        raw,
    };
    if src[i..].starts_with("/*") {
        let Some(rel) = src[i + 2..].find("*/") else {
            return Err(never_closed());
        };
        let raw = src[i + 2..i + 2 + rel].to_string();
        let j = skip_ws(i + 2 + rel + 2);
        if !src[j..].starts_with(close) {
            return Err(never_closed());
        }
        return Ok(tag(
            j + 3,
            TagKind::Escaped,
            String::new(),
            Args::default(),
            raw,
        ));
    }
    let closing = src[i..].starts_with('/');
    if closing {
        i = skip_ws(i + 1);
    }
    let name_start = i;
    while i < b.len()
        && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'-' | b'_' | b'.' | b'/'))
        && !(b[i] == b'/' && src[skip_ws(i + 1)..].starts_with(close))
    {
        i += 1;
    }
    let name = src[name_start..i].to_string();
    if name.is_empty() {
        return Err(format!(
            "a shortcode needs a name after `{}` (write `{{{{</* … */>}}}}` to show one literally)",
            form.open()
        ));
    }
    let mut args = Args::default();
    loop {
        i = skip_ws(i);
        if i >= b.len() || src[i..].starts_with("{{") {
            return Err(never_closed());
        }
        if src[i..].starts_with(close) {
            let kind = if closing {
                TagKind::Close
            } else {
                TagKind::Open
            };
            return Ok(tag(i + 3, kind, name, args, String::new()));
        }
        if b[i] == b'/' && src[skip_ws(i + 1)..].starts_with(close) {
            let end = skip_ws(i + 1) + 3;
            return Ok(tag(end, TagKind::SelfClosing, name, args, String::new()));
        }
        let (first, next) = read_value(src, i, close).ok_or_else(never_closed)?;
        i = next;
        let bare_key = !matches!(b[first.start], b'"' | b'`');
        if bare_key && i < b.len() && b[i] == b'=' {
            let key = src[first].to_string();
            let (value, next) = read_value(src, i + 1, close).ok_or_else(never_closed)?;
            args.named.push((key, unquote(&src[value])));
            i = next;
        } else {
            args.positional.push(unquote(&src[first]));
        }
    }
}

/// One argument value from `i`: `"quoted \" string"`, `` `raw string` `` or a bare word.
/// Returns its byte range (quotes included) and where scanning goes on.
fn read_value(src: &str, i: usize, close: &str) -> Option<(Range<usize>, usize)> {
    let b = src.as_bytes();
    match b.get(i)? {
        b'"' => {
            let mut j = i + 1;
            while j < b.len() {
                match b[j] {
                    b'\\' => j += 2,
                    b'"' => return Some((i..j + 1, j + 1)),
                    _ => j += 1,
                }
            }
            None
        }
        b'`' => {
            let rel = src[i + 1..].find('`')?;
            Some((i..i + rel + 2, i + rel + 2))
        }
        _ => {
            let mut j = i;
            // Bytes, not `src[j..]`: `j` may be inside a character (fuzz: shortcodes).
            while j < b.len()
                && !b[j].is_ascii_whitespace()
                && b[j] != b'='
                && !b[j..].starts_with(close.as_bytes())
                && !(b[j] == b'/' && src[j + 1..].trim_start().starts_with(close))
            {
                j += 1;
            }
            (j > i).then_some((i..j, j))
        }
    }
}

fn unquote(v: &str) -> String {
    if let Some(inner) = v.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(other) => out.push(other),
                    None => out.push('\\'),
                }
            } else {
                out.push(c);
            }
        }
        out
    } else if let Some(inner) = v.strip_prefix('`').and_then(|s| s.strip_suffix('`')) {
        inner.to_string()
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(s: &str) -> Tag {
        parse_tag(s, 0).unwrap()
    }

    #[test]
    fn tag_arguments() {
        let t = tag(r#"{{< figure src="a b.png" caption="Say \"hi\"" width=300 >}}"#);
        assert_eq!((t.name.as_str(), t.kind), ("figure", TagKind::Open));
        assert_eq!(
            t.args.named,
            [
                ("src".to_string(), "a b.png".to_string()),
                ("caption".into(), "Say \"hi\"".into()),
                ("width".into(), "300".into())
            ]
        );
        let t = tag("{{% blocks/tabs \"One\" `raw \\n \"x\"` two %}}");
        assert_eq!(t.name, "blocks/tabs");
        assert_eq!(t.form, Form::Markdown);
        assert_eq!(t.args.positional, ["One", "raw \\n \"x\"", "two"]);
        let t = tag("{{< pipelines/latest-version />}}");
        assert_eq!(
            (t.name.as_str(), t.kind),
            ("pipelines/latest-version", TagKind::SelfClosing)
        );
        let t = tag("{{<br/>}}");
        assert_eq!((t.name.as_str(), t.kind), ("br", TagKind::SelfClosing));
        let t = tag("{{% / alert %}}");
        assert_eq!((t.name.as_str(), t.kind), ("alert", TagKind::Close));
        let t = tag("{{</* figure src=\"x\" */>}}");
        assert_eq!(
            (t.kind, t.raw.as_str()),
            (TagKind::Escaped, " figure src=\"x\" ")
        );
        let t = tag("{{< x\n  a=\"1\"\n>}}");
        assert_eq!(t.args.named, [("a".to_string(), "1".to_string())]);
        assert!(parse_tag("{{< x a=\"1\" \n\nmore", 0).is_err());
        assert!(parse_tag("{{< x {{< y >}}", 0).is_err());
        assert!(parse_tag("{{< >}}", 0).is_err());
    }

    #[test]
    fn bare_values_with_non_ascii_characters() {
        // Read byte by byte, a bare value once sliced the text inside `Â` (fuzz: shortcodes).
        assert!(parse_tag("{{< box Â}{{% box %}}", 0).is_err());
        let t = tag("{{< box é k=ü >}}");
        assert_eq!(t.args.positional, ["é"]);
        assert_eq!(t.args.named, [("k".to_string(), "ü".to_string())]);
    }
}
