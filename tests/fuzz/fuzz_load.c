/* fuzz_load.c - libFuzzer target for the front end.
 *
 * In: arbitrary bytes.  Runs source_from_buffer -> load_yaml ->
 * plan_from_yaml -> check_plan -> expand_plan in a fresh arena, then prints
 * the diagnostics (text and JSON) to /dev/null.  Never exits, never keeps
 * state between inputs except the /dev/null handle.
 *
 * Options byte (as cmark's fuzz/cmark-fuzz.c): if the first byte is 0x00 to
 * 0x07 it is consumed and its bits pick the options (1 draft, 2 -Werror,
 * 4 JSON output as well).  Any other first byte is part of the YAML, so the
 * samples and tests/diag files work unchanged as seeds.  (Bytes 0x00-0x07
 * would be rejected by the loader as control characters anyway.)
 *
 * Build: make fuzz.  Run (one core); new inputs go to the first directory,
 * the others are seeds (tests/fuzz/seeds/all-features.yaml touches every
 * section, e.g. percentages computed from paths, which no sample does):
 *   build/fuzz/fuzz_load -max_len=65536 -timeout=2 -rss_limit_mb=2048 \
 *     -dict=tests/fuzz/plan.dict build/fuzz/corpus tests/fuzz/seeds \
 *     samples tests/diag
 * A crash input goes to tests/regress/ (replayed by make regress).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "expand.h"
#include "load.h"
#include "model.h"
#include "source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { OPT_DRAFT = 1, OPT_WERROR = 2, OPT_JSON = 4 };

static FILE *devnull(void) {
  static FILE *f;
  if (!f)
    f = fopen("/dev/null", "w");
  return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  unsigned opts = 0;
  if (size > 0 && data[0] <= 0x07) {
    opts = data[0];
    data++;
    size--;
  }
  Arena *a = arena_new();
  Diags *dg = diag_new(a);
  dg->werror = (opts & OPT_WERROR) != 0;
  Source *src = source_from_buffer(a, "fuzz.yaml", (const char *)data, size);
  diag_add_source(dg, src);
  YNode *root = load_yaml(a, src, dg);
  Plan *plan = plan_from_yaml(a, root, dg);
  if (plan) {
    check_plan(a, plan, dg);
    ExpandOptions eo = {.draft = (opts & OPT_DRAFT) != 0};
    (void)expand_plan(a, plan, &eo, dg);
  }
  FILE *out = devnull();
  if (out) {
    diag_print_text(dg, out);
    if (opts & OPT_JSON)
      diag_print_json(dg, out);
    fflush(out);
  }
  arena_free(a);
  return 0;
}
