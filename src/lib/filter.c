/*
 * filter.c — one document in, decided blocks out.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#if SHAI_SIMD
#include <emmintrin.h>
#endif

struct shai_filter {
    const shai_model *m;
    double threshold;
    shai_featurizer *fz;
    shai_span *spans;
    size_t spancap;
    shai_block *blocks;
    size_t blockcap, nblocks;
    const double *x;
    double *s1;             /* stage-1 scores of the blocks */
    size_t s1cap;
    double *part;           /* per block: the drop and reason sums over the
                               features before stacking (score_base) */
    size_t partcap;
    unsigned char *bp;      /* page smoothing scratch */
    size_t bpcap;
    double *wmix;           /* the six models' weights side by side per
                               feature, for score_base: entry (r *
                               SHAI_NFEAT + j) * SHAI_NMODELS + k is
                               m->w[k][r * SHAI_NFEAT + j] */
};

_Static_assert(SHAI_NFEAT <= 255, "feature indices are kept in bytes");
/* The stacked features come last: the sums over the features before
 * them are partial sums of the decision scores (score_base). */
_Static_assert(SHAI_F_STACK_SELF + 7 == SHAI_NFEAT, "FAM_STACK features last");
_Static_assert(SHAI_NLABELS == 5 && SHAI_M_REASON0 == SHAI_M_DROP + 1,
               "a drop score and four reason scores per block, models side by side");
_Static_assert(SHAI_M_STAGE1 == 0 && SHAI_M_DROP == 1 && SHAI_NMODELS == 6,
               "score_base: stage 1, then the drop and reason models");

shai_filter *shai_filter_new(const shai_model *m, double threshold)
{
    shai_filter *f;
    size_t j, k;
    if (!m || !isfinite(threshold)) return NULL;
    f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->m = m;
    f->threshold = threshold;
    f->fz = shai_featurizer_new(m->lx);
    f->wmix = malloc(SHAI_NW * SHAI_NMODELS * sizeof *f->wmix);
    if (!f->fz || !f->wmix) { shai_filter_free(f); return NULL; }
    for (j = 0; j < SHAI_NW; j++)
        for (k = 0; k < SHAI_NMODELS; k++) f->wmix[j * SHAI_NMODELS + k] = m->w[k][j];
    return f;
}

void shai_filter_free(shai_filter *f)
{
    if (!f) return;
    shai_featurizer_free(f->fz);
    free(f->spans);
    free(f->blocks);
    free(f->s1);
    free(f->part);
    free(f->bp);
    free(f->wmix);
    free(f);
}

/* Scoring, in two steps around stacking.  A linear score is the sum
 * b + w[0] * x[0] + w[1] * x[1] + ... in this order (shai_score).  The
 * filter adds only the terms of the nonzero features, which gives the
 * same double (score.c); and as the stacked features come last, the
 * decision scores' sums over the features before them can be taken
 * before stacking, in the same pass as stage 1's sum (score_base), and
 * finished with the stacked terms afterwards (decide_stacked). */

/* Stage 1's score of row x (*s1) and the drop and reason models' sums
 * over its features before stacking (part[0 .. 5)): one pass over the
 * row's nonzero features, six sums side by side, each adding its terms
 * in ascending order of the features.  Their weights lie side by side
 * too (f->wmix): with SSE2, two sums per instruction, in the two lanes
 * of a register (the same doubles: each lane rounds as the scalar
 * operation does). */
static void score_base(const shai_filter *f, const double *x, double *s1, double part[5])
{
    uint8_t nz[SHAI_F_STACK_SELF + 8];
    const double *wm = f->wmix + (size_t)shai_regime(x) * SHAI_NFEAT * SHAI_NMODELS;
    double s[SHAI_NMODELS];
    size_t k = shai_nonzero(x, 0, SHAI_F_STACK_SELF, nz), i, q;
#if SHAI_SIMD
    __m128d s01 = _mm_loadu_pd(f->m->b), s23 = _mm_loadu_pd(f->m->b + 2),
            s45 = _mm_loadu_pd(f->m->b + 4);
    for (i = 0; i < k; i++) {
        const double *w = wm + (size_t)nz[i] * SHAI_NMODELS;
        const __m128d v = _mm_set1_pd(x[nz[i]]);
        s01 = _mm_add_pd(s01, _mm_mul_pd(_mm_loadu_pd(w), v));
        s23 = _mm_add_pd(s23, _mm_mul_pd(_mm_loadu_pd(w + 2), v));
        s45 = _mm_add_pd(s45, _mm_mul_pd(_mm_loadu_pd(w + 4), v));
    }
    _mm_storeu_pd(s, s01);
    _mm_storeu_pd(s + 2, s23);
    _mm_storeu_pd(s + 4, s45);
#else
    for (q = 0; q < SHAI_NMODELS; q++) s[q] = f->m->b[q];
    for (i = 0; i < k; i++) {
        const double *w = wm + (size_t)nz[i] * SHAI_NMODELS;
        const double v = x[nz[i]];
        for (q = 0; q < SHAI_NMODELS; q++) s[q] += w[q] * v;
    }
#endif
    /* a total of zero may differ from the dense sum's in its sign */
    *s1 = s[SHAI_M_STAGE1] == 0 ? shai_score(f->m, SHAI_M_STAGE1, x) : s[SHAI_M_STAGE1];
    for (q = 0; q < 5; q++) part[q] = s[SHAI_M_DROP + q];
}

/* Decides the block of row x, now stacked, from the sums score_base
 * left in part: each goes on with the terms of the stacked features
 * (seldom zero, all of them added) in order. */
static void decide_stacked(const shai_model *m, double threshold, const double *x,
                           const double part[5], shai_block *blk)
{
    const size_t off = (size_t)shai_regime(x) * SHAI_NFEAT;
    double s[5];
    int k;
    size_t j;
    for (k = 0; k < 5; k++) {
        const double *w = m->w[SHAI_M_DROP + k] + off;
        double t = part[k];
        for (j = SHAI_F_STACK_SELF; j < SHAI_NFEAT; j++) t += w[j] * x[j];
        s[k] = t == 0 ? shai_score(m, SHAI_M_DROP + k, x) : t;   /* see score_base */
    }
    shai_decide_scores(blk, s, threshold);
}

/* Shared by shai_filter_run and training: blocks of text, featurized.
 * all_lines: every line is a block (labeled pages). */
int shai_filter_featurize(shai_filter *f, const char *text, size_t len, int all_lines,
                          size_t *nblocks)
{
    /* the blocks' own code points are counted as they are normalized */
    long n;
    size_t i, before = 0;
    int rc = SHAI_OK;
    f->nblocks = 0;   /* a failed run leaves no blocks behind */
    n = shai_split_lines(text, len, all_lines, &f->spans, &f->spancap);
    if (n < 0) rc = (int)n;
    else if (!all_lines && (size_t)n > SHAI_MAX_DOC_LINES) rc = SHAI_ERR_TOOBIG;
    else if (shai_grow((void **)&f->blocks, &f->blockcap, (size_t)n + 1, sizeof *f->blocks))
        rc = SHAI_ERR_NOMEM;
    if (rc) {
        /* a title given for this page serves no other (shai_featurize
         * drops it itself once it runs) */
        shai_featurizer_title(f->fz, NULL, 0);
        return rc;
    }
    f->x = shai_featurize(f->fz, text, f->spans, (size_t)n);
    if (!f->x) return SHAI_ERR_NOMEM;
    /* stage 1 scores the base features; its scores become stacked ones */
    if (shai_grow((void **)&f->s1, &f->s1cap, (size_t)n + 1, sizeof *f->s1) ||
        shai_grow((void **)&f->part, &f->partcap, ((size_t)n + 1) * 5, sizeof *f->part))
        return SHAI_ERR_NOMEM;
    for (i = 0; i < (size_t)n; i++)
        score_base(f, f->x + i * SHAI_NFEAT, &f->s1[i], f->part + i * 5);
    shai_stack_features((double *)f->x, (size_t)n, f->s1);
    for (i = 0; i < (size_t)n; i++) {
        shai_block *b = &f->blocks[i];
        shai_zero_small(b, sizeof *b);
        b->off = f->spans[i].off;
        b->len = f->spans[i].len;
        b->line = f->spans[i].line;
        b->chars = shai_featurize_chars(f->fz, i);
        b->char_off = f->spans[i].char_off + before;
        before += b->chars;
    }
    f->nblocks = (size_t)n;
    *nblocks = (size_t)n;
    return SHAI_OK;
}

void shai_filter_forget(shai_filter *f) { f->nblocks = 0; }

const shai_block *shai_filter_decide_all(shai_filter *f)
{
    size_t i;
    for (i = 0; i < f->nblocks; i++)
        decide_stacked(f->m, f->threshold, f->x + i * SHAI_NFEAT, f->part + i * 5, &f->blocks[i]);
    if (f->m->smooth_lambda > 0) {
        if (shai_grow((void **)&f->bp, &f->bpcap, f->nblocks, 1)) { f->nblocks = 0; return NULL; }
        shai_smooth(f->blocks, f->nblocks, f->threshold, f->m->smooth_lambda, f->m->smooth_scale, f->bp);
    }
    shai_gate_reasons(f->blocks, f->nblocks, f->x, shai_featurize_places(f->fz));
    return f->blocks;
}

int shai_filter_run(shai_filter *f, const char *text, size_t len, const shai_block **blocks,
                    size_t *nblocks)
{
    return shai_filter_run_titled(f, text, len, NULL, 0, blocks, nblocks);
}

int shai_filter_run_titled(shai_filter *f, const char *text, size_t len, const char *title,
                           size_t tlen, const shai_block **blocks, size_t *nblocks)
{
    size_t n = 0;
    int rc;
    if (!f || (!text && len) || (!title && tlen) || !blocks || !nblocks) return SHAI_ERR_INVALID;
    f->nblocks = 0;
    if (len > SHAI_MAX_LINE) return SHAI_ERR_TOOBIG;
    if ((rc = shai_featurizer_title(f->fz, title, tlen))) return rc;
    if ((rc = shai_filter_featurize(f, text ? text : "", len, 0, &n))) return rc;
    if (!(*blocks = shai_filter_decide_all(f))) return SHAI_ERR_NOMEM;
    *nblocks = n;
    return SHAI_OK;
}

const shai_block *shai_filter_blocks(const shai_filter *f, size_t *n)
{
    if (n) *n = f ? f->nblocks : 0;
    return f ? f->blocks : NULL;
}

const shai_block *shai_filter_block(const shai_filter *f, size_t i)
{
    return f && i < f->nblocks ? &f->blocks[i] : NULL;
}

uint64_t shai_filter_places(const shai_filter *f, size_t i)
{
    return f && i < f->nblocks ? shai_featurize_places(f->fz)[i] : SHAI_PLACES_NONE;
}

const double *shai_filter_features(const shai_filter *f, size_t i)
{
    if (!f || i >= f->nblocks) return NULL;
    return f->x + i * SHAI_NFEAT;
}

/* Top-k contributions of block i's features to the score of model
 * (shai_filter_explain and shai_filter_explain_label). */
static int explain_model(const shai_filter *f, size_t i, int model, shai_contrib *out, size_t k)
{
    const double *x = shai_filter_features(f, i);
    const double *w;
    size_t j, n = 0;
    if (!x || (!out && k)) return SHAI_ERR_INVALID;
    w = f->m->w[model] + (size_t)shai_regime(x) * SHAI_NFEAT;
    for (j = 0; j < SHAI_NFEAT && k; j++) {
        double c = w[j] * x[j];
        size_t p;
        if (c == 0) continue;
        /* insertion into the top-k by |contrib| */
        if (n < k) n++;
        else if (fabs(c) <= fabs(out[n - 1].contrib)) continue;
        for (p = n - 1; p > 0 && fabs(out[p - 1].contrib) < fabs(c); p--) out[p] = out[p - 1];
        out[p].feature = j;
        out[p].value = x[j];
        out[p].contrib = c;
    }
    return (int)n;
}

int shai_filter_explain(const shai_filter *f, size_t i, shai_contrib *out, size_t k)
{
    if (!f || i >= f->nblocks) return SHAI_ERR_INVALID;
    return explain_model(f, i, SHAI_M_DROP, out, k);
}

int shai_filter_explain_label(const shai_filter *f, size_t i, shai_contrib *out, size_t k)
{
    const shai_block *b = shai_filter_block(f, i);
    if (!b || (!out && k)) return SHAI_ERR_INVALID;
    if (b->keep || b->label == SHAI_CONTENT) return 0;
    return explain_model(f, i, SHAI_M_REASON0 + b->label - 1, out, k);
}
