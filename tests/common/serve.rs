//! A running `sitegen serve` for the HTTP tests: started on a free port, its address read from
//! the "Serving at" line, its stderr kept for failure messages, killed when dropped.
#![allow(dead_code)]

use super::{TestSite, sitegen};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
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
        Server::start_with(site, extra, |_| {})
    }

    /// Like `start`, with the command changed by `setup` first (limits, environment).
    pub fn start_with(site: &TestSite, extra: &[&str], setup: impl FnOnce(&mut Command)) -> Server {
        let mut command = sitegen();
        command
            .args(["serve", "--port", "0"])
            .args(extra)
            .current_dir(site.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        setup(&mut command);
        let mut child = command.spawn().expect("start sitegen serve");
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

    /// Starts the server with its open-file limit (`RLIMIT_NOFILE`) set to `soft` and `hard`,
    /// as `ulimit -n` does for a shell's children.
    pub fn start_with_file_limit(site: &TestSite, extra: &[&str], soft: u64, hard: u64) -> Server {
        use std::os::unix::process::CommandExt;
        Server::start_with(site, extra, |command| {
            // SAFETY: the closure runs in the child between fork and exec and only calls
            // setrlimit, which is async-signal-safe; it allocates nothing.
            unsafe {
                command.pre_exec(move || {
                    let limit = libc::rlimit {
                        rlim_cur: soft as libc::rlim_t,
                        rlim_max: hard as libc::rlim_t,
                    };
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) == 0 {
                        Ok(())
                    } else {
                        Err(std::io::Error::last_os_error())
                    }
                });
            }
        })
    }

    /// The server's open-file limits (soft, hard), from `/proc/<pid>/limits`.
    pub fn file_limits(&self) -> (u64, u64) {
        let limits = std::fs::read_to_string(format!("/proc/{}/limits", self.pid()))
            .expect("read /proc/<pid>/limits");
        let line = limits
            .lines()
            .find(|l| l.starts_with("Max open files"))
            .expect("a Max open files line");
        let numbers: Vec<u64> = line
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        (numbers[0], numbers[1])
    }

    /// How many file descriptors the server has open, from `/proc/<pid>/fd`.
    pub fn open_files(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.pid()))
            .expect("read /proc/<pid>/fd")
            .count()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The body of `GET path` (HTTP/1.0: the server closes the connection after it).
    pub fn get_text(&self, path: &str) -> String {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.addr).expect("connect to serve");
        write!(stream, "GET {path} HTTP/1.0\r\nHost: {}\r\n\r\n", self.addr).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        match response.split_once("\r\n\r\n") {
            Some((_, body)) => body.to_string(),
            None => response,
        }
    }

    /// Waits (bounded: 20 s) until `path` shows `text`; panics with what it shows instead.
    #[track_caller]
    pub fn wait_for_text(&self, path: &str, text: &str) {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            let body = self.get_text(path);
            if body.contains(text) {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{path} never showed {text:?} (20 s); it shows:\n{body}\nstderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
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
