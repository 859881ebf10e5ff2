/*
 * read_text.c — plain text: the whole file is one document whose id is
 * the file's base name ("-" for standard input).  Invalid UTF-8 and NUL
 * bytes become U+FFFD (counted in doc->repaired), unless the text reads
 * better in another encoding (encoding.c).  A file larger than
 * SHAI_MAX_TEXT_DOC (64 MiB) is rejected whole.  An empty file (0 bytes,
 * or only a byte order mark, of UTF-8 or of the encoding it is decoded
 * from) gives no document at all, so that empty
 * shards do not turn into phantom documents.  A compressed file whose
 * stream breaks after some text gives a reject ("cut off: ..."), then the
 * stream error; no partial document is scored.
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
    if (got < 0 && r->src.err && r->body.len > 0) {
        r->body.len = 0;
        return shai_reader_cut(r, doc, 1, 1);
    }
    if (got <= 0) return (int)got;      /* an empty file (or shard) has no document */
    if ((size_t)got > SHAI_MAX_TEXT_DOC) {
        /* the rest is skipped; a stream error there comes with the next read */
        (void)shai_src_read(&r->src, NULL, SIZE_MAX);
        r->body.len = 0;
        return shai_reader_reject(r, doc, SHAI_ERR_TOOBIG, 1, 1,
                                  "text document larger than the %zu MiB limit",
                                  SHAI_MAX_TEXT_DOC >> 20);
    }
    fixed = shai_reader_text_decoded(r, &doc->text, &doc->text_len, &doc->encoding);
    if (fixed == SHAI_ERR_INVALID) {
        char why[sizeof r->enc_why];
        memcpy(why, r->enc_why, sizeof why);
        r->body.len = 0;
        return shai_reader_reject(r, doc, SHAI_ERR_FORMAT, 1, 1, "%s", why);
    }
    if (fixed < 0) return (int)fixed;
    /* a byte order mark alone (UTF-16's, GB18030's) is an empty file */
    if (doc->encoding != SHAI_ENC_UTF8 && !doc->text_len && !fixed) return 0;
    doc->repaired = (size_t)fixed;
    doc->id = r->base;
    doc->id_len = strlen(r->base);
    doc->record = 1;
    doc->line = 1;
    return 1;
}
