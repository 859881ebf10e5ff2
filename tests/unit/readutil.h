/*
 * readutil.h — helpers shared by the reader tests (test_reader.c,
 * test_compressed.c): open a reader, read the next document, and assert
 * what it was.
 */
#ifndef SHAI_TEST_READUTIL_H
#define SHAI_TEST_READUTIL_H

#include "testutil.h"

/* One read: 1 document, 0 end, < 0 reject or error (message in st). */
typedef struct rd {
    shai_reader *r;
    shai_doc d;
    shai_status st;
} rd;

static inline shai_reader *open_ok(const char *path)
{
    shai_status st;
    shai_reader *r;
    memset(&st, 0, sizeof st);
    r = shai_reader_open(path, SHAI_FMT_AUTO, &st);
    if (!r) print_error("open %s: %s\n", path, st.msg);
    assert_non_null(r);
    return r;
}

static inline int next(rd *x)
{
    memset(&x->st, 0, sizeof x->st);
    return shai_reader_next(x->r, &x->d, &x->st);
}

/* Asserts the next read is a document with this id and text. */
static inline void expect_doc(rd *x, const char *id, const char *text)
{
    int rc = next(x);
    if (rc != 1) print_error("rc %d: %s\n", rc, x->st.msg);
    assert_int_equal(rc, 1);
    tu_assert_mem(x->d.id, x->d.id_len, id);
    tu_assert_mem(x->d.text, x->d.text_len, text);
}

/* Asserts the next read is a reject with exactly this message. */
static inline void expect_reject(rd *x, int code, const char *msg)
{
    int rc = next(x);
    assert_int_equal(rc, code);
    assert_string_equal(x->st.msg, msg);
}


#endif
