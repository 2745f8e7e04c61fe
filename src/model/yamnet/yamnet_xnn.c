/* YAMNet backbone on XNNPACK's operator API (see yamnet_xnn.h). Operators rather than a subgraph: the
 * int8-weight depthwise layers of the LiteRT flavour are TFLite's hybrid kernel in C between two XNNPACK
 * operators, and a plain chain with fixed shapes lets every operator be reshaped and set up once, at create;
 * a run is then only xnn_run_operator calls on fixed buffers. */
#include "model/yamnet/yamnet_xnn.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/yamnet/yamnet_frontend.h"
#include "model/hsm.h"
#include "model/yamnet/yamnet_arch.h"
#include "model/yamnet/yamnet_hybrid.h"
#include "model/yamnet/yamnet_litert_f32.h"

#ifdef HS_HAVE_XNNPACK
#include <xnnpack.h>

/* How a layer runs: fp32 XNNPACK, qd8 XNNPACK (convert + qd8-f32-qc8w), TFLite's hybrid depthwise in C, or
 * (LiteRT flavour, float-weight layers) fp32 in C with LiteRT.js's order of roundings (yamnet_litert_f32.c). */
enum { RUN_F32, RUN_QD8, RUN_HYBRID, RUN_F32_EXACT };

typedef struct xstep {
    int run;
    int rows; /* RUN_QD8 1x1 conv as a fully-connected layer with one quantisation per pixel (row), as LiteRT */
    int in_h, in_w, cin, out_h, out_w, cout;
    xnn_operator_t quant, op; /* quant: f32 -> qd8 of the layer input (RUN_QD8) */
    hs_yamnet_dw8 dw;         /* RUN_HYBRID */
    hs_yamnet_f32conv fc;     /* RUN_F32_EXACT */
    float *oscale, *obias;    /* RUN_QD8: the float epilogue, applied in C (see qd8_epilogue) */
} xstep;

struct hs_yamnet_xnn {
    xstep step[HS_YAMNET_LAYERS];
    int dense_run;
    int litert;      /* HS_YAMNET_XNN_LITERT: LiteRT's rounding in the average pool too */
    xnn_operator_t dense;
    float *act[2];   /* ping-pong activations (+ XNN_EXTRA_BYTES) */
    int8_t *q8;      /* quantised layer input */
    float *emb;      /* pooled embedding, the classifier's input */
    float *logits;
    float *dense_scale, *dense_bias; /* RUN_QD8 classifier epilogue */
    void *ws_raw, *ws;
    /* of the last quantised input (per image, or per pixel), + the padding the qd8 kernels read */
    struct xnn_quantization_params *qp;
    /* what the qd8 GEMMs see: the same zero points, scale 1 -- so they return the exact integer sums as
     * floats and the float epilogue runs in C, unfused (x86 XNNPACK kernels fuse it with FMA, LiteRT.js's
     * wasm kernels cannot: the 1-ulp differences that the next quantisation amplifies) */
    struct xnn_quantization_params *qp1;
    float *ones;     /* unit weight scales for those GEMMs */
};

/* A layer's weights as the file holds them: int8 + scales (w8) or float (wf). */
typedef struct wts { const int8_t *w8; float *scale; size_t n_scale; float *wf; float *b; } wts;

static void wts_free(wts *w) { free(w->scale); free(w->wf); free(w->b); memset(w, 0, sizeof *w); }

/* nch = channels the scales run along; ch_last: channel = index % nch (depthwise (1,3,3,C)), else index / per.
 * want_f32: also dequantise int8 weights into wf (for layers run in fp32). */
static hs_status load_wts(const hs_hsm *h, const char *prefix, size_t count, size_t nch, int ch_last, size_t nb,
                          int want_f32, wts *out) {
    char name[64];
    memset(out, 0, sizeof *out);
    snprintf(name, sizeof name, "%s.w", prefix);
    const hs_hsm_tensor *t = hs_hsm_find(h, name);
    if (!t || t->count != count) return HS_ERR_MODEL_FORMAT;
    out->b = malloc(nb * sizeof(float));
    snprintf(name, sizeof name, "%s.b", prefix);
    if (!out->b || hs_hsm_tensor_f32(h, name, 1, &nb, out->b) != HS_OK) { wts_free(out); return HS_ERR_MODEL_FORMAT; }
    if (t->dtype == HS_DT_F32) {
        out->wf = malloc(count * sizeof(float));
        if (!out->wf) { wts_free(out); return HS_ERR_NOMEM; }
        memcpy(out->wf, t->data, count * sizeof(float));
        return HS_OK;
    }
    snprintf(name, sizeof name, "%s.w_scale", prefix);
    const hs_hsm_tensor *s = hs_hsm_find(h, name);
    if (t->dtype != HS_DT_I8 || !s || s->dtype != HS_DT_F32 || (s->count != 1 && s->count != nch)) {
        wts_free(out);
        return HS_ERR_MODEL_FORMAT;
    }
    out->w8 = (const int8_t *)t->data;
    out->n_scale = nch; /* XNNPACK wants one scale per output channel: a per-tensor scale is repeated */
    out->scale = malloc(nch * sizeof(float));
    if (!out->scale) { wts_free(out); return HS_ERR_NOMEM; }
    for (size_t c = 0; c < nch; c++) memcpy(&out->scale[c], s->data + (s->count == 1 ? 0 : c) * sizeof(float), sizeof(float));
    if (want_f32) {
        out->wf = malloc(count * sizeof(float));
        if (!out->wf) { wts_free(out); return HS_ERR_NOMEM; }
        size_t per = count / nch;
        for (size_t i = 0; i < count; i++) out->wf[i] = (float)out->w8[i] * out->scale[ch_last ? i % nch : i / per];
    }
    return HS_OK;
}

/* Which int8-weight layer kinds get LiteRT's quantised arithmetic: all of them ('p' 1x1 conv, 'd' depthwise,
 * 'f' the classifier), as LiteRT runs Google's file; the float-weight layers run in fp32. */
static int litert_quantises(char kind) { return strchr("pdf", kind) != NULL; }

void hs_yamnet_xnn_destroy(hs_yamnet_xnn *x) {
    if (!x) return;
    for (int i = 0; i < HS_YAMNET_LAYERS; i++) {
        if (x->step[i].quant) xnn_delete_operator(x->step[i].quant);
        if (x->step[i].op) xnn_delete_operator(x->step[i].op);
        hs_yamnet_dw8_free(&x->step[i].dw);
        hs_yamnet_f32conv_free(&x->step[i].fc);
        free(x->step[i].oscale); free(x->step[i].obias);
    }
    if (x->dense) xnn_delete_operator(x->dense);
    free(x->act[0]); free(x->act[1]); free(x->q8); free(x->emb); free(x->logits); free(x->ws_raw); free(x->qp);
    free(x->qp1); free(x->ones); free(x->dense_scale); free(x->dense_bias);
    free(x);
}

static enum xnn_status create_layer(xstep *s, const hs_yamnet_layer_def *d, const wts *w, const float *ones, int pt, int pl) {
    const int k = d->kind == 'p' ? 1 : 3, dw = d->kind == 'd';
    const int pb = (s->out_h - 1) * d->stride + k - s->in_h - pt, pr = (s->out_w - 1) * d->stride + k - s->in_w - pl;
    const uint32_t groups = dw ? (uint32_t)s->cin : 1, gin = dw ? 1 : (uint32_t)s->cin, gout = dw ? 1 : (uint32_t)s->cout;
    const uint32_t flags = dw ? XNN_FLAG_DEPTHWISE_CONVOLUTION : 0;
    enum xnn_status st;
    if (s->run == RUN_QD8) {
        if (s->rows) /* integer sums only: quantisation in quantize_rows, scales, bias, ReLU in qd8_epilogue */
            return xnn_create_fully_connected_nc_qd8_f32_qc8w(s->cin, s->cout, s->cin, s->cout, ones, w->w8, NULL,
                                                              -INFINITY, INFINITY, 0, NULL, NULL, &s->op);
        st = xnn_create_convert_nc_f32_qd8(0, &s->quant);
        if (st != xnn_status_success) return st;
        return xnn_create_convolution2d_nhwc_qd8_f32_qc8w(
            pt, pr > 0 ? pr : 0, pb > 0 ? pb : 0, pl, k, k, d->stride, d->stride, 1, 1, groups, gin, gout,
            s->cin, s->cout, w->scale, w->w8, w->b, 0.f, INFINITY, flags, NULL, NULL, &s->op);
    }
    return xnn_create_convolution2d_nhwc_f32(pt, pr > 0 ? pr : 0, pb > 0 ? pb : 0, pl, k, k, d->stride, d->stride, 1, 1,
                                             groups, gin, gout, s->cin, s->cout, w->wf, w->b, 0.f, INFINITY, flags,
                                             NULL, NULL, &s->op);
}

/* Reshape once for one image and return the workspace it needs. */
static enum xnn_status reshape_layer(xstep *s, size_t *ws, size_t *align) {
    size_t oh, ow;
    enum xnn_status st;
    *ws = 0; *align = 1;
    if (s->run == RUN_HYBRID || s->run == RUN_F32_EXACT) return xnn_status_success;
    if (s->run == RUN_QD8 && s->rows) return xnn_reshape_fully_connected_nc_qd8_f32_qc8w(s->op, (size_t)s->in_h * s->in_w, NULL);
    if (s->run == RUN_QD8) {
        st = xnn_reshape_convert_nc_f32_qd8(s->quant, 1, (size_t)s->in_h * s->in_w * s->cin,
                                            (size_t)s->in_h * s->in_w * s->cin, (size_t)s->in_h * s->in_w * s->cin, NULL);
        if (st != xnn_status_success) return st;
        st = xnn_reshape_convolution2d_nhwc_qd8_f32_qc8w(s->op, 1, s->in_h, s->in_w, ws, align, &oh, &ow, NULL);
    } else {
        st = xnn_reshape_convolution2d_nhwc_f32(s->op, 1, s->in_h, s->in_w, ws, align, &oh, &ow, NULL);
    }
    if (st == xnn_status_success && (oh != (size_t)s->out_h || ow != (size_t)s->out_w)) st = xnn_status_invalid_parameter;
    return st;
}

static enum xnn_status setup_layer(hs_yamnet_xnn *x, xstep *s, const float *in, float *out) {
    if (s->run == RUN_HYBRID || s->run == RUN_F32_EXACT) return xnn_status_success;
    if (s->run == RUN_QD8 && s->rows) return xnn_setup_fully_connected_nc_qd8_f32_qc8w(s->op, x->q8, out, x->qp1);
    if (s->run == RUN_QD8) {
        enum xnn_status st = xnn_setup_convert_nc_f32_qd8(s->quant, in, x->q8, x->qp);
        if (st != xnn_status_success) return st;
        return xnn_setup_convolution2d_nhwc_qd8_f32_qc8w(s->op, x->ws, x->q8, out, x->qp);
    }
    return xnn_setup_convolution2d_nhwc_f32(s->op, x->ws, in, out);
}

static hs_status fail(hs_yamnet_xnn *x, hs_status st) { hs_yamnet_xnn_destroy(x); return st; }

hs_status hs_yamnet_xnn_create(const hs_hsm *h, hs_yamnet_xnn_flavour flavour, hs_yamnet_xnn **out) {
    if (!h || !out) return HS_ERR_ARG;
    *out = NULL;
    if (!hs_yamnet_present(h)) return HS_ERR_MODEL_FORMAT;
    if (xnn_initialize(NULL) != xnn_status_success) return HS_ERR_BACKEND;
    hs_yamnet_xnn *x = calloc(1, sizeof *x);
    if (!x) return HS_ERR_NOMEM;
    const int litert = flavour == HS_YAMNET_XNN_LITERT;
    x->litert = litert;
    int H = HS_YAMNET_PATCH_FRAMES, W = HS_YAMNET_MELS, C = 1;
    size_t biggest = (size_t)H * W, ws_max = 0, align_max = 1;
    if (!(x->ones = malloc(HS_YAMNET_EMBED * sizeof(float)))) return fail(x, HS_ERR_NOMEM);
    for (int c = 0; c < HS_YAMNET_EMBED; c++) x->ones[c] = 1.f;
    for (int i = 0; i < HS_YAMNET_LAYERS; i++) {
        const hs_yamnet_layer_def *d = &hs_yamnet_arch[i];
        xstep *s = &x->step[i];
        const int k = d->kind == 'p' ? 1 : 3;
        s->in_h = H; s->in_w = W; s->cin = C; s->cout = d->cout;
        s->out_h = (H + d->stride - 1) / d->stride;
        s->out_w = (W + d->stride - 1) / d->stride;
        int th = (s->out_h - 1) * d->stride + k - H, tw = (s->out_w - 1) * d->stride + k - W;
        int pt = th > 0 ? th / 2 : 0, pl = tw > 0 ? tw / 2 : 0; /* TensorFlow 'same' */
        char prefix[32];
        snprintf(prefix, sizeof prefix, "yamnet.l%02d", i);
        size_t count = d->kind == 'd' ? (size_t)9 * C : (size_t)d->cout * k * k * C;
        size_t nch = d->kind == 'd' ? (size_t)C : (size_t)d->cout;
        char wname[40];
        snprintf(wname, sizeof wname, "%s.w", prefix);
        const hs_hsm_tensor *t = hs_hsm_find(h, wname);
        int int8 = t && t->dtype == HS_DT_I8;
        s->run = !litert || !int8 || !litert_quantises(d->kind) ? RUN_F32 : d->kind == 'd' ? RUN_HYBRID : RUN_QD8;
        /* LiteRT quantises a 1x1 conv's input per pixel, not per image (measured against LiteRT.js: per pixel
         * gives bit-identical scores on several inputs, per image 0.02-0.15 off) */
        s->rows = s->run == RUN_QD8 && d->kind == 'p' && d->stride == 1;
        /* float-weight 3x3 layers: XNNPACK's x86 kernels fuse multiply-adds (FMA), LiteRT.js's wasm ones cannot */
        if (litert && s->run == RUN_F32 && d->kind != 'p') s->run = RUN_F32_EXACT;
        wts w;
        hs_status hst = load_wts(h, prefix, count, nch, d->kind == 'd', (size_t)d->cout,
                                 s->run == RUN_F32 || s->run == RUN_F32_EXACT, &w);
        if (hst != HS_OK) return fail(x, hst);
        enum xnn_status st = xnn_status_success;
        if (s->run == RUN_HYBRID) hst = hs_yamnet_dw8_init(&s->dw, H, W, C, d->stride, w.w8, w.scale, nch, w.b);
        else if (s->run == RUN_F32_EXACT)
            hst = hs_yamnet_f32conv_init(&s->fc, d->kind == 'd', H, W, C, d->cout, d->stride, w.wf, w.b);
        else st = create_layer(s, d, &w, x->ones, pt, pl);
        if (s->rows) { /* keep the epilogue's scales and bias */
            s->oscale = malloc(nch * sizeof(float));
            s->obias = malloc(nch * sizeof(float));
            if (s->oscale && s->obias) { memcpy(s->oscale, w.scale, nch * sizeof(float)); memcpy(s->obias, w.b, nch * sizeof(float)); }
            else hst = HS_ERR_NOMEM;
        }
        wts_free(&w); /* XNNPACK packed its own copy */
        if (hst != HS_OK) return fail(x, hst);
        if (st != xnn_status_success) return fail(x, HS_ERR_BACKEND);
        size_t ws, al;
        if (reshape_layer(s, &ws, &al) != xnn_status_success) return fail(x, HS_ERR_BACKEND);
        if (ws > ws_max) ws_max = ws;
        if (al > align_max) align_max = al;
        H = s->out_h; W = s->out_w; C = d->cout;
        if ((size_t)H * W * C > biggest) biggest = (size_t)H * W * C;
    }
    /* the classifier: (521, 1024) weights, per-tensor int8 scale in Google's file */
    wts w;
    const hs_hsm_tensor *dt = hs_hsm_find(h, "yamnet.dense.w");
    x->dense_run = litert && dt && dt->dtype == HS_DT_I8 && litert_quantises('f') ? RUN_QD8 : RUN_F32;
    hs_status hst = load_wts(h, "yamnet.dense", (size_t)HS_YAMNET_CLASSES * HS_YAMNET_EMBED, HS_YAMNET_CLASSES, 0,
                             HS_YAMNET_CLASSES, x->dense_run == RUN_F32, &w);
    if (hst != HS_OK) return fail(x, hst);
    enum xnn_status st;
    if (x->dense_run == RUN_QD8) {
        st = xnn_create_fully_connected_nc_qd8_f32_qc8w(HS_YAMNET_EMBED, HS_YAMNET_CLASSES, HS_YAMNET_EMBED,
                                                            HS_YAMNET_CLASSES, x->ones, w.w8, NULL, -INFINITY, INFINITY,
                                                            0, NULL, NULL, &x->dense);
        x->dense_scale = malloc(HS_YAMNET_CLASSES * sizeof(float));
        x->dense_bias = malloc(HS_YAMNET_CLASSES * sizeof(float));
        if (!x->dense_scale || !x->dense_bias) st = xnn_status_out_of_memory;
        else {
            memcpy(x->dense_scale, w.scale, HS_YAMNET_CLASSES * sizeof(float));
            memcpy(x->dense_bias, w.b, HS_YAMNET_CLASSES * sizeof(float));
        }
        if (st == xnn_status_success) st = xnn_reshape_fully_connected_nc_qd8_f32_qc8w(x->dense, 1, NULL);
    } else {
        st = xnn_create_fully_connected_nc_f32(HS_YAMNET_EMBED, HS_YAMNET_CLASSES, HS_YAMNET_EMBED, HS_YAMNET_CLASSES,
                                               w.wf, w.b, -INFINITY, INFINITY, 0, NULL, NULL, &x->dense);
        if (st == xnn_status_success) st = xnn_reshape_fully_connected_nc_f32(x->dense, 1, NULL);
    }
    wts_free(&w);
    if (st != xnn_status_success) return fail(x, HS_ERR_BACKEND);

    const size_t extra = XNN_EXTRA_BYTES;
    x->act[0] = malloc(biggest * sizeof(float) + extra);
    x->act[1] = malloc(biggest * sizeof(float) + extra);
    x->q8 = malloc(biggest + extra);
    x->emb = malloc(HS_YAMNET_EMBED * sizeof(float) + extra);
    x->logits = malloc(HS_YAMNET_CLASSES * sizeof(float) + extra);
    x->ws_raw = malloc(ws_max + align_max);
    x->qp = calloc(biggest + XNN_EXTRA_QUANTIZATION_PARAMS, sizeof *x->qp); /* >= pixels of any layer */
    x->qp1 = calloc(biggest + XNN_EXTRA_QUANTIZATION_PARAMS, sizeof *x->qp1);
    if (!x->qp || !x->qp1 || !x->act[0] || !x->act[1] || !x->q8 || !x->emb || !x->logits || !x->ws_raw) return fail(x, HS_ERR_NOMEM);
    x->ws = (void *)(((uintptr_t)x->ws_raw + align_max - 1) / align_max * align_max);
    /* fixed buffers: every pointer is set once; layer i reads act[i & 1] and writes act[(i + 1) & 1] */
    for (int i = 0; i < HS_YAMNET_LAYERS; i++)
        if (setup_layer(x, &x->step[i], x->act[i & 1], x->act[(i + 1) & 1]) != xnn_status_success) return fail(x, HS_ERR_BACKEND);
    st = x->dense_run == RUN_QD8 ? xnn_setup_fully_connected_nc_qd8_f32_qc8w(x->dense, x->q8, x->logits, x->qp1)
                                     : xnn_setup_fully_connected_nc_f32(x->dense, x->emb, x->logits);
    if (st != xnn_status_success) return fail(x, HS_ERR_BACKEND);
    *out = x;
    return HS_OK;
}

/* Round to nearest, ties to even, for |v| < 2^22: adding and removing 1.5 * 2^23 leaves no fraction bits
 * (default rounding mode, no excess precision: SSE and wasm). nearbyintf is a libm call on baseline x86-64. */
static inline float round_even(float v) {
    const float magic = 12582912.f;
    float t = v + magic;
    return t - magic;
}

/* XNNPACK's dynamic quantisation (f32 -> qd8) of `rows` rows of n values, one asymmetric int8 scale and zero
 * point per row, as its reference formula and LiteRT.js's wasm kernel compute it: range [min(0, min),
 * max(0, max)], scale 255 / range, zero point from the end with the smaller error, q = rint(x * scale) + zero
 * point (ties to even). In C rather than XNNPACK's convert operator: the x86 kernels round some exact ties
 * (x * scale = k + 0.5) the other way. qp gets each row's step 1 / scale, qp1 the GEMM's view of it (same
 * zero points, scale 1). */
static void quantize_rows(hs_yamnet_xnn *x, const float *in, size_t rows, size_t n) {
    for (size_t r = 0; r < rows; r++) {
        const float *v = in + r * n;
        int8_t *q = x->q8 + r * n;
        float lo = 0.f, hi = 0.f;
        for (size_t i = 0; i < n; i++) { if (v[i] < lo) lo = v[i]; if (v[i] > hi) hi = v[i]; }
        const float scale = lo == hi ? 1.f : 255.f / (hi - lo);
        const float lo_s = lo * scale, hi_s = hi * scale;
        float zp = (-128.f + lo_s) + (127.f + hi_s) > 0.f ? -128.f - lo_s : 127.f - hi_s;
        zp = zp < -128.f ? -128.f : zp > 127.f ? 127.f : zp;
        const int32_t z = (int32_t)nearbyintf(zp);
        for (size_t i = 0; i < n; i++) {
            int32_t t = (int32_t)round_even(v[i] * scale) + z; /* |v * scale| <= 255 */
            q[i] = (int8_t)(t < -128 ? -128 : t > 127 ? 127 : t);
        }
        x->qp[r].zero_point = z; x->qp[r].scale = 1.f / scale;
        x->qp1[r].zero_point = z; x->qp1[r].scale = 1.f;
    }
    /* XNNPACK's contract (xnnpack.h: "padded with at least XNN_EXTRA_QUANTIZATION_PARAMS entries"): the
     * entries after the last row repeat it, as its own convert operator writes them. A GEMM kernel computes
     * mr rows at a time and, in a partial last block, aliases the missing rows to the last real one while
     * still reading their parameters: with mr = 10 (AVX-512 VNNI kernels) stale entries made the last row of
     * a layer wrong, which is what moved the scores on AVX-512 machines. */
    for (size_t r = rows; r > 0 && r < rows + XNN_EXTRA_QUANTIZATION_PARAMS; r++) {
        x->qp[r] = x->qp[rows - 1];
        x->qp1[r] = x->qp1[rows - 1];
    }
}

/* The float part of qd8-f32-qc8w as LiteRT.js's wasm kernels compute it, one rounding per operation:
 * ((sum * input step) * weight scale) + bias, then ReLU if relu. acc: the integer sums as floats. */
static void qd8_epilogue(float *acc, size_t rows, int cout, const struct xnn_quantization_params *qp,
                         const float *scale, const float *bias, int relu) {
    for (size_t r = 0; r < rows; r++) {
        float *o = acc + r * (size_t)cout;
        const float step = qp[r].scale;
        for (int c = 0; c < cout; c++) {
            float v = o[c] * step;
            v = v * scale[c];
            v = v + bias[c];
            o[c] = relu && !(v > 0.f) ? 0.f : v;
        }
    }
}

/* The first `layers` conv layers on a patch; their output stays in act[layers & 1]. */
static hs_status run_layers(hs_yamnet_xnn *x, const float *patch, int layers) {
    memcpy(x->act[0], patch, (size_t)HS_YAMNET_PATCH_FRAMES * HS_YAMNET_MELS * sizeof(float));
    for (int i = 0; i < layers; i++) {
        xstep *s = &x->step[i];
        float *out = x->act[(i + 1) & 1];
        if (s->run == RUN_HYBRID) { hs_yamnet_dw8_run(&s->dw, x->act[i & 1], out); continue; }
        if (s->run == RUN_F32_EXACT) { hs_yamnet_f32conv_run(&s->fc, x->act[i & 1], out); continue; }
        const size_t px = (size_t)s->in_h * s->in_w;
        if (s->rows) quantize_rows(x, x->act[i & 1], px, (size_t)s->cin);
        else if (s->run == RUN_QD8 && xnn_run_operator(s->quant, NULL) != xnn_status_success) return HS_ERR_BACKEND;
        if (xnn_run_operator(s->op, NULL) != xnn_status_success) return HS_ERR_BACKEND;
        if (s->rows) qd8_epilogue(out, px, s->cout, x->qp, s->oscale, s->obias, 1);
    }
    return HS_OK;
}

hs_status hs_yamnet_xnn_layer(hs_yamnet_xnn *x, const float *patch, int layer, float *out, size_t *count) {
    if (!x || !patch || layer < 0 || layer >= HS_YAMNET_LAYERS) return HS_ERR_ARG;
    const xstep *s = &x->step[layer];
    size_t n = (size_t)s->out_h * s->out_w * s->cout;
    if (count) *count = n;
    if (!out) return HS_OK;
    hs_status st = run_layers(x, patch, layer + 1);
    if (st == HS_OK) memcpy(out, x->act[(layer + 1) & 1], n * sizeof(float));
    return st;
}

hs_status hs_yamnet_xnn_run(hs_yamnet_xnn *x, const float *patch, float *embedding, float *scores) {
    if (!x || !patch || !embedding) return HS_ERR_ARG;
    hs_status rst = run_layers(x, patch, HS_YAMNET_LAYERS);
    if (rst != HS_OK) return rst;
    const xstep *last = &x->step[HS_YAMNET_LAYERS - 1];
    const float *in = x->act[HS_YAMNET_LAYERS & 1];
    size_t pixels = (size_t)last->out_h * last->out_w;
    for (int c = 0; c < HS_YAMNET_EMBED && x->litert; c++) { /* LiteRT's MEAN: float sum in pixel order, x (1/n) */
        float s = 0.f;
        for (size_t p = 0; p < pixels; p++) s = s + in[p * HS_YAMNET_EMBED + c];
        x->emb[c] = s * (1.f / (float)pixels);
    }
    for (int c = 0; c < HS_YAMNET_EMBED && !x->litert; c++) {
        double s = 0;
        for (size_t p = 0; p < pixels; p++) s += in[p * HS_YAMNET_EMBED + c];
        x->emb[c] = (float)(s / (double)pixels);
    }
    memcpy(embedding, x->emb, HS_YAMNET_EMBED * sizeof(float));
    if (!scores) return HS_OK;
    if (x->dense_run == RUN_QD8) quantize_rows(x, x->emb, 1, HS_YAMNET_EMBED);
    if (xnn_run_operator(x->dense, NULL) != xnn_status_success) return HS_ERR_BACKEND;
    if (x->dense_run == RUN_QD8) qd8_epilogue(x->logits, 1, HS_YAMNET_CLASSES, x->qp, x->dense_scale, x->dense_bias, 0);
    for (int k = 0; k < HS_YAMNET_CLASSES; k++) scores[k] = 1.f / (1.f + expf(-x->logits[k]));
    return HS_OK;
}

#else /* no XNNPACK in this build: the plain-C backbone (yamnet.c) is used */

hs_status hs_yamnet_xnn_create(const struct hs_hsm *h, hs_yamnet_xnn_flavour flavour, hs_yamnet_xnn **out) {
    (void)h; (void)flavour;
    if (out) *out = NULL;
    return HS_ERR_UNSUPPORTED;
}
void hs_yamnet_xnn_destroy(hs_yamnet_xnn *x) { (void)x; }
hs_status hs_yamnet_xnn_run(hs_yamnet_xnn *x, const float *patch, float *embedding, float *scores) {
    (void)x; (void)patch; (void)embedding; (void)scores;
    return HS_ERR_UNSUPPORTED;
}
hs_status hs_yamnet_xnn_layer(hs_yamnet_xnn *x, const float *patch, int layer, float *out, size_t *count) {
    (void)x; (void)patch; (void)layer; (void)out;
    if (count) *count = 0;
    return HS_ERR_UNSUPPORTED;
}
#endif
