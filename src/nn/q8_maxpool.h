/* s8 max-pool (NHWC, no padding) of one sample as our own loop instead of an XNNPACK operator: the pools
 * of the CNN are small and XNNPACK's generic kernel walks an indirection buffer per output pixel and costs
 * an operator dispatch each. The max is exact, so the result is the reference's (hs_qop_forward_ref). */
#ifndef HS_NN_Q8_MAXPOOL_H
#define HS_NN_Q8_MAXPOOL_H

#include <stdint.h>
#include "qnet.h"

/* op: a HS_QOP_MAXPOOL; in (in_h, in_w, in_c) -> out (out_h, out_w, out_c == in_c). */
void hs_q8_maxpool_run(const hs_qop *op, const int8_t *in, int8_t *out);

#endif
