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

typedef struct job {
    shai_buf store;               /* id, url, title, text, raw and source bytes */
    shai_doc doc;                 /* pointing into store */
    shai_buf out;
    shai_doc_stats stats;
    int rc, done;
} job;

struct cli_pool {
    const char *cmd;
    int fmt;                      /* a shai_outfmt or CLI_POOL_COUNT_ONLY */
    int explain;
    cli_sink_fn sink;
    void *ud;
    job *jobs;
    size_t q, head, next, tail, queued;
    int stop, nthreads, nfilters, failed, sync_init;
    pthread_t *th;
    shai_filter **filters;        /* one per worker (one when inline) */
    pthread_mutex_t mu;
    pthread_cond_t work_cv, done_cv;
};

/* Scores and formats one job with filter f. */
static void run_job(cli_pool *p, shai_filter *f, job *j)
{
    const shai_block *b;
    size_t n;
    j->out.len = 0;
    j->rc = shai_filter_run_titled(f, j->doc.text, j->doc.text_len, j->doc.title,
                                   j->doc.title_len, &b, &n);
    if (j->rc) return;
    shai_doc_stats_get(&j->doc, b, n, &j->stats);
    if (p->fmt != CLI_POOL_COUNT_ONLY)
        j->rc = shai_write_doc(&j->out, (shai_outfmt)p->fmt, &j->doc, b, n, p->explain ? f : NULL);
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
        while (p->next == p->tail && !p->stop) pthread_cond_wait(&p->work_cv, &p->mu);
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

/* Hands the head job to the sink if it is done (waiting for it when
 * wait).  Returns 1 when one was handed over, 0 when none, -1 to stop. */
static int pop_head(cli_pool *p, int wait)
{
    job *j;
    int rc;
    pthread_mutex_lock(&p->mu);
    while (wait && p->head < p->tail && !p->jobs[p->head % p->q].done)
        pthread_cond_wait(&p->done_cv, &p->mu);
    if (p->head == p->tail || !p->jobs[p->head % p->q].done) {
        pthread_mutex_unlock(&p->mu);
        return 0;
    }
    pthread_mutex_unlock(&p->mu);
    j = &p->jobs[p->head % p->q];
    rc = p->sink(p->ud, &j->doc, j->out.p ? j->out.p : "", j->out.len, &j->stats, j->rc);
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

/* Copies doc into job j's store; returns SHAI_OK or < 0. */
static int copy_doc(job *j, const shai_doc *d)
{
    size_t o_id, o_url, o_title, o_text, o_raw, o_src, slen = strlen(d->source ? d->source : "");
    shai_buf *s = &j->store;
    int rc;
    s->len = 0;
    o_id = s->len;
    if ((rc = shai_buf_append(s, d->id, d->id_len))) return rc;
    o_url = s->len;
    if ((rc = shai_buf_append(s, d->url, d->url_len))) return rc;
    o_title = s->len;
    if ((rc = shai_buf_append(s, d->title, d->title_len))) return rc;
    o_text = s->len;
    if ((rc = shai_buf_append(s, d->text, d->text_len))) return rc;
    o_raw = s->len;
    if ((rc = shai_buf_append(s, d->raw, d->raw_len))) return rc;
    o_src = s->len;
    if ((rc = shai_buf_append(s, d->source ? d->source : "", slen + 1))) return rc;
    j->doc = *d;
    j->doc.id = s->p + o_id;
    j->doc.url = s->p + o_url;
    j->doc.title = s->p + o_title;
    j->doc.text = s->p + o_text;
    j->doc.raw = d->raw ? s->p + o_raw : NULL;
    j->doc.source = s->p + o_src;
    memset(&j->stats, 0, sizeof j->stats);
    j->rc = SHAI_OK;
    return SHAI_OK;
}

int cli_pool_submit(cli_pool *p, const shai_doc *doc)
{
    size_t need = doc->id_len + doc->url_len + doc->title_len + doc->text_len + doc->raw_len;
    job *j;
    int rc;
    if (p->failed) return -1;
    if (p->nthreads == 0) {                /* inline: the reader's doc stays valid */
        j = &p->jobs[0];
        j->doc = *doc;                     /* until the sink is done: no copy */
        memset(&j->stats, 0, sizeof j->stats);
        j->rc = SHAI_OK;
        run_job(p, p->filters[0], j);
        p->tail++;
        j->done = 1;
        return pop_head(p, 0) < 0 ? -1 : 0;
    }
    while ((rc = pop_head(p, 0)) > 0) ;    /* hand over what is finished */
    if (rc < 0) return -1;
    while (p->tail - p->head == p->q || (p->tail > p->head && p->queued + need > QUEUE_BYTES))
        if (pop_head(p, 1) < 0) return -1;
    j = &p->jobs[p->tail % p->q];
    if (copy_doc(j, doc)) { cli_error(p->cmd, "out of memory"); return p->failed = 1, -1; }
    pthread_mutex_lock(&p->mu);
    p->queued += j->store.len;
    p->tail++;
    pthread_cond_signal(&p->work_cv);
    pthread_mutex_unlock(&p->mu);
    return 0;
}

int cli_pool_drain(cli_pool *p)
{
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
    }
    free(p->jobs);
    free(p->filters);
    free(p->th);
    free(p);
}
