#!/usr/bin/env python3
"""run_archive.py BIN - end-to-end tests of `kehoach issue` and
`kehoach archive` (make archive; part of make check).

A test certificate is made at test time (openssl + NSS certutil/pk12util),
samples are issued into a fresh register, signed with poppler's
`pdfsig -add-signature`, archived, and tampered with: one byte changed at
200 positions of the build, updates appended after the signature (table
and stream), a qpdf rewrite, truncations, garbage after %%EOF, a /Prev
loop, offsets past the end.  Then numbering (idempotent, per body and
year, date order), verify (changed, missing, orphan files, --rebuild),
list, export (CSV, PDF), and failure safety: processes killed with
SIGKILL, a full disk, a read-only register, concurrent adds.
Output: one line per failure (FAIL ...), then "N passed, M failed".
"""
import hashlib
import os
import random
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

if len(sys.argv) != 2:
    sys.exit("usage: python3 tests/run_archive.py path/to/kehoach")
BIN = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TAMPER = os.path.join(ROOT, "tests", "archive", "tamper.py")
SAMPLE = os.path.join(ROOT, "samples", "thong-nhat-2026.yaml")
for tool in ("pdfsig", "certutil", "pk12util", "openssl", "qpdf", "pdftotext", "sqlite3"):
    if not shutil.which(tool):
        sys.exit(f"run_archive.py: {tool} is missing (make deps installs poppler-utils, "
                 "libnss3-tools, openssl, qpdf, sqlite3)")

passed = failed = 0


def check(cond, what, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}" + (f"\n  {detail.strip()[:2000]}" if detail else ""))
    return cond


def run(args, env=None, cwd=None, timeout=120):
    e = dict(os.environ)
    # the messages checked here are the English ones, whatever the
    # caller's locale (a Vietnamese LANG translates them)
    e["LC_ALL"] = "C.UTF-8"
    e.pop("LANGUAGE", None)
    e.update(env or {})
    return subprocess.run(args, capture_output=True, text=True, env=e, cwd=cwd,
                          timeout=timeout)


def kh(*args, **kw):
    return run([BIN] + list(args), **kw)


def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def db_rows(db, sql, params=()):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


TMP = tempfile.mkdtemp(prefix="kehoach-archive-")
os.chdir(TMP)
DB = os.path.join(TMP, "reg.db")
STORE = DB + "-archive"

# ---- a test certificate, made now ------------------------------------------
NSS = os.path.join(TMP, "nss")
os.mkdir(NSS)
for cmd in (["certutil", "-N", "-d", "sql:" + NSS, "--empty-password"],
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "k.pem",
             "-out", "c.pem", "-days", "30", "-subj", "/CN=Kehoach Test Signer/O=Test"],
            ["openssl", "pkcs12", "-export", "-inkey", "k.pem", "-in", "c.pem", "-name",
             "testsigner", "-out", "t.p12", "-passout", "pass:test"],
            ["pk12util", "-i", "t.p12", "-d", "sql:" + NSS, "-W", "test"]):
    r = run(cmd)
    if r.returncode != 0:
        sys.exit(f"run_archive.py: {' '.join(cmd)} failed: {r.stderr}")


def sign(src, dst):
    r = run(["pdfsig", "-nssdir", "sql:" + NSS, "-add-signature", "-nick", "testsigner",
             src, dst])
    if not check(r.returncode == 0 and os.path.exists(dst), f"pdfsig signs {src}", r.stderr):
        sys.exit(1)


def tamper(op, src, dst, *extra):
    r = run([sys.executable, TAMPER, op, src, dst] + [str(x) for x in extra])
    if r.returncode != 0:
        sys.exit(f"run_archive.py: tamper {op} failed: {r.stderr}")
    return dst


# ---- plans ------------------------------------------------------------------
# The sample marks its parent body unknown (its source does not print it);
# an issued document names its issuing body in full.
BASE = re.sub(r"(?m)^    parent: .*$", "    parent: UBND XÃ THỐNG NHẤT",
              open(SAMPLE, encoding="utf-8").read(), count=1)
TITLE = "  title: Vận động hiến máu tình nguyện năm 2026"
assert "  number: ~" in BASE and TITLE in BASE and "  date: 2026-05-24" in BASE


def plan(name, number="auto", title=None, date=None, extra=""):
    text = BASE.replace("  number: ~", "  number: " + number, 1)
    if title:
        text = text.replace(TITLE, "  title: " + title, 1)
    if date:
        text = text.replace("  date: 2026-05-24", "  date: " + date, 1)
    text = text.replace("document:\n", "document:\n" + extra, 1)
    path = os.path.join(TMP, name + ".yaml")
    open(path, "w", encoding="utf-8").write(text)
    return path


def issue(path, *args, **kw):
    return kh("issue", path, "--db", DB, *args, **kw)


def pdf_text(path):
    return run(["pdftotext", "-layout", path, "-"]).stdout


# ---- issue: numbering ---------------------------------------------------------
A = plan("a")
r = issue(A)
check(r.returncode == 0 and "issued 01/KH-BCĐ" in r.stdout, "issue: first number is 01", r.stdout + r.stderr)
check(os.path.exists("a.pdf") and "Số: 01/KH-BCĐ" in pdf_text("a.pdf"), "issue: the PDF carries 01/KH-BCĐ")
a_sha = sha("a.pdf")
r = issue(A)
check(r.returncode == 0 and "already issued as 01/KH-BCĐ" in r.stdout and sha("a.pdf") == a_sha,
      "issue: the same source again gets the same number and bytes", r.stdout + r.stderr)
B = plan("b", title="Vận động hiến máu tình nguyện đợt hai năm 2026")
r = issue(B)
check(r.returncode == 0 and "issued 02/KH-BCĐ" in r.stdout, "issue: second document is 02", r.stdout + r.stderr)
C = plan("c", title="Hiến máu tình nguyện đợt ba", date="2026-05-20")
r = issue(C)
check(r.returncode == 0 and "issued 03/KH-BCĐ" in r.stdout and "[issue-date-order]" in r.stderr,
      "issue: an earlier date than the last issued is a warning", r.stdout + r.stderr)
D = plan("d", title="Hiến máu tình nguyện đợt bốn", date="2026-05-19")
r = issue(D, "-Werror")
n_before = db_rows(DB, "select count(*) from documents")[0][0]
check(r.returncode == 1 and not os.path.exists("d.pdf") and n_before == 3,
      "issue: -Werror turns the date warning into an error; nothing registered", r.stdout + r.stderr)
E = plan("e", number="2", title="Một văn bản khác")
r = issue(E)
check(r.returncode == 1 and "[number-taken]" in r.stderr, "issue: a number already taken is an error", r.stderr)
F = plan("f", number="~", title="Chưa đánh số")
r = issue(F)
check(r.returncode == 1 and "[issue-number]" in r.stderr, "issue: number ~ cannot be issued", r.stderr)
G = plan("g", title="Bản dự thảo", extra="  draft: true\n")
r = issue(G)
check(r.returncode == 1 and "a draft cannot be issued" in r.stderr, "issue: a draft cannot be issued", r.stderr)
U = os.path.join(TMP, "transcribed.yaml")  # the sample as published: parent body unknown
open(U, "w", encoding="utf-8").write(open(SAMPLE, encoding="utf-8").read().replace("  number: ~", "  number: auto", 1))
u_db = os.path.join(TMP, "unknown.db")
r = kh("issue", U, "--db", u_db, "-o", os.path.join(TMP, "transcribed.pdf"))
check(r.returncode == 1 and "document.issuer.parent is 'unknown'" in r.stderr and "[issue-unknown]" in r.stderr
      and not os.path.exists(u_db) and not os.path.exists("transcribed.pdf"),
      "issue: a transcription with unknown header values is refused; nothing registered or written",
      r.stdout + r.stderr)
Y = plan("y2027", title="Kế hoạch năm sau", date="2027-01-03", extra="  year: 2026\n")
r = issue(Y)
check(r.returncode == 0 and "issued 01/KH-BCĐ of 2027-01-03" in r.stdout, "issue: numbers restart at 01 in a new year",
      r.stdout + r.stderr)
O = plan("other", title="Văn bản của ban khác")
text = re.sub(r"(?m)^    parent: .*$", "    parent: UBND XÃ MẪU SƠN", open(O, encoding="utf-8").read(), count=1) \
    .replace("full: Ban Chỉ đạo vận động hiến máu tình nguyện xã Thống Nhất",
             "full: Ban Chỉ đạo vận động hiến máu tình nguyện xã Mẫu Sơn", 1)
open(O, "w", encoding="utf-8").write(text)
r = issue(O)
check(r.returncode == 0 and "issued 01/KH-BCĐ" in r.stdout, "issue: another issuing body has its own series",
      r.stdout + r.stderr)
race_db = os.path.join(TMP, "race.db")
race = [plan(f"race{i}", title=f"Kế hoạch đua số {i}") for i in range(8)] + [A, A]
procs = [subprocess.Popen([BIN, "issue", p, "--db", race_db, "-o", os.path.join(TMP, f"race{i}.pdf")],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
         for i, p in enumerate(race)]
outs = [p.communicate(timeout=300) for p in procs]
nums = [n for (n,) in db_rows(race_db, "select CodeNumber from documents order by CodeNumber")]
check(all(p.returncode == 0 for p in procs) and nums == list(range(1, 10)) and
      sha("race8.pdf") == sha("race9.pdf"),
      "issue: ten at once (one plan twice) on a new register: 01..09, the twice-issued plan once",
      repr((nums, [(p.returncode, o[1][-200:]) for p, o in zip(procs, outs)])))
try:  # the editors' schema (kehoach schema) knows number: auto
    import json, jsonschema
    number = json.loads(kh("schema").stdout)["properties"]["document"]["properties"]["number"]
    for ok_value in ("auto", 5, None):
        jsonschema.validate(ok_value, number)
    check(True, "schema: number: auto is valid")
except ImportError:
    print("note: python3-jsonschema missing: schema not checked")
except Exception as e:  # a validation error
    check(False, "schema: number: auto is valid", str(e)[:500])
r = kh("build", A, "-o", "built.pdf")
check(r.returncode == 0 and re.search(r"Số:\s+/KH-BCĐ", pdf_text("built.pdf")) is not None,
      "build: number: auto prints a blank number", r.stderr)
env_db = os.path.join(TMP, "env.db")
r = kh("issue", A, "-o", "env.pdf", env={"KEHOACH_DB": env_db})
check(r.returncode == 0 and os.path.exists(env_db), "issue: KEHOACH_DB chooses the register", r.stderr)
os.mkdir("cwd")
r = kh("issue", A, "-o", "cwd.pdf", cwd=os.path.join(TMP, "cwd"), env={"KEHOACH_DB": ""})
check(r.returncode == 0 and os.path.exists("cwd/kehoach.db"), "issue: default register kehoach.db in the cwd", r.stderr)
row = db_rows(DB, "select CodeNumber, CodeNotation, IssuedDate, OrganName, TypeName, Subject, "
                  "PageAmount, SignerFullName, pdf_sha256, pdf_length, kehoach_version, fonts "
                  "from documents where CodeNumber = 1 and year = 2026 and organ_key like 'UBND XÃ THỐNG%'")[0]
check(row[:8] == (1, "KH-BCĐ", "2026-05-24", "Ban Chỉ đạo vận động hiến máu tình nguyện xã Thống Nhất",
                  "Kế hoạch", "Vận động hiến máu tình nguyện năm 2026", 3, "Vi Văn Tô")
      and row[8] == a_sha and row[9] == os.path.getsize("a.pdf") and row[10]
      and row[11].count("LiberationSerif") == 4, "register: the row holds the document's metadata", repr(row))
check(db_rows(DB, "pragma journal_mode")[0][0] == "wal" and db_rows(DB, "pragma user_version")[0][0] == 1,
      "register: WAL mode, schema version 1")

# ---- archive add: intact, unsigned, not ours ----------------------------------
sign("a.pdf", "s.pdf")
L = os.path.getsize("a.pdf")


def add(path, *args, **kw):
    return kh("archive", "add", path, "--db", DB, *args, **kw)


r = add("s.pdf")
stored = os.path.join(STORE, sha("s.pdf")[:2], sha("s.pdf") + ".pdf")
check(r.returncode == 0 and "ok: intact and signed" in r.stdout and "signature: valid" in r.stdout
      and "trust:" in r.stdout and os.path.exists(stored) and sha(stored) == sha("s.pdf"),
      "add: a signed copy is intact, valid and stored content-addressed", r.stdout + r.stderr)
r = add("s.pdf")
check(r.returncode == 0 and "already archived" in r.stdout, "add: the same copy again is already archived", r.stdout)
r = add("s.pdf", "--source", A)
check(r.returncode == 0, "add --source: the right plan", r.stdout)
r = add("s.pdf", "--source", B)
check(r.returncode == 4 and "not our bytes" in r.stdout, "add --source: another plan's build is not its prefix", r.stdout)
r = add("a.pdf")
check(r.returncode == 3 and "not signed" in r.stdout, "add: the unsigned build is intact but unsigned (3)", r.stdout)
r = add("s.pdf", env={"KEHOACH_PDFSIG": "/nonexistent/pdfsig"})
check(r.returncode == 0 and "not checked" in r.stdout, "add: without pdfsig the signature is reported as not checked",
      r.stdout)
r = add("s.pdf", "--nssdir", "sql:" + NSS)
check(r.returncode == 0 and "trust:" in r.stdout and "sql:" + NSS in r.stdout, "add: --nssdir reaches pdfsig", r.stdout)

# ---- one byte changed at 200 positions of the build ----------------------------
data = bytearray(open("s.pdf", "rb").read())
rng = random.Random(8)
positions = sorted(set([0, 1, L // 2, L - 2, L - 1] + rng.sample(range(L), 195)))[:200]
missed = []
for pos in positions:
    data[pos] ^= 0x01
    open("flip.pdf", "wb").write(data)
    data[pos] ^= 0x01
    r = add("flip.pdf")
    if r.returncode != 4 or "not our bytes" not in r.stdout:
        missed.append((pos, r.returncode))
check(len(positions) == 200 and not missed, "add: one changed byte at each of 200 positions of the build is detected",
      repr(missed[:10]))

# ---- changes after the build ----------------------------------------------------
cont = data.index(b"/Contents <", L) + len(b"/Contents <") + 40
while not chr(data[cont]).isdigit():
    cont += 1
r = add(tamper("flip", "s.pdf", "t1.pdf", cont))
check(r.returncode == 3 and "signature invalid" in r.stdout, "add: a changed /Contents digit: signature invalid (3)", r.stdout)
r = add(tamper("flip", "s.pdf", "t2.pdf", L + 3000))
check(r.returncode in (3, 5) and "INVALID" in r.stdout, "add: a changed byte in the signed update: signature invalid",
      r.stdout)
br = data.index(b"/ByteRange [0 ", L) + len(b"/ByteRange [0 ") + 2
r = add(tamper("flip", "s.pdf", "t3.pdf", br))
check(r.returncode == 5, "add: a changed /ByteRange is a structural change (5)", r.stdout)
r = add(tamper("append-revision", "s.pdf", "t4.pdf"))
check(r.returncode == 5 and "NOT SIGNED: added after the last signature" in r.stdout
      and "changed after signing" in r.stdout, "add: an update appended after the signature is flagged (5)", r.stdout)
r = add(tamper("append-xref-stream", "s.pdf", "t5.pdf"))
check(r.returncode == 5 and "cross-reference stream" in r.stdout and "NOT SIGNED" in r.stdout,
      "add: an appended cross-reference-stream update is read and flagged (5)", r.stdout)
r = run(["qpdf", "s.pdf", "t6.pdf"])
r = add("t6.pdf")
check(r.returncode == 4 and "not our bytes" in r.stdout, "add: a qpdf rewrite is not our bytes (4)", r.stdout)
r = add(tamper("truncate", "s.pdf", "t7.pdf", L - 100))
check(r.returncode == 4, "add: truncated inside the build (4)", r.stdout)
r = add(tamper("truncate", "s.pdf", "t8.pdf", os.path.getsize("s.pdf") - 50))
check(r.returncode == 5, "add: truncated inside the signed update (5)", r.stdout)
r = add(tamper("garbage", "s.pdf", "t9.pdf"))
check(r.returncode == 5 and "follow the %%EOF" in r.stdout, "add: garbage after %%EOF (5)", r.stdout)
for op in ("prev-loop", "offset-past-end", "startxref-past-end"):
    try:
        r = add(tamper(op, "s.pdf", op + ".pdf"), timeout=30)
        check(r.returncode == 5, f"add: {op} is a damaged update (5), no crash or hang", r.stdout + r.stderr)
    except subprocess.TimeoutExpired:
        check(False, f"add: {op} hangs")
# a signature re-encoded as DER (as other signing tools write it) leaves zero
# padding in /Contents that neither /ByteRange nor the signature covers
r = add(tamper("der-contents", "s.pdf", "der.pdf"))
check(r.returncode == 0 and "signature: valid" in r.stdout,
      "add: a DER-encoded signature with zero padding is intact and valid (0)", r.stdout)
r = add(tamper("der-contents", "s.pdf", "der-hidden.pdf", "4142"))
check(r.returncode == 5 and "non-zero bytes after the" in r.stdout and "signature: valid" in r.stdout,
      "add: bytes hidden in the padding of /Contents (pdfsig: valid) are a change after signing (5)",
      r.stdout)
sign("s.pdf", "s2.pdf")
r = add("s2.pdf")
check(r.returncode == 0 and r.stdout.count("valid (pdfsig") == 2, "add: two signatures, both valid (0)", r.stdout)

# ---- output safety around the register and the signed copies (issue 12) ---------
def hashes(*paths):
    return [sha(p) if os.path.exists(p) else None for p in paths]


kept = (DB, "s.pdf", "s2.pdf", stored)
before = hashes(*kept)
r = kh("archive", "export", "--db", DB, "--csv", DB, "--force")
check(r.returncode == 2 and "input of this run" in r.stderr and hashes(*kept) == before,
      "export --csv over the register is refused even with --force (2)", r.stdout + r.stderr)
r = kh("archive", "export", "--db", DB, "--csv", os.path.join(os.path.dirname(stored), "x.csv"), "--force")
check(r.returncode == 2 and "whose files this run must not change" in r.stderr and hashes(*kept) == before,
      "export --csv into the store of signed copies is refused even with --force (2)", r.stdout + r.stderr)
r = issue(A, "-o", stored, "--force")
check(r.returncode == 2 and "whose files this run must not change" in r.stderr and hashes(*kept) == before,
      "issue -o a stored signed copy is refused even with --force (2)", r.stdout + r.stderr)
r = kh("build", A, "-o", "s.pdf")
check(r.returncode == 2 and "signed or changed after" in r.stderr and hashes(*kept) == before,
      "build -o a signed copy of a kehoach PDF needs --force (2)", r.stdout + r.stderr)
shutil.copy("a.pdf", "again.pdf")
r = kh("build", A, "-o", "again.pdf")
check(r.returncode == 0, "build -o an unsigned kehoach PDF replaces it (0)", r.stdout + r.stderr)
os.mkfifo("fifo.pdf")
for args in (("fifo.pdf",), ("s.pdf", "--source", "fifo.pdf")):
    try:
        r = add(*args, timeout=20)
        check(r.returncode == 2 and "not a regular file" in r.stderr,
              f"add {' '.join(args)}: a FIFO is refused at once (2)", r.stdout + r.stderr)
    except subprocess.TimeoutExpired:
        check(False, f"add {' '.join(args)}: hangs on a FIFO with no writer")
os.unlink("fifo.pdf")
# pdfsig prints the certificate's names as they are: a hostile signer name
# must not reach the terminal or the register as escape sequences
fake = os.path.join(TMP, "pdfsig-escapes")
open(fake, "w").write(f"""#!{sys.executable}
import subprocess, sys
out = subprocess.run([{shutil.which("pdfsig")!r}] + sys.argv[1:], capture_output=True,
                     close_fds=False).stdout
sys.stdout.buffer.write(out.replace(b"Kehoach Test Signer", b"\\x1b]0;PWNED\\x07\\x1b[31mEvil"))
""")
os.chmod(fake, 0o755)
r = add("s.pdf", env={"KEHOACH_PDFSIG": fake})
check(r.returncode == 0 and "\x1b" not in r.stdout + r.stderr and "\\x1B]0;PWNED\\x07" in r.stdout,
      "add: a signer name with terminal escapes is printed escaped", r.stdout + r.stderr)
r = kh("build", "\x1b]0;PWNED\x07.yaml")
check(r.returncode == 2 and "\x1b" not in r.stderr and "\\x1B]0;PWNED" in r.stderr,
      "an environment error quoting a path with escapes prints them escaped", r.stderr)

# ---- concurrent adds --------------------------------------------------------------
for n in ("b", "c"):
    sign(n + ".pdf", "s" + n + ".pdf")
tamper("append-revision", "s2.pdf", "x.pdf")
sign("x.pdf", "sx.pdf")  # signed again over the appended update: valid
procs = [subprocess.Popen([BIN, "archive", "add", p, "--db", DB], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) for p in ("sb.pdf", "sc.pdf", "sx.pdf")]
outs = [p.communicate(timeout=120) for p in procs]
check(all(p.returncode == 0 for p in procs) and
      db_rows(DB, "select count(*) from signed_copies")[0][0] == 6,
      "add: three adds at once all succeed", repr([(p.returncode, o[1]) for p, o in zip(procs, outs)]))

# ---- verify -----------------------------------------------------------------------
r = kh("archive", "verify", "--db", DB)
check(r.returncode == 0 and "6 stored copies: 6 intact" in r.stdout, "verify: all intact", r.stdout + r.stderr)
with open(stored, "ab") as f:
    f.write(b"\n")
os.rename(os.path.join(STORE, sha("sb.pdf")[:2], sha("sb.pdf") + ".pdf"), "moved.pdf")
r = kh("archive", "verify", "--db", DB)
check(r.returncode == 1 and "changed:" in r.stdout and "missing:" in r.stdout,
      "verify: a changed and a missing copy are reported (1)", r.stdout)
os.truncate(stored, os.path.getsize("s.pdf"))
os.rename("moved.pdf", os.path.join(STORE, sha("sb.pdf")[:2], sha("sb.pdf") + ".pdf"))
orphan = os.path.join(STORE, "ab", "ab" + "0" * 62 + ".pdf")
os.makedirs(os.path.dirname(orphan), exist_ok=True)
open(orphan, "wb").write(b"%PDF-1.5 orphan")
r = kh("archive", "verify", "--rebuild", "--db", DB)
check(r.returncode == 0 and not os.path.exists(orphan) and "removed:" in r.stdout
      and "rebuilt byte for byte, 0 not" in r.stdout, "verify --rebuild: orphans removed, every plan rebuilds",
      r.stdout + r.stderr)

# ---- list and export ----------------------------------------------------------------
r = kh("archive", "list", "--db", DB)
check(r.returncode == 0 and "01/KH-BCĐ" in r.stdout and "03/KH-BCĐ" in r.stdout, "list: the register", r.stdout)
r = kh("archive", "list", "--db", DB, "--year", "2025")
check(r.returncode == 0 and "no documents match" in r.stdout, "list --year: an empty year", r.stdout)
r = kh("archive", "list", "--db", DB, "--issuer", "Mẫu Sơn")
check(r.returncode == 0 and "MẪU SƠN" in r.stdout and "THỐNG NHẤT" not in r.stdout, "list --issuer: one body",
      r.stdout)
r = kh("archive", "export", "--db", DB, "--year", "2026", "--issuer", "Thống Nhất", "--csv", "book.csv",
       "--pdf", "book.pdf")
csv = open("book.csv", encoding="utf-8-sig").read() if os.path.exists("book.csv") else ""
text = pdf_text("book.pdf") if os.path.exists("book.pdf") else ""
check(r.returncode == 0 and csv.startswith("CodeNumber,CodeNotation,IssuedDate") and csv.count("\n") == 4
      and "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in text and "03/KH-BCĐ" in text and "Người ký" in text,
      "export: the register book as CSV and as a PDF table", r.stdout + r.stderr + csv + text[:500])
r = kh("archive", "export", "--db", DB, "--pdf", "all.pdf")
check(r.returncode == 2 and "more than one register book" in r.stderr, "export: one book per body and year",
      r.stderr)

# ---- environment errors -------------------------------------------------------------
r = kh("archive", "list", "--db", os.path.join(TMP, "none.db"))
check(r.returncode == 2 and "no register at" in r.stderr, "no register: a clear error (2)", r.stderr)
open("text.db", "w").write("not a database at all, just some text " * 100)
r = kh("archive", "list", "--db", "text.db")
check(r.returncode == 2 and "not a kehoach register" in r.stderr, "a file that is not a register (2)", r.stderr)
con = sqlite3.connect("other.db")
con.execute("create table t(x)")
con.commit()
con.close()
r = issue(A, "--db", "other.db")
check(r.returncode == 2 and "another program" in r.stderr, "another program's database is left alone (2)", r.stderr)
shutil.copy(DB, "future.db")
con = sqlite3.connect("future.db")
con.execute("pragma user_version = 99")
con.commit()
con.close()
r = kh("archive", "list", "--db", "future.db")
check(r.returncode == 2 and "schema version 99" in r.stderr, "a newer schema is refused (2)", r.stderr)

# read-only register: as root, permissions do not stop writes, so drop to nobody
ro_dir = os.path.join(TMP, "ro")
os.mkdir(ro_dir)
shutil.copy(DB, os.path.join(ro_dir, "reg.db"))
shutil.copy(A, os.path.join(ro_dir, "a.yaml"))
os.chmod(os.path.join(ro_dir, "reg.db"), 0o444)
os.chmod(ro_dir, 0o755)
prefix = []
if os.geteuid() == 0:
    os.chmod(TMP, 0o755)
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
r = run(prefix + [BIN, "issue", "a.yaml", "--db", "reg.db", "-o", "/dev/null"], cwd=ro_dir)
check(r.returncode == 2 and "read-only" in r.stderr, "a read-only register is a clear error (2)", r.stdout + r.stderr)
r = run(prefix + [BIN, "archive", "list", "--db", "reg.db"], cwd=ro_dir)
check(r.returncode == 0 and "01/KH-BCĐ" in r.stdout, "a read-only register can still be listed", r.stderr)

# disk full: a 400 KiB tmpfs in a private mount namespace (else a file-size limit)
full_dir = os.path.join(TMP, "full")
os.mkdir(full_dir)
shutil.copy(DB, os.path.join(full_dir, "reg.db"))
shutil.copy(plan("h", title="Kế hoạch khi đĩa đầy"), os.path.join(full_dir, "h.yaml"))
before = sha(os.path.join(full_dir, "reg.db"))
# the paths quoted: the clone may live in "~/Tài liệu"
q_dir, q_bin = shlex.quote(full_dir), shlex.quote(BIN)
script = (f"mount -t tmpfs -o size=400k tmpfs {q_dir}/mnt && cp {q_dir}/reg.db {q_dir}/mnt/ && "
          f"head -c 300000 /dev/zero > {q_dir}/mnt/filler; "
          f"{q_bin} issue {q_dir}/h.yaml --db {q_dir}/mnt/reg.db -o {q_dir}/mnt/h.pdf; rc=$?; "
          f"cp {q_dir}/mnt/reg.db {q_dir}/after.db; ls {q_dir}/mnt > {q_dir}/ls.txt; exit $rc")
os.mkdir(os.path.join(full_dir, "mnt"))
r = run(["unshare", "-m", "sh", "-c", script])
if not os.path.exists(os.path.join(full_dir, "after.db")) or ("mount" in r.stderr and r.returncode != 2):
    # no mount namespace or tmpfs here (a normal user, a container): a
    # file-size limit stands in for the full disk
    print("note: no tmpfs in a mount namespace; a file-size limit stands in for a full disk")
    import resource
    r = subprocess.run([BIN, "issue", os.path.join(full_dir, "h.yaml"), "--db",
                        os.path.join(full_dir, "reg.db"), "-o", os.path.join(full_dir, "h.pdf")],
                       capture_output=True, text=True,
                       preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (60000, 60000)))
    shutil.copy(os.path.join(full_dir, "reg.db"), os.path.join(full_dir, "after.db"))
    open(os.path.join(full_dir, "ls.txt"), "w").write("\n".join(os.listdir(full_dir)))
n_after = db_rows(os.path.join(full_dir, "after.db"), "select count(*) from documents")[0][0]
listing = open(os.path.join(full_dir, "ls.txt")).read()
check(r.returncode == 2 and n_after == db_rows(DB, "select count(*) from documents")[0][0]
      and "h.pdf" not in listing and ".tmp-" not in listing,
      "disk full: exit 2, nothing registered, no file", r.stdout + r.stderr + listing)

# ---- kill -9 in the middle ------------------------------------------------------------
kdb = os.path.join(TMP, "kill.db")
issued = []
for i in range(12):
    p = plan(f"k{i}", title=f"Kế hoạch số {i} kiểm tra ngắt")
    out = os.path.join(TMP, f"k{i}.pdf")
    proc = subprocess.Popen([BIN, "issue", p, "--db", kdb, "-o", out], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    time.sleep(random.Random(i).uniform(0.0, 0.35))
    proc.kill()
    proc.wait()
    issued.append((p, out))
ok = db_rows(kdb, "pragma integrity_check")[0][0] == "ok" if os.path.exists(kdb) else True
# killed before the first commit, the file may exist with no tables yet
has_table = os.path.exists(kdb) and db_rows(
    kdb, "select count(*) from sqlite_schema where name = 'documents'")[0][0] == 1
nums = [n for (n,) in db_rows(kdb, "select CodeNumber from documents order by CodeNumber")] \
    if has_table else []
consistent = all(not os.path.exists(out) or has_table and
                 db_rows(kdb, "select count(*) from documents where pdf_sha256 = ?", (sha(out),))[0][0] == 1
                 for _, out in issued)
check(ok and nums == list(range(1, len(nums) + 1)) and consistent,
      "kill -9 during issue: consistent register, numbers without gaps, no partial PDF",
      repr((ok, nums, consistent)))
for p, out in issued:  # issuing again completes what was killed
    kh("issue", p, "--db", kdb, "-o", out)
nums = [n for (n,) in db_rows(kdb, "select CodeNumber from documents order by CodeNumber")]
# a killed writer's temporary PDF (outfile.h) is removed by the next run
# writing into that directory
temps = [f for f in os.listdir(TMP) if ".tmp-" in f]
check(nums == list(range(1, 13)) and all(os.path.exists(out) for _, out in issued) and not temps,
      "kill -9 during issue: issuing again completes the series, no stray file", repr((nums, temps)))

copies = ["s.pdf", "sb.pdf", "sc.pdf", "s2.pdf", "sx.pdf"]
kdb2 = os.path.join(TMP, "kill2.db")
shutil.copy(DB, kdb2)
con = sqlite3.connect(kdb2)
con.execute("delete from signed_copies")
con.commit()
con.close()
bad = []
for i in range(15):
    c = copies[i % len(copies)]
    proc = subprocess.Popen([BIN, "archive", "add", c, "--db", kdb2], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    time.sleep(random.Random(100 + i).uniform(0.0, 0.3))
    proc.kill()
    proc.wait()
    rows = {p for (p,) in db_rows(kdb2, "select path from signed_copies")}
    stored_rows = {p for (p,) in db_rows(kdb2, "select path from signed_copies where state = 'stored'")}
    files = set()
    for dirpath, _, names in os.walk(kdb2 + "-archive"):
        files |= {os.path.relpath(os.path.join(dirpath, n), kdb2 + "-archive") for n in names
                  if n != ".lock"}  # the store's lock (archive.h), not a copy
    if db_rows(kdb2, "pragma integrity_check")[0][0] != "ok" or not files <= rows \
            or not stored_rows <= files:
        bad.append((i, sorted(files - rows), sorted(stored_rows - files)))
check(not bad, "kill -9 during archive add: no file without its row, no stored row without its file",
      repr(bad))
r = kh("archive", "verify", "--db", kdb2)
pending = db_rows(kdb2, "select count(*) from signed_copies where state = 'pending'")[0][0]
check(r.returncode == 0 and pending == 0, "kill -9 during archive add: verify resolves interrupted adds",
      r.stdout + r.stderr)

print(f"{passed} passed, {failed} failed")
if failed == 0:
    shutil.rmtree(TMP, ignore_errors=True)
else:
    print(f"files kept in {TMP}")
sys.exit(1 if failed else 0)
