//! Versioned docs (`[versions]`) on the `versions` fixture: three folder versions (`main` in
//! development, `v2`, and `v1` whose support ends on 2026-06-30), English and Chinese. The
//! switcher's targets, banners by status as `--today` moves, the missing-in-version report.

mod common;
use common::TestSite;

/// The fixture built on `today`, with the build's report in JSON.
fn built(today: &str) -> (TestSite, String) {
    let site = TestSite::fixture("versions");
    let run = site.run(&["build", "--today", today, "--format", "json"]);
    run.assert_ok();
    (site, run.stdout)
}

/// The `href` of the switcher entry for `version` in `html`, and whether it is marked as the
/// version's landing page (the page not being there).
fn switcher_target(html: &str, version: &str) -> Option<(String, bool)> {
    let nav = &html[html.find("class=\"version-switcher\"")?..];
    let nav = &nav[..nav.find("</nav>")?];
    let entry = nav
        .split("<li>")
        .find(|li| li.contains(&format!("data-version=\"{version}\"")))?;
    let href = entry.split("href=\"").nth(1)?.split('"').next()?;
    Some((href.to_string(), entry.contains("version-landing")))
}

#[test]
fn switcher_goes_to_the_same_page_by_path_by_alias_or_to_the_landing_page() {
    let (site, _) = built("2026-05-01");
    let v1_install = site.read("public/docs/v1/install/index.html");
    assert_eq!(
        switcher_target(&v1_install, "v2"),
        Some(("/docs/v2/install/".into(), false))
    );
    assert_eq!(
        switcher_target(&v1_install, "main"),
        Some(("/docs/main/install/".into(), false))
    );
    // The current version is not a link.
    assert_eq!(switcher_target(&v1_install, "v1"), None);
    assert!(v1_install.contains("<span class=\"version-current\" aria-current=\"true\">v1</span>"));
    // main moved configure to setup/configure and lists the old URL in its aliases.
    let v2_configure = site.read("public/docs/v2/configure/index.html");
    assert_eq!(
        switcher_target(&v2_configure, "main"),
        Some(("/docs/main/setup/configure/".into(), false))
    );
    let main_configure = site.read("public/docs/main/setup/configure/index.html");
    assert_eq!(
        switcher_target(&main_configure, "v1"),
        Some(("/docs/v1/configure/".into(), false))
    );
    // Legacy mode is gone in v2: the switcher goes to v2's landing page, marked as such.
    let legacy = site.read("public/docs/v1/legacy/index.html");
    assert_eq!(
        switcher_target(&legacy, "v2"),
        Some(("/docs/v2/".into(), true))
    );
    // In Chinese, the versions that have Chinese pages; the labels from `label`.
    let zh = site.read("public/zh/docs/v1/install/index.html");
    assert_eq!(
        switcher_target(&zh, "v2"),
        Some(("/zh/docs/v2/install/".into(), false))
    );
    assert_eq!(switcher_target(&zh, "main"), None);
    assert!(
        site.read("public/docs/main/index.html")
            .contains("main (unreleased)</span>")
    );
    // Pages outside the versioned section have no switcher.
    assert!(!site.read("public/index.html").contains("version-switcher"));
    assert!(
        !site
            .read("public/docs/index.html")
            .contains("version-switcher")
    );
}

#[test]
fn banners_follow_each_versions_status_today() {
    // On 2026-05-01 v1 is still supported (the newest two releases, before its end of support).
    let (site, _) = built("2026-05-01");
    let v1 = site.read("public/docs/v1/install/index.html");
    assert!(!v1.contains("notice-version"), "{v1}");
    let v2 = site.read("public/docs/v2/install/index.html");
    assert!(!v2.contains("notice-version"));
    let main = site.read("public/docs/main/setup/configure/index.html");
    assert!(
        main.contains("These docs are for main (unreleased), which is not released yet. <a href=\"/docs/v2/configure/\">See this page for v2, the latest version</a>"),
        "{main}"
    );
    let main_new = site.read("public/docs/main/new-feature/index.html");
    assert!(
        main_new.contains("<a href=\"/docs/v2/\">See the docs for v2, the latest version</a>"),
        "{main_new}"
    );
    // On 2026-07-01 its support has ended: the banner says so, in every language.
    let (site, _) = built("2026-07-01");
    let v1 = site.read("public/docs/v1/install/index.html");
    assert!(
        v1.contains("notice-version-unsupported") && v1.contains("These docs are for v1, which is no longer supported. <a href=\"/docs/v2/install/\">See this page for v2, the latest version</a>"),
        "{v1}"
    );
    let zh = site.read("public/zh/docs/v1/install/index.html");
    assert!(
        zh.contains("本文档适用于 v1，该版本已不再受支持。 <a href=\"/zh/docs/v2/install/\">查看最新版本 v2 中的此页面</a>"),
        "{zh}"
    );
    assert!(
        !site
            .read("public/docs/v2/install/index.html")
            .contains("notice-version")
    );
}

#[test]
fn pages_missing_in_the_next_version_are_reported() {
    let (_, json) = built("2026-05-01");
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut missing: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "version-missing-page")
        .map(|d| format!("{} {}", d["file"].as_str().unwrap(), d["severity"]))
        .collect();
    missing.sort();
    assert_eq!(
        missing,
        [
            "content/en/docs/v1/legacy.md \"note\"",
            "content/en/docs/v2/upgrade.md \"note\""
        ]
    );
    // Not the moved page (v2's configure is main's setup/configure, by its aliases), nor
    // Chinese pages (zh has no main docs at all).
}

#[test]
fn a_bad_versions_table_is_an_error_at_its_line() {
    let site = TestSite::fixture("versions");
    let toml = site
        .read("sitegen.toml")
        .replace("released = 2026-03-01", "released = \"March\"");
    site.write("sitegen.toml", &toml);
    let run = site.run(&["build", "--today", "2026-05-01"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("sitegen.toml:25: error[config]: [versions]: version `v2`: released: `March` is not a date like 2026-01-31"),
        "{}",
        run.stderr
    );
    assert!(!site.exists("public"));
}

#[test]
fn latest_redirects_canonical_links_and_the_sitemap() {
    let (site, _) = built("2026-07-01");
    // /docs/latest/… for every page of the latest version, in every language.
    for (latest, target) in [
        ("docs/latest/index.html", "docs/v2/"),
        ("docs/latest/install/index.html", "docs/v2/install/"),
        ("docs/latest/configure/index.html", "docs/v2/configure/"),
        ("zh/docs/latest/install/index.html", "zh/docs/v2/install/"),
    ] {
        let html = site.read(&format!("public/{latest}"));
        assert!(
            html.contains(&format!(
                "<meta http-equiv=\"refresh\" content=\"0; url=https://driftwood.example.org/{target}\">"
            )),
            "{latest}: {html}"
        );
    }
    assert!(!site.exists("public/docs/latest/legacy/index.html"));
    assert_eq!(
        site.read("public/_redirects"),
        "# Written by sitegen: the latest version of the docs.\n/docs/latest /docs/v2/ 302\n/docs/latest/* /docs/v2/:splat 302\n/zh/docs/latest /zh/docs/v2/ 302\n/zh/docs/latest/* /zh/docs/v2/:splat 302\n"
    );
    // Older versions' pages name latest's page as canonical where it exists.
    let canonical = |rel: &str| {
        let html = site.read(&format!("public/{rel}index.html"));
        let at = html.find("<link rel=\"canonical\" href=\"").unwrap() + 28;
        html[at..].split('"').next().unwrap().to_string()
    };
    let origin = "https://driftwood.example.org";
    assert_eq!(
        canonical("docs/v1/install/"),
        format!("{origin}/docs/v2/install/")
    );
    assert_eq!(
        canonical("zh/docs/v1/install/"),
        format!("{origin}/zh/docs/v2/install/")
    );
    assert_eq!(
        canonical("docs/v1/legacy/"),
        format!("{origin}/docs/v1/legacy/")
    );
    assert_eq!(
        canonical("docs/v2/install/"),
        format!("{origin}/docs/v2/install/")
    );
    // Unreleased docs are not an older version: their own URL.
    assert_eq!(
        canonical("docs/main/install/"),
        format!("{origin}/docs/main/install/")
    );
    // The sitemap lists the latest version only, and everything outside the versions.
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://driftwood.example.org/docs/v2/install/</loc>"));
    assert!(sitemap.contains("<loc>https://driftwood.example.org/docs/</loc>"));
    assert!(!sitemap.contains("/docs/v1/"), "{sitemap}");
    assert!(!sitemap.contains("/docs/main/"), "{sitemap}");
    assert!(!sitemap.contains("/docs/latest/"), "{sitemap}");
    // No noindex unless asked for.
    assert!(
        !site
            .read("public/docs/v1/install/index.html")
            .contains("noindex")
    );
}

#[test]
fn every_version_in_the_sitemap_and_noindex_for_unsupported_ones_when_asked() {
    let site = TestSite::fixture("versions");
    let toml = site.read("sitegen.toml").replace(
        "supported = 2\n",
        "supported = 2\nsitemap_all = true\nnoindex_unsupported = true\n",
    );
    site.write("sitegen.toml", &toml);
    site.run(&["build", "--today", "2026-07-01"]).assert_ok();
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://driftwood.example.org/docs/v1/legacy/</loc>"));
    assert!(sitemap.contains("<loc>https://driftwood.example.org/docs/main/install/</loc>"));
    let robots = "<meta name=\"robots\" content=\"noindex\">";
    assert!(
        site.read("public/docs/v1/install/index.html")
            .contains(robots)
    );
    assert!(
        !site
            .read("public/docs/v2/install/index.html")
            .contains(robots)
    );
    assert!(
        !site
            .read("public/docs/main/install/index.html")
            .contains(robots)
    );
    // Before v1's end of support, it is indexed.
    site.run(&["build", "--today", "2026-05-01"]).assert_ok();
    assert!(
        !site
            .read("public/docs/v1/install/index.html")
            .contains(robots)
    );
}

/// The `href`s of the links in a page's body (`<div class="content">`).
fn body_links(html: &str) -> Vec<String> {
    let body = &html[html.find("<div class=\"content\"").expect("a page body")..];
    let body = &body[..body.find("</div>").unwrap()];
    body.split("<a href=\"")
        .skip(1)
        .map(|a| a.split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn links_stay_in_their_version_and_outside_links_go_to_latest() {
    let (site, _) = built("2026-05-01");
    // From outside the versioned section, `/docs/…` and `docs/….md` go to the latest version;
    // `/docs/latest/…` too, straight to the page; a version named is kept.
    assert_eq!(
        body_links(&site.read("public/index.html")),
        [
            "/docs/v2/install/",
            "/docs/v2/configure/",
            "/docs/v2/configure/#options",
            "/docs/v1/install/"
        ]
    );
    // Inside a version, relative links and version-less site paths stay in it.
    assert_eq!(
        body_links(&site.read("public/docs/v1/install/index.html")),
        ["/docs/v1/configure/", "/docs/v1/configure/"]
    );
    // A link to another version is kept, and checked.
    assert_eq!(
        body_links(&site.read("public/docs/v2/upgrade/index.html")),
        ["/docs/v1/configure/"]
    );
    site.write(
        "content/en/docs/v2/upgrade.md",
        "---\ntitle: Upgrade\n---\nSee [legacy mode](../v1/legacy.md) and [its options](/docs/v1/options/).\n",
    );
    let run = site.run(&["build", "--today", "2026-05-01"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/en/docs/v2/upgrade.md:4: error[broken-link]: broken link: no page or file at `/docs/v1/options/`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("legacy.md`"), "{}", run.stderr);
}

#[test]
fn version_new_copies_the_development_docs_and_adds_the_version() {
    let site = TestSite::with_config(
        "title = \"Tool\"\n\n[versions]\n# bumped by each release\nlatest = \"v1\"\n\n[[versions.list]]\nname = \"main\"\nstatus = \"development\" # unreleased\n\n# the current release\n[[versions.list]]\nname = \"v1\"\nreleased = 2026-01-10\n",
    );
    site.write("content/_index.md", "---\ntitle: Tool\n---\nSee [the docs](/docs/install/).\n")
        .write(
            "content/docs/main/_index.md",
            "---\ntitle: Docs\nnav: data/docs/main.yml\n---\nUnreleased.\n",
        )
        .write(
            "content/docs/main/guide/install.md",
            "---\ntitle: Install\naliases: [\"/docs/main/install/\"]\n---\nSee [the start](/docs/main/).\n",
        )
        .write("content/docs/main/diagram.svg", "<svg/>")
        .write("data/docs/main.yml", "- docs/main/guide/install.md\n")
        .write("content/docs/v1/_index.md", "---\ntitle: Docs\n---\nv1.\n")
        .write("content/docs/v1/install.md", "---\ntitle: Install\n---\nv1.\n");
    let run = site.run(&["version", "new", "v2", "--today", "2026-12-06"]);
    run.assert_ok();
    assert_eq!(run.stdout, "content/docs/v2\ndata/docs/v2.yml\n");
    // sitegen.toml: the entry after the development version, comments and layout kept, and
    // `latest` naming the new release.
    assert_eq!(
        site.read("sitegen.toml"),
        "title = \"Tool\"\n\n[versions]\n# bumped by each release\nlatest = \"v2\"\n\n[[versions.list]]\nname = \"main\"\nstatus = \"development\" # unreleased\n\n[[versions.list]]\nname = \"v2\"\nreleased = 2026-12-06\n\n# the current release\n[[versions.list]]\nname = \"v1\"\nreleased = 2026-01-10\n"
    );
    // The copy, its files beside the pages, its table of contents, site paths into it.
    assert_eq!(site.read("content/docs/v2/diagram.svg"), "<svg/>");
    assert_eq!(
        site.read("data/docs/v2.yml"),
        "- docs/v2/guide/install.md\n"
    );
    assert_eq!(
        site.read("content/docs/v2/_index.md"),
        "---\ntitle: Docs\nnav: data/docs/v2.yml\n---\nUnreleased.\n"
    );
    assert_eq!(
        site.read("content/docs/v2/guide/install.md"),
        "---\ntitle: Install\naliases: [\"/docs/v2/install/\"]\n---\nSee [the start](/docs/v2/).\n"
    );
    // The development docs are left as they were.
    assert!(
        site.read("content/docs/main/guide/install.md")
            .contains("/docs/main/install/")
    );
    // The site builds with the new version as latest: v1 → v2 by the moved page's alias.
    site.run(&["build", "--today", "2026-12-06"]).assert_ok();
    assert!(
        site.read("public/index.html")
            .contains("<a href=\"/docs/v2/guide/install/\">")
    );
    let v1 = site.read("public/docs/v1/install/index.html");
    assert_eq!(
        switcher_target(&v1, "v2"),
        Some(("/docs/v2/guide/install/".into(), false))
    );
    // Nothing is overwritten: the same name again, or a version that is not there.
    let again = site.run(&["version", "new", "v2"]);
    assert_eq!(again.code, 1);
    assert_eq!(
        again.stderr,
        "error: version `v2` is already in sitegen.toml\n"
    );
    let from = site.run(&["version", "new", "v3", "--from", "v9"]);
    assert_eq!(
        from.stderr,
        "error: there is no version `v9` in sitegen.toml\n"
    );
    assert!(!site.exists("content/docs/v3"));
}

/// Runs git in the site's folder, as a fixed author.
fn git(site: &TestSite, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(site.path())
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .env("GIT_CEILING_DIRECTORIES", site.path().parent().unwrap())
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_version_read_from_a_git_ref_without_a_checkout() {
    let site = TestSite::fixture("versions");
    git(&site, &["init", "-q", "-b", "trunk"]);
    git(&site, &["add", "-A"]);
    git(&site, &["commit", "-q", "-m", "docs as of 0.9"]);
    git(&site, &["branch", "release-0.9"]);
    // Since then, main moved on; the working tree has no v0.9 folder at all.
    site.write(
        "content/en/docs/main/install.md",
        "---\ntitle: Install\nweight: 1\n---\nInstall the next Driftwood.\n",
    );
    let toml = site.read("sitegen.toml")
        + "\n[[versions.list]]\nname = \"v0.9\"\nref = \"release-0.9\"\nreleased = 2024-06-01\n";
    site.write("sitegen.toml", &toml);
    let run = site.run(&["build", "--today", "2026-05-01"]);
    run.assert_ok();
    assert!(!site.exists("content/en/docs/v0.9"));
    // The ref's pages, as they were in its docs/main folder.
    let install = site.read("public/docs/v0.9/install/index.html");
    assert!(install.contains("Install Driftwood main."), "{install}");
    assert!(
        site.read("public/docs/main/install/index.html")
            .contains("Install the next Driftwood.")
    );
    assert!(site.exists("public/docs/v0.9/setup/configure/index.html"));
    assert!(site.exists("public/zh/docs/v1/install/index.html"));
    // It is a version like the others: switcher, banner (older than the newest two).
    assert_eq!(
        switcher_target(&site.read("public/docs/v1/install/index.html"), "v0.9"),
        Some(("/docs/v0.9/install/".into(), false))
    );
    assert!(install.contains("These docs are for v0.9, which is no longer supported."));
    // Its `/docs/main/` aliases became its own: no clash with main's.
    assert!(site.exists("public/docs/v0.9/configure/index.html"));
    // Messages name the ref and the file in it.
    assert!(
        run.stderr.contains("release-0.9:content/en/docs/main/new-feature.md: note[version-missing-page]: this page is in v0.9 and not in v1"),
        "{}",
        run.stderr
    );
    // A ref git does not know is an error at the version's entry.
    site.write("sitegen.toml", &toml.replace("release-0.9", "release-0.8"));
    let run = site.run(&["build", "--today", "2026-05-01"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("sitegen.toml:34: error[version-ref]: version `v0.9`: cannot read `docs/main` at ref `release-0.8`:"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_sidebar_shows_one_version() {
    let (site, _) = built("2026-05-01");
    let sidebar = |rel: &str| {
        let html = site.read(rel);
        let at = html.find("<nav class=\"site-nav\"").unwrap();
        let nav = &html[at..];
        nav[..nav.find("</nav>").unwrap()].to_string()
    };
    let v1 = sidebar("public/docs/v1/install/index.html");
    assert!(v1.contains("href=\"/docs/v1/legacy/\""), "{v1}");
    assert!(
        !v1.contains("/docs/v2/") && !v1.contains("/docs/main/"),
        "{v1}"
    );
    // Outside the versions (the section's own page), the latest.
    let home = sidebar("public/docs/index.html");
    assert!(home.contains("href=\"/docs/v2/\""), "{home}");
    assert!(
        !home.contains("/docs/v1/") && !home.contains("/docs/main/"),
        "{home}"
    );
}

#[test]
fn serve_rebuilds_only_the_edited_version() {
    use sitegen::site::{BuildOptions, Site};
    let site = TestSite::fixture("versions");
    let root = site.path().canonicalize().unwrap();
    let mut loaded = Site::load(BuildOptions::new(&root, "2026-05-01".parse().unwrap())).unwrap();
    loaded.check();
    site.write(
        "content/en/docs/v1/install.md",
        "---\ntitle: Install\nweight: 1\n---\nInstall Driftwood v1, now with more care.\n",
    );
    let edited = std::path::PathBuf::from("content/en/docs/v1/install.md");
    let pages = loaded.update_pages(&[edited]).expect("a body edit");
    let mut files: Vec<String> = pages
        .iter()
        .filter_map(|&i| loaded.content.pages[i].file.as_ref())
        .map(|f| f.to_string_lossy().replace('\\', "/"))
        .collect();
    files.sort();
    // The page, its section and its translation: all in v1.
    assert_eq!(
        files,
        [
            "content/en/docs/v1/_index.md",
            "content/en/docs/v1/install.md",
            "content/zh/docs/v1/install.md"
        ]
    );
}

/// Search: each versioned page carries its version as a facet, and the search form on a
/// versioned page names the version being read, which the filter starts on.
#[test]
fn search_offers_the_version_being_read() {
    let (site, _) = built("2026-05-01");
    let index: String = std::fs::read_dir(site.path().join("public/search"))
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.unwrap().path()).ok())
        .collect();
    for facet in ["version:v1", "version:v2", "version:main"] {
        assert!(index.contains(facet), "{facet} not in the index");
    }
    assert!(index.contains("main (unreleased)"), "labels are shown");
    let page = site.read("public/docs/v1/index.html");
    assert!(page.contains("data-version=\"v1\""), "{page}");
    assert!(
        page.contains("data-facet-version=\"All versions\""),
        "{page}"
    );
    let home = site.read("public/index.html");
    let form = &home[home.find("class=\"site-search\"").unwrap()..];
    let form = &form[..form.find('>').unwrap()];
    assert!(!form.contains("data-version="), "{form}");
}
