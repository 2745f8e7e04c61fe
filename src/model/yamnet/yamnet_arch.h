/* YAMNet's architecture (Google, Apache-2.0; tensorflow/models research/audioset/yamnet): MobileNet-v1 on
 * 96x64 log-mel patches -> 1024-d embedding -> 521 AudioSet scores. The layer table every engine and the
 * converter build from, and how a converted .hsm names the backbone's tensors ("yamnet.lNN.w" ...). */
#ifndef HS_MODEL_YAMNET_ARCH_H
#define HS_MODEL_YAMNET_ARCH_H

#define HS_YAMNET_EMBED 1024
#define HS_YAMNET_CLASSES 521

/* The conv stack: kind 'c' = 3x3 conv, 'd' = 3x3 depthwise, 'p' = 1x1 pointwise; all 'same' padding + ReLU. */
#define HS_YAMNET_LAYERS 27
typedef struct hs_yamnet_layer_def { char kind; int stride, cout; } hs_yamnet_layer_def;
extern const hs_yamnet_layer_def hs_yamnet_arch[HS_YAMNET_LAYERS];

struct hs_hsm;
/* 1 if the container holds backbone tensors (a "yamnet" file, or a combined "yamnet-head" file). */
int hs_yamnet_present(const struct hs_hsm *h);

#endif
