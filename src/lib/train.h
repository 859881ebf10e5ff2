/*
 * train.h — training internals shared by dataset.c, train.c and their
 * unit tests (the only users of <libsvm/svm.h>).
 */
#ifndef SHAI_TRAIN_H
#define SHAI_TRAIN_H

#include "internal.h"

struct svm_node;
struct svm_model;
struct svm_problem;

/* Feature rows of every block of every page, '?' blocks included (label
 * -1: they are context for their neighbours, never trained on or scored). */
typedef struct shai_dataset {
    double *X;               /* n x SHAI_NFEAT */
    int *label;              /* gold label per row, -1 for '?' */
    size_t *chars;           /* characters per row */
    size_t *page;            /* corpus page index per row */
    size_t *line;            /* 1-based line of the block in its page */
    uint64_t *places;        /* the levels and provinces its place names
                                share (shai_featurize_places) */
    size_t n;
    char *real;              /* per page: 1 unless synthetic ("~" in id) */
    size_t *first;           /* per page: first row; first[npages] = n */
    size_t npages;
    struct svm_node *base_nodes, **base_rows;  /* sparse rows: no FAM_STACK, no FAM_WHY */
    struct svm_node *full_nodes, **full_rows;  /* sparse rows: all but FAM_WHY */
} shai_dataset;

/* Feature rows of every page of c with m's lexicons; the stacked
 * features are left 0 (shai_dataset_stack_page fills them per fit) and
 * the base rows built.  Returns NULL with st filled; free with
 * shai_dataset_free(). */
shai_dataset *shai_dataset_build(const shai_corpus *c, const shai_model *m, shai_status *st);
void shai_dataset_free(shai_dataset *d);
/* The prior scale of feature id in training: libsvm is given the value
 * times the scale, which divides the penalty on the feature's weight by
 * the scale squared, and shai_svm_export multiplies the weight by the
 * scale, so that models score the features as they are.  SHAI_SPAM_PRIOR
 * for the spam lexicon features (FAM_SPAM), 1 for the rest (dataset.c). */
#define SHAI_SPAM_PRIOR 4.0
double shai_feature_prior(size_t id);
/* Sparse libsvm rows of X (each value times shai_feature_prior) into
 * *nodes and *rows (replacing what they held), without the features of
 * the families in skip, an OR of SHAI_FAMBIT(FAM_*): a feature a fit never
 * sees gets weight 0.  Returns SHAI_OK or SHAI_ERR_NOMEM. */
#define SHAI_FAMBIT(fam) (1u << (unsigned)(fam))
int shai_dataset_nodes(const shai_dataset *d, unsigned skip, struct svm_node **nodes, struct svm_node ***rows);
/* Stacked features of page p from stage-1 weights w, b; s1: room for
 * the page's rows. */
void shai_dataset_stack_page(shai_dataset *d, size_t p, const double *w, double b, double *s1);
/* Trains a libsvm linear C-SVC on xrows[rows[i]] (targets y: > 0 is the
 * positive class) with class weights; fills prob (the caller frees
 * prob->x and prob->y after freeing the model, whose support vectors
 * point into xrows). */
struct svm_model *shai_svm_fit(struct svm_node **xrows, const size_t *rows, size_t n, const int *y,
                               double C, double wpos, double wneg, struct svm_problem *prob);
/* w = sum_i alpha_i y_i x_i (SHAI_NW weights: rows are indexed by the
 * block's length regime), each times its feature's prior scale (the rows
 * hold x times it), b = -rho, signed so that w.x + b > 0 means the
 * positive class for the unscaled x. */
void shai_svm_export(const struct svm_model *sm, double *w, double *b);
/* Decides the rows with m (whole pages, smoothed as the filter does;
 * rows must come page by page) and adds the counts to ev; each block is
 * reported to o->on_prediction when o, its callback and c are set.
 * Returns SHAI_OK or SHAI_ERR_NOMEM. */
int shai_eval_rows(const shai_dataset *d, const shai_corpus *c, const size_t *rows, size_t n,
                   const shai_model *m, shai_eval *ev, const shai_train_opts *o);

#endif
