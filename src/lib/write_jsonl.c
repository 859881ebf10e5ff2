/*
 * write_jsonl.c — cleaned JSON Lines (the default output).
 *
 * A JSONL input record is spliced, not re-serialized: a small scanner
 * walks the top level of the record as read (already validated by the
 * reader) and only the value of every top-level "text" member and of a
 * top-level "shai" member are replaced; when there is no "shai" member it
 * is added before the final '}'.  Every other byte - key order, spacing,
 * number spelling (1.0e5 stays 1.0e5), \u escapes - passes through.
 * Keys are compared after unescaping, as jansson reads them.
 *
 * Text and WET documents become {"id":...,"url":...,"text":...,"shai":{...}}.
 */
#include "writers.h"

#include <string.h>

/* Index of the first non-white-space byte at or after i. */
static size_t skip_ws(const char *p, size_t n, size_t i)
{
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')) i++;
    return i;
}

/* Index just past the string token opening at p[i] == '"': the first
 * quote after it that follows an even run of backslashes. */
static size_t string_end(const char *p, size_t n, size_t i)
{
    for (i++; i < n; i++) {
        const char *q = memchr(p + i, '"', n - i);
        size_t k, bs = 0;
        if (!q) break;
        i = (size_t)(q - p);
        for (k = i; k > 0 && p[k - 1] == '\\'; k--) bs++;
        if (bs % 2 == 0) return i + 1;
    }
    return n + 1;                   /* unterminated: invalid */
}

/* Index just past the value starting at p[i]. */
static size_t value_end(const char *p, size_t n, size_t i)
{
    size_t depth = 0;
    if (i >= n) return n + 1;
    if (p[i] == '"') return string_end(p, n, i);
    if (p[i] != '{' && p[i] != '[') {
        while (i < n && !strchr(",}] \t\r\n", p[i])) i++;
        return i;
    }
    while (i < n) {
        char c = p[i];
        if (c == '"') { i = string_end(p, n, i); continue; }
        if (c == '{' || c == '[') depth++;
        else if ((c == '}' || c == ']') && --depth == 0) return i + 1;
        i++;
    }
    return n + 1;
}

static unsigned hexval(char c)
{
    if (c >= '0' && c <= '9') return (unsigned)(c - '0');
    if (c >= 'a' && c <= 'f') return (unsigned)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return (unsigned)(c - 'A' + 10);
    return 0;
}

/* 1 when the string token p[a..b) (quotes included) unescapes to the
 * ASCII word want. */
static int key_is(const char *p, size_t a, size_t b, const char *want)
{
    size_t i = a + 1, k = 0, wl = strlen(want);
    if (b < a + 2) return 0;
    b--;                            /* closing quote */
    while (i < b) {
        unsigned c;
        if (p[i] == '\\' && i + 1 < b) {
            char e = p[i + 1];
            if (e == 'u' && i + 5 < b) {
                c = hexval(p[i + 2]) << 12 | hexval(p[i + 3]) << 8 | hexval(p[i + 4]) << 4 |
                    hexval(p[i + 5]);
                i += 6;
            } else {
                c = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'b' ? '\b'
                  : e == 'f' ? '\f' : (unsigned char)e;
                i += 2;
            }
        } else {
            c = (unsigned char)p[i++];
        }
        if (k >= wl || c != (unsigned char)want[k]) return 0;
        k++;
    }
    return k == wl;
}

/* Appends the kept blocks, joined by "\n", as a JSON string.  Blank lines
 * stay in place between two kept blocks: where the text had any between
 * them, the first run of them (as empty lines, however many) comes back
 * there, so paragraphs stay apart; before the first kept block and after
 * the last, none. */
static int kept_text(shai_buf *out, const shai_doc *doc, const shai_block *b, size_t n)
{
    size_t i, k, prev = 0, kept = 0;
    int rc;
    if ((rc = shai_buf_putc(out, '"'))) return rc;
    for (i = 0; i < n; i++) {
        if (!b[i].keep) continue;
        if (kept++) {
            size_t blank = 0;   /* the first run of blank lines since b[prev] */
            for (k = prev; k < i && !blank; k++) blank = b[k + 1].line - b[k].line - 1;
            for (k = 0; k <= blank; k++)
                if ((rc = shai_buf_append(out, "\\n", 2))) return rc;
        }
        if ((rc = shai_json_chars(out, doc->text + b[i].off, b[i].len))) return rc;
        prev = i;
    }
    return shai_buf_putc(out, '"');
}

/* Splices a validated JSONL record (see the top of the file). */
static int splice(shai_buf *out, const shai_doc *doc, const shai_block *b, size_t n,
                  const shai_doc_stats *s)
{
    const char *p = doc->raw;
    size_t len = doc->raw_len, i, from = 0, close;
    int rc, have_shai = 0;
    i = skip_ws(p, len, 0);
    if (i >= len || p[i] != '{') return SHAI_ERR_FORMAT;
    i = skip_ws(p, len, i + 1);
    while (i < len && p[i] != '}') {
        size_t ks = i, ke, vs, ve;
        int is_text, is_shai;
        if (p[i] != '"') return SHAI_ERR_FORMAT;
        ke = string_end(p, len, ks);
        i = skip_ws(p, len, ke);
        if (i >= len || p[i] != ':') return SHAI_ERR_FORMAT;
        vs = skip_ws(p, len, i + 1);
        ve = value_end(p, len, vs);
        if (ve > len) return SHAI_ERR_FORMAT;
        is_text = key_is(p, ks, ke, "text");
        is_shai = !is_text && key_is(p, ks, ke, "shai");
        if (is_text || is_shai) {
            if ((rc = shai_buf_append(out, p + from, vs - from))) return rc;
            rc = is_text ? kept_text(out, doc, b, n) : shai_json_stats(out, s);
            if (rc) return rc;
            from = ve;
            have_shai |= is_shai;
        }
        i = skip_ws(p, len, ve);
        if (i < len && p[i] == ',') i = skip_ws(p, len, i + 1);
    }
    if (i >= len) return SHAI_ERR_FORMAT;
    close = i;
    if (!have_shai) {
        if ((rc = shai_buf_append(out, p + from, close - from))) return rc;
        if ((rc = shai_buf_append(out, ",\"shai\":", 8))) return rc;
        if ((rc = shai_json_stats(out, s))) return rc;
        from = close;
    }
    if ((rc = shai_buf_append(out, p + from, len - from))) return rc;
    return shai_buf_putc(out, '\n');
}

/* Writes {"id","url","text","shai"} for a document read from text/WET. */
static int fresh(shai_buf *out, const shai_doc *doc, const shai_block *b, size_t n,
                 const shai_doc_stats *s)
{
    int rc;
    if ((rc = shai_buf_append(out, "{\"id\":", 6)) || (rc = shai_json_id(out, doc)) ||
        (rc = shai_buf_append(out, ",\"url\":", 7)) ||
        (rc = shai_buf_json_str(out, doc->url ? doc->url : "", doc->url ? doc->url_len : 0)) ||
        (rc = shai_buf_append(out, ",\"text\":", 8)) || (rc = kept_text(out, doc, b, n)) ||
        (rc = shai_buf_append(out, ",\"shai\":", 8)) || (rc = shai_json_stats(out, s)))
        return rc;
    return shai_buf_append(out, "}\n", 2);
}

int shai_write_jsonl(shai_buf *out, const shai_doc *doc, const shai_block *b, size_t n)
{
    shai_doc_stats s;
    size_t old;
    int rc;
    if (!out || !doc || (!b && n)) return SHAI_ERR_INVALID;
    old = out->len;
    shai_doc_stats_get(doc, b, n, &s);
    if (doc->format == SHAI_FMT_JSONL && doc->raw)
        rc = splice(out, doc, b, n, &s);
    else
        rc = fresh(out, doc, b, n, &s);
    if (rc) out->len = old;
    return rc;
}
