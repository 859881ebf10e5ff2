/*
 * main.c — the shai command: one table of subcommands.
 */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    cmd_fn fn;
    const char *help;
} commands[] = {
    {"filter", cmd_filter, "clean documents: keep content blocks, drop junk"},
    {"report", cmd_report, "contamination report of a crawl"},
    {"train", cmd_train, "train a model from labeled pages (.lbl)"},
    {"eval", cmd_eval, "evaluate a model on labeled pages, or cross-validate"},
};

static void usage(FILE *f)
{
    size_t i;
    fprintf(f, "usage: shai <command> [options] [FILE...]\n\ncommands:\n");
    for (i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
    fprintf(f, "\n'shai <command> --help' describes a command.  shai %s\n", shai_version());
}

int main(int argc, char **argv)
{
    size_t i;
    if (argc < 2) { usage(stderr); return EXIT_USAGE; }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) { printf("shai %s\n", shai_version()); return EXIT_OK; }
    /* a closed pipe is a write error (exit 4), not a silent death */
    signal(SIGPIPE, SIG_IGN);
    for (i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(argv[1], commands[i].name)) {
            int rc = commands[i].fn(argc - 1, argv + 1);
            /* what a command printed and did not check (figures, tables) */
            errno = 0;
            if ((fflush(stdout) || ferror(stdout)) && rc == EXIT_OK) {
                cli_error(commands[i].name, "write error on standard output: %s",
                          errno ? strerror(errno) : "unknown error");
                rc = EXIT_OUTPUT;
            }
            return rc;
        }
    fprintf(stderr, "shai: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
