/*
 * read_text.c — plain text: the whole file is one document whose id is
 * the file's base name ("-" for standard input).  Invalid UTF-8 and NUL
 * bytes become U+FFFD (counted in doc->repaired).  A file larger than
 * SHAI_MAX_TEXT_DOC (256 MiB) is rejected whole.  An empty file (0 bytes,
 * or only a byte order mark) gives no document at all, so that empty
 * shards do not turn into phantom documents.
 */
#include "reader.h"

#include <string.h>

int shai_read_text_next(shai_reader *r, shai_doc *doc)
{
    long long got, fixed;
    if (r->text_done) return 0;
    r->text_done = 1;
    r->record = 1;
    r->body.len = 0;
    got = shai_src_read(&r->src, &r->body, SHAI_MAX_TEXT_DOC + 1);
    if (got <= 0) return (int)got;      /* an empty file (or shard) has no document */
    if ((size_t)got > SHAI_MAX_TEXT_DOC) {
        long long more = shai_src_read(&r->src, NULL, SIZE_MAX);
        r->body.len = 0;
        if (more < 0) return (int)more;
        return shai_reader_reject(r, doc, SHAI_ERR_TOOBIG, 1, 1,
                                  "text document larger than the %zu MiB limit",
                                  SHAI_MAX_TEXT_DOC >> 20);
    }
    r->text.len = 0;
    fixed = shai_read_repair(&r->text, r->body.p ? r->body.p : "", r->body.len);
    if (fixed < 0) return (int)fixed;
    doc->text = r->text.p;
    doc->text_len = r->text.len;
    doc->repaired = (size_t)fixed;
    doc->id = r->base;
    doc->id_len = strlen(r->base);
    doc->record = 1;
    doc->line = 1;
    return 1;
}
