/*
 * test_eval.c — metrics from counts (src/lib/eval.c), against a hand count;
 * another labeling of labeled pages scored against them (shai_eval_page_labels).
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metrics_hand_count),
        cmocka_unit_test(test_page_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
