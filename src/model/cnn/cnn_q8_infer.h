/* Record-level inference with the int8 CNN: the same front end, normalisation and window placement as the
 * float path (src/model/cnn_infer.h, windowing.h), with windows scored in batches by XNNPACK
 * (src/nn/xnn_runtime.c) or, when XNNPACK is not built in, by the plain-C int8 reference (src/nn/qnet.c).
 * Everything (mel plan, XNNPACK operators with packed weights, buffers) is created once per runtime and
 * grown only for longer recordings: no allocation per window. */
#ifndef HS_MODEL_CNN_Q8_INFER_H
#define HS_MODEL_CNN_Q8_INFER_H

#include "model/cnn/cnn_q8_io.h"

typedef struct hs_cnn_q8_runtime hs_cnn_q8_runtime;

enum { HS_Q8_AUTO = 0, HS_Q8_REFERENCE = 1 }; /* backend: XNNPACK when available / always plain C */

/* Borrows m, which must outlive the runtime. NULL + *st on error. */
hs_cnn_q8_runtime *hs_cnn_q8_runtime_create(const hs_cnn_q8_model *m, int backend, hs_status *st);
void hs_cnn_q8_runtime_destroy(hs_cnn_q8_runtime *rt);
const char *hs_cnn_q8_runtime_backend(const hs_cnn_q8_runtime *rt); /* "xnnpack" or "reference" */

/* Windows of an already normalised log-mel (frames, n_mels) -> per-window p and the record verdict
 * (contract of hs_cnn_score_features). Caller frees out with hs_result_free. */
hs_status hs_cnn_q8_score_features(hs_cnn_q8_runtime *rt, const float *logmel, size_t frames, hs_result *out);
/* Front end only: preprocess -> log-mel -> normalise. *logmel (frames, n_mels) is borrowed from the runtime,
 * valid until its next call. */
hs_status hs_cnn_q8_runtime_logmel(hs_cnn_q8_runtime *rt, const hs_audio *audio, const float **logmel,
                                   size_t *frames);
/* Full record path: preprocess -> log-mel -> normalise -> windows -> int8 net -> mean p. */
hs_status hs_cnn_q8_runtime_classify(hs_cnn_q8_runtime *rt, const hs_audio *audio, hs_result *out);

#endif
