/*
 * featurizer.h — what the two feature passes share: the featurizer's
 * scratch space and the per-block facts the local pass (features.c)
 * leaves for the context pass (context.c), and the pattern scanners
 * (patterns.c).  Private to those files.
 */
#ifndef SHAI_FEATURIZER_H
#define SHAI_FEATURIZER_H

#include "internal.h"

#define MAX_SEGS 1024       /* segments examined per block */
#define MAX_DISTINCT 64     /* distinct place names tracked per block */
#define SEGSET (2 * MAX_SEGS) /* slots of the table of segment hashes */

/* Per-block facts the context pass needs beyond the feature row. */
typedef struct blockinfo {
    size_t src_chars;       /* code points before normalization */
    size_t chars;           /* normalized code points */
    uint64_t hash;          /* of the normalized text, for repetition */
    double place_ev, spam_ev, weak_ev, cue_ev, garble_ev;
    size_t prose_dist;      /* blocks to the nearest prose block */
    size_t run;             /* length of the gapless prose run it is in */
    int prose, is_short, pipe;
} blockinfo;

typedef struct seg { uint32_t start, end; } seg;

struct shai_featurizer {
    const shai_lexicon *lx;
    double *x;              /* nspans x SHAI_NFEAT */
    size_t xcap;
    blockinfo *info;
    size_t infocap;
    uint32_t *cps;
    size_t cpscap;
    shai_match *m;
    size_t mcap;
    uint16_t *cover;
    size_t covercap;
    seg *segs;
    size_t segscap;
    uint64_t *tmp64;
    size_t tmp64cap;
    struct hashcount *reps;  /* block hashes of the page and their counts */
    size_t repscap;
    uint16_t seen[4096];     /* character diversity (local_features) */
    uint64_t segset[SEGSET]; /* repeated segments (local_features) */
    uint16_t stamp;
};

/* An entry of the page's hash count table (context.c); n == 0: empty. */
struct hashcount {
    uint64_t hash;
    size_t n;
};

/* Entries the hash count table of a page of nb blocks needs: a power of
 * two, at least twice nb. */
static inline size_t reps_size(size_t nb)
{
    size_t cap = 16;
    while (cap < 2 * nb) cap *= 2;
    return cap;
}

static inline double clamp01(double v) { return v < 0 ? 0 : v > 1 ? 1 : v; }
static inline double ratio(size_t a, size_t b) { return b ? (double)a / (double)b : 0.0; }
/* log1p(v), from a table for small whole numbers (the same values). */
double shai_log1p_fast(double v);
/* log1p(count) / log1p(at_one), clamped to [0, 1]; count >= 0, at_one
 * > 0.  A zero count gives +0.0, as the full computation would. */
static inline double logcap(double count, double at_one)
{
    if (count == 0) return 0.0;
    return clamp01(shai_log1p_fast(count) / shai_log1p_fast(at_one));
}
/* Sorts a[0..n) ascending. */
void shai_sort_u64(uint64_t *a, size_t n);
/* The context pass over the nb blocks of fz's last document: fills the
 * FAM_CONTEXT features from the local rows and fz->info. */
void shai_context_features(shai_featurizer *fz, size_t nb);

/* patterns.c.  Dates (2020-02-26, 2020年2月26日, 2月26日) and times
 * (16:57[:08]) in the code points c[0..n): returns the code points they
 * cover and sets *date / *time when any is found. */
size_t shai_find_dates(const uint32_t *c, size_t n, int *date, int *time);
/* Pinyin glosses like 區(qū) (CJK, '(', Latin letters with at least one
 * tone mark, ')') in c[0..n): returns how many; *latinx gets the accented
 * letters inside them, which are readable, not mojibake. */
size_t shai_count_pinyin(const uint32_t *c, size_t n, size_t *latinx);

#endif
