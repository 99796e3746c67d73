#!/bin/sh
# run_batch.sh BIN - whole-batch tests of `kehoach batch` (make batch-test).
#
# Golden batches, one per line of CASES below (plan, template, roster):
#   - the batch runs with -j1 and with -j2: exit 0, nothing on stderr (it
#     is not a terminal), and the two output directories byte-identical;
#   - tests/golden-batch/CASE/: index.txt (index.csv without the sha256
#     column, which depends on the cairo/pango build), yaml.sha256 (every
#     generated plan: plain text, so exact), and for a few units the
#     generated plan (UNIT.yaml) and the PDF's text (UNIT.txt, pdftotext
#     -layout, NFC);
#   - every PDF: pages and SHA-256 as index.csv says; the sums recomputed
#     from the plan's allocation rows and from the generated plans' targets;
#   - `kehoach build` of a generated plan gives the batch's PDF byte for
#     byte; no temporary file left.
# Safety (on one case): a failing batch, a disk-full batch (ulimit -f), an
# interrupted batch (SIGINT) and a killed batch (SIGKILL) leave the earlier
# outputs as they were and no partial file; the next batch after a kill
# removes the dead batch's temporary files.
#
# UPDATE=1 rewrites the golden files (look at them, and at the PDFs).
# A build/asan binary runs two of the cases (see below).
# Output: one line per failure (FAIL ...), then "N passed, M failed".

set -u

if [ $# -ne 1 ]; then
  echo "usage: [UPDATE=1] sh tests/run_batch.sh path/to/kehoach" >&2
  exit 2
fi
case $1 in
  /*) BIN=$1 ;;
  *) BIN=$(pwd)/$1 ;;
esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
GOLDEN=$ROOT/tests/golden-batch
UPDATE=${UPDATE:-0}
cd "$ROOT" || exit 2

for tool in pdftotext pdfinfo python3 sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "run_batch.sh: $tool is missing (make deps)" >&2
    exit 2
  }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kehoach-batch.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }

# name | plan | template | roster | units whose plan and text are golden
CASES='an-giang-xa|samples/an-giang-2026.yaml|templates/batch/ke-hoach-xa.yaml|samples/an-giang-2026-units.csv|xa-my-hoa-hung dac-khu-tho-chau cong-an-tinh
an-giang-tb|samples/an-giang-2026.yaml|templates/batch/thong-bao-chi-tieu.yaml|samples/an-giang-2026-units.csv|phuong-rach-gia
bac-kan-xa|samples/bac-kan-2025.yaml|templates/batch/ke-hoach-xa.yaml||huyen-bach-thong cong-an-tinh
bac-kan-cv|samples/bac-kan-2025.yaml|templates/batch/cong-van-chi-tieu.yaml||huyen-pac-nam
kien-giang-xa|samples/kien-giang-he-2020.yaml|templates/batch/ke-hoach-xa.yaml||benh-vien-da-khoa-tinh
an-giang-cv|samples/an-giang-2026.yaml|templates/batch/cong-van-chi-tieu.yaml||xa-vinh-hau
bac-kan-tb|samples/bac-kan-2025.yaml|templates/batch/thong-bao-chi-tieu.yaml||thanh-pho-bac-kan
kien-giang-tb|samples/kien-giang-he-2020.yaml|templates/batch/thong-bao-chi-tieu.yaml||huyen-hon-dat
kien-giang-cv|samples/kien-giang-he-2020.yaml|templates/batch/cong-van-chi-tieu.yaml||thanh-pho-rach-gia'

# Under the sanitizers (a build/asan binary) the run is several times
# slower: two cases (a roster and a công văn) and the safety checks.
case $BIN in
  */asan/*) CASES=$(printf '%s\n' "$CASES" | grep -E '^(an-giang-xa|bac-kan-cv)\|') ;;
esac

nfc() {
  python3 -c 'import sys, unicodedata
sys.stdout.buffer.write(unicodedata.normalize("NFC", sys.stdin.buffer.read().decode("utf-8")).encode("utf-8"))'
}

leftovers() {
  for f in "$1"/*.tmp-*; do
    [ -e "$f" ] && printf '%s ' "${f##*/}"
  done
}

# batch OUTDIR PLAN TEMPLATE ROSTER JOBS: sets rc; stderr in OUTDIR.err
batch() {
  b_out=$1 b_plan=$2 b_tmpl=$3 b_roster=$4 b_jobs=$5
  if [ -n "$b_roster" ]; then
    "$BIN" batch "$b_plan" --template "$b_tmpl" --units "$b_roster" -o "$b_out" "-j$b_jobs" \
      </dev/null >/dev/null 2>"$b_out.err"
  else
    "$BIN" batch "$b_plan" --template "$b_tmpl" -o "$b_out" "-j$b_jobs" </dev/null \
      >/dev/null 2>"$b_out.err"
  fi
  rc=$?
}

# golden CASE NAME ACTUAL: compares (or with UPDATE=1 writes) one file
golden() {
  g_want=$GOLDEN/$1/$2
  if [ "$UPDATE" = 1 ]; then
    mkdir -p "$GOLDEN/$1"
    cp "$3" "$g_want"
    ok
  elif [ ! -f "$g_want" ]; then
    bad "$1: golden $2 missing (UPDATE=1 sh tests/run_batch.sh ...)"
  elif cmp -s "$g_want" "$3"; then
    ok
  else
    bad "$1: $2 differs: $(diff "$g_want" "$3" | head -4 | tr '\n' ' ' | cut -c1-300)"
  fi
}

# The sums, recomputed without kehoach: per measure, the plan's first
# allocation of that measure (rows "quota: N") against the generated
# plans' "targets: {measure: N}".
check_sums() {
  python3 - "$1" "$2" <<'EOF'
import glob, re, sys
plan, out = sys.argv[1], sys.argv[2]
text = open(plan, encoding="utf-8").read()
total, measure, seen, inside = {}, None, set(), False
for line in text.split("\n"):
    if re.match(r"\S", line):  # a top-level key
        inside = line.startswith("allocations:")
        continue
    if not inside:
        continue
    m = re.match(r"\s+measure:\s*(\w+)", line)
    if m:
        measure = m.group(1) if m.group(1) not in seen else None
        seen.add(m.group(1))
    q = re.search(r"\bquota:\s*(\d+)", line)
    if q and measure:
        total[measure] = total.get(measure, 0) + int(q.group(1))
got = {}
for f in glob.glob(out + "/*.yaml"):
    t = re.search(r"^targets: \{([^}]*)\}", open(f, encoding="utf-8").read(), re.M)
    for kv in t.group(1).split(","):
        k, v = kv.split(":")
        got[k.strip()] = got.get(k.strip(), 0) + int(v)
if got != total:
    print("allocation %s, generated targets %s" % (total, got))
    sys.exit(1)
EOF
}

# What differs between two batch outputs that should be identical: how
# many files, and for the first differing PDF where its bytes part and
# whether its text and fonts differ (so that a failure seen once, on
# another machine, says what changed).
explain_difference() {
  n=$(diff -rq "$1" "$2" | wc -l)
  f=$(diff -rq "$1" "$2" | sed -n 's/^Files \(.*\.pdf\) and .*/\1/p' | head -1)
  printf '  %s files differ' "$n"
  [ -n "$f" ] || { echo; return; }
  g=$2/${f#"$1"/}
  printf '; first PDF %s: %s' "${f#"$1"/}" "$(cmp "$f" "$g" 2>&1 | head -1)"
  printf ', sizes %s and %s' "$(wc -c <"$f")" "$(wc -c <"$g")"
  if [ "$(pdftotext -layout "$f" - 2>/dev/null)" = "$(pdftotext -layout "$g" - 2>/dev/null)" ]; then
    printf ', same text'
  else
    pdftotext -layout "$f" "$tmp/explain.a" 2>/dev/null
    pdftotext -layout "$g" "$tmp/explain.b" 2>/dev/null
    printf ', text differs: %s' "$(diff "$tmp/explain.a" "$tmp/explain.b" | head -4 | tr '\n' ' ')"
  fi
  if [ "$(pdffonts "$f" 2>/dev/null)" = "$(pdffonts "$g" 2>/dev/null)" ]; then
    echo ', same fonts'
  else
    echo ', fonts differ'
  fi
}

while IFS='|' read -r name plan tmpl roster units; do
  [ -n "$name" ] || continue
  jobs="1 2"
  [ "$name" = an-giang-xa ] && jobs="1 2 3" # three workers on two cores
  for j in $jobs; do
    batch "$tmp/$name-j$j" "$plan" "$tmpl" "$roster" "$j"
    if [ "$rc" -ne 0 ]; then
      bad "$name -j$j: exit $rc: $(head -3 "$tmp/$name-j$j.err" | tr '\n' ' ')"
      continue 2
    fi
    # not a terminal: no progress line, only diagnostics (the provincial
    # plan's own, and what the checker finds in the generated plans), the
    # same for every -j
    if grep -q '^\[ *[0-9]*/' "$tmp/$name-j$j.err"; then
      bad "$name -j$j: a progress line on stderr, which is not a terminal"
    else
      ok
    fi
  done
  if cmp -s "$tmp/$name-j1.err" "$tmp/$name-j2.err"; then ok; else
    bad "$name: -j1 and -j2 print different diagnostics"
  fi
  golden "$name" stderr.txt "$tmp/$name-j1.err"
  out=$tmp/$name-j1
  for j in $jobs; do
    [ "$j" = 1 ] && continue
    if diff -r "$out" "$tmp/$name-j$j" >/dev/null; then ok; else
      bad "$name: -j1 and -j$j differ: $(diff -rq "$out" "$tmp/$name-j$j" | head -3 | tr '\n' ' ')"
      explain_difference "$out" "$tmp/$name-j$j"
    fi
  done
  # index.csv: each PDF as it says
  python3 - "$out" >"$tmp/$name.idxcheck" <<'EOF'
import csv, hashlib, subprocess, sys
out = sys.argv[1]
lines = open(out + "/index.csv", encoding="utf-8-sig").read().split("\n")
rows = list(csv.DictReader([l for l in lines if l and not l.startswith("#")]))
for r in rows:
    pdf = out + "/" + r["pdf"]
    sha = hashlib.sha256(open(pdf, "rb").read()).hexdigest()
    pages = [l.split()[1] for l in subprocess.run(["pdfinfo", pdf], capture_output=True,
             text=True).stdout.split("\n") if l.startswith("Pages:")][0]
    if sha != r["sha256"] or pages != r["pages"]:
        print("%s: index says %s pages sha %s, file has %s pages sha %s" %
              (r["pdf"], r["pages"], r["sha256"][:12], pages, sha[:12]))
EOF
  if [ -s "$tmp/$name.idxcheck" ]; then bad "$name: $(head -2 "$tmp/$name.idxcheck")"; else ok; fi
  cut -d, -f1-7 "$out/index.csv" | sed '1d' >"$tmp/$name.index.txt"
  golden "$name" index.txt "$tmp/$name.index.txt"
  (cd "$out" && sha256sum *.yaml) >"$tmp/$name.yaml.sha256"
  golden "$name" yaml.sha256 "$tmp/$name.yaml.sha256"
  for u in $units; do
    golden "$name" "$u.yaml" "$out/$u.yaml"
    pdftotext -layout "$out/$u.pdf" - | nfc >"$tmp/$name.$u.txt"
    golden "$name" "$u.txt" "$tmp/$name.$u.txt"
  done
  if check_sums "$plan" "$out" >"$tmp/$name.sums" 2>&1; then ok; else
    bad "$name: sums: $(cat "$tmp/$name.sums")"
  fi
  first=${units%% *}
  "$BIN" build "$out/$first.yaml" -o "$tmp/$name.rebuilt.pdf" 2>/dev/null
  if cmp -s "$tmp/$name.rebuilt.pdf" "$out/$first.pdf"; then ok; else
    bad "$name: kehoach build $first.yaml does not give the batch's PDF"
  fi
  l=$(leftovers "$out")
  if [ -z "$l" ]; then ok; else bad "$name: temporary files left: $l"; fi
done <<CASES_END
$CASES
CASES_END

# ---- the progress line, on a terminal only -------------------------------
# script(1) gives the batch a terminal: "[ n/15] slug.pdf" lines, rewritten
# in place, ending with the last unit; the files are the same as without.
if command -v script >/dev/null 2>&1; then
  script -qec "\"$BIN\" batch samples/bac-kan-2025.yaml --template templates/batch/thong-bao-chi-tieu.yaml -o \"$tmp/tty\" -j2" \
    /dev/null </dev/null >"$tmp/tty.out" 2>&1
  if grep -q '\[15/15\] [a-z0-9-]*\.pdf' "$tmp/tty.out" && grep -q '\[ 1/15\]' "$tmp/tty.out"; then ok; else
    bad "progress: no [ n/15] line on a terminal: $(tr '\r' '\n' <"$tmp/tty.out" | grep -v '^ *[0-9]* |' | head -3 | tr '\n' ' ')"
  fi
  batch "$tmp/notty" samples/bac-kan-2025.yaml templates/batch/thong-bao-chi-tieu.yaml "" 2
  if diff -r "$tmp/tty" "$tmp/notty" >/dev/null; then ok; else
    bad "progress: the batch on a terminal wrote other files"
  fi
fi

# ---- safety ----------------------------------------------------------------

# Waits (at most 10 s) until the running batch has a temporary file in $1.
wait_for_temp() {
  w=0
  while [ -z "$(leftovers "$1")" ] && [ $w -lt 1000 ]; do
    sleep 0.01
    w=$((w + 1))
  done
}

snapshot() { (cd "$1" && sha256sum * 2>/dev/null) >"$2"; }

safe=$tmp/safe
batch "$safe" samples/bac-kan-2025.yaml templates/batch/ke-hoach-xa.yaml "" 1
[ "$rc" -eq 0 ] || bad "safety: first batch: exit $rc"
snapshot "$safe" "$tmp/before"

same_as_before() { # what
  snapshot "$safe" "$tmp/after"
  if cmp -s "$tmp/before" "$tmp/after"; then ok; else
    bad "safety: $1 changed the earlier outputs: $(diff "$tmp/before" "$tmp/after" | head -2 | tr '\n' ' ')"
  fi
  l=$(leftovers "$safe")
  if [ -z "$l" ]; then ok; else bad "safety: $1 left temporary files: $l"; fi
}

# (a) a batch with errors writes nothing
batch "$safe" samples/bac-kan-2025.yaml tests/diag/batch/template-sum.yaml "" 2
[ "$rc" -eq 1 ] && ok || bad "safety: (a) failing batch: exit $rc, want 1"
same_as_before "(a) a failing batch"

# (b) disk full: a file-size limit that a plan file fits under and a PDF
# does not; the write fails mid-batch
sh -c 'ulimit -f 60 && exec "$0" batch samples/bac-kan-2025.yaml --template templates/batch/ke-hoach-xa.yaml -o "$1" -j2' \
  "$BIN" "$safe" </dev/null >/dev/null 2>"$tmp/full.err"
rc=$?
if [ "$rc" -eq 2 ] && grep -q "cannot write" "$tmp/full.err"; then ok; else
  bad "safety: (b) disk full: exit $rc, want 2 and 'cannot write': $(head -2 "$tmp/full.err")"
fi
same_as_before "(b) a disk-full batch"

# (c) interrupted: SIGINT while the batch runs
"$BIN" batch samples/an-giang-2026.yaml --template templates/batch/ke-hoach-xa.yaml -o "$safe" -j1 \
  </dev/null >/dev/null 2>"$tmp/int.err" &
pid=$!
wait_for_temp "$safe"
kill -INT "$pid" 2>/dev/null
wait "$pid"
rc=$?
if [ "$rc" -eq 2 ]; then ok; else bad "safety: (c) SIGINT: exit $rc, want 2"; fi
same_as_before "(c) an interrupted batch"

# (d) killed: SIGKILL once temporary files exist, then a clean batch
"$BIN" batch samples/an-giang-2026.yaml --template templates/batch/ke-hoach-xa.yaml -o "$safe" -j1 \
  </dev/null >/dev/null 2>/dev/null &
pid=$!
wait_for_temp "$safe"
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
if [ -n "$(leftovers "$safe")" ]; then ok; else bad "safety: (d) no temporary file seen before the kill"; fi
snapshot "$safe" "$tmp/after"
grep -v '\.tmp-' "$tmp/after" >"$tmp/after.final"
if cmp -s "$tmp/before" "$tmp/after.final"; then ok; else
  bad "safety: (d) a killed batch changed a published file"
fi
batch "$safe" samples/bac-kan-2025.yaml templates/batch/ke-hoach-xa.yaml "" 2
[ "$rc" -eq 0 ] && ok || bad "safety: (d) the batch after a kill: exit $rc"
same_as_before "(d) the batch after a kill"

echo "$pass passed, $fail failed" | sed 's/^/batch: /'
[ "$fail" -eq 0 ]
