//! How deep a template's source nests, checked before Tera parses it: Tera's parser recurses
//! once per nested block (`{% if %}` in `{% for %}` …) and per bracket of an expression, and a
//! template 600 blocks or 2,000 parentheses deep overflowed the stack while it was parsed.

/// Blocks inside one another, and brackets inside one expression: far above what a real
/// template needs (a debug build parses 300 nested blocks in a 2 MiB stack).
pub(super) const MAX_NESTING: usize = 64;

/// Block tags that need an `end…` tag.
const OPENERS: &[&str] = &["if", "for", "macro", "block", "filter"];

/// The first place where `text` nests deeper than `MAX_NESTING`: its 1-based line and what
/// nests there. A conservative scan of the tags; Tera's parser judges everything else.
pub(super) fn too_deep(text: &str) -> Option<(usize, String)> {
    let mut blocks = 0usize;
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = match after.as_bytes().first() {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                rest = after;
                continue;
            }
        };
        let tag_start = text.len() - after.len() + 1;
        // An unclosed tag is Tera's to report.
        let end = tag_end(&after[1..], close)?;
        let tag = &after[1..1 + end];
        rest = &after[1 + end + close.len()..];
        let line = || text[..tag_start].matches('\n').count() + 1;
        if close == "#}" {
            continue;
        }
        let depth = bracket_depth(tag);
        if depth > MAX_NESTING {
            return Some((
                line(),
                format!("an expression nests {depth} brackets deep (at most {MAX_NESTING})"),
            ));
        }
        if close != "%}" {
            continue;
        }
        let word = tag
            .trim_start_matches(['-', '+'])
            .split_whitespace()
            .next()
            .unwrap_or("");
        if word == "raw" {
            // Everything up to `endraw` is text.
            match rest.find("endraw") {
                Some(i) => rest = &rest[i..],
                None => return None,
            }
        } else if OPENERS.contains(&word) {
            blocks += 1;
            if blocks > MAX_NESTING {
                return Some((
                    line(),
                    format!(
                        "`{{% {word} %}}` is the {blocks}th block inside one another (at most {MAX_NESTING})"
                    ),
                ));
            }
        } else if let Some(ended) = word.strip_prefix("end")
            && OPENERS.contains(&ended)
        {
            blocks = blocks.saturating_sub(1);
        }
    }
    None
}

/// Where the tag's closing delimiter is, outside string literals.
fn tag_end(tag: &str, close: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in tag.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') && close != "#}" => quote = Some(c),
            None if tag[i..].starts_with(close) => return Some(i),
            None => {}
        }
    }
    None
}

/// The deepest nesting of `(` and `[` in a tag, outside string literals.
fn bracket_depth(tag: &str) -> usize {
    let (mut depth, mut deepest, mut quote) = (0usize, 0, None);
    for c in tag.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' | '`' => quote = Some(c),
                '(' | '[' => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                ')' | ']' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_templates_pass() {
        let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for e in walkdir::WalkDir::new(theme).into_iter().flatten() {
            if e.path().extension().is_some_and(|x| x == "html") {
                let text = std::fs::read_to_string(e.path()).unwrap();
                assert_eq!(too_deep(&text), None, "{}", e.path().display());
            }
        }
        let ok = "{% for p in pages %}{% if p.x %}{{ (a + (b)) | f(x=[1, [2]]) }}{% endif %}{% endfor %}\
                  {% raw %}{% if %}{% if %}{% endraw %}{# {% if %} #}{{ \"((((\" }}";
        assert_eq!(too_deep(ok), None);
    }

    #[test]
    fn deep_blocks_and_brackets_name_their_line() {
        let ifs = format!(
            "<main>\n{}x{}",
            "{% if a %}".repeat(65),
            "{% endif %}".repeat(65)
        );
        let (line, what) = too_deep(&ifs).unwrap();
        assert_eq!(line, 2);
        assert!(what.contains("65th block"), "{what}");
        let fine = format!("{}x{}", "{%- if a -%}".repeat(64), "{% endif %}".repeat(64));
        assert_eq!(too_deep(&(fine.clone() + &fine)), None);
        let parens = format!("a\nb\n{{{{ {}1{} }}}}", "(".repeat(65), ")".repeat(65));
        let (line, what) = too_deep(&parens).unwrap();
        assert_eq!(line, 3);
        assert!(what.contains("65 brackets"), "{what}");
    }
}
