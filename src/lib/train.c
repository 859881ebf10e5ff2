/*
 * train.c — feature vectors (dataset.c) -> libsvm -> exported weights.
 *
 * With dataset.c and svm_export.c, the only files that include <svm.h>.
 * Each linear model is a C-SVC with a linear kernel on the rows of
 * dataset.c, whose values are the features times their prior scale
 * (shai_feature_prior); after training, the support vectors collapse
 * into one weight vector, w = sum_i (alpha_i y_i) x_i, times the prior
 * scale again, and bias b = -rho (svm_export.c), so that scoring is a dot
 * product of the unscaled features (w.x + b equals svm_predict_values on
 * the scaled row).
 *
 * Models, in training order:
 *   stage1  content vs. junk on the base features (everything but the
 *           FAM_STACK and FAM_WHY families).  Its out-of-fold scores on the training
 *           pages fill the stacked features, so the next model learns how
 *           much to trust a neighbour's first-stage verdict on pages that
 *           stage 1 did not see.
 *   drop    content vs. junk on all features but the FAM_WHY family
 *           (evidence of which junk, not of junk): the keep/drop decision.
 *   reason  one-vs-rest per junk label, trained on junk blocks only, on
 *           all features but the FAM_LIST and FAM_KEEP families.
 * C and the class weight of content blocks for the drop model, and the
 * switch cost of the page smoothing (decide.c), are chosen by
 * cross-validation grouped by site (shai_fold_of), on a small grid, to maximise the
 * mean of block drop F1 and the output's character F1 (see objective()).
 */
#include "internal.h"
#include "train.h"

#include <libsvm/svm.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* fit_all's internal code for a parameter grid that scored nothing (never
 * returned by the library: train and cross-validate report SHAI_ERR_TRAIN) */
#define SHAI_ERR_NOFOLDS (-1000)
#define STAGE1_FOLDS 3      /* out-of-fold folds for the stacked features */
/* C of stage 1, and (Makefile MODEL_C) of the shipped drop model: small,
 * as pages of sites never trained on are better served by weights spread
 * over many features than by a few strong ones (a page mostly of chrome
 * then no longer pulls every short post or verse line to drop).  Stage 1
 * / drop C, content kept / junk left on the first 78 pages of
 * training/added.lbl (held out then) at threshold 0 (non-space
 * characters), and the mean of grouped 5-fold CV fold seeds 1-3 (code
 * points, as shai eval counts): 1 / 3 (before): 0.807 / 0.120, CV 0.868 /
 * 0.100; 1 / 0.3: 0.827 / 0.121, CV 0.890 / 0.115; 0.3 / 0.3: 0.831 /
 * 0.115, CV 0.894 / 0.108; 0.1 / 0.1: 0.844 / 0.117, CV 0.901 / 0.117;
 * 0.03 / 0.03: 0.836 / 0.112.  0.1 / 0.1 with the spam features' prior
 * scale (dataset.c), shipped: 0.845 / 0.125, CV 0.901 / 0.100; ahead of
 * 1 / 3 along the whole threshold curve on both (training/HISTORY.md). */
#define STAGE1_C 0.1
/* Content class weight of stage 1.  Its scores become the context of the
 * final model; a stage 1 that leans to keep makes that context mark junk
 * only where it is sure.  Grouped 5-fold CV, shipped settings, mean of
 * fold seeds 1-3 (drop F1 / content kept / junk left): weight 2: 0.962 /
 * 0.862 / 0.134; 4: 0.963 / 0.856 / 0.105; 8: 0.962 / 0.856 / 0.110. */
#define STAGE1_KEEP 4.0
/* C of the four reason models.  They separate junk from junk (spam-site
 * chrome from its spam lines, a region menu from a place list), where the
 * drop model's C is too tight: grouped 5-fold CV of the shipped settings,
 * adult_spam recall / precision and block label accuracy by reason C:
 * 0.3: 0.19 / 0.46 / 0.868; 3: 0.29 / 0.46 / 0.867; 10: 0.39 / 0.51 /
 * 0.871; 30: 0.47 / 0.53 / 0.874; 100: 0.46 / 0.53 / 0.874. */
#define REASON_C 30.0
/* libsvm's dual solver grows faster than linearly with the rows: past
 * FIT_MAX_ROWS each gold label keeps a quota (proportional, but at least
 * RARE_QUOTA rows of a rare label) and class weights undo the sampling. */
#define FIT_MAX_ROWS 8000
#define RARE_QUOTA 2000

static const double grid_c[] = {0.1, 0.3, 1.0, 3.0};
static const double grid_keep[] = {1.0, 2.0, 4.0, 8.0};
/* page smoothing (decide.c): switch costs tried, and the characters that
 * double a block's vote */
static const double grid_lambda[] = {0.0, 1.0, 2.0, 4.0};
#define SMOOTH_SCALE 20.0
#define NLAMBDA (sizeof grid_lambda / sizeof *grid_lambda)

/* Smoothing switch cost number k of the grid, or the fixed one. */
static double lambda_at(const shai_train_opts *o, size_t k)
{
    return o->smoothing >= 0 ? o->smoothing : grid_lambda[k];
}

void shai_train_opts_default(shai_train_opts *o)
{
    memset(o, 0, sizeof *o);
    o->lexicon_dir = "models";
    o->smoothing = -1;
    o->cv_folds = 3;
    o->seed = 1;
}

/* ------------------------------------------------------------ fits */

/* Fits one linear model on rows with targets y (+1/-1) into w, b.  When
 * one class is absent the model is constant (b = +-1, w = 0). */
static int fit_linear(struct svm_node **xrows, const size_t *rows, size_t n, const int *y, double C,
                      double wpos, double wneg, double *w, double *b)
{
    struct svm_problem prob = {0, NULL, NULL};
    struct svm_model *sm;
    size_t i, pos = 0;
    for (i = 0; i < n; i++) pos += y[i] > 0;
    if (pos == 0 || pos == n) {
        memset(w, 0, SHAI_NW * sizeof *w);
        *b = pos ? 1.0 : -1.0;
        return SHAI_OK;
    }
    sm = shai_svm_fit(xrows, rows, n, y, C, wpos, wneg, &prob);
    if (!sm) { free(prob.y); free(prob.x); return SHAI_ERR_TRAIN; }
    shai_svm_export(sm, w, b);
    svm_free_and_destroy_model(&sm);
    free(prob.y);
    free(prob.x);
    return SHAI_OK;
}

/* How often a row of `chars` characters is drawn, relative to the others
 * of its label: characters^0.75.  The metrics that matter weigh
 * characters (content kept, junk left), so a long block is worth more than
 * a short one, but a block count still matters (drop F1).  Grouped 5-fold
 * CV of the shipped settings: power 0.5 gave drop F1 0.956, content kept
 * 0.866, junk left 0.146; 0.75 gave 0.962 / 0.874 / 0.123; 1.0 gave
 * 0.962 / 0.859 / 0.121. */
static double draw_weight(size_t chars) { return pow((double)chars + 1.0, 0.75); }

/* Rows for one libsvm fit.  Each gold label keeps a quota of draws
 * (proportional to its block count, capped in total at FIT_MAX_ROWS, but
 * at least RARE_QUOTA for a rare label), and within a label a row is
 * drawn in proportion to draw_weight().  Draws are
 * deterministic (hashes), a long row may be drawn several times.  Returns
 * the count written to out (room: n + FIT_MAX_ROWS + SHAI_NLABELS *
 * RARE_QUOTA), and the draw rates of junk and content rows. */
static size_t sample_rows(const shai_dataset *d, const size_t *rows, size_t n, size_t *out,
                          double *rate_pos, double *rate_neg)
{
    size_t cnt[SHAI_NLABELS] = {0}, i, k = 0, kpos = 0, npos = 0;
    double quota[SHAI_NLABELS], wsum[SHAI_NLABELS] = {0}, total = n < FIT_MAX_ROWS ? (double)n : FIT_MAX_ROWS;
    int l;
    for (i = 0; i < n; i++) {
        cnt[d->label[rows[i]]]++;
        wsum[d->label[rows[i]]] += draw_weight(d->chars[rows[i]]);
    }
    for (l = 0; l < SHAI_NLABELS; l++) {
        quota[l] = total * (double)cnt[l] / (double)(n ? n : 1);
        if (quota[l] < RARE_QUOTA) quota[l] = cnt[l] < RARE_QUOTA ? (double)cnt[l] : RARE_QUOTA;
    }
    for (i = 0; i < n; i++) {
        size_t r = rows[i], c;
        int g = d->label[r];
        uint64_t h = shai_fnv1a64(&d->line[r], sizeof d->line[r],
                                  SHAI_FNV_INIT ^ ((uint64_t)d->page[r] * 0x9E3779B97F4A7C15ULL));
        double u = (double)(h >> 11) / 9007199254740992.0;
        double lambda = quota[g] * draw_weight(d->chars[r]) / wsum[g];
        if (g != SHAI_CONTENT) npos++;
        for (c = (size_t)floor(lambda + u); c > 0; c--) {
            out[k++] = r;
            if (g != SHAI_CONTENT) kpos++;
        }
    }
    *rate_pos = npos ? (double)kpos / (double)npos : 1.0;
    *rate_neg = (n - npos) ? (double)(k - kpos) / (double)(n - npos) : 1.0;
    return k;
}

/* Room sample_rows may need for n rows. */
static size_t sample_room(size_t n) { return n + FIT_MAX_ROWS + SHAI_NLABELS * RARE_QUOTA + 16; }

/* A keep/drop model on rows (scored rows only) into w, b. */
static int fit_drop(struct svm_node **xrows, const shai_dataset *d, const size_t *rows, size_t n,
                    double C, double keep_weight, double *w, double *b)
{
    size_t *sub = malloc(sample_room(n) * sizeof *sub), ns, i;
    int *y = malloc(sample_room(n) * sizeof *y), rc;
    double rp, rn, scale;
    if (!sub || !y) { free(sub); free(y); return SHAI_ERR_NOMEM; }
    ns = sample_rows(d, rows, n, sub, &rp, &rn);
    for (i = 0; i < ns; i++) y[i] = d->label[sub[i]] != SHAI_CONTENT ? 1 : -1;
    /* weights undo the sampling; their mean stays near 1 so C keeps its meaning */
    scale = (double)ns / (double)(n ? n : 1);
    rc = fit_linear(xrows, sub, ns, y, C, scale / rp, keep_weight * scale / rn, w, b);
    free(sub);
    free(y);
    return rc;
}

/* The one-vs-rest reason models on the junk rows among rows, without the
 * FAM_LIST and FAM_KEEP features.  FAM_LIST is the same for every block
 * of a page, and the reason models' large C let them fit pages: with
 * them, grouped 5-fold CV labeled 0.40-0.46 of adult_spam blocks
 * adult_spam (fold seeds 1-3), most of the rest boilerplate.  FAM_KEEP
 * (code lines) tells content from junk, not one junk from another: with
 * it the reason models labeled 0.51-0.61 of adult_spam blocks so, against
 * 0.62-0.65 without it (training/HISTORY.md, twenty-fourth session). */
static int fit_reasons(const shai_dataset *d, const size_t *rows, size_t n, double C, shai_model *m)
{
    struct svm_node *nodes = NULL, **xrows = NULL;   /* d's rows without FAM_LIST, FAM_KEEP: these fits only */
    size_t *sub = malloc(sample_room(n) * sizeof *sub), *junk = malloc((n ? n : 1) * sizeof *junk);
    size_t ns, nj = 0, i;
    int *y = malloc(sample_room(n) * sizeof *y), k, rc = SHAI_OK;
    double rp, rn;
    if (!sub || !junk || !y) { rc = SHAI_ERR_NOMEM; goto out; }
    if ((rc = shai_dataset_nodes(d, SHAI_FAMBIT(FAM_LIST) | SHAI_FAMBIT(FAM_KEEP), &nodes, &xrows))) goto out;
    for (i = 0; i < n; i++)
        if (d->label[rows[i]] != SHAI_CONTENT) junk[nj++] = rows[i];
    ns = sample_rows(d, junk, nj, sub, &rp, &rn);
    for (k = 1; k < SHAI_NLABELS && !rc; k++) {
        size_t pos = 0;
        double wpos;
        for (i = 0; i < ns; i++) {
            y[i] = d->label[sub[i]] == k ? 1 : -1;
            pos += y[i] > 0;
        }
        /* balance the rare reasons, within reason */
        wpos = pos ? (double)(ns - pos) / (double)pos : 1.0;
        if (wpos < 1) wpos = 1;
        if (wpos > 20) wpos = 20;
        rc = fit_linear(xrows, sub, ns, y, C, wpos, 1.0, m->w[SHAI_M_REASON0 + k - 1],
                        &m->b[SHAI_M_REASON0 + k - 1]);
    }
out:
    free(sub); free(junk); free(y); free(nodes); free(xrows);
    return rc;
}

/* ------------------------------------------------------------ evaluation */

int shai_eval_rows(const shai_dataset *d, const shai_corpus *c, const size_t *rows, size_t n,
                   const shai_model *m, shai_eval *ev, const shai_train_opts *o)
{
    size_t i = 0, cap = 0, bpcap = 0;
    shai_block *pb = NULL;
    unsigned char *bp = NULL;
    int rc = SHAI_OK;
    /* rows come page by page; each page is decided whole (every block,
     * scored or not, takes part in the smoothing), then its rows counted */
    while (i < n) {
        size_t p = d->page[rows[i]], lo = d->first[p], np = d->first[p + 1] - lo, r;
        if (shai_grow((void **)&pb, &cap, np, sizeof *pb) || shai_grow((void **)&bp, &bpcap, np, 1)) {
            rc = SHAI_ERR_NOMEM;
            break;
        }
        for (r = 0; r < np; r++) {
            memset(&pb[r], 0, sizeof pb[r]);
            shai_decide(m, m->threshold, d->X + (lo + r) * SHAI_NFEAT, &pb[r]);
            pb[r].chars = d->chars[lo + r];
        }
        shai_smooth(pb, np, m->threshold, m->smooth_lambda, m->smooth_scale, bp);
        shai_gate_reasons(pb, np, d->X + lo * SHAI_NFEAT, d->places + lo);
        for (; i < n && d->page[rows[i]] == p; i++) {
            const shai_block *b = &pb[rows[i] - lo];
            int g = d->label[rows[i]];
            shai_eval_count_block(ev, g, b->label, b->keep, d->chars[rows[i]]);
            if (o && o->page_ev) shai_eval_count_block(&o->page_ev[p], g, b->label, b->keep, d->chars[rows[i]]);
            if (o && o->on_prediction && c)
                o->on_prediction(o->ud, c->pages[p].id, d->line[rows[i]], g, b->label, b->score);
        }
    }
    free(pb);
    free(bp);
    return rc;
}

/* Splits the pages p with in[p] by fold: train[p] for those outside fold
 * f, test[p] for those in it. */
static void split_fold(const char *in, const int *fold, size_t np, int f, char *train, char *test)
{
    size_t p;
    for (p = 0; p < np; p++) { train[p] = in[p] && fold[p] != f; test[p] = in[p] && fold[p] == f; }
}

/* Scored rows of the pages with in[page] set (and real pages only if
 * real_only); returns the count. */
static size_t rows_of(const shai_dataset *d, const char *in, int real_only, size_t *out)
{
    size_t p, r, k = 0;
    for (p = 0; p < d->npages; p++) {
        if (!in[p] || (real_only && !d->real[p])) continue;
        for (r = d->first[p]; r < d->first[p + 1]; r++)
            if (d->label[r] >= 0) out[k++] = r;
    }
    return k;
}

/* Grid objective: the mean of block drop F1 and a character-level F1 of
 * the output, whose recall is the share of content characters kept and
 * whose precision is the share of output characters that are content.
 * Both quality targets (content kept, junk left) weigh in, and neither
 * can be bought entirely with the other. */
static double objective(const shai_metrics *mt)
{
    double p = 1.0 - mt->junk_left, r = mt->content_kept;
    double fchars = p + r > 0 ? 2 * p * r / (p + r) : 0;
    return 0.5 * mt->drop_f1 + 0.5 * fchars;
}

/* ------------------------------------------------------------ fitting */

/* Trains every model of m on the pages with in[page] set.  With log, the
 * grid is reported through the log callback. */
static int fit_all(shai_dataset *d, const shai_corpus *c, const char *in, const shai_train_opts *o,
                   shai_model *m, double *bestC, double *bestK, int log)
{
    size_t np = d->npages, p, n, ntr, nte, gi, gk, maxpage = 0;
    size_t *rows = malloc((d->n + 1) * sizeof *rows), *tr = malloc((d->n + 1) * sizeof *tr);
    size_t *te = malloc((d->n + 1) * sizeof *te);
    char *sub = calloc(np + 1, 1), *sub2 = calloc(np + 1, 1);
    int *fold = malloc((np + 1) * sizeof *fold), f, rc = SHAI_OK;
    int folds = o->cv_folds > 1 ? o->cv_folds : 5;
    double *w = malloc(SHAI_NW * sizeof *w), b, *s1 = NULL, best = -1e9;
    shai_model *tmp = calloc(1, sizeof *tmp);

    if (!rows || !tr || !te || !sub || !sub2 || !fold || !w || !tmp) { rc = SHAI_ERR_NOMEM; goto out; }
    for (p = 0; p < np; p++)
        if (d->first[p + 1] - d->first[p] > maxpage) maxpage = d->first[p + 1] - d->first[p];
    s1 = malloc((maxpage + 1) * sizeof *s1);
    if (!s1) { rc = SHAI_ERR_NOMEM; goto out; }

    /* 1. stage 1, out of fold: stacked features of each training page come
     *    from a stage-1 model that did not see it */
    for (p = 0; p < np; p++) fold[p] = shai_fold_of(c->pages[p].id, c->pages[p].url, STAGE1_FOLDS, o->seed + 101u);
    for (f = 0; f < STAGE1_FOLDS; f++) {
        for (p = 0; p < np; p++) sub[p] = in[p] && fold[p] != f;
        ntr = rows_of(d, sub, 0, tr);
        if ((rc = fit_drop(d->base_rows, d, tr, ntr, STAGE1_C, STAGE1_KEEP, w, &b))) goto out;
        for (p = 0; p < np; p++)
            if (in[p] && fold[p] == f) shai_dataset_stack_page(d, p, w, b, s1);
    }
    /* 2. stage 1 on all training pages: what the model ships (the base
     *    rows hold no FAM_STACK node, so those weights come out 0) */
    n = rows_of(d, in, 0, rows);
    if ((rc = fit_drop(d->base_rows, d, rows, n, STAGE1_C, STAGE1_KEEP, m->w[SHAI_M_STAGE1],
                       &m->b[SHAI_M_STAGE1])))
        goto out;
    if ((rc = shai_dataset_nodes(d, SHAI_FAMBIT(FAM_WHY), &d->full_nodes, &d->full_rows))) goto out;

    /* 3. C and keep weight of the drop model, and the page smoothing, by
     *    grouped CV; every smoothing is scored on the same fitted folds */
    *bestC = o->c > 0 ? o->c : 1.0;
    *bestK = o->keep_weight > 0 ? o->keep_weight : 2.0;
    m->smooth_lambda = lambda_at(o, 0);
    m->smooth_scale = SMOOTH_SCALE;
    if (o->c <= 0 || o->keep_weight <= 0 || o->smoothing < 0) {
        int any = 0;   /* a fold with pages on both sides */
        for (p = 0; p < np; p++) fold[p] = shai_fold_of(c->pages[p].id, c->pages[p].url, folds, o->seed + 7919u);
        /* every fold would hold all the pages or none: fail before the
         * grid rather than print it all as zeros */
        for (f = 0; f < folds && !any; f++) {
            split_fold(in, fold, np, f, sub, sub2);
            any = rows_of(d, sub, 0, tr) && rows_of(d, sub2, 1, te);
        }
        if (!any) { rc = SHAI_ERR_NOFOLDS; goto out; }
        for (gi = 0; gi < sizeof grid_c / sizeof *grid_c; gi++) {
            for (gk = 0; gk < sizeof grid_keep / sizeof *grid_keep; gk++) {
                double C = o->c > 0 ? o->c : grid_c[gi], K = o->keep_weight > 0 ? o->keep_weight : grid_keep[gk];
                size_t nl = o->smoothing >= 0 ? 1 : NLAMBDA, gl;
                shai_eval ev[NLAMBDA];
                shai_metrics mt;
                if ((o->c > 0 && gi) || (o->keep_weight > 0 && gk)) continue;
                memset(ev, 0, sizeof ev);
                memset(tmp, 0, sizeof *tmp);
                tmp->smooth_scale = SMOOTH_SCALE;
                for (f = 0; f < folds; f++) {
                    split_fold(in, fold, np, f, sub, sub2);
                    ntr = rows_of(d, sub, 0, tr);
                    nte = rows_of(d, sub2, 1, te);
                    if (!ntr || !nte) continue;
                    if ((rc = fit_drop(d->full_rows, d, tr, ntr, C, K, tmp->w[SHAI_M_DROP], &tmp->b[SHAI_M_DROP])))
                        goto out;
                    for (gl = 0; gl < nl; gl++) {
                        tmp->smooth_lambda = lambda_at(o, gl);
                        if ((rc = shai_eval_rows(d, NULL, te, nte, tmp, &ev[gl], NULL))) goto out;
                    }
                }
                for (gl = 0; gl < nl; gl++) {
                    double L = lambda_at(o, gl);
                    shai_eval_metrics(&ev[gl], &mt);
                    if (log)
                        shai_log(0, "grid C=%g keep_weight=%g smoothing=%g: drop F1 %.4f, content kept %.4f, junk left %.4f",
                                 C, K, L, mt.drop_f1, mt.content_kept, mt.junk_left);
                    if (objective(&mt) > best) {
                        best = objective(&mt);
                        *bestC = C;
                        *bestK = K;
                        m->smooth_lambda = L;
                    }
                }
            }
        }
    }
    /* 4. the final drop and reason models */
    if ((rc = fit_drop(d->full_rows, d, rows, n, *bestC, *bestK, m->w[SHAI_M_DROP], &m->b[SHAI_M_DROP])))
        goto out;
    rc = fit_reasons(d, rows, n, REASON_C, m);
out:
    free(rows); free(tr); free(te); free(sub); free(sub2); free(fold); free(w); free(s1); free(tmp);
    return rc;
}

/* Blocks per gold label, and '?' blocks, of the pages p with in[p] (of
 * every page when in is NULL). */
static void count_labels(const shai_dataset *d, const char *in, size_t counts[SHAI_NLABELS],
                         size_t *unscored)
{
    size_t p, i;
    memset(counts, 0, SHAI_NLABELS * sizeof *counts);
    *unscored = 0;
    for (p = 0; p < d->npages; p++)
        if (!in || in[p])
            for (i = d->first[p]; i < d->first[p + 1]; i++) {
                if (d->label[i] >= 0) counts[d->label[i]]++;
                else (*unscored)++;
            }
}

/* SHAI_OK, or SHAI_ERR_INVALID when an option cannot be used: a NULL
 * lexicon directory or a training setting that is not a finite number
 * (the saved model could not be loaded again). */
static int check_opts(const shai_train_opts *o, shai_status *st)
{
    if (!o->lexicon_dir) return shai_fail(st, SHAI_ERR_INVALID, "no lexicon directory (lexicon_dir is NULL)");
    if (!isfinite(o->c) || !isfinite(o->keep_weight) || !isfinite(o->smoothing))
        return shai_fail(st, SHAI_ERR_INVALID, "C, the keep weight and the smoothing must be finite numbers");
    return SHAI_OK;
}

shai_model *shai_train(const shai_corpus *c, const shai_train_opts *o, shai_status *st)
{
    shai_train_opts def;
    shai_model *m;
    shai_dataset *d;
    char *in;
    double C, K;
    int rc;
    size_t counts[SHAI_NLABELS], unscored, scored;

    if (!o) { shai_train_opts_default(&def); o = &def; }
    if (check_opts(o, st)) return NULL;
    if (!c || c->n == 0) { shai_fail(st, SHAI_ERR_TRAIN, "no labeled pages to train on"); return NULL; }
    m = shai_model_new_untrained(o->lexicon_dir, st);
    if (!m) return NULL;
    d = shai_dataset_build(c, m, st);
    if (!d) { shai_model_free(m); return NULL; }
    count_labels(d, NULL, counts, &unscored);
    scored = d->n - unscored;
    if (!counts[SHAI_CONTENT] || scored == counts[SHAI_CONTENT]) {
        shai_fail(st, SHAI_ERR_TRAIN, "training needs both content and junk blocks (have %zu content of %zu)",
                  counts[SHAI_CONTENT], scored);
        goto fail;
    }
    shai_log(0, "training on %zu pages, %zu blocks (K %zu, B %zu, P %zu, A %zu, G %zu; %zu '?')", c->n, scored,
             counts[0], counts[1], counts[2], counts[3], counts[4], unscored);
    in = malloc(c->n + 1);
    if (!in) { shai_fail(st, SHAI_ERR_NOMEM, "out of memory"); goto fail; }
    memset(in, 1, c->n);
    rc = fit_all(d, c, in, o, m, &C, &K, 1);
    free(in);
    if (rc == SHAI_ERR_NOFOLDS) {
        shai_fail(st, SHAI_ERR_TRAIN, "cannot choose C, keep weight and smoothing by %d-fold cross-validation "
                  "on %zu pages: no fold held out a page with scored blocks (pages go to folds by site: give "
                  "-C, --keep-weight and --smoothing, or pages of more sites)", o->cv_folds > 1 ? o->cv_folds : 5, c->n);
        goto fail;
    }
    if (rc) { shai_fail(st, rc, "training failed: %s", shai_strerror(rc)); goto fail; }
    shai_log(0, "%s: C=%g keep_weight=%g smoothing=%g",
             o->c > 0 && o->keep_weight > 0 && o->smoothing >= 0 ? "settings (given)" : "chosen",
             C, K, m->smooth_lambda);
    m->threshold = 0;
    shai_snprintf_c(m->train_info, sizeof m->train_info,
             "libsvm C-SVC linear; stage1 C=%g keep_weight=%g; drop C=%g keep_weight=%g; reasons C=%g; "
             "spam features prior scale %g; smoothing %g; pages=%zu blocks=%zu K=%zu B=%zu P=%zu A=%zu G=%zu",
             STAGE1_C, STAGE1_KEEP, C, K, REASON_C, SHAI_SPAM_PRIOR, m->smooth_lambda,
             c->n, scored, counts[0], counts[1],
             counts[2], counts[3], counts[4]);
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
    size_t *te = NULL, nte, p, maxpage = 0, i, shared = 0;
    int *fop = NULL, k, rc = SHAI_OK;
    char *in = NULL, *out = NULL;
    double *s1 = NULL;
    if (!c || !o || !ev || folds < 2) return shai_fail(st, SHAI_ERR_INVALID, "cross-validation needs >= 2 folds");
    if (o->ncurve && (!o->curve || !o->curve_ev))
        return shai_fail(st, SHAI_ERR_INVALID, "a threshold curve needs its thresholds and counts");
    if (!isfinite(o->threshold)) return shai_fail(st, SHAI_ERR_INVALID, "the threshold must be a finite number");
    if ((rc = check_opts(o, st))) return rc;
    for (k = 0; k < (int)o->ncurve; k++)
        if (!isfinite(o->curve[k])) return shai_fail(st, SHAI_ERR_INVALID, "curve thresholds must be finite numbers");
    m = shai_model_new_untrained(o->lexicon_dir, st);
    if (!m) return st ? st->code : SHAI_ERR_LEXICON;
    d = shai_dataset_build(c, m, st);
    if (!d) { shai_model_free(m); return st ? st->code : SHAI_ERR_NOMEM; }
    for (p = 0; p < d->npages; p++)
        if (d->first[p + 1] - d->first[p] > maxpage) maxpage = d->first[p + 1] - d->first[p];
    te = malloc((d->n + 1) * sizeof *te);
    fop = malloc((c->n + 1) * sizeof *fop);
    in = malloc(c->n + 1);
    out = malloc(c->n + 1);
    s1 = malloc((maxpage + 1) * sizeof *s1);
    if (!te || !fop || !in || !out || !s1) { rc = shai_fail(st, SHAI_ERR_NOMEM, "out of memory"); goto done; }
    if ((rc = shai_page_folds(c, folds, o->seed, fop, &shared))) { shai_fail(st, rc, "out of memory"); goto done; }
    if (shared)
        shai_log(0, "%zu of the pages that only train share a site with scored pages: each trains "
                 "only in the folds that do not test its site", shared);
    for (k = 0; k < folds; k++) {
        double C, K;
        shai_eval fe;
        shai_metrics mt;
        for (p = 0; p < c->n; p++) { in[p] = fop[p] != k; out[p] = fop[p] == k && !c->pages[p].train_only; }
        {
            /* a fold must train on both classes, as shai_train must */
            size_t counts[SHAI_NLABELS], unscored, kk, junk;
            count_labels(d, in, counts, &unscored);
            kk = counts[SHAI_CONTENT];
            for (junk = 0, i = SHAI_CONTENT + 1; i < SHAI_NLABELS; i++) junk += counts[i];
            if (!kk || !junk) {
                size_t sites = shai_scored_sites(c);
                if (sites == 1)
                    rc = shai_fail(st, SHAI_ERR_TRAIN, "fold %d: its training pages hold no %s block (the "
                                   "scored pages are all of one site, and a site's pages share a fold: "
                                   "cross-validation needs pages of two sites or more)", k + 1,
                                   kk ? "junk" : "content");
                else
                    rc = shai_fail(st, SHAI_ERR_TRAIN, "fold %d: its training pages hold no %s block (%zu "
                                   "pages of %zu sites for %d folds; a site's pages share a fold: give "
                                   "fewer folds, or pages of more sites)", k + 1, kk ? "junk" : "content",
                                   c->n, sites, folds);
                goto done;
            }
        }
        /* a fold that no scored page drew (few sites for the folds) has
         * nothing to test: say so, and train nothing for it */
        if (!(nte = rows_of(d, out, 1, te))) {
            shai_log(0, "fold %d/%d: no scored page fell in it (pages go to folds by site, hashed: %zu sites for %d folds): "
                     "nothing to test", k + 1, folds, shai_scored_sites(c), folds);
            continue;
        }
        if ((rc = fit_all(d, c, in, o, m, &C, &K, 0))) {
            if (rc == SHAI_ERR_NOFOLDS)
                rc = shai_fail(st, SHAI_ERR_TRAIN, "fold %d: cannot choose C, keep weight and smoothing by "
                               "an inner cross-validation: no inner fold held out a page with scored blocks "
                               "(give -C, --keep-weight and --smoothing, or pages of more sites)", k + 1);
            else
                shai_fail(st, rc, "fold %d: training failed", k + 1);
            goto done;
        }
        /* held-out pages: stacked features from this fold's stage 1 */
        for (p = 0; p < c->n; p++)
            if (out[p]) shai_dataset_stack_page(d, p, m->w[SHAI_M_STAGE1], m->b[SHAI_M_STAGE1], s1);
        m->threshold = o->threshold;
        memset(&fe, 0, sizeof fe);
        if ((rc = shai_eval_rows(d, c, te, nte, m, &fe, o))) {
            shai_fail(st, rc, "fold %d: %s", k + 1, shai_strerror(rc));
            goto done;
        }
        shai_eval_metrics(&fe, &mt);
        shai_log(0, "fold %d/%d: C=%g keep_weight=%g smoothing=%g, %zu test blocks, drop F1 %.4f, content kept %.4f, junk left %.4f",
                 k + 1, folds, C, K, m->smooth_lambda, nte, mt.drop_f1, mt.content_kept, mt.junk_left);
        shai_eval_add(ev, &fe);
        /* the same fold's model at the curve's other thresholds */
        for (i = 0; i < o->ncurve; i++) {
            m->threshold = o->curve[i];
            memset(&fe, 0, sizeof fe);
            if ((rc = shai_eval_rows(d, c, te, nte, m, &fe, NULL))) {
                shai_fail(st, rc, "fold %d: %s", k + 1, shai_strerror(rc));
                goto done;
            }
            shai_eval_add(&o->curve_ev[i], &fe);
        }
    }
    for (p = 0; p < c->n; p++)
        if (d->real[p]) {
            ev->pages++;
            for (i = 0; i < o->ncurve; i++) o->curve_ev[i].pages++;
        }
    for (p = 0; p < d->n; p++)
        if (d->label[p] < 0 && d->real[d->page[p]]) {
            ev->unscored++;
            for (i = 0; i < o->ncurve; i++) o->curve_ev[i].unscored++;
        }
done:
    free(te); free(fop); free(in); free(out); free(s1);
    shai_dataset_free(d);
    shai_model_free(m);
    return rc;
}
