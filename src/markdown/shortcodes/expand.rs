//! The `Expander`: each shortcode of a body rendered with its template, and the Markdown to
//! render built from the body, with shortcodes replaced by tokens or by inserted text.

use super::inner::{self, Kind, Parent};
use super::parse::{Form, Tag, TagKind, parse_tag};
use super::prose::{Placeholder, Regions, html_placeholders};
use super::tree::{Call, Node};
use super::{Env, Sub, SubKind, restore, token};
use crate::diagnostics::Diagnostic;
use crate::html::escape as escape_html;
use serde_json::{Map, Value};
use std::ops::Range;

/// How many shortcodes may sit one inside another. Each level is a recursion (a template
/// render, and for `{{% %}}` a Markdown render of the inner content); 3,000 levels overflowed
/// the stack. Real pages nest a handful; a debug build still has room for 400 on a 2 MiB
/// thread stack.
pub(super) const MAX_NESTING: usize = 100;

fn line_starts(s: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(s.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Expands the shortcodes of one body (see `expand` in mod.rs, which drives it).
pub(super) struct Expander<'e, 'b> {
    pub(super) env: &'e Env<'e>,
    pub(super) src: &'b str,
    line_starts: Vec<usize>,
    pub(super) regions: Regions,
    /// The HTML placeholders in prose (`<duration>`), shown as text.
    pub(super) placeholders: Vec<Placeholder>,
    pub(super) subs: Vec<Sub>,
    pub(super) diags: Vec<Diagnostic>,
    pub(super) anchors: Vec<String>,
    /// The shortcodes whose inner content is being expanded, outermost first.
    parents: Vec<Parent>,
}

/// What a shortcode's template produced.
pub(super) enum Output {
    /// From a `{{% %}}` shortcode without inner content.
    Markdown(String),
    Html(String),
}

impl<'e, 'b> Expander<'e, 'b> {
    pub(super) fn new(env: &'e Env<'e>, body: &'b str) -> Self {
        let regions = Regions::of(body);
        Expander {
            env,
            src: body,
            line_starts: line_starts(body),
            placeholders: html_placeholders(body, &regions),
            regions,
            subs: Vec::new(),
            diags: Vec::new(),
            anchors: Vec::new(),
            parents: Vec::new(),
        }
    }

    /// 1-based file line of a byte of the body.
    pub(super) fn line(&self, pos: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= pos) + self.env.line_offset
    }

    pub(super) fn diag(&mut self, d: Diagnostic, pos: usize) {
        let line = self.line(pos);
        self.diags.push(d.at(self.env.file, Some(line)));
    }

    /// Every tag outside HTML comments, in order; syntax errors are reported and the text
    /// left as written.
    pub(super) fn scan(&mut self) -> Vec<Tag> {
        let src = self.src;
        let mut tags = Vec::new();
        let mut i = 0;
        while let Some(rel) = src[i..].find("{{") {
            let pos = i + rel;
            if !matches!(src.as_bytes().get(pos + 2), Some(b'<' | b'%')) {
                i = pos + 2;
                continue;
            }
            if let Some(c) = self.regions.comment_at(pos) {
                i = c.end;
                continue;
            }
            match parse_tag(src, pos) {
                Ok(tag) => {
                    i = tag.end;
                    tags.push(tag);
                }
                Err(message) => {
                    self.diag(Diagnostic::error("shortcode-syntax", message), pos);
                    i = pos + 3;
                }
            }
        }
        tags
    }

    /// Body text, with HTML placeholders escaped.
    fn push_text(&self, range: Range<usize>, out: &mut String) {
        let mut from = range.start;
        for p in &self.placeholders {
            if range.contains(&p.pos) {
                out.push_str(&self.src[from..p.pos]);
                out.push_str("&lt;");
                from = p.pos + 1;
            }
        }
        out.push_str(&self.src[from..range.end]);
    }

    /// Markdown source for `nodes`: shortcodes become tokens or inserted text.
    pub(super) fn markdown_mode(&mut self, nodes: &[Node], out: &mut String) {
        for node in nodes {
            match node {
                Node::Text(r) => self.push_text(r.clone(), out),
                Node::Escaped(tag) => {
                    let literal = format!("{}{}{}", tag.form.open(), tag.raw, tag.form.close());
                    if self.regions.in_code(tag.start) {
                        out.push_str(&literal);
                    } else {
                        out.push_str(&literal.replace('<', "&lt;"));
                    }
                }
                Node::Stray(tag) => {
                    self.stray(tag);
                    let text = &self.src[tag.start..tag.end];
                    if self.regions.in_code(tag.start) {
                        out.push_str(text);
                    } else {
                        out.push_str(&text.replace('<', "&lt;"));
                    }
                }
                Node::Call(call) => self.call_in_markdown(call, out),
            }
        }
    }

    fn stray(&mut self, tag: &Tag) {
        let message = format!(
            "`{} /{} {}` closes a shortcode that was never opened",
            tag.form.open(),
            tag.name,
            tag.form.close()
        );
        self.diag(Diagnostic::error("shortcode-unopened", message), tag.start);
    }

    fn call_in_markdown(&mut self, call: &Call, out: &mut String) {
        let span = &self.src[call.tag.start..call.end];
        let newlines = span.matches('\n').count();
        if self.regions.in_code(call.tag.start) {
            if let Some(text) = self.unknown_in_code(call) {
                // As written: the same lines, nothing to keep in step.
                out.push_str(text);
                return;
            }
            let text = match self.render_call(call) {
                Output::Markdown(s) | Output::Html(s) => s,
            };
            let text = text.trim_end_matches('\n');
            if newlines == 0 && !text.contains('\n') {
                out.push_str(text);
            } else {
                self.push_token(escape_html(text), SubKind::Text, newlines, out);
            }
            return;
        }
        match self.render_call(call) {
            Output::Markdown(md) => {
                let md = md.trim_end_matches('\n');
                if newlines == 0 && !md.contains('\n') {
                    out.push_str(md);
                } else {
                    let line = self.line(call.tag.start);
                    let html = self.render_markdown(md, line);
                    self.push_token(html, SubKind::Html, newlines, out);
                }
            }
            Output::Html(html) => {
                let html = html.trim_end_matches('\n');
                if call.tag.form == Form::Html
                    && call.inner.is_none()
                    && newlines == 0
                    && !html.contains(['<', '\n'])
                {
                    // Plain text (a version, a URL from `ref`): part of the Markdown, so it
                    // works inside link destinations and headings.
                    out.push_str(&escape_markdown(html));
                } else {
                    self.push_token(html.to_string(), SubKind::Html, newlines, out);
                }
            }
        }
    }

    /// A token spanning `newlines + 1` lines, standing for `html`.
    fn push_token(&mut self, html: String, kind: SubKind, newlines: usize, out: &mut String) {
        let t = token(self.subs.len());
        self.subs.push(Sub { html, kind });
        out.push_str(&t);
        for _ in 0..newlines {
            out.push('\n');
            out.push_str(&t);
        }
    }

    /// Renders Markdown that came from a shortcode, with the page's link hooks; `line` is the
    /// file line its first line is on.
    pub(super) fn render_markdown(&mut self, md: &str, line: usize) -> String {
        let r = crate::markdown::render(md, line.saturating_sub(1), self.env.hooks);
        for d in r.problems {
            let line = d.line;
            self.diags.push(d.at(self.env.file, line));
        }
        self.anchors.extend(r.anchors);
        r.html
    }

    /// Inner content as Markdown: its own shortcodes expanded, then rendered.
    pub(super) fn inner_markdown(&mut self, range: &Range<usize>, nodes: &[Node]) -> String {
        let mut md = String::with_capacity(range.len());
        self.markdown_mode(nodes, &mut md);
        let line = self.line(range.start);
        let html = self.render_markdown(&md, line);
        restore(&html, &self.subs)
    }

    /// Inner content of a `{{< >}}` shortcode: as written, its own shortcodes rendered.
    fn inner_raw(&mut self, nodes: &[Node]) -> String {
        let mut out = String::new();
        for node in nodes {
            match node {
                Node::Text(r) => out.push_str(&self.src[r.clone()]),
                Node::Escaped(tag) => out.push_str(&escape_html(&format!(
                    "{}{}{}",
                    tag.form.open(),
                    tag.raw,
                    tag.form.close()
                ))),
                Node::Stray(tag) => {
                    self.stray(tag);
                    out.push_str(&escape_html(&self.src[tag.start..tag.end]));
                }
                Node::Call(call) => match self.render_call(call) {
                    Output::Markdown(s) | Output::Html(s) => out.push_str(&s),
                },
            }
        }
        out
    }

    /// Inner content for a code block: as written, plain text, the output of its shortcodes
    /// as text; newlines at either end dropped.
    fn inner_code(&mut self, nodes: &[Node]) -> String {
        let mut out = String::new();
        for node in nodes {
            match node {
                Node::Text(r) => out.push_str(&self.src[r.clone()]),
                Node::Escaped(tag) => {
                    out.push_str(tag.form.open());
                    out.push_str(&tag.raw);
                    out.push_str(tag.form.close());
                }
                Node::Stray(tag) => {
                    self.stray(tag);
                    out.push_str(&self.src[tag.start..tag.end]);
                }
                Node::Call(call) => match self.unknown_in_code(call) {
                    Some(text) => out.push_str(text),
                    None => match self.render_call(call) {
                        Output::Markdown(s) | Output::Html(s) => out.push_str(&s),
                    },
                },
            }
        }
        out.trim_matches(['\n', '\r']).to_string()
    }

    /// A call's inner content as its template wants it, with the call as the `parent` of the
    /// shortcodes inside.
    fn inner(&mut self, call: &Call, kind: Kind) -> String {
        let Some((range, nodes)) = &call.inner else {
            return String::new();
        };
        self.parents.push(Parent {
            name: call.tag.name.clone(),
            args: args_map(&call.tag),
        });
        let inner = match kind {
            Kind::Raw => self.inner_raw(nodes),
            Kind::Markdown => self.inner_markdown(range, nodes),
            Kind::Code => self.inner_code(nodes),
        };
        self.parents.pop();
        inner
    }

    pub(super) fn render_call(&mut self, call: &Call) -> Output {
        let tag = &call.tag;
        let open = &self.src[tag.start..tag.end];
        if self.parents.len() >= MAX_NESTING {
            let message = format!(
                "shortcode `{}` is nested {} deep: at most {MAX_NESTING} shortcodes may sit one inside another",
                tag.name,
                self.parents.len() + 1
            );
            self.diag(Diagnostic::error("shortcode-nesting", message), tag.start);
            return Output::Html(visible("shortcode-error", open));
        }
        let name = format!("shortcodes/{}.html", tag.name);
        let templates = self.env.templates;
        if !templates.has(&name) {
            return Output::Html(self.unknown(call));
        }
        let source = templates.source(&name);
        let uses_inner = source.is_some_and(|s| s.contains("inner"));
        let reads_file = tag.name == "readfile";
        if call.inner.is_none() && tag.kind == TagKind::Open && uses_inner && !reads_file {
            let message = format!(
                "shortcode `{}` is never closed: its content must end with `{} /{} {}` (or write `{} {} /{}` when it has none)",
                tag.name,
                tag.form.open(),
                tag.name,
                tag.form.close(),
                tag.form.open(),
                tag.name,
                tag.form.close()
            );
            self.diag(Diagnostic::error("shortcode-unclosed", message), tag.start);
            return Output::Html(visible("shortcode-error", open));
        }
        let declared = source.map(inner::declared).unwrap_or_default();
        let kind = inner::kind(&declared, tag, self.parents.last());
        let inner = if reads_file {
            match self.read_file(tag, kind) {
                Some(text) => text,
                None => return Output::Html(visible("shortcode-error", open)),
            }
        } else {
            self.inner(call, kind)
        };
        let mut ctx = self.context(tag, &inner, kind);
        if source.is_some_and(|s| s.contains("args_html")) {
            ctx.insert("args_html", &self.args_html(tag));
        }
        if matches!(tag.name.as_str(), "ref" | "relref") {
            ctx.insert("target", &self.ref_target(tag));
        }
        // Template files end with a newline, and often start with a comment line.
        let rendered = templates.render(self.env.lang, &name, &ctx);
        if let Ok(html) = &rendered {
            // Ids the template itself writes (`support-matrix`'s levels) are link targets too.
            crate::markdown::html_anchors::scan_html_anchors(html, &mut self.anchors);
        }
        match rendered.map(|s| s.trim_matches(['\n', '\r']).to_string()) {
            Ok(s) if tag.form == Form::Markdown && call.inner.is_none() && !reads_file => {
                Output::Markdown(s)
            }
            Ok(s) if !self.env.hooks.highlight() => Output::Html(s),
            Ok(s) => {
                // Code the template wrote (`highlight`, `readfile`) is highlighted like a fence.
                let (s, unknown) = crate::highlight::in_html(&s);
                for lang in unknown {
                    let d = crate::markdown::blocks::unknown_language(&lang, None);
                    self.diag(d, tag.start);
                }
                Output::Html(s)
            }
            Err(e) => {
                // A template's own `throw` says what is wrong in its author's words (an
                // unknown label, a missing param): that is the message, not Tera's chain.
                let message = match e.message.split_once("Function call 'throw' failed: ") {
                    Some((_, said)) => format!("shortcode `{}` failed: {}", tag.name, said.trim()),
                    None => format!(
                        "shortcode `{}` failed: {} ({})",
                        tag.name,
                        e.message,
                        e.location()
                    ),
                };
                self.diag(Diagnostic::error("shortcode-template", message), tag.start);
                Output::Html(visible("shortcode-error", open))
            }
        }
    }

    fn context(&self, tag: &Tag, inner: &str, kind: Kind) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert("name", &tag.name);
        ctx.insert("args", &args_map(tag));
        ctx.insert("positional", &tag.args.positional);
        ctx.insert("inner", inner);
        ctx.insert("inner_is_code", &(kind == Kind::Code));
        // Where the call starts in the body: unique on the page, for templates that need an
        // id of their own (a tab group's radio buttons).
        ctx.insert("position", &tag.start);
        match self.parents.last() {
            Some(p) => ctx.insert(
                "parent",
                &serde_json::json!({"name": p.name, "args": p.args}),
            ),
            None => ctx.insert("parent", &Value::Null),
        }
        ctx.insert("page", &self.env.page);
        ctx.insert("site", self.env.site);
        ctx.insert("lang", self.env.lang);
        ctx
    }
}

/// A call's arguments as its template sees them: named ones by name, positional ones as `_0`,
/// `_1`, ….
fn args_map(tag: &Tag) -> Map<String, Value> {
    let mut args = Map::new();
    for (i, v) in tag.args.positional.iter().enumerate() {
        args.insert(format!("_{i}"), Value::String(v.clone()));
    }
    for (k, v) in &tag.args.named {
        args.insert(k.clone(), Value::String(v.clone()));
    }
    args
}

/// A visible stand-in for a shortcode that could not be rendered.
pub(super) fn visible(class: &str, source: &str) -> String {
    format!("<span class=\"{class}\">{}</span>", escape_html(source))
}

/// Backslash-escapes what Markdown would read as markup in inserted plain text (`&` is left:
/// the text is already HTML-escaped).
fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '!' | '|' | '~' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{run, run_with};
    use crate::markdown::NoHooks;

    #[test]
    fn html_form_keeps_inner_raw_and_nests() {
        let (html, d) = run("{{< box >}}*raw* {{< box >}}in{{< /box >}}{{< /box >}}\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            html,
            "<div class=\"box\">*raw* <div class=\"box\">in</div></div>\n"
        );
        // Tabs holding Markdown tabs: no paragraph around them.
        let (html, _) = run(
            "{{< tabs >}}\n{{% tab \"Linux\" %}}\n`ls`\n{{% /tab %}}\n{{< tab \"Mac\" >}}\n*brew*\n{{< /tab >}}\n{{< /tabs >}}\n",
        );
        assert_eq!(
            html,
            "<div class=\"sg-tabs\">\n<section class=\"sg-tab\">\n\
             <label class=\"sg-tab-label\"><input class=\"sg-tab-input\" type=\"radio\" name=\"sg-tabs-0\">Linux</label>\n\
             <div class=\"sg-tab-panel\">\n<p><code>ls</code></p>\n</div></section>\n\
             <section class=\"sg-tab\">\n<label class=\"sg-tab-label\"><input class=\"sg-tab-input\" type=\"radio\" name=\"sg-tabs-0\">Mac</label>\n\
             <div class=\"sg-tab-panel\">\n<p><em>brew</em></p>\n</div></section>\n</div>\n"
        );
    }

    #[test]
    fn arguments_page_and_site_reach_the_template() {
        let (html, _) = run("A {{< args one \"two words\" k=v >}} B\n");
        assert_eq!(html, "<p>A one,two words|v|Page|Site|en B</p>\n");
    }

    #[test]
    fn code_blocks_get_plain_text() {
        let (html, d) = run(
            "```bash\nexport V={{% x/latest-version %}}\necho {{< box >}}<b>{{< /box >}}\n```\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            super::super::testing::unhighlighted(&html),
            "<pre><code class=\"language-bash\">export V=v1.2.3\necho &lt;div class=&quot;box&quot;&gt;&lt;b&gt;&lt;/div&gt;\n</code></pre>\n"
        );
        // Inline `{{% %}}` output is Markdown.
        let (html, _) = run("Version {{% x/latest-version %}}, {{% md hi %}}.\n");
        assert_eq!(html, "<p>Version v1.2.3, <em>hi</em>.</p>\n");
    }

    #[test]
    fn escaped_shortcodes_print_literally() {
        let (html, d) = run(
            "Write {{</* alert */>}} or {{%/* x */%}}.\n\n```\n{{</* figure src=\"a\" */>}}\n```\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            html,
            "<p>Write {{&lt; alert &gt;}} or {{% x %}}.</p>\n<pre><code>{{&lt; figure src=\"a\" &gt;}}\n</code></pre>\n"
        );
    }

    #[test]
    fn unknown_is_a_visible_warning_or_strict_error() {
        let (html, d) = run("Line one\n\nSee {{< nope a=1 >}} here.\n");
        assert_eq!(
            html,
            "<p>Line one</p>\n<p>See <span class=\"shortcode-unknown\">{{&lt; nope a=1 &gt;}}</span> here.</p>\n"
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "shortcode-unknown");
        assert!(!d[0].is_error());
        assert_eq!(
            d[0].to_string(),
            "content/a.md:13: warning[shortcode-unknown]: unknown shortcode `nope`: there is no templates/shortcodes/nope.html in the site or its theme, and no `nope` in [shortcodes] of sitegen.toml"
        );
        let (_, d) = run_with("{{< nope >}}\n", true, &NoHooks);
        assert!(d[0].is_error());
    }

    #[test]
    fn unclosed_is_an_error_at_the_opening_line() {
        let (html, d) = run("# T\n\n{{% alert %}}\nText\n\nMore\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].code, d[0].line), ("shortcode-unclosed", Some(13)));
        assert!(d[0].is_error());
        assert!(
            html.contains("<span class=\"shortcode-error\">{{% alert %}}</span>"),
            "{html}"
        );
        assert!(html.contains("<p>More</p>"), "{html}");
        // A shortcode without `inner` needs no closing tag.
        let (_, d) = run("{{< figure src=\"a.png\" >}}\n");
        assert!(d.is_empty(), "{d:?}");
        // A closing tag without its opening one.
        let (_, d) = run("x {{< /box >}}\n");
        assert_eq!(d[0].code, "shortcode-unopened");
    }

    #[test]
    fn template_errors_name_the_page_line() {
        let (html, d) = run("\n{{< broken >}}\n");
        assert_eq!((d[0].code, d[0].line), ("shortcode-template", Some(12)));
        assert!(html.contains("shortcode-error"));
    }

    #[test]
    fn note_warning_caution_are_alerts() {
        let (html, d) = run("{{% warning %}}\nCareful.\n{{% /warning %}}\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            html,
            "<div class=\"sg-alert sg-alert-warning\" role=\"note\"><p class=\"sg-alert-title\">Warning</p>\n<p>Careful.</p>\n</div>\n"
        );
    }
}
