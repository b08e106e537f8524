#!/usr/bin/env python3
"""A code-heavy documentation corpus for the highlighting benchmark (#18).

Standard library only; the same seed and page count always give the same files. Each page
is a runbook: prose around 10-16 fenced blocks of shell sessions, shell scripts, YAML, Go,
JSON, TOML and Dockerfiles. About half of the blocks are drawn from a small pool shared by
every page (the install command, the same config excerpt), as real docs repeat them; the
rest are made for the page.

Usage: gen_code_corpus.py --pages N [--seed S] OUT_DIR   (a sitegen site: sitegen.toml, content/)
"""
import argparse
import os
import random
import shutil

WORDS = ("service cluster node queue cache index token worker backup replica volume "
         "gateway route policy secret schedule metric alert tenant bucket").split()


def ident(rng):
    return rng.choice(WORDS) + "_" + rng.choice(WORDS)


def shell(rng):
    lines = ["#!/usr/bin/env bash", "set -euo pipefail", ""]
    for _ in range(rng.randint(4, 9)):
        v = ident(rng).upper()
        lines.append(f'{v}="${{{v}:-/var/lib/{rng.choice(WORDS)}}}"')
        lines.append(f'if [ ! -d "${v}" ]; then mkdir -p "${v}" && echo "created ${v}"; fi  # {rng.choice(WORDS)}')
    return "bash", lines


def console(rng):
    lines = []
    for _ in range(rng.randint(2, 5)):
        w = rng.choice(WORDS)
        lines.append(f"$ kubectl get {w}s -n {rng.choice(WORDS)} -o wide")
        lines.append(f"NAME   READY   STATUS    AGE")
        lines.append(f"{w}-{rng.randint(1, 99)}   1/1     Running   {rng.randint(1, 60)}m")
    return "console", lines


def yaml(rng):
    lines = ["apiVersion: apps/v1", "kind: Deployment", "metadata:", f"  name: {ident(rng)}", "spec:",
             f"  replicas: {rng.randint(1, 9)}", "  template:", "    spec:", "      containers:"]
    for _ in range(rng.randint(2, 4)):
        lines += [f"        - name: {rng.choice(WORDS)}", f"          image: \"registry.example.org/{rng.choice(WORDS)}:{rng.randint(1, 20)}.{rng.randint(0, 9)}\"",
                  "          env:", f"            - {{ name: {ident(rng).upper()}, value: \"{rng.choice(WORDS)}\" }}  # {rng.choice(WORDS)}"]
    return "yaml", lines


def go(rng):
    name = ident(rng).title().replace("_", "")
    lines = ["package main", "", 'import (', '\t"fmt"', '\t"os"', ')', "",
             f"// {name} holds one {rng.choice(WORDS)}.", f"type {name} struct {{",
             f"\tID    int    `json:\"id\"`", f"\tName  string `json:\"name\"`", "}", "",
             f"func load{name}(path string) (*{name}, error) {{",
             "\tf, err := os.Open(path)", "\tif err != nil {",
             f"\t\treturn nil, fmt.Errorf(\"open %s: %w\", path, err)", "\t}", "\tdefer f.Close()",
             f"\treturn &{name}{{ID: {rng.randint(1, 999)}, Name: \"{rng.choice(WORDS)}\"}}, nil", "}"]
    return "go", lines


def json_(rng):
    items = [f'  "{ident(rng)}": {rng.choice([str(rng.randint(0, 9999)), "true", "null", chr(34) + rng.choice(WORDS) + chr(34)])}'
             for _ in range(rng.randint(4, 10))]
    return "json", ["{"] + [i + "," for i in items[:-1]] + [items[-1], "}"]


def toml(rng):
    lines = []
    for _ in range(rng.randint(2, 4)):
        lines.append(f"[{rng.choice(WORDS)}]")
        for _ in range(rng.randint(2, 4)):
            lines.append(f'{ident(rng)} = "{rng.choice(WORDS)}"  # {rng.choice(WORDS)}')
    return "toml", lines


def dockerfile(rng):
    return "dockerfile", [f"FROM debian:{rng.choice(['bookworm', 'trixie'])}-slim",
                          "RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \\",
                          "    && rm -rf /var/lib/apt/lists/*", f"COPY {rng.choice(WORDS)} /usr/local/bin/",
                          f"EXPOSE {rng.randint(1000, 9999)}", f'ENTRYPOINT ["/usr/local/bin/{rng.choice(WORDS)}"]']


KINDS = [shell, console, yaml, go, json_, toml, dockerfile]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, required=True)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("out")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    pool = [rng.choice(KINDS)(rng) for _ in range(40)]
    shutil.rmtree(a.out, ignore_errors=True)
    os.makedirs(os.path.join(a.out, "content"))
    with open(os.path.join(a.out, "sitegen.toml"), "w") as f:
        f.write('title = "Code corpus"\nbase_url = "https://example.org/"\n')
    blocks = bytes_ = 0
    for p in range(a.pages):
        section = f"runbooks-{p // 50:03d}"
        d = os.path.join(a.out, "content", section)
        os.makedirs(d, exist_ok=True)
        if p % 50 == 0:
            with open(os.path.join(d, "_index.md"), "w") as f:
                f.write(f"---\ntitle: Runbooks {p // 50}\n---\nRunbooks.\n")
        out = [f"---\ntitle: Runbook {p}\n---\n", f"How to run the {rng.choice(WORDS)} of the {rng.choice(WORDS)}.\n"]
        for b in range(rng.randint(10, 16)):
            lang, lines = rng.choice(pool) if rng.random() < 0.5 else rng.choice(KINDS)(rng)
            code = "\n".join(lines) + "\n"
            blocks += 1
            bytes_ += len(code)
            out.append(f"## Step {b + 1}\n\nRun this on the {rng.choice(WORDS)}:\n\n```{lang}\n{code}```\n")
        with open(os.path.join(d, f"page-{p:05d}.md"), "w") as f:
            f.write("\n".join(out))
    print(f"{a.pages} pages, {blocks} blocks, {bytes_ / 1e6:.1f} MB of code")


if __name__ == "__main__":
    main()
