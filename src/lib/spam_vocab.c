/*
 * spam_vocab.c — the spam_vocab feature of a block without a strong spam
 * phrase of its own: the share of its pairs of adjacent word characters
 * (ideographs, Latin letters, digits; spaces skipped, anything else
 * breaks a pair; each occurrence counted) that a block of the page with a
 * strong spam phrase (spam_any) also holds.  0 for a block with such a
 * phrase, whose reason the phrase already tells, and on a page with none.
 *
 * A spam site's own lines reuse the words of its phrase-bearing ones: the
 * site's brand, its channel names, its come-ons (免费聊天, 1024地址), so
 * they share pairs with them though they hold no phrase themselves.  The
 * ordinary chrome of a hijacked page shares little with the lines
 * injected into it.  The local pass cannot see this; the labeling rules
 * (training/LABELING.md) make the first adult_spam and the second
 * boilerplate.  Only the reason models use the feature (FAM_WHY).
 *
 * It runs after the local pass, which leaves spam_any in every row.  Only
 * pages with a spam block pay for it.  The local pass keeps the
 * normalized code points of the blocks from the page's first spam block
 * on; the blocks before it are normalized again.  The spam blocks' pairs
 * go into an open-addressing table, and every pair of the other blocks
 * is looked up, most of them turned away by a bloom filter.
 */
#include "featurizer.h"
#include "features_tables.h"

#include <string.h>

/* A word character of a pair: 1; a space, skipped: 0; anything else,
 * which breaks the pair: -1. */
static int word_kind(uint32_t c)
{
    int cc = cls_of(c);
    if (cc == SHAI_CC_CJK || cc == SHAI_CC_LATIN || cc == SHAI_CC_DIGIT) return 1;
    return cc == SHAI_CC_SPACE ? 0 : -1;
}

/* Key k's bit in fz->svbloom. */
static size_t bloom_bit(uint64_t k)
{
    return (size_t)((k * 0xD6E8FEB86659FD93ULL) >> 40) & (SV_BLOOM_BITS - 1);
}

/* The slot of key k in the table of the spam blocks' pairs (cap slots, a
 * power of two; 0 marks an empty one): the one holding it, or the empty
 * one where it goes. */
static size_t pair_slot(const uint64_t *t, size_t cap, uint64_t k)
{
    size_t at = (size_t)((k * 0x9E3779B97F4A7C15ULL) >> 20) & (cap - 1);
    while (t[at] && t[at] != k) at = (at + 1) & (cap - 1);
    return at;
}

/* Walks the pairs of c[0..n).  add: a spam block's, each goes into the
 * table (cap slots) and sets its bit of fz->svbloom, for the lookups;
 * returns 0.  Otherwise c is a block without a strong phrase: returns
 * the share of its pairs (each occurrence) that a spam block holds, most
 * of them turned away by the bloom bits alone. */
static double walk_pairs(shai_featurizer *fz, const uint32_t *c, size_t n, size_t cap, int add)
{
    size_t j, pairs = 0, shared = 0;
    uint32_t prev = 0;
    int have = 0;
    for (j = 0; j < n; j++) {
        int w = word_kind(c[j]);
        uint64_t k;
        size_t bit;
        if (w == 0) continue;
        if (w < 0) { have = 0; continue; }
        k = shai_title_pair_key(prev, c[j]);
        prev = c[j];
        if (!have) { have = 1; continue; }
        bit = bloom_bit(k);
        if (add) {
            fz->sv[pair_slot(fz->sv, cap, k)] = k;
            fz->svbloom[bit / 64] |= 1ULL << (bit % 64);
            continue;
        }
        pairs++;
        if (fz->svbloom[bit / 64] >> (bit % 64) & 1) shared += fz->sv[pair_slot(fz->sv, cap, k)] == k;
    }
    return ratio(shared, pairs);
}

/* Block i's normalized code points: kept by the local pass from the
 * first spam block on (fz->svcps, at *at, which moves past them),
 * normalized again before it.  Returns how many, or < 0 on failure. */
static long block_cps(shai_featurizer *fz, const char *text, const shai_span *spans, size_t i,
                      size_t *at, const uint32_t **c)
{
    size_t src;
    long r;
    if (i >= fz->svfrom) {
        *c = fz->svcps + *at;
        *at += fz->info[i].ncps;
        return (long)fz->info[i].ncps;
    }
    r = shai_normalize_utf8_count(text + spans[i].off, spans[i].len, &fz->cps, &fz->cpscap, &src);
    *c = fz->cps;
    return r;
}

int shai_spam_vocab(shai_featurizer *fz, const char *text, const shai_span *spans, size_t nb)
{
    size_t i, total = 0, cap = 16, at = 0;
    const uint32_t *c;
    long r;
    if (fz->svfrom == SIZE_MAX) return SHAI_OK;       /* no spam block */
    for (i = fz->svfrom; i < nb; i++)
        if (fz->x[i * SHAI_NFEAT + SHAI_F_SPAM_ANY] > 0) total += fz->info[i].ncps;
    /* fewer pairs than code points: the table stays under half full */
    while (cap < 2 * total) cap *= 2;
    if (shai_grow((void **)&fz->sv, &fz->svcap, cap, sizeof *fz->sv)) return SHAI_ERR_NOMEM;
    memset(fz->sv, 0, cap * sizeof *fz->sv);
    memset(fz->svbloom, 0, sizeof fz->svbloom);
    /* every spam block lies at or after svfrom: kept, never normalized again */
    for (i = fz->svfrom; i < nb; i++) {
        r = block_cps(fz, text, spans, i, &at, &c);
        if (fz->x[i * SHAI_NFEAT + SHAI_F_SPAM_ANY] > 0) walk_pairs(fz, c, (size_t)r, cap, 1);
    }
    for (i = 0, at = 0; i < nb; i++) {
        double *x = fz->x + i * SHAI_NFEAT;
        if ((r = block_cps(fz, text, spans, i, &at, &c)) < 0) return SHAI_ERR_NOMEM;
        if (x[SHAI_F_SPAM_ANY] > 0) continue;          /* its own phrase says it */
        if (r >= 2) x[SHAI_F_SPAM_VOCAB] = walk_pairs(fz, c, (size_t)r, cap, 0);
    }
    return SHAI_OK;
}
