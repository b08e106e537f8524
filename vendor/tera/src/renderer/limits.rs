//! sitegen: what one render may do at most, so that a template (or the data it is given)
//! cannot overflow the stack or take all the memory. A render that goes past a limit stops
//! with an error saying which. Every limit is far above what a real page needs.

use std::cell::Cell;
use std::io::{self, Write};
use std::rc::Rc;

/// Macro calls and includes inside one another: what stops a macro that calls itself without
/// end, which overflowed the stack. A navigation macro nests as deep as the site's sections.
pub const MAX_CALL_DEPTH: usize = 64;

/// When less stack than this is left, `render_body` continues on a new stack segment of
/// `STACK_GROWTH` bytes (stacker): nested blocks within nested macros could otherwise still
/// outrun a 2 MiB thread.
pub const STACK_RED_ZONE: usize = 128 * 1024;
pub const STACK_GROWTH: usize = 2 * 1024 * 1024;

/// Iterations of all `for` loops of one render together.
pub const MAX_LOOP_ITERATIONS: usize = 10_000_000;

/// Bytes one render may write, counting the output and what macro calls and filter sections
/// render first into buffers; also the longest string `~` may make.
pub const MAX_OUTPUT_BYTES: usize = 256 * 1024 * 1024;

/// Items `range` may make, and `concat` may give.
pub const MAX_ITEMS: usize = 1_000_000;

/// The bytes a render may still write, shared by its output and its buffers.
#[derive(Debug, Clone)]
pub(crate) struct Budget(Rc<Cell<usize>>);

impl Budget {
    pub(crate) fn new() -> Budget {
        Budget(Rc::new(Cell::new(MAX_OUTPUT_BYTES)))
    }
}

/// A writer that takes what it writes from a `Budget`.
pub(crate) struct Limited<W> {
    inner: W,
    budget: Budget,
}

impl<W: Write> Limited<W> {
    pub(crate) fn new(inner: W, budget: &Budget) -> Limited<W> {
        Limited { inner, budget: budget.clone() }
    }
}

impl<W: Write> Write for Limited<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let left = self.budget.0.get();
        if buf.len() > left {
            self.budget.0.set(0);
            return Err(io::Error::other(format!(
                "the template wrote more than {} MiB: sitegen's limit for one render (a loop \
                 that never ends?)",
                MAX_OUTPUT_BYTES >> 20
            )));
        }
        let n = self.inner.write(buf)?;
        self.budget.0.set(left - n);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
