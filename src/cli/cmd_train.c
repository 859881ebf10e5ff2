/*
 * cmd_train.c — shai train -o MODEL [options] FILE.lbl...
 */
#define _DEFAULT_SOURCE
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fprintf(f,
            "usage: shai train -o MODEL [options] FILE.lbl...\n"
            "Trains a linear model (libsvm) on labeled pages.\n"
            "  -o, --output MODEL    model file to write (lexicons are copied beside it)\n"
            "  --with-shipped        add the shipped training pages to FILE.lbl...\n"
            "  --lexicons DIR        lexicon directory (default: the shipped one)\n"
            "  -C VALUE              SVM C (default: chosen by grouped cross-validation)\n"
            "  --keep-weight VALUE   class weight of content blocks (default: chosen by CV)\n"
            "  --smoothing VALUE     page smoothing switch cost, 0 = off (default: chosen\n"
            "                        by CV)\n"
            "  --folds K             folds of the choosing cross-validation (default 3)\n"
            "  --seed N              fold assignment seed (default 1)\n");
}

/* 1 when files a and b hold the same bytes (or are one file), 0 when
 * they differ or one cannot be read. */
static int same_bytes(const char *a, const char *b)
{
    FILE *fa, *fb;
    char x[65536], y[65536];
    size_t n, m;
    int same = 1;
    char ra[PATH_MAX], rb[PATH_MAX];
    if (realpath(a, ra) && realpath(b, rb) && !strcmp(ra, rb)) return 1;
    if (!(fa = fopen(a, "rb"))) return 0;
    if (!(fb = fopen(b, "rb"))) { fclose(fa); return 0; }
    do {
        n = fread(x, 1, sizeof x, fa);
        m = fread(y, 1, sizeof y, fb);
        if (n != m || memcmp(x, y, n)) same = 0;
    } while (same && n > 0);
    if (ferror(fa) || ferror(fb)) same = 0;
    fclose(fa);
    fclose(fb);
    return same;
}

/* The name of another model in directory dir, or NULL: a regular file,
 * whatever its name, that starts with the model magic and is not the
 * file out (also through another name); the lexicons beside it are that
 * model's too. */
static const char *other_model(const char *dir, const char *out, char *name, size_t cap)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    struct stat so, sb;
    const char *found = NULL;
    int have_out = stat(out, &so) == 0;
    if (!d) return NULL;
    while (!found && (e = readdir(d)) != NULL) {
        char path[PATH_MAX + 256], head[16];
        FILE *f;
        size_t n;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &sb) || !S_ISREG(sb.st_mode)) continue;
        if (have_out && sb.st_dev == so.st_dev && sb.st_ino == so.st_ino) continue;
        if (!(f = fopen(path, "rb"))) continue;
        n = fread(head, 1, 11, f);
        fclose(f);
        if (n == 11 && !memcmp(head, "shai-model ", 11)) {
            snprintf(name, cap, "%s", e->d_name);
            found = name;
        }
    }
    closedir(d);
    return found;
}

/* Copies src to dst unless dst exists with the same bytes. */
static int copy_file(const char *src, const char *dst)
{
    FILE *a, *b;
    char buf[65536];
    size_t n;
    int bad;
    char rs[PATH_MAX], rd[PATH_MAX];
    if (realpath(src, rs) && realpath(dst, rd) && !strcmp(rs, rd)) return 0;
    a = fopen(src, "rb");
    if (!a) return -1;
    b = fopen(dst, "wb");
    if (!b) { fclose(a); return -1; }
    while ((n = fread(buf, 1, sizeof buf, a)) > 0)
        if (fwrite(buf, 1, n, b) != n) break;
    bad = ferror(a) || ferror(b);
    fclose(a);
    if (fclose(b) || bad) return -1;
    return 0;
}

int shai_cli_add_shipped(shai_corpus *c, const char *cmd);

/* cmd_train with ins: room for the input paths (argc entries). */
static int train_main(int argc, char **argv, const char **ins)
{
    const char *out = NULL;
    shai_train_opts o;
    shai_corpus *c;
    shai_model *m;
    shai_status st;
    int i, nfiles = 0, with_shipped = 0, rc;
    char dir[PATH_MAX];
    int made_dir = 0;       /* the model's directory was created here */
    long v;

    shai_train_opts_default(&o);
    o.lexicon_dir = NULL;
    c = shai_corpus_new();
    if (!c) { cli_error("train", "out of memory"); return EXIT_INTERNAL; }
    memset(&st, 0, sizeof st);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); shai_corpus_free(c); return EXIT_OK; }
        if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) out = argv[++i];
        else if (!strcmp(a, "--with-shipped")) with_shipped = 1;
        else if (!strcmp(a, "--lexicons") && i + 1 < argc) o.lexicon_dir = argv[++i];
        else if (!strcmp(a, "-C") && i + 1 < argc) {
            if (cli_parse_positive("train", a, argv[++i], 0, &o.c)) goto usage_err;
        } else if (!strcmp(a, "--keep-weight") && i + 1 < argc) {
            if (cli_parse_positive("train", a, argv[++i], 0, &o.keep_weight)) goto usage_err;
        } else if (!strcmp(a, "--smoothing") && i + 1 < argc) {
            if (cli_parse_positive("train", a, argv[++i], 1, &o.smoothing)) goto usage_err;
        } else if (!strcmp(a, "--folds") && i + 1 < argc) {
            if (cli_parse_int("train", a, argv[++i], 2, 100, &v)) goto usage_err;
            o.cv_folds = (int)v;
        } else if (!strcmp(a, "--seed") && i + 1 < argc) {
            if (cli_parse_int("train", a, argv[++i], 0, 1000000000, &v)) goto usage_err;
            o.seed = (unsigned)v;
        } else if (a[0] == '-' && a[1]) {
            cli_error("train", "unknown option '%s'", a);
            goto usage_err;
        } else {
            if ((rc = shai_corpus_add_file(c, a, &st))) {
                cli_error("train", "%s", st.msg);
                shai_corpus_free(c);
                return cli_exit_code(rc);
            }
            ins[nfiles++] = a;
        }
    }
    if (!out) { cli_error("train", "missing -o MODEL"); goto usage_err; }
    if (cli_check_clobber("train", &out, 1, ins, (size_t)nfiles)) { shai_corpus_free(c); return EXIT_USAGE; }
    if (with_shipped && shai_cli_add_shipped(c, "train")) { shai_corpus_free(c); return EXIT_INPUT; }
    if (!nfiles && !with_shipped) { cli_error("train", "no labeled files given"); goto usage_err; }
    if (!o.lexicon_dir) o.lexicon_dir = cli_default_lexicon_dir();
    /* fail before training, not after: the model's directory must be
     * writable (it is created when missing) */
    {
        if (cli_parent_dir(out, dir)) {
            cli_error("train", "%s: path too long", out);
            shai_corpus_free(c);
            return EXIT_USAGE;
        }
        if (mkdir(dir, 0755) == 0) made_dir = 1;
        else if (errno != EEXIST) {
            cli_error("train", "cannot create directory %s: %s", dir, strerror(errno));
            shai_corpus_free(c);
            return EXIT_OUTPUT;
        }
        if (access(dir, W_OK)) {
            cli_error("train", "cannot write to %s: %s", dir, strerror(errno));
            shai_corpus_free(c);
            return EXIT_OUTPUT;
        }
    }
    /* the lexicons are copied beside the model: when another model lives
     * there, replacing a lexicon it was trained with would break it */
    {
        size_t k;
        const char *name;
        char other[256];
        for (k = 0; (name = shai_lexicon_file(k)) != NULL; k++) {
            char src[PATH_MAX + 64], dst[PATH_MAX + 64];
            snprintf(src, sizeof src, "%s/%s", o.lexicon_dir, name);
            snprintf(dst, sizeof dst, "%s/%s", dir, name);
            /* a missing source is training's to report */
            if (access(src, R_OK) == 0 && access(dst, F_OK) == 0 && !same_bytes(src, dst) &&
                other_model(dir, out, other, sizeof other)) {
                cli_error("train", "%s differs from %s, and %s/%s was trained with it: write the model "
                          "into a directory of its own", dst, src, dir, other);
                shai_corpus_free(c);
                return EXIT_USAGE;
            }
        }
    }

    cli_log_to_stderr("train");
    m = shai_train(c, &o, &st);
    shai_corpus_free(c);
    if (!m) {
        cli_error("train", "%s", st.msg);
        if (made_dir) rmdir(dir);      /* a failed run leaves nothing behind */
        return cli_exit_code(st.code);
    }
    if ((rc = shai_model_save(m, out, &st))) {
        cli_error("train", "%s", st.msg);
        shai_model_free(m);
        return EXIT_OUTPUT;
    }
    shai_model_free(m);
    /* a model directory is self-contained: lexicons beside the model */
    {
        size_t k;
        const char *name;
        for (k = 0; (name = shai_lexicon_file(k)) != NULL; k++) {
            char src[PATH_MAX + 64], dst[PATH_MAX + 64];
            snprintf(src, sizeof src, "%s/%s", o.lexicon_dir, name);
            snprintf(dst, sizeof dst, "%s/%s", dir, name);
            if (copy_file(src, dst)) {
                cli_error("train", "cannot copy %s to %s: %s", src, dst, strerror(errno));
                return EXIT_OUTPUT;
            }
        }
    }
    fprintf(stderr, "shai train: wrote %s\n", out);
    return EXIT_OK;
usage_err:
    shai_corpus_free(c);
    usage(stderr);
    return EXIT_USAGE;
}

int cmd_train(int argc, char **argv) { return cli_with_inputs("train", argc, argv, train_main); }
