/* hs_cnn_model <-> .hsm: metadata "model.*", "cnn.*", front end (frontend_meta.c) and one f32 tensor per
 * parameter, named "layer.NN.w|b|gamma|beta|mean|var" (NN = layer index). Key list: docs/MODEL_FORMAT.md. */
#include "model/cnn/cnn_io.h"
#include "model/cnn/cnn_layer_text.h"
#include "model/frontend_meta.h"
#include "model/file_bytes.h"
#include "model/hsm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parameter tensors of a layer kind, in file order. dims are filled from the layer's shapes. */
typedef struct param_ref { const char *suffix; float **p; int rank; size_t dims[4]; } param_ref;

static int layer_params(hs_layer *L, param_ref *r) {
    size_t K = (size_t)L->units, C = (size_t)L->in_c;
    switch (L->kind) {
    case HS_LAYER_CONV2D:
        r[0] = (param_ref){"w", &L->w, 4, {K, (size_t)L->kh, (size_t)L->kw, C}};
        r[1] = (param_ref){"b", &L->b, 1, {K}};
        return 2;
    case HS_LAYER_DENSE:
        r[0] = (param_ref){"w", &L->w, 2, {K, (size_t)L->in_h * L->in_w * C}};
        r[1] = (param_ref){"b", &L->b, 1, {K}};
        return 2;
    case HS_LAYER_BATCHNORM:
        r[0] = (param_ref){"gamma", &L->gamma, 1, {C}};
        r[1] = (param_ref){"beta", &L->beta, 1, {C}};
        r[2] = (param_ref){"mean", &L->mean, 1, {C}};
        r[3] = (param_ref){"var", &L->var, 1, {C}};
        return 4;
    default:
        return 0;
    }
}

static size_t param_count(const param_ref *r) {
    size_t n = 1;
    for (int d = 0; d < r->rank; d++) n *= r->dims[d];
    return n;
}

hs_status hs_cnn_model_write(const hs_cnn_model *m, hs_hsm_writer *w, const char *kind_override) {
    if (!m || !w) return HS_ERR_ARG;
    hs_cnn_model tmp = *m; /* shallow: check fills layer shapes, which the caller may not have done */
    hs_layer *layers = malloc(sizeof(hs_layer) * (m->net.n_layers > 0 ? (size_t)m->net.n_layers : 1));
    if (!layers) return HS_ERR_NOMEM;
    if (m->net.n_layers > 0 && m->net.layers) memcpy(layers, m->net.layers, sizeof(hs_layer) * m->net.n_layers);
    tmp.net.layers = m->net.layers ? layers : NULL;
    char why[160];
    hs_status st = hs_cnn_model_check(&tmp, why, sizeof why);
    if (st != HS_OK) {
        fprintf(stderr, "heartsound: refusing to save an inconsistent model: %s\n", why);
        free(layers);
        return HS_ERR_ARG;
    }
#define PUT(key, ...) if (st == HS_OK) st = hs_hsm_add_metaf(w, key, __VA_ARGS__)
    PUT("model.kind", "%s", kind_override ? kind_override : "cnn");
    PUT("model.name", "%s", m->name);
    PUT("model.threshold", "%.9g", (double)m->threshold);
    PUT("cnn.window_frames", "%d", m->window_frames);
    PUT("cnn.hop_frames", "%d", m->hop_frames);
    PUT("cnn.norm_mode", "%d", m->norm_mode);
    PUT("cnn.in_h", "%d", m->net.in_h);
    PUT("cnn.in_w", "%d", m->net.in_w);
    PUT("cnn.in_c", "%d", m->net.in_c);
    PUT("cnn.n_layers", "%d", m->net.n_layers);
#undef PUT
    if (st == HS_OK) st = hs_frontend_meta_write(w, &m->preproc, &m->melspec);
    for (int i = 0; st == HS_OK && i < tmp.net.n_layers; i++) {
        hs_layer *L = &tmp.net.layers[i];
        char key[32], text[160], name[HS_HSM_NAME_CAP];
        snprintf(key, sizeof key, "cnn.layer.%02d", i);
        if (hs_layer_to_text(L, text, sizeof text) != 0) { st = HS_ERR_ARG; break; }
        st = hs_hsm_add_meta(w, key, text);
        param_ref r[4];
        int np = layer_params(L, r);
        for (int j = 0; st == HS_OK && j < np; j++) {
            snprintf(name, sizeof name, "layer.%02d.%s", i, r[j].suffix);
            st = hs_hsm_add_tensor(w, name, HS_DT_F32, r[j].rank, r[j].dims, *r[j].p);
        }
    }
    free(layers);
    return st;
}

static hs_status read_layers(const hs_hsm *h, hs_net *net) {
    hs_status st = HS_OK;
    if ((st = hs_hsm_meta_int(h, "cnn.in_h", &net->in_h)) != HS_OK ||
        (st = hs_hsm_meta_int(h, "cnn.in_w", &net->in_w)) != HS_OK ||
        (st = hs_hsm_meta_int(h, "cnn.in_c", &net->in_c)) != HS_OK ||
        (st = hs_hsm_meta_int(h, "cnn.n_layers", &net->n_layers)) != HS_OK)
        return st;
    if (net->n_layers < 1 || net->n_layers > 256) return HS_ERR_MODEL_FORMAT;
    net->layers = calloc((size_t)net->n_layers, sizeof *net->layers);
    if (!net->layers) return HS_ERR_NOMEM;
    for (int i = 0; i < net->n_layers; i++) {
        char key[32];
        snprintf(key, sizeof key, "cnn.layer.%02d", i);
        const char *text = hs_hsm_meta_get(h, key);
        if (!text || hs_layer_from_text(text, &net->layers[i]) != 0) return HS_ERR_MODEL_FORMAT;
    }
    return HS_OK;
}

/* Parameters are allocated only after the tensor's shape matched what the geometry implies, so the
 * allocation is bounded by the file's own size. */
static hs_status read_params(const hs_hsm *h, hs_net *net) {
    for (int i = 0; i < net->n_layers; i++) {
        param_ref r[4];
        int np = layer_params(&net->layers[i], r);
        for (int j = 0; j < np; j++) {
            char name[HS_HSM_NAME_CAP];
            snprintf(name, sizeof name, "layer.%02d.%s", i, r[j].suffix);
            const hs_hsm_tensor *t = hs_hsm_find(h, name);
            if (!t || t->dtype != HS_DT_F32 || t->count != param_count(&r[j])) return HS_ERR_MODEL_FORMAT;
            *r[j].p = malloc(t->nbytes);
            if (!*r[j].p) return HS_ERR_NOMEM;
            hs_status st = hs_hsm_tensor_f32(h, name, r[j].rank, r[j].dims, *r[j].p);
            if (st != HS_OK) return st;
        }
    }
    return HS_OK;
}

hs_status hs_cnn_model_read(const hs_hsm *h, hs_cnn_model *out) {
    if (!h || !out) return HS_ERR_ARG;
    memset(out, 0, sizeof *out);
    const char *name = hs_hsm_meta_get(h, "model.name");
    hs_status st = name ? HS_OK : HS_ERR_MODEL_FORMAT;
    if (st == HS_OK) snprintf(out->name, sizeof out->name, "%s", name);
    if (st == HS_OK) st = hs_hsm_meta_float(h, "model.threshold", &out->threshold);
    if (st == HS_OK) st = hs_hsm_meta_int(h, "cnn.window_frames", &out->window_frames);
    if (st == HS_OK) st = hs_hsm_meta_int(h, "cnn.hop_frames", &out->hop_frames);
    if (st == HS_OK) st = hs_hsm_meta_int(h, "cnn.norm_mode", &out->norm_mode);
    if (st == HS_OK) st = hs_frontend_meta_read(h, &out->preproc, &out->melspec);
    if (st == HS_OK) st = read_layers(h, &out->net);
    /* geometry first (bounded shapes), then the parameters it implies, then everything else */
    if (st == HS_OK) st = hs_cnn_net_check(&out->net, NULL, 0);
    if (st == HS_OK) st = read_params(h, &out->net);
    if (st == HS_OK) st = hs_cnn_model_check(out, NULL, 0);
    if (st != HS_OK) hs_cnn_model_free(out);
    return st;
}

static hs_status write_any(const void *m, hs_hsm_writer *w) { return hs_cnn_model_write(m, w, NULL); }

hs_status hs_cnn_model_save_memory(const hs_cnn_model *m, uint8_t **bytes, size_t *len) {
    return bytes && len ? hs_hsm_write_model(write_any, m, NULL, bytes, len) : HS_ERR_ARG;
}

hs_status hs_cnn_model_save(const hs_cnn_model *m, const char *path) {
    return path ? hs_hsm_write_model(write_any, m, path, NULL, NULL) : HS_ERR_ARG;
}

static hs_status read_any(const hs_hsm *h, void *out) { return hs_cnn_model_read(h, out); }

hs_status hs_cnn_model_load_memory(const uint8_t *bytes, size_t len, hs_cnn_model *out) {
    if (!out) return HS_ERR_ARG;
    memset(out, 0, sizeof *out);
    return hs_hsm_read_memory(bytes, len, read_any, out);
}

static hs_status load_any(const uint8_t *bytes, size_t len, void *out) { return hs_cnn_model_load_memory(bytes, len, out); }

hs_status hs_cnn_model_load_file(const char *path, hs_cnn_model *out) {
    if (!out) return HS_ERR_ARG;
    memset(out, 0, sizeof *out);
    return hs_load_file(path, load_any, out);
}

void hs_cnn_model_free(hs_cnn_model *m) {
    if (!m) return;
    hs_net_free(&m->net);
    memset(m, 0, sizeof *m);
}
