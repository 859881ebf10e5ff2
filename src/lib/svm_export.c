/*
 * svm_export.c — feature vectors -> libsvm -> exported weights: one
 * linear C-SVC fit on sparse rows (dataset.c), and its support vectors
 * collapsed into a weight vector and a bias (train.c fits the models of a
 * shai model with these two).
 */
#include "internal.h"
#include "train.h"

#include <libsvm/svm.h>
#include <stdlib.h>
#include <string.h>

/* libsvm prints its progress to stdout unless told otherwise; the
 * library never prints. */
static void quiet(const char *s) { (void)s; }

void shai_svm_export(const struct svm_model *sm, double *w, double *b)
{
    int i, sign = sm->label[0] == 1 ? 1 : -1;
    memset(w, 0, SHAI_NW * sizeof *w);
    for (i = 0; i < sm->l; i++) {
        const struct svm_node *x;
        for (x = sm->SV[i]; x->index != -1; x++)
            if (x->index >= 1 && x->index <= SHAI_NW) w[x->index - 1] += sign * sm->sv_coef[0][i] * x->value;
    }
    for (i = 0; i < SHAI_NW; i++) w[i] *= shai_feature_prior((size_t)i % SHAI_NFEAT);
    *b = -sign * sm->rho[0];
}

struct svm_model *shai_svm_fit(struct svm_node **xrows, const size_t *rows, size_t n, const int *y,
                               double C, double wpos, double wneg, struct svm_problem *prob)
{
    struct svm_parameter par;
    static int wl[2] = {1, -1};
    double ww[2];
    size_t i;
    memset(&par, 0, sizeof par);
    par.svm_type = C_SVC;
    par.kernel_type = LINEAR;
    par.cache_size = 256;
    par.eps = 0.01;
    par.C = C;
    par.nr_weight = 2;
    par.weight_label = wl;
    ww[0] = wpos;
    ww[1] = wneg;
    par.weight = ww;
    par.shrinking = 1;
    prob->l = (int)n;
    prob->y = malloc((n ? n : 1) * sizeof *prob->y);
    prob->x = malloc((n ? n : 1) * sizeof *prob->x);
    if (!prob->y || !prob->x) return NULL;
    for (i = 0; i < n; i++) {
        prob->y[i] = y[i] > 0 ? 1 : -1;
        prob->x[i] = xrows[rows[i]];
    }
    if (svm_check_parameter(prob, &par)) return NULL;
    svm_set_print_string_function(quiet);
    return svm_train(prob, &par);
}
