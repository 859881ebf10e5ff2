/*
 * lexicon.c — the gazetteer, spam and boilerplate-cue lexicons, and an
 * Aho-Corasick matcher over normalized code points.
 *
 * Every lexicon file is TSV: PATTERN<TAB>CATEGORY[<TAB>...]; lines that are
 * empty or start with '#' are comments.  CATEGORY is a lexicon category
 * name (SHAI_LEXCATS in internal.h) or a gazetteer level: "short" is a
 * suffix-stripped stem (PLACE_SHORT), province / prefecture / county /
 * district / hk_mo_tw are full names (PLACE).  Patterns are normalized
 * exactly as text is (normalize.c), so traditional and full-width variants
 * match without extra entries.  A pattern that starts (ends) with an ASCII
 * letter or digit only matches where the text has no letter or digit just
 * before (after) it: "av" matches in "av女优" but not in "java".
 *
 * The automaton: trie states with failure links; transitions from the
 * root for BMP code points in a direct table, all others in one
 * open-addressing hash keyed by (state, code point).
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const shai_lexicon_files[] = {
    "places.tsv", "places_trad.tsv", "spam_phrases.tsv", "spam_weak.tsv", "cues.tsv",
};
const size_t shai_lexicon_nfiles = sizeof shai_lexicon_files / sizeof *shai_lexicon_files;

#define LEX_MAX_FILE ((size_t)64 << 20)  /* 64 MiB per lexicon file */
#define LEX_MAX_PATTERN 64               /* code points */
#define B_LEFT 1u                        /* needs a non-alnum before */
#define B_RIGHT 2u                       /* needs a non-alnum after */

struct shai_lexicon {
    /* per state */
    uint32_t *fail, *dict, *cats, *depth, *first, *next, *cp;
    uint8_t *bflags;
    size_t nstates, cap;
    /* transitions */
    uint32_t *root;              /* 0x10000 entries: child of root, 0 none */
    uint64_t *hkey;              /* (state << 21 | cp) + 1, 0 = empty */
    uint32_t *hval;
    size_t hcap, hcount;
    size_t npatterns;
};

static const char *const cat_names[] = {
#define X(id, name) name,
    SHAI_LEXCATS(X)
#undef X
};

uint64_t shai_fnv1a64(const void *p, size_t n, uint64_t h)
{
    const unsigned char *s = p;
    size_t i;
    for (i = 0; i < n; i++) { h ^= s[i]; h *= 0x100000001b3ULL; }
    return h;
}

static size_t hslot(const shai_lexicon *lx, uint64_t key)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 20) & (lx->hcap - 1);
}

static uint32_t hget(const shai_lexicon *lx, uint32_t state, uint32_t cp)
{
    uint64_t key = (((uint64_t)state << 21) | cp) + 1;
    size_t i;
    if (lx->hcap == 0) return 0;
    i = hslot(lx, key);
    for (;;) {
        uint64_t k = lx->hkey[i];
        if (k == key) return lx->hval[i];
        if (k == 0) return 0;
        i = (i + 1) & (lx->hcap - 1);
    }
}

static int hput(shai_lexicon *lx, uint32_t state, uint32_t cp, uint32_t child)
{
    uint64_t key;
    size_t i;
    if ((lx->hcount + 1) * 2 > lx->hcap) {           /* keep load <= 1/2 */
        size_t oc = lx->hcap, nc = oc ? oc * 2 : 1024, j;
        uint64_t *ok = lx->hkey;
        uint32_t *ov = lx->hval;
        lx->hkey = calloc(nc, sizeof *lx->hkey);
        lx->hval = calloc(nc, sizeof *lx->hval);
        if (!lx->hkey || !lx->hval) {
            free(lx->hkey); free(lx->hval);
            lx->hkey = ok; lx->hval = ov;
            return SHAI_ERR_NOMEM;
        }
        lx->hcap = nc;
        for (j = 0; j < oc; j++) {
            if (!ok[j]) continue;
            i = hslot(lx, ok[j]);
            while (lx->hkey[i]) i = (i + 1) & (nc - 1);
            lx->hkey[i] = ok[j];
            lx->hval[i] = ov[j];
        }
        free(ok);
        free(ov);
    }
    key = (((uint64_t)state << 21) | cp) + 1;
    i = hslot(lx, key);
    while (lx->hkey[i]) i = (i + 1) & (lx->hcap - 1);
    lx->hkey[i] = key;
    lx->hval[i] = child;
    lx->hcount++;
    return SHAI_OK;
}

static uint32_t child_of(const shai_lexicon *lx, uint32_t s, uint32_t cp)
{
    if (s == 0 && cp < 0x10000) return lx->root[cp];
    return hget(lx, s, cp);
}

static int new_state(shai_lexicon *lx, uint32_t depth, uint32_t cp, uint32_t *id)
{
    if (lx->nstates == lx->cap) {
        size_t nc = lx->cap ? lx->cap * 2 : 4096;
        uint32_t **arrs[] = {&lx->fail, &lx->dict, &lx->cats, &lx->depth, &lx->first,
                             &lx->next, &lx->cp};
        size_t k;
        uint8_t *bf;
        for (k = 0; k < sizeof arrs / sizeof *arrs; k++) {
            uint32_t *p = realloc(*arrs[k], nc * sizeof **arrs[k]);
            if (!p) return SHAI_ERR_NOMEM;
            *arrs[k] = p;
        }
        bf = realloc(lx->bflags, nc);
        if (!bf) return SHAI_ERR_NOMEM;
        lx->bflags = bf;
        lx->cap = nc;
    }
    *id = (uint32_t)lx->nstates++;
    lx->fail[*id] = lx->dict[*id] = lx->cats[*id] = 0;
    lx->first[*id] = lx->next[*id] = 0;
    lx->depth[*id] = depth;
    lx->cp[*id] = cp;
    lx->bflags[*id] = 0;
    return SHAI_OK;
}

static int is_alnum(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int add_pattern(shai_lexicon *lx, const uint32_t *p, size_t n, uint32_t cats)
{
    uint32_t s = 0;
    size_t i;
    int rc;
    for (i = 0; i < n; i++) {
        uint32_t c = child_of(lx, s, p[i]);
        if (!c) {
            if ((rc = new_state(lx, (uint32_t)(i + 1), p[i], &c))) return rc;
            if (s == 0 && p[i] < 0x10000) lx->root[p[i]] = c;
            else if ((rc = hput(lx, s, p[i], c))) return rc;
            lx->next[c] = lx->first[s];
            lx->first[s] = c;
        }
        s = c;
    }
    if (!lx->cats[s]) lx->npatterns++;
    lx->cats[s] |= cats;
    lx->bflags[s] = (uint8_t)((is_alnum(p[0]) ? B_LEFT : 0) | (is_alnum(p[n - 1]) ? B_RIGHT : 0));
    return SHAI_OK;
}

static int category_of(const char *s, size_t n)
{
    static const char *const levels[] = {"province", "prefecture", "county", "district",
                                         "hk_mo_tw"};
    size_t k;
    for (k = 0; k < SHAI_LEX_N; k++)
        if (strlen(cat_names[k]) == n && memcmp(cat_names[k], s, n) == 0) return (int)k;
    if (n == 5 && memcmp(s, "short", 5) == 0) return SHAI_LEX_PLACE_SHORT;
    for (k = 0; k < sizeof levels / sizeof *levels; k++)
        if (strlen(levels[k]) == n && memcmp(levels[k], s, n) == 0) return SHAI_LEX_PLACE;
    return -1;
}

/* Adds every entry of one TSV text. */
static int add_text(shai_lexicon *lx, const char *name, const char *t, size_t len,
                    uint32_t **cps, size_t *cap, shai_status *st)
{
    size_t pos = 0, line = 0;
    while (pos < len) {
        const char *ln = t + pos, *nl = memchr(ln, '\n', len - pos), *tab, *end;
        size_t ll = nl ? (size_t)(nl - ln) : len - pos;
        long n, i, j;
        int cat;
        pos += ll + 1;
        line++;
        if (ll && ln[ll - 1] == '\r') ll--;
        if (ll == 0 || ln[0] == '#') continue;
        tab = memchr(ln, '\t', ll);
        if (!tab || tab == ln)
            return shai_fail(st, SHAI_ERR_LEXICON, "%s:%zu: expected PATTERN<TAB>CATEGORY", name, line);
        end = memchr(tab + 1, '\t', ll - (size_t)(tab + 1 - ln));
        if (!end) end = ln + ll;
        cat = category_of(tab + 1, (size_t)(end - tab - 1));
        if (cat < 0)
            return shai_fail(st, SHAI_ERR_LEXICON, "%s:%zu: unknown category '%.*s'", name, line,
                             (int)(end - tab - 1), tab + 1);
        if (!shai_utf8_valid(ln, (size_t)(tab - ln)))
            return shai_fail(st, SHAI_ERR_LEXICON, "%s:%zu: pattern is not valid UTF-8", name, line);
        n = shai_normalize_utf8(ln, (size_t)(tab - ln), cps, cap, NULL);
        if (n < 0) return shai_fail(st, SHAI_ERR_NOMEM, "%s: out of memory", name);
        for (i = j = 0; i < n; i++)                    /* patterns carry no spaces */
            if (shai_char_class((*cps)[i]) != SHAI_CC_SPACE) (*cps)[j++] = (*cps)[i];
        if (j == 0) continue;
        if (j > LEX_MAX_PATTERN)
            return shai_fail(st, SHAI_ERR_LEXICON, "%s:%zu: pattern longer than %d characters",
                             name, line, LEX_MAX_PATTERN);
        if (add_pattern(lx, *cps, (size_t)j, 1u << cat))
            return shai_fail(st, SHAI_ERR_NOMEM, "%s: out of memory", name);
    }
    return SHAI_OK;
}

/* Computes failure and dictionary links breadth-first. */
static int link_states(shai_lexicon *lx)
{
    uint32_t *queue = malloc(lx->nstates * sizeof *queue);
    size_t head = 0, tail = 0;
    uint32_t c;
    if (!queue) return SHAI_ERR_NOMEM;
    for (c = lx->first[0]; c; c = lx->next[c]) { lx->fail[c] = 0; queue[tail++] = c; }
    while (head < tail) {
        uint32_t s = queue[head++];
        for (c = lx->first[s]; c; c = lx->next[c]) {
            uint32_t f = lx->fail[s], t;
            for (;;) {
                t = child_of(lx, f, lx->cp[c]);
                if (t || f == 0) break;
                f = lx->fail[f];
            }
            lx->fail[c] = (t && t != c) ? t : 0;
            lx->dict[c] = lx->cats[lx->fail[c]] ? lx->fail[c] : lx->dict[lx->fail[c]];
            queue[tail++] = c;
        }
    }
    free(queue);
    return SHAI_OK;
}

static shai_lexicon *lexicon_alloc(void)
{
    shai_lexicon *lx = calloc(1, sizeof *lx);
    uint32_t root;
    shai_normalize_init();
    if (!lx) return NULL;
    lx->root = calloc(0x10000, sizeof *lx->root);
    if (!lx->root || new_state(lx, 0, 0, &root)) { shai_lexicon_free(lx); return NULL; }
    return lx;
}

void shai_lexicon_free(shai_lexicon *lx)
{
    if (!lx) return;
    free(lx->fail); free(lx->dict); free(lx->cats); free(lx->depth);
    free(lx->first); free(lx->next); free(lx->cp); free(lx->bflags);
    free(lx->root); free(lx->hkey); free(lx->hval);
    free(lx);
}

shai_lexicon *shai_lexicon_from_texts(const char *const *texts, const size_t *lens,
                                      shai_status *st)
{
    shai_lexicon *lx = lexicon_alloc();
    uint32_t *cps = NULL;
    size_t cap = 0, k;
    if (!lx) { shai_fail(st, SHAI_ERR_NOMEM, "out of memory"); return NULL; }
    for (k = 0; k < shai_lexicon_nfiles; k++) {
        if (!texts[k]) continue;
        if (add_text(lx, shai_lexicon_files[k], texts[k], lens[k], &cps, &cap, st)) {
            free(cps);
            shai_lexicon_free(lx);
            return NULL;
        }
    }
    free(cps);
    if (link_states(lx)) {
        shai_fail(st, SHAI_ERR_NOMEM, "out of memory");
        shai_lexicon_free(lx);
        return NULL;
    }
    return lx;
}

/* Reads a whole file (up to max bytes) into *data. */
static int slurp(const char *path, size_t max, char **data, size_t *len, shai_status *st)
{
    FILE *f = fopen(path, "rb");
    shai_buf b;
    char tmp[65536];
    size_t n;
    if (!f) return shai_fail(st, SHAI_ERR_IO, "%s: %s", path, strerror(errno));
    shai_buf_init(&b, max);
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
        if (shai_buf_append(&b, tmp, n)) {
            fclose(f);
            shai_buf_free(&b);
            return shai_fail(st, SHAI_ERR_TOOBIG, "%s: larger than %zu bytes", path, max);
        }
    }
    if (ferror(f)) {
        fclose(f);
        shai_buf_free(&b);
        return shai_fail(st, SHAI_ERR_IO, "%s: read error", path);
    }
    fclose(f);
    *data = b.p;
    *len = b.len;
    return SHAI_OK;
}

shai_lexicon *shai_lexicon_load(const char *dir, shai_lexfile *files, size_t *nfiles,
                                shai_status *st)
{
    const char *texts[SHAI_MAX_LEXFILES] = {0};
    size_t lens[SHAI_MAX_LEXFILES] = {0}, k;
    shai_lexicon *lx = NULL;
    for (k = 0; k < shai_lexicon_nfiles; k++) {
        char path[4096];
        char *data = NULL;
        size_t len = 0;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, shai_lexicon_files[k]) >= sizeof path) {
            shai_fail(st, SHAI_ERR_INVALID, "%s: path too long", dir);
            goto out;
        }
        if (slurp(path, LEX_MAX_FILE, &data, &len, st)) {
            if (st && st->code == SHAI_ERR_IO) st->code = SHAI_ERR_LEXICON;
            goto out;
        }
        texts[k] = data ? data : "";
        lens[k] = len;
        snprintf(files[k].name, sizeof files[k].name, "%s", shai_lexicon_files[k]);
        files[k].hash = shai_fnv1a64(data, len, SHAI_FNV_INIT);
    }
    *nfiles = shai_lexicon_nfiles;
    lx = shai_lexicon_from_texts(texts, lens, st);
out:
    for (k = 0; k < shai_lexicon_nfiles; k++)
        if (texts[k] && lens[k]) free((char *)texts[k]);
    return lx;
}

long shai_lexicon_scan(const shai_lexicon *lx, const uint32_t *cps, size_t n,
                       shai_match **m, size_t *cap)
{
    uint32_t s = 0;
    size_t i, k = 0;
    for (i = 0; i < n; i++) {
        uint32_t c = cps[i], t;
        for (;;) {
            t = child_of(lx, s, c);
            if (t || s == 0) break;
            s = lx->fail[s];
        }
        s = t;
        for (t = lx->cats[s] ? s : lx->dict[s]; t; t = lx->dict[t]) {
            uint32_t len = lx->depth[t];
            size_t start = i + 1 - len;
            if ((lx->bflags[t] & B_LEFT) && start > 0 && is_alnum(cps[start - 1])) continue;
            if ((lx->bflags[t] & B_RIGHT) && i + 1 < n && is_alnum(cps[i + 1])) continue;
            if (k == *cap && shai_grow((void **)m, cap, k + 1, sizeof **m)) return SHAI_ERR_NOMEM;
            (*m)[k].end = (uint32_t)(i + 1);
            (*m)[k].len = len;
            (*m)[k].cats = lx->cats[t];
            k++;
        }
    }
    return (long)k;
}
