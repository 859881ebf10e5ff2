/*
 * write_lbl.c — draft labels for the active-learning loop (--format lbl),
 * in the .lbl format of training/LABELING.md:
 *   #page<TAB>ID[<TAB>URL]
 *   CODE<TAB>TEXT          one line per block, CODE = the model's K B P A G
 *   (empty line)
 * Tabs (and any line end) inside ID, URL and TEXT become spaces, since the
 * format forbids them, and so does every other control character in ID
 * and URL (invalid UTF-8 in an ID taken from a file name is repaired); a document without an id is named "record-N", N its record
 * number in its file (the CLI gives such documents a run-wide name first,
 * so that the pages of several files keep distinct ids).
 * Blank lines are not blocks and are left out, and a document without
 * blocks writes no page, so every page read back has at least one block.
 */
#include "writers.h"

#include <string.h>

/* Appends s[0..n) with tabs, CR and LF replaced by spaces (and invalid
 * UTF-8, possible in a file name used as id, repaired); with all, every
 * other control character too (NUL from a \u0000 in a JSON id would
 * end the id read back). */
static int put_clean(shai_buf *out, const char *s, size_t n, int all)
{
    size_t start = out->len, i;
    long rc = shai_utf8_repair(out, s, n);
    if (rc < 0) return (int)rc;
    for (i = start; i < out->len; i++) {
        unsigned char c = (unsigned char)out->p[i];
        if (c == '\t' || c == '\r' || c == '\n' || (all && (c < 0x20 || c == 0x7F))) out->p[i] = ' ';
    }
    return SHAI_OK;
}

int shai_lbl_page_id(shai_buf *out, const char *id, size_t len)
{
    if (!out || (!id && len)) return SHAI_ERR_INVALID;
    return put_clean(out, id ? id : "", len, 1);
}

int shai_write_lbl(shai_buf *out, const shai_doc *doc, const shai_block *b, size_t n)
{
    size_t i, old;
    int rc;
    if (!out || !doc || (!b && n)) return SHAI_ERR_INVALID;
    if (n == 0) return SHAI_OK;
    old = out->len;
    if ((rc = shai_buf_append(out, "#page\t", 6))) goto fail;
    if (doc->id && doc->id_len) rc = put_clean(out, doc->id, doc->id_len, 1);
    else rc = shai_buf_printf(out, "record-%zu", doc->record);
    if (rc) goto fail;
    if (doc->url && doc->url_len &&
        ((rc = shai_buf_putc(out, '\t')) || (rc = put_clean(out, doc->url, doc->url_len, 1))))
        goto fail;
    if ((rc = shai_buf_putc(out, '\n'))) goto fail;
    for (i = 0; i < n; i++) {
        char code = shai_label_code(b[i].keep ? SHAI_CONTENT : b[i].label);
        char head[2];
        head[0] = code ? code : 'K';
        head[1] = '\t';
        if ((rc = shai_buf_append(out, head, 2)) ||
            (rc = put_clean(out, doc->text + b[i].off, b[i].len, 0)) || (rc = shai_buf_putc(out, '\n')))
            goto fail;
    }
    if ((rc = shai_buf_putc(out, '\n'))) goto fail;
    return SHAI_OK;
fail:
    out->len = old;
    return rc;
}
