#!/bin/sh
# run_i18n.sh BIN - the language of messages (make i18n, part of make check).
#
# The diagnostics corpus checks the messages themselves (English under
# LC_ALL=C, Vietnamese cases vi-*); this script checks how the language is
# chosen and that --help prints its UTF-8 whatever the locale:
#   --help under LANG=C and an English locale prints "DỰ THẢO" as written;
#   LANG / LC_MESSAGES / LC_ALL / LANGUAGE choose as gettext does, without a
#   generated vi_VN locale; --lang beats them; a bad --lang is exit 2;
#   the command list, the usage line and usage errors are translated.
# Output: one line per failure (FAIL ...), then "N passed, M failed".

set -u
if [ $# -ne 1 ]; then
  echo "usage: sh tests/run_i18n.sh BIN" >&2
  exit 2
fi
BIN=$1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kehoach-i18n.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0

# expect NAME RC PATTERN ENV... -- ARGS...: run BIN ARGS with only ENV (and
# PATH) in the environment; exit code RC; stdout+stderr contain PATTERN
# (a fixed string).
expect() {
  e_name=$1 e_rc=$2 e_pat=$3
  shift 3
  e_env=
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    e_env="$e_env $1"
    shift
  done
  shift
  # shellcheck disable=SC2086
  env -i PATH="$PATH" $e_env "$BIN" "$@" </dev/null >"$TMP/out" 2>&1
  e_got=$?
  if [ "$e_got" -ne "$e_rc" ]; then
    fail=$((fail + 1))
    echo "FAIL $e_name: exit $e_got, expected $e_rc"
    sed 's/^/  | /' "$TMP/out" | head -5
  elif ! grep -qF -- "$e_pat" "$TMP/out"; then
    fail=$((fail + 1))
    echo "FAIL $e_name: no '$e_pat' in the output"
    sed 's/^/  | /' "$TMP/out" | head -5
  else
    pass=$((pass + 1))
  fi
}

plan=tests/diag/target-uncovered.yaml

expect "help under LANG=C keeps DỰ THẢO" 0 "DỰ THẢO" LANG=C -- build --help
expect "help under LC_ALL=C keeps DỰ THẢO" 0 "DỰ THẢO" LC_ALL=C -- build --help
expect "help under en_US.UTF-8 keeps DỰ THẢO" 0 "DỰ THẢO" LANG=en_US.UTF-8 -- build --help
expect "help in Vietnamese keeps DỰ THẢO" 0 "có dấu DỰ THẢO" LANG=vi_VN.UTF-8 -- build --help
expect "usage line in Vietnamese" 0 "cách dùng: kehoach check [tùy chọn]" LANG=vi_VN.UTF-8 -- check --help
expect "usage line in English" 0 "usage: kehoach check [options]" LANG=C -- check --help
expect "command list in Vietnamese" 0 "các lệnh:" -- --lang=vi --help
expect "command list in English" 0 "commands:" LANG=vi_VN.UTF-8 -- --lang=en --help
expect "no environment at all: English" 1 "1 error, 0 warnings" -- check tests/diag/sum-exceeds-target.yaml
expect "LANG=vi_VN.UTF-8: Vietnamese" 0 "cảnh báo:" LANG=vi_VN.UTF-8 -- check "$plan"
expect "LANG=vi: Vietnamese" 0 "0 lỗi, 1 cảnh báo" LANG=vi -- check "$plan"
expect "LC_MESSAGES=vi_VN.UTF-8 beats LANG=C" 0 "cảnh báo:" LANG=C LC_MESSAGES=vi_VN.UTF-8 -- check "$plan"
expect "LC_ALL=C beats LANG=vi_VN.UTF-8" 0 "warning:" LC_ALL=C LANG=vi_VN.UTF-8 -- check "$plan"
expect "LC_ALL=C beats LANGUAGE=vi" 0 "warning:" LC_ALL=C LANGUAGE=vi -- check "$plan"
expect "LANGUAGE=vi:en beats LANG=en_US.UTF-8" 0 "cảnh báo:" LANG=en_US.UTF-8 LANGUAGE=vi:en -- check "$plan"
expect "LANGUAGE=en beats LANG=vi_VN.UTF-8" 0 "warning:" LANG=vi_VN.UTF-8 LANGUAGE=en -- check "$plan"
expect "--lang=vi beats LC_ALL=C" 0 "cảnh báo:" LC_ALL=C -- check "$plan" --lang=vi
expect "--lang vi (separate) before the command" 0 "cảnh báo:" LC_ALL=C -- --lang vi check "$plan"
expect "--lang=en beats LANG=vi_VN.UTF-8" 0 "warning:" LANG=vi_VN.UTF-8 -- check "$plan" --lang=en
expect "--lang=fr is a usage error" 2 "--lang must be vi or en" -- check "$plan" --lang=fr
expect "unknown command in Vietnamese" 2 "kehoach: lỗi: không có lệnh 'kiemtra'" LANG=vi_VN.UTF-8 -- kiemtra
expect "usage error in Vietnamese" 2 "kehoach check: lỗi: cần đúng một tệp kế hoạch" -- --lang=vi check
expect "--format error in Vietnamese" 2 "--format phải là text hoặc json" -- check "$plan" --format=xml --lang=vi
expect "JSON carries the language" 0 '"language":"vi"' LANG=vi_VN.UTF-8 -- check "$plan" --format=json
expect "JSON severity names stay English" 0 '"severity":"warning"' LANG=vi_VN.UTF-8 -- check "$plan" --format=json

# --format=json: standard output is one JSON document whatever goes wrong
# (docs/json-format.md): usage errors found by GLib's parser, an error
# outside the plan after its warnings, an internal error (exit 3).
# json_one NAME RC CODE ARGS...: exit RC; stdout parses as one document
# whose last record has CODE.
json_one() {
  j_name=$1 j_rc=$2 j_code=$3
  shift 3
  env -i PATH="$PATH" "$BIN" "$@" </dev/null >"$TMP/json" 2>"$TMP/json.err"
  j_got=$?
  if [ "$j_got" -ne "$j_rc" ]; then
    fail=$((fail + 1))
    echo "FAIL $j_name: exit $j_got, expected $j_rc"
    head -c 600 "$TMP/json" "$TMP/json.err" | sed 's/^/  | /'
  elif ! python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == 1 and d["diagnostics"][-1]["code"] == sys.argv[2]' "$TMP/json" "$j_code" 2>"$TMP/json.py"; then
    fail=$((fail + 1))
    echo "FAIL $j_name: standard output is not one JSON document ending in '$j_code'"
    head -c 600 "$TMP/json" "$TMP/json.py" | sed 's/^/  | /'
  else
    pass=$((pass + 1))
  fi
}
json_one "JSON: an unknown option (GLib's parser)" 2 usage check "$plan" --format=json --no-such-option
json_one "JSON: an unknown -Wno- code" 2 usage check "$plan" --format json -Wno-no-such-code
json_one "JSON: warnings, then an unwritable output" 2 environment \
  build "$plan" --format=json -o "$TMP/no/such/dir/x.pdf"
json_one "JSON: an internal error (layout self-check)" 3 internal \
  build "$plan" --format=json --page-height 100 -o "$TMP/x.pdf"
if [ -e "$TMP/x.pdf" ]; then
  fail=$((fail + 1))
  echo "FAIL an internal error wrote a PDF"
fi

echo "i18n: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
