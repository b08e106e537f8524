//! Support blocks built from data: the on-duty rotation (schedule, "on duty" at build time and
//! in Chromium with a set clock, the `.ics` feed parsed back, its checks), levels of support
//! (badges in two languages, the matrix, unknown components and levels) and triage labels
//! (table, chips, unknown labels), and how `sitegen check` reports them.

mod common;

use common::TestSite;
use common::browser::{Browser, chromium};
use common::serve::Server;
use serde_json::{Value, json};

const ROTATION: &str = r#"time_zone: Europe/Berlin
handover: "09:00"
start: 2026-10-19
cadence: weekly
until: 2027-01-04
people:
  - name: Ana Lima
    handle: "@ana"
    time_zone: America/Sao_Paulo
  - name: Bo Chen
    handle: "@bo"
    time_zone: Asia/Shanghai
  - name: Cy Okafor
    handle: "@cy"
    time_zone: Africa/Lagos
overrides:
  - swap: [2026-11-23, 2026-11-30]
  - date: 2026-12-14
    person: "@ana"
  - from: 2026-12-22
    to: 2026-12-24
    person: "@cy"
"#;

const SUPPORT: &str = r#"definitions: /support/
levels:
  - id: stable
    promise:
      en: Fixes for 12 months.
      zh: 修复支持 12 个月。
  - id: beta
    promise: May change.
  - id: lab
    name:
      en: Lab
      zh: 实验室
    promise: No promise.
components:
  - id: sync
    name: Sync engine
    level: stable
    since: "1.4"
    owner: "@ana"
  - id: cli
    name: CLI
    level: beta
    since: "1.9"
    owner: "@bo"
"#;

const LABELS: &str = r##"- name: kind/bug
  color: d73a4a
  description: Something is broken
- name: good first issue
  color: "#7057FF"
  description: Good for newcomers
- name: triage/needs-info
  color: fbca04
  description: Waiting for the reporter
"##;

fn site() -> TestSite {
    let site = TestSite::with_config(
        "title = \"Driftwood\"\nbase_url = \"https://docs.example.org/\"\n[languages.en]\n[languages.zh]\n",
    );
    site.write("content/en/_index.md", "---\ntitle: Home\n---\nHome.\n")
        .write("content/zh/_index.md", "---\ntitle: 首页\n---\n首页。\n")
        .write(
            "content/en/support/_index.md",
            "---\ntitle: Support\n---\n{{< support-matrix >}}\n\nSync is {{< support-level component=\"sync\" >}}.\n\n{{< rotation >}}\n\n{{< labels >}}\n\nReport with {{< label \"kind/bug\" >}}.\n",
        )
        .write(
            "content/zh/support/_index.md",
            "---\ntitle: 支持\n---\n同步引擎：{{< support-level component=\"sync\" >}}，实验：{{< support-level level=\"lab\" >}}\n\n{{< rotation >}}\n",
        )
        .write("data/rotation.yaml", ROTATION)
        .write("data/support.yaml", SUPPORT)
        .write("data/labels.yaml", LABELS);
    site
}

#[test]
fn levels_of_support_render_badges_in_each_language_and_the_matrix() {
    let site = site();
    site.build().assert_ok();
    let en = site.read("public/support/index.html");
    assert!(
        en.contains("<a class=\"support-badge support-stable\" href=\"/support/#support-level-stable\" title=\"Fixes for 12 months.\">Stable</a>"),
        "{en}"
    );
    assert!(en.contains("<dt id=\"support-level-lab\">"), "{en}");
    assert!(en.contains("<tr><td>CLI</td><td><a class=\"support-badge support-beta\" href=\"#support-level-beta\">Beta</a></td><td>1.9</td><td>@bo</td></tr>"), "{en}");
    let zh = site.read("public/zh/support/index.html");
    assert!(zh.contains("title=\"修复支持 12 个月。\">稳定</a>"), "{zh}");
    assert!(zh.contains(">实验室</a>"), "{zh}");
}

#[test]
fn labels_render_as_a_table_and_chips_in_their_colours() {
    let site = site();
    site.build().assert_ok();
    let en = site.read("public/support/index.html");
    assert!(en.contains("<span class=\"label-chip\" style=\"background-color: #d73a4a; color: #000000\" title=\"Something is broken\">kind/bug</span>"), "{en}");
    assert!(
        en.contains("<code>#7057ff</code></td><td>Good for newcomers</td>"),
        "{en}"
    );
    assert!(
        en.contains("background-color: #7057ff; color: #ffffff\">good first issue</span>"),
        "{en}"
    );
}

#[test]
fn unknown_labels_components_and_levels_are_errors_at_the_calling_line() {
    let site = site();
    site.write(
        "content/en/triage.md",
        "---\ntitle: Triage\n---\nIntro.\n\n{{< label \"kind/bgu\" >}}\n\n{{< support-level component=\"sink\" >}}\n{{< support-level level=\"gamma\" >}}\n",
    )
    .write(
        "data/labels.yaml",
        &format!("{LABELS}- name: odd\n  color: red\n"),
    );
    let run = site.run(&["check", "--today", "2026-11-21"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for expected in [
        "content/en/triage.md:6: error[shortcode-template]: shortcode `label` failed: there is no label `kind/bgu` in data/labels.yaml",
        "content/en/triage.md:8: error[shortcode-template]: shortcode `support-level` failed: there is no component `sink` in data/support.yaml",
        "content/en/triage.md:9: error[shortcode-template]: shortcode `support-level` failed: there is no level `gamma` in data/support.yaml",
        "data/labels.yaml:10: error[labels]: label `odd`: `color: red` is not a colour of six hex digits",
    ] {
        assert!(
            run.stderr.contains(expected),
            "{expected}\n---\n{}",
            run.stderr
        );
    }
}

#[test]
fn a_component_at_an_unknown_level_is_an_error_at_its_line() {
    let site = site();
    site.write(
        "data/support.yaml",
        &SUPPORT.replace("level: beta", "level: gamma"),
    );
    let run = site.run(&["check", "--today", "2026-11-21"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let line = SUPPORT.lines().position(|l| l.contains("id: cli")).unwrap() + 1;
    let expected = format!(
        "data/support.yaml:{line}: error[support-level]: component `cli`: level `gamma` is not one of the levels (stable, beta, lab)"
    );
    assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
}

/// (start, end, summary) of each event of an iCalendar text, lines unfolded.
fn events(ics: &str) -> Vec<(String, String, String)> {
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
        "{ics}"
    );
    assert!(unfolded.ends_with("END:VCALENDAR\r\n"));
    let mut out = Vec::new();
    for event in unfolded.split("BEGIN:VEVENT\r\n").skip(1) {
        let field = |name: &str| {
            event
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{name}:")))
                .unwrap_or_else(|| panic!("no {name} in {event}"))
                .to_string()
        };
        assert!(event.contains("END:VEVENT"));
        field("UID");
        field("DTSTAMP");
        out.push((field("DTSTART"), field("DTEND"), field("SUMMARY")));
    }
    out
}

#[test]
fn the_rotation_feed_has_one_event_per_shift_in_utc() {
    let site = site();
    site.build().assert_ok();
    let ics = site.read("public/rotation.ics");
    let events = events(&ics);
    let shift =
        |start: &str, end: &str, who: &str| (start.to_string(), end.to_string(), who.to_string());
    // Hand-over at 09:00 in Berlin: 07:00 UTC in summer time (until 25 October), 08:00 after.
    assert_eq!(
        events[0],
        shift("20261019T070000Z", "20261026T080000Z", "Ana Lima (@ana)")
    );
    assert_eq!(
        events[1],
        shift("20261026T080000Z", "20261102T080000Z", "Bo Chen (@bo)")
    );
    // The swap, the override of a whole shift and the override of two days in a shift.
    assert_eq!(events[5].2, "Ana Lima (@ana)", "{events:?}");
    assert_eq!(events[6].2, "Cy Okafor (@cy)", "{events:?}");
    assert_eq!(
        events[8],
        shift("20261214T080000Z", "20261221T080000Z", "Ana Lima (@ana)")
    );
    assert_eq!(
        events[9],
        shift("20261221T080000Z", "20261222T080000Z", "Ana Lima (@ana)")
    );
    assert_eq!(
        events[10],
        shift("20261222T080000Z", "20261224T080000Z", "Cy Okafor (@cy)")
    );
    assert_eq!(
        events[11],
        shift("20261224T080000Z", "20261228T080000Z", "Ana Lima (@ana)")
    );
    assert_eq!(events.len(), 13, "{events:?}");
    // One shift after the other, no gap and no overlap.
    assert!(events.windows(2).all(|w| w[0].1 == w[1].0), "{events:?}");
    assert!(ics.lines().all(|l| l.len() <= 76));
}

#[test]
fn the_schedule_names_who_is_on_duty_at_build_time_and_folds_past_shifts() {
    let site = site();
    site.build().assert_ok();
    let en = site.read("public/support/index.html");
    assert!(
        en.contains("<strong data-rotation-now data-nobody=\"nobody (the rotation has run out)\">Bo Chen (@bo)</strong>"),
        "{en}"
    );
    assert!(en.contains("<summary>Past shifts (4)</summary>"), "{en}");
    assert!(
        en.contains(
            "class=\"rotation-current\" aria-current=\"true\"><td>2026-11-16 – 2026-11-23</td>"
        ),
        "{en}"
    );
    let zh = site.read("public/zh/support/index.html");
    assert!(zh.contains("本周值班："), "{zh}");
}

#[test]
fn the_browser_chooses_who_is_on_duty_again_for_its_own_date() {
    let Some(chromium) = chromium() else { return };
    let site = site();
    // Built on 21 November 2026.
    let server = Server::start_with(&site, &[], |c| {
        c.env("SOURCE_DATE_EPOCH", "1795262400");
    });
    let browser = Browser::start(&chromium);
    let mut tab = browser.tab();
    // The browser's clock: 1 December 2026, noon UTC, ten days after the build.
    tab.call("Page.enable", json!({}));
    tab.call(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "(() => { const at = Date.UTC(2026, 11, 1, 12); const Real = Date; \
            class Fixed extends Real { constructor(...a) { if (a.length) { super(...a); } else { super(at); } } \
            static now() { return at; } } window.Date = Fixed; })();" }),
    );
    tab.navigate(&format!("http://{}/support/", server.addr));
    assert_eq!(
        tab.eval("document.querySelector('[data-rotation-now]').textContent"),
        Value::from("Cy Okafor (@cy)")
    );
    assert_eq!(
        tab.eval("document.querySelector('tr.rotation-current td').textContent"),
        Value::from("2026-11-30 – 2026-12-07")
    );
}

#[test]
fn check_reports_the_rotation_levels_and_labels_and_warns_before_the_rotation_runs_out() {
    let site = site();
    site.write(
        "data/rotation.yaml",
        &format!("{ROTATION}review_soon: 60\n"),
    );
    let run = site.run(&["check", "--today", "2026-11-21", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let support = &report["summary"]["support"];
    assert_eq!(support["rotation"]["on_duty"]["handle"], "@bo", "{support}");
    assert_eq!(support["rotation"]["runs_out"], "2027-01-04");
    assert_eq!(support["rotation"]["days_left"], 44);
    assert_eq!(support["rotation"]["runs_out_soon"], true);
    assert_eq!(support["levels"]["components"]["stable"], json!(["sync"]));
    assert_eq!(support["labels"]["count"], 3);
    let warning = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "rotation-ends-soon")
        .expect("a warning");
    assert_eq!(warning["file"], "data/rotation.yaml");
    assert_eq!(warning["line"], 5);
    let human = site.run(&["check", "--today", "2026-11-21"]);
    assert!(
        human.stderr.contains("Rotation: Bo Chen (@bo) on duty until 2026-11-23; 13 shifts, runs out on 2027-01-04 (44 days left)."),
        "{}",
        human.stderr
    );
    assert!(
        human
            .stderr
            .contains("Levels of support: 2 components (stable 1, beta 1, lab 0)."),
        "{}",
        human.stderr
    );
    assert!(
        human.stderr.contains("Triage labels: 3."),
        "{}",
        human.stderr
    );
}

#[test]
fn overlapping_overrides_and_unknown_people_are_errors_at_their_lines() {
    let site = site();
    let rotation = format!(
        "{ROTATION}  - from: 2026-12-23\n    to: 2026-12-26\n    person: \"@bo\"\n  - date: 2026-11-02\n    person: \"@dee\"\n  - from: 2027-01-02\n    to: 2027-01-09\n    person: \"@bo\"\n"
    );
    site.write("data/rotation.yaml", &rotation);
    let run = site.run(&["check", "--today", "2026-11-21"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let line = |needle: &str| rotation.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for expected in [
        format!(
            "data/rotation.yaml:{}: error[rotation-overlap]: override 2026-12-23 to 2026-12-26 overlaps another one (2026-12-22 to 2026-12-24)",
            line("from: 2026-12-23")
        ),
        format!(
            "data/rotation.yaml:{}: error[rotation-person]: override: `@dee` is not in the rotation's `people`",
            line("date: 2026-11-02")
        ),
        format!(
            "data/rotation.yaml:{}: error[rotation-gap]: override 2027-01-02 to 2027-01-09 is outside the schedule",
            line("from: 2027-01-02")
        ),
    ] {
        assert!(
            run.stderr.contains(&expected),
            "{expected}\n---\n{}",
            run.stderr
        );
    }
}

#[test]
fn the_example_site_builds_its_rotation_levels_and_labels_from_data_in_both_languages() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let run = common::sitegen()
        .args(["build", "--today", "2026-11-21", "-o"])
        .arg(out.path())
        .current_dir(repo)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(!stderr.contains("error["), "{stderr}");
    let read = |p: &str| std::fs::read_to_string(out.path().join(p)).unwrap();
    for (page, on_duty, label) in [
        (
            "support/process/index.html",
            "On duty this week:",
            "Removed by the bot when the reporter replies.",
        ),
        (
            "zh/support/process/index.html",
            "本周值班：",
            "报告者回复后由机器人移除。",
        ),
    ] {
        let html = read(page);
        assert!(html.contains(on_duty), "{page}");
        assert!(html.contains("Chen Jing (@chenjing)</strong>"), "{page}");
        assert!(html.contains(label), "{page}");
        assert!(html.contains(">priority/critical</span>"), "{page}");
    }
    let levels = read("zh/support/levels/index.html");
    assert!(
        levels.contains("<dt id=\"support-level-alpha\">"),
        "{levels}"
    );
    assert!(
        levels.contains(">driftwood/restore-transform</td>"),
        "{levels}"
    );
    let ics = read("rotation.ics");
    assert!(ics.contains("SUMMARY:Lin Wei (@lin)"), "{ics}");
}
