//! Multilingual sites through the real binary: fixture sites under `tests/fixtures/i18n-*/` are
//! copied to a temp dir and built; tests assert on the written files, the JSON build report and
//! `sitegen i18n`. The drift tests make real git repositories with controlled commit dates.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fixture site copied into its own temp dir (outside any git repository).
struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    fn new(fixture: &str) -> Site {
        Site::at(fixture, "site")
    }

    /// The fixture at `rel` inside a new temp dir (`repo/site` for a site inside a repository).
    fn at(fixture: &str, rel: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join(rel);
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(fixture),
            &root,
        );
        Site { _dir: dir, root }
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn append(&self, rel: &str, text: &str) {
        let old = std::fs::read_to_string(self.root.join(rel)).unwrap();
        self.write(rel, &format!("{old}{text}"));
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_sitegen"))
            .args(args)
            .arg("--root")
            .arg(&self.root)
            .env_remove("SOURCE_DATE_EPOCH")
            .env("GIT_CEILING_DIRECTORIES", self._dir.path())
            .output()
            .expect("run sitegen")
    }

    /// `sitegen build --format json`: the report, after checking the exit code.
    fn build(&self, ok: bool) -> serde_json::Value {
        let out = self.run(&["build", "--format", "json"]);
        assert_eq!(
            out.status.success(),
            ok,
            "stdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON report")
    }

    fn i18n_json(&self) -> serde_json::Value {
        let out = self.run(&["i18n", "--format", "json"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON i18n report")
    }

    fn html(&self, rel: &str) -> String {
        let p = self.root.join("public").join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    fn exists(&self, rel: &str) -> bool {
        self.root.join("public").join(rel).exists()
    }

    fn git(&self, args: &[&str], date: &str) {
        self.git_in(&self.root, args, date)
    }

    fn git_in(&self, dir: &Path, args: &[&str], date: &str) {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .env("GIT_CEILING_DIRECTORIES", self._dir.path())
            .output()
            .expect("run git");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

fn diags_with<'a>(report: &'a serde_json::Value, code: &str) -> Vec<&'a serde_json::Value> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .collect()
}

fn language<'a>(report: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    report["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == code)
        .unwrap_or_else(|| panic!("no language {code} in {report}"))
}

// ----- Languages, pages, alternates -----

#[test]
fn two_languages_html_lang_hreflang_and_switcher() {
    let site = Site::new("i18n-two");
    site.build(true);
    let zh = site.html("zh/guide/install/index.html");
    assert!(zh.contains("<html lang=\"zh\">"));
    assert!(zh.contains(
        "<link rel=\"alternate\" hreflang=\"zh\" href=\"https://two.example.org/zh/guide/install/\">"
    ));
    assert!(zh.contains(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://two.example.org/guide/install/\">"
    ));
    assert!(zh.contains(
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://two.example.org/guide/install/\">"
    ));
    // The switcher on the English page goes to the Chinese translation.
    let en = site.html("guide/install/index.html");
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("href=\"/zh/guide/install/\" lang=\"zh\" hreflang=\"zh\""));
}

#[test]
fn sitemap_carries_alternates_but_not_fallback_pages() {
    let site = Site::new("i18n-two");
    site.build(true);
    let map = site.html("sitemap.xml");
    let entry = map
        .split("<url>")
        .find(|u| u.contains("<loc>https://two.example.org/guide/install/</loc>"))
        .expect("install in sitemap");
    assert!(entry.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"zh\" href=\"https://two.example.org/zh/guide/install/\"/>"
    ));
    assert!(entry.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://two.example.org/guide/install/\"/>"
    ));
    // /zh/about/ is the English page shown in Chinese: not a page of its own for search engines.
    assert!(!map.contains("/zh/about/"));
    let about = map
        .split("<url>")
        .find(|u| u.contains("<loc>https://two.example.org/about/</loc>"))
        .unwrap();
    assert!(!about.contains("xhtml:link"), "{about}");
}

#[test]
fn three_languages_in_one_tree_with_translation_keys() {
    let site = Site::new("i18n-three");
    let report = site.build(true);
    // Its own pages; the two untranslated ones are rendered as fallbacks but not counted.
    assert_eq!(report["summary"]["pages"]["pt-BR"], 2);
    assert!(site.exists("pt-BR/docs/faq/index.html"));
    // setup.md (key `setup`), setup.zh-CN.md (same path) and configuracao.pt-BR.md (same key)
    // are one page in three languages.
    let en = site.html("docs/setup/index.html");
    for (lang, url) in [
        ("en", "https://three.example.org/docs/docs/setup/"),
        ("zh-CN", "https://three.example.org/docs/zh-CN/docs/setup/"),
        (
            "pt-BR",
            "https://three.example.org/docs/pt-BR/docs/configuracao/",
        ),
    ] {
        assert!(
            en.contains(&format!(
                "<link rel=\"alternate\" hreflang=\"{lang}\" href=\"{url}\">"
            )),
            "{lang}"
        );
    }
    // The built-in theme's `zh` strings serve zh-CN.
    let zh = site.html("zh-CN/docs/setup/index.html");
    assert!(zh.contains("<html lang=\"zh-CN\">"));
    assert!(
        zh.contains("跳到正文"),
        "zh-CN should use the theme's zh strings"
    );
    assert!(diags_with(&report, "i18n-language").is_empty());
    // pt-BR has no strings: one warning, not one per key.
    let missing = diags_with(&report, "i18n-missing-key");
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0]["message"].as_str().unwrap().contains("`pt-BR`"));
}

#[test]
fn unconfigured_language_folder_is_an_error_naming_it() {
    let site = Site::new("i18n-two");
    site.write("content/fr/_index.md", "---\ntitle: Accueil\n---\n");
    let report = site.build(false);
    let errors = diags_with(&report, "language");
    assert_eq!(errors.len(), 1, "{report}");
    assert_eq!(errors[0]["file"], "content/fr/_index.md");
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("`[languages.fr]`")
    );
}

#[test]
fn invalid_language_code_in_config_names_the_key() {
    let site = Site::new("i18n-two");
    site.append("sitegen.toml", "\n[languages.\"zh_Hans!\"]\n");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("sitegen.toml:"), "{err}");
    assert!(err.contains("not a valid BCP 47"), "{err}");
}

// ----- Untranslated pages -----

#[test]
fn untranslated_fallback_shows_the_original_with_a_notice_in_the_language() {
    let site = Site::new("i18n-two");
    site.build(true);
    let about = site.html("zh/about/index.html");
    assert!(about.contains("<html lang=\"zh\">"));
    assert!(about.contains("此页面尚未翻译"), "notice in Chinese");
    assert!(about.contains("<div class=\"content\" lang=\"en\">"));
    assert!(about.contains("We are a team."));
    // Its links stay in Chinese; it points search engines at the original.
    assert!(about.contains("<a href=\"/zh/guide/install/\">install guide</a>"));
    assert!(about.contains("<link rel=\"canonical\" href=\"https://two.example.org/about/\">"));
    assert!(!about.contains("hreflang=\"zh\" href="));
    // It is in the Chinese navigation, and Chinese pages link to it.
    let install = site.html("zh/guide/install/index.html");
    assert!(install.contains("<a href=\"/zh/about/\">关于</a>"));
    assert!(site.html("zh/index.html").contains("href=\"/zh/about/\""));
}

#[test]
fn untranslated_omit_leaves_pages_out_and_links_go_to_the_default_language() {
    let site = Site::new("i18n-two");
    site.append("sitegen.toml", "\n[i18n]\nuntranslated = \"omit\"\n");
    let report = site.build(true);
    assert!(diags_with(&report, "broken-link").is_empty(), "{report}");
    assert!(!site.exists("zh/about/index.html"));
    assert!(site.exists("about/index.html"));
    let install = site.html("zh/guide/install/index.html");
    assert!(
        install.contains("<a href=\"/about/\">关于</a>"),
        "{install}"
    );
    assert!(!site.html("zh/index.html").contains("/zh/about/"));
}

// ----- Fluent strings and dates -----

#[test]
fn fluent_plurals_arguments_fallback_dates_and_no_isolation_marks() {
    let site = Site::new("i18n-two");
    let report = site.build(true);
    let en = site.html("count/index.html");
    assert!(en.contains("<p class=\"one\">1 day ago</p>"));
    assert!(en.contains("<p class=\"three\">3 days ago</p>"));
    assert!(en.contains("<p class=\"greet\">Hello, Ana!</p>"));
    assert!(en.contains("<p class=\"date\">March 4, 2024</p>"));
    let zh = site.html("zh/count/index.html");
    assert!(zh.contains("<p class=\"one\">1 天前</p>"));
    assert!(zh.contains("<p class=\"three\">3 天前</p>"));
    assert!(zh.contains("<p class=\"greet\">你好，Ana！</p>"));
    assert!(zh.contains("<p class=\"fallback\">Only in English</p>"));
    assert!(zh.contains("<p class=\"date\">2024年3月4日</p>"));
    for entry in walkdir(&site.root.join("public")) {
        let text = std::fs::read_to_string(&entry).unwrap_or_default();
        assert!(
            !text.contains('\u{2068}') && !text.contains('\u{2069}'),
            "isolation mark in {}",
            entry.display()
        );
    }
    // A key templates use that zh lacks; a key zh has that the default language lacks.
    let missing = diags_with(&report, "i18n-missing-key");
    assert_eq!(missing.len(), 1, "{missing:?}");
    let m = missing[0]["message"].as_str().unwrap();
    assert!(m.contains("`only-english`") && m.contains("`zh`"), "{m}");
    let extra = diags_with(&report, "i18n-extra-key");
    assert_eq!(extra.len(), 1);
    assert!(
        extra[0]["message"]
            .as_str()
            .unwrap()
            .contains("`only-chinese`")
    );
}

#[test]
fn ftl_syntax_error_names_file_and_line() {
    let site = Site::new("i18n-two");
    site.append("i18n/zh/site.ftl", "\nthis is not fluent\n");
    let report = site.build(false);
    let errors = diags_with(&report, "ftl-syntax");
    assert_eq!(errors.len(), 1, "{report}");
    assert_eq!(errors[0]["file"], "i18n/zh/site.ftl");
    assert_eq!(errors[0]["line"], 5);
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        } else {
            out.push(p);
        }
    }
    out
}

// ----- Drift -----

#[test]
fn drift_from_front_matter_outside_git() {
    let site = Site::new("i18n-two");
    let report = site.build(true);
    let outdated = diags_with(&report, "translation-outdated");
    assert_eq!(outdated.len(), 1, "{report}");
    assert_eq!(outdated[0]["file"], "content/zh/guide/install.md");
    let m = outdated[0]["message"].as_str().unwrap();
    assert!(m.contains("content/en/guide/install.md"), "{m}");
    assert!(m.contains("2024-05-01") && m.contains("2024-03-04"), "{m}");
    // The page says so, in Chinese, with a link to the original.
    let zh = site.html("zh/guide/install/index.html");
    assert!(zh.contains("此译文可能已过时"));
    assert!(zh.contains("<a href=\"/guide/install/\" hreflang=\"en\">查看原文</a>"));
    assert!(
        !site
            .html("zh/count/index.html")
            .contains("notice-translation")
    );
}

#[test]
fn i18n_report_counts_per_language() {
    let site = Site::new("i18n-two");
    let r = site.i18n_json();
    assert_eq!(r["default_language"], "en");
    assert_eq!(r["dates_from"], "front-matter");
    assert_eq!(r["source_pages"], 5);
    let zh = language(&r, "zh");
    assert_eq!(zh["translated"], 4);
    assert_eq!(zh["missing"], 1);
    assert_eq!(zh["missing_pages"][0], "content/en/about.md");
    assert_eq!(zh["outdated"], 1);
    let o = &zh["outdated_pages"][0];
    assert_eq!(o["file"], "content/zh/guide/install.md");
    assert_eq!(o["source_file"], "content/en/guide/install.md");
    assert_eq!(o["source_date"], "2024-05-01");
    assert_eq!(o["translated_date"], "2024-03-04");
    assert_eq!(zh["missing_keys"], serde_json::json!(["only-english"]));
    // Human output names the same things.
    let out = site.run(&["i18n"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("zh (中文): 4 translated, 1 missing, 1 outdated, 1 Fluent keys missing"),
        "{text}"
    );
    assert!(text.contains("missing   content/en/about.md"), "{text}");
}

#[test]
fn i18n_report_fails_only_when_the_site_cannot_load() {
    let site = Site::new("i18n-two");
    site.write("sitegen.toml", "titel = \"typo\"\n");
    assert_eq!(site.run(&["i18n"]).status.code(), Some(1));
}

/// A git repository with the source and its translation committed on 2024-03-01; the front
/// matter dates (which say the translation is outdated) must be ignored in favour of git.
fn git_site() -> Site {
    let site = Site::new("i18n-two");
    site.git(&["init", "-q"], "2024-03-01T10:00:00Z");
    site.git(&["add", "."], "2024-03-01T10:00:00Z");
    site.git(&["commit", "-q", "-m", "first"], "2024-03-01T10:00:00Z");
    site
}

#[test]
fn drift_from_git_history() {
    let site = git_site();
    let r = site.i18n_json();
    assert_eq!(r["dates_from"], "git");
    assert_eq!(language(&r, "zh")["outdated"], 0, "{r}");

    // The source changes a week later: the translation is now behind.
    site.append("content/en/guide/install.md", "\nMore steps.\n");
    site.git(
        &["commit", "-q", "-am", "more steps"],
        "2024-03-08T10:00:00Z",
    );
    let r = site.i18n_json();
    let zh = language(&r, "zh");
    assert_eq!(zh["outdated"], 1, "{r}");
    assert_eq!(
        zh["outdated_pages"][0]["file"],
        "content/zh/guide/install.md"
    );
    assert_eq!(zh["outdated_pages"][0]["source_date"], "2024-03-08");
    assert_eq!(zh["outdated_pages"][0]["translated_date"], "2024-03-01");
    let report = site.build(true);
    assert_eq!(diags_with(&report, "translation-outdated").len(), 1);
    assert!(
        site.html("zh/guide/install/index.html")
            .contains("此译文可能已过时")
    );

    // The translator catches up: committed later, the warning is gone.
    site.append("content/zh/guide/install.md", "\n更多步骤。\n");
    site.git(
        &["commit", "-q", "-am", "zh: more steps"],
        "2024-03-09T10:00:00Z",
    );
    assert_eq!(language(&site.i18n_json(), "zh")["outdated"], 0);
}

#[test]
fn uncommitted_edits_count_as_changed_now() {
    let site = git_site();
    // An edited, not yet committed source leaves its translation behind.
    site.append("content/en/guide/install.md", "\nMore steps.\n");
    let zh = language(&site.i18n_json(), "zh").clone();
    assert_eq!(zh["outdated"], 1, "{zh}");
}

#[test]
fn shallow_clone_is_reported_not_judged() {
    let origin = git_site();
    origin.append("content/en/guide/install.md", "\nMore steps.\n");
    origin.git(&["commit", "-q", "-am", "more"], "2024-03-08T10:00:00Z");
    let dir = tempfile::tempdir().unwrap();
    let clone = dir.path().join("clone");
    let url = format!("file://{}", origin.root.display());
    let out = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(&clone)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = Site {
        _dir: dir,
        root: clone,
    };
    let report = site.build(true);
    let shallow = diags_with(&report, "translation-drift-shallow");
    assert_eq!(shallow.len(), 1, "{report}");
    assert!(shallow[0]["message"].as_str().unwrap().contains("shallow"));
    assert!(diags_with(&report, "translation-outdated").is_empty());
    // One warning about it, not one for drift and one for page dates.
    assert!(diags_with(&report, "git-shallow").is_empty(), "{report}");
    assert_eq!(site.i18n_json()["dates_from"], "shallow");
}

#[test]
fn drift_for_a_site_in_a_subfolder_of_the_repository() {
    let site = Site::at("i18n-two", "repo/docs-site");
    let repo = site.root.parent().unwrap().to_path_buf();
    site.write("../README.md", "a repository with a site inside\n");
    let d1 = "2024-03-01T10:00:00Z";
    site.git_in(&repo, &["init", "-q"], d1);
    site.git_in(&repo, &["add", "."], d1);
    site.git_in(&repo, &["commit", "-q", "-m", "first"], d1);
    site.append("content/en/about.md", "\nMore.\n");
    site.append("content/en/guide/install.md", "\nMore.\n");
    site.git_in(
        &repo,
        &["commit", "-q", "-am", "more"],
        "2024-04-02T10:00:00Z",
    );
    let r = site.i18n_json();
    assert_eq!(r["dates_from"], "git");
    let zh = language(&r, "zh");
    assert_eq!(zh["outdated"], 1, "{r}");
    assert_eq!(zh["outdated_pages"][0]["source_date"], "2024-04-02");
}
