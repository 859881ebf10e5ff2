/*
 * lbl.c — the .lbl labeled-page format (training/LABELING.md).
 *
 *   #page<TAB>ID[<TAB>URL]      starts a page
 *   LABEL<TAB>TEXT              one block, in page order
 *   (blank line)                carries nothing
 *
 * Reading is strict: a block before any page, an unknown label, a missing
 * tab, a tab inside TEXT, empty TEXT, invalid UTF-8, a NUL byte and a page without
 * blocks are errors reported as "file:line: reason", never skipped.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LBL_MAX_FILE ((size_t)1 << 31)

shai_corpus *shai_corpus_new(void) { return calloc(1, sizeof(shai_corpus)); }

static void page_free(shai_page *p)
{
    free(p->id); free(p->url); free(p->text); free(p->labels);
}

void shai_corpus_free(shai_corpus *c)
{
    size_t i;
    if (!c) return;
    for (i = 0; i < c->n; i++) page_free(&c->pages[i]);
    for (i = 0; i < c->nnames; i++) free(c->names[i]);
    free(c->pages);
    free(c->names);
    free(c->slot);
    free(c);
}

const char *shai_corpus_page_file(const shai_corpus *c, size_t i, size_t *line)
{
    if (!c || i >= c->n) return NULL;
    if (line) *line = c->pages[i].src_line;
    return c->pages[i].src;
}

/* The slot of id in c's index: where its page is, or the empty slot
 * where it would go. */
static size_t id_slot(const shai_corpus *c, const char *id)
{
    size_t k = (size_t)shai_fnv1a64(id, strlen(id), SHAI_FNV_INIT) & (c->nslots - 1);
    while (c->slot[k] && strcmp(c->pages[c->slot[k] - 1].id, id)) k = (k + 1) & (c->nslots - 1);
    return k;
}

/* Enters every page in the (empty) index. */
static void reindex(shai_corpus *c)
{
    size_t i;
    for (i = 0; i < c->n; i++) c->slot[id_slot(c, c->pages[i].id)] = i + 1;
}

/* Makes room in the index for one more page (rehashing when it would be
 * half full).  Returns SHAI_OK or SHAI_ERR_NOMEM. */
static int index_grow(shai_corpus *c)
{
    size_t n = c->nslots ? c->nslots : 64, *slot;
    while (n <= 2 * (c->n + 1)) n *= 2;
    if (n == c->nslots) return SHAI_OK;
    if (!(slot = calloc(n, sizeof *slot))) return SHAI_ERR_NOMEM;
    free(c->slot);
    c->slot = slot;
    c->nslots = n;
    reindex(c);
    return SHAI_OK;
}

size_t shai_corpus_pages(const shai_corpus *c) { return c ? c->n : 0; }
const char *shai_corpus_page_id(const shai_corpus *c, size_t i) { return c && i < c->n ? c->pages[i].id : NULL; }
const char *shai_corpus_page_url(const shai_corpus *c, size_t i) { return c && i < c->n ? c->pages[i].url : NULL; }

const char *shai_corpus_page_text(const shai_corpus *c, size_t i, size_t *len)
{
    if (!c || i >= c->n) return NULL;
    if (len) *len = c->pages[i].text_len;
    return c->pages[i].text;
}

const int *shai_corpus_page_labels(const shai_corpus *c, size_t i, size_t *nblocks)
{
    if (!c || i >= c->n) return NULL;
    if (nblocks) *nblocks = c->pages[i].nlines;
    return c->pages[i].labels;
}

int shai_corpus_set_scored(shai_corpus *c, size_t i, int scored)
{
    if (!c || i >= c->n) return SHAI_ERR_INVALID;
    c->pages[i].train_only = !scored;
    return SHAI_OK;
}

int shai_corpus_page_scored(const shai_corpus *c, size_t i)
{
    return c && i < c->n && !c->pages[i].train_only;
}

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) { memcpy(d, s, n); d[n] = '\0'; }
    return d;
}

/* Page under construction. */
typedef struct pb {
    int open;
    shai_page p;
    shai_buf text;
    size_t labcap;
} pb;

static int finish(shai_corpus *c, pb *b, const char *name, shai_status *st)
{
    size_t k;
    if (!b->open) return SHAI_OK;
    b->open = 0;
    if (index_grow(c)) {
        page_free(&b->p);
        shai_buf_free(&b->text);
        return shai_fail(st, SHAI_ERR_NOMEM, "out of memory");
    }
    k = id_slot(c, b->p.id);
    if (c->slot[k]) {
        const shai_page *o = &c->pages[c->slot[k] - 1];
        int rc = shai_fail(st, SHAI_ERR_FORMAT, "%s:%zu: page '%s' was given before, at %s:%zu", name,
                           b->p.src_line, b->p.id, o->src, o->src_line);
        page_free(&b->p);
        shai_buf_free(&b->text);
        return rc;
    }
    if (b->p.nlines == 0) {
        int rc = shai_fail(st, SHAI_ERR_FORMAT, "%s:%zu: page '%s' has no blocks", name,
                           b->p.src_line, b->p.id);
        page_free(&b->p);
        shai_buf_free(&b->text);
        return rc;
    }
    if (shai_grow((void **)&c->pages, &c->cap, c->n + 1, sizeof *c->pages)) {
        page_free(&b->p);
        shai_buf_free(&b->text);
        return shai_fail(st, SHAI_ERR_NOMEM, "out of memory");
    }
    if (!shai_buf_cstr(&b->text)) {                  /* NUL-terminated for callers */
        page_free(&b->p);
        shai_buf_free(&b->text);
        return shai_fail(st, SHAI_ERR_NOMEM, "out of memory");
    }
    b->p.text = b->text.p;
    b->p.text_len = b->text.len;
    b->p.src = c->names[c->nnames - 1];
    b->text.p = NULL;
    c->slot[k] = c->n + 1;
    c->pages[c->n++] = b->p;
    memset(&b->p, 0, sizeof b->p);
    return SHAI_OK;
}

/* Takes back the pages after the first n0 (and the file names after the
 * first m0) of a call that failed: the index is built again. */
static void rollback(shai_corpus *c, size_t n0, size_t m0)
{
    while (c->n > n0) page_free(&c->pages[--c->n]);
    while (c->nnames > m0) free(c->names[--c->nnames]);
    if (!c->nslots) return;
    memset(c->slot, 0, c->nslots * sizeof *c->slot);
    reindex(c);
}

static int add_buffer(shai_corpus *c, const char *name, const char *data, size_t len, shai_status *st);

int shai_corpus_add_buffer(shai_corpus *c, const char *name, const char *data, size_t len,
                           shai_status *st)
{
    size_t n0, m0;
    int rc;
    if (!c || (!data && len)) return shai_fail(st, SHAI_ERR_INVALID, "invalid argument");
    n0 = c->n;
    m0 = c->nnames;
    if ((rc = add_buffer(c, name, data, len, st)) != SHAI_OK) rollback(c, n0, m0);
    return rc;
}

static int add_buffer(shai_corpus *c, const char *name, const char *data, size_t len, shai_status *st)
{
    size_t pos = 0, line = 0;
    pb b;
    int rc;
    if (!name) name = "(buffer)";
    if (shai_grow((void **)&c->names, &c->namescap, c->nnames + 1, sizeof *c->names) ||
        !(c->names[c->nnames] = dupn(name, strlen(name))))
        return shai_fail(st, SHAI_ERR_NOMEM, "out of memory");
    c->nnames++;
    memset(&b, 0, sizeof b);
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) pos = 3;       /* BOM */
    while (pos < len) {
        const char *s = data + pos, *nl = memchr(s, '\n', len - pos), *tab, *t2;
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        int lab;
        pos += n + 1;
        line++;
        if (n && s[n - 1] == '\r') n--;
        if (n == 0) continue;
        if (!shai_utf8_valid(s, n)) { rc = shai_fail(st, SHAI_ERR_FORMAT, "%s:%zu: invalid UTF-8", name, line); goto fail; }
        if (memchr(s, '\0', n)) { rc = shai_fail(st, SHAI_ERR_FORMAT, "%s:%zu: NUL byte inside the line", name, line); goto fail; }
        if (memchr(s, '\r', n)) { rc = shai_fail(st, SHAI_ERR_FORMAT, "%s:%zu: carriage return inside the line", name, line); goto fail; }
        if (n >= 5 && !memcmp(s, "#page", 5)) {
            if ((rc = finish(c, &b, name, st))) goto fail;
            if (n < 7 || s[5] != '\t') { rc = shai_fail(st, SHAI_ERR_FORMAT, "%s:%zu: expected '#page<TAB>ID'", name, line); goto fail; }
            tab = s + 5;
            t2 = memchr(tab + 1, '\t', n - 6);
            if (t2 && memchr(t2 + 1, '\t', n - (size_t)(t2 + 1 - s))) {
                rc = shai_fail(st, SHAI_ERR_FORMAT, "%s:%zu: tab inside the URL (expected '#page<TAB>ID[<TAB>URL]')",
                               name, line);
                goto fail;
            }
            b.open = 1;
            b.p.src_line = line;
            b.p.id = dupn(tab + 1, t2 ? (size_t)(t2 - tab - 1) : n - 6);
            b.p.url = t2 ? dupn(t2 + 1, n - (size_t)(t2 + 1 - s)) : NULL;
            shai_buf_init(&b.text, 0);
            b.labcap = 0;
            if (!b.p.id || (t2 && !b.p.url)) { rc = shai_fail(st, SHAI_ERR_NOMEM, "out of memory"); goto fail; }
            if (!b.p.id[0]) { rc = shai_fail(st, SHAI_ERR_FORMAT, "%s:%zu: empty page id", name, line); goto fail; }
            continue;
        }
        tab = memchr(s, '\t', n);
        if (!tab) { rc = shai_fail(st, SHAI_ERR_FORMAT, "%s:%zu: expected LABEL<TAB>TEXT", name, line); goto fail; }
        if (!b.open) { rc = shai_fail(st, SHAI_ERR_FORMAT, "%s:%zu: block before any '#page' line", name, line); goto fail; }
        if (tab - s == 1 && s[0] == '?') lab = -1;
        else if (tab - s == 1) lab = shai_label_parse(s, 1);
        else lab = -2;
        if (lab == -2 || (lab < 0 && s[0] != '?')) {
            rc = shai_fail(st, SHAI_ERR_FORMAT, "%s:%zu: unknown label '%.*s' (expected K, B, P, A, G or ?)",
                           name, line, (int)(tab - s), s);
            goto fail;
        }
        if (memchr(tab + 1, '\t', n - (size_t)(tab + 1 - s))) {
            rc = shai_fail(st, SHAI_ERR_FORMAT, "%s:%zu: tab inside TEXT", name, line);
            goto fail;
        }
        if ((size_t)(tab + 1 - s) == n) { rc = shai_fail(st, SHAI_ERR_FORMAT, "%s:%zu: empty TEXT", name, line); goto fail; }
        if (shai_blank_line(tab + 1, n - (size_t)(tab + 1 - s))) {
            /* shai filter would not make it a block: training on it would
             * shift the position and neighbour features of the page */
            rc = shai_fail(st, SHAI_ERR_FORMAT, "%s:%zu: blank TEXT (only white space or invisible characters: not a block)",
                           name, line);
            goto fail;
        }
        if ((b.p.nlines && shai_buf_putc(&b.text, '\n')) ||
            shai_buf_append(&b.text, tab + 1, n - (size_t)(tab + 1 - s)) ||
            shai_grow((void **)&b.p.labels, &b.labcap, b.p.nlines + 1, sizeof *b.p.labels)) {
            rc = shai_fail(st, SHAI_ERR_NOMEM, "out of memory");
            goto fail;
        }
        b.p.labels[b.p.nlines++] = lab;
    }
    return finish(c, &b, name, st);
fail:
    if (b.open) { page_free(&b.p); shai_buf_free(&b.text); }
    return rc;
}

int shai_corpus_add_file(shai_corpus *c, const char *path, shai_status *st)
{
    shai_buf b;
    int rc, opened;
    if (!c || !path) return shai_fail(st, SHAI_ERR_INVALID, "invalid argument (no corpus or no path)");
    shai_buf_init(&b, LBL_MAX_FILE);
    rc = shai_buf_read_file(&b, path, &opened);
    if (rc == SHAI_ERR_IO && !opened) rc = shai_fail(st, SHAI_ERR_IO, "%s: %s", path, strerror(errno));
    else if (rc == SHAI_ERR_IO) rc = shai_fail(st, SHAI_ERR_IO, "%s: read error: %s", path, strerror(errno));
    else if (rc == SHAI_ERR_TOOBIG) rc = shai_fail(st, rc, "%s: larger than %zu bytes", path, LBL_MAX_FILE);
    else if (rc) rc = shai_fail(st, rc, "%s: %s", path, shai_strerror(rc));
    else rc = shai_corpus_add_buffer(c, path, b.p ? b.p : "", b.len, st);
    shai_buf_free(&b);
    return rc;
}
