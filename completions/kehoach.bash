# bash completion for kehoach.  Commands and options are read from the
# program's own --help, so they follow the installed version.
_kehoach() {
  local cur prev cmd
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  if [ "$COMP_CWORD" -eq 1 ]; then
    local cmds
    cmds=$(LC_ALL=C "$1" --help 2>/dev/null | awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on = 0}')
    COMPREPLY=($(compgen -W "$cmds --help --version" -- "$cur"))
    return
  fi
  cmd=${COMP_WORDS[1]}
  case $prev in
    -o|--output) COMPREPLY=($(compgen -f -X '!*.pdf' -- "$cur") $(compgen -d -- "$cur")); return ;;
    --png|--fonts|-d|--dir) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --format) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
    --lang) COMPREPLY=($(compgen -W "vi en" -- "$cur")); return ;;
    -t|--template) COMPREPLY=($(compgen -W "$("$1" "$cmd" --list 2>/dev/null | awk '{print $1}')" -- "$cur") $(compgen -f -X '!*.@(yaml|yml)' -- "$cur")); return ;;
  esac
  if [[ $cur == -* ]]; then
    local opts
    opts=$(LC_ALL=C "$1" "$cmd" --help 2>/dev/null | grep -o -- '--[A-Za-z][A-Za-z0-9-]*' | sort -u)
    COMPREPLY=($(compgen -W "$opts -Werror" -- "$cur"))
    return
  fi
  COMPREPLY=($(compgen -f -X '!*.@(yaml|yml)' -- "$cur") $(compgen -d -- "$cur"))
}
complete -o filenames -F _kehoach kehoach
