//! Bad input, one case per row: what a contributor can feed sitegen, and the exact error (file,
//! line, code) or the successful build it must produce. Plus output safety (escaping), an
//! unwritable output folder, and builds killed with SIGKILL.

mod common;
use common::TestSite;

/// One row: files to write (besides a one-language `sitegen.toml`), expected exit code, and
/// texts the output must contain.
struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static [u8])],
    code: i32,
    expect: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "invalid UTF-8 names the file and the byte offset",
        files: &[("content/a.md", b"---\ntitle: x\n---\nok\n\xff\xfe bad\n")],
        code: 1,
        expect: &["content/a.md:5: error[invalid-utf8]: not valid UTF-8 at byte offset 20"],
    },
    Case {
        name: "a UTF-8 BOM before the front matter",
        files: &[("content/a.md", "\u{feff}---\ntitle: With BOM\n---\nText.\n".as_bytes())],
        code: 0,
        expect: &[],
    },
    Case {
        name: "CRLF line endings",
        files: &[("content/a.md", b"---\r\ntitle: CRLF\r\n---\r\n## Head\r\n\r\n[x](#head)\r\n")],
        code: 0,
        expect: &[],
    },
    Case {
        name: "an empty file",
        files: &[("content/empty.md", b"")],
        code: 0,
        expect: &[],
    },
    Case {
        name: "front matter never closed",
        files: &[("content/a.md", b"---\ntitle: x\n\nBody without the closing line.\n")],
        code: 1,
        expect: &["content/a.md:1: error[front-matter]: front matter opened with `---` on line 1 is never closed"],
    },
    Case {
        name: "YAML indented with a tab",
        files: &[("content/a.md", b"---\ntitle: x\n\tweight: 1\n---\n")],
        code: 1,
        expect: &["content/a.md:3: error[front-matter]: YAML does not allow tabs for indentation"],
    },
    Case {
        // As Hugo reads it: the last value wins, with a warning.
        name: "YAML duplicate key",
        files: &[("content/a.md", b"---\ntitle: a\nweight: 1\ntitle: b\n---\n")],
        code: 0,
        expect: &["content/a.md:4: warning[front-matter]: duplicate key `title`: the last value is used (line 2 is ignored)"],
    },
    Case {
        name: "YAML unquoted `: ` inside a value",
        files: &[("content/a.md", b"---\ntitle: Note: this breaks\n---\n")],
        code: 1,
        expect: &["content/a.md:2: error[front-matter]", "put the value in quotes"],
    },
    Case {
        name: "TOML with wrong types",
        files: &[("content/a.md", b"+++\ntitle = \"x\"\nweight = \"heavy\"\ndraft = 3\n+++\n")],
        code: 1,
        expect: &[
            "content/a.md:3: error[front-matter]: `weight`: expected a whole number, found \"heavy\"",
            "content/a.md:4: error[front-matter]: `draft`: expected true or false",
        ],
    },
    Case {
        name: "TOML syntax error",
        files: &[("content/a.md", b"+++\ntitle = \"x\"\nweight = = 1\n+++\n")],
        code: 1,
        expect: &["content/a.md:3: error[front-matter]: invalid TOML front matter"],
    },
    Case {
        name: "a date that is not a date",
        files: &[("content/a.md", b"---\ntitle: x\ndate: last tuesday\n---\n")],
        code: 1,
        expect: &["content/a.md:3: error[front-matter]: `date`: \"last tuesday\" is not a date like 2024-03-04"],
    },
    Case {
        name: "a date followed by nonsense (was read as its first ten characters)",
        files: &[
            ("content/faq/_index.md", b"---\ntitle: FAQ\ntype: faq\n---\n"),
            ("content/faq/a.md", b"---\ntitle: A?\nadded: 2024-03-04Tnonsense\nreviewed: \"2025-01-01 is when I think\"\n---\n"),
        ],
        code: 1,
        expect: &[
            "content/faq/a.md:3: error[faq-invalid-date]: `added`: \"2024-03-04Tnonsense\" is not a date like 2024-03-04",
            "content/faq/a.md:4: error[faq-invalid-date]: `reviewed`: \"2025-01-01 is when I think\" is not a date",
        ],
    },
    Case {
        name: "a date and time is a date",
        files: &[
            ("content/faq/_index.md", b"---\ntitle: FAQ\ntype: faq\n---\n"),
            ("content/faq/a.md", b"---\ntitle: A?\nadded: 2024-03-04T10:00:00+02:00\nreviewed: 2025-01-01 09:30\n---\n"),
        ],
        code: 0,
        expect: &[],
    },
    Case {
        name: "two pages that map to the same URL name both",
        files: &[("content/guide.md", b"# One\n"), ("content/guide/index.md", b"# Two\n")],
        code: 1,
        expect: &["error[duplicate-url]", "content/guide.md", "content/guide/index.md", "/guide/"],
    },
    Case {
        name: "paths differing only in case",
        files: &[("content/Setup.md", b"# One\n"), ("content/setup.md", b"# Two\n")],
        code: 1,
        expect: &["error[duplicate-url]", "content/Setup.md", "content/setup.md"],
    },
    Case {
        name: "file names with spaces, Unicode and #",
        files: &[
            ("content/_index.md", "[a](<my page.md>) [b](指南.md) [c](c%23.md#top)\n".as_bytes()),
            ("content/my page.md", b"# Spaces\n"),
            ("content/指南.md", "# 指南\n".as_bytes()),
            ("content/c#.md", b"# C sharp\n\n## Top\n"),
        ],
        code: 0,
        expect: &[],
    },
    Case {
        name: "a template that includes itself",
        files: &[("content/a.md", b"# A\n"), ("templates/page.html", b"<main>\n{% include \"page.html\" %}\n</main>\n")],
        code: 1,
        expect: &["templates/page.html:2: error[template]: template includes itself: page.html"],
    },
    Case {
        name: "a template with a syntax error",
        files: &[("content/a.md", b"# A\n"), ("templates/page.html", b"{% extends \"base.html\" %}\n{% block main %}\n{{ page.title }\n{% endblock main %}\n")],
        code: 1,
        expect: &["templates/page.html:3: error[template]"],
    },
    Case {
        name: "a template that includes a missing one",
        files: &[("content/a.md", b"# A\n"), ("templates/page.html", b"<main>{% include \"partials/nope.html\" %}</main>\n")],
        code: 1,
        expect: &["error[template]", "partials/nope.html", "content/a.md"],
    },
    Case {
        name: "a layout with no template",
        files: &[("content/a.md", b"---\ntitle: A\nlayout: landing\n---\n")],
        code: 0,
        expect: &["content/a.md:3: warning[template-missing]: layout `landing`: there is no template landing.html"],
    },
    Case {
        name: "a macro that calls itself without end (overflowed the stack)",
        files: &[
            ("content/a.md", b"# A\n"),
            ("templates/page.html", b"{% import \"macros.html\" as m %}\n<main>{{ m::f(n=1) }}</main>\n"),
            ("templates/macros.html", b"{% macro f(n) %}{{ self::f(n=n+1) }}{% endmacro f %}\n"),
        ],
        code: 1,
        expect: &["templates/page.html: error[template]", "macro `self::f` is 65 deep in macro calls and includes: sitegen's limit is 64", "content/a.md"],
    },
    Case {
        name: "a template range of 100,000,000 numbers (took 6.4 GB)",
        files: &[("content/a.md", b"# A\n"), ("templates/page.html", b"<main>{% for i in range(end=100000000) %}x{% endfor %}</main>\n")],
        code: 1,
        expect: &["templates/page.html:1: error[template]", "`range` would make 100000000 numbers: sitegen's limit is 1000000"],
    },
    Case {
        name: "template loops that run 100,000,000 times",
        files: &[("content/a.md", b"# A\n"), ("templates/page.html", b"<main>{% for i in range(end=100000) %}{% for j in range(end=1000) %}{% endfor %}{% endfor %}</main>\n")],
        code: 1,
        expect: &["templates/page.html: error[template]", "loops ran more than 10000000 times"],
    },
    Case {
        name: "a config that is not TOML",
        files: &[("sitegen.toml", b"title = \"x\"\n[languages\n")],
        code: 1,
        expect: &["sitegen.toml:2: error[config]"],
    },
];

#[test]
fn every_bad_input_case() {
    let mut failures = Vec::new();
    for case in CASES {
        let site = TestSite::with_config("title = \"Bad input\"\n");
        std::fs::create_dir_all(site.path().join("content")).unwrap();
        for (path, bytes) in case.files {
            let p = site.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
        let run = site.build();
        let missing: Vec<_> = case
            .expect
            .iter()
            .filter(|e| !run.stderr.contains(*e))
            .collect();
        if run.code != case.code || !missing.is_empty() {
            failures.push(format!(
                "{}: exit {} (want {}), missing {:?}\n{}",
                case.name, run.code, case.code, missing, run.stderr
            ));
        }
        if case.code == 0 && run.code == 0 {
            assert!(site.exists("public/index.html"), "{}", case.name);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn odd_file_names_get_working_urls() {
    let site = TestSite::with_config("title = \"x\"\n");
    site.write(
        "content/_index.md",
        "[a](<my page.md>) [b](指南.md) [c](c%23.md#top)\n",
    )
    .write("content/my page.md", "# Spaces\n")
    .write("content/指南.md", "# 指南\n")
    .write("content/c#.md", "# C sharp\n\n## Top\n");
    site.build().assert_ok();
    let home = site.read("public/index.html");
    assert!(home.contains("href=\"/my-page/\""), "{home}");
    assert!(
        home.contains("href=\"/%E6%8C%87%E5%8D%97/\"") || home.contains("href=\"/指南/\""),
        "{home}"
    );
    assert!(home.contains("href=\"/c%23/#top\""), "{home}");
    assert!(site.exists("public/my-page/index.html"));
    assert!(site.exists("public/指南/index.html"));
    assert!(site.exists("public/c#/index.html"));
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let site = TestSite::with_config("title = \"x\"\n");
    let quotes = format!("{}deep quote\n", "> ".repeat(10_000));
    let lists = format!("{}deep list\n", "- ".repeat(10_000));
    site.write("content/quotes.md", &quotes)
        .write("content/lists.md", &lists);
    site.build().assert_ok();
    assert!(site.read("public/quotes/index.html").contains("deep quote"));
    assert!(site.read("public/lists/index.html").contains("deep list"));
}

#[test]
fn a_50_mb_page_builds() {
    let site = TestSite::with_config("title = \"x\"\n");
    let para = "A paragraph of support text with a [link](#big) and `code`.\n\n";
    let mut text = String::from("---\ntitle: Big\n---\n## Big\n\n");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(para);
    }
    site.write("content/big.md", &text);
    site.build().assert_ok();
    let meta = std::fs::metadata(site.path().join("public/big/index.html")).unwrap();
    assert!(meta.len() > 50 * 1024 * 1024);
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_unreadable_files_are_errors_not_crashes() {
    let site = TestSite::with_config("title = \"x\"\n");
    site.write("content/a.md", "# A\n");
    std::os::unix::fs::symlink(
        site.path().join("content"),
        site.path().join("content/loop"),
    )
    .unwrap();
    std::os::unix::fs::symlink("/nonexistent/file.md", site.path().join("content/gone.md"))
        .unwrap();
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/loop: error[read]: symlink loop"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/gone.md: error[read]: cannot read"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_file_without_read_permission_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let site = TestSite::with_config("title = \"x\"\n");
    site.write("content/secret.md", "# Secret\n");
    let path = site.path().join("content/secret.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        // Running as root: permissions don't stop reads, so there is nothing to test here;
        // the dangling-symlink case above covers the same error path.
        return;
    }
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/secret.md: error[read]: cannot read: Permission denied"),
        "{}",
        run.stderr
    );
}

#[test]
fn front_matter_values_are_escaped_everywhere() {
    let site = TestSite::with_config("title = \"x\"\n");
    site.write(
        "content/faq/_index.md",
        "---\ntitle: FAQ\ntype: faq\n---\n",
    )
    .write(
        "content/faq/evil.md",
        "---\ntitle: \"<script>alert(1)</script>\"\ndescription: \"\\\" onmouseover=\\\"alert(2)\"\nadded: 2026-01-01\n---\nBody with <b>trusted raw HTML</b>.\n",
    );
    site.build().assert_ok();
    for page in ["public/faq/evil/index.html", "public/faq/index.html"] {
        let html = site.read(page);
        assert!(!html.contains("<script>alert(1)"), "{page}: {html}");
        assert!(!html.contains("\" onmouseover=\"alert(2)"), "{page}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{page}"
        );
    }
    // Raw HTML in the Markdown body is content, and stays.
    assert!(
        site.read("public/faq/evil/index.html")
            .contains("<b>trusted raw HTML</b>")
    );
}

/// Runs a build with a file-size limit so writing fails half-way, as a full disk would.
#[cfg(unix)]
#[test]
fn an_output_folder_that_cannot_be_written_keeps_the_old_site() {
    let site = TestSite::with_config("title = \"x\"\n");
    site.write("content/a.md", "# Old\n");
    site.build().assert_ok();
    let before = site.read("public/a/index.html");
    site.write(
        "content/a.md",
        &format!("# New\n\n{}", "Long text. ".repeat(2000)),
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 8; exec \"$0\" build")
        .arg(env!("CARGO_BIN_EXE_sitegen"))
        .current_dir(site.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[write]: cannot write"), "{stderr}");
    assert_eq!(
        site.read("public/a/index.html"),
        before,
        "the old site stays"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("sitegen-"))
        .collect();
    assert!(leftovers.is_empty(), "no temp folder left");
}

/// All files under `dir` with their contents.
fn snapshot(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_a_complete_site() {
    let site = TestSite::with_config("title = \"x\"\n");
    let page = "## Section\n\nSome text with a [link](#section).\n\n".repeat(40);
    for i in 0..1500 {
        site.write(
            &format!("content/s{}/p{i}.md", i % 30),
            &format!("---\ntitle: Page {i}\n---\n{page}"),
        );
    }
    site.build().assert_ok();
    let old = snapshot(&site.path().join("public"));
    for i in 0..1500 {
        site.write(
            &format!("content/s{}/p{i}.md", i % 30),
            &format!("---\ntitle: Changed {i}\n---\n{page}"),
        );
    }
    let mut killed = 0;
    for delay_ms in [5u64, 30, 80, 150, 250, 400, 600, 900] {
        let mut child = common::sitegen()
            .args(["build", "--quiet"])
            .current_dir(site.path())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        child.wait().unwrap();
        let now = snapshot(&site.path().join("public"));
        if now != old {
            // The build finished before the kill: then the new site must be complete.
            assert_eq!(now.len(), old.len(), "after {delay_ms} ms: a partial site");
            assert!(
                String::from_utf8_lossy(&now["s0/p0/index.html"]).contains("Changed 0"),
                "after {delay_ms} ms: a mix of old and new"
            );
            break;
        }
    }
    assert!(
        killed > 0,
        "no build was killed mid-way: make the fixture bigger"
    );
    // The next build cleans up what the killed ones left behind.
    site.build().assert_ok();
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("sitegen-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(site.read("public/s0/p0/index.html").contains("Changed 0"));
}

/// `{{< details >}}` 3,000 deep and `{{% note %}}` 2,000 deep overflowed the stack (exit 134,
/// no message): now an error at the line where the nesting goes too deep.
#[test]
fn shortcodes_nested_too_deep_are_an_error_not_a_crash() {
    let site = TestSite::with_config("title = \"x\"\n");
    let details = format!(
        "# Details\n\n{}hi\n{}",
        "{{< details \"x\" >}}\n".repeat(3000),
        "{{< /details >}}\n".repeat(3000)
    );
    let notes = format!(
        "# Notes\n\n{}hi\n{}",
        "{{% note %}}\n".repeat(2000),
        "{{% /note %}}\n".repeat(2000)
    );
    site.write("content/details.md", &details)
        .write("content/notes.md", &notes);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    // The 101st shortcode inside another is on line 3 + 100.
    for page in ["details", "notes"] {
        let want = format!("content/{page}.md:103: error[shortcode-nesting]");
        assert!(run.stderr.contains(&want), "{want}\n{}", run.stderr);
    }
    // 100 deep is fine.
    let fine = format!(
        "{}hi\n{}",
        "{{% note %}}\n".repeat(100),
        "{{% /note %}}\n".repeat(100)
    );
    site.write("content/details.md", &fine)
        .write("content/notes.md", "# Notes\n");
    site.build().assert_ok();
    assert_eq!(
        site.read("public/details/index.html")
            .matches("sg-alert-note")
            .count(),
        100
    );
}

/// A template 3,000 blocks or 5,000 parentheses deep overflowed the stack while Tera parsed it.
#[test]
fn templates_nested_too_deep_are_an_error_not_a_crash() {
    let site = TestSite::with_config("title = \"x\"\n");
    site.write("content/a.md", "# A\n");
    let ifs = format!(
        "<main>\n{}x{}</main>\n",
        "{% if true %}".repeat(3000),
        "{% endif %}".repeat(3000)
    );
    site.write("templates/page.html", &ifs);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let want = "templates/page.html:2: error[template]: template nests too deep: `{% if %}` is the 65th block inside one another (at most 64)";
    assert!(run.stderr.contains(want), "{}", run.stderr);
    let parens = format!(
        "<main>{{{{ {}1{} }}}}</main>\n",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    site.write("templates/page.html", &parens);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let want = "templates/page.html:1: error[template]: template nests too deep: an expression nests 5000 brackets deep (at most 64)";
    assert!(run.stderr.contains(want), "{}", run.stderr);
}

/// `notes.MD` and a draft's `page.md.orig` were published as raw files (the `.orig` leaked its
/// text): Markdown is matched whatever its case, and editor and merge leftovers are never
/// published, each named in a note.
#[test]
fn leftovers_are_never_published_and_markdown_is_any_case() {
    let site = TestSite::with_config("title = \"x\"\n");
    site.write("content/notes.MD", "# Notes\n\nIn capitals.\n")
        .write("content/guide.Markdown", "# Guide\n")
        .write("content/page.md", "# Page\n\nSee [the notes](notes.MD).\n")
        .write("content/page.md.orig", "# Page\n\nSecret draft.\n")
        .write("content/page.md.bak", "secret")
        .write("content/page.md.rej", "secret")
        .write("content/page.md~", "secret")
        .write("content/page.md.swp", "secret")
        .write("content/.#page.md", "secret")
        .write("content/#page.md#", "secret")
        .write("content/logo.png", "png")
        .write("static/site.css", "body {}")
        .write("static/site.css.orig", "secret");
    let run = site.build();
    run.assert_ok();
    assert!(
        site.read("public/notes/index.html")
            .contains("In capitals.")
    );
    assert!(
        site.read("public/page/index.html")
            .contains("<a href=\"/notes/\">the notes</a>"),
        "a link to notes.MD goes to its page"
    );
    assert!(site.exists("public/guide/index.html"));
    assert!(!site.exists("public/notes.MD"));
    assert!(site.exists("public/logo.png"));
    let published: Vec<String> = walkdir::WalkDir::new(site.path().join("public"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("page") || n.starts_with(".#") || n.starts_with('#'))
        .collect();
    assert!(published.is_empty(), "{published:?}");
    for leftover in ["page.md.orig", "page.md.bak", "page.md.rej", "page.md~"] {
        let want = format!("content/{leftover}: note[leftover-file]: not published:");
        assert!(run.stderr.contains(&want), "{want}\n{}", run.stderr);
    }
    assert!(site.exists("public/site.css"));
    assert!(!site.exists("public/site.css.orig"));
    assert!(
        run.stderr.contains(
            "static/site.css.orig: note[leftover-file]: not used: a merge or patch leftover"
        ),
        "{}",
        run.stderr
    );
}

/// `GET path` from a running `sitegen serve`: the status and the body.
fn http_get(addr: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).expect("read the answer");
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// The errors `sitegen serve` reports for its last build (`/__sitegen/status`).
fn serve_errors(server: &common::serve::Server) -> String {
    let (status, body) = http_get(&server.addr, "/__sitegen/status");
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).expect("status is JSON");
    json["errors"].to_string()
}

/// `content/env.txt → /proc/self/environ` published the build's environment, and a `static/`
/// link to a secret beside the site was copied, silently; a `static/` link to `/` walked the
/// whole disk. Now each is an error naming the link, in build, check and serve alike, unless
/// `[build] allow_links_to` lists where it leads.
#[cfg(unix)]
#[test]
fn symlinks_that_lead_outside_the_site_are_refused_by_name() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOP SECRET").unwrap();
    std::fs::write(outside.path().join("notes.md"), "# TOP SECRET notes\n").unwrap();
    std::fs::write(outside.path().join("logo.png"), "png").unwrap();
    std::fs::write(
        outside.path().join("strings.ftl"),
        "built-with = TOP SECRET\n",
    )
    .unwrap();
    let site = TestSite::with_config("title = \"x\"\n");
    site.write("content/a.md", "# A\n")
        .write("static/site.css", "body {}")
        .write("content/inside.txt", "fine");
    let link = |target: &std::path::Path, at: &str| {
        let at = site.path().join(at);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        symlink(target, at).unwrap();
    };
    link(
        std::path::Path::new("/proc/self/environ"),
        "content/env.txt",
    );
    link(&outside.path().join("notes.md"), "content/notes.md");
    link(&outside.path().join("secret.txt"), "static/secret.txt");
    link(std::path::Path::new("/"), "static/root");
    link(&outside.path().join("strings.ftl"), "i18n/en/strings.ftl");
    // Links inside the site are fine.
    link(&site.path().join("content/inside.txt"), "static/copy.txt");
    let refused = [
        "content/env.txt: error[link-outside]: content/env.txt is a symbolic link to /proc/",
        "content/notes.md: error[link-outside]",
        "static/secret.txt: error[link-outside]: static/secret.txt is a symbolic link to",
        "static/root: error[link-outside]: static/root is a symbolic link to /, outside the site",
        "i18n/en/strings.ftl: error[link-outside]",
    ];
    for command in ["build", "check"] {
        let run = site.run(&[command]);
        assert_eq!(run.code, 1, "{command}: {}", run.stderr);
        for want in refused {
            assert!(
                run.stderr.contains(want),
                "{command}: {want}\n{}",
                run.stderr
            );
        }
        assert!(!run.stderr.contains("TOP SECRET"), "{}", run.stderr);
    }
    assert!(!site.exists("public"), "nothing published");
    let server = common::serve::Server::start(&site, &[]);
    let errors = serve_errors(&server);
    for file in [
        "content/env.txt",
        "content/notes.md",
        "static/secret.txt",
        "static/root",
        "i18n/en/strings.ftl",
    ] {
        assert!(errors.contains(file), "{file}: {errors}");
    }
    assert_eq!(http_get(&server.addr, "/secret.txt").0, 404);
    drop(server);

    // Allowed where the site says so; the rest stays refused.
    std::fs::remove_file(site.path().join("content/env.txt")).unwrap();
    std::fs::remove_file(site.path().join("static/root")).unwrap();
    std::fs::remove_file(site.path().join("static/secret.txt")).unwrap();
    std::fs::remove_file(site.path().join("i18n/en/strings.ftl")).unwrap();
    link(&outside.path().join("logo.png"), "static/logo.png");
    site.write(
        "sitegen.toml",
        &format!(
            "title = \"x\"\n[build]\nallow_links_to = [\"{}\"]\n",
            outside.path().display()
        ),
    );
    site.build().assert_ok();
    assert_eq!(site.read("public/logo.png"), "png");
    assert!(
        site.read("public/notes/index.html")
            .contains("TOP SECRET notes")
    );
    assert_eq!(site.read("public/copy.txt"), "fine");
}

/// `slug: "../../x"`, `url: /../../etc/`, `aliases: ["../../outside"]` and a page named
/// `sitegen.css.md` passed `check` and `serve` while `build` failed naming no file; `url:
/// "/q?x=1#frag"` wrote a folder of that name and an alias to `https://evil.example/x` wrote
/// `public/https:/evil.example/x/`. Each is now the same error, at the page's line, in all three.
#[test]
fn output_paths_are_judged_at_load_alike_in_build_check_and_serve() {
    let site = TestSite::with_config("title = \"x\"\n");
    site.write("content/a.md", "---\ntitle: A\nslug: \"../../x\"\n---\n")
        .write("content/b.md", "---\ntitle: B\nurl: /../../etc/\n---\n")
        .write(
            "content/c.md",
            "---\ntitle: C\naliases: [\"../../outside\"]\n---\n",
        )
        .write("content/sitegen.css.md", "# CSS\n")
        .write("content/d.md", "---\ntitle: D\nurl: \"/q?x=1#frag\"\n---\n")
        .write(
            "content/e.md",
            "---\ntitle: E\naliases:\n  - /old/\n  - https://evil.example/x\n---\n",
        )
        .write("content/f.md", "---\ntitle: F\nurl: /%2e%2e/y/\n---\n");
    let want = [
        "content/a.md:3: error[page-url]: `slug: ../../x` cannot be this page's URL: it would be written outside the output folder",
        "content/b.md:3: error[page-url]: `url: /../../etc/` cannot be this page's URL",
        "content/c.md:3: error[page-url]: alias `../../outside` cannot be a URL of this page",
        "content/sitegen.css.md:1: error[duplicate-output]: (built-in theme) static/sitegen.css would write the file /sitegen.css, where the page content/sitegen.css.md needs a folder",
        "content/d.md:3: error[page-url]: `url: /q?x=1#frag` cannot be this page's URL: a page's path has no query (`?`) or fragment (`#`)",
        "content/e.md:3: error[page-url]: alias `https://evil.example/x` cannot be a URL of this page: it is a full URL",
        "content/f.md:3: error[page-url]: `url: /%2e%2e/y/` cannot be this page's URL",
    ];
    for command in ["build", "check"] {
        let run = site.run(&[command]);
        assert_eq!(run.code, 1, "{command}: {}", run.stderr);
        for w in want {
            assert!(run.stderr.contains(w), "{command}: {w}\n{}", run.stderr);
        }
        assert!(!run.stderr.contains("error[write]"), "{}", run.stderr);
    }
    assert!(!site.exists("public"));
    let server = common::serve::Server::start(&site, &[]);
    let errors = serve_errors(&server);
    for (file, line) in [
        ("content/a.md", 3),
        ("content/b.md", 3),
        ("content/c.md", 3),
        ("content/sitegen.css.md", 1),
        ("content/d.md", 3),
        ("content/e.md", 3),
        ("content/f.md", 3),
    ] {
        let at = format!("\"file\":\"{file}\",\"line\":{line}");
        assert!(errors.contains(&at), "{at}: {errors}");
    }
}

/// A page whose folder is a file sitegen writes itself (`sitemap.xml.md` →
/// `sitemap.xml/index.html`): the same error in build, check and serve.
#[test]
fn a_page_on_a_generated_file_is_an_error_everywhere() {
    let site = TestSite::with_config("title = \"x\"\n");
    site.write("content/sitemap.xml.md", "# Sitemap\n");
    let want = "error[duplicate-output]: sitemap.xml";
    for command in ["build", "check"] {
        let run = site.run(&[command]);
        assert_eq!(run.code, 1, "{command}: {}", run.stderr);
        assert!(run.stderr.contains(want), "{command}: {}", run.stderr);
    }
    let server = common::serve::Server::start(&site, &[]);
    let errors = serve_errors(&server);
    assert!(errors.contains("duplicate-output"), "{errors}");
}

/// A symlinked output folder is refused, as README says; it was followed when named with a
/// trailing slash or through `./` (`--output public/`, `output_dir = "public/"`).
#[cfg(unix)]
#[test]
fn a_symlinked_output_folder_is_refused_however_it_is_named() {
    let site = TestSite::with_config("title = \"x\"\n");
    site.write("content/a.md", "# A\n");
    // An empty folder, which a build would take as its own.
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.path().join("public")).unwrap();
    let refused = "error[output-path]: refusing to use";
    for args in [
        &["build"][..],
        &["build", "--output", "public/"],
        &["build", "--output", "./public"],
        &["build", "--output", "public/."],
    ] {
        let run = site.run(args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(refused), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("symbolic link"),
            "{args:?}: {}",
            run.stderr
        );
        let left: Vec<_> = std::fs::read_dir(elsewhere.path())
            .unwrap()
            .flatten()
            .collect();
        assert!(left.is_empty(), "{args:?} wrote through the link: {left:?}");
    }
    site.write("sitegen.toml", "title = \"x\"\noutput_dir = \"public/\"\n");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(refused), "{}", run.stderr);
    let left: Vec<_> = std::fs::read_dir(elsewhere.path())
        .unwrap()
        .flatten()
        .collect();
    assert!(left.is_empty(), "written through the link: {left:?}");
}

/// The temporary folders beside `public/` (`.public.sitegen-…`).
fn temp_folders(site: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(site)
        .unwrap()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("sitegen-"))
        .collect()
}

/// A build killed while it removed the previous site (after the swap) left a temporary folder
/// that no later build removed (6 of 10 such kills): the marker that makes it ours could go
/// before the rest. Killed at several points of that removal, the next build cleans up.
#[cfg(unix)]
#[test]
fn a_build_killed_while_it_removes_the_old_site_leaves_nothing_behind() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::with_config("title = \"x\"\n");
    site.write("content/a.md", "# A\n");
    let files = |i: usize| format!("f{}/{i}.txt", i % 40);
    for i in 0..4000 {
        site.write(&format!("static/{}", files(i)), "x");
    }
    site.build().assert_ok();
    let public = site.path().join("public");
    let mut caught = 0;
    // Killed once this many of 40 sample files of the old site are gone.
    for gone in [4, 20, 36] {
        let mut child = common::sitegen()
            .args(["build", "--quiet"])
            .current_dir(site.path())
            .spawn()
            .unwrap();
        // After the swap, the build's temporary folder holds the old site.
        let old = site
            .path()
            .join(format!(".public.sitegen-tmp-{}", child.id()));
        let before = std::fs::metadata(&public).unwrap().ino();
        loop {
            let swapped = std::fs::metadata(&public).is_ok_and(|m| m.ino() != before);
            let missing = (0..40)
                .filter(|k| swapped && !old.join(files(k * 100)).exists())
                .count();
            if swapped && missing >= gone {
                child.kill().unwrap(); // SIGKILL
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
        }
        child.wait().unwrap();
        if temp_folders(site.path()).is_empty() {
            continue; // the old site was gone before the kill
        }
        caught += 1;
        site.build().assert_ok();
        let left = temp_folders(site.path());
        assert!(
            left.is_empty(),
            "killed after {gone}/40: the next build left {left:?}"
        );
    }
    assert!(
        caught > 0,
        "no build was killed while removing the old site: make the site bigger"
    );
    let beside: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("sitegen-"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

/// Two builds into one output: the second deleted the first's temporary folder, and the first
/// failed with "No such file or directory". Now the second is refused, naming the first.
#[cfg(unix)]
#[test]
fn a_second_build_into_the_same_output_is_refused_while_the_first_writes() {
    let site = TestSite::with_config("title = \"x\"\n");
    let page = "## Section\n\nSome text with a [link](#section).\n\n".repeat(40);
    for i in 0..1500 {
        site.write(
            &format!("content/s{}/p{i}.md", i % 30),
            &format!("---\ntitle: Page {i}\n---\n{page}"),
        );
    }
    let first = common::sitegen()
        .args(["build", "--quiet"])
        .current_dir(site.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Once the first is writing its temporary folder, a second starts.
    let tmp = site
        .path()
        .join(format!(".public.sitegen-tmp-{}", first.id()));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !tmp.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the first build never began writing"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    // A small site, so it reaches the output while the first still writes.
    let other = TestSite::with_config("title = \"other\"\n");
    other.write("content/a.md", "# A\n");
    let public = site.path().join("public");
    let second = other.run(&["build", "--output", public.to_str().unwrap()]);
    let first_pid = first.id();
    let first = first.wait_with_output().unwrap();
    assert!(
        first.status.success(),
        "the first build failed: {}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(second.code, 1, "{}", second.stderr);
    let want = format!(
        "another build is writing {} (pid {first_pid})",
        site.path().join("public").display()
    );
    assert!(second.stderr.contains(&want), "{want}\n{}", second.stderr);
    assert!(site.read("public/s0/p0/index.html").contains("Page 0"));
    // Once it is done, the next build goes ahead, and nothing is left beside the output.
    site.build().assert_ok();
    let beside: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("sitegen-"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

/// The status of a running `sitegen serve` after `change`, once a rebuild's status satisfies
/// `done` (bounded wait: a save may come as more than one rebuild).
fn serve_after_change(
    server: &common::serve::Server,
    change: impl FnOnce(),
    done: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let status = |path: &str| -> serde_json::Value {
        let (code, body) = http_get(&server.addr, path);
        assert_eq!(code, 200, "{path}: {body}\n{}", server.stderr());
        serde_json::from_str(&body).expect("JSON")
    };
    let mut seen = status("/__sitegen/status")["version"].as_u64().unwrap();
    change();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let now = status(&format!("/__sitegen/wait?v={seen}"));
        if now["version"].as_u64() != Some(seen) && done(&now) {
            return now;
        }
        seen = now["version"].as_u64().unwrap();
        assert!(
            std::time::Instant::now() < deadline,
            "no such rebuild within 60 s: {now}\n{}",
            server.stderr()
        );
    }
}

/// Saving a page nested 3,000 deep, or a template whose macro calls itself, killed a running
/// `sitegen serve` with a stack overflow. Now the rebuild fails with the error at its line, and
/// the server lives on with the last good site.
#[test]
fn serve_lives_through_a_page_or_template_nested_too_deep() {
    let site = TestSite::with_config("title = \"x\"\n");
    site.write("content/a.md", "# A\n\nFirst version.\n");
    let server = common::serve::Server::start(&site, &[]);
    let deep = format!(
        "# Deep\n\n{}hi\n{}",
        "{{< details \"x\" >}}\n".repeat(3000),
        "{{< /details >}}\n".repeat(3000)
    );
    let has =
        |text: &'static str| move |s: &serde_json::Value| s["errors"].to_string().contains(text);
    let s = serve_after_change(
        &server,
        || {
            site.write("content/deep.md", &deep);
        },
        has("content/deep.md"),
    );
    let errors = s["errors"].to_string();
    assert!(errors.contains("shortcode-nesting"), "{errors}");
    assert!(
        errors.contains("\"file\":\"content/deep.md\",\"line\":103"),
        "{errors}"
    );
    let (code, body) = http_get(&server.addr, "/a/");
    assert_eq!(code, 200);
    assert!(body.contains("First version."), "{body}");

    let s = serve_after_change(
        &server,
        || {
            std::fs::remove_file(site.path().join("content/deep.md")).unwrap();
            site.write(
                "templates/macros.html",
                "{% macro f(n) %}{{ self::f(n=n+1) }}{% endmacro f %}\n",
            )
            .write(
                "templates/page.html",
                "{% import \"macros.html\" as m %}\n<main>{{ m::f(n=1) }}</main>\n",
            );
        },
        has("macro calls"),
    );
    let errors = s["errors"].to_string();
    assert!(errors.contains("65 deep in macro calls"), "{errors}");
    assert_eq!(http_get(&server.addr, "/a/").0, 200, "{}", server.stderr());
}
