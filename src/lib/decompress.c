/*
 * decompress.c — a FILE as a stream of bytes, gunzipped or unzstd'ed on
 * the fly, with line reading and peeking for the readers.
 *
 * Compression is recognized by magic bytes (gzip 1f 8b, zstd 28 b5 2f fd),
 * never by file name.  Concatenated gzip members and zstd frames are read
 * one after the other; NUL padding after the last gzip member is ignored.
 * A stream that ends inside a member or frame is an error
 * (SHAI_ERR_COMPRESS), reported only after every byte decoded before the
 * damage has been handed out.
 */
#include "reader.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define SRC_IN_CAP ((size_t)64 << 10)
#define SRC_OUT_CAP ((size_t)256 << 10)

/* Sets the sticky error and its reason; returns code. */
static int src_fail(shai_src *s, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int src_fail(shai_src *s, int code, const char *fmt, ...)
{
    va_list ap;
    s->err = code;
    va_start(ap, fmt);
    vsnprintf(s->why, sizeof s->why, fmt, ap);
    va_end(ap);
    return code;
}

/* Reads more compressed bytes after those not yet used.  Returns how many
 * were read (0 at the end of the file) or < 0. */
static long read_in(shai_src *s)
{
    size_t n;
    if (s->in_pos > 0) {
        memmove(s->in, s->in + s->in_pos, s->in_len - s->in_pos);
        s->in_len -= s->in_pos;
        s->in_pos = 0;
    }
    if (s->in_eof || s->in_len == s->in_cap) return 0;
    n = fread(s->in + s->in_len, 1, s->in_cap - s->in_len, s->f);
    if (n == 0) {
        if (ferror(s->f)) return src_fail(s, SHAI_ERR_IO, "read error: %s", strerror(errno));
        s->in_eof = 1;
    }
    s->in_len += n;
    return (long)n;
}

int shai_src_open(shai_src *s, FILE *f)
{
    long rc;
    memset(s, 0, sizeof *s);
    s->f = f;
    s->in_cap = SRC_IN_CAP;
    s->out_cap = SRC_OUT_CAP;
    shai_buf_init(&s->fix, 3 * SHAI_MAX_LINE + 4);   /* repair: 1 byte -> 3 */
    s->in = malloc(s->in_cap);
    s->out = malloc(s->out_cap);
    if (!s->in || !s->out) return src_fail(s, SHAI_ERR_NOMEM, "out of memory");
    while (s->in_len < 4 && !s->in_eof)
        if ((rc = read_in(s)) < 0) return (int)rc;
    if (s->in_len >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b) {
        s->kind = SHAI_SRC_GZIP;
        if (inflateInit2(&s->z, 15 + 16) != Z_OK)
            return src_fail(s, SHAI_ERR_NOMEM, "cannot start gzip decoder");
        s->z_init = s->z_live = 1;
    } else if (s->in_len >= 4 && s->in[0] == 0x28 && s->in[1] == 0xb5 && s->in[2] == 0x2f &&
               s->in[3] == 0xfd) {
        s->kind = SHAI_SRC_ZSTD;
        s->zs = ZSTD_createDStream();
        if (!s->zs || ZSTD_isError(ZSTD_initDStream(s->zs)))
            return src_fail(s, SHAI_ERR_NOMEM, "cannot start zstd decoder");
        s->zs_hint = 1;
    }
    return SHAI_OK;
}

void shai_src_close(shai_src *s)
{
    if (s->z_init) inflateEnd(&s->z);
    ZSTD_freeDStream(s->zs);
    free(s->in);
    free(s->out);
    shai_buf_free(&s->fix);
    memset(s, 0, sizeof *s);
}

/* gzip: decodes into out[out_len..out_cap).  Returns bytes produced, 0
 * at the end, or < 0. */
static long fill_gzip(shai_src *s)
{
    size_t before = s->out_len;
    long rc;
    while (s->out_len == before) {
        int zr;
        if (s->in_pos == s->in_len && !s->in_eof && (rc = read_in(s)) < 0) return rc;
        if (!s->z_live) {                     /* between members */
            while (s->in_pos < s->in_len && s->in[s->in_pos] == 0) s->in_pos++;
            if (s->in_pos == s->in_len) {
                if (s->in_eof) { s->eof = 1; return 0; }
                continue;
            }
            if (s->in_len - s->in_pos < 2 && !s->in_eof) {
                if ((rc = read_in(s)) < 0) return rc;
                continue;
            }
            if (s->in_len - s->in_pos < 2 && s->in[s->in_pos] == 0x1f)   /* a header cut after a byte */
                return src_fail(s, SHAI_ERR_COMPRESS, "truncated gzip stream");
            if (s->in[s->in_pos] != 0x1f || s->in[s->in_pos + 1] != 0x8b) {
                s->err_whole = 1;              /* after a member's end and CRC */
                return src_fail(s, SHAI_ERR_COMPRESS, "trailing garbage in gzip stream");
            }
            if (inflateReset(&s->z) != Z_OK)
                return src_fail(s, SHAI_ERR_COMPRESS, "gzip decoder reset failed");
            s->z_live = 1;
        }
        s->z.next_in = s->in + s->in_pos;
        s->z.avail_in = (uInt)(s->in_len - s->in_pos);
        s->z.next_out = s->out + s->out_len;
        s->z.avail_out = (uInt)(s->out_cap - s->out_len);
        zr = inflate(&s->z, Z_NO_FLUSH);
        s->in_pos = s->in_len - s->z.avail_in;
        s->out_len = s->out_cap - s->z.avail_out;
        if (zr == Z_STREAM_END) { s->z_live = 0; continue; }
        if (zr == Z_OK || zr == Z_BUF_ERROR) {
            if (s->out_len == before && s->in_pos == s->in_len && s->in_eof)
                return src_fail(s, SHAI_ERR_COMPRESS, "truncated gzip stream");
            continue;
        }
        return src_fail(s, SHAI_ERR_COMPRESS, "corrupt gzip stream (%s)",
                        s->z.msg ? s->z.msg : "unknown error");
    }
    return (long)(s->out_len - before);
}

/* zstd: as fill_gzip. */
static long fill_zstd(shai_src *s)
{
    size_t before = s->out_len;
    long rc;
    while (s->out_len == before) {
        ZSTD_inBuffer ib;
        ZSTD_outBuffer ob;
        size_t zr;
        if (s->in_pos == s->in_len && !s->in_eof && (rc = read_in(s)) < 0) return rc;
        ib.src = s->in; ib.size = s->in_len; ib.pos = s->in_pos;
        ob.dst = s->out; ob.size = s->out_cap; ob.pos = s->out_len;
        zr = ZSTD_decompressStream(s->zs, &ob, &ib);
        if (ZSTD_isError(zr)) {
            /* a bad header where the next frame should start: the frames
             * before it are whole */
            s->err_whole = s->zs_hint == 0 && ob.pos == s->out_len;
            return src_fail(s, SHAI_ERR_COMPRESS, "corrupt zstd stream (%s)", ZSTD_getErrorName(zr));
        }
        /* a call without progress after a frame's end asks for the next
         * header: that is not a truncated frame */
        if (ib.pos != s->in_pos || ob.pos != s->out_len) s->zs_hint = zr;
        s->in_pos = ib.pos;
        s->out_len = ob.pos;
        if (s->out_len == before && s->in_pos == s->in_len && s->in_eof) {
            if (s->zs_hint != 0)
                return src_fail(s, SHAI_ERR_COMPRESS, "truncated zstd stream");
            s->eof = 1;
            return 0;
        }
    }
    return (long)(s->out_len - before);
}

/* Moves waiting bytes to the front of out and decodes more after them.
 * Returns bytes added, 0 at the end, or < 0. */
static long fill(shai_src *s)
{
    if (s->err) return s->err;
    if (s->eof) return 0;
    if (s->out_pos > 0) {
        memmove(s->out, s->out + s->out_pos, s->out_len - s->out_pos);
        s->out_len -= s->out_pos;
        s->out_pos = 0;
    }
    if (s->out_len == s->out_cap) return 0;
    if (s->kind == SHAI_SRC_GZIP) return fill_gzip(s);
    if (s->kind == SHAI_SRC_ZSTD) return fill_zstd(s);
    if (s->in_pos < s->in_len) {             /* bytes read while sniffing */
        size_t n = s->in_len - s->in_pos;
        if (n > s->out_cap - s->out_len) n = s->out_cap - s->out_len;
        memcpy(s->out + s->out_len, s->in + s->in_pos, n);
        s->in_pos += n;
        s->out_len += n;
        return (long)n;
    }
    {
        size_t n = fread(s->out + s->out_len, 1, s->out_cap - s->out_len, s->f);
        if (n == 0) {
            if (ferror(s->f)) return src_fail(s, SHAI_ERR_IO, "read error: %s", strerror(errno));
            s->eof = 1;
        }
        s->out_len += n;
        return (long)n;
    }
}

long shai_src_peek(shai_src *s, size_t want)
{
    if (want > s->out_cap) want = s->out_cap;
    while (s->out_len - s->out_pos < want) {
        long rc = fill(s);
        /* bytes decoded before damage are handed out first; the sticky
         * error comes with the next fill */
        if (rc < 0) return s->out_len > s->out_pos ? (long)(s->out_len - s->out_pos) : rc;
        if (rc == 0) break;
    }
    return (long)(s->out_len - s->out_pos);
}

/* Counts '\n' in p[0..n). */
static size_t count_nl(const unsigned char *p, size_t n)
{
    size_t c = 0;
    const unsigned char *e = p + n;
    while (p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL) { c++; p++; }
    return c;
}

void shai_src_skip(shai_src *s, size_t n)
{
    if (n > s->out_len - s->out_pos) n = s->out_len - s->out_pos;
    s->nl += count_nl(s->out + s->out_pos, n);
    s->out_pos += n;
}

/* Replaces invalid UTF-8 and NUL bytes in line by U+FFFD (through the
 * scratch buffer s->fix, whose storage line then takes over).  Returns
 * SHAI_OK or < 0. */
int shai_src_repair(shai_src *s, shai_buf *line)
{
    long long fixed;
    shai_buf t;
    if (!memchr(line->p, '\0', line->len) && shai_utf8_valid(line->p, line->len)) return SHAI_OK;
    s->fix.len = 0;
    if ((fixed = shai_read_repair(&s->fix, line->p, line->len)) < 0) return (int)fixed;
    s->repaired = (size_t)fixed;
    t = *line;                   /* swap storage, keep each buffer's cap */
    line->p = s->fix.p; line->len = s->fix.len; line->cap = s->fix.cap;
    s->fix.p = t.p; s->fix.len = 0; s->fix.cap = t.cap;
    return SHAI_OK;
}

int shai_src_line(shai_src *s, shai_buf *line)
{
    int toobig = 0, any = 0;
    line->len = 0;
    s->repaired = 0;
    for (;;) {
        size_t avail = s->out_len - s->out_pos, take;
        const unsigned char *p = s->out + s->out_pos, *nl;
        long rc;
        if (avail == 0) {
            if ((rc = fill(s)) < 0) {
                /* bytes decoded before the damage are handed out first
                 * (as shai_src_peek does); the sticky error comes when
                 * none is left */
                if (s->out_len > s->out_pos) continue;
                /* damage after a whole member or frame ends a last line
                 * without a newline as the end of the file would; the
                 * next call reports the damage */
                if (s->err_whole && any && !toobig) break;
                /* a line already past the cap is that reject first (its
                 * bytes are gone: no "cut off" record can be made of it) */
                if (toobig) return SHAI_ERR_TOOBIG;
                return (int)rc;
            }
            if (rc == 0) break;
            continue;
        }
        any = 1;
        nl = memchr(p, '\n', avail);
        take = nl ? (size_t)(nl - p) : avail;
        if (!toobig) {
            int e = shai_buf_append(line, p, take);
            if (e == SHAI_ERR_TOOBIG) { toobig = 1; line->len = 0; }
            else if (e) return e;       /* out of memory is no reject */
        }
        s->out_pos += take;
        if (nl) { s->out_pos++; s->nl++; break; }
    }
    if (toobig) return SHAI_ERR_TOOBIG;
    return any ? 1 : 0;
}

int shai_src_line_view(shai_src *s, shai_buf *line, const char **p, size_t *n)
{
    size_t avail = s->out_len - s->out_pos;
    const unsigned char *q = s->out + s->out_pos, *nl;
    int rc;
    /* the whole line already decoded: handed out where it is */
    if (avail && (nl = memchr(q, '\n', avail)) != NULL && (size_t)(nl - q) <= line->max) {
        line->len = 0;
        s->repaired = 0;
        *p = (const char *)q;
        *n = (size_t)(nl - q);
        s->out_pos += *n + 1;
        s->nl++;
        return 1;
    }
    rc = shai_src_line(s, line);
    *p = line->p ? line->p : "";
    *n = line->len;
    return rc;
}

long long shai_src_read(shai_src *s, shai_buf *out, size_t n)
{
    size_t got = 0;
    while (got < n) {
        size_t avail = s->out_len - s->out_pos, take;
        long rc;
        if (avail == 0) {
            if ((rc = fill(s)) < 0) {
                if (s->out_len > s->out_pos) continue;   /* decoded before the damage */
                return rc;
            }
            if (rc == 0) break;
            continue;
        }
        take = avail < n - got ? avail : n - got;
        if (out && (rc = shai_buf_append(out, s->out + s->out_pos, take))) return rc;
        shai_src_skip(s, take);
        got += take;
    }
    return (long long)got;
}

int shai_src_unread(shai_src *s, const char *p, size_t n)
{
    size_t rest = s->out_len - s->out_pos;
    if (n > SIZE_MAX - rest) return SHAI_ERR_NOMEM;
    if (n + rest > s->out_cap) {
        unsigned char *o = malloc(n + rest);
        if (!o) return SHAI_ERR_NOMEM;
        memcpy(o + n, s->out + s->out_pos, rest);
        free(s->out);
        s->out = o;
        s->out_cap = n + rest;
    } else {
        memmove(s->out + n, s->out + s->out_pos, rest);
    }
    memcpy(s->out, p, n);
    s->out_pos = 0;
    s->out_len = n + rest;
    s->nl -= count_nl((const unsigned char *)p, n);
    return SHAI_OK;
}
