/* Writes a small seed corpus for the fuzz_wav target into a directory: one valid file per
 * supported format and container variant (scripts/fuzz.sh compiles and runs this; not a test). */
#include <math.h>
#include "wav_build.h"

static const char *dir;
static int written;

static void save(const char *name, wav_buf *w) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.wav", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(w->b, 1, w->n, f) != w->n) { fprintf(stderr, "wav_seeds: cannot write %s\n", path); exit(1); }
    fclose(f);
    free(w->b);
    *w = (wav_buf){0};
    written++;
}

/* 32 frames of a sine in the requested sample format. */
static wav_buf tone(int tag, int ch, int bits) {
    wav_buf d = {0};
    for (int i = 0; i < 32 * ch; i++) {
        double v = 0.6 * sin(i * 0.4);
        if (tag == 3 && bits == 64) { double x = v; uint64_t u; memcpy(&u, &x, 8); wav_u64(&d, u); }
        else if (tag == 3) { float x = (float)v; uint32_t u; memcpy(&u, &x, 4); wav_u32(&d, u); }
        else if (bits == 8) wav_u8(&d, (unsigned)(tag == 1 ? 128 + (int)(v * 127) : (i * 37) & 0xFF));
        else if (bits == 16) wav_u16(&d, (uint16_t)(int16_t)(v * 32767));
        else if (bits == 24) { int32_t s = (int32_t)(v * 8388607); wav_u16(&d, s & 0xFFFF); wav_u8(&d, (s >> 16) & 0xFF); }
        else wav_u32(&d, (uint32_t)(int32_t)(v * 2147483647.0));
    }
    return d;
}

static void simple(const char *name, int tag, int ch, uint32_t rate, int bits) {
    wav_buf d = tone(tag, ch, bits);
    wav_buf w = wav_simple(tag, ch, rate, bits, d.b, d.n);
    save(name, &w);
    free(d.b);
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: wav_seeds DIR\n"); return 1; }
    dir = argv[1];
    simple("pcm8", 1, 1, 8000, 8);
    simple("pcm16_stereo", 1, 2, 2000, 16);
    simple("pcm24", 1, 1, 44100, 24);
    simple("pcm32_3ch", 1, 3, 48000, 32);
    simple("float32", 3, 1, 16000, 32);
    simple("float64", 3, 2, 4000, 64);
    simple("alaw", 6, 1, 8000, 8);
    simple("mulaw", 7, 1, 8000, 8);

    wav_buf d = tone(1, 2, 16), w = {0};
    wav_riff(&w, "RIFF", "WAVE");
    wav_fmt_ext(&w, 1, 2, 48000, 16, 16);
    wav_chunk(&w, "data", (uint32_t)d.n, d.b, d.n);
    wav_fix_riff(&w);
    save("extensible_pcm", &w);

    wav_riff(&w, "RIFF", "WAVE");
    wav_chunk(&w, "JUNK", 3, "abc", 3);
    wav_fmt(&w, 1, 2, 2000, 16);
    wav_chunk(&w, "LIST", 8, "INFOISFT", 8);
    wav_chunk(&w, "data", (uint32_t)d.n, d.b, d.n);
    wav_chunk(&w, "id3 ", 5, "ID3xx", 5);
    wav_fix_riff(&w);
    save("chunks_padding", &w);

    wav_riff(&w, "RIFF", "WAVE");
    wav_fmt(&w, 1, 2, 2000, 16);
    wav_chunk(&w, "data", (uint32_t)d.n * 4, d.b, d.n); /* claims more than present */
    save("truncated_data", &w);

    wav_riff(&w, "RIFF", "WAVE");
    wav_set32(&w, 4, 0xFFFFFFFFu);
    wav_fmt(&w, 1, 2, 2000, 16);
    wav_chunk(&w, "data", 0xFFFFFFFFu, d.b, d.n); /* streaming writer: size unknown */
    save("streaming_size", &w);

    wav_riff(&w, "RF64", "WAVE");
    wav_set32(&w, 4, 0xFFFFFFFFu);
    wav_tag(&w, "ds64");
    wav_u32(&w, 28);
    wav_u64(&w, 0);
    wav_u64(&w, d.n);
    wav_u64(&w, d.n / 4);
    wav_u32(&w, 0);
    wav_fmt(&w, 1, 2, 2000, 16);
    wav_chunk(&w, "data", 0xFFFFFFFFu, d.b, d.n);
    save("rf64", &w);
    free(d.b);

    d = tone(3, 1, 32);
    wav_riff(&w, "RIFF", "WAVE");
    wav_fmt_ext(&w, 3, 1, 96000, 32, 32);
    wav_chunk(&w, "fact", 4, "\x20\0\0\0", 4);
    wav_chunk(&w, "data", (uint32_t)d.n, d.b, d.n);
    wav_fix_riff(&w);
    save("extensible_float", &w);
    free(d.b);
    printf("wav_seeds: %d files in %s\n", written, dir);
    return 0;
}
