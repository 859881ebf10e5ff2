/*
 * internal.h — struct bodies and prototypes shared inside libshai.
 * Nothing here is part of the public API (include/shai.h).
 */
#ifndef SHAI_INTERNAL_H
#define SHAI_INTERNAL_H

#include "shai.h"

#include <stdarg.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

/* ------------------------------------------------------------ SIMD */

/* SHAI_SIMD is 1 where the SSE2 / SSSE3 paths of buf.c, score.c,
 * filter.c and json_fast.c are built, 0 for the portable code alone.
 * Both give the same outputs, bit for bit; building with -DSHAI_NO_SIMD
 * (the sanitizer build of `make check` does) tests the portable code on
 * x86 as well. */
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__)) && defined(__SSE2__) && \
    !defined(SHAI_NO_SIMD)
#define SHAI_SIMD 1
#else
#define SHAI_SIMD 0
#endif

/* ------------------------------------------------------------ status */

/* Fills st (if not NULL) with code and a printf-style message; returns
 * code so that callers can `return shai_fail(st, SHAI_ERR_IO, ...)`. */
int shai_fail(shai_status *st, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Sends a message to the log callback, if one is set. */
void shai_log(int level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ------------------------------------------------------------ buf.c */

/* shai_buf, shai_buf_init(), shai_buf_free() and shai_buf_append() are
 * public (shai.h):
 * a length-based byte buffer with a size cap, never NUL-terminated unless
 * shai_buf_cstr() is asked for. */

#define SHAI_BUF_DEFAULT_MAX ((size_t)1 << 30)

/* A document's caps (reader.h has the readers' others): 64 MiB of text
 * and 100000 lines.  The readers reject a record past them; the filter
 * refuses such a document given to it directly (SHAI_ERR_TOOBIG), as it
 * keeps about 1.2 KB of features per block.  `make fuzz` lowers them. */
#ifndef SHAI_MAX_LINE
#define SHAI_MAX_LINE ((size_t)64 << 20)
#endif
#ifndef SHAI_MAX_DOC_LINES
#define SHAI_MAX_DOC_LINES ((size_t)100000)
#endif

/* vsnprintf and snprintf under the C locale, whatever the calling
 * program's (buf.c): every number the library formats goes through
 * these or shai_buf_printf. */
int shai_vsnprintf_c(char *s, size_t n, const char *fmt, va_list ap);
int shai_snprintf_c(char *s, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Ensures room for `extra` more bytes.  SHAI_ERR_TOOBIG past the cap. */
int shai_buf_reserve(shai_buf *b, size_t extra);
int shai_buf_putc(shai_buf *b, char c);
int shai_buf_printf(shai_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends the JSON escape of UTF-8 bytes (no quotes): ", \\ and control
 * characters escaped, everything else as is. */
int shai_json_chars(shai_buf *b, const char *s, size_t n);
/* Appends a JSON string literal (quotes included) for UTF-8 bytes. */
int shai_buf_json_str(shai_buf *b, const char *s, size_t n);
/* Appends the whole file at path to b.  Returns SHAI_OK; SHAI_ERR_IO with
 * errno set when it cannot be opened (*opened = 0) or read (*opened = 1);
 * SHAI_ERR_TOOBIG past b's cap; SHAI_ERR_NOMEM.  opened may be NULL. */
int shai_buf_read_file(shai_buf *b, const char *path, int *opened);
/* Appends the rest of stream f to b (f is left open).  Returns SHAI_OK;
 * SHAI_ERR_IO with errno set on a read error; SHAI_ERR_TOOBIG when the
 * stream holds more than b's cap (a stream of exactly the cap is read);
 * SHAI_ERR_NOMEM. */
int shai_buf_read_stream(shai_buf *b, FILE *f);
/* Returns b->p NUL-terminated (the NUL is not counted in len). */
const char *shai_buf_cstr(shai_buf *b);

/* Growable array of T: a pointer, a length and a capacity. */
int shai_grow(void **p, size_t *cap, size_t need, size_t elem);

/* Clears the n bytes at p, for a small object cleared once per block (n
 * a constant): in pieces of 64 bytes, which GCC writes as plain stores,
 * where it turns one clearing of more than 64 bytes (memset or = {0})
 * into `rep stos`, whose start-up costs more than the stores
 * (bench/PERFORMANCE.md, seventh round). */
static inline void shai_zero_small(void *p, size_t n)
{
    size_t k;
    for (k = 0; k + 64 <= n; k += 64) memset((char *)p + k, 0, 64);
    memset((char *)p + k, 0, n - k);
}

/* "an object", "an array", "a string", "a number", "a boolean" or "null":
 * a jansson value's type for messages (read_jsonl.c). */
struct json_t;
const char *shai_json_type_name(const struct json_t *v);

/* ------------------------------------------------------------ utf8.c */

#define SHAI_REPLACEMENT 0xFFFDu

/* Decodes one code point from s[*i..n), advancing *i.  Invalid,
 * overlong, surrogate or truncated sequences yield U+FFFD and advance
 * by the length of the maximal invalid subpart (at least one byte);
 * *bad (if not NULL) is incremented for each. */
uint32_t shai_utf8_next(const unsigned char *s, size_t n, size_t *i,
                        size_t *bad);
/* Encodes cp into out (4 bytes room); returns the byte count. */
size_t shai_utf8_put(uint32_t cp, char *out);
/* Counts code points in s[0..n) the way shai_utf8_next reads them. */
size_t shai_utf8_count(const char *s, size_t n);
/* Returns 1 when s[0..n) is valid UTF-8. */
int shai_utf8_valid(const char *s, size_t n);
/* Appends s to out with every invalid sequence replaced by U+FFFD;
 * returns the number replaced, or < 0 on error. */
long shai_utf8_repair(shai_buf *out, const char *s, size_t n);

/* ------------------------------------------------------------ normalize.c */

/* Character classes after normalization. */
enum {
    SHAI_CC_CJK = 1,        /* CJK ideograph */
    SHAI_CC_LATIN = 2,      /* ASCII letter */
    SHAI_CC_DIGIT = 3,
    SHAI_CC_SPACE = 4,
    SHAI_CC_PUNCT = 5,
    SHAI_CC_LATINX = 6,     /* Latin-1 supplement / extended letters */
    SHAI_CC_CTRL = 7,       /* C0/C1 controls, noncharacters, unassigned */
    SHAI_CC_PUA = 8,        /* private use */
    SHAI_CC_REPL = 9,       /* U+FFFD */
    SHAI_CC_KANA = 10,      /* kana and hangul */
    SHAI_CC_MARK = 11,      /* combining marks */
    SHAI_CC_OTHER = 12      /* symbols, emoji, everything else */
};

/* Prepares the process-wide normalization tables (idempotent and thread
 * safe; called by shai_model_load and shai_filter_new). */
void shai_normalize_init(void);
/* Normalizes one code point: compatibility mapping (NFKC's K step, via
 * utf8proc), case folding, traditional/variant -> simplified.  Writes up
 * to 4 code points to out and returns how many (0 drops it). */
size_t shai_normalize_cp(uint32_t cp, uint32_t out[4]);
/* Class of a normalized code point. */
int shai_char_class(uint32_t cp);
/* FNV-1a 64 of the mapping of every code point (shai_normalize_cp) and
 * its class: it changes when the utf8proc the library runs with maps or
 * classifies a character otherwise (a newer Unicode version).  Computed
 * once per process, on first call. */
uint64_t shai_normalization_hash(void);
/* 1 when cp is a CJK ideograph in GB2312 level 1 (the common set). */
int shai_hanzi_common(uint32_t cp);
/* Normalizes UTF-8 text into code points, appending to *cps (grown with
 * shai_grow).  Returns the number of code points written or < 0.
 * *bad (if not NULL) is incremented for each invalid sequence. */
long shai_normalize_utf8(const char *s, size_t n, uint32_t **cps,
                         size_t *cap, size_t *bad);
/* shai_normalize_utf8, also setting *decoded to the number of code
 * points s holds (shai_utf8_count(s, n)) before normalization. */
long shai_normalize_utf8_count(const char *s, size_t n, uint32_t **cps,
                               size_t *cap, size_t *decoded);

/* ------------------------------------------------------------ lexicon.c */

/* Lexicon categories: bit positions in a match's category mask. */
#define SHAI_LEXCATS(X) \
    X(PLACE, "place")           /* full place name: province..district */ \
    X(PLACE_SHORT, "place_short") /* suffix-stripped place stem */ \
    X(ADULT, "adult")           \
    X(GAMBLING, "gambling")     \
    X(ILLICIT, "other_illicit") \
    X(SPAM_WEAK, "spam_weak")   /* generic spam vocabulary, not alone proof */ \
    X(NAV, "nav")               /* menus, breadcrumbs, prev/next, related */ \
    X(META, "meta")             /* source, author, editor, date, views */ \
    X(LEGAL, "legal")           /* copyright, ICP, disclaimer */ \
    X(SOCIAL, "social")         /* share, subscribe, QR, login, app */ \
    X(FORUM, "forum")           /* forum/comment chrome */ \
    X(CONTACT, "contact")       /* phone, address, e-mail blocks */ \
    X(RELATED, "related")       /* a related-links heading (相关阅读 ...) */

enum {
#define X(id, name) SHAI_LEX_##id,
    SHAI_LEXCATS(X)
#undef X
    SHAI_LEX_N
};

/* The categories' bits of a match mask; above them, from bit
 * SHAI_LEVEL_SHIFT, the gazetteer levels of a place name (one bit per
 * level of places.tsv), which no feature reads as a category.  A "short"
 * name is a PLACE_SHORT match, the others PLACE ones. */
#define SHAI_LEVELS(X) \
    X(PROVINCE, "province")     \
    X(PREFECTURE, "prefecture") \
    X(COUNTY, "county")         \
    X(DISTRICT, "district")     \
    X(HK_MO_TW, "hk_mo_tw")     /* Hong Kong, Macau, Taiwan: any rank */ \
    X(SHORT, "short")           /* suffix-stripped stem */

enum {
#define X(id, name) SHAI_LEVEL_##id##_K,
    SHAI_LEVELS(X)
#undef X
    SHAI_NLEVELS
};

#define SHAI_LEX_CATMASK ((1u << SHAI_LEX_N) - 1)
#define SHAI_LEVEL_SHIFT 24
#define SHAI_LEVEL(id) (1u << (SHAI_LEVEL_SHIFT + SHAI_LEVEL_##id##_K))
#define SHAI_LEVEL_MASK (((1u << SHAI_NLEVELS) - 1) << SHAI_LEVEL_SHIFT)
_Static_assert(SHAI_LEX_N <= SHAI_LEVEL_SHIFT && SHAI_LEVEL_SHIFT + SHAI_NLEVELS <= 32,
               "lexicon categories and levels share one 32-bit mask");

/* The provinces a place name lies in (places.tsv's fifth column, GB/T
 * 2260 codes of the 31 mainland provinces): bit k for
 * shai_province_codes[k], 0 when unknown (Hong Kong, Macau, Taiwan, names
 * abolished before 2002). */
#define SHAI_NPROVINCES 31
#define SHAI_PROVINCE_ALL ((1u << SHAI_NPROVINCES) - 1)
extern const char shai_province_codes[SHAI_NPROVINCES][3];

/* A block's place bits (shai_featurize_places): the gazetteer levels
 * every place name of the block has (SHAI_LEVEL_MASK, as in a match's
 * cats) and, from bit SHAI_PLACE_PROV_SHIFT, the provinces every one of
 * them lies in; a name without a level or without provinces leaves that
 * part alone, so a block without place names has SHAI_PLACES_NONE.  Bit
 * SHAI_PLACE_UNPLACED is set, not cleared, by a name without provinces:
 * it marks a block whose provinces tell less than all its names. */
#define SHAI_PLACE_PROV_SHIFT 32
#define SHAI_PLACE_PROV(p) ((uint32_t)((p) >> SHAI_PLACE_PROV_SHIFT) & SHAI_PROVINCE_ALL)
#define SHAI_PLACE_UNPLACED ((uint64_t)1 << 63)
#define SHAI_PLACES_NONE ((uint64_t)SHAI_LEVEL_MASK | (uint64_t)SHAI_PROVINCE_ALL << SHAI_PLACE_PROV_SHIFT)
_Static_assert(SHAI_PLACE_PROV_SHIFT + SHAI_NPROVINCES <= 63, "the unplaced bit is above the provinces");

typedef struct shai_lexicon shai_lexicon;

/* One lexicon file as the model records it. */
typedef struct shai_lexfile {
    char name[64];           /* file name relative to the lexicon dir */
    uint64_t hash;           /* FNV-1a 64 of the file's bytes */
} shai_lexfile;

#define SHAI_MAX_LEXFILES 8
/* The lexicon files every model uses, in order. */
extern const char *const shai_lexicon_files[];
extern const size_t shai_lexicon_nfiles;

/* Loads the lexicon files from dir.  Fills files[] with names and hashes.
 * Returns NULL with st filled on failure. */
shai_lexicon *shai_lexicon_load(const char *dir, shai_lexfile *files,
                                size_t *nfiles, shai_status *st);
/* Builds a lexicon from in-memory TSV texts (for tests): texts[k] holds
 * the file shai_lexicon_files[k]; NULL entries are empty. */
shai_lexicon *shai_lexicon_from_texts(const char *const *texts,
                                      const size_t *lens, shai_status *st);
void shai_lexicon_free(shai_lexicon *lx);
uint64_t shai_fnv1a64(const void *p, size_t n, uint64_t h);
#define SHAI_FNV_INIT 0xcbf29ce484222325ULL

/* Adds one block's counts to ev (eval.c): gold g and predicted pr
 * (either < 0, '?': not scored, and counted apart), its characters, and
 * whether it was kept.  Returns 1 when the two labels disagree. */
int shai_eval_count_block(shai_eval *ev, int g, int pr, int kept, size_t chars);

/* The site of a page as the cross-validation groups it (shai_fold_of,
 * dataset.c): a 64-bit key of its URL's host, a leading "www." dropped,
 * else of its id up to the first '~'.  0 for a NULL id. */
uint64_t shai_site_key(const char *id, const char *url);

/* The number of sites (shai_site_key) among the pages cross-validation
 * scores (neither --train-also nor synthetic, "<id>~..."), for the
 * messages of folds; 0 when out of memory. */
size_t shai_scored_sites(const shai_corpus *c);
/* The fold of every page of c under seed into fop (c's page count of
 * them): a scored page's site's fold (shai_fold_of); -1 for a
 * --train-also page, which trains in every fold, unless it shares a site
 * with a scored page: then that site's fold, whose training leaves it
 * out (counted in *shared).  Returns SHAI_OK or SHAI_ERR_NOMEM. */
int shai_page_folds(const shai_corpus *c, int folds, unsigned seed, int *fop, size_t *shared);

/* A match: pattern ends at code point `end` (exclusive), `len` long. */
typedef struct shai_match {
    uint32_t end, len;
    uint32_t cats;           /* bit mask of SHAI_LEX_*, and above them
                                the gazetteer level (SHAI_LEVEL_SHIFT) */
    uint32_t prov;           /* a place name's provinces, 0 unknown */
} shai_match;

/* Finds every pattern occurrence in cps[0..n): appends to *m (grown with
 * shai_grow).  Returns the number of matches or < 0. */
long shai_lexicon_scan(const shai_lexicon *lx, const uint32_t *cps, size_t n,
                       shai_match **m, size_t *cap);

/* ------------------------------------------------------------ blocks.c */

typedef struct shai_span {
    size_t off, len;         /* bytes, without "\r\n" / "\n" */
    size_t line;             /* 1-based */
    size_t char_off;         /* code points before this line */
} shai_span;

/* 1 when s[0..n) holds only white space or invisible characters (ASCII
 * blanks, Unicode spaces and separators, U+0085, default-ignorables such
 * as U+200B and U+FEFF): such a line is not a block.  Invalid UTF-8 is
 * not blank. */
int shai_blank_line(const char *s, size_t n);

/* Splits text into lines that hold something other than white space
 * (each such line is a block).  Appends to *spans; returns count or < 0.
 * With all_lines, every line is a block (for labeled pages). */
long shai_split_blocks(const char *text, size_t len, int all_lines,
                       shai_span **spans, size_t *cap);
/* The same spans, except that char_off leaves out the code points of the
 * blocks themselves (it counts line ends and blank lines only): for a
 * caller that counts each block's code points as it decodes them. */
long shai_split_lines(const char *text, size_t len, int all_lines,
                      shai_span **spans, size_t *cap);

/* ------------------------------------------------------------ features */

enum {
#define FEATURE(id, name, family) SHAI_F_##id,
#include "features.def"
#undef FEATURE
    SHAI_NFEAT
};

/* The revision of how the features are computed.  The schema hash a model
 * records covers it as well as the ordered names, so a model trained on
 * feature values that this build no longer computes is refused (retrain)
 * instead of scoring with weights fitted to other values.  Bump it in the
 * same change as any change to what a feature's value is for given text
 * and lexicons (features*.c, context.c, patterns.c, normalize.c, ...);
 * test_features pins it beside a fingerprint of the values, which tells
 * when it was forgotten.  1: spam_weak_excess_log counts hits beyond
 * max(1, chars/60) (6137120); models from before it are refused.
 * 2: a lexicon word that starts or ends with a letter or digit does not
 * match beside an underscore (av in av_str).  3: unless the underscores
 * stand between it and an ideograph, a separator (日本女优网_av女优_;
 * lexicon.h, word_before and word_after). */
#define SHAI_FEATURE_REVISION 3

/* Families tie each feature to the reason it is mostly evidence for. */
enum { FAM_SHAPE, FAM_PLACE, FAM_SPAM, FAM_BOILER, FAM_GARBLE, FAM_CONTEXT, FAM_LIST, FAM_WHY, FAM_STACK, FAM_KEEP };

/* Family of feature id (FAM_*), from the feature table. */
int shai_feature_family(size_t id);

typedef struct shai_featurizer shai_featurizer;

shai_featurizer *shai_featurizer_new(const shai_lexicon *lx);
void shai_featurizer_free(shai_featurizer *fz);
/* The title of the page the next shai_featurize() call reads, known
 * apart from its text (len bytes, normalized like a block); that call
 * then matches every block against it instead of against the first
 * block, and forgets it.  title NULL or len 0 forgets it now.  Returns
 * SHAI_OK or SHAI_ERR_NOMEM. */
int shai_featurizer_title(shai_featurizer *fz, const char *title, size_t len);

/* Computes the feature matrix (nspans x SHAI_NFEAT, row-major) for the
 * blocks of one document.  Returns a pointer owned by fz, valid until the
 * next call, or NULL on allocation failure. */
const double *shai_featurize(shai_featurizer *fz, const char *text,
                             const shai_span *spans, size_t nspans);
/* The code points (before normalization) of block i of the last
 * shai_featurize(): shai_utf8_count() of its bytes. */
size_t shai_featurize_chars(const shai_featurizer *fz, size_t i);
/* Per block of the last shai_featurize: its place bits (see
 * SHAI_PLACES_NONE), the levels and provinces of its maximal place hits,
 * ANDed.  Owned by the featurizer. */
const uint64_t *shai_featurize_places(const shai_featurizer *fz);

/* Fills the FAM_STACK features of n consecutive blocks of one page (rows
 * of X) from their stage-1 drop scores s1. */
void shai_stack_features(double *X, size_t n, const double *s1);

/* ------------------------------------------------------------ model.c */

/* The linear models: a stage-1 keep/drop model over the base features
 * (its scores feed the FAM_STACK features), the final keep/drop model,
 * and one reason model per drop label (one-vs-rest among junk blocks). */
enum { SHAI_M_STAGE1 = 0, SHAI_M_DROP = 1, SHAI_M_REASON0 = 2 };
#define SHAI_NMODELS (2 + SHAI_NLABELS - 1)

#define SHAI_MODEL_MAGIC "shai-model"
/* 1: weights and threshold; 2: adds the "smoothing LAMBDA SCALE" line
 * (a version-1 file loads with smoothing off); 3: adds the
 * "normalization HASH utf8proc VERSION" line (files without it load
 * unchecked). */
#define SHAI_MODEL_VERSION 3

/* Each model is linear over the features, with one weight vector for
 * short blocks (<= 25 non-space characters) and one for long blocks:
 * w[k][j] for short, w[k][SHAI_NFEAT + j] for long.  Equivalently one
 * linear model over the features crossed with the length regime; menus
 * and prose obey different rules, and a single weight vector had to
 * compromise between them. */
#define SHAI_NW (2 * SHAI_NFEAT)

/* 0 for a short block, 1 for a long one, from its feature row. */
int shai_regime(const double *x);

struct shai_model {
    shai_lexicon *lx;
    shai_lexfile files[SHAI_MAX_LEXFILES];
    size_t nfiles;
    double w[SHAI_NMODELS][SHAI_NW];
    double b[SHAI_NMODELS];
    double threshold;
    double smooth_lambda;    /* page smoothing: switch cost, 0 = off */
    double smooth_scale;     /* characters that double a block's vote */
    char train_info[512];    /* free text: C, weights, data sizes */
    int has_norm;            /* the file recorded the normalization below */
    uint64_t norm_hash;      /* shai_normalization_hash() where it was trained */
    char norm_utf8proc[32];  /* utf8proc_version() there */
};

/* A model with lexicons and zero weights (training starts here). */
shai_model *shai_model_new_untrained(const char *lexdir, shai_status *st);

/* ------------------------------------------------------------ score/decide */

/* w.x + b for model k. */
double shai_score(const shai_model *m, int k, const double *x);
/* Fills blk->score, label_score, label, keep from feature row x. */
void shai_decide(const shai_model *m, double threshold, const double *x,
                 shai_block *blk);
/* The same from the block's five scores: s[0] the drop model's, s[1 ..
 * 4] the reason models' (SHAI_M_DROP + k). */
void shai_decide_scores(shai_block *blk, const double s[SHAI_NLABELS], double threshold);
/* Appends to idx the indices i in [lo, hi) where x[i] != 0, ascending
 * (idx needs room for hi - lo); returns how many. */
size_t shai_nonzero(const double *x, size_t lo, size_t hi, uint8_t *idx);
/* Sets blk->keep and the label (content, or the best-scoring reason)
 * from the label scores shai_decide filled. */
void shai_decide_set(shai_block *blk, int keep);
/* Page smoothing (see decide.c): re-decides keep and label of the n
 * blocks of one page, in page order, from their scores and characters,
 * after shai_decide.  bp: scratch of n bytes.  lambda <= 0 changes
 * nothing. */
void shai_smooth(shai_block *b, size_t n, double threshold, double lambda, double scale,
                 unsigned char *bp);
/* The reason gates (decide.c) over a decided page: its n blocks, their
 * feature rows X (n * SHAI_NFEAT) and their place bits
 * (shai_featurize_places).  Relabel some garbled, place_list and
 * adult_spam blocks; keep/drop is unchanged.  The place_list gate
 * judges runs of place_list blocks, a run ending where the next such
 * block is more than SHAI_PLACE_RUN_GAP blocks on. */
#define SHAI_PLACE_RUN_GAP 40
void shai_gate_reasons(shai_block *b, size_t n, const double *X, const uint64_t *places);

/* ------------------------------------------------------------ filter.c */

/* Block i's shai_featurize_places() after the last run or featurize. */
uint64_t shai_filter_places(const shai_filter *f, size_t i);

/* Splits and featurizes text into the filter's blocks without deciding;
 * all_lines: every line is a block (labeled pages).  Feature rows are
 * then read with shai_filter_features(). */
int shai_filter_featurize(shai_filter *f, const char *text, size_t len, int all_lines,
                          size_t *nblocks);
/* Empties the filter: shai_filter_blocks() then gives no blocks (a
 * page featurized for its character counts only). */
void shai_filter_forget(shai_filter *f);
/* Block i of the last featurize (spans and characters; decided only
 * after shai_filter_decide_all), or NULL. */
const shai_block *shai_filter_block(const shai_filter *f, size_t i);
/* Decides every block of the last featurize (page smoothing included);
 * returns the blocks, or NULL when out of memory. */
const shai_block *shai_filter_decide_all(shai_filter *f);

/* ------------------------------------------------------------ corpus */

typedef struct shai_page {
    char *id, *url;
    char *text;              /* lines joined by '\n' */
    size_t text_len;
    int *labels;             /* per line: shai_label or -1 for '?' */
    size_t nlines;
    size_t src_line;         /* line of "#page" in its file */
    const char *src;         /* its file's name (shai_corpus.names) */
    int train_only;          /* trains in every CV fold, never scored */
} shai_page;

struct shai_corpus {
    shai_page *pages;
    size_t n, cap;
    char **names;            /* the file names pages point to */
    size_t nnames, namescap;
    size_t *slot;            /* open addressing over the ids: page + 1, 0 empty */
    size_t nslots;           /* a power of two, > 2 * n; 0 before the first */
};

#endif /* SHAI_INTERNAL_H */
