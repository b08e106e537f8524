//! `sitegen init`: a new site in a temp dir, built and checked by the real binary.

mod common;
use common::sitegen;
use std::path::Path;

fn run(args: &[&str], dir: &Path) -> std::process::Output {
    sitegen().args(args).current_dir(dir).output().unwrap()
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn init_makes_a_site_that_builds_and_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(
        &[
            "init",
            "support",
            "--name",
            "Driftwood",
            "--today",
            "2026-12-01",
        ],
        tmp.path(),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("sitegen serve"), "{}", text(&out));
    let site = tmp.path().join("support");
    let entry = std::fs::read_to_string(site.join("content/faq/where-do-i-ask.md")).unwrap();
    assert!(entry.contains("added: 2026-12-01"), "{entry}");
    for args in [["build", "--today"], ["check", "--today"]] {
        let out = run(&[args[0], args[1], "2026-12-06"], &site);
        assert!(out.status.success(), "{}", text(&out));
        assert!(
            text(&out).contains("0 warning(s), 0 errors"),
            "{}",
            text(&out)
        );
    }
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("Driftwood Support"), "{home}");
    for page in [
        "support/process/index.html",
        "support/levels/index.html",
        "faq/index.html",
    ] {
        assert!(site.join("public").join(page).is_file(), "{page}");
    }
    let faq = std::fs::read_to_string(site.join("public/faq/index.html")).unwrap();
    assert!(faq.contains("Where do I ask a question?"), "{faq}");
}

#[test]
fn languages_get_folders_tables_and_strings_to_translate() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(&["init", ".", "--lang", "zh", "--lang", "ja"], tmp.path());
    assert!(out.status.success(), "{}", text(&out));
    let config = std::fs::read_to_string(tmp.path().join("sitegen.toml")).unwrap();
    for table in [
        "[languages.en]",
        "[languages.zh]",
        "[languages.ja]",
        "name = \"日本語\"",
    ] {
        assert!(config.contains(table), "{config}");
    }
    assert!(tmp.path().join("content/en/faq/_index.md").is_file());
    assert!(tmp.path().join("content/zh/_index.md").is_file());
    // The default theme has Chinese strings, not Japanese ones.
    assert!(!tmp.path().join("i18n/zh").exists());
    let ja = std::fs::read_to_string(tmp.path().join("i18n/ja/theme.ftl")).unwrap();
    assert!(ja.contains("translate"), "{ja}");
    let out = run(&["check"], tmp.path());
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("0 warning(s), 0 errors"),
        "{}",
        text(&out)
    );
}

#[test]
fn init_never_overwrites_and_adds_to_a_gitignore() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(".gitignore"), "/target").unwrap();
    std::fs::create_dir_all(tmp.path().join("content")).unwrap();
    std::fs::write(tmp.path().join("content/_index.md"), "my own home").unwrap();
    let out = run(&["init"], tmp.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("content/_index.md"), "{}", text(&out));
    assert!(text(&out).contains("never overwrites"), "{}", text(&out));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("content/_index.md")).unwrap(),
        "my own home"
    );
    assert!(!tmp.path().join("sitegen.toml").exists());

    let bare = tempfile::tempdir().unwrap();
    std::fs::write(bare.path().join(".gitignore"), "/target").unwrap();
    let out = run(&["init", "--no-example"], bare.path());
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        std::fs::read_to_string(bare.path().join(".gitignore")).unwrap(),
        "/target\n/public/\n"
    );
    assert!(bare.path().join("content/_index.md").is_file());
    assert!(!bare.path().join("content/faq").exists());
    let out = run(&["build"], bare.path());
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Built 1 page (en 1)"), "{}", text(&out));
}

#[test]
fn a_bad_language_code_is_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(&["init", "--lang", "not a code"], tmp.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("BCP 47"), "{}", text(&out));
    assert!(std::fs::read_dir(tmp.path()).unwrap().next().is_none());
}

#[test]
fn an_empty_content_folder_and_a_hugo_config_say_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("sitegen.toml"), "title = \"x\"\n").unwrap();
    std::fs::create_dir(tmp.path().join("content")).unwrap();
    let out = run(&["build"], tmp.path());
    assert!(
        text(&out).contains("content: warning[content-empty]")
            && text(&out).contains("sitegen init"),
        "{}",
        text(&out)
    );

    let hugo = tempfile::tempdir().unwrap();
    std::fs::write(
        hugo.path().join("hugo.toml"),
        "baseURL = \"https://x.org/\"\n",
    )
    .unwrap();
    let out = run(&["build"], hugo.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("a Hugo site (hugo.toml)")
            && text(&out).contains("`sitegen init --from-hugo` writes one"),
        "{}",
        text(&out)
    );
}

/// A Hugo site as people have them: languages in content/<lang>/, params, a Hugo-only key,
/// a shortcode of its own and one of Docsy's.
fn hugo_site(dir: &Path) {
    let files: &[(&str, &str)] = &[
        (
            "hugo.toml",
            "baseURL = \"https://docs.example.org/\"\ntitle = \"Example Docs\"\n\
             defaultContentLanguage = \"en\"\nenableGitInfo = true\n\n[taxonomies]\ntag = \"tags\"\n\n\
             [params]\ngithub_repo = \"https://github.com/example/example\"\n\n\
             [[menus.main]]\nname = \"Docs\"\npageRef = \"/docs\"\nweight = 1\n\
             [[menus.main]]\nname = \"GitHub\"\nurl = \"https://github.com/example/example\"\nweight = 2\n\n\
             [languages.en]\nlanguageName = \"English\"\nweight = 1\ncontentDir = \"content/en\"\n\
             [languages.zh]\nlanguageName = \"中文\"\ntitle = \"示例文档\"\nweight = 2\ncontentDir = \"content/zh\"\n",
        ),
        ("layouts/shortcodes/release.html", "{{ .Get 0 }}"),
        (
            "content/en/_index.md",
            "---\ntitle: Example Docs\n---\nWelcome.\n",
        ),
        (
            "content/en/docs/_index.md",
            "---\ntitle: Docs\nweight: 1\n---\n{{% alert title=\"Note\" %}}Read me.{{% /alert %}}\n\nLatest: {{< release \"1.2\" >}}\n",
        ),
        (
            "content/zh/_index.md",
            "---\ntitle: 示例文档\n---\n欢迎。\n",
        ),
    ];
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

#[test]
fn init_from_hugo_writes_a_config_that_builds_and_says_what_it_left() {
    let tmp = tempfile::tempdir().unwrap();
    hugo_site(tmp.path());
    let out = run(&["init", "--from-hugo"], tmp.path());
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("Wrote ./sitegen.toml from hugo.toml"),
        "{said}"
    );
    // Each key that could not be mapped, at its line, with what to do.
    assert!(
        said.contains("hugo.toml:6: `taxonomies`: sitegen makes no taxonomy pages"),
        "{said}"
    );
    // The shortcodes the content calls, and which must be ported.
    assert!(said.contains("alert (1 call): built in"), "{said}");
    assert!(
        said.contains("release (1 call): port layouts/shortcodes/release.html to templates/shortcodes/release.html"),
        "{said}"
    );
    let config = std::fs::read_to_string(tmp.path().join("sitegen.toml")).unwrap();
    assert!(config.contains("title = \"Example Docs\""), "{config}");
    assert!(
        config.contains("[languages.zh]\nname = \"中文\"\ntitle = \"示例文档\""),
        "{config}"
    );
    // The converted site builds; the shortcode still to port is the one warning.
    let out = run(&["build"], tmp.path());
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("Built 3 pages (en 2, zh 1)"), "{said}");
    assert!(said.contains("unknown shortcode `release`"), "{said}");
    let docs = std::fs::read_to_string(tmp.path().join("public/docs/index.html")).unwrap();
    assert!(docs.contains("Read me."), "{docs}");
    // The menu, its pageRef now the page's file, in the header.
    assert!(config.contains("page = \"docs/_index.md\""), "{config}");
    assert!(docs.contains(">GitHub</a>"), "{docs}");
    assert!(docs.contains("href=\"/docs/\""), "{docs}");
    let zh = std::fs::read_to_string(tmp.path().join("public/zh/index.html")).unwrap();
    assert!(zh.contains("示例文档"), "{zh}");
    // Run again, it refuses to overwrite.
    let again = run(&["init", "--from-hugo"], tmp.path());
    assert!(!again.status.success());
    assert!(
        text(&again).contains("never overwrites"),
        "{}",
        text(&again)
    );
}
