#!/usr/bin/env python3
"""tamper.py - make damaged or extended copies of a signed PDF for the
archive tests (tests/run_archive.py).  Test code, not a PDF library: it
reads the last trailer of files we made ourselves.

    tamper.py flip IN OUT POS            xor the byte at POS with 0x01
    tamper.py append-revision IN OUT     a well-formed incremental update
                                         (new /Info) after the signature
    tamper.py append-xref-stream IN OUT  the same with a cross-reference
                                         stream (PDF 1.5, Flate, PNG Up)
    tamper.py prev-loop IN OUT           an update whose /Prev points to
                                         its own cross-reference table
    tamper.py offset-past-end IN OUT     an update listing an object at an
                                         offset past the end of the file
    tamper.py startxref-past-end IN OUT  "startxref" beyond the end
    tamper.py garbage IN OUT             bytes after the final %%EOF
    tamper.py truncate IN OUT N          the first N bytes
    tamper.py der-contents IN OUT HIDDEN the last signature's CMS re-encoded
                                         as DER (openssl cms; shorter than
                                         pdfsig's BER, so zero padding
                                         follows it), then HIDDEN (hex) at
                                         the end of the padding
"""
import re
import subprocess
import sys
import tempfile
import zlib


def last_trailer(data):
    """(startxref value, /Size, /Root ref) of the file's last section."""
    sx = data.rindex(b"startxref")
    prev = int(data[sx + 9:].split()[0])
    t = data.rfind(b"trailer", 0, sx)
    if t >= 0 and t > prev:
        dict_text = data[t:sx]
    else:  # a cross-reference stream: its dictionary is at prev
        dict_text = data[prev:prev + 2000]
    size = int(re.search(rb"/Size\s+(\d+)", dict_text).group(1))
    root = re.search(rb"/Root\s+(\d+\s+\d+\s+R)", dict_text).group(1)
    return prev, size, root


def classic_update(data, prev_override=None, offset_override=None):
    prev, size, root = last_trailer(data)
    out = bytearray(data)
    out += b"\n"
    off = len(out)
    out += b"%d 0 obj\n<< /Title (tampered after signing) /Producer (tamper.py) >>\nendobj\n" % size
    xref = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n" % (
        size, off if offset_override is None else offset_override(len(out)))
    out += b"trailer\n<< /Size %d /Root %s /Info %d 0 R /Prev %d >>\n" % (
        size + 1, root, size, prev if prev_override is None else prev_override(xref))
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def xref_stream_update(data):
    prev, size, root = last_trailer(data)
    out = bytearray(data)
    out += b"\n"
    info_off = len(out)
    out += b"%d 0 obj\n<< /Title (tampered after signing) >>\nendobj\n" % size
    xref = len(out)
    rows = [bytes([1]) + info_off.to_bytes(4, "big") + bytes(2),
            bytes([1]) + xref.to_bytes(4, "big") + bytes(2)]
    raw, above = b"", bytes(7)
    for r in rows:  # PNG "Up" predictor
        raw += bytes([2]) + bytes((r[i] - above[i]) & 0xFF for i in range(7))
        above = r
    body = zlib.compress(raw)
    out += (b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%d 2] /Root %s "
            b"/Info %d 0 R /Prev %d /Filter /FlateDecode "
            b"/DecodeParms << /Columns 7 /Predictor 12 >> /Length %d >>\nstream\n"
            % (size + 1, size + 2, size, root, size, prev, len(body)))
    out += body + b"\nendstream\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def der_contents(data, hidden):
    """The last /Contents re-encoded as DER and zero-padded, with hidden
    hex digits at its end (none: a clean re-encoding)."""
    start = data.rindex(b"/Contents <") + len(b"/Contents <")
    end = data.index(b">", start)
    with tempfile.NamedTemporaryFile() as ber, tempfile.NamedTemporaryFile() as der:
        ber.write(bytes.fromhex(data[start:end].decode()))
        ber.flush()
        subprocess.run(["openssl", "cms", "-cmsout", "-inform", "DER", "-in", ber.name,
                        "-outform", "DER", "-out", der.name], check=True)
        digits = der.read().hex().encode()
    room = end - start - len(digits)
    if room < len(hidden):
        sys.exit(f"tamper.py: no room for {len(hidden)} digits after the DER signature ({room})")
    return data[:start] + digits + b"0" * (room - len(hidden)) + hidden + data[end:]


def main():
    op, src, dst = sys.argv[1], sys.argv[2], sys.argv[3]
    data = open(src, "rb").read()
    if op == "flip":
        pos = int(sys.argv[4])
        b = bytearray(data)
        b[pos] ^= 0x01
        data = bytes(b)
    elif op == "append-revision":
        data = classic_update(data)
    elif op == "append-xref-stream":
        data = xref_stream_update(data)
    elif op == "prev-loop":
        data = classic_update(data, prev_override=lambda xref: xref)
    elif op == "offset-past-end":
        data = classic_update(data, offset_override=lambda n: n * 4)
    elif op == "startxref-past-end":
        data = data + b"startxref\n%d\n%%%%EOF\n" % (len(data) * 3)
    elif op == "garbage":
        data = data + b"\nthis is not a PDF update\n"
    elif op == "truncate":
        data = data[:int(sys.argv[4])]
    elif op == "der-contents":
        data = der_contents(data, sys.argv[4].encode() if len(sys.argv) > 4 else b"")
    else:
        sys.exit("tamper.py: unknown operation " + op)
    open(dst, "wb").write(data)


main()
