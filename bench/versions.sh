#!/usr/bin/env bash
# Versioned docs (#20): a clean build of 33 versions × ~60 pages with [versions], against the
# same pages without it (bench/gen_versions.py writes both). Prints wall time and peak RSS
# (GNU time), the median of RUNS runs taken in alternating rounds, and the instructions of one
# build of each under callgrind (CALLGRIND=1), which the machine's load does not skew.
#
#   bash bench/versions.sh [--versions 33] [--pages 60] [--runs 5]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
versions=33 pages=60 runs=5
while [ $# -gt 0 ]; do
  case $1 in
    --versions) versions=$2; shift 2 ;;
    --pages) pages=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
bin=${SITEGEN:-$repo/target/release/sitegen}
work=${BENCH_WORK:-$repo/target}/bench-versions
python3 "$repo/bench/gen_versions.py" --versions "$versions" --pages "$pages" "$work"
declare -A wall rss
for r in $(seq "$runs"); do
  for kind in unversioned versioned; do
    rm -rf "$work/$kind/public"
    sync
    /usr/bin/time -v -o "$work/time.txt" "$bin" build --quiet --root "$work/$kind" --today 2026-12-06 >/dev/null 2>&1
    out=$(cat "$work/time.txt")
    wall[$kind]+="$(echo "$out" | awk -F': ' '/Elapsed/ {n=split($2,t,":"); print (n==3 ? t[1]*3600+t[2]*60+t[3] : t[1]*60+t[2])}') "
    rss[$kind]+="$(echo "$out" | awk -F': ' '/Maximum resident/ {print $2}') "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "| build | pages | wall (median of $runs) | peak RSS (median) |"
echo "|---|---|---|---|"
for kind in unversioned versioned; do
  n=$(find "$work/$kind/content" -name '*.md' | wc -l)
  echo "| $kind | $n | $(echo "${wall[$kind]}" | median) s | $(( $(echo "${rss[$kind]}" | median) / 1024 )) MiB |"
done
if [ "${CALLGRIND:-0}" = 1 ]; then
  for kind in unversioned versioned; do
    rm -rf "$work/$kind/public"
    valgrind --tool=callgrind --callgrind-out-file="$work/$kind.callgrind" \
      "$bin" build --quiet --root "$work/$kind" --today 2026-12-06 2>&1 >/dev/null \
      | awk -v k="$kind" '/Collected/ {print "| " k " | instructions | " $4 " |"}'
  done
fi
