/*
 * shipped.c — the shipped training pages (--with-shipped).
 * They sit in training/ beside models/ in a source tree, or in
 * $(DATADIR)/training when installed.
 */
#include "cli.h"

#include <limits.h>
#include <string.h>
#include <unistd.h>

static const char *const shipped[] = {"train.lbl", "seeds.lbl", "added.lbl", "synth.lbl"};

int shai_cli_add_shipped(shai_corpus *c, const char *cmd);

int shai_cli_add_shipped(shai_corpus *c, const char *cmd)
{
    const char *dir = cli_default_lexicon_dir();
    const char *sub[] = {"/../training", "/training"};
    size_t i, k;
    for (k = 0; k < sizeof sub / sizeof *sub; k++) {
        char path[PATH_MAX + 64];
        snprintf(path, sizeof path, "%s%s/%s", dir, sub[k], shipped[0]);
        if (access(path, R_OK)) continue;
        for (i = 0; i < sizeof shipped / sizeof *shipped; i++) {
            shai_status st;
            snprintf(path, sizeof path, "%s%s/%s", dir, sub[k], shipped[i]);
            if (access(path, R_OK)) continue;
            if (shai_corpus_add_file(c, path, &st)) {
                cli_error(cmd, "%s", st.msg);
                return -1;
            }
        }
        return 0;
    }
    cli_error(cmd, "shipped training pages not found near %s", dir);
    return -1;
}
