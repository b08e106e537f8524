#!/usr/bin/env bash
# Search against Pagefind (#24): the benchmark corpus and the example site, each indexed by
# sitegen and by Pagefind (the extended build, for Chinese), both driven through their real
# clients in headless Chromium with an empty cache per query. Prints a Markdown table.
#
#   bash bench/search.sh [--pages N] [--queries FILE]
#
# --pages: pages PER LANGUAGE of the corpus (default 1000: bench/search-queries.txt names pages
#   of that corpus; another size scores only the example site's queries meaningfully).
# Measured, per engine:
# - index build: sitegen's is the build's time and peak memory minus those of the same build
#   without the index (`[search] enabled = false`); Pagefind's is its run over the built site
#   (`--root-selector main`, the page's content, as its docs advise), under GNU time.
# - index bytes: every file of `search/` or `pagefind/`, raw and gzipped one by one.
# - first load: what focusing the box fetches (the page's own HTML, CSS and script left out).
# - cold: first load plus one query, from an empty cache (a new browser context per query);
#   warm: the next query of the same language in the same page. Median and worst, raw (as a
#   host that does not compress serves them) and gzipped.
# - typed: the query typed at 150 ms a character from an empty cache, against pasted (cold).
# - recall@5: the expected pages found in the first five result pages, over all expected.
# Needs node/npm (Pagefind 1.6.0 and puppeteer-core are installed into the work folder by npm)
# and chromium. Environment: BENCH_WORK (default <repo>/target/search-bench), SITEGEN (default
# <repo>/target/release/sitegen, built when missing), CHROMIUM (default: chromium on PATH).
set -euo pipefail

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

PAGES=1000
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
QUERIES="$REPO/bench/search-queries.txt"
while [ $# -gt 0 ]; do
    case "$1" in
        --pages) PAGES="$2"; shift 2 ;;
        --queries) QUERIES="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "search.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
SHARED="$(cd "${BENCH_SHARED:-$REPO/../shared/bench}" && pwd)"
WORK="${BENCH_WORK:-$REPO/target/search-bench}"
SITEGEN="${SITEGEN:-$REPO/target/release/sitegen}"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser)}"
TODAY=2026-11-21
PAGEFIND_VERSION=1.6.0
mkdir -p "$WORK"
QUERIES="$(cd "$(dirname "$QUERIES")" && pwd)/$(basename "$QUERIES")"
say() { echo "search.sh: $*" >&2; }

if [ ! -x "$SITEGEN" ]; then
    say "building sitegen (release)"
    (cd "$REPO" && cargo build --release --quiet)
fi
if [ ! -x "$WORK/node/node_modules/@pagefind/linux-x64/bin/pagefind_extended" ] ||
    [ ! -d "$WORK/node/node_modules/puppeteer-core" ]; then
    say "installing pagefind@$PAGEFIND_VERSION and puppeteer-core (npm)"
    mkdir -p "$WORK/node"
    (cd "$WORK/node" && npm install --silent --no-audit --no-fund "pagefind@$PAGEFIND_VERSION" puppeteer-core@24 >/dev/null)
fi
PAGEFIND="$WORK/node/node_modules/@pagefind/linux-x64/bin/pagefind_extended"
cp "$REPO/bench/search_drive.mjs" "$WORK/node/"

# Seconds and peak KB of a command, under GNU time.
measure() { # log cmd...
    local log="$1"; shift
    /usr/bin/time -v "$@" >"$log.out" 2>"$log"
    local wall rss
    wall="$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log")"
    rss="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")"
    echo "$wall $rss"
}

# ----- The sites -----
corpus="$WORK/corpus-$PAGES"
if [ ! -f "$corpus/corpus.json" ]; then
    say "generating the corpus, $PAGES pages per language"
    python3 "$SHARED/gen_corpus.py" --flavor plain --pages "$PAGES" "$corpus" --force >/dev/null
fi
cat >"$corpus/sitegen.toml" <<'EOF'
title = "Bench Docs"
base_url = "https://example.org/"
default_language = "en"

[languages.en]
name = "English"
title = "Bench Docs"

[languages.zh]
name = "中文"
title = "基准文档"
EOF
nosearch="$WORK/corpus-$PAGES-nosearch"
rm -rf "$nosearch" && mkdir -p "$nosearch" && cp -al "$corpus/content" "$nosearch/content"
cp "$corpus/sitegen.toml" "$nosearch/" && printf '\n[search]\nenabled = false\n' >>"$nosearch/sitegen.toml"

declare -A INDEX_TIME INDEX_RSS
for name in corpus example; do
    out="$WORK/out-$name"
    rm -rf "$out" "$out-nosearch" "$WORK/pf-$name"
    case "$name" in
        corpus) root="$corpus"; plain="$nosearch" ;;
        example) root="$REPO"; plain="" ;;
    esac
    say "$name: sitegen build"
    read -r t1 r1 < <(measure "$WORK/time-$name.log" "$SITEGEN" build -q --today "$TODAY" --root "$root" -o "$out")
    if [ -n "$plain" ]; then
        read -r t0 r0 < <(measure "$WORK/time-$name-nosearch.log" "$SITEGEN" build -q --today "$TODAY" --root "$plain" -o "$out-nosearch")
        INDEX_TIME[sitegen-$name]="$(python3 -c "print(f'{max(0, $t1 - $t0):.2f} s (build {$t1:.2f} s)')")"
        INDEX_RSS[sitegen-$name]="$(python3 -c "print(f'+{max(0, $r1 - $r0) / 1024:.0f} MB (build {$r1 / 1024:.0f} MB)')")"
    else
        INDEX_TIME[sitegen-$name]="(in the build: $t1 s)"
        INDEX_RSS[sitegen-$name]="(build $((r1 / 1024)) MB)"
    fi
    say "$name: pagefind"
    mkdir -p "$WORK/pf-$name" && cp -al "$out/." "$WORK/pf-$name/"
    rm -rf "$WORK/pf-$name/search"
    read -r tp rp < <(measure "$WORK/time-$name-pagefind.log" "$PAGEFIND" --site "$WORK/pf-$name" --root-selector main --quiet)
    INDEX_TIME[pagefind-$name]="$tp s"
    INDEX_RSS[pagefind-$name]="$((rp / 1024)) MB"
    for lang in en zh; do
        dir="$WORK/pf-$name"
        [ "$lang" = en ] || dir="$dir/zh"
        cat >"$dir/pagefind-bench.html" <<EOF
<!doctype html><html lang="$lang"><head><meta charset="utf-8"><title>Pagefind</title>
<link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script></head>
<body><div id="search"></div><script>
window.addEventListener("DOMContentLoaded", () => { new PagefindUI({ element: "#search", showSubResults: false, showImages: false }); });
</script></body></html>
EOF
    done
done

# ----- Driving both in Chromium -----
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
for name in corpus example; do
    for engine in sitegen pagefind; do
        dir="$WORK/out-$name"
        [ "$engine" = sitegen ] || dir="$WORK/pf-$name"
        port="$(free_port)"
        python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dir" >/dev/null 2>&1 &
        server=$!
        sleep 1
        say "$name: driving $engine"
        node "$WORK/node/search_drive.mjs" "$CHROMIUM" "http://127.0.0.1:$port/" "$engine" "$QUERIES" "$name" \
            "$WORK/results-$name-$engine.json" 2>>"$WORK/drive.log" || { kill "$server"; exit 1; }
        kill "$server"
    done
done

# ----- The table -----
export WORK
for name in corpus example; do
    for engine in sitegen pagefind; do
        echo "$engine $name ${INDEX_TIME[$engine-$name]}|${INDEX_RSS[$engine-$name]}"
    done
done >"$WORK/index-costs.txt"
python3 "$REPO/bench/search_table.py" "$WORK" "$PAGES"
