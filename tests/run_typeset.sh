#!/bin/sh
# run_typeset.sh BIN - the typography of every sample, measured from its PDF
# (make typeset-test; issue 11, docs/typography.md).
#
# Every samples/**/*.yaml that builds is built with --dump-layout, then
#   tests/tools/typeset.py --strict: no word pair parted at a line end
#     (số / 196, 150 / người, ngày 01 / tháng 5), no bold heading ending in
#     one word or a split name, no bold lettered point without a title, no
#     number wrapped in a table cell;
#   tests/tools/wordgaps.py: every justified line with gaps over 2x a normal
#     space (2.05x as measured from the PDF) is one the dump reports as
#     loose (its paragraph had no other solution).
# A sample that does not build (the real reports kept with their mistakes,
# exit status 1) is listed as not built; one that crashes (another status)
# fails.  Output: FAIL lines, then "N passed, M failed, K not built".

set -u
if [ $# -ne 1 ]; then
  echo "usage: sh tests/run_typeset.sh path/to/kehoach" >&2
  exit 2
fi
BIN=$1
TOOLS=$(dirname "$0")/tools
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kehoach-typeset.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM
pass=0 fail=0 skip=0
for f in $(find samples -name '*.yaml' | sort); do
  n=$(echo "$f" | sed 's|^samples/||; s|/|_|g; s|\.yaml$||')
  "$BIN" build "$f" -o "$TMP/$n.pdf" --dump-layout >"$TMP/$n.dump" 2>"$TMP/$n.err"
  rc=$?
  if [ $rc -eq 1 ] && [ ! -e "$TMP/$n.pdf" ]; then
    skip=$((skip + 1)); continue
  fi
  if [ $rc -ne 0 ]; then
    echo "FAIL $f: build exited with $rc"; fail=$((fail + 1)); continue
  fi
  ok=1
  if ! python3 "$TOOLS/typeset.py" --strict --dump "$TMP/$n.dump" "$TMP/$n.pdf" >"$TMP/$n.typeset"; then
    echo "FAIL $f: typeset.py"; grep -v ' 0 ' "$TMP/$n.typeset" | sed 's/^/  /'; ok=0
  fi
  # 2.05: the PDF's word boxes measure a gap to a few hundredths of a point
  gaps=$(python3 "$TOOLS/wordgaps.py" --limit 2.05 "$TMP/$n.pdf" | head -1)
  over=$(echo "$gaps" | sed -n 's/.* \([0-9][0-9]*\) over 2.05x a space$/\1/p')
  case "$gaps" in *"no justified lines") over=0 ;; esac
  if [ -z "$over" ]; then
    echo "FAIL $f: wordgaps.py said: $gaps"; fail=$((fail + 1)); continue
  fi
  reported=$(grep -c ': loose ' "$TMP/$n.dump")
  if [ "$over" -gt "$reported" ]; then
    echo "FAIL $f: $over justified lines over 2x a space, $reported reported loose by --dump-layout"; ok=0
  fi
  if [ $ok -eq 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "typeset: $pass passed, $fail failed, $skip not built"
[ $fail -eq 0 ]
