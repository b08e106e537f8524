//! Hugo-style shortcodes (`{{< name args >}}`, `{{% name args %}}`) and the other habits of
//! Markdown written for Hugo that need fixing before the Markdown is rendered: the first step
//! of a page's Markdown phase.
//!
//! It works the way Hugo does, which keeps Markdown from mangling HTML: every shortcode is
//! rendered with its Tera template (`templates/shortcodes/<name>.html`) and replaced in the
//! Markdown source by a placeholder token of plain letters and digits (`sgsc0001x`) that
//! Markdown leaves alone; after the Markdown is rendered, [`Expanded::restore`] puts the HTML
//! back (a token alone in its paragraph loses the `<p>` around it). Two exceptions insert text
//! directly into the source: a `{{% %}}` shortcode without inner content (its output *is*
//! Markdown, so `export V={{% x/latest-version %}}` works), and any shortcode inside code
//! (its output is plain text there).
//!
//! Line numbers: later diagnostics point at file lines through the Markdown phase, so a token
//! spans exactly as many lines as the shortcode it replaces (`TOKEN\nTOKEN\n…`: the repeats are
//! lazy paragraph continuations, and `restore` swallows them). Text inserted directly never
//! contains a newline unless the shortcode did.
//!
//! Also here, because they need the same view of where code and comments are:
//! * shortcodes inside `<!-- … -->` are left alone, and `{{</* x */>}}` prints `{{< x >}}`;
//! * a line starting with `<word>` where `word` is no HTML element (`<duration>`, a placeholder
//!   in prose) is escaped so it shows, with an `html-placeholder` warning: CommonMark would
//!   take it for raw HTML and the browser would hide it and wrap the rest of the page in it.
//!
//! Files: `parse.rs` reads tags and their arguments, `tree.rs` pairs them into a tree,
//! `prose.rs` finds code, comments and HTML placeholders, `expand.rs` renders each shortcode,
//! `inner.rs` says how its template wants its inner content (Markdown, as written, code),
//! `builtins.rs` has what `ref`, `readfile` and unknown shortcodes need beyond a template;
//! this file has the entry points and puts the shortcodes' HTML back (`testing.rs` is the
//! tests' stand-in for the site).

mod builtins;
mod expand;
mod inner;
mod parse;
mod prose;
mod tree;

use super::{Hooks, Rendered};
use crate::diagnostics::Diagnostic;
use expand::Expander;
use serde_json::Value;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use tree::build_tree;

/// What shortcode expansion needs from the site's templates (implemented by the caller, with
/// the templates compiled from the site's theme).
pub trait ShortcodeTemplates {
    /// Whether the template exists (its Tera name, e.g. `shortcodes/box.html`).
    fn has(&self, template: &str) -> bool;
    /// The template's source text: whether it mentions `inner` (then an opening tag must be
    /// closed) and how it wants its inner content (`{#- inner: markdown -#}`) are read from it.
    /// None for a shortcode that is no template file (a constant of `[shortcodes]`).
    fn source(&self, template: &str) -> Option<&str>;
    /// Renders the template for a page in `lang`.
    fn render(&self, lang: &str, template: &str, ctx: &tera::Context)
    -> Result<String, Diagnostic>;
}

/// What the built-in shortcodes need from the site beyond templates: its pages (`ref`,
/// `relref`) and its files (`readfile`), as seen from the page being expanded.
pub(crate) trait SiteAccess {
    /// The link target `ref`/`relref` print for `target` (`guide.md#anchor`): the URL of the
    /// page it names as a link of this page would (in `lang` when given), or, when it is only
    /// a file name no link finds, of the one page of that name anywhere, as Hugo's `GetPage`
    /// does; None to print it as written (the link checker then reports it). When several
    /// pages have the name, the error lists their paths from the content root (`/a/x.md`)
    /// with their URLs.
    fn find_page(
        &self,
        target: &str,
        lang: Option<&str>,
    ) -> Result<Option<String>, Vec<(String, String)>>;
    /// `readfile`: the file `path` names (relative to the page's folder, or with a leading `/`
    /// to the content root): its path from the site root, for diagnostics, and its text. The
    /// error says what is wrong (missing, outside the site, not UTF-8).
    fn read_file(&self, path: &str) -> Result<(PathBuf, String), String>;
}

/// What expansion needs from the site and the page.
pub struct Env<'a> {
    /// The site's templates: shortcodes are `shortcodes/<name>.html`.
    pub(crate) templates: &'a dyn ShortcodeTemplates,
    /// Pages and files, for `ref` and `readfile`.
    pub(crate) access: &'a dyn SiteAccess,
    pub(crate) lang: &'a str,
    /// `page` in the template: title, url, lang, params.
    pub(crate) page: Value,
    /// `site` in the template: title, base_url, params.
    pub(crate) site: &'a Value,
    /// The page's file (or the file `readfile` is including), for diagnostics.
    pub(crate) file: &'a Path,
    /// Lines of the file before the body.
    pub(crate) line_offset: usize,
    /// Unknown shortcodes and HTML placeholders are errors, not warnings.
    pub(crate) strict: bool,
    /// The page's link hooks, for Markdown rendered inside shortcodes.
    pub(crate) hooks: &'a dyn Hooks,
    /// The files `readfile` is including, outermost first (empty for a page's own body): a
    /// file that includes itself is an error, not an endless loop.
    pub(crate) including: &'a [PathBuf],
}

impl<'a> Env<'a> {
    /// A page of no site, for the fuzz target: `en`, `content/fuzz.md` from line 1, empty
    /// `page` and `site`.
    pub fn standalone(templates: &'a dyn ShortcodeTemplates, hooks: &'a dyn Hooks) -> Env<'a> {
        static NO_SITE: Value = Value::Null;
        Env {
            templates,
            access: &NoSite,
            lang: "en",
            page: Value::Null,
            site: &NO_SITE,
            file: Path::new("content/fuzz.md"),
            line_offset: 0,
            strict: false,
            hooks,
            including: &[],
        }
    }
}

/// A site with no pages and no files (the fuzz target's).
struct NoSite;

impl SiteAccess for NoSite {
    fn find_page(&self, _: &str, _: Option<&str>) -> Result<Option<String>, Vec<(String, String)>> {
        Ok(None)
    }

    fn read_file(&self, path: &str) -> Result<(PathBuf, String), String> {
        Err(format!("there is no file `{path}` (no site)"))
    }
}

/// The Markdown phase for one body: shortcodes expanded, Markdown rendered, shortcode HTML
/// put back. Without templates (they failed to compile, which is reported) shortcodes are
/// left as written.
pub fn render_body(
    body: &str,
    line_offset: usize,
    env: Option<&Env<'_>>,
    hooks: &dyn Hooks,
) -> (Rendered, Vec<Diagnostic>) {
    let Some(env) = env else {
        let mut r = super::render(body, line_offset, hooks);
        let problems = std::mem::take(&mut r.problems);
        return (r, problems);
    };
    let mut ex = expand(body, env);
    let mut r = super::render(&ex.source, line_offset, hooks);
    for d in std::mem::take(&mut r.problems) {
        let line = d.line;
        ex.diagnostics.push(d.at(env.file, line));
    }
    if !ex.subs.is_empty() {
        let mut places: Vec<usize> = r
            .headings
            .iter()
            .flat_map(|h| [h.html_start, h.html_end])
            .collect();
        r.html = restore_mapped(&r.html, &ex.subs, &mut places);
        for (h, p) in r.headings.iter_mut().zip(places.chunks(2)) {
            (h.html_start, h.html_end) = (p[0], p[1]);
        }
        r.summary = ex.restore_text(&r.summary);
        for h in &mut r.headings {
            h.title = ex.restore_text(&h.title);
        }
    }
    r.anchors.extend(ex.anchors);
    (r, ex.diagnostics)
}

/// A body with its shortcodes expanded, ready for the Markdown phase.
pub(crate) struct Expanded<'b> {
    /// The Markdown to render: the body itself when there was nothing to do.
    pub(crate) source: Cow<'b, str>,
    subs: Vec<Sub>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Anchors (heading ids, `id=` attributes) of Markdown rendered inside shortcodes.
    pub(crate) anchors: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SubKind {
    /// HTML: a token alone in its paragraph replaces the paragraph.
    Html,
    /// Plain text (already escaped) inside code.
    Text,
}

#[derive(Debug)]
struct Sub {
    html: String,
    kind: SubKind,
}

const TOKEN_PREFIX: &str = "sgsc";

fn token(i: usize) -> String {
    format!("{TOKEN_PREFIX}{i:04}x")
}

/// Expands every shortcode of a page body and escapes HTML placeholders. Nothing is done (and
/// nothing is parsed twice) for a body without `{{` or a line starting with `<`.
pub(crate) fn expand<'b>(body: &'b str, env: &Env<'_>) -> Expanded<'b> {
    let unchanged = |body| Expanded {
        source: Cow::Borrowed(body),
        subs: Vec::new(),
        diagnostics: Vec::new(),
        anchors: Vec::new(),
    };
    let has_shortcode = body.contains("{{<") || body.contains("{{%");
    let may_have_placeholder = body.lines().any(|l| l.trim_start().starts_with('<'));
    if !has_shortcode && !may_have_placeholder {
        return unchanged(body);
    }
    let mut ex = Expander::new(env, body);
    for p in ex.placeholders.iter().filter(|p| p.starts_line) {
        let (pos, word) = (&p.pos, &p.word);
        let line = ex.line(*pos);
        let message = format!(
            "`<{word}>` starts a line but is no HTML element, so Markdown would treat it as a \
             hidden tag; it is shown as text: write it in backticks (`<{word}>`) or escape it (\\<{word}>)"
        );
        let d = if env.strict {
            Diagnostic::error("html-placeholder", message)
        } else {
            Diagnostic::warning("html-placeholder", message)
        };
        ex.diags.push(d.at(env.file, Some(line)));
    }
    if ex.placeholders.is_empty() && !has_shortcode {
        return unchanged(body);
    }
    let tags = ex.scan();
    let nodes = build_tree(body.len(), tags);
    let mut out = String::with_capacity(body.len() + 64);
    ex.markdown_mode(&nodes, &mut out);
    Expanded {
        source: Cow::Owned(out),
        subs: ex.subs,
        diagnostics: ex.diags,
        anchors: ex.anchors,
    }
}

impl Expanded<'_> {
    /// Text for a heading title or the summary: tokens replaced by their output's text.
    pub(crate) fn restore_text(&self, text: &str) -> String {
        if self.subs.is_empty() {
            return text.to_string();
        }
        let html = restore(text, &self.subs);
        strip_tags(&html)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Replaces every token; a token alone in a `<p>` replaces the paragraph, and so do tokens of
/// block-level HTML that are all a paragraph holds (shortcodes on consecutive lines, the tabs
/// of a tab group).
fn restore(html: &str, subs: &[Sub]) -> String {
    restore_mapped(html, subs, &mut [])
}

/// `restore`, moving `places` (byte offsets into `html` outside any token, ascending) to where
/// the same bytes are in the result.
fn restore_mapped(html: &str, subs: &[Sub], places: &mut [usize]) -> String {
    if subs.is_empty() || !html.contains(TOKEN_PREFIX) {
        return html.to_string();
    }
    let out = String::with_capacity(html.len() + subs.iter().map(|s| s.html.len()).sum::<usize>());
    let mut out = Copier {
        out,
        places,
        next: 0,
    };
    let mut i = 0;
    while let Some(rel) = html[i..].find(TOKEN_PREFIX) {
        let pos = i + rel;
        let Some((idx, end)) = token_at(html, pos, subs) else {
            out.copy(html, i, pos + TOKEN_PREFIX.len());
            i = pos + TOKEN_PREFIX.len();
            continue;
        };
        out.copy(html, i, pos);
        let out = &mut out.out;
        if out.ends_with("<p>")
            && let Some((run, after)) = paragraph_of_tokens(html, pos, subs)
        {
            out.truncate(out.len() - 3);
            for (k, idx) in run.into_iter().enumerate() {
                if k > 0 {
                    out.push('\n');
                }
                out.push_str(&subs[idx].html);
            }
            i = after;
            continue;
        }
        out.push_str(&subs[idx].html);
        i = end;
    }
    out.copy(html, i, html.len());
    out.out
}

/// The token at `pos` and the end of its repeats (which stand for the lines of a multi-line
/// shortcode).
fn token_at(html: &str, pos: usize, subs: &[Sub]) -> Option<(usize, usize)> {
    let (idx, mut end) = read_token(html, pos).filter(|(idx, _)| *idx < subs.len())?;
    let t = &html[pos..end];
    loop {
        let rest = &html[end..];
        let r = rest.trim_start_matches([' ', '\t', '\n']);
        if r.len() < rest.len() && r.starts_with(t) {
            end = html.len() - r.len() + t.len();
        } else {
            return Some((idx, end));
        }
    }
}

/// When the paragraph whose content starts at `pos` holds nothing but HTML tokens — one of any
/// kind of HTML, or several that are all block-level — the tokens, and where the HTML goes on
/// after its `</p>`.
fn paragraph_of_tokens(html: &str, mut pos: usize, subs: &[Sub]) -> Option<(Vec<usize>, usize)> {
    let mut run = Vec::new();
    loop {
        let (idx, end) = token_at(html, pos, subs)?;
        if subs[idx].kind != SubKind::Html {
            return None;
        }
        run.push(idx);
        let rest = &html[end..];
        let r = rest.trim_start_matches([' ', '\t', '\n']);
        if let Some(after) = r.strip_prefix("</p>") {
            let single = run.len() == 1;
            let blocks = run.iter().all(|&i| is_block_html(&subs[i].html));
            return (single || blocks).then(|| (run, html.len() - after.len()));
        }
        if !r.starts_with(TOKEN_PREFIX) {
            return None;
        }
        pos = html.len() - r.len();
    }
}

/// Whether HTML starts with a block-level element (or a comment): such output may not sit in
/// a `<p>`.
fn is_block_html(html: &str) -> bool {
    const BLOCKS: &[&str] = &[
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dialog",
        "div",
        "dl",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "iframe",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    ];
    let Some(rest) = html.trim_start().strip_prefix('<') else {
        return false;
    };
    if rest.starts_with("!--") {
        return true;
    }
    let name_end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    BLOCKS.contains(&rest[..name_end].to_ascii_lowercase().as_str())
}

/// Copies stretches of the HTML into the result, moving the places that fall in them.
struct Copier<'p> {
    out: String,
    places: &'p mut [usize],
    /// The first place not moved yet.
    next: usize,
}

impl Copier<'_> {
    fn copy(&mut self, html: &str, from: usize, to: usize) {
        while let Some(p) = self.places.get_mut(self.next).filter(|p| **p <= to) {
            *p = self.out.len() + p.saturating_sub(from);
            self.next += 1;
        }
        self.out.push_str(&html[from..to]);
    }
}

/// `sgsc0012x` at `pos` → (12, end).
fn read_token(s: &str, pos: usize) -> Option<(usize, usize)> {
    let digits_start = pos + TOKEN_PREFIX.len();
    let rest = s.get(digits_start..)?;
    let n = rest.bytes().take_while(u8::is_ascii_digit).count();
    if n < 4 || rest.as_bytes().get(n) != Some(&b'x') {
        return None;
    }
    Some((rest[..n].parse().ok()?, digits_start + n + 1))
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod testing;

#[cfg(test)]
mod tests {
    use super::testing::{Lines, rendered, run, run_with};

    #[test]
    fn headings_keep_their_places_when_shortcodes_are_put_back() {
        let r = rendered(
            "{{< box >}}\nraw\n{{< /box >}}\n\n## Install {{< x/latest-version >}} {#install}\n\n\
             {{% alert %}}\nSome **bold**.\n{{% /alert %}}\n\n## After {#after}\ntext\n",
        );
        assert_eq!(r.headings.len(), 2);
        for h in &r.headings {
            let html = &r.html[h.html_start..h.html_end];
            assert!(
                html.starts_with("<h2 id=") && html.ends_with("</h2>"),
                "{html:?}"
            );
            assert!(html.contains(&format!("id=\"{}\"", h.id)), "{html:?}");
        }
    }

    #[test]
    fn markdown_form_renders_inner_and_unwraps_the_paragraph() {
        let (html, d) =
            run("Intro\n\n{{% alert title=\"Note\" %}}\nSome **bold**.\n{{% /alert %}}\n\nAfter\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            html,
            "<p>Intro</p>\n<div class=\"sg-alert sg-alert-info\" role=\"note\"><p class=\"sg-alert-title\">Note</p>\n\
             <p>Some <strong>bold</strong>.</p>\n</div>\n<p>After</p>\n"
        );
    }

    #[test]
    fn lines_after_shortcodes_do_not_move() {
        let body = "{{% alert\n  title=\"x\" %}}\nSee [in](in.md).\n\n{{< box >}}\nraw\n{{< /box >}}\n{{% /alert %}}\n\n\
                    A {{< box >}}two\nlines{{< /box >}} and [after](after.md).\n\n\
                    ```\n{{< box >}}\nx\n{{< /box >}}\n```\n[end](end.md)\n";
        let hooks = Lines::default();
        let (html, d) = run_with(body, false, &hooks);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            *hooks.0.borrow(),
            [
                ("in.md".to_string(), 13),
                ("after.md".to_string(), 21),
                ("end.md".to_string(), 28),
            ]
        );
        assert!(
            html.contains("<p>A <div class=\"box\">two\nlines</div> and"),
            "{html}"
        );
        assert!(
            html.contains(
                "<pre><code>&lt;div class=&quot;box&quot;&gt;\nx\n&lt;/div&gt;\n</code></pre>"
            ),
            "{html}"
        );
    }

    #[test]
    fn plain_text_output_works_in_links_and_headings() {
        let hooks = Lines::default();
        let (html, _) = run_with(
            "## Install {{< x/latest-version >}}\n\n[Guide]({{< ref \"guide.md#a\" >}})\n",
            false,
            &hooks,
        );
        assert!(
            html.contains("<h2 id=\"install-v123\">Install v1.2.3"),
            "{html}"
        );
        assert_eq!(*hooks.0.borrow(), [("guide.md#a".to_string(), 13)]);
    }
}
