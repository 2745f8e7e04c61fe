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

#endif
