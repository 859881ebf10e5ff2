/*
 * eval.h — what the files of `shai eval` share (cmd_eval.c,
 * eval_pages.c): the --errors sink and the per-page error counts.
 */
#ifndef SHAI_CLI_EVAL_H
#define SHAI_CLI_EVAL_H

#include "cli.h"

/* --errors: misclassified held-out blocks, one TSV line each.  Blocks
 * come page by page in line order, so the sink remembers where it is (the
 * page, and the start of the last line it found) and goes on from there:
 * linear in the text, not in pages times blocks. */
typedef struct errsink {
    FILE *f;
    const shai_corpus *c;
    int all;
    size_t page, line, start;   /* page index (SIZE_MAX: none yet), its line `line` starts at `start` */
} errsink;

/* Writes one block to the sink ud (an errsink): every block with
 * --predictions, the misclassified ones with --errors (a
 * shai_prediction_fn). */
void eval_write_block(void *ud, const char *page_id, size_t line, int gold, int pred, double score);

typedef struct pagerr { size_t page, errors, blocks; } pagerr;

/* For each page i of `of`, the index of the page with its id in `in`
 * (SIZE_MAX when `in` has none) into map[i] (ids are unique in a
 * corpus).  Returns 0, or -1 when out of memory. */
int eval_page_map(const shai_corpus *of, const shai_corpus *in, size_t *map);

/* --predicted: scores the labels of PRED (corpus pc, read from path)
 * against every page of c, each PRED page matched by id; every page must
 * be on both sides, once, with the same text.  f counts the blocks'
 * characters; ev gets the counts, pev[page] (if not NULL) each page's,
 * pe[page] its errors; es gets the blocks (score 0: a labeling has
 * none).  Returns an exit code, having said what was wrong. */
int eval_predicted(const char *path, const shai_corpus *pc, const shai_corpus *c, shai_filter *f,
                   shai_eval *ev, shai_eval *pev, pagerr *pe, errsink *es);

#endif
