/*
 * ngrams.c — the features of the character n-gram logistic regression
 * that bench/baseline.sh trains with LIBLINEAR (`make baseline`).
 *
 * Reads .lbl block lines, "LABEL<TAB>TEXT", on standard input and writes
 * one LIBLINEAR row per line: the label's number (K 1, B 2, P 3, A 4,
 * G 5, anything else 0, which only prediction reads) and the block's
 * character 1-, 2- and 3-grams (white space left out), hashed into 2^20
 * columns, as counts scaled to unit length (the usual hashed bag of
 * n-grams).  Text is read as UTF-8; a byte that starts no valid sequence
 * (a stray continuation byte, a cut or overlong sequence, a surrogate, a
 * value past U+10FFFF) is a character of its own, so every input has
 * features.  Errors exit 1 with a message naming the line of the input:
 * a line that is not LABEL<TAB>TEXT, one longer than LINE_MAX_BYTES (the
 * bound of the buffers derived from it; the line itself is read whole),
 * a read error or lack of memory, a write error.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLUMNS_LOG 20
#define MAX_N 3
#define LINE_MAX_BYTES ((size_t)64 << 20)

/* The next character of s[0..n) at *i, advancing *i: the code point of a
 * valid UTF-8 sequence, or 0x110000 + the byte at *i when none starts
 * there (the smallest code point each length may encode rules out the
 * overlong forms). */
static uint32_t next_char(const unsigned char *s, size_t n, size_t *i)
{
    static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
    unsigned c = s[*i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    uint32_t cp;
    size_t k;
    if (len == 1) { (*i)++; return c; }
    if (len == 0 || *i + len > n) { (*i)++; return 0x110000u + c; }
    cp = c & (0x7Fu >> len);
    for (k = 1; k < len; k++) {
        if ((s[*i + k] & 0xC0) != 0x80) { (*i)++; return 0x110000u + c; }
        cp = cp << 6 | (s[*i + k] & 0x3F);
    }
    if (cp < least[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
        (*i)++;
        return 0x110000u + c;
    }
    *i += len;
    return cp;
}

/* White space as `sed 's/[[:space:]]//g'` takes it under C.UTF-8 (the
 * fastText baseline's tokens). */
static int is_space(uint32_t c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x1680 || (c >= 0x2000 && c <= 0x2006) ||
           (c >= 0x2008 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x205F || c == 0x3000;
}

/* The column (1-based) of the n characters at c. */
static uint32_t column(const uint32_t *c, size_t n)
{
    uint64_t h = 0xCBF29CE484222325ull ^ n;
    size_t k;
    for (k = 0; k < n; k++) {
        h ^= c[k];
        h *= 0x100000001B3ull;
    }
    /* MurmurHash3's finalizer: every input bit reaches the top bits */
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 33;
    return (uint32_t)(h >> (64 - COLUMNS_LOG)) + 1;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Grows *p to hold need elements of size elem; 0, or -1 when out of memory. */
static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    void *q;
    size_t c = *cap ? *cap : 256;
    if (need <= *cap) return 0;
    while (c < need) c *= 2;
    q = realloc(*p, c * elem);
    if (!q) return -1;
    *p = q;
    *cap = c;
    return 0;
}

int main(void)
{
    char *line = NULL;
    size_t linecap = 0, lineno = 0, ccap = 0, gcap = 0;
    uint32_t *chars = NULL, *cols = NULL;
    ssize_t got;
    const char *labels = "KBPAG";

    while ((got = getline(&line, &linecap, stdin)) >= 0) {
        size_t len = (size_t)got, i, n = 0, ng = 0, k, m;
        const unsigned char *text;
        const char *tab = memchr(line, '\t', len), *at;
        double norm = 0;
        lineno++;
        if (len > LINE_MAX_BYTES) {
            fprintf(stderr, "ngrams: line %zu: longer than %zu bytes\n", lineno, LINE_MAX_BYTES);
            return 1;
        }
        if (!tab || tab != line + 1) {
            fprintf(stderr, "ngrams: line %zu: not a block line (LABEL<TAB>TEXT)\n", lineno);
            return 1;
        }
        at = strchr(labels, line[0]);
        text = (const unsigned char *)tab + 1;
        len -= (size_t)(tab + 1 - line);
        if (grow((void **)&chars, &ccap, len + 1, sizeof *chars)) {
            fprintf(stderr, "ngrams: line %zu: out of memory\n", lineno);
            return 1;
        }
        for (i = 0; i < len;) {
            uint32_t c = next_char(text, len, &i);
            if (!is_space(c)) chars[n++] = c;
        }
        if (grow((void **)&cols, &gcap, MAX_N * n + 1, sizeof *cols)) {
            fprintf(stderr, "ngrams: line %zu: out of memory\n", lineno);
            return 1;
        }
        for (i = 0; i < n; i++)
            for (k = 1; k <= MAX_N && i + k <= n; k++) cols[ng++] = column(chars + i, k);
        qsort(cols, ng, sizeof *cols, cmp_u32);
        /* runs of one column: its count; the sum of squares first */
        for (i = 0; i < ng; i = m) {
            for (m = i; m < ng && cols[m] == cols[i]; m++) ;
            norm += (double)(m - i) * (double)(m - i);
        }
        norm = norm > 0 ? sqrt(norm) : 1;
        printf("%d", at && line[0] ? (int)(at - labels) + 1 : 0);
        for (i = 0; i < ng; i = m) {
            for (m = i; m < ng && cols[m] == cols[i]; m++) ;
            printf(" %u:%.6g", (unsigned)cols[i], (double)(m - i) / norm);
        }
        putchar('\n');
    }
    /* getline gives -1 at the end, on a read error and when out of memory */
    if (ferror(stdin) || !feof(stdin)) {
        fprintf(stderr, "ngrams: after line %zu: read error or out of memory\n", lineno);
        return 1;
    }
    free(line); free(chars); free(cols);
    if (fflush(stdout) || ferror(stdout)) {
        fprintf(stderr, "ngrams: write error\n");
        return 1;
    }
    return 0;
}
