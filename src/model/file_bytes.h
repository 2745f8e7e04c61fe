/* Whole-file reading for model files (bounded: a model is never larger than HS_MODEL_FILE_MAX). */
#ifndef HS_MODEL_FILE_BYTES_H
#define HS_MODEL_FILE_BYTES_H

#include "heartsound.h"

#define HS_MODEL_FILE_MAX ((size_t)1 << 30)

/* *bytes malloc'd (caller frees with free()). HS_ERR_IO if unreadable, HS_ERR_MODEL_FORMAT if larger
 * than HS_MODEL_FILE_MAX (not a model: refuse before allocating). */
hs_status hs_read_file_bytes(const char *path, uint8_t **bytes, size_t *len);

/* Reads path and hands its bytes to load(bytes, len, out), then frees them: every model kind's load_file. */
hs_status hs_load_file(const char *path, hs_status (*load)(const uint8_t *bytes, size_t len, void *out), void *out);

#endif
