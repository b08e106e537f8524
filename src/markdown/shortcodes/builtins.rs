//! What some shortcodes get beyond their template: `ref`/`relref` the page a name finds,
//! `readfile` the file it includes, a template that mentions `args_html` its arguments as
//! Markdown; and what an unknown shortcode shows.

use super::expand::{Expander, visible};
use super::inner::Kind;
use super::parse::Tag;
use super::tree::Call;
use super::{Env, render_body};
use crate::diagnostics::Diagnostic;
use crate::markdown::Hooks;
use serde_json::{Map, Value};

/// A page's link hooks, every link put at one line: the calling line of a `readfile` or of
/// a shortcode whose arguments are Markdown.
struct AtLine<'h> {
    hooks: &'h dyn Hooks,
    line: usize,
}

impl Hooks for AtLine<'_> {
    fn rewrite_link(&self, dest: &str, _line: usize) -> Option<String> {
        self.hooks.rewrite_link(dest, self.line)
    }

    fn alert_title(&self, kind: &str) -> String {
        self.hooks.alert_title(kind)
    }

    fn highlight(&self) -> bool {
        self.hooks.highlight()
    }
}

impl<'b> Expander<'_, 'b> {
    fn named<'t>(tag: &'t Tag, key: &str) -> Option<&'t str> {
        tag.args
            .named
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// An unknown shortcode in prose: a warning, and a visible placeholder for its tags with
    /// its inner content rendered as Markdown between them.
    pub(super) fn unknown(&mut self, call: &Call) -> String {
        self.report_unknown(&call.tag);
        let tag = &call.tag;
        let open = visible("shortcode-unknown", &self.src[tag.start..tag.end]);
        let Some((range, nodes)) = &call.inner else {
            return open;
        };
        let close = visible("shortcode-unknown", &self.src[range.end..call.end]);
        let inner = self.inner_markdown(range, nodes);
        if self.src[tag.start..call.end].contains('\n') {
            format!("<div class=\"shortcode-unknown-block\">{open}\n{inner}{close}</div>")
        } else {
            format!("{open}{}{close}", unwrap_paragraph(&inner))
        }
    }

    /// An unknown shortcode in code: reported, and its text as written (inner content and
    /// closing tag included). None for a known one.
    pub(super) fn unknown_in_code(&mut self, call: &Call) -> Option<&'b str> {
        let name = format!("shortcodes/{}.html", call.tag.name);
        if self.env.templates.has(&name) {
            return None;
        }
        self.report_unknown(&call.tag);
        Some(&self.src[call.tag.start..call.end])
    }

    fn report_unknown(&mut self, tag: &Tag) {
        let message = format!(
            "unknown shortcode `{}`: there is no templates/shortcodes/{}.html in the site or its theme, and no `{}` in [shortcodes] of sitegen.toml",
            tag.name, tag.name, tag.name
        );
        let d = if self.env.strict {
            Diagnostic::error("shortcode-unknown", message)
        } else {
            Diagnostic::warning("shortcode-unknown", message)
        };
        self.diag(d, tag.start);
    }

    /// `target` for `ref`/`relref`: the path or name as written, or the URL of the page a
    /// file name finds; an ambiguous name is an error listing the pages.
    pub(super) fn ref_target(&mut self, tag: &Tag) -> String {
        let written = Self::named(tag, "path")
            .or(tag.args.positional.first().map(String::as_str))
            .unwrap_or("")
            .to_string();
        let lang = Self::named(tag, "lang");
        match self.env.access.find_page(&written, lang) {
            Ok(found) => found.unwrap_or(written),
            Err(pages) => {
                let paths: Vec<&str> = pages.iter().map(|(path, _)| path.as_str()).collect();
                let message = format!(
                    "`{written}` is ambiguous: {} pages have that file name ({}); write the path of the one you mean",
                    pages.len(),
                    paths.join(", "),
                );
                self.diag(Diagnostic::error("ref-ambiguous", message), tag.start);
                // The first meanwhile, so that the link is not reported again as broken.
                pages.into_iter().next().map_or(written, |(_, url)| url)
            }
        }
    }

    /// The file `readfile` names as its template's `inner`: as code text, or rendered as
    /// Markdown with its own shortcodes (diagnostics in it point at its own lines, its links
    /// at the calling line). None when it cannot be read (reported at the calling line).
    pub(super) fn read_file(&mut self, tag: &Tag, kind: Kind) -> Option<String> {
        let Some(path) =
            Self::named(tag, "file").or(tag.args.positional.first().map(String::as_str))
        else {
            let message = "`readfile` needs a file: {{< readfile file=\"includes/example.md\" >}}";
            self.diag(Diagnostic::error("shortcode-readfile", message), tag.start);
            return None;
        };
        let env: &Env<'_> = self.env;
        let (file, text) = match env.access.read_file(path) {
            Ok(found) => found,
            Err(why) => {
                let message = format!("`readfile` cannot include `{path}`: {why}");
                self.diag(Diagnostic::error("shortcode-readfile", message), tag.start);
                return None;
            }
        };
        if file == env.file || env.including.contains(&file) {
            let message = format!(
                "`readfile` includes `{}` into itself (through {})",
                file.display(),
                env.file.display()
            );
            self.diag(Diagnostic::error("shortcode-readfile", message), tag.start);
            return None;
        }
        if kind == Kind::Code {
            return Some(text.trim_matches(['\n', '\r']).to_string());
        }
        // An included page's front matter is its metadata, not text to show.
        let (body, skipped) = without_front_matter(&text);
        let mut including = env.including.to_vec();
        including.push(env.file.to_path_buf());
        let hooks = AtLine {
            hooks: env.hooks,
            line: self.line(tag.start),
        };
        let nested = Env {
            templates: env.templates,
            access: env.access,
            lang: env.lang,
            page: env.page.clone(),
            site: env.site,
            file: &file,
            line_offset: skipped,
            strict: env.strict,
            hooks: &hooks,
            including: &including,
        };
        let (r, diags) = render_body(body, skipped, Some(&nested), &hooks);
        self.diags.extend(diags);
        self.anchors.extend(r.anchors);
        Some(r.html)
    }

    /// Every argument rendered as inline Markdown (`args_html.title`), for templates that
    /// show a title or footer written in Markdown (`title="**Fast** builds"`).
    pub(super) fn args_html(&mut self, tag: &Tag) -> Map<String, Value> {
        let env: &Env<'_> = self.env;
        let hooks = AtLine {
            hooks: env.hooks,
            line: self.line(tag.start),
        };
        let positional = tag
            .args
            .positional
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("_{i}"), v));
        let named = tag.args.named.iter().map(|(k, v)| (k.clone(), v));
        positional
            .chain(named)
            .map(|(k, v)| {
                let r = crate::markdown::render(v, 0, &hooks);
                (k, Value::String(unwrap_paragraph(&r.html).to_string()))
            })
            .collect()
    }
}

/// `<p>x</p>` → `x`, as Hugo's `markdownify` does for one paragraph.
fn unwrap_paragraph(html: &str) -> &str {
    let t = html.trim_end_matches('\n');
    match t.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner,
        _ => html,
    }
}

/// `text` without a leading `---`/`+++` front matter block, and the lines that block took.
fn without_front_matter(text: &str) -> (&str, usize) {
    for fence in ["---", "+++"] {
        let Some(rest) = text
            .strip_prefix(fence)
            .and_then(|r| r.strip_prefix('\n').or_else(|| r.strip_prefix("\r\n")))
        else {
            continue;
        };
        let mut offset = text.len() - rest.len();
        for line in rest.split_inclusive('\n') {
            offset += line.len();
            if line.trim_end() == fence {
                let lines = text[..offset].matches('\n').count();
                return (&text[offset..], lines);
            }
        }
    }
    (text, 0)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Lines, run, run_with, unhighlighted};
    use super::without_front_matter;

    #[test]
    fn table_in_either_form_renders_its_markdown() {
        for (open, close) in [
            ("{{< table caption=\"T\" >}}", "{{< /table >}}"),
            ("{{% table \"T\" %}}", "{{% /table %}}"),
        ] {
            let (html, d) = run(&format!(
                "{open}\n| a | b |\n|---|---|\n| 1 | 2 |\n{close}\n"
            ));
            assert!(d.is_empty(), "{d:?}");
            assert!(
                html.starts_with("<figure class=\"sg-table\"><figcaption>T</figcaption>\n<div class=\"sg-table-scroll\">\n<table><thead><tr><th>a</th>"),
                "{html}"
            );
            assert!(!html.contains('|'), "{html}");
        }
    }

    #[test]
    fn unknown_shortcodes_show_their_content() {
        // In prose: the tags as placeholders, the inner content rendered.
        let (html, d) = run(
            "A {{< kbd >}}*Ctrl*{{< /kbd >}} key.\n\n{{< notice tip >}}\nSome **bold**.\n{{< /notice >}}\n",
        );
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(
            html,
            "<p>A <span class=\"shortcode-unknown\">{{&lt; kbd &gt;}}</span><em>Ctrl</em><span class=\"shortcode-unknown\">{{&lt; /kbd &gt;}}</span> key.</p>\n\
             <div class=\"shortcode-unknown-block\"><span class=\"shortcode-unknown\">{{&lt; notice tip &gt;}}</span>\n<p>Some <strong>bold</strong>.</p>\n\
             <span class=\"shortcode-unknown\">{{&lt; /notice &gt;}}</span></div>\n"
        );
        // In code: the text as written, never placeholder markup; still reported.
        let (html, d) = run(
            "```yaml\nimage: {{< param \"image\" >}}\nx: {{% nope a=1 %}}in{{% /nope %}}\n```\n\n`{{< nope >}}`\n\n{{< highlight go >}}\n{{< nope >}}\n{{< /highlight >}}\n",
        );
        // Code is highlighted: the text is compared without the token spans.
        let html = unhighlighted(&html);
        assert_eq!(
            d.iter().filter(|d| d.code == "shortcode-unknown").count(),
            3,
            "{d:?}"
        );
        assert!(
            html.contains("x: {{% nope a=1 %}}in{{% /nope %}}\n"),
            "{html}"
        );
        assert!(
            html.contains("<p><code>{{&lt; nope &gt;}}</code></p>"),
            "{html}"
        );
        assert!(
            html.contains("<code class=\"language-go\">{{&lt; nope &gt;}}\n</code>"),
            "{html}"
        );
        assert!(!html.contains("shortcode-unknown"), "{html}");
    }

    #[test]
    fn docsy_tabpane_holds_code_unless_text() {
        let (html, d) = run(
            "{{< tabpane langEqualsHeader=true >}}\n{{< tab header=\"**Shells**:\" disabled=true />}}\n{{< tab \"Bash\" >}}\necho \"<hi>\" {{< x/latest-version >}} {{</* y */>}}\n{{< /tab >}}\n\
             {{< tab header=\"Notes\" text=true >}}\nSee *this*.\n{{< /tab >}}\n{{< /tabpane >}}\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            unhighlighted(&html),
            "<div class=\"sg-tabs sg-tabpane\">\n<p class=\"sg-tabs-caption\"><strong>Shells</strong>:</p>\n\
             <section class=\"sg-tab\">\n<label class=\"sg-tab-label\"><input class=\"sg-tab-input\" type=\"radio\" name=\"sg-tabs-0\">Bash</label>\n\
             <div class=\"sg-tab-panel\">\n<pre><code class=\"language-bash\">echo &quot;&lt;hi&gt;&quot; v1.2.3 {{&lt; y &gt;}}\n</code></pre>\n</div></section>\n\
             <section class=\"sg-tab\">\n<label class=\"sg-tab-label\"><input class=\"sg-tab-input\" type=\"radio\" name=\"sg-tabs-0\">Notes</label>\n\
             <div class=\"sg-tab-panel\">\n<p>See <em>this</em>.</p>\n</div></section>\n</div>\n"
        );
        // text=true on the pane makes every tab Markdown.
        let (html, _) = run(
            "{{< tabpane text=true >}}\n{{< tab \"A\" >}}\n# Title\n{{< /tab >}}\n{{< /tabpane >}}\n",
        );
        assert!(html.contains("<h1 id=\"title\">Title"), "{html}");
    }

    #[test]
    fn ref_finds_a_page_by_file_name() {
        let hooks = Lines::default();
        let (html, d) = run_with(
            "[a]({{< ref \"unique.md#x\" >}}) [b]({{< relref \"guide.md\" >}}) [c]({{< ref path=\"unique\" lang=\"zh\" >}})\n\n[d]({{< ref \"twice.md\" >}})\n",
            false,
            &hooks,
        );
        assert_eq!(
            hooks
                .0
                .borrow()
                .iter()
                .map(|(d, _)| d.as_str())
                .collect::<Vec<_>>(),
            [
                "/docs/unique/#x",
                "guide.md",
                "/zh/docs/unique/",
                "/a/twice/"
            ]
        );
        assert!(html.contains("<a href=\"/docs/unique/#x\">a</a>"), "{html}");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].to_string(),
            "content/a.md:13: error[ref-ambiguous]: `twice.md` is ambiguous: 2 pages have that file name (/a/twice.md, /b/twice.md); write the path of the one you mean"
        );
    }

    #[test]
    fn readfile_includes_markdown_or_code() {
        let hooks = Lines::default();
        let (html, d) = run_with(
            "Intro\n\n{{% readfile \"includes/snippet.md\" %}}\n\n{{< readfile file=\"includes/conf.yaml\" code=\"true\" lang=\"YAML\" >}}\n",
            false,
            &hooks,
        );
        assert!(
            html.starts_with(
                "<p>Intro</p>\n<h2 id=\"included\">Included <a class=\"heading-anchor\""
            ),
            "{html}"
        );
        assert!(
            html.contains("<p>See <a href=\"guide.md\">guide</a>, v1.2.3.</p>\n"),
            "{html}"
        );
        // Code is the file as it is, as Docsy's `readFile | highlight` shows it.
        assert!(
            unhighlighted(&html).contains("<pre><code class=\"language-yaml\">key: &lt;value&gt; # {{&lt; x/latest-version &gt;}}\n</code></pre>"),
            "{html}"
        );
        // Links of the included file are checked at the calling line; its own problems point
        // at its lines.
        assert_eq!(*hooks.0.borrow(), [("guide.md".to_string(), 13)]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            (d[0].code, d[0].file.as_deref(), d[0].line),
            (
                "shortcode-unknown",
                Some(std::path::Path::new("content/includes/snippet.md")),
                Some(5)
            )
        );
    }

    #[test]
    fn readfile_problems_are_errors_at_the_calling_line() {
        let (html, d) = run(
            "A\n\n{{< readfile \"includes/missing.md\" >}}\n\n{{% readfile \"includes/self.md\" %}}\n",
        );
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(
            d[0].to_string(),
            "content/a.md:13: error[shortcode-readfile]: `readfile` cannot include `includes/missing.md`: there is no such file"
        );
        assert_eq!((d[1].code, d[1].line), ("shortcode-readfile", Some(1)));
        assert!(d[1].message.contains("into itself"), "{d:?}");
        assert!(
            html.contains("<span class=\"shortcode-error\">{{&lt; readfile"),
            "{html}"
        );
    }

    #[test]
    fn arguments_can_be_markdown() {
        let (html, d) = run(
            "{{< card header=\"**H**\" title=\"T\" footer=\"[f](f.md)\" >}}\nBody *md*.\n{{< /card >}}\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            html,
            "<div class=\"sg-card\"><div class=\"sg-card-header\"><strong>H</strong></div>\n<div class=\"sg-card-body\"><p class=\"sg-card-title\">T</p>\n\
             <p>Body <em>md</em>.</p>\n</div><div class=\"sg-card-footer\"><a href=\"f.md\">f</a></div>\n</div>\n"
        );
    }

    #[test]
    fn included_front_matter_is_skipped_with_its_lines() {
        assert_eq!(
            without_front_matter("---\ntitle: x\n---\n# Body\n"),
            ("# Body\n", 3)
        );
        assert_eq!(
            without_front_matter("+++\r\ntitle = 'x'\r\n+++\r\nBody"),
            ("Body", 3)
        );
        // A thematic break later, or an unclosed block, is text.
        assert_eq!(without_front_matter("Body\n---\n"), ("Body\n---\n", 0));
        assert_eq!(without_front_matter("---\nno end\n"), ("---\nno end\n", 0));
    }
}
