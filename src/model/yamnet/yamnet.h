/* YAMNet (Google, Apache-2.0): MobileNet-v1 on 96x64 log-mel patches -> 1024-d embedding -> 521 AudioSet
 * scores. Weights come from Google's TFLite file through `heartsound convert-yamnet` (yamnet_convert.c) into
 * an .hsm ("model.kind" = "yamnet"): int8 per-channel weights + float biases, as in the original file.
 * The float model runs on XNNPACK when the build has it (yamnet_xnn.c, engine "xnnpack-f32"), else on the
 * plain C loops here (weights dequantised once at load, written so the compiler vectorises them); "tflite"
 * mode runs LiteRT's int8 arithmetic ("xnnpack-litert", or an emulation in plain C without XNNPACK). */
#ifndef HS_MODEL_YAMNET_H
#define HS_MODEL_YAMNET_H
#include "heartsound.h"

#include "model/yamnet/yamnet_arch.h"
#include "model/yamnet/yamnet_frontend.h"

struct hs_hsm;

typedef struct hs_yamnet hs_yamnet;

/* Build the runtime from a parsed container (kind "yamnet", or "yamnet-head" holding the backbone too).
 * engine: the float-mode engine, "plain-c", "xnnpack-f32" or "xnnpack-litert"; NULL = the default
 * (xnnpack-f32; plain-c in a build without XNNPACK, whatever was asked). An unknown name is HS_ERR_ARG.
 * Caller frees with hs_yamnet_destroy. */
hs_status hs_yamnet_create(const struct hs_hsm *h, const char *engine, hs_yamnet **out);
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
