#!/usr/bin/env python3
"""po-options.py FILE... - a POT fragment (stdout) of the command-line texts
that xgettext cannot find because they sit in struct initialisers:

  GOptionEntry  {"long", 'c', FLAGS, G_OPTION_ARG_X, &var, "description", "ARG"}
  main.c        {"name", cmd_name, "summary"}

The description, the argument name ("FILE", "DIR") and the command summary
are translated where they are printed (cli.c, main.c)."""
import re
import sys

STR = r'"((?:[^"\\]|\\.)*)"'
ENTRY = re.compile(r'\{\s*' + STR + r'\s*,\s*(?:\'.\'|0)\s*,[^,{}]*,\s*G_OPTION_ARG_\w+\s*,'
                   r'[^,{}]*,\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\s*,\s*(NULL|' + STR + r')\s*\}')
COMMAND = re.compile(r'\{\s*' + STR + r'\s*,\s*cmd_\w+\s*,\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\}')


def joined(lits):
    return ''.join(re.findall(STR, lits))


def main():
    found = {}  # msgid -> [references]
    for path in sys.argv[1:]:
        text = open(path, encoding='utf-8').read()
        for rx, groups in ((ENTRY, (2, 4)), (COMMAND, (2,))):
            for m in rx.finditer(text):
                line = text.count('\n', 0, m.start()) + 1
                for g in groups:
                    v = m.group(g)
                    if not v or v == 'NULL':
                        continue
                    msgid = joined(v) if v.startswith('"') else v
                    if msgid:
                        found.setdefault(msgid, []).append('%s:%d' % (path, line))
    for msgid, refs in found.items():
        print('#: ' + ' '.join(refs))
        print('msgid "%s"' % msgid)
        print('msgstr ""\n')


main()
