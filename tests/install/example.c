/*
 * example.c — the README's library example as a program, built by
 * tests/install/check.sh against an installed shai (pkg-config shai).
 *
 *   example MODEL FILE
 *
 * Cleans FILE (one document; each line a block) with MODEL and prints one
 * line per block: its 1-based line number, keep or drop, and its label.
 * Exits 1 with a message on stderr on any error.
 */
#include <shai.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    shai_status st;
    shai_model *m;
    shai_filter *f;
    const shai_block *b;
    size_t n, i, len = 0, cap = 1 << 16;
    char *text;
    FILE *in;
    int rc;

    if (argc != 3) { fprintf(stderr, "usage: example MODEL FILE\n"); return 1; }
    if (!(in = fopen(argv[2], "rb"))) { perror(argv[2]); return 1; }
    if (!(text = malloc(cap))) { fprintf(stderr, "example: out of memory\n"); fclose(in); return 1; }
    while ((n = fread(text + len, 1, cap - len, in)) > 0) {
        len += n;
        if (len == cap) {
            char *t = realloc(text, cap *= 2);
            if (!t) { fprintf(stderr, "example: out of memory\n"); free(text); fclose(in); return 1; }
            text = t;
        }
    }
    if (ferror(in)) { perror(argv[2]); free(text); fclose(in); return 1; }
    fclose(in);

    if (!(m = shai_model_load(argv[1], &st))) {
        fprintf(stderr, "example: %s\n", st.msg);
        free(text);
        return 1;
    }
    if (!(f = shai_filter_new(m, shai_model_threshold(m)))) {
        fprintf(stderr, "example: out of memory\n");
        shai_model_free(m);
        free(text);
        return 1;
    }
    rc = shai_filter_run(f, text, len, &b, &n);
    if (rc == SHAI_OK)
        for (i = 0; i < n; i++)
            printf("%zu %s %s\n", b[i].line, b[i].keep ? "keep" : "drop", shai_label_name(b[i].label));
    else
        fprintf(stderr, "example: %s\n", shai_strerror(rc));
    shai_filter_free(f);
    shai_model_free(m);
    free(text);
    if (fflush(stdout) != 0 || ferror(stdout)) { perror("example: standard output"); return 1; }
    return rc == SHAI_OK ? 0 : 1;
}
