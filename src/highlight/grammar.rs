//! The grammars, driven through tree-sitter directly: each grammar's highlight query compiled
//! once per process with the patterns that colour nothing switched off, a parser and a query
//! cursor per thread, the captures turned into classed spans without an allocation per token.
//!
//! Captures nest (a string inside an argument list inside a call); the innermost wins, and of
//! two captures of the same text the later pattern wins, as in tree-sitter's own highlighter.
//! Languages embedded through a grammar's injection query (PHP's HTML, a Markdown fence) are
//! highlighted with their own grammar or lexer, two levels deep.

use std::cell::RefCell;
use std::sync::OnceLock;

use arborium::tree_sitter::{Language, Parser, Query, QueryCursor, QueryMatch, StreamingIterator};

use super::languages::{self, Lang};
use super::lexed;
use super::writer::Writer;

/// A compiled grammar: the language and one query, its injection patterns first and then its
/// highlight patterns, so that one walk of the tree finds both (as tree-sitter's highlighter
/// does).
pub(crate) struct Grammar {
    language: Language,
    query: Query,
    /// Patterns before this one are injections.
    first_highlight: usize,
    /// The class of each capture, by capture index; `None`: not coloured.
    classes: Vec<Option<&'static str>>,
    /// The capture indices of `injection.content` and `injection.language`.
    content: Option<u32>,
    language_name: Option<u32>,
}

/// Each grammar sitegen has: its name (as `languages.rs` gives it), and how to compile it.
/// The `core` ones are always built; the others with the `grammars` feature (on by default):
/// the grammars are generated C, minutes of a clean build, and a build for fuzzing needs a few.
macro_rules! grammars {
    (core: $($cname:literal => $cmod:ident,)* more: $($name:literal => $module:ident,)*) => {
        const NAMES: &[&str] = &[$($cname,)* $($name,)*];
        fn compile_by_index(i: usize) -> Option<Grammar> {
            let name = NAMES[i];
            $(
                if name == $cname {
                    return compile(
                        arborium::$cmod::language().into(),
                        &arborium::$cmod::HIGHLIGHTS_QUERY,
                        arborium::$cmod::INJECTIONS_QUERY,
                    );
                }
            )*
            #[cfg(feature = "grammars")]
            {
                $(
                    if name == $name {
                        return compile(
                            arborium::$module::language().into(),
                            &arborium::$module::HIGHLIGHTS_QUERY,
                            arborium::$module::INJECTIONS_QUERY,
                        );
                    }
                )*
            }
            None
        }
    };
}

grammars! {
    core:
    "diff" => lang_diff, "ini" => lang_ini,
    more:
    "batch" => lang_batch, "c" => lang_c, "c-sharp" => lang_c_sharp, "cmake" => lang_cmake,
    "cpp" => lang_cpp, "elixir" => lang_elixir, "fish" => lang_fish, "graphql" => lang_graphql,
    "groovy" => lang_groovy, "haskell" => lang_haskell, "hcl" => lang_hcl, "java" => lang_java,
    "jq" => lang_jq, "kotlin" => lang_kotlin, "lua" => lang_lua, "make" => lang_make,
    "nginx" => lang_nginx, "nix" => lang_nix, "php" => lang_php,
    "powershell" => lang_powershell, "proto" => lang_proto, "r" => lang_r, "ruby" => lang_ruby,
    "scala" => lang_scala, "scss" => lang_scss, "sql" => lang_sql,
    "ssh-config" => lang_ssh_config, "swift" => lang_swift, "zig" => lang_zig,
}

/// Grammar `name`, compiled the first time it is asked for; `None` if sitegen has no such
/// grammar. Threads that ask while it compiles wait for it: compiling a query costs as much as
/// highlighting megabytes of code.
pub(crate) fn get(name: &str) -> Option<&'static Grammar> {
    static COMPILED: OnceLock<Vec<OnceLock<Option<Grammar>>>> = OnceLock::new();
    let i = NAMES.iter().position(|n| *n == name)?;
    let all = COMPILED.get_or_init(|| NAMES.iter().map(|_| OnceLock::new()).collect());
    all[i].get_or_init(|| compile_by_index(i)).as_ref()
}

/// Whether sitegen has grammar `name`.
#[cfg(test)]
pub(crate) fn known(name: &str) -> bool {
    NAMES.contains(&name)
}

fn compile(language: Language, highlights: &str, injections: &str) -> Option<Grammar> {
    let source = format!("{injections}\n{highlights}");
    let mut query = Query::new(&language, &source).ok()?;
    let first_highlight = (0..query.pattern_count())
        .find(|&p| query.start_byte_for_pattern(p) > injections.len())
        .unwrap_or(query.pattern_count());
    let classes: Vec<Option<&'static str>> =
        query.capture_names().iter().map(|n| class_of(n)).collect();
    // A highlight pattern whose captures colour nothing costs matching and gives nothing.
    for p in first_highlight..query.pattern_count() {
        let text = &source[query.start_byte_for_pattern(p)..query.end_byte_for_pattern(p)];
        if capture_names_in(text).all(|n| class_of(n).is_none()) {
            query.disable_pattern(p);
        }
    }
    let names: Vec<String> = query
        .capture_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    for (name, class) in names.iter().zip(&classes) {
        if class.is_none() && !name.starts_with("injection.") {
            query.disable_capture(name);
        }
    }
    Some(Grammar {
        content: query.capture_index_for_name("injection.content"),
        language_name: query.capture_index_for_name("injection.language"),
        language,
        query,
        first_highlight,
        classes,
    })
}

/// The `@capture` names a query pattern's text mentions.
fn capture_names_in(text: &str) -> impl Iterator<Item = &str> {
    text.split('@').skip(1).map(|rest| {
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-')))
            .unwrap_or(rest.len());
        &rest[..end]
    })
}

/// The class sitegen writes for a capture (`k`, `s`, `c`…: arborium's short theme tags), or
/// `None` for captures the theme leaves in the text colour: punctuation, plain variables,
/// embedded regions, and tree-sitter's own (`_…`, `injection.…`, `spell`).
fn class_of(capture: &str) -> Option<&'static str> {
    if capture.is_empty() || capture.starts_with('_') || capture.starts_with("injection.") {
        return None;
    }
    if capture == "variable" {
        return None;
    }
    match arborium_theme::highlights::tag_for_capture(capture) {
        Some("p" | "eb") | None => None,
        tag => tag,
    }
}

/// A capture: a byte range, its class, and what decides between captures of the same text.
#[derive(Clone, Copy)]
struct Span {
    start: u32,
    end: u32,
    depth: u8,
    pattern: u32,
    class: &'static str,
}

struct Tools {
    parser: Parser,
    cursor: QueryCursor,
    spans: Vec<Span>,
}

/// `code` highlighted with `grammar`, appended to `out` as escaped text and `<span class>`
/// elements, none across a line end (so that a block can be cut into lines).
pub(crate) fn write_html(grammar: &Grammar, code: &str, out: &mut String) {
    thread_local! {
        static TOOLS: RefCell<Option<Tools>> = const { RefCell::new(None) };
    }
    TOOLS.with_borrow_mut(|tools| {
        let tools = tools.get_or_insert_with(|| Tools {
            parser: Parser::new(),
            cursor: QueryCursor::new(),
            spans: Vec::new(),
        });
        tools.spans.clear();
        let mut spans = std::mem::take(&mut tools.spans);
        collect(grammar, code, 0, 0, tools, &mut spans);
        spans.sort_unstable_by(|a, b| {
            (a.start, b.end, a.depth, a.pattern).cmp(&(b.start, a.end, b.depth, b.pattern))
        });
        flatten(code, &spans, out);
        tools.spans = spans;
    });
}

/// The captures of `code` (which starts at byte `offset` of the block), then those of the
/// languages injected into it.
fn collect(
    grammar: &Grammar,
    code: &str,
    offset: u32,
    depth: u8,
    tools: &mut Tools,
    spans: &mut Vec<Span>,
) {
    if tools.parser.set_language(&grammar.language).is_err() {
        return;
    }
    let Some(tree) = tools.parser.parse(code, None) else {
        return;
    };
    let root = tree.root_node();
    let mut embedded: Vec<(usize, usize, Embedded)> = Vec::new();
    let mut matches = tools.cursor.matches(&grammar.query, root, code.as_bytes());
    while let Some(m) = matches.next() {
        if m.pattern_index >= grammar.first_highlight {
            for c in m.captures {
                if let Some(Some(class)) = grammar.classes.get(c.index as usize) {
                    spans.push(Span {
                        start: offset + c.node.start_byte() as u32,
                        end: offset + c.node.end_byte() as u32,
                        depth,
                        pattern: m.pattern_index as u32,
                        class,
                    });
                }
            }
        } else if let Some(e) = injection(grammar, m, code).filter(|_| depth < 2) {
            embedded.push(e);
        }
    }
    drop(tree);
    for (start, end, target) in embedded {
        let Some(part) = code.get(start..end) else {
            continue;
        };
        let at = offset + start as u32;
        match target {
            Embedded::Grammar(g) => collect(g, part, at, depth + 1, tools, spans),
            Embedded::Lexed(lang) => {
                let mut pos = at;
                lexed::tokens(lang, part, &mut |text, class| {
                    let end = pos + text.len() as u32;
                    if let Some(class) = class {
                        spans.push(Span {
                            start: pos,
                            end,
                            depth: depth + 1,
                            pattern: 0,
                            class,
                        });
                    }
                    pos = end;
                });
            }
        }
    }
}

/// What highlights a language embedded in another.
#[derive(Clone, Copy)]
enum Embedded {
    Grammar(&'static Grammar),
    Lexed(lexed::Lexer),
}

/// The range and grammar of a language an injection pattern's match embeds.
fn injection(
    grammar: &Grammar,
    m: &QueryMatch<'_, '_>,
    code: &str,
) -> Option<(usize, usize, Embedded)> {
    let mut name = grammar
        .query
        .property_settings(m.pattern_index)
        .iter()
        .find(|p| &*p.key == "injection.language")
        .and_then(|p| p.value.as_deref().map(str::to_string));
    let mut range = None;
    for c in m.captures {
        if Some(c.index) == grammar.content {
            range = Some((c.node.start_byte(), c.node.end_byte()));
        } else if Some(c.index) == grammar.language_name && name.is_none() {
            name = c.node.utf8_text(code.as_bytes()).ok().map(str::to_string);
        }
    }
    let target = match languages::resolve(&name?) {
        Lang::Grammar(g) => match lexed::language(g) {
            Some(lang) => Embedded::Lexed(lang),
            None => Embedded::Grammar(get(g)?),
        },
        _ => return None,
    };
    let (start, end) = range?;
    Some((start, end, target))
}

/// Writes `code` with `spans` (sorted by start, longest first) applied: at each byte the
/// innermost span's class.
fn flatten(code: &str, spans: &[Span], out: &mut String) {
    let mut w = Writer::new(out);
    // Ends and classes of the spans around the current position, innermost last.
    let mut stack: Vec<(usize, &'static str)> = Vec::new();
    let mut at = 0;
    for s in spans {
        let (start, end) = (s.start as usize, (s.end as usize).min(code.len()));
        if start < at || end <= start || !code.is_char_boundary(start) {
            continue;
        }
        // Close the spans that end before this one starts.
        while let Some(&(top_end, class)) = stack.last() {
            if top_end > start {
                break;
            }
            w.text(&code[at..top_end.max(at)], Some(class));
            at = at.max(top_end);
            stack.pop();
        }
        w.text(&code[at..start], stack.last().map(|t| t.1));
        at = start;
        // A span reaching past the one around it is cut at its end: spans nest.
        let end = stack.last().map_or(end, |t| end.min(t.0));
        if code.is_char_boundary(end) {
            stack.push((end, s.class));
        }
    }
    while let Some((top_end, class)) = stack.pop() {
        w.text(&code[at..top_end.max(at)], Some(class));
        at = at.max(top_end);
    }
    w.text(&code[at..], None);
    w.close();
}
