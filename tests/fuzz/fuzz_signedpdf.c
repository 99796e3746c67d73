/* fuzz_signedpdf.c - libFuzzer target for the signed-copy reader.
 *
 * In: arbitrary bytes, read as a registered build followed by incremental
 * updates.  The build is taken to end after the first "%%EOF" and its end
 * of line (so seeds made of a small build and updates keep their shape);
 * an input without one is split in the middle.  Runs signedpdf_read in a
 * fresh arena and checks the report's invariants: revisions are contiguous
 * and inside the data, signatures point to existing revisions.  Never
 * exits, keeps no state.
 *
 * Build: make fuzz.  Run (one core):
 *   build/fuzz/fuzz_signedpdf -max_len=65536 -timeout=2 -rss_limit_mb=2048 \
 *     -dict=tests/fuzz/pdf.dict build/fuzz/corpus_pdf tests/fuzz/seeds_signedpdf
 * A crash input goes to tests/regress/signedpdf/ (replayed by make regress).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "signedpdf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  size_t prefix = size / 2 ? size / 2 : 1;
  for (size_t i = 0; i + 5 <= size; i++)
    if (memcmp(data + i, "%%EOF", 5) == 0) {
      prefix = i + 5;
      if (prefix < size && data[prefix] == '\r')
        prefix++;
      if (prefix < size && data[prefix] == '\n')
        prefix++;
      break;
    }
  Arena *a = arena_new();
  SpReport r;
  signedpdf_read(a, data, size, prefix, &r);
  /* invariants of any report */
  if (r.nrevs < 1 || r.revs[0].start != 0 || r.revs[0].end != prefix)
    abort();
  for (int k = 1; k < r.nrevs; k++)
    if (r.revs[k].start != r.revs[k - 1].end || r.revs[k].end > size ||
        r.revs[k].xref < r.revs[k].start || r.revs[k].xref >= r.revs[k].end)
      abort();
  for (int i = 0; i < r.nsigs; i++)
    if (r.sigs[i].revision < 1 || r.sigs[i].revision >= r.nrevs)
      abort();
  if (r.last_signed >= r.nrevs || r.trailing > size)
    abort();
  arena_free(a);
  return 0;
}
