/* YAMNet's float-weight 3x3 layers (the first conv; the depthwise convs of layers 2-3, which Google's file keeps
 * in float) with the rounding order of LiteRT.js's wasm XNNPACK kernels, so the "xnnpack-litert" engine gives
 * LiteRT's values bit for bit: every product rounded, then added to an accumulator that starts at the bias --
 * taps in row-major order (ky, kx, input channel) for the full conv (XNNPACK's indirect GEMM), column-major
 * (kx outer, ky inner) for the depthwise conv (its depthwise indirection), one accumulator, then ReLU.
 * Found by comparing with LiteRT.js's intermediate tensors (tests/node/litert_tap.mjs; docs/YAMNET.md).
 * Needs a target without fused multiply-add contraction (x86-64 baseline, wasm: the builds' defaults). */
#ifndef HS_MODEL_YAMNET_LITERT_F32_H
#define HS_MODEL_YAMNET_LITERT_F32_H
#include "heartsound.h"

typedef struct hs_yamnet_f32conv {
    int depthwise, in_h, in_w, cin, cout, out_h, out_w, stride, pad_t, pad_l;
    float *w;    /* full: (3, 3, cin, cout), transposed from the file's (cout, 3, 3, cin); depthwise: (3, 3, C) */
    float *bias; /* (cout) */
} hs_yamnet_f32conv;

/* Copies w (the file's layout: full (cout, 3, 3, cin), depthwise (3, 3, C)) and bias; TensorFlow 'same' padding. HS_ERR_ARG on bad sizes, HS_ERR_NOMEM. */
hs_status hs_yamnet_f32conv_init(hs_yamnet_f32conv *c, int depthwise, int in_h, int in_w, int cin, int cout, int stride,
                                 const float *w, const float *bias);
void hs_yamnet_f32conv_free(hs_yamnet_f32conv *c); /* NULL-safe */
/* in (in_h, in_w, cin) -> out (out_h, out_w, cout), NHWC, ReLU. */
void hs_yamnet_f32conv_run(const hs_yamnet_f32conv *c, const float *in, float *out);
#endif
