/* Domain-adversarial head against the recording-device shortcut (Ganin & Lempitsky 2015, DANN):
 * a small MLP on the CNN's global-average-pooled embedding predicts which training subset (hospital /
 * stethoscope) a window comes from (softmax cross-entropy). Its own parameters learn to predict the
 * subset; the CNN below receives the NEGATED, lambda-scaled gradient (a gradient-reversal layer), so it
 * learns an embedding from which the subset cannot be read. Training only: never saved in the .hsm.
 *
 * Class-conditional variant (cond = 1, as in conditional DANN): one softmax per class, chosen by the
 * window's label, so only the subset information that is NOT explained by normal / abnormal is removed
 * (subset e's normals differ from its abnormals; the plain adversary would also erase that). */
#ifndef HS_TRAIN_ADVERSARY_H
#define HS_TRAIN_ADVERSARY_H
#include "net_train.h"

typedef struct hs_adversary {
    hs_net net;            /* dense(emb -> hidden) -> ReLU -> dense(hidden -> n_subsets * (cond ? 2 : 1)) */
    hs_trainer_net t;      /* its activations, gradients and AdamW state */
    int n_subsets, cond, emb;
    float lambda;          /* current gradient-reversal weight (the caller ramps it) */
    const int *subset;     /* per sample of the current batch: subset index in [0, n_subsets) */
    const float *label;    /* per sample: 0 / 1 (used when cond) */
    float last_loss;       /* mean cross-entropy of the last batch */
    float *prob;           /* softmax of the last batch (max_batch * n_subsets) */
} hs_adversary;

/* 0 or -1. Parameters He-initialised from rng. */
int hs_adversary_init(hs_adversary *a, int emb, int hidden, int n_subsets, int cond, int max_batch, hs_rng *rng);
void hs_adversary_free(hs_adversary *a);

/* Forward + backward of a batch of embeddings emb (N, a->emb) against a->subset / a->label: the head's
 * parameter gradients are (re)computed, demb += -lambda * d(CE)/d(emb). Returns the mean CE. */
float hs_adversary_step(hs_adversary *a, const float *emb, float *demb, int N);

/* Plugs into hs_trainer_net (net_train.h, embed_hook): ctx is an hs_adversary. */
void hs_adversary_hook(void *ctx, const float *emb, float *demb, int N);

/* Ganin & Lempitsky's schedule: lambda_max * (2 / (1 + exp(-10 progress)) - 1), progress in [0, 1]. */
float hs_adversary_ramp(float lambda_max, float progress);
#endif
