/* One training step of an hs_net: training-mode forward of a batch (the final sigmoid is fused into
 * the loss), class-weighted BCE, backward through every layer, AdamW update. Also He init. */
#ifndef HS_TRAIN_NET_TRAIN_H
#define HS_TRAIN_NET_TRAIN_H
#include "nn/net.h"
#include "rng.h"

typedef struct hs_trainer_net {
    hs_net *net;          /* borrowed; parameters are updated in place */
    int max_batch;
    int n_fwd;            /* layers run in training: all but a final sigmoid */
    float **act;          /* act[i] = input of layer i, act[n_fwd] = logits; (max_batch, shape) */
    float **dact;         /* gradients of the same */
    float **aux;          /* per layer: batch-norm saved mean+invstd (2C) or dropout mask */
    float *scratch;       /* conv forward/backward scratch */
    /* trainable tensors, in layer order */
    int n_params;
    float **param, **grad, **adam_m, **adam_v;
    size_t *size;
    int *decay;           /* 1: weight decay applies (conv / dense weights) */
    long step;
    /* Optional (NULL = off): after the forward, embed_hook gets the output of layer embed_layer (its
     * activations, N rows) and ADDS an extra gradient into its gradient buffer before the backward
     * passes through that layer (the domain adversary, train/adversary.h). */
    void (*embed_hook)(void *ctx, const float *emb, float *demb, int N);
    void *embed_ctx;
    int embed_layer;
} hs_trainer_net;

/* net: shapes filled, parameters allocated. 0 or -1 (out of memory / bad net). */
int hs_trainer_net_init(hs_trainer_net *t, hs_net *net, int max_batch);
void hs_trainer_net_free(hs_trainer_net *t);

/* He-normal conv / dense weights (std sqrt(2 / fan_in)), zero biases, BN gamma 1 beta 0. */
void hs_net_init_he(hs_net *net, hs_rng *rng);

/* Forward + backward of a batch x (N, in_h, in_w, in_c), targets y (N, 0/1), sample weights w
 * (NULL = 1). Gradients are zeroed first. Returns the mean weighted loss. */
float hs_trainer_net_step(hs_trainer_net *t, const float *x, const float *y, const float *w, int N,
                          float bn_momentum, hs_rng *rng);

/* AdamW (decoupled weight decay, Loshchilov & Hutter): p -= lr (m^ / (sqrt(v^) + eps) + wd p). */
void hs_trainer_net_adamw(hs_trainer_net *t, float lr, float wd);

/* Inference-mode forward of a batch like hs_net_forward (src/nn/layers.h), but every conv is one
 * im2col + GEMM over the batch (the trainer's scoring of validation / test records; equal to
 * hs_net_forward up to float rounding). work: hs_net_forward_gemm_work_floats(net, N) floats. */
size_t hs_net_forward_gemm_work_floats(const hs_net *net, int N);
void hs_net_forward_gemm(const hs_net *net, const float *in, int N, float *out, float *work);

/* Copy all parameters + batch-norm running stats of src into dst (same architecture). */
void hs_net_copy_params(hs_net *dst, const hs_net *src);
/* dst = decay * dst + (1 - decay) * src over the same arrays (an exponential moving average of the weights) */
void hs_net_ema_params(hs_net *dst, const hs_net *src, float decay);
#endif
