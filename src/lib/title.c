/*
 * title.c — the page's title and the title_match feature (features.c).
 *
 * The title is the first block of the page, as HTML dumps and crawl text
 * put the <title> first, or a title given apart from the text (a JSONL
 * record's "title" field, shai_filter_run_titled).  A block found inside
 * it, spaces left out, is the page's headline.
 */
#include "featurizer.h"
#include "features_tables.h"

#include <string.h>

static int is_blank_cp(uint32_t c) { return (int)(kind(c) & K_CLASS) == SHAI_CC_SPACE; }

/* Keeps c (the first block, or a given title), spaces left out, as the
 * page's title, and its pairs of adjacent ideographs; one longer than
 * TITLE_MAX is no title. */
void shai_title_keep(shai_featurizer *fz, const uint32_t *c, size_t n)
{
    size_t i;
    fz->ntitle = 0;
    if (fz->ntpairs) {
        memset(fz->tpairs, 0, sizeof fz->tpairs);
        memset(fz->tbloom, 0, sizeof fz->tbloom);
        fz->ntpairs = 0;
    }
    for (i = 0; i < n; i++) {
        if (is_blank_cp(c[i])) continue;
        if (fz->ntitle == TITLE_MAX) { fz->ntitle = 0; return; }
        fz->title[fz->ntitle++] = c[i];
    }
    /* at most TITLE_MAX - 1 pairs: the table never fills */
    for (i = 0; i + 1 < fz->ntitle; i++) {
        uint64_t k;
        size_t at, bit;
        if (!is_cjk(fz->title[i]) || !is_cjk(fz->title[i + 1])) continue;
        k = shai_title_pair_key(fz->title[i], fz->title[i + 1]);
        at = shai_title_pair_find(fz, k);
        if (!fz->tpairs[at]) { fz->tpairs[at] = k; fz->ntpairs++; }
        bit = shai_title_pair_bit(k);
        fz->tbloom[bit / 64] |= 1ULL << (bit % 64);
    }
}

/* 1 when the block's n code points, whose length in the text's own
 * characters is m (features.c: spaces and what NFKC added left out), are
 * at least 6 and 30% of the title's and occur inside it, spaces left
 * out: the headline of the page.  Most blocks are turned away by their
 * length.  m may be less than the block's normalized code points (… is
 * three), so the match is bounded by the title's end, not by m. */
double shai_title_match(const shai_featurizer *fz, const uint32_t *c, size_t n, size_t m)
{
    size_t f = 0, i, j, k;
    if (m < 6 || m > fz->ntitle || m * 10 < fz->ntitle * 3) return 0;
    while (is_blank_cp(c[f])) f++;          /* m >= 6: there is one */
    for (i = 0; i + m <= fz->ntitle; i++) {
        if (fz->title[i] != c[f]) continue;
        for (j = f, k = i; j < n; j++) {
            if (is_blank_cp(c[j])) continue;
            if (k == fz->ntitle || fz->title[k] != c[j]) break;
            k++;
        }
        if (j == n) return 1;
    }
    return 0;
}

int shai_featurizer_title(shai_featurizer *fz, const char *title, size_t len)
{
    long r;
    size_t src;
    fz->title_given = 0;
    if (!title || !len) return SHAI_OK;
    r = shai_normalize_utf8_count(title, len, &fz->cps, &fz->cpscap, &src);
    if (r < 0) return SHAI_ERR_NOMEM;
    shai_title_keep(fz, fz->cps, (size_t)r);
    fz->title_given = 1;
    return SHAI_OK;
}
