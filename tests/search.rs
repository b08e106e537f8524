//! Offline search, end to end: the example site (the repository root) is built by the real
//! binary under a `/docs/` root, served by a small HTTP server thread (the index is fetched
//! with `fetch()`, which does not work from `file://`), and driven in headless Chromium over the
//! DevTools protocol: type into the search box, wait for results, check them.
//!
//! Needs `chromium` on PATH (Debian's package; CI installs it). Without it the test fails,
//! unless `SITEGEN_SKIP_BROWSER=1`.

mod common;
use common::browser::{Browser, Tab, chromium};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-21";

#[test]
fn index_files_of_the_example_site() {
    let out = tempfile::tempdir().unwrap();
    build_example(out.path(), "https://driftwood.example.org/");
    let site = out.path().join("site");
    for lang in ["en", "zh"] {
        let index: Value = serde_json::from_slice(
            &std::fs::read(site.join(format!("search/{lang}.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(index["lang"], lang);
        let per_file = index["per_file"].as_u64().unwrap() as usize;
        let files = index["docs"].as_array().expect("small site: docs inline");
        // [url, flags] of each document, from the document files: `[[pages], [documents]]`,
        // a page `[url, title]`, a document `[page, anchor, heading, text, flags]`.
        let docs: Vec<(String, u64)> = files
            .iter()
            .flat_map(|f| {
                assert!(f[1].as_array().unwrap().len() <= per_file);
                f[1].as_array().unwrap().iter().map(|d| {
                    let page = f[0][d[0].as_u64().unwrap() as usize][0].as_str().unwrap();
                    let url = match d[1].as_str().unwrap() {
                        "" => page.to_string(),
                        anchor => format!("{page}#{anchor}"),
                    };
                    (url, d[4].as_u64().unwrap())
                })
            })
            .collect();
        assert_eq!(docs.len() as u64, index["count"].as_u64().unwrap());
        let found = |query: &str| -> Vec<String> {
            // A facet (`name:value`) is a term as it is.
            let tokens = match query.contains(':') {
                true => vec![query.to_string()],
                false => sitegen::search::tokens(query, sitegen::search::stems(lang)),
            };
            let mut ids: Option<Vec<u64>> = None;
            for t in tokens
                .iter()
                .filter(|t| query.chars().count() < 2 || t.chars().count() > 1 || t.is_ascii())
            {
                let these: Vec<u64> = index["terms"][t.as_str()]
                    .as_str()
                    .map(|list| {
                        let postings = sitegen::search::decode_postings(list).unwrap();
                        postings.into_iter().map(|v| u64::from(v) / 8).collect()
                    })
                    .unwrap_or_default();
                ids = Some(match ids {
                    None => these,
                    Some(prev) => prev.into_iter().filter(|i| these.contains(i)).collect(),
                });
            }
            ids.unwrap_or_default()
                .into_iter()
                .map(|i| docs[i as usize].0.clone())
                .collect()
        };
        if lang == "en" {
            // "rotation" is stemmed like "rotations"; the process page's rotation section.
            assert!(found("rotation").contains(&"/support/process/#weekly-rotation".to_string()));
            assert!(found("rotations").contains(&"/support/process/#weekly-rotation".to_string()));
        } else {
            assert!(found("轮值").contains(&"/zh/support/process/#weekly-rotation".to_string()));
            assert!(
                found("获取帮助")
                    .iter()
                    .any(|u| u.starts_with("/zh/getting-help/"))
            );
        }
        // Facets: each section's documents have its term, listed with its label.
        assert!(
            index["facets"]["section"]["faq"].is_string(),
            "{}",
            index["facets"]
        );
        assert!(!found("section:faq").is_empty());
        assert!(
            found("section:faq")
                .iter()
                .all(|u| u.starts_with(&format!("{}/faq/", if lang == "en" { "" } else { "/zh" }))),
            "{:?}",
            found("section:faq")
        );
        assert!(
            found("category:backup")
                .iter()
                .any(|u| u.ends_with("/faq/backup-encryption/"))
        );
        // Stale FAQ entries carry the flag (the same entries in both languages).
        let stale: Vec<&str> = docs
            .iter()
            .filter(|d| d.1 & 2 != 0)
            .map(|d| d.0.as_str())
            .collect();
        let prefix = if lang == "en" { "" } else { "/zh" };
        assert!(
            stale.contains(&format!("{prefix}/faq/air-gapped-install/").as_str()),
            "{stale:?}"
        );
        assert!(
            !stale.iter().any(|u| u.contains("kubernetes-versions")),
            "{stale:?}"
        );
        let mut stale_facet = found("stale:yes");
        stale_facet.sort();
        let mut stale_flag: Vec<String> = stale.iter().map(|s| s.to_string()).collect();
        stale_flag.sort();
        assert_eq!(stale_facet, stale_flag);
    }
    // The box is in every page, hidden until the script runs.
    let html = std::fs::read_to_string(site.join("zh/support/process/index.html")).unwrap();
    assert!(html.contains("data-index=\"/search/zh.json\""), "{html}");
    assert!(html.contains("<form class=\"site-search\" role=\"search\" hidden"));
    assert!(html.contains("<script src=\"/search.js\" defer></script>"));
}

#[test]
fn search_box_in_headless_chromium() {
    let Some(chromium) = chromium() else { return };
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    build_example(dir.path(), &format!("http://127.0.0.1:{port}/docs/"));
    let site = dir.path().join("site");
    {
        let site = site.clone();
        std::thread::spawn(move || serve(listener, &site, "/docs/"));
    }
    let base = format!("http://127.0.0.1:{port}/docs/");
    let browser = Browser::start(&chromium);
    let mut tab = browser.tab();

    // The JavaScript tokenizer agrees with the Rust one.
    tab.open(&format!("{base}support/process/"));
    for (text, stem) in [
        (
            "Résumé the Rotations, kind/bug v1.14! restored policies",
            true,
        ),
        ("获取支持的方式。Driftwood 每周轮值", false),
        ("Ünïcödé ΣΟΦΙΑΣ naïve café 東京タワー", true),
        // Script changes and full-width punctuation end a run.
        (
            "Driftwood备份加密TLS1.3，对象存储（S3）：ｖ１４「恢复」",
            false,
        ),
    ] {
        let js: Vec<String> = serde_json::from_value(
            tab.eval(&format!("sitegenSearch.tokenize({}, {stem})", json!(text))),
        )
        .unwrap();
        assert_eq!(js, sitegen::search::tokens(text, stem), "{text}");
    }

    // Posting lists read the same in JavaScript as in Rust.
    for list in ["", "0", "V", "W1", "a0_3", "_____3", "7W0Zz-V"] {
        let js: Vec<u32> = serde_json::from_value(
            tab.eval(&format!("sitegenSearch.decodePostings({})", json!(list))),
        )
        .unwrap();
        assert_eq!(Some(js), sitegen::search::decode_postings(list), "{list}");
    }

    // English: "rotation" finds the support process page's rotation section, highlighted.
    let results = tab.search("rotation");
    let first = &results[0];
    assert!(
        first["href"]
            .as_str()
            .unwrap()
            .ends_with("/docs/support/process/#weekly-rotation"),
        "{results:#?}"
    );
    assert!(
        first["text"]
            .as_str()
            .unwrap()
            .contains("The support process"),
        "{first}"
    );
    assert!(
        first["marks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m.as_str().unwrap().eq_ignore_ascii_case("rotation")),
        "{first}"
    );

    // Stop words are not indexed, but a query with them finds what it finds without them.
    let without = tab.search("rotation ");
    let with_stop_words = tab.search("the rotation of ");
    assert!(!without.is_empty());
    assert_eq!(
        hrefs(&with_stop_words),
        hrefs(&without),
        "{with_stop_words:#?}"
    );

    // A stale FAQ entry is marked in the results as on its page.
    let results = tab.search("air-gapped");
    let entry = results
        .iter()
        .find(|r| {
            r["href"]
                .as_str()
                .unwrap()
                .contains("/faq/air-gapped-install/")
        })
        .unwrap_or_else(|| panic!("{results:#?}"));
    assert!(
        entry["text"].as_str().unwrap().contains("May be outdated"),
        "{entry}"
    );

    // Filters: the box offers the index's sections and categories, and hides stale answers.
    let options = tab.eval(
        "[...document.querySelectorAll('.site-search-filters select')].map(s => \
          [s.name, [...s.options].map(o => o.value + '=' + o.textContent)])",
    );
    assert_eq!(
        options,
        json!([
            [
                "facet-category",
                [
                    "=All categories",
                    "backup=backup",
                    "community=community",
                    "install=install",
                    "restore=restore"
                ]
            ],
            [
                "facet-section",
                [
                    "=All sections",
                    "faq=Frequently asked questions",
                    "support=Support"
                ]
            ],
        ]),
    );
    let all = tab.search("backup");
    assert!(
        all.iter()
            .any(|r| !r["href"].as_str().unwrap().contains("/faq/")),
        "{all:#?}"
    );
    tab.filter("select[name=facet-section]", "faq");
    let faq = tab.wait_results(|r| {
        !r.is_empty()
            && r.iter()
                .all(|r| r["href"].as_str().unwrap().contains("/docs/faq/"))
    });
    assert!(faq.len() >= 2, "{faq:#?}");
    tab.filter("select[name=facet-category]", "restore");
    let restore = tab.wait_results(|r| r.len() < faq.len());
    assert!(
        restore.iter().all(|r| {
            let href = r["href"].as_str().unwrap();
            href.contains("/faq/") && href.contains("restore")
        }),
        "{restore:#?}"
    );
    tab.filter("select[name=facet-category]", "");
    tab.filter("select[name=facet-section]", "");
    let stale = |r: &Value| {
        r["href"]
            .as_str()
            .unwrap()
            .contains("/faq/air-gapped-install/")
    };
    assert!(tab.search("air-gapped").iter().any(stale));
    tab.eval(
        "(() => { const c = document.querySelector('.site-search-filters input[name=hide-stale]'); \
          c.checked = true; c.dispatchEvent(new Event('change')); })()",
    );
    let fresh = tab.wait_results(|r| !r.iter().any(stale));
    assert!(!fresh.iter().any(stale), "{fresh:#?}");
    tab.eval(
        "(() => { const c = document.querySelector('.site-search-filters input[name=hide-stale]'); \
          c.checked = false; c.dispatchEvent(new Event('change')); })()",
    );

    // Keyboard: "/" focuses the box; arrows move; Enter opens the active result.
    tab.eval(
        "document.activeElement.blur(), document.querySelector('#site-search-input').value = ''",
    );
    tab.key("/", "Slash");
    assert_eq!(tab.eval("document.activeElement.id"), "site-search-input");
    tab.call("Input.insertText", json!({ "text": "triage labels" }));
    let results = tab.wait_results(|r| !r.is_empty());
    tab.key("ArrowDown", "ArrowDown");
    let expected = results.get(1).unwrap_or(&results[0])["href"]
        .as_str()
        .unwrap()
        .to_string();
    tab.key("Enter", "Enter");
    tab.wait_for(&format!("location.href === {}", json!(expected)));

    // Chinese: 轮值 finds the Chinese process page, from a Chinese page.
    tab.open(&format!("{base}zh/support/"));
    let results = tab.search("轮值");
    assert!(
        results[0]["href"]
            .as_str()
            .unwrap()
            .ends_with("/docs/zh/support/process/#weekly-rotation"),
        "{results:#?}"
    );
    assert!(
        results[0]["marks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "轮值"),
        "{results:#?}"
    );
    let results = tab.search("获取帮助");
    assert!(
        results
            .iter()
            .all(|r| r["href"].as_str().unwrap().contains("/docs/zh/")),
        "{results:#?}"
    );
    assert!(
        results.iter().any(|r| r["href"]
            .as_str()
            .unwrap()
            .contains("/docs/zh/getting-help/")),
        "{results:#?}"
    );
    // A run typed without spaces matches its pairs as a set: 备份加密 finds 我的备份是加密的吗？,
    // which has 备份 and 加密 but not 份加, and marks both words.
    let parts = tab.eval("sitegenSearch.parseQuery('备份加密 TLS，对象存储', false)");
    assert_eq!(
        parts,
        json!([
            { "t": "备份加密", "prefix": false, "cjk": "备份加密", "pairs": ["备份", "份加", "加密"] },
            { "t": "tls", "prefix": false, "raw": "tls" },
            { "t": "对象存储", "prefix": false, "cjk": "对象存储", "pairs": ["对象", "象存", "存储"] },
        ]),
    );
    let results = tab.search("备份加密");
    assert!(
        results[0]["href"]
            .as_str()
            .unwrap()
            .ends_with("/docs/zh/faq/backup-encryption/"),
        "{results:#?}"
    );
    let marks: Vec<&str> = results[0]["marks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(
        marks.contains(&"备份") && marks.contains(&"加密"),
        "{results:#?}"
    );
    // Mixed scripts: the Latin word and the Chinese run are parts of their own; full-width
    // punctuation separates like a space.
    for query in ["加密TLS", "TLS加密", "备份，加密", "备份　加密"] {
        let results = tab.search(query);
        assert!(
            results.iter().any(|r| r["href"]
                .as_str()
                .unwrap()
                .ends_with("/docs/zh/faq/backup-encryption/")),
            "{query}: {results:#?}"
        );
    }
    // A page with the whole run as typed comes before pages with its pairs apart.
    let results = tab.search("备份归档");
    assert!(
        results[0]["text"].as_str().unwrap().contains("备份归档"),
        "{results:#?}"
    );
    let results = tab.search("没有这个词语");
    assert!(results.is_empty());
    assert_eq!(
        tab.eval("document.querySelector('.site-search-status').textContent"),
        "没有找到结果"
    );
}

#[test]
fn one_language_index_is_the_one_the_build_writes() {
    let out = tempfile::tempdir().unwrap();
    build_example(out.path(), "https://driftwood.example.org/");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut options = sitegen::site::BuildOptions::new(root, TODAY.parse().unwrap());
    options.base_url = Some("https://driftwood.example.org/".into());
    let mut site = sitegen::site::Site::load(options).unwrap();
    site.check();
    let files = sitegen::render::search_index_for(&site, "zh", &|| false).unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["search/zh.json"]);
    let sitegen::output::Data::Bytes(bytes) = &files[0].data else {
        panic!("the index is made in memory")
    };
    assert_eq!(
        bytes,
        &std::fs::read(out.path().join("site/search/zh.json")).unwrap()
    );
}

/// Words that sort next to each other belong to different pages: `zeta07x0345` is the 8th
/// word of page 345.
fn zeta(word: usize, page: usize) -> String {
    format!("zeta{word:02}x{page:04}")
}

#[test]
fn large_site_is_sharded_evenly_and_searchable_in_chromium() {
    const PAGES: usize = 300;
    const WORDS: usize = 100;
    let site = common::TestSite::with_config("title = \"Big\"\n");
    for page in 0..PAGES {
        let words: Vec<String> = (0..WORDS).map(|w| zeta(w, page)).collect();
        site.write(
            &format!("content/p{page:04}.md"),
            &format!(
                "---\ntitle: Page {page}\n---\n\n## Words\n\nAbout the rotation of keys: {}\n",
                words.join(" ")
            ),
        );
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}/docs/");
    site.run(&["build", "--quiet", "--today", TODAY, "--base-url", &base])
        .assert_ok();
    let public = site.path().join("public");
    let read = |rel: &str| -> Value {
        serde_json::from_slice(&std::fs::read(public.join(rel)).unwrap()).unwrap()
    };

    // Sharded, every shard within the 16 KB budget and about the same size.
    let main = read("search/en.json");
    assert!(main["terms"].is_null(), "a large index is sharded");
    let starts: Vec<String> = serde_json::from_value(main["starts"].clone()).unwrap();
    assert!(starts.len() >= 3, "{starts:?}");
    let sizes: Vec<u64> = (0..starts.len())
        .map(|k| {
            std::fs::metadata(public.join(format!("search/en/t{k}.json")))
                .unwrap()
                .len()
        })
        .collect();
    assert!(sizes.iter().all(|&s| s <= 16 * 1024), "{sizes:?}");
    let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
    assert!(max - min < 4 * 1024, "uneven shards: {sizes:?}");

    // A shard boundary inside the words: the prefix before it matches words on both sides.
    let start = starts
        .iter()
        .skip(1)
        .find(|s| s.starts_with("zeta") && !s.ends_with('0'))
        .unwrap_or_else(|| panic!("no boundary to test: {starts:?}"));
    let prefix = &start[..start.len() - 1];
    let last = start.chars().last().unwrap().to_digit(10).unwrap() as usize;
    let word: usize = start[4..6].parse().unwrap();
    let page: usize = start[7..].parse().unwrap();
    let expected: Vec<String> = (page - last..page - last + 10)
        .map(|p| format!("/docs/p{p:04}/#words"))
        .collect();

    let Some(chromium) = chromium() else { return };
    {
        let public = public.clone();
        std::thread::spawn(move || serve(listener, &public, "/docs/"));
    }
    let browser = Browser::start(&chromium);
    let mut tab = browser.tab();
    tab.open(&format!("{base}p0000/"));

    // One word: its page, whatever shard it is in.
    for (w, p) in [(0, 0), (word, page), (WORDS - 1, PAGES - 1)] {
        let results = tab.search(&zeta(w, p));
        assert_eq!(
            hrefs(&results),
            [format!("/docs/p{p:04}/#words")],
            "{results:#?}"
        );
    }
    // A stop word and a word found in every page do not hide the rare one.
    let results = tab.search(&format!("the {} rotation", zeta(word, page)));
    assert_eq!(
        hrefs(&results),
        [format!("/docs/p{page:04}/#words")],
        "{results:#?}"
    );
    // A prefix whose words are in two shards finds the pages of both.
    let results = tab.search(prefix);
    let mut found = hrefs(&results);
    found.sort();
    assert_eq!(found, expected, "{prefix}: {results:#?}");
}

/// The path of each result's link.
fn hrefs(results: &[Value]) -> Vec<String> {
    results
        .iter()
        .map(|r| {
            let href = r["href"].as_str().unwrap();
            let path = href.splitn(4, '/').nth(3).unwrap_or("");
            format!("/{path}")
        })
        .collect()
}

fn build_example(out: &Path, base_url: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .args([
            "build",
            "--quiet",
            "--today",
            TODAY,
            "--base-url",
            base_url,
            "--root",
        ])
        .arg(root)
        .arg("--output")
        .arg(out.join("site"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "build failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Serves `root` at `prefix`: enough HTTP/1.0 for a browser to load pages, CSS, JS and JSON.
fn serve(listener: TcpListener, root: &Path, prefix: &str) {
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let root = root.to_path_buf();
        let prefix = prefix.to_string();
        std::thread::spawn(move || {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            if reader.read_line(&mut line).is_err() {
                return;
            }
            // Drain the headers.
            let mut h = String::new();
            while reader.read_line(&mut h).is_ok_and(|n| n > 2) {
                h.clear();
            }
            let path = line.split_whitespace().nth(1).unwrap_or("/");
            let path = percent_decode(path.split(['?', '#']).next().unwrap_or("/"));
            let file = path
                .strip_prefix(&prefix)
                .filter(|rest| !rest.split('/').any(|s| s == ".."))
                .map(|rest| {
                    let p = root.join(rest);
                    if p.is_dir() { p.join("index.html") } else { p }
                });
            let (status, body, kind) =
                match file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
                    Some((f, body)) => {
                        let kind = match f.extension().and_then(|e| e.to_str()) {
                            Some("html") => "text/html; charset=utf-8",
                            Some("js") => "text/javascript; charset=utf-8",
                            Some("css") => "text/css; charset=utf-8",
                            Some("json") => "application/json",
                            _ => "application/octet-stream",
                        };
                        ("200 OK", body, kind)
                    }
                    None => ("404 Not Found", b"not found".to_vec(), "text/plain"),
                };
            let head = format!(
                "HTTP/1.0 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        });
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Tab {
    /// Opens a page and waits until its search box is ready.
    fn open(&mut self, url: &str) {
        self.navigate(url);
        self.wait_for("window.sitegenSearch && !document.querySelector('form.site-search').hidden");
    }

    /// Chooses `value` in the search box's filter `select`, as a reader would.
    fn filter(&mut self, select: &str, value: &str) {
        self.eval(&format!(
            "(() => {{ const s = document.querySelector('.site-search-filters {select}'); \
              s.focus(); s.value = {}; s.dispatchEvent(new Event('change')); }})()",
            json!(value)
        ));
    }

    fn key(&mut self, key: &str, code: &str) {
        let text = if key.chars().count() == 1 { key } else { "" };
        let mut down = json!({ "type": "keyDown", "key": key, "code": code, "text": text });
        if key == "Enter" {
            down["windowsVirtualKeyCode"] = json!(13);
        } else if key == "ArrowDown" {
            down["windowsVirtualKeyCode"] = json!(40);
        }
        self.call("Input.dispatchKeyEvent", down);
        self.call(
            "Input.dispatchKeyEvent",
            json!({ "type": "keyUp", "key": key, "code": code }),
        );
    }

    /// Results shown now: href, visible text and highlighted parts of each.
    fn results(&mut self) -> Option<Vec<Value>> {
        let v = self.eval(
            "(() => { const l = document.querySelector('#site-search-results'); \
              const s = document.querySelector('.site-search-status'); \
              if (l.hidden && !s.textContent) return null; \
              return [...l.querySelectorAll('[role=option]')].map(li => ({ \
                href: li.querySelector('a').href, text: li.textContent, \
                marks: [...li.querySelectorAll('mark')].map(m => m.textContent) })); })()",
        );
        serde_json::from_value(v).ok()
    }

    fn wait_results(&mut self, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(r) = self.results().filter(|r| done(r)) {
                return r;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for search results"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Clears the box, types `query` into it, and waits for the results of that query.
    fn search(&mut self, query: &str) -> Vec<Value> {
        self.eval(
            "(() => { const i = document.querySelector('#site-search-input'); i.value = ''; \
              i.dispatchEvent(new Event('input')); i.focus(); \
              const l = document.querySelector('#site-search-results'); l.innerHTML = ''; l.hidden = true; \
              document.querySelector('.site-search-status').textContent = ''; })()",
        );
        self.call("Input.insertText", json!({ "text": query }));
        self.wait_for(&format!(
            "document.querySelector('#site-search-input').value === {}",
            json!(query)
        ));
        self.wait_results(|_| true)
    }
}
