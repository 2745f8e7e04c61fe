/* heartsound train-yamnet: heads on cached YAMNet embeddings (yamnet_cache.h), evaluated with the CNN's two
 * protocols (stratified K-fold CV and leave-one-subset-out, record-level metrics: a record's p is the mean of
 * its patches' p), then the chosen head trained on all records and written as a "yamnet-head" model. */
#ifndef HS_TRAIN_YAMNET_TRAIN_H
#define HS_TRAIN_YAMNET_TRAIN_H
#include <stddef.h>
#include <stdint.h>

typedef struct hs_yamnet_train_opts {
    const char *const *dirs;
    int ndirs;
    const uint8_t *backbone; /* the YAMNet backbone, a converted .hsm in memory (borrowed) */
    size_t backbone_len;
    const char *cache;      /* embedding cache file (NULL: none) */
    const char *report_dir; /* JSON + SVG reports */
    const char *out;        /* head model to write (NULL: none) */
    const char *head;       /* "lr", "mlp" or "best" (CV picks by pooled MAcc) */
    int stride, max_patches, folds, epochs, hidden, cache_only, whiten;
    float lr, dropout, wd;
    uint64_t seed;
} hs_yamnet_train_opts;

hs_yamnet_train_opts hs_yamnet_train_defaults(void);
/* Returns a process exit status (0 ok, 2 bad input); progress and figures on stderr, summary JSON on stdout. */
int hs_yamnet_train_run(const hs_yamnet_train_opts *o);
#endif
