//! The languages most docs are written in (shell, YAML, JSON, TOML, Dockerfile, Python, Rust,
//! JavaScript, TypeScript, HTML, CSS, Markdown; Go by `golang.rs`), highlighted by hl-lite's
//! hand-written lexers: one forward pass, 60–100 MB/s a thread where the tree-sitter grammars
//! manage 1–2 MB/s (see BENCHMARKS.md, #18). Two things are added to what the lexers give: shell commands are
//! coloured wherever a command starts (the lexer knows a short list of commands), and the
//! `<script>` and `<style>` of HTML are highlighted as JavaScript and CSS.

use hl_lite::{Kind, Lang, Span};

/// A lexer: one of hl-lite's, or sitegen's own for Go (`golang.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lexer {
    Lite(Lang),
    Go,
}

/// The lexer for language `name` (as `languages.rs` gives it), if it has one.
pub(super) fn language(name: &str) -> Option<Lexer> {
    if name == "go" {
        return Some(Lexer::Go);
    }
    Some(Lexer::Lite(match name {
        "bash" => Lang::Bash,
        "css" => Lang::Css,
        "dockerfile" => Lang::Dockerfile,
        "html" | "xml" => Lang::Html,
        "javascript" => Lang::JavaScript,
        "json" => Lang::Json,
        "markdown" => Lang::Markdown,
        "python" => Lang::Python,
        "rust" => Lang::Rust,
        "toml" => Lang::Toml,
        "typescript" => Lang::TypeScript,
        "yaml" => Lang::Yaml,
        _ => return None,
    }))
}

/// The class sitegen writes for a token (the classes the tree-sitter grammars get,
/// `grammar.rs`), or `None` for text left in the text colour. Separators the lexers call
/// operators (`:` of a Rust field or a Python parameter, `::`, `.`, a line-continuing `\`) are
/// punctuation to a reader, as they are to the grammars: left in the text colour.
fn class_of(span: &Span<'_>) -> Option<&'static str> {
    if span.kind == Kind::Operator && span.text.bytes().all(|b| matches!(b, b':' | b'.' | b'\\')) {
        return None;
    }
    Some(match span.kind {
        Kind::Keyword => "k",
        Kind::String => "s",
        Kind::Comment => "c",
        Kind::Number => "n",
        Kind::Type => "t",
        Kind::Function => "f",
        Kind::Attribute => "at",
        Kind::Property => "pr",
        Kind::Tag => "tg",
        Kind::Operator => "o",
        Kind::Constant => "co",
        Kind::Variable => "v",
        Kind::Plain | Kind::Punctuation => return None,
    })
}

/// Calls `token` with each piece of `code` in order, and its class: the pieces put together
/// are `code`.
pub(super) fn tokens(lexer: Lexer, code: &str, token: &mut dyn FnMut(&str, Option<&'static str>)) {
    let lang = match lexer {
        Lexer::Go => return super::golang::tokens(code, token),
        Lexer::Lite(lang) => lang,
    };
    let spans = hl_lite::highlight(lang, code);
    match lang {
        Lang::Bash => commands(&spans, token),
        Lang::Html => embedded(&spans, token),
        _ => {
            for s in &spans {
                token(s.text, class_of(s));
            }
        }
    }
}

/// Shell: the first word of each command is a command name (`f`), as a shell reads it: at a
/// line's start (unless the line before ended in `\`), and after `|`, `||`, `&&`, `;`, `(`
/// and keywords like `then`; `NAME=value` words before it are assignments, not the command.
fn commands(spans: &[Span<'_>], token: &mut dyn FnMut(&str, Option<&'static str>)) {
    let mut state = Shell {
        at_command: true,
        name: false,
        value: false,
        continued: false,
    };
    for s in spans {
        let class = class_of(s);
        match s.kind {
            Kind::Plain => {
                let mut rest = s.text;
                while !rest.is_empty() {
                    let end = rest
                        .find(|c: char| {
                            c.is_whitespace() || matches!(c, ';' | '|' | '&' | '(' | ')')
                        })
                        .unwrap_or(rest.len());
                    if end == 0 {
                        let c = rest.chars().next().unwrap_or(' ');
                        let (piece, after) = rest.split_at(c.len_utf8());
                        token(piece, None);
                        state.separator(c);
                        rest = after;
                    } else {
                        let (word, after) = rest.split_at(end);
                        token(word, state.word(word));
                        rest = after;
                    }
                }
            }
            Kind::Operator if state.at_command && matches!(s.text, "./" | "../" | "/" | "~/") => {
                // The start of a path to a command (`./install.sh`).
                token(s.text, Some("f"));
            }
            Kind::Operator | Kind::Punctuation => {
                token(s.text, class);
                let t = s.text.trim_end();
                if t == "=" && state.name {
                    state.value = true;
                } else if t.ends_with(['|', ';', '(', '&']) {
                    state.at_command = true;
                }
                state.name = false;
                state.continued = t.ends_with('\\');
                state.line_end(s.text);
            }
            Kind::Variable if !s.text.starts_with('$') && state.at_command => {
                // The name of an assignment before the command.
                token(s.text, class);
                state.name = true;
            }
            Kind::Keyword => {
                token(s.text, class);
                // `if`, `then`, `do`, `!`… are followed by a command; `for x in`, `case` and
                // `function f` by a word.
                state.at_command = matches!(
                    s.text,
                    "if" | "then" | "else" | "elif" | "do" | "while" | "until" | "time" | "!" | "{"
                );
                state.name = false;
                state.line_end(s.text);
            }
            _ => {
                token(s.text, class);
                state.at_command = false;
                state.name = false;
                state.value = false;
                state.line_end(s.text);
            }
        }
    }
}

/// Where a shell lexer is in a command.
struct Shell {
    /// The next word is a command name.
    at_command: bool,
    /// The last token was an assignment's name (`NAME` of `NAME=value`).
    name: bool,
    /// The next word is an assignment's value.
    value: bool,
    /// The last token before a line end was `\`: the command goes on.
    continued: bool,
}

impl Shell {
    /// A word of plain text: its class.
    fn word(&mut self, word: &str) -> Option<&'static str> {
        self.name = false;
        self.continued = word.ends_with('\\');
        if std::mem::take(&mut self.value) {
            return None;
        }
        if !self.at_command {
            return None;
        }
        if word.contains('=') {
            return None; // NAME=value: the command is still to come.
        }
        self.at_command = false;
        is_command(word).then_some("f")
    }

    /// A separator of plain text: a space, a line end, `;`, `|`, `&`, `(`, `)`.
    fn separator(&mut self, c: char) {
        self.name = false;
        self.value = false;
        match c {
            '\n' => {
                if !self.continued {
                    self.at_command = true;
                }
                self.continued = false;
            }
            ';' | '|' | '&' | '(' => {
                self.at_command = true;
                self.continued = false;
            }
            c if c.is_whitespace() => {}
            _ => self.continued = false,
        }
    }

    /// After a token that may end a line (a comment's newline, a heredoc's body).
    fn line_end(&mut self, text: &str) {
        if text.ends_with('\n') && !self.continued {
            self.at_command = true;
        }
    }
}

/// A word that names a command: a program, a path to one, not a number or an option (nor an
/// assignment: `Shell::word` leaves those out first).
fn is_command(word: &str) -> bool {
    let first = word.as_bytes()[0];
    (first.is_ascii_alphabetic() || matches!(first, b'.' | b'/' | b'_' | b'~'))
        && word.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/' | b'+' | b'~')
        })
}

/// HTML: the text of a `<script>` highlighted as JavaScript, of a `<style>` as CSS.
fn embedded(spans: &[Span<'_>], token: &mut dyn FnMut(&str, Option<&'static str>)) {
    // The element whose start tag is being read, and whether its body comes next.
    let mut opening: Option<Lang> = None;
    let mut body: Option<Lang> = None;
    let mut after_open_bracket = false;
    for s in spans {
        match (s.kind, body.take()) {
            (Kind::Plain, Some(lang)) => {
                let inner = hl_lite::highlight(lang, s.text);
                for t in &inner {
                    token(t.text, class_of(t));
                }
                continue;
            }
            _ => token(s.text, class_of(s)),
        }
        match s.kind {
            Kind::Punctuation => {
                if s.text.starts_with('>') && opening.is_some() {
                    body = opening.take().filter(|_| s.text == ">");
                }
                after_open_bracket = s.text.ends_with('<') && !s.text.ends_with("</");
            }
            Kind::Tag if after_open_bracket => {
                opening = if s.text.eq_ignore_ascii_case("script") {
                    Some(Lang::JavaScript)
                } else if s.text.eq_ignore_ascii_case("style") {
                    Some(Lang::Css)
                } else {
                    None
                };
                after_open_bracket = false;
            }
            _ => after_open_bracket = false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classed(lang: Lang, code: &str) -> String {
        let mut out = String::new();
        let mut joined = String::new();
        tokens(Lexer::Lite(lang), code, &mut |text, class| {
            joined.push_str(text);
            match class {
                Some(c) => out.push_str(&format!("[{c}:{text}]")),
                None => out.push_str(text),
            }
        });
        assert_eq!(joined, code, "the pieces put together are the code");
        out
    }

    #[test]
    fn shell_commands_are_coloured_where_commands_start() {
        assert_eq!(
            classed(Lang::Bash, "kubectl get pods | grep web && helm list\n"),
            "[f:kubectl] get pods [o:|] [f:grep] web [o:&&] [f:helm] list\n"
        );
        // An assignment before the command, a continued line, a command substitution.
        assert_eq!(
            classed(Lang::Bash, "A=1 sitegen build \\\n  --quiet\nx=$(date)\n"),
            "[v:A][o:=]1 [f:sitegen] build \\\n  [at:--quiet]\n[v:x][o:=][v:$(date)]\n"
        );
        // Arguments that look like commands are not commands.
        assert!(!classed(Lang::Bash, "ls -la public\n").contains("[f:public]"));
        assert_eq!(
            classed(Lang::Bash, "if true; then ./run.sh; fi\nbin/x --a\n"),
            "[k:if] [f:true]; [k:then] [f:./][f:run.sh]; [k:fi]\n[f:bin/x] [at:--a]\n"
        );
        assert_eq!(
            classed(Lang::Bash, "for x in a b; do echo $x; done\n"),
            "[k:for] x [k:in] a b; [k:do] [f:echo] [v:$x]; [k:done]\n"
        );
    }

    #[test]
    fn separators_stay_in_the_text_colour() {
        assert_eq!(
            classed(Lang::Rust, "let a: u8 = b::c(d.e);\n"),
            "[k:let] a: [t:u8] [o:=] b::[f:c](d.e);\n"
        );
    }

    #[test]
    fn script_and_style_are_highlighted_in_their_language() {
        let html = classed(
            Lang::Html,
            "<style>p { color: red; }</style>\n<script>let x = 1;</script>\n<p>let</p>\n",
        );
        assert!(html.contains("[pr:color]"), "{html}");
        assert!(html.contains("[k:let] x"), "{html}");
        assert!(html.contains(">let<"), "{html}");
    }
}
