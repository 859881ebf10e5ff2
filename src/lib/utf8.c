/*
 * utf8.c — strict UTF-8 decoding with U+FFFD repair.
 *
 * Invalid input follows the Unicode "maximal subpart" practice: each
 * maximal prefix of a would-be valid sequence becomes one U+FFFD.
 * Overlong forms, surrogates and values past U+10FFFF are invalid.
 */
#include "internal.h"

#include <string.h>

uint32_t shai_utf8_next(const unsigned char *s, size_t n, size_t *i, size_t *bad)
{
    size_t k = *i, need, j;
    unsigned c = s[k];
    uint32_t cp;
    unsigned lo = 0x80, hi = 0xBF;

    if (c < 0x80) { *i = k + 1; return c; }
    if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2; cp = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;       /* overlong */
        if (c == 0xED) hi = 0x9F;       /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3; cp = c & 0x07;
        if (c == 0xF0) lo = 0x90;       /* overlong */
        if (c == 0xF4) hi = 0x8F;       /* > U+10FFFF */
    } else {
        *i = k + 1;
        if (bad) (*bad)++;
        return SHAI_REPLACEMENT;
    }
    for (j = 1; j <= need; j++) {
        unsigned d;
        if (k + j >= n) break;
        d = s[k + j];
        if (d < lo || d > hi) break;
        lo = 0x80; hi = 0xBF;
        cp = (cp << 6) | (d & 0x3F);
    }
    if (j <= need) {                    /* truncated or bad continuation */
        *i = k + j;
        if (bad) (*bad)++;
        return SHAI_REPLACEMENT;
    }
    *i = k + need + 1;
    return cp;
}

size_t shai_utf8_put(uint32_t cp, char *o)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Length of the well-formed sequence at s[i] when it is ASCII or a
 * three-byte sequence without range limits on its second byte (lead
 * E1..EC, EE, EF: most CJK and full-width text), else 0: the caller then
 * goes through shai_utf8_next. */
static size_t quick_len(const unsigned char *s, size_t n, size_t i)
{
    unsigned c = s[i];
    if (c < 0x80) return 1;
    if (c >= 0xE1 && c <= 0xEF && c != 0xED && n - i > 2 && (s[i + 1] & 0xC0) == 0x80 &&
        (s[i + 2] & 0xC0) == 0x80)
        return 3;
    return 0;
}

/* 1 when the 8 bytes at s are all ASCII. */
static int ascii8(const unsigned char *s)
{
    uint64_t w;
    memcpy(&w, s, sizeof w);
    return (w & 0x8080808080808080ULL) == 0;
}

size_t shai_utf8_count(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, c = 0;
    while (i < n) {
        size_t k;
        if (u[i] < 0x80 && n - i >= 8 && ascii8(u + i)) { i += 8; c += 8; continue; }
        k = quick_len(u, n, i);
        if (k) i += k;
        else shai_utf8_next(u, n, &i, NULL);
        c++;
    }
    return c;
}

int shai_utf8_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, bad = 0;
    while (i < n) {
        size_t k;
        if (u[i] < 0x80 && n - i >= 8 && ascii8(u + i)) { i += 8; continue; }
        k = quick_len(u, n, i);
        if (k) { i += k; continue; }
        shai_utf8_next(u, n, &i, &bad);
        if (bad) return 0;
    }
    return 1;
}

long shai_utf8_repair(shai_buf *out, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, run = 0, bad = 0;
    int rc;
    while (i < n) {
        size_t at = i, before = bad, k = quick_len(u, n, i);
        if (k) { i += k; continue; }
        shai_utf8_next(u, n, &i, &bad);
        if (bad != before) {
            if ((rc = shai_buf_append(out, s + run, at - run))) return rc;
            if ((rc = shai_buf_append(out, "\xEF\xBF\xBD", 3))) return rc;
            run = i;
        }
    }
    if ((rc = shai_buf_append(out, s + run, n - run))) return rc;
    return (long)bad;
}
