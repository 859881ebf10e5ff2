/* gen_synth.c - synthetic labeled pages for the rare classes G (garbled) and
 * P (place_list), made by the real failure / injection mechanisms from real
 * pages.  See training/GEN_SYNTH.md.
 *
 *   gen_synth [--seed N] [--explain] --places places.tsv [--places trad.tsv]
 *             IN.lbl... > OUT.lbl
 *
 * Every output page is a modified copy of one input page, id "<id>~g1" (some
 * lines mis-decoded) or "<id>~p1" (place-name stuffing inserted).  Output is a
 * pure function of the inputs and the seed (own splitmix64 PRNG, seeded per
 * page from the seed and the page id).  --explain writes "why<TAB>label<TAB>
 * text" to stderr for every generated line.
 *
 * Build: make training/gen_synth (linked with libshai.a: it reads .lbl files
 * with the library's reader and keeps out lines that would not be blocks).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shai.h"
#include "internal.h"   /* shai_blank_line: the rule for what is a block */

/* ---------- memory and byte buffers ---------- */
_Noreturn static void die(const char *msg, const char *arg)
{
    fprintf(stderr, "gen_synth: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    exit(1);
}
static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) die("out of memory", NULL);
    return p;
}
/* Grow any {v, n, cap} vector so that one more element fits. */
#define GROW(vec) do { if ((vec)->n == (vec)->cap) { (vec)->cap = (vec)->cap ? (vec)->cap * 2 : 64; \
        (vec)->v = xrealloc((vec)->v, (vec)->cap * sizeof *(vec)->v); } } while (0)
typedef struct { char *s; size_t n, cap; } Buf;   /* always NUL-terminated */
static void buf_add(Buf *b, const void *p, size_t n)
{
    if (b->n + n + 1 > b->cap) b->s = xrealloc(b->s, b->cap = (b->n + n + 1) * 2);
    if (n) memcpy(b->s + b->n, p, n);
    b->n += n;
    b->s[b->n] = '\0';
}
static void buf_str(Buf *b, const char *s) { buf_add(b, s, strlen(s)); }
static void buf_cp(Buf *b, uint32_t cp)           /* append one BMP code point as UTF-8 */
{
    unsigned char u[3] = { (unsigned char)(0xE0 | cp >> 12), (unsigned char)(0x80 | ((cp >> 6) & 0x3F)),
                           (unsigned char)(0x80 | (cp & 0x3F)) };
    if (cp < 0x80) { u[2] = (unsigned char)cp; buf_add(b, u + 2, 1); }
    else if (cp < 0x800) { u[1] = (unsigned char)(0xC0 | cp >> 6); buf_add(b, u + 1, 2); }
    else buf_add(b, u, 3);
}

/* ---------- PRNG: splitmix64 ---------- */
typedef struct { uint64_t s; } Rng;
static uint64_t rng_next(Rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static size_t rng_below(Rng *r, size_t n) { return n ? (size_t)(rng_next(r) % n) : 0; }
static size_t rng_range(Rng *r, size_t lo, size_t hi) { return lo + rng_below(r, hi - lo + 1); }
static double rng_unit(Rng *r) { return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0); }
static int rng_chance(Rng *r, double p) { return rng_unit(r) < p; }
static size_t rng_pick(Rng *r, const int *w, size_t n)   /* index with probability ~ w[i] */
{
    long tot = 0, x;
    for (size_t i = 0; i < n; i++) tot += w[i];
    x = (long)rng_below(r, (size_t)tot);
    for (size_t i = 0; i < n; i++) if ((x -= w[i]) < 0) return i;
    return n - 1;
}
#define PICK(r, arr) ((arr)[rng_below((r), sizeof(arr) / sizeof((arr)[0]))])
#define NELEM(arr) (sizeof(arr) / sizeof((arr)[0]))

/* ---------- UTF-8 ---------- */
/* Length of the valid UTF-8 sequence at s (>0, code point in *cp), or minus the
 * length of its maximal invalid subpart (<0), as the Unicode standard advises. */
static int u8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0], lo = 0x80, hi = 0xBF;
    int len;
    uint32_t v;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; if (c == 0xE0) lo = 0xA0; if (c == 0xED) hi = 0x9F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; if (c == 0xF0) lo = 0x90; if (c == 0xF4) hi = 0x8F; }
    else return -1;
    for (int i = 1; i < len; i++) {
        if ((size_t)i >= n || s[i] < lo || s[i] > hi) return -i;
        v = (v << 6) | (s[i] & 0x3F);
        lo = 0x80; hi = 0xBF;
    }
    *cp = v;
    return len;
}
/* Decode bytes as UTF-8: each invalid sequence -> U+FFFD; C0 controls and DEL
 * dropped (never a byte < 0x20 in the output); C1 controls too if drop_c1. */
static void sanitize(const char *s, size_t n, int drop_c1, Buf *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        int k = u8_seq(u + i, n - i, &cp);
        if (k < 0) { buf_cp(out, 0xFFFD); i += (size_t)-k; continue; }
        if (!(cp < 0x20 || cp == 0x7F || (drop_c1 && cp >= 0x80 && cp < 0xA0))) buf_add(out, u + i, (size_t)k);
        i += (size_t)k;
    }
}
static size_t count_cps(const char *s, size_t n)   /* code points in valid UTF-8 */
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}
static size_t cp_offset(const char *s, size_t n, size_t k)   /* byte offset of code point k */
{
    size_t i = 0;
    while (i < n && k > 0) { i++; while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) i++; k--; }
    return i;
}

/* ---------- iconv with explicit error policy ---------- */
enum { ON_ERR_FFFD, ON_ERR_LATIN1, ON_ERR_SKIP_UTF8 };
/* Convert in[0..n) with cd.  An undecodable or truncated byte becomes U+FFFD
 * (ON_ERR_FFFD) or the same-valued code point (ON_ERR_LATIN1, the WHATWG
 * rule for CP1252 holes) and one byte is skipped; ON_ERR_SKIP_UTF8 (encoding
 * direction) silently skips one unencodable UTF-8 character. */
static void convert(iconv_t cd, const char *in, size_t n, int on_err, Buf *out)
{
    char *ip = (char *)in, tmp[4096];
    size_t il = n;
    iconv(cd, NULL, NULL, NULL, NULL);
    while (il > 0) {
        char *op = tmp;
        size_t ol = sizeof tmp, r = iconv(cd, &ip, &il, &op, &ol);
        buf_add(out, tmp, (size_t)(op - tmp));
        if (r != (size_t)-1 || errno == E2BIG) continue;
        if (on_err == ON_ERR_SKIP_UTF8) {
            uint32_t cp;
            int k = u8_seq((const unsigned char *)ip, il, &cp);
            size_t skip = k > 0 ? (size_t)k : (size_t)-k;
            ip += skip; il -= skip;
            continue;
        }
        buf_cp(out, on_err == ON_ERR_LATIN1 ? (unsigned char)*ip : 0xFFFD);
        ip++; il--;
    }
    char *op = tmp;
    size_t ol = sizeof tmp;
    iconv(cd, NULL, NULL, &op, &ol);
    buf_add(out, tmp, (size_t)(op - tmp));
}

/* ---------- garbling mechanisms ---------- */
/* MECH(id, name, weight): the mechanisms, their names in --explain and the
 * statistics, and their weights in the draw. */
#define MECHS \
    MECH(M_GBK,         "utf8-as-gbk",             30) \
    MECH(M_GB18030,     "utf8-as-gb18030",          8) \
    MECH(M_BIG5,        "utf8-as-big5",            10) \
    MECH(M_LATIN1,      "utf8-as-latin1",           9) \
    MECH(M_LATIN1_NOC1, "utf8-as-latin1-dropC1",    7) \
    MECH(M_CP1252,      "utf8-as-cp1252",           6) \
    MECH(M_CP1252_C1,   "utf8-as-cp1252-C1",        6) \
    MECH(M_GBK_AS_UTF8, "gbk-as-utf8",             14) \
    MECH(M_DOUBLE,      "utf8-latin1-utf8-as-gbk",  5) \
    MECH(M_KUNJINKAO,   "gbk-as-utf8-as-gbk",       5)
enum {
#define MECH(id, name, weight) id,
    MECHS
#undef MECH
    NMECH };
static const char *const MECH_NAME[NMECH] = {
#define MECH(id, name, weight) name,
    MECHS
#undef MECH
};
/* the same mechanism on a short span inside a readable line */
static const char *const SPAN_NAME[NMECH] = {
#define MECH(id, name, weight) "span-" name,
    MECHS
#undef MECH
};
static const int MECH_WEIGHT[NMECH] = {
#define MECH(id, name, weight) weight,
    MECHS
#undef MECH
};

typedef struct { char **v; size_t n, cap; } StrVec;
enum { L_PROV, L_PREF, L_COUNTY, L_DIST, L_HMT, L_SHORT, NLEVEL };
static const char *const LEVEL_NAME[NLEVEL] = { "province", "prefecture", "county", "district", "hk_mo_tw", "short" };
static const int LEVEL_WEIGHT[NLEVEL] = { 4, 20, 40, 14, 4, 18 };

typedef struct {                       /* read-only after setup */
    iconv_t gbk, gb18030, big5, latin1, cp1252, to_gbk;
    StrVec place[2][NLEVEL][2];        /* [traditional][level][historical] */
    StrVec spam[2][2];                 /* [traditional][0 adult, 1 gambling] */
    struct { const char **v; size_t n, cap; } k;   /* all K texts: source of filler words */
    int explain;
} Ctx;

/* Garble s[0..n) by mechanism m; out gets valid UTF-8 without controls. */
static void garble(const Ctx *c, int m, const char *s, size_t n, Buf *out)
{
    Buf t = {0}, u = {0};
    switch (m) {
    case M_GBK:        convert(c->gbk, s, n, ON_ERR_FFFD, &t); break;
    case M_GB18030:    convert(c->gb18030, s, n, ON_ERR_FFFD, &t); break;
    case M_BIG5:       /* glibc's BIG5 reads byte 0x80 as U+0080; CP950, Python
                        * and browsers give U+FFFD, as for any byte they cannot map */
        convert(c->big5, s, n, ON_ERR_FFFD, &u);
        for (size_t i = 0; i < u.n; i++)
            if (i + 1 < u.n && (unsigned char)u.s[i] == 0xC2 && (unsigned char)u.s[i + 1] == 0x80) {
                buf_cp(&t, 0xFFFD);
                i++;
            } else buf_add(&t, u.s + i, 1);
        break;
    case M_LATIN1: case M_LATIN1_NOC1: convert(c->latin1, s, n, ON_ERR_FFFD, &t); break;
    case M_CP1252:     convert(c->cp1252, s, n, ON_ERR_FFFD, &t); break;
    case M_CP1252_C1:  convert(c->cp1252, s, n, ON_ERR_LATIN1, &t); break;
    case M_DOUBLE:     /* UTF-8 read as Latin-1, stored as UTF-8, read as GBK */
        convert(c->latin1, s, n, ON_ERR_FFFD, &u);
        convert(c->gbk, u.s, u.n, ON_ERR_FFFD, &t);
        break;
    default:           /* GBK bytes read as UTF-8 (and that result read as GBK) */
        convert(c->to_gbk, s, n, ON_ERR_SKIP_UTF8, &u);
        sanitize(u.s, u.n, 0, &t);
        if (m == M_KUNJINKAO) { free(u.s); u = t; t = (Buf){0}; convert(c->gbk, u.s, u.n, ON_ERR_FFFD, &t); }
        break;
    }
    sanitize(t.s, t.n, m == M_LATIN1_NOC1, out);
    free(t.s);
    free(u.s);
}
/* Label of a garbled line: G when mostly unreadable (share of output that is
 * not surviving ASCII >= 50%), its old label when still mostly readable
 * (<= 10%), '?' in between. */
static char garbled_label(char orig, const Buf *g)
{
    size_t ascii = 0, outc = count_cps(g->s, g->n);   /* ASCII that survived: in the output */
    for (size_t i = 0; i < g->n; i++) ascii += (unsigned char)g->s[i] < 0x80;
    double bad = outc ? 1.0 - (double)ascii / (double)outc : 0.0;
    return bad >= 0.5 ? 'G' : bad > 0.1 ? '?' : orig;
}

/* ---------- words from the real text ---------- */
static int is_cjk(uint32_t cp) { return cp >= 0x4E00 && cp <= 0x9FFF; }
/* Append a run of minc..maxc consecutive CJK characters from a random K line. */
static int real_word(const Ctx *c, Rng *r, size_t minc, size_t maxc, Buf *out)
{
    size_t want = rng_range(r, minc, maxc);
    for (int t = 0; t < 40 && c->k.n; t++) {
        const char *s = c->k.v[rng_below(r, c->k.n)];
        size_t n = strlen(s), off = rng_below(r, n), i, k = 0;
        while (off > 0 && ((unsigned char)s[off] & 0xC0) == 0x80) off--;
        for (i = off; k < want && i < n; k++) {
            uint32_t cp;
            int l = u8_seq((const unsigned char *)s + i, n - i, &cp);
            if (l <= 0 || !is_cjk(cp)) break;
            i += (size_t)l;
        }
        if (k == want) { buf_add(out, s + off, i - off); return 1; }
    }
    return 0;
}

/* ---------- (f) short mojibake span inside a K line ---------- */
/* Replace 1-4 characters of a long line by a mojibake span that is at most
 * 10% of the new line's characters.  Returns 1 and fills out on success. */
static int add_span(const Ctx *c, Rng *r, const char *s, size_t n, Buf *out, const char **why)
{
    size_t nc = count_cps(s, n);
    if (nc < 20) return 0;
    for (int tries = 0; tries < 6; tries++) {
        size_t len = rng_range(r, 1, nc >= 60 ? 4 : 2), start = rng_below(r, nc - len + 1);
        size_t a = cp_offset(s, n, start), b = cp_offset(s, n, start + len);
        Buf g = {0}, f = {0};
        int kind = (int)rng_below(r, 10);
        if (kind < 3) {                /* characters lost in transit */
            for (size_t i = 0; i < len; i++) buf_cp(&g, 0xFFFD);
            *why = "span-fffd";
        } else if (kind < 4) {         /* those U+FFFD later read as GBK: 锟斤拷 */
            for (size_t i = 0; i < len; i++) buf_cp(&f, 0xFFFD);
            convert(c->gbk, f.s, f.n, ON_ERR_FFFD, &g);
            *why = "span-kunjinkao";
        } else {
            int m = (int)rng_pick(r, MECH_WEIGHT, NMECH);
            garble(c, m, s + a, b - a, &g);
            *why = SPAN_NAME[m];
        }
        free(f.s);
        size_t gc = count_cps(g.s, g.n);
        int same = g.n == b - a && memcmp(g.s, s + a, g.n) == 0;
        if (gc > 0 && !same && gc * 10 <= nc - len + gc) {
            buf_add(out, s, a);
            buf_add(out, g.s, g.n);
            buf_add(out, s + b, n - b);
            free(g.s);
            return 1;
        }
        free(g.s);
    }
    return 0;
}

/* ---------- pages in and out ---------- */
typedef struct { char label; char *text; } Line;
typedef struct { char *id, *url; Line *v; size_t n, cap; } Page;
typedef struct { Page *v; size_t n, cap; } Pages;
typedef struct { size_t pages[3], label[256], mech[NMECH], span, style[8], astyle[4]; } Stats;

static void out_add(const Ctx *c, Page *o, char label, const char *s, size_t n, const char *why)
{
    Buf b = {0};
    sanitize(s, n, 0, &b);
    if (!b.n || shai_blank_line(b.s, b.n)) { free(b.s); return; }   /* never an empty or blank TEXT */
    GROW(o);
    o->v[o->n++] = (Line){ label, b.s };
    if (c->explain && why) fprintf(stderr, "%s\t%c\t%s\n", why, label, b.s);
}
static void page_free(Page *p)
{
    for (size_t i = 0; i < p->n; i++) free(p->v[i].text);
    free(p->v); free(p->id); free(p->url);
}
static void out_write(const Page *src, const char *tag, Page *o, Stats *st)
{
    printf("#page\t%s~%s1%s%s\n", src->id, tag, src->url ? "\t" : "", src->url ? src->url : "");
    for (size_t i = 0; i < o->n; i++) {
        printf("%c\t%s\n", o->v[i].label, o->v[i].text);
        st->label[(unsigned char)o->v[i].label]++;
    }
    st->pages[*tag == 'p' ? 1 : *tag == 'a' ? 2 : 0]++;
}

/* ---------- G variant ---------- */
static void make_garbled(const Ctx *c, Rng *r, const Page *p, Stats *st)
{
    Page o = {0};
    size_t ng = 0;
    int whole = rng_chance(r, p->n <= 150 ? 0.4 : 0.2), mech = (int)rng_pick(r, MECH_WEIGHT, NMECH);
    double frac = whole ? 1.0 : 0.2 + 0.3 * rng_unit(r);
    for (size_t i = 0; i < p->n; i++) {
        char lab = p->v[i].label, nl;
        const char *t = p->v[i].text, *why = NULL;
        size_t n = strlen(t);
        Buf g = {0};
        int target = lab != '?' && (whole || ((lab == 'K' || lab == 'B') && rng_chance(r, frac)));
        if (target && count_cps(t, n) >= 4) {
            int m = (!whole && rng_chance(r, 0.2)) ? (int)rng_pick(r, MECH_WEIGHT, NMECH) : mech;
            garble(c, m, t, n, &g);
            nl = garbled_label(lab, &g);
            if (g.n && !(g.n == n && !memcmp(g.s, t, n)) && (whole || nl == 'G')) {
                lab = nl; t = g.s; n = g.n; why = MECH_NAME[m];
                ng += nl == 'G';
                st->mech[m] += nl == 'G';
            }
        } else if (!target && lab == 'K' && rng_chance(r, 0.7) && add_span(c, r, t, n, &g, &why)) {
            t = g.s; n = g.n;
            st->span++;
        }
        out_add(c, &o, lab, t, n, why);
        free(g.s);
    }
    if (ng) out_write(p, "g", &o, st);
    page_free(&o);
}

/* ---------- P variant: place-name stuffing ---------- */
static const char *const SEPS[] = { "| ", "|", " ", "、", "，", ",", " - ", "/", "\xE3\x80\x80", "  " };
static const int SEP_WEIGHT[NELEM(SEPS)] = { 20, 15, 15, 10, 8, 6, 6, 6, 7, 7 };
static const char *const FILL_S[] = { "博客", "家居", "车险", "邮箱", "历史", "新闻", "论坛", "招聘", "二手房",
                                      "租房", "美食", "旅游", "天气", "地图", "汽车", "教育", "健康", "体育" };
static const char *const FILL_T[] = { "部落格", "家居", "車險", "郵箱", "歷史", "新聞", "論壇", "招聘", "租屋",
                                      "美食", "旅遊", "天氣", "地圖", "汽車", "教育", "健康", "體育" };
static const char *const FRAGS[] = { "区。", "市。", "县。", "等。", "区、", "。" };
static const char *const PREFIX_S[] = { "城市覆盖：", "热门城市：", "服务地区：", "服务区域：", "覆盖城市：",
                                        "分站导航：", "相关地区：" };
static const char *const PREFIX_T[] = { "城市覆蓋：", "熱門城市：", "服務地區：", "服務區域：" };
static const char *const SUFFIXES[] = { "有限公司", "便利商店", "贸易有限公司", "商行", "经营部", "门市部",
                                        "科技有限公司", "有限责任公司", "股份有限公司" };
static const char *const KW_TAIL[] = { "价格", "厂家", "批发", "公司", "报价", "维修", "哪家好", "多少钱" };
enum { S_LIST, S_COMPANY, S_PERLINE, S_KEYWORD, NSTYLE };
static const char *const STYLE_NAME[NSTYLE] = { "list", "company", "per-line", "keyword" };
static const int STYLE_WEIGHT[NSTYLE] = { 60, 17, 8, 15 };

typedef struct { int trad, level; double hist, trad_rate; } PlaceMode;
static PlaceMode place_mode(Rng *r, int trad)
{
    static const double HIST[] = { 0.0, 0.1, 0.25 };
    PlaceMode pm = { trad, -1, PICK(r, HIST), 0.0 };
    if (rng_chance(r, 0.5)) pm.level = (int)rng_pick(r, LEVEL_WEIGHT, NLEVEL);   /* one dominant level */
    if (rng_chance(r, 0.2)) pm.trad_rate = 0.15;                                 /* a few trad names */
    return pm;
}
static void add_place(const Ctx *c, Rng *r, const PlaceMode *pm, Buf *out)
{
    int t = pm->trad || rng_chance(r, pm->trad_rate), h = rng_chance(r, pm->hist);
    int lv = (pm->level >= 0 && rng_chance(r, 0.85)) ? pm->level : (int)rng_pick(r, LEVEL_WEIGHT, NLEVEL);
    const StrVec *try[5] = { &c->place[t][lv][h], &c->place[t][lv][!h], &c->place[0][lv][h],
                             &c->place[0][lv][!h], &c->place[0][L_COUNTY][0] };
    for (int i = 0; i < 5; i++)
        if (try[i]->n) { buf_str(out, try[i]->v[rng_below(r, try[i]->n)]); return; }
}
static void add_filler(const Ctx *c, Rng *r, int trad, Buf *out)
{
    if (!trad && rng_chance(r, 0.75) && real_word(c, r, 2, 4, out)) return;
    buf_str(out, trad ? PICK(r, FILL_T) : PICK(r, FILL_S));
}

/* Append one injected block (one or more P lines) of a random style to o. */
static void place_block(const Ctx *c, Rng *r, Page *o, Stats *st)
{
    int style = (int)rng_pick(r, STYLE_WEIGHT, NSTYLE), trad = rng_chance(r, 0.12);
    PlaceMode pm = place_mode(r, trad);
    Buf b = {0};
    st->style[style]++;
    if (style == S_PERLINE) {          /* a stuffed list rendered one name per line */
        size_t k = rng_range(r, 5, 40);
        int bar = rng_chance(r, 0.6);
        for (size_t i = 0; i < k; i++) {
            b.n = 0;
            add_place(c, r, &pm, &b);
            if (bar) buf_str(&b, "|");
            out_add(c, o, 'P', b.s, b.n, STYLE_NAME[style]);
        }
    } else if (style == S_LIST) {             /* 1-3 lines of 名1| 名2| 博客| 名3 ... */
        static const int NLINE_WEIGHT[3] = { 60, 25, 15 };
        const char *sep = SEPS[rng_pick(r, SEP_WEIGHT, NELEM(SEPS))];
        for (size_t ln = rng_pick(r, NLINE_WEIGHT, 3) + 1; ln > 0; ln--) {
            size_t k = rng_range(r, 8, 80), frag_at = rng_chance(r, 0.15) ? rng_below(r, k) : (size_t)-1;
            double fill = rng_chance(r, 0.4) ? 0.0 : 0.15 * rng_unit(r);
            b.n = 0;
            if (rng_chance(r, 0.15)) buf_str(&b, trad ? PICK(r, PREFIX_T) : PICK(r, PREFIX_S));
            for (size_t i = 0; i < k; i++) {
                if (i) buf_str(&b, sep);
                if (i == frag_at) { buf_str(&b, PICK(r, FRAGS)); buf_str(&b, sep); }
                if (rng_chance(r, fill)) add_filler(c, r, trad, &b);
                else add_place(c, r, &pm, &b);
            }
            if (rng_chance(r, 0.25)) buf_str(&b, sep);
            if (rng_chance(r, 0.1)) b.n -= rng_below(r, b.n / 4);   /* cut at a byte, as crawlers do */
            out_add(c, o, 'P', b.s, b.n, STYLE_NAME[style]);
        }
    } else if (style == S_COMPANY) {          /* <place><random chars>[<real word>]<suffix> ... */
        size_t k = rng_range(r, 5, 30);
        const char *sep = rng_chance(r, 0.8) ? " " : "  ";
        if (pm.level < 0) pm.level = L_COUNTY;
        for (size_t i = 0; i < k; i++) {
            if (i) buf_str(&b, sep);
            add_place(c, r, &pm, &b);
            for (size_t j = rng_range(r, 2, 4); j > 0; j--)
                if (!real_word(c, r, 1, 1, &b)) add_filler(c, r, 0, &b);
            if (rng_chance(r, 0.5)) real_word(c, r, 2, 4, &b);
            buf_str(&b, PICK(r, SUFFIXES));
        }
    } else {                           /* keyword: 热门城市：淄博<kw> 山东<kw> ... */
        Buf kw = {0};
        size_t k = rng_range(r, 4, 25);
        if (!real_word(c, r, 2, 4, &kw)) add_filler(c, r, 0, &kw);
        if (rng_chance(r, 0.6)) buf_str(&kw, PICK(r, KW_TAIL));
        pm.level = rng_chance(r, 0.6) ? L_SHORT : L_PREF;
        if (rng_chance(r, 0.5)) buf_str(&b, PICK(r, PREFIX_S));
        for (size_t i = 0; i < k; i++) {
            if (i) buf_str(&b, " ");
            add_place(c, r, &pm, &b);
            buf_add(&b, kw.s, kw.n);
        }
        free(kw.s);
    }
    if (style == S_COMPANY || style == S_KEYWORD) out_add(c, o, 'P', b.s, b.n, STYLE_NAME[style]);
    free(b.s);
}
static void make_places(const Ctx *c, Rng *r, const Page *p, Stats *st)
{
    static const int NBLOCK_WEIGHT[3] = { 35, 35, 30 };
    size_t k = rng_pick(r, NBLOCK_WEIGHT, 3) + 1, pos[3];
    Page o = {0};
    for (size_t i = 0; i < k; i++) {   /* often first or last, sometimes in the middle */
        double u = rng_unit(r);
        pos[i] = u < 0.35 ? 0 : u < 0.7 || p->n < 2 ? p->n : rng_range(r, 1, p->n - 1);
        for (size_t j = i; j > 0 && pos[j - 1] > pos[j]; j--) { size_t x = pos[j]; pos[j] = pos[j - 1]; pos[j - 1] = x; }
    }
    for (size_t i = 0, j = 0; i <= p->n; i++) {
        while (j < k && pos[j] == i) { place_block(c, r, &o, st); j++; }
        if (i == p->n) break;
        const char *t = p->v[i].text, *why = NULL;
        size_t n = strlen(t);
        Buf g = {0};
        if (p->v[i].label == 'K' && rng_chance(r, 0.2) && add_span(c, r, t, n, &g, &why)) {
            t = g.s; n = g.n;                 /* (f) here too: more K lines with a short span */
            st->span++;
        }
        out_add(c, &o, p->v[i].label, t, n, why);
        free(g.s);
    }
    out_write(p, "p", &o, st);
    page_free(&o);
}

/* ---------- A variant: spam injected into a clean page ---------- */
/* A hijacked site keeps its own article and chrome; the injected lines
 * are porn or gambling keyword strings (from the spam lexicon), at the
 * top, the bottom or in between.  Only pages without A lines are used,
 * so the model learns that spam lines do not make a page's content spam. */
static const char *const ASEPS[] = { ",", "，", " ", "|", "_", " - ", "、", "  " };
static const char *const AKW_S[] = { "本文关键词：", "相关搜索：", "热门标签：", "友情链接：" };
static const char *const AKW_T[] = { "本文關鍵詞：", "相關搜尋：", "熱門標籤：", "友情連結：" };
enum { A_KEYWORDS, A_COPYRIGHT, A_PERLINE, A_MIXED, NASTYLE };
static const char *const ASTYLE_NAME[NASTYLE] = { "keywords", "copyright", "per-line", "mixed" };
static const int ASTYLE_WEIGHT[NASTYLE] = { 55, 10, 15, 20 };

static void add_spam(const Ctx *c, Rng *r, int trad, int cat, Buf *out)
{
    const StrVec *v = &c->spam[trad][cat];
    if (!v->n) v = &c->spam[0][cat];
    buf_str(out, v->v[rng_below(r, v->n)]);
}

static void spam_block(const Ctx *c, Rng *r, Page *o, Stats *st)
{
    int trad = rng_chance(r, 0.3), cat = rng_chance(r, 0.55) ? 0 : 1;
    int style = (int)rng_pick(r, ASTYLE_WEIGHT, NASTYLE);
    const char *sep = ASEPS[rng_below(r, NELEM(ASEPS))];
    Buf b = {0};
    size_t k, i;
    st->astyle[style]++;
    if (style == A_PERLINE) {                  /* one phrase per line: a link farm */
        for (k = rng_range(r, 4, 15); k > 0; k--) {
            b.n = 0;
            add_spam(c, r, trad, cat, &b);
            if (rng_chance(r, 0.5)) buf_str(&b, "|");
            out_add(c, o, 'A', b.s, b.n, ASTYLE_NAME[style]);
        }
        free(b.s);
        return;
    }
    if (style == A_COPYRIGHT) buf_str(&b, rng_chance(r, 0.5) ? "Copyright © 2019 By " : "© ");
    if (style == A_MIXED) buf_str(&b, trad ? AKW_T[rng_below(r, NELEM(AKW_T))] : AKW_S[rng_below(r, NELEM(AKW_S))]);
    k = rng_range(r, 2, 8);
    for (i = 0; i < k; i++) {
        if (i) buf_str(&b, style == A_COPYRIGHT ? "-" : sep);
        if (style == A_MIXED && rng_chance(r, 0.5)) { if (!real_word(c, r, 2, 4, &b)) add_spam(c, r, trad, cat, &b); }
        else add_spam(c, r, trad, cat, &b);
    }
    out_add(c, o, 'A', b.s, b.n, ASTYLE_NAME[style]);
    free(b.s);
}

static void make_spam(const Ctx *c, Rng *r, const Page *p, Stats *st)
{
    Page o = {0};
    size_t i, k = rng_chance(r, 0.7) ? 1 : 2, pos[2], nk = 0;
    for (i = 0; i < p->n; i++) {
        if (p->v[i].label == 'A') return;      /* already a spam page */
        nk += p->v[i].label == 'K';
    }
    if (!nk || (!c->spam[0][0].n && !c->spam[0][1].n)) return;
    for (i = 0; i < k; i++) {
        double u = rng_unit(r);
        pos[i] = u < 0.5 ? 0 : u < 0.8 || p->n < 2 ? p->n : rng_range(r, 1, p->n - 1);
    }
    if (k == 2 && pos[0] > pos[1]) { size_t x = pos[0]; pos[0] = pos[1]; pos[1] = x; }
    for (i = 0; i <= p->n; i++) {
        size_t j;
        for (j = 0; j < k; j++) if (pos[j] == i) spam_block(c, r, &o, st);
        if (i == p->n) break;
        out_add(c, &o, p->v[i].label, p->v[i].text, strlen(p->v[i].text), NULL);
    }
    out_write(p, "a", &o, st);
    page_free(&o);
}

/* ---------- input ---------- */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    Buf b = {0};
    char tmp[65536];
    if (!f) die("cannot open", path);
    for (size_t n; (n = fread(tmp, 1, sizeof tmp, f)) > 0;) buf_add(&b, tmp, n);
    if (ferror(f)) die("read error", path);
    fclose(f);
    buf_add(&b, "", 0);
    *len = b.n;
    return b.s;
}
static char *xstrdup(const char *s) { Buf b = {0}; buf_add(&b, s, strlen(s)); return b.s; }
/* Next line of [*cur, end), NUL-terminated in place without its \r\n, or NULL
 * at the end (read_file leaves a NUL at end). */
static char *next_line(char **cur, char *end)
{
    char *line = *cur, *nl;
    if (line >= end) return NULL;
    nl = memchr(line, '\n', (size_t)(end - line));
    if (!nl) nl = end;
    *nl = '\0';
    if (nl > line && nl[-1] == '\r') nl[-1] = '\0';
    *cur = nl + 1;
    return line;
}

/* Appends the pages of .lbl files, read by the library's own reader
 * (shai_corpus_add_file), so that gen_synth accepts exactly what shai
 * train does: a malformed line stops it with "file:line: reason". */
static void read_lbl(shai_corpus *corpus, const char *path, Pages *ps)
{
    shai_status st;
    size_t first = shai_corpus_pages(corpus);
    if (shai_corpus_add_file(corpus, path, &st) != SHAI_OK) die(st.msg, NULL);
    for (size_t i = first; i < shai_corpus_pages(corpus); i++) {
        size_t len, nb, j = 0;
        const char *text = shai_corpus_page_text(corpus, i, &len), *url = shai_corpus_page_url(corpus, i);
        const int *lab = shai_corpus_page_labels(corpus, i, &nb);
        Page *p;
        GROW(ps);
        p = &ps->v[ps->n++];
        *p = (Page){ xstrdup(shai_corpus_page_id(corpus, i)), url && *url ? xstrdup(url) : NULL, NULL, 0, 0 };
        for (size_t off = 0; j < nb; j++) {    /* one text line per block */
            const char *nl = memchr(text + off, '\n', len - off);
            size_t n = nl ? (size_t)(nl - text - off) : len - off;
            Buf b = {0};
            buf_add(&b, text + off, n);
            GROW(p);
            p->v[p->n++] = (Line){ lab[j] < 0 ? '?' : shai_label_code(lab[j]), b.s };
            off += n + 1;
        }
    }
}
/* places.tsv: name, level, status, source.  A source starting "opencc:" marks a
 * traditional-script name. */
static void read_places(const char *path, Ctx *c)
{
    size_t len;
    char *data = read_file(path, &len), *cur = data, *line;
    while ((line = next_line(&cur, data + len))) {
        char *f[4] = { line, NULL, NULL, NULL };
        for (int i = 1; i < 4 && f[i - 1]; i++) if ((f[i] = strchr(f[i - 1], '\t'))) *f[i]++ = '\0';
        if (!f[2] || !*f[0]) continue;
        for (int lv = 0; lv < NLEVEL; lv++)
            if (!strcmp(f[1], LEVEL_NAME[lv])) {
                StrVec *sv = &c->place[f[3] && !strncmp(f[3], "opencc:", 7)][lv][!strcmp(f[2], "historical")];
                GROW(sv);
                sv->v[sv->n++] = xstrdup(f[0]);
            }
    }
    free(data);
}
/* spam_phrases.tsv: phrase, category, source; "opencc:" marks a variant
 * made by OpenCC, taken as traditional when it differs. */
static void read_spam(const char *path, Ctx *c)
{
    size_t len;
    char *data = read_file(path, &len), *cur = data, *line;
    while ((line = next_line(&cur, data + len))) {
        char *f[3] = { line, NULL, NULL };
        int cat;
        for (int i = 1; i < 3 && f[i - 1]; i++) if ((f[i] = strchr(f[i - 1], '\t'))) *f[i]++ = '\0';
        if (!f[1] || !*f[0] || *f[0] == '#') continue;
        cat = !strcmp(f[1], "adult") ? 0 : !strcmp(f[1], "gambling") ? 1 : -1;
        if (cat < 0 || strlen(f[0]) < 6) continue;    /* at least two CJK characters */
        StrVec *sv = &c->spam[f[2] && !strncmp(f[2], "opencc:s2", 9)][cat];
        GROW(sv);
        sv->v[sv->n++] = xstrdup(f[0]);
    }
    free(data);
}
static iconv_t open_cd(const char *to, const char *from)
{
    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1) die("iconv_open failed for", from);
    return cd;
}

/* A seed: decimal digits only, within 64 bits. */
static uint64_t parse_seed(const char *s)
{
    char *end;
    unsigned long long v;
    errno = 0;
    if (*s < '0' || *s > '9') die("--seed wants a number from 0 to 18446744073709551615, got", s);
    v = strtoull(s, &end, 10);
    if (*end || errno) die("--seed wants a number from 0 to 18446744073709551615, got", s);
    return (uint64_t)v;
}

int main(int argc, char **argv)
{
    uint64_t seed = 20240607;
    shai_corpus *corpus = shai_corpus_new();   /* every page id once, over all inputs */
    Ctx c = {0};
    Pages ps = {0};
    Stats st = {0};
    int nplaces = 0;
    if (!corpus) die("out of memory", NULL);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--seed") && i + 1 < argc) seed = parse_seed(argv[++i]);
        else if (!strcmp(argv[i], "--places") && i + 1 < argc) { read_places(argv[++i], &c); nplaces++; }
        else if (!strcmp(argv[i], "--spam") && i + 1 < argc) read_spam(argv[++i], &c);
        else if (!strcmp(argv[i], "--explain")) c.explain = 1;
        else if (argv[i][0] == '-') die("usage: gen_synth [--seed N] [--explain] --places F [--places F] [--spam F] IN.lbl...", NULL);
        else read_lbl(corpus, argv[i], &ps);
    }
    shai_corpus_free(corpus);   /* the pages are copied out */
    if (!nplaces || !ps.n || !c.place[0][L_COUNTY][0].n)
        die("need --places (with current counties) and at least one non-empty IN.lbl", NULL);
    c.gbk = open_cd("UTF-8", "GBK");
    c.gb18030 = open_cd("UTF-8", "GB18030");
    c.big5 = open_cd("UTF-8", "BIG5");
    c.latin1 = open_cd("UTF-8", "ISO-8859-1");
    c.cp1252 = open_cd("UTF-8", "CP1252");
    c.to_gbk = open_cd("GBK", "UTF-8");
    for (size_t i = 0; i < ps.n; i++)
        for (size_t j = 0; j < ps.v[i].n; j++)
            if (ps.v[i].v[j].label == 'K') { GROW(&c.k); c.k.v[c.k.n++] = ps.v[i].v[j].text; }
    for (size_t i = 0; i < ps.n; i++) {
        uint64_t h = 1469598103934665603ULL;   /* FNV-1a of the id: per-page streams */
        for (const char *s = ps.v[i].id; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
        Rng rg = { seed ^ h }, rp = { (seed ^ h) + 0x5851F42D4C957F2DULL };
        Rng ra = { (seed ^ h) + 0x2545F4914F6CDD1DULL };
        if (rng_chance(&rg, 0.6)) make_garbled(&c, &rg, &ps.v[i], &st);
        make_places(&c, &rp, &ps.v[i], &st);
        make_spam(&c, &ra, &ps.v[i], &st);
    }
    if (fflush(stdout) || ferror(stdout)) die("write error on stdout", NULL);
    fprintf(stderr, "gen_synth: seed %llu, %zu input pages -> %zu ~g pages, %zu ~p pages, %zu ~a pages\n",
            (unsigned long long)seed, ps.n, st.pages[0], st.pages[1], st.pages[2]);
    fprintf(stderr, "  lines: K=%zu B=%zu P=%zu A=%zu G=%zu ?=%zu\n  G by mechanism:", st.label['K'],
            st.label['B'], st.label['P'], st.label['A'], st.label['G'], st.label['?']);
    for (int m = 0; m < NMECH; m++) fprintf(stderr, " %s=%zu", MECH_NAME[m], st.mech[m]);
    fprintf(stderr, "\n  K lines with a short mojibake span: %zu\n  P blocks by style:", st.span);
    for (int s = 0; s < NSTYLE; s++) fprintf(stderr, " %s=%zu", STYLE_NAME[s], st.style[s]);
    fprintf(stderr, "\n  A blocks by style:");
    for (int s = 0; s < NASTYLE; s++) fprintf(stderr, " %s=%zu", ASTYLE_NAME[s], st.astyle[s]);
    fputc('\n', stderr);

    for (size_t i = 0; i < ps.n; i++) page_free(&ps.v[i]);
    free(ps.v);
    free(c.k.v);
    for (int t = 0; t < 2; t++)
        for (int k = 0; k < 2; k++) {
            for (size_t j = 0; j < c.spam[t][k].n; j++) free(c.spam[t][k].v[j]);
            free(c.spam[t][k].v);
        }
    for (int t = 0; t < 2; t++)
        for (int lv = 0; lv < NLEVEL; lv++)
            for (int h = 0; h < 2; h++) {
                for (size_t j = 0; j < c.place[t][lv][h].n; j++) free(c.place[t][lv][h].v[j]);
                free(c.place[t][lv][h].v);
            }
    iconv_t cds[] = { c.gbk, c.gb18030, c.big5, c.latin1, c.cp1252, c.to_gbk };
    for (size_t i = 0; i < NELEM(cds); i++) iconv_close(cds[i]);
    return 0;
}
