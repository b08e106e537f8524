//! Page ages and review dates through the real binary, in real git repositories made in temp
//! folders with controlled commit dates: last-updated dates from commits, front matter winning,
//! uncommitted edits, ignored revisions, renames, shallow clones, review policies by cascade,
//! the stale notice in two languages and the owner in the JSON report.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Site {
    dir: tempfile::TempDir,
    root: PathBuf,
}

const D1: &str = "2025-01-10T10:00:00Z";
const D2: &str = "2025-06-20T10:00:00Z";
const D3: &str = "2025-09-01T10:00:00Z";

impl Site {
    /// A one-language site: a home page, a support section whose `_index.md` cascades a review
    /// policy, and two pages in it.
    fn new(config_extra: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        let site = Site { dir, root };
        site.write("sitegen.toml", &format!("title = \"Ages\"\n{config_extra}"));
        site.write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n");
        site.write(
            "content/support/_index.md",
            "---\ntitle: Support\ncascade:\n  review_after: 180\n  owner: \"@support-team\"\n---\n",
        );
        site.write(
            "content/support/process.md",
            "---\ntitle: Process\n---\nThe support process.\n",
        );
        site.write(
            "content/support/contacts.md",
            "---\ntitle: Contacts\nreviewed: 2026-01-20\n---\nWho to call.\n",
        );
        site.write("content/guide.md", "---\ntitle: Guide\n---\nA guide.\n");
        site
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

    fn git(&self, args: &[&str], date: &str) -> String {
        git_in(&self.root, self.dir.path(), args, date)
    }

    /// Everything committed on `date`; the commit's hash.
    fn commit_all(&self, message: &str, date: &str) -> String {
        if !self.root.join(".git").exists() {
            self.git(&["init", "-q"], date);
        }
        self.git(&["add", "-A"], date);
        self.git(&["commit", "-q", "-m", message], date);
        self.git(&["rev-parse", "HEAD"], date).trim().to_string()
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_sitegen"))
            .args(args)
            .arg("--root")
            .arg(&self.root)
            .env_remove("SOURCE_DATE_EPOCH")
            .env("GIT_CEILING_DIRECTORIES", self.dir.path())
            .output()
            .expect("run sitegen")
    }

    /// `sitegen build --today 2026-03-01 --format json` (and `extra`): the report.
    fn build(&self, extra: &[&str], ok: bool) -> serde_json::Value {
        let mut args = vec!["build", "--today", "2026-03-01", "--format", "json"];
        args.extend(extra);
        let out = self.run(&args);
        assert_eq!(
            out.status.success(),
            ok,
            "stdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON report")
    }

    fn html(&self, rel: &str) -> String {
        let p = self.root.join("public").join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// The `datetime` of the page's "Last updated" line, None when it has none.
    fn updated(&self, rel: &str) -> Option<String> {
        let html = self.html(rel);
        let at = html.find("class=\"last-updated\"")?;
        let rest = &html[at..];
        let start = rest.find("datetime=\"")? + 10;
        Some(rest[start..start + 10].to_string())
    }
}

fn git_in(dir: &Path, ceiling: &Path, args: &[&str], date: &str) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .env("GIT_CEILING_DIRECTORIES", ceiling)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn diags_with<'a>(report: &'a serde_json::Value, code: &str) -> Vec<&'a serde_json::Value> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .collect()
}

/// Sets a file's modification time (`touch -d`).
fn touch(path: &Path, date: &str) {
    let ok = Command::new("touch")
        .arg("-d")
        .arg(date)
        .arg(path)
        .status()
        .unwrap();
    assert!(ok.success());
}

#[test]
fn last_updated_from_the_last_commit_with_a_link_to_it() {
    let site = Site::new("[params]\nrepo_url = \"https://github.com/org/docs\"\n");
    site.commit_all("first", D1);
    site.append("content/guide.md", "\nMore.\n");
    let hash = site.commit_all("more guide", D2);
    site.build(&[], true);
    assert_eq!(
        site.updated("guide/index.html").as_deref(),
        Some("2025-06-20")
    );
    assert_eq!(
        site.updated("support/process/index.html").as_deref(),
        Some("2025-01-10")
    );
    let guide = site.html("guide/index.html");
    assert!(guide.contains("Last updated June 20, 2025"), "{guide}");
    assert!(
        guide.contains(&format!(
            "<a href=\"https://github.com/org/docs/commit/{hash}\"><code>{}</code></a>",
            &hash[..7]
        )),
        "{guide}"
    );
    let sitemap = site.html("sitemap.xml");
    assert!(
        sitemap.contains("<loc>/guide/</loc>\n    <lastmod>2025-06-20</lastmod>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<loc>/support/process/</loc>\n    <lastmod>2025-01-10</lastmod>"),
        "{sitemap}"
    );
}

#[test]
fn front_matter_wins_and_uncommitted_edits_use_the_file_time() {
    let site = Site::new("");
    site.write(
        "content/support/process.md",
        "---\ntitle: Process\nlastmod: 2024-12-24\n---\nThe process.\n",
    );
    site.commit_all("first", D1);
    // Edited, not committed: the file's time. A new file nobody added yet: its time too.
    site.append("content/guide.md", "\nDraft.\n");
    touch(&site.root.join("content/guide.md"), "2025-11-05 12:00:00Z");
    site.write("content/new.md", "---\ntitle: New\n---\nNew.\n");
    touch(&site.root.join("content/new.md"), "2025-11-06 12:00:00Z");
    site.build(&[], true);
    assert_eq!(
        site.updated("support/process/index.html").as_deref(),
        Some("2024-12-24")
    );
    assert_eq!(
        site.updated("guide/index.html").as_deref(),
        Some("2025-11-05")
    );
    assert_eq!(
        site.updated("new/index.html").as_deref(),
        Some("2025-11-06")
    );
    // No commit to link for work that is not committed.
    assert!(
        !site
            .html("guide/index.html")
            .contains("last-updated-commit")
    );
}

#[test]
fn ignored_revisions_change_no_date() {
    let site = Site::new("");
    site.commit_all("first", D1);
    site.append("content/guide.md", "\nReal change.\n");
    site.commit_all("real", D2);
    for f in ["content/guide.md", "content/support/process.md"] {
        site.append(f, "\n<!-- reformatted -->\n");
    }
    let reformat = site.commit_all("reformat everything", D3);
    site.build(&[], true);
    assert_eq!(
        site.updated("guide/index.html").as_deref(),
        Some("2025-09-01")
    );
    // Named in sitegen.toml (a prefix will do)…
    site.write(
        "sitegen.toml",
        &format!(
            "title = \"Ages\"\n[git]\nignore_revs = [\"{}\"]\n",
            &reformat[..10]
        ),
    );
    site.build(&[], true);
    assert_eq!(
        site.updated("guide/index.html").as_deref(),
        Some("2025-06-20")
    );
    assert_eq!(
        site.updated("support/process/index.html").as_deref(),
        Some("2025-01-10")
    );
    // …or in the repository's .git-blame-ignore-revs.
    site.write("sitegen.toml", "title = \"Ages\"\n");
    site.write(
        ".git-blame-ignore-revs",
        &format!("# Prettier over every page\n{reformat}\n"),
    );
    site.build(&[], true);
    assert_eq!(
        site.updated("guide/index.html").as_deref(),
        Some("2025-06-20")
    );
}

#[test]
fn a_move_keeps_the_date_a_move_with_edits_does_not() {
    let site = Site::new("");
    let long = "A paragraph long enough for git to see a rename.\n".repeat(12);
    site.write(
        "content/old/moved.md",
        &format!("---\ntitle: Moved\n---\n{long}"),
    );
    site.write(
        "content/old/edited.md",
        &format!("---\ntitle: Edited\n---\n{long}"),
    );
    site.commit_all("first", D1);
    site.git(&["mv", "content/old", "content/new"], D2);
    site.append("content/new/edited.md", "\nAnd a change.\n");
    site.commit_all("move the folder", D2);
    site.build(&[], true);
    assert_eq!(
        site.updated("new/moved/index.html").as_deref(),
        Some("2025-01-10")
    );
    assert_eq!(
        site.updated("new/edited/index.html").as_deref(),
        Some("2025-06-20")
    );
}

#[test]
fn a_shallow_clone_warns_once_and_gives_no_git_dates() {
    let origin = Site::new("");
    origin.commit_all("first", D1);
    origin.append("content/guide.md", "\nMore.\n");
    origin.commit_all("more", D2);
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
    let site = Site { dir, root: clone };
    let report = site.build(&[], true);
    let shallow = diags_with(&report, "git-shallow");
    assert_eq!(shallow.len(), 1, "{report}");
    assert!(
        shallow[0]["message"]
            .as_str()
            .unwrap()
            .contains("fetch-depth: 0")
    );
    assert_eq!(report["summary"]["ages"]["dates_from"], "shallow");
    // Not the clone's one commit date for every page: no date at all.
    assert_eq!(site.updated("guide/index.html"), None);
    assert_eq!(site.updated("support/process/index.html"), None);
}

#[test]
fn review_policy_by_cascade_owner_in_json_and_deny_stale() {
    let site = Site::new("");
    site.commit_all("first", D1);
    let report = site.build(&[], true);
    // process.md: no `reviewed`, last changed 2025-01-10, 415 days before 2026-03-01 > 180.
    let stale = diags_with(&report, "page-stale");
    assert_eq!(stale.len(), 1, "{report}");
    assert_eq!(stale[0]["file"], "content/support/process.md");
    assert_eq!(stale[0]["severity"], "warning");
    assert!(
        stale[0]["message"]
            .as_str()
            .unwrap()
            .contains("@support-team")
    );
    let listed = &report["summary"]["ages"]["stale"];
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["owner"], "@support-team");
    assert_eq!(listed[0]["url"], "/support/process/");
    assert_eq!(listed[0]["since"], "2025-01-10");
    assert_eq!(listed[0]["due"], "2025-07-10");
    // The page says so; contacts.md (reviewed 2026-01-20) and guide.md (no policy) do not.
    let process = site.html("support/process/index.html");
    assert!(
        process.contains("This page was last updated 13 months ago and has not been reviewed since.</span> — Owner: @support-team"),
        "{process}"
    );
    let contacts = site.html("support/contacts/index.html");
    assert!(
        contacts.contains("page-stale\" role=\"note\""),
        "{contacts}"
    );
    assert!(
        contacts.contains(" hidden>"),
        "a notice in waiting: {contacts}"
    );
    assert!(!site.html("guide/index.html").contains("page-stale"));
    // Its own `reviewed` line is where the problem points, once it has one.
    site.write(
        "content/support/process.md",
        "---\ntitle: Process\nreviewed: 2025-02-01\nowner: \"@alice\"\n---\nThe support process.\n",
    );
    let report = site.build(&[], true);
    let stale = diags_with(&report, "page-stale");
    assert_eq!(stale[0]["line"], 3, "{report}");
    assert_eq!(report["summary"]["ages"]["stale"][0]["owner"], "@alice");
    assert!(
        site.html("support/process/index.html")
            .contains("This page was last reviewed 12 months ago.</span> — Owner: @alice")
    );
    let report = site.build(&["--deny-stale"], false);
    assert_eq!(diags_with(&report, "page-stale")[0]["severity"], "error");
}

#[test]
fn the_stale_notice_in_the_page_language() {
    let site =
        Site::new("default_language = \"en\"\n[languages.en]\n[languages.zh]\nname = \"中文\"\n");
    // Move the tree under content/en and add a Chinese translation of the process page.
    let root = site.root.join("content");
    let en = site.root.join("en-tmp");
    std::fs::rename(&root, &en).unwrap();
    std::fs::create_dir_all(&root).unwrap();
    std::fs::rename(&en, root.join("en")).unwrap();
    site.write(
        "content/zh/support/_index.md",
        "---\ntitle: 支持\ncascade:\n  review_after: 90\n  owner: \"@zh-team\"\n---\n",
    );
    site.write(
        "content/zh/support/process.md",
        "---\ntitle: 流程\nreviewed: 2025-10-01\n---\n支持流程。\n",
    );
    site.commit_all("first", D1);
    let report = site.build(&[], true);
    assert_eq!(diags_with(&report, "page-stale").len(), 2, "{report}");
    let zh = site.html("zh/support/process/index.html");
    assert!(
        zh.contains("<strong class=\"notice-label\">可能已过时</strong> <span class=\"age-text\">本页上次审核于4 个月前。</span> — 负责人：@zh-team"),
        "{zh}"
    );
    assert!(zh.contains("最后更新于"), "{zh}");
    let en = site.html("support/process/index.html");
    assert!(
        en.contains("This page was last updated 13 months ago"),
        "{en}"
    );
}

mod common;

/// A page and an FAQ entry fresh on the day the site was built, a year ago, and stale on the
/// reader's day: in Chromium, `ages.js` shows their notices with ages from the real date;
/// without JavaScript the build-time page stands (no notice).
#[test]
fn ages_are_computed_in_the_browser_from_the_real_date() {
    use common::browser::{Browser, chromium};
    use common::serve::Server;
    let Some(chromium) = chromium() else { return };
    let now = jiff::Timestamp::now();
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let day = |back: i64| today.checked_sub(jiff::Span::new().days(back)).unwrap();
    let built = day(365);
    let site = common::TestSite::with_config("title = \"Ages\"\n");
    site.write("content/_index.md", "---\ntitle: Home\n---\nHi.\n")
        .write(
            "content/docs/_index.md",
            "---\ntitle: Docs\ncascade:\n  review_after: 180\n  owner: \"@docs\"\n---\n",
        )
        .write(
            "content/docs/guide.md",
            &format!("---\ntitle: Guide\nreviewed: {}\n---\nA guide.\n", day(385)),
        )
        .write(
            "content/faq/q.md",
            &format!(
                "---\ntitle: A question?\nadded: {}\n---\nAn answer.\n",
                day(375)
            ),
        );
    // Without JavaScript: what the build said on its day.
    site.run(&["build", "--today", &built.to_string()])
        .assert_ok();
    let guide = site.read("public/docs/guide/index.html");
    assert!(
        guide.contains("This page was last reviewed 20 days ago.</span>"),
        "{guide}"
    );
    assert!(
        guide.contains(" hidden><span class=\"notice-icon\""),
        "{guide}"
    );
    let faq = site.read("public/faq/q/index.html");
    assert!(
        faq.contains("written 10 days ago") && faq.contains(" hidden>"),
        "{faq}"
    );

    let epoch = built
        .to_zoned(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp()
        .as_second()
        .to_string();
    let server = Server::start_with(&site, &[], |c| {
        c.env("SOURCE_DATE_EPOCH", &epoch);
    });
    let browser = Browser::start(&chromium);
    let mut tab = browser.tab();
    tab.navigate(&format!("http://{}/docs/guide/", server.addr));
    tab.wait_for("!document.querySelector('.page-stale').hidden");
    let text = tab.eval("document.querySelector('.page-stale').textContent");
    let text = text.as_str().unwrap();
    assert!(
        text.contains("This page was last reviewed 12 months ago.") && text.contains("@docs"),
        "{text}"
    );
    tab.navigate(&format!("http://{}/faq/q/", server.addr));
    tab.wait_for("!document.querySelector('.notice-stale').hidden");
    let text = tab.eval("document.querySelector('.notice-stale .age-text').textContent");
    assert_eq!(
        text.as_str().unwrap(),
        "This answer was written 12 months ago and may be out of date."
    );
    // The section page: its jump-list badge and its count follow.
    tab.navigate(&format!("http://{}/faq/", server.addr));
    tab.wait_for("!document.querySelector('.faq-stale-count').hidden");
    let count = tab.eval("document.querySelector('.faq-summary').textContent");
    assert_eq!(count.as_str().unwrap(), "1 question · 1 may be out of date");
    assert_eq!(
        tab.eval("document.querySelector('.faq-jump .badge-stale').hidden"),
        serde_json::json!(false)
    );
    assert_eq!(
        tab.eval("document.querySelector('.faq-entry').classList.contains('is-stale')"),
        serde_json::json!(true)
    );
}

#[test]
fn check_ends_with_a_freshness_summary() {
    let site = Site::new("");
    site.write(
        "content/support/contacts.md",
        "---\ntitle: Contacts\nreviewed: 2025-01-20\nowner: \"@alice\"\n---\nWho to call.\n",
    );
    site.commit_all("first", D1);
    site.append("content/guide.md", "\nMore.\n");
    site.commit_all("more", "2026-02-20T10:00:00Z");
    let out = site.run(&["check", "--today", "2026-03-01"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    // Home, support, process, contacts from 2025-01-10 (415 days); the guide from 2026-02-20.
    assert!(
        err.contains(
            "Freshness: pages last updated 1 under a month, 4 under 2 years\n  stale pages by owner: @alice 1, @support-team 1\nChecked 5 pages"
        ),
        "{err}"
    );
    let out = site.run(&["check", "--today", "2026-03-01", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &doc["summary"]["freshness"];
    assert_eq!(f["pages"]["under_two_years"], 4, "{f}");
    assert_eq!(f["stale_by_owner"]["@alice"], 1, "{f}");
    assert_eq!(f["faq"]["older"], 0, "{f}");
}

/// FAQ entries keep their own rules: a review policy cascaded over an FAQ section judges its
/// section page, never its entries twice.
#[test]
fn faq_entries_are_judged_by_the_faq_rules_only() {
    let site = Site::new("");
    site.write(
        "content/faq/_index.md",
        "---\ntitle: FAQ\ntype: faq\nreview_after: 900\ncascade:\n  review_after: 30\n  owner: \"@faq\"\n---\n",
    );
    site.write(
        "content/faq/old.md",
        "---\ntitle: An old question?\nadded: 2024-01-01\n---\nAn answer.\n",
    );
    site.commit_all("first", D1);
    let report = site.build(&[], true);
    assert_eq!(diags_with(&report, "faq-stale").len(), 1, "{report}");
    let stale: Vec<_> = diags_with(&report, "page-stale")
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(stale, ["content/support/process.md"], "{report}");
}
