#!/usr/bin/env bash
# Screenshots of a highlighted page (#18), light and dark, for a person to look at:
# bench/screenshots/code-{light,dark}.png. Builds a one-page site with the release binary
# (shell session, titled YAML with numbered and marked lines, Go, Rust, Python, JSON, TOML,
# a diff, alerts, math, a definition list) and shoots it with Debian's headless Chromium.
#
#   bash bench/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/target/release/sitegen
[ -x "$BIN" ] || cargo build --release --quiet
SITE=$(mktemp -d)
trap 'rm -rf "$SITE"' EXIT
mkdir -p "$SITE/content/en"
printf 'title = "Code blocks"\nbase_url = "https://example.org/"\ndefault_language = "en"\n\n[languages.en]\nname = "English"\n' >"$SITE/sitegen.toml"
cat >"$SITE/content/en/_index.md" <<'PAGE'
---
title: Code blocks
description: A support page with commands and configuration.
---
```console
$ kubectl -n velero get backups | grep Failed
velero-daily-20261201   Failed   0   0   2026-12-01 01:00:00 +0000 UTC
user@host:~/site$ sitegen serve \
  --port 8080
```

```yaml {2,4-5} title="config.yaml" showLineNumbers
server:
  port: 8080      # where serve listens
  hosts: ["docs.example.org"]
  tls: true
  retries: 3
```

```go
package main

import "fmt"

// main says hello.
func main() {
	fmt.Println("hello", 42)
}
```

```rust
#[derive(Debug)]
struct Page<'a> { title: &'a str, weight: i32 }

fn main() {
    let page = Page { title: "FAQ", weight: 10 }; // the first
    println!("{page:?}");
}
```

```python
@app.route("/faq")
def faq(entries: list[str]) -> int:
    """Count the entries."""
    return len([e for e in entries if e]) + 1
```

```json
{"name": "sitegen", "version": "0.2.0", "private": true, "files": null}
```

```toml
[markdown]
highlight = true # the default
```

```diff
- timeout = 30
+ timeout = 60
```

> [!TIP]
> Run `sitegen check` before you push.

> [!WARNING]
> Deleting `public/` by hand is never needed.

Euler's identity: $e^{i\pi} + 1 = 0$.

Term
: A definition.[^1]

[^1]: A footnote.
PAGE
"$BIN" build --quiet --root "$SITE" --output "$SITE/public"
PORT=$((20000 + RANDOM % 20000))
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$SITE/public" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER; rm -rf "$SITE"' EXIT
sleep 1
mkdir -p bench/screenshots
for scheme in light dark; do
    flags=()
    [ "$scheme" = dark ] && flags=(--force-dark-mode --blink-settings=preferredColorScheme=0)
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "${flags[@]}" \
        --window-size=1280,2000 --screenshot="$PWD/bench/screenshots/code-$scheme.png" \
        "http://127.0.0.1:$PORT/" 2>/dev/null
done
ls -l bench/screenshots/
