//! Every code a diagnostic can carry, in one table: `[severity]` in `sitegen.toml` and the
//! baseline accept these and no others. README's table of codes says what each means; the tests
//! below keep the three in step (this table, README, and the codes `src/` emits).

/// One diagnostic code.
#[derive(Debug)]
pub(crate) struct Code {
    pub(crate) code: &'static str,
    /// Why `[severity]` and the baseline cannot change this code, when they cannot: what it
    /// stops cannot be done without (a site written with it lowered would lose files, or it is
    /// found before `[severity]` is read).
    pub(crate) fixed: Option<&'static str>,
}

const fn any(code: &'static str) -> Code {
    Code { code, fixed: None }
}

const fn fixed(code: &'static str, why: &'static str) -> Code {
    Code {
        code,
        fixed: Some(why),
    }
}

const BEFORE: &str = "it is found before `[severity]` is read";
const NO_OUTPUT: &str = "no site can be written while it stands";

/// In README's order.
pub(crate) const CODES: &[Code] = &[
    fixed("config", BEFORE),
    fixed("content", NO_OUTPUT),
    any("content-empty"),
    any("read"),
    any("invalid-utf8"),
    any("front-matter"),
    any("file-name"),
    any("language"),
    any("language-code"),
    fixed("duplicate-url", "two pages cannot be written to one URL"),
    fixed("duplicate-output", NO_OUTPUT),
    fixed(
        "page-url",
        "a page cannot be written outside the output folder",
    ),
    fixed("output-locked", NO_OUTPUT),
    any("leftover-file"),
    any("broken-link"),
    any("broken-anchor"),
    any("external-broken"),
    any("external-unknown"),
    any("external-redirect"),
    any("external-cache"),
    any("anchor-case"),
    any("alias-self"),
    any("permalink"),
    fixed("template", "pages whose template fails would be missing"),
    any("template-missing"),
    fixed("theme", NO_OUTPUT),
    any("ftl-syntax"),
    any("i18n-language"),
    any("i18n-missing-key"),
    any("i18n-extra-key"),
    any("faq-missing-date"),
    any("faq-invalid-date"),
    any("faq-future-date"),
    any("faq-reviewed-before-added"),
    any("faq-stale"),
    any("faq-review-soon"),
    any("faq-date-mismatch"),
    any("translation-outdated"),
    any("translation-drift-shallow"),
    any("page-stale"),
    any("git-shallow"),
    any("shortcode-unknown"),
    any("shortcode-nesting"),
    any("ref-ambiguous"),
    any("shortcode-readfile"),
    any("shortcode-unclosed"),
    any("shortcode-unopened"),
    any("shortcode-syntax"),
    any("shortcode-template"),
    any("html-placeholder"),
    any("highlight-language"),
    any("math"),
    fixed("output-path", NO_OUTPUT),
    fixed("write", NO_OUTPUT),
    any("link-outside"),
    fixed("baseline", BEFORE),
    any("baseline-fixed"),
    fixed("internal", NO_OUTPUT),
    any("data"),
    any("menu"),
    any("nav-file"),
    any("nav-unlisted"),
    any("rotation"),
    any("rotation-person"),
    any("rotation-gap"),
    any("rotation-overlap"),
    any("rotation-ends-soon"),
    any("support-level"),
    any("labels"),
    any("version-missing-page"),
    any("version-ref"),
];

/// The table's entry for a code.
pub(crate) fn code(name: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.code == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// Files where a diagnostic's code is chosen before the constructor is called (a variable,
    /// or the constructor passed as a function): the codes they choose from. A new place like
    /// that must be listed here, so no code escapes the table.
    const INDIRECT: &[(&str, &[&str])] = &[
        ("content/walk.rs", &["faq-invalid-date", "front-matter"]),
        ("faq/dates.rs", &["faq-stale"]),
        ("ages/review.rs", &["page-stale"]),
    ];

    /// The code of the program (not its tests) of every `.rs` file under `src/`, but this
    /// module's own folder. A file's test code comes last in it, from its first
    /// `#[cfg(test)]`, as everywhere in this crate.
    fn sources() -> Vec<(String, String)> {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut out = Vec::new();
        for e in walkdir::WalkDir::new(&src).into_iter().flatten() {
            let rel = e.path().strip_prefix(&src).unwrap().to_string_lossy();
            let rel = rel.replace('\\', "/");
            if !rel.ends_with(".rs") || rel.starts_with("diagnostics/") || rel.ends_with("tests.rs")
            {
                continue;
            }
            let text = std::fs::read_to_string(e.path()).unwrap();
            let end = text.find("#[cfg(test)]").unwrap_or(text.len());
            out.push((rel, text[..end].to_string()));
        }
        out
    }

    /// Codes passed as a literal to `Diagnostic::error`/`warning`/`note`; the others are
    /// `(file, what follows the constructor)`.
    fn emitted() -> (BTreeSet<String>, Vec<(String, String)>) {
        let mut literal = BTreeSet::new();
        let mut indirect = Vec::new();
        for (file, text) in sources() {
            for ctor in [
                "Diagnostic::error",
                "Diagnostic::warning",
                "Diagnostic::note",
            ] {
                for (i, _) in text.match_indices(ctor) {
                    let rest = text[i + ctor.len()..].trim_start();
                    let arg = rest.strip_prefix('(').map(str::trim_start);
                    match arg.and_then(|a| a.strip_prefix('"')) {
                        Some(lit) => {
                            literal.insert(lit[..lit.find('"').unwrap()].to_string());
                        }
                        None => indirect.push((file.clone(), rest.chars().take(40).collect())),
                    }
                }
            }
        }
        (literal, indirect)
    }

    #[test]
    fn every_code_emitted_is_in_the_table() {
        let (literal, indirect) = emitted();
        assert!(literal.len() > 30, "found only {literal:?}");
        let missing: Vec<_> = literal.iter().filter(|c| code(c).is_none()).collect();
        assert!(missing.is_empty(), "codes missing from CODES: {missing:?}");
        for (file, what) in indirect {
            let listed = INDIRECT.iter().find(|(f, _)| *f == file);
            assert!(
                listed.is_some(),
                "{file}: a diagnostic whose code is not a literal (`{what}`): list the codes it \
                 can take in INDIRECT"
            );
        }
        for (file, codes) in INDIRECT {
            let text = sources().into_iter().find(|(f, _)| f == file).unwrap().1;
            for c in *codes {
                assert!(code(c).is_some(), "{c} is not in CODES");
                assert!(text.contains(&format!("\"{c}\"")), "{file} has no {c}");
            }
        }
    }

    #[test]
    fn readme_lists_every_code_and_no_other() {
        let readme =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
                .unwrap();
        let table = &readme[readme
            .find("\n## Diagnostics")
            .expect("a Diagnostics section")
            + 1..];
        let table = &table[..table.find("\n## ").unwrap_or(table.len())];
        let documented: BTreeSet<&str> = table
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split('`').next())
            .collect();
        let listed: BTreeSet<&str> = CODES.iter().map(|c| c.code).collect();
        assert_eq!(documented, listed, "README's codes and CODES differ");
    }

    #[test]
    fn codes_are_unique() {
        let listed: BTreeSet<&str> = CODES.iter().map(|c| c.code).collect();
        assert_eq!(listed.len(), CODES.len());
    }
}
