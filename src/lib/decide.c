/*
 * decide.c — scores -> keep/drop and a reason.
 *
 * The drop model answers "is this block junk?"; its score s is what
 * --threshold moves.  A dropped block takes the reason whose one-vs-rest
 * reason model scores highest.  A kept block is labeled content.
 *
 * Page smoothing.  Content and junk come in runs: an article body is a
 * run of paragraphs, a menu or a footer a run of links.  A short line
 * inside a body ("Action", a formula, a subheading) looks like a menu
 * item on its own, and a lone long teaser in a list of links looks like
 * prose.  So the keep/drop labels of a page are chosen together: the
 * sequence y (1 = drop) that maximises
 *
 *     sum_i  g_i * (y_i ? +1 : -1)  -  lambda * #{i : y_i != y_(i-1)}
 *
 * with g_i = (s_i - threshold) / 2 * (1 + chars_i / scale): each block
 * votes with its own score, a long block more loudly, and every switch
 * between keep and drop costs lambda.  Viterbi over two states finds it
 * in O(n).  With lambda = 0 every block is decided alone (drop when
 * s > threshold), exactly as without smoothing.  lambda and scale are
 * chosen by grouped cross-validation in training and stored in the model.
 *
 * Reason gates.  The reason models see the whole page, so a dropped
 * block on a page with some spam can take adult_spam for no evidence of
 * its own (a copyright line, a comment with a vulgar word), and a site's
 * own region menu reads as a place list; a short line of rare names or a
 * word of Turkish reads as garbled.  After the smoothing,
 * shai_gate_reasons moves such blocks to their next reason: adult_spam
 * without a strong spam phrase on a page with few adult_spam blocks or
 * no strong phrase at all, place_list in a run of blocks whose place
 * names all share one gazetteer level or lie in one province (or that
 * is two such menus one after the other, with 6 or more names), and
 * garbled without evidence of garbling in the block itself; blocks that
 * these moves send to place_list are gated as runs once more.  Then the
 * place lists left standing take in the place names and filler words at
 * their edges, which the reason models give to other reasons.
 */
#include "internal.h"
#include "featurizer.h"
#include <math.h>

_Static_assert(SHAI_M_REASON0 == SHAI_M_DROP + 1, "reason model k-1 is model SHAI_M_DROP + k");

void shai_decide(const shai_model *m, double threshold, const double *x, shai_block *blk)
{
    double s[SHAI_NLABELS];
    int k;
    for (k = 0; k < SHAI_NLABELS; k++) s[k] = shai_score(m, SHAI_M_DROP + k, x);
    shai_decide_scores(blk, s, threshold);
}

void shai_decide_scores(shai_block *blk, const double s[SHAI_NLABELS], double threshold)
{
    int k;
    blk->score = s[0];
    blk->label_score[SHAI_CONTENT] = -s[0];
    for (k = 1; k < SHAI_NLABELS; k++) blk->label_score[k] = s[k];
    shai_decide_set(blk, !(s[0] > threshold));
}

void shai_decide_set(shai_block *blk, int keep)
{
    int k, best = SHAI_BOILERPLATE;
    for (k = best + 1; k < SHAI_NLABELS; k++)
        if (blk->label_score[k] > blk->label_score[best]) best = k;
    blk->keep = keep;
    blk->label = keep ? SHAI_CONTENT : best;
}

#define SMOOTH_MAX_GAP 1e6

void shai_smooth(shai_block *b, size_t n, double threshold, double lambda, double scale,
                 unsigned char *bp)
{
    double keep = 0, junk = 0; /* best totals of the paths ending in keep / drop */
    size_t i;
    int st;
    if (lambda <= 0 || scale <= 0 || n < 2) return;
    /* forward pass; bp[i] holds the back pointers of step i: bit 0 set
     * when a keep at i is best reached from a drop at i-1, bit 1 set when
     * a drop at i is best reached from a keep at i-1 */
    for (i = 0; i < n; i++) {
        /* a block further than SMOOTH_MAX_GAP from the threshold is as
         * sure as one at it, against switch costs of order 1: the clamp
         * keeps the path sums finite for any finite threshold (inf - inf
         * would be NaN) */
        double d = b[i].score - threshold;
        double g = 0.5 * (d > SMOOTH_MAX_GAP ? SMOOTH_MAX_GAP : d < -SMOOTH_MAX_GAP ? -SMOOTH_MAX_GAP : d) *
                   (1.0 + (double)b[i].chars / scale);
        double k_stay = keep, k_sw = junk - lambda, j_stay = junk, j_sw = keep - lambda;
        bp[i] = 0;
        if (i > 0 && k_sw > k_stay) bp[i] |= 1;
        if (i > 0 && j_sw >= j_stay) bp[i] |= 2;
        keep = (bp[i] & 1 ? k_sw : k_stay) - g;
        junk = (bp[i] & 2 ? j_sw : j_stay) + g;
    }
    /* backward pass; ties go to keep, as in the unsmoothed rule */
    st = junk > keep;
    for (i = n; i-- > 0;) {
        shai_decide_set(&b[i], !st);
        st = st ? !(bp[i] & 2) : (bp[i] & 1);
    }
}

/* Blocks labeled adult_spam that a page needs before such a label stands
 * without a strong spam phrase in the block.  Grouped 5-fold CV, fold
 * seeds 1-3, pages with an adult_spam block flagged by one (shai report's
 * rule): without the gate precision 0.61 / 0.65 / 0.59, recall 0.89 /
 * 0.92 / 0.89; with 3 (training/HISTORY.md) both moved as measured there.
 * The page must also hold a dropped block with a strong phrase
 * (eighteenth session): page precision 0.77 / 0.75 / 0.76 -> 0.93 / 0.93
 * / 0.95, recall 0.87 / 0.83 / 0.83 -> 0.75 (AI-written gambling prose
 * with no strong phrase lost); 53 held-out pages: precision 0.36 ->
 * 0.71, recall 0.56 both. */
#define SPAM_PAGE_MIN 3

/* Block b's best reason outside the labels of mask `not` (never content;
 * boilerplate when every reason is excluded). */
static int best_other(const shai_block *b, unsigned not)
{
    int k, best = -1;
    for (k = SHAI_BOILERPLATE; k < SHAI_NLABELS; k++)
        if (!(not >> k & 1) && (best < 0 || b->label_score[k] > b->label_score[best])) best = k;
    return best < 0 ? SHAI_BOILERPLATE : best;
}

/* Rare ideographs (outside GB2312 level 1, after the traditional ones are
 * folded) a block needs, and their share of its ideographs, to count as
 * mojibake by them alone: UTF-8 read as GBK or Big5 yields runs of them,
 * a place or a person's name two or three (岢岚县, 砳砳君). */
#define GARBLE_RARE_MIN 3
#define GARBLE_RARE_SHARE 0.2

/* Whether row x shows garbling of its own: a replacement character, a
 * control or private-use character, a Latin-1 mojibake pair, an HTML
 * entity, a pinyin gloss (區(qū)), markup for a tenth of its characters
 * (the ratio is scaled by 5), or rare ideographs as above.  Of the 2,867
 * generated garbled lines of training/synth.lbl, 2,840 show some.  Latin
 * letters with diacritics are not evidence: a language menu's Türkçe or
 * Français has them, and Latin-1 mojibake shows its pairs. */
static int garble_evidence(const double *x)
{
    return x[SHAI_F_REPL_RATIO] > 0 || x[SHAI_F_CTRL_RATIO] > 0 || x[SHAI_F_MOJIBAKE_PAIRS] > 0 ||
           x[SHAI_F_ENTITY_ANY] > 0 || x[SHAI_F_PINYIN_GLOSS] > 0 || x[SHAI_F_MARKUP_RATIO] >= 0.5 ||
           (x[SHAI_F_RARE_HANZI] >= GARBLE_RARE_SHARE &&
            /* the count back from log1p(count) / log1p(SHAI_RARE_LOG_AT) */
            expm1(x[SHAI_F_RARE_HANZI_LOG] * log1p(SHAI_RARE_LOG_AT)) > GARBLE_RARE_MIN - 0.5);
}

/* Whether the place names of a stretch of blocks, their level and
 * province bits ANDed into `common` (SHAI_PLACES_NONE when it has none)
 * and `unplaced` set by a name of no known province, read as one region
 * menu: they share a gazetteer level other than the Hong Kong, Macau and
 * Taiwan one, or every one lies in one province. */
static int place_menu_like(uint64_t common, uint64_t unplaced)
{
    uint32_t prov = SHAI_PLACE_PROV(common);
    return (common & SHAI_LEVEL_MASK & ~SHAI_LEVEL(HK_MO_TW)) != 0 ||
           (!unplaced && prov != 0 && prov != SHAI_PROVINCE_ALL);
}

/* A run of place_list blocks may be two region menus one after the
 * other: a shop's delivery selector lists the provinces (one level) and
 * then one province's districts (one province), and the two together
 * share neither.  So a run reads as a menu when it is one menu-like
 * stretch, or two of them with at least PLACE_MENU_RUN_MIN blocks that
 * hold a place name: any two names split into two such stretches, a
 * farm's long list into many.  Grouped 5-fold CV, fold seeds 1-3
 * (training/HISTORY.md): place_list label precision 0.877 / 0.594 /
 * 0.631 -> 0.877 / 0.930 / 0.922, recall unchanged; with the second
 * pass of shai_gate_reasons 0.939 / 0.930 / 0.922. */
#define PLACE_MENU_STRETCHES 2
#define PLACE_MENU_RUN_MIN 6

/* The run of place_list blocks that starts at block `start` (itself
 * place_list): every later place_list block at most SHAI_PLACE_RUN_GAP
 * blocks after the one before.  Sets *end to one past its last block and
 * returns whether the run reads as a region menu (above).  The stretches
 * are cut greedily, each as long as it stays menu-like; as a stretch that
 * is menu-like stays so without any of its blocks, that gives the fewest
 * stretches.  A block whose own names are not menu-like (a farm's line of
 * names from all over) makes the run no menu. */
static int place_run_menu(const shai_block *b, size_t n, const uint64_t *places, size_t start,
                          size_t *end)
{
    uint64_t common = SHAI_PLACES_NONE, unplaced = 0;
    size_t i, last = start, named = 0;
    int stretches = 1, mixed = 0;
    for (i = start; i < n && i - last <= SHAI_PLACE_RUN_GAP; i++) {
        uint64_t un = places[i] & SHAI_PLACE_UNPLACED;
        if (b[i].label != SHAI_PLACE_LIST) continue;
        if (place_menu_like(common & places[i], unplaced | un)) {
            common &= places[i];
            unplaced |= un;
        } else {
            mixed |= !place_menu_like(places[i], un);
            stretches++;
            common = places[i];
            unplaced = un;
        }
        named += places[i] != SHAI_PLACES_NONE;
        last = i;
    }
    *end = last + 1;
    return !mixed && (stretches == 1 || (stretches <= PLACE_MENU_STRETCHES && named >= PLACE_MENU_RUN_MIN));
}

/* After the gates: a dropped block that is one place name (a segment of
 * its own, the separator aside) next to a place_list block joins the
 * list, and so does a block of up to PLACE_FILLER_MAX characters with a
 * place_list block on one side and a place_list block or a dropped place
 * name on the other (a link farm's filler word, 科技 or 博客, among its
 * names).  The reason models see a list's first and last names with fewer
 * place neighbours than the middle ones, and give them to boilerplate or
 * adult_spam.  A run grows name by name.
 * Only runs that passed the region-menu gate grow: grown first, a few
 * place_list labels in a shop's province selector spread over the whole
 * selector and the districts' menu below it, and the grown run, mixing
 * provinces and districts, read as a farm. */
#define PLACE_FILLER_MAX 4
/* Whether block i is dropped and one place name (0 when i is past the
 * page, as i - 1 is for the first block). */
static int name_at(const shai_block *b, size_t n, const double *X, size_t i)
{
    return i < n && !b[i].keep && X[i * SHAI_NFEAT + SHAI_F_PLACE_WHOLE] > 0;
}
/* Whether block i joins a place_list block beside it (see above). */
static int place_joins(const shai_block *b, size_t n, const double *X, size_t i)
{
    int prev = i > 0 && b[i - 1].label == SHAI_PLACE_LIST;
    int next = i + 1 < n && b[i + 1].label == SHAI_PLACE_LIST;
    if (b[i].keep || b[i].label == SHAI_PLACE_LIST || !(prev || next)) return 0;
    return name_at(b, n, X, i) ||
           (b[i].chars <= PLACE_FILLER_MAX && (prev || name_at(b, n, X, i - 1)) &&
            (next || name_at(b, n, X, i + 1)));
}

/* One pass forward grows every run to the right (block i sees block i-1
 * as it has just become), one backward to the left: whether a block may
 * join depends on its own features and its neighbours', so two passes
 * reach what repeating them would, in linear time. */
static void place_runs_grow(shai_block *b, size_t n, const double *X)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (place_joins(b, n, X, i)) b[i].label = SHAI_PLACE_LIST;
    for (i = n; i-- > 0;)
        if (place_joins(b, n, X, i)) b[i].label = SHAI_PLACE_LIST;
}

/* The reasons the gates rule out for a dropped block labeled `label`
 * with features x (see shai_gate_reasons): place_list when its run is a
 * menu (or, off another reason, when the page's runs are all menus),
 * adult_spam without a strong phrase on a page that is no spam page, and
 * garbled without evidence of its own, checked only when the block is
 * garbled or has to move. */
static unsigned gate_mask(int label, const double *x, int spam_page, int menu)
{
    unsigned not = (menu ? 1u << SHAI_PLACE_LIST : 0) |
                   (!spam_page && x[SHAI_F_SPAM_ANY] == 0 ? 1u << SHAI_ADULT_SPAM : 0);
    if ((label == SHAI_GARBLED || (not >> label & 1)) && !garble_evidence(x)) not |= 1u << SHAI_GARBLED;
    return not;
}

void shai_gate_reasons(shai_block *b, size_t n, const double *X, const uint64_t *places)
{
    size_t i, na = 0, nstrong = 0, run_end = 0;
    int runs = 0, farm = 0, menu_run = 0, spam_page;
    /* place_list: a link farm's list mixes administrative levels (a
     * prefecture, a county, a district, a province's short name); a
     * site's own region menu (its city's districts, the provinces) keeps
     * to one, or to one province (a provincial site's cities, counties and
     * districts), and is boilerplate.  So the page's place_list blocks are
     * cut into runs (place_run_menu), and when every place name of a run
     * shares a level, or every one lies in one province (each has
     * provinces in the gazetteer, and they share one), or when the run
     * is two such menus one after the other (PLACE_MENU_RUN_MIN named
     * blocks or more), the run's blocks take their best other reason; a
     * block whose own names share neither makes its run a farm.  A farm
     * draws its names from the whole country, and one name of unknown
     * province (Hong Kong, a
     * historical county) could be from anywhere.  The gazetteer gives
     * Hong Kong, Macau and Taiwan names one level for cities, counties
     * and districts alike, which tells nothing: sharing only that one
     * does not count (nor do they have provinces).  Runs, not the page:
     * a provincial site may carry its cities' menu and, far below, the
     * provinces' menu, each a menu but not the two together.  A block
     * moved off another reason does not go to place_list on a page whose
     * every run is a menu.
     * adult_spam: on a page with fewer than SPAM_PAGE_MIN such blocks,
     * or with no dropped block that holds a strong spam phrase, a block
     * without one takes its best other reason.  A spam site or an
     * injected farm shows at least one strong phrase; a clean page where
     * the reason models (which see page-level features) call a few menu
     * lines adult_spam does not.
     * garbled: a block without evidence of its own (garble_evidence)
     * takes its best other reason, whatever the page.
     * All three are decided from the labels as they come (a block moved
     * off garbled does not join the page's count of place_list or
     * adult_spam blocks), and a block moved takes its best reason that no
     * gate rules out for it: a menu line does not go to adult_spam
     * without a phrase, nor a stray adult_spam line to place_list on a
     * menu page.  Blocks moved to place_list can make runs of their own
     * (a news site's county menu that the reason models call adult_spam
     * on a page without a spam phrase), so the runs of place_list blocks
     * are then gated once more, and a menu's blocks take their best
     * reason other than place_list.  A farm's run of the first pass that
     * the moved blocks lengthen to two menus' size is then a menu too:
     * the rule judges the labels as they end up. */
    for (i = 0; i < n; i++) {
        if (b[i].label == SHAI_PLACE_LIST && i >= run_end) {
            farm |= !place_run_menu(b, n, places, i, &run_end);
            runs = 1;
        }
        na += b[i].label == SHAI_ADULT_SPAM;
        nstrong += !b[i].keep && X[i * SHAI_NFEAT + SHAI_F_SPAM_ANY] > 0;
    }
    spam_page = na >= SPAM_PAGE_MIN && nstrong > 0;
    run_end = 0;
    for (i = 0; i < n; i++) {
        unsigned not;
        if (b[i].label == SHAI_PLACE_LIST && i >= run_end) menu_run = place_run_menu(b, n, places, i, &run_end);
        if (b[i].keep) continue;
        not = gate_mask(b[i].label, X + i * SHAI_NFEAT, spam_page,
                        b[i].label == SHAI_PLACE_LIST ? menu_run : runs && !farm);
        if (not >> b[i].label & 1) b[i].label = best_other(&b[i], not);
    }
    run_end = 0;
    for (i = 0; i < n; i++) {
        if (b[i].label != SHAI_PLACE_LIST) continue;
        if (i >= run_end) menu_run = place_run_menu(b, n, places, i, &run_end);
        if (menu_run) b[i].label = best_other(&b[i], gate_mask(SHAI_PLACE_LIST, X + i * SHAI_NFEAT, spam_page, 1));
    }
    place_runs_grow(b, n, X);
}
