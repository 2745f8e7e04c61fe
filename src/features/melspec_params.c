/* Log-mel parameters: the PCG defaults (justified in docs/FEATURES.md), validation, JSON. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "features/melspec_params.h"

hs_melspec_params hs_melspec_default_pcg(void) {
    hs_melspec_params p;
    p.sample_rate = 2000;               /* fixed by the team: the preprocessed rate */
    p.n_fft = 256;                      /* zero-padded FFT: 7.8 Hz bins, several per mel band */
    p.win_length = 128;                 /* 64 ms: shorter than S1/S2 (~100 ms), long enough for 15 Hz resolution */
    p.hop_length = 40;                  /* fixed by the team: 20 ms, 50 frames/s */
    p.window = HS_WINDOW_HANN_PERIODIC;
    p.center = 1;                       /* fixed by the team: frame k centred on t = k * hop */
    p.n_mels = 32;                      /* fixed by the team */
    p.fmin = 25.0f;                     /* the band-pass's lower edge */
    p.fmax = 600.0f;                    /* murmurs reach past the 400 Hz edge; at 600 Hz the band-pass is -44 dB */
    p.mel_scale = HS_MEL_SLANEY;        /* linear below 1 kHz: even 17 Hz bands over the whole PCG range */
    p.mel_norm = HS_MELNORM_SLANEY;     /* equal-area bands: levels comparable across bands */
    p.power = 2;
    p.log = HS_LOG_DB;
    p.log_floor = 1e-10f;               /* librosa's amin: -100 dB, far below a unit-RMS signal's bands */
    p.triangles_on_mel = 0;             /* librosa's triangles, linear in Hz */
    return p;
}

static const char *const window_names[] = {"hann_periodic", "hann_symmetric", "hamming_periodic"};
static const char *const scale_names[] = {"htk", "slaney"};
static const char *const norm_names[] = {"none", "slaney"};
static const char *const log_names[] = {"none", "db", "ln_offset"};
#define NAME(tab, v) ((int)(v) >= 0 && (size_t)(v) < sizeof tab / sizeof tab[0] ? tab[(int)(v)] : "?")

const char *hs_window_name(hs_window w) { return NAME(window_names, w); }
const char *hs_mel_scale_name(hs_mel_scale s) { return NAME(scale_names, s); }
const char *hs_mel_norm_name(hs_mel_norm n) { return NAME(norm_names, n); }
const char *hs_log_kind_name(hs_log_kind k) { return NAME(log_names, k); }

hs_status hs_melspec_params_check(const hs_melspec_params *p) {
    if (!p) return HS_ERR_ARG;
    if (p->sample_rate < HS_MIN_RATE || p->sample_rate > HS_MAX_RATE) return HS_ERR_ARG;
    if (p->n_fft < 2 || p->n_fft > HS_MELSPEC_MAX_NFFT || p->n_fft % 2) return HS_ERR_ARG;
    if (p->win_length < 1 || p->win_length > p->n_fft || p->hop_length < 1) return HS_ERR_ARG;
    if ((int)p->window < 0 || (int)p->window > HS_WINDOW_HAMMING_PERIODIC) return HS_ERR_ARG;
    if (p->center != 0 && p->center != 1) return HS_ERR_ARG;
    if (p->n_mels < 1 || p->n_mels > HS_MELSPEC_MAX_MELS) return HS_ERR_ARG;
    if (!isfinite(p->fmin) || !isfinite(p->fmax) || p->fmin < 0.0f || p->fmax <= p->fmin ||
        p->fmax > 0.5f * (float)p->sample_rate)
        return HS_ERR_ARG;
    if ((int)p->mel_scale < 0 || (int)p->mel_scale > HS_MEL_SLANEY) return HS_ERR_ARG;
    if ((int)p->mel_norm < 0 || (int)p->mel_norm > HS_MELNORM_SLANEY) return HS_ERR_ARG;
    if (p->power != 1 && p->power != 2) return HS_ERR_ARG;
    if ((int)p->log < 0 || (int)p->log > HS_LOG_LN_OFFSET) return HS_ERR_ARG;
    if (p->log != HS_LOG_NONE && !(isfinite(p->log_floor) && p->log_floor > 0.0f)) return HS_ERR_ARG;
    if (p->triangles_on_mel != 0 && p->triangles_on_mel != 1) return HS_ERR_ARG;
    return HS_OK;
}

/* Shortest decimal that reads back as the same float (1e-10f prints as 1e-10, not 1.00000001e-10). */
static void float_text(float v, char *buf, size_t cap) {
    if (!isfinite(v)) { snprintf(buf, cap, "null"); return; }
    for (int digits = 6; digits <= 9; digits++) {
        snprintf(buf, cap, "%.*g", digits, (double)v);
        if (strtof(buf, NULL) == v) return;
    }
}

int hs_melspec_params_json(const hs_melspec_params *p, char *buf, size_t cap) {
    if (!p) return snprintf(buf, cap, "null");
    char fmin[32], fmax[32], lfloor[32];
    float_text(p->fmin, fmin, sizeof fmin);
    float_text(p->fmax, fmax, sizeof fmax);
    float_text(p->log_floor, lfloor, sizeof lfloor);
    return snprintf(buf, cap,
                    "{\"sample_rate\":%d,\"n_fft\":%d,\"win_length\":%d,\"hop_length\":%d,\"window\":\"%s\","
                    "\"center\":%d,\"n_mels\":%d,\"fmin\":%s,\"fmax\":%s,\"mel_scale\":\"%s\","
                    "\"mel_norm\":\"%s\",\"power\":%d,\"log\":\"%s\",\"log_floor\":%s,\"triangles_on_mel\":%d}",
                    p->sample_rate, p->n_fft, p->win_length, p->hop_length, hs_window_name(p->window),
                    p->center, p->n_mels, fmin, fmax, hs_mel_scale_name(p->mel_scale),
                    hs_mel_norm_name(p->mel_norm), p->power, hs_log_kind_name(p->log), lfloor,
                    p->triangles_on_mel);
}
