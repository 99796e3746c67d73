#!/usr/bin/env python3
"""geometry.py - page geometry checks on `pdftotext -bbox` output (test tool).

    geometry.py BBOX.html [--text LAYOUT.txt] [--checks FILE]

In: the XHTML that `pdftotext -bbox doc.pdf BBOX.html` writes (one <page>
per page, one <word xMin yMin xMax yMax> per word, in points, y downwards).
Out: one line per check on stdout, `PASS <check>` or `FAIL <check>: <why>`;
exit status 1 if any check failed, 2 on a usage or read error.  Standard
library only.

Checks on every document (nd30-format.md §1, §3, §8; default geometry A4,
margins top 20, bottom 20, left 30, right 15 mm):
  margins      every word inside the text block, 0.5 pt tolerance:
               x >= 85.04, x + w <= page width - 42.52 (portrait pages;
               landscape pages, whose margins ND30 leaves open (§3.11), only
               need 15 mm on each side); nothing below the bottom margin.
  page-numbers the page number is the only word allowed in the top margin;
               it is centred within 2 pt of the text block's centre, absent on
               page 1 and on the first page of each appendix ("Phụ lục"
               opens the page: appendices number their own pages), and
               counts 2, 3, ... from the section's second page.
  header-*     page 1: "CỘNG ..." (Quốc hiệu) and "Độc ..." (Tiêu ngữ) inside
               the right column (67 mm | 98 mm split of the text block) and
               centred in it within 1 pt; "Số: ..." inside the left column;
               "Số:" and the place/date line on one baseline (0.5 pt).
  closing      "Nơi nhận:" is level with the first line of the signature
               block (ô 7a, right column): same baseline within 0.5 pt.

Case checks (--checks FILE), one per line, words split as by a POSIX shell
(quote phrases), `#` starts a comment.  A PHRASE is a run of consecutive
words (text exactly as extracted, NFC); "first" means the first occurrence.
  text REGEX               the NFC `pdftotext -layout` text (--text) matches
                           the Python regular expression (re.M)
  no-text REGEX            ... does not match
  repeat-header HEAD ROW   every page holding ROW also holds HEAD above its
                           first ROW, and ROW spans at least 2 pages
  same-page P1 P2 ...      the first occurrences are on one page
  not-same-page P1 P2      the first occurrences are on different pages
  not-first P              on P's page some word (not the page number) is
                           above P: P does not open the page
  opens-page P             some occurrence of P is the first line of its page
                           (below the top margin)
  last-page P              P is on the last page
  same-baseline P1 P2      the first occurrences share a baseline (0.5 pt)
  below P1 P2              P2 is on P1's page, below P1
  column left|right P      P lies inside that header column (page 1 split)
  landscape P              P's page is landscape (wider than high)
"""

import re
import shlex
import sys
import unicodedata
import xml.etree.ElementTree as ET

MM = 72.0 / 25.4
LEFT, RIGHT, TOP, BOTTOM = 30 * MM, 15 * MM, 20 * MM, 20 * MM
LEFT_COL = 67 * MM  # header columns: left 67 mm, right 98 mm
TOL = 0.5
MIN_MARGIN = 15 * MM  # landscape pages: the smallest ND30 margin, all sides
# Liberation Serif (= Times New Roman metrics): hhea ascender 1825, descender
# 443 per 2048.  pdftotext's word box is ascent + descent high, so the
# baseline sits 443/2268 of the box height above its bottom, for every size
# and face.
DESC_FRACTION = 443.0 / (1825.0 + 443.0)
MAX_EXAMPLES = 3


class Word:
    __slots__ = ("text", "x0", "y0", "x1", "y1")

    def __init__(self, text, x0, y0, x1, y1):
        self.text, self.x0, self.y0, self.x1, self.y1 = text, x0, y0, x1, y1

    @property
    def baseline(self):
        return self.y1 - (self.y1 - self.y0) * DESC_FRACTION

    @property
    def cx(self):
        return (self.x0 + self.x1) / 2

    def __repr__(self):
        return "'%s' at x %.1f-%.1f y %.1f-%.1f" % (self.text, self.x0, self.x1,
                                                     self.y0, self.y1)


class Page:
    def __init__(self, number, width, height, words):
        self.number, self.width, self.height, self.words = number, width, height, words

    @property
    def landscape(self):
        return self.width > self.height

    def in_top_margin(self, w):
        return w.y0 < TOP - TOL


def local(tag):
    return tag.rsplit("}", 1)[-1]


def read_bbox(path):
    with open(path, "rb") as f:
        data = f.read()
    # The DOCTYPE names an external DTD; expat does not fetch it, but strip
    # it anyway so that no parser ever tries.
    data = re.sub(rb"<!DOCTYPE[^>]*>", b"", data, count=1)
    root = ET.fromstring(data)
    pages = []
    for el in root.iter():
        if local(el.tag) != "page":
            continue
        words = []
        for w in el:
            if local(w.tag) != "word":
                continue
            text = unicodedata.normalize("NFC", w.text or "")
            words.append(Word(text, float(w.get("xMin")), float(w.get("yMin")),
                              float(w.get("xMax")), float(w.get("yMax"))))
        pages.append(Page(len(pages) + 1, float(el.get("width")),
                          float(el.get("height")), words))
    return pages


class Report:
    def __init__(self):
        self.failed = 0

    def result(self, name, problems):
        """problems: list of strings; empty means the check passed."""
        if not problems:
            print("PASS %s" % name)
            return
        self.failed += 1
        more = len(problems) - MAX_EXAMPLES
        text = "; ".join(problems[:MAX_EXAMPLES])
        if more > 0:
            text += "; and %d more" % more
        print("FAIL %s: %s" % (name, text))


def fmt(x):
    return "%.2f" % x


# ---- phrases -----------------------------------------------------------

def find_all(pages, phrase):
    """All occurrences of phrase as (page, [words]), in document order."""
    want = unicodedata.normalize("NFC", phrase).split()
    out = []
    if not want:
        return out
    for p in pages:
        ws = p.words
        for i in range(len(ws) - len(want) + 1):
            if all(ws[i + k].text == want[k] for k in range(len(want))):
                out.append((p, ws[i:i + len(want)]))
    return out


def find_first(pages, phrase):
    occ = find_all(pages, phrase)
    return occ[0] if occ else (None, None)


def box(words):
    return (min(w.x0 for w in words), min(w.y0 for w in words),
            max(w.x1 for w in words), max(w.y1 for w in words))


def same_line(page, word):
    """Words of page on word's line (same baseline), left to right."""
    return sorted((w for w in page.words if abs(w.baseline - word.baseline) <= TOL),
                  key=lambda w: w.x0)


def line_from(page, word):
    """The run of words on word's line starting at word, up to a gap wider
    than 20 pt (the gap between the header's two columns)."""
    line = [w for w in same_line(page, word) if w.x0 >= word.x0 - TOL]
    run = line[:1]
    for w in line[1:]:
        if w.x0 - run[-1].x1 > 20:
            break
        run.append(w)
    return run


# ---- document checks ---------------------------------------------------

def check_margins(rep, pages):
    problems = []
    for p in pages:
        if p.landscape:
            left, right, bottom = MIN_MARGIN, p.width - MIN_MARGIN, p.height - MIN_MARGIN
        else:
            left, right, bottom = LEFT, p.width - RIGHT, p.height - BOTTOM
        for w in p.words:
            if w.x0 < left - TOL:
                problems.append("page %d: %r left of the text block (x < %s)"
                                % (p.number, w, fmt(left)))
            if w.x1 > right + TOL:
                problems.append("page %d: %r right of the text block (x + w > %s)"
                                % (p.number, w, fmt(right)))
            if w.y1 > bottom + TOL:
                problems.append("page %d: %r in the bottom margin (y > %s)"
                                % (p.number, w, fmt(bottom)))
    rep.result("margins", problems)


def opens_appendix(page):
    body = [w for w in page.words if not page.in_top_margin(w)]
    if len(body) < 2:
        return False
    first = min(body, key=lambda w: (w.y0, w.x0))
    k = page.words.index(first)
    return (first.text == "Phụ" and k + 1 < len(page.words)
            and page.words[k + 1].text == "lục")


def check_page_numbers(rep, pages):
    problems = []
    section_page = 0
    for p in pages:
        section_page = 1 if (p.number == 1 or opens_appendix(p)) else section_page + 1
        top = [w for w in p.words if p.in_top_margin(w)]
        if section_page == 1:
            for w in top:
                problems.append("page %d: %r in the top margin of a section's first "
                                "page (no page number there)" % (p.number, w))
            continue
        if not top:
            problems.append("page %d: no page number in the top margin (expected %d)"
                            % (p.number, section_page))
            continue
        for w in top[1:]:
            problems.append("page %d: %r in the top margin besides the page number"
                            % (p.number, w))
        w = top[0]
        if w.text != str(section_page):
            problems.append("page %d: page number %r, expected '%d'"
                            % (p.number, w, section_page))
        # Centred over the text block, as Word's header centre tab puts it
        # (portrait: between the 30 mm and 15 mm margins; landscape pages
        # have 20 mm left and right, so there it is the page centre).
        if p.width > 700:  # A4 landscape (tests shorten pages, never widen)
            centre = p.width / 2
        else:
            centre = (30 * MM + p.width - 15 * MM) / 2
        off = w.cx - centre
        if abs(off) > 2.0:
            problems.append("page %d: page number %r centred at x %s, %s pt from the "
                            "text block's centre %s (max 2)" % (p.number, w, fmt(w.cx),
                                                                fmt(off), fmt(centre)))
    rep.result("page-numbers", problems)


def check_header(rep, pages):
    p = pages[0] if pages else None
    col_l0, col_l1 = LEFT, LEFT + LEFT_COL
    col_r0 = col_l1
    col_r1 = (p.width if p else 0) - RIGHT
    centre_r = (col_r0 + col_r1) / 2

    def in_right(name, first):
        problems = []
        occ = [(pg, ws) for pg, ws in find_all(pages[:1], first)]
        if not occ:
            rep.result(name, ["'%s' not found on page 1" % first])
            return
        run = line_from(p, occ[0][1][0])
        x0, _, x1, _ = box(run)
        text = " ".join(w.text for w in run)
        if x0 < col_r0 - TOL or x1 > col_r1 + TOL:
            problems.append("'%s' spans x %s-%s, outside the right column %s-%s"
                            % (text, fmt(x0), fmt(x1), fmt(col_r0), fmt(col_r1)))
        c = (x0 + x1) / 2
        if abs(c - centre_r) > 1.0:
            problems.append("'%s' centred at x %s, the right column's centre is %s"
                            % (text, fmt(c), fmt(centre_r)))
        rep.result(name, problems)

    if not p:
        rep.result("header", ["the document has no pages"])
        return
    in_right("header-quoc-hieu", "CỘNG")
    in_right("header-tieu-ngu", "Độc")

    _, so = find_first(pages[:1], "Số:")
    if not so:
        rep.result("header-so", ["'Số:' not found on page 1"])
        rep.result("header-baseline", ["'Số:' not found on page 1"])
        return
    run = line_from(p, so[0])
    x0, _, x1, _ = box(run)
    text = " ".join(w.text for w in run)
    problems = []
    if x0 < col_l0 - TOL or x1 > col_l1 + TOL:
        problems.append("'%s' spans x %s-%s, outside the left column %s-%s"
                        % (text, fmt(x0), fmt(x1), fmt(col_l0), fmt(col_l1)))
    rep.result("header-so", problems)

    # the place/date line: the first line in the right column, below the
    # Tiêu ngữ, that contains "ngày"
    _, doc = find_first(pages[:1], "Độc")
    cands = [w for w in p.words if w.text == "ngày" and w.x0 >= col_r0 - TOL
             and (not doc or w.y0 > doc[0].y0 + TOL)]
    if not cands:
        rep.result("header-baseline", ["no place/date line ('..., ngày ...') in the "
                                       "right column of page 1"])
        return
    date = min(cands, key=lambda w: w.y0)
    d = date.baseline - so[0].baseline
    problems = []
    if abs(d) > TOL:
        problems.append("'Số:' baseline %s, place/date line baseline %s (%s pt apart)"
                        % (fmt(so[0].baseline), fmt(date.baseline), fmt(d)))
    rep.result("header-baseline", problems)


def check_closing(rep, pages):
    pg, ws = find_first(pages, "Nơi nhận:")
    if pg is None:
        rep.result("closing", ["no 'Nơi nhận:' in the document"])
        return
    col_r0 = LEFT + LEFT_COL
    right = [w for w in pg.words if w.x0 >= col_r0 - TOL and not pg.in_top_margin(w)
             and w.y0 >= ws[0].y0 - 8]
    if not right:
        rep.result("closing", ["page %d: no signature block in the right column next "
                               "to 'Nơi nhận:'" % pg.number])
        return
    first = min(right, key=lambda w: (w.y0, w.x0))
    d = first.baseline - ws[0].baseline
    rep.result("closing", [] if abs(d) <= TOL else
               ["page %d: 'Nơi nhận:' baseline %s, signature block's first line %r "
                "baseline %s (%s pt apart)" % (pg.number, fmt(ws[0].baseline), first,
                                                fmt(first.baseline), fmt(d))])


# ---- case checks -------------------------------------------------------

def case_check(rep, pages, text, args, lineno):
    kind, rest = args[0], args[1:]
    name = "check:%d %s" % (lineno, kind)

    def need(n):
        if len(rest) < n:
            raise ValueError("'%s' needs %d argument(s)" % (kind, n))

    def first(phrase):
        pg, ws = find_first(pages, phrase)
        return pg, ws

    if kind in ("text", "no-text"):
        need(1)
        if text is None:
            raise ValueError("'%s' needs --text" % kind)
        m = re.search(rest[0], text, re.M)
        if kind == "text":
            rep.result("%s %s" % (name, rest[0]), [] if m else ["no match in the text"])
        else:
            rep.result("%s %s" % (name, rest[0]),
                       ["matches %r" % m.group(0)] if m else [])
        return
    if kind == "repeat-header":
        need(2)
        head, row = rest[0], rest[1]
        rows = find_all(pages, row)
        problems = []
        row_pages = []
        for pg, ws in rows:
            if pg not in row_pages:
                row_pages.append(pg)
        if len(row_pages) < 2:
            problems.append("'%s' is on %d page(s): the table does not cross a page"
                            % (row, len(row_pages)))
        for pg in row_pages:
            first_row = min((ws[0] for p2, ws in rows if p2 is pg), key=lambda w: w.y0)
            heads = [ws for p2, ws in find_all([pg], head)]
            if not heads:
                problems.append("page %d: '%s' rows without the header '%s'"
                                % (pg.number, row, head))
            elif min(ws[0].y0 for ws in heads) > first_row.y0:
                problems.append("page %d: header '%s' is below the first row %r"
                                % (pg.number, head, first_row))
        rep.result("%s '%s'" % (name, head), problems)
        return
    if kind in ("same-page", "not-same-page"):
        need(2)
        found = [(ph,) + first(ph) for ph in rest]
        missing = ["'%s' not found" % ph for ph, pg, _ in found if pg is None]
        if missing:
            rep.result(name, missing)
            return
        nums = ["'%s' on page %d" % (ph, pg.number) for ph, pg, _ in found]
        distinct = len(set(pg.number for _, pg, _ in found))
        bad = distinct != 1 if kind == "same-page" else distinct != len(found)
        rep.result("%s %s" % (name, " / ".join(rest)), [", ".join(nums)] if bad else [])
        return
    if kind == "not-first":
        need(1)
        pg, ws = first(rest[0])
        if pg is None:
            rep.result(name, ["'%s' not found" % rest[0]])
            return
        above = [w for w in pg.words if not pg.in_top_margin(w) and w.y1 <= ws[0].y0 + TOL]
        rep.result("%s '%s'" % (name, rest[0]),
                   [] if above else ["'%s' opens page %d: nothing above it but the "
                                     "page number" % (rest[0], pg.number)])
        return
    if kind == "opens-page":
        need(1)
        occ = find_all(pages, rest[0])
        hits = [pg.number for pg, ws in occ
                if not [w for w in pg.words if not pg.in_top_margin(w)
                        and w.y1 <= ws[0].y0 + TOL]]
        rep.result("%s '%s'" % (name, rest[0]),
                   [] if hits else ["'%s' never opens a page (found on page(s) %s)"
                                    % (rest[0], ", ".join(sorted(set(
                                        str(pg.number) for pg, _ in occ))) or "none")])
        return
    if kind == "last-page":
        need(1)
        pg, ws = first(rest[0])
        problems = []
        if pg is None:
            problems.append("'%s' not found" % rest[0])
        elif pg is not pages[-1]:
            problems.append("'%s' on page %d of %d" % (rest[0], pg.number, len(pages)))
        rep.result("%s '%s'" % (name, rest[0]), problems)
        return
    if kind in ("same-baseline", "below"):
        need(2)
        (p1, w1), (p2, w2) = first(rest[0]), first(rest[1])
        problems = ["'%s' not found" % ph for ph, pg in ((rest[0], p1), (rest[1], p2))
                    if pg is None]
        if not problems:
            if p1 is not p2:
                problems.append("'%s' on page %d, '%s' on page %d"
                                % (rest[0], p1.number, rest[1], p2.number))
            elif kind == "same-baseline" and abs(w1[0].baseline - w2[0].baseline) > TOL:
                problems.append("baselines %s and %s" % (fmt(w1[0].baseline),
                                                         fmt(w2[0].baseline)))
            elif kind == "below" and w2[0].y0 < w1[0].y1 - TOL:
                problems.append("%r is not below %r" % (w2[0], w1[0]))
        rep.result("%s '%s' '%s'" % (name, rest[0], rest[1]), problems)
        return
    if kind == "column":
        need(2)
        side, phrase = rest[0], rest[1]
        if side not in ("left", "right"):
            raise ValueError("column must be left or right")
        pg, ws = first(phrase)
        if pg is None:
            rep.result(name, ["'%s' not found" % phrase])
            return
        c0, c1 = (LEFT, LEFT + LEFT_COL) if side == "left" else (LEFT + LEFT_COL,
                                                                 pg.width - RIGHT)
        x0, _, x1, _ = box(ws)
        rep.result("%s %s '%s'" % (name, side, phrase),
                   [] if x0 >= c0 - TOL and x1 <= c1 + TOL else
                   ["'%s' spans x %s-%s, the %s column is %s-%s"
                    % (phrase, fmt(x0), fmt(x1), side, fmt(c0), fmt(c1))])
        return
    if kind == "landscape":
        need(1)
        pg, ws = first(rest[0])
        problems = []
        if pg is None:
            problems.append("'%s' not found" % rest[0])
        elif not pg.landscape:
            problems.append("'%s' is on page %d, which is %sx%s (portrait)"
                            % (rest[0], pg.number, fmt(pg.width), fmt(pg.height)))
        rep.result("%s '%s'" % (name, rest[0]), problems)
        return
    raise ValueError("unknown check '%s'" % kind)


def main(argv):
    args = argv[1:]
    text_path = checks_path = None
    pos = []
    while args:
        a = args.pop(0)
        if a == "--text" and args:
            text_path = args.pop(0)
        elif a == "--checks" and args:
            checks_path = args.pop(0)
        elif a.startswith("-"):
            sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
            return 2
        else:
            pos.append(a)
    if len(pos) != 1:
        sys.stderr.write("usage: geometry.py BBOX.html [--text LAYOUT.txt] "
                         "[--checks FILE]\n")
        return 2
    try:
        pages = read_bbox(pos[0])
        text = None
        if text_path:
            with open(text_path, encoding="utf-8") as f:
                text = unicodedata.normalize("NFC", f.read())
        checks = []
        if checks_path:
            with open(checks_path, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    words = shlex.split(line, comments=True)
                    if words:
                        checks.append((n, words))
    except (OSError, ET.ParseError, ValueError) as e:
        sys.stderr.write("geometry.py: %s\n" % e)
        return 2

    rep = Report()
    check_margins(rep, pages)
    check_page_numbers(rep, pages)
    check_header(rep, pages)
    check_closing(rep, pages)
    for n, words in checks:
        try:
            case_check(rep, pages, text, words, n)
        except (ValueError, re.error) as e:
            rep.result("check:%d" % n, ["bad check in %s: %s" % (checks_path, e)])
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
