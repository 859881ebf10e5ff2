/*
 * dataset.c — labeled pages -> feature vectors: the rows training and
 * cross-validation fit and score (train.c), their page groups and folds,
 * and the sparse libsvm rows (each value times its feature's prior
 * scale, shai_feature_prior).
 */
#include "internal.h"
#include "train.h"
#include "featurizer.h"   /* shai_sort_u64 */
#include "report.h"

#include <libsvm/svm.h>
#include <stdlib.h>
#include <string.h>

/* Length of a page id up to its first '~' (synthetic variants "<id>~g1"). */
static size_t group_len(const char *id)
{
    const char *t = strchr(id, '~');
    return t ? (size_t)(t - id) : strlen(id);
}

/* A page's CV group is its site: the host of its URL, a leading "www."
 * dropped, so that two pages of one forum or portal, which share their
 * chrome, never fall on both sides of a split.  A page without a usable
 * URL is a group of its own: its id up to the first '~'.  Synthetic
 * variants keep their origin's id prefix and URL, so they follow it. */
static uint64_t site_hash(const char *id, const char *url, uint64_t h)
{
    char host[SHAI_HOST_MAX + 1];
    size_t n = 0;
    if (url && *url) n = shai_url_host(url, strlen(url), host);
    if (n && host[0] != '(') {             /* not "(no url)" nor "(invalid url)" */
        const char *k = host;
        if (n > 4 && !memcmp(host, "www.", 4)) { k += 4; n -= 4; }
        h = shai_fnv1a64("@", 1, h);        /* a host never equals an id */
        return shai_fnv1a64(k, n, h);
    }
    return shai_fnv1a64(id, group_len(id), h);
}

int shai_fold_of(const char *id, const char *url, int folds, unsigned seed)
{
    uint64_t h;
    if (folds <= 1 || !id) return 0;
    h = site_hash(id, url, shai_fnv1a64(&seed, sizeof seed, SHAI_FNV_INIT));
    h ^= h >> 33; h *= 0xff51afd7ed558ccdULL; h ^= h >> 33;
    return (int)(h % (uint64_t)folds);
}

uint64_t shai_site_key(const char *id, const char *url)
{
    return id ? site_hash(id, url, SHAI_FNV_INIT) : 0;
}

/* Whether cross-validation scores page p: neither --train-also nor a
 * synthetic variant ("<id>~..."). */
static int cv_scored(const shai_page *p)
{
    return !p->train_only && !strchr(p->id, '~');
}

/* The site keys of the pages cross-validation scores, one per page,
 * sorted, in a new array the caller frees; *n of them.  NULL when out of
 * memory. */
static uint64_t *scored_site_keys(const shai_corpus *c, size_t *n)
{
    uint64_t *k = malloc((c->n + 1) * sizeof *k);
    size_t p;
    *n = 0;
    if (!k) return NULL;
    for (p = 0; p < c->n; p++)
        if (cv_scored(&c->pages[p])) k[(*n)++] = shai_site_key(c->pages[p].id, c->pages[p].url);
    shai_sort_u64(k, *n);
    return k;
}

/* Whether key is in keys[0..n), sorted. */
static int has_key(const uint64_t *keys, size_t n, uint64_t key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (keys[mid] < key) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && keys[lo] == key;
}

size_t shai_scored_sites(const shai_corpus *c)
{
    size_t p, n, sites = 0;
    uint64_t *k = scored_site_keys(c, &n);
    if (!k) return 0;
    for (p = 0; p < n; p++) sites += !p || k[p] != k[p - 1];
    free(k);
    return sites;
}

/* A page that is not scored (--train-also) is in no fold and trains in
 * all of them, unless it shares a site with a scored page: then it takes
 * that site's fold, out of whose training it stays, lest a tested site's
 * pages (or copies of them) be trained on. */
int shai_page_folds(const shai_corpus *c, int folds, unsigned seed, int *fop, size_t *shared)
{
    size_t nkeys, p;
    uint64_t *keys = scored_site_keys(c, &nkeys);
    if (!keys) return SHAI_ERR_NOMEM;
    *shared = 0;
    for (p = 0; p < c->n; p++) {
        const shai_page *pg = &c->pages[p];
        fop[p] = shai_fold_of(pg->id, pg->url, folds, seed);
        if (pg->train_only) {
            if (has_key(keys, nkeys, shai_site_key(pg->id, pg->url))) (*shared)++;
            else fop[p] = -1;
        }
    }
    free(keys);
    return SHAI_OK;
}

void shai_dataset_free(shai_dataset *d)
{
    if (!d) return;
    free(d->X); free(d->label); free(d->chars); free(d->page); free(d->line); free(d->places); free(d->real);
    free(d->first); free(d->base_nodes); free(d->base_rows); free(d->full_nodes); free(d->full_rows);
    free(d);
}

/* The spam lexicon features (FAM_SPAM) are decisive but rare: a porn
 * keyword string, or a porn title among others, has few other marks.  With
 * the small C that serves pages of new sites best (train.c), their weights
 * shrank with the rest and spam lines of spam pages were kept: grouped
 * 5-fold CV, fold seed 1, C = 0.1: adult_spam blocks kept 60 of 819 at
 * scale 1 and 37 at SHAI_SPAM_PRIOR = 4 (37 with the C = 1 / 3 model
 * before), content kept 0.8919 and 0.9014, junk left 0.1115 and 0.0957.
 * The weak vocabulary carries much of it: with the five strong-lexicon
 * features scaled alone, 53 kept (training/HISTORY.md). */
double shai_feature_prior(size_t id)
{
    return shai_feature_family(id) == FAM_SPAM ? SHAI_SPAM_PRIOR : 1.0;
}

int shai_dataset_nodes(const shai_dataset *d, unsigned skip, struct svm_node **nodes, struct svm_node ***rows)
{
    size_t i, j, k = 0, nnz = 0;
    free(*nodes);
    free(*rows);
    for (i = 0; i < d->n * SHAI_NFEAT; i++)
        nnz += d->X[i] != 0 && !(skip & SHAI_FAMBIT(shai_feature_family(i % SHAI_NFEAT)));
    *nodes = malloc((nnz + d->n + 1) * sizeof **nodes);
    *rows = malloc((d->n + 1) * sizeof **rows);
    if (!*nodes || !*rows) return SHAI_ERR_NOMEM;
    for (i = 0; i < d->n; i++) {
        size_t off = (size_t)shai_regime(d->X + i * SHAI_NFEAT) * SHAI_NFEAT;
        (*rows)[i] = &(*nodes)[k];
        for (j = 0; j < SHAI_NFEAT; j++) {
            double v = d->X[i * SHAI_NFEAT + j];
            if (v == 0 || (skip & SHAI_FAMBIT(shai_feature_family(j)))) continue;
            (*nodes)[k].index = (int)(off + j) + 1;
            (*nodes)[k].value = v * shai_feature_prior(j);
            k++;
        }
        (*nodes)[k].index = -1;
        (*nodes)[k].value = 0;
        k++;
    }
    return SHAI_OK;
}

shai_dataset *shai_dataset_build(const shai_corpus *c, const shai_model *m, shai_status *st)
{
    shai_dataset *d = calloc(1, sizeof *d);
    shai_filter *f = shai_filter_new(m, 0);
    size_t total = 0, i, j;
    if (!d || !f) goto nomem;
    for (i = 0; i < c->n; i++) total += c->pages[i].nlines;
    d->X = calloc((total ? total : 1) * SHAI_NFEAT, sizeof *d->X);
    d->label = malloc((total + 1) * sizeof *d->label);
    d->chars = malloc((total + 1) * sizeof *d->chars);
    d->page = malloc((total + 1) * sizeof *d->page);
    d->line = malloc((total + 1) * sizeof *d->line);
    d->places = malloc((total + 1) * sizeof *d->places);
    d->real = malloc(c->n + 1);
    d->first = malloc((c->n + 1) * sizeof *d->first);
    if (!d->X || !d->label || !d->chars || !d->page || !d->line || !d->places || !d->real || !d->first)
        goto nomem;
    d->npages = c->n;
    for (i = 0; i < c->n; i++) {
        const shai_page *p = &c->pages[i];
        size_t nb;
        int rc = shai_filter_featurize(f, p->text, p->text_len, 1, &nb);
        if (rc) { shai_fail(st, rc, "page '%s': %s", p->id, shai_strerror(rc)); goto fail; }
        if (nb != p->nlines) {
            shai_fail(st, SHAI_ERR_FORMAT, "page '%s': %zu blocks for %zu labels", p->id, nb, p->nlines);
            goto fail;
        }
        d->first[i] = d->n;
        d->real[i] = (char)cv_scored(p);
        for (j = 0; j < nb; j++) {
            const shai_block *b = shai_filter_block(f, j);
            memcpy(d->X + d->n * SHAI_NFEAT, shai_filter_features(f, j), SHAI_NFEAT * sizeof *d->X);
            d->label[d->n] = p->labels[j];
            d->chars[d->n] = b->chars;
            d->page[d->n] = i;
            d->line[d->n] = j + 1;
            d->places[d->n] = shai_filter_places(f, j);
            d->n++;
        }
    }
    d->first[c->n] = d->n;
    /* the stacked features are filled per fit; base rows (without them and
     * without the reasons' own evidence, FAM_WHY) never change */
    for (i = 0; i < d->n * SHAI_NFEAT; i++)
        if (shai_feature_family(i % SHAI_NFEAT) == FAM_STACK) d->X[i] = 0;
    if (shai_dataset_nodes(d, SHAI_FAMBIT(FAM_STACK) | SHAI_FAMBIT(FAM_WHY), &d->base_nodes, &d->base_rows)) goto nomem;
    shai_filter_free(f);
    return d;
nomem:
    shai_fail(st, SHAI_ERR_NOMEM, "out of memory");
fail:
    shai_filter_free(f);
    shai_dataset_free(d);
    return NULL;
}

void shai_dataset_stack_page(shai_dataset *d, size_t p, const double *w, double b, double *s1)
{
    size_t r, n = d->first[p + 1] - d->first[p], j;
    for (r = 0; r < n; r++) {
        const double *x = d->X + (d->first[p] + r) * SHAI_NFEAT;
        const double *wr = w + (size_t)shai_regime(x) * SHAI_NFEAT;
        double s = b;
        for (j = 0; j < SHAI_NFEAT; j++)
            if (shai_feature_family(j) != FAM_STACK) s += wr[j] * x[j];
        s1[r] = s;
    }
    shai_stack_features(d->X + d->first[p] * SHAI_NFEAT, n, s1);
}
