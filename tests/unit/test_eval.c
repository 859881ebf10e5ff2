/*
 * test_eval.c — metrics from counts (src/lib/eval.c), against a hand count.
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metrics_hand_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
