/*
 * lexicon.c — the gazetteer, spam and boilerplate-cue lexicons, and an
 * Aho-Corasick matcher over normalized code points.
 *
 * Every lexicon file is TSV: PATTERN<TAB>CATEGORY[<TAB>...]; lines that are
 * empty or start with '#' are comments (a UTF-8 BOM opening the file is
 * skipped), and a PATTERN that normalizes to nothing is an error.  CATEGORY is a lexicon category
 * name (SHAI_LEXCATS in internal.h) or a gazetteer level: "short" is a
 * suffix-stripped stem (PLACE_SHORT), province / prefecture / county /
 * district / hk_mo_tw are full names (PLACE); the level itself is kept
 * too, in the bits above the categories (SHAI_LEVEL_SHIFT).  A gazetteer
 * row may have a fifth column, after status and source: the GB/T 2260
 * codes of the provinces the name lies in, comma separated (scripts/
 * gen_provinces.py writes it); a name on several rows gets the union.
 * Patterns are normalized
 * exactly as text is (normalize.c), so traditional and full-width variants
 * match without extra entries; a run of spaces inside one matches one
 * space of the text.  A pattern that starts (ends) with an ASCII
 * letter or digit only matches where the text has no letter or digit just
 * before (after) it: "av" matches in "av女优" but not in "java".
 *
 * The automaton: trie states with failure links; transitions from the
 * root for BMP code points in a direct table, all others in one
 * open-addressing hash keyed by (state, code point).
 *
 * The layout of the automaton is in lexicon.h; matching text against it
 * is lexicon_scan.c.
 */
#include "lexicon.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const shai_lexicon_files[] = {
    "places.tsv", "places_trad.tsv", "spam_phrases.tsv", "spam_weak.tsv", "cues.tsv",
};
const size_t shai_lexicon_nfiles = sizeof shai_lexicon_files / sizeof *shai_lexicon_files;

const char shai_province_codes[SHAI_NPROVINCES][3] = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
};

const char *shai_lexicon_file(size_t i) { return i < shai_lexicon_nfiles ? shai_lexicon_files[i] : NULL; }

#define LEX_MAX_FILE ((size_t)64 << 20)  /* 64 MiB per lexicon file */
#define LEX_MAX_PATTERN 64               /* code points */
static const char *const cat_names[] = {
#define X(id, name) name,
    SHAI_LEXCATS(X)
#undef X
};

#define FNV_PRIME 0x100000001b3ULL
#define FNV_PRIME3 (FNV_PRIME * FNV_PRIME * FNV_PRIME)   /* mod 2^64 */

/* FNV-1a, byte by byte.  XOR with a zero byte changes nothing, so two
 * zero bytes after a byte fold into one multiplication by the prime
 * cubed: the same value with half the multiplications on the code point
 * arrays that features.c hashes (most code points are below U+10000, so
 * their two high bytes are zero). */
uint64_t shai_fnv1a64(const void *p, size_t n, uint64_t h)
{
    const unsigned char *s = p;
    size_t i = 0;
    while (i + 4 <= n) {
        h ^= s[i];
        h *= FNV_PRIME;
        h ^= s[i + 1];
        if (s[i + 2] == 0 && s[i + 3] == 0) {
            h *= FNV_PRIME3;
        } else {
            h *= FNV_PRIME;
            h ^= s[i + 2];
            h *= FNV_PRIME;
            h ^= s[i + 3];
            h *= FNV_PRIME;
        }
        i += 4;
    }
    for (; i < n; i++) { h ^= s[i]; h *= FNV_PRIME; }
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
        uint64_t k = lx->hash[i].key;
        if (k == key) return lx->hash[i].child;
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
        hentry *old = lx->hash, *nh = calloc(nc, sizeof *nh);
        if (!nh) return SHAI_ERR_NOMEM;
        lx->hash = nh;
        lx->hcap = nc;
        for (j = 0; j < oc; j++) {
            if (!old[j].key) continue;
            i = hslot(lx, old[j].key);
            while (nh[i].key) i = (i + 1) & (nc - 1);
            nh[i] = old[j];
        }
        free(old);
    }
    key = (((uint64_t)state << 21) | cp) + 1;
    i = hslot(lx, key);
    while (lx->hash[i].key) i = (i + 1) & (lx->hcap - 1);
    lx->hash[i].key = key;
    lx->hash[i].child = child;
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
                             &lx->next, &lx->cp, &lx->prov};
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
    lx->fail[*id] = lx->dict[*id] = lx->cats[*id] = lx->prov[*id] = 0;
    lx->first[*id] = lx->next[*id] = 0;
    lx->depth[*id] = depth;
    lx->cp[*id] = cp;
    lx->bflags[*id] = 0;
    return SHAI_OK;
}

static int add_pattern(shai_lexicon *lx, const uint32_t *p, size_t n, uint32_t cats, uint32_t prov)
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
    lx->prov[s] |= prov;
    lx->bflags[s] = (uint8_t)((is_alnum(p[0]) ? B_LEFT : 0) | (is_alnum(p[n - 1]) ? B_RIGHT : 0));
    return SHAI_OK;
}

/* The match mask of a CATEGORY column: the category's bit, and for a
 * gazetteer level the level's bit too (SHAI_LEVEL_SHIFT); 0 when unknown. */
static uint32_t category_of(const char *s, size_t n)
{
    static const char *const levels[SHAI_NLEVELS] = {
#define X(id, name) name,
        SHAI_LEVELS(X)
#undef X
    };
    size_t k;
    for (k = 0; k < SHAI_LEX_N; k++)
        if (strlen(cat_names[k]) == n && memcmp(cat_names[k], s, n) == 0) return 1u << k;
    for (k = 0; k < SHAI_NLEVELS; k++)
        if (strlen(levels[k]) == n && memcmp(levels[k], s, n) == 0)
            return (1u << (k == SHAI_LEVEL_SHORT_K ? SHAI_LEX_PLACE_SHORT : SHAI_LEX_PLACE)) |
                   (1u << (SHAI_LEVEL_SHIFT + k));
    return 0;
}

/* The province mask of a fifth column s[0..n): two-digit codes separated
 * by commas (an empty column is 0); -1 for anything else. */
static long provinces_of(const char *s, size_t n)
{
    uint32_t mask = 0;
    size_t i = 0, k;
    while (i < n) {
        if (n - i < 2) return -1;
        for (k = 0; k < SHAI_NPROVINCES; k++)
            if (memcmp(s + i, shai_province_codes[k], 2) == 0) break;
        if (k == SHAI_NPROVINCES) return -1;
        mask |= 1u << k;
        i += 2;
        if (i < n && s[i++] != ',') return -1;
        if (i == n && s[n - 1] == ',') return -1;
    }
    return (long)mask;
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
        uint32_t cat, prov;
        int k;
        pos += ll + 1;
        line++;
        if (ll && ln[ll - 1] == '\r') ll--;
        if (line == 1 && ll >= 3 && !memcmp(ln, "\xEF\xBB\xBF", 3)) {   /* a BOM opens the file */
            ln += 3;
            ll -= 3;
        }
        if (ll == 0 || ln[0] == '#') continue;
        tab = memchr(ln, '\t', ll);
        if (!tab || tab == ln)
            return shai_fail(st, SHAI_ERR_LEXICON, "%s:%zu: expected PATTERN<TAB>CATEGORY", name, line);
        end = memchr(tab + 1, '\t', ll - (size_t)(tab + 1 - ln));
        if (!end) end = ln + ll;
        cat = category_of(tab + 1, (size_t)(end - tab - 1));
        if (!cat)
            return shai_fail(st, SHAI_ERR_LEXICON, "%s:%zu: unknown category '%.*s'", name, line,
                             (int)(end - tab - 1), tab + 1);
        prov = 0;
        if (cat & SHAI_LEVEL_MASK) {                   /* a gazetteer row: provinces? */
            const char *lend = ln + ll, *c5 = end, *e5;
            long pm;
            for (k = 0; k < 2 && c5 < lend; k++) {     /* past status and source */
                c5 = memchr(c5 + 1, '\t', (size_t)(lend - c5 - 1));
                if (!c5) c5 = lend;
            }
            if (c5 < lend) {
                e5 = memchr(c5 + 1, '\t', (size_t)(lend - c5 - 1));
                if (!e5) e5 = lend;
                if ((pm = provinces_of(c5 + 1, (size_t)(e5 - c5 - 1))) < 0)
                    return shai_fail(st, SHAI_ERR_LEXICON, "%s:%zu: bad province codes '%.*s'", name,
                                     line, (int)(e5 - c5 - 1), c5 + 1);
                prov = (uint32_t)pm;
            }
        }
        if (!shai_utf8_valid(ln, (size_t)(tab - ln)))
            return shai_fail(st, SHAI_ERR_LEXICON, "%s:%zu: pattern is not valid UTF-8", name, line);
        n = shai_normalize_utf8(ln, (size_t)(tab - ln), cps, cap, NULL);
        if (n < 0) return shai_fail(st, SHAI_ERR_NOMEM, "%s: out of memory", name);
        /* a run of spaces inside a pattern matches one U+0020 of the text
         * (where NFKC has put U+3000 and U+00A0 too); none at its ends */
        for (i = j = 0; i < n; i++) {
            if (shai_char_class((*cps)[i]) != SHAI_CC_SPACE) (*cps)[j++] = (*cps)[i];
            else if (j > 0 && (*cps)[j - 1] != ' ') (*cps)[j++] = ' ';
        }
        if (j > 0 && (*cps)[j - 1] == ' ') j--;
        if (j == 0)
            return shai_fail(st, SHAI_ERR_LEXICON,
                             "%s:%zu: pattern is empty once normalized (only spaces or invisible characters)",
                             name, line);
        if (j > LEX_MAX_PATTERN)
            return shai_fail(st, SHAI_ERR_LEXICON, "%s:%zu: pattern longer than %d characters",
                             name, line, LEX_MAX_PATTERN);
        if (add_pattern(lx, *cps, (size_t)j, cat, prov))
            return shai_fail(st, SHAI_ERR_NOMEM, "%s: out of memory", name);
    }
    return SHAI_OK;
}

/* Orders children by code point (qsort). */
static int cmp_kid(const void *a, const void *b)
{
    uint32_t x = ((const uint32_t *)a)[0], y = ((const uint32_t *)b)[0];
    return x < y ? -1 : x > y;
}

/* Builds the scanning automaton from the linked trie; bfs[0..nbfs) are
 * the states other than the root in breadth-first order. */
static int build_scan(shai_lexicon *lx, const uint32_t *bfs, size_t nbfs)
{
    uint32_t *num = malloc(lx->nstates * sizeof *num), (*pairs)[2] = NULL;
    size_t v, k = 0, npairs = 0, pcap = 0;
    uint32_t c, cp;
    free(lx->scan); free(lx->kids); free(lx->scan_root);
    free(lx->pair_bits); free(lx->root_out); free(lx->two);
    lx->two = NULL;
    lx->twocap = 0;
    lx->scan = malloc(lx->nstates * sizeof *lx->scan);
    lx->kids = malloc(lx->nstates * sizeof *lx->kids);
    lx->scan_root = calloc(0x10000, sizeof *lx->scan_root);
    lx->pair_bits = calloc(PAIR_BITS / 64, sizeof *lx->pair_bits);
    lx->root_out = calloc(0x10000 / 64, sizeof *lx->root_out);
    if (!num || !lx->scan || !lx->kids || !lx->scan_root || !lx->pair_bits || !lx->root_out) {
        free(num);
        return SHAI_ERR_NOMEM;
    }
    num[0] = 0;
    for (v = 0; v < nbfs; v++) num[bfs[v]] = (uint32_t)(v + 1);
    for (v = 0; v <= nbfs; v++) {
        uint32_t old = v ? bfs[v - 1] : 0;
        scanstate *ss = &lx->scan[v];
        size_t j;
        ss->kids = 0;
        ss->fail = num[lx->fail[old]];
        ss->out = lx->cats[old] ? old : lx->dict[old];
        ss->child = (uint32_t)k;
        npairs = 0;
        for (c = lx->first[old]; c; c = lx->next[c]) {
            if (npairs == pcap && shai_grow((void **)&pairs, &pcap, npairs + 1, sizeof *pairs)) {
                free(num);
                free(pairs);
                return SHAI_ERR_NOMEM;
            }
            pairs[npairs][0] = lx->cp[c];
            pairs[npairs][1] = num[c];
            npairs++;
        }
        qsort(pairs, npairs, sizeof *pairs, cmp_kid);
        for (j = 0; j < npairs; j++) {
            ss->kids |= 1ULL << (pairs[j][0] & 63);
            lx->kids[k].cp = pairs[j][0];
            lx->kids[k].id = pairs[j][1];
            k++;
        }
        ss->nkids = (uint32_t)npairs;
    }
    for (cp = 0; cp < 0x10000; cp++) lx->scan_root[cp] = num[lx->root[cp]];
    /* the prefilter: every (root child, its child) pair of code points,
     * and the BMP root children that end a pattern */
    {
        const scanstate *root = &lx->scan[0];
        size_t a, b;
        for (a = 0; a < root->nkids; a++) {
            const scankid *ka = &lx->kids[root->child + a];
            const scanstate *sa = &lx->scan[ka->id];
            if (sa->out && ka->cp < 0x10000) lx->root_out[ka->cp >> 6] |= 1ULL << (ka->cp & 63);
            for (b = 0; b < sa->nkids; b++) {
                uint32_t h = pair_hash(ka->cp, lx->kids[sa->child + b].cp);
                lx->pair_bits[h >> 6] |= 1ULL << (h & 63);
            }
        }
    }
    /* the two-deep table (shai_lexicon_scan): every child of a BMP root
     * child that ends no pattern, at a load of at most 1/2 */
    if (lx->nstates <= TWO_MAX_STATES) {
        const scanstate *root = &lx->scan[0];
        size_t a, b, count = 0, cap = 64;
        for (a = 0; a < root->nkids; a++) {
            const scankid *ka = &lx->kids[root->child + a];
            if (ka->cp < 0x10000 && !lx->scan[ka->id].out) count += lx->scan[ka->id].nkids;
        }
        while (cap < count * 2) cap *= 2;
        lx->two = calloc(cap, sizeof *lx->two);
        if (!lx->two) {
            free(pairs);
            free(num);
            return SHAI_ERR_NOMEM;
        }
        lx->twocap = cap;
        for (a = 0; a < root->nkids; a++) {
            const scankid *ka = &lx->kids[root->child + a];
            const scanstate *sa = &lx->scan[ka->id];
            if (ka->cp >= 0x10000 || sa->out) continue;
            for (b = 0; b < sa->nkids; b++) {
                const scankid *kb = &lx->kids[sa->child + b];
                size_t at = two_slot(ka->cp, kb->cp, cap);
                while (lx->two[at]) at = (at + 1) & (cap - 1);
                lx->two[at] = two_key(ka->cp, kb->cp) | (uint64_t)kb->id << TWO_KEY_BITS;
            }
        }
    }
    free(pairs);
    free(num);
    return SHAI_OK;
}

/* Computes failure and dictionary links breadth-first, then the
 * scanning automaton. */
static int link_states(shai_lexicon *lx)
{
    uint32_t *queue = malloc(lx->nstates * sizeof *queue);
    size_t head = 0, tail = 0;
    uint32_t c;
    int rc;
    if (!queue) return SHAI_ERR_NOMEM;
    for (c = lx->first[0]; c; c = lx->next[c]) { lx->fail[c] = 0; queue[tail++] = c; }
    while (head < tail) {
        uint32_t q = queue[head++];
        for (c = lx->first[q]; c; c = lx->next[c]) {
            uint32_t f = lx->fail[q], t;
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
    rc = build_scan(lx, queue, tail);
    free(queue);
    return rc;
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
    free(lx->first); free(lx->next); free(lx->cp); free(lx->prov); free(lx->bflags);
    free(lx->root); free(lx->hash);
    free(lx->scan); free(lx->kids); free(lx->scan_root);
    free(lx->pair_bits); free(lx->root_out); free(lx->two);
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

/* Reads a whole lexicon file (up to max bytes) into *data (malloc'ed,
 * NULL when empty). */
static int slurp(const char *path, size_t max, char **data, size_t *len, shai_status *st)
{
    shai_buf b;
    int rc, opened;
    shai_buf_init(&b, max);
    rc = shai_buf_read_file(&b, path, &opened);
    if (rc) {
        shai_buf_free(&b);
        if (rc == SHAI_ERR_IO) return shai_fail(st, SHAI_ERR_IO, "%s: %s", path, strerror(errno));
        if (rc == SHAI_ERR_TOOBIG) return shai_fail(st, rc, "%s: larger than %zu bytes", path, max);
        return shai_fail(st, rc, "%s: %s", path, shai_strerror(rc));
    }
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
    if (!lx && st && st->code == SHAI_ERR_LEXICON) {     /* "file:line: ..." -> "dir/file:line: ..." */
        char msg[sizeof st->msg];
        /* a long directory cuts the end of the message, as any long one */
        if (snprintf(msg, sizeof msg, "%s/%s", dir, st->msg) < 0) msg[0] = '\0';
        memcpy(st->msg, msg, sizeof msg);
    }
out:
    for (k = 0; k < shai_lexicon_nfiles; k++)
        if (texts[k] && lens[k]) free((char *)texts[k]);
    return lx;
}
