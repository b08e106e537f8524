#!/usr/bin/env python3
"""Keep-alive answer latency of `sitegen serve`, as a browser loading a page's files sees it.

Starts `sitegen serve --port 0` on a site (in place: serve writes nothing), opens one keep-alive
connection and sends N requests on it, one after the other, for an HTML page and the theme's
stylesheet in turn; times each from sending the request to having the whole body. Prints the
median, the 90th percentile and the slowest, per URL, in milliseconds.

An answer sent as two writes (head, then body) without TCP_NODELAY makes the body wait for the
client's delayed ACK of the head: ~40 ms on Linux. That is what this measures.

usage: bench/serve_keepalive.py [--site DIR] [--page URL] [--runs N] [--bin PATH]
Defaults: the repository's example site, /getting-help/, 200 requests per URL (after one to
warm up), target/release/sitegen. Standard library only.
"""
import argparse, http.client, os, re, statistics, subprocess, time

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--site", default=repo)
ap.add_argument("--page", default="/getting-help/")
ap.add_argument("--runs", type=int, default=200)
ap.add_argument("--bin", default=os.path.join(repo, "target/release/sitegen"))
args = ap.parse_args()

proc = subprocess.Popen([args.bin, "serve", "--root", args.site, "--port", "0"],
                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    port = None
    deadline = time.monotonic() + 600
    while port is None and time.monotonic() < deadline:
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", proc.stdout.readline())
        port = m and int(m.group(1))
    assert port, "serve did not start"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    urls = [args.page, "/sitegen.css"]
    times = {u: [] for u in urls}
    sizes = {}
    for i in range((args.runs + 1) * len(urls)):
        url = urls[i % len(urls)]
        start = time.perf_counter()
        conn.request("GET", url)
        r = conn.getresponse()
        body = r.read()
        elapsed = (time.perf_counter() - start) * 1000
        assert r.status == 200 and not r.will_close, (url, r.status)
        if i >= len(urls):  # the first of each warms up
            times[url].append(elapsed)
        sizes[url] = len(body)
    for url in urls:
        t = sorted(times[url])
        p90 = t[int(len(t) * 0.9) - 1]
        print(f"{url} ({sizes[url]} bytes, {len(t)} requests on one connection): "
              f"median {statistics.median(t):.2f} ms, p90 {p90:.2f} ms, max {t[-1]:.2f} ms")
finally:
    proc.terminate()
    proc.wait()
