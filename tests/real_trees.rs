//! Docs trees written the way real sites write them, built by the real binary: a repository's
//! GitHub-rendered Markdown (`github-tree`: README.md files, links to folders, no front
//! matter), a Hugo site (`hugo-tree`: links written for a render-link hook, bundles, headless
//! bundles, `_build`, `[[cascade]]` with targets, permalinks) and a Zola site (`zola-tree`:
//! `@/` links). Each test asserts what a reader sees: the pages written, the hrefs in their
//! bodies and the diagnostics.

mod common;

use common::{Run, TestSite};

/// The page body: what the theme's `<div class="content">` holds.
fn content(html: &str) -> &str {
    let start = html.find("<div class=\"content\"").expect("a content div");
    let start = start + html[start..].find('>').unwrap() + 1;
    let end = start
        + html[start..]
            .find("\n        </div>")
            .expect("end of content");
    &html[start..end]
}

/// Every `href` and `src` in a page's body, in order.
fn targets(html: &str) -> Vec<String> {
    let body = content(html);
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = body;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            out.push(rest[..end].to_string());
        }
    }
    out
}

#[track_caller]
fn assert_targets(site: &TestSite, page: &str, expected: &[&str]) {
    let html = site.read(page);
    let got = targets(&html);
    for e in expected {
        assert!(
            got.iter().any(|g| g == e),
            "{page}: no link to {e}; the body links to {got:?}"
        );
    }
}

fn built(name: &str) -> (TestSite, Run) {
    let site = TestSite::fixture(name);
    let run = site.build();
    run.assert_ok();
    (site, run)
}

/// The human report's diagnostic lines (`file:line: severity[code]: message`).
fn diagnostics(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.contains("warning[") || l.contains("error[") || l.contains("note["))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// A tree of GitHub-rendered Markdown

#[test]
fn github_tree_readmes_are_their_folders_pages() {
    let (site, _) = built("github-tree");
    // The root README is the home page, docs/README.md the docs section (its folder has
    // other pages), docs/api/README.md a page of its own (its folder has no other page).
    let home = site.read("public/index.html");
    assert!(home.contains("<title>Driftwood Operator</title>"), "{home}");
    let docs = site.read("public/docs/index.html");
    assert!(
        docs.contains("<title>Documentation · Driftwood Operator"),
        "{docs}"
    );
    assert!(
        docs.contains("class=\"listing"),
        "docs/ lists its pages: {docs}"
    );
    assert!(docs.contains("href=\"/docs/install/\""), "{docs}");
    let api = site.read("public/docs/api/index.html");
    assert!(api.contains("<title>API reference"), "{api}");
    assert!(!site.exists("public/docs/readme/index.html"));
    assert!(!site.exists("public/readme/index.html"));
    assert!(site.exists("public/docs/guide/index.html"));
    assert!(site.exists("public/design/index.html"));
    assert!(site.exists("public/design/proposals/2024-backup-hooks/index.html"));
    assert!(site.exists("public/contributing/index.html"));
    assert!(site.exists("public/docs/release-notes/index.html"));
}

#[test]
fn github_tree_links_to_folders_files_and_pages_resolve_as_on_github() {
    let (site, _) = built("github-tree");
    assert_targets(
        &site,
        "public/index.html",
        &[
            "docs",
            "/docs/install/",
            "docs/guide/",
            "/contributing/",
            "/design",
            "docs/api",
            "/docs/examples/backup.yaml",
            "/docs/img/ci-badge.svg",
        ],
    );
    assert_targets(
        &site,
        "public/contributing/index.html",
        &[
            "/",
            "/docs/guide/development/",
            "/docs/guide/triage/#labels",
            "/docs/guide/triage/#security-issues",
        ],
    );
    assert_targets(
        &site,
        "public/docs/index.html",
        &[
            "/docs/install/",
            "./upgrade",
            "guide",
            "/docs/release-notes/",
            "/#where-to-go-next",
            "/docs/img/arch.png",
        ],
    );
    assert_targets(
        &site,
        "public/docs/install/index.html",
        &[
            "/docs/examples/backup.yaml",
            "/docs/upgrade/#before-you-start",
            "/docs/api/",
            "/docs/guide/development/",
        ],
    );
    assert_targets(
        &site,
        "public/docs/upgrade/index.html",
        &[
            "/docs/install/#prerequisites",
            "/docs/release-notes/",
            "/docs/guide/",
        ],
    );
    assert_targets(
        &site,
        "public/docs/guide/development/index.html",
        &[
            "/docs/guide/triage/#labels",
            "/docs/guide/",
            "/docs/install/",
        ],
    );
    assert_targets(
        &site,
        "public/design/proposals/2024-backup-hooks/index.html",
        &["/design/", "/docs/"],
    );
    // The files links point at are copied where the links say.
    assert!(
        site.read("public/docs/examples/backup.yaml")
            .contains("kind: Backup")
    );
    assert!(site.exists("public/docs/img/arch.png"));
}

#[test]
fn github_tree_titles_from_the_first_heading_are_shown_once() {
    let (site, _) = built("github-tree");
    for page in [
        "public/index.html",
        "public/docs/index.html",
        "public/docs/install/index.html",
        "public/docs/guide/triage/index.html",
    ] {
        let html = site.read(page);
        assert_eq!(html.matches("<h1").count(), 1, "{page}: {html}");
    }
    let install = site.read("public/docs/install/index.html");
    assert!(install.contains("<h1>Installing</h1>"), "{install}");
    assert!(!content(&install).contains("Installing"), "{install}");
    // The other headings stay, and the removed heading's id still takes links.
    assert!(
        content(&install).contains("<h2 id=\"prerequisites\">"),
        "{install}"
    );
    let home = site.read("public/index.html");
    assert!(
        content(&home).contains("id=\"driftwood-operator\""),
        "{home}"
    );
}

#[test]
fn github_tree_anchors_keep_combining_marks_and_a_case_mismatch_is_its_own_warning() {
    let (site, run) = built("github-tree");
    let triage = site.read("public/docs/guide/triage/index.html");
    assert!(
        triage.contains("<h2 id=\"ट्राइएज-प्रक्रिया\">"),
        "Devanagari vowel signs are kept: {triage}"
    );
    assert_targets(
        &site,
        "public/docs/guide/development/index.html",
        &[
            "/docs/guide/triage/#%E0%A4%9F%E0%A5%8D%E0%A4%B0%E0%A4%BE%E0%A4%87%E0%A4%8F%E0%A4%9C-%E0%A4%AA%E0%A5%8D%E0%A4%B0%E0%A4%95%E0%A5%8D%E0%A4%B0%E0%A4%BF%E0%A4%AF%E0%A4%BE",
        ],
    );
    assert_eq!(
        diagnostics(&run),
        [
            "content/docs/guide/development.md:5: warning[anchor-case]: `triage.md#Labels` links to #Labels; content/docs/guide/triage.md has #labels, which differs only in case (browsers match ids exactly)"
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn github_tree_a_broken_link_is_still_an_error_with_file_and_line() {
    let site = TestSite::fixture("github-tree");
    site.write(
        "content/docs/faq.md",
        "# FAQ\n\nSee [the old page](removed.md), [a folder](../nothing/) and [x](./gone).\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = diagnostics(&run);
    for expected in [
        "content/docs/faq.md:3: error[broken-link]: broken link: `removed.md` is not a page of this site",
        "content/docs/faq.md:3: error[broken-link]: broken link: no page or file at `../nothing/`",
        "content/docs/faq.md:3: error[broken-link]: broken link: no page or file at `./gone`",
    ] {
        assert!(
            found.iter().any(|l| l.starts_with(expected)),
            "{expected}\n{}",
            run.stderr
        );
    }
    assert!(!site.exists("public"), "a failed build writes nothing");
}

// ---------------------------------------------------------------------------------------------
// A Hugo site

#[test]
fn hugo_tree_links_resolve_as_the_render_link_hook_does() {
    let (site, _) = built("hugo-tree");
    assert_targets(
        &site,
        "public/docs/getting-started/install/index.html",
        &[
            "/docs/getting-started/manual-testing/",
            "/docs/guide/#configure",
            "/docs/reference/cli/",
            "/docs/examples/backup/",
            "/docs/examples/backup/backup.yaml",
            "/docs/snippets/architecture.svg",
            "../../reference/",
        ],
    );
    assert_targets(
        &site,
        "public/docs/getting-started/index.html",
        &["./install"],
    );
    // A leaf bundle's files are copied beside its page, and its links point at them.
    assert_targets(
        &site,
        "public/docs/examples/backup/index.html",
        &[
            "/docs/examples/backup/backup.yaml",
            "/docs/examples/backup/flow.svg",
        ],
    );
    assert!(site.exists("public/docs/examples/backup/backup.yaml"));
    assert!(site.exists("public/docs/examples/backup/flow.svg"));
}

#[test]
fn hugo_tree_headless_bundles_and_build_options() {
    let (site, _) = built("hugo-tree");
    // headless: no page, its files still published and linkable.
    assert!(!site.exists("public/docs/snippets/index.html"));
    assert!(site.exists("public/docs/snippets/architecture.svg"));
    // render: never → no page; list: never → a page no listing shows; list: local → listed in
    // its section but not in the sitemap.
    assert!(!site.exists("public/docs/internal/index.html"));
    assert!(site.exists("public/docs/unlisted/index.html"));
    assert!(site.exists("public/docs/local/index.html"));
    // publishResources: false → the page, without the files of its bundle.
    assert!(site.exists("public/docs/examples/private/index.html"));
    assert!(!site.exists("public/docs/examples/private/credentials.env"));
    let docs = site.read("public/docs/index.html");
    assert!(!docs.contains("/docs/unlisted/"), "{docs}");
    assert!(!docs.contains("/docs/internal/"), "{docs}");
    assert!(!docs.contains("/docs/snippets/"), "{docs}");
    assert!(docs.contains("href=\"/docs/local/\""), "{docs}");
    let sitemap = site.read("public/sitemap.xml");
    for hidden in [
        "/docs/unlisted/",
        "/docs/internal/",
        "/docs/local/",
        "/docs/snippets/",
    ] {
        assert!(!sitemap.contains(hidden), "{hidden} in {sitemap}");
    }
    assert!(sitemap.contains("/docs/guide/"), "{sitemap}");
}

#[test]
fn hugo_tree_cascades_reach_the_pages_their_targets_match() {
    let (site, run) = built("hugo-tree");
    // `type = "docs"` reached every page, and a content type without its template is silent.
    assert!(!run.stderr.contains("template-missing"), "{}", run.stderr);
    let audience = |page: &str| {
        let html = site.read(page);
        let body = content(&html);
        let start = body.find("<span class=\"audience\">").expect("audience") + 23;
        body[start..start + body[start..].find('<').unwrap()].to_string()
    };
    assert_eq!(audience("public/docs/index.html"), "developers");
    assert_eq!(
        audience("public/docs/getting-started/index.html"),
        "developers"
    );
    assert_eq!(
        audience("public/docs/getting-started/install/index.html"),
        "everyone"
    );
    assert_eq!(audience("public/docs/reference/index.html"), "developers");
    assert_eq!(
        audience("public/docs/reference/cli/index.html"),
        "operators"
    );
    assert_eq!(audience("public/zh/docs/index.html"), "读者");
    assert_eq!(audience("public/zh/docs/guide/index.html"), "读者");
}

#[test]
fn hugo_tree_permalinks_aliases_and_duplicate_keys() {
    let (site, run) = built("hugo-tree");
    // permalinks: posts = "/blog/:year/:month/:slug/"; the date from the file name or front
    // matter, the slug from front matter or the file name.
    assert!(site.exists("public/blog/2024/03/release-1-9/index.html"));
    assert!(site.exists("public/blog/2023/11/hello/index.html"));
    assert!(site.exists("public/posts/undated/index.html"));
    assert!(!site.exists("public/posts/release-1-9/index.html"));
    assert_targets(
        &site,
        "public/blog/2023/11/hello/index.html",
        &["/blog/2024/03/release-1-9/"],
    );
    // The bundle's files are published beside its page, where its raw `<img src>` finds them.
    assert!(site.exists("public/blog/2024/03/release-1-9/restore-times.svg"));
    assert_targets(
        &site,
        "public/blog/2024/03/release-1-9/index.html",
        &[
            "restore-times.svg",
            "/blog/2024/03/release-1-9/restore-times.csv",
        ],
    );
    // The duplicate key's last value wins.
    let concepts = site.read("public/docs/concepts/index.html");
    assert!(
        concepts.contains("<title>Concepts · Driftwood</title>"),
        "{concepts}"
    );
    // The page is not overwritten by a redirect to itself; the other alias still redirects.
    let api = site.read("public/docs/reference/api/index.html");
    assert!(api.contains("The custom resources."), "{api}");
    assert!(
        site.read("public/docs/api/index.html")
            .contains("/docs/reference/api/")
    );
    assert_eq!(
        diagnostics(&run),
        [
            "content/en/docs/concepts.md:4: warning[front-matter]: duplicate key `title`: the last value is used (line 2 is ignored)",
            "content/en/docs/reference/api.md:4: warning[alias-self]: alias /docs/reference/api/ is this page's own URL; it is left out",
            "content/en/posts/undated.md:1: warning[permalink]: permalink /blog/:year/:month/:slug/ needs a date (`date` in front matter, or a dated file name); the page keeps /posts/undated/",
        ],
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// A Zola site

#[test]
fn zola_tree_at_links_resolve_to_pages_and_sections() {
    let (site, run) = built("zola-tree");
    assert!(diagnostics(&run).is_empty(), "{}", run.stderr);
    assert_targets(&site, "public/index.html", &["/docs/", "/blog/"]);
    assert_targets(
        &site,
        "public/docs/index.html",
        &["/docs/getting-started/installation/"],
    );
    assert_targets(
        &site,
        "public/docs/getting-started/installation/index.html",
        &["/docs/getting-started/configuration/#the-config-file"],
    );
    // `@/blog/first-post.zh.md` names the Chinese page, `@/blog/first-post.md` the English
    // one: an `@/` link names a file, as in Zola.
    assert_targets(
        &site,
        "public/zh/index.html",
        &["/zh/blog/first-post/", "/blog/first-post/"],
    );
    assert_targets(
        &site,
        "public/zh/blog/first-post/index.html",
        &["/docs/getting-started/configuration/"],
    );
}

#[test]
fn zola_tree_a_missing_at_link_is_a_broken_link() {
    let site = TestSite::fixture("zola-tree");
    site.write(
        "content/docs/old.md",
        "+++\ntitle = \"Old\"\n+++\nSee [gone](@/docs/gone.md#x).\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/docs/old.md:4: error[broken-link]: broken link: `@/docs/gone.md` is not a page of this site"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn github_tree_links_to_repository_files_outside_content_go_to_the_repository() {
    let site = TestSite::with_config(
        "title = \"x\"\n[links]\nrepository = \"https://github.com/org/repo/blob/main/website\"\n",
    );
    site.write("examples/backup.yaml", "kind: Backup\n")
        .write(
            "content/docs/guide.md",
            "# Guide\n\nSee [the example](../../examples/backup.yaml#L1), [gone](../../examples/gone.yaml) \
             and [missing](../missing.md).\n",
        );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = diagnostics(&run);
    for expected in [
        "content/docs/guide.md:3: error[broken-link]: broken link: no page or file at `../../examples/gone.yaml`",
        "content/docs/guide.md:3: error[broken-link]: broken link: `../missing.md` is not a page of this site",
    ] {
        assert!(
            found.iter().any(|l| l.starts_with(expected)),
            "{expected}\n{}",
            run.stderr
        );
    }
    assert_eq!(found.len(), 2, "{}", run.stderr);
    site.write(
        "content/docs/guide.md",
        "# Guide\n\nSee [the example](../../examples/backup.yaml#L1).\n",
    );
    site.build().assert_ok();
    assert_targets(
        &site,
        "public/docs/guide/index.html",
        &["https://github.com/org/repo/blob/main/website/examples/backup.yaml#L1"],
    );
}
