//! `sitegen serve` under load and under attack, over loopback only. Every test is bounded: each
//! socket has read and write timeouts, each test has a deadline, and the server is killed when
//! its guard drops, so nothing here can hang or outlive the test.

mod common;

use common::TestSite;
use common::serve::Server;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The longest any single read or write on a test socket may block.
const IO_TIMEOUT: Duration = Duration::from_secs(15);

/// `sitegen serve --quiet` on loopback.
fn start(site: &TestSite) -> Server {
    let server = Server::start(site, &["--quiet"]);
    assert!(server.addr.starts_with("127.0.0.1:"), "{}", server.addr);
    server
}

impl Server {
    /// The server's resident memory in KiB, from `/proc/<pid>/status`.
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .expect("read /proc/<pid>/status");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS in /proc/<pid>/status")
    }

    /// Panics (with the server's stderr) if the server process has exited.
    #[track_caller]
    fn assert_alive(&mut self) {
        if let Some(status) = self.child().try_wait().unwrap() {
            panic!("the server exited ({status}); stderr:\n{}", self.stderr());
        }
    }

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
        s.set_write_timeout(Some(IO_TIMEOUT)).unwrap();
        s
    }

    /// A plain `GET` on a fresh connection.
    fn get(&self, path: &str) -> Response {
        let mut s = self.connect();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        read_response(&mut BufReader::new(s)).unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// The live-reload version the server is on.
    fn version(&self) -> u64 {
        let r = self.get("/__sitegen/status");
        let v: serde_json::Value = serde_json::from_slice(&r.body).expect("status JSON");
        v["version"].as_u64().expect("a version")
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Reads one complete response: a status line, headers, and exactly `Content-Length` bytes of
/// body (every answer of `sitegen serve` has one). An error for anything short of that.
fn read_response(reader: &mut BufReader<TcpStream>) -> std::io::Result<Response> {
    let bad = |what: String| std::io::Error::new(ErrorKind::InvalidData, what);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::Error::new(
                ErrorKind::UnexpectedEof,
                format!("connection closed in the response head: {head:?}"),
            ));
        }
        if line == "\r\n" {
            break;
        }
        if !line.ends_with("\r\n") {
            return Err(bad(format!("a head line without CRLF: {line:?}")));
        }
        head.push_str(&line);
    }
    let status = head
        .strip_prefix("HTTP/1.1 ")
        .or_else(|| head.strip_prefix("HTTP/1.0 "))
        .and_then(|s| s.get(..3))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad(format!("no status line: {head:?}")))?;
    let mut response = Response {
        status,
        head,
        body: Vec::new(),
    };
    let len: usize = response
        .header("content-length")
        .and_then(|l| l.parse().ok())
        .ok_or_else(|| bad(format!("no Content-Length: {:?}", response.head)))?;
    response.body.resize(len, 0);
    reader.read_exact(&mut response.body)?;
    Ok(response)
}

// ---------------------------------------------------------------------------------------------
// Load while editing
// ---------------------------------------------------------------------------------------------

const PAGES: usize = 20;
const CLIENTS: usize = 50;
const REQUESTS_PER_CLIENT: usize = 20;

/// The edited page's text: the counter has a fixed width, so an in-place overwrite never leaves
/// a shorter or longer file behind.
fn edited_page(n: u64) -> String {
    format!(
        "---\ntitle: Edited\n---\nEdit counter {n:08} end.\n\n{}",
        filler(0)
    )
}

/// About 20 KB of Markdown per page, so that a body leaked per request (or a site leaked per
/// rebuild) would show in the server's memory.
fn filler(seed: usize) -> String {
    (0..60)
        .map(|i| {
            format!(
                "Paragraph {i} of page {seed}: lorem ipsum dolor sit amet, *consectetur* \
                 adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna \
                 aliqua. Ut enim ad minim veniam, quis nostrud [exercitation](/docs/) ullamco \
                 laboris nisi ut aliquip ex ea commodo consequat.\n\n"
            )
        })
        .collect()
}

fn load_site() -> TestSite {
    let site = TestSite::with_config("title = \"Load\"\nbase_url = \"https://example.org/\"\n");
    site.write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .write("content/docs/_index.md", "---\ntitle: Docs\n---\nDocs.\n")
        .write("content/docs/edited.md", &edited_page(0))
        .write("static/extra.css", "body { color: black; }\n");
    for i in 0..PAGES - 2 {
        site.write(
            &format!("content/docs/p{i:02}.md"),
            &format!("---\ntitle: Page {i}\n---\n{}", filler(i)),
        );
    }
    site
}

/// What a URL of the load mix must answer.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// 200 with a whole HTML document.
    Page,
    /// 200 with the edited page, showing one whole version of the counter.
    Edited,
    /// 200 with this content type.
    File(&'static str),
    /// 302 to this location.
    Redirect(&'static str),
    /// 404 with the site's whole 404 page.
    NotFound,
}

const MIX: &[(&str, Expect)] = &[
    ("/", Expect::Page),
    ("/docs/", Expect::Page),
    ("/docs/edited/", Expect::Edited),
    ("/docs/p00/", Expect::Page),
    ("/docs/p07/", Expect::Page),
    ("/docs/p17/", Expect::Page),
    ("/sitegen.css", Expect::File("text/css; charset=utf-8")),
    ("/extra.css", Expect::File("text/css; charset=utf-8")),
    ("/docs/edited/", Expect::Edited),
    ("/no/such/page/", Expect::NotFound),
    ("/docs", Expect::Redirect("/docs/")),
    ("/docs/p03", Expect::Redirect("/docs/p03/")),
    ("/sitemap.xml", Expect::File("application/xml")),
];

/// Checks one answer of the load mix; the error says what was wrong.
fn check(path: &str, expect: Expect, r: &Response, max_counter: u64) -> Result<(), String> {
    let is_html_doc = |r: &Response| {
        r.header("content-type") == Some("text/html; charset=utf-8")
            && r.text().trim_end().ends_with("</html>")
            && r.text()
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("<!doctype html>")
    };
    let ok = match expect {
        Expect::Page => r.status == 200 && is_html_doc(r),
        Expect::NotFound => r.status == 404 && is_html_doc(r),
        Expect::Edited => {
            let text = r.text();
            let counters: Vec<u64> = text
                .match_indices("Edit counter ")
                .filter_map(|(i, m)| {
                    let rest = &text[i + m.len()..];
                    let digits = rest.get(..8)?;
                    (rest.get(8..13) == Some(" end.")).then(|| digits.parse().ok())?
                })
                .collect();
            // The counter shows in the text and in the description: one version in both.
            let shown = counters.first().copied().unwrap_or(u64::MAX);
            r.status == 200
                && is_html_doc(r)
                && text.contains(&format!("<p>Edit counter {shown:08} end."))
                && shown <= max_counter
                && counters.iter().all(|&n| n == shown)
                && text.matches("Edit counter").count() == counters.len()
        }
        Expect::File(ty) => r.status == 200 && r.header("content-type") == Some(ty),
        Expect::Redirect(to) => r.status == 302 && r.header("location") == Some(to),
    };
    match ok {
        true => Ok(()),
        false => Err(format!(
            "{path}: unexpected answer {} {:?}\n{}",
            r.status,
            r.head,
            r.text().chars().take(300).collect::<String>()
        )),
    }
}

/// One client: `count` requests from the mix, on one keep-alive connection (reconnecting when
/// the server closes it between answers) or on a fresh connection each.
fn client(
    addr: &str,
    id: usize,
    count: usize,
    keep_alive: bool,
    counter: &AtomicU64,
) -> Result<usize, String> {
    let connect = || -> Result<BufReader<TcpStream>, String> {
        let s = TcpStream::connect(addr).map_err(|e| format!("connect: {e}"))?;
        s.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
        s.set_write_timeout(Some(IO_TIMEOUT)).unwrap();
        Ok(BufReader::new(s))
    };
    let mut conn: Option<BufReader<TcpStream>> = None;
    for i in 0..count {
        let (path, expect) = MIX[(id * 7 + i) % MIX.len()];
        let connection = if keep_alive { "keep-alive" } else { "close" };
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: {connection}\r\n\r\n");
        // A keep-alive connection the server closed while idle is no failed request: the
        // request was never answered, so it is sent again on a new connection, once.
        let mut attempts = 0;
        let response = loop {
            attempts += 1;
            let reused = conn.is_some();
            let mut reader = match conn.take() {
                Some(c) => c,
                None => connect()?,
            };
            let sent = reader.get_mut().write_all(request.as_bytes());
            let read = sent.and_then(|()| read_response(&mut reader));
            match read {
                Ok(r) => {
                    if keep_alive && r.header("connection") != Some("close") {
                        conn = Some(reader);
                    }
                    break r;
                }
                Err(e) if reused && attempts == 1 && is_idle_close(&e) => continue,
                Err(e) => return Err(format!("{path} (request {i} of client {id}): {e}")),
            }
        };
        check(path, expect, &response, counter.load(Ordering::SeqCst))?;
        // Think time (0–250 ms), so the run spans many rebuilds instead of finishing between
        // two of them.
        std::thread::sleep(Duration::from_millis(((id * 3 + i) % 6) as u64 * 50));
    }
    Ok(count)
}

/// The peer closed a connection before answering anything on it.
fn is_idle_close(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::UnexpectedEof | ErrorKind::ConnectionReset | ErrorKind::BrokenPipe
    )
}

/// Runs `clients` clients of `per_client` requests at once; returns the errors.
fn burst(addr: &str, clients: usize, per_client: usize, counter: &Arc<AtomicU64>) -> Vec<String> {
    let threads: Vec<_> = (0..clients)
        .map(|id| {
            let (addr, counter) = (addr.to_string(), counter.clone());
            std::thread::spawn(move || client(&addr, id, per_client, id % 2 == 0, &counter))
        })
        .collect();
    let mut errors = Vec::new();
    let mut done = 0;
    for t in threads {
        match t.join().expect("client thread") {
            Ok(n) => done += n,
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        assert_eq!(done, clients * per_client);
    }
    errors
}

#[test]
fn a_thousand_requests_while_files_change() {
    let started = Instant::now();
    let deadline = started + Duration::from_secs(60);
    let site = load_site();
    let mut server = start(&site);
    let edited = site.path().join("content/docs/edited.md");
    let counter = Arc::new(AtomicU64::new(0));

    // Warm-up: every URL of the mix from many connections at once, and a couple of rebuilds,
    // so the worker and connection threads, their allocator arenas and a rebuild's peak are all
    // in the baseline.
    let errors = burst(&server.addr, CLIENTS, 4, &counter);
    assert!(errors.is_empty(), "warm-up failed: {errors:#?}");
    for n in 1..=2 {
        let before = server.version();
        counter.store(n, Ordering::SeqCst);
        std::fs::write(&edited, edited_page(n)).unwrap();
        while server.version() == before {
            assert!(Instant::now() < deadline, "no rebuild after an edit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    let warm_rss = server.rss_kib();
    let first_version = server.version();

    // The editor: overwrite the page in place every 50 ms (same length, so a rebuild never
    // reads a half-written file: this tests the server, not the editor), and every 5th save
    // write a temp file and rename it over the page, as editors' safe save does.
    let stop = Arc::new(AtomicBool::new(false));
    let editor = {
        let (stop, counter, edited) = (stop.clone(), counter.clone(), edited.clone());
        let tmp = site.path().join("content/docs/.edited.md.swp");
        std::thread::spawn(move || {
            let mut renames = 0;
            let mut n = counter.load(Ordering::SeqCst);
            while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
                n += 1;
                // Published before the file changes, so a client never sees a newer counter
                // than it allows.
                counter.store(n, Ordering::SeqCst);
                if n % 5 == 0 {
                    std::fs::write(&tmp, edited_page(n)).unwrap();
                    std::fs::rename(&tmp, &edited).unwrap();
                    renames += 1;
                } else {
                    use std::os::unix::fs::FileExt;
                    let f = std::fs::OpenOptions::new()
                        .write(true)
                        .open(&edited)
                        .unwrap();
                    f.write_all_at(edited_page(n).as_bytes(), 0).unwrap();
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            (n, renames)
        })
    };

    let load_start = Instant::now();
    let errors = burst(&server.addr, CLIENTS, REQUESTS_PER_CLIENT, &counter);
    let load_time = load_start.elapsed();
    stop.store(true, Ordering::SeqCst);
    let (edits, renames) = editor.join().unwrap();
    server.assert_alive();
    assert!(
        errors.is_empty(),
        "{} of {CLIENTS} clients failed:\n{}\nserver stderr:\n{}",
        errors.len(),
        errors.join("\n"),
        server.stderr()
    );
    assert!(
        renames >= 3,
        "the editor renamed {renames} times ({edits} edits)"
    );

    // Once the last rebuild is in, the page shows the last save.
    let settle = Instant::now() + Duration::from_secs(20);
    let want = format!("Edit counter {edits:08} end.");
    while !server.get("/docs/edited/").text().contains(&want) {
        assert!(
            Instant::now() < settle,
            "the last edit ({want}) never showed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let rebuilds = server.version() - first_version;
    assert!(rebuilds >= 5, "only {rebuilds} rebuilds during the load");

    // Memory flat. The baseline already holds one site, the threads and their arenas; during
    // the run a rebuild briefly holds a second site (~0.5 MB here) and glibc keeps freed
    // memory in per-thread arenas, so some growth is normal. What the bound must catch is a
    // leak: every body served kept (1,000 × ~20 KB = 20 MB) or every rebuilt site kept
    // (dozens of rebuilds × ~0.5 MB, plus their search indexes) — either passes 1.5× + 20 MB
    // of a baseline of a few tens of MB.
    let end_rss = server.rss_kib();
    eprintln!(
        "load: {} requests in {:.1} s ({CLIENTS} clients), {edits} edits ({renames} renames), \
         {rebuilds} rebuilds; RSS {warm_rss} KiB after warm-up, {end_rss} KiB after the run; \
         {:.1} s in all",
        CLIENTS * REQUESTS_PER_CLIENT,
        load_time.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        end_rss <= warm_rss * 3 / 2 + 20 * 1024,
        "memory grew from {warm_rss} KiB to {end_rss} KiB"
    );
    assert!(Instant::now() < deadline, "the load test took over 60 s");
}

// ---------------------------------------------------------------------------------------------
// Attack inputs
// ---------------------------------------------------------------------------------------------

/// What the server did with a hostile request.
#[derive(Debug, PartialEq)]
enum Outcome {
    Status(u16),
    /// Closed the connection without an answer (fine for bytes that are not HTTP at all).
    Closed,
}

/// Sends `bytes` on a fresh connection (then closes the sending side if `hang_up`) and reads
/// the answer. A write the server cut short is fine: it may answer before reading it all.
fn attack(server: &Server, bytes: &[u8], hang_up: bool) -> Outcome {
    let mut s = server.connect();
    let _ = s.write_all(bytes);
    if hang_up {
        let _ = s.shutdown(std::net::Shutdown::Write);
    }
    let mut reader = BufReader::new(s);
    let mut first = String::new();
    match reader.read_line(&mut first) {
        Ok(0) => Outcome::Closed,
        Err(e) if is_idle_close(&e) => Outcome::Closed,
        Err(e) => panic!("no answer to {:?}…: {e}", lossy_start(bytes)),
        Ok(_) => {
            let status = first
                .strip_prefix("HTTP/1.1 ")
                .and_then(|s| s.get(..3))
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| panic!("not a status line: {first:?}"));
            Outcome::Status(status)
        }
    }
}

fn lossy_start(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[..bytes.len().min(60)]).into_owned()
}

/// A request for `/` with extra header lines.
fn get_with(headers: &str) -> Vec<u8> {
    format!("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n").into_bytes()
}

#[test]
fn hostile_requests_get_4xx_and_the_server_keeps_serving() {
    let started = Instant::now();
    let site = load_site();
    let mut server = start(&site);

    let long = |n: usize| "a".repeat(n);
    let flood: String = (0..10_000)
        .map(|i| format!("X-Flood-{i}: {i}\r\n"))
        .collect();
    let binary = |n: usize| -> Vec<u8> { (0..=255u8).cycle().take(n).collect() };
    let url = |n: usize| format!("GET /{} HTTP/1.1\r\n\r\n", long(n)).into_bytes();
    let length = |n: &str| get_with(&format!("Content-Length: {n}\r\n"));
    // (what, bytes, hang up after sending, the statuses that are right)
    let cases: Vec<(&str, Vec<u8>, bool, &[u16])> = vec![
        ("garbage", b"GARBAGE\r\n\r\n".to_vec(), false, &[400]),
        ("no target", b"GET\r\n\r\n".to_vec(), false, &[400]),
        (
            "HTTP/9.9",
            b"GET / HTTP/9.9\r\n\r\n".to_vec(),
            false,
            &[400],
        ),
        ("binary", binary(4096), true, &[400]),
        ("binary, 1 MiB line", binary(1 << 20), false, &[414]),
        (
            "binary, CRLF",
            b"\x00\xff\x16\x03\x01\r\n\r\n".to_vec(),
            false,
            &[400],
        ),
        ("no CRLF, hang up", b"GET / HTTP/1.1".to_vec(), true, &[400]),
        ("64 KiB URL", url(64 << 10), false, &[414]),
        ("1 MiB URL", url(1 << 20), false, &[414]),
        ("10,000 headers", get_with(&flood), false, &[431]),
        (
            "1 MiB header",
            get_with(&format!("X-Big: {}\r\n", long(1 << 20))),
            false,
            &[431],
        ),
        // The first aborted the server (tiny_http allocated the declared length when the
        // request was dropped); the second killed a worker per request (capacity overflow).
        (
            "1 TB Content-Length",
            length("1000000000000"),
            false,
            &[413],
        ),
        (
            "usize::MAX Content-Length",
            length(&usize::MAX.to_string()),
            false,
            &[413],
        ),
        // A declared body that never comes must not hold a worker.
        ("unsent body", length("5000"), false, &[413]),
        (
            "overflowing Content-Length",
            length("99999999999999999999999"),
            false,
            &[400],
        ),
        ("Content-Length: x", length("x"), false, &[400]),
        (
            "chunked GET",
            get_with("Transfer-Encoding: chunked\r\n"),
            false,
            &[413],
        ),
    ];
    for (what, bytes, hang_up, expected) in &cases {
        // More of each than the server has workers: one that killed or held a worker would
        // starve the pool.
        for _ in 0..10 {
            let outcome = attack(&server, bytes, *hang_up);
            let ok = match outcome {
                Outcome::Status(s) => expected.contains(&s),
                // Bytes that are not HTTP at all may simply be hung up on.
                Outcome::Closed => expected == &[400],
            };
            server.assert_alive();
            assert!(
                ok,
                "{what}: {outcome:?}, expected one of {expected:?}; stderr:\n{}",
                server.stderr()
            );
        }
        let r = server.get("/docs/p01/");
        assert_eq!(r.status, 200, "after {what}; stderr:\n{}", server.stderr());
        eprintln!("{what}: {:?}", attack(&server, bytes, *hang_up));
    }

    // Slowloris: more slow clients than workers, each sending its request a byte per 100 ms,
    // while others are served as usual.
    let slow: Vec<_> = (0..16)
        .map(|_| {
            let mut s = server.connect();
            std::thread::spawn(move || {
                for b in b"GET /docs/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" {
                    if s.write_all(&[*b]).is_err() {
                        break; // the server may hang up on a slow client
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                let mut reader = BufReader::new(s);
                match read_response(&mut reader) {
                    Ok(r) => Outcome::Status(r.status),
                    Err(_) => Outcome::Closed,
                }
            })
        })
        .collect();
    let mut slowest = Duration::ZERO;
    let until = Instant::now() + Duration::from_secs(3);
    while Instant::now() < until {
        let t = Instant::now();
        let r = server.get("/docs/p02/");
        slowest = slowest.max(t.elapsed());
        assert_eq!(r.status, 200, "during the slowloris");
        std::thread::sleep(Duration::from_millis(50));
    }
    // A liveness check, not a speed target: a worker held by a slow client would block a
    // normal request for the 40 s socket timeout; 10 s leaves room for a loaded CI machine.
    assert!(
        slowest < Duration::from_secs(10),
        "a normal request took {slowest:?} during the slowloris"
    );
    for t in slow {
        let outcome = t.join().unwrap();
        assert!(
            matches!(outcome, Outcome::Status(200 | 408) | Outcome::Closed),
            "slow client: {outcome:?}"
        );
    }
    server.assert_alive();
    assert_eq!(server.get("/").status, 200);
    eprintln!(
        "attacks: slowest normal request during the slowloris {slowest:?}; RSS {} KiB; {:.1} s in all",
        server.rss_kib(),
        started.elapsed().as_secs_f64()
    );
}

// ---------------------------------------------------------------------------------------------
// Limits: file descriptors, connections, header bytes, deadlines, writes
// ---------------------------------------------------------------------------------------------

/// Opens `n` connections that send nothing. A connection the server never took (refused, or
/// left in a full backlog past the timeout) is left out, not fatal: the request that follows
/// is what each test checks.
fn open_idle(server: &Server, n: usize) -> Vec<TcpStream> {
    let addr: std::net::SocketAddr = server.addr.parse().unwrap();
    (0..n)
        // 10 s: room for a retransmitted SYN (after 1 s, then 3 s) when the backlog is full.
        .filter_map(|_| TcpStream::connect_timeout(&addr, Duration::from_secs(10)).ok())
        .collect()
}

/// `GET path` on a fresh connection; the error (instead of a panic) when none comes back.
fn try_get(server: &Server, path: &str) -> std::io::Result<Response> {
    let addr: std::net::SocketAddr = server.addr.parse().unwrap();
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    s.set_read_timeout(Some(IO_TIMEOUT))?;
    s.set_write_timeout(Some(IO_TIMEOUT))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    )?;
    read_response(&mut BufReader::new(s))
}

/// Asks `GET path` until it is answered 200 (bounded); for a server that frees connections
/// asynchronously.
#[track_caller]
fn wait_for_200(server: &Server, path: &str, why: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let r = try_get(server, path);
        if matches!(&r, Ok(r) if r.status == 200) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{why}: no 200 for {path} within 20 s, last answer {:?}; stderr:\n{}",
            r.map(|r| (r.status, r.head)),
            server.stderr()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The usual `ulimit -n 1024` with no room to raise it: every connection costs the server a
/// descriptor, and the accept thread used to die at ~510 connections (two descriptors each),
/// after which every connection was refused while the process lived on.
#[test]
fn six_hundred_open_connections_under_ulimit_1024_then_a_request_is_answered() {
    let site = load_site();
    let mut server = Server::start_with_file_limit(&site, &["--quiet"], 1024, 1024);
    let idle = open_idle(&server, 600);
    let r = try_get(&server, "/docs/p01/").unwrap_or_else(|e| {
        panic!(
            "no answer with {} connections open: {e}; stderr:\n{}",
            idle.len(),
            server.stderr()
        )
    });
    assert_eq!(r.status, 200, "{}", r.head);
    assert_eq!(idle.len(), 600);
    let open = server.open_files();
    assert!(
        (600..1024).contains(&open),
        "{open} descriptors open for 600 connections"
    );
    server.assert_alive();
    drop(idle);
    wait_for_200(&server, "/", "after the idle connections closed");
}

/// Where the hard limit allows, the server raises its soft limit to it at start.
#[test]
fn the_open_file_limit_is_raised_to_the_hard_limit() {
    let site = load_site();
    let server = Server::start_with_file_limit(&site, &["--quiet"], 256, 4096);
    assert_eq!(server.file_limits(), (4096, 4096));
}

/// Over the cap (derived from the descriptor limit), a connection is answered 503 at once,
/// and the server takes connections again as soon as others close.
#[test]
fn connections_over_the_cap_are_answered_503() {
    let site = load_site();
    let mut server = Server::start_with_file_limit(&site, &["--quiet"], 128, 128);
    let idle = open_idle(&server, 150);
    let r = try_get(&server, "/docs/p01/").unwrap_or_else(|e| {
        panic!(
            "no answer over the cap ({} connections open): {e}; stderr:\n{}",
            idle.len(),
            server.stderr()
        )
    });
    assert_eq!(r.status, 503, "{}", r.head);
    assert_eq!(r.header("retry-after"), Some("1"), "{}", r.head);
    assert!(r.text().contains("too many connections"), "{}", r.text());
    assert!(server.open_files() < 128);
    server.assert_alive();
    drop(idle);
    wait_for_200(&server, "/docs/p01/", "after the idle connections closed");
}

/// When accepting fails ("Too many open files" for a reason other than connections), the
/// server waits and tries again instead of giving up on its listener.
#[test]
fn accept_errors_are_survived() {
    let site = load_site();
    let mut server = start(&site);
    assert_eq!(server.get("/").status, 200);
    // Lower the running server's limit to what it uses now plus a few: accepting then fails
    // with EMFILE well before the connection cap it computed at start.
    let room = server.open_files() as u64 + 4;
    set_file_limit(server.pid(), room);
    let idle = open_idle(&server, 20);
    std::thread::sleep(Duration::from_millis(500));
    server.assert_alive();
    drop(idle);
    set_file_limit(server.pid(), 1024);
    wait_for_200(&server, "/docs/p01/", "after accept failed with EMFILE");
}

/// Sets the soft open-file limit of a running process we own (the hard one stays).
fn set_file_limit(pid: u32, soft: u64) {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: prlimit with a null `new` only writes the current limits into `limit`.
    let r = unsafe {
        libc::prlimit(
            pid as libc::pid_t,
            libc::RLIMIT_NOFILE,
            std::ptr::null(),
            &mut limit,
        )
    };
    assert_eq!(r, 0, "prlimit: {}", std::io::Error::last_os_error());
    limit.rlim_cur = soft as libc::rlim_t;
    // SAFETY: prlimit reads `limit` and writes nothing (old is null); pid is our own child.
    let r = unsafe {
        libc::prlimit(
            pid as libc::pid_t,
            libc::RLIMIT_NOFILE,
            &limit,
            std::ptr::null_mut(),
        )
    };
    assert_eq!(r, 0, "prlimit: {}", std::io::Error::last_os_error());
}

/// 200 connections each sending 98 header lines of 16 KB (every line and the count under the
/// per-line limits) raised the server's memory by 323 MB for good: the head of a request is
/// capped in total, and what it held is given back.
#[test]
fn big_request_heads_are_refused_and_leave_memory_flat() {
    let site = load_site();
    let mut server = start(&site);
    assert_eq!(server.get("/").status, 200);
    let before = server.rss_kib();
    let line = format!("X-Big: {}\r\n", "b".repeat(16_000));
    let head: Arc<Vec<u8>> = Arc::new(
        [
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".to_string(),
            line.repeat(98),
            "\r\n".to_string(),
        ]
        .concat()
        .into_bytes(),
    );
    let clients: Vec<_> = (0..200)
        .map(|_| {
            let head = head.clone();
            let mut s = server.connect();
            std::thread::spawn(move || {
                let _ = s.write_all(&head);
                let mut first = String::new();
                let _ = BufReader::new(s).read_line(&mut first);
                first
            })
        })
        .collect();
    let answers: Vec<String> = clients.into_iter().map(|t| t.join().unwrap()).collect();
    server.assert_alive();
    assert_eq!(server.get("/").status, 200);
    // Connection threads end a few seconds after their connection; memory they held is
    // returned to the system within a second of being freed (mimalloc's purge delay).
    std::thread::sleep(Duration::from_secs(7));
    let after = server.rss_kib();
    eprintln!("header flood: RSS {before} KiB before, {after} KiB after");
    for first in &answers {
        assert!(
            first.is_empty() || first.starts_with("HTTP/1.1 431 "),
            "{first:?}"
        );
    }
    assert!(
        answers.iter().any(|a| a.starts_with("HTTP/1.1 431 ")),
        "no 431 at all"
    );
    assert!(
        after < before + 40 * 1024,
        "memory grew from {before} KiB to {after} KiB"
    );
}

/// A client sending its request a byte per second never finishes its head before the
/// server's deadline: it is answered 408 and closed, instead of holding the connection for as
/// long as it keeps trickling (the idle timeout alone never fires).
#[test]
fn a_request_trickled_byte_by_byte_meets_a_deadline() {
    let site = load_site();
    let server = start(&site);
    let request = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: {}\r\n\r\n",
        "s".repeat(40)
    );
    let mut s = server.connect();
    let reader = {
        let s = s.try_clone().unwrap();
        s.set_read_timeout(Some(Duration::from_secs(90))).unwrap();
        std::thread::spawn(move || {
            let mut first = String::new();
            let _ = BufReader::new(s).read_line(&mut first);
            first
        })
    };
    let started = Instant::now();
    let mut sent = 0;
    for b in request.as_bytes() {
        if reader.is_finished() || s.write_all(&[*b]).is_err() {
            break;
        }
        sent += 1;
        std::thread::sleep(Duration::from_secs(1));
    }
    let first = reader.join().unwrap();
    eprintln!(
        "trickle: {sent} of {} bytes sent in {:?}; answer {first:?}",
        request.len(),
        started.elapsed()
    );
    assert!(
        sent < request.len(),
        "the whole request went through at a byte a second: {first:?}"
    );
    assert!(
        first.is_empty() || first.starts_with("HTTP/1.1 408 "),
        "{first:?}"
    );
}

/// Header and body of an answer go out in one write, so a keep-alive client gets them
/// together: sent in two writes without `TCP_NODELAY`, the body waited for the client's
/// delayed ACK (~40 ms an answer). Checked without timing: one `read` returns the whole answer.
#[test]
fn keep_alive_answers_arrive_in_one_piece() {
    let site = load_site();
    let server = start(&site);
    let mut s = server.connect();
    let mut buf = vec![0; 1 << 20];
    for round in 0..3 {
        for path in ["/docs/", "/sitegen.css", "/docs/p01/", "/no/such/page/"] {
            write!(s, "GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr).unwrap();
            let n = s.read(&mut buf).unwrap();
            let got = &buf[..n];
            let end = got
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .unwrap_or_else(|| panic!("{path}: the first read holds no whole head"))
                + 4;
            let head = String::from_utf8_lossy(&got[..end]).into_owned();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("Content-Length: "))
                .and_then(|l| l.trim().parse().ok())
                .unwrap_or_else(|| panic!("{path}: no Content-Length in {head}"));
            assert!(len > 1024, "{path}: a body this small fits any buffer");
            assert_eq!(
                n - end,
                len,
                "{path} (round {round}): the first read had {} of {len} body bytes",
                n - end
            );
        }
    }
}
