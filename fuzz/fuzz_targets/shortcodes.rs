//! Shortcodes, nested: tags read, paired into a tree and expanded with real templates (the
//! default theme's and a few of the target's own), the Markdown rendered around them and
//! their HTML put back. The expander recurses once per level of nesting: past 100 levels it
//! must report, not overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitegen::diagnostics::Diagnostic;
use sitegen::markdown::NoHooks;
use sitegen::markdown::shortcodes::{Env, ShortcodeTemplates, render_body};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Tera names (`shortcodes/<name>.html`) → source, and the compiled templates.
struct Templates {
    sources: BTreeMap<String, String>,
    tera: tera::Tera,
}

fn templates() -> &'static Templates {
    static TEMPLATES: OnceLock<Templates> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let theme = concat!(env!("CARGO_MANIFEST_DIR"), "/../themes/default/templates/shortcodes");
        let mut sources = BTreeMap::new();
        // Subfolders too (`blocks/cover.html` is the shortcode `blocks/cover`).
        let mut dirs = vec![std::path::PathBuf::from(theme)];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("the default theme's shortcodes") {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let name = path.strip_prefix(theme).unwrap().to_string_lossy().into_owned();
                sources.insert(format!("shortcodes/{name}"), std::fs::read_to_string(&path).unwrap());
            }
        }
        for (name, text) in [
            ("box", "<div class=\"box\">{{ inner | safe }}</div>"),
            ("md", "*{{ args._0 | default(value=\"x\") }}*"),
            ("v", "v1.2.3"),
            ("args", "{{ positional | join(sep=\",\") }}|{{ args | json_encode }}"),
            ("broken", "{{ nope }}"),
        ] {
            sources.insert(format!("shortcodes/{name}.html"), text.to_string());
        }
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .expect("the templates compile");
        Templates { sources, tera }
    })
}

impl ShortcodeTemplates for Templates {
    fn has(&self, template: &str) -> bool {
        self.sources.contains_key(template)
    }

    fn source(&self, template: &str) -> Option<&str> {
        self.sources.get(template).map(String::as_str)
    }

    fn render(&self, _: &str, template: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, ctx)
            .map_err(|e| Diagnostic::error("template", e.to_string()))
    }
}

fuzz_target!(|body: &str| {
    let env = Env::standalone(templates(), &NoHooks);
    let (rendered, diagnostics) = render_body(body, 0, Some(&env), &NoHooks);
    // Every problem is on a line of the body.
    let lines = body.split(['\n', '\r']).count().max(1);
    for d in &diagnostics {
        let line = d.line.expect("a line");
        assert!(line >= 1 && line <= lines, "{d}: {lines} lines");
    }
    // No placeholder token is left in the HTML unless the body wrote one itself.
    if !body.contains("sgsc") {
        assert!(!rendered.html.contains("sgsc"), "{}", rendered.html);
    }
});
