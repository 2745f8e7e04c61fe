/* The classifier head on YAMNet embeddings ("model.kind" = "yamnet-head"): standardise the 1024-d embedding
 * (per-dimension mean / scale from the training set), then a small hs_net -- logistic regression
 * (dense 1 + sigmoid) or an MLP (dense H, relu, dense 1, sigmoid). A record's p = mean of its patches' p.
 * The backbone is NOT in this file (it is Google's, ~4 MB, converted by the user; see docs/YAMNET.md).
 *
 * .hsm mapping: meta model.kind, model.name, head.hidden (0 = logistic regression), head.stride (patches
 * used at inference: 1 = every 0.48 s), head.whiten (optional, 0/1), model.threshold; tensors head.mean, head.scale (1024),
 * head.lNN.w (K, C), head.lNN.b (K) for each dense layer NN in order. */
#ifndef HS_MODEL_YAMNET_HEAD_H
#define HS_MODEL_YAMNET_HEAD_H
#include "heartsound.h"
#include "nn/net.h"

struct hs_hsm;
struct hs_hsm_writer;

typedef struct hs_yamnet_head {
    hs_net net;          /* input (1, 1, 1024) */
    float *mean, *scale; /* 1024 each: x' = (x - mean) * scale */
    int hidden;          /* 0: logistic regression */
    int stride;          /* inference patch stride (1 = 0.48 s hop) */
    int whiten;          /* log-mel whitening before the backbone (hs_yamnet_embedder_set_whiten) */
    float threshold;
    char name[64];
} hs_yamnet_head;

/* Layers + zeroed parameters + mean 0 / scale 1; dropout (training only) after the hidden relu if rate > 0. */
hs_status hs_yamnet_head_init(hs_yamnet_head *h, int hidden, float dropout);
void hs_yamnet_head_free(hs_yamnet_head *h); /* NULL-safe; zeroes */

hs_status hs_yamnet_head_write(const hs_yamnet_head *h, struct hs_hsm_writer *w);
/* Validates shapes and finiteness: HS_ERR_MODEL_FORMAT otherwise. out owns copies. */
hs_status hs_yamnet_head_read(const struct hs_hsm *hsm, hs_yamnet_head *out);

/* P(abnormal) of one embedding. scratch: hs_yamnet_head_scratch_floats(h) floats (standardised input +
 * layer work). */
size_t hs_yamnet_head_scratch_floats(const hs_yamnet_head *h);
float hs_yamnet_head_p(const hs_yamnet_head *h, const float *emb, float *scratch);
#endif
