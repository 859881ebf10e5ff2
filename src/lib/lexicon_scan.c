/*
 * lexicon_scan.c — matching normalized code points against the lexicon
 * automaton (its layout: lexicon.h; its construction: lexicon.c).
 */
#include "lexicon.h"

/* The child of scan state ss for code point c, 0 when none. */
static uint32_t scan_child(const shai_lexicon *lx, const scanstate *ss, uint32_t c)
{
    const scankid *kid = lx->kids + ss->child;
    size_t lo = 0, hi = ss->nkids;
    if (hi <= 8) {
        for (; lo < hi; lo++)
            if (kid[lo].cp == c) return kid[lo].id;
        return 0;
    }
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (kid[mid].cp == c) return kid[mid].id;
        if (kid[mid].cp < c) lo = mid + 1; else hi = mid;
    }
    return 0;
}

/* Where a scan at the root from cps[i] on first needs the automaton: the
 * first i' >= i whose code point passes the root prefilter (see
 * shai_lexicon_scan), n when none does.  Most code points of a text
 * stay at the root, and a loop of its own keeps the few values this
 * test needs in registers. */
static size_t root_skip(const shai_lexicon *lx, const uint32_t *cps, size_t i, size_t n)
{
    const uint64_t *out = lx->root_out, *pairs = lx->pair_bits;
    for (; i < n; i++) {
        uint32_t c = cps[i], h;
        if (c >= 0x10000 || ((out[c >> 6] >> (c & 63)) & 1)) return i;
        if (i + 1 == n) break;
        h = pair_hash(c, cps[i + 1]);
        if ((pairs[h >> 6] >> (h & 63)) & 1) return i;
    }
    return n;
}

long shai_lexicon_scan(const shai_lexicon *lx, const uint32_t *cps, size_t n,
                       shai_match **m, size_t *cap)
{
    const scanstate *st = lx->scan;
    uint32_t s = 0;
    size_t i, k = 0;
    for (i = 0; i < n; i++) {
        uint32_t c, t = 0;
        /* at the root, skip what cannot start a match; the prefilter
         * below still serves a state that falls back to the root */
        if (s == 0 && (i = root_skip(lx, cps, i, n)) == n) break;
        c = cps[i];
        /* follow failure links until a state has a child for c, or to
         * the root */
        while (s != 0) {
            const scanstate *ss = &st[s];
            if (((ss->kids >> (c & 63)) & 1) && (t = scan_child(lx, ss, c)) != 0) break;
            s = ss->fail;
        }
        if (s == 0) {
            /* The root prefilter.  From the root, c leads to its child t
             * (if any); when t ends no pattern and has no child for the
             * next code point d, the scan would go from t by its failure
             * link (the root, t being one deep) and on from there: the
             * same as staying at the root.  No pattern starting with c, d
             * sets the pair bit, so a clear bit means exactly that (a set
             * bit may be a hash collision and takes the full path). */
            if (c >= 0x10000) {
                t = scan_child(lx, &st[0], c);
            } else {
                if (!((lx->root_out[c >> 6] >> (c & 63)) & 1)) {
                    uint32_t h, d;
                    if (i + 1 == n) continue;
                    d = cps[i + 1];
                    h = pair_hash(c, d);
                    if (!((lx->pair_bits[h >> 6] >> (h & 63)) & 1)) continue;
                    if (lx->two) {
                        /* c's state ends no pattern: its child for d,
                         * two deep, from the table at once, d taken with
                         * it; none there means no child, and the scan
                         * goes on at the root with d (see above) */
                        const uint64_t key = two_key(c, d);
                        size_t at = two_slot(c, d, lx->twocap);
                        uint64_t e;
                        while ((e = lx->two[at]) != 0 &&
                               (e & (((uint64_t)1 << TWO_KEY_BITS) - 1)) != key)
                            at = (at + 1) & (lx->twocap - 1);
                        if (!e) continue;
                        s = (uint32_t)(e >> TWO_KEY_BITS);
                        i++;
                        goto emit;
                    }
                }
                t = lx->scan_root[c];
            }
        }
        s = t;
    emit:
        for (t = st[s].out; t; t = lx->dict[t]) {
            uint32_t len = lx->depth[t];
            size_t start = i + 1 - len;
            if ((lx->bflags[t] & B_LEFT) && word_before(cps, start)) continue;
            if ((lx->bflags[t] & B_RIGHT) && word_after(cps, i + 1, n)) continue;
            if (k == *cap && shai_grow((void **)m, cap, k + 1, sizeof **m)) return SHAI_ERR_NOMEM;
            (*m)[k].end = (uint32_t)(i + 1);
            (*m)[k].len = len;
            (*m)[k].cats = lx->cats[t];
            (*m)[k].prov = lx->prov[t];
            k++;
        }
    }
    return (long)k;
}
