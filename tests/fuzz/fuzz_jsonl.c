/*
 * fuzz_jsonl.c — differential fuzzer for the JSONL reader's fast path.
 *
 * read_jsonl.c scans each line with its own validating scanner
 * (json_fast.c) and falls back to jansson whenever it is not sure.  This
 * target checks, for any input line, that the reader returns exactly what
 * reading the line with jansson alone gives (the reader's logic before the
 * fast path, restated below): the same accept or reject, the same reject
 * reason, and the same text, id, url, title and repaired count.  Lines holding
 * NUL bytes or invalid UTF-8 are left out of the comparison: the reader
 * repairs those (U+FFFD) before any JSON parsing, so neither parser ever
 * sees them.
 *
 * Build and run (libFuzzer, from the top of the source tree, after make):
 *   clang -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fsanitize=fuzzer,address,undefined \
 *       -Iinclude -Isrc/lib tests/fuzz/fuzz_jsonl.c src/lib/[a-z]*.c \
 *       $(pkg-config --cflags --libs libutf8proc zlib libzstd jansson) -lsvm -lm -lpthread \
 *       -o tests/fuzz/fuzz_jsonl
 *   mkdir -p /tmp/fuzz-jsonl && tests/fuzz/fuzz_jsonl -dict=tests/fuzz/json.dict \
 *       -max_total_time=600 /tmp/fuzz-jsonl tests/fuzz/seeds_jsonl
 * Each input is one line ('\n' bytes become spaces).
 *
 * Built with -DFUZZ_STANDALONE (no sanitizer needed) it instead checks
 * every line of the files named on its command line, read in one go:
 *   cc -DFUZZ_STANDALONE -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Iinclude -Isrc/lib \
 *       tests/fuzz/fuzz_jsonl.c libshai.a $(pkg-config ...) -o /tmp/fuzz_jsonl_files
 *   /tmp/fuzz_jsonl_files lines.jsonl ...
 */
#include "internal.h"    /* shai_utf8_valid */
#include "reader.h"      /* shai_json_raw_member */

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What reading one line gives. */
typedef struct result {
    int rc;                   /* 1 document, else the reject code */
    char reason[400];
    char *text, *id, *url, *title; /* malloc'ed copies (NULL when absent) */
    size_t text_len, id_len, url_len, title_len, repaired;
} result;

static char *dup_bytes(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d) abort();
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}


/* 1 for a character a number can hold (a digit, '.', 'e', 'E', '+', '-'). */
static int number_char(char c)
{
    return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

/* p[0..n) for jansson, with what only its own limits refuse taken out:
 * every number outside a string becomes 0, and \u0000 in a key \u0001
 * (no key shai reads holds either).  A new buffer of *len bytes. */
static char *within_limits(const char *p, size_t n, size_t *len)
{
    char *o = malloc(n + 1);
    size_t i = 0, k = 0;
    if (!o) abort();
    while (i < n) {
        if (p[i] == '"') {                          /* a string, copied */
            size_t a = i++, m;
            while (i < n && p[i] != '"') i += p[i] == '\\' && i + 1 < n ? 2 : 1;
            if (i < n) i++;
            memcpy(o + k, p + a, i - a);
            for (m = i; m < n && (p[m] == ' ' || p[m] == '\t' || p[m] == '\r'); m++) ;
            if (m < n && p[m] == ':') {             /* a key: escape by escape */
                size_t q;
                for (q = k + 1; q < k + (i - a); q++)
                    if (o[q] == '\\') {
                        if (q + 6 <= k + (i - a) && !memcmp(o + q, "\\u0000", 6)) o[q + 5] = '1';
                        q++;                       /* the escaped character */
                    }
            }
            k += i - a;
        } else if (p[i] == '-' || (p[i] >= '0' && p[i] <= '9')) {
            /* a number by RFC 8259's grammar, as long as it goes */
            size_t a = i, d;
            if (p[i] == '-') i++;
            for (d = i; i < n && p[i] >= '0' && p[i] <= '9'; i++) ;
            if (i == d || (p[d] == '0' && i > d + 1)) {  /* not a number: as it is */
                memcpy(o + k, p + a, i - a);
                k += i - a;
                continue;
            }
            if (i + 1 < n && p[i] == '.' && p[i + 1] >= '0' && p[i + 1] <= '9')
                for (i++; i < n && p[i] >= '0' && p[i] <= '9'; i++) ;
            if (i < n && (p[i] == 'e' || p[i] == 'E')) {
                size_t e = i + 1;
                if (e < n && (p[e] == '+' || p[e] == '-')) e++;
                if (e < n && p[e] >= '0' && p[e] <= '9') {
                    for (i = e; i < n && p[i] >= '0' && p[i] <= '9'; i++) ;
                }
            }
            if (i < n && number_char(p[i])) {
                /* a bad number (11e309.5e3, 890-0): left as it is with
                 * the number characters after it, still bad, so no
                 * replacement can make it good ("890-0" is not "8900") */
                while (i < n && number_char(p[i])) i++;
                memcpy(o + k, p + a, i - a);
                k += i - a;
                continue;
            }
            o[k++] = '0';
        } else {
            o[k++] = p[i++];
        }
    }
    *len = k;
    return o;
}

/* The reference: the line read by jansson alone, as read_jsonl.c did
 * before it had a fast path (NUL repair counted as U+FFFD).  A line
 * jansson refuses only for its own limits (a number past its range, NUL
 * in a key), which the reader then reads with its scanner, is read as
 * within_limits() gives it, its numeric id as the line spells it. */
static void reference(const char *p, size_t n, result *out)
{
    json_error_t e;
    json_t *j = json_loadb(p, n, JSON_ALLOW_NUL, &e), *text, *v;
    memset(out, 0, sizeof *out);
    /* an integer past 64 bits: read again with integers as reals */
    if (!j && json_error_code(&e) == json_error_numeric_overflow)
        j = json_loadb(p, n, JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, &e);
    if (!j && (json_error_code(&e) == json_error_numeric_overflow ||
               json_error_code(&e) == json_error_null_byte_in_key)) {
        size_t wl;
        char *w = within_limits(p, n, &wl);
        json_error_t e2;
        j = json_loadb(w, wl, JSON_ALLOW_NUL, &e2);
        free(w);
        /* the reader's scanner takes only an object with a "text" string;
         * anything else is jansson's first reject */
        if (j && !(json_is_object(j) && json_is_string(json_object_get(j, "text")))) {
            json_decref(j);
            j = NULL;
        }
    }
    if (!j) {
        out->rc = SHAI_ERR_FORMAT;
        if (json_error_code(&e) == json_error_invalid_utf8)
            snprintf(out->reason, sizeof out->reason, "invalid UTF-8 in JSON string (column %d)", e.column);
        else if (memchr(p, '\r', n)) /* the reader's hint for records ended by CR alone */
            snprintf(out->reason, sizeof out->reason,
                     "invalid JSON at column %d: %s (the line holds a carriage return: records "
                     "separated by CR alone? JSON Lines ends records with LF)",
                     e.column, e.text);
        else
            snprintf(out->reason, sizeof out->reason, "invalid JSON at column %d: %s", e.column, e.text);
        return;
    }
    out->rc = SHAI_ERR_FORMAT;
    if (!json_is_object(j)) {
        snprintf(out->reason, sizeof out->reason, "record is %s, not a JSON object", shai_json_type_name(j));
    } else if (!(text = json_object_get(j, "text"))) {
        snprintf(out->reason, sizeof out->reason, "missing \"text\" field");
    } else if (!json_is_string(text)) {
        snprintf(out->reason, sizeof out->reason, "\"text\" is %s, not a string", shai_json_type_name(text));
    } else {
        const char *t = json_string_value(text);
        size_t tl = json_string_length(text), i, k = 0;
        out->rc = 1;
        out->text = malloc(3 * tl + 1);
        if (!out->text) abort();
        for (i = 0; i < tl; i++) {            /* valid UTF-8 already: only NULs to fix */
            if (t[i] == '\0') { memcpy(out->text + k, "\xEF\xBF\xBD", 3); k += 3; out->repaired++; }
            else out->text[k++] = t[i];
        }
        out->text_len = k;
        v = json_object_get(j, "id");
        if (json_is_string(v)) {
            out->id = dup_bytes(json_string_value(v), json_string_length(v));
            out->id_len = json_string_length(v);
        } else if (json_is_integer(v) || json_is_real(v)) {
            /* as the line writes it; the shortest form only when the
             * scanner cannot tell where it is */
            char b[64];
            size_t ta, tb;
            int prec;
            if (shai_json_raw_member(p, n, "id", &ta, &tb)) {
                out->id = dup_bytes(p + ta, tb - ta);
                out->id_len = tb - ta;
            } else {
                if (json_is_integer(v)) snprintf(b, sizeof b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
                else
                    for (prec = 15; prec <= 17; prec++) {
                        snprintf(b, sizeof b, "%.*g", prec, json_real_value(v));
                        if (strtod(b, NULL) == json_real_value(v)) break;
                    }
                out->id = dup_bytes(b, strlen(b));
                out->id_len = strlen(b);
            }
        }
        /* an empty "url" falls back to "metadata"."url" when that is a string */
        v = json_object_get(j, "url");
        if (!json_is_string(v) || json_string_length(v) == 0) {
            json_t *mu = json_object_get(json_object_get(j, "metadata"), "url");
            if (json_is_string(mu) || !json_is_string(v)) v = mu;
        }
        if (json_is_string(v)) {
            out->url = dup_bytes(json_string_value(v), json_string_length(v));
            out->url_len = json_string_length(v);
        }
        v = json_object_get(j, "title");
        if (json_is_string(v) && json_string_length(v)) {
            out->title = dup_bytes(json_string_value(v), json_string_length(v));
            out->title_len = json_string_length(v);
        }
    }
    json_decref(j);
}

/* The line read by libshai's reader from a scratch file. */
static void actual(const char *path, const char *p, size_t n, result *out)
{
    FILE *f = fopen(path, "wb");
    shai_status st;
    shai_reader *r;
    shai_doc d;
    memset(out, 0, sizeof *out);
    if (!f || fwrite(p, 1, n, f) != n || fputc('\n', f) == EOF || fclose(f)) abort();
    r = shai_reader_open(path, SHAI_FMT_JSONL, &st);
    if (!r) abort();
    out->rc = shai_reader_next(r, &d, &st);
    if (out->rc == 1) {
        out->text = dup_bytes(d.text, d.text_len);
        out->text_len = d.text_len;
        if (d.id_len || (d.id && *d.id)) { out->id = dup_bytes(d.id, d.id_len); out->id_len = d.id_len; }
        if (d.url_len) { out->url = dup_bytes(d.url, d.url_len); out->url_len = d.url_len; }
        if (d.title_len) { out->title = dup_bytes(d.title, d.title_len); out->title_len = d.title_len; }
        out->repaired = d.repaired;
    } else {
        snprintf(out->reason, sizeof out->reason, "%s", shai_reader_reason(r));
    }
    shai_reader_free(r);
}

/* 1 when the reader hands the line to the parsers as it is. */
static int parsed_as_is(const char *p, size_t n)
{
    return !memchr(p, '\0', n) && shai_utf8_valid(p, n);
}

static int same(const char *a, size_t al, const char *b, size_t bl)
{
    return al == bl && (al == 0 || memcmp(a, b, al) == 0);
}

static void release(result *r)
{
    free(r->text);
    free(r->id);
    free(r->url);
    free(r->title);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static char path[64];
    char *line;
    size_t n = size, i, bom;
    result want, got;
    if (!path[0]) snprintf(path, sizeof path, "/tmp/fuzz_jsonl.%ld", (long)getpid());
    line = dup_bytes((const char *)data, size);
    for (i = 0; i < n; i++)
        if (line[i] == '\n') line[i] = ' ';
    /* the reader skips a UTF-8 byte order mark opening the file, drops a
     * trailing \r and skips blank lines: inputs with a \r at the end are
     * left out, the rest is read alike by the reference */
    bom = n >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (n && line[n - 1] == '\r') n--;
    for (i = bom; i < n && (line[i] == ' ' || line[i] == '\t'); i++) ;
    if (i == n || n < size || !parsed_as_is(line, n)) { free(line); return 0; }
    reference(line + bom, n - bom, &want);
    actual(path, line, n, &got);
    if (want.rc != got.rc || strcmp(want.reason, got.reason) ||
        !same(want.text, want.text_len, got.text, got.text_len) ||
        !same(want.id, want.id_len, got.id, got.id_len) ||
        !same(want.url, want.url_len, got.url, got.url_len) ||
        !same(want.title, want.title_len, got.title, got.title_len) || want.repaired != got.repaired) {
        fprintf(stderr, "MISMATCH on %zu bytes: rc %d/%d reason '%s'/'%s'\n", n, want.rc, got.rc,
                want.reason, got.reason);
        abort();
    }
    release(&want);
    release(&got);
    free(line);
    return 0;
}

#ifdef FUZZ_STANDALONE
/* Reads each file with the reader and, line by line, with the reference;
 * prints the number of lines compared.  Exit 1 on the first mismatch. */
int main(int argc, char **argv)
{
    int a;
    size_t total = 0, docs = 0;
    for (a = 1; a < argc; a++) {
        FILE *f = fopen(argv[a], "rb");
        char *data = NULL;
        size_t len = 0, cap = 0, got, pos = 0, lineno = 0;
        shai_status st;
        shai_reader *r;
        shai_doc d;
        int rc;
        if (!f) { perror(argv[a]); return 2; }
        do {
            if (len + 65536 > cap && !(data = realloc(data, cap = 2 * cap + 65536))) abort();
            got = fread(data + len, 1, 65536, f);
            len += got;
        } while (got);
        fclose(f);
        r = shai_reader_open(argv[a], SHAI_FMT_JSONL, &st);
        if (!r) { fprintf(stderr, "%s\n", st.msg); return 2; }
        while ((rc = shai_reader_next(r, &d, &st)) != 0) {
            result want, got_r;
            const char *ln;
            size_t n, i;
            if (rc != 1 && rc != SHAI_ERR_FORMAT) { fprintf(stderr, "%s\n", st.msg); return 2; }
            while (lineno + 1 < d.line) {           /* to the reader's line */
                char *nl = memchr(data + pos, '\n', len - pos);
                pos = nl ? (size_t)(nl - data) + 1 : len;
                lineno++;
            }
            ln = data + pos;
            {
                char *nl = memchr(data + pos, '\n', len - pos);
                n = nl ? (size_t)(nl - ln) : len - pos;
            }
            if (n && ln[n - 1] == '\r') n--;
            i = d.line == 1 && n >= 3 && !memcmp(ln, "\xEF\xBB\xBF", 3) ? 3 : 0;
            if (!parsed_as_is(ln, n)) continue;       /* repaired first */
            reference(ln + i, n - i, &want);
            memset(&got_r, 0, sizeof got_r);
            got_r.rc = rc;
            if (rc == 1) {
                got_r.text = dup_bytes(d.text, d.text_len);
                got_r.text_len = d.text_len;
                if (d.id_len) { got_r.id = dup_bytes(d.id, d.id_len); got_r.id_len = d.id_len; }
                if (d.url_len) { got_r.url = dup_bytes(d.url, d.url_len); got_r.url_len = d.url_len; }
                got_r.repaired = d.repaired;
                docs++;
            } else {
                snprintf(got_r.reason, sizeof got_r.reason, "%s", shai_reader_reason(r));
            }
            if (want.rc != got_r.rc || strcmp(want.reason, got_r.reason) ||
                !same(want.text, want.text_len, got_r.text, got_r.text_len) ||
                !same(want.id, want.id_len, got_r.id, got_r.id_len) ||
                !same(want.url, want.url_len, got_r.url, got_r.url_len) ||
                want.repaired != got_r.repaired) {
                fprintf(stderr, "%s:%zu: MISMATCH rc %d/%d reason '%s'/'%s'\n", argv[a], d.line,
                        want.rc, got_r.rc, want.reason, got_r.reason);
                return 1;
            }
            release(&want);
            release(&got_r);
            total++;
        }
        shai_reader_free(r);
        free(data);
    }
    printf("%zu lines compared (%zu documents, %zu rejects): no mismatch\n", total, docs, total - docs);
    return 0;
}
#endif
