/* Internal to the WAV decoder: the parsed layout of a WAV file, shared by the in-memory decoder
 * (wav.c), the bounded-memory file reader (wav_file.c) and the sample converters (wav_samples.c). */
#ifndef HS_WAV_INTERNAL_H
#define HS_WAV_INTERNAL_H

#include "heartsound.h"

#define HS_WAV_MAX_CHANNELS 256

/* Where the audio is and how to turn its bytes into floats. */
typedef struct wav_layout {
    hs_wav_info info;       /* filled as hs_wav_decode reports it */
    int block_align;        /* bytes per frame = channels * bytes_per_sample */
    int bytes_per_sample;   /* container bytes of one sample (1..8) */
    uint64_t data_offset;   /* first byte of the data chunk body */
} wav_layout;

/* Random access to the file's bytes, so that the parser works the same on a buffer in memory and on
 * a file on disk of which it reads only the chunk headers (bounded memory whatever the file holds). */
typedef struct wav_source {
    uint64_t size;  /* total bytes */
    /* copies n bytes at off into buf (the parser guarantees off + n <= size); 0 on success */
    int (*read)(void *ctx, uint64_t off, void *buf, size_t n);
    void *ctx;
} wav_source;

/* Parses and validates the RIFF/RF64 header; checks HS_MAX_SECONDS so that after HS_OK the caller
 * may allocate info.frames floats. Reads at most a few hundred bytes per chunk header. */
hs_status wav_parse(const wav_source *src, wav_layout *L);

/* Converts n whole frames at src (n * block_align bytes) to mono floats in [-1, 1] at dst. */
void wav_decode_frames(const uint8_t *src, size_t n, const wav_layout *L, float *dst);

/* One G.711 code to a 16-bit linear value (exposed for clarity of the converter tables). */
int wav_mulaw_to_linear(uint8_t code);
int wav_alaw_to_linear(uint8_t code);

#endif
