#!/bin/sh
# run_golden.sh BIN - whole-document tests of `kehoach build` (make golden).
#
# Cases: one per samples/NAME.yaml (golden files in tests/golden/NAME/),
# one per tests/golden/CASE/plan.yaml, and one per tests/golden/CASE/input
# (a file naming the document to build, relative to the repository: a
# report kept beside the plan it names).  tests/golden/CASE/args holds extra
# build arguments (whitespace-separated, no quoting), tests/golden/CASE/checks
# case assertions for tests/tools/geometry.py (see its header).
#
# For every case the plan is built with --png into a temporary directory and
#   expected.txt  `pdftotext -layout` (NFC)            compared exactly
#   fonts.txt     `pdffonts`, subset prefixes and object ids removed   exactly
#   pages.txt     page count and page sizes (`pdfinfo -f 1 -l N`)      exactly
#   page-N.png    kehoach's 60 dpi PNGs              pngdiff (default tolerance)
# and, without golden files,
#   - `pdftoppm -r 60 -thinlinemode solid` of the PDF matches kehoach's PNG
#     (pngdiff -b 1: Cairo puts glyphs on whole pixels and Poppler does not;
#     both draw hairline rules as solid 1 px lines), so the PDF itself
#     is tested and not only the PNG back-end;
#   - fonts: every font embedded, subset, LiberationSerif*;
#   - geometry (tests/tools/geometry.py on `pdftotext -bbox`): margins, page
#     numbers, header columns and baselines, plus the case's checks file;
#   - no temporary file (*.tmp-*) left next to the outputs.
# Per sample: the PDF is byte-identical when built twice, and when built
# with TZ=Pacific/Kiritimati, LANG=C and a hostile FONTCONFIG_FILE.  Once:
# a plan with errors or an unprintable character writes nothing (where the
# output goes and what it may replace: tests/run_safety.sh).
#
# GOLDEN_CASES="a b" runs only those cases (no safety checks), for
# development; make golden runs them all.
# UPDATE=1 (make golden-update) rewrites the golden files instead of
# comparing them; every other check still runs.  Look at every changed page.
# On a failure the actual files and diffs are kept in $(dirname BIN)/golden-out/.
# Output: one line per failure (FAIL ...), then "N passed, M failed".

set -u

if [ $# -ne 1 ]; then
  echo "usage: [UPDATE=1] sh tests/run_golden.sh path/to/kehoach" >&2
  exit 2
fi
case $1 in
  /*) BIN=$1 ;;
  *) BIN=$(pwd)/$1 ;;
esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
GOLDEN=$ROOT/tests/golden
TOOLS=$ROOT/tests/tools
PNGDIFF=${PNGDIFF:-$(dirname "$BIN")/tests/pngdiff}
OUTDIR=$(dirname "$BIN")/golden-out
UPDATE=${UPDATE:-0}
# pdftoppm against kehoach's PNG: blur radius and tolerance (percent).
POPPLER_BLUR=1
POPPLER_TOLERANCE=0.5

for tool in pdftotext pdffonts pdfinfo pdftoppm python3 sha256sum; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run_golden.sh: $tool is missing (make deps installs poppler-utils, python3)" >&2
    exit 2
  fi
done
if [ ! -x "$BIN" ]; then
  echo "run_golden.sh: no executable $BIN" >&2
  exit 2
fi
if [ ! -x "$PNGDIFF" ]; then
  echo "run_golden.sh: no executable $PNGDIFF (make builds it)" >&2
  exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kehoach-golden.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
rm -rf "$OUTDIR"

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }
note() { printf '%s\n' "$*"; }

# Keeps a failing case's files for inspection: keep CASE FILE...
keep() {
  k_case=$1
  shift
  mkdir -p "$OUTDIR/$k_case"
  cp -R "$@" "$OUTDIR/$k_case/" 2>/dev/null
}

# "exit 1" or "killed by signal N" for an exit status.
status_text() {
  if [ "$1" -gt 128 ]; then
    echo "killed by signal $(($1 - 128))"
  else
    echo "exit $1"
  fi
}

# Temporary files left in a directory (outfile.c writes "<out>.tmp-XXXXXX").
leftovers() {
  for l_f in "$1"/*.tmp-* "$1"/.*.tmp-*; do
    [ -e "$l_f" ] && printf '%s ' "${l_f##*/}"
  done
}

# Number of page-N.png files in a directory.
count_pngs() {
  n_png=0
  for n_f in "$1"/page-*.png; do
    case ${n_f##*/page-} in
      *[!0-9]*.png | .png) ;;
      *.png) [ -f "$n_f" ] && n_png=$((n_png + 1)) ;;
    esac
  done
  echo "$n_png"
}

nfc() {
  python3 -c 'import sys, unicodedata
sys.stdout.buffer.write(unicodedata.normalize("NFC", sys.stdin.buffer.read().decode("utf-8")).encode("utf-8"))'
}

sha() { sha256sum "$1" | cut -d' ' -f1; }

# build PLAN OUT.pdf PNGDIR STDERR [ARGS...]: sets rc.
build() {
  b_plan=$1 b_out=$2 b_png=$3 b_err=$4
  shift 4
  "$BIN" build "$b_plan" -o "$b_out" --png "$b_png" "$@" >/dev/null 2>"$b_err"
  rc=$?
}

# The golden files of a PDF: text, fonts, pages into DIR.
describe() {
  d_pdf=$1 d_dir=$2
  pdftotext -layout "$d_pdf" - | nfc >"$d_dir/expected.txt"
  pdffonts "$d_pdf" | sed -e '1s/ *object ID *$//' -e '2s/ *-* *$//' \
    -e '3,$s/^[A-Z]\{6\}+\([^ ]*\)/\1       /' -e '3,$s/ *[0-9]\{1,\} \{1,\}[0-9]\{1,\} *$//' \
    >"$d_dir/fonts.txt"
  d_n=$(pdfinfo "$d_pdf" | awk '/^Pages:/ { print $2 }')
  pdfinfo -f 1 -l "${d_n:-1}" "$d_pdf" |
    grep -E '^(Pages:|Page +[0-9]+ (size|rot):)' >"$d_dir/pages.txt"
}

# First difference of two text files, on one line.
first_diff() {
  diff "$1" "$2" | awk 'NR == 1 { at = $0 } /^[<>]/ && n < 2 { s = s " " $0; n++ }
    END { printf "at %s:%s", at, s }' | cut -c1-300
}

# compare_text CASE NAME EXPECTED ACTUAL
compare_text() {
  if [ ! -f "$3" ]; then
    bad "$1: golden $2 missing (run make golden-update)"
  elif cmp -s "$3" "$4"; then
    ok
  else
    keep "$1" "$4"
    diff -u "$3" "$4" >"$OUTDIR/$1/$2.diff"
    bad "$1: $2 differs $(first_diff "$3" "$4") (see ${OUTDIR#"$ROOT"/}/$1/$2.diff)"
  fi
}

# Checks of the fonts list: embedded, subset, Liberation Serif only.
check_fonts() {
  c_problems=$(pdffonts "$2" | awk 'NR > 2 {
      name = $1; emb = $(NF - 4); subset = $(NF - 3)
      sub(/^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\+/, "", name)
      if (emb != "yes") printf "%s not embedded; ", $1
      if (subset != "yes") printf "%s not a subset; ", $1
      if ($1 !~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\+/) printf "%s has no subset prefix; ", $1
      if (name !~ /^LiberationSerif/) printf "%s is not Liberation Serif; ", $1
      n++ }
    END { if (n == 0) printf "no fonts at all; " }')
  if [ -n "$c_problems" ]; then
    bad "$1: fonts: $c_problems"
  else
    ok
  fi
}

run_case() {
  c=$1 plan=$2 gdir=$GOLDEN/$1
  w=$tmp/$c
  mkdir -p "$w/out"
  args=
  [ -f "$gdir/args" ] && args=$(cat "$gdir/args")
  set -f
  # shellcheck disable=SC2086  # args are whitespace-separated on purpose
  build "$plan" "$w/out/doc.pdf" "$w/out/png" "$w/stderr" $args
  set +f
  if [ "$rc" -ne 0 ]; then
    bad "$c: kehoach build $(status_text "$rc"): $( (grep -E 'error' "$w/stderr" || tail -n1 "$w/stderr") | head -n1)"
    return
  fi
  ok
  left=$(leftovers "$w/out")$(leftovers "$w/out/png")
  if [ -n "$left" ]; then bad "$c: temporary files left behind: $left"; else ok; fi

  pdf=$w/out/doc.pdf
  describe "$pdf" "$w"
  npages=$(awk '/^Pages:/ { print $2 }' "$w/pages.txt")
  npng=$(count_pngs "$w/out/png")
  if [ "$npng" != "$npages" ]; then
    bad "$c: --png wrote $npng page images for $npages PDF pages"
  else
    ok
  fi

  # golden files
  if [ "$UPDATE" = 1 ]; then
    mkdir -p "$gdir"
    for f in expected.txt fonts.txt pages.txt; do
      if ! cmp -s "$w/$f" "$gdir/$f"; then
        cp "$w/$f" "$gdir/$f"
        note "updated tests/golden/$c/$f"
      fi
    done
    for gf in "$gdir"/page-*.png; do
      [ -f "$gf" ] || continue
      n=${gf##*/page-}
      n=${n%.png}
      if [ "$n" -gt "$npages" ] 2>/dev/null; then
        rm -f "$gf"
        note "removed tests/golden/$c/page-$n.png"
      fi
    done
    i=1
    while [ "$i" -le "$npages" ]; do
      g=$gdir/page-$i.png
      if [ ! -f "$g" ] || ! "$PNGDIFF" -q -t 0 "$g" "$w/out/png/page-$i.png" 0 >/dev/null 2>&1; then
        cp "$w/out/png/page-$i.png" "$g"
        note "updated tests/golden/$c/page-$i.png"
      fi
      i=$((i + 1))
    done
    ok
  else
    compare_text "$c" expected.txt "$gdir/expected.txt" "$w/expected.txt"
    compare_text "$c" fonts.txt "$gdir/fonts.txt" "$w/fonts.txt"
    compare_text "$c" pages.txt "$gdir/pages.txt" "$w/pages.txt"
    gpng=$(count_pngs "$gdir")
    if [ "$gpng" != "$npages" ]; then
      bad "$c: $npages pages built, $gpng golden page images"
    fi
    i=1
    while [ "$i" -le "$npages" ]; do
      g=$gdir/page-$i.png
      if [ -f "$g" ]; then
        mkdir -p "$w/diff"
        if out=$("$PNGDIFF" -d "$w/diff/page-$i.png" "$g" "$w/out/png/page-$i.png" 2>&1); then
          ok
        else
          keep "$c" "$w/out/png/page-$i.png"
          cp "$w/diff/page-$i.png" "$OUTDIR/$c/diff-page-$i.png" 2>/dev/null
          bad "$c: page-$i.png: $out (see ${OUTDIR#"$ROOT"/}/$c/diff-page-$i.png)"
        fi
      fi
      i=$((i + 1))
    done
  fi

  # the PDF itself, rasterised by Poppler, against kehoach's PNG
  i=1
  while [ "$i" -le "$npages" ]; do
    pdftoppm -r 60 -png -thinlinemode solid -f "$i" -l "$i" -singlefile "$pdf" "$w/poppler-$i"
    if out=$("$PNGDIFF" -b "$POPPLER_BLUR" -d "$w/poppler-diff-$i.png" \
      "$w/out/png/page-$i.png" "$w/poppler-$i.png" "$POPPLER_TOLERANCE" 2>&1); then
      ok
    else
      keep "$c" "$w/poppler-$i.png" "$w/out/png/page-$i.png"
      cp "$w/poppler-diff-$i.png" "$OUTDIR/$c/" 2>/dev/null
      bad "$c: pdftoppm page $i vs kehoach PNG: $out"
    fi
    i=$((i + 1))
  done

  check_fonts "$c" "$pdf"

  pdftotext -bbox "$pdf" "$w/bbox.html"
  if [ -f "$gdir/checks" ]; then
    python3 "$TOOLS/geometry.py" "$w/bbox.html" --text "$w/expected.txt" \
      --checks "$gdir/checks" >"$w/geometry.out" 2>&1
  else
    python3 "$TOOLS/geometry.py" "$w/bbox.html" --text "$w/expected.txt" \
      >"$w/geometry.out" 2>&1
  fi
  grc=$?
  while IFS= read -r line; do
    case $line in
      PASS\ *) ok ;;
      FAIL\ *) bad "$c: geometry: ${line#FAIL }" ;;
      *) bad "$c: geometry.py: $line" ;;
    esac
  done <"$w/geometry.out"
  if [ "$grc" -gt 1 ]; then bad "$c: geometry.py exit $grc"; fi
}

# Determinism of one sample: twice, and in a hostile environment.
run_determinism() {
  c=$1 plan=$2
  w=$tmp/$c
  [ -f "$w/out/doc.pdf" ] || return
  h1=$(sha "$w/out/doc.pdf")
  mkdir -p "$w/again" "$w/hostile"
  build "$plan" "$w/again/doc.pdf" "$w/again/png" "$w/again/stderr"
  if [ "$rc" -ne 0 ]; then
    bad "$c: second build $(status_text "$rc")"
  elif [ "$(sha "$w/again/doc.pdf")" != "$h1" ]; then
    bad "$c: not deterministic: two builds give different PDFs (sha256 $h1 vs $(sha "$w/again/doc.pdf"))"
  else
    ok
  fi
  TZ=Pacific/Kiritimati LANG=C LC_ALL=C FONTCONFIG_FILE=$tmp/hostile-fonts.conf \
    XDG_CACHE_HOME=$tmp/xdg-cache \
    "$BIN" build "$plan" -o "$w/hostile/doc.pdf" --png "$w/hostile/png" >/dev/null 2>"$w/hostile/stderr"
  rc=$?
  if [ "$rc" -ne 0 ]; then
    bad "$c: build with TZ=Pacific/Kiritimati LANG=C and a hostile FONTCONFIG_FILE: $(status_text "$rc"): $(tail -n1 "$w/hostile/stderr")"
    return
  fi
  h2=$(sha "$w/hostile/doc.pdf")
  if [ "$h2" != "$h1" ]; then
    bad "$c: TZ=Pacific/Kiritimati LANG=C and a hostile FONTCONFIG_FILE change the PDF (sha256 $h1 vs $h2)"
  else
    ok
  fi
  differ=
  for pf in "$w/out/png"/page-*.png; do
    cmp -s "$pf" "$w/hostile/png/${pf##*/}" || differ="$differ ${pf##*/}"
  done
  if [ -n "$differ" ]; then
    bad "$c: the hostile environment changes the PNGs:$differ"
  else
    ok
  fi
}

# expect_exit NAME WANT GOT STDERR
expect_exit() {
  if [ "$3" -ne "$2" ]; then
    bad "safety: $1: $(status_text "$3"), expected exit $2: $(head -n1 "$4")"
    return 1
  fi
  ok
  return 0
}

run_safety() {
  good=$GOLDEN/draft/plan.yaml
  s=$tmp/safety
  mkdir -p "$s/e"
  cp "$good" "$s/bad.yaml"
  # an unknown top-level key is an error
  printf '\nno_such_key: 1\n' >>"$s/bad.yaml"

  # (e) a plan with errors writes nothing at all (default output next to
  # the plan, and -o with --png)
  cp "$s/bad.yaml" "$s/e/bad.yaml"
  "$BIN" build "$s/e/bad.yaml" >/dev/null 2>"$s/e1.err"
  rc=$?
  expect_exit "(e) plan with errors, default output" 1 "$rc" "$s/e1.err"
  "$BIN" build "$s/e/bad.yaml" -o "$s/e/x.pdf" --png "$s/e/png" >/dev/null 2>"$s/e2.err"
  rc=$?
  expect_exit "(e) plan with errors, -o and --png" 1 "$rc" "$s/e2.err"
  extra=
  for x in "$s/e"/* "$s/e"/.[!.]*; do
    [ -e "$x" ] && [ "$x" != "$s/e/bad.yaml" ] && extra="$extra ${x##*/}"
  done
  if [ -n "$extra" ]; then
    bad "safety: (e) a plan with errors wrote: $extra"
  else
    ok
  fi

  # (f) a character the shipped font cannot print (an emoji) is refused by
  # the check, before layout: exit 1, an [unprintable-character] error at
  # the line and column of the emoji, nothing written
  mkdir -p "$s/f"
  sed 's/^\(  title: .*\)$/\1 \xF0\x9F\x98\x80/' "$good" >"$s/f/glyph.yaml"
  "$BIN" build "$s/f/glyph.yaml" -o "$s/f/x.pdf" --png "$s/f/png" >/dev/null 2>"$s/f.err"
  rc=$?
  if expect_exit "(f) missing glyph" 1 "$rc" "$s/f.err"; then
    if grep -q 'glyph.yaml:[0-9]*:[0-9]*: error: character U+1F600 .*\[unprintable-character\]' "$s/f.err"; then
      ok
    else
      bad "safety: (f) missing glyph: no [unprintable-character] error: $(head -n1 "$s/f.err")"
    fi
  fi
  if [ -e "$s/f/x.pdf" ] || [ -e "$s/f/png" ]; then
    bad "safety: (f) missing glyph: output was written"
  else
    ok
  fi
}

# A fontconfig file that would change every glyph if kehoach used it: system
# fonts, embolden, a slanting matrix, another family first, full hinting.
cat >"$tmp/hostile-fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts</dir>
  <dir>/usr/local/share/fonts</dir>
  <cachedir>$tmp/fc-cache</cachedir>
  <match target="pattern">
    <edit name="family" mode="prepend" binding="strong"><string>DejaVu Sans</string></edit>
  </match>
  <match target="font">
    <edit name="embolden" mode="assign"><bool>true</bool></edit>
    <edit name="matrix" mode="assign">
      <times><name>matrix</name>
        <matrix><double>1.2</double><double>0.3</double><double>0</double><double>1</double></matrix>
      </times>
    </edit>
    <edit name="hinting" mode="assign"><bool>true</bool></edit>
    <edit name="hintstyle" mode="assign"><const>hintfull</const></edit>
    <edit name="antialias" mode="assign"><bool>false</bool></edit>
  </match>
</fontconfig>
EOF

# (run_case and the others use global variables: sh has no locals, so the
# loops below use names of their own.)
# selected NAME: true when GOLDEN_CASES is unset or lists NAME
selected() {
  [ -z "${GOLDEN_CASES:-}" ] && return 0
  case " $GOLDEN_CASES " in *" $1 "*) return 0 ;; esac
  return 1
}

samples=
for sample_yaml in "$ROOT"/samples/*.yaml; do
  [ -f "$sample_yaml" ] || continue
  sample=${sample_yaml##*/}
  sample=${sample%.yaml}
  samples="$samples $sample"
  selected "$sample" || continue
  if [ "$UPDATE" != 1 ] && [ ! -d "$GOLDEN/$sample" ]; then
    bad "$sample: no tests/golden/$sample/ for samples/$sample.yaml (run make golden-update)"
    continue
  fi
  run_case "$sample" "$sample_yaml"
  run_determinism "$sample" "$sample_yaml"
done
for case_dir in "$GOLDEN"/*/; do
  [ -d "$case_dir" ] || continue
  case_name=${case_dir%/}
  case_name=${case_name##*/}
  selected "$case_name" || continue
  if [ -f "$case_dir/plan.yaml" ]; then
    run_case "$case_name" "$case_dir/plan.yaml"
  elif [ -f "$case_dir/input" ]; then
    # a document kept elsewhere (a report next to the plan it names)
    input_yaml=$ROOT/$(cat "$case_dir/input")
    run_case "$case_name" "$input_yaml"
    run_determinism "$case_name" "$input_yaml"
  else
    case " $samples " in
      *" $case_name "*) ;;
      *) bad "$case_name: tests/golden/$case_name/ has no plan.yaml and no samples/$case_name.yaml" ;;
    esac
  fi
done
[ -z "${GOLDEN_CASES:-}" ] && run_safety

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
