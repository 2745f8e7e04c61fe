/* hs_cnn_model_check: everything a CNN model must satisfy before it is saved or run. Loading calls it too,
 * so inference code can rely on consistent shapes instead of re-checking per call. */
#include "model/cnn/cnn_io.h"
#include "features/melspec_params.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Geometry limits: generous for any PCG CNN, tight enough that no product below can overflow. */
enum { MAX_LAYERS = 256, MAX_IN = 100000, MAX_KERNEL = 256, MAX_UNITS = 65536 };
/* Per-layer weights (floats): counted in double so the check itself cannot overflow a 32-bit size_t (wasm). */
#define MAX_LAYER_WEIGHTS 67108864.0

static hs_status fail(char *why, size_t cap, const char *fmt, ...) {
    if (why && cap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, cap, fmt, ap);
        va_end(ap);
    }
    return HS_ERR_MODEL_FORMAT;
}

static int in_range(int v, int lo, int hi) { return v >= lo && v <= hi; }

static int all_finite(const float *x, size_t n) {
    if (!x) return 0;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i])) return 0;
    return 1;
}

static hs_status check_geometry(const hs_layer *L, int i, char *why, size_t cap) {
    switch (L->kind) {
    case HS_LAYER_CONV2D:
        if (!in_range(L->ph, 0, MAX_KERNEL) || !in_range(L->pw, 0, MAX_KERNEL))
            return fail(why, cap, "layer %d: padding out of range", i);
        /* fall through - kernel and stride are checked as for the pools */
    case HS_LAYER_MAXPOOL:
    case HS_LAYER_AVGPOOL:
        if (!in_range(L->kh, 1, MAX_KERNEL) || !in_range(L->kw, 1, MAX_KERNEL) ||
            !in_range(L->sh, 1, MAX_KERNEL) || !in_range(L->sw, 1, MAX_KERNEL))
            return fail(why, cap, "layer %d: kernel/stride out of range", i);
        if (L->kind == HS_LAYER_CONV2D && !in_range(L->units, 1, MAX_UNITS))
            return fail(why, cap, "layer %d: units out of range", i);
        return HS_OK;
    case HS_LAYER_DENSE:
        return in_range(L->units, 1, MAX_UNITS) ? HS_OK : fail(why, cap, "layer %d: units out of range", i);
    case HS_LAYER_BATCHNORM:
        return L->eps > 0.0f && L->eps < 1.0f ? HS_OK : fail(why, cap, "layer %d: eps out of range", i);
    case HS_LAYER_DROPOUT:
        return L->rate >= 0.0f && L->rate < 1.0f ? HS_OK : fail(why, cap, "layer %d: rate out of range", i);
    case HS_LAYER_RELU:
    case HS_LAYER_GLOBAL_AVGPOOL:
    case HS_LAYER_SIGMOID:
        return HS_OK;
    }
    return fail(why, cap, "layer %d: unknown kind %d", i, (int)L->kind);
}

static hs_status check_params(const hs_layer *L, int i, char *why, size_t cap) {
    size_t nw = hs_layer_weight_count(L), nb = hs_layer_bias_count(L);
    if (L->kind == HS_LAYER_CONV2D || L->kind == HS_LAYER_DENSE) {
        if (!all_finite(L->w, nw) || !all_finite(L->b, nb))
            return fail(why, cap, "layer %d: weights missing or not finite", i);
    } else if (L->kind == HS_LAYER_BATCHNORM) {
        if (!all_finite(L->gamma, nb) || !all_finite(L->beta, nb) || !all_finite(L->mean, nb) ||
            !all_finite(L->var, nb))
            return fail(why, cap, "layer %d: batch-norm statistics missing or not finite", i);
        for (size_t c = 0; c < nb; c++)
            if (L->var[c] < 0.0f) return fail(why, cap, "layer %d: negative variance", i);
    }
    return HS_OK;
}

static hs_status check_frontend(const hs_cnn_model *m, char *why, size_t cap) {
    const hs_preproc_params *pp = &m->preproc;
    const hs_melspec_params *mp = &m->melspec;
    if (!in_range(pp->sample_rate, HS_MIN_RATE, HS_MAX_RATE))
        return fail(why, cap, "preproc.sample_rate %d out of range", pp->sample_rate);
    if (mp->sample_rate != pp->sample_rate)
        return fail(why, cap, "melspec.sample_rate %d != preproc.sample_rate %d", mp->sample_rate, pp->sample_rate);
    if (hs_melspec_params_check(mp) != HS_OK) return fail(why, cap, "melspec parameters invalid");
    if (mp->triangles_on_mel != 0 && mp->triangles_on_mel != 1)
        return fail(why, cap, "melspec.triangles_on_mel %d is not 0 or 1 (uninitialised?)", mp->triangles_on_mel);
    if (mp->n_mels != m->net.in_w)
        return fail(why, cap, "melspec.n_mels %d != network input width %d", mp->n_mels, m->net.in_w);
    return HS_OK;
}

hs_status hs_cnn_net_check(hs_net *net, char *why, size_t cap) {
    if (why && cap) why[0] = 0;
    if (!net) return HS_ERR_ARG;
    if (!in_range(net->in_h, 1, MAX_IN) || !in_range(net->in_w, 1, MAX_IN) || net->in_c != 1)
        return fail(why, cap, "input %dx%dx%d out of range (channels must be 1)", net->in_h, net->in_w, net->in_c);
    if (!in_range(net->n_layers, 1, MAX_LAYERS) || !net->layers)
        return fail(why, cap, "%d layers (1..%d)", net->n_layers, MAX_LAYERS);
    for (int i = 0; i < net->n_layers; i++) {
        hs_status st = check_geometry(&net->layers[i], i, why, cap);
        if (st != HS_OK) return st;
    }
    if (hs_net_shapes(net) != 0) return fail(why, cap, "layer shapes do not fit the %dx%d input", net->in_h, net->in_w);
    for (int i = 0; i < net->n_layers; i++) {
        const hs_layer *L = &net->layers[i];
        double fan_in = L->kind == HS_LAYER_CONV2D ? (double)L->kh * L->kw * L->in_c
                        : L->kind == HS_LAYER_DENSE ? (double)L->in_h * L->in_w * L->in_c : 0.0;
        if (fan_in * L->units > MAX_LAYER_WEIGHTS) return fail(why, cap, "layer %d: too many weights", i);
    }
    const hs_layer *last = &net->layers[net->n_layers - 1];
    if (last->kind != HS_LAYER_SIGMOID || (size_t)last->out_h * last->out_w * last->out_c != 1)
        return fail(why, cap, "the network must end in one sigmoid unit");
    return HS_OK;
}

hs_status hs_cnn_model_check(hs_cnn_model *m, char *why, size_t cap) {
    if (!m) return HS_ERR_ARG;
    hs_net *net = &m->net;
    hs_status st = hs_cnn_net_check(net, why, cap);
    if (st != HS_OK) return st;
    for (int i = 0; i < net->n_layers; i++) {
        st = check_params(&net->layers[i], i, why, cap);
        if (st != HS_OK) return st;
    }
    if (m->window_frames != net->in_h)
        return fail(why, cap, "window_frames %d != network input height %d", m->window_frames, net->in_h);
    if (!in_range(m->hop_frames, 1, m->window_frames))
        return fail(why, cap, "hop_frames %d not in 1..window_frames", m->hop_frames);
    if (m->norm_mode != HS_NORM_NONE && m->norm_mode != HS_NORM_RECORDING)
        return fail(why, cap, "unknown norm_mode %d", m->norm_mode);
    if (!(m->threshold >= 0.0f && m->threshold <= 1.0f)) return fail(why, cap, "threshold not in [0, 1]");
    if (!memchr(m->name, 0, sizeof m->name)) return fail(why, cap, "name not terminated");
    return check_frontend(m, why, cap);
}
