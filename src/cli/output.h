/*
 * output.h — an output file for the subcommands: standard output or a
 * file, gzip- or zstd-compressed when its name ends in .gz or .zst.
 * Every write is checked; the first failure prints
 * "shai CMD: write error on NAME: reason" and later calls just fail.
 */
#ifndef SHAI_CLI_OUTPUT_H
#define SHAI_CLI_OUTPUT_H

#include <stddef.h>

typedef struct cli_out cli_out;

/* Opens path (NULL or "-": standard output).  Returns NULL after
 * printing the reason. */
cli_out *cli_out_open(const char *cmd, const char *path);
/* Writes n bytes.  Returns 0, or -1 after an error (printed once). */
int cli_out_write(cli_out *o, const void *p, size_t n);
/* Ends the compressed stream, flushes, closes (not standard output) and
 * frees o.  Returns 0, or -1 when anything failed (printed). */
int cli_out_close(cli_out *o);
/* The name used in messages ("standard output" or the path). */
const char *cli_out_name(const cli_out *o);

#endif
