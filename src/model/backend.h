/* Classifier backends: one per model kind ("model.kind" metadata of the .hsm file). src/heartsound.c parses
 * the container, looks the kind up here and drives the backend through this table, so a new runtime (int8 on
 * XNNPACK, a YAMNet head, ...) plugs in by defining an hs_backend and listing it in backends.c. */
#ifndef HS_MODEL_BACKEND_H
#define HS_MODEL_BACKEND_H

#include "model/hsm.h"

typedef struct hs_backend {
    const char *kind; /* the "model.kind" value it runs, e.g. "cnn" */
    /* Build the runtime from a parsed, checksum-verified container and the caller's options (borrowed: the
     * container, its bytes and the options are gone after create returns; copy what you keep). */
    hs_status (*create)(const hs_hsm *h, const hs_classifier_options *opt, void **state);
    /* audio has already been checked by hs_classify (non-empty, rate in range, long enough). */
    hs_status (*classify)(void *state, const hs_audio *audio, hs_result *out);
    const char *(*name)(const void *state);                      /* e.g. "cnn-v1 (float)" */
    const hs_melspec_params *(*melspec)(const void *state);
    void (*destroy)(void *state);
} hs_backend;

/* The backend for a kind, or NULL if this build has none (backends.c). */
const hs_backend *hs_backend_find(const char *kind);

extern const hs_backend hs_backend_cnn; /* float CNN, plain C (cnn_backend.c) */
extern const hs_backend hs_backend_cnn_q8; /* int8 CNN on XNNPACK (cnn_q8_backend.c) */
extern const hs_backend hs_backend_yamnet_head; /* head on YAMNet embeddings (yamnet_backend.c) */

#endif
