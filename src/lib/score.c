/*
 * score.c — linear scores: w.x + b, with the weight vector of the block's
 * length regime (see SHAI_NW in internal.h).
 *
 * The filter scores sparse: a feature row holds about 25 nonzero values
 * out of SHAI_NFEAT, so it adds w[i] * x[i] over the nonzero x[i] only
 * (and maybe some zero ones), in the same ascending order as the dense
 * sum.  That gives the same double: adding a zero product (w[i] * 0 is +0
 * or -0, the weights being finite) to a nonzero partial sum leaves it
 * unchanged, so the partial sums only differ in the sign of a zero.  The
 * one case where that could show is a total of exactly zero; the sparse
 * functions then redo the dense sum.
 */
#include "internal.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

size_t shai_nonzero(const double *x, size_t lo, size_t hi, uint8_t *idx)
{
    size_t i = lo, n = 0;
#if defined(__SSE2__)
    /* two at a time: a two-bit mask of the nonzero ones, then the index
     * of each set bit (at most two, in order) */
    const __m128d zero = _mm_setzero_pd();
    for (; i + 2 <= hi; i += 2) {
        int m = _mm_movemask_pd(_mm_cmpneq_pd(_mm_loadu_pd(x + i), zero));
        idx[n] = (uint8_t)(m == 2 ? i + 1 : i);
        idx[n + 1] = (uint8_t)(i + 1);
        n += (size_t)((m & 1) + (m >> 1));
    }
#endif
    /* branch-free: every index is stored, the count moves on nonzeros */
    for (; i < hi; i++) {
        idx[n] = (uint8_t)i;
        n += x[i] != 0;
    }
    return n;
}

double shai_score_sparse(const shai_model *m, int k, const double *x, const uint8_t *nz,
                         size_t nnz)
{
    const double *w = m->w[k] + (size_t)shai_regime(x) * SHAI_NFEAT;
    double s = m->b[k];
    size_t i;
    for (i = 0; i < nnz; i++) s += w[nz[i]] * x[nz[i]];
    return s == 0 ? shai_score(m, k, x) : s;
}
