#!/bin/sh
# run_diag.sh BIN - the diagnostics corpus (tests/diag) against BIN.
#
# Run from the repo root:  sh tests/run_diag.sh build/release/kehoach
# (the ASan build, build/asan/kehoach, must give identical results).
#
# A case is tests/diag/NAME.yaml plus:
#   NAME.expected  required: the exact expected output, nothing else.  It is
#                  stderr, or stdout when the case runs with --format=json
#                  (the stream not expected must then be empty).
#   NAME.rc        required: the expected exit code, a single number
#                  (0 clean or warnings only, 1 input errors, 2 usage or
#                  environment error).
#   NAME.args      optional: extra arguments after the file, split on white
#                  space (no quoting), e.g. "--format=json" or "-Werror".
#                  @TMP@ is replaced by a fresh empty directory (for
#                  commands that write files); in the output, that
#                  directory's path is written @TMP@ again.
#   NAME.cmd       optional: the command to run instead of "check", with
#                  any arguments that go before the file (e.g. "report").
#   NAME.env       optional: environment assignments for the case, split
#                  on white space, e.g. "LC_ALL= LANG=vi_VN.UTF-8" (the
#                  Vietnamese messages need no generated vi_VN locale).
#   NAME.input     optional: the path to pass instead of
#                  tests/diag/NAME.yaml (a missing file, a directory); the
#                  .yaml is then a stub that says so.
# Each case runs as
#   BIN CMD tests/diag/NAME.yaml ARGS < /dev/null      (CMD: check by default)
# with LC_ALL=C (strerror and GLib messages in English).  The path is
# relative, so expected files hold no absolute paths.
#
# Each case may use DIAG_TIMEOUT seconds of CPU (default 5, ulimit -t:
# the machine's load does not count) and DIAG_WALL seconds of wall time
# (default 60, applied when timeout(1) exists, for a case that hangs
# without computing, e.g. on a FIFO).  Going over either is reported as a
# time-out.  A case that needs more is a bug (every case should take well
# under a second of CPU, ASan included).
#
# Output: one line per failing case ("FAIL NAME: why") followed by a
# unified diff, then the line "N passed, M failed".  Exit status 1 if any
# case failed, 2 on a usage error.  DIAG_CASES="a b" runs only those cases.
#
# To (re)generate an expected file, run the case by hand and then READ it:
# check the line, the column (the caret must sit under the offending
# token) and the message.  The large cases come from tests/gen_diag_large.sh.

if [ $# -ne 1 ]; then
  echo "usage: sh tests/run_diag.sh BIN" >&2
  exit 2
fi
BIN=$1
case $BIN in
  */*) ;;
  *) BIN=./$BIN ;;
esac
if [ ! -x "$BIN" ]; then
  echo "run_diag.sh: $BIN is not an executable" >&2
  exit 2
fi
DIR=tests/diag
if [ ! -d "$DIR" ]; then
  echo "run_diag.sh: run from the repo root ($DIR not found)" >&2
  exit 2
fi

LC_ALL=C
export LC_ALL
TIMEOUT=${DIAG_TIMEOUT:-5}
WALL=${DIAG_WALL:-60}
if command -v timeout >/dev/null 2>&1; then
  RUN="timeout $WALL"
else
  RUN=
fi
# runs "$@" with the CPU limit (SIGXCPU past it)
cpu_limited() {
  (ulimit -S -t "$TIMEOUT" 2>/dev/null; exec "$@")
}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/run_diag.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'rm -rf "$TMP"; exit 130' INT TERM

pass=0
fail=0

# fail NAME WHY: one line for a failing case.
fail_case() {
  echo "FAIL $1: $2"
  fail=$((fail + 1))
}

if [ -n "${DIAG_CASES:-}" ]; then
  list=
  for n in $DIAG_CASES; do list="$list $DIR/$n.yaml"; done
else
  list=$(ls "$DIR"/*.yaml)
fi

for yaml in $list; do
  name=${yaml#"$DIR"/}
  name=${name%.yaml}
  if [ ! -f "$yaml" ]; then
    fail_case "$name" "no such case ($yaml)"
    continue
  fi
  if [ ! -f "$DIR/$name.expected" ] || [ ! -f "$DIR/$name.rc" ]; then
    fail_case "$name" "missing $name.expected or $name.rc"
    continue
  fi
  rm -rf "$TMP/work" && mkdir "$TMP/work"
  args=
  [ -f "$DIR/$name.args" ] && args=$(sed "s|@TMP@|$TMP/work|g" "$DIR/$name.args")
  cmd=check
  [ -f "$DIR/$name.cmd" ] && cmd=$(cat "$DIR/$name.cmd")
  input=$yaml
  [ -f "$DIR/$name.input" ] && input=$(cat "$DIR/$name.input")
  envs=
  [ -f "$DIR/$name.env" ] && envs=$(cat "$DIR/$name.env")
  json=no
  for a in $args; do
    case $a in
      --format=json) json=yes ;;
    esac
  done

  # shellcheck disable=SC2086 # cmd, args, envs and RUN are split on purpose
  cpu_limited env $envs $RUN "$BIN" $cmd "$input" $args </dev/null >"$TMP/stdout" 2>"$TMP/stderr"
  rc=$?
  want_rc=$(tr -d ' \t\r\n' <"$DIR/$name.rc")
  if [ "$json" = yes ]; then
    got=$TMP/stdout
    other=$TMP/stderr
    other_name=stderr
  else
    got=$TMP/stderr
    other=$TMP/stdout
    other_name=stdout
  fi

  why=
  if [ -n "$RUN" ] && [ "$rc" -eq 124 ]; then
    why="timed out after ${WALL}s"
  elif [ "$rc" -eq $((128 + 24)) ]; then
    why="used more than ${TIMEOUT}s of CPU"
  elif [ "$rc" -ge 128 ]; then
    why="killed by signal $((rc - 128))"
  elif [ "$rc" != "$want_rc" ]; then
    why="exit code $rc, expected $want_rc"
  fi
  # the fresh directory's path, where a message names it, reads @TMP@
  sed "s|$TMP/work|@TMP@|g" "$got" >"$TMP/got" && cat "$TMP/got" >"$got"
  if ! cmp -s "$DIR/$name.expected" "$got"; then
    why="${why:+$why; }output differs"
  fi
  if [ -s "$other" ]; then
    why="${why:+$why; }unexpected output on $other_name"
  fi

  if [ -z "$why" ]; then
    pass=$((pass + 1))
  else
    fail_case "$name" "$why"
    diff -u "$DIR/$name.expected" "$got" | sed \
      -e "1s|^--- .*|--- $DIR/$name.expected|" \
      -e "2s|^+++ .*|+++ actual output|"
    if [ -s "$other" ]; then
      echo "--- $other_name:"
      cat "$other"
    fi
  fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
