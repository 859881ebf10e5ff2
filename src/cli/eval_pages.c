/*
 * eval_pages.c — shai eval's page bookkeeping: the --errors and
 * --predictions sink, pages matched by id across two corpora, and
 * --predicted, another labeling scored against the gold one.
 */
#include "eval.h"

#include <stdlib.h>
#include <string.h>

void eval_write_block(void *ud, const char *page_id, size_t line, int gold, int pred, double score)
{
    errsink *e = ud;
    size_t p, n, len = 0, k;
    const char *t;
    if (gold == pred && !e->all) return;
    if (e->page == SIZE_MAX || strcmp(shai_corpus_page_id(e->c, e->page), page_id)) {
        for (p = 0, n = shai_corpus_pages(e->c); p < n; p++)
            if (!strcmp(shai_corpus_page_id(e->c, p), page_id)) break;
        if (p == shai_corpus_pages(e->c)) return;
        e->page = p;
        e->line = 1;
        e->start = 0;
    }
    t = shai_corpus_page_text(e->c, e->page, &len);
    if (line < e->line) { e->line = 1; e->start = 0; }
    for (k = e->start; k < len && e->line < line; k++)
        if (t[k] == '\n') { e->line++; e->start = k + 1; }
    for (k = e->start; k < len && t[k] != '\n'; k++) ;
    fprintf(e->f, "%s\t%zu\t%c\t%c\t%.4f\t%.*s\n", page_id, line, shai_label_code(gold),
            shai_label_code(pred), score, (int)(k - e->start), t + e->start);
}

/* A page by id (sorted for bsearch). */
typedef struct pageref { const char *id; size_t page; } pageref;
static int cmp_pageref(const void *a, const void *b)
{
    return strcmp(((const pageref *)a)->id, ((const pageref *)b)->id);
}

/* 0 when the two page texts are the same, else the 1-based block (line
 * of the page text: blocks joined by '\n') where they first differ. */
static size_t first_diff_block(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i, line = 1;
    for (i = 0; i < alen && i < blen && a[i] == b[i]; i++) line += a[i] == '\n';
    if (i == alen && i == blen) return 0;
    /* one text ends where the other starts a block: the difference is
     * that block, not the last one they share */
    if ((i == alen && b[i] == '\n') || (i == blen && a[i] == '\n')) line++;
    return line;
}

int eval_page_map(const shai_corpus *of, const shai_corpus *in, size_t *map)
{
    size_t nin = shai_corpus_pages(in), n = shai_corpus_pages(of), i;
    pageref *ord = malloc((nin ? nin : 1) * sizeof *ord);
    if (!ord) return -1;
    for (i = 0; i < nin; i++) {
        ord[i].id = shai_corpus_page_id(in, i);
        ord[i].page = i;
    }
    qsort(ord, nin, sizeof *ord, cmp_pageref);
    for (i = 0; i < n; i++) {
        pageref key = {shai_corpus_page_id(of, i), 0};
        const pageref *hit = bsearch(&key, ord, nin, sizeof *ord, cmp_pageref);
        map[i] = hit ? hit->page : SIZE_MAX;
    }
    free(ord);
    return 0;
}

int eval_predicted(const char *path, const shai_corpus *pc, const shai_corpus *c, shai_filter *f,
                   shai_eval *ev, shai_eval *pev, pagerr *pe, errsink *es)
{
    size_t np = shai_corpus_pages(pc), n = shai_corpus_pages(c), i, p;
    size_t *map = malloc((n ? n : 1) * sizeof *map);   /* each page of c in pc */
    char *used = calloc(np ? np : 1, 1);
    int rc = EXIT_OK;
    if (!map || !used || eval_page_map(c, pc, map)) { cli_error("eval", "out of memory"); rc = EXIT_INTERNAL; goto out; }
    if (np == 0) { cli_error("eval", "%s: no pages", path); rc = EXIT_INPUT; goto out; }
    for (p = 0; p < n; p++) {
        const size_t hit = map[p];
        const char *id = shai_corpus_page_id(c, p);
        size_t glen = 0, plen = 0, nb = 0, j;
        shai_eval one;
        const char *gt = shai_corpus_page_text(c, p, &glen), *pt, *gf, *pf;
        const int *pred, *gold;
        size_t diff, gline = 0, pline = 0, gn = 0, pn = 0;
        int r;
        gf = shai_corpus_page_file(c, p, &gline);
        if (hit == SIZE_MAX) {
            cli_error("eval", "%s: no page '%s' (labeled at %s:%zu)", path, id, gf, gline);
            rc = EXIT_INPUT;
            goto out;
        }
        used[hit] = 1;
        pf = shai_corpus_page_file(pc, hit, &pline);
        pt = shai_corpus_page_text(pc, hit, &plen);
        shai_corpus_page_labels(c, p, &gn);
        shai_corpus_page_labels(pc, hit, &pn);
        if (gn != pn) {
            cli_error("eval", "%s:%zu: page '%s' has %zu blocks, the labeled page (%s:%zu) %zu", pf, pline, id,
                      pn, gf, gline, gn);
            rc = EXIT_INPUT;
            goto out;
        }
        if ((diff = first_diff_block(gt, glen, pt, plen)) != 0) {
            cli_error("eval", "%s:%zu: page '%s', block %zu: the text differs from the labeled page's (%s:%zu)", pf,
                      pline, id, diff, gf, gline);
            rc = EXIT_INPUT;
            goto out;
        }
        pred = shai_corpus_page_labels(pc, hit, &nb);
        memset(&one, 0, sizeof one);
        r = shai_eval_page_labels(f, c, p, pred, nb, &one, &pe[p].errors);
        if (r) { cli_error("eval", "page '%s': %s", id, shai_strerror(r)); rc = cli_exit_code(r); goto out; }
        shai_eval_add(ev, &one);
        if (pev) pev[p] = one;
        gold = shai_corpus_page_labels(c, p, &nb);
        for (j = 0; es->f && j < nb; j++)
            if (gold[j] >= 0 && pred[j] >= 0) eval_write_block(es, id, j + 1, gold[j], pred[j], 0.0);
        pe[p].page = p;
        pe[p].blocks = one.blocks;
    }
    for (i = 0; i < np; i++)
        if (!used[i]) {
            size_t line = 0;
            const char *pf = shai_corpus_page_file(pc, i, &line);
            cli_error("eval", "%s:%zu: page '%s' is not in the labeled files", pf, line, shai_corpus_page_id(pc, i));
            rc = EXIT_INPUT;
            goto out;
        }
out:
    free(map);
    free(used);
    return rc;
}

