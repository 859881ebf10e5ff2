/*
 * reader.c — input files -> documents.
 *
 * A path is a file, a directory (its regular files, sorted by name with
 * strcmp, not descending into subdirectories) or "-" / NULL for standard
 * input.  Each file is sniffed on its own: compression by magic bytes
 * (decompress.c), then a UTF-8 byte order mark is skipped, then the format
 * by content: JSONL when the first non-blank byte is '{' and the next one
 * '"' or '}' (an object's key, or its end), WET when the text starts with
 * a "WARC/1.x" line.  When the content says neither (a damaged
 * first record, say), the name decides: "*.jsonl", "*.ndjson", "*.json"
 * are JSONL and "*.wet", "*.warc" WET (each maybe followed by ".gz",
 * ".zst" or ".zstd"), so that one bad first line does not turn a whole
 * shard into one text document.  Plain text otherwise.
 *
 * A fatal error (unreadable file, truncated or corrupt compressed stream)
 * ends the current file only: the next shai_reader_next() goes on with the
 * directory's next file, or returns 0.  When the damage cuts a record in
 * two, that record is first rejected ("cut off: ..."), so that every
 * record that was started is either a document or a reject.
 *
 * A document of more than SHAI_MAX_DOC_LINES lines is rejected
 * (SHAI_ERR_TOOBIG): scoring keeps per-block features, and this cap is
 * what bounds its memory.
 */
#include "reader.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* qsort comparison of two char * by strcmp (byte order, no locale). */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends a malloc'ed copy of path to r->paths.  Returns SHAI_OK or
 * SHAI_ERR_NOMEM. */
static int add_path(shai_reader *r, size_t *cap, const char *dir, const char *name)
{
    size_t dl = dir ? strlen(dir) : 0, nl = strlen(name);
    char *p = malloc(dl + nl + 2);
    if (!p) return SHAI_ERR_NOMEM;
    if (dir) {
        memcpy(p, dir, dl);
        if (dl && dir[dl - 1] != '/') p[dl++] = '/';
    }
    memcpy(p + dl, name, nl + 1);
    if (shai_grow((void **)&r->paths, cap, r->npaths + 1, sizeof *r->paths)) {
        free(p);
        return SHAI_ERR_NOMEM;
    }
    r->paths[r->npaths++] = p;
    return SHAI_OK;
}

/* Lists the regular files of directory path into r->paths, sorted. */
static int list_dir(shai_reader *r, const char *path, shai_status *st)
{
    DIR *d = opendir(path);
    struct dirent *e;
    size_t cap = 0, first = r->npaths, skipped = 0;
    if (!d) return shai_fail(st, SHAI_ERR_IO, "%s: %s", path, strerror(errno));
    while ((e = readdir(d)) != NULL) {
        struct stat sb;
        size_t k = r->npaths;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (add_path(r, &cap, path, e->d_name)) {
            closedir(d);
            return shai_fail(st, SHAI_ERR_NOMEM, "out of memory");
        }
        /* subdirectories, FIFOs and devices are not read; an entry that
         * cannot be stat'ed (a dangling link, a file deleted meanwhile)
         * is kept, so that opening it reports it by name */
        if (!stat(r->paths[k], &sb) && !S_ISREG(sb.st_mode)) {
            free(r->paths[--r->npaths]);
            skipped++;
        }
    }
    closedir(d);
    if (skipped)
        shai_log(1, "%s: %zu entries that are not regular files (subdirectories, pipes, devices) not read",
                 path, skipped);
    qsort(r->paths + first, r->npaths - first, sizeof *r->paths, cmp_str);
    return SHAI_OK;
}

shai_reader *shai_reader_open(const char *path, shai_format format, shai_status *st)
{
    shai_reader *r;
    struct stat sb;
    size_t cap = 0;
    int rc;
    if (format < SHAI_FMT_AUTO || format > SHAI_FMT_WET) {
        shai_fail(st, SHAI_ERR_INVALID, "unknown input format %d", (int)format);
        return NULL;
    }
    r = calloc(1, sizeof *r);
    if (!r) { shai_fail(st, SHAI_ERR_NOMEM, "out of memory"); return NULL; }
    r->want = format;
    r->encoding = SHAI_ENC_AUTO;
    shai_buf_init(&r->line, SHAI_MAX_LINE);
    shai_buf_init(&r->text, 3 * SHAI_MAX_TEXT_DOC + 4); /* repair: 1 byte -> 3 */
    shai_buf_init(&r->id, SHAI_MAX_LINE);
    shai_buf_init(&r->url, SHAI_MAX_LINE);
    shai_buf_init(&r->title, SHAI_MAX_LINE);
    shai_buf_init(&r->body, SHAI_MAX_TEXT_DOC + 1);
    /* decoding: 1 byte -> 3 at most (a replacement character) */
    shai_buf_init(&r->alt, 3 * SHAI_MAX_TEXT_DOC + 4);
    shai_buf_init(&r->cand, 3 * SHAI_MAX_TEXT_DOC + 4);
    shai_buf_init(&r->cand2, 3 * SHAI_MAX_TEXT_DOC + 4);
    if (!path || !strcmp(path, "-")) {
        rc = add_path(r, &cap, NULL, "-");
        if (rc) shai_fail(st, rc, "out of memory");
    } else if (stat(path, &sb)) {
        rc = shai_fail(st, SHAI_ERR_IO, "%s: %s", path, strerror(errno));
    } else if (S_ISDIR(sb.st_mode)) {
        rc = list_dir(r, path, st);
    } else {
        /* open now so that an unreadable file fails here, by name */
        r->f = fopen(path, "rb");
        if (!r->f) rc = shai_fail(st, SHAI_ERR_IO, "%s: %s", path, strerror(errno));
        else if ((rc = add_path(r, &cap, NULL, path))) shai_fail(st, rc, "out of memory");
    }
    if (rc) { shai_reader_free(r); return NULL; }
    return r;
}

/* Ends the current file. */
static void close_file(shai_reader *r)
{
    if (r->is_open) shai_src_close(&r->src);
    if (r->f && r->f != stdin) fclose(r->f);
    r->f = NULL;
    r->is_open = 0;
    if (r->json) { json_decref(r->json); r->json = NULL; }
}

void shai_reader_free(shai_reader *r)
{
    size_t i;
    if (!r) return;
    close_file(r);
    for (i = 0; i < r->npaths; i++) free(r->paths[i]);
    free(r->paths);
    shai_buf_free(&r->line);
    shai_buf_free(&r->text);
    shai_buf_free(&r->id);
    shai_buf_free(&r->url);
    shai_buf_free(&r->title);
    shai_buf_free(&r->body);
    shai_buf_free(&r->alt);
    shai_buf_free(&r->cand);
    shai_buf_free(&r->cand2);
    shai_encoding_close(r);
    free(r);
}

size_t shai_reader_skipped(const shai_reader *r) { return r ? r->skipped : 0; }

const char *shai_reader_reason(const shai_reader *r) { return r ? r->reason : ""; }

int shai_reader_reject(shai_reader *r, shai_doc *doc, int code, size_t record, size_t line,
                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->reason, sizeof r->reason, fmt, ap);
    va_end(ap);
    memset(doc, 0, sizeof *doc);
    doc->source = r->source;
    doc->record = record;
    doc->line = line;
    doc->format = r->fmt;
    return shai_fail(r->st, code, "%s: record %zu, line %zu: %s", r->source, record, line,
                     r->reason);
}

int shai_reader_cut(shai_reader *r, shai_doc *doc, size_t record, size_t line)
{
    r->cut_done = 1;
    return shai_reader_reject(r, doc, SHAI_ERR_FORMAT, record, line, "cut off: %s", r->src.why);
}

/* 1 when text[0..n) has more than max lines (ends as blocks.c reads
 * them: "\n", "\r\n", a lone "\r"). */
static int too_many_lines(const char *text, size_t n, size_t max)
{
    const char *p = text, *e = text + n;
    size_t lines = 1;
    if (n < max) return 0;          /* each line end takes a byte */
    while (p < e) {
        const char *q = p;
        while (q < e && *q != '\n' && *q != '\r') q++;
        if (q == e) break;
        if (*q == '\r' && q + 1 < e && q[1] == '\n') q++;
        p = q + 1;
        if (p < e && ++lines > max) return 1;
    }
    return 0;
}

int shai_reader_body_utf8(shai_reader *r, const char **text, size_t *len)
{
    const char *b = r->body.p ? r->body.p : "";
    if (memchr(b, '\0', r->body.len) || !shai_utf8_valid(b, r->body.len)) return 0;
    *text = b;
    *len = r->body.len;
    return 1;
}

long long shai_reader_body_text(shai_reader *r, const char **text, size_t *len)
{
    return shai_reader_body_utf8(r, text, len) ? 0 : shai_reader_body_repaired(r, text, len);
}

long long shai_reader_body_repaired(shai_reader *r, const char **text, size_t *len)
{
    long long fixed;
    r->text.len = 0;
    if ((fixed = shai_read_repair(&r->text, r->body.p ? r->body.p : "", r->body.len)) < 0) return fixed;
    *text = r->text.p;
    *len = r->text.len;
    return fixed;
}

long long shai_read_repair(shai_buf *out, const char *s, size_t n)
{
    long long fixed = 0;
    while (n > 0) {
        const char *z = memchr(s, '\0', n);
        size_t seg = z ? (size_t)(z - s) : n;
        long bad = shai_utf8_repair(out, s, seg);
        if (bad < 0) return bad;
        fixed += bad;
        if (!z) break;
        if (shai_buf_append(out, "\xEF\xBF\xBD", 3)) return SHAI_ERR_TOOBIG;
        fixed++;
        s += seg + 1;
        n -= seg + 1;
    }
    return fixed;
}

static int is_blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* The format a file name implies (see the top of this file), or
 * SHAI_FMT_TEXT. */
static int format_by_name(const char *name)
{
    static const char *const zips[] = {".gz", ".zst", ".zstd", ""};
    static const struct { const char *ext; int fmt; } exts[] = {
        {".jsonl", SHAI_FMT_JSONL}, {".ndjson", SHAI_FMT_JSONL}, {".json", SHAI_FMT_JSONL},
        {".wet", SHAI_FMT_WET}, {".warc", SHAI_FMT_WET},
    };
    size_t n = strlen(name), z, e;
    for (z = 0; z < sizeof zips / sizeof *zips; z++) {
        size_t zl = strlen(zips[z]);
        if (n < zl || strcmp(name + n - zl, zips[z])) continue;
        for (e = 0; e < sizeof exts / sizeof *exts; e++) {
            size_t el = strlen(exts[e].ext);
            if (n - zl > el && !strncmp(name + n - zl - el, exts[e].ext, el)) return exts[e].fmt;
        }
    }
    return SHAI_FMT_TEXT;
}

/* The code unit of the UTF-16 text p[0..n) (a byte order mark first)
 * at byte i, 0x10000 past the end. */
static unsigned u16_at(const unsigned char *p, long n, long i)
{
    if (i + 1 >= n) return 0x10000;
    return p[0] == 0xFE ? (unsigned)p[i] << 8 | p[i + 1] : (unsigned)p[i + 1] << 8 | p[i];
}

/* The format UTF-16 text p[0..n) (a byte order mark first) is in, as the
 * bytes of UTF-8 would say (open_next), else SHAI_FMT_TEXT. */
static int utf16_format(const unsigned char *p, long n)
{
    static const char warc[] = "WARC/1.";
    long i = 2;
    size_t k;
    while (u16_at(p, n, i) < 0x80 && is_blank((unsigned char)u16_at(p, n, i))) i += 2;
    if (u16_at(p, n, i) == '{') {
        i += 2;
        while (u16_at(p, n, i) < 0x80 && is_blank((unsigned char)u16_at(p, n, i))) i += 2;
        return u16_at(p, n, i) == '"' || u16_at(p, n, i) == '}' ? SHAI_FMT_JSONL : SHAI_FMT_TEXT;
    }
    for (k = 0; k < sizeof warc - 1; k++, i += 2)
        if (u16_at(p, n, i) != (unsigned char)warc[k]) return SHAI_FMT_TEXT;
    return SHAI_FMT_WET;
}

/* Opens the next file of r->paths and sniffs its format. */
static int open_next(shai_reader *r, shai_status *st)
{
    const char *path = r->paths[r->next_path++], *slash;
    const unsigned char *p;
    long n, i;
    int rc;
    r->source = path;
    slash = strrchr(path, '/');
    r->base = slash && slash[1] ? slash + 1 : path;
    r->record = r->docs = 0;
    r->text_done = r->resync = r->cut_done = 0;
    if (!strcmp(path, "-")) r->f = stdin;
    else if (!r->f && !(r->f = fopen(path, "rb")))
        return shai_fail(st, SHAI_ERR_IO, "%s: %s", path, strerror(errno));
    r->is_open = 1;
    if ((rc = shai_src_open(&r->src, r->f)))
        return shai_fail(st, rc, "%s: %s after 0 documents", path, r->src.why);
    n = shai_src_peek(&r->src, 3);
    if (n < 0) return shai_fail(st, (int)n, "%s: %s after 0 documents", path, r->src.why);
    if (n >= 3 && !memcmp(r->src.out + r->src.out_pos, "\xEF\xBB\xBF", 3))
        shai_src_skip(&r->src, 3);
    if (r->want != SHAI_FMT_AUTO) r->fmt = r->want;
    else {
        n = shai_src_peek(&r->src, 4096);
        if (n < 0) return shai_fail(st, (int)n, "%s: %s after 0 documents", path, r->src.why);
        p = r->src.out + r->src.out_pos;
        for (i = 0; i < n && is_blank(p[i]); i++) ;
        if (shai_utf16_bom(p, (size_t)n)) {
            /* UTF-16: JSON Lines or WARC in it are refused below */
            r->fmt = utf16_format(p, n);
            if (r->fmt == SHAI_FMT_TEXT) r->fmt = format_by_name(r->base);
        } else if (i < n && p[i] == '{') {
            /* an object opens with a key or closes: '{' then '"' or '}'
             * (a text line may start "{转载}") */
            long j = i + 1;
            while (j < n && is_blank(p[j])) j++;
            r->fmt = j == n || p[j] == '"' || p[j] == '}' ? SHAI_FMT_JSONL : format_by_name(r->base);
        } else if (n - i >= 9 && !memcmp(p + i, "WARC/1.", 7) && p[i + 7] >= '0' && p[i + 7] <= '9' &&
                   (p[i + 8] == '\r' || p[i + 8] == '\n')) {
            r->fmt = SHAI_FMT_WET;   /* the version line alone: "WARC/1.0" */
        } else {
            r->fmt = format_by_name(r->base);
        }
    }
    /* UTF-16 is decoded in plain text only (encoding.c) */
    n = shai_src_peek(&r->src, 2);
    if (n < 0) return shai_fail(st, (int)n, "%s: %s after 0 documents", path, r->src.why);
    p = r->src.out + r->src.out_pos;
    if (r->fmt != SHAI_FMT_TEXT && shai_utf16_bom(p, (size_t)n))
        return shai_fail(st, SHAI_ERR_IO,   /* the whole file is unreadable as given */
                         "%s: UTF-16 (byte order mark %02X %02X), but %s must be UTF-8: convert it "
                         "first (iconv -f UTF-16 -t UTF-8)",
                         path, p[0], p[1], r->fmt == SHAI_FMT_JSONL ? "JSON Lines" : "WARC");
    return SHAI_OK;
}

/* Ends the current file on error rc (the stream's own error when it has
 * one), saying in st how many of what (a unit: "document", "line") it
 * gave.  Returns the error. */
static int end_file(shai_reader *r, int rc, size_t count, const char *unit, shai_status *st)
{
    if (r->src.err) {
        rc = r->src.err;
        shai_fail(st, rc, "%s: %s after %zu %s%s", r->source, r->src.why, count, unit, count == 1 ? "" : "s");
    } else if (rc == SHAI_ERR_NOMEM) {
        shai_fail(st, rc, "%s: out of memory", r->source);
    } else {
        shai_fail(st, rc, "%s: %s", r->source, shai_strerror(rc));
    }
    close_file(r);
    return rc;
}

int shai_reader_next(shai_reader *r, shai_doc *doc, shai_status *st)
{
    if (!r || !doc) return shai_fail(st, SHAI_ERR_INVALID, "invalid argument");
    r->reason[0] = '\0';
    r->st = st;
    for (;;) {
        int rc;
        if (!r->is_open) {
            if (r->next_path >= r->npaths) return 0;
            if ((rc = open_next(r, st))) { close_file(r); return rc; }
        }
        if (r->json) { json_decref(r->json); r->json = NULL; }
        memset(doc, 0, sizeof *doc);
        switch (r->fmt) {
        case SHAI_FMT_JSONL: rc = shai_read_jsonl_next(r, doc); break;
        case SHAI_FMT_WET: rc = shai_read_wet_next(r, doc); break;
        default: rc = shai_read_text_next(r, doc); break;
        }
        if (rc == 0 && !r->src.err) { close_file(r); continue; }
        if (rc == 1) {
            doc->source = r->source;
            doc->format = r->fmt;
            if (!doc->id) doc->id = "";
            if (!doc->url) doc->url = "";
            if (!doc->title) doc->title = "";
            if (!doc->text) doc->text = "";
            if (r->fmt == SHAI_FMT_JSONL) doc->repaired += r->src.repaired;
            /* the caps hold the bytes read; replacing invalid UTF-8 by
             * U+FFFD may triple them, past what shai_filter_run takes */
            if (doc->text_len > SHAI_MAX_LINE) {
                size_t rec = doc->record, ln = doc->line;
                if (doc->encoding != SHAI_ENC_UTF8)
                    return shai_reader_reject(r, doc, SHAI_ERR_TOOBIG, rec, ln,
                                              "text longer than the %zu MiB limit once decoded from %s "
                                              "to UTF-8", SHAI_MAX_LINE >> 20,
                                              shai_encoding_name(doc->encoding));
                return shai_reader_reject(r, doc, SHAI_ERR_TOOBIG, rec, ln,
                                          "text longer than the %zu MiB limit once invalid UTF-8 "
                                          "is replaced by U+FFFD", SHAI_MAX_LINE >> 20);
            }
            if (too_many_lines(doc->text, doc->text_len, SHAI_MAX_DOC_LINES)) {
                size_t rec = doc->record, ln = doc->line;
                return shai_reader_reject(r, doc, SHAI_ERR_TOOBIG, rec, ln,
                                          "document has more than the %zu-line limit",
                                          SHAI_MAX_DOC_LINES);
            }
            r->docs++;
            return 1;
        }
        if (rc == SHAI_ERR_FORMAT || rc == SHAI_ERR_TOOBIG) return rc;
        /* fatal for this file; a JSONL line it cut is rejected first (the
         * other formats reject their cut records themselves) */
        if (r->src.err && r->fmt == SHAI_FMT_JSONL && !r->cut_done && r->line.len > 0) {
            size_t i = 0;
            while (i < r->line.len && (r->line.p[i] == ' ' || r->line.p[i] == '\t' || r->line.p[i] == '\r')) i++;
            if (i < r->line.len) {
                r->line.len = 0;
                return shai_reader_cut(r, doc, ++r->record, r->src.nl + 1);
            }
        }
        return end_file(r, rc, r->docs, "document", st);
    }
}

int shai_reader_next_line(shai_reader *r, const char **p, size_t *n, const char **source,
                          size_t *lineno, shai_status *st)
{
    if (!r || !p || !n || !source || !lineno) return shai_fail(st, SHAI_ERR_INVALID, "invalid argument");
    for (;;) {
        size_t line;
        int rc;
        if (!r->is_open) {
            if (r->next_path >= r->npaths) return 0;
            if ((rc = open_next(r, st))) { close_file(r); return rc; }
        }
        line = r->src.nl + 1;
        rc = shai_src_line_view(&r->src, &r->line, p, n);
        *source = r->source;
        *lineno = line;
        if (rc == 1) {
            if (*n && (*p)[*n - 1] == '\r') (*n)--;
            r->record = line;       /* lines handed out (or skipped) */
            return 1;
        }
        if (rc == 0 && !r->src.err) { close_file(r); continue; }
        if (rc == SHAI_ERR_TOOBIG) {
            r->record = line;
            return shai_fail(st, rc, "%s:%zu: line longer than the %zu MiB limit", r->source, line,
                             SHAI_MAX_LINE >> 20);
        }
        return end_file(r, rc, r->record, "line", st);
    }
}
