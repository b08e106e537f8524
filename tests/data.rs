//! Site data (`data/`), menus, navigation from a data file and the support blocks built from
//! data (rotation, levels of support, labels), built by the real binary.

mod common;

use common::TestSite;

fn site() -> TestSite {
    let site = TestSite::with_config("title = \"Data\"\n");
    site.write("content/_index.md", "---\ntitle: Home\n---\nHome.\n");
    site
}

#[test]
fn data_files_reach_templates_and_shortcodes_by_path() {
    let site = site();
    site.write("data/releases/1.9.yaml", "date: 2026-01-01\nnotes: [a, b]\n")
        .write("data/team.toml", "lead = \"Ana\"\n")
        .write("data/ports.json", "{\"http\": 8080}\n")
        .write("data/notes.txt", "not data")
        .write(
            "templates/shortcodes/facts.html",
            "{{ site.data.releases[\"1.9\"].date }}|{{ site.data.releases[\"1.9\"].notes | join(sep=\",\") }}|{{ site.data.team.lead }}|{{ site.data.ports.http }}",
        )
        .write(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block content %}<p id=\"keys\">{{ site.data | json_encode }}</p>{{ page.content | safe }}{% endblock %}",
        )
        .write("content/facts.md", "---\ntitle: Facts\n---\n{{< facts >}}\n");
    site.build().assert_ok();
    let page = site.read("public/facts/index.html");
    assert!(page.contains("2026-01-01|a,b|Ana|8080"), "{page}");
    assert!(!page.contains("notes.txt"), "{page}");
}

#[test]
fn a_data_file_that_does_not_parse_is_an_error_at_its_line() {
    let site = site();
    site.write("data/ok.yaml", "a: 1\n")
        .write("data/releases/bad.yaml", "a: 1\nb: [unclosed\nc: 2\n")
        .write("data/bad.json", "{\n  \"a\": 1,\n  \"b\": \n}\n")
        .write("data/bad.toml", "a = 1\nb = \"open\n");
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut found: Vec<(String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "data")
        .map(|d| {
            assert_eq!(d["severity"], "error", "{d}");
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("data/bad.json".to_string(), 4),
            ("data/bad.toml".to_string(), 2),
            ("data/releases/bad.yaml".to_string(), 3),
        ]
    );
    assert!(!site.exists("public"));
}

#[test]
fn a_site_without_data_sees_an_empty_table() {
    let site = site();
    site.write(
        "templates/index.html",
        "{{ site.data | length }} data files",
    );
    site.build().assert_ok();
    assert_eq!(site.read("public/index.html"), "0 data files");
}

const TWO_LANGUAGES: &str = "title = \"Menus\"\n\
default_language = \"en\"\n\
[languages.en]\n\
name = \"English\"\n\
[languages.zh]\n\
name = \"中文\"\n\
\n\
[[menus.main]]\n\
identifier = \"docs\"\n\
name_key = \"menu-docs\"\n\
page = \"docs/_index.md\"\n\
weight = 2\n\
\n\
[[menus.main]]\n\
name = \"Install\"\n\
page = \"docs/install.md\"\n\
parent = \"docs\"\n\
\n\
[[menus.main]]\n\
name = \"Chat\"\n\
url = \"https://chat.example.org/\"\n\
weight = 9\n\
\n\
[[menus.footer]]\n\
name = \"Home\"\n\
url = \"/\"\n\
\n\
[[languages.zh.menus.footer]]\n\
name = \"首页\"\n\
url = \"/zh/\"\n";

fn two_languages() -> TestSite {
    let site = TestSite::with_config(TWO_LANGUAGES);
    site.write("i18n/en/site.ftl", "menu-docs = Documentation\n")
        .write("i18n/zh/site.ftl", "menu-docs = 文档\n")
        .write("content/en/_index.md", "---\ntitle: Home\n---\nHome.\n")
        .write(
            "content/en/docs/_index.md",
            "---\ntitle: Docs\n---\nDocs.\n",
        )
        .write(
            "content/en/docs/install.md",
            "---\ntitle: Install\n---\nInstall.\n",
        )
        .write(
            "content/en/faq.md",
            "---\ntitle: Questions\nmenu:\n  main:\n    weight: 1\n    name: FAQ\n---\nFAQ.\n",
        )
        .write("content/zh/_index.md", "---\ntitle: 首页\n---\n首页。\n")
        .write(
            "content/zh/docs/_index.md",
            "---\ntitle: 文档\n---\n文档。\n",
        )
        .write(
            "content/zh/docs/install.md",
            "---\ntitle: 安装\nmenu: main\n---\n安装。\n",
        );
    site
}

/// The `<nav class="site-menu">` of a page.
fn site_menu(html: &str) -> &str {
    let start = html.find("<nav class=\"site-menu\"").expect("a site menu");
    let end = start + html[start..].find("</nav>").unwrap();
    &html[start..end]
}

#[test]
fn menus_in_two_languages_with_strings_pages_front_matter_and_the_current_page() {
    let site = two_languages();
    site.write(
        "templates/index.html",
        "{% for item in menus.footer %}[{{ item.name }} {{ item.url }}]{% endfor %}",
    );
    site.build().assert_ok();
    let en = site.read("public/docs/install/index.html");
    let menu = site_menu(&en);
    // Ordered by weight: the front matter entry (1), the docs (2), the chat link (9).
    let faq = menu.find(">FAQ</a>").expect(menu);
    let docs = menu.find(">Documentation</a>").expect(menu);
    let chat = menu.find(">Chat</a>").expect(menu);
    assert!(faq < docs && docs < chat, "{menu}");
    assert!(
        menu.contains("<li class=\"active\"><a href=\"/docs/\">Documentation</a>"),
        "{menu}"
    );
    assert!(
        menu.contains("<a href=\"/docs/install/\" aria-current=\"page\">Install</a>"),
        "{menu}"
    );
    assert!(
        menu.contains("href=\"https://chat.example.org/\""),
        "{menu}"
    );
    let zh = site.read("public/zh/docs/index.html");
    let menu = site_menu(&zh);
    assert!(
        menu.contains("<a href=\"/zh/docs/\" aria-current=\"page\">文档</a>"),
        "{menu}"
    );
    assert!(menu.contains("href=\"/zh/docs/install/\""), "{menu}");
    // The Chinese install page adds itself to the menu at the top level, the English FAQ
    // does not reach the Chinese menu.
    assert!(menu.contains(">安装</a>"), "{menu}");
    assert!(!menu.contains("FAQ"), "{menu}");
    assert_eq!(site.read("public/index.html"), "[Home /]");
    assert_eq!(site.read("public/zh/index.html"), "[首页 /zh/]");
}

#[test]
fn a_menu_entry_that_leads_nowhere_is_an_error_at_its_line() {
    let site = two_languages();
    let config = format!(
        "{TWO_LANGUAGES}\n[[menus.main]]\nname = \"Gone\"\npage = \"docs/gone.md\"\n\n[[menus.main]]\nname = \"Typo\"\nurl = \"/dcos/\"\n\n[[menus.main]]\nname = \"Orphan\"\nurl = \"/docs/\"\nparent = \"nope\"\n"
    );
    site.write("sitegen.toml", &config).write(
        "content/en/docs/bad.md",
        "---\ntitle: Bad\nmenu: 3\n---\nBad.\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let line = |needle: &str| config.lines().position(|l| l == needle).unwrap() + 1 - 1;
    for (at, what) in [
        (
            line("name = \"Gone\""),
            "`page = \"docs/gone.md\"` names no page",
        ),
        (
            line("name = \"Typo\""),
            "`url = \"/dcos/\"` is no page nor file",
        ),
        (line("name = \"Orphan\""), "its parent `nope` is no entry"),
    ] {
        let expected = format!("sitegen.toml:{at}: error[menu]: ");
        assert!(
            run.stderr
                .lines()
                .any(|l| l.starts_with(&expected) && l.contains(what)),
            "{expected}…{what}\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr
            .contains("content/en/docs/bad.md:3: error[menu]: `menu` must be"),
        "{}",
        run.stderr
    );
}

fn docs_with_toc(toc: &str) -> TestSite {
    let site = site();
    site.write(
        "content/docs/_index.md",
        "---\ntitle: Docs\nnav: data/docs/toc.yml\n---\nDocs.\n",
    )
    .write(
        "content/docs/install.md",
        "---\ntitle: Install\nweight: 9\n---\nI.\n",
    )
    .write(
        "content/docs/configure.md",
        "---\ntitle: Configure\nweight: 1\n---\nC.\n",
    )
    .write("content/docs/more/_index.md", "---\ntitle: More\n---\nM.\n")
    .write(
        "content/docs/more/upgrade.md",
        "---\ntitle: Upgrade\n---\nU.\n",
    )
    .write("data/docs/toc.yml", toc);
    site
}

#[test]
fn a_section_takes_its_sidebar_from_a_data_file() {
    let site = docs_with_toc(
        "- docs/install.md\n\
         - title: Setting up\n  \
           items:\n    \
             - page: docs/configure.md\n      \
               title: Configure it\n    \
             - docs/more/upgrade.md\n    \
             - docs/more/_index.md\n\
         - title: Source code\n  \
           url: https://example.org/src\n",
    );
    site.build().assert_ok();
    let html = site.read("public/docs/configure/index.html");
    let nav = &html[html.find("class=\"site-nav\"").unwrap()..html.find("</nav>").unwrap()];
    let order: Vec<usize> = [
        ">Install</a>",
        "<span class=\"nav-group\">Setting up</span>",
        "aria-current=\"page\">Configure it</a>",
        ">Upgrade</a>",
        ">More</a>",
        "href=\"https://example.org/src\">Source code</a>",
    ]
    .iter()
    .map(|n| nav.find(n).unwrap_or_else(|| panic!("{n} not in {nav}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{nav}");
    let run = site.run(&["check"]);
    assert!(!run.stderr.contains("nav-"), "{}", run.stderr);
}

#[test]
fn a_missing_page_in_the_data_file_is_an_error_at_its_line_and_left_out_pages_a_warning() {
    let site = docs_with_toc(
        "- docs/install.md\n\
         - title: Setting up\n  \
           items:\n    \
             - docs/gone.md\n    \
             - docs/more/_index.md\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "data/docs/toc.yml:4: error[nav-file]: `docs/gone.md` is no page of the site"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/docs/_index.md:3: warning[nav-unlisted]: 2 page(s) of this section are not in data/docs/toc.yml, so the sidebar does not show them: `docs/configure.md`, `docs/more/upgrade.md`"),
        "{}",
        run.stderr
    );
}
