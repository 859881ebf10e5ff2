/*
 * pool.h — scoring documents on worker threads with the output order
 * kept.  The reading thread submits documents (copied into a bounded ring
 * of jobs, each a batch of up to 256 documents or 1 MiB); workers score
 * and format them; finished documents are handed to the sink in
 * submission order, on the submitting thread.  Memory stays bounded: at
 * most 4 jobs per thread, and no more than 256 MiB of queued input unless
 * a single document is larger.
 */
#ifndef SHAI_CLI_POOL_H
#define SHAI_CLI_POOL_H

#include "shai.h"

/* Receives one finished document: its formatted output out[0..n), its
 * counts, and rc (SHAI_OK, or the error that scoring or formatting it
 * met; out is then empty).  Returns 0 to go on, -1 to stop. */
typedef int (*cli_sink_fn)(void *ud, const shai_doc *doc, const char *out, size_t n,
                           const shai_doc_stats *stats, int rc);

typedef struct cli_pool cli_pool;

/* For fmt: score and count only, no formatted output (out is empty). */
#define CLI_POOL_COUNT_ONLY (-1)

/* threads: workers (1 = score on the calling thread, no threads);
 * fmt: a shai_outfmt or CLI_POOL_COUNT_ONLY; explain: add feature
 * contributions (blocks format).  The model must
 * outlive the pool.  Returns NULL after printing the reason. */
cli_pool *cli_pool_new(const char *cmd, const shai_model *m, double threshold, int threads,
                       int fmt, int explain, cli_sink_fn sink, void *ud);
/* Queues a copy of doc, handing finished jobs to the sink meanwhile.
 * Returns 0, or -1 when the sink asked to stop or memory ran out. */
int cli_pool_submit(cli_pool *p, const shai_doc *doc);
/* Waits for every queued document and hands it to the sink.  Returns 0
 * or -1 as cli_pool_submit. */
int cli_pool_drain(cli_pool *p);
/* Stops the workers (documents not drained are dropped) and frees p. */
void cli_pool_free(cli_pool *p);

#endif
