/*
 * fuzz_reader.c — libFuzzer target: bytes -> reader -> filter -> writers.
 *
 * Each input is one file as shai would meet it on disk: sniffed for
 * gzip/zstd and for JSONL, WET or text, read document by document, every
 * document scored (normalize, lexicons, features, decide) and written in
 * the jsonl and blocks formats.  Rejects and stream errors are expected;
 * what must never happen is a crash, a sanitizer report, a hang or a leak.
 * Every started record must come back as a document or a reject: their
 * record numbers only grow, and in JSONL run 1, 2, 3 ... with no gap
 * (checked); and every document's text must be valid UTF-8 without NUL
 * (the reader repairs or decodes it: an input's length picks now and then
 * a forced plain-text encoding, encoding.c).
 *
 *   make fuzz            (clang; seeds in tests/fuzz/corpus; see the Makefile)
 *
 * The model: $SHAI_FUZZ_MODEL when set, else an untrained model (zero
 * weights: the features are computed all the same) over the lexicons in
 * $SHAI_FUZZ_LEXICONS (default "models", the repository's).
 */
#define _GNU_SOURCE
#include "internal.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static shai_model *model;
static shai_filter *filter;
static shai_buf out;
static char path[64];
static int fd = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *mp = getenv("SHAI_FUZZ_MODEL"), *lx = getenv("SHAI_FUZZ_LEXICONS");
    shai_status st;
    (void)argc;
    (void)argv;
    memset(&st, 0, sizeof st);
    model = mp && *mp ? shai_model_load(mp, &st) : shai_model_new_untrained(lx && *lx ? lx : "models", &st);
    if (!model) { fprintf(stderr, "fuzz_reader: no model: %s\n", st.msg); abort(); }
    filter = shai_filter_new(model, shai_model_threshold(model));
    if (!filter) abort();
    shai_buf_init(&out, 0);
    /* the input lives in an anonymous memory file, opened by name */
    fd = memfd_create("shai-fuzz", 0);
    if (fd >= 0) snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    else {
        strcpy(path, "/tmp/shai-fuzz-XXXXXX");
        if ((fd = mkstemp(path)) < 0) abort();
    }
    return 0;
}

/* Aborts unless s[0..n) is valid UTF-8. */
static void must_be_utf8(const char *s, size_t n)
{
    if (!shai_utf8_valid(s, n)) {
        fprintf(stderr, "fuzz_reader: document text is not valid UTF-8\n");
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    shai_status st;
    shai_reader *r;
    shai_doc doc;
    size_t last = 0;      /* the record number of the last document or reject */
    int rc;
    if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size) abort();
    memset(&st, 0, sizeof st);
    r = shai_reader_open(path, SHAI_FMT_AUTO, &st);
    if (!r) return 0;
    /* plain text: mostly the default (auto), now and then each forced
     * decoding, chosen by the input's length */
    if (size % 8 < 4 && shai_reader_set_encoding(r, (shai_encoding)(size % 8))) abort();
    while ((rc = shai_reader_next(r, &doc, &st)) != 0) {
        const shai_block *b;
        size_t n;
        if (rc == 1 || rc == SHAI_ERR_FORMAT || rc == SHAI_ERR_TOOBIG) {
            if (doc.record <= last || (doc.format == SHAI_FMT_JSONL && doc.record != last + 1)) {
                fprintf(stderr, "fuzz_reader: record %zu after record %zu (format %d)\n", doc.record, last,
                        doc.format);
                abort();
            }
            last = doc.record;
        }
        if (rc != 1) {
            if (!st.msg[0]) { fprintf(stderr, "fuzz_reader: error %d without a message\n", rc); abort(); }
            continue;
        }
        must_be_utf8(doc.text, doc.text_len);
        if (memchr(doc.text, '\0', doc.text_len)) {
            fprintf(stderr, "fuzz_reader: document text holds a NUL byte\n");
            abort();
        }
        must_be_utf8(doc.id, doc.id_len);
        must_be_utf8(doc.url, doc.url_len);
        if (shai_filter_run(filter, doc.text, doc.text_len, &b, &n)) abort();
        out.len = 0;
        if (shai_write_doc(&out, SHAI_OUT_JSONL, &doc, b, n, NULL)) abort();
        must_be_utf8(out.p, out.len);
        out.len = 0;
        if (shai_write_doc(&out, SHAI_OUT_BLOCKS, &doc, b, n, filter)) abort();
    }
    shai_reader_free(r);
    if (out.cap > ((size_t)4 << 20)) shai_buf_free(&out);
    return 0;
}
