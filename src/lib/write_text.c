/*
 * write_text.c — kept text only (--format text).
 *
 * Each document's kept blocks, one per line in order, then one empty
 * line.  Blocks never hold a line end and blank lines are never blocks, so
 * the empty line always marks the end of a document.  A document with
 * nothing kept writes nothing at all.
 */
#include "writers.h"

int shai_write_text(shai_buf *out, const shai_doc *doc, const shai_block *b, size_t n)
{
    size_t i, old, kept = 0;
    int rc = SHAI_OK;
    if (!out || !doc || (!b && n)) return SHAI_ERR_INVALID;
    old = out->len;
    for (i = 0; i < n && !rc; i++) {
        if (!b[i].keep) continue;
        kept++;
        if (!(rc = shai_buf_append(out, doc->text + b[i].off, b[i].len)))
            rc = shai_buf_putc(out, '\n');
    }
    if (!rc && kept) rc = shai_buf_putc(out, '\n');
    if (rc) out->len = old;
    return rc;
}
