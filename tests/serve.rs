//! `sitegen serve` over real HTTP: the binary runs on an ephemeral port against a small site in a
//! temp dir; the tests edit files and watch the reload channel and the served pages.

mod common;

use common::TestSite;
use common::browser::{Browser, chromium};
use common::serve::Server;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

impl Server {
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn get(&self, path: &str) -> Response {
        request(&self.addr, &format!("GET {path}"))
    }

    fn status(&self) -> Value {
        self.get("/__sitegen/status").json()
    }

    /// Waits (bounded) for the version after `seen`, as the page's script does.
    fn wait_after(&self, seen: u64) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let s = self.get(&format!("/__sitegen/wait?v={seen}")).json();
            if s["version"].as_u64() != Some(seen) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "no rebuild within 30 s; stderr:\n{}",
                self.stderr()
            );
        }
    }

    /// Runs `change`, then checks it gave exactly one new version, that the new files were
    /// served as soon as the browser was told, and that no second reload follows.
    fn one_reload(&self, change: impl FnOnce()) -> Value {
        let before = self.status()["version"].as_u64().unwrap();
        change();
        let after = self.wait_after(before);
        assert_eq!(after["version"].as_u64(), Some(before + 1), "{after}");
        std::thread::sleep(Duration::from_millis(500));
        assert_eq!(
            self.status()["version"].as_u64(),
            Some(before + 1),
            "a second reload followed; stderr:\n{}",
            self.stderr()
        );
        after
    }
}

struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// Sends `METHOD target` as HTTP/1.1 with `Connection: close` and reads the whole answer.
/// The target is sent as given, so tests can send what a browser would have normalized.
fn request(addr: &str, line: &str) -> Response {
    request_with(addr, line, &format!("Host: {addr}\r\n"))
}

/// `request` with these header lines (each ending in CRLF) instead of the `Host` line.
fn request_with(addr: &str, line: &str, headers: &str) -> Response {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
    // One write, as browsers send a request: written in pieces, a later piece could meet a
    // connection the server already closed after refusing the request line (EPIPE).
    let request = format!("{line} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n");
    s.write_all(request.as_bytes()).unwrap();
    // Read by Content-Length: not every server (Chromium's DevTools) closes the connection.
    let mut reader = BufReader::new(s);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("read response head");
        if line == "\r\n" || line.is_empty() {
            break;
        }
        head.push_str(&line);
    }
    let status = head
        .split(' ')
        .nth(1)
        .expect("a status line")
        .parse()
        .unwrap();
    let mut response = Response {
        status,
        head,
        body: Vec::new(),
    };
    let len = response
        .header("content-length")
        .and_then(|l| l.parse().ok());
    match len {
        Some(n) if !line.starts_with("HEAD ") => {
            response.body.resize(n, 0);
            reader.read_exact(&mut response.body).expect("read body");
        }
        Some(_) => {}
        None => {
            reader.read_to_end(&mut response.body).expect("read body");
        }
    }
    response
}

fn site() -> TestSite {
    let site =
        TestSite::with_config("title = \"Preview\"\nbase_url = \"https://docs.example.org/\"\n");
    site.write(
        "content/_index.md",
        "---\ntitle: Home\n---\nWelcome home.\n",
    )
    .write(
        "content/docs/_index.md",
        "---\ntitle: Docs\n---\nAll the docs.\n",
    )
    .write(
        "content/docs/alpha.md",
        "---\ntitle: Alpha\n---\nFirst version of alpha.\n",
    )
    .write("static/extra.css", "body { color: black; }\n")
    .write("static/data.json", "{\"a\": 1}\n")
    .write("static/font.woff2", "wOF2");
    site
}

#[test]
fn serves_the_site_from_memory_with_types_redirects_and_404() {
    let site = site();
    let server = Server::start(&site, &[]);
    assert!(server.addr.starts_with("127.0.0.1:"), "{}", server.addr);

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control").as_deref(), Some("no-store"));
    let html = home.text();
    assert!(html.contains("Welcome home."), "{html}");
    assert!(
        html.contains("<script src=\"/__sitegen/live.js\"></script></body>"),
        "{html}"
    );
    // Permalinks point at the preview, not the production base_url.
    assert!(!html.contains("docs.example.org"), "{html}");
    assert!(!site.exists("public"), "serve must not write the site");

    let page = server.get("/docs/alpha/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("First version of alpha."));

    let redirect = server.get("/docs/alpha?x=1");
    assert_eq!(redirect.status, 302);
    assert_eq!(
        redirect.header("location").as_deref(),
        Some("/docs/alpha/?x=1")
    );

    for (path, ty) in [
        ("/extra.css", "text/css; charset=utf-8"),
        ("/data.json", "application/json"),
        ("/font.woff2", "font/woff2"),
        ("/sitemap.xml", "application/xml"),
        ("/__sitegen/live.js", "text/javascript; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type").as_deref(), Some(ty), "{path}");
    }

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        !missing.text().contains("No page at this address."),
        "the site's own 404 page, not the fallback"
    );
    assert!(
        missing.text().contains("/__sitegen/live.js"),
        "the 404 page also reloads"
    );

    let head = request(&server.addr, "HEAD /docs/alpha/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-length"), page.header("content-length"));
    assert_eq!(request(&server.addr, "POST /").status, 405);
}

#[test]
fn traversal_attempts_never_leave_the_site() {
    let site = site();
    // A secret beside the site, and a symlink in static/ pointing at it.
    let secret = site
        .path()
        .parent()
        .unwrap()
        .join(format!("sitegen-secret-{}.txt", std::process::id()));
    std::fs::write(&secret, "TOP SECRET").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, site.path().join("static/leak.txt")).unwrap();
    site.write("secret.txt", "TOP SECRET");
    let server = Server::start(&site, &[]);
    for target in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/docs%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/docs\\..\\..\\secret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/sitegen.toml",
        "/content/docs/alpha.md",
        "/secret.txt",
        "/leak.txt",
        "/%00",
        "/%zz",
        "http://evil.example/etc/passwd",
    ] {
        let r = request(&server.addr, &format!("GET {target}"));
        assert!(
            r.status == 400 || r.status == 404,
            "{target}: {} {}",
            r.status,
            r.text()
        );
        let body = r.text();
        assert!(
            !body.contains("TOP SECRET") && !body.contains("root:") && !body.contains("base_url"),
            "{target} leaked: {body}"
        );
    }
    assert_eq!(server.get("/../secret.txt").status, 400);
    // The server is still up, and says the link is refused, as build does.
    let status = server.status();
    assert!(
        status["errors"].to_string().contains("static/leak.txt"),
        "{status}"
    );
    let _ = std::fs::remove_file(secret);
}

#[test]
fn each_change_gives_one_reload_after_the_new_content_is_served() {
    let site = site();
    let server = Server::start(&site, &[]);
    let path = |rel: &str| site.path().join(rel);

    // An edit in place.
    server.one_reload(|| {
        std::fs::write(
            path("content/docs/alpha.md"),
            "---\ntitle: Alpha\n---\nSecond version of alpha.\n",
        )
        .unwrap()
    });
    assert!(server.get("/docs/alpha/").text().contains("Second version"));

    // An editor's safe save: write a temp file, rename it over the page.
    server.one_reload(|| {
        let tmp = path("content/docs/.alpha.md.swp");
        std::fs::write(&tmp, "---\ntitle: Alpha\n---\nThird version of alpha.\n").unwrap();
        std::fs::rename(&tmp, path("content/docs/alpha.md")).unwrap();
    });
    assert!(server.get("/docs/alpha/").text().contains("Third version"));

    // A new page appears, and the section listing links to it.
    let s = server.one_reload(|| {
        std::fs::write(
            path("content/docs/beta.md"),
            "---\ntitle: Beta page\n---\nBeta body.\n",
        )
        .unwrap()
    });
    assert!(
        s["changed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "docs/beta/index.html"),
        "{s}"
    );
    assert!(server.get("/docs/beta/").text().contains("Beta body."));
    assert!(server.get("/docs/").text().contains("Beta page"));

    // A deleted page is gone.
    server.one_reload(|| std::fs::remove_file(path("content/docs/beta.md")).unwrap());
    assert_eq!(server.get("/docs/beta/").status, 404);

    // A renamed folder.
    server.one_reload(|| std::fs::rename(path("content/docs"), path("content/guides")).unwrap());
    assert!(
        server
            .get("/guides/alpha/")
            .text()
            .contains("Third version")
    );
    assert_eq!(server.get("/docs/alpha/").status, 404);

    // A stylesheet edit re-reads the file and lets the page swap it.
    let s = server
        .one_reload(|| std::fs::write(path("static/extra.css"), "body { color: red; }\n").unwrap());
    assert_eq!(s["css_only"], true, "{s}");
    assert_eq!(server.get("/extra.css").text(), "body { color: red; }\n");

    // A template of the site's own overrides the theme's, without touching the content.
    server.one_reload(|| {
        std::fs::create_dir_all(path("templates")).unwrap();
        std::fs::write(
            path("templates/page.html"),
            "<html><body><main>CUSTOM {{ page.title }}</main></body></html>",
        )
        .unwrap();
    });
    assert!(server.get("/guides/alpha/").text().contains("CUSTOM Alpha"));

    // Swap files and the output folder change nothing.
    let before = server.status()["version"].clone();
    std::fs::write(path("content/.page.md.swp"), "x").unwrap();
    std::fs::write(path("content/page.md~"), "x").unwrap();
    std::fs::create_dir_all(path("public")).unwrap();
    std::fs::write(path("public/index.html"), "x").unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(server.status()["version"], before);
}

#[test]
fn a_failed_rebuild_keeps_the_last_site_and_reports_the_errors() {
    let site = site();
    let server = Server::start(&site, &[]);
    let s = server.one_reload(|| {
        site.write(
            "content/docs/alpha.md",
            "---\ntitle: [unclosed\n---\nBroken <b>page</b>.\n",
        );
    });
    let errors = s["errors"].as_array().unwrap();
    assert!(!errors.is_empty(), "{s}");
    assert_eq!(errors[0]["file"], "content/docs/alpha.md", "{s}");
    assert!(errors[0]["line"].as_u64().is_some(), "{s}");
    // Still the last good page.
    let page = server.get("/docs/alpha/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("First version of alpha."));
    assert!(server.stderr().contains("content/docs/alpha.md:"));

    let s = server.one_reload(|| {
        site.write(
            "content/docs/alpha.md",
            "---\ntitle: Alpha\n---\nFixed alpha.\n",
        );
    });
    assert_eq!(s["errors"].as_array().unwrap().len(), 0, "{s}");
    assert!(server.get("/docs/alpha/").text().contains("Fixed alpha."));
}

#[test]
fn writing_the_baseline_makes_its_problems_known_without_a_restart() {
    let site = site();
    site.write(
        "sitegen.toml",
        "title = \"Preview\"\n[check]\nbaseline = \"sitegen-baseline.json\"\n",
    )
    .write(
        "content/docs/beta.md",
        "---\ntitle: Beta\n---\nSee [gone](missing.md).\n",
    );
    let server = Server::start(&site, &[]);
    let errors = |s: &Value| s["errors"].as_array().unwrap().len();
    assert!(
        server.stderr().contains("error[broken-link]"),
        "{}",
        server.stderr()
    );
    assert_eq!(
        errors(&server.status()),
        2,
        "a broken link, no baseline yet"
    );
    let s = server.one_reload(|| {
        let run = site.run(&["check", "--write-baseline"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    });
    assert_eq!(errors(&s), 0, "{s}");
}

#[test]
fn a_port_in_use_is_a_clear_error_and_ctrl_c_exits_cleanly() {
    let site = site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = site.run(&["serve", "--port", &port]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("port {port}")) && run.stderr.contains("--port"),
        "{}",
        run.stderr
    );

    let mut server = Server::start(&site, &[]);
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(server.pid() as i32, libc::SIGINT) };
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = server.child().try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0), "{}", server.stderr());
}

/// Headless Chromium over the DevTools protocol: open a page, edit its Markdown, see the new
/// text without reloading by hand.
#[test]
fn the_browser_shows_an_edit_without_a_manual_reload() {
    let Some(chromium) = chromium() else { return };
    let site = site();
    let server = Server::start(&site, &[]);
    let browser = Browser::start(&chromium);
    let mut page = browser.tab();
    page.navigate(&server.url("/docs/alpha/"));

    let text = || "document.body ? document.body.innerText : ''".to_string();
    page.wait_text(&text(), "First version of alpha.");
    site.write(
        "content/docs/alpha.md",
        "---\ntitle: Alpha\n---\nEdited in the browser test.\n",
    );
    page.wait_text(&text(), "Edited in the browser test.");

    // A broken page shows the overlay, with the file and line, and it goes once fixed.
    site.write("content/docs/alpha.md", "---\ntitle: [x\n---\n<b>x</b>\n");
    let overlay = "(document.getElementById('sitegen-error-overlay') || {}).textContent || 'none'";
    page.wait_text(overlay, "content/docs/alpha.md:");
    site.write(
        "content/docs/alpha.md",
        "---\ntitle: Alpha\n---\nFixed again.\n",
    );
    page.wait_text(&text(), "Fixed again.");
    page.wait_text(overlay, "none");
}

#[test]
fn a_save_without_changes_rebuilds_nothing() {
    let site = site();
    let server = Server::start(&site, &[]);
    let page = site.path().join("content/docs/alpha.md");
    let before = server.status()["version"].as_u64().unwrap();
    // Rewrite the same bytes, as an editor's save without edits (or `touch`) does.
    let same = std::fs::read(&page).unwrap();
    std::fs::write(&page, &same).unwrap();
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(
        server.status()["version"].as_u64(),
        Some(before),
        "an unchanged file triggered a rebuild; stderr:\n{}",
        server.stderr()
    );
    // A real edit right after still rebuilds.
    let after = server.one_reload(|| {
        std::fs::write(&page, "---\ntitle: Alpha\n---\nChanged for real.\n").unwrap()
    });
    assert!(after["version"].as_u64().unwrap() > before);
    assert!(
        server
            .get("/docs/alpha/")
            .text()
            .contains("Changed for real.")
    );
}

#[test]
fn a_body_edit_rebuilds_its_pages_and_the_search_index_catches_up_without_a_reload() {
    let site = site();
    let server = Server::start(&site, &[]);
    let page = site.path().join("content/docs/alpha.md");
    assert!(!server.get("/search/en.json").text().contains("zanzibar"));

    let s = server.one_reload(|| {
        std::fs::write(&page, "---\ntitle: Alpha\n---\nNow about zanzibar.\n").unwrap()
    });
    assert!(
        server
            .get("/docs/alpha/")
            .text()
            .contains("Now about zanzibar.")
    );
    assert!(
        server.stderr().contains("Rebuilt (Pages)"),
        "a body edit should re-render pages, not reload the site; stderr:\n{}",
        server.stderr()
    );
    // The section's listing shows the page's new summary.
    assert!(server.get("/docs/").text().contains("Now about zanzibar."));

    // The search index is rebuilt once things are quiet, and served without telling the page
    // to reload (nothing on it changed).
    let index_has = |text: &str| {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !server.get("/search/en.json").text().contains(text) {
            assert!(
                Instant::now() < deadline,
                "the search index never caught up with {text:?}; stderr:\n{}",
                server.stderr()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    index_has("zanzibar");
    assert_eq!(server.status()["version"], s["version"]);

    // A new title changes the navigation of other pages: the whole site is loaded again.
    server.one_reload(|| {
        std::fs::write(
            &page,
            "---\ntitle: Zanzibar guide\n---\nNow about zanzibar.\n",
        )
        .unwrap()
    });
    let docs = server.get("/docs/").text();
    assert!(docs.contains("Zanzibar guide"), "{docs}");
    assert!(
        server.stderr().contains("Rebuilt (Full)"),
        "{}",
        server.stderr()
    );
    // Loading the site again also puts the index off, and it catches up the same way.
    index_has("Zanzibar guide");
}

#[test]
fn a_shortcode_template_edit_shows_in_the_pages_that_use_it() {
    let site = site();
    site.write(
        "templates/shortcodes/greet.html",
        "<b>Hello, {{ args.name }}</b>",
    )
    .write(
        "content/docs/alpha.md",
        "---\ntitle: Alpha\n---\n{{< greet name=\"reader\" >}}\n",
    );
    let server = Server::start(&site, &[]);
    assert!(
        server
            .get("/docs/alpha/")
            .text()
            .contains("<b>Hello, reader</b>")
    );
    server.one_reload(|| {
        site.write(
            "templates/shortcodes/greet.html",
            "<i>Welcome, {{ args.name }}</i>",
        );
    });
    let page = server.get("/docs/alpha/").text();
    assert!(page.contains("<i>Welcome, reader</i>"), "{page}");
}

#[test]
fn a_string_edit_shows_in_a_shortcode_that_uses_it() {
    let site = site();
    site.write(
        "templates/shortcodes/greet.html",
        "<b>{{ t(key=\"greeting\") }}</b>",
    )
    .write("i18n/en/site.ftl", "greeting = Hello there\n")
    .write(
        "content/docs/alpha.md",
        "---\ntitle: Alpha\n---\n{{< greet >}}\n",
    );
    let server = Server::start(&site, &[]);
    let page = server.get("/docs/alpha/").text();
    assert!(page.contains("<b>Hello there</b>"), "{page}");
    server.one_reload(|| {
        site.write("i18n/en/site.ftl", "greeting = Good morning\n");
    });
    let page = server.get("/docs/alpha/").text();
    assert!(page.contains("<b>Good morning</b>"), "{page}");
}

/// A DNS-rebinding page (`evil.example` resolving to 127.0.0.1) must not read the preview:
/// only local names, IP addresses and the names given with `--allow-host` are answered.
#[test]
fn only_local_hosts_and_allowed_names_are_answered() {
    let site = site();
    let server = Server::start(&site, &["--allow-host", "docs.test"]);
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    let with_host = |path: &str, host: &str| {
        request_with(
            &server.addr,
            &format!("GET {path}"),
            &format!("Host: {host}\r\n"),
        )
    };
    for host in [
        server.addr.clone(),
        "127.0.0.1".into(),
        format!("localhost:{port}"),
        "LocalHost".into(),
        format!("[::1]:{port}"),
        format!("app.localhost:{port}"),
        // An address is never the result of a rebinding: any one is fine (as with --bind
        // 0.0.0.0 and a LAN address).
        format!("192.168.1.20:{port}"),
        format!("docs.test:{port}"),
        "DOCS.test".into(),
        "docs.test.".into(),
    ] {
        let r = with_host("/docs/alpha/", &host);
        assert_eq!(r.status, 200, "Host: {host}\n{}", r.text());
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".into(),
        format!("docs.test.evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "127.0.0.1.nip.io".into(),
        "[::1".into(),
        "".into(),
    ] {
        for path in [
            "/docs/alpha/",
            "/__sitegen/status",
            "/__sitegen/wait?v=0",
            "/nope",
        ] {
            let r = with_host(path, &host);
            assert_eq!(r.status, 403, "Host: {host} {path}\n{}", r.text());
            let name = host.split(':').next().unwrap();
            assert!(
                r.text().contains("--allow-host") && r.text().contains(name),
                "Host: {host}\n{}",
                r.text()
            );
            assert!(!r.text().contains("alpha"), "{}", r.text());
        }
    }
    // No Host at all (HTTP/1.0 tools): no browser sends that, so no rebinding either.
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
    s.write_all(b"GET /docs/alpha/ HTTP/1.0\r\n\r\n").unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.0 200 ") || answer.starts_with("HTTP/1.1 200 "));
}

/// In Chromium: a name pointed at 127.0.0.1 (what a rebinding attacker's DNS does) gets the
/// refusal, for the page and for what it fetches; the preview at localhost still loads.
#[test]
fn a_rebinding_name_cannot_read_the_preview_in_the_browser() {
    let Some(chromium) = chromium() else { return };
    let site = site();
    let server = Server::start(&site, &[]);
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    let browser = Browser::start_with(
        &chromium,
        // localhost too: the server listens on 127.0.0.1 only, and Chromium may try ::1 first.
        &["--host-resolver-rules=MAP rebind.test 127.0.0.1, MAP localhost 127.0.0.1"],
    );
    let mut page = browser.tab();
    let text = "document.body ? document.body.innerText : ''";
    page.navigate(&format!("http://rebind.test:{port}/docs/alpha/"));
    page.wait_text(text, "forbidden");
    let fetched =
        page.eval("fetch('/docs/alpha/').then(async r => r.status + ' ' + (await r.text()))");
    let fetched = fetched.as_str().unwrap();
    assert!(fetched.starts_with("403 "), "{fetched}");
    assert!(!fetched.contains("First version of alpha."), "{fetched}");
    page.navigate(&format!("http://localhost:{port}/docs/alpha/"));
    page.wait_text(text, "First version of alpha.");
}

/// A raw CR or LF in the query (a browser would encode it; a crafted link need not) was echoed
/// into the `Location` of a folder's redirect: a header of the attacker's making.
#[test]
fn a_raw_newline_in_the_query_never_reaches_a_header() {
    let site = site();
    let server = Server::start(&site, &[]);
    for target in [
        "/docs/alpha?x\nSet-Cookie:evil=1",
        "/docs/alpha?x\rSet-Cookie:evil=1",
        "/docs/alpha?x\r\nSet-Cookie:evil=1",
        "/docs?a=\"<b>\"&c=\x01\x7f",
    ] {
        let r = request(&server.addr, &format!("GET {target}"));
        assert!(
            !r.head.to_ascii_lowercase().contains("set-cookie") && !r.head.contains('<'),
            "{target:?}: {}",
            r.head
        );
        assert!(
            r.head
                .bytes()
                .all(|b| b == b'\r' || b == b'\n' || (0x20..0x7f).contains(&b)),
            "{target:?}: {:?}",
            r.head
        );
        assert!(r.status == 400 || r.status == 302, "{target:?}: {}", r.head);
    }
    // What a browser sends is still redirected with its query.
    let r = server.get("/docs/alpha?q=a%0Ab&x=%3Cy%3E");
    assert_eq!(r.status, 302);
    assert_eq!(
        r.header("location").as_deref(),
        Some("/docs/alpha/?q=a%0Ab&x=%3Cy%3E")
    );
}

/// What each watched folder holds in `replaceable_site`, and how to see an edit of it: the file
/// edited (relative to the folder), its text for a version, the URL showing it, the text shown.
struct Watched {
    folder: &'static str,
    file: &'static str,
    url: &'static str,
    text: fn(&str) -> String,
    shown: fn(&str) -> String,
}

const WATCHED: [Watched; 5] = [
    Watched {
        folder: "content",
        file: "docs/alpha.md",
        url: "/docs/alpha/",
        text: |v| format!("---\ntitle: Alpha\n---\ncontent {v}\n"),
        shown: |v| format!("content {v}"),
    },
    Watched {
        folder: "themes",
        file: "mine/templates/page.html",
        url: "/docs/alpha/",
        text: |v| {
            format!(
                "{{% extends \"base.html\" %}}{{% block main %}}{{{{ page.content | safe }}}}\
                 <p>theme {v}</p><p>{{{{ t(key=\"greeting\") }}}}</p>{{% endblock main %}}"
            )
        },
        shown: |v| format!("theme {v}"),
    },
    Watched {
        folder: "templates",
        file: "section.html",
        url: "/docs/",
        text: |v| {
            format!(
                "{{% extends \"base.html\" %}}{{% block main %}}<p>templates {v}</p>{{% endblock main %}}"
            )
        },
        shown: |v| format!("templates {v}"),
    },
    Watched {
        folder: "i18n",
        file: "en/site.ftl",
        url: "/docs/alpha/",
        text: |v| format!("greeting = strings {v}\n"),
        shown: |v| format!("strings {v}"),
    },
    Watched {
        folder: "static",
        file: "extra.css",
        url: "/extra.css",
        text: |v| format!("/* static {v} */\n"),
        shown: |v| format!("static {v}"),
    },
];

/// A site using every watched folder: a theme of its own, a site template, strings, a static
/// file; each shows a version marker (`v1`) in a page or file.
fn replaceable_site() -> TestSite {
    let site = TestSite::with_config(
        "title = \"Preview\"\nbase_url = \"https://docs.example.org/\"\ntheme = \"mine\"\n",
    );
    site.write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .write("content/docs/_index.md", "---\ntitle: Docs\n---\nDocs.\n");
    for w in &WATCHED {
        site.write(&format!("{}/{}", w.folder, w.file), &(w.text)("v1"));
    }
    site
}

impl Server {
    /// Waits (bounded) until `url` shows `text`.
    #[track_caller]
    fn wait_for(&self, url: &str, text: &str, after: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let body = self.get(url).text();
            if body.contains(text) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{after}: {url} never showed {text:?} (20 s); it shows:\n{body}\nstderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A watched folder replaced as a whole — deleted and copied back (`rm -rf content && cp -r
/// backup content`), or another folder renamed into its place (what `git checkout` of another
/// branch can do) — is watched again: later edits in it are shown. Each folder is replaced both
/// ways; after each replacement a file is edited back to its bytes from before (a change the
/// watcher must not mistake for a save without edits), then edited again.
#[test]
fn replaced_folders_are_watched_again() {
    let site = replaceable_site();
    let server = Server::start(&site, &[]);
    let aside = tempfile::tempdir().unwrap();
    for w in &WATCHED {
        server.wait_for(w.url, &(w.shown)("v1"), "at start");
    }
    for w in &WATCHED {
        let folder = site.path().join(w.folder);
        for (n, way) in ["deleted and copied back", "renamed into place"]
            .iter()
            .enumerate()
        {
            let (old, new, next) = [("v1", "v2", "v3"), ("v3", "v4", "v5")][n];
            let what = format!("{} {way}", w.folder);
            // The replacement: the same folder, with the file at its new version.
            let staging = aside.path().join(format!("{}-{n}", w.folder));
            common::copy_dir(&folder, &staging);
            std::fs::write(staging.join(w.file), (w.text)(new)).unwrap();
            if n == 0 {
                std::fs::remove_dir_all(&folder).unwrap();
                common::copy_dir(&staging, &folder);
            } else {
                std::fs::rename(&folder, aside.path().join(format!("{}-old", w.folder))).unwrap();
                std::fs::rename(&staging, &folder).unwrap();
            }
            server.wait_for(w.url, &(w.shown)(new), &what);
            let file = folder.join(w.file);
            std::fs::write(&file, (w.text)(old)).unwrap();
            server.wait_for(w.url, &(w.shown)(old), &format!("{what}, then edited back"));
            std::fs::write(&file, (w.text)(next)).unwrap();
            server.wait_for(w.url, &(w.shown)(next), &format!("{what}, then edited"));
        }
    }
    // A folder inside one, renamed into place, then a file in it edited back.
    let docs = site.path().join("content/docs");
    let staging = aside.path().join("docs");
    common::copy_dir(&docs, &staging);
    std::fs::write(staging.join("alpha.md"), (WATCHED[0].text)("v6")).unwrap();
    std::fs::rename(&docs, aside.path().join("docs-old")).unwrap();
    std::fs::rename(&staging, &docs).unwrap();
    server.wait_for(
        "/docs/alpha/",
        "content v6",
        "content/docs renamed into place",
    );
    std::fs::write(docs.join("alpha.md"), (WATCHED[0].text)("v5")).unwrap();
    server.wait_for(
        "/docs/alpha/",
        "content v5",
        "content/docs replaced, then edited back",
    );
}

#[test]
fn a_data_file_edit_shows_in_templates_and_shortcodes() {
    let site = site();
    site.write(
        "templates/shortcodes/release.html",
        "<b>Latest: {{ site.data.releases[\"1.9\"].date }}</b>",
    )
    .write(
        "content/docs/alpha.md",
        "---\ntitle: Alpha\n---\n{{< release >}}\n",
    )
    .write("data/releases/1.9.yaml", "date: 2026-01-01\n");
    let server = Server::start(&site, &[]);
    let page = server.get("/docs/alpha/").text();
    assert!(page.contains("<b>Latest: 2026-01-01</b>"), "{page}");
    server.one_reload(|| {
        site.write("data/releases/1.9.yaml", "date: 2026-02-02\n");
    });
    let page = server.get("/docs/alpha/").text();
    assert!(page.contains("<b>Latest: 2026-02-02</b>"), "{page}");
}
