/*
 * reader.h — pieces shared by the input readers (reader.c, decompress.c,
 * read_jsonl.c, read_wet.c, read_text.c).  Not part of the public API.
 *
 * Size caps (a record past a cap is rejected with SHAI_ERR_TOOBIG and
 * reading goes on with the next line or record):
 *   SHAI_MAX_LINE      64 MiB: one JSONL line, one WET header line, one WET
 *                      record body;
 *   SHAI_MAX_TEXT_DOC  64 MiB: one plain-text file (one document);
 *   SHAI_MAX_WET_HEADER 1 MiB: one WET record's header block;
 *   SHAI_MAX_DOC_LINES 100000 lines in one document (a line ends at "\n",
 *                      "\r\n" or a lone "\r", as blocks.c splits them):
 *                      the filter keeps about 1.2 KB of features per block,
 *                      so this bounds a document's scoring memory.
 * Memory therefore stays bounded by the longest record, never by the size
 * of the input.
 */
#ifndef SHAI_READER_H
#define SHAI_READER_H

#include "internal.h"

#include <iconv.h>
#include <stdio.h>
#include <zlib.h>
#include <zstd.h>

/* SHAI_MAX_LINE and SHAI_MAX_DOC_LINES are in internal.h: the filter
 * holds a document passed to it directly to the same caps. */

/* (The fuzzing build, `make fuzz`, lowers them with -D to keep each run
 * short; every other build uses these.) */
#ifndef SHAI_MAX_TEXT_DOC
#define SHAI_MAX_TEXT_DOC ((size_t)64 << 20)
#endif
#define SHAI_MAX_WET_HEADER ((size_t)1 << 20)

/* ------------------------------------------------------------ decompress.c */

enum { SHAI_SRC_PLAIN, SHAI_SRC_GZIP, SHAI_SRC_ZSTD };

/* A byte stream read from a FILE, gunzipped or unzstd'ed on the fly.
 * Decompressed bytes wait in out[out_pos..out_len). */
typedef struct shai_src {
    FILE *f;
    int kind;                     /* SHAI_SRC_* */
    unsigned char *in;            /* compressed bytes [in_pos, in_len) */
    size_t in_pos, in_len, in_cap;
    int in_eof;
    unsigned char *out;
    size_t out_pos, out_len, out_cap;
    z_stream z;
    int z_init, z_live;           /* inflate set up / inside a member */
    ZSTD_DStream *zs;
    size_t zs_hint;               /* 0 when the last frame is complete */
    int eof;                      /* no more bytes will come */
    int err;                      /* sticky error code, 0 if none */
    int err_whole;                /* err came between gzip members or zstd
                                     frames: every byte before it was
                                     checked (CRC, checksum) and is whole */
    char why[200];                /* reason of err */
    size_t nl;                    /* '\n' bytes consumed so far */
    size_t repaired;              /* sequences shai_src_repair replaced in
                                     the last line */
    shai_buf fix;                 /* scratch of the repair */
} shai_src;

/* Sets up s on f (not closed by the src) and detects compression by the
 * magic bytes.  Returns SHAI_OK or < 0 with s->why set; shai_src_close()
 * must be called either way. */
int shai_src_open(shai_src *s, FILE *f);
void shai_src_close(shai_src *s);
/* Makes up to `want` bytes available at s->out + s->out_pos; returns how
 * many are (fewer only at the end or before damage), or < 0 on an error
 * with nothing left before it. */
long shai_src_peek(shai_src *s, size_t want);
/* Consumes n bytes of those peeked. */
void shai_src_skip(shai_src *s, size_t n);
/* Replaces line's contents with the next line without its "\n" (a "\r"
 * stays).  Returns 1 for a line, 0 at the end, SHAI_ERR_TOOBIG when the
 * line passed line->max (it is then consumed up to its end and line left
 * empty), or < 0 on a stream error (line then holds the bytes of the cut
 * line read before the damage). */
int shai_src_line(shai_src *s, shai_buf *line);
/* shai_src_line without the copy when it can: *p, *n get the line
 * (without its "\n"), either in place in the stream's buffer (line is
 * then left empty) or in line.  Valid until the next call on s.  Returns
 * what shai_src_line returns. */
int shai_src_line_view(shai_src *s, shai_buf *line, const char **p, size_t *n);
/* Replaces invalid UTF-8 and NUL bytes in line (from shai_src_line) by
 * U+FFFD; s->repaired counts them (it is 0 after every shai_src_line).
 * The repaired line may be up to 3 times line->max long.  Returns SHAI_OK
 * or < 0. */
int shai_src_repair(shai_src *s, shai_buf *line);
/* Appends up to n bytes to out (out NULL: discards them).  Returns the
 * count (< n only at the end of the stream) or < 0. */
long long shai_src_read(shai_src *s, shai_buf *out, size_t n);
/* Puts n bytes back in front of the stream (resyncing after a bad WET
 * record).  Returns SHAI_OK or SHAI_ERR_NOMEM. */
int shai_src_unread(shai_src *s, const char *p, size_t n);

/* ------------------------------------------------------------ reader.c */

struct shai_reader {
    shai_format want;             /* forced format or SHAI_FMT_AUTO */
    char **paths;                 /* files to read, in order */
    size_t npaths, next_path;
    /* the file being read */
    FILE *f;
    int is_open;
    shai_src src;
    const char *source;           /* its name ("-" for standard input) */
    const char *base;             /* its base name (text document id) */
    int fmt;                      /* detected shai_format */
    size_t record;                /* records started in this file */
    size_t docs;                  /* documents returned from this file */
    int text_done;                /* text format: the one document is read */
    int resync;                   /* WET: skip lines up to "WARC/1." */
    /* scratch owned by the reader, backing shai_doc pointers */
    shai_buf line, text, id, url, title, body;
    void *json;                   /* json_t of the last JSONL record */
    size_t skipped;
    shai_status *st;              /* of the running shai_reader_next() */
    char reason[400];
    int cut_done;                 /* the record cut by a stream error is rejected */
    /* plain text not in UTF-8 (encoding.c) */
    int encoding;                 /* shai_encoding asked for (SHAI_ENC_AUTO) */
    iconv_t iconv_cd[4];          /* GB18030, Big5, UTF-16LE, UTF-16BE */
    int iconv_open[4];
    shai_buf alt, cand, cand2;    /* decoded texts */
    char enc_why[120];            /* why a decoding failed */
};

/* Per-format readers: fill doc's id/url/title/text/raw/record/line/repaired.
 * Return 1 (document), 0 (end of this file), a reject made with
 * shai_reader_reject(), or another code < 0 for a fatal stream error
 * (then r->src.err / r->src.why describe it). */
int shai_read_jsonl_next(shai_reader *r, shai_doc *doc);
int shai_read_wet_next(shai_reader *r, shai_doc *doc);
int shai_read_text_next(shai_reader *r, shai_doc *doc);

/* 1 when p[0..n) opens with a UTF-16 byte order mark (FF FE or FE FF). */
static inline int shai_utf16_bom(const unsigned char *p, size_t n)
{
    return n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF));
}

/* encoding.c.  The text of a plain-text document, r->body, as UTF-8 in
 * the encoding r->encoding names (SHAI_ENC_AUTO: see encoding.c); *enc
 * gets the encoding it was read in.  Returns the count of sequences
 * replaced by U+FFFD, or < 0 (SHAI_ERR_INVALID: no converter, r->enc_why
 * says which). */
long long shai_reader_text_decoded(shai_reader *r, const char **text, size_t *len, int *enc);
/* Closes r's converters. */
void shai_encoding_close(shai_reader *r);

/* Records a rejected record: fills doc's source/record/line, r->reason
 * and r->st ("source: record N, line L: reason").  Returns code. */
int shai_reader_reject(shai_reader *r, shai_doc *doc, int code, size_t record,
                       size_t line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Rejects the record that a stream error (r->src.err) cut short:
 * "cut off: <r->src.why>".  The sticky error then ends the file at the
 * next read.  Returns SHAI_ERR_FORMAT. */
int shai_reader_cut(shai_reader *r, shai_doc *doc, size_t record, size_t line);

/* Points *text at r->body's bytes when they are valid UTF-8 without NUL
 * bytes (no copy), else at a repaired copy in r->text.  Returns the
 * number of sequences repaired, or < 0. */
long long shai_reader_body_text(shai_reader *r, const char **text, size_t *len);
/* Its two halves.  body_utf8: 1 with *text at r->body's bytes when they
 * are valid UTF-8 without NUL bytes, else 0 (nothing set).
 * body_repaired: *text at r->body's bytes repaired into r->text, for a
 * caller that has found them invalid already; returns as body_text. */
int shai_reader_body_utf8(shai_reader *r, const char **text, size_t *len);
long long shai_reader_body_repaired(shai_reader *r, const char **text, size_t *len);

/* Appends s[0..n) to out with invalid UTF-8 sequences and NUL bytes
 * replaced by U+FFFD; returns how many were replaced, or < 0. */
long long shai_read_repair(shai_buf *out, const char *s, size_t n);

/* ------------------------------------------------------------ json_fast.c */

/* Where a string value sits in the line: bytes [a, b) between the
 * quotes; esc when it holds a backslash.  set: the key was seen with a
 * string value last. */
typedef struct shai_jstr {
    size_t a, b;
    int set, esc;
    int nul;                      /* has a \u0000 escape */
} shai_jstr;

/* The scanner's state over one line p[0..n). */
typedef struct shai_jscan {
    const unsigned char *p;
    size_t n;
    shai_jstr text, id, url, meta_url, title;
    int any_number;               /* accept numbers jansson may find too
                                     large (shai_json_raw_member) */
    int lenient;                  /* after jansson failed on a limit of its
                                     own (a number past its range, NUL in a
                                     key): escaped keys are decoded to be
                                     compared, NUL in a key is accepted */
    char key[16];                 /* the last escaped key, decoded (lenient) */
    size_t keyn;
} shai_jscan;

/* Scans the line f->p[0..f->n) (f->p and f->n set by the caller): 1 when
 * it is a JSON object that jansson would accept too and that has a
 * "text" string, with where its "text", "id", "url", "metadata"."url"
 * and "title" strings are in f; 0 when jansson must read it. */
int shai_json_fast_record(shai_jscan *f);
/* The bytes [*a, *b) of the value of the last top-level member `key` of
 * the line p[0..n), which jansson has read as valid JSON: 1 when found, 0
 * when not or when the scanner cannot tell (an escaped key, deep nesting).
 * Used to write a numeric id as it is written in the line. */
int shai_json_raw_member(const char *p, size_t n, const char *key, size_t *a, size_t *b);
/* Points *s, *len at string sp of the line, unescaped into out when it
 * has escapes (it was checked by shai_json_fast_record).  Returns SHAI_OK
 * or < 0. */
int shai_json_unescape(const shai_jscan *f, const shai_jstr *sp, shai_buf *out, const char **s,
                       size_t *len);

#endif
