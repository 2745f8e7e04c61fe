/* Float forward passes of the hs_net layers, inference mode (batch norm with running statistics,
 * dropout = identity). Used by the plain-C inference path and by the trainer (train/ adds the
 * training-mode batch norm / dropout and every backward pass).
 *
 * Activations are NHWC: in (N, L->in_h, L->in_w, L->in_c) -> out (N, L->out_h, L->out_w, L->out_c);
 * shapes come from hs_net_shapes. in and out must not overlap unless stated. */
#ifndef HS_NN_LAYERS_H
#define HS_NN_LAYERS_H
#include <stddef.h>
#include "net.h"

/* Scratch floats hs_conv2d_forward needs: transposed weights (KH*KW*C, K) + one input patch. */
size_t hs_conv2d_scratch_floats(const hs_layer *L);
/* im2col of one output pixel: the (KH,KW,C) input patch around (oy, ox), zeros outside the image
 * (shared by the inference forward and the trainer's backward). */
void hs_conv2d_gather_patch(const hs_layer *L, const float *img, int oy, int ox, float *patch);
/* w (K,KH,KW,C), b (K); zero padding. Direct im2col one output pixel at a time (the patch row),
 * times the transposed weights: the inner loop runs over K so it vectorises. */
void hs_conv2d_forward(const hs_layer *L, const float *in, float *out, int N, float *scratch);
/* y = gamma (x - mean) / sqrt(var + eps) + beta per channel, running statistics. in == out allowed. */
void hs_batchnorm_forward(const hs_layer *L, const float *in, float *out, int N);
void hs_relu_forward(const float *in, float *out, size_t n);        /* in == out allowed */
void hs_maxpool_forward(const hs_layer *L, const float *in, float *out, int N);
void hs_avgpool_forward(const hs_layer *L, const float *in, float *out, int N);
void hs_global_avgpool_forward(const hs_layer *L, const float *in, float *out, int N);
/* out (N,K) = in (N, in_h*in_w*in_c) w^T + b */
void hs_dense_forward(const hs_layer *L, const float *in, float *out, int N);
void hs_sigmoid_forward(const float *in, float *out, size_t n);     /* in == out allowed; stable */

/* One layer in inference mode (dropout copies). scratch: hs_conv2d_scratch_floats for conv. */
void hs_layer_forward(const hs_layer *L, const float *in, float *out, int N, float *scratch);

/* Whole network, inference mode: in (N, in_h, in_w, in_c) -> out (N, last out size).
 * work: hs_net_forward_work_floats(net, N) floats. */
size_t hs_net_forward_work_floats(const hs_net *net, int N);
void hs_net_forward(const hs_net *net, const float *in, int N, float *out, float *work);

/* The same walk with conv layers run by `conv` (e.g. the trainer's batched GEMM conv) and the rest by
 * hs_layer_forward. work: 2 N max-activation floats + the scratch `conv` needs. */
typedef void (*hs_conv_forward_fn)(const hs_layer *L, const float *in, float *out, int N, float *scratch);
void hs_net_forward_with(const hs_net *net, const float *in, int N, float *out, float *work, hs_conv_forward_fn conv);
#endif
