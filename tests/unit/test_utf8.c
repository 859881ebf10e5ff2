/*
 * test_utf8.c — strict decoding, repair and counting (src/lib/utf8.c).
 */
#include "testutil.h"
#include "internal.h"

static uint32_t dec1(const char *s, size_t n, size_t *adv, size_t *bad)
{
    size_t i = 0;
    uint32_t cp = shai_utf8_next((const unsigned char *)s, n, &i, bad);
    *adv = i;
    return cp;
}

static void test_valid_sequences(void **state)
{
    size_t adv, bad = 0;
    (void)state;
    assert_int_equal(dec1("A", 1, &adv, &bad), 'A');
    assert_int_equal(adv, 1);
    assert_int_equal(dec1("\xC3\xA9", 2, &adv, &bad), 0xE9);
    assert_int_equal(dec1("\xE4\xB8\xAD", 3, &adv, &bad), 0x4E2D);           /* 中 */
    assert_int_equal(adv, 3);
    assert_int_equal(dec1("\xF0\x9F\x98\x80", 4, &adv, &bad), 0x1F600);
    assert_int_equal(adv, 4);
    assert_int_equal(dec1("\xF4\x8F\xBF\xBF", 4, &adv, &bad), 0x10FFFF);
    assert_int_equal(bad, 0);
}

static void test_invalid_sequences(void **state)
{
    size_t adv, bad = 0;
    (void)state;
    /* overlong '/' */
    assert_int_equal(dec1("\xC0\xAF", 2, &adv, &bad), SHAI_REPLACEMENT);
    assert_int_equal(adv, 1);
    /* overlong 3-byte form of U+007F */
    assert_int_equal(dec1("\xE0\x81\xBF", 3, &adv, &bad), SHAI_REPLACEMENT);
    assert_int_equal(adv, 1);
    /* surrogate U+D800 */
    assert_int_equal(dec1("\xED\xA0\x80", 3, &adv, &bad), SHAI_REPLACEMENT);
    assert_int_equal(adv, 1);
    /* past U+10FFFF */
    assert_int_equal(dec1("\xF4\x90\x80\x80", 4, &adv, &bad), SHAI_REPLACEMENT);
    /* truncated: maximal subpart of two bytes becomes one U+FFFD */
    assert_int_equal(dec1("\xE4\xB8", 2, &adv, &bad), SHAI_REPLACEMENT);
    assert_int_equal(adv, 2);
    /* lone continuation byte */
    assert_int_equal(dec1("\x80", 1, &adv, &bad), SHAI_REPLACEMENT);
    assert_int_equal(bad, 6);
}

static void test_repair(void **state)
{
    shai_buf b;
    long n;
    (void)state;
    shai_buf_init(&b, 0);
    n = shai_utf8_repair(&b, "a\xFF" "b\xE4\xB8" "c\xE4\xB8\xAD", 9);
    assert_int_equal(n, 2);
    assert_int_equal(b.len, 12);
    assert_memory_equal(b.p, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xE4\xB8\xAD", 12);
    shai_buf_free(&b);
    /* NUL bytes are valid UTF-8 and pass through */
    assert_true(shai_utf8_valid("a\0b", 3));
    assert_false(shai_utf8_valid("\xC3", 1));
}

static void test_count_and_put(void **state)
{
    char out[4];
    (void)state;
    assert_int_equal(shai_utf8_count("中文ab", 8), 4);
    assert_int_equal(shai_utf8_count("\xFF\xFE", 2), 2);
    assert_int_equal(shai_utf8_put(0x4E2D, out), 3);
    assert_memory_equal(out, "\xE4\xB8\xAD", 3);
    assert_int_equal(shai_utf8_put(0x1F600, out), 4);
}

static void test_buf_cap(void **state)
{
    shai_buf b;
    (void)state;
    shai_buf_init(&b, 8);
    assert_int_equal(shai_buf_append(&b, "12345678", 8), SHAI_OK);
    assert_int_equal(shai_buf_append(&b, "9", 1), SHAI_ERR_TOOBIG);
    assert_int_equal(b.len, 8);
    /* NULL bytes: an error unless there are none to copy */
    assert_int_equal(shai_buf_append(&b, NULL, 5), SHAI_ERR_INVALID);
    assert_int_equal(shai_buf_append(&b, NULL, 0), SHAI_OK);
    assert_int_equal(shai_buf_append(NULL, "x", 1), SHAI_ERR_INVALID);
    assert_int_equal(b.len, 8);
    b.len = 0;
    assert_int_equal(shai_buf_json_str(&b, "a\"\n", 3), SHAI_OK);
    assert_int_equal(b.len, 7);
    assert_memory_equal(b.p, "\"a\\\"\\n\"", 7);
    shai_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_sequences),
        cmocka_unit_test(test_invalid_sequences),
        cmocka_unit_test(test_repair),
        cmocka_unit_test(test_count_and_put),
        cmocka_unit_test(test_buf_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
