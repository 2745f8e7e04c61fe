/* WAV decoding: every supported format checked against independently computed sample values,
 * container quirks (padding, unknown chunks, truncation, streaming sizes), every malformed case
 * with its specific status, prefix truncations, the pcm16 encoder, the raw-PCM entry point and
 * real PhysioNet recordings. The corpus is generated in memory by wav_build.h. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "heartsound.h"
#include "testutil.h"
#include "wav_build.h"

/* Decodes a copy of exactly len bytes (so that ASan sees any read past the end). */
static hs_status decode(const uint8_t *b, size_t len, hs_audio *out, hs_wav_info *info) {
    uint8_t *copy = malloc(len ? len : 1);
    if (len) memcpy(copy, b, len);
    hs_status st = hs_wav_decode(len ? copy : NULL, len, out, info);
    free(copy);
    return st;
}

static hs_status decode_buf(wav_buf *w, hs_audio *out, hs_wav_info *info) {
    return decode(w->b, w->n, out, info);
}

/* Expect status st from a built file, with and without an output; frees the buffer. */
#define EXPECT_STATUS(w, st) do { \
    hs_audio a_; hs_wav_info i_; \
    hs_status got_ = decode_buf(&(w), &a_, &i_); \
    CHECK_MSG(got_ == (st), "got %d (%s), want %d", got_, hs_status_string(got_), (int)(st)); \
    if (got_ != HS_OK) CHECK(a_.samples == NULL && a_.n == 0); \
    hs_audio_free(&a_); \
    got_ = decode_buf(&(w), NULL, NULL); \
    CHECK_MSG(got_ == (st), "header-only: got %d, want %d", got_, (int)(st)); \
    free((w).b); } while (0)

static int same(float a, double b) { return a == (float)b; }

static void test_pcm16(void) {
    const int16_t v[] = {0, 1, -1, 32767, -32768, 12345, -20000};
    size_t n = sizeof v / sizeof v[0];
    wav_buf d = {0};
    for (size_t i = 0; i < n; i++) wav_u16(&d, (uint16_t)v[i]);
    wav_buf w = wav_simple(1, 1, 2000, 16, d.b, d.n);
    hs_audio a;
    hs_wav_info in;
    CHECK(decode_buf(&w, &a, &in) == HS_OK);
    CHECK(a.n == n && a.sample_rate == 2000);
    CHECK(in.frames == n && in.frames_declared == n && !in.truncated && !in.extensible);
    CHECK(in.bits == 16 && in.channels == 1 && in.format == HS_WAV_PCM && !strcmp(in.format_name, "pcm"));
    CHECK(fabs(in.duration_s - n / 2000.0) < 1e-12);
    for (size_t i = 0; i < n && i < a.n; i++) CHECK_MSG(same(a.samples[i], v[i] / 32768.0), "i=%zu", i);
    hs_audio_free(&a);
    CHECK(a.samples == NULL && a.n == 0);
    free(w.b);
    free(d.b);
}

static void test_pcm8_unsigned(void) {
    const uint8_t v[] = {0, 128, 255, 1, 127, 200};
    wav_buf w = wav_simple(1, 1, 8000, 8, v, sizeof v); /* odd data size: pad byte follows */
    hs_audio a;
    CHECK(decode_buf(&w, &a, NULL) == HS_OK);
    CHECK(a.n == sizeof v);
    for (size_t i = 0; i < a.n; i++) CHECK_MSG(same(a.samples[i], ((int)v[i] - 128) / 128.0), "i=%zu", i);
    CHECK(a.samples[0] == -1.0f && a.samples[1] == 0.0f);
    hs_audio_free(&a);
    free(w.b);
}

static void test_pcm24_sign_extension(void) {
    const uint32_t raw[] = {0x000000, 0x7FFFFF, 0x800000, 0xFFFFFF, 0x000001, 0x123456, 0xFEDCBA};
    wav_buf d = {0};
    for (size_t i = 0; i < 7; i++) { wav_u16(&d, raw[i] & 0xFFFF); wav_u8(&d, raw[i] >> 16); }
    wav_buf w = wav_simple(1, 1, 44100, 24, d.b, d.n);
    hs_audio a;
    hs_wav_info in;
    CHECK(decode_buf(&w, &a, &in) == HS_OK && in.bits == 24);
    CHECK(a.n == 7);
    for (size_t i = 0; i < a.n; i++) {
        long s = raw[i] >= 0x800000 ? (long)raw[i] - 0x1000000 : (long)raw[i];
        CHECK_MSG(same(a.samples[i], s / 8388608.0), "i=%zu raw=%06x got %.9g", i, raw[i], a.samples[i]);
    }
    CHECK(a.samples[2] == -1.0f && a.samples[3] < 0.0f);
    hs_audio_free(&a);
    free(w.b);
    free(d.b);
}

static void test_pcm32(void) {
    const int32_t v[] = {0, INT32_MAX, INT32_MIN, -1, 0x12345678};
    wav_buf d = {0};
    for (size_t i = 0; i < 5; i++) wav_u32(&d, (uint32_t)v[i]);
    wav_buf w = wav_simple(1, 1, 48000, 32, d.b, d.n);
    hs_audio a;
    CHECK(decode_buf(&w, &a, NULL) == HS_OK && a.n == 5);
    for (size_t i = 0; i < a.n; i++) CHECK_MSG(same(a.samples[i], v[i] / 2147483648.0), "i=%zu", i);
    hs_audio_free(&a);
    free(w.b);
    free(d.b);
}

static void test_float32_float64(void) {
    const float f[] = {0.0f, 0.5f, -0.25f, 1.0f, -1.0f, 0.123456f, 1.5f, -7.0f, NAN, INFINITY};
    const float want[] = {0.0f, 0.5f, -0.25f, 1.0f, -1.0f, 0.123456f, 1.0f, -1.0f, 0.0f, 0.0f};
    wav_buf d = {0};
    for (size_t i = 0; i < 10; i++) { uint32_t u; memcpy(&u, &f[i], 4); wav_u32(&d, u); }
    wav_buf w = wav_simple(3, 1, 16000, 32, d.b, d.n);
    hs_audio a;
    hs_wav_info in;
    CHECK(decode_buf(&w, &a, &in) == HS_OK && a.n == 10 && !strcmp(in.format_name, "float"));
    for (size_t i = 0; i < a.n; i++) CHECK_MSG(a.samples[i] == want[i], "f32 i=%zu got %g", i, a.samples[i]);
    hs_audio_free(&a);
    free(w.b);
    free(d.b);

    const double g[] = {0.1, -0.7, 1e-9, -1.0, 0.333333333333};
    d = (wav_buf){0};
    for (size_t i = 0; i < 5; i++) { uint64_t u; memcpy(&u, &g[i], 8); wav_u64(&d, u); }
    w = wav_simple(3, 1, 16000, 64, d.b, d.n);
    CHECK(decode_buf(&w, &a, &in) == HS_OK && a.n == 5 && in.bits == 64);
    for (size_t i = 0; i < a.n; i++) CHECK_MSG(a.samples[i] == (float)g[i], "f64 i=%zu", i);
    hs_audio_free(&a);
    free(w.b);
    free(d.b);
}

/* G.711 reference values from the standard's definition (sign / exponent / mantissa fields),
 * computed here independently of the decoder's bias-and-shift implementation. */
static int ref_mulaw(int code) {
    int c = ~code & 0xFF;
    int e = (c >> 4) & 7, m = c & 15;
    int mag14 = ((2 * m + 33) << e) - 33;  /* 14-bit magnitude */
    return (c & 0x80 ? -1 : 1) * 4 * mag14;
}
static int ref_alaw(int code) {
    int c = code ^ 0x55;
    int e = (c >> 4) & 7, m = c & 15;
    int mag13 = e == 0 ? 2 * m + 1 : (2 * m + 33) << (e - 1); /* 13-bit magnitude */
    return (c & 0x80 ? 1 : -1) * 8 * mag13;
}

static void test_g711(void) {
    uint8_t codes[256];
    for (int i = 0; i < 256; i++) codes[i] = (uint8_t)i;
    for (int law = 0; law < 2; law++) {
        wav_buf w = wav_simple(law ? 6 : 7, 1, 8000, 8, codes, 256);
        hs_audio a;
        hs_wav_info in;
        CHECK(decode_buf(&w, &a, &in) == HS_OK && a.n == 256);
        CHECK(!strcmp(in.format_name, law ? "alaw" : "mulaw") && in.format == (law ? HS_WAV_ALAW : HS_WAV_MULAW));
        for (int i = 0; i < 256 && (size_t)i < a.n; i++) {
            int ref = law ? ref_alaw(i) : ref_mulaw(i);
            CHECK_MSG(same(a.samples[i], ref / 32768.0), "%s code %02x: got %g want %d", law ? "alaw" : "mulaw",
                      i, a.samples[i] * 32768.0, ref);
        }
        /* Landmarks printed in G.711 decoder tables. */
        if (law == 0 && a.n == 256) {
            CHECK(same(a.samples[0x80], 32124 / 32768.0) && same(a.samples[0x00], -32124 / 32768.0));
            CHECK(a.samples[0xFF] == 0.0f && a.samples[0x7F] == 0.0f);
        } else if (a.n == 256) {
            CHECK(same(a.samples[0xD5], 8 / 32768.0) && same(a.samples[0x55], -8 / 32768.0));
            CHECK(same(a.samples[0xAA], 32256 / 32768.0) && same(a.samples[0x2A], -32256 / 32768.0));
        }
        hs_audio_free(&a);
        free(w.b);
    }
}

static void test_multichannel(void) {
    const int16_t st[] = {1000, -3000, 32767, 32767, -32768, 0};
    wav_buf d = {0};
    for (int i = 0; i < 6; i++) wav_u16(&d, (uint16_t)st[i]);
    wav_buf w = wav_simple(1, 2, 22050, 16, d.b, d.n);
    hs_audio a;
    hs_wav_info in;
    CHECK(decode_buf(&w, &a, &in) == HS_OK && a.n == 3 && in.channels == 2 && in.frames == 3);
    for (int i = 0; i < 3 && (size_t)i < a.n; i++)
        CHECK(same(a.samples[i], (st[2 * i] + st[2 * i + 1]) / 2.0 / 32768.0));
    hs_audio_free(&a);
    free(w.b);
    free(d.b);

    /* 256 channels (the limit), channel c holds c - 128: mean is -0.5 LSB. */
    d = (wav_buf){0};
    for (int f = 0; f < 2; f++)
        for (int c = 0; c < 256; c++) wav_u16(&d, (uint16_t)(int16_t)(c - 128));
    w = wav_simple(1, 256, 2000, 16, d.b, d.n);
    CHECK(decode_buf(&w, &a, &in) == HS_OK && a.n == 2 && in.channels == 256);
    if (a.n == 2) CHECK(same(a.samples[1], -0.5 / 32768.0));
    hs_audio_free(&a);
    free(w.b);
    free(d.b);
}

static void test_extensible(void) {
    /* 24 valid bits in a 32-bit container, stereo: left-justified, so the container scale is right. */
    wav_buf d = {0};
    wav_u32(&d, 0x40000000u);           /* +0.5 */
    wav_u32(&d, (uint32_t)-0x20000000); /* -0.25 */
    wav_buf w = {0};
    wav_riff(&w, "RIFF", "WAVE");
    wav_fmt_ext(&w, 1, 2, 96000, 32, 24);
    wav_chunk(&w, "data", (uint32_t)d.n, d.b, d.n);
    wav_fix_riff(&w);
    hs_audio a;
    hs_wav_info in;
    CHECK(decode_buf(&w, &a, &in) == HS_OK && in.extensible == 1 && in.format == HS_WAV_PCM);
    CHECK(in.bits == 32 && a.n == 1 && a.sample_rate == 96000);
    if (a.n == 1) CHECK(same(a.samples[0], 0.125));
    hs_audio_free(&a);
    free(w.b);
    free(d.b);

    float f = -0.75f;
    uint32_t u;
    memcpy(&u, &f, 4);
    d = (wav_buf){0};
    wav_u32(&d, u);
    w = (wav_buf){0};
    wav_riff(&w, "RIFF", "WAVE");
    wav_fmt_ext(&w, 3, 1, 48000, 32, 32);
    wav_chunk(&w, "data", 4, d.b, 4);
    wav_fix_riff(&w);
    CHECK(decode_buf(&w, &a, &in) == HS_OK && in.extensible && !strcmp(in.format_name, "float"));
    CHECK(a.n == 1 && a.samples[0] == -0.75f);
    hs_audio_free(&a);
    free(w.b);

    /* Subformat ADPCM, a foreign GUID, valid bits above the container: built as valid files,
     * then one field broken. */
    for (int k = 0; k < 3; k++) {
        w = (wav_buf){0};
        wav_riff(&w, "RIFF", "WAVE");
        wav_fmt_ext(&w, k == 0 ? 2 : 1, 1, 48000, 16, k == 2 ? 20 : 16);
        if (k == 1) w.b[w.n - 1] ^= 0xFF; /* last GUID byte */
        wav_chunk(&w, "data", 4, d.b, 4);
        wav_fix_riff(&w);
        EXPECT_STATUS(w, k < 2 ? HS_ERR_WAV_CODEC : HS_ERR_WAV_BAD_FMT);
    }
    /* Extensible tag with an 18-byte fmt (no room for the extension). */
    w = (wav_buf){0};
    wav_riff(&w, "RIFF", "WAVE");
    wav_tag(&w, "fmt ");
    wav_u32(&w, 18);
    wav_u16(&w, 0xFFFE); wav_u16(&w, 1); wav_u32(&w, 48000); wav_u32(&w, 96000);
    wav_u16(&w, 2); wav_u16(&w, 16); wav_u16(&w, 0);
    wav_chunk(&w, "data", 4, d.b, 4);
    wav_fix_riff(&w);
    EXPECT_STATUS(w, HS_ERR_WAV_BAD_FMT);
    free(d.b);
}

/* fmt + an unknown odd-sized chunk (padded) + LIST + data + trailing chunk after data. */
static void test_chunks_and_padding(void) {
    const int16_t v[] = {100, -200, 300};
    wav_buf w = {0};
    wav_riff(&w, "RIFF", "WAVE");
    wav_chunk(&w, "JUNK", 5, "abcde", 5);
    wav_fmt(&w, 1, 1, 4000, 16);
    wav_chunk(&w, "fact", 4, "\3\0\0\0", 4);
    wav_chunk(&w, "LIST", 7, "INFOxyz", 7);
    wav_chunk(&w, "data", 6, v, 6); /* host is little-endian, as the test machines are */
    wav_chunk(&w, "id3 ", 3, "ID3", 3);
    wav_fix_riff(&w);
    hs_audio a;
    hs_wav_info in;
    CHECK(decode_buf(&w, &a, &in) == HS_OK && a.n == 3 && !in.truncated);
    for (size_t i = 0; i < a.n; i++) CHECK(same(a.samples[i], v[i] / 32768.0));
    hs_audio_free(&a);
    free(w.b);

    /* A writer that forgot the pad byte after an odd chunk. */
    w = (wav_buf){0};
    wav_riff(&w, "RIFF", "WAVE");
    wav_tag(&w, "JUNK"); wav_u32(&w, 3); wav_put(&w, "xyz", 3);
    wav_fmt(&w, 1, 1, 4000, 16);
    wav_chunk(&w, "data", 6, v, 6);
    wav_fix_riff(&w);
    CHECK(decode_buf(&w, &a, &in) == HS_OK && a.n == 3);
    hs_audio_free(&a);
    free(w.b);

    /* data before fmt is accepted (fmt found after it). */
    w = (wav_buf){0};
    wav_riff(&w, "RIFF", "WAVE");
    wav_chunk(&w, "data", 6, v, 6);
    wav_fmt(&w, 1, 1, 4000, 16);
    wav_fix_riff(&w);
    CHECK(decode_buf(&w, &a, &in) == HS_OK && a.n == 3);
    if (a.n == 3) CHECK(same(a.samples[2], 300 / 32768.0));
    hs_audio_free(&a);
    free(w.b);
}

static void test_truncated_and_streaming(void) {
    wav_buf d = {0};
    for (int i = 0; i < 81; i++) wav_u8(&d, (uint8_t)i); /* 20 stereo 16-bit frames + 1 byte */
    wav_buf w = {0};
    wav_riff(&w, "RIFF", "WAVE");
    wav_fmt(&w, 1, 2, 2000, 16);
    wav_tag(&w, "data");
    wav_u32(&w, 400);                       /* claims 100 frames */
    wav_put(&w, d.b, d.n);
    wav_fix_riff(&w);
    hs_audio a;
    hs_wav_info in;
    CHECK(decode_buf(&w, &a, &in) == HS_OK);
    CHECK(a.n == 20 && in.frames == 20 && in.frames_declared == 100 && in.truncated == 1);
    free(w.b);
    hs_audio_free(&a);

    for (int k = 0; k < 2; k++) {
        w = (wav_buf){0};
        wav_riff(&w, "RIFF", "WAVE");
        wav_fmt(&w, 1, 1, 2000, 16);
        wav_tag(&w, "data");
        wav_u32(&w, k ? 0xFFFFFFFFu : 0);
        wav_put(&w, d.b, 80);
        wav_set32(&w, 4, k ? 0xFFFFFFFFu : 0);
        CHECK(decode_buf(&w, &a, &in) == HS_OK);
        CHECK_MSG(a.n == 40 && in.frames == 40 && !in.truncated, "streaming size %d: n=%zu", k, a.n);
        hs_audio_free(&a);
        free(w.b);
    }
    free(d.b);
}

static void test_rf64(void) {
    const int16_t v[] = {7, -7, 700, -700};
    wav_buf w = {0};
    wav_riff(&w, "RF64", "WAVE");
    wav_set32(&w, 4, 0xFFFFFFFFu);
    wav_tag(&w, "ds64");
    wav_u32(&w, 28);
    wav_u64(&w, 0);          /* riff size, patched below */
    wav_u64(&w, 6);          /* data size: 3 of the 4 samples */
    wav_u64(&w, 3);
    wav_u32(&w, 0);
    wav_fmt(&w, 1, 1, 2000, 16);
    wav_chunk(&w, "data", 0xFFFFFFFFu, v, 8);
    for (int i = 0; i < 8; i++) w.b[20 + i] = (uint8_t)((uint64_t)(w.n - 8) >> (8 * i));
    hs_audio a;
    hs_wav_info in;
    CHECK(decode_buf(&w, &a, &in) == HS_OK && a.n == 3 && in.frames_declared == 3 && !in.truncated);
    hs_audio_free(&a);
    free(w.b);
}

static wav_buf fmt_case(int tag, int ch, uint32_t rate, int align, int bits) {
    const uint8_t data[64] = {1, 2, 3, 4};
    wav_buf w = {0};
    wav_riff(&w, "RIFF", "WAVE");
    wav_fmt_raw(&w, tag, ch, rate, align, bits);
    wav_chunk(&w, "data", 64, data, 64);
    wav_fix_riff(&w);
    return w;
}

static void test_malformed(void) {
    const uint8_t pcm[8] = {0};
    wav_buf w = wav_simple(1, 1, 2000, 16, pcm, 8);
    w.b[3] = 'X';
    EXPECT_STATUS(w, HS_ERR_WAV_NOT_RIFF);
    w = wav_simple(1, 1, 2000, 16, pcm, 8);
    memcpy(w.b + 8, "AVI ", 4);
    EXPECT_STATUS(w, HS_ERR_WAV_NOT_WAVE);
    static const struct { const char *bytes; size_t n; hs_status want; } heads[] = {
        {"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, HS_ERR_WAV_NOT_RIFF},
        {"RIFF\0\0", 6, HS_ERR_WAV_TRUNCATED},
        {"RIFF\0\0\0\0WA", 10, HS_ERR_WAV_TRUNCATED},
        {"RIFF\0\0\0\0WB", 10, HS_ERR_WAV_NOT_WAVE},
        {"", 0, HS_ERR_WAV_TRUNCATED}, /* empty file */
    };
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        w = (wav_buf){0};
        wav_put(&w, heads[i].bytes, heads[i].n);
        EXPECT_STATUS(w, heads[i].want);
    }

    /* fmt chunk cut in its body; chunk header cut; a huge chunk size running past the end. */
    w = wav_simple(1, 1, 2000, 16, pcm, 8);
    w.n = 12 + 8 + 10;
    EXPECT_STATUS(w, HS_ERR_WAV_TRUNCATED);
    w = wav_simple(1, 1, 2000, 16, pcm, 8);
    w.n = 12 + 5;
    EXPECT_STATUS(w, HS_ERR_WAV_TRUNCATED);
    w = wav_simple(1, 1, 2000, 16, pcm, 8);
    wav_set32(&w, 16, 0xFFFFFFF0u);
    EXPECT_STATUS(w, HS_ERR_WAV_TRUNCATED);
    w = (wav_buf){0};
    wav_riff(&w, "RIFF", "WAVE");
    wav_chunk(&w, "LIST", 0xFFFFFFFFu, "abcd", 4);
    EXPECT_STATUS(w, HS_ERR_WAV_TRUNCATED);

    /* No fmt (data only; or only an unknown chunk); no data. */
    w = (wav_buf){0};
    wav_riff(&w, "RIFF", "WAVE");
    wav_chunk(&w, "data", 8, pcm, 8);
    wav_fix_riff(&w);
    EXPECT_STATUS(w, HS_ERR_WAV_NO_FMT);
    w = (wav_buf){0};
    wav_riff(&w, "RIFF", "WAVE");
    wav_chunk(&w, "LIST", 4, "INFO", 4);
    wav_fix_riff(&w);
    EXPECT_STATUS(w, HS_ERR_WAV_NO_FMT);
    w = (wav_buf){0};
    wav_riff(&w, "RIFF", "WAVE");
    wav_fmt(&w, 1, 1, 2000, 16);
    wav_chunk(&w, "LIST", 4, "INFO", 4);
    wav_fix_riff(&w);
    EXPECT_STATUS(w, HS_ERR_WAV_NO_DATA);

    /* Bad fmt: too short, absurdly long, block align inconsistent, bits 0. */
    w = (wav_buf){0};
    wav_riff(&w, "RIFF", "WAVE");
    wav_chunk(&w, "fmt ", 14, "\1\0\1\0\xd0\7\0\0\xa0\x0f\0\0\2\0", 14);
    wav_chunk(&w, "data", 8, pcm, 8);
    wav_fix_riff(&w);
    EXPECT_STATUS(w, HS_ERR_WAV_BAD_FMT);
    {
        uint8_t big[5000] = {1, 0, 1, 0, 0xd0, 7, 0, 0, 0xa0, 0x0f, 0, 0, 2, 0, 16, 0};
        w = (wav_buf){0};
        wav_riff(&w, "RIFF", "WAVE");
        wav_chunk(&w, "fmt ", sizeof big, big, sizeof big);
        wav_chunk(&w, "data", 8, pcm, 8);
        wav_fix_riff(&w);
        EXPECT_STATUS(w, HS_ERR_WAV_BAD_FMT);
    }
    /* One fmt chunk each: format tag, channels, rate, block align, bits -> the status it must give. */
    static const struct { int tag, channels; uint32_t rate; int align, bits; hs_status want; } fmts[] = {
        {1, 2, 2000, 2, 16, HS_ERR_WAV_BAD_FMT}, /* block align too small for the channels */
        {1, 1, 2000, 0, 16, HS_ERR_WAV_BAD_FMT},
        {1, 1, 2000, 1, 0, HS_ERR_WAV_BAD_FMT},
        /* codecs: ADPCM, MP3, GSM 6.10, and a made-up tag */
        {2, 1, 8000, 256, 4, HS_ERR_WAV_CODEC}, {0x55, 1, 8000, 256, 4, HS_ERR_WAV_CODEC},
        {0x31, 1, 8000, 256, 4, HS_ERR_WAV_CODEC}, {0x1234, 1, 8000, 256, 4, HS_ERR_WAV_CODEC},
        {1, 0, 2000, 0, 16, HS_ERR_WAV_CHANNELS}, {1, 257, 2000, 514, 16, HS_ERR_WAV_CHANNELS},
        /* rates outside 1 kHz .. 384 kHz refused, both limits accepted */
        {1, 1, 0, 2, 16, HS_ERR_WAV_RATE}, {1, 1, 999, 2, 16, HS_ERR_WAV_RATE},
        {1, 1, 384001, 2, 16, HS_ERR_WAV_RATE}, {1, 1, 0xFFFFFFFFu, 2, 16, HS_ERR_WAV_RATE},
        {1, 1, HS_MIN_RATE, 2, 16, HS_OK}, {1, 1, HS_MAX_RATE, 2, 16, HS_OK},
        /* bits unsupported for the codec */
        {1, 1, 2000, 5, 40, HS_ERR_WAV_BITS}, {3, 1, 2000, 2, 16, HS_ERR_WAV_BITS},
        {7, 1, 8000, 2, 16, HS_ERR_WAV_BITS}, {6, 1, 8000, 1, 4, HS_ERR_WAV_BITS},
        {1, 1, 2000, 2, 12, HS_OK}, /* 12-bit PCM in 16-bit containers is valid */
    };
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        w = fmt_case(fmts[i].tag, fmts[i].channels, fmts[i].rate, fmts[i].align, fmts[i].bits);
        EXPECT_STATUS(w, fmts[i].want);
    }

    /* Empty: data chunk of size 0 at the end; one byte of a 2-byte frame. */
    w = wav_simple(1, 1, 2000, 16, pcm, 0);
    EXPECT_STATUS(w, HS_ERR_EMPTY);
    w = wav_simple(1, 1, 2000, 16, pcm, 1);
    EXPECT_STATUS(w, HS_ERR_EMPTY);
}

/* More than HS_MAX_SECONDS: 3 h at 1 kHz, 8-bit mono = 10.8 MB of data, one frame more. */
static void test_too_long(void) {
    size_t n = (size_t)(HS_MAX_SECONDS * 1000) + 1;
    uint8_t *d = calloc(n, 1);
    wav_buf w = wav_simple(1, 1, 1000, 8, d, n);
    free(d);
    hs_wav_info in;
    CHECK(hs_wav_decode(w.b, w.n, NULL, &in) == HS_ERR_WAV_TOO_LONG);
    hs_audio a;
    CHECK(hs_wav_decode(w.b, w.n, &a, NULL) == HS_ERR_WAV_TOO_LONG && a.samples == NULL);
    w.n -= 1; /* exactly the limit */
    wav_set32(&w, 40, (uint32_t)(n - 1));
    CHECK(hs_wav_decode(w.b, w.n, NULL, &in) == HS_OK && in.frames == n - 1);
    free(w.b);
}

/* Every prefix of a small valid file: an error while the headers are cut, then a partial decode
 * of exactly the whole frames present, flagged truncated. */
static void test_prefixes(void) {
    wav_buf d = {0};
    for (int i = 0; i < 50 * 4; i++) wav_u8(&d, (uint8_t)(i * 37));
    wav_buf w = {0};
    wav_riff(&w, "RIFF", "WAVE");
    wav_chunk(&w, "LIST", 9, "INFOabcde", 9);
    wav_fmt(&w, 1, 2, 2000, 16);
    wav_chunk(&w, "data", (uint32_t)d.n, d.b, d.n);
    wav_fix_riff(&w);
    size_t data_off = w.n - d.n;
    hs_audio full;
    CHECK(decode_buf(&w, &full, NULL) == HS_OK && full.n == 50);
    int bad = 0;
    for (size_t len = 0; len <= w.n; len++) {
        hs_audio a;
        hs_wav_info in;
        hs_status st = decode(w.b, len, &a, &in);
        if (len < data_off) {
            bad += st != HS_ERR_WAV_TRUNCATED;
        } else if (len < data_off + 4) {
            bad += st != HS_ERR_EMPTY;
        } else {
            size_t want = (len - data_off) / 4;
            bad += st != HS_OK || a.n != want || in.truncated != (len < w.n) ||
                   memcmp(a.samples, full.samples, want * sizeof(float)) != 0;
        }
        hs_audio_free(&a);
    }
    CHECK_MSG(bad == 0, "%d prefixes decoded wrongly", bad);
    /* Every single-byte corruption of the header region: any status, never a crash (ASan twin). */
    for (size_t i = 0; i < data_off; i++) {
        for (int v = 0; v < 256; v += 51) {
            uint8_t keep = w.b[i];
            w.b[i] = (uint8_t)(keep ^ (v | 1));
            hs_audio a;
            hs_status st = decode(w.b, w.n, &a, NULL);
            if (st == HS_OK) CHECK(a.n > 0 && a.samples != NULL);
            hs_audio_free(&a);
            w.b[i] = keep;
        }
    }
    hs_audio_free(&full);
    free(w.b);
    free(d.b);
}

static void test_encode_roundtrip(void) {
    size_t n = 1000;
    float *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++) x[i] = (float)(0.9 * sin(2 * 3.14159265358979 * 50.0 * i / 2000.0));
    x[0] = 1.0f;  /* clipped to 32767 */
    x[1] = -1.0f;
    uint8_t *b;
    size_t len;
    CHECK(hs_wav_encode_pcm16(x, n, 2000, &b, &len) == HS_OK && len == 44 + 2 * n);
    hs_audio a;
    hs_wav_info in;
    CHECK(hs_wav_decode(b, len, &a, &in) == HS_OK && a.n == n && in.bits == 16 && a.sample_rate == 2000);
    double maxerr = 0;
    for (size_t i = 0; i < a.n; i++) maxerr = fmax(maxerr, fabs(a.samples[i] - x[i]));
    CHECK_MSG(maxerr <= 1.0 / 32768 + 1e-9, "max error %g", maxerr);
    CHECK(a.samples[1] == -1.0f && a.samples[0] == 32767 / 32768.0f);
    /* Decoded 16-bit values re-encode to the identical file. */
    uint8_t *b2;
    size_t len2;
    CHECK(hs_wav_encode_pcm16(a.samples, a.n, 2000, &b2, &len2) == HS_OK && len2 == len && !memcmp(b, b2, len));
    free(b2);
    hs_audio_free(&a);
    free(b);
    x[5] = NAN;
    CHECK(hs_wav_encode_pcm16(x, n, 2000, &b, &len) == HS_ERR_ARG && b == NULL);
    CHECK(hs_wav_encode_pcm16(x, n, 0, &b, &len) == HS_ERR_WAV_RATE);
    CHECK(hs_wav_encode_pcm16(NULL, 5, 2000, &b, &len) == HS_ERR_ARG);
    free(x);
}

static void test_from_pcm(void) {
    float x[4] = {0.25f, -0.5f, 1.25f, -3.0f};
    hs_audio a;
    CHECK(hs_audio_from_pcm(x, 4, 48000, &a) == HS_OK && a.n == 4 && a.sample_rate == 48000);
    CHECK(a.samples != x && a.samples[0] == 0.25f && a.samples[1] == -0.5f);
    CHECK(a.samples[2] == 1.0f && a.samples[3] == -1.0f);
    hs_audio_free(&a);
    hs_audio_free(NULL);
    CHECK(hs_audio_from_pcm(x, 0, 48000, &a) == HS_ERR_EMPTY);
    CHECK(hs_audio_from_pcm(x, 4, 500, &a) == HS_ERR_WAV_RATE);
    CHECK(hs_audio_from_pcm(NULL, 4, 48000, &a) == HS_ERR_ARG);
    CHECK(hs_audio_from_pcm(x, 4, 48000, NULL) == HS_ERR_ARG);
    x[2] = INFINITY;
    CHECK(hs_audio_from_pcm(x, 4, 48000, &a) == HS_ERR_ARG && a.samples == NULL);
    CHECK(hs_wav_decode(NULL, 10, &a, NULL) == HS_ERR_ARG);
}

/* hs_wav_read_file on disk: same result as in memory; missing file, directory, and a sparse file
 * claiming hours of audio refused before any sample buffer exists. */
static void test_read_file(void) {
    char path[] = "/tmp/hs_test_wav_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0) return;
    const int16_t v[] = {5, -5, 1000, -1000, 32767};
    wav_buf w = wav_simple(1, 1, 2000, 16, v, sizeof v);
    CHECK(write(fd, w.b, w.n) == (ssize_t)w.n);
    hs_audio a, b;
    hs_wav_info ia, ib;
    CHECK(hs_wav_read_file(path, &a, &ia) == HS_OK && hs_wav_decode(w.b, w.n, &b, &ib) == HS_OK);
    CHECK(a.n == b.n && a.n == 5 && !memcmp(a.samples, b.samples, a.n * sizeof(float)));
    CHECK(ia.frames == ib.frames && ia.sample_rate == ib.sample_rate);
    hs_audio_free(&a);
    hs_audio_free(&b);
    free(w.b);

    /* 1 kHz 8-bit mono claiming 1 GB of data: header says 1e9 frames; file is sparse. */
    w = (wav_buf){0};
    wav_riff(&w, "RIFF", "WAVE");
    wav_fmt(&w, 1, 1, 1000, 8);
    wav_tag(&w, "data");
    wav_u32(&w, 1000000000u);
    wav_fix_riff(&w);
    CHECK(ftruncate(fd, 0) == 0 && pwrite(fd, w.b, w.n, 0) == (ssize_t)w.n);
    CHECK(ftruncate(fd, (off_t)w.n + 1000000000) == 0);
    CHECK(hs_wav_read_file(path, &a, &ia) == HS_ERR_WAV_TOO_LONG && a.samples == NULL);
    CHECK(ftruncate(fd, (off_t)5 << 30) == 0); /* 5 GiB: above the file size cap */
    CHECK(hs_wav_read_file(path, NULL, &ia) == HS_ERR_WAV_TOO_LONG);
    free(w.b);
    close(fd);
    unlink(path);
    CHECK(hs_wav_read_file(path, &a, NULL) == HS_ERR_IO);
    CHECK(hs_wav_read_file("/tmp", &a, NULL) == HS_ERR_IO);
    CHECK(hs_wav_read_file(NULL, &a, NULL) == HS_ERR_ARG);
}

/* Offset and size of the data chunk found by a plain scan (independent of the decoder). */
static int find_data(const uint8_t *b, size_t n, size_t *off, uint32_t *size) {
    for (size_t p = 12; p + 8 <= n;) {
        uint32_t s = b[p + 4] | b[p + 5] << 8 | b[p + 6] << 16 | (uint32_t)b[p + 7] << 24;
        if (!memcmp(b + p, "data", 4)) { *off = p + 8; *size = s; return 1; }
        p += 8 + s + (s & 1);
    }
    return 0;
}

static void test_real_recordings(void) {
    const char *dir = hs_test_wav_dir();
    if (!dir) return; /* hs_test_wav_dir() recorded the skip */
    char path[4096];
    snprintf(path, sizeof path, "%s/training-a/a0001.wav", dir);
    size_t len;
    uint8_t *bytes = hs_test_read_file(path, &len);
    CHECK(bytes != NULL);
    if (!bytes) return;
    size_t off = 0;
    uint32_t size = 0;
    CHECK(find_data(bytes, len, &off, &size));
    hs_audio a;
    hs_wav_info in;
    CHECK(hs_wav_read_file(path, &a, &in) == HS_OK);
    CHECK(in.sample_rate == 2000 && in.channels == 1 && in.bits == 16 && in.format == HS_WAV_PCM);
    CHECK(in.frames == size / 2 && a.n == size / 2 && !in.truncated && off + size <= len);
    for (size_t i = 0; i < a.n && off + 2 * i + 1 < len; i++) {
        int16_t s = (int16_t)(bytes[off + 2 * i] | bytes[off + 2 * i + 1] << 8);
        if (a.samples[i] != s / 32768.0f) { CHECK_MSG(0, "sample %zu differs", i); break; }
    }
    printf("a0001.wav: %llu frames, %.2f s\n", (unsigned long long)in.frames, in.duration_s);
    hs_audio_free(&a);
    free(bytes);

    /* Every recording of training-a parses as 2 kHz 16-bit mono. */
    snprintf(path, sizeof path, "%s/training-a/REFERENCE.csv", dir);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (!f) return;
    char line[256], name[128];
    int count = 0, ok = 0;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "%127[^,]", name) != 1) continue;
        snprintf(path, sizeof path, "%s/training-a/%s.wav", dir, name);
        count++;
        ok += hs_wav_read_file(path, NULL, &in) == HS_OK && in.sample_rate == 2000 && in.channels == 1 &&
              in.bits == 16 && in.frames > 2000 * 5;
    }
    fclose(f);
    printf("training-a: %d of %d recordings parsed as 2 kHz 16-bit mono, > 5 s\n", ok, count);
    CHECK(count > 100 && ok == count);
}

int main(void) {
    test_pcm16();
    test_pcm8_unsigned();
    test_pcm24_sign_extension();
    test_pcm32();
    test_float32_float64();
    test_g711();
    test_multichannel();
    test_extensible();
    test_chunks_and_padding();
    test_truncated_and_streaming();
    test_rf64();
    test_malformed();
    test_too_long();
    test_prefixes();
    test_encode_roundtrip();
    test_from_pcm();
    test_read_file();
    test_real_recordings();
    return hs_test_finish("test_wav");
}
