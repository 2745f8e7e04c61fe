/* hs_wav_read_file with bounded memory: the parser reads only chunk headers through seeks, the
 * length limit is checked before any sample buffer is allocated, and the audio is decoded in
 * blocks straight from the file into the output (no copy of the whole file in memory). */
#define _POSIX_C_SOURCE 200809L /* fseeko, fileno, fstat */
#define _FILE_OFFSET_BITS 64    /* 64-bit off_t on 32-bit hosts too */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include "wav_internal.h"

/* No legitimate input for this project comes near this; bigger files are refused up front. */
#define WAV_FILE_CAP ((uint64_t)4 << 30)
#define WAV_READ_BLOCK (1u << 20)

static int file_read(void *ctx, uint64_t off, void *buf, size_t n) {
    FILE *f = ctx;
    if ((uint64_t)(off_t)off != off || fseeko(f, (off_t)off, SEEK_SET) != 0) return -1;
    return fread(buf, 1, n, f) == n ? 0 : -1;
}

static hs_status decode_blocks(FILE *f, const wav_layout *L, float *dst) {
    size_t frames_per_block = WAV_READ_BLOCK / (size_t)L->block_align;
    uint8_t *buf = malloc(frames_per_block * (size_t)L->block_align);
    if (!buf) return HS_ERR_NOMEM;
    hs_status st = HS_OK;
    uint64_t done = 0, off = L->data_offset;
    while (done < L->info.frames) {
        uint64_t left = L->info.frames - done;
        size_t n = left < frames_per_block ? (size_t)left : frames_per_block;
        size_t bytes = n * (size_t)L->block_align;
        if (file_read(f, off, buf, bytes)) { st = HS_ERR_IO; break; }
        wav_decode_frames(buf, n, L, dst + done);
        done += n;
        off += bytes;
    }
    free(buf);
    return st;
}

hs_status hs_wav_read_file(const char *path, hs_audio *out, hs_wav_info *info) {
    if (out) memset(out, 0, sizeof *out);
    if (info) memset(info, 0, sizeof *info);
    if (!path) return HS_ERR_ARG;
    FILE *f = fopen(path, "rb");
    if (!f) return HS_ERR_IO;
    hs_status st = HS_ERR_IO;
    struct stat sb; /* a directory or device has no meaningful size: refuse it as unreadable */
    if (fstat(fileno(f), &sb) != 0) goto done;
    if (!S_ISREG(sb.st_mode) || sb.st_size < 0) { errno = S_ISDIR(sb.st_mode) ? EISDIR : EINVAL; goto done; }
    if ((uint64_t)sb.st_size > WAV_FILE_CAP) { st = HS_ERR_WAV_TOO_LONG; goto done; }
    wav_source src = {(uint64_t)sb.st_size, file_read, f};
    wav_layout L;
    st = wav_parse(&src, &L);
    if (st != HS_OK) goto done;
    if (out) {
        size_t n = (size_t)L.info.frames;
        float *s = malloc(n * sizeof *s);
        if (!s) { st = HS_ERR_NOMEM; goto done; }
        st = decode_blocks(f, &L, s);
        if (st != HS_OK) { free(s); goto done; }
        out->samples = s;
        out->n = n;
        out->sample_rate = L.info.sample_rate;
    }
    if (info) *info = L.info;
done:
    fclose(f);
    return st;
}
