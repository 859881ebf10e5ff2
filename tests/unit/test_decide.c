/*
 * test_decide.c — keep/drop and reason decisions, and the page smoothing
 * (src/lib/decide.c).
 */
#include "testutil.h"
#include "internal.h"
#include "featurizer.h"
#include "features_tables.h"

#include <math.h>

/* place bits of a block whose names have no known province */
#define NOPROV ((uint64_t)SHAI_PROVINCE_ALL << SHAI_PLACE_PROV_SHIFT)

/* Blocks with the given drop scores and characters, decided alone at
 * threshold thr as shai_decide does, each with reason scores that make
 * garbled the best reason. */
static void make_blocks_at(shai_block *b, const double *s, const size_t *chars, size_t n, double thr)
{
    size_t i;
    int k;
    memset(b, 0, n * sizeof *b);
    for (i = 0; i < n; i++) {
        b[i].score = s[i];
        b[i].chars = chars[i];
        b[i].label_score[SHAI_CONTENT] = -s[i];
        for (k = 1; k < SHAI_NLABELS; k++) b[i].label_score[k] = k == SHAI_GARBLED ? 1.0 : -1.0;
        shai_decide_set(&b[i], !(s[i] > thr));
    }
}

static void make_blocks(shai_block *b, const double *s, const size_t *chars, size_t n)
{
    make_blocks_at(b, s, chars, n, 0.0);
}

/* The objective smoothing maximises (decide.c), for decisions drop[]. */
static double objective(const double *s, const size_t *chars, size_t n, double thr, double lambda, double scale,
                        const int *drop)
{
    double v = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        double g = 0.5 * (s[i] - thr) * (1.0 + (double)chars[i] / scale);
        v += drop[i] ? g : -g;
        if (i && drop[i] != drop[i - 1]) v -= lambda;
    }
    return v;
}

static void test_decide_set_labels(void **state)
{
    shai_block b;
    double s = 1.5;
    size_t c = 10;
    (void)state;
    make_blocks(&b, &s, &c, 1);
    assert_false(b.keep);
    assert_int_equal(b.label, SHAI_GARBLED);
    shai_decide_set(&b, 1);
    assert_true(b.keep);
    assert_int_equal(b.label, SHAI_CONTENT);
}

/* lambda 0 leaves every block's own decision (drop when s > threshold,
 * a tie keeps). */
static void test_smoothing_off(void **state)
{
    double s[] = {-1, 0.5, 0, 3, -0.2};
    size_t ch[] = {5, 5, 5, 5, 5}, i;
    shai_block b[5];
    unsigned char bp[5];
    (void)state;
    make_blocks(b, s, ch, 5);
    shai_smooth(b, 5, 0.0, 0.0, 50.0, bp);
    for (i = 0; i < 5; i++) assert_int_equal(b[i].keep, !(s[i] > 0));
}

/* The library's own rule, not the helper's: a block is dropped when its
 * score is above the threshold; at the threshold it is kept, alone and
 * through the smoothing (a page of ties keeps everything). */
static void test_tie_keeps(void **state)
{
    double s[SHAI_NLABELS] = {0.25, 1, -1, -1, -1};
    double at[3] = {0.25, 0.25, 0.25};
    size_t ch[3] = {10, 10, 10}, i;
    shai_block b, page[3];
    unsigned char bp[3];
    (void)state;
    memset(&b, 0, sizeof b);
    shai_decide_scores(&b, s, 0.25);
    assert_true(b.keep);
    assert_int_equal(b.label, SHAI_CONTENT);
    s[0] = nextafter(0.25, 1.0);
    shai_decide_scores(&b, s, 0.25);
    assert_false(b.keep);
    assert_int_equal(b.label, SHAI_BOILERPLATE);
    s[0] = -3;
    shai_decide_scores(&b, s, -3.5);                 /* the threshold moves the point */
    assert_false(b.keep);
    make_blocks_at(page, at, ch, 3, 0.25);
    for (i = 0; i < 3; i++) page[i].keep = 0;       /* smoothing decides afresh */
    shai_smooth(page, 3, 0.25, 0.5, 50.0, bp);
    for (i = 0; i < 3; i++) assert_true(page[i].keep);
}

/* A weak junk vote between long paragraphs is kept (a short line in an
 * article body); a strong one (injected spam) is still dropped, with its
 * reason; a weak content vote inside a menu is dropped. */
static void test_smoothing_runs(void **state)
{
    double s1[] = {-3, -4, 0.6, -3, -5};
    double s2[] = {-3, -4, 6.0, -3, -5};
    double s3[] = {2, 1.5, -0.4, 2.5, 3};
    size_t body[] = {120, 200, 8, 150, 90}, menu[] = {4, 4, 30, 4, 4};
    shai_block b[5];
    unsigned char bp[5];
    (void)state;
    make_blocks(b, s1, body, 5);
    assert_false(b[2].keep);
    shai_smooth(b, 5, 0.0, 2.0, 50.0, bp);
    assert_true(b[2].keep);
    assert_int_equal(b[2].label, SHAI_CONTENT);

    make_blocks(b, s2, body, 5);
    shai_smooth(b, 5, 0.0, 2.0, 50.0, bp);
    assert_false(b[2].keep);
    assert_int_equal(b[2].label, SHAI_GARBLED);
    assert_true(b[1].keep && b[3].keep);

    make_blocks(b, s3, menu, 5);
    assert_true(b[2].keep);
    shai_smooth(b, 5, 0.0, 2.0, 50.0, bp);
    assert_false(b[2].keep);
    assert_int_equal(b[2].label, SHAI_GARBLED);
    assert_true(b[2].score == -0.4); /* the block's own score is left alone */
}

/* The threshold still moves the trade-off: raising it keeps more. */
static void test_smoothing_threshold(void **state)
{
    double s[] = {1.0, 1.2, 0.8};
    size_t ch[] = {30, 30, 30};
    shai_block b[3];
    unsigned char bp[3];
    (void)state;
    make_blocks(b, s, ch, 3);
    shai_smooth(b, 3, 0.0, 2.0, 50.0, bp);
    assert_false(b[0].keep || b[1].keep || b[2].keep);
    shai_smooth(b, 3, 1.5, 2.0, 50.0, bp);
    assert_true(b[0].keep && b[1].keep && b[2].keep);
    /* any finite threshold, however far: no overflow to NaN */
    shai_smooth(b, 3, 1e308, 2.0, 50.0, bp);
    assert_true(b[0].keep && b[1].keep && b[2].keep);
    shai_smooth(b, 3, -1e308, 2.0, 50.0, bp);
    assert_false(b[0].keep || b[1].keep || b[2].keep);
}

/* Viterbi finds the best sequence: compared with every sequence of
 * random pages of up to 10 blocks. */
static void test_smoothing_is_optimal(void **state)
{
    unsigned seed = 12345;
    int trial;
    (void)state;
    for (trial = 0; trial < 300; trial++) {
        double s[10], lambda = 0.25 * (double)(trial % 12), thr = (trial % 5) * 0.3 - 0.6, best = -1e300, got;
        size_t ch[10], n = 1 + (size_t)trial % 10, i;
        shai_block b[10];
        unsigned char bp[10];
        int drop[10];
        unsigned long mask;
        for (i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            s[i] = ((double)(seed >> 8 & 0xffff) / 65535.0 - 0.5) * 6.0;
            seed = seed * 1103515245u + 12345u;
            ch[i] = (seed >> 8) % 300;
        }
        for (mask = 0; mask < (1ul << n); mask++) {
            double v;
            for (i = 0; i < n; i++) drop[i] = (int)(mask >> i & 1);
            v = objective(s, ch, n, thr, lambda, 50.0, drop);
            if (v > best) best = v;
        }
        make_blocks_at(b, s, ch, n, thr);
        shai_smooth(b, n, thr, lambda, 50.0, bp);
        for (i = 0; i < n; i++) drop[i] = !b[i].keep;
        got = objective(s, ch, n, thr, lambda, 50.0, drop);
        if (fabs(got - best) >= 1e-9) fail_msg("trial %d n %zu lambda %g: got %g best %g", trial, n, lambda, got, best);
    }
}

/* The reason gate: adult_spam without a strong spam phrase in the block
 * stands only on a page with 3 or more adult_spam blocks and a dropped
 * block with such a phrase; otherwise the best other reason takes it.
 * Keep/drop never changes. */
static void set_reasons(shai_block *b, double a, double bo, double p, double g)
{
    b->label_score[SHAI_ADULT_SPAM] = a;
    b->label_score[SHAI_BOILERPLATE] = bo;
    b->label_score[SHAI_PLACE_LIST] = p;
    b->label_score[SHAI_GARBLED] = g;
    shai_decide_set(b, 0);
}

/* Blocks 0-2 of b best as adult_spam (block 0 place_list next, the others
 * boilerplate), block 3 garbled. */
static void three_spam(shai_block *b)
{
    set_reasons(&b[0], 2.0, 1.0, 1.5, -1.0);
    set_reasons(&b[1], 2.0, 1.0, -1.0, -1.0);
    set_reasons(&b[2], 2.0, 1.0, -1.0, 0.5);
    set_reasons(&b[3], 0.5, -1.0, -1.0, 2.0);
}

static void test_reason_gate(void **state)
{
    enum { N = 5 };
    shai_block b[N];
    double X[N * SHAI_NFEAT];
    const uint64_t lv[N] = { 0 };                 /* mixed levels and provinces: the place gate passes */
    const double s[N] = { 2, 2, 2, 2, -1 };
    const size_t chars[N] = { 10, 10, 10, 10, 10 };
    size_t i;
    (void)state;
    memset(X, 0, sizeof X);
    make_blocks(b, s, chars, N);
    set_reasons(&b[0], 2.0, 1.0, 1.5, -1.0);    /* adult_spam, no phrase: place_list next */
    set_reasons(&b[1], 2.0, 1.0, -1.0, -1.0);   /* adult_spam with a strong phrase */
    X[1 * SHAI_NFEAT + SHAI_F_SPAM_ANY] = 1;
    set_reasons(&b[2], -1.0, 1.0, -1.0, 0.5);   /* boilerplate */
    set_reasons(&b[3], 0.5, -1.0, -1.0, 2.0);   /* garbled, with evidence */
    X[3 * SHAI_NFEAT + SHAI_F_REPL_RATIO] = 1;
    assert_int_equal(b[0].label, SHAI_ADULT_SPAM);
    shai_gate_reasons(b, N, X, lv);
    assert_int_equal(b[0].label, SHAI_PLACE_LIST);
    assert_int_equal(b[1].label, SHAI_ADULT_SPAM);
    assert_int_equal(b[2].label, SHAI_BOILERPLATE);
    assert_int_equal(b[3].label, SHAI_GARBLED);
    assert_true(b[4].keep);
    assert_int_equal(b[4].label, SHAI_CONTENT);
    for (i = 0; i < 4; i++) assert_false(b[i].keep);
    /* exactly three adult_spam blocks, one with a phrase: a spam page,
     * every label stands */
    set_reasons(&b[0], 2.0, 1.0, 1.5, -1.0);
    set_reasons(&b[2], 2.0, 1.0, -1.0, 0.5);
    set_reasons(&b[3], 0.5, -1.0, -1.0, 2.0);
    shai_gate_reasons(b, N, X, lv);
    assert_int_equal(b[0].label, SHAI_ADULT_SPAM);
    assert_int_equal(b[1].label, SHAI_ADULT_SPAM);
    assert_int_equal(b[2].label, SHAI_ADULT_SPAM);
    assert_int_equal(b[3].label, SHAI_GARBLED);
    /* the same three with the phrase moved: nowhere (a clean page's
     * menu lines that the reason models call adult_spam) or in the kept
     * block, and no label stands; back in block 1, all three stand */
    {
        const size_t at[3] = { N, 4, 1 };
        size_t t;
        for (t = 0; t < 3; t++) {
            int spam = at[t] == 1;
            X[1 * SHAI_NFEAT + SHAI_F_SPAM_ANY] = X[4 * SHAI_NFEAT + SHAI_F_SPAM_ANY] = 0;
            if (at[t] < N) X[at[t] * SHAI_NFEAT + SHAI_F_SPAM_ANY] = 1;
            three_spam(b);
            shai_gate_reasons(b, N, X, lv);
            assert_int_equal(b[0].label, spam ? SHAI_ADULT_SPAM : SHAI_PLACE_LIST);
            assert_int_equal(b[1].label, spam ? SHAI_ADULT_SPAM : SHAI_BOILERPLATE);
            assert_int_equal(b[2].label, spam ? SHAI_ADULT_SPAM : SHAI_BOILERPLATE);
            assert_int_equal(b[3].label, SHAI_GARBLED);
            assert_true(b[4].keep);
        }
    }
    /* a kept block whose best reason score is adult_spam is not a
     * candidate, and counts for nothing */
    b[4].label_score[SHAI_ADULT_SPAM] = 9.0;
    set_reasons(&b[3], 2.0, -1.0, -1.0, 1.0);
    shai_gate_reasons(b, N, X, lv);
    for (i = 0; i < 4; i++) assert_int_equal(b[i].label, SHAI_ADULT_SPAM);
    assert_true(b[4].keep);
    assert_int_equal(b[4].label, SHAI_CONTENT);
    /* two, one of them with a phrase: only the other goes */
    set_reasons(&b[3], 0.5, -1.0, -1.0, 2.0);
    set_reasons(&b[2], 2.0, 1.0, -1.0, 0.5);
    set_reasons(&b[0], -1.0, 1.0, 1.5, -1.0);
    shai_gate_reasons(b, N, X, lv);
    assert_int_equal(b[1].label, SHAI_ADULT_SPAM);
    assert_int_equal(b[2].label, SHAI_BOILERPLATE);
    assert_int_equal(b[0].label, SHAI_PLACE_LIST);
    /* the best other reason is a reason, never content, even when the
     * content score (-drop score) is the highest */
    set_reasons(&b[2], 2.0, -5.0, -6.0, -7.0);
    b[2].label_score[SHAI_CONTENT] = 50.0;
    shai_gate_reasons(b, N, X, lv);
    assert_int_equal(b[2].label, SHAI_BOILERPLATE);
    assert_false(b[2].keep);
    shai_gate_reasons(b, 0, X, lv);                  /* an empty page */
}

/* A place list's edges and fillers: a dropped block that is one place
 * name next to a place_list block joins the list, as does a block of
 * up to 4 characters with a place_list block on one side and a
 * place_list block or a dropped place name on the other; the run grows
 * name by name, after the region-menu gate, from the runs it let stand. */
static void test_place_runs_grow(void **state)
{
    enum { N = 10 };
    const uint64_t PREF = SHAI_LEVEL(PREFECTURE) | NOPROV, COUNTY = SHAI_LEVEL(COUNTY) | NOPROV;
    shai_block b[N];
    double X[N * SHAI_NFEAT];
    uint64_t lv[N];
    const double s[N] = { 2, 2, 2, 2, 2, 2, 2, 2, 2, -1 };
    /* 0 a long chrome line; 1, 2 place names the reason models call
     * boilerplate and adult_spam; 3, 4 the list; 5 a filler word; 6 the
     * list; 7 a filler too long to join; 8 a place name past it; 9 kept */
    const size_t chars[N] = { 30, 3, 3, 3, 3, 2, 3, 12, 3, 3 };
    size_t i;
    (void)state;
    memset(X, 0, sizeof X);
    for (i = 0; i < N; i++) X[i * SHAI_NFEAT + SHAI_F_SPAM_ANY] = 1;   /* the spam gate passes */
    for (i = 1; i < N; i++)
        if (i != 5 && i != 7) X[i * SHAI_NFEAT + SHAI_F_PLACE_WHOLE] = 1;
    make_blocks(b, s, chars, N);
    set_reasons(&b[0], -1.0, 1.0, -1.0, -1.0);
    set_reasons(&b[1], -1.0, 1.0, 0.5, -1.0);
    set_reasons(&b[2], 1.0, -1.0, 0.5, -1.0);
    set_reasons(&b[3], -1.0, 1.0, 2.0, -1.0);
    set_reasons(&b[4], -1.0, 1.0, 2.0, -1.0);
    set_reasons(&b[5], 1.0, -1.0, -1.0, -1.0);
    set_reasons(&b[6], -1.0, 1.0, 2.0, -1.0);
    set_reasons(&b[7], -1.0, 1.0, -1.0, -1.0);
    set_reasons(&b[8], -1.0, 1.0, -1.0, -1.0);
    b[9].label_score[SHAI_PLACE_LIST] = 5.0;     /* kept: never a candidate */
    for (i = 0; i < N; i++) lv[i] = i % 2 ? PREF : COUNTY;   /* levels mixed: a farm */
    lv[0] = lv[5] = lv[7] = SHAI_PLACES_NONE;
    shai_gate_reasons(b, N, X, lv);
    assert_int_equal(b[0].label, SHAI_BOILERPLATE);
    for (i = 1; i <= 6; i++) assert_int_equal(b[i].label, SHAI_PLACE_LIST);
    assert_int_equal(b[7].label, SHAI_BOILERPLATE);
    assert_int_equal(b[8].label, SHAI_BOILERPLATE);
    assert_true(b[9].keep);
    assert_int_equal(b[9].label, SHAI_CONTENT);
    for (i = 0; i < 9; i++) assert_false(b[i].keep);
    /* a filler word between a list's last name and a place name the
     * reason models called boilerplate: both join, from either side */
    for (i = 0; i < N; i++) set_reasons(&b[i], -1.0, 1.0, -1.0, -1.0);
    set_reasons(&b[3], -1.0, 1.0, 2.0, -1.0);
    set_reasons(&b[4], -1.0, 1.0, 2.0, -1.0);
    X[2 * SHAI_NFEAT + SHAI_F_PLACE_WHOLE] = 0;
    b[2].chars = 2;                              /* 1 a name, 2 a filler, 3-4 the list */
    X[5 * SHAI_NFEAT + SHAI_F_PLACE_WHOLE] = 0;
    b[5].chars = 2;                              /* 5 a filler, 6 a name, 7 too long */
    X[6 * SHAI_NFEAT + SHAI_F_PLACE_WHOLE] = 1;
    for (i = 0; i < N; i++) lv[i] = i % 2 ? PREF : COUNTY;
    shai_gate_reasons(b, N, X, lv);
    assert_int_equal(b[0].label, SHAI_BOILERPLATE);
    for (i = 1; i <= 6; i++) assert_int_equal(b[i].label, SHAI_PLACE_LIST);
    assert_int_equal(b[7].label, SHAI_BOILERPLATE);
    assert_int_equal(b[8].label, SHAI_BOILERPLATE);
    /* a short block beside a list but with chrome on its other side
     * stays where it is */
    for (i = 0; i < N; i++) set_reasons(&b[i], -1.0, 1.0, -1.0, -1.0);
    set_reasons(&b[3], -1.0, 1.0, 2.0, -1.0);
    set_reasons(&b[4], -1.0, 1.0, 2.0, -1.0);
    X[1 * SHAI_NFEAT + SHAI_F_PLACE_WHOLE] = 0;
    shai_gate_reasons(b, N, X, lv);
    assert_int_equal(b[1].label, SHAI_BOILERPLATE);
    assert_int_equal(b[2].label, SHAI_BOILERPLATE);
    for (i = 3; i <= 6; i++) assert_int_equal(b[i].label, SHAI_PLACE_LIST);
    X[1 * SHAI_NFEAT + SHAI_F_PLACE_WHOLE] = 1;
    X[2 * SHAI_NFEAT + SHAI_F_PLACE_WHOLE] = 1;
    b[2].chars = 3;
    X[5 * SHAI_NFEAT + SHAI_F_PLACE_WHOLE] = 0;
    b[5].chars = 2;
    /* the same list of one level: a menu, whose blocks go to their next
     * reason, and which does not grow (names and filler stay as the
     * reason models had them) */
    for (i = 1; i <= 6; i++) set_reasons(&b[i], i == 2 || i == 5 ? 1.0 : -1.0, i == 2 || i == 5 ? -1.0 : 1.0,
                                         i == 1 || i == 2 ? 0.5 : 2.0, -1.0);
    for (i = 1; i < N; i++)
        if (lv[i] != SHAI_PLACES_NONE) lv[i] = PREF;
    shai_gate_reasons(b, N, X, lv);
    for (i = 1; i <= 6; i++)
        assert_int_equal(b[i].label, i == 2 || i == 5 ? SHAI_ADULT_SPAM : SHAI_BOILERPLATE);
    /* a shop's region selector: provinces the reason models call
     * place_list (a menu), then districts they call boilerplate.  Grown
     * before the gate, the run would mix levels and read as a farm */
    for (i = 0; i < N; i++) {
        set_reasons(&b[i], -1.0, 1.0, i >= 1 && i <= 4 ? 2.0 : -1.0, -1.0);
        X[i * SHAI_NFEAT + SHAI_F_PLACE_WHOLE] = i >= 1 && i <= 8;
        lv[i] = i >= 1 && i <= 4 ? SHAI_LEVEL(PROVINCE) | NOPROV : SHAI_LEVEL(DISTRICT) | NOPROV;
    }
    shai_gate_reasons(b, N, X, lv);
    for (i = 0; i < N - 1; i++) assert_int_equal(b[i].label, SHAI_BOILERPLATE);
}

/* The place_list gate: the page's place_list blocks keep the label only
 * when their place names do not all share a gazetteer level. */
static void test_place_gate(void **state)
{
    enum { N = 5 };
    /* levels with no province known: the level rule alone */
    const uint64_t DISTRICT = SHAI_LEVEL(DISTRICT) | NOPROV, COUNTY = SHAI_LEVEL(COUNTY) | NOPROV,
                   PREF = SHAI_LEVEL(PREFECTURE) | NOPROV;
    shai_block b[N];
    double X[N * SHAI_NFEAT];
    uint64_t lv[N];
    const double s[N] = { 2, 2, 2, 2, -1 };
    const size_t chars[N] = { 10, 10, 10, 10, 10 };
    size_t i;
    (void)state;
    memset(X, 0, sizeof X);
    for (i = 0; i < N; i++) X[i * SHAI_NFEAT + SHAI_F_SPAM_ANY] = 1;   /* the spam gate passes */
    X[2 * SHAI_NFEAT + SHAI_F_MOJIBAKE_PAIRS] = 1;                      /* and the garbled one */
    /* a region menu: districts only (one with a county-level name as
     * well), and a block without place names: all go to their next reason */
    make_blocks(b, s, chars, N);
    set_reasons(&b[0], -1.0, 1.0, 2.0, -1.0);
    set_reasons(&b[1], 1.5, -1.0, 2.0, -1.0);
    set_reasons(&b[2], -1.0, 1.0, 2.0, 1.5);
    set_reasons(&b[3], -1.0, 1.0, -1.0, -1.0);  /* boilerplate: not part of it */
    lv[0] = DISTRICT;
    lv[1] = DISTRICT | COUNTY;
    lv[2] = SHAI_PLACES_NONE;                    /* no place name */
    lv[3] = PREF;
    lv[4] = COUNTY;                              /* kept: not part of it */
    shai_gate_reasons(b, N, X, lv);
    assert_int_equal(b[0].label, SHAI_BOILERPLATE);
    assert_int_equal(b[1].label, SHAI_ADULT_SPAM);   /* its next reason, spam phrase present */
    assert_int_equal(b[2].label, SHAI_GARBLED);
    assert_int_equal(b[3].label, SHAI_BOILERPLATE);
    assert_true(b[4].keep);
    assert_int_equal(b[4].label, SHAI_CONTENT);
    /* a link farm's list: a district, then prefecture and county names */
    set_reasons(&b[0], -1.0, 1.0, 2.0, -1.0);
    set_reasons(&b[1], -1.0, 1.0, 2.0, -1.0);
    set_reasons(&b[2], -1.0, 1.0, 2.0, 1.5);
    lv[1] = PREF | COUNTY;
    shai_gate_reasons(b, N, X, lv);
    for (i = 0; i < 3; i++) assert_int_equal(b[i].label, SHAI_PLACE_LIST);
    /* the same within one block */
    lv[0] = NOPROV;
    lv[1] = lv[2] = SHAI_PLACES_NONE;
    set_reasons(&b[0], -1.0, 1.0, 2.0, -1.0);
    shai_gate_reasons(b, N, X, lv);
    for (i = 0; i < 3; i++) assert_int_equal(b[i].label, SHAI_PLACE_LIST);
    /* Hong Kong, Macau and Taiwan names share their one level: no menu */
    lv[0] = lv[1] = lv[2] = SHAI_LEVEL(HK_MO_TW) | NOPROV;
    shai_gate_reasons(b, N, X, lv);
    for (i = 0; i < 3; i++) assert_int_equal(b[i].label, SHAI_PLACE_LIST);
    lv[2] = lv[0] | DISTRICT;                    /* ... unless they share another */
    lv[0] = lv[1] = lv[2];
    shai_gate_reasons(b, N, X, lv);
    assert_int_equal(b[0].label, SHAI_BOILERPLATE);
    assert_int_equal(b[1].label, SHAI_BOILERPLATE);
    assert_int_equal(b[2].label, SHAI_GARBLED);
    for (i = 0; i < 4; i++) assert_false(b[i].keep);
    /* provinces: levels mixed, but every name whose province is known
     * lies in Shanxi (bit 3), a provincial site's menu: all go */
    {
        const uint64_t SHANXI = (uint64_t)(1u << 3) << SHAI_PLACE_PROV_SHIFT,
                       BEIJING = (uint64_t)(1u << 0) << SHAI_PLACE_PROV_SHIFT;
        const uint64_t LV = SHAI_LEVEL(DISTRICT) | SHAI_LEVEL(COUNTY);
        lv[0] = SHAI_LEVEL(DISTRICT) | SHANXI;
        lv[1] = SHAI_LEVEL(COUNTY) | SHANXI | BEIJING;        /* a name of both */
        lv[2] = SHAI_LEVEL(SHORT) | NOPROV;                   /* none known */
        set_reasons(&b[0], -1.0, 1.0, 2.0, -1.0);
        set_reasons(&b[1], -1.0, 1.0, 2.0, -1.0);
        set_reasons(&b[2], -1.0, 1.0, 2.0, -1.0);
        shai_gate_reasons(b, N, X, lv);
        for (i = 0; i < 3; i++) assert_int_equal(b[i].label, SHAI_BOILERPLATE);
        /* one name of Beijing alone among them: two provinces, a farm */
        lv[2] = SHAI_LEVEL(SHORT) | BEIJING;
        for (i = 0; i < 3; i++) set_reasons(&b[i], -1.0, 1.0, 2.0, -1.0);
        shai_gate_reasons(b, N, X, lv);
        for (i = 0; i < 3; i++) assert_int_equal(b[i].label, SHAI_PLACE_LIST);
        /* one name of unknown province (Hong Kong, a historical county)
         * among Shanxi's: it could be from anywhere, so no menu */
        lv[0] = SHAI_LEVEL(DISTRICT) | SHANXI;
        lv[1] = SHAI_LEVEL(COUNTY) | SHANXI | SHAI_PLACE_UNPLACED;
        lv[2] = SHAI_LEVEL(SHORT) | SHANXI;
        for (i = 0; i < 3; i++) set_reasons(&b[i], -1.0, 1.0, 2.0, -1.0);
        shai_gate_reasons(b, N, X, lv);
        for (i = 0; i < 3; i++) assert_int_equal(b[i].label, SHAI_PLACE_LIST);
        /* no province known anywhere and levels mixed: no menu either */
        lv[0] = lv[1] = lv[2] = NOPROV;
        lv[0] |= LV;
        shai_gate_reasons(b, N, X, lv);
        for (i = 0; i < 3; i++) assert_int_equal(b[i].label, SHAI_PLACE_LIST);
    }
}

/* A page of n blocks for the place_list gate by runs: every block
 * dropped and best as boilerplate, but blocks 0, 1, `second` and n-1
 * best as place_list and block n/2 as adult_spam (place_list next). */
static void place_runs_page(shai_block *b, size_t n, size_t second)
{
    size_t i;
    for (i = 0; i < n; i++) set_reasons(&b[i], -1.0, 1.0, -1.0, -1.0);
    set_reasons(&b[0], -1.0, 1.0, 2.0, -1.0);
    set_reasons(&b[1], -1.0, 1.0, 2.0, -1.0);
    set_reasons(&b[second], -1.0, 1.0, 2.0, -1.0);
    set_reasons(&b[n - 1], -1.0, 1.0, 2.0, -1.0);
    set_reasons(&b[n / 2], 2.0, -1.0, 1.5, -1.0);
}

/* Gates the page of place_runs_page with its provinces' menu (levels
 * shared, provinces mixed) at blocks `second` and n-1 and checks the
 * labels of its four place_list blocks: the cities' menu (0, 1) and the
 * provinces' (second, n-1). */
static void place_runs_expect(shai_block *b, size_t n, const double *X, uint64_t *lv,
                              size_t second, int cities, int provinces)
{
    const uint64_t BEIJING = (uint64_t)(1u << 0) << SHAI_PLACE_PROV_SHIFT,
                   HEBEI = (uint64_t)(1u << 2) << SHAI_PLACE_PROV_SHIFT;
    size_t i;
    for (i = 2; i < n; i++) lv[i] = SHAI_PLACES_NONE;
    lv[second] = SHAI_LEVEL(SHORT) | BEIJING;
    lv[n - 1] = SHAI_LEVEL(SHORT) | HEBEI;
    place_runs_page(b, n, second);
    shai_gate_reasons(b, n, X, lv);
    assert_int_equal(b[0].label, cities);
    assert_int_equal(b[1].label, cities);
    assert_int_equal(b[second].label, provinces);
    assert_int_equal(b[n - 1].label, provinces);
}

/* The place_list gate by runs: place_list blocks further apart than
 * SHAI_PLACE_RUN_GAP are gated apart.  A provincial site's city menu
 * (one province, levels mixed) near the top and the provinces' menu (one
 * level, provinces mixed) far below are both menus, though the two
 * together share neither; a farm far below a menu keeps its label, and
 * then a block moved off another reason may go to place_list. */
static void test_place_gate_runs(void **state)
{
    enum { GAP = SHAI_PLACE_RUN_GAP, N = GAP + 6 };
    const uint64_t SHANXI = (uint64_t)(1u << 3) << SHAI_PLACE_PROV_SHIFT,
                   BEIJING = (uint64_t)(1u << 0) << SHAI_PLACE_PROV_SHIFT,
                   HEBEI = (uint64_t)(1u << 2) << SHAI_PLACE_PROV_SHIFT;
    shai_block b[N];
    double X[N * SHAI_NFEAT];
    uint64_t lv[N];
    double s[N];
    size_t chars[N], i;
    (void)state;
    memset(X, 0, sizeof X);
    for (i = 0; i < N; i++) {
        s[i] = 2;
        chars[i] = 10;
        X[i * SHAI_NFEAT + SHAI_F_SPAM_ANY] = 1;  /* the spam gate passes */
    }
    make_blocks(b, s, chars, N);
    lv[0] = SHAI_LEVEL(PREFECTURE) | SHANXI;     /* Shanxi's cities and counties */
    lv[1] = SHAI_LEVEL(COUNTY) | SHANXI;
    /* the provinces' menu far below: two runs, both menus */
    place_runs_expect(b, N, X, lv, N - 2, SHAI_BOILERPLATE, SHAI_BOILERPLATE);
    assert_int_equal(b[N / 2].label, SHAI_ADULT_SPAM);
    for (i = 0; i < N; i++) assert_false(b[i].keep);
    /* moved up to within GAP blocks of the cities': one run, sharing
     * nothing, so all four keep place_list; one block further, two runs
     * again */
    place_runs_expect(b, N, X, lv, GAP + 1, SHAI_PLACE_LIST, SHAI_PLACE_LIST);
    place_runs_expect(b, N, X, lv, GAP + 2, SHAI_BOILERPLATE, SHAI_BOILERPLATE);
    /* a farm far below the city menu: levels and provinces mixed.  The
     * menu goes, the farm stays, and on a page without a spam phrase the
     * adult_spam block's next reason, place_list, is open to it */
    for (i = 2; i < N; i++) lv[i] = SHAI_PLACES_NONE;
    lv[N - 2] = SHAI_LEVEL(COUNTY) | BEIJING;
    lv[N - 1] = SHAI_LEVEL(PREFECTURE) | HEBEI;
    place_runs_page(b, N, N - 2);
    for (i = 0; i < N; i++) X[i * SHAI_NFEAT + SHAI_F_SPAM_ANY] = 0;
    shai_gate_reasons(b, N, X, lv);
    assert_int_equal(b[0].label, SHAI_BOILERPLATE);
    assert_int_equal(b[1].label, SHAI_BOILERPLATE);
    assert_int_equal(b[N - 2].label, SHAI_PLACE_LIST);
    assert_int_equal(b[N - 1].label, SHAI_PLACE_LIST);
    assert_int_equal(b[N / 2].label, SHAI_PLACE_LIST);
}

/* Province bit k of a block's place bits (the order of
 * shai_province_codes: 0 Beijing, 2 Hebei, 15 Henan). */
#define PROV(k) ((uint64_t)(1u << (k)) << SHAI_PLACE_PROV_SHIFT)

/* Gates a page of n dropped blocks without a spam phrase, all with the
 * reason scores (adult_spam, boilerplate, place_list, garbled), and the
 * place bits lv[]; fails with `what` unless every block ends up with
 * `label`. */
static void gate_page_expect(const char *what, size_t n, const uint64_t *lv, double a, double p,
                             int label)
{
    shai_block b[32];
    double X[32 * SHAI_NFEAT], s[32];
    size_t chars[32], i;
    assert_true(n <= 32);
    memset(X, 0, sizeof X);
    for (i = 0; i < n; i++) {
        s[i] = 2;
        chars[i] = 3;
    }
    make_blocks(b, s, chars, n);
    for (i = 0; i < n; i++) set_reasons(&b[i], a, 1.0, p, -1.0);
    shai_gate_reasons(b, n, X, lv);
    for (i = 0; i < n; i++)
        if (b[i].label != label)
            fail_msg("%s: block %zu labeled %s, not %s", what, i, shai_label_name(b[i].label),
                     shai_label_name(label));
}

/* A run of place_list blocks that falls into two region menus: a shop's
 * delivery selector lists the provinces (one level, provinces mixed) and
 * then one province's districts (levels mixed, one province).  Together
 * they share neither, but the run splits into two stretches that each
 * read as a menu, so the whole run is boilerplate.  A run with too few
 * names to tell (under PLACE_MENU_RUN_MIN, 6), a run of three stretches
 * and a run with a block whose own names share neither keep place_list,
 * as a farm's names change level and province from one to the next. */
static void test_place_gate_two_menus(void **state)
{
    enum { N = 12 };
    uint64_t lv[N];
    size_t i;
    (void)state;
    /* provinces 0..6 by their short names, then Beijing's districts and
     * its one remaining county */
    for (i = 0; i < 7; i++) lv[i] = SHAI_LEVEL(SHORT) | PROV(i);
    for (i = 7; i < N; i++) lv[i] = SHAI_LEVEL(DISTRICT) | PROV(0);
    lv[N - 1] = SHAI_LEVEL(COUNTY) | PROV(0);
    lv[8] = SHAI_PLACES_NONE;                    /* a block without a name does not cut it */
    gate_page_expect("two menus", N, lv, -1.0, 2.0, SHAI_BOILERPLATE);
    gate_page_expect("the provinces alone", 7, lv, -1.0, 2.0, SHAI_BOILERPLATE);
    gate_page_expect("the districts alone", N - 7, lv + 7, -1.0, 2.0, SHAI_BOILERPLATE);
    /* two provinces, two districts and a block without a name: too few
     * names to be read as two menus (any two names split so) */
    gate_page_expect("four names", 5, lv + 5, -1.0, 2.0, SHAI_PLACE_LIST);
    /* five names and three blocks without one: still too few, as only
     * the blocks with a name count */
    lv[9] = lv[10] = SHAI_PLACES_NONE;
    gate_page_expect("five names", 8, lv + 4, -1.0, 2.0, SHAI_PLACE_LIST);
    lv[9] = lv[10] = SHAI_LEVEL(DISTRICT) | PROV(0);
    /* a third stretch, Hebei's prefectures after the districts */
    lv[N - 2] = lv[N - 1] = SHAI_LEVEL(PREFECTURE) | PROV(2);
    gate_page_expect("three stretches", N, lv, -1.0, 2.0, SHAI_PLACE_LIST);
    /* the provinces, then a farm's line whose names share no level and
     * no province: two stretches of 8 names, but no menu */
    lv[7] = 0;
    gate_page_expect("a farm's line", 8, lv, -1.0, 2.0, SHAI_PLACE_LIST);
}

/* Blocks moved to place_list by another gate are gated as runs too: a
 * news site's county menu that the reason models call adult_spam, on a
 * page without a spam phrase, leaves adult_spam for place_list, its next
 * reason, and as a menu (one province) leaves place_list as well.  The
 * same blocks with a farm's names stay place_list. */
static void test_place_gate_moved_in(void **state)
{
    enum { N = 8 };
    uint64_t lv[N];
    size_t i;
    (void)state;
    for (i = 0; i < N; i++) lv[i] = (i % 2 ? SHAI_LEVEL(COUNTY) : SHAI_LEVEL(DISTRICT)) | PROV(15);
    gate_page_expect("a county menu", N, lv, 2.0, 1.5, SHAI_BOILERPLATE);
    for (i = 0; i < N; i++) lv[i] = i % 2 ? SHAI_LEVEL(COUNTY) | PROV(15) : SHAI_LEVEL(PREFECTURE) | PROV(2);
    gate_page_expect("a farm", N, lv, 2.0, 1.5, SHAI_PLACE_LIST);
}

/* The gates together: a block moved by one never lands on a label
 * another rules out for it. */
static void test_gates_together(void **state)
{
    enum { N = 3 };
    const uint64_t DISTRICT = SHAI_LEVEL(DISTRICT) | NOPROV;
    shai_block b[N];
    double X[N * SHAI_NFEAT];
    const uint64_t lv[N] = { DISTRICT, DISTRICT, SHAI_PLACES_NONE };
    const double s[N] = { 2, 2, 2 };
    const size_t chars[N] = { 10, 10, 10 };
    (void)state;
    memset(X, 0, sizeof X);                       /* no spam phrase anywhere */
    X[2 * SHAI_NFEAT + SHAI_F_ENTITY_ANY] = 1;    /* block 2 is garbled by its own evidence */
    make_blocks(b, s, chars, N);
    /* a menu line whose next reason is adult_spam: boilerplate, not spam */
    set_reasons(&b[0], 1.5, 1.0, 2.0, -1.0);
    set_reasons(&b[1], -1.0, 1.0, 2.0, -1.0);
    /* a stray adult_spam line whose next reason is place_list, on the
     * menu page: not place_list either */
    set_reasons(&b[2], 2.0, -1.0, 1.5, 0.5);
    shai_gate_reasons(b, N, X, lv);
    assert_int_equal(b[0].label, SHAI_BOILERPLATE);
    assert_int_equal(b[1].label, SHAI_BOILERPLATE);
    assert_int_equal(b[2].label, SHAI_GARBLED);
    /* a spam phrase lets the menu line go to adult_spam */
    X[0 * SHAI_NFEAT + SHAI_F_SPAM_ANY] = 1;
    set_reasons(&b[0], 1.5, 1.0, 2.0, -1.0);
    set_reasons(&b[1], -1.0, 1.0, 2.0, -1.0);
    shai_gate_reasons(b, N, X, lv);
    assert_int_equal(b[0].label, SHAI_ADULT_SPAM);
    assert_int_equal(b[1].label, SHAI_BOILERPLATE);
}

/* The garbled gate: a block labeled garbled keeps the label only with
 * evidence of garbling of its own, each kind of which is enough alone;
 * rare ideographs count from 3 of them and a fifth of the block's. */
static void test_garble_gate(void **state)
{
    enum { N = 3 };
    static const struct { int id; double v; int stands; } ev[] = {
        { SHAI_F_REPL_RATIO, 0.2, 1 },     { SHAI_F_CTRL_RATIO, 0.2, 1 },
        { SHAI_F_MOJIBAKE_PAIRS, 0.1, 1 }, { SHAI_F_ENTITY_ANY, 1, 1 },
        { SHAI_F_PINYIN_GLOSS, 0.5, 1 },   { SHAI_F_MARKUP_RATIO, 0.5, 1 },
        { SHAI_F_MARKUP_RATIO, 0.4, 0 },   /* some markup in a line of text */
        { SHAI_F_LATINX_RATIO, 1, 0 },     /* Türkçe in a language menu */
        { SHAI_F_KANA_RATIO, 1, 0 },       /* another script */
        { SHAI_F_RARE_HANZI, 1, 0 },       /* without the count: see below */
    };
    static const struct { size_t rare; double share; int stands; } rare[] = {
        { 2, 0.67, 0 },  /* 岢岚县: two rare characters of a name */
        { 3, 1.0, 1 },   /* three */
        { 3, 0.19, 0 },  /* three in a long line of ordinary ones */
        { 40, 0.2, 1 },  /* a line of UTF-8 read as GBK */
    };
    shai_block b[N];
    double X[N * SHAI_NFEAT];
    const uint64_t lv[N] = { 0 };
    const double s[N] = { 2, 2, -1 };
    const size_t chars[N] = { 10, 10, 10 };
    size_t i;
    (void)state;
    shai_feature_tables_init();                    /* for logcap() */
    make_blocks(b, s, chars, N);
    for (i = 0; i < sizeof ev / sizeof *ev + sizeof rare / sizeof *rare; i++) {
        int stands;
        memset(X, 0, sizeof X);
        if (i < sizeof ev / sizeof *ev) {
            X[ev[i].id] = ev[i].v;
            stands = ev[i].stands;
        } else {
            size_t r = i - sizeof ev / sizeof *ev;
            X[SHAI_F_RARE_HANZI] = rare[r].share;
            X[SHAI_F_RARE_HANZI_LOG] = logcap(rare[r].rare, SHAI_RARE_LOG_AT);
            stands = rare[r].stands;
        }
        set_reasons(&b[0], -1.0, 0.5, 1.0, 2.0);   /* garbled; place_list next */
        set_reasons(&b[1], -1.0, 0.5, -1.0, 2.0);  /* garbled, no evidence: boilerplate next */
        b[2].label_score[SHAI_GARBLED] = 5.0;      /* kept: never a candidate */
        shai_gate_reasons(b, N, X, lv);
        if (b[0].label != (stands ? SHAI_GARBLED : SHAI_PLACE_LIST))
            fail_msg("case %zu: label %d", i, b[0].label);
        assert_int_equal(b[1].label, SHAI_BOILERPLATE);
        assert_true(b[2].keep);
        assert_int_equal(b[2].label, SHAI_CONTENT);
        assert_false(b[0].keep);
        assert_false(b[1].keep);
    }
    /* no evidence and every other reason ruled out by the page gates
     * (a region menu's level, no spam phrase on a page without spam):
     * boilerplate */
    {
        const uint64_t lv2[N] = { SHAI_LEVEL(DISTRICT) | NOPROV, SHAI_LEVEL(DISTRICT) | NOPROV, 0 };
        memset(X, 0, sizeof X);
        set_reasons(&b[0], 1.0, -2.0, 1.5, 2.0);
        set_reasons(&b[1], -1.0, 0.5, 2.0, 1.0);  /* place_list: makes the menu */
        shai_gate_reasons(b, N, X, lv2);
        assert_int_equal(b[0].label, SHAI_BOILERPLATE);
        assert_int_equal(b[1].label, SHAI_BOILERPLATE);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decide_set_labels),
        cmocka_unit_test(test_smoothing_off),
        cmocka_unit_test(test_smoothing_runs),
        cmocka_unit_test(test_smoothing_threshold),
        cmocka_unit_test(test_smoothing_is_optimal),
        cmocka_unit_test(test_tie_keeps),
        cmocka_unit_test(test_reason_gate),
        cmocka_unit_test(test_place_gate),
        cmocka_unit_test(test_place_runs_grow),
        cmocka_unit_test(test_place_gate_runs),
        cmocka_unit_test(test_place_gate_two_menus),
        cmocka_unit_test(test_place_gate_moved_in),
        cmocka_unit_test(test_gates_together),
        cmocka_unit_test(test_garble_gate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
