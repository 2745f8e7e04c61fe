/* WAV container parsing: RIFF/RF64 header, chunk walk, fmt validation. Every size read from the
 * file is checked against the real file size in 64-bit arithmetic before it is used, and every
 * step of the chunk walk advances by at least one chunk header, so no input can read out of
 * bounds, overflow or loop forever. */
#include <stdlib.h>
#include <string.h>
#include "common/byte_order.h"
#include "wav_internal.h"

/* A fmt chunk is 16..40 bytes in practice; anything far bigger is a corrupt size field. */
#define WAV_FMT_MAX 1024

/* The 14 bytes after the 16-bit format code in every KSDATAFORMAT_SUBTYPE GUID of the
 * WAVE_FORMAT_EXTENSIBLE family (xxxxxxxx-0000-0010-8000-00AA00389B71). */
static const uint8_t guid_tail[14] = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                                      0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};

static int is_fourcc(const uint8_t *p) {
    for (int i = 0; i < 4; i++)
        if (p[i] < 0x20 || p[i] > 0x7E) return 0;
    return 1;
}

/* Validates a fmt chunk body (size bytes at p) into L. Codec is checked first: compressed codecs
 * (ADPCM, MP3) have block sizes that would otherwise be misreported as a malformed fmt. */
static hs_status parse_fmt(const uint8_t *p, uint32_t size, wav_layout *L) {
    if (size < 16) return HS_ERR_WAV_BAD_FMT;
    int tag = hs_rd16(p), channels = hs_rd16(p + 2), align = hs_rd16(p + 12), bits = hs_rd16(p + 14);
    uint32_t rate = hs_rd32(p + 4);
    int extensible = 0;
    if (tag == HS_WAV_EXTENSIBLE) {
        if (size < 40 || hs_rd16(p + 16) < 22) return HS_ERR_WAV_BAD_FMT;
        if (hs_rd16(p + 18) > bits) return HS_ERR_WAV_BAD_FMT; /* valid bits exceed the container */
        if (memcmp(p + 26, guid_tail, sizeof guid_tail) != 0) return HS_ERR_WAV_CODEC;
        tag = hs_rd16(p + 24);
        extensible = 1;
    }
    const char *name;
    int bits_ok;
    switch (tag) {
    case HS_WAV_PCM: name = "pcm"; bits_ok = bits <= 32; break;
    case HS_WAV_FLOAT: name = "float"; bits_ok = bits == 32 || bits == 64; break;
    case HS_WAV_ALAW: name = "alaw"; bits_ok = bits == 8; break;
    case HS_WAV_MULAW: name = "mulaw"; bits_ok = bits == 8; break;
    default: return HS_ERR_WAV_CODEC;
    }
    if (channels == 0 || channels > HS_WAV_MAX_CHANNELS) return HS_ERR_WAV_CHANNELS;
    if (rate < HS_MIN_RATE || rate > HS_MAX_RATE) return HS_ERR_WAV_RATE;
    if (bits == 0) return HS_ERR_WAV_BAD_FMT;
    if (!bits_ok) return HS_ERR_WAV_BITS;
    /* PCM of 12 or 20 bits is stored left-justified in whole bytes: decode the container. */
    int bps = (bits + 7) / 8;
    if (align != channels * bps) return HS_ERR_WAV_BAD_FMT;
    L->info.sample_rate = (int)rate;
    L->info.channels = channels;
    L->info.bits = bits;
    L->info.format = tag;
    L->info.extensible = extensible;
    L->info.format_name = name;
    L->bytes_per_sample = bps;
    L->block_align = align;
    return HS_OK;
}

/* Status for a file shorter than 12 bytes: which of the two tags it already contradicts. */
static hs_status short_header(const uint8_t *h, size_t n) {
    size_t t = n < 4 ? n : 4;
    if (memcmp(h, "RIFF", t) && memcmp(h, "RF64", t) && memcmp(h, "BW64", t)) return HS_ERR_WAV_NOT_RIFF;
    if (n > 8 && memcmp(h + 8, "WAVE", n - 8)) return HS_ERR_WAV_NOT_WAVE;
    return HS_ERR_WAV_TRUNCATED;
}

/* What the chunk walk found. */
typedef struct walk {
    int have_fmt, have_data, have_ds64, truncated;
    uint64_t ds64_data;       /* RF64: real data size when the 32-bit field is 0xFFFFFFFF */
    uint64_t data_declared;   /* bytes the data chunk claims */
    uint64_t data_present;    /* bytes of it inside the file */
} walk;

/* Handles the data chunk whose body starts at `body`; returns 1 if the walk must stop here. */
static int take_data(walk *w, wav_layout *L, uint64_t body, uint32_t size, uint64_t file_size, int rf64) {
    uint64_t left = file_size - body, declared = size;
    int to_eof = 0;
    if (rf64 && size == 0xFFFFFFFFu && w->have_ds64) declared = w->ds64_data;
    else if (size == 0 || size == 0xFFFFFFFFu) to_eof = 1; /* streaming writers: size unknown */
    if (to_eof) declared = left;
    w->have_data = 1;
    w->data_declared = declared;
    w->data_present = declared < left ? declared : left;
    w->truncated = declared > left;
    L->data_offset = body;
    return to_eof || w->truncated;
}

hs_status wav_parse(const wav_source *src, wav_layout *L) {
    memset(L, 0, sizeof *L);
    uint64_t size = src->size;
    uint8_t h[WAV_FMT_MAX];
    size_t hn = size < 12 ? (size_t)size : 12;
    if (hn && src->read(src->ctx, 0, h, hn)) return HS_ERR_IO;
    if (hn < 12) return hn ? short_header(h, hn) : HS_ERR_WAV_TRUNCATED;
    int rf64 = !memcmp(h, "RF64", 4) || !memcmp(h, "BW64", 4);
    if (!rf64 && memcmp(h, "RIFF", 4)) return HS_ERR_WAV_NOT_RIFF;
    if (memcmp(h + 8, "WAVE", 4)) return HS_ERR_WAV_NOT_WAVE;
    uint64_t riff_end = (uint64_t)hs_rd32(h + 4) + 8;

    walk w = {0};
    uint64_t pos = 12;
    while (!(w.have_fmt && w.have_data)) {
        if (pos + 8 > size) {
            /* A partial chunk header before the audio means the file was cut. */
            if (pos < size && !w.have_data) return HS_ERR_WAV_TRUNCATED;
            break;
        }
        if (src->read(src->ctx, pos, h, 8)) return HS_ERR_IO;
        uint32_t csize = hs_rd32(h + 4);
        uint64_t body = pos + 8;
        int is_fmt = !memcmp(h, "fmt ", 4), is_ds64 = rf64 && pos == 12 && !memcmp(h, "ds64", 4);
        if (!memcmp(h, "data", 4) && !w.have_data) {
            if (take_data(&w, L, body, csize, size, rf64)) break;
        } else if (body + csize > size) {
            if (w.have_data) break; /* junk after the audio does not matter */
            return HS_ERR_WAV_TRUNCATED;
        } else if (is_fmt && !w.have_fmt) {
            if (csize > WAV_FMT_MAX) return HS_ERR_WAV_BAD_FMT;
            if (csize && src->read(src->ctx, body, h, csize)) return HS_ERR_IO;
            hs_status st = parse_fmt(h, csize, L);
            if (st != HS_OK) return st;
            w.have_fmt = 1;
        } else if (is_ds64 && csize >= 24) { /* a short ds64 is ignored: sizes then run to EOF */
            if (src->read(src->ctx, body, h, 24)) return HS_ERR_IO;
            riff_end = hs_rd64(h) + 8;
            w.ds64_data = hs_rd64(h + 8);
            w.have_ds64 = 1;
        }
        uint64_t next = body + csize + (csize & 1); /* chunks are padded to even sizes */
        /* Some writers omit the pad byte: if the unpadded position holds a chunk id and the
         * padded one does not, follow the writer. */
        if ((csize & 1) && body + csize + 9 <= size) {
            uint8_t k[9];
            if (src->read(src->ctx, body + csize, k, 9)) return HS_ERR_IO;
            if (is_fourcc(k) && !is_fourcc(k + 1)) next = body + csize;
        }
        pos = next;
    }
    if (!w.have_fmt) return !w.have_data && riff_end > size ? HS_ERR_WAV_TRUNCATED : HS_ERR_WAV_NO_FMT;
    if (!w.have_data) return riff_end > size ? HS_ERR_WAV_TRUNCATED : HS_ERR_WAV_NO_DATA;

    hs_wav_info *in = &L->info;
    in->frames = w.data_present / (uint64_t)L->block_align; /* whole frames only */
    in->frames_declared = w.data_declared / (uint64_t)L->block_align;
    in->truncated = w.truncated;
    in->duration_s = (double)in->frames / in->sample_rate;
    if (in->frames == 0) return HS_ERR_EMPTY;
    if (in->duration_s > HS_MAX_SECONDS || in->frames > SIZE_MAX / sizeof(float)) return HS_ERR_WAV_TOO_LONG;
    return HS_OK;
}

/* In-memory source: bounds are guaranteed by the parser, so a plain copy. */
static int mem_read(void *ctx, uint64_t off, void *buf, size_t n) {
    memcpy(buf, (const uint8_t *)ctx + off, n);
    return 0;
}

hs_status hs_wav_decode(const uint8_t *bytes, size_t len, hs_audio *out, hs_wav_info *info) {
    if (out) memset(out, 0, sizeof *out);
    if (info) memset(info, 0, sizeof *info);
    if (!bytes && len) return HS_ERR_ARG;
    wav_source src = {len, mem_read, (void *)bytes};
    wav_layout L;
    hs_status st = wav_parse(&src, &L);
    if (st != HS_OK) return st;
    if (out) {
        size_t n = (size_t)L.info.frames;
        float *s = malloc(n * sizeof *s);
        if (!s) return HS_ERR_NOMEM;
        wav_decode_frames(bytes + L.data_offset, n, &L, s);
        out->samples = s;
        out->n = n;
        out->sample_rate = L.info.sample_rate;
    }
    if (info) *info = L.info;
    return HS_OK;
}
