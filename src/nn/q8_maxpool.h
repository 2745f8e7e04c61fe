/* s8 max-pool (NHWC, no padding) of one sample as our own loop instead of an XNNPACK operator: the pools
 * of the CNN are small and XNNPACK's generic kernel walks an indirection buffer per output pixel and costs
 * an operator dispatch each. The max is exact, so the result is the reference's (hs_qop_forward_ref). */
#ifndef HS_NN_Q8_MAXPOOL_H
#define HS_NN_Q8_MAXPOOL_H

#include <stddef.h>
#include <stdint.h>
#include "qnet.h"

/* op: a HS_QOP_MAXPOOL; in (in_h, in_w, in_c) -> out (out_h, out_w, out_c == in_c), output rows out_pitch
 * bytes apart (0: packed, out_w * out_c; more: e.g. the interior of the next conv's padded image). */
void hs_q8_maxpool_run(const hs_qop *op, const int8_t *in, int8_t *out, size_t out_pitch);

#endif
