//! Adopting sitegen on a tree that has problems: `[severity]` per code, the baseline ratchet
//! (`check --write-baseline`, `[check] baseline`), repeated warnings told once, and what
//! `sitegen.toml` says of unknown keys and language codes. The `adoption` fixture is a small
//! docs tree with one broken link, one broken anchor, a missing layout on five pages and a
//! stale FAQ entry; every test runs the real binary on a copy of it.

mod common;

use common::TestSite;
use common::serve::Server;
use serde_json::Value;
use std::io::{Read, Write};

const TODAY: &str = "2026-11-21";

fn site(extra_config: &str) -> TestSite {
    let site = TestSite::fixture("adoption");
    let config = site.read("sitegen.toml") + extra_config;
    site.write("sitegen.toml", &config);
    site
}

fn json(site: &TestSite, args: &[&str]) -> (i32, Value) {
    let mut all = args.to_vec();
    all.extend(["--today", TODAY, "--format", "json"]);
    let run = site.run(&all);
    let doc = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
    (run.code, doc)
}

/// `(severity, code, subject)` of each diagnostic, with `known` for the baseline's.
fn found(doc: &Value) -> Vec<(String, String, bool)> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["known"].as_bool().unwrap_or(false),
            )
        })
        .collect()
}

fn of_code(doc: &Value, code: &str) -> Vec<(String, bool)> {
    found(doc)
        .into_iter()
        .filter(|(_, c, _)| c == code)
        .map(|(s, _, k)| (s, k))
        .collect()
}

fn strings(v: &[(&str, bool)]) -> Vec<(String, bool)> {
    v.iter().map(|(s, k)| (s.to_string(), *k)).collect()
}

#[test]
fn without_severity_a_broken_link_fails_and_nothing_is_written() {
    let site = site("");
    let run = site.run(&["build", "--today", TODAY]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/guide/install.md:7: error[broken-link]"),
        "{}",
        run.stderr
    );
    assert!(!site.exists("public"));
}

#[test]
fn severity_warning_writes_the_site() {
    let site = site("\n[severity]\nbroken-link = \"warning\"\nbroken-anchor = \"warning\"\n");
    let run = site.run(&["build", "--today", TODAY]);
    run.assert_ok();
    assert!(
        run.stderr
            .contains("content/guide/install.md:7: warning[broken-link]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("warning[broken-anchor]"),
        "{}",
        run.stderr
    );
    assert!(
        site.read("public/guide/install/index.html")
            .contains("setup notes")
    );
}

#[test]
fn severity_off_reports_nothing_of_the_code_and_error_fails_on_a_warning() {
    let site = site(
        "\n[severity]\nbroken-link = \"off\"\nbroken-anchor = \"off\"\ntemplate-missing = \"error\"\nfaq-stale = \"off\"\n",
    );
    let (code, doc) = json(&site, &["check"]);
    assert_eq!(code, 1);
    assert!(of_code(&doc, "broken-link").is_empty());
    assert!(of_code(&doc, "broken-anchor").is_empty());
    assert!(of_code(&doc, "faq-stale").is_empty());
    assert_eq!(
        of_code(&doc, "template-missing"),
        strings(&[("error", false); 5])
    );
    // Without the template-missing line, the site builds.
    let config = site
        .read("sitegen.toml")
        .replace("template-missing = \"error\"\n", "");
    site.write("sitegen.toml", &config);
    site.run(&["build", "--today", TODAY]).assert_ok();
}

#[test]
fn command_line_flags_have_the_last_word_over_severity() {
    let site =
        site("\n[severity]\nbroken-link = \"off\"\nbroken-anchor = \"off\"\nfaq-stale = \"off\"\n");
    let (code, doc) = json(&site, &["check", "--deny-stale"]);
    assert_eq!(code, 1);
    assert_eq!(of_code(&doc, "faq-stale"), strings(&[("error", false)]));
}

#[test]
fn a_bad_severity_is_a_config_error_at_its_line() {
    let cases = [
        (
            "broken-link = \"warn\"",
            "unknown variant `warn`, expected one of `error`, `warning`, `off`",
        ),
        (
            "broken-links = \"warning\"",
            "[severity]: there is no code `broken-links`: did you mean `broken-link`?",
        ),
        (
            "template = \"off\"",
            "[severity]: `template` cannot be changed",
        ),
        (
            "write = \"warning\"",
            "[severity]: `write` cannot be changed",
        ),
        // Lowered, the second page would still have nowhere to go.
        (
            "duplicate-url = \"warning\"",
            "[severity]: `duplicate-url` cannot be changed: two pages cannot be written to one URL",
        ),
    ];
    for (line, message) in cases {
        let site = site(&format!("\n[severity]\nfaq-stale = \"warning\"\n{line}\n"));
        let run = site.run(&["check", "--today", TODAY]);
        assert_eq!(run.code, 1, "{line}: {}", run.stderr);
        // The fixture's config has 2 lines; then a blank one, [severity] and faq-stale.
        let expected = format!("sitegen.toml:6: error[config]: {message}");
        assert!(run.stderr.contains(&expected), "{line}:\n{}", run.stderr);
    }
}

#[test]
fn baseline_records_today_and_fails_only_on_new_problems() {
    let site = site("");
    let run = site.run(&["check", "--today", TODAY, "--write-baseline"]);
    run.assert_ok();
    assert!(
        run.stderr
            .contains("Wrote sitegen-baseline.json: 8 known problem(s). Add `[check] baseline"),
        "{}",
        run.stderr
    );
    let baseline: Value = serde_json::from_str(&site.read("sitegen-baseline.json")).unwrap();
    assert_eq!(baseline["sitegen_baseline"], 1);
    let entry = |code: &str, file: &str, subject: &str| serde_json::json!({ "code": code, "file": file, "subject": subject });
    let problems = baseline["problems"].as_array().unwrap();
    // One entry per file: the missing layout is five entries.
    assert_eq!(problems.len(), 8, "{problems:#?}");
    assert!(problems.contains(&entry(
        "broken-link",
        "content/guide/install.md",
        "../setup.md"
    )));
    assert!(problems.contains(&entry(
        "broken-anchor",
        "content/guide/install.md",
        "usage.md#first-steps"
    )));
    assert!(problems.contains(&entry(
        "template-missing",
        "content/reference/api.md",
        "docs"
    )));
    assert!(problems.contains(&entry(
        "faq-stale",
        "content/faq/old-answer.md",
        "Does Pipelines run on Windows?"
    )));
    let config = site.read("sitegen.toml") + "\n[check]\nbaseline = \"sitegen-baseline.json\"\n";
    site.write("sitegen.toml", &config);

    // Known problems are notes: the site builds.
    let run = site.run(&["build", "--today", TODAY]);
    run.assert_ok();
    assert!(
        run.stderr.contains("known (sitegen-baseline.json)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("error[broken-link]"), "{}", run.stderr);

    // An edit above the problems moves their lines: they are still known.
    let install = site.read("content/guide/install.md");
    let moved = install.replace(
        "# Install\n",
        "# Install\n\nA new paragraph.\n\nAnd another.\n",
    );
    site.write("content/guide/install.md", &moved);
    let (code, doc) = json(&site, &["check"]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(of_code(&doc, "broken-link"), strings(&[("note", true)]));
    let link = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "broken-link");
    assert_eq!(link.unwrap()["line"], 11);

    // A new broken link fails, the known one stays a note.
    site.write(
        "content/guide/usage.md",
        &(site.read("content/guide/usage.md") + "\nSee [limits](limits.md).\n"),
    );
    let (code, doc) = json(&site, &["check"]);
    assert_eq!(code, 1);
    let mut links = of_code(&doc, "broken-link");
    links.sort();
    assert_eq!(links, strings(&[("error", false), ("note", true)]));
    site.write(
        "content/guide/usage.md",
        &site
            .read("content/guide/usage.md")
            .replace("\nSee [limits](limits.md).\n", ""),
    );

    // A fixed problem is listed, so that the baseline can shrink.
    site.write(
        "content/guide/install.md",
        &moved.replace(
            "read [the setup notes](../setup.md)",
            "read the setup notes",
        ),
    );
    let (code, doc) = json(&site, &["check"]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["fixed"], 1);
    assert_eq!(doc["known"], 7);
    let fixed = &doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "baseline-fixed")
        .unwrap();
    assert_eq!(fixed["file"], "content/guide/install.md");
    assert!(
        fixed["message"]
            .as_str()
            .unwrap()
            .contains("broken-link `../setup.md`"),
        "{fixed}"
    );
    let run = site.run(&["check", "--today", TODAY]);
    assert!(
        run.stderr.contains(
            "content/guide/install.md: note[baseline-fixed]: fixed: broken-link `../setup.md`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("1 fixed (`sitegen check --write-baseline` drops them)"),
        "{}",
        run.stderr
    );

    // Writing it again drops it.
    site.run(&["check", "--today", TODAY, "--write-baseline"])
        .assert_ok();
    assert!(!site.read("sitegen-baseline.json").contains("../setup.md"));
    let (code, doc) = json(&site, &["check"]);
    assert_eq!((code, doc["fixed"].as_u64()), (0, Some(0)));
}

#[test]
fn every_report_says_how_many_are_known() {
    let site = site("\n[check]\nbaseline = \"sitegen-baseline.json\"\n");
    site.run(&["check", "--today", TODAY, "--write-baseline"])
        .assert_ok();
    site.write(
        "content/guide/usage.md",
        &(site.read("content/guide/usage.md") + "\nSee [limits](limits.md).\n"),
    );
    let (code, doc) = json(&site, &["check"]);
    assert_eq!(
        (code, doc["known"].as_u64(), doc["errors"].as_u64()),
        (1, Some(8), Some(1))
    );
    assert_eq!(doc["counts"]["broken-link"]["known"], 1);
    assert_eq!(doc["counts"]["broken-link"]["errors"], 1);
    assert_eq!(doc["summary"]["baseline"], "sitegen-baseline.json");

    let run = site.run(&["check", "--today", TODAY, "--format", "github"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("::error file=content/guide/usage.md,line=9,title=broken-link::"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "::notice title=baseline::8 known problem(s) from the baseline, not annotated"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);

    let run = site.run(&["check", "--today", TODAY]);
    assert!(
        run.stderr
            .contains("Failed: 1 error(s), 0 warning(s), 8 known (sitegen-baseline.json) in "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("  broken-link       1 error, 1 known\n"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("(known)"),
        "known problems are listed only with --verbose:\n{}",
        run.stderr
    );
    let verbose = site.run(&["--verbose", "check", "--today", TODAY]);
    assert!(
        verbose.stderr.contains(
            "content/guide/install.md:7: note[broken-link] (known): broken link: `../setup.md`"
        ),
        "{}",
        verbose.stderr
    );
}

#[test]
fn repeated_warnings_are_told_once_with_a_count_and_a_count_per_code_ends_the_report() {
    let site = site("\n[severity]\nbroken-link = \"warning\"\nbroken-anchor = \"warning\"\n");
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_ok();
    let layout = "warning[template-missing]: layout `docs`";
    assert_eq!(run.stderr.matches(layout).count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains(
        "content/reference/api.md:3: warning[template-missing]: layout `docs`: there is no template docs.html; using the default one\n  \
         … and 4 more like it: content/reference/cli.md:3, content/reference/config.md:3, content/reference/events.md:3, … (--verbose lists them all)\n"
    ), "{}", run.stderr);
    assert!(run.stderr.contains(
        "Problems by code:\n  template-missing  5 warnings\n  broken-anchor     1 warning\n  broken-link       1 warning\n  faq-stale         1 warning\nFreshness: pages last updated "
    ), "{}", run.stderr);
    let verbose = site.run(&["--verbose", "check", "--today", TODAY]);
    assert_eq!(
        verbose.stderr.matches(layout).count(),
        5,
        "{}",
        verbose.stderr
    );
}

#[test]
fn a_missing_or_broken_baseline_is_an_error_naming_the_file() {
    let site = site("\n[check]\nbaseline = \"known.json\"\n");
    let run = site.run(&["check", "--today", TODAY]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("known.json: error[baseline]: there is no known.json"),
        "{}",
        run.stderr
    );
    site.write(
        "known.json",
        "{\n  \"sitegen_baseline\": 1,\n  \"problems\": [ { \"code\": 3 } ]\n}\n",
    );
    let run = site.run(&["check", "--today", TODAY]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("known.json:3: error[baseline]: not a sitegen baseline"),
        "{}",
        run.stderr
    );
    // --write-baseline replaces it.
    site.run(&["check", "--today", TODAY, "--write-baseline"])
        .assert_ok();
    site.run(&["build", "--today", TODAY]).assert_ok();
}

#[test]
fn a_template_error_cannot_wait_in_a_baseline() {
    let site = site("");
    site.write("templates/page.html", "{{ page.title | no_such_filter }}\n");
    let run = site.run(&["check", "--today", TODAY, "--write-baseline"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[template]"), "{}", run.stderr);
    assert!(
        run.stderr.contains("The baseline was not written"),
        "{}",
        run.stderr
    );
    assert!(!site.exists("sitegen-baseline.json"));
}

#[test]
fn every_unknown_key_is_reported_at_its_line_with_the_key_meant() {
    let site = TestSite::fixture("adoption");
    site.write(
        "sitegen.toml",
        "title = \"Pipelines Docs\"\n\
         baseURL = \"https://docs.example.org/\"\n\
         defaultContentLanguage = \"en\"\n\
         [languages.en]\n\
         languageName = \"English\"\n\
         weight = 1\n\
         [languages.gr]\n\
         name = \"Ελληνικά\"\n\
         [faq]\n\
         stale_afer = 90\n\
         [menu]\n\
         [[menu.main]]\n\
         name = \"Docs\"\n",
    );
    let run = site.run(&["check", "--today", TODAY]);
    assert_eq!(run.code, 1);
    let expected = [
        "sitegen.toml:2: error[config]: unknown field `baseURL`: did you mean `base_url`? (`baseURL` is Hugo's name for it)",
        "sitegen.toml:3: error[config]: unknown field `defaultContentLanguage`: did you mean `default_language`? (`defaultContentLanguage` is Hugo's name for it)",
        "sitegen.toml:5: error[config]: unknown field `languageName` in [languages.en]: did you mean `name`? (`languageName` is Hugo's name for it)",
        "sitegen.toml:6: error[config]: unknown field `weight` in [languages.en]: languages come in the order of their tables",
        "sitegen.toml:7: error[config]: `[languages.gr]`: `gr` is Greece's country code, not a language code: did you mean `el`?",
        "sitegen.toml:10: error[config]: unknown field `stale_afer` in [faq]: did you mean `stale_after`?",
        "sitegen.toml:11: error[config]: unknown field `menu`: did you mean `menus`? (`menu` is Hugo's name for it)",
    ];
    for line in expected {
        assert!(run.stderr.contains(line), "{line}\n---\n{}", run.stderr);
    }
    assert_eq!(
        run.stderr.matches("error[config]").count(),
        expected.len(),
        "{}",
        run.stderr
    );
}

#[test]
fn a_real_code_that_is_most_often_a_mistake_is_a_warning_that_can_be_turned_off() {
    let site = TestSite::fixture("adoption");
    site.write(
        "sitegen.toml",
        "title = \"x\"\ndefault_language = \"se\"\n[languages.se]\n",
    );
    site.write(
        "content/faq/old-answer.md",
        "---\ntitle: Q\nadded: 2026-01-01\n---\nA.\n",
    );
    site.write(
        "content/guide/install.md",
        "---\ntitle: Install\n---\nNothing broken.\n",
    );
    site.write(
        "content/reference/_index.md",
        "---\ntitle: Reference\n---\n",
    );
    for p in ["cli", "config", "api", "events", "plugins"] {
        site.write(
            &format!("content/reference/{p}.md"),
            "---\ntitle: R\n---\nR.\n",
        );
    }
    let run = site.run(&["build", "--today", TODAY]);
    run.assert_ok();
    assert!(run.stderr.contains(
        "sitegen.toml:3: warning[language-code]: `[languages.se]`: `se` is the code of Northern Sami; if you meant Swedish, write `sv`"
    ), "{}", run.stderr);
    let config = site.read("sitegen.toml") + "[severity]\nlanguage-code = \"off\"\n";
    site.write("sitegen.toml", &config);
    let run = site.run(&["build", "--today", TODAY]);
    run.assert_ok();
    assert!(!run.stderr.contains("language-code"), "{}", run.stderr);
}

/// `GET path` from the server: status and body.
fn get(server: &Server, path: &str) -> (u16, String) {
    let mut stream = std::net::TcpStream::connect(&server.addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: {}\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

#[test]
fn serve_judges_problems_as_build_does() {
    // The broken link is known, the broken anchor a warning: serve serves the site, with no
    // error overlay.
    let site = site("");
    site.run(&["check", "--today", TODAY, "--write-baseline"])
        .assert_ok();
    let config = site.read("sitegen.toml")
        + "\n[check]\nbaseline = \"sitegen-baseline.json\"\n[severity]\nbroken-anchor = \"warning\"\n";
    site.write("sitegen.toml", &config);
    let server = Server::start(&site, &[]);
    let (status, page) = get(&server, "/guide/install/");
    assert_eq!(status, 200, "{page}\n{}", server.stderr());
    assert!(page.contains("setup notes"), "{page}");
    let (_, status) = get(&server, "/__sitegen/status");
    assert!(
        status.contains("\"errors\":[]"),
        "{status}\n{}",
        server.stderr()
    );
    assert!(!server.stderr().contains("known):"), "{}", server.stderr());
}
