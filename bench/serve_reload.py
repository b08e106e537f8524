#!/usr/bin/env python3
"""Edit-to-reload latency of `sitegen serve`, as a browser sees it.

Copies a site to a temp dir, starts `sitegen serve --port 0` on it, then N times: appends a line
to one page, waits for the live-reload long poll (`/__sitegen/wait?v=N`) to answer, fetches the
page and checks the new text is there. Prints each latency and the median, in milliseconds.

usage: bench/serve_reload.py [--site DIR] [--page REL] [--runs N] [--bin PATH]
Defaults: the repository's example site, content/en/support/process.md, 10 runs,
target/release/sitegen. Standard library only.
"""
import argparse, json, os, re, shutil, statistics, subprocess, tempfile, time, urllib.request

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--site", default=repo)
ap.add_argument("--page", default="content/en/support/process.md")
ap.add_argument("--runs", type=int, default=10)
ap.add_argument("--bin", default=os.path.join(repo, "target/release/sitegen"))
args = ap.parse_args()

tmp = tempfile.mkdtemp()
site = os.path.join(tmp, "site")
os.mkdir(site)
for part in ["sitegen.toml", "content", "themes", "templates", "i18n", "static", "data"]:
    src = os.path.join(args.site, part)
    if os.path.isdir(src):
        shutil.copytree(src, os.path.join(site, part), symlinks=True)
    elif os.path.isfile(src):
        shutil.copy(src, site)

proc = subprocess.Popen([args.bin, "serve", "--root", site, "--port", "0"],
                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    url = None
    deadline = time.monotonic() + 600
    while url is None and time.monotonic() < deadline:
        m = re.search(r"(http://127\.0\.0\.1:\d+/)", proc.stdout.readline())
        url = m and m.group(1)
    assert url, "serve did not start"
    get = lambda path: urllib.request.urlopen(url + path, timeout=600).read().decode()
    page = os.path.join(site, args.page)
    rel = os.path.splitext(args.page.split("/", 2)[-1])[0]
    original = open(page, encoding="utf-8").read()
    times = []
    time.sleep(1)
    for i in range(args.runs):
        version = json.loads(get("__sitegen/status"))["version"]
        start = time.monotonic()
        with open(page, "w", encoding="utf-8") as f:
            f.write(original + f"\n\nEdit number {i}.\n")
        get(f"__sitegen/wait?v={version}")
        html = get(rel + "/")
        times.append((time.monotonic() - start) * 1000)
        assert f"Edit number {i}." in html, "the reload came before the new page was served"
        time.sleep(0.3)
    print("edit-to-reload ms:", [round(t) for t in times], "median", round(statistics.median(times)))
finally:
    proc.terminate()
    proc.wait()
    shutil.rmtree(tmp, ignore_errors=True)
