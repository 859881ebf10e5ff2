/*
 * blocks.c — a document's text -> blocks.
 *
 * One line is one block.  Lines end at "\n"; a "\r" before it (CR LF) is
 * not part of the block, and a lone "\r" is treated as a line end too (old
 * Mac text) so that it never hides lines inside one block.  Lines holding
 * only white space (any Unicode space or invisible character) are not
 * blocks, but they keep their line numbers.
 */
#include "internal.h"

#include <string.h>
#include <utf8proc.h>

/* 1 when s[0..n) holds only white space: ASCII, or any Unicode space,
 * line or paragraph separator (U+3000, U+00A0, U+2028, U+0085 ...) or
 * default-ignorable character (U+200B, U+FEFF ...): a line of them shows
 * as empty.  Invalid UTF-8 is not blank. */
int shai_blank_line(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        utf8proc_int32_t cp;
        utf8proc_ssize_t k;
        const utf8proc_property_t *pr;
        if (c == ' ' || c == '\t' || c == '\f' || c == '\v') { i++; continue; }
        if (c < 0x80) return 0;
        k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) return 0;
        pr = utf8proc_get_property(cp);
        if (!(pr->category == UTF8PROC_CATEGORY_ZS || pr->category == UTF8PROC_CATEGORY_ZL ||
              pr->category == UTF8PROC_CATEGORY_ZP || pr->ignorable || cp == 0x85))
            return 0;
        i += (size_t)k;
    }
    return 1;
}

/* Length of the line at s[0..n): up to the first "\n" or "\r". */
static size_t line_len(const char *s, size_t n)
{
    const char *nl = memchr(s, '\n', n), *cr;
    size_t k = nl ? (size_t)(nl - s) : n;
    cr = memchr(s, '\r', k);
    return cr ? (size_t)(cr - s) : k;
}

/* shai_split_blocks, and shai_split_lines when count_blocks is 0. */
static long split(const char *text, size_t len, int all_lines, int count_blocks,
                  shai_span **spans, size_t *cap)
{
    size_t pos = 0, line = 0, chars = 0, k = 0;
    while (pos < len) {
        const char *s = text + pos;
        size_t n = line_len(s, len - pos), adv;
        adv = n;
        if (pos + adv < len) {
            if (s[adv] == '\r' && pos + adv + 1 < len && s[adv + 1] == '\n') adv += 2;
            else adv += 1;
        }
        line++;
        if (all_lines || !shai_blank_line(s, n)) {
            if (k == *cap && shai_grow((void **)spans, cap, k + 1, sizeof **spans))
                return SHAI_ERR_NOMEM;
            (*spans)[k].off = pos;
            (*spans)[k].len = n;
            (*spans)[k].line = line;
            (*spans)[k].char_off = chars;
            k++;
            /* decoding stops at a line end (ASCII), so the line and its
             * end count apart what they count together */
            if (count_blocks) chars += shai_utf8_count(s, n);
            chars += shai_utf8_count(s + n, adv - n);
        } else {
            chars += shai_utf8_count(s, adv);
        }
        pos += adv;
    }
    return (long)k;
}

long shai_split_blocks(const char *text, size_t len, int all_lines, shai_span **spans,
                       size_t *cap)
{
    return split(text, len, all_lines, 1, spans, cap);
}

long shai_split_lines(const char *text, size_t len, int all_lines, shai_span **spans,
                      size_t *cap)
{
    return split(text, len, all_lines, 0, spans, cap);
}
