/* A small sequential network over NHWC float tensors: the CNN's description, shared by the trainer
 * (train/), the model file (src/model/) and the inference runtimes (plain C here, XNNPACK int8).
 *
 * Letters used in shape comments:
 *   N batch, H height = time frames, W width = mel bands, C channels, K output channels / units.
 * Layouts: activations (N,H,W,C); conv weights (K,KH,KW,C) (XNNPACK's OHWI); dense weights (K,C).
 */
#ifndef HS_NN_NET_H
#define HS_NN_NET_H

#include <stddef.h>

typedef enum hs_layer_kind {
    HS_LAYER_CONV2D = 1,        /* w (K,KH,KW,C), b (K); stride sh,sw; zero padding ph,pw on both sides */
    HS_LAYER_BATCHNORM = 2,     /* per channel: gamma, beta, running mean, var; eps */
    HS_LAYER_RELU = 3,
    HS_LAYER_MAXPOOL = 4,       /* kh,kw window, sh,sw stride, no padding (floor) */
    HS_LAYER_AVGPOOL = 5,       /* same geometry as MAXPOOL */
    HS_LAYER_GLOBAL_AVGPOOL = 6,/* (N,H,W,C) -> (N,1,1,C) */
    HS_LAYER_DENSE = 7,         /* w (K,C_in_flat), b (K); input flattened H*W*C */
    HS_LAYER_DROPOUT = 8,       /* identity at inference; rate p during training (inverted dropout) */
    HS_LAYER_SIGMOID = 9        /* final layer of the binary classifier: output P(abnormal) */
} hs_layer_kind;

typedef struct hs_layer {
    hs_layer_kind kind;
    int kh, kw, sh, sw, ph, pw; /* conv / pool geometry */
    int units;                  /* K: conv output channels, dense units */
    float rate;                 /* dropout rate */
    float eps;                  /* batch-norm epsilon */
    /* shapes (filled by hs_net_shapes) */
    int in_h, in_w, in_c, out_h, out_w, out_c;
    /* parameters, owned by the net (NULL when the layer has none) */
    float *w, *b;                     /* conv / dense */
    float *gamma, *beta, *mean, *var; /* batch norm */
} hs_layer;

typedef struct hs_net {
    int in_h, in_w, in_c; /* input window: frames x mels x 1 */
    int n_layers;
    hs_layer *layers;
} hs_net;

/* src/nn/net.c. Fill every layer's in_/out_ shapes from net->in_* and the geometry.
 * Returns 0, or -1 if a layer is malformed (kernel larger than its padded input, units <= 0, ...). */
int hs_net_shapes(hs_net *net);
/* Shapes + allocate zeroed parameters for every layer (batch norm: gamma = 1, var = 1). 0 or -1. */
int hs_net_alloc_params(hs_net *net);
/* Frees the parameters and the layer array; zeroes *net. NULL-safe. */
void hs_net_free(hs_net *net);
/* Number of floats in a layer's w / b (conv, dense) and of each batch-norm vector (C). */
size_t hs_layer_weight_count(const hs_layer *L);
size_t hs_layer_bias_count(const hs_layer *L);
size_t hs_net_param_count(const hs_net *net); /* trainable: w, b, gamma, beta */
/* Largest activation (input or output of any layer) of one sample, in floats. */
size_t hs_net_max_activation(const hs_net *net);

#endif
