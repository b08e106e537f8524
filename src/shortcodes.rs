//! Hugo-style shortcodes (`{{< name args >}}`, `{{% name args %}}`) and the other habits of
//! Markdown written for Hugo that need fixing before the Markdown phase.
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

use crate::diagnostics::Diagnostic;
use crate::html::escape as escape_html;
use crate::markdown::{Hooks, Rendered};
use pulldown_cmark::{Event, Parser, Tag as MdTag};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;

/// Which delimiters a shortcode was written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `{{< … >}}`: inner content passed as written, output is HTML.
    Html,
    /// `{{% … %}}`: inner content rendered as Markdown first.
    Markdown,
}

impl Form {
    fn open(self) -> &'static str {
        match self {
            Form::Html => "{{<",
            Form::Markdown => "{{%",
        }
    }

    fn close(self) -> &'static str {
        match self {
            Form::Html => ">}}",
            Form::Markdown => "%}}",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagKind {
    Open,
    SelfClosing,
    Close,
    /// `{{</* … */>}}`: printed literally without the comment marks.
    Escaped,
}

/// Arguments as written: positional and `key=value`, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Args {
    pub positional: Vec<String>,
    pub named: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Tag {
    /// Byte range of the whole tag in the source.
    start: usize,
    end: usize,
    form: Form,
    kind: TagKind,
    name: String,
    args: Args,
    /// For `Escaped`: the text between `/*` and `*/`.
    raw: String,
}

/// Reads the tag starting at `start` (`{{<` or `{{%`). The error says what is missing.
fn parse_tag(src: &str, start: usize) -> Result<Tag, String> {
    let b = src.as_bytes();
    let form = if b[start + 2] == b'<' {
        Form::Html
    } else {
        Form::Markdown
    };
    let close = form.close();
    let never_closed = || {
        format!(
            "this `{}` is never closed with `{close}` (write `{{{{</* … */>}}}}` to show a shortcode literally)",
            form.open()
        )
    };
    let skip_ws = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let mut i = skip_ws(start + 3);
    let tag = |end, kind, name: String, args, raw: String| Tag {
        start,
        end,
        form,
        kind,
        name,
        args,
        raw,
    };
    if src[i..].starts_with("/*") {
        let Some(rel) = src[i + 2..].find("*/") else {
            return Err(never_closed());
        };
        let raw = src[i + 2..i + 2 + rel].to_string();
        let j = skip_ws(i + 2 + rel + 2);
        if !src[j..].starts_with(close) {
            return Err(never_closed());
        }
        return Ok(tag(
            j + 3,
            TagKind::Escaped,
            String::new(),
            Args::default(),
            raw,
        ));
    }
    let closing = src[i..].starts_with('/');
    if closing {
        i = skip_ws(i + 1);
    }
    let name_start = i;
    while i < b.len()
        && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'-' | b'_' | b'.' | b'/'))
        && !(b[i] == b'/' && src[skip_ws(i + 1)..].starts_with(close))
    {
        i += 1;
    }
    let name = src[name_start..i].to_string();
    if name.is_empty() {
        return Err(format!(
            "a shortcode needs a name after `{}` (write `{{{{</* … */>}}}}` to show one literally)",
            form.open()
        ));
    }
    let mut args = Args::default();
    loop {
        i = skip_ws(i);
        if i >= b.len() || src[i..].starts_with("{{") {
            return Err(never_closed());
        }
        if src[i..].starts_with(close) {
            let kind = if closing {
                TagKind::Close
            } else {
                TagKind::Open
            };
            return Ok(tag(i + 3, kind, name, args, String::new()));
        }
        if b[i] == b'/' && src[skip_ws(i + 1)..].starts_with(close) {
            let end = skip_ws(i + 1) + 3;
            return Ok(tag(end, TagKind::SelfClosing, name, args, String::new()));
        }
        let (first, next) = read_value(src, i, close).ok_or_else(never_closed)?;
        i = next;
        let bare_key = !matches!(b[first.start], b'"' | b'`');
        if bare_key && i < b.len() && b[i] == b'=' {
            let key = src[first].to_string();
            let (value, next) = read_value(src, i + 1, close).ok_or_else(never_closed)?;
            args.named.push((key, unquote(&src[value])));
            i = next;
        } else {
            args.positional.push(unquote(&src[first]));
        }
    }
}

/// One argument value from `i`: `"quoted \" string"`, `` `raw string` `` or a bare word.
/// Returns its byte range (quotes included) and where scanning goes on.
fn read_value(src: &str, i: usize, close: &str) -> Option<(Range<usize>, usize)> {
    let b = src.as_bytes();
    match b.get(i)? {
        b'"' => {
            let mut j = i + 1;
            while j < b.len() {
                match b[j] {
                    b'\\' => j += 2,
                    b'"' => return Some((i..j + 1, j + 1)),
                    _ => j += 1,
                }
            }
            None
        }
        b'`' => {
            let rel = src[i + 1..].find('`')?;
            Some((i..i + rel + 2, i + rel + 2))
        }
        _ => {
            let mut j = i;
            while j < b.len()
                && !b[j].is_ascii_whitespace()
                && b[j] != b'='
                && !src[j..].starts_with(close)
                && !(b[j] == b'/' && src[j + 1..].trim_start().starts_with(close))
            {
                j += 1;
            }
            (j > i).then_some((i..j, j))
        }
    }
}

fn unquote(v: &str) -> String {
    if let Some(inner) = v.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(other) => out.push(other),
                    None => out.push('\\'),
                }
            } else {
                out.push(c);
            }
        }
        out
    } else if let Some(inner) = v.strip_prefix('`').and_then(|s| s.strip_suffix('`')) {
        inner.to_string()
    } else {
        v.to_string()
    }
}

// ---------------------------------------------------------------------------
// The tree of shortcodes in a body
// ---------------------------------------------------------------------------

#[derive(Debug)]
enum Node {
    Text(Range<usize>),
    Escaped(Tag),
    /// A closing tag with no opening one: kept as text, reported.
    Stray(Tag),
    Call(Box<Call>),
}

#[derive(Debug)]
struct Call {
    tag: Tag,
    /// Inner content (range and parsed nodes) for a paired shortcode.
    inner: Option<(Range<usize>, Vec<Node>)>,
    /// End of the closing tag (or of the tag itself).
    end: usize,
}

/// Pairs opening and closing tags. An opening tag never closed stays a standalone call (it is
/// an error later only if its template uses `inner`); its would-be content stays in place.
fn build_tree(src_len: usize, tags: Vec<Tag>) -> Vec<Node> {
    struct Frame {
        tag: Option<Tag>,
        children: Vec<Node>,
    }
    fn collapse(stack: &mut Vec<Frame>) {
        let f = stack.pop().expect("a frame above the root");
        let parent = stack.last_mut().expect("the root frame");
        if let Some(tag) = f.tag {
            let end = tag.end;
            parent.children.push(Node::Call(Box::new(Call {
                tag,
                inner: None,
                end,
            })));
        }
        parent.children.extend(f.children);
    }
    let mut stack = vec![Frame {
        tag: None,
        children: Vec::new(),
    }];
    let mut cursor = 0;
    for tag in tags {
        if tag.start > cursor {
            let top = stack.last_mut().expect("root");
            top.children.push(Node::Text(cursor..tag.start));
        }
        cursor = tag.end;
        match tag.kind {
            TagKind::Escaped => stack
                .last_mut()
                .expect("root")
                .children
                .push(Node::Escaped(tag)),
            TagKind::SelfClosing => {
                let end = tag.end;
                stack
                    .last_mut()
                    .expect("root")
                    .children
                    .push(Node::Call(Box::new(Call {
                        tag,
                        inner: None,
                        end,
                    })))
            }
            TagKind::Open => stack.push(Frame {
                tag: Some(tag),
                children: Vec::new(),
            }),
            TagKind::Close => {
                let opener = stack
                    .iter()
                    .rposition(|f| f.tag.as_ref().is_some_and(|t| t.name == tag.name));
                match opener {
                    Some(k) if k > 0 => {
                        while stack.len() > k + 1 {
                            collapse(&mut stack);
                        }
                        let f = stack.pop().expect("the opener");
                        let open = f.tag.expect("an opening tag");
                        let inner = open.end..tag.start;
                        stack
                            .last_mut()
                            .expect("root")
                            .children
                            .push(Node::Call(Box::new(Call {
                                tag: open,
                                inner: Some((inner, f.children)),
                                end: tag.end,
                            })));
                    }
                    _ => stack
                        .last_mut()
                        .expect("root")
                        .children
                        .push(Node::Stray(tag)),
                }
            }
        }
    }
    if src_len > cursor {
        stack
            .last_mut()
            .expect("root")
            .children
            .push(Node::Text(cursor..src_len));
    }
    while stack.len() > 1 {
        collapse(&mut stack);
    }
    stack.pop().expect("root").children
}

// ---------------------------------------------------------------------------
// Where code and comments are
// ---------------------------------------------------------------------------

/// Byte ranges of code (fenced, indented and inline) and of HTML comments outside code.
struct Regions {
    code: Vec<Range<usize>>,
    comments: Vec<Range<usize>>,
}

impl Regions {
    fn of(body: &str) -> Regions {
        let mut code = Vec::new();
        for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
            match event {
                Event::Start(MdTag::CodeBlock(_)) | Event::Code(_) => code.push(range),
                _ => {}
            }
        }
        let mut comments = Vec::new();
        let mut i = 0;
        while let Some(rel) = body[i..].find("<!--") {
            let start = i + rel;
            if let Some(c) = code.iter().find(|c| c.contains(&start)) {
                i = c.end.max(start + 1);
                continue;
            }
            let end = body[start + 4..]
                .find("-->")
                .map_or(body.len(), |e| start + 4 + e + 3);
            comments.push(start..end);
            i = end;
        }
        Regions { code, comments }
    }

    fn in_code(&self, pos: usize) -> bool {
        self.code.iter().any(|c| c.contains(&pos))
    }

    fn comment_at(&self, pos: usize) -> Option<&Range<usize>> {
        self.comments.iter().find(|c| c.contains(&pos))
    }
}

/// HTML (and SVG/MathML) element names: a line starting with any other `<word>` is prose.
#[rustfmt::skip]
const HTML_ELEMENTS: &[&str] = &[
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo",
    "blockquote", "body", "br", "button", "canvas", "caption", "center", "circle", "cite", "code",
    "col", "colgroup", "data", "datalist", "dd", "defs", "del", "details", "dfn", "dialog", "div",
    "dl", "dt", "ellipse", "em", "embed", "fieldset", "figcaption", "figure", "font", "footer",
    "form", "g", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i",
    "iframe", "img", "input", "ins", "kbd", "label", "legend", "li", "line", "link", "main", "map",
    "mark", "math", "menu", "meta", "meter", "nav", "noscript", "object", "ol", "optgroup",
    "option", "output", "p", "param", "path", "picture", "polygon", "polyline", "pre", "progress",
    "q", "rect", "rp", "rt", "ruby", "s", "samp", "script", "search", "section", "select", "slot",
    "small", "source", "span", "strike", "strong", "style", "sub", "summary", "sup", "svg",
    "table", "tbody", "td", "template", "text", "textarea", "tfoot", "th", "thead", "time",
    "title", "tr", "track", "tt", "u", "ul", "use", "var", "video", "wbr",
];

/// Byte positions of the `<` of every prose line that starts with `<word>` where `word` is no
/// HTML element, with the word.
fn html_placeholders(body: &str, regions: &Regions) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in body.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let pos = start + indent;
        start += line.len();
        let t = &line[indent..];
        let Some(rest) = t.strip_prefix('<') else {
            continue;
        };
        let Some(end) = rest.find('>') else {
            continue;
        };
        let word = &rest[..end];
        let is_word = word.starts_with(|c: char| c.is_ascii_alphabetic())
            && word
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !is_word
            || HTML_ELEMENTS.contains(&word.to_ascii_lowercase().as_str())
            || regions.in_code(pos)
            || regions.comment_at(pos).is_some()
        {
            continue;
        }
        out.push((pos, word.to_string()));
    }
    out
}

// ---------------------------------------------------------------------------
// Expansion
// ---------------------------------------------------------------------------

/// TEMPORARY (replaced by the markdown split): what expansion needs from templates.
pub trait ShortcodeTemplates {
    fn has(&self, template: &str) -> bool;
    fn uses_inner(&self, template: &str) -> bool;
    fn render(&self, lang: &str, template: &str, ctx: &tera::Context)
    -> Result<String, Diagnostic>;
}

/// What expansion needs from the site and the page.
pub struct Env<'a> {
    pub templates: &'a dyn ShortcodeTemplates,
    pub lang: &'a str,
    pub page: Value,
    pub site: &'a Value,
    pub file: &'a Path,
    pub line_offset: usize,
    pub strict: bool,
    pub hooks: &'a dyn Hooks,
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
        return (
            crate::markdown::render(body, line_offset, hooks),
            Vec::new(),
        );
    };
    let ex = expand(body, env);
    let mut r = crate::markdown::render(&ex.source, line_offset, hooks);
    if !ex.subs.is_empty() {
        r.html = ex.restore(&r.html);
        r.summary = ex.restore_text(&r.summary);
        for h in &mut r.headings {
            h.title = ex.restore_text(&h.title);
        }
    }
    r.anchors.extend(ex.anchors);
    (r, ex.diagnostics)
}

/// A body with its shortcodes expanded, ready for the Markdown phase.
pub struct Expanded<'b> {
    /// The Markdown to render: the body itself when there was nothing to do.
    pub source: Cow<'b, str>,
    subs: Vec<Sub>,
    pub diagnostics: Vec<Diagnostic>,
    /// Anchors (heading ids, `id=` attributes) of Markdown rendered inside shortcodes.
    pub anchors: Vec<String>,
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
pub fn expand<'b>(body: &'b str, env: &Env<'_>) -> Expanded<'b> {
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
    let regions = Regions::of(body);
    let mut ex = Expander {
        env,
        src: body,
        line_starts: line_starts(body),
        placeholders: html_placeholders(body, &regions),
        regions,
        subs: Vec::new(),
        diags: Vec::new(),
        anchors: Vec::new(),
    };
    for (pos, word) in &ex.placeholders {
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

fn line_starts(s: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(s.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

struct Expander<'e, 'b> {
    env: &'e Env<'e>,
    src: &'b str,
    line_starts: Vec<usize>,
    regions: Regions,
    placeholders: Vec<(usize, String)>,
    subs: Vec<Sub>,
    diags: Vec<Diagnostic>,
    anchors: Vec<String>,
}

/// What a shortcode's template produced.
enum Output {
    /// From a `{{% %}}` shortcode without inner content.
    Markdown(String),
    Html(String),
}

impl Expander<'_, '_> {
    /// 1-based file line of a byte of the body.
    fn line(&self, pos: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= pos) + self.env.line_offset
    }

    fn diag(&mut self, d: Diagnostic, pos: usize) {
        let line = self.line(pos);
        self.diags.push(d.at(self.env.file, Some(line)));
    }

    /// Every tag outside HTML comments, in order; syntax errors are reported and the text
    /// left as written.
    fn scan(&mut self) -> Vec<Tag> {
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
        for (pos, _) in &self.placeholders {
            if range.contains(pos) {
                out.push_str(&self.src[from..*pos]);
                out.push_str("&lt;");
                from = pos + 1;
            }
        }
        out.push_str(&self.src[from..range.end]);
    }

    /// Markdown source for `nodes`: shortcodes become tokens or inserted text.
    fn markdown_mode(&mut self, nodes: &[Node], out: &mut String) {
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
        let output = self.render_call(call);
        if self.regions.in_code(call.tag.start) {
            let text = match output {
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
        match output {
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
    fn render_markdown(&mut self, md: &str, line: usize) -> String {
        let r = crate::markdown::render(md, line.saturating_sub(1), self.env.hooks);
        self.anchors.extend(r.anchors);
        r.html
    }

    /// Inner content of a `{{% %}}` shortcode: its own shortcodes expanded, then Markdown.
    fn inner_markdown(&mut self, range: &Range<usize>, nodes: &[Node]) -> String {
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

    fn render_call(&mut self, call: &Call) -> Output {
        let tag = &call.tag;
        let name = format!("shortcodes/{}.html", tag.name);
        let inner = match (&call.inner, tag.form) {
            (None, _) => String::new(),
            (Some((_, nodes)), Form::Html) => self.inner_raw(nodes),
            (Some((range, nodes)), Form::Markdown) => self.inner_markdown(range, nodes),
        };
        let open = &self.src[tag.start..tag.end];
        if !self.env.templates.has(&name) {
            let message = format!(
                "unknown shortcode `{}`: there is no templates/shortcodes/{}.html in the site or its theme",
                tag.name, tag.name
            );
            let d = if self.env.strict {
                Diagnostic::error("shortcode-unknown", message)
            } else {
                Diagnostic::warning("shortcode-unknown", message)
            };
            self.diag(d, tag.start);
            let mut html = visible("shortcode-unknown", open);
            if call.inner.is_some() {
                html.push_str(&inner);
                let close = format!("{} /{} {}", tag.form.open(), tag.name, tag.form.close());
                html.push_str(&visible("shortcode-unknown", &close));
            }
            return Output::Html(html);
        }
        let uses_inner = self.env.templates.uses_inner(&name);
        if call.inner.is_none() && tag.kind == TagKind::Open && uses_inner {
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
        let ctx = self.context(tag, &inner);
        // Template files end with a newline, and often start with a comment line.
        let rendered = self.env.templates.render(self.env.lang, &name, &ctx);
        match rendered.map(|s| s.trim_matches(['\n', '\r']).to_string()) {
            Ok(s) if tag.form == Form::Markdown && call.inner.is_none() => Output::Markdown(s),
            Ok(s) => Output::Html(s),
            Err(e) => {
                let message = format!(
                    "shortcode `{}` failed: {} ({})",
                    tag.name,
                    e.message,
                    e.location()
                );
                self.diag(Diagnostic::error("shortcode-template", message), tag.start);
                Output::Html(visible("shortcode-error", open))
            }
        }
    }

    fn context(&self, tag: &Tag, inner: &str) -> tera::Context {
        let mut args = Map::new();
        for (i, v) in tag.args.positional.iter().enumerate() {
            args.insert(format!("_{i}"), Value::String(v.clone()));
        }
        for (k, v) in &tag.args.named {
            args.insert(k.clone(), Value::String(v.clone()));
        }
        let mut ctx = tera::Context::new();
        ctx.insert("name", &tag.name);
        ctx.insert("args", &args);
        ctx.insert("positional", &tag.args.positional);
        ctx.insert("inner", inner);
        ctx.insert("page", &self.env.page);
        ctx.insert("site", self.env.site);
        ctx.insert("lang", self.env.lang);
        ctx
    }
}

/// A visible stand-in for a shortcode that could not be rendered.
fn visible(class: &str, source: &str) -> String {
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

impl Expanded<'_> {
    /// Puts the shortcodes' HTML back in place of their tokens.
    pub fn restore(&self, html: &str) -> String {
        restore(html, &self.subs)
    }

    /// Text for a heading title or the summary: tokens replaced by their output's text.
    pub fn restore_text(&self, text: &str) -> String {
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

/// Replaces every token; a token alone in a `<p>` replaces the paragraph.
fn restore(html: &str, subs: &[Sub]) -> String {
    if subs.is_empty() || !html.contains(TOKEN_PREFIX) {
        return html.to_string();
    }
    let mut out =
        String::with_capacity(html.len() + subs.iter().map(|s| s.html.len()).sum::<usize>());
    let mut i = 0;
    while let Some(rel) = html[i..].find(TOKEN_PREFIX) {
        let pos = i + rel;
        let Some((idx, mut end)) = read_token(html, pos).filter(|(idx, _)| *idx < subs.len())
        else {
            out.push_str(&html[i..pos + TOKEN_PREFIX.len()]);
            i = pos + TOKEN_PREFIX.len();
            continue;
        };
        out.push_str(&html[i..pos]);
        // The repeats standing for the lines of a multi-line shortcode.
        let t = &html[pos..end];
        loop {
            let rest = &html[end..];
            let r = rest.trim_start_matches([' ', '\t', '\n']);
            if r.len() < rest.len() && r.starts_with(t) {
                end = html.len() - r.len() + t.len();
            } else {
                break;
            }
        }
        let sub = &subs[idx];
        if sub.kind == SubKind::Html && out.ends_with("<p>") && html[end..].starts_with("</p>") {
            out.truncate(out.len() - 3);
            out.push_str(&sub.html);
            end += 4;
        } else {
            out.push_str(&sub.html);
        }
        i = end;
    }
    out.push_str(&html[i..]);
    out
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

#[cfg(any())]
#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::NoHooks;
    use std::cell::RefCell;

    fn tag(s: &str) -> Tag {
        parse_tag(s, 0).unwrap()
    }

    #[test]
    fn tag_arguments() {
        let t = tag(r#"{{< figure src="a b.png" caption="Say \"hi\"" width=300 >}}"#);
        assert_eq!((t.name.as_str(), t.kind), ("figure", TagKind::Open));
        assert_eq!(
            t.args.named,
            [
                ("src".to_string(), "a b.png".to_string()),
                ("caption".into(), "Say \"hi\"".into()),
                ("width".into(), "300".into())
            ]
        );
        let t = tag("{{% blocks/tabs \"One\" `raw \\n \"x\"` two %}}");
        assert_eq!(t.name, "blocks/tabs");
        assert_eq!(t.form, Form::Markdown);
        assert_eq!(t.args.positional, ["One", "raw \\n \"x\"", "two"]);
        let t = tag("{{< pipelines/latest-version />}}");
        assert_eq!(
            (t.name.as_str(), t.kind),
            ("pipelines/latest-version", TagKind::SelfClosing)
        );
        let t = tag("{{<br/>}}");
        assert_eq!((t.name.as_str(), t.kind), ("br", TagKind::SelfClosing));
        let t = tag("{{% / alert %}}");
        assert_eq!((t.name.as_str(), t.kind), ("alert", TagKind::Close));
        let t = tag("{{</* figure src=\"x\" */>}}");
        assert_eq!(
            (t.kind, t.raw.as_str()),
            (TagKind::Escaped, " figure src=\"x\" ")
        );
        let t = tag("{{< x\n  a=\"1\"\n>}}");
        assert_eq!(t.args.named, [("a".to_string(), "1".to_string())]);
        assert!(parse_tag("{{< x a=\"1\" \n\nmore", 0).is_err());
        assert!(parse_tag("{{< x {{< y >}}", 0).is_err());
        assert!(parse_tag("{{< >}}", 0).is_err());
    }

    fn templates() -> (Templates, BTreeMap<String, TemplateFile>) {
        let config = crate::config::Config::parse("title = \"x\"\n").unwrap();
        let mut diags = Vec::new();
        let mut theme =
            crate::theme::Theme::load(Path::new("/nonexistent-site"), &config, &mut diags);
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
            theme.templates.insert(
                name.into(),
                TemplateFile {
                    name: name.into(),
                    text: text.into(),
                    shown: format!("templates/{name}"),
                },
            );
        }
        let strings = std::sync::Arc::new(crate::i18n::Strings::load(Vec::new(), &config).0);
        let t = Templates::compile(&theme.templates, &strings, &["en".into()]).unwrap();
        (t, theme.templates)
    }

    /// Renders a body as the Markdown phase does, with `line_offset` 10.
    fn run_with(body: &str, strict: bool, hooks: &dyn Hooks) -> (String, Vec<Diagnostic>) {
        let (t, sources) = templates();
        let site = serde_json::json!({"title": "Site"});
        let env = Env {
            templates: &t,
            sources: &sources,
            lang: "en",
            page: serde_json::json!({"title": "Page"}),
            site: &site,
            file: Path::new("content/a.md"),
            line_offset: 10,
            strict,
            hooks,
        };
        let (r, d) = render_body(body, 10, Some(&env), hooks);
        (r.html, d)
    }

    fn run(body: &str) -> (String, Vec<Diagnostic>) {
        run_with(body, false, &NoHooks)
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
    fn html_form_keeps_inner_raw_and_nests() {
        let (html, d) = run("{{< box >}}*raw* {{< box >}}in{{< /box >}}{{< /box >}}\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            html,
            "<div class=\"box\">*raw* <div class=\"box\">in</div></div>\n"
        );
        // Tabs holding Markdown tabs.
        let (html, _) =
            run("{{< tabs >}}\n{{% tab \"Linux\" %}}\n`ls`\n{{% /tab %}}\n{{< /tabs >}}\n");
        assert!(
            html.contains("<p class=\"sg-tab-label\">Linux</p>\n<p><code>ls</code></p>"),
            "{html:?}"
        );
        assert!(html.starts_with("<div class=\"sg-tabs\">"), "{html}");
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
            html,
            "<pre><code class=\"language-bash\">export V=v1.2.3\necho &lt;div class=\"box\"&gt;&lt;b&gt;&lt;/div&gt;\n</code></pre>\n"
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
    fn comments_are_left_alone() {
        let (html, d) = run("<!-- {{< nope >}} -->\n\nA <!-- {{% alert %}} --> B\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            html,
            "<!-- {{< nope >}} -->\n<p>A <!-- {{% alert %}} --> B</p>\n"
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
            "content/a.md:13: warning[shortcode-unknown]: unknown shortcode `nope`: there is no templates/shortcodes/nope.html in the site or its theme"
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

    #[derive(Default)]
    struct Lines(RefCell<Vec<(String, usize)>>);

    impl Hooks for Lines {
        fn rewrite_link(&self, dest: &str, line: usize) -> Option<String> {
            self.0.borrow_mut().push((dest.to_string(), line));
            None
        }
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
    fn html_placeholders_are_shown_and_reported() {
        let (html, d) = run(
            "Set the timeout:\n\n<duration> is like `30s`.\n\n<div id=\"ok\">\n</div>\n\n## Next\n",
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].code, d[0].line), ("html-placeholder", Some(13)));
        assert!(
            html.contains("<p>&lt;duration&gt; is like <code>30s</code>.</p>"),
            "{html}"
        );
        assert!(html.contains("<div id=\"ok\">"), "{html}");
        assert!(html.contains("<h2 id=\"next\">"), "{html}");
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
