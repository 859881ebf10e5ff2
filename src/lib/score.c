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
 * sums (filter.c) then redo the dense one.
 */
#include "internal.h"

#include <string.h>

#if SHAI_SIMD
#include <emmintrin.h>
#include <stdatomic.h>
#include <threads.h>
#endif

int shai_regime(const double *x)
{
    /* bitwise, not ||: the length buckets follow no pattern to predict */
    return !((x[SHAI_F_LEN_B1] != 0) | (x[SHAI_F_LEN_B2] != 0) | (x[SHAI_F_LEN_B3] != 0));
}

double shai_score(const shai_model *m, int k, const double *x)
{
    const double *w = m->w[k] + (size_t)shai_regime(x) * SHAI_NFEAT;
    double s = m->b[k];
    size_t i;
    for (i = 0; i < SHAI_NFEAT; i++) s += w[i] * x[i];
    return s;
}

#if SHAI_SIMD
/* For each 8-bit mask: the positions of its set bits, ascending, in the
 * first bytes, and how many there are.  Filled once. */
static uint8_t nz_pos[256][8], nz_count[256];
static once_flag nz_once = ONCE_FLAG_INIT;
static atomic_int nz_ready;     /* set once the tables are filled: the
                                   check per row is then one load */

static void fill_nz(void)
{
    unsigned m, b;
    for (m = 0; m < 256; m++)
        for (b = 0; b < 8; b++)
            if (m >> b & 1) nz_pos[m][nz_count[m]++] = (uint8_t)b;
    atomic_store_explicit(&nz_ready, 1, memory_order_release);
}
#endif

#if SHAI_SIMD
/* Bit b set when p[b] != 0, for b < 8. */
static inline unsigned mask8(const double *p)
{
    const __m128d zero = _mm_setzero_pd();
    return (unsigned)_mm_movemask_pd(_mm_cmpneq_pd(_mm_loadu_pd(p), zero)) |
           (unsigned)_mm_movemask_pd(_mm_cmpneq_pd(_mm_loadu_pd(p + 2), zero)) << 2 |
           (unsigned)_mm_movemask_pd(_mm_cmpneq_pd(_mm_loadu_pd(p + 4), zero)) << 4 |
           (unsigned)_mm_movemask_pd(_mm_cmpneq_pd(_mm_loadu_pd(p + 6), zero)) << 6;
}
#endif

size_t shai_nonzero(const double *x, size_t lo, size_t hi, uint8_t *idx)
{
    size_t i = lo, n = 0;
#if SHAI_SIMD
    /* eight at a time: an 8-bit mask of the nonzero ones, then their
     * indices from the table, all eight bytes stored at once (the ones
     * past the count are overwritten later or lie within idx[0 .. hi -
     * lo), as n <= i - lo); the last few (when hi - lo is no multiple
     * of 8) through a copy padded with zeros, only as many bytes stored */
    if (!atomic_load_explicit(&nz_ready, memory_order_acquire)) call_once(&nz_once, fill_nz);
    for (; hi - i >= 8; i += 8) {
        unsigned m = mask8(x + i);
        uint64_t pos;
        memcpy(&pos, nz_pos[m], 8);
        pos += (uint64_t)i * 0x0101010101010101ULL;   /* i + 7 < 256: no carries */
        memcpy(idx + n, &pos, 8);
        n += nz_count[m];
    }
    if (i < hi) {
        double pad[8] = {0};
        unsigned m;
        uint64_t pos;
        memcpy(pad, x + i, (hi - i) * sizeof *x);
        m = mask8(pad);
        memcpy(&pos, nz_pos[m], 8);
        pos += (uint64_t)i * 0x0101010101010101ULL;
        memcpy(idx + n, &pos, hi - i);
        n += nz_count[m];
    }
#else
    /* branch-free: every index is stored, the count moves on nonzeros */
    for (; i < hi; i++) {
        idx[n] = (uint8_t)i;
        n += x[i] != 0;
    }
#endif
    return n;
}
