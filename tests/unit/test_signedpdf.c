/* test_signedpdf.c - unit tests for signedpdf.c.
 *
 * In: small synthetic PDFs built here the way signers build them: a
 * "build" (one object, a cross-reference table, startxref, %%EOF) followed
 * by incremental updates, some with a signature dictionary whose
 * /ByteRange is patched in after the update is laid out.  The signatures
 * are structural only (zero bytes for /Contents): cryptography is pdfsig's.
 * Out: one cmocka group "signedpdf": sound chains, flagged updates, broken
 * chains (loops, offsets past the end, missing /Prev), cross-reference
 * streams, and every truncation and many byte flips never giving a clean
 * verdict or a crash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include "testutil.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "arena.h"
#include "signedpdf.h"

/* ---- building test files ---------------------------------------------- */

typedef struct Pdf {
  Arena *a;
  StrBuf b;
  size_t build_len;
  size_t last_xref; /* startxref of the last section */
  int size;         /* /Size of the last trailer */
} Pdf;

static void pdf_build(Pdf *p, Arena *a) {
  memset(p, 0, sizeof *p);
  p->a = a;
  strbuf_puts(a, &p->b, "%PDF-1.5\n");
  size_t o1 = p->b.len;
  strbuf_puts(a, &p->b, "1 0 obj\n<< /Type /Catalog /Outlines 2 0 R >>\nendobj\n");
  size_t o2 = p->b.len;
  /* cairo's outline items contain /Prev: the reader must not be fooled */
  strbuf_puts(a, &p->b, "2 0 obj\n<< /Title (x) /Prev 9 0 R /Next 9 0 R >>\nendobj\n");
  p->last_xref = p->b.len;
  strbuf_printf(a, &p->b,
                "xref\n0 3\n0000000000 65535 f \n%010zu 00000 n \n%010zu 00000 n \n"
                "trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
                o1, o2, p->last_xref);
  p->size = 3;
  p->build_len = p->b.len;
}

typedef struct UpdateOpts {
  bool sign;
  long prev;          /* -1: the real previous startxref */
  long obj_offset;    /* -1: the real offset */
  long br0;           /* first /ByteRange number (0 normally) */
  long br_end_delta;  /* added to the end of the second range */
  bool no_prev;
  const char *contents; /* replaces the /Contents value */
} UpdateOpts;

static const UpdateOpts plain_update = {false, -1, -1, 0, 0, false, NULL};
static const UpdateOpts signed_update = {true, -1, -1, 0, 0, false, NULL};

/* Appends an update with one new object (a signature dictionary if
 * o->sign) and a cross-reference table. */
static void pdf_update(Pdf *p, const UpdateOpts *o) {
  Arena *a = p->a;
  int obj = p->size;
  size_t off = p->b.len;
  size_t br_at = 0, contents_at = 0, contents_end = 0;
  if (o->sign) {
    strbuf_printf(a, &p->b, "%d 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite "
                            "/SubFilter /adbe.pkcs7.detached /Contents ", obj);
    contents_at = p->b.len;
    strbuf_puts(a, &p->b, o->contents ? o->contents
                                      : "<0000000000000000000000000000000000000000>");
    contents_end = p->b.len;
    strbuf_puts(a, &p->b, " /ByteRange [");
    br_at = p->b.len;
    strbuf_puts(a, &p->b, "0000000000 0000000000 0000000000 0000000000] >>\nendobj\n");
  } else {
    strbuf_printf(a, &p->b, "%d 0 obj\n<< /Title (update) >>\nendobj\n", obj);
  }
  size_t xref = p->b.len;
  strbuf_printf(a, &p->b, "xref\n0 1\n0000000000 65535 f \n%d 1\n%010ld 00000 n \n",
                obj, o->obj_offset >= 0 ? o->obj_offset : (long)off);
  if (o->no_prev)
    strbuf_printf(a, &p->b, "trailer\n<< /Size %d /Root 1 0 R >>\n", obj + 1);
  else
    strbuf_printf(a, &p->b, "trailer\n<< /Size %d /Root 1 0 R /Prev %ld >>\n", obj + 1,
                  o->prev >= 0 ? o->prev : (long)p->last_xref);
  strbuf_printf(a, &p->b, "startxref\n%zu\n%%%%EOF\n", xref);
  if (o->sign) { /* patch the byte range: everything but /Contents */
    char nums[48];
    long end = (long)p->b.len + o->br_end_delta;
    snprintf(nums, sizeof nums, "%010ld %010zu %010zu %010ld", o->br0, contents_at,
             contents_end, end - (long)contents_end);
    memcpy(p->b.data + br_at, nums, 43);
  }
  p->last_xref = xref;
  p->size = obj + 1;
}

/* An update whose cross-reference section is a Flate stream with the PNG
 * Up predictor, as PDF 1.5 writers make them. */
static void pdf_stream_update(Pdf *p) {
  Arena *a = p->a;
  int obj = p->size;
  size_t off = p->b.len;
  strbuf_printf(a, &p->b, "%d 0 obj\n<< /Title (stream update) >>\nendobj\n", obj);
  size_t xref = p->b.len;
  unsigned char rows[2][7] = {{1, 0, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0, 0}};
  for (int i = 0; i < 4; i++) {
    rows[0][1 + i] = (unsigned char)(off >> (24 - 8 * i));
    rows[1][1 + i] = (unsigned char)(xref >> (24 - 8 * i));
  }
  unsigned char raw[16];
  for (int r = 0; r < 2; r++) {
    raw[r * 8] = 2;
    for (int i = 0; i < 7; i++)
      raw[r * 8 + 1 + i] = (unsigned char)(rows[r][i] - (r ? rows[r - 1][i] : 0));
  }
  unsigned char z[64];
  uLongf zlen = sizeof z;
  assert_int_equal(compress(z, &zlen, raw, sizeof raw), Z_OK);
  strbuf_printf(a, &p->b,
                "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%d 2] /Root 1 0 R "
                "/Prev %zu /Filter /FlateDecode /DecodeParms << /Columns 7 /Predictor 12 >> "
                "/Length %lu >>\nstream\n",
                obj + 1, obj + 2, obj, p->last_xref, (unsigned long)zlen);
  strbuf_append(a, &p->b, (const char *)z, zlen);
  strbuf_printf(a, &p->b, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", xref);
  p->last_xref = xref;
  p->size = obj + 2;
}

static void read_pdf(Pdf *p, size_t len, SpReport *r) {
  signedpdf_read(p->a, (const unsigned char *)p->b.data, len, p->build_len, r);
}

/* A verdict with nothing to object to: well formed, nothing trailing,
 * signed up to the last update. */
static bool clean(const SpReport *r) {
  for (int i = 0; i < r->nsigs; i++)
    if (r->sigs[i].problem)
      return false;
  return !r->problem && r->trailing == 0 && r->last_signed == r->nrevs - 1;
}

/* ---- sound files ------------------------------------------------------- */

static void test_sound(void **state) {
  Pdf p;
  SpReport r;
  pdf_build(&p, *state);
  read_pdf(&p, p.b.len, &r);
  assert_null(r.problem);
  check_int(r.nrevs, 1, "build only: one revision");
  check_int(r.last_signed, -1, "build only: unsigned");
  check_int((long long)r.trailing, 0, "build only: nothing after");

  pdf_update(&p, &signed_update);
  read_pdf(&p, p.b.len, &r);
  if (!clean(&r))
    fail_msg("one signed update: %s / %s", r.problem ? r.problem : "-",
             r.nsigs ? (r.sigs[0].problem ? r.sigs[0].problem : "-") : "no sig");
  check_int(r.nrevs, 2, "one update");
  check_int((long long)r.revs[1].start, (long long)p.build_len, "update starts at the build's end");
  check_int((long long)r.revs[1].end, (long long)p.b.len, "update ends at the end");
  check_int(r.revs[1].objects[0], 3, "the update's object");
  check_str(r.sigs[0].subfilter, "adbe.pkcs7.detached", "subfilter");

  pdf_update(&p, &signed_update); /* a second signer */
  read_pdf(&p, p.b.len, &r);
  assert_true(clean(&r));
  check_int(r.last_signed, 2, "two signatures");

  pdf_stream_update(&p);
  pdf_update(&p, &signed_update);
  read_pdf(&p, p.b.len, &r);
  if (!clean(&r))
    fail_msg("stream then signed: %s", r.problem ? r.problem : "-");
  assert_true(r.revs[3].xref_stream);
  check_int(r.revs[3].nobjects, 2, "the stream update's objects (itself included)");

  /* signatures padded with zeros: DER (definite lengths) and BER
   * (indefinite, ended by 00 00), as signing tools write them */
  static const char *const padded[] = {"<3003020101000000>", "<30800201010000000000>",
                                       "<3081030201010000>", "<0400000000>"};
  for (size_t i = 0; i < sizeof padded / sizeof *padded; i++) {
    UpdateOpts o = signed_update;
    o.contents = padded[i];
    pdf_build(&p, *state);
    pdf_update(&p, &o);
    read_pdf(&p, p.b.len, &r);
    if (!clean(&r))
      fail_msg("%s: %s", padded[i], r.nsigs && r.sigs[0].problem ? r.sigs[0].problem : "-");
  }
}

/* ---- flagged and broken ------------------------------------------------- */

static void test_flagged(void **state) {
  Pdf p;
  SpReport r;
  pdf_build(&p, *state);
  pdf_update(&p, &signed_update);
  size_t signed_len = p.b.len;
  pdf_update(&p, &plain_update);
  read_pdf(&p, p.b.len, &r);
  assert_null(r.problem);
  check_int(r.last_signed, 1, "an update after the signature: last signed is 1");
  check_int(r.nrevs, 3, "... of 3 revisions");

  pdf_build(&p, *state);
  pdf_stream_update(&p);
  read_pdf(&p, p.b.len, &r);
  assert_null(r.problem);
  check_int(r.last_signed, -1, "an unsigned stream update");

  /* garbage after %%EOF */
  pdf_build(&p, *state);
  pdf_update(&p, &signed_update);
  strbuf_puts(p.a, &p.b, "garbage\n");
  read_pdf(&p, p.b.len, &r);
  check_int((long long)r.trailing, 8, "garbage after %%EOF is trailing");
  (void)signed_len;

  static const struct {
    UpdateOpts o;
    const char *want; /* in the problem text; NULL: a signature problem */
    const char *title;
  } cases[] = {
      {{false, 5, -1, 0, 0, false, NULL}, "inside the registered build", "/Prev into the build"},
      {{false, -1, -1, 0, 0, true, NULL}, "no /Prev", "no /Prev"},
      {{false, -1, 999999, 0, 0, false, NULL}, "past the end", "object offset past the end"},
      {{false, -1, 20, 0, 0, false, NULL}, "outside the update", "object offset in the build"},
      {{true, -1, -1, 1, 0, false, NULL}, NULL, "/ByteRange not from 0"},
      {{true, -1, -1, 0, -10, false, NULL}, NULL, "/ByteRange short of the end"},
      {{true, -1, -1, 0, 0, false, "(a literal string)"}, NULL, "/Contents not hexadecimal"},
      {{true, -1, -1, 0, 0, false, "<300302010100004100>"}, NULL, "data after a DER signature"},
      {{true, -1, -1, 0, 0, false, "<308002010100000000FF>"}, NULL, "data after a BER signature"},
      {{true, -1, -1, 0, 0, false, "<30030201010000004>"}, NULL, "an odd digit after the signature"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    pdf_build(&p, *state);
    pdf_update(&p, &cases[i].o);
    read_pdf(&p, p.b.len, &r);
    if (cases[i].want) {
      if (!r.problem || !strstr(r.problem, cases[i].want))
        fail_msg("%s: problem '%s'", cases[i].title, r.problem ? r.problem : "(none)");
    } else if (r.nsigs != 1 || !r.sigs[0].problem) {
      fail_msg("%s: no signature problem", cases[i].title);
    }
    assert_false(clean(&r));
  }

  /* a /Prev loop: the update's trailer points to its own table */
  pdf_build(&p, *state);
  size_t xref_at = p.b.len + strlen("3 0 obj\n<< /Title (update) >>\nendobj\n");
  UpdateOpts loop = plain_update;
  loop.prev = (long)xref_at;
  pdf_update(&p, &loop);
  read_pdf(&p, p.b.len, &r);
  assert_non_null(r.problem);
  assert_non_null(strstr(r.problem, "loops"));

  /* startxref past the end */
  pdf_build(&p, *state);
  strbuf_puts(p.a, &p.b, "startxref\n99999999\n%%EOF\n");
  read_pdf(&p, p.b.len, &r);
  assert_non_null(r.problem);
  assert_non_null(strstr(r.problem, "past the end"));
}

/* ---- robustness ----------------------------------------------------------- */

/* Every truncation between the build and the end: never clean, never a
 * crash (run under ASan by make asan). */
static void test_truncations(void **state) {
  Pdf p;
  SpReport r;
  pdf_build(&p, *state);
  pdf_update(&p, &signed_update);
  pdf_update(&p, &signed_update);
  size_t first_end = 0;
  read_pdf(&p, p.b.len, &r);
  first_end = r.revs[1].end;
  for (size_t len = p.build_len + 1; len < p.b.len; len++) {
    read_pdf(&p, len, &r);
    if (clean(&r) && len != first_end)
      fail_msg("truncated to %zu of %zu bytes: clean verdict", len, p.b.len);
  }
}

/* One byte changed at every position after the build: never clean unless
 * the byte is inside a /Contents string (pdfsig's job), never a crash. */
static void test_flips(void **state) {
  Pdf p;
  SpReport r;
  pdf_build(&p, *state);
  pdf_update(&p, &signed_update);
  pdf_stream_update(&p);
  pdf_update(&p, &signed_update);
  read_pdf(&p, p.b.len, &r);
  assert_true(clean(&r));
  for (size_t pos = p.build_len; pos < p.b.len; pos++) {
    bool in_contents = false;
    for (int i = 0; i < r.nsigs; i++)
      in_contents |= pos > r.sigs[i].contents_start && pos + 1 < r.sigs[i].contents_end;
    char saved = p.b.data[pos];
    for (int k = 0; k < 3; k++) {
      static const char repl[] = {'\x01', '9', ' '};
      if (repl[k] == saved)
        continue;
      p.b.data[pos] = repl[k];
      SpReport f;
      read_pdf(&p, p.b.len, &f);
      (void)in_contents;
      /* digits inside numbers may still describe a consistent file only
       * where they are not structure: the stream's compressed bytes and
       * /Contents.  Anything clean must keep the same revisions. */
      if (clean(&f) && f.nrevs != r.nrevs)
        fail_msg("flip at %zu: clean with %d revisions", pos, f.nrevs);
    }
    p.b.data[pos] = saved;
  }
}

/* Hostile dictionaries: deep nesting, huge counts, unterminated strings. */
static void test_hostile(void **state) {
  Arena *a = *state;
  static const char *const updates[] = {
      "3 0 obj\n<< /A [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ >>\nendobj\n",
      "3 0 obj\n<< /A (unterminated >>\nendobj\n",
      "3 0 obj\n<< /ByteRange [0 1 2] /Contents <00> >>\nendobj\n",
      "3 0 obj\n<< /ByteRange [-5 99999999999999999999 2 3] /Contents <00> >>\nendobj\n",
      "3 0 obj\n<< /A <</B <</C <</D <</E <</F <</G <</H <</I <</J <</K <</L <</M <</N "
      "<</O <</P <</Q <</R <</S <</T <</U <</V <</W <</X <</Y <</Z <</a <</b <</c <</d "
      "<</e <</f <</g <</h <</i <</j >> >> >> >> >> >> >> >> >> >> >> >> >> >> >> >> >> "
      ">> >> >> >> >> >> >> >> >> >> >> >> >> >> >> >> >> >> >>\nendobj\n",
  };
  for (size_t i = 0; i < sizeof updates / sizeof updates[0]; i++) {
    Pdf p;
    SpReport r;
    pdf_build(&p, a);
    size_t off = p.b.len;
    strbuf_puts(a, &p.b, updates[i]);
    size_t xref = p.b.len;
    strbuf_printf(a, &p.b, "xref\n3 1\n%010zu 00000 n \ntrailer\n<< /Size 4 /Prev %zu >>\n"
                           "startxref\n%zu\n%%%%EOF\n", off, p.last_xref, xref);
    read_pdf(&p, p.b.len, &r);
    if (clean(&r))
      fail_msg("hostile update %zu: clean verdict", i);
  }
  /* a subsection claiming more entries than the file holds */
  Pdf p;
  SpReport r;
  pdf_build(&p, a);
  size_t xref = p.b.len;
  strbuf_printf(a, &p.b, "xref\n0 2000000000\ntrailer\n<< /Size 4 /Prev %zu >>\n"
                         "startxref\n%zu\n%%%%EOF\n", p.last_xref, xref);
  read_pdf(&p, p.b.len, &r);
  assert_non_null(r.problem);
  /* a prefix length that does not end a PDF */
  signedpdf_read(a, (const unsigned char *)p.b.data, p.b.len, 10, &r);
  assert_non_null(r.problem);
  signedpdf_read(a, (const unsigned char *)p.b.data, 5, 10, &r);
  assert_non_null(r.problem);
}

/* The fuzzing seeds, past crashes (regress-*) among them: the build ends
 * after the first %%EOF line, as in fuzz_signedpdf.c; the report keeps its
 * invariants. */
static void test_seeds(void **state) {
  Arena *a = *state;
  const char *dir = "tests/fuzz/seeds_signedpdf";
  GDir *d = g_dir_open(dir, 0, NULL);
  if (!d)
    fail_msg("cannot open %s (run from the repository root)", dir);
  int n = 0;
  const char *name;
  while ((name = g_dir_read_name(d))) {
    char *path = g_build_filename(dir, name, NULL);
    gchar *data;
    gsize len;
    assert_true(g_file_get_contents(path, &data, &len, NULL));
    const char *eof = g_strstr_len(data, (gssize)len, "%%EOF");
    size_t prefix = eof ? (size_t)(eof - data) + 5 : len / 2 + 1;
    if (prefix < len && data[prefix] == '\n')
      prefix++;
    SpReport r;
    signedpdf_read(a, (const unsigned char *)data, len, prefix, &r);
    assert_true(r.nrevs >= 1 && r.revs[0].end == prefix);
    for (int k = 1; k < r.nrevs; k++)
      if (r.revs[k].start != r.revs[k - 1].end || r.revs[k].end > len)
        fail_msg("%s: revision %d is not contiguous", name, k);
    if (g_str_has_prefix(name, "signed.") && !clean(&r))
      fail_msg("%s: want a clean verdict: %s", name, r.problem ? r.problem : "-");
    g_free(data);
    g_free(path);
    n++;
  }
  g_dir_close(d);
  assert_true(n >= 5);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_sound, setup_arena, teardown_arena),
      cmocka_unit_test_setup_teardown(test_flagged, setup_arena, teardown_arena),
      cmocka_unit_test_setup_teardown(test_truncations, setup_arena, teardown_arena),
      cmocka_unit_test_setup_teardown(test_flips, setup_arena, teardown_arena),
      cmocka_unit_test_setup_teardown(test_hostile, setup_arena, teardown_arena),
      cmocka_unit_test_setup_teardown(test_seeds, setup_arena, teardown_arena),
  };
  return cmocka_run_group_tests_name("signedpdf", tests, NULL, NULL);
}
