#!/usr/bin/env python3
"""A versioned docs tree for benchmarks (#20): VERSIONS versions of ~PAGES pages each, mostly
near-duplicates as real versioned sites are (each release copies the one before and changes a
little). Writes two sites with the same files under content/docs/<version>/:

  OUT/versioned    sitegen.toml with [versions] (every version listed, dates and a policy)
  OUT/unversioned  the same pages, no [versions]: 33 unrelated sections

so that `sitegen build` on both measures what versions cost. Deterministic (no randomness).

  python3 bench/gen_versions.py [--versions 33] [--pages 60] OUT
"""

import argparse
import os
import shutil

TOPICS = ["install", "configure", "backup", "restore", "schedules", "storage", "security",
          "upgrade", "troubleshooting", "metrics", "plugins", "cli", "api", "faq-notes",
          "networking"]


def version_names(n):
    # main, then v1.(n-2) down to v1.0 ... as the site that inspired #20 (docs/main, v1.18, …).
    names = ["main"]
    for i in range(n - 1):
        names.append(f"v0.{n - 2 - i}")
    return names


def page_text(version, topic, k, pages, removed):
    links = []
    for j in (k + 1, k + 7, k + 13):
        target = j % pages
        if target in removed:
            continue
        links.append(f"[{TOPICS[target % len(TOPICS)]} {target}](../{TOPICS[target % len(TOPICS)]}/page-{target}.md)")
    body = [
        "---",
        f"title: {topic.capitalize()} {k}",
        f"weight: {k + 1}",
        "---",
        f"This page explains {topic} in Driftwood {version}. It is one of many pages that "
        "change little from one release to the next, as real docs do.",
        "",
        "## Overview",
        "",
        f"Driftwood {version} handles {topic} through the operator. See also "
        + ", ".join(links) + ".",
        "",
        "## Steps",
        "",
    ]
    for s in range(1, 6):
        body.append(f"{s}. Run `driftwood {topic} step-{s} --version {version}` and check the output.")
    body += [
        "",
        "```yaml",
        "apiVersion: driftwood.example.org/v1",
        "kind: Backup",
        "metadata:",
        f"  name: {topic}-{k}",
        "spec:",
        "  schedule: \"0 3 * * *\"",
        "```",
        "",
        "## Notes",
        "",
        f"Notes on {topic} for {version}: " + ("lorem ipsum dolor sit amet " * 12).strip() + ".",
        "",
    ]
    return "\n".join(body)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--versions", type=int, default=33)
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("out")
    args = ap.parse_args()
    names = version_names(args.versions)
    for kind in ("versioned", "unversioned"):
        root = os.path.join(args.out, kind)
        shutil.rmtree(root, ignore_errors=True)
        toml = [
            'title = "Driftwood Docs"',
            'base_url = "https://driftwood.example.org/"',
            "",
        ]
        if kind == "versioned":
            toml += ["[versions]", 'section = "docs"', "supported = 2", ""]
            for i, name in enumerate(names):
                toml.append("[[versions.list]]")
                toml.append(f'name = "{name}"')
                if name == "main":
                    toml.append('status = "development"')
                else:
                    # One release a month, newest first.
                    month = i - 1
                    year, m = 2026 - (month // 12), 11 - (month % 12)
                    toml.append(f"released = {year}-{m + 1:02d}-01")
                toml.append("")
        write(os.path.join(root, "sitegen.toml"), "\n".join(toml))
        write(os.path.join(root, "content/_index.md"),
              "---\ntitle: Driftwood Docs\n---\nStart with [installing](/docs/v0.0/install/page-0/).\n")
        write(os.path.join(root, "content/docs/_index.md"), "---\ntitle: Documentation\n---\nEvery release.\n")
        for vi, name in enumerate(names):
            # Older versions lack a few pages newer ones added: the missing-in-version report
            # has something to say, as on real sites.
            removed = set(range(args.pages - 1, args.pages - 1 - (vi // 8), -1))
            base = os.path.join(root, "content/docs", name)
            write(os.path.join(base, "_index.md"), f"---\ntitle: Driftwood {name}\n---\nThe docs of {name}.\n")
            for topic in TOPICS:
                write(os.path.join(base, topic, "_index.md"), f"---\ntitle: {topic.capitalize()}\n---\n{topic} in {name}.\n")
            for k in range(args.pages):
                if k in removed:
                    continue
                topic = TOPICS[k % len(TOPICS)]
                write(os.path.join(base, topic, f"page-{k}.md"), page_text(name, topic, k, args.pages, removed))


if __name__ == "__main__":
    main()
