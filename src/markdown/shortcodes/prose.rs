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

/// Byte positions of the `<` of every prose line that starts with `<word>` where `word` is no
/// HTML element, with the word.
pub(super) fn html_placeholders(body: &str, regions: &Regions) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in body.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let pos = start + indent;
        start += line.len();
        let t = &line[indent..];
        let Some(rest) = t.strip_prefix('<') else {
            continue;
        };
        let Some(end) = rest.find('>') else {
            continue;
        };
        let word = &rest[..end];
        let is_word = word.starts_with(|c: char| c.is_ascii_alphabetic())
            && word
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !is_word
            || HTML_ELEMENTS.contains(&word.to_ascii_lowercase().as_str())
            || regions.in_code(pos)
            || regions.comment_at(pos).is_some()
        {
            continue;
        }
        out.push((pos, word.to_string()));
    }
    out
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
}
