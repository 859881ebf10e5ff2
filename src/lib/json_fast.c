/*
 * json_fast.c — the fast path of read_jsonl.c: a validating JSON scanner
 * for one JSONL line.
 *
 * jansson builds a tree of every value and reads a byte at a time, which
 * made it a fifth of the whole run time of `shai filter`.  So each line
 * first goes through shai_json_fast_record(), a validating scanner that
 * accepts only what jansson accepts (RFC 8259 grammar, strict UTF-8, no
 * raw control characters, paired surrogate escapes) and keeps only where
 * the top-level "text", "id", "url", "title" and "metadata"."url" strings
 * are; the
 * winners (the last of duplicate keys, as in jansson) are then unescaped
 * into the reader's buffers (shai_json_unescape), or used in place when
 * they hold no escape.  Whenever it is not sure - any syntax error, an
 * escaped key, a number that could overflow jansson's integer or real,
 * "id" as a number, "text" missing or not a string, nesting past
 * FAST_MAX_DEPTH - it gives up and jansson reads the line, so every
 * reject and its message come from jansson.  tests/fuzz/fuzz_jsonl.c
 * checks the two paths against each other.
 */
#include "reader.h"

#include <string.h>

#define FAST_MAX_DEPTH 64     /* deeper records go to jansson */
/* After jansson has read the line (shai_json_raw_member) or refused it
 * only for its own limits (lenient), the scanner takes what jansson
 * takes: nesting up to its JSON_PARSER_MAX_DEPTH. */
#define LENIENT_MAX_DEPTH 2048

static size_t ws(const shai_jscan *f, size_t i)
{
    while (i < f->n && (f->p[i] == ' ' || f->p[i] == '\t' || f->p[i] == '\n' || f->p[i] == '\r'))
        i++;
    return i;
}

static int hexdigit(unsigned c)
{
    if (c >= '0' && c <= '9') return (int)(c - '0');
    if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return (int)(c - 'A' + 10);
    return -1;
}

/* The 4 hex digits at p[i..i+4) into *v; 0 when there are not 4. */
static int hex4(const shai_jscan *f, size_t i, uint32_t *v)
{
    size_t k;
    *v = 0;
    if (i > f->n || f->n - i < 4) return 0;
    for (k = 0; k < 4; k++) {
        int d = hexdigit(f->p[i + k]);
        if (d < 0) return 0;
        *v = *v << 4 | (uint32_t)d;
    }
    return 1;
}

/* Length of the well-formed UTF-8 sequence at p[i] (lead byte >= 0x80),
 * 0 when it is not one (overlong, surrogate, past U+10FFFF, cut). */
static size_t utf8_seq(const shai_jscan *f, size_t i)
{
    unsigned c = f->p[i], lo = 0x80, hi = 0xBF;
    size_t need, j;
    if (c >= 0xC2 && c <= 0xDF) need = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (f->n - i <= need) return 0;
    if (f->p[i + 1] < lo || f->p[i + 1] > hi) return 0;
    for (j = 2; j <= need; j++)
        if ((f->p[i + j] & 0xC0) != 0x80) return 0;
    return need + 1;
}

/* A vector step for scan_string: 16 bytes at a time, checked for the
 * bytes that end a run of plain string content (a quote, a backslash, a
 * control character) and for well-formed UTF-8 at once, with SSSE3
 * table lookups (x86 processors have had SSSE3 since 2006; it is checked
 * at run time, as the build targets plain x86-64).
 *
 * The UTF-8 check looks at each byte with the one before it: the high
 * and low halves of the earlier byte and the high half of the later one
 * each select a byte of error flags from a 16-entry table, and a pair is
 * well-formed when the three AND to zero.  The flags:
 *   U_SHORT  a lead byte not followed by a continuation byte;
 *   U_LONG   a continuation byte after an ASCII byte;
 *   U_OVER3  E0 80..9F (overlong three-byte form);
 *   U_BIG    F4 90..BF (past U+10FFFF);
 *   U_SURR   ED A0..BF (a surrogate);
 *   U_OVER2  C0 or C1 as a lead (overlong two-byte form);
 *   U_BIG2   F5..FF followed by 80..8F, or F0 80..8F (overlong four-byte
 *            form): one flag for both, told apart by the low half;
 *   U_CONT2  a continuation byte after a continuation byte: right only
 *            as the third or fourth byte of a sequence, which the lead
 *            two or three bytes back tells; that flag is then flipped.
 * The earlier bytes of the first pairs come from the previous 16. */
#if SHAI_SIMD
#define VEC_SCAN 1
#include <tmmintrin.h>

enum {
    U_SHORT = 1, U_LONG = 2, U_OVER3 = 4, U_BIG = 8, U_SURR = 16, U_OVER2 = 32, U_BIG2 = 64,
    U_CONT2 = 128,
    U_CARRY = U_SHORT | U_LONG | U_CONT2      /* decided by the high halves alone */
};

/* Runs from p[i] over plain string content while 16 bytes can be read
 * (below n): returns where it stopped, at the start of a UTF-8 sequence:
 * a quote, backslash or control character for the caller to handle, or
 * fewer than 16 bytes before n.  *bad is set (and the return value is
 * then meaningless) when the bytes before a stop are not well-formed
 * UTF-8 or a sequence is cut by the stop. */
__attribute__((target("ssse3")))
static size_t vec_run(const unsigned char *p, size_t i, size_t n, int *bad)
{
    static const uint8_t hi1[16] = {
        U_LONG, U_LONG, U_LONG, U_LONG, U_LONG, U_LONG, U_LONG, U_LONG,         /* 0..7: ASCII */
        U_CONT2, U_CONT2, U_CONT2, U_CONT2,                                     /* 8..B */
        U_SHORT | U_OVER2,                                                      /* C */
        U_SHORT,                                                                /* D */
        U_SHORT | U_OVER3 | U_SURR,                                             /* E */
        U_SHORT | U_BIG | U_BIG2                                                /* F */
    };
    static const uint8_t lo1[16] = {
        U_CARRY | U_OVER3 | U_OVER2 | U_BIG2,           /* C0 E0 F0 */
        U_CARRY | U_OVER2,                              /* C1 */
        U_CARRY, U_CARRY,
        U_CARRY | U_BIG,                                /* F4 */
        U_CARRY | U_BIG | U_BIG2, U_CARRY | U_BIG | U_BIG2, U_CARRY | U_BIG | U_BIG2,
        U_CARRY | U_BIG | U_BIG2, U_CARRY | U_BIG | U_BIG2, U_CARRY | U_BIG | U_BIG2,
        U_CARRY | U_BIG | U_BIG2, U_CARRY | U_BIG | U_BIG2,
        U_CARRY | U_BIG | U_BIG2 | U_SURR,              /* ED (FD) */
        U_CARRY | U_BIG | U_BIG2, U_CARRY | U_BIG | U_BIG2
    };
    static const uint8_t hi2[16] = {
        U_SHORT, U_SHORT, U_SHORT, U_SHORT, U_SHORT, U_SHORT, U_SHORT, U_SHORT,
        U_LONG | U_OVER2 | U_CONT2 | U_OVER3 | U_BIG2,                         /* 80..8F */
        U_LONG | U_OVER2 | U_CONT2 | U_OVER3 | U_BIG,                          /* 90..9F */
        U_LONG | U_OVER2 | U_CONT2 | U_SURR | U_BIG,                           /* A0..AF */
        U_LONG | U_OVER2 | U_CONT2 | U_SURR | U_BIG,                           /* B0..BF */
        U_SHORT, U_SHORT, U_SHORT, U_SHORT
    };
    const __m128i hi1_tab = _mm_loadu_si128((const __m128i *)(const void *)hi1),
                  lo1_tab = _mm_loadu_si128((const __m128i *)(const void *)lo1),
                  hi2_tab = _mm_loadu_si128((const __m128i *)(const void *)hi2);
    const __m128i nib = _mm_set1_epi8(0x0F), zero = _mm_setzero_si128();
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
                  ctl = _mm_set1_epi8(0x1F);
    __m128i prev = zero;                     /* p[i] starts a sequence */
    size_t start = i;
    while (n - i >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        unsigned stop = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
                         _mm_cmpeq_epi8(_mm_max_epu8(v, ctl), ctl)));
        __m128i p1 = _mm_alignr_epi8(v, prev, 15), p2, p3, e;
        unsigned err, upto;
        if (!(_mm_movemask_epi8(_mm_or_si128(v, p1)) | stop)) {   /* 16 ASCII bytes */
            prev = v;
            i += 16;
            continue;
        }
        p2 = _mm_alignr_epi8(v, prev, 14);
        p3 = _mm_alignr_epi8(v, prev, 13);
        e = _mm_and_si128(
            _mm_and_si128(_mm_shuffle_epi8(hi1_tab, _mm_and_si128(_mm_srli_epi16(p1, 4), nib)),
                          _mm_shuffle_epi8(lo1_tab, _mm_and_si128(p1, nib))),
            _mm_shuffle_epi8(hi2_tab, _mm_and_si128(_mm_srli_epi16(v, 4), nib)));
        /* a third or fourth byte: the byte two back is E0.. or three back F0.. */
        e = _mm_xor_si128(e, _mm_and_si128(_mm_or_si128(_mm_subs_epu8(p2, _mm_set1_epi8(0xE0 - 0x80)),
                                                        _mm_subs_epu8(p3, _mm_set1_epi8(0xF0 - 0x80))),
                                           _mm_set1_epi8((char)0x80)));
        err = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(e, zero)) ^ 0xFFFFu;
        /* the pairs up to the stop, which is ASCII: a sequence it cuts is
         * flagged there */
        upto = stop ? (stop & -stop) * 2 - 1 : 0xFFFFu;
        if (err & upto) { *bad = 1; return i; }
        if (stop) return i + (size_t)__builtin_ctz(stop);
        prev = v;
        i += 16;
    }
    /* fewer than 16 bytes left: the byte-wise scanner goes on from the
     * start of the last sequence when it has a lead byte, as the last
     * step may have cut it (its bytes are not paired with what follows) */
    {
        size_t k = i;
        while (k > start && i - k < 3 && (p[k - 1] & 0xC0) == 0x80) k--;
        if (k > start && p[k - 1] >= 0xC0) i = k - 1;
    }
    return i;
}
#endif

/* Checks the string token opening at p[i] == '"'.  Returns the index
 * just past its closing quote, 0 when invalid.  *esc is set when it
 * holds an escape, *nul when one of them is \u0000. */
static size_t scan_string(const shai_jscan *f, size_t i, int *esc, int *nul)
{
    const unsigned char *p = f->p;
    size_t n = f->n;
#if VEC_SCAN
    int vec = __builtin_cpu_supports("ssse3"), bad = 0;
#endif
    i++;
    while (i < n) {
        unsigned c;
#if VEC_SCAN
        if (vec && n - i >= 16) {
            i = vec_run(p, i, n, &bad);
            if (bad || i >= n) return 0;
        }
#endif
        c = p[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') { i++; continue; }
        /* the common three-byte sequences (CJK): lead E1..EC, EE, EF;
         * a run of them in a loop of its own */
        if (c >= 0xE1 && c <= 0xEF && c != 0xED && n - i > 2 && (p[i + 1] & 0xC0) == 0x80 &&
            (p[i + 2] & 0xC0) == 0x80) {
            i += 3;
            while (n - i > 2 && (unsigned)(p[i] - 0xE1) <= 0xEF - 0xE1 && p[i] != 0xED &&
                   (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80)
                i += 3;
            continue;
        }
        if (c == '"') return i + 1;
        if (c == '\\') {
            uint32_t v, w;
            *esc = 1;
            if (i + 1 >= n) return 0;
            c = p[i + 1];
            if (c != 'u') {
                if (c != '"' && c != '\\' && c != '/' && c != 'b' && c != 'f' && c != 'n' &&
                    c != 'r' && c != 't')
                    return 0;
                i += 2;
                continue;
            }
            if (!hex4(f, i + 2, &v)) return 0;
            i += 6;
            if (v >= 0xD800 && v <= 0xDBFF) {          /* needs a low surrogate next */
                if (i + 1 >= n || p[i] != '\\' || p[i + 1] != 'u' || !hex4(f, i + 2, &w) ||
                    w < 0xDC00 || w > 0xDFFF)
                    return 0;
                i += 6;
            } else if (v >= 0xDC00 && v <= 0xDFFF) {
                return 0;
            } else if (v == 0) {
                *nul = 1;
            }
            continue;
        }
        if (c < 0x20) return 0;                        /* raw control character */
        {
            size_t k = utf8_seq(f, i);
            if (!k) return 0;
            i += k;
        }
    }
    return 0;
}

/* Checks the number at p[i].  Returns the index past it, 0 when it is
 * invalid or when jansson might find it too large (an integer of more
 * than 18 digits, a real that could pass 1e300). */
static size_t scan_number(const shai_jscan *f, size_t i)
{
    const unsigned char *p = f->p;
    size_t n = f->n, int_digits = 0;
    long exp = 0;
    int real = 0;
    if (i < n && p[i] == '-') i++;
    if (i < n && p[i] == '0') {
        i++;
        int_digits = 1;
        if (i < n && p[i] >= '0' && p[i] <= '9') return 0;
    } else {
        while (i < n && p[i] >= '0' && p[i] <= '9') { i++; int_digits++; }
        if (int_digits == 0) return 0;
    }
    if (i < n && p[i] == '.') {
        size_t d = 0;
        real = 1;
        i++;
        while (i < n && p[i] >= '0' && p[i] <= '9') { i++; d++; }
        if (d == 0) return 0;
    }
    if (i < n && (p[i] == 'e' || p[i] == 'E')) {
        size_t d = 0;
        int neg = 0;
        real = 1;
        i++;
        if (i < n && (p[i] == '+' || p[i] == '-')) neg = p[i++] == '-';
        while (i < n && p[i] >= '0' && p[i] <= '9') {
            if (++d > 4) {
                if (!f->any_number) return 0;   /* let jansson judge */
            } else {
                exp = exp * 10 + (p[i] - '0');  /* used below only without any_number */
            }
            i++;
        }
        if (d == 0) return 0;
        if (neg) exp = -exp;
    }
    if (f->any_number) return i;
    if (!real && int_digits > 18) return 0;
    if (real && (long)int_digits + exp > 300) return 0;
    return i;
}

/* Checks the literal word at p[i] (true, false, null): jansson reads a
 * whole run of letters as one word. */
static size_t scan_word(const shai_jscan *f, size_t i, const char *w)
{
    size_t k = strlen(w);
    if (f->n - i < k || memcmp(f->p + i, w, k)) return 0;
    i += k;
    if (i < f->n && ((f->p[i] | 32) >= 'a' && (f->p[i] | 32) <= 'z')) return 0;
    return i;
}

/* Checks any value at p[i] (after white space).  Returns the index past
 * it or 0. */
static size_t scan_value(const shai_jscan *f, size_t i, int depth)
{
    const unsigned char *p = f->p;
    int esc = 0, nul = 0;
    if (i >= f->n) return 0;
    switch (p[i]) {
    case '"': return scan_string(f, i, &esc, &nul);
    case 't': return scan_word(f, i, "true");
    case 'f': return scan_word(f, i, "false");
    case 'n': return scan_word(f, i, "null");
    case '{': case '[': {
        unsigned char close = p[i] == '{' ? '}' : ']';
        if (depth >= (f->lenient ? LENIENT_MAX_DEPTH : FAST_MAX_DEPTH)) return 0;
        i = ws(f, i + 1);
        if (i < f->n && p[i] == close) return i + 1;
        for (;;) {
            if (close == '}') {
                if (i >= f->n || p[i] != '"') return 0;
                /* NUL in a key: jansson's error, unless it made it */
                if (!(i = scan_string(f, i, &esc, &nul)) || (nul && !f->lenient)) return 0;
                i = ws(f, i);
                if (i >= f->n || p[i] != ':') return 0;
                i = ws(f, i + 1);
            }
            if (!(i = scan_value(f, i, depth + 1))) return 0;
            i = ws(f, i);
            if (i >= f->n) return 0;
            if (p[i] == close) return i + 1;
            if (p[i] != ',') return 0;
            i = ws(f, i + 1);
        }
    }
    default:
        if (p[i] == '-' || (p[i] >= '0' && p[i] <= '9')) return scan_number(f, i);
        return 0;
    }
}

/* 1 when the key p[a..b) (quotes excluded, no escapes) is word; an
 * escaped key (a == b == 0, lenient) is compared decoded. */
static int key_is(const shai_jscan *f, size_t a, size_t b, const char *word)
{
    size_t k = strlen(word);
    if (a == 0) return f->keyn == k && memcmp(f->key, word, k) == 0;
    return b - a == k && memcmp(f->p + a, word, k) == 0;
}

/* An escaped key p[a..b) (checked by scan_string) decoded into k[0..16)
 * when it is short printable ASCII, as every key this scanner looks for
 * is; else the empty key, which none of them is.  "\t" is a tab, not a
 * "t": a key "\text" is not "text".  Returns the key's length. */
static size_t decode_key(const shai_jscan *f, size_t a, size_t b, char k[16])
{
    size_t n = 0;
    while (a < b) {
        uint32_t c = f->p[a++];
        if (c == '\\') {
            c = f->p[a++];
            switch (c) {
            case 'u':
                if (!hex4(f, a, &c)) return 0;
                a += 4;
                break;
            case '"': case '\\': case '/': break;
            /* the control characters: no key looked for holds one */
            default: return 0;
            }
        }
        if (c == 0 || c >= 0x80 || n == 15) return 0;
        k[n++] = (char)c;
    }
    return n;
}

/* Reads one member "key": value of an object at p[i] == '"'.  Returns
 * the index past the value or 0; *ka, *kb get the key's bytes and *va
 * where the value starts.  Escaped keys are left to jansson; when it
 * has failed (f->lenient), they are decoded into f->key, and *ka, *kb
 * point there. */
static size_t scan_member(shai_jscan *f, size_t i, size_t *ka, size_t *kb, size_t *va)
{
    int esc = 0, nul = 0;
    size_t e = scan_string(f, i, &esc, &nul);
    if (!e || (esc && !f->lenient)) return 0;
    *ka = i + 1;
    *kb = e - 1;
    if (esc) {
        f->keyn = decode_key(f, *ka, *kb, f->key);
        *ka = *kb = 0;
    }
    i = ws(f, e);
    if (i >= f->n || f->p[i] != ':') return 0;
    *va = ws(f, i + 1);
    return *va;
}

/* Records a string value at p[i] in *sp (quotes excluded).  Returns the
 * index past it or 0. */
static size_t take_string(const shai_jscan *f, size_t i, shai_jstr *sp)
{
    int esc = 0, nul = 0;
    size_t e = scan_string(f, i, &esc, &nul);
    if (!e) return 0;
    sp->a = i + 1;
    sp->b = e - 1;
    sp->esc = esc;
    sp->nul = nul;
    sp->set = 1;
    return e;
}

/* The "metadata" object at p[i]: notes its last "url" string. */
static size_t scan_metadata(shai_jscan *f, size_t i)
{
    const unsigned char *p = f->p;
    f->meta_url.set = 0;
    i = ws(f, i + 1);
    if (i < f->n && p[i] == '}') return i + 1;
    for (;;) {
        size_t ka, kb, va;
        if (i >= f->n || p[i] != '"' || !scan_member(f, i, &ka, &kb, &va)) return 0;
        if (key_is(f, ka, kb, "url") && va < f->n && p[va] == '"') {
            if (!(i = take_string(f, va, &f->meta_url))) return 0;
        } else {
            if (key_is(f, ka, kb, "url")) f->meta_url.set = 0;
            if (!(i = scan_value(f, va, 2))) return 0;
        }
        i = ws(f, i);
        if (i >= f->n) return 0;
        if (p[i] == '}') return i + 1;
        if (p[i] != ',') return 0;
        i = ws(f, i + 1);
    }
}

/* Scans a whole record.  Returns 1 when it is a valid JSON object that
 * jansson would read alike and whose "text" is a string; 0 to leave the
 * line to jansson. */
int shai_json_fast_record(shai_jscan *f)
{
    const unsigned char *p = f->p;
    size_t i = ws(f, 0);
    memset(&f->text, 0, sizeof f->text);
    f->id = f->url = f->meta_url = f->title = f->text;
    if (i >= f->n || p[i] != '{') return 0;
    i = ws(f, i + 1);
    if (i < f->n && p[i] == '}') {
        i++;
    } else {
        for (;;) {
            size_t ka, kb, va;
            if (i >= f->n || p[i] != '"' || !scan_member(f, i, &ka, &kb, &va) || va >= f->n)
                return 0;
            if (key_is(f, ka, kb, "text")) {
                /* not a string: a reject (jansson words it) unless a
                 * later duplicate "text" is one, as jansson keeps the last */
                if (p[va] == '"') i = take_string(f, va, &f->text);
                else { f->text.set = 0; i = scan_value(f, va, 1); }
            } else if (key_is(f, ka, kb, "id")) {
                if (p[va] == '"') i = take_string(f, va, &f->id);
                else if (p[va] == '-' || (p[va] >= '0' && p[va] <= '9')) {
                    /* jansson formats it; lenient, it is taken as the line
                     * spells it, as read_jsonl.c's scalar_to does */
                    if (!f->lenient || !(i = scan_number(f, va))) return 0;
                    f->id.a = va;
                    f->id.b = i;
                    f->id.esc = f->id.nul = 0;
                    f->id.set = 1;
                }
                else { f->id.set = 0; i = scan_value(f, va, 1); }
            } else if (key_is(f, ka, kb, "url")) {
                if (p[va] == '"') i = take_string(f, va, &f->url);
                else { f->url.set = 0; i = scan_value(f, va, 1); }
            } else if (key_is(f, ka, kb, "title")) {
                if (p[va] == '"') i = take_string(f, va, &f->title);
                else { f->title.set = 0; i = scan_value(f, va, 1); }
            } else if (key_is(f, ka, kb, "metadata")) {
                if (p[va] == '{') i = scan_metadata(f, va);
                else { f->meta_url.set = 0; i = scan_value(f, va, 1); }
            } else {
                i = scan_value(f, va, 1);
            }
            if (!i) return 0;
            i = ws(f, i);
            if (i >= f->n) return 0;
            if (p[i] == '}') { i++; break; }
            if (p[i] != ',') return 0;
            i = ws(f, i + 1);
        }
    }
    return ws(f, i) == f->n && f->text.set;
}

/* Points *s, *len at string sp of the line, unescaped into out when it
 * has escapes (it was checked by scan_string).  Returns SHAI_OK or < 0. */
int shai_json_unescape(const shai_jscan *f, const shai_jstr *sp, shai_buf *out, const char **s,
                    size_t *len)
{
    const unsigned char *p = f->p;
    size_t a = sp->a, b = sp->b;
    int rc;
    if (!sp->esc) {
        *s = (const char *)p + a;
        *len = b - a;
        return SHAI_OK;
    }
    out->len = 0;
    if ((rc = shai_buf_reserve(out, b - a))) return rc;  /* unescaping never lengthens */
    while (a < b) {
        const unsigned char *bs = memchr(p + a, '\\', b - a);
        size_t run = bs ? (size_t)(bs - (p + a)) : b - a;
        uint32_t v, w;
        memcpy(out->p + out->len, p + a, run);
        out->len += run;
        a += run;
        if (a >= b) break;
        switch (p[a + 1]) {
        case 'u':
            hex4(f, a + 2, &v);
            a += 6;
            if (v >= 0xD800 && v <= 0xDBFF) {
                hex4(f, a + 2, &w);
                a += 6;
                v = 0x10000 + ((v - 0xD800) << 10) + (w - 0xDC00);
            }
            out->len += shai_utf8_put(v, out->p + out->len);
            continue;
        case 'b': out->p[out->len++] = '\b'; break;
        case 'f': out->p[out->len++] = '\f'; break;
        case 'n': out->p[out->len++] = '\n'; break;
        case 'r': out->p[out->len++] = '\r'; break;
        case 't': out->p[out->len++] = '\t'; break;
        default: out->p[out->len++] = (char)p[a + 1]; break;   /* " \ / */
        }
        a += 2;
    }
    *s = out->p;
    *len = out->len;
    return SHAI_OK;
}


int shai_json_raw_member(const char *line, size_t n, const char *key, size_t *a, size_t *b)
{
    shai_jscan f;
    size_t i;
    int found = 0;
    memset(&f, 0, sizeof f);
    f.p = (const unsigned char *)line;
    f.n = n;
    f.any_number = 1;
    f.lenient = 1;            /* the key as the reader saw it, escaped or not */
    i = ws(&f, 0);
    if (i >= f.n || f.p[i] != '{') return 0;
    i = ws(&f, i + 1);
    if (i < f.n && f.p[i] == '}') return 0;
    for (;;) {
        size_t ka, kb, va, e;
        if (i >= f.n || f.p[i] != '"' || !scan_member(&f, i, &ka, &kb, &va) || va >= f.n) return 0;
        if (!(e = scan_value(&f, va, 1))) return 0;
        if (key_is(&f, ka, kb, key)) { *a = va; *b = e; found = 1; }   /* the last wins, as in jansson */
        i = ws(&f, e);
        if (i >= f.n) return 0;
        if (f.p[i] == '}') return found;
        if (f.p[i] != ',') return 0;
        i = ws(&f, i + 1);
    }
}
