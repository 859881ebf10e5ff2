/*
 * normalize.c — code point normalization for feature extraction.
 *
 * Every block is read as a sequence of normalized code points:
 *   1. compatibility mapping and case folding (utf8proc: the "K" of NFKC,
 *      so full-width ＡＢＣ１２３，becomes abc123, and ideographic
 *      compatibility characters become unified ones); default-ignorable
 *      characters (zero-width space, soft hyphen), which spammers insert to
 *      dodge keyword filters, are dropped;
 *   2. traditional and regional variant characters become simplified
 *      (OpenCC's TSCharacters with TW/HK variants, src/lib/tables.inc), so
 *      that 區 and 区, 澳門 and 澳门 score alike.
 * Mapping is per code point (NFKC of each character); combining sequences
 * across characters are not recomposed, as no feature looks inside them.
 *
 * The tables are built once per process (call_once) and read-only after.
 */
#include "internal.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <utf8proc.h>

#include "tables.inc"

#define T2S_LO 0x3400u
#define T2S_HI 0xA000u
#define BMP_DROP 0xFFFFFFFFu   /* normalizes to nothing */
#define BMP_MULTI 0xFFFFFFFEu  /* normalizes to several code points */

static uint16_t t2s_bmp[T2S_HI - T2S_LO];  /* simplified - T2S_LO + 1, 0 = none */
/* The whole mapping of every BMP code point (ASCII case, utf8proc, t2s):
 * the normalized code point, BMP_DROP or BMP_MULTI (then slow_map). */
static uint32_t norm_bmp[0x10000];
static uint8_t class_bmp[0x10000];         /* class_of() of every BMP code point */
static atomic_int tables_ready;            /* set once the tables above are filled */
static once_flag init_once = ONCE_FLAG_INIT;

static uint32_t t2s(uint32_t cp)
{
    size_t lo = 0, hi = SHAI_T2S_N;
    if (cp >= T2S_LO && cp < T2S_HI) {
        uint16_t v = t2s_bmp[cp - T2S_LO];
        if (v) return (uint32_t)v + T2S_LO - 1;
    }
    if (cp < 0x3400) return cp;
    /* outside the CJK block, or a target outside it (勣 -> U+2A7DD):
     * only while the tables are built, and for astral code points */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (shai_t2s_pairs[mid][0] == cp) return shai_t2s_pairs[mid][1];
        if (shai_t2s_pairs[mid][0] < cp) lo = mid + 1; else hi = mid;
    }
    return cp;
}

/* One round of utf8proc mapping: compatibility decomposition, case
 * folding, default ignorables dropped, then canonical composition (so
 * é stays one letter: mojibake detection looks for Latin-1 letters).
 * Returns the count or -1. */
static int map_once(uint32_t cp, uint32_t *out, int cap)
{
    utf8proc_int32_t buf[8];
    int last = 0, i;
    utf8proc_ssize_t n = utf8proc_decompose_char((utf8proc_int32_t)cp, buf, 8,
                                                 (utf8proc_option_t)(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                                                     UTF8PROC_IGNORE),
                                                 &last);
    if (n < 0 || n > cap) return -1;
    if (n > 1) n = utf8proc_normalize_utf32(buf, n, (utf8proc_option_t)(UTF8PROC_COMPOSE | UTF8PROC_STABLE));
    if (n < 0) return -1;
    for (i = 0; i < n; i++) out[i] = (uint32_t)buf[i];
    return (int)n;
}

/* Full mapping of one code point through utf8proc and t2s.  Case folding
 * can yield a character with a compatibility mapping (Ａ folds to ａ,
 * which maps to a), so the mapping is repeated until it settles. */
static size_t slow_map(uint32_t cp, uint32_t out[4])
{
    uint32_t cur[4], nxt[4];
    int n = 1, round, i;
    cur[0] = cp;
    for (round = 0; round < 3; round++) {
        int k = 0, changed = 0;
        for (i = 0; i < n; i++) {
            int m = map_once(cur[i], nxt + k, 4 - k);
            if (m < 0) { nxt[k++] = cur[i]; continue; }
            if (m != 1 || nxt[k] != cur[i]) changed = 1;
            k += m;
        }
        memcpy(cur, nxt, (size_t)k * sizeof *cur);
        n = k;
        if (!changed) break;
    }
    for (i = 0; i < n; i++) out[i] = t2s(cur[i]);
    return (size_t)n;
}

/* Class of a normalized code point, from its value and utf8proc's
 * general category (the tables cache it for the BMP). */
static int class_of(uint32_t c)
{
    if (c < 0x80) {
        if ((c | 32) >= 'a' && (c | 32) <= 'z') return SHAI_CC_LATIN;
        if (c >= '0' && c <= '9') return SHAI_CC_DIGIT;
        if (c == ' ' || c == '\t') return SHAI_CC_SPACE;
        if (c < 0x20 || c == 0x7F) return SHAI_CC_CTRL;
        return SHAI_CC_PUNCT;
    }
    if ((c >= 0x4E00 && c < 0xA000) || (c >= 0x3400 && c < 0x4DC0) ||
        (c >= 0x20000 && c < 0x40000) || (c >= 0xF900 && c < 0xFB00) || c == 0x3007)
        return SHAI_CC_CJK;
    if (c == SHAI_REPLACEMENT) return SHAI_CC_REPL;
    if (c < 0xA0) return SHAI_CC_CTRL;
    if (c >= 0xC0 && c < 0x250 && c != 0xD7 && c != 0xF7) return SHAI_CC_LATINX;
    if (c >= 0x3001 && c < 0x3040) return SHAI_CC_PUNCT;
    if ((c >= 0x3040 && c < 0x3100) || (c >= 0x1100 && c < 0x1200) ||
        (c >= 0x3130 && c < 0x3190) || (c >= 0xAC00 && c < 0xD7B0))
        return SHAI_CC_KANA;
    if ((c >= 0xE000 && c < 0xF900) || c >= 0xF0000) return SHAI_CC_PUA;
    switch (utf8proc_category((utf8proc_int32_t)c)) {
    case UTF8PROC_CATEGORY_CN: case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CS:
    case UTF8PROC_CATEGORY_CF:
        return SHAI_CC_CTRL;
    case UTF8PROC_CATEGORY_CO: return SHAI_CC_PUA;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return SHAI_CC_SPACE;
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return SHAI_CC_PUNCT;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return SHAI_CC_MARK;
    default:
        return SHAI_CC_OTHER;
    }
}

/* Normalization of one BMP code point, for the table: ASCII folds case,
 * ideographs map through t2s alone, surrogates stay, the rest goes
 * through slow_map. */
static uint32_t bmp_entry(uint32_t cp)
{
    uint32_t out[4];
    size_t n;
    if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (cp >= 0x4E00 && cp < 0xA000) return t2s(cp);
    if (cp >= 0xD800 && cp < 0xE000) return cp;
    n = slow_map(cp, out);
    if (n == 0) return BMP_DROP;
    if (n > 1) return BMP_MULTI;
    return out[0];
}

static void init_tables(void)
{
    size_t i;
    uint32_t cp;
    for (i = 0; i < SHAI_T2S_N; i++) {
        uint32_t a = shai_t2s_pairs[i][0], b = shai_t2s_pairs[i][1];
        if (a >= T2S_LO && a < T2S_HI && b >= T2S_LO && b < T2S_HI)
            t2s_bmp[a - T2S_LO] = (uint16_t)(b - T2S_LO + 1);
    }
    for (cp = 0; cp < 0x10000; cp++) {
        norm_bmp[cp] = bmp_entry(cp);
        class_bmp[cp] = (uint8_t)class_of(cp);
    }
    atomic_store_explicit(&tables_ready, 1, memory_order_release);
}

void shai_normalize_init(void) { call_once(&init_once, init_tables); }

/* The tables, filled on first use when no one called shai_normalize_init. */
static int tables_filled(void)
{
    if (!atomic_load_explicit(&tables_ready, memory_order_acquire)) shai_normalize_init();
    return 1;
}

size_t shai_normalize_cp(uint32_t cp, uint32_t out[4])
{
    if (tables_filled() && cp < 0x10000) {
        uint32_t m = norm_bmp[cp];
        if (m == BMP_DROP) return 0;
        if (m != BMP_MULTI) { out[0] = m; return 1; }
    }
    return slow_map(cp, out);
}

int shai_hanzi_common(uint32_t cp)
{
    if (cp < 0x4E00 || cp >= 0xA000) return 0;
    cp -= 0x4E00;
    return (shai_common_hanzi[cp >> 3] >> (cp & 7)) & 1;
}

int shai_char_class(uint32_t c)
{
    if (c < 0x10000 && tables_filled()) return class_bmp[c];
    return class_of(c);
}

/* The fingerprint of the whole mapping: for every code point of the
 * planes Unicode assigns characters in (0 to 3 and 14; 15 and 16 are
 * private use, classified by range) but the surrogates, what it
 * normalizes to and its class, each value hashed as four little-endian
 * bytes so that every host gets the same number. */
static uint64_t norm_fingerprint;
static once_flag fingerprint_once = ONCE_FLAG_INIT;

static uint64_t fnv_u32(uint64_t h, uint32_t v)
{
    const unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                                (unsigned char)(v >> 24)};
    return shai_fnv1a64(b, 4, h);
}

static uint64_t fingerprint_range(uint64_t h, uint32_t lo, uint32_t hi)
{
    uint32_t cp, out[4];
    size_t n, i;
    for (cp = lo; cp < hi; cp++) {
        if (cp == 0xD800) cp = 0xE000;
        n = shai_normalize_cp(cp, out);
        h = fnv_u32(h, (uint32_t)n);
        for (i = 0; i < n; i++) h = fnv_u32(h, out[i]);
        h = fnv_u32(h, (uint32_t)shai_char_class(cp));
    }
    return h;
}

static void init_fingerprint(void)
{
    uint64_t h = fingerprint_range(SHAI_FNV_INIT, 0, 0x40000);
    norm_fingerprint = fingerprint_range(h, 0xE0000, 0xF0000);
}

uint64_t shai_normalization_hash(void)
{
    call_once(&fingerprint_once, init_fingerprint);
    return norm_fingerprint;
}

static long normalize(const char *s, size_t n, uint32_t **cps, size_t *cap, size_t *bad,
                      size_t *decoded)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, k = 0, slow_in = 0, slow_out = 0;
    uint32_t out[4];
    tables_filled();
    uint32_t *o;
    /* n bytes never yield more than 4n code points (an expansion of one
     * code point is at most 4 and needs at least one byte), but reserve
     * for the common case and grow on demand.  Throughout, *cap >= k +
     * (n - i) + 4: room for one code point per byte left, so that only
     * an expansion needs to check. */
    if (shai_grow((void **)cps, cap, n + 4, sizeof **cps)) return SHAI_ERR_NOMEM;
    o = *cps;
    while (i < n) {
        unsigned c0 = u[i];
        uint32_t cp, m;
        size_t j;
        if (c0 < 0x80) {
            cp = c0;
            i++;
        } else if (c0 - 0xE1 <= 0xEF - 0xE1 && c0 != 0xED && n - i > 2 &&
                   ((u[i + 1] ^ 0x80) | (u[i + 2] ^ 0x80)) < 0x40) {
            /* a well-formed three-byte sequence (CJK, CJK punctuation,
             * full-width forms): no overlong or surrogate lead byte */
            cp = (uint32_t)(c0 & 0x0F) << 12 | (uint32_t)(u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F);
            i += 3;
        } else {
            /* through a copy: were i's address taken, i would live in
             * memory, a store and a load in every step of this loop */
            size_t at = i;
            cp = shai_utf8_next(u, n, &at, bad);
            i = at;
        }
        if (cp < 0x10000 && (m = norm_bmp[cp]) < BMP_MULTI) {   /* one code point */
            o[k++] = m;
            continue;
        }
        m = (uint32_t)shai_normalize_cp(cp, out);
        slow_in++;
        slow_out += m;
        if (shai_grow((void **)cps, cap, k + m + (n - i) + 4, sizeof **cps)) return SHAI_ERR_NOMEM;
        o = *cps;
        for (j = 0; j < m; j++) o[k++] = out[j];
    }
    /* the code points read: one per code point written, but for those
     * that took the slow path (counted there, not in every step: one
     * counter less in the registers of this loop) */
    if (decoded) *decoded = k - slow_out + slow_in;
    return (long)k;
}

long shai_normalize_utf8(const char *s, size_t n, uint32_t **cps, size_t *cap, size_t *bad)
{
    return normalize(s, n, cps, cap, bad, NULL);
}

long shai_normalize_utf8_count(const char *s, size_t n, uint32_t **cps, size_t *cap,
                               size_t *decoded)
{
    return normalize(s, n, cps, cap, NULL, decoded);
}
