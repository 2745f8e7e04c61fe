/* `heartsound train` behind the command line: dataset scan -> feature cache -> k-fold CV or
 * leave-one-subset-out (report dir: JSON + SVG) and/or the final model on all data (.hsm). */
#ifndef HS_TRAIN_RUN_H
#define HS_TRAIN_RUN_H
#include "fit.h"

typedef struct hs_train_run_opts {
    const char *const *dirs;
    int ndirs;
    const char *out;          /* model file, or NULL */
    const char *report_dir;   /* NULL: reports/<mode>-<seed> */
    int folds;                /* k-fold CV (0 = none) */
    int loso;                 /* leave-one-subset-out */
    int max_records;          /* 0 = all; else a stratified subset of about this many */
    int channels[8], nblocks, stride0, stride0w;
    int no_int8_cv;           /* skip each fold's int8 twin (quick ablations) */
    float dropout;
    float bandpass_hi_hz;     /* 0: the front end's default (400 Hz) */
    const char *name;         /* model name stored in the .hsm (NULL: "cnn") */
    float threshold;          /* >= 0: stored instead of the validation-chosen one (e.g. an earlier CV run's
                               * median fold threshold); < 0: chosen by the run */
    hs_train_config cfg;
} hs_train_run_opts;

/* Returns a process exit status (0 ok, 1 usage, 2 bad input / failure). */
int hs_train_run(const hs_train_run_opts *o);
#endif
