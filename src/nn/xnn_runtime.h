/* The int8 CNN (src/nn/qnet.h) on XNNPACK: operators created and weights packed once per classifier,
 * buffers allocated once for up to max_batch windows; each run only reshapes (when the batch size changes),
 * sets up pointers and runs. Gives the same int8 activations as the plain-C reference (hs_qop_forward_ref).
 * Built only with HS_XNNPACK (HS_HAVE_XNNPACK); otherwise create fails with HS_ERR_UNSUPPORTED. */
#ifndef HS_NN_XNN_RUNTIME_H
#define HS_NN_XNN_RUNTIME_H

#include "heartsound.h"
#include "qnet.h"

typedef struct hs_xnn_runtime hs_xnn_runtime;

int hs_xnn_available(void); /* 1 if this binary has XNNPACK and it initialises on this CPU */

/* Borrows q (its head is used at every run; its conv weights are packed here and not read again).
 * Returns NULL and sets *st (HS_ERR_UNSUPPORTED, HS_ERR_BACKEND, HS_ERR_NOMEM, HS_ERR_ARG). */
hs_xnn_runtime *hs_xnn_runtime_create(const hs_qnet *q, int max_batch, hs_status *st);
void hs_xnn_runtime_destroy(hs_xnn_runtime *rt); /* NULL-safe */
int hs_xnn_runtime_max_batch(const hs_xnn_runtime *rt);

/* x (N, in_h, in_w, in_c) float windows, 1 <= N <= max_batch -> p (N) = P(abnormal). */
hs_status hs_xnn_runtime_run(hs_xnn_runtime *rt, const float *x, int N, float *p);
/* The same on inputs already quantised with q->input: x[n] points at window n's (in_h, in_w, in_c) int8
 * values, anywhere in memory (e.g. inside one quantised log-mel of a whole recording: overlapping windows
 * are then quantised once, not once per window). 1 <= N <= max_batch. */
hs_status hs_xnn_runtime_run_q8(hs_xnn_runtime *rt, const int8_t *const *x, int N, float *p);
/* The same on N windows that are rows of one int8 buffer, hop_frames rows apart: window n is the
 * (in_h, in_w, in_c) block at base + n * hop_frames * in_w * in_c (e.g. consecutive windows of a recording's
 * quantised log-mel). When the windows overlap and hop_frames is a multiple of the first conv's row stride,
 * the first conv runs once over their union (same integer results); otherwise as hs_xnn_runtime_run_q8. */
hs_status hs_xnn_runtime_run_q8_strided(hs_xnn_runtime *rt, const int8_t *base, int hop_frames, int N, float *p);
/* The int8 trunk output (N, trunk out) of the last run: for tests against the reference. Borrowed. */
const int8_t *hs_xnn_runtime_trunk_output(const hs_xnn_runtime *rt);

#endif
