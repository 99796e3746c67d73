#!/bin/sh
# run_commands.sh BIN - `kehoach init` and `kehoach watch` (make commands,
# part of make check).
#
# init: writes the default template; the plan checks clean and builds; the
#   modeline names the shipped schema; an existing file is never replaced
#   (same bytes after, exit 2) and neither is a symlink's target; --list
#   names the templates; an unknown template is exit 2; "-" writes stdout;
#   a directory that cannot be written is exit 2 and leaves nothing.
# watch: started on a plan, it builds once, then once per save burst:
#   three writes in quick succession build once; a broken save prints the
#   errors and keeps the last good PDF byte for byte; a save by rename
#   (write a new file, mv it over the plan) and a vim-style save (the plan
#   moved away, a new one written) are both seen; --builds N ends it.
# Output: one line per failure (FAIL ...), then "N passed, M failed".

set -u
if [ $# -ne 1 ]; then
  echo "usage: sh tests/run_commands.sh BIN" >&2
  exit 2
fi
case $1 in
  /*) BIN=$1 ;;
  *) BIN=$(pwd)/$1 ;;
esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kehoach-commands.XXXXXX") || exit 2
WATCH_PID=
cleanup() {
  [ -n "$WATCH_PID" ] && kill "$WATCH_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }
# is NAME CONDITION...: the command succeeds
is() {
  i_name=$1
  shift
  if "$@"; then ok; else bad "$i_name"; fi
}

# ---- init ----------------------------------------------------------------
cd "$TMP" || exit 2
"$BIN" init "ke hoạch.yaml" 2>init.err
is "init exits 0" [ $? -eq 0 ]
is "init names the file and what to do next" grep -q "kehoach check ke hoạch.yaml" init.err
"$BIN" check "ke hoạch.yaml" 2>check.err
rc=$?
is "the starter plan checks clean" test "$rc" -eq 0 -a ! -s check.err
"$BIN" build "ke hoạch.yaml" -o starter.pdf 2>build.err
is "the starter plan builds" [ -s starter.pdf ]
first=$(head -n 1 "ke hoạch.yaml")
schema=${first#\# yaml-language-server: \$schema=file://}
# a file: URI: every byte outside ASCII letters is %-escaped (a clone in
# "~/Tài liệu" gives T%C3%A0i%20li%E1%BB%87u)
schema=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1]))' "$schema")
is "the modeline names the shipped schema" [ -f "$schema" ]
cp "ke hoạch.yaml" before.yaml
"$BIN" init "ke hoạch.yaml" 2>again.err
is "init on an existing file exits 2" [ $? -eq 2 ]
is "init on an existing file says so" grep -q "already exists" again.err
is "init leaves an existing file as it was" cmp -s before.yaml "ke hoạch.yaml"
ln -s target.yaml link.yaml
"$BIN" init link.yaml 2>/dev/null
rc=$?
is "init through a dangling symlink writes nothing" test "$rc" -eq 2 -a ! -e target.yaml
"$BIN" init --list >list.out
is "--list names the default template" grep -q "^ke-hoach " list.out
"$BIN" init --template khong-co x.yaml 2>unknown.err
rc=$?
is "an unknown template is exit 2" test "$rc" -eq 2 -a ! -e x.yaml
is "an unknown template points to --list" grep -q "kehoach init --list" unknown.err
"$BIN" init - >stdout.yaml
is "init - writes the plan on stdout" cmp -s stdout.yaml before.yaml
mkdir ro && chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then
  "$BIN" init ro/x.yaml 2>/dev/null
  rc=$?
  is "init into a read-only directory is exit 2" test "$rc" -eq 2 -a ! -e ro/x.yaml
fi
LANG=vi_VN.UTF-8 "$BIN" init "ke hoạch.yaml" 2>vi.err
is "the refusal in Vietnamese" grep -q "đã có" vi.err

# ---- watch ---------------------------------------------------------------
mkdir w && cp "ke hoạch.yaml" w/plan.yaml
good=$(cat w/plan.yaml)
# lines N: waits (at most 60 s) until watch.out has N status lines
lines() {
  l_n=$1
  l_i=0
  while l_got=$(grep -c '^\[' watch.out 2>/dev/null); [ "${l_got:-0}" -lt "$l_n" ]; do
    l_i=$((l_i + 1))
    [ "$l_i" -gt 600 ] && return 1
    sleep 0.1
  done
  return 0
}
"$BIN" watch w/plan.yaml -o w/plan.pdf --builds 5 >watch.out 2>watch.err &
WATCH_PID=$!
is "watch builds at start" lines 1
while ! grep -q "Ctrl-C" watch.out 2>/dev/null; do sleep 0.1; done
sha_first=$(sha256sum <w/plan.pdf)
# burst: three writes 20 ms apart
for t in "Kế hoạch một" "Kế hoạch hai" "Kế hoạch ba"; do
  printf '%s\n' "$good" | sed "s/^  title: .*/  title: $t/" >w/plan.yaml
  sleep 0.02
done
is "a save burst builds" lines 2
sleep 1
is "a save burst builds once" [ "$(grep -c '^\[' watch.out)" -eq 2 ]
sha_good=$(sha256sum <w/plan.pdf)
is "the rebuilt PDF differs from the first" [ "$sha_good" != "$sha_first" ]
# a broken save
printf '%s\n' "$good" | sed 's/quota: 40/quota: 4.000/' >w/plan.yaml
is "a broken save is built" lines 3
is "the broken build says the plan has errors" sed -n 3p watch.out | grep -q "has errors"
is "the broken build's diagnostics are printed" grep -q "bad-integer" watch.err
is "a broken save keeps the last good PDF" [ "$(sha256sum <w/plan.pdf)" = "$sha_good" ]
# a save by rename
printf '%s\n' "$good" | sed 's/^  title: .*/  title: Kế hoạch bốn/' >w/.plan.yaml.tmp
mv w/.plan.yaml.tmp w/plan.yaml
is "a save by rename is seen" lines 4
is "the save by rename builds" sed -n 4p watch.out | grep -q "plan.pdf"
is "the save by rename gives a new PDF" [ "$(sha256sum <w/plan.pdf)" != "$sha_good" ]
# a vim-style save: the plan moved away, a new one written
mv w/plan.yaml w/plan.yaml~
printf '%s\n' "$good" >w/plan.yaml
rm -f w/plan.yaml~
is "a vim-style save is seen" lines 5
wait "$WATCH_PID"
rc=$?
WATCH_PID=
is "watch ends after --builds 5 with exit 0" [ "$rc" -eq 0 ]
is "five builds, no more" [ "$(grep -c '^\[' watch.out)" -eq 5 ]
"$BIN" watch "$TMP/no-such-dir/plan.yaml" >/dev/null 2>nodir.err
is "watch on a missing directory is exit 2" [ $? -eq 2 ]
"$BIN" watch - >/dev/null 2>&1
is "watch - is a usage error" [ $? -eq 2 ]

echo "commands: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
