/*
 * cmd_report.c — shai report [options] [FILE...]
 *                shai report --from-blocks [options] [FILE...]
 *                shai report --merge [options] SUMMARY.json...
 * Options and the input loops; the counting, merging and writing are
 * the library's shai_report_* functions.
 */
#include "cli.h"
#include "pool.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WARNINGS 10

static void usage(FILE *f)
{
    fprintf(f,
        "usage: shai report [options] [FILE...]\n"
        "       shai report --from-blocks [options] [FILE...]\n"
        "       shai report --merge [options] SUMMARY.json...\n"
        "Tells how dirty a crawl is: documents, blocks and characters in and out,\n"
        "the share of blocks and characters per label, the documents holding any\n"
        "adult_spam or place_list block, the dropped share per document\n"
        "(histogram), and the most contaminated hosts (from \"url\").\n"
        "Without --from-blocks or --merge it runs the filter over the input, read\n"
        "as 'shai filter' reads it (JSONL, text, WARC/WET, gzip or zstd, files or\n"
        "directories; no FILE or '-' reads standard input).\n"
        "  --model FILE       model (default: $SHAI_MODEL, else the shipped one)\n"
        "  --threshold T      the drop point of the scores (default: the model's;\n"
        "                     see shai filter --help)\n"
        "  --input-format F   jsonl, text or wet (default: found from the content)\n"
        "  --encoding E       of plain text: auto, utf-8, gb18030, big5 or utf-16\n"
        "                     (default auto; see shai filter --help)\n"
        "  -j N               scoring threads (default 1, 0 = one per core)\n"
        "  --strict           stop at the first rejected record (default: count it\n"
        "                     and go on)\n"
        "  --from-blocks      read 'shai filter --blocks' output: JSON lines with\n"
        "                     \"id\", \"keep\", \"label\", and optionally \"url\",\n"
        "                     \"line\" and \"chars\" (shai filter writes them all;\n"
        "                     without \"chars\" the character figures are n/a and\n"
        "                     documents are measured in blocks); files may be\n"
        "                     compressed or directories.  Documents with no\n"
        "                     blocks (empty text) have no lines, so are not\n"
        "                     counted, nor are records shai filter rejected\n"
        "                     (its tally and --rejects file have them)\n"
        "  --merge            add up summaries written by --json; the numbers equal\n"
        "                     those of one run over all the shards\n"
        "  --json             write the mergeable JSON summary instead of the table\n"
        "  --html FILE        also write a self-contained HTML page to FILE\n"
        "  -o, --output FILE  write the table or the JSON to FILE (default: standard\n"
        "                     output)\n"
        "  --top N            most contaminated hosts to list (default 20)\n"
        "  --max-hosts N      distinct hosts to keep (default 1000000); documents of\n"
        "                     further hosts count as \"(other)\", and host figures\n"
        "                     then merge only approximately\n"
        "  -q, --quiet        no progress line (shown only when standard error is a\n"
        "                     terminal) and no messages about rejected records\n"
        "Exit status: 0 ok, 1 usage, 2 input (unreadable file or summary, rejects\n"
        "under --strict), 3 model, 4 output, 5 internal error.\n");
}

typedef struct opts {
    const char *model, *out, *html;
    int json, strict, quiet, from_blocks, merge, have_thr, format;
    int encoding, have_enc;  /* shai_encoding of plain text */
    double thr;
    long top, max_hosts, threads;
    char **files;
    int nfiles;
} opts;

/* Prints a rejected record's reason (the first few only). */
static void warn_reject(size_t *nwarn, int quiet, const shai_status *st)
{
    if ((*nwarn)++ < MAX_WARNINGS && !quiet) cli_error("report", "warning: %s (skipped)", st->msg);
}

static int run_blocks(shai_report *r, const opts *o, cli_progress *pg, size_t *nwarn)
{
    unsigned long long bytes = 0;
    int i, rc = EXIT_OK, n = o->nfiles ? o->nfiles : 1;
    shai_status st;
    for (i = 0; i < n && !(rc && (o->strict || rc != EXIT_INPUT)); i++) {
        const char *path = o->nfiles ? o->files[i] : "-", *p = "", *source = path;
        size_t len = 0, lineno = 0;
        int got, e;
        /* files or directories, gzip or zstd, as the scoring path reads */
        shai_reader *rd = shai_reader_open(path, SHAI_FMT_AUTO, &st);
        if (!rd) {
            cli_error("report", "%s", st.msg);
            shai_report_add_failed_files(r, 1);
            rc = EXIT_INPUT;
            continue;
        }
        while ((got = shai_reader_next_line(rd, &p, &len, &source, &lineno, &st)) != 0) {
            if (got == 1) {
                bytes += len + 1;
                memset(&st, 0, sizeof st);
                e = shai_report_add_blocks_line(r, p, len, source, lineno, &st);
            } else {
                e = got;
            }
            if (e == SHAI_ERR_FORMAT || e == SHAI_ERR_TOOBIG) {
                if (o->strict) { cli_error("report", "%s", st.msg); rc = EXIT_INPUT; break; }
                warn_reject(nwarn, o->quiet, &st);
                shai_report_add_rejected(r, 1);
            } else if (e && got == 1) {
                cli_error("report", "%s", shai_strerror(e));
                rc = cli_exit_code(e);
                break;
            } else if (e) {
                /* an error that ends a file: the next one is read */
                cli_error("report", "%s", st.msg);
                if (e == SHAI_ERR_NOMEM) { rc = cli_exit_code(e); break; }
                shai_report_add_failed_files(r, 1);
                rc = EXIT_INPUT;
                if (o->strict) break;
            }
            if (cli_progress_due(pg)) {
                shai_report_counts c;
                shai_report_get_counts(r, &c);
                cli_progress_show(pg, c.documents, bytes);
            }
        }
        e = shai_report_end_blocks(r);
        if (e) { cli_error("report", "%s", shai_strerror(e)); rc = cli_exit_code(e); }
        shai_reader_free(rd);
    }
    return rc;
}

/* What the pool's sink adds each scored document to. */
typedef struct tally {
    shai_report *r;
    cli_progress *pg;
    unsigned long long docs, bytes;
    int rc;
} tally;

/* Pool sink: adds a scored document's counts to the report. */
static int add_scored(void *ud, const shai_doc *doc, const char *out, size_t n, const shai_doc_stats *s,
                      int rc)
{
    tally *t = ud;
    (void)out; (void)n;
    if (rc || (rc = shai_report_add_stats(t->r, doc->url, doc->url_len, s))) {
        cli_error("report", "%s record %zu: %s", doc->source, doc->record, shai_strerror(rc));
        t->rc = EXIT_INTERNAL;
        return -1;
    }
    t->docs++;
    t->bytes += doc->raw_len ? doc->raw_len : doc->text_len;
    if (cli_progress_due(t->pg)) cli_progress_show(t->pg, t->docs, t->bytes);
    return 0;
}

static int run_filter(shai_report *r, const opts *o, cli_progress *pg, size_t *nwarn)
{
    shai_model *m = cli_load_model("report", o->model);
    cli_pool *pool;
    tally t = {r, pg, 0, 0, EXIT_OK};
    int i, rc = EXIT_OK, n = o->nfiles ? o->nfiles : 1, stop = 0;
    shai_status st;
    if (!m) return EXIT_MODEL;
    pool = cli_pool_new("report", m, o->have_thr ? o->thr : shai_model_threshold(m), (int)o->threads,
                        CLI_POOL_COUNT_ONLY, 0, add_scored, &t);
    if (!pool) { shai_model_free(m); return EXIT_INTERNAL; }
    for (i = 0; i < n && !stop; i++) {
        const char *path = o->nfiles ? o->files[i] : "-";
        shai_reader *rd;
        shai_doc doc;
        int e;
        memset(&st, 0, sizeof st);
        rd = shai_reader_open(path, (shai_format)o->format, &st);
        if (rd) (void)shai_reader_set_encoding(rd, (shai_encoding)o->encoding);   /* a known one */
        if (!rd) {
            cli_error("report", "%s", st.msg);
            shai_report_add_failed_files(r, 1);
            rc = cli_exit_code(st.code ? st.code : SHAI_ERR_IO);
            if (o->strict || rc != EXIT_INPUT) break;
            continue;
        }
        while ((e = shai_reader_next(rd, &doc, &st)) != 0) {
            if (e == SHAI_ERR_FORMAT || e == SHAI_ERR_TOOBIG) {
                if (o->strict) { cli_error("report", "%s", st.msg); rc = EXIT_INPUT; stop = 1; break; }
                warn_reject(nwarn, o->quiet, &st);
                shai_report_add_rejected(r, 1);
                continue;
            }
            if (e < 0) {             /* this file is lost; the reader goes on */
                cli_error("report", "%s", st.msg);
                if (e != SHAI_ERR_NOMEM) shai_report_add_failed_files(r, 1);
                rc = cli_exit_code(e);
                if (o->strict || rc == EXIT_INTERNAL) { stop = 1; break; }
                continue;
            }
            if (cli_pool_submit(pool, &doc)) { stop = 1; break; }
        }
        shai_reader_free(rd);
        if (rc != EXIT_OK && o->strict) stop = 1;
    }
    /* documents already submitted are scored and counted even after an
     * input error; a failed drain (out of memory) is internal */
    if (t.rc == EXIT_OK && cli_pool_drain(pool)) t.rc = EXIT_INTERNAL;
    cli_pool_free(pool);
    shai_model_free(m);
    return t.rc != EXIT_OK ? t.rc : rc;
}

static int run_merge(shai_report *r, const opts *o)
{
    int i;
    shai_status st;
    if (!o->nfiles) { cli_error("report", "--merge needs summary files"); return EXIT_USAGE; }
    for (i = 0; i < o->nfiles; i++) {
        int e;
        memset(&st, 0, sizeof st);
        if ((e = shai_report_load_json_file(r, o->files[i], &st))) {
            cli_error("report", "%s", st.msg);
            return cli_exit_code(e);
        }
    }
    return EXIT_OK;
}

/* Ends writing f (closed unless it is standard output) after a writer
 * returned e; prints "write error on NAME: reason" (errno's, as shai
 * filter does) on failure.  Returns the exit code. */
static int finish_output(FILE *f, const char *name, int e, const shai_status *st)
{
    int err = e == SHAI_ERR_IO ? errno : 0;
    if (f == stdout) {
        if ((fflush(f) || ferror(f)) && !e) { e = SHAI_ERR_IO; err = errno; }
    } else if (fclose(f) && !e) {
        e = SHAI_ERR_IO;
        err = errno;
    }
    if (!e) return EXIT_OK;
    if (e == SHAI_ERR_NOMEM) { cli_error("report", "out of memory"); return EXIT_INTERNAL; }
    cli_error("report", "write error on %s: %s", name,
              err ? strerror(err) : st->msg[0] ? st->msg : shai_strerror(e));
    return EXIT_OUTPUT;
}

static int write_outputs(const shai_report *r, const opts *o)
{
    shai_status st;
    FILE *f = stdout;
    int e;
    memset(&st, 0, sizeof st);
    /* '-' is standard output, as for shai filter -o (cli_check_clobber
     * refuses it for both) */
    if (o->html) {
        const int std = !strcmp(o->html, "-");
        FILE *h = std ? stdout : fopen(o->html, "w");
        if (!h) { cli_error("report", "cannot write %s: %s", o->html, strerror(errno)); return EXIT_OUTPUT; }
        errno = 0;
        e = shai_report_write_html(r, h, (size_t)o->top, &st);
        if ((e = finish_output(h, std ? "standard output" : o->html, e, &st))) return e;
    }
    if (o->out && strcmp(o->out, "-") && !(f = fopen(o->out, "w"))) {
        cli_error("report", "cannot write %s: %s", o->out, strerror(errno));
        return EXIT_OUTPUT;
    }
    errno = 0;
    e = o->json ? shai_report_write_json(r, f, &st) : shai_report_write_table(r, f, (size_t)o->top, &st);
    return finish_output(f, f != stdout ? o->out : "standard output", e, &st);
}

static int parse_format(const char *s, int *fmt)
{
    static const char *const names[] = {"auto", "jsonl", "text", "wet"};
    int k;
    for (k = 0; k < 4; k++)
        if (!strcmp(s, names[k])) { *fmt = k; return 0; }
    cli_error("report", "--input-format expects auto, jsonl, text or wet, got '%s'", s);
    return -1;
}

int cmd_report(int argc, char **argv)
{
    opts o;
    shai_report *r;
    cli_progress pg;
    size_t nwarn = 0;
    int i, j, rc, wrc;
    memset(&o, 0, sizeof o);
    o.threads = 1;
    o.top = 20;
    o.max_hosts = SHAI_REPORT_HOST_CAP;
    o.encoding = SHAI_ENC_AUTO;
    o.files = calloc((size_t)argc, sizeof *o.files);
    if (!o.files) { cli_error("report", "out of memory"); return EXIT_INTERNAL; }
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); free(o.files); return EXIT_OK; }
        if (!strcmp(a, "--model") && i + 1 < argc) o.model = argv[++i];
        else if (!strcmp(a, "--threshold") && i + 1 < argc) {
            if (cli_parse_double("report", a, argv[++i], &o.thr)) goto usage_err;
            o.have_thr = 1;
        }
        else if (!strcmp(a, "--input-format") && i + 1 < argc) { if (parse_format(argv[++i], &o.format)) goto usage_err; }
        else if (!strcmp(a, "--encoding") && i + 1 < argc) {
            if ((o.encoding = shai_encoding_from_name(argv[++i])) < 0) {
                cli_error("report", "unknown --encoding '%s' (auto, utf-8, gb18030, big5 or utf-16)", argv[i]);
                goto usage_err;
            }
            o.have_enc = 1;
        }
        else if (!strcmp(a, "--strict")) o.strict = 1;
        else if (!strcmp(a, "--from-blocks")) o.from_blocks = 1;
        else if (!strcmp(a, "--merge")) o.merge = 1;
        else if (!strcmp(a, "--json")) o.json = 1;
        else if (!strcmp(a, "--html") && i + 1 < argc) o.html = argv[++i];
        else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) o.out = argv[++i];
        else if (!strcmp(a, "--top") && i + 1 < argc) { if (cli_parse_int("report", a, argv[++i], 0, 1000000, &o.top)) goto usage_err; }
        else if (!strcmp(a, "--max-hosts") && i + 1 < argc) {
            if (cli_parse_int("report", a, argv[++i], 1, 1000000000, &o.max_hosts)) goto usage_err;
        }
        else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) o.quiet = 1;
        else if ((j = cli_parse_threads("report", argc, argv, &i, &o.threads)) != 0) {
            if (j < 0) goto usage_err;
        }
        else if (!strcmp(a, "--")) { while (++i < argc) o.files[o.nfiles++] = argv[i]; }
        else if (a[0] == '-' && a[1]) { cli_error("report", "unknown option or missing value '%s'", a); goto usage_err; }
        else o.files[o.nfiles++] = argv[i];
    }
    if (o.merge && o.from_blocks) { cli_error("report", "--merge and --from-blocks exclude each other"); goto usage_err; }
    if ((o.merge || o.from_blocks) && (o.model || o.have_thr || o.format || o.have_enc || o.threads != 1)) {
        cli_error("report", "--model, --threshold, --input-format, --encoding and -j apply only when scoring");
        goto usage_err;
    }
    {
        /* before the run, not after it: outputs that would overwrite an
         * input, or cannot be written */
        const char *outs[2] = {o.out ? o.out : "-", o.html};   /* no -o is standard output */
        if (cli_check_clobber("report", outs, 2, (const char *const *)o.files, (size_t)o.nfiles)) {
            free(o.files);
            return EXIT_USAGE;
        }
        if ((o.out && cli_check_writable("report", o.out)) || (o.html && cli_check_writable("report", o.html))) {
            free(o.files);
            return EXIT_OUTPUT;
        }
    }
    o.threads = cli_threads(o.threads);
    if (!(r = shai_report_new()) || shai_report_set_host_cap(r, (size_t)o.max_hosts)) {
        shai_report_free(r);
        free(o.files);
        cli_error("report", "out of memory");
        return EXIT_INTERNAL;
    }
    cli_log_to_stderr("report");
    cli_progress_start(&pg, o.quiet || o.merge);
    if (o.merge) rc = run_merge(r, &o);
    else if (o.from_blocks) rc = run_blocks(r, &o, &pg, &nwarn);
    else rc = run_filter(r, &o, &pg, &nwarn);
    cli_progress_end(&pg);
    if (nwarn > MAX_WARNINGS && !o.quiet)
        cli_error("report", "warning: %zu records rejected in all (only the first %d shown)", nwarn,
                  MAX_WARNINGS);
    /* A lost file still leaves a report of the rest (and a failing exit
     * code); a model, usage or memory failure leaves none. */
    if (rc == EXIT_OK || (rc == EXIT_INPUT && !o.strict && !o.merge)) {
        wrc = write_outputs(r, &o);
        if (wrc) rc = wrc;
    }
    shai_report_free(r);
    free(o.files);
    return rc;
usage_err:
    free(o.files);
    usage(stderr);
    return EXIT_USAGE;
}
