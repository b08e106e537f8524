//! External links (`--external`, `[links]`) against real HTTP servers on 127.0.0.1 that each
//! test starts (`common/http.rs`): what each answer is judged, at which file and line,
//! politeness (HEAD then GET, per-host concurrency, `Retry-After`, timeouts), fragments, the
//! cache across runs, `--changed-since`, and the reports.

mod common;

use common::TestSite;
use common::http::{Reply, Server};
use serde_json::Value;
use std::time::Duration;

const CONFIG: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\n";

/// A site whose `[links]` table is `links` (and whatever tables follow it).
fn site(links: &str) -> TestSite {
    TestSite::with_config(&format!("{CONFIG}\n[links]\n{links}\n"))
}

/// `sitegen check --external --format json` on `today`: the exit code and the report.
fn check_json(site: &TestSite, today: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--external", "--format", "json", "--today", today];
    args.extend_from_slice(extra);
    let run = site.run(&args);
    let report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}\nstdout:\n{}\nstderr:\n{}", run.stdout, run.stderr));
    (run.code, report)
}

/// (code, file, line, message) of every diagnostic whose code starts with `external`.
fn external(report: &Value) -> Vec<(String, String, u64, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with("external"))
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The one diagnostic about `needle` (a URL as written); fails when there is not exactly one.
#[track_caller]
fn about<'a>(
    found: &'a [(String, String, u64, String)],
    needle: &str,
) -> &'a (String, String, u64, String) {
    let hits: Vec<_> = found
        .iter()
        .filter(|d| d.3.contains(&format!("`{needle}`")))
        .collect();
    assert_eq!(hits.len(), 1, "one diagnostic about {needle} in {found:#?}");
    hits[0]
}

fn statuses_server() -> Server {
    Server::start(|r| match (r.method.as_str(), r.path.as_str()) {
        (_, "/ok") | (_, "/new") => Reply::html("<h1 id=\"top-title\">ok</h1>"),
        (_, "/moved") => Reply::redirect(301, "/new"),
        (_, "/moved308") => Reply::redirect(308, "/new"),
        (_, "/temporary") => Reply::redirect(302, "/elsewhere"),
        (_, "/elsewhere") => Reply::html("for now"),
        (_, "/missing") => Reply::status(404),
        (_, "/gone") => Reply::status(410),
        ("HEAD", "/no-head") => Reply::status(405),
        ("GET", "/no-head") => Reply::html("fine"),
        (_, "/page") => Reply::html(
            "<html><body><h2 id=\"install\">Install</h2><a name=\"legacy\"></a></body></html>",
        ),
        (_, "/slow") => Reply::html("late").delay(Duration::from_secs(4)),
        (_, "/limited") => Reply::status(429).header("Retry-After", "3600"),
        (_, "/error") => Reply::status(500),
        (_, "/walled") => Reply::status(403)
            .header("Server", "cloudflare")
            .header("CF-RAY", "8a1b"),
        _ => Reply::status(404),
    })
}

#[test]
fn every_answer_is_judged_at_its_file_and_line() {
    let server = statuses_server();
    let u = |p: &str| server.url(p);
    let site = site("timeout = 1\nhost_rate = 0\nhost_concurrency = 4");
    site.write(
        "content/a.md",
        &format!(
            "---\ntitle: A\nchat: {chat}\nlinks:\n  forum: {forum}\n---\n\
             [ok]({ok}) [moved]({moved}) [moved308]({moved308})\n\
             [temporary]({temp}) [missing]({missing})\n\
             [gone]({gone}) [no head]({nohead})\n\
             [section]({page}#install) [legacy]({page}#legacy) [nope]({page}#nope)\n\
             [slow]({slow}) [limited]({limited})\n\
             [error]({error}) [walled]({walled}) [mail](mailto:a@b.org)\n\n\
             <div class=\"x\">\n<a\n  href=\"{html}\">raw</a>\n</div>\n\n\
             Inline <img src=\"{img}\"> too.\n\n\
             ```\n[code]({code})\n```\n\n\
             [nowhere](http://nowhere.invalid/x)\n",
            chat = u("/missing?chat"),
            forum = u("/gone?forum"),
            ok = u("/ok"),
            moved = u("/moved"),
            moved308 = u("/moved308"),
            temp = u("/temporary"),
            missing = u("/missing"),
            gone = u("/gone"),
            nohead = u("/no-head"),
            page = u("/page"),
            slow = u("/slow"),
            limited = u("/limited"),
            error = u("/error"),
            walled = u("/walled"),
            html = u("/missing?html"),
            img = u("/missing?img"),
            code = u("/missing?code"),
        ),
    );
    let (code, report) = check_json(&site, "2024-03-01", &[]);
    assert_eq!(code, 1, "broken links fail the check");
    let found = external(&report);
    let at = |needle: &str| {
        let d = about(&found, needle);
        (d.0.as_str(), d.1.as_str(), d.2)
    };
    let file = "content/a.md";
    // Front matter params: at their top-level key's line.
    assert_eq!(at(&u("/missing?chat")), ("external-broken", file, 3));
    assert_eq!(at(&u("/gone?forum")), ("external-broken", file, 4));
    // Markdown links.
    assert_eq!(at(&u("/moved")), ("external-redirect", file, 7));
    assert_eq!(at(&u("/moved308")), ("external-redirect", file, 7));
    assert_eq!(at(&u("/missing")), ("external-broken", file, 8));
    assert_eq!(at(&u("/gone")), ("external-broken", file, 9));
    assert_eq!(
        at(&format!("{}#nope", u("/page"))),
        ("external-broken", file, 10)
    );
    assert_eq!(at(&u("/slow")), ("external-unknown", file, 11));
    assert_eq!(at(&u("/limited")), ("external-unknown", file, 11));
    assert_eq!(at(&u("/error")), ("external-unknown", file, 12));
    assert_eq!(at(&u("/walled")), ("external-unknown", file, 12));
    // Raw HTML: a block whose tag spans lines, and inline HTML.
    assert_eq!(at(&u("/missing?html")), ("external-broken", file, 16));
    assert_eq!(at(&u("/missing?img")), ("external-broken", file, 19));
    assert_eq!(
        at("http://nowhere.invalid/x"),
        ("external-broken", file, 25)
    );

    let message = |needle: &str| about(&found, needle).3.clone();
    assert!(message(&u("/moved")).contains(&format!("to `{}`", u("/new"))));
    assert!(message(&u("/missing")).contains("404 Not Found"));
    assert!(message(&u("/gone")).contains("410 Gone"));
    assert!(message(&u("/slow")).contains("no answer within 1 s"));
    assert!(message(&u("/limited")).contains("429"));
    assert!(message(&u("/walled")).contains("Cloudflare"));
    assert!(message(&u("/error")).contains("failing since 2024-03-01"));
    assert!(message("http://nowhere.invalid/x").contains("does not exist"));
    // Nothing about what works, a temporary redirect, a fragment that exists, code or mail.
    for quiet in ["/ok", "/temporary", "/no-head", "/missing?code"] {
        assert!(
            !found
                .iter()
                .any(|d| d.3.contains(&format!("`{}`", u(quiet)))),
            "{quiet}: {found:#?}"
        );
    }
    assert!(
        !found
            .iter()
            .any(|d| d.3.contains("#install") || d.3.contains("#legacy"))
    );
    assert!(!found.iter().any(|d| d.3.contains("mailto")));
    // HEAD first, then GET where HEAD was refused; GET straight away for a fragment.
    let methods = |p: &str| -> Vec<String> {
        server
            .requests_to(p)
            .into_iter()
            .map(|r| r.method)
            .collect()
    };
    assert_eq!(methods("/ok"), ["HEAD"]);
    assert_eq!(methods("/no-head"), ["HEAD", "GET"]);
    assert_eq!(methods("/page"), ["GET"]);
    assert!(server.requests_to("/missing?code").is_empty());
    let summary = &report["summary"]["external"];
    assert_eq!(summary["urls"], 17, "{summary}");
    assert_eq!(summary["redirected"], 2, "{summary}");
    assert_eq!(summary["hosts"].as_object().unwrap().len(), 2, "{summary}");
}

#[test]
fn retry_after_is_waited_for_then_asked_again() {
    let asked = std::sync::atomic::AtomicUsize::new(0);
    let server = Server::start(move |_| {
        if asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            Reply::status(429).header("Retry-After", "1")
        } else {
            Reply::html("now")
        }
    });
    let site = site("");
    site.write("content/a.md", &format!("[x]({})\n", server.url("/busy")));
    let (code, report) = check_json(&site, "2024-03-01", &[]);
    assert_eq!(code, 0, "{report}");
    assert!(external(&report).is_empty(), "{report}");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let waited = requests[1].at - requests[0].at;
    assert!(
        waited >= Duration::from_millis(950),
        "asked again after {waited:?}"
    );
}

#[test]
fn a_host_limited_to_two_connections_never_gets_more() {
    let server = Server::start(|_| Reply::html("ok").delay(Duration::from_millis(150)));
    let site = TestSite::with_config(&format!(
        "{CONFIG}\n[links]\nconcurrency = 8\nhost_concurrency = 8\nhost_rate = 0\n\
         [links.hosts.\"{}\"]\nconcurrency = 2\n",
        server.authority()
    ));
    let body: String = (0..12)
        .map(|i| format!("[{i}]({})\n\n", server.url(&format!("/p{i}"))))
        .collect();
    site.write("content/a.md", &body);
    let (code, report) = check_json(&site, "2024-03-01", &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(server.requests().len(), 12);
    assert_eq!(server.max_in_flight(), 2, "the host's limit, and no more");
}

#[test]
fn the_request_rate_spaces_requests_to_a_host() {
    let server = Server::start(|_| Reply::html("ok"));
    let site = site("host_rate = 10\nhost_concurrency = 4");
    let body: String = (0..6)
        .map(|i| format!("[{i}]({})\n\n", server.url(&format!("/p{i}"))))
        .collect();
    site.write("content/a.md", &body);
    let (code, _) = check_json(&site, "2024-03-01", &[]);
    assert_eq!(code, 0);
    let mut times: Vec<_> = server.requests().iter().map(|r| r.at).collect();
    times.sort();
    let spread = *times.last().unwrap() - times[0];
    // Six starts at 10 per second: the last at least 0.5 s after the first.
    assert!(spread >= Duration::from_millis(450), "{spread:?}");
}

#[test]
fn a_transient_failure_is_broken_only_after_fail_after_days() {
    let server = Server::start(|r| match r.path.as_str() {
        "/down" => Reply::status(503),
        _ => Reply::status(404),
    });
    let site = site("fail_after = 3");
    site.write(
        "content/a.md",
        &format!(
            "[down]({})\n\n[missing]({})\n",
            server.url("/down"),
            server.url("/gone")
        ),
    );
    let codes = |report: &Value, needle: &str| about(&external(report), needle).0.clone();
    // Day 1: the 404 is broken at once, the 503 only noted.
    let (code, report) = check_json(&site, "2024-03-01", &[]);
    assert_eq!(code, 1);
    assert_eq!(codes(&report, &server.url("/gone")), "external-broken");
    assert_eq!(codes(&report, &server.url("/down")), "external-unknown");
    let cache: Value = serde_json::from_str(&site.read(".sitegen/link-cache.json")).unwrap();
    let entry = &cache["links"][server.url("/down")];
    assert_eq!(entry["first_failed"], "2024-03-01", "{cache}");
    assert_eq!(entry["result"], "transient", "{cache}");
    // Day 3: still failing, not yet for three days.
    let (_, report) = check_json(&site, "2024-03-03", &[]);
    assert_eq!(codes(&report, &server.url("/down")), "external-unknown");
    // Day 4: three days of failure.
    let (_, report) = check_json(&site, "2024-03-04", &[]);
    let d = about(&external(&report), &server.url("/down")).clone();
    assert_eq!(d.0, "external-broken");
    assert!(d.3.contains("failing since 2024-03-01 (3 days)"), "{}", d.3);
}

#[test]
fn good_results_are_reused_until_the_ttl() {
    let server = Server::start(|r| match r.path.as_str() {
        "/doc.pdf" => Reply::status(200).header("Content-Type", "application/pdf"),
        _ => Reply::html("ok"),
    });
    let site = site("cache = \"ci/links.json\"\ncache_ttl = 7");
    // A fragment of a page that is not HTML cannot be judged: it counts as found.
    site.write(
        "content/a.md",
        &format!(
            "[x]({})\n\n[pdf]({}#page=2)\n",
            server.url("/x"),
            server.url("/doc.pdf")
        ),
    );
    let (code, report) = check_json(&site, "2024-03-01", &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["external"]["cached"], 0);
    assert!(external(&report).is_empty(), "{report}");
    assert!(site.exists("ci/links.json"));
    let (_, report) = check_json(&site, "2024-03-07", &[]);
    assert_eq!(report["summary"]["external"]["cached"], 2);
    assert_eq!(server.requests().len(), 2, "answered from the cache");
    check_json(&site, "2024-03-08", &[]);
    assert_eq!(server.requests().len(), 4, "asked again after 7 days");
}

#[test]
fn excluded_urls_are_not_asked_and_build_fails_before_writing() {
    let server = Server::start(|r| match r.path.as_str() {
        "/ok" => Reply::html("ok"),
        _ => Reply::status(404),
    });
    let site = site("external = true\nexclude = [\"/skip\", \"^http://localhost\"]");
    site.write(
        "content/a.md",
        &format!(
            "[ok]({})\n\n[skipped]({})\n\n[local](http://localhost:1/x)\n\n[bad]({})\n",
            server.url("/ok"),
            server.url("/skip/me"),
            server.url("/bad"),
        ),
    );
    let run = site.run(&["build", "--today", "2024-03-01"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!site.exists("public/index.html"), "nothing written");
    assert!(
        run.stderr
            .contains("content/a.md:7: error[external-broken]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("2 excluded"), "{}", run.stderr);
    assert!(server.requests_to("/skip/me").is_empty());
    // --no-external builds without asking.
    let asked = server.requests().len();
    site.run(&["build", "--no-external", "--today", "2024-03-01"])
        .assert_ok();
    assert_eq!(server.requests().len(), asked);
    assert!(site.exists("public/index.html"));
}

#[test]
fn host_headers_carry_a_token_from_the_environment() {
    let server = Server::start(|_| Reply::html("ok"));
    let site = TestSite::with_config(&format!(
        "{CONFIG}\n[links.hosts.\"{}\"]\nheaders = {{ Accept = \"application/json\" }}\n\
         token_env = \"SITEGEN_TEST_TOKEN\"\n",
        server.authority()
    ));
    site.write("content/a.md", &format!("[x]({})\n", server.url("/api")));
    let run = common::sitegen()
        .args(["check", "--external", "--today", "2024-03-01"])
        .current_dir(site.path())
        .env("SITEGEN_TEST_TOKEN", "s3cret")
        .output()
        .unwrap();
    assert!(run.status.success());
    let r = &server.requests()[0];
    assert_eq!(r.header("authorization"), Some("Bearer s3cret"));
    assert_eq!(r.header("accept"), Some("application/json"));
    let out = String::from_utf8_lossy(&run.stderr);
    assert!(!out.contains("s3cret"), "{out}");
    // Unset: a warning, and the link is still asked (without a token).
    let run = site.run(&["check", "--external", "--today", "2024-03-02"]);
    assert!(
        run.stderr.contains("$SITEGEN_TEST_TOKEN is not set"),
        "{}",
        run.stderr
    );
    assert_eq!(server.requests().len(), 1, "the good result was cached");
}

#[test]
fn changed_since_checks_only_pages_changed_since_a_ref() {
    let server = Server::start(|_| Reply::status(404));
    let site = site("");
    site.write(
        "content/old.md",
        &format!("[old]({})\n", server.url("/old")),
    );
    site.write("content/new.md", "no links yet\n");
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(site.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@t")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@t")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "one"]);
    site.write(
        "content/new.md",
        &format!("[new]({})\n", server.url("/new")),
    );
    site.write(
        "content/untracked.md",
        &format!("[u]({})\n", server.url("/u")),
    );
    let (code, report) = check_json(&site, "2024-03-01", &["--changed-since", "main"]);
    assert_eq!(code, 1);
    let found = external(&report);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(server.requests_to("/old").is_empty());
    assert_eq!(about(&found, &server.url("/new")).1, "content/new.md");
    let run = site.run(&["check", "--changed-since", "no-such-ref"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--changed-since no-such-ref"),
        "{}",
        run.stderr
    );
}

#[test]
fn reports_in_every_format_with_a_summary() {
    let server = Server::start(|r| match r.path.as_str() {
        "/moved" => Reply::redirect(308, "/ok"),
        "/ok" => Reply::html("ok"),
        _ => Reply::status(404),
    });
    let site = site("");
    site.write(
        "content/a.md",
        &format!(
            "[m]({})\n\n[b]({})\n",
            server.url("/moved"),
            server.url("/bad")
        ),
    );
    let run = site.run(&[
        "check",
        "--external",
        "--format",
        "github",
        "--today",
        "2024-03-01",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "::error file=content/a.md,line=3,title=external-broken::broken external link"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("::notice file=content/a.md,line=1,title=external-redirect::"),
        "{}",
        run.stdout
    );
    let run = site.run(&["check", "--external", "--today", "2024-03-01"]);
    assert!(
        run.stderr
            .contains("content/a.md:3: error[external-broken]: broken external link"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("External links: 2 URLs at 2 places on 1 hosts"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "  {}: 2 URLs, 1 broken, 0 unknown, 1 redirected",
            server.authority()
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn an_offline_machine_judges_nothing_broken() {
    let site = site("");
    site.write(
        "content/a.md",
        "[a](https://a.invalid/) [b](https://b.invalid/) [c](https://c.invalid/)\n",
    );
    let (code, report) = check_json(&site, "2024-03-01", &[]);
    assert_eq!(code, 0, "{report}");
    let found = external(&report);
    assert!(
        found.iter().all(|d| d.0 == "external-unknown"),
        "{found:#?}"
    );
    assert!(found.iter().any(|d| d.3.contains("offline")), "{found:#?}");
}

#[test]
fn bad_links_config_is_an_error_with_its_line() {
    let bad = site("exclude = [\"(unclosed\"]");
    bad.write("content/a.md", "x\n");
    let run = bad.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("sitegen.toml:5: error[config]: links.exclude: `(unclosed`"),
        "{}",
        run.stderr
    );
    let bad = site("host_concurrency = 0");
    bad.write("content/a.md", "x\n");
    let run = bad.run(&["check"]);
    assert!(
        run.stderr.contains("sitegen.toml:5: error[config]"),
        "{}",
        run.stderr
    );
    let bad = site("fail_afer = 3");
    let run = bad.run(&["check"]);
    assert!(
        run.stderr.contains("unknown field `fail_afer`"),
        "{}",
        run.stderr
    );
}

#[test]
fn without_external_nothing_is_asked() {
    let server = Server::start(|_| Reply::status(404));
    let site = site("");
    site.write("content/a.md", &format!("[x]({})\n", server.url("/x")));
    site.run(&["check", "--today", "2024-03-01"]).assert_ok();
    site.build().assert_ok();
    assert!(server.requests().is_empty());
    assert!(!site.exists(".sitegen"));
}

#[test]
fn severity_and_the_baseline_judge_external_links_too() {
    let server = Server::start(|_| Reply::status(404));
    let site = TestSite::with_config(&format!(
        "{CONFIG}\n[severity]\nexternal-broken = \"warning\"\n"
    ));
    site.write("content/a.md", &format!("[bad]({})\n", server.url("/bad")));
    let run = site.run(&["build", "--external", "--today", "2024-03-01"]);
    run.assert_ok();
    assert!(
        run.stderr
            .contains("content/a.md:1: warning[external-broken]"),
        "{}",
        run.stderr
    );
    // A baseline makes it known.
    let site = TestSite::with_config(&format!(
        "{CONFIG}\n[check]\nbaseline = \"sitegen-baseline.json\"\n"
    ));
    site.write("content/a.md", &format!("[bad]({})\n", server.url("/bad")));
    site.run(&[
        "check",
        "--external",
        "--write-baseline",
        "--today",
        "2024-03-01",
    ])
    .assert_ok();
    site.run(&["check", "--external", "--today", "2024-03-01"])
        .assert_ok();
}

#[test]
fn menu_entries_that_link_out_are_checked_at_their_config_line() {
    let server = statuses_server();
    let site = site(&format!(
        "\n[[menus.main]]\nname = \"Status\"\nurl = \"{}\"\n\n[[menus.main]]\nname = \"Fine\"\nurl = \"{}\"\n",
        server.url("/missing"),
        server.url("/ok")
    ));
    site.write("content/_index.md", "---\ntitle: Home\n---\nHome.\n");
    let (code, report) = check_json(&site, "2026-11-21", &[]);
    assert_eq!(code, 1, "{report}");
    let found = external(&report);
    let d = about(&found, &server.url("/missing"));
    assert_eq!(
        (d.0.as_str(), d.1.as_str(), d.2),
        ("external-broken", "sitegen.toml", 6)
    );
    assert_eq!(found.len(), 1, "{found:#?}");
}
