//! HTML into plain text: tags dropped or turned into spaces, entities decoded, whitespace
//! collapsed; and the byte scans and cuts the other steps use on text.

/// Plain text of rendered HTML: tags dropped (block tags become spaces, inline tags nothing,
/// so `获取<strong>支持</strong>` stays one run), entities decoded, whitespace collapsed, the
/// `#` of heading anchors and the contents of `<script>`/`<style>` left out.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    html_to_text_into(html, &mut out);
    out
}

/// [`html_to_text`] into `out`, replacing what it held.
pub(super) fn html_to_text_into(html: &str, out: &mut String) {
    out.clear();
    let mut rest = html;
    loop {
        let lt = push_text(rest, out);
        let Some(tag_and_after) = rest.get(lt..).filter(|t| !t.is_empty()) else {
            break;
        };
        let end = tag_and_after
            .bytes()
            .position(|b| b == b'>')
            .map_or(tag_and_after.len(), |e| e + 1);
        let tag = &tag_and_after[..end];
        rest = &tag_and_after[end..];
        let name_end = tag[1..]
            .bytes()
            .position(|b| !(b.is_ascii_alphanumeric() || b == b'/'))
            .map_or(tag.len(), |p| p + 1);
        let name = &tag[1..name_end];
        let skip_to = if name.eq_ignore_ascii_case("a") {
            find_str(tag, "class=\"heading-anchor\"").map(|_| "</a>")
        } else if name.eq_ignore_ascii_case("script") {
            Some("</script>")
        } else if name.eq_ignore_ascii_case("style") {
            Some("</style>")
        } else {
            None
        };
        if let Some(close) = skip_to {
            rest = find_str(rest, close).map_or("", |i| &rest[i + close.len()..]);
        }
        if !is_inline_tag(name.trim_start_matches('/')) && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
}

/// Tags that do not separate words (`获取<strong>支持</strong>` is one run), in any case.
fn is_inline_tag(name: &str) -> bool {
    let mut lower = [0u8; 6]; // The longest is "strong".
    if name.len() > lower.len() {
        return false;
    }
    let lower = &mut lower[..name.len()];
    lower.copy_from_slice(name.as_bytes());
    lower.make_ascii_lowercase();
    matches!(
        &*lower,
        b"a" | b"abbr"
            | b"b"
            | b"bdi"
            | b"cite"
            | b"code"
            | b"del"
            | b"dfn"
            | b"em"
            | b"i"
            | b"ins"
            | b"kbd"
            | b"mark"
            | b"q"
            | b"s"
            | b"samp"
            | b"small"
            | b"span"
            | b"strong"
            | b"sub"
            | b"sup"
            | b"u"
            | b"var"
    )
}

/// Appends the HTML text of `s` up to its first tag (`<`) with entities decoded and whitespace
/// collapsed; returns where the tag starts (`s.len()` when there is none). Runs of plain text
/// are copied whole, single spaces between words included; only other whitespace, `&` and the
/// characters that may be Unicode whitespace are looked at one by one.
fn push_text(s: &str, out: &mut String) -> usize {
    let space = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    let bytes = s.as_bytes();
    let mut plain = 0; // Start of the bytes not copied yet.
    let mut i = 0;
    while i < bytes.len() {
        // 16 bytes at a time while there is nothing to look at: no tag, entity, or whitespace
        // but single spaces after characters copied as they are.
        if i > plain && i + 16 <= bytes.len() {
            let before: &[u8; 16] = bytes[i - 1..i + 15].try_into().expect("16 bytes");
            let chunk: &[u8; 16] = bytes[i..i + 16].try_into().expect("16 bytes");
            let stop = chunk.iter().zip(before).fold(false, |any, (&b, &before)| {
                any | (b.wrapping_sub(b'\t') <= b'\r' - b'\t')
                    | (b == b'&')
                    | (b == b'<')
                    | (b == 0xC2)
                    | (b.wrapping_sub(0xE1) <= 2)
                    | ((b == b' ') & (before == b' '))
            });
            if !stop {
                i += 16;
                continue;
            }
        }
        let b = bytes[i];
        match b {
            b'<' => break,
            // A space after a character copied as it is: kept as it is, collapsing nothing.
            b' ' if i > plain && bytes[i - 1] != b' ' => i += 1,
            // `char::is_whitespace` in ASCII: space, \t, \n, \x0B, \x0C, \r.
            b' ' | b'\t'..=b'\r' => {
                out.push_str(&s[plain..i]);
                space(out);
                i += 1;
                plain = i;
            }
            b'&' => {
                out.push_str(&s[plain..i]);
                i += 1;
                // An entity ends before the next tag.
                let after = &s[i..];
                let entity = match after.bytes().take(12).position(|b| b == b'<') {
                    Some(lt) => &after[..lt],
                    None => after,
                };
                match decode_entity(entity) {
                    Some((c, len)) => {
                        i += len;
                        if c.is_whitespace() {
                            space(out);
                        } else {
                            out.push(c);
                        }
                    }
                    None => out.push('&'),
                }
                plain = i;
            }
            // The lead bytes of every non-ASCII whitespace character (U+0085, U+00A0, U+1680,
            // U+2000–U+205F, U+3000).
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                let c = s[i..].chars().next().expect("a character starts here");
                if c.is_whitespace() {
                    out.push_str(&s[plain..i]);
                    space(out);
                    plain = i + c.len_utf8();
                }
                i += c.len_utf8();
            }
            _ => i += 1,
        }
    }
    out.push_str(&s[plain..i]);
    i
}

/// `amp;…` → ('&', 4). Only what Markdown output contains: the named five, `nbsp`, numbers.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    // By bytes: the twelfth byte may fall inside a character (`&amp;支持`).
    let semi = s.bytes().take(12).position(|b| b == b';')?;
    let name = &s[..semi];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, semi + 1))
}

/// `hay.find(needle)` for the short needles of the search module, which start with an ASCII
/// character: cheaper than a general string search where that character is frequent (`<` in
/// HTML).
pub(super) fn find_str(hay: &str, needle: &str) -> Option<usize> {
    let (bytes, first) = (hay.as_bytes(), needle.as_bytes()[0]);
    debug_assert!(first.is_ascii());
    let mut at = 0;
    loop {
        let rest = &bytes[at..];
        let clear = clear_chunks(rest, |b| b == first);
        let i = at + clear + rest[clear..].iter().position(|&b| b == first)?;
        if bytes[i..].starts_with(needle.as_bytes()) {
            return Some(i);
        }
        at = i + 1;
    }
}

/// How many bytes `bytes` starts with in whole 16-byte chunks without a byte for which `stop`
/// holds. The compiler vectorizes the loop: for scans that usually go far, like searching a
/// page for a tag or a text for a character to escape.
#[inline(always)]
pub(super) fn clear_chunks(bytes: &[u8], stop: impl Fn(u8) -> bool) -> usize {
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 16) {
        let chunk: &[u8; 16] = chunk.try_into().expect("16 bytes");
        if chunk.iter().fold(false, |any, &b| any | stop(b)) {
            break;
        }
        i += 16;
    }
    i
}

/// The first `n` characters of `s`.
pub(super) fn cut_chars(s: &str, n: usize) -> &str {
    if s.len() <= n {
        return s;
    }
    // Not a UTF-8 continuation byte (10xxxxxx): a character starts here.
    let starts = |b: &u8| (*b as i8) >= -0x40;
    let bytes = s.as_bytes();
    // Whole chunks of 16 bytes (counted without a branch per byte) while they fit.
    let (mut i, mut chars) = (0, 0);
    while let Some(chunk) = bytes.get(i..i + 16) {
        let chunk: &[u8; 16] = chunk.try_into().expect("16 bytes");
        let k = chunk.iter().filter(|b| starts(b)).count();
        if chars + k > n {
            break;
        }
        chars += k;
        i += 16;
    }
    for (j, b) in bytes[i..].iter().enumerate() {
        if starts(b) {
            if chars == n {
                return &s[..i + j];
            }
            chars += 1;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_to_text_keeps_inline_runs_together() {
        assert_eq!(
            html_to_text("<p>获取<strong>支持</strong>的方式</p><p>a &amp; b&lt;c&gt;</p>"),
            "获取支持的方式 a & b<c>"
        );
        assert_eq!(
            html_to_text(
                "<h4 id=\"x\">Notes <a class=\"heading-anchor\" href=\"#x\">#</a></h4><p>one\n two</p><script>var x;</script>"
            ),
            "Notes one two"
        );
    }

    #[test]
    fn entities_before_wide_characters_are_decoded() {
        // The entity's name is looked for in the next 12 bytes, which may end inside a
        // character.
        assert_eq!(html_to_text("<p>a &amp;支持的方式</p>"), "a &支持的方式");
        assert_eq!(html_to_text("<p>&quot;获取支持&quot;</p>"), "\"获取支持\"");
    }
}
