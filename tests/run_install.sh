#!/bin/sh
# run_install.sh - a clone in a path with spaces and Vietnamese letters
# builds, passes the diagnostics corpus, installs (DESTDIR), uninstalls
# cleanly, and the installed binary works from another directory after the
# clone is deleted (make install-test, part of make check).
#
#   1. the working tree (without build/, out/, .git) is copied to
#      "$TMP/Tài liệu x/kehoach"; as root the copy belongs to an unprivileged
#      user who then does the rest (make as a non-root user, tools/deps.sh
#      has nothing to install and says nothing);
#   2. make all there; the diagnostics corpus there; a sample built;
#   3. make install DESTDIR="$TMP/stage 1" PREFIX=/usr/local: every file in
#      its place; make uninstall leaves no file behind;
#   4. installed again into "$TMP/stage 2", the copy deleted, the installed
#      binary run from / builds a sample with the fonts of its prefix;
#      --fonts and KEHOACH_FONTS name another directory; bash completion
#      lists the commands.
# Output: one line per failure (FAIL ...), then "N passed, M failed".

set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kehoach-install.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }
# check NAME COMMAND...: COMMAND must succeed.
check() {
  c_name=$1
  shift
  if "$@" >"$TMP/log" 2>&1; then ok; else bad "$c_name"; sed "s/^/  | /" "$TMP/log" | tail -20; fi
}

# As root, the work is done by an unprivileged user (nobody) so that the
# test also shows make works without root; otherwise by the caller.
AS=
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
  AS="setpriv --reuid=65534 --regid=65534 --clear-groups --"
fi
# run CMD...: as the unprivileged user, HOME in the temp dir.
run() { env HOME="$TMP/home" $AS "$@"; }
mkdir -p "$TMP/home"

clone="$TMP/Tài liệu x/kehoach"
mkdir -p "$clone"
tar -C "$ROOT" --exclude=./build --exclude=./out --exclude=./.git -cf - . | tar -C "$clone" -xf -
[ -n "$AS" ] && chown -R 65534:65534 "$TMP"
chmod 755 "$TMP"

# 1. deps: nothing missing, nothing said, any user
check "deps.sh with everything present prints nothing and succeeds" \
  sh -c 'out=$(cd "$1" && '"$AS"' make --no-print-directory deps deps-install 2>&1) && [ -z "$out" ]' sh "$clone"
if [ -n "$AS" ]; then
  check "deps.sh as a non-root user with a package missing says what to run" \
    sh -c 'out=$(cd "$1" && '"$AS"' sh tools/deps.sh no-such-package-kehoach 2>&1); rc=$?;
           [ $rc -eq 1 ] && printf "%s" "$out" | grep -q "sudo apt-get install no-such-package-kehoach"' sh "$clone"
fi

# 2. build and test in the path with spaces
check "make all in '$clone'" run make -C "$clone" --no-print-directory -j2 all
check "diagnostics corpus in '$clone'" \
  sh -c 'cd "$1" && '"$AS"' sh tests/run_diag.sh build/release/kehoach' sh "$clone"
check "build a sample in '$clone'" \
  sh -c 'cd "$1" && '"$AS"' build/release/kehoach build samples/thong-nhat-2026.yaml -o "out 1.pdf" --png "trang 1" && [ -s "out 1.pdf" ] && [ -s "trang 1/page-1.png" ]' sh "$clone"

# 3. install, uninstall
stage1="$TMP/stage 1"
check "make install DESTDIR='$stage1'" run make -C "$clone" --no-print-directory install DESTDIR="$stage1" PREFIX=/usr/local
p="$stage1/usr/local"
for f in bin/kehoach share/kehoach/fonts/LiberationSerif-Regular.ttf \
  share/kehoach/fonts/LiberationSerif-Bold.ttf share/kehoach/fonts/LiberationSerif-Italic.ttf \
  share/kehoach/fonts/LiberationSerif-BoldItalic.ttf share/kehoach/fonts/LICENSE-Liberation.txt \
  share/man/man1/kehoach.1 share/man/man5/kehoach-plan.5 \
  share/bash-completion/completions/kehoach share/doc/kehoach/README.md \
  share/doc/kehoach/docs/plan-format.md share/kehoach/schema/kehoach.schema.json; do
  if [ -f "$p/$f" ]; then ok; else bad "install: no $f"; fi
done
[ -x "$p/bin/kehoach" ] && ok || bad "install: bin/kehoach is not executable"
for t in "$clone"/templates/*.yaml; do
  [ -f "$t" ] || continue
  n=$(basename "$t")
  [ -f "$p/share/kehoach/templates/$n" ] && ok || bad "install: no template $n"
done
for t in "$clone"/templates/batch/*.yaml; do
  [ -f "$t" ] || continue
  n=$(basename "$t")
  [ -f "$p/share/kehoach/templates/batch/$n" ] && ok || bad "install: no batch template $n"
done
for po in "$clone"/po/*.po; do
  [ -f "$po" ] || continue
  l=$(basename "$po" .po)
  [ -f "$p/share/locale/$l/LC_MESSAGES/kehoach.mo" ] && ok || bad "install: no $l catalog"
done
for m in man1/kehoach.1 man5/kehoach-plan.5; do
  if [ -f "$p/share/man/$m" ] && MANWIDTH=80 man -l "$p/share/man/$m" 2>/dev/null | grep -q '^NAME'; then
    ok
  else
    bad "man page $m does not render with a NAME section"
  fi
done
# the Vietnamese page, where man finds it for LANG=vi_VN.UTF-8
m=vi/man1/kehoach.1
if [ -f "$p/share/man/$m" ] &&
  LANG=C.UTF-8 MANWIDTH=80 man -l "$p/share/man/$m" 2>/dev/null | grep -q '^TÊN' &&
  LANG=C.UTF-8 MANWIDTH=80 man -l "$p/share/man/$m" 2>/dev/null | grep -q 'kiểm tra kế hoạch'; then
  ok
else
  bad "man page $m is not installed or does not render its Vietnamese"
fi
check "make uninstall" run make -C "$clone" --no-print-directory uninstall DESTDIR="$stage1" PREFIX=/usr/local
left=$(find "$stage1" -type f | sed "s|^$stage1||")
[ -z "$left" ] && ok || bad "uninstall left files behind: $left"

# 4. installed binary, clone deleted
stage2="$TMP/stage 2"
check "make install DESTDIR='$stage2'" run make -C "$clone" --no-print-directory install DESTDIR="$stage2" PREFIX=/usr/local
cp "$clone/samples/thong-nhat-2026.yaml" "$TMP/plan.yaml"
cp "$clone/samples/bac-kan-2025.yaml" "$TMP/tinh.yaml"
rm -rf "$TMP/Tài liệu x"
bin="$stage2/usr/local/bin/kehoach"
check "the installed binary builds from / after the clone is deleted" \
  sh -c 'cd / && "$1" build "$2/plan.yaml" -o "$2/plan.pdf" && [ -s "$2/plan.pdf" ]' sh "$bin" "$TMP"
if command -v pdffonts >/dev/null 2>&1; then
  check "the installed build embeds Liberation Serif" \
    sh -c 'pdffonts "$1" | grep -q LiberationSerif' sh "$TMP/plan.pdf"
fi
check "--fonts names another directory (exit 2, the directory in the message)" \
  sh -c '"$1" build "$2/plan.yaml" -o "$2/x.pdf" --fonts "$2/no fonts" 2>"$2/err"; [ $? -eq 2 ] && grep -q "no fonts/LiberationSerif" "$2/err" && [ ! -e "$2/x.pdf" ]' sh "$bin" "$TMP"
check "KEHOACH_FONTS names another directory" \
  sh -c 'KEHOACH_FONTS="$2/none" "$1" build "$2/plan.yaml" -o "$2/x.pdf" 2>"$2/err"; [ $? -eq 2 ] && grep -q "none/LiberationSerif" "$2/err"' sh "$bin" "$TMP"
check "--fonts with the installed fonts" \
  sh -c '"$1" build "$2/plan.yaml" -o "$2/y.pdf" --fonts "$3" && cmp -s "$2/plan.pdf" "$2/y.pdf"' sh "$bin" "$TMP" "$stage2/usr/local/share/kehoach/fonts"
check "the installed init writes a plan that checks clean, its modeline naming the installed schema" \
  sh -c 'cd "$2" && "$1" init "kế hoạch mới.yaml" 2>/dev/null && "$1" check "kế hoạch mới.yaml" &&
         head -n 1 "kế hoạch mới.yaml" | grep -q "file://$3/share/kehoach/schema/kehoach.schema.json"' \
  sh "$bin" "$TMP" "$(printf '%s' "$stage2/usr/local" | sed 's/ /%20/g')"
check "the installed batch finds a shipped template by name (and lists them)" \
  sh -c 'cd / && "$1" batch --list | grep -q "^thong-bao-chi-tieu " &&
         "$1" batch "$2/tinh.yaml" -t thong-bao-chi-tieu -o "$2/batch" -j2 && [ -s "$2/batch/index.csv" ]' sh "$bin" "$TMP"
check "the installed schema command prints the installed schema" \
  sh -c 'cd / && "$1" schema | cmp -s - "$2/share/kehoach/schema/kehoach.schema.json"' sh "$bin" "$stage2/usr/local"
check "the installed binary speaks Vietnamese from its own catalog" \
  sh -c 'cd / && "$1" --lang=vi --help | grep -q "các lệnh:" && LANG=vi_VN.UTF-8 "$1" build --help | grep -q "cách dùng:"' sh "$bin"
if command -v bash >/dev/null 2>&1; then
  check "bash completion lists the commands" \
    bash -c 'shopt -s extglob; . "$1"; COMP_WORDS=(kehoach ""); COMP_CWORD=1; _kehoach "$2"; case " ${COMPREPLY[*]} " in *" check "*) ;; *) exit 1 ;; esac' \
    sh "$stage2/usr/local/share/bash-completion/completions/kehoach" "$bin"
fi

echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
