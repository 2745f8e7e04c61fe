#include "model/file_bytes.h"

#include <stdio.h>
#include <stdlib.h>

hs_status hs_read_file_bytes(const char *path, uint8_t **bytes, size_t *len) {
    if (!path || !bytes || !len) return HS_ERR_ARG;
    *bytes = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return HS_ERR_IO;
    hs_status st = HS_OK;
    long n = -1;
    if (fseek(f, 0, SEEK_END) == 0) n = ftell(f);
    if (n < 0 || fseek(f, 0, SEEK_SET) != 0) st = HS_ERR_IO; /* a pipe or directory */
    else if ((unsigned long)n > HS_MODEL_FILE_MAX) st = HS_ERR_MODEL_FORMAT;
    uint8_t *b = NULL;
    if (st == HS_OK && !(b = malloc(n ? (size_t)n : 1))) st = HS_ERR_NOMEM;
    if (st == HS_OK && fread(b, 1, (size_t)n, f) != (size_t)n) st = HS_ERR_IO;
    fclose(f);
    if (st != HS_OK) { free(b); return st; }
    *bytes = b;
    *len = (size_t)n;
    return HS_OK;
}

hs_status hs_load_file(const char *path, hs_status (*load)(const uint8_t *bytes, size_t len, void *out), void *out) {
    uint8_t *b;
    size_t n;
    hs_status st = hs_read_file_bytes(path, &b, &n);
    if (st != HS_OK) return st;
    st = load(b, n, out);
    free(b);
    return st;
}
