/*
 * lexicon.h — the layout of the lexicon automaton, shared by its builder
 * (lexicon.c) and its scanner (lexicon_scan.c).  Not part of the public
 * API.
 *
 * Scanning uses a copy of the automaton laid out for the cache (built by
 * build_scan once the failure links are known): states renumbered in
 * breadth-first order, so that the shallow states most text goes through
 * sit together; each state's children in one sorted array; and per state,
 * in one record, a 64-bit mask of its children's code points modulo 64
 * (most missing transitions are ruled out without touching the children),
 * its failure link and the first state of its output chain.  At the root,
 * a bitmap of hashed pairs of pattern-opening code points (and one of the
 * one-code-point patterns) lets most code points pass without touching
 * the automaton at all (shai_lexicon_scan); for a pair that passes, a
 * hash table keyed by the two code points gives the state two deep at
 * once, instead of two steps through state records and children.
 */
#ifndef SHAI_LEXICON_H
#define SHAI_LEXICON_H

#include "internal.h"

#define B_LEFT 1u                        /* needs a non-alnum before */
#define B_RIGHT 2u                       /* needs a non-alnum after */

/* A transition of the hash: key (state << 21 | cp) + 1, 0 = empty. */
typedef struct hentry {
    uint64_t key;
    uint32_t child;
} hentry;

/* A state of the scanning automaton (breadth-first numbering, root 0). */
typedef struct scanstate {
    uint64_t kids;               /* bit (cp % 64) set for each child's cp */
    uint32_t fail;               /* scan number of the failure state */
    uint32_t out;                /* first state of its output chain (build
                                    numbering, for cats/depth/bflags/dict),
                                    0 none */
    uint32_t child, nkids;       /* its children: kids[child ..
                                    child + nkids), sorted by code point */
} scanstate;

/* A child in the scanning automaton. */
typedef struct scankid {
    uint32_t cp, id;
} scankid;

/* The root prefilter: PAIR_BITS bits, indexed by a hash of two code
 * points (see shai_lexicon_scan). */
#define PAIR_LOG 18
#define PAIR_BITS ((size_t)1 << PAIR_LOG)

/* The mix of two code points that the two-deep table below takes its
 * slots from. */
static inline uint32_t pair_mix(uint32_t c, uint32_t d)
{
    return ((c * 0x9E3779B1u) ^ (d * 0x85EBCA6Bu)) * 0xC2B2AE35u;
}

/* The prefilter's bit for (c, d), computed for nearly every code point of
 * the text: one multiplication (Fibonacci hashing of c shifted above
 * most of d; c is a BMP code point, and the builder and the scan hash
 * alike, so wrapping would not matter either), where pair_mix's three
 * would queue on the one port that multiplies. */
static inline uint32_t pair_hash(uint32_t c, uint32_t d)
{
    return ((c << 11) ^ d) * 0x9E3779B1u >> (32 - PAIR_LOG);
}

/* A slot of the two-deep table: c (BMP, 16 bits) and d (21 bits) in
 * the low 37 bits, offset by 1 so that 0 marks an empty slot, and the
 * state's scan number in the high 27 bits. */
#define TWO_KEY_BITS 37
#define TWO_MAX_STATES ((size_t)1 << (64 - TWO_KEY_BITS))

static inline uint64_t two_key(uint32_t c, uint32_t d) { return ((uint64_t)d << 16 | c) + 1; }

/* The first slot for (c, d): the low bits of pair_mix. */
static inline size_t two_slot(uint32_t c, uint32_t d, size_t cap)
{
    return (size_t)pair_mix(c, d) & (cap - 1);
}

struct shai_lexicon {
    /* per state */
    uint32_t *fail, *dict, *cats, *depth, *first, *next, *cp;
    uint32_t *prov;              /* a place name's provinces (SHAI_PROVINCE_ALL bits) */
    uint8_t *bflags;
    size_t nstates, cap;
    /* the scanning automaton (build_scan) */
    scanstate *scan;             /* nstates entries */
    scankid *kids;               /* children of the states, nstates - 1 */
    uint32_t *scan_root;         /* 0x10000 entries: scan number of root's
                                    child for a BMP code point, 0 none */
    uint64_t *pair_bits;         /* the root prefilter (build_scan): bit
                                    pair_hash(c, d) set for the first two
                                    code points of every pattern */
    uint64_t *root_out;          /* 0x10000 bits: root's child for c is a
                                    pattern itself */
    uint64_t *two;               /* the two-deep states under the root's
                                    BMP children that end no pattern, by
                                    their two code points (two_key), open
                                    addressing; NULL when unused */
    size_t twocap;               /* slots of two, a power of 2 */
    /* transitions */
    uint32_t *root;              /* 0x10000 entries: child of root, 0 none */
    hentry *hash;
    size_t hcap, hcount;
    size_t npatterns;
};

/* ASCII letters (lower-cased by normalization) and digits: a pattern
 * that starts or ends with one needs a word boundary beside it
 * (word_before, word_after). */
static inline int is_alnum(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Whether the code points before cps[start] (after cps[end - 1], of n)
 * continue a word: a letter or digit, or underscores and then one, as in
 * a program identifier (get_av, av_str).  Underscores between a Latin
 * word and an ideograph are a separator, as in an SEO title
 * (日本女优网_av女优_...), and the word matches there. */
static inline int word_before(const uint32_t *cps, size_t start)
{
    while (start > 0 && cps[start - 1] == '_') start--;
    return start > 0 && is_alnum(cps[start - 1]);
}

static inline int word_after(const uint32_t *cps, size_t end, size_t n)
{
    while (end < n && cps[end] == '_') end++;
    return end < n && is_alnum(cps[end]);
}

#endif
