/*
 * write.c — what every writer shares: per-document counts, JSON pieces,
 * the rejects line and the choice of writer by format.
 */
#include "writers.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void shai_doc_stats_get(const shai_doc *doc, const shai_block *b, size_t n, shai_doc_stats *s)
{
    size_t i;
    memset(s, 0, sizeof *s);
    s->repaired = doc ? doc->repaired : 0;
    s->encoding = doc ? doc->encoding : SHAI_ENC_UTF8;
    for (i = 0; i < n; i++) {
        int l = b[i].label >= 0 && b[i].label < SHAI_NLABELS ? b[i].label : SHAI_CONTENT;
        s->blocks[l]++;
        s->chars[l] += b[i].chars;
        if (b[i].keep) { s->kept_blocks++; s->kept_chars += b[i].chars; }
        else { s->dropped_blocks++; s->dropped_chars += b[i].chars; }
    }
}


int shai_json_num(shai_buf *b, const char *fmt, double v)
{
    char tmp[64];
    if (!isfinite(v)) return shai_buf_append(b, "null", 4);
    shai_snprintf_c(tmp, sizeof tmp, fmt, v);
    return shai_buf_append(b, tmp, strlen(tmp));
}

int shai_json_id(shai_buf *b, const shai_doc *doc)
{
    shai_buf fixed;
    int rc;
    if (!doc->id || shai_utf8_valid(doc->id, doc->id_len))
        return shai_buf_json_str(b, doc->id ? doc->id : "", doc->id ? doc->id_len : 0);
    /* a text file's name as id may be any bytes */
    shai_buf_init(&fixed, 0);
    rc = shai_utf8_repair(&fixed, doc->id, doc->id_len) < 0 ? SHAI_ERR_NOMEM
         : shai_buf_json_str(b, fixed.p, fixed.len);
    shai_buf_free(&fixed);
    return rc;
}

/* Appends the decimal digits of v (what printf's %zu writes). */
static int put_count(shai_buf *b, size_t v)
{
    char tmp[3 * sizeof v];
    size_t k = sizeof tmp;
    do {
        tmp[--k] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return shai_buf_append(b, tmp + k, sizeof tmp - k);
}

/* Appends "key":count after the text before (both ASCII). */
static int put_member(shai_buf *b, const char *before, const char *key, size_t v)
{
    int rc;
    if ((rc = shai_buf_append(b, before, strlen(before))) || (rc = shai_buf_putc(b, '"')) ||
        (rc = shai_buf_append(b, key, strlen(key))) || (rc = shai_buf_append(b, "\":", 2)))
        return rc;
    return put_count(b, v);
}

int shai_json_stats(shai_buf *b, const shai_doc_stats *s)
{
    int k, rc, w;
    const char *part[2] = {"{\"blocks\":{", "},\"chars\":{"};
    /* one document's summary; the counts without printf, which was
     * about 1% of a filter run */
    for (w = 0; w < 2; w++)
        for (k = 0; k < SHAI_NLABELS; k++)
            if ((rc = put_member(b, k ? "," : part[w], shai_label_name(k), w ? s->chars[k] : s->blocks[k])))
                return rc;
    if ((rc = put_member(b, "},", "kept_blocks", s->kept_blocks)) ||
        (rc = put_member(b, ",", "dropped_blocks", s->dropped_blocks)) ||
        (rc = put_member(b, ",", "kept_chars", s->kept_chars)) ||
        (rc = put_member(b, ",", "dropped_chars", s->dropped_chars)) ||
        (rc = put_member(b, ",", "repaired_utf8", s->repaired)))
        return rc;
    /* a plain-text document decoded from another encoding says which */
    if (s->encoding != SHAI_ENC_UTF8 && shai_encoding_name(s->encoding)) {
        const char *name = shai_encoding_name(s->encoding);
        if ((rc = shai_buf_append(b, ",\"encoding\":\"", 13)) || (rc = shai_buf_append(b, name, strlen(name))) ||
            (rc = shai_buf_putc(b, '"')))
            return rc;
    }
    return shai_buf_putc(b, '}');
}

int shai_write_reject(shai_buf *out, const char *source, size_t record, size_t line,
                      const char *reason)
{
    shai_buf fixed;
    size_t old;
    int rc;
    const char *src = source ? source : "";
    if (!out) return SHAI_ERR_INVALID;
    old = out->len;
    reason = reason ? reason : "";
    shai_buf_init(&fixed, 0);
    /* file names and reasons quoting input may hold invalid UTF-8 */
    rc = shai_buf_append(out, "{\"source\":", 10);
    if (!rc && shai_utf8_repair(&fixed, src, strlen(src)) < 0) rc = SHAI_ERR_NOMEM;
    if (!rc) rc = shai_buf_json_str(out, fixed.p ? fixed.p : "", fixed.len);
    if (!rc) rc = shai_buf_printf(out, ",\"record\":%zu,\"line\":%zu,\"reason\":", record, line);
    fixed.len = 0;
    if (!rc && shai_utf8_repair(&fixed, reason, strlen(reason)) < 0) rc = SHAI_ERR_NOMEM;
    if (!rc) rc = shai_buf_json_str(out, fixed.p ? fixed.p : "", fixed.len);
    if (!rc) rc = shai_buf_append(out, "}\n", 2);
    shai_buf_free(&fixed);
    if (rc) out->len = old;
    return rc;
}

int shai_write_doc(shai_buf *out, shai_outfmt fmt, const shai_doc *doc, const shai_block *b,
                   size_t n, const shai_filter *explain)
{
    if (!out || !doc || (!b && n)) return SHAI_ERR_INVALID;
    switch (fmt) {
    case SHAI_OUT_JSONL: return shai_write_jsonl(out, doc, b, n);
    case SHAI_OUT_BLOCKS: return shai_write_blocks(out, doc, b, n, explain);
    case SHAI_OUT_TEXT: return shai_write_text(out, doc, b, n);
    case SHAI_OUT_DOLMA: return shai_write_dolma(out, doc, b, n);
    case SHAI_OUT_LBL: return shai_write_lbl(out, doc, b, n);
    }
    return SHAI_ERR_INVALID;
}
