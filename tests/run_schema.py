#!/usr/bin/env python3
"""run_schema.py BIN - the JSON Schema of the plan language (kehoach schema).

1. `BIN schema` prints a valid draft-07 JSON Schema.
2. Every plan that must be valid (samples/, templates/, the golden plans,
   tests/diag/ok-minimal.yaml, `BIN init -` output) validates against it, read
   as YAML 1.2 as yaml-language-server reads it (2026-06-07 is a string,
   yes/no are strings, 01 is the integer 1).
3. Plans with typical mistakes do not validate (an unknown key, 4.700 as a
   quota, a list where a string goes, a missing required key).
4. The schema and the model agree: for every check_keys() call in
   src/model.c, the keys it allows and the ones it requires ('!') are the
   properties and the "required" list at the matching place of the schema
   (WHERE below maps the model's names for places to schema paths), and
   every key of the schema is named in docs/plan-format.md.  A key added to
   the language without the schema (or the reverse) fails here: add it to
   schema/kehoach.schema.json with its Vietnamese and English description.

Output: one line per failure (FAIL ...), then "N passed, M failed".
"""
import glob
import json
import os
import re
import subprocess
import sys

import jsonschema
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# the model's "what" for a check_keys() call -> the schema object for it
WHERE = {
    "the plan": [],
    "document": ["properties", "document"],
    "document.issuer": ["properties", "document", "properties", "issuer", "anyOf", 0],
    "document.date": ["properties", "document", "properties", "date", "anyOf", 2],
    "a base": ["properties", "bases", "items"],
    "targets": ["properties", "targets"],
    "a percentage": ["properties", "percentages", "items"],
    "a campaign": ["properties", "campaigns", "items"],
    "an allocation": ["properties", "allocations", "items"],
    "an allocation row": ["properties", "allocations", "items", "properties", "rows", "items"],
    "an event": ["properties", "events", "items"],
    "rounds": ["properties", "rounds"],
    "a deadline": ["properties", "deadlines", "items"],
    "a bullet": ["definitions", "bullet", "anyOf", 1],
    "a text block": ["definitions", "block", "anyOf", 1],
    "a heading": ["definitions", "block", "anyOf", 2],
    "an item": ["definitions", "block", "anyOf", 3],
    "a bullet list": ["definitions", "block", "anyOf", 4],
    "a table block": ["definitions", "block", "anyOf", 5],
    "a centred line": ["definitions", "block", "anyOf", 6],
    "an appendix": ["properties", "appendices", "items"],
    "signature": ["properties", "signature", "anyOf", 0],
    "results": ["properties", "results"],
    "a unit's results": ["properties", "results", "properties", "units", "items"],
    "cumulative": ["properties", "results", "properties", "units", "items", "properties", "cumulative"],
    "a donation day": ["properties", "results", "properties", "days", "items"],
    "a month's results": ["properties", "results", "properties", "months", "items"],
    "a results table": ["definitions", "block", "anyOf", 7],
    "a chart": ["definitions", "block", "anyOf", 8],
}


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 core schema, as yaml-language-server: no timestamps, no
    yes/no/on/off booleans, no sexagesimal or 0x/0o numbers."""


Yaml12Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool",
                       "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))
Yaml12Loader.add_constructor("tag:yaml.org,2002:int", lambda l, n: int(l.construct_scalar(n), 10))


def keys_as_strings(node):
    """JSON has only string keys; an editor reads `250: 3` as "250"."""
    if isinstance(node, dict):
        return {str(k): keys_as_strings(v) for k, v in node.items()}
    if isinstance(node, list):
        return [keys_as_strings(v) for v in node]
    return node


def load(text):
    return keys_as_strings(yaml.load(text, Loader=Yaml12Loader))


passed = 0
failed = 0


def ok():
    global passed
    passed += 1


def bad(msg):
    global failed
    failed += 1
    print("FAIL " + msg)


def at(schema, path):
    node = schema
    for p in path:
        node = node[p]
    return node


def split_args(text):
    """Top-level comma-separated arguments of a C call's text."""
    args, depth, cur, q = [], 0, "", None
    for ch in text:
        if q:
            cur += ch
            if ch == q and not cur.endswith("\\" + q):
                q = None
            continue
        if ch in "\"'":
            q = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            args.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        args.append(cur.strip())
    return args


def model_keys():
    """(what, keys) for every check_keys() / plan_schema_keys() /
    entry_keys() call with a literal place and literal keys in src/model.c
    and src/results.c (entry_keys adds the figure keys)."""
    out = []
    for name in ("model.c", "results.c"):
        src = open(os.path.join(ROOT, "src", name), encoding="utf-8").read()
        measures = re.search(r"measure_keys\[M_COUNT\]\s*=\s*\{([^}]*)\}", src)
        measure_list = re.findall(r'"([^"]+)"', measures.group(1)) if measures else []
        figures = re.search(r"figure_keys\[\]\s*=\s*\{([^}]*)\}", src)
        figure_list = re.findall(r'"([^"]+)"', figures.group(1)) if figures else []
        for m in re.finditer(r"\b(check_keys|plan_schema_keys|entry_keys)\(([^;]*?)\(const char \*const\[\]\)\{(.*?)\}\s*\)", src, re.S):
            fn, args, keys = m.group(1), split_args(m.group(2)), m.group(3)
            if not args:
                continue
            place = args[-1]
            names = measure_list if "measure_keys" in keys else re.findall(r'"(!?[^"]+)"', keys)
            if fn == "entry_keys":
                names = names + figure_list
            lits = re.findall(r'"([^"]+)"', place)
            if place.startswith('"') and len(lits) == 1:
                out.append((lits[0], names))
            elif "?" in place and len(lits) == 2 and place.startswith("kind"):
                # kind == 1 ? "a heading" : "an item", with the keys' own ternary
                out.append((lits[0], [k for k in names if k != lits[1].split()[-1]]))
                out.append((lits[1], [k for k in names if k != lits[0].split()[-1]]))
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: run_schema.py BIN")
    binary = os.path.abspath(sys.argv[1])
    os.chdir(ROOT)
    p = subprocess.run([binary, "schema"], capture_output=True)
    if p.returncode != 0:
        bad("kehoach schema: exit %d: %s" % (p.returncode, p.stderr.decode()))
        return
    schema = json.loads(p.stdout)
    with open("schema/kehoach.schema.json", "rb") as f:
        if f.read() == p.stdout:
            ok()
        else:
            bad("kehoach schema does not print schema/kehoach.schema.json")
    try:
        jsonschema.Draft7Validator.check_schema(schema)
        ok()
    except jsonschema.SchemaError as e:
        bad("not a valid draft-07 schema: %s" % e.message)
        return
    v = jsonschema.Draft7Validator(schema)

    # A YAML editor (yaml-language-server) hands a key written 250 over as the
    # number 250, which a string-only propertyNames enum refuses: every such
    # enum must list the number too (the samples' bags {250: N} once failed
    # in VS Code while passing here).
    def numeric_keys(node, where):
        if isinstance(node, dict):
            enum = node.get("propertyNames", {}).get("enum") if isinstance(
                node.get("propertyNames"), dict) else None
            for e in enum or []:
                if isinstance(e, str) and re.fullmatch(r"[0-9]+", e):
                    if int(e) in enum:
                        ok()
                    else:
                        bad("%s: propertyNames enum has '%s' but not %s: a YAML editor "
                            "reads that key as a number" % (where, e, e))
            for k, val in node.items():
                numeric_keys(val, where + "/" + k)
        elif isinstance(node, list):
            for i, val in enumerate(node):
                numeric_keys(val, "%s/%d" % (where, i))
    numeric_keys(schema, "#")

    # 2. valid plans
    plans = (sorted(glob.glob("samples/**/*.yaml", recursive=True)) + sorted(glob.glob("templates/*.yaml")) +
             sorted(glob.glob("tests/golden/*/plan.yaml")) + ["tests/diag/ok-minimal.yaml"])
    texts = [(f, open(f, encoding="utf-8").read()) for f in plans]
    p = subprocess.run([binary, "init", "-"], capture_output=True)
    texts.append(("kehoach init -", p.stdout.decode()))
    for name, text in texts:
        errs = sorted(v.iter_errors(load(text)), key=lambda e: list(e.absolute_path))
        if errs:
            e = errs[0]
            bad("%s does not validate: at %s: %s" % (name, "/".join(map(str, e.absolute_path)), e.message[:200]))
        else:
            ok()
        first = text.split("\n", 1)[0]
        if name.startswith(("samples/", "templates/")):
            if first.startswith("# yaml-language-server: $schema=") and \
               os.path.exists(os.path.join(os.path.dirname(name), first.split("=", 1)[1])):
                ok()
            else:
                bad("%s: the first line is not a modeline naming the schema" % name)

    # 3. typical mistakes are caught
    base = open("tests/diag/ok-minimal.yaml", encoding="utf-8").read()
    mistakes = [
        ("an unknown key", base.replace("  title: Vận động", "  titel: Vận động")),
        ("4.700 as a quota", base.replace("quota: 100}", "quota: 4.700}")),
        ("a list as the place", base.replace("  place: Thống Nhất", "  place: [Thống Nhất]")),
        ("no body", base[:base.index("body:")]),
        ("an unknown document type", base.replace("type: ke-hoach", "type: ke-hoach-nam")),
        ("a bad date", base.replace("date: 2026-06-07", "date: 2026/06/07")),
        ("an unknown measure", base.replace("measure: registrations", "measure: registration")),
        ("an unknown column", base.replace("      - table: phan-bo", "      - {table: phan-bo, columns: [tt, donvi]}")),
    ]
    for title, text in mistakes:
        if text == base:
            bad("mistake '%s': the replacement did not apply" % title)
        elif list(v.iter_errors(load(text))):
            ok()
        else:
            bad("the schema accepts %s" % title)

    # 4. schema and model agree
    seen = set()
    for what, names in model_keys():
        if what not in WHERE:
            bad("src/model.c checks the keys of '%s', which tests/run_schema.py does not map "
                "to the schema (add it to WHERE and to schema/kehoach.schema.json)" % what)
            continue
        seen.add(what)
        node = at(schema, WHERE[what])
        allowed = {n.lstrip("!") for n in names}
        required = {n[1:] for n in names if n.startswith("!")}
        props = set(node.get("properties", {}))
        if allowed == props:
            ok()
        else:
            bad("'%s': the model allows %s, the schema %s (only in the model: %s; only in "
                "the schema: %s)" % (what, sorted(allowed), sorted(props),
                                      sorted(allowed - props), sorted(props - allowed)))
        req = set(node.get("required", []))
        # a block's own key is required by the schema's anyOf choice
        if what in ("a heading", "an item", "a bullet list", "a table block", "a centred line",
                    "a text block", "a results table", "a chart"):
            own = {"heading", "item", "bullets", "table", "text", "centered", "results", "chart"}
            req -= own
            required -= own
        if req == required:
            ok()
        else:
            bad("'%s': the model requires %s, the schema %s" % (what, sorted(required), sorted(req)))
    for what in WHERE:
        if what not in seen:
            bad("tests/run_schema.py maps '%s', which src/model.c no longer checks" % what)
    doc = open("docs/plan-format.md", encoding="utf-8").read()
    keys = set()

    def walk(node):
        if isinstance(node, dict):
            for k, val in node.get("properties", {}).items():
                keys.add(k)
            for val in node.values():
                walk(val)
        elif isinstance(node, list):
            for val in node:
                walk(val)
    walk(schema)
    for k in sorted(keys):
        if re.search(r"`[^`]*\b%s\b[^`]*`" % re.escape(k), doc):
            ok()
        else:
            bad("schema key '%s' is not described in docs/plan-format.md" % k)

    print("schema: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


main()
