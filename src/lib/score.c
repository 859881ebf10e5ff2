/*
 * score.c — linear scores: w.x + b.
 */
#include "internal.h"

double shai_score(const shai_model *m, int k, const double *x)
{
    double s = m->b[k];
    size_t i;
    for (i = 0; i < SHAI_NFEAT; i++) s += m->w[k][i] * x[i];
    return s;
}
