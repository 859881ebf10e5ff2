/*
 * model.c — model files: load, save, and the untrained model.
 *
 * A model file is text, written under the C locale with %.17g so that
 * weights round-trip exactly (as liblinear and fastText do):
 *
 *   shai-model 1                      magic and format version
 *   shai-version 0.1.0                the shai that wrote it
 *   features 95 0123456789abcdef      feature count and schema hash
 *   lexicon places.tsv 0123456789abcdef   one per lexicon file: FNV-1a 64
 *   normalization 0123456789abcdef utf8proc 2.8.0
 *                                     fingerprint of the Unicode mapping
 *                                     (shai_normalization_hash) and the
 *                                     utf8proc that gave it
 *   threshold 0                       default drop threshold
 *   info <one line of free text>      how it was trained
 *   model stage1 <bias>               then one line per feature, in
 *   <feature> <w-short> <w-long>      schema order: weights for short
 *                                     (<= 25 chars) and long blocks
 *   model drop <bias>                 the final keep/drop model
 *   model boilerplate <bias>          ... one block per reason label
 *   end
 *
 * A reader refuses a version newer than its own, a schema that differs
 * from the build's feature table, and lexicon files whose hash differs
 * from the recorded one (the weights were fitted to those lexicons).
 * Lexicons are loaded from the model file's directory.  A normalization
 * fingerprint that differs is a warning (shai_log), not a refusal: a
 * newer utf8proc maps a few more characters, which moves the scores of
 * blocks holding them and no others.  It is computed only when the
 * recorded utf8proc version is not the one this process runs with.
 */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define MODEL_MAX_BYTES ((size_t)16 << 20)

static const char *const feature_names[] = {
#define FEATURE(id, name, family) name,
#include "features.def"
#undef FEATURE
};

static const int feature_families[] = {
#define FEATURE(id, name, family) family,
#include "features.def"
#undef FEATURE
};

size_t shai_feature_count(void) { return SHAI_NFEAT; }

int shai_feature_family(size_t id) { return id < SHAI_NFEAT ? feature_families[id] : -1; }

const char *shai_feature_name(size_t id) { return id < SHAI_NFEAT ? feature_names[id] : NULL; }

uint64_t shai_feature_schema_hash(void)
{
    uint64_t h = SHAI_FNV_INIT;
    size_t i;
    char rev[32];
    int n = snprintf(rev, sizeof rev, "revision %d", SHAI_FEATURE_REVISION);
    for (i = 0; i < SHAI_NFEAT; i++) h = shai_fnv1a64(feature_names[i], strlen(feature_names[i]) + 1, h);
    return shai_fnv1a64(rev, (size_t)n, h);
}

/* Name of model k in files: "stage1", "drop" or a reason label. */
static const char *model_name(int k)
{
    if (k == SHAI_M_STAGE1) return "stage1";
    return k == SHAI_M_DROP ? "drop" : shai_label_name(k - SHAI_M_REASON0 + 1);
}

void shai_model_free(shai_model *m)
{
    if (!m) return;
    shai_lexicon_free(m->lx);
    free(m);
}

double shai_model_threshold(const shai_model *m) { return m ? m->threshold : 0.0; }

shai_model *shai_model_new_untrained(const char *lexdir, shai_status *st)
{
    shai_model *m = calloc(1, sizeof *m);
    if (!m) { shai_fail(st, SHAI_ERR_NOMEM, "out of memory"); return NULL; }
    m->lx = shai_lexicon_load(lexdir, m->files, &m->nfiles, st);
    if (!m->lx) { free(m); return NULL; }
    return m;
}

/* Directory part of path ("." when none). */
static void dir_of(const char *path, char *out, size_t cap)
{
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(out, cap, ".");
    else if (slash == path) snprintf(out, cap, "/");
    else snprintf(out, cap, "%.*s", (int)(slash - path), path);
}

/* The next line of text at *pos as a NUL-terminated copy in line[]. */
static int next_line(const char *t, size_t len, size_t *pos, char *line, size_t cap)
{
    size_t n = 0;
    if (*pos >= len) return 0;
    while (*pos < len && t[*pos] != '\n') {
        if (!t[*pos]) return -2;   /* would end the line early, unseen */
        if (n + 1 < cap) line[n++] = t[*pos];
        else return -1;
        (*pos)++;
    }
    if (*pos < len) (*pos)++;
    if (n && line[n - 1] == '\r') n--;
    line[n] = '\0';
    return 1;
}

static int parse(shai_model *m, const char *path, const char *t, size_t len, shai_status *st)
{
    char line[1024], name[256], lexdir[4096];
    size_t pos = 0, ln = 0, nfeat = 0, k;
    unsigned long long h = 0;
    int ver = 0, got_end = 0, model = -1, r;
    size_t feat = 0;
    shai_lexfile want[SHAI_MAX_LEXFILES];
    size_t nwant = 0;
    int got_threshold = 0;
    int seen[SHAI_NMODELS] = {0};

#define BAD(...) return shai_fail(st, SHAI_ERR_MODEL, __VA_ARGS__)
    while ((r = next_line(t, len, &pos, line, sizeof line)) > 0) {
        char *e, *e2;
        double v;
        ln++;
        if (ln == 1) {
            long lv;
            if (strncmp(line, SHAI_MODEL_MAGIC " ", 11) || line[11] < '0' || line[11] > '9')
                BAD("%s:1: not a shai model file (no 'shai-model' magic line)", path);
            errno = 0;
            lv = strtol(line + 11, &e, 10);
            if (*e && *e != ' ') BAD("%s:1: bad model format version '%.20s'", path, line + 11);
            ver = errno || lv > INT_MAX ? INT_MAX : (int)lv;
            if (ver > SHAI_MODEL_VERSION)
                return shai_fail(st, SHAI_ERR_VERSION,
                                 "%s:1: model format version %d is newer than this shai supports (%d); upgrade shai",
                                 path, ver, SHAI_MODEL_VERSION);
            if (ver < 1) BAD("%s:1: bad model format version %d", path, ver);
            continue;
        }
        if (line[0] == '\0' || line[0] == '#') continue;
        if (model >= 0 && feat < SHAI_NFEAT) {
            if (sscanf(line, "%255s", name) != 1 || strcmp(name, feature_names[feat]))
                BAD("%s:%zu: expected weight of feature '%s'", path, ln, feature_names[feat]);
            /* overflow gives an infinity; an underflow (ERANGE with a
             * tiny or zero value) is a valid weight, so errno is not read */
            v = strtod(line + strlen(name), &e);
            if (e == line + strlen(name) || !isfinite(v)) BAD("%s:%zu: bad weight", path, ln);
            m->w[model][feat] = v;
            v = strtod(e, &e2);
            if (e2 == e || (*e2 && *e2 != ' ') || !isfinite(v)) BAD("%s:%zu: bad weight", path, ln);
            m->w[model][SHAI_NFEAT + feat++] = v;
            continue;
        }
        if (!strncmp(line, "shai-version ", 13)) continue;
        if (!strncmp(line, "features ", 9)) {
            if (sscanf(line + 9, "%zu %llx", &nfeat, &h) != 2) BAD("%s:%zu: bad features line", path, ln);
            if (nfeat != SHAI_NFEAT)
                return shai_fail(st, SHAI_ERR_SCHEMA,
                                 "%s:%zu: model has %zu features (schema %016llx), this build has %d (schema %016llx); retrain the model",
                                 path, ln, nfeat, h, (int)SHAI_NFEAT,
                                 (unsigned long long)shai_feature_schema_hash());
            if (h != shai_feature_schema_hash())
                return shai_fail(st, SHAI_ERR_SCHEMA,
                                 "%s:%zu: model was trained on features this build names or computes differently "
                                 "(schema %016llx, this build's %016llx); retrain the model",
                                 path, ln, h, (unsigned long long)shai_feature_schema_hash());
        } else if (!strncmp(line, "lexicon ", 8)) {
            if (nwant == SHAI_MAX_LEXFILES) BAD("%s:%zu: too many lexicon lines", path, ln);
            if (sscanf(line + 8, "%63s %llx", want[nwant].name, &h) != 2)
                BAD("%s:%zu: bad lexicon line", path, ln);
            want[nwant++].hash = h;
        } else if (!strncmp(line, "threshold ", 10)) {
            m->threshold = strtod(line + 10, &e);
            if (e == line + 10 || *e || !isfinite(m->threshold)) BAD("%s:%zu: bad threshold", path, ln);
            got_threshold = 1;
        } else if (!strncmp(line, "smoothing ", 10) && ver >= 2) {
            m->smooth_lambda = strtod(line + 10, &e);
            m->smooth_scale = strtod(e, &e2);
            if (e == line + 10 || e2 == e || *e2 || !isfinite(m->smooth_lambda) || !isfinite(m->smooth_scale) ||
                m->smooth_lambda < 0 || m->smooth_scale < 0 || (m->smooth_lambda > 0 && m->smooth_scale <= 0))
                BAD("%s:%zu: bad smoothing line (want: smoothing LAMBDA SCALE, LAMBDA >= 0, SCALE > 0 "
                    "unless LAMBDA is 0)", path, ln);
        } else if (!strncmp(line, "normalization ", 14) && ver >= 3) {
            const char *ver_s;
            int used = 0;
            /* HASH, then " utf8proc " and a version of no space that fits */
            if (sscanf(line + 14, "%llx%n", &h, &used) != 1 || strncmp(line + 14 + used, " utf8proc ", 10) ||
                !*(ver_s = line + 14 + used + 10) || strlen(ver_s) >= sizeof m->norm_utf8proc ||
                strchr(ver_s, ' '))
                BAD("%s:%zu: bad normalization line (want: normalization HASH utf8proc VERSION)", path, ln);
            m->has_norm = 1;
            m->norm_hash = h;
            memcpy(m->norm_utf8proc, ver_s, strlen(ver_s) + 1);
        } else if (!strncmp(line, "info ", 5)) {
            snprintf(m->train_info, sizeof m->train_info, "%.500s", line + 5);
        } else if (!strncmp(line, "model ", 6)) {
            if (model >= 0 && feat < SHAI_NFEAT) BAD("%s:%zu: model '%s' is missing weights", path, ln, model_name(model));
            if (sscanf(line + 6, "%255s", name) != 1) BAD("%s:%zu: bad model line", path, ln);
            for (model = -1, k = 0; k < SHAI_NMODELS; k++)
                if (!strcmp(name, model_name((int)k))) model = (int)k;
            if (model < 0) BAD("%s:%zu: unknown model '%s'", path, ln, name);
            if (seen[model]++) BAD("%s:%zu: model '%s' given twice", path, ln, name);
            m->b[model] = strtod(line + 6 + strlen(name), &e);
            if (e == line + 6 + strlen(name) || !isfinite(m->b[model])) BAD("%s:%zu: bad bias", path, ln);
            feat = 0;
        } else if (!strcmp(line, "end")) {
            got_end = 1;
            break;
        } else {
            BAD("%s:%zu: unexpected line '%.40s'", path, ln, line);
        }
    }
    /* a first line that cannot be read (binary data) is no magic line */
    if (r < 0 && ln == 0) BAD("%s:1: not a shai model file (no 'shai-model' magic line)", path);
    if (r == -2) BAD("%s:%zu: NUL byte inside the line", path, ln + 1);
    if (r < 0) BAD("%s:%zu: line too long", path, ln + 1);
    if (ln == 0) BAD("%s: empty file, not a shai model", path);
    if (!got_end) BAD("%s: truncated (no 'end' line)", path);
    /* nothing but white space after it: anything else (text, NUL bytes)
     * is a damaged or concatenated file */
    for (; pos < len; pos++) {
        if (t[pos] == '\n') ln++;
        else if (t[pos] != ' ' && t[pos] != '\t' && t[pos] != '\r')
            BAD("%s:%zu: text after the 'end' line", path, ln + 1);
    }
    if (!got_threshold) BAD("%s: no 'threshold' line", path);
    if (!nfeat) BAD("%s: no 'features' line", path);
    for (k = 0; k < SHAI_NMODELS; k++)
        if (!seen[k]) BAD("%s: model '%s' is missing", path, model_name((int)k));
    if (model >= 0 && feat < SHAI_NFEAT) BAD("%s: model '%s' is missing weights", path, model_name(model));

    /* lexicons: load from the model's directory and compare hashes */
    dir_of(path, lexdir, sizeof lexdir);
    m->lx = shai_lexicon_load(lexdir, m->files, &m->nfiles, st);
    if (!m->lx) return st ? st->code : SHAI_ERR_LEXICON;
    if (nwant != m->nfiles)
        return shai_fail(st, SHAI_ERR_LEXICON, "%s: model names %zu lexicon files, this build uses %zu",
                         path, nwant, m->nfiles);
    for (k = 0; k < nwant; k++) {
        if (strcmp(want[k].name, m->files[k].name))
            return shai_fail(st, SHAI_ERR_LEXICON, "%s: lexicon %zu is '%s', expected '%s'", path, k,
                             want[k].name, m->files[k].name);
        if (want[k].hash != m->files[k].hash)
            return shai_fail(st, SHAI_ERR_LEXICON,
                             "%s/%s: hash %016llx differs from %016llx recorded in %s; restore the lexicon or retrain",
                             lexdir, m->files[k].name, (unsigned long long)m->files[k].hash,
                             (unsigned long long)want[k].hash, path);
    }
    if (m->has_norm && strcmp(m->norm_utf8proc, utf8proc_version()) &&
        m->norm_hash != shai_normalization_hash())
        shai_log(1,
                 "%s: trained under utf8proc %s, which maps or classifies some characters otherwise than "
                 "utf8proc %s here (normalization %016llx there, %016llx here): blocks holding them may "
                 "score differently; retrain to match",
                 path, m->norm_utf8proc, utf8proc_version(), (unsigned long long)m->norm_hash,
                 (unsigned long long)shai_normalization_hash());
    return SHAI_OK;
#undef BAD
}

shai_model *shai_model_load(const char *path, shai_status *st)
{
    shai_buf b;
    shai_model *m;
    locale_t cl, old;
    int rc, opened;

    if (!path) { shai_fail(st, SHAI_ERR_INVALID, "no model path"); return NULL; }
    shai_buf_init(&b, MODEL_MAX_BYTES);
    rc = shai_buf_read_file(&b, path, &opened);
    if (rc) {
        if (rc == SHAI_ERR_IO)
            shai_fail(st, SHAI_ERR_MODEL, "%s: cannot %s model: %s", path, opened ? "read" : "open", strerror(errno));
        else if (rc == SHAI_ERR_TOOBIG)
            shai_fail(st, SHAI_ERR_MODEL, "%s: larger than %zu bytes", path, MODEL_MAX_BYTES);
        else
            shai_fail(st, rc, "%s: %s", path, shai_strerror(rc));
        shai_buf_free(&b);
        return NULL;
    }
    m = calloc(1, sizeof *m);
    if (!m) { shai_buf_free(&b); shai_fail(st, SHAI_ERR_NOMEM, "out of memory"); return NULL; }
    shai_normalize_init();
    cl = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    old = cl ? uselocale(cl) : (locale_t)0;
    rc = parse(m, path, b.p ? b.p : "", b.len, st);
    if (cl) { uselocale(old); freelocale(cl); }
    shai_buf_free(&b);
    if (rc) { shai_model_free(m); return NULL; }
    return m;
}

int shai_model_save(const shai_model *m, const char *path, shai_status *st)
{
    char tmpname[4200];
    FILE *f;
    size_t k, i;
    locale_t cl, old;
    int bad;

    if (!m || !path) return shai_fail(st, SHAI_ERR_INVALID, "no model or path");
    /* the loader refuses what is not a finite number: never write one */
    if (!isfinite(m->threshold) || !isfinite(m->smooth_lambda) || !isfinite(m->smooth_scale))
        return shai_fail(st, SHAI_ERR_INVALID, "%s: not saved: the threshold or the smoothing is not a finite number",
                         path);
    for (k = 0; k < SHAI_NMODELS; k++) {
        bad = !isfinite(m->b[k]);
        for (i = 0; i < SHAI_NW && !bad; i++) bad = !isfinite(m->w[k][i]);
        if (bad)
            return shai_fail(st, SHAI_ERR_INVALID, "%s: not saved: model %s holds a number that is not finite",
                             path, model_name((int)k));
    }
    if ((size_t)snprintf(tmpname, sizeof tmpname, "%s.tmp", path) >= sizeof tmpname)
        return shai_fail(st, SHAI_ERR_INVALID, "%s: path too long", path);
    f = fopen(tmpname, "wb");
    if (!f) return shai_fail(st, SHAI_ERR_IO, "%s: %s", tmpname, strerror(errno));
    cl = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    old = cl ? uselocale(cl) : (locale_t)0;
    fprintf(f, "%s %d\nshai-version %s\n", SHAI_MODEL_MAGIC, SHAI_MODEL_VERSION, SHAI_VERSION_STRING);
    fprintf(f, "features %d %016llx\n", (int)SHAI_NFEAT, (unsigned long long)shai_feature_schema_hash());
    for (k = 0; k < m->nfiles; k++)
        fprintf(f, "lexicon %s %016llx\n", m->files[k].name, (unsigned long long)m->files[k].hash);
    fprintf(f, "normalization %016llx utf8proc %s\n", (unsigned long long)shai_normalization_hash(),
            utf8proc_version());
    fprintf(f, "threshold %.17g\n", m->threshold);
    fprintf(f, "smoothing %.17g %.17g\n", m->smooth_lambda, m->smooth_scale);
    if (m->train_info[0]) fprintf(f, "info %s\n", m->train_info);
    for (k = 0; k < SHAI_NMODELS; k++) {
        fprintf(f, "model %s %.17g\n", model_name((int)k), m->b[k]);
        for (i = 0; i < SHAI_NFEAT; i++)
            fprintf(f, "%s %.17g %.17g\n", feature_names[i], m->w[k][i], m->w[k][SHAI_NFEAT + i]);
    }
    fprintf(f, "end\n");
    if (cl) { uselocale(old); freelocale(cl); }
    bad = ferror(f);
    if (fclose(f) || bad) {
        remove(tmpname);
        return shai_fail(st, SHAI_ERR_IO, "%s: write error", tmpname);
    }
    if (rename(tmpname, path)) {
        int e = errno;
        remove(tmpname);
        return shai_fail(st, SHAI_ERR_IO, "%s: %s", path, strerror(e));
    }
    return SHAI_OK;
}
