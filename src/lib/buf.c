/*
 * buf.c — length-based byte buffers with a size cap, and array growth.
 */
#include "internal.h"

#include <errno.h>
#include <locale.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if SHAI_SIMD
#include <emmintrin.h>
#endif

void shai_buf_init(shai_buf *b, size_t max)
{
    b->p = NULL;
    b->len = b->cap = 0;
    b->max = max ? max : SHAI_BUF_DEFAULT_MAX;
}

void shai_buf_free(shai_buf *b)
{
    if (!b) return;
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

int shai_buf_reserve(shai_buf *b, size_t extra)
{
    size_t need, cap;
    char *p;
    if (extra > b->max || b->len > b->max - extra) return SHAI_ERR_TOOBIG;
    need = b->len + extra + 1; /* room for an optional NUL */
    if (need <= b->cap) return SHAI_OK;
    cap = b->cap ? b->cap : 256;
    while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    p = realloc(b->p, cap);
    if (!p) return SHAI_ERR_NOMEM;
    b->p = p;
    b->cap = cap;
    return SHAI_OK;
}

int shai_buf_append(shai_buf *b, const void *p, size_t n)
{
    int rc;
    if (!b || (!p && n)) return SHAI_ERR_INVALID;
    rc = shai_buf_reserve(b, n);
    if (rc) return rc;
    if (n) memcpy(b->p + b->len, p, n);
    b->len += n;
    return SHAI_OK;
}

int shai_buf_putc(shai_buf *b, char c)
{
    int rc = shai_buf_reserve(b, 1);
    if (rc) return rc;
    b->p[b->len++] = c;
    return SHAI_OK;
}

/* The C locale, made once.  Numbers the library writes (JSON, the
 * reports, the model's train info) must not follow the calling program's
 * locale: under de_DE, %.4f writes a decimal comma, which breaks JSON or,
 * worse, turns one number of a Dolma span into two. */
static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static void c_locale_init(void) { c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0); }

int shai_vsnprintf_c(char *s, size_t n, const char *fmt, va_list ap)
{
    locale_t old = (locale_t)0;
    int r;
    pthread_once(&c_locale_once, c_locale_init);
    if (c_locale) old = uselocale(c_locale);
    r = vsnprintf(s, n, fmt, ap);
    if (c_locale) uselocale(old);
    return r;
}

int shai_snprintf_c(char *s, size_t n, const char *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = shai_vsnprintf_c(s, n, fmt, ap);
    va_end(ap);
    return r;
}

int shai_buf_printf(shai_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n, rc;
    char small[128];
    va_start(ap, fmt);
    n = shai_vsnprintf_c(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return SHAI_ERR_INVALID;
    if ((size_t)n < sizeof small) return shai_buf_append(b, small, (size_t)n);
    if ((rc = shai_buf_reserve(b, (size_t)n))) return rc;
    va_start(ap, fmt);
    shai_vsnprintf_c(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return SHAI_OK;
}

/* The first index from i on where s[0..n) may hold a byte that JSON
 * needs escaped: skips whole blocks of 16 bytes that hold none. */
static size_t plain_bytes(const char *s, size_t i, size_t n)
{
#if SHAI_SIMD
    const __m128i ctl = _mm_set1_epi8(0x1F), quote = _mm_set1_epi8('"'),
                  bslash = _mm_set1_epi8('\\'), del = _mm_set1_epi8(0x7F);
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i e = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, del),
                                              _mm_cmpeq_epi8(_mm_max_epu8(v, ctl), ctl)));  /* <= 0x1F */
        if (_mm_movemask_epi8(e)) break;
    }
#else
    (void)s; (void)n;
#endif
    return i;
}

int shai_json_chars(shai_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i, run = 0;
    int rc;
    for (i = plain_bytes(s, 0, n); i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[6];
        size_t el = 2;
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F) continue;
        if ((rc = shai_buf_append(b, s + run, i - run))) return rc;
        run = i + 1;
        esc[0] = '\\';
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
            esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
            el = 6;
        }
        if ((rc = shai_buf_append(b, esc, el))) return rc;
        i = plain_bytes(s, i + 1, n) - 1;
    }
    return shai_buf_append(b, s + run, n - run);
}

int shai_buf_json_str(shai_buf *b, const char *s, size_t n)
{
    int rc;
    if ((rc = shai_buf_reserve(b, n + 2)) || (rc = shai_buf_putc(b, '"')) ||
        (rc = shai_json_chars(b, s, n)))
        return rc;
    return shai_buf_putc(b, '"');
}

const char *shai_buf_cstr(shai_buf *b)
{
    if (shai_buf_reserve(b, 0)) return NULL;
    b->p[b->len] = '\0';
    return b->p;
}

int shai_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    size_t c = *cap ? *cap : 16;
    void *q;
    if (need <= *cap) return SHAI_OK;
    while (c < need) {
        if (c > SIZE_MAX / 2 / elem) return SHAI_ERR_NOMEM;
        c *= 2;
    }
    q = realloc(*p, c * elem);
    if (!q) return SHAI_ERR_NOMEM;
    *p = q;
    *cap = c;
    return SHAI_OK;
}

int shai_buf_read_stream(shai_buf *b, FILE *f)
{
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
        int rc = shai_buf_append(b, tmp, n);
        if (rc) return rc;
    }
    if (ferror(f)) {
        if (!errno) errno = EIO;
        return SHAI_ERR_IO;
    }
    return SHAI_OK;
}

int shai_buf_read_file(shai_buf *b, const char *path, int *opened)
{
    FILE *f = fopen(path, "rb");
    int rc, e;
    if (opened) *opened = f != NULL;
    if (!f) return SHAI_ERR_IO;
    rc = shai_buf_read_stream(b, f);
    e = errno;
    fclose(f);
    errno = e;
    return rc;
}
