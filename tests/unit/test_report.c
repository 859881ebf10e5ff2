/*
 * test_report.c — the contamination report: hand-counted figures, exact
 * and associative merging, the JSON round trip and its checks, --blocks
 * lines, hosts, and a strict well-formedness parse of the HTML.
 *
 * Fixture ../data/report_blocks.jsonl (17 block lines, 7 documents), by hand:
 *
 *   doc  id       host              blocks (label chars keep)          chars  dropped
 *   1    d1       news.example.com  K40+ B10- K60+ P30-                 140    40  (28.6%)
 *   2    d2       spam.example.net  A50- A25- B5-                        80    80  (100%)
 *   3    d3       news.example.com  K100+ K20+                          120     0
 *   4    x<&">y   (no url)          K90+ G10-                           100    10  (10%)
 *   5    d5       spam.example.net  A30- K70+ P15- P5-                  120    50  (41.7%)
 *   6    dup      a.example.org     K5+                                   5     0
 *   7    dup      a.example.org     B7-   (line numbers restart: new doc)  7     7  (100%)
 *
 *   documents 7, out 5 (2 and 7 lose everything), empty 0
 *   blocks 17, out 7; chars 572, out 385
 *   per label  blocks  kept  chars  kept  documents
 *   content       7     7     385   385      5
 *   boilerplate   3     0      22     0      3
 *   place_list    3     0      50     0      2
 *   adult_spam    3     0     105     0      2
 *   garbled       1     0      10     0      1
 *   rates: adult_spam documents 2/7 = 28.6%, place_list documents 2/7 = 28.6%,
 *          characters dropped 187/572 = 32.7%, blocks dropped 10/17 = 58.8%,
 *          adult_spam characters 105/572 = 18.4%
 *   hist_chars (bucket of each doc): 0: docs 3,6; 2 ([10,20%)): 4; 3 ([20,30%)): 1;
 *          5 ([40,50%)): 5; 11 (100%): 2,7  -> [2,0,1,1,0,1,0,0,0,0,0,2]
 *   hist_blocks: doc 1 2/4 -> 6; 2 -> 11; 3 -> 0; 4 1/2 -> 6; 5 3/4 -> 8; 6 -> 0;
 *          7 -> 11  -> [2,0,0,0,0,0,2,0,1,0,0,2]
 *   hosts ranked by dropped chars: spam.example.net 130 (2 docs, A 2, P 1),
 *          news.example.com 40 (2 docs, P 1), (no url) 10, a.example.org 7
 */
#include "reportutil.h"
#include "xmlcheck.h"

static void test_hand_count(void **state)
{
    static const uint64_t lb[5] = {7, 3, 3, 3, 1}, lc[5] = {385, 22, 50, 105, 10};
    static const uint64_t ld[5] = {5, 3, 2, 2, 1};
    static const uint64_t hc[12] = {2, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 2};
    static const uint64_t hb[12] = {2, 0, 0, 0, 0, 0, 2, 0, 1, 0, 0, 2};
    lines l;
    shai_report *r;
    shai_report_counts c = {0};
    shai_report_host h[8];
    int k;
    (void)state;
    read_lines(&l);
    r = report_of(&l, 0, l.n);
    shai_report_get_counts(r, &c);
    assert_int_equal(c.documents, 7);
    assert_int_equal(c.documents_out, 5);
    assert_int_equal(c.documents_empty, 0);
    assert_int_equal(c.blocks, 17);
    assert_int_equal(c.blocks_out, 7);
    assert_int_equal(c.chars, 572);
    assert_int_equal(c.chars_out, 385);
    assert_int_equal(c.blocks_no_chars, 0);
    for (k = 0; k < SHAI_NLABELS; k++) {
        assert_int_equal(c.label_blocks[k], lb[k]);
        assert_int_equal(c.label_chars[k], lc[k]);
        assert_int_equal(c.label_documents[k], ld[k]);
        assert_int_equal(c.label_blocks_kept[k], k == 0 ? 7 : 0);
        assert_int_equal(c.label_chars_kept[k], k == 0 ? 385 : 0);
    }
    for (k = 0; k < SHAI_REPORT_BINS; k++) {
        assert_int_equal(c.hist_chars[k], hc[k]);
        assert_int_equal(c.hist_blocks[k], hb[k]);
    }
    /* the rates, as the table rounds them */
    assert_int_equal((int)(1000.0 * c.label_documents[SHAI_ADULT_SPAM] / c.documents + 0.5), 286);
    assert_int_equal((int)(1000.0 * c.label_documents[SHAI_PLACE_LIST] / c.documents + 0.5), 286);
    assert_int_equal((int)(1000.0 * (c.chars - c.chars_out) / c.chars + 0.5), 327);
    assert_int_equal((int)(1000.0 * (c.blocks - c.blocks_out) / c.blocks + 0.5), 588);
    assert_int_equal((int)(1000.0 * c.label_chars[SHAI_ADULT_SPAM] / c.chars + 0.5), 184);

    assert_int_equal(shai_report_host_count(r), 4);
    assert_int_equal(shai_report_top_hosts(r, h, 8), 4);
    assert_string_equal(h[0].host, "spam.example.net");
    assert_int_equal(h[0].documents, 2);
    assert_int_equal(h[0].chars_dropped, 130);
    assert_int_equal(h[0].chars, 200);
    assert_int_equal(h[0].blocks_dropped, 6);
    assert_int_equal(h[0].adult_spam_documents, 2);
    assert_int_equal(h[0].place_list_documents, 1);
    assert_string_equal(h[1].host, "news.example.com");
    assert_int_equal(h[1].chars_dropped, 40);
    assert_int_equal(h[1].place_list_documents, 1);
    assert_string_equal(h[2].host, SHAI_HOST_NONE);
    assert_string_equal(h[3].host, "a.example.org");
    assert_int_equal(h[3].documents, 2);
    assert_int_equal(shai_report_top_hosts(r, h, 1), 1);
    shai_report_free(r);
    free(l.buf);
}

/* The three writers write the same bytes under a locale with a decimal
 * comma (a program embedding the library may set one): "32,7%" in the
 * table, x="110,00" in the HTML's SVG. */
static void test_comma_locale(void **state)
{
    lines l;
    shai_report *r;
    char *c[3], *de[3];
    int k;
    (void)state;
    read_lines(&l);
    r = report_of(&l, 0, l.n);
    for (k = 0; k < 3; k++) c[k] = render(r, k);
    tu_comma_locale();
    for (k = 0; k < 3; k++) de[k] = render(r, k);
    tu_c_locale();
    for (k = 0; k < 3; k++) {
        assert_string_equal(de[k], c[k]);
        free(c[k]);
        free(de[k]);
    }
    shai_report_free(r);
    free(l.buf);
}

/* A write that fails shows in the writers' return code, also when the
 * whole output fits in the stream's buffer (the table, the summary). */
static void test_write_failure(void **state)
{
    lines l;
    shai_report *r;
    shai_status st;
    FILE *f;
    (void)state;
    read_lines(&l);
    r = report_of(&l, 0, l.n);
    f = fopen("/dev/full", "w");
    assert_non_null(f);
    assert_int_equal(shai_report_write_table(r, f, 20, &st), SHAI_ERR_IO);
    assert_non_null(strstr(st.msg, "write failed"));
    clearerr(f);
    assert_int_equal(shai_report_write_json(r, f, &st), SHAI_ERR_IO);
    clearerr(f);
    assert_int_equal(shai_report_write_html(r, f, 20, &st), SHAI_ERR_IO);
    fclose(f);
    shai_report_free(r);
    free(l.buf);
}

static void test_table(void **state)
{
    lines l;
    shai_report *r;
    char *t;
    (void)state;
    read_lines(&l);
    r = report_of(&l, 0, l.n);
    t = render(r, 1);
    assert_non_null(strstr(t, "shai report: 7 documents, 17 blocks, 572 characters\n"));
    assert_non_null(strstr(t, "characters              572            385            187    32.7%\n"));
    assert_non_null(strstr(t, "adult_spam                3    17.6%            105    18.4%              2    28.6%\n"));
    assert_non_null(strstr(t, "documents with any adult_spam block: 2 of 7 (28.6%)\n"));
    assert_non_null(strstr(t, "documents with any place_list block: 2 of 7 (28.6%)\n"));
    assert_non_null(strstr(t, "  100%                  2    28.6%  ####"));
    assert_non_null(strstr(t, "  spam.example.net                                 2            130    65.0%"));
    assert_null(strstr(t, "n/a"));
    free(t);
    shai_report_free(r);
    free(l.buf);
}

/* The same documents through shai_report_add_doc give the same report. */
static void test_add_doc(void **state)
{
    static const struct { const char *url; int n; int keep[4], label[4]; size_t chars[4]; } d[7] = {
        {"http://News.Example.com:8080/a?x=1", 4, {1, 0, 1, 0}, {0, 1, 0, 2}, {40, 10, 60, 30}},
        {"https://spam.example.net/p", 3, {0, 0, 0}, {3, 3, 1}, {50, 25, 5}},
        {"http://news.example.com/b", 2, {1, 1}, {0, 0}, {100, 20}},
        {NULL, 2, {1, 0}, {0, 4}, {90, 10}},
        {"http://user@spam.example.net./q", 4, {0, 1, 0, 0}, {3, 0, 2, 2}, {30, 70, 15, 5}},
        {"http://a.example.org/", 1, {1}, {0}, {5}},
        {"http://a.example.org/", 1, {0}, {1}, {7}},
    };
    lines l;
    shai_report *a, *b = shai_report_new(), *c = shai_report_new();
    shai_block blk[4];
    shai_doc doc;
    shai_doc_stats ds;
    int i, j;
    (void)state;
    read_lines(&l);
    a = report_of(&l, 0, l.n);
    assert_non_null(b);
    assert_non_null(c);
    memset(&doc, 0, sizeof doc);
    for (i = 0; i < 7; i++) {
        size_t ul = d[i].url ? strlen(d[i].url) : 0;
        memset(blk, 0, sizeof blk);
        for (j = 0; j < d[i].n; j++) {
            blk[j].keep = d[i].keep[j];
            blk[j].label = d[i].label[j];
            blk[j].chars = d[i].chars[j];
        }
        assert_int_equal(shai_report_add_doc(b, d[i].url, ul, blk, (size_t)d[i].n), 0);
        /* and through the per-document counts (report -j) */
        shai_doc_stats_get(&doc, blk, (size_t)d[i].n, &ds);
        assert_int_equal(shai_report_add_stats(c, d[i].url, ul, &ds), 0);
    }
    assert_same_json(a, b);
    assert_same_json(a, c);
    assert_int_equal(shai_report_add_stats(c, "", 0, NULL), SHAI_ERR_INVALID);
    shai_report_free(c);
    /* an empty document counts, without a histogram entry */
    assert_int_equal(shai_report_add_doc(b, "", 0, NULL, 0), 0);
    blk[0].label = 7;
    assert_int_equal(shai_report_add_doc(b, "", 0, blk, 1), SHAI_ERR_INVALID);
    {
        shai_report_counts bc;
        memset(&bc, 0, sizeof bc);
        shai_report_get_counts(b, &bc);
        assert_int_equal(bc.documents, 8);
        assert_int_equal(bc.documents_empty, 1);
    }
    shai_report_free(a);
    shai_report_free(b);
    free(l.buf);
}

/* Shards at document boundaries: lines [0,7), [7,11), [11,17). */
static void test_merge(void **state)
{
    lines l;
    shai_report *all, *s[3], *ab_c, *a_bc, *bc, *cab, *viajson;
    char *js;
    shai_status st;
    int i;
    (void)state;
    read_lines(&l);
    all = report_of(&l, 0, l.n);
    s[0] = report_of(&l, 0, 7);
    s[1] = report_of(&l, 7, 11);
    s[2] = report_of(&l, 11, 17);
    /* (a + b) + c */
    ab_c = shai_report_new();
    for (i = 0; i < 3; i++) assert_int_equal(shai_report_merge(ab_c, s[i]), 0);
    assert_same_json(ab_c, all);
    /* a + (b + c) */
    bc = shai_report_new();
    assert_int_equal(shai_report_merge(bc, s[1]), 0);
    assert_int_equal(shai_report_merge(bc, s[2]), 0);
    a_bc = shai_report_new();
    assert_int_equal(shai_report_merge(a_bc, s[0]), 0);
    assert_int_equal(shai_report_merge(a_bc, bc), 0);
    assert_same_json(a_bc, all);
    /* c + a + b */
    cab = shai_report_new();
    assert_int_equal(shai_report_merge(cab, s[2]), 0);
    assert_int_equal(shai_report_merge(cab, s[0]), 0);
    assert_int_equal(shai_report_merge(cab, s[1]), 0);
    assert_same_json(cab, all);
    /* through the JSON summaries, as `shai report --merge` does */
    viajson = shai_report_new();
    for (i = 2; i >= 0; i--) {
        js = render(s[i], 0);
        assert_int_equal(shai_report_load_json(viajson, js, strlen(js), "shard.json", &st), 0);
        free(js);
    }
    assert_same_json(viajson, all);
    /* and a summary of a summary */
    js = render(all, 0);
    shai_report_free(viajson);
    viajson = shai_report_new();
    assert_int_equal(shai_report_load_json(viajson, js, strlen(js), "all.json", &st), 0);
    assert_same_json(viajson, all);
    free(js);
    assert_int_equal(shai_report_merge(all, all), SHAI_ERR_INVALID);
    for (i = 0; i < 3; i++) shai_report_free(s[i]);
    shai_report_free(all);
    shai_report_free(ab_c);
    shai_report_free(a_bc);
    shai_report_free(bc);
    shai_report_free(cab);
    shai_report_free(viajson);
    free(l.buf);
}

/* Replaces the first `from` in s (a malloc'ed string) with `to`. */
static void test_blocks_lines(void **state)
{
    shai_report *r = shai_report_new();
    shai_report_counts c = {0};
    shai_status st;
    char *t;
    (void)state;
    assert_non_null(r);
#define LINE(s, n) shai_report_add_blocks_line(r, s, strlen(s), "b.jsonl", n, &st)
    assert_int_equal(LINE("", 1), 0);
    assert_int_equal(LINE("  \r", 2), 0);
    assert_int_equal(LINE("{\"id\": \"a\", \"line\": 1, \"keep\": true, \"label\": \"content\"}", 3), 0);
    assert_int_equal(LINE("{\"id\": \"a\", \"line\": 2, \"keep\": false, \"label\": \"adult_spam\", \"score\": 1e-3}", 4), 0);
    assert_int_equal(LINE("{\"id\": \"b\", \"line\": 1, \"keep\": false, \"label\": \"garbled\"}", 5), 0);
    assert_int_equal(LINE("{\"id\": \"c\", \"keep\": false, \"label\": \"bogus\"}", 6), SHAI_ERR_FORMAT);
    assert_string_equal(st.msg, "b.jsonl:6: unknown label");
    assert_int_equal(LINE("{\"id\": \"c\", \"label\": \"content\"}", 7), SHAI_ERR_FORMAT);
    assert_string_equal(st.msg, "b.jsonl:7: block line without \"keep\"");
    assert_int_equal(LINE("{\"label\": \"content\", \"keep\": true}", 8), SHAI_ERR_FORMAT);
    assert_int_equal(LINE("{\"id\": \"c\", \"keep\": true, \"label\": \"K\"}", 9), SHAI_ERR_FORMAT);
    assert_int_equal(LINE("[1]", 10), SHAI_ERR_FORMAT);
    assert_int_equal(LINE("{\"id\": \"c\", \"keep\": true, \"label\": \"content\"", 11), SHAI_ERR_FORMAT);
    assert_int_equal(LINE("{\"id\": \"\\ud800\", \"keep\": true, \"label\": \"content\"}", 12), SHAI_ERR_FORMAT);
    assert_int_equal(LINE("{\"id\": \"c\", \"line\": -1, \"keep\": true, \"label\": \"content\"}", 13), SHAI_ERR_FORMAT);
    assert_string_equal(st.msg, "b.jsonl:13: \"line\": expected a whole number >= 0, got -1");
    assert_int_equal(LINE("{\"id\": \"c\", \"chars\": 2.5, \"keep\": true, \"label\": \"content\"}", 14), SHAI_ERR_FORMAT);
    assert_string_equal(st.msg, "b.jsonl:14: \"chars\": expected a whole number >= 0, got 2.5");
    assert_int_equal(LINE("{\"id\": \"c\", \"chars\": 99999999999999999999, \"keep\": true, \"label\": \"content\"}", 15), SHAI_ERR_FORMAT);
    assert_string_equal(st.msg, "b.jsonl:15:41: too big integer near '99999999999999999999'");
    assert_int_equal(LINE("{\"id\": \"c\", \"keep\": 1, \"label\": \"content\"}", 16), SHAI_ERR_FORMAT);
    assert_string_equal(st.msg, "b.jsonl:16: \"keep\": expected true or false, got a number");
    assert_int_equal(LINE("{\"id\": \"c\", \"keep\": true, \"label\": 0}", 17), SHAI_ERR_FORMAT);
    assert_string_equal(st.msg, "b.jsonl:17: \"label\": expected a string, got a number");
    assert_int_equal(LINE("{\"id\": 5, \"keep\": true, \"label\": \"content\"}", 18), SHAI_ERR_FORMAT);
    assert_string_equal(st.msg, "b.jsonl:18: block line without a string \"id\"");
    assert_int_equal(LINE("{\"id\": \"c\", \"keep\": true, \"label\": \"content\"} {}", 19), SHAI_ERR_FORMAT);
    assert_string_equal(st.msg, "b.jsonl:19:47: text after the JSON object");
    assert_int_equal(LINE("{\"id\": \"c\", \"keep\": true, \"label\": \"content\",}", 20), SHAI_ERR_FORMAT);
    assert_string_equal(st.msg, "b.jsonl:20:46: string or '}' expected near '}'");
    assert_int_equal(LINE("\"c\"", 21), SHAI_ERR_FORMAT);
    assert_string_equal(st.msg, "b.jsonl:21: expected a JSON object");
    assert_int_equal(LINE("{\"id\": \"\xff\", \"keep\": true, \"label\": \"content\"}", 22), SHAI_ERR_FORMAT);
    assert_int_equal(strncmp(st.msg, "b.jsonl:22:", 11), 0);
#undef LINE
    assert_int_equal(shai_report_end_blocks(r), 0);
    assert_int_equal(shai_report_end_blocks(r), 0);
    shai_report_get_counts(r, &c);
    assert_int_equal(c.documents, 2);
    assert_int_equal(c.blocks, 3);
    assert_int_equal(c.blocks_no_chars, 3);
    assert_int_equal(c.label_documents[SHAI_ADULT_SPAM], 1);
    assert_int_equal(c.hist_blocks[6], 1);                 /* a: 1 of 2 dropped */
    assert_int_equal(c.hist_blocks[SHAI_REPORT_BINS - 1], 1);
    assert_int_equal(c.hist_chars[0] + c.hist_chars[SHAI_REPORT_BINS - 1], 0);
    t = render(r, 1);
    assert_non_null(strstr(t, "character counts: n/a"));
    assert_non_null(strstr(t, "characters              n/a            n/a"));
    assert_non_null(strstr(t, "most contaminated hosts by dropped blocks"));
    free(t);
    shai_report_free(r);

    /* counts stay below 2^63 (JSON integers a summary can hold): a line
     * that would pass it is refused, and so is a summary that would */
    r = shai_report_new();
    assert_non_null(r);
    {
        static const char big[] = "{\"id\":\"a\",\"line\":1,\"chars\":5000000000000000000,\"keep\":false,\"label\":\"garbled\"}";
        static const char big2[] = "{\"id\":\"b\",\"line\":1,\"chars\":5000000000000000000,\"keep\":true,\"label\":\"content\"}";
        shai_report *m = shai_report_new();
        char *js;
        assert_int_equal(shai_report_add_blocks_line(r, big, sizeof big - 1, "o.jsonl", 1, &st), 0);
        assert_int_equal(shai_report_add_blocks_line(r, big2, sizeof big2 - 1, "o.jsonl", 2, &st), SHAI_ERR_FORMAT);
        assert_string_equal(st.msg, "o.jsonl:2: \"chars\": the character total would pass 2^63 - 1");
        assert_int_equal(shai_report_end_blocks(r), 0);
        shai_report_get_counts(r, &c);
        assert_int_equal(c.documents, 1);
        assert_true(c.chars == 5000000000000000000u);
        js = render(r, 0);
        assert_non_null(m);
        assert_int_equal(shai_report_load_json(m, js, strlen(js), "big.json", &st), 0);
        assert_int_equal(shai_report_load_json(m, js, strlen(js), "big.json", &st), SHAI_ERR_FORMAT);
        assert_string_equal(st.msg, "big.json: counts too large to add (a total would pass 2^63 - 1)");
        assert_same_json(m, r);                              /* unchanged */
        free(js);
        shai_report_free(m);
    }
    shai_report_free(r);

    /* ids and urls may hold U+0000 (the JSONL reader allows it): "a\0b"
     * and "a" are two documents; a url of another type is no url */
    r = shai_report_new();
    assert_non_null(r);
#define LINE(s, n) shai_report_add_blocks_line(r, s, sizeof s - 1, "n.jsonl", n, &st)
    assert_int_equal(LINE("{\"id\":\"a\\u0000b\",\"url\":\"http://x.cn/\",\"line\":1,\"chars\":3,\"keep\":true,\"label\":\"content\"}", 1), 0);
    assert_int_equal(LINE("{\"id\":\"a\",\"url\":\"http://x.cn/\",\"line\":2,\"chars\":4,\"keep\":false,\"label\":\"boilerplate\"}", 2), 0);
    assert_int_equal(LINE("{\"id\":\"a\",\"url\":7,\"line\":3,\"chars\":5,\"keep\":false,\"label\":\"boilerplate\"}", 3), 0);
#undef LINE
    assert_int_equal(shai_report_end_blocks(r), 0);
    shai_report_get_counts(r, &c);
    assert_int_equal(c.documents, 3);
    assert_int_equal(c.chars, 12);
    assert_int_equal(c.blocks_no_chars, 0);
    assert_int_equal(shai_report_host_count(r), 2);
    shai_report_free(r);
}

static const char *host_of(const char *url)
{
    static char out[SHAI_HOST_MAX + 1];
    shai_url_host(url, strlen(url), out);
    return out;
}

static void test_hosts(void **state)
{
    shai_report *r = shai_report_new(), *m;
    shai_report_counts c = {0};
    shai_report_host h[4];
    shai_block b;
    char *js;
    shai_status st;
    (void)state;
    assert_string_equal(host_of("HTTP://Www.Example.COM:80/x"), "www.example.com");
    assert_string_equal(host_of("https://u:p@h.example.cn./?q=@x"), "h.example.cn");
    assert_string_equal(host_of("//cdn.example.com/a"), "cdn.example.com");
    assert_string_equal(host_of("example.com/path"), "example.com");
    assert_string_equal(host_of("http://[2001:DB8::1]:8080/"), "[2001:db8::1]");
    assert_string_equal(host_of("http://中文.example/"), "中文.example");
    assert_string_equal(host_of("  "), SHAI_HOST_NONE);
    assert_string_equal(host_of("javascript:void(0)"), SHAI_HOST_INVALID);
    assert_string_equal(host_of("http://a<b>.com/"), SHAI_HOST_INVALID);
    assert_string_equal(host_of("http:///path"), SHAI_HOST_INVALID);
    assert_string_equal(host_of("http://\xff\xfe.com/"), SHAI_HOST_INVALID);
    assert_string_equal(host_of("http://a\xc2\x85" "b.com/"), SHAI_HOST_INVALID);   /* U+0085 */
    /* non-ASCII names in one form (NFKC, lower case, 。 a dot); spaces,
     * separators and invisible characters make no host */
    assert_string_equal(host_of("http://a\xc2\xa0" "b.com/"), SHAI_HOST_INVALID);          /* NBSP */
    assert_string_equal(host_of("http://B\xc3\x9c" "cher.de/"), "b\xc3\xbc" "cher.de");   /* BÜcher */
    assert_string_equal(host_of("http://b\xc3\xbc" "cher.de/"), "b\xc3\xbc" "cher.de");
    assert_string_equal(host_of("http://\xef\xbc\xa5\xef\xbc\xb8.com/"), "ex.com");          /* ＥＸ */
    assert_string_equal(host_of("http://\xe4\xbe\x8b\xe5\xad\x90\xe3\x80\x82\xe4\xb8\xad\xe5\x9b\xbd/"),
                        "\xe4\xbe\x8b\xe5\xad\x90.\xe4\xb8\xad\xe5\x9b\xbd");              /* 例子。中国 */
    assert_string_equal(host_of("http://exa\xe2\x80\x8b" "mple.com/"), SHAI_HOST_INVALID);   /* U+200B */
    assert_string_equal(host_of("http://evil\xe2\x80\xae" "moc.com/"), SHAI_HOST_INVALID);   /* U+202E */
    assert_string_equal(host_of("http://a\xe2\x80\xa8" "b.com/"), SHAI_HOST_INVALID);        /* U+2028 */
    assert_string_equal(host_of("http://a\xef\xbc\x9c" "b.com/"), SHAI_HOST_INVALID);        /* ＜ */
    assert_string_equal(host_of("http://stra\xc3\x9f" "e.de/"), "stra\xc3\x9f" "e.de");       /* ß stays */
    assert_string_equal(shai_report_bin_name(shai_report_bin(1, 1000)), "(0,10%)");
    assert_int_equal(shai_report_bin(99, 1000), 1);
    assert_int_equal(shai_report_bin(100, 1000), 2);
    assert_int_equal(shai_report_bin(999, 1000), 10);
    assert_int_equal(shai_report_bin(1000, 1000), 11);
    assert_int_equal(shai_report_bin(0, 1000), 0);

    /* the host cap: a third host goes to "(other)" */
    assert_non_null(r);
    assert_int_equal(shai_report_set_host_cap(r, 0), SHAI_ERR_INVALID);
    assert_int_equal(shai_report_set_host_cap(r, 2), 0);
    memset(&b, 0, sizeof b);
    b.label = SHAI_ADULT_SPAM;
    b.chars = 10;
    assert_int_equal(shai_report_add_doc(r, "http://a.com/", 13, &b, 1), 0);
    assert_int_equal(shai_report_add_doc(r, "http://b.com/", 13, &b, 1), 0);
    assert_int_equal(shai_report_add_doc(r, "http://c.com/", 13, &b, 1), 0);
    assert_int_equal(shai_report_add_doc(r, "http://d.com/", 13, &b, 1), 0);
    assert_int_equal(shai_report_add_doc(r, "http://a.com/", 13, &b, 1), 0);
    assert_int_equal(shai_report_add_doc(r, "http://a.com/", 13, &b, 1), 0);
    shai_report_get_counts(r, &c);
    assert_int_equal(c.hosts_overflow, 2);
    assert_int_equal(shai_report_host_count(r), 3);
    assert_int_equal(shai_report_top_hosts(r, h, 4), 3);
    assert_string_equal(h[0].host, "a.com");
    assert_string_equal(h[1].host, SHAI_HOST_OTHER);
    assert_int_equal(h[1].documents, 2);
    js = render(r, 1);
    assert_non_null(strstr(js, "approximate"));
    assert_non_null(strstr(js, "2 documents were counted under \"(other)\""));
    free(js);
    /* a summary with the overflow merges into an uncapped report exactly;
     * its table's note does not claim more hosts than the merge holds */
    js = render(r, 0);
    m = shai_report_new();
    assert_int_equal(shai_report_load_json(m, js, strlen(js), "capped.json", &st), 0);
    assert_same_json(m, r);
    free(js);
    js = render(m, 1);
    assert_non_null(strstr(js, "or fewer in a summary merged into it"));
    assert_null(strstr(js, "more than"));
    free(js);
    shai_report_free(m);
    shai_report_free(r);
}

/* The HTML page of r's summary with host a.example.org renamed to host
 * (JSON string content) and read back by --merge's loader; checked to be
 * well-formed.  The caller frees it. */
static char *html_with_host(const shai_report *r, const char *host)
{
    char to[256], *js, *html;
    const char *why = NULL;
    shai_report *m = shai_report_new();
    shai_status st;
    assert_non_null(m);
    snprintf(to, sizeof to, "{\"host\": \"%s\"", host);
    js = replace(render(r, 0), "{\"host\": \"a.example.org\"", to);
    if (shai_report_load_json(m, js, strlen(js), "summary.json", &st)) fail_msg("%s", st.msg);
    html = render(m, 2);
    if (!xml_ok(html, &why)) fail_msg("HTML not well-formed: %s", why);
    free(js);
    shai_report_free(m);
    return html;
}

static void test_html(void **state)
{
    static const char *const bad[] = {"<p>", "a</b>", "<a x=1>", "<a>&nbsp;</a>", "<a></a><b></b>", "<a>&</a>"};
    lines l;
    shai_report *r;
    shai_status st;
    const char *why = NULL;
    char *html;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(xml_ok(bad[i], &why));     /* the checker itself */
    read_lines(&l);
    r = report_of(&l, 0, l.n);
    html = render(r, 2);
    if (!xml_ok(html, &why)) fail_msg("HTML not well-formed: %s", why);
    assert_non_null(strstr(html, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_non_null(strstr(html, "spam.example.net"));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "src="));
    assert_null(strstr(html, "href="));
    assert_null(strstr(html, "url("));
    free(html);
    /* a hostile host name from a summary is no host (it is read as
     * shai_url_host would make it), and the page stays well-formed; a
     * non-ASCII name is read folded */
    html = html_with_host(r, "<b a=\\\"x\\\">&amp;'\\u00e9\\ufffe");
    assert_null(strstr(html, "&lt;b a="));
    assert_non_null(strstr(html, SHAI_HOST_INVALID));
    free(html);
    html = html_with_host(r, "\\u00c9T\\u00c9.example.org");
    assert_non_null(strstr(html, "\xc3\xa9t\xc3\xa9.example.org"));          /* ÉTÉ read as été */
    free(html);
    /* block-only figures render too */
    shai_report_free(r);
    r = shai_report_new();
    {
        const char *z = "{\"id\":\"z\",\"keep\":false,\"label\":\"place_list\"}";
        assert_int_equal(shai_report_add_blocks_line(r, z, strlen(z), "z", 1, &st), 0);
    }
    assert_int_equal(shai_report_end_blocks(r), 0);
    html = render(r, 2);
    if (!xml_ok(html, &why)) fail_msg("HTML not well-formed: %s", why);
    assert_non_null(strstr(html, "n/a"));
    free(html);
    shai_report_free(r);
    free(l.buf);
}

/* "doc" decides where a document ends when both lines have it; without
 * it, the same id and url with a growing line number is one document. */
static void test_blocks_doc(void **state)
{
    static const char *const with[] = {
        "{\"id\":\"\",\"url\":\"\",\"doc\":1,\"line\":1,\"chars\":5,\"keep\":true,\"label\":\"content\"}",
        "{\"id\":\"\",\"url\":\"\",\"doc\":2,\"line\":3,\"chars\":5,\"keep\":true,\"label\":\"content\"}",
        "{\"id\":\"\",\"url\":\"\",\"doc\":2,\"line\":4,\"chars\":5,\"keep\":false,\"label\":\"boilerplate\"}",
    };
    shai_report *r;
    shai_report_counts c;
    shai_status st;
    size_t i;
    int pass;
    (void)state;
    for (pass = 0; pass < 2; pass++) {      /* with "doc", then with it taken out */
        r = shai_report_new();
        assert_non_null(r);
        for (i = 0; i < 3; i++) {
            char line[256];
            const char *l = with[i];
            if (pass) {
                const char *d = strstr(l, "\"doc\":");
                int k = snprintf(line, sizeof line, "%.*s%s", (int)(d - l), l, strchr(d, ',') + 1);
                assert_true(k > 0);
                l = line;
            }
            assert_int_equal(shai_report_add_blocks_line(r, l, strlen(l), "x", i + 1, &st), 0);
        }
        assert_int_equal(shai_report_end_blocks(r), 0);
        memset(&c, 0, sizeof c);
        shai_report_get_counts(r, &c);
        assert_int_equal(c.documents, pass ? 1 : 2);
        assert_int_equal(c.blocks, 3);
        shai_report_free(r);
    }
    r = shai_report_new();
    {
        const char *bad = "{\"id\":\"a\",\"doc\":-1,\"keep\":true,\"label\":\"content\"}";
        assert_int_equal(shai_report_add_blocks_line(r, bad, strlen(bad), "x", 1, &st), SHAI_ERR_FORMAT);
    }
    assert_non_null(strstr(st.msg, "\"doc\""));
    shai_report_free(r);
}

/* shai_report_pct: one decimal, more where one would read 0.0% of a
 * count above 0 or 100.0% of less than all. */
static void test_pct(void **state)
{
    char p[16];
    (void)state;
    assert_string_equal(shai_report_pct(1, 0, p), "n/a");
    assert_string_equal(shai_report_pct(0, 7, p), "0.0%");
    assert_string_equal(shai_report_pct(7, 7, p), "100.0%");
    assert_string_equal(shai_report_pct(1, 3, p), "33.3%");
    assert_string_equal(shai_report_pct(1999, 2000, p), "99.95%");
    assert_string_equal(shai_report_pct(1, 10000, p), "0.01%");
    assert_string_equal(shai_report_pct(9999999, 10000000, p), "99.99999%");
    assert_string_equal(shai_report_pct(1, UINT64_MAX, p), "0.000000%");   /* past 6 decimals: as far as it goes */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pct),
        cmocka_unit_test(test_hand_count),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_add_doc),
        cmocka_unit_test(test_merge),
        cmocka_unit_test(test_blocks_lines),
        cmocka_unit_test(test_blocks_doc),
        cmocka_unit_test(test_hosts),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_comma_locale),
        cmocka_unit_test(test_write_failure),
    };
    shai_report_free(NULL);
    return cmocka_run_group_tests(tests, NULL, tu_cleanup);
}
