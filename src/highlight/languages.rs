//! Which fence languages sitegen knows: the names and aliases people write, each to the grammar
//! that highlights it, or to plain text, a console session, a Mermaid diagram.

/// What a fence's language asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    /// No highlighting (`text`, `plaintext`, `txt`, `plain`).
    Plain,
    /// A shell session: prompts, commands (highlighted as shell) and their output.
    Console,
    /// A Mermaid diagram, kept as its source for a renderer the site adds.
    Mermaid,
    /// A language sitegen highlights, by its name: lexed if `lexed.rs` has a lexer for it,
    /// else parsed by arborium's grammar of that name.
    Grammar(&'static str),
    /// A language sitegen has no grammar for.
    Unknown,
}

/// Every name a fence may use (lower case), with what it means. Sorted by name: looked up by
/// binary search. README's "Code blocks" section lists the same.
const NAMES: &[(&str, Lang)] = &[
    ("bash", Lang::Grammar("bash")),
    ("bat", Lang::Grammar("batch")),
    ("batch", Lang::Grammar("batch")),
    ("c", Lang::Grammar("c")),
    ("c#", Lang::Grammar("c-sharp")),
    ("c++", Lang::Grammar("cpp")),
    ("cc", Lang::Grammar("cpp")),
    ("cfg", Lang::Grammar("ini")),
    ("cjs", Lang::Grammar("javascript")),
    ("cmake", Lang::Grammar("cmake")),
    ("cmd", Lang::Grammar("batch")),
    ("conf", Lang::Grammar("ini")),
    ("console", Lang::Console),
    ("containerfile", Lang::Grammar("dockerfile")),
    ("cpp", Lang::Grammar("cpp")),
    ("cs", Lang::Grammar("c-sharp")),
    ("csharp", Lang::Grammar("c-sharp")),
    ("css", Lang::Grammar("css")),
    ("cxx", Lang::Grammar("cpp")),
    ("diff", Lang::Grammar("diff")),
    ("docker", Lang::Grammar("dockerfile")),
    ("dockerfile", Lang::Grammar("dockerfile")),
    ("elixir", Lang::Grammar("elixir")),
    ("ex", Lang::Grammar("elixir")),
    ("exs", Lang::Grammar("elixir")),
    ("fish", Lang::Grammar("fish")),
    ("go", Lang::Grammar("go")),
    ("golang", Lang::Grammar("go")),
    ("gql", Lang::Grammar("graphql")),
    ("gradle", Lang::Grammar("groovy")),
    ("graphql", Lang::Grammar("graphql")),
    ("groovy", Lang::Grammar("groovy")),
    ("h", Lang::Grammar("c")),
    ("haskell", Lang::Grammar("haskell")),
    ("hcl", Lang::Grammar("hcl")),
    ("hpp", Lang::Grammar("cpp")),
    ("hs", Lang::Grammar("haskell")),
    ("htm", Lang::Grammar("html")),
    ("html", Lang::Grammar("html")),
    ("ini", Lang::Grammar("ini")),
    ("java", Lang::Grammar("java")),
    ("javascript", Lang::Grammar("javascript")),
    ("jenkinsfile", Lang::Grammar("groovy")),
    ("jq", Lang::Grammar("jq")),
    ("js", Lang::Grammar("javascript")),
    ("json", Lang::Grammar("json")),
    ("json5", Lang::Grammar("json")),
    ("jsonc", Lang::Grammar("json")),
    ("jsx", Lang::Grammar("javascript")),
    ("kotlin", Lang::Grammar("kotlin")),
    ("kt", Lang::Grammar("kotlin")),
    ("lua", Lang::Grammar("lua")),
    ("make", Lang::Grammar("make")),
    ("makefile", Lang::Grammar("make")),
    ("markdown", Lang::Grammar("markdown")),
    ("md", Lang::Grammar("markdown")),
    ("mdx", Lang::Grammar("markdown")),
    ("mermaid", Lang::Mermaid),
    ("mjs", Lang::Grammar("javascript")),
    ("nginx", Lang::Grammar("nginx")),
    ("nix", Lang::Grammar("nix")),
    ("patch", Lang::Grammar("diff")),
    ("php", Lang::Grammar("php")),
    ("plain", Lang::Plain),
    ("plaintext", Lang::Plain),
    ("powershell", Lang::Grammar("powershell")),
    ("proto", Lang::Grammar("proto")),
    ("protobuf", Lang::Grammar("proto")),
    ("ps", Lang::Grammar("powershell")),
    ("ps1", Lang::Grammar("powershell")),
    ("pwsh", Lang::Grammar("powershell")),
    ("py", Lang::Grammar("python")),
    ("py3", Lang::Grammar("python")),
    ("python", Lang::Grammar("python")),
    ("python3", Lang::Grammar("python")),
    ("r", Lang::Grammar("r")),
    ("rb", Lang::Grammar("ruby")),
    ("rs", Lang::Grammar("rust")),
    ("ruby", Lang::Grammar("ruby")),
    ("rust", Lang::Grammar("rust")),
    ("scala", Lang::Grammar("scala")),
    ("scss", Lang::Grammar("scss")),
    ("sh", Lang::Grammar("bash")),
    ("shell", Lang::Grammar("bash")),
    ("shell-session", Lang::Console),
    ("shellsession", Lang::Console),
    ("sql", Lang::Grammar("sql")),
    ("ssh-config", Lang::Grammar("ssh-config")),
    ("svg", Lang::Grammar("xml")),
    ("swift", Lang::Grammar("swift")),
    ("terminal", Lang::Console),
    ("terraform", Lang::Grammar("hcl")),
    ("text", Lang::Plain),
    ("tf", Lang::Grammar("hcl")),
    ("toml", Lang::Grammar("toml")),
    ("ts", Lang::Grammar("typescript")),
    ("tsx", Lang::Grammar("typescript")),
    ("txt", Lang::Plain),
    ("typescript", Lang::Grammar("typescript")),
    ("xml", Lang::Grammar("xml")),
    ("yaml", Lang::Grammar("yaml")),
    ("yml", Lang::Grammar("yaml")),
    ("zig", Lang::Grammar("zig")),
    ("zsh", Lang::Grammar("bash")),
];

/// What the fence language `name` means (any case).
pub(crate) fn resolve(name: &str) -> Lang {
    if name.is_empty() {
        return Lang::Plain;
    }
    let lower = name.to_ascii_lowercase();
    match NAMES.binary_search_by(|(n, _)| n.cmp(&lower.as_str())) {
        Ok(i) => NAMES[i].1,
        Err(_) => Lang::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sorted_and_unique() {
        assert!(NAMES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn aliases_people_write() {
        for (alias, grammar) in [
            ("sh", "bash"),
            ("shell", "bash"),
            ("yml", "yaml"),
            ("golang", "go"),
            ("ps1", "powershell"),
            ("YAML", "yaml"),
            ("Dockerfile", "dockerfile"),
        ] {
            assert_eq!(resolve(alias), Lang::Grammar(grammar), "{alias}");
        }
        assert_eq!(resolve("console"), Lang::Console);
        assert_eq!(resolve("shell-session"), Lang::Console);
        for plain in ["text", "plaintext", ""] {
            assert_eq!(resolve(plain), Lang::Plain);
        }
        assert_eq!(resolve("klingon"), Lang::Unknown);
    }

    /// Every language named here has a lexer or a grammar the build has: no name leads to a
    /// missing one.
    #[test]
    #[cfg(feature = "grammars")]
    fn every_grammar_is_compiled_in() {
        let missing: Vec<_> = NAMES
            .iter()
            .filter_map(|(name, lang)| match lang {
                Lang::Grammar(g)
                    if super::super::lexed::language(g).is_none()
                        && !super::super::grammar::known(g) =>
                {
                    Some((name, g))
                }
                _ => None,
            })
            .collect();
        assert!(missing.is_empty(), "no grammar for {missing:?}");
    }
}
