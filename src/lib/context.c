/*
 * context.c — the context pass: what only the page knows about a block.
 *
 * After the local pass (features.c) has filled each block's own features,
 * this adds position, repetition, neighbours' evidence, the largest runs
 * of prose and page-level shares (FAM_CONTEXT), and, once the stage-1
 * model has scored the page, the stacked features (FAM_STACK).  Every
 * loop here is linear in the page's blocks (or n log n for the sort).
 */
#include "featurizer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorts a[0..n) ascending: insertion sort for the few segments of a
 * block (no comparison calls), qsort for longer arrays. */
void shai_sort_u64(uint64_t *a, size_t n)
{
    size_t i, j;
    if (n > 32) {
        qsort(a, n, sizeof *a, cmp_u64);
        return;
    }
    for (i = 1; i < n; i++) {
        uint64_t v = a[i];
        for (j = i; j > 0 && a[j - 1] > v; j--) a[j] = a[j - 1];
        a[j] = v;
    }
}

void shai_context_features(shai_featurizer *fz, size_t nb)
{
    size_t i, d, maxc = 1, firstp = SIZE_MAX, lastp = 0, total = 0;
    size_t run_start = 0, run_end = 0, rel;   /* rel: the last related-links heading */
    size_t main_lo, main_hi, main0_lo, main0_hi;
    double pspam = 0, pweak = 0, pplace = 0, pgarble = 0, pprose = 0, page[6], list[5];
    blockinfo *bi = fz->info;
    struct hashcount *reps;
    size_t mask;

    for (i = 0; i < nb; i++) {
        size_t c = bi[i].chars;
        if (c > maxc) maxc = c;
        if (bi[i].prose) { if (firstp == SIZE_MAX) firstp = i; lastp = i; pprose += (double)c; }
        total += c;
        pspam += bi[i].spam_ev * (double)c;
        pweak += bi[i].weak_ev * (double)c;
        pplace += bi[i].place_ev * (double)c;
        pgarble += bi[i].garble_ev * (double)c;
    }
    if (total == 0) total = 1;

    /* distance to the nearest prose block: one pass each way */
    for (i = 0, d = SIZE_MAX; i < nb; i++) {
        if (bi[i].prose) d = 0; else if (d != SIZE_MAX) d++;
        bi[i].prose_dist = d;
    }
    for (i = nb, d = SIZE_MAX; i-- > 0;) {
        if (bi[i].prose) d = 0; else if (d != SIZE_MAX) d++;
        if (d < bi[i].prose_dist) bi[i].prose_dist = d;
    }

    /* the largest cluster of prose blocks (gaps of at most 2 other
     * blocks), by characters: where the article body most likely is */
    {
        size_t a = SIZE_MAX, lastp2 = 0, chars = 0, best = 0;
        main_lo = SIZE_MAX;
        main_hi = 0;
        for (i = 0; i <= nb; i++) {
            if (i < nb && !bi[i].prose) continue;
            if (i < nb && a != SIZE_MAX && i - lastp2 <= 3) { chars += bi[i].chars; lastp2 = i; continue; }
            if (a != SIZE_MAX && chars > best) { best = chars; main_lo = a; main_hi = lastp2; }
            if (i < nb) { a = i; lastp2 = i; chars = bi[i].chars; }
        }
    }

    /* gapless runs of prose: an article's paragraphs follow each other,
     * while teasers on a list page alternate with titles and dates */
    {
        size_t a = 0, chars = 0, best = 0;
        main0_lo = SIZE_MAX;
        main0_hi = 0;
        for (i = 0; i <= nb; i++) {
            if (i < nb && bi[i].prose) { if (!chars) a = i; chars += bi[i].chars; continue; }
            if (chars) {
                size_t j;
                for (j = a; j < i; j++) bi[j].run = i - a;
                if (chars > best) { best = chars; main0_lo = a; main0_hi = i - 1; }
            }
            chars = 0;
            if (i < nb) bi[i].run = 0;
        }
    }

    /* loose clusters of prose: successive prose blocks at most 6 apart,
     * as the posts of a thread between their per-post chrome lines */
    {
        size_t lo = SIZE_MAX, last = 0, cnt = 0, j;
        for (i = 0; i < nb; i++) bi[i].cluster = 0;
        for (i = 0; i <= nb; i++) {
            if (i < nb && !bi[i].prose) continue;
            if (i < nb && lo != SIZE_MAX && i - last <= 6) { cnt++; last = i; continue; }
            if (lo != SIZE_MAX) for (j = lo; j <= last; j++) bi[j].cluster = cnt;
            if (i < nb) { lo = i; last = i; cnt = 1; }
        }
    }

    /* repetition inside the page: how many blocks have each hash, in an
     * open-addressing table (the hashes are well mixed: their low bits
     * index it) */
    reps = fz->reps;
    mask = reps_size(nb) - 1;
    memset(reps, 0, (mask + 1) * sizeof *reps);
    for (i = 0; i < nb; i++) {
        size_t at = (size_t)bi[i].hash & mask;
        while (reps[at].n && reps[at].hash != bi[i].hash) at = (at + 1) & mask;
        reps[at].hash = bi[i].hash;
        reps[at].n++;
    }

    /* The shape of the page's prose blocks as a whole.  On a list page
     * (a blog's home, a channel, a topic list) the teasers stand alone,
     * each after its headline and beside a date line, often cut off; an
     * article's paragraphs follow each other, and a thread's posts talk
     * (chat_density).  The block alone cannot tell a teaser from a
     * paragraph; these five page shares, given to every block and again
     * to the prose blocks only (in the loop below), let the linear model
     * weigh a prose block by the kind of page it is on
     * (training/HISTORY.md, seventeenth session).  One prose block shows
     * no repetition (a short article's one paragraph stands alone after
     * its headline too): the shares count in full from four prose
     * blocks on, and not at all for one. */
    {
        double np = 0, iso = 0, dates = 0, chat = 0, ell = 0, titled = 0;
        for (i = 0; i < nb; i++) {
            const double *x = fz->x + i * SHAI_NFEAT;
            if (x[SHAI_F_DATE_ANY] > 0 && bi[i].chars < 60) dates += 1;
            if (!bi[i].prose) continue;
            np += 1;
            iso += bi[i].run == 1;
            chat += x[SHAI_F_CHAT_DENS];
            ell += x[SHAI_F_ELLIPSIS_END] > 0 || x[SHAI_F_CUT_END] > 0;
            if (i > 0 && !bi[i - 1].prose && bi[i - 1].chars >= 8 && bi[i - 1].chars <= 40) {
                const double *y = fz->x + (i - 1) * SHAI_NFEAT;
                titled += y[SHAI_F_DATE_ANY] == 0 && y[SHAI_F_SENT_END] == 0;
            }
        }
        memset(list, 0, sizeof list);
        if (np > 1) {
            double conf = np >= 4 ? 1.0 : (np - 1) / 3.0;
            list[0] = conf * (iso / np);
            list[1] = conf * clamp01(dates / np);
            list[2] = conf * (chat / np);
            list[3] = conf * (ell / np);
            list[4] = conf * (titled / np);
        }
    }

    /* the features that are the same for every block of the page */
    page[0] = logcap(nb, 500);
    page[1] = clamp01(pspam / (double)total);
    page[2] = clamp01(pweak / (double)total);
    page[3] = clamp01(pplace / (double)total);
    page[4] = clamp01(pgarble / (double)total);
    page[5] = clamp01(pprose / (double)total);

    for (i = 0, rel = SIZE_MAX; i < nb; i++) {
        double *x = fz->x + i * SHAI_NFEAT;
        size_t at, cnt, run;
        double nbn = 0, nlen = 0, nsent = 0, npl = 0, nplw = 0, nsp = 0, ncue = 0, ngar = 0, ncode = 0;
        long k;

        x[SHAI_F_POS_REL] = nb > 1 ? (double)i / (double)(nb - 1) : 0;
        x[SHAI_F_POS_FIRST] = i == 0;
        x[SHAI_F_POS_LAST] = i + 1 == nb;
        x[SHAI_F_EDGE_NEAR] = i < 3 || i + 3 >= nb;
        x[SHAI_F_PAGE_BLOCKS_LOG] = page[0];

        at = (size_t)bi[i].hash & mask;
        while (reps[at].hash != bi[i].hash) at = (at + 1) & mask;
        cnt = reps[at].n < 4 ? reps[at].n : 4;
        x[SHAI_F_REPEAT_PAGE] = clamp01((double)(cnt - 1) / 3.0);
        x[SHAI_F_REL_LEN] = (double)bi[i].chars / (double)maxc;

        d = bi[i].prose_dist;
        x[SHAI_F_PROSE_NEAR] = d == SIZE_MAX ? 0 : 1.0 / (1.0 + (double)d);
        x[SHAI_F_PROSE_ZONE] = firstp != SIZE_MAX && i >= firstp && i <= lastp;
        x[SHAI_F_MAIN_RUN] = main_lo != SIZE_MAX && i >= main_lo && i <= main_hi;
        x[SHAI_F_PROSE_RUN_LOG] = logcap(bi[i].run, 30);
        x[SHAI_F_PROSE_CLUSTER_LOG] = logcap(bi[i].cluster, 30);
        /* below a related-links heading: other pages' titles and teasers.
         * Above the first prose block such a cue is a menu item (热门文章
         * in the top menu), and the article below it no list of teasers. */
        if (bi[i].related && firstp != SIZE_MAX && i > firstp) rel = i;
        if (rel != SIZE_MAX) x[SHAI_F_RELATED_BELOW] = 1.0 / (1.0 + (double)(i - rel) / RELATED_SCALE);
        if (bi[i].chars >= 20) {
            size_t same = 0;
            for (k = (long)i - 4; k <= (long)i + 4; k++) {
                size_t a2, b2;
                if (k < 0 || k == (long)i || (size_t)k >= nb) continue;
                a2 = bi[k].chars;
                b2 = bi[i].chars;
                same += (a2 > b2 ? a2 - b2 : b2 - a2) <= 2;
            }
            x[SHAI_F_SAME_LEN_NB] = clamp01((double)same / 4.0);
        }
        x[SHAI_F_MAIN_RUN0] = main0_lo != SIZE_MAX && i >= main0_lo && i <= main0_hi;
        /* a headline: a short line without a date just before the body */
        x[SHAI_F_TITLE_LIKE] = main_lo != SIZE_MAX && i < main_lo && main_lo - i <= 3 && !bi[i].prose &&
                               bi[i].chars >= 6 && bi[i].chars <= 60 && x[SHAI_F_CJK_RATIO] >= 0.5 &&
                               x[SHAI_F_DATE_ANY] == 0 && x[SHAI_F_URL_LIKE] == 0 && !bi[i].cue_ev &&
                               x[SHAI_F_ARROW_SEP] == 0 && !bi[i].pipe;

        /* the length of the run of short blocks holding block i (0 when
         * it is not short), measured once at the run's first block */
        run = 0;
        if (bi[i].is_short) {
            if (i == 0 || !bi[i - 1].is_short)
                for (run_start = i, run_end = i; run_end < nb && bi[run_end].is_short; run_end++) ;
            run = run_end - run_start;
        }
        x[SHAI_F_SHORT_RUN_LOG] = logcap(run, 50);

        for (k = (long)i - 2; k <= (long)i + 2; k++) {
            const double *y;
            if (k < 0 || k == (long)i || (size_t)k >= nb) continue;
            y = fz->x + (size_t)k * SHAI_NFEAT;
            nbn += 1;
            nlen += y[SHAI_F_LEN_LOG];
            nsent += y[SHAI_F_SENT_END];
            npl += bi[k].place_ev;
            nplw += y[SHAI_F_PLACE_WHOLE];
            nsp += bi[k].spam_ev;
            ncue += bi[k].cue_ev;
            ngar += bi[k].garble_ev;
            ncode += bi[k].code;
        }
        if (nbn == 4 || nbn == 2 || nbn == 1) {
            /* dividing by a power of two and multiplying by its inverse
             * round the same exact quotient: the same double */
            double inv = 1.0 / nbn;
            x[SHAI_F_NB_LEN] = nlen * inv;
            x[SHAI_F_NB_SENT_END] = nsent * inv;
            x[SHAI_F_NB_PLACE] = npl * inv;
            x[SHAI_F_NB_PLACE_WHOLE] = nplw * inv;
            x[SHAI_F_NB_SPAM] = nsp * inv;
            x[SHAI_F_NB_CUE] = ncue * inv;
            x[SHAI_F_NB_GARBLE] = ngar * inv;
            x[SHAI_F_NB_CODE] = ncode * inv;
        } else if (nbn > 0) {
            x[SHAI_F_NB_LEN] = nlen / nbn;
            x[SHAI_F_NB_SENT_END] = nsent / nbn;
            x[SHAI_F_NB_PLACE] = npl / nbn;
            x[SHAI_F_NB_PLACE_WHOLE] = nplw / nbn;
            x[SHAI_F_NB_SPAM] = nsp / nbn;
            x[SHAI_F_NB_CUE] = ncue / nbn;
            x[SHAI_F_NB_GARBLE] = ngar / nbn;
            x[SHAI_F_NB_CODE] = ncode / nbn;
        }
        x[SHAI_F_PAGE_SPAM] = page[1];
        x[SHAI_F_PAGE_WEAK] = page[2];
        x[SHAI_F_PAGE_PLACE] = page[3];
        x[SHAI_F_PAGE_GARBLE] = page[4];
        x[SHAI_F_PAGE_PROSE] = page[5];
        for (k = 0; k < 5; k++) {   /* in features.def order */
            x[SHAI_F_PL_ISO + k] = list[k];
            if (bi[i].prose) x[SHAI_F_PX_ISO + k] = list[k];
        }
    }
}

_Static_assert(SHAI_F_PL_TITLED == SHAI_F_PL_ISO + 4 && SHAI_F_PX_TITLED == SHAI_F_PX_ISO + 4 &&
               SHAI_F_PX_ISO == SHAI_F_PL_ISO + 5, "the page_* and prose_x_* features keep their order");

/* ------------------------------------------------------------ stacking */

static double squash(double s) { return 1.0 / (1.0 + exp(-2.0 * s)); }

/* squash(s1[k]) once computed: row k's STACK_SELF feature. */
static double squashed(const double *X, long k) { return X[(size_t)k * SHAI_NFEAT + SHAI_F_STACK_SELF]; }

void shai_stack_features(double *X, size_t n, const double *s1)
{
    size_t i;
    double page = 0;
    long k;
    /* each block's squashed score first (one exp per block): the
     * neighbours below read it from there */
    for (i = 0; i < n; i++) {
        X[i * SHAI_NFEAT + SHAI_F_STACK_SELF] = squash(s1[i]);
        page += X[i * SHAI_NFEAT + SHAI_F_STACK_SELF];
    }
    page = n ? page / (double)n : 0;
    for (i = 0; i < n; i++) {
        double *x = X + i * SHAI_NFEAT, win = 0, nb2 = 0;
        size_t nwin = 0, nnb2 = 0;
        int left = 0, right = 0;
        x[SHAI_F_STACK_PREV] = i > 0 ? squashed(X, (long)i - 1) : 0.5;
        x[SHAI_F_STACK_NEXT] = i + 1 < n ? squashed(X, (long)i + 1) : 0.5;
        if (i >= 2) { nb2 += squashed(X, (long)i - 2); nnb2++; }
        if (i + 2 < n) { nb2 += squashed(X, (long)i + 2); nnb2++; }
        x[SHAI_F_STACK_NB2] = nnb2 ? nb2 / (double)nnb2 : 0.5;
        /* the window [i - 5, i + 5] within the page, i left out, in
         * ascending order: the blocks before i, then those after (no
         * test per step); the flags bitwise, not with &&, as the
         * scores follow no pattern to predict */
        for (k = i >= 5 ? (long)i - 5 : 0; k < (long)i; k++) {
            win += squashed(X, k);
            nwin++;
            left |= (s1[k] < 0) & ((long)i - k <= 2);
        }
        for (k = (long)i + 1; k <= (long)i + 5 && (size_t)k < n; k++) {
            win += squashed(X, k);
            nwin++;
            right |= (s1[k] < 0) & (k - (long)i <= 2);
        }
        x[SHAI_F_STACK_WIN] = nwin ? win / (double)nwin : 0.5;
        x[SHAI_F_STACK_PAGE] = page;
        x[SHAI_F_STACK_SANDWICH] = left && right;
    }
}
