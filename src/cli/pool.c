/*
 * pool.c — ordered worker pool (see pool.h).
 *
 * Jobs live in a ring indexed by three counters that only grow:
 * head (oldest job not yet given to the sink), next (next job for a
 * worker) and tail (next free slot); head <= next <= tail.  Only the
 * submitting thread moves head and tail; workers move next.  A slot is
 * touched by exactly one thread at a time: the submitter between head
 * and the time it bumps tail, one worker between taking it and setting
 * done.
 */
#include "cli.h"
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define JOBS_PER_THREAD 4
#define QUEUE_BYTES ((size_t)256 << 20)
#define KEEP_BUF ((size_t)16 << 20)  /* larger buffers are freed after use */
/* A job is a batch of documents, so that workers and the submitter wake
 * each other once per batch, not once per document: with a job per
 * document, 4,937 documents (30 MB) cost 9,172 context switches and a
 * fifth more CPU than one thread (bench/PERFORMANCE.md).  A batch is
 * handed to the workers when it holds BATCH_DOCS documents or
 * BATCH_BYTES bytes, or at once when a worker waits for work, so that a
 * slow input is never held back to fill a batch. */
#define BATCH_DOCS 256
#define BATCH_BYTES ((size_t)1 << 20)

/* One document of a job: where its fields lie in the job's store (the
 * store may move while the batch fills), then the document itself,
 * pointing into the store once the batch is handed over, and its
 * result: output out[out_at .. out_at + out_len) of the job's out. */
typedef struct jdoc {
    size_t o_id, o_url, o_title, o_text, o_raw, o_src;
    shai_doc doc;
    size_t out_at, out_len;
    shai_doc_stats stats;
    int rc;
} jdoc;

typedef struct job {
    shai_buf store;               /* id, url, title, text, raw and source bytes */
    jdoc *docs;
    size_t ndocs, cap;
    shai_buf out;                 /* the documents' outputs, one after another */
    int done;
} job;

struct cli_pool {
    const char *cmd;
    int fmt;                      /* a shai_outfmt or CLI_POOL_COUNT_ONLY */
    int explain;
    cli_sink_fn sink;
    void *ud;
    job *jobs;
    size_t q, head, next, tail, queued;
    int open;                     /* the job at tail is filling (submitter only) */
    int idle;                     /* workers waiting for a job */
    int stop, nthreads, nfilters, failed, sync_init;
    pthread_t *th;
    shai_filter **filters;        /* one per worker (one when inline) */
    pthread_mutex_t mu;
    pthread_cond_t work_cv, done_cv;
};

/* Scores and formats document d with filter f, appending its output to
 * out (nothing on an error). */
static void run_doc(cli_pool *p, shai_filter *f, shai_buf *out, jdoc *d)
{
    const shai_block *b;
    size_t n;
    d->out_at = out->len;
    memset(&d->stats, 0, sizeof d->stats);
    d->rc = shai_filter_run_titled(f, d->doc.text, d->doc.text_len, d->doc.title,
                                   d->doc.title_len, &b, &n);
    if (!d->rc) {
        shai_doc_stats_get(&d->doc, b, n, &d->stats);
        if (p->fmt != CLI_POOL_COUNT_ONLY)
            d->rc = shai_write_doc(out, (shai_outfmt)p->fmt, &d->doc, b, n, p->explain ? f : NULL);
    }
    if (d->rc) out->len = d->out_at;
    d->out_len = out->len - d->out_at;
}

/* Scores every document of job j with filter f. */
static void run_job(cli_pool *p, shai_filter *f, job *j)
{
    size_t i;
    j->out.len = 0;
    for (i = 0; i < j->ndocs; i++) run_doc(p, f, &j->out, &j->docs[i]);
}

/* What a worker gets: the pool and its own filter (owned by the pool). */
typedef struct worker_arg { cli_pool *p; shai_filter *f; } worker_arg;

/* Worker thread: takes jobs in order until stopped and the ring is
 * empty; frees its malloc'ed arg.  Returns NULL. */
static void *worker(void *arg)
{
    cli_pool *p = ((worker_arg *)arg)->p;
    shai_filter *f = ((worker_arg *)arg)->f;
    free(arg);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        job *j;
        while (p->next == p->tail && !p->stop) {
            p->idle++;
            pthread_cond_wait(&p->work_cv, &p->mu);
            p->idle--;
        }
        if (p->next == p->tail) break;
        j = &p->jobs[p->next++ % p->q];
        pthread_mutex_unlock(&p->mu);
        run_job(p, f, j);
        pthread_mutex_lock(&p->mu);
        j->done = 1;
        pthread_cond_broadcast(&p->done_cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

cli_pool *cli_pool_new(const char *cmd, const shai_model *m, double threshold, int threads,
                       int fmt, int explain, cli_sink_fn sink, void *ud)
{
    cli_pool *p = calloc(1, sizeof *p);
    int i, nf = threads > 1 ? threads : 1;
    if (!p) goto nomem;
    p->cmd = cmd; p->fmt = fmt; p->explain = explain; p->sink = sink; p->ud = ud;
    p->q = threads > 1 ? (size_t)threads * JOBS_PER_THREAD : 1;
    p->jobs = calloc(p->q, sizeof *p->jobs);
    p->filters = calloc((size_t)nf, sizeof *p->filters);
    p->nfilters = nf;
    p->th = calloc((size_t)nf, sizeof *p->th);
    if (!p->jobs || !p->filters || !p->th) goto nomem;
    for (i = 0; i < (int)p->q; i++) {
        shai_buf_init(&p->jobs[i].store, (size_t)-1 / 2);
        shai_buf_init(&p->jobs[i].out, (size_t)-1 / 2);
    }
    for (i = 0; i < nf; i++)
        if (!(p->filters[i] = shai_filter_new(m, threshold))) goto nomem;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work_cv, NULL);
    pthread_cond_init(&p->done_cv, NULL);
    p->sync_init = 1;
    if (threads > 1) {
        for (i = 0; i < threads; i++) {
            worker_arg *a = malloc(sizeof *a);
            if (!a) break;
            a->p = p;
            a->f = p->filters[i];
            if (pthread_create(&p->th[i], NULL, worker, a)) { free(a); break; }
            p->nthreads++;
        }
        if (p->nthreads == 0) {
            cli_error(cmd, "cannot start worker threads");
            cli_pool_free(p);
            return NULL;
        }
    }
    return p;
nomem:
    cli_error(cmd, "out of memory");
    cli_pool_free(p);
    return NULL;
}

/* Hands the head job's documents to the sink if it is done (waiting for
 * it when wait).  Returns 1 when one was handed over, 0 when none, -1 to
 * stop. */
static int pop_head(cli_pool *p, int wait)
{
    job *j;
    size_t i;
    int rc = 0;
    pthread_mutex_lock(&p->mu);
    while (wait && p->head < p->tail && !p->jobs[p->head % p->q].done)
        pthread_cond_wait(&p->done_cv, &p->mu);
    if (p->head == p->tail || !p->jobs[p->head % p->q].done) {
        pthread_mutex_unlock(&p->mu);
        return 0;
    }
    pthread_mutex_unlock(&p->mu);
    j = &p->jobs[p->head % p->q];
    for (i = 0; i < j->ndocs && !rc; i++) {
        const jdoc *d = &j->docs[i];
        rc = p->sink(p->ud, &d->doc, j->out.p ? j->out.p + d->out_at : "", d->out_len, &d->stats, d->rc);
    }
    pthread_mutex_lock(&p->mu);
    j->done = 0;
    p->queued -= j->store.len;
    p->head++;
    pthread_mutex_unlock(&p->mu);
    if (j->store.cap > KEEP_BUF) shai_buf_free(&j->store);
    if (j->out.cap > KEEP_BUF) shai_buf_free(&j->out);
    if (rc) p->failed = 1;
    return rc ? -1 : 1;
}

/* Appends a copy of doc to job j's batch; returns SHAI_OK or < 0. */
static int copy_doc(job *j, const shai_doc *d)
{
    size_t slen = strlen(d->source ? d->source : "");
    shai_buf *s = &j->store;
    jdoc *e;
    int rc;
    if (j->ndocs == j->cap) {
        size_t cap = j->cap ? 2 * j->cap : 16;
        jdoc *nd = realloc(j->docs, cap * sizeof *nd);
        if (!nd) return SHAI_ERR_NOMEM;
        j->docs = nd;
        j->cap = cap;
    }
    e = &j->docs[j->ndocs];
    e->doc = *d;
    e->o_id = s->len;
    if ((rc = shai_buf_append(s, d->id, d->id_len))) return rc;
    e->o_url = s->len;
    if ((rc = shai_buf_append(s, d->url, d->url_len))) return rc;
    e->o_title = s->len;
    if ((rc = shai_buf_append(s, d->title, d->title_len))) return rc;
    e->o_text = s->len;
    if ((rc = shai_buf_append(s, d->text, d->text_len))) return rc;
    e->o_raw = s->len;
    if ((rc = shai_buf_append(s, d->raw, d->raw_len))) return rc;
    e->o_src = s->len;
    if ((rc = shai_buf_append(s, d->source ? d->source : "", slen + 1))) return rc;
    j->ndocs++;
    return SHAI_OK;
}

/* Hands the filling job to the workers: its documents now point into
 * its store, which no longer moves. */
static void publish(cli_pool *p)
{
    job *j = &p->jobs[p->tail % p->q];
    size_t i;
    for (i = 0; i < j->ndocs; i++) {
        jdoc *e = &j->docs[i];
        const int has_raw = e->doc.raw != NULL;
        e->doc.id = j->store.p + e->o_id;
        e->doc.url = j->store.p + e->o_url;
        e->doc.title = j->store.p + e->o_title;
        e->doc.text = j->store.p + e->o_text;
        e->doc.raw = has_raw ? j->store.p + e->o_raw : NULL;
        e->doc.source = j->store.p + e->o_src;
    }
    pthread_mutex_lock(&p->mu);
    p->queued += j->store.len;
    p->tail++;
    pthread_cond_signal(&p->work_cv);
    pthread_mutex_unlock(&p->mu);
    p->open = 0;
}

int cli_pool_submit(cli_pool *p, const shai_doc *doc)
{
    size_t need = doc->id_len + doc->url_len + doc->title_len + doc->text_len + doc->raw_len;
    job *j;
    int rc, idle;
    if (p->failed) return -1;
    if (p->nthreads == 0) {                /* inline: the reader's doc stays valid */
        jdoc d;                            /* until the sink is done: no copy */
        j = &p->jobs[0];
        d.doc = *doc;
        j->out.len = 0;
        run_doc(p, p->filters[0], &j->out, &d);
        rc = p->sink(p->ud, &d.doc, j->out.p ? j->out.p : "", d.out_len, &d.stats, d.rc);
        if (j->out.cap > KEEP_BUF) shai_buf_free(&j->out);
        if (rc) p->failed = 1;
        return rc ? -1 : 0;
    }
    while ((rc = pop_head(p, 0)) > 0) ;    /* hand over what is finished */
    if (rc < 0) return -1;
    if (!p->open) {
        while (p->tail - p->head == p->q || (p->tail > p->head && p->queued + need > QUEUE_BYTES))
            if (pop_head(p, 1) < 0) return -1;
        j = &p->jobs[p->tail % p->q];
        j->store.len = 0;
        j->ndocs = 0;
        p->open = 1;
    }
    j = &p->jobs[p->tail % p->q];
    if (copy_doc(j, doc)) { cli_error(p->cmd, "out of memory"); return p->failed = 1, -1; }
    pthread_mutex_lock(&p->mu);
    idle = p->idle;
    pthread_mutex_unlock(&p->mu);
    if (idle || j->ndocs >= BATCH_DOCS || j->store.len >= BATCH_BYTES) publish(p);
    return 0;
}

int cli_pool_drain(cli_pool *p)
{
    if (p->open) publish(p);
    while (p->head < p->tail)
        if (pop_head(p, 1) < 0) return -1;
    return p->failed ? -1 : 0;
}

void cli_pool_free(cli_pool *p)
{
    int i;
    if (!p) return;
    if (p->nthreads > 0) {
        pthread_mutex_lock(&p->mu);
        p->stop = 1;
        pthread_cond_broadcast(&p->work_cv);
        pthread_mutex_unlock(&p->mu);
        for (i = 0; i < p->nthreads; i++) pthread_join(p->th[i], NULL);
    }
    if (p->sync_init) {
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->work_cv);
        pthread_cond_destroy(&p->done_cv);
    }
    for (i = 0; p->filters && i < p->nfilters; i++) shai_filter_free(p->filters[i]);
    for (i = 0; p->jobs && i < (int)p->q; i++) {
        shai_buf_free(&p->jobs[i].store);
        shai_buf_free(&p->jobs[i].out);
        free(p->jobs[i].docs);
    }
    free(p->jobs);
    free(p->filters);
    free(p->th);
    free(p);
}
