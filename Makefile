# shai — Makefile (GNU make).  See README.md.
#
#   make            library, CLI (./shai)
#   make check      unit tests, case files, golden CLI tests
#   make model      retrain models/default.model from training/
#   make bench      throughput and memory benchmark
#   make install    PREFIX=/usr/local DESTDIR=
#
CC ?= cc
AR ?= ar
PKG_CONFIG ?= pkg-config
CFLAGS ?= -O2 -g
WARNFLAGS = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-sign-compare
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share/shai

PKGS = libutf8proc zlib libzstd jansson
DEP_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
DEP_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lsvm -lm -lpthread
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARNFLAGS) -Iinclude -Isrc/lib \
             $(DEP_CFLAGS) $(CPPFLAGS) $(CFLAGS)

LIB_SRC = $(wildcard src/lib/*.c)
CLI_SRC = $(wildcard src/cli/*.c)
LIB_OBJ = $(LIB_SRC:.c=.o)
CLI_OBJ = $(CLI_SRC:.c=.o)
HDRS = include/shai.h $(wildcard src/lib/*.h src/lib/*.def src/lib/*.inc src/cli/*.h)

.PHONY: all lib clean check test unit cases cli-tests model tables bench install uninstall demo

all: shai

lib: libshai.a

src/%.o: src/%.c $(HDRS)
	$(CC) $(ALL_CFLAGS) -DSHAI_DATADIR='"$(DATADIR)"' -c -o $@ $<

libshai.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

shai: $(CLI_OBJ) libshai.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) libshai.a $(DEP_LIBS)

# ---------------------------------------------------------------- tests
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:.c=)

tests/unit/test_%: tests/unit/test_%.c tests/unit/testutil.h libshai.a
	$(CC) $(ALL_CFLAGS) $(shell $(PKG_CONFIG) --cflags cmocka) -o $@ $< libshai.a \
	    $(DEP_LIBS) $(shell $(PKG_CONFIG) --libs cmocka)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; (cd tests/unit && ./$$(basename $$t)); done

cases: shai
	@sh tests/cases/run.sh ./shai

cli-tests: shai
	@sh tests/cli/run.sh ./shai

check: unit cases cli-tests
	@echo "all tests passed"

test: check

# ---------------------------------------------------------------- model
TRAIN_LBL = training/train.lbl training/seeds.lbl training/synth.lbl

training/gen_synth: training/gen_synth.c
	$(CC) -std=c11 -O2 $(WARNFLAGS) -o $@ $<

training/synth.lbl: training/gen_synth training/train.lbl training/seeds.lbl models/places.tsv models/places_trad.tsv models/spam_phrases.tsv
	training/gen_synth --places models/places.tsv --places models/places_trad.tsv --spam models/spam_phrases.tsv \
	    training/train.lbl training/seeds.lbl > $@.tmp && mv $@.tmp $@

model: shai training/synth.lbl
	./shai train --lexicons models -o models/default.model $(TRAIN_LBL)

# Regenerates src/lib/tables.inc from Debian's OpenCC data and iconv.
tables:
	$(CC) -std=c11 -O2 -o src/gen/gen_tables src/gen/gen_tables.c
	cd src/gen && for d in TSCharacters TWVariantsRev HKVariantsRev; do \
	    opencc_dict -i /usr/share/opencc/$$d.ocd2 -o $$d.txt -f ocd2 -t text; done
	src/gen/gen_tables src/gen/TSCharacters.txt src/gen/TWVariantsRev.txt \
	    src/gen/HKVariantsRev.txt > src/lib/tables.inc
	rm -f src/gen/*.txt src/gen/gen_tables

# ---------------------------------------------------------------- demo
demo: shai
	./shai filter tests/data/sample.jsonl -o /tmp/shai-demo.jsonl
	./shai report tests/data/sample.jsonl

# ---------------------------------------------------------------- install
install: shai libshai.a
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(DATADIR)
	install -m 755 shai $(DESTDIR)$(BINDIR)/shai
	install -m 644 libshai.a $(DESTDIR)$(LIBDIR)/libshai.a
	install -m 644 include/shai.h $(DESTDIR)$(INCLUDEDIR)/shai.h
	install -m 644 models/default.model models/*.tsv models/SOURCES.txt $(DESTDIR)$(DATADIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/shai $(DESTDIR)$(LIBDIR)/libshai.a $(DESTDIR)$(INCLUDEDIR)/shai.h
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -f src/lib/*.o src/cli/*.o libshai.a shai $(UNIT_BIN) training/gen_synth
