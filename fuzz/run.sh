#!/usr/bin/env bash
# CI: run every cargo-fuzz target for FUZZ_SECONDS (default 30) from the committed seed
# corpus, with AddressSanitizer. Fails if any target crashes, panics, hangs or runs out of
# memory; the input is printed and kept under fuzz/artifacts/<target>/ (gitignored).
#
# Reproduce a crash locally:
#   RUSTC_BOOTSTRAP=1 cargo fuzz run <target> --sanitizer address fuzz/artifacts/<target>/<file>
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-30}
# cargo-fuzz passes nightly-only flags (-Zsanitizer, sancov); CI and dev machines only have the
# stable toolchain, which accepts them with RUSTC_BOOTSTRAP=1.
export RUSTC_BOOTSTRAP=1 CARGO_TERM_COLOR=never

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --version 0.13.2
fi

# The fuzzer adds inputs to the corpus it is given: give it a scratch copy so the tree stays clean.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

cargo fuzz build --sanitizer address

failed=()
for target in $(cargo fuzz list); do
  echo "--- fuzz: $target for ${seconds}s"
  cp -r "fuzz/corpus/$target" "$scratch/$target"
  log="$scratch/$target.log"
  if cargo fuzz run "$target" --sanitizer address "$scratch/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 >"$log" 2>&1; then
    grep -a -e 'DONE' "$log" | tail -n 1
  else
    grep -a -m 1 -A 8 -e 'panicked at' -e 'ERROR: ' "$log" || true
    echo ...
    tail -n 40 "$log"
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: all targets ran ${seconds}s without a crash"
