/* .hsm: the generic model container -- key/value metadata strings plus typed, named tensors, CRC32-checked.
 * Knows nothing about networks: cnn_io.c (float CNN), an int8 variant and the YAMNet converter build on it.
 * Byte layout, limits and versioning policy: docs/MODEL_FORMAT.md.
 *
 * Reading parses in place: an hs_hsm borrows the byte buffer (names, values and tensor data point into it),
 * so the buffer must outlive it. Every offset, size and count is bounds-checked against the buffer.
 */
#ifndef HS_MODEL_HSM_H
#define HS_MODEL_HSM_H

#include "heartsound.h"

#define HS_HSM_VERSION_MAJOR 1   /* readers refuse another major (HS_ERR_MODEL_VERSION) */
#define HS_HSM_VERSION_MINOR 0   /* additive changes only; readers accept any minor */
#define HS_HSM_HEADER_SIZE 64
#define HS_HSM_ALIGN 64          /* tensor data offsets are multiples of this (SIMD loads, mmap) */
#define HS_HSM_MAX_RANK 4
#define HS_HSM_NAME_CAP 64       /* tensor name field incl. NUL: names are 1..63 bytes */
#define HS_HSM_MAX_ENTRIES 4096  /* metadata entries and tensors, each */
#define HS_HSM_MAX_KEY 255
#define HS_HSM_MAX_VALUE (1u << 20)

typedef enum hs_dtype { HS_DT_F32 = 1, HS_DT_I8 = 2, HS_DT_I32 = 3, HS_DT_U8 = 4 } hs_dtype;
size_t hs_dtype_size(hs_dtype t);    /* bytes per element; 0 for an unknown type */
const char *hs_dtype_name(hs_dtype t); /* "f32", "i8", "i32", "u8", "?" */

/* ---- reading */

typedef struct hs_hsm_meta { const char *key, *value; } hs_hsm_meta; /* NUL-terminated, borrowed */

typedef struct hs_hsm_tensor {
    const char *name;               /* NUL-terminated, borrowed */
    hs_dtype dtype;
    int rank;                       /* 0..4 (0 = scalar) */
    size_t dims[HS_HSM_MAX_RANK];   /* unused dims are 0 */
    size_t count;                   /* elements (product of dims; 1 for a scalar) */
    size_t nbytes;
    const uint8_t *data;            /* borrowed; aligned only as well as the caller's buffer: memcpy out */
} hs_hsm_tensor;

typedef struct hs_hsm {
    unsigned version_major, version_minor;
    size_t n_meta, n_tensors;
    hs_hsm_meta *meta;              /* owned arrays (free with hs_hsm_free); contents borrowed */
    hs_hsm_tensor *tensors;
} hs_hsm;

/* Parse flags. HS_HSM_NO_CRC is for the fuzzer only (so it can reach the structural checks). */
enum { HS_HSM_NO_CRC = 1 };

/* Errors: HS_ERR_MODEL_FORMAT (no magic / malformed), HS_ERR_MODEL_TRUNCATED (shorter than its header says),
 * HS_ERR_MODEL_CHECKSUM, HS_ERR_MODEL_VERSION, HS_ERR_ARG, HS_ERR_NOMEM. On error *out is zeroed. */
hs_status hs_hsm_parse(const uint8_t *bytes, size_t len, unsigned flags, hs_hsm *out);
void hs_hsm_free(hs_hsm *h); /* frees the arrays, not the borrowed buffer; NULL-safe */
/* Parses bytes, hands the container to read(h, out), then frees it: every model kind's load_memory. */
hs_status hs_hsm_read_memory(const uint8_t *bytes, size_t len, hs_status (*read)(const hs_hsm *h, void *out), void *out);

const char *hs_hsm_meta_get(const hs_hsm *h, const char *key);     /* NULL if absent */
/* Typed metadata: HS_ERR_MODEL_FORMAT if the key is absent or its value is not a complete number
 * (int: decimal within int range; float: finite). */
hs_status hs_hsm_meta_int(const hs_hsm *h, const char *key, int *out);
hs_status hs_hsm_meta_float(const hs_hsm *h, const char *key, float *out);
const hs_hsm_tensor *hs_hsm_find(const hs_hsm *h, const char *name); /* NULL if absent */

/* Copy an f32 tensor out, checking its exact shape (rank and dims; HS_ERR_MODEL_FORMAT on mismatch). */
hs_status hs_hsm_tensor_f32(const hs_hsm *h, const char *name, int rank, const size_t *dims, float *dst);

/* ---- writing: build in memory, then serialise */

typedef struct hs_hsm_writer hs_hsm_writer;
hs_hsm_writer *hs_hsm_writer_create(void);  /* NULL on NOMEM */
void hs_hsm_writer_destroy(hs_hsm_writer *w);
/* Metadata: key 1..255 bytes, value <= 1 MiB, no NUL inside; duplicate keys -> HS_ERR_ARG. */
hs_status hs_hsm_add_meta(hs_hsm_writer *w, const char *key, const char *value);
hs_status hs_hsm_add_metaf(hs_hsm_writer *w, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Tensor: data (count * dtype size bytes, little-endian) is copied. Duplicate names -> HS_ERR_ARG. */
hs_status hs_hsm_add_tensor(hs_hsm_writer *w, const char *name, hs_dtype dtype, int rank, const size_t *dims,
                            const void *data);
/* Serialise: *bytes malloc'd (caller frees with free()). The writer stays usable. */
hs_status hs_hsm_writer_finish(const hs_hsm_writer *w, uint8_t **bytes, size_t *len);
hs_status hs_hsm_writer_save(const hs_hsm_writer *w, const char *path);
/* write(model, w) into a new writer, then into *bytes (malloc'd; path NULL) or the file at path (bytes NULL):
 * every model kind's save_memory / save. */
hs_status hs_hsm_write_model(hs_status (*write)(const void *model, hs_hsm_writer *w), const void *model,
                             const char *path, uint8_t **bytes, size_t *len);

#endif
