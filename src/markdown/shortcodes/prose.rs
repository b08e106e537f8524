//! Where code and HTML comments are in a body (shortcodes there are treated differently), and
//! the HTML placeholders in prose: lines starting with `<word>` where `word` is no HTML element.

use pulldown_cmark::{Event, Parser, Tag as MdTag};
use std::ops::Range;

/// Byte ranges of code (fenced, indented and inline) and of HTML comments outside code.
pub(super) struct Regions {
    code: Vec<Range<usize>>,
    comments: Vec<Range<usize>>,
}

impl Regions {
    pub(super) fn of(body: &str) -> Regions {
        let mut code = Vec::new();
        for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
            match event {
                Event::Start(MdTag::CodeBlock(_)) | Event::Code(_) => code.push(range),
                _ => {}
            }
        }
        let mut comments = Vec::new();
        let mut i = 0;
        while let Some(rel) = body[i..].find("<!--") {
            let start = i + rel;
            if let Some(c) = code.iter().find(|c| c.contains(&start)) {
                i = c.end.max(start + 1);
                continue;
            }
            let end = body[start + 4..]
                .find("-->")
                .map_or(body.len(), |e| start + 4 + e + 3);
            comments.push(start..end);
            i = end;
        }
        Regions { code, comments }
    }

    pub(super) fn in_code(&self, pos: usize) -> bool {
        self.code.iter().any(|c| c.contains(&pos))
    }

    pub(super) fn comment_at(&self, pos: usize) -> Option<&Range<usize>> {
        self.comments.iter().find(|c| c.contains(&pos))
    }
}

/// HTML (and SVG/MathML) element names: a line starting with any other `<word>` is prose.
#[rustfmt::skip]
const HTML_ELEMENTS: &[&str] = &[
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo",
    "blockquote", "body", "br", "button", "canvas", "caption", "center", "circle", "cite", "code",
    "col", "colgroup", "data", "datalist", "dd", "defs", "del", "details", "dfn", "dialog", "div",
    "dl", "dt", "ellipse", "em", "embed", "fieldset", "figcaption", "figure", "font", "footer",
    "form", "g", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i",
    "iframe", "img", "input", "ins", "kbd", "label", "legend", "li", "line", "link", "main", "map",
    "mark", "math", "menu", "meta", "meter", "nav", "noscript", "object", "ol", "optgroup",
    "option", "output", "p", "param", "path", "picture", "polygon", "polyline", "pre", "progress",
    "q", "rect", "rp", "rt", "ruby", "s", "samp", "script", "search", "section", "select", "slot",
    "small", "source", "span", "strike", "strong", "style", "sub", "summary", "sup", "svg",
    "table", "tbody", "td", "template", "text", "textarea", "tfoot", "th", "thead", "time",
    "title", "tr", "track", "tt", "u", "ul", "use", "var", "video", "wbr",
];

/// A `<word>` in prose that is no HTML element: shown as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Placeholder {
    /// Where its `<` is.
    pub(super) pos: usize,
    pub(super) word: String,
    /// It starts its line (the others follow one that does, `<group><version>`): reported.
    pub(super) starts_line: bool,
}

/// Every prose line that starts with `<word>` where `word` is no HTML element: that one and
/// every other such `<word>` on the line outside inline code.
pub(super) fn html_placeholders(body: &str, regions: &Regions) -> Vec<Placeholder> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in body.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let line_start = start;
        start += line.len();
        let pos = line_start + indent;
        let Some(word) = pseudo_tag(&line[indent..]) else {
            continue;
        };
        if regions.in_code(pos) || regions.comment_at(pos).is_some() {
            continue;
        }
        out.push(Placeholder {
            pos,
            word: word.to_string(),
            starts_line: true,
        });
        let mut i = indent + 1 + word.len() + 1;
        while let Some(rel) = line[i..].find('<') {
            let at = i + rel;
            i = at + 1;
            let pos = line_start + at;
            if let Some(word) = pseudo_tag(&line[at..])
                && !regions.in_code(pos)
                && regions.comment_at(pos).is_none()
            {
                out.push(Placeholder {
                    pos,
                    word: word.to_string(),
                    starts_line: false,
                });
                i = at + 1 + word.len() + 1;
            }
        }
    }
    out
}

/// The word of a `<word>` at the start of `s` that is no HTML element.
fn pseudo_tag(s: &str) -> Option<&str> {
    let rest = s.strip_prefix('<')?;
    let word = &rest[..rest.find('>')?];
    let is_word = word.starts_with(|c: char| c.is_ascii_alphabetic())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    (is_word && !HTML_ELEMENTS.contains(&word.to_ascii_lowercase().as_str())).then_some(word)
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;

    #[test]
    fn comments_are_left_alone() {
        let (html, d) = run("<!-- {{< nope >}} -->\n\nA <!-- {{% alert %}} --> B\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            html,
            "<!-- {{< nope >}} -->\n<p>A <!-- {{% alert %}} --> B</p>\n"
        );
    }

    #[test]
    fn html_placeholders_are_shown_and_reported() {
        let (html, d) = run(
            "Set the timeout:\n\n<duration> is like `30s`.\n\n<div id=\"ok\">\n</div>\n\n## Next\n",
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].code, d[0].line), ("html-placeholder", Some(13)));
        assert!(
            html.contains("<p>&lt;duration&gt; is like <code>30s</code>.</p>"),
            "{html}"
        );
        assert!(html.contains("<div id=\"ok\">"), "{html}");
        assert!(html.contains("<h2 id=\"next\">"), "{html}");
    }

    #[test]
    fn every_placeholder_on_the_line_is_shown() {
        let (html, d) =
            run("<group><version> names an image, `<b>` is code, <em>this</em> is HTML\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("`<group>`"), "{d:?}");
        assert_eq!(
            html,
            "<p>&lt;group&gt;&lt;version&gt; names an image, <code>&lt;b&gt;</code> is code, <em>this</em> is HTML</p>\n"
        );
    }
}
