/* CNN architecture builder (see arch.h). */
#include <stdlib.h>
#include "arch.h"

int hs_arch_build(hs_net *net, int frames, int mels, const int *channels, int nblocks, int stride0, int stride0w,
                  float dropout) {
    hs_layer *L = calloc((size_t)nblocks * 4 + 4, sizeof *L);
    if (!L) return -1;
    int n = 0;
    for (int b = 0; b < nblocks; b++) {
        L[n++] = (hs_layer){.kind = HS_LAYER_CONV2D, .kh = 3, .kw = 3, .sh = b == 0 ? stride0 : 1, .sw = b == 0 ? stride0w : 1, .ph = 1, .pw = 1,
                            .units = channels[b]};
        L[n++] = (hs_layer){.kind = HS_LAYER_BATCHNORM, .eps = 1e-3f};
        L[n++] = (hs_layer){.kind = HS_LAYER_RELU};
        L[n++] = (hs_layer){.kind = HS_LAYER_MAXPOOL, .kh = 2, .kw = 2, .sh = 2, .sw = 2};
    }
    L[n++] = (hs_layer){.kind = HS_LAYER_GLOBAL_AVGPOOL};
    L[n++] = (hs_layer){.kind = HS_LAYER_DROPOUT, .rate = dropout};
    L[n++] = (hs_layer){.kind = HS_LAYER_DENSE, .units = 1};
    L[n++] = (hs_layer){.kind = HS_LAYER_SIGMOID};
    *net = (hs_net){frames, mels, 1, n, L};
    if (hs_net_alloc_params(net) != 0) { hs_net_free(net); return -1; }
    return 0;
}

double hs_net_macs(const hs_net *net) {
    double m = 0;
    for (int i = 0; i < net->n_layers; i++) {
        const hs_layer *L = &net->layers[i];
        if (L->kind == HS_LAYER_CONV2D)
            m += (double)L->out_h * L->out_w * L->units * L->kh * L->kw * L->in_c;
        else if (L->kind == HS_LAYER_DENSE)
            m += (double)L->units * L->in_h * L->in_w * L->in_c;
    }
    return m;
}
