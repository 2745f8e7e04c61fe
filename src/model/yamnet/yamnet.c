/* YAMNet inference, fp32, NHWC (H = 96 frames, W = 64 mels). Weights are dequantised once at creation;
 * pointwise weights are packed in panels (see pointwise()) so the inner loops run over contiguous outputs
 * and vectorise without reassociating sums. */
#include "model/yamnet/yamnet.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/hsm.h"
#include "model/yamnet/yamnet_hybrid.h"
#include "model/yamnet/yamnet_xnn.h"

#define KB 16 /* pointwise output panel width */
#define PB 4  /* pixels per pointwise block */

/* Float mode's engine when XNNPACK is there (measured: docs/YAMNET.md). */
#define HS_YAMNET_DEFAULT_ENGINE "xnnpack-f32"

typedef struct yl {
    char kind;
    int stride, cin, cout, in_h, in_w, out_h, out_w, pad_t, pad_l;
    int int8; /* the file stores this layer's weights as int8 (LiteRT then runs it on quantised inputs) */
    float *w, *b;
} yl;

struct hs_yamnet {
    yl layer[HS_YAMNET_LAYERS];
    float *dense_w, *dense_b; /* (521,1024), (521) */
    float *act[2];            /* ping-pong activations, largest layer size */
    float *qin;               /* tflite mode: the layer input after dynamic int8 quantisation */
    int8_t *q8;               /* its int8 values (depthwise) */
    float *mel_w, *mel_b;     /* the graph's int8 mel matrix (the int8 values as floats) + bias, if the file has them */
    float mel_scale;          /* its per-tensor scale */
    float *window;            /* the graph's analysis window (400), if the file has it: tflite mode's front end */
    int tflite;               /* 1: reproduce the converted graph's int8 arithmetic (hs_yamnet_set_tflite_mode) */
    /* XNNPACK backbones (NULL without XNNPACK or with HS_YAMNET_ENGINE=plain-c): `litert` runs LiteRT's int8
     * arithmetic (tflite mode, and float mode when chosen); `f32` the float model, if float mode uses it. */
    hs_yamnet_xnn *xnn_litert, *xnn_f32;
    const char *engine;       /* float mode: "xnnpack-litert", "xnnpack-f32" or "plain-c" */
};

/* TensorFlow 'same' padding: out = ceil(in / s); the odd pixel of padding goes after (bottom/right). */
static void same_pad(int in, int k, int s, int *out, int *before) {
    *out = (in + s - 1) / s;
    int total = (*out - 1) * s + k - in;
    if (total < 0) total = 0;
    *before = total / 2;
}

/* Dequantise tensor `prefix.w` (int8 + scales along `axis` of size nch, or f32) into a new buffer. */
static float *load_weights(const hs_hsm *h, const char *prefix, size_t count, size_t nch, int ch_last) {
    char name[64];
    snprintf(name, sizeof name, "%s.w", prefix);
    const hs_hsm_tensor *t = hs_hsm_find(h, name);
    if (!t || t->count != count) return NULL;
    float *w = malloc(count * sizeof(float));
    if (!w) return NULL;
    if (t->dtype == HS_DT_F32) { memcpy(w, t->data, count * sizeof(float)); return w; }
    snprintf(name, sizeof name, "%s.w_scale", prefix);
    const hs_hsm_tensor *s = hs_hsm_find(h, name);
    if (t->dtype != HS_DT_I8 || !s || s->dtype != HS_DT_F32 || (s->count != 1 && s->count != nch)) { free(w); return NULL; }
    float *scale = malloc(s->count * sizeof(float));
    if (!scale) { free(w); return NULL; }
    memcpy(scale, s->data, s->count * sizeof(float));
    const int8_t *q = (const int8_t *)t->data;
    size_t per = count / nch;
    for (size_t i = 0; i < count; i++) {
        size_t ch = s->count == 1 ? 0 : ch_last ? i % nch : i / per;
        w[i] = (float)q[i] * scale[ch];
    }
    free(scale);
    return w;
}

static int weights_int8(const hs_hsm *h, const char *prefix) {
    char name[64];
    snprintf(name, sizeof name, "%s.w", prefix);
    const hs_hsm_tensor *t = hs_hsm_find(h, name);
    return t && t->dtype == HS_DT_I8;
}

static float *load_bias(const hs_hsm *h, const char *prefix, size_t n) {
    char name[64];
    snprintf(name, sizeof name, "%s.b", prefix);
    float *b = malloc(n * sizeof(float));
    if (b && hs_hsm_tensor_f32(h, name, 1, &n, b) != HS_OK) { free(b); b = NULL; }
    return b;
}

void hs_yamnet_destroy(hs_yamnet *y) {
    if (!y) return;
    for (int i = 0; i < HS_YAMNET_LAYERS; i++) { free(y->layer[i].w); free(y->layer[i].b); }
    free(y->dense_w); free(y->dense_b); free(y->act[0]); free(y->act[1]);
    free(y->qin); free(y->q8); free(y->mel_w); free(y->mel_b); free(y->window);
    hs_yamnet_xnn_destroy(y->xnn_litert);
    hs_yamnet_xnn_destroy(y->xnn_f32);
    free(y);
}

/* The float-mode engine: the one asked for, else the default. Without XNNPACK (HS_XNNPACK off, or it fails
 * to initialise) everything runs on the plain-C code. */
static hs_status create_xnn(hs_yamnet *y, const hs_hsm *h, const char *e) {
    y->engine = !e ? HS_YAMNET_DEFAULT_ENGINE : !strcmp(e, "plain-c") ? "plain-c" : !strcmp(e, "xnnpack-f32")
              ? "xnnpack-f32" : !strcmp(e, "xnnpack-litert") ? "xnnpack-litert" : NULL;
    if (!y->engine) return HS_ERR_ARG;
    if (!strcmp(y->engine, "plain-c")) return HS_OK;
    hs_status st = hs_yamnet_xnn_create(h, HS_YAMNET_XNN_LITERT, &y->xnn_litert);
    if (st == HS_OK && !strcmp(y->engine, "xnnpack-f32")) st = hs_yamnet_xnn_create(h, HS_YAMNET_XNN_F32, &y->xnn_f32);
    if (st == HS_ERR_UNSUPPORTED || st == HS_ERR_BACKEND) { /* no XNNPACK here: the plain-C fallback */
        hs_yamnet_xnn_destroy(y->xnn_litert);
        y->xnn_litert = NULL;
        y->engine = "plain-c";
        return HS_OK;
    }
    return st;
}

/* A layer's float weights + bias for the plain-C loops; 1x1 weights (K,C) packed as panels (K/KB, C, KB) for
 * pointwise(). */
static hs_status load_layer(const hs_hsm *h, yl *L, const char *prefix, size_t count) {
    const int C = L->cin, K = L->cout;
    L->w = load_weights(h, prefix, count, L->kind == 'd' ? (size_t)C : (size_t)K, L->kind == 'd');
    L->b = load_bias(h, prefix, (size_t)K);
    if (!L->w || !L->b) return HS_ERR_MODEL_FORMAT;
    if (L->kind != 'p') return HS_OK;
    float *t = malloc(count * sizeof(float));
    if (!t || K % KB) { free(t); return HS_ERR_NOMEM; }
    for (int o = 0; o < K; o++)
        for (int c = 0; c < C; c++) t[((size_t)(o / KB) * C + c) * KB + o % KB] = L->w[(size_t)o * C + c];
    free(L->w);
    L->w = t;
    return HS_OK;
}

hs_status hs_yamnet_create(const hs_hsm *h, const char *engine, hs_yamnet **out) {
    if (!h || !out) return HS_ERR_ARG;
    *out = NULL;
    const char *kind = hs_hsm_meta_get(h, "model.kind");
    if (!kind || (strcmp(kind, "yamnet") != 0 && strcmp(kind, "yamnet-head") != 0)) return HS_ERR_MODEL_FORMAT;
    hs_yamnet *y = calloc(1, sizeof *y);
    if (!y) return HS_ERR_NOMEM;
    hs_status st = create_xnn(y, h, engine);
    if (st != HS_OK) { hs_yamnet_destroy(y); return st; }
    /* the plain-C weights (dequantised, ~15 MB) only when plain C runs the float model: saves the page memory */
    const int plain = !strcmp(y->engine, "plain-c");
    int H = HS_YAMNET_PATCH_FRAMES, W = HS_YAMNET_MELS, C = 1;
    size_t biggest = (size_t)H * W;
    for (int i = 0; i < HS_YAMNET_LAYERS; i++) {
        yl *L = &y->layer[i];
        const hs_yamnet_layer_def *d = &hs_yamnet_arch[i];
        int k = d->kind == 'p' ? 1 : 3, pt, pl;
        L->kind = d->kind; L->stride = d->stride; L->cin = C; L->cout = d->cout; L->in_h = H; L->in_w = W;
        same_pad(H, k, d->stride, &L->out_h, &pt);
        same_pad(W, k, d->stride, &L->out_w, &pl);
        L->pad_t = pt; L->pad_l = pl;
        char prefix[32];
        snprintf(prefix, sizeof prefix, "yamnet.l%02d", i);
        size_t count = d->kind == 'd' ? (size_t)9 * C : (size_t)d->cout * k * k * C;
        L->int8 = weights_int8(h, prefix);
        hs_status ls = plain ? load_layer(h, L, prefix, count) : HS_OK;
        if (ls != HS_OK) { hs_yamnet_destroy(y); return ls; }
        H = L->out_h; W = L->out_w; C = d->cout;
        if ((size_t)H * W * C > biggest) biggest = (size_t)H * W * C;
    }
    if (plain) {
        y->dense_w = load_weights(h, "yamnet.dense", (size_t)HS_YAMNET_CLASSES * HS_YAMNET_EMBED, HS_YAMNET_CLASSES, 0);
        y->dense_b = load_bias(h, "yamnet.dense", HS_YAMNET_CLASSES);
        if (!y->dense_w || !y->dense_b) { hs_yamnet_destroy(y); return HS_ERR_MODEL_FORMAT; }
    }
    y->act[0] = malloc(biggest * sizeof(float));
    y->act[1] = malloc(biggest * sizeof(float));
    y->qin = malloc(biggest * sizeof(float));
    y->q8 = malloc(biggest);
    if (hs_hsm_find(h, "yamnet.mel.w")) {
        y->mel_w = load_weights(h, "yamnet.mel", (size_t)HS_YAMNET_MELS * 257, 1, 0);
        const hs_hsm_tensor *ms = hs_hsm_find(h, "yamnet.mel.w_scale");
        if (y->mel_w && ms && ms->dtype == HS_DT_F32 && ms->count == 1) { /* undo the dequantisation: exact */
            memcpy(&y->mel_scale, ms->data, sizeof(float));
            for (size_t i = 0; i < (size_t)HS_YAMNET_MELS * 257; i++) y->mel_w[i] = nearbyintf(y->mel_w[i] / y->mel_scale);
        } else {
            free(y->mel_w);
            y->mel_w = NULL;
        }
        y->mel_b = load_bias(h, "yamnet.mel", HS_YAMNET_MELS);
        if (!y->mel_w || !y->mel_b) { hs_yamnet_destroy(y); return HS_ERR_MODEL_FORMAT; }
    }
    if (hs_hsm_find(h, "yamnet.window")) { /* optional: files converted before it was kept lack it */
        size_t nw = HS_YAMNET_WINDOW;
        y->window = malloc(nw * sizeof(float));
        if (!y->window || hs_hsm_tensor_f32(h, "yamnet.window", 1, &nw, y->window) != HS_OK) {
            hs_yamnet_destroy(y);
            return HS_ERR_MODEL_FORMAT;
        }
    }
    if (!y->act[0] || !y->act[1] || !y->qin || !y->q8) { hs_yamnet_destroy(y); return HS_ERR_NOMEM; }
    *out = y;
    return HS_OK;
}

/* The 3x3 layers, 'same' padding, ReLU: the first conv (1 input channel, weights (K,3,3,1)) and the depthwise
 * convs (weights (3,3,C)); taps outside the image are skipped. */
static void conv3x3(const yl *L, const float *in, float *out) {
    const int dw = L->kind == 'd', C = L->cin, K = L->cout;
    for (int oy = 0; oy < L->out_h; oy++)
        for (int ox = 0; ox < L->out_w; ox++) {
            float *o = out + ((size_t)oy * L->out_w + ox) * K;
            memcpy(o, L->b, (size_t)K * sizeof(float));
            for (int ky = 0; ky < 3; ky++) {
                int iy = oy * L->stride + ky - L->pad_t;
                if (iy < 0 || iy >= L->in_h) continue;
                for (int kx = 0; kx < 3; kx++) {
                    int ix = ox * L->stride + kx - L->pad_l;
                    if (ix < 0 || ix >= L->in_w) continue;
                    const float *x = in + ((size_t)iy * L->in_w + ix) * C;
                    if (dw) {
                        const float *w = L->w + (ky * 3 + kx) * C;
                        for (int c = 0; c < C; c++) o[c] += x[c] * w[c];
                    } else {
                        for (int k = 0; k < K; k++) o[k] += x[0] * L->w[k * 9 + ky * 3 + kx];
                    }
                }
            }
            for (int k = 0; k < K; k++) o[k] = o[k] > 0.f ? o[k] : 0.f;
        }
}

/* 1x1 convolution = (pixels x C) times (C x K): the bulk of YAMNet's MACs. Weights are packed in panels of
 * KB outputs, (K/KB, C, KB), and 4 pixels share each loaded weight panel row: the fixed-size inner loops over
 * KB keep the 4 x KB accumulators in vector registers, so each weight is loaded once per 4 pixels instead of
 * once per pixel (~4x faster than the plain pixel loop, same sums in the same order). */
static inline __attribute__((always_inline)) void pointwise_body(const yl *L, const float *in, float *out) {
    int C = L->cin, K = L->cout;
    size_t pixels = (size_t)L->out_h * L->out_w;
    for (int kb = 0; kb < K; kb += KB) {
        const float *panel = L->w + (size_t)kb * C, *bias = L->b + kb;
        size_t p = 0;
        for (; p + PB <= pixels; p += PB) {
            float acc[PB][KB];
            for (int i = 0; i < PB; i++)
                for (int j = 0; j < KB; j++) acc[i][j] = bias[j];
            const float *x = in + p * C;
            for (int c = 0; c < C; c++) {
                const float *w = panel + (size_t)c * KB;
                for (int i = 0; i < PB; i++) {
                    float v = x[(size_t)i * C + c];
                    for (int j = 0; j < KB; j++) acc[i][j] += v * w[j];
                }
            }
            for (int i = 0; i < PB; i++)
                for (int j = 0; j < KB; j++) out[(p + i) * K + kb + j] = acc[i][j] > 0.f ? acc[i][j] : 0.f;
        }
        for (; p < pixels; p++) { /* the last < 4 pixels */
            float acc[KB];
            for (int j = 0; j < KB; j++) acc[j] = bias[j];
            const float *x = in + p * C;
            for (int c = 0; c < C; c++)
                for (int j = 0; j < KB; j++) acc[j] += x[c] * panel[(size_t)c * KB + j];
            for (int j = 0; j < KB; j++) out[p * K + kb + j] = acc[j] > 0.f ? acc[j] : 0.f;
        }
    }
}

/* On x86-64 the same loops are also compiled for AVX2+FMA (8 lanes, fused multiply-add: ~2-3x) and chosen at
 * run time, so the binary still runs on any x86-64; elsewhere (WASM SIMD, ARM) the portable build is used.
 * This engine is the no-XNNPACK fallback and a float reference; it contracts on purpose (fp-contract=fast here,
 * off elsewhere), so its last bits depend on the CPU it runs on. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define HS_YAMNET_AVX2 1
__attribute__((target("avx2,fma"), optimize("fp-contract=fast"))) static void pointwise_avx2(const yl *L, const float *in, float *out) {
    pointwise_body(L, in, out);
}
#endif
static void pointwise_portable(const yl *L, const float *in, float *out) { pointwise_body(L, in, out); }

static int use_avx2(void) {
#ifdef HS_YAMNET_AVX2
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

static void pointwise(const yl *L, const float *in, float *out) {
#ifdef HS_YAMNET_AVX2
    if (use_avx2()) { pointwise_avx2(L, in, out); return; }
#endif
    pointwise_portable(L, in, out);
}

double hs_yamnet_macs(void) {
    double macs = 0;
    int H = HS_YAMNET_PATCH_FRAMES, W = HS_YAMNET_MELS, C = 1;
    for (int i = 0; i < HS_YAMNET_LAYERS; i++) {
        const hs_yamnet_layer_def *d = &hs_yamnet_arch[i];
        int oh, ow, pad;
        same_pad(H, d->kind == 'p' ? 1 : 3, d->stride, &oh, &pad);
        same_pad(W, d->kind == 'p' ? 1 : 3, d->stride, &ow, &pad);
        double px = (double)oh * ow;
        macs += d->kind == 'c' ? px * 9 * C * d->cout : d->kind == 'd' ? px * 9 * C : px * C * d->cout;
        H = oh; W = ow; C = d->cout;
    }
    return macs;
}

const char *hs_yamnet_engine(const hs_yamnet *y) {
    if (y && y->tflite && y->xnn_litert) return "xnnpack-litert";
    if (y && strcmp(y->engine, "plain-c") != 0) return y->engine;
    return use_avx2() ? "plain-c (avx2+fma pointwise)" : "plain-c";
}

hs_status hs_yamnet_set_tflite_mode(hs_yamnet *y, int on) {
    if (!y) return HS_ERR_ARG;
    if (on && !y->mel_w) return HS_ERR_UNSUPPORTED;
    y->tflite = on != 0;
    return HS_OK;
}

hs_status hs_yamnet_patches_for(hs_yamnet *y, hs_melspec *m, const float *x, size_t n, float **patches, size_t *count) {
    if (!y) return HS_ERR_ARG;
    return y->tflite ? hs_yamnet_patches_q(m, y->window, y->mel_w, y->mel_scale, y->mel_b, x, n, patches, count)
                     : hs_yamnet_patches(m, x, n, patches, count);
}

/* The plain-C emulation of LiteRT's arithmetic (tflite mode without XNNPACK; yamnet_xnn.c is the real
 * thing): each int8-weight layer's input is replaced by its dynamically quantised values, then the float
 * layer runs on them -- equal to the integer kernels up to float rounding. */

/* XNNPACK's qd8 quantisation of one row of n values (1x1 convs: per pixel; the classifier: the embedding). */
static void qd8_row(const float *in, float *out, size_t n) {
    float lo = 0.f, hi = 0.f;
    for (size_t i = 0; i < n; i++) { if (in[i] < lo) lo = in[i]; if (in[i] > hi) hi = in[i]; }
    const float sq = lo == hi ? 1.f : 255.f / (hi - lo), dmin = lo * sq, dmax = hi * sq;
    float zp = (-128.f + dmin) + (127.f + dmax) > 0 ? -128.f - dmin : 127.f - dmax;
    zp = nearbyintf(fmaxf(-128.f, fminf(127.f, zp)));
    const float step = 1.f / sq, mult = 1.f / step;
    for (size_t i = 0; i < n; i++) {
        float q = fmaxf(-128.f, fminf(127.f, nearbyintf(in[i] * mult) + zp));
        out[i] = (q - zp) * step;
    }
}

/* The layer input as LiteRT's kernels see it: 1x1 convs per pixel (XNNPACK qd8), depthwise per image
 * (TFLite's hybrid kernel, yamnet_hybrid.c). */
static void quantise_input(const yl *L, const float *in, float *out, int8_t *q8) {
    const size_t pixels = (size_t)L->in_h * L->in_w, C = (size_t)L->cin;
    if (L->kind == 'p') {
        for (size_t p = 0; p < pixels; p++) qd8_row(in + p * C, out + p * C, C);
        return;
    }
    float scale;
    int32_t zp;
    hs_tfl_asym_quantize(in, pixels * C, q8, &scale, &zp);
    for (size_t i = 0; i < pixels * C; i++) out[i] = (float)((int32_t)q8[i] - zp) * scale;
}

hs_status hs_yamnet_run(hs_yamnet *y, const float *patch, float *embedding, float *scores) {
    if (!y || !patch || !embedding) return HS_ERR_ARG;
    hs_yamnet_xnn *xr = y->tflite ? y->xnn_litert
                      : !strcmp(y->engine, "xnnpack-litert") ? y->xnn_litert
                      : !strcmp(y->engine, "xnnpack-f32") ? y->xnn_f32 : NULL;
    if (xr) return hs_yamnet_xnn_run(xr, patch, embedding, scores);
    const float *in = patch;
    int cur = 0;
    for (int i = 0; i < HS_YAMNET_LAYERS; i++) {
        const yl *L = &y->layer[i];
        float *out = y->act[cur];
        if (y->tflite && L->int8 && L->kind != 'c') {
            quantise_input(L, in, y->qin, y->q8);
            in = y->qin;
        }
        if (L->kind == 'p') pointwise(L, in, out);
        else conv3x3(L, in, out);
        in = out;
        cur ^= 1;
    }
    const yl *last = &y->layer[HS_YAMNET_LAYERS - 1];
    size_t pixels = (size_t)last->out_h * last->out_w;
    for (int c = 0; c < HS_YAMNET_EMBED; c++) {
        double s = 0;
        for (size_t p = 0; p < pixels; p++) s += in[p * HS_YAMNET_EMBED + c];
        embedding[c] = (float)(s / (double)pixels);
    }
    if (scores) {
        const float *e = embedding;
        if (y->tflite) { qd8_row(embedding, y->qin, HS_YAMNET_EMBED); e = y->qin; }
        for (int k = 0; k < HS_YAMNET_CLASSES; k++) {
            const float *w = y->dense_w + (size_t)k * HS_YAMNET_EMBED;
            float s = y->dense_b[k];
            for (int c = 0; c < HS_YAMNET_EMBED; c++) s += w[c] * e[c];
            scores[k] = 1.f / (1.f + expf(-s));
        }
    }
    return HS_OK;
}
