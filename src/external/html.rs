//! A small scanner of HTML start tags and their attributes, for the two things external link
//! checking reads in HTML: `href`/`src` values in a page's raw HTML (with where each one is, for
//! its line), and the ids a fetched page offers to `#fragment`s. Comments and the contents of
//! `<script>`/`<style>` are skipped. (The Markdown step's own anchor scanner lives in
//! `markdown/` and is private to it.)

/// One attribute of a start tag: the tag's name, the attribute's name (as written), its value
/// with basic entities decoded, and the byte offset of the value in the scanned text.
pub(crate) struct Attribute<'a> {
    pub(crate) tag: &'a str,
    pub(crate) name: &'a str,
    pub(crate) value: String,
    pub(crate) offset: usize,
}

/// Calls `f` for every attribute with a value of every start tag in `html`.
pub(crate) fn attributes<'a>(html: &'a str, mut f: impl FnMut(Attribute<'a>)) {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &b[i..]) {
        i += lt + 1;
        if b[i..].starts_with(b"!--") {
            match memchr::memmem::find(&b[i..], b"-->") {
                Some(end) => i += end + 3,
                None => return,
            }
            continue;
        }
        if i >= b.len() || !b[i].is_ascii_alphabetic() {
            continue;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
            i += 1;
        }
        let tag = &html[start..i];
        match tag_attributes(html, i, tag, &mut f) {
            Some(after) => i = after,
            None => return,
        }
        if tag.eq_ignore_ascii_case("script") || tag.eq_ignore_ascii_case("style") {
            let close = format!("</{}", tag.to_ascii_lowercase());
            let rest = html[i..].to_ascii_lowercase();
            match rest.find(&close) {
                Some(end) => i += end,
                None => return,
            }
        }
    }
}

/// The attributes of one tag from `i` (after its name) to its `>`; where the text after the
/// tag starts, or None when the tag never ends.
fn tag_attributes<'a>(
    html: &'a str,
    mut i: usize,
    tag: &'a str,
    f: &mut impl FnMut(Attribute<'a>),
) -> Option<usize> {
    let b = html.as_bytes();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if *b.get(i)? == b'>' {
            return Some(i + 1);
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = &html[start..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let (value, offset, after) = match *b.get(i)? {
            q @ (b'"' | b'\'') => {
                let len = memchr::memchr(q, &b[i + 1..])?;
                (&html[i + 1..i + 1 + len], i + 1, i + len + 2)
            }
            _ => {
                let end = (i..b.len())
                    .find(|&j| b[j].is_ascii_whitespace() || b[j] == b'>')
                    .unwrap_or(b.len());
                (&html[i..end], i, end)
            }
        };
        i = after;
        f(Attribute {
            tag,
            name,
            value: crate::html::unescape(value),
            offset,
        });
    }
}

/// The ids a page offers to `#fragment`s: every `id`, and `name` on `<a>`.
pub(crate) fn ids(html: &str) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    attributes(html, |a| {
        let wanted = a.name.eq_ignore_ascii_case("id")
            || (a.tag.eq_ignore_ascii_case("a") && a.name.eq_ignore_ascii_case("name"));
        if wanted && !a.value.is_empty() {
            out.insert(a.value);
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(html: &str) -> Vec<(String, usize)> {
        let mut v = Vec::new();
        attributes(html, |a| {
            if a.name.eq_ignore_ascii_case("href") || a.name.eq_ignore_ascii_case("src") {
                v.push((a.value, a.offset));
            }
        });
        v
    }

    #[test]
    fn hrefs_and_srcs_with_offsets() {
        let html = "<p>x <a class=a href=\"https://a.org/?x=1&amp;y=2\">a</a>\n<IMG SRC='https://b.org/i.png' alt=x>";
        let got = links(html);
        assert_eq!(got[0].0, "https://a.org/?x=1&y=2");
        assert_eq!(&html[got[0].1..got[0].1 + 5], "https");
        assert_eq!(got[1].0, "https://b.org/i.png");
        assert_eq!(
            links("<a href=https://c.org/x>c</a>")[0].0,
            "https://c.org/x"
        );
    }

    #[test]
    fn skips_comments_scripts_and_unfinished_tags() {
        assert!(links("<!-- <a href=\"https://a.org\"> -->").is_empty());
        assert!(links("<script>var s = '<a href=\"https://a.org\">';</script>").is_empty());
        assert!(links("<a href=\"https://a.org").is_empty());
        let got = links("a < b <a data-href=\"x\" href=\"y\">");
        assert_eq!(
            got.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>(),
            ["y"]
        );
    }

    #[test]
    fn ids_of_a_page() {
        let got =
            ids("<h2 id=\"install\">I</h2><a name=old></a><meta name=\"x\"><div data-id=\"no\">");
        assert!(got.contains("install") && got.contains("old"));
        assert!(!got.contains("x") && !got.contains("no"));
        assert_eq!(crate::html::unescape("a&#x41;&#66;&bogus;&"), "aAB&bogus;&");
    }
}
