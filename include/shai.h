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
/* Label for a name or a one-letter code (len bytes of s); -1 when
 * unknown or s is NULL. */
int shai_label_parse(const char *s, size_t len);

/* ---------------------------------------------------------------- features */

/* Number of features in this build's schema, and their names (from the
 * feature table in src/lib/features.def); name is NULL when out of range. */
size_t shai_feature_count(void);
const char *shai_feature_name(size_t id);
/* A hash of the ordered feature names and of the revision of how their
 * values are computed: the model records it, and a model recording
 * another is refused (SHAI_ERR_SCHEMA). */
uint64_t shai_feature_schema_hash(void);

/* ---------------------------------------------------------------- model */

/* Name of the i-th lexicon file a model uses (they sit beside the model
 * file), or NULL past the last; static storage. */
const char *shai_lexicon_file(size_t i);

typedef struct shai_model shai_model;

/* Loads a model file and the lexicons it names (found in the same
 * directory), checking magic, version, feature schema and lexicon hashes.
 * A model trained under a utf8proc that normalizes some characters
 * otherwise loads with a warning through shai_set_log's callback (level
 * 1).  Returns NULL on failure with st filled.  Free with
 * shai_model_free(). */
shai_model *shai_model_load(const char *path, shai_status *st);
void shai_model_free(shai_model *m);
/* Writes the model as text (C locale, %.17g).  Returns SHAI_OK or < 0;
 * SHAI_ERR_INVALID, writing nothing, when a number in it is not finite
 * (shai_model_load would refuse the file). */
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
    double score;           /* the block's own drop score: > threshold
                               votes drop; keep is decided over the page
                               (page smoothing, see the README) */
    double label_score[SHAI_NLABELS]; /* per-reason scores (content = -score) */
} shai_block;

typedef struct shai_filter shai_filter;

/* A filter holds scratch space for one thread; the model is shared
 * read-only and must outlive the filter.  threshold: the drop point of
 * the scores, higher keeps more (use shai_model_threshold() for the
 * default); the model's page smoothing decides each page's blocks
 * together around it.
 * Returns NULL when m is NULL, the threshold is NaN or infinite, or on
 * allocation failure. */
shai_filter *shai_filter_new(const shai_model *m, double threshold);
void shai_filter_free(shai_filter *f);

/* Splits text (len bytes, need not be NUL-terminated, may hold invalid
 * UTF-8, which is read as U+FFFD) into blocks, scores and decides each.
 * On success *blocks points at *nblocks blocks owned by the filter and
 * valid until the next call.  Returns SHAI_OK or < 0: SHAI_ERR_TOOBIG
 * for more than 64 MiB of text or 100000 blocks (the readers' caps: the
 * filter keeps about 1.2 KB of features per block), SHAI_ERR_NOMEM.
 * After a failure the filter holds no blocks (shai_filter_blocks() gives
 * 0 of them). */
int shai_filter_run(shai_filter *f, const char *text, size_t len,
                    const shai_block **blocks, size_t *nblocks);

/* shai_filter_run() for a document whose title is known apart from its
 * text (a record's "title" field): the title_match feature then looks
 * for each block, the first included, inside title (tlen bytes, need not
 * be NUL-terminated) instead of inside the text's first line.  tlen 0
 * (title may then be NULL): exactly shai_filter_run().  Returns SHAI_OK or
 * < 0 (SHAI_ERR_INVALID for title NULL with tlen > 0). */
int shai_filter_run_titled(shai_filter *f, const char *text, size_t len,
                           const char *title, size_t tlen,
                           const shai_block **blocks, size_t *nblocks);

/* One feature's contribution w_i * x_i to one of a block's scores. */
typedef struct shai_contrib {
    size_t feature;
    double value;           /* x_i */
    double contrib;         /* w_i * x_i */
} shai_contrib;

/* Top-k contributions (by |contrib|, zero ones left out) to block i's
 * drop score, shai_block.score, after the last shai_filter_run(): the
 * score is the drop model's bias plus the contributions of all
 * features.  Whether the block was dropped also depends on the
 * threshold and on the page smoothing, which can overrule a score near
 * the threshold.  Writes out[0..k) and returns how many were written
 * (<= k), or < 0 (SHAI_ERR_INVALID: no such block, or out NULL with
 * k > 0). */
int shai_filter_explain(const shai_filter *f, size_t i, shai_contrib *out,
                        size_t k);

/* The same for the score of a dropped block's label: the contributions
 * to its reason model's one-vs-rest score (shai_block.label_score[label]:
 * most often the highest of the four reason scores, but not when decide.c
 * moved the block: a reason gate takes the best of the others when it
 * rules out adult_spam, place_list or garbled, and a place list standing
 * takes in the one-name blocks and short filler words beside it, whatever
 * their scores), not to its margin over the runner-up.  Returns 0 for a
 * kept block. */
int shai_filter_explain_label(const shai_filter *f, size_t i, shai_contrib *out,
                              size_t k);

/* The blocks of the last shai_filter_run() or shai_eval_page(), owned
 * by the filter; *n gets their count (0 after a failed run). */
const shai_block *shai_filter_blocks(const shai_filter *f, size_t *n);

/* Feature vector of block i after the last run; shai_feature_count()
 * doubles owned by the filter, or NULL when i is out of range. */
const double *shai_filter_features(const shai_filter *f, size_t i);

/* ---------------------------------------------------------------- reader */

/* Input formats, detected by content (and compression by magic bytes). */
typedef enum shai_format {
    SHAI_FMT_AUTO = 0,
    SHAI_FMT_JSONL = 1,      /* one JSON object per line, "text" required */
    SHAI_FMT_TEXT = 2,       /* a whole file is one document, id = file name */
    SHAI_FMT_WET = 3         /* Common Crawl WARC/WET, conversion records */
} shai_format;

/* Text encodings of plain-text documents (JSON Lines and WARC are UTF-8
 * by their specifications). */
typedef enum shai_encoding {
    SHAI_ENC_UTF8 = 0,       /* invalid sequences become U+FFFD */
    SHAI_ENC_GB18030 = 1,    /* GB18030, a superset of GBK and GB2312 */
    SHAI_ENC_BIG5 = 2,       /* Big5 (with the HKSCS additions) */
    SHAI_ENC_UTF16 = 3,      /* byte order by its mark, else little-endian */
    SHAI_ENC_AUTO = 4        /* valid UTF-8 as it is; else a UTF-16 byte
                                order mark decides, or the most plausible
                                of UTF-8, GB18030 and Big5 */
} shai_encoding;

/* The lower-case name of enc ("utf-8", "gb18030", "big5", "utf-16",
 * "auto"), static; NULL when enc is none of them. */
const char *shai_encoding_name(int enc);
/* The shai_encoding a name gives (those above in any case, and gbk,
 * gb2312, cp936, cp950, utf8, utf16), or -1. */
int shai_encoding_from_name(const char *name);

/* One input document.  Pointers are owned by the reader and valid until
 * the next shai_reader_next() call. */
typedef struct shai_doc {
    const char *id;   size_t id_len;     /* may be empty */
    const char *url;  size_t url_len;    /* may be empty */
    const char *title; size_t title_len; /* JSONL "title" string; may be empty */
    const char *text; size_t text_len;   /* valid UTF-8 (repaired) */
    const char *raw;  size_t raw_len;    /* JSONL: the record as read */
    const char *source;                  /* file name, "-" for stdin */
    size_t record;                       /* 1-based record number in source */
    size_t line;                         /* 1-based line where it starts */
    size_t repaired;                     /* invalid UTF-8 sequences replaced
                                            (in a text decoded from another
                                            encoding: its invalid sequences) */
    int format;                          /* shai_format */
    int encoding;                        /* shai_encoding the text was read
                                            in; SHAI_ENC_UTF8 but for plain
                                            text decoded from another */
    size_t seq;                          /* 1-based number among the documents
                                            of a run, set by the caller (the
                                            CLI does; --blocks writes it as
                                            "doc"); 0 = none, as the reader
                                            leaves it */
} shai_doc;

typedef struct shai_reader shai_reader;

/* Opens path (a file or a directory of files; NULL or "-" reads standard
 * input), detecting format and gzip/zstd compression unless format says
 * otherwise.  Returns NULL on failure with st filled. */
shai_reader *shai_reader_open(const char *path, shai_format format, shai_status *st);
void shai_reader_free(shai_reader *r);
/* How the plain-text documents r reads are decoded (SHAI_ENC_AUTO unless
 * set; JSON Lines and WARC are always read as UTF-8).  Returns SHAI_OK or
 * SHAI_ERR_INVALID (r NULL, enc unknown).  A forced encoding the C
 * library cannot decode rejects each plain-text document, saying so. */
int shai_reader_set_encoding(shai_reader *r, shai_encoding enc);
/* Reads the next document into doc.  Returns 1 for a document, 0 at the
 * end, SHAI_ERR_FORMAT / SHAI_ERR_TOOBIG for a rejected record (st names
 * source, record, line and reason; the caller may go on reading), or
 * another negative code for an error that ends the current file (I/O,
 * truncated or corrupt gzip/zstd stream: st names the file and how many
 * documents it gave); the next call goes on with a directory's next file,
 * or returns 0.  A record that such an error cuts in two is first
 * returned as a reject ("cut off: ..."), so every record started is a
 * document or a reject.  Invalid UTF-8 and NUL bytes are replaced by
 * U+FFFD (counted in doc->repaired), in JSONL before the line is parsed.
 * Caps: 64 MiB per JSONL line, WET record or text file, and 100000 lines
 * per document (past them: SHAI_ERR_TOOBIG, a reject). */
int shai_reader_next(shai_reader *r, shai_doc *doc, shai_status *st);
/* Records skipped on purpose (WET request/metadata records). */
size_t shai_reader_skipped(const shai_reader *r);
/* After shai_reader_next() returned a reject (SHAI_ERR_FORMAT or
 * SHAI_ERR_TOOBIG): the reason alone, without the "source: record N,
 * line L: " prefix that st->msg carries (doc->source, doc->record and
 * doc->line name the rejected record).  Static to the reader, valid
 * until the next call; "" when there was no reject. */
const char *shai_reader_reason(const shai_reader *r);
/* Line mode, for line-oriented input that is not documents (such as the
 * `shai filter --blocks` output that `shai report --from-blocks` reads):
 * the next line of the files r reads, gzip or zstd decompressed, without
 * its "\n" or "\r\n" (a UTF-8 BOM opening a file is skipped; the bytes
 * are as read, invalid UTF-8 included; the format given to
 * shai_reader_open() is not used).  Returns 1 with *p, *n (valid until
 * the next call), *source (the file's name, "-" for standard input) and
 * *lineno (1-based) set; 0 after the last file; SHAI_ERR_TOOBIG for a
 * line longer than 64 MiB (skipped, st names file and line; reading may
 * go on); or another negative code for an error that ends the current
 * file (I/O, a truncated or corrupt compressed stream: st names the file
 * and how many lines it gave; a line the damage cut is not handed out;
 * the next call goes on with a directory's next file, or returns 0).  A
 * reader is read either by shai_reader_next() or by this, not both. */
int shai_reader_next_line(shai_reader *r, const char **p, size_t *n, const char **source,
                          size_t *lineno, shai_status *st);

/* ---------------------------------------------------------------- buffers */

/* A length-based byte buffer with a size cap (writers append to it).
 * p[0..len) holds the bytes, not NUL-terminated; free with
 * shai_buf_free(). */
typedef struct shai_buf {
    char *p;
    size_t len, cap;
    size_t max;              /* hard cap; 0 at init = 1 GiB */
} shai_buf;

void shai_buf_init(shai_buf *b, size_t max);
void shai_buf_free(shai_buf *b);
/* Appends n bytes.  Returns SHAI_OK, SHAI_ERR_INVALID (b NULL, or p NULL
 * with n > 0), SHAI_ERR_TOOBIG past the cap or SHAI_ERR_NOMEM. */
int shai_buf_append(shai_buf *b, const void *p, size_t n);

/* ---------------------------------------------------------------- writers */

/* Output formats of a filtered document (all end every line with "\n"). */
typedef enum shai_outfmt {
    SHAI_OUT_JSONL = 0,      /* the input record, "text" cleaned, "shai" added */
    SHAI_OUT_BLOCKS = 1,     /* one JSON object per block */
    SHAI_OUT_TEXT = 2,       /* kept lines, then an empty line per document */
    SHAI_OUT_DOLMA = 3,      /* Dolma attributes: code-point spans per label */
    SHAI_OUT_LBL = 4         /* draft .lbl page with the model's labels */
} shai_outfmt;

/* Per-document counts (the "shai" field of cleaned JSONL). */
typedef struct shai_doc_stats {
    size_t blocks[SHAI_NLABELS];     /* blocks per decided label */
    size_t chars[SHAI_NLABELS];      /* code points per decided label */
    size_t kept_blocks, dropped_blocks;
    size_t kept_chars, dropped_chars;
    size_t repaired;                 /* doc->repaired */
    int encoding;                    /* doc->encoding */
} shai_doc_stats;

/* Fills s from a document's decided blocks. */
void shai_doc_stats_get(const shai_doc *doc, const shai_block *b, size_t n,
                        shai_doc_stats *s);

/* Each writer appends one document (n decided blocks of doc->text, as
 * shai_filter_run returned them) to out and returns SHAI_OK or < 0
 * (SHAI_ERR_NOMEM, SHAI_ERR_TOOBIG past out's cap; out is then left as
 * it was).
 *
 * jsonl: a JSONL input record passes through byte for byte except the
 * top-level "text" value (replaced by the kept blocks joined by "\n",
 * with the first run of blank lines the text had between two kept blocks
 * written there as empty lines) and a top-level "shai" member (replaced,
 * or added before the final '}').  Other inputs give {"id","url","text","shai"}. */
int shai_write_jsonl(shai_buf *out, const shai_doc *doc, const shai_block *b,
                     size_t n);
/* blocks: {"id","url","line","chars","keep","label","score"} per block
 * (id and url "" when the document has none); with explain (the filter
 * that just scored this document, else NULL; b must then be its blocks,
 * shai_filter_blocks()) a "top" list of up to 5 contributions to the
 * score (shai_filter_explain()) is added, and for a dropped block a
 * "label_top" list, maybe empty, of up to 5 to its label's reason score
 * (shai_filter_explain_label()). */
int shai_write_blocks(shai_buf *out, const shai_doc *doc, const shai_block *b,
                      size_t n, const shai_filter *explain);
/* text: kept blocks, one per line, then one empty line; a document with
 * nothing kept writes nothing.  Kept text never holds an empty line, so
 * an empty line always separates two documents. */
int shai_write_text(shai_buf *out, const shai_doc *doc, const shai_block *b,
                    size_t n);
/* dolma: {"id":...,"attributes":{"shai__content":[[start,end,score],...],
 * "shai__boilerplate":[...],...}} with code-point offsets into doc->text,
 * one list per label (all present); score is the block's drop score. */
int shai_write_dolma(shai_buf *out, const shai_doc *doc, const shai_block *b,
                     size_t n);
/* lbl: "#page<TAB>ID[<TAB>URL]" then "CODE<TAB>TEXT" per block (tabs in
 * TEXT, ID and URL become spaces); nothing for a document without blocks. */
int shai_write_lbl(shai_buf *out, const shai_doc *doc, const shai_block *b,
                   size_t n);
/* Appends a page id as shai_write_lbl writes it (invalid UTF-8 repaired,
 * tabs and other control characters as spaces) to out: two ids are one
 * page id in a .lbl file when these forms are equal.  Returns SHAI_OK,
 * SHAI_ERR_INVALID (out NULL, or id NULL with len > 0) or a buffer error
 * (out is then left as it was, or longer by a partial id: reset out->len). */
int shai_lbl_page_id(shai_buf *out, const char *id, size_t len);
/* One of the above by format; explain is used by SHAI_OUT_BLOCKS only. */
int shai_write_doc(shai_buf *out, shai_outfmt fmt, const shai_doc *doc,
                   const shai_block *b, size_t n, const shai_filter *explain);
/* A rejected record as one JSON line:
 * {"source":...,"record":N,"line":N,"reason":...} (source and reason
 * NUL-terminated; NULL writes ""); SHAI_ERR_INVALID when out is NULL. */
int shai_write_reject(shai_buf *out, const char *source, size_t record,
                      size_t line, const char *reason);

/* ---------------------------------------------------------------- corpus */

/* Labeled pages read from .lbl files (format: training/LABELING.md). */
typedef struct shai_corpus shai_corpus;

shai_corpus *shai_corpus_new(void);
void shai_corpus_free(shai_corpus *c);
/* Appends every page of a .lbl file.  Malformed input fails with
 * "file:line: reason", and so does a page id given before (in this file
 * or an earlier one); a call that fails adds nothing.  Returns SHAI_OK or
 * < 0 (SHAI_ERR_INVALID for a NULL corpus or path). */
int shai_corpus_add_file(shai_corpus *c, const char *path, shai_status *st);
/* Same, from memory; `name` is used in messages. */
int shai_corpus_add_buffer(shai_corpus *c, const char *name,
                           const char *data, size_t len, shai_status *st);
size_t shai_corpus_pages(const shai_corpus *c);
/* Page i's id; its group (the id up to the first '~', so synthetic
 * variants "<id>~g1" stay with their origin page in cross-validation). */
const char *shai_corpus_page_id(const shai_corpus *c, size_t i);
const char *shai_corpus_page_url(const shai_corpus *c, size_t i);
/* The file (the name given to shai_corpus_add_*) and the line of page i's
 * "#page" line, for messages; NULL when i is out of range. */
const char *shai_corpus_page_file(const shai_corpus *c, size_t i, size_t *line);
/* Page i's document text (lines joined by '\n', NUL-terminated; *len
 * excludes the NUL) and its block labels:
 * labels[j] is a shai_label, or -1 for '?' (neither trained nor scored). */
const char *shai_corpus_page_text(const shai_corpus *c, size_t i,
                                  size_t *len);
const int *shai_corpus_page_labels(const shai_corpus *c, size_t i,
                                   size_t *nblocks);
/* Whether cross-validation scores page i: 1 (the default) or 0.  A page
 * set to 0 is never scored and trains in every fold, except the fold
 * that tests a scored page of its site (as shai_fold_of groups pages),
 * so that no site is on both sides: pages added to a training set, to
 * measure whether they help on the others.  Synthetic pages
 * ("<id>~...") are never scored by cross-validation either, but follow
 * their origin's fold (evaluating a model, shai_eval_page scores them
 * like any page).  Returns SHAI_OK, or SHAI_ERR_INVALID for a NULL
 * corpus or an i out of range. */
int shai_corpus_set_scored(shai_corpus *c, size_t i, int scored);
/* What shai_corpus_set_scored set for page i: 1 by default, 0 when it
 * was set not to be scored or when i is out of range (a synthetic page
 * is not scored even where this is 1). */
int shai_corpus_page_scored(const shai_corpus *c, size_t i);

/* ---------------------------------------------------------------- eval */

/* Block and character counts of predictions against gold labels. */
typedef struct shai_eval {
    size_t confusion[SHAI_NLABELS][SHAI_NLABELS]; /* [gold][predicted] */
    size_t gold_chars[SHAI_NLABELS];   /* characters per gold label */
    size_t kept_chars[SHAI_NLABELS];   /* of those, characters kept */
    size_t blocks;                     /* scored blocks */
    size_t unscored;                   /* blocks labeled '?' */
    size_t unlabeled;                  /* blocks labeled, but left '?' by a
                                          given labeling (shai_eval_page_labels) */
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
/* Adds to ev the counts of another labeling of page i of c: pred[j] is
 * a shai_label for block j, or -1 for '?' (pred comes from another
 * tool's output, or a second annotator, as a .lbl page).  Blocks either
 * side marks '?' are not scored: ev->unscored counts the gold ones,
 * ev->unlabeled the rest.  f is used only to count each block's
 * characters as shai_eval_page does (its model's scores play no part).
 * *errors (if not NULL) gets the page's disagreeing block count.
 * Afterwards f holds no blocks (shai_filter_blocks() gives 0).
 * Returns SHAI_OK, SHAI_ERR_FORMAT when npred is not the page's block
 * count, SHAI_ERR_INVALID for a label out of range (nothing is counted
 * then), or another code < 0. */
int shai_eval_page_labels(shai_filter *f, const shai_corpus *c, size_t i, const int *pred,
                          size_t npred, shai_eval *ev, size_t *errors);
/* Adds b's counts to a (merging shards of an evaluation). */
void shai_eval_add(shai_eval *a, const shai_eval *b);
/* Derives precision/recall/F1 and character shares (0 where undefined). */
void shai_eval_metrics(const shai_eval *ev, shai_metrics *out);
/* As shai_eval_metrics, but NAN for a figure without a denominator (the
 * recall of a label with no gold block, junk left when nothing is kept)
 * instead of 0. */
void shai_eval_metrics_defined(const shai_eval *ev, shai_metrics *out);
/* Percentile intervals of the metrics by a bootstrap over sites: the
 * scored pages of c (page_ev[i] holds page i's counts; pages with no
 * scored block are left out) are grouped by site as the cross-validation
 * groups them (shai_fold_of), and reps resamples of the sites, drawn with
 * replacement from a generator seeded with seed, give reps values of
 * every figure; *lo and *hi get the middle `level` share of them (0.95:
 * the 2.5% and 97.5% points).  With base_ev (counts of the same pages by
 * another model, or NULL), the values are the differences page_ev's
 * figure minus base_ev's on the same resample.  A resample that leaves a
 * figure undefined (shai_eval_metrics_defined; either side with base_ev)
 * gives it no value; a figure with values from fewer than half of the
 * resamples gets NAN.  *sites (may be NULL) gets the site count.
 * Returns SHAI_OK, SHAI_ERR_INVALID (reps < 2, level outside (0, 1), no
 * page scored), SHAI_ERR_TOOBIG (2^32 pages or more, or more resamples
 * than memory can index) or SHAI_ERR_NOMEM. */
int shai_eval_bootstrap(const shai_corpus *c, const shai_eval *page_ev, const shai_eval *base_ev,
                        unsigned reps, uint64_t seed, double level, shai_metrics *lo, shai_metrics *hi,
                        size_t *sites);

/* ---------------------------------------------------------------- train */

/* Called by shai_cross_validate for every held-out block it scores. */
typedef void (*shai_prediction_fn)(void *ud, const char *page_id, size_t line, int gold,
                                   int predicted, double score);

typedef struct shai_train_opts {
    const char *lexicon_dir; /* directory holding the lexicon files */
    shai_prediction_fn on_prediction; /* optional, cross-validation only */
    void *ud;                /* passed to on_prediction */
    double c;                /* SVM C; <= 0 means choose by grouped CV */
    double keep_weight;      /* class weight of content blocks; <= 0: CV */
    double smoothing;        /* page smoothing switch cost; < 0: CV */
    double threshold;        /* cross-validation only: the drop threshold
                                the held-out pages are decided at (0) */
    int cv_folds;            /* folds for choosing C, keep weight and smoothing
                                (default 3; <= 1 means 5) */
    unsigned seed;           /* fold assignment seed */
    const double *curve;     /* cross-validation only: ncurve more thresholds;
                                each fold's held-out pages are also decided
                                at curve[i] and added into curve_ev[i] */
    size_t ncurve;
    shai_eval *curve_ev;     /* ncurve of them (zeroed by the caller, or
                                sums of earlier runs, as ev) */
    shai_eval *page_ev;      /* cross-validation only, may be NULL: one per
                                page of the corpus; each scored page's
                                counts (at threshold) are added to its own
                                (for shai_eval_bootstrap) */
} shai_train_opts;

/* Fills opts with defaults (lexicon_dir "models", relative to the
 * working directory: set it to the shipped model's directory). */
void shai_train_opts_default(shai_train_opts *o);

/* Trains a model on every page of the corpus.  Returns NULL on failure
 * with st filled (SHAI_ERR_INVALID for a NULL lexicon_dir, or a C, keep
 * weight or smoothing that is not a finite number; the same holds for
 * shai_cross_validate); free the result with shai_model_free().  Progress and
 * the C / weight grid go to the log callback.  libsvm's print function,
 * which is process-wide, is set to a silent one (libsvm has no way to
 * restore the one before): a program using libsvm itself should set its
 * own again after training, and not train in another thread meanwhile. */
shai_model *shai_train(const shai_corpus *c, const shai_train_opts *o,
                       shai_status *st);

/* K-fold cross-validation grouped by site (the pages of one URL host,
 * and a page and its synthetic variants "<id>~...", always fall in one
 * fold; see shai_fold_of): trains on K-1 folds,
 * scores the held-out fold's real pages (ids without '~'), sums into
 * ev.  With o->c or o->keep_weight <= 0 (or o->smoothing < 0), each
 * fold chooses them by an inner CV as shai_train does.  With o->ncurve,
 * each fold's model also decides its held-out pages at every o->curve[i]
 * (a threshold curve from one training per fold) into o->curve_ev[i].
 * Returns SHAI_OK or < 0. */
int shai_cross_validate(const shai_corpus *c, const shai_train_opts *o, int folds,
                        shai_eval *ev, shai_status *st);

/* The fold (0..folds-1) of a page under a seed: what the CV uses.  The
 * group is the host of url ("www." dropped) when url (may be NULL) has
 * one, else page_id up to its first '~'.  0 when folds <= 1 or page_id
 * is NULL. */
int shai_fold_of(const char *page_id, const char *url, int folds, unsigned seed);

/* ---------------------------------------------------------------- report */

/* A contamination report: integer counts of documents, blocks and
 * characters in and out, per label, a histogram of each document's
 * dropped share, and per-host counts.  Reports add up exactly: merging
 * the reports of shards gives the report of the whole (see
 * shai_report_merge), as long as the hosts fit under the host cap. */
typedef struct shai_report shai_report;

/* Buckets of the per-document dropped-ratio histograms.  For a document
 * with d of t units dropped (t > 0): bucket 0 when d == 0, bucket 11
 * when d == t, otherwise bucket 1 + floor(10 * d / t) (integer
 * arithmetic), i.e. 1: (0, 10%), 2: [10%, 20%), ..., 10: [90%, 100%). */
#define SHAI_REPORT_BINS 12

/* Distinct hosts a report keeps by default; documents of further hosts
 * are counted under the host "(other)" and host figures (only those)
 * are then no longer exact under merging. */
#define SHAI_REPORT_HOST_CAP 1000000

/* The totals of a report. */
typedef struct shai_report_counts {
    uint64_t documents;          /* documents read */
    uint64_t documents_out;      /* documents with at least one kept block */
    uint64_t documents_empty;    /* documents without any block */
    uint64_t blocks, blocks_out; /* blocks in, blocks kept */
    uint64_t chars, chars_out;   /* characters in, characters kept */
    uint64_t blocks_no_chars;    /* blocks of unknown length (--blocks input
                                    without "chars"); when > 0 the character
                                    figures are incomplete */
    uint64_t rejected;           /* input records rejected by the reader */
    uint64_t files_failed;       /* input files unreadable, or cut short by
                                    damage: their documents are missing */
    uint64_t label_blocks[SHAI_NLABELS];      /* blocks per label */
    uint64_t label_blocks_kept[SHAI_NLABELS]; /* of those, kept */
    uint64_t label_chars[SHAI_NLABELS];       /* characters per label */
    uint64_t label_chars_kept[SHAI_NLABELS];  /* of those, kept */
    uint64_t label_documents[SHAI_NLABELS];   /* documents with any block of
                                                 the label */
    uint64_t hist_chars[SHAI_REPORT_BINS];    /* dropped-character ratio of
                                                 documents of known length */
    uint64_t hist_blocks[SHAI_REPORT_BINS];   /* dropped-block ratio */
    uint64_t hosts_overflow;     /* documents put under "(other)" by the cap */
} shai_report_counts;

/* One host's counts.  `host` is the URL's host in lower case without
 * port or user, or "(no url)", "(invalid url)", "(other)". */
typedef struct shai_report_host {
    const char *host;
    uint64_t documents;
    uint64_t blocks, blocks_dropped;
    uint64_t chars, chars_dropped;
    uint64_t adult_spam_documents;   /* documents with any adult_spam block */
    uint64_t place_list_documents;   /* documents with any place_list block */
} shai_report_host;

/* Returns an empty report, or NULL when out of memory.  Free it with
 * shai_report_free() (NULL is a no-op). */
shai_report *shai_report_new(void);
void shai_report_free(shai_report *r);

/* Sets the host cap (>= 1; default SHAI_REPORT_HOST_CAP).  Returns
 * SHAI_OK or SHAI_ERR_INVALID. */
int shai_report_set_host_cap(shai_report *r, size_t cap);

/* Adds one scored document: its URL (may be NULL / empty) and the blocks
 * shai_filter_run() gave for it (r copies what it needs).  Returns
 * SHAI_OK, SHAI_ERR_INVALID for a block with an out-of-range label, or
 * SHAI_ERR_NOMEM. */
int shai_report_add_doc(shai_report *r, const char *url, size_t url_len,
                        const shai_block *blocks, size_t nblocks);
/* The same from a document's counts (shai_doc_stats_get) instead of its
 * blocks: what a caller that scores on worker threads still has. */
int shai_report_add_stats(shai_report *r, const char *url, size_t url_len,
                          const shai_doc_stats *s);

/* Counts n input records that the reader rejected. */
void shai_report_add_rejected(shai_report *r, uint64_t n);
/* Counts n input files that could not be read, or not to their end. */
void shai_report_add_failed_files(shai_report *r, uint64_t n);

/* Adds one line of `shai filter --blocks` output: a JSON object with
 * "id" (string), "label" (label name), "keep" (bool) and optionally
 * "line" (number), "chars" (number of code points) and "url" (string);
 * other fields are ignored.  Consecutive lines with the same id, url and
 * "doc" number (when both have one) and increasing line numbers form one
 * document; it is added when the next
 * document starts or at shai_report_end_blocks().  Blank lines are
 * skipped.  source and lineno (1-based) name the line in messages.
 * Returns SHAI_OK, SHAI_ERR_FORMAT for a malformed line (st filled; the
 * caller may go on), or SHAI_ERR_NOMEM. */
int shai_report_add_blocks_line(shai_report *r, const char *line, size_t len,
                                const char *source, size_t lineno,
                                shai_status *st);
/* Adds the pending document of shai_report_add_blocks_line(), if any;
 * call at the end of every input.  Returns SHAI_OK or < 0. */
int shai_report_end_blocks(shai_report *r);

/* Adds src's counts to dst.  Exact (and associative) while the union
 * of hosts fits under dst's cap.  Returns SHAI_OK, SHAI_ERR_NOMEM, or
 * SHAI_ERR_INVALID (dst or src NULL, or both the same report). */
int shai_report_merge(shai_report *dst, const shai_report *src);

/* Adds a JSON summary written by shai_report_write_json() (data need not
 * be NUL-terminated; name is used in messages).  A malformed or
 * inconsistent summary leaves r unchanged, and st says where and what.
 * Returns SHAI_OK, SHAI_ERR_FORMAT or SHAI_ERR_NOMEM. */
int shai_report_load_json(shai_report *r, const char *data, size_t len,
                          const char *name, shai_status *st);
/* Same, from a file ("-" reads standard input).  SHAI_ERR_IO when the
 * file cannot be read, SHAI_ERR_TOOBIG past 1 GiB. */
int shai_report_load_json_file(shai_report *r, const char *path,
                               shai_status *st);

/* Copies the totals into out. */
void shai_report_get_counts(const shai_report *r, shai_report_counts *out);
/* Number of distinct hosts (including the "(...)" buckets). */
size_t shai_report_host_count(const shai_report *r);
/* Writes the k most contaminated hosts into out: hosts with at least one
 * dropped block, ranked by dropped characters (by dropped blocks when
 * character counts are incomplete), then documents, then name.
 * out[i].host points into r and stays valid
 * until r changes.  Returns the number written (<= k) or SHAI_ERR_NOMEM. */
long shai_report_top_hosts(const shai_report *r, shai_report_host *out,
                           size_t k);

/* Writers: each returns SHAI_OK, SHAI_ERR_IO (write failure, out
 * flushed to find it; st filled), SHAI_ERR_NOMEM or SHAI_ERR_INVALID (r
 * or out NULL); they write to out and never close it.
 *  _json: the mergeable summary (integer counts only, every host,
 *         hosts sorted by name, so equal reports give equal bytes);
 *  _table: an aligned plain-text table, with the `top` hosts listed;
 *  _html: one self-contained XHTML page (inline CSS and SVG charts,
 *         no scripts, no network), with the `top` hosts listed. */
int shai_report_write_json(const shai_report *r, FILE *out, shai_status *st);
int shai_report_write_table(const shai_report *r, FILE *out, size_t top,
                            shai_status *st);
int shai_report_write_html(const shai_report *r, FILE *out, size_t top,
                           shai_status *st);

/* ---------------------------------------------------------------- logging */

/* The library's only voice: progress and notes go to this callback
 * (default: none).  level 0 = info, 1 = warning. */
typedef void (*shai_log_fn)(int level, const char *msg, void *ud);
void shai_set_log(shai_log_fn fn, void *ud);

#ifdef __cplusplus
}
#endif
#endif /* SHAI_H */
