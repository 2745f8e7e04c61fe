/* s8 max-pool of one sample; see q8_maxpool.h. */
#include <string.h>
#include "q8_maxpool.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

void hs_q8_maxpool_run(const hs_qop *op, const int8_t *in, int8_t *out_rows, size_t out_pitch) {
    const int C = op->in_c;
    const size_t row = (size_t)op->in_w * C;
    if (out_pitch == 0) out_pitch = (size_t)op->out_w * C;
    for (int oy = 0; oy < op->out_h; oy++) {
        int8_t *out = out_rows + oy * out_pitch;
        for (int ox = 0; ox < op->out_w; ox++, out += C) {
            const int8_t *win = in + (size_t)oy * op->sh * row + (size_t)ox * op->sw * C;
            int c = 0;
#ifdef __wasm_simd128__
            if (op->kh == 2 && op->kw == 2) /* the CNN's pools: four loads, three max */
                for (; c + 16 <= C; c += 16) {
                    const v128_t a = wasm_i8x16_max(wasm_v128_load(win + c), wasm_v128_load(win + C + c));
                    const v128_t b = wasm_i8x16_max(wasm_v128_load(win + row + c), wasm_v128_load(win + row + C + c));
                    wasm_v128_store(out + c, wasm_i8x16_max(a, b));
                }
            for (; c + 16 <= C; c += 16) {
                v128_t m = wasm_v128_load(win + c);
                for (int dy = 0; dy < op->kh; dy++)
                    for (int dx = 0; dx < op->kw; dx++)
                        m = wasm_i8x16_max(m, wasm_v128_load(win + dy * row + (size_t)dx * C + c));
                wasm_v128_store(out + c, m);
            }
            for (; c + 8 <= C; c += 8) { /* 8 channels (the first layer of cnn-v1 and of 8/32/32/32) */
                v128_t m = wasm_v128_load64_zero(win + c);
                for (int dy = 0; dy < op->kh; dy++)
                    for (int dx = 0; dx < op->kw; dx++)
                        m = wasm_i8x16_max(m, wasm_v128_load64_zero(win + dy * row + (size_t)dx * C + c));
                wasm_v128_store64_lane(out + c, m, 0);
            }
#endif
            /* the rest channel-innermost (gcc vectorises it): first pixel, then the max with every other */
            if (c < C) {
                memcpy(out + c, win + c, (size_t)(C - c));
                for (int dy = 0; dy < op->kh; dy++)
                    for (int dx = 0; dx < op->kw; dx++) {
                        const int8_t *px = win + dy * row + (size_t)dx * C;
                        for (int j = c; j < C; j++) out[j] = px[j] > out[j] ? px[j] : out[j];
                    }
            }
        }
    }
}
