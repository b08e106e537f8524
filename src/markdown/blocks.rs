//! Blocks the pass writes itself rather than leaving to pulldown-cmark's writer: fenced code
//! (highlighted by `crate::highlight`, with its attributes, or a Mermaid diagram kept as its
//! source). Each returns the HTML to hand on and what it found wrong.

use pulldown_cmark::{Event, OffsetIter, TagEnd};

use crate::diagnostics::Diagnostic;

/// Reads a fenced block's text up to its end and renders it: the HTML, and a
/// `highlight-language` warning at `line` when its language is unknown.
pub(super) fn fenced_code(
    iter: &mut OffsetIter<'_, pulldown_cmark::DefaultBrokenLinkCallback>,
    info: &str,
    line: usize,
) -> (String, Option<Diagnostic>) {
    let mut code = String::new();
    for (event, _) in iter.by_ref() {
        match event {
            Event::End(TagEnd::CodeBlock) => break,
            Event::Text(t) => code.push_str(&t),
            _ => {}
        }
    }
    let block = crate::highlight::block(info, &code);
    let problem = block
        .unknown
        .map(|lang| unknown_language(&lang, Some(line)));
    (block.html, problem)
}

/// The warning for a fence language sitegen has no grammar for.
pub(crate) fn unknown_language(lang: &str, line: Option<usize>) -> Diagnostic {
    let mut d = Diagnostic::warning(
        "highlight-language",
        format!(
            "no highlighting for code in `{lang}`: the block is shown as plain text \
             (README lists the languages; `text` says plain on purpose)"
        ),
    );
    d.line = line;
    d
}

/// A formula (`$…$`, or `$$…$$` when `display`) as MathML; an invalid one is a `math` error at
/// `line`, shown as its source.
pub(super) fn math(tex: &str, display: bool, line: usize) -> (String, Option<Diagnostic>) {
    use pulldown_latex::config::DisplayMode;
    let storage = pulldown_latex::Storage::new();
    let events: Result<Vec<_>, _> = pulldown_latex::Parser::new(tex, &storage).collect();
    let mut html = String::with_capacity(tex.len() * 8);
    match events {
        Ok(events) => {
            let config = pulldown_latex::RenderConfig {
                display_mode: if display {
                    DisplayMode::Block
                } else {
                    DisplayMode::Inline
                },
                annotation: Some(tex),
                ..Default::default()
            };
            let events = events.into_iter().map(Ok::<_, pulldown_latex::ParserError>);
            if pulldown_latex::push_mathml(&mut html, events, config).is_ok() {
                return (html, None);
            }
            html.clear();
        }
        Err(e) => {
            let why = e.to_string();
            let why = why
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("parsing error: ");
            let mut d = Diagnostic::error("math", format!("invalid formula `{tex}`: {why}"));
            d.line = Some(line);
            html.push_str("<code class=\"math-error\">");
            crate::html::escape_into(&mut html, tex);
            html.push_str("</code>");
            return (html, Some(d));
        }
    }
    html.push_str("<code class=\"math-error\">");
    crate::html::escape_into(&mut html, tex);
    html.push_str("</code>");
    (html, None)
}

/// The start of a GitHub alert (`> [!NOTE]`): the theme's call-out with its title.
pub(super) fn alert_start(
    kind: pulldown_cmark::BlockQuoteKind,
    hooks: &dyn super::Hooks,
) -> String {
    use pulldown_cmark::BlockQuoteKind as K;
    let name = match kind {
        K::Note => "note",
        K::Tip => "tip",
        K::Important => "important",
        K::Warning => "warning",
        K::Caution => "caution",
    };
    let mut html = format!(
        "<div class=\"sg-alert sg-alert-{name}\" role=\"note\"><p class=\"sg-alert-title\">"
    );
    crate::html::escape_into(&mut html, &hooks.alert_title(name));
    html.push_str("</p>\n");
    html
}
