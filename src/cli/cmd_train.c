/* heartsound train: option parsing; the work is in train/train_run.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "cli.h"
#include "train_run.h"

#define MAX_DIRS 16

static void usage(FILE *f) {
    fprintf(f,
        "usage: heartsound train --data DIR [--data DIR...] [--out models/cnn.hsm]\n"
        "                        [--folds K | --loso] [--epochs N] [--seed S] [--report DIR]\n"
        "                        [--max-records N] [--threads N] [--lr X] [--batch N] [--patience N]\n"
        "                        [--channels 8,32,32,32] [--dropout X] [--subset-power X] [--no-augment]\n"
        "                        [--epoch-windows N] [--stride 2] [--stride-w 2] [--no-int8-cv]\n"
        "                        [--lr-cosine] [--ema DECAY] [--window SECONDS]\n"
        "                        [--stretch X] [--mixup ALPHA]\n"
        "                        [--bandpass-hi HZ] [--adversary LAMBDA | --adversary-cond LAMBDA]\n"
        "                        [--name NAME] [--threshold P]\n"
        "  --folds K   stratified (subset x class) record-disjoint K-fold cross-validation\n"
        "  --loso      leave-one-subset-out: train on the other subsets, test on each one\n"
        "  --out F     train the final model on all records and write it (also after CV)\n"
        "  --lr-cosine cosine learning-rate decay to lr/100 instead of reduction on plateau\n"
        "  --window S  window length in seconds (default 6; training crop and inference window)\n"
        "  --stretch X random tempo change of the training crops by a factor in [1-X, 1+X] (e.g. 0.15)\n"
        "  --mixup A   mixup of training windows inside each batch, weights ~ Beta(A, A) (e.g. 0.3)\n"
        "  --ema D     validate and keep an exponential moving average of the weights (e.g. 0.998; default 0 = off)\n"
        "  --adversary L  domain-adversarial head predicting the subset through gradient reversal\n"
        "              (weight ramped to L; 0 = off); --adversary-cond L: one subset softmax per class\n"
        "  reports (JSON with per-epoch loss, per-fold/pooled/per-subset metrics, SVG plots) go to\n"
        "  --report DIR (default reports/<mode>-seed<S>); progress and times on stderr.\n");
}

static int parse_channels(const char *s, int *ch, int max) {
    int n = 0;
    while (*s && n < max) {
        char *end;
        long v = strtol(s, &end, 10);
        if (end == s || v < 1 || v > 256) return -1;
        ch[n++] = (int)v;
        s = end;
        if (*s == ',') s++;
        else if (*s) return -1;
    }
    return *s ? -1 : n;
}

int cmd_train(int argc, char **argv) {
    if (cli_wants_help(argc, argv)) { usage(stdout); return 0; }
    const char *dirs[MAX_DIRS];
    hs_train_run_opts o;
    memset(&o, 0, sizeof o);
    o.cfg = hs_train_config_default();
    o.dirs = dirs;
    /* the shipped cnn-v5 (and v3, v4): 8/32/32/32, first conv strided 2 x 2: 3.25 M MACs per 6 s window (2.19 M per
     * 4 s); 16/32/32/32 (cnn-v2, 3.22 M per 4 s) was not >= 0.02 better (docs/RESULTS.md run 3) */
    const int def_ch[] = {8, 32, 32, 32};
    memcpy(o.channels, def_ch, sizeof def_ch);
    o.nblocks = 4;
    o.stride0 = 2;
    o.stride0w = 2;
    o.dropout = 0.3f;
    o.threshold = -1.0f; /* chosen by the run */
    int threads = 2;
    double window_s = 0; /* 0: the config's default */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;
        if (!strcmp(a, "--loso")) { o.loso = 1; takes = 0; }
        else if (!strcmp(a, "--no-augment")) { o.cfg.aug = hs_augment_none(); takes = 0; }
        else if (!strcmp(a, "--no-int8-cv")) { o.no_int8_cv = 1; takes = 0; }
        else if (!strcmp(a, "--lr-cosine")) { o.cfg.lr_cosine = 1; takes = 0; }
        else if (!v) { fprintf(stderr, "heartsound: train: %s needs a value\n", a); return HS_EXIT_USAGE; }
        else if (!strcmp(a, "--data")) {
            if (o.ndirs == MAX_DIRS) { fprintf(stderr, "heartsound: train: too many --data\n"); return HS_EXIT_USAGE; }
            dirs[o.ndirs++] = v;
        }
        else if (!strcmp(a, "--out")) o.out = v;
        else if (!strcmp(a, "--report")) o.report_dir = v;
        else if (!strcmp(a, "--folds")) o.folds = atoi(v);
        else if (!strcmp(a, "--epochs")) o.cfg.epochs = atoi(v);
        else if (!strcmp(a, "--seed")) o.cfg.seed = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--max-records")) o.max_records = atoi(v);
        else if (!strcmp(a, "--threads")) threads = atoi(v);
        else if (!strcmp(a, "--lr")) o.cfg.lr = (float)atof(v);
        else if (!strcmp(a, "--batch")) o.cfg.batch = atoi(v);
        else if (!strcmp(a, "--patience")) o.cfg.patience = atoi(v);
        else if (!strcmp(a, "--dropout")) o.dropout = (float)atof(v);
        else if (!strcmp(a, "--subset-power")) o.cfg.subset_power = (float)atof(v);
        else if (!strcmp(a, "--epoch-windows")) o.cfg.epoch_windows = atoi(v);
        else if (!strcmp(a, "--stride")) o.stride0 = atoi(v);
        else if (!strcmp(a, "--stride-w")) o.stride0w = atoi(v);
        else if (!strcmp(a, "--bandpass-hi")) o.bandpass_hi_hz = (float)atof(v);
        else if (!strcmp(a, "--name")) o.name = v;
        else if (!strcmp(a, "--threshold")) o.threshold = (float)atof(v);
        else if (!strcmp(a, "--ema")) o.cfg.ema = (float)atof(v);
        else if (!strcmp(a, "--window")) window_s = atof(v);
        else if (!strcmp(a, "--stretch")) o.cfg.aug.stretch_max = (float)atof(v);
        else if (!strcmp(a, "--mixup")) o.cfg.mixup = (float)atof(v);
        else if (!strcmp(a, "--adversary")) o.cfg.adv_lambda = (float)atof(v);
        else if (!strcmp(a, "--adversary-cond")) { o.cfg.adv_lambda = (float)atof(v); o.cfg.adv_cond = 1; }
        else if (!strcmp(a, "--channels")) {
            o.nblocks = parse_channels(v, o.channels, 8);
            if (o.nblocks < 1) { fprintf(stderr, "heartsound: train: bad --channels '%s'\n", v); return HS_EXIT_USAGE; }
        }
        else { fprintf(stderr, "heartsound: train: unknown option '%s'\n", a); usage(stderr); return HS_EXIT_USAGE; }
        i += takes;
    }
    if (o.ndirs == 0) { fprintf(stderr, "heartsound: train: --data DIR is required\n"); usage(stderr); return HS_EXIT_USAGE; }
    if (o.folds == 1 || o.folds < 0 || (o.folds && o.loso)) {
        fprintf(stderr, "heartsound: train: use --folds K (K >= 2) or --loso, not both\n");
        return HS_EXIT_USAGE;
    }
    if (!o.folds && !o.loso && !o.out) { fprintf(stderr, "heartsound: train: nothing to do (give --out, --folds or --loso)\n"); return HS_EXIT_USAGE; }
    if (window_s != 0) {
        if (!(window_s >= 1 && window_s <= 30)) { fprintf(stderr, "heartsound: train: --window must be 1..30 s\n"); return HS_EXIT_USAGE; }
        const hs_melspec_params mp = hs_melspec_default_pcg();
        o.cfg.window = o.cfg.val_hop = (int)lround(window_s * mp.sample_rate / mp.hop_length);
    }
    if (o.cfg.epochs < 1 || o.cfg.batch < 1 || o.cfg.batch > 1024 || threads < 1 || !(o.cfg.lr > 0) ||
        !(o.dropout >= 0 && o.dropout < 1) || o.cfg.patience < 1 ||
        o.stride0 < 1 || o.stride0 > 4 || o.stride0w < 1 || o.stride0w > 4 || o.bandpass_hi_hz < 0 || o.bandpass_hi_hz > 990 || o.cfg.epoch_windows < 0 ||
        !(o.cfg.adv_lambda >= 0 && o.cfg.adv_lambda <= 10) || !(o.cfg.ema >= 0 && o.cfg.ema < 1) ||
        !(o.cfg.aug.stretch_max >= 0 && o.cfg.aug.stretch_max <= 0.5f) || !(o.cfg.mixup >= 0 && o.cfg.mixup <= 10) || o.threshold > 1 || (o.name && strlen(o.name) > 60)) {
        fprintf(stderr, "heartsound: train: an option value is out of range\n");
        return HS_EXIT_USAGE;
    }
#ifdef _OPENMP
    omp_set_num_threads(threads);
#endif
    return hs_train_run(&o);
}
