/* TensorFlow Lite's "hybrid" depthwise convolution, as LiteRT runs the int8-weight depthwise layers of
 * Google's YAMNet file (XNNPACK has no dynamically quantised depthwise kernel, so LiteRT leaves those nodes to
 * TFLite's builtin kernel): the float input of one image is quantised to asymmetric int8 (TFLite's
 * AsymmetricQuantizeFloats), multiplied by the int8 per-channel weights in int32, then scaled back to float,
 * plus the float bias, ReLU. Used by the XNNPACK backbone (yamnet_xnn.c) in its LiteRT-math flavour. */
#ifndef HS_MODEL_YAMNET_HYBRID_H
#define HS_MODEL_YAMNET_HYBRID_H
#include <stddef.h>
#include <stdint.h>
#include "heartsound.h"

#define HS_YAMNET_DW8_MAX_C 1024 /* YAMNet's widest layer */

typedef struct hs_yamnet_dw8 {
    int in_h, in_w, c, out_h, out_w, stride, pad_t, pad_l;
    int8_t *w;          /* (3,3,C) */
    float *scale, *bias; /* (C) each */
    int8_t *q;          /* the quantised input image */
} hs_yamnet_dw8;

/* Copies w (3x3xC int8), scale (C, or 1 = per tensor) and bias (C). HS_ERR_ARG if C > HS_YAMNET_DW8_MAX_C, HS_ERR_NOMEM. */
hs_status hs_yamnet_dw8_init(hs_yamnet_dw8 *d, int in_h, int in_w, int c, int stride, const int8_t *w,
                             const float *scale, size_t n_scale, const float *bias);
void hs_yamnet_dw8_free(hs_yamnet_dw8 *d);
/* in (in_h, in_w, C) -> out (out_h, out_w, C), 'same' padding as TensorFlow, ReLU. */
void hs_yamnet_dw8_run(const hs_yamnet_dw8 *d, const float *in, float *out);

/* TFLite's AsymmetricQuantizeFloats: range [min(0, min x), max(0, max x)] over all n values onto [-128, 127],
 * the zero point chosen from the end with the smaller error; all-equal input -> zeros, scale 1, zero point 0. */
void hs_tfl_asym_quantize(const float *x, size_t n, int8_t *q, float *scale, int32_t *zero_point);

#endif
