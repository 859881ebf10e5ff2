/*
 * cmd_filter.c — shai filter [options] [FILE...]
 *
 * Reads documents (reader), scores them on -j threads (pool.c), writes
 * them in input order in the chosen format (output.c), lists rejected
 * records, and ends with a tally on standard error.
 */
#include "cli.h"
#include "output.h"
#include "pool.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHOWN_REJECTS 10
#define SHOWN_REPAIRS 10

/* Prints the usage text to f. */
static void usage(FILE *f)
{
    fprintf(f,
        "usage: shai filter [options] [FILE...]\n"
        "Cleans documents: every line of a document is a block, scored and kept\n"
        "(content) or dropped (boilerplate, place_list, adult_spam, garbled).\n"
        "FILE is a file or a directory (its files, sorted by name); none or '-'\n"
        "reads standard input.  The input format is found from the content:\n"
        "JSON Lines (\"text\" required; \"id\", \"url\" or \"metadata\".\"url\" used,\n"
        "and \"title\" as the page title, else the text's first line), Common\n"
        "Crawl WET (conversion records), or plain text (a file is one document,\n"
        "its id the file name); gzip and zstd are decompressed.  When\n"
        "the content is unclear, a name ending in .jsonl/.ndjson/.json or\n"
        ".wet/.warc (then maybe .gz/.zst) decides.  Bad records are rejected and\n"
        "counted, invalid UTF-8 becomes U+FFFD; limits: 64 MiB per record,\n"
        "100000 lines per document.\n"
        "  --input-format F  jsonl, text or wet: no guessing (default auto)\n"
        "  --encoding E      of plain text: auto (default), utf-8, gb18030 (gbk),\n"
        "                    big5 or utf-16.  auto keeps valid UTF-8, follows a\n"
        "                    UTF-16 byte order mark, else takes whichever of\n"
        "                    UTF-8, GB18030 and Big5 reads most plausibly; the\n"
        "                    \"shai\" summary names an encoding other than UTF-8.\n"
        "                    JSON Lines and WARC are always UTF-8\n"
        "  --model FILE      model (default: $SHAI_MODEL, else the shipped one)\n"
        "  --threshold T     the drop point of the scores (default: the model's);\n"
        "                    higher keeps more.  A block alone is dropped when\n"
        "                    its score > T; the model's page smoothing may\n"
        "                    overrule a weak score to follow its neighbours\n"
        "  --format F        output format (default jsonl):\n"
        "                      jsonl   each input record with \"text\" cleaned (kept\n"
        "                              lines joined by \\n) and a \"shai\" summary\n"
        "                              added; every other field passes untouched\n"
        "                      blocks  one JSON line per block: id, url, doc\n"
        "                              (the document's number in the run), line,\n"
        "                              chars, keep, label, score (the block's own\n"
        "                              drop score)\n"
        "                      text    kept lines only, an empty line after each\n"
        "                              document (documents with nothing kept vanish)\n"
        "                      dolma   Dolma attributes: [start,end,score] spans in\n"
        "                              code points, one list per label\n"
        "                      lbl     draft labels (.lbl) for review and training\n"
        "                              (a repeated id gets #2, #3 ...)\n"
        "  --blocks          same as --format blocks\n"
        "  --explain         blocks format with \"top\", the 5 largest feature\n"
        "                    contributions w*x to the score, and for a dropped\n"
        "                    block \"label_top\", the 5 largest to its label's\n"
        "                    reason score\n"
        "  -o, --output FILE output file (default standard output); a name ending\n"
        "                    in .gz or .zst is compressed\n"
        "  --rejects FILE    one JSON line per rejected record:\n"
        "                    {\"source\",\"record\",\"line\",\"reason\"}\n"
        "                    (standard error shows the first 10)\n"
        "  --strict          exit 2 when any record was rejected\n"
        "  -j N              scoring threads (default 1, 0 = one per core); the\n"
        "                    output keeps the input order\n"
        "  -q, --quiet       no tally and no reject messages on standard error\n"
        "Exit status: 0 ok, 1 usage, 2 input (unreadable file, truncated stream,\n"
        "or rejects under --strict), 3 model, 4 output, 5 internal error.\n");
}

/* --format lbl: the page ids written so far, as 64-bit hashes in an
 * open-addressing table (0 marks a free slot), each with the suffix its
 * next repeat gets.  A page id must be unique in a .lbl file (shai train
 * and eval refuse a repeat), and two text files of one name in two
 * directories, or JSONL records sharing an id, would repeat one. */
typedef struct idset {
    uint64_t *h;
    size_t *next;       /* the next "#N" for a repeat of this id (from 2) */
    size_t n, cap;
} idset;

static uint64_t id_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
    size_t i;
    for (i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h ? h : 1;
}

/* The slot of hash h: where it is, or the free one where it would go. */
static size_t id_slot(const idset *set, uint64_t h)
{
    size_t at = (size_t)(h ^ (h >> 29)) & (set->cap - 1);
    while (set->h[at] && set->h[at] != h) at = (at + 1) & (set->cap - 1);
    return at;
}

/* Adds h; returns its slot, or SIZE_MAX out of memory.  *fresh is 1 when
 * h was not there. */
static size_t id_add(idset *set, uint64_t h, int *fresh)
{
    size_t at;
    if (2 * (set->n + 1) > set->cap) {
        size_t cap = set->cap ? 2 * set->cap : 1024, i;
        idset bigger = {calloc(cap, sizeof *set->h), calloc(cap, sizeof *set->next), set->n, cap};
        if (!bigger.h || !bigger.next) { free(bigger.h); free(bigger.next); return SIZE_MAX; }
        for (i = 0; i < set->cap; i++)
            if (set->h[i]) {
                size_t to = id_slot(&bigger, set->h[i]);
                bigger.h[to] = set->h[i];
                bigger.next[to] = set->next[i];
            }
        free(set->h);
        free(set->next);
        *set = bigger;
    }
    at = id_slot(set, h);
    *fresh = !set->h[at];
    if (*fresh) { set->h[at] = h; set->next[at] = 2; set->n++; }
    return at;
}

/* Everything the sink and the main loop count. */
typedef struct tally {
    cli_out *out, *rej;
    size_t in, out_docs, rejected, skipped, blocks, kept, repaired, repaired_docs;
    size_t decoded[SHAI_ENC_AUTO];   /* documents per encoding read in */
    int quiet, input_err, output_err, internal_err;
    int name_records;        /* --format lbl: id-less documents get a run-wide
                                name, repeated ids a "#N" (idset) */
    char name[32];
    idset ids;
    shai_buf clean;          /* an id as the .lbl file holds it */
    char *rename;            /* a repeated id with its "#N" */
    size_t rename_cap;
} tally;

/* --format lbl: makes doc's page id unique in the run (see idset), as
 * the file will hold it: ids that differ only where the .lbl writer puts
 * spaces (a tab, a control character, invalid UTF-8) are one id there.
 * Returns 0, or -1 out of memory. */
static int unique_id(tally *t, shai_doc *doc)
{
    int fresh;
    size_t at, k;
    t->clean.len = 0;
    if (shai_lbl_page_id(&t->clean, doc->id, doc->id_len)) return -1;
    doc->id = t->clean.p ? t->clean.p : "";
    doc->id_len = t->clean.len;
    at = id_add(&t->ids, id_hash(doc->id, doc->id_len), &fresh);
    if (at == SIZE_MAX) return -1;
    if (fresh) return 0;
    if (doc->id_len > SIZE_MAX - 32) return -1;
    if (t->rename_cap < doc->id_len + 32) {
        char *p = realloc(t->rename, doc->id_len + 32);
        if (!p) return -1;
        t->rename = p;
        t->rename_cap = doc->id_len + 32;
    }
    memcpy(t->rename, doc->id, doc->id_len);
    for (;;) {
        size_t n, to;
        k = t->ids.next[at]++;
        n = doc->id_len + (size_t)snprintf(t->rename + doc->id_len, 32, "#%zu", k);
        to = id_add(&t->ids, id_hash(t->rename, n), &fresh);
        if (to == SIZE_MAX) return -1;
        if (fresh) { doc->id = t->rename; doc->id_len = n; return 0; }
        at = id_slot(&t->ids, id_hash(doc->id, doc->id_len));   /* the table may have grown */
    }
}

/* Pool sink: writes one finished document and counts it. */
static int sink(void *ud, const shai_doc *doc, const char *out, size_t n,
                const shai_doc_stats *s, int rc)
{
    tally *t = ud;
    int decoded;   /* a plain text read in another encoding than UTF-8 */
    if (rc) {
        cli_error("filter", "%s: record %zu, line %zu: %s", doc->source, doc->record, doc->line,
                  shai_strerror(rc));
        t->internal_err = 1;
        return -1;
    }
    if (cli_out_write(t->out, out, n)) { t->output_err = 1; return -1; }
    t->out_docs++;
    t->blocks += s->kept_blocks + s->dropped_blocks;
    t->kept += s->kept_blocks;
    t->repaired += s->repaired;
    decoded = s->encoding > SHAI_ENC_UTF8 && s->encoding < SHAI_ENC_AUTO;
    if (decoded) t->decoded[s->encoding]++;
    if (s->repaired && ++t->repaired_docs <= SHOWN_REPAIRS && !t->quiet)
        cli_error("filter", "repaired: %s: record %zu, line %zu: %zu invalid %s sequence%s or NUL "
                  "byte%s replaced by U+FFFD", doc->source, doc->record, doc->line, s->repaired,
                  decoded ? shai_encoding_name(s->encoding) : "UTF-8",
                  s->repaired == 1 ? "" : "s", s->repaired == 1 ? "" : "s");
    if (s->repaired && t->repaired_docs == SHOWN_REPAIRS + 1 && !t->quiet)
        cli_error("filter", "more repaired records not shown (the tally counts them all)");
    return 0;
}

/* Counts, shows and lists one rejected record.  Returns -1 when the
 * rejects file cannot be written. */
static int reject(tally *t, const shai_reader *r, const shai_doc *doc, const shai_status *st)
{
    t->in++;
    t->rejected++;
    if (!t->quiet && t->rejected <= SHOWN_REJECTS) cli_error("filter", "rejected: %s", st->msg);
    if (!t->quiet && t->rejected == SHOWN_REJECTS + 1)
        cli_error("filter", "more rejected records not shown%s", t->rej ? "" : " (--rejects FILE lists them all)");
    if (t->rej) {
        shai_buf b;
        int rc;
        shai_buf_init(&b, 0);
        rc = shai_write_reject(&b, doc->source, doc->record, doc->line, shai_reader_reason(r));
        if (!rc && cli_out_write(t->rej, b.p, b.len)) rc = -1;
        shai_buf_free(&b);
        if (rc == SHAI_ERR_NOMEM) { cli_error("filter", "out of memory"); t->internal_err = 1; return -1; }
        if (rc) { t->output_err = 1; return -1; }
    }
    return 0;
}

/* Reads one input argument through the pool.  Returns -1 to stop. */
static int run_input(tally *t, cli_pool *pool, const char *path, shai_format in_fmt,
                     shai_encoding enc)
{
    shai_status st;
    shai_reader *r;
    shai_doc doc;
    int rc, stop = 0;
    memset(&st, 0, sizeof st);
    r = shai_reader_open(path, in_fmt, &st);
    if (!r) {
        cli_error("filter", "%s", st.msg);
        if (st.code == SHAI_ERR_NOMEM) { t->internal_err = 1; return -1; }
        t->input_err = 1;
        return 0;
    }
    (void)shai_reader_set_encoding(r, enc);   /* enc is a known one */
    while (!stop && (rc = shai_reader_next(r, &doc, &st)) != 0) {
        if (rc == 1) {
            t->in++;
            doc.seq = t->in;                 /* "doc" in --blocks */
            /* a page id must be unique among the pages written: the
             * reader's record-N restarts with each file */
            if (t->name_records && !doc.id_len) {
                snprintf(t->name, sizeof t->name, "record-%zu", t->in);
                doc.id = t->name;
                doc.id_len = strlen(t->name);
            }
            if (t->name_records && unique_id(t, &doc)) {
                cli_error("filter", "out of memory");
                t->internal_err = 1;
                stop = 1;
                break;
            }
            if (cli_pool_submit(pool, &doc)) {
                /* the sink failed (and said why), or the copy of the
                 * document ran out of memory: internal either way unless
                 * the sink saw an output error */
                if (!t->output_err) t->internal_err = 1;
                stop = 1;
            }
        } else if (rc == SHAI_ERR_FORMAT || rc == SHAI_ERR_TOOBIG) {
            if (reject(t, r, &doc, &st)) stop = 1;
        } else {
            cli_error("filter", "%s", st.msg);
            if (rc == SHAI_ERR_NOMEM || rc == SHAI_ERR_INVALID) { t->internal_err = 1; stop = 1; }
            else t->input_err = 1;     /* the reader goes on with the next file */
        }
    }
    t->skipped += shai_reader_skipped(r);
    shai_reader_free(r);
    return stop ? -1 : 0;
}

/* Input format by name; -1 when unknown. */
static int parse_input_format(const char *s)
{
    static const char *const names[] = {"auto", "jsonl", "text", "wet"};
    int i;
    for (i = 0; i < 4; i++)
        if (!strcmp(s, names[i])) return i;    /* = shai_format */
    return -1;
}

/* Output format by name; -1 when unknown. */
static int parse_format(const char *s)
{
    static const char *const names[] = {"jsonl", "blocks", "text", "dolma", "lbl"};
    int i;
    for (i = 0; i < 5; i++)
        if (!strcmp(s, names[i])) return i;
    return -1;
}

int cmd_filter(int argc, char **argv)
{
    const char *model_path = NULL, *out_path = NULL, *rej_path = NULL;
    const char **inputs;
    int i, j, ninputs = 0, fmt = SHAI_OUT_JSONL, fmt_set = 0, explain = 0, strict = 0, have_thr = 0;
    int code = EXIT_OK, stop = 0, in_fmt = SHAI_FMT_AUTO, enc = SHAI_ENC_AUTO;
    long threads = 1;
    double thr = 0;
    tally t;
    shai_model *m = NULL;
    cli_pool *pool = NULL;

    memset(&t, 0, sizeof t);
    shai_buf_init(&t.clean, 0);
    inputs = calloc((size_t)argc + 1, sizeof *inputs);
    if (!inputs) { cli_error("filter", "out of memory"); return EXIT_INTERNAL; }
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); free(inputs); return EXIT_OK; }
        if (!strcmp(a, "--")) {
            while (++i < argc) inputs[ninputs++] = argv[i];
            break;
        }
        if (!strcmp(a, "--model") && i + 1 < argc) model_path = argv[++i];
        else if (!strcmp(a, "--threshold") && i + 1 < argc) {
            if (cli_parse_double("filter", a, argv[++i], &thr)) goto usage_err;
            have_thr = 1;
        } else if (!strcmp(a, "--format") && i + 1 < argc) {
            int f2 = parse_format(argv[++i]);
            if (f2 < 0) {
                cli_error("filter", "unknown --format '%s' (jsonl, blocks, text, dolma or lbl)", argv[i]);
                goto usage_err;
            }
            if (fmt_set && f2 != fmt) { cli_error("filter", "two output formats given (--format, --blocks)"); goto usage_err; }
            fmt = f2;
            fmt_set = 1;
        } else if (!strcmp(a, "--input-format") && i + 1 < argc) {
            if ((in_fmt = parse_input_format(argv[++i])) < 0) {
                cli_error("filter", "unknown --input-format '%s' (auto, jsonl, text or wet)", argv[i]);
                goto usage_err;
            }
        } else if (!strcmp(a, "--encoding") && i + 1 < argc) {
            if ((enc = shai_encoding_from_name(argv[++i])) < 0) {
                cli_error("filter", "unknown --encoding '%s' (auto, utf-8, gb18030, big5 or utf-16)", argv[i]);
                goto usage_err;
            }
        } else if (!strcmp(a, "--blocks")) {
            if (fmt_set && fmt != SHAI_OUT_BLOCKS) { cli_error("filter", "two output formats given (--format, --blocks)"); goto usage_err; }
            fmt = SHAI_OUT_BLOCKS;
            fmt_set = 1;
        }
        else if (!strcmp(a, "--explain")) explain = 1;
        else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) out_path = argv[++i];
        else if (!strcmp(a, "--rejects") && i + 1 < argc) rej_path = argv[++i];
        else if (!strcmp(a, "--strict")) strict = 1;
        else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) t.quiet = 1;
        else if ((j = cli_parse_threads("filter", argc, argv, &i, &threads)) != 0) {
            if (j < 0) goto usage_err;
        } else if (a[0] == '-' && a[1]) {
            cli_error("filter", "unknown option or missing value '%s'", a);
            goto usage_err;
        } else inputs[ninputs++] = a;
    }
    if (explain) {
        if (fmt_set && fmt != SHAI_OUT_BLOCKS) {
            cli_error("filter", "--explain works with the blocks format only");
            goto usage_err;
        }
        fmt = SHAI_OUT_BLOCKS;
    }
    threads = cli_threads(threads);
    t.name_records = fmt == SHAI_OUT_LBL;
    if (ninputs == 0) inputs[ninputs++] = "-";

    {
        const char *outs[2] = {out_path ? out_path : "-", rej_path};   /* none is standard output */
        if (cli_check_clobber("filter", outs, 2, (const char *const *)inputs, (size_t)ninputs)) {
            free(inputs);
            return EXIT_USAGE;
        }
    }
    if (!t.quiet) cli_log_to_stderr("filter");   /* the reader's warnings */
    if (!(m = cli_load_model("filter", model_path))) { free(inputs); return EXIT_MODEL; }
    if (!have_thr) thr = shai_model_threshold(m);
    if (!(t.out = cli_out_open("filter", out_path))) { code = EXIT_OUTPUT; goto done; }
    if (rej_path && !(t.rej = cli_out_open("filter", rej_path))) { code = EXIT_OUTPUT; goto done; }
    pool = cli_pool_new("filter", m, thr, (int)threads, fmt, explain, sink, &t);
    if (!pool) { code = EXIT_INTERNAL; goto done; }
    for (i = 0; i < ninputs && !stop; i++)
        if (run_input(&t, pool, inputs[i], (shai_format)in_fmt, (shai_encoding)enc)) stop = 1;
    if (!stop) cli_pool_drain(pool);

done:
    cli_pool_free(pool);
    if (t.out && cli_out_close(t.out)) t.output_err = 1;
    if (t.rej && cli_out_close(t.rej)) t.output_err = 1;
    shai_model_free(m);
    free(inputs);
    free(t.ids.h);
    free(t.ids.next);
    free(t.rename);
    shai_buf_free(&t.clean);
    if (code != EXIT_OK) return code;
    if (!t.quiet && !t.output_err && !t.internal_err)   /* else the run stopped early */
        fprintf(stderr,
                "shai filter: %zu documents in, %zu out, %zu rejected, %zu skipped "
                "(non-conversion WET records); %zu blocks, %zu kept; %zu invalid UTF-8 "
                "sequences repaired\n",
                t.in, t.out_docs, t.rejected, t.skipped, t.blocks, t.kept, t.repaired);
    if (!t.quiet && !t.output_err && !t.internal_err)
        cli_report_decoded("filter", t.decoded);
    if (t.output_err) return EXIT_OUTPUT;
    if (t.internal_err) return EXIT_INTERNAL;
    if (t.input_err || (strict && t.rejected)) return EXIT_INPUT;
    return EXIT_OK;
usage_err:
    free(inputs);
    usage(stderr);
    return EXIT_USAGE;
}
