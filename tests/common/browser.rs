//! Headless Chromium over the DevTools protocol, for the tests where page behaviour matters
//! (live reload, search). Debian's `chromium` is a wrapper script and the browser forks helpers,
//! so it runs in its own process group and `Drop` kills the whole group.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The Chromium binary. Missing Chromium fails the test unless `SITEGEN_SKIP_BROWSER=1` (then
/// None: the caller returns). CI installs it (`.ci/run`), so there the browser tests always run.
pub fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|path| {
        ["chromium", "chromium-browser"]
            .iter()
            .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
            .find(|p| p.is_file())
    });
    if found.is_some() {
        return found;
    }
    if std::env::var("SITEGEN_SKIP_BROWSER").as_deref() == Ok("1") {
        eprintln!("skipped: chromium not found and SITEGEN_SKIP_BROWSER=1");
        return None;
    }
    panic!(
        "chromium not found on PATH: install it (`apt-get install -y chromium`) or set SITEGEN_SKIP_BROWSER=1 to skip this test"
    );
}

/// A running headless Chromium, killed (its whole process group) when dropped.
pub struct Browser {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub fn start(chromium: &std::path::Path) -> Browser {
        Browser::start_with(chromium, &[])
    }

    /// Like `start`, with more command-line switches (`--host-resolver-rules=…`).
    pub fn start_with(chromium: &std::path::Path, extra: &[&str]) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(extra)
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromium.display()));
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut browser = Browser {
            child,
            port: 0,
            _profile: profile,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut seen = Vec::new();
        while browser.port == 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(ws) = line.split("DevTools listening on ").nth(1) {
                        let port = ws.trim_start_matches("ws://").split(['/', ':']).nth(1);
                        browser.port = port.and_then(|p| p.parse().ok()).expect("DevTools port");
                    } else {
                        seen.push(line);
                    }
                }
                Err(_) => panic!(
                    "chromium did not print its DevTools address within 30 s; stderr:\n{}",
                    seen.join("\n")
                ),
            }
        }
        browser
    }

    /// Attaches to the browser's first page.
    pub fn tab(&self) -> Tab {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let list = http_get(self.port, "/json/list");
            let pages: Vec<Value> = serde_json::from_str(&list).unwrap_or_default();
            if let Some(url) = pages
                .iter()
                .find(|p| p["type"] == "page")
                .and_then(|p| p["webSocketDebuggerUrl"].as_str())
            {
                let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
                stream
                    .set_read_timeout(Some(Duration::from_secs(5)))
                    .unwrap();
                let (ws, _) = tungstenite::client(url, stream).expect("DevTools WebSocket");
                return Tab { ws, next_id: 0 };
            }
            assert!(
                Instant::now() < deadline,
                "no page target in /json/list: {list}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // SAFETY: kill(2) on the process group we created for this child; no memory involved.
        unsafe {
            libc::kill(-(self.child.id() as libc::pid_t), libc::SIGKILL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn http_get(port: u16, path: &str) -> String {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    );
    let mut body = String::new();
    let _ = s.read_to_string(&mut body);
    body.split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default()
}

/// One page, over the DevTools protocol.
pub struct Tab {
    ws: tungstenite::WebSocket<TcpStream>,
    next_id: u64,
}

impl Tab {
    /// Sends a command and returns its result, skipping events. Bounded by a deadline.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let msg = json!({ "id": id, "method": method, "params": params }).to_string();
        self.ws.send(tungstenite::Message::text(msg)).unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            assert!(
                Instant::now() < deadline,
                "no reply to {method} within 20 s"
            );
            let msg = self
                .ws
                .read()
                .unwrap_or_else(|e| panic!("DevTools read for {method}: {e}"));
            let Ok(text) = msg.to_text() else { continue };
            let v: Value = serde_json::from_str(text).unwrap_or_default();
            if v["id"] == id {
                if let Some(err) = v.get("error") {
                    panic!("{method} failed: {err}");
                }
                return v["result"].clone();
            }
        }
    }

    /// Evaluates an expression in the page and returns its (JSON) value.
    pub fn eval(&mut self, expr: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({ "expression": expr, "returnByValue": true, "awaitPromise": true }),
        );
        if let Some(ex) = r.get("exceptionDetails") {
            panic!("`{expr}` threw: {ex}");
        }
        r["result"]["value"].clone()
    }

    /// Waits (bounded) until `condition` is true in the page.
    #[track_caller]
    pub fn wait_for(&mut self, condition: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.eval(&format!("!!({condition})")) != Value::Bool(true) {
            if Instant::now() >= deadline {
                let at = self.eval("location.href + ' (' + document.readyState + ') ' + performance.getEntriesByType('resource').map(e => e.name.replace(location.origin, '') + ':' + Math.round(e.duration)).join(' ')");
                panic!("timed out waiting for `{condition}`; the tab is at {at}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits (bounded) until `expr` evaluates to text containing `wanted`.
    #[track_caller]
    pub fn wait_text(&mut self, expr: &str, wanted: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut last = String::new();
        while Instant::now() < deadline {
            last = match self.eval(expr) {
                Value::String(s) => s,
                other => other.to_string(),
            };
            if last.contains(wanted) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("`{expr}` never showed `{wanted}` within 20 s; last: {last}");
    }

    /// Navigates and waits until the page has loaded.
    pub fn navigate(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url }));
        self.wait_for(&format!(
            "location.href === {} && document.readyState === 'complete'",
            json!(url)
        ));
    }
}
