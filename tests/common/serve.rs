//! A running `sitegen serve` for the HTTP tests: started on a free port, its address read from
//! the "Serving at" line, its stderr kept for failure messages, killed when dropped.
#![allow(dead_code)]

use super::{TestSite, sitegen};
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// `sitegen serve --port 0 <extra>` in the site's folder; waits (bounded) until it listens.
    pub fn start(site: &TestSite, extra: &[&str]) -> Server {
        let mut child = sitegen()
            .args(["serve", "--port", "0"])
            .args(extra)
            .current_dir(site.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start sitegen serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let (err_pipe, sink) = (child.stderr.take().unwrap(), stderr.clone());
        std::thread::spawn(move || {
            for line in BufReader::new(err_pipe).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let (tx, rx) = std::sync::mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut server = Server {
            child,
            addr: String::new(),
            stderr,
        };
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| {
                panic!(
                    "serve printed no URL within 60 s; stderr:\n{}",
                    server.stderr()
                )
            });
        let url = line
            .strip_prefix("Serving at http://")
            .unwrap_or_else(|| panic!("unexpected first line: {line}"));
        server.addr = url.trim_end_matches('/').to_string();
        server
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The process itself, for tests that signal it and read its exit status.
    pub fn child(&mut self) -> &mut Child {
        &mut self.child
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
