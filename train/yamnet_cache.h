/* YAMNet embedding cache: every recording through hs_yamnet_embed_audio once (the slow part: ~69 M MACs per
 * patch), stored on disk (an .hsm container under build/cache/) so the heads train in seconds.
 * The cache key names the backbone bytes (CRC-32), the patch selection and the input level: a cache made
 * with anything else is rebuilt, never silently reused. */
#ifndef HS_TRAIN_YAMNET_CACHE_H
#define HS_TRAIN_YAMNET_CACHE_H
#include "dataset.h"
#include "model/yamnet/yamnet_embed.h"

typedef struct hs_yamnet_cache {
    int n;          /* records, dataset order */
    size_t *count;  /* patches of record i */
    float **emb;    /* emb[i]: (count[i], 1024) */
    char key[160];
} hs_yamnet_cache;

/* Load `path` if its key and records match; else build (parallel over records with OpenMP, one backbone per
 * thread) from backbone .hsm bytes and save it to path (path NULL: no file). stride / max_patches as in
 * hs_yamnet_embed_audio. On error names the failing file on stderr. */
hs_status hs_yamnet_cache_get(const hs_dataset *d, const uint8_t *backbone, size_t len, int stride,
                              int max_patches, int whiten, const char *path, hs_yamnet_cache *out);
void hs_yamnet_cache_free(hs_yamnet_cache *c);
#endif
