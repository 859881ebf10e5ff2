/*
 * test_lexicon.c — lexicon files and the Aho-Corasick matcher
 * (src/lib/lexicon.c).
 */
#include "testutil.h"
#include "internal.h"

/* texts[] in shai_lexicon_files order: places, places_trad, spam, weak, cues */
static shai_lexicon *mini(shai_status *st)
{
    static const char places[] = "# comment\n蚌埠市\tprefecture\tcurrent\tx\n蚌埠\tshort\tcurrent\tx\n"
                                 "阿克苏市\tcounty\tcurrent\tx\n屯门区\thk_mo_tw\tcurrent\tx\n";
    static const char spam[] = "无码专区\tadult\tx\n欧宝体育\tgambling\tx\nav\tadult\tx\n";
    static const char cues[] = "责任编辑\tmeta\n返回顶部\tnav\n";
    const char *texts[8] = {places, NULL, spam, NULL, cues};
    size_t lens[8] = {sizeof places - 1, 0, sizeof spam - 1, 0, sizeof cues - 1};
    return shai_lexicon_from_texts(texts, lens, st);
}

/* Scans UTF-8 text; returns the matches (caller frees) and their count. */
static long scan(const shai_lexicon *lx, const char *s, shai_match **m)
{
    uint32_t *cps = NULL;
    size_t cap = 0, mcap = 0;
    long n = shai_normalize_utf8(s, strlen(s), &cps, &cap, NULL), k;
    assert_true(n >= 0);
    *m = NULL;
    k = shai_lexicon_scan(lx, cps, (size_t)n, m, &mcap);
    free(cps);
    return k;
}

static void test_matches_and_categories(void **state)
{
    shai_status st;
    shai_lexicon *lx = mini(&st);
    shai_match *m;
    long n;
    (void)state;
    assert_non_null(lx);
    n = scan(lx, "蚌埠市| 阿克苏市", &m);
    /* 蚌埠 (short) ends at 2, 蚌埠市 at 3, 阿克苏市 at 9 */
    assert_int_equal(n, 3);
    assert_int_equal(m[0].end, 2);
    /* the category, and above the categories the gazetteer level */
    assert_int_equal(m[0].cats, 1u << SHAI_LEX_PLACE_SHORT | SHAI_LEVEL(SHORT));
    assert_int_equal(m[1].end, 3);
    assert_int_equal(m[1].len, 3);
    assert_int_equal(m[1].cats, 1u << SHAI_LEX_PLACE | SHAI_LEVEL(PREFECTURE));
    assert_int_equal(m[2].len, 4);
    assert_int_equal(m[2].cats, 1u << SHAI_LEX_PLACE | SHAI_LEVEL(COUNTY));
    assert_int_equal(m[2].cats & SHAI_LEX_CATMASK, 1u << SHAI_LEX_PLACE);
    free(m);
    shai_lexicon_free(lx);
}

static void test_traditional_and_width(void **state)
{
    shai_status st;
    shai_lexicon *lx = mini(&st);
    shai_match *m;
    (void)state;
    /* traditional 屯門區 and full-width ＡＶ match simplified patterns */
    assert_int_equal(scan(lx, "屯門區", &m), 1);
    assert_int_equal(m[0].cats, 1u << SHAI_LEX_PLACE | SHAI_LEVEL(HK_MO_TW));
    free(m);
    assert_int_equal(scan(lx, "日本ＡＶ女优", &m), 1);
    assert_int_equal(m[0].cats, 1u << SHAI_LEX_ADULT);
    free(m);
    assert_int_equal(scan(lx, "歐寶體育app下载", &m), 1);
    assert_int_equal(m[0].cats, 1u << SHAI_LEX_GAMBLING);
    free(m);
    shai_lexicon_free(lx);
}

static void test_ascii_word_boundary(void **state)
{
    /* texts and how many matches of the mini lexicon's "av" they hold */
    static const struct { const char *text; long matches; } cases[] = {
        {"java and avro", 0},
        {"最新av在线", 1},
        {"av, 免费av", 2},
        /* an underscore joins an identifier: no word inside it */
        {"av_str := get_av(x_av)", 0},
        {"av_str 是 av", 1},
        {"x__av 1_av", 0},
        /* between a Latin word and an ideograph it is a separator, as
         * in an SEO title */
        {"女优网_av_女优__av", 2},
    };
    shai_status st;
    shai_lexicon *lx = mini(&st);
    shai_match *m;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        long k = scan(lx, cases[i].text, &m);
        free(m);
        if (k != cases[i].matches) fail_msg("%s: %ld matches, want %ld", cases[i].text, k, cases[i].matches);
    }
    shai_lexicon_free(lx);
}

/* Building from texts fails with SHAI_ERR_LEXICON and message msg. */
static void expect_refused(const char *const texts[8], const size_t lens[8], const char *msg)
{
    shai_status st;
    memset(&st, 0, sizeof st);
    assert_null(shai_lexicon_from_texts(texts, lens, &st));
    assert_int_equal(st.code, SHAI_ERR_LEXICON);
    assert_string_equal(st.msg, msg);
}

static void test_bad_file_reports_line(void **state)
{
    static const char bad[] = "蚌埠市\tprefecture\n阿克苏市\tkingdom\n";
    const char *texts[8] = {bad};
    size_t lens[8] = {sizeof bad - 1};
    (void)state;
    expect_refused(texts, lens, "places.tsv:2: unknown category 'kingdom'");
}

/* A pattern that normalizes to nothing is an error, not a line silently
 * left out; a BOM opening a file is no part of its first line. */
static void test_empty_pattern_and_bom(void **state)
{
    static const char spaces[] = "首页\tnav\n   \tnav\n";
    static const char zwsp[] = "\xE2\x80\x8B\tnav\n";
    static const char bom[] = "\xEF\xBB\xBF# cue words\n首页\tnav\n";
    const char *texts[8] = {NULL, NULL, NULL, NULL, spaces};
    size_t lens[8] = {0, 0, 0, 0, sizeof spaces - 1};
    shai_lexicon *lx;
    shai_match *m;
    shai_status st;
    (void)state;
    expect_refused(texts, lens, "cues.tsv:2: pattern is empty once normalized (only spaces or invisible characters)");
    texts[4] = zwsp;
    lens[4] = sizeof zwsp - 1;
    expect_refused(texts, lens, "cues.tsv:1: pattern is empty once normalized (only spaces or invisible characters)");
    texts[4] = bom;
    lens[4] = sizeof bom - 1;
    lx = shai_lexicon_from_texts(texts, lens, &st);
    assert_non_null(lx);
    assert_int_equal(scan(lx, "返回首页", &m), 1);
    free(m);
    shai_lexicon_free(lx);
}

/* A space inside a pattern matches a space of the text: a run of them
 * (U+3000 and U+00A0 included, as NFKC maps them) is one space, and
 * spaces at a pattern's ends are trimmed. */
static void test_pattern_with_spaces(void **state)
{
    static const char cues[] = "Powered by\tlegal\n\xE4\xB8\x8A\xE4\xB8\x80\xE7\xAF\x87\xE3\x80\x80 \xE4\xB8\x8B\xE4\xB8\x80\xE7\xAF\x87\tnav\n"
                               "  \xC2\xA0sign  in \tsocial\n";
    const char *texts[8] = {NULL, NULL, NULL, NULL, cues};
    size_t lens[8] = {0, 0, 0, 0, sizeof cues - 1};
    shai_status st;
    shai_lexicon *lx;
    shai_match *m;
    (void)state;
    lx = shai_lexicon_from_texts(texts, lens, &st);
    assert_non_null(lx);
    assert_int_equal(scan(lx, "Site POWERED BY WordPress", &m), 1);
    assert_int_equal(m[0].len, 10);
    assert_int_equal(m[0].cats, 1u << SHAI_LEX_LEGAL);
    free(m);
    /* an ideographic space in the text is a space too */
    assert_int_equal(scan(lx, "\xE4\xB8\x8A\xE4\xB8\x80\xE7\xAF\x87\xE3\x80\x80\xE4\xB8\x8B\xE4\xB8\x80\xE7\xAF\x87", &m), 1);
    assert_int_equal(m[0].len, 7);
    assert_int_equal(m[0].cats, 1u << SHAI_LEX_NAV);
    free(m);
    assert_int_equal(scan(lx, "please sign in", &m), 1);
    assert_int_equal(m[0].len, 7);
    free(m);
    /* the words without their space, or with two, are another text */
    assert_int_equal(scan(lx, "poweredby signin", &m), 0);
    free(m);
    assert_int_equal(scan(lx, "powered  by", &m), 0);
    free(m);
    shai_lexicon_free(lx);
}

/* The provinces of a gazetteer row (its fifth column): GB/T 2260 codes,
 * the union over the rows of one name; none for a row without them, and
 * the column means nothing on other lexicons' rows. */
static void test_provinces(void **state)
{
    static const char places[] = "迎泽区\tdistrict\tcurrent\tx\t14\n"
                                 "朝阳区\tdistrict\tcurrent\tx\t11\n"
                                 "朝阳区\tdistrict\thistorical\tx\t21,22\n"
                                 "九龙城区\thk_mo_tw\tcurrent\tx\n"
                                 "徐州\tshort\tcurrent\tx\t32\textra\n";
    static const char spam[] = "无码专区\tadult\tx\tnot a code\n";
    const char *texts[8] = {places, NULL, spam};
    size_t lens[8] = {sizeof places - 1, 0, sizeof spam - 1};
    static const char *const bad[] = {
        "a\tcounty\tcurrent\tx\t99\n",   "a\tcounty\tcurrent\tx\t14,\n",
        "a\tcounty\tcurrent\tx\t1\n",    "a\tcounty\tcurrent\tx\t14;32\n",
        "a\tcounty\tcurrent\tx\t140\n",
    };
    const uint32_t SHANXI = 1u << 3, BEIJING = 1u << 0, LIAONING = 1u << 5, JILIN = 1u << 6,
                   JIANGSU = 1u << 9;
    shai_status st;
    shai_lexicon *lx;
    shai_match *m;
    size_t i;
    (void)state;
    assert_string_equal(shai_province_codes[3], "14");
    assert_string_equal(shai_province_codes[9], "32");
    assert_string_equal(shai_province_codes[SHAI_NPROVINCES - 1], "65");
    lx = shai_lexicon_from_texts(texts, lens, &st);
    assert_non_null(lx);
    assert_int_equal(scan(lx, "迎泽区", &m), 1);
    assert_int_equal(m[0].prov, SHANXI);
    free(m);
    assert_int_equal(scan(lx, "朝阳区", &m), 1);
    assert_int_equal(m[0].prov, BEIJING | LIAONING | JILIN);
    free(m);
    assert_int_equal(scan(lx, "九龙城区", &m), 1);
    assert_int_equal(m[0].prov, 0);
    free(m);
    assert_int_equal(scan(lx, "徐州", &m), 1);
    assert_int_equal(m[0].prov, JIANGSU);
    free(m);
    assert_int_equal(scan(lx, "无码专区", &m), 1);
    assert_int_equal(m[0].prov, 0);
    free(m);
    shai_lexicon_free(lx);
    for (i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *t[8] = {bad[i]};
        size_t l[8] = {strlen(bad[i])};
        memset(&st, 0, sizeof st);
        assert_null(shai_lexicon_from_texts(t, l, &st));
        assert_int_equal(st.code, SHAI_ERR_LEXICON);
        assert_non_null(strstr(st.msg, "places.tsv:1: bad province codes"));
    }
}

static void test_shipped_lexicons_load(void **state)
{
    shai_lexfile files[SHAI_MAX_LEXFILES];
    size_t nf = 0;
    shai_status st;
    shai_lexicon *lx;
    shai_match *m;
    (void)state;
    lx = shai_lexicon_load("../../models", files, &nf, &st);
    assert_non_null(lx);
    assert_int_equal(nf, shai_lexicon_nfiles);
    assert_string_equal(files[0].name, "places.tsv");
    assert_true(scan(lx, "佳木斯市", &m) >= 1);
    free(m);
    shai_lexicon_free(lx);
    memset(&st, 0, sizeof st);
    assert_null(shai_lexicon_load("/nonexistent-dir", files, &nf, &st));
    assert_int_equal(st.code, SHAI_ERR_LEXICON);
    assert_non_null(strstr(st.msg, "/nonexistent-dir/places.tsv"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_and_categories),
        cmocka_unit_test(test_traditional_and_width),
        cmocka_unit_test(test_ascii_word_boundary),
        cmocka_unit_test(test_bad_file_reports_line),
        cmocka_unit_test(test_empty_pattern_and_bom),
        cmocka_unit_test(test_pattern_with_spaces),
        cmocka_unit_test(test_provinces),
        cmocka_unit_test(test_shipped_lexicons_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
