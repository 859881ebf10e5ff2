/*
 * testutil.h — tiny helpers shared by the cmocka unit tests.
 * Tests run from tests/unit (see the Makefile), so fixtures are in
 * ../data.  Everything here is static: each test binary includes it once.
 */
#ifndef SHAI_TESTUTIL_H
#define SHAI_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <locale.h>

#include "shai.h"

#define TU_DATA "../data/"

/* A scratch directory, made on first use and removed by tu_cleanup(). */
static char tu_dir[64];

static inline const char *tu_tmpdir(void)
{
    if (!tu_dir[0]) {
        strcpy(tu_dir, "/tmp/shai-test-XXXXXX");
        if (!mkdtemp(tu_dir)) { perror("mkdtemp"); abort(); }
    }
    return tu_dir;
}

/* Returns a path in the scratch directory (static storage, 4 slots). */
static inline const char *tu_path(const char *name)
{
    static char slots[4][256];
    static int k;
    char *p = slots[k++ & 3];
    snprintf(p, 256, "%s/%s", tu_tmpdir(), name);
    return p;
}

/* Writes n bytes to path; aborts the test on failure. */
static inline void tu_write(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* Writes a C string to a scratch file; returns its path. */
static inline const char *tu_file(const char *name, const char *text)
{
    const char *p = tu_path(name);
    tu_write(p, text, strlen(text));
    return p;
}

/* Reads a whole file (malloc'ed, NUL-terminated); *n gets its size. */
static inline char *tu_read(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0, got;
    assert_non_null(f);
    do {
        if (len + 65536 + 1 > cap) {
            cap = (len + 65536 + 1) * 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        got = fread(buf + len, 1, 65536, f);
        len += got;
    } while (got > 0);
    fclose(f);
    buf[len] = '\0';
    if (n) *n = len;
    return buf;
}

/* Removes the scratch directory (for cmocka group teardown). */
static inline int tu_cleanup(void **state)
{
    char cmd[128];
    (void)state;
    if (tu_dir[0]) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tu_dir);
        if (system(cmd) != 0) return -1;
        tu_dir[0] = '\0';
    }
    return 0;
}

/* Switches the whole process to de_DE.UTF-8, a locale whose decimal
 * separator is a comma, as a program embedding the library may do with
 * setlocale(LC_ALL, ""): compiled with localedef into the scratch
 * directory (LOCPATH), as the machine need not have it generated
 * (scripts/install-deps.sh installs the locales package for its
 * source).  Fails the test when it cannot, and checks that printf now
 * writes a comma; tu_c_locale() switches back. */
static inline void tu_comma_locale(void)
{
    char cmd[512], probe[16];
    snprintf(cmd, sizeof cmd, "localedef -i de_DE -f UTF-8 '%s/de_DE.UTF-8' >/dev/null 2>&1", tu_tmpdir());
    if (system(cmd) != 0) { print_error("localedef -i de_DE failed (package locales)\n"); fail(); }
    assert_int_equal(setenv("LOCPATH", tu_tmpdir(), 1), 0);
    assert_non_null(setlocale(LC_ALL, "de_DE.UTF-8"));
    snprintf(probe, sizeof probe, "%.1f", 0.5);
    assert_string_equal(probe, "0,5");
}

static inline void tu_c_locale(void)
{
    assert_non_null(setlocale(LC_ALL, "C"));
    unsetenv("LOCPATH");
}

/* Asserts that s[0..n) equals the C string want. */
#define tu_assert_mem(s, n, want)                                  \
    do {                                                           \
        size_t tu_n_ = (n);                                        \
        const char *tu_w_ = (want);                                \
        if (tu_n_ != strlen(tu_w_) || memcmp((s), tu_w_, tu_n_)) { \
            print_error("got  <%.*s>\nwant <%s>\n", (int)tu_n_, (const char *)(s), tu_w_); \
            fail();                                                \
        }                                                          \
    } while (0)

#endif
