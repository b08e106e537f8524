#!/usr/bin/env python3
"""Draws a bench/run.sh result table as an SVG chart: one group of bars per size, a bar per
tool, wall time on the left panel and peak memory on the right, each bar labelled with its
value and its multiple of the floor.

    python3 bench/chart.py RESULTS.md > chart.svg

RESULTS.md is what run.sh prints (a Markdown table with the columns pages per language, tool,
wall s, peak RSS MiB, × floor, HTML files). Only the standard library is used.
"""
import html
import re
import sys

COLOURS = ["#9aa5b1", "#1f6feb", "#2da44e", "#8250df", "#bf8700", "#cf222e", "#57606a"]


def rows(text):
    out = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 5 or not re.match(r"^[\d,]+$", cells[0]):
            continue
        try:
            wall, rss = float(cells[2]), float(cells[3])
        except ValueError:
            continue  # a failed run
        out.append((cells[0], cells[1], wall, rss, cells[4]))
    return out


def chart(data, title):
    sizes = list(dict.fromkeys(r[0] for r in data))
    tools = list(dict.fromkeys(r[1] for r in data))
    colour = {t: COLOURS[i % len(COLOURS)] for i, t in enumerate(tools)}
    bar, gap, label_w, panel_w = 16, 14, 70, 330
    height = 50 + len(sizes) * (len(tools) * bar + gap) + 20 + 18 * len(tools)
    width = label_w + 2 * panel_w + 60
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="11">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="10" y="18" font-size="13" font-weight="bold">{html.escape(title)}</text>',
    ]
    panels = [("wall time, s", 2, label_w), ("peak memory, MiB", 3, label_w + panel_w + 30)]
    for name, col, x0 in panels:
        top = max(r[col] for r in data) or 1
        out.append(f'<text x="{x0}" y="38" fill="#57606a">{name}</text>')
        y = 50
        for size in sizes:
            if col == 2:
                out.append(
                    f'<text x="10" y="{y + len(tools) * bar / 2 + 4}">{size}/lang</text>')
            for tool in tools:
                r = next((r for r in data if r[0] == size and r[1] == tool), None)
                if r:
                    w = max(1.0, (panel_w - 90) * r[col] / top)
                    value = f"{r[col]:g}" + (f" ({r[4]})" if col == 2 else "")
                    out.append(f'<rect x="{x0}" y="{y}" width="{w:.1f}" height="{bar - 3}" '
                               f'fill="{colour[tool]}"><title>{html.escape(tool)}: '
                               f'{value}</title></rect>')
                    out.append(f'<text x="{x0 + w + 4:.1f}" y="{y + bar - 6}">'
                               f'{html.escape(value)}</text>')
                y += bar
            y += gap
    y += 6
    for tool in tools:
        out.append(f'<rect x="{label_w}" y="{y}" width="10" height="10" fill="{colour[tool]}"/>')
        out.append(f'<text x="{label_w + 16}" y="{y + 9}">{html.escape(tool)}</text>')
        y += 18
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    text = open(sys.argv[1], encoding="utf-8").read()
    data = rows(text)
    if not data:
        sys.exit(f"chart.py: no result rows in {sys.argv[1]}")
    first = text.splitlines()[0] if text else ""
    title = "sitegen build, " + (first.split(",")[0].replace("Run ", "") if first else "")
    sys.stdout.write(chart(data, title))


if __name__ == "__main__":
    main()
