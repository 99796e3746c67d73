#!/bin/sh
# run_regress.sh BIN - replay every file in tests/regress/ through `BIN check`.
#
# The files are inputs that once crashed, hung or leaked (mostly found by
# tests/fuzz/fuzz_load.c).  Each one passes when `BIN check FILE` (stdin
# /dev/null) ends within 10 seconds with exit code 0 or 1 (plan fine or plan
# has errors) and no sanitizer report; anything else (exit 2+, a signal, a
# timeout, an AddressSanitizer/UBSan/LeakSanitizer report) fails it.
# Prints one line per failure, then "N passed, M failed" alone on the last
# line; exits 1 if anything failed.
#
# Sanitizers exit with code 1 by default, which would read as "the plan has
# errors", so their exit code is moved to 86 here (keeping any options the
# caller set) and their reports are looked for in stderr as well.

BIN=${1:?usage: sh tests/run_regress.sh path/to/kehoach}
DIR=${REGRESS_DIR:-$(dirname "$0")/regress}
LIMIT=${REGRESS_TIMEOUT:-10}

case $BIN in
*/*) ;;
*) BIN=./$BIN ;;
esac
if [ ! -x "$BIN" ]; then
  echo "run_regress.sh: $BIN is not an executable" >&2
  exit 2
fi

ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=86"
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}exitcode=86"
export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS

err=$(mktemp "${TMPDIR:-/tmp}/kehoach-regress.XXXXXX") || exit 2
trap 'rm -f "$err"' EXIT INT TERM

pass=0
fail=0
for f in "$DIR"/*; do
  [ -f "$f" ] || continue
  timeout -k 2 "$LIMIT" "$BIN" check "$f" </dev/null >/dev/null 2>"$err"
  rc=$?
  why=
  case $rc in
  0 | 1) ;;
  124) why="timed out after ${LIMIT} s" ;;
  137) why="killed (timed out after ${LIMIT} s, or out of memory)" ;;
  86) why="sanitizer report" ;;
  *)
    if [ "$rc" -gt 128 ]; then
      why="killed by signal $((rc - 128))"
    else
      why="exit code $rc"
    fi
    ;;
  esac
  # a sanitizer report starts its lines at column 1; diagnostics never do
  # with these words (they start with the file name or "    N |")
  if [ -z "$why" ] &&
    grep -Eq '^(==[0-9]+==ERROR: [A-Za-z]+Sanitizer|SUMMARY: [A-Za-z]+Sanitizer|[^ ]+\.[ch]:[0-9]+:[0-9]+: runtime error: )' "$err"; then
    why="sanitizer report"
  fi
  if [ -n "$why" ]; then
    fail=$((fail + 1))
    echo "FAIL $(basename "$f"): $why"
    grep -E 'Sanitizer|runtime error' "$err" | head -3 | sed 's/^/    /'
  else
    pass=$((pass + 1))
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
