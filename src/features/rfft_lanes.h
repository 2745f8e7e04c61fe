/* Power spectrum of HS_RFFT_LANES real frames at once (power-of-two lengths), in double precision.
 *
 * Why: the log-mel front end runs one small FFT per 20 ms frame, and a scalar FFT leaves the SIMD units idle
 * (wasm SIMD128 holds 2 doubles, SSE2 too). Transforming several frames side by side -- every array holds
 * LANES values per element, one per frame -- lets the compiler vectorise each butterfly across the frames
 * without changing the arithmetic of any single frame: results do not depend on which lane a frame uses
 * and are the same natively and in WASM (no FMA contraction on either target).
 * Internal to src/features. */
#ifndef HS_FEATURES_RFFT_LANES_H
#define HS_FEATURES_RFFT_LANES_H
#include "heartsound.h"

#define HS_RFFT_LANES 4

typedef struct hs_rfft_lanes hs_rfft_lanes;

/* 1 if n (the real FFT length) has a lane plan: a power of two from 8 to HS_MELSPEC_MAX_NFFT. */
int hs_rfft_lanes_supported(int n);

/* Plan for length n; NULL if unsupported or out of memory. Free with hs_rfft_lanes_destroy. */
hs_rfft_lanes *hs_rfft_lanes_create(int n);
void hs_rfft_lanes_destroy(hs_rfft_lanes *r);

/* The plan's input buffer: n x LANES doubles, element i of lane l at [i * LANES + l], zero when created.
 * The caller writes the frames here; transforms read it and leave it as it is. */
double *hs_rfft_lanes_input(hs_rfft_lanes *r);

/* |X[k]|^2 for k = 0 .. bins-1 (bins <= n/2 + 1) of every lane into power[k * LANES + l]. */
void hs_rfft_lanes_power(hs_rfft_lanes *r, int bins, double *power);
#endif
