/* The trainer's data pipeline, run ONCE per recording and kept in memory:
 * WAV -> hs_preprocess -> hs_melspec -> hs_logmel_normalize (the model's norm mode).
 * 16 h of audio at 50 frames/s x 32 mels is ~370 MB of floats. */
#ifndef HS_TRAIN_FEATURE_CACHE_H
#define HS_TRAIN_FEATURE_CACHE_H
#include "heartsound.h"
#include "dataset.h"

typedef struct hs_feature_cache {
    int n;            /* records (same order as the dataset) */
    int mels;
    float **x;        /* x[i]: (frames[i], mels), normalised */
    size_t *frames;
} hs_feature_cache;

/* Parallel over records (OpenMP); deterministic. On error names the failing file on stderr. */
hs_status hs_feature_cache_build(const hs_dataset *d, const hs_preproc_params *pp, const hs_melspec_params *mp,
                                 int norm_mode, hs_feature_cache *out);
void hs_feature_cache_free(hs_feature_cache *c);
#endif
