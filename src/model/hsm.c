/* .hsm reader: validates the header, checksum, metadata and tensor table of a buffer and indexes them
 * in place. Every offset/size/count from the file is checked in 64-bit arithmetic against the buffer
 * before use, so a hostile file can only produce an error status. */
#include "model/hsm.h"
#include "common/byte_order.h"
#include "model/hsm_layout.h"
#include "model/crc32.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

size_t hs_dtype_size(hs_dtype t) {
    switch (t) {
    case HS_DT_F32: case HS_DT_I32: return 4;
    case HS_DT_I8: case HS_DT_U8: return 1;
    }
    return 0;
}

const char *hs_dtype_name(hs_dtype t) {
    switch (t) {
    case HS_DT_F32: return "f32";
    case HS_DT_I8: return "i8";
    case HS_DT_I32: return "i32";
    case HS_DT_U8: return "u8";
    }
    return "?";
}

void hs_hsm_free(hs_hsm *h) {
    if (!h) return;
    free(h->meta);
    free(h->tensors);
    memset(h, 0, sizeof *h);
}

/* Magic, size, checksum and version: what decides which error a damaged or foreign file gets.
 * The CRC is checked before the version so that a bit flip in the version field reads as corruption. */
static hs_status check_envelope(const uint8_t *b, size_t len, unsigned flags) {
    size_t nm = len < sizeof HSM_MAGIC ? len : sizeof HSM_MAGIC;
    if (len == 0 || memcmp(b, HSM_MAGIC, nm) != 0) return HS_ERR_MODEL_FORMAT;
    if (len < HDR_SIZE) return HS_ERR_MODEL_TRUNCATED;
    uint64_t file_size = hs_rd64(b + HDR_FILE_SIZE);
    if (file_size < HDR_SIZE) return HS_ERR_MODEL_FORMAT;
    if (file_size > (uint64_t)len) return HS_ERR_MODEL_TRUNCATED;
    if (!(flags & HS_HSM_NO_CRC)) {
        uint32_t crc = hs_crc32(0, b, HDR_CRC);
        crc = hs_crc32(crc, b + HDR_SIZE, (size_t)file_size - HDR_SIZE);
        if (crc != hs_rd32(b + HDR_CRC)) return HS_ERR_MODEL_CHECKSUM;
    }
    if (hs_rd32(b + HDR_VERSION_MAJOR) != HS_HSM_VERSION_MAJOR) return HS_ERR_MODEL_VERSION;
    if (file_size != (uint64_t)len) return HS_ERR_MODEL_FORMAT; /* trailing bytes: not what was written */
    return HS_OK;
}

/* One length-prefixed, NUL-terminated string at *pos within [*pos, end). */
static int read_string(const uint8_t *b, uint64_t *pos, uint64_t end, uint32_t min_len, uint32_t max_len,
                       const char **out) {
    if (end - *pos < 4) return 0;
    uint32_t n = hs_rd32(b + *pos);
    if (n < min_len || n > max_len) return 0;
    uint64_t s = *pos + 4;
    if (end - s < (uint64_t)n + 1) return 0;
    if (b[s + n] != 0 || memchr(b + s, 0, n) != NULL) return 0;
    *out = (const char *)(b + s);
    *pos = s + n + 1;
    return 1;
}

static hs_status parse_meta(const uint8_t *b, uint64_t start, uint64_t end, hs_hsm *h) {
    uint64_t pos = start;
    for (size_t i = 0; i < h->n_meta; i++) {
        hs_hsm_meta *m = &h->meta[i];
        if (!read_string(b, &pos, end, 1, HS_HSM_MAX_KEY, &m->key) ||
            !read_string(b, &pos, end, 0, HS_HSM_MAX_VALUE, &m->value))
            return HS_ERR_MODEL_FORMAT;
        for (size_t j = 0; j < i; j++)
            if (strcmp(h->meta[j].key, m->key) == 0) return HS_ERR_MODEL_FORMAT; /* ambiguous */
    }
    return HS_OK;
}

static hs_status parse_tensor(const uint8_t *e, const uint8_t *data, uint64_t data_size, hs_hsm_tensor *t) {
    if (memchr(e + TEN_NAME, 0, HS_HSM_NAME_CAP) == NULL || e[TEN_NAME] == 0) return HS_ERR_MODEL_FORMAT;
    t->name = (const char *)(e + TEN_NAME);
    uint32_t dtype = hs_rd32(e + TEN_DTYPE), rank = hs_rd32(e + TEN_RANK);
    size_t esize = hs_dtype_size((hs_dtype)dtype);
    if (esize == 0 || rank > HS_HSM_MAX_RANK) return HS_ERR_MODEL_FORMAT;
    t->dtype = (hs_dtype)dtype;
    t->rank = (int)rank;
    uint64_t count = 1;
    for (uint32_t d = 0; d < HS_HSM_MAX_RANK; d++) {
        uint32_t v = hs_rd32(e + TEN_DIMS + 4 * d);
        if (d >= rank) {
            if (v != 0) return HS_ERR_MODEL_FORMAT;
            t->dims[d] = 0;
            continue;
        }
        if (v == 0 || count > data_size / v) return HS_ERR_MODEL_FORMAT; /* empty, or bigger than the file */
        count *= v;
        t->dims[d] = v;
    }
    uint64_t off = hs_rd64(e + TEN_OFFSET), nbytes = hs_rd64(e + TEN_NBYTES);
    if (count > data_size / esize || nbytes != count * esize) return HS_ERR_MODEL_FORMAT;
    if (off % HS_HSM_ALIGN != 0 || off > data_size || nbytes > data_size - off) return HS_ERR_MODEL_FORMAT;
    t->count = (size_t)count;
    t->nbytes = (size_t)nbytes;
    t->data = data + off;
    return HS_OK;
}

static hs_status parse_body(const uint8_t *b, size_t len, hs_hsm *h) {
    uint64_t n_meta = hs_rd32(b + HDR_N_META), n_tensors = hs_rd32(b + HDR_N_TENSORS);
    uint64_t meta_off = hs_rd64(b + HDR_META_OFFSET), table_off = hs_rd64(b + HDR_TABLE_OFFSET);
    uint64_t data_off = hs_rd64(b + HDR_DATA_OFFSET);
    if (n_meta > HS_HSM_MAX_ENTRIES || n_tensors > HS_HSM_MAX_ENTRIES) return HS_ERR_MODEL_FORMAT;
    if (meta_off < HDR_SIZE || table_off < meta_off || data_off < table_off || data_off > (uint64_t)len ||
        data_off % HS_HSM_ALIGN != 0 || n_tensors * TEN_SIZE > data_off - table_off)
        return HS_ERR_MODEL_FORMAT;
    h->n_meta = (size_t)n_meta;
    h->n_tensors = (size_t)n_tensors;
    h->meta = calloc(n_meta ? n_meta : 1, sizeof *h->meta);
    h->tensors = calloc(n_tensors ? n_tensors : 1, sizeof *h->tensors);
    if (!h->meta || !h->tensors) return HS_ERR_NOMEM;
    hs_status st = parse_meta(b, meta_off, table_off, h);
    if (st != HS_OK) return st;
    for (size_t i = 0; i < h->n_tensors; i++) {
        st = parse_tensor(b + table_off + i * TEN_SIZE, b + data_off, (uint64_t)len - data_off, &h->tensors[i]);
        if (st != HS_OK) return st;
        for (size_t j = 0; j < i; j++)
            if (strcmp(h->tensors[j].name, h->tensors[i].name) == 0) return HS_ERR_MODEL_FORMAT;
    }
    return HS_OK;
}

hs_status hs_hsm_parse(const uint8_t *bytes, size_t len, unsigned flags, hs_hsm *out) {
    if (!out) return HS_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (!bytes && len) return HS_ERR_ARG;
    hs_status st = check_envelope(bytes, len, flags);
    if (st != HS_OK) return st;
    out->version_major = hs_rd32(bytes + HDR_VERSION_MAJOR);
    out->version_minor = hs_rd32(bytes + HDR_VERSION_MINOR);
    st = parse_body(bytes, len, out);
    if (st != HS_OK) hs_hsm_free(out);
    return st;
}

const char *hs_hsm_meta_get(const hs_hsm *h, const char *key) {
    if (!h || !key) return NULL;
    for (size_t i = 0; i < h->n_meta; i++)
        if (strcmp(h->meta[i].key, key) == 0) return h->meta[i].value;
    return NULL;
}

hs_status hs_hsm_meta_int(const hs_hsm *h, const char *key, int *out) {
    const char *v = hs_hsm_meta_get(h, key);
    if (!v || !*v) return HS_ERR_MODEL_FORMAT;
    char *end;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (*end || errno || x < -2147483647LL - 1 || x > 2147483647LL) return HS_ERR_MODEL_FORMAT;
    *out = (int)x;
    return HS_OK;
}

hs_status hs_hsm_meta_float(const hs_hsm *h, const char *key, float *out) {
    const char *v = hs_hsm_meta_get(h, key);
    if (!v || !*v) return HS_ERR_MODEL_FORMAT;
    char *end;
    float x = strtof(v, &end);
    if (*end || !isfinite(x)) return HS_ERR_MODEL_FORMAT;
    *out = x;
    return HS_OK;
}

const hs_hsm_tensor *hs_hsm_find(const hs_hsm *h, const char *name) {
    if (!h || !name) return NULL;
    for (size_t i = 0; i < h->n_tensors; i++)
        if (strcmp(h->tensors[i].name, name) == 0) return &h->tensors[i];
    return NULL;
}

hs_status hs_hsm_tensor_f32(const hs_hsm *h, const char *name, int rank, const size_t *dims, float *dst) {
    const hs_hsm_tensor *t = hs_hsm_find(h, name);
    if (!t || t->dtype != HS_DT_F32 || t->rank != rank) return HS_ERR_MODEL_FORMAT;
    for (int d = 0; d < rank; d++)
        if (t->dims[d] != dims[d]) return HS_ERR_MODEL_FORMAT;
    memcpy(dst, t->data, t->nbytes); /* little-endian host assumed (x86, ARM, wasm) */
    return HS_OK;
}

hs_status hs_hsm_read_memory(const uint8_t *bytes, size_t len, hs_status (*read)(const hs_hsm *h, void *out), void *out) {
    hs_hsm h;
    hs_status st = hs_hsm_parse(bytes, len, 0, &h);
    if (st != HS_OK) return st;
    st = read(&h, out);
    hs_hsm_free(&h);
    return st;
}
