/*
 * features.c — blocks of one document -> feature vectors.
 *
 * Two passes.  The local pass reads each block on its own: normalized code
 * points (normalize.c), character classes, punctuation and list shape,
 * lexicon matches (lexicon.c), dates and links, garbling signals.  The
 * context pass then adds what only the page knows: position, repetition,
 * neighbours' evidence and page-level shares.  Every feature is scaled
 * into [0, 1] here, so the model needs no separate scaling step.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "features_tables.h"

/* ------------------------------------------------------------ helpers */

/* Non-space characters of ordinary prose per generic spam word
 * (spam_weak.tsv) taken as background by spam_weak_excess_log.  Grouped
 * 5-fold CV, mean of fold seeds 1-3 (content kept / junk left): raw hit
 * count 0.856 / 0.105; one per 120 chars 0.863 / 0.106; one per 60 chars
 * 0.865 / 0.102. */
#define WEAK_BACKGROUND 60.0

static int is_sent_end(uint32_t c)
{
    return c == 0x3002 || c == '!' || c == '?' || c == 0x2026 /* … */ || c == 0x201D /* ” */ ||
           c == '"' || c == 0x300D /* 」 */ || c == 0x300F /* 』 */ || c == '.' || c == 0xFF61;
}

/* ASCII markers of links and markup (markers_at). */
enum { MARK_URL = 1, MARK_AT = 2, MARK_ENTITY = 4 };

/* The markers starting at c[i]: MARK_URL for http, www., .com, .cn,
 * .html, .net; MARK_AT for @; MARK_ENTITY for &amp, &lt, &gt, &quot,
 * &nbsp, &#, </, <div, <span, "<a ". */
static unsigned markers_at(const uint32_t *c, size_t n, size_t i)
{
    switch (c[i]) {
    case 'h':
        return lit_at(c, n, i, "http") ? MARK_URL : 0;
    case 'w':
        return lit_at(c, n, i, "www.") ? MARK_URL : 0;
    case '.':
        return lit_at(c, n, i, ".com") || lit_at(c, n, i, ".cn") || lit_at(c, n, i, ".html") ||
               lit_at(c, n, i, ".net") ? MARK_URL : 0;
    case '@':
        return MARK_AT;
    case '&':
        return lit_at(c, n, i, "&amp") || lit_at(c, n, i, "&lt") || lit_at(c, n, i, "&gt") ||
               lit_at(c, n, i, "&quot") || lit_at(c, n, i, "&nbsp") || lit_at(c, n, i, "&#")
               ? MARK_ENTITY : 0;
    case '<':
        return lit_at(c, n, i, "</") || lit_at(c, n, i, "<div") || lit_at(c, n, i, "<span") ||
               lit_at(c, n, i, "<a ") ? MARK_ENTITY : 0;
    default:
        return 0;
    }
}

/* ------------------------------------------------------------ local pass */

/* The lexicon categories of place names (full and suffix-stripped) and of
 * strong spam, as match masks. */
static const uint32_t PLACE_MASK = (1u << SHAI_LEX_PLACE) | (1u << SHAI_LEX_PLACE_SHORT);
static const uint32_t SPAM_MASK = (1u << SHAI_LEX_ADULT) | (1u << SHAI_LEX_GAMBLING) |
                                  (1u << SHAI_LEX_ILLICIT);

/* How many of the n hashes h[] equal an earlier one: n minus the number
 * of distinct values (what sorting and counting equal neighbours gives).
 * A short list is sorted in place; a longer one goes through set, an
 * open-addressing table of SEGSET entries (the hashes are well mixed, so
 * their low bits make the slot; 0 marks an empty slot, and the value 0
 * is kept aside). */
static size_t repeats(uint64_t *h, size_t n, uint64_t *set)
{
    size_t i, cap = 64, distinct = 0;
    int zero = 0;
    if (n <= 16) {
        shai_sort_u64(h, n);
        for (i = 1; i < n; i++) distinct += h[i] != h[i - 1];
        return n - 1 - distinct;
    }
    while (cap < 2 * n) cap *= 2;
    memset(set, 0, cap * sizeof *set);
    for (i = 0; i < n; i++) {
        size_t at = (size_t)h[i] & (cap - 1);
        if (h[i] == 0) {
            distinct += !zero;
            zero = 1;
            continue;
        }
        while (set[at] && set[at] != h[i]) at = (at + 1) & (cap - 1);
        if (!set[at]) {
            set[at] = h[i];
            distinct++;
        }
    }
    return n - distinct;
}

/* Notes segment [a, b) of the block (up to MAX_SEGS of them) and its
 * hash in hashes[]: h, the hash_step chain over its code points from 0,
 * finished with its length (seg_hash). */
static void add_seg(seg *segs, uint64_t *hashes, size_t *nseg, size_t a, size_t b, uint64_t h)
{
    if (*nseg < MAX_SEGS) {
        segs[*nseg].start = (uint32_t)a;
        segs[*nseg].end = (uint32_t)b;
        hashes[*nseg] = hash_end(hash_step(h, (uint64_t)(b - a)));
        (*nseg)++;
    }
}

/* The conversational marks of c[0..n) that count: a particle before a
 * pause or the end (anything but an ideograph), a pronoun when it is not
 * the plural 我们 / 你们.  The main loop counts the candidates (K_CHAT,
 * cand of them) without a branch; this runs only for the blocks that have
 * one, and stops after the last. */
static size_t chat_counts(const uint32_t *c, size_t n, size_t cand)
{
    size_t i, count = 0;
    for (i = 0; i < n && cand > 0; i++) {
        unsigned mark;
        uint32_t next;
        if (!(kind(c[i]) & K_CHAT)) continue;
        cand--;
        mark = shai_chat_mark(c[i]);
        next = i + 1 < n ? c[i + 1] : 0;
        count += mark == CHAT_PARTICLE ? !is_cjk(next) : next != 0x4EEC;   /* 们 */
    }
    return count;
}

static int local_features(shai_featurizer *fz, const char *s, size_t len, double *x,
                          blockinfo *bi, uint64_t *block_places)
{
    size_t cls[16], i, n, nonspace, vis, rare = 0, clauses = 0, pipes = 0, enums = 0;
    size_t spsep = 0, markup = 0, arrows = 0, mojipairs = 0, nseg = 0, segshort = 0;
    size_t segchars = 0, segplace = 0, segprefix = 0, segrep = 0, first = SIZE_MAX, last = 0;
    size_t cov[SHAI_LEX_N], place_cjk = 0, short_cjk = 0, spamcov = 0, distinct = 0;
    size_t bits_set = 0, date_cov, nm, pinyin, pinyin_latinx;
    size_t place_hits = 0, spam_hits = 0, weak_hits = 0;
    size_t seg_at = SIZE_MAX;   /* start of the open segment */
    size_t ncjk = 0, chat_cand = 0, chat;   /* conversational marks (chat_counts) */
    size_t tpairs = 0, thits = 0;           /* pairs of ideographs, and those in the title */
    uint32_t tprev = 0;                     /* the ideograph before, 0 after anything else */
    const uint32_t vocab = fz->ntpairs ? ~0u : 0;   /* a mask: no title, no pairs counted */
    uint64_t bh, sh = 0;   /* the block's hash; the open segment's (add_seg) */
    uint64_t *seghash;
    uint32_t anycats = 0;
    uint64_t places = SHAI_PLACES_NONE;
    int any[SHAI_LEX_N], date = 0, time = 0, cue_any = 0, copyright = 0, paren = 0;
    unsigned markers = 0, pflags = 0;
    uint16_t *seen = fz->seen, stamp;   /* 12-bit hashes seen in this block */
    long r;

    /* seen[h] == stamp marks hash h as seen in this block; a new stamp
     * per block clears the table, and a real clearing every 65535 */
    if (++fz->stamp == 0) {
        memset(fz->seen, 0, sizeof fz->seen);
        fz->stamp = 1;
    }
    stamp = fz->stamp;
    shai_zero_small(cls, sizeof cls);

    r = shai_normalize_utf8_count(s, len, &fz->cps, &fz->cpscap, &bi->src_chars);
    if (r < 0) return SHAI_ERR_NOMEM;
    n = (size_t)r;
    {
        uint32_t *c = fz->cps;
        bh = hash_start(0);   /* white space left out: repeat_in_page */
        bi->ncps = n;

        /* character classes, punctuation, shape, and the segments
         * between list separators, in one pass */
        if (shai_grow((void **)&fz->segs, &fz->segscap, MAX_SEGS, sizeof *fz->segs) ||
            shai_grow((void **)&fz->tmp64, &fz->tmp64cap, MAX_DISTINCT + MAX_SEGS + 1, sizeof *fz->tmp64))
            return SHAI_ERR_NOMEM;
        seghash = fz->tmp64 + MAX_DISTINCT;   /* shai_match_maximal uses the part before */
        for (i = 0; i < n; i++) {
            uint32_t ci = c[i];
            unsigned k = kind(ci);
            int cc = (int)(k & K_CLASS);
            uint32_t h = (ci * 2654435761u) >> 20;           /* 12 bits */
            /* ideographs in a register: cls[cc]++ alone would chain every
             * iteration of a run of them through memory */
            /* title_vocab counts the pairs of adjacent ideographs, spaces
             * left out, and those the title holds */
            if (cc == SHAI_CC_CJK) {
                ncjk++;
                if (tprev & vocab) { tpairs++; thits += (size_t)shai_title_has_pair(fz, tprev, ci); }
                tprev = ci;
            } else {
                cls[cc]++;
                if (cc != SHAI_CC_SPACE) tprev = 0;
            }
            rare += (k & K_RARE) != 0;
            /* white space is neither part of the repetition hash nor a
             * character of char_diversity, whose total leaves it out */
            if (cc != SHAI_CC_SPACE) {
                if (first == SIZE_MAX) first = i;
                last = i;
                bh = hash_step(bh, ci);
                bits_set += seen[h] != stamp;
                seen[h] = stamp;
            }
            chat_cand += (k & K_CHAT) != 0;   /* chat_counts decides below */
            /* everything below looks for punctuation, separators, markup
             * and Latin letters: none lies above U+3100 but 丨 and ｡ */
            if (!(k & K_SLOW)) {
                if (seg_at == SIZE_MAX) seg_at = i;
                sh = hash_step(sh, ci);
                continue;
            }
            /* a separator closes the open segment and starts the next
             * one's hash; any other code point belongs to a segment */
            if (k & K_SEP) {
                if (seg_at != SIZE_MAX) {
                    add_seg(fz->segs, seghash, &nseg, seg_at, i, sh);
                    seg_at = SIZE_MAX;
                }
                sh = 0;
            } else {
                if (seg_at == SIZE_MAX) seg_at = i;
                sh = hash_step(sh, ci);
            }
            {
                unsigned p = ci < 0x3100 ? shai_punct_low[ci] : shai_punct_of(ci);
                clauses += p & P_CLAUSE;
                pipes += (p & P_PIPE) != 0;
                enums += (p & P_ENUM) != 0;
                markup += (p & P_MARKUP) != 0;
                arrows += (p & P_ARROW) != 0;
                pflags |= p;
                if (p & P_MARKER) markers |= markers_at(c, n, i);
            }
            if (cc == SHAI_CC_SPACE && i > 0 && is_cjk(c[i - 1])) {
                size_t j = i;
                while (j < n && cls_of(c[j]) == SHAI_CC_SPACE) j++;
                if (j < n && is_cjk(c[j])) spsep++;
            }
            if (i + 1 < n && ((ci >= 0xC0 && ci < 0x250) || ci == 0xE3 || ci == 0xE5) &&
                c[i + 1] >= 0x80 && c[i + 1] < 0x300 && !is_cjk(c[i + 1]))
                mojipairs++;
        }
        if (seg_at != SIZE_MAX) add_seg(fz->segs, seghash, &nseg, seg_at, n, sh);
        paren = (pflags & P_PAREN) != 0;
        copyright = (pflags & P_COPYRIGHT) != 0;
        cls[SHAI_CC_CJK] = ncjk;
        nonspace = n - cls[SHAI_CC_SPACE];
        bi->hash = hash_end(hash_step(bh, nonspace));
        /* lengths count the text's own characters: NFKC writes … as
         * "...", ⑴ as "(1)"; the ratios stay over the normalized ones */
        {
            size_t grown = n > bi->src_chars ? n - bi->src_chars : 0;   /* code points NFKC added */
            vis = grown < nonspace ? nonspace - grown : 0;
        }

        x[SHAI_F_LEN_LOG] = logcap(vis, 1000);
        /* the share of the block's pairs of adjacent ideographs found in
         * the title (0 under 2 pairs, or without a title of one pair): an
         * article's paragraphs and a thread's replies repeat the topic
         * words of its headline, list teasers and chrome mostly do not */
        x[SHAI_F_TITLE_VOCAB] = tpairs >= 2 ? (double)thits / (double)tpairs : 0;
        /* from a table: a chain of comparisons mispredicts */
        x[vis <= LEN_BUCKET_MAX ? shai_len_bucket[vis] : shai_len_bucket_of(vis)] = 1;
        if (first != SIZE_MAX && vis >= 30) {
            int cz = cls_of(c[last]);
            x[SHAI_F_CUT_END] = cz == SHAI_CC_CJK || cz == SHAI_CC_LATIN || cz == SHAI_CC_REPL;
        }
        if (first != SIZE_MAX)
            x[SHAI_F_ELLIPSIS_END] = c[last] == 0x2026 ||
                                     (last >= first + 2 && c[last] == '.' && c[last - 1] == '.' && c[last - 2] == '.');
        x[SHAI_F_CJK_RATIO] = ratio(cls[SHAI_CC_CJK], nonspace);
        x[SHAI_F_LATIN_RATIO] = ratio(cls[SHAI_CC_LATIN], nonspace);
        x[SHAI_F_DIGIT_RATIO] = ratio(cls[SHAI_CC_DIGIT], nonspace);
        x[SHAI_F_PUNCT_RATIO] = ratio(cls[SHAI_CC_PUNCT], nonspace);
        x[SHAI_F_SPACE_RATIO] = ratio(cls[SHAI_CC_SPACE], n);
        x[SHAI_F_OTHER_RATIO] = ratio(cls[SHAI_CC_OTHER], nonspace);
        x[SHAI_F_SENT_END] = first != SIZE_MAX && is_sent_end(c[last]);
        x[SHAI_F_CLAUSE_DENS] = clamp01(10.0 * ratio(clauses, nonspace));
        x[SHAI_F_CLAUSES_LOG] = logcap(clauses, 30);
        x[SHAI_F_NUMBER_ONLY] = nonspace > 0 && cls[SHAI_CC_DIGIT] > 0 &&
                                cls[SHAI_CC_DIGIT] + cls[SHAI_CC_PUNCT] == nonspace;
        x[SHAI_F_NO_CJK] = cls[SHAI_CC_CJK] == 0;
        x[SHAI_F_PIPE_DENS] = clamp01(10.0 * ratio(pipes, nonspace));
        x[SHAI_F_ENUM_COMMA_DENS] = clamp01(10.0 * ratio(enums, nonspace));
        x[SHAI_F_SPACE_SEP_DENS] = clamp01(10.0 * ratio(spsep, nonspace));
        x[SHAI_F_CHAR_DIVERSITY] = nonspace ? clamp01((double)bits_set / (double)(nonspace < 4096 ? nonspace : 4096)) : 0;
        if (first != SIZE_MAX) {
            uint32_t a = c[first], z = c[last];
            x[SHAI_F_BRACKETED] = (a == '[' || a == 0x3010 || a == '(' || a == 0x300C) &&
                                  (z == ']' || z == 0x3011 || z == ')' || z == 0x300D);
            x[SHAI_F_BULLET_START] = a == 0xB7 || a == 0x2022 || a == '>' || a == 0xBB ||
                                     a == '-' || a == '*' || a == 0x25CF || a == 0x25C6 ||
                                     a == 0x25A0 || a == 0x25A1 || a == 0x2605 || a == 0x2606;
            for (i = first; i <= last && i < first + 8; i++)
                if (c[i] == ':' && i > first) { x[SHAI_F_COLON_LABEL] = 1; break; }
        }
        x[SHAI_F_ARROW_SEP] = clamp01(ratio(arrows, 1) / 2.0);
        x[SHAI_F_URL_LIKE] = (markers & MARK_URL) || (cls[SHAI_CC_LATIN] && (markers & MARK_AT));
        x[SHAI_F_COPYRIGHT_SIGN] = copyright;

        /* garbling; tone-marked letters of pinyin glosses are no mojibake */
        pinyin = 0;
        pinyin_latinx = 0;
        if (paren) pinyin = shai_count_pinyin(c, n, &pinyin_latinx);
        if (pinyin_latinx <= cls[SHAI_CC_LATINX]) cls[SHAI_CC_LATINX] -= pinyin_latinx;
        x[SHAI_F_REPL_RATIO] = clamp01(5.0 * ratio(cls[SHAI_CC_REPL], nonspace));
        x[SHAI_F_LATINX_RATIO] = clamp01(3.0 * ratio(cls[SHAI_CC_LATINX], nonspace));
        x[SHAI_F_CTRL_RATIO] = clamp01(5.0 * ratio(cls[SHAI_CC_CTRL] + cls[SHAI_CC_PUA], nonspace));
        x[SHAI_F_RARE_HANZI] = cls[SHAI_CC_CJK] >= 3 ? ratio(rare, cls[SHAI_CC_CJK]) : 0;
        x[SHAI_F_RARE_HANZI_LOG] = logcap(rare, SHAI_RARE_LOG_AT);
        x[SHAI_F_MOJIBAKE_PAIRS] = clamp01(5.0 * ratio(mojipairs, nonspace));
        x[SHAI_F_MARKUP_RATIO] = clamp01(5.0 * ratio(markup, nonspace));
        x[SHAI_F_ENTITY_ANY] = (markers & MARK_ENTITY) != 0;
        x[SHAI_F_PINYIN_GLOSS] = clamp01(20.0 * ratio(pinyin, cls[SHAI_CC_CJK] + 1));
        x[SHAI_F_KANA_RATIO] = ratio(cls[SHAI_CC_KANA], nonspace);
        x[SHAI_F_MARK_RATIO] = clamp01(5.0 * ratio(cls[SHAI_CC_MARK], nonspace));

        chat = chat_cand ? chat_counts(c, n, chat_cand) : 0;
        x[SHAI_F_CHAT_LOG] = logcap(chat, 10);
        x[SHAI_F_CHAT_DENS] = clamp01(10.0 * ratio(chat, nonspace));

        /* dates and times */
        date_cov = cls[SHAI_CC_DIGIT] ? shai_find_dates(c, n, &date, &time) : 0;
        x[SHAI_F_DATE_ANY] = date;
        x[SHAI_F_TIME_ANY] = time;
        x[SHAI_F_DATE_COVER] = ratio(date_cov, nonspace);

        /* program code, shell and REPL lines, markup (patterns.c) */
        {
            int code = first != SIZE_MAX &&
                       shai_code_line(c, n, first, last, nonspace, ncjk, cls[SHAI_CC_LATIN]);
            x[SHAI_F_CODE_LINE] = code;
            bi->code = code;
            /* a prompt or a comment opener is not a bullet */
            if (code) x[SHAI_F_BULLET_START] = 0;
        }
    }

    /* lexicon matches and coverage */
    r = shai_lexicon_scan(fz->lx, fz->cps, n, &fz->m, &fz->mcap);
    if (r < 0) return SHAI_ERR_NOMEM;
    nm = (size_t)r;
    /* the lexicon features: all zero (as x was cleared) when nothing
     * matched, the common case */
    if (nm > 0) {
        const uint32_t place = 1u << SHAI_LEX_PLACE;
        uint32_t b;
        shai_zero_small(cov, sizeof cov);
        for (i = 0; i < nm; i++) anycats |= fz->m[i].cats;
        for (i = 0; i < SHAI_LEX_N; i++) any[i] = (anycats >> i) & 1;
        /* the coverage of each category present but the two of places
         * (counted in ideographs below) and related-links headings (a
         * context feature only): one or two as a rule */
        for (b = anycats & SHAI_LEX_CATMASK & ~(PLACE_MASK | (1u << SHAI_LEX_RELATED)); b; b &= b - 1)
            cov[__builtin_ctz(b)] = shai_match_cover(fz->m, nm, b & -b, fz->cps, NULL);
        if (anycats & SPAM_MASK) spamcov = shai_match_cover(fz->m, nm, SPAM_MASK, fz->cps, NULL);
        if (anycats & place) shai_match_cover(fz->m, nm, place, fz->cps, &place_cjk);
        if (anycats & (1u << SHAI_LEX_PLACE_SHORT))
            shai_match_cover(fz->m, nm, PLACE_MASK, fz->cps, &short_cjk);
        else
            short_cjk = place_cjk;
        place_hits = shai_match_maximal(fz->m, nm, PLACE_MASK, fz->tmp64, fz->cps, &distinct, &places);
        spam_hits = shai_match_maximal(fz->m, nm, SPAM_MASK, fz->tmp64, fz->cps, NULL, NULL);
        weak_hits = shai_match_maximal(fz->m, nm, 1u << SHAI_LEX_SPAM_WEAK, fz->tmp64, fz->cps, NULL, NULL);
        x[SHAI_F_PLACE_COVER] = ratio(place_cjk, cls[SHAI_CC_CJK]);
        x[SHAI_F_PLACE_SHORT_COVER] = ratio(short_cjk, cls[SHAI_CC_CJK]);
        x[SHAI_F_PLACE_HITS_LOG] = logcap(place_hits, 50);
        x[SHAI_F_PLACE_DISTINCT] = clamp01((double)distinct / 20.0);
        x[SHAI_F_ADULT_COVER] = ratio(cov[SHAI_LEX_ADULT], nonspace);
        x[SHAI_F_GAMBLING_COVER] = ratio(cov[SHAI_LEX_GAMBLING], nonspace);
        x[SHAI_F_ILLICIT_COVER] = ratio(cov[SHAI_LEX_ILLICIT], nonspace);
        x[SHAI_F_SPAM_HITS_LOG] = logcap(spam_hits, 10);
        x[SHAI_F_SPAM_ANY] = spam_hits > 0;
        x[SHAI_F_WEAK_COVER] = ratio(cov[SHAI_LEX_SPAM_WEAK], nonspace);
        /* generic spam words turn up in ordinary prose too (体育, 直播,
         * 先锋 ...): count only the hits beyond one per WEAK_BACKGROUND
         * non-space characters, and beyond the first, so a long paragraph
         * with two of them, or a news sentence naming 国产 or 视频 once,
         * does not look like a keyword string (not a whole number:
         * logcap_real).  With one per WEAK_BACKGROUND alone, one such word
         * in a line of under 60 characters counted, and a news report of
         * short paragraphs that each named 日本 was dropped whole
         * (tests/cases/common-words.lbl; training/HISTORY.md, fortieth
         * session). */
        {
            const double bg = (double)nonspace / WEAK_BACKGROUND;
            double excess = (double)weak_hits - (bg > 1 ? bg : 1);
            x[SHAI_F_WEAK_EXCESS_LOG] = excess > 0 ? logcap_real(excess, 20) : 0;
        }
#define CUE(F, K)                                                     \
        x[SHAI_F_##F##_ANY] = any[SHAI_LEX_##K];                      \
        x[SHAI_F_##F##_COVER] = ratio(cov[SHAI_LEX_##K], nonspace);   \
        cue_any |= any[SHAI_LEX_##K];
        CUE(NAV, NAV)
        CUE(META, META)
        CUE(LEGAL, LEGAL)
        CUE(SOCIAL, SOCIAL)
        CUE(FORUM, FORUM)
        CUE(CONTACT, CONTACT)
#undef CUE
        /* a notice written out as sentences (凡本网注明……未经书面授权不得转载……
         * 不代表本网观点) covers little of its long block but names several
         * distinct legal terms; one alone is common in prose */
        if (any[SHAI_LEX_LEGAL]) {
            size_t terms = 0;
            shai_match_maximal(fz->m, nm, 1u << SHAI_LEX_LEGAL, fz->tmp64, fz->cps, &terms, NULL);
            x[SHAI_F_LEGAL_TERMS] = terms > 1 ? clamp01((double)(terms - 1) / 4.0) : 0;
        }
        x[SHAI_F_CUE_SHORT] = cue_any && vis <= 25;
    }

    /* segments between list separators */
    {
        const uint32_t *c = fz->cps;
        size_t mi = 0;
        for (i = 0; i < nseg; i++) {
            size_t sa = fz->segs[i].start, sb = fz->segs[i].end, L = sb - sa;
            int whole = 0, prefix = 0;
            segchars += L;
            if (L >= 2 && L <= 6) segshort++;
            /* matches are ordered by end: advance to those ending in this segment */
            while (mi < nm && fz->m[mi].end <= sa) mi++;
            {
                size_t k;
                for (k = mi; k < nm && fz->m[k].end <= sb; k++) {
                    size_t ms = fz->m[k].end - fz->m[k].len;
                    if (!(fz->m[k].cats & PLACE_MASK) || ms != sa) continue;
                    prefix = 1;
                    if (fz->m[k].end == sb) whole = 1;
                }
                /* a trailing 。 or similar after the name still counts */
                if (!whole && prefix && L >= 3 && cls_of(c[sb - 1]) == SHAI_CC_PUNCT) {
                    for (k = mi; k < nm && fz->m[k].end <= sb; k++)
                        if ((fz->m[k].cats & PLACE_MASK) && fz->m[k].end - fz->m[k].len == sa &&
                            fz->m[k].end == sb - 1)
                            whole = 1;
                }
            }
            segplace += whole;
            segprefix += prefix && !whole && L >= 5;
        }
        if (nseg > 1) segrep = repeats(seghash, nseg, fz->segset);
    }
    x[SHAI_F_SEGS_LOG] = logcap(nseg, 100);
    x[SHAI_F_SEG_MEAN_LEN] = nseg ? clamp01((double)segchars / (double)nseg / 30.0) : 0;
    x[SHAI_F_SEG_SHORT_FRAC] = ratio(segshort, nseg);
    x[SHAI_F_SEG_REPEAT] = ratio(segrep, nseg);
    x[SHAI_F_PLACE_SEG_FRAC] = ratio(segplace, nseg);
    x[SHAI_F_PLACE_SEG_PREFIX] = ratio(segprefix, nseg);
    x[SHAI_F_PLACE_WHOLE] = nseg == 1 && segplace == 1;

    /* evidence summaries for the context pass */
    bi->place_ev = nseg >= 1 ? (x[SHAI_F_PLACE_SEG_FRAC] + x[SHAI_F_PLACE_COVER]) / 2 : 0;
    bi->spam_ev = clamp01(ratio(spamcov, nonspace) * 2);
    bi->weak_ev = x[SHAI_F_WEAK_COVER];
    bi->cue_ev = cue_any;
    bi->garble_ev = clamp01(x[SHAI_F_REPL_RATIO] + x[SHAI_F_LATINX_RATIO] + x[SHAI_F_CTRL_RATIO] +
                            x[SHAI_F_MOJIBAKE_PAIRS] + (x[SHAI_F_RARE_HANZI] > 0.3 ? x[SHAI_F_RARE_HANZI] : 0));
    bi->is_short = vis <= 25;
    bi->prose = vis >= 20 && clauses >= 2 && x[SHAI_F_CJK_RATIO] >= 0.5 &&
                x[SHAI_F_SEG_MEAN_LEN] * 30.0 >= 6.0;
    bi->pipe = pipes > 0;
    bi->related = ((anycats >> SHAI_LEX_RELATED) & 1) && vis <= RELATED_HEADING_MAX;
    *block_places = places;
    x[SHAI_F_PROSE] = bi->prose;
    bi->chars = vis;
    return SHAI_OK;
}

/* ------------------------------------------------------------ public */

shai_featurizer *shai_featurizer_new(const shai_lexicon *lx)
{
    shai_featurizer *fz = calloc(1, sizeof *fz);
    if (!fz) return NULL;
    fz->lx = lx;
    shai_normalize_init();
    shai_feature_tables_init();
    return fz;
}

void shai_featurizer_free(shai_featurizer *fz)
{
    if (!fz) return;
    free(fz->x); free(fz->info); free(fz->places); free(fz->cps); free(fz->m);
    free(fz->segs); free(fz->tmp64); free(fz->reps); free(fz->sv); free(fz->svcps);
    free(fz);
}

const double *shai_featurize(shai_featurizer *fz, const char *text, const shai_span *spans,
                             size_t nspans)
{
    size_t i;
    const int given = fz->title_given;
    fz->title_given = 0;        /* a given title serves this page only, even on failure */
    if (nspans == 0) return fz->x ? fz->x : (const double *)fz;  /* non-NULL, nothing to read */
    if (nspans > SIZE_MAX / SHAI_NFEAT / sizeof(double)) return NULL;
    if (shai_grow((void **)&fz->x, &fz->xcap, nspans * SHAI_NFEAT, sizeof *fz->x) ||
        shai_grow((void **)&fz->info, &fz->infocap, nspans, sizeof *fz->info) ||
        shai_grow((void **)&fz->places, &fz->placescap, nspans, sizeof *fz->places) ||
        shai_grow((void **)&fz->tmp64, &fz->tmp64cap,
                  nspans > MAX_DISTINCT + MAX_SEGS + 1 ? nspans : MAX_DISTINCT + MAX_SEGS + 1,
                  sizeof *fz->tmp64) ||
        shai_grow((void **)&fz->reps, &fz->repscap, reps_size(nspans), sizeof *fz->reps))
        return NULL;
    /* without a given title, the first block is the title: until it is
     * kept, no title (the last page's must not serve this one's first
     * block, whose title_vocab is 0) */
    if (!given) shai_title_keep(fz, NULL, 0);
    fz->svfrom = SIZE_MAX;
    for (i = 0; i < nspans; i++) {
        /* each row cleared just before it is filled, while in cache */
        shai_zero_small(fz->x + i * SHAI_NFEAT, SHAI_NFEAT * sizeof *fz->x);
        if (local_features(fz, text + spans[i].off, spans[i].len, fz->x + i * SHAI_NFEAT,
                           &fz->info[i], &fz->places[i]))
            return NULL;
        /* fz->cps still holds the block's normalized code points; from
         * the first block with a strong spam phrase on, spam_vocab needs
         * them again (spam_vocab.c) */
        if (fz->svfrom != SIZE_MAX || fz->x[i * SHAI_NFEAT + SHAI_F_SPAM_ANY] > 0) {
            size_t nc = fz->info[i].ncps;
            if (fz->svfrom == SIZE_MAX) { fz->svfrom = i; fz->svcpsn = 0; }
            if (shai_grow((void **)&fz->svcps, &fz->svcpscap, fz->svcpsn + nc + 1, sizeof *fz->svcps))
                return NULL;
            memcpy(fz->svcps + fz->svcpsn, fz->cps, nc * sizeof *fz->cps);
            fz->svcpsn += nc;
        }
        if (i == 0 && !given)
            shai_title_keep(fz, fz->cps, fz->info[0].ncps);
        else
            fz->x[i * SHAI_NFEAT + SHAI_F_TITLE_MATCH] =
                shai_title_match(fz, fz->cps, fz->info[i].ncps, fz->info[i].chars);
    }
    if (shai_spam_vocab(fz, text, spans, nspans)) return NULL;
    shai_context_features(fz, nspans);
    return fz->x;
}

size_t shai_featurize_chars(const shai_featurizer *fz, size_t i)
{
    return fz->info[i].src_chars;
}

const uint64_t *shai_featurize_places(const shai_featurizer *fz)
{
    return fz->places;
}
