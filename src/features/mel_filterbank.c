/* Mel filterbank construction, following the definitions of librosa.filters.mel (Slaney's Auditory
 * Toolbox scale and area normalisation, or the HTK formula): n_mels + 2 edge frequencies equally spaced
 * on the mel scale between fmin and fmax; band b is the triangle rising from edge b to edge b+1 and
 * falling to edge b+2, evaluated at the FFT bin frequencies k * sample_rate / n_fft. Slaney norm divides
 * each triangle by half its width in Hz (2 / (f[b+2] - f[b])) so that every band has the same area.
 * triangles_on_mel = 1 instead draws the triangles linearly on the mel axis and zeroes the DC bin, like
 * TensorFlow's linear_to_mel_weight_matrix (YAMNet's front end). */
#include <math.h>
#include <stdlib.h>
#include "features/mel_filterbank.h"

#define SLANEY_F_SP (200.0 / 3.0)        /* Hz per mel in the linear part */
#define SLANEY_MIN_LOG_HZ 1000.0
#define SLANEY_MIN_LOG_MEL (SLANEY_MIN_LOG_HZ / SLANEY_F_SP)
#define SLANEY_LOGSTEP (log(6.4) / 27.0)

double hs_hz_to_mel(double hz, hs_mel_scale scale) {
    if (scale == HS_MEL_HTK) return 2595.0 * log10(1.0 + hz / 700.0);
    if (hz < SLANEY_MIN_LOG_HZ) return hz / SLANEY_F_SP;
    return SLANEY_MIN_LOG_MEL + log(hz / SLANEY_MIN_LOG_HZ) / SLANEY_LOGSTEP;
}

double hs_mel_to_hz(double mel, hs_mel_scale scale) {
    if (scale == HS_MEL_HTK) return 700.0 * (pow(10.0, mel / 2595.0) - 1.0);
    if (mel < SLANEY_MIN_LOG_MEL) return mel * SLANEY_F_SP;
    return SLANEY_MIN_LOG_HZ * exp(SLANEY_LOGSTEP * (mel - SLANEY_MIN_LOG_MEL));
}

void hs_mel_filterbank_free(hs_mel_filterbank *fb) {
    if (!fb) return;
    free(fb->start);
    free(fb->len);
    free(fb->off);
    free(fb->w);
    fb->start = fb->len = fb->off = NULL;
    fb->w = NULL;
    fb->n_mels = 0;
}

/* Weight of bin frequency f in band b (edges e[b], e[b+1], e[b+2], in Hz, or in mel when on_mel). */
static double triangle(const double *e, int b, double f, const hs_melspec_params *p) {
    if (p->triangles_on_mel) {
        if (f <= 0.0) return 0.0; /* TF zeroes the DC bin */
        f = hs_hz_to_mel(f, p->mel_scale);
    }
    double rise = (f - e[b]) / (e[b + 1] - e[b]);
    double fall = (e[b + 2] - f) / (e[b + 2] - e[b + 1]);
    double w = rise < fall ? rise : fall;
    return w > 0.0 ? w : 0.0;
}

hs_status hs_mel_filterbank_build(const hs_melspec_params *p, hs_mel_filterbank *fb) {
    int nm = p->n_mels, nbins = p->n_fft / 2 + 1;
    fb->n_mels = nm;
    fb->start = calloc((size_t)nm, sizeof(int));
    fb->len = calloc((size_t)nm, sizeof(int));
    fb->off = calloc((size_t)nm, sizeof(int));
    double *edge = malloc((size_t)(nm + 2) * sizeof(double));
    if (!fb->start || !fb->len || !fb->off || !edge) { free(edge); hs_mel_filterbank_free(fb); return HS_ERR_NOMEM; }

    double m0 = hs_hz_to_mel(p->fmin, p->mel_scale), m1 = hs_hz_to_mel(p->fmax, p->mel_scale);
    for (int i = 0; i < nm + 2; i++) edge[i] = m0 + (m1 - m0) * i / (nm + 1);
    if (!p->triangles_on_mel)
        for (int i = 0; i < nm + 2; i++) edge[i] = hs_mel_to_hz(edge[i], p->mel_scale);

    /* first pass: extent of each band; second: the weights */
    int total = 0;
    for (int b = 0; b < nm; b++) {
        int first = -1, last = -2;
        for (int k = 0; k < nbins; k++)
            if (triangle(edge, b, (double)k * p->sample_rate / p->n_fft, p) > 0.0) {
                if (first < 0) first = k;
                last = k;
            }
        fb->start[b] = first < 0 ? 0 : first;
        fb->len[b] = last - first + 1 > 0 ? last - first + 1 : 0;
        fb->off[b] = total;
        total += fb->len[b];
    }
    fb->w = malloc((size_t)(total > 0 ? total : 1) * sizeof(float));
    if (!fb->w) { free(edge); hs_mel_filterbank_free(fb); return HS_ERR_NOMEM; }
    for (int b = 0; b < nm; b++) {
        double norm = 1.0;
        if (p->mel_norm == HS_MELNORM_SLANEY)
            norm = p->triangles_on_mel ? 2.0 / (hs_mel_to_hz(edge[b + 2], p->mel_scale) - hs_mel_to_hz(edge[b], p->mel_scale))
                                       : 2.0 / (edge[b + 2] - edge[b]);
        for (int i = 0; i < fb->len[b]; i++) {
            int k = fb->start[b] + i;
            fb->w[fb->off[b] + i] = (float)(triangle(edge, b, (double)k * p->sample_rate / p->n_fft, p) * norm);
        }
    }
    free(edge);
    return HS_OK;
}
