//! A stand-in for the site's templates, and the Markdown phase run with it.

use super::{Env, ShortcodeTemplates, SiteAccess, render_body};
use crate::diagnostics::Diagnostic;
use crate::markdown::{Hooks, NoHooks};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default theme's shortcode templates and a few of the tests' own, compiled into one
/// Tera with the site's escaping.
struct TestTemplates {
    tera: tera::Tera,
    /// Tera name → source.
    sources: BTreeMap<String, String>,
}

impl TestTemplates {
    fn new() -> TestTemplates {
        let theme =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/shortcodes");
        let mut sources = BTreeMap::new();
        let mut folders = vec![theme.clone()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                let name = path.strip_prefix(&theme).unwrap().to_string_lossy();
                let text = std::fs::read_to_string(&path).unwrap();
                sources.insert(format!("shortcodes/{name}"), text);
            }
        }
        for (name, text) in [
            ("shortcodes/x/latest-version.html", "v1.2.3"),
            (
                "shortcodes/box.html",
                "<div class=\"box\">{{ inner | safe }}</div>",
            ),
            (
                "shortcodes/args.html",
                "{{ positional | join(sep=\",\") }}|{{ args.k | default(value=\"-\") }}|{{ page.title }}|{{ site.title }}|{{ lang }}",
            ),
            ("shortcodes/md.html", "*{{ args._0 }}*"),
            ("shortcodes/broken.html", "{{ nope }}"),
        ] {
            sources.insert(name.to_string(), text.to_string());
        }
        let mut tera = tera::Tera::default();
        tera.set_escape_fn(crate::html::escape);
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .unwrap();
        TestTemplates { tera, sources }
    }
}

impl ShortcodeTemplates for TestTemplates {
    fn has(&self, template: &str) -> bool {
        self.sources.contains_key(template)
    }

    fn source(&self, template: &str) -> Option<&str> {
        self.sources.get(template).map(String::as_str)
    }

    fn render(
        &self,
        _lang: &str,
        template: &str,
        ctx: &tera::Context,
    ) -> Result<String, Diagnostic> {
        self.tera.render(template, ctx).map_err(|e| {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                message = format!("{message}: {s}");
                source = s.source();
            }
            Diagnostic::error("template", message)
        })
    }
}

/// A site of a few pages and files: `unique.md` is one page, `twice.md` two; files under
/// `includes/`.
struct TestAccess;

impl SiteAccess for TestAccess {
    fn find_page(
        &self,
        target: &str,
        lang: Option<&str>,
    ) -> Result<Option<String>, Vec<(String, String)>> {
        let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
        let hash = if fragment.is_empty() { "" } else { "#" };
        let prefix = lang.map(|l| format!("/{l}")).unwrap_or_default();
        match path {
            "unique.md" | "unique" => Ok(Some(format!("{prefix}/docs/unique/{hash}{fragment}"))),
            "twice.md" => Err(vec![
                ("/a/twice.md".into(), "/a/twice/".into()),
                ("/b/twice.md".into(), "/b/twice/".into()),
            ]),
            _ => Ok(None),
        }
    }

    fn read_file(&self, path: &str) -> Result<(PathBuf, String), String> {
        let text = match path {
            "includes/snippet.md" => {
                "## Included {#included}\n\nSee [guide](guide.md), {{< x/latest-version >}}.\n\n{{< nope >}}\n"
            }
            "includes/conf.yaml" => "\nkey: <value> # {{< x/latest-version >}}\n",
            "includes/self.md" => "Again: {{% readfile \"includes/self.md\" %}}\n",
            _ => return Err("there is no such file".into()),
        };
        Ok((Path::new("content").join(path), text.to_string()))
    }
}

/// Renders a body as the Markdown phase does, with `line_offset` 10.
pub(super) fn run_with(body: &str, strict: bool, hooks: &dyn Hooks) -> (String, Vec<Diagnostic>) {
    let t = TestTemplates::new();
    let site = serde_json::json!({"title": "Site"});
    let env = Env {
        templates: &t,
        access: &TestAccess,
        lang: "en",
        page: serde_json::json!({"title": "Page"}),
        site: &site,
        file: Path::new("content/a.md"),
        line_offset: 10,
        strict,
        hooks,
        including: &[],
    };
    let (r, d) = render_body(body, 10, Some(&env), hooks);
    (r.html, d)
}

/// The whole result of the Markdown phase for a body, with the test templates.
pub(super) fn rendered(body: &str) -> super::Rendered {
    let t = TestTemplates::new();
    let site = serde_json::json!({"title": "Site"});
    let env = Env {
        templates: &t,
        access: &TestAccess,
        lang: "en",
        page: serde_json::json!({"title": "Page"}),
        site: &site,
        file: Path::new("content/a.md"),
        line_offset: 0,
        strict: false,
        hooks: &NoHooks,
        including: &[],
    };
    render_body(body, 0, Some(&env), &NoHooks).0
}

pub(super) fn run(body: &str) -> (String, Vec<Diagnostic>) {
    run_with(body, false, &NoHooks)
}

/// Records the link hook's calls.
#[derive(Default)]
pub(super) struct Lines(pub(super) RefCell<Vec<(String, usize)>>);

impl Hooks for Lines {
    fn rewrite_link(&self, dest: &str, line: usize) -> Option<String> {
        self.0.borrow_mut().push((dest.to_string(), line));
        None
    }
}

/// HTML with the highlighting taken off (token spans, `class="hl"`): what a test of where code
/// text goes compares.
pub(super) fn unhighlighted(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html.replace("<pre class=\"hl\">", "<pre>");
    while let Some(i) = rest.find("<span class=\"") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        rest = rest[end..].to_string();
    }
    out.push_str(&rest);
    out.replace("</span>", "")
}
