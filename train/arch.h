/* The CNN architecture the trainer builds (only layers the int8/XNNPACK path supports; BN folds).
 * Per block: conv 3x3 (same padding) -> batch norm -> ReLU -> max pool 2x2; then global average
 * pooling -> dropout -> dense 1 -> sigmoid. 3.2 M MACs per 200 x 32 window with 16/32/32/32 channels
 * and a first stride of 2 x 2 (1.7 M with 8/16/16/16 and 2 x 1, the first shipped model). */
#ifndef HS_TRAIN_ARCH_H
#define HS_TRAIN_ARCH_H
#include "nn/net.h"

/* Allocates net->layers and the parameters (zeroed; initialise with hs_net_init_he). 0 or -1.
 * stride0: time stride of the first conv (2 halves the cost of every later layer; 40 ms steps still
 * resolve S1 / S2, which last ~100 ms); stride0w: its mel stride (2 halves the cost again, so the
 * later layers can be wider for the same MACs). */
int hs_arch_build(hs_net *net, int frames, int mels, const int *channels, int nblocks, int stride0, int stride0w,
                  float dropout);
/* Multiply-accumulates of one forward pass of one window. */
double hs_net_macs(const hs_net *net);
#endif
