/* heartsound train-yamnet: option parsing; the work is in train/yamnet_train.c. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "yamnet_train.h"

#define MAX_DIRS 16

static void usage(FILE *f) {
    fprintf(f,
        "usage: heartsound train-yamnet --data DIR [--data DIR...] [--backbone F] [--cache F] [--report DIR]\n"
        "                               [--out models/yamnet-head.hsm] [--head lr|mlp|best] [--folds K]\n"
        "                               [--stride N] [--max-patches N] [--epochs N] [--hidden N] [--seed S]\n"
        "                               [--cache-only] [--whiten]\n"
        "  --whiten       per-recording spectral whitening of the log-mel before YAMNet (stored in the head)\n"
        "  --backbone F   YAMNet .tflite (Google's) or converted .hsm (default $HEARTSOUND_YAMNET, else\n"
        "                 $HEARTSOUND_WEIGHTS/yamnet/yamnet-int8-fixed15600.tflite, else ../shared/weights/...)\n"
        "  --cache F      embedding cache (default build/cache/yamnet-emb.hsm; rebuilt if its key differs)\n"
        "  --stride N     keep every N-th 0.48 s patch for the cache (default 2: 0.96 s, no overlap)\n"
        "  --max-patches N  at most N patches per record, evenly spread (default 16; 0 = all)\n"
        "  Runs 10-fold stratified CV and leave-one-subset-out for a logistic-regression and an MLP head,\n"
        "  then trains the chosen head (--head best: higher pooled CV MAcc) on all records into --out.\n");
}

int cmd_train_yamnet(int argc, char **argv) {
    if (cli_wants_help(argc, argv)) { usage(stdout); return 0; }
    const char *dirs[MAX_DIRS];
    hs_yamnet_train_opts o = hs_yamnet_train_defaults();
    const char *backbone_path = NULL;
    o.dirs = dirs;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--cache-only")) { o.cache_only = 1; continue; }
        if (!strcmp(a, "--whiten")) { o.whiten = 1; continue; }
        if (!v) { fprintf(stderr, "heartsound: train-yamnet: %s needs a value\n", a); return HS_EXIT_USAGE; }
        if (!strcmp(a, "--data")) {
            if (o.ndirs == MAX_DIRS) { fprintf(stderr, "heartsound: train-yamnet: too many --data\n"); return HS_EXIT_USAGE; }
            dirs[o.ndirs++] = v;
        }
        else if (!strcmp(a, "--backbone")) backbone_path = v;
        else if (!strcmp(a, "--cache")) o.cache = v;
        else if (!strcmp(a, "--report")) o.report_dir = v;
        else if (!strcmp(a, "--out")) o.out = v;
        else if (!strcmp(a, "--head")) o.head = v;
        else if (!strcmp(a, "--folds")) o.folds = atoi(v);
        else if (!strcmp(a, "--stride")) o.stride = atoi(v);
        else if (!strcmp(a, "--max-patches")) o.max_patches = atoi(v);
        else if (!strcmp(a, "--epochs")) o.epochs = atoi(v);
        else if (!strcmp(a, "--hidden")) o.hidden = atoi(v);
        else if (!strcmp(a, "--seed")) o.seed = strtoull(v, NULL, 10);
        else { fprintf(stderr, "heartsound: train-yamnet: unknown option %s\n", a); return HS_EXIT_USAGE; }
        i++;
    }
    if (!o.ndirs || o.folds < 2 || o.stride < 1 || o.max_patches < 0 || o.epochs < 1 || o.hidden < 1 ||
        (strcmp(o.head, "lr") && strcmp(o.head, "mlp") && strcmp(o.head, "best"))) {
        usage(stderr);
        return HS_EXIT_USAGE;
    }
    uint8_t *backbone = NULL;
    int rc = cli_yamnet_backbone(backbone_path, &backbone, &o.backbone_len);
    o.backbone = backbone;
    if (!rc) rc = hs_yamnet_train_run(&o);
    free(backbone);
    return rc;
}
