#!/usr/bin/env python3
"""A git repository for the page-dates benchmark (#21): a sitegen site whose content/ has
FILES pages and whose history has COMMITS commits, made in seconds with `git fast-import`.

    python3 bench/git_repo.py OUT [--files 20000] [--commits 5000] [--seed 21]

History: the first commit adds every page; then each commit edits a few random pages (one in
ten also adds a page, one in fifty moves one to another folder unchanged, one in a hundred
deletes one); commit 2500 reformats every page (a mass-formatting commit, listed in the
repository's .git-blame-ignore-revs). Commit times are one hour apart, from 2020-01-01.
"""
import argparse
import os
import random
import subprocess
import sys

START = 1577836800  # 2020-01-01T00:00:00Z


def page(i, rev, formatted=False):
    body = f"Page {i}, revision {rev}.\n\nSome words about the topic of page {i}.\n"
    if formatted:
        body += "\n<!-- formatted -->\n"
    return f"---\ntitle: Page {i}\n---\n{body}"


def data(text):
    raw = text.encode()
    return b"data %d\n" % len(raw) + raw + b"\n"


def stream(out, files, commits, rng):
    # Pages added and deleted by the history, so that FILES are left at the end.
    later = [c for c in range(1, commits) if c != commits // 2]
    initial = files - sum(c % 10 == 0 for c in later) + sum(c % 100 == 0 for c in later)
    paths = {i: f"content/s{i % 200:03d}/p{i:05d}.md" for i in range(initial)}
    rev = {i: 0 for i in range(files)}
    next_id = initial
    w = out.write
    for c in range(commits):
        w(b"commit refs/heads/main\n")
        w(b"mark :%d\n" % (c + 1))
        w(b"committer Bench <bench@example.org> %d +0000\n" % (START + c * 3600))
        ops = []
        if c == 0:
            msg = "all pages"
            w(data(msg))
            w(b"M 100644 inline sitegen.toml\n" + data('title = "Dates benchmark"\n'))
            for i, p in paths.items():
                ops.append((p, page(i, 0)))
        elif c == commits // 2:
            msg = "reformat every page"
            w(data(msg))
            w(b"from :%d\n" % c)
            for i, p in paths.items():
                ops.append((p, page(i, rev[i], formatted=True)))
        else:
            msg = f"edit {c}"
            w(data(msg))
            w(b"from :%d\n" % c)
            for i in rng.sample(sorted(paths), 3):
                rev[i] += 1
                ops.append((paths[i], page(i, rev[i])))
            if c % 10 == 0:
                paths[next_id] = f"content/s{next_id % 200:03d}/p{next_id:05d}.md"
                rev[next_id] = 0
                ops.append((paths[next_id], page(next_id, 0)))
                next_id += 1
            if c % 50 == 0:
                i = rng.choice(sorted(paths))
                new = f"content/moved/s{c:04d}/p{i:05d}.md"
                w(b"R %s %s\n" % (paths[i].encode(), new.encode()))
                paths[i] = new
            if c % 100 == 0:
                i = rng.choice(sorted(paths))
                w(b"D %s\n" % paths.pop(i).encode())
                ops = [(p, t) for p, t in ops if p in paths.values()]
        for p, text in ops:
            w(b"M 100644 inline %s\n" % p.encode())
            w(data(text))
        w(b"\n")
    return len(paths)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=20000)
    ap.add_argument("--commits", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=21)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    git = lambda *args, **kw: subprocess.run(["git", "-C", a.out, *args], check=True, **kw)
    git("init", "-q", "-b", "main")
    imp = subprocess.Popen(["git", "-C", a.out, "fast-import", "--quiet",
                            "--export-marks=" + os.path.join(a.out, ".git", "bench-marks")],
                           stdin=subprocess.PIPE)
    n = stream(imp.stdin, a.files, a.commits, random.Random(a.seed))
    imp.stdin.close()
    if imp.wait() != 0:
        sys.exit("git fast-import failed")
    git("checkout", "-q", "-f", "main")
    marks = dict(l.split() for l in open(os.path.join(a.out, ".git", "bench-marks")))
    reformat = marks[":%d" % (a.commits // 2 + 1)]
    with open(os.path.join(a.out, ".git-blame-ignore-revs"), "w") as f:
        f.write(f"# reformat every page\n{reformat}\n")
    print(f"{a.out}: {n} pages, {a.commits} commits (reformat {reformat[:10]} ignored)")


if __name__ == "__main__":
    main()
