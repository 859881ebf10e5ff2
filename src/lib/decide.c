/*
 * decide.c — scores -> keep/drop and a reason.
 *
 * The drop model answers "is this block junk?"; its score s is what
 * --threshold moves (drop when s > threshold).  A dropped block takes the
 * reason whose one-vs-rest reason model scores highest.  A kept block is
 * labeled content.
 */
#include "internal.h"

void shai_decide(const shai_model *m, double threshold, const double *x, shai_block *blk)
{
    int k, best = SHAI_BOILERPLATE;
    double s = shai_score(m, SHAI_M_DROP, x);
    blk->score = s;
    blk->label_score[SHAI_CONTENT] = -s;
    for (k = 1; k < SHAI_NLABELS; k++) {
        blk->label_score[k] = shai_score(m, SHAI_M_REASON0 + k - 1, x);
        if (blk->label_score[k] > blk->label_score[best]) best = k;
    }
    blk->keep = !(s > threshold);
    blk->label = blk->keep ? SHAI_CONTENT : best;
}
