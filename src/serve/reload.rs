//! The published site and the live-reload channel. A rebuild swaps a new `Snapshot` in and only
//! then bumps the version, so a browser told to reload always gets the new files. Browsers
//! long-poll `/__sitegen/wait?v=N`; parked polls wait here, not in an HTTP worker, so open tabs
//! never starve the pool.

use crate::diagnostics::Diagnostic;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

/// The script injected into every served HTML page (never into `sitegen build` output).
pub(crate) const SCRIPT_TAG: &str = "<script src=\"/__sitegen/live.js\"></script>";
pub(crate) const LIVE_JS: &str = include_str!("live.js");

/// How long a poll is held before it is answered with the same version.
const POLL: Duration = Duration::from_secs(25);

/// The bytes of one served file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Body {
    /// Moved in from the render (an `Arc<Vec>` wraps the bytes without copying them).
    Shared(Arc<Vec<u8>>),
    Static(&'static [u8]),
}

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        match self {
            Body::Shared(b) => b,
            Body::Static(b) => b,
        }
    }
}

pub(crate) type Files = Arc<HashMap<String, Body>>;

/// One published state of the site: its files, and what the browser needs to know about it.
#[derive(Debug, Serialize)]
pub(crate) struct Snapshot {
    #[serde(skip)]
    pub(crate) files: Files,
    /// Differs between server runs, so a page reloads after a restart.
    pub(crate) id: String,
    pub(crate) version: u64,
    /// Output paths that changed in this version.
    pub(crate) changed: Vec<String>,
    /// Only stylesheets changed: the page may swap them instead of reloading.
    pub(crate) css_only: bool,
    /// Errors of the last rebuild; the files are then those of the last good build.
    pub(crate) errors: Vec<Diagnostic>,
}

impl Snapshot {
    /// The same state with other files: for a change no page needs to hear of.
    pub(crate) fn with_files(&self, files: Files) -> Snapshot {
        Snapshot {
            files,
            id: self.id.clone(),
            version: self.version,
            changed: self.changed.clone(),
            css_only: self.css_only,
            errors: self.errors.clone(),
        }
    }

    pub(crate) fn status_json(&self) -> String {
        serde_json::to_string(self).expect("status serializes")
    }
}

struct Poll<R> {
    request: R,
    version: u64,
    deadline: Instant,
}

/// The current snapshot and the browsers waiting for the next one. Generic over the parked
/// request so the parking logic is testable without sockets.
pub(crate) struct Hub<R> {
    current: RwLock<Arc<Snapshot>>,
    polls: Mutex<Vec<Poll<R>>>,
    wake: Condvar,
}

impl<R> Hub<R> {
    pub(crate) fn new(first: Snapshot) -> Self {
        Hub {
            current: RwLock::new(Arc::new(first)),
            polls: Mutex::new(Vec::new()),
            wake: Condvar::new(),
        }
    }

    pub(crate) fn current(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Swaps the new snapshot in, then wakes the polls: the order that keeps reloads from
    /// racing the files.
    pub(crate) fn publish(&self, next: Snapshot) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(next);
        let _polls = self.polls.lock().unwrap_or_else(|e| e.into_inner());
        self.wake.notify_all();
    }

    /// Parks a poll from a browser that has seen `version`.
    pub(crate) fn park(&self, request: R, version: u64) {
        let mut polls = self.polls.lock().unwrap_or_else(|e| e.into_inner());
        polls.push(Poll {
            request,
            version,
            deadline: Instant::now() + POLL,
        });
        self.wake.notify_all();
    }

    /// Answers polls forever: each as soon as the version differs from the one it saw, or
    /// with the same version when it has waited `POLL`. Runs on its own thread.
    pub(crate) fn answer_polls(&self, mut answer: impl FnMut(R, &Snapshot)) -> ! {
        loop {
            let due = self.take_due();
            if !due.is_empty() {
                let now = self.current();
                for request in due {
                    answer(request, &now);
                }
            }
        }
    }

    /// Blocks until some polls are due, and takes them out.
    fn take_due(&self) -> Vec<R> {
        let mut polls = self.polls.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let version = self.current().version;
            let now = Instant::now();
            let (due, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut *polls)
                .into_iter()
                .partition(|p| p.version != version || p.deadline <= now);
            *polls = waiting;
            if !due.is_empty() {
                return due.into_iter().map(|p| p.request).collect();
            }
            let sleep = polls
                .iter()
                .map(|p| p.deadline.saturating_duration_since(now))
                .min()
                .unwrap_or(POLL);
            polls = self
                .wake
                .wait_timeout(polls, sleep)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn snapshot(version: u64) -> Snapshot {
        Snapshot {
            files: Files::default(),
            id: "t".into(),
            version,
            changed: Vec::new(),
            css_only: false,
            errors: Vec::new(),
        }
    }

    #[test]
    fn a_poll_is_answered_only_after_the_new_snapshot_is_in() {
        let hub = Arc::new(Hub::new(snapshot(1)));
        let (tx, rx) = mpsc::channel();
        let h = hub.clone();
        std::thread::spawn(move || h.answer_polls(|r: u32, s| tx.send((r, s.version)).unwrap()));
        hub.park(7, 1);
        assert!(rx.recv_timeout(Duration::from_millis(100)).is_err());
        hub.publish(snapshot(2));
        assert_eq!(rx.recv_timeout(Duration::from_secs(5)).unwrap(), (7, 2));
        // A browser that saw another version (an older one, or a previous server run) is
        // answered at once.
        hub.park(8, 1);
        assert_eq!(rx.recv_timeout(Duration::from_secs(5)).unwrap(), (8, 2));
    }
}
