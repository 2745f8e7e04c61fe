/* heartsound fuse: late fusion of two models' out-of-fold record predictions (e.g. CNN + YAMNet head). */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "fuse.h"

static void usage(FILE *f) {
    fprintf(f, "usage: heartsound fuse [--weight W] A.csv B.csv\n\n"
               "A and B are per-record out-of-fold predictions of two models on the same records (CSV with the\n"
               "columns subset,record,label,p,threshold; e.g. `train --report` and `train-yamnet --report`).\n"
               "Scores A, B and the fusion p = W pA + (1-W) pB (default W 0.5) with threshold W tA + (1-W) tB.\n"
               "stdout: one JSON line per subset, then a last line for all records:\n"
               "{\"subset\",\"n\",\"weight\",\"a\":{metrics},\"b\":{metrics},\"fused\":{metrics}}.\n");
}

static void line(const hs_fuse_rec *r, int n, float w, const char *subset) {
    hs_metrics m[3];
    hs_fuse_score(r, n, w, subset, m);
    static const char *key[3] = {"a", "b", "fused"};
    char buf[1024];
    printf("{\"subset\":");
    cli_json_string(stdout, subset ? subset : "all");
    printf(",\"n\":%d,\"weight\":%.3f", m[0].n, w);
    for (int i = 0; i < 3; i++) {
        hs_metrics_json(&m[i], buf, sizeof buf);
        printf(",\"%s\":%s", key[i], buf);
    }
    printf("}\n");
}

int cmd_fuse(int argc, char **argv) {
    if (cli_wants_help(argc, argv)) { usage(stdout); return 0; }
    float w = 0.5f;
    const char *files[2] = {NULL, NULL};
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--weight") && i + 1 < argc) {
            char *e;
            w = strtof(argv[++i], &e);
            if (*e || !(w >= 0 && w <= 1)) { fprintf(stderr, "heartsound: fuse: --weight takes 0..1\n"); return HS_EXIT_USAGE; }
        } else if (argv[i][0] == '-' || nfiles == 2) {
            usage(stderr);
            return HS_EXIT_USAGE;
        } else files[nfiles++] = argv[i];
    }
    if (nfiles != 2) { usage(stderr); return HS_EXIT_USAGE; }
    hs_fuse_rec *r = NULL;
    int n = 0;
    char err[512];
    if (hs_fuse_read(files[0], 0, &r, &n, err, sizeof err) || hs_fuse_read(files[1], 1, &r, &n, err, sizeof err)) {
        free(r);
        return cli_fail("fuse", "%s", err);
    }
    /* subsets in order of first appearance */
    for (int i = 0; i < n; i++) {
        int seen = 0;
        for (int j = 0; j < i && !seen; j++) seen = !strcmp(r[j].subset, r[i].subset);
        if (!seen) line(r, n, w, r[i].subset);
    }
    line(r, n, w, NULL);
    free(r);
    return 0;
}
