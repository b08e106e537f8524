#!/usr/bin/env bash
# External links: how long `sitegen check --external` takes for N distinct URLs on one local
# server (bench/link_server.py, HTTP/1.1 keep-alive, on 127.0.0.1) with that host's limits
# raised (`[links.hosts."127.0.0.1:PORT"] concurrency = 32, rate = 0`), cold (no cache), warm
# (every answer from the cache) and with a #fragment on every link (GET and the page's ids
# instead of HEAD). The target (#22): 5,000 URLs in under 10 s. Prints a Markdown table.
#
#   bash bench/external_links.sh [--urls 5000] [--per-page 100] [--runs 3] [--bin PATH]
#
# The site has URLS/PER_PAGE pages of PER_PAGE links each. --bin: a sitegen binary (default:
# target/release/sitegen, built first). Median of RUNS runs; `check` without --external on
# the same site is the baseline.
set -euo pipefail

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

URLS=5000
PER_PAGE=100
RUNS=3
BIN=""
while [ $# -gt 0 ]; do
    case "$1" in
        --urls) URLS="$2"; shift 2 ;;
        --per-page) PER_PAGE="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --bin) BIN="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "external_links.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "$BIN" ]; then
    (cd "$REPO" && cargo build --release -q)
    BIN="$REPO/target/release/sitegen"
fi
SITE="$(mktemp -d "${TMPDIR:-/tmp}/sitegen-links.XXXXXX")"
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
    rm -rf "$SITE"
}
trap cleanup EXIT

exec 3< <(python3 "$REPO/bench/link_server.py")
SERVER_PID=$!
read -r PORT <&3
HOST="127.0.0.1:$PORT"
count() { python3 -c "import urllib.request; print(urllib.request.urlopen('http://$HOST/__count').read().decode())"; }

# $1: "" or a fragment for every link.
make_site() {
    rm -rf "$SITE/content" "$SITE/.sitegen"
    mkdir -p "$SITE/content"
    cat > "$SITE/sitegen.toml" <<TOML
title = "Links"
[links]
concurrency = 32
[links.hosts."$HOST"]
concurrency = 32
rate = 0
TOML
    python3 - "$SITE/content" "$URLS" "$PER_PAGE" "$HOST" "$1" <<'PY'
import sys
out, urls, per, host, frag = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
for page in range((urls + per - 1) // per):
    lines = [f"# Page {page}\n"]
    for i in range(page * per, min(urls, (page + 1) * per)):
        lines.append(f"- [link {i}](http://{host}/docs/{i}/{('#' + frag) if frag else ''})\n")
    open(f"{out}/p{page}.md", "w").write("".join(lines))
PY
}

# Seconds of one `sitegen check` run with the given arguments (fails on a non-zero exit).
timed() {
    local start end
    start=$(date +%s.%N)
    "$BIN" check --root "$SITE" --today 2026-12-01 "$@" > "$SITE/out.txt" 2>&1 || {
        cat "$SITE/out.txt" >&2
        exit 1
    }
    end=$(date +%s.%N)
    printf '%.2f\n' "$(echo "$end - $start" | bc)"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

row() { printf '| %s | %s | %s |\n' "$1" "$2" "$3"; }
echo "| run ($URLS URLs, $((URLS / PER_PAGE)) pages) | wall s (median of $RUNS) | requests per run |"
echo "|---|---:|---:|"
make_site ""
base=$(for _ in $(seq "$RUNS"); do timed; done | median)
row "check, no --external (baseline)" "$base" 0
times=()
for _ in $(seq "$RUNS"); do
    rm -rf "$SITE/.sitegen"
    before=$(count)
    times+=("$(timed --external)")
    asked=$(( $(count) - before ))
done
row "check --external, cold (HEAD each)" "$(printf '%s\n' "${times[@]}" | median)" "$asked"
grep -o 'External links: .*' "$SITE/out.txt" >&2
before=$(count)
warm=$(for _ in $(seq "$RUNS"); do timed --external; done | median)
row "check --external, warm (from the cache)" "$warm" "$(( ($(count) - before) / RUNS ))"
make_site "b"
times=()
for _ in $(seq "$RUNS"); do
    rm -rf "$SITE/.sitegen"
    before=$(count)
    times+=("$(timed --external)")
    asked=$(( $(count) - before ))
done
row "check --external, cold, a #fragment on each (GET + ids)" "$(printf '%s\n' "${times[@]}" | median)" "$asked"
