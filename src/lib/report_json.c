/*
 * report_json.c — the report's JSON: reading `shai filter --blocks`
 * lines and summaries with jansson, and writing summaries.
 *
 * The summary holds integer counts only and every host, sorted by name
 * (bytewise), so that equal reports are written as equal bytes.  It is
 * formatted here, not by jansson, to keep its layout fixed; the keys
 * come in exactly this order, one host per line:
 *
 *   {"format": "shai-report", "version": 1,
 *    "documents": N, "documents_out": N, "documents_empty": N,
 *    "blocks": N, "blocks_out": N, "chars": N, "chars_out": N,
 *    "blocks_no_chars": N, "rejected": N, "files_failed": N (optional
 *    when read: summaries written before it lack it),
 *    "labels": {"content": {"blocks": N, "blocks_kept": N, "chars": N,
 *               "chars_kept": N, "documents": N}, ... all five, in
 *               shai_label order ...},
 *    "hist_chars": [12 x N], "hist_blocks": [12 x N],
 *    "hosts_overflow": N,
 *    "hosts": [{"host": "...", "documents": N, "blocks": N,
 *               "blocks_dropped": N, "chars": N, "chars_dropped": N,
 *               "adult_spam_documents": N, "place_list_documents": N}, ...]}
 *
 * Reading: jansson parses (one json_loadb per --blocks line, one per
 * summary) and this file checks.  A count must be a JSON integer >= 0;
 * jansson keeps integers exact in 64 bits, so the largest is 2^63 - 1
 * (a larger one is a syntax error, "too big integer").  A real (7.0,
 * 1e3), a negative number or another type is rejected.  The summary
 * loader ignores unknown keys, requires the others, and checks that the
 * counts agree with each other before adding anything.
 *
 * Messages:
 *   FILE:LINE:COLUMN: what   a syntax error (jansson's; for --blocks the
 *                            line is the input line, the column jansson's
 *                            character column within it)
 *   FILE:LINE: what          a well-formed --blocks line that is wrong
 *   FILE: PATH: what         a wrong value in a summary; PATH in jq syntax
 *                            (.hosts[2].chars), since jansson keeps no
 *                            positions of values
 *   FILE: what               counts of a summary that disagree
 */
#include "report.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ common */


/* A count: a JSON integer >= 0 into *out.  Returns 0, or -1 with the
 * complaint in why. */
static int count_of(const json_t *v, uint64_t *out, char why[96])
{
    char got[48];
    if (json_is_integer(v) && json_integer_value(v) >= 0) {
        *out = (uint64_t)json_integer_value(v);
        return 0;
    }
    if (json_is_integer(v)) {
        snprintf(got, sizeof got, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    } else if (json_is_real(v)) {
        shai_snprintf_c(got, sizeof got, "%.15g", json_real_value(v));
        if (!strpbrk(got, ".eni")) strcat(got, ".0");   /* 7.0 is not 7 */
    } else {
        snprintf(got, sizeof got, "%s", shai_json_type_name(v));
    }
    snprintf(why, 96, "expected a whole number >= 0, got %s", got);
    return -1;
}

/* A jansson load error as FILE:LINE:COLUMN (line0: the line where the
 * parsed text starts).  trailing names what follows the JSON text. */
static int syntax_fail(shai_status *st, const char *name, size_t line0, const json_error_t *e,
                       const char *trailing)
{
    enum json_error_code code = json_error_code(e);
    size_t line = line0 + (e->line > 1 ? (size_t)e->line - 1 : 0);
    if (code == json_error_out_of_memory)
        return shai_fail(st, SHAI_ERR_NOMEM, "%s: out of memory", name);
    if (e->line < 1 || e->column < 1)
        return shai_fail(st, SHAI_ERR_FORMAT, "%s:%zu: %s", name, line,
                         code == json_error_end_of_input_expected ? trailing : e->text);
    return shai_fail(st, SHAI_ERR_FORMAT, "%s:%zu:%d: %s", name, line, e->column,
                     code == json_error_end_of_input_expected ? trailing : e->text);
}

/* ------------------------------------------------------------ --blocks lines */

static int blank(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return 0;
    return 1;
}

/* Copies string v into b; a value over b's cap is a format error. */
static int copy_str(shai_buf *b, const json_t *v, const char *key, const char *name,
                    size_t lineno, shai_status *st)
{
    int rc;
    b->len = 0;
    rc = shai_buf_append(b, json_string_value(v), json_string_length(v));
    if (rc == SHAI_ERR_TOOBIG)
        return shai_fail(st, SHAI_ERR_FORMAT, "%s:%zu: \"%s\" longer than %zu bytes", name, lineno,
                         key, b->max);
    return rc;
}

int shai_parse_block_line(const char *s, size_t n, const char *source, size_t lineno,
                          shai_blockline *bl, shai_status *st)
{
    const char *name = source ? source : "-";
    json_error_t e;
    json_t *j, *v;
    char why[96];
    int rc = SHAI_OK;
    bl->id.len = bl->url.len = 0;
    bl->have_id = bl->have_url = bl->have_line = bl->have_chars = bl->have_keep = bl->have_doc = 0;
    bl->label = -1;
    bl->keep = 0;
    bl->line = bl->chars = bl->doc = 0;
    if (blank(s, n)) return 1;
    /* DECODE_ANY: a scalar is "not an object", not a syntax error;
     * ALLOW_NUL: ids and urls may hold U+0000 (the JSONL reader allows it) */
    j = json_loadb(s, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
    if (!j) return syntax_fail(st, name, lineno, &e, "text after the JSON object");
#define LINE_FAIL(...) do { rc = shai_fail(st, SHAI_ERR_FORMAT, __VA_ARGS__); goto out; } while (0)
    if (!json_is_object(j)) LINE_FAIL("%s:%zu: expected a JSON object", name, lineno);
    if (json_is_string(v = json_object_get(j, "id"))) {
        if ((rc = copy_str(&bl->id, v, "id", name, lineno, st))) goto out;
        bl->have_id = 1;
    }
    if (json_is_string(v = json_object_get(j, "url"))) {     /* another type: no url */
        if ((rc = copy_str(&bl->url, v, "url", name, lineno, st))) goto out;
        bl->have_url = 1;
    }
    if ((v = json_object_get(j, "label"))) {
        if (!json_is_string(v)) LINE_FAIL("%s:%zu: \"label\": expected a string, got %s", name, lineno, shai_json_type_name(v));
        bl->label = shai_label_parse(json_string_value(v), json_string_length(v));
        if (bl->label < 0 || json_string_length(v) == 1)     /* names, not .lbl codes */
            LINE_FAIL("%s:%zu: unknown label", name, lineno);
    }
    if ((v = json_object_get(j, "keep"))) {
        if (!json_is_boolean(v)) LINE_FAIL("%s:%zu: \"keep\": expected true or false, got %s", name, lineno, shai_json_type_name(v));
        bl->keep = json_is_true(v);
        bl->have_keep = 1;
    }
    if ((v = json_object_get(j, "line"))) {
        if (count_of(v, &bl->line, why)) LINE_FAIL("%s:%zu: \"line\": %s", name, lineno, why);
        bl->have_line = 1;
    }
    if ((v = json_object_get(j, "chars"))) {
        if (count_of(v, &bl->chars, why)) LINE_FAIL("%s:%zu: \"chars\": %s", name, lineno, why);
        bl->have_chars = 1;
    }
    if ((v = json_object_get(j, "doc"))) {
        if (count_of(v, &bl->doc, why)) LINE_FAIL("%s:%zu: \"doc\": %s", name, lineno, why);
        bl->have_doc = 1;
    }
    if (!bl->have_id) LINE_FAIL("%s:%zu: block line without a string \"id\"", name, lineno);
    if (bl->label < 0) LINE_FAIL("%s:%zu: block line without \"label\"", name, lineno);
    if (!bl->have_keep) LINE_FAIL("%s:%zu: block line without \"keep\"", name, lineno);
#undef LINE_FAIL
out:
    json_decref(j);
    return rc;
}

/* ------------------------------------------------------------ writer */

static const char *const host_keys[] = {
    "documents", "blocks", "blocks_dropped", "chars", "chars_dropped",
    "adult_spam_documents", "place_list_documents"};
#define NHOSTKEYS 7

static uint64_t *host_field(shai_rhost *x, int k)
{
    uint64_t *f[NHOSTKEYS];
    f[0] = &x->documents; f[1] = &x->blocks; f[2] = &x->blocks_dropped;
    f[3] = &x->chars; f[4] = &x->chars_dropped; f[5] = &x->adult; f[6] = &x->place;
    return f[k];
}

typedef struct byname { const char *name; size_t len, i; } byname;

static int cmp_name(const void *a, const void *b)
{
    const byname *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->name, y->name, n);
    if (c) return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

static int put_hist(shai_buf *b, const char *key, const uint64_t *h)
{
    size_t i;
    int rc = shai_buf_printf(b, " \"%s\": [", key);
    for (i = 0; !rc && i < SHAI_REPORT_BINS; i++)
        rc = shai_buf_printf(b, "%s%llu", i ? ", " : "", (unsigned long long)h[i]);
    return rc ? rc : shai_buf_printf(b, "],\n");
}

#define U(x) ((unsigned long long)(x))

int shai_report_write_json(const shai_report *r, FILE *out, shai_status *st)
{
    const shai_report_counts *c;
    shai_buf b;
    byname *order = NULL;
    size_t i;
    int rc, k;
    if (!r || !out) return SHAI_ERR_INVALID;
    c = &r->c;
    shai_buf_init(&b, 0);
    rc = shai_buf_printf(&b,
        "{\"format\": \"shai-report\", \"version\": 1,\n"
        " \"documents\": %llu, \"documents_out\": %llu, \"documents_empty\": %llu,\n"
        " \"blocks\": %llu, \"blocks_out\": %llu, \"chars\": %llu, \"chars_out\": %llu,\n"
        " \"blocks_no_chars\": %llu, \"rejected\": %llu, \"files_failed\": %llu,\n \"labels\": {\n",
        U(c->documents), U(c->documents_out), U(c->documents_empty), U(c->blocks),
        U(c->blocks_out), U(c->chars), U(c->chars_out), U(c->blocks_no_chars), U(c->rejected),
        U(c->files_failed));
    for (k = 0; !rc && k < SHAI_NLABELS; k++)
        rc = shai_buf_printf(&b,
            "  \"%s\": {\"blocks\": %llu, \"blocks_kept\": %llu, \"chars\": %llu, "
            "\"chars_kept\": %llu, \"documents\": %llu}%s\n",
            shai_label_name(k), U(c->label_blocks[k]), U(c->label_blocks_kept[k]),
            U(c->label_chars[k]), U(c->label_chars_kept[k]), U(c->label_documents[k]),
            k + 1 < SHAI_NLABELS ? "," : "");
    if (!rc) rc = shai_buf_printf(&b, " },\n");
    if (!rc) rc = put_hist(&b, "hist_chars", c->hist_chars);
    if (!rc) rc = put_hist(&b, "hist_blocks", c->hist_blocks);
    if (!rc) rc = shai_buf_printf(&b, " \"hosts_overflow\": %llu,\n \"hosts\": [", U(c->hosts_overflow));
    if (!rc && r->nhosts) {
        order = malloc(r->nhosts * sizeof *order);
        if (!order) rc = SHAI_ERR_NOMEM;
        for (i = 0; order && i < r->nhosts; i++) {
            order[i].name = r->names.p + r->hosts[i].name;
            order[i].len = r->hosts[i].name_len;
            order[i].i = i;
        }
        if (order) qsort(order, r->nhosts, sizeof *order, cmp_name);
    }
    for (i = 0; !rc && i < r->nhosts; i++) {
        shai_rhost *x = &r->hosts[order[i].i];
        rc = shai_buf_printf(&b, "%s\n  {\"host\": ", i ? "," : "");
        if (!rc) rc = shai_buf_json_str(&b, r->names.p + x->name, x->name_len);
        for (k = 0; !rc && k < NHOSTKEYS; k++)
            rc = shai_buf_printf(&b, ", \"%s\": %llu", host_keys[k], U(*host_field(x, k)));
        if (!rc) rc = shai_buf_putc(&b, '}');
        if (!rc && b.len > (1u << 20)) rc = shai_report_flush_buf(&b, out, st);
    }
    if (!rc) rc = shai_buf_printf(&b, "%s]}\n", r->nhosts ? "\n " : "");
    if (!rc) rc = shai_report_flush_buf(&b, out, st);
    else if (rc == SHAI_ERR_NOMEM || rc == SHAI_ERR_TOOBIG) rc = shai_fail(st, SHAI_ERR_NOMEM, "report: out of memory");
    free(order);
    shai_buf_free(&b);
    return rc;
}

/* ------------------------------------------------------------ loader */

typedef struct loader { const char *name; shai_status *st; } loader;

/* A format error at path (jq syntax; NULL or "" for the whole summary). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int lfail(const loader *L, const char *path, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (path && *path) return shai_fail(L->st, SHAI_ERR_FORMAT, "%s: %s: %s", L->name, path, msg);
    return shai_fail(L->st, SHAI_ERR_FORMAT, "%s: %s", L->name, msg);
}

/* obj[key] as a count; owner names obj in the message when it is absent. */
static int need_count(const loader *L, const json_t *obj, const char *path, const char *key,
                      const char *owner, uint64_t *out)
{
    char full[64], why[96];
    const json_t *v = json_object_get(obj, key);
    if (!v) return lfail(L, path, "%s lacks a required field (\"%s\")", owner, key);
    snprintf(full, sizeof full, "%s.%s", path, key);
    if (count_of(v, out, why)) return lfail(L, full, "%s", why);
    return SHAI_OK;
}

static int get_hist(const loader *L, const json_t *top, const char *key, uint64_t *h)
{
    const json_t *a = json_object_get(top, key);
    char path[64], why[96];
    size_t i;
    if (!a) return lfail(L, NULL, "summary lacks a required field (\"%s\")", key);
    if (!json_is_array(a) || json_array_size(a) != SHAI_REPORT_BINS)
        return lfail(L, NULL, "\"%s\" must be %d numbers", key, SHAI_REPORT_BINS);
    for (i = 0; i < SHAI_REPORT_BINS; i++) {
        if (count_of(json_array_get(a, i), &h[i], why)) {
            snprintf(path, sizeof path, ".%s[%zu]", key, i);
            return lfail(L, path, "%s", why);
        }
    }
    return SHAI_OK;
}

static int get_labels(const loader *L, const json_t *top, shai_report_counts *c)
{
    static const char *const keys[] = {"blocks", "blocks_kept", "chars", "chars_kept", "documents"};
    const json_t *ls = json_object_get(top, "labels");
    char path[64];
    int k, f, rc;
    if (!ls) return lfail(L, NULL, "summary lacks a required field (\"labels\")");
    if (!json_is_object(ls)) return lfail(L, NULL, "\"labels\" must be an object");
    /* other keys (a newer writer's labels, one-letter codes) are ignored */
    for (k = 0; k < SHAI_NLABELS; k++) {
        const char *lname = shai_label_name(k);
        const json_t *o = json_object_get(ls, lname);
        uint64_t *v[5];
        v[0] = &c->label_blocks[k]; v[1] = &c->label_blocks_kept[k]; v[2] = &c->label_chars[k];
        v[3] = &c->label_chars_kept[k]; v[4] = &c->label_documents[k];
        snprintf(path, sizeof path, ".labels.%s", lname);
        if (!o) return lfail(L, NULL, "summary lacks a label (\"%s\")", lname);
        if (!json_is_object(o)) return lfail(L, path, "a label's counts must be an object");
        for (f = 0; f < 5; f++)
            if ((rc = need_count(L, o, path, keys[f], "a label", v[f]))) return rc;
    }
    return SHAI_OK;
}

/* A host name from a summary: valid UTF-8 of at most SHAI_HOST_MAX
 * bytes without control characters (it is printed to terminals). */
static int host_name_ok(const char *p, size_t len)
{
    size_t i;
    if (len == 0 || len > SHAI_HOST_MAX || !shai_utf8_valid(p, len)) return 0;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c < 0x20 || c == 0x7F) return 0;
        if (c == 0xC2 && i + 1 < len && (unsigned char)p[i + 1] < 0xA0) return 0;
    }
    return 1;
}

/* Host counts summed over all hosts (host_keys order). */
typedef struct hostsum { uint64_t v[NHOSTKEYS]; } hostsum;

static int get_hosts(const loader *L, const json_t *top, shai_report *r, hostsum *sum)
{
    const json_t *hs = json_object_get(top, "hosts"), *x;
    char path[64], full[80];
    size_t i;
    if (!hs) return lfail(L, NULL, "summary lacks a required field (\"hosts\")");
    if (!json_is_array(hs)) return lfail(L, NULL, "\"hosts\" must be an array");
    json_array_foreach(hs, i, x) {
        const json_t *name = json_object_get(x, "host");
        shai_rhost h;
        int k, over, rc;
        long hi;
        memset(&h, 0, sizeof h);
        snprintf(path, sizeof path, ".hosts[%zu]", i);
        if (!json_is_object(x)) return lfail(L, path, "a host must be an object");
        if (!name) return lfail(L, path, "a host lacks a required field (\"host\")");
        if (!json_is_string(name)) {
            snprintf(full, sizeof full, "%s.host", path);
            return lfail(L, full, "expected a string, got %s", shai_json_type_name(name));
        }
        for (k = 0; k < NHOSTKEYS; k++)
            if ((rc = need_count(L, x, path, host_keys[k], "a host", host_field(&h, k)))) return rc;
        if (h.blocks_dropped > h.blocks || h.chars_dropped > h.chars || h.adult > h.documents ||
            h.place > h.documents)
            return lfail(L, path, "a host's counts disagree");
        if (!host_name_ok(json_string_value(name), json_string_length(name)))
            return lfail(L, path, "bad host name");
        {
            /* a host as shai_url_host() makes it today: a summary of an
             * older shai may hold a name it no longer gives (ＥＸ.com,
             * an invisible character), which joins its folded form or
             * "(invalid url)" */
            const char *nm = json_string_value(name);
            size_t nl = json_string_length(name);
            char buf[SHAI_HOST_MAX + 3], host[SHAI_HOST_MAX + 1];
            if (strcmp(nm, SHAI_HOST_NONE) && strcmp(nm, SHAI_HOST_INVALID) && strcmp(nm, SHAI_HOST_OTHER)) {
                memcpy(buf, "//", 2);
                memcpy(buf + 2, nm, nl);
                nl = shai_url_host(buf, nl + 2, host);
                nm = host;
            }
            hi = shai_report_host_index(r, nm, nl, &over);
        }
        if (hi < 0) return (int)hi;
        if (over) r->c.hosts_overflow += h.documents;
        for (k = 0; k < NHOSTKEYS; k++) {
            uint64_t v = *host_field(&h, k);
            if (sum->v[k] > SHAI_REPORT_COUNT_MAX - v) return lfail(L, NULL, "counts too large");
            sum->v[k] += v;
            *host_field(&r->hosts[hi], k) += v;
        }
    }
    return SHAI_OK;
}

/* *s = v[0] + ... + v[n-1]; 0 when that overflows. */
static int sum_of(const uint64_t *v, size_t n, uint64_t *s)
{
    size_t i;
    *s = 0;
    for (i = 0; i < n; i++) {
        if (*s > UINT64_MAX - v[i]) return 0;
        *s += v[i];
    }
    return 1;
}

/* Checks that the totals agree; returns a complaint or NULL.  Every
 * document belongs to one host, so the hosts add up to the totals. */
static const char *check_counts(const shai_report_counts *c, const hostsum *hs)
{
    int k;
    uint64_t with_blocks = c->documents - c->documents_empty, sb, sbk, sc, sck, hb, hc;
    if (!sum_of(c->label_blocks, SHAI_NLABELS, &sb) || !sum_of(c->label_blocks_kept, SHAI_NLABELS, &sbk) ||
        !sum_of(c->label_chars, SHAI_NLABELS, &sc) || !sum_of(c->label_chars_kept, SHAI_NLABELS, &sck) ||
        !sum_of(c->hist_blocks, SHAI_REPORT_BINS, &hb) || !sum_of(c->hist_chars, SHAI_REPORT_BINS, &hc))
        return "counts too large";
    if (c->documents_empty > c->documents || c->documents_out > with_blocks)
        return "document counts disagree";
    if (sb != c->blocks || sbk != c->blocks_out || sc != c->chars || sck != c->chars_out)
        return "label counts do not add up to the totals";
    for (k = 0; k < SHAI_NLABELS; k++)
        if (c->label_blocks_kept[k] > c->label_blocks[k] || c->label_chars_kept[k] > c->label_chars[k] ||
            c->label_documents[k] > with_blocks || c->label_documents[k] > c->label_blocks[k])
            return "a label's counts disagree";
    if (c->blocks_no_chars > c->blocks || c->blocks < with_blocks) return "block counts disagree";
    if (hb != with_blocks || hc > with_blocks)
        return "histogram counts do not add up to the documents";
    if (hs->v[0] != c->documents || c->hosts_overflow > c->documents)
        return "host documents do not add up to the documents";
    if (hs->v[1] != c->blocks || hs->v[2] != c->blocks - c->blocks_out || hs->v[3] != c->chars ||
        hs->v[4] != c->chars - c->chars_out || hs->v[5] != c->label_documents[SHAI_ADULT_SPAM] ||
        hs->v[6] != c->label_documents[SHAI_PLACE_LIST])
        return "host counts do not add up to the totals";
    return NULL;
}

static int load(const loader *L, const json_t *j, shai_report *t)
{
    static const char *const top[] = {
        "documents", "documents_out", "documents_empty", "blocks", "blocks_out", "chars",
        "chars_out", "blocks_no_chars", "rejected", "hosts_overflow"};
    shai_report_counts *c = &t->c;
    uint64_t *topv[10], version = 0;
    hostsum hs;
    const json_t *v;
    const char *bad;
    int k, rc;
    topv[0] = &c->documents; topv[1] = &c->documents_out; topv[2] = &c->documents_empty;
    topv[3] = &c->blocks; topv[4] = &c->blocks_out; topv[5] = &c->chars;
    topv[6] = &c->chars_out; topv[7] = &c->blocks_no_chars; topv[8] = &c->rejected;
    topv[9] = &c->hosts_overflow;
    memset(&hs, 0, sizeof hs);
    if (!json_is_object(j)) return lfail(L, NULL, "expected a JSON object (a shai report summary)");
    if (!(v = json_object_get(j, "format")))
        return lfail(L, NULL, "summary lacks a required field (\"format\")");
    if (!json_is_string(v) || json_string_length(v) != 11 || memcmp(json_string_value(v), "shai-report", 11))
        return lfail(L, NULL, "not a shai report summary (\"format\" is not \"shai-report\")");
    if ((rc = need_count(L, j, "", "version", "summary", &version))) return rc;
    if (version != 1) return lfail(L, NULL, "report summary version is not 1 (from a newer shai?)");
    for (k = 0; k < 10; k++)
        if ((rc = need_count(L, j, "", top[k], "summary", topv[k]))) return rc;
    /* newer than the first summaries: absent means none */
    if (json_object_get(j, "files_failed") &&
        (rc = need_count(L, j, "", "files_failed", "summary", &c->files_failed)))
        return rc;
    if ((rc = get_labels(L, j, c))) return rc;
    if ((rc = get_hist(L, j, "hist_chars", c->hist_chars))) return rc;
    if ((rc = get_hist(L, j, "hist_blocks", c->hist_blocks))) return rc;
    if ((rc = get_hosts(L, j, t, &hs))) return rc;
    if ((bad = check_counts(c, &hs))) return lfail(L, NULL, "%s", bad);
    return SHAI_OK;
}

int shai_report_load_json(shai_report *r, const char *data, size_t len, const char *name,
                          shai_status *st)
{
    loader L;
    shai_report *t;
    json_error_t e;
    json_t *j;
    int rc;
    L.name = name ? name : "-";
    L.st = st;
    if (!r || (!data && len)) return shai_fail(st, SHAI_ERR_INVALID, "report: invalid argument");
    /* DECODE_ANY: a scalar is "not a summary"; ALLOW_NUL: "\u0000" in a
     * host name is a bad host name, as any control character */
    if (blank(data, len)) return lfail(&L, NULL, "empty file (not a shai report summary)");
    j = json_loadb(data ? data : "", len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
    if (!j) return syntax_fail(st, L.name, 1, &e, "text after the summary");
    if (!(t = shai_report_new())) {
        json_decref(j);
        return shai_fail(st, SHAI_ERR_NOMEM, "report: out of memory");
    }
    t->host_cap = (size_t)-1;
    rc = load(&L, j, t);
    json_decref(j);
    if (rc == SHAI_ERR_NOMEM || rc == SHAI_ERR_TOOBIG)
        rc = shai_fail(st, SHAI_ERR_NOMEM, "%s: out of memory", L.name);
    /* the totals bound every other count (check_counts()): when they fit
     * after the merge, everything does */
    if (!rc && (r->c.documents > SHAI_REPORT_COUNT_MAX - t->c.documents ||
                r->c.blocks > SHAI_REPORT_COUNT_MAX - t->c.blocks ||
                r->c.chars > SHAI_REPORT_COUNT_MAX - t->c.chars ||
                r->c.rejected > SHAI_REPORT_COUNT_MAX - t->c.rejected ||
                r->c.files_failed > SHAI_REPORT_COUNT_MAX - t->c.files_failed))
        rc = lfail(&L, NULL, "counts too large to add (a total would pass 2^63 - 1)");
    if (!rc && (rc = shai_report_merge(r, t)))
        shai_fail(st, rc, "%s: out of memory", L.name);
    shai_report_free(t);
    return rc;
}

int shai_report_load_json_file(shai_report *r, const char *path, shai_status *st)
{
    FILE *f;
    shai_buf b;
    int rc = SHAI_OK, std = !path || !strcmp(path, "-");
    const char *name = std ? "-" : path;
    if (!r) return shai_fail(st, SHAI_ERR_INVALID, "report: invalid argument");
    f = std ? stdin : fopen(path, "rb");
    if (!f) return shai_fail(st, SHAI_ERR_IO, "%s: cannot open: %s", name, strerror(errno));
    shai_buf_init(&b, 0);
    errno = 0;
    rc = shai_buf_read_stream(&b, f);
    if (rc == SHAI_ERR_TOOBIG) rc = shai_fail(st, rc, "%s: larger than 1 GiB", name);
    else if (rc == SHAI_ERR_IO) rc = shai_fail(st, rc, "%s: read error: %s", name, strerror(errno));
    else if (rc) rc = shai_fail(st, rc, "%s: out of memory", name);
    if (!std) fclose(f);
    if (!rc) rc = shai_report_load_json(r, b.p, b.len, name, st);
    shai_buf_free(&b);
    return rc;
}
