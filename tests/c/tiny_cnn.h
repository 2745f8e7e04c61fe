/* A small random CNN with every layer kind of src/nn/net.h, for the model-file and classifier tests
 * (header-only: each test is one .c file). Random but seeded, so failures reproduce. */
#ifndef HS_TEST_TINY_CNN_H
#define HS_TEST_TINY_CNN_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "model/cnn/cnn_io.h"

static uint32_t tiny_rng = 12345u;
static float tiny_uniform(void) { /* xorshift32 -> [-1, 1) */
    tiny_rng ^= tiny_rng << 13;
    tiny_rng ^= tiny_rng >> 17;
    tiny_rng ^= tiny_rng << 5;
    return (float)(tiny_rng >> 8) / (float)(1u << 23) - 1.0f;
}

static void tiny_fill(float *x, size_t n, float scale, float offset) {
    for (size_t i = 0; i < n; i++) x[i] = offset + scale * tiny_uniform();
}

/* conv3x3(4)+bn+relu+maxpool2 -> conv3x3(8)+relu -> avgpool2 -> global avgpool -> dropout -> dense(1) -> sigmoid
 * over (window, mels, 1). Returns 0 on success. */
static int tiny_cnn_make(hs_cnn_model *m, int window, int hop, uint32_t seed) {
    memset(m, 0, sizeof *m);
    tiny_rng = seed ? seed : 1;
    hs_layer L[10];
    memset(L, 0, sizeof L);
    L[0] = (hs_layer){.kind = HS_LAYER_CONV2D, .kh = 3, .kw = 3, .sh = 1, .sw = 1, .ph = 1, .pw = 1, .units = 4};
    L[1] = (hs_layer){.kind = HS_LAYER_BATCHNORM, .eps = 1e-5f};
    L[2] = (hs_layer){.kind = HS_LAYER_RELU};
    L[3] = (hs_layer){.kind = HS_LAYER_MAXPOOL, .kh = 2, .kw = 2, .sh = 2, .sw = 2};
    L[4] = (hs_layer){.kind = HS_LAYER_CONV2D, .kh = 3, .kw = 3, .sh = 1, .sw = 1, .ph = 1, .pw = 1, .units = 8};
    L[5] = (hs_layer){.kind = HS_LAYER_RELU};
    L[6] = (hs_layer){.kind = HS_LAYER_AVGPOOL, .kh = 2, .kw = 2, .sh = 2, .sw = 2};
    L[7] = (hs_layer){.kind = HS_LAYER_GLOBAL_AVGPOOL};
    L[8] = (hs_layer){.kind = HS_LAYER_DROPOUT, .rate = 0.25f};
    L[9] = (hs_layer){.kind = HS_LAYER_DENSE, .units = 1};
    hs_layer last = {.kind = HS_LAYER_SIGMOID};
    m->net.in_h = window;
    m->net.in_w = 32;
    m->net.in_c = 1;
    m->net.n_layers = 11;
    m->net.layers = calloc(11, sizeof(hs_layer));
    if (!m->net.layers) return -1;
    memcpy(m->net.layers, L, sizeof L);
    m->net.layers[10] = last;
    if (hs_net_alloc_params(&m->net) != 0) return -1;
    for (int i = 0; i < m->net.n_layers; i++) {
        hs_layer *y = &m->net.layers[i];
        size_t nw = hs_layer_weight_count(y), nb = hs_layer_bias_count(y);
        if (y->w) tiny_fill(y->w, nw, 0.4f, 0.0f);
        if (y->b) tiny_fill(y->b, nb, 0.1f, 0.0f);
        if (y->gamma) {
            tiny_fill(y->gamma, nb, 0.2f, 1.0f);
            tiny_fill(y->beta, nb, 0.1f, 0.0f);
            tiny_fill(y->mean, nb, 0.3f, 0.0f);
            tiny_fill(y->var, nb, 0.4f, 1.0f); /* in (0.6, 1.4): positive */
        }
    }
    m->preproc = hs_preproc_default();
    m->melspec = hs_melspec_default_pcg();
    m->window_frames = window;
    m->hop_frames = hop;
    m->norm_mode = HS_NORM_RECORDING;
    m->threshold = 0.5f;
    strcpy(m->name, "tiny-test");
    return 0;
}

#endif
