/* fuzz_build.c - libFuzzer target for the whole pipeline but the writing:
 * source -> load -> model -> check -> expand -> layout, then the checks
 * layout owes its callers (issue 12).
 *
 * In: arbitrary bytes, at most FUZZ_MAX_BUILD (layout is slower than the
 * front end; fuzz_load.c covers large inputs).  A plan that checks clean is
 * laid out on A4 with the private fonts (opened once), and the run aborts -
 * a crash for libFuzzer - when
 *  - a box lies outside its page (layout_box_outside): load limits what
 *    cannot break across pages and layout breaks the rest, so this is a
 *    bug in one or the other;
 *  - a character has no glyph although the check passed
 *    (layout_missing_glyphs): check must report every unprintable
 *    character where it is written.
 * Options byte as in fuzz_load.c: a first byte 0x00-0x07 is consumed, bit 1
 * = draft.
 *
 * Build: make fuzz.  Run (one core), new inputs to the first directory:
 *   build/fuzz/fuzz_build -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
 *     -dict=tests/fuzz/plan.dict build/fuzz/corpus-build tests/fuzz/seeds \
 *     samples
 * A crash input, minimised, goes to tests/regress/ (make regress replays it
 * with check and build).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "expand.h"
#include "fonts.h"
#include "layout.h"
#include "load.h"
#include "model.h"
#include "source.h"

#define FUZZ_MAX_BUILD 16384

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static Fonts *fonts(void) {
  static Fonts *f;
  if (!f) {
    char *err = NULL;
    f = fonts_open(fonts_default_dir(), &err);
    if (!f) {
      fprintf(stderr, "fuzz_build: %s\n", err ? err : "cannot open the fonts");
      abort();
    }
  }
  return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  bool draft = false;
  if (size > 0 && data[0] <= 0x07) {
    draft = (data[0] & 1) != 0;
    data++;
    size--;
  }
  if (size > FUZZ_MAX_BUILD)
    return 0;
  Arena *a = arena_new();
  Diags *dg = diag_new(a);
  Source *src = source_from_buffer(a, "fuzz.yaml", (const char *)data, size);
  diag_add_source(dg, src);
  Plan *plan = plan_from_yaml(a, load_yaml(a, src, dg), dg);
  Doc *doc = NULL;
  if (plan) {
    check_plan(a, plan, dg);
    ExpandOptions eo = {.draft = draft};
    doc = expand_plan(a, plan, &eo, dg);
  }
  if (doc && !diag_has_errors(dg)) {
    Pages *pages = layout_doc(a, doc, fonts(), NULL);
    const char *line;
    int page_no;
    const Box *out = layout_box_outside(pages, &page_no);
    if (out) {
      fprintf(stderr, "fuzz_build: %s outside page %d at x %.1f y %.1f w %.1f\n",
              out->what ? out->what : "a box", page_no, out->x, out->y, out->w);
      abort();
    }
    if (layout_missing_glyphs(pages, &line) > 0) {
      fprintf(stderr, "fuzz_build: the check let through a character without "
                      "a glyph, in '%s'\n", line ? line : "");
      abort();
    }
  }
  arena_free(a); /* layouts die before the font map they use */
  return 0;
}
