//! `[permalinks]` in `sitegen.toml`, as Hugo has them: a URL pattern per top-level section
//! (`posts = "/blog/:year/:month/:slug/"`) for its pages, or under `[permalinks.section]` for
//! its sections. A page's own `url` still wins.

use super::urls::{encode_path, lang_prefix, normalize_url_path};
use super::{Kind, Page};
use crate::config::Config;
use jiff::civil::Date;

/// The URL `[permalinks]` gives page `p`: None when no pattern applies; an error (the page
/// keeps its usual URL) when the pattern needs what the page lacks.
pub(super) fn url(p: &Page, config: &Config, root: &str) -> Option<Result<String, String>> {
    if p.fm.url.is_some() || p.kind == Kind::Home {
        return None;
    }
    let section = p.path.split('/').next()?;
    let patterns = match p.kind {
        Kind::Page if p.path.contains('/') => &config.permalinks.page,
        Kind::Section => &config.permalinks.section,
        _ => return None,
    };
    let pattern = patterns.get(section)?;
    Some(expand(pattern, p).map(|path| {
        let path = normalize_url_path(&path);
        format!(
            "{root}{}{}",
            lang_prefix(&p.lang, config),
            encode_path(&path)
        )
    }))
}

/// The pattern with each `:token` replaced (tokens are checked when the config is read).
fn expand(pattern: &str, p: &Page) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(i) = rest.find(':') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let len = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        let token = &after[..len];
        if token.is_empty() {
            out.push(':');
        } else {
            out.push_str(
                &value(token, p).map_err(|need| format!("permalink {pattern} needs {need}"))?,
            );
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    Ok(out)
}

/// One token's value for `p`, or what the page lacks for it.
fn value(token: &str, p: &Page) -> Result<String, &'static str> {
    let date = || -> Result<Date, &'static str> {
        p.fm.date
            .ok_or("a date (`date` in front matter, or a dated file name)")
    };
    let name = p.path.rsplit('/').next().unwrap_or(&p.path);
    let dirs = p.path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    Ok(match token {
        "year" => format!("{:04}", date()?.year()),
        "month" => format!("{:02}", date()?.month()),
        "day" => format!("{:02}", date()?.day()),
        "yearday" => format!("{}", date()?.day_of_year()),
        "monthname" => date()?.strftime("%B").to_string(),
        "weekday" => format!("{}", date()?.weekday().to_sunday_zero_offset()),
        "weekdayname" => format!("{:?}", date()?.weekday()),
        "section" => p.path.split('/').next().unwrap_or("").to_string(),
        "sections" => dirs.to_string(),
        "title" => urlize(&p.title),
        "slug" => p.fm.slug.clone().unwrap_or_else(|| urlize(&p.title)),
        "filename" | "contentbasename" => name.to_string(),
        "slugorfilename" | "slugorcontentbasename" => {
            p.fm.slug.clone().unwrap_or_else(|| name.to_string())
        }
        // Config::parse refuses unknown tokens.
        _ => format!(":{token}"),
    })
}

/// A title as a URL segment, as Hugo's `urlize`: lowercase, spaces as `-`, letters, digits,
/// marks, `-`, `_` and `.` kept, the rest dropped.
fn urlize(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in title.trim().chars() {
        if c.is_whitespace() {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else if c.is_alphanumeric()
            || matches!(c, '-' | '_' | '.')
            || unicode_normalization::char::is_combining_mark(c)
        {
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, title: &str, date: Option<&str>, slug: Option<&str>) -> Page {
        let mut p = Page {
            kind: Kind::Page,
            lang: "en".into(),
            path: path.into(),
            title: title.into(),
            ..Page::default()
        };
        p.fm.date = date.map(|d| d.parse().unwrap());
        p.fm.slug = slug.map(str::to_string);
        p
    }

    #[test]
    fn tokens() {
        let p = page(
            "posts/2024/hello-world",
            "Hello, World: 1.9!",
            Some("2024-03-04"),
            None,
        );
        assert_eq!(
            expand("/blog/:year/:month/:day/:slug/", &p).unwrap(),
            "/blog/2024/03/04/hello-world-1.9/"
        );
        assert_eq!(
            expand("/:section/:sections/:filename/:monthname-:yearday/", &p).unwrap(),
            "/posts/posts/2024/hello-world/March-64/"
        );
        assert_eq!(
            expand("/:weekdayname/:title", &p).unwrap(),
            "/Monday/hello-world-1.9"
        );
        let s = page("posts/x", "X", None, Some("own"));
        assert_eq!(
            expand("/b/:slug/:slugorfilename/", &s).unwrap(),
            "/b/own/own/"
        );
        let e = expand("/b/:year/:slug/", &s).unwrap_err();
        assert!(e.contains("needs a date"), "{e}");
    }
}
