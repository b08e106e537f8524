//! Which shortcodes a Hugo site's content calls, and where each comes from: built into
//! sitegen (Hugo's and Docsy's), the site's own `layouts/shortcodes/` (Go templates, to port
//! to `templates/shortcodes/` as Tera), its theme's, or nowhere on disk (a Hugo module).

use std::collections::BTreeMap;
use std::path::Path;

/// Where a shortcode the content calls comes from.
#[derive(Debug, PartialEq)]
pub(crate) enum Origin {
    /// sitegen has it built in.
    BuiltIn,
    /// A Go template of the site or its theme (the path, relative to the site).
    Template(String),
    /// Found nowhere: a Hugo module's, or a typo.
    Unknown,
}

/// One shortcode the content calls.
pub(crate) struct Use {
    pub(crate) name: String,
    pub(crate) calls: usize,
    /// The first call: file (relative to the site) and line.
    pub(crate) first: (String, usize),
    pub(crate) origin: Origin,
    /// Built in, but the site has its own template too (which may differ).
    pub(crate) overridden: Option<String>,
}

/// Every shortcode called under `content/`, by name. `theme`: the Hugo theme's folder name
/// (whose `layouts/` are looked in too).
pub(crate) fn used(site: &Path, theme: Option<&str>) -> Vec<Use> {
    let call = regex::Regex::new(r"\{\{[<%]\s*([A-Za-z0-9_][A-Za-z0-9_./-]*)").expect("a regex");
    let mut found: BTreeMap<String, (usize, (String, usize))> = BTreeMap::new();
    let content = site.join("content");
    let mut files: Vec<_> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("md" | "markdown" | "html")
            )
        })
        .collect();
    files.sort();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let rel = path
            .strip_prefix(site)
            .unwrap_or(&path)
            .display()
            .to_string();
        for c in call.captures_iter(&text) {
            let m = c.get(1).expect("group 1");
            let line = crate::config::line_of(&text, m.start());
            let entry = found
                .entry(m.as_str().to_string())
                .or_insert_with(|| (0, (rel.clone(), line)));
            entry.0 += 1;
        }
    }
    let builtin = crate::theme::default_theme_shortcodes();
    found
        .into_iter()
        .map(|(name, (calls, first))| {
            let template = template_of(site, theme, &name);
            let is_builtin = builtin.contains(&name);
            let (origin, overridden) = match (is_builtin, template) {
                (true, t) => (Origin::BuiltIn, t),
                (false, Some(t)) => (Origin::Template(t), None),
                (false, None) => (Origin::Unknown, None),
            };
            Use {
                name,
                calls,
                first,
                origin,
                overridden,
            }
        })
        .collect()
}

/// The Go template that defines shortcode `name`: the site's, else its theme's.
fn template_of(site: &Path, theme: Option<&str>, name: &str) -> Option<String> {
    let mut roots = vec![String::from("layouts")];
    if let Some(t) = theme {
        roots.push(format!("themes/{t}/layouts"));
    }
    for root in roots {
        for folder in ["shortcodes", "_shortcodes"] {
            for ext in ["html", "md"] {
                let rel = format!("{root}/{folder}/{name}.{ext}");
                if site.join(&rel).is_file() {
                    return Some(rel);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_counted_and_traced_to_their_templates() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path();
        std::fs::create_dir_all(site.join("content/en/docs")).unwrap();
        std::fs::create_dir_all(site.join("layouts/shortcodes")).unwrap();
        std::fs::write(site.join("layouts/shortcodes/widget.html"), "{{ .Inner }}").unwrap();
        std::fs::write(
            site.join("content/en/docs/a.md"),
            "# A\n\n{{< alert >}}x{{< /alert >}}\n{{% widget %}}y{{% /widget %}}\n{{</* nope */>}}\n{{< mystery >}}\n{{< widget >}}\n",
        )
        .unwrap();
        let uses = used(site, None);
        let names: Vec<_> = uses.iter().map(|u| (u.name.as_str(), u.calls)).collect();
        assert_eq!(names, [("alert", 1), ("mystery", 1), ("widget", 2)]);
        assert_eq!(uses[0].origin, Origin::BuiltIn);
        assert_eq!(uses[1].origin, Origin::Unknown);
        assert_eq!(
            uses[2].origin,
            Origin::Template("layouts/shortcodes/widget.html".into())
        );
        assert_eq!(uses[2].first, ("content/en/docs/a.md".into(), 4));
        // A shortcode of the Hugo theme's own layouts.
        std::fs::create_dir_all(site.join("themes/t/layouts/shortcodes")).unwrap();
        std::fs::write(site.join("themes/t/layouts/shortcodes/mystery.html"), "x").unwrap();
        let uses = used(site, Some("t"));
        assert_eq!(
            uses[1].origin,
            Origin::Template("themes/t/layouts/shortcodes/mystery.html".into())
        );
    }
}
