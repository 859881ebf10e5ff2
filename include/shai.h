/*
 * shai (筛, "sieve") — block-level cleaning of scraped Chinese web pages.
 *
 * This is the only public header of libshai.  The library never prints and
 * never exits: every function reports failure through a negative shai_err
 * code (see shai_strerror()) and, where a caller passes one, a shai_status
 * that carries a human-readable message with the file, record and line
 * number of the problem.  Constructors return NULL on failure; every
 * _free() accepts NULL.
 *
 * The data flow is:
 *   reader -> document -> blocks (one line = one block) -> normalize ->
 *   features -> score (w.x + b) -> decide (keep/drop + reason)
 * and for training:
 *   labeled pages (.lbl) -> feature vectors -> libsvm -> exported weights.
 */
#ifndef SHAI_H
#define SHAI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SHAI_VERSION_MAJOR 0
#define SHAI_VERSION_MINOR 1
#define SHAI_VERSION_PATCH 0
#define SHAI_VERSION_STRING "0.1.0"

/* Returns the library version string ("MAJOR.MINOR.PATCH"); static storage. */
const char *shai_version(void);

/* ---------------------------------------------------------------- errors */

typedef enum shai_err {
    SHAI_OK = 0,
    SHAI_ERR_NOMEM = -1,     /* out of memory */
    SHAI_ERR_IO = -2,        /* read/write/open failure (errno in message) */
    SHAI_ERR_FORMAT = -3,    /* malformed input record */
    SHAI_ERR_MODEL = -4,     /* corrupt or unreadable model file */
    SHAI_ERR_VERSION = -5,   /* model file from a newer shai */
    SHAI_ERR_SCHEMA = -6,    /* model feature schema differs from this build */
    SHAI_ERR_LEXICON = -7,   /* lexicon missing, corrupt or hash mismatch */
    SHAI_ERR_INVALID = -8,   /* invalid argument */
    SHAI_ERR_TOOBIG = -9,    /* input exceeds a documented size cap */
    SHAI_ERR_TRAIN = -10,    /* training impossible (e.g. a class has no data) */
    SHAI_ERR_COMPRESS = -11  /* corrupt or truncated compressed stream */
} shai_err;

/* Returns a static, never-NULL description of a shai_err code. */
const char *shai_strerror(int err);

/* Where a caller wants details: code plus a message naming file, record,
 * line and what was wrong.  Functions fill it only on failure. */
typedef struct shai_status {
    int code;
    char msg[512];
} shai_status;

/* ---------------------------------------------------------------- labels */

typedef enum shai_label {
    SHAI_CONTENT = 0,
    SHAI_BOILERPLATE = 1,
    SHAI_PLACE_LIST = 2,
    SHAI_ADULT_SPAM = 3,
    SHAI_GARBLED = 4,
    SHAI_NLABELS = 5
} shai_label;

/* "content", "boilerplate", "place_list", "adult_spam", "garbled";
 * NULL for an out-of-range label. */
const char *shai_label_name(int label);
/* One-letter code used in .lbl files: K B P A G; 0 when out of range. */
char shai_label_code(int label);
/* Label for a name or a one-letter code; -1 when unknown. */
int shai_label_parse(const char *s, size_t len);

/* ---------------------------------------------------------------- features */

/* Number of features in this build's schema, and their names (from the
 * feature table in src/lib/features.def); name is NULL when out of range. */
size_t shai_feature_count(void);
const char *shai_feature_name(size_t id);
/* A hash of the ordered feature names: the model records it. */
uint64_t shai_feature_schema_hash(void);

/* ---------------------------------------------------------------- model */

typedef struct shai_model shai_model;

/* Loads a model file and the lexicons it names (found in the same
 * directory), checking magic, version, feature schema and lexicon hashes.
 * Returns NULL on failure with st filled.  Free with shai_model_free(). */
shai_model *shai_model_load(const char *path, shai_status *st);
void shai_model_free(shai_model *m);
/* Writes the model as text (C locale, %.17g).  Returns SHAI_OK or < 0. */
int shai_model_save(const shai_model *m, const char *path, shai_status *st);
/* The drop threshold stored in the model (default decision point). */
double shai_model_threshold(const shai_model *m);

/* ---------------------------------------------------------------- filter */

/* One block of a scored document.  Offsets are bytes into the text the
 * caller passed; `line` is 1-based.  Characters are Unicode code points. */
typedef struct shai_block {
    size_t off, len;        /* byte span, without the line terminator */
    size_t line;            /* 1-based line number in the document */
    size_t chars;           /* code points in the block */
    size_t char_off;        /* code-point offset of the block in the text */
    int keep;               /* 1 keep, 0 drop */
    int label;              /* shai_label */
    double score;           /* drop score: > threshold means drop */
    double label_score[SHAI_NLABELS]; /* per-reason scores (content = -score) */
} shai_block;

typedef struct shai_filter shai_filter;

/* A filter holds scratch space for one thread; the model is shared
 * read-only and must outlive the filter.  threshold: drop when
 * score > threshold (use shai_model_threshold() for the default).
 * Returns NULL on allocation failure. */
shai_filter *shai_filter_new(const shai_model *m, double threshold);
void shai_filter_free(shai_filter *f);

/* Splits text (len bytes, need not be NUL-terminated, may hold invalid
 * UTF-8, which is read as U+FFFD) into blocks, scores and decides each.
 * On success *blocks points at *nblocks blocks owned by the filter and
 * valid until the next call.  Returns SHAI_OK or < 0. */
int shai_filter_run(shai_filter *f, const char *text, size_t len,
                    const shai_block **blocks, size_t *nblocks);

/* One feature's contribution w_i * x_i to a block's drop score. */
typedef struct shai_contrib {
    size_t feature;
    double value;           /* x_i */
    double contrib;         /* w_i * x_i for the block's decision */
} shai_contrib;

/* Top-k contributions (by |contrib|) to block i's score for its own label
 * (the drop score for kept blocks and for dropped ones the reason score)
 * after the last shai_filter_run().  Returns how many were written
 * (<= k) or < 0. */
int shai_filter_explain(const shai_filter *f, size_t i, shai_contrib *out,
                        size_t k);

/* Feature vector of block i after the last run; shai_feature_count()
 * doubles owned by the filter, or NULL when i is out of range. */
const double *shai_filter_features(const shai_filter *f, size_t i);

/* ---------------------------------------------------------------- corpus */

/* Labeled pages read from .lbl files (format: training/LABELING.md). */
typedef struct shai_corpus shai_corpus;

shai_corpus *shai_corpus_new(void);
void shai_corpus_free(shai_corpus *c);
/* Appends every page of a .lbl file.  Malformed input fails with
 * "file:line: reason".  Returns SHAI_OK or < 0. */
int shai_corpus_add_file(shai_corpus *c, const char *path, shai_status *st);
/* Same, from memory; `name` is used in messages. */
int shai_corpus_add_buffer(shai_corpus *c, const char *name,
                           const char *data, size_t len, shai_status *st);
size_t shai_corpus_pages(const shai_corpus *c);
/* Page i's id; its group (the id up to the first '~', so synthetic
 * variants "<id>~g1" stay with their origin page in cross-validation). */
const char *shai_corpus_page_id(const shai_corpus *c, size_t i);
const char *shai_corpus_page_url(const shai_corpus *c, size_t i);
/* Page i's document text (lines joined by '\n') and its block labels:
 * labels[j] is a shai_label, or -1 for '?' (neither trained nor scored). */
const char *shai_corpus_page_text(const shai_corpus *c, size_t i,
                                  size_t *len);
const int *shai_corpus_page_labels(const shai_corpus *c, size_t i,
                                   size_t *nblocks);

/* ---------------------------------------------------------------- eval */

/* Block and character counts of predictions against gold labels. */
typedef struct shai_eval {
    size_t confusion[SHAI_NLABELS][SHAI_NLABELS]; /* [gold][predicted] */
    size_t gold_chars[SHAI_NLABELS];   /* characters per gold label */
    size_t kept_chars[SHAI_NLABELS];   /* of those, characters kept */
    size_t blocks;                     /* scored blocks */
    size_t unscored;                   /* '?' blocks */
    size_t pages;
} shai_eval;

/* Metrics derived from a shai_eval. */
typedef struct shai_metrics {
    double precision[SHAI_NLABELS], recall[SHAI_NLABELS], f1[SHAI_NLABELS];
    double drop_precision, drop_recall, drop_f1; /* drop = any non-content */
    double content_kept;   /* share of content characters kept */
    double junk_left;      /* share of kept characters that are not content */
    double accuracy;       /* label accuracy over blocks */
} shai_metrics;

/* Scores page i of the corpus with filter f and adds its counts to ev;
 * *errors (if not NULL) gets the page's misclassified block count.
 * Returns SHAI_OK or < 0. */
int shai_eval_page(shai_filter *f, const shai_corpus *c, size_t i, shai_eval *ev,
                   size_t *errors);
/* Adds b's counts to a (merging shards of an evaluation). */
void shai_eval_add(shai_eval *a, const shai_eval *b);
/* Derives precision/recall/F1 and character shares (0 where undefined). */
void shai_eval_metrics(const shai_eval *ev, shai_metrics *out);

/* ---------------------------------------------------------------- train */

typedef struct shai_train_opts {
    const char *lexicon_dir; /* directory holding the lexicon files */
    double c;                /* SVM C; <= 0 means choose by grouped CV */
    double keep_weight;      /* class weight of content blocks; <= 0: CV */
    int cv_folds;            /* folds for choosing C (default 5) */
    unsigned seed;           /* fold assignment seed */
} shai_train_opts;

/* Fills opts with defaults. */
void shai_train_opts_default(shai_train_opts *o);

/* Trains a model on every page of the corpus.  Returns NULL on failure
 * with st filled; free the result with shai_model_free().  Progress and
 * the C / weight grid go to the log callback. */
shai_model *shai_train(const shai_corpus *c, const shai_train_opts *o,
                       shai_status *st);

/* K-fold cross-validation grouped by page (a page and its synthetic
 * variants "<id>~..." always fall in one fold): trains on K-1 folds,
 * scores the held-out fold's real pages (ids without '~'), sums into
 * ev.  With o->c or o->keep_weight <= 0, each fold chooses them by an
 * inner CV as shai_train does.  Returns SHAI_OK or < 0. */
int shai_cross_validate(const shai_corpus *c, const shai_train_opts *o, int folds,
                        shai_eval *ev, shai_status *st);

/* The fold (0..folds-1) of a page id under a seed: what the CV uses. */
int shai_fold_of(const char *page_id, int folds, unsigned seed);

/* ---------------------------------------------------------------- logging */

/* The library's only voice: progress and notes go to this callback
 * (default: none).  level 0 = info, 1 = warning. */
typedef void (*shai_log_fn)(int level, const char *msg, void *ud);
void shai_set_log(shai_log_fn fn, void *ud);

#ifdef __cplusplus
}
#endif
#endif /* SHAI_H */
