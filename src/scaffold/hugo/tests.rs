use super::*;

const HUGO: &str = r#"baseURL = "https://docs.example.org/"
title = "Example Docs"
defaultContentLanguage = "en"
enableGitInfo = true
theme = "docsy"

[taxonomies]
tag = "tags"

[params]
description = "Docs for Example"
github_repo = "https://github.com/example/example"

[permalinks]
blog = "/blog/:year/:slug/"

[languages]
  [languages.zh]
    languageName = "中文"
    title = "示例文档"
    weight = 2
    contentDir = "content/zh"
    [languages.zh.menus]
      [[languages.zh.menus.main]]
        name = "文档"
        pageRef = "/docs"
        weight = 1
  [languages.en]
    languageName = "English"
    weight = 1
    contentDir = "content/english"

[[menus.main]]
  name = "Docs"
  pageRef = "/docs"
  weight = 1
[[menus.main]]
  name = "GitHub"
  url = "https://github.com/example/example"
  weight = 2
  [menus.main.params]
    icon = "github"

[markup]
  [markup.goldmark.renderer]
    unsafe = true
  [markup.highlight]
    style = "tango"
"#;

fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = tmp.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    tmp
}

#[test]
fn hugo_keys_become_sitegen_keys() {
    let tmp = site(&[
        ("hugo.toml", HUGO),
        ("content/english/docs/_index.md", "# Docs\n"),
        ("content/zh/docs/_index.md", "# 文档\n"),
    ]);
    let done = convert(tmp.path(), "Fallback").unwrap();
    let toml = std::fs::read_to_string(tmp.path().join("sitegen.toml")).unwrap();
    let t: toml::Table = toml.parse().unwrap();
    assert_eq!(t["title"].as_str(), Some("Example Docs"));
    assert_eq!(t["base_url"].as_str(), Some("https://docs.example.org/"));
    assert_eq!(t["description"].as_str(), Some("Docs for Example"));
    assert_eq!(t["default_language"].as_str(), Some("en"));
    // Languages: the default first, whatever the order in hugo.toml.
    let langs: Vec<_> = t["languages"].as_table().unwrap().keys().collect();
    assert!(
        toml.find("[languages.en]") < toml.find("[languages.zh]"),
        "{toml}"
    );
    assert_eq!(langs.len(), 2);
    assert_eq!(t["languages"]["zh"]["name"].as_str(), Some("中文"));
    assert_eq!(t["languages"]["zh"]["title"].as_str(), Some("示例文档"));
    assert_eq!(
        t["params"]["github_repo"].as_str(),
        Some("https://github.com/example/example")
    );
    assert_eq!(t["permalinks"]["blog"].as_str(), Some("/blog/:year/:slug/"));
    assert_eq!(
        t["links"]["repository"].as_str(),
        Some("https://github.com/example/example/blob/main/")
    );
    assert_eq!(
        t["params"]["edit_url_base"].as_str(),
        Some("https://github.com/example/example/edit/main/")
    );
    // Menus: pageRef becomes the page's file when it exists, per language too.
    let main = t["menus"]["main"].as_array().unwrap();
    assert_eq!(main[0]["name"].as_str(), Some("Docs"));
    assert_eq!(
        main[1]["url"].as_str(),
        Some("https://github.com/example/example")
    );
    let zh = t["languages"]["zh"]["menus"]["main"].as_array().unwrap();
    assert_eq!(zh[0]["page"].as_str(), Some("docs/_index.md"));
    assert!(toml.contains("# - enableGitInfo:"), "{toml}");
    assert!(toml.contains("raw HTML is always kept"), "{toml}");
    // What could not be mapped, at its line, with advice.
    let noted = |key: &str| done.notes.iter().find(|n| n.key == key);
    let tax = noted("taxonomies").expect("taxonomies noted");
    assert_eq!((tax.file.as_str(), tax.line), ("hugo.toml", Some(7)));
    let theme = noted("theme").expect("theme noted");
    assert_eq!(theme.line, Some(5));
    let dir = noted("languages.en.contentDir").expect("contentDir noted");
    assert_eq!(dir.line, Some(31));
    assert!(
        dir.advice.contains("git mv content/english content/en"),
        "{}",
        dir.advice
    );
    let icon = noted("menus.main.params").expect("menu params noted");
    assert_eq!(icon.line, Some(41));
    assert!(noted("markup.highlight").is_none());
    assert!(toml.contains("\n[markdown]\n"), "{toml}");
    assert!(toml.contains("# - hugo.toml:7: `taxonomies`"), "{toml}");
}

#[test]
fn yaml_config_folder_and_never_overwriting() {
    let tmp = site(&[
        (
            "config/_default/hugo.yaml",
            "title: Y\nlanguageCode: pt-br\nsummaryLength: 20\n",
        ),
        ("config/_default/params.yaml", "version: '1.2'\n"),
        (
            "config/_default/menus.yaml",
            "main:\n  - name: Home\n    url: /\n",
        ),
    ]);
    let done = convert(tmp.path(), "Fallback").unwrap();
    let toml = std::fs::read_to_string(tmp.path().join("sitegen.toml")).unwrap();
    let t: toml::Table = toml.parse().unwrap();
    assert_eq!(t["default_language"].as_str(), Some("pt"));
    assert_eq!(t["params"]["version"].as_str(), Some("1.2"));
    assert_eq!(t["menus"]["main"][0]["url"].as_str(), Some("/"));
    let n = &done.notes[0];
    assert_eq!(
        (n.file.as_str(), n.line, n.key.as_str()),
        ("config/_default/hugo.yaml", Some(3), "summaryLength")
    );
    let again = convert(tmp.path(), "Fallback").err().unwrap();
    assert!(again.contains("never overwrites"), "{again}");
}

#[test]
fn a_folder_without_hugo_config_is_an_error() {
    let tmp = site(&[("content/a.md", "# A\n")]);
    let e = convert(tmp.path(), "x").err().unwrap();
    assert!(e.contains("no Hugo configuration"), "{e}");
    assert!(!tmp.path().join("sitegen.toml").exists());
}
