/*
 * report_json.c — the report's JSON: a small pull parser (for summaries
 * and for `shai filter --blocks` lines), the summary writer and loader.
 *
 * The summary holds integer counts only and every host, sorted by name,
 * so that equal reports are written as equal bytes:
 *
 *   {"format": "shai-report", "version": 1,
 *    "documents": N, "documents_out": N, "documents_empty": N,
 *    "blocks": N, "blocks_out": N, "chars": N, "chars_out": N,
 *    "blocks_no_chars": N, "rejected": N,
 *    "labels": {"content": {"blocks": N, "blocks_kept": N, "chars": N,
 *               "chars_kept": N, "documents": N}, ... all five ...},
 *    "hist_chars": [12 x N], "hist_blocks": [12 x N],
 *    "hosts_overflow": N,
 *    "hosts": [{"host": "...", "documents": N, "blocks": N,
 *               "blocks_dropped": N, "chars": N, "chars_dropped": N,
 *               "adult_spam_documents": N, "place_list_documents": N}, ...]}
 *
 * The loader ignores unknown keys, requires the others, and checks that
 * the counts agree with each other before adding anything.
 */
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ pull parser */

typedef struct jp {
    const char *s;
    size_t n, i, line;
    const char *name;
    shai_status *st;
} jp;

#define JP_MAX_DEPTH 64

static int jp_err(jp *p, const char *what)
{
    return shai_fail(p->st, SHAI_ERR_FORMAT, "%s:%zu: %s", p->name, p->line, what);
}

/* Next significant character (not consumed), or -1 at the end. */
static int jp_peek(jp *p)
{
    while (p->i < p->n) {
        char c = p->s[p->i];
        if (c == '\n') p->line++;
        else if (c != ' ' && c != '\t' && c != '\r') return (unsigned char)c;
        p->i++;
    }
    return -1;
}

static int jp_expect(jp *p, char c, const char *what)
{
    if (jp_peek(p) != (unsigned char)c) return jp_err(p, what);
    p->i++;
    return SHAI_OK;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static long jp_hex4(jp *p)
{
    long v = 0;
    int k;
    if (p->n - p->i < 4) return -1;
    for (k = 0; k < 4; k++) {
        int h = hexval(p->s[p->i + k]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    p->i += 4;
    return v;
}

/* Reads a string into out (decoded, UTF-8); out may be NULL to skip. */
static int jp_str(jp *p, shai_buf *out)
{
    size_t run;
    int rc;
    if (jp_expect(p, '"', "expected a string")) return SHAI_ERR_FORMAT;
    if (out) out->len = 0;
    run = p->i;
    while (p->i < p->n) {
        unsigned char c = (unsigned char)p->s[p->i];
        char u[4];
        long cp, lo;
        if (c == '"') {
            if (out && (rc = shai_buf_append(out, p->s + run, p->i - run))) return rc;
            p->i++;
            return SHAI_OK;
        }
        if (c < 0x20) return jp_err(p, "control character in a string");
        if (c != '\\') { p->i++; continue; }
        if (out && (rc = shai_buf_append(out, p->s + run, p->i - run))) return rc;
        if (++p->i >= p->n) break;
        c = (unsigned char)p->s[p->i++];
        switch (c) {
        case '"': case '\\': case '/': u[0] = (char)c; cp = -1; break;
        case 'b': u[0] = '\b'; cp = -1; break;
        case 'f': u[0] = '\f'; cp = -1; break;
        case 'n': u[0] = '\n'; cp = -1; break;
        case 'r': u[0] = '\r'; cp = -1; break;
        case 't': u[0] = '\t'; cp = -1; break;
        case 'u':
            if ((cp = jp_hex4(p)) < 0) return jp_err(p, "bad \\u escape");
            if (cp >= 0xD800 && cp < 0xDC00) {
                if (p->n - p->i < 6 || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u')
                    return jp_err(p, "unpaired surrogate escape");
                p->i += 2;
                lo = jp_hex4(p);
                if (lo < 0xDC00 || lo > 0xDFFF) return jp_err(p, "unpaired surrogate escape");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp < 0xE000) {
                return jp_err(p, "unpaired surrogate escape");
            }
            break;
        default: return jp_err(p, "bad escape in a string");
        }
        if (out) {
            size_t k = cp < 0 ? 1 : shai_utf8_put((uint32_t)cp, u);
            if ((rc = shai_buf_append(out, u, k))) return rc;
        }
        run = p->i;
    }
    return jp_err(p, "unterminated string");
}

/* Reads a number; a non-negative integer into *v when v is not NULL. */
static int jp_num(jp *p, uint64_t *v)
{
    size_t s;
    uint64_t x = 0;
    int overflow = 0, integral = 1;
    jp_peek(p);
    s = p->i;
    if (p->i < p->n && p->s[p->i] == '-') { p->i++; integral = 0; }
    if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9') return jp_err(p, "expected a number");
    while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') {
        unsigned d = (unsigned)(p->s[p->i++] - '0');
        if (x > (UINT64_MAX - d) / 10) overflow = 1;
        else x = x * 10 + d;
    }
    if (p->i < p->n && p->s[p->i] == '.') {
        integral = 0;
        p->i++;
        if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9') return jp_err(p, "bad number");
        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') p->i++;
    }
    if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        integral = 0;
        p->i++;
        if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-')) p->i++;
        if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9') return jp_err(p, "bad number");
        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') p->i++;
    }
    if (!v) return SHAI_OK;
    if (!integral || (p->s[s] == '0' && p->i - s > 1)) return jp_err(p, "expected a whole number >= 0");
    if (overflow) return jp_err(p, "number too large");
    *v = x;
    return SHAI_OK;
}

static int jp_word(jp *p, const char *w)
{
    size_t n = strlen(w);
    if (p->n - p->i < n || memcmp(p->s + p->i, w, n)) return jp_err(p, "bad literal");
    p->i += n;
    return SHAI_OK;
}

static int jp_bool(jp *p, int *v)
{
    int c = jp_peek(p);
    if (c == 't') { *v = 1; return jp_word(p, "true"); }
    if (c == 'f') { *v = 0; return jp_word(p, "false"); }
    return jp_err(p, "expected true or false");
}

/* Object and array iteration: *first starts at 1; returns 1 when a
 * member (key read into key, and the ':' consumed) or an element
 * follows, 0 at the closing bracket, < 0 on error. */
static int jp_member(jp *p, int *first, shai_buf *key)
{
    int c = jp_peek(p), rc;
    if (c == '}') { p->i++; return 0; }
    if (!*first && (rc = jp_expect(p, ',', "expected ',' or '}'"))) return rc;
    *first = 0;
    if ((rc = jp_str(p, key))) return rc;
    if ((rc = jp_expect(p, ':', "expected ':'"))) return rc;
    return 1;
}

static int jp_element(jp *p, int *first)
{
    int c = jp_peek(p), rc;
    if (c == ']') { p->i++; return 0; }
    if (!*first && (rc = jp_expect(p, ',', "expected ',' or ']'"))) return rc;
    *first = 0;
    return 1;
}

static int jp_skip(jp *p, int depth)
{
    int c = jp_peek(p), rc, first = 1;
    if (depth > JP_MAX_DEPTH) return jp_err(p, "nested too deeply");
    switch (c) {
    case '"': return jp_str(p, NULL);
    case 't': return jp_word(p, "true");
    case 'f': return jp_word(p, "false");
    case 'n': return jp_word(p, "null");
    case '{':
        p->i++;
        while ((rc = jp_member(p, &first, NULL)) == 1)
            if ((rc = jp_skip(p, depth + 1))) return rc;
        return rc;
    case '[':
        p->i++;
        while ((rc = jp_element(p, &first)) == 1)
            if ((rc = jp_skip(p, depth + 1))) return rc;
        return rc;
    default: return jp_num(p, NULL);
    }
}

static int key_is(const shai_buf *k, const char *s)
{
    size_t n = strlen(s);
    return k->len == n && !memcmp(k->p, s, n);
}

/* ------------------------------------------------------------ --blocks lines */

int shai_parse_block_line(const char *s, size_t n, const char *source, size_t lineno,
                          shai_blockline *bl, shai_status *st)
{
    jp p = {s, n, 0, lineno, source ? source : "-", st};
    shai_buf key, lab;
    int first = 1, rc;
    shai_buf_init(&key, 1u << 20);
    shai_buf_init(&lab, 256);
    bl->id.len = bl->url.len = 0;
    bl->have_id = bl->have_url = bl->have_line = bl->have_chars = bl->have_keep = 0;
    bl->label = -1;
    bl->keep = 0;
    bl->line = bl->chars = 0;
    if (jp_peek(&p) < 0) return 1;
    if ((rc = jp_expect(&p, '{', "expected a JSON object"))) goto out;
    while ((rc = jp_member(&p, &first, &key)) == 1) {
        if (key_is(&key, "id") && jp_peek(&p) == '"') { rc = jp_str(&p, &bl->id); bl->have_id = 1; }
        else if (key_is(&key, "url") && jp_peek(&p) == '"') { rc = jp_str(&p, &bl->url); bl->have_url = 1; }
        else if (key_is(&key, "label")) {
            if ((rc = jp_str(&p, &lab))) goto out;
            bl->label = shai_label_parse(lab.p ? lab.p : "", lab.len);
            if (bl->label < 0 || lab.len == 1) { rc = jp_err(&p, "unknown label"); goto out; }
        }
        else if (key_is(&key, "keep")) { rc = jp_bool(&p, &bl->keep); bl->have_keep = 1; }
        else if (key_is(&key, "line")) { rc = jp_num(&p, &bl->line); bl->have_line = 1; }
        else if (key_is(&key, "chars")) { rc = jp_num(&p, &bl->chars); bl->have_chars = 1; }
        else rc = jp_skip(&p, 1);
        if (rc) goto out;
    }
    if (rc) goto out;
    if (jp_peek(&p) >= 0) { rc = jp_err(&p, "text after the JSON object"); goto out; }
    if (!bl->have_id) rc = jp_err(&p, "block line without a string \"id\"");
    else if (bl->label < 0) rc = jp_err(&p, "block line without \"label\"");
    else if (!bl->have_keep) rc = jp_err(&p, "block line without \"keep\"");
out:
    shai_buf_free(&key);
    shai_buf_free(&lab);
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
        " \"blocks_no_chars\": %llu, \"rejected\": %llu,\n \"labels\": {\n",
        U(c->documents), U(c->documents_out), U(c->documents_empty), U(c->blocks),
        U(c->blocks_out), U(c->chars), U(c->chars_out), U(c->blocks_no_chars), U(c->rejected));
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

static int get_hist(jp *p, uint64_t *h, const char *what)
{
    int first = 1, rc;
    size_t i = 0;
    if ((rc = jp_expect(p, '[', what))) return rc;
    while ((rc = jp_element(p, &first)) == 1) {
        if (i == SHAI_REPORT_BINS) return jp_err(p, what);
        if ((rc = jp_num(p, &h[i++]))) return rc;
    }
    if (rc) return rc;
    return i == SHAI_REPORT_BINS ? SHAI_OK : jp_err(p, what);
}

static int get_labels(jp *p, shai_report_counts *c, unsigned *seen, shai_buf *key)
{
    int first = 1, rc;
    if ((rc = jp_expect(p, '{', "\"labels\" must be an object"))) return rc;
    while ((rc = jp_member(p, &first, key)) == 1) {
        int l = shai_label_parse(key->p ? key->p : "", key->len), f2 = 1;
        unsigned got = 0;
        if (l < 0 || key->len == 1) { if ((rc = jp_skip(p, 2))) return rc; continue; }
        if ((rc = jp_expect(p, '{', "a label's counts must be an object"))) return rc;
        while ((rc = jp_member(p, &f2, key)) == 1) {
            uint64_t *v = NULL;
            if (key_is(key, "blocks")) { v = &c->label_blocks[l]; got |= 1; }
            else if (key_is(key, "blocks_kept")) { v = &c->label_blocks_kept[l]; got |= 2; }
            else if (key_is(key, "chars")) { v = &c->label_chars[l]; got |= 4; }
            else if (key_is(key, "chars_kept")) { v = &c->label_chars_kept[l]; got |= 8; }
            else if (key_is(key, "documents")) { v = &c->label_documents[l]; got |= 16; }
            rc = v ? jp_num(p, v) : jp_skip(p, 3);
            if (rc) return rc;
        }
        if (rc) return rc;
        if (got != 31) return jp_err(p, "a label lacks one of blocks, blocks_kept, chars, chars_kept, documents");
        *seen |= 1u << l;
    }
    return rc;
}

/* A host name from a summary: valid UTF-8 of at most SHAI_HOST_MAX
 * bytes without control characters (it is printed to terminals). */
static int host_name_ok(const shai_buf *name)
{
    size_t i;
    if (name->len == 0 || name->len > SHAI_HOST_MAX || !shai_utf8_valid(name->p, name->len))
        return 0;
    for (i = 0; i < name->len; i++) {
        unsigned char c = (unsigned char)name->p[i];
        if (c < 0x20 || c == 0x7F) return 0;
        if (c == 0xC2 && i + 1 < name->len && (unsigned char)name->p[i + 1] < 0xA0) return 0;
    }
    return 1;
}

static int get_hosts(jp *p, shai_report *r, shai_buf *key, shai_buf *name, uint64_t *sum)
{
    int first = 1, rc;
    if ((rc = jp_expect(p, '[', "\"hosts\" must be an array"))) return rc;
    while ((rc = jp_element(p, &first)) == 1) {
        shai_rhost h;
        unsigned got = 0;
        int f2 = 1, k, over;
        long hi;
        memset(&h, 0, sizeof h);
        if ((rc = jp_expect(p, '{', "a host must be an object"))) return rc;
        while ((rc = jp_member(p, &f2, key)) == 1) {
            if (key_is(key, "host")) { rc = jp_str(p, name); got |= 1u << NHOSTKEYS; }
            else {
                for (k = 0; k < NHOSTKEYS && !key_is(key, host_keys[k]); k++) ;
                if (k < NHOSTKEYS) { rc = jp_num(p, host_field(&h, k)); got |= 1u << k; }
                else rc = jp_skip(p, 3);
            }
            if (rc) return rc;
        }
        if (rc) return rc;
        if (got != (1u << (NHOSTKEYS + 1)) - 1) return jp_err(p, "a host lacks a name or a count");
        if (h.blocks_dropped > h.blocks || h.chars_dropped > h.chars || h.adult > h.documents ||
            h.place > h.documents)
            return jp_err(p, "a host's counts disagree");
        if (!host_name_ok(name)) return jp_err(p, "bad host name");
        hi = shai_report_host_index(r, name->p, name->len, &over);
        if (hi < 0) return (int)hi;
        if (over) r->c.hosts_overflow += h.documents;
        for (k = 0; k < NHOSTKEYS; k++) *host_field(&r->hosts[hi], k) += *host_field(&h, k);
        *sum += h.documents;
    }
    return rc;
}

static uint64_t sum_of(const uint64_t *v, size_t n)
{
    uint64_t s = 0;
    size_t i;
    for (i = 0; i < n; i++) s += v[i];
    return s;
}

/* Checks that the totals agree; returns a complaint or NULL. */
static const char *check_counts(const shai_report_counts *c, uint64_t host_docs)
{
    int k;
    uint64_t with_blocks = c->documents - c->documents_empty;
    if (c->documents_empty > c->documents || c->documents_out > with_blocks)
        return "document counts disagree";
    if (sum_of(c->label_blocks, SHAI_NLABELS) != c->blocks ||
        sum_of(c->label_blocks_kept, SHAI_NLABELS) != c->blocks_out ||
        sum_of(c->label_chars, SHAI_NLABELS) != c->chars ||
        sum_of(c->label_chars_kept, SHAI_NLABELS) != c->chars_out)
        return "label counts do not add up to the totals";
    for (k = 0; k < SHAI_NLABELS; k++)
        if (c->label_blocks_kept[k] > c->label_blocks[k] || c->label_chars_kept[k] > c->label_chars[k] ||
            c->label_documents[k] > with_blocks || c->label_documents[k] > c->label_blocks[k])
            return "a label's counts disagree";
    if (c->blocks_no_chars > c->blocks || c->blocks < with_blocks) return "block counts disagree";
    if (sum_of(c->hist_blocks, SHAI_REPORT_BINS) != with_blocks ||
        sum_of(c->hist_chars, SHAI_REPORT_BINS) > with_blocks)
        return "histogram counts do not add up to the documents";
    if (host_docs != c->documents || c->hosts_overflow > c->documents)
        return "host documents do not add up to the documents";
    return NULL;
}

static int load(jp *p, shai_report *t)
{
    shai_buf key, name;
    uint64_t host_docs = 0, version = 0;
    unsigned seen = 0, labels = 0;
    int first = 1, rc, k;
    static const char *const top[] = {
        "documents", "documents_out", "documents_empty", "blocks", "blocks_out", "chars",
        "chars_out", "blocks_no_chars", "rejected", "hosts_overflow"};
    uint64_t *topv[10];
    shai_report_counts *c = &t->c;
    const char *bad;
    topv[0] = &c->documents; topv[1] = &c->documents_out; topv[2] = &c->documents_empty;
    topv[3] = &c->blocks; topv[4] = &c->blocks_out; topv[5] = &c->chars;
    topv[6] = &c->chars_out; topv[7] = &c->blocks_no_chars; topv[8] = &c->rejected;
    topv[9] = &c->hosts_overflow;
    shai_buf_init(&key, 1u << 20);
    shai_buf_init(&name, 1u << 20);
    if ((rc = jp_expect(p, '{', "expected a JSON object (a shai report summary)"))) goto out;
    while ((rc = jp_member(p, &first, &key)) == 1) {
        for (k = 0; k < 10 && !key_is(&key, top[k]); k++) ;
        if (k < 10) { rc = jp_num(p, topv[k]); seen |= 1u << k; }
        else if (key_is(&key, "format")) {
            if (!(rc = jp_str(p, &name)) && !key_is(&name, "shai-report"))
                rc = jp_err(p, "not a shai report summary (\"format\" is not \"shai-report\")");
            seen |= 1u << 10;
        } else if (key_is(&key, "version")) {
            if (!(rc = jp_num(p, &version)) && version != 1)
                rc = jp_err(p, "report summary version is not 1 (from a newer shai?)");
            seen |= 1u << 11;
        } else if (key_is(&key, "labels")) { rc = get_labels(p, c, &labels, &key); seen |= 1u << 12; }
        else if (key_is(&key, "hist_chars")) { rc = get_hist(p, c->hist_chars, "\"hist_chars\" must be 12 numbers"); seen |= 1u << 13; }
        else if (key_is(&key, "hist_blocks")) { rc = get_hist(p, c->hist_blocks, "\"hist_blocks\" must be 12 numbers"); seen |= 1u << 14; }
        else if (key_is(&key, "hosts")) { rc = get_hosts(p, t, &key, &name, &host_docs); seen |= 1u << 15; }
        else rc = jp_skip(p, 1);
        if (rc) goto out;
    }
    if (rc) goto out;
    if (jp_peek(p) >= 0) { rc = jp_err(p, "text after the summary"); goto out; }
    if (seen != 0xFFFFu) { rc = jp_err(p, "summary lacks a required field"); goto out; }
    if (labels != (1u << SHAI_NLABELS) - 1) { rc = jp_err(p, "summary lacks a label"); goto out; }
    if ((bad = check_counts(c, host_docs))) rc = jp_err(p, bad);
out:
    shai_buf_free(&key);
    shai_buf_free(&name);
    return rc;
}

int shai_report_load_json(shai_report *r, const char *data, size_t len, const char *name,
                          shai_status *st)
{
    jp p = {data, len, 0, 1, name ? name : "-", st};
    shai_report *t;
    int rc;
    if (!r || (!data && len)) return shai_fail(st, SHAI_ERR_INVALID, "report: invalid argument");
    if (!data) p.s = "";
    if (!(t = shai_report_new())) return shai_fail(st, SHAI_ERR_NOMEM, "report: out of memory");
    t->host_cap = (size_t)-1;
    rc = load(&p, t);
    if (rc == SHAI_ERR_NOMEM || rc == SHAI_ERR_TOOBIG)
        rc = shai_fail(st, SHAI_ERR_NOMEM, "%s: out of memory", p.name);
    if (!rc && (rc = shai_report_merge(r, t)))
        shai_fail(st, rc, "%s: out of memory", p.name);
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
    for (;;) {
        size_t got;
        if ((rc = shai_buf_reserve(&b, 1u << 16))) {
            rc = rc == SHAI_ERR_TOOBIG ? shai_fail(st, rc, "%s: larger than 1 GiB", name)
                                       : shai_fail(st, rc, "%s: out of memory", name);
            break;
        }
        got = fread(b.p + b.len, 1, 1u << 16, f);
        b.len += got;
        if (got < (1u << 16)) {
            if (ferror(f)) rc = shai_fail(st, SHAI_ERR_IO, "%s: read error: %s", name, strerror(errno));
            break;
        }
    }
    if (!std) fclose(f);
    if (!rc) rc = shai_report_load_json(r, b.p, b.len, name, st);
    shai_buf_free(&b);
    return rc;
}
