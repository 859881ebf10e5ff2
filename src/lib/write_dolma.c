/*
 * write_dolma.c — Dolma attributes (--format dolma), one line per
 * document:
 *   {"id":...,"attributes":{"shai__content":[[start,end,score],...],
 *    "shai__boilerplate":[...],"shai__place_list":[...],
 *    "shai__adult_spam":[...],"shai__garbled":[...]}}
 * Spans are [start, end) in Unicode code points of the document's text
 * (Python string offsets, what Dolma's mixer expects), the line end not
 * included; score is the block's drop score (> threshold means dropped).
 * Every key is present; shai__content lists the kept blocks and each other
 * key the blocks dropped for that reason, so the mixer can remove spans
 * by attribute.
 */
#include "writers.h"

#include <string.h>

int shai_write_dolma(shai_buf *out, const shai_doc *doc, const shai_block *b, size_t n)
{
    size_t i, old;
    int k, rc;
    if (!out || !doc || (!b && n)) return SHAI_ERR_INVALID;
    old = out->len;
    if ((rc = shai_buf_append(out, "{\"id\":", 6)) || (rc = shai_json_id(out, doc)) ||
        (rc = shai_buf_append(out, ",\"attributes\":{", 15)))
        goto fail;
    for (k = 0; k < SHAI_NLABELS; k++) {
        size_t spans = 0;
        if ((rc = shai_buf_printf(out, "%s\"shai__%s\":[", k ? "," : "", shai_label_name(k)))) goto fail;
        for (i = 0; i < n; i++) {
            int lab = b[i].keep ? SHAI_CONTENT : b[i].label;
            if (lab != k) continue;
            if ((rc = shai_buf_printf(out, "%s[%zu,%zu,", spans++ ? "," : "", b[i].char_off,
                                      b[i].char_off + b[i].chars)) ||
                (rc = shai_json_num(out, "%.4f", b[i].score)) || (rc = shai_buf_putc(out, ']')))
                goto fail;
        }
        if ((rc = shai_buf_putc(out, ']'))) goto fail;
    }
    if ((rc = shai_buf_append(out, "}}\n", 3))) goto fail;
    return SHAI_OK;
fail:
    out->len = old;
    return rc;
}
