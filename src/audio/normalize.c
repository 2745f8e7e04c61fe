/* Per-recording level normalisation: remove the mean, scale to unit RMS. Stethoscopes and hospitals differ
 * wildly in gain, so absolute level carries device information rather than pathology. */
#include <math.h>
#include "heartsound.h"

/* Below this RMS (after removing the mean) there is nothing but rounding left: one LSB of 16-bit audio is
 * 3e-5, so a real recording is far above it. */
#define NORM_SILENT_RMS 1e-9

hs_status hs_normalize(float *x, size_t n) {
    if (!x && n) return HS_ERR_ARG;
    if (n == 0) return HS_ERR_EMPTY;
    double mean = 0.0;
    for (size_t i = 0; i < n; i++) mean += x[i];
    mean /= (double)n;
    double ss = 0.0;
    for (size_t i = 0; i < n; i++) ss += ((double)x[i] - mean) * ((double)x[i] - mean);
    double rms = sqrt(ss / (double)n);
    if (!isfinite(rms)) return HS_ERR_ARG;
    if (rms < NORM_SILENT_RMS) return HS_ERR_SILENT;
    double g = 1.0 / rms;
    for (size_t i = 0; i < n; i++) x[i] = (float)(((double)x[i] - mean) * g);
    return HS_OK;
}
