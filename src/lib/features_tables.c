/*
 * features_tables.c — the lookup tables of the local pass (features.c),
 * each filled once per process by the computation it stands for: log1p
 * of the small whole numbers and the logcap rows (featurizer.h), the kind
 * of every BMP code point, the punctuation bits of the code points below
 * U+3100 and the length bucket of short blocks (features_tables.h).
 */
#include "features_tables.h"

#include <math.h>
#include <threads.h>

static once_flag tables_once = ONCE_FLAG_INIT;

/* ------------------------------------------------------------ logarithms */

/* log1p of the small whole numbers: the same values log1p() gives. */
#define LOG1P_TAB 1024
static double log1p_tab[LOG1P_TAB];

static void fill_log1p(void)
{
    size_t k;
    for (k = 0; k < LOG1P_TAB; k++) log1p_tab[k] = log1p((double)k);
}

double shai_logcap_tab[LOGCAP_N];

/* Every at_one that has a row (logcap_row says which: the rows are
 * listed there once), every count below it. */
static void fill_logcap(void)
{
    size_t at, c;
    for (at = 1; at <= LOGCAP_N; at++)   /* a row of at_one holds at_one entries */
        if (logcap_row(at) != SIZE_MAX)
            for (c = 0; c < at; c++)
                shai_logcap_tab[logcap_row(at) + c] = c ? logcap_real((double)c, at) : 0.0;
}

double shai_log1p_fast(double v)
{
    if (v >= 0 && v < LOG1P_TAB && v == (double)(size_t)v) return log1p_tab[(size_t)v];
    return log1p(v);
}

/* ------------------------------------------------------------ code points */

/* 1 when c is a list separator (K_SEP), else 0. */
static int is_sep(uint32_t c)
{
    if (c > 0x30FB) return c == 0x4E28;  /* most CJK text: one comparison */
    switch (c) {
    case ' ': case '\t': case '|': case 0x3001: /* 、 */ case '/':
    case 0xB7: /* · */ case 0x2022: /* • */ case '>': case 0xBB: /* » */ case '_':
    case 0x4E28: /* 丨 used as a bar */ case 0x2014: case 0x2013: case 0x30FB: /* ・ */
    case 0xA6: /* ¦ */ case 0x2192: /* → */ case 0x203A: /* › */ case 0x3000:
        return 1;
    default:
        return 0;
    }
}

unsigned shai_chat_mark(uint32_t c)
{
    switch (c) {
    case 0x5417: case 0x5462: case 0x5427: case 0x554A: case 0x5440: case 0x561B:
    case 0x5566: case 0x54C8: case 0x54E6: case 0x5662: case 0x55EF: case 0x5509:
    case 0x5457: case 0x5594: case 0x54C7: case 0x54AF:
        return CHAT_PARTICLE;
    case 0x6211: case 0x4F60: case 0x4FFA: case 0x54B1:
        return CHAT_PRONOUN;
    default:
        return 0;
    }
}

unsigned shai_kind_of(uint32_t c)
{
    unsigned cc = (unsigned)shai_char_class(c), k = cc;
    if (cc == SHAI_CC_CJK && !shai_hanzi_common(c) && c != 0x3007) k |= K_RARE;
    if (is_sep(c)) k |= K_SEP;
    if (c < 0x3100 || c == 0x4E28 || c == 0xFF61) k |= K_SLOW;
    if (shai_chat_mark(c)) k |= K_CHAT;
    return k;
}

uint8_t shai_kind_bmp[0x10000];

static int is_clause_punct(uint32_t c)
{
    return c == ',' || c == 0x3002 || c == ';' || c == '!' || c == '?' || c == 0xFF61;
}

unsigned shai_punct_of(uint32_t ci)
{
    unsigned p = 0;
    if (is_clause_punct(ci)) p |= P_CLAUSE;
    if (ci == '|' || ci == 0x4E28 || ci == 0xA6) p |= P_PIPE;
    if (ci == 0x3001) p |= P_ENUM;
    if (ci == '<' || ci == '>' || ci == '=' || ci == '"' || ci == '&' ||
        ci == '{' || ci == '}' || ci == '\\')
        p |= P_MARKUP;
    if (ci == '>' || ci == 0xBB || ci == 0x2192 || ci == 0x203A) p |= P_ARROW;
    if (ci == 'h' || ci == 'w' || ci == '.' || ci == '@' || ci == '&' || ci == '<') p |= P_MARKER;
    if (ci == '(') p |= P_PAREN;
    if (ci == 0xA9 || ci == 0xAE || ci == 0x2122) p |= P_COPYRIGHT;
    return p;
}

uint8_t shai_punct_low[0x3100];

/* ------------------------------------------------------------ lengths */

unsigned shai_len_bucket_of(size_t v)
{
    return v <= 4 ? SHAI_F_LEN_B1 : v <= 10 ? SHAI_F_LEN_B2 : v <= 25 ? SHAI_F_LEN_B3 :
           v <= 50 ? SHAI_F_LEN_B4 : v <= 100 ? SHAI_F_LEN_B5 : v <= 200 ? SHAI_F_LEN_B6 :
           SHAI_F_LEN_B7;
}

uint8_t shai_len_bucket[LEN_BUCKET_MAX + 1];

/* ------------------------------------------------------------ filling */

/* The tables of this file and the log1p / logcap tables of featurizer.h
 * (shai_feature_tables_init runs it once). */
static void fill_tables(void)
{
    uint32_t c;
    fill_log1p();
    fill_logcap();          /* after log1p_tab */
    for (c = 0; c < 0x10000; c++) shai_kind_bmp[c] = (uint8_t)shai_kind_of(c);
    for (c = 0; c < 0x3100; c++) shai_punct_low[c] = (uint8_t)shai_punct_of(c);
    for (c = 0; c <= LEN_BUCKET_MAX; c++) shai_len_bucket[c] = (uint8_t)shai_len_bucket_of(c);
}

void shai_feature_tables_init(void)
{
    call_once(&tables_once, fill_tables);
}
