#!/usr/bin/env python3
"""typeset.py - line ends, headings, points and table cells measured from PDFs (tool).

    typeset.py [--dump DUMP.txt] [--quiet] [--strict] DOC.pdf

The measures of issue 11 that wordgaps.py does not take, read from what a
reader sees (the PDF) rather than from the layout code:

  pairs    words that belong together but end and start two lines of one
           text block (pdftotext -bbox-layout keeps a paragraph or a table
           cell as one block): "số" / 196, 150 / người, ngày 01 / tháng 5,
           tháng / 5, TP. / Lào Cai, and names: "Lào" / "Cai" (two
           capitalised words inside a sentence; justified text may part a
           name rather than stretch its gaps, so these are listed apart).
  headings bold text blocks (pdftohtml -xml marks bold) of two lines or more
           whose last line is one word, or which split a name (a line
           ending in a capitalised word, the next starting with one, in
           mixed-case text; in capitals a line ending in TỈNH, HUYỆN, XÃ...).
  points   lettered points "a) ..." at the start of a line: how many have a
           bold letter, and whether the text after "a)" up to the first
           colon (a run-in title) is bold; titled points may be bold.
  cells    with --dump (the output of `kehoach build --dump-layout`): table
           cells from the rule boxes, the text lines inside them, and
           the horizontal padding (text to the nearer vertical rule, for
           the side the text is aligned to), the vertical padding (ink box
           of the first line to the top rule; last line to the bottom rule
           in the row's tallest cell), the header row's vertical centring
           (middle of its lines' ink boxes against the cell's middle),
           and cells holding only a number, a date or a percentage laid
           out on two lines or more (a wrapped number).

Output: one summary line per measure, then the instances (--quiet: only the
summary).  Exit status 0; with --strict 1 if a pair (not a name) is parted,
a heading ends badly, an untitled point is bold or a number wraps in a
cell; 2 on a usage error or a PDF poppler cannot read.  Standard library and poppler-utils only.
"""

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

MM = 72.0 / 25.4
X = "{http://www.w3.org/1999/xhtml}"
# Liberation Serif: hhea ascender 1825, descender 443 (per 2048); pdftotext's
# word box is ascender + descender high.
ASC, DESC = 1825.0 / 2048.0, 443.0 / 2048.0

UNITS = {"người", "đơn", "ml", "%", "lượt", "đợt", "ngày", "tháng", "năm",
         "túi", "điểm", "lít"}
PERIODS = {"tháng", "năm", "ngày", "đợt", "quý", "tuần"}
PARTS = {"phụ", "điều", "khoản", "điểm", "mục", "phần", "chương"}
ADMIN_CAPS = {"TỈNH", "HUYỆN", "XÃ", "PHƯỜNG", "THỊ", "THÀNH", "QUẬN"}
NUMBER = re.compile(r"^[(\"“]?\d[\d.,]*[%)\"”.,;:]*$")
HAS_DIGIT = re.compile(r"\d")
ONLY_NUMBER = re.compile(r"^[\d.,%/\s+\-–]+$")


def run(argv):
    out = subprocess.run(argv, capture_output=True)
    if out.returncode != 0:
        sys.exit(f"typeset.py: {' '.join(argv)} failed")
    return re.sub(rb"<!DOCTYPE[^>]*>", b"", out.stdout)


def bare(word):
    return word.strip("()[]\"“”‘’'.,;:!?").lower()


def capitalised(word):
    w = word.lstrip("(\"“‘'")
    return bool(w) and w[0].isupper()


def blocks(pdf):
    """(page, [lines]) per text block; a line is a list of words."""
    root = ET.fromstring(run(["pdftotext", "-bbox-layout", pdf, "-"]))
    for n, page in enumerate(root.iter(X + "page"), 1):
        for block in page.iter(X + "block"):
            lines = []
            for line in block.iter(X + "line"):
                words = [(w.text or "", float(w.get("xMin")),
                          float(w.get("yMin")), float(w.get("xMax")),
                          float(w.get("yMax")))
                         for w in line.iter(X + "word")]
                if words:
                    lines.append(words)
            yield n, lines


def pair_broken(end, start, next_words):
    """Why the last word END and the first word START must not be parted,
    or None."""
    e, s = bare(end), bare(start)
    if e == "số" and HAS_DIGIT.search(start):
        return "số + number"
    if NUMBER.match(end) and (s in UNITS or start.startswith("%")):
        return "number + unit"
    if e in PERIODS and HAS_DIGIT.search(start):
        return "period + number"
    if e in PARTS and re.match(r"^[IVXLC\d]+[.,:;)]*$|^[a-zđ][.,:;)]*$", start):
        return "part + numeral"
    if re.match(r"^[A-ZĐ][A-Za-zĐ]{0,2}\.$", end):
        return "initial + word"
    if s == "tháng" and NUMBER.match(end) and next_words and \
            HAS_DIGIT.search(next_words[0]):
        return "ngày N + tháng M"
    return None


def name_split(end, start, prev_word, caps):
    """A name parted at a line end: two capitalised words inside mixed-case
    text (the first not opening a sentence), or in capitals a line ending
    in an administrative word."""
    if caps:
        return end in ADMIN_CAPS
    return (capitalised(end) and capitalised(start) and prev_word is not None
            and not prev_word.endswith((".", ":", ";", "!", "?"))
            and not start.startswith("(") and not HAS_DIGIT.search(start)
            and not end.endswith((",", ";", ":", ".", ")", "”", "\"")))


NAME = "name"


def measure_pairs(pdf, out):
    found = []
    for page, lines in blocks(pdf):
        for a, b in zip(lines, lines[1:]):
            why = pair_broken(a[-1][0], b[0][0], [w[0] for w in b[1:]])
            text_a = " ".join(w[0] for w in a)
            if not why and len(a) > 1 and any(c.islower() for c in text_a) \
                    and name_split(a[-1][0], b[0][0], a[-2][0], False):
                why = NAME
            if why:
                found.append((page, why, a[-1][0], " ".join(w[0] for w in b[:3])))
    names = sum(1 for f in found if f[1] == NAME)
    out.append(f"pairs: {len(found) - names} broken across a line end, "
               f"{names} names parted in justified text")
    for page, why, end, start in found:
        out.append(f"  page {page}: {why}: '... {end}' / '{start} ...'")
    return len(found) - names


def bold_lines(pdf):
    """[(page, top, height, text, all_bold, first_bold_chars)] from pdftohtml."""
    root = ET.fromstring(run(["pdftohtml", "-xml", "-i", "-stdout", pdf]))
    result = []
    for n, page in enumerate(root.iter("page"), 1):
        rows = {}
        for t in page.iter("text"):
            top = int(t.get("top"))
            key = next((k for k in rows if abs(k - top) <= 2), top)
            text = "".join(t.itertext())
            bold = t.find("b") is not None
            rows.setdefault(key, []).append((int(t.get("left")), text, bold,
                                              int(t.get("height"))))
        for top in sorted(rows):
            frags = sorted(rows[top])
            text = "".join(f[1] for f in frags)
            ink = [f for f in frags if f[1].strip()]
            # fragments an em or more apart are table cells side by side,
            # not one line of a heading
            cells = any(b[0] - (a[0] + 0.6 * a[3] * len(a[1])) > a[3]
                        for a, b in zip(frags, frags[1:]))
            result.append((n, top, max(f[3] for f in frags), frags, text,
                           bool(ink) and all(f[2] for f in ink) and not cells
                           and any(c.isalpha() for c in text)))
    return result


def measure_headings(rows, out):
    found, count = [], 0
    i = 0
    while i < len(rows):
        j = i
        while rows[j][5] and j + 1 < len(rows) and rows[j + 1][5] and \
                rows[j + 1][0] == rows[j][0] and \
                0 < rows[j + 1][1] - rows[j][1] <= 1.6 * rows[j][2]:
            j += 1
        if rows[i][5] and j > i:
            count += 1
            texts = [rows[k][4].split() for k in range(i, j + 1)]
            if len(texts[-1]) == 1:
                found.append((rows[i][0], "one word on the last line",
                              " / ".join(" ".join(t) for t in texts)))
            for a, b in zip(texts, texts[1:]):
                caps_a, caps_b = (not any(c.islower() for c in " ".join(t))
                                  for t in (a, b))
                if a and b and caps_a == caps_b and name_split(
                        a[-1], b[0], a[-2] if len(a) > 1 else None, caps_a):
                    found.append((rows[i][0], "name split",
                                  " / ".join(" ".join(t) for t in texts)))
        i = j + 1
    out.append(f"headings: {count} bold blocks of 2+ lines, {len(found)} badly ended")
    for page, why, text in found:
        out.append(f"  page {page}: {why}: {text}")
    return len(found)


POINT = re.compile(r"^\s*([a-zđ])\)\s")


def measure_points(rows, out):
    letters_bold, total, titled, found = 0, 0, 0, []
    for page, _top, _h, frags, text, _all in rows:
        m = POINT.match(text)
        if not m:
            continue
        total += 1
        ink = "".join(f[1] for f in frags)
        head = ink.split(":", 1)[0] if ":" in ink[:80] else None
        # the bold state of the point's letter: the fragment holding it
        pos, letter_bold, title_bold = 0, False, True
        for _l, t, b, _h2 in frags:
            if pos <= m.start(1) < pos + len(t):
                letter_bold = b
            if head is not None and pos < len(head) and t.strip() and not b:
                title_bold = False
            pos += len(t)
        if head is None and all(b for _l, t, b, _h2 in frags if t.strip()):
            head, title_bold = ink, True  # the whole line is the title
        if head is not None and title_bold:
            titled += 1
        if letter_bold:
            letters_bold += 1
            if head is None or not title_bold:
                found.append((page, text.strip()[:70]))
    out.append(f"points: {total} lettered points, {letters_bold} with a bold "
               f"letter, {titled} with a bold run-in title, {len(found)} bold "
               f"without a title")
    for page, text in found:
        out.append(f"  page {page}: bold untitled point: {text}")
    return len(found)


DUMP = re.compile(r"^page (\d+): (text|rule) x=([\d.-]+) y=([\d.-]+) w=([\d.-]+)"
                  r"(?: h=([\d.-]+))?(?: stroke=[\d.]+)?(?: '(.*)')?$")


def word_sizes(pdf):
    """{page: [(x0, baseline, size)]} from pdftotext -bbox."""
    root = ET.fromstring(run(["pdftotext", "-bbox", pdf, "-"]))
    sizes = {}
    for n, page in enumerate(root.iter(X + "page"), 1):
        for w in page.iter(X + "word"):
            y0, y1 = float(w.get("yMin")), float(w.get("yMax"))
            size = (y1 - y0) / (ASC + DESC)
            sizes.setdefault(n, []).append((float(w.get("xMin")), y1 - DESC * size, size))
    return sizes


def size_at(sizes, page, x, y):
    best = min(sizes.get(page, []), key=lambda s: abs(s[0] - x) + abs(s[1] - y),
               default=None)
    return best[2] if best and abs(best[0] - x) + abs(best[1] - y) < 3 else 13.0


def cells_of(dump):
    """[(page, x, y, w, h, [(x, baseline, w, text)])] from a layout dump."""
    hrules, vrules, texts = {}, {}, {}
    for line in open(dump, encoding="utf-8"):
        m = DUMP.match(line.rstrip("\n"))
        if not m:
            continue
        page, kind = int(m.group(1)), m.group(2)
        x, y, w = float(m.group(3)), float(m.group(4)), float(m.group(5))
        if kind == "text":
            texts.setdefault(page, []).append((x, y, w, m.group(7) or ""))
        elif w > 0 and float(m.group(6) or 0) == 0:
            hrules.setdefault(page, []).append((x, y, w))
        elif w == 0:
            vrules.setdefault(page, []).append((x, y, float(m.group(6))))
    cells = []
    for page, hs in hrules.items():
        vs = {(round(x, 1), round(y, 1)): h for x, y, h in vrules.get(page, [])}
        for x, y, w in hs:
            h = vs.get((round(x, 1), round(y, 1)))
            if h is None:
                continue
            inside = [t for t in texts.get(page, [])
                      if x - 0.5 <= t[0] and t[0] + t[2] <= x + w + 0.5
                      and y < t[1] < y + h]
            cells.append((page, x, y, w, h, inside))
    return cells


def measure_cells(pdf, dump, out):
    sizes = word_sizes(pdf)
    cells = [c for c in cells_of(dump) if c[5]]
    hpad, top_pad, bottom_pad, centring, wrapped = [], [], [], [], []
    rows = {}
    for c in cells:
        rows.setdefault((c[0], round(c[2], 1)), []).append(c)
    tops = {}  # first row of each table: a row whose top no cell bottom meets
    bottoms = [(c[0], c[2] + c[4]) for c in cells_of(dump)]
    for key, row in rows.items():
        tops[key] = not any(p == key[0] and abs(b - row[0][2]) < 0.3
                            for p, b in bottoms)
    for (page, y), row in rows.items():
        tallest = max(row, key=lambda c: c[5][-1][1])
        for page, x, y, w, h, lines in row:
            size = size_at(sizes, page, lines[0][0], lines[0][1])
            left = min(t[0] for t in lines) - x
            right = x + w - max(t[0] + t[2] for t in lines)
            hpad.append(min(left, right))
            ink_top = lines[0][1] - ASC * size
            ink_bottom = lines[-1][1] + DESC * size
            if tops[(page, round(y, 1))]:
                centring.append((abs((ink_top + ink_bottom) / 2 - (y + h / 2)),
                                 page, lines[0][3]))
            else:
                top_pad.append(ink_top - y)
            if (page, x, y) == tallest[:3]:
                bottom_pad.append(y + h - ink_bottom)
            text = " ".join(t[3] for t in lines)
            if len(lines) > 1 and ONLY_NUMBER.match(text):
                wrapped.append((page, text))
    def rng(v):
        return (f"{min(v) / MM:.2f}-{max(v) / MM:.2f} mm (median "
                f"{sorted(v)[len(v) // 2] / MM:.2f})") if v else "none"
    out.append(f"cells: {len(cells)} with text; horizontal padding {rng(hpad)}; "
               f"top padding {rng(top_pad)}; bottom padding of the tallest "
               f"cell {rng(bottom_pad)}; header rows off-centre by at most "
               f"{max((c[0] for c in centring), default=0):.2f} pt over "
               f"{len(centring)} header cells; {len(wrapped)} wrapped numbers")
    for page, text in wrapped:
        out.append(f"  page {page}: number on two lines: {text}")
    for off, page, text in centring:
        if off > 1.0:
            out.append(f"  page {page}: header cell off-centre by {off:.1f} pt: {text}")
    return len(wrapped)


def main(argv):
    args, dump, quiet, strict = [], None, False, False
    it = iter(argv)
    for a in it:
        if a == "--dump":
            dump = next(it, None)
        elif a == "--quiet":
            quiet = True
        elif a == "--strict":
            strict = True
        elif a.startswith("-"):
            args = []
            break
        else:
            args.append(a)
    if len(args) != 1 or (dump is None and "--dump" in argv):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    pdf, out = args[0], []
    faults = measure_pairs(pdf, out)
    rows = bold_lines(pdf)
    faults += measure_headings(rows, out)
    faults += measure_points(rows, out)
    if dump:
        faults += measure_cells(pdf, dump, out)
    for line in out:
        if not quiet or not line.startswith("  "):
            print(line)
    return 1 if strict and faults else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
