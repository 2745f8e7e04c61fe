/* .npy format 1.0: "\x93NUMPY", version 1 0, little-endian uint16 header length, then a Python dict
 * literal padded with spaces and ended by '\n' so that the data starts at a multiple of 64 bytes. */
#include <stdio.h>
#include <string.h>
#include "npy.h"

#define NPY_ALIGN 64

/* Little-endian bytes of a float regardless of the host's byte order. */
static void put_f32le(unsigned char *b, float v) {
    unsigned char raw[4];
    memcpy(raw, &v, 4);
    const unsigned int one = 1;
    int little = *(const unsigned char *)&one == 1;
    for (int i = 0; i < 4; i++) b[i] = raw[little ? i : 3 - i];
}

hs_status npy_write_f32(const char *path, const float *data, const size_t *shape, int ndim) {
    if (!path || !shape || ndim < 1 || ndim > 2) return HS_ERR_ARG;
    size_t count = shape[0] * (ndim == 2 ? shape[1] : 1);
    if (count && !data) return HS_ERR_ARG;

    char dict[192];
    int len = ndim == 1
        ? snprintf(dict, sizeof dict, "{'descr': '<f4', 'fortran_order': False, 'shape': (%zu,), }", shape[0])
        : snprintf(dict, sizeof dict, "{'descr': '<f4', 'fortran_order': False, 'shape': (%zu, %zu), }",
                   shape[0], shape[1]);
    if (len < 0 || (size_t)len >= sizeof dict - NPY_ALIGN) return HS_ERR_ARG;
    size_t header = 10 + (size_t)len + 1; /* magic+version+length, dict, '\n' */
    size_t padded = (header + NPY_ALIGN - 1) / NPY_ALIGN * NPY_ALIGN;
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0, 0};
    size_t hlen = padded - 10;
    pre[8] = (unsigned char)(hlen & 0xff);
    pre[9] = (unsigned char)(hlen >> 8);

    FILE *f = fopen(path, "wb");
    if (!f) return HS_ERR_IO;
    int ok = fwrite(pre, 1, 10, f) == 10 && fwrite(dict, 1, (size_t)len, f) == (size_t)len;
    for (size_t i = header; ok && i < padded; i++) ok = fputc(' ', f) != EOF;
    ok = ok && fputc('\n', f) != EOF;
    unsigned char buf[4096];
    for (size_t i = 0; ok && i < count;) {
        size_t m = 0;
        for (; m < sizeof buf / 4 && i < count; m++, i++) put_f32le(buf + 4 * m, data[i]);
        ok = fwrite(buf, 4, m, f) == m;
    }
    if (fclose(f) != 0) ok = 0;
    return ok ? HS_OK : HS_ERR_IO;
}
