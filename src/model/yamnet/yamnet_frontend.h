/* YAMNet's front end (tensorflow/models research/audioset/yamnet, params.py + features.py), computed with
 * our own log-mel (hs_melspec): 16 kHz, 25 ms periodic Hann, 10 ms hop, 512-point FFT magnitude, 64 HTK mel
 * bands 125-7500 Hz with triangles on the mel axis (tf.signal.linear_to_mel_weight_matrix), log(x + 0.001),
 * 96-frame patches every 48 frames. */
#ifndef HS_FEATURES_YAMNET_FRONTEND_H
#define HS_FEATURES_YAMNET_FRONTEND_H
#include "heartsound.h"

#define HS_YAMNET_RATE 16000
#define HS_YAMNET_PATCH_FRAMES 96
#define HS_YAMNET_PATCH_HOP 48
#define HS_YAMNET_MELS 64
#define HS_YAMNET_WINDOW 400 /* 25 ms analysis window */

hs_melspec_params hs_yamnet_melspec_params(void);
/* Samples after YAMNet's end padding: at least 15600, then a whole number of 0.48 s patch hops. */
size_t hs_yamnet_padded_length(size_t n);
/* Number of patches for n samples (after padding). */
size_t hs_yamnet_patch_count(size_t n);
/* Log-mel patches of a 16 kHz waveform: *patches (count x 96 x 64, frame-major) malloc'd, caller frees with
 * free(). m: a plan made from hs_yamnet_melspec_params (reused across calls). */
hs_status hs_yamnet_patches(hs_melspec *m, const float *x, size_t n, float **patches, size_t *count);
/* "tflite" mode: the same patches as Google's converted graph computes them under LiteRT.js, bit for bit
 * (checked against its intermediate tensors, tests/node/litert_tap.mjs): frame x the graph's window in float,
 * an FFT in double rounded to complex<float> (TFLite's RFFT2D), |.| as musl's hypotf; the mel matmul as
 * XNNPACK's qd8-f32-qc8w (each frame's magnitudes quantised to int8, step = max/255, integer products with
 * the int8 mel matrix, then (sum * step) * mel_scale + the graph's bias, which holds the 0.001 offset); log
 * as XNNPACK's (with XNNPACK; logf without). Float op for float op, because the network after it amplifies
 * 1-ulp differences (docs/YAMNET.md). window: the graph's 400-sample window (NULL: our periodic Hann, not
 * bit-exact); mel_w8: (64, 257) the int8 weights as floats, mel_scale: their per-tensor scale, mel_b: (64). */
hs_status hs_yamnet_patches_q(hs_melspec *m, const float *window, const float *mel_w8, float mel_scale,
                              const float *mel_b, const float *x, size_t n, float **patches, size_t *count);
#endif
