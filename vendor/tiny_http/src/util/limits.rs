//! sitegen: the bounds on what clients can hold. Upstream tiny_http took every connection the
//! listener gave it (one thread and, with the socket's duplicate, two descriptors each). Here:
//!
//! - `Slots`: at most `max` connections are open at once, plus a few being turned away with a
//!   503; the accept loop waits while both are full (the kernel's backlog queues the rest).
//! - `Shared`: what the two halves of one connection share — its slot, given back when the
//!   socket closes.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// How long a read or write on a connection may block. Longer than the 25 s sitegen holds a
/// live-reload poll, so a page's keep-alive connection stays open between polls.
pub(crate) const IO_TIMEOUT: Duration = Duration::from_secs(40);

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
}

impl Shared {
    pub(crate) fn new(slot: Option<Slot>) -> Arc<Shared> {
        Arc::new(Shared { _slot: slot })
    }
}
