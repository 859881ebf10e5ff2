/*
 * read_jsonl.c — JSON Lines: one object per line, one document each.
 *
 *   "text"  required string: the document;
 *   "id"    string, or a number written as a string (other types: no id);
 *   "url"   string, else (or when empty) "metadata"."url" (datatrove /
 *           Dolma layout);
 *   "title" string: the page's title, for the title_match feature.
 * Blank lines are not records.  A trailing "\r" (CRLF files) is dropped.
 * jansson validates each line (it rejects invalid UTF-8 and limits the
 * nesting depth); NUL characters (\u0000) in the text become U+FFFD and
 * are counted as repaired.  doc->raw is the line as read, so that writers
 * can pass every other field through byte for byte.
 *
 * Fast path: each line first goes through shai_json_fast_record()
 * (json_fast.c), a validating scanner that gives up to jansson whenever
 * it is not sure, so every reject and its message come from jansson.
 *
 * Invalid UTF-8 and NUL bytes in a line become U+FFFD before the line is
 * parsed (shai_src_repair).  A line that shai_json_fast_record() accepts
 * as read cannot hold either, so the repair runs only after it refused
 * one.
 */
#include "reader.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

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
static int scalar_to(shai_buf *b, const json_t *v, const char *line, size_t n)
{
    size_t ta, tb;
    b->len = 0;
    /* a number as the line writes it (12345678901234567890, 1e3, 0.10),
     * which no double or 64-bit integer may hold */
    if ((json_is_integer(v) || json_is_real(v)) && shai_json_raw_member(line, n, "id", &ta, &tb)) {
        int rc = shai_buf_append(b, line + ta, tb - ta);
        return rc ? rc : 1;
    }
    if (json_is_string(v)) {
        int rc = shai_buf_append(b, json_string_value(v), json_string_length(v));
        return rc ? rc : 1;
    }
    if (json_is_integer(v)) {
        int rc = shai_buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return rc ? rc : 1;
    }
    if (json_is_real(v)) {
        /* the shortest form that reads back as the same double: 0.1, not
         * 0.10000000000000001 */
        double x = json_real_value(v);
        int prec, rc = 0;
        for (prec = 15; prec <= 17; prec++) {
            b->len = 0;
            if ((rc = shai_buf_printf(b, "%.*g", prec, x))) return rc;
            if (!shai_buf_cstr(b)) return SHAI_ERR_NOMEM;     /* strtod reads to a NUL */
            if (strtod(b->p, NULL) == x) break;
        }
        return 1;
    }
    return 0;
}

/* Fills doc from a record shai_json_fast_record() accepted. */
static int fast_doc(shai_reader *r, const shai_jscan *f, shai_doc *doc)
{
    /* an empty "url" is no url: "metadata"."url" may have one */
    const shai_jstr *url = f->url.set && f->url.b > f->url.a ? &f->url : f->meta_url.set ? &f->meta_url
                         : f->url.set ? &f->url : NULL;
    int rc;
    if ((rc = shai_json_unescape(f, &f->text, &r->body, &doc->text, &doc->text_len))) return rc;
    if (f->id.set && (rc = shai_json_unescape(f, &f->id, &r->id, &doc->id, &doc->id_len))) return rc;
    if (url && (rc = shai_json_unescape(f, url, &r->url, &doc->url, &doc->url_len))) return rc;
    if (f->title.set &&
        (rc = shai_json_unescape(f, &f->title, &r->title, &doc->title, &doc->title_len)))
        return rc;
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

/* A field that outgrew its buffer: each byte of invalid UTF-8 in a line
 * within the cap becomes three (U+FFFD), so a repaired field may pass
 * SHAI_MAX_LINE.  The record is rejected; another error is returned as
 * it is. */
static int field_cap(shai_reader *r, shai_doc *doc, int rc, size_t record, size_t line)
{
    if (rc != SHAI_ERR_TOOBIG) return rc;
    return shai_reader_reject(r, doc, rc, record, line,
                              "a field is longer than the %zu MiB limit once invalid UTF-8 is "
                              "replaced by U+FFFD", SHAI_MAX_LINE >> 20);
}

/* The document of line p[0..n), which the scanner accepted into f.
 * Returns 1, a reject, or < 0. */
static int take_fast(shai_reader *r, const shai_jscan *f, shai_doc *doc, const char *p, size_t n,
                     size_t record, size_t line)
{
    int rc;
    if ((rc = fast_doc(r, f, doc))) return field_cap(r, doc, rc, record, line);
    /* a NUL can only come from a \u0000 escape here */
    if (f->text.nul && (rc = fix_nul(r, doc)) < 0) return field_cap(r, doc, rc, record, line);
    doc->raw = p;
    doc->raw_len = n;
    doc->record = record;
    doc->line = line;
    return 1;
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
             * reject) before it is parsed.  A line shai_json_fast_record() accepts
             * as it is needs no repair: the scanner takes no byte >= 0x80
             * outside a string, no raw control character and only strict
             * UTF-8 inside one.  So the repair runs only when that first
             * scan fails. */
            shai_jscan f;
            int fast;
            f.any_number = 0;                   /* jansson judges large numbers */
            f.lenient = 0;
            f.p = (const unsigned char *)p;
            f.n = n;
            fast = shai_json_fast_record(&f);
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
                fast = r->src.repaired && shai_json_fast_record(&f);
            }
            if (fast) return take_fast(r, &f, doc, p, n, record, line);
        }
        j = json_loadb(p, n, JSON_ALLOW_NUL, &e);
        /* an integer past 64 bits (an unsigned hash in some field) is valid
         * JSON: read the record again with integers as reals rather than
         * reject it; the other fields pass through as bytes anyway */
        if (!j && json_error_code(&e) == json_error_numeric_overflow)
            j = json_loadb(p, n, JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, &e);
        /* valid JSON past jansson's own limits (a real such as 1e400, NUL
         * in a key): the scanner reads the fields shai needs, with
         * escaped keys decoded, and the rest passes through as bytes */
        if (!j && (json_error_code(&e) == json_error_numeric_overflow ||
                   json_error_code(&e) == json_error_null_byte_in_key)) {
            shai_jscan f;
            memset(&f, 0, sizeof f);
            f.p = (const unsigned char *)p;
            f.n = n;
            f.any_number = 1;
            f.lenient = 1;
            if (shai_json_fast_record(&f)) return take_fast(r, &f, doc, p, n, record, line);
        }
        if (!j) {
            if (json_error_code(&e) == json_error_invalid_utf8)
                return shai_reader_reject(r, doc, SHAI_ERR_FORMAT, record, line,
                                          "invalid UTF-8 in JSON string (column %d)", e.column);
            /* JSON has no raw CR inside a string, and one between tokens
             * of a rejected line most likely ends a record: a file whose
             * lines end in CR alone reads as one line */
            return shai_reader_reject(r, doc, SHAI_ERR_FORMAT, record, line,
                                      "invalid JSON at column %d: %s%s", e.column, e.text,
                                      memchr(p, '\r', n) ? " (the line holds a carriage return: records "
                                                            "separated by CR alone? JSON Lines ends "
                                                            "records with LF)"
                                                          : "");
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
        if ((rc = fix_nul(r, doc)) < 0) return field_cap(r, doc, rc, record, line);
        if ((rc = scalar_to(&r->id, json_object_get(j, "id"), p, n)) < 0)
            return field_cap(r, doc, rc, record, line);
        if (rc) { doc->id = r->id.p; doc->id_len = r->id.len; }
        v = json_object_get(j, "url");
        if (!json_is_string(v) || json_string_length(v) == 0) {   /* as fast_doc */
            json_t *mu = json_object_get(json_object_get(j, "metadata"), "url");
            if (json_is_string(mu) || !json_is_string(v)) v = mu;
        }
        if (json_is_string(v)) { doc->url = json_string_value(v); doc->url_len = json_string_length(v); }
        v = json_object_get(j, "title");
        if (json_is_string(v)) { doc->title = json_string_value(v); doc->title_len = json_string_length(v); }
        doc->raw = p;
        doc->raw_len = n;
        doc->record = record;
        doc->line = line;
        return 1;
    }
}
