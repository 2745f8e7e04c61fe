/* The int8 CNN: a quantised "trunk" (conv + fused ReLU, max-pool) over int8 NHWC activations, followed by a
 * small float "head" (the layers from global average pooling / dense onwards, kept in float because they
 * hold a negligible share of the MACs and the logit keeps full precision).
 *
 * Arithmetic (XNNPACK's qs8 / qc8w convention, so the plain-C reference here and src/nn/xnn_runtime.c give
 * bit-identical int8 activations):
 *   real value r = scale * (q - zero_point), q in [-128, 127]      (activations, per tensor)
 *   weights   w = w_scale[k] * wq                                   (per output channel, symmetric)
 *   acc[k]    = b[k] + sum (x_q - x_zp) * wq                        (int32; padding contributes 0)
 *   y_q       = clamp(rint((float)acc * rq[k]) + y_zp, lo, hi),   rq[k] = in.scale * w_scale[k] / out.scale
 * evaluated in float32 in exactly that order; rint rounds half to even; lo = y_zp with a fused ReLU.
 * Layouts as in net.h: activations (N,H,W,C), conv weights (K,KH,KW,C).
 */
#ifndef HS_NN_QNET_H
#define HS_NN_QNET_H

#include <stddef.h>
#include <stdint.h>
#include "net.h"

typedef struct hs_qparams {
    float scale;    /* > 0 */
    int zero_point; /* -128..127 */
} hs_qparams;

typedef enum hs_qop_kind {
    HS_QOP_CONV2D = 1,  /* BN folded in; optional fused ReLU */
    HS_QOP_MAXPOOL = 2  /* out quantisation == in quantisation */
} hs_qop_kind;

typedef struct hs_qop {
    hs_qop_kind kind;
    int kh, kw, sh, sw, ph, pw;  /* geometry as in hs_layer */
    int in_h, in_w, in_c, out_h, out_w, out_c;
    int relu;                    /* conv: clamp below at the output zero point */
    hs_qparams in, out;
    int8_t *w;                   /* conv (K,KH,KW,C), owned */
    int32_t *b;                  /* conv (K): bias / (in.scale * w_scale[k]), owned */
    float *w_scale;              /* conv (K), owned */
} hs_qop;

typedef struct hs_qnet {
    int in_h, in_w, in_c;  /* input window (frames, mels, 1) */
    hs_qparams input;      /* quantisation of the float input window */
    int n_ops;
    hs_qop *ops;           /* the int8 trunk, owned */
    hs_net head;           /* float layers after the trunk, head.in_* = last op's out_*; owned */
} hs_qnet;

/* Fill in_/out_ shapes of every op and of the head, check geometry, quantisation parameters and that
 * requantisation scales are < 256 (XNNPACK's limit). 0 or -1. */
int hs_qnet_shapes(hs_qnet *q);
void hs_qnet_free(hs_qnet *q); /* NULL-safe; zeroes *q */
/* Deep copy of net's layers [first, n_layers) (geometry, shapes and parameters) into *out: the head.
 * out->in_* is left 0 (hs_qnet_shapes sets it). 0, or -1 on NOMEM (out then freed). */
int hs_net_copy_tail(const hs_net *net, int first, hs_net *out);

/* rq[k] of a conv op exactly as XNNPACK computes it: (in.scale * w_scale[k]) / out.scale in float. */
float hs_qop_requant_scale(const hs_qop *op, int k);

/* Float window(s) -> int8: q = clamp(rint(x / scale) + zp). n elements. */
void hs_quantize_f32(const hs_qparams *qp, const float *x, size_t n, int8_t *q);
/* int8 -> float: r = scale * (q - zp). */
void hs_dequantize_i8(const hs_qparams *qp, const int8_t *q, size_t n, float *x);

/* Plain-C reference of one op over N samples. */
void hs_qop_forward_ref(const hs_qop *op, const int8_t *in, int8_t *out, int N);

/* Multiply-accumulates of one window: int8 trunk convs, and float head (dense) separately. */
double hs_qnet_trunk_macs(const hs_qnet *q);
double hs_qnet_head_macs(const hs_qnet *q);

/* Largest int8 activation of one sample (input or any op output), in bytes. */
size_t hs_qnet_max_activation(const hs_qnet *q);
/* Float work the head needs for N samples (hs_qnet_head_forward). */
size_t hs_qnet_head_work_floats(const hs_qnet *q, int N);

/* Float head on the trunk's int8 output (N, trunk out) -> p (N). work: hs_qnet_head_work_floats floats.
 * Shared by the reference path and the XNNPACK runtime, so both end identically. */
void hs_qnet_head_forward(const hs_qnet *q, const int8_t *trunk_out, int N, float *p, float *work);

/* Whole reference forward pass: x (N, in_h, in_w, in_c) float -> p (N). Allocates its own scratch;
 * returns 0, or -1 on NOMEM. Used by tests and as the fallback when XNNPACK is not built in. */
int hs_qnet_forward_ref(const hs_qnet *q, const float *x, int N, float *p);
/* The same with caller-owned scratch (no allocation): act holds 2 * N * hs_qnet_max_activation(q) bytes,
 * work hs_qnet_head_work_floats(q, N) floats. */
void hs_qnet_forward_ref_scratch(const hs_qnet *q, const float *x, int N, float *p, int8_t *act, float *work);

#endif
