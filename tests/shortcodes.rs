//! The `hugo-habits` fixture: a small site written the way Hugo sites are (shortcodes in both
//! forms, Hugo front matter, raw HTML, dated file names), and the `docsy` fixture, written the
//! way sites on the Docsy theme are (landing-page blocks, tab panes, cards, included files),
//! built with the real binary. The rendered page bodies are pinned by insta snapshots in
//! `tests/snapshots/`.

mod common;

use common::TestSite;
use sitegen::output::{Data, Memory};
use sitegen::site::{BuildOptions, Site};
use std::path::PathBuf;

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
    for (line, name) in [(106, "notice"), (111, "registry-host")] {
        assert!(
            run.stderr.contains(&format!(
                "content/docs/shortcodes.md:{line}: warning[shortcode-unknown]: unknown shortcode `{name}`"
            )),
            "{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains(
            "content/docs/shortcodes.md:114: warning[html-placeholder]: `<group>` starts a line"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("5 warning(s), 0 errors"),
        "{}",
        run.stderr
    );
}

/// What issue #17 found rendered wrongly: a `{{< table >}}` showed its Markdown as pipes, an
/// unknown shortcode in code printed escaped placeholder markup, `<group><version>` lost
/// `<version>`.
#[test]
fn hugo_rendering_habits_show_what_hugo_shows() {
    let site = built();
    let html = site.read("public/docs/shortcodes/index.html");
    let page = unhighlighted(content(&html));
    let table = &page[page.find("Written in the HTML form").unwrap()..];
    assert!(
        table.contains("<tr><td>table</td><td><code>{{&lt; table &gt;}}</code></td></tr>"),
        "{table}"
    );
    assert!(
        !table[..table.find("</figure>").unwrap()].contains('|'),
        "{table}"
    );
    assert!(
        page.contains("<pre><code class=\"language-bash\">docker run {{&lt; registry-host &gt;}}/pipelines:v1.9.0\n</code></pre>"),
        "{page}"
    );
    assert!(!page.contains("&lt;span"), "{page}");
    assert!(
        page.contains("<p>&lt;group&gt;&lt;version&gt; are placeholders of an image name.</p>"),
        "{page}"
    );
    // An unknown shortcode in prose still shows its content, rendered.
    assert!(
        page.contains("<p>Shown <strong>rendered</strong> between its tags.</p>"),
        "{page}"
    );
}

/// `ref` finds a page by its file name anywhere; `param`, `[shortcodes]` constants,
/// `highlight` and `gist` print what Hugo's do.
#[test]
fn hugo_built_in_shortcodes_work() {
    let site = built();
    let page = unhighlighted(&site.read("public/docs/shortcodes/index.html"));
    for expected in [
        "<a href=\"/docs/sub/deep/#a-heading\">the deep page</a>",
        "<a href=\"/docs/sub/\">the sub section</a>",
        "The product is Pipelines, version 1.9.0 (1.9.0 in\n[shortcodes]), nested gold.",
        "<pre><code class=\"language-go\">func main() { fmt.Println(&quot;&lt;hi&gt;&quot;) }\n</code></pre>",
        "<a href=\"https://gist.github.com/spf13/7896402#file-img-html\" rel=\"noopener\">",
    ] {
        assert!(page.contains(expected), "{expected} in {page}");
    }
}

#[test]
fn an_ambiguous_ref_lists_the_pages_and_a_missing_param_names_its_line() {
    let site = TestSite::fixture("hugo-habits");
    site.write(
        "content/posts/deep.md",
        "---\ntitle: Another deep\n---\nText.\n",
    );
    site.write(
        "content/docs/refs.md",
        "---\ntitle: Refs\n---\nSee [deep]({{< ref \"deep.md\" >}}).\n\nVersion {{< param \"nope\" >}}.\n\n[gone]({{< relref \"gone.md\" >}})\n",
    );
    let run = site.run(&["check", "--today", "2026-11-21"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for expected in [
        "content/docs/refs.md:4: error[ref-ambiguous]: `deep.md` is ambiguous: 2 pages have that file name (/docs/sub/deep.md, /posts/deep.md); write the path of the one you mean",
        "content/docs/refs.md:6: error[shortcode-template]: shortcode `param` failed:",
        "no param `nope` in the page's front matter or in [params] of sitegen.toml",
        "content/docs/refs.md:8: error[broken-link]: broken link:",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
}

#[test]
fn constant_shortcodes_must_be_strings() {
    let site = TestSite::fixture("hugo-habits");
    let config = site
        .read("sitegen.toml")
        .replace("latest-version = \"1.9.0\"", "latest-version = 1.9");
    site.write("sitegen.toml", &config);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "sitegen.toml:13: error[config]: invalid type: floating point `1.9`, expected a string"
        ),
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

/// The `docsy` fixture built: no problem at all.
fn docsy() -> TestSite {
    let site = TestSite::fixture("docsy");
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr.contains("0 warning(s), 0 errors"),
        "{}",
        run.stderr
    );
    site
}

#[test]
fn docsy_pages_match_snapshots() {
    let site = docsy();
    for page in [
        "",
        "docs",
        "docs/getting-started",
        "docs/concepts",
        "docs/concepts/overview",
        "docs/reference/api",
    ] {
        let html = site.read(&format!("public/{page}/index.html"));
        let name =
            format!("docsy__{}", if page.is_empty() { "home" } else { page }).replace('/', "__");
        insta::assert_snapshot!(name, content(&html));
    }
}

/// What a reader of a Docsy site sees: code tabs as code, text tabs as text, included files,
/// cards with Markdown titles, blocks, links found by `ref`.
#[test]
fn docsy_shortcodes_render_what_docsy_shows() {
    let site = docsy();
    let start = unhighlighted(&site.read("public/docs/getting-started/index.html"));
    for expected in [
        // tabpane: each tab's code, its language from `lang`; a disabled tab is a caption.
        "<p class=\"sg-tabs-caption\">Install with:</p>",
        // Each tab a radio button in its label (CSS shows the checked one's panel).
        "type=\"radio\" name=\"sg-tabs-",
        ">Linux</label>\n<div class=\"sg-tab-panel\">\n<pre><code class=\"language-bash\">curl -LO https://example.org/goldydocs-0.7.2.tar.gz\n",
        "<pre><code class=\"language-powershell\">winget install Goldydocs.Goldydocs\n</code></pre>",
        // text=true: Markdown in both forms.
        "<p class=\"sg-tabs-caption\"><strong>Languages</strong>:</p>",
        "<p>Welcome to <strong>Goldydocs</strong>!</p>",
        "<p><b>Herzlich willkommen!</b></p>",
        // readfile: Markdown with its shortcodes, and code in a list item.
        "<h2 id=\"prerequisites\">Prerequisites",
        "<p>Check system compatibility before proceeding.</p>",
        "<pre><code class=\"language-yaml\">apiVersion: goldydocs/v1\nkind: Porridge\nspec:\n  temperature: &lt;just-right&gt;\n</code></pre>",
        // pageinfo with a constant shortcode and a site param.
        "<div class=\"sg-pageinfo sg-pageinfo-warning\" role=\"note\">\n<p>Version 0.7.2 is the latest release of Goldydocs 0.7.</p>",
        // ref by a folder's name.
        "<a href=\"/docs/concepts/\">the concepts</a>",
    ] {
        assert!(start.contains(expected), "{expected}\n in {start}");
    }
    // The included file's front matter is not shown.
    assert!(
        !start.contains("Shared by the getting-started pages"),
        "{start}"
    );
    let home = site.read("public/index.html");
    for expected in [
        "<p class=\"sg-cover-title\">Welcome to Goldydocs: A Docsy Example Project!</p>",
        // relref inside raw HTML: a URL, since nothing rewrites an attribute.
        "<a class=\"btn btn-lg btn-primary me-3 mb-4\" href=\"/docs/\">",
        "<section class=\"sg-block sg-section sg-section-row sg-block-dark\">",
        "<a href=\"https://twitter.com/example\">Follow us on <strong>Twitter</strong>!</a>",
    ] {
        assert!(home.contains(expected), "{expected}\n in {home}");
    }
    let concepts = unhighlighted(&site.read("public/docs/concepts/index.html"));
    assert!(
        concepts.contains("<div class=\"sg-card-footer\">Read the <a href=\"/docs/concepts/overview/\">overview</a></div>"),
        "{concepts}"
    );
    assert!(
        concepts.contains("<pre><code class=\"language-go\">func main() {\n\tfmt.Println(&quot;&lt;porridge&gt;&quot;)\n}\n</code></pre>"),
        "{concepts}"
    );
    let overview = site.read("public/docs/concepts/overview/index.html");
    assert!(
        overview.contains("<a href=\"/docs/reference/api/#endpoints\">API reference</a>"),
        "{overview}"
    );
    assert!(
        overview.contains("<a href=\"/docs/getting-started/#prerequisites\">prerequisites</a>"),
        "{overview}"
    );
    let api = site.read("public/docs/reference/api/index.html");
    assert!(
        api.contains("<p class=\"sg-swaggerui\"><a href=\"/openapi/petstore.yaml\">"),
        "{api}"
    );
}

#[test]
fn docsy_problems_are_errors_at_their_lines() {
    let site = TestSite::fixture("docsy");
    site.write(
        "content/en/docs/reference/overview.md",
        "---\ntitle: Reference overview\n---\nText.\n",
    );
    site.write(
        "content/en/docs/broken.md",
        "---\ntitle: Broken\n---\nSee {{< ref \"overview.md\" >}}.\n\n{{< readfile file=\"includes/missing.yaml\" code=\"true\" >}}\n\n\
         {{% readfile \"/docs/getting-started/includes/installation.md\" %}}\n\n{{< tabpane >}}\n{{< tab \"A\" >}}\nx\n\n\
         {{< readfile \"../../../../../etc/passwd\" code=\"true\" >}}\n\n{{< readfile \"outside.txt\" code=\"true\" >}}\n",
    );
    // A symbolic link inside content/ that points outside the site is no file of it.
    let outside = tempfile::NamedTempFile::new().unwrap();
    let link = site.path().join("content/en/docs/outside.txt");
    std::os::unix::fs::symlink(outside.path(), link).unwrap();
    let run = site.run(&["check", "--today", "2026-11-21"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for expected in [
        "content/en/docs/broken.md:4: error[ref-ambiguous]: `overview.md` is ambiguous: 2 pages have that file name (/docs/concepts/overview.md, /docs/reference/overview.md); write the path of the one you mean",
        // Every page that names it is told.
        "content/en/docs/_index.md:13: error[ref-ambiguous]",
        "content/en/docs/broken.md:6: error[shortcode-readfile]: `readfile` cannot include `includes/missing.yaml`: there is no file content/en/docs/includes/missing.yaml",
        "content/en/docs/broken.md:10: error[shortcode-unclosed]: shortcode `tabpane` is never closed",
        "content/en/docs/broken.md:11: error[shortcode-unclosed]: shortcode `tab` is never closed",
        "content/en/docs/broken.md:14: error[shortcode-readfile]: `readfile` cannot include `../../../../../etc/passwd`: that path leads outside the site",
        "content/en/docs/broken.md:16: error[shortcode-readfile]: `readfile` cannot include `outside.txt`: content/en/docs/outside.txt leads outside the site",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
    // An include from the content root works, and an ambiguous ref is not reported again as
    // a broken link.
    assert!(!run.stderr.contains("broken.md:8"), "{}", run.stderr);
    assert!(!run.stderr.contains("broken-link"), "{}", run.stderr);
    // The link itself is refused too, by the one rule for symbolic links (`link-outside`).
    assert!(
        run.stderr
            .contains("content/en/docs/outside.txt: error[link-outside]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("8 error(s)"), "{}", run.stderr);
}

/// `sitegen serve`, after an edit of a file `readfile` includes: the pages including it are
/// rendered again with the edit.
#[test]
fn an_edit_of_an_included_file_redoes_the_pages_that_include_it() {
    let site = TestSite::fixture("docsy");
    let today = "2026-11-21".parse().unwrap();
    let mut loaded = Site::load(BuildOptions::new(
        site.path().canonicalize().unwrap(),
        today,
    ))
    .expect("loads");
    loaded.check();
    let include = "content/en/docs/getting-started/includes/installation.md";
    let edited = site
        .read(include)
        .replace("Check system compatibility", "Check the porridge");
    site.write(include, &edited);
    let pages = loaded
        .update_pages(&[PathBuf::from(include)])
        .expect("a body edit is an incremental update");
    let memory = Memory::default();
    let found = sitegen::render::pages_to(&loaded, &pages, &memory);
    assert!(found.is_empty(), "{found:#?}");
    let page = memory
        .into_files()
        .into_iter()
        .find(|f| f.path == "docs/getting-started/index.html")
        .expect("the including page is rendered again");
    let Data::Bytes(html) = page.data else {
        panic!("a rendered page")
    };
    let html = String::from_utf8(html).unwrap();
    assert!(
        html.contains("<p>Check the porridge before proceeding.</p>"),
        "{html}"
    );
}

/// HTML with code highlighting taken off (token spans, `class="hl"`), where a test is about
/// where code text goes rather than its colours.
fn unhighlighted(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html.replace("<pre class=\"hl\">", "<pre>");
    while let Some(i) = rest.find("<span class=\"") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        rest = rest[end..].to_string();
    }
    out.push_str(&rest);
    out.replace("</span>", "")
}
