/* The CNN architecture the trainer builds (only layers the int8/XNNPACK path supports; BN folds).
 * Per block: conv 3x3 (same padding) -> batch norm -> ReLU -> max pool 2x2; then global average
 * pooling -> dropout -> dense 1 -> sigmoid. ~5 M MACs per 200 x 32 window with 8/16/32/32 channels. */
#ifndef HS_TRAIN_ARCH_H
#define HS_TRAIN_ARCH_H
#include "nn/net.h"

/* Allocates net->layers and the parameters (zeroed; initialise with hs_net_init_he). 0 or -1. */
int hs_arch_build(hs_net *net, int frames, int mels, const int *channels, int nblocks, float dropout);
/* Multiply-accumulates of one forward pass of one window. */
double hs_net_macs(const hs_net *net);
#endif
