/*
 * test_writers.c — the output writers: cleaned JSONL (byte-exact
 * pass-through), blocks (+ explain), text, Dolma spans in code points,
 * .lbl drafts that read back, reject lines.
 */
#include "testutil.h"
#include "internal.h"   /* shai_split_blocks, the model's weights */

#include <math.h>

#define MAXB 64

/* Blocks of text as the filter splits them, labeled by codes[i]
 * (K B P A G); score = +/-(1 + i/4). */
static size_t mk_blocks(const char *text, size_t len, const char *codes, shai_block *b)
{
    shai_span *sp = NULL;
    size_t cap = 0, i;
    long n = shai_split_blocks(text, len, 0, &sp, &cap);
    assert_true(n >= 0 && n <= MAXB);
    assert_int_equal((size_t)n, strlen(codes));
    for (i = 0; i < (size_t)n; i++) {
        memset(&b[i], 0, sizeof b[i]);
        b[i].off = sp[i].off;
        b[i].len = sp[i].len;
        b[i].line = sp[i].line;
        b[i].char_off = sp[i].char_off;
        b[i].chars = shai_utf8_count(text + sp[i].off, sp[i].len);
        b[i].label = shai_label_parse(&codes[i], 1);
        b[i].keep = b[i].label == SHAI_CONTENT;
        b[i].score = (b[i].keep ? -1.0 : 1.0) * (1.0 + (double)i / 4);
    }
    free(sp);
    return (size_t)n;
}

/* A document from text with the given id and url (text format). */
static shai_doc text_doc(const char *id, const char *url, const char *text)
{
    shai_doc d;
    memset(&d, 0, sizeof d);
    d.id = id; d.id_len = strlen(id);
    d.url = url; d.url_len = strlen(url);
    d.text = text; d.text_len = strlen(text);
    d.source = "t.txt";
    d.record = 7;
    d.line = 1;
    d.format = SHAI_FMT_TEXT;
    return d;
}

/* Reads the first record of a one-line JSONL file through the reader
 * (so raw is what the reader keeps), writes it as cleaned JSONL with
 * the given block codes, and compares with want. */
static void jsonl_case(const char *name, const char *line, const char *codes, const char *want)
{
    shai_status st;
    shai_reader *r = shai_reader_open(tu_file(name, line), SHAI_FMT_AUTO, &st);
    shai_doc d = {0};
    shai_block b[MAXB];
    shai_buf out;
    size_t n = 0;
    assert_non_null(r);
    assert_int_equal(shai_reader_next(r, &d, &st), 1);
    n = mk_blocks(d.text, d.text_len, codes, b);
    shai_buf_init(&out, 0);
    assert_int_equal(shai_write_jsonl(&out, &d, b, n), SHAI_OK);
    tu_assert_mem(out.p, out.len, want);
    shai_buf_free(&out);
    shai_reader_free(r);
}

#define STATS_2K1B                                                                         \
    "{\"blocks\":{\"content\":2,\"boilerplate\":1,\"place_list\":0,\"adult_spam\":0,\"garbled\":0}," \
    "\"chars\":{\"content\":4,\"boilerplate\":1,\"place_list\":0,\"adult_spam\":0,\"garbled\":0},"  \
    "\"kept_blocks\":2,\"dropped_blocks\":1,\"kept_chars\":4,\"dropped_chars\":1,\"repaired_utf8\":0}"

static void test_jsonl_passthrough(void **state)
{
    (void)state;
    /* numbers, escapes, nested "text" keys and brackets in strings pass
     * through; only the top-level text changes and "shai" is added */
    jsonl_case("p1.jsonl",
               "{\"id\":7,\"n\":1.0e5,\"neg\":-0.0,\"esc\":\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\"\","
               "\"text\":\"甲\\n乙\\n\\n丙\\t!\",\"meta\":{\"text\":\"inner\",\"a\":[1,{\"x\":\"}]\"}]},"
               "\"z\":null,\"b\":true}\n",
               "KBK",
               "{\"id\":7,\"n\":1.0e5,\"neg\":-0.0,\"esc\":\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\"\","
               "\"text\":\"甲\\n\\n丙\\t!\",\"meta\":{\"text\":\"inner\",\"a\":[1,{\"x\":\"}]\"}]},"
               "\"z\":null,\"b\":true,\"shai\":" STATS_2K1B "}\n");
}

static void test_jsonl_existing_shai_and_spacing(void **state)
{
    (void)state;
    /* an escaped "text" key, an old "shai" value replaced in place,
     * spacing kept, CRLF line end dropped */
    jsonl_case("p2.jsonl",
               "{ \"t\\u0065xt\" : \"甲甲\\n乙\\n丙丙\" , \"shai\" : {\"old\":[1,2]} , \"x\" : [ 1 , 2 ] }  \r\n",
               "KBK",
               "{ \"t\\u0065xt\" : \"甲甲\\n丙丙\" , \"shai\" : " STATS_2K1B " , \"x\" : [ 1 , 2 ] }  \n");
    /* nothing kept: empty text */
    jsonl_case("p3.jsonl", "{\"text\":\"广告\",\"id\":\"x\"}\n", "A",
               "{\"text\":\"\",\"id\":\"x\",\"shai\":{\"blocks\":{\"content\":0,\"boilerplate\":0,"
               "\"place_list\":0,\"adult_spam\":1,\"garbled\":0},\"chars\":{\"content\":0,"
               "\"boilerplate\":0,\"place_list\":0,\"adult_spam\":2,\"garbled\":0},\"kept_blocks\":0,"
               "\"dropped_blocks\":1,\"kept_chars\":0,\"dropped_chars\":2,\"repaired_utf8\":0}}\n");
}

/* The "text" written for a text document with the given block codes
 * (the text holds no '"'), against want (as JSON string contents). */
static void kept_case(const char *text, const char *codes, const char *want)
{
    shai_doc d = text_doc("t", "", text);
    shai_block b[MAXB];
    shai_buf out;
    const char *p, *q;
    size_t n = mk_blocks(d.text, d.text_len, codes, b);
    shai_buf_init(&out, 0);
    assert_int_equal(shai_write_jsonl(&out, &d, b, n), SHAI_OK);
    assert_non_null(shai_buf_putc(&out, '\0') == SHAI_OK ? out.p : NULL);
    p = strstr(out.p, "\"text\":\"");
    assert_non_null(p);
    p += 8;
    q = strstr(p, "\",\"shai\"");
    assert_non_null(q);
    tu_assert_mem(p, (size_t)(q - p), want);
    shai_buf_free(&out);
}

static void test_jsonl_blank_lines(void **state)
{
    (void)state;
    /* blank lines between two kept blocks stay, the whole run */
    kept_case("甲\n\n\n乙", "KK", "甲\\n\\n\\n乙");
    /* none between them: none written */
    kept_case("甲\n乙\n丙", "KBK", "甲\\n丙");
    /* a dropped block between: the first run of blank lines only */
    kept_case("甲\n\n乙\n\n\n丙", "KBK", "甲\\n\\n丙");
    kept_case("甲\n乙\n\n\n丙\n\n丁", "KBBK", "甲\\n\\n\\n丁");
    /* before the first kept block and after the last: none */
    kept_case("\n\n甲\n\n乙\n\n丙\n\n", "BKB", "乙");
    /* a blank line of spaces or invisible characters comes back empty */
    kept_case("甲\n \t\xe3\x80\x80\xe2\x80\x8b\n乙", "KK", "甲\\n\\n乙");
    /* CRLF: the same */
    kept_case("甲\r\n\r\n乙\r\n", "KK", "甲\\n\\n乙");
}

static void test_jsonl_fresh(void **state)
{
    shai_doc d = text_doc("doc.txt", "", "标题\n\t\n正文 \"引号\"\n");
    shai_block b[MAXB];
    shai_buf out;
    size_t n = mk_blocks(d.text, d.text_len, "BK", b);
    (void)state;
    d.repaired = 3;
    assert_int_equal(b[1].line, 3);
    shai_buf_init(&out, 0);
    assert_int_equal(shai_write_jsonl(&out, &d, b, n), SHAI_OK);
    tu_assert_mem(out.p, out.len,
                  "{\"id\":\"doc.txt\",\"url\":\"\",\"text\":\"正文 \\\"引号\\\"\",\"shai\":{\"blocks\":{"
                  "\"content\":1,\"boilerplate\":1,\"place_list\":0,\"adult_spam\":0,\"garbled\":0},"
                  "\"chars\":{\"content\":7,\"boilerplate\":2,\"place_list\":0,\"adult_spam\":0,"
                  "\"garbled\":0},\"kept_blocks\":1,\"dropped_blocks\":1,\"kept_chars\":7,"
                  "\"dropped_chars\":2,\"repaired_utf8\":3}}\n");
    /* a WET document: id and url as given */
    out.len = 0;
    d = text_doc("<urn:uuid:1>", "http://a.cn/?q=\"1\"", "正文");
    d.format = SHAI_FMT_WET;
    n = mk_blocks(d.text, d.text_len, "K", b);
    assert_int_equal(shai_write_jsonl(&out, &d, b, n), SHAI_OK);
    assert_true(out.len > 60);
    assert_memory_equal(out.p, "{\"id\":\"<urn:uuid:1>\",\"url\":\"http://a.cn/?q=\\\"1\\\"\",\"text\":\"正文\",", 60);
    shai_buf_free(&out);
}

static void test_blocks(void **state)
{
    shai_doc d = text_doc("a\"1", "", "一\n\n二二\r\n三");
    shai_block b[MAXB];
    shai_buf out;
    size_t n = mk_blocks(d.text, d.text_len, "KPG", b);
    (void)state;
    shai_buf_init(&out, 0);
    assert_int_equal(shai_write_blocks(&out, &d, b, n, NULL), SHAI_OK);
    tu_assert_mem(out.p, out.len,
                  "{\"id\":\"a\\\"1\",\"url\":\"\",\"line\":1,\"chars\":1,\"keep\":true,\"label\":\"content\",\"score\":-1.0000}\n"
                  "{\"id\":\"a\\\"1\",\"url\":\"\",\"line\":3,\"chars\":2,\"keep\":false,\"label\":\"place_list\",\"score\":1.2500}\n"
                  "{\"id\":\"a\\\"1\",\"url\":\"\",\"line\":4,\"chars\":1,\"keep\":false,\"label\":\"garbled\",\"score\":1.5000}\n");
    /* a url, escaped; an id of invalid UTF-8 (a text file's name) repaired */
    out.len = 0;
    d = text_doc("f\xff.txt", "http://a.cn/?q=\"1\"\x01", "正文内容\n");
    n = mk_blocks(d.text, d.text_len, "K", b);
    assert_int_equal(shai_write_blocks(&out, &d, b, n, NULL), SHAI_OK);
    tu_assert_mem(out.p, out.len,
                  "{\"id\":\"f\xef\xbf\xbd.txt\",\"url\":\"http://a.cn/?q=\\\"1\\\"\\u0001\",\"line\":1,"
                  "\"chars\":4,\"keep\":true,\"label\":\"content\",\"score\":-1.0000}\n");
    /* no url at all: "" as well */
    out.len = 0;
    d.url = NULL;
    d.url_len = 0;
    assert_int_equal(shai_write_blocks(&out, &d, b, n, NULL), SHAI_OK);
    assert_non_null(strstr(shai_buf_cstr(&out), ",\"url\":\"\",\"line\":1,"));
    shai_buf_free(&out);
}

/* --explain: the "top" list is the block's contributions w_i * x_i,
 * largest first, from the filter that scored the document. */
static void test_blocks_explain(void **state)
{
    shai_status st;
    shai_model *m = shai_model_new_untrained("../../models", &st);
    shai_filter *f;
    shai_doc d = text_doc("e", "", "第一段正文内容，这是一个句子。\n首页 | 新闻 | 联系我们\n");
    const shai_block *b = NULL;
    shai_buf out, want;
    size_t n = 0, i;
    (void)state;
    if (!m) print_error("%s\n", st.msg);
    assert_non_null(m);
    m->w[SHAI_M_DROP][0] = 1.5;                  /* two features weigh in, */
    m->w[SHAI_M_DROP][1] = -0.25;
    m->w[SHAI_M_DROP][SHAI_NFEAT + 0] = 1.5;     /* for short and long blocks */
    m->w[SHAI_M_DROP][SHAI_NFEAT + 1] = -0.25;
    f = shai_filter_new(m, 1e9);                  /* keep all: the drop model explains */
    assert_non_null(f);
    assert_int_equal(shai_filter_run(f, d.text, d.text_len, &b, &n), SHAI_OK);
    assert_int_equal(n, 2);
    shai_buf_init(&out, 0);
    shai_buf_init(&want, 0);
    assert_int_equal(shai_write_blocks(&out, &d, b, n, f), SHAI_OK);
    for (i = 0; i < n; i++) {
        const double *x = shai_filter_features(f, i);
        double c0 = 1.5 * x[0], c1 = -0.25 * x[1];
        int first = 1, k;
        shai_buf_printf(&want, "{\"id\":\"e\",\"url\":\"\",\"line\":%zu,\"chars\":%zu,\"keep\":true,"
                        "\"label\":\"content\",\"score\":%.4f,\"top\":[", i + 1, b[i].chars, c0 + c1);
        for (k = 0; k < 2; k++) {
            /* larger |contrib| first; zero contributions are left out */
            int j = (k == 0) == (fabs(c0) >= fabs(c1)) ? 0 : 1;
            double c = j ? c1 : c0;
            if (c == 0) continue;
            shai_buf_printf(&want, "%s{\"feature\":\"%s\",\"value\":%.6g,\"contrib\":%.4f}", first ? "" : ",",
                            shai_feature_name((size_t)j), x[j], c);
            first = 0;
        }
        shai_buf_printf(&want, "]}\n");
    }
    tu_assert_mem(out.p, out.len, shai_buf_cstr(&want));
    assert_non_null(strstr(out.p, "\"top\":[{\"feature\":\""));
    shai_buf_free(&out);
    shai_buf_free(&want);
    shai_filter_free(f);
    shai_model_free(m);
}

/* A dropped block: "top" still explains the drop score, and "label_top"
 * the score of its label's reason model.  The two length regimes get
 * different weights and garbled's model outweighs boilerplate's, so the
 * wrong regime or the wrong reason model would show.  The replacement
 * character is the block's own evidence of garbling (decide.c's gate). */
static void test_blocks_explain_dropped(void **state)
{
    shai_status st;
    shai_model *m = shai_model_new_untrained("../../models", &st);
    shai_filter *f;
    shai_doc d = text_doc("e", "", "首页 | 新闻 | 联系我们 \xef\xbf\xbd\n");
    const shai_block *b = NULL;
    shai_contrib c[8];
    shai_buf out;
    size_t n = 0;
    const double *x;
    const size_t LONG = SHAI_NFEAT;               /* offset of the long regime */
    char want[256];
    (void)state;
    if (!m) print_error("%s\n", st.msg);
    assert_non_null(m);
    m->w[SHAI_M_DROP][SHAI_F_LEN_LOG] = 2.0;     /* the block is short */
    m->w[SHAI_M_DROP][LONG + SHAI_F_LEN_LOG] = -7.0;
    m->w[SHAI_M_REASON0 + SHAI_BOILERPLATE - 1][SHAI_F_PIPE_DENS] = 3.0;
    m->w[SHAI_M_REASON0 + SHAI_GARBLED - 1][SHAI_F_PIPE_DENS] = 5.0;      /* wins */
    m->w[SHAI_M_REASON0 + SHAI_GARBLED - 1][LONG + SHAI_F_PIPE_DENS] = -9.0;
    m->b[SHAI_M_DROP] = 0.5;
    f = shai_filter_new(m, -1e9);                 /* drop all */
    assert_non_null(f);
    assert_int_equal(shai_filter_run(f, d.text, d.text_len, &b, &n), SHAI_OK);
    assert_int_equal(n, 1);
    assert_int_equal(shai_regime(shai_filter_features(f, 0)), 0);
    assert_false(b[0].keep);
    assert_int_equal(b[0].label, SHAI_GARBLED);
    x = shai_filter_features(f, 0);
    assert_true(x[SHAI_F_LEN_LOG] > 0 && x[SHAI_F_PIPE_DENS] > 0);
    /* the drop score is the bias plus the one weighted feature */
    assert_int_equal(shai_filter_explain(f, 0, c, 8), 1);
    assert_int_equal(c[0].feature, SHAI_F_LEN_LOG);
    assert_true(fabs(c[0].contrib - 2.0 * x[SHAI_F_LEN_LOG]) < 1e-12);
    assert_true(fabs(0.5 + c[0].contrib - b[0].score) < 1e-12);
    assert_int_equal(shai_filter_explain_label(f, 0, c, 8), 1);
    assert_int_equal(c[0].feature, SHAI_F_PIPE_DENS);
    assert_true(fabs(c[0].contrib - 5.0 * x[SHAI_F_PIPE_DENS]) < 1e-12);
    assert_int_equal(shai_filter_explain(f, 1, c, 8), SHAI_ERR_INVALID);
    assert_int_equal(shai_filter_explain_label(f, 1, c, 8), SHAI_ERR_INVALID);
    assert_int_equal(shai_filter_explain(f, 0, NULL, 0), 0);
    assert_int_equal(shai_filter_explain(f, 0, NULL, 1), SHAI_ERR_INVALID);
    shai_buf_init(&out, 0);
    assert_int_equal(shai_write_blocks(&out, &d, b, n, f), SHAI_OK);
    snprintf(want, sizeof want, "\"top\":[{\"feature\":\"len_log\",\"value\":%.6g,\"contrib\":%.4f}],"
             "\"label_top\":[{\"feature\":\"pipe_density\",\"value\":%.6g,\"contrib\":%.4f}]}",
             x[SHAI_F_LEN_LOG], 2.0 * x[SHAI_F_LEN_LOG], x[SHAI_F_PIPE_DENS], 5.0 * x[SHAI_F_PIPE_DENS]);
    assert_non_null(strstr(shai_buf_cstr(&out), want));
    shai_buf_free(&out);
    shai_filter_free(f);
    /* a kept block has no label_top */
    f = shai_filter_new(m, 1e9);
    assert_non_null(f);
    assert_int_equal(shai_filter_run(f, d.text, d.text_len, &b, &n), SHAI_OK);
    assert_true(b[0].keep);
    assert_int_equal(shai_filter_explain_label(f, 0, c, 8), 0);
    shai_filter_free(f);
    shai_model_free(m);
}

/* With the shipped model: every block's score is the drop bias plus all
 * of its contributions, and a dropped block's label score the reason
 * bias plus all of its label contributions (stacked features included). */
static void test_explain_adds_up(void **state)
{
    shai_status st;
    shai_model *m = shai_model_load("../../models/default.model", &st);
    shai_filter *f;
    shai_contrib *c = malloc(SHAI_NFEAT * sizeof *c);
    const char *text = "农业农村部：全省粮食产量再创新高\n"
                       "新闻中心 | 首页 | 联系我们\n"
                       "据报道，今年的全省粮食产量再创新高，比上年增长百分之三点二，创历史最高水平。\n"
                       "专家表示，这一增长主要得益于良种推广和农田水利建设的持续投入，也离不开农民的辛勤劳动。\n"
                       "据了解，全省今年新建高标准农田三百万亩，灌溉面积进一步扩大，抗旱能力明显增强。\n"
                       "下一步，有关部门将继续加大投入，巩固粮食生产的好势头，确保国家粮食安全。\n"
                       "亚洲免费二区三区,日韩精品人妻系列无码专区,欧宝体育app下载\n"
                       "蚌埠市| 阿克苏市| 曲松县| 佳木斯市| 徐州市| 曲靖市| 临沂市\n"
                       "版权所有 © 2024 某某日报社 京ICP备12345678号\n";
    const shai_block *b = NULL;
    size_t n = 0, i;
    int k, j, dropped = 0, kept = 0;
    (void)state;
    if (!m) print_error("%s\n", st.msg);
    assert_non_null(m);
    assert_non_null(c);
    f = shai_filter_new(m, shai_model_threshold(m));
    assert_non_null(f);
    assert_int_equal(shai_filter_run(f, text, strlen(text), &b, &n), SHAI_OK);
    assert_int_equal(n, 9);
    for (i = 0; i < n; i++) {
        double s = m->b[SHAI_M_DROP];
        k = shai_filter_explain(f, i, c, SHAI_NFEAT);
        assert_true(k > 0);
        for (j = 0; j < k; j++) s += c[j].contrib;
        assert_true(fabs(s - b[i].score) < 1e-9);
        k = shai_filter_explain_label(f, i, c, SHAI_NFEAT);
        if (b[i].keep) { assert_int_equal(k, 0); kept++; continue; }
        dropped++;
        s = m->b[SHAI_M_REASON0 + b[i].label - 1];
        for (j = 0; j < k; j++) s += c[j].contrib;
        assert_true(fabs(s - b[i].label_score[b[i].label]) < 1e-9);
    }
    assert_true(kept > 0 && dropped > 0);
    free(c);
    shai_filter_free(f);
    shai_model_free(m);
}

static void test_text_writer(void **state)
{
    shai_doc d = text_doc("t", "", "保留一\n删除\n\n保留二\r\n");
    shai_block b[MAXB];
    shai_buf out;
    size_t n = mk_blocks(d.text, d.text_len, "KBK", b);
    (void)state;
    shai_buf_init(&out, 0);
    assert_int_equal(shai_write_text(&out, &d, b, n), SHAI_OK);
    assert_int_equal(shai_write_doc(&out, SHAI_OUT_TEXT, &d, b, n, NULL), SHAI_OK);
    tu_assert_mem(out.p, out.len, "保留一\n保留二\n\n保留一\n保留二\n\n");
    out.len = 0;
    n = mk_blocks(d.text, d.text_len, "BBA", b);  /* nothing kept: nothing written */
    assert_int_equal(shai_write_text(&out, &d, b, n), SHAI_OK);
    assert_int_equal(out.len, 0);
    shai_buf_free(&out);
}

/* A document of four blocks K B G K and its Dolma spans: offsets are
 * code points of the original text; CR LF counts 2. */
static const char dolma_text[] = "中文\r\nabc\n\n日本語x\n\xF0\x9F\x98\x80!";
static const char dolma_want[] =
    "{\"id\":\"d1\",\"attributes\":{\"shai__content\":[[0,2,-1.0000],[14,16,-1.7500]],"
    "\"shai__boilerplate\":[[4,7,1.2500]],\"shai__place_list\":[],"
    "\"shai__adult_spam\":[],\"shai__garbled\":[[9,13,1.5000]]}}\n";

static void test_dolma(void **state)
{
    shai_doc d = text_doc("d1", "", dolma_text);
    shai_block b[MAXB];
    shai_buf out;
    size_t n = mk_blocks(d.text, d.text_len, "KBGK", b);
    (void)state;
    shai_buf_init(&out, 0);
    assert_int_equal(shai_write_dolma(&out, &d, b, n), SHAI_OK);
    tu_assert_mem(out.p, out.len, dolma_want);
    out.len = 0;
    n = 0;                                        /* no blocks: every list empty */
    assert_int_equal(shai_write_dolma(&out, &d, b, n), SHAI_OK);
    tu_assert_mem(out.p, out.len,
                  "{\"id\":\"d1\",\"attributes\":{\"shai__content\":[],\"shai__boilerplate\":[],"
                  "\"shai__place_list\":[],\"shai__adult_spam\":[],\"shai__garbled\":[]}}\n");
    shai_buf_free(&out);
}

/* Numbers are written the same under a locale with a decimal comma:
 * "score":1,2500 would not be JSON, and a Dolma span [4,7,1,2500] would
 * be four numbers. */
static void test_writers_comma_locale(void **state)
{
    shai_doc d = text_doc("d1", "", "中文\nabc");
    shai_block b[MAXB];
    shai_buf out;
    (void)state;
    assert_int_equal(mk_blocks(d.text, d.text_len, "KB", b), 2);
    tu_comma_locale();
    shai_buf_init(&out, 0);
    assert_int_equal(shai_write_dolma(&out, &d, b, 2), SHAI_OK);
    tu_assert_mem(out.p, out.len,
                  "{\"id\":\"d1\",\"attributes\":{\"shai__content\":[[0,2,-1.0000]],"
                  "\"shai__boilerplate\":[[3,6,1.2500]],\"shai__place_list\":[],"
                  "\"shai__adult_spam\":[],\"shai__garbled\":[]}}\n");
    out.len = 0;
    assert_int_equal(shai_write_blocks(&out, &d, b, 2, NULL), SHAI_OK);
    tu_assert_mem(out.p, out.len,
                  "{\"id\":\"d1\",\"url\":\"\",\"line\":1,\"chars\":2,\"keep\":true,\"label\":\"content\",\"score\":-1.0000}\n"
                  "{\"id\":\"d1\",\"url\":\"\",\"line\":2,\"chars\":3,\"keep\":false,\"label\":\"boilerplate\",\"score\":1.2500}\n");
    out.len = 0;
    assert_int_equal(shai_buf_printf(&out, "%.2f %g", 0.5, 1.5), SHAI_OK);
    tu_assert_mem(out.p, out.len, "0.50 1.5");
    tu_c_locale();
    shai_buf_free(&out);
}

/* shai_lbl_page_id: the id as the lbl writer puts it in "#page". */
static void test_lbl_page_id(void **state)
{
    shai_buf out;
    (void)state;
    shai_buf_init(&out, 0);
    assert_int_equal(shai_lbl_page_id(&out, "a\tb\x01" "c\rd\xff", 8), SHAI_OK);
    tu_assert_mem(out.p, out.len, "a b c d\xEF\xBF\xBD");
    out.len = 0;
    assert_int_equal(shai_lbl_page_id(&out, NULL, 0), SHAI_OK);
    assert_int_equal((int)out.len, 0);
    assert_int_equal(shai_lbl_page_id(&out, NULL, 1), SHAI_ERR_INVALID);
    assert_int_equal(shai_lbl_page_id(NULL, "a", 1), SHAI_ERR_INVALID);
    shai_buf_free(&out);
}

static void test_lbl_roundtrip(void **state)
{
    shai_doc d = text_doc("p\t1", "http://x.cn/a", "正文\t一\n\n  \n澳门赌场\n导航 首页\n");
    shai_block b[MAXB];
    shai_buf out;
    shai_corpus *c = shai_corpus_new();
    shai_status st;
    size_t n = mk_blocks(d.text, d.text_len, "KAB", b), nl = 0, tl = 0;
    const int *labels;
    const char *t;
    (void)state;
    shai_buf_init(&out, 0);
    assert_int_equal(shai_write_lbl(&out, &d, b, n), SHAI_OK);
    d = text_doc("", "", "乱码\xEF\xBF\xBD\xEF\xBF\xBD");
    d.record = 12;
    n = mk_blocks(d.text, d.text_len, "G", b);
    assert_int_equal(shai_write_lbl(&out, &d, b, n), SHAI_OK);
    assert_int_equal(shai_write_lbl(&out, &d, b, 0), SHAI_OK);   /* no blocks: no page */
    tu_assert_mem(out.p, out.len,
                  "#page\tp 1\thttp://x.cn/a\nK\t正文 一\nA\t澳门赌场\nB\t导航 首页\n\n"
                  "#page\trecord-12\nG\t乱码\xEF\xBF\xBD\xEF\xBF\xBD\n\n");
    assert_non_null(c);
    assert_int_equal(shai_corpus_add_buffer(c, "draft.lbl", out.p, out.len, &st), SHAI_OK);
    assert_int_equal(shai_corpus_pages(c), 2);
    assert_string_equal(shai_corpus_page_id(c, 0), "p 1");
    assert_string_equal(shai_corpus_page_url(c, 0), "http://x.cn/a");
    t = shai_corpus_page_text(c, 0, &tl);
    tu_assert_mem(t, tl, "正文 一\n澳门赌场\n导航 首页");
    labels = shai_corpus_page_labels(c, 0, &nl);
    assert_int_equal(nl, 3);
    assert_int_equal(labels[0], SHAI_CONTENT);
    assert_int_equal(labels[1], SHAI_ADULT_SPAM);
    assert_int_equal(labels[2], SHAI_BOILERPLATE);
    assert_string_equal(shai_corpus_page_id(c, 1), "record-12");
    assert_null(shai_corpus_page_url(c, 1));
    labels = shai_corpus_page_labels(c, 1, &nl);
    assert_int_equal(nl, 1);
    assert_int_equal(labels[0], SHAI_GARBLED);
    shai_corpus_free(c);
    shai_buf_free(&out);
}

static void test_reject_line(void **state)
{
    shai_buf out;
    (void)state;
    assert_int_equal(shai_write_reject(NULL, "a", 1, 1, "b"), SHAI_ERR_INVALID);
    shai_buf_init(&out, 0);
    assert_int_equal(shai_write_reject(&out, "dir/a\"b.jsonl", 3, 5, "bad \xff byte \"x\"\t"), SHAI_OK);
    tu_assert_mem(out.p, out.len,
                  "{\"source\":\"dir/a\\\"b.jsonl\",\"record\":3,\"line\":5,"
                  "\"reason\":\"bad \xEF\xBF\xBD byte \\\"x\\\"\\t\"}\n");
    shai_buf_free(&out);
}

/* Stats, the format switch, bad arguments, and a full buffer leaving
 * the output as it was. */
static void test_stats_dispatch_caps(void **state)
{
    shai_doc d = text_doc("s", "", "甲乙\n丙\n丁丁丁\n戊\n");
    shai_block b[MAXB];
    shai_doc_stats s;
    shai_buf out;
    size_t n = mk_blocks(d.text, d.text_len, "KPAK", b);
    int f;
    (void)state;
    d.repaired = 1;
    shai_doc_stats_get(&d, b, n, &s);
    assert_int_equal(s.blocks[SHAI_CONTENT], 2);
    assert_int_equal(s.blocks[SHAI_PLACE_LIST], 1);
    assert_int_equal(s.blocks[SHAI_ADULT_SPAM], 1);
    assert_int_equal(s.chars[SHAI_CONTENT], 3);
    assert_int_equal(s.chars[SHAI_ADULT_SPAM], 3);
    assert_int_equal(s.kept_blocks, 2);
    assert_int_equal(s.dropped_chars, 4);
    assert_int_equal(s.repaired, 1);
    shai_buf_init(&out, 40);
    assert_int_equal(shai_buf_append(&out, "keep", 4), SHAI_OK);
    for (f = SHAI_OUT_JSONL; f <= SHAI_OUT_LBL; f++) {
        int rc = shai_write_doc(&out, (shai_outfmt)f, &d, b, n, NULL);
        assert_int_equal(rc, f == SHAI_OUT_TEXT ? SHAI_OK : SHAI_ERR_TOOBIG);
        if (f == SHAI_OUT_TEXT) {
            tu_assert_mem(out.p, out.len, "keep甲乙\n戊\n\n");
            out.len = 4;
        }
        tu_assert_mem(out.p, out.len, "keep");
    }
    assert_int_equal(shai_write_doc(&out, (shai_outfmt)9, &d, b, n, NULL), SHAI_ERR_INVALID);
    assert_int_equal(shai_write_doc(NULL, SHAI_OUT_TEXT, &d, b, n, NULL), SHAI_ERR_INVALID);
    assert_int_equal(shai_write_jsonl(&out, NULL, b, n), SHAI_ERR_INVALID);
    shai_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonl_passthrough),
        cmocka_unit_test(test_jsonl_existing_shai_and_spacing),
        cmocka_unit_test(test_jsonl_fresh),
        cmocka_unit_test(test_jsonl_blank_lines),
        cmocka_unit_test(test_blocks),
        cmocka_unit_test(test_blocks_explain),
        cmocka_unit_test(test_blocks_explain_dropped),
        cmocka_unit_test(test_explain_adds_up),
        cmocka_unit_test(test_text_writer),
        cmocka_unit_test(test_dolma),
        cmocka_unit_test(test_writers_comma_locale),
        cmocka_unit_test(test_lbl_page_id),
        cmocka_unit_test(test_lbl_roundtrip),
        cmocka_unit_test(test_reject_line),
        cmocka_unit_test(test_stats_dispatch_caps),
    };
    return cmocka_run_group_tests(tests, NULL, tu_cleanup);
}
