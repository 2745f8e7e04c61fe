/* int8 CNN record path (see cnn_q8_infer.h). */
#include "model/cnn/cnn_q8_infer.h"
#include "model/windowing.h"
#include "nn/xnn_runtime.h"

#include <stdlib.h>
#include <string.h>

enum { BATCH = 8 }; /* windows per XNNPACK run: amortises operator setup, keeps buffers small */

struct hs_cnn_q8_runtime {
    const hs_cnn_q8_model *m;
    hs_xnn_runtime *xnn;   /* NULL: reference path */
    hs_melspec *mel;
    float *batch;          /* BATCH windows */
    int8_t *ref_act;       /* reference path scratch (NULL with XNNPACK) */
    float *ref_work;
    float p[BATCH];
    float *logmel;         /* grown for longer recordings */
    size_t logmel_cap;
    int8_t *qlogmel;       /* XNNPACK path: the whole log-mel quantised once (windows overlap 4x) */
    size_t qlogmel_cap;
    int8_t *qtail;         /* BATCH windows that run past the log-mel's end, padded */
    const int8_t *qwin[BATCH];
    size_t *starts;
    size_t starts_cap;
};

hs_cnn_q8_runtime *hs_cnn_q8_runtime_create(const hs_cnn_q8_model *m, int backend, hs_status *st) {
    hs_status s = HS_OK;
    hs_cnn_q8_runtime *rt = NULL;
    if (!m) { s = HS_ERR_ARG; goto done; }
    rt = calloc(1, sizeof *rt);
    if (!rt) { s = HS_ERR_NOMEM; goto done; }
    rt->m = m;
    s = hs_melspec_create(&m->base.melspec, &rt->mel);
    if (!rt->mel) goto done;
    rt->batch = malloc((size_t)BATCH * m->q.in_h * m->q.in_w * m->q.in_c * sizeof(float));
    if (!rt->batch) { s = HS_ERR_NOMEM; goto done; }
    if (backend == HS_Q8_AUTO && hs_xnn_available()) {
        rt->xnn = hs_xnn_runtime_create(&m->q, BATCH, &s);
        if (!rt->xnn) goto done;
        rt->qtail = malloc((size_t)BATCH * m->q.in_h * m->q.in_w * m->q.in_c);
        if (!rt->qtail) { s = HS_ERR_NOMEM; goto done; }
    } else {
        rt->ref_act = malloc(2 * (size_t)BATCH * hs_qnet_max_activation(&m->q));
        rt->ref_work = malloc(hs_qnet_head_work_floats(&m->q, BATCH) * sizeof(float));
        if (!rt->ref_act || !rt->ref_work) { s = HS_ERR_NOMEM; goto done; }
    }
done:
    if (s != HS_OK) { hs_cnn_q8_runtime_destroy(rt); rt = NULL; }
    if (st) *st = s;
    return rt;
}

void hs_cnn_q8_runtime_destroy(hs_cnn_q8_runtime *rt) {
    if (!rt) return;
    hs_xnn_runtime_destroy(rt->xnn);
    hs_melspec_destroy(rt->mel);
    free(rt->batch); free(rt->logmel); free(rt->starts); free(rt->ref_act); free(rt->ref_work);
    free(rt->qlogmel); free(rt->qtail);
    free(rt);
}

const char *hs_cnn_q8_runtime_backend(const hs_cnn_q8_runtime *rt) {
    return rt && rt->xnn ? "xnnpack" : "reference";
}

/* The network input is one window of the log-mel as it is (win frames x mels x 1 channel)? Then the int8
 * path can point into the quantised log-mel; the shipped models all are. */
static int window_is_input(const hs_cnn_q8_runtime *rt) {
    const hs_cnn_q8_model *m = rt->m;
    return m->q.in_c == 1 && m->q.in_h == m->base.window_frames && m->q.in_w == m->base.melspec.n_mels;
}

/* XNNPACK on int8: quantise the whole log-mel once (the same int8 values per-window quantisation gives),
 * then windows are pointers into it; only a window running past the end is copied, padded with the
 * quantised 0.0 that hs_window_copy's zero rows would give. */
static hs_status quantize_logmel(hs_cnn_q8_runtime *rt, const float *logmel, size_t frames) {
    const size_t n = frames * (size_t)rt->m->base.melspec.n_mels;
    if (n > rt->qlogmel_cap) {
        int8_t *q = realloc(rt->qlogmel, n);
        if (!q) return HS_ERR_NOMEM;
        rt->qlogmel = q; rt->qlogmel_cap = n;
    }
    hs_quantize_f32(&rt->m->q.input, logmel, n, rt->qlogmel);
    return HS_OK;
}

/* The batch's windows all lie inside the log-mel, hop frames apart (not so for a window aligned to the end
 * or a padded one): the runtime may then share work between them (hs_xnn_runtime_run_q8_strided). */
static int hop_spaced(size_t frames, const size_t *starts, int k, int win, int hop) {
    for (int j = 0; j < k; j++)
        if (starts[j] != starts[0] + (size_t)j * hop || starts[j] + (size_t)win > frames) return 0;
    return 1;
}

static hs_status run_windows_q8(hs_cnn_q8_runtime *rt, size_t frames, const size_t *starts, int k) {
    const int win = rt->m->base.window_frames, mels = rt->m->base.melspec.n_mels;
    const size_t win_sz = (size_t)win * mels;
    if (hop_spaced(frames, starts, k, win, rt->m->base.hop_frames))
        return hs_xnn_runtime_run_q8_strided(rt->xnn, rt->qlogmel + starts[0] * mels, rt->m->base.hop_frames, k,
                                             rt->p);
    for (int j = 0; j < k; j++) {
        if (starts[j] + (size_t)win <= frames) { rt->qwin[j] = rt->qlogmel + starts[j] * mels; continue; }
        int8_t *dst = rt->qtail + j * win_sz, zero;
        const float z = 0.0f;
        hs_quantize_f32(&rt->m->q.input, &z, 1, &zero);
        const size_t have = starts[j] < frames ? (frames - starts[j]) * mels : 0;
        if (have) memcpy(dst, rt->qlogmel + starts[j] * mels, have);
        memset(dst + have, zero, win_sz - have);
        rt->qwin[j] = dst;
    }
    return hs_xnn_runtime_run_q8(rt->xnn, rt->qwin, k, rt->p);
}

static hs_status run_windows_float(hs_cnn_q8_runtime *rt, const float *logmel, size_t frames, const size_t *starts,
                                   int k) {
    const int win = rt->m->base.window_frames, mels = rt->m->base.melspec.n_mels;
    const size_t win_sz = (size_t)win * mels;
    for (int j = 0; j < k; j++) hs_window_copy(logmel, frames, mels, starts[j], win, rt->batch + j * win_sz);
    if (rt->xnn) return hs_xnn_runtime_run(rt->xnn, rt->batch, k, rt->p);
    hs_qnet_forward_ref_scratch(&rt->m->q, rt->batch, k, rt->p, rt->ref_act, rt->ref_work);
    return HS_OK;
}

hs_status hs_cnn_q8_score_features(hs_cnn_q8_runtime *rt, const float *logmel, size_t frames, hs_result *out) {
    if (!rt || !out || (!logmel && frames > 0)) return HS_ERR_ARG;
    memset(out, 0, sizeof *out);
    const hs_cnn_model *b = &rt->m->base;
    const int win = b->window_frames;
    const size_t n = hs_window_starts(frames, win, b->hop_frames, NULL, 0);
    if (n == 0) return HS_ERR_ARG;
    if (n > rt->starts_cap) {
        size_t *s = realloc(rt->starts, n * sizeof *s);
        if (!s) return HS_ERR_NOMEM;
        rt->starts = s; rt->starts_cap = n;
    }
    hs_window_starts(frames, win, b->hop_frames, rt->starts, n);
    const int q8 = rt->xnn && window_is_input(rt);
    if (q8) {
        hs_status st = quantize_logmel(rt, logmel, frames);
        if (st != HS_OK) return st;
    }
    out->windows = calloc(n, sizeof *out->windows);
    if (!out->windows) return HS_ERR_NOMEM;
    out->n_windows = n;
    const double frame_s = (double)b->melspec.hop_length / b->melspec.sample_rate, end_s = frames * frame_s;
    double sum = 0.0;
    for (size_t i = 0; i < n; i += BATCH) {
        const int k = n - i < BATCH ? (int)(n - i) : BATCH;
        hs_status st = q8 ? run_windows_q8(rt, frames, rt->starts + i, k)
                          : run_windows_float(rt, logmel, frames, rt->starts + i, k);
        if (st != HS_OK) { hs_result_free(out); return st; }
        for (int j = 0; j < k; j++) {
            hs_window_score *w = &out->windows[i + j];
            w->t0 = rt->starts[i + j] * frame_s;
            w->t1 = w->t0 + win * frame_s;
            if (w->t1 > end_s) w->t1 = end_s;
            w->p = rt->p[j];
            sum += rt->p[j];
        }
    }
    out->p_abnormal = (float)(sum / (double)n);
    out->threshold = b->threshold;
    out->abnormal = out->p_abnormal >= b->threshold;
    return HS_OK;
}

hs_status hs_cnn_q8_runtime_logmel(hs_cnn_q8_runtime *rt, const hs_audio *audio, const float **logmel,
                                   size_t *frames) {
    if (!rt || !audio || !logmel || !frames) return HS_ERR_ARG;
    hs_audio pre = {0};
    hs_status st = hs_preprocess(audio, &rt->m->base.preproc, &pre);
    if (st != HS_OK) return st;
    const int mels = rt->m->base.melspec.n_mels;
    const size_t nf = hs_melspec_frames(rt->mel, pre.n);
    if (nf * (size_t)mels > rt->logmel_cap) {
        float *l = realloc(rt->logmel, nf * (size_t)mels * sizeof(float));
        if (!l) { hs_audio_free(&pre); return HS_ERR_NOMEM; }
        rt->logmel = l; rt->logmel_cap = nf * (size_t)mels;
    }
    st = hs_melspec_compute(rt->mel, pre.samples, pre.n, rt->logmel);
    hs_audio_free(&pre);
    if (st != HS_OK) return st;
    hs_logmel_normalize(rt->logmel, nf, mels, rt->m->base.norm_mode);
    *logmel = rt->logmel;
    *frames = nf;
    return HS_OK;
}

hs_status hs_cnn_q8_runtime_classify(hs_cnn_q8_runtime *rt, const hs_audio *audio, hs_result *out) {
    if (!rt || !audio || !out) return HS_ERR_ARG;
    memset(out, 0, sizeof *out);
    const float *logmel;
    size_t frames;
    hs_status st = hs_cnn_q8_runtime_logmel(rt, audio, &logmel, &frames);
    if (st != HS_OK) return st;
    if ((st = hs_cnn_q8_score_features(rt, logmel, frames, out)) != HS_OK) return st;
    /* centred frames run half a hop past the end: clip window ends to the recording, as the float path does */
    const double duration_s = (double)audio->n / audio->sample_rate;
    for (size_t i = 0; i < out->n_windows; i++)
        if (out->windows[i].t1 > duration_s) out->windows[i].t1 = duration_s;
    return HS_OK;
}
