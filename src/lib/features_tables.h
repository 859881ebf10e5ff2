/*
 * features_tables.h — the tables the local pass (features.c) looks up per
 * code point and per block: the kind of every BMP code point, the
 * punctuation bits of those below U+3100 and the length bucket of short
 * blocks.  features_tables.c fills them once, with the log1p and logcap
 * tables of featurizer.h (shai_feature_tables_init).  With the inline
 * lookups, and lit_at for the scanners that match ASCII literals.
 * Private to the featurizer.
 */
#ifndef SHAI_FEATURES_TABLES_H
#define SHAI_FEATURES_TABLES_H

#include "featurizer.h"

/* Fills every table of features_tables.c, once per process (call_once;
 * shai_featurizer_new calls it). */
void shai_feature_tables_init(void);

/* What the local pass asks of every code point, in one byte
 * (shai_kind_of): the character class in the low four bits, then flags. */
enum {
    K_CLASS = 15,
    K_RARE = 16,        /* CJK outside GB2312 level 1 (and not 〇) */
    K_SEP = 32,         /* a list separator: where keyword-stuffed lists
                           and menus split */
    K_SLOW = 64,        /* may be punctuation, a separator, markup or Latin:
                           below U+3100, or 丨, or ｡ */
    K_CHAT = 128        /* a conversational mark (shai_chat_mark) */
};

unsigned shai_kind_of(uint32_t c);

/* Conversational marks: CHAT_PARTICLE for a sentence-final particle
 * (吗 呢 吧 啊 呀 嘛 啦 哈 哦 噢 嗯 唉 呗 喔 哇 咯), CHAT_PRONOUN for a
 * first- or second-person pronoun (我 你 俺 咱), 0 for anything else.
 * Only CJK ideographs are marks: no mark is K_SLOW. */
enum { CHAT_PARTICLE = 1, CHAT_PRONOUN = 2 };
unsigned shai_chat_mark(uint32_t c);

/* shai_kind_of() of every BMP code point. */
extern uint8_t shai_kind_bmp[0x10000];

static inline unsigned kind(uint32_t c) { return c < 0x10000 ? shai_kind_bmp[c] : shai_kind_of(c); }
static inline int cls_of(uint32_t c) { return (int)(kind(c) & K_CLASS); }
static inline int is_cjk(uint32_t c) { return cls_of(c) == SHAI_CC_CJK; }

/* 1 when the ASCII string lit starts at cps[i] (i < n or not). */
static inline int lit_at(const uint32_t *cps, size_t n, size_t i, const char *lit)
{
    size_t j;
    for (j = 0; lit[j]; j++)
        if (i + j >= n || cps[i + j] != (uint32_t)(unsigned char)lit[j]) return 0;
    return 1;
}

/* What the local pass counts of a punctuation or markup code point, in
 * one byte (shai_punct_of): a bit per count or flag. */
enum {
    P_CLAUSE = 1,       /* , 。 ; ! ? ｡ */
    P_PIPE = 2,         /* |, 丨, ¦ */
    P_ENUM = 4,         /* 、 */
    P_MARKUP = 8,       /* < > = " & { } \ */
    P_ARROW = 16,       /* > » → › */
    P_MARKER = 32,      /* may start a marker (markers_at): h w . @ & < */
    P_PAREN = 64,       /* ( */
    P_COPYRIGHT = 128   /* © ® ™ */
};

unsigned shai_punct_of(uint32_t c);

/* shai_punct_of() of the code points below U+3100; above, only 丨 and ｡
 * reach it (K_SLOW). */
extern uint8_t shai_punct_low[0x3100];

/* The length bucket feature (SHAI_F_LEN_B1 .. B7) of a count of non-space
 * code points, and the same from a table for counts up to
 * LEN_BUCKET_MAX (past it the bucket is B7). */
#define LEN_BUCKET_MAX 200
unsigned shai_len_bucket_of(size_t v);
extern uint8_t shai_len_bucket[LEN_BUCKET_MAX + 1];

#endif
