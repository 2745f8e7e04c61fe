/* Heads on YAMNet embeddings: fit (class-weighted BCE, AdamW, on the trainer's hs_net layers), evaluate under
 * CV / LOSO with record-level metrics, write reports and the final model. */
#ifndef HS_TRAIN_YAMNET_HEAD_FIT_H
#define HS_TRAIN_YAMNET_HEAD_FIT_H
#include "dataset.h"
#include "yamnet_cache.h"
#include "yamnet_train.h"

/* Exit status (0 ok). */
int hs_yamnet_heads_run(const hs_yamnet_train_opts *o, const hs_dataset *d, const hs_yamnet_cache *c);
#endif
