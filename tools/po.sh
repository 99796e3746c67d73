#!/bin/sh
# po.sh pot OUT      extract every message of src/*.c into the template OUT
# po.sh update       po/kehoach.pot anew, merged into every po/LANG.po
# po.sh check [-s]   the messages po/LANG.po does not translate (or only
#                    fuzzily), listed; with -s (make check-po, PO_STRICT=1 by default) any
#                    such message fails.  A format mismatch always fails.
#
# Messages are English in the code and translated where they are made
# (i18n.h): the format strings of diag_add/diag_note/diag_hint,
# errmsg_printf, cli_env_error, cli_usage_error, _() and N_(); the "what"
# phrases passed to model.c's and check.c's helpers (only those with a
# space: a single word there is a YAML key, printed as written; the nouns
# of unknown_ref/unknown_in are translated whole); the option descriptions
# and command summaries (tools/po-options.py).  So a message another change
# adds is picked up by running `make po` again.
set -eu
cd "$(dirname "$0")/.."
SRCS=$(ls src/*.c)
COMMON="--from-code=UTF-8 --language=C --add-comments=TRANSLATORS: --sort-by-file
        --package-name=kehoach --msgid-bugs-address=kehoach --no-wrap"

# xg OUT XGETTEXT-ARGS...: xgettext over src/*.c, charset UTF-8 in the header
xg() {
  xg_out=$1
  shift
  # shellcheck disable=SC2086
  xgettext $COMMON -o "$xg_out.raw" "$@" $SRCS
  if [ -f "$xg_out.raw" ]; then
    sed 's/charset=CHARSET/charset=UTF-8/' "$xg_out.raw" >"$xg_out"
  fi
}

pot() {
  out=$1
  ptmp=$(mktemp -d)
  xg "$ptmp/main.pot" \
    -k_ -kN_ -ki18n_tr -ki18n_ntr:1,2 \
    -kdiag_add:4 -kdiag_note:4 -kdiag_hint:3 -kerrmsg_printf:1 \
    -kcli_env_error:1 -kcli_usage_error:3 -kcli_command_error:2 -kbuild_error:1 -kfail:3 -kspacing:5 -kspacing:6 -kproblem:2 -kdngettext:2,3 \
    -kg_option_context_new:1 \
    --flag=diag_add:4:c-format --flag=diag_note:4:c-format \
    --flag=diag_hint:3:c-format --flag=errmsg_printf:1:c-format --flag=fail:3:c-format \
    --flag=problem:2:c-format \
    --flag=i18n_tr:1:pass-c-format --flag=i18n_ntr:1:pass-c-format \
    --flag=i18n_ntr:2:pass-c-format --flag=arena_printf:2:c-format
  xg "$ptmp/what.pot" \
    -kwant:4 -kcheck_keys:3 -kget_str:4 -kparse_int:3 -kget_int:4 \
    -kparse_when:3 -kget_when:4 -kget_id:3 -kload_blocks:5 -kload_strings:3 \
    -kload_target_value:4 -kcompare_with_target:5 -kcheck_in_window:3 \
    -kplan_schema_want:5 -kplan_schema_keys:4 -kplan_schema_str:5 -kplan_schema_int:4 \
    -kplan_schema_when:4 -kplan_schema_id:4 -kentry_keys:3
  xg "$ptmp/where.pot" -kcompare_with_target:6
  if [ -s "$ptmp/what.pot" ]; then
    msggrep --no-wrap --msgid -E -e ' ' -o "$ptmp/phrases.pot" "$ptmp/what.pot"
  fi
  xg "$ptmp/nouns.pot" -kunknown_ref:3 -kunknown_in:3
  {
    printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    python3 tools/po-options.py $SRCS
  } >"$ptmp/options.pot"
  set --
  for f in main phrases where nouns options; do
    [ -s "$ptmp/$f.pot" ] && set -- "$@" "$ptmp/$f.pot"
  done
  msgcat --no-wrap --use-first --sort-by-file -o "$ptmp/all.pot" "$@"
  # a fixed header: the template changes only when a message does
  sed -e '/^"POT-Creation-Date:/d' -e 's/charset=CHARSET/charset=UTF-8/' "$ptmp/all.pot" >"$out"
  rm -rf "$ptmp"
}

case ${1:-} in
  pot)
    pot "$2"
    ;;
  update)
    pot po/kehoach.pot
    for po in po/*.po; do
      msgmerge --quiet --no-wrap --update --backup=none "$po" po/kehoach.pot
    done
    ;;
  check)
    strict=${2:-}
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    pot "$tmp/kehoach.pot"
    status=0
    for po in po/*.po; do
      l=$(basename "$po" .po)
      msgfmt --check -o /dev/null "$po" || { echo "po.sh: $po has format errors" >&2; status=1; }
      msgmerge --quiet --no-wrap -o "$tmp/$l.po" "$po" "$tmp/kehoach.pot"
      msgattrib --no-wrap --no-obsolete --untranslated -o "$tmp/$l.un" "$tmp/$l.po"
      msgattrib --no-wrap --no-obsolete --only-fuzzy -o "$tmp/$l.fz" "$tmp/$l.po"
      n=0
      for f in "$tmp/$l.un" "$tmp/$l.fz"; do
        [ -s "$f" ] || continue
        k=$(grep -c '^msgid ' "$f")
        n=$((n + k - 1)) # minus the header
      done
      if [ "$n" -gt 0 ]; then
        echo "po/$l.po: $n message(s) not translated (make po, then translate them):"
        # each msgid (its first line of text), the headers left out
        cat "$tmp/$l.un" "$tmp/$l.fz" 2>/dev/null | awk '
          /^msgid / { if ($0 == "msgid \"\"") { want = 1; next } print "  " substr($0, 7); next }
          want && /^"/ { print "  " $0; want = 0; next }
          { want = 0 }' || true
        [ "$strict" = -s ] && status=1
      else
        echo "po/$l.po: every message translated"
      fi
    done
    exit $status
    ;;
  *)
    echo "usage: sh tools/po.sh pot OUT | update | check [-s]" >&2
    exit 2
    ;;
esac
