/* cmd_issue.c - `kehoach issue plan.yaml [-o out.pdf] [--db FILE]`: number a
 * plan in the register and build its final PDF.
 *
 * A plan with `number: auto` gets the next number of its issuing body for
 * the year of its date (Decree 30, art. 15: numbers run from 01 on
 * 1 January, per issuer); a plan with a number keeps it if it is free.  The
 * register records the number with the source and the PDF's SHA-256 and
 * length, so a signed copy can later be proved to be this build.
 *
 * Race-free: the next number is read, the PDF built and the row inserted in
 * one IMMEDIATE transaction, so concurrent issues queue on the register's
 * write lock.  Idempotent: the same source bytes get the same number again
 * (and must rebuild to the same bytes).  Failure-safe: the PDF is written
 * to a temporary file beside the output and synced before the commit, and
 * renamed into place after it; a failure before the commit changes
 * nothing, and one after it is repaired by issuing again.  A kill -9
 * leaves the register consistent, but the temporary file stays until the
 * next kehoach run writing into that directory removes it (outfile.h).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "archive.h"
#include "errmsg.h"
#include "i18n.h"
#include "cli.h"
#include "load.h"
#include "outfile.h"
#include "pipeline.h"
#include "register.h"

typedef struct IssueOptions {
  gchar *output, *db;
  gboolean force;
} IssueOptions;

/* The header values a transcription may leave `unknown` (model.h), by
 * name.  An issued document states every one of them: build would print
 * the editorial mark "[…]" in their place. */
static const struct {
  const char *key;
  size_t offset; /* of a Str in Plan */
} header_strs[] = {
    {"document.issuer.parent", offsetof(Plan, parent)},
    {"document.issuer.short", offsetof(Plan, issuer_short)},
    {"document.issuer.full", offsetof(Plan, issuer_full)},
    {"document.place", offsetof(Plan, place)},
    {"signature.authority", offsetof(Plan, sig_authority)},
    {"signature.title", offsetof(Plan, sig_title)},
    {"signature.position", offsetof(Plan, sig_position)},
    {"signature.name", offsetof(Plan, sig_name)},
    {"archive_copy", offsetof(Plan, archive_copy)},
};

static bool refuse_unknown_at(Diags *dg, Span at, const char *key) {
  Diag *d = diag_add(dg, DIAG_ISSUE_UNKNOWN, at,
                     "%s is 'unknown': an issued document must state it", _(key));
  diag_hint(dg, d, "'unknown' is for transcribing a published copy (kehoach "
                   "check/build); write the real value before issuing");
  return true;
}

/* Every `unknown` value of the plan, one diagnostic each; true if any. */
static bool refuse_unknown(Diags *dg, const Plan *p) {
  bool any = false;
  for (size_t i = 0; i < sizeof header_strs / sizeof *header_strs; i++) {
    const Str *s = (const Str *)((const char *)p + header_strs[i].offset);
    if (s->unknown)
      any |= refuse_unknown_at(dg, s->span, header_strs[i].key);
  }
  if (p->issuer_unknown)
    any |= refuse_unknown_at(dg, p->issuer_unknown_span,
                             p->issuer_short.span.file
                                 ? "document.issuer.name"
                                 : "document.issuer");
  if (p->number.unknown)
    any |= refuse_unknown_at(dg, p->number.span, "document.number");
  if (p->date.unknown) /* `unknown` or only bounded */
    any |= refuse_unknown_at(dg, p->date.span,
                             p->date_lo.w.kind != WHEN_NONE ||
                                     p->date_hi.w.kind != WHEN_NONE
                                 ? N_("document.date (only bounded)")
                                 : "document.date");
  if (p->signature_unknown)
    any |= refuse_unknown_at(dg, p->sig_span, "signature");
  if (p->recipients_unknown)
    any |= refuse_unknown_at(dg, p->recipients_unknown_span, "recipients");
  for (size_t i = 0; i < p->bases.len; i++) {
    const Base *b = p->bases.items[i];
    if (b->issuer.unknown)
      any |= refuse_unknown_at(dg, b->issuer.span, N_("the issuer of a base"));
    if (b->date.unknown)
      any |= refuse_unknown_at(dg, b->date.span, N_("the date of a base"));
  }
  return any;
}

/* Why a plan cannot be numbered, as diagnostics (false if it can). */
static bool refuse(Diags *dg, const Plan *p) {
  if (refuse_unknown(dg, p))
    return true;
  Span at = p->number.span;
  if (!at.file) { /* no number key at all: the document block's first line */
    at = p->root_span;
    at.end_line = at.line;
    at.end_col = at.col + 1;
  }
  if (p->draft) {
    Diag *d = diag_add(dg, DIAG_ISSUE_NUMBER,
                       p->draft_span.file ? p->draft_span : at,
                       "a draft cannot be issued");
    diag_hint(dg, d, "remove 'draft: true' once the text is final");
    return true;
  }
  if (!p->number_auto && !p->number.set) {
    Diag *d = diag_add(dg, DIAG_ISSUE_NUMBER, at,
                       "kehoach issue needs document.number: auto (or a number)");
    diag_hint(dg, d, "write 'number: auto' and the register gives the next "
                     "number of the year");
    return true;
  }
  return false;
}

/* Chooses the number inside the transaction: the registered one for the
 * same source, the plan's own if free, else the next of the series.  false
 * with a diagnostic (number taken) or *err. */
static bool choose_number(Arena *a, Register *reg, const Plan *p,
                          const char *organ, RegDoc *existing, Diags *dg,
                          int64_t *number, char **err) {
  int year = p->date.w.year;
  if (existing) {
    *number = existing->number;
    return true;
  }
  if (p->number.set) {
    RegDoc *taken;
    if (!register_find_number(reg, a, organ, year, p->number.v, &taken, err))
      return false;
    if (taken) {
      Diag *d = diag_add(dg, DIAG_NUMBER_TAKEN, p->number.span,
                         "number %02lld of %d is already registered for "
                         "another document: %s %s of %s",
                         (long long)p->number.v, year,
                         archive_number_text(a, taken), taken->subject,
                         taken->issued_date);
      diag_hint(dg, d, "write 'number: auto' to take the next free number");
      return false;
    }
    *number = p->number.v;
    return true;
  }
  RegDoc *last;
  if (!register_last_of(reg, a, organ, year, &last, err))
    return false;
  *number = last ? last->number + 1 : 1;
  const char *date = arena_printf(a, "%04d-%02d-%02d", year, p->date.w.month,
                                  p->date.w.day);
  if (last && strcmp(date, last->issued_date) < 0) {
    Diag *d = diag_add(dg, DIAG_ISSUE_DATE_ORDER, p->date.span,
                       "this document gets number %02lld but is dated before "
                       "%s, the last issued by this body (%s)",
                       (long long)*number, archive_number_text(a, last),
                       last->issued_date);
    diag_hint(dg, d, "Decree 30 numbers documents in the order of their "
                     "dates: check the date");
  }
  return true;
}

static int issue(const char *path, const CommonOptions *co,
                 const IssueOptions *io) {
  Arena *a = arena_new();
  Diags *dg = diag_new(a);
  dg->werror = co->werror;
  char *err = NULL, *input_err = NULL;
  int rc = EXIT_OK;
  Fonts *fonts = NULL;
  Register *reg = NULL;
  Outfile *out = NULL;
  GByteArray *pdf = g_byte_array_new();
  char *out_path = io->output ? g_strdup(io->output)
                              : cli_default_output(path);

  /* Outside the lock: read, hash and check the plan; open fonts. */
  Source *src = source_read(a, path, LOAD_MAX_SIZE, &err);
  if (!src) {
    rc = cli_env_error_free(err);
    goto done;
  }
  char src_sha[ARCHIVE_SHA256_HEX];
  archive_sha256(src->data, src->len, src_sha);
  Plan *plan = pipeline_read_source(a, src, dg);
  if (plan)
    pipeline_check(a, plan, dg);
  if (!plan || refuse(dg, plan) || diag_has_errors(dg)) {
    cli_print_diags(dg, co);
    rc = EXIT_INPUT;
    goto done;
  }
  fonts = fonts_open(fonts_default_dir(), &err);
  if (!fonts || !(reg = register_open(register_default_path(io->db),
                                      REGISTER_CREATE, &err))) {
    rc = cli_env_error_free(err);
    goto done;
  }

  /* Inside the lock: number, build, write the unnamed file, record. */
  const char *organ = archive_organ_key(a, plan);
  RegDoc *existing = NULL;
  int64_t number = 0;
  if (!register_begin(reg, &err) ||
      !register_find_source(reg, a, src_sha, &existing, &err))
    goto env_error;
  if (!choose_number(a, reg, plan, organ, existing, dg, &number, &err)) {
    if (err)
      goto env_error;
    goto input_error;
  }
  if (diag_has_errors(dg)) /* -Werror and an out-of-order date */
    goto input_error;
  CompileOptions copts = {.number = number};
  Doc *doc;
  Pages *pages;
  if (!pipeline_pdf_bytes(a, plan, &copts, fonts, path, dg, pdf, &doc, &pages,
                          &input_err, &err)) {
    if (err)
      goto env_error;
    goto input_error;
  }
  char pdf_sha[ARCHIVE_SHA256_HEX];
  archive_sha256(pdf->data, pdf->len, pdf_sha);
  if (existing && (strcmp(pdf_sha, existing->pdf_sha256) != 0 ||
                   (int64_t)pdf->len != existing->pdf_length)) {
    err = errmsg_printf(
        "'%s' was issued as %s on %s, but this kehoach builds it to other "
        "bytes (%u instead of %lld); it was built with kehoach %s (%s): the "
        "registered PDF is not reproducible here, nothing was written",
        path, archive_number_text(a, existing), existing->issued_date,
        pdf->len, (long long)existing->pdf_length, existing->kehoach_version,
        existing->build_env);
    goto env_error;
  }
  /* Written and synced before the commit, so a full disk changes nothing;
   * published after it. */
  outfile_protect(path);
  outfile_protect(register_path(reg));
  if (!(out = outfile_open(out_path, OUT_PDF | (io->force ? OUT_FORCE : 0), &err)))
    goto env_error;
  if (!outfile_write(out, pdf->data, pdf->len) || !outfile_finish(out, &err)) {
    if (!err)
      outfile_finish(out, &err);
    goto env_error;
  }
  if (!existing) {
    RegDoc rec = {0};
    archive_record(a, plan, doc, pages, number, fonts, &rec);
    rec.source_name = path;
    rec.source = (const unsigned char *)src->data;
    rec.source_len = src->len;
    rec.source_sha256 = src_sha;
    rec.pdf_sha256 = pdf_sha;
    rec.pdf_length = (int64_t)pdf->len;
    if (!register_add_document(reg, &rec, &err))
      goto env_error;
  }
  if (!register_commit(reg, &err))
    goto env_error;
  /* Committed: now the PDF gets its name. */
  bool written = outfile_commit(out, &err);
  out = NULL;
  cli_print_diags(dg, co);
  const char *num = arena_printf(a, "%02lld/%s-%s", (long long)number,
                                 plan->type == DOC_BAO_CAO ? "BC" : "KH",
                                 plan->issuer_short.s);
  if (!written) {
    char *m = g_strdup_printf(_("%s is registered, but its PDF could not be "
                                "written: %s; run the same kehoach issue again "
                                "to write it"), num, err);
    free(err);
    rc = cli_env_error(m);
    g_free(m);
    goto done;
  }
  FILE *res = co->json ? stderr : stdout;
  if (existing)
    fprintf(res, _("%s: already issued as %s of %s (registered %s); wrote '%s' "
                   "again\n"), path, num, existing->issued_date,
            existing->registered_at, out_path);
  else
    fprintf(res, _("%s: issued %s of %04d-%02d-%02d -> '%s' (%u bytes, sha256 "
                   "%s)\n"), path, num, plan->date.w.year, plan->date.w.month,
            plan->date.w.day, out_path, pdf->len, pdf_sha);
  goto done;

input_error:
  register_rollback(reg);
  cli_print_diags(dg, co);
  rc = input_err ? cli_internal_error(input_err) : EXIT_INPUT;
  input_err = NULL; /* freed by cli_internal_error */
  goto done;
env_error:
  register_rollback(reg);
  cli_print_diags(dg, co);
  rc = cli_env_error_free(err);
done:
  free(input_err);
  outfile_abort(out);
  register_close(reg);
  g_byte_array_unref(pdf);
  g_free(out_path);
  arena_free(a); /* layouts die before the font map they use */
  if (fonts)
    fonts_close(fonts);
  return rc;
}

int cmd_issue(int argc, char **argv) {
  CommonOptions co = {0};
  IssueOptions io = {0};
  GOptionEntry entries[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &io.output,
       "PDF to write (default: next to the plan)", "FILE"},
      {"db", 0, 0, G_OPTION_ARG_FILENAME, &io.db,
       "the register (default: $KEHOACH_DB or kehoach.db here)", "FILE"},
      {"force", 0, 0, G_OPTION_ARG_NONE, &io.force,
       "replace an existing file kehoach did not write", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  GOptionContext *ctx = g_option_context_new(
      "plan.yaml - number a plan in the register and build its final PDF");
  char **pos;
  int npos, rc;
  if (!cli_parse(ctx, "issue", argc, argv, &co, entries, &pos, &npos))
    rc = EXIT_ENV;
  else if (npos != 1)
    rc = cli_usage_error(ctx, "issue", "expected one plan file");
  else
    rc = issue(pos[0], &co, &io);
  g_option_context_free(ctx);
  g_free(co.format);
  g_free(io.output);
  g_free(io.db);
  return rc;
}
