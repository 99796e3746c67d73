# kehoach - plain Makefile.  See README.md for the two commands that matter:
#   make demo    install what is missing, build, render the samples
#   make check   the whole test suite (unit, diagnostics, golden, ASan/UBSan)

CC      ?= cc
PKGS    := yaml-0.1 pangocairo pangoft2 pango cairo fontconfig glib-2.0 sqlite3 zlib
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wwrite-strings -Wundef -Wformat=2
OPT     ?= -O2 -g
# The source tree and the build's message catalogs, for a binary that is not
# installed (src/datadir.c); quoted for the shell so that a clone in
# "~/Tài liệu/kehoach" builds.  SQ: the path with each ' escaped for '...'.
SQ_CURDIR  = $(subst ','\'',$(CURDIR))
PATH_DEFS  = '-DKEHOACH_SRCDIR="$(SQ_CURDIR)"' '-DKEHOACH_LOCALEDIR="$(SQ_CURDIR)/build/locale"'
CFLAGS_ALL = $(WARN) $(OPT) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(PATH_DEFS) \
             $(shell pkg-config --cflags $(PKGS)) $(EXTRA_CFLAGS)
LDLIBS_ALL = -Wl,--as-needed $(shell pkg-config --libs $(PKGS)) -lm $(EXTRA_LDFLAGS)

BUILD   ?= build/release
SRCS    := $(wildcard src/*.c)
OBJS    := $(SRCS:src/%.c=$(BUILD)/obj/%.o)
LIBOBJS := $(filter-out $(BUILD)/obj/main.o,$(OBJS))
BIN     := $(BUILD)/kehoach
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

# Debian packages, one list per use (tools/deps.sh installs only what is
# missing, and only as root).  The installed binary needs only RUNTIME_PKGS
# (the -dev packages pull most in; make demo and make check install the
# rest, as they run the binary).
RUNTIME_PKGS := libyaml-0-2 libcairo2 libpango-1.0-0 libpangocairo-1.0-0 \
                libpangoft2-1.0-0 libfontconfig1 libglib2.0-0
BUILD_PKGS := build-essential pkg-config gettext libyaml-dev libcairo2-dev \
              libpango1.0-dev libglib2.0-dev libfontconfig-dev
# kehoach batch (issue 6): nettle for the SHA-256 of every PDF in
# index.csv (3-5 times faster than GLib's GChecksum, measured); zlib
# (listed for issue 8 below) also sets the PDF compression level
# (src/zlib_level.c).
PKGS += nettle
RUNTIME_PKGS += libnettle8
BUILD_PKGS += nettle-dev
# what `make check` needs beyond the build
APT_PKGS := libcmocka-dev poppler-utils qpdf python3 python3-jsonschema python3-yaml
# issue 8 (register and archive): SQLite and zlib to build and run; the
# archive tests make a certificate (openssl, NSS certutil/pk12util), sign
# with pdfsig and read the register with sqlite3
RUNTIME_PKGS += libsqlite3-0 zlib1g
BUILD_PKGS += libsqlite3-dev zlib1g-dev
APT_PKGS += libnss3-tools openssl sqlite3
# issue 10: GLib's and the C library's own messages in Vietnamese (option
# errors, strerror) are in these, which apt does not pull in without
# recommends; man-db renders the man pages in tests/run_install.sh
RUNTIME_PKGS += libglib2.0-data libc-l10n
APT_PKGS += man-db
FUZZ_PKGS := clang libclang-rt-14-dev
INSTALL_PKGS := lowdown

.PHONY: all deps deps-build deps-fuzz demo check unit diag golden asan fuzz bench clean golden-update real safety archive batch-test batch-update typeset-test

all: $(BIN)

# Install the missing Debian packages (as root on a fresh Debian 12); a
# no-op when everything is present; as another user, a message naming them.
deps-build:
	@sh tools/deps.sh $(BUILD_PKGS) $(RUNTIME_PKGS)
deps:
	@sh tools/deps.sh $(BUILD_PKGS) $(RUNTIME_PKGS) $(APT_PKGS) $(INSTALL_PKGS)
deps-fuzz:
	@sh tools/deps.sh $(BUILD_PKGS) $(FUZZ_PKGS)

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
# PNGs against tests/golden/, geometry, determinism.
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
REAL_MIN_RECALL ?= 98
REAL_MAX_FP     ?= 8
real: $(BIN)
	@python3 tests/run_real.py $(BIN) --min-recall $(REAL_MIN_RECALL) --max-fp $(REAL_MAX_FP)

# Output safety (tests/run_safety.sh, issue 12): inputs never replaced,
# links written through, devices/FIFOs/stdout in place, all-or-nothing
# runs, read-only and full file systems, kill -9 loops, racing builds.
safety: $(BIN)
	@sh tests/run_safety.sh $(BIN)

# issue 8: kehoach issue / archive end to end (tests/run_archive.py): a test
# certificate, pdfsig signatures, tampered copies, kill -9, a full disk.
archive: $(BIN)
	@python3 tests/run_archive.py $(BIN)

# kehoach batch (issue 6): golden batches of the samples, -j1 vs -j2 byte
# for byte, sums recomputed, output safety (tests/run_batch.sh).
batch-test: $(BIN)
	@sh tests/run_batch.sh $(BIN)

batch-update: $(BIN)
	@UPDATE=1 sh tests/run_batch.sh $(BIN)

# Issue 11: the typography of every sample measured from its PDF
# (tests/run_typeset.sh, docs/typography.md): no parted word pairs, no
# badly ended headings, no wrapped numbers, loose lines only when reported.
typeset-test: $(BIN)
	@sh tests/run_typeset.sh $(BIN)

demo: deps-build
	@$(MAKE) --no-print-directory all
	@mkdir -p out
	@set -e; for f in samples/*.yaml samples/reports/*.yaml samples/reports/rollup/*-thang.yaml; do \
	  n=$$(basename "$$f" .yaml); rm -rf "out/$$n"; \
	  $(BIN) build "$$f" -o "out/$$n.pdf" --png "out/$$n"; \
	  echo "built out/$$n.pdf ($$(ls "out/$$n" | wc -l) pages; previews in out/$$n/)"; \
	done

# The whole suite: release build, then the same suite under ASan+UBSan.
check: deps
	@$(MAKE) --no-print-directory all unit diag regress golden real safety archive batch-test
	@$(MAKE) --no-print-directory install-test i18n commands schema-test check-po
	@$(MAKE) --no-print-directory typeset-test
	@$(MAKE) --no-print-directory asan

ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
              -fno-omit-frame-pointer -DARENA_DEBUG
asan:
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	 LSAN_OPTIONS='suppressions="$(SQ_CURDIR)/tests/lsan.supp":print_suppressions=0' \
	 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	 $(MAKE) --no-print-directory BUILD=build/asan OPT="$(ASAN_FLAGS)" \
	   EXTRA_LDFLAGS="-fsanitize=address,undefined" all unit diag regress golden real safety archive batch-test

FUZZ_SRCS := $(filter-out src/main.c,$(SRCS))
FUZZ_CC := clang $(WARN) -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -DARENA_DEBUG \
	  -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(PATH_DEFS) $(shell pkg-config --cflags $(PKGS)) -Isrc
# fuzz_load: the front end (load -> check -> expand) on inputs up to 64 KB;
# fuzz_build (issue 12): the same then layout and its self-checks, up to 16 KB.
fuzz: deps-fuzz
	@mkdir -p build/fuzz/corpus build/fuzz/corpus-build
	$(FUZZ_CC) tests/fuzz/fuzz_load.c $(FUZZ_SRCS) -o build/fuzz/fuzz_load $(LDLIBS_ALL)
	$(FUZZ_CC) tests/fuzz/fuzz_build.c $(FUZZ_SRCS) -o build/fuzz/fuzz_build $(LDLIBS_ALL)
	@echo "run: build/fuzz/fuzz_load -max_len=65536 -timeout=2 -rss_limit_mb=2048 -dict=tests/fuzz/plan.dict build/fuzz/corpus tests/fuzz/seeds samples tests/diag"
	@echo "run: build/fuzz/fuzz_build -max_len=16384 -timeout=10 -rss_limit_mb=2048 -dict=tests/fuzz/plan.dict build/fuzz/corpus-build tests/fuzz/seeds samples"
	@mkdir -p build/fuzz/corpus_pdf
	$(FUZZ_CC) tests/fuzz/fuzz_signedpdf.c src/signedpdf.c src/arena.c -o build/fuzz/fuzz_signedpdf -lz
	@echo "run: build/fuzz/fuzz_signedpdf -max_len=65536 -timeout=2 -rss_limit_mb=2048 -dict=tests/fuzz/pdf.dict build/fuzz/corpus_pdf tests/fuzz/seeds_signedpdf"

bench: $(BIN)
	@python3 bench/run.py $(BIN)
	@python3 bench/archive.py $(BIN)

# --- Issue 10: install, uninstall, message catalogs ----------------------
# make install PREFIX=/usr/local [DESTDIR=/tmp/stage]: the binary, the fonts,
# templates and message catalogs under PREFIX/share (the binary finds them
# from its own location: src/datadir.c), man pages kehoach(1) and
# kehoach-plan(5) (the latter made from docs/plan-format.md by lowdown),
# kehoach(1) in Vietnamese (man/vi/man1, under share/man/vi),
# bash completion and the documentation.  make uninstall removes exactly
# those files.
PREFIX  ?= /usr/local
I_BIN   = $(DESTDIR)$(PREFIX)/bin
I_DATA  = $(DESTDIR)$(PREFIX)/share/kehoach
I_MAN   = $(DESTDIR)$(PREFIX)/share/man
I_COMP  = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
I_DOC   = $(DESTDIR)$(PREFIX)/share/doc/kehoach
I_LOCALE = $(DESTDIR)$(PREFIX)/share/locale
FONT_FILES := $(wildcard fonts/*.ttf) fonts/LICENSE-Liberation.txt
TEMPLATE_FILES := $(wildcard templates/*.yaml)
BATCH_TEMPLATE_FILES := $(wildcard templates/batch/*.yaml)
DOC_FILES := README.md $(wildcard docs/*.md)
DOC_IMG_FILES := $(wildcard docs/img/*.png)
MAN_PAGES := $(BUILD)/man/kehoach.1 $(BUILD)/man/kehoach-plan.5
MO_FILES := $(patsubst po/%.po,build/locale/%/LC_MESSAGES/kehoach.mo,$(wildcard po/*.po))

.PHONY: install uninstall deps-install man install-test po check-po i18n commands schema-test guide-images

# Message catalogs: po/LANG.po -> build/locale/LANG/LC_MESSAGES/kehoach.mo
# (one for every build: src/datadir.c finds it, src/i18n.c uses it).
all: $(MO_FILES)
unit: $(MO_FILES)   # test_i18n reads the build's catalog
build/locale/%/LC_MESSAGES/kehoach.mo: po/%.po
	@mkdir -p $(dir $@)
	@echo "MSGFMT $<"; msgfmt --check -o $@ $<

# make po: po/kehoach.pot from the sources, merged into po/*.po (run after
# adding or changing a message, then translate what `make check-po` lists).
po:
	@sh tools/po.sh update
# The messages not yet translated, listed: any is a failure (part of make
# check: a new message is translated in the same change); PO_STRICT=0 only
# lists them.
PO_STRICT ?= 1
check-po:
	@sh tools/po.sh check $(if $(filter 1,$(PO_STRICT)),-s)

$(BUILD)/man/kehoach.1: man/kehoach.1
	@mkdir -p $(dir $@)
	cp man/kehoach.1 $@

$(BUILD)/man/kehoach-plan.5: docs/plan-format.md man/kehoach-plan.5.head
	@mkdir -p $(dir $@)
	lowdown -s -Tman -M title=kehoach-plan -M section=5 docs/plan-format.md | \
	  sed -e '/^\.TH /r man/kehoach-plan.5.head' >$@

man: $(MAN_PAGES)

deps-install:
	@sh tools/deps.sh $(INSTALL_PKGS)

install: all deps-install
	@$(MAKE) --no-print-directory man
	install -d "$(I_BIN)" "$(I_DATA)/fonts" "$(I_DATA)/templates" "$(I_DATA)/schema" "$(I_MAN)/man1" \
	  "$(I_MAN)/man5" "$(I_COMP)" "$(I_DOC)/docs/img"
	install -m 755 $(BIN) "$(I_BIN)/kehoach"
	install -m 644 $(FONT_FILES) "$(I_DATA)/fonts"
	$(if $(TEMPLATE_FILES),install -m 644 $(TEMPLATE_FILES) "$(I_DATA)/templates")
	$(if $(BATCH_TEMPLATE_FILES),install -d "$(I_DATA)/templates/batch" && \
	  install -m 644 $(BATCH_TEMPLATE_FILES) "$(I_DATA)/templates/batch")
	install -m 644 schema/kehoach.schema.json "$(I_DATA)/schema"
	install -m 644 $(BUILD)/man/kehoach.1 "$(I_MAN)/man1"
	install -m 644 $(BUILD)/man/kehoach-plan.5 "$(I_MAN)/man5"
	install -d "$(I_MAN)/vi/man1"
	install -m 644 man/vi/man1/kehoach.1 "$(I_MAN)/vi/man1"
	install -m 644 completions/kehoach.bash "$(I_COMP)/kehoach"
	install -m 644 README.md "$(I_DOC)"
	install -m 644 $(wildcard docs/*.md) "$(I_DOC)/docs"
	$(if $(DOC_IMG_FILES),install -m 644 $(DOC_IMG_FILES) "$(I_DOC)/docs/img")
	@set -e; for mo in $(MO_FILES); do \
	  l=$${mo#build/locale/}; install -d "$(I_LOCALE)/$${l%/*}"; \
	  install -m 644 "$$mo" "$(I_LOCALE)/$$l"; \
	done
	@echo "installed kehoach in $(DESTDIR)$(PREFIX)"

uninstall:
	rm -f "$(I_BIN)/kehoach" "$(I_MAN)/man1/kehoach.1" "$(I_MAN)/man5/kehoach-plan.5" \
	  "$(I_MAN)/vi/man1/kehoach.1" "$(I_COMP)/kehoach"
	@set -e; for mo in $(MO_FILES); do rm -f "$(I_LOCALE)/$${mo#build/locale/}"; done
	rm -rf "$(I_DATA)" "$(I_DOC)"

# How the language of messages is chosen; --help in every locale.
i18n: $(BIN)
	@sh tests/run_i18n.sh $(BIN)

# kehoach init and kehoach watch.
commands: $(BIN)
	@sh tests/run_commands.sh $(BIN)

# kehoach schema: valid, validates every sample and template, agrees with
# the model's keys and docs/plan-format.md (python3-jsonschema, python3-yaml).
schema-test: $(BIN)
	@python3 tests/run_schema.py $(BIN)

# The page images of docs/huong-dan.md, rendered from templates/ke-hoach.yaml
# and the signature golden case (look at them after a layout change).
guide-images: $(BIN)
	@sh tools/guide-images.sh $(BIN)

# Tests of the install and of a clone in a path with spaces and Vietnamese
# letters (part of make check).
install-test: $(BIN)
	@sh tests/run_install.sh

clean:
	rm -rf build out
