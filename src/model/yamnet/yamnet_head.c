#include "model/yamnet/yamnet_head.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/hsm.h"
#include "model/yamnet/yamnet.h"
#include "nn/layers.h"

#define MAX_HIDDEN 4096

void hs_yamnet_head_free(hs_yamnet_head *h) {
    if (!h) return;
    hs_net_free(&h->net);
    free(h->mean);
    free(h->scale);
    memset(h, 0, sizeof *h);
}

hs_status hs_yamnet_head_init(hs_yamnet_head *h, int hidden, float dropout) {
    if (!h || hidden < 0 || hidden > MAX_HIDDEN || !(dropout >= 0.f && dropout < 1.f)) return HS_ERR_ARG;
    memset(h, 0, sizeof *h);
    hs_layer L[5];
    int n = 0;
    memset(L, 0, sizeof L);
    if (hidden) {
        L[n].kind = HS_LAYER_DENSE; L[n++].units = hidden;
        L[n++].kind = HS_LAYER_RELU;
        if (dropout > 0.f) { L[n].kind = HS_LAYER_DROPOUT; L[n++].rate = dropout; }
    }
    L[n].kind = HS_LAYER_DENSE; L[n++].units = 1;
    L[n++].kind = HS_LAYER_SIGMOID;
    h->net.in_h = 1; h->net.in_w = 1; h->net.in_c = HS_YAMNET_EMBED;
    h->net.n_layers = n;
    h->net.layers = malloc((size_t)n * sizeof(hs_layer));
    h->mean = calloc(HS_YAMNET_EMBED, sizeof(float));
    h->scale = malloc(HS_YAMNET_EMBED * sizeof(float));
    if (!h->net.layers || !h->mean || !h->scale) { hs_yamnet_head_free(h); return HS_ERR_NOMEM; }
    memcpy(h->net.layers, L, (size_t)n * sizeof(hs_layer));
    for (int i = 0; i < HS_YAMNET_EMBED; i++) h->scale[i] = 1.f;
    if (hs_net_alloc_params(&h->net) != 0) { hs_yamnet_head_free(h); return HS_ERR_NOMEM; }
    h->hidden = hidden;
    h->stride = 1;
    h->threshold = 0.5f;
    snprintf(h->name, sizeof h->name, hidden ? "yamnet-mlp%d" : "yamnet-lr", hidden);
    return HS_OK;
}

hs_status hs_yamnet_head_write(const hs_yamnet_head *h, hs_hsm_writer *w) {
    if (!h || !w) return HS_ERR_ARG;
    hs_status st = hs_hsm_add_meta(w, "model.kind", "yamnet-head");
    if (st == HS_OK) st = hs_hsm_add_meta(w, "model.name", h->name);
    if (st == HS_OK) st = hs_hsm_add_metaf(w, "head.hidden", "%d", h->hidden);
    if (st == HS_OK) st = hs_hsm_add_metaf(w, "head.stride", "%d", h->stride);
    if (st == HS_OK && h->whiten) st = hs_hsm_add_meta(w, "head.whiten", "1");
    if (st == HS_OK) st = hs_hsm_add_metaf(w, "model.threshold", "%.9g", (double)h->threshold);
    if (st == HS_OK) st = hs_hsm_add_meta(w, "head.backbone", "YAMNet, tensorflow/models, Google (Apache-2.0)");
    size_t e = HS_YAMNET_EMBED;
    if (st == HS_OK) st = hs_hsm_add_tensor(w, "head.mean", HS_DT_F32, 1, &e, h->mean);
    if (st == HS_OK) st = hs_hsm_add_tensor(w, "head.scale", HS_DT_F32, 1, &e, h->scale);
    int k = 0;
    for (int i = 0; i < h->net.n_layers && st == HS_OK; i++) {
        const hs_layer *L = &h->net.layers[i];
        if (L->kind != HS_LAYER_DENSE) continue;
        char name[32];
        size_t dims[2] = {(size_t)L->units, (size_t)L->in_c}, nb = (size_t)L->units;
        snprintf(name, sizeof name, "head.l%02d.w", k);
        st = hs_hsm_add_tensor(w, name, HS_DT_F32, 2, dims, L->w);
        snprintf(name, sizeof name, "head.l%02d.b", k++);
        if (st == HS_OK) st = hs_hsm_add_tensor(w, name, HS_DT_F32, 1, &nb, L->b);
    }
    return st;
}

static int all_finite(const float *x, size_t n) {
    for (size_t i = 0; i < n; i++) if (!isfinite(x[i])) return 0;
    return 1;
}

hs_status hs_yamnet_head_read(const hs_hsm *hsm, hs_yamnet_head *out) {
    if (!hsm || !out) return HS_ERR_ARG;
    memset(out, 0, sizeof *out);
    const char *kind = hs_hsm_meta_get(hsm, "model.kind"), *name = hs_hsm_meta_get(hsm, "model.name");
    int hidden = -1, stride = 1;
    float thr = 0.5f;
    if (!kind || strcmp(kind, "yamnet-head") || hs_hsm_meta_int(hsm, "head.hidden", &hidden) != HS_OK ||
        hs_hsm_meta_int(hsm, "head.stride", &stride) != HS_OK || stride < 1 || stride > 64 ||
        hs_hsm_meta_float(hsm, "model.threshold", &thr) != HS_OK || !(thr >= 0.f && thr <= 1.f))
        return HS_ERR_MODEL_FORMAT;
    hs_status st = hs_yamnet_head_init(out, hidden, 0.f);
    if (st != HS_OK) return st == HS_ERR_ARG ? HS_ERR_MODEL_FORMAT : st;
    out->stride = stride;
    int wh = 0;
    if (hs_hsm_meta_get(hsm, "head.whiten") && (hs_hsm_meta_int(hsm, "head.whiten", &wh) != HS_OK || wh < 0 || wh > 1)) {
        hs_yamnet_head_free(out);
        return HS_ERR_MODEL_FORMAT;
    }
    out->whiten = wh;
    out->threshold = thr;
    if (name) snprintf(out->name, sizeof out->name, "%s", name);
    size_t e = HS_YAMNET_EMBED;
    st = hs_hsm_tensor_f32(hsm, "head.mean", 1, &e, out->mean);
    if (st == HS_OK) st = hs_hsm_tensor_f32(hsm, "head.scale", 1, &e, out->scale);
    int k = 0;
    for (int i = 0; i < out->net.n_layers && st == HS_OK; i++) {
        hs_layer *L = &out->net.layers[i];
        if (L->kind != HS_LAYER_DENSE) continue;
        char name2[32];
        size_t dims[2] = {(size_t)L->units, (size_t)L->in_c}, nb = (size_t)L->units;
        snprintf(name2, sizeof name2, "head.l%02d.w", k);
        st = hs_hsm_tensor_f32(hsm, name2, 2, dims, L->w);
        snprintf(name2, sizeof name2, "head.l%02d.b", k++);
        if (st == HS_OK) st = hs_hsm_tensor_f32(hsm, name2, 1, &nb, L->b);
        if (st == HS_OK && (!all_finite(L->w, dims[0] * dims[1]) || !all_finite(L->b, nb))) st = HS_ERR_MODEL_FORMAT;
    }
    if (st == HS_OK && (!all_finite(out->mean, e) || !all_finite(out->scale, e))) st = HS_ERR_MODEL_FORMAT;
    if (st != HS_OK) { hs_yamnet_head_free(out); return st == HS_ERR_NOMEM ? st : HS_ERR_MODEL_FORMAT; }
    return HS_OK;
}

size_t hs_yamnet_head_scratch_floats(const hs_yamnet_head *h) {
    return HS_YAMNET_EMBED + hs_net_forward_work_floats(&h->net, 1);
}

float hs_yamnet_head_p(const hs_yamnet_head *h, const float *emb, float *scratch) {
    float *x = scratch, p = 0.f;
    for (int i = 0; i < HS_YAMNET_EMBED; i++) x[i] = (emb[i] - h->mean[i]) * h->scale[i];
    hs_net_forward(&h->net, x, 1, &p, scratch + HS_YAMNET_EMBED);
    return p;
}
