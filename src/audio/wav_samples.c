/* WAV sample converters: stored samples (little-endian PCM, IEEE float, G.711) to floats in
 * [-1, 1], channels averaged to mono. Integer PCM is scaled by 2^(bits-1) so that 16-bit data
 * round-trips exactly through hs_wav_encode_pcm16. */
#include <math.h>
#include <string.h>
#include "wav_internal.h"

/* G.711 mu-law (ITU-T G.711 table 2): codes are stored bit-inverted; magnitude is
 * ((2*mantissa + 33) << exponent) - 33 in 14-bit units, here scaled by 4 to 16 bits. */
int wav_mulaw_to_linear(uint8_t code) {
    int u = (uint8_t)~code;
    int mag = ((((u & 0x0F) << 3) + 0x84) << ((u >> 4) & 7)) - 0x84;
    return (u & 0x80) ? -mag : mag;
}

/* G.711 A-law (table 1): even bits are inverted (XOR 0x55); segment 0 is linear, segment e > 0 is
 * (2*mantissa + 33) << (e - 1) in 13-bit units, here scaled by 8 to 16 bits. Sign bit set = positive. */
int wav_alaw_to_linear(uint8_t code) {
    int a = code ^ 0x55;
    int seg = (a >> 4) & 7, mag = ((a & 0x0F) << 4) + 8;
    if (seg > 0) mag = (mag + 0x100) << (seg - 1);
    return (a & 0x80) ? mag : -mag;
}

typedef double (*conv_fn)(const uint8_t *p);

static double conv_u8(const uint8_t *p) { return (p[0] - 128) / 128.0; }
static double conv_s16(const uint8_t *p) { return (int16_t)(uint16_t)(p[0] | p[1] << 8) / 32768.0; }
static double conv_s24(const uint8_t *p) {
    /* Assemble in the top 24 bits of a 32-bit word so that the sign extends by itself. */
    uint32_t u = (uint32_t)p[0] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 24;
    return (int32_t)u / 2147483648.0;
}
static double conv_s32(const uint8_t *p) {
    uint32_t u = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    return (int32_t)u / 2147483648.0;
}
/* Floats outside [-1, 1] are clipped as a DAC would; NaN/Inf carry no signal and become 0. */
static double clip(double v) { return isfinite(v) ? (v > 1.0 ? 1.0 : v < -1.0 ? -1.0 : v) : 0.0; }
static double conv_f32(const uint8_t *p) {
    uint32_t u = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    float f;
    memcpy(&f, &u, sizeof f);
    return clip(f);
}
static double conv_f64(const uint8_t *p) {
    uint64_t u = 0;
    for (int i = 7; i >= 0; i--) u = u << 8 | p[i];
    double d;
    memcpy(&d, &u, sizeof d);
    return clip(d);
}
static double conv_mulaw(const uint8_t *p) { return wav_mulaw_to_linear(p[0]) / 32768.0; }
static double conv_alaw(const uint8_t *p) { return wav_alaw_to_linear(p[0]) / 32768.0; }

static conv_fn pick(const wav_layout *L) {
    switch (L->info.format) {
    case HS_WAV_FLOAT: return L->bytes_per_sample == 8 ? conv_f64 : conv_f32;
    case HS_WAV_MULAW: return conv_mulaw;
    case HS_WAV_ALAW: return conv_alaw;
    default: break;
    }
    static const conv_fn pcm[5] = {NULL, conv_u8, conv_s16, conv_s24, conv_s32};
    return pcm[L->bytes_per_sample];
}

void wav_decode_frames(const uint8_t *src, size_t n, const wav_layout *L, float *dst) {
    conv_fn conv = pick(L);
    int ch = L->info.channels, bps = L->bytes_per_sample;
    if (ch == 1) {
        for (size_t i = 0; i < n; i++, src += bps) dst[i] = (float)conv(src);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        double acc = 0.0;
        for (int c = 0; c < ch; c++, src += bps) acc += conv(src);
        dst[i] = (float)(acc / ch);
    }
}
