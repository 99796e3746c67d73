#!/usr/bin/env python3
"""bench/archive.py BIN - make bench, issue 8: the register and the archive.

1. Numbering race: 100 `kehoach issue` processes started at once on one
   register, each with its own plan.  Reports the wall time and checks that
   the numbers are exactly 01..100 (no duplicate, no gap).
2. `kehoach archive verify` over 10.000 registered documents with one
   stored copy each (distinct files of BENCH_COPY_KB KiB, default 100),
   against `cat` (reading) and `sha256sum` (reading + hashing, one core) over
   the same files: with a warm page cache, then (when /proc/sys/vm/
   drop_caches is writable, i.e. as root) with the cache dropped before
   each run, so the figures are disk speed.

Numbers only; nothing here asserts a time.
"""
import hashlib
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/release/kehoach")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "samples", "thong-nhat-2026.yaml")
RACE = int(os.environ.get("BENCH_RACE", "100"))
DOCS = int(os.environ.get("BENCH_DOCS", "10000"))
COPY_KB = int(os.environ.get("BENCH_COPY_KB", "100"))
DROP = False  # set per run: the verify figures come warm, then cold if root


def drop_caches():
    if DROP:
        subprocess.run(["sync"])
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")


def timed(argv, **kw):
    drop_caches()
    t0 = time.perf_counter()
    r = subprocess.run(argv, capture_output=True, text=True, **kw)
    return time.perf_counter() - t0, r


def main():
    tmp = tempfile.mkdtemp(prefix="kehoach-bench-archive-")
    # the sample marks its parent body unknown; an issued plan names it
    base = re.sub(r"(?m)^    parent: .*$", "    parent: UBND XÃ THỐNG NHẤT",
                  open(SAMPLE, encoding="utf-8").read(), count=1).replace("  number: ~", "  number: auto", 1)
    title = "  title: Vận động hiến máu tình nguyện năm 2026"

    # 1. numbering race
    db = os.path.join(tmp, "race.db")
    plans = []
    for i in range(RACE):
        p = os.path.join(tmp, f"race{i}.yaml")
        open(p, "w", encoding="utf-8").write(base.replace(title, f"{title} (bản {i})", 1))
        plans.append(p)
    subprocess.run([BIN, "issue", plans[0], "--db", db, "-o", os.path.join(tmp, "warm.pdf")],
                   capture_output=True)
    os.remove(db)  # the run above only warmed the page cache
    t0 = time.perf_counter()
    procs = [subprocess.Popen([BIN, "issue", p, "--db", db, "-o", p[:-5] + ".pdf"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for p in plans]
    errs = [p.communicate()[1] for p in procs]
    wall = time.perf_counter() - t0
    con = sqlite3.connect(db)
    nums = [n for (n,) in con.execute("select CodeNumber from documents order by CodeNumber")]
    con.close()
    bad = sum(p.returncode != 0 for p in procs)
    print(f"numbering race: {RACE} concurrent `issue` on one register: {wall:.2f} s wall, "
          f"{RACE / wall:.1f} documents/s; numbers {'01..%02d, no duplicate, no gap' % RACE if nums == list(range(1, RACE + 1)) else 'WRONG: %r' % nums[:20]}"
          f"{'; %d failed: %s' % (bad, errs[0][:200]) if bad else ''}")

    # 2. verify over DOCS registered documents
    db = os.path.join(tmp, "verify.db")
    store = db + "-archive"
    r = subprocess.run([BIN, "issue", plans[0], "--db", db, "-o", os.path.join(tmp, "v.pdf")],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("bench: issue failed: " + r.stderr)
    con = sqlite3.connect(db)
    cols = [c[1] for c in con.execute("pragma table_info(documents)") if c[1] != "id"]
    row = dict(zip(cols, con.execute(f"select {', '.join(cols)} from documents").fetchone()))
    con.execute("delete from documents")
    rng = random.Random(8)
    size = COPY_KB * 1024
    chunk = rng.randbytes(size + 65536)
    total = 0
    for i in range(DOCS):
        d = dict(row)
        d["year"] = 2026 + i // 5000  # keep numbers plausible
        d["CodeNumber"] = i % 5000 + 1
        d["source_sha256"] = f"{i:064x}"
        cur = con.execute(f"insert into documents ({', '.join(cols)}) values "
                          f"({', '.join('?' * len(cols))})", [d[c] for c in cols])
        off = i % 65536
        data = chunk[off:off + size - 8] + i.to_bytes(8, "big")  # distinct files
        h = hashlib.sha256(data).hexdigest()
        rel = f"{h[:2]}/{h}.pdf"
        os.makedirs(os.path.join(store, h[:2]), exist_ok=True)
        with open(os.path.join(store, rel), "wb") as f:
            f.write(data)
        total += len(data)
        con.execute("insert into signed_copies (document_id, sha256, length, path, original_name, "
                    "signatures, crypto, trust, archived_at, state) values "
                    "(?, ?, ?, ?, 'bench.pdf', 1, 'valid', '', '2026-06-01T00:00:00Z', 'stored')",
                    (cur.lastrowid, h, len(data), rel))
    con.commit()
    con.close()
    mib = total / 2**20
    every = f"find {store} -type f -print0 | xargs -0"
    modes = [False] + ([True] if os.access("/proc/sys/vm/drop_caches", os.W_OK) else [])
    for cold in modes:
        global DROP
        DROP = cold
        if not cold:
            subprocess.run(["sh", "-c", f"{every} cat > /dev/null"])  # warm the cache
        t_verify, r = timed([BIN, "archive", "verify", "--db", db])
        ok = r.returncode == 0 and f"{DOCS} stored copies: {DOCS} intact" in r.stdout
        t_cat, _ = timed(["sh", "-c", f"{every} cat > /dev/null"])
        t_sum, _ = timed(["sh", "-c", f"{every} sha256sum > /dev/null"])
        cache = "cold: caches dropped before each run" if cold else "warm page cache"
        print(f"archive verify: {DOCS} documents, {DOCS} stored copies of {COPY_KB} KiB "
              f"({mib:.0f} MiB, {cache}): {t_verify:.2f} s = {mib / t_verify:.0f} MiB/s"
              f"{'' if ok else ' (WRONG OUTPUT: ' + (r.stdout + r.stderr)[-300:] + ')'}")
        print(f"  same files: cat {t_cat:.2f} s = {mib / t_cat:.0f} MiB/s; "
              f"sha256sum (one core) {t_sum:.2f} s = {mib / t_sum:.0f} MiB/s; "
              f"kehoach hashes with GChecksum on {os.cpu_count()} threads")
    if os.environ.get("BENCH_KEEP"):
        print("kept:", tmp)
    else:
        shutil.rmtree(tmp, ignore_errors=True)


main()
