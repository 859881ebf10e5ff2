/*
 * test_report_json.c — the report's JSON: every check that reading a report
 * (`shai report --merge`) makes on a damaged or forged one, each with the
 * message it must give.
 */
#include "reportutil.h"

static char last_msg[512];   /* expect_bad()'s message */

static void expect_bad(const shai_report *good, const char *from, const char *to, const char *msg)
{
    shai_report *r = shai_report_new();
    char *js = replace(render(good, 0), from, to), *before;
    shai_status st;
    assert_non_null(r);
    before = render(r, 0);
    memset(&st, 0, sizeof st);
    assert_int_equal(shai_report_load_json(r, js, strlen(js), "bad.json", &st), SHAI_ERR_FORMAT);
    if (!strstr(st.msg, msg) || strncmp(st.msg, "bad.json:", 9)) fail_msg("message '%s' lacks '%s'", st.msg, msg);
    snprintf(last_msg, sizeof last_msg, "%s", st.msg);
    {
        char *after = render(r, 0);
        assert_string_equal(before, after);   /* unchanged */
        free(after);
    }
    free(before);
    free(js);
    shai_report_free(r);
}

static void test_json_checks(void **state)
{
    lines l;
    shai_report *r, *t;
    shai_status st;
    (void)state;
    read_lines(&l);
    r = report_of(&l, 0, l.n);
    expect_bad(r, "\"documents\": 7", "\"documents\": 8", "histogram counts");
    expect_bad(r, "{\"host\": \"(no url)\", \"documents\": 1", "{\"host\": \"(no url)\", \"documents\": 2",
               "host documents");
    expect_bad(r, "\"blocks_dropped\": 1", "\"blocks_dropped\": 3", "a host's counts disagree");
    expect_bad(r, "\"chars_out\": 385", "\"chars_out\": 384", "label counts");
    expect_bad(r, "\"format\": \"shai-report\"", "\"format\": \"other\"", "not a shai report");
    expect_bad(r, "\"version\": 1", "\"version\": 2", "version");
    expect_bad(r, "\"hist_chars\": [2, 0,", "\"hist_chars\": [2,", "12 numbers");
    expect_bad(r, "\"blocks\": 17", "\"blocks\": 17.5", "whole number");
    expect_bad(r, "\"rejected\": 0,", "", "lacks a required field");
    expect_bad(r, "{\"host\": \"(no url)\"", "{\"host\": \"a\\u0001b\"", "bad host name");
    expect_bad(r, "\"hosts\": [", "\"hosts\": [}", "");
    expect_bad(r, "]}\n", "]} x\n", "text after");
    assert_string_equal(last_msg, "bad.json:20:5: text after the summary");
    /* syntax errors: jansson's, at line and column */
    expect_bad(r, "\"hosts_overflow\": 0,", "\"hosts_overflow\": 0,,", "");
    assert_string_equal(last_msg, "bad.json:14:22: string or '}' expected near ','");
    /* counts: JSON integers >= 0, exact in 64 bits; a bad value is named by its path */
    expect_bad(r, "\"documents\": 7", "\"documents\": -1", "");
    assert_string_equal(last_msg, "bad.json: .documents: expected a whole number >= 0, got -1");
    expect_bad(r, "\"blocks\": 17", "\"blocks\": 17.0", "");
    assert_string_equal(last_msg, "bad.json: .blocks: expected a whole number >= 0, got 17.0");
    expect_bad(r, "\"blocks\": 17", "\"blocks\": 1.7e1", "");
    assert_string_equal(last_msg, "bad.json: .blocks: expected a whole number >= 0, got 17.0");
    expect_bad(r, "\"chars_out\": 385", "\"chars_out\": \"385\"", "");
    assert_string_equal(last_msg, "bad.json: .chars_out: expected a whole number >= 0, got a string");
    expect_bad(r, "\"version\": 1", "\"version\": null", "");
    assert_string_equal(last_msg, "bad.json: .version: expected a whole number >= 0, got null");
    expect_bad(r, "\"documents\": 7", "\"documents\": 9223372036854775808", "too big integer");
    assert_int_equal(strncmp(last_msg, "bad.json:2:", 11), 0);
    expect_bad(r, "\"garbled\": {\"blocks\": 1,", "\"garbled\": {\"blocks\": 1.5,", "");
    assert_string_equal(last_msg, "bad.json: .labels.garbled.blocks: expected a whole number >= 0, got 1.5");
    expect_bad(r, "\"chars_dropped\": 130", "\"chars_dropped\": -130", "");
    assert_string_equal(last_msg, "bad.json: .hosts[3].chars_dropped: expected a whole number >= 0, got -130");
    expect_bad(r, "\"hist_blocks\": [2,", "\"hist_blocks\": [true,", "");
    assert_string_equal(last_msg, "bad.json: .hist_blocks[0]: expected a whole number >= 0, got a boolean");
    expect_bad(r, "\"chars\": 100, \"chars_dropped\": 10,", "\"chars\": 101, \"chars_dropped\": 10,", "");
    assert_string_equal(last_msg, "bad.json: host counts do not add up to the totals");
    expect_bad(r, "\"adult_spam_documents\": 2,", "\"adult_spam_documents\": 1,", "");
    assert_string_equal(last_msg, "bad.json: host counts do not add up to the totals");
    /* missing pieces are named */
    expect_bad(r, "\"rejected\": 0,", "", "");
    assert_string_equal(last_msg, "bad.json: summary lacks a required field (\"rejected\")");
    expect_bad(r, "\"garbled\": {", "\"garbledX\": {", "");
    assert_string_equal(last_msg, "bad.json: summary lacks a label (\"garbled\")");
    expect_bad(r, "\"chars\": 10, \"chars_kept\": 0,", "\"chars\": 10,", "");
    assert_string_equal(last_msg, "bad.json: .labels.garbled: a label lacks a required field (\"chars_kept\")");
    expect_bad(r, "{\"host\": \"(no url)\", ", "{", "");
    assert_string_equal(last_msg, "bad.json: .hosts[0]: a host lacks a required field (\"host\")");
    expect_bad(r, "{\"host\": \"(no url)\", ", "{\"host\": 5, ", "");
    assert_string_equal(last_msg, "bad.json: .hosts[0].host: expected a string, got a number");
    expect_bad(r, "\"blocks_dropped\": 1", "\"blocks_dropped\": 3", "");
    assert_string_equal(last_msg, "bad.json: .hosts[0]: a host's counts disagree");
    expect_bad(r, "\"format\": \"shai-report\", ", "", "");
    assert_string_equal(last_msg, "bad.json: summary lacks a required field (\"format\")");
    expect_bad(r, "\"format\": \"shai-report\"", "\"format\": \"shai-report\\u0000\"", "not a shai report");
    expect_bad(r, "{\"host\": \"(no url)\"", "{\"host\": \"a\\u0000b\"", "bad host name");
    /* past 2^63 - 1: jansson's syntax error; sums that overflow 64 bits */
    expect_bad(r, "\"hist_chars\": [2, 0,", "\"hist_chars\": [18446744073709551615, 0,", "too big integer");
    {
        char *js = replace(replace(render(r, 0), "\"content\": {\"blocks\": 7,", "\"content\": {\"blocks\": 9223372036854775807,"),
                           "\"boilerplate\": {\"blocks\": 3,", "\"boilerplate\": {\"blocks\": 9223372036854775807,");
        t = shai_report_new();
        assert_int_equal(shai_report_load_json(t, js, strlen(js), "big.json", &st), SHAI_ERR_FORMAT);
        assert_string_equal(st.msg, "big.json: counts too large");
        shai_report_free(t);
        free(js);
    }
    t = shai_report_new();
    {
        static const char *const notobj[] = {"[1]", "7", "\"x\"", "null"};
        size_t i;
        for (i = 0; i < 4; i++) {
            assert_int_equal(shai_report_load_json(t, notobj[i], strlen(notobj[i]), "o.json", &st), SHAI_ERR_FORMAT);
            assert_string_equal(st.msg, "o.json: expected a JSON object (a shai report summary)");
        }
    }
    assert_int_equal(shai_report_load_json(t, "", 0, "e.json", &st), SHAI_ERR_FORMAT);
    assert_string_equal(st.msg, "e.json: empty file (not a shai report summary)");
    assert_int_equal(shai_report_load_json(t, " \n\n", 3, "e.json", &st), SHAI_ERR_FORMAT);
    assert_string_equal(st.msg, "e.json: empty file (not a shai report summary)");
    assert_int_equal(shai_report_load_json(t, "{\n\"a\": tru}", 13, "s.json", &st), SHAI_ERR_FORMAT);
    assert_string_equal(st.msg, "s.json:2:8: invalid token near 'tru'");
    {
        /* deep nesting is jansson's to refuse, not a crash */
        size_t k, depth = 100000;
        char *deep = malloc(2 * depth + 1);
        assert_non_null(deep);
        for (k = 0; k < depth; k++) { deep[k] = '['; deep[2 * depth - 1 - k] = ']'; }
        deep[2 * depth] = '\0';
        assert_int_equal(shai_report_load_json(t, deep, 2 * depth, "d.json", &st), SHAI_ERR_FORMAT);
        free(deep);
    }
    assert_int_equal(shai_report_load_json_file(t, TU_DATA "does-not-exist.json", &st), SHAI_ERR_IO);
    {
        char *js = render(r, 0);
        shai_report *f = shai_report_new();
        assert_int_equal(shai_report_load_json_file(f, tu_file("r.json", js), &st), 0);
        assert_same_json(f, r);
        shai_report_free(f);
        free(js);
    }
    /* unknown keys are ignored (newer writers may add some) */
    {
        char *js = replace(render(r, 0), "\"rejected\": 0,", "\"rejected\": 0, \"extra\": {\"a\": [1, 2.5e3, null, true]},");
        assert_int_equal(shai_report_load_json(t, js, strlen(js), "x.json", &st), 0);
        assert_same_json(t, r);
        free(js);
    }
    shai_report_free(t);
    shai_report_free(r);
    free(l.buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_checks),
    };
    return cmocka_run_group_tests(tests, NULL, tu_cleanup);
}
