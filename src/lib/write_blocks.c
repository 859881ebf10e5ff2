/*
 * write_blocks.c — one JSON object per block (--blocks), keys always in
 * this order:
 *   {"id":"...","url":"...","doc":D,"line":N,"chars":N,"keep":true,
 *    "label":"content","score":S}
 * ("doc", the document's number in the run, only when the caller set
 * shai_doc.seq: the CLI does, so that `report --from-blocks` tells two
 * documents apart even when both have no id and no url)
 * id and url are the document's ("" when it has none: the key is never
 * left out, so every line has the same keys; `shai report --from-blocks`
 * reads "" as no url, as it reads a missing key); invalid UTF-8 in them
 * (a text file's name) is written as U+FFFD.  line is 1-based in the
 * document's text, chars the block's length in code points
 * (shai_block.chars), score the drop score (%.4f).  With a filter to
 * explain, "top" follows score and lists the 5 largest contributions
 * w_i * x_i to that score (shai_filter_explain()), and for a dropped
 * block "label_top" (maybe empty) the 5 largest to its label's reason
 * score (shai_filter_explain_label()).
 * Everything `shai report` counts is on the line, so
 * `shai filter --blocks | shai report --from-blocks` gives the report of
 * `shai report` over the same input, except for documents without
 * blocks (empty text), which have no line.
 */
#include "writers.h"

#include <string.h>

#define TOP_K 5

/* Appends s[0..n) as a JSON string, invalid UTF-8 repaired. */
static int json_text(shai_buf *out, const char *s, size_t n)
{
    shai_buf fixed;
    int rc;
    if (!s) return shai_buf_append(out, "\"\"", 2);
    if (shai_utf8_valid(s, n)) return shai_buf_json_str(out, s, n);
    shai_buf_init(&fixed, 0);
    rc = shai_utf8_repair(&fixed, s, n) < 0 ? SHAI_ERR_NOMEM : shai_buf_json_str(out, fixed.p, fixed.len);
    shai_buf_free(&fixed);
    return rc;
}

/* Appends ,"key":[...] with the contributions c[0..n). */
static int write_contribs(shai_buf *out, const char *key, const shai_contrib *c, int n)
{
    int k, rc;
    if ((rc = shai_buf_printf(out, ",\"%s\":[", key))) return rc;
    for (k = 0; k < n; k++) {
        const char *name = shai_feature_name(c[k].feature);
        if ((rc = shai_buf_append(out, k ? ",{\"feature\":" : "{\"feature\":", k ? 12 : 11)) ||
            (rc = shai_buf_json_str(out, name ? name : "?", name ? strlen(name) : 1)) ||
            (rc = shai_buf_append(out, ",\"value\":", 9)) ||
            (rc = shai_json_num(out, "%.6g", c[k].value)) ||
            (rc = shai_buf_append(out, ",\"contrib\":", 11)) ||
            (rc = shai_json_num(out, "%.4f", c[k].contrib)) ||
            (rc = shai_buf_putc(out, '}')))
            return rc;
    }
    return shai_buf_putc(out, ']');
}

/* Appends the "top" list of block i, and "label_top" when it was dropped. */
static int write_top(shai_buf *out, const shai_filter *f, size_t i)
{
    shai_contrib c[TOP_K];
    int n = shai_filter_explain(f, i, c, TOP_K), rc;
    if (n < 0) return n;
    if ((rc = write_contribs(out, "top", c, n))) return rc;
    if (shai_filter_block(f, i)->keep) return SHAI_OK;
    if ((n = shai_filter_explain_label(f, i, c, TOP_K)) < 0) return n;
    return write_contribs(out, "label_top", c, n);
}

int shai_write_blocks(shai_buf *out, const shai_doc *doc, const shai_block *b, size_t n,
                      const shai_filter *explain)
{
    size_t i, old;
    int rc = SHAI_OK;
    if (!out || !doc || (!b && n)) return SHAI_ERR_INVALID;
    old = out->len;
    for (i = 0; i < n && !rc; i++) {
        const char *label = shai_label_name(b[i].label);
        if ((rc = shai_buf_append(out, "{\"id\":", 6)) ||
            (rc = json_text(out, doc->id, doc->id_len)) ||
            (rc = shai_buf_append(out, ",\"url\":", 7)) ||
            (rc = json_text(out, doc->url, doc->url_len)) ||
            (doc->seq && (rc = shai_buf_printf(out, ",\"doc\":%zu", doc->seq))) ||
            (rc = shai_buf_printf(out, ",\"line\":%zu,\"chars\":%zu,\"keep\":%s,\"label\":\"%s\","
                                  "\"score\":", b[i].line, b[i].chars, b[i].keep ? "true" : "false",
                                  label ? label : "content")) ||
            (rc = shai_json_num(out, "%.4f", b[i].score)))
            break;
        if (explain && (rc = write_top(out, explain, i))) break;
        rc = shai_buf_append(out, "}\n", 2);
    }
    if (rc) out->len = old;
    return rc;
}
