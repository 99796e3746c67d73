#!/usr/bin/env python3
"""pngrules.py - how table rules look in kehoach's PNG previews (tool).

    pngrules.py DUMP.txt PAGE.png [PAGE_NUMBER]

DUMP.txt is `kehoach build --dump-layout` output, PAGE.png one page of
`--png` (60 dpi).  For every rule box of that page (a table's cell rules),
the pixels across the rule at five points along it: the darkest grey value
(0 black .. 255 white) and how many pixels across are darker than mid-grey
(the rule's drawn width).  Crisp rules are 1 px wide and black (darkest 0);
a rule drawn between pixel rows shows up as two grey pixels (darkest ~128,
width 0 or 2).  Output: one summary line, `rules N: darkest max D, width
W1-W2 px`, and the rules that are not 1-px black.  Exit status 0, 2 on a
usage error.  Standard library only (PNG decoded here: 8-bit grey, grey +
alpha, RGB or RGBA, non-interlaced, as Cairo writes them).
"""

import re
import struct
import sys
import zlib

DPI = 60.0
RULE = re.compile(r"^page (\d+): rule x=([\d.]+) y=([\d.]+) w=([\d.]+) h=([\d.]+)")


def read_png(path):
    """(width, height, rows of grey values 0..255)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"pngrules.py: {path} is not a PNG")
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            w, h, depth, ctype, _c, _f, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or interlace:
                sys.exit("pngrules.py: only 8-bit non-interlaced PNGs")
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        if ctype in (0, 4):
            rows.append([line[i * bpp] for i in range(w)])
        else:
            rows.append([(line[i * bpp] + line[i * bpp + 1] + line[i * bpp + 2]) // 3
                         for i in range(w)])
    return w, h, rows


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    page = argv[2] if len(argv) == 3 else re.search(r"(\d+)\.png$", argv[1]).group(1)
    w, h, px = read_png(argv[1])
    s = DPI / 72.0
    darkest_all, widths, bad = 0, [], []
    for line in open(argv[0], encoding="utf-8"):
        m = RULE.match(line)
        if not m or m.group(1) != page:
            continue
        x, y, rw, rh = (float(m.group(i)) for i in range(2, 6))
        horizontal = rh == 0
        for k in range(1, 6):
            if horizontal:
                cx, cy = int((x + rw * k / 6) * s), int(y * s)
                if not (0 <= cx < w and 2 <= cy < h - 2):
                    continue
                across = [px[cy + d][cx] for d in range(-2, 3)]
            else:
                cx, cy = int(x * s), int((y + rh * k / 6) * s)
                if not (2 <= cx < w - 2 and 0 <= cy < h):
                    continue
                across = [px[cy][cx + d] for d in range(-2, 3)]
            darkest = min(across)
            width = sum(1 for v in across if v < 128)
            darkest_all = max(darkest_all, darkest)
            widths.append(width)
            if darkest > 0 or width != 1:
                bad.append((line.strip(), across))
    if not widths:
        print("rules 0")
        return 0
    print(f"rules {len(widths) // 5}: darkest max {darkest_all}, width "
          f"{min(widths)}-{max(widths)} px, {len(bad)} samples not 1-px black")
    for rule, across in bad[:10]:
        print(f"  {rule}: across {across}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
