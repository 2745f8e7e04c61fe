#include "model/yamnet/yamnet_arch.h"
#include "model/hsm.h"

const hs_yamnet_layer_def hs_yamnet_arch[HS_YAMNET_LAYERS] = {
    {'c', 2, 32},
    {'d', 1, 32},  {'p', 1, 64},   {'d', 2, 64},   {'p', 1, 128},  {'d', 1, 128},  {'p', 1, 128},
    {'d', 2, 128}, {'p', 1, 256},  {'d', 1, 256},  {'p', 1, 256},  {'d', 2, 256},  {'p', 1, 512},
    {'d', 1, 512}, {'p', 1, 512},  {'d', 1, 512},  {'p', 1, 512},  {'d', 1, 512},  {'p', 1, 512},
    {'d', 1, 512}, {'p', 1, 512},  {'d', 1, 512},  {'p', 1, 512},  {'d', 2, 512},  {'p', 1, 1024},
    {'d', 1, 1024}, {'p', 1, 1024},
};

int hs_yamnet_present(const hs_hsm *h) { return h && hs_hsm_find(h, "yamnet.l00.w") != NULL; }
