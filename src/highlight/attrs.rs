//! A fence's info string: the language, then attributes in Hugo's form
//! (`{linenos=table,hl_lines=[2,"4-6"],linenostart=10}`) or the short one
//! (`{1,4-6} title="config.yaml"`).

/// What a fence's info string asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Fence {
    /// The language as written (`yaml`, `sh`), empty for none.
    pub(crate) lang: String,
    /// Line numbers shown (`linenos`, `showLineNumbers`).
    pub(crate) line_numbers: bool,
    /// The first line's number (`linenostart`), 1 unless given.
    pub(crate) start: usize,
    /// Lines to highlight, counted from the block's first line (1), as inclusive ranges.
    pub(crate) marked: Vec<(usize, usize)>,
    /// A title bar (`title="config.yaml"`).
    pub(crate) title: Option<String>,
}

impl Fence {
    /// Whether the block is shown line by line (numbers or highlighted lines).
    pub(crate) fn by_line(&self) -> bool {
        self.line_numbers || !self.marked.is_empty()
    }

    /// Whether 1-based line `n` of the block is highlighted.
    pub(crate) fn is_marked(&self, n: usize) -> bool {
        self.marked.iter().any(|&(a, b)| a <= n && n <= b)
    }
}

/// Reads an info string. What it does not understand is left out, as Hugo does.
pub(crate) fn parse(info: &str) -> Fence {
    let info = info.trim();
    let end = info
        .find(|c: char| c.is_whitespace() || c == '{' || c == ',')
        .unwrap_or(info.len());
    let mut fence = Fence {
        lang: info[..end].to_string(),
        start: 1,
        ..Fence::default()
    };
    let mut rest = &info[end..];
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        if rest.is_empty() {
            break;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let close = matching(group, '}').unwrap_or(group.len());
            for item in split_top(&group[..close]) {
                fence.item(item);
            }
            rest = group.get(close + 1..).unwrap_or("");
        } else {
            let len = item_len(rest);
            fence.item(&rest[..len]);
            rest = &rest[len..];
        }
    }
    fence
}

impl Fence {
    /// One `key=value`, bare `key` or line range.
    fn item(&mut self, item: &str) {
        let item = item.trim();
        let (key, value) = match item.split_once(['=', ':']) {
            Some((k, v)) => (k.trim(), unquote(v.trim())),
            None => (item, ""),
        };
        match key.to_ascii_lowercase().as_str() {
            "linenos" | "linenumbers" | "showlinenumbers" | "numberlines" => {
                self.line_numbers = !matches!(value, "false" | "none" | "0");
            }
            "linenostart" | "startlinenumber" => {
                if let Ok(n) = value.parse() {
                    self.start = n;
                }
            }
            "hl_lines" | "hllines" | "highlight" | "mark" => self.marked.extend(ranges(value)),
            "title" | "filename" | "file" => self.title = Some(value.to_string()),
            _ if value.is_empty() => self.marked.extend(ranges(key)),
            _ => {}
        }
    }
}

/// Line ranges from `2`, `4-6`, `[2,"4-6"]`, `"2 4-6"`.
fn ranges(text: &str) -> Vec<(usize, usize)> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == '[' || c == ']')
        .map(unquote)
        .filter_map(|part| {
            let (a, b) = part.split_once('-').unwrap_or((part, part));
            let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            (a <= b).then_some((a, b))
        })
        .collect()
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

/// Where the bracket closing at `close` is in `s` (quotes and `[…]` skipped).
fn matching(s: &str, close: char) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, c) if c == close => return Some(i),
            _ => {}
        }
    }
    None
}

/// The items of a `{…}` group: split at commas outside quotes and `[…]`.
fn split_top(s: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut quote, mut from) = (0usize, None, 0);
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') => depth = depth.saturating_sub(1),
            (None, ',' | ' ') if depth == 0 => {
                items.push(&s[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    items.push(&s[from..]);
    items.into_iter().filter(|i| !i.trim().is_empty()).collect()
}

/// The length of one item outside braces: up to whitespace outside quotes and `[…]`.
fn item_len(s: &str) -> usize {
    let (mut depth, mut quote) = (0usize, None);
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') => depth = depth.saturating_sub(1),
            (None, c) if depth == 0 && (c.is_whitespace() || c == '{') && i > 0 => return i,
            _ => {}
        }
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_form() {
        let f = parse("yaml {linenos=table,hl_lines=[2,\"4-6\"],linenostart=10}");
        assert_eq!(f.lang, "yaml");
        assert!(f.line_numbers);
        assert_eq!(f.start, 10);
        assert_eq!(f.marked, [(2, 2), (4, 6)]);
        assert_eq!(f.title, None);
        let f = parse("go {hl_lines=\"1 3-4\" linenos=false}");
        assert_eq!((f.lang.as_str(), f.line_numbers), ("go", false));
        assert_eq!(f.marked, [(1, 1), (3, 4)]);
    }

    #[test]
    fn short_form_and_title() {
        let f = parse("yaml {1,4-6} title=\"config.yaml\"");
        assert_eq!(f.lang, "yaml");
        assert_eq!(f.marked, [(1, 1), (4, 6)]);
        assert_eq!(f.title.as_deref(), Some("config.yaml"));
        assert!(!f.line_numbers);
        assert!(f.by_line() && f.is_marked(5) && !f.is_marked(3));
        let f = parse("js{3} showLineNumbers title='a b.js'");
        assert_eq!(f.lang, "js");
        assert_eq!(f.marked, [(3, 3)]);
        assert!(f.line_numbers);
        assert_eq!(f.title.as_deref(), Some("a b.js"));
    }

    #[test]
    fn plain_and_odd_input() {
        assert_eq!(parse("rust").lang, "rust");
        assert!(!parse("rust").by_line());
        assert_eq!(parse("  ").lang, "");
        // Unclosed groups and junk are ignored, never a panic.
        let f = parse("yaml {hl_lines=[2,");
        assert_eq!(f.marked, [(2, 2)]);
        let f = parse("yaml {9-3, x=, \"}");
        assert!(f.marked.is_empty());
    }
}
