/*
 * cli.h — shared pieces of the shai command-line program.
 * The library never prints; these do.
 */
#ifndef SHAI_CLI_H
#define SHAI_CLI_H

#include "shai.h"

#include <stdio.h>

/* Exit codes (README "Exit codes"). */
enum {
    EXIT_OK = 0,
    EXIT_USAGE = 1,      /* bad command line */
    EXIT_INPUT = 2,      /* unreadable input, malformed .lbl, or rejects under --strict */
    EXIT_MODEL = 3,      /* missing, corrupt, newer or mismatched model */
    EXIT_OUTPUT = 4,     /* cannot write output (disk full, closed pipe) */
    EXIT_INTERNAL = 5    /* out of memory or other internal failure */
};

typedef int (*cmd_fn)(int argc, char **argv);

int cmd_filter(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_report(int argc, char **argv);

/* Prints "shai <cmd>: message" to stderr. */
void cli_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Maps a shai_err to an exit code. */
int cli_exit_code(int err);
/* The model to use: explicit path, else $SHAI_MODEL, else beside the
 * executable (../models or ../share/shai), else the install DATADIR.
 * Returns a loaded model or NULL after printing the reason. */
shai_model *cli_load_model(const char *cmd, const char *path);
/* Directory of the shipped lexicons (same search as the model). */
const char *cli_default_lexicon_dir(void);
/* Sends library log messages to stderr (prefix "shai <cmd>: "). */
void cli_log_to_stderr(const char *cmd);
/* Tells on standard error how many plain-text documents were decoded
 * from each encoding other than UTF-8 (decoded[], indexed by
 * shai_encoding); nothing when none was. */
void cli_report_decoded(const char *cmd, const size_t decoded[SHAI_ENC_AUTO]);
/* Parses a double option value; prints an error and returns -1 if bad. */
int cli_parse_double(const char *cmd, const char *opt, const char *s, double *out);
/* The same for a value that must be > 0 (zero_ok: >= 0); says which. */
int cli_parse_positive(const char *cmd, const char *opt, const char *s, int zero_ok, double *out);
int cli_parse_int(const char *cmd, const char *opt, const char *s, long lo, long hi, long *out);
/* Prints s to stdout as a JSON string (quotes, backslashes and control
 * characters escaped). */
void cli_put_json_str(const char *s);
/* shai eval --bootstrap and --compare (eval_intervals.c): what follows
 * the report. */
#define CLI_BOOT_DEFAULT 1000   /* resamples of --compare without --bootstrap */
typedef struct cli_evextra {
    unsigned reps;                 /* resamples; 0: no intervals */
    size_t sites;
    shai_metrics value, lo, hi;    /* the figures (NAN where undefined) and
                                      their 95% intervals */
    const char *cmp;               /* what is compared with (--compare MODEL,
                                      --compare-without), or NULL */
    shai_metrics that, clo, chi;   /* its figures, the difference's interval */
} cli_evextra;
/* Fills x (reps and cmp set) from the counts ev, per page pev and, with
 * --compare, bev (the same pages by the other model, summed in btotal);
 * returns an exit code, having said what was wrong.  With no block
 * scored it says so and leaves the intervals out (reps 0). */
int cli_eval_intervals(const shai_corpus *c, const shai_eval *ev, const shai_eval *pev, const shai_eval *bev,
                       const shai_eval *btotal, cli_evextra *x);
/* Prints x (nothing without reps): as JSON members, each after a comma,
 * or as text. */
void cli_print_evextra(const cli_evextra *x, int json);
/* The -j N / -jN option at argv[*i] (filter, report): returns 1 when it
 * was one (with *i past its value and *threads set, 0 to 256), 0 when
 * argv[*i] is another option, -1 after printing why the value is bad. */
int cli_parse_threads(const char *cmd, int argc, char **argv, int *i, long *threads);
/* Refuses to run when an output file would clobber an input or another
 * output: outs[0..nouts) are output paths (NULL or "-" for none) and
 * ins[0..nins) input paths ("-" for standard input); an output counts as
 * an input when it is the same file (also through another name or a
 * link) or lies inside an input directory.  Devices and pipes (/dev/null)
 * never count.  Returns 0, or -1 after a message naming both paths. */
int cli_check_clobber(const char *cmd, const char *const *outs, size_t nouts,
                      const char *const *ins, size_t nins);
/* Runs body(argc, argv, ins) with ins room for argc input paths (for
 * cli_check_clobber), freed after; out of memory is EXIT_INTERNAL. */
int cli_with_inputs(const char *cmd, int argc, char **argv,
                    int (*body)(int argc, char **argv, const char **ins));
/* The directory part of path p into dir (PATH_MAX bytes): "." for a bare
 * name, "/" for a name at the root.  Returns 0, or -1 when too long. */
int cli_parent_dir(const char *p, char *dir);
/* Whether output path can be written (created, or overwritten) before
 * a long run: its directory exists and is writable, and the file, when
 * it exists, is writable.  Returns 0, or -1 after a message. */
int cli_check_writable(const char *cmd, const char *path);
/* Threads to run for a -j value: 0 means one per online core (1..256). */
long cli_threads(long j);

/* Progress on standard error for long runs (progress.c): shown only when
 * stderr is a terminal and quiet is 0, at most four times a second, and
 * erased by cli_progress_end().  Usage: start; per item, when
 * cli_progress_due() says so, cli_progress_show(totals); end. */
typedef struct cli_progress {
    int on, shown;
    double start, last;      /* seconds, monotonic clock */
} cli_progress;
void cli_progress_start(cli_progress *p, int quiet);
int cli_progress_due(cli_progress *p);
void cli_progress_show(cli_progress *p, unsigned long long docs, unsigned long long bytes);
void cli_progress_end(cli_progress *p);

#endif
