#!/usr/bin/env bash
# Page dates from git (#21): makes a repository of 20,000 pages and 5,000 commits with
# bench/git_repo.py (git fast-import, seconds) and times reading every page's last change the
# way `load` does (`FileDates::read`: `git rev-parse`, one `git log --name-status -M`, one
# `git status`, and parsing them). Target: under 1 s. Figures: BENCHMARKS.md.
#
#   bash bench/git_dates.sh [--files 20000] [--commits 5000] [--runs 5] [--profile dev|release]
#
# The repository is kept in $BENCH_WORK/git-dates-<files>-<commits> (default BENCH_WORK:
# <repo>/target) and reused. Wall times on a shared machine are noisy: the CPU time (user +
# sys, git's processes included) from /usr/bin/time is the steadier figure.
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=20000 COMMITS=5000 RUNS=5 PROFILE=release
while [ $# -gt 0 ]; do
    case "$1" in
        --files) FILES="$2"; shift 2 ;;
        --commits) COMMITS="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --profile) PROFILE="$2"; shift 2 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
WORK="${BENCH_WORK:-$PWD/target}"
REPO="$WORK/git-dates-$FILES-$COMMITS"
if [ ! -d "$REPO/.git" ]; then
    python3 bench/git_repo.py "$REPO" --files "$FILES" --commits "$COMMITS"
fi
cargo bench --profile "$PROFILE" --bench git_dates --no-run
BIN=$(ls -t target/"$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")"/deps/git_dates-* | grep -v '\.d$' | head -1)
/usr/bin/time -f "total for $RUNS runs: %e s wall, %U s user, %S s sys (git included)" "$BIN" "$REPO" "$RUNS"
