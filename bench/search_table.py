#!/usr/bin/env python3
"""The table of bench/search.sh: reads its work folder (results-<site>-<engine>.json from
search_drive.mjs, index-costs.txt, the indexed sites) and prints Markdown, sitegen and
Pagefind side by side, per site and language."""
import gzip
import json
import os
import statistics
import sys

work, pages = sys.argv[1], sys.argv[2]


def kb(n):
    return f"{n / 1024:,.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.2f} MB"


def index_bytes(dir):
    raw = gz = files = 0
    for d, _, fs in os.walk(dir):
        for f in fs:
            data = open(os.path.join(d, f), "rb").read()
            raw += len(data)
            gz += len(gzip.compress(data, 6))
            files += 1
    return f"{kb(raw)} in {files:,} files ({kb(gz)} gzipped)"


costs = {}
for line in open(os.path.join(work, "index-costs.txt")):
    engine, site, rest = line.rstrip("\n").split(" ", 2)
    costs[(engine, site)] = rest.split("|")


def med_max(rows, key, part):
    vals = [r[key][part] for r in rows if key in r]
    if not vals:
        return "–"
    return f"{kb(statistics.median(vals))} / {kb(max(vals))}"


def typed_ratio(rows):
    ratios = [r["typed"]["raw"] / r["cold"]["raw"] for r in rows if r["cold"]["raw"]]
    return f"{statistics.median(ratios):.2f}× / {max(ratios):.2f}×" if ratios else "–"


def recall(rows):
    found = sum(r["found"] for r in rows)
    total = sum(len(r["expected"]) for r in rows)
    return f"{found}/{total}"


for site in ["corpus", "example"]:
    title = f"the benchmark corpus ({pages} pages per language)" if site == "corpus" else "the example site"
    print(f"\n#### {title}\n")
    results = {}
    for engine in ["sitegen", "pagefind"]:
        with open(os.path.join(work, f"results-{site}-{engine}.json")) as f:
            results[engine] = json.load(f)
    dirs = {
        "sitegen": os.path.join(work, f"out-{site}", "search"),
        "pagefind": os.path.join(work, f"pf-{site}", "pagefind"),
    }
    print("| | sitegen | Pagefind 1.6 |")
    print("|---|---|---|")
    row = lambda label, f: print(f"| {label} | {f('sitegen')} | {f('pagefind')} |")
    row("index build (time)", lambda e: costs[(e, site)][0])
    row("index build (peak memory)", lambda e: costs[(e, site)][1])
    row("index on disk", lambda e: index_bytes(dirs[e]))
    for lang, zh in [("English", False), ("Chinese", True)]:
        rs = {e: [r for r in results[e] if r["zh"] == zh] for e in results}
        n = len(rs["sitegen"])
        if not n:
            continue
        row(f"**{lang}** ({n} queries): first load, median / max", lambda e: med_max(rs[e], "first", "raw"))
        row(f"{lang}: cold query, raw, median / max", lambda e: med_max(rs[e], "cold", "raw"))
        row(f"{lang}: cold query, gzipped, median / max", lambda e: med_max(rs[e], "cold", "gzip"))
        row(f"{lang}: warm query, raw, median / max", lambda e: med_max(rs[e], "warm", "raw"))
        row(f"{lang}: warm query, gzipped, median / max", lambda e: med_max(rs[e], "warm", "gzip"))
        row(f"{lang}: typed at 150 ms a character, raw, median / max", lambda e: med_max(rs[e], "typed", "raw"))
        row(f"{lang}: typed ÷ pasted, median / max", lambda e: typed_ratio(rs[e]))
        row(f"{lang}: recall@5", lambda e: recall(rs[e]))
