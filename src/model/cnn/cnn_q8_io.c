/* hs_cnn_q8_model <-> .hsm (layout in cnn_q8_io.h). Built on the float model's writer/reader
 * (cnn_io.c) so the front end and windowing are stored one way only. */
#include "model/cnn/cnn_q8_io.h"
#include "model/file_bytes.h"
#include "model/hsm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPS_COLS = 9, MAX_OPS = 64 };

hs_status hs_cnn_q8_model_write(const hs_cnn_q8_model *m, hs_hsm_writer *w) {
    if (!m || !w) return HS_ERR_ARG;
    const hs_qnet *q = &m->q;
    if (q->n_ops < 0 || q->n_ops > MAX_OPS || q->head.n_layers < 1 || q->head.n_layers > m->base.net.n_layers)
        return HS_ERR_ARG;
    hs_status st = hs_cnn_model_write(&m->base, w, "cnn-int8");
    if (st == HS_OK) st = hs_hsm_add_metaf(w, "q8.n_ops", "%d", q->n_ops);
    if (st == HS_OK) st = hs_hsm_add_metaf(w, "q8.head_layers", "%d", q->head.n_layers);
    int32_t ops[MAX_OPS * OPS_COLS], zp[MAX_OPS + 1];
    float scale[MAX_OPS + 1];
    scale[0] = q->input.scale; zp[0] = q->input.zero_point;
    for (int i = 0; i < q->n_ops; i++) {
        const hs_qop *op = &q->ops[i];
        int32_t row[OPS_COLS] = {op->kind, op->kh, op->kw, op->sh, op->sw, op->ph, op->pw, op->relu, op->out_c};
        memcpy(ops + i * OPS_COLS, row, sizeof row);
        scale[i + 1] = op->out.scale; zp[i + 1] = op->out.zero_point;
    }
    size_t dims_ops[2] = {(size_t)q->n_ops, OPS_COLS}, dims_act[1] = {(size_t)q->n_ops + 1};
    if (st == HS_OK && q->n_ops > 0) st = hs_hsm_add_tensor(w, "q8.ops", HS_DT_I32, 2, dims_ops, ops);
    if (st == HS_OK) st = hs_hsm_add_tensor(w, "q8.act_scale", HS_DT_F32, 1, dims_act, scale);
    if (st == HS_OK) st = hs_hsm_add_tensor(w, "q8.act_zp", HS_DT_I32, 1, dims_act, zp);
    for (int i = 0; st == HS_OK && i < q->n_ops; i++) {
        const hs_qop *op = &q->ops[i];
        if (op->kind != HS_QOP_CONV2D) continue;
        char name[HS_HSM_NAME_CAP];
        size_t dw[4] = {(size_t)op->out_c, (size_t)op->kh, (size_t)op->kw, (size_t)op->in_c}, dk[1] = {(size_t)op->out_c};
        snprintf(name, sizeof name, "q8.%02d.w", i);
        st = hs_hsm_add_tensor(w, name, HS_DT_I8, 4, dw, op->w);
        snprintf(name, sizeof name, "q8.%02d.b", i);
        if (st == HS_OK) st = hs_hsm_add_tensor(w, name, HS_DT_I32, 1, dk, op->b);
        snprintf(name, sizeof name, "q8.%02d.w_scale", i);
        if (st == HS_OK) st = hs_hsm_add_tensor(w, name, HS_DT_F32, 1, dk, op->w_scale);
    }
    return st;
}

static hs_status write_any(const void *m, hs_hsm_writer *w) { return hs_cnn_q8_model_write(m, w); }

hs_status hs_cnn_q8_model_save_memory(const hs_cnn_q8_model *m, uint8_t **bytes, size_t *len) {
    return bytes && len ? hs_hsm_write_model(write_any, m, NULL, bytes, len) : HS_ERR_ARG;
}

hs_status hs_cnn_q8_model_save(const hs_cnn_q8_model *m, const char *path) {
    return path ? hs_hsm_write_model(write_any, m, path, NULL, NULL) : HS_ERR_ARG;
}

/* A tensor of exactly this type and shape, or NULL. */
static const hs_hsm_tensor *tensor(const hs_hsm *h, const char *name, hs_dtype dt, int rank, const size_t *dims) {
    const hs_hsm_tensor *t = hs_hsm_find(h, name);
    if (!t || t->dtype != dt || t->rank != rank) return NULL;
    for (int d = 0; d < rank; d++) if (t->dims[d] != dims[d]) return NULL;
    return t;
}

static void *copy_out(const hs_hsm_tensor *t) {
    void *p = malloc(t->nbytes ? t->nbytes : 1);
    if (p) memcpy(p, t->data, t->nbytes);
    return p;
}

static hs_status read_ops(const hs_hsm *h, hs_qnet *q) {
    int n_ops;
    if (hs_hsm_meta_int(h, "q8.n_ops", &n_ops) != HS_OK || n_ops < 0 || n_ops > MAX_OPS) return HS_ERR_MODEL_FORMAT;
    const size_t dims_ops[2] = {(size_t)n_ops, OPS_COLS}, dims_act[1] = {(size_t)n_ops + 1};
    const hs_hsm_tensor *t_ops = n_ops ? tensor(h, "q8.ops", HS_DT_I32, 2, dims_ops) : NULL;
    const hs_hsm_tensor *t_sc = tensor(h, "q8.act_scale", HS_DT_F32, 1, dims_act);
    const hs_hsm_tensor *t_zp = tensor(h, "q8.act_zp", HS_DT_I32, 1, dims_act);
    if ((n_ops && !t_ops) || !t_sc || !t_zp) return HS_ERR_MODEL_FORMAT;
    int32_t ops[MAX_OPS * OPS_COLS], zp[MAX_OPS + 1];
    float scale[MAX_OPS + 1];
    if (n_ops) memcpy(ops, t_ops->data, t_ops->nbytes);
    memcpy(scale, t_sc->data, t_sc->nbytes);
    memcpy(zp, t_zp->data, t_zp->nbytes);
    q->input = (hs_qparams){scale[0], zp[0]};
    q->ops = calloc(n_ops ? (size_t)n_ops : 1, sizeof *q->ops);
    if (!q->ops) return HS_ERR_NOMEM;
    q->n_ops = n_ops;
    int c = q->in_c;
    for (int i = 0; i < n_ops; i++) {
        const int32_t *r = ops + i * OPS_COLS;
        hs_qop *op = &q->ops[i];
        for (int k = 1; k < OPS_COLS; k++) if (r[k] < 0 || r[k] > 4096) return HS_ERR_MODEL_FORMAT;
        op->kind = (hs_qop_kind)r[0];
        op->kh = r[1]; op->kw = r[2]; op->sh = r[3]; op->sw = r[4]; op->ph = r[5]; op->pw = r[6]; op->relu = r[7] != 0;
        op->in = (hs_qparams){scale[i], zp[i]};
        op->out = (hs_qparams){scale[i + 1], zp[i + 1]};
        if (op->kind == HS_QOP_MAXPOOL) continue;
        if (op->kind != HS_QOP_CONV2D || r[8] < 1) return HS_ERR_MODEL_FORMAT;
        op->out_c = r[8];
        char name[HS_HSM_NAME_CAP];
        const size_t dw[4] = {(size_t)op->out_c, (size_t)op->kh, (size_t)op->kw, (size_t)c}, dk[1] = {(size_t)op->out_c};
        snprintf(name, sizeof name, "q8.%02d.w", i);
        const hs_hsm_tensor *tw = tensor(h, name, HS_DT_I8, 4, dw);
        snprintf(name, sizeof name, "q8.%02d.b", i);
        const hs_hsm_tensor *tb = tensor(h, name, HS_DT_I32, 1, dk);
        snprintf(name, sizeof name, "q8.%02d.w_scale", i);
        const hs_hsm_tensor *ts = tensor(h, name, HS_DT_F32, 1, dk);
        if (!tw || !tb || !ts) return HS_ERR_MODEL_FORMAT;
        if (!(op->w = copy_out(tw)) || !(op->b = copy_out(tb)) || !(op->w_scale = copy_out(ts))) return HS_ERR_NOMEM;
        c = op->out_c;
    }
    return HS_OK;
}

/* The head is the float net's tail; its shapes as computed from the trunk must match the float net's. */
static hs_status read_head(const hs_hsm *h, const hs_net *net, hs_qnet *q) {
    int n;
    if (hs_hsm_meta_int(h, "q8.head_layers", &n) != HS_OK || n < 1 || n > net->n_layers) return HS_ERR_MODEL_FORMAT;
    if (hs_net_copy_tail(net, net->n_layers - n, &q->head) != 0) return HS_ERR_NOMEM;
    if (hs_qnet_shapes(q) != 0) return HS_ERR_MODEL_FORMAT;
    for (int i = 0; i < n; i++) {
        const hs_layer *a = &q->head.layers[i], *b = &net->layers[net->n_layers - n + i];
        if (a->in_h != b->in_h || a->in_w != b->in_w || a->in_c != b->in_c) return HS_ERR_MODEL_FORMAT;
    }
    return HS_OK;
}

hs_status hs_cnn_q8_model_read(const hs_hsm *h, hs_cnn_q8_model *out) {
    if (!h || !out) return HS_ERR_ARG;
    memset(out, 0, sizeof *out);
    const char *kind = hs_hsm_meta_get(h, "model.kind");
    if (!kind || strcmp(kind, "cnn-int8") != 0) return HS_ERR_MODEL_FORMAT;
    hs_status st = hs_cnn_model_read(h, &out->base);
    if (st != HS_OK) return st;
    out->q.in_h = out->base.net.in_h; out->q.in_w = out->base.net.in_w; out->q.in_c = out->base.net.in_c;
    st = read_ops(h, &out->q);
    if (st == HS_OK) st = read_head(h, &out->base.net, &out->q);
    if (st != HS_OK) hs_cnn_q8_model_free(out);
    return st;
}

static hs_status read_any(const hs_hsm *h, void *out) { return hs_cnn_q8_model_read(h, out); }

hs_status hs_cnn_q8_model_load_memory(const uint8_t *bytes, size_t len, hs_cnn_q8_model *out) {
    if (!out) return HS_ERR_ARG;
    memset(out, 0, sizeof *out);
    return hs_hsm_read_memory(bytes, len, read_any, out);
}

void hs_cnn_q8_model_free(hs_cnn_q8_model *m) {
    if (!m) return;
    hs_qnet_free(&m->q);
    hs_cnn_model_free(&m->base);
    memset(m, 0, sizeof *m);
}
