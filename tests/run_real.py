#!/usr/bin/env python3
"""run_real.py BIN - the real-document corpus (tests/real) against BIN.

Run from the repo root:  python3 tests/run_real.py build/release/kehoach

Each tests/real/NAME.yaml is checked with `BIN check NAME.yaml
--format=json`; NAME.expect says what a correct checker must report (see
tests/real/README.md):

    must CODE | TEXT | why    a diagnostic with code CODE whose line holds TEXT
    ok | TEXT | why           a fact that must not be flagged (documentation)

An expectation is met by a diagnostic with that code whose reported line
contains TEXT; expectations and diagnostics are paired by a maximum
matching, each diagnostic meeting one expectation at most.  Every diagnostic no expectation uses is
a false positive.  Prints, per document and in total, the expected findings
made (recall) and the false positives; -v lists what was missed and every
false positive.

--min-recall N (percent) and --max-fp N make the exit status 1 when the
totals fall below / rise above them, so `make check` catches a regression.
Exit status 2 on a usage error or when BIN cannot run.
"""
import argparse
import glob
import json
import os
import subprocess
import sys


def parse_expect(path):
    musts, oks = [], []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = [p.strip() for p in line.split("|")]
            head = parts[0].split()
            if head and head[0] == "must" and len(head) == 2 and len(parts) >= 2:
                musts.append({"code": head[1], "text": parts[1],
                              "why": parts[2] if len(parts) > 2 else "",
                              "at": n})
            elif head == ["ok"] and len(parts) >= 2:
                oks.append(parts[1])
            else:
                sys.exit(f"run_real.py: {path}:{n}: cannot read '{line}'")
    return musts, oks


def run_check(binary, yaml_path):
    env = dict(os.environ, LC_ALL="C")
    p = subprocess.run([binary, "check", yaml_path, "--format=json"],
                       stdin=subprocess.DEVNULL, capture_output=True,
                       env=env, timeout=20)
    if p.returncode not in (0, 1):
        return None, p.stderr.decode("utf-8", "replace")
    try:
        doc = json.loads(p.stdout.decode("utf-8"))
        # docs/json-format.md: {"version": 1, ..., "diagnostics": [...]}
        return doc["diagnostics"], None
    except (ValueError, KeyError, TypeError) as e:
        return None, f"bad JSON ({e}): {p.stdout[:200]!r}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binary")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--min-recall", type=float, default=None)
    ap.add_argument("--max-fp", type=int, default=None)
    ap.add_argument("names", nargs="*", help="only these documents")
    a = ap.parse_args()
    if not os.access(a.binary, os.X_OK):
        print(f"run_real.py: {a.binary} is not an executable", file=sys.stderr)
        return 2
    files = sorted(glob.glob("tests/real/*.yaml"))
    if a.names:
        files = [f"tests/real/{n}.yaml" for n in a.names]
    if not files:
        print("run_real.py: run from the repo root (tests/real not found)",
              file=sys.stderr)
        return 2
    total_must = total_found = total_fp = total_fp_notes = 0
    for yml in files:
        name = os.path.basename(yml)[:-5]
        musts, _ = parse_expect(yml[:-5] + ".expect")
        with open(yml, encoding="utf-8") as f:
            src = f.read().splitlines()
        diags, err = run_check(a.binary, yml)
        if diags is None:
            print(f"{name}: cannot check: {err.strip()}")
            total_must += len(musts)
            total_fp += 1
            continue
        # which diagnostics each expectation accepts; then a maximum
        # matching, so that a loose snippet does not take the diagnostic a
        # stricter one needs
        # a report's diagnostics may point into the plan it names
        def line_of(d):
            n = d.get("line", 0)
            lines = src
            f = d.get("file")
            if f and os.path.abspath(f) != os.path.abspath(yml):
                if f not in other:
                    try:
                        with open(f, encoding="utf-8") as fh:
                            other[f] = fh.read().splitlines()
                    except OSError:
                        other[f] = []
                lines = other[f]
            return lines[n - 1] if 0 < n <= len(lines) else ""
        other = {}
        accepts = [[i for i, d in enumerate(diags)
                    if d.get("code") == m["code"] and m["text"] in line_of(d)]
                   for m in musts]
        owner = [None] * len(diags)

        def assign(mi, seen):
            for di in accepts[mi]:
                if di in seen:
                    continue
                seen.add(di)
                if owner[di] is None or assign(owner[di], seen):
                    owner[di] = mi
                    return True
            return False

        for mi in range(len(musts)):
            assign(mi, set())
        matched = set(o for o in owner if o is not None)
        missed = [m for mi, m in enumerate(musts) if mi not in matched]
        used = [o is not None for o in owner]
        fps = [d for i, d in enumerate(diags) if not used[i]]
        found = len(musts) - len(missed)
        total_must += len(musts)
        total_found += found
        total_fp += len(fps)
        notes = sum(1 for d in fps if d.get("severity") == "note")
        total_fp_notes += notes
        print(f"{name}: {found}/{len(musts)} expected findings, "
              f"{len(fps)} false positive{'' if len(fps) == 1 else 's'}"
              + (f" ({notes} of them notes)" if notes else ""))
        if a.verbose:
            for m in missed:
                print(f"  missed {m['code']} | {m['text']} | {m['why']}")
            for d in fps:
                print(f"  false  {d.get('line')}:{d.get('column')} "
                      f"{d.get('severity')} [{d.get('code')}] {d.get('message')}")
    recall = 100.0 * total_found / total_must if total_must else 100.0
    print(f"total: {total_found}/{total_must} expected findings "
          f"(recall {recall:.1f}%), {total_fp} false positive"
          f"{'' if total_fp == 1 else 's'} ({total_fp_notes} of them notes) "
          f"in {len(files)} documents")
    bad = False
    if a.min_recall is not None and recall < a.min_recall:
        print(f"FAIL: recall {recall:.1f}% is below {a.min_recall}%")
        bad = True
    if a.max_fp is not None and total_fp > a.max_fp:
        print(f"FAIL: {total_fp} false positives, more than {a.max_fp}")
        bad = True
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
