/*
 * progress.c — a one-line progress display on standard error for long
 * runs: documents, megabytes, MB/s and elapsed time.  It is shown only
 * when standard error is a terminal, redrawn at most four times a
 * second, and erased at the end.
 */
#include "cli.h"

#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_start(cli_progress *p, int quiet)
{
    p->on = !quiet && isatty(STDERR_FILENO);
    p->shown = 0;
    p->start = p->last = p->on ? now() : 0;
}

int cli_progress_due(cli_progress *p)
{
    double t;
    if (!p->on) return 0;
    t = now();
    if (t - p->last < 0.25) return 0;
    p->last = t;
    return 1;
}

void cli_progress_show(cli_progress *p, unsigned long long docs, unsigned long long bytes)
{
    double el = p->last - p->start, mb = (double)bytes / 1e6;
    unsigned long s = (unsigned long)el;
    if (!p->on) return;
    fprintf(stderr, "\r%llu documents  %.1f MB  %.1f MB/s  %lu:%02lu:%02lu elapsed\033[K", docs, mb,
            el > 0 ? mb / el : 0.0, s / 3600, s / 60 % 60, s % 60);
    fflush(stderr);
    p->shown = 1;
}

void cli_progress_end(cli_progress *p)
{
    if (p->on && p->shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    p->shown = 0;
}
