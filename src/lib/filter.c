/*
 * filter.c — one document in, decided blocks out.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
    uint8_t *nz;            /* per block: its nonzero features, ascending */
    size_t nzcap;
    uint8_t *nnz;           /* per block: how many */
    size_t nnzcap;
    unsigned char *bp;      /* page smoothing scratch */
    size_t bpcap;
};

_Static_assert(SHAI_NFEAT <= 255, "feature indices are kept in bytes");
/* The stacked features come last, so that the nonzero features of a row
 * before stacking stay a prefix of its list after. */
_Static_assert(SHAI_F_STACK_SELF + 7 == SHAI_NFEAT, "FAM_STACK features last");

shai_filter *shai_filter_new(const shai_model *m, double threshold)
{
    shai_filter *f;
    if (!m) return NULL;
    f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->m = m;
    f->threshold = threshold;
    f->fz = shai_featurizer_new(m->lx);
    if (!f->fz) { free(f); return NULL; }
    return f;
}

void shai_filter_free(shai_filter *f)
{
    if (!f) return;
    shai_featurizer_free(f->fz);
    free(f->spans);
    free(f->blocks);
    free(f->s1);
    free(f->nz);
    free(f->nnz);
    free(f->bp);
    free(f);
}

/* Shared by shai_filter_run and training: blocks of text, featurized.
 * all_lines: every line is a block (labeled pages). */
int shai_filter_featurize(shai_filter *f, const char *text, size_t len, int all_lines,
                          size_t *nblocks)
{
    /* the blocks' own code points are counted as they are normalized */
    long n = shai_split_lines(text, len, all_lines, &f->spans, &f->spancap);
    size_t i, before = 0;
    if (n < 0) return (int)n;
    if (shai_grow((void **)&f->blocks, &f->blockcap, (size_t)n + 1, sizeof *f->blocks))
        return SHAI_ERR_NOMEM;
    f->x = shai_featurize(f->fz, text, f->spans, (size_t)n);
    if (!f->x) return SHAI_ERR_NOMEM;
    /* stage 1 scores the base features; its scores become stacked ones */
    if (shai_grow((void **)&f->s1, &f->s1cap, (size_t)n + 1, sizeof *f->s1) ||
        shai_grow((void **)&f->nz, &f->nzcap, ((size_t)n + 1) * SHAI_NFEAT, 1) ||
        shai_grow((void **)&f->nnz, &f->nnzcap, (size_t)n + 1, 1))
        return SHAI_ERR_NOMEM;
    for (i = 0; i < (size_t)n; i++) {
        const double *x = f->x + i * SHAI_NFEAT;
        uint8_t *nz = f->nz + i * SHAI_NFEAT;
        size_t k = shai_nonzero(x, 0, SHAI_F_STACK_SELF, nz);
        f->s1[i] = shai_score_sparse(f->m, SHAI_M_STAGE1, x, nz, k);
        f->nnz[i] = (uint8_t)k;
    }
    shai_stack_features((double *)f->x, (size_t)n, f->s1);
    /* the stacked features are seldom zero: all of them join the list */
    for (i = 0; i < (size_t)n; i++) {
        size_t k = f->nnz[i], j;
        for (j = SHAI_F_STACK_SELF; j < SHAI_NFEAT; j++) f->nz[i * SHAI_NFEAT + k++] = (uint8_t)j;
        f->nnz[i] = (uint8_t)k;
    }
    for (i = 0; i < (size_t)n; i++) {
        shai_block *b = &f->blocks[i];
        memset(b, 0, sizeof *b);
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

const shai_block *shai_filter_decide_all(shai_filter *f)
{
    size_t i;
    for (i = 0; i < f->nblocks; i++)
        shai_decide_sparse(f->m, f->threshold, f->x + i * SHAI_NFEAT, f->nz + i * SHAI_NFEAT,
                           f->nnz[i], &f->blocks[i]);
    if (f->m->smooth_lambda > 0) {
        if (shai_grow((void **)&f->bp, &f->bpcap, f->nblocks, 1)) return NULL;
        shai_smooth(f->blocks, f->nblocks, f->threshold, f->m->smooth_lambda, f->m->smooth_scale, f->bp);
    }
    return f->blocks;
}

int shai_filter_run(shai_filter *f, const char *text, size_t len, const shai_block **blocks,
                    size_t *nblocks)
{
    size_t n;
    int rc;
    if (!f || (!text && len) || !blocks || !nblocks) return SHAI_ERR_INVALID;
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

const double *shai_filter_features(const shai_filter *f, size_t i)
{
    if (!f || i >= f->nblocks) return NULL;
    return f->x + i * SHAI_NFEAT;
}

int shai_filter_explain(const shai_filter *f, size_t i, shai_contrib *out, size_t k)
{
    const double *x = shai_filter_features(f, i);
    size_t j, n = 0;
    int model;
    if (!x || (!out && k)) return SHAI_ERR_INVALID;
    model = f->blocks[i].keep ? SHAI_M_DROP : SHAI_M_REASON0 + f->blocks[i].label - 1;
    for (j = 0; j < SHAI_NFEAT; j++) {
        double c = f->m->w[model][(size_t)shai_regime(x) * SHAI_NFEAT + j] * x[j];
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
