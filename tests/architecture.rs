//! The layout ARCHITECTURE.md promises, checked on the source: dependencies between the
//! crate's top-level modules run one way (no cycle), no file is over 600 lines and no function
//! over 100. Test-only code (`#[cfg(test)]` modules, `tests.rs` files) is not counted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 600;
const MAX_FN_LINES: usize = 100;

fn sources() -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(&src)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| e.path().to_path_buf())
        .collect();
    out.sort();
    out
}

/// The top-level module a file belongs to (`src/render/context.rs` → `render`).
fn module_of(path: &Path) -> String {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rel = path.strip_prefix(&src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The file's code without comments and without its test module.
fn code(text: &str) -> String {
    let end = text.find("#[cfg(test)]\nmod tests").unwrap_or(text.len());
    text[..end]
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `crate::name` paths in `code`, and `use crate::{a, b}` groups.
fn crate_references(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let word = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + 7..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for part in inner.split(',') {
                out.insert(word(part.trim()));
            }
        } else {
            out.insert(word(rest));
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

#[test]
fn modules_depend_on_each_other_one_way() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in sources() {
        if path.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let module = module_of(&path);
        if module == "main" || module == "lib" {
            continue;
        }
        let refs = crate_references(&code(&std::fs::read_to_string(&path).unwrap()));
        let deps = graph.entry(module.clone()).or_default();
        deps.extend(refs.into_iter().filter(|r| *r != module));
    }
    // A cycle is a module that can reach itself.
    let mut cycles = Vec::new();
    for start in graph.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        while let Some((m, path)) = stack.pop() {
            for d in graph.get(&m).into_iter().flatten() {
                if d == start {
                    cycles.push(format!("{} → {start}", path.join(" → ")));
                } else if seen.insert(d.clone()) {
                    let mut p = path.clone();
                    p.push(d.clone());
                    stack.push((d.clone(), p));
                }
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
    // The pipeline's direction, spelled out: lower stages never import higher ones.
    for (low, high) in [
        ("content", "site"),
        ("markdown", "content"),
        ("markdown", "templates"),
        ("templates", "render"),
        ("site", "render"),
        ("render", "serve"),
        ("serve", "cli"),
    ] {
        assert!(
            !graph.get(low).is_some_and(|d| d.contains(high)),
            "{low} imports {high}"
        );
    }
}

#[test]
fn files_and_functions_stay_short() {
    let mut long = Vec::new();
    for path in sources() {
        let text = std::fs::read_to_string(&path).unwrap();
        let shown = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .display()
            .to_string();
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            long.push(format!("{shown}: {lines} lines"));
        }
        let all: Vec<&str> = text.lines().collect();
        for (i, line) in all.iter().enumerate() {
            let t = line.trim_start();
            let indent = &line[..line.len() - t.len()];
            let is_fn = [
                "fn ",
                "pub fn ",
                "pub(crate) fn ",
                "pub(super) fn ",
                "const fn ",
            ]
            .iter()
            .any(|p| t.starts_with(p));
            if !is_fn || t.ends_with(';') {
                continue;
            }
            let close = format!("{indent}}}");
            let Some(end) = all[i..].iter().position(|l| *l == close) else {
                continue;
            };
            if end + 1 > MAX_FN_LINES {
                long.push(format!(
                    "{shown}:{}: a function of {} lines",
                    i + 1,
                    end + 1
                ));
            }
        }
    }
    assert!(long.is_empty(), "too long:\n{}", long.join("\n"));
}

#[test]
fn the_reference_finder_sees_groups_and_paths() {
    let refs = crate_references("use crate::{html, output::Sink};\nlet x = crate::links::x();");
    assert_eq!(
        refs.into_iter().collect::<Vec<_>>(),
        ["html", "links", "output"]
    );
}
