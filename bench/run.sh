#!/usr/bin/env bash
# Whole-build benchmark: sitegen against the floor (pulldown-cmark over the same files, nothing
# else) and Hugo, on corpora from ../shared/bench/gen_corpus.py. Prints a Markdown table.
#
#   bash bench/run.sh [--sizes "1000 10000 50000"] [--quick] [--skip-hugo] [--no-serve]
#                     [--serve-size 10000] [--runs N] [--against COMMIT] [--chart FILE.svg]
#
# Sizes are pages PER LANGUAGE (the corpus has en and zh, so 10000 means 20,000 pages).
# --quick: only 1000 (serve too). --serve-size: the corpus `sitegen serve` rebuilds are timed on.
# --against COMMIT: also measure that commit's sitegen (default theme and peer templates) in the
#   same rounds, for a before/after that the machine's drift between two runs cannot skew.
# --chart FILE.svg: also draw the table as a chart there (bench/chart.py; every run's chart is
#   kept beside its table in target/bench-results/ anyway).
# Every measurement is a clean build under GNU `/usr/bin/time -v`: wall time and peak RSS,
# the median of 3 runs (1 run for sizes >= 50000), taken in rounds of one run of each tool,
# each run after a `sync`. Outputs are kept until the end (deleting
# files slows down creating them for minutes on this VM's disk). See BENCHMARKS.md.
#
# Environment:
#   BENCH_SHARED  the shared bench material (default: <repo>/../shared/bench)
#   BENCH_WORK    scratch folder for corpora, outputs, the floor build (default: <repo>/target)
#   BENCH_TODAY   the FAQ "today" (default 2026-11-21, so ages are reproducible)
#   BENCH_SETTLE  seconds to wait after deleting an earlier run's outputs before measuring
#                 (default 420; see "Measuring" below)
set -euo pipefail

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

SIZES="1000 10000 50000"
SKIP_HUGO=0
AGAINST=""
CHART=""
SERVE=1
SERVE_SIZE=10000
RUNS=3
while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) SIZES="$2"; shift 2 ;;
        --sizes=*) SIZES="${1#*=}"; shift ;;
        --quick) SIZES="1000"; SERVE_SIZE=1000; shift ;;
        --serve-size) SERVE_SIZE="$2"; shift 2 ;;
        --skip-hugo) SKIP_HUGO=1; shift ;;
        --no-serve) SERVE=0; shift ;;
        --runs) RUNS="$2"; shift 2 ;;
        --against) AGAINST="$2"; shift 2 ;;
        --chart) CHART="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${BENCH_SHARED:-$REPO/../shared/bench}"
SHARED="$(cd "$SHARED" && pwd)"
WORK="${BENCH_WORK:-$REPO/target}"
TODAY="${BENCH_TODAY:-2026-11-21}"
CORPORA="$WORK/bench-corpus"
OUTS="$WORK/bench-out"
RESULTS="$WORK/bench-results"
mkdir -p "$CORPORA" "$OUTS" "$RESULTS"

say() { echo "run.sh: $*" >&2; }
thousands() { echo "$1" | sed ':a; s/\B[0-9]\{3\}\>/,&/; ta'; }

# ---------------------------------------------------------------------------------------------
# Tools
apt_install() {
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2
}

if [ ! -x /usr/bin/time ]; then
    say "installing GNU time"
    apt_install time
fi

if [ "$SKIP_HUGO" -eq 0 ] && ! command -v hugo >/dev/null; then
    say "installing Hugo from Debian"
    if ! apt_install hugo; then
        say "Hugo could not be installed: its rows are skipped"
        SKIP_HUGO=1
    fi
fi
HUGO_VERSION=""
[ "$SKIP_HUGO" -eq 1 ] || HUGO_VERSION="$(hugo version | cut -d' ' -f1-2)"

say "building sitegen --release"
(cd "$REPO" && cargo build --release --quiet)
SITEGEN="${CARGO_TARGET_DIR:-$REPO/target}/release/sitegen"
[ "${CARGO_TARGET_DIR:-}" = "" ] || case "$CARGO_TARGET_DIR" in /*) ;; *) SITEGEN="$REPO/$SITEGEN" ;; esac

if [ -n "$AGAINST" ]; then
    AGAINST_SHA="$(git -C "$REPO" rev-parse "$AGAINST")"
    AGAINST_NAME="$(git -C "$REPO" rev-parse --short "$AGAINST")"
    AGAINST_BIN="$WORK/bench-against/sitegen-$AGAINST_SHA"
    if [ ! -x "$AGAINST_BIN" ]; then
        say "building sitegen $AGAINST_NAME --release"
        src="$WORK/bench-against/src"
        rm -rf "$src"
        mkdir -p "$src"
        git -C "$REPO" archive "$AGAINST_SHA" | tar -x -C "$src"
        CARGO_TARGET_DIR="$WORK/bench-against/target" cargo build --release --quiet \
            --manifest-path "$src/Cargo.toml"
        cp "$WORK/bench-against/target/release/sitegen" "$AGAINST_BIN"
        rm -rf "$src"
    fi
fi

say "building the floor"
# The shared folder is read-only: build into our own target folder.
CARGO_TARGET_DIR="$WORK/bench-floor" cargo build --release --quiet \
    --manifest-path "$SHARED/floor/Cargo.toml"
FLOOR="$WORK/bench-floor/release/floor"

# ---------------------------------------------------------------------------------------------
# Corpora
gen() { # flavor pages -> dir (generated once, reused)
    local dir="$CORPORA/$1-$2"
    if [ ! -f "$dir/corpus.json" ]; then
        say "generating $1 corpus, $2 pages per language"
        rm -rf "$dir"
        python3 "$SHARED/gen_corpus.py" --flavor "$1" --pages "$2" "$dir" >/dev/null
    fi
    echo "$dir"
}

write_config() { # dir
    cat >"$1/sitegen.toml" <<'EOF'
title = "Bench Docs"
description = "A generated documentation corpus (../shared/bench/gen_corpus.py)."
base_url = "https://example.org/"
default_language = "en"

[languages.en]
name = "English"
title = "Bench Docs"

[languages.zh]
name = "中文"
title = "基准文档"

[faq]
stale_after = 365
review_soon = 30
EOF
    [ "${2:-}" != "nosearch" ] || printf '\n[search]\nenabled = false\n' >>"$1/sitegen.toml"
}

# The same corpus three times (hard links: no copy, one page cache): `full` with the default
# theme, `peer` with bench/peer-templates/ as the site's templates/ override, `nosearch` the
# same without the search index (`[search] enabled = false`): Hugo writes none.
sites() { # pages
    local plain v
    plain="$(gen plain "$1")"
    for v in full peer nosearch; do
        local dir="$CORPORA/site-$v-$1"
        if [ ! -d "$dir/content" ]; then
            rm -rf "$dir"
            mkdir -p "$dir"
            cp -al "$plain/content" "$dir/content"
        fi
        write_config "$dir" "$v"
        rm -rf "$dir/templates"
        if [ "$v" != full ]; then
            mkdir -p "$dir/templates"
            cp "$REPO"/bench/peer-templates/*.html "$dir/templates/"
        fi
    done
}

# ---------------------------------------------------------------------------------------------
# Measuring
#
# Nothing is deleted while measuring. On ext4 without a journal (this VM's disk), creating a
# file skips every inode freed in the last few minutes (`recently_deleted` in the kernel), so a
# build that runs right after `rm -rf` of 20,000 files takes twice as long, the floor most of
# all (measured: 2.8 s right after, 1.5 s after 4 minutes, 1.06 s after 7). A run's old output
# is moved into $TRASH instead (a rename frees no inode); the trash is deleted at the end, and a
# later run that starts within SETTLE seconds of that deletion waits until it is over.
TRASH="$OUTS/.trash"
DELETED_AT="$OUTS/.deleted-at"
SETTLE="${BENCH_SETTLE:-420}"
mkdir -p "$TRASH"
discard() { # dir: out of the way, without freeing its inodes
    [ -e "$1" ] || return 0
    mv "$1" "$TRASH/$(date +%s%N)"
}
empty_trash() {
    [ -n "$(ls -A "$TRASH")" ] || return 0
    say "deleting earlier outputs"
    rm -rf "$TRASH"
    mkdir -p "$TRASH"
    date +%s >"$DELETED_AT"
}
settle() { # wait until files deleted by an earlier run no longer slow file creation
    [ -f "$DELETED_AT" ] || return 0
    local left=$(($(cat "$DELETED_AT") + SETTLE - $(date +%s)))
    if [ "$left" -gt 0 ]; then
        say "waiting ${left} s: files deleted $((SETTLE - left)) s ago still slow down ext4 file creation"
        sleep "$left"
    fi
}
for old in "$OUTS"/*; do discard "$old"; done
empty_trash
settle

# measure OUT_DIR COMMAND... -> "wall_seconds rss_kib html_files" (a clean build: OUT moved away)
measure() {
    local out="$1"; shift
    local tv="$RESULTS/time.txt" log="$RESULTS/last-run.log"
    discard "$out"
    # The previous run's files are still being written back: without this, its writeback
    # (and the dirty-page throttling it brings) is charged to whichever tool runs next.
    sync
    if ! /usr/bin/time -v -o "$tv" "$@" >"$log" 2>&1; then
        say "FAILED: $*"
        tail -20 "$log" >&2
        echo "fail fail 0"
        return
    fi
    local wall rss files
    wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tv")"
    rss="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tv")"
    files="$(find "$out" -name '*.html' | wc -l)"
    echo "$wall $rss $files"
}

# median of the first field over lines "wall rss files"; prints the whole line of the median run
median_run() {
    sort -n -k1,1 | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'
}

ROWS=()
FLOOR_WALL=""
row() { # pages tool "wall rss files"
    local pages="$1" tool="$2" wall rss files ratio rss_mib
    read -r wall rss files <<<"$3"
    if [ "$wall" = "fail" ]; then
        ROWS+=("| $pages | $tool | failed | | | |")
        return
    fi
    wall="$(awk -v w="$wall" 'BEGIN { printf "%.2f", w }')"
    rss_mib="$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')"
    ratio="$(awk -v a="$wall" -v b="$FLOOR_WALL" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "—" }')"
    ROWS+=("| $(thousands "$pages") | $tool | $wall | $rss_mib | $ratio | $files |")
}


LOADS=()
for n in $SIZES; do
    runs="$RUNS"
    [ "$n" -lt 50000 ] || runs=1
    sites "$n"
    [ "$SKIP_HUGO" -eq 1 ] || hugo_site="$(gen hugo "$n")"
    full="$CORPORA/site-full-$n"
    peer="$CORPORA/site-peer-$n"
    # The same memory for every size: the page cache is emptied (earlier outputs and corpora
    # fill it), then the corpus read back in, so each tool, the floor (measured first)
    # included, reads a warm cache. With the cache full, every page a build writes first has
    # to be reclaimed from it, charged to the build as system time: the same builds took 2-3x
    # the system time with 1.6 GB free as with 19 GB, the heavier writers most.
    sync
    if [ -w /proc/sys/vm/drop_caches ]; then
        echo 1 >/proc/sys/vm/drop_caches
    else
        say "cannot empty the page cache (not root): results depend on how full it is"
    fi
    find "$full/content" ${hugo_site:+"$hugo_site"} -type f -exec cat {} + >/dev/null
    LOADS+=("$(thousands "$n"): $(cut -d' ' -f1-3 /proc/loadavg)")
    say "measuring $n pages per language ($runs run(s) each; load $(cut -d' ' -f1-3 /proc/loadavg))"

    # Rounds of one run of each tool, in the same order: whatever the machine does meanwhile
    # (the page cache filling with earlier outputs, another tenant of the VM) falls on every
    # tool alike rather than on the ones measured last. The median run of each is reported.
    TOOLS=(floor full peer peer-search)
    [ -z "$AGAINST" ] || TOOLS+=(full-against peer-against)
    [ "$SKIP_HUGO" -eq 1 ] || TOOLS+=(hugo)
    declare -A RUNS_OF=()
    for _ in $(seq "$runs"); do
        for tool in "${TOOLS[@]}"; do
            case "$tool" in
                floor) r="$(measure "$OUTS/floor" "$FLOOR" "$full/content" "$OUTS/floor" 2)" ;;
                full) r="$(measure "$OUTS/full" "$SITEGEN" build -q --today "$TODAY" --root "$full" -o "$OUTS/full")" ;;
                # What Hugo and Zola build: base layout, a nav of the section's pages, the
                # content; no search index. Every check is on (links, anchors, FAQ dates,
                # translations).
                peer) r="$(measure "$OUTS/peer" "$SITEGEN" build -q --today "$TODAY" --root "$CORPORA/site-nosearch-$n" -o "$OUTS/peer")" ;;
                peer-search) r="$(measure "$OUTS/peer" "$SITEGEN" build -q --today "$TODAY" --root "$peer" -o "$OUTS/peer")" ;;
                full-against) r="$(measure "$OUTS/full" "$AGAINST_BIN" build -q --today "$TODAY" --root "$full" -o "$OUTS/full")" ;;
                peer-against) r="$(measure "$OUTS/peer" "$AGAINST_BIN" build -q --today "$TODAY" --root "$CORPORA/site-nosearch-$n" -o "$OUTS/peer")" ;;
                hugo) r="$(measure "$OUTS/hugo" hugo --quiet --source "$hugo_site" --destination "$OUTS/hugo")" ;;
            esac
            RUNS_OF[$tool]+="$r"$'\n'
        done
    done
    median_of() { printf '%s' "${RUNS_OF[$1]}" | median_run; }
    r="$(median_of floor)"
    FLOOR_WALL="${r%% *}"
    row "$n" "floor (pulldown-cmark, 2 threads)" "$r"
    row "$n" "sitegen, default theme (with search index)" "$(median_of full)"
    row "$n" "sitegen, peer-equivalent templates" "$(median_of peer)"
    row "$n" "sitegen, peer-equivalent templates + search index" "$(median_of peer-search)"
    if [ -n "$AGAINST" ]; then
        row "$n" "sitegen $AGAINST_NAME, default theme (with search index)" "$(median_of full-against)"
        row "$n" "sitegen $AGAINST_NAME, peer-equivalent templates" "$(median_of peer-against)"
    fi
    [ "$SKIP_HUGO" -eq 1 ] || row "$n" "$HUGO_VERSION" "$(median_of hugo)"
    unset RUNS_OF
done
for old in "$OUTS"/*; do discard "$old"; done
empty_trash

# ---------------------------------------------------------------------------------------------
# serve: time from a file change to the answer of the live-reload poll (/__sitegen/wait?v=N,
# a long poll answered once the rebuilt site is published).
SERVE_ROWS=()
serve_bench() {
    local n="$SERVE_SIZE"
    local site="$CORPORA/site-full-$n"
    [ -d "$site/content" ] || sites "$n"
    local log="$RESULTS/serve.log"
    local page
    # sed, not head: head exits after one line, and under pipefail a writer still writing then
    # dies of SIGPIPE and ends the script. (One full run ended with exit 141 in these serve rows;
    # this was the likeliest pipeline, but the cause was not pinned down.)
    page="$(find "$site/content/en/guide" -maxdepth 1 -name '*.md' ! -name '_index.md' | sort | sed -n 1p)"
    # The page edited below gets its own inode: the corpus files are hard links shared by sites.
    cp "$page" "$RESULTS/page.orig"
    rm -f "$page" && cp "$RESULTS/page.orig" "$page"
    # serve has no --today: SOURCE_DATE_EPOCH pins FAQ ages as --today does for build.
    local epoch
    epoch="$(date -u -d "$TODAY" +%s)"
    SOURCE_DATE_EPOCH="$epoch" "$SITEGEN" serve --root "$site" --port 0 >"$log" 2>&1 &
    local pid=$!
    local url="" waited=0
    while [ -z "$url" ]; do
        if ! kill -0 "$pid" 2>/dev/null; then
            say "serve exited early:"; tail -20 "$log" >&2; return
        fi
        if [ "$waited" -gt 1200 ]; then
            say "serve did not start in 600 s"; kill -INT "$pid"; wait "$pid" || true; return
        fi
        url="$(sed -n 's/^Serving at //p' "$log")"
        sleep 0.5; waited=$((waited + 1))
    done
    local first
    first="$(sed -n 's/^Built .* in \([0-9]*\) ms$/\1/p' "$log")"
    SERVE_ROWS+=("| first build (in memory) | ${first:-?} ms | | |")


    version() { curl -s "${url}__sitegen/status" | sed 's/.*"version":\([0-9]*\).*/\1/'; }
    # change_and_wait CMD... -> "seconds_until_poll_answered serve_reported_ms"
    change_and_wait() {
        local v t0 t1 answer lines
        v="$(version)"
        lines="$(wc -l <"$log")"
        t0="$(date +%s.%N)"
        "$@"
        while :; do
            answer="$(curl -s --max-time 60 "${url}__sitegen/wait?v=$v")"
            case "$answer" in *"\"version\":$v,"*) continue ;; esac
            break
        done
        t1="$(date +%s.%N)"
        local ms
        ms="$(tail -n +"$((lines + 1))" "$log" | sed -n 's/^Rebuilt (.*) in \([0-9]*\) ms.*/\1/p' | tail -1)"
        awk -v a="$t0" -v b="$t1" -v ms="${ms:-?}" 'BEGIN { printf "%.0f %s\n", (b - a) * 1000, ms }'
    }
    # A save that leaves the bytes as they were publishes nothing: count the versions it made.
    touch_versions() {
        local v
        v="$(version)"
        touch "$page"
        sleep 2
        echo $(($(version) - v))
    }
    local i res_touch=() res_edit=() res_serve_edit=()
    sleep 1
    for i in 1 2 3; do
        res_touch+=("$(touch_versions)")
        read -r a b <<<"$(change_and_wait sh -c "printf '\nBench edit $i.\n' >>'$page'")"
        res_edit+=("$a"); res_serve_edit+=("$b")
        change_and_wait cp "$RESULTS/page.orig" "$page" >/dev/null
    done
    local hwm
    hwm="$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")"
    kill -INT "$pid"
    wait "$pid" || true
    med() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'; }
    local touched
    touched="$(printf '%s\n' "${res_touch[@]}" | awk '{ s += $1 } END { print s }')"
    SERVE_ROWS+=("| no-change save (touch one page, 3 times) | $touched rebuilds | | |")
    SERVE_ROWS+=("| one-page rebuild (append a line) | $(med "${res_edit[@]}") ms | $(med "${res_serve_edit[@]}") ms | $hwm |")
}
if [ "$SERVE" -eq 1 ]; then
    say "measuring serve rebuilds on $SERVE_SIZE pages per language"
    serve_bench
fi

# ---------------------------------------------------------------------------------------------
# Report
STAMP="$(date -u +%Y%m%d-%H%M%S)"
{
    echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'), sitegen $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')," \
        "$(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sed -n 1p))," \
        "load average before each size: $(IFS=';'; echo "${LOADS[*]}")."
    echo "Median of $RUNS runs (1 run at 50,000 pages per language and above); clean builds, warm page cache."
    echo
    echo "| pages per language | tool | wall s | peak RSS MiB | × floor (wall) | HTML files |"
    echo "|---:|---|---:|---:|---:|---:|"
    printf '%s\n' "${ROWS[@]}"
    if [ "${#SERVE_ROWS[@]}" -gt 0 ]; then
        echo
        echo "\`sitegen serve\`, $(thousands "$SERVE_SIZE") pages per language, default theme (median of 3):"
        echo
        echo "| change | change → poll answered | rebuild as reported by serve | serve peak RSS MiB |"
        echo "|---|---:|---:|---:|"
        printf '%s\n' "${SERVE_ROWS[@]}"
    fi
} | tee "$RESULTS/$STAMP.md"
python3 "$REPO/bench/chart.py" "$RESULTS/$STAMP.md" >"$RESULTS/$STAMP.svg"
if [ -n "$CHART" ]; then
    cp "$RESULTS/$STAMP.svg" "$CHART"
    say "chart: $CHART"
fi
