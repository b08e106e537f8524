//! Code blocks at build time: a fence's language and attributes (`attrs.rs`, `languages.rs`)
//! to classed HTML with short class names (`k` keyword, `s` string, `c` comment…), styled by
//! the theme in light and dark. The languages most docs use are lexed (`lexed.rs`: hl-lite's
//! hand-written lexers, and `golang.rs` for Go, 50× faster than a parser); the others are parsed by tree-sitter
//! grammars through arborium (`grammar.rs`), each compiled the first time a page uses it: a
//! site without code pays nothing. Both write through `writer.rs`. Highlighted code is cached by
//! language and code (`cache.rs`), shared by builds and serve's rebuilds. Shell sessions
//! (`console.rs`) mark prompts, commands and output for the theme's copy button.
//!
//! Called by the Markdown pass for each fenced block, and on the HTML of shortcodes
//! (`in_html`). Imports nothing of the site.

mod attrs;
mod cache;
mod console;
mod golang;
mod grammar;
mod languages;
mod lexed;
mod writer;

use std::sync::Arc;

use crate::html::escape_into;
pub(crate) use attrs::Fence;
use languages::Lang;

/// A code block as HTML, and the language it named that sitegen cannot highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    pub(crate) html: String,
    pub(crate) unknown: Option<String>,
}

/// The HTML of a fenced block whose info string is `info` (`yaml {1,3} title="a.yaml"`).
pub(crate) fn block(info: &str, code: &str) -> Block {
    let fence = attrs::parse(info);
    let lang = languages::resolve(&fence.lang);
    let unknown = (lang == Lang::Unknown).then(|| fence.lang.clone());
    let html = match lang {
        Lang::Mermaid => {
            let mut html = String::from("<pre class=\"mermaid\">");
            escape_into(&mut html, code);
            html.push_str("</pre>\n");
            html
        }
        _ => framed(&fence, lang, code),
    };
    Block { html, unknown }
}

/// Whether a fence's info string asks for anything beyond plain text.
pub(crate) fn wants(info: &str) -> bool {
    !info.trim().is_empty()
}

/// `<pre><code>` with the code highlighted, by line when line numbers or highlighted lines
/// are asked for, under a title bar when there is a title.
fn framed(fence: &Fence, lang: Lang, code: &str) -> String {
    let inner: Arc<str> = match lang {
        Lang::Grammar(g) => cache::shared().get_or(g, code, || grammar_html(g, code)),
        Lang::Console => cache::shared().get_or("console", code, || {
            console::html(code, &|cmd, out| out.push_str(&grammar_html("bash", cmd)))
        }),
        _ => {
            let mut s = String::with_capacity(code.len() + 16);
            escape_into(&mut s, code);
            Arc::from(s)
        }
    };
    let classed = matches!(lang, Lang::Grammar(_) | Lang::Console | Lang::Unknown);
    let mut html = String::with_capacity(inner.len() + 96);
    if let Some(title) = &fence.title {
        html.push_str("<div class=\"code-block\"><div class=\"code-title\">");
        escape_into(&mut html, title);
        html.push_str("</div>");
    }
    html.push_str("<pre");
    if classed || fence.by_line() {
        html.push_str(if fence.line_numbers {
            " class=\"hl ln\""
        } else {
            " class=\"hl\""
        });
    }
    if fence.line_numbers && fence.start != 1 {
        html.push_str(&format!(
            " style=\"counter-reset:ln {}\"",
            fence.start.saturating_sub(1)
        ));
    }
    html.push_str("><code");
    if !fence.lang.is_empty() {
        html.push_str(" class=\"language-");
        escape_into(&mut html, &fence.lang.to_ascii_lowercase());
        html.push('"');
    }
    html.push('>');
    if fence.by_line() {
        for (i, line) in inner.split_inclusive('\n').enumerate() {
            html.push_str(if fence.is_marked(i + 1) {
                "<span class=\"line hll\">"
            } else {
                "<span class=\"line\">"
            });
            html.push_str(line);
            html.push_str("</span>");
        }
    } else {
        html.push_str(&inner);
    }
    html.push_str("</code></pre>");
    if fence.title.is_some() {
        html.push_str("</div>");
    }
    html.push('\n');
    html
}

/// `code` in language `g` as HTML: a `<span class="…">` per token, none across a line end (so
/// that a block can be cut into lines): lexed when `lexed.rs` has a lexer for it, else parsed
/// by its tree-sitter grammar; plain text when sitegen has neither.
fn grammar_html(g: &'static str, code: &str) -> String {
    let mut out = String::with_capacity(code.len() * 2);
    if let Some(lang) = lexed::language(g) {
        let mut w = writer::Writer::new(&mut out);
        lexed::tokens(lang, code, &mut |text, class| w.text(text, class));
        w.close();
    } else {
        match grammar::get(g) {
            Some(grammar) => grammar::write_html(grammar, code, &mut out),
            None => escape_into(&mut out, code),
        }
    }
    out
}

/// Highlights the `<pre><code class="language-…">` blocks in HTML a shortcode's template
/// wrote (`highlight`, `readfile`, cards): the HTML, and the languages sitegen cannot
/// highlight. Blocks the Markdown pass already wrote (`<pre class=…>`) are left alone.
pub(crate) fn in_html(html: &str) -> (String, Vec<String>) {
    const OPEN: &str = "<pre><code class=\"language-";
    const CLOSE: &str = "</code></pre>";
    let mut unknown = Vec::new();
    if !html.contains(OPEN) {
        return (html.to_string(), unknown);
    }
    let mut out = String::with_capacity(html.len() * 2);
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let Some((lang, body)) = after.split_once("\">") else {
            break;
        };
        let Some(end) = body.find(CLOSE) else { break };
        out.push_str(&rest[..at]);
        let code = crate::html::unescape(&body[..end]);
        match languages::resolve(lang) {
            Lang::Plain => out.push_str(&rest[at..at + OPEN.len() + lang.len() + 2 + end]),
            Lang::Unknown => {
                unknown.push(lang.to_string());
                out.push_str(&rest[at..at + OPEN.len() + lang.len() + 2 + end]);
            }
            _ => out.push_str(
                block(lang, &code)
                    .html
                    .trim_end_matches('\n')
                    .strip_suffix(CLOSE)
                    .unwrap_or(""),
            ),
        }
        out.push_str(CLOSE);
        rest = &body[end + CLOSE.len()..];
    }
    out.push_str(rest);
    (out, unknown)
}

#[cfg(test)]
mod tests;
