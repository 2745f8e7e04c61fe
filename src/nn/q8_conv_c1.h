/* The first conv layer of the int8 CNN (one input channel: the log-mel) as our own kernel instead of
 * XNNPACK: XNNPACK's int8 GEMM pads the 9 taps of a 3x3 single-channel kernel to 16 and needs an im2col
 * copy first; here each output pixel is kh*kw multiply-adds per channel straight from a padded image.
 * Same integer sums and the same fp32 requantisation as hs_qop_forward_ref (qnet.h), so bit-identical.
 * wasm SIMD (i32x4.dot_i16x8 over pairs of taps) under __wasm_simd128__, portable C otherwise. */
#ifndef HS_NN_Q8_CONV_C1_H
#define HS_NN_Q8_CONV_C1_H

#include <stddef.h>
#include <stdint.h>
#include "qnet.h"

typedef struct hs_q8_conv_c1 {
    const hs_qop *op;
    int taps, pairs;   /* kh*kw, and taps rounded up to pairs */
    int16_t *w;        /* (out_c/4, pairs, 4 channels x 2 taps), the second tap of an odd last pair 0 */
    float *rq;         /* (out_c) requantisation scales, hs_qop_requant_scale */
    int8_t *pad;       /* one padded input image, border = the input zero point */
} hs_q8_conv_c1;

/* Whether op can run here: a conv with in_c == 1, out_c a multiple of 4, at most 64 taps. */
int hs_q8_conv_c1_supported(const hs_qop *op);
/* Packs op's weights (op is borrowed and must outlive c). 0, or -1 on NOMEM / unsupported op. */
int hs_q8_conv_c1_init(hs_q8_conv_c1 *c, const hs_qop *op);
void hs_q8_conv_c1_free(hs_q8_conv_c1 *c); /* NULL-safe; zeroes *c */

/* One sample: img (in_h, in_w) int8 -> out (out_h, out_w, out_c) int8. */
void hs_q8_conv_c1_run(hs_q8_conv_c1 *c, const int8_t *img, int8_t *out);

#endif
