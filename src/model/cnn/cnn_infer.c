/* Plain-C float CNN inference: windows of a normalised log-mel through the net, averaged per recording. */
#include "model/cnn/cnn_infer.h"
#include "nn/layers.h"

#include <stdlib.h>
#include <string.h>

float hs_cnn_forward(const hs_net *net, const float *x, float *scratch) {
    float p = 0.0f;
    hs_net_forward(net, x, 1, &p, scratch);
    return p;
}

size_t hs_cnn_scratch_floats(const hs_net *net) { return hs_net_forward_work_floats(net, 1); }

/* Buffers for scoring; owned by a runtime (reused) or by one hs_cnn_score_features call. */
typedef struct score_buffers {
    size_t *starts;
    size_t starts_cap;
    float *window; /* window_frames * n_mels */
    float *work;   /* hs_cnn_scratch_floats */
} score_buffers;

static hs_status buffers_init(score_buffers *b, const hs_cnn_model *m) {
    memset(b, 0, sizeof *b);
    b->window = malloc(sizeof(float) * (size_t)m->window_frames * (size_t)m->net.in_w);
    b->work = malloc(sizeof(float) * hs_cnn_scratch_floats(&m->net));
    return b->window && b->work ? HS_OK : HS_ERR_NOMEM;
}

static void buffers_free(score_buffers *b) {
    free(b->starts);
    free(b->window);
    free(b->work);
    memset(b, 0, sizeof *b);
}

/* Windows -> p; duration_s clips t1 (the original recording's length). */
static hs_status score(const hs_cnn_model *m, const float *logmel, size_t frames, double duration_s,
                       score_buffers *b, hs_result *out) {
    size_t n = hs_window_starts(frames, m->window_frames, m->hop_frames, NULL, 0);
    if (n > b->starts_cap) {
        size_t *s = realloc(b->starts, n * sizeof *s);
        if (!s) return HS_ERR_NOMEM;
        b->starts = s;
        b->starts_cap = n;
    }
    hs_window_starts(frames, m->window_frames, m->hop_frames, b->starts, n);
    hs_window_score *ws = malloc(n * sizeof *ws);
    if (!ws) return HS_ERR_NOMEM;
    const double frame_s = (double)m->melspec.hop_length / m->melspec.sample_rate;
    const int mels = m->net.in_w;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        hs_window_copy(logmel, frames, mels, b->starts[i], m->window_frames, b->window);
        ws[i].p = hs_cnn_forward(&m->net, b->window, b->work);
        ws[i].t0 = (double)b->starts[i] * frame_s;
        ws[i].t1 = ws[i].t0 + m->window_frames * frame_s;
        if (ws[i].t1 > duration_s) ws[i].t1 = duration_s;
        sum += ws[i].p;
    }
    out->n_windows = n;
    out->windows = ws;
    out->p_abnormal = (float)(sum / (double)n);
    out->threshold = m->threshold;
    out->abnormal = out->p_abnormal >= m->threshold;
    return HS_OK;
}

hs_status hs_cnn_score_features(const hs_cnn_model *m, const float *logmel, size_t frames, hs_result *out) {
    if (!out) return HS_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (!m || !m->net.layers || (!logmel && frames) || m->window_frames != m->net.in_h) return HS_ERR_ARG;
    score_buffers b;
    hs_status st = buffers_init(&b, m);
    double duration = (double)frames * m->melspec.hop_length / m->melspec.sample_rate;
    if (st == HS_OK) st = score(m, logmel, frames, duration, &b, out);
    buffers_free(&b);
    return st;
}

struct hs_cnn_runtime {
    const hs_cnn_model *m;
    hs_melspec *mel;
    float *logmel;     /* frames * n_mels; grows with the longest recording seen */
    size_t logmel_cap; /* floats */
    score_buffers b;
};

hs_cnn_runtime *hs_cnn_runtime_create(const hs_cnn_model *m, hs_status *st) {
    hs_status s = HS_OK;
    hs_cnn_runtime *rt = NULL;
    if (!m || !m->net.layers) s = HS_ERR_ARG;
    else if (!(rt = calloc(1, sizeof *rt))) s = HS_ERR_NOMEM;
    if (s == HS_OK) {
        rt->m = m;
        s = hs_melspec_create(&m->melspec, &rt->mel);
        if (s == HS_ERR_ARG) s = HS_ERR_MODEL_FORMAT; /* parameters came from the model file */
        if (s == HS_OK && !rt->mel) s = HS_ERR_NOMEM;
        /* the file's mel parameters are parsed separately from the net: they must agree */
        if (s == HS_OK && m->melspec.n_mels != m->net.in_w) s = HS_ERR_MODEL_FORMAT;
        if (s == HS_OK) s = buffers_init(&rt->b, m);
    }
    if (s != HS_OK) { hs_cnn_runtime_destroy(rt); rt = NULL; }
    if (st) *st = s;
    return rt;
}

void hs_cnn_runtime_destroy(hs_cnn_runtime *rt) {
    if (!rt) return;
    hs_melspec_destroy(rt->mel);
    free(rt->logmel);
    buffers_free(&rt->b);
    free(rt);
}

hs_status hs_cnn_runtime_classify(hs_cnn_runtime *rt, const hs_audio *audio, hs_result *out) {
    if (!out) return HS_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (!rt || !audio || audio->sample_rate <= 0) return HS_ERR_ARG;
    const hs_cnn_model *m = rt->m;
    hs_audio pre = {0};
    hs_status st = hs_preprocess(audio, &m->preproc, &pre);
    if (st != HS_OK) return st;
    size_t frames = hs_melspec_frames(rt->mel, pre.n);
    size_t need = frames * (size_t)m->melspec.n_mels;
    if (need > rt->logmel_cap) {
        float *p = realloc(rt->logmel, need * sizeof *p);
        if (!p) st = HS_ERR_NOMEM;
        else { rt->logmel = p; rt->logmel_cap = need; }
    }
    if (st == HS_OK) st = hs_melspec_compute(rt->mel, pre.samples, pre.n, rt->logmel);
    hs_audio_free(&pre);
    if (st != HS_OK) return st;
    hs_logmel_normalize(rt->logmel, frames, m->melspec.n_mels, m->norm_mode);
    return score(m, rt->logmel, frames, (double)audio->n / audio->sample_rate, &rt->b, out);
}
