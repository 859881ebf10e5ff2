/*
 * test_train.c — libsvm export, determinism, grouped folds, and the
 * train -> save -> load -> eval round trip (src/lib/train.c).
 */
#include "testutil.h"
#include "internal.h"
#include "train.h"

#include <libsvm/svm.h>
#include <ctype.h>
#include <math.h>

static shai_corpus *mini(void)
{
    shai_corpus *c = shai_corpus_new();
    shai_status st;
    assert_non_null(c);
    if (shai_corpus_add_file(c, TU_DATA "mini.lbl", &st)) fail_msg("%s", st.msg);
    return c;
}

/* The feature rows of mini.lbl with an untrained model's lexicons; the
 * caller frees the three (free_mini_dataset). */
static shai_dataset *mini_dataset(shai_corpus **c, shai_model **m)
{
    shai_status st;
    shai_dataset *d;
    *c = mini();
    *m = shai_model_new_untrained("../../models", &st);
    assert_non_null(*m);
    d = shai_dataset_build(*c, *m, &st);
    assert_non_null(d);
    return d;
}

static void free_mini_dataset(shai_dataset *d, shai_model *m, shai_corpus *c)
{
    shai_dataset_free(d);
    shai_model_free(m);
    shai_corpus_free(c);
}

/* w.x + b from the exported weights equals libsvm's own decision value. */
static void test_export_matches_svm_predict_values(void **state)
{
    shai_corpus *c;
    shai_model *m;
    shai_dataset *d = mini_dataset(&c, &m);
    struct svm_problem prob = {0, NULL, NULL};
    struct svm_model *sm;
    size_t *rows, n = 0, i;
    int *y;
    double w[SHAI_NW], b, maxdiff = 0;
    (void)state;
    rows = malloc(d->n * sizeof *rows);
    y = malloc(d->n * sizeof *y);
    assert_non_null(rows);
    assert_non_null(y);
    for (i = 0; i < d->n; i++)
        if (d->label[i] >= 0) { rows[n] = i; y[n] = d->label[i] != SHAI_CONTENT ? 1 : -1; n++; }
    assert_true(n > 100);
    sm = shai_svm_fit(d->base_rows, rows, n, y, 1.0, 1.0, 2.0, &prob);
    assert_non_null(sm);
    shai_svm_export(sm, w, &b);
    /* the rows hold spam features, which libsvm sees scaled (and the
     * export scales back), and the model weighs them: the sums below
     * check that too */
    {
        size_t spam_rows = 0, spam_w = 0, j;
        for (i = 0; i < n; i++)
            for (j = 0; j < SHAI_NFEAT; j++)
                if (shai_feature_family(j) == FAM_SPAM && d->X[rows[i] * SHAI_NFEAT + j] != 0) { spam_rows++; break; }
        for (j = 0; j < SHAI_NW; j++) spam_w += shai_feature_family(j % SHAI_NFEAT) == FAM_SPAM && w[j] != 0;
        assert_true(spam_rows >= 10);
        assert_true(spam_w > 0);
    }
    for (i = 0; i < n; i++) {
        double dec, mine = b, sign = svm_get_nr_class(sm) == 2 && sm->label[0] == 1 ? 1.0 : -1.0;
        const double *x = d->X + rows[i] * SHAI_NFEAT;
        size_t j, off = (size_t)shai_regime(x) * SHAI_NFEAT;
        for (j = 0; j < SHAI_NFEAT; j++)
            if (shai_feature_family(j) != FAM_STACK) mine += w[off + j] * x[j];
        svm_predict_values(sm, d->base_rows[rows[i]], &dec);
        if (fabs(mine - sign * dec) > maxdiff) maxdiff = fabs(mine - sign * dec);
    }
    assert_true(maxdiff < 1e-9);
    svm_free_and_destroy_model(&sm);
    free(prob.x);
    free(prob.y);
    free(rows);
    free(y);
    free_mini_dataset(d, m, c);
}

/* Every node of rows (of d) holds its feature's value times the prior
 * scale; returns how many were scaled by more than 1. */
static size_t check_scaled_rows(const shai_dataset *d, struct svm_node **rows)
{
    size_t i, scaled = 0;
    for (i = 0; i < d->n; i++) {
        const struct svm_node *x = rows[i];
        size_t off = (size_t)shai_regime(d->X + i * SHAI_NFEAT) * SHAI_NFEAT;
        for (; x->index != -1; x++) {
            size_t k = (size_t)x->index - 1 - off;
            assert_true(k < SHAI_NFEAT);
            assert_true(x->value == d->X[i * SHAI_NFEAT + k] * shai_feature_prior(k));
            scaled += shai_feature_prior(k) != 1.0;
        }
    }
    return scaled;
}

/* The prior scale: 4 for the spam lexicon features, 1 for the rest, and
 * the libsvm rows (base and full) hold each value times it. */
static void test_feature_prior_scales_rows(void **state)
{
    shai_corpus *c;
    shai_model *m;
    shai_dataset *d = mini_dataset(&c, &m);
    size_t j;
    (void)state;
    for (j = 0; j < SHAI_NFEAT; j++)
        assert_true(shai_feature_prior(j) == (shai_feature_family(j) == FAM_SPAM ? 4.0 : 1.0));
    assert_true(shai_feature_prior(SHAI_F_ADULT_COVER) == 4.0);
    assert_true(shai_feature_prior(SHAI_F_LEN_LOG) == 1.0);
    assert_true(check_scaled_rows(d, d->base_rows) > 0);
    assert_int_equal(shai_dataset_nodes(d, 0, &d->full_nodes, &d->full_rows), SHAI_OK);
    assert_true(check_scaled_rows(d, d->full_rows) > 0);
    free_mini_dataset(d, m, c);
}

/* Nodes of rows (of d) whose feature is of family fam. */
static size_t nodes_of_family(const shai_dataset *d, struct svm_node **rows, int fam)
{
    size_t i, found = 0;
    for (i = 0; i < d->n; i++) {
        const struct svm_node *x;
        for (x = rows[i]; x->index != -1; x++)
            found += shai_feature_family((size_t)(x->index - 1) % SHAI_NFEAT) == fam;
    }
    return found;
}

/* shai_dataset_nodes leaves out exactly the families in its mask: the
 * base rows have no stacked features, rows without FAM_LIST none of the
 * page shares (mini.lbl's article pages have them non-zero), and a row
 * loses no other node. */
static void test_nodes_skip_families(void **state)
{
    shai_corpus *c;
    shai_model *m;
    shai_dataset *d = mini_dataset(&c, &m);
    struct svm_node *nodes = NULL, **rows = NULL;
    size_t i, nfull = 0, nlist = 0, nskip = 0;
    (void)state;
    assert_int_equal(shai_dataset_nodes(d, 0u, &d->full_nodes, &d->full_rows), SHAI_OK);
    assert_int_equal(shai_dataset_nodes(d, SHAI_FAMBIT(FAM_LIST), &nodes, &rows), SHAI_OK);
    assert_int_equal(nodes_of_family(d, d->base_rows, FAM_STACK), 0);
    assert_int_equal(nodes_of_family(d, d->base_rows, FAM_WHY), 0);
    assert_true(nodes_of_family(d, d->full_rows, FAM_LIST) > 0);
    assert_true(nodes_of_family(d, d->full_rows, FAM_WHY) > 0);   /* mini.lbl's spam pages */
    assert_int_equal(nodes_of_family(d, rows, FAM_LIST), 0);
    for (i = 0; i < d->n; i++) {
        const struct svm_node *x;
        size_t j;
        for (x = d->full_rows[i]; x->index != -1; x++) nfull++;
        for (x = rows[i]; x->index != -1; x++) nskip++;
        for (j = 0; j < SHAI_NFEAT; j++)
            nlist += shai_feature_family(j) == FAM_LIST && d->X[i * SHAI_NFEAT + j] != 0;
    }
    assert_int_equal(nskip + nlist, nfull);
    free(nodes);
    free(rows);
    free_mini_dataset(d, m, c);
}

static shai_model *train_fixed(const shai_corpus *c)
{
    shai_train_opts o;
    shai_status st;
    shai_model *m;
    shai_train_opts_default(&o);
    o.lexicon_dir = "../../models";
    o.c = 1.0;
    o.keep_weight = 2.0;
    m = shai_train(c, &o, &st);
    if (!m) fail_msg("%s", st.msg);
    return m;
}

/* Options for a quick cross-validation of mini.lbl: fixed C and weight. */
static void cv_opts(shai_train_opts *o)
{
    shai_train_opts_default(o);
    o->lexicon_dir = "../../models";
    o->c = 1.0;
    o->keep_weight = 2.0;
}

/* The content characters a model trained on c with keep weight kw keeps
 * of c's pages (fixed C and smoothing). */
static double kept_with_weight(const shai_corpus *c, double kw)
{
    shai_train_opts o;
    shai_status st;
    shai_model *m;
    shai_filter *f;
    shai_eval ev;
    shai_metrics mt;
    size_t p;
    cv_opts(&o);
    o.keep_weight = kw;
    o.smoothing = 0.5;
    m = shai_train(c, &o, &st);
    if (!m) fail_msg("%s", st.msg);
    f = shai_filter_new(m, shai_model_threshold(m));
    assert_non_null(f);
    memset(&ev, 0, sizeof ev);
    for (p = 0; p < shai_corpus_pages(c); p++) assert_int_equal(shai_eval_page(f, c, p, &ev, NULL), SHAI_OK);
    shai_eval_metrics(&ev, &mt);
    shai_filter_free(f);
    shai_model_free(m);
    return mt.content_kept;
}

/* The keep weight weighs the content class: a heavier one keeps more of
 * the content (and a lighter one less). */
static void test_keep_weight_keeps_content(void **state)
{
    shai_corpus *c = mini();
    double light = kept_with_weight(c, 0.25), heavy = kept_with_weight(c, 16.0);
    (void)state;
    if (!(heavy > light)) fail_msg("content kept: keep weight 16 %g, keep weight 0.25 %g", heavy, light);
    shai_corpus_free(c);
}

/* Options that cannot be used are refused before any work: a NULL
 * lexicon directory, and a C, keep weight or smoothing that is not a
 * finite number (the model saved from it could not be loaded). */
static void test_options_refused(void **state)
{
    shai_corpus *c = mini();
    shai_train_opts o;
    shai_status st;
    shai_eval ev;
    const double bad[] = { NAN, INFINITY, -INFINITY };
    size_t i, k;
    (void)state;
    for (i = 0; i < 3; i++)
        for (k = 0; k < 3; k++) {
            shai_train_opts_default(&o);
            o.lexicon_dir = "../../models";
            if (k == 0) o.c = bad[i];
            else if (k == 1) o.keep_weight = bad[i];
            else o.smoothing = bad[i];
            memset(&st, 0, sizeof st);
            assert_null(shai_train(c, &o, &st));
            assert_int_equal(st.code, SHAI_ERR_INVALID);
            assert_non_null(strstr(st.msg, "finite"));
            memset(&ev, 0, sizeof ev);
            assert_int_equal(shai_cross_validate(c, &o, 3, &ev, &st), SHAI_ERR_INVALID);
        }
    shai_train_opts_default(&o);
    o.lexicon_dir = NULL;
    assert_null(shai_train(c, &o, &st));
    assert_int_equal(st.code, SHAI_ERR_INVALID);
    assert_string_equal(st.msg, "no lexicon directory (lexicon_dir is NULL)");
    memset(&ev, 0, sizeof ev);
    assert_int_equal(shai_cross_validate(c, &o, 3, &ev, &st), SHAI_ERR_INVALID);
    shai_corpus_free(c);
}

/* The code-line features (FAM_KEEP) are evidence of keep or drop: trained
 * on pages that hold code lines, stage 1 and the drop model weigh them,
 * the reason models never do. */
static void test_keep_family(void **state)
{
    shai_corpus *c = mini();
    shai_status st;
    shai_model *m;
    size_t j, keep_nz = 0;
    int k;
    (void)state;
    if (shai_corpus_add_file(c, TU_DATA "code.lbl", &st)) fail_msg("%s", st.msg);
    m = train_fixed(c);
    for (j = 0; j < SHAI_NW; j++) {
        if (shai_feature_family(j % SHAI_NFEAT) != FAM_KEEP) continue;
        for (k = SHAI_M_REASON0; k < SHAI_NMODELS; k++) assert_true(m->w[k][j] == 0);
        keep_nz += m->w[SHAI_M_STAGE1][j] != 0;
        keep_nz += m->w[SHAI_M_DROP][j] != 0;
    }
    assert_true(keep_nz > 0);
    shai_model_free(m);
    shai_corpus_free(c);
}

static void test_deterministic_and_round_trip(void **state)
{
    shai_corpus *c = mini();
    shai_model *a = train_fixed(c), *b = train_fixed(c), *loaded;
    shai_status st;
    char pa[512], pb[512];
    char *da, *db;
    size_t na, nb, p;
    shai_eval e1, e2;
    shai_filter *f1, *f2;
    shai_metrics mt;
    (void)state;
    snprintf(pa, sizeof pa, "../../models/test-a-%d.model", (int)getpid());
    snprintf(pb, sizeof pb, "../../models/test-b-%d.model", (int)getpid());
    assert_int_equal(shai_model_save(a, pa, &st), SHAI_OK);
    assert_int_equal(shai_model_save(b, pb, &st), SHAI_OK);
    da = tu_read(pa, &na);
    db = tu_read(pb, &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(da, db, na);                 /* byte-identical */
    assert_non_null(strstr(da, "\nmodel stage1 "));
    /* the reason models never see the page shares (FAM_LIST) or the code
     * lines (FAM_KEEP; mini.lbl holds none), the drop model weighs the
     * shares, and stage 1 never sees the stacked features;
     * the reasons' own page evidence (FAM_WHY) only the reason models see */
    {
        size_t j, list_drop = 0, why_reason = 0;
        int k;
        for (j = 0; j < SHAI_NW; j++) {
            int fam = shai_feature_family(j % SHAI_NFEAT);
            for (k = SHAI_M_REASON0; k < SHAI_NMODELS; k++) {
                if (fam == FAM_LIST || fam == FAM_KEEP) assert_true(a->w[k][j] == 0);
                why_reason += fam == FAM_WHY && a->w[k][j] != 0;
            }
            if (fam == FAM_STACK) assert_true(a->w[SHAI_M_STAGE1][j] == 0);
            if (fam == FAM_WHY) {
                assert_true(a->w[SHAI_M_STAGE1][j] == 0);
                assert_true(a->w[SHAI_M_DROP][j] == 0);
            }
            list_drop += fam == FAM_LIST && a->w[SHAI_M_DROP][j] != 0;
        }
        assert_true(list_drop > 0);
        assert_true(why_reason > 0);
    }
    loaded = shai_model_load(pa, &st);
    assert_non_null(loaded);
    /* the loaded model decides exactly as the trained one */
    memset(&e1, 0, sizeof e1);
    memset(&e2, 0, sizeof e2);
    f1 = shai_filter_new(a, shai_model_threshold(a));
    f2 = shai_filter_new(loaded, shai_model_threshold(loaded));
    for (p = 0; p < shai_corpus_pages(c); p++) {
        assert_int_equal(shai_eval_page(f1, c, p, &e1, NULL), SHAI_OK);
        assert_int_equal(shai_eval_page(f2, c, p, &e2, NULL), SHAI_OK);
    }
    assert_memory_equal(&e1, &e2, sizeof e1);
    shai_eval_metrics(&e1, &mt);
    assert_int_equal(e1.unscored, 5);                /* the fixture's '?' blocks */
    assert_true(mt.drop_f1 > 0.9);                   /* on its own training data */
    remove(pa);
    remove(pb);
    free(da);
    free(db);
    shai_filter_free(f1);
    shai_filter_free(f2);
    shai_model_free(a);
    shai_model_free(b);
    shai_model_free(loaded);
    shai_corpus_free(c);
}

/* The CV group of page i of c, as shai_fold_of defines it: the URL's host
 * without "www." when the URL names one, else the id up to '~'. */
static void group_of(const shai_corpus *c, size_t i, char *out, size_t cap)
{
    const char *id = shai_corpus_page_id(c, i), *u = shai_corpus_page_url(c, i);
    const char *h = u ? strstr(u, "://") : NULL;
    if (h) {
        size_t n;
        h += 3;
        if (!strncmp(h, "www.", 4)) h += 4;
        n = strcspn(h, "/?#:");
        snprintf(out, cap, "@%.*s", (int)n, h);
        for (; *out; out++) *out = (char)tolower((unsigned char)*out);
    } else {
        snprintf(out, cap, "%.*s", (int)strcspn(id, "~"), id);
    }
}

static void test_folds_group_pages(void **state)
{
    shai_corpus *c = mini();
    size_t i, j;
    int k;
    char ga[256], gb[256];
    (void)state;
    assert_int_equal(shai_fold_of(NULL, NULL, 5, 1), 0);
    assert_int_equal(shai_fold_of("x", "http://a.cn/", 1, 1), 0);
    assert_int_equal(shai_fold_of("cwt-016~g1", NULL, 5, 1), shai_fold_of("cwt-016", NULL, 5, 1));
    assert_int_equal(shai_fold_of("cwt-016~p1", "", 5, 1), shai_fold_of("cwt-016", NULL, 5, 1));
    /* one site, one fold: host case, "www.", port, path and id ignored */
    for (k = 1; k <= 20; k++) {
        char id[32];
        snprintf(id, sizeof id, "page-%d", k);
        assert_int_equal(shai_fold_of(id, "https://WWW.Bbs.Example.cn:8080/t/1.html", 5, (unsigned)k),
                         shai_fold_of("other", "http://bbs.example.cn/", 5, (unsigned)k));
    }
    /* a URL without a host groups by id, like no URL */
    assert_int_equal(shai_fold_of("cwt-016", "not a url", 5, 3), shai_fold_of("cwt-016", NULL, 5, 3));
    /* hosts spread over the folds: 40 sites of one id leave no fold empty */
    for (k = 0; k < 5; k++) {
        int any = 0, s;
        for (s = 0; s < 40; s++) {
            char u[64];
            snprintf(u, sizeof u, "http://site%d.example.cn/", s);
            any |= shai_fold_of("same-id", u, 5, 1) == k;
        }
        assert_true(any);
    }
    /* no group on both sides of any split of mini.lbl */
    for (k = 0; k < 5; k++)
        for (i = 0; i < shai_corpus_pages(c); i++)
            for (j = 0; j < shai_corpus_pages(c); j++) {
                group_of(c, i, ga, sizeof ga);
                group_of(c, j, gb, sizeof gb);
                if (!strcmp(ga, gb))
                    assert_int_equal(shai_fold_of(shai_corpus_page_id(c, i), shai_corpus_page_url(c, i), 5, 1) == k,
                                     shai_fold_of(shai_corpus_page_id(c, j), shai_corpus_page_url(c, j), 5, 1) == k);
            }
    /* folds spread: the groups of mini.lbl leave no fold empty */
    for (k = 0; k < 5; k++) {
        int any = 0;
        for (i = 0; i < shai_corpus_pages(c); i++)
            any |= shai_fold_of(shai_corpus_page_id(c, i), shai_corpus_page_url(c, i), 5, 1) == k;
        assert_true(any);
    }
    shai_corpus_free(c);
}

static void test_cross_validate_counts_real_pages(void **state)
{
    shai_corpus *c = mini();
    shai_train_opts o;
    shai_status st;
    shai_eval ev;
    size_t p, real = 0, blocks = 0, nb, j;
    (void)state;
    cv_opts(&o);
    memset(&ev, 0, sizeof ev);
    assert_int_equal(shai_cross_validate(c, &o, 3, &ev, &st), SHAI_OK);
    for (p = 0; p < shai_corpus_pages(c); p++) {
        const int *lab;
        if (strchr(shai_corpus_page_id(c, p), '~')) continue;
        real++;
        lab = shai_corpus_page_labels(c, p, &nb);
        for (j = 0; j < nb; j++) blocks += lab[j] >= 0;
    }
    /* every scored block of every real page is scored exactly once */
    assert_int_equal(ev.pages, real);
    assert_int_equal(ev.blocks, blocks);
    shai_corpus_free(c);
}

/* Per-page counts (o.page_ev, for shai_eval_bootstrap): each real page
 * gets its own scored blocks, synthetic pages and a page that only
 * trains none, and they add up to the run's counts. */
static void test_cross_validate_page_counts(void **state)
{
    shai_corpus *c = mini();
    shai_train_opts o;
    shai_status st;
    shai_eval ev, sum, *pev;
    size_t p, np = shai_corpus_pages(c), nb = 0, j;
    (void)state;
    cv_opts(&o);
    memset(&ev, 0, sizeof ev);
    memset(&sum, 0, sizeof sum);
    pev = calloc(np, sizeof *pev);
    assert_non_null(pev);
    o.page_ev = pev;
    assert_null(strchr(shai_corpus_page_id(c, 0), '~'));          /* a real page, */
    assert_true(shai_corpus_page_labels(c, 0, &nb)[0] >= 0);       /* with labels, */
    assert_int_equal(shai_corpus_set_scored(c, 0, 0), SHAI_OK);   /* that trains in every fold */
    assert_int_equal(shai_cross_validate(c, &o, 3, &ev, &st), SHAI_OK);
    for (p = 0; p < np; p++) {
        const int *lab = shai_corpus_page_labels(c, p, &nb);
        size_t scored = 0;
        for (j = 0; j < nb; j++) scored += lab[j] >= 0;
        if (strchr(shai_corpus_page_id(c, p), '~') || !shai_corpus_page_scored(c, p)) scored = 0;
        assert_int_equal(pev[p].blocks, scored);
        shai_eval_add(&sum, &pev[p]);
    }
    assert_memory_equal(sum.confusion, ev.confusion, sizeof ev.confusion);
    assert_memory_equal(sum.gold_chars, ev.gold_chars, sizeof ev.gold_chars);
    assert_memory_equal(sum.kept_chars, ev.kept_chars, sizeof ev.kept_chars);
    assert_int_equal(sum.blocks, ev.blocks);
    free(pev);
    shai_corpus_free(c);
}

/* Pages set not to be scored (shai eval --train-also) are never scored,
 * train in every fold, and leave the other pages' counts whole; a page
 * out of range is refused. */
static void test_cross_validate_train_only(void **state)
{
    shai_corpus *c = mini();
    shai_train_opts o;
    shai_status st;
    shai_eval ev;
    size_t p, np = shai_corpus_pages(c), real = 0, blocks = 0, nb = 0, j, off = 0;
    (void)state;
    cv_opts(&o);
    memset(&ev, 0, sizeof ev);
    assert_int_equal(shai_corpus_set_scored(c, np, 0), SHAI_ERR_INVALID);
    assert_int_equal(shai_corpus_set_scored(NULL, 0, 0), SHAI_ERR_INVALID);
    assert_int_equal(shai_corpus_page_scored(c, np), 0);
    /* every other real page trains only */
    for (p = 0; p < np; p++) {
        const int *lab;
        assert_int_equal(shai_corpus_page_scored(c, p), 1);
        if (strchr(shai_corpus_page_id(c, p), '~')) continue;
        if (off++ % 2) {
            assert_int_equal(shai_corpus_set_scored(c, p, 0), SHAI_OK);
            assert_int_equal(shai_corpus_page_scored(c, p), 0);
            continue;
        }
        real++;
        lab = shai_corpus_page_labels(c, p, &nb);
        for (j = 0; j < nb; j++) blocks += lab[j] >= 0;
    }
    assert_true(real > 0 && real < off);
    assert_int_equal(shai_cross_validate(c, &o, 3, &ev, &st), SHAI_OK);
    assert_int_equal(ev.pages, real);
    assert_int_equal(ev.blocks, blocks);
    shai_corpus_free(c);
}

/* A page that only trains but shares a site with a scored page stays out
 * of the fold that tests that site: here the scored page of a.example
 * holds content only and the only junk is another page of a.example, so
 * that fold has no junk to train on and the run fails as it must; with
 * the junk page on another site it trains in every fold. */
static void test_cross_validate_train_only_site(void **state)
{
    static const char scored[] =
        "#page\tt1\thttp://a.example/1\nK\t今天天气很好，我们去公园散步吧。\nK\t第二段正文也很长，足够做测试。\n";
    static const char content[] =
        "#page\tt3\thttp://c.example/3\nK\t第三篇文章的正文，讲的是别的事情。\n";
    static const char *const junk[2] = {
        "#page\tt2\thttp://www.a.example/2\nB\t首页 关于我们\nB\t联系我们\n",
        "#page\tt2\thttp://b.example/2\nB\t首页 关于我们\nB\t联系我们\n",
    };
    int k;
    (void)state;
    for (k = 0; k < 2; k++) {
        shai_corpus *c = shai_corpus_new();
        shai_train_opts o;
        shai_status st;
        shai_eval ev;
        assert_non_null(c);
        assert_int_equal(shai_corpus_add_buffer(c, "scored", scored, sizeof scored - 1, &st), SHAI_OK);
        assert_int_equal(shai_corpus_add_buffer(c, "content", content, sizeof content - 1, &st), SHAI_OK);
        assert_int_equal(shai_corpus_add_buffer(c, "junk", junk[k], strlen(junk[k]), &st), SHAI_OK);
        assert_int_equal(shai_corpus_set_scored(c, 1, 0), SHAI_OK);
        assert_int_equal(shai_corpus_set_scored(c, 2, 0), SHAI_OK);
        cv_opts(&o);
        o.smoothing = 0.5;      /* nothing to choose it on */
        memset(&ev, 0, sizeof ev);
        if (k == 0) {
            assert_int_equal(shai_cross_validate(c, &o, 2, &ev, &st), SHAI_ERR_TRAIN);
            assert_non_null(strstr(st.msg, "no junk block"));
        } else {
            assert_int_equal(shai_cross_validate(c, &o, 2, &ev, &st), SHAI_OK);
            assert_int_equal(ev.pages, 1);
            assert_int_equal(ev.blocks, 2);
        }
        shai_corpus_free(c);
    }
}

/* A threshold curve: the point at the run's own threshold counts exactly
 * what the run does, each point counts every block once, and a curve
 * without its arrays is refused. */
static void test_cross_validate_curve(void **state)
{
    shai_corpus *c = mini();
    shai_train_opts o;
    shai_status st;
    shai_eval ev, cev[3];
    const double t[3] = {-1.0, 0.0, 1.0};
    shai_metrics lo, hi;
    size_t i;
    (void)state;
    cv_opts(&o);
    memset(&ev, 0, sizeof ev);
    memset(cev, 0, sizeof cev);
    o.curve = t;
    o.ncurve = 3;
    o.curve_ev = cev;
    assert_int_equal(shai_cross_validate(c, &o, 3, &ev, &st), SHAI_OK);
    assert_memory_equal(&cev[1], &ev, sizeof ev);
    for (i = 0; i < 3; i++) {
        assert_int_equal(cev[i].blocks, ev.blocks);
        assert_int_equal(cev[i].pages, ev.pages);
    }
    /* a higher threshold drops less: keeps at least as much content */
    shai_eval_metrics(&cev[0], &lo);
    shai_eval_metrics(&cev[2], &hi);
    assert_true(hi.content_kept >= lo.content_kept);
    assert_true(hi.content_kept > lo.content_kept || hi.junk_left > lo.junk_left);
    o.curve_ev = NULL;
    assert_int_equal(shai_cross_validate(c, &o, 3, &ev, &st), SHAI_ERR_INVALID);
    shai_corpus_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export_matches_svm_predict_values),
        cmocka_unit_test(test_feature_prior_scales_rows),
        cmocka_unit_test(test_nodes_skip_families),
        cmocka_unit_test(test_deterministic_and_round_trip),
        cmocka_unit_test(test_keep_family),
        cmocka_unit_test(test_options_refused),
        cmocka_unit_test(test_keep_weight_keeps_content),
        cmocka_unit_test(test_folds_group_pages),
        cmocka_unit_test(test_cross_validate_counts_real_pages),
        cmocka_unit_test(test_cross_validate_train_only),
        cmocka_unit_test(test_cross_validate_train_only_site),
        cmocka_unit_test(test_cross_validate_curve),
        cmocka_unit_test(test_cross_validate_page_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
