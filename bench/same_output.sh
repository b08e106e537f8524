#!/usr/bin/env bash
# Byte-identical output check: builds a reference commit of sitegen and the working tree, runs
# both on the same sites, and compares everything they write (every output file, stdout,
# stderr, the exit code). For changes that must not change behaviour (a refactoring).
#
#   bash bench/same_output.sh [--ref REF] [--pages N]
#
# --ref    the commit to compare against (default: origin/main if it exists, else HEAD)
# --pages  benchmark-corpus pages PER LANGUAGE (default 10000: the 20,000-page corpus)
#
# Sites: the example site (the repository root), every tests/fixtures/<case>/ with a
# sitegen.toml, and the benchmark corpus twice (default theme with search; bench/peer-templates).
# Each is built in `--format json` and `--format human`, and checked with `sitegen check` and
# `sitegen i18n`. Exit 0 when every output is identical; otherwise the first differences.
#
# Environment: BENCH_SHARED (default <repo>/../shared/bench), BENCH_WORK (default <repo>/target).
set -euo pipefail

REF=""
PAGES=10000
while [ $# -gt 0 ]; do
    case "$1" in
        --ref) REF="$2"; shift 2 ;;
        --pages) PAGES="$2"; shift 2 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "same_output.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The shared folder sits beside the main checkout (also when this is a `git worktree`).
MAIN="$(dirname "$(cd "$REPO" && git rev-parse --path-format=absolute --git-common-dir)")"
SHARED="$(cd "${BENCH_SHARED:-$MAIN/../shared/bench}" && pwd)"
WORK="${BENCH_WORK:-$REPO/target}/same-output"
TODAY=2026-11-21
say() { echo "same_output.sh: $*" >&2; }

if [ -z "$REF" ]; then
    if git -C "$REPO" rev-parse -q --verify origin/main >/dev/null; then REF=origin/main; else REF=HEAD; fi
fi
REF_SHA="$(git -C "$REPO" rev-parse "$REF")"
mkdir -p "$WORK"

# The reference binary, built once per commit from a clean export of that commit.
REF_BIN="$WORK/bin-$REF_SHA"
if [ ! -x "$REF_BIN" ]; then
    say "building the reference $REF (${REF_SHA:0:10})"
    src="$WORK/src-$REF_SHA"
    rm -rf "$src"
    mkdir -p "$src"
    git -C "$REPO" archive "$REF_SHA" | tar -x -C "$src"
    CARGO_TARGET_DIR="$WORK/target-ref" cargo build --release --quiet --manifest-path "$src/Cargo.toml"
    cp "$WORK/target-ref/release/sitegen" "$REF_BIN"
    rm -rf "$src"
fi
say "building the working tree"
(cd "$REPO" && cargo build --release --quiet)
NEW_BIN="${CARGO_TARGET_DIR:-$REPO/target}/release/sitegen"

# Sites, each copied so that neither binary writes into the repository.
SITES="$WORK/sites"
rm -rf "$SITES"
mkdir -p "$SITES"
copy_site() { # src name
    mkdir -p "$SITES/$2"
    (cd "$1" && tar -c --exclude=./target --exclude=./public --exclude=./.git \
        --exclude=./fuzz --exclude=./vendor --exclude=./bench --exclude=./benches --exclude=./src . ) |
        tar -x -C "$SITES/$2"
}
copy_site "$REPO" example
for f in "$REPO"/tests/fixtures/*/; do
    [ -f "$f/sitegen.toml" ] && copy_site "$f" "fixture-$(basename "$f")"
done
corpus="$WORK/corpus-$PAGES"
if [ ! -f "$corpus/corpus.json" ]; then
    say "generating the corpus ($PAGES pages per language)"
    rm -rf "$corpus"
    python3 "$SHARED/gen_corpus.py" --flavor plain --pages "$PAGES" "$corpus" >/dev/null
fi
for v in full peer; do
    mkdir -p "$SITES/corpus-$v"
    cp -al "$corpus/content" "$SITES/corpus-$v/content"
    cat >"$SITES/corpus-$v/sitegen.toml" <<'EOF'
title = "Bench Docs"
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
    if [ "$v" = peer ]; then
        mkdir -p "$SITES/corpus-$v/templates"
        cp "$REPO"/bench/peer-templates/*.html "$SITES/corpus-$v/templates/"
    fi
done

# Runs: each binary on each site, outputs into its own folder.
OUT="$WORK/out"
rm -rf "$OUT"
run() { # bin label site
    local dest="$OUT/$2/$(basename "$3")"
    mkdir -p "$dest"
    local i=0 args
    for args in "build --format json --output $dest/public-1" \
                "build --format human --drafts --output $dest/public-2" \
                "check --format github --strict" "i18n --format json" "i18n"; do
        i=$((i + 1))
        case "$args" in i18n*) ;; *) args="$args --today $TODAY" ;; esac
        set +e
        # shellcheck disable=SC2086
        (cd "$3" && SOURCE_DATE_EPOCH= "$1" $args --root . >"$dest/$i.stdout" 2>"$dest/$i.stderr")
        echo "$?" >"$dest/$i.rc"
        set -e
    done
}
for site in "$SITES"/*/; do
    site="${site%/}"
    say "$(basename "$site")"
    run "$REF_BIN" ref "$site"
    run "$NEW_BIN" new "$site"
done

# Paths in messages name the output folder, which differs between the two runs; build times differ.
sed -i -E "s#$OUT/(ref|new)/#$OUT/X/#g; s# in [0-9.]+s([;:,]|$)# in Xs\1#" "$OUT"/ref/*/*.std* "$OUT"/new/*/*.std*
if diff -r -q "$OUT/ref" "$OUT/new" >"$WORK/diff.txt"; then
    files=$(find "$OUT/new" -type f | wc -l)
    say "identical: $files files from $(ls "$SITES" | wc -l) sites, against $REF (${REF_SHA:0:10})"
else
    say "DIFFERENT from $REF (${REF_SHA:0:10}): $(wc -l <"$WORK/diff.txt") files"
    head -20 "$WORK/diff.txt" >&2
    exit 1
fi
