#!/usr/bin/env python3
"""make bench: whole-process timings of `kehoach build` on every sample.

For each sample: N runs as separate processes (os.wait4 gives each child's
own rusage), reporting median and min wall ms per document, pages per second
at the median, and peak RSS (max ru_maxrss over the runs).  Also `check`
alone, for the checker's cost.  Numbers only; nothing here asserts a time.

Then the report bench (issue 7): a generated report with three charts and a
166-row results table against its plan, and a plan padded to the same
number of pages; the ratio of their median build times (target: 1,5).

Batch (issue 6): the >= 100-unit sample (samples/an-giang-2026.yaml, 108
units, templates/batch/ke-hoach-xa.yaml, its roster) with -j1 and -j2, documents
per second at the median wall time of BENCH_BATCH_RUNS runs (default 5),
beside one whole-process `kehoach build` of one generated plan measured in
the same run; then peak RSS of a 100-unit and a 1.000-unit batch (a plan
made here by repeating the sample's units under numbered names).  Targets
on the 2-core machine: -j2 >= 160 documents/s and >= 5x the single-process
rate; peak RSS <= 100 MiB and within 20 % between 100 and 1.000 units.
"""
import os, statistics, subprocess, sys, tempfile, time, glob

def run_ru(argv):
    """One run as a separate process: wall ms and the child's own rusage."""
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
    return ms, ru

last_cpu_ms = 0.0  # user + system time of the last run()

def run(argv):
    global last_cpu_ms
    ms, ru = run_ru(argv)
    last_cpu_ms = (ru.ru_utime + ru.ru_stime) * 1000.0
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
    report_bench(binary, n, tmp)
    bench_batch(binary, tmp)

# ---- the report bench ------------------------------------------------------

HEADER = """document:
  type: {type}
  issuer: {{parent: UBND TỈNH AN GIANG, name: [BAN CHỈ ĐẠO VẬN ĐỘNG, HIẾN MÁU TÌNH NGUYỆN], short: BCĐ}}
  number: {number}
  place: An Giang
  date: {date}
  title: {title}
"""
CLOSING = """recipients: [Ban Chỉ đạo Quốc gia vận động hiến máu tình nguyện, UBND tỉnh An Giang]
archive_copy: VT, HCTĐ
signature: {title: TRƯỞNG BAN, position: PHÓ CHỦ TỊCH UBND TỈNH, name: Lê Văn Tám}
"""
TEXT = ("Ban Chỉ đạo các xã, phường, đặc khu tiếp tục tuyên truyền, vận động "
        "cán bộ, công chức, viên chức, người lao động và Nhân dân tham gia hiến máu "
        "tình nguyện, bảo đảm an toàn truyền máu và hoàn thành chỉ tiêu được giao.")

def units_166():
    """166 communes with quotas, months, and (invented) results."""
    out = []
    for i in range(166):
        quota = 40 + (i * 37) % 160
        month = 1 + i % 12
        units = quota * (70 + (i * 53) % 60) // 100
        out.append((f"Xã Thử Nghiệm {i + 1:03d}", quota, month, units))
    return out

def plan_text(units, padding):
    rows = "\n".join(f"      - {{unit: '{u}', quota: {q}, period: 2026-{m:02d}}}"
                     for u, q, m, _ in units)
    body = "\n".join(f"  - text: \"{TEXT}\"" for _ in range(padding))
    return (HEADER.format(type="ke-hoach", number=7, date="2026-01-05",
                          title="Vận động hiến máu tình nguyện năm 2026")
            + f"targets:\n  units: {sum(q for _, q, _, _ in units)}\n"
            + "allocations:\n  - id: xa\n    measure: units\n    rows:\n" + rows + "\n"
            + "body:\n  - text: \"Chỉ tiêu năm 2026: {{targets.units}} đơn vị máu.\"\n"
            + "  - table: xa\n    columns: [tt, unit, quota, period]\n"
            + (body + "\n" if body else "") + CLOSING)

def report_text(units):
    rows = "\n".join(f"    - {{unit: '{u}', units: {r}}}" for u, _, _, r in units)
    days = "\n".join(f"    - {{date: 2026-{m:02d}-15, unit: '{u}', units: {r}}}" for u, _, m, r in units)
    return (HEADER.format(type="bao-cao", number=40, date="2027-01-10",
                          title="Kết quả hiến máu tình nguyện năm 2026")
            + "results:\n  plan: plan.yaml\n  period: {from: 2026-01-01, to: 2026-12-31}\n"
            + "  units:\n" + rows + "\n  days:\n" + days + "\n"
            + "body:\n"
            + "  - text: \"Năm 2026 tiếp nhận {{results.total.units}} đơn vị máu, đạt {{results.total.percent}} chỉ tiêu.\"\n"
            + "  - results: units\n"
            + "  - chart: units\n"
            + "  - results: months\n"
            + "  - chart: cumulative\n"
            + "  - chart: months\n"
            + CLOSING)

def paired_builds(binary, a, a_pdf, b, b_pdf, n):
    """Builds of a and b alternated, so a change in the machine's load hits
    both alike: per document the wall times, the CPU times (user + system
    of the child: less sensitive to load than wall time) and the peak RSS."""
    argvs = [[binary, "build", a, "-o", a_pdf], [binary, "build", b, "-o", b_pdf]]
    for argv in argvs:
        run(argv)  # warm the page cache
    out = [([], [], 0), ([], [], 0)]
    for _ in range(n):
        for k, argv in enumerate(argvs):
            ms, ru = run_ru(argv)
            wall, cpu, rss = out[k]
            wall.append(ms)
            cpu.append((ru.ru_utime + ru.ru_stime) * 1000.0)
            out[k] = (wall, cpu, max(rss, ru.ru_maxrss))
    return out

def report_bench(binary, n, tmp):
    d = os.path.join(tmp, "report")
    os.makedirs(d, exist_ok=True)
    units = units_166()
    plan, report = os.path.join(d, "plan.yaml"), os.path.join(d, "report.yaml")
    with open(plan, "w") as f:
        f.write(plan_text(units, 0))
    with open(report, "w") as f:
        f.write(report_text(units))
    rpdf = os.path.join(d, "report.pdf")
    subprocess.run([binary, "build", report, "-o", rpdf], check=True, stderr=subprocess.DEVNULL)
    want = pages_of(rpdf)
    # a plan with the same number of pages: its 166-row table plus paragraphs
    padded, ppdf, padding = os.path.join(d, "padded.yaml"), os.path.join(d, "padded.pdf"), 0
    while True:
        with open(padded, "w") as f:
            f.write(plan_text(units, padding))
        subprocess.run([binary, "build", padded, "-o", ppdf], check=True, stderr=subprocess.DEVNULL)
        if pages_of(ppdf) >= want:
            break
        padding += 4
    print(f"report bench: 166-row results table + months table + 3 charts, {want} pages; "
          f"a plan padded to {pages_of(ppdf)} pages ({padding} paragraphs after its 166-row table)")
    (rw, rc, rrss), (pw, pc, prss) = paired_builds(binary, report, rpdf, padded, ppdf, n)
    rmed, rmin, pmed, pmin = statistics.median(rw), min(rw), statistics.median(pw), min(pw)
    cmed = statistics.median(run([binary, "check", report])[0] for _ in range(n))
    print(f"{'report (166 rows, 3 charts)':28} {'build':6} {want:>5} {rmed:10.1f} {rmin:8.1f} {want / (rmed / 1000):8.1f} {rrss / 1024:13.1f}")
    print(f"{'plan, same pages':28} {'build':6} {pages_of(ppdf):>5} {pmed:10.1f} {pmin:8.1f} {pages_of(ppdf) / (pmed / 1000):8.1f} {prss / 1024:13.1f}")
    print(f"{'report (166 rows, 3 charts)':28} {'check':6} {'':>5} {cmed:10.1f}")
    print(f"report / plan of the same pages (runs alternated): wall {rmed / pmed:.2f} x (median), "
          f"{rmin / pmin:.2f} x (min); CPU {statistics.median(rc) / statistics.median(pc):.2f} x "
          f"(median, {statistics.median(rc):.0f} / {statistics.median(pc):.0f} ms); target 1,5 x")


def scaled_plan(sample, copies, path):
    """The sample plan with its allocation rows repeated `copies` times,
    each copy's units renamed ("Xã An Phú 2"), targets adjusted."""
    text = open(sample, encoding="utf-8").read()
    head, rest = text.split("    rows:\n", 1)
    rows, tail = rest.split("\nbody:", 1)
    rows = rows.rstrip("\n").split("\n")
    rows = [r for r in rows if r.strip().startswith("- {unit:")]
    out, total = [], 0
    for c in range(copies):
        for r in rows:
            name = r.split("unit: ", 1)[1].split(",", 1)[0]
            q = int(r.split("quota: ", 1)[1].split(",", 1)[0])
            total += q
            out.append(r.replace("unit: " + name, "unit: %s %d" % (name, c + 1) if c else "unit: " + name))
    head = head.replace("units: 45000", "units: %d" % total)
    open(path, "w", encoding="utf-8").write(head + "    rows:\n" + "\n".join(out) + "\nbody:" + tail)
    return len(out)

def bench_batch(binary, tmp):
    runs = int(os.environ.get("BENCH_BATCH_RUNS", "5"))
    plan, tmpl = "samples/an-giang-2026.yaml", "templates/batch/ke-hoach-xa.yaml"
    roster = "samples/an-giang-2026-units.csv"
    out = os.path.join(tmp, "batch")
    print(f"\nkehoach batch: {plan} with {tmpl} and its roster, {runs} runs each, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} (wall times count only on an idle machine; CPU times do not depend on it)")
    units = 0
    rate = {}
    for j in (1, 2):
        argv = [binary, "batch", plan, "--template", tmpl, "--units", roster, "-o", out, "-j%d" % j]
        run(argv)  # warm up; also leaves the outputs for the single build
        times, rss, cpu = [], 0, []
        for _ in range(runs):
            ms, r = run(argv)
            times.append(ms)
            cpu.append(last_cpu_ms)
            rss = max(rss, r)
        units = len([f for f in os.listdir(out) if f.endswith(".pdf")])
        med = statistics.median(times)
        rate[j] = units / (med / 1000)
        print(f"  batch -j{j}: {units} documents, median {med:8.1f} ms, min {min(times):8.1f} ms: "
              f"{rate[j]:6.1f} documents/s, peak RSS {rss / 1024:.1f} MiB; "
              f"CPU {statistics.median(cpu) / units:.1f} ms per document")
    one = os.path.join(out, "xa-my-hoa-hung.yaml")
    pdf = os.path.join(tmp, "one.pdf")
    argv = [binary, "build", one, "-o", pdf]
    run(argv)
    times, cpu = [], []
    for _ in range(max(runs * 4, 10)):
        times.append(run(argv)[0])
        cpu.append(last_cpu_ms)
    med = statistics.median(times)
    single = 1000 / med
    print(f"  build of one generated plan ({os.path.basename(one)}): median {med:.1f} ms: {single:.1f} documents/s; "
          f"CPU {statistics.median(cpu):.1f} ms")
    print(f"  -j2: {rate[2]:.1f} documents/s = {rate[2] / single:.1f}x the single-process rate "
          f"(-j1: {rate[1] / single:.1f}x; -j2/-j1: {rate[2] / rate[1]:.2f})")
    # memory: 100 units against 1.000 units
    res = {}
    for copies, label in ((1, "100"), (10, "1000")):
        p = os.path.join(tmp, "plan-%s.yaml" % label)
        n = scaled_plan(plan, copies, p)
        if copies == 1:
            rows = open(p, encoding="utf-8").read().split("\n")
            # the first 100 units only
            kept, seen, total = [], 0, 0
            for r in rows:
                if r.strip().startswith("- {unit:"):
                    seen += 1
                    if seen > 100:
                        continue
                    total += int(r.split("quota: ", 1)[1].split(",", 1)[0])
                kept.append(r)
            text = "\n".join(kept).replace("units: 45000", "units: %d" % total)
            open(p, "w", encoding="utf-8").write(text)
            n = 100
        o = os.path.join(tmp, "mem-%s" % label)
        ms, r = run([binary, "batch", p, "--template", tmpl, "-o", o, "-j2"])
        res[label] = r
        print(f"  memory: {n:5d} units -j2: {ms / 1000:6.1f} s, {n / (ms / 1000):6.1f} documents/s, peak RSS {r / 1024:.1f} MiB")
    print(f"  peak RSS 1.000 / 100 units: {res['1000'] / res['100']:.2f}")

if __name__ == "__main__":
    main()
