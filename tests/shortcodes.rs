//! The `hugo-habits` fixture: a small site written the way Hugo sites are (shortcodes in both
//! forms, Hugo front matter, raw HTML, dated file names), built with the real binary. The
//! rendered page bodies are pinned by insta snapshots in `tests/snapshots/`.

mod common;

use common::TestSite;

/// The page body: what the theme's `<div class="content">` holds.
fn content(html: &str) -> &str {
    let start = html.find("<div class=\"content\"").expect("a content div");
    let start = start + html[start..].find('>').unwrap() + 1;
    let end = start
        + html[start..]
            .find("\n        </div>")
            .expect("end of content");
    html[start..end].trim()
}

fn built() -> TestSite {
    let site = TestSite::fixture("hugo-habits");
    site.build().assert_ok();
    site
}

#[test]
fn pages_match_snapshots() {
    let site = built();
    for page in [
        "docs/shortcodes",
        "docs/html-habits",
        "docs/sub/deep",
        "docs",
        "posts/hello-world",
        "reference/front-matter",
    ] {
        let html = site.read(&format!("public/{page}/index.html"));
        let name = page.replace('/', "__");
        insta::assert_snapshot!(name, content(&html));
    }
}

#[test]
fn warnings_name_file_and_line() {
    let site = TestSite::fixture("hugo-habits");
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr.contains(
            "content/docs/shortcodes.md:79: warning[shortcode-unknown]: unknown shortcode `fancy-widget`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "content/docs/html-habits.md:28: warning[html-placeholder]: `<duration>` starts a line"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("2 warning(s), 0 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn strict_makes_unknown_shortcodes_errors() {
    let site = TestSite::fixture("hugo-habits");
    for cmd in ["build", "check"] {
        let run = site.run(&[cmd, "--strict", "--today", "2026-11-21"]);
        assert_eq!(run.code, 1, "{cmd}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("shortcodes.md:79: error[shortcode-unknown]"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("html-habits.md:28: error[html-placeholder]"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn hugo_front_matter_keys_work() {
    let site = built();
    // linkTitle in the navigation, the title on the page.
    let sibling = site.read("public/docs/html-habits/index.html");
    assert!(sibling.contains("<a href=\"/docs/\">Docs</a>"), "{sibling}");
    assert!(
        sibling.contains("<a href=\"/reference/front-matter/\">Front matter</a>"),
        "{sibling}"
    );
    let page = site.read("public/reference/front-matter/index.html");
    assert!(page.contains("<h1>A rather long title for the navigation</h1>"));
    assert!(page.contains("<meta name=\"description\" content=\"Hugo front matter keys.\">"));
    // url replaces the path; aliases redirect to it.
    assert!(!site.exists("public/docs/front-matter/index.html"));
    for alias in ["public/old/front-matter/index.html", "public/legacy.html"] {
        assert!(
            site.read(alias)
                .contains("url=https://habits.example.org/reference/front-matter/")
        );
    }
    // Dates and slugs from file names; a front matter date wins.
    let post = site.read("public/posts/hello-world/index.html");
    assert!(post.contains("<time datetime=\"2024-03-04\">"), "{post}");
    let own = site.read("public/posts/dated-in-front-matter/index.html");
    assert!(own.contains("<time datetime=\"2023-12-24\">"), "{own}");
    // cascade: `toc: false` from docs/_index.md; deep.md sets `toc: true` itself.
    assert!(
        !site
            .read("public/docs/shortcodes/index.html")
            .contains("class=\"toc\"")
    );
    assert!(
        site.read("public/docs/sub/deep/index.html")
            .contains("class=\"toc\"")
    );
    // Weight orders the section: shortcodes (1), html-habits (2), front-matter (3).
    let docs = site.read("public/docs/index.html");
    let pos = |s: &str| docs.find(s).unwrap_or_else(|| panic!("{s} in {docs}"));
    assert!(pos(">Shortcodes<") < pos(">HTML habits<"));
    assert!(pos(">HTML habits<") < pos("/reference/front-matter/"));
}

#[test]
fn broken_link_after_a_multiline_shortcode_keeps_its_line() {
    let site = TestSite::fixture("hugo-habits");
    site.write(
        "content/docs/lines.md",
        "---\ntitle: Lines\n---\n{{% alert\n   title=\"Multi-line\" %}}\nOne\n\nTwo {{< product >}}\n{{% /alert %}}\n\
         {{< tabs >}}\n{{% tab \"A\" %}}\n[inside](nowhere.md)\n{{% /tab %}}\n{{< /tabs >}}\n\n\
         After [the alert](missing.md).\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/docs/lines.md:12: error[broken-link]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/docs/lines.md:16: error[broken-link]"),
        "{}",
        run.stderr
    );
}

#[test]
fn unclosed_shortcode_is_an_error_at_its_opening_line() {
    let site = TestSite::fixture("hugo-habits");
    site.write(
        "content/docs/unclosed.md",
        "---\ntitle: Unclosed\n---\nIntro\n\n{{% details summary=\"x\" %}}\nBody\n\n## Later\n",
    );
    let run = site.run(&["check", "--today", "2026-11-21"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/docs/unclosed.md:6: error[shortcode-unclosed]: shortcode `details` is never closed"
        ),
        "{}",
        run.stderr
    );
}
