/* Plain-C float inference of the CNN: per-window scoring of a log-mel and the full record path
 * audio -> hs_preprocess -> hs_melspec -> hs_logmel_normalize -> windows -> net -> mean p.
 * Shared by hs_classify (src/heartsound.c) and the trainer's evaluation, so both score identically.
 */
#ifndef HS_MODEL_CNN_INFER_H
#define HS_MODEL_CNN_INFER_H

#include "model/cnn/cnn_io.h"

/* Windows of an ALREADY NORMALISED log-mel (frames, n_mels) -- i.e. after
 * hs_logmel_normalize(logmel, frames, n_mels, m->norm_mode) -- placed by hs_window_starts(frames,
 * m->window_frames, m->hop_frames) -> per-window p via the float net (inference mode: batch norm with running
 * statistics, dropout identity) -> out->p_abnormal = mean of window p, abnormal = p >= m->threshold.
 * Window times: t0 = start * hop_length / sample_rate of m->melspec; t1 = t0 + window duration, clipped to
 * frames * hop_length / sample_rate. Caller frees out with hs_result_free. */
hs_status hs_cnn_score_features(const hs_cnn_model *m, const float *logmel, size_t frames, hs_result *out);

/* Forward pass of one window x (in_h, in_w, in_c) -> P(abnormal), on the nn layers (src/nn/layers.h).
 * scratch holds hs_cnn_scratch_floats(net) floats (activations + conv scratch). No allocation. */
float hs_cnn_forward(const hs_net *net, const float *x, float *scratch);
size_t hs_cnn_scratch_floats(const hs_net *net);

/* Record-level runtime: the mel plan and all scratch buffers allocated once, grown for longer recordings,
 * reused across calls (no per-window allocation). Borrows m, which must outlive it. */
typedef struct hs_cnn_runtime hs_cnn_runtime;
hs_cnn_runtime *hs_cnn_runtime_create(const hs_cnn_model *m, hs_status *st);
void hs_cnn_runtime_destroy(hs_cnn_runtime *rt);
/* Full record path. Window times are in seconds of the original recording (t1 clipped to its length).
 * HS_ERR_SILENT comes through from hs_preprocess. Caller frees out with hs_result_free. */
hs_status hs_cnn_runtime_classify(hs_cnn_runtime *rt, const hs_audio *audio, hs_result *out);

#endif
