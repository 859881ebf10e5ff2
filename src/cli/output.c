/*
 * output.c — checked, optionally compressed output (see output.h).
 * gzip: zlib deflate level 6 with a gzip header; zstd: level 3.
 */
#include "cli.h"
#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

enum { OUT_PLAIN, OUT_GZIP, OUT_ZSTD };

#define CHUNK ((size_t)1 << 17)

struct cli_out {
    const char *cmd;
    char *name;
    FILE *f;
    int kind, failed;
    z_stream z;
    ZSTD_CCtx *zc;
    unsigned char *buf;          /* compressed bytes on their way out */
};

/* 1 when s ends with suffix. */
static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

/* Prints the first error; returns -1. */
static int out_fail(cli_out *o, const char *why)
{
    if (!o->failed) cli_error(o->cmd, "write error on %s: %s", o->name, why);
    o->failed = 1;
    return -1;
}

/* fwrite with a check. */
static int put(cli_out *o, const void *p, size_t n)
{
    if (n && fwrite(p, 1, n, o->f) != n) return out_fail(o, strerror(errno));
    return 0;
}

cli_out *cli_out_open(const char *cmd, const char *path)
{
    cli_out *o = calloc(1, sizeof *o);
    int std = !path || !strcmp(path, "-");
    if (!o) { cli_error(cmd, "out of memory"); return NULL; }
    o->cmd = cmd;
    o->name = malloc(std ? 16 : strlen(path) + 1);
    if (!o->name) { free(o); cli_error(cmd, "out of memory"); return NULL; }
    strcpy(o->name, std ? "standard output" : path);
    if (!std && ends_with(path, ".gz")) o->kind = OUT_GZIP;
    else if (!std && ends_with(path, ".zst")) o->kind = OUT_ZSTD;
    if (o->kind != OUT_PLAIN && !(o->buf = malloc(CHUNK))) goto nomem;
    if (o->kind == OUT_GZIP && deflateInit2(&o->z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        goto nomem;
    if (o->kind == OUT_ZSTD) {
        o->zc = ZSTD_createCCtx();
        if (!o->zc || ZSTD_isError(ZSTD_CCtx_setParameter(o->zc, ZSTD_c_compressionLevel, 3))) goto nomem;
    }
    o->f = std ? stdout : fopen(path, "wb");
    if (!o->f) {
        cli_error(cmd, "cannot write %s: %s", path, strerror(errno));
        if (o->kind == OUT_GZIP) deflateEnd(&o->z);
        ZSTD_freeCCtx(o->zc);
        free(o->buf);
        free(o->name);
        free(o);
        return NULL;
    }
    return o;
nomem:
    cli_error(cmd, "out of memory");
    if (o->kind == OUT_GZIP && o->buf) deflateEnd(&o->z);
    ZSTD_freeCCtx(o->zc);
    free(o->buf);
    free(o->name);
    free(o);
    return NULL;
}

const char *cli_out_name(const cli_out *o) { return o->name; }

/* Feeds p[0..n) to the compressor; end: finish the stream. */
static int squeeze(cli_out *o, const void *p, size_t n, int end)
{
    if (o->kind == OUT_GZIP) {
        int zr;
        o->z.next_in = (unsigned char *)(size_t)p;
        o->z.avail_in = (uInt)n;
        do {
            o->z.next_out = o->buf;
            o->z.avail_out = (uInt)CHUNK;
            zr = deflate(&o->z, end ? Z_FINISH : Z_NO_FLUSH);
            if (zr == Z_STREAM_ERROR) return out_fail(o, "gzip compression failed");
            if (put(o, o->buf, CHUNK - o->z.avail_out)) return -1;
        } while (o->z.avail_out == 0 || (end && zr != Z_STREAM_END));
        return 0;
    } else {
        ZSTD_inBuffer in;
        size_t left;
        in.src = p; in.size = n; in.pos = 0;
        do {
            ZSTD_outBuffer ob;
            ob.dst = o->buf; ob.size = CHUNK; ob.pos = 0;
            left = ZSTD_compressStream2(o->zc, &ob, &in, end ? ZSTD_e_end : ZSTD_e_continue);
            if (ZSTD_isError(left)) return out_fail(o, ZSTD_getErrorName(left));
            if (put(o, o->buf, ob.pos)) return -1;
        } while (end ? left != 0 : in.pos < in.size);
        return 0;
    }
}

int cli_out_write(cli_out *o, const void *p, size_t n)
{
    if (o->failed) return -1;
    if (o->kind == OUT_PLAIN) return put(o, p, n);
    while (n > 0) {                 /* avail_in is 32-bit */
        size_t k = n > ((size_t)1 << 30) ? (size_t)1 << 30 : n;
        if (squeeze(o, p, k, 0)) return -1;
        p = (const char *)p + k;
        n -= k;
    }
    return 0;
}

int cli_out_close(cli_out *o)
{
    int bad;
    if (!o) return 0;
    if (!o->failed && o->kind != OUT_PLAIN) squeeze(o, "", 0, 1);
    if (o->kind == OUT_GZIP) deflateEnd(&o->z);
    ZSTD_freeCCtx(o->zc);
    if (!o->failed && (fflush(o->f) || ferror(o->f))) out_fail(o, strerror(errno));
    if (o->f != stdout && fclose(o->f) && !o->failed) out_fail(o, strerror(errno));
    bad = o->failed;
    free(o->buf);
    free(o->name);
    free(o);
    return bad ? -1 : 0;
}
