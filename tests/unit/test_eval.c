/*
 * test_eval.c — metrics from counts (src/lib/eval.c), against a hand count;
 * another labeling of labeled pages scored against them (shai_eval_page_labels);
 * intervals from a bootstrap over sites (src/lib/eval_bootstrap.c).
 */
#include "testutil.h"
#include "internal.h"

#include <math.h>

static void test_metrics_hand_count(void **state)
{
    shai_eval ev, half;
    shai_metrics m;
    (void)state;
    memset(&ev, 0, sizeof ev);
    /* gold content: 8 kept, 2 dropped as boilerplate;
     * gold boilerplate: 1 kept (as content), 5 boilerplate, 1 adult_spam;
     * gold adult_spam: 3 adult_spam */
    ev.confusion[SHAI_CONTENT][SHAI_CONTENT] = 8;
    ev.confusion[SHAI_CONTENT][SHAI_BOILERPLATE] = 2;
    ev.confusion[SHAI_BOILERPLATE][SHAI_CONTENT] = 1;
    ev.confusion[SHAI_BOILERPLATE][SHAI_BOILERPLATE] = 5;
    ev.confusion[SHAI_BOILERPLATE][SHAI_ADULT_SPAM] = 1;
    ev.confusion[SHAI_ADULT_SPAM][SHAI_ADULT_SPAM] = 3;
    ev.blocks = 20;
    ev.gold_chars[SHAI_CONTENT] = 1000;
    ev.kept_chars[SHAI_CONTENT] = 900;
    ev.gold_chars[SHAI_BOILERPLATE] = 100;
    ev.kept_chars[SHAI_BOILERPLATE] = 10;
    ev.gold_chars[SHAI_ADULT_SPAM] = 50;
    shai_eval_metrics(&ev, &m);
    /* drop: tp = 5+1+3 = 9, fp = 2, fn = 1 */
    assert_true(fabs(m.drop_precision - 9.0 / 11.0) < 1e-12);
    assert_true(fabs(m.drop_recall - 9.0 / 10.0) < 1e-12);
    assert_true(fabs(m.drop_f1 - 2 * (9.0 / 11) * 0.9 / (9.0 / 11 + 0.9)) < 1e-12);
    assert_true(fabs(m.precision[SHAI_CONTENT] - 8.0 / 9.0) < 1e-12);
    assert_true(fabs(m.recall[SHAI_BOILERPLATE] - 5.0 / 7.0) < 1e-12);
    assert_true(fabs(m.precision[SHAI_ADULT_SPAM] - 3.0 / 4.0) < 1e-12);
    assert_true(fabs(m.content_kept - 0.9) < 1e-12);
    assert_true(fabs(m.junk_left - 10.0 / 910.0) < 1e-12);
    assert_true(fabs(m.accuracy - 16.0 / 20.0) < 1e-12);
    assert_true(m.f1[SHAI_GARBLED] == 0);               /* undefined -> 0 */
    /* adding two halves gives the whole */
    memset(&half, 0, sizeof half);
    shai_eval_add(&half, &ev);
    shai_eval_add(&half, &ev);
    assert_int_equal(half.confusion[SHAI_CONTENT][SHAI_CONTENT], 16);
    assert_int_equal(half.blocks, 40);
}

/* shai_eval_page_labels: a second labeling of a page, counted block by
 * block with the page's characters; '?' on either side is not scored. */
static void test_page_labels(void **state)
{
    static const char lbl[] =
        "#page\tp1\n"
        "K\t今天天气很好，我们去公园散步。\n"   /* 15 code points */
        "B\t首页\n"                          /* 2 */
        "A\t澳门赌场\n"                      /* 4 */
        "?\t作者\n";                         /* 2 */
    const int same[] = {SHAI_CONTENT, SHAI_BOILERPLATE, SHAI_ADULT_SPAM, SHAI_BOILERPLATE};
    const int other[] = {SHAI_BOILERPLATE, SHAI_CONTENT, -1, SHAI_CONTENT};
    const int bad[] = {SHAI_CONTENT, SHAI_NLABELS, SHAI_CONTENT, SHAI_CONTENT};
    const int neg[] = {SHAI_CONTENT, -2, SHAI_CONTENT, SHAI_CONTENT};
    shai_status st;
    shai_corpus *c = shai_corpus_new();
    shai_model *m;
    shai_filter *f;
    shai_eval ev;
    shai_metrics mt;
    size_t err = 99;
    (void)state;
    memset(&st, 0, sizeof st);
    m = shai_model_new_untrained("../../models", &st);
    assert_non_null(m);
    f = shai_filter_new(m, 0);
    assert_non_null(f);
    assert_int_equal(shai_corpus_add_buffer(c, "t.lbl", lbl, sizeof lbl - 1, &st), SHAI_OK);

    /* the gold labels themselves: all agree, '?' gold not scored */
    memset(&ev, 0, sizeof ev);
    assert_int_equal(shai_eval_page_labels(f, c, 0, same, 4, &ev, &err), SHAI_OK);
    assert_int_equal(err, 0);
    {   /* its blocks were featurized, never decided: f holds none */
        size_t nb = 99;
        shai_filter_blocks(f, &nb);
        assert_int_equal(nb, 0);
    }
    assert_int_equal(ev.blocks, 3);
    assert_int_equal(ev.unscored, 1);
    assert_int_equal(ev.unlabeled, 0);
    assert_int_equal(ev.pages, 1);
    assert_int_equal(ev.gold_chars[SHAI_CONTENT], 15);
    assert_int_equal(ev.kept_chars[SHAI_CONTENT], 15);
    assert_int_equal(ev.gold_chars[SHAI_ADULT_SPAM], 4);
    assert_int_equal(ev.kept_chars[SHAI_ADULT_SPAM], 0);
    shai_eval_metrics(&ev, &mt);
    assert_true(mt.accuracy == 1.0 && mt.content_kept == 1.0 && mt.junk_left == 0.0);

    /* content dropped, a menu kept, the spam line '?' on the predicted side */
    memset(&ev, 0, sizeof ev);
    assert_int_equal(shai_eval_page_labels(f, c, 0, other, 4, &ev, &err), SHAI_OK);
    assert_int_equal(err, 2);
    assert_int_equal(ev.blocks, 2);
    assert_int_equal(ev.unscored, 1);      /* the gold '?' */
    assert_int_equal(ev.unlabeled, 1);     /* the spam line left '?' */
    assert_int_equal(ev.confusion[SHAI_CONTENT][SHAI_BOILERPLATE], 1);
    assert_int_equal(ev.confusion[SHAI_BOILERPLATE][SHAI_CONTENT], 1);
    assert_int_equal(ev.kept_chars[SHAI_CONTENT], 0);
    assert_int_equal(ev.kept_chars[SHAI_BOILERPLATE], 2);
    shai_eval_metrics(&ev, &mt);
    assert_true(mt.content_kept == 0.0 && mt.junk_left == 1.0);

    /* a labeling of another length, a label out of range: refused, nothing counted */
    memset(&ev, 0, sizeof ev);
    assert_int_equal(shai_eval_page_labels(f, c, 0, same, 3, &ev, NULL), SHAI_ERR_FORMAT);
    assert_int_equal(shai_eval_page_labels(f, c, 0, bad, 4, &ev, NULL), SHAI_ERR_INVALID);
    assert_int_equal(shai_eval_page_labels(f, c, 0, neg, 4, &ev, NULL), SHAI_ERR_INVALID);
    assert_int_equal(shai_eval_page_labels(f, c, 1, same, 4, &ev, NULL), SHAI_ERR_INVALID);
    assert_int_equal(ev.blocks + ev.unscored + ev.unlabeled + ev.pages, 0);

    shai_filter_free(f);
    shai_model_free(m);
    shai_corpus_free(c);
}

/* ------------------------------------------------------------ bootstrap */

/* Four pages on three sites: a.example (two pages), b.example, and a
 * page without a URL (a site of its own). */
static shai_corpus *four_pages(void)
{
    static const char lbl[] =
        "#page\ta1\thttp://www.a.example/1\n" "K\tx\n"
        "#page\ta2\thttp://a.example/2\n" "K\tx\n"
        "#page\tb1\thttp://b.example/\n" "K\tx\n"
        "#page\tc1\n" "K\tx\n";
    shai_status st;
    shai_corpus *c = shai_corpus_new();
    assert_non_null(c);
    memset(&st, 0, sizeof st);
    assert_int_equal(shai_corpus_add_buffer(c, "b.lbl", lbl, sizeof lbl - 1, &st), SHAI_OK);
    assert_int_equal(shai_corpus_pages(c), 4);
    return c;
}

/* One content block of `chars` characters, kept or not. */
static void content_block(shai_eval *ev, size_t chars, int kept)
{
    memset(ev, 0, sizeof *ev);
    ev->confusion[SHAI_CONTENT][kept ? SHAI_CONTENT : SHAI_BOILERPLATE] = 1;
    ev->gold_chars[SHAI_CONTENT] = chars;
    ev->kept_chars[SHAI_CONTENT] = kept ? chars : 0;
    ev->blocks = 1;
}

/* Sites, not pages, are drawn: a.example's two pages (one kept, one
 * lost) always come together, so with every site at content kept 0.5
 * each resample gives 0.5 exactly; were pages drawn, some would give 0
 * or 1. */
static void test_bootstrap_draws_sites(void **state)
{
    shai_corpus *c = four_pages();
    shai_eval pev[4];
    shai_metrics lo, hi;
    size_t sites = 0;
    (void)state;
    content_block(&pev[0], 10, 1);
    content_block(&pev[1], 10, 0);
    memset(&pev[2], 0, sizeof pev[2]);   /* b.example: two blocks, one kept */
    pev[2].confusion[SHAI_CONTENT][SHAI_CONTENT] = 1;
    pev[2].confusion[SHAI_CONTENT][SHAI_BOILERPLATE] = 1;
    pev[2].gold_chars[SHAI_CONTENT] = 20;
    pev[2].kept_chars[SHAI_CONTENT] = 10;
    pev[2].blocks = 2;
    pev[3] = pev[2];
    assert_int_equal(shai_eval_bootstrap(c, pev, NULL, 500, 7, 0.95, &lo, &hi, &sites), SHAI_OK);
    assert_int_equal(sites, 3);
    assert_true(lo.content_kept == 0.5 && hi.content_kept == 0.5);
    assert_true(lo.recall[SHAI_CONTENT] == 0.5 && hi.recall[SHAI_CONTENT] == 0.5);
    shai_corpus_free(c);
}

/* Three sites at content kept 0, 1 and 1 (equal sizes): a resample's
 * value is k/3 for k sites drawn of the kept kind, P(k = 0) = 1/27 and
 * P(k = 3) = 8/27, so the 2.5% point is 0 and the 97.5% point 1; an
 * undefined figure (no garbled block anywhere) is NAN; the same seed
 * gives the same interval, and the interval holds the sample's value. */
static void test_bootstrap_interval(void **state)
{
    shai_corpus *c = four_pages();
    shai_eval pev[4], zero;
    shai_metrics lo, hi, lo2, hi2;
    (void)state;
    content_block(&pev[0], 10, 0);
    content_block(&pev[1], 10, 0);   /* a.example: 20 characters, none kept */
    content_block(&pev[2], 20, 1);
    content_block(&pev[3], 20, 1);
    assert_int_equal(shai_eval_bootstrap(c, pev, NULL, 2000, 1, 0.95, &lo, &hi, NULL), SHAI_OK);
    assert_true(lo.content_kept == 0.0);
    assert_true(hi.content_kept == 1.0);
    assert_true(isnan(lo.recall[SHAI_GARBLED]) && isnan(hi.recall[SHAI_GARBLED]));
    assert_true(isnan(lo.junk_left) == 0 && lo.junk_left == 0 && hi.junk_left == 0);
    /* the middle 70%: the 15% point falls among the draws with one kept
     * site (cumulative 1/27 to 7/27), the 85% point among those with
     * three (from 19/27 on) */
    assert_int_equal(shai_eval_bootstrap(c, pev, NULL, 2000, 1, 0.7, &lo2, &hi2, NULL), SHAI_OK);
    assert_true(fabs(lo2.content_kept - 1.0 / 3) < 1e-12 && hi2.content_kept == 1.0);
    assert_int_equal(shai_eval_bootstrap(c, pev, NULL, 2000, 1, 0.95, &lo2, &hi2, NULL), SHAI_OK);
    assert_memory_equal(&lo, &lo2, sizeof lo);
    assert_memory_equal(&hi, &hi2, sizeof hi);
    /* pages with no scored block are left out; none at all is an error */
    memset(&zero, 0, sizeof zero);
    pev[0] = pev[1] = zero;
    assert_int_equal(shai_eval_bootstrap(c, pev, NULL, 100, 1, 0.95, &lo, &hi, NULL), SHAI_OK);
    assert_true(lo.content_kept == 1.0 && hi.content_kept == 1.0);   /* only the kept sites left */
    pev[2] = pev[3] = zero;
    assert_int_equal(shai_eval_bootstrap(c, pev, NULL, 100, 1, 0.95, &lo, &hi, NULL), SHAI_ERR_INVALID);
    shai_corpus_free(c);
}

/* Paired differences: a model against itself differs by exactly 0 on
 * every resample.  Against a model b that keeps every block: a keeps
 * a1 only, so a.example is at 0.5 and the other two sites at 0; a
 * resample that draws a.example k times of 3 has a's content kept at
 * 10k / (10k + 30), the difference at that minus 1: -1, -0.75, -0.6 or
 * -0.5, with P(k = 0) = 8/27 and P(k = 3) = 1/27, so the 95% interval
 * is [-1, -0.5]. */
static void test_bootstrap_paired(void **state)
{
    shai_corpus *c = four_pages();
    shai_eval a[4], b[4];
    shai_metrics lo, hi;
    int i;
    (void)state;
    for (i = 0; i < 4; i++) {
        content_block(&a[i], 10, i == 0);
        content_block(&b[i], 10, 1);
    }
    assert_int_equal(shai_eval_bootstrap(c, a, a, 300, 3, 0.95, &lo, &hi, NULL), SHAI_OK);
    assert_true(lo.drop_f1 == 0 && hi.drop_f1 == 0 && lo.content_kept == 0 && hi.content_kept == 0);
    assert_true(lo.accuracy == 0 && hi.accuracy == 0);
    assert_int_equal(shai_eval_bootstrap(c, a, b, 2000, 3, 0.95, &lo, &hi, NULL), SHAI_OK);
    assert_true(lo.content_kept == -1.0);
    assert_true(hi.content_kept == -0.5);
    shai_corpus_free(c);
}

/* A figure defined on too few resamples has no interval: a's adult_spam
 * precision needs b.example drawn, b's needs the page without a URL,
 * and the paired difference both, which 3 draws of 3 sites give with
 * probability 1 - 2 (2/3)^3 + (1/3)^3 = 0.44: under half, so NAN; each
 * side alone (0.70) has its interval.  shai_eval_metrics_defined is NAN
 * where shai_eval_metrics gives 0 for want of a denominator. */
static void test_bootstrap_rare_figure(void **state)
{
    shai_corpus *c = four_pages();
    shai_eval a[4], b[4];
    shai_metrics lo, hi, m;
    int i;
    (void)state;
    for (i = 0; i < 4; i++) {
        content_block(&a[i], 10, 1);
        content_block(&b[i], 10, 1);
    }
    a[2].confusion[SHAI_BOILERPLATE][SHAI_ADULT_SPAM] = 1;
    a[2].blocks = 2;
    b[3].confusion[SHAI_ADULT_SPAM][SHAI_ADULT_SPAM] = 1;
    b[3].blocks = 2;
    assert_int_equal(shai_eval_bootstrap(c, a, b, 2000, 5, 0.95, &lo, &hi, NULL), SHAI_OK);
    assert_true(isnan(lo.precision[SHAI_ADULT_SPAM]) && isnan(hi.precision[SHAI_ADULT_SPAM]));
    assert_true(lo.content_kept == 0 && hi.content_kept == 0);
    assert_int_equal(shai_eval_bootstrap(c, a, NULL, 2000, 5, 0.95, &lo, &hi, NULL), SHAI_OK);
    assert_true(lo.precision[SHAI_ADULT_SPAM] == 0 && hi.precision[SHAI_ADULT_SPAM] == 0);
    shai_eval_metrics_defined(&a[2], &m);
    assert_true(m.precision[SHAI_ADULT_SPAM] == 0);          /* predicted, wrongly */
    assert_true(isnan(m.recall[SHAI_ADULT_SPAM]));           /* no gold adult_spam */
    assert_true(isnan(m.precision[SHAI_GARBLED]) && isnan(m.f1[SHAI_GARBLED]));
    assert_true(m.content_kept == 1 && m.junk_left == 0 && m.accuracy == 0.5);
    shai_corpus_free(c);
}

static void test_bootstrap_invalid(void **state)
{
    shai_corpus *c = four_pages();
    shai_eval pev[4];
    shai_metrics lo, hi;
    int i;
    (void)state;
    for (i = 0; i < 4; i++) content_block(&pev[i], 5, 1);
    assert_int_equal(shai_eval_bootstrap(c, pev, NULL, 1, 1, 0.95, &lo, &hi, NULL), SHAI_ERR_INVALID);
    assert_int_equal(shai_eval_bootstrap(c, pev, NULL, 10, 1, 0.0, &lo, &hi, NULL), SHAI_ERR_INVALID);
    assert_int_equal(shai_eval_bootstrap(c, pev, NULL, 10, 1, 1.0, &lo, &hi, NULL), SHAI_ERR_INVALID);
    assert_int_equal(shai_eval_bootstrap(c, pev, NULL, 10, 1, NAN, &lo, &hi, NULL), SHAI_ERR_INVALID);
    assert_int_equal(shai_eval_bootstrap(NULL, pev, NULL, 10, 1, 0.95, &lo, &hi, NULL), SHAI_ERR_INVALID);
    assert_int_equal(shai_eval_bootstrap(c, NULL, NULL, 10, 1, 0.95, &lo, &hi, NULL), SHAI_ERR_INVALID);
    shai_corpus_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metrics_hand_count),
        cmocka_unit_test(test_page_labels),
        cmocka_unit_test(test_bootstrap_draws_sites),
        cmocka_unit_test(test_bootstrap_interval),
        cmocka_unit_test(test_bootstrap_paired),
        cmocka_unit_test(test_bootstrap_rare_figure),
        cmocka_unit_test(test_bootstrap_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
