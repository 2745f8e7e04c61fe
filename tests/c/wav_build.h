/* Builds WAV files byte by byte in memory, for the WAV tests and the fuzz seed generator.
 * Deliberately written from the RIFF/WAVE layout, not with the library's encoder, so that tests
 * can produce any valid or broken variant (header-only: each test binary links only testutil.c). */
#ifndef HS_WAV_BUILD_H
#define HS_WAV_BUILD_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct wav_buf {
    uint8_t *b;
    size_t n, cap;
} wav_buf;

static inline void wav_put(wav_buf *w, const void *p, size_t n) {
    if (w->n + n > w->cap) {
        size_t cap = w->cap ? w->cap : 256;
        while (cap < w->n + n) cap *= 2;
        uint8_t *b = realloc(w->b, cap);
        if (!b) { fprintf(stderr, "wav_build: out of memory\n"); exit(2); }
        w->b = b;
        w->cap = cap;
    }
    if (n) memcpy(w->b + w->n, p, n);
    w->n += n;
}
static inline void wav_u8(wav_buf *w, unsigned v) { uint8_t b = (uint8_t)v; wav_put(w, &b, 1); }
static inline void wav_u16(wav_buf *w, unsigned v) { wav_u8(w, v & 0xFF); wav_u8(w, (v >> 8) & 0xFF); }
static inline void wav_u32(wav_buf *w, uint32_t v) { wav_u16(w, v & 0xFFFF); wav_u16(w, v >> 16); }
static inline void wav_u64(wav_buf *w, uint64_t v) { wav_u32(w, (uint32_t)v); wav_u32(w, (uint32_t)(v >> 32)); }
static inline void wav_tag(wav_buf *w, const char *t) { wav_put(w, t, 4); }
static inline void wav_set32(wav_buf *w, size_t at, uint32_t v) {
    for (int i = 0; i < 4; i++) w->b[at + i] = (uint8_t)(v >> (8 * i));
}

/* "RIFF" <size, patched by wav_fix_riff> "WAVE" (tag/form replaceable to build broken files). */
static inline void wav_riff(wav_buf *w, const char *tag, const char *form) {
    wav_tag(w, tag);
    wav_u32(w, 0);
    wav_tag(w, form);
}
static inline void wav_fix_riff(wav_buf *w) { wav_set32(w, 4, (uint32_t)(w->n - 8)); }

/* A chunk: id, declared size, n body bytes, a pad byte if n is odd. */
static inline void wav_chunk(wav_buf *w, const char *id, uint32_t declared, const void *body, size_t n) {
    wav_tag(w, id);
    wav_u32(w, declared);
    wav_put(w, body, n);
    if (n & 1) wav_u8(w, 0);
}

/* A 16-byte fmt chunk with an explicit block align. */
static inline void wav_fmt_raw(wav_buf *w, int tag, int ch, uint32_t rate, int align, int bits) {
    wav_tag(w, "fmt ");
    wav_u32(w, 16);
    wav_u16(w, (unsigned)tag);
    wav_u16(w, (unsigned)ch);
    wav_u32(w, rate);
    wav_u32(w, rate * (uint32_t)align);
    wav_u16(w, (unsigned)align);
    wav_u16(w, (unsigned)bits);
}
static inline int wav_align(int ch, int bits) { return ch * ((bits + 7) / 8); }
static inline void wav_fmt(wav_buf *w, int tag, int ch, uint32_t rate, int bits) {
    wav_fmt_raw(w, tag, ch, rate, wav_align(ch, bits), bits);
}

/* WAVE_FORMAT_EXTENSIBLE fmt (40 bytes) whose subformat GUID carries `subtag`. */
static inline void wav_fmt_ext(wav_buf *w, int subtag, int ch, uint32_t rate, int bits, int valid_bits) {
    static const uint8_t tail[14] = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                                     0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};
    int align = wav_align(ch, bits);
    wav_tag(w, "fmt ");
    wav_u32(w, 40);
    wav_u16(w, 0xFFFE);
    wav_u16(w, (unsigned)ch);
    wav_u32(w, rate);
    wav_u32(w, rate * (uint32_t)align);
    wav_u16(w, (unsigned)align);
    wav_u16(w, (unsigned)bits);
    wav_u16(w, 22);                 /* cbSize */
    wav_u16(w, (unsigned)valid_bits);
    wav_u32(w, ch == 1 ? 0x4 : 0x3); /* channel mask: FC or FL|FR */
    wav_u16(w, (unsigned)subtag);
    wav_put(w, tail, sizeof tail);
}

/* A complete file: RIFF, fmt, data with n bytes. Caller frees w->b. */
static inline wav_buf wav_simple(int tag, int ch, uint32_t rate, int bits, const void *data, size_t n) {
    wav_buf w = {0};
    wav_riff(&w, "RIFF", "WAVE");
    wav_fmt(&w, tag, ch, rate, bits);
    wav_chunk(&w, "data", (uint32_t)n, data, n);
    wav_fix_riff(&w);
    return w;
}
#endif
