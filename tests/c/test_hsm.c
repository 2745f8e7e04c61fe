/* .hsm container and CNN model file: round trips, and every kind of damaged or foreign input getting its
 * documented error (docs/MODEL_FORMAT.md) -- never a crash or an out-of-bounds read (see the _asan twin). */
#define _POSIX_C_SOURCE 200809L /* getpid */
#include "testutil.h"
#include "tiny_cnn.h"
#include "model/crc32.h"
#include "model/hsm.h"
#include "common/byte_order.h"
#include "model/hsm_layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Recompute the checksum after a deliberate edit, so the structural checks behind it are reached. */
static void reseal(uint8_t *b, size_t len) {
    uint32_t crc = hs_crc32(0, b, HDR_CRC);
    crc = hs_crc32(crc, b + HDR_SIZE, len - HDR_SIZE);
    hs_wr32(b + HDR_CRC, crc);
}

static hs_status parse_status(const uint8_t *b, size_t len) {
    hs_hsm h;
    hs_status st = hs_hsm_parse(b, len, 0, &h);
    hs_hsm_free(&h);
    return st;
}

static void test_crc32(void) {
    /* the standard check value of CRC-32/ISO-HDLC (as zlib) */
    CHECK(hs_crc32(0, "123456789", 9) == 0xCBF43926u);
    CHECK(hs_crc32(hs_crc32(0, "1234", 4), "56789", 5) == 0xCBF43926u);
    CHECK(hs_crc32(0, "", 0) == 0);
}

/* A container with every dtype and rank 0..4; returns its bytes. */
static uint8_t *make_container(size_t *len) {
    hs_hsm_writer *w = hs_hsm_writer_create();
    float f[24];
    for (int i = 0; i < 24; i++) f[i] = (float)i * 0.5f - 3.0f;
    int8_t q[7] = {-128, -1, 0, 1, 2, 3, 127};
    int32_t i32[3] = {-2147483647 - 1, 0, 2147483647};
    uint8_t u8[5] = {0, 1, 128, 254, 255};
    float scalar = 42.25f;
    size_t d4[4] = {2, 3, 2, 2}, d1q[1] = {7}, d2[2] = {3, 1}, d1u[1] = {5};
    CHECK(hs_hsm_add_meta(w, "model.kind", "test") == HS_OK);
    CHECK(hs_hsm_add_meta(w, "empty", "") == HS_OK);
    CHECK(hs_hsm_add_metaf(w, "number", "%d", -17) == HS_OK);
    CHECK(hs_hsm_add_metaf(w, "float", "%.9g", 0.1) == HS_OK);
    CHECK(hs_hsm_add_tensor(w, "f32.rank4", HS_DT_F32, 4, d4, f) == HS_OK);
    CHECK(hs_hsm_add_tensor(w, "i8.rank1", HS_DT_I8, 1, d1q, q) == HS_OK);
    CHECK(hs_hsm_add_tensor(w, "i32.rank2", HS_DT_I32, 2, d2, i32) == HS_OK);
    CHECK(hs_hsm_add_tensor(w, "u8", HS_DT_U8, 1, d1u, u8) == HS_OK);
    CHECK(hs_hsm_add_tensor(w, "scalar", HS_DT_F32, 0, NULL, &scalar) == HS_OK);
    /* refused by the writer */
    CHECK(hs_hsm_add_meta(w, "number", "again") == HS_ERR_ARG);
    CHECK(hs_hsm_add_meta(w, "", "x") == HS_ERR_ARG);
    CHECK(hs_hsm_add_tensor(w, "u8", HS_DT_U8, 1, d1u, u8) == HS_ERR_ARG);
    CHECK(hs_hsm_add_tensor(w, "bad.dtype", (hs_dtype)9, 1, d1u, u8) == HS_ERR_ARG);
    CHECK(hs_hsm_add_tensor(w, "bad.rank", HS_DT_U8, 5, d4, u8) == HS_ERR_ARG);
    size_t zero[1] = {0};
    CHECK(hs_hsm_add_tensor(w, "bad.dim", HS_DT_U8, 1, zero, u8) == HS_ERR_ARG);
    char longname[80];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    CHECK(hs_hsm_add_tensor(w, longname, HS_DT_U8, 1, d1u, u8) == HS_ERR_ARG);
    uint8_t *b = NULL;
    CHECK(hs_hsm_writer_finish(w, &b, len) == HS_OK);
    hs_hsm_writer_destroy(w);
    return b;
}

static void test_container_roundtrip(void) {
    size_t len;
    uint8_t *b = make_container(&len);
    if (!b) return;
    /* copy into a 64-aligned buffer so the alignment promise can be checked on real addresses */
    uint8_t *a = aligned_alloc(64, (len + 63) / 64 * 64);
    memcpy(a, b, len);
    hs_hsm h;
    CHECK(hs_hsm_parse(a, len, 0, &h) == HS_OK);
    CHECK(h.version_major == HS_HSM_VERSION_MAJOR);
    CHECK(h.n_meta == 4 && h.n_tensors == 5);
    CHECK(hs_hsm_meta_get(&h, "model.kind") && strcmp(hs_hsm_meta_get(&h, "model.kind"), "test") == 0);
    CHECK(hs_hsm_meta_get(&h, "empty") && hs_hsm_meta_get(&h, "empty")[0] == 0);
    CHECK(hs_hsm_meta_get(&h, "absent") == NULL);
    int iv = 0;
    float fv = 0;
    CHECK(hs_hsm_meta_int(&h, "number", &iv) == HS_OK && iv == -17);
    CHECK(hs_hsm_meta_float(&h, "float", &fv) == HS_OK && fv == 0.1f);
    CHECK(hs_hsm_meta_int(&h, "float", &iv) == HS_ERR_MODEL_FORMAT); /* "0.1" is not an int */
    CHECK(hs_hsm_meta_int(&h, "model.kind", &iv) == HS_ERR_MODEL_FORMAT);
    CHECK(hs_hsm_meta_int(&h, "empty", &iv) == HS_ERR_MODEL_FORMAT);
    CHECK(hs_hsm_meta_float(&h, "absent", &fv) == HS_ERR_MODEL_FORMAT);
    for (size_t i = 0; i < h.n_tensors; i++) CHECK((uintptr_t)h.tensors[i].data % HS_HSM_ALIGN == 0);
    const hs_hsm_tensor *t = hs_hsm_find(&h, "f32.rank4");
    CHECK(t && t->dtype == HS_DT_F32 && t->rank == 4 && t->count == 24 && t->nbytes == 96);
    CHECK(t && t->dims[0] == 2 && t->dims[1] == 3 && t->dims[2] == 2 && t->dims[3] == 2);
    float f[24];
    size_t d4[4] = {2, 3, 2, 2}, wrong[4] = {2, 3, 4, 1};
    CHECK(hs_hsm_tensor_f32(&h, "f32.rank4", 4, d4, f) == HS_OK);
    int same = 1;
    for (int i = 0; i < 24; i++) same &= f[i] == (float)i * 0.5f - 3.0f;
    CHECK(same);
    CHECK(hs_hsm_tensor_f32(&h, "f32.rank4", 4, wrong, f) == HS_ERR_MODEL_FORMAT);
    CHECK(hs_hsm_tensor_f32(&h, "i8.rank1", 1, d4, f) == HS_ERR_MODEL_FORMAT); /* wrong dtype */
    t = hs_hsm_find(&h, "i8.rank1");
    CHECK(t && t->dtype == HS_DT_I8 && t->count == 7 && ((const int8_t *)t->data)[0] == -128 &&
          ((const int8_t *)t->data)[6] == 127);
    t = hs_hsm_find(&h, "i32.rank2");
    int32_t i32[3];
    if (t) memcpy(i32, t->data, sizeof i32);
    CHECK(t && t->rank == 2 && t->dims[0] == 3 && t->dims[1] == 1 && i32[0] == -2147483647 - 1 && i32[2] == 2147483647);
    t = hs_hsm_find(&h, "u8");
    CHECK(t && t->dtype == HS_DT_U8 && t->data[3] == 254);
    t = hs_hsm_find(&h, "scalar");
    float sc = 0;
    if (t) memcpy(&sc, t->data, 4);
    CHECK(t && t->rank == 0 && t->count == 1 && sc == 42.25f);
    CHECK(hs_hsm_find(&h, "nope") == NULL);
    hs_hsm_free(&h);
    free(a);
    free(b);
}

static void test_truncated_and_flipped(void) {
    size_t len;
    uint8_t *b = make_container(&len);
    if (!b) return;
    /* every prefix: empty -> not a model; otherwise shorter than the header says */
    int ok = 1;
    for (size_t n = 0; n < len; n++) {
        hs_status st = parse_status(b, n);
        hs_status want = n == 0 ? HS_ERR_MODEL_FORMAT : HS_ERR_MODEL_TRUNCATED;
        if (st != want) { ok = 0; fprintf(stderr, "prefix %zu: %s\n", n, hs_status_string(st)); }
    }
    CHECK(ok);
    /* one flipped bit in every byte: the magic -> foreign file; the size field -> truncated or checksum;
     * everything else (version and checksum field included) -> checksum */
    uint8_t *c = malloc(len);
    ok = 1;
    for (size_t i = 0; i < len; i++) {
        memcpy(c, b, len);
        c[i] ^= (uint8_t)(1u << (i % 8));
        hs_status st = parse_status(c, len);
        int good;
        if (i < 8) good = st == HS_ERR_MODEL_FORMAT;
        else if (i >= HDR_FILE_SIZE && i < HDR_FILE_SIZE + 8)
            good = st == HS_ERR_MODEL_TRUNCATED || st == HS_ERR_MODEL_CHECKSUM || st == HS_ERR_MODEL_FORMAT;
        else good = st == HS_ERR_MODEL_CHECKSUM;
        if (!good) { ok = 0; fprintf(stderr, "flip at %zu: %s\n", i, hs_status_string(st)); }
    }
    CHECK(ok);
    /* trailing bytes after a complete file */
    uint8_t *t = malloc(len + 3);
    memcpy(t, b, len);
    memset(t + len, 0, 3);
    CHECK(parse_status(t, len + 3) == HS_ERR_MODEL_FORMAT);
    /* a newer major version (resealed, so only the version is wrong); a newer minor is fine */
    memcpy(c, b, len);
    hs_wr32(c + HDR_VERSION_MAJOR, HS_HSM_VERSION_MAJOR + 1);
    reseal(c, len);
    CHECK(parse_status(c, len) == HS_ERR_MODEL_VERSION);
    memcpy(c, b, len);
    hs_wr32(c + HDR_VERSION_MINOR, HS_HSM_VERSION_MINOR + 7);
    reseal(c, len);
    CHECK(parse_status(c, len) == HS_OK);
    /* the fuzzing flag skips only the checksum */
    memcpy(c, b, len);
    c[len - 1] ^= 1;
    hs_hsm h;
    CHECK(hs_hsm_parse(c, len, HS_HSM_NO_CRC, &h) == HS_OK);
    hs_hsm_free(&h);
    free(t);
    free(c);
    free(b);
}

/* Structural damage behind a valid checksum: each edit must give HS_ERR_MODEL_FORMAT. */
static void test_structure(void) {
    size_t len;
    uint8_t *b = make_container(&len);
    if (!b) return;
    uint8_t *c = malloc(len);
    uint64_t table = hs_rd64(b + HDR_TABLE_OFFSET), meta = hs_rd64(b + HDR_META_OFFSET);
    struct { const char *what; size_t off; int width; uint64_t value; } edits[] = {
        {"n_meta too large", HDR_N_META, 4, 5},
        {"n_meta absurd", HDR_N_META, 4, 0xFFFFFFFFu},
        {"n_tensors absurd", HDR_N_TENSORS, 4, 0xFFFFFFFFu},
        {"n_tensors past the table", HDR_N_TENSORS, 4, 1000},
        {"meta offset inside header", HDR_META_OFFSET, 8, 8},
        {"table before meta", HDR_TABLE_OFFSET, 8, meta - 8},
        {"data offset unaligned", HDR_DATA_OFFSET, 8, hs_rd64(b + HDR_DATA_OFFSET) + 4},
        {"data offset past end", HDR_DATA_OFFSET, 8, (uint64_t)len + 64},
        {"data offset huge", HDR_DATA_OFFSET, 8, ~(uint64_t)0 - 63},
        {"key length huge", (size_t)meta, 4, 0xFFFFFFF0u},
        {"key length zero", (size_t)meta, 4, 0},
        {"key length off by one", (size_t)meta, 4, 11},
        {"dtype unknown", (size_t)table + TEN_DTYPE, 4, 77},
        {"rank 5", (size_t)table + TEN_RANK, 4, 5},
        {"dim zero", (size_t)table + TEN_DIMS, 4, 0},
        {"dim beyond rank", (size_t)table + 2 * TEN_SIZE + TEN_DIMS + 12, 4, 1},
        {"dims overflow", (size_t)table + TEN_DIMS, 4, 0x7FFFFFFFu},
        {"nbytes mismatch", (size_t)table + TEN_NBYTES, 8, 95},
        {"nbytes huge", (size_t)table + TEN_NBYTES, 8, ~(uint64_t)0},
        {"offset unaligned", (size_t)table + TEN_SIZE + TEN_OFFSET, 8, 8},
        {"offset past end", (size_t)table + TEN_OFFSET, 8, (uint64_t)len},
        {"offset huge", (size_t)table + TEN_OFFSET, 8, ~(uint64_t)0 - 63},
        {"empty name", (size_t)table + TEN_NAME, 1, 0},
    };
    for (size_t e = 0; e < sizeof edits / sizeof edits[0]; e++) {
        memcpy(c, b, len);
        if (edits[e].width == 8) hs_wr64(c + edits[e].off, edits[e].value);
        else if (edits[e].width == 4) hs_wr32(c + edits[e].off, (uint32_t)edits[e].value);
        else c[edits[e].off] = (uint8_t)edits[e].value;
        reseal(c, len);
        hs_status st = parse_status(c, len);
        CHECK_MSG(st == HS_ERR_MODEL_FORMAT, "%s: %s", edits[e].what, hs_status_string(st));
    }
    /* a name filling all 64 bytes without a terminator */
    memcpy(c, b, len);
    memset(c + table + TEN_NAME, 'a', HS_HSM_NAME_CAP);
    reseal(c, len);
    CHECK(parse_status(c, len) == HS_ERR_MODEL_FORMAT);
    /* duplicate tensor names: copy entry 0's name over entry 1's */
    memcpy(c, b, len);
    memcpy(c + table + TEN_SIZE + TEN_NAME, c + table + TEN_NAME, HS_HSM_NAME_CAP);
    reseal(c, len);
    CHECK(parse_status(c, len) == HS_ERR_MODEL_FORMAT);
    free(c);
    free(b);
}

static void test_foreign(void) {
    static const uint8_t png[16] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    CHECK(parse_status(png, sizeof png) == HS_ERR_MODEL_FORMAT);
    CHECK(parse_status((const uint8_t *)"", 0) == HS_ERR_MODEL_FORMAT);
    CHECK(parse_status(NULL, 0) == HS_ERR_MODEL_FORMAT);
    const char *text = "model.kind=cnn\nthreshold=0.5\n";
    CHECK(parse_status((const uint8_t *)text, strlen(text)) == HS_ERR_MODEL_FORMAT);
    hs_hsm h;
    CHECK(hs_hsm_parse(NULL, 10, 0, &h) == HS_ERR_ARG);
    CHECK(hs_hsm_parse(png, sizeof png, 0, NULL) == HS_ERR_ARG);
    /* a real PhysioNet WAV file */
    const char *dir = hs_test_wav_dir();
    if (!dir) return; /* hs_test_wav_dir() recorded the skip */
    char path[4096];
    snprintf(path, sizeof path, "%s/training-a/a0001.wav", dir);
    size_t n = 0;
    uint8_t *wav = hs_test_read_file(path, &n);
    CHECK(wav != NULL && n > 1000);
    if (wav) CHECK(parse_status(wav, n) == HS_ERR_MODEL_FORMAT);
    hs_cnn_model m;
    if (wav) CHECK(hs_cnn_model_load_memory(wav, n, &m) == HS_ERR_MODEL_FORMAT);
    CHECK(hs_cnn_model_load_file(path, &m) == HS_ERR_MODEL_FORMAT);
    free(wav);
}

/* ---- CNN model file */

static int same_floats(const float *a, const float *b, size_t n) {
    if (!a || !b) return a == b;
    return memcmp(a, b, n * sizeof *a) == 0;
}

static int same_model(const hs_cnn_model *a, const hs_cnn_model *b) {
    if (a->net.in_h != b->net.in_h || a->net.in_w != b->net.in_w || a->net.in_c != b->net.in_c ||
        a->net.n_layers != b->net.n_layers || a->window_frames != b->window_frames ||
        a->hop_frames != b->hop_frames || a->norm_mode != b->norm_mode || a->threshold != b->threshold ||
        strcmp(a->name, b->name) != 0 || memcmp(&a->preproc, &b->preproc, sizeof a->preproc) != 0)
        return 0;
    const hs_melspec_params *p = &a->melspec, *q = &b->melspec;
    if (p->sample_rate != q->sample_rate || p->n_fft != q->n_fft || p->win_length != q->win_length ||
        p->hop_length != q->hop_length || p->window != q->window || p->center != q->center ||
        p->n_mels != q->n_mels || p->fmin != q->fmin || p->fmax != q->fmax || p->mel_scale != q->mel_scale ||
        p->mel_norm != q->mel_norm || p->power != q->power || p->log != q->log || p->log_floor != q->log_floor ||
        p->triangles_on_mel != q->triangles_on_mel)
        return 0;
    for (int i = 0; i < a->net.n_layers; i++) {
        const hs_layer *x = &a->net.layers[i], *y = &b->net.layers[i];
        if (x->kind != y->kind || x->kh != y->kh || x->kw != y->kw || x->sh != y->sh || x->sw != y->sw ||
            x->ph != y->ph || x->pw != y->pw || x->units != y->units || x->rate != y->rate || x->eps != y->eps ||
            x->out_h != y->out_h || x->out_w != y->out_w || x->out_c != y->out_c)
            return 0;
        size_t nw = hs_layer_weight_count(x), nb = hs_layer_bias_count(x);
        if (!same_floats(x->w, y->w, nw) || !same_floats(x->b, y->b, x->w ? nb : 0) ||
            !same_floats(x->gamma, y->gamma, nb) || !same_floats(x->beta, y->beta, nb) ||
            !same_floats(x->mean, y->mean, nb) || !same_floats(x->var, y->var, nb))
            return 0;
    }
    return 1;
}

/* Rebuild a model file with one metadata value replaced (value NULL: key dropped) or one tensor dropped. */
static uint8_t *rebuild(const uint8_t *b, size_t len, const char *key, const char *value, const char *drop_tensor,
                        size_t *out_len) {
    hs_hsm h;
    if (hs_hsm_parse(b, len, 0, &h) != HS_OK) return NULL;
    hs_hsm_writer *w = hs_hsm_writer_create();
    for (size_t i = 0; i < h.n_meta; i++) {
        const char *v = h.meta[i].value;
        if (key && strcmp(h.meta[i].key, key) == 0) {
            if (!value) continue;
            v = value;
        }
        hs_hsm_add_meta(w, h.meta[i].key, v);
    }
    for (size_t i = 0; i < h.n_tensors; i++) {
        const hs_hsm_tensor *t = &h.tensors[i];
        if (drop_tensor && strcmp(t->name, drop_tensor) == 0) continue;
        hs_hsm_add_tensor(w, t->name, t->dtype, t->rank, t->dims, t->data);
    }
    uint8_t *o = NULL;
    hs_hsm_writer_finish(w, &o, out_len);
    hs_hsm_writer_destroy(w);
    hs_hsm_free(&h);
    return o;
}

static void test_cnn_roundtrip(void) {
    hs_cnn_model m, r;
    CHECK(tiny_cnn_make(&m, 200, 50, 7) == 0);
    m.threshold = 0.3721f;
    m.melspec.fmax = 612.345678f; /* a float that needs all 9 digits */
    m.melspec.triangles_on_mel = 1;
    uint8_t *b = NULL;
    size_t len = 0;
    CHECK(hs_cnn_model_save_memory(&m, &b, &len) == HS_OK);
    CHECK(hs_cnn_model_load_memory(b, len, &r) == HS_OK);
    CHECK(same_model(&m, &r));
    hs_cnn_model_free(&r);
    CHECK(r.net.layers == NULL); /* freed and zeroed */

    /* the file carries the documented keys */
    hs_hsm h;
    CHECK(hs_hsm_parse(b, len, 0, &h) == HS_OK);
    const char *kind = hs_hsm_meta_get(&h, "model.kind"), *l0 = hs_hsm_meta_get(&h, "cnn.layer.00");
    CHECK(kind && strcmp(kind, "cnn") == 0);
    CHECK(l0 && strcmp(l0, "conv2d kh=3 kw=3 sh=1 sw=1 ph=1 pw=1 units=4") == 0);
    const hs_hsm_tensor *w0 = hs_hsm_find(&h, "layer.00.w");
    CHECK(w0 && w0->rank == 4 && w0->dims[0] == 4 && w0->dims[1] == 3 && w0->dims[2] == 3 && w0->dims[3] == 1);
    CHECK(hs_hsm_find(&h, "layer.01.var") != NULL && hs_hsm_find(&h, "layer.09.w") != NULL);
    hs_hsm_free(&h);

    /* through a file */
    char path[64];
    snprintf(path, sizeof path, "/tmp/hs_test_hsm_%d.hsm", (int)getpid());
    CHECK(hs_cnn_model_save(&m, path) == HS_OK);
    CHECK(hs_cnn_model_load_file(path, &r) == HS_OK);
    CHECK(same_model(&m, &r));
    hs_cnn_model_free(&r);
    remove(path);
    CHECK(hs_cnn_model_load_file("/nonexistent-dir/does-not-exist.hsm", &r) == HS_ERR_IO);
    CHECK(hs_cnn_model_save(&m, "/nonexistent-dir/x.hsm") == HS_ERR_IO);

    /* damaged model files */
    CHECK(hs_cnn_model_load_memory(b, len / 2, &r) == HS_ERR_MODEL_TRUNCATED);
    b[len - 5] ^= 0x10;
    CHECK(hs_cnn_model_load_memory(b, len, &r) == HS_ERR_MODEL_CHECKSUM);
    b[len - 5] ^= 0x10;
    struct { const char *key, *value, *drop; } bad[] = {
        {"model.threshold", NULL, NULL},
        {"model.threshold", "1.5", NULL},
        {"model.threshold", "nan", NULL},
        {"cnn.window_frames", "100", NULL},        /* != net input height */
        {"cnn.hop_frames", "0", NULL},
        {"cnn.norm_mode", "9", NULL},
        {"cnn.n_layers", "12", NULL},              /* a layer key missing */
        {"cnn.n_layers", "100000", NULL},
        {"cnn.in_w", "31", NULL},                  /* != n_mels, and the dense input no longer matches */
        {"cnn.layer.00", "conv2d kh=3 kw=3 sh=1 sw=1 ph=1 pw=1", NULL},          /* units missing */
        {"cnn.layer.00", "conv2d kh=3 kw=3 sh=1 sw=1 ph=1 pw=1 units=4 units=4", NULL},
        {"cnn.layer.00", "conv2d kh=999999999 kw=3 sh=1 sw=1 ph=999999999 pw=1 units=4", NULL},
        {"cnn.layer.00", "conv2d kh=3 kw=3 sh=1 sw=1 ph=1 pw=1 units=5", NULL},  /* tensors no longer fit */
        {"cnn.layer.00", "lstm units=4", NULL},
        {"cnn.layer.00", "conv2d kh=256 kw=256 sh=1 sw=1 ph=200 pw=200 units=65536", NULL},
        {"cnn.layer.10", "relu", NULL},            /* no sigmoid at the end */
        {"cnn.layer.08", "dropout rate=1", NULL},
        {"cnn.layer.01", "batchnorm eps=0", NULL},
        {"melspec.window", "kaiser", NULL},
        {"melspec.triangles_on_mel", "2", NULL},
        {"melspec.n_mels", "abc", NULL},
        {"preproc.sample_rate", "10", NULL},
        {NULL, NULL, "layer.04.b"},
        {NULL, NULL, "layer.01.var"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t n2 = 0;
        uint8_t *c = rebuild(b, len, bad[i].key, bad[i].value, bad[i].drop, &n2);
        CHECK(c != NULL);
        hs_status st = c ? hs_cnn_model_load_memory(c, n2, &r) : HS_ERR_ARG;
        CHECK_MSG(st == HS_ERR_MODEL_FORMAT, "%s=%s drop %s: %s", bad[i].key ? bad[i].key : "-",
                  bad[i].value ? bad[i].value : "(absent)", bad[i].drop ? bad[i].drop : "-", hs_status_string(st));
        CHECK(r.net.layers == NULL);
        free(c);
    }
    /* a rebuilt file without changes still loads (the rebuild itself is sound) */
    size_t n2 = 0;
    uint8_t *c = rebuild(b, len, NULL, NULL, NULL, &n2);
    CHECK(c && hs_cnn_model_load_memory(c, n2, &r) == HS_OK && same_model(&m, &r));
    hs_cnn_model_free(&r);
    free(c);
    /* a NaN weight is refused on load (and on save) */
    c = malloc(len);
    memcpy(c, b, len);
    CHECK(hs_hsm_parse(c, len, 0, &h) == HS_OK);
    const hs_hsm_tensor *t = hs_hsm_find(&h, "layer.04.w");
    CHECK_MSG(t != NULL, "the test model has no tensor layer.04.w: the NaN check would not run");
    if (t) {
        float nan = NAN;
        memcpy((uint8_t *)t->data, &nan, 4);
        reseal(c, len);
        CHECK(hs_cnn_model_load_memory(c, len, &r) == HS_ERR_MODEL_FORMAT);
    }
    hs_hsm_free(&h);
    free(c);
    free(b);

    /* an inconsistent model is refused on save */
    m.window_frames = 150;
    CHECK(hs_cnn_model_save_memory(&m, &b, &len) == HS_ERR_ARG);
    m.window_frames = 200;
    m.net.layers[4].w[3] = NAN;
    CHECK(hs_cnn_model_save_memory(&m, &b, &len) == HS_ERR_ARG);
    hs_cnn_model_free(&m);
}

/* Geometry checks name the problem; sizes that would overflow a 32-bit size_t (wasm) are refused. */
static void test_net_check(void) {
    hs_layer L[3] = {
        {.kind = HS_LAYER_CONV2D, .kh = 3, .kw = 3, .sh = 1, .sw = 1, .ph = 1, .pw = 1, .units = 4096},
        {.kind = HS_LAYER_DENSE, .units = 65536},
        {.kind = HS_LAYER_SIGMOID},
    };
    hs_net net = {200, 32, 1, 3, L};
    char why[160];
    CHECK(hs_cnn_net_check(&net, why, sizeof why) == HS_ERR_MODEL_FORMAT);
    CHECK_MSG(strstr(why, "too many weights") != NULL, "%s", why);
    L[0].units = 4;
    L[1].units = 1;
    CHECK(hs_cnn_net_check(&net, why, sizeof why) == HS_OK && why[0] == 0);
    CHECK(L[1].in_h == 200 && L[1].in_c == 4 && L[2].out_c == 1); /* shapes filled */
    L[1].units = 2; /* two outputs: not a binary classifier */
    CHECK(hs_cnn_net_check(&net, why, sizeof why) == HS_ERR_MODEL_FORMAT && strstr(why, "sigmoid"));
    L[1].units = 1;
    L[0].kh = 0;
    CHECK(hs_cnn_net_check(&net, why, sizeof why) == HS_ERR_MODEL_FORMAT && strstr(why, "layer 0"));
    L[0].kh = 3;
    net.in_c = 2;
    CHECK(hs_cnn_net_check(&net, why, sizeof why) == HS_ERR_MODEL_FORMAT);
}

int main(void) {
    test_net_check();
    test_crc32();
    test_container_roundtrip();
    test_truncated_and_flipped();
    test_structure();
    test_foreign();
    test_cnn_roundtrip();
    return hs_test_finish("test_hsm");
}
