# incoming_call_log — PGXS build.
#
#   make                 build the shared library (warnings are errors)
#   make install         install library, control file and SQL scripts
#   make installcheck    pg_regress golden files (sql/ + expected/) and
#                        isolation specs (specs/ + expected/)
#   make prove           pgTAP suites (test/*.sql) through pg_prove
#   make dist            the release archive dist/incoming_call_log-VERSION.zip
#                        (PGXN), made by git archive from HEAD
#   make bench           the benchmark (bench/run): a throwaway cluster, the
#                        extension against PostgREST's SQL and the floor
#   make bench-growth    only its "flat as tables grow" part
#
# Both test targets need a running server reachable through the usual PG*
# environment variables; bin/test provides one with pg_virtualenv.

EXTENSION  = incoming_call_log
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big = incoming_call_log
OBJS = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))

# Every install and upgrade script; each release adds sql/incoming_call_log--A--B.sql.
DATA = $(wildcard sql/$(EXTENSION)--*.sql)

REGRESS = $(patsubst sql/%.sql,%,$(sort $(filter-out sql/$(EXTENSION)--%,$(wildcard sql/*.sql))))
REGRESS_OPTS = --load-extension=$(EXTENSION) --encoding=UTF8 --no-locale

# Isolation specs (specs/*.spec, expected/*.out): two sessions racing.
ISOLATION = $(patsubst specs/%.spec,%,$(sort $(wildcard specs/*.spec)))
ISOLATION_OPTS = --load-extension=$(EXTENSION)

PG_CPPFLAGS = -I$(srcdir)/src
PG_CFLAGS = -Wall -Wextra -Werror -Wno-unused-parameter

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS tracks no header dependencies: any header change rebuilds every object
# (a struct that changed size must never be linked beside its old users).
$(OBJS): $(wildcard src/*.h)

.PHONY: prove
prove:
	pg_prove --ext .sql --failures test/

# The release archive, as pgvector makes it: the committed tree at HEAD, under
# a top directory named after the release (META.json is versioned with the
# control file; test/dist/run checks both and builds the archive).
.PHONY: dist
dist:
	mkdir -p dist
	git archive --format zip --prefix=$(EXTENSION)-$(EXTVERSION)/ --output dist/$(EXTENSION)-$(EXTVERSION).zip HEAD

# make bench: the benchmark of issue 6 (bench/run; doc/benchmark.md).  As
# root on a fresh Debian it first runs bin/setup; it starts a throwaway
# cluster of its own, generates the data, prints the table and appends it to
# bench/RESULTS.md.  Environment: BENCH_DURATION, BENCH_PARTS, BENCH_MAJOR, …
# (see bench/run).  make bench-growth runs only the "flat as tables grow" check.
.PHONY: bench bench-growth
bench:
	bench/run
bench-growth:
	BENCH_PARTS="check growth" bench/run
