/*
 * write_blocks.c — one JSON object per block (--blocks):
 *   {"id":...,"line":N,"keep":true,"label":"content","score":S}
 * line is 1-based in the document's text, score the drop score (%.4f).
 * With a filter to explain, "top" lists the 5 largest contributions
 * w_i * x_i to the block's own decision (shai_filter_explain()).
 */
#include "writers.h"

#include <string.h>

#define TOP_K 5

/* Appends the "top" list of block i. */
static int write_top(shai_buf *out, const shai_filter *f, size_t i)
{
    shai_contrib c[TOP_K];
    int k, n = shai_filter_explain(f, i, c, TOP_K), rc;
    if (n < 0) return n;
    if ((rc = shai_buf_append(out, ",\"top\":[", 8))) return rc;
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

int shai_write_blocks(shai_buf *out, const shai_doc *doc, const shai_block *b, size_t n,
                      const shai_filter *explain)
{
    size_t i, old;
    int rc = SHAI_OK;
    if (!out || !doc || (!b && n)) return SHAI_ERR_INVALID;
    old = out->len;
    for (i = 0; i < n && !rc; i++) {
        const char *label = shai_label_name(b[i].label);
        if ((rc = shai_buf_append(out, "{\"id\":", 6)) || (rc = shai_json_id(out, doc)) ||
            (rc = shai_buf_printf(out, ",\"line\":%zu,\"keep\":%s,\"label\":\"%s\",\"score\":",
                                  b[i].line, b[i].keep ? "true" : "false",
                                  label ? label : "content")) ||
            (rc = shai_json_num(out, "%.4f", b[i].score)))
            break;
        if (explain && (rc = write_top(out, explain, i))) break;
        rc = shai_buf_append(out, "}\n", 2);
    }
    if (rc) out->len = old;
    return rc;
}
