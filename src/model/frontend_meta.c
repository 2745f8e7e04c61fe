#include "model/frontend_meta.h"

#include <string.h>

static const char *const window_names[] = {"hann_periodic", "hann_symmetric", "hamming_periodic"};
static const char *const scale_names[] = {"htk", "slaney"};
static const char *const melnorm_names[] = {"none", "slaney"};
static const char *const log_names[] = {"none", "db", "ln_offset"};
#define COUNT(a) (int)(sizeof(a) / sizeof(a[0]))

static const char *name_of(const char *const *names, int n, int v) { return v >= 0 && v < n ? names[v] : NULL; }

static hs_status read_name(const hs_hsm *h, const char *key, const char *const *names, int n, int *out) {
    const char *v = hs_hsm_meta_get(h, key);
    for (int i = 0; v && i < n; i++)
        if (strcmp(v, names[i]) == 0) { *out = i; return HS_OK; }
    return HS_ERR_MODEL_FORMAT;
}

hs_status hs_frontend_meta_write(hs_hsm_writer *w, const hs_preproc_params *pp, const hs_melspec_params *mp) {
    const char *win = name_of(window_names, COUNT(window_names), (int)mp->window);
    const char *scale = name_of(scale_names, COUNT(scale_names), (int)mp->mel_scale);
    const char *norm = name_of(melnorm_names, COUNT(melnorm_names), (int)mp->mel_norm);
    const char *lg = name_of(log_names, COUNT(log_names), (int)mp->log);
    if (!win || !scale || !norm || !lg) return HS_ERR_ARG;
    hs_status st = HS_OK;
    /* %.9g: enough digits for every float to read back bit-identical */
#define PUT(key, ...) if (st == HS_OK) st = hs_hsm_add_metaf(w, key, __VA_ARGS__)
    PUT("preproc.sample_rate", "%d", pp->sample_rate);
    PUT("preproc.bandpass_lo_hz", "%.9g", (double)pp->bandpass_lo_hz);
    PUT("preproc.bandpass_hi_hz", "%.9g", (double)pp->bandpass_hi_hz);
    PUT("preproc.bandpass_order", "%d", pp->bandpass_order);
    PUT("preproc.normalize", "%d", pp->normalize);
    PUT("melspec.sample_rate", "%d", mp->sample_rate);
    PUT("melspec.n_fft", "%d", mp->n_fft);
    PUT("melspec.win_length", "%d", mp->win_length);
    PUT("melspec.hop_length", "%d", mp->hop_length);
    PUT("melspec.window", "%s", win);
    PUT("melspec.center", "%d", mp->center);
    PUT("melspec.n_mels", "%d", mp->n_mels);
    PUT("melspec.fmin", "%.9g", (double)mp->fmin);
    PUT("melspec.fmax", "%.9g", (double)mp->fmax);
    PUT("melspec.mel_scale", "%s", scale);
    PUT("melspec.mel_norm", "%s", norm);
    PUT("melspec.power", "%d", mp->power);
    PUT("melspec.log", "%s", lg);
    PUT("melspec.log_floor", "%.9g", (double)mp->log_floor);
    PUT("melspec.triangles_on_mel", "%d", mp->triangles_on_mel);
#undef PUT
    return st;
}

hs_status hs_frontend_meta_read(const hs_hsm *h, hs_preproc_params *pp, hs_melspec_params *mp) {
    memset(pp, 0, sizeof *pp);
    memset(mp, 0, sizeof *mp);
    int win = 0, scale = 0, norm = 0, lg = 0;
    hs_status st = HS_OK;
#define GET(fn, key, dst) if (st == HS_OK) st = fn(h, key, dst)
    GET(hs_hsm_meta_int, "preproc.sample_rate", &pp->sample_rate);
    GET(hs_hsm_meta_float, "preproc.bandpass_lo_hz", &pp->bandpass_lo_hz);
    GET(hs_hsm_meta_float, "preproc.bandpass_hi_hz", &pp->bandpass_hi_hz);
    GET(hs_hsm_meta_int, "preproc.bandpass_order", &pp->bandpass_order);
    GET(hs_hsm_meta_int, "preproc.normalize", &pp->normalize);
    GET(hs_hsm_meta_int, "melspec.sample_rate", &mp->sample_rate);
    GET(hs_hsm_meta_int, "melspec.n_fft", &mp->n_fft);
    GET(hs_hsm_meta_int, "melspec.win_length", &mp->win_length);
    GET(hs_hsm_meta_int, "melspec.hop_length", &mp->hop_length);
    GET(hs_hsm_meta_int, "melspec.center", &mp->center);
    GET(hs_hsm_meta_int, "melspec.n_mels", &mp->n_mels);
    GET(hs_hsm_meta_float, "melspec.fmin", &mp->fmin);
    GET(hs_hsm_meta_float, "melspec.fmax", &mp->fmax);
    GET(hs_hsm_meta_int, "melspec.power", &mp->power);
    GET(hs_hsm_meta_float, "melspec.log_floor", &mp->log_floor);
#undef GET
    /* added after the first models were written: absent means the original (librosa-style) triangles */
    if (st == HS_OK && hs_hsm_meta_get(h, "melspec.triangles_on_mel"))
        st = hs_hsm_meta_int(h, "melspec.triangles_on_mel", &mp->triangles_on_mel);
    if (st == HS_OK && mp->triangles_on_mel != 0 && mp->triangles_on_mel != 1) st = HS_ERR_MODEL_FORMAT;
    if (st == HS_OK) st = read_name(h, "melspec.window", window_names, COUNT(window_names), &win);
    if (st == HS_OK) st = read_name(h, "melspec.mel_scale", scale_names, COUNT(scale_names), &scale);
    if (st == HS_OK) st = read_name(h, "melspec.mel_norm", melnorm_names, COUNT(melnorm_names), &norm);
    if (st == HS_OK) st = read_name(h, "melspec.log", log_names, COUNT(log_names), &lg);
    if (st != HS_OK) return HS_ERR_MODEL_FORMAT;
    mp->window = (hs_window)win;
    mp->mel_scale = (hs_mel_scale)scale;
    mp->mel_norm = (hs_mel_norm)norm;
    mp->log = (hs_log_kind)lg;
    return HS_OK;
}
