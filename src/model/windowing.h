/* Log-mel normalisation and inference-window placement: defined once here and used by both the trainer
 * (train/) and every inference backend, so training and classification see identical inputs.
 *
 * Layout: log-mel matrices are row-major (frames, mels), frame-major, as hs_melspec_compute writes them.
 */
#ifndef HS_MODEL_WINDOWING_H
#define HS_MODEL_WINDOWING_H

#include <stddef.h>

/* Normalisation modes (stored in the model file as "cnn.norm_mode"). */
enum { HS_NORM_NONE = 0, HS_NORM_RECORDING = 1 };

/* HS_NORM_RECORDING: per mel band subtract its mean over all frames of the recording, then divide everything by
 * the recording's overall standard deviation after that (floor 1e-3). In place on (frames, mels).
 * Removes the stethoscope's fixed spectral colouring (a per-band offset in dB) and the recording gain.
 * HS_NORM_NONE or unknown modes leave x unchanged; frames == 0 is a no-op. */
void hs_logmel_normalize(float *x, size_t frames, int mels, int mode);

/* Window start frames for a recording: 0, hop, 2*hop, ... while start+window <= frames, plus one window aligned
 * to the end if frames are left over; a recording shorter than one window gives one window at 0, zero-padded.
 * Writes at most max starts; returns how many there are (call with starts NULL / max 0 to count).
 * window <= 0 or hop <= 0 returns 0. frames == 0 gives one (all-padding) window at 0. */
size_t hs_window_starts(size_t frames, int window, int hop, size_t *starts, size_t max);

/* Copy window [start, start+window) of (frames, mels) into dst (window, mels), zero-padding past the end. */
void hs_window_copy(const float *x, size_t frames, int mels, size_t start, int window, float *dst);

#endif
