/*
 * gen_tables: writes src/lib/tables.inc, the character tables that
 * normalize.c and features.c compile in.
 *
 *   gen_tables TSCharacters.txt [VariantsRev.txt ...] > tables.inc
 *
 * Inputs are OpenCC dictionaries dumped to text with
 *   opencc_dict -i /usr/share/opencc/X.ocd2 -o X.txt -f ocd2 -t text
 * (lines "FROM<TAB>TO [TO...]"; only single-character entries are used,
 * and the first candidate wins).  Variant dictionaries (TWVariantsRev,
 * HKVariantsRev) map regional variants to standard traditional forms and
 * are applied before TSCharacters, as OpenCC's tw2s/hk2s configs do.
 *
 * Variant entries are not applied to a standard simplified character
 * (a GB2312 hanzi, levels 1 and 2) that TSCharacters does not map, and
 * the map is chained until it settles (薴 -> 苧 -> 苎).
 *
 * The common-character set is GB2312 level 1 (rows 16-55, 3755 hanzi),
 * decoded with the C library's iconv: the set of characters any
 * simplified-Chinese text is mostly made of.  Text decoded in the wrong
 * charset is full of characters outside it.
 *
 * Run by `make tables`; the output is checked in so that a build needs
 * neither opencc nor a GB2312-capable iconv.
 */
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXCP 0x30000

static uint32_t map[MAXCP];

/* Decodes one UTF-8 sequence at s (n bytes); returns the code point and
 * stores the length in *l, or returns 0 on error. */
static uint32_t dec(const unsigned char *s, size_t n, size_t *l)
{
    if (n >= 1 && s[0] < 0x80) { *l = 1; return s[0]; }
    if (n >= 2 && (s[0] & 0xE0) == 0xC0) { *l = 2; return ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu); }
    if (n >= 3 && (s[0] & 0xF0) == 0xE0) { *l = 3; return ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu); }
    if (n >= 4 && (s[0] & 0xF8) == 0xF0) { *l = 4; return ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu); }
    *l = 1;
    return 0;
}

/* Reads "FROM\tTO ..." lines; single-char FROM and first TO only.
 * With chain, a variant maps to what its target already maps to. */
static int load(const char *path, uint32_t *dst)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    if (!f) { perror(path); return -1; }
    while (fgets(line, sizeof line, f)) {
        const unsigned char *p = (const unsigned char *)line;
        size_t n = strlen(line), l1, l2;
        uint32_t a = dec(p, n, &l1), b;
        if (!a || l1 >= n || p[l1] != '\t') continue;
        b = dec(p + l1 + 1, n - l1 - 1, &l2);
        if (!b) continue;
        if (p[l1 + 1 + l2] != ' ' && p[l1 + 1 + l2] != '\n' && p[l1 + 1 + l2] != '\r') continue; /* multi-char target */
        if (a < MAXCP && b < MAXCP && a != b && !dst[a]) dst[a] = b;
    }
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    static uint32_t variant[MAXCP];
    uint8_t common[(0xA000 - 0x4E00) / 8], gb[(0xA000 - 0x4E00) / 8];
    iconv_t cd;
    int row, col, i, n = 0, ncommon = 0, nkept = 0, nchained = 0;
    uint32_t cp;

    if (argc < 2) { fprintf(stderr, "usage: gen_tables TSCharacters.txt [VariantsRev.txt...]\n"); return 2; }
    if (load(argv[1], map)) return 1;
    for (i = 2; i < argc; i++) if (load(argv[i], variant)) return 1;
    /* GB2312 hanzi: level 1 (rows 16-55) is the common set; levels 1 and
     * 2 (rows 16-87) are standard simplified characters */
    memset(common, 0, sizeof common);
    memset(gb, 0, sizeof gb);
    cd = iconv_open("UTF-8", "GB2312");
    if (cd == (iconv_t)-1) { perror("iconv_open GB2312"); return 1; }
    for (row = 0xB0; row <= 0xF7; row++) {
        for (col = 0xA1; col <= 0xFE; col++) {
            char in[2] = {(char)row, (char)col}, out[8];
            char *ip = in, *op = out;
            size_t il = 2, ol = sizeof out, l;
            if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) continue;
            cp = dec((unsigned char *)out, (size_t)(op - out), &l);
            if (cp < 0x4E00 || cp >= 0xA000) continue;
            gb[(cp - 0x4E00) / 8] |= (uint8_t)(1u << ((cp - 0x4E00) % 8));
            if (row <= 0xD7) {
                common[(cp - 0x4E00) / 8] |= (uint8_t)(1u << ((cp - 0x4E00) % 8));
                ncommon++;
            }
        }
    }
    iconv_close(cd);

    /* variant -> standard traditional -> simplified.  A standard
     * simplified character that is no traditional one keeps its form:
     * the regional tables would turn 么 into 幺 and 抬 into 擡, which
     * simplified text is full of */
    for (cp = 0; cp < MAXCP; cp++) {
        if (!variant[cp] || map[cp]) continue;
        if (cp >= 0x4E00 && cp < 0xA000 && (gb[(cp - 0x4E00) / 8] >> ((cp - 0x4E00) % 8) & 1)) { nkept++; continue; }
        map[cp] = map[variant[cp]] ? map[variant[cp]] : variant[cp];
    }
    /* chained to the end: 薴 -> 苧 -> 苎 gives 薴 -> 苎 (a cycle stops) */
    for (cp = 0; cp < MAXCP; cp++) {
        uint32_t t = map[cp];
        int steps = 0;
        while (t && t < MAXCP && map[t] && map[t] != cp && steps++ < 8) t = map[t];
        if (t != map[cp]) { map[cp] = t; nchained++; }
    }

    printf("/* Generated by src/gen/gen_tables.c (make tables); do not edit. */\n");
    printf("/* Traditional/variant -> simplified, single characters (OpenCC data). */\n");
    printf("static const uint32_t shai_t2s_pairs[][2] = {\n");
    for (cp = 0; cp < MAXCP; cp++)
        if (map[cp]) { printf("{0x%X,0x%X},", cp, map[cp]); if (++n % 6 == 0) printf("\n"); }
    printf("};\n#define SHAI_T2S_N %d\n\n", n);
    printf("/* GB2312 level-1 hanzi (%d), bit (cp-0x4E00) set when common. */\n", ncommon);
    printf("static const uint8_t shai_common_hanzi[%zu] = {\n", sizeof common);
    for (i = 0; i < (int)sizeof common; i++) printf("%u%s", common[i], (i % 24 == 23) ? ",\n" : ",");
    printf("};\n");
    fprintf(stderr, "gen_tables: %d t2s pairs (%d chained), %d GB2312 characters kept from the variant tables, %d common hanzi\n",
            n, nchained, nkept, ncommon);
    return 0;
}
