//! How many connections the preview serves at once: each holds a file descriptor (and a
//! thread), and a server that runs out of descriptors can no longer read the files it
//! rebuilds from. At start the soft `RLIMIT_NOFILE` is raised to the hard limit where allowed
//! (a shell's usual `ulimit -n` is 1024), then connections are capped below it with room left
//! for the rest of the server.

/// The most connections served at once, whatever the descriptor limit: each has a thread.
pub(crate) const MAX_CONNECTIONS: usize = 1024;

/// Raises the soft limit on open files to the hard limit, where allowed; returns the soft
/// limit in force afterwards (None where it cannot be read).
pub(crate) fn raise_open_file_limit() -> Option<libc::rlim_t> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes the current limits into `limit`, a valid rlimit.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return None;
    }
    if limit.rlim_cur < limit.rlim_max {
        let raised = libc::rlimit {
            rlim_cur: limit.rlim_max,
            rlim_max: limit.rlim_max,
        };
        // SAFETY: setrlimit reads `raised`, a valid rlimit. It fails (and changes nothing)
        // where the hard limit is above what the system allows one process (macOS's
        // `RLIM_INFINITY`, Linux's `fs.nr_open`).
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            limit = raised;
        }
    }
    Some(limit.rlim_cur)
}

/// The connection cap for a limit of `open_files` descriptors: a quarter of them (at least 48,
/// at most 256) stays for the rest — up to 16 connections being answered 503 (tiny_http turns
/// away that many at once), and what the server reads and watches: a rebuild opens files from
/// several threads, and walking the site holds a few folders open.
pub(crate) fn connection_cap(open_files: Option<libc::rlim_t>) -> usize {
    let Some(limit) = open_files else {
        return MAX_CONNECTIONS;
    };
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let reserve = (limit / 4).clamp(48, 256);
    limit.saturating_sub(reserve).clamp(1, MAX_CONNECTIONS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_room_below_the_descriptor_limit() {
        assert_eq!(connection_cap(Some(1024)), 768);
        assert_eq!(connection_cap(Some(128)), 80);
        assert_eq!(connection_cap(Some(64)), 16);
        assert_eq!(connection_cap(Some(40)), 1);
        assert_eq!(connection_cap(Some(20)), 1);
        assert_eq!(connection_cap(Some(524_288)), MAX_CONNECTIONS);
        assert_eq!(connection_cap(Some(libc::RLIM_INFINITY)), MAX_CONNECTIONS);
        assert_eq!(connection_cap(None), MAX_CONNECTIONS);
    }
}
