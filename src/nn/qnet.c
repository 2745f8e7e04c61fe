/* The int8 CNN's plain-C reference path: quantise / dequantise, qs8 conv and max-pool exactly as XNNPACK
 * computes them (see qnet.h for the arithmetic), and the float head shared with the XNNPACK runtime. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "qnet.h"
#include "layers.h"

static int slide_out(int n, int k, int s, int p) {
    if (k <= 0 || s <= 0 || p < 0 || n + 2 * p < k) return -1;
    return (n + 2 * p - k) / s + 1;
}

static int qparams_ok(const hs_qparams *qp) {
    return isfinite(qp->scale) && qp->scale > 0.0f && qp->zero_point >= -128 && qp->zero_point <= 127;
}

float hs_qop_requant_scale(const hs_qop *op, int k) {
    /* same expression and order as xnn_create_convolution2d_nhwc_qs8_qc8w */
    return op->in.scale * op->w_scale[k] / op->out.scale;
}

int hs_qnet_shapes(hs_qnet *q) {
    if (!q || q->in_h <= 0 || q->in_w <= 0 || q->in_c <= 0 || q->n_ops < 0 || !qparams_ok(&q->input)) return -1;
    if (q->n_ops > 0 && !q->ops) return -1;
    int h = q->in_h, w = q->in_w, c = q->in_c;
    hs_qparams cur = q->input;
    for (int i = 0; i < q->n_ops; i++) {
        hs_qop *op = &q->ops[i];
        op->in_h = h; op->in_w = w; op->in_c = c;
        if (op->in.scale != cur.scale || op->in.zero_point != cur.zero_point) return -1;
        if (op->kind == HS_QOP_CONV2D) {
            if (op->out_c <= 0 || !op->w || !op->b || !op->w_scale || !qparams_ok(&op->out)) return -1;
            h = slide_out(h, op->kh, op->sh, op->ph);
            w = slide_out(w, op->kw, op->sw, op->pw);
            c = op->out_c;
            for (int k = 0; k < c; k++) {
                if (!(op->w_scale[k] > 0.0f) || !isfinite(op->w_scale[k])) return -1;
                float rq = hs_qop_requant_scale(op, k);
                if (!(rq > 0.0f) || !(rq < 256.0f)) return -1;
            }
        } else if (op->kind == HS_QOP_MAXPOOL) {
            h = slide_out(h, op->kh, op->sh, 0);
            w = slide_out(w, op->kw, op->sw, 0);
            op->out = op->in;
        } else {
            return -1;
        }
        if (h <= 0 || w <= 0 || c <= 0 || (double)h * w * c > 1e8) return -1;
        op->out_h = h; op->out_w = w; op->out_c = c;
        cur = op->out;
    }
    q->head.in_h = h; q->head.in_w = w; q->head.in_c = c;
    if (hs_net_shapes(&q->head) != 0 || q->head.n_layers < 1) return -1;
    const hs_layer *last = &q->head.layers[q->head.n_layers - 1];
    if (last->kind != HS_LAYER_SIGMOID || last->out_h * last->out_w * last->out_c != 1) return -1;
    return 0;
}

void hs_qnet_free(hs_qnet *q) {
    if (!q) return;
    for (int i = 0; q->ops && i < q->n_ops; i++) {
        free(q->ops[i].w); free(q->ops[i].b); free(q->ops[i].w_scale);
    }
    free(q->ops);
    hs_net_free(&q->head);
    memset(q, 0, sizeof *q);
}

int hs_net_copy_tail(const hs_net *net, int first, hs_net *out) {
    memset(out, 0, sizeof *out);
    out->n_layers = net->n_layers - first;
    if (out->n_layers < 0) { out->n_layers = 0; return -1; }
    out->layers = calloc(out->n_layers > 0 ? (size_t)out->n_layers : 1, sizeof(hs_layer));
    if (!out->layers) { out->n_layers = 0; return -1; }
    for (int i = 0; i < out->n_layers; i++) {
        const hs_layer *S = &net->layers[first + i];
        hs_layer *D = &out->layers[i];
        *D = *S;
        D->w = D->b = D->gamma = D->beta = D->mean = D->var = NULL;
        const size_t nw = hs_layer_weight_count(S), nb = hs_layer_bias_count(S);
        float **dst[6] = {&D->w, &D->b, &D->gamma, &D->beta, &D->mean, &D->var};
        const float *src[6] = {S->w, S->b, S->gamma, S->beta, S->mean, S->var};
        for (int k = 0; k < 6; k++) {
            if (!src[k]) continue;
            const size_t n = k == 0 ? nw : nb;
            *dst[k] = malloc(n * sizeof(float));
            if (!*dst[k]) { hs_net_free(out); return -1; }
            memcpy(*dst[k], src[k], n * sizeof(float));
        }
    }
    return 0;
}

static int8_t clamp_i8(long v, int lo, int hi) {
    return (int8_t)(v < lo ? lo : v > hi ? hi : v);
}

/* Round half to even for |v| <= 2^22 without a libm call (so the loop vectorises): adding and subtracting
 * 1.5 * 2^23 leaves v rounded to an integer under IEEE round-to-nearest-even, the same in every build. */
static float round_even(float v) {
    const float magic = 12582912.0f;
    return (v + magic) - magic;
}

void hs_quantize_f32(const hs_qparams *qp, const float *x, size_t n, int8_t *q) {
    const float inv = 1.0f / qp->scale;
    const int zp = qp->zero_point;
    for (size_t i = 0; i < n; i++) {
        float v = x[i] * inv;
        /* clamp in float first (also maps NaN to -256 via the comparisons' order): the integer conversion
         * of an out-of-range value would be undefined */
        v = v > -256.0f ? v : -256.0f;
        v = v < 256.0f ? v : 256.0f;
        int r = (int)round_even(v) + zp;
        q[i] = (int8_t)(r < -128 ? -128 : r > 127 ? 127 : r);
    }
}

void hs_dequantize_i8(const hs_qparams *qp, const int8_t *q, size_t n, float *x) {
    for (size_t i = 0; i < n; i++) x[i] = qp->scale * (float)(q[i] - qp->zero_point);
}

/* One output pixel of a conv: all K channels. */
static void qconv_pixel(const hs_qop *op, const int8_t *img, int oy, int ox, int8_t *o) {
    const int C = op->in_c, lo = op->relu ? op->out.zero_point : -128;
    for (int k = 0; k < op->out_c; k++) {
        int32_t acc = op->b[k];
        const int8_t *wk = op->w + (size_t)k * op->kh * op->kw * C;
        for (int dy = 0; dy < op->kh; dy++) {
            int y = oy * op->sh - op->ph + dy;
            if (y < 0 || y >= op->in_h) continue;  /* padding is the zero point: contributes 0 */
            for (int dx = 0; dx < op->kw; dx++) {
                int x = ox * op->sw - op->pw + dx;
                if (x < 0 || x >= op->in_w) continue;
                const int8_t *px = img + ((size_t)y * op->in_w + x) * C;
                const int8_t *wp = wk + ((size_t)dy * op->kw + dx) * C;
                for (int c = 0; c < C; c++) acc += (int32_t)(px[c] - op->in.zero_point) * wp[c];
            }
        }
        float r = rintf((float)acc * hs_qop_requant_scale(op, k));
        if (r < -256.0f) r = -256.0f;
        if (r > 256.0f) r = 256.0f;
        o[k] = clamp_i8((long)r + op->out.zero_point, lo, 127);
    }
}

static void qmaxpool_pixel(const hs_qop *op, const int8_t *img, int oy, int ox, int8_t *o) {
    const int C = op->in_c;
    for (int c = 0; c < C; c++) o[c] = -128;
    for (int dy = 0; dy < op->kh; dy++)
        for (int dx = 0; dx < op->kw; dx++) {
            const int8_t *px = img + ((size_t)(oy * op->sh + dy) * op->in_w + (ox * op->sw + dx)) * C;
            for (int c = 0; c < C; c++) if (px[c] > o[c]) o[c] = px[c];
        }
}

void hs_qop_forward_ref(const hs_qop *op, const int8_t *in, int8_t *out, int N) {
    const size_t in_sz = (size_t)op->in_h * op->in_w * op->in_c, out_sz = (size_t)op->out_h * op->out_w * op->out_c;
    for (int n = 0; n < N; n++)
        for (int oy = 0; oy < op->out_h; oy++)
            for (int ox = 0; ox < op->out_w; ox++) {
                int8_t *o = out + n * out_sz + ((size_t)oy * op->out_w + ox) * op->out_c;
                if (op->kind == HS_QOP_CONV2D) qconv_pixel(op, in + n * in_sz, oy, ox, o);
                else qmaxpool_pixel(op, in + n * in_sz, oy, ox, o);
            }
}

double hs_qnet_trunk_macs(const hs_qnet *q) {
    double m = 0.0;
    for (int i = 0; i < q->n_ops; i++) {
        const hs_qop *op = &q->ops[i];
        if (op->kind == HS_QOP_CONV2D) m += (double)op->out_h * op->out_w * op->out_c * op->kh * op->kw * op->in_c;
    }
    return m;
}

double hs_qnet_head_macs(const hs_qnet *q) {
    double m = 0.0;
    for (int i = 0; i < q->head.n_layers; i++) {
        const hs_layer *L = &q->head.layers[i];
        if (L->kind == HS_LAYER_DENSE) m += (double)L->units * L->in_h * L->in_w * L->in_c;
        if (L->kind == HS_LAYER_CONV2D) m += (double)L->out_h * L->out_w * L->out_c * L->kh * L->kw * L->in_c;
    }
    return m;
}

size_t hs_qnet_max_activation(const hs_qnet *q) {
    size_t m = (size_t)q->in_h * q->in_w * q->in_c;
    for (int i = 0; i < q->n_ops; i++) {
        size_t o = (size_t)q->ops[i].out_h * q->ops[i].out_w * q->ops[i].out_c;
        if (o > m) m = o;
    }
    return m;
}

static size_t trunk_out_size(const hs_qnet *q) {
    return (size_t)q->head.in_h * q->head.in_w * q->head.in_c;
}

size_t hs_qnet_head_work_floats(const hs_qnet *q, int N) {
    return (size_t)N * trunk_out_size(q) + hs_net_forward_work_floats(&q->head, N);
}

void hs_qnet_head_forward(const hs_qnet *q, const int8_t *trunk_out, int N, float *p, float *work) {
    const size_t n = (size_t)N * trunk_out_size(q);
    const hs_qparams *qp = q->n_ops > 0 ? &q->ops[q->n_ops - 1].out : &q->input;
    hs_dequantize_i8(qp, trunk_out, n, work);
    hs_net_forward(&q->head, work, N, p, work + n);
}

void hs_qnet_forward_ref_scratch(const hs_qnet *q, const float *x, int N, float *p, int8_t *act, float *work) {
    int8_t *cur = act, *next = act + (size_t)N * hs_qnet_max_activation(q);
    hs_quantize_f32(&q->input, x, (size_t)N * q->in_h * q->in_w * q->in_c, cur);
    for (int i = 0; i < q->n_ops; i++) {
        hs_qop_forward_ref(&q->ops[i], cur, next, N);
        int8_t *t = cur; cur = next; next = t;
    }
    hs_qnet_head_forward(q, cur, N, p, work);
}

int hs_qnet_forward_ref(const hs_qnet *q, const float *x, int N, float *p) {
    int8_t *act = malloc(2 * (size_t)N * hs_qnet_max_activation(q));
    float *work = malloc(hs_qnet_head_work_floats(q, N) * sizeof(float));
    if (act && work) hs_qnet_forward_ref_scratch(q, x, N, p, act, work);
    int rc = act && work ? 0 : -1;
    free(act); free(work);
    return rc;
}
