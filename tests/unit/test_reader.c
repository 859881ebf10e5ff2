/*
 * test_reader.c — the input readers: JSONL, plain text, directories,
 * format detection, caps and every kind of reject (WET and compressed
 * input: test_compressed.c).
 */
#include "readutil.h"
#include "reader.h"

#include <sys/stat.h>

/* ------------------------------------------------------------ JSONL */

static void test_jsonl_fields(void **state)
{
    rd x;
    (void)state;
    x.r = open_ok(tu_file("fields.jsonl",
        "{\"id\":\"a1\",\"url\":\"http://a.cn/\",\"text\":\"你好\\n世界\",\"lang\":\"zh\"}\n"
        "{\"text\":\"t2\",\"id\":42,\"metadata\":{\"url\":\"https://dolma.example/x\",\"n\":1.0e5}}\n"
        "{\"id\":1.5,\"text\":\"t3\",\"url\":7,\"metadata\":{\"url\":\"http://meta/\"}}\n"
        "{\"text\":\"\"}\n"));
    expect_doc(&x, "a1", "你好\n世界");
    tu_assert_mem(x.d.url, x.d.url_len, "http://a.cn/");
    tu_assert_mem(x.d.raw, x.d.raw_len,
                  "{\"id\":\"a1\",\"url\":\"http://a.cn/\",\"text\":\"你好\\n世界\",\"lang\":\"zh\"}");
    assert_int_equal(x.d.record, 1);
    assert_int_equal(x.d.line, 1);
    assert_int_equal(x.d.format, SHAI_FMT_JSONL);
    assert_int_equal(x.d.repaired, 0);
    assert_true(strstr(x.d.source, "fields.jsonl") != NULL);
    expect_doc(&x, "42", "t2");
    tu_assert_mem(x.d.url, x.d.url_len, "https://dolma.example/x");
    expect_doc(&x, "1.5", "t3");                 /* "url" not a string: metadata.url */
    tu_assert_mem(x.d.url, x.d.url_len, "http://meta/");
    expect_doc(&x, "", "");                      /* empty document */
    assert_int_equal(x.d.url_len, 0);
    assert_int_equal(x.d.record, 4);
    assert_int_equal(next(&x), 0);
    assert_int_equal(next(&x), 0);
    shai_reader_free(x.r);
}

/* "title": a string, unescaped, the last of duplicate keys, on both the
 * fast path and jansson's ("id" as a number sends a record to jansson). */
static void test_jsonl_title(void **state)
{
    rd x;
    (void)state;
    x.r = open_ok(tu_file("title.jsonl",
        "{\"text\":\"x\",\"title\":\"\\u6807\\u9898 t\"}\n"
        "{\"id\":7,\"text\":\"y\",\"title\":\"T2\"}\n"
        "{\"text\":\"z\",\"title\":5}\n"
        "{\"title\":\"a\",\"text\":\"w\",\"title\":\"b\"}\n"
        "{\"id\":1,\"title\":\"a\",\"text\":\"v\",\"title\":\"c\"}\n"
        "{\"title\":\"a\",\"text\":\"u\",\"title\":null}\n"));
    expect_doc(&x, "", "x");
    tu_assert_mem(x.d.title, x.d.title_len, "标题 t");
    expect_doc(&x, "7", "y");
    tu_assert_mem(x.d.title, x.d.title_len, "T2");
    expect_doc(&x, "", "z");
    assert_int_equal(x.d.title_len, 0);
    assert_non_null(x.d.title);
    expect_doc(&x, "", "w");
    tu_assert_mem(x.d.title, x.d.title_len, "b");
    expect_doc(&x, "1", "v");
    tu_assert_mem(x.d.title, x.d.title_len, "c");
    expect_doc(&x, "", "u");
    assert_int_equal(x.d.title_len, 0);
    assert_int_equal(next(&x), 0);
    shai_reader_free(x.r);
}

static void test_jsonl_bom_crlf_blank(void **state)
{
    rd x;
    (void)state;
    x.r = open_ok(tu_file("bom.jsonl",
        "\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"x\"}\r\n"
        "\r\n"
        "   \n"
        "{\"id\":\"b\",\"text\":\"y\\r\\nz\"}\r\n"
        "{\"id\":\"c\",\"text\":\"w\"}"));          /* no final line end */
    expect_doc(&x, "a", "x");
    tu_assert_mem(x.d.raw, x.d.raw_len, "{\"id\":\"a\",\"text\":\"x\"}");
    expect_doc(&x, "b", "y\r\nz");
    assert_int_equal(x.d.record, 2);             /* blank lines are not records */
    assert_int_equal(x.d.line, 4);
    tu_assert_mem(x.d.raw, x.d.raw_len, "{\"id\":\"b\",\"text\":\"y\\r\\nz\"}");
    expect_doc(&x, "c", "w");
    assert_int_equal(x.d.line, 5);
    assert_int_equal(next(&x), 0);
    shai_reader_free(x.r);
}

/* Writes rejects.jsonl: 8 bad records between two good ones. */
static const char *make_rejects_file(void)
{
    const char *p = tu_path("rejects.jsonl");
    char *deep = malloc(100000 + 2);
    FILE *f;
    assert_non_null(deep);
    memset(deep, '[', 100000);                /* 100000 nesting levels */
    deep[100000] = '\n';
    deep[100001] = '\0';
    f = fopen(p, "wb");
    assert_non_null(f);
    fputs("{\"id\":\"ok1\",\"text\":\"a\"}\n", f);
    fputs("{\"id\":\"m\"}\n", f);
    fputs("{\"id\":\"n\",\"text\":12}\n", f);
    fputs("{\"id\":\"o\",\"text\":[\"a\"]}\n", f);
    fputs("{\"id\":\"p\",\"text\":\"a\",}\n", f);
    fputs("{\"id\":\"q\",\"text\":\"bad \xff byte\"}\n", f);
    fputs("[1,2]\n", f);
    fputs(deep, f);
    fputs("{\"id\":\"r\",\"text\":\"a\"} trailing\n", f);
    fputs("{\"id\":\"ok2\",\"text\":\"b\"}\n", f);
    assert_int_equal(fclose(f), 0);
    free(deep);
    return p;
}

static void test_jsonl_reject_messages(void **state)
{
    rd x;
    char want[512];
    const char *p = make_rejects_file();
    const char *reasons[] = {
        "missing \"text\" field",
        "\"text\" is a number, not a string",
        "\"text\" is an array, not a string",
        "invalid JSON at column 22: string or '}' expected near '}'",
        NULL,                           /* invalid UTF-8: repaired, a document */
        "record is an array, not a JSON object",
        "invalid JSON at column 2049: maximum parsing depth reached near '['", /* 100000 [ */
        "invalid JSON at column 30: end of file expected near 'trailing'",
    };
    size_t i;
    (void)state;
    x.r = open_ok(p);
    expect_doc(&x, "ok1", "a");
    for (i = 0; i < sizeof reasons / sizeof *reasons; i++) {
        int rc;
        if (!reasons[i]) {
            expect_doc(&x, "q", "bad \xEF\xBF\xBD byte");
            assert_int_equal(x.d.repaired, 1);
            assert_int_equal(x.d.record, i + 2);
            tu_assert_mem(x.d.raw, x.d.raw_len, "{\"id\":\"q\",\"text\":\"bad \xEF\xBF\xBD byte\"}");
            continue;
        }
        rc = next(&x);
        assert_int_equal(rc, SHAI_ERR_FORMAT);
        assert_int_equal(x.d.record, i + 2);
        assert_int_equal(x.d.line, i + 2);
        assert_string_equal(x.d.source, p);
        assert_string_equal(shai_reader_reason(x.r), reasons[i]);
        snprintf(want, sizeof want, "%s: record %zu, line %zu: %s", p, i + 2, i + 2, reasons[i]);
        assert_string_equal(x.st.msg, want);
    }
    expect_doc(&x, "ok2", "b");
    assert_int_equal(x.d.record, 10);
    assert_int_equal(next(&x), 0);
    assert_string_equal(shai_reader_reason(x.r), "");
    shai_reader_free(x.r);
}

static void test_jsonl_nul(void **state)
{
    rd x;
    static const char raw[] =
        "{\"text\":\"a\\u0000b\\u0000\",\"id\":\"z\"}\n"
        "{\"text\":\"raw\0nul \xc0\xaf overlong \xed\xa0\x80 surrogate\",\"url\":\"u\xff\"}\n";
    (void)state;
    tu_write(tu_path("nul.jsonl"), raw, sizeof raw - 1);
    x.r = open_ok(tu_path("nul.jsonl"));
    expect_doc(&x, "z", "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    assert_int_equal(x.d.repaired, 2);
    /* raw NUL and invalid UTF-8 anywhere in the line: repaired before
     * parsing, counted, and the raw record is repaired too */
    expect_doc(&x, "", "raw\xEF\xBF\xBDnul \xEF\xBF\xBD\xEF\xBF\xBD overlong "
                       "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD surrogate");
    tu_assert_mem(x.d.url, x.d.url_len, "u\xEF\xBF\xBD");
    assert_int_equal(x.d.repaired, 7);
    assert_true(x.d.raw_len > 0);
    assert_non_null(strstr(x.d.raw, "\"url\":\"u\xEF\xBF\xBD\"}"));
    assert_int_equal(next(&x), 0);
    shai_reader_free(x.r);
}

/* A document of more than 100000 lines is rejected (TOOBIG); "\r\n" is
 * one line end, a lone "\r" one too; the next record still reads. */
static void test_doc_line_cap(void **state)
{
    rd x;
    const char *p = tu_path("lines.jsonl");
    FILE *f = fopen(p, "wb");
    size_t i;
    (void)state;
    assert_non_null(f);
    fputs("{\"id\":\"max\",\"text\":\"", f);          /* 100000 lines: ok */
    for (i = 0; i < 50000; i++) fputs(i + 1 < 50000 ? "a\\r\\nb\\r" : "a\\r\\nb", f);
    fputs("\"}\n{\"id\":\"over\",\"text\":\"", f);   /* 100001 lines */
    for (i = 0; i < 100001; i++) fputs(i + 1 < 100001 ? "x\\n" : "x", f);
    fputs("\"}\n{\"id\":\"after\",\"text\":\"y\"}\n", f);
    assert_int_equal(fclose(f), 0);
    x.r = open_ok(p);
    assert_int_equal(next(&x), 1);
    tu_assert_mem(x.d.id, x.d.id_len, "max");
    assert_int_equal(next(&x), SHAI_ERR_TOOBIG);
    assert_int_equal(x.d.record, 2);
    assert_int_equal(x.d.line, 2);
    assert_string_equal(shai_reader_reason(x.r), "document has more than the 100000-line limit");
    expect_doc(&x, "after", "y");
    assert_int_equal(next(&x), 0);
    shai_reader_free(x.r);
}

/* A 50 MB single line reads; one past the 64 MiB cap is rejected and
 * reading resyncs at the next line. */
static void test_jsonl_huge_line(void **state)
{
    rd x;
    const char *p = tu_path("huge.jsonl");
    size_t big = (size_t)50 << 20, over = ((size_t)64 << 20) + 10, i;
    char *text = malloc(over);
    FILE *f;
    (void)state;
    assert_non_null(text);
    for (i = 0; i + 3 <= big; i += 3) memcpy(text + i, "中", 3);
    for (; i < big; i++) text[i] = 'a';
    f = fopen(p, "wb");
    assert_non_null(f);
    fputs("{\"id\":\"big\",\"text\":\"", f);
    assert_int_equal(fwrite(text, 1, big, f), big);
    fputs("\"}\n{\"id\":\"over\",\"text\":\"", f);
    memset(text, 'b', over);
    assert_int_equal(fwrite(text, 1, over, f), over);
    fputs("\"}\n{\"id\":\"after\",\"text\":\"c\"}\n", f);
    assert_int_equal(fclose(f), 0);
    x.r = open_ok(p);
    assert_int_equal(next(&x), 1);
    tu_assert_mem(x.d.id, x.d.id_len, "big");
    assert_int_equal(x.d.text_len, big);
    assert_memory_equal(x.d.text, "中中中", 9);
    assert_int_equal(next(&x), SHAI_ERR_TOOBIG);
    assert_int_equal(x.d.record, 2);
    assert_int_equal(x.d.line, 2);
    assert_string_equal(shai_reader_reason(x.r), "line longer than the 64 MiB limit");
    expect_doc(&x, "after", "c");
    assert_int_equal(x.d.record, 3);
    assert_int_equal(x.d.line, 3);
    assert_int_equal(next(&x), 0);
    shai_reader_free(x.r);
    free(text);
    unlink(p);
}

/* ------------------------------------------------------------ text */

static void test_text(void **state)
{
    rd x;
    const char raw[] = "第一行\n\xff\xfe bad\nnul\0here\n\xe4\xb8";   /* truncated 中 */
    const char *p = tu_path("page one.txt");
    (void)state;
    tu_write(p, raw, sizeof raw - 1);
    x.r = open_ok(p);
    expect_doc(&x, "page one.txt",
               "第一行\n\xEF\xBF\xBD\xEF\xBF\xBD bad\nnul\xEF\xBF\xBDhere\n\xEF\xBF\xBD");
    assert_int_equal(x.d.repaired, 4);
    assert_int_equal(x.d.format, SHAI_FMT_TEXT);
    assert_int_equal(x.d.record, 1);
    assert_int_equal(x.d.url_len, 0);
    assert_null(x.d.raw);
    assert_int_equal(next(&x), 0);
    shai_reader_free(x.r);

    /* an empty file has no document; a blank one is a document without
     * blocks; a BOM is not text */
    x.r = open_ok(tu_file("empty.txt", ""));
    assert_int_equal(next(&x), 0);
    shai_reader_free(x.r);
    x.r = open_ok(tu_file("blank.txt", "\n \n"));
    expect_doc(&x, "blank.txt", "\n \n");
    assert_int_equal(next(&x), 0);
    shai_reader_free(x.r);
    x.r = open_ok(tu_file("bom.txt", "\xEF\xBB\xBF标题\r\n正文"));
    expect_doc(&x, "bom.txt", "标题\r\n正文");
    shai_reader_free(x.r);
}

/* Plain text in another encoding than UTF-8: GBK and Big5 are found by
 * how plausibly they read, UTF-16 by its byte order mark; valid UTF-8
 * is never second-guessed, nor is text with a stray bad byte; a forced
 * encoding decodes as told. */
static void test_text_encodings(void **state)
{
    static const char gbk[] = "\xC9\xE7\xC7\xF8\xB7\xC0\xBF\xD8\xB9\xA4\xD7\xF7\xD3\xD0\xD0\xF2\xCD\xC6\xBD\xF8"
                              "\xA1\xA3\x0A\xBE\xD3\xC3\xF1\xC9\xFA\xBB\xEE\xBB\xF9\xB1\xBE\xD5\xFD\xB3\xA3\xA1\xA3";
    static const char big5[] = "\xAA\xC0\xB0\xCF\xA8\xBE\xB1\xB1\xA4u\xA7@\xA6\xB3\xA7\xC7\xB1\xC0\xB6i\xA1"
                               "C\x0A\xA9~\xA5\xC1\xA5\xCD\xAC\xA1\xB0\xF2\xA5\xBB\xA5\xBF\xB1`\xA1" "C";
    static const char u16le[] = "\xFF\xFE-N\x87" "e\x0A\x00";
    static const char u16be[] = "\xFE\xFFN-e\x87\x00\x0A";
    static const char u16_nobom[] = "-N\x87" "e";
    static const char stray[] = "社区防控工作有序推进。caf\xE9 au lait";
    static const char one_gbk[] = "price \xBC\xDB\xB8\xF1";   /* 价格 */
    /* Korean in EUC-KR and Japanese in EUC-JP: not decoded (into
     * plausible-looking Chinese), left to the repair as before */
    static const char euc_kr[] = "\xB4\xEB\xC7\xD1\xB9\xCE\xB1\xB9 \xC1\xA4\xBA\xCE\xB4\xC2 \xBF\xC0\xB4\xC3 "
                                 "\xBB\xF5\xB7\xCE\xBF\xEE \xB0\xE6\xC1\xA6 \xC1\xA4\xC3\xA5\xC0\xBB \xB9\xDF"
                                 "\xC7\xA5\xC7\xDF\xB4\xD9. \xC0\xCC\xB9\xF8 \xC1\xA4\xC3\xA5\xC0\xBA \xC1\xDF"
                                 "\xBC\xD2\xB1\xE2\xBE\xF7 \xC1\xF6\xBF\xF8\xBF\xA1 \xC3\xCA\xC1\xA1\xC0\xBB "
                                 "\xB8\xC2\xC3\xE1\xB4\xD9.";
    static const char euc_jp[] = "\xC6\xFC\xCB\xDC\xC0\xAF\xC9\xDC\xA4\xCF\xBA\xA3\xC6\xFC\xA1\xA2\xBF\xB7\xA4"
                                 "\xB7\xA4\xA4\xB7\xD0\xBA\xD1\xC0\xAF\xBA\xF6\xA4\xF2\xC8\xAF\xC9\xBD\xA4\xB7"
                                 "\xA4\xDE\xA4\xB7\xA4\xBF\xA1\xA3\xA4\xB3\xA4\xCE\xC0\xAF\xBA\xF6\xA4\xCF\xC3"
                                 "\xE6\xBE\xAE\xB4\xEB\xB6\xC8\xA4\xCE\xBB\xD9\xB1\xE7\xA4\xCB\xBE\xC7\xC5\xC0"
                                 "\xA4\xF2\xC5\xF6\xA4\xC6\xA4\xC6\xA4\xA4\xA4\xDE\xA4\xB9\xA1\xA3";
    static const struct {
        const char *name, *bytes;
        size_t n;
        int enc;                  /* asked for */
        const char *text;
        int read_as;
        size_t repaired;
    } cases[] = {
        {"gbk.txt", gbk, sizeof gbk - 1, SHAI_ENC_AUTO, "社区防控工作有序推进。\n居民生活基本正常。", SHAI_ENC_GB18030, 0},
        {"big5.txt", big5, sizeof big5 - 1, SHAI_ENC_AUTO, "社區防控工作有序推進。\n居民生活基本正常。", SHAI_ENC_BIG5, 0},
        {"u16le.txt", u16le, sizeof u16le - 1, SHAI_ENC_AUTO, "中文\n", SHAI_ENC_UTF16, 0},
        {"u16be.txt", u16be, sizeof u16be - 1, SHAI_ENC_AUTO, "中文\n", SHAI_ENC_UTF16, 0},
        {"one.txt", one_gbk, sizeof one_gbk - 1, SHAI_ENC_AUTO, "price 价格", SHAI_ENC_GB18030, 0},
        {"kr.txt", euc_kr, sizeof euc_kr - 1, SHAI_ENC_AUTO, NULL, SHAI_ENC_UTF8, 0},
        {"jp.txt", euc_jp, sizeof euc_jp - 1, SHAI_ENC_AUTO, NULL, SHAI_ENC_UTF8, 0},
        /* GB18030's byte order mark is skipped as UTF-8's is */
        {"gbbom.txt", "\x84\x31\x95\x33\xBC\xDB\xB8\xF1", 8, SHAI_ENC_AUTO, "价格", SHAI_ENC_GB18030, 0},
        /* a stray Latin-1 byte in UTF-8 stays a repaired UTF-8 text */
        {"stray.txt", stray, sizeof stray - 1, SHAI_ENC_AUTO, "社区防控工作有序推进。caf\xEF\xBF\xBD au lait",
         SHAI_ENC_UTF8, 1},
        /* forced: UTF-16 without a mark is little-endian; GBK read as
         * UTF-8 is replacement characters; UTF-8 as GB18030 is mojibake
         * with its cut-off last sequence replaced */
        {"nobom.txt", u16_nobom, sizeof u16_nobom - 1, SHAI_ENC_UTF16, "中文", SHAI_ENC_UTF16, 0},
        {"gbk8.txt", "\xBC\xDB", 2, SHAI_ENC_UTF8, "\xEF\xBF\xBD\xEF\xBF\xBD", SHAI_ENC_UTF8, 2},
        {"u8gb.txt", "\xE4\xB8\xAD", 3, SHAI_ENC_GB18030, "涓\xEF\xBF\xBD", SHAI_ENC_GB18030, 1},
        /* an odd byte at the end of UTF-16 */
        {"odd16.txt", "\xFF\xFE-N\x87", 5, SHAI_ENC_AUTO, "中\xEF\xBF\xBD", SHAI_ENC_UTF16, 1},
        /* a NUL that the decoding yields is replaced as in UTF-8 */
        {"nul16.txt", "\xFF\xFE-N\x00\x00", 6, SHAI_ENC_AUTO, "中\xEF\xBF\xBD", SHAI_ENC_UTF16, 1},
    };
    size_t k;
    (void)state;
    for (k = 0; k < sizeof cases / sizeof *cases; k++) {
        rd x;
        const char *p = tu_path(cases[k].name);
        tu_write(p, cases[k].bytes, cases[k].n);
        x.r = open_ok(p);
        assert_int_equal(shai_reader_set_encoding(x.r, (shai_encoding)cases[k].enc), SHAI_OK);
        if (cases[k].text) {
            expect_doc(&x, cases[k].name, cases[k].text);
            if (x.d.encoding != cases[k].read_as || x.d.repaired != cases[k].repaired)
                fail_msg("%s: read as %d with %zu repaired, want %d and %zu", cases[k].name, x.d.encoding,
                         x.d.repaired, cases[k].read_as, cases[k].repaired);
        } else {
            /* left to the UTF-8 repair: a replacement or more per character */
            assert_int_equal(next(&x), 1);
            if (x.d.encoding != SHAI_ENC_UTF8 || x.d.repaired < 20)
                fail_msg("%s: read as %d with %zu repaired, want UTF-8 and 20 or more", cases[k].name,
                         x.d.encoding, x.d.repaired);
        }
        assert_int_equal(next(&x), 0);
        shai_reader_free(x.r);
    }
    /* JSON Lines is UTF-8 whatever the option, and a UTF-16 JSON Lines
     * file is refused whole, by name, whatever its name; a byte order
     * mark alone is an empty file */
    {
        rd x;
        tu_write(tu_path("j16.txt"), "\xFF\xFE \0{\0\"\0}\0", 10);
        x.r = open_ok(tu_path("j16.txt"));
        assert_int_equal(next(&x), SHAI_ERR_IO);
        assert_non_null(strstr(x.st.msg, "j16.txt: UTF-16 (byte order mark FF FE), but JSON Lines must be UTF-8"));
        shai_reader_free(x.r);
        tu_write(tu_path("bom16.txt"), "\xFE\xFF", 2);
        x.r = open_ok(tu_path("bom16.txt"));
        assert_int_equal(next(&x), 0);
        shai_reader_free(x.r);
        const char *p = tu_path("u16.jsonl");
        tu_write(p, "\xFF\xFE{\0}\0", 6);
        x.r = open_ok(p);
        assert_int_equal(next(&x), SHAI_ERR_IO);
        assert_non_null(strstr(x.st.msg, "u16.jsonl: UTF-16 (byte order mark FF FE), but JSON Lines must be UTF-8"));
        assert_int_equal(next(&x), 0);
        shai_reader_free(x.r);
        x.r = open_ok(tu_file("gb.jsonl", "{\"text\":\"\xBC\xDB\"}\n"));
        assert_int_equal(shai_reader_set_encoding(x.r, SHAI_ENC_GB18030), SHAI_OK);
        expect_doc(&x, "", "\xEF\xBF\xBD\xEF\xBF\xBD");
        assert_int_equal(x.d.encoding, SHAI_ENC_UTF8);
        shai_reader_free(x.r);
    }
    /* one reader, a directory: each file's byte order mark decides for
     * that file (the converters a reader keeps are one per byte order) */
    {
        rd x;
        char dir[256], path[300];
        snprintf(dir, sizeof dir, "%s/enc16", tu_tmpdir());
        assert_int_equal(mkdir(dir, 0755), 0);
        snprintf(path, sizeof path, "%s/a.txt", dir);
        tu_write(path, u16le, sizeof u16le - 1);
        snprintf(path, sizeof path, "%s/b.txt", dir);
        tu_write(path, u16be, sizeof u16be - 1);
        snprintf(path, sizeof path, "%s/c.txt", dir);
        tu_write(path, u16le, sizeof u16le - 1);
        x.r = open_ok(dir);
        expect_doc(&x, "a.txt", "中文\n");
        expect_doc(&x, "b.txt", "中文\n");
        expect_doc(&x, "c.txt", "中文\n");
        assert_int_equal(next(&x), 0);
        shai_reader_free(x.r);
    }
    /* names and bad arguments */
    assert_int_equal(shai_encoding_from_name("GBK"), SHAI_ENC_GB18030);
    assert_int_equal(shai_encoding_from_name("utf8"), SHAI_ENC_UTF8);
    assert_int_equal(shai_encoding_from_name("Big5"), SHAI_ENC_BIG5);
    assert_int_equal(shai_encoding_from_name("auto"), SHAI_ENC_AUTO);
    assert_int_equal(shai_encoding_from_name("latin-1"), -1);
    assert_int_equal(shai_encoding_from_name("gb18030-and-more-than-fifteen"), -1);
    assert_int_equal(shai_encoding_from_name(NULL), -1);
    assert_string_equal(shai_encoding_name(SHAI_ENC_UTF16), "utf-16");
    assert_null(shai_encoding_name(99));
    assert_int_equal(shai_reader_set_encoding(NULL, SHAI_ENC_UTF8), SHAI_ERR_INVALID);
}

/* ------------------------------------------------------------ paths */

static void test_directory_and_errors(void **state)
{
    rd x;
    shai_status st;
    char dir[256], path[300];
    (void)state;
    snprintf(dir, sizeof dir, "%s/dir", tu_tmpdir());
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(path, sizeof path, "%s/b.jsonl", dir);
    tu_write(path, "{\"id\":\"j\",\"text\":\"jj\"}\n", 23);
    snprintf(path, sizeof path, "%s/a.txt", dir);
    tu_write(path, "aa", 2);
    snprintf(path, sizeof path, "%s/sub", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    x.r = open_ok(dir);
    expect_doc(&x, "a.txt", "aa");
    snprintf(path, sizeof path, "%s/a.txt", dir);
    assert_string_equal(x.d.source, path);
    expect_doc(&x, "j", "jj");
    assert_int_equal(next(&x), 0);
    shai_reader_free(x.r);

    /* a file that cannot be opened ends only itself: the next file follows */
    snprintf(path, sizeof path, "%s/c.txt", dir);
    tu_write(path, "cc", 2);
    x.r = open_ok(dir);
    snprintf(path, sizeof path, "%s/b.jsonl", dir);
    assert_int_equal(unlink(path), 0);
    expect_doc(&x, "a.txt", "aa");
    assert_int_equal(next(&x), SHAI_ERR_IO);
    snprintf(path, sizeof path, "%s/b.jsonl: No such file or directory", dir);
    assert_string_equal(x.st.msg, path);
    expect_doc(&x, "c.txt", "cc");
    assert_int_equal(next(&x), 0);
    shai_reader_free(x.r);

    /* a dangling link is reported by name, not skipped in silence */
    snprintf(path, sizeof path, "%s/b.jsonl", dir);
    assert_int_equal(symlink("no-such-target", path), 0);
    x.r = open_ok(dir);
    expect_doc(&x, "a.txt", "aa");
    assert_int_equal(next(&x), SHAI_ERR_IO);
    snprintf(path, sizeof path, "%s/b.jsonl: No such file or directory", dir);
    assert_string_equal(x.st.msg, path);
    expect_doc(&x, "c.txt", "cc");
    assert_int_equal(next(&x), 0);
    shai_reader_free(x.r);

    memset(&st, 0, sizeof st);
    assert_null(shai_reader_open(TU_DATA "no-such-file.jsonl", SHAI_FMT_AUTO, &st));
    assert_int_equal(st.code, SHAI_ERR_IO);
    assert_string_equal(st.msg, "../data/no-such-file.jsonl: No such file or directory");
    assert_null(shai_reader_open(TU_DATA, (shai_format)9, &st));
    assert_int_equal(st.code, SHAI_ERR_INVALID);
}

/* Content decides the format; when it is unclear, the name does. */
static void test_format_by_name(void **state)
{
    static const char bad1[] = "\xff garbage\n{\"id\":\"a\",\"text\":\"x\"}\n";
    static const struct { const char *name; int fmt; } cases[] = {
        {"d.jsonl", SHAI_FMT_JSONL}, {"d.ndjson", SHAI_FMT_JSONL}, {"d.json.gz", SHAI_FMT_JSONL},
        {"d.jsonl.zst", SHAI_FMT_JSONL}, {"d.wet", SHAI_FMT_WET}, {"d.warc.gz", SHAI_FMT_WET},
        {"d.txt", SHAI_FMT_TEXT}, {"jsonl", SHAI_FMT_TEXT}, {"d.jsonl.bak", SHAI_FMT_TEXT},
    };
    size_t i;
    rd x;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        tu_write(tu_path(cases[i].name), bad1, sizeof bad1 - 1);   /* not compressed: fine */
        x.r = open_ok(tu_path(cases[i].name));
        assert_true(next(&x) != 0);
        if (x.d.format != cases[i].fmt) print_error("%s: format %d\n", cases[i].name, x.d.format);
        assert_int_equal(x.d.format, cases[i].fmt);
        shai_reader_free(x.r);
    }
    /* JSONL by name: the bad first line is a reject, the next a document */
    x.r = open_ok(tu_path("d.jsonl"));
    assert_int_equal(next(&x), SHAI_ERR_FORMAT);
    expect_doc(&x, "a", "x");
    shai_reader_free(x.r);
    /* clear content wins over the name */
    x.r = open_ok(tu_file("w.jsonl", "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 2\r\n\r\nhi\r\n"));
    assert_int_equal(next(&x), 1);
    assert_int_equal(x.d.format, SHAI_FMT_WET);
    shai_reader_free(x.r);
}

static void test_stdin_and_forced_format(void **state)
{
    rd x;
    shai_status st;
    (void)state;
    assert_non_null(freopen(tu_file("in.jsonl", "{\"text\":\"s\",\"id\":\"i\"}\n"), "rb", stdin));
    x.r = open_ok("-");
    expect_doc(&x, "i", "s");
    assert_string_equal(x.d.source, "-");
    assert_int_equal(next(&x), 0);
    shai_reader_free(x.r);
    /* forced text: a JSONL file read as one text document */
    memset(&st, 0, sizeof st);
    x.r = shai_reader_open(tu_path("in.jsonl"), SHAI_FMT_TEXT, &st);
    assert_non_null(x.r);
    expect_doc(&x, "in.jsonl", "{\"text\":\"s\",\"id\":\"i\"}\n");
    shai_reader_free(x.r);
}

/* Duplicate "text" keys: the last wins, as in jansson, whether an earlier
 * one is a string or not, on the fast path, on jansson's (a numeric "id")
 * and on the scanner's reading of a line jansson refuses for its limits
 * (1e400, where the fuzzer found a non-string first "text" refused). */
static void test_jsonl_duplicate_text(void **state)
{
    rd x;
    (void)state;
    x.r = open_ok(tu_file("duptext.jsonl",
        "{\"text\":890,\"text\":\"big\"}\n"
        "{\"id\":3,\"text\":[1],\"text\":\"b2\"}\n"
        "{\"id\":12303450E990,\"text\":890,\"text\":\"b3\"}\n"
        "{\"text\":\"a\",\"text\":1}\n"
        "{\"text\":\"a\",\"n\":1e400,\"text\":null}\n"
        "{\"text\":\"a\",\"text\":\"last\",\"n\":1e400}\n"));
    expect_doc(&x, "", "big");
    expect_doc(&x, "3", "b2");
    expect_doc(&x, "12303450E990", "b3");
    assert_int_equal(next(&x), SHAI_ERR_FORMAT);
    assert_string_equal(shai_reader_reason(x.r), "\"text\" is a number, not a string");
    assert_int_equal(x.d.line, 4);
    assert_int_equal(next(&x), SHAI_ERR_FORMAT);
    assert_string_equal(shai_reader_reason(x.r),
                        "invalid JSON at column 21: real number overflow near '1e400'");
    assert_int_equal(x.d.line, 5);
    expect_doc(&x, "", "last");
    assert_int_equal(next(&x), 0);
    shai_reader_free(x.r);
}

/* The raw bytes of a top-level member's value (numeric ids are written
 * as the line writes them): the last of duplicate keys, nested keys
 * ignored, nothing for an escaped key or a value the scanner cannot
 * finish. */
static void test_raw_member(void **state)
{
    static const struct { const char *line, *want; } cases[] = {
        { "{\"id\":12345678901234567890,\"text\":\"x\"}", "12345678901234567890" },
        { "{\"text\":\"x\", \"id\" : 1e400 }", "1e400" },
        { "{\"id\":1,\"m\":{\"id\":2},\"id\":-0.50}", "-0.50" },
        { "{\"m\":{\"id\":2},\"text\":\"x\"}", NULL },
        { "{\"\\u0069d\":3}", "3" },                      /* the key jansson reads */
        { "{\"a\\u0000\":1,\"id\":7}", "7" },              /* NUL in another key */
        { "{\"\\u0069\\u0064x\":4}", NULL },
        { "{\"id\":1,", NULL },
        { "[1]", NULL },
        { "{}", NULL },
    };
    size_t i, a, b;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *l = cases[i].line;
        int got = shai_json_raw_member(l, strlen(l), "id", &a, &b);
        if (!cases[i].want) {
            if (got) fail_msg("case %zu: found '%.*s'", i, (int)(b - a), l + a);
            continue;
        }
        if (!got) fail_msg("case %zu: not found", i);
        assert_int_equal(b - a, strlen(cases[i].want));
        assert_memory_equal(l + a, cases[i].want, b - a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonl_fields),
        cmocka_unit_test(test_jsonl_title),
        cmocka_unit_test(test_jsonl_bom_crlf_blank),
        cmocka_unit_test(test_jsonl_reject_messages),
        cmocka_unit_test(test_jsonl_nul),
        cmocka_unit_test(test_doc_line_cap),
        cmocka_unit_test(test_jsonl_huge_line),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_text_encodings),
        cmocka_unit_test(test_directory_and_errors),
        cmocka_unit_test(test_format_by_name),
        cmocka_unit_test(test_stdin_and_forced_format),
        cmocka_unit_test(test_raw_member),
        cmocka_unit_test(test_jsonl_duplicate_text),
    };
    return cmocka_run_group_tests(tests, NULL, tu_cleanup);
}
