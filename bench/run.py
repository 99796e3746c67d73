#!/usr/bin/env python3
"""make bench: whole-process timings of `kehoach build` on every sample.

For each sample: N runs as separate processes (os.wait4 gives each child's
own rusage), reporting median and min wall ms per document, pages per second
at the median, and peak RSS (max ru_maxrss over the runs).  Also `check`
alone, for the checker's cost.  Numbers only; nothing here asserts a time.
"""
import os, statistics, subprocess, sys, tempfile, time, glob

def run(argv):
    t0 = time.perf_counter()
    devnull = os.open(os.devnull, os.O_WRONLY)
    pid = os.fork()
    if pid == 0:
        os.dup2(devnull, 2)
        os.execv(argv[0], argv)
    os.close(devnull)
    _, status, ru = os.wait4(pid, 0)
    ms = (time.perf_counter() - t0) * 1000.0
    if os.waitstatus_to_exitcode(status) not in (0,):
        sys.exit(f"bench: {' '.join(argv)} failed with {status}")
    return ms, ru.ru_maxrss  # KiB on Linux

def pages_of(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0

def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/release/kehoach")
    n = int(os.environ.get("BENCH_RUNS", "30"))
    tmp = tempfile.mkdtemp(prefix="kehoach-bench-")
    print(f"kehoach bench: {n} whole-process runs per sample, {os.cpu_count()} cores")
    print(f"{'sample':28} {'cmd':6} {'pages':>5} {'median ms':>10} {'min ms':>8} {'pages/s':>8} {'peak RSS MiB':>13}")
    total_docs, total_ms = 0, 0.0
    for sample in sorted(glob.glob("samples/*.yaml")):
        name = os.path.basename(sample)[:-5]
        pdf = os.path.join(tmp, name + ".pdf")
        for cmd in ("check", "build"):
            argv = [binary, cmd, sample] + (["-o", pdf] if cmd == "build" else [])
            run(argv)  # warm the page cache
            times, rss = [], 0
            for _ in range(n):
                ms, r = run(argv)
                times.append(ms)
                rss = max(rss, r)
            med = statistics.median(times)
            pages = pages_of(pdf) if cmd == "build" else 0
            pps = f"{pages / (med / 1000):8.1f}" if pages else f"{'':8}"
            print(f"{name:28} {cmd:6} {pages or '':>5} {med:10.1f} {min(times):8.1f} {pps} {rss / 1024:13.1f}")
            if cmd == "build":
                total_docs += 1
                total_ms += med
    print(f"all samples: {total_docs} documents, {total_docs / (total_ms / 1000):.1f} documents/s sequential (median per document)")

main()
