/*
 * read_jsonl.c — JSON Lines: one object per line, one document each.
 *
 *   "text"  required string: the document;
 *   "id"    string, or a number written as a string (other types: no id);
 *   "url"   string, else "metadata"."url" (datatrove / Dolma layout).
 * Blank lines are not records.  A trailing "\r" (CRLF files) is dropped.
 * jansson validates each line (it rejects invalid UTF-8 and limits the
 * nesting depth); NUL characters (\u0000) in the text become U+FFFD and
 * are counted as repaired.  doc->raw is the line as read, so that writers
 * can pass every other field through byte for byte.
 *
 * Fast path: jansson builds a tree of every value and reads a byte at a
 * time, which made it a fifth of the whole run time of `shai filter`.  So
 * each line first goes through fast_record(), a validating scanner that
 * accepts only what jansson accepts (RFC 8259 grammar, strict UTF-8, no
 * raw control characters, paired surrogate escapes) and keeps only where
 * the top-level "text", "id", "url" and "metadata"."url" strings are; the
 * winners (the last of duplicate keys, as in jansson) are then unescaped
 * into the reader's buffers (text: r->body, id: r->id, url: r->url), or
 * used in place when they hold no escape.  Whenever it is not sure - any
 * syntax error, an escaped key, a number that could overflow jansson's
 * integer or real, "id" as a number, "text" missing or not a string,
 * nesting past FAST_MAX_DEPTH - it gives up and jansson reads the line,
 * so every reject and its message come from jansson.
 * tests/fuzz/fuzz_jsonl.c checks the two paths against each other.
 *
 * Invalid UTF-8 and NUL bytes in a line become U+FFFD before the line is
 * parsed (shai_src_repair).  A line that fast_record() accepts as read
 * cannot hold either, so the repair runs only after it refused one.
 */
#include "reader.h"

#include <jansson.h>
#include <string.h>

#define FAST_MAX_DEPTH 64     /* deeper records go to jansson */

/* 1 when s[0..n) is only spaces and tabs. */
static int blank(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t') return 0;
    return 1;
}

/* Name of a JSON value's type, for messages. */
const char *shai_json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: case JSON_REAL: return "a number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

/* Copies a string or number value into b.  Returns 1 when set, 0 when
 * v is of another type, < 0 on error. */
static int scalar_to(shai_buf *b, const json_t *v)
{
    b->len = 0;
    if (json_is_string(v)) {
        int rc = shai_buf_append(b, json_string_value(v), json_string_length(v));
        return rc ? rc : 1;
    }
    if (json_is_integer(v)) {
        int rc = shai_buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return rc ? rc : 1;
    }
    if (json_is_real(v)) {
        int rc = shai_buf_printf(b, "%.17g", json_real_value(v));
        return rc ? rc : 1;
    }
    return 0;
}

/* ------------------------------------------------------------ fast path */

/* Where a string value sits in the line: bytes [a, b) between the
 * quotes; esc when it holds a backslash.  set: the key was seen with a
 * string value last. */
typedef struct strpos {
    size_t a, b;
    int set, esc;
    int nul;                      /* has a \u0000 escape */
} strpos;

/* The scanner's state over one line p[0..n). */
typedef struct fastscan {
    const unsigned char *p;
    size_t n;
    strpos text, id, url, meta_url;
} fastscan;

static size_t ws(const fastscan *f, size_t i)
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
static int hex4(const fastscan *f, size_t i, uint32_t *v)
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
static size_t utf8_seq(const fastscan *f, size_t i)
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
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
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
static size_t scan_string(const fastscan *f, size_t i, int *esc, int *nul)
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
static size_t scan_number(const fastscan *f, size_t i)
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
            if (++d > 4) return 0;                     /* let jansson judge */
            exp = exp * 10 + (p[i] - '0');
            i++;
        }
        if (d == 0) return 0;
        if (neg) exp = -exp;
    }
    if (!real && int_digits > 18) return 0;
    if (real && (long)int_digits + exp > 300) return 0;
    return i;
}

/* Checks the literal word at p[i] (true, false, null): jansson reads a
 * whole run of letters as one word. */
static size_t scan_word(const fastscan *f, size_t i, const char *w)
{
    size_t k = strlen(w);
    if (f->n - i < k || memcmp(f->p + i, w, k)) return 0;
    i += k;
    if (i < f->n && ((f->p[i] | 32) >= 'a' && (f->p[i] | 32) <= 'z')) return 0;
    return i;
}

/* Checks any value at p[i] (after white space).  Returns the index past
 * it or 0. */
static size_t scan_value(const fastscan *f, size_t i, int depth)
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
        if (depth >= FAST_MAX_DEPTH) return 0;
        i = ws(f, i + 1);
        if (i < f->n && p[i] == close) return i + 1;
        for (;;) {
            if (close == '}') {
                if (i >= f->n || p[i] != '"') return 0;
                if (!(i = scan_string(f, i, &esc, &nul)) || nul) return 0;  /* NUL in a key: jansson's error */
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

/* 1 when the key p[a..b) (quotes excluded, no escapes) is word. */
static int key_is(const fastscan *f, size_t a, size_t b, const char *word)
{
    size_t k = strlen(word);
    return b - a == k && memcmp(f->p + a, word, k) == 0;
}

/* Reads one member "key": value of an object at p[i] == '"'.  Returns
 * the index past the value or 0; *ka, *kb get the key's bytes and *va
 * where the value starts.  Escaped keys are left to jansson. */
static size_t scan_member(const fastscan *f, size_t i, size_t *ka, size_t *kb, size_t *va)
{
    int esc = 0, nul = 0;
    size_t e = scan_string(f, i, &esc, &nul);
    if (!e || esc) return 0;
    *ka = i + 1;
    *kb = e - 1;
    i = ws(f, e);
    if (i >= f->n || f->p[i] != ':') return 0;
    *va = ws(f, i + 1);
    return *va;
}

/* Records a string value at p[i] in *sp (quotes excluded).  Returns the
 * index past it or 0. */
static size_t take_string(const fastscan *f, size_t i, strpos *sp)
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
static size_t scan_metadata(fastscan *f, size_t i)
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
static int fast_record(fastscan *f)
{
    const unsigned char *p = f->p;
    size_t i = ws(f, 0);
    memset(&f->text, 0, sizeof f->text);
    f->id = f->url = f->meta_url = f->text;
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
                if (p[va] != '"') return 0;             /* a reject: jansson words it */
                i = take_string(f, va, &f->text);
            } else if (key_is(f, ka, kb, "id")) {
                if (p[va] == '"') i = take_string(f, va, &f->id);
                else if (p[va] == '-' || (p[va] >= '0' && p[va] <= '9')) return 0;  /* jansson formats it */
                else { f->id.set = 0; i = scan_value(f, va, 1); }
            } else if (key_is(f, ka, kb, "url")) {
                if (p[va] == '"') i = take_string(f, va, &f->url);
                else { f->url.set = 0; i = scan_value(f, va, 1); }
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
static int unescape(const fastscan *f, const strpos *sp, shai_buf *out, const char **s,
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

/* Fills doc from a record fast_record() accepted. */
static int fast_doc(shai_reader *r, const fastscan *f, shai_doc *doc)
{
    const strpos *url = f->url.set ? &f->url : f->meta_url.set ? &f->meta_url : NULL;
    int rc;
    if ((rc = unescape(f, &f->text, &r->body, &doc->text, &doc->text_len))) return rc;
    if (f->id.set && (rc = unescape(f, &f->id, &r->id, &doc->id, &doc->id_len))) return rc;
    if (url && (rc = unescape(f, url, &r->url, &doc->url, &doc->url_len))) return rc;
    return SHAI_OK;
}

/* ------------------------------------------------------------ reader */

/* NUL characters (\u0000) in the text become U+FFFD, counted as
 * repaired.  Returns SHAI_OK or < 0. */
static int fix_nul(shai_reader *r, shai_doc *doc)
{
    long long fixed;
    if (!memchr(doc->text, '\0', doc->text_len)) return SHAI_OK;
    r->text.len = 0;
    fixed = shai_read_repair(&r->text, doc->text, doc->text_len);
    if (fixed < 0) return (int)fixed;
    doc->repaired = (size_t)fixed;
    doc->text = r->text.p;
    doc->text_len = r->text.len;
    return SHAI_OK;
}

int shai_read_jsonl_next(shai_reader *r, shai_doc *doc)
{
    for (;;) {
        size_t line = r->src.nl + 1, n, whole, record;
        json_t *j, *text, *v;
        json_error_t e;
        const char *p;
        int rc = shai_src_line_view(&r->src, &r->line, &p, &n);
        if (rc == 0) return 0;
        if (rc == SHAI_ERR_TOOBIG)
            return shai_reader_reject(r, doc, rc, ++r->record, line,
                                      "line longer than the %zu MiB limit", SHAI_MAX_LINE >> 20);
        if (rc < 0) return rc;
        whole = n;
        if (n && p[n - 1] == '\r') n--;
        if (blank(p, n)) continue;
        record = ++r->record;
        {
            /* The line is repaired (invalid UTF-8 and NUL bytes become
             * U+FFFD, so that they do not make an otherwise good record a
             * reject) before it is parsed.  A line fast_record() accepts
             * as it is needs no repair: the scanner takes no byte >= 0x80
             * outside a string, no raw control character and only strict
             * UTF-8 inside one.  So the repair runs only when that first
             * scan fails. */
            fastscan f;
            int fast;
            f.p = (const unsigned char *)p;
            f.n = n;
            fast = fast_record(&f);
            if (!fast) {
                /* a line handed out in place is copied first */
                if (p != r->line.p) {
                    r->line.len = 0;
                    if ((rc = shai_buf_append(&r->line, p, whole))) return rc;
                }
                if ((rc = shai_src_repair(&r->src, &r->line))) return rc;
                p = r->line.p;
                n = r->line.len;
                if (n && p[n - 1] == '\r') n--;
                f.p = (const unsigned char *)p;
                f.n = n;
                fast = r->src.repaired && fast_record(&f);
            }
            if (fast) {
                if ((rc = fast_doc(r, &f, doc))) return rc;
                /* a NUL can only come from a \u0000 escape here */
                if (f.text.nul && (rc = fix_nul(r, doc)) < 0) return rc;
                doc->raw = p;
                doc->raw_len = n;
                doc->record = record;
                doc->line = line;
                return 1;
            }
        }
        j = json_loadb(p, n, JSON_ALLOW_NUL, &e);
        if (!j) {
            if (json_error_code(&e) == json_error_invalid_utf8)
                return shai_reader_reject(r, doc, SHAI_ERR_FORMAT, record, line,
                                          "invalid UTF-8 in JSON string (column %d)", e.column);
            return shai_reader_reject(r, doc, SHAI_ERR_FORMAT, record, line,
                                      "invalid JSON at column %d: %s", e.column, e.text);
        }
        r->json = j;
        if (!json_is_object(j))
            return shai_reader_reject(r, doc, SHAI_ERR_FORMAT, record, line,
                                      "record is %s, not a JSON object", shai_json_type_name(j));
        text = json_object_get(j, "text");
        if (!text)
            return shai_reader_reject(r, doc, SHAI_ERR_FORMAT, record, line,
                                      "missing \"text\" field");
        if (!json_is_string(text))
            return shai_reader_reject(r, doc, SHAI_ERR_FORMAT, record, line,
                                      "\"text\" is %s, not a string", shai_json_type_name(text));
        doc->text = json_string_value(text);
        doc->text_len = json_string_length(text);
        if ((rc = fix_nul(r, doc)) < 0) return rc;
        if ((rc = scalar_to(&r->id, json_object_get(j, "id"))) < 0) return rc;
        if (rc) { doc->id = r->id.p; doc->id_len = r->id.len; }
        v = json_object_get(j, "url");
        if (!json_is_string(v)) v = json_object_get(json_object_get(j, "metadata"), "url");
        if (json_is_string(v)) { doc->url = json_string_value(v); doc->url_len = json_string_length(v); }
        doc->raw = p;
        doc->raw_len = n;
        doc->record = record;
        doc->line = line;
        return 1;
    }
}
