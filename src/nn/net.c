/* hs_net bookkeeping: shape inference, parameter allocation, counts. No arithmetic here
 * (forward passes: layers.c). */
#include <stdlib.h>
#include <string.h>
#include "net.h"

/* Output length of a window sliding over n (+ padding on both sides); -1 if it does not fit. */
static int slide_out(int n, int k, int s, int p) {
    if (k <= 0 || s <= 0 || p < 0 || n + 2 * p < k) return -1;
    return (n + 2 * p - k) / s + 1;
}

int hs_net_shapes(hs_net *net) {
    if (!net || net->in_h <= 0 || net->in_w <= 0 || net->in_c <= 0 || net->n_layers < 0) return -1;
    if (net->n_layers > 0 && !net->layers) return -1;
    int h = net->in_h, w = net->in_w, c = net->in_c;
    for (int i = 0; i < net->n_layers; i++) {
        hs_layer *L = &net->layers[i];
        L->in_h = h; L->in_w = w; L->in_c = c;
        switch (L->kind) {
        case HS_LAYER_CONV2D:
            if (L->units <= 0) return -1;
            h = slide_out(h, L->kh, L->sh, L->ph);
            w = slide_out(w, L->kw, L->sw, L->pw);
            c = L->units;
            break;
        case HS_LAYER_MAXPOOL:
        case HS_LAYER_AVGPOOL:
            h = slide_out(h, L->kh, L->sh, 0);
            w = slide_out(w, L->kw, L->sw, 0);
            break;
        case HS_LAYER_GLOBAL_AVGPOOL:
            h = 1; w = 1;
            break;
        case HS_LAYER_DENSE:
            if (L->units <= 0) return -1;
            h = 1; w = 1; c = L->units;
            break;
        case HS_LAYER_BATCHNORM:
            if (!(L->eps > 0.0f)) return -1;
            break;
        case HS_LAYER_DROPOUT:
            if (!(L->rate >= 0.0f && L->rate < 1.0f)) return -1;
            break;
        case HS_LAYER_RELU:
        case HS_LAYER_SIGMOID:
            break;
        default:
            return -1;
        }
        if (h <= 0 || w <= 0 || c <= 0) return -1;
        /* keep every activation well inside int range (indices are computed in size_t anyway) */
        if ((double)h * w * c > 1e8) return -1;
        L->out_h = h; L->out_w = w; L->out_c = c;
    }
    return 0;
}

size_t hs_layer_weight_count(const hs_layer *L) {
    if (L->kind == HS_LAYER_CONV2D) return (size_t)L->units * L->kh * L->kw * L->in_c;
    if (L->kind == HS_LAYER_DENSE) return (size_t)L->units * L->in_h * L->in_w * L->in_c;
    return 0;
}

size_t hs_layer_bias_count(const hs_layer *L) {
    if (L->kind == HS_LAYER_CONV2D || L->kind == HS_LAYER_DENSE) return (size_t)L->units;
    if (L->kind == HS_LAYER_BATCHNORM) return (size_t)L->in_c;
    return 0;
}

int hs_net_alloc_params(hs_net *net) {
    if (hs_net_shapes(net) != 0) return -1;
    for (int i = 0; i < net->n_layers; i++) {
        hs_layer *L = &net->layers[i];
        size_t nw = hs_layer_weight_count(L), nb = hs_layer_bias_count(L);
        if (L->kind == HS_LAYER_CONV2D || L->kind == HS_LAYER_DENSE) {
            L->w = calloc(nw, sizeof(float));
            L->b = calloc(nb, sizeof(float));
            if (!L->w || !L->b) return -1;
        } else if (L->kind == HS_LAYER_BATCHNORM) {
            L->gamma = malloc(nb * sizeof(float));
            L->beta = calloc(nb, sizeof(float));
            L->mean = calloc(nb, sizeof(float));
            L->var = malloc(nb * sizeof(float));
            if (!L->gamma || !L->beta || !L->mean || !L->var) return -1;
            for (size_t c = 0; c < nb; c++) { L->gamma[c] = 1.0f; L->var[c] = 1.0f; }
        }
    }
    return 0;
}

void hs_net_free(hs_net *net) {
    if (!net) return;
    for (int i = 0; net->layers && i < net->n_layers; i++) {
        hs_layer *L = &net->layers[i];
        free(L->w); free(L->b); free(L->gamma); free(L->beta); free(L->mean); free(L->var);
    }
    free(net->layers);
    memset(net, 0, sizeof *net);
}

size_t hs_net_param_count(const hs_net *net) {
    size_t n = 0;
    for (int i = 0; i < net->n_layers; i++) {
        const hs_layer *L = &net->layers[i];
        n += hs_layer_weight_count(L) + hs_layer_bias_count(L) * (L->kind == HS_LAYER_BATCHNORM ? 2 : 1);
    }
    return n;
}

size_t hs_net_max_activation(const hs_net *net) {
    size_t m = (size_t)net->in_h * net->in_w * net->in_c;
    for (int i = 0; i < net->n_layers; i++) {
        const hs_layer *L = &net->layers[i];
        size_t o = (size_t)L->out_h * L->out_w * L->out_c;
        if (o > m) m = o;
    }
    return m;
}
