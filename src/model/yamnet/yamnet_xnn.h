/* YAMNet's backbone on XNNPACK operators (native and WASM SIMD), created once and reused for every patch.
 * Two flavours:
 *  - HS_YAMNET_XNN_LITERT: LiteRT's own arithmetic on Google's file -- every int8-weight 1x1 conv and the
 *    classifier run as XNNPACK qd8-f32-qc8w (float input quantised per image / per row to int8 at run time,
 *    int8 per-channel weights, int32 sums, float output); the int8-weight depthwise convs as TFLite's hybrid
 *    kernel (yamnet_hybrid.c); layers whose weights the file keeps in float (the first conv, two depthwise)
 *    in fp32. Fast (int8 dot products) and what LiteRT computes, but not the float model.
 *  - HS_YAMNET_XNN_F32: the float model (weights dequantised once), XNNPACK fp32 kernels; equals the
 *    plain-C reference (src/model/yamnet.c) up to float rounding.
 * Built only with HS_XNNPACK (HS_HAVE_XNNPACK); otherwise create returns HS_ERR_UNSUPPORTED. */
#ifndef HS_MODEL_YAMNET_XNN_H
#define HS_MODEL_YAMNET_XNN_H
#include "heartsound.h"

struct hs_hsm;
typedef struct hs_yamnet_xnn hs_yamnet_xnn;

typedef enum hs_yamnet_xnn_flavour { HS_YAMNET_XNN_F32 = 0, HS_YAMNET_XNN_LITERT = 1 } hs_yamnet_xnn_flavour;

/* From a parsed container holding the backbone (hs_yamnet_present); the container may be freed afterwards. */
hs_status hs_yamnet_xnn_create(const struct hs_hsm *h, hs_yamnet_xnn_flavour flavour, hs_yamnet_xnn **out);
void hs_yamnet_xnn_destroy(hs_yamnet_xnn *x); /* NULL-safe */
/* One patch (96 x 64 log-mel, frame-major) -> embedding (1024) and, if scores != NULL, the 521 scores. */
hs_status hs_yamnet_xnn_run(hs_yamnet_xnn *x, const float *patch, float *embedding, float *scores);
/* Diagnostics: the output of conv layer `layer` (0-based, NHWC) for a patch, to compare with another
 * runtime's intermediate tensors layer by layer. out NULL: only *count (values) is set. */
hs_status hs_yamnet_xnn_layer(hs_yamnet_xnn *x, const float *patch, int layer, float *out, size_t *count);

#endif
