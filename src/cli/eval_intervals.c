/*
 * eval_intervals.c — shai eval --bootstrap and --compare: the intervals
 * of shai_eval_bootstrap, as text or as members of eval's JSON object.
 */
#include "cli.h"

#include <math.h>
#include <stdio.h>

#define BOOT_LEVEL 0.95
#define BOOT_SEED 1u   /* the same intervals on every run */
#define FEW_SITES 5    /* under this, the text warns */

/* The figures shown: drop F1, content kept, junk left, label accuracy,
 * then recall and precision per label. */
#define NSHOW (4 + 2 * SHAI_NLABELS)

static double shown(const shai_metrics *m, int k)
{
    switch (k) {
    case 0: return m->drop_f1;
    case 1: return m->content_kept;
    case 2: return m->junk_left;
    case 3: return m->accuracy;
    default:
        k -= 4;
        return k < SHAI_NLABELS ? m->recall[k] : m->precision[k - SHAI_NLABELS];
    }
}

/* The figure's name, for text (a label) or JSON (a key). */
static void shown_name(int k, int json, char *buf, size_t n)
{
    static const char *const text[] = {"drop F1", "content kept", "junk left", "label accuracy"};
    static const char *const key[] = {"drop_f1", "content_kept", "junk_left", "accuracy"};
    if (k < 4) snprintf(buf, n, "%s", json ? key[k] : text[k]);
    else if (k - 4 < SHAI_NLABELS) snprintf(buf, n, json ? "recall_%s" : "recall %s", shai_label_name(k - 4));
    else snprintf(buf, n, json ? "precision_%s" : "precision %s", shai_label_name(k - 4 - SHAI_NLABELS));
}

/* v with a sign (differences) or without, or n/a (null) when NaN. */
static void put_value(double v, int json, int sign)
{
    if (isnan(v)) printf(json ? "null" : "%9s", "n/a");
    else if (json) printf("%.6f", v);
    else printf(sign ? "%+9.4f" : "%9.4f", v);
}

/* Figure k's row: the values v[0..nv) (keys[] name them in JSON) and the
 * interval lo..hi, the last value and the interval signed when `sign`
 * (differences).  JSON: a member after a comma. */
static void put_row(int k, int json, const char *const *keys, const double *v, int nv, double lo, double hi,
                    int sign)
{
    char name[64];
    int i;
    shown_name(k, json, name, sizeof name);
    if (json) {
        printf(",\"%s\":{", name);
        for (i = 0; i < nv; i++) {
            printf("\"%s\":", keys[i]);
            put_value(v[i], 1, 0);
            printf(",");
        }
        printf("\"interval\":[");
        put_value(lo, 1, 0);
        printf(",");
        put_value(hi, 1, 0);
        printf("]}");
        return;
    }
    printf("%-22s", name);
    for (i = 0; i < nv; i++) {
        printf(" ");
        put_value(v[i], 0, sign && i == nv - 1);
    }
    printf(" ");
    put_value(lo, 0, sign);
    printf(" ");
    put_value(hi, 0, sign);
    printf("\n");
}

/* The intervals lo..hi of the figures m: an "intervals" member, or a
 * table. */
static void print_intervals(const shai_metrics *m, const shai_metrics *lo, const shai_metrics *hi,
                            unsigned reps, size_t sites, int json)
{
    static const char *const keys[] = {"value"};
    int k;
    if (json) printf("\"intervals\":{\"level\":%g,\"resamples\":%u,\"sites\":%zu", BOOT_LEVEL, reps, sites);
    else
        printf("\n%g%% intervals (bootstrap over %zu sites, %u resamples)%s\n%-22s %9s %9s %9s\n",
               BOOT_LEVEL * 100, sites, reps, sites < FEW_SITES ? "; so few sites say little" : "", "", "value",
               "low", "high");
    for (k = 0; k < NSHOW; k++) {
        double v = shown(m, k);
        put_row(k, json, keys, &v, 1, shown(lo, k), shown(hi, k), 0);
    }
    if (json) printf("}");
}

/* Figures a (this run) and b (the run `path` names: another model's
 * file, or the same folds without the --train-also pages), their
 * difference and its interval lo..hi: a "compare" member, or a table. */
static void print_compare(const char *path, const shai_metrics *a, const shai_metrics *b, const shai_metrics *lo,
                          const shai_metrics *hi, unsigned reps, size_t sites, int json)
{
    static const char *const keys[] = {"this", "that", "difference"};
    int k;
    if (json) {
        printf("\"compare\":{\"against\":");
        cli_put_json_str(path);
        printf(",\"level\":%g,\"resamples\":%u,\"sites\":%zu", BOOT_LEVEL, reps, sites);
    } else {
        printf("\ncompared with %s (this minus that),\n%g%% intervals of the difference (bootstrap over %zu "
               "sites, %u resamples)\n%-22s %9s %9s %9s %9s %9s\n", path, BOOT_LEVEL * 100, sites, reps, "", "this",
               "that", "diff", "low", "high");
    }
    for (k = 0; k < NSHOW; k++) {
        /* each side n/a where it is undefined (NAN), and so the difference */
        double v[3];
        v[0] = shown(a, k);
        v[1] = shown(b, k);
        v[2] = v[0] - v[1];
        put_row(k, json, keys, v, 3, shown(lo, k), shown(hi, k), 1);
    }
    if (json) printf("}");
}

void cli_print_evextra(const cli_evextra *x, int json)
{
    if (!x || !x->reps) return;
    if (json) printf(",");
    print_intervals(&x->value, &x->lo, &x->hi, x->reps, x->sites, json);
    if (!x->cmp) return;
    if (json) printf(",");
    print_compare(x->cmp, &x->value, &x->that, &x->clo, &x->chi, x->reps, x->sites, json);
}

int cli_eval_intervals(const shai_corpus *c, const shai_eval *ev, const shai_eval *pev, const shai_eval *bev,
                       const shai_eval *btotal, cli_evextra *x)
{
    int r;
    if (!ev->blocks) {
        cli_error("eval", "no block was scored, so no intervals");
        x->reps = 0;
        return EXIT_OK;
    }
    shai_eval_metrics_defined(ev, &x->value);
    r = shai_eval_bootstrap(c, pev, NULL, x->reps, BOOT_SEED, BOOT_LEVEL, &x->lo, &x->hi, &x->sites);
    if (!r && bev) {
        shai_eval_metrics_defined(btotal, &x->that);
        r = shai_eval_bootstrap(c, pev, bev, x->reps, BOOT_SEED, BOOT_LEVEL, &x->clo, &x->chi, NULL);
    }
    if (r) cli_error("eval", "bootstrap: %s", shai_strerror(r));
    return r ? cli_exit_code(r) : EXIT_OK;
}
