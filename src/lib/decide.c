/*
 * decide.c — scores -> keep/drop and a reason.
 *
 * The drop model answers "is this block junk?"; its score s is what
 * --threshold moves (drop when s > threshold).  A dropped block takes the
 * reason whose one-vs-rest reason model scores highest.  A kept block is
 * labeled content.
 */
#include "internal.h"

/* The label and keep decision from the scores in blk. */
static void decide_scores(double threshold, shai_block *blk)
{
    int k, best = SHAI_BOILERPLATE;
    for (k = 2; k < SHAI_NLABELS; k++)
        if (blk->label_score[k] > blk->label_score[best]) best = k;
    blk->keep = !(blk->score > threshold);
    blk->label = blk->keep ? SHAI_CONTENT : best;
}

void shai_decide(const shai_model *m, double threshold, const double *x, shai_block *blk)
{
    int k;
    double s = shai_score(m, SHAI_M_DROP, x);
    blk->score = s;
    blk->label_score[SHAI_CONTENT] = -s;
    for (k = 1; k < SHAI_NLABELS; k++) blk->label_score[k] = shai_score(m, SHAI_M_REASON0 + k - 1, x);
    decide_scores(threshold, blk);
}

_Static_assert(SHAI_NLABELS == 5, "shai_decide_sparse sums four reason models");

void shai_decide_sparse(const shai_model *m, double threshold, const double *x,
                        const uint8_t *nz, size_t nnz, shai_block *blk)
{
    /* the drop model and the reason models side by side: one pass over
     * the nonzero features, each sum in the order shai_score adds it */
    const size_t off = (size_t)shai_regime(x) * SHAI_NFEAT;
    const double *w0 = m->w[SHAI_M_DROP] + off, *w1 = m->w[SHAI_M_REASON0] + off,
                 *w2 = m->w[SHAI_M_REASON0 + 1] + off, *w3 = m->w[SHAI_M_REASON0 + 2] + off,
                 *w4 = m->w[SHAI_M_REASON0 + 3] + off;
    double s0 = m->b[SHAI_M_DROP], s1 = m->b[SHAI_M_REASON0], s2 = m->b[SHAI_M_REASON0 + 1],
           s3 = m->b[SHAI_M_REASON0 + 2], s4 = m->b[SHAI_M_REASON0 + 3];
    size_t i;
    for (i = 0; i < nnz; i++) {
        size_t j = nz[i];
        double v = x[j];
        s0 += w0[j] * v;
        s1 += w1[j] * v;
        s2 += w2[j] * v;
        s3 += w3[j] * v;
        s4 += w4[j] * v;
    }
    if (s0 == 0) s0 = shai_score(m, SHAI_M_DROP, x);   /* see score.c */
    if (s1 == 0) s1 = shai_score(m, SHAI_M_REASON0, x);
    if (s2 == 0) s2 = shai_score(m, SHAI_M_REASON0 + 1, x);
    if (s3 == 0) s3 = shai_score(m, SHAI_M_REASON0 + 2, x);
    if (s4 == 0) s4 = shai_score(m, SHAI_M_REASON0 + 3, x);
    blk->score = s0;
    blk->label_score[SHAI_CONTENT] = -s0;
    blk->label_score[1] = s1;
    blk->label_score[2] = s2;
    blk->label_score[3] = s3;
    blk->label_score[4] = s4;
    decide_scores(threshold, blk);
}
