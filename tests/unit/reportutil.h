/*
 * reportutil.h — helpers shared by the report tests (test_report.c,
 * test_report_json.c): the fixture's lines (the hand counts are in
 * test_report.c's head comment), a report of some of them, and a
 * writer's output as a string.
 */
#ifndef SHAI_TEST_REPORTUTIL_H
#define SHAI_TEST_REPORTUTIL_H

#include "testutil.h"
#include "report.h"

#define FIXTURE TU_DATA "report_blocks.jsonl"

/* The fixture's lines. */
typedef struct lines { char *buf; const char *p[64]; size_t len[64]; size_t n; } lines;

static inline void read_lines(lines *l)
{
    size_t n, i, start = 0;
    l->buf = tu_read(FIXTURE, &n);
    l->n = 0;
    for (i = 0; i <= n; i++) {
        if (i < n && l->buf[i] != '\n') continue;
        if (i > start) {
            assert_true(l->n < 64);
            l->p[l->n] = l->buf + start;
            l->len[l->n++] = i - start;
        }
        start = i + 1;
    }
    assert_int_equal(l->n, 17);
}

/* A report of fixture lines [a, b). */
static inline shai_report *report_of(const lines *l, size_t a, size_t b)
{
    shai_report *r = shai_report_new();
    shai_status st;
    size_t i;
    assert_non_null(r);
    for (i = a; i < b; i++)
        assert_int_equal(shai_report_add_blocks_line(r, l->p[i], l->len[i], "fixture", i + 1, &st), 0);
    assert_int_equal(shai_report_end_blocks(r), 0);
    return r;
}

/* A writer's output as a string. */
static inline char *render(const shai_report *r, int what)
{
    /* the stream's buffer pointer lives on the heap: GCC's LTO does not
     * see fclose() let go of it and took a local one for dangling */
    struct mem { char *p; size_t n; } *m = calloc(1, sizeof *m);
    FILE *f;
    shai_status st;
    char *p;
    assert_non_null(m);
    f = open_memstream(&m->p, &m->n);
    assert_non_null(f);
    if (what == 0) assert_int_equal(shai_report_write_json(r, f, &st), 0);
    else if (what == 1) assert_int_equal(shai_report_write_table(r, f, 20, &st), 0);
    else assert_int_equal(shai_report_write_html(r, f, 20, &st), 0);
    assert_int_equal(fclose(f), 0);
    p = m->p;
    free(m);
    return p;
}

/* Asserts that a and b write the same JSON. */
static inline void assert_same_json(const shai_report *a, const shai_report *b)
{
    char *x = render(a, 0), *y = render(b, 0);
    assert_string_equal(x, y);
    free(x);
    free(y);
}

/* s with its first occurrence of from replaced by to: s is freed, the
 * result is the caller's. */
static inline char *replace(char *s, const char *from, const char *to)
{
    const char *at = strstr(s, from);
    char *o;
    size_t n = strlen(s), a = strlen(from), b = strlen(to), k;
    assert_non_null(at);
    k = (size_t)(at - s);                        /* offsets only from here on */
    o = malloc(n - a + b + 1);
    assert_non_null(o);
    memcpy(o, s, k);
    memcpy(o + k, to, b);
    memcpy(o + k + b, s + k + a, n - k - a + 1);
    free(s);
    return o;
}

#endif
