/*
 * test_blocks.c — document -> blocks (src/lib/blocks.c).
 */
#include "testutil.h"
#include "internal.h"

static void test_lines_and_blanks(void **state)
{
    const char t[] = "标题\r\n\r\n  \n正文一\r正文二\n\xE3\x80\x80\nlast";
    shai_span *sp = NULL;
    size_t cap = 0;
    long n;
    (void)state;
    n = shai_split_blocks(t, sizeof t - 1, 0, &sp, &cap);
    assert_int_equal(n, 4);
    assert_int_equal(sp[0].line, 1);
    assert_int_equal(sp[0].off, 0);
    assert_int_equal(sp[0].len, 6);            /* CR LF not part of the block */
    assert_int_equal(sp[1].line, 4);           /* lines 2, 3 are blank */
    assert_int_equal(sp[1].len, 9);
    assert_int_equal(sp[2].line, 5);           /* lone CR ends a line */
    assert_int_equal(sp[3].line, 7);           /* line 6 is an ideographic space */
    assert_memory_equal(t + sp[3].off, "last", 4);
    /* code-point offsets: 标题\r\n = 4, \r\n = 2, "  \n" = 3 */
    assert_int_equal(sp[1].char_off, 9);
    n = shai_split_blocks(t, sizeof t - 1, 1, &sp, &cap);
    assert_int_equal(n, 7);
    free(sp);
}

/* A line of any Unicode space, separator or invisible character shows as
 * empty and is no block; one visible character, or invalid UTF-8, is. */
static void test_unicode_blanks(void **state)
{
    static const char *const blanks[] = {
        "\xE2\x80\x83", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xC2\x85", "\xEF\xBB\xBF",
        "\xE2\x80\x8B", "\xC2\xA0 \xE3\x80\x80\t", "\xE1\x9A\x80", "\xE2\x81\xA0",
    };
    static const char *const visible[] = { "\xE2\x80\x83x", "\xC2", "\xFF", "\xE2\x80", "\xE3\x80\x82" };
    shai_span *sp = NULL;
    size_t cap = 0, i;
    char t[64];
    (void)state;
    for (i = 0; i < sizeof blanks / sizeof *blanks; i++) {
        int k = snprintf(t, sizeof t, "a\n%s\nb", blanks[i]);
        assert_int_equal(shai_split_blocks(t, (size_t)k, 0, &sp, &cap), 2);
        assert_int_equal(sp[1].line, 3);
    }
    for (i = 0; i < sizeof visible / sizeof *visible; i++) {
        int k = snprintf(t, sizeof t, "a\n%s\nb", visible[i]);
        if (shai_split_blocks(t, (size_t)k, 0, &sp, &cap) != 3) fail_msg("visible case %zu", i);
    }
    free(sp);
}

static void test_empty(void **state)
{
    shai_span *sp = NULL;
    size_t cap = 0;
    (void)state;
    assert_int_equal(shai_split_blocks("", 0, 0, &sp, &cap), 0);
    assert_int_equal(shai_split_blocks("\n\n\n", 3, 0, &sp, &cap), 0);
    free(sp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_and_blanks),
        cmocka_unit_test(test_unicode_blanks),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
