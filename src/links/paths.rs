//! Link destinations as paths: what is external, what names a Markdown file, how a relative
//! path joins a folder, and what is normalised before a link is judged (`//` inside a path,
//! `.` and `..` in an absolute one, a trailing `index.md` or `README.md`).

use std::borrow::Cow;

pub(crate) fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    // A scheme: letters, digits, + - . before the first `:`, and no `/` before it.
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `a.md#x?y` → (`a.md`, `x`): the path (query dropped) and the fragment, if any.
pub(super) fn split(dest: &str) -> (&str, Option<&str>) {
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    (path.split('?').next().unwrap_or(""), fragment)
}

/// `../process.md`, `process.md/`, `/docs/x.md` → the `.md` path; other links → None.
pub(super) fn markdown_target(path: &str) -> Option<&str> {
    let p = path.trim_end_matches('/');
    crate::content::is_markdown(p).then_some(p)
}

/// `a/b.md` → `a/b`.
pub(super) fn without_md(path: &str) -> &str {
    path.strip_suffix(".md")
        .or_else(|| path.strip_suffix(".markdown"))
        .unwrap_or(path)
}

/// The logical path a page path or a folder names: `guide/`, `guide/index`, `guide/_index`
/// and `guide/README` are `guide`; `index` alone is the home page, "".
pub(super) fn folder_path(path: &str) -> &str {
    let p = path.trim_end_matches('/');
    let (dir, name) = p.rsplit_once('/').unwrap_or(("", p));
    if name == "index" || name == "_index" || name.eq_ignore_ascii_case("readme") {
        dir
    } else {
        p
    }
}

/// Whether a relative path says where it starts (`./x`, `../x`): Hugo looks such a path up
/// from the page only, never from the content root.
pub(super) fn is_explicitly_relative(path: &str) -> bool {
    path == "." || path == ".." || path.starts_with("./") || path.starts_with("../")
}

/// The folder of a source path (`docs/a.md` → `docs`).
pub(super) fn source_dir(source: &str) -> &str {
    source.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

/// Joins a relative path onto a folder, resolving `.` and `..` and dropping empty segments
/// (`a//b`); None when it climbs above the root.
pub(super) fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let trailing = rel.ends_with('/');
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if trailing && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// A decoded path as it is judged: `//` is one `/`, and an absolute path has its `.` and `..`
/// resolved (`/docs/../faq/` → `/faq/`). Relative paths keep their leading `./` and `..`,
/// which say where they start.
pub(super) fn normalize(path: &str) -> Cow<'_, str> {
    let absolute = path.starts_with('/');
    let dots = absolute
        && (path.contains("/./")
            || path.contains("/../")
            || path.ends_with("/.")
            || path.ends_with("/.."));
    if !path.contains("//") && !dots {
        return Cow::Borrowed(path);
    }
    if absolute {
        return match join("", path) {
            Some(p) if p.is_empty() || p == "/" => Cow::Owned("/".into()),
            Some(p) => Cow::Owned(format!("/{p}")),
            None => Cow::Borrowed(path),
        };
    }
    let mut out = String::with_capacity(path.len());
    for (i, seg) in path.split('/').enumerate() {
        if seg.is_empty() && i > 0 {
            continue;
        }
        if i > 0 && !out.is_empty() {
            out.push('/');
        }
        out.push_str(seg);
    }
    if path.ends_with('/') && !out.ends_with('/') {
        out.push('/');
    }
    Cow::Owned(out)
}

pub(super) fn encode_fragment(f: &str) -> String {
    f.replace('%', "%25")
        .replace(' ', "%20")
        .replace('"', "%22")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn externals() {
        assert!(is_external("https://x.org"));
        assert!(is_external("mailto:a@b"));
        assert!(is_external("//cdn"));
        assert!(!is_external("../a.md"));
        assert!(!is_external("/docs/a:b/"));
        assert!(!is_external("a.md#x:y"));
    }

    #[test]
    fn joins() {
        assert_eq!(
            join("support", "../faq/_index.md").as_deref(),
            Some("faq/_index.md")
        );
        assert_eq!(join("", "./a.md").as_deref(), Some("a.md"));
        assert_eq!(join("", "../a.md"), None);
        assert_eq!(
            join("docs", "guide//dev.md").as_deref(),
            Some("docs/guide/dev.md")
        );
        assert_eq!(markdown_target("foo.md/"), Some("foo.md"));
    }

    #[test]
    fn normalised_before_judging() {
        assert_eq!(normalize("/docs//guide/"), "/docs/guide/");
        assert_eq!(normalize("/docs/./a/../guide"), "/docs/guide");
        assert_eq!(normalize("/a/.."), "/");
        assert_eq!(normalize("guide//dev.md"), "guide/dev.md");
        assert_eq!(normalize("./guide//x/"), "./guide/x/");
        assert_eq!(normalize("../a"), "../a");
        assert!(matches!(normalize("/docs/guide/"), Cow::Borrowed(_)));
        assert_eq!(folder_path("docs/guide/index"), "docs/guide");
        assert_eq!(folder_path("docs/guide/README"), "docs/guide");
        assert_eq!(folder_path("docs/guide/"), "docs/guide");
        assert_eq!(folder_path("index"), "");
        assert_eq!(folder_path("docs/indexes"), "docs/indexes");
        assert_eq!(split("a.md?x=1#frag"), ("a.md", Some("frag")));
        assert!(is_explicitly_relative("../x") && is_explicitly_relative("./x"));
        assert!(!is_explicitly_relative("x/y") && !is_explicitly_relative(".well-known/x"));
    }
}
