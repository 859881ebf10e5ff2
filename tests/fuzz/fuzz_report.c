/*
 * fuzz_report.c — libFuzzer target for the report's JSON readers
 * (report_json.c): `shai filter --blocks` lines and summaries.
 *
 *   clang -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 \
 *       -fsanitize=fuzzer,address,undefined -Iinclude -Isrc/lib \
 *       -o /tmp/fuzz_report tests/fuzz/fuzz_report.c $(find src/lib -name '*.c') \
 *       $(pkg-config --cflags --libs libutf8proc zlib libzstd jansson) -lsvm -lm -lpthread
 *   /tmp/fuzz_report -max_total_time=600 -max_len=4096
 *
 * First byte even: the rest is --blocks lines; the report they make must
 * survive a round trip through its summary (write, load, write: equal
 * bytes).  Odd: the rest is a summary; when it loads, the same round
 * trip must hold.  Any other outcome is a crash (abort()).
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *summary(const shai_report *r, size_t *n)
{
    char *p = NULL;
    FILE *f = open_memstream(&p, n);
    shai_status st;
    if (!f || shai_report_write_json(r, f, &st) || fclose(f)) abort();
    return p;
}

/* Write, load into a fresh report, write again: equal bytes. */
static void round_trip(const shai_report *r)
{
    shai_report *t = shai_report_new();
    shai_status st;
    size_t n1, n2;
    char *a, *b;
    if (!t) abort();
    a = summary(r, &n1);
    if (shai_report_load_json(t, a, n1, "rt.json", &st)) {
        fprintf(stderr, "round trip failed: %s\n%s", st.msg, a);
        abort();
    }
    b = summary(t, &n2);
    if (n1 != n2 || memcmp(a, b, n1)) abort();
    free(a);
    free(b);
    shai_report_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    shai_report *r;
    shai_status st;
    const char *s = (const char *)data + 1;
    size_t n = size ? size - 1 : 0;
    if (!size) return 0;
    if (!(r = shai_report_new())) abort();
    if (!(data[0] & 1)) {
        size_t i = 0, line = 0;
        while (i < n) {
            const char *nl = memchr(s + i, '\n', n - i);
            size_t e = nl ? (size_t)(nl - s) : n;
            int rc = shai_report_add_blocks_line(r, s + i, e - i, "f.jsonl", ++line, &st);
            if (rc && rc != SHAI_ERR_FORMAT) abort();
            if (rc == SHAI_ERR_FORMAT && strncmp(st.msg, "f.jsonl:", 8)) abort();
            if (rc) shai_report_add_rejected(r, 1);
            i = e + 1;
        }
        if (shai_report_end_blocks(r)) abort();
        round_trip(r);
    } else {
        int rc = shai_report_load_json(r, s, n, "f.json", &st);
        if (rc && rc != SHAI_ERR_FORMAT) abort();
        if (rc && strncmp(st.msg, "f.json:", 7)) abort();
        if (!rc) round_trip(r);
    }
    shai_report_free(r);
    return 0;
}
