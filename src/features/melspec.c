/* Log-mel spectrogram on KissFFT (real FFT, float). One plan per parameter set: FFT state, window, mel
 * bank and frame buffers are allocated once in hs_melspec_create, so computing frames allocates nothing.
 *
 * Frame k covers input samples [k*hop - pad, k*hop - pad + n_fft), pad = n_fft/2 with center=1 (zeros
 * outside the signal) or 0 with center=0. The window (win_length samples) sits centred in the n_fft frame,
 * offset (n_fft - win_length)/2, the rest is zero -- the conventions of librosa.stft.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "kiss_fftr.h"
#include "features/mel_filterbank.h"
#include "features/melspec_params.h"
#include "features/melspec_spectrum.h"

#define MS_PI 3.14159265358979323846

struct hs_melspec {
    hs_melspec_params p;
    kiss_fftr_cfg fft;
    kiss_fft_scalar *window; /* win_length coefficients */
    int win_offset;    /* first frame sample the window covers */
    kiss_fft_scalar *frame;  /* n_fft samples; outside the window it stays zero */
    kiss_fft_cpx *spec; /* n_fft/2 + 1 bins */
    double *mag;       /* |X|^power per bin */
    hs_mel_filterbank bank;
};

static void make_window(hs_window kind, int n, kiss_fft_scalar *w) {
    for (int i = 0; i < n; i++) {
        double c;
        switch (kind) {
        case HS_WINDOW_HANN_SYMMETRIC: c = n > 1 ? cos(2.0 * MS_PI * i / (n - 1)) : -1.0; break;
        default: c = cos(2.0 * MS_PI * i / n); break; /* periodic: one period of length n */
        }
        w[i] = (kiss_fft_scalar)(kind == HS_WINDOW_HAMMING_PERIODIC ? 0.54 - 0.46 * c : 0.5 - 0.5 * c);
    }
}

hs_melspec *hs_melspec_create(const hs_melspec_params *p, hs_status *st) {
    hs_status dummy;
    if (!st) st = &dummy;
    *st = hs_melspec_params_check(p);
    if (*st != HS_OK) return NULL;
    hs_melspec *m = calloc(1, sizeof *m);
    if (!m) { *st = HS_ERR_NOMEM; return NULL; }
    m->p = *p;
    int nb = p->n_fft / 2 + 1;
    m->fft = kiss_fftr_alloc(p->n_fft, 0, NULL, NULL);
    m->window = malloc((size_t)p->win_length * sizeof *m->window);
    m->frame = calloc((size_t)p->n_fft, sizeof *m->frame);
    m->spec = malloc((size_t)nb * sizeof(kiss_fft_cpx));
    m->mag = malloc((size_t)nb * sizeof *m->mag);
    if (!m->fft || !m->window || !m->frame || !m->spec || !m->mag) {
        hs_melspec_destroy(m);
        *st = HS_ERR_NOMEM;
        return NULL;
    }
    make_window(p->window, p->win_length, m->window);
    m->win_offset = (p->n_fft - p->win_length) / 2;
    *st = hs_mel_filterbank_build(p, &m->bank);
    if (*st != HS_OK) { hs_melspec_destroy(m); return NULL; }
    return m;
}

void hs_melspec_destroy(hs_melspec *m) {
    if (!m) return;
    kiss_fftr_free(m->fft);
    free(m->window);
    free(m->frame);
    free(m->spec);
    free(m->mag);
    hs_mel_filterbank_free(&m->bank);
    free(m);
}

const hs_melspec_params *hs_melspec_params_of(const hs_melspec *m) { return m ? &m->p : NULL; }

size_t hs_melspec_frames(const hs_melspec *m, size_t n) {
    if (!m) return 0;
    size_t hop = (size_t)m->p.hop_length, nfft = (size_t)m->p.n_fft;
    if (m->p.center) return 1 + n / hop;
    return n < nfft ? 0 : 1 + (n - nfft) / hop;
}

/* Windowed frame starting at input sample `start` (may be negative or run past n: zeros there). */
static void load_frame(hs_melspec *m, const float *x, size_t n, long long start) {
    kiss_fft_scalar *dst = m->frame + m->win_offset;
    long long s0 = start + m->win_offset;
    for (int i = 0; i < m->p.win_length; i++) {
        long long j = s0 + i;
        dst[i] = j >= 0 && (unsigned long long)j < n ? (kiss_fft_scalar)x[j] * m->window[i] : 0.0;
    }
}

static float compress(const hs_melspec_params *p, double v) {
    switch (p->log) {
    case HS_LOG_DB: {
        double floor = p->log_floor;
        return (float)((p->power == 2 ? 10.0 : 20.0) * log10(v > floor ? v : floor));
    }
    case HS_LOG_LN_OFFSET: return (float)log(v + p->log_floor);
    default: return (float)v;
    }
}

/* |X|^power of the frame starting at `start` into m->mag (nb bins). */
static void frame_spectrum(hs_melspec *m, const float *x, size_t n, long long start, int nb) {
    load_frame(m, x, n, start);
    kiss_fftr(m->fft, m->frame, m->spec);
    for (int k = 0; k < nb; k++) {
        double pw = (double)m->spec[k].r * m->spec[k].r + (double)m->spec[k].i * m->spec[k].i;
        m->mag[k] = m->p.power == 2 ? pw : sqrt(pw);
    }
}

hs_status hs_melspec_spectrum(hs_melspec *m, const float *x, size_t n, float *out) {
    if (!m || !out || (!x && n)) return HS_ERR_ARG;
    if (n == 0) return HS_ERR_EMPTY;
    size_t frames = hs_melspec_frames(m, n);
    if (frames == 0) return HS_ERR_TOO_SHORT;
    int nb = m->p.n_fft / 2 + 1;
    long long pad = m->p.center ? m->p.n_fft / 2 : 0;
    for (size_t f = 0; f < frames; f++) {
        frame_spectrum(m, x, n, (long long)f * m->p.hop_length - pad, nb);
        for (int k = 0; k < nb; k++) out[f * (size_t)nb + k] = (float)m->mag[k];
    }
    return HS_OK;
}

hs_status hs_melspec_compute(hs_melspec *m, const float *x, size_t n, float *out) {
    if (!m || !out || (!x && n)) return HS_ERR_ARG;
    if (n == 0) return HS_ERR_EMPTY;
    size_t frames = hs_melspec_frames(m, n);
    if (frames == 0) return HS_ERR_TOO_SHORT;
    const hs_melspec_params *p = &m->p;
    int nb = p->n_fft / 2 + 1;
    long long pad = p->center ? p->n_fft / 2 : 0;
    for (size_t f = 0; f < frames; f++) {
        frame_spectrum(m, x, n, (long long)f * p->hop_length - pad, nb);
        float *row = out + f * (size_t)p->n_mels;
        for (int b = 0; b < p->n_mels; b++) {
            const float *w = m->bank.w + m->bank.off[b];
            const double *mag = m->mag + m->bank.start[b];
            double acc = 0.0;
            for (int i = 0; i < m->bank.len[b]; i++) acc += (double)w[i] * mag[i];
            row[b] = compress(p, acc);
        }
    }
    return HS_OK;
}
