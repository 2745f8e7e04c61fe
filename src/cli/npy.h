/* Minimal NumPy .npy (format 1.0) writer for float32 arrays, C order. */
#ifndef HS_NPY_H
#define HS_NPY_H
#include <stddef.h>
#include "heartsound.h"

/* Writes data (product of shape[0..ndim) floats, row-major) to path as '<f4'. ndim is 1 or 2.
 * HS_ERR_IO if the file cannot be written, HS_ERR_ARG for bad arguments. */
hs_status npy_write_f32(const char *path, const float *data, const size_t *shape, int ndim);
#endif
