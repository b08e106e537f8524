//! Site data (`data/`), menus, navigation from a data file and the support blocks built from
//! data (rotation, levels of support, labels), built by the real binary.

mod common;

use common::TestSite;

fn site() -> TestSite {
    let site = TestSite::with_config("title = \"Data\"\n");
    site.write("content/_index.md", "---\ntitle: Home\n---\nHome.\n");
    site
}

#[test]
fn data_files_reach_templates_and_shortcodes_by_path() {
    let site = site();
    site.write("data/releases/1.9.yaml", "date: 2026-01-01\nnotes: [a, b]\n")
        .write("data/team.toml", "lead = \"Ana\"\n")
        .write("data/ports.json", "{\"http\": 8080}\n")
        .write("data/notes.txt", "not data")
        .write(
            "templates/shortcodes/facts.html",
            "{{ site.data.releases[\"1.9\"].date }}|{{ site.data.releases[\"1.9\"].notes | join(sep=\",\") }}|{{ site.data.team.lead }}|{{ site.data.ports.http }}",
        )
        .write(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block content %}<p id=\"keys\">{{ site.data | json_encode }}</p>{{ page.content | safe }}{% endblock %}",
        )
        .write("content/facts.md", "---\ntitle: Facts\n---\n{{< facts >}}\n");
    site.build().assert_ok();
    let page = site.read("public/facts/index.html");
    assert!(page.contains("2026-01-01|a,b|Ana|8080"), "{page}");
    assert!(!page.contains("notes.txt"), "{page}");
}

#[test]
fn a_data_file_that_does_not_parse_is_an_error_at_its_line() {
    let site = site();
    site.write("data/ok.yaml", "a: 1\n")
        .write("data/releases/bad.yaml", "a: 1\nb: [unclosed\nc: 2\n")
        .write("data/bad.json", "{\n  \"a\": 1,\n  \"b\": \n}\n")
        .write("data/bad.toml", "a = 1\nb = \"open\n");
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut found: Vec<(String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "data")
        .map(|d| {
            assert_eq!(d["severity"], "error", "{d}");
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("data/bad.json".to_string(), 4),
            ("data/bad.toml".to_string(), 2),
            ("data/releases/bad.yaml".to_string(), 3),
        ]
    );
    assert!(!site.exists("public"));
}

#[test]
fn a_site_without_data_sees_an_empty_table() {
    let site = site();
    site.write(
        "templates/index.html",
        "{{ site.data | length }} data files",
    );
    site.build().assert_ok();
    assert_eq!(site.read("public/index.html"), "0 data files");
}
