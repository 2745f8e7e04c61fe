/* First conv layer (one input channel) as our own int8 kernel; see q8_conv_c1.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "q8_conv_c1.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

enum { MAX_TAPS = 64 };

int hs_q8_conv_c1_supported(const hs_qop *op) {
    return op && op->kind == HS_QOP_CONV2D && op->in_c == 1 && op->out_c > 0 && op->out_c % 4 == 0 &&
           op->kh * op->kw <= MAX_TAPS;
}

int hs_q8_conv_c1_init(hs_q8_conv_c1 *c, const hs_qop *op) {
    memset(c, 0, sizeof *c);
    if (!hs_q8_conv_c1_supported(op)) return -1;
    c->op = op;
    c->taps = op->kh * op->kw;
    c->pairs = (c->taps + 1) / 2;
    const int K = op->out_c;
    c->w = calloc((size_t)K * c->pairs * 2, sizeof *c->w);
    c->rq = malloc((size_t)K * sizeof *c->rq);
    c->pad = malloc((size_t)(op->in_h + 2 * op->ph) * (op->in_w + 2 * op->pw));
    if (!c->w || !c->rq || !c->pad) { hs_q8_conv_c1_free(c); return -1; }
    /* group g of 4 channels, pair p: lanes (k0 t, k0 t+1, k1 t, k1 t+1, ...), the layout i32x4.dot_i16x8 wants
     * against a splat of (x_t, x_t+1) */
    for (int k = 0; k < K; k++) {
        for (int t = 0; t < c->taps; t++)
            c->w[(((size_t)(k / 4) * c->pairs + t / 2) * 4 + k % 4) * 2 + t % 2] = op->w[(size_t)k * c->taps + t];
        c->rq[k] = hs_qop_requant_scale(op, k);
    }
    /* the border never changes: fill it once; each run overwrites only the interior */
    memset(c->pad, op->in.zero_point, (size_t)(op->in_h + 2 * op->ph) * (op->in_w + 2 * op->pw));
    return 0;
}

void hs_q8_conv_c1_free(hs_q8_conv_c1 *c) {
    if (!c) return;
    free(c->w); free(c->rq); free(c->pad);
    memset(c, 0, sizeof *c);
}

#ifdef __wasm_simd128__
/* acc (4 channels) -> 4 requantised int32 already offset by the output zero point: the float is clamped to
 * +-256 (integers, so clamping before or after rounding is the same), then rounded half to even by adding
 * 1.5 * 2^23, whose bit pattern then holds the integer in its low bits (XNNPACK's "fmagic" requantisation). */
static inline v128_t requant4(v128_t acc, const float *rq, int zp) {
    v128_t f = wasm_f32x4_mul(wasm_f32x4_convert_i32x4(acc), wasm_v128_load(rq));
    f = wasm_f32x4_pmax(f, wasm_f32x4_splat(-256.0f));
    f = wasm_f32x4_pmin(f, wasm_f32x4_splat(256.0f));
    f = wasm_f32x4_add(f, wasm_f32x4_splat(12582912.0f));
    return wasm_i32x4_sub(f, wasm_i32x4_splat(0x4B400000 - zp));
}

static void conv_image(const hs_q8_conv_c1 *c, const int *off, int8_t *out) {
    const hs_qop *op = c->op;
    const int K = op->out_c, P = c->pairs, T = c->taps, PW = op->in_w + 2 * op->pw;
    const int zp = op->in.zero_point, ozp = op->out.zero_point;
    const v128_t lo = wasm_i8x16_splat((int8_t)(op->relu ? ozp : -128));
    v128_t x[MAX_TAPS / 2];
    for (int oy = 0; oy < op->out_h; oy++)
        for (int ox = 0; ox < op->out_w; ox++, out += K) {
            const int8_t *base = c->pad + (size_t)oy * op->sh * PW + (size_t)ox * op->sw;
            for (int p = 0; p < P; p++) { /* (x_t - zp, x_t+1 - zp) as two int16 in one splat int32 */
                const int t = 2 * p;
                const int x0 = base[off[t]] - zp, x1 = t + 1 < T ? base[off[t + 1]] - zp : 0;
                x[p] = wasm_i32x4_splat((int32_t)((uint32_t)(uint16_t)x0 | (uint32_t)x1 << 16));
            }
            int k = 0;
            for (; k + 16 <= K; k += 16) { /* 16 channels -> one 16-byte store */
                v128_t r[4];
                for (int g = 0; g < 4; g++) {
                    const int16_t *w = c->w + (size_t)((k >> 2) + g) * P * 8;
                    v128_t acc = wasm_v128_load(op->b + k + 4 * g);
                    for (int p = 0; p < P; p++) acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(x[p], wasm_v128_load(w + 8 * p)));
                    r[g] = requant4(acc, c->rq + k + 4 * g, ozp);
                }
                v128_t q = wasm_i8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(r[0], r[1]), wasm_i16x8_narrow_i32x4(r[2], r[3]));
                wasm_v128_store(out + k, wasm_i8x16_max(q, lo));
            }
            for (; k < K; k += 4) { /* 4 channels at a time */
                const int16_t *w = c->w + (size_t)(k >> 2) * P * 8;
                v128_t acc = wasm_v128_load(op->b + k);
                for (int p = 0; p < P; p++) acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(x[p], wasm_v128_load(w + 8 * p)));
                v128_t r = requant4(acc, c->rq + k, ozp);
                v128_t q = wasm_i8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(r, r), wasm_i16x8_narrow_i32x4(r, r));
                wasm_v128_store32_lane(out + k, wasm_i8x16_max(q, lo), 0);
            }
        }
}
#else
/* Portable C: the reference's arithmetic (qnet.c) on the padded image. */
static void conv_image(const hs_q8_conv_c1 *c, const int *off, int8_t *out) {
    const hs_qop *op = c->op;
    const int K = op->out_c, T = c->taps, PW = op->in_w + 2 * op->pw;
    const int zp = op->in.zero_point, ozp = op->out.zero_point, lo = op->relu ? ozp : -128;
    int x[MAX_TAPS];
    for (int oy = 0; oy < op->out_h; oy++)
        for (int ox = 0; ox < op->out_w; ox++, out += K) {
            const int8_t *base = c->pad + (size_t)oy * op->sh * PW + (size_t)ox * op->sw;
            for (int t = 0; t < T; t++) x[t] = base[off[t]] - zp;
            for (int k = 0; k < K; k++) {
                const int8_t *w = op->w + (size_t)k * T;
                int32_t acc = op->b[k];
                for (int t = 0; t < T; t++) acc += x[t] * w[t];
                float r = rintf((float)acc * c->rq[k]);
                r = r < -256.0f ? -256.0f : r > 256.0f ? 256.0f : r;
                int v = (int)r + ozp;
                out[k] = (int8_t)(v < lo ? lo : v > 127 ? 127 : v);
            }
        }
}
#endif

void hs_q8_conv_c1_run(hs_q8_conv_c1 *c, const int8_t *img, int8_t *out) {
    const hs_qop *op = c->op;
    const int PW = op->in_w + 2 * op->pw;
    int off[MAX_TAPS];
    for (int dy = 0; dy < op->kh; dy++)
        for (int dx = 0; dx < op->kw; dx++) off[dy * op->kw + dx] = dy * PW + dx;
    for (int y = 0; y < op->in_h; y++)
        memcpy(c->pad + (size_t)(y + op->ph) * PW + op->pw, img + (size_t)y * op->in_w, (size_t)op->in_w);
    conv_image(c, off, out);
}
