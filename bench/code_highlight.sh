#!/usr/bin/env bash
# Highlighting on vs off (#18): the same release binary builds the same corpus with
# `[markdown] highlight = true` and `= false`, in alternating rounds (on, off, on, off…), so
# that the machine's drift cannot favour one. Each build writes a new output folder; none is
# deleted until the end. Prints the median wall and user+sys CPU time of each, their ratios
# and the outputs' sizes, as a Markdown table.
#
#   bash bench/code_highlight.sh [--pages 10000] [--code-pages 2000] [--runs 3] [--check]
#
# --pages: the shared corpus (../shared/bench/gen_corpus.py, plain flavour), pages PER
#   LANGUAGE (10000 = the 20,000-page corpus). --code-pages: the code-heavy corpus
#   (bench/gen_code_corpus.py: 10-16 blocks of shell, console, YAML, Go, JSON, TOML and
#   Dockerfiles a page, half of them repeated across pages). 0 skips a corpus.
# --check: time `sitegen check` (every page rendered, nothing written) instead of `build`:
#   CPU only, without the disk.
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=10000 CODE_PAGES=2000 RUNS=3 MODE=build
while [ $# -gt 0 ]; do
    case "$1" in
        --check) MODE=check; shift ;;
        --pages) PAGES=$2; shift 2 ;;
        --code-pages) CODE_PAGES=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
SHARED=${BENCH_SHARED:-../shared/bench}
[ -d "$SHARED" ] || SHARED=/work/shared/bench
WORK=${BENCH_WORK:-target}/bench-highlight
BIN=$PWD/target/release/sitegen
[ -x "$BIN" ] || cargo build --release --quiet  # the binary as built: rebuild it first after a change
mkdir -p "$WORK"

# A corpus as two sites that differ only in [markdown] highlight (content hard-linked).
pair() { # source-dir name
    local src=$1 name=$2
    for mode in on off; do
        local dir="$WORK/$name-$mode"
        if [ ! -d "$dir/content" ]; then
            mkdir -p "$dir"
            cp -al "$src/content" "$dir/content"
        fi
        grep -v '^\[markdown\]\|^highlight' "$src/sitegen.toml" >"$dir/sitegen.toml"
        printf '\n[markdown]\nhighlight = %s\n' "$([ $mode = on ] && echo true || echo false)" >>"$dir/sitegen.toml"
    done
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Outputs of earlier runs are moved aside, not deleted, and deleted at the end: on this VM's
# disk a build right after deleting thousands of files is slower (see BENCHMARKS.md,
# "Measuring"). Before the rounds the page cache is emptied (as root) and the corpus read once.
OUT="$WORK/out"
if [ -d "$OUT" ]; then
    mkdir -p "$WORK/old" && mv "$OUT" "$WORK/old/$(date +%s)"
fi
trap 'rm -rf "$WORK/old" "$OUT"' EXIT
mkdir -p "$OUT"

measure() { # name
    local name=$1
    sync
    if [ -w /proc/sys/vm/drop_caches ]; then echo 3 >/proc/sys/vm/drop_caches; fi
    find "$WORK/$name-on/content" -type f -exec cat {} + >/dev/null
    for r in $(seq "$RUNS"); do
        for mode in on off; do
            sync
            if [ "$MODE" = build ]; then
                /usr/bin/time -f "%e %U %S" -o "$WORK/time" "$BIN" build --quiet --today 2026-11-21 \
                    --root "$WORK/$name-$mode" --output "$OUT/$name-$mode-$r"
            else
                /usr/bin/time -f "%e %U %S" -o "$WORK/time" "$BIN" check --quiet --today 2026-11-21 \
                    --root "$WORK/$name-$mode"
            fi
            read -r wall user sys <"$WORK/time"
            echo "$wall $(echo "$user + $sys" | bc)" >>"$WORK/$name-$mode.times"
        done
    done
}

report() { # name label
    local name=$1 label=$2 w_on w_off c_on c_off s_on s_off
    w_on=$(cut -d' ' -f1 "$WORK/$name-on.times" | median)
    w_off=$(cut -d' ' -f1 "$WORK/$name-off.times" | median)
    c_on=$(cut -d' ' -f2 "$WORK/$name-on.times" | median)
    c_off=$(cut -d' ' -f2 "$WORK/$name-off.times" | median)
    for mode in on off; do
        [ -d "$OUT/$name-$mode-1" ] || "$BIN" build --quiet --today 2026-11-21 \
            --root "$WORK/$name-$mode" --output "$OUT/$name-$mode-1"
    done
    s_on=$(du -sm "$OUT/$name-on-1" | cut -f1)
    s_off=$(du -sm "$OUT/$name-off-1" | cut -f1)
    echo "| $label | $w_off s | $w_on s | $(echo "scale=2; $w_on / $w_off" | bc) | $c_off s | $c_on s | $(echo "scale=2; $c_on / $c_off" | bc) | $s_off MB | $s_on MB |"
}

rows=()
if [ "$PAGES" -gt 0 ]; then
    src="$WORK/corpus-$PAGES"
    [ -f "$src/corpus.json" ] || python3 "$SHARED/gen_corpus.py" --flavor plain --pages "$PAGES" "$src" >/dev/null
    printf 'title = "Bench Docs"\nbase_url = "https://example.org/"\ndefault_language = "en"\n\n[languages.en]\nname = "English"\n\n[languages.zh]\nname = "中文"\n' >"$src/sitegen.toml"
    pair "$src" "shared"
    rm -f "$WORK"/shared-*.times
    measure shared
    rows+=("$(report shared "shared corpus, $((PAGES * 2)) pages")")
fi
if [ "$CODE_PAGES" -gt 0 ]; then
    src="$WORK/code-$CODE_PAGES"
    [ -d "$src/content" ] || python3 bench/gen_code_corpus.py --pages "$CODE_PAGES" "$src"
    pair "$src" "code"
    rm -f "$WORK"/code-*.times
    measure code
    rows+=("$(report code "code-heavy corpus, $CODE_PAGES pages")")
fi
echo "| corpus | wall, off | wall, on | on/off | CPU, off | CPU, on | on/off | output, off | output, on |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
