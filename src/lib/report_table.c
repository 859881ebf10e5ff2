/*
 * report_table.c — the report as an aligned plain-text table.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#define U(x) ((unsigned long long)(x))
#define HOST_COLS 40

/* Terminal columns of a code point: 2 for East Asian wide ones. */
static int cp_width(uint32_t c)
{
    if (c < 0x1100) return 1;
    if (c <= 0x115F || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
        (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
        (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
        (c >= 0x20000 && c <= 0x3FFFD))
        return 2;
    return 1;
}

/* Appends s padded (or cut, with "...") to exactly `cols` columns. */
static int put_cell(shai_buf *b, const char *s, size_t cols)
{
    size_t n = strlen(s), i = 0, w = 0, cut = 0, wcut = 0;
    int rc;
    while (i < n) {
        size_t at = i;
        int cw = cp_width(shai_utf8_next((const unsigned char *)s, n, &i, NULL));
        if (w + cw > cols - 3 && !cut) { cut = at; wcut = w; }
        if (w + cw > cols) {
            if ((rc = shai_buf_append(b, s, cut))) return rc;
            if ((rc = shai_buf_append(b, "...", 3))) return rc;
            for (w = wcut + 3; w < cols; w++)
                if ((rc = shai_buf_putc(b, ' '))) return rc;
            return SHAI_OK;
        }
        w += cw;
    }
    if ((rc = shai_buf_append(b, s, n))) return rc;
    for (; w < cols; w++)
        if ((rc = shai_buf_putc(b, ' '))) return rc;
    return SHAI_OK;
}

static int put_bar(shai_buf *b, uint64_t v, uint64_t max, int width)
{
    int n = max ? (int)((double)v / (double)max * width + 0.5) : 0, k, rc = SHAI_OK;
    if (v && !n) n = 1;
    for (k = 0; k < n && !rc; k++) rc = shai_buf_putc(b, '#');
    return rc;
}

static int totals(shai_buf *b, const shai_report_counts *c, int ck)
{
    char p1[16], p2[16], p3[16];
    int rc = shai_buf_printf(b, "%-12s %14s %14s %14s %8s\n", "", "in", "out", "dropped", "share");
    if (!rc) rc = shai_buf_printf(b, "%-12s %14llu %14llu %14llu %8s\n", "documents",
                                  U(c->documents), U(c->documents_out),
                                  U(c->documents - c->documents_out),
                                  shai_report_pct(c->documents - c->documents_out, c->documents, p1));
    if (!rc) rc = shai_buf_printf(b, "%-12s %14llu %14llu %14llu %8s\n", "blocks", U(c->blocks),
                                  U(c->blocks_out), U(c->blocks - c->blocks_out),
                                  shai_report_pct(c->blocks - c->blocks_out, c->blocks, p2));
    if (rc) return rc;
    if (ck)
        rc = shai_buf_printf(b, "%-12s %14llu %14llu %14llu %8s\n", "characters", U(c->chars),
                             U(c->chars_out), U(c->chars - c->chars_out),
                             shai_report_pct(c->chars - c->chars_out, c->chars, p3));
    else
        rc = shai_buf_printf(b, "%-12s %14s %14s %14s %8s\n", "characters", "n/a", "n/a", "n/a", "n/a");
    return rc;
}

static int labels(shai_buf *b, const shai_report_counts *c, int ck)
{
    char p1[16], p2[16], p3[16], n2[24];
    int k, rc;
    rc = shai_buf_printf(b, "\n%-12s %14s %8s %14s %8s %14s %8s\n", "label", "blocks", "share",
                         "characters", "share", "docs with any", "share");
    for (k = 0; !rc && k < SHAI_NLABELS; k++) {
        if (ck) snprintf(n2, sizeof n2, "%llu", U(c->label_chars[k]));
        else snprintf(n2, sizeof n2, "n/a");
        rc = shai_buf_printf(b, "%-12s %14llu %8s %14s %8s %14llu %8s\n", shai_label_name(k),
                             U(c->label_blocks[k]), shai_report_pct(c->label_blocks[k], c->blocks, p1),
                             n2, ck ? shai_report_pct(c->label_chars[k], c->chars, p2) : "n/a",
                             U(c->label_documents[k]),
                             shai_report_pct(c->label_documents[k], c->documents, p3));
    }
    if (!rc)
        rc = shai_buf_printf(b, "\ndocuments with any adult_spam block: %llu of %llu (%s)\n"
                                "documents with any place_list block: %llu of %llu (%s)\n",
                             U(c->label_documents[SHAI_ADULT_SPAM]), U(c->documents),
                             shai_report_pct(c->label_documents[SHAI_ADULT_SPAM], c->documents, p1),
                             U(c->label_documents[SHAI_PLACE_LIST]), U(c->documents),
                             shai_report_pct(c->label_documents[SHAI_PLACE_LIST], c->documents, p2));
    return rc;
}

static int histogram(shai_buf *b, const shai_report_counts *c, int ck)
{
    const uint64_t *h = ck ? c->hist_chars : c->hist_blocks;
    uint64_t n = 0, max = 0;
    char p[16];
    size_t i;
    int rc;
    for (i = 0; i < SHAI_REPORT_BINS; i++) {
        n += h[i];
        if (h[i] > max) max = h[i];
    }
    rc = shai_buf_printf(b, "\nshare of each document's %s that was dropped (%llu documents)\n",
                         ck ? "characters" : "blocks", U(n));
    for (i = 0; !rc && i < SHAI_REPORT_BINS; i++) {
        rc = shai_buf_printf(b, "  %-10s %12llu %8s%s", shai_report_bin_name(i), U(h[i]),
                             shai_report_pct(h[i], n, p), h[i] ? "  " : "");
        if (!rc) rc = put_bar(b, h[i], max, 40);
        if (!rc) rc = shai_buf_putc(b, '\n');
    }
    return rc;
}

static int hosts(shai_buf *b, const shai_report *r, size_t top, int ck)
{
    size_t n, i, *idx;
    char p1[16];
    int rc;
    if (!top) return SHAI_OK;
    idx = shai_report_rank_hosts(r, top, &n);
    if (!idx) return SHAI_ERR_NOMEM;
    rc = shai_buf_printf(b, "\nmost contaminated hosts by dropped %s (%zu shown, %zu hosts in all)\n",
                         ck ? "characters" : "blocks", n, r->nhosts);
    if (!rc && !n) rc = shai_buf_printf(b, "  (no host had anything dropped)\n");
    if (!rc && n) {
        rc = shai_buf_printf(b, "  ");
        if (!rc) rc = put_cell(b, "host", HOST_COLS);
        if (!rc)
            rc = shai_buf_printf(b, " %9s %14s %8s %16s %16s\n", "documents",
                                 ck ? "dropped chars" : "dropped blocks", "share",
                                 "adult_spam docs", "place_list docs");
    }
    for (i = 0; !rc && i < n; i++) {
        const shai_rhost *x = &r->hosts[idx[i]];
        uint64_t d = ck ? x->chars_dropped : x->blocks_dropped, t = ck ? x->chars : x->blocks;
        rc = shai_buf_printf(b, "  ");
        if (!rc) rc = put_cell(b, shai_report_host_name(r, idx[i]), HOST_COLS);
        if (!rc)
            rc = shai_buf_printf(b, " %9llu %14llu %8s %16llu %16llu\n", U(x->documents), U(d),
                                 shai_report_pct(d, t, p1), U(x->adult), U(x->place));
    }
    free(idx);
    return rc;
}

int shai_report_write_table(const shai_report *r, FILE *out, size_t top, shai_status *st)
{
    const shai_report_counts *c;
    int ck, rc;
    shai_buf b;
    if (!r || !out) return SHAI_ERR_INVALID;
    c = &r->c;
    ck = shai_report_chars_known(r);
    shai_buf_init(&b, 0);
    rc = shai_buf_printf(&b, "shai report: %llu documents, %llu blocks", U(c->documents), U(c->blocks));
    if (!rc && ck) rc = shai_buf_printf(&b, ", %llu characters", U(c->chars));
    if (!rc) rc = shai_buf_printf(&b, "\n");
    if (!rc && !ck)
        rc = shai_buf_printf(&b, "character counts: n/a (%llu blocks came without a \"chars\" field);"
                                 " figures are by blocks\n", U(c->blocks_no_chars));
    if (!rc && c->rejected)
        rc = shai_buf_printf(&b, "rejected input records (not counted): %llu\n", U(c->rejected));
    if (!rc && c->files_failed)
        rc = shai_buf_printf(&b, "input files unreadable or cut short (their documents past the failure are missing): %llu\n",
                             U(c->files_failed));
    if (!rc && c->documents_empty)
        rc = shai_buf_printf(&b, "documents without any block: %llu\n", U(c->documents_empty));
    if (!rc) rc = shai_buf_putc(&b, '\n');
    if (!rc) rc = totals(&b, c, ck);
    if (!rc) rc = labels(&b, c, ck);
    if (!rc) rc = histogram(&b, c, ck);
    if (!rc) rc = hosts(&b, r, top, ck);
    if (!rc && c->hosts_overflow)
        rc = shai_buf_printf(&b, "  note: %llu documents were counted under \"(other)\" when the host list"
                                 " was full (%zu hosts in this run, or fewer in a summary merged into it),"
                                 " so host figures are approximate\n",
                             U(c->hosts_overflow), r->host_cap);
    if (!rc) rc = shai_report_flush_buf(&b, out, st);
    else rc = shai_fail(st, SHAI_ERR_NOMEM, "report: out of memory");
    shai_buf_free(&b);
    return rc;
}
