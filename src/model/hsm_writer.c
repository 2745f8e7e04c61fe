/* .hsm writer: collects metadata and tensors in memory, then lays them out (header, metadata, tensor table,
 * 64-byte-aligned data) and seals the file with its CRC-32. Layout constants: hsm_layout.h. */
#include "model/hsm.h"
#include "common/byte_order.h"
#include "model/hsm_layout.h"
#include "model/crc32.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct w_meta { char *key, *value; } w_meta;
typedef struct w_tensor {
    char name[HS_HSM_NAME_CAP];
    hs_dtype dtype;
    int rank;
    uint32_t dims[HS_HSM_MAX_RANK];
    size_t nbytes;
    void *data;
} w_tensor;

struct hs_hsm_writer {
    w_meta *meta;
    size_t n_meta, cap_meta;
    w_tensor *tensors;
    size_t n_tensors, cap_tensors;
};

hs_hsm_writer *hs_hsm_writer_create(void) { return calloc(1, sizeof(hs_hsm_writer)); }

void hs_hsm_writer_destroy(hs_hsm_writer *w) {
    if (!w) return;
    for (size_t i = 0; i < w->n_meta; i++) { free(w->meta[i].key); free(w->meta[i].value); }
    for (size_t i = 0; i < w->n_tensors; i++) free(w->tensors[i].data);
    free(w->meta);
    free(w->tensors);
    free(w);
}

static char *dup_string(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* Grow an array of elem-sized items to hold one more. */
static int grow(void **arr, size_t *cap, size_t n, size_t elem) {
    if (n < *cap) return 1;
    size_t nc = *cap ? *cap * 2 : 16;
    void *p = realloc(*arr, nc * elem);
    if (!p) return 0;
    *arr = p;
    *cap = nc;
    return 1;
}

hs_status hs_hsm_add_meta(hs_hsm_writer *w, const char *key, const char *value) {
    if (!w || !key || !value) return HS_ERR_ARG;
    size_t kl = strlen(key), vl = strlen(value);
    if (kl == 0 || kl > HS_HSM_MAX_KEY || vl > HS_HSM_MAX_VALUE || w->n_meta >= HS_HSM_MAX_ENTRIES)
        return HS_ERR_ARG;
    for (size_t i = 0; i < w->n_meta; i++)
        if (strcmp(w->meta[i].key, key) == 0) return HS_ERR_ARG;
    if (!grow((void **)&w->meta, &w->cap_meta, w->n_meta, sizeof *w->meta)) return HS_ERR_NOMEM;
    w_meta m = {dup_string(key), dup_string(value)};
    if (!m.key || !m.value) { free(m.key); free(m.value); return HS_ERR_NOMEM; }
    w->meta[w->n_meta++] = m;
    return HS_OK;
}

hs_status hs_hsm_add_metaf(hs_hsm_writer *w, const char *key, const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf) return HS_ERR_ARG; /* long values: use hs_hsm_add_meta */
    return hs_hsm_add_meta(w, key, buf);
}

hs_status hs_hsm_add_tensor(hs_hsm_writer *w, const char *name, hs_dtype dtype, int rank, const size_t *dims,
                            const void *data) {
    if (!w || !name || (rank > 0 && !dims) || !data) return HS_ERR_ARG;
    size_t esize = hs_dtype_size(dtype), nl = strlen(name);
    if (esize == 0 || rank < 0 || rank > HS_HSM_MAX_RANK || nl == 0 || nl >= HS_HSM_NAME_CAP ||
        w->n_tensors >= HS_HSM_MAX_ENTRIES)
        return HS_ERR_ARG;
    for (size_t i = 0; i < w->n_tensors; i++)
        if (strcmp(w->tensors[i].name, name) == 0) return HS_ERR_ARG;
    w_tensor t;
    memset(&t, 0, sizeof t);
    memcpy(t.name, name, nl);
    t.dtype = dtype;
    t.rank = rank;
    size_t count = 1;
    for (int d = 0; d < rank; d++) {
        if (dims[d] == 0 || dims[d] > 0x7FFFFFFFu || count > SIZE_MAX / esize / dims[d]) return HS_ERR_ARG;
        t.dims[d] = (uint32_t)dims[d];
        count *= dims[d];
    }
    t.nbytes = count * esize;
    if (!grow((void **)&w->tensors, &w->cap_tensors, w->n_tensors, sizeof *w->tensors)) return HS_ERR_NOMEM;
    t.data = malloc(t.nbytes);
    if (!t.data) return HS_ERR_NOMEM;
    memcpy(t.data, data, t.nbytes);
    w->tensors[w->n_tensors++] = t;
    return HS_OK;
}

static uint64_t align_up(uint64_t x, uint64_t a) { return (x + a - 1) / a * a; }

static uint8_t *put_string(uint8_t *p, const char *s) {
    size_t n = strlen(s);
    hs_wr32(p, (uint32_t)n);
    memcpy(p + 4, s, n + 1);
    return p + 4 + n + 1;
}

hs_status hs_hsm_writer_finish(const hs_hsm_writer *w, uint8_t **bytes, size_t *len) {
    if (!w || !bytes || !len) return HS_ERR_ARG;
    *bytes = NULL;
    *len = 0;
    uint64_t meta_size = 0;
    for (size_t i = 0; i < w->n_meta; i++) meta_size += 10 + strlen(w->meta[i].key) + strlen(w->meta[i].value);
    uint64_t meta_off = HDR_SIZE, table_off = align_up(meta_off + meta_size, 8);
    uint64_t data_off = align_up(table_off + (uint64_t)w->n_tensors * TEN_SIZE, HS_HSM_ALIGN);
    uint64_t size = data_off;
    for (size_t i = 0; i < w->n_tensors; i++) size = align_up(size, HS_HSM_ALIGN) + w->tensors[i].nbytes;
    if ((uint64_t)(size_t)size != size) return HS_ERR_NOMEM; /* wasm32: larger than the address space */
    uint8_t *b = calloc(1, (size_t)size); /* zeroed: padding bytes are deterministic */
    if (!b) return HS_ERR_NOMEM;

    memcpy(b + HDR_MAGIC, HSM_MAGIC, sizeof HSM_MAGIC);
    hs_wr32(b + HDR_VERSION_MAJOR, HS_HSM_VERSION_MAJOR);
    hs_wr32(b + HDR_VERSION_MINOR, HS_HSM_VERSION_MINOR);
    hs_wr64(b + HDR_FILE_SIZE, size);
    hs_wr32(b + HDR_N_META, (uint32_t)w->n_meta);
    hs_wr32(b + HDR_N_TENSORS, (uint32_t)w->n_tensors);
    hs_wr64(b + HDR_META_OFFSET, meta_off);
    hs_wr64(b + HDR_TABLE_OFFSET, table_off);
    hs_wr64(b + HDR_DATA_OFFSET, data_off);

    uint8_t *p = b + meta_off;
    for (size_t i = 0; i < w->n_meta; i++) {
        p = put_string(p, w->meta[i].key);
        p = put_string(p, w->meta[i].value);
    }
    uint64_t off = 0;
    for (size_t i = 0; i < w->n_tensors; i++) {
        const w_tensor *t = &w->tensors[i];
        uint8_t *e = b + table_off + i * TEN_SIZE;
        memcpy(e + TEN_NAME, t->name, HS_HSM_NAME_CAP);
        hs_wr32(e + TEN_DTYPE, (uint32_t)t->dtype);
        hs_wr32(e + TEN_RANK, (uint32_t)t->rank);
        for (int d = 0; d < HS_HSM_MAX_RANK; d++) hs_wr32(e + TEN_DIMS + 4 * d, t->dims[d]);
        off = align_up(off, HS_HSM_ALIGN);
        hs_wr64(e + TEN_OFFSET, off);
        hs_wr64(e + TEN_NBYTES, t->nbytes);
        memcpy(b + data_off + off, t->data, t->nbytes); /* little-endian host assumed */
        off += t->nbytes;
    }
    uint32_t crc = hs_crc32(0, b, HDR_CRC);
    crc = hs_crc32(crc, b + HDR_SIZE, (size_t)size - HDR_SIZE);
    hs_wr32(b + HDR_CRC, crc);
    *bytes = b;
    *len = (size_t)size;
    return HS_OK;
}

hs_status hs_hsm_writer_save(const hs_hsm_writer *w, const char *path) {
    if (!w || !path) return HS_ERR_ARG;
    uint8_t *b;
    size_t n;
    hs_status st = hs_hsm_writer_finish(w, &b, &n);
    if (st != HS_OK) return st;
    /* Write to a temporary name and rename, so a crash never leaves a half-written model in place. */
    size_t pl = strlen(path);
    char *tmp = malloc(pl + 5);
    if (!tmp) { free(b); return HS_ERR_NOMEM; }
    memcpy(tmp, path, pl);
    memcpy(tmp + pl, ".tmp", 5);
    FILE *f = fopen(tmp, "wb");
    int ok = f && fwrite(b, 1, n, f) == n;
    if (f && fclose(f) != 0) ok = 0;
    if (ok && rename(tmp, path) != 0) ok = 0;
    if (!ok) remove(tmp);
    free(tmp);
    free(b);
    return ok ? HS_OK : HS_ERR_IO;
}

hs_status hs_hsm_write_model(hs_status (*write)(const void *model, hs_hsm_writer *w), const void *model,
                             const char *path, uint8_t **bytes, size_t *len) {
    if (!model || (!path && (!bytes || !len))) return HS_ERR_ARG;
    hs_hsm_writer *w = hs_hsm_writer_create();
    if (!w) return HS_ERR_NOMEM;
    hs_status st = write(model, w);
    if (st == HS_OK) st = path ? hs_hsm_writer_save(w, path) : hs_hsm_writer_finish(w, bytes, len);
    hs_hsm_writer_destroy(w);
    return st;
}
