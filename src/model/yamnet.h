/* YAMNet (Google, Apache-2.0): MobileNet-v1 on 96x64 log-mel patches -> 1024-d embedding -> 521 AudioSet
 * scores. Weights come from Google's TFLite file through `heartsound convert-yamnet` (yamnet_convert.c) into
 * an .hsm ("model.kind" = "yamnet"): int8 per-channel weights + float biases, as in the original file.
 * The float model runs on XNNPACK when the build has it (yamnet_xnn.c, engine "xnnpack-f32"), else on the
 * plain C loops here (weights dequantised once at load, written so the compiler vectorises them); "tflite"
 * mode runs LiteRT's int8 arithmetic ("xnnpack-litert", or an emulation in plain C without XNNPACK).
 * HS_YAMNET_ENGINE=plain-c|xnnpack-f32|xnnpack-litert picks the float-mode engine at create. */
#ifndef HS_MODEL_YAMNET_H
#define HS_MODEL_YAMNET_H
#include "heartsound.h"

#include "features/yamnet_frontend.h"

#define HS_YAMNET_EMBED 1024
#define HS_YAMNET_CLASSES 521

/* The conv stack: kind 'c' = 3x3 conv, 'd' = 3x3 depthwise, 'p' = 1x1 pointwise; all 'same' padding + ReLU. */
#define HS_YAMNET_LAYERS 27
typedef struct hs_yamnet_layer_def { char kind; int stride, cout; } hs_yamnet_layer_def;
extern const hs_yamnet_layer_def hs_yamnet_arch[HS_YAMNET_LAYERS];

struct hs_hsm;
struct tfl_model;
struct hs_hsm_writer;

typedef struct hs_yamnet hs_yamnet;

/* Convert a parsed TFLite YAMNet (either of Google's int8 files) into writer tensors + metadata.
 * Validates the layer sequence and shapes: anything else -> HS_ERR_MODEL_FORMAT with a reason in why. */
hs_status hs_yamnet_convert(const struct tfl_model *m, struct hs_hsm_writer *w, char *why, size_t why_cap);
/* The same without "model.kind": for a combined file (backbone + head, kind "yamnet-head"). */
hs_status hs_yamnet_convert_backbone(const struct tfl_model *m, struct hs_hsm_writer *w, char *why, size_t why_cap);
/* 1 if the container holds backbone tensors (a "yamnet" file, or a combined "yamnet-head" file). */
int hs_yamnet_present(const struct hs_hsm *h);

/* Bytes of either a TFLite YAMNet (converted in memory) or an already converted .hsm -> .hsm bytes in *out
 * (malloc'd, caller frees). Lets tests, benchmarks and the cache take Google's file directly. */
hs_status hs_yamnet_load_any(const uint8_t *bytes, size_t len, uint8_t **out, size_t *out_len);

/* Build the runtime from a parsed container (kind "yamnet", or "yamnet-head" holding the backbone too). Caller frees with hs_yamnet_destroy. */
hs_status hs_yamnet_create(const struct hs_hsm *h, hs_yamnet **out);
void hs_yamnet_destroy(hs_yamnet *y);

/* One patch (96 frames x 64 mels, frame-major log-mel) -> embedding (1024) and, if scores != NULL,
 * the 521 sigmoid scores. */
hs_status hs_yamnet_run(hs_yamnet *y, const float *patch, float *embedding, float *scores);

/* "tflite" mode: reproduce the int8 arithmetic of Google's converted graph as LiteRT runs it (int8 mel
 * matmul on quantised spectra, dynamically quantised activations into the int8-weight layers) instead of
 * the exact float model. For checking against LiteRT; the classifier uses the default float mode.
 * HS_ERR_UNSUPPORTED if the file lacks the mel matrix (converted by an older converter). */
hs_status hs_yamnet_set_tflite_mode(hs_yamnet *y, int on);
/* Patches of a 16 kHz waveform by the front end of the current mode (hs_yamnet_patches or _q). */
hs_status hs_yamnet_patches_for(hs_yamnet *y, hs_melspec *m, const float *x, size_t n, float **patches, size_t *count);

/* Multiply-accumulates of one patch through the conv stack (the classifier excluded). */
double hs_yamnet_macs(void);
/* Which engine runs: "xnnpack-f32", "xnnpack-litert" or "plain-c ..." (static string). */
const char *hs_yamnet_engine(const hs_yamnet *y);

#endif
