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
#define TITLE_MAX 200       /* longest first line or given title kept */
#define TITLE_PAIR_SLOTS 512 /* a power of two, > 2 * (TITLE_MAX - 1) */
#define TITLE_BLOOM_BITS 4096 /* a power of two */
#define SV_BLOOM_BITS 65536   /* a power of two: spam_vocab's pairs (spam_vocab.c) */
#define RELATED_HEADING_MAX 16  /* non-space chars of a related-links heading */
#define RELATED_SCALE 50.0       /* blocks below it at which related_below halves */

/* Per-block facts the context pass needs beyond the feature row. */
typedef struct blockinfo {
    size_t src_chars;       /* code points before normalization */
    size_t ncps;            /* normalized code points (left in fz->cps) */
    size_t chars;           /* the length in the text's own characters:
                               not spaces, less what NFKC added */
    uint64_t hash;          /* of the normalized text, for repetition */
    double place_ev, spam_ev, weak_ev, cue_ev, garble_ev;
    size_t prose_dist;      /* blocks to the nearest prose block */
    size_t run;             /* length of the gapless prose run it is in */
    size_t cluster;         /* prose blocks of the loose cluster whose span holds it */
    int prose, is_short, pipe;
    int code;               /* code_line */
    int related;            /* a related-links heading: short, with a related cue */
} blockinfo;

typedef struct seg { uint32_t start, end; } seg;

struct shai_featurizer {
    const shai_lexicon *lx;
    double *x;              /* nspans x SHAI_NFEAT */
    size_t xcap;
    blockinfo *info;
    size_t infocap;
    uint64_t *places;       /* per block: the levels and provinces its
                               place names share (shai_featurize_places) */
    size_t placescap;
    uint32_t *cps;
    size_t cpscap;
    shai_match *m;
    size_t mcap;
    seg *segs;
    size_t segscap;
    uint64_t *tmp64;
    size_t tmp64cap;
    struct hashcount *reps;  /* block hashes of the page and their counts */
    size_t repscap;
    uint16_t seen[4096];     /* character diversity (local_features) */
    uint64_t segset[SEGSET]; /* repeated segments (local_features) */
    uint16_t stamp;
    uint32_t title[TITLE_MAX]; /* the page title's code points, spaces out */
    size_t ntitle;           /* 0: no usable title */
    uint64_t tpairs[TITLE_PAIR_SLOTS]; /* the title's pairs of adjacent ideographs
                                          (open addressing, 0 empty) */
    size_t ntpairs;          /* distinct pairs in tpairs */
    uint64_t tbloom[TITLE_BLOOM_BITS / 64]; /* a bit per hash of a title pair: most
                                          pairs of a block miss on one test */
    int title_given;         /* title[] set by shai_featurizer_title() */
    uint64_t *sv;            /* the pairs of the page's spam blocks (spam_vocab.c;
                                open addressing, 0 empty) */
    size_t svcap;
    uint64_t svbloom[SV_BLOOM_BITS / 64]; /* a bit per hash of a pair in sv */
    uint32_t *svcps;         /* the normalized code points of blocks svfrom.. of
                                the page, one after the other (features.c) */
    size_t svcpscap, svcpsn;
    size_t svfrom;           /* the page's first block with a strong spam
                                phrase; SIZE_MAX: none */
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

/* logcap(count, at_one) for every count below at_one, for the values of
 * at_one the features use (filled with the other tables of features_tables.c,
 * by the same computation): row LOGCAP_<at_one> starts there. */
enum {
    LOGCAP_10 = 0, LOGCAP_20 = 10, LOGCAP_30 = 30, LOGCAP_50 = 60, LOGCAP_100 = 110,
    LOGCAP_500 = 210, LOGCAP_1000 = 710, LOGCAP_N = 1710
};
extern double shai_logcap_tab[LOGCAP_N];

/* Where the row of at_one starts in shai_logcap_tab, SIZE_MAX when it
 * has none (at_one is a constant at every call: this folds away). */
static inline size_t logcap_row(size_t at_one)
{
    switch (at_one) {
    case 10: return LOGCAP_10;
    case 20: return LOGCAP_20;
    case 30: return LOGCAP_30;
    case 50: return LOGCAP_50;
    case 100: return LOGCAP_100;
    case 500: return LOGCAP_500;
    case 1000: return LOGCAP_1000;
    default: return SIZE_MAX;
    }
}

/* log1p(v) / log1p(at_one) by division, clamped to [0, 1]; v >= 0 need
 * not be a whole number. */
static inline double logcap_real(double v, size_t at_one)
{
    return clamp01(shai_log1p_fast(v) / shai_log1p_fast((double)at_one));
}

/* log1p(count) / log1p(at_one), clamped to [0, 1]; at_one > 0.  A zero
 * count gives +0.0, as the full computation would; from at_one on the
 * quotient is at least 1 (log1p is increasing, and the two values are
 * far more than a rounding error apart), so the result is 1; below, it
 * comes from the table when at_one has a row. */
static inline double logcap(size_t count, size_t at_one)
{
    size_t row = logcap_row(at_one);
    if (count == 0) return 0.0;
    if (count >= at_one) return 1.0;
    if (row != SIZE_MAX) return shai_logcap_tab[row + count];
    return logcap_real((double)count, at_one);
}
/* A 64-bit hash of code points, only ever compared for equality (repeated
 * blocks, segments and place names): FxHash's rotate-xor-multiply step
 * per code point, seeded with the length, then a finalizer that spreads
 * every input bit over the whole value (MurmurHash3's fmix64).  Within a
 * page, two different texts get the same value with odds of about 2^-64
 * per pair.  (Byte-wise FNV-1a, used before, was a longer chain of
 * multiplications; the block's hash is now computed inside the main
 * loop, where its chain overlaps the rest of the work.) */
#define HASH_K 0x9E3779B97F4A7C15ULL

static inline uint64_t hash_start(size_t n) { return (uint64_t)n * HASH_K; }

static inline uint64_t hash_step(uint64_t h, uint64_t w)
{
    return (((h << 5) | (h >> 59)) ^ w) * HASH_K;
}

static inline uint64_t hash_end(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 33;
    return h;
}

/* hash_cps of n code points; the main loop of local_features (features.c)
 * computes the block's the same way, one code point per step.  The segments'
 * hashes (add_seg), also computed in the main loop, start from 0 and
 * take the length last, as it is known only at the segment's end; they
 * are only compared with each other. */
static inline uint64_t hash_cps(const uint32_t *p, size_t n)
{
    uint64_t h = hash_start(n);
    size_t i;
    for (i = 0; i < n; i++) h = hash_step(h, p[i]);
    return hash_end(h);
}

/* ---- summaries of a block's lexicon matches (features_lex.c) */

/* Counts "maximal" matches of the categories in mask among m[0..nm)
 * (ordered by end, longest first at one end, as shai_lexicon_scan gives
 * them): the longest match at each end position that no other selected
 * match contains.  *distinct (when not NULL) gets how many different
 * texts they have (at most MAX_DISTINCT, hashed into tmp); *places (when
 * not NULL) is ANDed with their levels and provinces (SHAI_PLACES_NONE). */
size_t shai_match_maximal(const shai_match *m, size_t nm, uint32_t mask, uint64_t *tmp,
                          const uint32_t *cps, size_t *distinct, uint64_t *places);
/* The code points covered by the matches whose categories meet mask (the
 * length of the union of their spans); *cjk, when not NULL, gets the
 * ideographs among them. */
size_t shai_match_cover(const shai_match *m, size_t nm, uint32_t mask, const uint32_t *cps,
                        size_t *cjk);

/* at_one of rare_hanzi_log (features.c); decide.c reads counts back from it. */
#define SHAI_RARE_LOG_AT 50
/* Sorts a[0..n) ascending. */
void shai_sort_u64(uint64_t *a, size_t n);
/* The context pass over the nb blocks of fz's last document: fills the
 * FAM_CONTEXT features from the local rows and fz->info. */
void shai_context_features(shai_featurizer *fz, size_t nb);

/* spam_vocab.c: fills the spam_vocab feature of the nb blocks of fz's
 * last document (text, spans) once their local rows are in fz->x and the
 * local pass has set fz->svfrom and fz->svcps.  A page without a block
 * holding a strong spam phrase costs nothing.  Returns SHAI_OK or
 * SHAI_ERR_NOMEM. */
int shai_spam_vocab(shai_featurizer *fz, const char *text, const shai_span *spans, size_t nb);

/* patterns.c.  Dates (2020-02-26, 2020年2月26日, 2月26日) and times
 * (16:57[:08]) in the code points c[0..n): returns the code points they
 * cover and sets *date / *time when any is found. */
size_t shai_find_dates(const uint32_t *c, size_t n, int *date, int *time);
/* Pinyin glosses like 區(qū) (CJK, '(', Latin letters with at least one
 * tone mark, ')') in c[0..n): returns how many; *latinx gets the accented
 * letters inside them, which are readable, not mojibake. */
size_t shai_count_pinyin(const uint32_t *c, size_t n, size_t *latinx);
/* Whether the block c[0..n), whose first and last non-space code points
 * are c[first] and c[last] (first <= last < n), of nonspace non-space
 * code points, ncjk of them ideographs and nlatin Latin letters, is
 * program code, a shell or REPL line, YAML or markup: 1 or 0.  A
 * tutorial's examples are content, one short line each. */
int shai_code_line(const uint32_t *c, size_t n, size_t first, size_t last, size_t nonspace,
                   size_t ncjk, size_t nlatin);

/* title.c: keeps the n code points c (a block or a given title), spaces
 * left out, as the page's title (none when longer than TITLE_MAX) with
 * its pairs of adjacent ideographs (c NULL, n 0: no title); and the
 * title_match value of a block of n code points, m of them not spaces. */
void shai_title_keep(shai_featurizer *fz, const uint32_t *c, size_t n);
double shai_title_match(const shai_featurizer *fz, const uint32_t *c, size_t n, size_t m);

/* The title's pairs of adjacent ideographs (title_vocab, counted in the
 * local pass of features.c): a pair's key (code points fit in 21 bits;
 * never 0), its first slot in fz->tpairs, its bit in fz->tbloom (a cheap
 * first test: most pairs of a block miss on it), and whether the title
 * holds the pair a, b. */
static inline uint64_t shai_title_pair_key(uint32_t a, uint32_t b) { return ((uint64_t)a << 21 | b) + 1; }
static inline size_t shai_title_pair_slot(uint64_t k)
{
    return (size_t)((k * 0x9E3779B97F4A7C15ULL) >> 55) & (TITLE_PAIR_SLOTS - 1);
}
static inline size_t shai_title_pair_bit(uint64_t k) { return (size_t)(k ^ k >> 9 ^ k >> 21) & (TITLE_BLOOM_BITS - 1); }
/* The slot that holds k, or the empty slot where k would go (the table
 * is never full: see shai_title_keep). */
static inline size_t shai_title_pair_find(const shai_featurizer *fz, uint64_t k)
{
    size_t at = shai_title_pair_slot(k);
    while (fz->tpairs[at] && fz->tpairs[at] != k) at = (at + 1) & (TITLE_PAIR_SLOTS - 1);
    return at;
}
static inline int shai_title_has_pair(const shai_featurizer *fz, uint32_t a, uint32_t b)
{
    uint64_t k = shai_title_pair_key(a, b);
    size_t bit = shai_title_pair_bit(k);
    return (fz->tbloom[bit / 64] >> (bit % 64) & 1) && fz->tpairs[shai_title_pair_find(fz, k)] == k;
}

#endif
