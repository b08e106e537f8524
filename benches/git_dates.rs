//! Reading every content file's last change from git (#21): `FileDates::read` on the
//! repository `bench/git_repo.py` makes (20,000 pages, 5,000 commits), as `load` reads it.
//!
//! `bash bench/git_dates.sh` makes the repository and runs this; or
//! `cargo bench --bench git_dates -- REPO [RUNS]`. Prints each run's wall time and the
//! median; `/usr/bin/time` around it gives the CPU time, git's processes included.

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(repo) = args.first().map(PathBuf::from) else {
        eprintln!("usage: cargo bench --bench git_dates -- REPO [RUNS]");
        return;
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let text = std::fs::read_to_string(repo.join("sitegen.toml")).expect("the repo's sitegen.toml");
    let config = sitegen::config::Config::parse(&text).expect("config");
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let dates = sitegen::git::FileDates::read(&repo, &config);
        let secs = start.elapsed().as_secs_f64();
        let (files, commits) = dates.counts();
        println!("read {files} files' dates from {commits} commits in {secs:.3} s");
        times.push(secs);
    }
    times.sort_by(f64::total_cmp);
    println!("median of {runs}: {:.3} s", times[times.len() / 2]);
}
