//! Templates: Tera compiled once from the theme, one instance per language with that
//! language's `t()` and `format_date()`, and the small serializable views templates receive
//! (the view is not the model). Rendering produces output files; it never touches the disk.

use crate::diagnostics::Diagnostic;
use crate::i18n::{Strings, fluent_args, format_date};
use crate::markdown::TocEntry;
use crate::theme::TemplateFile;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use tera::Tera;

/// The compiled templates, per language.
pub struct Templates {
    per_lang: HashMap<String, Tera>,
    /// Tera name → path shown in errors.
    shown: BTreeMap<String, (String, String)>,
}

impl Templates {
    /// Compiles every template once. Errors name the template file and, for syntax errors, the
    /// line.
    pub fn compile(
        files: &BTreeMap<String, TemplateFile>,
        strings: &Arc<Strings>,
        languages: &[String],
    ) -> Result<Templates, Vec<Diagnostic>> {
        let shown: BTreeMap<String, (String, String)> = files
            .values()
            .map(|f| (f.name.clone(), (f.shown.clone(), f.text.clone())))
            .collect();
        let mut diags = Vec::new();
        let mut base = Tera::default();
        // Tera's default escaper also rewrites `/` as `&#x2F;`; the usual five are enough.
        base.set_escape_fn(escape);
        if let Some(d) = include_cycle(files) {
            return Err(vec![d]);
        }
        if let Err(e) =
            base.add_raw_templates(files.values().map(|f| (f.name.as_str(), f.text.as_str())))
        {
            // Find every template with a syntax error, each pointing at its own file (Tera's
            // parse errors do not name the template); parsing twice only happens on failure.
            for f in files.values() {
                if let Err(e) = tera::Template::new(&f.name, None, &f.text) {
                    let only =
                        BTreeMap::from([(f.name.clone(), (f.shown.clone(), f.text.clone()))]);
                    diags.push(template_diagnostic(&e, &only));
                }
            }
            if diags.is_empty() {
                diags.push(template_diagnostic(&e, &shown));
            }
            return Err(diags);
        }
        let mut per_lang = HashMap::new();
        for lang in languages {
            let mut tera = base.clone();
            tera.register_function(
                "t",
                Translate {
                    strings: Arc::clone(strings),
                    lang: lang.clone(),
                },
            );
            let l = lang.clone();
            tera.register_function("format_date", move |args: &HashMap<String, Value>| {
                date_arg(args.get("date"), &l)
            });
            let l = lang.clone();
            tera.register_filter(
                "format_date",
                move |value: &Value, _: &HashMap<String, Value>| date_arg(Some(value), &l),
            );
            per_lang.insert(lang.clone(), tera);
        }
        Ok(Templates { per_lang, shown })
    }

    pub fn has(&self, name: &str) -> bool {
        self.shown.contains_key(name)
    }

    /// Whether any template may use the variable `name`: it appears as a word inside a
    /// `{{ … }}` or `{% … %}` tag (not after a `.` nor inside a string). Conservative: a
    /// false "yes" only costs the time and memory of providing the variable.
    pub fn mention(&self, name: &str) -> bool {
        self.mention_outside(name, "")
    }

    /// `mention`, not counting the template `except` (a partial rendered only when another
    /// template uses its output).
    pub fn mention_outside(&self, name: &str, except: &str) -> bool {
        self.shown
            .iter()
            .any(|(n, (_, text))| n != except && mentions(text, name))
    }

    pub fn render(
        &self,
        lang: &str,
        name: &str,
        ctx: &tera::Context,
    ) -> Result<String, Diagnostic> {
        self.tera(lang)
            .render(name, ctx)
            .map_err(|e| template_diagnostic(&e, &self.shown))
    }

    /// Renders straight into bytes for a file: no UTF-8 check of the whole output (Tera's
    /// `render` validates what it wrote), and `capacity` spares the buffer's regrowth.
    pub fn render_bytes(
        &self,
        lang: &str,
        name: &str,
        ctx: &tera::Context,
        capacity: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(capacity);
        self.tera(lang)
            .render_to(name, ctx, &mut out)
            .map_err(|e| template_diagnostic(&e, &self.shown))?;
        Ok(out)
    }

    fn tera(&self, lang: &str) -> &Tera {
        self.per_lang
            .get(lang)
            .or_else(|| self.per_lang.values().next())
            .expect("at least one language")
    }
}

impl crate::markdown::shortcodes::ShortcodeTemplates for Templates {
    fn has(&self, template: &str) -> bool {
        Templates::has(self, template)
    }

    fn uses_inner(&self, template: &str) -> bool {
        self.shown
            .get(template)
            .is_some_and(|(_, text)| text.contains("inner"))
    }

    fn render(
        &self,
        lang: &str,
        template: &str,
        ctx: &tera::Context,
    ) -> Result<String, Diagnostic> {
        Templates::render(self, lang, template, ctx)
    }
}

fn mentions(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut rest = text;
    while let Some(open) = rest.find(['{']) {
        let after = &rest[open + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let end = after.find(close).unwrap_or(after.len());
        let tag = &after[1..end];
        rest = &after[end..];
        let mut quote = None;
        let mut prev = ' ';
        for (i, c) in tag.char_indices() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '"' || c == '\'' || c == '`' => quote = Some(c),
                None if tag[i..].starts_with(name)
                    && !word(prev)
                    && prev != '.'
                    && !tag[i + name.len()..].starts_with(word) =>
                {
                    return true;
                }
                None => {}
            }
            prev = c;
        }
    }
    false
}

fn escape(s: &str) -> String {
    crate::html::escape(s)
}

fn date_arg(v: Option<&Value>, lang: &str) -> tera::Result<Value> {
    match v {
        Some(Value::String(s)) => match crate::content::frontmatter::parse_date(s) {
            Ok(d) => Ok(Value::String(format_date(d, lang))),
            Err(e) => Err(tera::Error::msg(format!("format_date: {e}"))),
        },
        Some(Value::Null) | None => Ok(Value::String(String::new())),
        Some(other) => Err(tera::Error::msg(format!(
            "format_date: expected a date string, got {other}"
        ))),
    }
}

/// `t(key="…", …)`: a Fluent string in the page's language.
struct Translate {
    strings: Arc<Strings>,
    lang: String,
}

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = match args.get("key") {
            Some(Value::String(k)) => k,
            _ => {
                return Err(tera::Error::msg(
                    "t() needs a `key` argument, like t(key=\"toc-title\")",
                ));
            }
        };
        let fargs = fluent_args(
            args.iter()
                .filter(|(k, _)| *k != "key")
                .map(|(k, v)| (k.as_str(), v)),
        );
        Ok(Value::String(
            self.strings
                .get(&self.lang, key, Some(&fargs))
                .unwrap_or_else(|| key.clone()),
        ))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// A template that includes itself, directly or through others, would recurse forever.
fn include_cycle(files: &BTreeMap<String, TemplateFile>) -> Option<Diagnostic> {
    let includes: HashMap<&str, Vec<(String, usize)>> = files
        .values()
        .map(|f| (f.name.as_str(), included_names(&f.text)))
        .collect();
    for start in files.keys() {
        let mut stack = vec![(start.as_str(), vec![start.clone()])];
        let mut seen = std::collections::HashSet::new();
        while let Some((name, path)) = stack.pop() {
            for (inc, line) in includes.get(name).into_iter().flatten() {
                if inc == start {
                    let f = &files[start];
                    let chain = path
                        .iter()
                        .chain([inc])
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" → ");
                    let line = if path.len() == 1 { Some(*line) } else { None };
                    return Some(
                        Diagnostic::error("template", format!("template includes itself: {chain}"))
                            .at(&f.shown, line),
                    );
                }
                if seen.insert(inc.clone()) {
                    let mut p = path.clone();
                    p.push(inc.clone());
                    stack.push((inc.as_str(), p));
                }
            }
        }
    }
    None
}

fn included_names(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(pos) = rest.find("include") {
            rest = &rest[pos + 7..];
            let t = rest.trim_start();
            if let Some(q) = t.chars().next().filter(|c| *c == '"' || *c == '\'')
                && let Some(end) = t[1..].find(q)
            {
                out.push((t[1..1 + end].to_string(), i + 1));
            }
        }
    }
    out
}

/// A Tera error as a diagnostic: the template's file, the line when Tera gives one (syntax
/// errors) or when the missing variable can be found in the source, and the whole cause chain.
fn template_diagnostic(e: &tera::Error, shown: &BTreeMap<String, (String, String)>) -> Diagnostic {
    let mut parts = vec![e.to_string()];
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        parts.push(s.to_string());
        src = s.source();
    }
    let full = parts.join(": ");
    // The template named in the message: the innermost `'name'` or `"name"` that we know.
    let mut file = None;
    if shown.len() == 1 {
        file = shown.values().next().cloned();
    }
    for (name, (path, text)) in shown.iter() {
        if full.contains(&format!("'{name}'")) || full.contains(&format!("\"{name}\"")) {
            file = Some((path.clone(), text.clone()));
        }
    }
    let line = full
        .find(" --> ")
        .and_then(|i| full[i + 5..].split(':').next())
        .and_then(|n| n.trim().parse::<usize>().ok())
        .or_else(|| {
            let (_, text) = file.as_ref()?;
            let var = full.split('`').nth(1)?;
            text.lines().position(|l| l.contains(var)).map(|i| i + 1)
        });
    // Keep the message readable: drop pest's ascii-art, keep the expectation line.
    let message: Vec<&str> = full
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("-->")
                && !l.starts_with('|')
                && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .collect();
    let message = message.join(" ").replace("= ", "");
    let d = Diagnostic::error("template", format!("template error: {message}"));
    match file {
        Some((path, _)) => d.at(path, line),
        None => d,
    }
}

// ----- Views: what templates see. -----

#[derive(Serialize, Clone)]
pub struct LanguageView {
    pub code: String,
    pub name: String,
    pub title: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub root: String,
    pub base_url: String,
    pub default_language: String,
    pub languages: Vec<LanguageView>,
    pub params: Value,
    /// Whether the search index is written (`[search] enabled`).
    pub search: bool,
}

#[derive(Serialize, Clone)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    pub is_section: bool,
    /// A section with pages, even when `children` is left empty because it is collapsed.
    pub has_children: bool,
    pub children: Vec<NavItem>,
}

#[derive(Serialize)]
pub struct LinkView<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

#[derive(Serialize)]
pub struct ListedPage<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub description: &'a str,
    pub summary: &'a str,
    pub weight: Option<i64>,
    pub params: &'a serde_json::Map<String, Value>,
}

/// `section` in page templates: the section a page is in (a section page's own), built once
/// and shared by all of its pages — Hugo's `.CurrentSection`.
#[derive(Serialize)]
pub struct SectionView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub description: &'a str,
    pub pages: Vec<ListedPage<'a>>,
    pub subsections: Vec<ListedPage<'a>>,
}

#[derive(Serialize)]
pub struct TranslationLink<'a> {
    pub lang: &'a str,
    pub name: &'a str,
    pub title: &'a str,
    pub url: &'a str,
    pub permalink: String,
    /// The default-language page shown under this language's URL (not a real translation).
    pub untranslated: bool,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub kind: &'a str,
    /// The source file relative to the site root (`content/en/faq/x.md`), "" for pages
    /// sitegen made up; with `site.params.edit_url_base` the theme links "Improve this page".
    pub source: String,
    pub layout: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub permalink: String,
    pub lang: &'a str,
    pub content: std::borrow::Cow<'a, str>,
    pub summary: &'a str,
    pub toc: Vec<TocEntry>,
    pub show_toc: bool,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub params: &'a serde_json::Map<String, Value>,
    pub breadcrumbs: Vec<LinkView<'a>>,
    pub prev: Option<LinkView<'a>>,
    pub next: Option<LinkView<'a>>,
    pub pages: Vec<ListedPage<'a>>,
    pub subsections: Vec<ListedPage<'a>>,
    pub translations: Vec<TranslationLink<'a>>,
    pub default_language_permalink: String,
    pub translation: Option<Value>,
    pub faq: Option<Value>,
    pub faq_entry: Option<Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> (String, TemplateFile) {
        (
            name.to_string(),
            TemplateFile {
                name: name.into(),
                text: text.into(),
                shown: format!("templates/{name}"),
            },
        )
    }

    fn strings() -> Arc<Strings> {
        let config = crate::config::Config::parse("title = \"x\"\n").unwrap();
        Arc::new(Strings::load(Vec::new(), &config).0)
    }

    #[test]
    fn syntax_error_names_file_and_line() {
        let files = BTreeMap::from([file("page.html", "<p>\n{{ page.title }\n</p>\n")]);
        let err = Templates::compile(&files, &strings(), &["en".into()])
            .err()
            .unwrap();
        assert_eq!(
            err[0].file.as_deref(),
            Some(std::path::Path::new("templates/page.html"))
        );
        assert_eq!(err[0].line, Some(2), "{}", err[0].message);
    }

    #[test]
    fn self_include_is_refused() {
        let files = BTreeMap::from([
            file("a.html", "x\n{% include \"b.html\" %}"),
            file("b.html", "{% include \"a.html\" %}"),
        ]);
        let err = Templates::compile(&files, &strings(), &["en".into()])
            .err()
            .unwrap();
        assert!(
            err[0].message.contains("includes itself"),
            "{}",
            err[0].message
        );
    }

    #[test]
    fn mentions_finds_variables_in_tags_only() {
        assert!(mentions("{{ section.title }}", "section"));
        assert!(mentions("{% for p in section.pages %}", "section"));
        assert!(mentions("{%- if x %}{{ f(a=section) }}", "section"));
        assert!(!mentions(
            "<section>{{ page.section }}</section>",
            "section"
        ));
        assert!(!mentions("{% extends \"section.html\" %}", "section"));
        assert!(!mentions(
            "{{ t(key='subsections') }} {{ sections }}",
            "section"
        ));
        assert!(!mentions("{ section } {{ page.title }}", "section"));
    }

    #[test]
    fn missing_variable_points_at_line() {
        let files = BTreeMap::from([file("page.html", "<p>\n{{ page.nope }}\n</p>\n")]);
        let t = Templates::compile(&files, &strings(), &["en".into()]).unwrap();
        let err = t
            .render("en", "page.html", &tera::Context::new())
            .unwrap_err();
        assert_eq!(err.line, Some(2), "{}", err.message);
        assert!(err.message.contains("page.nope"), "{}", err.message);
    }
}
