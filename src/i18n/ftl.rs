//! Reading `.ftl` files: the sources of UI strings, and Fluent's parser without its panic.

use crate::diagnostics::Diagnostic;
use fluent::FluentResource;
use fluent_syntax::parser::{ErrorKind as ParserErrorKind, ParserError};
use std::path::{Path, PathBuf};

/// One `.ftl` file to load: its text and the path shown in messages.
#[derive(Debug, Clone)]
pub struct FtlSource {
    pub lang: String,
    pub shown: PathBuf,
    pub text: String,
}

/// `FluentResource::try_new` without its panic: fluent-syntax (0.11 and 0.12, fluent-rs#389)
/// slices the text mid-character when it reports a `\u`/`\U` escape in a string literal whose
/// hex digits stop at a non-ASCII character (`{ "\u00é" }`). Such a character is replaced by
/// as many `?` bytes, only where the parser reports that error, so offsets stay the same and
/// the rest of the file parses as written.
pub(crate) fn parse_ftl(
    text: String,
) -> Result<FluentResource, (FluentResource, Vec<ParserError>)> {
    let spots = broken_escapes(&text);
    if spots.is_empty() {
        return FluentResource::try_new(text);
    }
    let patch = |spots: &[usize]| {
        let mut out = text.clone();
        for &at in spots {
            let len = out[at..].chars().next().map_or(0, char::len_utf8);
            out.replace_range(at..at + len, &"?".repeat(len));
        }
        out
    };
    let errors = match FluentResource::try_new(patch(&spots)) {
        Ok(_) => Vec::new(),
        Err((_, errors)) => errors,
    };
    let reported: Vec<usize> = spots
        .into_iter()
        .filter(|&at| {
            errors.iter().any(|e| {
                e.pos.start == at
                    && matches!(e.kind, ParserErrorKind::InvalidUnicodeEscapeSequence(_))
            })
        })
        .collect();
    FluentResource::try_new(patch(&reported))
}

/// Byte offsets of the non-ASCII characters that cut a `\uXXXX` / `\UXXXXXX` escape short.
fn broken_escapes(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for i in 0..b.len() {
        let digits = match (b[i], b.get(i + 1)) {
            (b'\\', Some(b'u')) => 4,
            (b'\\', Some(b'U')) => 6,
            _ => continue,
        };
        let start = i + 2;
        let hex = b[start..]
            .iter()
            .take(digits)
            .take_while(|c| c.is_ascii_hexdigit())
            .count();
        if hex < digits && b.get(start + hex).is_some_and(|c| !c.is_ascii()) {
            out.push(start + hex);
        }
    }
    out
}

/// Reads every `.ftl` file under `dir/<lang>/` (sorted, for a stable override order). A file
/// that is a symbolic link leading outside the site is not read (`links`: the one rule).
pub(crate) fn read_ftl_dir(
    root: &Path,
    dir: &Path,
    links: &crate::files::Links,
    diags: &mut Vec<Diagnostic>,
) -> Vec<FtlSource> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    let mut refused = Vec::new();
    let walk = walkdir::WalkDir::new(dir)
        .min_depth(2)
        .max_depth(2)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| links.admit(e, &mut refused));
    for entry in walk.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let lang = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        match std::fs::read_to_string(path) {
            Ok(text) => out.push(FtlSource { lang, shown, text }),
            Err(e) => {
                diags.push(Diagnostic::error("read", format!("cannot read: {e}")).at(shown, None))
            }
        }
    }
    diags.extend(refused);
    out
}
