/*
 * test_model.c — model files: save/load round trip, version, schema and
 * lexicon checks, corrupt files (src/lib/model.c).
 */
#include "testutil.h"
#include <math.h>
#include "internal.h"

#include <utf8proc.h>

#include <sys/stat.h>

/* A model directory in the scratch dir with copies of the lexicons. */
static const char *model_dir(void)
{
    static char dir[256];
    size_t k;
    if (dir[0]) return dir;
    snprintf(dir, sizeof dir, "%s/model", tu_tmpdir());
    mkdir(dir, 0755);
    for (k = 0; k < shai_lexicon_nfiles; k++) {
        char src[512], dst[512];
        size_t n;
        char *data;
        snprintf(src, sizeof src, "../../models/%s", shai_lexicon_files[k]);
        snprintf(dst, sizeof dst, "%s/%s", dir, shai_lexicon_files[k]);
        data = tu_read(src, &n);
        tu_write(dst, data, n);
        free(data);
    }
    return dir;
}

/* A model with distinct, awkward weights. */
static shai_model *make_model(void)
{
    shai_status st;
    shai_model *m = shai_model_new_untrained(model_dir(), &st);
    size_t k, i;
    assert_non_null(m);
    for (k = 0; k < SHAI_NMODELS; k++) {
        m->b[k] = -0.1 * (double)k + 1e-300;
        for (i = 0; i < SHAI_NW; i++) m->w[k][i] = (double)(i + 1) / 3.0 - (double)k * 1e17 + 0.1;
    }
    m->threshold = 0.25;
    m->smooth_lambda = 2.5;
    m->smooth_scale = 1.0 / 3.0;
    return m;
}

static const char *save(shai_model *m, const char *name)
{
    static char path[512];
    shai_status st;
    snprintf(path, sizeof path, "%s/%s", model_dir(), name);
    assert_int_equal(shai_model_save(m, path, &st), SHAI_OK);
    return path;
}

static void test_round_trip_exact(void **state)
{
    shai_model *m = make_model(), *r;
    shai_status st;
    const char *p;
    size_t k, i;
    (void)state;
    p = save(m, "rt.model");
    r = shai_model_load(p, &st);
    assert_non_null(r);
    for (k = 0; k < SHAI_NMODELS; k++) {
        assert_memory_equal(&r->b[k], &m->b[k], sizeof(double));       /* bit for bit */
        for (i = 0; i < SHAI_NW; i++) assert_memory_equal(&r->w[k][i], &m->w[k][i], sizeof(double));
    }
    assert_true(shai_model_threshold(r) == 0.25);
    assert_memory_equal(&r->smooth_lambda, &m->smooth_lambda, sizeof(double));
    assert_memory_equal(&r->smooth_scale, &m->smooth_scale, sizeof(double));
    /* a filter needs a finite threshold */
    assert_null(shai_filter_new(r, NAN));
    assert_null(shai_filter_new(r, INFINITY));
    assert_null(shai_filter_new(r, -INFINITY));
    assert_null(shai_filter_new(NULL, 0.0));
    shai_model_free(r);
    shai_model_free(m);
    shai_model_free(NULL);
}

/* A number that is not finite is never written: the loader would refuse
 * the file.  Nothing is left behind, not even the temporary file. */
static void test_save_refuses_nonfinite(void **state)
{
    shai_model *m = make_model();
    shai_status st;
    char path[512], tmp[600];
    struct stat sb;
    (void)state;
    snprintf(path, sizeof path, "%s/nonfinite.model", model_dir());
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    m->smooth_lambda = INFINITY;
    assert_int_equal(shai_model_save(m, path, &st), SHAI_ERR_INVALID);
    assert_non_null(strstr(st.msg, "not a finite number"));
    m->smooth_lambda = 2.5;
    m->threshold = NAN;
    assert_int_equal(shai_model_save(m, path, &st), SHAI_ERR_INVALID);
    m->threshold = 0.25;
    m->w[SHAI_M_DROP][7] = -INFINITY;
    assert_int_equal(shai_model_save(m, path, &st), SHAI_ERR_INVALID);
    assert_non_null(strstr(st.msg, "model drop holds a number that is not finite"));
    m->w[SHAI_M_DROP][7] = 0;
    m->b[SHAI_NMODELS - 1] = NAN;
    assert_int_equal(shai_model_save(m, path, &st), SHAI_ERR_INVALID);
    assert_int_equal(stat(path, &sb), -1);
    assert_int_equal(stat(tmp, &sb), -1);
    m->b[SHAI_NMODELS - 1] = 0;
    assert_int_equal(shai_model_save(m, path, &st), SHAI_OK);   /* finite again: saved */
    shai_model_free(m);
}

/* Replaces the first occurrence of `from` in the saved file by `to`. */
static const char *mutate(const char *src, const char *name, const char *from, const char *to)
{
    size_t n;
    char *d = tu_read(src, &n), *hit = strstr(d, from);
    static char out[512];
    FILE *f;
    assert_non_null(hit);
    snprintf(out, sizeof out, "%s/%s", model_dir(), name);
    f = fopen(out, "wb");
    assert_non_null(f);
    fwrite(d, 1, (size_t)(hit - d), f);
    fputs(to, f);
    fputs(hit + strlen(from), f);
    fclose(f);
    free(d);
    return out;
}

static void expect_fail(const char *path, int code, const char *needle)
{
    shai_status st;
    memset(&st, 0, sizeof st);
    assert_null(shai_model_load(path, &st));
    assert_int_equal(st.code, code);
    if (!strstr(st.msg, needle)) fail_msg("message '%s' lacks '%s'", st.msg, needle);
}

static void test_refusals(void **state)
{
    shai_model *m = make_model();
    char good[512];
    (void)state;
    snprintf(good, sizeof good, "%s", save(m, "good.model"));
    shai_model_free(m);
    expect_fail(mutate(good, "v4.model", "shai-model 3", "shai-model 4"), SHAI_ERR_VERSION, "newer");
    expect_fail(mutate(good, "magic.model", "shai-model 3", "not-a-model 3"), SHAI_ERR_MODEL, ":1: not a shai model");
    expect_fail(mutate(good, "smooth.model", "\nsmoothing 2.5 ", "\nsmoothing -2.5 "), SHAI_ERR_MODEL,
                "bad smoothing line");
    expect_fail(mutate(good, "smooth2.model", "\nsmoothing 2.5 ", "\nsmoothing 2.5x "), SHAI_ERR_MODEL,
                "bad smoothing line");
    /* a version-2 file has no normalization line (nor may it), a
     * version-1 file no smoothing line either */
    expect_fail(mutate(good, "v2n.model", "shai-model 3", "shai-model 2"), SHAI_ERR_MODEL,
                "unexpected line 'normalization");
    {
        char v1s[512];
        snprintf(v1s, sizeof v1s, "%s", mutate(good, "v1n.model", "\nnormalization ", "\n# normalization "));
        expect_fail(mutate(v1s, "v1s.model", "shai-model 3", "shai-model 1"), SHAI_ERR_MODEL,
                    "unexpected line 'smoothing");
    }
    expect_fail(mutate(good, "norm.model", " utf8proc ", " utf8proc"), SHAI_ERR_MODEL, "bad normalization line");
    expect_fail(mutate(good, "norm2.model", "\nnormalization ", "\nnormalization x"), SHAI_ERR_MODEL,
                "bad normalization line");
    {
        /* a version below 1 is no version, even in a file that would
         * load as version 1 (no smoothing line) */
        char v1[512];
        snprintf(v1, sizeof v1, "%s", mutate(good, "v1.model", "\nsmoothing 2.5 0.33333333333333331\n", "\n"));
        snprintf(v1, sizeof v1, "%s", mutate(v1, "v1c.model", "\nnormalization ", "\n# normalization "));
        snprintf(v1, sizeof v1, "%s", mutate(v1, "v1b.model", "shai-model 3", "shai-model 1"));
        {
            shai_status st;
            shai_model *ok = shai_model_load(v1, &st);
            if (!ok) fail_msg("%s", st.msg);         /* the same file as version 1 loads */
            shai_model_free(ok);
        }
        expect_fail(mutate(v1, "v0.model", "shai-model 1", "shai-model 0"), SHAI_ERR_MODEL,
                    ":1: bad model format version 0");
    }
    expect_fail(mutate(good, "schema.model", "\nfeatures ", "\nfeatures 9"), SHAI_ERR_SCHEMA, "retrain");
    {
        /* the same names under another revision of their computation:
         * the hash every model recorded before SHAI_FEATURE_REVISION
         * (names only) is refused, with what to do */
        char from[64], to[64];
        uint64_t names = SHAI_FNV_INIT;
        size_t i;
        for (i = 0; i < shai_feature_count(); i++)
            names = shai_fnv1a64(shai_feature_name(i), strlen(shai_feature_name(i)) + 1, names);
        snprintf(from, sizeof from, "\nfeatures %d %016llx\n", (int)SHAI_NFEAT,
                 (unsigned long long)shai_feature_schema_hash());
        snprintf(to, sizeof to, "\nfeatures %d %016llx\n", (int)SHAI_NFEAT, (unsigned long long)names);
        assert_true(names != shai_feature_schema_hash());
        expect_fail(mutate(good, "rev.model", from, to), SHAI_ERR_SCHEMA,
                    "model was trained on features this build names or computes differently");
    }
    expect_fail(mutate(good, "lex.model", "lexicon places.tsv ", "lexicon places.tsv 1"), SHAI_ERR_LEXICON,
                "places.tsv: hash");
    expect_fail(mutate(good, "weight.model", "\nlen_log ", "\nlen_log x"), SHAI_ERR_MODEL, "bad weight");
    expect_fail(mutate(good, "trunc.model", "\nend\n", "\n"), SHAI_ERR_MODEL, "truncated");
    expect_fail(mutate(good, "order.model", "\nlen_log ", "\nlen_1_4 "), SHAI_ERR_MODEL,
                "expected weight of feature 'len_log'");
    /* scale 0 with smoothing on would divide by zero (decide.c); the
     * writer never writes it */
    expect_fail(mutate(good, "smooth3.model", "\nsmoothing 2.5 0.33333333333333331\n", "\nsmoothing 2.5 0\n"), SHAI_ERR_MODEL,
                "bad smoothing line");
    expect_fail(mutate(good, "nothr.model", "\nthreshold 0.25\n", "\n"), SHAI_ERR_MODEL, "no 'threshold' line");
    expect_fail(mutate(good, "thr2.model", "\nthreshold 0.25\n", "\nthreshold 0.25x\n"), SHAI_ERR_MODEL,
                "bad threshold");
    expect_fail(mutate(good, "after.model", "\nend\n", "\nend\nmodel drop 1\n"), SHAI_ERR_MODEL,
                "text after the 'end' line");
    {
        /* a line too long to read, or NUL bytes, after 'end' */
        char big[3000], path[512];
        memset(big, 'x', sizeof big - 1);
        big[sizeof big - 1] = '\0';
        memcpy(big, "\nend\n", 5);
        expect_fail(mutate(good, "after2.model", "\nend\n", big), SHAI_ERR_MODEL, "text after the 'end' line");
        snprintf(path, sizeof path, "%s", mutate(good, "after3.model", "\nend\n", "\nend\n\n \n"));
        {
            shai_status st;
            shai_model *ok = shai_model_load(path, &st);      /* white space after it is fine */
            assert_non_null(ok);
            shai_model_free(ok);
        }
        {
            size_t n;
            char *d = tu_read(good, &n);
            FILE *f;
            snprintf(path, sizeof path, "%s/after4.model", model_dir());
            f = fopen(path, "wb");
            assert_non_null(f);
            fwrite(d, 1, n, f);
            fwrite("\0\0junk", 1, 6, f);
            fclose(f);
            free(d);
            expect_fail(path, SHAI_ERR_MODEL, "text after the 'end' line");
        }
        {
            /* a NUL inside a line would hide the rest of it */
            size_t n, at;
            char *d = tu_read(good, &n), *t = strstr(d, "\nthreshold 0.25\n");
            FILE *f;
            assert_non_null(t);
            at = (size_t)(t - d) + strlen("\nthreshold 0.25");
            snprintf(path, sizeof path, "%s/nul.model", model_dir());
            f = fopen(path, "wb");
            assert_non_null(f);
            fwrite(d, 1, at, f);
            fwrite("\0 junk", 1, 6, f);
            fwrite(d + at, 1, n - at, f);
            fclose(f);
            free(d);
            expect_fail(path, SHAI_ERR_MODEL, ": NUL byte inside the line");
            /* binary data from the first byte: no magic line, whether a
             * NUL or a first line too long to read comes first */
            snprintf(path, sizeof path, "%s/bin.model", model_dir());
            f = fopen(path, "wb");
            assert_non_null(f);
            fwrite("\x7f\0ELF\n", 1, 6, f);
            fclose(f);
            expect_fail(path, SHAI_ERR_MODEL, ":1: not a shai model file");
            f = fopen(path, "wb");
            assert_non_null(f);
            for (at = 0; at < 3000; at++) fputc('x', f);
            fclose(f);
            expect_fail(path, SHAI_ERR_MODEL, ":1: not a shai model file");
        }
    }
    expect_fail("/nonexistent/x.model", SHAI_ERR_MODEL, "/nonexistent/x.model: cannot open model");
}

static void test_version1_loads_unsmoothed(void **state)
{
    shai_model *m = make_model(), *r;
    shai_status st;
    char good[512], v1[512];
    (void)state;
    snprintf(good, sizeof good, "%s", save(m, "good1.model"));
    snprintf(v1, sizeof v1, "%s", mutate(good, "v1a.model", "shai-model 3", "shai-model 1"));
    snprintf(v1, sizeof v1, "%s", mutate(v1, "v1n.model", "\nnormalization ", "\n# normalization "));
    snprintf(v1, sizeof v1, "%s", mutate(v1, "v1.model", "smoothing 2.5 ", "# smoothing 2.5 "));
    r = shai_model_load(v1, &st);
    assert_non_null(r);
    assert_true(r->smooth_lambda == 0);
    assert_true(r->w[SHAI_M_DROP][3] == m->w[SHAI_M_DROP][3]);
    shai_model_free(r);
    shai_model_free(m);
}

/* The log lines of a load, for the normalization warning. */
static char logged[2048];
static int logged_level = -1;

static void capture(int level, const char *msg, void *ud)
{
    (void)ud;
    logged_level = level;
    snprintf(logged, sizeof logged, "%s", msg);
}

/* Loads path with the log captured; returns the warning or "" */
static const char *load_warning(const char *path)
{
    shai_status st;
    shai_model *r;
    logged[0] = '\0';
    logged_level = -1;
    shai_set_log(capture, NULL);
    r = shai_model_load(path, &st);
    shai_set_log(NULL, NULL);
    if (!r) fail_msg("%s", st.msg);
    shai_model_free(r);
    return logged_level == 1 ? logged : "";
}

static void test_normalization_line(void **state)
{
    shai_model *m = make_model();
    char good[512], saved[128], line[128], *d;
    const char *w;
    size_t n;
    (void)state;
    snprintf(good, sizeof good, "%s", save(m, "norm-good.model"));
    shai_model_free(m);
    /* written with this build's fingerprint and utf8proc */
    snprintf(saved, sizeof saved, "\nnormalization %016llx utf8proc %s\n",
             (unsigned long long)shai_normalization_hash(), utf8proc_version());
    d = tu_read(good, &n);
    if (!strstr(d, saved)) fail_msg("no line '%s' in the saved model", saved + 1);
    free(d);
    assert_string_equal(load_warning(good), "");
    /* another utf8proc that maps otherwise: loads, with a warning naming both */
    snprintf(line, sizeof line, "\nnormalization %016llx utf8proc 0.0.1\n",
             (unsigned long long)(shai_normalization_hash() ^ 1));
    w = load_warning(mutate(good, "norm-other.model", saved, line));
    if (!strstr(w, "trained under utf8proc 0.0.1") || !strstr(w, utf8proc_version()) ||
        !strstr(w, "retrain to match"))
        fail_msg("warning '%s'", w);
    /* another utf8proc with the same mapping: nothing to say */
    snprintf(line, sizeof line, "\nnormalization %016llx utf8proc 0.0.1\n",
             (unsigned long long)shai_normalization_hash());
    assert_string_equal(load_warning(mutate(good, "norm-same.model", saved, line)), "");
    /* the same utf8proc: the fingerprint is not computed, so not compared */
    snprintf(line, sizeof line, "\nnormalization %016llx utf8proc %s\n",
             (unsigned long long)(shai_normalization_hash() ^ 1), utf8proc_version());
    assert_string_equal(load_warning(mutate(good, "norm-samever.model", saved, line)), "");
}

static void test_errors_and_labels(void **state)
{
    (void)state;
    assert_string_equal(shai_strerror(SHAI_ERR_VERSION), "model file is from a newer version of shai");
    assert_string_equal(shai_strerror(12345), "unknown error");
    assert_string_equal(shai_label_name(SHAI_PLACE_LIST), "place_list");
    assert_null(shai_label_name(SHAI_NLABELS));
    assert_int_equal(shai_label_code(SHAI_ADULT_SPAM), 'A');
    assert_int_equal(shai_label_parse("garbled", 7), SHAI_GARBLED);
    assert_int_equal(shai_label_parse("K", 1), SHAI_CONTENT);
    assert_int_equal(shai_label_parse("X", 1), -1);
}

int main(void)
{
    int rc;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_exact),
        cmocka_unit_test(test_save_refuses_nonfinite),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_version1_loads_unsmoothed),
        cmocka_unit_test(test_normalization_line),
        cmocka_unit_test(test_errors_and_labels),
    };
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup(NULL);
    return rc;
}
