/*
 * report.h — contamination report internals shared by report.c,
 * report_json.c, report_table.c and report_html.c.
 */
#ifndef SHAI_REPORT_H
#define SHAI_REPORT_H

#include "internal.h"

/* Special host names (never valid host names: they hold parentheses). */
#define SHAI_HOST_NONE "(no url)"
#define SHAI_HOST_INVALID "(invalid url)"
#define SHAI_HOST_OTHER "(other)"

/* Largest count a summary holds: JSON integers are read as exact signed
 * 64-bit numbers (jansson), so every count is kept at or below this; a
 * --blocks line or a summary that would pass it is refused. */
#define SHAI_REPORT_COUNT_MAX ((uint64_t)INT64_MAX)

/* Longest host kept as is (DNS allows 253, plus brackets for IPv6). */
#define SHAI_HOST_MAX 255

/* One host's counts; its name is names.p + name (NUL-terminated). */
typedef struct shai_rhost {
    uint64_t hash;
    size_t name, name_len;
    uint64_t documents, blocks, blocks_dropped, chars, chars_dropped;
    uint64_t adult, place;
} shai_rhost;

/* One document's blocks summed per label. */
typedef struct shai_docsum {
    uint64_t blocks[SHAI_NLABELS], blocks_kept[SHAI_NLABELS];
    uint64_t chars[SHAI_NLABELS], chars_kept[SHAI_NLABELS];
    uint64_t no_chars;       /* blocks of unknown length */
} shai_docsum;

/* A parsed line of `shai filter --blocks` output. */
typedef struct shai_blockline {
    shai_buf id, url;
    int have_id, have_url, have_line, have_chars, have_keep, have_doc;
    int label, keep;
    uint64_t line, chars, doc;
} shai_blockline;

struct shai_report {
    shai_report_counts c;
    shai_rhost *hosts;
    size_t nhosts, hostcap;
    size_t *slots;           /* open addressing: host index + 1, 0 = free */
    size_t nslots;           /* power of two, or 0 */
    shai_buf names;          /* host names, each followed by a NUL */
    size_t host_cap;         /* most distinct hosts kept */
    /* the document being assembled from --blocks lines */
    int pend_open;
    shai_blockline pend_key; /* id and url of the pending document */
    uint64_t pend_line;      /* last line number seen, when have_line */
    uint64_t pend_doc;       /* its "doc" number, when have_doc */
    shai_docsum pend;
    shai_blockline scratch;  /* the line being parsed */
};

/* Extracts the host of a URL into out (lower case, no user, port, path,
 * or trailing dot); SHAI_HOST_NONE for an empty URL and SHAI_HOST_INVALID
 * when it holds no plausible host.  Returns the host's length. */
size_t shai_url_host(const char *url, size_t len, char out[SHAI_HOST_MAX + 1]);

/* Adds a document's sums under a host name (not a URL). */
int shai_report_add_sum(shai_report *r, const char *host, size_t host_len,
                        const shai_docsum *d);

/* Finds or creates a host (counting it under SHAI_HOST_OTHER past the
 * cap: *overflow is then set to 1, unless host is SHAI_HOST_OTHER
 * itself).  Returns its index or < 0. */
long shai_report_host_index(shai_report *r, const char *host, size_t len,
                            int *overflow);

/* Host i's name. */
const char *shai_report_host_name(const shai_report *r, size_t i);

/* Bucket of d dropped out of t units (t > 0): see SHAI_REPORT_BINS. */
size_t shai_report_bin(uint64_t d, uint64_t t);
/* Bucket names for display: "0", "(0,10%)", "[10,20%)", ..., "100%". */
const char *shai_report_bin_name(size_t bin);

/* 1 when character figures are complete (no block of unknown length). */
int shai_report_chars_known(const shai_report *r);

/* Host indices ranked as shai_report_top_hosts() does; *n gets the
 * count (min(k, hosts)).  Returns a malloc'ed array (caller frees), or
 * NULL when out of memory or when there is nothing to rank. */
size_t *shai_report_rank_hosts(const shai_report *r, size_t k, size_t *n);

/* Parses one --blocks line into bl (buffers reused).  Returns SHAI_OK,
 * 1 for a blank line, or SHAI_ERR_FORMAT / SHAI_ERR_NOMEM. */
int shai_parse_block_line(const char *s, size_t n, const char *source, size_t lineno,
                          shai_blockline *bl, shai_status *st);

/* Writes buf to out; SHAI_ERR_IO with st filled on failure. */
int shai_report_flush_buf(shai_buf *b, FILE *out, shai_status *st);

/* Share num/den as a percentage string "12.3%" (or "n/a" when den is 0)
 * into out (16 bytes): one decimal, more when one would show 0.0% of a
 * count that is not 0 or 100.0% of less than den ("0.05%", "99.95%"). */
const char *shai_report_pct(uint64_t num, uint64_t den, char out[16]);

#endif
