/* The model kinds this build can run. Add a backend here (and define it next to its runtime). */
#include "model/backend.h"

#include <string.h>

static const hs_backend *const backends[] = {
    &hs_backend_cnn,
    &hs_backend_cnn_q8,
    &hs_backend_yamnet_head,
};

const hs_backend *hs_backend_find(const char *kind) {
    if (!kind) return NULL;
    for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++)
        if (strcmp(backends[i]->kind, kind) == 0) return backends[i];
    return NULL;
}
