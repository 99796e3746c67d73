#!/usr/bin/env python3
"""wordgaps.py - word gaps of justified lines, measured from PDFs (tool).

    wordgaps.py [--worst N] [--limit X] DOC.pdf...

For every PDF, `pdftotext -bbox` gives each word's box; words sharing a
baseline and font size on a page form a line.  A line is "justified" when
it has at least two words and its right edge is on the text block's right
margin (portrait 15 mm, landscape 20 mm, within 1 pt) - so table cells,
centred and ragged lines are left out.  A line's gap is the median space
between its words (Pango spreads the stretch evenly; the median ignores
kerning noise), compared with a normal space of 0.25 em (Liberation Serif
and Times New Roman), the font size coming from the word box height.

Output, per document and for all documents together: the number of
justified lines, the smallest, median, 95th percentile and largest gap in pt
and as a multiple of a normal space, and how many lines exceed --limit (default 2.0)
times a normal space; with --worst N, the N loosest lines (page, gap,
text).  Exit status 0, or 2 on a usage error or a PDF pdftotext cannot read.
Standard library and poppler-utils only.

Used by the line-breaking work of issue 11 to compare builds:
    wordgaps.py --worst 5 before/*.pdf
    wordgaps.py --worst 5 after/*.pdf
"""

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

MM = 72.0 / 25.4
BOX_PER_SIZE = (1825.0 + 443.0) / 2048.0  # word box height / font size
SPACE_EM = 0.25
EDGE_TOL = 1.0  # pdftotext ends a word box up to 0.6 pt short of its advance


def words_by_page(pdf):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True)
    if out.returncode != 0:
        sys.exit(f"wordgaps.py: pdftotext cannot read {pdf}")
    # pdftotext writes XHTML with a doctype; drop it for ElementTree.
    text = re.sub(rb"<!DOCTYPE[^>]*>", b"", out.stdout)
    root = ET.fromstring(text)
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        w, h = float(page.get("width")), float(page.get("height"))
        words = []
        for word in page.findall("x:word", ns):
            words.append((float(word.get("xMin")), float(word.get("yMin")),
                          float(word.get("xMax")), float(word.get("yMax")),
                          word.text or ""))
        yield w, h, words


def lines_of(words):
    """Words grouped by (baseline, size), each group sorted left to right."""
    groups = {}
    for x0, y0, x1, y1, t in words:
        key = (round(y1 * 4) / 4, round((y1 - y0) * 4) / 4)
        groups.setdefault(key, []).append((x0, x1, t))
    for (y1, hgt), ws in sorted(groups.items()):
        yield y1, hgt, sorted(ws)


def median(v):
    v = sorted(v)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def percentile(v, q):
    v = sorted(v)
    if not v:
        return 0.0
    k = min(len(v) - 1, max(0, int(round(q * (len(v) - 1)))))
    return v[k]


def justified_lines(pdf):
    for pno, (w, h, words) in enumerate(words_by_page(pdf), 1):
        right = w - (20 * MM if w > h else 15 * MM)
        for y, hgt, ws in lines_of(words):
            if len(ws) < 2 or abs(ws[-1][1] - right) > EDGE_TOL:
                continue
            gaps = [ws[i + 1][0] - ws[i][1] for i in range(len(ws) - 1)]
            size = hgt / BOX_PER_SIZE
            gap = median(gaps)
            yield {"page": pno, "gap": gap, "ratio": gap / (SPACE_EM * size),
                   "text": " ".join(t for _, _, t in ws)}


def summary(name, lines, limit):
    if not lines:
        return f"{name}: no justified lines"
    g = [l["gap"] for l in lines]
    r = [l["ratio"] for l in lines]
    over = sum(1 for x in r if x > limit)
    return (f"{name}: {len(lines)} justified lines; gap min {min(g):.2f} pt "
            f"({min(r):.2f}x), median {median(g):.2f} pt "
            f"({median(r):.2f}x), p95 {percentile(g, 0.95):.2f} pt "
            f"({percentile(r, 0.95):.2f}x), max {max(g):.2f} pt ({max(r):.2f}x); "
            f"{over} over {limit:g}x a space")


def main(argv):
    worst, limit, pdfs = 0, 2.0, []
    i = 0
    while i < len(argv):
        if argv[i] == "--worst" and i + 1 < len(argv):
            worst = int(argv[i + 1])
            i += 2
        elif argv[i] == "--limit" and i + 1 < len(argv):
            limit = float(argv[i + 1])
            i += 2
        elif argv[i].startswith("-"):
            sys.exit(__doc__.split("\n\n")[1])
        else:
            pdfs.append(argv[i])
            i += 1
    if not pdfs:
        print(__doc__.split("\n\n")[1].strip(), file=sys.stderr)
        return 2
    everything = []
    for pdf in pdfs:
        lines = list(justified_lines(pdf))
        print(summary(pdf, lines, limit))
        for l in sorted(lines, key=lambda l: -l["ratio"])[:worst]:
            print(f"  page {l['page']}: {l['gap']:.2f} pt ({l['ratio']:.2f}x) {l['text']}")
        everything += lines
    if len(pdfs) > 1:
        print(summary("all", everything, limit))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
