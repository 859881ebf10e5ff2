/*
 * features_lex.c — a block's lexicon matches -> the counts its features
 * use: the maximal hits of a category (with their distinct texts and the
 * levels and provinces their place names share) and the code points the
 * matches cover.  features.c calls these once per category family.
 */
#include "featurizer.h"
#include "features_tables.h"   /* is_cjk */

size_t shai_match_maximal(const shai_match *m, size_t nm, uint32_t mask, uint64_t *tmp,
                          const uint32_t *cps, size_t *distinct, uint64_t *places)
{
    size_t i, count = 0, nd = 0, k;
    /* Matches come ordered by end and, at one end, longest first.  A
     * container ends at or after what it contains, so scanning from the
     * back while keeping the smallest start seen finds the maximal ones. */
    uint32_t min_start = UINT32_MAX;
    size_t j;
    for (i = nm; i-- > 0;) {
        uint32_t s;
        if (!(m[i].cats & mask)) continue;
        s = m[i].end - m[i].len;
        for (j = i; j-- > 0 && m[j].end == m[i].end;)
            if (m[j].cats & mask) break;         /* a longer one ends here too */
        if (j != (size_t)-1 && m[j].end == m[i].end && (m[j].cats & mask)) continue;
        if (s >= min_start) continue;            /* contained in a later one */
        min_start = s;
        count++;
        if (places) {                            /* what a name lacks tells nothing */
            uint64_t v = SHAI_PLACES_NONE;
            if (m[i].cats & SHAI_LEVEL_MASK) v &= ~(uint64_t)SHAI_LEVEL_MASK | m[i].cats;
            if (m[i].prov) v &= ~((uint64_t)SHAI_PROVINCE_ALL << SHAI_PLACE_PROV_SHIFT) |
                                (uint64_t)m[i].prov << SHAI_PLACE_PROV_SHIFT;
            /* UNPLACED is set by a name of no province and never
             * cleared by another name, whatever their order */
            *places &= v | SHAI_PLACE_UNPLACED;
            if (!m[i].prov) *places |= SHAI_PLACE_UNPLACED;
        }
        if (distinct && nd < MAX_DISTINCT) {
            uint64_t h = hash_cps(cps + s, m[i].len);
            for (k = 0; k < nd && tmp[k] != h; k++)
                ;
            if (k == nd) tmp[nd++] = h;
        }
    }
    if (distinct) *distinct = nd;
    return count;
}

/* The matches come ordered by end, so from the last one back the ends
 * only decrease and the spans merge into runs: a span that ends before
 * the current run begins starts a new one, and no span still to come
 * reaches the old one. */
size_t shai_match_cover(const shai_match *m, size_t nm, uint32_t mask, const uint32_t *cps,
                        size_t *cjk)
{
    size_t i, total = 0, ideo = 0, k;
    uint32_t a = 0, b = 0;   /* the current run, [a, b); none while b == 0 */
    for (i = nm; i-- > 0;) {
        uint32_t e = m[i].end, s = e - m[i].len;
        if (!(m[i].cats & mask)) continue;
        if (b != 0 && e >= a) {                /* touches the run: extends it */
            if (s < a) a = s;
            continue;
        }
        total += b - a;
        if (cjk)
            for (k = a; k < b; k++) ideo += is_cjk(cps[k]);
        a = s;
        b = e;
    }
    total += b - a;
    if (cjk) {
        for (k = a; k < b; k++) ideo += is_cjk(cps[k]);
        *cjk = ideo;
    }
    return total;
}
