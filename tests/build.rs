//! `sitegen build` end to end: fixture sites built by the real binary into temp dirs.

mod common;
use common::{TestSite, sitegen};

#[test]
fn builds_yaml_toml_and_no_front_matter_pages_with_pretty_urls() {
    let site = TestSite::fixture("valid");
    let run = site.build();
    run.assert_ok();
    assert!(run.stderr.contains("Built"), "{}", run.stderr);
    assert!(run.stderr.contains("en 7, zh 3"), "{}", run.stderr);
    // YAML, TOML (section), BOM + CRLF, and no front matter (title from the first heading).
    let process = site.read("public/docs/process/index.html");
    assert!(process.contains("<title>Support process"), "{process}");
    let docs = site.read("public/docs/index.html");
    assert!(docs.contains("All the docs."));
    let install = site.read("public/docs/guide/install/index.html");
    assert!(
        install.contains("<title>Install"),
        "BOM/CRLF front matter not parsed"
    );
    assert!(install.contains("id=\"requirements\""));
    let nfm = site.read("public/docs/no-front-matter/index.html");
    assert!(nfm.contains("<title>Who to contact"), "{nfm}");
    assert_eq!(
        nfm.matches("<h1").count(),
        1,
        "the title heading is shown once: {nfm}"
    );
    // Default language at /, the other under /zh/.
    assert!(
        site.read("public/zh/docs/process/index.html")
            .contains("<html lang=\"zh\"")
    );
    assert!(site.read("public/index.html").contains("<html lang=\"en\""));
}

#[test]
fn markdown_extensions_and_heading_ids() {
    let site = TestSite::fixture("valid");
    site.build().assert_ok();
    let html = site.read("public/docs/process/index.html");
    assert!(
        html.contains("<table>") && html.contains("<del>waiting</del>"),
        "table + strikethrough"
    );
    assert!(html.contains("type=\"checkbox\""), "task list");
    assert!(html.contains("footnote-definition"), "footnote");
    assert!(html.contains("<h2 id=\"weekly-rotation\">"));
    assert!(
        html.contains("<h2 id=\"weekly-rotation-1\">"),
        "duplicate ids get -1"
    );
    assert!(
        html.contains("<h2 id=\"triage-labels\">"),
        "explicit {{#id}}"
    );
    assert!(
        html.contains("href=\"#weekly-rotation\""),
        "self-link / toc"
    );
    // A Chinese heading keeps its characters in the id.
    let zh = site.read("public/zh/docs/process/index.html");
    assert!(zh.contains("<h2 id=\"获取支持\">"), "{zh}");
    // The page's table of contents reaches the template.
    assert!(html.contains("href=\"#triage-labels\""));
}

#[test]
fn anchors_keep_combining_marks_and_a_case_mismatch_is_a_warning() {
    let site = TestSite::with_config("title = \"Anchors\"\n");
    site.write(
        "content/_index.md",
        "# Home\n\n[triage](triage.md#ट्राइएज-प्रक्रिया) and [labels](triage.md#Labels).\n",
    );
    site.write(
        "content/triage.md",
        "# Triage\n\n## Labels\n\n## ट्राइएज प्रक्रिया\n",
    );
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr.contains(
            "content/_index.md:3: warning[anchor-case]: `triage.md#Labels` links to #Labels; content/triage.md has #labels, which differs only in case"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("broken-anchor"), "{}", run.stderr);
    let triage = site.read("public/triage/index.html");
    assert!(triage.contains("<h2 id=\"ट्राइएज-प्रक्रिया\">"), "{triage}");
}

#[test]
fn links_are_rewritten_to_page_urls() {
    let site = TestSite::fixture("valid");
    site.build().assert_ok();
    let home = site.read("public/index.html");
    assert!(
        home.contains("href=\"/docs/guide/install/#requirements\""),
        "{home}"
    );
    assert!(home.contains("href=\"/docs/process/\""));
    let levels = site.read("public/docs/levels/index.html");
    assert!(
        levels.contains("href=\"/docs/process/#weekly-rotation\""),
        "foo.md/#x form"
    );
    assert!(levels.contains("href=\"/\""), "../_index.md → home");
    let zh = site.read("public/zh/index.html");
    // Non-ASCII fragments are percent-encoded in the href (browsers decode them to the id).
    assert!(
        zh.contains("href=\"/zh/docs/process/#%E8%8E%B7%E5%8F%96%E6%94%AF%E6%8C%81\""),
        "{zh}"
    );
    // A file beside its page is copied and the relative link made absolute.
    assert!(
        site.read("public/docs/process/index.html")
            .contains("src=\"/docs/diagram.png\"")
    );
    assert!(site.exists("public/docs/diagram.png"));
    assert!(site.exists("public/logo.svg"), "static/ copied");
}

#[test]
fn navigation_sitemap_aliases_404_and_overrides() {
    let site = TestSite::fixture("valid");
    site.build().assert_ok();
    let process = site.read("public/docs/process/index.html");
    // Site template override of page.html, with a free-form front matter param.
    assert!(
        process.contains("<div class=\"site-override\">team-a</div>"),
        "{process}"
    );
    // Breadcrumbs and weight order (process weight 1 before levels weight 2): next link.
    assert!(process.contains("href=\"/docs/levels/\""));
    let nav_pos = |html: &str, needle: &str| html.find(needle).unwrap_or(usize::MAX);
    assert!(nav_pos(&process, "/docs/guide/") < usize::MAX);
    assert!(
        nav_pos(&process, ">Support process<") < nav_pos(&process, ">Levels<"),
        "weight order"
    );
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://docs.example.org/docs/process/</loc>"));
    assert!(sitemap.contains("hreflang=\"zh\" href=\"https://docs.example.org/zh/docs/process/\""));
    let alias = site.read("public/old-process/index.html");
    assert!(alias.contains("https://docs.example.org/docs/process/"));
    assert!(alias.contains("http-equiv=\"refresh\""));
    assert!(site.exists("public/404.html"));
    assert!(site.exists("public/zh/404.html"));
    // Drafts are left out unless --drafts.
    assert!(!site.exists("public/docs/draft/index.html"));
    site.run(&["build", "--drafts"]).assert_ok();
    assert!(site.exists("public/docs/draft/index.html"));
}

#[test]
fn single_language_site_with_pages_straight_in_content() {
    let site = TestSite::fixture("single");
    site.build().assert_ok();
    assert!(
        site.read("public/index.html")
            .contains("href=\"/docs/page/\"")
    );
    assert!(site.exists("public/docs/page/index.html"));
}

#[test]
fn all_errors_of_all_files_reported_with_file_and_line() {
    let site = TestSite::fixture("broken");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let err = &run.stderr;
    assert!(
        err.contains("content/en/_index.md:4: error[broken-link]"),
        "{err}"
    );
    assert!(
        err.contains("content/en/_index.md:6: error[broken-anchor]"),
        "{err}"
    );
    assert!(err.contains("#nowhere"), "{err}");
    assert!(
        err.contains("content/en/docs/bad-yaml.md:3: error[front-matter]: `weight`"),
        "{err}"
    );
    assert!(
        err.contains("content/en/docs/bad-toml.md:3: error[front-matter]: `draft`"),
        "{err}"
    );
    assert!(!site.exists("public"), "a failed build writes nothing");
}

#[test]
fn failed_build_keeps_the_previous_site() {
    let site = TestSite::fixture("valid");
    site.build().assert_ok();
    let before = site.read("public/docs/process/index.html");
    site.write(
        "content/en/docs/process.md",
        "---\ntitle: x\nweight: [\n---\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/en/docs/process.md"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("public/docs/process/index.html"), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("sitegen-"))
        .collect();
    assert!(leftovers.is_empty(), "no temp dirs left behind");
}

#[test]
fn dangerous_output_paths_are_refused() {
    let site = TestSite::fixture("valid");
    for out in [".", "content", "content/en", ".."] {
        let run = site.run(&["build", "--output", out]);
        assert_eq!(run.code, 1, "--output {out}: {}", run.stderr);
        assert!(run.stderr.contains("refusing to use"), "{}", run.stderr);
    }
    assert!(site.exists("content/en/docs/process.md"), "nothing deleted");
    // A folder sitegen did not write is not replaced.
    site.write("deploy/.git/HEAD", "ref: main");
    let run = site.run(&["build", "--output", "deploy"]);
    assert_eq!(run.code, 1);
    assert!(site.exists("deploy/.git/HEAD"));
    // An empty or sitegen-written folder is fine.
    site.run(&["build", "--output", "out/site"]).assert_ok();
    assert!(site.exists("out/site/index.html"));
}

#[test]
fn unknown_config_key_names_key_and_line() {
    let site = TestSite::fixture("valid");
    site.write(
        "sitegen.toml",
        "title = \"x\"\nbase_url = \"/\"\ntheme_color = \"red\"\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("sitegen.toml:3: error[config]: unknown field `theme_color`"),
        "{}",
        run.stderr
    );
}

#[test]
fn base_url_override_and_summary_and_exit_codes() {
    let site = TestSite::fixture("valid");
    let run = site.run(&["build", "--base-url", "https://mirror.example.com/docs"]);
    run.assert_ok();
    let html = site.read("public/docs/process/index.html");
    // The base path `/docs/` prefixes every URL; the page itself is docs/process.
    assert!(
        html.contains("https://mirror.example.com/docs/docs/process/"),
        "permalink uses --base-url"
    );
    assert!(
        html.contains("href=\"/docs/docs/levels/\""),
        "root path prefix applied to URLs"
    );
    let usage = sitegen()
        .args(["build", "--no-such-flag"])
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));
    let help = sitegen().arg("--help").output().unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("build"));
    let version = sitegen().arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("sitegen "));
}

#[test]
fn quiet_prints_nothing_on_success() {
    let site = TestSite::fixture("valid");
    let run = site.run(&["--quiet", "build"]);
    run.assert_ok();
    assert_eq!(run.stderr, "");
}

#[test]
fn the_example_site_builds() {
    let out = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let run = sitegen()
        .args(["build", "--root", root, "--today", "2026-11-21", "--output"])
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(
        out.path()
            .join("public/zh/support/process/index.html")
            .is_file()
    );
    assert!(!stderr.contains("error["), "{stderr}");
    // Its title comes from its `# Who to contact`, shown once.
    let matrix =
        std::fs::read_to_string(out.path().join("public/support/contact-matrix/index.html"))
            .unwrap();
    assert_eq!(matrix.matches("<h1").count(), 1, "{matrix}");
}

#[test]
fn search_index_can_be_turned_off() {
    let site = TestSite::fixture("single");
    site.build().assert_ok();
    assert!(site.exists("public/search/en.json"));
    assert!(
        site.read("public/index.html")
            .contains("class=\"site-search\"")
    );
    site.write(
        "sitegen.toml",
        "title = \"Single\"\n[search]\nenabled = false\n",
    );
    site.build().assert_ok();
    assert!(!site.exists("public/search"), "no index written");
    assert!(
        !site
            .read("public/index.html")
            .contains("class=\"site-search\""),
        "no search box"
    );
}

#[test]
fn improve_this_page_links_to_the_source_file() {
    let site = TestSite::fixture("single");
    site.write(
        "sitegen.toml",
        "title = \"Single\"\n[params]\nedit_url_base = \"https://git.example.org/edit/main/\"\n",
    );
    site.build().assert_ok();
    let html = site.read("public/docs/page/index.html");
    assert!(
        html.contains("href=\"https://git.example.org/edit/main/content/docs/page.md\""),
        "{html}"
    );
}

#[test]
fn sidebar_marks_the_current_page_and_opens_only_its_path() {
    /// The sidebar `<nav class="site-nav">` of a page.
    fn sidebar(html: &str) -> &str {
        let start = html.find("class=\"site-nav\"").expect("a sidebar");
        let end = start + html[start..].find("</nav>").expect("closed");
        &html[start..end]
    }
    let site = TestSite::fixture("valid");
    site.build().assert_ok();
    let levels = site.read("public/docs/levels/index.html");
    let nav = sidebar(&levels);
    // The page's own link is the current one, and only it.
    assert!(
        nav.contains("<a href=\"/docs/levels/\" aria-current=\"page\">Levels</a>"),
        "{nav}"
    );
    assert_eq!(nav.matches("aria-current").count(), 1, "{nav}");
    // Its section is open; the guide/ subsection is collapsed but still shown as openable.
    assert!(nav.contains("nav-section has-children is-open"), "{nav}");
    assert!(nav.contains("<a href=\"/docs/guide/\">"), "{nav}");
    assert!(
        !nav.contains("/docs/guide/install/"),
        "a collapsed section lists no pages: {nav}"
    );
    // On the guide page, guide/ is open and its page listed.
    let install = site.read("public/docs/guide/install/index.html");
    let nav = sidebar(&install);
    assert!(
        nav.contains("<a href=\"/docs/guide/install/\" aria-current=\"page\">"),
        "{nav}"
    );
}

#[test]
fn check_renders_without_writing_and_reports_template_errors() {
    let site = TestSite::fixture("single");
    site.run(&["check"]).assert_ok();
    assert!(!site.exists("public"), "check writes nothing");
    site.write(
        "templates/page.html",
        "<main>{% include \"partials/nope.html\" %}</main>\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[template]"), "{}", run.stderr);
    assert!(run.stderr.contains("partials/nope.html"), "{}", run.stderr);
    assert!(!site.exists("public"));
}

#[test]
fn page_templates_see_their_section_and_their_own_page() {
    // Pages of one section share its template context (`site`, `nav`, `section`): each must
    // still see its own `page`, and `section` is the page's section (a section page's own).
    let site = TestSite::with_config("title = \"Sections\"\n");
    site.write(
        "templates/page.html",
        "{{ page.title }}|{% for p in section.pages %}[{{ p.title }}]{% endfor %}|{{ section.title }}|{{ page.content | safe }}",
    )
    .write(
        "templates/section.html",
        "{{ page.title }}|{% for s in section.subsections %}[{{ s.title }}]{% endfor %}|{{ section.title }}",
    )
    .write("content/_index.md", "---\ntitle: Home\n---\n")
    .write("content/top.md", "---\ntitle: Top\n---\nTop body.\n")
    .write("content/docs/_index.md", "---\ntitle: Docs\n---\n")
    .write("content/docs/a.md", "---\ntitle: A\nweight: 1\n---\nBody of A.\n")
    .write("content/docs/b.md", "---\ntitle: B\nweight: 2\n---\nBody of B.\n")
    .write("content/docs/sub/_index.md", "---\ntitle: Sub\n---\n")
    .write("content/docs/sub/c.md", "---\ntitle: C\n---\nBody of C.\n");
    site.build().assert_ok();
    let a = site.read("public/docs/a/index.html");
    assert_eq!(a, "A|[A][B]|Docs|<p>Body of A.</p>\n");
    let b = site.read("public/docs/b/index.html");
    assert_eq!(b, "B|[A][B]|Docs|<p>Body of B.</p>\n");
    let c = site.read("public/docs/sub/c/index.html");
    assert_eq!(c, "C|[C]|Sub|<p>Body of C.</p>\n");
    let top = site.read("public/top/index.html");
    assert_eq!(top, "Top|[Top]|Home|<p>Top body.</p>\n");
    assert_eq!(site.read("public/docs/index.html"), "Docs|[Sub]|Docs");
    assert_eq!(site.read("public/index.html"), "Home|[Docs]|Home");
}

#[test]
fn a_large_section_renders_every_page_with_its_own_page_and_navigation() {
    // A section of more pages than one rendering run is split across runs, each with a copy
    // of the section's context: every page must still come out once, as itself, with its
    // own link marked current in the shared sidebar.
    let site = TestSite::with_config("title = \"Large\"\n");
    site.write("content/docs/_index.md", "---\ntitle: Docs\n---\n");
    let n = 600;
    for i in 0..n {
        site.write(
            &format!("content/docs/p{i:03}.md"),
            &format!("---\ntitle: Page {i:03}\nweight: {i}\n---\nBody {i:03}.\n"),
        );
    }
    site.build().assert_ok();
    for i in 0..n {
        let html = site.read(&format!("public/docs/p{i:03}/index.html"));
        assert!(
            html.contains(&format!("<p>Body {i:03}.</p>")),
            "p{i:03}: {html}"
        );
        assert!(
            html.contains(&format!("<title>Page {i:03} ")),
            "p{i:03}'s own title: {html}"
        );
        let current = format!("<a href=\"/docs/p{i:03}/\" aria-current=\"page\">");
        assert!(html.contains(&current), "p{i:03} is current: {html}");
        assert_eq!(
            html.matches("aria-current=\"page\"").count(),
            2,
            "p{i:03}: {html}"
        );
    }
}

#[test]
fn the_navigation_partial_renders_only_when_a_template_shows_it() {
    // `partials/nav.html` is rendered once per section for `nav_html`: a site whose own
    // templates show no navigation neither pays for it nor fails on it.
    let site = TestSite::with_config("title = \"Own\"\n");
    site.write("templates/base.html", "{% block main %}{% endblock main %}")
        .write("templates/page.html", "{{ page.title }}")
        .write("templates/partials/nav.html", "{{ no_such_variable }}")
        .write("content/docs/a.md", "---\ntitle: A\n---\nA.\n")
        .write("content/guide/b.md", "---\ntitle: B\n---\nB.\n");
    site.build().assert_ok();
    assert_eq!(site.read("public/docs/a/index.html"), "A");
    // Once a template shows it, it is rendered, and its error reported: once, though every
    // section (docs/, guide/, the top level) renders it.
    site.write(
        "templates/page.html",
        "{{ page.title }}{{ nav_html | safe }}",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("no_such_variable").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn a_reader_that_stops_early_is_not_a_crash() {
    // `sitegen check --format json | head -1`: the reader closes the pipe before sitegen writes.
    let site = TestSite::fixture("valid");
    for format in ["json", "github"] {
        let mut child = sitegen()
            .args([
                "check",
                "--format",
                format,
                "--today",
                "2026-11-21",
                "--root",
            ])
            .arg(site.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{format}: {stderr}");
    }
}

#[test]
fn pages_carry_sharing_cards_and_the_site_a_robots_txt_and_favicon() {
    let site = TestSite::with_config(
        "title = \"Docs\"\nbase_url = \"https://docs.example.org/\"\n\
         [languages.en]\n[languages.pt-BR]\nname = \"Português\"\n\
         [params]\nimage = \"/images/card.png\"\n",
    );
    site.write("content/en/_index.md", "---\ntitle: Docs\n---\nHome.\n")
        .write(
            "content/en/guide.md",
            "---\ntitle: The guide\ndescription: How to use it.\n---\nText.\n",
        )
        .write(
            "content/pt-BR/guide.md",
            "---\ntitle: O guia\n---\nTexto.\n",
        );
    site.build().assert_ok();
    let guide = site.read("public/guide/index.html");
    for tag in [
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:title\" content=\"The guide\">",
        "<meta property=\"og:description\" content=\"How to use it.\">",
        "<meta property=\"og:url\" content=\"https://docs.example.org/guide/\">",
        "<meta property=\"og:locale\" content=\"en\">",
        "<meta property=\"og:locale:alternate\" content=\"pt_BR\">",
        "<meta property=\"og:image\" content=\"https://docs.example.org/images/card.png\">",
        "<meta name=\"twitter:card\" content=\"summary_large_image\">",
        "<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">",
    ] {
        assert!(guide.contains(tag), "{tag} missing in\n{guide}");
    }
    assert!(site.read("public/favicon.svg").starts_with("<svg"));
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://docs.example.org/sitemap.xml\n"
    );
    // A site's own robots.txt wins.
    site.write("static/robots.txt", "User-agent: *\nDisallow: /drafts/\n");
    site.build().assert_ok();
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nDisallow: /drafts/\n"
    );
}
