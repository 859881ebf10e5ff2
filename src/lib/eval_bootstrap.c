/*
 * eval_bootstrap.c — how far the figures of an evaluation could move:
 * percentile intervals from a bootstrap over sites.
 *
 * The pages of one site share a template, so their errors go together:
 * resampling pages would count one site's ten pages as ten independent
 * draws and give intervals that are too narrow.  Sites are drawn instead
 * (the groups of the cross-validation, shai_site_key), each with all its
 * pages, as many draws as there are sites, with replacement; each
 * resample's counts give one value of every figure, and the interval is
 * the middle `level` share of those values.  With a second evaluation of
 * the same pages (another model), every resample gives the difference of
 * the two, so the interval is of the difference itself, paired page by
 * page, which is narrower than two separate intervals suggest.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The figures of shai_metrics, in struct order: precision, recall and f1
 * per label, then drop precision, recall and f1, content kept, junk left
 * and accuracy. */
#define NFIG (3 * SHAI_NLABELS + 6)

static double *figure(shai_metrics *m, int k)
{
    if (k < SHAI_NLABELS) return &m->precision[k];
    if (k < 2 * SHAI_NLABELS) return &m->recall[k - SHAI_NLABELS];
    if (k < 3 * SHAI_NLABELS) return &m->f1[k - 2 * SHAI_NLABELS];
    switch (k - 3 * SHAI_NLABELS) {
    case 0: return &m->drop_precision;
    case 1: return &m->drop_recall;
    case 2: return &m->drop_f1;
    case 3: return &m->content_kept;
    case 4: return &m->junk_left;
    default: return &m->accuracy;
    }
}

/* Which figures of ev have a denominator (def[k] for figure k):
 * shai_eval_metrics gives 0 for a ratio of nothing (the recall of a
 * label no block of the resample has), which is no measurement and must
 * not pull an interval to 0.  Precision needs a predicted block of the
 * label, recall a gold one, F1 either, the drop figures the same for any
 * junk label, content kept content characters, junk left kept
 * characters, accuracy a block. */
static void defined(const shai_eval *ev, unsigned char def[NFIG])
{
    size_t gold[SHAI_NLABELS] = {0}, pred[SHAI_NLABELS] = {0}, kept = 0, gj = 0, pj = 0;
    int g, p;
    for (g = 0; g < SHAI_NLABELS; g++)
        for (p = 0; p < SHAI_NLABELS; p++) {
            gold[g] += ev->confusion[g][p];
            pred[p] += ev->confusion[g][p];
        }
    for (g = 0; g < SHAI_NLABELS; g++) {
        kept += ev->kept_chars[g];
        if (g != SHAI_CONTENT) { gj += gold[g]; pj += pred[g]; }
        def[g] = pred[g] > 0;
        def[SHAI_NLABELS + g] = gold[g] > 0;
        def[2 * SHAI_NLABELS + g] = gold[g] + pred[g] > 0;
    }
    def[3 * SHAI_NLABELS + 0] = pj > 0;
    def[3 * SHAI_NLABELS + 1] = gj > 0;
    def[3 * SHAI_NLABELS + 2] = gj + pj > 0;
    def[3 * SHAI_NLABELS + 3] = ev->gold_chars[SHAI_CONTENT] > 0;
    def[3 * SHAI_NLABELS + 4] = kept > 0;
    def[3 * SHAI_NLABELS + 5] = ev->blocks > 0;
}

/* splitmix64: a small generator of our own, so that the same seed gives
 * the same intervals on every platform. */
static uint64_t next_random(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* A uniform index below n (n < 2^32): the top 32 bits scaled. */
static size_t random_below(uint64_t *s, size_t n)
{
    return (size_t)(((next_random(s) >> 32) * (uint64_t)n) >> 32);
}

void shai_eval_metrics_defined(const shai_eval *ev, shai_metrics *out)
{
    unsigned char def[NFIG];
    int k;
    shai_eval_metrics(ev, out);
    defined(ev, def);
    for (k = 0; k < NFIG; k++)
        if (!def[k]) *figure(out, k) = NAN;
}

typedef struct sitepage { uint64_t key; size_t page; } sitepage;

static int cmp_sitepage(const void *a, const void *b)
{
    const sitepage *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->page < y->page ? -1 : x->page > y->page;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The q-quantile of the n sorted values v (linear between ranks). */
static double quantile(const double *v, size_t n, double q)
{
    double h = q * (double)(n - 1);
    size_t i = (size_t)h;
    if (i + 1 >= n) return v[n - 1];
    return v[i] + (h - (double)i) * (v[i + 1] - v[i]);
}

int shai_eval_bootstrap(const shai_corpus *c, const shai_eval *page_ev, const shai_eval *base_ev,
                        unsigned reps, uint64_t seed, double level, shai_metrics *lo, shai_metrics *hi,
                        size_t *sites)
{
    size_t n, np = 0, ns = 0, i, r, cnt[NFIG];
    sitepage *sp = NULL;
    shai_eval *sa = NULL, *sb = NULL;
    double *vals = NULL;
    uint64_t state = seed;
    const size_t maxreps = SIZE_MAX / NFIG / sizeof *vals;   /* a 32-bit size_t's limit */
    int k, rc = SHAI_OK;
    if (!c || !page_ev || !lo || !hi || reps < 2 || !(level > 0 && level < 1)) return SHAI_ERR_INVALID;
    n = c->n;
    /* the pages scored (on either side), grouped by site */
    sp = malloc((n ? n : 1) * sizeof *sp);
    if (!sp) return SHAI_ERR_NOMEM;
    for (i = 0; i < n; i++)
        if (page_ev[i].blocks || (base_ev && base_ev[i].blocks)) {
            sp[np].key = shai_site_key(c->pages[i].id, c->pages[i].url);
            sp[np++].page = i;
        }
    if (!np) { free(sp); return SHAI_ERR_INVALID; }
    if (np > UINT32_MAX || (size_t)reps > maxreps) { free(sp); return SHAI_ERR_TOOBIG; }
    qsort(sp, np, sizeof *sp, cmp_sitepage);
    sa = calloc(np, sizeof *sa);
    sb = calloc(np, sizeof *sb);
    vals = malloc((size_t)reps * NFIG * sizeof *vals);
    if (!sa || !sb || !vals) { rc = SHAI_ERR_NOMEM; goto out; }
    for (i = 0; i < np; i++) {
        if (i > 0 && sp[i].key != sp[i - 1].key) ns++;
        shai_eval_add(&sa[ns], &page_ev[sp[i].page]);
        if (base_ev) shai_eval_add(&sb[ns], &base_ev[sp[i].page]);
    }
    ns++;
    memset(cnt, 0, sizeof cnt);
    for (r = 0; r < reps; r++) {
        shai_eval a, b;
        shai_metrics ma, mb;
        memset(&a, 0, sizeof a);
        memset(&b, 0, sizeof b);
        for (i = 0; i < ns; i++) {
            size_t s = random_below(&state, ns);
            shai_eval_add(&a, &sa[s]);
            if (base_ev) shai_eval_add(&b, &sb[s]);
        }
        shai_eval_metrics_defined(&a, &ma);
        if (base_ev) shai_eval_metrics_defined(&b, &mb);
        for (k = 0; k < NFIG; k++) {
            double d = *figure(&ma, k) - (base_ev ? *figure(&mb, k) : 0.0);
            if (!isnan(d)) vals[(size_t)k * reps + cnt[k]++] = d;
        }
    }
    for (k = 0; k < NFIG; k++) {
        double *v = vals + (size_t)k * reps;
        /* a figure most resamples leave undefined has no interval worth
         * the name (a site is drawn into 63% of the resamples or more, so
         * this takes a label the two models of base_ev predict on
         * different sites, or very few resamples) */
        if (2 * cnt[k] < reps) { *figure(lo, k) = *figure(hi, k) = NAN; continue; }
        qsort(v, cnt[k], sizeof *v, cmp_double);
        *figure(lo, k) = quantile(v, cnt[k], (1.0 - level) / 2);
        *figure(hi, k) = quantile(v, cnt[k], 1.0 - (1.0 - level) / 2);
    }
    if (sites) *sites = ns;
out:
    free(sp); free(sa); free(sb); free(vals);
    return rc;
}
