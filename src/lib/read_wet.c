/*
 * read_wet.c — Common Crawl WET files (WARC/1.0 records of extracted text).
 *
 * A record is a "WARC/1.x" line, header lines "Name: value", an empty
 * line, then exactly Content-Length bytes of body, then blank lines.  Only
 * WARC-Type "conversion" records become documents (WARC-Record-ID -> id,
 * WARC-Target-URI -> url, body -> text); warcinfo and every other type are
 * skipped and counted (shai_reader_skipped()).
 *
 * Damage is rejected record by record, then reading resyncs at the next
 * line that starts with "WARC/1.": a missing or non-numeric
 * Content-Length, one past the 64 MiB cap, a malformed header line, a
 * body cut short by the input's end, a wrong Content-Length.  A length is
 * right when only line ends follow the body up to the next "WARC/1."
 * line or the input's end; it is then trusted, even when the body quotes
 * a WARC header.  A wrong one that ran into the next record (its
 * "WARC/1.x" and "WARC-" lines inside the body, or cut by the body's
 * end) gives that record back to be read again.  A short one is rejected
 * when it ends inside a line, and reading resyncs; one short by whole
 * lines cannot be told from a right one followed by stray text, which is
 * rejected as a record of its own ("expected a WARC/1.0 line").  Header
 * values are repaired to valid UTF-8.  A record cut by a broken
 * compressed stream (or a read error) is rejected ("cut off: ..."); the
 * stream error follows.
 */
#include "reader.h"

#include <string.h>

/* Case-insensitive ASCII comparison of a[0..n) with the C string b. */
static int name_is(const char *a, size_t n, const char *b)
{
    size_t i;
    if (strlen(b) != n) return 0;
    for (i = 0; i < n; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
        if (x != y) return 0;
    }
    return 1;
}

/* Copies up to 40 bytes of s into out (cap >= 48) for a message: cut at a
 * UTF-8 boundary, control bytes as spaces. */
static void snippet(char *out, const char *s, size_t n)
{
    size_t k = n > 40 ? 40 : n, i;
    if (k < n) while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
    for (i = 0; i < k; i++) out[i] = (unsigned char)s[i] < 0x20 ? ' ' : s[i];
    if (k < n) { memcpy(out + k, "...", 3); k += 3; }
    out[k] = '\0';
}

/* 1 when p[0..n) opens a record: a "WARC/1.x" line (CR LF or LF) and
 * then a "WARC-" header line; 0 when it does not, or when n is too short
 * to tell. */
static int opens_record(const char *p, size_t n)
{
    size_t k = 8;
    if (n < 14 || memcmp(p, "WARC/1.", 7) || p[7] < '0' || p[7] > '9') return 0;
    if (p[k] == '\r') k++;
    if (p[k] != '\n') return 0;
    k++;
    return n - k >= 5 && !memcmp(p + k, "WARC-", 5);
}

/* Offset in the body b[0..n) of a line that opens a record (a record
 * start swallowed by a wrong Content-Length), or (size_t)-1.  A start
 * that the body's end cuts (the length ran a few bytes into the next
 * record's header) is completed from the bytes that follow the body. */
static size_t find_record_start(const char *b, size_t n, shai_src *s)
{
    size_t i = 0;
    while (i < n) {
        const char *nl;
        if (b[i] == 'W') {
            if (n - i >= 16) {
                if (opens_record(b + i, n - i)) return i;
            } else {
                char t[16];
                size_t have = n - i, more;
                long peeked = shai_src_peek(s, sizeof t - have);
                more = peeked > 0 ? (size_t)peeked : 0;
                if (more > sizeof t - have) more = sizeof t - have;
                memcpy(t, b + i, have);
                memcpy(t + have, s->out + s->out_pos, more);
                if (opens_record(t, have + more)) return i;
            }
        }
        nl = memchr(b + i, '\n', n - i);
        if (!nl) break;
        i = (size_t)(nl - b) + 1;
    }
    return (size_t)-1;
}

/* Parses a decimal Content-Length; returns 1 on success. */
static int parse_len(const char *s, size_t n, unsigned long long *out)
{
    unsigned long long v = 0;
    size_t i;
    if (n == 0 || n > 19) return 0;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        v = v * 10 + (unsigned long long)(s[i] - '0');
    }
    *out = v;
    return 1;
}

/* 1 when the stream goes on with a line end (or ends) after a body. */
static int at_line_end(shai_src *s)
{
    long n = shai_src_peek(s, 2);
    const unsigned char *p = s->out + s->out_pos;
    if (n <= 0) return 1;
    return p[0] == '\n' || (p[0] == '\r' && (n < 2 || p[1] == '\n'));
}

/* 1 when a body ends where its record should: only line ends follow it
 * up to the end of the input or the next "WARC/1." line (or up to 64
 * bytes of them).  At damage or a read error it says 1 too: the error
 * is reported with the next read. */
static int at_record_end(shai_src *s)
{
    const size_t window = 64;
    long n = shai_src_peek(s, window);
    const unsigned char *p = s->out + s->out_pos;
    size_t i = 0;
    if (n <= 0) return 1;
    while (i < (size_t)n && (p[i] == '\r' || p[i] == '\n')) i++;
    if (i == (size_t)n) return 1;   /* the input's end (peek gave less), or many line ends */
    return (size_t)n - i >= 7 && !memcmp(p + i, "WARC/1.", 7);
}

/* Reads one record's header and body after its "WARC/1.x" line.
 * Returns 1 (document), 2 (skipped record), a reject, or < 0. */
static int read_record(shai_reader *r, shai_doc *doc, size_t record, size_t rec_line)
{
    char type[32] = "", clen_txt[48] = "";
    int have_type = 0, have_len = 0, rc;
    unsigned long long clen = 0;
    size_t hbytes = 0, start;
    long long got, fixed;

    r->id.len = r->url.len = 0;
    for (;;) {
        size_t line = r->src.nl + 1, n, nn, vs;
        const char *p, *colon;
        rc = shai_src_line(&r->src, &r->line);
        if (rc == 0)
            return shai_reader_reject(r, doc, SHAI_ERR_FORMAT, record, rec_line,
                                      "truncated record: the input ends inside its header");
        if (rc == SHAI_ERR_TOOBIG) {
            r->resync = 1;
            return shai_reader_reject(r, doc, rc, record, line, "header line longer than the %zu MiB limit",
                                      SHAI_MAX_LINE >> 20);
        }
        if (rc < 0) return r->src.err ? shai_reader_cut(r, doc, record, rec_line) : rc;
        p = r->line.p;
        n = r->line.len;
        hbytes += n + 1;
        if (hbytes > SHAI_MAX_WET_HEADER) {
            r->resync = 1;
            return shai_reader_reject(r, doc, SHAI_ERR_TOOBIG, record, rec_line,
                                      "header larger than the %zu MiB limit", SHAI_MAX_WET_HEADER >> 20);
        }
        if (n && p[n - 1] == '\r') n--;
        if (n == 0) break;
        colon = memchr(p, ':', n);
        if (!colon) {
            char snip[48];
            snippet(snip, p, n);
            r->resync = 1;
            return shai_reader_reject(r, doc, SHAI_ERR_FORMAT, record, line,
                                      "malformed header line \"%s\" (expected \"Name: value\")", snip);
        }
        nn = (size_t)(colon - p);
        vs = nn + 1;
        while (vs < n && (p[vs] == ' ' || p[vs] == '\t')) vs++;
        while (n > vs && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
        if (name_is(p, nn, "WARC-Type")) {
            have_type = 1;
            snippet(type, p + vs, n - vs < sizeof type - 8 ? n - vs : sizeof type - 8);
        } else if (name_is(p, nn, "WARC-Target-URI")) {
            r->url.len = 0;
            if ((fixed = shai_read_repair(&r->url, p + vs, n - vs)) < 0) return (int)fixed;
        } else if (name_is(p, nn, "WARC-Record-ID")) {
            r->id.len = 0;
            if ((fixed = shai_read_repair(&r->id, p + vs, n - vs)) < 0) return (int)fixed;
        } else if (name_is(p, nn, "Content-Length")) {
            snippet(clen_txt, p + vs, n - vs);
            have_len = parse_len(p + vs, n - vs, &clen) ? 1 : -1;
        }
    }
    if (have_len == 0) {
        r->resync = 1;
        return shai_reader_reject(r, doc, SHAI_ERR_FORMAT, record, rec_line, "missing Content-Length header");
    }
    if (have_len < 0) {
        r->resync = 1;
        return shai_reader_reject(r, doc, SHAI_ERR_FORMAT, record, rec_line,
                                  "bad Content-Length \"%s\" (expected a byte count)", clen_txt);
    }
    if (clen > SHAI_MAX_LINE) {
        /* not trusted to skip by: a bogus length would swallow the records
         * after it; the body is skipped by resyncing at the next record */
        r->resync = 1;
        return shai_reader_reject(r, doc, SHAI_ERR_TOOBIG, record, rec_line,
                                  "record body of %llu bytes is larger than the %zu MiB limit", clen,
                                  SHAI_MAX_LINE >> 20);
    }
    r->body.len = 0;
    if ((got = shai_src_read(&r->src, &r->body, (size_t)clen)) < 0)
        return r->src.err ? shai_reader_cut(r, doc, record, rec_line) : (int)got;
    /* a length that ends at the record's end is trusted, even when the
     * body quotes a WARC header; otherwise it is wrong, and a record
     * start it swallowed is read again */
    if ((unsigned long long)got != clen || !at_record_end(&r->src)) {
        start = find_record_start(r->body.p ? r->body.p : "", r->body.len, &r->src);
        if (start != (size_t)-1) {
            if ((rc = shai_src_unread(&r->src, r->body.p + start, r->body.len - start))) return rc;
            return shai_reader_reject(r, doc, SHAI_ERR_FORMAT, record, rec_line,
                                      "truncated record: Content-Length %llu, but the next record starts after %zu bytes",
                                      clen, start);
        }
        if ((unsigned long long)got < clen)
            return shai_reader_reject(r, doc, SHAI_ERR_FORMAT, record, rec_line,
                                      "truncated record: Content-Length %llu, but the input ends after %lld bytes",
                                      clen, got);
        if (!at_line_end(&r->src)) {
            if (r->src.err) return shai_reader_cut(r, doc, record, rec_line);
            r->resync = 1;
            return shai_reader_reject(r, doc, SHAI_ERR_FORMAT, record, rec_line,
                                      "Content-Length %llu does not end the record at a line end", clen);
        }
        /* text at a line end after the body, and no record start in it:
         * the record stands and the text is rejected on its own, as
         * stray text between records is (a length short by whole lines
         * cannot be told from that) */
    }
    if (!have_type) return shai_reader_reject(r, doc, SHAI_ERR_FORMAT, record, rec_line, "missing WARC-Type header");
    if (strcmp(type, "conversion") != 0) { r->skipped++; return 2; }
    if ((fixed = shai_reader_body_text(r, &doc->text, &doc->text_len)) < 0) return (int)fixed;
    doc->repaired = (size_t)fixed;
    doc->id = r->id.p;
    doc->id_len = r->id.len;
    doc->url = r->url.p;
    doc->url_len = r->url.len;
    doc->record = record;
    doc->line = rec_line;
    return 1;
}

int shai_read_wet_next(shai_reader *r, shai_doc *doc)
{
    for (;;) {
        size_t line = r->src.nl + 1, n;
        const char *p;
        int rc = shai_src_line(&r->src, &r->line);
        if (rc == 0) return 0;
        if (rc == SHAI_ERR_TOOBIG) {
            if (r->resync) continue;
            r->resync = 1;
            return shai_reader_reject(r, doc, rc, ++r->record, line,
                                      "line longer than the %zu MiB limit where \"WARC/1.0\" was expected",
                                      SHAI_MAX_LINE >> 20);
        }
        if (rc < 0) {
            /* a "WARC/1.0" line cut by the damage starts a record */
            if (r->src.err && !r->resync && !r->cut_done && r->line.len > 0 &&
                r->line.p[0] != '\r' && r->line.p[0] != ' ' && r->line.p[0] != '\t')
                return shai_reader_cut(r, doc, ++r->record, line);
            return rc;
        }
        p = r->line.p;
        n = r->line.len;
        while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
        if (n == 0) continue;
        if (n < 7 || memcmp(p, "WARC/1.", 7)) {
            char snip[48];
            if (r->resync) continue;
            r->resync = 1;
            snippet(snip, p, n);
            return shai_reader_reject(r, doc, SHAI_ERR_FORMAT, ++r->record, line,
                                      "expected a \"WARC/1.0\" line, got \"%s\"", snip);
        }
        r->resync = 0;
        rc = read_record(r, doc, ++r->record, line);
        if (rc != 2) return rc;
    }
}
