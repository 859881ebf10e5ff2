/*
 * report.c — the contamination report: accumulating documents, hosts,
 * --blocks lines, merging, ranking.
 *
 * Every figure is an integer count, so two reports add up exactly and
 * the sum does not depend on the order of the shards.  Hosts are all
 * kept (up to host_cap distinct names) in an open-addressing table keyed
 * by the FNV-1a hash of the name; ranking happens only when printing.
 */
#include "report.h"

#include <errno.h>

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

shai_report *shai_report_new(void)
{
    shai_report *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->host_cap = SHAI_REPORT_HOST_CAP;
    shai_buf_init(&r->names, 0);
    shai_buf_init(&r->pend_key.id, 1u << 20);
    shai_buf_init(&r->pend_key.url, 1u << 20);
    shai_buf_init(&r->scratch.id, 1u << 20);
    shai_buf_init(&r->scratch.url, 1u << 20);
    return r;
}

void shai_report_free(shai_report *r)
{
    if (!r) return;
    free(r->hosts);
    free(r->slots);
    shai_buf_free(&r->names);
    shai_buf_free(&r->pend_key.id);
    shai_buf_free(&r->pend_key.url);
    shai_buf_free(&r->scratch.id);
    shai_buf_free(&r->scratch.url);
    free(r);
}

int shai_report_set_host_cap(shai_report *r, size_t cap)
{
    if (!r || cap < 1) return SHAI_ERR_INVALID;
    r->host_cap = cap;
    return SHAI_OK;
}

void shai_report_add_rejected(shai_report *r, uint64_t n)
{
    if (r) r->c.rejected += n;
}

void shai_report_add_failed_files(shai_report *r, uint64_t n)
{
    if (r) r->c.files_failed += n;
}

void shai_report_get_counts(const shai_report *r, shai_report_counts *out)
{
    if (r && out) *out = r->c;
}

size_t shai_report_host_count(const shai_report *r) { return r ? r->nhosts : 0; }

const char *shai_report_host_name(const shai_report *r, size_t i)
{
    return r->names.p + r->hosts[i].name;
}

int shai_report_chars_known(const shai_report *r) { return r->c.blocks_no_chars == 0; }

size_t shai_report_bin(uint64_t d, uint64_t t)
{
    uint64_t q;
    if (d == 0) return 0;
    if (d >= t) return SHAI_REPORT_BINS - 1;
    q = t <= UINT64_MAX / 10 ? d * 10 / t : d / (t / 10);
    if (q > 9) q = 9;
    return 1 + (size_t)q;
}

const char *shai_report_bin_name(size_t bin)
{
    static const char *const names[SHAI_REPORT_BINS] = {
        "0", "(0,10%)", "[10,20%)", "[20,30%)", "[30,40%)", "[40,50%)",
        "[50,60%)", "[60,70%)", "[70,80%)", "[80,90%)", "[90,100%)", "100%"};
    return bin < SHAI_REPORT_BINS ? names[bin] : "";
}

/* ------------------------------------------------------------ hosts */

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int host_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c >= 0x80;
}

/* A non-ASCII host name in out[0..len) in one form: NFKC and lower-cased
 * code point by code point (ＥＸＡＭＰＬＥ.com, BÜCHER.de; full case folding
 * would make straße.de strasse.de, another domain), the ideographic full
 * stop as a dot (例子。中国).  Returns the new length, or 0 when the name
 * holds a space, a separator, a control or an invisible character (a
 * zero-width space, a bidi override: text made to look like another
 * host), or would pass SHAI_HOST_MAX.  IDNA (punycode) is left as
 * written. */
static size_t fold_host(char *out, size_t len)
{
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)out, (utf8proc_ssize_t)len, &m,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
    utf8proc_ssize_t i = 0;
    size_t k = 0;
    if (r < 0) return 0;
    while (i < r) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(m + i, r - i, &cp);
        const utf8proc_property_t *pr;
        if (n <= 0) { k = 0; break; }
        pr = utf8proc_get_property(cp);
        if (pr->category == UTF8PROC_CATEGORY_ZS || pr->category == UTF8PROC_CATEGORY_ZL ||
            pr->category == UTF8PROC_CATEGORY_ZP || pr->category == UTF8PROC_CATEGORY_CC ||
            pr->category == UTF8PROC_CATEGORY_CF || pr->ignorable) {
            k = 0;
            break;
        }
        if (cp == 0x3002) {                        /* 。 between labels */
            if (k + 1 > SHAI_HOST_MAX) { k = 0; break; }
            out[k++] = '.';
        } else {
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t e = utf8proc_encode_char(utf8proc_tolower(cp), enc);
            if (e <= 0 || k + (size_t)e > SHAI_HOST_MAX) { k = 0; break; }
            memcpy(out + k, enc, (size_t)e);
            k += (size_t)e;
        }
        i += n;
    }
    free(m);
    if (k) out[k] = '\0';
    return k;
}

static size_t put_special(const char *name, char *out)
{
    size_t n = strlen(name);
    memcpy(out, name, n + 1);
    return n;
}

size_t shai_url_host(const char *u, size_t n, char out[SHAI_HOST_MAX + 1])
{
    size_t i = 0, s, e, k, len;
    int schemed = 0, dot, nonascii = 0;
    while (n && (u[n - 1] == ' ' || u[n - 1] == '\t' || u[n - 1] == '\r' || u[n - 1] == '\n')) n--;
    while (i < n && (u[i] == ' ' || u[i] == '\t' || u[i] == '\r' || u[i] == '\n')) i++;
    if (i == n) return put_special(SHAI_HOST_NONE, out);
    s = i;
    for (k = i; k < n; k++) {
        char c = u[k];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (k > i && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))))
            break;
    }
    if (k > i && n - k >= 3 && !memcmp(u + k, "://", 3)) { s = k + 3; schemed = 1; }
    else if (n - i >= 2 && u[i] == '/' && u[i + 1] == '/') { s = i + 2; schemed = 1; }
    for (e = s; e < n && u[e] != '/' && u[e] != '?' && u[e] != '#' && u[e] != '\\'; e++) ;
    for (k = e; k > s; k--)
        if (u[k - 1] == '@') { s = k; break; }
    if (s < e && u[s] == '[') {              /* IPv6 literal */
        for (k = s + 1; k < e && u[k] != ']'; k++) {
            char c = (char)lower((unsigned char)u[k]);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.'))
                return put_special(SHAI_HOST_INVALID, out);
        }
        if (k == e || k - s > SHAI_HOST_MAX - 1) return put_special(SHAI_HOST_INVALID, out);
        for (len = 0; s + len <= k; len++) out[len] = (char)lower((unsigned char)u[s + len]);
        out[len] = '\0';
        return len;
    }
    for (k = e; k > s; k--)
        if (u[k - 1] == ':') { e = k - 1; break; }
    while (e > s && u[e - 1] == '.') e--;
    len = e - s;
    if (len == 0 || len > SHAI_HOST_MAX || !shai_utf8_valid(u + s, len))
        return put_special(SHAI_HOST_INVALID, out);
    for (k = 0; k < len; k++) {
        unsigned char c = (unsigned char)lower((unsigned char)u[s + k]);
        if (!host_char(c)) return put_special(SHAI_HOST_INVALID, out);
        /* C1 controls (U+0080..U+009F): a summary refuses them too */
        if (c == 0xC2 && k + 1 < len && (unsigned char)u[s + k + 1] < 0xA0)
            return put_special(SHAI_HOST_INVALID, out);
        nonascii |= c >= 0x80;
        out[k] = (char)c;
    }
    out[len] = '\0';
    if (nonascii) {
        if (!(len = fold_host(out, len))) return put_special(SHAI_HOST_INVALID, out);
        for (k = 0; k < len; k++)                  /* ＜ folds to <, ／ to / */
            if (!host_char((unsigned char)out[k])) return put_special(SHAI_HOST_INVALID, out);
        while (len > 0 && out[len - 1] == '.') out[--len] = '\0';
        if (len == 0) return put_special(SHAI_HOST_INVALID, out);
    }
    dot = memchr(out, '.', len) != NULL;
    if (!schemed && !dot && strcmp(out, "localhost")) return put_special(SHAI_HOST_INVALID, out);
    return len;
}

static int rehash(shai_report *r, size_t nslots)
{
    size_t *slots = calloc(nslots, sizeof *slots), i;
    if (!slots) return SHAI_ERR_NOMEM;
    for (i = 0; i < r->nhosts; i++) {
        size_t j = (size_t)r->hosts[i].hash & (nslots - 1);
        while (slots[j]) j = (j + 1) & (nslots - 1);
        slots[j] = i + 1;
    }
    free(r->slots);
    r->slots = slots;
    r->nslots = nslots;
    return SHAI_OK;
}

/* Finds a host; creates it when create is set and there is room.
 * Returns its index, -1 when absent, or SHAI_ERR_NOMEM - 1 (< -1). */
static long find_host(shai_report *r, const char *host, size_t len, int create)
{
    uint64_t h = shai_fnv1a64(host, len, SHAI_FNV_INIT);
    size_t j;
    shai_rhost *x;
    if (r->nslots) {
        for (j = (size_t)h & (r->nslots - 1); r->slots[j]; j = (j + 1) & (r->nslots - 1)) {
            x = &r->hosts[r->slots[j] - 1];
            if (x->hash == h && x->name_len == len && !memcmp(r->names.p + x->name, host, len))
                return (long)(r->slots[j] - 1);
        }
    }
    if (!create) return -1;
    if ((r->nhosts + 1) * 2 > r->nslots &&
        rehash(r, r->nslots ? r->nslots * 2 : 64))
        return SHAI_ERR_NOMEM - 1;
    if (shai_grow((void **)&r->hosts, &r->hostcap, r->nhosts + 1, sizeof *r->hosts))
        return SHAI_ERR_NOMEM - 1;
    x = &r->hosts[r->nhosts];
    memset(x, 0, sizeof *x);
    x->hash = h;
    x->name = r->names.len;
    x->name_len = len;
    if (shai_buf_append(&r->names, host, len) || shai_buf_putc(&r->names, '\0'))
        return SHAI_ERR_NOMEM - 1;
    for (j = (size_t)h & (r->nslots - 1); r->slots[j]; j = (j + 1) & (r->nslots - 1)) ;
    r->slots[j] = r->nhosts + 1;
    return (long)r->nhosts++;
}

long shai_report_host_index(shai_report *r, const char *host, size_t len, int *overflow)
{
    long i = find_host(r, host, len, 0);
    *overflow = 0;
    if (i >= 0) return i;
    if (r->nhosts >= r->host_cap) {
        /* a summary's own "(other)" is not moved there: its documents are
         * in that summary's hosts_overflow already */
        *overflow = !(len == strlen(SHAI_HOST_OTHER) && !memcmp(host, SHAI_HOST_OTHER, len));
        /* "(other)" itself may be the host that does not fit: room for it
         * is always made, so a cap of n keeps at most n + 1 names. */
        host = SHAI_HOST_OTHER;
        len = strlen(SHAI_HOST_OTHER);
    }
    i = find_host(r, host, len, 1);
    return i < -1 ? SHAI_ERR_NOMEM : i;
}

/* ------------------------------------------------------------ documents */

int shai_report_add_sum(shai_report *r, const char *host, size_t host_len, const shai_docsum *d)
{
    uint64_t b = 0, bk = 0, ch = 0, ck = 0;
    int k, over;
    long hi = shai_report_host_index(r, host, host_len, &over);
    shai_report_counts *c = &r->c;
    shai_rhost *x;
    if (hi < 0) return (int)hi;
    x = &r->hosts[hi];
    for (k = 0; k < SHAI_NLABELS; k++) {
        b += d->blocks[k];
        bk += d->blocks_kept[k];
        ch += d->chars[k];
        ck += d->chars_kept[k];
        c->label_blocks[k] += d->blocks[k];
        c->label_blocks_kept[k] += d->blocks_kept[k];
        c->label_chars[k] += d->chars[k];
        c->label_chars_kept[k] += d->chars_kept[k];
        if (d->blocks[k]) c->label_documents[k]++;
    }
    c->documents++;
    c->blocks += b;
    c->blocks_out += bk;
    c->chars += ch;
    c->chars_out += ck;
    c->blocks_no_chars += d->no_chars;
    if (bk) c->documents_out++;
    if (!b) c->documents_empty++;
    else {
        c->hist_blocks[shai_report_bin(b - bk, b)]++;
        if (!d->no_chars && ch) c->hist_chars[shai_report_bin(ch - ck, ch)]++;
    }
    if (over) c->hosts_overflow++;
    x->documents++;
    x->blocks += b;
    x->blocks_dropped += b - bk;
    x->chars += ch;
    x->chars_dropped += ch - ck;
    if (d->blocks[SHAI_ADULT_SPAM]) x->adult++;
    if (d->blocks[SHAI_PLACE_LIST]) x->place++;
    return SHAI_OK;
}

/* Adds one document's sums under the host of its url. */
static int add_url_sum(shai_report *r, const char *url, size_t url_len, const shai_docsum *d)
{
    char host[SHAI_HOST_MAX + 1];
    size_t hl = shai_url_host(url ? url : "", url ? url_len : 0, host);
    return shai_report_add_sum(r, host, hl, d);
}

int shai_report_add_doc(shai_report *r, const char *url, size_t url_len,
                        const shai_block *blocks, size_t nblocks)
{
    shai_docsum d;
    size_t i;
    if (!r || (!blocks && nblocks)) return SHAI_ERR_INVALID;
    memset(&d, 0, sizeof d);
    for (i = 0; i < nblocks; i++) {
        int l = blocks[i].label;
        if (l < 0 || l >= SHAI_NLABELS) return SHAI_ERR_INVALID;
        d.blocks[l]++;
        d.chars[l] += blocks[i].chars;
        if (blocks[i].keep) {
            d.blocks_kept[l]++;
            d.chars_kept[l] += blocks[i].chars;
        }
    }
    return add_url_sum(r, url, url_len, &d);
}

int shai_report_add_stats(shai_report *r, const char *url, size_t url_len,
                          const shai_doc_stats *s)
{
    shai_docsum d;
    int l;
    if (!r || !s) return SHAI_ERR_INVALID;
    memset(&d, 0, sizeof d);
    for (l = 0; l < SHAI_NLABELS; l++) {
        d.blocks[l] = s->blocks[l];
        d.chars[l] = s->chars[l];
    }
    /* a kept block is labeled content, a dropped one never is */
    d.blocks_kept[SHAI_CONTENT] = s->kept_blocks;
    d.chars_kept[SHAI_CONTENT] = s->kept_chars;
    return add_url_sum(r, url, url_len, &d);
}

/* ------------------------------------------------------------ --blocks lines */

static int copy_buf(shai_buf *dst, const shai_buf *src)
{
    dst->len = 0;
    return shai_buf_append(dst, src->p, src->len);
}

static int same_buf(const shai_buf *a, const shai_buf *b)
{
    return a->len == b->len && (!a->len || !memcmp(a->p, b->p, a->len));
}

int shai_report_end_blocks(shai_report *r)
{
    char host[SHAI_HOST_MAX + 1];
    size_t hl;
    int rc;
    if (!r) return SHAI_ERR_INVALID;
    if (!r->pend_open) return SHAI_OK;
    r->pend_open = 0;
    hl = shai_url_host(r->pend_key.url.p ? r->pend_key.url.p : "", r->pend_key.url.len, host);
    rc = shai_report_add_sum(r, host, hl, &r->pend);
    memset(&r->pend, 0, sizeof r->pend);
    return rc;
}

int shai_report_add_blocks_line(shai_report *r, const char *line, size_t len,
                                const char *source, size_t lineno, shai_status *st)
{
    shai_blockline *bl;
    int rc, l;
    if (!r || (!line && len)) return SHAI_ERR_INVALID;
    bl = &r->scratch;
    rc = shai_parse_block_line(line ? line : "", len, source, lineno, bl, st);
    if (rc == 1) return SHAI_OK;
    if (rc) return rc;
    /* a new document: another "doc" number when both lines have one,
     * another id or url, or a line number that does not grow ("doc"
     * starts at 1 in every run: streams of several runs, one text file
     * each, or joined with cat, repeat it) */
    if (r->pend_open &&
        ((bl->have_doc && r->pend_key.have_doc && bl->doc != r->pend_doc) ||
         !same_buf(&bl->id, &r->pend_key.id) || !same_buf(&bl->url, &r->pend_key.url) ||
         (bl->have_line && r->pend_key.have_line && bl->line <= r->pend_line)))
        if ((rc = shai_report_end_blocks(r))) return rc;
    if (bl->have_chars) {
        /* every count stays a JSON integer a summary can hold; the
         * character total is the largest, and bounds every other */
        uint64_t total = r->c.chars;
        for (l = 0; l < SHAI_NLABELS; l++) total += r->pend.chars[l];
        if (bl->chars > SHAI_REPORT_COUNT_MAX - total)
            return shai_fail(st, SHAI_ERR_FORMAT,
                             "%s:%zu: \"chars\": the character total would pass 2^63 - 1",
                             source ? source : "-", lineno);
    }
    if (!r->pend_open) {
        if (copy_buf(&r->pend_key.id, &bl->id) || copy_buf(&r->pend_key.url, &bl->url))
            return SHAI_ERR_NOMEM;
        r->pend_open = 1;
    }
    r->pend_key.have_line = bl->have_line;
    r->pend_line = bl->line;
    r->pend_key.have_doc = bl->have_doc;
    r->pend_doc = bl->doc;
    l = bl->label;
    r->pend.blocks[l]++;
    if (bl->keep) r->pend.blocks_kept[l]++;
    if (bl->have_chars) {
        r->pend.chars[l] += bl->chars;
        if (bl->keep) r->pend.chars_kept[l] += bl->chars;
    } else {
        r->pend.no_chars++;
    }
    return SHAI_OK;
}

/* ------------------------------------------------------------ merging */

int shai_report_merge(shai_report *dst, const shai_report *src)
{
    shai_report_counts *a;
    const shai_report_counts *b;
    size_t i;
    int k;
    if (!dst || !src || dst == src) return SHAI_ERR_INVALID;
    a = &dst->c;
    b = &src->c;
    for (i = 0; i < src->nhosts; i++) {
        const shai_rhost *y = &src->hosts[i];
        int over;
        long hi = shai_report_host_index(dst, src->names.p + y->name, y->name_len, &over);
        shai_rhost *x;
        if (hi < 0) return (int)hi;
        x = &dst->hosts[hi];
        if (over) a->hosts_overflow += y->documents;
        x->documents += y->documents;
        x->blocks += y->blocks;
        x->blocks_dropped += y->blocks_dropped;
        x->chars += y->chars;
        x->chars_dropped += y->chars_dropped;
        x->adult += y->adult;
        x->place += y->place;
    }
    a->documents += b->documents;
    a->documents_out += b->documents_out;
    a->documents_empty += b->documents_empty;
    a->blocks += b->blocks;
    a->blocks_out += b->blocks_out;
    a->chars += b->chars;
    a->chars_out += b->chars_out;
    a->blocks_no_chars += b->blocks_no_chars;
    a->rejected += b->rejected;
    a->files_failed += b->files_failed;
    a->hosts_overflow += b->hosts_overflow;
    for (k = 0; k < SHAI_NLABELS; k++) {
        a->label_blocks[k] += b->label_blocks[k];
        a->label_blocks_kept[k] += b->label_blocks_kept[k];
        a->label_chars[k] += b->label_chars[k];
        a->label_chars_kept[k] += b->label_chars_kept[k];
        a->label_documents[k] += b->label_documents[k];
    }
    for (i = 0; i < SHAI_REPORT_BINS; i++) {
        a->hist_chars[i] += b->hist_chars[i];
        a->hist_blocks[i] += b->hist_blocks[i];
    }
    return SHAI_OK;
}

/* ------------------------------------------------------------ ranking */

typedef struct rank { uint64_t key, docs; const char *name; size_t i; } rank;

static int cmp_rank(const void *pa, const void *pb)
{
    const rank *a = pa, *b = pb;
    if (a->key != b->key) return a->key < b->key ? 1 : -1;
    if (a->docs != b->docs) return a->docs < b->docs ? 1 : -1;
    return strcmp(a->name, b->name);
}

size_t *shai_report_rank_hosts(const shai_report *r, size_t k, size_t *n)
{
    int by_chars = shai_report_chars_known(r);
    size_t i, m = 0, *out;
    rank *v;
    *n = 0;
    v = malloc((r->nhosts ? r->nhosts : 1) * sizeof *v);
    if (!v) return NULL;
    for (i = 0; i < r->nhosts; i++) {
        const shai_rhost *x = &r->hosts[i];
        if (!x->blocks_dropped) continue;
        v[m].key = by_chars ? x->chars_dropped : x->blocks_dropped;
        v[m].docs = x->documents;
        v[m].name = r->names.p + x->name;
        v[m].i = i;
        m++;
    }
    qsort(v, m, sizeof *v, cmp_rank);
    if (m > k) m = k;
    out = malloc((m ? m : 1) * sizeof *out);
    if (out) {
        for (i = 0; i < m; i++) out[i] = v[i].i;
        *n = m;
    }
    free(v);
    return out;
}

long shai_report_top_hosts(const shai_report *r, shai_report_host *out, size_t k)
{
    size_t n, i, *idx;
    if (!r || (!out && k)) return SHAI_ERR_INVALID;
    idx = shai_report_rank_hosts(r, k, &n);
    if (!idx) return SHAI_ERR_NOMEM;
    for (i = 0; i < n; i++) {
        const shai_rhost *x = &r->hosts[idx[i]];
        out[i].host = r->names.p + x->name;
        out[i].documents = x->documents;
        out[i].blocks = x->blocks;
        out[i].blocks_dropped = x->blocks_dropped;
        out[i].chars = x->chars;
        out[i].chars_dropped = x->chars_dropped;
        out[i].adult_spam_documents = x->adult;
        out[i].place_list_documents = x->place;
    }
    free(idx);
    return (long)n;
}

/* ------------------------------------------------------------ output helpers */

int shai_report_flush_buf(shai_buf *b, FILE *out, shai_status *st)
{
    /* flushed and checked here, so that a failed write shows in the
     * return code even when it all fit in out's buffer (a table on a
     * full disk), not only in the caller's fclose */
    errno = 0;
    if ((b->len && fwrite(b->p, 1, b->len, out) != b->len) || fflush(out) != 0 || ferror(out))
        return shai_fail(st, SHAI_ERR_IO, "report: write failed: %s", errno ? strerror(errno) : "I/O error");
    b->len = 0;
    return SHAI_OK;
}

const char *shai_report_pct(uint64_t num, uint64_t den, char out[16])
{
    double v;
    int prec;
    if (!den) { snprintf(out, 16, "n/a"); return out; }
    v = 100.0 * (double)num / (double)den;
    /* one decimal, or as many more as it takes not to read 0.0% of
     * something or 100.0% of less than all (1 of 2000 kept: 99.95%) */
    for (prec = 1; prec <= 6; prec++) {
        size_t i, zero = 1;
        shai_snprintf_c(out, 16, "%.*f%%", prec, v);
        for (i = 0; out[i] != '%'; i++)
            if (out[i] >= '1' && out[i] <= '9') zero = 0;
        if (num > 0 && zero) continue;
        if (num < den && !strncmp(out, "100", 3)) continue;
        break;
    }
    return out;
}
