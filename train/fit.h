/* Training of one model on a set of records (one CV fold, or the final model): balanced sampling
 * over subset x class, random crops + augmentation, AdamW, early stopping and learning-rate reduction
 * on an INNER validation split, threshold chosen on that validation split only (max MAcc). */
#ifndef HS_TRAIN_FIT_H
#define HS_TRAIN_FIT_H
#include <stdint.h>
#include "augment.h"
#include "dataset.h"
#include "feature_cache.h"
#include "nn/net.h"

#define HS_FIT_MAX_EPOCHS 200

typedef struct hs_train_config {
    int window, hop;          /* frames: training crop / inference window, inference hop */
    int val_hop;              /* hop when scoring validation during training (coarser = faster) */
    int epochs, batch, patience, lr_patience;
    float lr, lr_factor, wd, bn_momentum;
    float ema;                /* > 0: validate and keep an exponential moving average of the weights (decay) */
    float mixup;              /* > 0: mixup inside each batch, lam ~ Beta(mixup, mixup) (train/augment.h) */
    int lr_cosine;            /* 1: cosine decay from lr to lr/100 over all steps (no plateau reduction) */
    float subset_power;       /* P(subset) ~ n_subset^power (0 = uniform over subsets, 1 = by size) */
    int epoch_windows;        /* training windows per epoch; 0 = one per training record */
    uint64_t seed;
    hs_augment aug;
    float adv_lambda;         /* > 0: domain-adversarial subset head (train/adversary.h), max GRL weight */
    int adv_hidden;           /* its hidden units */
    int adv_cond;             /* 1: class-conditional adversary (one subset softmax per class) */
    const char *tag;          /* progress label, e.g. "fold 3/10" */
} hs_train_config;

hs_train_config hs_train_config_default(void);

/* --lr-cosine's learning rate at step t of T: lr at t = 0, falling along a half cosine to lr / 100 at t = T */
float hs_lr_cosine(float lr, long t, long T);

typedef struct hs_fit_result {
    int epochs_run, best_epoch;
    float train_loss[HS_FIT_MAX_EPOCHS], val_auc[HS_FIT_MAX_EPOCHS], val_macc[HS_FIT_MAX_EPOCHS];
    float threshold;          /* chosen on validation */
    float threshold_logit;    /* the same, for mean-logit aggregation (hs_score_records' p_logit) */
    float adv_loss[HS_FIT_MAX_EPOCHS]; /* the adversary's mean subset cross-entropy per epoch (0: off) */
    double seconds;
} hs_fit_result;

/* Trains net (architecture built, parameters will be re-initialised from cfg->seed) on records
 * train[0..ntrain) and validates on val[0..nval) (nval may be 0: then fixed epochs, threshold 0.5).
 * On return net holds the best-validation parameters. */
int hs_fit(hs_net *net, const hs_feature_cache *fc, const hs_dataset *d, const int *train, int ntrain,
           const int *val, int nval, const hs_train_config *cfg, hs_fit_result *res);

/* Record-level P(abnormal): mean over the inference windows (hs_window_starts with window, hop) of
 * the net's output, inference mode (hs_net_forward_gemm: batched, equal to the inference forward up
 * to float rounding). Parallel over records; deterministic. p_logit (NULL = skip): the same windows
 * aggregated as sigmoid(mean window logit) instead -- measured by the trainer only; the runtime
 * (src/model/windowing.c) averages probabilities. */
void hs_score_records(const hs_net *net, const hs_feature_cache *fc, const int *idx, int n, int window, int hop,
                      float *p, float *p_logit);
#endif
