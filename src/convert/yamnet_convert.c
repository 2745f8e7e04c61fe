/* TFLite YAMNet -> .hsm. We keep the file's own quantisation (int8 weights with per-channel scales, float
 * biases with batch norm folded in) and store the layer geometry as metadata; the front-end ops in the
 * TFLite graph (STFT, mel matrix, log) are not converted: src/features computes them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/hsm.h"
#include "convert/tflite.h"
#include "convert/yamnet_convert.h"
#include "model/yamnet/yamnet_arch.h"
#include "model/yamnet/yamnet_frontend.h"

#define arch hs_yamnet_arch
#define TFL_OP_MUL 18        /* TFLite BuiltinOperator MUL: the front end's frame x window */
#define YAMNET_WINDOW 400    /* 25 ms at 16 kHz */
#define N_LAYERS HS_YAMNET_LAYERS

static hs_status fail(char *why, size_t cap, const char *msg, int layer) {
    if (why && cap) snprintf(why, cap, "%s (layer %d)", msg, layer);
    return HS_ERR_MODEL_FORMAT;
}

/* Store a weight tensor as it is in the file: int8 + scales, or float. */
static hs_status put_weights(hs_hsm_writer *w, const char *prefix, const tfl_tensor *t, int rank, const size_t *dims,
                             int per_channel_dim_size, int channel_axis) {
    char name[64];
    hs_status st;
    snprintf(name, sizeof name, "%s.w", prefix);
    if (t->type == TFL_FLOAT32) return hs_hsm_add_tensor(w, name, HS_DT_F32, rank, dims, t->data);
    if (t->type != TFL_INT8 || t->zero_point0 != 0) return HS_ERR_MODEL_FORMAT;
    if (t->n_scale != 1 && (t->n_scale != per_channel_dim_size || t->quant_dim != channel_axis)) return HS_ERR_MODEL_FORMAT;
    if ((st = hs_hsm_add_tensor(w, name, HS_DT_I8, rank, dims, t->data)) != HS_OK) return st;
    snprintf(name, sizeof name, "%s.w_scale", prefix);
    size_t ns = (size_t)t->n_scale;
    return hs_hsm_add_tensor(w, name, HS_DT_F32, 1, &ns, t->scale);
}

hs_status hs_yamnet_convert_backbone(const tfl_model *m, hs_hsm_writer *w, char *why, size_t why_cap) {
    if (!m || !w) return HS_ERR_ARG;
    int layer = 0, cin = 1, dense = 0, have_window = 0;
    hs_status st;
    for (int i = 0; i < m->n_ops; i++) {
        const tfl_op *op = &m->ops[i];
        if (op->code == TFL_OP_MUL && layer == 0) { /* the front end's window: kept for the "tflite" mode */
            for (int k = 0; k < op->n_in && k < 2; k++) {
                const tfl_tensor *wt = op->in[k] >= 0 ? &m->tensors[op->in[k]] : NULL;
                size_t n = wt ? tfl_numel(wt) : 0;
                if (wt && wt->data && wt->type == TFL_FLOAT32 && n == YAMNET_WINDOW && wt->data_len >= n * sizeof(float) &&
                    !have_window) {
                    if ((st = hs_hsm_add_tensor(w, "yamnet.window", HS_DT_F32, 1, &n, wt->data)) != HS_OK) return st;
                    have_window = 1;
                }
            }
            continue;
        }
        int conv = op->code == TFL_OP_CONV_2D, dw = op->code == TFL_OP_DEPTHWISE_CONV_2D;
        if (!conv && !dw && op->code != TFL_OP_FULLY_CONNECTED) continue;
        if (op->code == TFL_OP_FULLY_CONNECTED && layer < N_LAYERS) { /* the front end's mel matmul */
            /* kept (int8 + scale + bias) for the "tflite" front-end mode that reproduces Google's graph */
            const tfl_tensor *mw = op->n_in >= 3 && op->in[1] >= 0 ? &m->tensors[op->in[1]] : NULL;
            const tfl_tensor *mb = op->n_in >= 3 && op->in[2] >= 0 ? &m->tensors[op->in[2]] : NULL;
            if (mw && mb && mw->data && mb->data && mw->type == TFL_INT8 && mw->n_scale == 1 && mw->rank == 2 &&
                mw->shape[0] == HS_YAMNET_MELS && mw->shape[1] == 257 && mb->type == TFL_FLOAT32 &&
                tfl_numel(mb) == HS_YAMNET_MELS) {
                size_t dims[2] = {HS_YAMNET_MELS, 257}, nb = HS_YAMNET_MELS;
                if ((st = put_weights(w, "yamnet.mel", mw, 2, dims, 1, 0)) != HS_OK) return st;
                if ((st = hs_hsm_add_tensor(w, "yamnet.mel.b", HS_DT_F32, 1, &nb, mb->data)) != HS_OK) return st;
            }
            continue;
        }
        if (op->n_in < 3 || op->in[1] < 0 || op->in[2] < 0) return fail(why, why_cap, "operator without weights/bias", layer);
        const tfl_tensor *wt = &m->tensors[op->in[1]], *bt = &m->tensors[op->in[2]];
        if (!wt->data || !bt->data || bt->type != TFL_FLOAT32) return fail(why, why_cap, "weights or float bias missing", layer);
        char prefix[32];
        if (op->code == TFL_OP_FULLY_CONNECTED) {
            if (dense) return fail(why, why_cap, "more than one classifier layer", layer);
            if (wt->rank != 2 || wt->shape[0] != HS_YAMNET_CLASSES || wt->shape[1] != HS_YAMNET_EMBED)
                return fail(why, why_cap, "classifier is not 1024 -> 521", layer);
            size_t dims[2] = {HS_YAMNET_CLASSES, HS_YAMNET_EMBED}, nb = HS_YAMNET_CLASSES;
            if ((st = put_weights(w, "yamnet.dense", wt, 2, dims, HS_YAMNET_CLASSES, 0)) != HS_OK) return st;
            if (tfl_numel(bt) != nb) return fail(why, why_cap, "classifier bias size", layer);
            if ((st = hs_hsm_add_tensor(w, "yamnet.dense.b", HS_DT_F32, 1, &nb, bt->data)) != HS_OK) return st;
            dense = 1;
            continue;
        }
        if (layer >= N_LAYERS) return fail(why, why_cap, "more convolutions than YAMNet has", layer);
        char want = arch[layer].kind;
        int cout = arch[layer].cout, s = arch[layer].stride;
        if ((want == 'd') != dw) return fail(why, why_cap, "unexpected layer kind", layer);
        if (op->stride_h != s || op->stride_w != s || op->padding != TFL_PAD_SAME || op->act != TFL_ACT_RELU ||
            op->dilation_h != 1 || op->dilation_w != 1)
            return fail(why, why_cap, "unexpected stride/padding/activation", layer);
        snprintf(prefix, sizeof prefix, "yamnet.l%02d", layer);
        if (want == 'd') {
            if (op->depth_multiplier != 1 || wt->rank != 4 || wt->shape[0] != 1 || wt->shape[1] != 3 ||
                wt->shape[2] != 3 || wt->shape[3] != cin || cout != cin)
                return fail(why, why_cap, "depthwise weights are not (1,3,3,C)", layer);
            size_t dims[3] = {3, 3, (size_t)cin};
            if ((st = put_weights(w, prefix, wt, 3, dims, cin, 3)) != HS_OK) return fail(why, why_cap, "depthwise quantisation", layer);
        } else {
            int k = want == 'c' ? 3 : 1;
            if (wt->rank != 4 || wt->shape[0] != cout || wt->shape[1] != k || wt->shape[2] != k || wt->shape[3] != cin)
                return fail(why, why_cap, "convolution weights have the wrong shape", layer);
            size_t dims[4] = {(size_t)cout, (size_t)k, (size_t)k, (size_t)cin};
            if ((st = put_weights(w, prefix, wt, 4, dims, cout, 0)) != HS_OK) return fail(why, why_cap, "convolution quantisation", layer);
        }
        size_t nb = (size_t)cout;
        if (tfl_numel(bt) != nb) return fail(why, why_cap, "bias size", layer);
        char bname[64];
        snprintf(bname, sizeof bname, "%s.b", prefix);
        if ((st = hs_hsm_add_tensor(w, bname, HS_DT_F32, 1, &nb, bt->data)) != HS_OK) return st;
        cin = cout;
        layer++;
    }
    if (layer != N_LAYERS || !dense) return fail(why, why_cap, "not YAMNet: conv stack or classifier incomplete", layer);
    return hs_hsm_add_meta(w, "yamnet.source", "tensorflow/models research/audioset/yamnet (Google, Apache-2.0)");
}

hs_status hs_yamnet_convert(const tfl_model *m, hs_hsm_writer *w, char *why, size_t why_cap) {
    hs_status st = hs_yamnet_convert_backbone(m, w, why, why_cap);
    return st == HS_OK ? hs_hsm_add_meta(w, "model.kind", "yamnet") : st;
}

hs_status hs_yamnet_load_any(const uint8_t *bytes, size_t len, uint8_t **out, size_t *out_len) {
    if (!bytes || !out || !out_len) return HS_ERR_ARG;
    *out = NULL;
    *out_len = 0;
    hs_hsm h;
    if (hs_hsm_parse(bytes, len, 0, &h) == HS_OK) { /* already ours */
        hs_hsm_free(&h);
        if (!(*out = malloc(len))) return HS_ERR_NOMEM;
        memcpy(*out, bytes, len);
        *out_len = len;
        return HS_OK;
    }
    tfl_model m;
    hs_status st = tfl_parse(bytes, len, &m);
    if (st != HS_OK) return st;
    hs_hsm_writer *w = hs_hsm_writer_create();
    st = w ? hs_yamnet_convert(&m, w, NULL, 0) : HS_ERR_NOMEM;
    if (st == HS_OK) st = hs_hsm_add_meta(w, "model.name", "yamnet");
    if (st == HS_OK) st = hs_hsm_writer_finish(w, out, out_len);
    hs_hsm_writer_destroy(w);
    tfl_free(&m);
    return st;
}
