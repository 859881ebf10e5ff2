/*
 * common.c — version, error strings, labels, status and log plumbing.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

const char *shai_version(void) { return SHAI_VERSION_STRING; }

const char *shai_strerror(int err)
{
    switch (err) {
    case SHAI_OK: return "success";
    case SHAI_ERR_NOMEM: return "out of memory";
    case SHAI_ERR_IO: return "input/output error";
    case SHAI_ERR_FORMAT: return "malformed input";
    case SHAI_ERR_MODEL: return "corrupt or unreadable model file";
    case SHAI_ERR_VERSION: return "model file is from a newer version of shai";
    case SHAI_ERR_SCHEMA: return "model feature schema differs from this build";
    case SHAI_ERR_LEXICON: return "lexicon missing, corrupt or changed";
    case SHAI_ERR_INVALID: return "invalid argument";
    case SHAI_ERR_TOOBIG: return "input exceeds a size limit";
    case SHAI_ERR_TRAIN: return "training failed";
    case SHAI_ERR_COMPRESS: return "corrupt or truncated compressed stream";
    default: return "unknown error";
    }
}

static const struct { char code; const char *name; } label_table[] = {
#define LABEL(id, code, name) {code, name},
#include "labels.def"
#undef LABEL
};

const char *shai_label_name(int label)
{
    return (label >= 0 && label < SHAI_NLABELS) ? label_table[label].name : NULL;
}

char shai_label_code(int label)
{
    return (label >= 0 && label < SHAI_NLABELS) ? label_table[label].code : 0;
}

int shai_label_parse(const char *s, size_t len)
{
    int i;
    if (!s) return -1;
    for (i = 0; i < SHAI_NLABELS; i++) {
        if (len == 1 && s[0] == label_table[i].code) return i;
        if (len == strlen(label_table[i].name) && memcmp(s, label_table[i].name, len) == 0)
            return i;
    }
    return -1;
}

int shai_fail(shai_status *st, int code, const char *fmt, ...)
{
    if (st) {
        va_list ap;
        va_start(ap, fmt);
        st->code = code;
        vsnprintf(st->msg, sizeof st->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

static shai_log_fn log_fn;
static void *log_ud;

void shai_set_log(shai_log_fn fn, void *ud)
{
    log_fn = fn;
    log_ud = ud;
}

void shai_log(int level, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    if (!log_fn) return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    log_fn(level, msg, log_ud);
}
