/* Log-mel spectrogram. One plan per parameter set: FFT state, window, mel bank and frame buffers are
 * allocated once in hs_melspec_create, so computing frames allocates nothing. Power-of-two n_fft (the PCG
 * default, 256) runs on the lane-parallel FFT of rfft_lanes.c, several frames per transform; other even
 * sizes on KissFFT's real FFT, one frame at a time. Both in double precision.
 *
 * Frame k covers input samples [k*hop - pad, k*hop - pad + n_fft), pad = n_fft/2 with center=1 (zeros
 * outside the signal) or 0 with center=0. The window (win_length samples) sits centred in the n_fft frame,
 * offset (n_fft - win_length)/2, the rest is zero -- the conventions of librosa.stft.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "kiss_fftr.h"
#include "features/mel_filterbank.h"
#include "features/melspec_params.h"
#include "features/melspec_spectrum.h"
#include "features/rfft_lanes.h"

#define MS_PI 3.14159265358979323846

struct hs_melspec {
    hs_melspec_params p;
    hs_rfft_lanes *lanes;  /* power-of-two n_fft: HS_RFFT_LANES frames per transform */
    kiss_fftr_cfg fft;     /* other even n_fft: KissFFT, one frame at a time */
    kiss_fft_scalar *window; /* win_length coefficients */
    int win_offset;    /* first frame sample the window covers */
    kiss_fft_scalar *frame;  /* n_fft samples; outside the window it stays zero */
    kiss_fft_cpx *spec; /* n_fft/2 + 1 bins */
    double *mag;       /* |X|^power, bin k of lane l at [k * LANES + l] */
    double *band, *band_tmp; /* band energies of LANES frames, n_mels x LANES */
    int mel_bins;      /* bins the mel bank reads: the STFT above them is not needed for log-mel */
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

hs_status hs_melspec_create(const hs_melspec_params *p, hs_melspec **out) {
    if (!out) return HS_ERR_ARG;
    *out = NULL;
    hs_status st = hs_melspec_params_check(p);
    if (st != HS_OK) return st;
    hs_melspec *m = calloc(1, sizeof *m);
    if (!m) return HS_ERR_NOMEM;
    m->p = *p;
    int nb = p->n_fft / 2 + 1;
    if (hs_rfft_lanes_supported(p->n_fft)) m->lanes = hs_rfft_lanes_create(p->n_fft);
    else m->fft = kiss_fftr_alloc(p->n_fft, 0, NULL, NULL);
    m->window = malloc((size_t)p->win_length * sizeof *m->window);
    m->frame = calloc((size_t)p->n_fft, sizeof *m->frame);
    m->spec = malloc((size_t)nb * sizeof(kiss_fft_cpx));
    m->mag = malloc((size_t)nb * HS_RFFT_LANES * sizeof *m->mag);
    m->band = malloc((size_t)p->n_mels * HS_RFFT_LANES * sizeof *m->band);
    m->band_tmp = malloc((size_t)p->n_mels * HS_RFFT_LANES * sizeof *m->band_tmp);
    if ((!m->lanes && !m->fft) || !m->window || !m->frame || !m->spec || !m->mag || !m->band || !m->band_tmp) {
        hs_melspec_destroy(m);
        return HS_ERR_NOMEM;
    }
    make_window(p->window, p->win_length, m->window);
    m->win_offset = (p->n_fft - p->win_length) / 2;
    st = hs_mel_filterbank_build(p, &m->bank);
    if (st != HS_OK) { hs_melspec_destroy(m); return st; }
    for (int b = 0; b < p->n_mels; b++)
        if (m->bank.start[b] + m->bank.len[b] > m->mel_bins) m->mel_bins = m->bank.start[b] + m->bank.len[b];
    *out = m;
    return HS_OK;
}

void hs_melspec_destroy(hs_melspec *m) {
    if (!m) return;
    hs_rfft_lanes_destroy(m->lanes);
    kiss_fftr_free(m->fft);
    free(m->window);
    free(m->frame);
    free(m->spec);
    free(m->mag);
    free(m->band); free(m->band_tmp);
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

/* Windowed frame starting at input sample `start` (may be negative or run past n: zeros there) into dst,
 * whose elements are `stride` apart; only the window's span is written (the rest stays zero). */
static void load_frame(const hs_melspec *m, const float *x, size_t n, long long start, double *dst, int stride) {
    long long s0 = start + m->win_offset;
    dst += (size_t)m->win_offset * stride;
    if (s0 >= 0 && (unsigned long long)(s0 + m->p.win_length) <= n) { /* inside the signal: no bounds tests */
        const float *src = x + s0;
        for (int i = 0; i < m->p.win_length; i++) dst[(size_t)i * stride] = (double)src[i] * m->window[i];
        return;
    }
    for (int i = 0; i < m->p.win_length; i++) {
        long long j = s0 + i;
        dst[(size_t)i * stride] = j >= 0 && (unsigned long long)j < n ? (double)x[j] * m->window[i] : 0.0;
    }
}

/* Natural log of n positive values for the compression, without a libm call per value: one log per band
 * and frame was a quarter of the log-mel's time in WASM. v = 2^e * m with m in [sqrt(1/2), sqrt(2));
 * ln m = 2 atanh(s), s = (m-1)/(m+1), |s| <= 0.172, summed to s^23 (truncation < 1e-17): within a few ulp
 * of libm, and the same arithmetic on every target (no table, no FMA). Branch-free bit manipulation, so
 * the loop vectorises; values that are not normal finite doubles are redone by libm afterwards. */
static void log_values(const double *restrict v, double *restrict out, int n) {
    for (int i = 0; i < n; i++) {
        uint64_t bits;
        memcpy(&bits, &v[i], sizeof bits);
        /* exponent as a double without an int conversion: 2^52 + field, minus 2^52 */
        uint64_t ebits = 0x4330000000000000ull | (bits >> 52);
        double e;
        memcpy(&e, &ebits, sizeof e);
        e -= 4503599627370496.0 + 1023.0;
        bits = (bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull;
        double m;
        memcpy(&m, &bits, sizeof m);
        const int big = m > 1.4142135623730951;
        m = big ? m * 0.5 : m;
        e = big ? e + 1.0 : e;
        const double s = (m - 1.0) / (m + 1.0), s2 = s * s;
        double t = 1.0 / 23;
        for (int k = 21; k >= 1; k -= 2) t = t * s2 + 1.0 / k;
        out[i] = e * 0.69314718055994530942 + 2.0 * s * t;
    }
    for (int i = 0; i < n; i++)
        if (!(v[i] >= DBL_MIN && v[i] <= DBL_MAX)) out[i] = log(v[i]);
}

/* Band energies e[0..n) (band after band, LANES frames each) -> the output scale in place. */
static void compress_values(const hs_melspec_params *p, double *e, double *tmp, int n) {
    if (p->log == HS_LOG_NONE) return;
    const double floor = p->log_floor;
    for (int i = 0; i < n; i++) tmp[i] = p->log == HS_LOG_DB ? (e[i] > floor ? e[i] : floor) : e[i] + floor;
    log_values(tmp, e, n);
    if (p->log == HS_LOG_DB) { /* 10 log10(v) = (10 / ln 10) ln(v); 20 for magnitudes */
        const double k = p->power == 2 ? 4.3429448190325182765 : 8.6858896380650365530;
        for (int i = 0; i < n; i++) e[i] *= k;
    }
}

/* |X|^power of frames f0 .. f0+count-1 (count <= LANES; bins 0..bins-1) into m->mag, lane by lane. */
static void group_spectrum(hs_melspec *m, const float *x, size_t n, size_t f0, int count, int bins) {
    const long long pad = m->p.center ? m->p.n_fft / 2 : 0;
    if (m->lanes) {
        double *in = hs_rfft_lanes_input(m->lanes);
        for (int l = 0; l < HS_RFFT_LANES; l++) {
            if (l < count) load_frame(m, x, n, (long long)(f0 + l) * m->p.hop_length - pad, in + l, HS_RFFT_LANES);
            else load_frame(m, x, 0, 0, in + l, HS_RFFT_LANES); /* unused lane: zeros */
        }
        hs_rfft_lanes_power(m->lanes, bins, m->mag);
    } else {
        for (int l = 0; l < count; l++) {
            load_frame(m, x, n, (long long)(f0 + l) * m->p.hop_length - pad, m->frame, 1);
            kiss_fftr(m->fft, m->frame, m->spec);
            for (int k = 0; k < bins; k++)
                m->mag[k * HS_RFFT_LANES + l] = (double)m->spec[k].r * m->spec[k].r + (double)m->spec[k].i * m->spec[k].i;
        }
    }
    if (m->p.power == 1)
        for (size_t i = 0; i < (size_t)bins * HS_RFFT_LANES; i++) m->mag[i] = sqrt(m->mag[i]);
}

hs_status hs_melspec_spectrum(hs_melspec *m, const float *x, size_t n, float *out) {
    if (!m || !out || (!x && n)) return HS_ERR_ARG;
    if (n == 0) return HS_ERR_EMPTY;
    size_t frames = hs_melspec_frames(m, n);
    if (frames == 0) return HS_ERR_TOO_SHORT;
    int nb = m->p.n_fft / 2 + 1;
    for (size_t f = 0; f < frames; f += HS_RFFT_LANES) {
        int count = frames - f < HS_RFFT_LANES ? (int)(frames - f) : HS_RFFT_LANES;
        group_spectrum(m, x, n, f, count, nb);
        for (int l = 0; l < count; l++)
            for (int k = 0; k < nb; k++) out[(f + l) * (size_t)nb + k] = (float)m->mag[k * HS_RFFT_LANES + l];
    }
    return HS_OK;
}

hs_status hs_melspec_compute(hs_melspec *m, const float *x, size_t n, float *out) {
    if (!m || !out || (!x && n)) return HS_ERR_ARG;
    if (n == 0) return HS_ERR_EMPTY;
    size_t frames = hs_melspec_frames(m, n);
    if (frames == 0) return HS_ERR_TOO_SHORT;
    const hs_melspec_params *p = &m->p;
    for (size_t f = 0; f < frames; f += HS_RFFT_LANES) {
        int count = frames - f < HS_RFFT_LANES ? (int)(frames - f) : HS_RFFT_LANES;
        group_spectrum(m, x, n, f, count, m->mel_bins);
        for (int b = 0; b < p->n_mels; b++) {
            const float *w = m->bank.w + m->bank.off[b];
            const double *mag = m->mag + (size_t)m->bank.start[b] * HS_RFFT_LANES;
            double *acc = m->band + (size_t)b * HS_RFFT_LANES;
            for (int l = 0; l < HS_RFFT_LANES; l++) acc[l] = 0.0;
            for (int i = 0; i < m->bank.len[b]; i++)
                for (int l = 0; l < HS_RFFT_LANES; l++) acc[l] += (double)w[i] * mag[i * HS_RFFT_LANES + l];
        }
        compress_values(p, m->band, m->band_tmp, p->n_mels * HS_RFFT_LANES);
        for (int l = 0; l < count; l++)
            for (int b = 0; b < p->n_mels; b++)
                out[(f + l) * (size_t)p->n_mels + b] = (float)m->band[(size_t)b * HS_RFFT_LANES + l];
    }
    return HS_OK;
}
