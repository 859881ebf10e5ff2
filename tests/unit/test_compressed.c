/*
 * test_compressed.c — WET records and compressed input: gzip and zstd
 * streams, damaged and cut records, resynchronization after garbage.
 */
#include "readutil.h"

#include <zlib.h>
#include <zstd.h>

/* ------------------------------------------------------------ WET */

static void test_wet(void **state)
{
    rd x;
    (void)state;
    x.r = open_ok(TU_DATA "sample.wet");
    expect_doc(&x, "<urn:uuid:4a1b2c3d-0000-4000-8000-000000000002>",
               "首页 新闻中心 产品展示 联系我们\n春季农业生产全面展开 各地抢抓农时备耕忙\n"
               "2024-02-20 来源：农业日报 责任编辑：王明\n"
               "连日来，各地抓住有利天气，组织农民开展春耕备耕，田间地头一片繁忙景象。\n"
               "农业农村部门派出技术人员深入一线，指导农民科学施肥、合理灌溉。\n"
               "版权所有 © 2024 农业日报 京ICP备12345678号");
    tu_assert_mem(x.d.url, x.d.url_len, "http://news.example.cn/agri/2024/0220/123.html");
    assert_int_equal(x.d.format, SHAI_FMT_WET);
    assert_int_equal(x.d.record, 2);
    assert_int_equal(x.d.line, 18);
    assert_int_equal(next(&x), 1);
    tu_assert_mem(x.d.id, x.d.id_len, "<urn:uuid:4a1b2c3d-0000-4000-8000-000000000003>");
    tu_assert_mem(x.d.url, x.d.url_len, "https://www.example.com.cn/zhongzhi/fanqie.html");
    assert_int_equal(x.d.record, 3);
    assert_int_equal(x.d.line, 36);
    assert_int_equal(next(&x), 1);
    tu_assert_mem(x.d.url, x.d.url_len, "http://spam.example.net/index.php?id=7");
    assert_int_equal(next(&x), 0);
    assert_int_equal(shai_reader_skipped(x.r), 1);
    shai_reader_free(x.r);
}

static void test_wet_damaged(void **state)
{
    rd x;
    const char *src = TU_DATA "truncated.wet";
    (void)state;
    x.r = open_ok(src);
    expect_reject(&x, SHAI_ERR_FORMAT,
                  "../data/truncated.wet: record 2, line 17: truncated record: Content-Length 4000, "
                  "but the next record starts after 62 bytes");
    assert_int_equal(x.d.record, 2);
    assert_int_equal(x.d.line, 17);
    expect_doc(&x, "<urn:uuid:5b000000-0000-4000-8000-000000000003>",
               "北京 上海 天津 重庆 石家庄 太原 呼和浩特 沈阳 长春 哈尔滨 南京 杭州 合肥 福州 南昌 "
               "济南 郑州 武汉 长沙 广州\n如何在家里种植番茄？\n"
               "番茄喜欢阳光充足的环境，每天至少需要六到八小时的日照。\n浇水要见干见湿，避免积水导致烂根。");
    assert_int_equal(x.d.record, 3);
    assert_int_equal(x.d.line, 30);
    expect_reject(&x, SHAI_ERR_FORMAT,
                  "../data/truncated.wet: record 4, line 46: missing Content-Length header");
    expect_reject(&x, SHAI_ERR_FORMAT,
                  "../data/truncated.wet: record 5, line 60: bad Content-Length \"12ab\" (expected a byte count)");
    expect_doc(&x, "<urn:uuid:5b000000-0000-4000-8000-000000000006>",
               "澳门威尼斯人 欧宝体育app 日韩精品人妻系列无码专区\n上一篇：春季养生小常识 下一篇：夏季防暑指南\n返回顶部");
    assert_int_equal(x.d.line, 75);
    expect_reject(&x, SHAI_ERR_FORMAT,
                  "../data/truncated.wet: record 7, line 90: truncated record: Content-Length 316, "
                  "but the input ends after 280 bytes");
    assert_int_equal(next(&x), 0);
    assert_int_equal(shai_reader_skipped(x.r), 1);
    shai_reader_free(x.r);
}

/* A WET record a..d with body b (CR LF lines, or LF when lf) and a
 * Content-Length of its size plus extra, appended to out (cap 512). */
static size_t wet_rec(char *out, size_t at, char id, const char *b, int extra, int lf)
{
    const char *e = lf ? "\n" : "\r\n";
    int n = snprintf(out + at, 512 - at,
                     "WARC/1.0%sWARC-Type: conversion%sWARC-Record-ID: <%c>%sContent-Length: %d%s%s%s%s%s",
                     e, e, id, e, (int)strlen(b) + extra, e, e, b, e, e);
    assert_true(n > 0 && (size_t)n < 512 - at);
    return at + (size_t)n;
}

/* Content-Length against the records around it: a length too long by a
 * few bytes to a few lines gives back the next record (its start cut by
 * the body's end too), with CR LF and with LF line ends; a right length
 * is trusted even when the body quotes a WARC header. */
static void test_wet_lengths(void **state)
{
    static const int extras[] = {5, 10, 18, 40};
    char w[512], want[160];
    size_t i, k;
    int lf;
    rd x;
    (void)state;
    for (lf = 0; lf <= 1; lf++) {
        for (i = 0; i < sizeof extras / sizeof *extras; i++) {
            k = wet_rec(w, 0, 'a', "one", 0, lf);
            k = wet_rec(w, k, 'b', "two", extras[i], lf);
            k = wet_rec(w, k, 'c', "three", 0, lf);
            k = wet_rec(w, k, 'd', "four", 0, lf);
            tu_write(tu_path("len.wet"), w, k);
            x.r = open_ok(tu_path("len.wet"));
            expect_doc(&x, "<a>", "one");
            snprintf(want, sizeof want,
                     "%s: record 2, line %d: truncated record: Content-Length %d, but the next record "
                     "starts after %d bytes", tu_path("len.wet"), 8, 3 + extras[i], lf ? 5 : 7);
            expect_reject(&x, SHAI_ERR_FORMAT, want);
            expect_doc(&x, "<c>", "three");
            expect_doc(&x, "<d>", "four");
            assert_int_equal(next(&x), 0);
            shai_reader_free(x.r);
        }
    }
    k = wet_rec(w, 0, 'a', "quoted:\r\nWARC/1.0\r\nWARC-Type: conversion\r\nend", 0, 0);
    k = wet_rec(w, k, 'b', "two", 0, 0);
    tu_write(tu_path("quote.wet"), w, k);
    x.r = open_ok(tu_path("quote.wet"));
    expect_doc(&x, "<a>", "quoted:\r\nWARC/1.0\r\nWARC-Type: conversion\r\nend");
    expect_doc(&x, "<b>", "two");
    assert_int_equal(next(&x), 0);
    shai_reader_free(x.r);
}

static void test_wet_garbage_resync(void **state)
{
    rd x;
    static const char g[] =
        "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Record-ID: <a>\r\nContent-Length: 2\r\n\r\nhi\r\n\r\n"
        "junk line\r\nmore junk\r\n"
        "WARC/1.0\r\nWARC-Type: conversion\r\nbroken header\r\n\r\nxx\r\n\r\n"
        "WARC/1.1\r\nwarc-type: conversion\r\nwarc-record-id: <b>\r\ncontent-length: 3\r\n\r\n\xff\x00z\r\n";
    (void)state;
    tu_write(tu_path("g.wet"), g, sizeof g - 1);    /* holds a NUL byte */
    x.r = open_ok(tu_path("g.wet"));
    expect_doc(&x, "<a>", "hi");
    assert_int_equal(next(&x), SHAI_ERR_FORMAT);
    assert_int_equal(x.d.record, 2);
    assert_int_equal(x.d.line, 8);
    assert_string_equal(shai_reader_reason(x.r), "expected a \"WARC/1.0\" line, got \"junk line\"");
    assert_int_equal(next(&x), SHAI_ERR_FORMAT);
    assert_int_equal(x.d.record, 3);
    assert_int_equal(x.d.line, 12);
    assert_string_equal(shai_reader_reason(x.r),
                        "malformed header line \"broken header\" (expected \"Name: value\")");
    expect_doc(&x, "<b>", "\xEF\xBF\xBD\xEF\xBF\xBDz");  /* header names are case-insensitive */
    assert_int_equal(x.d.repaired, 2);
    assert_int_equal(x.d.record, 4);
    assert_int_equal(x.d.line, 16);
    assert_int_equal(next(&x), 0);
    shai_reader_free(x.r);
}

/* ------------------------------------------------------------ compression */

/* n records {"id":"dK","text":"..."}; returns a malloc'ed buffer. */
static char *make_jsonl(int n, size_t *len)
{
    size_t cap = (size_t)n * 200 + 1, k = 0;
    char *b = malloc(cap);
    int i;
    assert_non_null(b);
    for (i = 0; i < n; i++)
        k += (size_t)snprintf(b + k, cap - k, "{\"id\":\"d%d\",\"text\":\"第%d段 正文内容 %08x\"}\n", i, i,
                              (unsigned)(i * 2654435761u));
    *len = k;
    return b;
}

/* gzip member of p[0..n) appended to out. */
static size_t gz(const char *p, size_t n, unsigned char *out, size_t cap)
{
    z_stream z;
    size_t k;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (unsigned char *)(size_t)p;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    k = cap - z.avail_out;
    deflateEnd(&z);
    return k;
}

/* The reason of the record cut by the damage in the last count_docs()
 * ("" when none was cut), and its record number. */
static char cut_reason[400];
static size_t cut_record;

/* Reads every document of path; returns how many; *rc the final code. */
static int count_docs(const char *path, int *rc, char *msg)
{
    rd x;
    int n = 0, r;
    x.r = open_ok(path);
    cut_reason[0] = '\0';
    cut_record = 0;
    while ((r = next(&x)) == 1) {
        char want[32];
        snprintf(want, sizeof want, "d%d", n);
        tu_assert_mem(x.d.id, x.d.id_len, want);
        n++;
    }
    if (r == SHAI_ERR_FORMAT) {           /* the record the damage cut */
        snprintf(cut_reason, sizeof cut_reason, "%s", shai_reader_reason(x.r));
        cut_record = x.d.record;
        assert_int_equal(x.d.record, (size_t)n + 1);
        r = next(&x);
    }
    *rc = r;
    strcpy(msg, x.st.msg);
    if (r < 0) assert_int_equal(next(&x), 0);   /* fatal for the file */
    shai_reader_free(x.r);
    return n;
}

/* z[0..k) holds 3000 records whose last line has no newline, ending a
 * whole gzip member or zstd frame; with bytes that start none after it,
 * every record is read (none cut) and the file then fails.  z needs 5
 * bytes of room past k. */
static void whole_then_junk(const char *name, unsigned char *z, size_t k)
{
    char msg[512];
    int rc;
    memcpy(z + k, "\njunk", 5);
    tu_write(tu_path(name), z, k + 5);
    cut_reason[0] = '\0';
    assert_int_equal(count_docs(tu_path(name), &rc, msg), 3000);
    assert_int_equal(rc, SHAI_ERR_COMPRESS);
    assert_string_equal(cut_reason, "");
}

static void test_gzip(void **state)
{
    size_t len, half, k = 0, cap;
    char *j = make_jsonl(3000, &len), msg[512], want[512];
    unsigned char *z;
    int rc, n;
    (void)state;
    cap = len * 2 + 1024;
    z = malloc(cap);
    assert_non_null(z);
    half = len / 2;
    while (j[half - 1] != '\n') half++;
    k = gz(j, half, z, cap);                         /* two members */
    k += gz(j + half, len - half, z + k, cap - k);
    tu_write(tu_path("two.jsonl.gz"), z, k);
    assert_int_equal(count_docs(tu_path("two.jsonl.gz"), &rc, msg), 3000);
    assert_int_equal(rc, 0);

    k = gz(j, len, z, cap);                          /* truncated */
    tu_write(tu_path("cut.gz"), z, k / 2);
    n = count_docs(tu_path("cut.gz"), &rc, msg);
    assert_true(n > 100 && n < 3000);
    assert_int_equal(rc, SHAI_ERR_COMPRESS);
    snprintf(want, sizeof want, "%s: truncated gzip stream after %d documents", tu_path("cut.gz"), n);
    assert_string_equal(msg, want);
    assert_string_equal(cut_reason, "cut off: truncated gzip stream");   /* n + 1 */

    memset(z + k, 0, 64);                            /* NUL padding is ignored */
    tu_write(tu_path("pad.gz"), z, k + 64);
    assert_int_equal(count_docs(tu_path("pad.gz"), &rc, msg), 3000);
    assert_int_equal(rc, 0);
    memcpy(z + k, "junk", 4);                        /* other trailing bytes are not */
    tu_write(tu_path("junk.gz"), z, k + 4);
    assert_int_equal(count_docs(tu_path("junk.gz"), &rc, msg), 3000);
    assert_int_equal(rc, SHAI_ERR_COMPRESS);
    snprintf(want, sizeof want, "%s: trailing garbage in gzip stream after 3000 documents",
             tu_path("junk.gz"));
    assert_string_equal(msg, want);
    /* the same after a member whose last line has no newline: the member
     * ended whole (its CRC checked), so that line is a record, not cut */
    whole_then_junk("nonl.gz", z, gz(j, len - 1, z, cap));
    k = gz(j, len, z, cap);                          /* as before, for what follows */

    /* a wrong CRC: the damage is seen only after the last byte is
     * decoded, in the same inflate call that produced the last lines;
     * those lines are records, the error follows them, and no leftover
     * of them comes back as another record */
    z[k - 8] ^= 0xFF;
    tu_write(tu_path("crc.gz"), z, k);
    assert_int_equal(count_docs(tu_path("crc.gz"), &rc, msg), 3000);
    assert_int_equal(rc, SHAI_ERR_COMPRESS);
    assert_string_equal(cut_reason, "");
    snprintf(want, sizeof want, "%s: corrupt gzip stream (incorrect data check) after 3000 documents",
             tu_path("crc.gz"));
    assert_string_equal(msg, want);
    z[k - 8] ^= 0xFF;

    z[k / 2] ^= 0x55;                                /* corrupt, not truncated */
    z[k / 2 + 1] ^= 0xAA;
    tu_write(tu_path("bad.gz"), z, k);
    {
        /* damaged deflate data may decode to junk lines (rejects) before
         * the damage is seen */
        rd x;
        x.r = open_ok(tu_path("bad.gz"));
        while ((rc = next(&x)) == 1 || rc == SHAI_ERR_FORMAT) ;
        assert_int_equal(rc, SHAI_ERR_COMPRESS);
        assert_non_null(strstr(x.st.msg, ": corrupt gzip stream ("));
        assert_int_equal(next(&x), 0);
        shai_reader_free(x.r);
    }
    free(z);
    free(j);
}

static void test_zstd(void **state)
{
    size_t len, half, k, cap;
    char *j = make_jsonl(3000, &len), msg[512], want[512];
    unsigned char *z;
    int rc, n;
    (void)state;
    cap = ZSTD_compressBound(len) * 2;
    z = malloc(cap);
    assert_non_null(z);
    half = len / 2;
    while (j[half - 1] != '\n') half++;
    k = ZSTD_compress(z, cap, j, half, 3);          /* two frames */
    assert_false(ZSTD_isError(k));
    k += ZSTD_compress(z + k, cap - k, j + half, len - half, 3);
    tu_write(tu_path("two.jsonl.zst"), z, k);
    assert_int_equal(count_docs(tu_path("two.jsonl.zst"), &rc, msg), 3000);
    assert_int_equal(rc, 0);

    k = ZSTD_compress(z, cap, j, len, 19);
    tu_write(tu_path("cut.zst"), z, k * 2 / 3);
    n = count_docs(tu_path("cut.zst"), &rc, msg);
    assert_true(n < 3000);
    assert_int_equal(rc, SHAI_ERR_COMPRESS);
    snprintf(want, sizeof want, "%s: truncated zstd stream after %d documents", tu_path("cut.zst"), n);
    assert_string_equal(msg, want);
    if (n > 0) assert_string_equal(cut_reason, "cut off: truncated zstd stream");
    /* a frame whose last line has no newline, then bytes that start no
     * frame: that line is a record (the frame ended whole) */
    whole_then_junk("nonl.zst", z, ZSTD_compress(z, cap, j, len - 1, 3));
    free(z);
    free(j);
}

/* A compressed WET file and a compressed text file are sniffed too. */
static void test_compressed_formats(void **state)
{
    size_t n, k;
    char *wet = tu_read(TU_DATA "sample.wet", &n);
    unsigned char *z = malloc(n * 2 + 1024);
    rd x;
    (void)state;
    assert_non_null(z);
    k = gz(wet, n, z, n * 2 + 1024);
    tu_write(tu_path("cc.warc.wet.gz"), z, k);
    x.r = open_ok(tu_path("cc.warc.wet.gz"));
    assert_int_equal(next(&x), 1);
    assert_int_equal(x.d.format, SHAI_FMT_WET);
    assert_int_equal(x.d.line, 18);
    shai_reader_free(x.r);
    k = ZSTD_compress(z, n * 2 + 1024, "纯文本\n第二行", strlen("纯文本\n第二行"), 3);
    tu_write(tu_path("plain.zst"), z, k);
    x.r = open_ok(tu_path("plain.zst"));
    expect_doc(&x, "plain.zst", "纯文本\n第二行");
    assert_int_equal(x.d.format, SHAI_FMT_TEXT);
    shai_reader_free(x.r);
    free(z);
    free(wet);
}

/* A text file or a WET record cut by a truncated stream is rejected
 * ("cut off: ..."), then the stream error ends the file. */
static void test_cut_records(void **state)
{
    size_t n, k, cap;
    char *wet = tu_read(TU_DATA "sample.wet", &n), *big;
    unsigned char *z;
    rd x;
    (void)state;
    /* WET: the sample's three conversion records, then the same records
     * again with the stream cut inside the last body */
    cap = 2 * n + 1024;
    big = malloc(2 * n);
    z = malloc(cap);
    assert_non_null(big);
    assert_non_null(z);
    memcpy(big, wet, n);
    memcpy(big + n, wet, n);
    k = gz(big, 2 * n - 40, z, cap);                 /* a whole stream... */
    tu_write(tu_path("cut.wet.gz"), z, k - 8);        /* ...less its trailer */
    x.r = open_ok(tu_path("cut.wet.gz"));
    while (next(&x) == 1) ;
    assert_int_equal(x.d.record, 8);                   /* 2 x (warcinfo + 3) */
    assert_string_equal(shai_reader_reason(x.r), "cut off: truncated gzip stream");
    assert_non_null(strstr(x.st.msg, "cut.wet.gz: record 8, line 118: cut off: truncated gzip stream"));
    assert_int_equal(next(&x), SHAI_ERR_COMPRESS);
    assert_non_null(strstr(x.st.msg, "cut.wet.gz: truncated gzip stream after 5 documents"));
    assert_int_equal(next(&x), 0);
    shai_reader_free(x.r);

    /* text: the one document is cut */
    k = gz("一段文字\n第二行\n", strlen("一段文字\n第二行\n"), z, cap);
    tu_write(tu_path("cut.txt.gz"), z, k - 4);          /* the trailer's last bytes */
    x.r = open_ok(tu_path("cut.txt.gz"));
    assert_int_equal(next(&x), SHAI_ERR_FORMAT);
    assert_int_equal(x.d.record, 1);
    assert_string_equal(shai_reader_reason(x.r), "cut off: truncated gzip stream");
    assert_int_equal(next(&x), SHAI_ERR_COMPRESS);
    assert_non_null(strstr(x.st.msg, "cut.txt.gz: truncated gzip stream after 0 documents"));
    assert_int_equal(next(&x), 0);
    shai_reader_free(x.r);
    free(z);
    free(big);
    free(wet);
}

/* Line mode (shai_reader_next_line): lines as read, a BOM and "\r\n"
 * left out, numbered in their file; gzip decompressed; a damaged stream
 * ends its file, named, and the next file is read. */
static void test_next_line(void **state)
{
    static const char text[] = "\xEF\xBB\xBF{\"a\":1}\r\n\nline 3\xff\nlast";
    unsigned char z[256];
    size_t k = gz(text, sizeof text - 1, z, sizeof z), n, ln;
    const char *p, *src;
    shai_status st;
    shai_reader *r;
    int got;
    (void)state;
    tu_write(tu_path("lines.gz"), z, k);
    tu_write(tu_path("lines-cut.gz"), z, k - 12);
    r = shai_reader_open(tu_path("lines.gz"), SHAI_FMT_AUTO, &st);
    assert_non_null(r);
    assert_int_equal(shai_reader_next_line(r, &p, &n, &src, &ln, &st), 1);
    tu_assert_mem(p, n, "{\"a\":1}");
    assert_int_equal(ln, 1);
    assert_string_equal(src, tu_path("lines.gz"));
    assert_int_equal(shai_reader_next_line(r, &p, &n, &src, &ln, &st), 1);
    assert_int_equal(n, 0);
    assert_int_equal(ln, 2);
    assert_int_equal(shai_reader_next_line(r, &p, &n, &src, &ln, &st), 1);
    tu_assert_mem(p, n, "line 3\xff");                       /* bytes as read */
    assert_int_equal(ln, 3);
    assert_int_equal(shai_reader_next_line(r, &p, &n, &src, &ln, &st), 1);
    tu_assert_mem(p, n, "last");
    assert_int_equal(ln, 4);
    assert_int_equal(shai_reader_next_line(r, &p, &n, &src, &ln, &st), 0);
    assert_int_equal(shai_reader_next_line(NULL, &p, &n, &src, &ln, &st), SHAI_ERR_INVALID);
    shai_reader_free(r);
    r = shai_reader_open(tu_path("lines-cut.gz"), SHAI_FMT_AUTO, &st);
    assert_non_null(r);
    while ((got = shai_reader_next_line(r, &p, &n, &src, &ln, &st)) == 1)
        ;
    assert_int_equal(got, SHAI_ERR_COMPRESS);
    assert_non_null(strstr(st.msg, "lines-cut.gz: truncated gzip stream after"));
    assert_int_equal(shai_reader_next_line(r, &p, &n, &src, &ln, &st), 0);
    shai_reader_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wet),
        cmocka_unit_test(test_wet_damaged),
        cmocka_unit_test(test_wet_garbage_resync),
        cmocka_unit_test(test_wet_lengths),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_zstd),
        cmocka_unit_test(test_compressed_formats),
        cmocka_unit_test(test_cut_records),
        cmocka_unit_test(test_next_line),
    };
    return cmocka_run_group_tests(tests, NULL, tu_cleanup);
}
