/* Writes mono float audio as a canonical 44-byte-header 16-bit PCM WAV. Scaling by 32768 (clipped
 * to 32767) is the exact inverse of the decoder's /32768, so 16-bit audio round-trips bit-exactly. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "heartsound.h"

static void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, v & 0xFFFF); put16(p + 2, v >> 16); }

hs_status hs_wav_encode_pcm16(const float *x, size_t n, int sample_rate, uint8_t **bytes, size_t *len) {
    if (bytes) *bytes = NULL;
    if (len) *len = 0;
    if (!bytes || !len || (!x && n)) return HS_ERR_ARG;
    if (sample_rate < HS_MIN_RATE || sample_rate > HS_MAX_RATE) return HS_ERR_WAV_RATE;
    /* The RIFF size field is 32 bits: 36 header bytes + 2 per sample must fit. */
    if (n > (0xFFFFFFFFu - 36) / 2) return HS_ERR_WAV_TOO_LONG;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i])) return HS_ERR_ARG;
    size_t total = 44 + 2 * n;
    uint8_t *b = malloc(total);
    if (!b) return HS_ERR_NOMEM;
    memcpy(b, "RIFF", 4);
    put32(b + 4, (uint32_t)(total - 8));
    memcpy(b + 8, "WAVEfmt ", 8);
    put32(b + 16, 16);
    put16(b + 20, HS_WAV_PCM);
    put16(b + 22, 1);                          /* channels */
    put32(b + 24, (uint32_t)sample_rate);
    put32(b + 28, (uint32_t)sample_rate * 2);  /* byte rate */
    put16(b + 32, 2);                          /* block align */
    put16(b + 34, 16);                         /* bits */
    memcpy(b + 36, "data", 4);
    put32(b + 40, (uint32_t)(2 * n));
    for (size_t i = 0; i < n; i++) {
        double v = nearbyint((double)x[i] * 32768.0);
        v = v > 32767.0 ? 32767.0 : v < -32768.0 ? -32768.0 : v;
        put16(b + 44 + 2 * i, (uint16_t)(int16_t)v);
    }
    *bytes = b;
    *len = total;
    return HS_OK;
}
