//! FAQ dates: the rules, the reports, what the page shows, and `sitegen new faq`.

mod common;
use common::TestSite;

fn site() -> TestSite {
    TestSite::fixture("faq")
}

#[test]
fn stale_and_due_entries_are_reported_with_file_line_and_age() {
    let site = site();
    let run = site.build();
    run.assert_ok();
    let err = &run.stderr;
    // 2024-01-01 → 2026-11-21 is 1055 days.
    assert!(
        err.contains("content/en/faq/stale.md:4: warning[faq-stale]: FAQ entry \"Can I use the old installer?\" was added 1055 days ago (2024-01-01), more than 365"),
        "{err}"
    );
    // Reviewed entries count from the review.
    assert!(!err.contains("Is there a Slack channel"), "{err}");
    // 2025-12-01 → 2026-11-21 is 355 days: stale in 10 days.
    assert!(
        err.contains("content/en/faq/due.md:3: note[faq-review-soon]"),
        "{err}"
    );
    assert!(err.contains("turns stale in 10 days"), "{err}");
    // Per-category limit: security entries go stale after 90 days (2026-07-01 is 143 days ago).
    assert!(
        err.contains("content/en/faq/security.md:3: warning[faq-stale]"),
        "{err}"
    );
    // Heading entries in a `type: faq` page are checked too, at the heading's line.
    assert!(err.contains("content/en/troubleshooting.md:7: warning[faq-stale]: FAQ entry \"Why is my backup stuck?\""), "{err}");
    // The translation inherits the dates: reported once, at the source.
    assert!(!err.contains("content/zh/faq/stale.md"), "{err}");
    // A translation that contradicts its source is warned about.
    assert!(
        err.contains("content/zh/faq/fresh.md:4: warning[faq-date-mismatch]"),
        "{err}"
    );
}

#[test]
fn deny_stale_fails_the_build() {
    let site = site();
    let run = site.run(&["build", "--today", "2026-11-21", "--deny-stale"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[faq-stale]"), "{}", run.stderr);
    assert!(!site.exists("public"));
}

#[test]
fn today_comes_from_source_date_epoch() {
    let site = site();
    // 2024-06-01T00:00:00Z: the 2024-01-01 entry is 152 days old, not stale yet.
    let out = common::sitegen()
        .args(["check"])
        .current_dir(site.path())
        .env("SOURCE_DATE_EPOCH", "1717200000")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("stale.md:4: warning[faq-stale]"), "{err}");
    // Entries added after that date are in the future then.
    assert!(err.contains("error[faq-future-date]"), "{err}");
}

#[test]
fn date_errors_fail_with_file_and_line() {
    let cases = [
        (
            "content/en/faq/x.md",
            "---\ntitle: No date\ncategory: x\n---\nBody.\n",
            "content/en/faq/x.md:1: error[faq-missing-date]",
        ),
        (
            "content/en/faq/x.md",
            "---\ntitle: Bad date\nadded: 2024-13-45\n---\n",
            "content/en/faq/x.md:3: error[faq-invalid-date]",
        ),
        (
            "content/en/faq/x.md",
            "---\ntitle: Future\nadded: 2027-01-01\n---\n",
            "content/en/faq/x.md:3: error[faq-future-date]",
        ),
        (
            "content/en/faq/x.md",
            "---\ntitle: Order\nadded: 2025-01-01\nreviewed: 2024-01-01\n---\n",
            "content/en/faq/x.md:4: error[faq-reviewed-before-added]",
        ),
        (
            "content/en/more.md",
            "---\ntitle: More\ntype: faq\n---\n## Dated {#a added=2025-01-01}\n\nx\n\n## Undated\n\ny\n",
            "content/en/more.md:9: error[faq-missing-date]",
        ),
        (
            "content/en/more.md",
            "---\ntitle: More\ntype: faq\n---\n## Dated {#a added=2025-02-30}\n",
            "content/en/more.md:5: error[faq-invalid-date]",
        ),
    ];
    for (file, text, expected) in cases {
        let site = site();
        site.write(file, text);
        let run = site.build();
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(
            run.stderr.contains(expected),
            "expected `{expected}` in:\n{}",
            run.stderr
        );
    }
}

#[test]
fn entries_show_their_dates_and_stale_notices_in_the_page_language() {
    let site = site();
    site.build().assert_ok();
    let stale = site.read("public/faq/stale/index.html");
    assert!(
        stale.contains("<time datetime=\"2024-01-01\">Added January 1, 2024</time>"),
        "{stale}"
    );
    // 1055 days, as people say it; "last checked" only for an entry that was reviewed.
    assert!(
        stale.contains("This answer was written 2 years ago and may be out of date."),
        "{stale}"
    );
    assert!(stale.contains("role=\"note\" data-since=\"2024-01-01\""));
    let zh = site.read("public/zh/faq/stale/index.html");
    assert!(
        zh.contains("<time datetime=\"2024-01-01\">"),
        "inherited date shown: {zh}"
    );
    assert!(zh.contains("2024年1月1日"), "{zh}");
    assert!(zh.contains("此解答写于2 年前"), "{zh}");
    let fresh = site.read("public/faq/fresh/index.html");
    assert!(fresh.contains("Added October 1, 2026"));
    // A fresh entry's notice waits, hidden, for the day the reader's browser says it is stale.
    assert!(
        fresh.contains(" hidden><span class=\"notice-icon\""),
        "fresh entries show no stale notice: {fresh}"
    );
    assert!(
        !fresh.contains("Review due soon"),
        "a maintainer signal, not for readers"
    );
    let reviewed = site.read("public/faq/reviewed/index.html");
    assert!(
        reviewed.contains("<time datetime=\"2026-06-01\">Reviewed June 1, 2026</time>"),
        "{reviewed}"
    );
    // Heading entries get the same line under their heading.
    let page = site.read("public/troubleshooting/index.html");
    let heading = page.find("id=\"stuck\"").expect("heading");
    let time = page
        .find("<time datetime=\"2024-02-03\">")
        .expect("date under the heading");
    assert!(time > heading);
    assert!(
        page.contains("\"@type\":\"FAQPage\""),
        "JSON-LD on a heading-entries page"
    );
}

#[test]
fn faq_section_lists_entries_by_category_with_jump_list_json_ld_and_feed() {
    let site = site();
    site.build().assert_ok();
    let html = site.read("public/faq/index.html");
    for anchor in ["fresh", "stale", "reviewed", "due", "security"] {
        assert!(
            html.contains(&format!("href=\"#{anchor}\"")),
            "jump list links #{anchor}"
        );
        assert!(
            html.contains(&format!("id=\"{anchor}\"")),
            "entry #{anchor} listed"
        );
    }
    // Grouped: the process category lists both of its entries before the install one.
    let p1 = html.find("id=\"fresh\"").unwrap();
    let p2 = html.find("id=\"reviewed\"").unwrap();
    let i1 = html.find("id=\"stale\"").unwrap();
    assert!(p1 < p2 && p2 < i1, "grouped by category");
    assert!(html.contains("<script type=\"application/ld+json\">"));
    let ld_start = html.find("application/ld+json\">").unwrap() + 21;
    let ld_end = ld_start + html[ld_start..].find("</script>").unwrap();
    let ld: serde_json::Value =
        serde_json::from_str(&html[ld_start..ld_end]).expect("valid JSON-LD");
    assert_eq!(ld["@type"], "FAQPage");
    assert_eq!(ld["mainEntity"].as_array().unwrap().len(), 5);
    assert!(
        ld["mainEntity"][0]["acceptedAnswer"]["text"]
            .as_str()
            .unwrap()
            .contains("<p>")
    );
    let feed = site.read("public/faq/atom.xml");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"));
    let first = feed.find("<entry>").unwrap();
    assert!(
        feed[first..].starts_with("<entry>\n    <title>How do I rotate the on-call?</title>"),
        "newest first: {feed}"
    );
    let zh_feed = site.read("public/zh/faq/atom.xml");
    assert!(zh_feed.contains("xml:lang=\"zh\""));
}

#[test]
fn json_report_has_every_diagnostic_and_an_faq_summary() {
    let site = site();
    let run = site.run(&["check", "--today", "2026-11-21", "--format", "json"]);
    run.assert_ok();
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    assert_eq!(doc["errors"], 0);
    let diags = doc["diagnostics"].as_array().unwrap();
    let stale = diags
        .iter()
        .find(|d| d["code"] == "faq-stale")
        .expect("a stale diagnostic");
    assert_eq!(stale["severity"], "warning");
    assert!(stale["file"].as_str().unwrap().ends_with(".md"));
    assert!(stale["line"].as_u64().unwrap() > 0);
    assert!(stale["message"].as_str().unwrap().contains("days ago"));
    let faq = &doc["summary"]["faq"];
    // 5 entry files + 2 heading entries in English, 2 translated entries in Chinese.
    assert_eq!(faq["entries"], 9, "{faq}");
    // Counted as the report tells them: the translations' inherited dates once, at the source.
    let counted = |code: &str| diags.iter().filter(|d| d["code"] == code).count();
    assert_eq!(faq["stale"], counted("faq-stale"), "{faq}");
    assert_eq!(faq["stale"], 3, "{faq}");
    assert_eq!(faq["due_soon"], counted("faq-review-soon"), "{faq}");
    assert_eq!(faq["oldest"]["age_days"], 1055);
    assert_eq!(faq["oldest"]["lang"], "en");
    assert!(!site.exists("public"), "check writes nothing");
}

#[test]
fn github_format_prints_annotations() {
    let site = site();
    let run = site.run(&["check", "--today", "2026-11-21", "--format", "github"]);
    run.assert_ok();
    assert!(
        run.stdout.lines().any(|l| l.starts_with(
            "::warning file=content/en/faq/stale.md,line=4,title=faq-stale::FAQ entry"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("::notice file=content/en/faq/due.md,line=3,title=faq-review-soon::")
    );
}

#[test]
fn new_faq_writes_a_dated_entry_and_refuses_to_overwrite() {
    let site = site();
    let run = site.run(&[
        "new",
        "faq",
        "How do I rotate the on-call?",
        "--category",
        "process",
        "--today",
        "2026-11-20",
    ]);
    run.assert_ok();
    assert_eq!(
        run.stdout.trim(),
        "content/en/faq/how-do-i-rotate-the-on-call.md"
    );
    let text = site.read("content/en/faq/how-do-i-rotate-the-on-call.md");
    assert!(
        text.contains(
            "title: \"How do I rotate the on-call?\"\nadded: 2026-11-20\ncategory: \"process\"\n"
        ),
        "{text}"
    );
    let again = site.run(&["new", "faq", "How do I rotate the on-call?"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("already exists"));
    // A Chinese question keeps a readable slug, and the new entry passes the checks.
    let zh = site.run(&[
        "new",
        "faq",
        "如何轮换值班？",
        "--lang",
        "zh",
        "--today",
        "2026-11-20",
    ]);
    zh.assert_ok();
    assert_eq!(zh.stdout.trim(), "content/zh/faq/如何轮换值班.md");
    site.run(&["check", "--today", "2026-11-21"]).assert_ok();
    let bad = site.run(&["new", "faq", "Q", "--lang", "fr"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("`fr` is not a language"));
}

#[test]
fn new_faq_makes_clean_file_names_and_knows_its_categories() {
    let site = site();
    let run = site.run(&["new", "faq", "How do I ...?", "--today", "2026-11-20"]);
    run.assert_ok();
    assert_eq!(run.stdout.trim(), "content/en/faq/how-do-i.md");
    // A category the FAQ does not use is a typo until sitegen.toml names it.
    let typo = site.run(&["new", "faq", "Is it secure?", "--category", "securty"]);
    assert_eq!(typo.code, 1, "{}", typo.stderr);
    assert!(
        typo.stderr.contains("unknown category `securty`")
            && typo.stderr.contains("install, process, security"),
        "{}",
        typo.stderr
    );
    assert!(!site.path().join("content/en/faq/is-it-secure.md").exists());
    site.run(&["new", "faq", "Is it secure?", "--category", "security"])
        .assert_ok();
}

/// `categories` in the FAQ section's `_index.md` orders its categories: in the jump list and
/// the body of the section page, in the sidebar, and in previous/next. Entries of a category
/// it does not list, and of none, come after.
#[test]
fn the_faq_section_orders_its_categories() {
    let site = site();
    site.write(
        "content/en/faq/_index.md",
        "---\ntitle: Frequently asked questions\ntype: faq\ncategories: [security, process, install]\n---\nAnswers.\n",
    );
    site.build().assert_ok();
    let order = [
        "/faq/security/",
        "/faq/fresh/",
        "/faq/reviewed/",
        "/faq/stale/",
        "/faq/due/",
    ];
    let in_order = |html: &str, what: &str| {
        let at: Vec<usize> = order
            .iter()
            .map(|u| {
                html.find(&format!("href=\"{u}\""))
                    .unwrap_or_else(|| panic!("{what}: no link to {u}"))
            })
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{what}: {at:?}");
    };
    let section = site.read("public/faq/index.html");
    let sidebar = &section[section.find("<aside").unwrap()..section.find("</aside>").unwrap()];
    in_order(sidebar, "sidebar");
    let jump = &section[section.find("class=\"faq-jump\"").unwrap()..];
    let jump_list: String = jump.chars().take(jump.find("</nav>").unwrap()).collect();
    let anchors = ["#security", "#fresh", "#reviewed", "#stale", "#due"];
    let at: Vec<usize> = anchors.iter().map(|a| jump_list.find(a).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "jump list: {jump_list}");
    let fresh = site.read("public/faq/fresh/index.html");
    assert!(
        fresh.contains("href=\"/faq/security/\" rel=\"prev\""),
        "{fresh}"
    );
    assert!(
        fresh.contains("href=\"/faq/reviewed/\" rel=\"next\""),
        "{fresh}"
    );
}
