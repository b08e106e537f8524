//! Go, lexed: one forward pass over the bytes, no allocation per token, about 200 MB/s a
//! thread where Go's tree-sitter grammar manages 1-2 MB/s. Go is the language of the projects
//! whose docs sitegen is for (Kubernetes, Velero, Kubeflow) and hl-lite has no lexer for it.
//! Keywords, predeclared types and constants, called or declared functions, strings, runes,
//! comments, numbers and operators, in the classes `lexed.rs` gives other languages.

/// Calls `token` with each piece of `code` in order and its class; the pieces put together
/// are exactly `code`.
pub(super) fn tokens(code: &str, token: &mut dyn FnMut(&str, Option<&'static str>)) {
    let b = code.as_bytes();
    let (mut i, mut after_type) = (0, false);
    while i < b.len() {
        let (c, next) = (b[i], b.get(i + 1).copied());
        // Every arm returns an end > i, so each iteration advances.
        let (end, class) = match c {
            b'/' if next == Some(b'/') => (find(b, i, b"\n"), Some("c")),
            b'/' if next == Some(b'*') => ((find(b, i + 2, b"*/") + 2).min(b.len()), Some("c")),
            b'"' | b'\'' => (quoted_end(b, i, c), Some("s")),
            b'`' => ((find(b, i + 1, b"`") + 1).min(b.len()), Some("s")),
            b'0'..=b'9' => (number_end(b, i), Some("n")),
            b'.' if next.is_some_and(|n| n.is_ascii_digit()) => (number_end(b, i), Some("n")),
            b'.' if b[i..].starts_with(b"...") => (i + 3, Some("o")),
            b':' if next == Some(b'=') => (operator_end(b, i + 2), Some("o")),
            _ if is_operator(c) => (operator_end(b, i), Some("o")),
            _ if is_ident_byte(c) => {
                let end = run_end(b, i, is_ident_byte);
                let call = b.get(end) == Some(&b'(');
                (end, ident_class(&code[i..end], call, after_type))
            }
            _ if c.is_ascii_whitespace() => (run_end(b, i, |c| c.is_ascii_whitespace()), None),
            _ => (i + 1, None), // ASCII punctuation or control byte (non-ASCII is an identifier).
        };
        let piece = &code[i..end];
        if !c.is_ascii_whitespace() {
            after_type = piece == "type";
        }
        token(piece, class);
        i = end;
    }
}

/// Returns the index of the first occurrence of `pat` in `b` at or after `from`, or `b.len()`.
fn find(b: &[u8], from: usize, pat: &[u8]) -> usize {
    b.get(from..)
        .and_then(|rest| rest.windows(pat.len()).position(|w| w == pat))
        .map_or(b.len(), |n| from + n)
}

/// Returns the end of the string or rune opened by `quote` at `i`: just past the closing quote,
/// or at the line end (not including the `\n`) or input end when unterminated.
fn quoted_end(b: &[u8], mut i: usize, quote: u8) -> usize {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\n' => return i,
            c if c == quote => return i + 1,
            // Skip the escaped byte only if it is ASCII and not a newline, so no char is split.
            b'\\' if b.get(i + 1).is_some_and(|&n| n != b'\n' && n.is_ascii()) => i += 2,
            _ => i += 1,
        }
    }
    i
}

/// Returns the end of the number starting at `i` (decimal, hex, octal, binary, float, imaginary).
fn number_end(b: &[u8], mut i: usize) -> usize {
    let hex = b[i] == b'0' && matches!(b.get(i + 1), Some(b'x' | b'X'));
    let exponent = if hex { [b'p', b'P'] } else { [b'e', b'E'] };
    let mut seen_dot = false;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphanumeric() || c == b'_' {
            i += 1;
            if exponent.contains(&c) && matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
        } else if c == b'.' && !seen_dot && b.get(i + 1) != Some(&b'.') {
            seen_dot = true;
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// Whether `c` may be part of an identifier (non-ASCII bytes count, for Unicode letters).
fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// Returns the end of the run of bytes from `i` satisfying `keep`.
fn run_end(b: &[u8], i: usize, keep: fn(u8) -> bool) -> usize {
    b[i..]
        .iter()
        .position(|&c| !keep(c))
        .map_or(b.len(), |n| i + n)
}

/// Whether `c` is a Go operator character (`:` and `.` are handled separately).
fn is_operator(c: u8) -> bool {
    matches!(
        c,
        b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'^' | b'<' | b'>' | b'=' | b'!'
    )
}

/// Returns the end of the run of operator characters from `i`, stopping before a comment.
fn operator_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len()
        && is_operator(b[i])
        && !(b[i] == b'/' && matches!(b.get(i + 1), Some(b'/' | b'*')))
    {
        i += 1;
    }
    i
}

/// Returns the class of identifier `word`; `call` if `(` follows, `after_type` if it follows `type `.
fn ident_class(word: &str, call: bool, after_type: bool) -> Option<&'static str> {
    match word {
        "break" | "case" | "chan" | "const" | "continue" | "default" | "defer" | "else"
        | "fallthrough" | "for" | "func" | "go" | "goto" | "if" | "import" | "interface"
        | "map" | "package" | "range" | "return" | "select" | "struct" | "switch" | "type"
        | "var" => Some("k"),
        _ if after_type => Some("t"),
        "true" | "false" | "nil" | "iota" => Some("co"),
        "bool" | "byte" | "complex64" | "complex128" | "error" | "float32" | "float64" | "int"
        | "int8" | "int16" | "int32" | "int64" | "rune" | "string" | "uint" | "uint8"
        | "uint16" | "uint32" | "uint64" | "uintptr" | "any" | "comparable" => Some("t"),
        _ if call => Some("f"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::tokens;

    /// Renders classed pieces as `[class:text]`, asserting the pieces are non-empty and
    /// concatenate back to `code`.
    fn render(code: &str) -> String {
        let (mut out, mut joined) = (String::new(), String::new());
        tokens(code, &mut |piece, class| {
            assert!(!piece.is_empty(), "empty piece in {code:?}");
            joined.push_str(piece);
            match class {
                Some(class) => out.push_str(&format!("[{class}:{piece}]")),
                None => out.push_str(piece),
            }
        });
        assert_eq!(joined, code);
        out
    }

    const SNIPPET: &str = r#"package main

import (
	"fmt"
	"strings"
)

// Item is a thing.
type Item struct {
	Name  string
	Count int
}

func main() {
	x := 0x1F
	items := []Item{{"a", 1}}
	for i := range items {
		fmt.Printf("%d: %s\n", i, items[i].Name)
	}
	r := 'é' /* rune */
	s := `raw
line`
	x <<= 2
	_ = strings.ToUpper(s) + string(r) + len(items)
	f := .5e-3i + 1_000.0
}
"#;

    #[test]
    fn snippet() {
        let expected = r#"[k:package] main

[k:import] (
	[s:"fmt"]
	[s:"strings"]
)

[c:// Item is a thing.]
[k:type] [t:Item] [k:struct] {
	Name  [t:string]
	Count [t:int]
}

[k:func] [f:main]() {
	x [o::=] [n:0x1F]
	items [o::=] []Item{{[s:"a"], [n:1]}}
	[k:for] i [o::=] [k:range] items {
		fmt.[f:Printf]([s:"%d: %s\n"], i, items[i].Name)
	}
	r [o::=] [s:'é'] [c:/* rune */]
	s [o::=] [s:`raw
line`]
	x [o:<<=] [n:2]
	_ [o:=] strings.[f:ToUpper](s) [o:+] [t:string](r) [o:+] [f:len](items)
	f [o::=] [n:.5e-3i] [o:+] [n:1_000.0]
}
"#;
        assert_eq!(render(SNIPPET), expected);
    }

    #[test]
    fn unterminated() {
        assert_eq!(render("a := \"abc\nb"), "a [o::=] [s:\"abc]\nb");
        assert_eq!(render("'\\"), "[s:'\\]");
        assert_eq!(render("x /* never\nends"), "x [c:/* never\nends]");
        assert_eq!(render("s := `raw\nto end"), "s [o::=] [s:`raw\nto end]");
        assert_eq!(render("// end"), "[c:// end]");
        assert_eq!(render(""), "");
    }

    #[test]
    fn operators_and_numbers() {
        assert_eq!(render("a&^=b...c"), "a[o:&^=]b[o:...]c");
        assert_eq!(render("a+//c"), "a[o:+][c://c]");
        assert_eq!(render("0x1p-2+1e9"), "[n:0x1p-2][o:+][n:1e9]");
        assert_eq!(render("0b1_0 0o7 3i"), "[n:0b1_0] [n:0o7] [n:3i]");
        assert_eq!(render("ch <- v"), "ch [o:<-] v");
        assert_eq!(render("x.(type)"), "x.([k:type])");
    }

    #[test]
    fn every_prefix_round_trips() {
        let tricky =
            "héllo漢 := \"é\\\"漢\\é\" + 'x\\'' `é\\` /*漢*/ //é\n\\ \" ' ` /* 0x.é 1e+漢 .";
        for (n, _) in tricky.char_indices().chain([(tricky.len(), ' ')]) {
            render(&tricky[..n]);
            render(&tricky[n..]);
        }
        assert_eq!(render("é漢x(\"é\\漢\")"), "[f:é漢x]([s:\"é\\漢\"])");
    }
}
