/*
 * score.c — linear scores: w.x + b, with the weight vector of the block's
 * length regime (see SHAI_NW in internal.h).
 */
#include "internal.h"

int shai_regime(const double *x)
{
    return !(x[SHAI_F_LEN_B1] != 0 || x[SHAI_F_LEN_B2] != 0 || x[SHAI_F_LEN_B3] != 0);
}

double shai_score(const shai_model *m, int k, const double *x)
{
    const double *w = m->w[k] + (size_t)shai_regime(x) * SHAI_NFEAT;
    double s = m->b[k];
    size_t i;
    for (i = 0; i < SHAI_NFEAT; i++) s += w[i] * x[i];
    return s;
}
