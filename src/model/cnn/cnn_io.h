/* The float CNN model <-> the .hsm container (src/model/hsm.h; byte layout in docs/MODEL_FORMAT.md).
 *
 * A model is the network plus everything needed to turn audio into its input, so a file alone reproduces
 * the classifier: preprocessing, log-mel parameters, window/hop, normalisation mode and decision threshold.
 * Metadata keys and tensor names are listed in docs/MODEL_FORMAT.md ("model.kind" = "cnn").
 */
#ifndef HS_MODEL_CNN_IO_H
#define HS_MODEL_CNN_IO_H

#include "heartsound.h"
#include "nn/net.h"
#include "model/windowing.h"

typedef struct hs_cnn_model {
    hs_net net;                     /* float network (src/nn/net.h) */
    hs_preproc_params preproc;      /* front end: preprocessing */
    hs_melspec_params melspec;      /* front end: log-mel */
    int window_frames, hop_frames;  /* inference windows (e.g. 200, 50); window_frames == net.in_h */
    int norm_mode;                  /* HS_NORM_NONE / HS_NORM_RECORDING (src/model/windowing.h) */
    float threshold;                /* P(abnormal) >= threshold -> abnormal */
    char name[64];                  /* e.g. "cnn-v1" */
} hs_cnn_model;

struct hs_hsm;        /* parsed container (src/model/hsm.h) */
struct hs_hsm_writer; /* container being built (src/model/hsm.h) */

/* Write the model to a file (the trainer's entry point). Validates it first (see hs_cnn_model_check):
 * an inconsistent model is refused with HS_ERR_ARG and a message on stderr naming the problem. */
hs_status hs_cnn_model_save(const hs_cnn_model *m, const char *path);
/* Same into memory: *bytes is malloc'd (caller frees with free()). */
hs_status hs_cnn_model_save_memory(const hs_cnn_model *m, uint8_t **bytes, size_t *len);

/* Parse a model from bytes (checksum verified). out owns copies of everything (bytes may be freed after);
 * caller frees with hs_cnn_model_free. On error out is zeroed. */
hs_status hs_cnn_model_load_memory(const uint8_t *bytes, size_t len, hs_cnn_model *out);
hs_status hs_cnn_model_load_file(const char *path, hs_cnn_model *out);
void hs_cnn_model_free(hs_cnn_model *m); /* NULL-safe; zeroes the struct */

/* Building blocks for other model kinds stored in the same container (e.g. an int8 variant that keeps the
 * float front end): add this model's metadata + tensors to a writer / read them from a parsed container.
 * hs_cnn_model_write adds "model.kind" = "cnn" unless kind_override is non-NULL. */
hs_status hs_cnn_model_write(const hs_cnn_model *m, struct hs_hsm_writer *w, const char *kind_override);
hs_status hs_cnn_model_read(const struct hs_hsm *h, hs_cnn_model *out);

/* Consistency check of a model in memory: layer geometry in range, shapes computable, output a single
 * sigmoid unit, window_frames == net.in_h, net.in_w == melspec.n_mels, in_c == 1, hop >= 1, threshold in
 * [0, 1], parameters present and finite. Returns HS_OK or HS_ERR_MODEL_FORMAT; why (if not NULL) gets a
 * static-or-buffered reason (at most why_cap bytes). Also fills the layer shapes (hs_net_shapes). */
hs_status hs_cnn_model_check(hs_cnn_model *m, char *why, size_t why_cap);
/* Its geometry part alone (no parameters needed): input, layer kinds/geometry in range, shapes computable,
 * one sigmoid output. Run before hs_net_shapes on untrusted geometry. Fills the layer shapes. */
hs_status hs_cnn_net_check(hs_net *net, char *why, size_t why_cap);

#endif
