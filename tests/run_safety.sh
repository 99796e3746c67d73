#!/bin/sh
# run_safety.sh BIN - output safety of `kehoach build` (make safety; part of
# make check).  Every attack points the output somewhere it should not go
# and checks the exit status, the message, and that the plan and every file
# beside the output are unchanged (type, inode, mode, link target and
# sha256 of each, taken before and after).
#
#   inputs    -o plan.yaml, ./plan.yaml, d/../d/plan.yaml, a hard link, a
#             symlink (and a chain) to the plan, /dev/stdin redirected from
#             the plan, a font file (even with --force); a plan named
#             x.pdf without -o; stdin as the plan (-, /dev/stdin)
#   links     symlink to a kehoach PDF elsewhere (written through, link
#             kept), to a missing file in another directory, to a device,
#             to a directory, a loop; a hard link (both names updated)
#   kinds     a non-PDF file, a foreign PDF, an empty file, with and without
#             --force; --png onto a regular file or over a foreign PNG (the
#             PDF must not be written either)
#   streams   -o -, /dev/stdout redirected to a file (as root: in a private
#             mount namespace with its own /dev, and the inode of
#             /dev/stdout checked), a pipe, a closed stdout, a terminal,
#             JSON diagnostics with the PDF on stdout, /dev/null, /dev/full,
#             a FIFO with and without a reader (bounded wait)
#   limits    a missing directory, a path under a regular file, ulimit -f, a
#             read-only file system and ENOSPC on a small tmpfs (in a private
#             mount namespace: root or user namespaces; skipped otherwise)
#   crashes   kill -9 at random moments (KILLS, default 50): the old PDF is
#             always intact or the new one complete; the next run removes
#             the stale temporary files (a dead run's, not a living one's);
#             SIGINT/SIGTERM at random moments leave no temporary file
#   races     two builds to one output (RACES rounds, default 10): one
#             complete PDF (qpdf --check), no temporary files
#
# Output: one line per failure (FAIL ...) or skipped part (SKIP ...), then
# "N passed, M failed".  Every kehoach run has a time limit (LIMIT seconds,
# default 120), so a hang is a failure, not a stuck test.

set -u

if [ "${1:-}" = --inner ]; then
  INNER=$2
  shift 2
else
  INNER=
fi
if [ $# -lt 1 ]; then
  echo "usage: sh tests/run_safety.sh path/to/kehoach" >&2
  exit 2
fi
case $1 in
  /*) BIN=$1 ;;
  *) BIN=$(pwd)/$1 ;;
esac
SELF=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LIMIT=${LIMIT:-120}
KILLS=${KILLS:-50}
RACES=${RACES:-10}
PLAN_A=$ROOT/tests/golden/draft/plan.yaml   # small, one page or two
PLAN_B=$ROOT/samples/bac-kan-2025.yaml      # larger, another document
PLAN_W=$ROOT/samples/lao-cai-2021.yaml      # has a warning

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }
skip() { printf 'SKIP %s\n' "$*"; }

sha() { sha256sum "$1" | cut -d' ' -f1; }

# kehoach with a time limit; K ARGS...
K() { timeout -k 5 "$LIMIT" "$BIN" "$@"; }

# snap DIR [EXCLUDE...]: every entry under DIR (type, inode, mode, link
# target; sha256 of regular files), except the named relative paths.
snap() {
  s_dir=$1
  shift
  (
    cd "$s_dir" || exit 1
    find . -mindepth 1 -printf '%P %y %i %m %l\n'
    find . -mindepth 1 -type f -exec sha256sum {} + | sed 's| \./| |'
  ) | awk -v ex="$*" 'BEGIN { n = split(ex, skip, " ") }
    { p = ($2 ~ /^[a-z]$/) ? $1 : $2
      for (i = 1; i <= n; i++) if (p == skip[i] || index(p, skip[i] "/") == 1) next
      print }' | LC_ALL=C sort
}

# guard DIR [EXCLUDE...]: remembers DIR now; unchanged NAME compares.
guard() {
  g_dir=$1
  shift
  g_ex="$*"
  # shellcheck disable=SC2086  # names without spaces
  snap "$g_dir" $g_ex >"$tmp/guard.before"
}
unchanged() {
  # shellcheck disable=SC2086
  snap "$g_dir" $g_ex >"$tmp/guard.after"
  if cmp -s "$tmp/guard.before" "$tmp/guard.after"; then
    ok
  else
    bad "$1: files changed: $(diff "$tmp/guard.before" "$tmp/guard.after" | grep '^[<>]' | head -n 4 | tr '\n' ';')"
  fi
}

status_text() {
  if [ "$1" = 124 ] || [ "$1" = 137 ]; then
    echo "timed out after ${LIMIT} s"
  elif [ "$1" -gt 128 ]; then
    echo "killed by signal $(($1 - 128))"
  else
    echo "exit $1"
  fi
}

# expect NAME WANT_RC [MESSAGE]: checks $rc and that $tmp/err contains
# MESSAGE (fixed string).
expect() {
  if [ "$rc" -ne "$2" ]; then
    bad "$1: $(status_text "$rc"), expected exit $2: $(head -n 1 "$tmp/err" 2>/dev/null)"
  else
    ok
  fi
  if [ $# -ge 3 ]; then
    if grep -qF -- "$3" "$tmp/err"; then ok; else
      bad "$1: no message \"$3\", got: $(head -n 1 "$tmp/err")"
    fi
  fi
}

# try NAME WANT_RC MESSAGE ARGS...: kehoach ARGS (standard output
# discarded), then expect NAME WANT_RC MESSAGE ("" for none).
try() {
  t_name=$1 t_want=$2 t_msg=$3
  shift 3
  K "$@" >/dev/null 2>"$tmp/err"
  rc=$?
  if [ -n "$t_msg" ]; then
    expect "$t_name" "$t_want" "$t_msg"
  else
    expect "$t_name" "$t_want"
  fi
}

# is_pdf NAME FILE [SHA]: a valid PDF (qpdf --check), with sha256 SHA.
is_pdf() {
  if [ ! -f "$2" ] || ! qpdf --check "$2" >/dev/null 2>&1; then
    bad "$1: $2 is not a valid PDF"
  elif [ $# -ge 3 ] && [ "$(sha "$2")" != "$3" ]; then
    bad "$1: $2 is not the expected PDF"
  else
    ok
  fi
}

leftovers() {
  for l_f in "$1"/*.tmp-* "$1"/.*.tmp-*; do
    [ -e "$l_f" ] && printf '%s ' "${l_f##*/}"
  done
}
no_leftovers() {
  l=$(leftovers "$2")
  if [ -n "$l" ]; then bad "$1: temporary files left behind: $l"; else ok; fi
}

kind_of() { stat -c '%F %i' "$1" 2>/dev/null || echo missing; }

# ---- inputs are never outputs ------------------------------------------

test_inputs() {
  w=$tmp/inputs
  mkdir -p "$w/d" "$w/fonts"
  cp "$PLAN_A" "$w/plan.yaml"
  cp "$PLAN_A" "$w/d/plan.yaml"
  ln "$w/plan.yaml" "$w/hard.yaml"
  ln -s plan.yaml "$w/sym.yaml"
  ln -s sym.yaml "$w/sym2.yaml"
  cp "$PLAN_A" "$w/x.pdf"
  cp "$ROOT"/fonts/* "$w/fonts/"
  guard "$w"
  cd "$w" || exit 2 # relative names, as a user types them
  for o in plan.yaml ./plan.yaml d/../plan.yaml hard.yaml sym.yaml sym2.yaml; do
    try "input as output: -o $o" 2 "cannot write '$o': it is" build plan.yaml -o "$o"
    try "input as output: -o $o --force" 2 "an input of this run" build plan.yaml -o "$o" --force
  done
  try "input as output: -o d/../d/plan.yaml" 2 "it is the same file as 'd/plan.yaml', an input of this run" build d/plan.yaml -o d/../d/plan.yaml
  try "plan named x.pdf without -o" 2 "name the PDF with -o" build x.pdf
  try "plan named x.pdf with -o x.pdf" 2 "an input of this run" build x.pdf -o x.pdf
  cd "$tmp" || exit 2
  try "input as output: stdin plan, -o a hard link to it" 2 "same file as '<stdin>'" build - -o "$w/hard.yaml" <"$w/plan.yaml"
  font=$w/fonts/LiberationSerif-Regular.ttf
  env KEHOACH_FONTS="$w/fonts" timeout -k 5 "$LIMIT" "$BIN" build "$w/plan.yaml" -o "$font" --force >/dev/null 2>"$tmp/err"
  rc=$?
  expect "a font file as output, --force" 2 "an input of this run"
  unchanged "inputs"

  # a report reads its plan (and a roll-up the unit reports): those are
  # inputs of the run too, even with --force
  r=$tmp/report
  mkdir -p "$r"
  cp "$ROOT/samples/bac-kan-2025.yaml" "$r/plan.yaml"
  sed 's#plan: ../bac-kan-2025.yaml#plan: plan.yaml#' \
    "$ROOT/samples/reports/bac-kan-2025-ket-qua.yaml" >"$r/report.yaml"
  ln -s plan.yaml "$r/link.yaml"
  guard "$r"
  for o in plan.yaml link.yaml; do
    try "a report's plan as output: -o $o --force" 2 "an input of this run" \
      build "$r/report.yaml" -o "$r/$o" --force
  done
  unchanged "a report's plan"

  # stdin as the plan
  s=$tmp/stdin
  mkdir -p "$s"
  guard "$s"
  try "build - without -o" 2 "the plan comes from standard input: name the PDF with -o FILE" build - <"$PLAN_A"
  unchanged "stdin without -o"
  try "build - -o out.pdf" 0 "" build - -o "$s/out.pdf" <"$PLAN_A"
  is_pdf "build - -o out.pdf" "$s/out.pdf" "$REF_A"
  cat "$PLAN_A" | K build - -o - 2>"$tmp/err" >"$s/piped.pdf"
  rc=$?
  expect "cat plan | build - -o -" 0
  is_pdf "cat plan | build - -o -" "$s/piped.pdf" "$REF_A"
  cp "$PLAN_A" "$s/bad.yaml"
  printf '\nno_such_key: 1\n' >>"$s/bad.yaml"
  try "a plan with errors on stdin" 1 "<stdin>:" build - -o "$s/bad.pdf" <"$s/bad.yaml"
  if [ -e "$s/bad.pdf" ]; then bad "a plan with errors on stdin wrote a PDF"; else ok; fi
  try "check - names the file <stdin>" 1 "<stdin>:" check - <"$s/bad.yaml"
}

# ---- links --------------------------------------------------------------

test_links() {
  w=$tmp/links
  mkdir -p "$w/here" "$w/other" "$w/dir"
  cp "$PLAN_A" "$w/plan.yaml"
  cp "$REF_A_PDF" "$w/other/target.pdf"
  ln -s ../other/target.pdf "$w/here/link.pdf"
  guard "$w" other/target.pdf
  try "symlink to a kehoach PDF in another directory" 0 "" build "$PLAN_B" -o "$w/here/link.pdf"
  is_pdf "symlink written through" "$w/other/target.pdf" "$REF_B"
  unchanged "symlink to a kehoach PDF (the link and all else kept)"

  ln -s ../other/new.pdf "$w/here/dangling.pdf"
  guard "$w" other/new.pdf
  try "symlink to a missing file in another directory" 0 "" build "$PLAN_A" -o "$w/here/dangling.pdf"
  is_pdf "symlink to a missing file: created in its directory" "$w/other/new.pdf" "$REF_A"
  unchanged "symlink to a missing file"

  echo "my letter" >"$w/other/letter.txt"
  ln -s ../other/letter.txt "$w/here/letter.pdf"
  guard "$w"
  try "symlink to a non-PDF file" 2 "it exists and is not a PDF; use --force to replace it" build "$PLAN_A" -o "$w/here/letter.pdf"
  unchanged "symlink to a non-PDF file"
  guard "$w" other/letter.txt
  try "symlink to a non-PDF file, --force" 0 "" build "$PLAN_A" -o "$w/here/letter.pdf" --force
  is_pdf "symlink to a non-PDF file, --force: written through" "$w/other/letter.txt" "$REF_A"
  unchanged "symlink to a non-PDF file, --force"

  cp "$REF_A_PDF" "$w/a.pdf"
  ln "$w/a.pdf" "$w/here/b.pdf"
  ino=$(stat -c %i "$w/a.pdf")
  guard "$w" a.pdf here/b.pdf
  try "hard link to a kehoach PDF" 0 "" build "$PLAN_B" -o "$w/here/b.pdf"
  is_pdf "hard link: the other name" "$w/a.pdf" "$REF_B"
  is_pdf "hard link: the name written" "$w/here/b.pdf" "$REF_B"
  if [ "$(stat -c '%i %h' "$w/a.pdf")" = "$ino 2" ]; then ok; else
    bad "hard link: the link was broken ($(stat -c 'inode %i, %h links' "$w/a.pdf"), was inode $ino)"
  fi
  unchanged "hard link"

  ln -s ../dir "$w/here/todir"
  ln -s loop2 "$w/here/loop1"
  ln -s loop1 "$w/here/loop2"
  guard "$w"
  try "symlink to a directory" 2 "Is a directory" build "$PLAN_A" -o "$w/here/todir"
  try "symlink loop" 2 "Too many levels of symbolic links" build "$PLAN_A" -o "$w/here/loop1"
  unchanged "symlink to a directory, loop"
  no_leftovers "links" "$w/here"
  no_leftovers "links" "$w/other"
}

# ---- what an existing file may be -----------------------------------------

test_kinds() {
  w=$tmp/kinds
  mkdir -p "$w"
  echo "hello" >"$w/notes.txt"
  # A foreign PDF: ours with another /Creator of the same length.
  sed 's|/Creator (kehoach)|/Creator (Word 16)|' "$REF_A_PDF" >"$w/foreign.pdf"
  : >"$w/empty.pdf"
  guard "$w"
  try "a non-PDF regular file" 2 "cannot write '$w/notes.txt': it exists and is not a PDF; use --force to replace it" build "$PLAN_A" -o "$w/notes.txt"
  try "a PDF kehoach did not write" 2 "it is a PDF that kehoach did not write; use --force" build "$PLAN_A" -o "$w/foreign.pdf"
  unchanged "non-PDF and foreign PDF refused"
  guard "$w" notes.txt
  try "a non-PDF regular file, --force" 0 "" build "$PLAN_A" -o "$w/notes.txt" --force
  is_pdf "--force replaced the file" "$w/notes.txt" "$REF_A"
  unchanged "non-PDF file, --force"
  guard "$w" empty.pdf
  try "an empty file" 0 "" build "$PLAN_A" -o "$w/empty.pdf"
  is_pdf "an empty file is replaced" "$w/empty.pdf" "$REF_A"
  unchanged "an empty file"
  chmod 600 "$w/empty.pdf"
  try "rebuilding over our own PDF" 0 "" build "$PLAN_B" -o "$w/empty.pdf"
  if [ "$(stat -c %a "$w/empty.pdf")" = 600 ]; then ok; else
    bad "a replaced PDF lost its permissions (now $(stat -c %a "$w/empty.pdf"), was 600)"
  fi

  # --png onto a regular file, or over a foreign page: the PDF is not
  # written either (all or nothing)
  cp "$REF_A_PDF" "$w/out.pdf"
  echo "not a directory" >"$w/pngfile"
  mkdir -p "$w/png"
  K build "$PLAN_A" -o "$w/png/dummy.pdf" --png "$w/png" >/dev/null 2>&1
  echo "a photo" >"$w/png/page-2.png"
  rm -f "$w/png/dummy.pdf"
  guard "$w"
  try "--png onto a regular file" 2 "cannot create directory '$w/pngfile': Not a directory" build "$PLAN_B" -o "$w/out.pdf" --png "$w/pngfile"
  try "--png onto a regular file, new PDF" 2 "" build "$PLAN_B" -o "$w/new.pdf" --png "$w/pngfile"
  try "--png over a foreign page-2.png" 2 "page-2.png': it exists and is not a PNG image; use --force" build "$PLAN_B" -o "$w/out.pdf" --png "$w/png"
  unchanged "--png failures write no PDF and no page"
}

# ---- devices, pipes, standard output -------------------------------------

# Runs with DEV naming a directory with null, full and stdout (a symlink to
# /proc/self/fd/1): /dev itself when that is safe.
test_streams() {
  w=$tmp/streams
  mkdir -p "$w"
  cp "$PLAN_A" "$w/plan.yaml"
  guard "$w"
  before_null=$(kind_of "$DEV/null")
  try "-o $DEV/null" 0 "" build "$w/plan.yaml" -o "$DEV/null"
  if [ "$(kind_of "$DEV/null")" = "$before_null" ]; then ok; else
    bad "-o $DEV/null: the device node changed: $(kind_of "$DEV/null")"
  fi
  before_full=$(kind_of "$DEV/full")
  try "-o $DEV/full" 2 "cannot write '$DEV/full': No space left on device" build "$w/plan.yaml" -o "$DEV/full"
  if [ "$(kind_of "$DEV/full")" = "$before_full" ]; then ok; else
    bad "-o $DEV/full: the device node changed: $(kind_of "$DEV/full")"
  fi
  no_leftovers "-o $DEV/full" "$DEV"

  before_stdout=$(stat -c '%F %i' "$DEV/stdout")
  before_stdin=$(stat -c '%F %i' "$DEV/stdin")
  K build "$w/plan.yaml" -o "$DEV/stdout" >"$tmp/stdout.pdf" 2>"$tmp/err"
  rc=$?
  expect "-o $DEV/stdout > file" 0
  is_pdf "-o $DEV/stdout > file" "$tmp/stdout.pdf" "$REF_A"
  if [ "$(stat -c '%F %i' "$DEV/stdout")" = "$before_stdout" ]; then ok; else
    bad "-o $DEV/stdout replaced $DEV/stdout: $(stat -c '%F %i' "$DEV/stdout"), was $before_stdout"
  fi
  K build "$w/plan.yaml" -o "$DEV/stdout" 2>"$tmp/err" | cat >"$tmp/piped.pdf"
  is_pdf "-o $DEV/stdout | cat" "$tmp/piped.pdf" "$REF_A"
  K build "$w/plan.yaml" -o - >"$tmp/dash.pdf" 2>"$tmp/err"
  rc=$?
  expect "-o - > file" 0
  is_pdf "-o - > file" "$tmp/dash.pdf" "$REF_A"
  echo "log line" >"$tmp/appended"
  K build "$w/plan.yaml" -o - >>"$tmp/appended" 2>"$tmp/err"
  if [ "$(head -n 1 "$tmp/appended")" = "log line" ] &&
    [ "$(tail -c +10 "$tmp/appended" | sha256sum | cut -d' ' -f1)" = "$REF_A" ]; then ok; else
    bad "-o - >> file: not appended at the end of the file"
  fi
  K build "$w/plan.yaml" -o - >&- 2>"$tmp/err"
  rc=$?
  expect "-o - with standard output closed" 2 "cannot write to standard output: Bad file descriptor"
  { K build "$PLAN_B" -o - 2>"$tmp/err"; echo $? >"$tmp/rc"; } | head -c 10 >/dev/null
  rc=$(cat "$tmp/rc")
  case $rc in
    0) ok ;;
    2) expect "-o - | head" 2 "cannot write to standard output: Broken pipe" ;;
    *) bad "-o - | head: $(status_text "$rc")" ;;
  esac
  # the plan on standard input, and /dev/stdin as plan or output
  try "-o $DEV/stdin with the plan on stdin" 2 "an input of this run" build "$w/plan.yaml" -o "$DEV/stdin" <"$w/plan.yaml"
  try "build $DEV/stdin without -o" 2 "the plan comes from standard input" build "$DEV/stdin" <"$w/plan.yaml"
  if [ -e "$DEV/stdin.pdf" ]; then bad "build $DEV/stdin wrote $DEV/stdin.pdf"; else ok; fi
  if [ "$(stat -c '%F %i' "$DEV/stdin")" = "$before_stdin" ]; then ok; else
    bad "$DEV/stdin changed: $(stat -c '%F %i' "$DEV/stdin"), was $before_stdin"
  fi
  K build "$PLAN_W" -o - --format=json >"$tmp/json.pdf" 2>"$tmp/err"
  rc=$?
  expect "-o - --format=json (a plan with a warning)" 0
  is_pdf "-o - --format=json: standard output is only the PDF" "$tmp/json.pdf" "$REF_W"
  if head -c 12 "$tmp/err" | grep -q '^{"version":'; then ok; else
    bad "-o - --format=json: the JSON diagnostics are not on standard error"
  fi
  try "-o - --dump-layout" 2 "exclude each other" build "$w/plan.yaml" -o - --dump-layout

  # FIFOs: without a reader the wait is bounded; with one, it gets the PDF
  mkfifo "$w/fifo"
  guard "$w"
  start=$(date +%s)
  K build "$w/plan.yaml" -o "$w/fifo" >/dev/null 2>"$tmp/err"
  rc=$?
  took=$(($(date +%s) - start))
  expect "FIFO without a reader" 2 "no process is reading this pipe"
  unchanged "FIFO without a reader"
  if [ "$took" -le 30 ]; then ok; else bad "FIFO without a reader: took $took s"; fi
  cat "$w/fifo" >"$tmp/fifo.pdf" &
  reader=$!
  K build "$w/plan.yaml" -o "$w/fifo" >/dev/null 2>"$tmp/err"
  rc=$?
  wait "$reader"
  expect "FIFO with a reader" 0
  is_pdf "FIFO with a reader" "$tmp/fifo.pdf" "$REF_A"
  unchanged "FIFO with a reader"
  # a reader that comes a moment later
  (sleep 1 && cat "$w/fifo" >"$tmp/fifo2.pdf") &
  reader=$!
  K build "$w/plan.yaml" -o "$w/fifo" >/dev/null 2>"$tmp/err"
  rc=$?
  wait "$reader"
  expect "FIFO with a late reader" 0
  is_pdf "FIFO with a late reader" "$tmp/fifo2.pdf" "$REF_A"
}

# The private /dev of a mount namespace (run as root by test_devices).
inner_dev() {
  mount -t tmpfs -o mode=755 kehoach-test-dev /dev || {
    skip "private /dev: cannot mount a tmpfs on /dev"
    return
  }
  mknod -m 666 /dev/null c 1 3 && mknod -m 666 /dev/full c 1 7 &&
    mknod -m 666 /dev/zero c 1 5 && mknod -m 666 /dev/urandom c 1 9 &&
    mknod -m 666 /dev/random c 1 8 || {
    skip "private /dev: mknod failed"
    return
  }
  ln -s /proc/self/fd /dev/fd
  ln -s /proc/self/fd/0 /dev/stdin
  ln -s /proc/self/fd/1 /dev/stdout
  ln -s /proc/self/fd/2 /dev/stderr
  DEV=/dev
  test_streams
}

test_devices() {
  if [ "$(id -u)" != 0 ]; then
    # /dev is not writable: nothing can be replaced there
    DEV=/dev
    test_streams
  elif unshare -m true 2>/dev/null; then
    inner private-dev
  else
    skip "devices: root without unshare -m: private device nodes and a private stdout link instead of /dev"
    DEV=$tmp/dev
    mkdir -p "$DEV"
    if mknod "$DEV/null" c 1 3 && mknod "$DEV/full" c 1 7; then
      ln -s /proc/self/fd/1 "$DEV/stdout"
      ln -s /proc/self/fd/0 "$DEV/stdin"
      test_streams
    else
      skip "devices: cannot make device nodes"
    fi
  fi
  # A terminal gets no PDF (script(1) gives the command a pty).
  if command -v script >/dev/null 2>&1; then
    # the paths through the environment: a clone may live in "~/Tài liệu"
    KH_BIN=$BIN KH_PLAN=$PLAN_A script -qec '"$KH_BIN" build "$KH_PLAN" -o -' /dev/null \
      >"$tmp/tty.out" 2>&1
    rc=$?
    cp "$tmp/tty.out" "$tmp/err"
    expect "-o - on a terminal" 2 "cannot write to standard output: it is a terminal"
  else
    skip "terminal: no script(1)"
  fi
}

# ---- file systems that fail -------------------------------------------------

# A missing directory, a path under a file, a file size limit, and (with a
# private mount namespace) a read-only file system and a full one.
test_limits() {
  w=$tmp/limits
  mkdir -p "$w/lim" "$w/limx" "$w/keep"
  echo "not a directory" >"$w/file"
  cp "$REF_A_PDF" "$w/limx/out.pdf"
  guard "$w"
  try "-o into a missing directory" 2 "kehoach: error: cannot write '$w/missing/out.pdf': No such file or directory" build "$PLAN_A" -o "$w/missing/out.pdf"
  try "-o under a regular file" 2 "kehoach: error: cannot write '$w/file/out.pdf': Not a directory" build "$PLAN_A" -o "$w/file/out.pdf"
  # RLIMIT_FSIZE: the write fails with EFBIG (SIGXFSZ is ignored).  The
  # limit holds for the captured stderr too: 8 blocks leave room for the
  # plans' warnings, and a PDF is larger.
  sh -c 'ulimit -f 8 || exit 99
"$0" build "$1" -o "$2" >/dev/null 2>"$3"' "$BIN" "$PLAN_A" "$w/lim/out.pdf" "$tmp/err" 2>/dev/null
  rc=$?
  expect "ulimit -f 8, new file" 2 "cannot write '$w/lim/out.pdf': File too large"
  sh -c 'ulimit -f 8 || exit 99
"$0" build "$1" -o "$2" >/dev/null 2>"$3"' "$BIN" "$PLAN_B" "$w/limx/out.pdf" "$tmp/err" 2>/dev/null
  rc=$?
  expect "ulimit -f 8 over an existing PDF" 2 "File too large"
  unchanged "missing directory, under a file, ulimit -f"

  # a plan with errors over an existing PDF and PNGs changes nothing
  cp "$PLAN_A" "$w/bad.yaml"
  printf '\nno_such_key: 1\n' >>"$w/bad.yaml"
  K build "$PLAN_A" -o "$w/keep/out.pdf" --png "$w/keep/png" >/dev/null 2>&1
  guard "$w"
  try "a plan with errors over an existing PDF" 1 "" build "$w/bad.yaml" -o "$w/keep/out.pdf" --png "$w/keep/png"
  unchanged "a plan with errors over an existing PDF"

  if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
    inner filesystems
  elif unshare -rm true 2>/dev/null; then
    inner filesystems -r
  else
    skip "read-only and full file systems: no private mount namespace (needs root or user namespaces)"
  fi
}

inner_filesystems() {
  w=$tmp/fs
  mkdir -p "$w/rw" "$w/ro" "$w/full" "$w/fullpng"
  if ! mount -t tmpfs -o size=4m kehoach-test-ro "$w/rw"; then
    skip "read-only and full file systems: cannot mount a tmpfs"
    return
  fi
  cp "$REF_A_PDF" "$w/rw/out.pdf"
  # A read-only view of it (a read-only bind mount also works in a user
  # namespace, where remounting the tmpfs itself read-only does not).
  if ! mount --bind "$w/rw" "$w/ro" || ! mount -o remount,bind,ro "$w/ro"; then
    skip "read-only file system: cannot make a read-only bind mount"
    return
  fi
  guard "$w"
  try "a read-only file system" 2 "cannot write '$w/ro/out.pdf': Read-only file system" build "$PLAN_B" -o "$w/ro/out.pdf"
  try "a read-only file system, new PDF and PNGs" 2 "Read-only file system" build "$PLAN_B" -o "$w/ro/new.pdf" --png "$w/ro/png"
  unchanged "a read-only file system"

  # Room for the old PDF and a little more, not for the new one.
  a_kb=$((($(stat -c %s "$REF_A_PDF") + 4095) / 4096 * 4))
  mount -t tmpfs -o size=$((a_kb + 32))k kehoach-test-full "$w/full"
  cp "$REF_A_PDF" "$w/full/out.pdf"
  guard "$w"
  try "ENOSPC on a small tmpfs" 2 "cannot write '$w/full/out.pdf': No space left on device" build "$PLAN_B" -o "$w/full/out.pdf"
  unchanged "ENOSPC on a small tmpfs"
  no_leftovers "ENOSPC" "$w/full"

  # Room for the new PDF but not for its PNGs: the PDF is not published.
  b_kb=$((($(stat -c %s "$REF_B_PDF") + 4095) / 4096 * 4))
  mount -t tmpfs -o size=$((a_kb + b_kb + 64))k kehoach-test-fullpng "$w/fullpng"
  cp "$REF_A_PDF" "$w/fullpng/out.pdf"
  guard "$w"
  try "ENOSPC while writing the PNGs" 2 "No space left on device" build "$PLAN_B" -o "$w/fullpng/out.pdf" --png "$w/fullpng/png"
  unchanged "ENOSPC while writing the PNGs (PDF not published)"
}

# Runs a section in a private mount namespace: inner SECTION [-r (user ns)]
inner() {
  i_section=$1
  i_flags=-m
  [ "${2:-}" = -r ] && i_flags=-rm
  unshare "$i_flags" sh "$SELF" --inner "$1" "$BIN" "$tmp" >"$tmp/inner.out" 2>&1
  while IFS= read -r line; do
    case $line in
      RESULT\ *)
        set -- $line
        pass=$((pass + $2))
        fail=$((fail + $3))
        ;;
      *) printf '%s\n' "$line" ;;
    esac
  done <"$tmp/inner.out"
  grep -q '^RESULT ' "$tmp/inner.out" || bad "section $i_section in a private namespace did not finish: $(tail -n 1 "$tmp/inner.out")"
}

# ---- kill -9 ---------------------------------------------------------------

# A number in [0, max) with 3 decimals, different per call.
random_delay() {
  awk -v seed="$1" -v max="$2" 'BEGIN { srand(seed); printf "%.3f", rand() * max }'
}

# loop_setup DIR: w=DIR holding the old PDF (out.pdf) and a file beside it,
# guarded; max and seed set by measure_build.
loop_setup() {
  w=$1
  mkdir -p "$w"
  cp "$REF_A_PDF" "$w/out.pdf"
  echo "beside" >"$w/beside.txt"
  measure_build "$w"
  guard "$w" out.pdf png
}

# measure_build DIR: sets max (seconds: 1.3 times one build of PLAN_B with
# PNGs, the range of the random delays) and seed.
measure_build() {
  start=$(date +%s%N)
  K build "$PLAN_B" -o "$1/probe.pdf" --png "$1/probe" >/dev/null 2>&1
  took=$((($(date +%s%N) - start) / 1000000))
  rm -rf "$1/probe.pdf" "$1/probe"
  max=$(awk -v ms="$took" 'BEGIN { printf "%.3f", ms * 1.3 / 1000 }')
  seed=$$
}

test_kills() {
  loop_setup "$tmp/kill"
  i=0
  lost=0
  most=0
  while [ "$i" -lt "$KILLS" ]; do
    i=$((i + 1))
    "$BIN" build "$PLAN_B" -o "$w/out.pdf" --png "$w/png" >/dev/null 2>&1 &
    pid=$!
    sleep "$(random_delay $((seed + i)) "$max")"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    h=$(sha "$w/out.pdf" 2>/dev/null)
    if [ "$h" != "$REF_A" ] && [ "$h" != "$REF_B" ]; then
      lost=$((lost + 1))
    fi
    n=$(leftovers "$w" | wc -w)
    [ "$n" -gt "$most" ] && most=$n
    # restore the old PDF for the next round, half of the time
    [ $((i % 2)) = 0 ] && cp "$REF_A_PDF" "$w/out.pdf"
  done
  if [ "$lost" = 0 ]; then ok; else
    bad "kill -9: the PDF was neither the old nor the new one after $lost of $KILLS kills"
  fi
  left=$(($(leftovers "$w" | wc -w) + $(leftovers "$w/png" | wc -w)))
  # and, whatever the kills hit: a dead run's temporary file (removed) and
  # a living process's (kept: this shell's)
  sh -c 'exit 0' &
  dead=$!
  wait "$dead"
  cp "$REF_A_PDF" "$w/out.pdf.tmp-kehoach-$dead-Dead00"
  cp "$REF_A_PDF" "$w/out.pdf.tmp-kehoach-$$-Alive0"
  try "kill -9: the next run" 0 "" build "$PLAN_B" -o "$w/out.pdf" --png "$w/png"
  is_pdf "kill -9: the next run" "$w/out.pdf" "$REF_B"
  if [ -e "$w/out.pdf.tmp-kehoach-$$-Alive0" ]; then ok; else
    bad "kill -9: the next run removed a living process's temporary file"
  fi
  rm -f "$w/out.pdf.tmp-kehoach-$$-Alive0"
  no_leftovers "kill -9: the next run removes stale temporary files" "$w"
  no_leftovers "kill -9: the next run removes stale temporary files" "$w/png"
  unchanged "kill -9 (files beside the output)"
  printf 'note: kill -9: %s kills at random moments in %s s, at most %s temporary files at once, %s before the last run, 0 after\n' \
    "$KILLS" "$max" "$most" "$left"
  [ "$most" = 0 ] && echo "note: kill -9: no kill interrupted a write this time (the planted stale file was removed all the same)"
}

# SIGINT and SIGTERM at random moments: the handler removes the temporary
# files before the process dies, so none is ever left.
test_interrupts() {
  loop_setup "$tmp/interrupt"
  i=0
  seen=0
  bad_pdf=0
  bad_rc=
  while [ "$i" -lt 20 ]; do
    i=$((i + 1))
    sig=TERM
    [ $((i % 2)) = 0 ] && sig=INT
    "$BIN" build "$PLAN_B" -o "$w/out.pdf" --png "$w/png" >/dev/null 2>&1 &
    pid=$!
    sleep "$(random_delay $((seed + 1000 + i)) "$max")"
    kill -"$sig" "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    r=$?
    case $r in 0 | 130 | 143) ;; *) bad_rc="$bad_rc $r" ;; esac
    n=$(($(leftovers "$w" | wc -w) + $(leftovers "$w/png" | wc -w)))
    seen=$((seen + n))
    h=$(sha "$w/out.pdf" 2>/dev/null)
    [ "$h" != "$REF_A" ] && [ "$h" != "$REF_B" ] && bad_pdf=$((bad_pdf + 1))
  done
  if [ "$seen" = 0 ]; then ok; else bad "SIGINT/SIGTERM: $seen temporary files left behind"; fi
  if [ "$bad_pdf" = 0 ]; then ok; else bad "SIGINT/SIGTERM: the PDF was neither the old nor the new one $bad_pdf times"; fi
  if [ -z "$bad_rc" ]; then ok; else bad "SIGINT/SIGTERM: exit statuses$bad_rc (want 0, 130 or 143)"; fi
  unchanged "SIGINT/SIGTERM (files beside the output)"
}

# ---- races -------------------------------------------------------------------

test_races() {
  w=$tmp/race
  mkdir -p "$w"
  cp "$REF_A_PDF" "$w/out.pdf"
  echo "beside" >"$w/beside.txt"
  guard "$w" out.pdf
  i=0
  while [ "$i" -lt "$RACES" ]; do
    i=$((i + 1))
    K build "$PLAN_A" -o "$w/out.pdf" >/dev/null 2>"$tmp/race1.err" &
    p1=$!
    K build "$PLAN_B" -o "$w/out.pdf" >/dev/null 2>"$tmp/race2.err" &
    p2=$!
    wait "$p1"
    r1=$?
    wait "$p2"
    r2=$?
    if [ "$r1" != 0 ] || [ "$r2" != 0 ]; then
      bad "race $i: exits $r1 and $r2: $(head -n 1 "$tmp/race1.err") $(head -n 1 "$tmp/race2.err")"
      continue
    fi
    h=$(sha "$w/out.pdf")
    if [ "$h" != "$REF_A" ] && [ "$h" != "$REF_B" ]; then
      bad "race $i: the PDF is neither build's"
    elif ! qpdf --check "$w/out.pdf" >/dev/null 2>&1; then
      bad "race $i: qpdf --check fails"
    else
      ok
    fi
  done
  no_leftovers "races" "$w"
  unchanged "races (files beside the output)"
}

# ---- main --------------------------------------------------------------------

for tool in sha256sum qpdf mkfifo timeout awk find unshare; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run_safety.sh: $tool is missing (make deps installs qpdf; coreutils, findutils, util-linux)" >&2
    exit 2
  fi
done
if [ ! -x "$BIN" ]; then
  echo "run_safety.sh: no executable $BIN" >&2
  exit 2
fi

if [ -n "$INNER" ]; then
  # In a private mount namespace: $2 is the outer run's directory.
  tmp=$2
  . "$tmp/refs"
  case $INNER in
    private-dev) inner_dev ;;
    filesystems) inner_filesystems ;;
  esac
  echo "RESULT $pass $fail"
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kehoach-safety.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# The PDFs each plan gives (builds are deterministic).
mkdir -p "$tmp/ref"
for p in A B W; do
  eval "plan=\$PLAN_$p"
  if ! "$BIN" build "$plan" -o "$tmp/ref/$p.pdf" >/dev/null 2>"$tmp/err"; then
    echo "run_safety.sh: cannot build $plan: $(head -n 1 "$tmp/err")" >&2
    exit 2
  fi
done
REF_A_PDF=$tmp/ref/A.pdf
REF_B_PDF=$tmp/ref/B.pdf
REF_A=$(sha "$REF_A_PDF")
REF_B=$(sha "$REF_B_PDF")
REF_W=$(sha "$tmp/ref/W.pdf")
cat >"$tmp/refs" <<EOF
REF_A_PDF=$REF_A_PDF
REF_B_PDF=$REF_B_PDF
REF_A=$REF_A
REF_B=$REF_B
REF_W=$REF_W
EOF

test_inputs
test_links
test_kinds
test_devices
test_limits
test_kills
test_interrupts
test_races

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
