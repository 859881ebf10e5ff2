/*
 * writers.h — helpers shared by the output writers (write.c,
 * write_jsonl.c, write_blocks.c, write_text.c, write_dolma.c,
 * write_lbl.c).  Not part of the public API.
 */
#ifndef SHAI_WRITERS_H
#define SHAI_WRITERS_H

#include "internal.h"

/* Appends a number with printf format fmt ("%.4f"), or null when it is
 * not finite (JSON has no NaN).  Returns SHAI_OK or < 0. */
int shai_json_num(shai_buf *b, const char *fmt, double v);
/* Appends the "shai" statistics object of one document. */
int shai_json_stats(shai_buf *b, const shai_doc_stats *s);
/* Appends the document id as a JSON string ("" when it has none). */
int shai_json_id(shai_buf *b, const shai_doc *doc);

#endif
