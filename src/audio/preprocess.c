/* The PCG preprocessing every model shares: resample -> band-pass -> normalise (see docs/FEATURES.md). */
#include <math.h>
#include <stdlib.h>
#include "heartsound.h"

hs_preproc_params hs_preproc_default(void) {
    hs_preproc_params p;
    p.sample_rate = 2000;   /* heart sounds and murmurs live below ~800 Hz; PhysioNet 2016 is 2 kHz */
    p.bandpass_lo_hz = 25.0f;  /* removes breathing, handling rumble and DC */
    p.bandpass_hi_hz = 400.0f; /* S1/S2 and most murmur energy; cuts friction noise and hum harmonics */
    p.bandpass_order = 4;
    p.normalize = 1;
    return p;
}

/* A constant input must be reported before filtering: the band-pass would turn it into rounding noise
 * that normalisation would then blow up to unit RMS. */
static int is_constant(const float *x, size_t n) {
    for (size_t i = 1; i < n; i++)
        if (x[i] != x[0]) return 0;
    return 1;
}

hs_status hs_preprocess(const hs_audio *in, const hs_preproc_params *p, hs_audio *out) {
    if (!in || !p || !out || (!in->samples && in->n)) return HS_ERR_ARG;
    out->samples = NULL;
    out->n = 0;
    out->sample_rate = 0;
    if (p->sample_rate < HS_MIN_RATE || p->sample_rate > HS_MAX_RATE) return HS_ERR_ARG;
    if (in->sample_rate < HS_MIN_RATE || in->sample_rate > HS_MAX_RATE) return HS_ERR_WAV_RATE;
    if (in->n == 0) return HS_ERR_EMPTY;
    for (size_t i = 0; i < in->n; i++)
        if (!isfinite(in->samples[i])) return HS_ERR_ARG;
    if (is_constant(in->samples, in->n)) return HS_ERR_SILENT;

    float *y = NULL;
    size_t ny = 0;
    hs_status st = hs_resample(in->samples, in->n, in->sample_rate, p->sample_rate, &y, &ny);
    if (st != HS_OK) return st;
    if (p->bandpass_lo_hz > 0.0f) {
        st = hs_bandpass(y, ny, p->sample_rate, p->bandpass_lo_hz, p->bandpass_hi_hz, p->bandpass_order);
        if (st != HS_OK) { free(y); return st; }
    }
    if (p->normalize) {
        st = hs_normalize(y, ny);
        if (st != HS_OK) { free(y); return st; }
    }
    out->samples = y;
    out->n = ny;
    out->sample_rate = p->sample_rate;
    return HS_OK;
}
