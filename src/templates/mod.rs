//! Templates: Tera compiled once from the theme, one instance per language with that
//! language's `t()` and `format_date()` (`functions.rs`); template errors as diagnostics that
//! name the template file and line. Rendering returns text; it never touches the disk.

mod functions;
mod nesting;

pub(crate) use functions::{StringUse, capture_strings};

use crate::diagnostics::Diagnostic;
use crate::i18n::{Missing, Strings};
use crate::theme::TemplateFile;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use tera::Tera;

/// The compiled templates, per language.
pub(crate) struct Templates {
    per_lang: HashMap<String, Tera>,
    /// Tera name → (path shown in errors, source text).
    shown: BTreeMap<String, (String, String)>,
    /// UI strings `t()` was asked for and the language lacked, since the last `take_missing`.
    missing: Arc<Mutex<Missing>>,
}

impl Templates {
    /// Compiles every template once. Errors name the template file and, for syntax errors, the
    /// line.
    pub(crate) fn compile(
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
        base.set_escape_fn(functions::escape);
        if let Some(d) = include_cycle(files) {
            return Err(vec![d]);
        }
        // Tera's parser recurses per nested block and bracket: too deep a template would
        // overflow the stack before any error could be told.
        let too_deep: Vec<Diagnostic> = files
            .values()
            .filter_map(|f| {
                let (line, what) = nesting::too_deep(&f.text)?;
                Some(
                    Diagnostic::error("template", format!("template nests too deep: {what}"))
                        .at(&f.shown, Some(line)),
                )
            })
            .collect();
        if !too_deep.is_empty() {
            return Err(too_deep);
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
        let missing = Arc::new(Mutex::new(Missing::new()));
        let mut per_lang = HashMap::new();
        for lang in languages {
            let mut tera = base.clone();
            functions::register(&mut tera, strings, lang, &missing);
            per_lang.insert(lang.clone(), tera);
        }
        Ok(Templates {
            per_lang,
            shown,
            missing,
        })
    }

    /// The UI strings templates asked for since the last call and their language lacked: each
    /// phase that renders takes them, to report them with what else it found.
    pub(crate) fn take_missing(&self) -> Missing {
        std::mem::take(&mut *self.missing.lock().expect("missing-keys lock"))
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.shown.contains_key(name)
    }

    /// The source text of template `name`.
    pub(crate) fn source(&self, name: &str) -> Option<&str> {
        self.shown.get(name).map(|(_, text)| text.as_str())
    }

    /// Whether any template may use the variable `name`: it appears as a word inside a
    /// `{{ … }}` or `{% … %}` tag (not after a `.` nor inside a string). Conservative: a
    /// false "yes" only costs the time and memory of providing the variable.
    pub(crate) fn mention(&self, name: &str) -> bool {
        self.mention_outside(name, "")
    }

    /// `mention`, not counting the template `except` (a partial rendered only when another
    /// template uses its output).
    pub(crate) fn mention_outside(&self, name: &str, except: &str) -> bool {
        self.shown
            .iter()
            .any(|(n, (_, text))| n != except && mentions(text, name))
    }

    pub(crate) fn render(
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
    pub(crate) fn render_bytes(
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

/// The templates `text` includes, with the line of each.
fn included_names(text: &str) -> Vec<(String, usize)> {
    named_after(text, "include")
}

/// The names in quotes after each `word` in `text`, with their lines.
fn named_after(text: &str, word: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(pos) = rest.find(word) {
            rest = &rest[pos + word.len()..];
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

/// The templates whose output may differ between `old` and `new`: those whose text changed
/// (or that appeared or vanished), and those that include, import or extend one of them,
/// however indirectly.
pub(crate) fn affected(
    old: &BTreeMap<String, TemplateFile>,
    new: &BTreeMap<String, TemplateFile>,
) -> HashSet<String> {
    let mut affected: HashSet<String> = old
        .keys()
        .chain(new.keys())
        .filter(|n| old.get(*n).map(|f| &f.text) != new.get(*n).map(|f| &f.text))
        .cloned()
        .collect();
    let uses: Vec<(&String, Vec<String>)> = old
        .iter()
        .chain(new)
        .map(|(name, f)| {
            let names = ["include", "import", "extends"]
                .iter()
                .flat_map(|w| named_after(&f.text, w))
                .map(|(n, _)| n)
                .collect();
            (name, names)
        })
        .collect();
    loop {
        let more: Vec<String> = uses
            .iter()
            .filter(|(name, used)| {
                !affected.contains(*name) && used.iter().any(|u| affected.contains(u))
            })
            .map(|(name, _)| (*name).clone())
            .collect();
        if more.is_empty() {
            return affected;
        }
        affected.extend(more);
    }
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

    /// A render stops at 256 MiB of output, with an error that says so; a macro's output,
    /// made in a buffer before it is written, counts too.
    #[test]
    fn output_of_one_render_is_bounded() {
        let files = BTreeMap::from([
            file(
                "page.html",
                "{% for i in range(end=20) %}{{ big | safe }}{% endfor %}",
            ),
            file(
                "macro.html",
                "{% import \"macros.html\" as m %}{{ m::big(big=big) }}",
            ),
            file(
                "macros.html",
                "{% macro big(big) %}{% for i in range(end=20) %}{{ big | safe }}{% endfor %}{% endmacro big %}",
            ),
        ]);
        let t = Templates::compile(&files, &strings(), &["en".into()]).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("big", &"x".repeat(16 << 20));
        for name in ["page.html", "macro.html"] {
            let err = t.render_bytes("en", name, &ctx, 0).unwrap_err();
            assert!(
                err.message.contains("wrote more than 256 MiB"),
                "{}",
                err.message
            );
        }
        ctx.insert("big", &"x".repeat(8 << 20));
        assert_eq!(
            t.render_bytes("en", "page.html", &ctx, 0).unwrap().len(),
            160 << 20
        );
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
