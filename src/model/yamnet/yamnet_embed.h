/* PCG audio -> YAMNet embeddings, one per 0.96 s patch: the single path used by the trainer's embedding cache
 * (train/yamnet_cache.c) and the classifier backend (yamnet_head.c), so both see identical inputs.
 *   audio (any rate) -> 16 kHz (hs_resample) -> mean removed, RMS set to HS_YAMNET_LEVEL_RMS
 *   -> YAMNet log-mel patches (0.48 s hop) -> backbone -> 1024-d embedding per chosen patch. */
#ifndef HS_MODEL_YAMNET_EMBED_H
#define HS_MODEL_YAMNET_EMBED_H
#include "model/yamnet/yamnet.h"

/* PCG files have arbitrary gain; YAMNet was trained on waveforms in [-1, 1] at everyday levels. Unit-RMS
 * normalisation then x0.1 (-20 dBFS RMS) keeps peaks of heart sounds (crest factor ~5-8) inside [-1, 1]. */
#define HS_YAMNET_LEVEL_RMS 0.1f

typedef struct hs_yamnet_embedder hs_yamnet_embedder; /* mel plan + scratch; borrows the backbone */

hs_yamnet_embedder *hs_yamnet_embedder_create(hs_yamnet *backbone, hs_status *st);
/* Per-recording spectral whitening of the log-mel before the backbone (off by default): each mel band's mean
 * over the recording is replaced by the mean over all bands, removing the stethoscope's fixed spectral
 * colouring (which differs between PhysioNet subsets) while keeping the overall level YAMNet expects. */
void hs_yamnet_embedder_set_whiten(hs_yamnet_embedder *e, int on);
void hs_yamnet_embedder_destroy(hs_yamnet_embedder *e); /* NULL-safe */

/* Embeddings of the patches of a recording. stride >= 1 keeps every stride-th patch (2 = 0.96 s hop, no
 * overlap); max_patches > 0 then keeps at most that many, evenly spread over the recording. *emb (count x
 * 1024) and *start_s (count, seconds of each patch's start, may be NULL) are malloc'd; caller frees. */
hs_status hs_yamnet_embed_audio(hs_yamnet_embedder *e, const hs_audio *a, int stride, int max_patches,
                                float **emb, double **start_s, size_t *count);
#endif
