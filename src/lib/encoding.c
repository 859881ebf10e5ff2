/*
 * encoding.c — plain-text documents that are not UTF-8.
 *
 * Chinese pages saved to disk are often GBK (GB18030 is its superset) or
 * Big5, and Windows tools write UTF-16.  Read as UTF-8, such a file turns
 * into replacement characters, which the filter then drops as garbled:
 * the content would be lost without a word.  So a plain-text document
 * that is not valid UTF-8 is decoded, through the C library's iconv (its
 * gconv modules ship with glibc itself: no extra dependency), in
 * whichever of UTF-8, GB18030 and Big5 reads most plausibly; a UTF-16
 * byte order mark decides for UTF-16.  Valid UTF-8 is never second-
 * guessed, and JSON Lines and WARC are UTF-8 by their specifications.
 * Other East Asian encodings are not decoded: Korean EUC-KR and
 * Japanese EUC-JP files stay replacement characters (garbled), as they
 * were, rather than becoming plausible-looking Chinese.
 *
 * Plausibility is counted as oddities per decoding: replacement
 * characters (each sequence invalid in the encoding), controls, private-
 * use and kana code points, and ideographs outside GB2312 level 1 once
 * traditional forms are folded to simplified ones (normalize.c).  A GBK
 * file read as UTF-8 is nearly all replacement characters; UTF-8 read as
 * GBK is the classic mojibake 浣犲ソ, rare ideographs and kana; Big5 read
 * as GBK lands in kana, Cyrillic and GBK's rare extension rows.  The
 * readings are compared on the document's first SNIFF_MAX bytes, and only
 * the winner is decoded whole.  The alternative with the fewest oddities
 * wins when it has fewer than half of the UTF-8 reading's, and no more
 * than one oddity in four of its non-ASCII characters (EUC-JP read as
 * GB18030 is kana to some 40%).  GB18030 is not a candidate for text
 * whose two-byte characters all lie in rows B0-C8: there EUC-KR puts
 * Hangul, while Chinese in GB2312 always has some of the rows C9-D7
 * (是 在 我 一 有 这 中 上 ...).
 */
#include "reader.h"

#include <errno.h>
#include <string.h>

/* Bytes of a document the readings are compared on. */
#define SNIFF_MAX ((size_t)1 << 20)
/* Non-ASCII characters a reading needs for the share of its oddities to
 * count, and that share's limit (one in ODD_SHARE_MAX). */
#define ODD_SHARE_MIN_CHARS 20
#define ODD_SHARE_MAX 4
/* Two-byte characters of GB2312's level 1 a text needs, and the share of
 * them in rows C9-D7 (one in KOREAN_HIGH_SHARE) under which it is taken
 * for EUC-KR Hangul, not Chinese. */
#define KOREAN_MIN_PAIRS 20
#define KOREAN_HIGH_SHARE 20

static const char *const enc_names[] = {"utf-8", "gb18030", "big5", "utf-16", "auto"};

const char *shai_encoding_name(int enc)
{
    return enc >= SHAI_ENC_UTF8 && enc <= SHAI_ENC_AUTO ? enc_names[enc] : NULL;
}

int shai_encoding_from_name(const char *name)
{
    static const struct { const char *alias; int enc; } aliases[] = {
        {"utf8", SHAI_ENC_UTF8}, {"gbk", SHAI_ENC_GB18030}, {"gb2312", SHAI_ENC_GB18030},
        {"cp936", SHAI_ENC_GB18030}, {"cp950", SHAI_ENC_BIG5}, {"big5-hkscs", SHAI_ENC_BIG5},
        {"utf16", SHAI_ENC_UTF16},
    };
    size_t i;
    char low[16];
    if (!name) return -1;
    for (i = 0; name[i] && i + 1 < sizeof low; i++)
        low[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i]);
    if (name[i]) return -1;
    low[i] = '\0';
    for (i = 0; i < sizeof enc_names / sizeof *enc_names; i++)
        if (!strcmp(low, enc_names[i])) return (int)i;
    for (i = 0; i < sizeof aliases / sizeof *aliases; i++)
        if (!strcmp(low, aliases[i].alias)) return aliases[i].enc;
    return -1;
}

int shai_reader_set_encoding(shai_reader *r, shai_encoding enc)
{
    if (!r || enc < SHAI_ENC_UTF8 || enc > SHAI_ENC_AUTO) return SHAI_ERR_INVALID;
    r->encoding = enc;
    return SHAI_OK;
}

void shai_encoding_close(shai_reader *r)
{
    size_t i;
    for (i = 0; i < sizeof r->iconv_cd / sizeof *r->iconv_cd; i++) {
        if (r->iconv_open[i]) iconv_close(r->iconv_cd[i]);
        r->iconv_open[i] = 0;
    }
}

/* The converter to UTF-8 from iconv's encoding `name`, kept in slot k of
 * r (opened on first use).  Returns SHAI_OK, or SHAI_ERR_INVALID when
 * the C library has no such converter. */
static int converter(shai_reader *r, size_t k, const char *name, iconv_t *cd)
{
    if (!r->iconv_open[k]) {
        r->iconv_cd[k] = iconv_open("UTF-8", name);
        if (r->iconv_cd[k] == (iconv_t)-1) return SHAI_ERR_INVALID;
        r->iconv_open[k] = 1;
    }
    *cd = r->iconv_cd[k];
    iconv(*cd, NULL, NULL, NULL, NULL);   /* back to the initial state */
    return SHAI_OK;
}

/* Appends s[0..n), in the encoding of cd, to out as UTF-8; a sequence
 * invalid in it (skipped unit bytes at a time) or cut off at the end
 * becomes U+FFFD.  Returns how many did, or < 0: the buffer's error, or
 * SHAI_ERR_INVALID with *err set to iconv's unexpected errno. */
static long long convert(iconv_t cd, shai_buf *out, const char *s, size_t n, size_t unit, int *err)
{
    char *in = (char *)s;   /* iconv's prototype; it does not write there */
    size_t left = n;
    long long bad = 0;
    int rc;
    for (;;) {
        char tmp[8192], *o = tmp;
        size_t room = sizeof tmp, got;
        int e;
        errno = 0;
        got = left ? iconv(cd, &in, &left, &o, &room) : iconv(cd, NULL, NULL, &o, &room);
        e = errno;
        if (o > tmp && (rc = shai_buf_append(out, tmp, (size_t)(o - tmp)))) return rc;
        if (got != (size_t)-1) {
            if (!left) {
                /* the input is used up; flush what a stateful decoder holds */
                o = tmp;
                room = sizeof tmp;
                if (iconv(cd, NULL, NULL, &o, &room) != (size_t)-1 && o > tmp &&
                    (rc = shai_buf_append(out, tmp, (size_t)(o - tmp))))
                    return rc;
                return bad;
            }
            continue;
        }
        if (e == E2BIG) continue;
        if (e != EILSEQ && e != EINVAL) {
            *err = e;
            return SHAI_ERR_INVALID;
        }
        if ((rc = shai_buf_append(out, "\xEF\xBF\xBD", 3))) return rc;
        bad++;
        {
            size_t skip = unit < left ? unit : left;
            in += skip;
            left -= skip;
        }
        if (!left) return bad;
    }
}

/* Decodes s[0..n) from enc (not SHAI_ENC_AUTO or SHAI_ENC_UTF8) into
 * out (emptied first), NUL bytes of the result replaced by U+FFFD
 * through scratch.  Returns the count of replacements, or < 0
 * (SHAI_ERR_INVALID with r->enc_why set: no converter); *text and *len
 * get the UTF-8 text (in out or in scratch). */
static long long decode(shai_reader *r, int enc, const char *s, size_t n, shai_buf *out,
                        shai_buf *scratch, const char **text, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    const char *name;
    size_t unit = 1, k;
    long long bad, nul;
    iconv_t cd;
    int rc, bom;
    switch (enc) {
    case SHAI_ENC_GB18030: name = "GB18030"; k = 0; break;
    case SHAI_ENC_BIG5: name = "BIG5-HKSCS"; k = 1; break;
    default:
        /* UTF-16: the byte order mark decides, else little-endian (what
         * Windows writes without one) */
        unit = 2;
        bom = shai_utf16_bom(u, n);
        name = bom && u[0] == 0xFE ? "UTF-16BE" : "UTF-16LE";
        k = bom && u[0] == 0xFE ? 3 : 2;
        if (bom) { s += 2; n -= 2; }
        break;
    }
    if ((rc = converter(r, k, name, &cd))) {
        snprintf(r->enc_why, sizeof r->enc_why, "the C library has no %s decoder (iconv)", name);
        return rc;
    }
    out->len = 0;
    if ((bad = convert(cd, out, s, n, unit, &rc)) < 0) {
        if (bad == SHAI_ERR_INVALID)
            snprintf(r->enc_why, sizeof r->enc_why, "decoding %s failed: %s", name, strerror(rc));
        return bad;
    }
    *text = out->p ? out->p : "";
    *len = out->len;
    /* a byte order mark in the encoding (GB18030's 84 31 95 33) is no
     * more text than UTF-8's, which the reader skips */
    if (*len >= 3 && !memcmp(*text, "\xEF\xBB\xBF", 3)) {
        *text += 3;
        *len -= 3;
    }
    if (!memchr(*text, '\0', *len)) return bad;
    scratch->len = 0;
    if ((nul = shai_read_repair(scratch, *text, *len)) < 0) return nul;
    *text = scratch->p;
    *len = scratch->len;
    return bad + nul;
}

/* The oddities of UTF-8 text s[0..n) (see the top of this file); *chars
 * (if not NULL) gets its non-ASCII characters. */
static size_t oddities(const char *s, size_t n, size_t *chars)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, odd = 0, wide = 0;
    uint32_t out[4];
    while (i < n) {
        uint32_t cp = shai_utf8_next(u, n, &i, NULL);
        int cc;
        if (cp < 0x80) continue;
        wide++;
        if (!shai_normalize_cp(cp, out)) continue;
        cc = shai_char_class(out[0]);
        odd += cc == SHAI_CC_REPL || cc == SHAI_CC_CTRL || cc == SHAI_CC_PUA || cc == SHAI_CC_KANA ||
               (cc == SHAI_CC_CJK && !shai_hanzi_common(out[0]));
    }
    if (chars) *chars = wide;
    return odd;
}

/* 1 when the bytes s[0..n), read as GB18030, hold KOREAN_MIN_PAIRS or
 * more characters of GB2312 level 1 (lead byte B0-D7) and few of them in
 * rows C9-D7: EUC-KR Hangul, not Chinese (see the top of this file). */
static int korean_like(const unsigned char *s, size_t n)
{
    size_t i = 0, low = 0, high = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x81 || c == 0xFF || i + 1 >= n) { i++; continue; }
        if (s[i + 1] >= 0x30 && s[i + 1] <= 0x39) { i += 4; continue; }   /* four bytes */
        if (s[i + 1] >= 0xA1 && s[i + 1] <= 0xFE) {
            low += c >= 0xB0 && c <= 0xC8;
            high += c >= 0xC9 && c <= 0xD7;
        }
        i += 2;
    }
    return low + high >= KOREAN_MIN_PAIRS && high * KOREAN_HIGH_SHARE < low + high;
}

long long shai_reader_text_decoded(shai_reader *r, const char **text, size_t *len, int *enc)
{
    const char *b = r->body.p ? r->body.p : "";
    const unsigned char *u = (const unsigned char *)b;
    size_t n = r->body.len, pn = n < SNIFF_MAX ? n : SNIFF_MAX, best = SIZE_MAX, odd, chars;
    int want = r->encoding, alt, win = SHAI_ENC_UTF8;
    long long got;

    *enc = SHAI_ENC_UTF8;
    if (want == SHAI_ENC_AUTO && shai_utf16_bom(u, n)) want = SHAI_ENC_UTF16;
    if (want != SHAI_ENC_UTF8 && want != SHAI_ENC_AUTO) {
        *enc = want;
        return decode(r, want, b, n, &r->alt, &r->cand2, text, len);
    }
    /* valid UTF-8, checked once: the body as it is, asked for or found */
    if (shai_reader_body_utf8(r, text, len)) return 0;
    if (want == SHAI_ENC_UTF8) return shai_reader_body_repaired(r, text, len);
    /* not UTF-8: the readings compared on the first SNIFF_MAX bytes */
    for (alt = SHAI_ENC_GB18030; alt <= SHAI_ENC_BIG5; alt++) {
        const char *t;
        size_t tl;
        if (alt == SHAI_ENC_GB18030 && korean_like(u, pn)) continue;
        if ((got = decode(r, alt, b, pn, &r->cand, &r->cand2, &t, &tl)) < 0) {
            if (got == SHAI_ERR_INVALID) continue;   /* no converter: no candidate */
            return got;
        }
        odd = oddities(t, tl, &chars);
        if (chars >= ODD_SHARE_MIN_CHARS && odd * ODD_SHARE_MAX > chars) continue;
        if (odd < best) {
            best = odd;
            win = alt;
        }
    }
    if (win == SHAI_ENC_UTF8 || best * 2 >= oddities(b, pn, NULL))
        return shai_reader_body_repaired(r, text, len);
    *enc = win;
    return decode(r, win, b, n, &r->alt, &r->cand2, text, len);
}
