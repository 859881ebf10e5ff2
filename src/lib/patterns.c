/*
 * patterns.c — the pattern scanners of the local feature pass
 * (features.c): dates and times, pinyin glosses and code lines.  They
 * run once per block that can hold one (digits; an opening parenthesis;
 * a non-space code point), not per code point.
 */
#include "features_tables.h"

static int is_digit(uint32_t c) { return c >= '0' && c <= '9'; }

size_t shai_find_dates(const uint32_t *c, size_t n, int *date, int *time)
{
    size_t i = 0, covered = 0;
    while (i < n) {
        size_t a = i, d1, j;
        if (!is_digit(c[i])) { i++; continue; }
        while (i < n && is_digit(c[i])) i++;
        d1 = i - a;
        /* yyyy-mm-dd, yyyy/mm/dd, yyyy.mm.dd, yyyy年m月d日, m月d日 */
        if (i < n && (((c[i] == '-' || c[i] == '/' || c[i] == '.') && d1 == 4) ||
                      c[i] == 0x5E74 /* 年 */ || c[i] == 0x6708 /* 月 */)) {
            j = i + 1;
            while (j < n && is_digit(c[j])) j++;
            if (j > i + 1 && j - i - 1 <= 2) {
                if (j < n && (c[j] == '-' || c[j] == '/' || c[j] == '.' || c[j] == 0x6708 ||
                              c[j] == 0x65E5 /* 日 */)) {
                    size_t k = j + 1;
                    while (k < n && is_digit(c[k])) k++;
                    if (c[j] == 0x65E5) k = j + 1;
                    else if (k < n && c[k] == 0x65E5) k++;
                    *date = 1;
                    covered += k - a;
                    i = k;
                    continue;
                }
                if (c[i] == 0x6708 && j < n && c[j] == 0x65E5) { *date = 1; covered += j + 1 - a; i = j + 1; continue; }
            } else if (c[i] == 0x5E74 && d1 == 4) {
                *date = 1;
                covered += i + 1 - a;
                i++;
                continue;
            }
        }
        /* hh:mm[:ss] */
        if (d1 <= 2 && i + 2 < n && c[i] == ':' && is_digit(c[i + 1]) && is_digit(c[i + 2])) {
            j = i + 3;
            if (j + 2 < n + 0 && c[j] == ':' && is_digit(c[j + 1]) && is_digit(c[j + 2])) j += 3;
            *time = 1;
            covered += j - a;
            i = j;
        }
    }
    return covered;
}

/* 1 for a vowel with a pinyin tone mark (ā á ǎ à ... ǖ ǘ ǚ ǜ): a gloss
 * of one syllable such as 啊(ā) is that letter alone. */
static int tone_vowel(uint32_t c)
{
    static const uint16_t v[] = { 0xE0, 0xE1, 0xE8, 0xE9, 0xEC, 0xED, 0xF2, 0xF3, 0xF9, 0xFA,
                                  0x101, 0x113, 0x11B, 0x12B, 0x14D, 0x16B, 0x1CE, 0x1D0, 0x1D2,
                                  0x1D4, 0x1D6, 0x1D8, 0x1DA, 0x1DC };
    size_t i;
    for (i = 0; i < sizeof v / sizeof *v; i++)
        if (v[i] == c) return 1;
    return 0;
}

size_t shai_count_pinyin(const uint32_t *c, size_t n, size_t *latinx)
{
    size_t i, count = 0;
    *latinx = 0;
    for (i = 1; i + 2 < n; i++) {
        size_t j = i + 1, marks = 0, letters = 0;
        if (c[i] != '(' || shai_char_class(c[i - 1]) != SHAI_CC_CJK) continue;
        while (j < n && j < i + 12) {
            int cc = shai_char_class(c[j]);
            if (cc == SHAI_CC_LATIN) letters++;
            else if (cc == SHAI_CC_MARK || cc == SHAI_CC_LATINX) marks++;
            else break;
            j++;
        }
        if (j < n && c[j] == ')' && marks >= 1 && letters + marks <= 8 &&
            (letters >= 1 || (j == i + 2 && tone_vowel(c[i + 1])))) {
            count++;
            *latinx += marks;
        }
    }
    return count;
}

/* The scanners below see case-folded text (normalize.c): an ASCII
 * letter is a lower-case one. */
static int is_az(uint32_t c) { return c >= 'a' && c <= 'z'; }

/* 1 when c[first..last] is shaped like a shell command without a
 * prompt: a first word of 2 to 12 ASCII letters (a command name), then
 * a word that opens with an option (-x, --xy), a path (/x, ~/, ./), a
 * variable ($x, ${) or is name=value. */
static int shell_shape(const uint32_t *c, size_t first, size_t last)
{
    size_t i = first, w;
    while (i <= last && is_az(c[i])) i++;
    w = i - first;
    if (w < 2 || w > 12 || i > last || c[i] != ' ') return 0;
    for (; i < last; i++) {
        uint32_t a, b;
        if (c[i] != ' ') continue;
        a = c[i + 1];
        b = i + 2 <= last ? c[i + 2] : 0;
        if ((a == '-' && (is_az(b) || b == '-')) || (a == '/' && b > ' ' && b < 0x7F && b != '/') ||
            (a == '~' && b == '/') || (a == '.' && b == '/') ||
            (a == '$' && (is_az(b) || b == '{' || b == '_')))
            return 1;
        if (is_az(a)) {
            size_t k = i + 1;
            while (k <= last && (is_az(c[k]) || is_digit(c[k]) || c[k] == '_')) k++;
            if (k <= last && c[k] == '=') return 1;
        }
    }
    return 0;
}

/* 1 when c[first..last] is shaped like a YAML mapping line with a
 * value: an optional "- ", a key of an ASCII letter and up to 47 more
 * of letters, digits and _ . - /, then ": " and a value (kind:
 * Deployment, - name: web, k8s-app: nginx; as the text is case-folded,
 * "Email: a@b.c" is one too).  A bare "key:" is left out: a forum
 * prints its users' names so. */
static int yaml_shape(const uint32_t *c, size_t first, size_t last)
{
    size_t i = first, k;
    if (last >= i + 2 && c[i] == '-' && c[i + 1] == ' ') i += 2;
    if (i > last || !is_az(c[i])) return 0;
    for (k = i + 1; k <= last && k < i + 48; k++)
        if (!(is_az(c[k]) || is_digit(c[k]) || c[k] == '_' || c[k] == '.' || c[k] == '-' || c[k] == '/'))
            break;
    return k + 2 <= last && c[k] == ':' && c[k + 1] == ' ' && c[k + 2] != ' ';
}

int shai_code_line(const uint32_t *c, size_t n, size_t first, size_t last, size_t nonspace,
                   size_t ncjk, size_t nlatin)
{
    /* a Chinese line ending in ；(normalized to ;) is an item of a list
     * in prose, not code: under 30% ideographs */
    const int few_cjk = ncjk * 10 < nonspace * 3;
    size_t k, sym = 0;
    if ((few_cjk && (c[last] == ';' || c[last] == '{' || c[last] == '}')) ||
        lit_at(c, n, first, ">>>") || lit_at(c, n, first, "//") ||
        lit_at(c, n, first, "/*") || lit_at(c, n, first, "</") ||
        lit_at(c, n, first, "<!--") ||
        (lit_at(c, n, first, "$ ") && first + 2 < n && cls_of(c[first + 2]) == SHAI_CC_LATIN) ||
        (c[first] == '<' && first + 1 < n && cls_of(c[first + 1]) == SHAI_CC_LATIN) ||
        (few_cjk && shell_shape(c, first, last)) ||
        (ncjk == 0 && yaml_shape(c, first, last)))
        return 1;
    /* else 8% or more code characters, on a line with two Latin letters
     * or more and few ideographs */
    if (!few_cjk || nlatin < 2) return 0;
    for (k = first; k <= last; k++) {
        uint32_t ck = c[k];
        sym += ck == '{' || ck == '}' || ck == '(' || ck == ')' || ck == '[' || ck == ']' ||
               ck == ';' || ck == '=' || ck == '<' || ck == '>' || ck == '$' || ck == '#' ||
               ck == '"' || ck == '\'';
    }
    return sym * 100 >= nonspace * 8;
}
