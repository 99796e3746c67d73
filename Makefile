# kehoach - plain Makefile.  See README.md for the two commands that matter:
#   make demo    install what is missing, build, render the samples
#   make check   the whole test suite (unit, diagnostics, golden, ASan/UBSan)

CC      ?= cc
PKGS    := yaml-0.1 pangocairo pangoft2 pango cairo fontconfig glib-2.0
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wwrite-strings -Wundef -Wformat=2
OPT     ?= -O2 -g
CFLAGS_ALL = $(WARN) $(OPT) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DKEHOACH_FONTS_DIR=\"$(CURDIR)/fonts\" \
             $(shell pkg-config --cflags $(PKGS)) $(EXTRA_CFLAGS)
LDLIBS_ALL = -Wl,--as-needed $(shell pkg-config --libs $(PKGS)) -lm $(EXTRA_LDFLAGS)

BUILD   ?= build/release
SRCS    := $(wildcard src/*.c)
OBJS    := $(SRCS:src/%.c=$(BUILD)/obj/%.o)
LIBOBJS := $(filter-out $(BUILD)/obj/main.o,$(OBJS))
BIN     := $(BUILD)/kehoach
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

APT_PKGS := build-essential pkg-config libyaml-dev libcairo2-dev libpango1.0-dev \
            libcmocka-dev libglib2.0-dev libfontconfig-dev poppler-utils qpdf \
            clang libclang-rt-14-dev python3

.PHONY: all deps demo check unit diag golden asan fuzz bench clean golden-update real

all: $(BIN)

# Installs missing Debian packages (as root on a fresh Debian 12); a no-op
# when everything is present.
deps:
	@missing=""; for p in $(APT_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h src/*.def)
	@mkdir -p $(dir $@)
	@echo "CC $<"; $(CC) $(CFLAGS_ALL) -c $< -o $@

$(BIN): $(OBJS)
	@echo "LD $@"; $(CC) $(CFLAGS_ALL) $(OBJS) -o $@ $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h $(LIBOBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Isrc $< $(LIBOBJS) -o $@ $(LDLIBS_ALL) -lcmocka

unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done

diag: $(BIN)
	@sh tests/run_diag.sh $(BIN)

# Whole-document tests (tests/run_golden.sh): text, fonts, pages and 60 dpi
# PNGs against tests/golden/, geometry, determinism, output safety.
PNGDIFF_BIN := $(BUILD)/tests/pngdiff

$(PNGDIFF_BIN): tests/tools/pngdiff.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $< -o $@ $(LDLIBS_ALL)

golden: $(BIN) $(PNGDIFF_BIN)
	@sh tests/run_golden.sh $(BIN)

golden-update: $(BIN) $(PNGDIFF_BIN)
	@UPDATE=1 sh tests/run_golden.sh $(BIN)

regress: $(BIN)
	@sh tests/run_regress.sh $(BIN)

# Issue 9: the real-document corpus (tests/real): recall of the findings a
# correct checker must make, and false positives.  The thresholds are the
# figures reached; a regression below/above them fails `make check`.
REAL_MIN_RECALL ?= 0
REAL_MAX_FP     ?= 87
real: $(BIN)
	@python3 tests/run_real.py $(BIN) --min-recall $(REAL_MIN_RECALL) --max-fp $(REAL_MAX_FP)

demo: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p out
	@set -e; for f in samples/*.yaml; do \
	  n=$$(basename $$f .yaml); \
	  $(BIN) build $$f -o out/$$n.pdf --png out/$$n; \
	  echo "built out/$$n.pdf ($$(pdfinfo out/$$n.pdf | awk '/^Pages:/ {print $$2}') pages; previews in out/$$n/)"; \
	done

# The whole suite: release build, then the same suite under ASan+UBSan.
check: deps
	@$(MAKE) --no-print-directory all unit diag regress golden real
	@$(MAKE) --no-print-directory asan

ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
              -fno-omit-frame-pointer -DARENA_DEBUG
asan:
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	 $(MAKE) --no-print-directory BUILD=build/asan OPT="$(ASAN_FLAGS)" \
	   EXTRA_LDFLAGS="-fsanitize=address,undefined" all unit diag regress golden real

FUZZ_SRCS := $(filter-out src/main.c,$(SRCS))
fuzz:
	@mkdir -p build/fuzz
	clang $(WARN) -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -DARENA_DEBUG \
	  -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(shell pkg-config --cflags $(PKGS)) -Isrc \
	  tests/fuzz/fuzz_load.c $(FUZZ_SRCS) -o build/fuzz/fuzz_load $(LDLIBS_ALL)
	@mkdir -p build/fuzz/corpus
	@echo "run: build/fuzz/fuzz_load -max_len=65536 -timeout=2 -rss_limit_mb=2048 -dict=tests/fuzz/plan.dict build/fuzz/corpus tests/fuzz/seeds samples tests/diag"

bench: $(BIN)
	@python3 bench/run.py $(BIN)

clean:
	rm -rf build out
