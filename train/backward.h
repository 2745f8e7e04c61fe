/* Training-mode forwards (batch norm with batch statistics, dropout) and the backward pass of every
 * layer, side by side in the order of src/nn/layers.c. The inference forwards are reused as they are.
 *
 * Convention: every backward ACCUMULATES (+=) into din, dw, db (the caller zeroes them);
 * din may be NULL when the input gradient is not needed (first layer). Shapes as in layers.h. */
#ifndef HS_TRAIN_BACKWARD_H
#define HS_TRAIN_BACKWARD_H
#include <stddef.h>
#include "nn/layers.h"
#include "rng.h"

/* Scratch floats of hs_conv2d_backward and hs_conv2d_forward_batch for a batch of N: the im2col
 * patches of the whole batch and their gradient. Both are GEMMs over the batch (train/gemm.h). */
size_t hs_conv2d_backward_scratch_floats(const hs_layer *L, int N);
void hs_conv2d_backward(const hs_layer *L, const float *in, const float *dout, float *din,
                        float *dw, float *db, int N, float *scratch);
/* Conv forward of a batch: im2col + one GEMM; scratch: hs_conv2d_backward_scratch_floats(L, N). */
void hs_conv2d_forward_batch(const hs_layer *L, const float *in, float *out, int N, float *scratch);

/* Batch norm, training mode: per-channel mean / biased variance over (N,H,W) normalise the batch;
 * save_mean / save_invstd (C each) are kept for the backward; the running statistics L->mean, L->var
 * move towards the batch's (unbiased variance) by `momentum` (e.g. 0.1). in == out allowed. */
void hs_batchnorm_forward_train(hs_layer *L, const float *in, float *out, int N, float momentum,
                                float *save_mean, float *save_invstd);
/* in = the layer's input (x). dgamma, dbeta (C). */
void hs_batchnorm_backward(const hs_layer *L, const float *in, const float *dout, float *din,
                           float *dgamma, float *dbeta, int N, const float *save_mean, const float *save_invstd);

/* out = relu(in); din += dout where out > 0. */
void hs_relu_backward(const float *out, const float *dout, float *din, size_t n);
/* Max pool: the gradient goes to the first maximum of each window (recomputed from in). */
void hs_maxpool_backward(const hs_layer *L, const float *in, const float *dout, float *din, int N);
void hs_avgpool_backward(const hs_layer *L, const float *dout, float *din, int N);
void hs_global_avgpool_backward(const hs_layer *L, const float *dout, float *din, int N);
void hs_dense_backward(const hs_layer *L, const float *in, const float *dout, float *din,
                       float *dw, float *db, int N);

/* Inverted dropout: mask[i] = 0 or 1/(1-rate), drawn from rng; out = in * mask. */
void hs_dropout_forward_train(float rate, const float *in, float *out, float *mask, size_t n, hs_rng *rng);
void hs_dropout_backward(const float *mask, const float *dout, float *din, size_t n);

/* sigmoid backward given its output y: din += dout * y (1 - y). (Training uses the fused loss below.) */
void hs_sigmoid_backward(const float *out, const float *dout, float *din, size_t n);

/* Class-weighted binary cross-entropy on logits z (N), targets y in {0,1}, weights w (NULL = 1):
 * loss = sum_i w_i (max(z,0) - z y + log(1 + exp(-|z|))) / N  (stable for any z);
 * dz (may be NULL) += w_i (sigmoid(z_i) - y_i) / N. Returns the loss. */
float hs_bce_logits(const float *z, const float *y, const float *w, int N, float *dz);
#endif
