/*
 * cmd_eval.c — shai eval [--model MODEL] [--json] FILE.lbl...
 *              shai eval --predicted PRED.lbl FILE.lbl...
 *              shai eval --cv K [training options] FILE.lbl...
 */
#include "cli.h"
#include "eval.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CURVE 64   /* thresholds of one --curve */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: shai eval [--model MODEL] [--json] [--threshold T] [--curve T,T...] FILE.lbl...\n"
            "       shai eval --cv K [--with-shipped] [--train-also FILE.lbl]... [-C V]\n"
            "                 [--keep-weight V] [--smoothing V] [--threshold T]\n"
            "                 [--curve T,T...] [--seed N] FILE.lbl...\n"
            "       shai eval --predicted PRED.lbl [--json] FILE.lbl...\n"
            "       (any form) [--bootstrap N]; one model: [--compare MODEL];\n"
            "       --cv with --train-also: [--compare-without]\n"
            "Scores labeled pages ('?' blocks are not scored) and prints per-label\n"
            "precision/recall/F1, block drop P/R/F1, content characters kept, junk\n"
            "characters left, a confusion matrix and the pages with the most errors.\n"
            "--cv K runs K-fold cross-validation grouped by site (the URL's host, else\n"
            "the page) with the training settings (synthetic pages '<id>~...' train\n"
            "but are not scored).\n"
            "--predicted scores another labeling of the same pages instead of the\n"
            "model's (another tool's output or a second annotator, as .lbl: every\n"
            "page of FILE.lbl... once, with the same text; blocks labeled '?' on\n"
            "either side are not scored, and counted apart); the model only\n"
            "counts the blocks' characters.\n"
            "  --model FILE   model to evaluate (default: $SHAI_MODEL, else the shipped one)\n"
            "  --json         the report as one JSON object\n"
            "  --threshold T  decide at T instead of the model's threshold\n"
            "  -C V, --keep-weight V, --smoothing V, --seed N, --lexicons DIR,\n"
            "  --with-shipped  with --cv: the training settings, as in shai train\n"
            "                 (the fold seed for --seed)\n"
            "  --train-also FILE.lbl  with --cv: pages that are never scored and train\n"
            "                 in every fold but the one testing their site, if\n"
            "                 any (do they help on the others?)\n"
            "  --top N        pages with the most errors to list (default 10)\n"
            "  --errors FILE  write misclassified blocks as TSV\n"
            "                 (page, line, gold, predicted, score, text)\n"
            "  --predictions FILE  the same for every scored block (for\n"
            "                 threshold curves; the score is 0 with --predicted;\n"
            "                 not with --errors)\n"
            "  --curve T,T...  also decide the pages at each of these thresholds (up to\n"
            "                 %d; with --cv, by the same fold models) and print drop\n"
            "                 P/R/F1, content kept and junk left for each\n"
            "  --bootstrap N  95%% intervals of the figures from N resamples of the\n"
            "                 sites (grouped as --cv groups them), drawn with\n"
            "                 replacement from a fixed seed\n"
            "  --compare MODEL  also score the pages with MODEL (at --threshold if\n"
            "                 given, else its own) and print each figure of both,\n"
            "                 this model's minus MODEL's, and the 95%% interval of\n"
            "                 that difference (paired, the same resamples for both;\n"
            "                 --bootstrap N sets their count, default 1000)\n"
            "  --compare-without  with --cv and --train-also: run the same folds\n"
            "                 again without the --train-also pages and compare the\n"
            "                 two the same way (with them minus without them)\n", MAX_CURVE);
}

static int cmp_err(const void *a, const void *b)
{
    const pagerr *x = a, *y = b;
    if (x->errors != y->errors) return x->errors < y->errors ? 1 : -1;
    return x->page < y->page ? -1 : x->page > y->page;
}

/* The figures of ev, with NAN for content kept and junk left where they
 * have no denominator (no content characters, nothing kept): the library
 * decides what is defined (shai_eval_metrics_defined).  The other
 * figures stay as shai_eval_metrics gives them (0 for a ratio of
 * nothing), as the report has always printed them. */
static void report_metrics(const shai_eval *ev, shai_metrics *m)
{
    shai_metrics d;
    shai_eval_metrics(ev, m);
    shai_eval_metrics_defined(ev, &d);
    m->content_kept = d.content_kept;
    m->junk_left = d.junk_left;
}

static void print_text(const shai_eval *ev, const shai_corpus *c, pagerr *pe, size_t npe, size_t top)
{
    shai_metrics m;
    int g, k;
    report_metrics(ev, &m);
    printf("pages %zu, blocks %zu scored (%zu '?' not scored", ev->pages, ev->blocks, ev->unscored);
    if (ev->unlabeled) printf("; %zu more left '?' by the labeling, not scored", ev->unlabeled);
    printf(")\n\n");
    printf("%-12s %9s %9s %9s %9s\n", "label", "precision", "recall", "f1", "support");
    for (k = 0; k < SHAI_NLABELS; k++) {
        size_t sup = 0;
        for (g = 0; g < SHAI_NLABELS; g++) sup += ev->confusion[k][g];
        printf("%-12s %9.4f %9.4f %9.4f %9zu\n", shai_label_name(k), m.precision[k], m.recall[k], m.f1[k], sup);
    }
    printf("\ndrop (any non-content): precision %.4f  recall %.4f  f1 %.4f\n", m.drop_precision,
           m.drop_recall, m.drop_f1);
    /* a ratio of nothing is no figure: no content characters, or none kept */
    if (!isnan(m.content_kept)) printf("content characters kept: %.4f\n", m.content_kept);
    else printf("content characters kept: n/a (no content characters)\n");
    if (!isnan(m.junk_left)) printf("junk characters left in output: %.4f\n", m.junk_left);
    else printf("junk characters left in output: n/a (nothing kept)\n");
    printf("block label accuracy: %.4f\n\n", m.accuracy);
    printf("confusion (rows gold, columns predicted)\n%-12s", "");
    for (k = 0; k < SHAI_NLABELS; k++) printf(" %11s", shai_label_name(k));
    printf("\n");
    for (g = 0; g < SHAI_NLABELS; g++) {
        printf("%-12s", shai_label_name(g));
        for (k = 0; k < SHAI_NLABELS; k++) printf(" %11zu", ev->confusion[g][k]);
        printf("\n");
    }
    if (pe && npe) {
        size_t i;
        qsort(pe, npe, sizeof *pe, cmp_err);
        printf("\npages with the most errors\n");
        for (i = 0; i < npe && i < top && pe[i].errors; i++)
            printf("  %-40s %5zu of %5zu blocks\n", shai_corpus_page_id(c, pe[i].page), pe[i].errors, pe[i].blocks);
    }
}

/* The curve: one line (or JSON object) per threshold. */
static void print_curve(const double *t, const shai_eval *cev, int n, int json)
{
    int i;
    shai_metrics m;
    if (json) printf("\"curve\":[");
    else printf("\nthreshold curve\n%14s %9s %9s %9s %13s %10s\n", "threshold", "drop P", "drop R", "drop F1",
                "content kept", "junk left");
    for (i = 0; i < n; i++) {
        /* a ratio of nothing is n/a (null), as in the main figures */
        char kept[24], junk[24];
        report_metrics(&cev[i], &m);
        if (!isnan(m.content_kept)) snprintf(kept, sizeof kept, json ? "%.6f" : "%13.4f", m.content_kept);
        else snprintf(kept, sizeof kept, json ? "null" : "%13s", "n/a");
        if (!isnan(m.junk_left)) snprintf(junk, sizeof junk, json ? "%.6f" : "%10.4f", m.junk_left);
        else snprintf(junk, sizeof junk, json ? "null" : "%10s", "n/a");
        if (json)
            printf("%s{\"threshold\":%.17g,\"drop\":{\"precision\":%.6f,\"recall\":%.6f,\"f1\":%.6f},"
                   "\"content_kept\":%s,\"junk_left\":%s}", i ? "," : "", t[i], m.drop_precision,
                   m.drop_recall, m.drop_f1, kept, junk);
        else
            printf("%14.8g %9.4f %9.4f %9.4f %s %s\n", t[i], m.drop_precision, m.drop_recall, m.drop_f1, kept,
                   junk);
    }
    if (json) printf("]");
}

static void print_json(const shai_eval *ev, const shai_corpus *c, pagerr *pe, size_t npe, size_t top,
                       const double *t, const shai_eval *cev, int ncurve, const cli_evextra *x)
{
    shai_metrics m;
    int g, k;
    report_metrics(ev, &m);
    printf("{\"pages\":%zu,\"blocks\":%zu,\"unscored\":%zu,\"unlabeled\":%zu,\"labels\":{", ev->pages, ev->blocks,
           ev->unscored, ev->unlabeled);
    for (k = 0; k < SHAI_NLABELS; k++) {
        size_t sup = 0;
        for (g = 0; g < SHAI_NLABELS; g++) sup += ev->confusion[k][g];
        printf("%s\"%s\":{\"precision\":%.6f,\"recall\":%.6f,\"f1\":%.6f,\"support\":%zu}", k ? "," : "",
               shai_label_name(k), m.precision[k], m.recall[k], m.f1[k], sup);
    }
    printf("},\"drop\":{\"precision\":%.6f,\"recall\":%.6f,\"f1\":%.6f},", m.drop_precision, m.drop_recall, m.drop_f1);
    if (!isnan(m.content_kept)) printf("\"content_kept\":%.6f,", m.content_kept);
    else printf("\"content_kept\":null,");
    if (!isnan(m.junk_left)) printf("\"junk_left\":%.6f,", m.junk_left);
    else printf("\"junk_left\":null,");
    printf("\"accuracy\":%.6f,", m.accuracy);
    printf("\"content_chars\":%zu,\"content_chars_kept\":%zu,\"confusion\":[", ev->gold_chars[0], ev->kept_chars[0]);
    for (g = 0; g < SHAI_NLABELS; g++) {
        printf("%s[", g ? "," : "");
        for (k = 0; k < SHAI_NLABELS; k++) printf("%s%zu", k ? "," : "", ev->confusion[g][k]);
        printf("]");
    }
    printf("],\"worst_pages\":[");
    if (pe && npe) {
        size_t i;
        qsort(pe, npe, sizeof *pe, cmp_err);
        for (i = 0; i < npe && i < top && pe[i].errors; i++) {
            printf("%s{\"id\":", i ? "," : "");
            cli_put_json_str(shai_corpus_page_id(c, pe[i].page));
            printf(",\"errors\":%zu,\"blocks\":%zu}", pe[i].errors, pe[i].blocks);
        }
    }
    printf("]");
    if (ncurve) {
        printf(",");
        print_curve(t, cev, ncurve, 1);
    }
    cli_print_evextra(x, 1);
    printf("}\n");
}

/* The report of ev, as JSON or as text, with the curve (ncurve points)
 * and the intervals of x (may be NULL) after it. */
static void print_report(const shai_eval *ev, const shai_corpus *c, pagerr *pe, size_t npe, size_t top, int json,
                         const double *t, const shai_eval *cev, int ncurve, const cli_evextra *x)
{
    if (json) {
        print_json(ev, c, pe, npe, top, t, cev, ncurve, x);
        return;
    }
    print_text(ev, c, pe, npe, top);
    if (ncurve) print_curve(t, cev, ncurve, 0);
    cli_print_evextra(x, 0);
}

int shai_cli_add_shipped(shai_corpus *c, const char *cmd);

/* Parses a comma-separated list of thresholds into t[] (at most
 * MAX_CURVE); returns how many, or -1 (message printed) when it is not
 * such a list. */
static int parse_curve(const char *s, double *t)
{
    int n = 0;
    const char *p = s;
    for (;;) {
        char *e;
        double v;
        errno = 0;
        v = strtod(p, &e);
        if (e == p || errno || (*e && *e != ',') || !isfinite(v) || isspace((unsigned char)*p)) {
            cli_error("eval", "--curve expects numbers separated by commas, got '%s'", s);
            return -1;
        }
        if (n == MAX_CURVE) { cli_error("eval", "--curve takes at most %d thresholds", MAX_CURVE); return -1; }
        t[n++] = v;
        if (!*e) return n;
        p = e + 1;
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A '~' in a page id marks a synthetic variant of the page named before
 * it, which cross-validation trains on and never scores.  A page so
 * named without that page is more likely a real page whose name has a
 * '~' (an editor's backup file): say so, as nothing else would. */
static void warn_orphans(const shai_corpus *c)
{
    size_t np = shai_corpus_pages(c), p, orphans = 0;
    const char **ids = malloc((np ? np : 1) * sizeof *ids), *first = NULL;
    if (!ids) return;
    for (p = 0; p < np; p++) ids[p] = shai_corpus_page_id(c, p);
    qsort(ids, np, sizeof *ids, cmp_str);
    for (p = 0; p < np; p++) {
        const char *id = shai_corpus_page_id(c, p), *t = strchr(id, '~');
        char *origin;
        if (!t || !shai_corpus_page_scored(c, p)) continue;
        if (!(origin = malloc((size_t)(t - id) + 1))) break;
        memcpy(origin, id, (size_t)(t - id));
        origin[t - id] = '\0';
        if (!bsearch(&origin, ids, np, sizeof *ids, cmp_str) && !orphans++) first = id;
        free(origin);
    }
    if (orphans)
        cli_error("eval", "warning: %zu page%s (the first '%s') ha%s a '~' in the id and no page of the id "
                  "before it: cross-validation takes '<id>~...' for a synthetic copy of page <id>, trains "
                  "on it and never scores it", orphans, orphans == 1 ? "" : "s", first,
                  orphans == 1 ? "s" : "ve");
    free(ids);
}

/* --compare-without: cross-validation again, on c2 (the scored files
 * alone: c without the --train-also pages) with the same folds and
 * settings o; its counts go to btotal and, page by page, to bev by c's
 * page indices.  Returns an exit code, having said what was wrong. */
static int cv_without(const shai_corpus *c, const shai_corpus *c2, const shai_train_opts *o, int folds,
                      shai_eval *bev, shai_eval *btotal)
{
    size_t n2 = shai_corpus_pages(c2), p;
    shai_eval *p2 = calloc(n2 ? n2 : 1, sizeof *p2);
    size_t *map = malloc((n2 ? n2 : 1) * sizeof *map);
    shai_train_opts o2 = *o;
    shai_status st;
    int r;
    memset(&st, 0, sizeof st);
    if (!p2 || !map || eval_page_map(c2, c, map)) {
        free(p2); free(map);
        cli_error("eval", "out of memory");
        return EXIT_INTERNAL;
    }
    o2.page_ev = p2;                /* nothing else: no curve, no --errors */
    o2.curve = NULL;
    o2.ncurve = 0;
    o2.curve_ev = NULL;
    o2.on_prediction = NULL;
    o2.ud = NULL;
    cli_error("eval", "the same folds again, without the --train-also pages:");   /* progress, as the folds' lines */
    if ((r = shai_cross_validate(c2, &o2, folds, btotal, &st))) cli_error("eval", "without --train-also: %s", st.msg);
    for (p = 0; !r && p < n2; p++)
        if (map[p] != SIZE_MAX) bev[map[p]] = p2[p];
    free(p2);
    free(map);
    return r ? cli_exit_code(r) : EXIT_OK;
}

/* cmd_eval with ins: room for the input paths (argc entries). */
static int eval_main(int argc, char **argv, const char **ins)
{
    const char *model_path = NULL, *errors_path = NULL, *pred_path = NULL, *cmp_path = NULL;
    const char *cv_only = NULL;   /* the last option that only --cv uses */
    errsink es = {NULL, NULL, 0, SIZE_MAX, 1, 0};
    int i, json = 0, rc = EXIT_OK, nfiles = 0, ntrain = 0, with_shipped = 0, have_thr = 0, without = 0;
    int sinks = 0;   /* bit 1: --errors given, bit 2: --predictions given */
    char *scored_file = calloc((size_t)argc + 1, 1);   /* ins[k] is scored (not --train-also) */
    shai_corpus *c2 = NULL;                             /* --compare-without: the scored files alone */
    long cv = 0, top = 10, v, boot = 0;
    double thr = 0, curve[MAX_CURVE];
    int ncurve = 0;
    shai_eval curve_ev[MAX_CURVE];
    shai_corpus *c = shai_corpus_new();
    shai_status st;
    shai_eval ev, *pev = NULL, *bev = NULL, btotal;   /* per page, for --bootstrap and --compare */
    cli_evextra x;
    shai_train_opts o;

    if (!c) { cli_error("eval", "out of memory"); return EXIT_INTERNAL; }
    memset(&ev, 0, sizeof ev);
    memset(&btotal, 0, sizeof btotal);
    memset(&x, 0, sizeof x);
    memset(curve_ev, 0, sizeof curve_ev);
    memset(&st, 0, sizeof st);
    shai_train_opts_default(&o);
    o.lexicon_dir = NULL;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *file = NULL;   /* file: a labeled file to read */
        int scored = 1;                          /* its pages scored (not --train-also) */
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); goto early; }
        if (!strcmp(a, "--model") && i + 1 < argc) model_path = argv[++i];
        else if (!strcmp(a, "--json")) json = 1;
        else if (!strcmp(a, "--errors") && i + 1 < argc) { errors_path = argv[++i]; es.all = 0; sinks |= 1; }
        else if (!strcmp(a, "--predictions") && i + 1 < argc) { errors_path = argv[++i]; es.all = 1; sinks |= 2; }
        else if (!strcmp(a, "--with-shipped")) { with_shipped = 1; cv_only = a; }
        else if (!strcmp(a, "--train-also") && i + 1 < argc) { file = argv[++i]; scored = 0; ntrain++; cv_only = a; }
        else if (!strcmp(a, "--predicted") && i + 1 < argc) pred_path = argv[++i];
        else if (!strcmp(a, "--compare") && i + 1 < argc) cmp_path = argv[++i];
        else if (!strcmp(a, "--compare-without")) { without = 1; cv_only = a; }
        else if (!strcmp(a, "--bootstrap") && i + 1 < argc) { if (cli_parse_int("eval", a, argv[++i], 2, 1000000, &boot)) goto usage_err; }
        else if (!strcmp(a, "--cv") && i + 1 < argc) { if (cli_parse_int("eval", a, argv[++i], 2, 100, &cv)) goto usage_err; }
        else if (!strcmp(a, "--top") && i + 1 < argc) { if (cli_parse_int("eval", a, argv[++i], 0, 100000, &top)) goto usage_err; }
        else if (!strcmp(a, "--threshold") && i + 1 < argc) { if (cli_parse_double("eval", a, argv[++i], &thr)) goto usage_err; have_thr = 1; }
        else if (!strcmp(a, "--curve") && i + 1 < argc) { if ((ncurve = parse_curve(argv[++i], curve)) < 0) goto usage_err; }
        else if (!strcmp(a, "--lexicons") && i + 1 < argc) { o.lexicon_dir = argv[++i]; cv_only = a; }
        else if (!strcmp(a, "-C") && i + 1 < argc) { if (cli_parse_positive("eval", a, argv[++i], 0, &o.c)) goto usage_err; cv_only = a; }
        else if (!strcmp(a, "--keep-weight") && i + 1 < argc) { if (cli_parse_positive("eval", a, argv[++i], 0, &o.keep_weight)) goto usage_err; cv_only = a; }
        else if (!strcmp(a, "--smoothing") && i + 1 < argc) { if (cli_parse_positive("eval", a, argv[++i], 1, &o.smoothing)) goto usage_err; cv_only = a; }
        else if (!strcmp(a, "--seed") && i + 1 < argc) { if (cli_parse_int("eval", a, argv[++i], 0, 1000000000, &v)) goto usage_err; o.seed = (unsigned)v; cv_only = a; }
        else if (a[0] == '-' && a[1]) { cli_error("eval", "unknown option '%s'", a); goto usage_err; }
        else file = a;
        if (file) {   /* read after the usage checks */
            if (scored_file) scored_file[nfiles] = (char)scored;
            ins[nfiles++] = file;
        }
    }
    if (!scored_file) { cli_error("eval", "out of memory"); rc = EXIT_INTERNAL; goto early; }
    if (nfiles == ntrain && !with_shipped) { cli_error("eval", "no labeled files given"); goto usage_err; }
    if (sinks == 3) {
        /* one TSV sink: the later option would silently win */
        cli_error("eval", "--errors and --predictions: give one (--predictions lists every block, the errors among them)");
        goto usage_err;
    }
    if (errors_path && !strcmp(errors_path, "-")) {
        /* the figures go there */
        cli_error("eval", "--errors and --predictions need a file name: standard output holds the figures");
        goto usage_err;
    }
    {
        const char *outs[3] = {errors_path, pred_path, cmp_path};
        /* --predicted and --compare are inputs too */
        if (cli_check_clobber("eval", outs, 1, ins, (size_t)nfiles) ||
            (pred_path && cli_check_clobber("eval", outs, 1, &outs[1], 1)) ||
            (cmp_path && cli_check_clobber("eval", outs, 1, &outs[2], 1))) {
            rc = EXIT_USAGE;
            goto early;
        }
    }
    /* options that one mode would silently ignore are errors instead */
    if (!cv && without) {
        cli_error("eval", "--compare-without needs --cv and --train-also (it runs the same folds without those pages)");
        goto usage_err;
    }
    if (!cv && cv_only) {
        cli_error("eval", "%s applies only with --cv%s", cv_only,
                  strcmp(cv_only, "--with-shipped") && strcmp(cv_only, "--train-also")
                  ? " (the model file sets it otherwise)" : " (it adds training pages)");
        goto usage_err;
    }
    if (cv && model_path) { cli_error("eval", "--model does not apply with --cv (each fold trains its own)"); goto usage_err; }
    if (pred_path && (cv || have_thr || ncurve)) { cli_error("eval", "--predicted scores given labels: %s does not apply", cv ? "--cv" : have_thr ? "--threshold" : "--curve"); goto usage_err; }
    if (cmp_path && (cv || pred_path)) { cli_error("eval", "--compare scores the pages with two model files: not with %s", cv ? "--cv" : "--predicted"); goto usage_err; }
    if (without && !ntrain) { cli_error("eval", "--compare-without compares a run with its --train-also pages to one without them: give --train-also FILE"); goto usage_err; }
    if (cmp_path && without) { cli_error("eval", "--compare and --compare-without: one comparison at a time"); goto usage_err; }
    if ((cmp_path || without) && !boot) boot = CLI_BOOT_DEFAULT;
    x.reps = (unsigned)boot;
    x.cmp = without ? "the same folds without the --train-also pages" : cmp_path;
    /* the labeled files, then the shipped pages, after the usage checks:
     * a usage error is one whatever the files hold */
    for (i = 0; i < nfiles; i++) {
        size_t p0 = shai_corpus_pages(c), p;
        int r = shai_corpus_add_file(c, ins[i], &st);
        if (r) { cli_error("eval", "%s", st.msg); rc = cli_exit_code(r); goto early; }
        if (!scored_file[i])   /* --train-also: its pages are never scored */
            for (p = p0; p < shai_corpus_pages(c); p++) shai_corpus_set_scored(c, p, 0);
    }
    if (with_shipped && shai_cli_add_shipped(c, "eval")) { rc = EXIT_INPUT; goto early; }
    if (without) {
        /* the scored files again, alone (read twice: a corpus holds its pages) */
        if (!(c2 = shai_corpus_new())) { cli_error("eval", "out of memory"); rc = EXIT_INTERNAL; goto early; }
        for (i = 0; i < nfiles; i++) {
            int r = scored_file[i] ? shai_corpus_add_file(c2, ins[i], &st) : SHAI_OK;
            if (r) { cli_error("eval", "%s", st.msg); rc = cli_exit_code(r); goto early; }
        }
        if (with_shipped && shai_cli_add_shipped(c2, "eval")) { rc = EXIT_INPUT; goto early; }
    }
    free(scored_file);
    scored_file = NULL;
    {
        /* figures of nothing would read as measured zeros */
        size_t p, j, nb = 0, scored = 0, np = shai_corpus_pages(c), synth = 0;
        for (p = 0; p < np && !scored; p++) {
            const int *gold = shai_corpus_page_labels(c, p, &nb);
            if (!shai_corpus_page_scored(c, p)) continue;   /* --train-also */
            if (cv && strchr(shai_corpus_page_id(c, p), '~')) { synth++; continue; }  /* trains only */
            for (j = 0; j < nb; j++) scored += gold[j] >= 0;
        }
        if (!scored) {
            if (np == 0) cli_error("eval", "nothing to score: the labeled files hold no pages");
            else if (synth)
                cli_error("eval", "nothing to score: no block of the %zu pages has a label other than '?' "
                          "on a page cross-validation scores (%zu synthetic pages, '<id>~...', train only)",
                          np, synth);
            else cli_error("eval", "nothing to score: no block of the %zu pages has a label other than '?'", np);
            rc = EXIT_INPUT;
            goto early;
        }
    }

    if (boot) {
        size_t np = shai_corpus_pages(c);
        pev = calloc(np ? np : 1, sizeof *pev);
        bev = x.cmp ? calloc(np ? np : 1, sizeof *bev) : NULL;
        if (!pev || (x.cmp && !bev)) { cli_error("eval", "out of memory"); rc = EXIT_INTERNAL; goto early; }
    }
    if (cv) {
        if (!o.lexicon_dir) o.lexicon_dir = cli_default_lexicon_dir();
        warn_orphans(c);
        o.page_ev = pev;
        if (have_thr) o.threshold = thr;
        o.curve = curve;
        o.ncurve = (size_t)ncurve;
        o.curve_ev = curve_ev;
        cli_log_to_stderr("eval");
        if (errors_path) {
            es.f = fopen(errors_path, "w");
            es.c = c;
            if (!es.f) {
                cli_error("eval", "cannot write %s: %s", errors_path, strerror(errno));
                rc = EXIT_OUTPUT;
                goto early;
            }
            o.on_prediction = eval_write_block;
            o.ud = &es;
        }
        rc = shai_cross_validate(c, &o, (int)cv, &ev, &st);
        if (es.f && fclose(es.f)) { cli_error("eval", "write error on %s: %s", errors_path, strerror(errno)); rc = rc ? rc : SHAI_ERR_IO; }
        if (rc) {
            cli_error("eval", "%s", st.msg);
            rc = cli_exit_code(rc);
        } else if (!(c2 && (rc = cv_without(c, c2, &o, (int)cv, bev, &btotal))) &&
                   !(boot && (rc = cli_eval_intervals(c, &ev, pev, c2 ? bev : NULL, &btotal, &x)))) {
            print_report(&ev, c, NULL, 0, 0, json, curve, curve_ev, ncurve, &x);
        }
    } else {
        shai_model *m, *m2 = NULL;
        shai_filter *f = NULL, *f2 = NULL;
        size_t n = shai_corpus_pages(c), p;
        pagerr *pe;
        cli_log_to_stderr("eval");   /* the model loader's warnings */
        m = cli_load_model("eval", model_path);
        pe = calloc(n ? n : 1, sizeof *pe);
        if (!m) { free(pe); rc = EXIT_MODEL; goto early; }
        f = shai_filter_new(m, have_thr ? thr : shai_model_threshold(m));
        if (!f || !pe) { cli_error("eval", "out of memory"); rc = EXIT_INTERNAL; goto done; }
        if (cmp_path) {
            if (!(m2 = cli_load_model("eval", cmp_path))) { rc = EXIT_MODEL; goto done; }
            if (!(f2 = shai_filter_new(m2, have_thr ? thr : shai_model_threshold(m2)))) {
                cli_error("eval", "out of memory");
                rc = EXIT_INTERNAL;
                goto done;
            }
        }
        if (errors_path && !(es.f = fopen(errors_path, "w"))) {
            cli_error("eval", "cannot write %s: %s", errors_path, strerror(errno));
            rc = EXIT_OUTPUT;
            goto done;
        }
        es.c = c;
        if (pred_path) {
            shai_corpus *pc = shai_corpus_new();
            int r = pc ? shai_corpus_add_file(pc, pred_path, &st) : SHAI_ERR_NOMEM;
            if (r) cli_error("eval", "%s", pc ? st.msg : "out of memory");
            rc = r ? cli_exit_code(r) : eval_predicted(pred_path, pc, c, f, &ev, pev, pe, &es);
            shai_corpus_free(pc);
            if (rc) goto done;
            n = 0;   /* scored: skip the model's pass below */
        }
        for (p = 0; p < n; p++) {
            size_t nb = 0, j;
            const int *gold;
            const shai_block *bl;
            shai_eval one;
            int r;
            memset(&one, 0, sizeof one);
            if ((r = shai_eval_page(f, c, p, &one, &pe[p].errors)) ||
                (f2 && (r = shai_eval_page(f2, c, p, &bev[p], NULL)))) {
                cli_error("eval", "page '%s': %s", shai_corpus_page_id(c, p), shai_strerror(r));
                rc = cli_exit_code(r);
                goto done;
            }
            shai_eval_add(&ev, &one);
            if (pev) pev[p] = one;
            if (f2) shai_eval_add(&btotal, &bev[p]);
            gold = shai_corpus_page_labels(c, p, &nb);
            bl = shai_filter_blocks(f, NULL);
            for (j = 0; es.f && j < nb; j++)
                if (gold[j] >= 0) eval_write_block(&es, shai_corpus_page_id(c, p), j + 1, gold[j], bl[j].label, bl[j].score);
            pe[p].page = p;
            pe[p].blocks = one.blocks;
        }
        /* the curve: the same pages decided again at each threshold */
        for (i = 0; i < ncurve; i++) {
            shai_filter *g = shai_filter_new(m, curve[i]);
            if (!g) { cli_error("eval", "out of memory"); rc = EXIT_INTERNAL; goto done; }
            for (p = 0; p < n; p++) {
                int r = shai_eval_page(g, c, p, &curve_ev[i], NULL);
                if (r) {
                    cli_error("eval", "page '%s': %s", shai_corpus_page_id(c, p), shai_strerror(r));
                    rc = cli_exit_code(r);
                    shai_filter_free(g);
                    goto done;
                }
            }
            shai_filter_free(g);
        }
        n = shai_corpus_pages(c);
        if (boot && (rc = cli_eval_intervals(c, &ev, pev, bev, &btotal, &x))) goto done;
        print_report(&ev, c, pe, n, (size_t)top, json, curve, curve_ev, ncurve, &x);
    done:
        if (es.f && fclose(es.f) && rc == EXIT_OK) {
            cli_error("eval", "write error on %s: %s", errors_path, strerror(errno));
            rc = EXIT_OUTPUT;
        }
        shai_filter_free(f);
        shai_filter_free(f2);
        shai_model_free(m);
        shai_model_free(m2);
        free(pe);
    }
    free(pev);
    free(bev);
    shai_corpus_free(c2);
    shai_corpus_free(c);
    if (fflush(stdout) || ferror(stdout)) {
        cli_error("eval", "write error on standard output: %s", errno ? strerror(errno) : "I/O error");
        return EXIT_OUTPUT;
    }
    return rc;
usage_err:
    usage(stderr);
    rc = EXIT_USAGE;
early:   /* before the run: nothing but these to free */
    free(pev);
    free(bev);
    free(scored_file);
    shai_corpus_free(c2);
    shai_corpus_free(c);
    return rc;
}

int cmd_eval(int argc, char **argv) { return cli_with_inputs("eval", argc, argv, eval_main); }
