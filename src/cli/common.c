/*
 * common.c — helpers shared by the subcommands: errors, exit codes,
 * finding the shipped model, logging.
 */
#define _DEFAULT_SOURCE
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SHAI_DATADIR
#define SHAI_DATADIR "/usr/local/share/shai"
#endif

void cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "shai %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_exit_code(int err)
{
    switch (err) {
    case SHAI_OK: return EXIT_OK;
    case SHAI_ERR_MODEL: case SHAI_ERR_VERSION: case SHAI_ERR_SCHEMA: case SHAI_ERR_LEXICON:
        return EXIT_MODEL;
    case SHAI_ERR_IO: case SHAI_ERR_FORMAT: case SHAI_ERR_TOOBIG: case SHAI_ERR_COMPRESS:
    case SHAI_ERR_TRAIN:             /* the labeled pages cannot train a model */
        return EXIT_INPUT;
    case SHAI_ERR_INVALID: return EXIT_USAGE;
    default: return EXIT_INTERNAL;
    }
}

static char found_dir[PATH_MAX];

/* Finds the directory holding default.model. */
static const char *default_dir(void)
{
    char exe[PATH_MAX], cand[PATH_MAX + 64];
    ssize_t n;
    const char *rel[] = {"/../models", "/../share/shai", "/models"};
    size_t i;
    if (found_dir[0]) return found_dir;
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        char *slash;
        exe[n] = '\0';
        slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
        for (i = 0; i < sizeof rel / sizeof *rel; i++) {
            snprintf(cand, sizeof cand, "%s%s/default.model", exe, rel[i]);
            if (access(cand, R_OK) == 0) {
                snprintf(found_dir, sizeof found_dir, "%s%s", exe, rel[i]);
                return found_dir;
            }
        }
    }
    snprintf(found_dir, sizeof found_dir, "%s", SHAI_DATADIR);
    return found_dir;
}

const char *cli_default_lexicon_dir(void) { return default_dir(); }

shai_model *cli_load_model(const char *cmd, const char *path)
{
    char buf[PATH_MAX + 32];
    shai_status st;
    shai_model *m;
    if (!path) path = getenv("SHAI_MODEL");
    if (!path || !*path) {
        snprintf(buf, sizeof buf, "%s/default.model", default_dir());
        path = buf;
    }
    memset(&st, 0, sizeof st);
    m = shai_model_load(path, &st);
    if (!m) cli_error(cmd, "%s", st.msg);
    return m;
}

static const char *log_cmd = "";

static void log_stderr(int level, const char *msg, void *ud)
{
    (void)ud;
    fprintf(stderr, "shai %s: %s%s\n", log_cmd, level ? "warning: " : "", msg);
}

void cli_log_to_stderr(const char *cmd)
{
    log_cmd = cmd;
    shai_set_log(log_stderr, NULL);
}

int cli_parse_double(const char *cmd, const char *opt, const char *s, double *out)
{
    char *e;
    errno = 0;
    *out = strtod(s ? s : "", &e);
    /* nan would pass every later range check (all comparisons false) */
    if (!s || e == s || *e || errno || !isfinite(*out)) {
        cli_error(cmd, "%s expects a finite number, got '%s'", opt, s ? s : "");
        return -1;
    }
    return 0;
}

int cli_parse_positive(const char *cmd, const char *opt, const char *s, int zero_ok, double *out)
{
    if (cli_parse_double(cmd, opt, s, out)) return -1;
    if (zero_ok ? *out >= 0 : *out > 0) return 0;
    cli_error(cmd, "%s must be %s 0, got '%s'", opt, zero_ok ? ">=" : ">", s);
    return -1;
}

int cli_parse_threads(const char *cmd, int argc, char **argv, int *i, long *threads)
{
    const char *a = argv[*i];
    if (!strcmp(a, "-j") && *i + 1 < argc) {
        ++*i;
        return cli_parse_int(cmd, a, argv[*i], 0, 256, threads) ? -1 : 1;
    }
    if (!strncmp(a, "-j", 2) && a[2]) return cli_parse_int(cmd, "-j", a + 2, 0, 256, threads) ? -1 : 1;
    return 0;
}

long cli_threads(long j)
{
    long n;
    if (j != 0) return j;
    n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : n;
}

int cli_parse_int(const char *cmd, const char *opt, const char *s, long lo, long hi, long *out)
{
    char *e;
    errno = 0;
    *out = strtol(s ? s : "", &e, 10);
    if (!s || e == s || *e || errno || *out < lo || *out > hi) {
        cli_error(cmd, "%s expects a whole number from %ld to %ld, got '%s'", opt, lo, hi, s ? s : "");
        return -1;
    }
    return 0;
}

int cli_parent_dir(const char *p, char *dir)
{
    const char *slash = strrchr(p, '/');
    size_t dl = slash ? (size_t)(slash - p) : 0;
    if (!slash) { strcpy(dir, "."); return 0; }
    if (dl >= PATH_MAX - 1) return -1;
    memcpy(dir, p, dl ? dl : 1);
    dir[dl ? dl : 1] = '\0';
    return 0;
}

/* The canonical path of p, which need not exist: the real path of its
 * directory and its last component.  Returns 0, or -1 when the directory
 * does not resolve either. */
static int canon_path(const char *p, char *out, size_t cap)
{
    char dir[PATH_MAX], real[PATH_MAX];
    const char *slash = strrchr(p, '/'), *base = slash ? slash + 1 : p;
    if (realpath(p, real)) return (size_t)snprintf(out, cap, "%s", real) < cap ? 0 : -1;
    if (cli_parent_dir(p, dir) || !realpath(dir, real)) return -1;
    return (size_t)snprintf(out, cap, "%s/%s", strcmp(real, "/") ? real : "", base) < cap ? 0 : -1;
}

/* Whether output path o would overwrite input path in (1: the same
 * file, or standard input when in is "-") or be read as part of it (2:
 * a file of the input directory; the reader does not descend into its
 * subdirectories). */
static int clobbers(const char *o, const char *in)
{
    struct stat so, si;
    char co[PATH_MAX], ci[PATH_MAX], *slash;
    int o_exists = stat(o, &so) == 0;
    if (o_exists && !S_ISREG(so.st_mode)) return 0;         /* /dev/null, a pipe */
    if (!strcmp(in, "-") ? fstat(0, &si) != 0 : stat(in, &si) != 0) return 0;   /* reported when read */
    if (o_exists && S_ISREG(si.st_mode)) return so.st_dev == si.st_dev && so.st_ino == si.st_ino;
    if (!S_ISDIR(si.st_mode) || !strcmp(in, "-")) return 0;
    if (canon_path(o, co, sizeof co) || canon_path(in, ci, sizeof ci)) return 0;
    slash = strrchr(co, '/');
    if (!slash) return 0;
    *slash = '\0';                                            /* the output's directory */
    return !strcmp(co[0] ? co : "/", ci) ? 2 : 0;
}

int cli_check_clobber(const char *cmd, const char *const *outs, size_t nouts,
                      const char *const *ins, size_t nins)
{
    size_t i, j;
    for (i = 0; i < nouts; i++) {
        char ci[PATH_MAX], cj[PATH_MAX];
        struct stat so;
        if (!outs[i]) continue;
        if (!strcmp(outs[i], "-")) {               /* standard output twice mixes them */
            for (j = 0; j < i; j++)
                if (outs[j] && !strcmp(outs[j], "-")) {
                    cli_error(cmd, "two outputs are standard output ('-')");
                    return -1;
                }
            continue;
        }
        if (stat(outs[i], &so) == 0 && !S_ISREG(so.st_mode)) continue;   /* /dev/null, a pipe */
        for (j = 0; j < nins; j++) {
            int k = clobbers(outs[i], ins[j]);
            if (k) {
                cli_error(cmd, k == 1 ? "output '%s' would overwrite input '%s'; write it elsewhere"
                                      : "output '%s' would be read as part of input directory '%s'; write it elsewhere",
                          outs[i], strcmp(ins[j], "-") ? ins[j] : "standard input");
                return -1;
            }
        }
        for (j = 0; j < i; j++)
            if (outs[j] && strcmp(outs[j], "-") && (clobbers(outs[i], outs[j]) ||
                (!canon_path(outs[i], ci, sizeof ci) && !canon_path(outs[j], cj, sizeof cj) &&
                 !strcmp(ci, cj)))) {
                cli_error(cmd, "outputs '%s' and '%s' are the same file", outs[j], outs[i]);
                return -1;
            }
    }
    return 0;
}

int cli_check_writable(const char *cmd, const char *path)
{
    char dir[PATH_MAX];
    struct stat sb;
    if (!strcmp(path, "-")) return 0;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        cli_error(cmd, "cannot write %s: it is a directory", path);
        return -1;
    }
    if (access(path, F_OK) == 0) {
        if (access(path, W_OK) == 0) return 0;
        cli_error(cmd, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    if (cli_parent_dir(path, dir)) { cli_error(cmd, "cannot write %s: path too long", path); return -1; }
    if (access(dir, W_OK) == 0) return 0;
    cli_error(cmd, "cannot write %s: %s", path, strerror(errno));
    return -1;
}

int cli_with_inputs(const char *cmd, int argc, char **argv,
                    int (*body)(int argc, char **argv, const char **ins))
{
    const char **ins = calloc((size_t)argc + 1, sizeof *ins);
    int rc;
    if (!ins) { cli_error(cmd, "out of memory"); return EXIT_INTERNAL; }
    rc = body(argc, argv, ins);
    free(ins);
    return rc;
}

/* s as a JSON string: quotes, backslashes and control characters
 * escaped (page ids are free text). */
void cli_put_json_str(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') printf("\\%c", ch);
        else if (ch < 0x20) printf("\\u%04x", ch);
        else putchar(ch);
    }
    putchar('"');
}

void cli_report_decoded(const char *cmd, const size_t decoded[SHAI_ENC_AUTO])
{
    size_t total = 0;
    int k, first = 1;
    for (k = SHAI_ENC_UTF8 + 1; k < SHAI_ENC_AUTO; k++) total += decoded[k];
    if (!total) return;
    fprintf(stderr, "shai %s: %zu plain-text document%s not in UTF-8, decoded from", cmd, total,
            total == 1 ? "" : "s");
    for (k = SHAI_ENC_UTF8 + 1; k < SHAI_ENC_AUTO; k++) {
        if (!decoded[k]) continue;
        fprintf(stderr, "%s %s (%zu)", first ? "" : ",", shai_encoding_name(k), decoded[k]);
        first = 0;
    }
    fputc('\n', stderr);
}
