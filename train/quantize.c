/* Post-training quantisation (see quantize.h): plan the int8 trunk, measure activation ranges on the
 * calibration windows, fold batch norm, quantise weights per channel, copy the float head. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "quantize.h"
#include "nn/layers.h"
#include "model/windowing.h"

/* One int8 op of the trunk: float layers [first, last] of the net. */
typedef struct qplan {
    hs_qop_kind kind;
    int first, last;
    int conv, bn, relu; /* layer indices (bn -1 if none); relu: fused */
} qplan;

/* Group the leading layers into int8 ops; returns how many ops, *trunk_end = first head layer. */
static int plan_trunk(const hs_net *net, qplan *plan, int *trunk_end) {
    int n = 0, i = 0;
    while (i < net->n_layers) {
        const hs_layer *L = &net->layers[i];
        qplan p = {0, i, i, -1, -1, 0};
        if (L->kind == HS_LAYER_DROPOUT && n > 0) { plan[n - 1].last = i++; continue; }
        if (L->kind == HS_LAYER_CONV2D) {
            p.kind = HS_QOP_CONV2D; p.conv = i;
            int j = i + 1;
            if (j < net->n_layers && net->layers[j].kind == HS_LAYER_BATCHNORM) p.bn = j++;
            if (j < net->n_layers && net->layers[j].kind == HS_LAYER_RELU) p.relu = 1, j++;
            p.last = j - 1;
        } else if (L->kind == HS_LAYER_MAXPOOL) {
            p.kind = HS_QOP_MAXPOOL;
            /* ReLU after a max-pool commutes with it: a no-op when the conv before already fused one */
            if (i + 1 < net->n_layers && net->layers[i + 1].kind == HS_LAYER_RELU) {
                if (n > 0 && plan[n - 1].kind == HS_QOP_CONV2D && plan[n - 1].relu) p.last = i + 1;
                else break;
            }
        } else {
            break;
        }
        plan[n++] = p;
        i = p.last + 1;
    }
    *trunk_end = i;
    return n;
}

/* Asymmetric int8 parameters covering [lo, hi] (always including 0, so zero padding is exact). */
static hs_qparams range_qparams(float lo, float hi) {
    hs_qparams qp;
    if (lo > 0.0f) lo = 0.0f;
    if (hi < 0.0f) hi = 0.0f;
    if (hi - lo < 1e-6f) hi = lo + 1e-6f;
    qp.scale = (hi - lo) / 255.0f;
    long zp = lrintf(-128.0f - lo / qp.scale);
    qp.zero_point = (int)(zp < -128 ? -128 : zp > 127 ? 127 : zp);
    return qp;
}

/* Run the float net over the calibration windows; lo/hi[0] = input range, lo/hi[o+1] = range at the end
 * of trunk op o. */
static hs_status calibrate(const hs_net *net, const qplan *plan, int n_ops, const float *calib, int n_calib,
                           float *lo, float *hi) {
    enum { BATCH = 16 };
    const size_t act = BATCH * hs_net_max_activation(net), in_sz = (size_t)net->in_h * net->in_w * net->in_c;
    size_t scratch = 0;
    for (int i = 0; i < net->n_layers; i++)
        if (net->layers[i].kind == HS_LAYER_CONV2D && hs_conv2d_scratch_floats(&net->layers[i]) > scratch)
            scratch = hs_conv2d_scratch_floats(&net->layers[i]);
    float *buf = malloc((2 * act + scratch) * sizeof(float));
    if (!buf) return HS_ERR_NOMEM;
    for (int o = 0; o <= n_ops; o++) { lo[o] = FLT_MAX; hi[o] = -FLT_MAX; }
    for (int s = 0; s < n_calib; s += BATCH) {
        const int N = n_calib - s < BATCH ? n_calib - s : BATCH;
        float *x = buf, *y = buf + act;
        memcpy(x, calib + (size_t)s * in_sz, N * in_sz * sizeof(float));
        for (size_t k = 0; k < N * in_sz; k++) { if (x[k] < lo[0]) lo[0] = x[k]; if (x[k] > hi[0]) hi[0] = x[k]; }
        for (int o = 0; o < n_ops; o++) {
            for (int i = plan[o].first; i <= plan[o].last; i++) {
                hs_layer_forward(&net->layers[i], x, y, N, buf + 2 * act);
                float *t = x; x = y; y = t;
            }
            const hs_layer *L = &net->layers[plan[o].last];
            const size_t n = (size_t)N * L->out_h * L->out_w * L->out_c;
            for (size_t k = 0; k < n; k++) {
                if (x[k] < lo[o + 1]) lo[o + 1] = x[k];
                if (x[k] > hi[o + 1]) hi[o + 1] = x[k];
            }
        }
    }
    free(buf);
    return HS_OK;
}

/* Fold batch norm into the conv, quantise its weights per output channel and its bias. */
static hs_status quantize_conv(const hs_net *net, const qplan *p, hs_qop *op) {
    const hs_layer *C = &net->layers[p->conv], *B = p->bn >= 0 ? &net->layers[p->bn] : NULL;
    const int K = C->units;
    const size_t per_k = (size_t)C->kh * C->kw * C->in_c;
    op->w = malloc((size_t)K * per_k);
    op->b = malloc((size_t)K * sizeof(int32_t));
    op->w_scale = malloc((size_t)K * sizeof(float));
    if (!op->w || !op->b || !op->w_scale) return HS_ERR_NOMEM;
    for (int k = 0; k < K; k++) {
        double g = 1.0, bias = C->b[k];
        if (B) {
            g = B->gamma[k] / sqrt((double)B->var[k] + B->eps);
            bias = (bias - B->mean[k]) * g + B->beta[k];
        }
        const float *w = C->w + k * per_k;
        double amax = 0.0;
        for (size_t j = 0; j < per_k; j++) if (fabs(w[j] * g) > amax) amax = fabs(w[j] * g);
        const float ws = amax > 0.0 ? (float)(amax / 127.0) : 1.0f;
        op->w_scale[k] = ws;
        for (size_t j = 0; j < per_k; j++) {
            long v = lrint(w[j] * g / ws);
            op->w[k * per_k + j] = (int8_t)(v < -127 ? -127 : v > 127 ? 127 : v);
        }
        double bq = bias / ((double)op->in.scale * ws);
        if (!(fabs(bq) < 2e9)) return HS_ERR_ARG;
        op->b[k] = (int32_t)lrint(bq);
    }
    return HS_OK;
}

hs_status hs_quantize_net(const hs_net *net, const float *calib, int n_calib, hs_qnet *out) {
    if (!net || !calib || n_calib < 1 || !out || net->n_layers < 1) return HS_ERR_ARG;
    memset(out, 0, sizeof *out);
    qplan *plan = malloc((size_t)net->n_layers * sizeof *plan);
    float *lo = malloc(((size_t)net->n_layers + 1) * sizeof(float)), *hi = malloc(((size_t)net->n_layers + 1) * sizeof(float));
    hs_status st = HS_ERR_NOMEM;
    if (!plan || !lo || !hi) goto done;
    int trunk_end = 0;
    const int n_ops = plan_trunk(net, plan, &trunk_end);
    if ((st = calibrate(net, plan, n_ops, calib, n_calib, lo, hi)) != HS_OK) goto done;

    out->in_h = net->in_h; out->in_w = net->in_w; out->in_c = net->in_c;
    out->input = range_qparams(lo[0], hi[0]);
    out->n_ops = n_ops;
    out->ops = calloc(n_ops > 0 ? (size_t)n_ops : 1, sizeof(hs_qop));
    st = HS_ERR_NOMEM;
    if (!out->ops) goto done;
    hs_qparams cur = out->input;
    for (int o = 0; o < n_ops; o++) {
        const hs_layer *L = &net->layers[plan[o].first];
        hs_qop *op = &out->ops[o];
        op->kind = plan[o].kind;
        op->kh = L->kh; op->kw = L->kw; op->sh = L->sh; op->sw = L->sw; op->ph = L->ph; op->pw = L->pw;
        op->in = cur;
        if (op->kind == HS_QOP_CONV2D) {
            op->out_c = L->units;
            op->relu = plan[o].relu;
            op->out = range_qparams(lo[o + 1], hi[o + 1]);
            if ((st = quantize_conv(net, &plan[o], op)) != HS_OK) goto done;
        } else {
            op->out = cur; /* max-pool keeps the quantisation */
        }
        cur = op->out;
    }
    if (hs_net_copy_tail(net, trunk_end, &out->head) != 0) { st = HS_ERR_NOMEM; goto done; }
    st = hs_qnet_shapes(out) == 0 ? HS_OK : HS_ERR_ARG;
done:
    free(plan); free(lo); free(hi);
    if (st != HS_OK) hs_qnet_free(out);
    return st;
}

/* Log-mel of one recording through the model's front end, normalised. *frames x n_mels, malloc'd. */
static hs_status record_logmel(const hs_cnn_model *m, hs_melspec *mel, const char *path, float **x, size_t *frames) {
    hs_audio a = {0}, pre = {0};
    hs_status st = hs_wav_read_file(path, &a, NULL);
    if (st == HS_OK) st = hs_preprocess(&a, &m->preproc, &pre);
    hs_audio_free(&a);
    if (st != HS_OK) return st;
    *frames = hs_melspec_frames(mel, pre.n);
    *x = malloc(*frames * (size_t)m->melspec.n_mels * sizeof(float) + 1);
    if (!*x) { hs_audio_free(&pre); return HS_ERR_NOMEM; }
    st = hs_melspec_compute(mel, pre.samples, pre.n, *x);
    hs_audio_free(&pre);
    if (st != HS_OK) { free(*x); *x = NULL; return st; }
    hs_logmel_normalize(*x, *frames, m->melspec.n_mels, m->norm_mode);
    return HS_OK;
}

hs_status hs_calibration_windows(const hs_cnn_model *m, const hs_dataset *ds, int max_windows,
                                 float **windows, int *n) {
    enum { PER_RECORD = 4 };
    if (!m || !ds || ds->n < 1 || max_windows < 1 || !windows || !n) return HS_ERR_ARG;
    *windows = NULL; *n = 0;
    const int win = m->window_frames, mels = m->melspec.n_mels;
    const size_t win_sz = (size_t)win * mels;
    hs_status st;
    hs_melspec *mel = NULL;
    st = hs_melspec_create(&m->melspec, &mel);
    if (!mel) return st;
    float *out = malloc((size_t)max_windows * win_sz * sizeof(float));
    size_t *starts = NULL;
    if (!out) { hs_melspec_destroy(mel); return HS_ERR_NOMEM; }
    int n_rec = (max_windows + PER_RECORD - 1) / PER_RECORD;
    if (n_rec > ds->n) n_rec = ds->n;
    st = HS_OK;
    for (int r = 0; r < n_rec && *n < max_windows && st != HS_ERR_NOMEM; r++) {
        const hs_record *rec = &ds->rec[(size_t)r * ds->n / n_rec];
        float *x = NULL;
        size_t frames = 0;
        if (record_logmel(m, mel, rec->path, &x, &frames) != HS_OK) continue; /* skipped, see header */
        const size_t nw = hs_window_starts(frames, win, m->hop_frames, NULL, 0);
        free(starts);
        starts = malloc((nw ? nw : 1) * sizeof *starts);
        if (!starts) { free(x); st = HS_ERR_NOMEM; break; }
        hs_window_starts(frames, win, m->hop_frames, starts, nw);
        const size_t take = nw < PER_RECORD ? nw : PER_RECORD;
        for (size_t j = 0; j < take && *n < max_windows; j++) {
            size_t s = starts[take > 1 ? j * (nw - 1) / (take - 1) : 0];
            hs_window_copy(x, frames, mels, s, win, out + (size_t)*n * win_sz);
            (*n)++;
        }
        free(x);
    }
    free(starts);
    hs_melspec_destroy(mel);
    if (st == HS_OK && *n == 0) st = HS_ERR_EMPTY;
    if (st != HS_OK) { free(out); *n = 0; return st; }
    *windows = out;
    return HS_OK;
}

hs_status hs_quantize_model(const hs_cnn_model *m, const float *calib, int n_calib, hs_cnn_q8_model *out) {
    if (!m || !out) return HS_ERR_ARG;
    memset(out, 0, sizeof *out);
    out->base = *m;
    snprintf(out->base.name, sizeof out->base.name, "%.58s-int8", m->name);
    if (hs_net_copy_tail(&m->net, 0, &out->base.net) != 0) { memset(out, 0, sizeof *out); return HS_ERR_NOMEM; }
    out->base.net.in_h = m->net.in_h; out->base.net.in_w = m->net.in_w; out->base.net.in_c = m->net.in_c;
    hs_status st = hs_quantize_net(&m->net, calib, n_calib, &out->q);
    if (st != HS_OK) hs_cnn_q8_model_free(out);
    return st;
}
