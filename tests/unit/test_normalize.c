/*
 * test_normalize.c — width/case folding, traditional -> simplified,
 * character classes (src/lib/normalize.c).
 */
#include "testutil.h"
#include "internal.h"

/* Normalizes s and writes it back as UTF-8 into out. */
static const char *norm(const char *s, char *out, size_t cap)
{
    uint32_t *cps = NULL;
    size_t c = 0, i, k = 0;
    long n = shai_normalize_utf8(s, strlen(s), &cps, &c, NULL);
    assert_true(n >= 0);
    for (i = 0; i < (size_t)n; i++) {
        assert_true(k + 4 < cap);
        k += shai_utf8_put(cps[i], out + k);
    }
    out[k] = '\0';
    free(cps);
    return out;
}

static void test_width_and_case(void **state)
{
    char o[256];
    (void)state;
    shai_normalize_init();
    assert_string_equal(norm("ＡＢＣ１２３，ＷＷＷ", o, sizeof o), "abc123,www");
    assert_string_equal(norm("Copyright ©", o, sizeof o), "copyright ©");
    assert_string_equal(norm("全角　空格", o, sizeof o), "全角 空格");
}

static void test_traditional(void **state)
{
    char o[256];
    (void)state;
    shai_normalize_init();
    assert_string_equal(norm("社區", o, sizeof o), "社区");
    assert_string_equal(norm("澳門威尼斯人", o, sizeof o), "澳门威尼斯人");
    assert_string_equal(norm("駐馬店網", o, sizeof o), "驻马店网");
    assert_string_equal(norm("臺灣", o, sizeof o), "台湾");
    /* simplified text is unchanged */
    assert_string_equal(norm("蚌埠市阿克苏市", o, sizeof o), "蚌埠市阿克苏市");
    /* standard simplified characters are not taken through the regional
     * variant tables (么 was 幺 and 抬 was 擡, both rare), and the
     * traditional text reaches the same forms */
    assert_string_equal(norm("为什么抬头", o, sizeof o), "为什么抬头");
    assert_string_equal(norm("為什麼抬頭", o, sizeof o), "为什么抬头");
    assert_true(shai_hanzi_common(0x4E48) && shai_hanzi_common(0x62AC));   /* 么 抬 */
    /* a chain of the tables goes to its end: 薴 -> 苧 -> 苎 */
    assert_string_equal(norm("薴苧", o, sizeof o), "苎苎");
    /* a traditional character whose simplified form lies outside the
     * BMP: 勣 -> U+2A7DD */
    assert_string_equal(norm("王勣", o, sizeof o), "王\xF0\xAA\x9F\x9D");
}

static void test_ignorables_dropped(void **state)
{
    char o[256];
    (void)state;
    shai_normalize_init();
    /* zero-width space and soft hyphen split spam words to dodge filters */
    assert_string_equal(norm("无\xE2\x80\x8B码\xC2\xAD专区", o, sizeof o), "无码专区");
}

static void test_classes(void **state)
{
    (void)state;
    shai_normalize_init();
    assert_int_equal(shai_char_class(0x4E2D), SHAI_CC_CJK);
    assert_int_equal(shai_char_class('a'), SHAI_CC_LATIN);
    assert_int_equal(shai_char_class('7'), SHAI_CC_DIGIT);
    assert_int_equal(shai_char_class(0x3002), SHAI_CC_PUNCT);
    assert_int_equal(shai_char_class(0xFFFD), SHAI_CC_REPL);
    assert_int_equal(shai_char_class(0xE4), SHAI_CC_LATINX);
    assert_int_equal(shai_char_class(0x85), SHAI_CC_CTRL);
    assert_int_equal(shai_char_class(0xE000), SHAI_CC_PUA);
    assert_int_equal(shai_char_class(0x3042), SHAI_CC_KANA);
    assert_int_equal(shai_char_class(0x0301), SHAI_CC_MARK);
    /* GB2312 level 1 holds 的 and 中; mojibake characters are outside */
    assert_true(shai_hanzi_common(0x7684));
    assert_true(shai_hanzi_common(0x4E2D));
    assert_false(shai_hanzi_common(0x934F));   /* 鍏 */
    assert_false(shai_hanzi_common('A'));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_width_and_case),
        cmocka_unit_test(test_traditional),
        cmocka_unit_test(test_ignorables_dropped),
        cmocka_unit_test(test_classes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
