//! Politeness: per host, at most `concurrency` requests under way and at most `rate` started per
//! second, and nothing before a `Retry-After` the host asked for has passed. Every request of
//! every worker thread takes a [`Permit`] from the one [`Limiter`] first.

use crate::config::LinksConfig;
use std::collections::HashMap;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// What one host allows, from `[links]` and `[links.hosts."<name>"]`.
#[derive(Debug, Clone)]
pub(crate) struct HostRules {
    pub(crate) concurrency: usize,
    /// Time between two request starts; zero for no limit.
    pub(crate) interval: Duration,
    /// Headers sent with every request, the token's included.
    pub(crate) headers: Vec<(String, String)>,
}

impl HostRules {
    /// The rules for a URL's authority (`host` or `host:port`): a `hosts` entry for it with
    /// its port, else for the host, else the defaults.
    pub(crate) fn for_authority(config: &LinksConfig, authority: &str) -> HostRules {
        let host = authority
            .rsplit_once(':')
            .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
            .map_or(authority, |(h, _)| h);
        let entry = config
            .hosts
            .get(authority)
            .or_else(|| config.hosts.get(host));
        let rate = entry.and_then(|e| e.rate).unwrap_or(config.host_rate);
        let mut rules = HostRules {
            concurrency: entry
                .and_then(|e| e.concurrency)
                .unwrap_or(config.host_concurrency),
            interval: if rate > 0.0 {
                Duration::from_secs_f64(1.0 / rate)
            } else {
                Duration::ZERO
            },
            headers: Vec::new(),
        };
        if let Some(e) = entry {
            rules.headers = e.headers.clone().into_iter().collect();
            // Unset: `external::missing_tokens` warns, and the host is asked without one.
            if let Some(token) = e.token_env.as_ref().and_then(|v| std::env::var(v).ok())
                && !token.is_empty()
            {
                rules
                    .headers
                    .push(("Authorization".into(), format!("Bearer {token}")));
            }
        }
        rules
    }
}

#[derive(Debug)]
struct HostState {
    in_flight: usize,
    next_start: Instant,
    blocked_until: Instant,
}

/// The hosts' states, shared by every worker.
#[derive(Debug, Default)]
pub(crate) struct Limiter {
    hosts: Mutex<HashMap<String, HostState>>,
    changed: Condvar,
}

/// A request slot on a host, given back when dropped.
pub(crate) struct Permit<'a> {
    limiter: &'a Limiter,
    host: String,
}

impl Limiter {
    /// Waits until `host` may be sent one more request under `rules`, and takes the slot.
    pub(crate) fn acquire(&self, host: &str, rules: &HostRules) -> Permit<'_> {
        let mut hosts = self.hosts.lock().expect("limiter lock");
        loop {
            let now = Instant::now();
            let state = hosts.entry(host.to_string()).or_insert(HostState {
                in_flight: 0,
                next_start: now,
                blocked_until: now,
            });
            let ready_at = state.next_start.max(state.blocked_until);
            if state.in_flight < rules.concurrency && ready_at <= now {
                state.in_flight += 1;
                state.next_start = now + rules.interval;
                return Permit {
                    limiter: self,
                    host: host.to_string(),
                };
            }
            hosts = if state.in_flight >= rules.concurrency {
                // A slot comes back with a notification.
                self.changed.wait(hosts).expect("limiter lock")
            } else {
                let wait = ready_at - now;
                self.changed
                    .wait_timeout(hosts, wait)
                    .expect("limiter lock")
                    .0
            };
        }
    }

    /// The host asked to be left alone until `until` (`Retry-After`).
    pub(crate) fn block(&self, host: &str, until: Instant) {
        let mut hosts = self.hosts.lock().expect("limiter lock");
        if let Some(state) = hosts.get_mut(host) {
            state.blocked_until = state.blocked_until.max(until);
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut hosts = self.limiter.hosts.lock().expect("limiter lock");
        if let Some(state) = hosts.get_mut(&self.host) {
            state.in_flight -= 1;
        }
        drop(hosts);
        self.limiter.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn never_more_than_the_concurrency_and_spaced_by_the_rate() {
        let limiter = Limiter::default();
        let rules = HostRules {
            concurrency: 2,
            interval: Duration::from_millis(5),
            headers: Vec::new(),
        };
        let (now, max) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let start = Instant::now();
        std::thread::scope(|s| {
            for _ in 0..6 {
                s.spawn(|| {
                    for _ in 0..4 {
                        let _p = limiter.acquire("h", &rules);
                        let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                        max.fetch_max(n, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(12));
                        now.fetch_sub(1, Ordering::SeqCst);
                    }
                });
            }
        });
        assert_eq!(max.load(Ordering::SeqCst), 2);
        // 24 starts, 5 ms apart.
        assert!(start.elapsed() >= Duration::from_millis(23 * 5));
    }

    #[test]
    fn host_rules_by_port_then_host() {
        let config: LinksConfig = toml::from_str(
            "host_concurrency = 3\n[hosts.\"a.org\"]\nconcurrency = 5\nrate = 0\n[hosts.\"a.org:81\"]\nconcurrency = 1\n",
        )
        .unwrap();
        assert_eq!(HostRules::for_authority(&config, "a.org:81").concurrency, 1);
        let a = HostRules::for_authority(&config, "a.org:82");
        assert_eq!((a.concurrency, a.interval), (5, Duration::ZERO));
        let b = HostRules::for_authority(&config, "b.org");
        assert_eq!((b.concurrency, b.interval), (3, Duration::from_millis(250)));
    }
}
