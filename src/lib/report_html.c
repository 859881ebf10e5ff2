/*
 * report_html.c — the report as one self-contained page.
 *
 * The page is well-formed XHTML (it parses as XML, and browsers read it
 * as HTML): inline CSS, inline SVG charts, no scripts, no fonts, no
 * links.  Everything that comes from the data is escaped, and characters
 * XML does not allow are written as U+FFFD.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#define U(x) ((unsigned long long)(x))
#define W 720                   /* chart width in px */

static const char *const colors[SHAI_NLABELS] = {
    "#4c9a52", "#9a9a9a", "#3f7fc9", "#d6336c", "#e8890c"};

/* Appends s[0..n) as XML character data / attribute text. */
static int put_esc(shai_buf *b, const char *s, size_t n)
{
    size_t i = 0;
    int rc = SHAI_OK;
    while (i < n && !rc) {
        size_t at = i;
        uint32_t c = shai_utf8_next((const unsigned char *)s, n, &i, NULL);
        switch (c) {
        case '&': rc = shai_buf_append(b, "&amp;", 5); break;
        case '<': rc = shai_buf_append(b, "&lt;", 4); break;
        case '>': rc = shai_buf_append(b, "&gt;", 4); break;
        case '"': rc = shai_buf_append(b, "&quot;", 6); break;
        case '\'': rc = shai_buf_append(b, "&#39;", 5); break;
        default:
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c < 0xA0) ||
                c == 0xFFFE || c == 0xFFFF || c == SHAI_REPLACEMENT)
                rc = shai_buf_append(b, "\xEF\xBF\xBD", 3);
            else
                rc = shai_buf_append(b, s + at, i - at);
        }
    }
    return rc;
}

static int put_escz(shai_buf *b, const char *s) { return put_esc(b, s, strlen(s)); }

static double share(uint64_t a, uint64_t t) { return t ? (double)a / (double)t : 0.0; }

static const char *style =
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;"
    "max-width:64em;padding:0 1em;color:#222;line-height:1.4}\n"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:2em;"
    "border-bottom:1px solid #ccc}\n"
    "table{border-collapse:collapse;margin:.8em 0}\n"
    "th,td{padding:.25em .7em;border-bottom:1px solid #e4e4e4;text-align:right;"
    "font-variant-numeric:tabular-nums}\n"
    "th{background:#f4f4f4}th.l,td.l{text-align:left}\n"
    "td.host{text-align:left;font-family:monospace;word-break:break-all;max-width:28em}\n"
    ".note{color:#666;font-size:.9em}.sw{display:inline-block;width:.8em;height:.8em;"
    "margin-right:.4em;vertical-align:baseline}\n"
    "svg{display:block;margin:.8em 0}svg text{font-size:12px;fill:#333}\n";

static int head(shai_buf *b, const shai_report_counts *c, int ck)
{
    int rc = shai_buf_printf(b,
        "<!DOCTYPE html>\n"
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
        "<meta charset=\"UTF-8\"/>\n<title>shai contamination report</title>\n"
        "<style>\n%s</style>\n</head>\n<body>\n<h1>Contamination report</h1>\n"
        "<p class=\"note\">shai %s: %llu documents, %llu blocks",
        style, shai_version(), U(c->documents), U(c->blocks));
    if (!rc && ck) rc = shai_buf_printf(b, ", %llu characters", U(c->chars));
    if (!rc) rc = shai_buf_printf(b, ".</p>\n");
    if (!rc && !ck)
        rc = shai_buf_printf(b, "<p class=\"note\">Character counts: n/a (%llu blocks came without a "
                                "&quot;chars&quot; field); figures are by blocks.</p>\n",
                             U(c->blocks_no_chars));
    if (!rc && c->rejected)
        rc = shai_buf_printf(b, "<p class=\"note\">Rejected input records (not counted): %llu.</p>\n",
                             U(c->rejected));
    if (!rc && c->files_failed)
        rc = shai_buf_printf(b, "<p class=\"note\">Input files unreadable or cut short (their documents "
                                "past the failure are missing): %llu.</p>\n", U(c->files_failed));
    return rc;
}

static int row3(shai_buf *b, const char *name, uint64_t in, uint64_t out, int known)
{
    char p[16];
    if (!known)
        return shai_buf_printf(b, "<tr><td class=\"l\">%s</td><td>n/a</td><td>n/a</td><td>n/a</td>"
                                  "<td>n/a</td></tr>\n", name);
    return shai_buf_printf(b, "<tr><td class=\"l\">%s</td><td>%llu</td><td>%llu</td><td>%llu</td>"
                              "<td>%s</td></tr>\n", name, U(in), U(out), U(in - out),
                           shai_report_pct(in - out, in, p));
}

static int inout(shai_buf *b, const shai_report_counts *c, int ck)
{
    int rc = shai_buf_printf(b, "<h2>In and out</h2>\n<table>\n<tr><th class=\"l\"></th><th>in</th>"
                                "<th>out</th><th>dropped</th><th>dropped share</th></tr>\n");
    if (!rc) rc = row3(b, "documents", c->documents, c->documents_out, 1);
    if (!rc) rc = row3(b, "blocks", c->blocks, c->blocks_out, 1);
    if (!rc) rc = row3(b, "characters", c->chars, c->chars_out, ck);
    if (!rc) rc = shai_buf_printf(b, "</table>\n<p class=\"note\">A document is out when at least one of "
                                     "its blocks is kept.</p>\n");
    return rc;
}

/* Stacked bar of one composition (values per label) at height y. */
static int stack(shai_buf *b, const char *name, const uint64_t *v, int y)
{
    char p[16];
    uint64_t t = 0;
    double x = 110;
    int k, rc;
    for (k = 0; k < SHAI_NLABELS; k++) t += v[k];
    rc = shai_buf_printf(b, "<text x=\"0\" y=\"%d\">%s</text>\n", y + 15, name);
    for (k = 0; !rc && k < SHAI_NLABELS; k++) {
        double w = share(v[k], t) * (W - 120);
        if (w <= 0) continue;
        rc = shai_buf_printf(b, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"22\" fill=\"%s\">"
                                "<title>%s: %s</title></rect>\n",
                             x, y, w, colors[k], shai_label_name(k), shai_report_pct(v[k], t, p));
        x += w;
    }
    if (!rc && !t) rc = shai_buf_printf(b, "<text x=\"110\" y=\"%d\">(none)</text>\n", y + 15);
    return rc;
}

static int labels(shai_buf *b, const shai_report_counts *c, int ck)
{
    char p1[16], p2[16];
    const uint64_t *in = ck ? c->label_chars : c->label_blocks;
    const uint64_t *out = ck ? c->label_chars_kept : c->label_blocks_kept;
    const char *unit = ck ? "characters" : "blocks";
    int k, rc, y = 0;
    rc = shai_buf_printf(b, "<h2>Labels</h2>\n<p>The mix of labels in the input and in the kept output, then "
                            "each label's share of all blocks (dark) and characters (light).</p>\n"
                            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                            "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n"
                            "<title>Share of %s per label</title>\n",
                         W, 24 * SHAI_NLABELS * 2 + 90, W, 24 * SHAI_NLABELS * 2 + 90, unit);
    if (!rc) rc = stack(b, ck ? "characters in" : "blocks in", in, y);
    if (!rc) rc = stack(b, ck ? "characters out" : "blocks out", out, y += 30);
    y += 44;
    for (k = 0; !rc && k < SHAI_NLABELS; k++, y += 48) {
        double sb = share(c->label_blocks[k], c->blocks), sc = share(c->label_chars[k], c->chars);
        rc = shai_buf_printf(b, "<rect x=\"0\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                                "<text x=\"18\" y=\"%d\">%s</text>\n"
                                "<rect x=\"110\" y=\"%d\" width=\"%.2f\" height=\"18\" fill=\"%s\"/>"
                                "<text x=\"%.2f\" y=\"%d\">%s of blocks</text>\n",
                             y + 4, colors[k], y + 15, shai_label_name(k), y, sb * (W - 260),
                             colors[k], 116 + sb * (W - 260), y + 14,
                             shai_report_pct(c->label_blocks[k], c->blocks, p1));
        if (!rc && ck)
            rc = shai_buf_printf(b, "<rect x=\"110\" y=\"%d\" width=\"%.2f\" height=\"18\" fill=\"%s\" "
                                    "fill-opacity=\"0.55\"/><text x=\"%.2f\" y=\"%d\">%s of "
                                    "characters</text>\n",
                                 y + 21, sc * (W - 260), colors[k], 116 + sc * (W - 260), y + 35,
                                 shai_report_pct(c->label_chars[k], c->chars, p1));
    }
    if (!rc) rc = shai_buf_printf(b, "</svg>\n<table>\n<tr><th class=\"l\">label</th><th>blocks</th>"
                                     "<th>share</th><th>characters</th><th>share</th><th>kept "
                                     "%s</th><th>documents with any</th><th>share</th></tr>\n", unit);
    for (k = 0; !rc && k < SHAI_NLABELS; k++) {
        rc = shai_buf_printf(b, "<tr><td class=\"l\"><span class=\"sw\" style=\"background:%s\"></span>"
                                "%s</td><td>%llu</td><td>%s</td>",
                             colors[k], shai_label_name(k), U(c->label_blocks[k]),
                             shai_report_pct(c->label_blocks[k], c->blocks, p1));
        if (!rc && ck)
            rc = shai_buf_printf(b, "<td>%llu</td><td>%s</td>", U(c->label_chars[k]),
                                 shai_report_pct(c->label_chars[k], c->chars, p1));
        else if (!rc)
            rc = shai_buf_printf(b, "<td>n/a</td><td>n/a</td>");
        if (!rc)
            rc = shai_buf_printf(b, "<td>%llu</td><td>%llu</td><td>%s</td></tr>\n", U(out[k]),
                                 U(c->label_documents[k]),
                                 shai_report_pct(c->label_documents[k], c->documents, p1));
    }
    if (!rc)
        rc = shai_buf_printf(b, "</table>\n<p>Documents with any <b>adult_spam</b> block: %llu of %llu "
                                "(%s). Documents with any <b>place_list</b> block: %llu of %llu "
                                "(%s).</p>\n",
                             U(c->label_documents[SHAI_ADULT_SPAM]), U(c->documents),
                             shai_report_pct(c->label_documents[SHAI_ADULT_SPAM], c->documents, p1),
                             U(c->label_documents[SHAI_PLACE_LIST]), U(c->documents),
                             shai_report_pct(c->label_documents[SHAI_PLACE_LIST], c->documents, p2));
    return rc;
}

static int histogram(shai_buf *b, const shai_report_counts *c, int ck)
{
    const uint64_t *h = ck ? c->hist_chars : c->hist_blocks;
    uint64_t max = 0, n = 0;
    const int H = 200, top = 20, slot = W / SHAI_REPORT_BINS;
    size_t i;
    int rc;
    for (i = 0; i < SHAI_REPORT_BINS; i++) {
        n += h[i];
        if (h[i] > max) max = h[i];
    }
    rc = shai_buf_printf(b, "<h2>Dropped share per document</h2>\n<p>How much of each document's %s "
                            "was dropped (%llu documents; bucket 0: nothing dropped, 100%%: "
                            "everything dropped).</p>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                            "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n"
                            "<title>Histogram of the dropped share per document</title>\n"
                            "<line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>\n",
                         ck ? "characters" : "blocks", U(n), W, H + top + 30, W, H + top + 30,
                         H + top, W, H + top);
    for (i = 0; !rc && i < SHAI_REPORT_BINS; i++) {
        double hh = max ? (double)h[i] / (double)max * H : 0;
        int x = (int)i * slot;
        rc = shai_buf_printf(b, "<rect x=\"%d\" y=\"%.2f\" width=\"%d\" height=\"%.2f\" fill=\"%s\" "
                                "fill-opacity=\"%.2f\"><title>%s: %llu documents</title></rect>\n"
                                "<text x=\"%d\" y=\"%.2f\" text-anchor=\"middle\">%llu</text>\n"
                                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
                                "style=\"font-size:10px\">%s</text>\n",
                             x + 4, top + H - hh, slot - 8, hh, i == 0 ? colors[0] : colors[3],
                             i == 0 ? 1.0 : 0.4 + 0.6 * (double)i / (SHAI_REPORT_BINS - 1),
                             shai_report_bin_name(i), U(h[i]), x + slot / 2, top + H - hh - 4,
                             U(h[i]), x + slot / 2, H + top + 18, shai_report_bin_name(i));
    }
    if (!rc) rc = shai_buf_printf(b, "</svg>\n");
    return rc;
}

static int hosts(shai_buf *b, const shai_report *r, size_t top, int ck)
{
    char p[16];
    size_t n = 0, i, *idx;
    int rc;
    if (!top) return SHAI_OK;
    idx = shai_report_rank_hosts(r, top, &n);
    if (!idx) return SHAI_ERR_NOMEM;
    rc = shai_buf_printf(b, "<h2>Most contaminated hosts</h2>\n<p>By dropped %s; %zu shown of %zu "
                            "hosts.</p>\n", ck ? "characters" : "blocks", n, r->nhosts);
    if (!rc && n)
        rc = shai_buf_printf(b, "<table>\n<tr><th class=\"l\">#</th><th class=\"l\">host</th>"
                                "<th>documents</th><th>dropped %s</th><th>dropped share</th>"
                                "<th class=\"l\"></th><th>docs with adult_spam</th>"
                                "<th>docs with place_list</th></tr>\n", ck ? "characters" : "blocks");
    for (i = 0; !rc && i < n; i++) {
        const shai_rhost *x = &r->hosts[idx[i]];
        uint64_t d = ck ? x->chars_dropped : x->blocks_dropped, t = ck ? x->chars : x->blocks;
        rc = shai_buf_printf(b, "<tr><td class=\"l\">%zu</td><td class=\"host\">", i + 1);
        if (!rc) rc = put_escz(b, shai_report_host_name(r, idx[i]));
        if (!rc)
            rc = shai_buf_printf(b, "</td><td>%llu</td><td>%llu</td><td>%s</td><td class=\"l\">"
                                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" "
                                    "height=\"10\"><rect width=\"100\" height=\"10\" fill=\"#eee\"/>"
                                    "<rect width=\"%.1f\" height=\"10\" fill=\"%s\"/></svg></td>"
                                    "<td>%llu</td><td>%llu</td></tr>\n",
                                 U(x->documents), U(d), shai_report_pct(d, t, p), 100 * share(d, t),
                                 colors[3], U(x->adult), U(x->place));
    }
    if (!rc && n) rc = shai_buf_printf(b, "</table>\n");
    if (!rc && !n) rc = shai_buf_printf(b, "<p>(No host had anything dropped.)</p>\n");
    if (!rc && r->c.hosts_overflow)
        rc = shai_buf_printf(b, "<p class=\"note\">%llu documents were counted under &quot;(other)&quot; "
                                "when the host list was full (%zu hosts in this run, or fewer in a summary "
                                "merged into it), so host figures are approximate.</p>\n",
                             U(r->c.hosts_overflow), r->host_cap);
    free(idx);
    return rc;
}

int shai_report_write_html(const shai_report *r, FILE *out, size_t top, shai_status *st)
{
    const shai_report_counts *c;
    shai_buf b;
    int rc, ck;
    if (!r || !out) return SHAI_ERR_INVALID;
    c = &r->c;
    ck = shai_report_chars_known(r);
    shai_buf_init(&b, 0);
    rc = head(&b, c, ck);
    if (!rc) rc = inout(&b, c, ck);
    if (!rc) rc = labels(&b, c, ck);
    if (!rc) rc = histogram(&b, c, ck);
    if (!rc) rc = hosts(&b, r, top, ck);
    if (!rc)
        rc = shai_buf_printf(&b, "<p class=\"note\">Written by shai %s. Counts merge exactly across "
                                 "shards: see <code>shai report --merge</code>.</p>\n</body>\n</html>\n",
                             shai_version());
    if (!rc) rc = shai_report_flush_buf(&b, out, st);
    else rc = shai_fail(st, SHAI_ERR_NOMEM, "report: out of memory");
    shai_buf_free(&b);
    return rc;
}
