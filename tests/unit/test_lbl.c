/*
 * test_lbl.c — the .lbl labeled-page reader (src/lib/lbl.c).
 */
#include "testutil.h"
#include "internal.h"

static void expect_error_n(const char *text, size_t len, const char *msg)
{
    shai_corpus *c = shai_corpus_new();
    shai_status st;
    memset(&st, 0, sizeof st);
    assert_int_equal(shai_corpus_add_buffer(c, "x.lbl", text, len, &st), SHAI_ERR_FORMAT);
    assert_string_equal(st.msg, msg);
    shai_corpus_free(c);
}

static void expect_error(const char *text, const char *msg) { expect_error_n(text, strlen(text), msg); }

static void test_parse(void **state)
{
    const char t[] = "\xEF\xBB\xBF#page\tp1\thttp://a.example/x\r\nK\t标题\r\n\r\nB\t首页\n?\t作者\n"
                     "#page\tp2~g1\nG\t鍙戝竷\n";
    shai_corpus *c = shai_corpus_new();
    shai_status st;
    size_t len, n = 0;
    const int *lab;
    (void)state;
    assert_int_equal(shai_corpus_add_buffer(c, "t.lbl", t, sizeof t - 1, &st), SHAI_OK);
    assert_int_equal(shai_corpus_pages(c), 2);
    assert_string_equal(shai_corpus_page_id(c, 0), "p1");
    assert_string_equal(shai_corpus_page_url(c, 0), "http://a.example/x");
    assert_null(shai_corpus_page_url(c, 1));
    assert_string_equal(shai_corpus_page_text(c, 0, &len), "标题\n首页\n作者");
    lab = shai_corpus_page_labels(c, 0, &n);
    assert_int_equal(n, 3);
    assert_int_equal(lab[0], SHAI_CONTENT);
    assert_int_equal(lab[1], SHAI_BOILERPLATE);
    assert_int_equal(lab[2], -1);
    lab = shai_corpus_page_labels(c, 1, &n);
    assert_int_equal(lab[0], SHAI_GARBLED);
    shai_corpus_free(c);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("K\tx\n", "x.lbl:1: block before any '#page' line");
    expect_error("#page\tp\nX\tx\n", "x.lbl:2: unknown label 'X' (expected K, B, P, A, G or ?)");
    expect_error("#page\tp\nKB\tx\n", "x.lbl:2: unknown label 'KB' (expected K, B, P, A, G or ?)");
    expect_error("#page\tp\nK\ta\tb\n", "x.lbl:2: tab inside TEXT");
    expect_error("#page\tp\nK\t\n", "x.lbl:2: empty TEXT");
    /* lines shai filter would not make blocks: spaces, U+3000, U+200B, U+FEFF */
    expect_error("#page\tp\nK\tx\nB\t  \n", "x.lbl:3: blank TEXT (only white space or invisible characters: not a block)");
    expect_error("#page\tp\nB\t\xE3\x80\x80 \n", "x.lbl:2: blank TEXT (only white space or invisible characters: not a block)");
    expect_error("#page\tp\nB\t\xE2\x80\x8B\n", "x.lbl:2: blank TEXT (only white space or invisible characters: not a block)");
    expect_error("#page\tp\n?\t\xEF\xBB\xBF\n", "x.lbl:2: blank TEXT (only white space or invisible characters: not a block)");
    /* a third field would be taken into the URL (and the CV group) */
    expect_error("#page\tp\thttp://a.example/\tmore\nK\tx\n",
                 "x.lbl:1: tab inside the URL (expected '#page<TAB>ID[<TAB>URL]')");
    expect_error("#page\tp\nK x\n", "x.lbl:2: expected LABEL<TAB>TEXT");
    expect_error("#page\tp\n\n#page\tq\nK\tx\n", "x.lbl:1: page 'p' has no blocks");
    expect_error("#page\tp\nK\tx\n#page\tq\n", "x.lbl:3: page 'q' has no blocks");
    expect_error("#page\t\nK\tx\n", "x.lbl:1: expected '#page<TAB>ID'");
    expect_error("#page\tp\nK\t\xFF\n", "x.lbl:2: invalid UTF-8");
    /* the buffer is read by its length: a NUL would cut an id or a
     * block's text short for every later use */
    expect_error_n("#page\tsite\0A\nK\tx\n", sizeof "#page\tsite\0A\nK\tx\n" - 1, "x.lbl:1: NUL byte inside the line");
    expect_error_n("#page\tp\nK\tab\0cd\n", sizeof "#page\tp\nK\tab\0cd\n" - 1, "x.lbl:2: NUL byte inside the line");
    expect_error("#page\tp\nK\tx\n\n#page\tp\nB\ty\n", "x.lbl:4: page 'p' was given before, at x.lbl:1");
}

/* Page ids are unique across files too (many pages: the index grows),
 * and each page knows its file and "#page" line. */
static void test_ids_and_sources(void **state)
{
    shai_corpus *c = shai_corpus_new();
    shai_status st;
    char buf[64 * 1000];
    size_t n = 0, i, line = 0;
    (void)state;
    for (i = 0; i < 1000; i++) n += (size_t)snprintf(buf + n, sizeof buf - n, "#page\tp%zu\nK\tx\n", i);
    assert_int_equal(shai_corpus_add_buffer(c, "a.lbl", buf, n, &st), SHAI_OK);
    assert_int_equal(shai_corpus_pages(c), 1000);
    assert_string_equal(shai_corpus_page_file(c, 999, &line), "a.lbl");
    assert_int_equal(line, 2 * 999 + 1);
    assert_int_equal(shai_corpus_add_buffer(c, "b.lbl", "#page\tq\nK\ty\n", 12, &st), SHAI_OK);
    assert_string_equal(shai_corpus_page_file(c, 1000, &line), "b.lbl");
    assert_int_equal(line, 1);
    assert_int_equal(shai_corpus_add_buffer(c, "c.lbl", "#page\tp500\nK\ty\n", 15, &st), SHAI_ERR_FORMAT);
    assert_string_equal(st.msg, "c.lbl:1: page 'p500' was given before, at a.lbl:1001");
    assert_int_equal(shai_corpus_pages(c), 1001);
    assert_null(shai_corpus_page_file(c, 1001, &line));
    /* a failing call adds nothing: its good first page is taken back, so
     * the corrected file goes in after it */
    assert_int_equal(shai_corpus_add_buffer(c, "f.lbl", "#page\tr1\nK\tx\n#page\tr2\nX\ty\n", 26, &st),
                     SHAI_ERR_FORMAT);
    assert_string_equal(st.msg, "f.lbl:4: unknown label 'X' (expected K, B, P, A, G or ?)");
    assert_int_equal(shai_corpus_pages(c), 1001);
    assert_int_equal(shai_corpus_add_buffer(c, "f.lbl", "#page\tr1\nK\tx\n#page\tr2\nK\ty\n", 26, &st), SHAI_OK);
    assert_int_equal(shai_corpus_pages(c), 1003);
    assert_string_equal(shai_corpus_page_id(c, 1002), "r2");
    assert_int_equal(shai_corpus_add_buffer(c, "g.lbl", "#page\tp7\nK\tz\n", 13, &st), SHAI_ERR_FORMAT);
    assert_int_equal(shai_corpus_add_file(c, NULL, &st), SHAI_ERR_INVALID);
    assert_int_equal(shai_corpus_add_file(NULL, "x.lbl", &st), SHAI_ERR_INVALID);
    assert_int_equal(shai_corpus_pages(c), 1003);
    shai_corpus_free(c);
}

static void test_missing_file(void **state)
{
    shai_corpus *c = shai_corpus_new();
    shai_status st;
    (void)state;
    assert_int_equal(shai_corpus_add_file(c, "/nonexistent.lbl", &st), SHAI_ERR_IO);
    assert_string_equal(st.msg, "/nonexistent.lbl: No such file or directory");
    shai_corpus_free(c);
    shai_corpus_free(NULL);
    /* every accessor takes a NULL corpus, as shai_corpus_pages does */
    assert_int_equal(shai_corpus_pages(NULL), 0);
    assert_null(shai_corpus_page_id(NULL, 0));
    assert_null(shai_corpus_page_url(NULL, 0));
    assert_null(shai_corpus_page_text(NULL, 0, NULL));
    assert_null(shai_corpus_page_labels(NULL, 0, NULL));
    assert_int_equal(shai_label_parse(NULL, 1), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_ids_and_sources),
        cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
