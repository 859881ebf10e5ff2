/*
 * train.h — training internals shared by train.c and its unit tests
 * (the only users of <libsvm/svm.h>).
 */
#ifndef SHAI_TRAIN_H
#define SHAI_TRAIN_H

#include "internal.h"

struct svm_node;
struct svm_model;
struct svm_problem;

/* Feature rows of every scored block ('?' blocks are left out). */
typedef struct shai_dataset {
    double *X;               /* n x SHAI_NFEAT */
    int *label;              /* gold label per row */
    size_t *chars;           /* characters per row */
    size_t *page;            /* corpus page index per row */
    size_t *line;            /* 1-based line of the block in its page */
    char *real;              /* 1 unless the page is synthetic ("~" in id) */
    size_t n;
    struct svm_node *nodes;  /* sparse copy for libsvm */
    struct svm_node **rows;
} shai_dataset;

shai_dataset *shai_dataset_build(const shai_corpus *c, const shai_model *m, shai_status *st);
void shai_dataset_free(shai_dataset *d);
/* Trains a libsvm linear C-SVC on rows (targets y: > 0 positive) with
 * class weights; prob is filled (caller frees prob->x and prob->y after
 * freeing the model, whose support vectors point into d). */
struct svm_model *shai_svm_fit(const shai_dataset *d, const size_t *rows, size_t n, const int *y,
                               double C, double wpos, double wneg, struct svm_problem *prob);
/* w = sum_i alpha_i y_i x_i, b = -rho, signed so that w.x + b > 0 means
 * the +1 class. */
void shai_svm_export(const struct svm_model *sm, double *w, double *b);
/* Fits the drop model and the reason models into m. */
int shai_fit_models(const shai_dataset *d, const size_t *rows, size_t n, double C,
                    double keep_weight, shai_model *m);
/* Decides the rows with m and adds the counts to ev. */
void shai_eval_rows(const shai_dataset *d, const size_t *rows, size_t n, const shai_model *m,
                    shai_eval *ev);
/* Same, reporting each block to o->on_prediction when set. */
void shai_eval_rows_cb(const shai_dataset *d, const shai_corpus *c, const size_t *rows, size_t n,
                       const shai_model *m, shai_eval *ev, const shai_train_opts *o);

#endif
