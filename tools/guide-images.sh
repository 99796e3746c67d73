#!/bin/sh
# guide-images.sh BIN - the page images of docs/huong-dan.md (make
# guide-images), rendered at 72 dpi with pdftoppm from the starter template
# (what `kehoach init` writes) and the signature golden case:
#   docs/img/mau-trang-1.png   page 1 of templates/ke-hoach.yaml
#   docs/img/mau-trang-2.png   page 2 (recipients and signature)
#   docs/img/du-thao.png       the header of the --draft build
#   docs/img/chu-ky-tm-kt.png  the signature block TM. / KT. / PHÓ CHỦ TỊCH
set -eu
BIN=$1
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$BIN" build templates/ke-hoach.yaml -o "$tmp/mau.pdf"
"$BIN" build templates/ke-hoach.yaml -o "$tmp/du-thao.pdf" --draft
"$BIN" build tests/golden/signature-authority/plan.yaml -o "$tmp/chu-ky.pdf"
mkdir -p docs/img
pdftoppm -png -r 72 -singlefile -f 1 "$tmp/mau.pdf" docs/img/mau-trang-1
pdftoppm -png -r 72 -singlefile -f 2 "$tmp/mau.pdf" docs/img/mau-trang-2
# A4 at 72 dpi is 595 x 842 px
pdftoppm -png -r 72 -singlefile -f 1 -x 0 -y 0 -W 595 -H 200 "$tmp/du-thao.pdf" docs/img/du-thao
pdftoppm -png -r 72 -singlefile -f 1 -x 40 -y 285 -W 515 -H 168 "$tmp/chu-ky.pdf" docs/img/chu-ky-tm-kt
ls -l docs/img
