//! External links (`sitegen check --external`, `[links] external = true`): every http(s) URL
//! of the site asked once, concurrently and politely, and judged honestly, with every place it
//! occurs reported. A check phase that runs after `Site::check`, only when asked for: a build
//! without it pays nothing but keeping each page's external links in the Markdown step.
//!
//! `collect.rs` finds the URLs and their places, `cache.rs` reuses recent good answers,
//! `fetch.rs` asks a URL (over `limits.rs`, the per-host limits), `report.rs` turns answers
//! into diagnostics and a summary; `html.rs` reads attributes of raw HTML and fetched pages.
//!
//! Threads rather than async: the work is a few thousand blocking requests at most, bounded by
//! per-host limits far more than by threads, and ureq (blocking, rustls) keeps the binary and
//! the build small next to an async runtime.

mod cache;
mod collect;
mod fetch;
mod html;
mod limits;
mod report;

pub(crate) use report::Summary;

use crate::diagnostics::Diagnostic;
use crate::site::Site;
use cache::Cache;
use fetch::{Checker, Kind, Outcome};
use std::collections::{BTreeMap, HashSet, VecDeque};
use std::ops::Not;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a run is asked to do besides the site's `[links]`.
pub(crate) struct Options<'a> {
    /// Only the links on pages changed since this git ref.
    pub(crate) changed_since: Option<&'a str>,
    /// Called with (URLs done, URLs to ask) as answers come in.
    pub(crate) progress: &'a (dyn Fn(usize, usize) + Sync),
}

/// What checking found.
pub(crate) struct Report {
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) summary: Summary,
}

/// Checks the external links of a loaded site. Err is a usage error (a git ref that git
/// does not know).
pub(crate) fn check(site: &Site, options: &Options) -> Result<Report, String> {
    let config = &site.config.links;
    let only = match options.changed_since {
        Some(r) => Some(collect::changed_since(&site.root, r)?),
        None => None,
    };
    let mut links = collect::collect(site, only.as_ref());
    let mut summary = Summary {
        excluded: exclude(&mut links, &config.exclude),
        ..Summary::default()
    };
    let mut diagnostics = missing_tokens(site);
    let (mut cache, warning) = Cache::load(&site.root, &config.cache);
    diagnostics.extend(warning);
    let today = site.options.today;

    let fragments_of = |places: &[collect::Place]| -> Vec<String> {
        let set: HashSet<&String> = places.iter().filter_map(|p| p.fragment.as_ref()).collect();
        let mut v: Vec<String> = set.into_iter().cloned().collect();
        v.sort();
        v
    };
    let mut cached = HashSet::new();
    let mut jobs = Vec::new();
    for (url, places) in &links.urls {
        let fragments = fragments_of(places);
        if cache
            .reusable(url, &fragments, today, config.cache_ttl)
            .is_some()
        {
            cached.insert(url.as_str());
        } else {
            jobs.push((url.as_str(), fragments));
        }
    }
    let checker = Checker::new(config);
    let mut outcomes = run_jobs(
        &checker,
        interleave(jobs),
        config.concurrency,
        options.progress,
    );
    diagnostics.extend(offline(&mut outcomes));
    for (url, outcome) in outcomes {
        cache.record(url, outcome, today);
    }

    let rules = report::Rules {
        today,
        fail_after: config.fail_after,
    };
    for (url, places) in &links.urls {
        let entry = &cache.entries[url.as_str()];
        let (verdict, found) = report::judge(entry, places, &rules);
        diagnostics.extend(found);
        summary.add(
            &host_of(url),
            places.len(),
            cached.contains(url.as_str()),
            verdict,
        );
    }
    // A partial run (`--changed-since`) keeps the results of links it did not see.
    let keep: HashSet<&str> = links.urls.keys().map(String::as_str).collect();
    if let Err(d) = cache.save(only.is_none().then_some(&keep)) {
        diagnostics.push(d);
    }
    Ok(Report {
        diagnostics,
        summary,
    })
}

/// Drops the places whose URL (as written) matches a `links.exclude` pattern, and the URLs
/// left with none; how many URLs were dropped.
fn exclude(links: &mut collect::Links, patterns: &[String]) -> usize {
    // The patterns were compiled once already, when the config was read.
    let Ok(set) = regex::RegexSet::new(patterns) else {
        return 0;
    };
    if patterns.is_empty() {
        return 0;
    }
    let before = links.urls.len();
    links.urls.retain(|_, places| {
        places.retain(|p| !set.is_match(&p.written));
        !places.is_empty()
    });
    before - links.urls.len()
}

/// The jobs in host-by-host turns, so that workers spread over hosts instead of queueing on
/// the first one's limit.
fn interleave(jobs: Vec<(&str, Vec<String>)>) -> Vec<(&str, Vec<String>)> {
    let mut by_host: BTreeMap<String, VecDeque<(&str, Vec<String>)>> = BTreeMap::new();
    for job in jobs {
        by_host.entry(host_of(job.0)).or_default().push_back(job);
    }
    let mut out = Vec::new();
    while !by_host.is_empty() {
        by_host.retain(|_, queue| {
            out.extend(queue.pop_front());
            !queue.is_empty()
        });
    }
    out
}

/// Asks every job's URL on `threads` worker threads; the answers in no particular order.
fn run_jobs<'u>(
    checker: &Checker,
    jobs: Vec<(&'u str, Vec<String>)>,
    threads: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Vec<(&'u str, Outcome)> {
    let total = jobs.len();
    let next = AtomicUsize::new(0);
    let (sender, answers) = std::sync::mpsc::channel();
    let mut outcomes = Vec::with_capacity(total);
    std::thread::scope(|s| {
        for _ in 0..threads.min(total) {
            let sender = sender.clone();
            let (jobs, next) = (&jobs, &next);
            s.spawn(move || {
                while let Some((url, fragments)) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let outcome = checker.check(url, fragments);
                    if sender.send((*url, outcome)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(sender);
        for answer in answers {
            outcomes.push(answer);
            progress(outcomes.len(), total);
        }
    });
    outcomes
}

/// When no host name at all could be looked up, on three hosts or more, the machine is most
/// likely offline: nothing is judged broken for it, and one warning says so.
fn offline(outcomes: &mut [(&str, Outcome)]) -> Option<Diagnostic> {
    let hosts: HashSet<String> = outcomes.iter().map(|(u, _)| host_of(u)).collect();
    let all_failed = !outcomes.is_empty() && outcomes.iter().all(|(_, o)| o.lookup_failed);
    if !all_failed || hosts.len() < 3 {
        return None;
    }
    for (_, o) in outcomes.iter_mut() {
        o.result = Kind::Unknown;
        o.message = format!("{} (no host name could be looked up: offline?)", o.message);
    }
    Some(Diagnostic::warning(
        "external-unknown",
        format!(
            "none of the {} hosts could be looked up: is this machine offline? Their links are not judged",
            hosts.len()
        ),
    ))
}

/// A `token_env` that names a variable not set (a pull request from a fork gets no secrets):
/// a warning, and the host is asked without a token.
fn missing_tokens(site: &Site) -> Vec<Diagnostic> {
    let text =
        std::fs::read_to_string(site.root.join(crate::config::FILE_NAME)).unwrap_or_default();
    let hosts = &site.config.links.hosts;
    hosts
        .iter()
        .filter_map(|(host, h)| Some((host, h.token_env.as_ref()?)))
        .filter(|(_, var)| std::env::var(var).is_ok_and(|v| !v.is_empty()).not())
        .map(|(host, var)| {
            let line = text
                .lines()
                .position(|l| l.contains("token_env") && l.contains(var.as_str()))
                .map(|i| i + 1);
            Diagnostic::warning(
                "config",
                format!("[links.hosts.\"{host}\"] token_env: ${var} is not set, so {host} is asked without a token"),
            )
            .at(crate::config::FILE_NAME, line)
        })
        .collect()
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .map(|u| fetch::authority(&u))
        .unwrap_or_else(|_| "(not a URL)".into())
}
