/*
 * xmlcheck.h — a strict well-formedness check of the subset of XML that
 * shai's HTML report uses (for tests/unit/test_report.c).
 */
#ifndef SHAI_XMLCHECK_H
#define SHAI_XMLCHECK_H

#include <string.h>

/* A strict well-formedness check of the subset of XML the page uses:
 * a doctype, elements, attributes in quotes, character and the five
 * predefined entity references, comments; one root; balanced tags. */
typedef struct xp { const char *s; size_t i; const char *why; } xp;

static int xname(xp *p)
{
    size_t a = p->i;
    while (p->s[p->i] && (strchr("-_.:", p->s[p->i]) || (p->s[p->i] >= 'a' && p->s[p->i] <= 'z') ||
                          (p->s[p->i] >= 'A' && p->s[p->i] <= 'Z') ||
                          (p->s[p->i] >= '0' && p->s[p->i] <= '9')))
        p->i++;
    return p->i > a && !(p->s[a] >= '0' && p->s[a] <= '9') && p->s[a] != '-';
}

static int xref(xp *p)
{
    static const char *const ent[] = {"amp;", "lt;", "gt;", "quot;", "apos;"};
    size_t k;
    p->i++;
    for (k = 0; k < 5; k++)
        if (!strncmp(p->s + p->i, ent[k], strlen(ent[k]))) { p->i += strlen(ent[k]); return 1; }
    if (p->s[p->i] != '#') return 0;
    p->i++;
    if (p->s[p->i] == 'x') p->i++;
    if (!strchr("0123456789abcdefABCDEF", p->s[p->i]) || !p->s[p->i]) return 0;
    while (p->s[p->i] && strchr("0123456789abcdefABCDEF", p->s[p->i])) p->i++;
    return p->s[p->i++] == ';';
}

static int xml_ok(const char *s, const char **why)
{
    xp p = {s, 0, NULL};
    const char *stack[256];
    size_t len[256], depth = 0, roots = 0;
    if (!strncmp(s, "<!DOCTYPE html>", 15)) p.i = 15;
    while (s[p.i]) {
        char c = s[p.i];
        if (c == '&') { if (!xref(&p)) { *why = "bad reference"; return 0; } continue; }
        if (c == '>') { *why = "stray >"; return 0; }
        if (c != '<') {
            if (!depth && !strchr(" \t\r\n", c)) { *why = "text outside the root"; return 0; }
            p.i++;
            continue;
        }
        if (!strncmp(s + p.i, "<!--", 4)) {
            const char *e = strstr(s + p.i + 4, "-->");
            if (!e) { *why = "open comment"; return 0; }
            p.i = (size_t)(e - s) + 3;
            continue;
        }
        if (s[p.i + 1] == '/') {
            size_t a;
            p.i += 2;
            a = p.i;
            if (!xname(&p) || !depth || len[depth - 1] != p.i - a || strncmp(stack[depth - 1], s + a, p.i - a)) {
                *why = "mismatched end tag";
                return 0;
            }
            depth--;
            while (strchr(" \t\r\n", s[p.i]) && s[p.i]) p.i++;
            if (s[p.i++] != '>') { *why = "bad end tag"; return 0; }
            continue;
        }
        {
            size_t a = ++p.i, n;
            if (!xname(&p)) { *why = "bad tag name"; return 0; }
            n = p.i - a;
            if (!depth && roots++) { *why = "two roots"; return 0; }
            for (;;) {
                char q;
                while (s[p.i] && strchr(" \t\r\n", s[p.i])) p.i++;
                if (s[p.i] == '/' && s[p.i + 1] == '>') { p.i += 2; break; }
                if (s[p.i] == '>') {
                    p.i++;
                    if (depth == 256) { *why = "too deep"; return 0; }
                    stack[depth] = s + a;
                    len[depth++] = n;
                    break;
                }
                if (!xname(&p) || s[p.i++] != '=') { *why = "bad attribute"; return 0; }
                q = s[p.i++];
                if (q != '"' && q != '\'') { *why = "unquoted attribute"; return 0; }
                while (s[p.i] && s[p.i] != q) {
                    if (s[p.i] == '<') { *why = "< in attribute"; return 0; }
                    if (s[p.i] == '&') { if (!xref(&p)) { *why = "bad reference"; return 0; } }
                    else p.i++;
                }
                if (s[p.i++] != q) { *why = "open attribute"; return 0; }
            }
        }
    }
    if (depth || roots != 1) { *why = "unbalanced"; return 0; }
    return 1;
}

#endif
