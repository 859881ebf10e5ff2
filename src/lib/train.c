/*
 * train.c — labeled pages -> feature vectors -> libsvm -> exported weights.
 *
 * The only file that includes <svm.h>.  Each linear model is a C-SVC with
 * a linear kernel; after training, the support vectors collapse into one
 * weight vector, w = sum_i (alpha_i y_i) x_i, and bias b = -rho, so that
 * scoring is a dot product (w.x + b equals svm_predict_values).
 *
 * Models: "drop" (content vs. everything else) on all blocks; then one
 * one-vs-rest reason model per junk label, trained on junk blocks only.
 * C and the class weight of content blocks are chosen by cross-validation
 * grouped by page, on a small grid, to maximise block drop F1 while
 * keeping at least 98% of content characters.
 */
#include "internal.h"
#include "train.h"

#include <libsvm/svm.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEEP_FLOOR 0.98   /* share of content characters a config must keep */

static void quiet(const char *s) { (void)s; }

void shai_train_opts_default(shai_train_opts *o)
{
    memset(o, 0, sizeof *o);
    o->lexicon_dir = "models";
    o->c = 0;
    o->keep_weight = 0;
    o->cv_folds = 5;
    o->seed = 1;
}

/* Group of a page id: up to the first '~'. */
static size_t group_len(const char *id)
{
    const char *t = strchr(id, '~');
    return t ? (size_t)(t - id) : strlen(id);
}

int shai_fold_of(const char *id, int folds, unsigned seed)
{
    uint64_t h = shai_fnv1a64(&seed, sizeof seed, SHAI_FNV_INIT);
    if (folds <= 1) return 0;
    h = shai_fnv1a64(id, group_len(id), h);
    h ^= h >> 33; h *= 0xff51afd7ed558ccdULL; h ^= h >> 33;
    return (int)(h % (uint64_t)folds);
}

void shai_dataset_free(shai_dataset *d)
{
    if (!d) return;
    free(d->X); free(d->label); free(d->chars); free(d->page); free(d->line); free(d->real);
    free(d->nodes); free(d->rows);
    free(d);
}

shai_dataset *shai_dataset_build(const shai_corpus *c, const shai_model *m, shai_status *st)
{
    shai_dataset *d = calloc(1, sizeof *d);
    shai_filter *f = shai_filter_new(m, 0);
    size_t cap = 0, capl = 0, capc = 0, capp = 0, capr = 0, capn = 0, i, j, k, nnz = 0;
    if (!d || !f) goto nomem;
    for (i = 0; i < c->n; i++) {
        const shai_page *p = &c->pages[i];
        size_t nb;
        int rc = shai_filter_featurize(f, p->text, p->text_len, 1, &nb);
        if (rc) { shai_fail(st, rc, "page '%s': %s", p->id, shai_strerror(rc)); goto fail; }
        if (nb != p->nlines) { shai_fail(st, SHAI_ERR_FORMAT, "page '%s': %zu blocks for %zu labels", p->id, nb, p->nlines); goto fail; }
        for (j = 0; j < nb; j++) {
            const double *x = shai_filter_features(f, j);
            if (p->labels[j] < 0) continue;
            if (shai_grow((void **)&d->X, &cap, (d->n + 1) * SHAI_NFEAT, sizeof *d->X) ||
                shai_grow((void **)&d->label, &capl, d->n + 1, sizeof *d->label) ||
                shai_grow((void **)&d->chars, &capc, d->n + 1, sizeof *d->chars) ||
                shai_grow((void **)&d->page, &capp, d->n + 1, sizeof *d->page) ||
                shai_grow((void **)&d->real, &capr, d->n + 1, sizeof *d->real) ||
                shai_grow((void **)&d->line, &capn, d->n + 1, sizeof *d->line))
                goto nomem;
            memcpy(d->X + d->n * SHAI_NFEAT, x, SHAI_NFEAT * sizeof *x);
            d->label[d->n] = p->labels[j];
            d->chars[d->n] = shai_utf8_count(p->text + 0, 0) + 0;
            d->page[d->n] = i;
            d->line[d->n] = j + 1;
            d->real[d->n] = strchr(p->id, '~') == NULL;
            d->n++;
        }
        /* characters per block, from the featurize spans */
        {
            size_t base = d->n;
            const char *t = p->text;
            size_t pos = 0, line = 0;
            size_t scored = 0;
            for (j = 0; j < nb; j++) if (p->labels[j] >= 0) scored++;
            base -= scored;
            for (j = 0; j < nb; j++) {
                const char *nl = memchr(t + pos, '\n', p->text_len - pos);
                size_t len = nl ? (size_t)(nl - t - pos) : p->text_len - pos;
                if (p->labels[j] >= 0) d->chars[base + line++] = shai_utf8_count(t + pos, len);
                pos += len + 1;
            }
        }
    }
    /* sparse libsvm rows */
    for (i = 0; i < d->n * SHAI_NFEAT; i++) nnz += d->X[i] != 0;
    d->nodes = malloc((nnz + d->n) * sizeof *d->nodes);
    d->rows = malloc((d->n ? d->n : 1) * sizeof *d->rows);
    if (!d->nodes || !d->rows) goto nomem;
    for (i = 0, k = 0; i < d->n; i++) {
        d->rows[i] = &d->nodes[k];
        for (j = 0; j < SHAI_NFEAT; j++) {
            double v = d->X[i * SHAI_NFEAT + j];
            if (v == 0) continue;
            d->nodes[k].index = (int)j + 1;
            d->nodes[k].value = v;
            k++;
        }
        d->nodes[k].index = -1;
        d->nodes[k].value = 0;
        k++;
    }
    shai_filter_free(f);
    return d;
nomem:
    shai_fail(st, SHAI_ERR_NOMEM, "out of memory");
fail:
    shai_filter_free(f);
    shai_dataset_free(d);
    return NULL;
}

void shai_svm_export(const struct svm_model *sm, double *w, double *b)
{
    int i, sign = sm->label[0] == 1 ? 1 : -1;
    memset(w, 0, SHAI_NFEAT * sizeof *w);
    for (i = 0; i < sm->l; i++) {
        const struct svm_node *x;
        for (x = sm->SV[i]; x->index != -1; x++)
            if (x->index >= 1 && x->index <= SHAI_NFEAT) w[x->index - 1] += sign * sm->sv_coef[0][i] * x->value;
    }
    *b = -sign * sm->rho[0];
}

struct svm_model *shai_svm_fit(const shai_dataset *d, const size_t *rows, size_t n, const int *y,
                               double C, double wpos, double wneg, struct svm_problem *prob)
{
    struct svm_parameter par;
    static int wl[2] = {1, -1};
    double ww[2];
    size_t i;
    const char *err;
    memset(&par, 0, sizeof par);
    par.svm_type = C_SVC;
    par.kernel_type = LINEAR;
    par.cache_size = 256;
    par.eps = 0.01;
    par.C = C;
    par.nr_weight = 2;
    par.weight_label = wl;
    ww[0] = wpos; ww[1] = wneg;
    par.weight = ww;
    par.shrinking = 1;
    prob->l = (int)n;
    prob->y = malloc((n ? n : 1) * sizeof *prob->y);
    prob->x = malloc((n ? n : 1) * sizeof *prob->x);
    if (!prob->y || !prob->x) return NULL;
    for (i = 0; i < n; i++) {
        prob->y[i] = y[i] > 0 ? 1 : -1;
        prob->x[i] = d->rows[rows[i]];
    }
    err = svm_check_parameter(prob, &par);
    if (err) return NULL;
    svm_set_print_string_function(quiet);
    return svm_train(prob, &par);
}

/* Fits one linear model on rows with targets y (+1/-1) into w, b.  When
 * one class is absent the model is constant (b = +-1, w = 0). */
static int fit_linear(const shai_dataset *d, const size_t *rows, size_t n, const int *y, double C,
                      double wpos, double wneg, double *w, double *b)
{
    struct svm_problem prob = {0, NULL, NULL};
    struct svm_model *sm;
    size_t i, pos = 0;
    for (i = 0; i < n; i++) pos += y[i] > 0;
    if (pos == 0 || pos == n) {
        memset(w, 0, SHAI_NFEAT * sizeof *w);
        *b = pos ? 1.0 : -1.0;
        return SHAI_OK;
    }
    sm = shai_svm_fit(d, rows, n, y, C, wpos, wneg, &prob);
    if (!sm) { free(prob.y); free(prob.x); return SHAI_ERR_TRAIN; }
    shai_svm_export(sm, w, b);
    svm_free_and_destroy_model(&sm);
    free(prob.y);
    free(prob.x);
    return SHAI_OK;
}

/* Deterministic row sampling: libsvm's dual solver grows faster than
 * linearly with the rows, so past FIT_MAX_ROWS each gold label keeps a
 * quota (proportional, but at least RARE_QUOTA rows of a rare label) and
 * the class weights are scaled back by the sampling rates.  Returns the
 * number of rows written to out. */
#define FIT_MAX_ROWS 12000
#define RARE_QUOTA 2000

static size_t sample_rows(const shai_dataset *d, const size_t *rows, size_t n, size_t *out,
                          double *rate_pos, double *rate_neg)
{
    size_t cnt[SHAI_NLABELS] = {0}, i, k = 0, kpos = 0, npos = 0;
    double p[SHAI_NLABELS];
    int l;
    for (i = 0; i < n; i++) cnt[d->label[rows[i]]]++;
    for (l = 0; l < SHAI_NLABELS; l++) {
        double q = (double)FIT_MAX_ROWS * (double)cnt[l] / (double)(n ? n : 1);
        if (q < RARE_QUOTA) q = cnt[l] < RARE_QUOTA ? (double)cnt[l] : RARE_QUOTA;
        p[l] = n <= FIT_MAX_ROWS || cnt[l] == 0 ? 1.0 : (q >= (double)cnt[l] ? 1.0 : q / (double)cnt[l]);
    }
    for (i = 0; i < n; i++) {
        size_t r = rows[i];
        int g = d->label[r];
        uint64_t h = shai_fnv1a64(&d->line[r], sizeof d->line[r], SHAI_FNV_INIT ^ (uint64_t)d->page[r] * 0x9E3779B97F4A7C15ULL);
        double u = (double)(h >> 11) / 9007199254740992.0;
        if (g != SHAI_CONTENT) npos++;
        if (u < p[g]) { out[k++] = r; if (g != SHAI_CONTENT) kpos++; }
    }
    *rate_pos = npos ? (double)kpos / (double)npos : 1.0;
    *rate_neg = (n - npos) ? (double)(k - kpos) / (double)(n - npos) : 1.0;
    return k;
}

int shai_fit_models(const shai_dataset *d, const size_t *rows, size_t n, double C,
                    double keep_weight, shai_model *m)
{
    size_t *sub = malloc((n ? n : 1) * sizeof *sub), i, nj = 0, ns;
    int *y = malloc((n ? n : 1) * sizeof *y), k, rc;
    double rp, rn, scale;
    if (!sub || !y) { free(sub); free(y); return SHAI_ERR_NOMEM; }
    ns = sample_rows(d, rows, n, sub, &rp, &rn);
    for (i = 0; i < ns; i++) y[i] = d->label[sub[i]] != SHAI_CONTENT ? 1 : -1;
    /* weights undo the sampling; their mean stays near 1 so C keeps its meaning */
    scale = (double)ns / (double)(n ? n : 1);
    rc = fit_linear(d, sub, ns, y, C, scale / rp, keep_weight * scale / rn, m->w[SHAI_M_DROP],
                    &m->b[SHAI_M_DROP]);
    nj = 0;
    for (i = 0; i < ns; i++)
        if (d->label[sub[i]] != SHAI_CONTENT) sub[nj++] = sub[i];
    for (k = 1; k < SHAI_NLABELS && !rc; k++) {
        size_t pos = 0;
        double wpos;
        for (i = 0; i < nj; i++) {
            y[i] = d->label[sub[i]] == k ? 1 : -1;
            pos += y[i] > 0;
        }
        /* balance the rare reasons, within reason */
        wpos = pos ? (double)(nj - pos) / (double)pos : 1.0;
        if (wpos < 1) wpos = 1;
        if (wpos > 20) wpos = 20;
        rc = fit_linear(d, sub, nj, y, C, wpos, 1.0, m->w[SHAI_M_REASON0 + k - 1],
                        &m->b[SHAI_M_REASON0 + k - 1]);
    }
    free(sub);
    free(y);
    return rc;
}

void shai_eval_rows(const shai_dataset *d, const size_t *rows, size_t n, const shai_model *m,
                    shai_eval *ev)
{
    shai_eval_rows_cb(d, NULL, rows, n, m, ev, NULL);
}

void shai_eval_rows_cb(const shai_dataset *d, const shai_corpus *c, const size_t *rows, size_t n,
                       const shai_model *m, shai_eval *ev, const shai_train_opts *o)
{
    size_t i;
    for (i = 0; i < n; i++) {
        shai_block b;
        size_t r = rows[i];
        int g = d->label[r];
        memset(&b, 0, sizeof b);
        shai_decide(m, m->threshold, d->X + r * SHAI_NFEAT, &b);
        ev->confusion[g][b.label]++;
        ev->gold_chars[g] += d->chars[r];
        if (b.keep) ev->kept_chars[g] += d->chars[r];
        ev->blocks++;
        if (o && o->on_prediction && c)
            o->on_prediction(o->ud, c->pages[d->page[r]].id, d->line[r], g, b.label, b.score);
    }
}

/* Rows of the fold split: train = fold != k, test = fold == k and real. */
static int split(const shai_dataset *d, const shai_corpus *c, const int *fold_of_page, int k,
                 size_t *tr, size_t *ntr, size_t *te, size_t *nte)
{
    size_t i;
    (void)c;
    *ntr = *nte = 0;
    for (i = 0; i < d->n; i++) {
        if (fold_of_page[d->page[i]] != k) tr[(*ntr)++] = i;
        else if (d->real[i]) te[(*nte)++] = i;
    }
    return SHAI_OK;
}

static const double grid_c[] = {0.1, 1.0, 10.0};
static const double grid_keep[] = {1.0, 2.0, 4.0};

static double objective(const shai_metrics *mt)
{
    double o = mt->drop_f1;
    if (mt->content_kept < KEEP_FLOOR) o -= 10.0 * (KEEP_FLOOR - mt->content_kept);
    return o;
}

/* Chooses C and keep weight by grouped CV over the rows `rows` (n).
 * Pages of those rows are split into folds by id. */
static int choose_params(const shai_dataset *d, const shai_corpus *c, const size_t *rows, size_t n,
                         const shai_train_opts *o, double *bestC, double *bestK, int log)
{
    int folds = o->cv_folds > 1 ? o->cv_folds : 5, k, rc = SHAI_OK;
    int *fop = malloc((c->n ? c->n : 1) * sizeof *fop);
    size_t *tr = malloc((d->n ? d->n : 1) * sizeof *tr), *te = malloc((d->n ? d->n : 1) * sizeof *te);
    size_t gi, gk, i, ntr, nte;
    shai_model *tmp = calloc(1, sizeof *tmp);
    double best = -1e9;
    char *in = calloc(d->n ? d->n : 1, 1);
    size_t nc = sizeof grid_c / sizeof *grid_c, nk = sizeof grid_keep / sizeof *grid_keep;
    if (!fop || !tr || !te || !tmp || !in) { rc = SHAI_ERR_NOMEM; goto out; }
    for (i = 0; i < n; i++) in[rows[i]] = 1;
    for (i = 0; i < c->n; i++) fop[i] = shai_fold_of(c->pages[i].id, folds, o->seed + 7919u);
    *bestC = o->c > 0 ? o->c : 1.0;
    *bestK = o->keep_weight > 0 ? o->keep_weight : 1.0;
    for (gi = 0; gi < nc; gi++) {
        if (o->c > 0 && gi) break;
        for (gk = 0; gk < nk; gk++) {
            double C = o->c > 0 ? o->c : grid_c[gi], K = o->keep_weight > 0 ? o->keep_weight : grid_keep[gk];
            shai_eval ev;
            shai_metrics mt;
            if (o->keep_weight > 0 && gk) break;
            memset(&ev, 0, sizeof ev);
            for (k = 0; k < folds; k++) {
                size_t a, b2;
                split(d, c, fop, k, tr, &ntr, te, &nte);
                for (a = b2 = 0; a < ntr; a++) if (in[tr[a]]) tr[b2++] = tr[a];
                ntr = b2;
                for (a = b2 = 0; a < nte; a++) if (in[te[a]]) te[b2++] = te[a];
                nte = b2;
                if (!ntr || !nte) continue;
                if ((rc = shai_fit_models(d, tr, ntr, C, K, tmp))) goto out;
                shai_eval_rows(d, te, nte, tmp, &ev);
            }
            shai_eval_metrics(&ev, &mt);
            if (log)
                shai_log(0, "grid C=%g keep_weight=%g: drop F1 %.4f, content kept %.4f, junk left %.4f",
                         C, K, mt.drop_f1, mt.content_kept, mt.junk_left);
            if (objective(&mt) > best) { best = objective(&mt); *bestC = C; *bestK = K; }
        }
    }
out:
    free(fop); free(tr); free(te); free(tmp); free(in);
    return rc;
}

shai_model *shai_train(const shai_corpus *c, const shai_train_opts *o, shai_status *st)
{
    shai_train_opts def;
    shai_model *m;
    shai_dataset *d;
    size_t *rows, i;
    double C, K;
    int rc;
    size_t counts[SHAI_NLABELS] = {0};

    if (!o) { shai_train_opts_default(&def); o = &def; }
    if (!c || c->n == 0) { shai_fail(st, SHAI_ERR_TRAIN, "no labeled pages to train on"); return NULL; }
    m = shai_model_new_untrained(o->lexicon_dir, st);
    if (!m) return NULL;
    d = shai_dataset_build(c, m, st);
    if (!d) { shai_model_free(m); return NULL; }
    for (i = 0; i < d->n; i++) counts[d->label[i]]++;
    if (!counts[SHAI_CONTENT] || d->n == counts[SHAI_CONTENT]) {
        shai_fail(st, SHAI_ERR_TRAIN, "training needs both content and junk blocks (have %zu content of %zu)",
                  counts[SHAI_CONTENT], d->n);
        goto fail;
    }
    shai_log(0, "training on %zu pages, %zu blocks (K %zu, B %zu, P %zu, A %zu, G %zu)", c->n, d->n,
             counts[0], counts[1], counts[2], counts[3], counts[4]);
    rows = malloc(d->n * sizeof *rows);
    if (!rows) { shai_fail(st, SHAI_ERR_NOMEM, "out of memory"); goto fail; }
    for (i = 0; i < d->n; i++) rows[i] = i;
    if ((rc = choose_params(d, c, rows, d->n, o, &C, &K, 1))) {
        free(rows);
        shai_fail(st, rc, "cross-validation failed: %s", shai_strerror(rc));
        goto fail;
    }
    shai_log(0, "chosen: C=%g keep_weight=%g", C, K);
    rc = shai_fit_models(d, rows, d->n, C, K, m);
    free(rows);
    if (rc) { shai_fail(st, rc, "libsvm training failed"); goto fail; }
    m->threshold = 0;
    snprintf(m->train_info, sizeof m->train_info,
             "libsvm C-SVC linear C=%g keep_weight=%g pages=%zu blocks=%zu K=%zu B=%zu P=%zu A=%zu G=%zu",
             C, K, c->n, d->n, counts[0], counts[1], counts[2], counts[3], counts[4]);
    shai_dataset_free(d);
    return m;
fail:
    shai_dataset_free(d);
    shai_model_free(m);
    return NULL;
}

int shai_cross_validate(const shai_corpus *c, const shai_train_opts *o, int folds, shai_eval *ev,
                        shai_status *st)
{
    shai_model *m;
    shai_dataset *d;
    size_t *tr = NULL, *te = NULL, ntr, nte, i;
    int *fop = NULL, k, rc = SHAI_OK;
    if (!c || !o || !ev || folds < 2) return shai_fail(st, SHAI_ERR_INVALID, "cross-validation needs >= 2 folds");
    m = shai_model_new_untrained(o->lexicon_dir, st);
    if (!m) return st ? st->code : SHAI_ERR_LEXICON;
    d = shai_dataset_build(c, m, st);
    if (!d) { shai_model_free(m); return st ? st->code : SHAI_ERR_NOMEM; }
    tr = malloc((d->n ? d->n : 1) * sizeof *tr);
    te = malloc((d->n ? d->n : 1) * sizeof *te);
    fop = malloc((c->n ? c->n : 1) * sizeof *fop);
    if (!tr || !te || !fop) { rc = shai_fail(st, SHAI_ERR_NOMEM, "out of memory"); goto out; }
    for (i = 0; i < c->n; i++) fop[i] = shai_fold_of(c->pages[i].id, folds, o->seed);
    for (k = 0; k < folds; k++) {
        double C, K;
        shai_eval fe;
        shai_metrics mt;
        split(d, c, fop, k, tr, &ntr, te, &nte);
        if (!ntr || !nte) continue;
        if ((rc = choose_params(d, c, tr, ntr, o, &C, &K, 0)) ||
            (rc = shai_fit_models(d, tr, ntr, C, K, m))) {
            shai_fail(st, rc, "fold %d: training failed", k + 1);
            goto out;
        }
        memset(&fe, 0, sizeof fe);
        shai_eval_rows_cb(d, c, te, nte, m, &fe, o);
        shai_eval_metrics(&fe, &mt);
        shai_log(0, "fold %d/%d: C=%g keep_weight=%g, %zu test blocks, drop F1 %.4f, content kept %.4f",
                 k + 1, folds, C, K, nte, mt.drop_f1, mt.content_kept);
        shai_eval_add(ev, &fe);
    }
    /* pages: count the real held-out pages once */
    for (i = 0; i < c->n; i++) if (!strchr(c->pages[i].id, '~')) ev->pages++;
out:
    free(tr); free(te); free(fop);
    shai_dataset_free(d);
    shai_model_free(m);
    return rc;
}
