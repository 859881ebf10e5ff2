/*
 * eval.c — predictions against gold labels: counts and metrics.
 */
#include "internal.h"

#include <string.h>

int shai_eval_count_block(shai_eval *ev, int g, int pr, int kept, size_t chars)
{
    if (g < 0) { ev->unscored++; return 0; }
    if (pr < 0) { ev->unlabeled++; return 0; }
    ev->confusion[g][pr]++;
    ev->gold_chars[g] += chars;
    if (kept) ev->kept_chars[g] += chars;
    ev->blocks++;
    return g != pr;
}

int shai_eval_page(shai_filter *f, const shai_corpus *c, size_t i, shai_eval *ev, size_t *errors)
{
    const shai_page *p;
    const shai_block *blocks;
    size_t n, j, err = 0;
    int rc;
    if (!f || !c || !ev || i >= c->n) return SHAI_ERR_INVALID;
    p = &c->pages[i];
    if ((rc = shai_filter_featurize(f, p->text, p->text_len, 1, &n))) return rc;
    if (n != p->nlines) return SHAI_ERR_FORMAT;
    if (!(blocks = shai_filter_decide_all(f))) return SHAI_ERR_NOMEM;
    for (j = 0; j < n; j++)
        err += (size_t)shai_eval_count_block(ev, p->labels[j], blocks[j].label, blocks[j].keep, blocks[j].chars);
    ev->pages++;
    if (errors) *errors = err;
    return SHAI_OK;
}

int shai_eval_page_labels(shai_filter *f, const shai_corpus *c, size_t i, const int *pred,
                          size_t npred, shai_eval *ev, size_t *errors)
{
    const shai_page *p;
    const shai_block *blocks;
    size_t n = 0, j, err = 0;
    int rc;
    if (!f || !c || !pred || !ev || i >= c->n) return SHAI_ERR_INVALID;
    p = &c->pages[i];
    if (npred != p->nlines) return SHAI_ERR_FORMAT;
    for (j = 0; j < npred; j++)
        if (pred[j] < -1 || pred[j] >= SHAI_NLABELS) return SHAI_ERR_INVALID;
    /* featurized only for the blocks' character counts, which then are
     * the ones shai_eval_page counts */
    if ((rc = shai_filter_featurize(f, p->text, p->text_len, 1, &n))) return rc;
    if (n != p->nlines) return SHAI_ERR_FORMAT;
    blocks = shai_filter_blocks(f, NULL);
    for (j = 0; j < n; j++)
        err += (size_t)shai_eval_count_block(ev, p->labels[j], pred[j], pred[j] == SHAI_CONTENT, blocks[j].chars);
    shai_filter_forget(f);   /* its blocks were never decided */
    ev->pages++;
    if (errors) *errors = err;
    return SHAI_OK;
}

void shai_eval_add(shai_eval *a, const shai_eval *b)
{
    int g, k;
    for (g = 0; g < SHAI_NLABELS; g++) {
        for (k = 0; k < SHAI_NLABELS; k++) a->confusion[g][k] += b->confusion[g][k];
        a->gold_chars[g] += b->gold_chars[g];
        a->kept_chars[g] += b->kept_chars[g];
    }
    a->blocks += b->blocks;
    a->unscored += b->unscored;
    a->unlabeled += b->unlabeled;
    a->pages += b->pages;
}

static double safe_div(double a, double b) { return b > 0 ? a / b : 0.0; }

void shai_eval_metrics(const shai_eval *ev, shai_metrics *o)
{
    int g, k;
    double tp = 0, fp = 0, fn = 0, correct = 0, kept = 0, kept_junk = 0;
    memset(o, 0, sizeof *o);
    for (k = 0; k < SHAI_NLABELS; k++) {
        double t = (double)ev->confusion[k][k], col = 0, row = 0;
        for (g = 0; g < SHAI_NLABELS; g++) {
            col += (double)ev->confusion[g][k];
            row += (double)ev->confusion[k][g];
        }
        o->precision[k] = safe_div(t, col);
        o->recall[k] = safe_div(t, row);
        o->f1[k] = safe_div(2 * o->precision[k] * o->recall[k], o->precision[k] + o->recall[k]);
        correct += t;
    }
    for (g = 0; g < SHAI_NLABELS; g++)
        for (k = 0; k < SHAI_NLABELS; k++) {
            double v = (double)ev->confusion[g][k];
            if (g != SHAI_CONTENT && k != SHAI_CONTENT) tp += v;
            else if (g == SHAI_CONTENT && k != SHAI_CONTENT) fp += v;
            else if (g != SHAI_CONTENT && k == SHAI_CONTENT) fn += v;
        }
    o->drop_precision = safe_div(tp, tp + fp);
    o->drop_recall = safe_div(tp, tp + fn);
    o->drop_f1 = safe_div(2 * o->drop_precision * o->drop_recall, o->drop_precision + o->drop_recall);
    o->content_kept = safe_div((double)ev->kept_chars[SHAI_CONTENT], (double)ev->gold_chars[SHAI_CONTENT]);
    for (g = 0; g < SHAI_NLABELS; g++) {
        kept += (double)ev->kept_chars[g];
        if (g != SHAI_CONTENT) kept_junk += (double)ev->kept_chars[g];
    }
    o->junk_left = safe_div(kept_junk, kept);
    o->accuracy = safe_div(correct, (double)ev->blocks);
}
