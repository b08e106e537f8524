//! The raw-HTML anchor scanner: `id` attributes and `<a name>` in HTML blocks and inline HTML,
//! with the byte helpers it needs.

/// Finds `id` attributes on any tag and `name` attributes on `<a>` tags.
/// Skips comments, `<!…>`/`<?…>` constructs, closing tags and the contents of
/// `<script>`/`<style>`. Attribute names are matched whole, so `data-id=` or
/// `grid=` never match.
pub(super) fn scan_html_anchors(html: &str, out: &mut Vec<String>) {
    let b = html.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        let Some(lt) = memchr(b'<', &b[i..]) else {
            return;
        };
        i += lt + 1;
        if i >= n {
            return;
        }
        if b[i..].starts_with(b"!--") {
            match find(&b[i + 3..], b"-->") {
                Some(end) => i += 3 + end + 3,
                None => return,
            }
            continue;
        }
        if !b[i].is_ascii_alphabetic() {
            // `</x>`, `<!DOCTYPE>`, `<?pi?>`, or a stray `<`.
            continue;
        }
        // Anchors of a tag count only once its `>` is seen.
        let committed = out.len();
        // Tag name.
        let name_start = i;
        while i < n && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
            i += 1;
        }
        let tag = &html[name_start..i];
        let is_a = tag.eq_ignore_ascii_case("a");
        match scan_attributes(html, i, is_a, out) {
            Some(after_tag) => i = after_tag,
            None => {
                out.truncate(committed);
                return;
            }
        }
        // Raw-text elements: skip to their end tag.
        for raw in ["script", "style"] {
            if tag.eq_ignore_ascii_case(raw) {
                match find_ci(&b[i..], raw.as_bytes()) {
                    Some(end) => i += end,
                    None => return,
                }
            }
        }
    }
}

/// Reads a tag's attributes from `i` (just after its name) through its `>`, pushing the
/// values of the wanted ones (`id`, and `name` when `is_a`) to `out`. Returns where the text
/// after the tag starts, or None when the tag never ends.
fn scan_attributes(html: &str, mut i: usize, is_a: bool, out: &mut Vec<String>) -> Option<usize> {
    let b = html.as_bytes();
    let n = b.len();
    loop {
        i = skip_whitespace(b, i);
        if i >= n {
            return None;
        }
        if b[i] == b'>' {
            return Some(i + 1);
        }
        if b[i] == b'/' {
            i += 1;
            continue;
        }
        let an_start = i;
        while i < n && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            // A quote or `<` here means malformed markup; just step over it.
            i += 1;
        }
        let attr = &html[an_start..i];
        i = skip_whitespace(b, i);
        if i >= n || b[i] != b'=' {
            continue; // valueless attribute
        }
        i = skip_whitespace(b, i + 1);
        if i >= n {
            return None;
        }
        let (value, after_value) = attribute_value(html, i)?;
        i = after_value;
        let wanted = attr.eq_ignore_ascii_case("id") || (is_a && attr.eq_ignore_ascii_case("name"));
        if wanted && !value.is_empty() {
            out.push(decode_basic_entities(value));
        }
    }
}

/// The attribute value starting at `i` (quoted or bare) and where the text after it starts;
/// None when a quote is never closed.
fn attribute_value(html: &str, i: usize) -> Option<(&str, usize)> {
    let b = html.as_bytes();
    match b[i] {
        q @ (b'"' | b'\'') => {
            let start = i + 1;
            let len = memchr(q, &b[start..])?;
            Some((&html[start..start + len], start + len + 1))
        }
        _ => {
            let start = i;
            let mut i = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                i += 1;
            }
            Some((&html[start..i], i))
        }
    }
}

fn skip_whitespace(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == needle)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Position of `</name` (ASCII case-insensitive) in `hay`.
fn find_ci(hay: &[u8], name: &[u8]) -> Option<usize> {
    let len = name.len() + 2;
    hay.windows(len)
        .position(|w| w[0] == b'<' && w[1] == b'/' && w[2..].eq_ignore_ascii_case(name))
}

fn decode_basic_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::super::tests::r;
    use super::*;

    #[test]
    fn raw_html_anchors() {
        let md = "## Intro\n\n\
                  <a id=\"levels\"></a>\n\n\
                  <table class=\"grid\" data-id=\"nope\" grid=\"nope\">\n\
                  <!-- <td id=\"commented\"> -->\n\
                  <tr><td id=\"cell-a\">1</td><td id='cell-b'>2</td>\n\
                  <td\n    id=\"cell-c\">3</td></tr>\n\
                  </table>\n\n\
                  Inline <a name=\"old-name\"></a> and <span id=\"inl\">x</span> <meta name=\"nope\">.\n\n\
                  ## Outro\n";
        let out = r(md);
        assert_eq!(
            out.anchors,
            [
                "intro", "levels", "cell-a", "cell-b", "cell-c", "old-name", "inl", "outro"
            ]
        );
        // Raw HTML passes through unchanged (a lone `<a …></a>` line is
        // inline HTML in a paragraph per CommonMark, not an HTML block).
        assert!(out.html.contains("<p><a id=\"levels\"></a></p>\n"));
        assert!(out.html.contains("<!-- <td id=\"commented\"> -->\n"));
        assert!(out.html.contains("<td\n    id=\"cell-c\">3</td></tr>\n"));
        assert!(
            out.html
                .contains("Inline <a name=\"old-name\"></a> and <span id=\"inl\">x</span>")
        );
    }

    #[test]
    fn html_scanner_edge_cases() {
        let scan = |s: &str| {
            let mut v = Vec::new();
            scan_html_anchors(s, &mut v);
            v
        };
        assert_eq!(
            scan("<div data-id=\"a\" grid=\"b\" xid='c'>"),
            Vec::<String>::new()
        );
        assert_eq!(scan("<DIV ID=\"up\"><A NAME=x>"), ["up", "x"]);
        assert_eq!(scan("<img src=\"a>b\" id=\"after-gt\">"), ["after-gt"]);
        assert_eq!(
            scan("<p title=\"id=&quot;no&quot;\" id=\"a&amp;b\">"),
            ["a&b"]
        );
        assert_eq!(scan("<!-- <a id=\"c\"> --><b id=\"d\">"), ["d"]);
        assert_eq!(
            scan("<script>let s = '<a id=\"js\">';</script><i id=\"e\">"),
            ["e"]
        );
        assert_eq!(scan("a < b and c<d id=\"f\""), Vec::<String>::new()); // unterminated tag
        assert_eq!(scan("</a id=\"no\"><br/><hr id=\"g\"/>"), ["g"]);
        assert_eq!(scan("<a id=\"\">"), Vec::<String>::new());
    }
}
