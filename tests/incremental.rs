//! `sitegen serve`'s incremental rebuild (`Site::update_pages` + `render_pages_to`) must give
//! the same site as loading everything again. Run on a copy of the repository's own example
//! site (English + Chinese, FAQ, translations, shortcodes): each edit is applied both ways and
//! every output file compared.

mod common;

use sitegen::output::{Memory, OutFile};
use sitegen::site::{BuildOptions, Site};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["content", "themes", "i18n", "data"] {
        common::copy_dir(&repo.join(part), &dir.path().join(part));
    }
    std::fs::copy(repo.join("sitegen.toml"), dir.path().join("sitegen.toml")).unwrap();
    dir
}

fn options(root: &Path) -> BuildOptions {
    let today = "2026-11-21".parse().unwrap();
    BuildOptions::new(root.canonicalize().unwrap(), today)
}

type Files = BTreeMap<String, Vec<u8>>;

fn bytes(files: Vec<OutFile>, root: &Path) -> Files {
    files
        .into_iter()
        .map(|f| {
            let data = match f.data {
                sitegen::output::Data::Bytes(b) => b,
                sitegen::output::Data::Static(b) => b.to_vec(),
                sitegen::output::Data::Copy(p) => std::fs::read(root.join(p)).unwrap(),
            };
            (f.path, data)
        })
        .collect()
}

/// The whole site rendered in memory; rendering must find no error.
fn render(site: &Site) -> Vec<OutFile> {
    let (files, found) = sitegen::render::in_memory(site);
    assert!(!found.iter().any(|d| d.is_error()), "renders: {found:#?}");
    files
}

fn full_build(root: &Path) -> (Site, Files) {
    let mut site = Site::load(options(root)).expect("loads");
    site.check();
    assert!(!site.has_errors(), "{:#?}", site.diagnostics);
    let files = bytes(render(&site), root);
    (site, files)
}

/// Applies `edit` (path → new text), updates `site` and `files` incrementally, and checks
/// the result against a full build of the edited site. Returns the pages re-rendered.
fn edit_and_compare(
    root: &Path,
    site: &mut Site,
    files: &mut Files,
    edits: &[(&str, String)],
) -> usize {
    for (rel, text) in edits {
        std::fs::write(root.join(rel), text).unwrap();
    }
    let paths: Vec<PathBuf> = edits.iter().map(|(rel, _)| PathBuf::from(rel)).collect();
    let pages = site
        .update_pages(&paths)
        .expect("a body edit is an incremental update");
    assert!(!site.has_errors(), "{:#?}", site.diagnostics);
    let memory = Memory::default();
    let found = sitegen::render::pages_to(site, &pages, &memory);
    assert!(!found.iter().any(|d| d.is_error()), "renders: {found:#?}");
    files.extend(bytes(memory.into_files(), root));
    let index: Vec<OutFile> = ["en", "zh"]
        .into_iter()
        .flat_map(|lang| {
            sitegen::render::search_index_for(site, lang, &|| false).expect("not interrupted")
        })
        .collect();
    files.retain(|p, _| !p.starts_with("search/"));
    files.extend(bytes(index, root));

    let (fresh, expected) = full_build(root);
    let differ: Vec<&String> = expected
        .keys()
        .chain(files.keys())
        .collect::<HashSet<_>>()
        .into_iter()
        .filter(|p| expected.get(*p) != files.get(*p))
        .collect();
    assert!(
        differ.is_empty(),
        "incremental and full builds differ in {differ:?}"
    );
    let mut a = site.diagnostics.clone();
    let mut b = fresh.diagnostics.clone();
    sitegen::diagnostics::sort(&mut a);
    sitegen::diagnostics::sort(&mut b);
    assert_eq!(a, b, "diagnostics differ");
    pages.len()
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

#[test]
fn body_edits_rebuild_like_a_full_build() {
    let dir = example_site();
    let root = dir.path();
    std::fs::write(
        root.join("content/en/support/no-description.md"),
        "---\ntitle: No description\n---\nThe first paragraph.\n",
    )
    .unwrap();
    let (mut site, mut files) = full_build(root);
    let total = site.content.pages.len();

    // A page of a section whose summary (it has no description) shows in the section's
    // listing.
    let rel = "content/en/support/no-description.md";
    let edited =
        "---\ntitle: No description\n---\nA new first paragraph about incremental builds.\n";
    let n = edit_and_compare(root, &mut site, &mut files, &[(rel, edited.into())]);
    assert!(
        n < total / 2,
        "{n} of {total} pages re-rendered for one edit"
    );
    assert!(
        String::from_utf8_lossy(&files["support/index.html"])
            .contains("A new first paragraph about incremental builds.")
    );

    // A new heading (a new anchor other pages could link to) and a new link.
    let rel = "content/en/getting-help.md";
    let edited = format!(
        "{}\n## A brand new heading\n\nSee [levels](support/levels.md).\n",
        read(root, rel)
    );
    edit_and_compare(root, &mut site, &mut files, &[(rel, edited)]);
    assert!(
        String::from_utf8_lossy(&files["getting-help/index.html"])
            .contains("id=\"a-brand-new-heading\"")
    );

    // An FAQ entry and a Chinese translation in the same burst.
    let faq = "content/en/faq/backup-retention.md";
    let zh = "content/zh/support/process.md";
    edit_and_compare(
        root,
        &mut site,
        &mut files,
        &[
            (
                faq,
                format!("{}\nOne more line of answer.\n", read(root, faq)),
            ),
            (zh, format!("{}\n新增的一段说明。\n", read(root, zh))),
        ],
    );
    assert!(
        String::from_utf8_lossy(&files["zh/support/process/index.html"]).contains("新增的一段说明")
    );
}

#[test]
fn front_matter_edits_that_keep_the_page_in_place_are_incremental() {
    let dir = example_site();
    let root = dir.path();
    let (mut site, mut files) = full_build(root);

    // A new description (shown in the section's listing), a date (sitemap), and a line more
    // of front matter, which moves the body's lines.
    let rel = "content/en/support/levels.md";
    let edited = read(root, rel).replacen(
        "description: \"What the stable",
        "date: 2026-01-02\ndescription: \"Edited: what the stable",
        1,
    );
    edit_and_compare(root, &mut site, &mut files, &[(rel, edited)]);
    assert!(
        String::from_utf8_lossy(&files["support/index.html"]).contains("Edited: what the stable")
    );
    assert!(String::from_utf8_lossy(&files["sitemap.xml"]).contains("2026-01-02"));

    // An FAQ entry confirmed as still right, and one that has gone stale.
    let rel = "content/en/faq/backup-retention.md";
    let edited = read(root, rel).replacen("added: 2025-12-10", "added: 2020-12-10", 1);
    edit_and_compare(root, &mut site, &mut files, &[(rel, edited)]);
    assert!(
        site.diagnostics
            .iter()
            .any(|d| d.code == "faq-stale" && d.file.as_deref() == Some(Path::new(rel)))
    );
    let edited = read(root, rel).replacen("category:", "reviewed: 2026-11-01\ncategory:", 1);
    edit_and_compare(root, &mut site, &mut files, &[(rel, edited)]);
    assert!(
        !site
            .diagnostics
            .iter()
            .any(|d| d.code == "faq-stale" && d.file.as_deref() == Some(Path::new(rel)))
    );
}

#[test]
fn edits_that_move_things_ask_for_a_full_load() {
    let dir = example_site();
    let root = dir.path();
    let (mut site, _) = full_build(root);
    let rel = "content/en/support/levels.md";
    let text = read(root, rel);

    // A new title changes the navigation of every page.
    let retitled = text.replacen("title:", "title: Renamed —", 1);
    assert_ne!(retitled, text);
    std::fs::write(root.join(rel), &retitled).unwrap();
    assert!(site.update_pages(&[PathBuf::from(rel)]).is_none());

    // A new weight or slug moves the page in the navigation, or to another URL.
    for (from, to) in [
        ("weight: 20", "weight: 5"),
        ("weight: 20", "weight: 20\nslug: levels-of-support"),
    ] {
        std::fs::write(root.join(rel), text.replacen(from, to, 1)).unwrap();
        assert!(site.update_pages(&[PathBuf::from(rel)]).is_none(), "{to}");
    }

    // A file that is not a page of the site yet.
    std::fs::write(root.join("content/en/new.md"), "# New\n").unwrap();
    assert!(
        site.update_pages(&[PathBuf::from("content/en/new.md")])
            .is_none()
    );
}

#[test]
fn a_broken_link_from_an_edit_is_reported_and_cleared() {
    let dir = example_site();
    let root = dir.path();
    let (mut site, _) = full_build(root);
    let rel = "content/en/getting-help.md";
    let good = read(root, rel);
    std::fs::write(
        root.join(rel),
        format!("{good}\nSee [nowhere](no-such-page.md).\n"),
    )
    .unwrap();
    site.update_pages(&[PathBuf::from(rel)]).unwrap();
    let errors: Vec<_> = site
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.file.clone(), d.message.clone()))
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0.as_deref(), Some(Path::new(rel)));
    assert!(errors[0].1.contains("no-such-page.md"), "{errors:?}");

    std::fs::write(root.join(rel), good).unwrap();
    site.update_pages(&[PathBuf::from(rel)]).unwrap();
    assert!(!site.has_errors(), "{:#?}", site.diagnostics);
}

#[test]
fn an_edit_to_a_source_page_marks_its_translation_outdated() {
    let dir = example_site();
    let root = dir.path();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(root)
            .env("GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z")
            .env("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z")
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {out:?}");
    };
    git(&["init", "-q"]);
    git(&["-c", "user.name=t", "-c", "user.email=t@e", "add", "."]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@e",
        "commit",
        "-qm",
        "site",
    ]);
    let (mut site, mut files) = full_build(root);
    let outdated = |site: &Site| {
        site.diagnostics
            .iter()
            .filter(|d| d.code == "translation-outdated")
            .filter_map(|d| d.file.clone())
            .collect::<Vec<_>>()
    };
    assert!(outdated(&site).is_empty(), "{:?}", outdated(&site));

    let rel = "content/en/support/process.md";
    let edited = format!(
        "{}\nA late addition to the English page.\n",
        read(root, rel)
    );
    edit_and_compare(root, &mut site, &mut files, &[(rel, edited)]);
    assert_eq!(
        outdated(&site),
        vec![PathBuf::from("content/zh/support/process.md")]
    );
}

#[test]
fn a_large_site_keeps_its_html_packed_and_builds_the_same_files() {
    let dir = example_site();
    let root = dir.path();
    let (_, plain) = full_build(root);
    let mut options = options(root);
    options.pack_html_above = 0;
    let mut site = Site::load(options).expect("loads");
    assert!(matches!(
        site.content.pages[0].rendered.html,
        sitegen::content::Html::Packed(_)
    ));
    site.check();
    let packed = bytes(render(&site), root);
    assert!(plain == packed, "packed HTML changed the output");
}

#[test]
fn a_template_using_section_sees_a_siblings_new_summary() {
    let dir = example_site();
    let root = dir.path();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/page.html"),
        "<main>{{ page.content | safe }}</main>\n<ul>{% for p in section.pages %}<li>{{ p.title }}: {{ p.summary }}</li>{% endfor %}</ul>\n",
    )
    .unwrap();
    let (mut site, mut files) = full_build(root);
    let rel = "content/en/support/process.md";
    let text = read(root, rel);
    let end = text[3..].find("---\n").unwrap() + 7;
    let edited = format!(
        "{}A new opening line of the sibling.\n\n{}",
        &text[..end],
        &text[end..]
    );
    edit_and_compare(root, &mut site, &mut files, &[(rel, edited)]);
    let levels = String::from_utf8_lossy(&files["support/levels/index.html"]);
    assert!(
        levels.contains("<li>The support process: A new opening line of the sibling.</li>"),
        "{levels}"
    );
}

/// After `Site::reload_theme`: the whole site rendered again must be what a full load of the
/// edited site renders, with the same diagnostics.
fn compare_with_full_build(root: &Path, site: &Site) {
    let files = bytes(render(site), root);
    let (fresh, expected) = full_build(root);
    let differ: Vec<&String> = expected
        .keys()
        .chain(files.keys())
        .collect::<HashSet<_>>()
        .into_iter()
        .filter(|p| !p.starts_with("search/") && expected.get(*p) != files.get(*p))
        .collect();
    assert!(
        differ.is_empty(),
        "reloaded and full builds differ in {differ:?}"
    );
    let mut a = site.diagnostics.clone();
    let mut b = fresh.diagnostics.clone();
    sitegen::diagnostics::sort(&mut a);
    sitegen::diagnostics::sort(&mut b);
    assert_eq!(a, b, "diagnostics differ");
}

/// The pages made from `rel` (the page, and its stand-ins in languages that lack it).
fn pages_of(site: &Site, rel: &str) -> HashSet<usize> {
    (0..site.content.pages.len())
        .filter(|&i| site.content.pages[i].file.as_deref() == Some(Path::new(rel)))
        .collect()
}

#[test]
fn a_template_or_string_edit_redoes_exactly_the_bodies_that_used_it() {
    let dir = example_site();
    let root = dir.path();
    let greet = "templates/shortcodes/greet.html";
    std::fs::create_dir_all(root.join("templates/shortcodes")).unwrap();
    std::fs::write(root.join(greet), "<b>{{ t(key=\"greeting\") }}</b>").unwrap();
    std::fs::write(
        root.join("templates/shortcodes/wave.html"),
        "<i>{% include \"partials/wave-text.html\" %}</i>",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("templates/partials")).unwrap();
    std::fs::write(root.join("templates/partials/wave-text.html"), "wave").unwrap();
    let ftl = |greeting: &str, tagline: &str| {
        let text = read(root, "i18n/en/site.ftl")
            .lines()
            .filter(|l| !l.starts_with("greeting =") && !l.starts_with("site-tagline ="))
            .map(|l| format!("{l}\n"))
            .collect::<String>();
        let text = format!("{text}greeting = {greeting}\nsite-tagline = {tagline}\n");
        std::fs::write(root.join("i18n/en/site.ftl"), text).unwrap();
    };
    ftl("Hello", "Help and answers");
    let greets = "content/en/support/greets.md";
    let waves = "content/en/support/waves.md";
    std::fs::write(
        root.join(greets),
        "---\ntitle: Greets\n---\n{{< greet >}}\n",
    )
    .unwrap();
    std::fs::write(root.join(waves), "---\ntitle: Waves\n---\n{{< wave >}}\n").unwrap();
    let (mut site, _) = full_build(root);

    // A shortcode template: the bodies that use it, and only those.
    std::fs::write(root.join(greet), "<em>{{ t(key=\"greeting\") }}</em>").unwrap();
    let redone = site.reload_theme().expect("no full load needed");
    assert_eq!(redone, pages_of(&site, greets));
    compare_with_full_build(root, &site);

    // A template a shortcode includes.
    std::fs::write(root.join("templates/partials/wave-text.html"), "hi").unwrap();
    let redone = site.reload_theme().expect("no full load needed");
    assert_eq!(redone, pages_of(&site, waves));
    compare_with_full_build(root, &site);

    // A UI string no shortcode uses: page templates show it, no body changes.
    ftl("Hello", "Answers, fast");
    assert!(site.reload_theme().expect("no full load").is_empty());
    compare_with_full_build(root, &site);

    // The UI string a shortcode shows.
    ftl("Good morning", "Answers, fast");
    let redone = site.reload_theme().expect("no full load needed");
    assert_eq!(redone, pages_of(&site, greets));
    compare_with_full_build(root, &site);
}
