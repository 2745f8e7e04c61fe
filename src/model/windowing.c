#include "model/windowing.h"
#include "features/melspec_params.h"

#include <math.h>
#include <string.h>

void hs_logmel_normalize(float *x, size_t frames, int mels, int mode) {
    if (mode != HS_NORM_RECORDING || !x || frames == 0 || mels <= 0) return;
    /* per-band mean: a fixed microphone/stethoscope response is a constant dB offset per band. Row by row
     * (contiguous, vectorisable) with the same summation order per band as a column walk would have. */
    double sum[HS_MELSPEC_MAX_MELS];
    float mean[HS_MELSPEC_MAX_MELS];
    if (mels > HS_MELSPEC_MAX_MELS) return; /* no plan makes more (hs_melspec_params_check) */
    for (int m = 0; m < mels; m++) sum[m] = 0.0;
    for (size_t t = 0; t < frames; t++)
        for (int m = 0; m < mels; m++) sum[m] += x[t * mels + m];
    for (int m = 0; m < mels; m++) mean[m] = (float)(sum[m] / (double)frames);
    for (size_t t = 0; t < frames; t++)
        for (int m = 0; m < mels; m++) x[t * mels + m] -= mean[m];
    /* one global scale (not per band), so the relative loudness of bands within a recording survives */
    double ss = 0.0;
    size_t n = frames * (size_t)mels;
    for (size_t i = 0; i < n; i++) ss += (double)x[i] * x[i];
    double sd = sqrt(ss / (double)n);
    if (sd < 1e-3) sd = 1e-3;
    float inv = (float)(1.0 / sd);
    for (size_t i = 0; i < n; i++) x[i] *= inv;
}

size_t hs_window_starts(size_t frames, int window, int hop, size_t *starts, size_t max) {
    if (window <= 0 || hop <= 0) return 0;
    size_t w = (size_t)window, h = (size_t)hop;
    if (frames <= w) { /* short recording: one padded window, never dropped */
        if (starts && max > 0) starts[0] = 0;
        return 1;
    }
    size_t n = (frames - w) / h + 1;
    size_t last = (n - 1) * h;
    for (size_t i = 0; i < n && i < max && starts; i++) starts[i] = i * h;
    if (last + w < frames) { /* leftover frames: one more window aligned to the end */
        if (starts && n < max) starts[n] = frames - w;
        n++;
    }
    return n;
}

void hs_window_copy(const float *x, size_t frames, int mels, size_t start, int window, float *dst) {
    if (window <= 0 || mels <= 0) return;
    size_t row = (size_t)mels;
    for (size_t r = 0; r < (size_t)window; r++) {
        if (start < frames && r < frames - start) memcpy(dst + r * row, x + (start + r) * row, row * sizeof *dst);
        else memset(dst + r * row, 0, row * sizeof *dst);
    }
}
