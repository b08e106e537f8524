//! sitegen: the bounds on what clients can hold. Upstream tiny_http took every connection the
//! listener gave it (one thread and, with the socket's duplicate, two descriptors each), read
//! as many pipelined requests as a client sent, and timed nothing out but idle reads. Here:
//!
//! - `Slots`: at most `max` connections are open at once, plus a few being turned away with a
//!   503; the accept loop waits while both are full (the kernel's backlog queues the rest).
//! - `Shared`: what the two halves of one connection share — its slot (given back when the
//!   socket closes), the deadlines of the request being read and the answer being written,
//!   and whether a request of it is still unanswered (the next one is read only after that).

use std::io::{Error, ErrorKind, Result};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long a read or write on a connection may block: the idle timeout. Longer than the 25 s
/// sitegen holds a live-reload poll, so a page's keep-alive connection stays open between polls.
pub(crate) const IO_TIMEOUT: Duration = Duration::from_secs(40);

/// How long a request's head (request line and headers) may take to arrive, from its first
/// byte. A client trickling a byte every few seconds never trips the idle timeout; this ends it.
pub(crate) const HEAD_DEADLINE: Duration = Duration::from_secs(10);

/// How long writing an answer may take at least; each byte written adds time at `MIN_RATE`, so
/// a large file to a slow but honest client goes through, and a client that stops reading
/// (or reads a byte now and then) lets go of the worker writing to it.
pub(crate) const WRITE_DEADLINE: Duration = Duration::from_secs(30);
const MIN_RATE: u64 = 16 * 1024; // bytes per second

/// Connections answered 503 at once, each on a short-lived thread of its own.
const REJECTING: usize = 16;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[derive(Default)]
struct Counts {
    open: usize,
    rejecting: usize,
}

/// The open connections, counted against a cap.
pub(crate) struct Slots {
    max: usize,
    counts: Mutex<Counts>,
    freed: Condvar,
}

/// What an accepted connection may do.
pub(crate) enum Admission {
    /// Be served; the slot is given back when the connection's socket closes.
    Serve(Slot),
    /// Be answered 503 and closed.
    TurnAway(Slot),
}

/// A place among the open (or turned-away) connections, given back when dropped.
pub(crate) struct Slot {
    slots: Arc<Slots>,
    serving: bool,
}

impl Slots {
    pub(crate) fn new(max: usize) -> Arc<Slots> {
        Arc::new(Slots {
            max: max.max(1),
            counts: Mutex::new(Counts::default()),
            freed: Condvar::new(),
        })
    }

    /// Waits (at most `timeout`) until a connection can be taken: served or turned away.
    /// Returns whether there is room.
    pub(crate) fn wait_for_room(&self, timeout: Duration) -> bool {
        let counts = lock(&self.counts);
        let (counts, _) = self
            .freed
            .wait_timeout_while(counts, timeout, |c| {
                c.open >= self.max && c.rejecting >= REJECTING
            })
            .unwrap_or_else(|e| e.into_inner());
        counts.open < self.max || counts.rejecting < REJECTING
    }

    /// Takes a place for a connection just accepted; None if there is no room at all.
    pub(crate) fn admit(self: &Arc<Self>) -> Option<Admission> {
        let mut counts = lock(&self.counts);
        let slot = |serving| Slot {
            slots: self.clone(),
            serving,
        };
        if counts.open < self.max {
            counts.open += 1;
            Some(Admission::Serve(slot(true)))
        } else if counts.rejecting < REJECTING {
            counts.rejecting += 1;
            Some(Admission::TurnAway(slot(false)))
        } else {
            None
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut counts = lock(&self.slots.counts);
        if self.serving {
            counts.open -= 1;
        } else {
            counts.rejecting -= 1;
        }
        self.slots.freed.notify_all();
    }
}

/// What the read and write halves of one connection share.
pub(crate) struct Shared {
    _slot: Option<Slot>,
    state: Mutex<State>,
    answered: Condvar,
}

#[derive(Default)]
struct State {
    /// When the head being read must be complete.
    read_by: Option<Instant>,
    /// When the answer being written must be done (pushed back as bytes go out).
    write_by: Option<Instant>,
    /// Requests handed out and not answered yet.
    unanswered: usize,
}

impl Shared {
    pub(crate) fn new(slot: Option<Slot>) -> Arc<Shared> {
        Arc::new(Shared {
            _slot: slot,
            state: Mutex::new(State::default()),
            answered: Condvar::new(),
        })
    }

    /// A new request's first byte has arrived: its head must be complete within
    /// `HEAD_DEADLINE`.
    pub(crate) fn start_head(&self) {
        lock(&self.state).read_by = Some(Instant::now() + HEAD_DEADLINE);
    }

    /// Waiting for the next request: only the idle timeout applies.
    pub(crate) fn end_head(&self) {
        lock(&self.state).read_by = None;
    }

    /// The socket read timeout for the next read, or `TimedOut` once the head is late.
    pub(crate) fn read_timeout(&self) -> Result<Duration> {
        timeout_until(lock(&self.state).read_by)
    }

    /// An answer starts: it must be written within `WRITE_DEADLINE`, plus time for its size.
    pub(crate) fn start_answer(&self) {
        lock(&self.state).write_by = Some(Instant::now() + WRITE_DEADLINE);
    }

    /// The socket write timeout for the next write, or `TimedOut` once the answer is late.
    pub(crate) fn write_timeout(&self) -> Result<Duration> {
        timeout_until(lock(&self.state).write_by)
    }

    /// `n` bytes went out: the answer gets the time they take at `MIN_RATE`.
    pub(crate) fn wrote(&self, n: usize) {
        if let Some(by) = &mut lock(&self.state).write_by {
            *by += Duration::from_micros(n as u64 * 1_000_000 / MIN_RATE);
        }
    }

    /// A request was handed to the application.
    pub(crate) fn request_out(&self) {
        lock(&self.state).unanswered += 1;
    }

    /// A request was answered (or dropped, which answers it 500).
    pub(crate) fn request_done(&self) {
        let mut state = lock(&self.state);
        state.unanswered = state.unanswered.saturating_sub(1);
        self.answered.notify_all();
    }

    /// Waits until every request handed out is answered: the next one is read only then, so a
    /// client pipelining requests without reading the answers holds one request at a time.
    pub(crate) fn wait_answered(&self) {
        let state = lock(&self.state);
        let _state = self
            .answered
            .wait_while(state, |s| s.unanswered > 0)
            .unwrap_or_else(|e| e.into_inner());
    }
}

fn timeout_until(deadline: Option<Instant>) -> Result<Duration> {
    let Some(deadline) = deadline else {
        return Ok(IO_TIMEOUT);
    };
    match deadline.checked_duration_since(Instant::now()) {
        Some(left) if !left.is_zero() => Ok(left.min(IO_TIMEOUT)),
        _ => Err(Error::new(ErrorKind::TimedOut, "deadline passed")),
    }
}

/// A request's hold on its connection: dropped with the request, after its answer is written.
pub(crate) struct Unanswered(pub(crate) Arc<Shared>);

impl Unanswered {
    pub(crate) fn new(shared: Arc<Shared>) -> Unanswered {
        shared.request_out();
        Unanswered(shared)
    }
}

impl Drop for Unanswered {
    fn drop(&mut self) {
        self.0.request_done();
    }
}
