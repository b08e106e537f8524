//! HTML escaping, the one implementation shared by the Markdown renderer, templates, feeds and
//! the sitemap.

/// What each of the five characters that matter in HTML becomes; None for any other byte.
/// (They are ASCII, so a byte never matches inside a multi-byte character.)
fn replacement(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// Escapes the five characters that matter in HTML text and attribute values.
pub(crate) fn escape(s: &str) -> String {
    // Most strings (URLs, titles) have nothing to escape.
    match s.bytes().position(|b| replacement(b).is_some()) {
        None => s.to_string(),
        Some(first) => {
            let mut out = String::with_capacity(s.len() + 16);
            out.push_str(&s[..first]);
            escape_into(&mut out, &s[first..]);
            out
        }
    }
}

/// `escape`, appending to `out`: the text between special characters is copied a run at a
/// time.
pub(crate) fn escape_into(out: &mut String, s: &str) {
    let mut done = 0;
    for (i, b) in s.bytes().enumerate() {
        if let Some(r) = replacement(b) {
            out.push_str(&s[done..i]);
            out.push_str(r);
            done = i + 1;
        }
    }
    out.push_str(&s[done..]);
}

/// HTML text back to what it stands for: `&amp;` and its kin, and numeric references (what a
/// URL or an id in an attribute may contain, what a template writes in code). Anything else,
/// a bare `&` or an unknown entity, is kept as it is.
pub(crate) fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest[..rest.len().min(12)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let c = match name {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" | "#39" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_the_five() {
        assert_eq!(super::escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(super::escape("/plain/url/"), "/plain/url/");
        assert_eq!(
            super::escape("中文 & 日本語 <b>"),
            "中文 &amp; 日本語 &lt;b&gt;"
        );
        assert_eq!(super::escape("a&"), "a&amp;");
    }
}
